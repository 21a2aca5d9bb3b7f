// The driver settings (pgTypes, pgliteParsers, mysql2Options) on the real servers and PGlite: a table with every spec type,
// created by the generated up migration, one row of values and one of NULLs, read back with the
// driver configured and checked against the generated TypeScript row interface — and read back
// with the driver's defaults, to show the mismatches the settings are for. Servers as in the
// engine tests: PG_URL / MYSQL_URL or the local sockets; skipped loudly when unreachable (a
// failure with CI=true).
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { pgScratchDatabase, mysqlScratchDatabase } from './engines/connect.mjs'

const require = createRequire(import.meta.url)
const { generateMigration, pgTypes, pgliteParsers, mysql2Options } = require('../index.js')
const esm = await import('../index.mjs')


/** Every spec type, nullable, next to an auto-increment key (and the automatic timestamps). */
const COLUMNS = [
  { name: 'c_text', type: 'TEXT' },
  { name: 'c_varchar', type: 'VARCHAR', length: 40 },
  { name: 'c_char', type: 'CHAR', length: 3 },
  { name: 'c_integer', type: 'INTEGER' },
  { name: 'c_int', type: 'INT' },
  { name: 'c_bigint', type: 'BIGINT' },
  { name: 'c_tinyint', type: 'TINYINT' },
  { name: 'c_real', type: 'REAL' },
  { name: 'c_numeric', type: 'NUMERIC', precision: 12, scale: 2 },
  { name: 'c_decimal', type: 'DECIMAL', precision: 20, scale: 4 },
  { name: 'c_boolean', type: 'BOOLEAN' },
  { name: 'c_timestamp', type: 'TIMESTAMP' },
  { name: 'c_datetime', type: 'DATETIME' },
  { name: 'c_date', type: 'DATE' },
  { name: 'c_uuid', type: 'UUID' },
  { name: 'c_json', type: 'JSON' },
  { name: 'c_jsonb', type: 'JSONB' },
  { name: 'c_blob', type: 'BLOB' },
]

/** One value per column, as bound to an INSERT, and what the settings must read back. */
const VALUES = {
  c_text: ['text', 'text'],
  c_varchar: ['varchar', 'varchar'],
  c_char: ['abc', 'abc'],
  c_integer: [-2147483648, -2147483648],
  c_int: [2147483647, 2147483647],
  c_bigint: ['9007199254740991', 9007199254740991],
  c_tinyint: [-7, -7],
  c_real: [1.25, 1.25],
  c_numeric: ['1234567890.12', 1234567890.12],
  c_decimal: ['-12345678.5', -12345678.5],
  c_boolean: [true, true],
  c_timestamp: ['2026-02-09 12:34:56', '2026-02-09 12:34:56'],
  c_datetime: ['2026-12-31 23:59:59', '2026-12-31 23:59:59'],
  c_date: ['2026-02-09', '2026-02-09'],
  c_uuid: ['0b4c7f3e-2d1a-4c5e-9f6a-1b2c3d4e5f60', '0b4c7f3e-2d1a-4c5e-9f6a-1b2c3d4e5f60'],
  c_json: ['{"a":1,"b":[true,null]}', { a: 1, b: [true, null] }],
  c_jsonb: ['{"k":"v"}', { k: 'v' }],
  c_blob: [Buffer.from([0, 1, 254, 255]), Buffer.from([0, 1, 254, 255])],
}

function generate(databaseType) {
  const result = generateMigration({
    description: 'driver_values',
    databaseType,
    generateTypes: true,
    now: '2026-02-09T12:00:00Z',
    tables: [{
      name: 'driver_values',
      columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, ...COLUMNS.map((c) => ({ ...c, nullable: true }))],
    }],
  })
  assert.equal(result.validation.valid, true, JSON.stringify(result.validation.errors))
  return result
}

/** `{ column: 'string' | 'number' | … }` from the generated row interface (without `| null`). */
function rowTypes(result) {
  const source = result.tableTypes[0].source
  const body = source.slice(source.indexOf('export interface DriverValue {'))
  const types = {}
  for (const line of body.slice(0, body.indexOf('\n}')).split('\n').slice(1)) {
    const m = /^ {2}(\w+): (.+?)( \| null)?;$/.exec(line)
    if (m) types[m[1]] = m[2]
  }
  assert.deepEqual(Object.keys(types), ['id', ...COLUMNS.map((c) => c.name), 'created_at', 'updated_at'])
  return types
}

