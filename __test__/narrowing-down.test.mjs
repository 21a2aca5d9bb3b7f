// What the down migration of a type change from previousSpec does to the values, run on the
// engines: whenever changing the column back can round or refuse a value, a DOWN_DATA_LOSS
// warning says what happens to the values written since, and to those the up migration itself
// made (DECIMAL(6,2) made DECIMAL(8,1) turns 9999.99 into 10000.0, which DECIMAL(6,2) refuses
// back: a user trial's down migration failed there, warned of nothing). Also what a text
// length's change says and does, and a dropped column under a UNIQUE that the down migration
// adds back. On the MySQL/MariaDB server (MYSQL_URL; default: the local MariaDB socket as
// root) and the PostgreSQL server (PG_URL; default: the local socket).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openMysqlServer, openPgServer } from './engines/connect.mjs'
import { openForFile } from './support/harness.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const my = await openForFile(openMysqlServer())
const pg = await openForFile(openPgServer())

const table = (db, columns, extra = {}) => ({ description: 't', databaseType: db, timestamps: false, tables: [{ name: 'mg_t', columns: [{ name: 'id', type: 'INT', nullable: false }, ...columns], primaryKey: ['id'], ...extra }] })
const spec = (db, column) => table(db, [{ name: 'n', nullable: false, ...column }])

/** Runs `script` on `db`'s engine; the engine's error message, or null. */
async function run(db, script) {
  try {
    if (db === 'mysql') await my.conn.query(script)
    else await pg.engine.exec(script)
    return null
  } catch (e) {
    return e.message
  }
}

/** The rows of `sql` on `db`'s engine, each as its `n` (MySQL: read as text by the query). */
async function read(db, sql) {
  if (db === 'mysql') return (await my.conn.query(sql))[0]
  return (await pg.engine.run({ sql, params: [] })).rows
}

/**
 * The migration from `from` to `to` (specs) on `db`, run on a table holding the rows `rows`
 * inserts: the up migration, then `since` (what the application writes in between), then the
 * down migration. `{ change, up, down, afterUp, afterDown }`: the generated change, each
 * migration's error (or null), and `select`'s rows after each.
 */
async function trial(db, from, to, { options = {}, rows, since, select }) {
  const change = generateMigration({ ...to, previousSpec: from, ...options })
  assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
  await run(db, 'DROP TABLE IF EXISTS mg_t')
  try {
    assert.equal(await run(db, generateMigration(from).upMigration), null)
    assert.equal(await run(db, rows), null)
    const up = await run(db, change.upMigration)
    const afterUp = await read(db, select)
    if (since && !up) assert.equal(await run(db, since), null)
    const down = up ? null : await run(db, change.downMigration)
    const afterDown = await read(db, select)
    return { change, up, down, afterUp, afterDown }
  } finally {
    await run(db, 'DROP TABLE IF EXISTS mg_t')
  }
}

const warningsOf = (change, code) => change.validation.warnings.filter((w) => w.code === code).map((w) => w.message)
/** `n` of every row, as text: MySQL's CAST, PostgreSQL's driver (which reads a CHAR padded). */
const values = (db) => (db === 'mysql' ? 'SELECT CAST(n AS CHAR) AS n FROM mg_t ORDER BY id' : 'SELECT n::text AS n FROM mg_t ORDER BY id')

