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
import { spawnSync } from 'node:child_process'

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

// python3's sqlite3 (Debian 12's is SQLite 3.40.1): a SQLite older than 3.42 ('subsec') and 3.45
// (json_valid's flags), to see what the warnings say happen there. sql.js is newer.
const py = spawnSync('python3', ['-c', 'import sqlite3; print(sqlite3.sqlite_version)'], { encoding: 'utf8' })
const pyVersion = py.status === 0 ? py.stdout.trim() : null
/** Whether SQLite `version` is older than `than` (major.minor). */
const older = (version, than) => {
  const [a, b] = [version, than].map((v) => v.split('.').map(Number))
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])
}
const oldSqlite = pyVersion && older(pyVersion, '3.42') ? pyVersion : null
/** Runs `script`, then each of `statements` on its own, on a new in-memory database of python3's sqlite3: for each statement `{ rows }` or `{ error }`, or `{ error }` of the script alone. */
function onOldSqlite(script, statements) {
  const program = `import sqlite3, sys, json
db = sqlite3.connect(':memory:', isolation_level=None)
try:
    db.executescript(sys.argv[1])
except sqlite3.Error as e:
    print(json.dumps({'error': str(e)}))
    sys.exit(0)
out = []
for sql in json.loads(sys.argv[2]):
    try:
        out.append({'rows': db.execute(sql).fetchall()})
    except sqlite3.Error as e:
        out.append({'error': str(e)})
print(json.dumps({'results': out}))`
  const r = spawnSync('python3', ['-c', program, script, JSON.stringify(statements)], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return JSON.parse(r.stdout)
}
/** A SQLite spec of one table `v` (id, ts TEXT, doc TEXT and `columns`) with `checks`. */
const versionSpec = (columns, checks = []) => ({
  description: 'sqlite_versions',
  databaseType: 'sqlite',
  timestamps: false,
  tables: [{
    name: 'v', primaryKey: ['id'],
    columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'ts', type: 'TEXT', nullable: true }, { name: 'doc', type: 'TEXT', nullable: true }, ...columns],
    checkConstraints: checks,
  }],
})
const versionWarnings = (r) => r.validation.warnings.filter((w) => w.code === 'UNKNOWN_FUNCTION').map((w) => `${w.column ?? w.constraint}: ${w.message}`)

test(`UNKNOWN_FUNCTION on SQLite: the modifier 'subsec' (3.42) has a warning of its own; on an older SQLite (${oldSqlite ?? 'python3 has none older than 3.42'}) the default is NULL and the CHECK passes every row, without an error; sql.js runs them as meant`, async () => {
  const r = generateMigration(versionSpec(
    [{ name: 'at', type: 'TEXT', nullable: true, default: { expression: "datetime('now', 'subsec')" } }],
    [{ name: 'chk_v_ts', expression: "unixepoch(ts, 'SUBSECOND') > 1700000000" }],
  ))
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  const found = versionWarnings(r)
  assert.equal(found.length, 3, found.join('\n'))
  assert.match(found.find((w) => w.startsWith('at:')), /uses the date and time modifier 'subsec', which SQLite added in 3\.42: .* takes it without an error and the function returns NULL, so each row that leaves the column out gets NULL/)
  assert.match(found.find((w) => w.startsWith('chk_v_ts:') && w.includes('subsec')), /a CHECK that is NULL passes: the CHECK lets through the rows it should refuse/)
  assert.match(found.find((w) => w.startsWith('chk_v_ts:') && !w.includes('subsec')), /unixepoch\(\) in 3\.38/)
  const { engine, close } = await openSqlJs()
  try {
    await engine.exec(r.upMigration)
    await assert.rejects(engine.exec("INSERT INTO v (id, ts) VALUES (1, '1990-01-01')"), /CHECK constraint failed/)
    await engine.exec("INSERT INTO v (id, ts) VALUES (2, '2026-01-31 10:00:00.25')")
    const { rows } = await engine.run({ sql: 'SELECT at FROM v' })
    assert.match(rows[0].at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
  } finally {
    close()
  }
  if (!oldSqlite) return
  const old = onOldSqlite(r.upMigration, ["INSERT INTO v (id, ts) VALUES (1, '1990-01-01')", 'SELECT id, at FROM v'])
  assert.equal(old.error, undefined, old.error)
  assert.deepEqual(old.results, [{ rows: [] }, { rows: [[1, null]] }])
})

test(`UNKNOWN_FUNCTION on SQLite: json_valid() with a second argument (3.45) is warned about; an older SQLite (${oldSqlite ?? 'python3 has none older than 3.45'}) refuses the CHECK when the migration runs, and the default at each insert; sql.js runs them`, async () => {
  const checked = generateMigration(versionSpec([], [{ name: 'chk_v_doc', expression: 'json_valid(doc, 6)' }]))
  const defaulted = generateMigration(versionSpec([{ name: 'ok', type: 'INTEGER', nullable: true, default: { expression: "json_valid('{\"a\": 1}', 1)" } }]))
  for (const r of [checked, defaulted]) assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  assert.deepEqual(versionWarnings(checked), ["chk_v_doc: the CHECK expression of 'chk_v_doc' uses what SQLite added after 3.35 (json_valid() with a second argument (flags) in 3.45): the migration fails on a SQLite older than 3.45, such as a system's or a phone's (a driver's own is often newer)"])
  assert.deepEqual(versionWarnings(defaulted), ["ok: the default expression uses what SQLite added after 3.35 (json_valid() with a second argument (flags) in 3.45): the migration runs, but every insert that leaves the column out fails, on a SQLite older than 3.45, such as a system's or a phone's (a driver's own is often newer)"])
  // One argument is what 3.35 has.
  assert.deepEqual(versionWarnings(generateMigration(versionSpec([], [{ name: 'chk_v_doc', expression: 'json_valid(doc)' }]))), [])
  const { engine, close } = await openSqlJs()
  try {
    await engine.exec(checked.upMigration)
    await assert.rejects(engine.exec("INSERT INTO v (id, doc) VALUES (1, 'nope')"), /CHECK constraint failed/)
    await engine.reset()
    await engine.exec(defaulted.upMigration)
    await engine.exec('INSERT INTO v (id) VALUES (1)')
    assert.deepEqual((await engine.run({ sql: 'SELECT ok FROM v' })).rows, [{ ok: 1 }])
  } finally {
    close()
  }
  if (!oldSqlite) return
  assert.match(onOldSqlite(checked.upMigration, []).error, /wrong number of arguments to function json_valid\(\)/)
  const old = onOldSqlite(defaulted.upMigration, ['INSERT INTO v (id) VALUES (1)'])
  assert.equal(old.error, undefined, old.error)
  assert.match(old.results[0].error, /json_valid/)
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
