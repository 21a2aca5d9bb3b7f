// Child process of the parallel benchmark (bench/run.mjs starts it; not for direct use).
// Usage: node --expose-gc bench/parallel-child.mjs TABLES REPS SPECS [PACKAGE_DIR]
// Generates SPECS specs of TABLES tables (dialects in turn) one by one and with
// generateMigrationAsync + Promise.all, alternating which goes first, REPS times each, each
// after a full GC, and prints {"oneByOne": [ms…], "promiseAll": [ms…]}. A process of its own,
// so that what the bench did before (10,000-table generations grow V8's heap, which slows the
// main thread's share of every call) does not decide the result; run.mjs also reports the same
// measure taken in its own process at the end, for comparison.
import path from 'node:path'
import { createRequire } from 'node:module'
import { makeSpec } from './specs.mjs'

const [tables, reps, count] = process.argv.slice(2, 5).map(Number)
const packageDir = process.argv[5]
const { generateMigration, generateMigrationAsync } = createRequire(import.meta.url)(packageDir ? path.resolve(packageDir, 'index.js') : '../index.js')
const DIALECTS = ['sqlite', 'postgresql', 'mysql']
const specs = Array.from({ length: count }, (_, i) => ({ ...makeSpec(tables, DIALECTS[i % 3]), description: `bench_parallel_${i}` }))
{
  const sequential = specs.map((s) => generateMigration(s))
  const concurrent = await Promise.all(specs.map((s) => generateMigrationAsync(s)))
  if (!sequential.every((r, i) => r.validation.valid && JSON.stringify(r) === JSON.stringify(concurrent[i]))) throw new Error('parallel: results differ from one by one')
}
let sink
const oneByOne = []
const promiseAll = []
for (let r = 0; r < reps; r++) {
  for (const which of r % 2 ? ['par', 'seq'] : ['seq', 'par']) {
    gc()
    const t0 = performance.now()
    if (which === 'seq') sink = specs.map((s) => generateMigration(s))
    else sink = await Promise.all(specs.map((s) => generateMigrationAsync(s)))
    ;(which === 'seq' ? oneByOne : promiseAll).push(performance.now() - t0)
  }
}
sink = undefined
process.stdout.write(JSON.stringify({ oneByOne, promiseAll }) + '\n')