/** What the value's runtime type is, in the generated types' words. */
function runtimeType(v) {
  if (v === null) return 'null'
  if (Buffer.isBuffer(v)) return 'Buffer'
  if (v instanceof Date) return 'Date'
  if (typeof v === 'object' && !Array.isArray(v)) return 'Record<string, unknown>'
  return typeof v
}

/** A PostgreSQL or MySQL JSON column's row type: any JSON value. */
const JSON_VALUE = 'string | number | boolean | null | unknown[] | { [key: string]: unknown }'

/** Whether the value `v` has the generated type `type`. */
function fits(type, v) {
  if (type === JSON_VALUE) {
    return v === null || ['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v) || runtimeType(v) === 'Record<string, unknown>'
  }
  return runtimeType(v) === type
}

/** Every column of the row has the generated type (null in the row of NULLs). */
function assertMatchesTypes(types, row, nulls) {
  const wrong = []
  for (const [column, type] of Object.entries(types)) {
    const expected = nulls && column.startsWith('c_') ? 'null' : type
    if (!fits(expected, row[column])) wrong.push(`${column}: ${expected} expected, got ${runtimeType(row[column])} (${String(row[column])})`)
  }
  assert.deepEqual(wrong, [])
}

function assertValues(row) {
  for (const [column, [, expected]] of Object.entries(VALUES)) assert.deepEqual(row[column], expected, column)
}

/** The columns whose default-settings runtime type differs from the generated type. */
function mismatches(types, row) {
  return Object.fromEntries(Object.entries(types).filter(([c, t]) => !fits(t, row[c])).map(([c]) => [c, runtimeType(row[c])]))
}

test('the driver settings are exported from CommonJS and ESM', () => {
  assert.equal(typeof pgTypes, 'function')
  assert.equal(typeof mysql2Options, 'function')
  assert.equal(esm.pgTypes, pgTypes)
  assert.equal(esm.mysql2Options, mysql2Options)
  assert.equal(typeof pgliteParsers, 'function')
  assert.equal(esm.pgliteParsers, pgliteParsers)
  assert.throws(() => pgTypes(undefined), TypeError)
  assert.throws(() => pgTypes({}), TypeError)
  assert.notEqual(mysql2Options(), mysql2Options(), 'a new object every call')
})

test('pgTypes: a parser of its own for int8, numeric and the date types, pg\'s for the rest', () => {
  const calls = []
  const fallback = (v) => `pg:${v}`
  const types = pgTypes({ getTypeParser: (oid, format) => (calls.push([oid, format]), fallback) })
  assert.equal(types.getTypeParser(20)('42'), 42)
  assert.equal(types.getTypeParser(20, 'text')('-9007199254740991'), -9007199254740991)
  assert.throws(() => types.getTypeParser(20)('9007199254740992'), RangeError)
  assert.throws(() => types.getTypeParser(20)('-9007199254740993'), RangeError)
  const numeric = types.getTypeParser(1700)
  for (const [text, n] of [['1.50', 1.5], ['0.1', 0.1], ['0.00', 0], ['-1.0e3', -1000], ['100000000000000000000', 1e20], ['123456789012345.6', 123456789012345.6], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]]) {
    assert.deepEqual(numeric(text), n, text)
  }
  for (const text of ['12345678901234567.89', '0.12345678901234567891', '9007199254740993', '1' + '0'.repeat(400)]) {
    assert.throws(() => numeric(text), RangeError, text)
  }
  for (const oid of [1082, 1114, 1184]) assert.equal(types.getTypeParser(oid)('2026-02-09 12:00:00+00'), '2026-02-09 12:00:00+00')
  assert.deepEqual(calls, [])
  assert.equal(types.getTypeParser(16, 'text'), fallback)
  assert.equal(types.getTypeParser(20, 'binary'), fallback)
  assert.deepEqual(calls, [[16, 'text'], [20, 'binary']])
})

