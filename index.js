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
const { tryUntilUnlocked } = require('./lib/lock-wait.js')
const { isStringObject, isProxy } = require('node:util').types
const { findSpecFault, describeFault, unwritableKind, explainMissing, MAX_NESTING, halfSurrogate, childPath } = require('./lib/spec-faults.js')
const { isA, describeThrown } = require('./lib/errors.js')

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
  // Read again after JSON.stringify: a getter may now answer with more than was written.
  if (!Array.isArray(tables) || tables.length > MAX_TABLES) return null
  for (let t = 0; t < tables.length; t++) {
    const columns = tables[t] && tables[t].columns
    if (!Array.isArray(columns) || columns.length > MAX_COLUMNS_PER_TABLE) continue
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
  if (isA(now, Date) && Number.isNaN(now.getTime())) return { at: 'now', value: 'an invalid Date', fix }
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

/** The core's limit on a spec's JSON text (src/limits.rs MAX_SPEC_BYTES). */
const MAX_SPEC_BYTES = 64 * 1024 * 1024
/** What the counting replacer throws past the limit: told apart by identity, never by instanceof. */
const TOO_LARGE = Object.freeze({ tooLarge: true })

/**
 * `JSON.stringify(value)` that gives up (throws TOO_LARGE) as soon as the text would pass
 * `limit` characters, counted as it goes: an array by its length before its elements are
 * written (`new Array(110_000_000)` in any field aborted V8 itself, a user trial), a string by
 * its length, a key by its length, a number by its text. The count is a lower bound of the text
 * (an array index counted as a key is the only excess), and the text is at most about six times
 * the count (a string of control characters, each `\u0000`), so what it writes stays far below
 * V8's longest string. Every value is read once, by JSON.stringify itself: a getter that answers
 * differently on a second read has none. About 10 ms more than JSON.stringify for 1,000 tables
 * (1 MB). `asSpec`: the value is a spec, whose faults throw a SpecFault (lib/spec-faults.js) as
 * they are met, before JSON.stringify goes on: a Symbol, function or BigInt (said with its key
 * only), a string or key holding half of a surrogate pair, and an object or array past
 * MAX_NESTING levels (both said with their path), so that a spec nested thousands of levels
 * deep is said as one nested 128 levels is, not as JSON.stringify's stack overflow.
 */
function boundedStringify(value, limit, indent, asSpec = false) {
  let count = 0
  // For a spec: each object or array written, its path and level (the spec itself is level 1).
  const places = asSpec ? new WeakMap() : null
  const replacer = function (key, v) {
    count += key.length + 2
    const place = asSpec ? placeOf(places, this, key) : null
    if (typeof v === 'string') {
      count += v.length
      if (asSpec && halfSurrogate(v)) throw new SpecFault({ at: place.path, surrogate: 'value' })
    } else if (typeof v === 'object' && v !== null) {
      // A Proxy's length or keys would be asked again by JSON.stringify (its traps may answer
      // otherwise): it is written from a copy read once. A String object is written by its
      // toString, which may be replaced: it is written as the string it holds.
      if (isProxy(v)) v = copyOnce(v, limit - count)
      if (Array.isArray(v)) count += v.length
      else if (isStringObject(v)) {
        v = String.prototype.valueOf.call(v)
        count += v.length
        if (asSpec && halfSurrogate(v)) throw new SpecFault({ at: place.path, surrogate: 'value' })
      }
      if (asSpec && typeof v === 'object') {
        if (place.level > MAX_NESTING) throw new SpecFault({ at: place.path, tooDeep: true })
        places.set(v, place)
      }
    } else {
      count += 4 // a number writes at most 24 characters, counted 7 or more with its key
      // Where the walk is not run, a Symbol, function or BigInt is said with its key only.
      const kind = unwritableKind(v)
      if (kind && asSpec) throw new SpecFault({ at: key === '' ? 'the spec' : `a field ${JSON.stringify(key)}`, kind })
    }
    if (asSpec && key !== '' && !Array.isArray(this) && halfSurrogate(key)) throw new SpecFault({ at: place.path, surrogate: 'key' })
    if (count > limit) throw TOO_LARGE
    return v
  }
  return JSON.stringify(value, replacer, indent)
}

/**
 * The path and level of the value under `key` of `holder` (boundedStringify's replacer's
 * `this`): the spec itself (JSON.stringify's wrapper holds it under '') is level 1, with the
 * path ''.
 */
function placeOf(places, holder, key) {
  const parent = places.get(holder)
  if (parent === undefined) return { path: '', level: 1 }
  return { path: childPath(parent.path, key, Array.isArray(holder)), level: parent.level + 1 }
}

/**
 * The spec as JSON text, bounded like [`boundedStringify`] but at about a quarter of its cost
 * when the spec is plain data (what JSON.parse gives, or objects built in code): one walk counts
 * it first (each array by its length, each string and key by its length, a lower bound of the
 * text, so the 64 MiB limit is met well below V8's longest string), then JSON.stringify writes
 * it without a replacer, whose call for every value cost about 4 ms on a 1,000-table spec (8% of
 * generateMigration, measured). What a walk and a second read could see differently goes to
 * [`boundedStringify`], which reads each value once: a Proxy, a String object, an object with
 * its own toJSON (a Date's is known), and a spec whose own fields are getters. A getter deeper
 * in the spec is read twice, by the walk and by JSON.stringify: one that answers small and then
 * huge is the caller's own doing, and not guarded against. A Symbol, function or BigInt in a
 * field, a string or key holding half of a surrogate pair, a cycle, or nesting past MAX_NESTING
 * levels throws a SpecFault naming the field's path (lib/spec-faults.js), before JSON.stringify
 * could overflow the stack on it.
 */
function specJson(spec, limit) {
  if (spec === null || typeof spec !== 'object' || isProxy(spec) || typeof spec.toJSON === 'function') return boundedStringify(spec, limit, undefined, true)
  for (const d of Object.values(Object.getOwnPropertyDescriptors(spec))) {
    if (d.get || d.set) return boundedStringify(spec, limit, undefined, true)
  }
  let count = 0
  // Whether a Symbol, function or BigInt was met: looked for again, with paths, after the walk.
  let odd = false
  const stack = [spec]
  // How deep each stacked object is. A cycle (`spec.self = spec`) would be followed until the
  // count passed the limit (about 0.5 s), said LIMIT_EXCEEDED; a spec nests about 8 levels, so
  // past CYCLE_DEPTH the spec is looked at again, slowly, with paths (lib/spec-faults.js), once:
  // a cycle is said there, and nesting past MAX_NESTING levels (which the core refuses), before
  // JSON.stringify's recursion could overflow the stack on it (a spec thousands of levels deep). (A Set of the objects on the path cost 5–10 ms more on 1,000 tables,
  // measured, more than the walk itself; likely V8 giving each object an identity hash.)
  const depths = [0]
  let depth = 0
  let deepChecked = false
  // Strings and numbers are counted where they stand; only objects and arrays are stacked.
  const add = (x) => {
    const t = typeof x
    if (t === 'string') count += x.length + 2
    else if (t === 'object') {
      if (x === null) count += 4
      else {
        stack.push(x)
        depths.push(depth)
      }
    } else {
      count += 4
      if (t === 'symbol' || t === 'function' || t === 'bigint') odd = true
    }
  }
  while (stack.length > 0) {
    const v = stack.pop()
    depth = depths.pop() + 1
    if (depth > CYCLE_DEPTH && !deepChecked) {
      deepChecked = true
      throwFault(spec)
    }
    if (isProxy(v) || isStringObject(v) || (typeof v.toJSON === 'function' && !isA(v, Date))) return boundedStringify(spec, limit, undefined, true)
    if (Array.isArray(v)) {
      count += v.length + 2
      if (count > limit) {
        if (!deepChecked) throwFault(spec)
        throw TOO_LARGE
      }
      for (let i = 0; i < v.length; i++) add(v[i])
    } else {
      for (const k in v) {
        count += k.length + 4
        add(v[k])
      }
    }
    if (count > limit) {
      // A cycle through a large object may pass the limit before CYCLE_DEPTH.
      if (!deepChecked) throwFault(spec)
      throw TOO_LARGE
    }
  }
  if (odd) throwFault(spec)
  const json = JSON.stringify(spec)
  // Half of a surrogate pair in a string or key, which JSON.stringify writes as a `\ud800`–
  // `\udfff` escape: said with its path (throwFault), not as the core would, with a line and
  // column of this text. Looked for in the text, once (about 0.2 ms a MB), not in each string;
  // a string holding the characters `\ud…` matches too, and then throwFault finds nothing.
  if (!deepChecked && json.includes('\\ud')) throwFault(spec)
  return json
}

/** How deep specJson's walk goes before it looks for a cycle: a spec nests about 8 levels. */
const CYCLE_DEPTH = 24

/** Throws the SpecFault of the spec's first fault (lib/spec-faults.js), if it has one. */
function throwFault(spec) {
  const fault = findSpecFault(spec, MAX_SPEC_BYTES)
  if (fault) throw new SpecFault(fault)
}

/** What specJson throws for a spec JSON cannot write as given (lib/spec-faults.js's fault). */
class SpecFault {
  constructor(fault) {
    this.fault = fault
  }
}

/** A Proxy's array or object as a plain one, each element or property read once; TOO_LARGE past `room` elements. */
function copyOnce(p, room) {
  if (Array.isArray(p)) {
    const length = p.length
    if (!(length <= room)) throw TOO_LARGE
    const a = new Array(length)
    for (let i = 0; i < length; i++) a[i] = p[i]
    return a
  }
  const o = {}
  for (const k of Object.keys(p)) Object.defineProperty(o, k, { value: p[k], enumerable: true, writable: true, configurable: true })
  return o
}

/** How deeply a JSON text nests objects and arrays (strings skipped). */
function jsonDepth(text) {
  let depth = 0
  let max = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++
    } else if (c === 123 || c === 91) {
      if (++depth > max) max = depth
    } else if (c === 125 || c === 93) depth--
  }
  return max
}

