// Registers one test per fixture that applies to the engine's dialect.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { loadFixtures } from './fixtures.mjs'
import { runFixture } from './runner.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../../index.js')

/** `opened` is `{ engine, close }` or `{ skip }` (see connect.mjs). */
export function engineSuite(title, dialect, opened) {
  if (opened.skip) {
    test(`${title}: every fixture`, { skip: opened.skip }, () => {})
    return
  }
  after(() => opened.close())
  const { engine } = opened
  test(`${engine.label}: every keyword (or system column name) it refuses as a bare table or column name, the generator refuses`, async () => {
    const words = (await engine.keywords()).filter((w) => /^[a-z_][a-z0-9_]*$/.test(w))
    assert.ok(words.length > 100, `${words.length} keywords`)
    const leaks = []
    let tried = 0
    for (const word of words) {
      for (const where of ['table', 'column']) {
        const result = generateMigration(keywordSpec(dialect, word, where))
        if (!result.validation.valid) continue
        tried++
        const error = await engine.tryScript(result.upMigration)
        if (error) leaks.push(`${word} as a ${where} name: ${error}`)
      }
    }
    assert.ok(tried > 100, `only ${tried} names got through the generator`)
    assert.deepEqual(leaks, [], 'names the generator accepts but the engine refuses')
  })
  test(`${engine.label}: a table marked existing is referenced by the new one, and the migration neither creates nor drops it`, async () => {
    await engine.reset()
    const users = {
      name: 'users',
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
        { name: 'email', type: 'VARCHAR', length: 100, nullable: false, unique: true },
      ],
    }
    const orders = {
      name: 'orders',
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
        { name: 'user_id', type: 'INTEGER', nullable: false },
      ],
      foreignKeys: [{ columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'CASCADE' }],
    }
    try {
      await existingTableRoundTrip(engine, dialect, users, orders)
    } finally {
      await engine.reset()
    }
  })
  if (dialect === 'postgresql') {
    test(`${engine.label}: conditions it refuses as not boolean or comparing what it cannot compare, the generator refuses; the others it takes`, async () => {
      const { refused, taken } = JSON.parse(readFileSync(new URL('../data/postgres-conditions.json', import.meta.url), 'utf8'))
      const columns = 'age INTEGER, price DECIMAL(10,2), name VARCHAR(40), active BOOLEAN, born DATE, id UUID, meta JSONB, payload JSON, placed TIMESTAMP'
      for (const expression of refused) {
        for (const where of ['check', 'index']) {
          const raw = where === 'check'
            ? `CREATE TABLE cond_probe (${columns}, CHECK (${expression}));`
            : `CREATE TABLE cond_probe (${columns}); CREATE INDEX cond_probe_i ON cond_probe (age) WHERE ${expression};`
          assert.ok(await engine.tryScript(raw), `${engine.label} takes ${raw}`)
          const result = generateMigration(conditionSpec(expression, where))
          assert.equal(result.validation.valid, false, `${where} ${expression}`)
          assert.equal(result.validation.errors[0].code, 'INVALID_CHECK_EXPRESSION', `${where} ${expression}`)
          assert.equal(result.upMigration, '')
        }
      }
      for (const expression of taken) {
        for (const where of ['check', 'index']) {
          const result = generateMigration(conditionSpec(expression, where))
          assert.ok(result.validation.valid, `${where} ${expression}: ${JSON.stringify(result.validation.errors)}`)
          assert.equal(await engine.tryScript(result.upMigration), null, `${where} ${expression}`)
        }
      }
    })
  }
  for (const fixture of loadFixtures().filter((f) => f.dialects.includes(dialect))) {
    test(`${engine.label}: ${fixture.name}`, async () => {
      await runFixture(fixture, engine, generateMigration)
    })
  }
}

/** users, then orders referencing users marked existing: up, a row, down; users and its row stay. */
async function existingTableRoundTrip(engine, dialect, users, orders) {
  const first = generateMigration({ description: 'create_users', databaseType: dialect, tables: [users] })
  assert.ok(first.validation.valid, JSON.stringify(first.validation.errors))
  await engine.exec(first.upMigration)
  await engine.exec("INSERT INTO users (email) VALUES ('a@x.io')")
  // Without the flag, the foreign key to users is refused: the spec is all a PostgreSQL or
  // MySQL migration knows.
  const refused = generateMigration({ description: 'create_orders', databaseType: dialect, tables: [orders] })
  assert.equal(refused.validation.errors[0].code, 'INVALID_FOREIGN_KEY')
  const second = generateMigration({ description: 'create_orders', databaseType: dialect, tables: [{ ...users, existing: true }, orders] })
  assert.ok(second.validation.valid, JSON.stringify(second.validation.errors))
  assert.deepEqual(second.metadata.operations, [{ table: 'users', operation: 'SKIP' }, { table: 'orders', operation: 'CREATE' }])
  assert.deepEqual(second.metadata.tablesAffected, ['orders'])
  assert.doesNotMatch(second.upMigration, /CREATE TABLE[^(]*\busers\b/)
  assert.doesNotMatch(second.downMigration, /\busers\b/)
  await engine.exec(second.upMigration)
  await engine.exec('INSERT INTO orders (user_id) VALUES (1)')
  await engine.exec(second.downMigration)
  const { rows } = await engine.run({ sql: 'SELECT email FROM users', params: [] })
  assert.deepEqual(rows.map((r) => r.email), ['a@x.io'])
  await engine.exec(first.downMigration)
}

/** A PostgreSQL spec of the table postgres-conditions.json describes, with `expression` as its CHECK or its index's WHERE. */
function conditionSpec(expression, where) {
  const columns = [
    { name: 'pk', type: 'INTEGER', nullable: false, autoIncrement: true },
    { name: 'age', type: 'INTEGER', nullable: true },
    { name: 'price', type: 'DECIMAL', precision: 10, scale: 2, nullable: true },
    { name: 'name', type: 'VARCHAR', length: 40, nullable: true },
    { name: 'active', type: 'BOOLEAN', nullable: true },
    { name: 'born', type: 'DATE', nullable: true },
    { name: 'id', type: 'UUID', nullable: true },
    { name: 'meta', type: 'JSONB', nullable: true },
    { name: 'payload', type: 'JSON', nullable: true },
    { name: 'placed', type: 'TIMESTAMP', nullable: true },
  ]
  const table = where === 'check'
    ? { name: 'cond_probe', columns, checkConstraints: [{ name: 'chk_cond_probe', expression }] }
    : { name: 'cond_probe', columns, indexes: [{ name: 'idx_cond_probe', columns: ['age'], unique: false, where: expression }] }
  return { description: 'condition_probe', databaseType: 'postgresql', timestamps: false, tables: [table] }
}

/** A one-table spec that uses `word` as the table name or as a column name. */
function keywordSpec(databaseType, word, where) {
  const id = { name: 'id', type: 'INT', nullable: false }
  const table = where === 'table'
    ? { name: word, columns: [id], primaryKey: ['id'] }
    : { name: 'keyword_probe', columns: [id, { name: word, type: 'INT', nullable: true }], primaryKey: ['id'] }
  return { description: 'keyword_probe', databaseType, timestamps: false, tables: [table] }
}
