// A primary key made anew over columns the table has (previousSpec's `t` keyed on `id`, the
// spec's on `(a, b)`): the engine makes every row's values there unique, and rows that repeat
// them refuse the migration (PostgreSQL: could not create unique index "t_pkey"; MariaDB:
// Duplicate entry, whose value MariaDB 10.11 may name from another row as it copies the table
// and converts `b`; SQLite's rebuild, tried in tests/rows_refuse_servers.rs: UNIQUE constraint
// failed). Only the down migration's key was said (`DOWN_DATA_LOSS`); now the up migration's is
// a `ROWS_REFUSE_CHANGE` worded as a new UNIQUE's, with a query that finds the repeats. Each
// engine: the query, run on the seeded database, finds exactly the values that repeat; the
// migration fails; mended, the query finds nothing and the migration runs. Not said where a key
// the table had among the new key's columns kept the rows apart already.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openForFile } from './support/harness.mjs'
import { openMysqlServer, openPgServer, openPglite } from './engines/connect.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const openedMy = await openForFile(openMysqlServer())
const openedPg = await openForFile(openPgServer())
const openedPglite = await openForFile(openPglite())

const column = (name, type, nullable) => ({ name, type, nullable })
// previousSpec's and the spec's `t (id, a, b)`: keyed on `id`, then on `key` with `a` made NOT
// NULL (with the default `aDefault`, if given); `extra` (a UNIQUE) in previousSpec's.
const rekeyed = (databaseType, key, extra = {}, aDefault = undefined) => {
  const t = (keyed, aNullable) => ({
    name: 't',
    columns: [column('id', 'INTEGER', false), { ...column('a', 'INTEGER', aNullable), ...(aNullable || aDefault === undefined ? {} : { default: aDefault }) }, column('b', 'TEXT', false)],
    primaryKey: keyed,
  })
  const spec = (table) => ({ description: 's', databaseType, timestamps: false, allowDataLoss: true, tables: [table] })
  const previous = spec({ ...t(['id'], true), ...extra })
  return { previous, migration: generateMigration({ ...spec(t(key, false)), previousSpec: previous }) }
}
const refusals = (migration) => migration.validation.warnings.filter((w) => w.code === 'ROWS_REFUSE_CHANGE')

test('a new primary key over columns the table has is said as a new UNIQUE is, with its query; the down migration\'s key still says its own', () => {
  const fails = { postgresql: '(rolled back)', mysql: '(MySQL commits each statement: those before it stay done)', sqlite: "(SQLite rolls the whole migration back: none of its changes stays done)" }
  for (const db of ['postgresql', 'mysql', 'sqlite']) {
    const { migration } = rekeyed(db, ['a', 'b'])
    assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
    const said = refusals(migration)
    assert.equal(said.length, 1, JSON.stringify(migration.validation.warnings))
    assert.equal(said[0].message, `adding the primary key (a, b) to 't': existing rows that repeat values there make this migration fail ${fails[db]}`)
    assert.equal(said[0].table, 't')
    assert.equal(said[0].column, 'a')
    // (MySQL keys the TEXT as VARCHAR(255): a longer value refuses the migration itself.)
    const suggestion = db === 'mysql'
      ? "before running it, find the values that repeat there among those short enough for the new type (a longer one refuses the migration itself, as the type change's warning says) with: SELECT a, b, COUNT(*) FROM t WHERE a IS NOT NULL AND b IS NOT NULL AND CHAR_LENGTH(b) <= 255 GROUP BY a, b HAVING COUNT(*) > 1"
      : 'before running it, find the rows whose values repeat with: SELECT a, b, COUNT(*) FROM t WHERE a IS NOT NULL AND b IS NOT NULL GROUP BY a, b HAVING COUNT(*) > 1'
    assert.equal(said[0].suggestion, suggestion)
    assert.ok(migration.validation.warnings.some((w) => w.code === 'DOWN_DATA_LOSS' && w.message.startsWith("the down migration makes (id) the primary key of 't' again")), db)
  }
})

