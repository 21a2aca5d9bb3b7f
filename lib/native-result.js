'use strict'
/**
 * The native core returns a generated migration in pieces: its large texts as strings of their
 * own (no JSON escaping, no second parse of megabytes of SQL) and everything else as one JSON
 * text. This puts them together as the public `GeneratedMigration`, with the fields in the
 * order the declarations list them.
 */

/**
 * The result from the native pieces. `fileContent` is joined with `+`, which V8 does without
 * copying the scripts (it copies once, if ever, when the text is read as a whole).
 */
function fromNative(p) {
  const rest = JSON.parse(p.json)
  const result = {
    metadata: rest.metadata,
    upMigration: p.upMigration,
    downMigration: p.downMigration,
    fileContent: p.fileHead + p.upMigration + p.fileMiddle + p.downMigration + p.fileTail,
  }
  if (typeof p.typeDefinitions === 'string') result.typeDefinitions = p.typeDefinitions
  if (rest.tableTypes !== undefined) result.tableTypes = rest.tableTypes
  result.validation = rest.validation
  return result
}

module.exports = { fromNative }
