'use strict'
/**
 * Decodes the native `introspectDatabaseCompact` answer into the objects that
 * `JSON.parse(introspectDatabaseJson(path)).schema` gives (same keys in the same order, `where`
 * only on partial indexes, `expressions` only on indexes with expression keys, `defaultValue` null when there is none). The form is documented in
 * src/introspect_transfer.rs: `text` holds each distinct text once, `layout` gives each text's
 * end (in UTF-16 code units, as `slice` counts) and then the structure, texts by number.
 * Every object and array is new; only the (immutable) strings are shared. Longer strings are
 * V8 slices of `text`, which stays alive while any of them does (~70 K characters for 1,000
 * tables).
 */

// src/introspect_transfer.rs: column_flags and index_flags.
const NOT_NULL = 1
const PRIMARY_KEY = 2
const HAS_DEFAULT = 4
const UNIQUE = 1
const HAS_WHERE = 2
const HAS_EXPRESSIONS = 4

/** The `n` texts whose numbers are at `layout[from…]`, as a new array. */
function texts(S, layout, from, n) {
  const a = new Array(n)
  for (let i = 0; i < n; i++) a[i] = S[layout[from + i]]
  return a
}

/**
 * @param {string} text
 * @param {Uint32Array} layout
 * @returns {{ existingTables: string[], tableSchemas: object[] }}
 */
function decodeIntrospection(text, layout) {
  const L = layout
  const count = L[0]
  const S = new Array(count)
  let start = 0
  for (let i = 0; i < count; i++) {
    const end = L[i + 1]
    S[i] = text.slice(start, end)
    start = end
  }
  let k = count + 1
  let n = L[k++]
  const existingTables = texts(S, L, k, n)
  k += n
  const tables = L[k++]
  const tableSchemas = new Array(tables)
  for (let t = 0; t < tables; t++) {
    const tableName = S[L[k++]]
    const columns = new Array(L[k++])
    for (let i = 0; i < columns.length; i++) {
      const name = S[L[k++]]
      const type = S[L[k++]]
      const f = L[k++]
      const defaultValue = (f & HAS_DEFAULT) !== 0 ? S[L[k++]] : null
      columns[i] = { name, type, notNull: (f & NOT_NULL) !== 0, defaultValue, primaryKey: (f & PRIMARY_KEY) !== 0 }
    }
    const indexes = new Array(L[k++])
    for (let i = 0; i < indexes.length; i++) {
      const name = S[L[k++]]
      const f = L[k++]
      const unique = (f & UNIQUE) !== 0
      if ((f & HAS_WHERE) !== 0) {
        const where = S[L[k++]]
        n = L[k++]
        indexes[i] = { name, columns: texts(S, L, k, n), unique, where }
      } else {
        n = L[k++]
        indexes[i] = { name, columns: texts(S, L, k, n), unique }
      }
      k += n
      if ((f & HAS_EXPRESSIONS) !== 0) {
        n = L[k++]
        indexes[i].expressions = texts(S, L, k, n)
        k += n
      }
    }
    const foreignKeys = new Array(L[k++])
    for (let i = 0; i < foreignKeys.length; i++) {
      n = L[k++]
      const columns = texts(S, L, k, n)
      k += n
      const referencedTable = S[L[k++]]
      n = L[k++]
      const referencedColumns = texts(S, L, k, n)
      k += n
      const onDelete = S[L[k++]]
      const onUpdate = S[L[k++]]
      foreignKeys[i] = { columns, referencedTable, referencedColumns, onDelete, onUpdate }
    }
    const checks = new Array(L[k++])
    for (let i = 0; i < checks.length; i++) {
      const name = S[L[k++]]
      checks[i] = { name, expression: S[L[k++]] }
    }
    n = L[k++]
    const triggers = texts(S, L, k, n)
    k += n
    n = L[k++]
    const views = texts(S, L, k, n)
    k += n
    const uniqueConstraints = new Array(L[k++])
    for (let i = 0; i < uniqueConstraints.length; i++) {
      n = L[k++]
      uniqueConstraints[i] = { columns: texts(S, L, k, n) }
      k += n
    }
    tableSchemas[t] = { tableName, columns, indexes, foreignKeys, checks, triggers, views, uniqueConstraints }
  }
  if (k !== L.length) throw new Error(`introspection layout: ${L.length - k} numbers left over`)
  return { existingTables, tableSchemas }
}

module.exports = { decodeIntrospection }
