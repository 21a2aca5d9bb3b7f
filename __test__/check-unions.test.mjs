// String unions from CHECK constraints (`status IN ('draft', 'sent')` types `status` as
// `"draft" | "sent"`), proven on the engines: every string of a generated union is taken by the
// database's CHECK and, where the row type holds the union too, read back as that very string;
// where the row type stays `string` (MySQL/MariaDB, PostgreSQL CHAR(n)), the engine is shown to
// give back another spelling. tsc takes the unions and refuses a string outside them. SQLite's
// side runs in Rust (typescript.rs, with the bundled engine).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pgScratchDatabase, mysqlScratchDatabase } from './engines/connect.mjs'
import { scratchForFile } from './support/harness.mjs'
import { compileStrict } from './support/files.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const spec = (databaseType) => ({
  databaseType,
  description: 'create_orders',
  generateTypes: true,
  timestamps: false,
  tables: [
    {
      name: 'orders',
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false },
        { name: 'status', type: 'VARCHAR', length: 20, nullable: false, default: 'draft' },
        { name: 'kind', type: 'TEXT', nullable: true },
        { name: 'code', type: 'CHAR', length: 3, nullable: false },
      ],
      primaryKey: ['id'],
      checkConstraints: [
        { name: 'chk_orders_status', expression: "status IN ('draft', 'sent', 'won''t \"go\"') AND id > 0" },
        { name: 'chk_orders_kind', expression: "kind = 'a' OR kind = 'b' OR kind IS NULL" },
        { name: 'chk_orders_code', expression: "code IN ('aa', 'bbb')" },
      ],
    },
  ],
})

/** The union a field of an interface has (`null` when it is not a union of strings). */
function unionOf(types, iface, column) {
  const body = new RegExp(`export interface ${iface} \\{([^}]*)\\}`).exec(types)[1]
  const type = new RegExp(`\\n {2}${column}\\??: ([^;]+);`).exec(body)[1].replace(/ \| null$/, '')
  if (!type.startsWith('"')) return null
  return JSON.parse(`[${type.split(' | ').join(',')}]`)
}

const EXPECTED = { status: ['draft', 'sent', 'won\'t "go"'], kind: ['a', 'b'], code: ['aa', 'bbb'] }

test('the insert and update types are the CHECK strings on every dialect; rows only where the engine gives them back exactly', () => {
  const rowUnions = { sqlite: ['status', 'kind', 'code'], postgresql: ['status', 'kind'], mysql: [] }
  for (const d of ['sqlite', 'postgresql', 'mysql']) {
    const r = generateMigration(spec(d))
    assert.ok(r.validation.valid, `${d}: ${JSON.stringify(r.validation.errors)}`)
    for (const [column, strings] of Object.entries(EXPECTED)) {
      assert.deepEqual(unionOf(r.typeDefinitions, 'OrderInsert', column), strings, `${d} insert ${column}`)
      assert.deepEqual(unionOf(r.typeDefinitions, 'OrderUpdate', column), strings, `${d} update ${column}`)
      const row = unionOf(r.typeDefinitions, 'Order', column)
      assert.deepEqual(row, rowUnions[d].includes(column) ? strings : null, `${d} row ${column}`)
    }
    assert.match(r.typeDefinitions, /\n {2}kind\?: "a" \| "b" \| null;/, `${d}: a nullable union keeps null`)
  }
})

