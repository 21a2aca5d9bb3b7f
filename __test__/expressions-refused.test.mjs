// Expressions the generator refuses because the database refuses them (src/engine_syntax.rs and
// the function lists of src/expr/foreign_syntax.rs and src/expr/volatile.rs, found by the
// expression trial; the collations of src/collation_names.rs, MySQL's JSON of
// src/mysql_json_paths.rs and jsonb's operators on json of src/condition.rs, found by a user
// trial): each is refused by the generator with INVALID_CHECK_EXPRESSION, and the same CHECK
// written by hand is refused by the
// server — PostgreSQL (PG_URL, or the local socket) and the MySQL-compatible server (MYSQL_URL,
// or the local MariaDB socket); each server skipped with one loud line when unreachable, a failure
// under CI=true. The forms each server takes (the rewrites the messages suggest, and the neighbours
// of each refused form) are generated and their upMigration run, so a refusal cannot grow past
// what the server refuses. A MySQL cast one of MySQL and MariaDB takes (INT on MariaDB, REAL on
// MySQL) is refused for both, since a migration for MySQL runs on either: the test checks the
// server it has against what that server does.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { pgTryingClient, mysqlTryingConnection } from './engines/connect.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const COLUMNS = [
  { name: 'id', type: 'INTEGER', nullable: false },
  { name: 'a', type: 'INTEGER', nullable: true },
  { name: 'b', type: 'INTEGER', nullable: true },
  { name: 'c', type: 'INTEGER', nullable: true },
  { name: 's', type: 'TEXT', nullable: true },
  { name: 'd', type: 'DATE', nullable: true },
  { name: 'ts', type: 'TIMESTAMP', nullable: true },
  { name: 'flag', type: 'BOOLEAN', nullable: true },
  { name: 'j', type: 'JSON', nullable: true },
]
/** PostgreSQL's table has a JSONB column too, for the operators json lacks. */
const COLUMNS_OF = {
  postgresql: [...COLUMNS, { name: 'jb', type: 'JSONB', nullable: true }],
  mysql: COLUMNS,
}
const RAW = {
  postgresql: 'id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER, s TEXT, d DATE, ts TIMESTAMP, flag BOOLEAN, j JSON, jb JSONB',
  mysql: 'id INT PRIMARY KEY, a INT, b INT, c INT, s TEXT, d DATE, ts DATETIME, flag TINYINT(1), j JSON',
}

const spec = (databaseType, expression) => ({
  description: 'expressions_refused',
  databaseType,
  timestamps: false,
  tables: [{ name: 'expr_t', primaryKey: ['id'], columns: COLUMNS_OF[databaseType] ?? COLUMNS, checkConstraints: [{ name: 'chk_expr', expression }] }],
})

