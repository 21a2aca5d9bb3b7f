// A user trial's type changes whose warnings were not true (a clinic app: previousSpec on
// PostgreSQL 15 and MariaDB 10.11, with rows):
// - a CHECK the table keeps over columns whose conversion changes values (two TIMESTAMPs made
//   DATE under `ends_at > starts_at`, DECIMAL(10,2) made (10,1) under `amount > 0`) is checked
//   again against the converted values, and the migration failed with nothing said (the
//   TYPE_NARROWING said "nothing is refused"): a ROWS_REFUSE_CHANGE now says so, with a query
//   that finds the rows (src/rows_refuse_hints.rs `kept_check_converted`);
// - MySQL commits each statement: a table's change that rounded values ran before another's
//   that the rows refused, and the values stayed rounded. The changes that convert values now
//   run last (src/spec_change/order.rs `core_order`);
// - PostgreSQL's INTEGER made BOOLEAN (`USING c <> 0`) refuses nothing, and the down migration
//   gives 2 and -1 back as 1 (a DOWN_DATA_LOSS now);
// - MySQL's CHAR(3) made VARCHAR(3): the down migration loses the spaces at the end of a value
//   (it said values "too long" were refused); PostgreSQL's VARCHAR(6) made CHAR(6) under a
//   UNIQUE: TYPE_NARROWING said "nothing is refused" beside the ROWS_REFUSE_CHANGE.
// Each runs the generated SQL on the PostgreSQL and MariaDB servers, and SQLite (sql.js).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openForFile } from './support/harness.mjs'
import { openMysqlServer, openPgServer } from './engines/connect.mjs'
import { openSqlJs } from './engines/sqlite.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const openedMy = await openForFile(openMysqlServer())
const openedPg = await openForFile(openPgServer())
const openedLite = await openForFile(openSqlJs())
const opened = { postgresql: openedPg, mysql: openedMy, sqlite: openedLite }

const id = { name: 'id', type: 'INTEGER', nullable: false }
const spec = (databaseType, tables) => ({ description: 's', databaseType, timestamps: false, allowDataLoss: true, tables })
// previousSpec's tables and the migration from them to `now`'s.
const change = (databaseType, was, now) => {
  const previous = spec(databaseType, was)
  return { previous, migration: generateMigration({ ...spec(databaseType, now), previousSpec: previous }) }
}
const slots = (type) => ({
  name: 'slots',
  columns: [id, { name: 'starts_at', nullable: false, ...type }, { name: 'ends_at', nullable: false, ...type }],
  primaryKey: ['id'],
  checkConstraints: [{ name: 'chk_slots_range', expression: 'ends_at > starts_at' }],
})
const invoices = (type, checked = true) => ({
  name: 'invoices',
  columns: [id, { name: 'amount', nullable: false, ...type }],
  primaryKey: ['id'],
  ...(checked ? { checkConstraints: [{ name: 'chk_invoices_amount', expression: 'amount > 0' }] } : {}),
})
const dec = (scale) => ({ type: 'DECIMAL', precision: 10, scale })
// Runs `body` with the engine of `db` (a test skipped where its server cannot be reached),
// its database reset before and after.
const on = (db, label, body) => {
  const o = opened[db]
  if (o.skip) return test(`${db}: ${label}`, { skip: o.skip }, () => {})
  test(`${o.engine.label}: ${label}`, async () => {
    try {
      await o.engine.reset()
      await body(o.engine)
    } finally {
      await o.engine.reset()
    }
  })
}
const ids = async (engine, sql) => (await engine.run({ sql, params: [] })).rows.map((r) => Number(r.id)).sort()
const found = (migration, code, pattern) => migration.validation.warnings.filter((w) => w.code === code && pattern.test(w.message))

