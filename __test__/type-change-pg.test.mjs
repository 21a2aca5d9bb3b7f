// Every change of a column from one spec type to another on PostgreSQL (previousSpec), up and
// down, on PGlite and on the PostgreSQL server (PG_URL; default: the local socket as postgres):
// a pair with no conversion that keeps the values' meaning is refused (UNSUPPORTED_FEATURE on the
// table and column, nothing written); every other pair runs on a table holding a representative
// value (and NULL), which comes out of the up migration as the value of the new type this file
// expects, and out of the down migration as that value converted back.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openPglite, openPgServer } from './engines/connect.mjs'
import { pgType } from './engines/postgres.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

/** The spec types, each with what its column takes. */
const TYPES = {
  INTEGER: {},
  INT: {},
  TINYINT: {},
  BIGINT: {},
  REAL: {},
  NUMERIC: { precision: 10, scale: 2 },
  DECIMAL: { precision: 10, scale: 2 },
  BOOLEAN: {},
  VARCHAR: { length: 50 },
  // Longer than a UUID: the padding is there to be taken away.
  CHAR: { length: 40 },
  TEXT: {},
  TIMESTAMP: {},
  DATETIME: {},
  DATE: {},
  UUID: {},
  JSON: {},
  JSONB: {},
  BLOB: {},
}

/** What PostgreSQL makes of each type's values. */
const KIND = {
  INTEGER: 'int', INT: 'int', TINYINT: 'int', BIGINT: 'int', REAL: 'real', NUMERIC: 'dec', DECIMAL: 'dec',
  BOOLEAN: 'bool', VARCHAR: 'text', CHAR: 'text', TEXT: 'text', TIMESTAMP: 'ts', DATETIME: 'ts', DATE: 'date',
  UUID: 'uuid', JSON: 'json', JSONB: 'jsonb', BLOB: 'blob',
}
const NUMBER = ['int', 'real', 'dec']

/**
 * The pairs of kinds with no conversion, either way: numbers and booleans to a date, a time, a
 * UUID or BLOB; dates and times to a UUID, JSON or BLOB; a UUID to JSON or BLOB; JSON to BLOB.
 */
const REFUSED = [
  [[...NUMBER, 'bool'], ['ts', 'date', 'uuid', 'blob']],
  [['ts', 'date'], ['uuid', 'json', 'jsonb', 'blob']],
  [['uuid'], ['json', 'jsonb', 'blob']],
  [['json', 'jsonb'], ['blob']],
]
const refused = (a, b) => REFUSED.some(([xs, ys]) => (xs.includes(a) && ys.includes(b)) || (xs.includes(b) && ys.includes(a)))

const UUID = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'
/**
 * Each kind's values as this file holds them: numbers, booleans, strings (text: `{ json }` for
 * text that is the JSON of a value), JSON values, byte strings as hex. A text with a backslash
 * and a letter outside ASCII: BLOB keeps its UTF-8 bytes (no escape read) and gives them back.
 */
const REPRESENTATIVES = {
  int: [7, 0],
  real: [2.5, 0],
  dec: [1.25, 0],
  bool: [true, false],
  text: ['héllo \\x41 \\'],
  ts: ['2024-05-06 07:08:09'],
  date: ['2024-05-06'],
  uuid: [UUID],
  json: [{ a: [1, 'x'] }],
  jsonb: [{ a: [1, 'x'] }],
  blob: [Buffer.from('bÿtes \\x41', 'utf8').toString('hex')],
}

/** A number rounded to an integer as PostgreSQL rounds it: a double to even, NUMERIC away from 0. */
function toInteger(kind, n) {
  if (kind === 'real' && Math.abs(n % 1) === 0.5) return 2 * Math.round(n / 2)
  return Math.sign(n) * Math.round(Math.abs(n))
}

/** The text PostgreSQL writes a value of `kind` as. */
function asText(kind, v) {
  switch (kind) {
    case 'dec': return v.toFixed(2)
    case 'int': case 'real': case 'bool': return String(v)
    case 'json': case 'jsonb': return { json: v }
    case 'blob': return Buffer.from(v, 'hex').toString('utf8')
    default: return v
  }
}

