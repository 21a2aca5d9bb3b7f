// Values of fixture rows: how they are bound for each engine, and how values read back are
// normalised by the spec column type so that every engine's answer compares the same way.
import { INTEGER_TYPES } from './fixtures.mjs'

/** JSON with object keys sorted (jsonb and MariaDB reorder keys). */
export function canonicalJson(v) {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`
  }
  return JSON.stringify(v)
}

const isJson = (c) => c.type === 'JSON' || c.type === 'JSONB'
const isNumber = (c) => [...INTEGER_TYPES, 'REAL', 'NUMERIC', 'DECIMAL'].includes(c.type)

/** A fixture value as a query parameter. */
export function toParam(dialect, column, v) {
  if (v === null || v === undefined) return null
  if (isJson(column)) return JSON.stringify(v)
  if (column.type === 'BLOB') return Buffer.from(v, 'hex')
  if (column.type === 'BOOLEAN' && dialect !== 'postgresql') return v ? 1 : 0
  return v
}

/** A value read back from an engine, normalised by the column's spec type. */
export function fromEngine(column, v) {
  if (v === null || v === undefined) return null
  if (isJson(column)) return canonicalJson(JSON.parse(v)) // every engine is read with JSON as text
  if (isNumber(column)) return Number(v)
  if (column.type === 'BOOLEAN') return v === true || v === 1 || v === '1' || v === 't' || v === 1n
  if (column.type === 'BLOB') return Buffer.from(v).toString('hex')
  if (column.type === 'CHAR') return String(v).trimEnd()
  if (column.type === 'UUID') return String(v).toLowerCase()
  return String(v)
}

/** A fixture value (the expected side), normalised the same way. */
export function fromFixture(column, v) {
  if (v === null || v === undefined) return null
  if (isJson(column)) return canonicalJson(v)
  if (column.type === 'BLOB') return String(v).toLowerCase()
  return fromEngine(column, v)
}
