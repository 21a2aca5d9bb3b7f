// Child process of the parallel benchmark (bench/run.mjs starts it; not for direct use).
// Usage: node --expose-gc bench/parallel-child.mjs TABLES REPS SPECS [PACKAGE_DIR]
// Prints measureParallel's result as JSON (see parallel-measure.mjs). A process of its
// own, so that what the bench did before (10,000-table generations grow V8's heap, which slows
// the main thread's share of every call) does not decide the result; run.mjs also reports the
// same measure taken in its own process at the end, for comparison.
import path from 'node:path'
import { createRequire } from 'node:module'
import { measureParallel } from './parallel-measure.mjs'

const [tables, reps, count] = process.argv.slice(2, 5).map(Number)
const packageDir = process.argv[5]
const api = createRequire(import.meta.url)(packageDir ? path.resolve(packageDir, 'index.js') : '../index.js')
process.stdout.write(JSON.stringify(await measureParallel(api, tables, reps, count)) + '\n')
