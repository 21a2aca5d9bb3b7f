// INVALID_DEFAULT's warning (src/defaults.rs, string_default_as_call): a string default of a text
// column that is exactly a call (`datetime('now')`, `gen_random_uuid()`, `uuid()`) or a
// current-time keyword in other than capitals (`current_date`) is stored as that text. A migration
// made against a database (previousSpec) gives it only for the defaults it writes. The migrations
// run on sql.js, the PostgreSQL server and the MySQL-compatible server (each skipped with one loud
// line when unreachable, a failure under CI=true), and the rows hold the text.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { pgTryingClient, mysqlTryingConnection } from './engines/connect.mjs'
import { openSqlJs } from './engines/sqlite.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const CALLS = { sqlite: "datetime('now')", postgresql: 'gen_random_uuid()', mysql: 'uuid()' }
const TABLES = ['kept', 'touched', 'added', 'changed', 'created']

/**
 * The spec before (`after` false) or after the change: `kept` is left as it is, `touched` gets a
 * column without a default, `added` gets the column `s` whose default is the call, `changed` has
 * its default changed from plain text to the call, `created` is new.
 */
function scopeSpec(databaseType, after) {
  const id = { name: 'id', type: 'INTEGER', nullable: false }
  const s = (text) => ({ name: 's', type: 'TEXT', nullable: true, default: text })
  const call = CALLS[databaseType]
  const table = (name, columns) => ({ name, primaryKey: ['id'], columns })
  const tables = [
    table('kept', [id, s(call)]),
    table('touched', after ? [id, s(call), { name: 'm', type: 'INTEGER', nullable: true }] : [id, s(call)]),
    table('added', after ? [id, s(call)] : [id]),
    table('changed', [id, s(after ? call : 'x')]),
  ]
  if (after) tables.push(table('created', [id, s(call)]))
  return { description: 'string_call_defaults', databaseType, timestamps: false, tables }
}
/** The tables of the INVALID_DEFAULT warnings of a result, sorted. */
const warnedTables = (r) => r.validation.warnings.filter((w) => w.code === 'INVALID_DEFAULT').map((w) => `${w.table}.${w.column}`).sort()

/** `{ previous, migration, created }` for `databaseType`, each valid, the warnings checked. */
function scoped(databaseType) {
  const before = scopeSpec(databaseType, false)
  const previous = generateMigration(before)
  const migration = generateMigration({ ...scopeSpec(databaseType, true), previousSpec: before })
  const created = generateMigration(scopeSpec(databaseType, true))
  for (const r of [previous, migration, created]) assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  assert.deepEqual(warnedTables(created), ['added.s', 'changed.s', 'created.s', 'kept.s', 'touched.s'])
  assert.deepEqual(warnedTables(migration), ['added.s', 'changed.s', 'created.s'])
  return { previous, migration, created }
}
/** Inserts a row leaving `s` out into each table, and a CHECK that fails unless `s` holds `text`. */
const rowsHold = (text, quote) =>
  TABLES.map((t) => `INSERT INTO ${quote}${t}${quote} (id) VALUES (1);\nALTER TABLE ${quote}${t}${quote} ADD CONSTRAINT ${quote}chk_${t}_text${quote} CHECK (s = '${text.replace(/'/g, "''")}');`).join('\n')

test('INVALID_DEFAULT for a string default that is a call, from previousSpec on SQLite: only for the defaults the migration writes (a created table, an added column, a changed default); sql.js runs it and the rows hold the text', async () => {
  const { previous, migration } = scoped('sqlite')
  const { engine, close } = await openSqlJs()
  try {
    await engine.exec(previous.upMigration)
    await engine.exec(migration.upMigration)
    for (const t of TABLES) {
      await engine.exec(`INSERT INTO "${t}" (id) VALUES (1)`)
      assert.deepEqual((await engine.run({ sql: `SELECT s FROM "${t}"` })).rows, [{ s: "datetime('now')" }], t)
    }
  } finally {
    close()
  }
})

/** The INVALID_DEFAULT of a spec of one `type` column whose default is `text` (`error`: whether it is an error), with the up migration. */
function keywordWarning(databaseType, text, type = 'TEXT') {
  const r = generateMigration({
    description: 'keyword_default',
    databaseType,
    timestamps: false,
    tables: [{ name: 'kw', primaryKey: ['id'], columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 's', type, nullable: true, default: text }] }],
  })
  const errors = r.validation.errors.filter((w) => w.code === 'INVALID_DEFAULT')
  const found = [...errors, ...r.validation.warnings.filter((w) => w.code === 'INVALID_DEFAULT')]
  assert.equal(found.length, 1, `${databaseType} ${text}: ${JSON.stringify(found)}`)
  return { ...found[0], error: errors.length === 1, up: r.upMigration }
}