/** [expression, a fragment of the generator's reason] */
const PG_REFUSED = [
  ['a::OR > 0', 'key word'],
  ['CAST(a AS between) > 0', 'key word'],
  ['a := 1', "':='"],
  ['a !=-1', "'!=-'"],
  ['a ^-1 > 0', "'^-'"],
  ['a > 1_000', 'PostgreSQL 15'],
  ['ARRAY[1,2][1] = a', '(ARRAY[…])[1]'],
  ["d > {d '2020-01-01'}", 'ODBC'],
  ['a == 1', '(write =)'],
  ['a < b < c', 'a < b AND b < c'],
  ['a = b = flag', 'one after another'],
  ["s = _utf8'x'", 'introducer'],
  ["s COLLATE C = 'x'", 'COLLATE "C"'],
  ['CAST(a AS SIGNED) > 0', 'does not have'],
  ['a::datetime IS NOT NULL', 'timestamp'],
  ["CONVERT(s USING utf8) = 'x'", "MySQL's"],
  ['CHAR(65) = s', 'chr(n)'],
  ['rand() > 0', 'random()'],
  ["hex(s) = 'x'", 'to_hex'],
  ['year(d) > 2000', 'extract(year FROM x)'],
  ["make_interval(days : 1) > interval '0 days'", '=>'],
  // Collations every PostgreSQL has are "C", "POSIX", "default" and ucs_basic; another
  // database's (SQLite's NOCASE, MySQL's utf8mb4_bin) or a built-in one in another case is
  // refused with what to write (a user trial followed `write COLLATE "NOCASE"`).
  ["s COLLATE NOCASE IN ('a', 'b')", 'lower(s)'],
  [`s COLLATE "NOCASE" IN ('a', 'b')`, 'lower(s)'],
  ["s = 'a' COLLATE utf8mb4_bin", `'a' COLLATE "C"`],
  ["s COLLATE utf8mb4_general_ci = 'a'", 'lower(s)'],
  ["s COLLATE BINARY = 'a'", 's COLLATE "C"'],
  ["s COLLATE RTRIM = 'a'", 'rtrim(s)'],
  ["s COLLATE c = 'a'", 's COLLATE "C"'],
  [`s COLLATE "posix" = 'a'`, 's COLLATE "POSIX"'],
  [`s COLLATE "UCS_BASIC" = 'a'`, 's COLLATE ucs_basic'],
  // jsonb's operators on json: PostgreSQL has no such operator for json.
  ["j ? 'x'", "j::jsonb ? 'x'"],
  ["j ?| array['x']", 'jsonb'],
  ["j ?& array['x']", 'jsonb'],
  ["j <@ '{}'", 'jsonb'],
  ["j #- '{a}' IS NOT NULL", 'jsonb'],
  ["j @? '$.a'", 'jsonb'],
  ["(j -> 'a') ? 'x'", 'jsonb'],
  ["j || '{}'::json IS NOT NULL", 'jsonb'],
  ['j || jb IS NOT NULL', 'jsonb'],
  // SQL Server's bracket quoting (a user trial): PostgreSQL's syntax error at or near "[".
  ["[s] IN ('a', 'b')", `write s, or "s"`],
  ["a > 0 AND [b] > 0", 'SQL Server'],
  // A VALUES list is a subquery (cannot use subquery in check constraint); a bit string
  // compares with bit strings only (operator does not exist: text = bit) (a user trial).
  ['a = (VALUES (1))', 'write the value itself, 1'],
  ["s = B'101'", 'a bit string'],
]
const PG_TAKEN = [
  'a::int > 0', "B'101' = '101'", 'a != -1', 'a ^ -1 > 0', 'a <=-1', 'a =-1', 'a*-1 < 0', 'a > 1000', '(ARRAY[1,2])[1] = a',
  "d > DATE '2020-01-01'", 'a = 1', 'a < b AND b < c', "s = 'x'", `s COLLATE "C" = 'x'`, 'CAST(a AS integer) > 0',
  'd::timestamp IS NOT NULL', "chr(65) = s", 'random() > 0', "to_hex(a) = 'x'", 'extract(year FROM d) > 2000',
  "make_interval(days => 1) > interval '0 days'", "make_interval(days := 1) > interval '0 days'",
  "to_tsvector('english', s) @@@ to_tsquery('english', 'x')", 'int4range(a, b) -|- int4range(1, 2)',
  `s COLLATE "POSIX" = 'x'`, `s COLLATE "default" = 'x'`, "s COLLATE ucs_basic = 'x'", `s COLLATE pg_catalog."C" = 'x'`,
  "s COLLATE UCS_BASIC = 'x'", `s COLLATE "und-x-icu" = 'x'`,
  `lower(s) IN ('a', 'b')`, `s = 'a' COLLATE "C"`, `rtrim(s) = 'a'`,
  "j::jsonb ? 'x'", "jb ? 'x'", "jb ?| array['x']", "jb ?& array['x']", "jb <@ '{}'", "jb #- '{a}' IS NOT NULL",
  "j::jsonb #- '{a}' IS NOT NULL", "jb || '{}' IS NOT NULL", "j || '{}' IS NOT NULL", "j -> 'a' IS NOT NULL",
  "to_tsvector('english', s) @@ to_tsquery('english', 'x')",
]

/**
 * Partial-index WHEREs PostgreSQL refuses ("functions in index predicate must be marked
 * IMMUTABLE", or a syntax error): [where, fragment] (a user trial).
 */
