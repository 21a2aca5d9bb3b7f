// One spec, three engines: the same spec's table, created by the generated up migration on
// SQLite (sql.js), the PostgreSQL server and the MySQL/MariaDB server, takes the same values
// through the drivers and gives back what README's "One spec, three engines" says — including
// where the engines differ (lengths and types SQLite does not enforce, CHAR padding, rounding,
// time zones, offsets, collations, JSON numbers). Servers as in the engine tests: PG_URL /
// MYSQL_URL or the local sockets; skipped loudly when unreachable (a failure with CI=true).
// MYSQL_URL may name a MySQL server: where MySQL 8+ and MariaDB differ, each has its expectation.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { pgScratchDatabase, mysqlScratchDatabase } from './engines/connect.mjs'

const require = createRequire(import.meta.url)
const { generateMigration, pgTypes, mysql2Options } = require('../index.js')

const TABLE = {
  name: 'fidelity',
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false },
    { name: 'name', type: 'VARCHAR', length: 5, nullable: true },
    { name: 'code', type: 'CHAR', length: 3, nullable: true },
    { name: 'qty', type: 'INTEGER', nullable: true },
    { name: 'tiny', type: 'TINYINT', nullable: true },
    { name: 'price', type: 'NUMERIC', precision: 5, scale: 2, nullable: true },
    { name: 'amount', type: 'DECIMAL', precision: 20, scale: 4, nullable: true },
    { name: 'flag', type: 'BOOLEAN', nullable: true },
    { name: 'happened_at', type: 'TIMESTAMP', nullable: true },
    { name: 'uid', type: 'UUID', nullable: true },
    { name: 'doc', type: 'JSON', nullable: true },
    { name: 'handle', type: 'VARCHAR', length: 10, nullable: true, unique: true },
    { name: 'status', type: 'VARCHAR', length: 5, nullable: true },
    { name: 'stamp', type: 'TIMESTAMP', nullable: false, default: 'CURRENT_TIMESTAMP' },
    { name: 'day', type: 'DATE', nullable: false, default: 'CURRENT_DATE' },
  ],
  primaryKey: ['id'],
  checkConstraints: [{ name: 'chk_fidelity_status', expression: "status IN ('draft', 'sent', 'published')" }],
}

function generate(databaseType) {
  const result = generateMigration({ description: 'fidelity', databaseType, generateTypes: true, timestamps: false, now: '2026-02-09T12:00:00Z', tables: [TABLE] })
  assert.equal(result.validation.valid, true, JSON.stringify(result.validation.errors))
  return result
}

const lossy = (result) => result.validation.warnings.filter((w) => w.code === 'LOSSY_TYPE_MAPPING').map((w) => w.column).sort()

/** The type of a field of one of the generated interfaces (`null` dropped). */
function fieldType(result, iface, column) {
  const body = new RegExp(`export interface ${iface} \\{([^}]*)\\}`).exec(result.typeDefinitions)[1]
  return new RegExp(`\\n {2}${column}\\??: ([^;]+);`).exec(body)[1].replace(/ \| null$/, '')
}

// --- The engines: `run(sql, params)` → rows, `exec(script)`, the dialect, and a flavour
// (`sqlite`, `postgresql`, `mariadb`, `mysql`) for the expectations.

const REFUSED = Symbol('refused')

async function openSqlite() {
  const SQL = await require('sql.js')()
  const db = new SQL.Database()
  const run = async (sql, params = []) => {
    const stmt = db.prepare(sql)
    try {
      stmt.bind(params.map((p) => (typeof p === 'boolean' ? Number(p) : p)))
      const rows = []
      while (stmt.step()) rows.push(stmt.getAsObject())
      return rows
    } finally {
      stmt.free()
    }
  }
  return { flavour: 'sqlite', dialect: 'sqlite', ph: () => '?', run, exec: async (sql) => db.exec(sql), close: async () => db.close() }
}