test('mysql2Options: TINYINT(1) as boolean, NULL kept, the rest to next()', () => {
  const { typeCast, ...options } = mysql2Options()
  assert.deepEqual(options, { dateStrings: true, decimalNumbers: true, supportBigNumbers: true, bigNumberStrings: false })
  const field = (type, length, text) => ({ type, length, string: () => text })
  const next = () => 'next'
  assert.equal(typeCast(field('TINY', 1, '1'), next), true)
  assert.equal(typeCast(field('TINY', 1, '0'), next), false)
  assert.equal(typeCast(field('TINY', 1, null), next), null)
  assert.equal(typeCast(field('TINY', 4, '5'), next), 'next')
  assert.equal(typeCast(field('NEWDECIMAL', 12, '12.50'), next), 12.5)
  assert.equal(typeCast(field('NEWDECIMAL', 12, null), next), null)
  assert.throws(() => typeCast(field('NEWDECIMAL', 30, '12345678901234567.89'), next), RangeError)
  assert.equal(typeCast(field('LONGLONG', 20, null), () => 42), 42)
  assert.equal(typeCast(field('LONGLONG', 20, null), () => null), null)
  assert.throws(() => typeCast(field('LONGLONG', 20, null), () => '9007199254740993'), RangeError)
  assert.equal(typeCast(field('VAR_STRING', 10, 'x'), next), 'next')
})

// --- PostgreSQL server

async function openPg() {
  const scratch = await pgScratchDatabase('mg_drivers')
  if (scratch.skip) return scratch
  const { pg, config, dbName: database } = scratch
  const configured = await scratch.connect({ types: pgTypes(pg.types) })
  const plain = await scratch.connect({})
  after(async () => {
    await configured.end()
    await plain.end()
    await scratch.drop()
  })
  return { configured, plain, connection: { ...config, database } }
}

const pgServer = await openPg()

test('PostgreSQL server through Knex: knex.raw(text) turns the ? of a JSONB operator and of a literal into placeholders, and the migration fails; each ? escaped as the README says, it runs as written', { skip: pgServer.skip }, async () => {
  const result = generateMigration({
    description: 'knex_question_marks',
    databaseType: 'postgresql',
    timestamps: false,
    tables: [{
      name: 'knex_marks',
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false },
        { name: 'meta', type: 'JSONB', nullable: false, default: { expression: "'{\"tags\": []}'::jsonb" } },
        { name: 'note', type: 'TEXT', nullable: false, default: 'why?' },
      ],
      primaryKey: ['id'],
      checkConstraints: [{ name: 'chk_knex_marks_tags', expression: "meta ? 'tags'" }],
    }],
  })
  assert.equal(result.validation.valid, true, JSON.stringify(result.validation.errors))
  const { default: knexFactory } = await import('knex')
  const knex = knexFactory({ client: 'pg', connection: pgServer.connection })
  try {
    await assert.rejects(knex.raw(result.upMigration))
    await knex.raw(result.upMigration.replaceAll('?', '\\?'))
    await knex.raw('INSERT INTO knex_marks (id) VALUES (1)')
    const { rows } = await pgServer.plain.query('SELECT meta, note FROM knex_marks')
    assert.deepEqual(rows, [{ meta: { tags: [] }, note: 'why?' }])
    await assert.rejects(pgServer.plain.query(`INSERT INTO knex_marks (id, meta) VALUES (2, '{}')`), /chk_knex_marks_tags/)
    await knex.raw(result.downMigration.replaceAll('?', '\\?'))
  } finally {
    await knex.destroy()
  }
})
test('PostgreSQL server: pg with pgTypes returns every column as the generated types say; pg\'s defaults do not', { skip: pgServer.skip }, async () => {
  const { configured, plain } = pgServer
  const result = generate('postgresql')
  const types = rowTypes(result)
  await plain.query(result.upMigration)
  const names = Object.keys(VALUES)
  await plain.query(`INSERT INTO driver_values (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`, names.map((n) => VALUES[n][0]))
  await plain.query('INSERT INTO driver_values (c_text) VALUES (NULL)')
  const [row, nulls] = (await configured.query('SELECT * FROM driver_values ORDER BY id')).rows
  assertMatchesTypes(types, row, false)
  assertMatchesTypes(types, nulls, true)
  assertValues(row)
  assert.match(row.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/)
  // pg's defaults: BIGINT and NUMERIC as text, the dates as Date objects.
  const [defaultRow] = (await plain.query('SELECT * FROM driver_values ORDER BY id')).rows
  assert.deepEqual(mismatches(types, defaultRow), {
    c_bigint: 'string',
    c_numeric: 'string',
    c_decimal: 'string',
    c_timestamp: 'Date',
    c_datetime: 'Date',
    c_date: 'Date',
    created_at: 'Date',
    updated_at: 'Date',
  })
  // Values a number cannot hold: the query fails, the client goes on.
  await assert.rejects(configured.query('SELECT 9007199254740993::int8 AS v'), RangeError)
  await assert.rejects(configured.query('SELECT 12345678901234567.89::numeric AS v'), RangeError)
  assert.deepEqual((await configured.query("SELECT 1::int8 AS a, 'NaN'::numeric AS b, now() AS c")).rows.map((r) => [r.a, r.b, typeof r.c]), [[1, NaN, 'string']])
  // A JSON column holds any JSON value — an array (a '[]' default), a number, a string, JSON
  // null in a NOT NULL column — and pg returns each as that: the row type says so.
  await plain.query(`INSERT INTO driver_values (c_json, c_jsonb) VALUES ('[1,2]', 'null'), ('42', '"s"')`)
  const json = (await configured.query('SELECT c_json, c_jsonb FROM driver_values WHERE id > 2 ORDER BY id')).rows
  assert.deepEqual(json, [{ c_json: [1, 2], c_jsonb: null }, { c_json: 42, c_jsonb: 's' }])
  for (const r of json) for (const c of ['c_json', 'c_jsonb']) assert.ok(fits(types[c], r[c]), `${c}: ${JSON.stringify(r[c])} is a ${types[c]}`)
  await plain.query(result.downMigration)
})