const PG_INDEX_REFUSED = [
  ['pg_sleep(0) IS NULL', 'makes the server wait'],
  ["pg_read_file('/etc/hosts') IS NULL", "reads or writes the server's files"],
  ["lo_import('/etc/hosts') IS NULL", "reads or writes the server's files"],
  ["query_to_xml('select 1', true, true, '') IS NULL", 'runs a query of its own'],
  ['now() > ts', 'changes from one call to the next'],
  ['random() > 0.5', 'changes from one call to the next'],
  ["has_table_privilege('expr_t', 'select')", 'IMMUTABLE'],
  ["obj_description(a::oid) IS NULL", 'IMMUTABLE'],
  ["s <> ARRAY['a']::text", 'array_out'],
  ["[s] IN ('a', 'b')", 'SQL Server'],
  ['a = (VALUES (1))', 'subquery'],
]
/** Their neighbours, which PostgreSQL takes in a partial index's WHERE. */
const PG_INDEX_TAKEN = [
  "lower(s) = 'a'", 'abs(a) > 1', 'length(s) > 1', "s IN ('a', 'b')", "s <> (ARRAY['a'])[1]", "s = ANY (ARRAY['a'])",
  "to_tsvector('english', s) @@ to_tsquery('english', 'x')", 'age(ts, ts) IS NOT NULL',
]
/**
 * Calls that reach the server's files, wait or run queries: refused in a CHECK though
 * PostgreSQL takes them there (`pgTakes`), as MySQL's load_file() is. [expression, fragment, pgTakes]
 */
const PG_EFFECTS_REFUSED = [
  ["pg_read_file('/etc/hosts') IS NOT NULL OR a > 0", "reads or writes the server's files", true],
  ["pg_read_binary_file('/etc/hosts') IS NOT NULL OR a > 0", "reads or writes the server's files", true],
  ["lo_import('/etc/hosts') > 0 OR a > 0", "reads or writes the server's files", true],
  ["lo_export(1, '/tmp/x') = 1 OR a > 0", "reads or writes the server's files", true],
  ['pg_sleep(0) IS NULL OR a > 0', 'makes the server wait', true],
  ["query_to_xml('select 1', true, true, '') IS NOT NULL OR a > 0", 'runs a query of its own', true],
  ["pg_catalog.pg_read_file('/etc/hosts') IS NOT NULL", "reads or writes the server's files", true],
  ["dblink_exec('dbname=x', 'select 1') = 'x'", 'connects to another database', false],
]