async function openPg() {
  const scratch = await pgScratchDatabase('mg_fidelity')
  if (scratch.skip) return scratch
  const { pg } = scratch
  const client = await scratch.connect({ types: pgTypes(pg.types) })
  const plain = await scratch.connect()
  await client.query("SET TIME ZONE 'UTC'")
  return {
    flavour: 'postgresql',
    dialect: 'postgresql',
    pg,
    plain,
    ph: (i) => `$${i}`,
    run: async (sql, params) => (await client.query(sql, params)).rows,
    exec: (sql) => client.query(sql),
    close: async () => {
      await client.end()
      await plain.end()
      await scratch.drop()
    },
  }
}

async function openMysql() {
  const scratch = await mysqlScratchDatabase('mg_fidelity')
  if (scratch.skip) return scratch
  const version = (await scratch.admin.query('SELECT VERSION() AS v'))[0][0].v
  const opened = []
  const connect = async (options) => {
    const conn = await scratch.connect(options)
    await conn.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'")
    await conn.query("SET SESSION time_zone = '+00:00'")
    opened.push(conn)
    return conn
  }
  const conn = await connect(mysql2Options())
  return {
    flavour: /mariadb/i.test(version) ? 'mariadb' : 'mysql',
    dialect: 'mysql',
    version,
    connect,
    ph: () => '?',
    run: async (sql, params) => (await conn.query(sql, params))[0],
    exec: (sql) => conn.query(sql),
    close: async () => {
      for (const c of opened) await c.end().catch(() => {})
      await scratch.drop()
    },
  }
}

const engines = {
  sqlite: await openSqlite(),
  postgresql: await openPg(),
  mysql: await openMysql(),
}
after(async () => {
  for (const e of Object.values(engines)) if (!e.skip) await e.close()
})
for (const e of Object.values(engines)) {
  if (!e.skip) await e.exec(generate(e.dialect).upMigration)
}

const label = (e) => (e.flavour === 'mysql' || e.flavour === 'mariadb' ? `${e.flavour} (${e.version})` : e.flavour)

/**
 * Whether the insert failed because the database refused the value (a data exception or a
 * constraint: SQLSTATE class 22 or 23, MySQL's CHECK error HY000, SQLite's constraint errors),
 * not for another reason, which fails the test.
 */
function refusal(e, error) {
  if (e.dialect === 'sqlite') return /constraint failed/.test(error.message)
  if (e.dialect === 'postgresql') return /^2[23]/.test(error.code ?? '')
  return /^(2[23]|HY000)/.test(error.sqlState ?? '') && typeof error.errno === 'number'
}

let nextId = 1
/** Inserts a row with `column` = `value`: the value read back, or REFUSED when the database refuses it. */
async function roundTrip(e, column, value) {
  const id = nextId++
  try {
    await e.run(`INSERT INTO fidelity (id, ${column}) VALUES (${e.ph(1)}, ${e.ph(2)})`, [id, value])
  } catch (error) {
    if (!refusal(e, error)) throw error
    return REFUSED
  }
  const [row] = await e.run(`SELECT ${column} AS v FROM fidelity WHERE id = ${e.ph(1)}`, [id])
  return row.v
}

/**
 * What each engine gives back for a value written through its driver (pg with pgTypes, mysql2
 * with mysql2Options, sql.js as it is): `[why, column, written, { sqlite, postgresql, mariadb, mysql }]`.
 */