// --- PGlite (embedded PostgreSQL)

test('PGlite: with pgliteParsers every column comes back as the generated types say; PGlite\'s defaults do not', async () => {
  const { PGlite } = await import('@electric-sql/pglite')
  const result = generate('postgresql')
  const types = rowTypes(result)
  const db = await PGlite.create()
  try {
    await db.exec(result.upMigration)
    const names = Object.keys(VALUES)
    await db.query(`INSERT INTO driver_values (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`, names.map((n) => VALUES[n][0]))
    await db.query('INSERT INTO driver_values (c_text) VALUES (NULL)')
    const [row, nulls] = (await db.query('SELECT * FROM driver_values ORDER BY id', [], { parsers: pgliteParsers() })).rows
    assertMatchesTypes(types, row, false)
    assertMatchesTypes(types, nulls, true)
    assertValues(row)
    assert.match(row.created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/)
    // PGlite's own parsers: numeric as text, the dates as Date objects, bytea as a Uint8Array
    // that is not a Buffer, int8 beyond 2^53 as a bigint (a user trial).
    const [defaultRow] = (await db.query('SELECT * FROM driver_values ORDER BY id')).rows
    assert.deepEqual(Object.fromEntries(Object.entries(mismatches(types, defaultRow)).map(([c, t]) => [c, defaultRow[c] instanceof Uint8Array ? 'Uint8Array' : t])), {
      c_numeric: 'string',
      c_decimal: 'string',
      c_timestamp: 'Date',
      c_datetime: 'Date',
      c_date: 'Date',
      c_blob: 'Uint8Array',
      created_at: 'Date',
      updated_at: 'Date',
    })
    assert.equal(typeof (await db.query('SELECT 9007199254740993::int8 AS v')).rows[0].v, 'bigint')
    // Values a number cannot hold: the query fails; the escape form of bytea reads too.
    await assert.rejects(db.query('SELECT 9007199254740993::int8 AS v', [], { parsers: pgliteParsers() }), RangeError)
    await assert.rejects(db.query('SELECT 12345678901234567.89::numeric AS v', [], { parsers: pgliteParsers() }), RangeError)
    await db.exec("SET bytea_output = 'escape'")
    const escaped = (await db.query("SELECT '\\x005c41ff'::bytea AS v", [], { parsers: pgliteParsers() })).rows[0].v
    assert.ok(Buffer.isBuffer(escaped) && escaped.equals(Buffer.from([0, 0x5c, 0x41, 0xff])), String(escaped))
    assert.notEqual(pgliteParsers(), pgliteParsers(), 'a new object every call')
    await db.exec(result.downMigration)
  } finally {
    await db.close()
  }
})

// --- MariaDB (MySQL) server

async function openMysql() {
  const scratch = await mysqlScratchDatabase('mg_drivers')
  if (scratch.skip) return scratch
  const { admin } = scratch
  const opened = []
  const connect = async (options) => {
    const conn = await scratch.connect(options)
    await conn.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'")
    opened.push(conn)
    return conn
  }
  after(async () => {
    for (const conn of opened) await conn.end().catch(() => {})
    await scratch.drop()
  })
  return { connect, version: (await admin.query('SELECT VERSION() AS v'))[0][0].v }
}