/** JSON text of the spec, or a failure result when it has none. Never throws. */
function toJson(spec) {
  let json
  let bad
  let emptyDbPath = false
  try {
    // JSON writes null as "null", a string: what is no object is said here, for every kind.
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return { error: notAnObject(spec) }
    const limited = pastLimits(spec)
    if (limited) return { error: limited }
    json = specJson(spec, MAX_SPEC_BYTES)
    // NaN and Infinity are looked for in the spec as given; one with its own toJSON is what
    // that returns, which may leave them out.
    const own = spec !== null && typeof spec === 'object' && typeof spec.toJSON === 'function'
    bad = typeof json === 'string' && !own ? invalidNow(spec) || nonFiniteColumnNumber(spec) : null
    emptyDbPath = typeof json === 'string' && !own && spec.existingDbPath === ''
  } catch (e) {
    if (isA(e, SpecFault)) {
      const { message, suggestion } = describeFault(e.fault)
      return { error: failure('INVALID_SPEC', message, suggestion) }
    }
    // Past 64 MiB, counted as it was written; or a RangeError: the stack running out on a value
    // nested thousands of levels deep, or (from a toJSON) JSON text longer than a string can be.
    const tooLong = e === TOO_LARGE || (isA(e, RangeError) && /string length/i.test(describeThrown(e)))
    if (tooLong) {
      const why = e === TOO_LARGE ? 'it would be more than 64 MiB of JSON text' : describeThrown(e)
      return { error: failure('LIMIT_EXCEEDED', `the spec is too large to turn into JSON (${why}); the limit is 64 MiB of JSON text`, 'split the spec, or leave out what it does not need (long descriptions)') }
    }
    const fix = isA(e, RangeError) ? 'a spec nests a few levels (tables, columns, their fields): pass one that is not nested thousands of levels deep' : 'pass a plain object without cycles or BigInt values'
    return { error: failure('INVALID_SPEC', `the spec cannot be turned into JSON: ${describeThrown(e)}`, fix) }
  }
  if (typeof json !== 'string') return { error: notAnObject(spec) }
  if (emptyDbPath) {
    // The core answered DB_NOT_FOUND ("no database file at this path ()"), where
    // introspectDatabase('') is INVALID_ARGUMENT: an empty path is a wrong value, not a missing file.
    return { error: failure('INVALID_SPEC', 'spec.existingDbPath is an empty string', "give the SQLite database file's path, or leave existingDbPath out (null) to compare with no database") }
  }
  if (bad) {
    const r = failure('INVALID_SPEC', `${bad.at} is ${bad.value}, which JSON cannot hold (it would become null)`, bad.fix || 'give a finite number, or leave the field out')
    if (typeof bad.table === 'string') r.validation.errors[0].table = bad.table
    if (typeof bad.column === 'string') r.validation.errors[0].column = bad.column
    return { error: r }
  }
  return { json }
}

