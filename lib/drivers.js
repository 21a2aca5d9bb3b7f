'use strict'
/**
 * Driver settings under which `pg`, PGlite and `mysql2` return the values the generated TypeScript types
 * promise (README "Type mapping"): BIGINT and NUMERIC/DECIMAL as `number`, DATE and TIMESTAMP as
 * the text the server sends (`string`), BOOLEAN as `boolean`, JSON as an object, BLOB as a
 * `Buffer`. Each setting is a value to pass to one pool or connection: nothing global changes
 * (pg's `types.setTypeParser` would change every client of the process), and neither driver is
 * loaded by this package.
 *
 * A BIGINT or NUMERIC value that a JavaScript number cannot hold exactly (an integer beyond
 * ±(2^53 − 1), a decimal whose digits do not survive the conversion) is not returned rounded:
 * reading it fails with a RangeError that names the value. A rounded id or amount is a wrong
 * value that looks right (an update by that id reaches another row); an error is seen at once,
 * and the fix is in the query (`SELECT id::text`, `CAST(id AS CHAR)`) or in the column's type.
 */

const PG_INT8 = 20
const PG_NUMERIC = 1700
const PG_DATE = 1082
const PG_TIMESTAMP = 1114
const PG_TIMESTAMPTZ = 1184

/** The decimal value of a number's text as `sign digits e exponent`, with no zeros at either end of the digits. */
function canonicalDecimal(text) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!m) return null
  const [, sign, int = '', frac = '', exp = '0'] = m
  let digits = int + frac
  let exponent = Number(exp) - frac.length
  digits = digits.replace(/^0+/, '')
  if (digits === '') return '0'
  const trimmed = digits.replace(/0+$/, '')
  exponent += digits.length - trimmed.length
  return `${sign === '-' ? '-' : ''}${trimmed}e${exponent}`
}

/** The integer text as a number; a RangeError when it is not a safe integer. */
function toSafeInteger(text) {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`migration-generator driver settings: the BIGINT value ${text} is beyond Number.MAX_SAFE_INTEGER (2^53 - 1) and would be rounded; select it as text (id::text, CAST(id AS CHAR))`)
  }
  return n
}

/** The decimal text as a number; a RangeError when the number's value differs from the text's. */
function toExactNumber(text) {
  if (text === 'NaN') return NaN
  if (text === 'Infinity') return Infinity
  if (text === '-Infinity') return -Infinity
  const n = Number(text)
  if (!Number.isFinite(n) || canonicalDecimal(String(n)) !== canonicalDecimal(text)) {
    throw new RangeError(`migration-generator driver settings: the NUMERIC/DECIMAL value ${text} has more digits than a JavaScript number holds and would be rounded to ${n}; select it as text (amount::text, CAST(amount AS CHAR))`)
  }
  return n
}

const identity = (text) => text

/**
 * The `types` option of `new pg.Pool({ types })` / `new pg.Client({ types })`: int8 and numeric
 * as numbers (a RangeError for a value a number cannot hold exactly; NaN and ±Infinity as
 * such), date, timestamp and timestamptz as the server's text; every other type (and every type
 * in binary format) as pg's own `types.getTypeParser` gives it.
 * @param {{ getTypeParser(oid: number, format?: 'text' | 'binary'): (value: any) => unknown }} types pg's `types` (`require('pg').types`)
 */
function pgTypes(types) {
  const needs = "pgTypes needs pg's types module: pgTypes(require('pg').types)"
  let parser
  try {
    parser = types !== null && typeof types === 'object' ? types.getTypeParser : undefined
  } catch (e) {
    // A getter or Proxy trap that throws (a revoked Proxy): the same TypeError, not the raw throw.
    throw new TypeError(needs, { cause: e })
  }
  if (typeof parser !== 'function') throw new TypeError(needs)
  return {
    getTypeParser(oid, format) {
      if (format === undefined || format === 'text') {
        switch (oid) {
          case PG_INT8:
            return toSafeInteger
          case PG_NUMERIC:
            return toExactNumber
          case PG_DATE:
          case PG_TIMESTAMP:
          case PG_TIMESTAMPTZ:
            return identity
        }
      }
      return types.getTypeParser(oid, format)
    },
  }
}

const PG_BYTEA = 17

/** PostgreSQL's text form of a bytea (`\\x0001ff`, or the older escape form) as a `Buffer`. */
function toBuffer(text) {
  if (text.startsWith('\\x')) return Buffer.from(text.slice(2), 'hex')
  // bytea_output = 'escape': `\\\\` is a backslash, `\\ooo` an octal byte, the rest as they are.
  const bytes = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') bytes.push(text.charCodeAt(i))
    else if (text[i + 1] === '\\') bytes.push(0x5c), i++
    else bytes.push(parseInt(text.slice(i + 1, i + 4), 8)), (i += 3)
  }
  return Buffer.from(bytes)
}

/**
 * The `parsers` option of PGlite (`new PGlite({ parsers })`, or a query's own options): the
 * parsers of {@link pgTypes} for int8, numeric, date, timestamp and timestamptz, and bytea as a
 * `Buffer` (PGlite's own are a bigint, a string, `Date`s and a `Uint8Array`). Every other type as
 * PGlite parses it. A new object on every call.
 */
function pgliteParsers() {
  return {
    [PG_INT8]: toSafeInteger,
    [PG_NUMERIC]: toExactNumber,
    [PG_DATE]: identity,
    [PG_TIMESTAMP]: identity,
    [PG_TIMESTAMPTZ]: identity,
    [PG_BYTEA]: toBuffer,
  }
}

/**
 * Options for `mysql2`'s `createConnection` / `createPool` (spread them into yours):
 * DATE/DATETIME/TIMESTAMP as text (`dateStrings`), DECIMAL and BIGINT as numbers (a RangeError
 * for a value a number cannot hold exactly), TINYINT(1) — the spec's BOOLEAN — as `true`/`false`
 * (NULL stays null). JSON columns are objects already (MySQL's JSON type, and MariaDB's JSON,
 * which mysql2 recognises from the column's metadata).
 */
function mysql2Options() {
  return {
    dateStrings: true,
    decimalNumbers: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    typeCast(field, next) {
      if (field.type === 'TINY' && field.length === 1) {
        const v = field.string()
        return v === null ? null : v !== '0'
      }
      if (field.type === 'LONGLONG') {
        // With supportBigNumbers, mysql2 gives a string exactly when a number would round (and
        // in the binary protocol of execute() the value is not text that field.string() reads).
        const v = next()
        return typeof v === 'string' ? toSafeInteger(v) : v
      }
      if (field.type === 'NEWDECIMAL' || field.type === 'DECIMAL') {
        const v = field.string()
        return v === null ? null : toExactNumber(v)
      }
      return next()
    },
  }
}

module.exports = { pgTypes, pgliteParsers, mysql2Options, canonicalDecimal }