const mysqlServer = await openMysql()
test(`MySQL/MariaDB server${mysqlServer.version ? ` (${mysqlServer.version})` : ''}: mysql2 with mysql2Options returns every column as the generated types say; mysql2's defaults do not`, { skip: mysqlServer.skip }, async () => {
  const { connect } = mysqlServer
  const plain = await connect({})
  const configured = await connect(mysql2Options())
  const result = generate('mysql')
  const types = rowTypes(result)
  await plain.query(result.upMigration)
  const names = Object.keys(VALUES)
  await plain.query(`INSERT INTO driver_values (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, names.map((n) => VALUES[n][0]))
  await plain.query('INSERT INTO driver_values (c_text) VALUES (NULL)')
  // Text protocol (query) and binary protocol (execute, prepared statements) alike.
  for (const [how, rows] of [
    ['query', (await configured.query('SELECT * FROM driver_values ORDER BY id'))[0]],
    ['execute', (await configured.execute('SELECT * FROM driver_values WHERE id > ? ORDER BY id', [0]))[0]],
  ]) {
    assertMatchesTypes(types, rows[0], false)
    assertMatchesTypes(types, rows[1], true)
    assertValues(rows[0])
    assert.match(rows[0].created_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, how)
  }
  // mysql2's defaults: DECIMAL as text, dates as Date objects, BOOLEAN as 0/1 (BIGINT is a
  // number, rounded beyond 2^53; JSON an object, recognised on MariaDB from the column's metadata).
  const [[defaultRow]] = await plain.query('SELECT * FROM driver_values ORDER BY id')
  assert.deepEqual(mismatches(types, defaultRow), {
    c_numeric: 'string',
    c_decimal: 'string',
    c_boolean: 'number',
    c_timestamp: 'Date',
    c_datetime: 'Date',
    c_date: 'Date',
    created_at: 'Date',
    updated_at: 'Date',
  })
  assert.equal(defaultRow.c_boolean, 1)
  assert.equal((await plain.query('SELECT CAST(9007199254740993 AS SIGNED) AS v'))[0][0].v, 9007199254740992, 'the default rounds')
  // Values a number cannot hold: the query fails (and mysql2 closes that connection).
  for (const sql of ['SELECT CAST(9007199254740993 AS SIGNED) AS v', 'SELECT CAST(12345678901234567.89 AS DECIMAL(20,2)) AS v']) {
    for (const how of ['query', 'execute']) {
      const conn = await connect(mysql2Options())
      await assert.rejects(conn[how](sql), RangeError, `${how}: ${sql}`)
    }
  }
  // Writing JSON: mysql2 does not serialise an object (a placeholder expands it to `key` = value
  // pairs), so the insert and update types take the JSON text, which it writes as it is.
  const inputType = (iface, column) => new RegExp(`export interface DriverValue${iface} \\{[^}]*\\n {2}${column}\\?: ([^;]+);`).exec(result.typeDefinitions)[1]
  for (const iface of ['Insert', 'Update']) {
    assert.equal(inputType(iface, 'c_json'), 'string | null', iface)
    assert.equal(inputType(iface, 'c_jsonb'), 'string | null', iface)
    assert.equal(inputType(iface, 'c_text'), 'string | null', iface)
  }
  await assert.rejects(configured.query('UPDATE driver_values SET c_json = ? WHERE id = 1', [{ a: 2 }]))
  await configured.query('UPDATE driver_values SET c_json = ? WHERE id = 1', [JSON.stringify({ a: 2 })])
  assert.deepEqual((await configured.query('SELECT c_json FROM driver_values WHERE id = 1'))[0][0].c_json, { a: 2 })
  // PostgreSQL's pg serialises objects: there the input types are the row's.
  const pgTypesText = generate('postgresql').typeDefinitions
  assert.match(pgTypesText, /export interface DriverValueInsert \{[^}]*\n {2}c_json\?: Record<string, unknown> \| string \| null;/)
  // TEXT and BLOB hold what they hold on SQLite and PostgreSQL: MySQL's TEXT and BLOB refused
  // anything past 65,535 bytes ("Data too long"), so they are LONGTEXT and LONGBLOB.
  const long = 'é'.repeat(40000) + 'x'.repeat(70000)
  const bytes = Buffer.alloc(100000, 7)
  await plain.query('UPDATE driver_values SET c_text = ?, c_blob = ? WHERE id = 1', [long, bytes])
  const [[stored]] = await plain.query('SELECT c_text, c_blob FROM driver_values WHERE id = 1')
  assert.equal(stored.c_text, long)
  assert.ok(Buffer.compare(stored.c_blob, bytes) === 0, 'the 100 KB blob comes back whole')
  await plain.query(result.downMigration)
})