/** What a spec that is no object (null, undefined, an array, a string, …) is told; a string is not read as JSON text. */
function notAnObject(spec) {
  const t = typeof spec
  const kind = spec === null ? 'null' : Array.isArray(spec) ? 'an array' : t === 'undefined' ? 'undefined' : t === 'object' ? 'an object JSON cannot write' : `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${{ bigint: 'BigInt', symbol: 'Symbol' }[t] || t}`
  const text = t === 'string' && /^\s*\{/.test(spec) ? ": a string is not read as JSON text, pass JSON.parse(text)" : ''
  return failure('INVALID_SPEC', `the spec must be an object, not ${kind}`, `pass { description, databaseType, tables: [...] }${text}`)
}

/**
 * The result, its "… is missing" errors saying where the spec gave that field as `undefined`
 * (lib/spec-faults.js). The result as it is if that cannot be looked at (a getter that throws now).
 */
function withMissingExplained(result, spec) {
  if (result.validation.valid) return result
  try {
    explainMissing(result.validation.errors, spec)
  } catch {
    // The errors as the core said them.
  }
  return result
}

/** The result for an error the core or this file did not expect: a bug. */
function internalError(e) {
  return failure('INTERNAL_ERROR', `internal error in migration-generator: ${describeThrown(e)}`, 'this is a bug: please report it with the spec that caused it')
}

/** Generates a migration. Never throws. */
function generateMigration(spec) {
  const { json, error } = toJson(spec)
  if (error) return error
  try {
    return withMissingExplained(fromNative(native.generateMigrationNative(json)), spec)
  } catch (e) {
    return internalError(e)
  }
}

/**
 * Generates a migration on the library's own threads (one per core). Never rejects for bad
 * input. A database (`existingDbPath`) locked by a writer is waited for on timers, not on one of
 * those threads (lib/lock-wait.js): the same wait, then the same DB_LOCKED, as generateMigration.
 */
async function generateMigrationAsync(spec) {
  const { json, error } = toJson(spec)
  if (error) return error
  try {
    return withMissingExplained(fromNative(await tryUntilUnlocked(() => native.generateMigrationNativeAsync(json), native.LOCK_WAIT_MS)), spec)
  } catch (e) {
    return internalError(e)
  }
}

/**
 * The spawner's `GeneratedCode` for a result; throws INVALID_ARGUMENT for anything else (a
 * forged result whose metadata JSON cannot write: a BigInt, a cycle, a toJSON or getter that
 * throws, more than 64 MiB), VALIDATION_FAILED for a result with errors.
 */
function toGeneratedCode(result) {
  const { MigrationGeneratorError } = require('./lib/errors.js')
  const notAResult = (why) => new MigrationGeneratorError('INVALID_ARGUMENT', `toGeneratedCode needs the result of generateMigration${why ? `: ${why}` : ''}`)
  let up, down, metadata, validation, typeDefinitions
  try {
    // Each field read once: what is checked is what is given back.
    if (result === null || typeof result !== 'object') throw notAResult()
    ;({ upMigration: up, downMigration: down, metadata, validation, typeDefinitions } = result)
  } catch (e) {
    throw isA(e, MigrationGeneratorError) ? e : notAResult(`reading it threw (${describeThrown(e)})`)
  }
  if (typeof up !== 'string' || typeof down !== 'string' || metadata === null || typeof metadata !== 'object') throw notAResult()
  // A spec with errors has no SQL to give: a GeneratedCode of empty strings would be written
  // out by the orchestrator as if it were a migration, the reason lost.
  let valid
  try {
    valid = validation !== null && typeof validation === 'object' && validation.valid === true
  } catch (e) {
    throw notAResult(`reading its validation threw (${describeThrown(e)})`)
  }
  if (!valid) {
    let said = ''
    let errors = []
    try {
      errors = validation && Array.isArray(validation.errors) ? validation.errors : []
      const first = errors.find((e) => e && typeof e === 'object') || {}
      const where = [first.table, first.column].filter((n) => typeof n === 'string').join('.')
      said = first.code ? `: ${String(first.code)}${where ? ` (${where})` : ''}: ${String(first.message)}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` : ''
    } catch {
      // A forged validation whose errors cannot be read: the error says no more than that.
    }
    throw new MigrationGeneratorError('VALIDATION_FAILED', `the spec is not valid, so there is no migration to give${said}`, { issues: errors })
  }
  let openApiDoc
  try {
    // Read once, counted (a forged metadata may hold anything), then indented from that text,
    // which holds only plain data: its indentation is bounded by its length times its depth.
    const compact = boundedStringify(metadata, MAX_SPEC_BYTES)
    if (compact.length * (1 + 2 * jsonDepth(compact)) > MAX_SPEC_BYTES) throw TOO_LARGE
    openApiDoc = JSON.stringify(JSON.parse(compact), null, 2)
  } catch (e) {
    throw notAResult(e === TOO_LARGE ? 'its metadata is past 64 MiB of JSON text' : `its metadata cannot be turned into JSON (${describeThrown(e)})`)
  }
  return {
    routeHandler: up,
    typeDefinitions: typeof typeDefinitions === 'string' ? typeDefinitions : '',
    validationMiddleware: down,
    openApiDoc,
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
