// Child process of the growth measure (bench/run.mjs starts it; not for direct use).
// Usage: node --expose-gc bench/growth-child.mjs DIALECT ROUNDS WARMUP [PACKAGE_DIR]
// Times generateMigration on the specs of 1,000 and of 10,000 tables for DIALECT, in turn, and
// prints {"1000": [ms per call, one per round], "10000": […]} as JSON.
//
// The two sizes alternate round by round (which goes first alternates too), so that a machine
// whose speed changes during the run moves both sides of each round's ratio alike. Neither size
// runs beside the other's objects: both specs are kept as JSON text only (a flat string, which
// V8's collector does not walk), each round parses the one it times just before a full GC and
// drops it and its results after, so every call runs in a heap that holds its own inputs alone
// (a 10,000-table spec and its result alive in the heap slow every call: bench/RESULTS.md).
import path from 'node:path'
import { createRequire } from 'node:module'
import { sizesInTurn } from './race.mjs'
import { makeSpec } from './specs.mjs'

const [dialect, rounds, warmup, packageDir] = process.argv.slice(2)
const { generateMigration } = createRequire(import.meta.url)(packageDir ? path.resolve(packageDir, 'index.js') : '../index.js')
const SIZES = [1000, 10000]
const CALLS = { 1000: 3, 10000: 1 } // calls per sample (a 1,000-table call is ~10× shorter)
const texts = Object.fromEntries(SIZES.map((n) => [n, JSON.stringify(makeSpec(n, dialect))]))
const now = () => performance.now()

/** One sample of `n` tables: ms per call. */
function sample(n) {
  let spec = JSON.parse(texts[n])
  let result
  gc()
  const t0 = now()
  for (let i = 0; i < CALLS[n]; i++) result = generateMigration(spec)
  const t = (now() - t0) / CALLS[n]
  if (!result.validation.valid || result.upMigration.length === 0) {
    throw new Error(`makeSpec(${n}, '${dialect}') is not valid: ${JSON.stringify(result.validation.errors.slice(0, 3))}`)
  }
  spec = result = undefined
  return t
}

const times = sizesInTurn(SIZES, Number(rounds), Number(warmup), sample)
process.stdout.write(JSON.stringify(times) + '\n')
