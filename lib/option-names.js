'use strict'
/**
 * The option names the API's writers take (writeMigrationFiles, writeTypeFiles and their async
 * forms), and the refusal of any other: a misspelt name (`migrationDir` for `migrationsDir`) was
 * ignored, and the files went to the default folder (a user trial).
 */
const { MigrationGeneratorError } = require('./errors.js')

/** The options a writer documents, in the order its message lists them. */
const PUBLIC_OPTIONS = ['rootDir', 'migrationsDir', 'typesDir', 'signal']

/**
 * Options the command line gives the writer (lib/cli.js), not in the API's types: taken, never
 * suggested.
 */
const INTERNAL_OPTIONS = ['refuseSameUpAsNewest', 'refuseEarlierRepeated']

/** The edit distance (Levenshtein) between `a` and `b`, compared without case. */
function distance(a, b) {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let row = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const next = [i]
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1))
    row = next
  }
  return row[y.length]
}

/** Of `known`, the name closest to `typed` (within a third of its length, at least 2 edits), or null. */
function closest(typed, known) {
  let best = null
  for (const name of known) {
    const d = distance(typed, name)
    if (d <= Math.max(2, Math.floor(name.length / 3)) && (best === null || d < best.d)) best = { name, d }
  }
  return best && best.name
}

/**
 * Throws INVALID_ARGUMENT when `options` (an object) has a name `fn` does not take, naming it,
 * the closest known one when one is close, and the names it takes. `async`: whether `signal`
 * is one of them (the sync writers refuse it on their own, saying it is for the async form, so
 * it is taken here as known).
 */
function refuseUnknownOptions(options, fn, { async = false } = {}) {
  if (!options || typeof options !== 'object') return
  const shown = PUBLIC_OPTIONS.filter((o) => async || o !== 'signal')
  for (const name of Object.keys(options)) {
    if (PUBLIC_OPTIONS.includes(name) || INTERNAL_OPTIONS.includes(name)) continue
    const meant = closest(name, shown)
    throw new MigrationGeneratorError('INVALID_ARGUMENT', `${fn}: unknown option '${name}'${meant ? ` (did you mean '${meant}'?)` : ''}; the options are ${shown.join(', ')}`)
  }
}

module.exports = { refuseUnknownOptions }
