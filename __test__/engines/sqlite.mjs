// SQLite through sql.js (the SQLite C library compiled to WebAssembly, another build than the
// addon's bundled one), with the adapter the previousSpec tests use for PGlite and the servers:
// exec, run, reset, and the schema read back from SQLite's PRAGMAs. Foreign keys are enforced,
// as a migration runner that follows the README does.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'

const require = createRequire(import.meta.url)

/** The text of each CHECK of a CREATE TABLE text, whitespace collapsed, in order. */
export function checkTexts(sql) {
  const out = []
  const re = /\bCHECK\s*\(/gi
  let m
  while ((m = re.exec(sql))) {
    let depth = 1
    let i = re.lastIndex
    let quote = null
    for (; i < sql.length && depth > 0; i++) {
      const ch = sql[i]
      if (quote) {
        if (ch === quote) quote = null
      } else if (ch === "'" || ch === '"') quote = ch
      else if (ch === '(') depth++
      else if (ch === ')') depth--
    }
    out.push(sql.slice(re.lastIndex, i - 1).replace(/\s+/g, ' ').trim())
    re.lastIndex = i
  }
  return out
}

/** The rows of `sql` with `params` on the sql.js database `db`, as objects. */
function rowsOf(db, sql, params = []) {
  const stmt = db.prepare(sql)
  stmt.bind(params)
  const rows = []
  while (stmt.step()) rows.push(stmt.getAsObject())
  stmt.free()
  return rows
}

/**
 * The schema of every table (not SQLite's own): columns in order (name, declared type, NOT NULL,
 * default, key position), AUTOINCREMENT, the indexes (an automatic one by what it covers, since
 * its name counts constraints; a made one by name, with its WHERE), the foreign keys and the
 * CHECK texts, sorted.
 */
function readSchema(db) {
  const all = (sql, params) => rowsOf(db, sql, params)
  const out = {}
  const tables = all("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
  for (const { name, sql } of tables) {
    const columns = all('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid', [name])
      .map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1, default: c.dflt_value, key: c.pk }))
    const indexes = all('SELECT name, "unique", origin, partial FROM pragma_index_list(?)', [name]).map((i) => {
      const cols = all('SELECT name, "desc" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno', [i.name]).map((c) => `${c.name}${c.desc ? ' DESC' : ''}`)
      const text = all("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [i.name])[0]?.sql ?? null
      const where = text && i.partial ? text.replace(/\s+/g, ' ').replace(/^.*?\sWHERE\s/is, '') : null
      // An automatic index (a UNIQUE or key of the table's) by its origin: its name counts
      // the table's constraints. A UNIQUE a migration adds must be the table's too, as a
      // CREATE has it, not an index: the next migration's rebuild checks the table against it.
      const name = i.origin === 'c' ? i.name : `(${i.origin})`
      return { name, unique: i.unique === 1, columns: cols, where }
    }).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    const fkRows = all('SELECT id, seq, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq', [name])
    const byId = new Map()
    for (const r of fkRows) {
      const fk = byId.get(r.id) ?? { table: r.table, from: [], to: [], onUpdate: r.on_update, onDelete: r.on_delete }
      fk.from.push(r.from)
      fk.to.push(r.to)
      byId.set(r.id, fk)
    }
    const foreignKeys = [...byId.values()].map((f) => JSON.stringify(f)).sort()
    out[name] = { columns, autoincrement: /\bAUTOINCREMENT\b/i.test(sql), indexes, foreignKeys, checks: checkTexts(sql).sort() }
  }
  return out
}

/** A new in-memory SQLite database in sql.js, with the adapter the previousSpec tests drive. */
export async function openSqlJs() {
  const SQL = await require('sql.js')()
  const pkg = JSON.parse(readFileSync(new URL('../../node_modules/sql.js/package.json', import.meta.url), 'utf8'))
  const fresh = () => {
    const db = new SQL.Database()
    db.exec('PRAGMA foreign_keys = ON')
    return db
  }
  let db = fresh()
  const version = db.exec('SELECT sqlite_version()')[0].values[0][0]
  const run = async ({ sql, params }) => ({ rows: rowsOf(db, sql, params), affected: db.getRowsModified() })
  const engine = {
    label: `sql.js ${pkg.version} (SQLite ${version})`,
    exec: async (script) => { db.exec(script) },
    run,
    reset: async () => {
      db.close()
      db = fresh()
    },
    readSchema: async () => readSchema(db),
  }
  return { engine, close: () => db.close() }
}