/** [expression, fragment, which servers refuse it: 'both' | 'mysql' | 'mariadb'] */
const MY_REFUSED = [
  ['a <> 0x', '0x', 'both'],
  ["a <> b'a'", '0 and 1', 'both'],
  ['a = NOT b', '(NOT b)', 'both'],
  ["OVERLAY(s PLACING 'x' FROM 1) = 'x'", 'INSERT(', 'both'],
  ["ts AT TIME ZONE 'UTC' > '2020-01-01'", 'CONVERT_TZ', 'both'],
  ["CAST(a AS TEXT) <> ''", 'CHAR(n)', 'both'],
  ["CAST(a AS VARCHAR) <> ''", 'CHAR(n)', 'both'],
  ['CAST(a AS BOOLEAN) <> 0', 'SIGNED', 'both'],
  ['CAST(a AS NUMERIC) <> 0', 'DECIMAL(p,s)', 'both'],
  ["CAST(a AS BLOB) <> ''", 'BINARY', 'both'],
  ['CAST(a AS TIMESTAMP) IS NOT NULL', 'DATETIME', 'both'],
  ['CAST(a AS BIGINT) <> 0', 'SIGNED', 'both'],
  ['CAST(a AS INT) <> 0', 'MySQL refuses', 'mysql'],
  ['CAST(a AS INTEGER) <> 0', 'MySQL refuses', 'mysql'],
  ["CAST(a AS VARCHAR(10)) <> ''", 'MySQL refuses', 'mysql'],
  ['CAST(a AS REAL) <> 0', 'MariaDB refuses', 'mariadb'],
  ['CAST(a AS JSON) IS NOT NULL', 'MariaDB refuses', 'mariadb'],
  ['CAST(a AS DOUBLE PRECISION) <> 0', 'MariaDB refuses', 'mariadb'],
  ["CONVERT(a, TEXT) <> ''", 'CHAR(n)', 'both'],
  ['EXTRACT(EPOCH FROM ts) > 0', 'EPOCH', 'both'],
  ['INTERVAL 1 DAY', 'on its own', 'both'],
  ['a == 1', '(write =)', 'both'],
  ["`now`() > '2020-01-01'", 'changes from one call to the next', 'both'],
  ['`rand`() > 0', 'changes from one call to the next', 'both'],
  // VALUES() is INSERT … ON DUPLICATE KEY UPDATE's (a user trial): a syntax error in a CHECK.
  ['values(a) IS NULL', 'ON DUPLICATE KEY UPDATE', 'both'],
  ['value(a) IS NULL', 'ON DUPLICATE KEY UPDATE', 'both'],
  // SQL Server's bracket quoting (a user trial): said as such, not as an ARRAY.
  ["[s] IN ('a', 'b')", 'write s, or `s`', 'both'],
  ["load_file('/etc/hosts') IS NULL", "reads or writes the server's files", 'both'],
  ['sleep(0) = 0', 'makes the server wait', 'both'],
  // MySQL 8's JSON operators: MariaDB has none (a syntax error there).
  ["j->>'$.a' IS NOT NULL", "JSON_UNQUOTE(JSON_EXTRACT(j, '$.a'))", 'mariadb'],
  ["j->'$.a' IS NOT NULL", "JSON_EXTRACT(j, '$.a')", 'mariadb'],
  // Collations neither has, or only one of them: MariaDB says Unknown collation, or that it is
  // not valid for utf8mb4 (the tables' character set).
  ["s COLLATE NOCASE = 'a'", 'utf8mb4_general_ci', 'both'],
  ["s COLLATE latin1_bin = 'a'", 'utf8mb4_bin', 'both'],
  ["s COLLATE utf8_bin = 'a'", 'utf8mb4_bin', 'both'],
  ["s COLLATE utf8mb4_0900_ai_ci = 'a'", 'utf8mb4_general_ci', 'mariadb'],
  // A user trial: a VALUES list is a subquery (MariaDB: CHECK does not support subqueries), a
  // number past a DOUBLE's range is refused when the statement is parsed (Illegal double).
  ['a = (VALUES (1))', 'write the value itself, 1', 'both'],
  ['a > 1e400', 'Illegal double', 'both'],
]
const MY_TAKEN = [
  'a <> 0x1F', "a <> b'10'", 'a = (NOT b)', 'a AND NOT b', "INSERT(s, 1, 1, 'x') = 'x'",
  "CONVERT_TZ(ts, '+00:00', '+01:00') > '2020-01-01'", "d > DATE '2020-01-01'", "CAST(a AS CHAR(10)) <> ''",
  "CAST(a AS CHAR) <> ''", 'CAST(a AS SIGNED) <> 0', 'CAST(a AS UNSIGNED) <> 0', 'CAST(a AS DECIMAL(10,2)) <> 0',
  "CAST(a AS BINARY) <> ''", 'CAST(a AS DATETIME) IS NOT NULL', 'CAST(a AS DOUBLE) <> 0', 'CAST(a AS FLOAT) <> 0',
  'CONVERT(a, SIGNED) <> 0', 'EXTRACT(YEAR FROM ts) > 0', "ts + INTERVAL 1 DAY > '2020-01-01'", 'a = 1',
  "s COLLATE utf8mb4_bin = 'a'", "s COLLATE utf8mb4_general_ci = 'a'", "s COLLATE utf8mb4_unicode_ci = 'a'",
  "s COLLATE UTF8MB4_BIN = 'a'", "s COLLATE `utf8mb4_bin` = 'a'", 'a < 1.5e308', 'a > 1e-400',
]

/**
 * JSON paths that do not start with `$`: MySQL and MariaDB take the CHECK and refuse each row
 * whose JSON it reads (MariaDB 10.11 strict: error 4042, Syntax error in JSON path), so the
 * server's refusal shows at the insert. [expression, fragment]
 */