const ROUND_TRIPS = [
  ['a longer string than VARCHAR(5)', 'name', 'abcdef', { sqlite: 'abcdef', postgresql: REFUSED, mariadb: REFUSED, mysql: REFUSED }],
  ['spaces beyond VARCHAR(5) are cut', 'name', 'abc    ', { sqlite: 'abc    ', postgresql: 'abc  ', mariadb: 'abc  ', mysql: 'abc  ' }],
  ['CHAR(3) pads on PostgreSQL, strips trailing spaces on MySQL', 'code', 'ab ', { sqlite: 'ab ', postgresql: 'ab ', mariadb: 'ab', mysql: 'ab' }],
  ['CHAR(3) with a shorter value', 'code', 'ab', { sqlite: 'ab', postgresql: 'ab ', mariadb: 'ab', mysql: 'ab' }],
  ['text in an INTEGER column', 'qty', 'abc', { sqlite: 'abc', postgresql: REFUSED, mariadb: REFUSED, mysql: REFUSED }],
  ['TINYINT 200', 'tiny', 200, { sqlite: 200, postgresql: 200, mariadb: REFUSED, mysql: REFUSED }],
  ['TINYINT -129', 'tiny', -129, { sqlite: -129, postgresql: -129, mariadb: REFUSED, mysql: REFUSED }],
  ['NUMERIC(5,2) rounds to its scale', 'price', '1.005', { sqlite: 1.005, postgresql: 1.01, mariadb: 1.01, mysql: 1.01 }],
  ['NUMERIC(5,2) beyond its precision', 'price', '1234.5', { sqlite: 1234.5, postgresql: REFUSED, mariadb: REFUSED, mysql: REFUSED }],
  ['BOOLEAN 5', 'flag', 5, { sqlite: 5, postgresql: REFUSED, mariadb: true, mysql: true }],
  ['TIMESTAMP fractional seconds', 'happened_at', '2026-02-09 12:34:56.999999', { sqlite: '2026-02-09 12:34:56.999999', postgresql: '2026-02-09 12:34:56.999999', mariadb: '2026-02-09 12:34:56', mysql: '2026-02-09 12:34:57' }],
  ['TIMESTAMP with an offset', 'happened_at', '2026-02-09 12:34:56+05:00', { sqlite: '2026-02-09 12:34:56+05:00', postgresql: '2026-02-09 12:34:56', mariadb: REFUSED, mysql: '2026-02-09 07:34:56' }],
  ['TIMESTAMP with a T', 'happened_at', '2026-02-09T12:34:56', { sqlite: '2026-02-09T12:34:56', postgresql: '2026-02-09 12:34:56', mariadb: '2026-02-09 12:34:56', mysql: '2026-02-09 12:34:56' }],
  ['UUID in capitals', 'uid', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', { sqlite: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', postgresql: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', mariadb: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', mysql: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' }],
  ['a UUID column on SQLite and MySQL takes any text', 'uid', 'not-a-uuid', { sqlite: 'not-a-uuid', postgresql: REFUSED, mariadb: 'not-a-uuid', mysql: 'not-a-uuid' }],
  ['a CHECK IN (…) string in capitals', 'status', 'SENT', { sqlite: REFUSED, postgresql: REFUSED, mariadb: 'SENT', mysql: 'SENT' }],
  ['a CHECK IN (…) string with a trailing space', 'status', 'sent ', { sqlite: REFUSED, postgresql: REFUSED, mariadb: 'sent ', mysql: REFUSED }],
]

for (const e of Object.values(engines)) {
  test(`${e.skip ? e.flavour ?? 'server' : label(e)}: values round-trip as README's table says`, { skip: e.skip }, async () => {
    const got = []
    const expected = []
    for (const [why, column, written, expect] of ROUND_TRIPS) {
      got.push([why, await roundTrip(e, column, written)])
      expected.push([why, expect[e.flavour]])
    }
    assert.deepEqual(got, expected)
  })
}

test('NUMERIC/DECIMAL with more than 15 digits: LOSSY_TYPE_MAPPING on every dialect; the TypeScript type is number', () => {
  for (const d of ['sqlite', 'postgresql', 'mysql']) {
    const result = generate(d)
    assert.ok(lossy(result).includes('amount'), `${d}: ${JSON.stringify(result.validation.warnings)}`)
    assert.ok(!lossy(result).includes('price'), `${d}: NUMERIC(5,2) fits a number`)
    assert.equal(fieldType(result, 'Fidelity', 'amount'), 'number')
  }
  // PostgreSQL's NUMERIC without precision holds any number of digits; MySQL's is DECIMAL(10,0),
  // which has a warning of its own.
  const bare = (databaseType, type = 'NUMERIC') => generateMigration({ description: 'bare', databaseType, timestamps: false, tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'n', type, nullable: true }], primaryKey: ['id'] }] }).validation.warnings
  assert.match(bare('postgresql').find((w) => w.code === 'LOSSY_TYPE_MAPPING' && w.column === 'n').message, /any number of significant digits/)
  // Named as the spec writes it (a user trial read "DECIMAL without precision" for its NUMERIC).
  assert.equal(bare('mysql').find((w) => w.code === 'LOSSY_TYPE_MAPPING' && w.column === 'n').message, 'NUMERIC without precision is DECIMAL(10,0) in MySQL: fractions are rounded away')
  assert.equal(bare('mysql', 'DECIMAL').find((w) => w.code === 'LOSSY_TYPE_MAPPING' && w.column === 'n').message, 'DECIMAL without precision is DECIMAL(10,0) in MySQL: fractions are rounded away')
  assert.deepEqual(bare('sqlite').filter((w) => w.code === 'LOSSY_TYPE_MAPPING'), [], 'SQLite warns only from precision 16')
})

