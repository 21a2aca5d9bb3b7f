// UNKNOWN_FUNCTION (src/builtin_functions.rs): a CHECK that calls a function the database lacks
// is warned about, and the server refuses the generated migration; one that calls only built-in
// functions is not, and the server takes it. Run on the PostgreSQL server (PG_URL, or the local
// socket) and the MySQL-compatible server (MYSQL_URL, or the local MariaDB socket); each skipped
// with one loud line when unreachable, a failure under CI=true. On MySQL a function one of MySQL
// and MariaDB lacks is warned about for both (a migration for MySQL runs on either): the test
// checks the server it has against the warning's list of servers that lack it.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { pgTryingClient, mysqlTryingConnection } from './engines/connect.mjs'
import { openSqlJs } from './engines/sqlite.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const COLUMNS = [
  { name: 'id', type: 'INTEGER', nullable: false },
  { name: 'a', type: 'INTEGER', nullable: true },
  { name: 'b', type: 'INTEGER', nullable: true },
  { name: 's', type: 'VARCHAR', length: 40, nullable: true },
  { name: 'd', type: 'DATE', nullable: true },
]
const spec = (databaseType, expression) => ({
  description: 'unknown_functions',
  databaseType,
  timestamps: false,
  tables: [{ name: 'fn_t', primaryKey: ['id'], columns: COLUMNS, checkConstraints: [{ name: 'chk_fn', expression }] }],
})

/** The generated migration and the UNKNOWN_FUNCTION warnings' messages. */
function generated(db, expression) {
  const r = generateMigration(spec(db, expression))
  assert.equal(r.validation.valid, true, `${db}: ${expression}: ${JSON.stringify(r.validation.errors)}`)
  return { up: r.upMigration, unknown: r.validation.warnings.filter((w) => w.code === 'UNKNOWN_FUNCTION').map((w) => w.message) }
}

/**
 * A migration from previousSpec over two tables: `fn_kept`, left as it is, with a CHECK calling
 * `kept`; `fn_touched`, which gets a CHECK calling `added`. `{ previous, migration, created }`:
 * the previous spec's CREATE, the migration, and the CREATE of the new spec on its own.
 */
function fromPrevious(databaseType, kept, added) {
  const tables = (after) => [
    { name: 'fn_kept', primaryKey: ['id'], columns: COLUMNS, checkConstraints: [{ name: 'chk_fn_kept', expression: kept }] },
    { name: 'fn_touched', primaryKey: ['id'], columns: COLUMNS, checkConstraints: after ? [{ name: 'chk_fn_touched', expression: added }] : [] },
  ]
  const before = { description: 'before', databaseType, timestamps: false, tables: tables(false) }
  const after = { description: 'after', databaseType, timestamps: false, tables: tables(true) }
  const previous = generateMigration(before)
  const migration = generateMigration({ ...after, previousSpec: before })
  const created = generateMigration(after)
  for (const r of [previous, migration, created]) assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  return { previous, migration, created }
}
/** The (table, constraint) of each UNKNOWN_FUNCTION warning of a result. */
const unknownPlaces = (r) => r.validation.warnings.filter((w) => w.code === 'UNKNOWN_FUNCTION').map((w) => `${w.table}.${w.constraint}`).sort()

test('UNKNOWN_FUNCTION on SQLite from previousSpec: only for what the migration writes (the table it rebuilds for an added CHECK), not for a table it leaves as it is; sql.js runs it', async () => {
  const { previous, migration, created } = fromPrevious('sqlite', "concat(s, '') <> 'x'", "concat_ws('-', s, 'y') <> 'z-y'")
  assert.deepEqual(unknownPlaces(created), ['fn_kept.chk_fn_kept', 'fn_touched.chk_fn_touched'])
  assert.deepEqual(unknownPlaces(migration), ['fn_touched.chk_fn_touched'])
  assert.match(migration.validation.warnings.find((w) => w.code === 'UNKNOWN_FUNCTION').message, /concat_ws\(\) in 3\.44\): the migration fails on a SQLite older than 3\.44/)
  // The migration does not write the untouched table's CHECK, of which the warning said "the migration fails".
  assert.doesNotMatch(migration.upMigration, /fn_kept|concat\(s/)
  const { engine, close } = await openSqlJs()
  try {
    await engine.exec(previous.upMigration)
    await engine.exec("INSERT INTO fn_kept (id, s) VALUES (1, 'a'); INSERT INTO fn_touched (id, s) VALUES (1, 'a')")
    await engine.exec(migration.upMigration)
    // SQLite enforces the CHECK the migration added.
    await assert.rejects(engine.exec("INSERT INTO fn_touched (id, s) VALUES (2, 'z')"), /CHECK constraint failed/)
    await engine.exec(migration.downMigration)
  } finally {
    close()
  }
})

