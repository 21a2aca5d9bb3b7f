// Child process of the memory benchmark (bench/run.mjs starts it; not for direct use).
// Usage: node bench/memory-child.mjs MODE SPEC.json [PACKAGE_DIR]   (default: the repository)
//   parse       reads the spec file and JSON-parses it, nothing else (the baseline)
//   parse+load  the same, and loads the package (the native addon) without calling it
//   generate    reads and parses the spec, then generateMigration(spec)
// Prints {"maxRssKb": …, "vmHwmKb": …} at the end (see below for the difference).
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const [mode, specPath, packageDir] = process.argv.slice(2)
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'))
let ok = Array.isArray(spec.tables)
if (mode === 'parse+load' || mode === 'generate') {
  const { generateMigration } = createRequire(import.meta.url)(packageDir ? path.resolve(packageDir, 'index.js') : '../index.js')
  if (mode === 'generate') {
    const result = generateMigration(spec)
    ok = ok && result.validation.valid && result.upMigration.length > 0
  }
} else if (mode !== 'parse') {
  throw new Error(`unknown mode ${mode}`)
}
// resourceUsage().maxRSS is Linux's ru_maxrss, which also counts the parent's resident set at
// the fork that started this process (the kernel keeps the larger of the pre-exec and
// post-exec peaks); VmHWM in /proc/self/status is the peak of this program alone. Both are
// printed; bench/run.mjs uses VmHWM where there is one.
let vmHwmKb = null
try {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))
  if (m) vmHwmKb = Number(m[1])
} catch {}
process.stdout.write(JSON.stringify({ mode, ok, tables: spec.tables.length, maxRssKb: process.resourceUsage().maxRSS, vmHwmKb }) + '\n')
