// SQLite migrations from previousSpec and the sqlite_sequence counters, on a database file (sql.js,
// another SQLite build than the addon's, the file written out and read back between migrations,
// as a runner applies each to the file): previousSpec cannot say whether the file has
// sqlite_sequence. A table that lost AUTOINCREMENT keeps its counter; dropped where no table has
// AUTOINCREMENT any more, the counter goes with it (it stayed, and the table made again counted
// on from it); and under a spec pulled from a file without sqlite_sequence (autoIncrement for its
// rowid keys) the drop and a key losing autoIncrement run there (they failed: "no such table:
// sqlite_sequence").
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { generateMigration, pullDatabase } = require('../index.js')
const SQL = await require('sql.js')()

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-sequence-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Runs `sql` on the database file `file` (foreign keys on), and writes the file back. */
function onFile(file, sql) {
  const db = new SQL.Database(fs.existsSync(file) ? fs.readFileSync(file) : undefined)
  try {
    db.exec('PRAGMA foreign_keys = ON')
    db.exec(sql)
    fs.writeFileSync(file, db.export())
  } finally {
    db.close()
  }
}

/** The rows `query` gives on the file `file`, as arrays. */
function rows(file, query) {
  const db = new SQL.Database(fs.readFileSync(file))
  try {
    return db.exec(query)[0]?.values ?? []
  } finally {
    db.close()
  }
}

const spec = (tables, extra = {}) => ({ description: 'change', databaseType: 'sqlite', now: '2026-02-09T12:00:00Z', tables, ...extra })
const DROPS = { allowDataLoss: true, dropTablesNotInSpec: true }

/** The migration from `previous` to `next` (previousSpec), which must be valid. */
function change(previous, next) {
  const r = generateMigration({ ...next, previousSpec: previous })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  return r
}

const keep = { name: 'keep', timestamps: false, primaryKey: ['k'], columns: [{ name: 'k', type: 'TEXT', nullable: false }] }
/** `counted` with an AUTOINCREMENT key `id`, or (false) its key moved to `code`, which takes AUTOINCREMENT off. */
const counted = (autoIncrement) => ({
  name: 'counted',
  timestamps: false,
  ...(autoIncrement ? {} : { primaryKey: ['code'] }),
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, autoIncrement },
    { name: 'code', type: 'TEXT', nullable: false },
  ],
})

test('previousSpec without an AUTOINCREMENT table left: a dropped table takes the counter kept for it (a table made again under its name counts from 1)', () => {
  const file = path.join(dir, 'kept.db')
  const v1 = spec([keep, counted(true)])
  onFile(file, generateMigration(v1).upMigration)
  onFile(file, "INSERT INTO counted (code) VALUES ('a'), ('b'), ('c'), ('d'), ('e'); DELETE FROM counted WHERE id = 5;")
  // AUTOINCREMENT taken off: the counter is kept under the table's name.
  const v2 = spec([keep, counted(false)])
  onFile(file, change(v1, v2).upMigration)
  assert.deepEqual(rows(file, 'SELECT name, seq FROM sqlite_sequence'), [['counted', 5]])
  // Dropped: no AUTOINCREMENT table in previousSpec any more.
  const v3 = spec([keep], DROPS)
  const dropped = change(v2, v3)
  onFile(file, dropped.upMigration)
  assert.deepEqual(rows(file, 'SELECT name, seq FROM sqlite_sequence'), [], dropped.upMigration)
  assert.deepEqual(rows(file, "SELECT name FROM sqlite_master WHERE name LIKE '_mg%'"), [])
  // Made again: its keys count from 1.
  onFile(file, change(v3, spec([keep, counted(true)])).upMigration)
  onFile(file, "INSERT INTO counted (code) VALUES ('new');")
  assert.deepEqual(rows(file, "SELECT id FROM counted WHERE code = 'new'"), [[1]])
  // The down migration of the drop, on a file it was run on: the table back, empty.
  const down = path.join(dir, 'kept-down.db')
  fs.copyFileSync(file, down)
  onFile(down, change(spec([keep, counted(true)]), v3).upMigration)
  onFile(down, dropped.downMigration)
  assert.deepEqual(rows(down, 'SELECT count(*) FROM counted'), [[0]])
})

test('a spec pulled from a file without sqlite_sequence (autoIncrement for its rowid keys) as previousSpec: a drop and a key losing autoIncrement run on that file', () => {
  const file = path.join(dir, 'plain.db')
  onFile(
    file,
    `CREATE TABLE keep (id INTEGER PRIMARY KEY, v TEXT);
     CREATE TABLE counted (id INTEGER PRIMARY KEY, code TEXT NOT NULL);
     CREATE TABLE other (id INTEGER PRIMARY KEY, code TEXT NOT NULL);
     INSERT INTO keep (v) VALUES ('x'); INSERT INTO counted (code) VALUES ('a'); INSERT INTO other (code) VALUES ('b'), ('c');`,
  )
  const { spec: pulled, leftOut } = pullDatabase(file)
  assert.ok(leftOut.some((l) => /without AUTOINCREMENT/.test(l.what)), JSON.stringify(leftOut))
  const previous = { ...pulled, description: 'pulled', tables: pulled.tables.map((t) => ({ ...t, timestamps: false })) }
  assert.deepEqual(rows(file, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"), [[0]])
  // counted dropped; other's key loses autoIncrement (to what the file has).
  const tables = previous.tables
    .filter((t) => t.name !== 'counted')
    .map((t) => (t.name === 'other' ? { ...t, columns: t.columns.map((c) => (c.name === 'id' ? { ...c, autoIncrement: false } : c)) } : t))
  const r = change(previous, { ...previous, description: 'next', tables, ...DROPS })
  assert.match(r.upMigration, /sqlite_sequence/)
  onFile(file, r.upMigration)
  assert.deepEqual(rows(file, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"), [['keep'], ['other']])
  assert.deepEqual(rows(file, 'SELECT id, code FROM other ORDER BY id'), [[1, 'b'], [2, 'c']])
  assert.deepEqual(rows(file, 'SELECT count(*) FROM sqlite_sequence'), [[0]])
  onFile(file, r.downMigration)
  assert.deepEqual(rows(file, 'SELECT count(*) FROM counted'), [[0]])
  assert.deepEqual(rows(file, 'SELECT id, code FROM other ORDER BY id'), [[1, 'b'], [2, 'c']])
})