const PG_LACKS = ['len(s) > 2', 'strlen(s) > 0', 'datalength(s) > 0', 'nvl(a, 0) >= 0', 'char_lenght(s) > 0', 'unaccent(s) <> s']
const PG_HAS = [
  'char_length(s) > 2', "btrim(s) <> ''", 'abs(a) >= 0', 'coalesce(a, 0) >= 0', 'greatest(a, b) > 0', 'least(a, b) < 10',
  'lower(s) = s', 'length(s) < 10', "upper(s) <> ''", 'nullif(a, 0) IS NULL OR a > 0', "position('x' in s) >= 0",
  "substring(s from 1 for 2) <> ''", "trim(s) <> ''", 'extract(year from d) > 2000', "date_part('year', d) > 2000",
  "md5(s) <> ''", 'octet_length(s) > 0', "regexp_like(s, 'a')", "split_part(s, ',', 1) <> ''", "left(s, 1) <> ''", "starts_with(s, 'a')",
]
const MY_LACKS = ['len(s) > 2', 'strlen(s) > 0', 'datalength(s) > 0', "regexp_like(s, 'a')", 'nvl(a, 0) >= 0', 'char_lenght(s) > 0']
const MY_HAS = [
  'CHAR_LENGTH(s) > 2', 'IFNULL(a, 0) >= 0', 'IF(a > 0, 1, 0) = 1', 'COALESCE(a, 0) >= 0', "LOCATE('x', s) >= 0",
  "REPLACE(s, 'a', 'b') <> ''", 'ABS(a) >= 0', 'GREATEST(a, b) > 0', "LEFT(s, 1) <> ''", "UPPER(s) <> ''", 'LENGTH(s) < 10',
  "TRIM(s) <> ''", "SUBSTRING(s, 1, 2) <> ''", 'YEAR(d) > 2000', "CONCAT(s, 'x') <> ''", "LPAD(s, 3, '0') <> ''", 'MOD(a, 2) = 0',
  'ROUND(a) = a', 'FLOOR(a) = a', "INSTR(s, 'x') >= 0", "STRCMP(s, 'a') <> 2", "ASCII(s) >= 0",
]

test('UNKNOWN_FUNCTION on SQLite: none for a function SQLite 3.35 has (its engine is asked whether it has it at all); one naming the version for what came later', () => {
  const r = generateMigration(spec('sqlite', 'length(s) > 2'))
  assert.equal(r.validation.valid, true)
  assert.deepEqual(r.validation.warnings.filter((w) => w.code === 'UNKNOWN_FUNCTION'), [])
  const later = generateMigration(spec('sqlite', "concat(s, '') <> ''"))
  assert.equal(later.validation.valid, true)
  assert.deepEqual(later.validation.warnings.filter((w) => w.code === 'UNKNOWN_FUNCTION').map((w) => w.message.replace(/ on a SQLite.*/, '')), [
    "the CHECK expression of 'chk_fn' uses what SQLite added after 3.35 (concat() in 3.44): the migration fails",
  ])
})

