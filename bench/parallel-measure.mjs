// The parallel measure of the bench, shared by bench/run.mjs (in its own process, at the end)
// and bench/parallel-child.mjs (in a new process): `count` specs of `tables` tables (dialects
// in turn), generated one by one and with generateMigrationAsync + Promise.all, alternating
// which goes first, `reps` times each, each after a full GC (needs --expose-gc).
import { makeSpec } from './specs.mjs'

const DIALECTS = ['sqlite', 'postgresql', 'mysql']

/**
 * Returns { oneByOne, promiseAll, oneByOneCores, promiseAllCores }: the milliseconds of each round,
 * and the cores each round kept busy (the process's CPU time ÷ the round's time; a single large
 * generation already shares its work with a second thread, which bounds what Promise.all can add).
 */
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
  const oneByOneCores = []
  const promiseAllCores = []
  for (let r = 0; r < reps; r++) {
    for (const which of r % 2 ? ['par', 'seq'] : ['seq', 'par']) {
      gc()
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      if (which === 'seq') sink = specs.map((s) => generateMigration(s))
      else sink = await Promise.all(specs.map((s) => generateMigrationAsync(s)))
      const ms = performance.now() - t0
      const cpu = process.cpuUsage(cpu0)
      ;(which === 'seq' ? oneByOne : promiseAll).push(ms)
      ;(which === 'seq' ? oneByOneCores : promiseAllCores).push((cpu.user + cpu.system) / 1000 / ms)
    }
  }
  return { oneByOne, promiseAll, oneByOneCores, promiseAllCores }
}
