'use strict'
/**
 * migration-generator: the package entry. The native core (loaded by `native.js`, which
 * `napi build --platform` writes) takes the spec as JSON text, so nothing the caller passes can
 * crash the process, and gives the result back in pieces: its large texts as strings, the rest
 * as JSON. This file turns values into JSON and the pieces into the result.
 */
const native = require('./lib/addon.js').loadAddon()
const files = require('./lib/files.js')
const { fromNative } = require('./lib/native-result.js')

/** A result with no SQL and one error, shaped like every other result. */
function failure(code, message, suggestion) {
  return {
    metadata: {
      filename: '',
      description: '',
      databaseType: '',
      operationType: 'CREATE',
      tablesAffected: [],
      generatedAt: new Date().toISOString(),
      operations: [],
      outsideTransaction: { up: false, down: false },
    },
    upMigration: '',
    downMigration: '',
    fileContent: '',
    validation: { valid: false, errors: [{ type: 'error', code, message, suggestion }], warnings: [] },
  }
}

/** Whether `v` is NaN or ±Infinity, plain or boxed (`new Number(NaN)`): JSON writes it as null. */
function nonFinite(v) {
  return typeof v === 'number' ? !Number.isFinite(v) : v instanceof Number && !Number.isFinite(v.valueOf())
}

/**
 * Where a column's number field (default, length, precision, scale) is NaN or ±Infinity, which
 * JSON.stringify would write as null: a default would silently become "no default"
 * (`default: parseFloat('n/a')`). Null when there is none. Only the columns are walked (1,000
 * tables, 12,000 columns: about 0.3 ms, 1% of such a call).
 */
function nonFiniteColumnNumber(spec) {
  const tables = spec && spec.tables
  if (!Array.isArray(tables)) return null
  for (let t = 0; t < tables.length; t++) {
    const columns = tables[t] && tables[t].columns
    if (!Array.isArray(columns)) continue
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]
      if (column === null || typeof column !== 'object') continue
      const field = nonFinite(column.default) ? 'default' : nonFinite(column.length) ? 'length' : nonFinite(column.precision) ? 'precision' : nonFinite(column.scale) ? 'scale' : null
      if (field) return { at: `tables[${t}].columns[${c}].${field}`, value: Number(column[field]), column: column.name, table: tables[t].name }
    }
  }
  return null
}

/**
 * `now` given as an invalid Date (`new Date(NaN)`), or as NaN or ±Infinity (`Date.parse` of bad
 * text), which JSON writes as null: the current time would be used without a word.
 */
function invalidNow(spec) {
  const now = spec && spec.now
  const fix = "give a valid Date or ISO 8601 text ('2026-02-09T12:00:00Z'), or leave now out for the current time"
  if (now instanceof Date && Number.isNaN(now.getTime())) return { at: 'now', value: 'an invalid Date', fix }
  return nonFinite(now) ? { at: 'now', value: Number(now), fix } : null
}

/** The core's limits (src/limits.rs): tables in a spec, columns in a table. */
const MAX_TABLES = 20000
const MAX_COLUMNS_PER_TABLE = 1000
/** What a table past MAX_COLUMNS_PER_TABLE is told, as the core tells it. */
const COLUMNS_SUGGESTION = "split the table in two, joined by its key: this generator's limit is below SQLite's 2,000 columns and PostgreSQL's 1,600 (MySQL's InnoDB takes 1,017)"

/**
 * A failure result for a spec whose tables or a table's columns are past the core's limits,
 * said as the core says it, before JSON.stringify: V8 (Node 20) aborts the whole process on JSON
 * text just past its longest string (a spec of `new Array(2 ** 27)` tables, a user trial), where
 * it throws a RangeError on longer ones. A spec with its own toJSON is what that gives: not
 * looked at here. Null when within the limits.
 */
function pastLimits(spec) {
  if (spec === null || typeof spec !== 'object' || typeof spec.toJSON === 'function') return null
  const tables = spec.tables
  if (!Array.isArray(tables)) return null
  const over = (message, table) => {
    const r = failure('LIMIT_EXCEEDED', message, table === undefined ? 'split the spec into several migrations' : COLUMNS_SUGGESTION)
    if (typeof table === 'string') r.validation.errors[0].table = table
    return r
  }
  if (tables.length > MAX_TABLES) return over(`the spec lists ${tables.length} tables; the limit is ${MAX_TABLES}`)
  for (const t of tables) {
    const columns = t !== null && typeof t === 'object' ? t.columns : undefined
    if (Array.isArray(columns) && columns.length > MAX_COLUMNS_PER_TABLE) return over(`the table has ${columns.length} columns; the limit is ${MAX_COLUMNS_PER_TABLE}`, t.name)
  }
  return null
}