test('tsc takes the unions and refuses a string outside them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-check-unions-'))
  try {
    for (const d of ['sqlite', 'postgresql', 'mysql']) {
      writeFileSync(join(dir, `types_${d}.ts`), generateMigration(spec(d)).typeDefinitions)
      writeFileSync(
        join(dir, `use_${d}.ts`),
        [
          `import type { Order, OrderInsert, OrderUpdate } from './types_${d}.js'`,
          `export const ok: OrderInsert = { id: 1, status: 'sent', kind: null, code: 'aa' }`,
          `export const quoted: OrderUpdate = { status: 'won\\'t "go"' }`,
          `// @ts-expect-error: not one of the CHECK's strings`,
          `export const typo: OrderInsert = { id: 1, status: 'snet', code: 'aa' }`,
          `// @ts-expect-error: not one of the CHECK's strings`,
          `export const wrongKind: OrderUpdate = { kind: 'c' }`,
          `export const read = (o: Order): string | null => o.kind`,
        ].join('\n'),
      )
    }
    compileStrict(dir, "the unions' usage")
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** Inserts a row per union string and reads each back: `[written, read]` pairs. */
async function roundTrip(exec, query, d) {
  const r = generateMigration(spec(d))
  await exec(r.upMigration)
  const pairs = []
  let id = 1
  for (const [column, strings] of Object.entries(EXPECTED)) {
    for (const s of unionOf(r.typeDefinitions, 'OrderInsert', column)) {
      const values = { id, status: 'draft', kind: null, code: 'aa', [column]: s }
      await query(`INSERT INTO orders (id, status, kind, code) VALUES (${[1, 2, 3, 4].map((i) => (d === 'mysql' ? '?' : `$${i}`)).join(', ')})`, [values.id, values.status, values.kind, values.code])
      const [row] = await query(`SELECT ${column} AS v FROM orders WHERE id = ${id}`)
      pairs.push([s, row.v])
      id++
    }
    assert.ok(pairs.length >= strings.length)
  }
  return { pairs, nextId: id, down: r.downMigration }
}

test('PGlite: every union string is taken and read back as written; CHAR(n) comes back padded', async () => {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create()
  try {
    const q = async (sql, params) => (await db.query(sql, params)).rows
    const { pairs } = await roundTrip((sql) => db.exec(sql), q, 'postgresql')
    assert.equal(pairs.length, 7)
    for (const [written, read] of pairs) assert.equal(written === 'aa' ? read.trimEnd() : read, written)
    assert.deepEqual(pairs.find(([w]) => w === 'aa'), ['aa', 'aa '], 'CHAR(3) pads: why its row type stays string')
    await assert.rejects(q("INSERT INTO orders (id, status, code) VALUES (100, 'Draft', 'aa')"), /chk_orders_status/)
  } finally {
    await db.close()
  }
})

const pgServer = await scratchForFile(pgScratchDatabase('mg_check_unions'))

test('PostgreSQL server: every union string is taken and read back as written', { skip: pgServer.skip }, async () => {
  const client = await pgServer.connect()
  try {
    const exec = (sql) => client.query(sql)
    const q = async (sql, params) => (await client.query(sql, params)).rows
    const { pairs } = await roundTrip(exec, q, 'postgresql')
    assert.equal(pairs.length, 7)
    for (const [written, read] of pairs) assert.equal(written === 'aa' ? read.trimEnd() : read, written)
    await assert.rejects(q("INSERT INTO orders (id, status, code) VALUES (100, 'sent ', 'aa')"), /chk_orders_status/)
  } finally {
    await client.end()
  }
})

const mysqlServer = await scratchForFile(mysqlScratchDatabase('mg_check_unions'))

test('MySQL/MariaDB server: every union string is taken, and other spellings too (why rows stay string)', { skip: mysqlServer.skip }, async () => {
  const conn = await mysqlServer.connect()
  try {
    await conn.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'")
    const exec = (sql) => conn.query(sql)
    const q = async (sql, params) => (await conn.query(sql, params))[0]
    const { pairs, nextId } = await roundTrip(exec, q, 'mysql')
    assert.equal(pairs.length, 7)
    for (const [written, read] of pairs) assert.equal(read, written)
    await q(`INSERT INTO orders (id, status, code) VALUES (${nextId}, 'DRAFT', 'AA')`)
    const [row] = await q(`SELECT status, code FROM orders WHERE id = ${nextId}`)
    assert.deepEqual({ ...row }, { status: 'DRAFT', code: 'AA' }, 'the CHECK took another spelling, which a row then holds')
    await assert.rejects(q(`INSERT INTO orders (id, status, code) VALUES (${nextId + 1}, 'pending', 'aa')`), /chk_orders_status/)
  } finally {
    await conn.end()
  }
})