test('a new primary key is not said where a key the table had among its columns keeps the rows apart: the old key, or a UNIQUE', () => {
  for (const db of ['postgresql', 'mysql', 'sqlite']) {
    assert.deepEqual(refusals(rekeyed(db, ['id', 'a']).migration), [], db)
    assert.deepEqual(refusals(rekeyed(db, ['a', 'id']).migration), [], db)
    const unique = { uniqueConstraints: [{ name: 'uq_t_a', columns: ['a'] }] }
    // (The UNIQUE goes with the up migration, as the spec leaves it out; the rows it kept apart stay so.)
    assert.deepEqual(refusals(rekeyed(db, ['a', 'b'], unique).migration), [], db)
    // A UNIQUE over a column the new key lacks keeps nothing apart there.
    const other = { uniqueConstraints: [{ name: 'uq_t_b_id', columns: ['b', 'id'] }] }
    assert.equal(refusals(rekeyed(db, ['a', 'b'], other).migration).length, 1, db)
  }
})

for (const [opened, db, failure] of [[openedPg, 'postgresql', /could not create unique index "t_pkey"/], [openedPglite, 'postgresql', /could not create unique index "t_pkey"/], [openedMy, 'mysql', /Duplicate entry '[^']*' for key 'PRIMARY'/]]) {
  test(`${opened.engine?.label ?? db}: a new primary key's query finds exactly the repeating values, and the migration fails exactly while it does`, { skip: opened.skip }, async () => {
    const { engine } = opened
    const { previous, migration } = rekeyed(db, ['a', 'b'])
    const [said] = refusals(migration)
    const query = said.suggestion.slice(said.suggestion.indexOf('SELECT '))
    const repeats = async () => (await engine.run({ sql: query, params: [] })).rows.map((r) => Object.values(r).map(String))
    try {
      await engine.reset()
      await engine.exec(generateMigration(previous).upMigration)
      // (1, 'x') twice; 'x' and 1 repeat apart, which the key takes.
      await engine.exec("INSERT INTO t (id, a, b) VALUES (1, 1, 'x'), (2, 1, 'x'), (3, 1, 'y'), (4, 2, 'x')")
      assert.deepEqual(await repeats(), [['1', 'x', '2']])
      await assert.rejects(engine.exec(migration.upMigration), failure)
      await engine.exec('DELETE FROM t WHERE id = 2')
      assert.deepEqual(await repeats(), [])
      await engine.exec(migration.upMigration)
      await assert.rejects(engine.exec("INSERT INTO t (id, a, b) VALUES (5, 2, 'x')"), /duplicate/i)
    } finally {
      await engine.reset()
    }
  })
}

// `a` made NOT NULL with the default 0: the migration writes 0 into the rows holding NULL there
// before it makes the key, so those repeat too (two of them, or one and a row holding 0). The
// query reads `COALESCE(a, 0)`, NULL included.
for (const [opened, db, failure] of [[openedPg, 'postgresql', /could not create unique index "t_pkey"/], [openedPglite, 'postgresql', /could not create unique index "t_pkey"/], [openedMy, 'mysql', /Duplicate entry '[^']*' for key 'PRIMARY'/]]) {
  test(`${opened.engine?.label ?? db}: a new primary key over a column made NOT NULL with a default counts the rows whose NULL the default fills`, { skip: opened.skip }, async () => {
    const { engine } = opened
    const { previous, migration } = rekeyed(db, ['a', 'b'], {}, 0)
    assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
    const [said, ...more] = refusals(migration)
    assert.deepEqual(more, [])
    const query = said.suggestion.slice(said.suggestion.indexOf('SELECT '))
    assert.match(query, /^SELECT COALESCE\(a, 0\), b, COUNT\(\*\) FROM t WHERE b IS NOT NULL /)
    const repeats = async () => (await engine.run({ sql: query, params: [] })).rows.map((r) => Object.values(r).map(String)).sort()
    try {
      await engine.reset()
      await engine.exec(generateMigration(previous).upMigration)
      await engine.exec("INSERT INTO t (id, a, b) VALUES (1, NULL, 'x'), (2, 0, 'x'), (3, NULL, 'y'), (4, NULL, 'y'), (5, 1, 'y'), (6, NULL, 'z')")
      assert.deepEqual(await repeats(), [['0', 'x', '2'], ['0', 'y', '2']])
      await assert.rejects(engine.exec(migration.upMigration), failure)
      // (MySQL keeps what ran before the failing statement: the NULLs made 0 stay so.)
      await engine.exec('DELETE FROM t WHERE id IN (2, 4)')
      assert.deepEqual(await repeats(), [])
      await engine.exec(migration.upMigration)
      assert.deepEqual((await engine.run({ sql: 'SELECT id FROM t WHERE a = 0 ORDER BY id', params: [] })).rows.map((r) => String(r.id)), ['1', '3', '6'])
    } finally {
      await engine.reset()
    }
  })
}
