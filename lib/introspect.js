'use strict'
/**
 * Introspection of an existing SQLite database: `introspectDatabase` (the schema as it is),
 * `specFromDatabase` (a MigrationSpec describing it) and `pullDatabase` (that spec and what it
 * leaves out). Each opens the file read-only and never
 * write to it; a file that cannot be read throws a MigrationGeneratorError whose `code` is
 * DB_NOT_FOUND, DB_UNREADABLE or DB_LOCKED.
 */
const native = require('../native.js')
const { MigrationGeneratorError, readingThrew } = require('./errors.js')
const { decodeIntrospection } = require('./introspect-transfer.js')

function checkPath(fn, path) {
  if (typeof path !== 'string' || path.length === 0) {
    throw new MigrationGeneratorError('INVALID_ARGUMENT', `${fn} takes the database file's path as a string`)
  }
}

/** A short description of a wrong argument, for messages. */
function describe(value) {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  try {
    if (Array.isArray(value)) return 'an array'
  } catch {
    return 'a revoked Proxy'
  }
  if (value === '') return 'an empty string'
  if (typeof value === 'string') return 'a string'
  return `${/^[aeiou]/.test(typeof value) ? 'an' : 'a'} ${typeof value}`
}

/** A name with ASCII letters in lower case, as SQLite compares names (`'Ä'` and `'ä'` differ). */
const foldAscii = (name) => String(name).replace(/[A-Z]/g, (c) => c.toLowerCase())

/** Parses the native answer; throws its error. */
function unwrap(json, path) {
  const answer = JSON.parse(json)
  if (!answer.ok) {
    const issue = answer.error
    const e = new MigrationGeneratorError(issue.code, issue.suggestion ? `${issue.message}: ${issue.suggestion}` : issue.message, { path })
    e.issues = [issue]
    throw e
  }
  return answer
}

/**
 * The schema of a SQLite database.
 * @param {string} path
 */
function introspectDatabase(path) {
  checkPath('introspectDatabase', path)
  // The schema crosses compactly (src/introspect_transfer.rs: for 1,000 tables ~0.7 ms instead
  // of ~6 ms for the JSON and JSON.parse); an error comes as the JSON answer, a string, which
  // unwrap throws.
  const answer = native.introspectDatabaseCompact(path)
  if (typeof answer === 'string') unwrap(answer, path)
  const schema = decodeIntrospection(answer.text, answer.layout)
  const tableSchemas = new Map(schema.tableSchemas.map((t) => [t.tableName, t]))
  const find = (name) => schema.existingTables.find((t) => foldAscii(t) === foldAscii(name))
  return {
    existingTables: schema.existingTables,
    tableSchemas,
    /**
     * CREATE when the table is absent. For an existing table, pass its definition to learn
     * whether it would be altered (ALTER) or already matches (SKIP); without one, an existing
     * table answers ALTER ("exists"). Throws INVALID_ARGUMENT when `tableName` is not a
     * non-empty string or `definition` (when given) not an object, or one whose reading throws
     * (a getter, a Proxy trap), or another table's (its name may be left out), VALIDATION_FAILED
     * when the definition does not validate.
     */
    determineOperation(tableName, definition) {
      if (typeof tableName !== 'string' || tableName.length === 0) {
        throw new MigrationGeneratorError('INVALID_ARGUMENT', `determineOperation takes the table's name as a non-empty string, not ${describe(tableName)}`)
      }
      // The definition is read once, here (its own fields, as JSON reads them): a getter or a
      // Proxy trap that throws (a revoked Proxy) is INVALID_ARGUMENT, not the raw throw (a
      // user trial), as toGeneratedCode says it of a result.
      let table
      try {
        if (definition !== undefined && (definition === null || typeof definition !== 'object' || Array.isArray(definition))) {
          throw new MigrationGeneratorError('INVALID_ARGUMENT', `determineOperation takes the table's definition (a TableDefinition object) as its second argument, or none, not ${describe(definition)}`)
        }
        if (definition !== undefined) table = { ...definition }
      } catch (e) {
        throw readingThrew(e, `determineOperation needs the definition of '${tableName}' as a TableDefinition object`)
      }
      // The definition is of that very table (SQLite compares names with ASCII case folded): one
      // of another table answered for it (CREATE, for 'users' with a definition named 'other').
      if (table !== undefined && typeof table.name === 'string' && foldAscii(table.name) !== foldAscii(tableName)) {
        throw new MigrationGeneratorError('INVALID_ARGUMENT', `determineOperation was asked about the table '${tableName}' with the definition of '${table.name}': pass the definition of '${tableName}' (or leave its name out)`)
      }
      if (!find(tableName)) return 'CREATE'
      if (table === undefined) return 'ALTER'
      const { generateMigration } = require('../index.js')
      if (table.name === undefined) table = { name: tableName, ...table }
      const result = generateMigration({ description: 'determine_operation', databaseType: 'sqlite', existingDbPath: path, tables: [table] })
      if (!result.validation.valid) {
        const first = result.validation.errors[0]
        const e = new MigrationGeneratorError('VALIDATION_FAILED', `the definition of '${tableName}' is not valid: ${first.code}: ${first.message}`, { path })
        e.issues = result.validation.errors
        throw e
      }
      return result.metadata.operations[0].operation
    },
  }
}

/** The native pull of `path`: `{ spec, leftOut, renamed }`; `fn` names the caller in argument errors. */
function pull(fn, path, databaseType) {
  checkPath(fn, path)
  if (databaseType !== undefined && databaseType !== null && !['sqlite', 'postgresql', 'mysql'].includes(databaseType)) {
    throw new MigrationGeneratorError('INVALID_ARGUMENT', `${fn} takes databaseType as a string: 'sqlite', 'postgresql' or 'mysql'`)
  }
  const { spec, leftOut, renamed } = unwrap(native.specFromDatabaseJson(path, databaseType ?? undefined), path)
  return { spec, leftOut, renamed }
}

/**
 * A MigrationSpec describing the database as it is ("pull"). Generating from it against the
 * same database gives SKIP for every table.
 * @param {string} path
 * @param {'sqlite' | 'postgresql' | 'mysql'} [databaseType]
 */
function specFromDatabase(path, databaseType) {
  return pull('specFromDatabase', path, databaseType).spec
}

/**
 * The spec `specFromDatabase` gives, what the database has that it leaves out (a spec has
 * no form for it), and the names it gives what the database names as no spec can (pulled for
 * PostgreSQL or MySQL): `{ spec, leftOut: { table, what }[], renamed: { kind, table, from, to,
 * why }[] }`.
 * @param {string} path
 * @param {'sqlite' | 'postgresql' | 'mysql'} [databaseType]
 */
function pullDatabase(path, databaseType) {
  return pull('pullDatabase', path, databaseType)
}

module.exports = { introspectDatabase, specFromDatabase, pullDatabase }