const WIDE = '1234567890123456.7891' // 20 significant digits in DECIMAL(20,4)

test('SQLite: a DECIMAL(20,4) value comes back rounded to a double', { skip: engines.sqlite.skip }, async () => {
  const back = await roundTrip(engines.sqlite, 'amount', WIDE)
  assert.equal(typeof back, 'number')
  assert.notEqual(String(back), WIDE)
  assert.equal(back, Number(WIDE))
})

test('PostgreSQL: a DECIMAL(20,4) value is exact in the database; pg gives text, pgTypes refuses it (RangeError)', { skip: engines.postgresql.skip }, async () => {
  const e = engines.postgresql
  const id = nextId++
  await e.run('INSERT INTO fidelity (id, amount) VALUES ($1, $2)', [id, WIDE])
  assert.equal((await e.plain.query('SELECT amount FROM fidelity WHERE id = $1', [id])).rows[0].amount, WIDE)
  await assert.rejects(e.run('SELECT amount FROM fidelity WHERE id = $1', [id]), RangeError)
  assert.deepEqual(await e.run('SELECT amount::text AS amount FROM fidelity WHERE id = $1', [id]), [{ amount: WIDE }])
  assert.equal(await roundTrip(e, 'amount', '12345.6789'), 12345.6789, 'fewer digits read as a number')
})

test('MySQL/MariaDB: a DECIMAL(20,4) value is exact in the database; mysql2 gives text, mysql2Options refuses it, decimalNumbers alone rounds it', { skip: engines.mysql.skip }, async () => {
  const e = engines.mysql
  const id = nextId++
  await e.run('INSERT INTO fidelity (id, amount) VALUES (?, ?)', [id, WIDE])
  const select = 'SELECT amount FROM fidelity WHERE id = ?'
  assert.equal((await (await e.connect({})).query(select, [id]))[0][0].amount, WIDE)
  const rounded = (await (await e.connect({ decimalNumbers: true })).query(select, [id]))[0][0].amount
  assert.equal(rounded, Number(WIDE))
  assert.notEqual(String(rounded), WIDE)
  await assert.rejects((await e.connect(mysql2Options())).query(select, [id]), RangeError)
  assert.equal(await roundTrip(e, 'amount', '12345.6789'), 12345.6789, 'fewer digits read as a number')
})

