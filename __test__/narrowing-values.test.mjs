// What a type change from previousSpec does to the values, run on the engines: each
// TYPE_NARROWING message says what the engine then does (rounded how, refused when). On the
// MySQL/MariaDB server (MYSQL_URL; default: the local MariaDB socket as root; MYSQL_URL at
// MySQL 9.7 runs the same) and the PostgreSQL server (PG_URL; default: the local socket).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openMysqlServer, openPgServer } from './engines/connect.mjs'
import { openForFile } from './support/harness.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const my = await openForFile(openMysqlServer())
const pg = await openForFile(openPgServer())
const isMariaDb = my.conn ? /mariadb/i.test((await my.conn.query('SELECT VERSION() AS v'))[0][0].v) : false

const spec = (db, column) => ({ description: 't', databaseType: db, timestamps: false, tables: [{ name: 'mg_t', columns: [{ name: 'id', type: 'INT', nullable: false }, { name: 'n', nullable: true, ...column }], primaryKey: ['id'] }] })

// What MySQL's TYPE_NARROWING adds where it says a refusal: MySQL commits each statement, so a
// refusal leaves the database part-migrated (src/commit_order.rs).
const LEAVES = " (MySQL commits each statement: the statements before the refused one stay done, leaving the database part-migrated, which the down migration does not undo, as it is written for the whole up migration; the refused statement itself changes nothing: make the values fit, then run the up migration's first statements, which set the session (SET SESSION sql_mode …), and its statements from the refused one on)"

/** `message` without LEAVES, which a MySQL message that says a refusal must end with (and no other has). */
function words(db, message) {
  const refuses = /refuses? the migration/.test(message ?? '')
  assert.equal(Boolean(message?.endsWith(LEAVES)), db === 'mysql' && refuses, message)
  return db === 'mysql' && refuses ? message.slice(0, -LEAVES.length) : message
}

/**
 * The up migration from `from` to `to` on `db`, run on a table holding `values` (SQL literals,
 * one row each): `{ message, read }`, the TYPE_NARROWING message and each row's value as text
 * (or `{ message, error }` when the engine refuses the migration).
 */
async function converted(db, from, to, values) {
  const change = generateMigration({ ...spec(db, to), previousSpec: spec(db, from), allowDataLoss: true })
  assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
  const message = words(db, change.validation.warnings.find((w) => w.code === 'TYPE_NARROWING')?.message)
  const rows = values.map((v, i) => `(${i + 1}, ${v})`).join(', ')
  if (db === 'mysql') {
    const { conn } = my
    await conn.query('DROP TABLE IF EXISTS mg_t')
    await conn.query(generateMigration(spec(db, from)).upMigration)
    try {
      await conn.query(`INSERT INTO mg_t (id, n) VALUES ${rows}`)
      await conn.query(change.upMigration)
      const [read] = await conn.query('SELECT CAST(n AS CHAR) AS n FROM mg_t ORDER BY id')
      return { message, read: read.map((r) => r.n) }
    } catch (e) {
      return { message, error: e.message }
    } finally {
      await conn.query('DROP TABLE IF EXISTS mg_t')
    }
  }
  const { engine } = pg
  await engine.reset()
  await engine.exec(generateMigration(spec(db, from)).upMigration)
  await engine.exec(`INSERT INTO mg_t (id, n) VALUES ${rows}`)
  try {
    await engine.exec(change.upMigration)
    return { message, read: (await engine.run({ sql: 'SELECT n::text AS n FROM mg_t ORDER BY id', params: [] })).rows.map((r) => r.n) }
  } catch (e) {
    return { message, error: e.message }
  }
}

/** The cases of a user trial, each as every engine does it (tried on PostgreSQL 15, MariaDB 10.11, MySQL 9.7). */
const CASES = [
  {
    from: { type: 'DECIMAL', precision: 12, scale: 4 }, to: { type: 'DECIMAL', precision: 12, scale: 2 },
    values: ['12345.6789', '1.005', '-0.0049'], read: ['12345.68', '1.01', '0.00'],
    message: /from DECIMAL\(12,4\) to DECIMAL\(12,2\) rounds every value to 2 decimals, halves away from zero \(1\.005 becomes 1\.01\), and nothing is refused$/,
  },
  {
    from: { type: 'REAL' }, to: { type: 'INT' },
    values: ['2.5', '3.5', '-2.5'], read: ['2', '4', '-2'],
    message: /to INT(EGER)? rounds every fraction to the nearest integer, halves to even \(2\.5 becomes 2, 3\.5 becomes 4, −2\.5 becomes −2\), and a value out of INT(EGER)?'s range refuses the migration$/,
  },
  {
    from: { type: 'DECIMAL', precision: 12, scale: 4 }, to: { type: 'INT' },
    values: ['2.5', '-2.5', '10.5'], read: ['3', '-3', '11'],
    message: /to INT(EGER)? rounds every fraction to the nearest integer, halves away from zero \(10\.5 becomes 11, −2\.5 becomes −3\), and nothing is refused$/,
  },
  {
    from: { type: 'BIGINT' }, to: { type: 'REAL' },
    values: ['9007199254740993'], read: (r) => Number(r[0]) === 9007199254740992 && !/993/.test(r[0]),
    message: /rounds an integer past 2\^53 to the nearest double \(9007199254740993 becomes 9007199254740992\); nothing is refused$/,
  },
  {
    from: { type: 'REAL' }, to: { type: 'DECIMAL', precision: 12, scale: 2 },
    values: ['1.005', '0.125', '-2.675'], read: ['1.01', '0.13', '-2.68'],
    message: /rounds every value, as its decimal text, to 2 decimals, halves away from zero \(1\.005 becomes 1\.01\), and a value out of DECIMAL\(12,2\)'s range refuses the migration, as does one that the rounding takes out of it \(9999999999\.995 becomes 10000000000\.00, and −9999999999\.995 −10000000000\.00\)$/,
  },
  {
    from: { type: 'VARCHAR', length: 20 }, to: { type: 'DECIMAL', precision: 6, scale: 2 },
    values: ["'12.345'", "'1.005'", "' 12.5 '", "'1e3'"], read: ['12.35', '1.01', '12.50', '1000.00'],
    message: /takes text that is a number \(' 12\.5 ', '1e3' included\), rounded to 2 decimals, halves away from zero \('1\.005' becomes 1\.01\); other text \('abc'\), or a value out of DECIMAL\(6,2\)'s range, refuses the migration, as does one that the rounding takes out of it \(9999\.995 becomes 10000\.00, and −9999\.995 −10000\.00\)$/,
  },
  {
    from: { type: 'VARCHAR', length: 20 }, to: { type: 'DECIMAL', precision: 6, scale: 2 },
    values: ["'abc'"], error: /abc|incorrect DECIMAL|invalid input syntax/i,
  },
  {
    from: { type: 'VARCHAR', length: 20 }, to: { type: 'DECIMAL', precision: 6, scale: 2 },
    values: ["'12345.678'"], error: /Out of range|numeric field overflow/,
  },
]

