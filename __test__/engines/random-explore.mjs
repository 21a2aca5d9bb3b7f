// Many seeds on one engine, for hunting: node __test__/engines/random-explore.mjs <pg|pglite|mysql> <from> <to>
// Prints each failure (seed, step, statement, error, spec) and writes them all as JSON (OUT=path).
import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { openPgServer, openPglite, openMysqlServer } from './connect.mjs'
import { runSeed, pgContext, mysqlContext, describeFailure } from './random-run.mjs'
const require = createRequire(import.meta.url)
const { generateMigration } = require(process.env.ADDON ?? '../../index.js')
const [which, from, to] = process.argv.slice(2)
const opened = which === 'pg' ? await openPgServer() : which === 'pglite' ? await openPglite() : await openMysqlServer()
if (opened.skip) { console.log('SKIP', opened.skip); process.exit(1) }
const ctx = which === 'mysql' ? mysqlContext(opened) : pgContext(opened.engine)
const t0 = Date.now(); let valid = 0, failed = 0; const out = []; const codes = {}
for (let s = +from; s <= +to; s++) {
  let r
  try { r = await runSeed(s, ctx, generateMigration) } catch (e) { r = { seed: s, valid: true, failure: { step: 'harness', error: e.stack, spec: null } } }
  if (!r.valid) { for (const e of r.errors) codes[e.code] = (codes[e.code] ?? 0) + 1; if (r.errors.some(e=>e.code==='GENERATED_SQL_REJECTED'||e.code==='INTERNAL_ERROR')) out.push({seed:s, invalid:r.errors}); continue }
  valid++
  if (r.failure) { failed++; out.push(r); console.log(describeFailure(ctx.label, r).slice(0, 1500)) }
}
console.log(`${ctx.label}: seeds ${from}-${to}, valid ${valid}, failed ${failed}, ${Date.now() - t0} ms`, codes)
writeFileSync(process.env.OUT ?? `random-${which}-${from}.json`, JSON.stringify(out, null, 1))
await opened.close()