// JSON: an integer beyond 2^53 inside a JSON value is kept by the database (MySQL: up to 2^64;
// beyond, MySQL's JSON type itself stores a double), and rounded by JSON.parse on the way out.
const BIG = '{"n": 12345678901234567890, "huge": 123456789012345678901234}'

test('JSON big integers: the drivers (and JSON.parse on SQLite\'s text) round them', async (t) => {
  const exact = 12345678901234567890n
  const rounded = (obj) => {
    assert.equal(typeof obj.n, 'number')
    assert.notEqual(BigInt(obj.n), exact)
    assert.equal(obj.n, Number(exact))
  }
  await t.test('sqlite', { skip: engines.sqlite.skip }, async () => {
    const back = await roundTrip(engines.sqlite, 'doc', BIG)
    assert.equal(back, BIG, 'the text as written')
    rounded(JSON.parse(back))
  })
  await t.test('postgresql', { skip: engines.postgresql.skip }, async () => {
    const e = engines.postgresql
    const back = await roundTrip(e, 'doc', BIG)
    rounded(back)
    const id = nextId - 1
    assert.deepEqual(await e.run("SELECT doc::text AS t, doc->>'n' AS n, (doc::jsonb)->>'huge' AS huge FROM fidelity WHERE id = $1", [id]), [{ t: BIG, n: '12345678901234567890', huge: '123456789012345678901234' }])
  })
  await t.test('mysql', { skip: engines.mysql.skip }, async () => {
    const e = engines.mysql
    const back = await roundTrip(e, 'doc', BIG)
    rounded(back)
    const [row] = await e.run("SELECT CAST(doc AS CHAR) AS t, JSON_UNQUOTE(JSON_EXTRACT(doc, '$.n')) AS n FROM fidelity WHERE id = ?", [nextId - 1])
    assert.equal(row.n, '12345678901234567890')
    if (e.flavour === 'mariadb') assert.equal(row.t, BIG, 'MariaDB keeps the JSON text')
    else assert.match(row.t, /"huge": 1\.23456789012345\d*e23/, 'MySQL stores an integer beyond 2^64 as a double')
  })
})

test('JSON text: kept as written on SQLite, PostgreSQL\'s JSON and MariaDB; normalised by JSONB and MySQL 8+', async () => {
  const written = '{"b": 1, "a": 2, "a": 3}'
  const normalised = '{"a": 3, "b": 1}'
  for (const e of Object.values(engines)) {
    if (e.skip) continue
    const id = nextId++
    await e.run(`INSERT INTO fidelity (id, doc) VALUES (${e.ph(1)}, ${e.ph(2)})`, [id, written])
    const text = { sqlite: 'doc', postgresql: 'doc::text', mysql: 'CAST(doc AS CHAR)' }[e.dialect]
    const [row] = await e.run(`SELECT ${text} AS t FROM fidelity WHERE id = ${e.ph(1)}`, [id])
    assert.equal(row.t, e.flavour === 'mysql' ? normalised : written, label(e))
    if (e.dialect === 'postgresql') assert.deepEqual(await e.run('SELECT doc::jsonb::text AS t FROM fidelity WHERE id = $1', [id]), [{ t: normalised }])
  }
})

test('a CHECK string longer than the column: LOSSY_TYPE_MAPPING and out of the unions on PostgreSQL and MySQL, taken on SQLite', async () => {
  for (const d of ['sqlite', 'postgresql', 'mysql']) {
    const result = generate(d)
    const warning = result.validation.warnings.find((w) => w.code === 'LOSSY_TYPE_MAPPING' && w.column === 'status')
    const union = d === 'sqlite' ? '"draft" | "sent" | "published"' : '"draft" | "sent"'
    for (const iface of ['FidelityInsert', 'FidelityUpdate']) assert.equal(fieldType(result, iface, 'status'), union, `${d} ${iface}`)
    if (d === 'sqlite') {
      assert.equal(warning, undefined)
    } else {
      assert.match(warning.message, /'published'/)
      assert.match(warning.suggestion, /length of at least 9/)
    }
  }
  for (const e of Object.values(engines)) {
    if (e.skip) continue
    assert.equal(await roundTrip(e, 'status', 'draft'), 'draft', e.flavour)
    assert.deepEqual(await roundTrip(e, 'status', 'published'), e.flavour === 'sqlite' ? 'published' : REFUSED, e.flavour)
  }
})

