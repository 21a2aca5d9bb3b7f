// Child process of the growth measure of migrations from previousSpec (bench/run.mjs starts it;
// not for direct use).
// Usage: node --expose-gc bench/previous-growth-child.mjs DIALECT same|changed ROUNDS WARMUP SMALL,LARGE [PACKAGE_DIR]
// Times generateMigration on nextSpec(n, DIALECT, changed) (bench/specs.mjs: the bench's tables
// as previousSpec, and the same tables again, or with one in ten changed) for the two sizes, in
// turn as growth-child.mjs does (which goes first alternates round by round; each call in a heap
// holding its own inputs only), and prints {"SMALL": [ms per call, one per round], "LARGE": […]}.
// The growth target judges the plain generation; these paths (a later migration, and the
// pre-commit check that finds nothing to do) are where a user trial found quadratic costs.
import path from 'node:path'
import { createRequire } from 'node:module'
import { sizesInTurn } from './race.mjs'
import { nextSpec } from './specs.mjs'

const [dialect, mode, rounds, warmup, sizes, packageDir] = process.argv.slice(2)
const { generateMigration } = createRequire(import.meta.url)(packageDir ? path.resolve(packageDir, 'index.js') : '../index.js')
const SIZES = sizes.split(',').map(Number)
const texts = Object.fromEntries(SIZES.map((n) => [n, JSON.stringify(nextSpec(n, dialect, mode === 'changed'))]))

/** One call on `n` tables: ms. */
function sample(n) {
  let spec = JSON.parse(texts[n])
  gc()
  const t0 = performance.now()
  let result = generateMigration(spec)
  const t = performance.now() - t0
  const nothing = result.validation.warnings.some((w) => w.code === 'NO_CHANGES')
  if (!result.validation.valid || nothing !== (mode === 'same')) {
    throw new Error(`nextSpec(${n}, '${dialect}', ${mode}) did not give what it should: ${JSON.stringify(result.validation.errors.slice(0, 3))}`)
  }
  spec = result = undefined
  return t
}

const times = sizesInTurn(SIZES, Number(rounds), Number(warmup), sample)
process.stdout.write(JSON.stringify(times) + '\n')