// [label, tables before, after, rows (INSERT), the ids the query finds, the CHECK, mend].
const checkCases = [
  ['two TIMESTAMPs made DATE under ends_at > starts_at', [slots({ type: 'TIMESTAMP' })], [slots({ type: 'DATE' })],
    "INSERT INTO slots (id, starts_at, ends_at) VALUES (1, '2024-05-01 09:00:00', '2024-05-01 09:30:00'), (2, '2024-05-01 09:00:00', '2024-05-02 08:00:00')", [1], 'chk_slots_range', 'DELETE FROM slots WHERE id = 1'],
  ['DECIMAL(10,2) made DECIMAL(10,1) under amount > 0', [invoices(dec(2))], [invoices(dec(1))],
    'INSERT INTO invoices (id, amount) VALUES (1, 0.04), (2, 0.05), (3, 12.34)', [1], 'chk_invoices_amount', 'UPDATE invoices SET amount = 0.1 WHERE id = 1'],
]
for (const db of ['postgresql', 'mysql']) {
  for (const [label, was, now, rows, refused, check, mend] of checkCases) {
    on(db, `${label}: a ROWS_REFUSE_CHANGE whose query finds the rows the kept CHECK refuses once converted; the migration fails exactly while it does`, async (engine) => {
      const { previous, migration } = change(db, was, now)
      assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
      const [warning, ...more] = migration.validation.warnings.filter((w) => w.code === 'ROWS_REFUSE_CHANGE')
      assert.equal(more.length, 0, JSON.stringify(more))
      assert.equal(warning?.constraint, check, JSON.stringify(migration.validation.warnings))
      assert.match(warning.message, new RegExp(`^keeping the CHECK '${check}' .* through the type change of .*existing rows it then refuses make this migration fail`), warning.message)
      // No TYPE_NARROWING says that nothing is refused.
      for (const w of migration.validation.warnings.filter((w) => w.code === 'TYPE_NARROWING')) assert.doesNotMatch(w.message, /nothing is refused/, w.message)
      const query = warning.suggestion.slice(warning.suggestion.indexOf('SELECT '))
      await engine.exec(generateMigration(previous).upMigration)
      await engine.exec(rows)
      assert.deepEqual(await ids(engine, query), refused)
      await assert.rejects(engine.exec(migration.upMigration), /check constraint|4025|CONSTRAINT/i)
      await engine.exec(mend)
      assert.deepEqual(await ids(engine, query), [])
      await engine.exec(migration.upMigration)
    })
  }
}
// The DECIMAL's TYPE_NARROWING says the CHECK may refuse, where it said "nothing is refused".
for (const db of ['postgresql', 'mysql']) {
  test(`${db}: DECIMAL(10,2) made (10,1): TYPE_NARROWING says a CHECK over it may refuse, and nothing of the sort without one`, () => {
    const { migration } = change(db, [invoices(dec(2))], [invoices(dec(1))])
    const [w] = found(migration, 'TYPE_NARROWING', /amount/)
    assert.match(w.message, /rounds every value to 1 decimal, .*the type refuses nothing, but a CHECK over 'amount' is checked against the converted values and may refuse the migration/, w.message)
    const { migration: plain } = change(db, [invoices(dec(2), false)], [invoices(dec(1), false)])
    assert.match(found(plain, 'TYPE_NARROWING', /amount/)[0].message, /, and nothing is refused$/)
  })
}

// SQLite keeps the values of a TIMESTAMP made DATE or a DECIMAL's new scale (one affinity):
// nothing to say, and the rebuild (where there is one) keeps the rows. A REAL made INTEGER is
// copied through CAST (0.5 becomes 0), which the kept CHECK then refuses.
on('sqlite', 'a TIMESTAMP made DATE under a kept CHECK: no warning of it, the rows kept as they are', async (engine) => {
  const [label, was, now, rows] = checkCases[0]
  const { previous, migration } = change('sqlite', was, now)
  assert.ok(migration.validation.valid, label)
  assert.deepEqual(found(migration, 'ROWS_REFUSE_CHANGE', /^keeping the CHECK/), [])
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec(rows)
  await engine.exec(migration.upMigration)
  const { rows: after } = await engine.run({ sql: 'SELECT starts_at, ends_at FROM slots WHERE id = 1', params: [] })
  assert.deepEqual(Object.values(after[0]), ['2024-05-01 09:00:00', '2024-05-01 09:30:00'])
})
on('sqlite', 'a REAL made INTEGER under a kept CHECK: the warning\'s query finds the row the rebuild\'s CAST makes it refuse', async (engine) => {
  const t = (type) => ({ ...invoices({ type }), checkConstraints: [{ name: 'chk_invoices_amount', expression: 'amount > 0' }] })
  const { previous, migration } = change('sqlite', [t('REAL')], [t('INTEGER')])
  assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
  const [warning] = found(migration, 'ROWS_REFUSE_CHANGE', /^keeping the CHECK 'chk_invoices_amount'/)
  assert.ok(warning, JSON.stringify(migration.validation.warnings))
  const query = warning.suggestion.slice(warning.suggestion.indexOf('SELECT '))
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec('INSERT INTO invoices (id, amount) VALUES (1, 0.5), (2, 2.5)')
  assert.deepEqual(await ids(engine, query), [1])
  await assert.rejects(engine.exec(migration.upMigration), /CHECK constraint failed/)
  await engine.exec('DELETE FROM invoices WHERE id = 1')
  await engine.exec(migration.upMigration)
})

