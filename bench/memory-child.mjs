// Child process of the memory benchmark (bench/run.mjs starts it; not for direct use).
// Usage: node bench/memory-child.mjs MODE SPEC.json
//   parse       reads the spec file and JSON-parses it, nothing else (the baseline)
//   parse+load  the same, and loads the package (the native addon) without calling it
//   generate    reads and parses the spec, then generateMigration(spec)
// Prints {"maxRssKb": …} from process.resourceUsage() at the end.
import fs from 'node:fs'
import { createRequire } from 'node:module'

const [mode, specPath] = process.argv.slice(2)
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'))
let ok = Array.isArray(spec.tables)
if (mode === 'parse+load' || mode === 'generate') {
  const { generateMigration } = createRequire(import.meta.url)('../index.js')
  if (mode === 'generate') {
    const result = generateMigration(spec)
    ok = ok && result.validation.valid && result.upMigration.length > 0
  }
} else if (mode !== 'parse') {
  throw new Error(`unknown mode ${mode}`)
}
process.stdout.write(JSON.stringify({ mode, ok, tables: spec.tables.length, maxRssKb: process.resourceUsage().maxRSS }) + '\n')
