// metadata.outsideTransaction held against SQLite (sql.js, foreign keys on, as the README asks of
// a runner): a script it says may run inside a transaction runs inside one; one it marks stops
// there at its guard, changing nothing, and runs outside one. PostgreSQL and MySQL scripts are
// never marked; nor is a result with errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')
const initSqlJs = require('sql.js')
const SQL = await initSqlJs()

const NOW = '2026-02-09T12:00:00Z'
const key = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
const authors = { name: 'authors', columns: [key, { name: 'name', type: 'TEXT', nullable: true }] }
const books = {
  name: 'books',
  columns: [key, { name: 'author_id', type: 'INTEGER', nullable: true }],
  foreignKeys: [{ columns: ['author_id'], referencedTable: 'authors', referencedColumns: ['id'], onDelete: 'CASCADE' }],
}
/** authors with a new CHECK: on SQLite a rebuild of a table books references. */
const checked = { ...authors, checkConstraints: [{ name: 'authors_name_not_empty', expression: "name <> ''" }] }
const spec = (databaseType, tables, extra = {}) => ({ description: 'd', databaseType, now: NOW, timestamps: false, tables, ...extra })
const ROWS = "INSERT INTO authors (id, name) VALUES (1, 'Le Guin'); INSERT INTO books (author_id) VALUES (1), (1);"

const schema = (db) => JSON.stringify(db.exec("SELECT type, name, sql FROM sqlite_master ORDER BY name"))
const count = (db, table) => db.exec(`SELECT count(*) FROM ${table}`)[0].values[0][0]

/** A database with foreign keys on, made by `create` (a migration's up), holding ROWS. */
function database(create) {
  const db = new SQL.Database()
  db.exec('PRAGMA foreign_keys = ON;')
  db.exec(create)
  db.exec(ROWS)
  return db
}

/** `sql` inside BEGIN … COMMIT: the error, or null; a transaction left open is rolled back. */
function inTransaction(db, sql) {
  try {
    db.exec(`BEGIN;\n${sql}\nCOMMIT;`)
    return null
  } catch (e) {
    try {
      db.exec('ROLLBACK;')
    } catch {}
    return e.message
  }
}

test('a SQLite CREATE may run inside a transaction, up and down', () => {
  const r = generateMigration(spec('sqlite', [authors, books]))
  assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))
  assert.deepEqual(r.metadata.outsideTransaction, { up: false, down: false })
  const db = new SQL.Database()
  db.exec('PRAGMA foreign_keys = ON;')
  assert.equal(inTransaction(db, r.upMigration), null)
  db.exec(ROWS)
  assert.equal(inTransaction(db, r.downMigration), null)
  assert.equal(db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").length, 0)
})

test('a SQLite rebuild of a referenced table must run outside a transaction, up and down, and says so', () => {
  const previous = spec('sqlite', [authors, books])
  const r = generateMigration(spec('sqlite', [checked, books], { previousSpec: previous }))
  assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))
  assert.deepEqual(r.metadata.outsideTransaction, { up: true, down: true })
  const db = database(generateMigration(previous).upMigration)
  const before = schema(db)
  const refused = inTransaction(db, r.upMigration)
  assert.match(refused ?? '', /foreign_keys_off_so_run_this_migration_outside_a_transaction/)
  assert.equal(schema(db), before, 'nothing changed')
  db.exec(r.upMigration)
  assert.notEqual(schema(db), before)
  assert.equal(count(db, 'books'), 2, 'the cascade did not run')
  const after = schema(db)
  assert.match(inTransaction(db, r.downMigration) ?? '', /foreign_keys_off_so_run_this_migration_outside_a_transaction/)
  assert.equal(schema(db), after, 'nothing changed')
  db.exec(r.downMigration)
  assert.equal(schema(db), before)
  assert.equal(count(db, 'books'), 2)
})

test('a SQLite CREATE of a cycle with ON DELETE CASCADE: its down migration only must run outside a transaction', () => {
  const cyclic = { ...authors, columns: [...authors.columns, { name: 'best_book_id', type: 'INTEGER', nullable: true }], foreignKeys: [{ columns: ['best_book_id'], referencedTable: 'books', referencedColumns: ['id'], onDelete: 'CASCADE' }] }
  const r = generateMigration(spec('sqlite', [cyclic, books]))
  assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))
  assert.deepEqual(r.metadata.outsideTransaction, { up: false, down: true })
  const db = new SQL.Database()
  db.exec('PRAGMA foreign_keys = ON;')
  assert.equal(inTransaction(db, r.upMigration), null)
  db.exec(ROWS)
  const after = schema(db)
  assert.match(inTransaction(db, r.downMigration) ?? '', /foreign_keys_off_so_run_this_migration_outside_a_transaction/)
  assert.equal(schema(db), after)
  db.exec(r.downMigration)
  assert.equal(db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").length, 0)
})

test('PostgreSQL and MySQL scripts, and results with errors, are never marked', () => {
  for (const db of ['postgresql', 'mysql']) {
    const previous = spec(db, [authors, books])
    const r = generateMigration(spec(db, [checked, books], { previousSpec: previous }))
    assert.ok(r.validation.valid, `${db}: ${JSON.stringify(r.validation.errors)}`)
    assert.deepEqual(r.metadata.outsideTransaction, { up: false, down: false }, db)
  }
  for (const bad of [spec('sqlite', [{ name: 'x' }]), spec('sqlite', [{ ...authors, columns: [key, { name: 'n', type: 'INTEGER', nullable: true, default: NaN }] }])]) {
    const r = generateMigration(bad)
    assert.equal(r.validation.valid, false)
    assert.deepEqual(r.metadata.outsideTransaction, { up: false, down: false })
  }
})
