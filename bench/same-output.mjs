// Proves that two builds give the same output: generates from the bench's specs (10, 100 and
// 1,000 tables), every example and fixture, and a 100-table spec full of errors, on every
// dialect, with a fixed `now`, and writes one JSON line per (spec, dialect) to a file. Run it
// with each package root and compare the files (`cmp`):
//   node bench/same-output.mjs /work/main /tmp/main.jsonl
//   node bench/same-output.mjs . /tmp/mine.jsonl && cmp /tmp/main.jsonl /tmp/mine.jsonl
// With --native SPEC_DIR, the same specs are also written to SPEC_DIR (one JSON file each,
// listed in order in SPEC_DIR/list.txt) and each line is the addon's native parts, as the
// instruction-count driver prints them with MG_DUMP set, so that a build of the driver can be
// compared with an addon without building the addon:
//   node bench/same-output.mjs /work/main /tmp/main.jsonl --native /tmp/specs
//   MG_DUMP=1 target/release/examples/instructions $(cat /tmp/specs/list.txt) > /tmp/mine.jsonl
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { makeSpec } from './specs.mjs'

const [root, outFile, flag, specDir] = process.argv.slice(2)
const native = flag === '--native'
if (!root || !outFile || (flag && !(native && specDir))) {
  throw new Error('usage: node bench/same-output.mjs PACKAGE_ROOT OUT_FILE [--native SPEC_DIR]')
}
const require = createRequire(import.meta.url)
const { generateMigration } = require(path.resolve(root, 'index.js'))
const nativeAddon = native ? require(path.resolve(root, 'native.js')) : null
const here = path.dirname(new URL(import.meta.url).pathname)
const NOW = '2026-01-02T03:04:05.000Z'
const DIALECTS = ['sqlite', 'postgresql', 'mysql']

/** A copy of `spec` with deterministic mistakes of many kinds, so that issues are compared too. */
function withErrors(spec) {
  const s = structuredClone(spec)
  s.tables.forEach((t, i) => {
    const k = i % 12
    if (k === 0) t.columns.push({ ...t.columns[1] })
    if (k === 1) t.columns[2].name = 'select'
    if (k === 2) t.checkConstraints.push({ name: `chk_bad_${i}`, expression: 'nosuch > 0 AND (' })
    if (k === 3) t.checkConstraints.push({ name: `chk_unk_${i}`, expression: 'nosuch_col > 1' })
    if (k === 4 && t.foreignKeys.length) t.foreignKeys[0].referencedTable = 'nowhere'
    if (k === 5) t.indexes.push({ name: `idx_dup_${i}`, columns: ['missing_col'] })
    if (k === 6) t.indexes.push({ name: 'idx_same_everywhere', columns: ['c1_varchar'] })
    if (k === 7) t.name = 'x'.repeat(70)
    if (k === 8) t.columns[1].default = 'abc'
    if (k === 9) t.indexes.push({ ...(t.indexes[0] ?? { name: 'i', columns: ['id'] }) })
    if (k === 10) t.columns[3].name = t.columns[3].name.toUpperCase()
    if (k === 11) t.checkConstraints.push({ name: `chk_fn_${i}`, expression: 'upper(c1_varchar) = c1_varchar' })
  })
  s.tables.push({ ...structuredClone(s.tables[0]) })
  return s
}

const inputs = []
for (const n of [10, 100, 1000]) inputs.push([`bench_${n}`, makeSpec(n)])
inputs.push(['errors_100', withErrors(makeSpec(100))])
for (const dir of [path.join(here, '../examples'), path.join(here, '../__test__/fixtures')]) {
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const j = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))
    inputs.push([f, j.spec ?? j])
  }
}
const out = fs.openSync(outFile, 'w')
const list = []
if (native) fs.mkdirSync(specDir, { recursive: true })
let count = 0
for (const [name, spec] of inputs) {
  for (const databaseType of DIALECTS) {
    if (native) {
      const file = path.resolve(specDir, `${String(count).padStart(3, '0')}_${databaseType}_${name}`)
      const text = JSON.stringify({ ...spec, databaseType, now: NOW })
      fs.writeFileSync(file, text)
      list.push(file)
      const p = nativeAddon.generateMigrationNative(text)
      const parts = [p.json, p.upMigration, p.downMigration, p.fileHead, p.fileMiddle, p.fileTail, p.typeDefinitions ?? null]
      fs.writeSync(out, JSON.stringify(parts) + '\n')
    } else {
      const r = generateMigration({ ...spec, databaseType, now: NOW })
      fs.writeSync(out, JSON.stringify({ name, databaseType, r }) + '\n')
    }
    count++
  }
}
fs.closeSync(out)
if (native) fs.writeFileSync(path.join(specDir, 'list.txt'), list.join('\n') + '\n')
console.log(`${count} results written to ${outFile}`)