// MySQL: the table whose change rounds runs after the one whose change the rows refuse, so a
// refusal leaves no value rounded for good.
on('mysql', 'a rounding change runs after a change the rows refuse: the refusal leaves the values as they were', async (engine) => {
  const audit = (type) => ({ name: 'audit_log', columns: [id, { name: 'entity_id', nullable: false, type }], primaryKey: ['id'] })
  const { previous, migration } = change('mysql', [invoices(dec(2), false), audit('BIGINT')], [invoices(dec(1), false), audit('INTEGER')])
  assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
  const up = migration.upMigration
  assert.ok(up.indexOf('ALTER TABLE audit_log') < up.indexOf('ALTER TABLE invoices'), up)
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec('INSERT INTO invoices (id, amount) VALUES (1, 1.04); INSERT INTO audit_log (id, entity_id) VALUES (1, 3000000000)')
  await assert.rejects(engine.exec(up), /out of range/i)
  const { rows } = await engine.run({ sql: 'SELECT amount FROM invoices', params: [] })
  assert.equal(String(rows[0].amount), '1.04')
  await engine.exec('UPDATE audit_log SET entity_id = 3')
  await engine.exec(up)
  const { rows: rounded } = await engine.run({ sql: 'SELECT amount FROM invoices', params: [] })
  assert.equal(String(rounded[0].amount), '1.0')
})

// INTEGER made BOOLEAN: PostgreSQL's `c <> 0` refuses nothing, and 2 and -1 come back as 1.
const flags = (type) => ({ name: 't', columns: [id, { name: 'flag', nullable: true, type }], primaryKey: ['id'] })
on('postgresql', 'INTEGER made BOOLEAN: TYPE_NARROWING says what becomes true, DOWN_DATA_LOSS that the down migration gives 1 back', async (engine) => {
  const { previous, migration } = change('postgresql', [flags('INTEGER')], [flags('BOOLEAN')])
  const [w] = found(migration, 'TYPE_NARROWING', /flag/)
  assert.equal(w.message, "changing 'flag' from INTEGER to BOOLEAN makes 0 false and every other number true (2, −1 and 0.5 become true, which the down migration gives back as 1); nothing is refused")
  const [down] = found(migration, 'DOWN_DATA_LOSS', /flag/)
  assert.match(down?.message ?? '', /every true comes back as 1 and every false as 0, so a number other than 0 and 1 that the up migration made true \(2, −1, 0\.5\) is not given back/, JSON.stringify(migration.validation.warnings))
  const query = down.suggestion.slice(down.suggestion.indexOf('SELECT '), down.suggestion.lastIndexOf(')'))
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec('INSERT INTO t (id, flag) VALUES (1, 0), (2, 1), (3, 2), (4, -1), (5, NULL)')
  assert.deepEqual(await ids(engine, query), [3, 4])
  await engine.exec(migration.upMigration)
  await engine.exec(migration.downMigration)
  const { rows } = await engine.run({ sql: 'SELECT flag FROM t ORDER BY id', params: [] })
  assert.deepEqual(rows.map((r) => r.flag), [0, 1, 1, 1, null])
})
on('mysql', 'INTEGER made BOOLEAN (TINYINT(1)): values kept, one out of range refuses; no DOWN_DATA_LOSS', async (engine) => {
  const { previous, migration } = change('mysql', [flags('INTEGER')], [flags('BOOLEAN')])
  const [w] = found(migration, 'TYPE_NARROWING', /flag/)
  assert.equal(w.message, "changing 'flag' from INT to TINYINT(1) keeps every value that fits, and a value out of TINYINT(1)'s range refuses the migration (MySQL commits each statement: the statements before the refused one stay done, leaving the database part-migrated, which the down migration does not undo, as it is written for the whole up migration; the refused statement itself changes nothing: make the values fit, then run the up migration's first statements, which set the session (SET SESSION sql_mode …), and its statements from the refused one on)")
  assert.deepEqual(found(migration, 'DOWN_DATA_LOSS', /flag/), [])
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec('INSERT INTO t (id, flag) VALUES (1, 2), (2, -1), (3, 300)')
  await assert.rejects(engine.exec(migration.upMigration), /out of range/i)
  await engine.exec('DELETE FROM t WHERE id = 3')
  await engine.exec(migration.upMigration)
  await engine.exec(migration.downMigration)
  const { rows } = await engine.run({ sql: 'SELECT flag FROM t ORDER BY id', params: [] })
  assert.deepEqual(rows.map((r) => Number(r.flag)), [2, -1])
})
on('sqlite', 'INTEGER made BOOLEAN: one affinity, no change to make', async (engine) => {
  const { migration } = change('sqlite', [flags('INTEGER')], [flags('BOOLEAN')])
  assert.deepEqual(migration.validation.warnings.map((w) => w.code), ['NO_CHANGES'])
  await engine.exec(migration.upMigration)
})

