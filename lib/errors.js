'use strict'
/**
 * The one error type the package throws (generation itself never throws: its problems come
 * back in `validation.errors`). `code` is stable and meant for programs; `message` is for
 * people; `path` names the file or folder concerned, when there is one.
 */
class MigrationGeneratorError extends Error {
  /**
   * @param {string} code stable machine-readable code, e.g. `FILE_EXISTS`
   * @param {string} message one human-readable sentence
   * @param {{ path?: string, cause?: unknown, issues?: object[] }} [details] `issues`: the
   *   validation issues behind the error, when it comes from the generator or the database reader
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'MigrationGeneratorError'
    this.code = code
    if (details.path !== undefined) this.path = details.path
    if (details.issues !== undefined) this.issues = details.issues
  }
}

/** Whether `f` is a constructor that `e` was made by; false, never a throw, for a revoked Proxy. */
function isA(e, f) {
  try {
    return e instanceof f
  } catch {
    return false
  }
}

/**
 * A thrown value as text for a message. Never throws: a revoked Proxy, an object whose
 * `message` getter or `toString` throws, a Symbol, all give some text.
 */
function describeThrown(e) {
  try {
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      const m = e.message
      if (typeof m === 'string') return m
    }
    return String(e)
  } catch {
    return 'a value that cannot be shown (its message or toString throws)'
  }
}

/**
 * What to throw when reading a caller's argument threw `e` (a getter, a Proxy's trap, a revoked
 * Proxy): `e` itself when it is a MigrationGeneratorError (a check of this package's), else
 * INVALID_ARGUMENT saying `${what}: reading it threw (…)`, with `e` as its cause. So an argument
 * that cannot be read is refused as one of the wrong kind is, never with the caller's raw throw.
 */
function readingThrew(e, what) {
  if (isA(e, MigrationGeneratorError)) return e
  return new MigrationGeneratorError('INVALID_ARGUMENT', `${what}: reading it threw (${describeThrown(e)})`, { cause: e })
}

module.exports = { MigrationGeneratorError, isA, describeThrown, readingThrew }
