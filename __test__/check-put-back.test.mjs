// A CHECK changed with previousSpec, run on SQLite (sql.js), the PostgreSQL server and the
// MySQL/MariaDB server: where the down migration puts back a CHECK that lets in every row the
// new one lets in (`qty >= 0` over `qty >= 1`, an IN list with a value twice), no DOWN_DATA_LOSS
// is said, and the down migration indeed runs over the rows written since; where it puts back a
// tighter one, DOWN_DATA_LOSS says which values refuse it, and the down migration indeed fails on
// a row written since with such a value. (A user trial was warned of the first kind.)
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openPgServer, openMysqlServer } from './engines/connect.mjs'
import { openSqlJs } from './engines/sqlite.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const engines = [
  ['sqlite', await openSqlJs()],
  ['postgresql', await openPgServer()],
  ['mysql', await openMysqlServer()],
]
after(async () => {
  for (const [, opened] of engines) await opened.close?.()
})

const spec = (databaseType, expression) => ({
  description: 'check put back',
  databaseType,
  timestamps: false,
  tables: [{
    name: 'mg_t',
    columns: [
      { name: 'id', type: 'INTEGER', nullable: false },
      { name: 'qty', type: 'INTEGER', nullable: true },
      { name: 'status', type: 'VARCHAR', length: 9, nullable: true },
    ],
    primaryKey: ['id'],
    checkConstraints: [{ name: 'chk_mg_t', expression }],
  }],
})

/** The CHECK's DOWN_DATA_LOSS warnings of the change from `before` to `now` on `db`. */
const checkWarnings = (change) => change.validation.warnings.filter((w) => w.code === 'DOWN_DATA_LOSS' && w.message.includes("CHECK 'chk_mg_t'")).map((w) => w.message)

/** The change from `before` to `now` run on `engine` over `rows`, then `since`, then the down migration: its error, or null. */
async function trial(db, engine, before, now, rows, since) {
  const change = generateMigration({ ...spec(db, now), previousSpec: spec(db, before) })
  assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
  await engine.reset()
  await engine.exec(generateMigration(spec(db, before)).upMigration)
  await engine.exec(`INSERT INTO mg_t (id, qty, status) VALUES ${rows}`)
  await engine.exec(change.upMigration)
  await engine.exec(`INSERT INTO mg_t (id, qty, status) VALUES ${since}`)
  let down = null
  try {
    await engine.exec(change.downMigration)
  } catch (e) {
    down = e.message
  }
  return { warnings: checkWarnings(change), down }
}

const LOOSER = [
  // before, now, rows (which both CHECKs let in), rows written since
  ['qty >= 0', 'qty >= 1', "(1, 1, 'a'), (2, NULL, 'b')", "(3, 1, 'a'), (4, NULL, NULL)"],
  ["status IN ('a', 'b', 'a')", "status IN ('a', 'b')", "(1, 0, 'a'), (2, 5, 'b')", "(3, 1, 'b'), (4, 2, NULL)"],
  ["status IN ('a', 'b')", "status IN ('b', 'a', 'b')", "(1, 0, 'a')", "(3, 1, 'b')"],
  ["status IN ('a', 'b', 'a')", "status = 'a'", "(1, 0, 'a')", "(3, 1, 'a')"],
  ['qty BETWEEN 0 AND 10', 'qty >= 2 AND qty <= 8', '(1, 5, NULL)', '(3, 8, NULL), (4, NULL, NULL)'],
]

const TIGHTER = [
  // before, now, the values said, rows, a row written since that the CHECK put back refuses
  ['qty >= 1', 'qty >= 0', 'qty < 1', "(1, 1, 'a')", "(3, 0, 'a')"],
  ["status IN ('a', 'b', 'a')", "status IN ('a', 'b', 'c')", "status NOT IN ('a', 'b')", "(1, 0, 'a')", "(3, 1, 'c')"],
]

for (const [db, opened] of engines) {
  const skip = opened.skip ?? false
  test(`${db}: a CHECK put back looser than the new one is not said, and the down migration runs over the rows written since`, { skip }, async () => {
    for (const [before, now, rows, since] of LOOSER) {
      const got = await trial(db, opened.engine, before, now, rows, since)
      assert.deepEqual(got.warnings, [], `${before} made ${now}`)
      assert.equal(got.down, null, `${before} made ${now}`)
    }
  })

  test(`${db}: a CHECK put back tighter than the new one is said with the values it refuses, and the down migration fails on one written since`, { skip }, async () => {
    for (const [before, now, values, rows, since] of TIGHTER) {
      const got = await trial(db, opened.engine, before, now, rows, since)
      assert.equal(got.warnings.length, 1, `${before} made ${now}`)
      assert.ok(got.warnings[0].includes(`a row written since that it refuses (${values}) makes it fail`), got.warnings[0])
      assert.match(got.down ?? '', /chk_mg_t|CHECK constraint/i, `${before} made ${now}`)
    }
  })
}

