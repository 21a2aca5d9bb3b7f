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

module.exports = { MigrationGeneratorError }