const pgServer = await pgTryingClient('mg_unknown_fn')
if (pgServer.skip) {
  test('PostgreSQL server: unknown functions', { skip: pgServer.skip }, () => {})
} else {
  after(() => pgServer.close())
  test('PostgreSQL server: a CHECK calling a function PostgreSQL lacks is warned about and refused; one calling built-in functions is neither', async (t) => {
    for (const expression of PG_LACKS) {
      await t.test(`lacks: ${expression}`, async () => {
        const { up, unknown } = generated('postgresql', expression)
        assert.equal(unknown.length, 1, `${expression}: ${unknown}`)
        assert.match(unknown[0], /, which is not a built-in function of PostgreSQL 15: /)
        const error = await pgServer.tryScript(up)
        assert.match(String(error), /does not exist/, expression)
      })
    }
    for (const expression of PG_HAS) {
      await t.test(`has: ${expression}`, async () => {
        const { up, unknown } = generated('postgresql', expression)
        assert.deepEqual(unknown, [], expression)
        assert.equal(await pgServer.tryScript(up), null, expression)
      })
    }
  })
  test('PostgreSQL server: from previousSpec, a function PostgreSQL lacks is warned about in the CHECK the migration adds, not in the CHECK of a table it leaves as it is', async () => {
    const { previous, migration, created } = fromPrevious('postgresql', 'len(s) > 0', 'nvl(a, 0) >= 0')
    assert.deepEqual(unknownPlaces(created), ['fn_kept.chk_fn_kept', 'fn_touched.chk_fn_touched'])
    assert.deepEqual(unknownPlaces(migration), ['fn_touched.chk_fn_touched'])
    assert.doesNotMatch(migration.upMigration, /fn_kept|len\(/)
    // The database has len() (the previous migration needed it): the migration fails on the
    // function it calls, and runs (down too) once that one exists.
    const len = "CREATE FUNCTION len(text) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT length($1)';"
    const nvl = "CREATE FUNCTION nvl(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT coalesce($1, $2)';"
    assert.match(String(await pgServer.tryScript([len, previous.upMigration, migration.upMigration].join('\n'))), /function nvl\(integer, integer\) does not exist/)
    assert.equal(await pgServer.tryScript([len, nvl, previous.upMigration, migration.upMigration, migration.downMigration].join('\n')), null)
  })
}

const mysqlServer = await mysqlTryingConnection('mg_unknown_fn')
if (mysqlServer.skip) {
  test('MySQL/MariaDB server: unknown functions', { skip: mysqlServer.skip }, () => {})
} else {
  const { version } = mysqlServer
  const server = /mariadb/i.test(version) ? 'MariaDB 10.11' : 'MySQL 9.7'
  after(() => mysqlServer.close())
  const tryScript = (script) => mysqlServer.tryScript(script, 'fn_t')
  test(`MySQL/MariaDB server (${version}): a CHECK calling a function MySQL or MariaDB lacks is warned about, and refused by the server that lacks it; one calling built-in functions is neither`, async (t) => {
    for (const expression of MY_LACKS) {
      await t.test(`lacks: ${expression}`, async () => {
        const { up, unknown } = generated('mysql', expression)
        assert.equal(unknown.length, 1, `${expression}: ${unknown}`)
        const error = await tryScript(up)
        if (unknown[0].includes(server)) assert.notEqual(error, null, `${version} took ${expression}`)
        else assert.equal(error, null, `${version} is said to have the function of ${expression}: ${error}`)
      })
    }
    for (const expression of MY_HAS) {
      await t.test(`has: ${expression}`, async () => {
        const { up, unknown } = generated('mysql', expression)
        assert.deepEqual(unknown, [], expression)
        assert.equal(await tryScript(up), null, expression)
      })
    }
  })
  test(`MySQL/MariaDB server (${version}): from previousSpec, a function MySQL or MariaDB lacks is warned about in the CHECK the migration adds, not in the CHECK of a table it leaves as it is`, async () => {
    // A function this server has and the other lacks (warned about for both): the previous
    // migration runs here.
    const has = /mariadb/i.test(version) ? 'lengthb(s) > 0' : "regexp_like(s, 'a')"
    const { previous, migration, created } = fromPrevious('mysql', has, 'len(s) > 1')
    assert.deepEqual(unknownPlaces(created), ['fn_kept.chk_fn_kept', 'fn_touched.chk_fn_touched'])
    assert.deepEqual(unknownPlaces(migration), ['fn_touched.chk_fn_touched'])
    assert.doesNotMatch(migration.upMigration, /fn_kept|lengthb|regexp_like/)
    const drop = ['fn_kept', 'fn_touched']
    assert.equal(await mysqlServer.tryScript(previous.upMigration), null)
    assert.match(String(await mysqlServer.tryScript(migration.upMigration, ...drop)), /len|FUNCTION/i)
    // Where the CHECK it adds calls what the server has, the migration runs, down too.
    const runs = fromPrevious('mysql', has, has)
    assert.deepEqual(unknownPlaces(runs.migration), ['fn_touched.chk_fn_touched'])
    assert.equal(await mysqlServer.tryScript([runs.previous.upMigration, runs.migration.upMigration, runs.migration.downMigration].join('\n'), ...drop), null)
  })
}
