// sql.js (SQLite compiled to WebAssembly) for the bench: building the SQLite files the
// introspection benchmark reads, the JavaScript introspection it is compared with, and the
// catalog summary used to check that the peers' DDL builds the same tables as ours.
import fs from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const initSqlJs = require('sql.js')

let SQL
/** Loads the WebAssembly module once (not part of any timed work). */
export async function loadSqlJs() {
  SQL ??= await initSqlJs()
  return SQL
}

/** Runs `script` on a new in-memory database and returns the database file's bytes. */
export function buildDatabase(script) {
  const db = new SQL.Database()
  try {
    db.exec(script)
    return db.export()
  } finally {
    db.close()
  }
}

const quote = (name) => `"${name.replaceAll('"', '""')}"`

function rows(db, query) {
  const [res] = db.exec(query)
  if (!res) return []
  const { columns, values } = res
  return values.map((v) => {
    const o = {}
    for (let i = 0; i < columns.length; i++) o[columns[i]] = v[i]
    return o
  })
}

/**
 * Introspection the way the specification proposed, in JavaScript: read the file, open it in
 * sql.js, list the tables from sqlite_master, then PRAGMA table_info per table. With `full`,
 * also PRAGMA index_list and PRAGMA foreign_key_list per table. Returns the tables as plain
 * objects (name, CREATE statement, columns, and with `full` indexes and foreign keys).
 */
export function introspectWithSqlJs(path, full) {
  const db = new SQL.Database(fs.readFileSync(path))
  try {
    const tables = rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    const result = new Map()
    for (const { name, sql } of tables) {
      const q = quote(name)
      const columns = rows(db, `PRAGMA table_info(${q})`).map((c) => ({
        name: c.name,
        type: c.type,
        nullable: c.notnull === 0,
        default: c.dflt_value,
        primaryKey: c.pk > 0,
      }))
      const table = { tableName: name, sql, columns }
      if (full) {
        table.indexes = rows(db, `PRAGMA index_list(${q})`).map((i) => ({ name: i.name, unique: i.unique === 1, origin: i.origin, partial: i.partial === 1 }))
        table.foreignKeys = rows(db, `PRAGMA foreign_key_list(${q})`).map((f) => ({
          id: f.id,
          column: f.from,
          referencedTable: f.table,
          referencedColumn: f.to,
          onUpdate: f.on_update,
          onDelete: f.on_delete,
        }))
      }
      result.set(name, table)
    }
    return result
  } finally {
    db.close()
  }
}

/**
 * What a migration built, independent of how its SQL was spelled: per table the column names
 * with NOT NULL and whether they have a default, the primary key, the foreign keys with their
 * ON DELETE action, the unique and non-unique index column lists (including the automatic
 * indexes of UNIQUE constraints), and the number of CHECK constraints in the stored CREATE.
 */
export function catalog(script) {
  const db = new SQL.Database()
  try {
    db.exec(script)
    const out = {}
    for (const { name, sql } of rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
      const q = quote(name)
      const cols = rows(db, `PRAGMA table_info(${q})`)
      const indexes = rows(db, `PRAGMA index_list(${q})`)
        .filter((i) => i.origin !== 'pk')
        .map((i) => `${i.unique ? 'unique' : 'index'}(${rows(db, `PRAGMA index_info(${quote(i.name)})`).map((c) => c.name).join(',')})`)
        .sort()
      out[name] = {
        // A primary-key column's NOT NULL is left out: an INTEGER PRIMARY KEY (rowid) is never
        // null whether or not its declaration says so.
        columns: cols.map((c) => `${c.name}${c.notnull && !c.pk ? ' not null' : ''}${c.dflt_value !== null ? ' default' : ''}`),
        primaryKey: cols.filter((c) => c.pk > 0).map((c) => c.name),
        foreignKeys: rows(db, `PRAGMA foreign_key_list(${q})`).map((f) => `${f.from}->${f.table}.${f.to} ON DELETE ${f.on_delete}`).sort(),
        indexes,
        checks: (sql.match(/\bcheck\s*\(/gi) || []).length,
      }
    }
    return out
  } finally {
    db.close()
  }
}