test('INVALID_DEFAULT for a current-time keyword in lower case without parentheses: it names the spelling in capitals the spec reads as the current time, and no call the database lacks (SQLite and PostgreSQL have no current_date())', () => {
  for (const db of ['sqlite', 'postgresql', 'mysql']) {
    const w = keywordWarning(db, 'current_date')
    assert.equal(w.message, `the string default 'current_date' is stored as that text, the same in every row: a string default is a literal, and only "CURRENT_DATE", in capitals, is read as the current date`, db)
    assert.equal(w.suggestion, 'for the current date write "default": "CURRENT_DATE" (each database writes it in its own idiom), or "default": { "expression": "current_date" }; to store the text itself, leave it as it is', db)
    assert.doesNotMatch(`${w.message} ${w.suggestion}`, /current_date\(\)/, db)
    const stamp = keywordWarning(db, 'Current_Timestamp')
    assert.match(stamp.message, /only "CURRENT_TIMESTAMP", in capitals, is read as the current date and time$/, db)
    // A DATE column refuses the text: the error says the same.
    const dated = keywordWarning(db, 'current_date', 'DATE')
    assert.equal(dated.error, true, db)
    assert.match(dated.suggestion, /^for the current date write "CURRENT_DATE", in capitals/, db)
  }
  // MySQL's LOCALTIME is NOW(); PostgreSQL's has no time zone, which CURRENT_TIME has there.
  assert.match(keywordWarning('mysql', 'localtime').message, /only "CURRENT_TIMESTAMP", in capitals, is read as the current date and time$/)
  const pgLocal = keywordWarning('postgresql', 'localtime')
  assert.equal(pgLocal.message, "the string default 'localtime' is stored as that text, the same in every row: a string default is a literal, and the keyword LOCALTIME in it is not evaluated")
  assert.equal(pgLocal.suggestion, 'to give each row the value of LOCALTIME, write "default": { "expression": "localtime" }; to store the text itself, leave it as it is')
  // A call keeps its wording.
  assert.match(keywordWarning('mysql', 'current_date()').message, /current_date\(\) is not called$/)
})

test('sql.js: the string default current_date is stored as that text; the spec\'s "CURRENT_DATE" is the date', async () => {
  const { engine, close } = await openSqlJs()
  try {
    await engine.exec(keywordWarning('sqlite', 'current_date').up)
    await engine.exec('INSERT INTO kw (id) VALUES (1)')
    assert.deepEqual((await engine.run({ sql: 'SELECT s FROM kw' })).rows, [{ s: 'current_date' }])
    await engine.reset()
    const capitals = generateMigration({
      description: 'keyword_default',
      databaseType: 'sqlite',
      timestamps: false,
      tables: [{ name: 'kw', primaryKey: ['id'], columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 's', type: 'TEXT', nullable: true, default: 'CURRENT_DATE' }] }],
    })
    assert.deepEqual(capitals.validation.warnings.filter((w) => w.code === 'INVALID_DEFAULT'), [])
    await engine.exec(capitals.upMigration)
    await engine.exec('INSERT INTO kw (id) VALUES (1)')
    assert.match((await engine.run({ sql: 'SELECT s FROM kw' })).rows[0].s, /^\d{4}-\d\d-\d\d$/)
  } finally {
    close()
  }
})

const pgServer = await pgTryingClient('mg_defscope_pg')
if (pgServer.skip) {
  test('PostgreSQL server: string defaults that are calls', { skip: pgServer.skip }, () => {})
} else {
  after(() => pgServer.close())
  test('PostgreSQL server: from previousSpec, INVALID_DEFAULT only for the defaults the migration writes; the migration runs (down too) and the rows hold the text; so does the string default current_date', async () => {
    const { previous, migration } = scoped('postgresql')
    assert.equal(await pgServer.tryScript([previous.upMigration, migration.upMigration, rowsHold('gen_random_uuid()', '"')].join('\n')), null)
    assert.equal(await pgServer.tryScript([previous.upMigration, migration.upMigration, migration.downMigration].join('\n')), null)
    const kw = keywordWarning('postgresql', 'current_date').up
    assert.equal(await pgServer.tryScript([kw, "INSERT INTO kw (id) VALUES (1); ALTER TABLE kw ADD CONSTRAINT chk_kw CHECK (s = 'current_date');"].join('\n')), null)
  })
}

const mysqlServer = await mysqlTryingConnection('mg_defscope_my')
if (mysqlServer.skip) {
  test('MySQL/MariaDB server: string defaults that are calls', { skip: mysqlServer.skip }, () => {})
} else {
  after(() => mysqlServer.close())
  test(`MySQL/MariaDB server (${mysqlServer.version}): from previousSpec, INVALID_DEFAULT only for the defaults the migration writes; the migration runs (down too) and the rows hold the text; so does the string default current_date`, async () => {
    const { previous, migration } = scoped('mysql')
    assert.equal(await mysqlServer.tryScript([previous.upMigration, migration.upMigration, rowsHold('uuid()', '`')].join('\n'), ...TABLES), null)
    assert.equal(await mysqlServer.tryScript([previous.upMigration, migration.upMigration, migration.downMigration].join('\n'), ...TABLES), null)
    const kw = keywordWarning('mysql', 'current_date').up
    assert.equal(await mysqlServer.tryScript([kw, "INSERT INTO kw (id) VALUES (1); ALTER TABLE kw ADD CONSTRAINT chk_kw CHECK (s = 'current_date');"].join('\n'), 'kw'), null)
  })
}