const MY_PATH_REFUSED = [
  ["JSON_EXTRACT(j, 'a') IS NOT NULL", "JSON_EXTRACT(j, '$.a')"],
  ["JSON_UNQUOTE(JSON_EXTRACT(j, 'a.b')) IS NOT NULL", "'$.a.b'"],
  ["JSON_LENGTH(j, '[0]') > 0", "'$[0]'"],
  ["JSON_CONTAINS_PATH(j, 'one', '$.a', 'b')", "'$.b'"],
  ["JSON_VALUE(j, 'a') IS NOT NULL", "'$.a'"],
]
/** The rewrites of MY_PATH_REFUSED: the server takes them, and the row. */
const MY_PATH_TAKEN = [
  "JSON_UNQUOTE(JSON_EXTRACT(j, '$.a')) IS NOT NULL", "JSON_EXTRACT(j, '$.a') IS NOT NULL", "JSON_LENGTH(j, '$.b') > 0",
  "JSON_LENGTH(j, ' $.b') > 0", "JSON_CONTAINS_PATH(j, 'one', '$.a', '$.b')", "JSON_VALUE(j, '$.a') IS NOT NULL",
]

/** `spec` with no CHECK and a partial index whose WHERE is `where`. */
const indexSpec = (databaseType, where) => {
  const s = spec(databaseType, 'a > 0')
  s.tables[0].checkConstraints = []
  s.tables[0].indexes = [{ name: 'idx_expr', columns: ['a'], where }]
  return s
}

/** Asserts the generator refuses `expression` for `db` with INVALID_CHECK_EXPRESSION and `says`. */
function assertRefused(db, expression, says, specOf = spec) {
  const r = generateMigration(specOf(db, expression))
  assert.equal(r.validation.valid, false, `${db}: ${expression} was accepted`)
  const e = r.validation.errors.find((x) => x.code === 'INVALID_CHECK_EXPRESSION')
  assert.ok(e, `${db}: ${expression}: ${JSON.stringify(r.validation.errors)}`)
  assert.ok(e.message.includes(says), `${db}: ${expression}: '${says}' not in: ${e.message}`)
}

const pgServer = await pgTryingClient('mg_expr_refused')
if (pgServer.skip) {
  test('PostgreSQL server: refused expressions', { skip: pgServer.skip }, () => {})
} else {
  after(() => pgServer.close())
  const { tryScript } = pgServer
  test('PostgreSQL server: what the generator refuses, PostgreSQL refuses; the rewrites run', async (t) => {
    for (const [expression, says] of PG_REFUSED) {
      await t.test(`refused: ${expression}`, async () => {
        assertRefused('postgresql', expression, says)
        const error = await tryScript(`CREATE TABLE raw_t (${RAW.postgresql}, CONSTRAINT chk_raw CHECK (${expression}));`)
        assert.notEqual(error, null, `PostgreSQL took ${expression}`)
      })
    }
    for (const [where, says] of PG_INDEX_REFUSED) {
      await t.test(`refused in an index's WHERE: ${where}`, async () => {
        assertRefused('postgresql', where, says, indexSpec)
        const error = await tryScript(`CREATE TABLE raw_t (${RAW.postgresql}); CREATE INDEX raw_i ON raw_t (a) WHERE ${where};`)
        assert.notEqual(error, null, `PostgreSQL took the index WHERE ${where}`)
      })
    }
    for (const where of PG_INDEX_TAKEN) {
      await t.test(`taken in an index's WHERE: ${where}`, async () => {
        const r = generateMigration(indexSpec('postgresql', where))
        assert.equal(r.validation.valid, true, `${where}: ${JSON.stringify(r.validation.errors)}`)
        assert.equal(await tryScript(r.upMigration), null, where)
      })
    }
    for (const [expression, says, pgTakes] of PG_EFFECTS_REFUSED) {
      await t.test(`refused though PostgreSQL ${pgTakes ? 'takes' : 'refuses'} it: ${expression}`, async () => {
        assertRefused('postgresql', expression, says)
        const error = await tryScript(`CREATE TABLE raw_t (${RAW.postgresql}, CONSTRAINT chk_raw CHECK (${expression}));`)
        if (pgTakes) assert.equal(error, null, `PostgreSQL is said to take ${expression}`)
        else assert.notEqual(error, null, `PostgreSQL is said to refuse ${expression}`)
      })
    }
    for (const expression of PG_TAKEN) {
      await t.test(`taken: ${expression}`, async () => {
        const r = generateMigration(spec('postgresql', expression))
        assert.equal(r.validation.valid, true, `${expression}: ${JSON.stringify(r.validation.errors)}`)
        assert.equal(await tryScript(r.upMigration), null, expression)
      })
    }
  })
}