for (const db of ['mysql', 'postgresql']) {
  const skip = (db === 'mysql' ? my.skip : pg.skip) ?? false
  for (const c of CASES) {
    test(`${db}: ${JSON.stringify(c.from)} to ${JSON.stringify(c.to)} with ${c.values.join(', ')} does what TYPE_NARROWING says`, { skip }, async () => {
      const got = await converted(db, c.from, c.to, c.values)
      if (c.message) assert.match(got.message, c.message)
      if (c.error) {
        assert.match(got.error ?? '(ran)', c.error)
      } else if (typeof c.read === 'function') {
        assert.ok(!got.error && c.read(got.read), JSON.stringify(got))
      } else {
        assert.deepEqual(got.read, c.read, JSON.stringify(got))
      }
    })
  }
}

test("text '2.5' made an integer: MySQL rounds it, MariaDB and PostgreSQL refuse it, as TYPE_NARROWING says", { skip: (my.skip || pg.skip) ?? false }, async () => {
  const from = { type: 'VARCHAR', length: 20 }
  const mysql = await converted('mysql', from, { type: 'INT' }, ["'2.5'", "'-2.5'"])
  assert.match(mysql.message, /takes text that is a number: one with a fraction is rounded, halves away from zero, by MySQL \('2\.5' becomes 3\) and refused by MariaDB; other text \('abc'\), or a value out of INT's range, refuses the migration$/)
  if (isMariaDb) assert.match(mysql.error, /Truncated incorrect INTEGER value: '2\.5'/)
  else assert.deepEqual(mysql.read, ['3', '-3'])
  const postgres = await converted('postgresql', from, { type: 'INT' }, ["'2.5'"])
  assert.match(postgres.message, /takes text that is an integer \(' 42 ' included\); other text \('2\.5', 'abc'\), or a value out of INTEGER's range, refuses the migration$/)
  assert.match(postgres.error, /invalid input syntax for type integer: "2\.5"/)
  assert.deepEqual((await converted('postgresql', from, { type: 'INT' }, ["' 42 '"])).read, ['42'])
})

test("MySQL: text '0000-00-00' made a DATE becomes the zero date, in a session with MySQL's default sql_mode too, as TYPE_NARROWING says", { skip: my.skip ?? false }, async () => {
  const { conn } = my
  const [[{ mode }]] = await conn.query('SELECT @@SESSION.sql_mode AS mode')
  try {
    await conn.query("SET SESSION sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'")
    const got = await converted('mysql', { type: 'VARCHAR', length: 20 }, { type: 'DATE' }, ["'0000-00-00'", "'2024-00-10'", "'2024-01-31'"])
    assert.match(got.message, /text '0000-00-00', or with a zero month or day such as '2024-00-10', or a number such as 20240010, becomes that zero date rather than refusing the migration/)
    assert.deepEqual(got.read, ['0000-00-00', '2024-00-10', '2024-01-31'])
  } finally {
    await conn.query('SET SESSION sql_mode = ?', [mode])
  }
})

test('MySQL: a UUID (CHAR(36) there) made VARCHAR(36) is no narrowing: it needs no allowDataLoss, and keeps each value', { skip: my.skip ?? false }, async () => {
  const change = generateMigration({ ...spec('mysql', { type: 'VARCHAR', length: 36 }), previousSpec: spec('mysql', { type: 'UUID' }) })
  assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
  assert.deepEqual(change.validation.warnings.map((w) => w.code), ['DOWN_DATA_LOSS'])
  const got = await converted('mysql', { type: 'UUID' }, { type: 'VARCHAR', length: 36 }, ["'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"])
  assert.deepEqual(got.read, ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'])
})
