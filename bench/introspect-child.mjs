// Child process of the introspection benchmark (bench/run.mjs starts it; not for direct use).
// Usage: node --expose-gc bench/introspect-child.mjs DB_PATH TABLES WARMUP REPS [PACKAGE_DIR]
// Prints race's result (see introspect-measure.mjs) as JSON. A process of its own, as for the
// parallel measure: after the bench's 10,000-table runs, V8's grown heap keeps its collector's
// threads busy after every full GC, which slows every contender that runs then (measured:
// bench/RESULTS.md); run.mjs also reports the same measure taken in its own process.
import path from 'node:path'
import { createRequire } from 'node:module'
import { measureIntrospection } from './introspect-measure.mjs'

const [dbPath, tables, warmup, reps, packageDir] = process.argv.slice(2)
const api = createRequire(import.meta.url)(packageDir ? path.resolve(packageDir, 'index.js') : '../index.js')
const result = await measureIntrospection(api, dbPath, Number(tables), Number(warmup), Number(reps))
process.stdout.write(JSON.stringify(result) + '\n')