test('a collation only some servers have is taken with an UNKNOWN_COLLATION warning', () => {
  for (const [db, expression, name] of [
    ['postgresql', `s COLLATE "und-x-icu" = 'x'`, '"und-x-icu"'],
    ['postgresql', `s COLLATE "en_US" = 'x'`, '"en_US"'],
    ['sqlite', "s COLLATE my_order = 'x'", 'my_order'],
  ]) {
    const r = generateMigration(spec(db, expression))
    assert.equal(r.validation.valid, true, `${db}: ${expression}: ${JSON.stringify(r.validation.errors)}`)
    const w = r.validation.warnings.filter((x) => x.code === 'UNKNOWN_COLLATION')
    assert.equal(w.length, 1, `${db}: ${expression}: ${JSON.stringify(r.validation.warnings)}`)
    assert.ok(w[0].message.includes(name), w[0].message)
    assert.equal(w[0].constraint, 'chk_expr')
  }
  for (const [db, expression] of [['postgresql', `s COLLATE "C" = 'x'`], ['sqlite', "s COLLATE NOCASE = 'x'"]]) {
    const r = generateMigration(spec(db, expression))
    assert.deepEqual(r.validation.warnings.filter((x) => x.code === 'UNKNOWN_COLLATION'), [], `${db}: ${expression}`)
  }
})

const mysqlServer = await mysqlTryingConnection('mg_expr_refused')
if (mysqlServer.skip) {
  test('MySQL/MariaDB server: refused expressions', { skip: mysqlServer.skip }, () => {})
} else {
  const { version } = mysqlServer
  const server = /mariadb/i.test(version) ? 'mariadb' : 'mysql'
  after(() => mysqlServer.close())
  /** The server's error for `script` (the table dropped after), or null. */
  const tryScript = (script) => mysqlServer.tryScript(script, 'raw_t', 'expr_t')
  test(`MySQL/MariaDB server (${version}): what the generator refuses, the server refuses (or, for a cast, the other of MySQL and MariaDB); the rewrites run`, async (t) => {
    for (const [expression, says, who] of MY_REFUSED) {
      await t.test(`refused: ${expression}`, async () => {
        assertRefused('mysql', expression, says)
        const error = await tryScript(`CREATE TABLE raw_t (${RAW.mysql}, CONSTRAINT chk_raw CHECK (${expression}))`)
        if (who === 'both' || who === server) assert.notEqual(error, null, `${version} took ${expression}`)
        else assert.equal(error, null, `${version} is said to take ${expression}, the other server refusing it`)
      })
    }
    for (const [expression, says] of MY_PATH_REFUSED) {
      await t.test(`refused: ${expression}`, async () => {
        assertRefused('mysql', expression, says)
        const error = await tryScript(`CREATE TABLE raw_t (${RAW.mysql}, CONSTRAINT chk_raw CHECK (${expression})); INSERT INTO raw_t (id, j) VALUES (1, '{"a": 1, "b": [1]}')`)
        assert.notEqual(error, null, `${version} took a row with ${expression}`)
      })
    }
    for (const expression of MY_TAKEN) {
      await t.test(`taken: ${expression}`, async () => {
        const r = generateMigration(spec('mysql', expression))
        assert.equal(r.validation.valid, true, `${expression}: ${JSON.stringify(r.validation.errors)}`)
        assert.equal(await tryScript(r.upMigration), null, expression)
      })
    }
    for (const expression of MY_PATH_TAKEN) {
      await t.test(`taken, with a row: ${expression}`, async () => {
        const r = generateMigration(spec('mysql', expression))
        assert.equal(r.validation.valid, true, `${expression}: ${JSON.stringify(r.validation.errors)}`)
        const row = `INSERT INTO expr_t (id, j) VALUES (1, '{"a": 1, "b": [1]}')`
        assert.equal(await tryScript(`${r.upMigration}\n${row}`), null, expression)
      })
    }
  })
}