/** The text's value of `kind`, as the `USING` cast reads it. */
function fromText(kind, t) {
  switch (kind) {
    case 'int': case 'real': return Number(t)
    case 'dec': return Math.round(Number(t) * 100) / 100
    case 'bool': return t === 'true'
    case 'json': case 'jsonb': return t.json
    case 'blob': return Buffer.from(t, 'utf8').toString('hex')
    default: return t
  }
}

/** `v`, of kind `a`, converted to kind `b` (a pair that is not refused). */
function convert(a, b, v) {
  if (v === null) return null
  if (a === b) return v
  if (b === 'text') return asText(a, v)
  if (a === 'text') return fromText(b, v)
  if (NUMBER.includes(a) && NUMBER.includes(b)) return b === 'int' ? toInteger(a, v) : b === 'dec' ? Math.round(v * 100) / 100 : v
  if (a === 'bool' && NUMBER.includes(b)) return v ? 1 : 0
  if (NUMBER.includes(a) && b === 'bool') return v !== 0
  if (['json', 'jsonb'].includes(a) && ['json', 'jsonb'].includes(b)) return v
  if (['json', 'jsonb'].includes(b)) return v // a number or a boolean: its JSON value
  if (['json', 'jsonb'].includes(a)) return v // to a number or a boolean: the JSON value must be one
  if (a === 'ts' && b === 'date') return v.slice(0, 10)
  if (a === 'date' && b === 'ts') return `${v} 00:00:00`
  throw new Error(`no conversion from ${a} to ${b}`)
}

/** The values to start from: the source's own, or, for text and JSON to another kind, the new kind's written in the source. */
function seeds(a, b) {
  const flexible = ['text', 'json', 'jsonb'].includes(a) && !['text', 'blob'].includes(b)
  return flexible ? REPRESENTATIVES[b].map((v) => convert(b, a, v)) : REPRESENTATIVES[a]
}

const quote = (s) => `'${s.replaceAll("'", "''")}'`
/** A value of `kind` as an SQL literal. */
function literal(kind, v) {
  if (v === null) return 'NULL'
  switch (kind) {
    case 'int': case 'real': case 'dec': return String(v)
    case 'bool': return v ? 'TRUE' : 'FALSE'
    case 'text': return quote(typeof v === 'object' ? JSON.stringify(v.json) : v)
    case 'json': case 'jsonb': return quote(JSON.stringify(v))
    case 'blob': return `decode('${v}', 'hex')`
    default: return quote(v)
  }
}

/** A value read back as text (`column::text`, which drops CHAR's padding) as this file holds them; `like` is the value expected. */
function read(kind, t, like) {
  if (t === null) return null
  switch (kind) {
    case 'int': case 'real': case 'dec': return Number(t)
    case 'bool': return t === 'true'
    case 'text': return typeof like === 'object' && like !== null ? { json: JSON.parse(t) } : t
    case 'json': case 'jsonb': return JSON.parse(t)
    case 'blob': return t.replace(/^\\x/, '')
    default: return t
  }
}

const id = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
const spec = (type, extra = {}) => ({
  description: 'type change',
  databaseType: 'postgresql',
  tables: [{ name: 't', columns: [id, { name: 'c', type, nullable: true, ...TYPES[type] }] }],
  ...extra,
})
const change = (from, to, allowDataLoss) => generateMigration({ ...spec(to, { allowDataLoss }), previousSpec: spec(from) })

const PAIRS = Object.keys(TYPES).flatMap((a) => Object.keys(TYPES).filter((b) => b !== a).map((b) => [a, b]))