// CHAR/VARCHAR.
const codes = (type, length, unique = false) => ({ name: 't', columns: [id, { name: 'code', nullable: true, type, length, unique }], primaryKey: ['id'] })
on('mysql', 'CHAR(3) made VARCHAR(3): the DOWN_DATA_LOSS says the spaces at the end are lost, which the down migration does', async (engine) => {
  const { previous, migration } = change('mysql', [codes('CHAR', 3)], [codes('VARCHAR', 3)])
  const [down] = found(migration, 'DOWN_DATA_LOSS', /code/)
  assert.equal(down.message, "the down migration changes 'code' back from VARCHAR(3) to CHAR(3), which, for the values written since as for the others, loses the spaces at the end of each value (MySQL reads a CHAR without them), and nothing is refused")
  // Nothing to make fit: the suggestion says what cannot be kept.
  assert.equal(down.suggestion, 'a CHAR on MySQL cannot keep the spaces at the end of a value (it reads a CHAR without them): keep VARCHAR(3) if they matter')
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec(migration.upMigration)
  await engine.exec("INSERT INTO t (id, code) VALUES (1, 'A  '), (2, 'ABC')")
  await engine.exec(migration.downMigration)
  const { rows } = await engine.run({ sql: 'SELECT code FROM t ORDER BY id', params: [] })
  assert.deepEqual(rows.map((r) => r.code), ['A', 'ABC'])
})
on('postgresql', 'VARCHAR(6) made CHAR(6) under a kept UNIQUE: TYPE_NARROWING says the UNIQUE may refuse, and it does', async (engine) => {
  const { previous, migration } = change('postgresql', [codes('VARCHAR', 6, true)], [codes('CHAR', 6, true)])
  const [w] = found(migration, 'TYPE_NARROWING', /code/)
  assert.equal(w.message, "changing 'code' from VARCHAR(6) to CHAR(6) pads each value with spaces to 6 characters as it is read (compared without them), and the type refuses nothing, but a UNIQUE over 'code' is checked against the converted values and may refuse the migration (see ROWS_REFUSE_CHANGE)")
  assert.equal(found(migration, 'ROWS_REFUSE_CHANGE', /^keeping UNIQUE \(code\)/).length, 1)
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec("INSERT INTO t (id, code) VALUES (1, 'ab'), (2, 'ab ')")
  await assert.rejects(engine.exec(migration.upMigration), /duplicate|unique/i)
})

// CHAR made longer text: the down migration's suggestion says to make the values fit only where
// one can be too long, and what a CHAR cannot keep.
on('mysql', 'CHAR(3) made VARCHAR(5): the DOWN_DATA_LOSS suggests making the values fit and says the spaces cannot be kept; a value too long makes the down migration fail', async (engine) => {
  const { previous, migration } = change('mysql', [codes('CHAR', 3)], [codes('VARCHAR', 5)])
  const [down] = found(migration, 'DOWN_DATA_LOSS', /code/)
  assert.equal(down.suggestion, 'before running the down migration, make the values fit CHAR(3); a CHAR on MySQL cannot keep the spaces at the end of a value (it reads a CHAR without them): keep VARCHAR(5) if they matter')
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec(migration.upMigration)
  await engine.exec("INSERT INTO t (id, code) VALUES (1, 'A  '), (2, 'ABCD')")
  await assert.rejects(engine.exec(migration.downMigration), /Data too long|Data truncated/i)
  await engine.exec('DELETE FROM t WHERE id = 2')
  await engine.exec(migration.downMigration)
  const { rows } = await engine.run({ sql: 'SELECT code FROM t ORDER BY id', params: [] })
  assert.deepEqual(rows.map((r) => r.code), ['A'])
})