test('UNIQUE text: exact on SQLite and PostgreSQL; MariaDB ignores case, accents and trailing spaces, MySQL 8+ case and accents', async () => {
  const collides = { sqlite: [], postgresql: [], mariadb: ['A', 'á', 'a '], mysql: ['A', 'á'] }
  for (const e of Object.values(engines)) {
    if (e.skip) continue
    assert.equal(await roundTrip(e, 'handle', 'a'), 'a')
    const refused = []
    for (const other of ['A', 'á', 'a ']) if ((await roundTrip(e, 'handle', other)) === REFUSED) refused.push(other)
    assert.deepEqual(refused, collides[e.flavour], label(e))
    await e.run(`DELETE FROM fidelity WHERE handle IS NOT NULL`)
  }
})

// Defaults: SQLite's datetime('now') and date('now') are UTC; PostgreSQL's and MySQL's
// CURRENT_TIMESTAMP and CURRENT_DATE are the session time zone's. Two sessions 25 or 26 hours
// apart always see different dates.
const HOUR = 3600_000
const asUtc = (text) => Date.parse(`${text.replace(' ', 'T')}Z`)

async function defaultsIn(e, zone) {
  const id = nextId++
  if (zone) await e.exec(zone)
  await e.run(`INSERT INTO fidelity (id) VALUES (${e.ph(1)})`, [id])
  const [row] = await e.run(`SELECT stamp, day FROM fidelity WHERE id = ${e.ph(1)}`, [id])
  return row
}

test('SQLite: CURRENT_TIMESTAMP and CURRENT_DATE defaults are UTC, to the second', { skip: engines.sqlite.skip }, async () => {
  const before = Date.now()
  const row = await defaultsIn(engines.sqlite)
  assert.match(row.stamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  assert.ok(Math.abs(asUtc(row.stamp) - before) < 60_000, row.stamp)
  assert.equal(row.day, new Date(asUtc(row.stamp)).toISOString().slice(0, 10))
})

test('PostgreSQL: the defaults follow the session time zone; CURRENT_TIMESTAMP keeps microseconds', { skip: engines.postgresql.skip }, async () => {
  const e = engines.postgresql
  const west = await defaultsIn(e, "SET TIME ZONE 'Etc/GMT+12'")
  const east = await defaultsIn(e, "SET TIME ZONE 'Etc/GMT-14'")
  await e.exec("SET TIME ZONE 'UTC'")
  assert.match(east.stamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+$/)
  assert.ok(Math.abs(asUtc(east.stamp) - asUtc(west.stamp) - 26 * HOUR) < 60_000, `${west.stamp} / ${east.stamp}`)
  assert.notEqual(west.day, east.day)
  assert.equal(east.day, east.stamp.slice(0, 10))
})

test('MySQL/MariaDB: the defaults follow the session time zone; CURRENT_TIMESTAMP in DATETIME has no fraction', { skip: engines.mysql.skip }, async () => {
  const e = engines.mysql
  const west = await defaultsIn(e, "SET time_zone = '-12:00'")
  const east = await defaultsIn(e, "SET time_zone = '+13:00'")
  await e.exec("SET time_zone = '+00:00'")
  assert.match(east.stamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  assert.ok(Math.abs(asUtc(east.stamp) - asUtc(west.stamp) - 25 * HOUR) < 60_000, `${west.stamp} / ${east.stamp}`)
  assert.notEqual(west.day, east.day)
  assert.equal(east.day, east.stamp.slice(0, 10))
})