test('every pair of spec types is refused on PostgreSQL or written both ways', () => {
  let refusals = 0
  for (const [from, to] of PAIRS) {
    for (const allowDataLoss of [false, true]) {
      const m = change(from, to, allowDataLoss)
      const errors = m.validation.errors.map((e) => [e.code, e.table, e.column])
      if (refused(KIND[from], KIND[to])) {
        assert.deepEqual(errors, [['UNSUPPORTED_FEATURE', 't', 'c']], `${from} to ${to}`)
        assert.match(m.validation.errors[0].message, /no conversion/)
        assert.match(m.validation.errors[0].suggestion, /add a new column .* UPDATE .* drop 'c'/)
        assert.equal(m.upMigration, '', `${from} to ${to}: nothing written`)
        assert.deepEqual(m.validation.warnings, [], `${from} to ${to}: the refusal only`)
      } else if (allowDataLoss) {
        assert.deepEqual(errors, [], `${from} to ${to}`)
      } else {
        // Without allowDataLoss, a type change that is no widening is TYPE_NARROWING, never refused.
        assert.ok(errors.every(([code]) => code === 'TYPE_NARROWING'), `${from} to ${to}: ${JSON.stringify(errors)}`)
      }
    }
    if (refused(KIND[from], KIND[to])) refusals++
  }
  assert.equal(PAIRS.length, 306)
  assert.equal(refusals, 114)
})

function engineTests(opened) {
  if (opened.skip) {
    test('PostgreSQL type changes', { skip: opened.skip }, () => {})
    return
  }
  after(() => opened.close())
  const { engine } = opened
  const values = async () => (await engine.run({ sql: 'SELECT c::text AS v FROM t ORDER BY id', params: [] })).rows.map((r) => r.v)
  const columnType = async () =>
    (await engine.run({ sql: "SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'", params: [] })).rows[0].t

  test(`${engine.label}: every type change that is not refused runs up and down with its values`, async () => {
    let ran = 0
    for (const [from, to] of PAIRS) {
      const [a, b] = [KIND[from], KIND[to]]
      if (refused(a, b)) continue
      const label = `${from} to ${to}`
      const start = [...seeds(a, b), null]
      const up = start.map((v) => convert(a, b, v))
      const down = up.map((v) => convert(b, a, v))
      const m = change(from, to, true)
      assert.ok(m.validation.valid, `${label}: ${JSON.stringify(m.validation.errors)}`)
      try {
        await engine.reset()
        await engine.exec(generateMigration(spec(from)).upMigration)
        await engine.exec(`INSERT INTO t (c) VALUES ${start.map((v) => `(${literal(a, v)})`).join(', ')}`)
        try {
          await engine.exec(m.upMigration)
        } catch (e) {
          assert.fail(`${label}: the up migration fails: ${e.message}\n${m.upMigration}`)
        }
        assert.equal(await columnType(), pgType({ type: to, ...TYPES[to] }), label)
        assert.deepEqual((await values()).map((t, i) => read(b, t, up[i])), up, `${label}, up:\n${m.upMigration}`)
        try {
          await engine.exec(m.downMigration)
        } catch (e) {
          assert.fail(`${label}: the down migration fails: ${e.message}\n${m.downMigration}`)
        }
        assert.equal(await columnType(), pgType({ type: from, ...TYPES[from] }), label)
        assert.deepEqual((await values()).map((t, i) => read(a, t, down[i])), down, `${label}, down:\n${m.downMigration}`)
        ran++
      } finally {
        await engine.reset()
      }
    }
    assert.equal(ran, 306 - 114)
  })

  /** The up migration of `from` to `to` on a table holding `value` (SQL): PostgreSQL's error, or null. */
  const upError = async (from, to, value) => {
    try {
      await engine.reset()
      await engine.exec(generateMigration(spec(from)).upMigration)
      await engine.exec(`INSERT INTO t (c) VALUES (${value})`)
      return await engine.tryScript(change(from, to, true).upMigration)
    } finally {
      await engine.reset()
    }
  }

  test(`${engine.label}: a value the new type cannot take refuses the migration rather than being converted otherwise`, async () => {
    // Bytes that are not UTF-8, or a zero byte, are not text.
    assert.match(await upError('BLOB', 'TEXT', "decode('68ff', 'hex')"), /invalid byte sequence for encoding "UTF8"/)
    assert.match(await upError('BLOB', 'VARCHAR', "decode('6800', 'hex')"), /invalid byte sequence for encoding "UTF8": 0x00/)
    // Text too long for the new type (no cut), a JSON string is no number, text that is no boolean.
    assert.match(await upError('BLOB', 'CHAR', `decode('${Buffer.from('x'.repeat(41)).toString('hex')}', 'hex')`), /value too long/)
    assert.match(await upError('JSON', 'INTEGER', `'"5"'`), /cannot cast jsonb string to type integer/)
    assert.match(await upError('JSONB', 'BOOLEAN', `'1'`), /cannot cast jsonb numeric to type boolean/)
    assert.match(await upError('TEXT', 'BOOLEAN', `'maybe'`), /invalid input syntax for type boolean/)
    assert.match(await upError('BIGINT', 'TINYINT', '40000'), /smallint out of range/)
    assert.match(await upError('REAL', 'DECIMAL', '123456789.5'), /numeric field overflow/)
  })
}