// PostgreSQL's CHAR(3) made VARCHAR(3): the up migration drops the spaces that pad each value,
// which a kept CHECK reading the column's bytes then refuses; the down migration pads again
// and refuses nothing.
const padded = (type) => ({ ...codes(type, 3), checkConstraints: [{ name: 'chk_code_bytes', expression: 'octet_length(code) = 3' }] })
on('postgresql', 'CHAR(3) made VARCHAR(3) under a kept CHECK over its bytes: a ROWS_REFUSE_CHANGE whose query finds the padded rows, which the migration refuses', async (engine) => {
  const { previous, migration } = change('postgresql', [padded('CHAR')], [padded('VARCHAR')])
  assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
  const [warning, ...more] = found(migration, 'ROWS_REFUSE_CHANGE', /^keeping the CHECK 'chk_code_bytes'/)
  assert.equal(more.length, 0, JSON.stringify(more))
  assert.equal(warning?.message, "keeping the CHECK 'chk_code_bytes' (octet_length(code) = 3) on 't' through the type change of 'code' (CHAR(3) to VARCHAR(3): the spaces that pad each value dropped: 'a' in a CHAR(3), read as 'a  ', becomes 'a'): the database checks it again against the converted values, and existing rows it then refuses make this migration fail (rolled back)", JSON.stringify(migration.validation.warnings))
  const [w] = found(migration, 'TYPE_NARROWING', /code/)
  assert.match(w.message, /drops the spaces that pad each value .*the type refuses nothing, but a CHECK over 'code' is checked against the converted values and may refuse the migration/, w.message)
  const [down] = found(migration, 'DOWN_DATA_LOSS', /code/)
  assert.equal(down.message, "the down migration changes 'code' back from VARCHAR(3) to CHAR(3), which, for the values written since as for the others, pads each value with spaces to 3 characters as it is read (compared without them), and nothing is refused")
  assert.equal(down.suggestion, "a CHAR on PostgreSQL pads each value with spaces to its length and compares it without them ('ab' and 'ab ' read alike): keep VARCHAR(3) if the spaces at the end of a value matter")
  const query = warning.suggestion.slice(warning.suggestion.indexOf('SELECT '))
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec("INSERT INTO t (id, code) VALUES (1, 'ab'), (2, 'abc'), (3, 'x  ')")
  assert.deepEqual(await ids(engine, query), [1, 3])
  await assert.rejects(engine.exec(migration.upMigration), /check constraint/i)
  await engine.exec('DELETE FROM t WHERE id IN (1, 3)')
  assert.deepEqual(await ids(engine, query), [])
  await engine.exec(migration.upMigration)
  // Written since: 'ab ' and 'ab' (which the CHECK refuses), then back: padded, nothing refused.
  await engine.exec("INSERT INTO t (id, code) VALUES (4, 'ab ')")
  await assert.rejects(engine.exec("INSERT INTO t (id, code) VALUES (5, 'ab')"), /check constraint/i)
  await engine.exec(migration.downMigration)
  const { rows } = await engine.run({ sql: 'SELECT id, code, octet_length(code) AS bytes, length(code) AS chars FROM t ORDER BY id', params: [] })
  assert.deepEqual(rows.map((r) => [Number(r.id), r.code, Number(r.bytes), Number(r.chars)]), [[2, 'abc', 3, 3], [4, 'ab ', 3, 2]])
})
on('postgresql', 'CHAR(3) made VARCHAR(3) without a CHECK: no ROWS_REFUSE_CHANGE, the up migration drops the padding', async (engine) => {
  const { previous, migration } = change('postgresql', [codes('CHAR', 3, true)], [codes('VARCHAR', 3, true)])
  assert.deepEqual(found(migration, 'ROWS_REFUSE_CHANGE', /./), [])
  const [w] = found(migration, 'TYPE_NARROWING', /code/)
  assert.match(w.message, /, and nothing is refused$/, w.message)
  await engine.exec(generateMigration(previous).upMigration)
  await engine.exec("INSERT INTO t (id, code) VALUES (1, 'ab')")
  await engine.exec(migration.upMigration)
  const { rows } = await engine.run({ sql: 'SELECT octet_length(code) AS bytes FROM t', params: [] })
  assert.deepEqual(rows.map((r) => Number(r.bytes)), [2])
})