for (const db of ['mysql', 'postgresql']) {
  const skip = (db === 'mysql' ? my.skip : pg.skip) ?? false
  const mysql = db === 'mysql'

  test(`${db}: DECIMAL(6,2) made DECIMAL(8,1) rounds 9999.99 to 10000.0, on which the down migration fails, as DOWN_DATA_LOSS says`, { skip }, async () => {
    const got = await trial(db, spec(db, { type: 'DECIMAL', precision: 6, scale: 2 }), spec(db, { type: 'DECIMAL', precision: 8, scale: 1 }), {
      options: { allowDataLoss: true }, rows: 'INSERT INTO mg_t (id, n) VALUES (1, 9999.99), (2, 1.25)', select: values(db),
    })
    assert.match(warningsOf(got.change, 'TYPE_NARROWING')[0], /rounds every value to 1 decimal, halves away from zero \(1\.05 becomes 1\.1\), and nothing is refused$/)
    const [down] = warningsOf(got.change, 'DOWN_DATA_LOSS')
    assert.match(down ?? '', /^the down migration changes 'n' back from DECIMAL\(8,1\) to DECIMAL\(6,2\), which, for the values written since as for the others, keeps every value that fits, and a value out of DECIMAL\(6,2\)'s range makes the down migration fail; so does 10000\.0, which the up migration made of each value of 9999\.95 or more \(and −10000\.0 of −9999\.95 or less\), rounding it: the down migration then fails on rows the up migration converted, with no row written since/)
    assert.equal(got.up, null)
    assert.deepEqual(got.afterUp.map((r) => r.n), ['10000.0', '1.3'])
    assert.match(got.down, mysql ? /Out of range value for column 'n'/ : /numeric field overflow/)
    assert.deepEqual(got.afterDown.map((r) => r.n), ['10000.0', '1.3'], 'the down migration changed nothing')
  })

  test(`${db}: INTEGER made DECIMAL(5,2): the down migration rounds a value written since (1.50 becomes 2), as DOWN_DATA_LOSS says`, { skip }, async () => {
    const got = await trial(db, spec(db, { type: 'INTEGER' }), spec(db, { type: 'DECIMAL', precision: 5, scale: 2 }), {
      options: { allowDataLoss: true }, rows: 'INSERT INTO mg_t (id, n) VALUES (1, 7)', since: 'INSERT INTO mg_t (id, n) VALUES (2, 1.50), (3, -2.5)', select: values(db),
    })
    assert.deepEqual(warningsOf(got.change, 'DOWN_DATA_LOSS'), [
      `the down migration changes 'n' back from DECIMAL(5,2) to ${mysql ? 'INT' : 'INTEGER'}, which, for the values written since as for the others, rounds every fraction to the nearest integer, halves away from zero (10.5 becomes 11, −2.5 becomes −3), and nothing is refused`,
    ])
    assert.equal(got.down, null)
    assert.deepEqual(got.afterDown.map((r) => r.n), ['7', '2', '-3'])
  })

  test(`${db}: CHAR(2) made CHAR(3) is a widening (no allowDataLoss) that keeps 'US'; the down migration refuses 'XYZ' written since, as DOWN_DATA_LOSS says`, { skip }, async () => {
    const got = await trial(db, spec(db, { type: 'CHAR', length: 2 }), spec(db, { type: 'CHAR', length: 3 }), {
      rows: "INSERT INTO mg_t (id, n) VALUES (1, 'US')", since: "INSERT INTO mg_t (id, n) VALUES (2, 'XYZ')",
      select: 'SELECT n FROM mg_t ORDER BY id',
    })
    // A warning, not an error: what PostgreSQL reads from the up migration on (padded to 3).
    assert.deepEqual(warningsOf(got.change, 'TYPE_NARROWING'), mysql ? [] : ["changing 'n' from CHAR(2) to CHAR(3) keeps every value and refuses none, but PostgreSQL reads each one padded with spaces to 3 characters, not 2 ('US' is read as 'US ', where it was read as 'US'; compared without them)"])
    const [down, ...more] = warningsOf(got.change, 'DOWN_DATA_LOSS')
    assert.deepEqual(more, [])
    assert.match(down, /^the down migration changes 'n' back to CHAR\(2\): a value written since that CHAR\(2\) cannot hold is refused/)
    assert.doesNotMatch(down, /padded/)
    assert.equal(got.up, null)
    // pg reads the CHAR as stored, padded to its length; MySQL without the trailing spaces.
    assert.deepEqual(got.afterUp.map((r) => r.n), [mysql ? 'US' : 'US '])
    assert.match(got.down, mysql ? /Data truncated for column 'n'|Data too long for column 'n'/ : /value too long for type character\(2\)/)
  })

  test(`${db}: VARCHAR(5) made CHAR(10): the down migration refuses a value longer than 5 written since, as DOWN_DATA_LOSS says`, { skip }, async () => {
    const got = await trial(db, spec(db, { type: 'VARCHAR', length: 5 }), spec(db, { type: 'CHAR', length: 10 }), {
      options: { allowDataLoss: true }, rows: "INSERT INTO mg_t (id, n) VALUES (1, 'ab')", since: "INSERT INTO mg_t (id, n) VALUES (2, 'abcdefgh')", select: values(db),
    })
    assert.match(warningsOf(got.change, 'TYPE_NARROWING')[0], mysql ? /from VARCHAR\(5\) to CHAR\(10\) loses the spaces at the end of each value \(MySQL reads a CHAR without them\), and nothing is refused$/ : /from VARCHAR\(5\) to CHAR\(10\) pads each value with spaces to 10 characters as it is read \(compared without them\), and nothing is refused$/)
    const [down] = warningsOf(got.change, 'DOWN_DATA_LOSS')
    assert.match(down ?? '', mysql
      ? /^the down migration changes 'n' back from CHAR\(10\) to VARCHAR\(5\), which, for the values written since as for the others, keeps every value of at most 5 characters, and a value longer than 5 characters, spaces at its end included, makes the down migration fail \(strict mode/
      : /^the down migration changes 'n' back from CHAR\(10\) to VARCHAR\(5\), which, for the values written since as for the others, drops the spaces that pad each value .*, and a value longer than 5 characters makes the down migration fail \(value too long/)
    assert.match(got.down, mysql ? /Data too long for column 'n'|Data truncated for column 'n'/ : /value too long for type character varying\(5\)/)
  })

  test(`${db}: BIGINT made REAL: the down migration rounds a fraction written since, halves to even, and on PostgreSQL refuses the largest BIGINT the up migration rounded to 2^63, as DOWN_DATA_LOSS says`, { skip }, async () => {
    const got = await trial(db, spec(db, { type: 'BIGINT' }), spec(db, { type: 'REAL' }), {
      options: { allowDataLoss: true }, rows: 'INSERT INTO mg_t (id, n) VALUES (1, 9223372036854775807)', since: 'INSERT INTO mg_t (id, n) VALUES (2, 2.5)', select: values(db),
    })
    const [down] = warningsOf(got.change, 'DOWN_DATA_LOSS')
    assert.match(down ?? '', /^the down migration changes 'n' back from DOUBLE( PRECISION)? to BIGINT, which, for the values written since as for the others, rounds every fraction to the nearest integer, halves to even \(2\.5 becomes 2, 3\.5 becomes 4, −2\.5 becomes −2\), and a value out of BIGINT's range makes the down migration fail/)
    if (mysql) {
      // MariaDB takes 2^63 back as 9223372036854775807.
      assert.doesNotMatch(down, /so does/)
      assert.equal(got.down, null)
      assert.deepEqual(got.afterDown.map((r) => r.n), ['9223372036854775807', '2'])
    } else {
      assert.match(down, /; so does 9223372036854775808, which the up migration made of each value of 9223372036854775296 or more/)
      assert.match(got.down, /bigint out of range/)
    }
  })

  test(`${db}: DECIMAL(6,2) made DECIMAL(6,3): the down migration rounds 1.235 written since to 1.24, as DOWN_DATA_LOSS says`, { skip }, async () => {
    const got = await trial(db, spec(db, { type: 'DECIMAL', precision: 6, scale: 2 }), spec(db, { type: 'DECIMAL', precision: 6, scale: 3 }), {
      options: { allowDataLoss: true }, rows: 'INSERT INTO mg_t (id, n) VALUES (1, 12.5)', since: 'INSERT INTO mg_t (id, n) VALUES (2, 1.235)', select: values(db),
    })
    assert.deepEqual(warningsOf(got.change, 'DOWN_DATA_LOSS'), [
      "the down migration changes 'n' back from DECIMAL(6,3) to DECIMAL(6,2), which, for the values written since as for the others, rounds every value to 2 decimals, halves away from zero (1.005 becomes 1.01), and nothing is refused",
    ])
    assert.equal(got.down, null)
    assert.deepEqual(got.afterDown.map((r) => r.n), ['12.50', '1.24'])
  })

  test(`${db}: VARCHAR(10) made VARCHAR(5): a longer value refuses the migration and nothing is cut, as TYPE_NARROWING says`, { skip }, async () => {
    const got = await trial(db, spec(db, { type: 'VARCHAR', length: 10 }), spec(db, { type: 'VARCHAR', length: 5 }), {
      options: { allowDataLoss: true }, rows: "INSERT INTO mg_t (id, n) VALUES (1, 'abcdefghij'), (2, 'ab')", select: values(db),
    })
    assert.deepEqual(warningsOf(got.change, 'TYPE_NARROWING'), [mysql
      ? "changing 'n' from VARCHAR(10) to VARCHAR(5) keeps every value of at most 5 characters, and a value longer than 5 characters, spaces at its end included, refuses the migration (strict mode, which the generated file sets: Data truncated, or Data too long); nothing is cut (MySQL commits each statement: the statements before the refused one stay done, leaving the database part-migrated, which the down migration does not undo, as it is written for the whole up migration; the refused statement itself changes nothing: make the values fit, then run the up migration's first statements, which set the session (SET SESSION sql_mode …), and its statements from the refused one on)"
      : "changing 'n' from VARCHAR(10) to VARCHAR(5) keeps every value of at most 5 characters, and a value longer than 5 characters refuses the migration (value too long for type …), unless what passes 5 is spaces, which are cut; nothing else is cut"])
    assert.match(got.up, mysql ? /Data truncated for column 'n'/ : /value too long for type character varying\(5\)/)
    assert.deepEqual(got.afterUp.map((r) => r.n), ['abcdefghij', 'ab'])
    // Spaces past the limit: PostgreSQL cuts them, MySQL refuses them.
    const spaces = await trial(db, spec(db, { type: 'VARCHAR', length: 10 }), spec(db, { type: 'VARCHAR', length: 5 }), {
      options: { allowDataLoss: true }, rows: "INSERT INTO mg_t (id, n) VALUES (1, 'abc      ')", select: values(db),
    })
    if (mysql) assert.match(spaces.up, /Data truncated for column 'n'/)
    else assert.deepEqual([spaces.up, spaces.afterUp.map((r) => r.n)], [null, ['abc  ']])
  })

  test(`${db}: a column dropped from UNIQUE (cust, city), added back with one value, fails the down migration on the rows already there, as DOWN_DATA_LOSS says`, { skip }, async () => {
    // PostgreSQL adds no NOT NULL column without a default to rows (another warning): there it has one.
    const city = { name: 'city', type: 'VARCHAR', length: 20, nullable: false, ...(mysql ? {} : { default: 'x' }) }
    const cust = { name: 'cust', type: 'INT', nullable: false }
    const from = table(db, [cust, city], { uniqueConstraints: [{ name: 'uq_cust_city', columns: ['cust', 'city'] }] })
    const got = await trial(db, from, table(db, [cust]), {
      options: { allowDataLoss: true }, rows: "INSERT INTO mg_t (id, cust, city) VALUES (1, 1, 'A'), (2, 1, 'B')", select: 'SELECT * FROM mg_t ORDER BY id',
    })
    const value = mysql ? "the type's empty value ('')" : "'x'"
    assert.deepEqual(warningsOf(got.change, 'DOWN_DATA_LOSS'), [
      `the down migration adds 'city' back with ${value} in every row, and the UNIQUE on (cust, city) back, which any two rows that repeat values in (cust) make fail, rows the table held before the up migration as well as rows written since: the down migration then fails${mysql ? ', leaving the down migration\'s statements before the failing one done, as MySQL commits each statement (the failing one fails whole, with every change of the table it holds): the column is not added, as one ALTER TABLE adds it with the UNIQUE' : ", which rolls back every statement of the down migration in the transaction it runs in (PostgreSQL's DDL is transactional: nothing of it is left)"}`,
    ])
    assert.equal(got.up, null)
    assert.match(got.down, mysql ? /Duplicate entry '1-'/ : /could not create unique index "uq_cust_city"/)
    // The down migration failed whole: the column is not there.
    assert.deepEqual(got.afterDown.map((r) => Object.keys(r)), [['id', 'cust'], ['id', 'cust']])
  })
}

test('SQLite: VARCHAR(10) made VARCHAR(5), or CHAR(2) CHAR(3), is no change there (SQLite keeps any length): no TYPE_NARROWING, no DOWN_DATA_LOSS; the shorter length is said not to be applied', () => {
  for (const [from, to, said] of [[{ type: 'VARCHAR', length: 10 }, { type: 'VARCHAR', length: 5 }, ['LOSSY_TYPE_MAPPING', 'NO_CHANGES']], [{ type: 'CHAR', length: 2 }, { type: 'CHAR', length: 3 }, ['NO_CHANGES']]]) {
    const change = generateMigration({ ...spec('sqlite', to), previousSpec: spec('sqlite', from) })
    assert.deepEqual(change.validation.errors, [])
    assert.deepEqual(change.validation.warnings.map((w) => w.code), said)
    if (said.length > 1) assert.match(change.validation.warnings[0].message, /from VARCHAR\(10\) to VARCHAR\(5\), which SQLite does not apply/)
    assert.equal(change.upMigration, '')
  }
})