test('a conversion that keeps every value is no narrowing; the down migration that undoes it is a DOWN_DATA_LOSS', () => {
  const codes = (from, to) => {
    const m = change(from, to, false)
    return [m.validation.errors.map((e) => e.code), m.validation.warnings.filter((w) => w.code === 'DOWN_DATA_LOSS' && w.column === 'c').map((w) => w.message)]
  }
  // A boolean as 1 or 0, a number as its JSON value, any value but bytes as its text, text as
  // its UTF-8 bytes.
  for (const [from, to, down] of [
    ['BOOLEAN', 'INTEGER', /is converted \(a number other than 0 becomes true\)$/],
    ['BOOLEAN', 'JSONB', /is refused \(JSON that is not a boolean\)$/],
    ['INTEGER', 'JSONB', /JSON that is not a number/],
    ['BIGINT', 'TEXT', /text that does not read as the old type/],
    ['UUID', 'TEXT', /text that does not read as the old type/],
    ['JSONB', 'TEXT', /text that does not read as the old type/],
    ['BOOLEAN', 'TEXT', /text that does not read as the old type/],
    ['TEXT', 'BLOB', /bytes that are not UTF-8/],
  ]) {
    const [errors, warnings] = codes(from, to)
    assert.deepEqual(errors, [], `${from} to ${to}`)
    assert.equal(warnings.length, 1, `${from} to ${to}: ${JSON.stringify(warnings)}`)
    assert.match(warnings[0], down, `${from} to ${to}`)
  }
  // The other way, and into characters of a limited length, values can go; and a text or JSON
  // that depends on the session (a date's DateStyle, a REAL's extra_float_digits) or that
  // does not convert back (NaN as a JSON string) is no widening either.
  for (const [from, to] of [['INTEGER', 'BOOLEAN'], ['DATE', 'VARCHAR'], ['DATE', 'TEXT'], ['TIMESTAMP', 'TEXT'], ['REAL', 'TEXT'], ['REAL', 'JSONB'], ['DECIMAL', 'JSON']]) {
    assert.deepEqual(codes(from, to)[0], ['TYPE_NARROWING'], `${from} to ${to}`)
  }
})

function shortTextTests(opened) {
  if (opened.skip) return
  const { engine } = opened
  test(`${engine.label}: text of a limited length changed to another type: the down migration, which the warning says can fail, fails on the values the up converted`, async () => {
    const short = (type) => ({ description: 'short', databaseType: 'postgresql', allowDataLoss: true, tables: [{ name: 't', columns: [id, { name: 'c', type, nullable: true, ...(type === 'VARCHAR' ? { length: 3 } : {}) }] }] })
    const m = generateMigration({ ...short('BOOLEAN'), previousSpec: short('VARCHAR') })
    assert.ok(m.validation.valid, JSON.stringify(m.validation.errors))
    const said = m.validation.warnings.filter((w) => w.code === 'DOWN_DATA_LOSS' && w.column === 'c')
    assert.equal(said.length, 1, JSON.stringify(m.validation.warnings))
    assert.match(said[0].message, /back to VARCHAR\(3\): a value whose text is longer than 3 characters/)
    try {
      await engine.reset()
      await engine.exec(generateMigration(short('VARCHAR')).upMigration)
      await engine.exec("INSERT INTO t (c) VALUES ('yes')")
      await engine.exec(m.upMigration)
      assert.match(await engine.tryScript(m.downMigration), /value too long for type character varying\(3\)/)
    } finally {
      await engine.reset()
    }
  })
}

const pglite = await openPglite()
const pgServer = await openPgServer()
shortTextTests(pglite)
shortTextTests(pgServer)
engineTests(pglite)
engineTests(pgServer)
