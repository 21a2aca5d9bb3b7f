// The parallel measure of the bench, shared by bench/run.mjs (in its own process, at the end)
// and bench/parallel-child.mjs (in a new process): `count` specs of `tables` tables (dialects
// in turn), generated one by one and with generateMigrationAsync + Promise.all, alternating
// which goes first, `reps` times each, each after a full GC (needs --expose-gc).
import { makeSpec } from './specs.mjs'

const DIALECTS = ['sqlite', 'postgresql', 'mysql']

/** Returns { oneByOne, promiseAll }: the milliseconds of each round. */
export async function measureParallel({ generateMigration, generateMigrationAsync }, tables, reps, count) {
  const specs = Array.from({ length: count }, (_, i) => ({ ...makeSpec(tables, DIALECTS[i % 3]), description: `bench_parallel_${i}` }))
  {
    const sequential = specs.map((s) => generateMigration(s))
    const concurrent = await Promise.all(specs.map((s) => generateMigrationAsync(s)))
    if (!sequential.every((r, i) => r.validation.valid && JSON.stringify(r) === JSON.stringify(concurrent[i]))) throw new Error('parallel: results differ from one by one')
  }
  let sink // keeps each round's results alive until the next round, as a caller would hold them
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
  return { oneByOne, promiseAll }
}