/** JSON text of the spec, or a failure result when it has none. */
function toJson(spec) {
  let json
  let bad
  try {
    const limited = pastLimits(spec)
    if (limited) return { error: limited }
    json = JSON.stringify(spec)
    // NaN and Infinity are looked for in the spec as given; one with its own toJSON is what
    // that returns, which may leave them out.
    const own = spec !== null && typeof spec === 'object' && typeof spec.toJSON === 'function'
    bad = typeof json === 'string' && !own ? invalidNow(spec) || nonFiniteColumnNumber(spec) : null
  } catch (e) {
    // A RangeError is the stack running out on a value nested thousands of levels deep, or
    // JSON text longer than a string can be (V8's "Invalid string length", about 512 MiB).
    if (e instanceof RangeError && /string length/i.test(e.message)) {
      return { error: failure('LIMIT_EXCEEDED', `the spec is too large to turn into JSON (${e.message}); the limit is 64 MiB of JSON text`, 'split the spec, or leave out what it does not need (long descriptions)') }
    }
    const fix = e instanceof RangeError ? 'a spec nests a few levels (tables, columns, their fields): pass one that is not nested thousands of levels deep' : 'pass a plain object without cycles or BigInt values'
    return { error: failure('INVALID_SPEC', `the spec cannot be turned into JSON: ${e && e.message}`, fix) }
  }
  if (typeof json !== 'string') {
    return { error: failure('INVALID_SPEC', `the spec must be an object, not ${typeof spec}`, 'pass { description, databaseType, tables: [...] }') }
  }
  if (bad) {
    const r = failure('INVALID_SPEC', `${bad.at} is ${bad.value}, which JSON cannot hold (it would become null)`, bad.fix || 'give a finite number, or leave the field out')
    if (typeof bad.table === 'string') r.validation.errors[0].table = bad.table
    if (typeof bad.column === 'string') r.validation.errors[0].column = bad.column
    return { error: r }
  }
  return { json }
}

function internalError(e) {
  return failure('INTERNAL_ERROR', `internal error in migration-generator: ${e && e.message}`, 'this is a bug: please report it with the spec that caused it')
}

/** Generates a migration. Never throws. */
function generateMigration(spec) {
  const { json, error } = toJson(spec)
  if (error) return error
  try {
    return fromNative(native.generateMigrationNative(json))
  } catch (e) {
    return internalError(e)
  }
}

/** Generates a migration on the library's own threads (one per core). Never rejects for bad input. */
async function generateMigrationAsync(spec) {
  const { json, error } = toJson(spec)
  if (error) return error
  try {
    return fromNative(await native.generateMigrationNativeAsync(json))
  } catch (e) {
    return internalError(e)
  }
}

/** The spawner's `GeneratedCode` for a result; throws INVALID_ARGUMENT for anything else. */
function toGeneratedCode(result) {
  const isResult = result !== null && typeof result === 'object' && typeof result.upMigration === 'string' && typeof result.downMigration === 'string' && result.metadata !== null && typeof result.metadata === 'object'
  if (!isResult) {
    const { MigrationGeneratorError } = require('./lib/errors.js')
    throw new MigrationGeneratorError('INVALID_ARGUMENT', 'toGeneratedCode needs the result of generateMigration')
  }
  // A spec with errors has no SQL to give: a GeneratedCode of empty strings would be written
  // out by the orchestrator as if it were a migration, the reason lost.
  if (!result.validation || result.validation.valid !== true) {
    const { MigrationGeneratorError } = require('./lib/errors.js')
    const errors = result.validation && Array.isArray(result.validation.errors) ? result.validation.errors : []
    const first = errors.find((e) => e && typeof e === 'object') || {}
    const where = [first.table, first.column].filter((n) => typeof n === 'string').join('.')
    const said = first.code ? `: ${first.code}${where ? ` (${where})` : ''}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` : ''
    throw new MigrationGeneratorError('VALIDATION_FAILED', `the spec is not valid, so there is no migration to give${said}`, { issues: errors })
  }
  return {
    routeHandler: result.upMigration,
    typeDefinitions: result.typeDefinitions || '',
    validationMiddleware: result.downMigration,
    openApiDoc: JSON.stringify(result.metadata, null, 2),
  }
}

/**
 * writeMigrationFiles on a worker thread (lib/write-async.js): the same files, result and
 * errors, without blocking the caller's event loop while the files are flushed or another
 * writer's types lock is waited for.
 */
function writeMigrationFilesAsync(result, options) {
  return require('./lib/write-async.js').writeOnWorker('writeMigrationFiles', result, options)
}

/** writeTypeFiles on a worker thread, as writeMigrationFilesAsync. */
function writeTypeFilesAsync(result, options) {
  return require('./lib/write-async.js').writeOnWorker('writeTypeFiles', result, options)
}

module.exports = {
  generateMigration,
  generateMigrationAsync,
  toGeneratedCode,
  writeMigrationFiles: files.writeMigrationFiles,
  writeTypeFiles: files.writeTypeFiles,
  writeMigrationFilesAsync,
  writeTypeFilesAsync,
}

// --- TypeScript side (issue 5): the error type thrown by writeMigrationFiles and the CLI helpers.
module.exports.MigrationGeneratorError = require('./lib/errors.js').MigrationGeneratorError

// --- Introspection (issue 3): reading an existing SQLite database.
module.exports.introspectDatabase = require('./lib/introspect.js').introspectDatabase
module.exports.specFromDatabase = require('./lib/introspect.js').specFromDatabase
module.exports.pullDatabase = require('./lib/introspect.js').pullDatabase

// --- Driver settings: pg and mysql2 return the values the generated TypeScript types describe.
module.exports.pgTypes = require('./lib/drivers.js').pgTypes
module.exports.pgliteParsers = require('./lib/drivers.js').pgliteParsers
module.exports.mysql2Options = require('./lib/drivers.js').mysql2Options