// A CHECK whose value changes with the time (`due >= CURRENT_DATE`), kept under its name over a
// column the spec renames: the up migration drops it and adds it again around the rename, and
// the down migration around the rename back, each checked against every row as it runs. A
// row it let in when written (made here with NOT VALID, as a day that has passed leaves it) is
// refused then: each warning says so, as what happens, and its query finds that row. (MySQL
// refuses CURRENT_DATE in a CHECK; SQLite takes it, and its rebuild's copy checks it again:
// tests/rebuild_rechecks_sqlite.rs.)
{
  const [, opened] = engines.find(([db]) => db === 'postgresql')
  test('postgresql: a time-dependent CHECK kept over a renamed column is said by the up and the down migration as checked again then, and their queries find the row it refuses', { skip: opened.skip ?? false }, async () => {
    const { engine } = opened
    const table = (name, extra, expression) => ({
      description: 'timed check', databaseType: 'postgresql', timestamps: false,
      tables: [{ name: 'mg_t', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name, type: 'DATE', nullable: true, ...extra }], primaryKey: ['id'], checkConstraints: [{ name: 'chk_mg_t', expression }] }],
    })
    const previous = table('due', {}, 'due >= CURRENT_DATE')
    const change = generateMigration({ ...table('due_on', { renamedFrom: 'due' }, 'due_on >= CURRENT_DATE'), previousSpec: previous })
    assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
    const warning = (code) => change.validation.warnings.find((w) => w.code === code && w.message.includes("CHECK 'chk_mg_t'"))
    const [up, down] = [warning('ROWS_REFUSE_CHANGE'), warning('DOWN_DATA_LOSS')]
    assert.match(up.message, /^the CHECK 'chk_mg_t' \(due_on >= CURRENT_DATE\) of 'mg_t' is dropped and added again as it was, around the rename of a column it reads, so it is checked against every row again then; its value changes with the time, so rows it let in when they were written may be refused then/)
    assert.match(down.message, /^the down migration drops the CHECK 'chk_mg_t' \(due >= CURRENT_DATE\) of 'mg_t' and adds it back as it was, around the rename back of a column it reads, so it is checked against every row again then; its value changes with the time, so a row it let in may be refused then/)
    const query = (w) => w.suggestion.replace(/^.*?(SELECT )/, '$1')
    const found = async (w) => (await engine.run({ sql: query(w), params: [] })).rows.map((r) => Number(r.id))
    // A row the CHECK let in on a day that has passed.
    const yesterday = (column) => `ALTER TABLE mg_t DROP CONSTRAINT chk_mg_t; INSERT INTO mg_t (id, ${column}) VALUES (2, CURRENT_DATE - 1); ALTER TABLE mg_t ADD CONSTRAINT chk_mg_t CHECK (${column} >= CURRENT_DATE) NOT VALID`
    try {
      await engine.reset()
      await engine.exec(generateMigration(previous).upMigration)
      await engine.exec('INSERT INTO mg_t (id, due) VALUES (1, CURRENT_DATE + 1)')
      await engine.exec(yesterday('due'))
      assert.deepEqual(await found(up), [2])
      await assert.rejects(engine.exec(change.upMigration), /chk_mg_t/)
      await engine.exec('DELETE FROM mg_t WHERE id = 2')
      assert.deepEqual(await found(up), [])
      await engine.exec(change.upMigration)
      await engine.exec(yesterday('due_on'))
      assert.deepEqual(await found(down), [2])
      await assert.rejects(engine.exec(change.downMigration), /chk_mg_t/)
      await engine.exec('DELETE FROM mg_t WHERE id = 2')
      assert.deepEqual(await found(down), [])
      await engine.exec(change.downMigration)
    } finally {
      await engine.reset()
    }
  })
}

// The same CHECK over a column the spec retypes (DATE made TIMESTAMP): the down migration makes
// the column a DATE again (`USING due::DATE`) and then checks `due > CURRENT_DATE` against every
// row. A row written since at 10:00 today passes the CHECK as a TIMESTAMP, and refuses it made
// today's DATE: the down warning's query reads the column converted back, and finds that row (a
// reviewer's read it unconverted and found none, where the down migration failed).
{
  const [, opened] = engines.find(([db]) => db === 'postgresql')
  test('postgresql: a time-dependent CHECK kept over a retyped column: the down warning\'s query reads the column converted back and finds the row the down migration refuses', { skip: opened.skip ?? false }, async () => {
    const { engine } = opened
    const table = (type) => ({
      description: 'timed check retyped', databaseType: 'postgresql', timestamps: false,
      tables: [{ name: 'mg_t', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'due', type, nullable: true }], primaryKey: ['id'], checkConstraints: [{ name: 'chk_mg_t', expression: 'due > CURRENT_DATE' }] }],
    })
    const previous = table('DATE')
    const change = generateMigration({ ...table('TIMESTAMP'), previousSpec: previous })
    assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
    const down = change.validation.warnings.find((w) => w.code === 'DOWN_DATA_LOSS' && w.message.includes("CHECK 'chk_mg_t'"))
    assert.match(down.message, /^the down migration drops the CHECK 'chk_mg_t' \(due > CURRENT_DATE\) of 'mg_t' and adds it back as it was, around the type change back of a column it reads, so it is checked against every row again then; its value changes with the time, so a row it let in may be refused then/)
    const query = down.suggestion.replace(/^.*?(SELECT )/, '$1')
    assert.equal(query, 'SELECT * FROM mg_t WHERE NOT ((due::DATE) > CURRENT_DATE)')
    const found = async () => (await engine.run({ sql: query, params: [] })).rows.map((r) => Number(r.id))
    try {
      await engine.reset()
      await engine.exec(generateMigration(previous).upMigration)
      await engine.exec('INSERT INTO mg_t (id, due) VALUES (1, CURRENT_DATE + 1)')
      await engine.exec(change.upMigration)
      await engine.exec("INSERT INTO mg_t (id, due) VALUES (2, CURRENT_DATE + time '10:00')")
      // Read unconverted, as the query was: the row passes.
      assert.deepEqual((await engine.run({ sql: 'SELECT * FROM mg_t WHERE NOT (due > CURRENT_DATE)', params: [] })).rows, [])
      assert.deepEqual(await found(), [2])
      await assert.rejects(engine.exec(change.downMigration), /chk_mg_t/)
      await engine.exec('DELETE FROM mg_t WHERE id = 2')
      assert.deepEqual(await found(), [])
      await engine.exec(change.downMigration)
    } finally {
      await engine.reset()
    }
  })
}
