// A team leaving Prisma Migrate has tables named `"User"`, with columns `"tenantId"`: a new
// snake_case table's foreign key to `"User"("id")` needs `User` listed `existing: true`, which
// was refused with INVALID_TABLE_NAME ("rename it to 'users'") although the migration never
// creates or alters such a table (a user trial). Here, on the PostgreSQL server and on MariaDB:
// the generated migration (without previousSpec, and with one) runs up and down, the foreign key
// holds, and `User` is left as it was. Names with quotes inside are escaped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { pgScratchDatabase, mysqlScratchDatabase } from './engines/connect.mjs'
import { scratchForFile } from './support/harness.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

/** `User` as the database has it, listed existing, under `name` with the column `tenant`. */
const user = (name, tenant) => ({
  name,
  existing: true,
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false },
    { name: tenant, type: 'INTEGER', nullable: true },
  ],
  primaryKey: ['id'],
})

const memberships = (userTable) => ({
  name: 'memberships',
  columns: [
    { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
    { name: 'user_id', type: 'INTEGER', nullable: false },
    { name: 'tenant_id', type: 'INTEGER', nullable: true },
  ],
  foreignKeys: [
    { columns: ['user_id'], referencedTable: userTable, referencedColumns: ['id'], onDelete: 'CASCADE' },
  ],
})

/** The migrations to run: without previousSpec, and with one that has `User` (existing) alone. */
function migrations(databaseType, name, tenant) {
  const base = { description: 'add memberships', databaseType, now: '2026-02-09T12:00:00Z', generateTypes: true }
  const spec = { ...base, tables: [user(name, tenant), memberships(name)] }
  const previousSpec = { ...base, description: 'users', tables: [user(name, tenant)] }
  return [
    ['without previousSpec', generateMigration(spec)],
    ['with previousSpec', generateMigration({ ...spec, previousSpec })],
  ].map(([label, r]) => {
    assert.equal(r.validation.valid, true, `${databaseType} ${label}: ${JSON.stringify(r.validation.errors)}`)
    assert.deepEqual(r.validation.warnings.map((w) => [w.code, w.table]), [['DOWN_DATA_LOSS', 'memberships']], label)
    return [label, r]
  })
}

const pg = await scratchForFile(pgScratchDatabase('mg_prismanames'))

/** Names the PostgreSQL tests run with: quotes, and `$$`, the `DO` block's tags and `$` (a name
 * holding the block's closing tag would end its quote early, and what follows would run). */
const PG_NAMES = [
  ['User', 'tenantId'],
  ['Us"er; --', 'te"nant'],
  ['x$$; DROP TABLE victims; DO $$', 'te$$nant'],
  ['x$mg$; DROP TABLE victims; DO $mg$', 't$mg1$'],
  ['a$b', 'c$'],
]

/** Up, the foreign key, ON DELETE CASCADE and down on a PostgreSQL engine (`query` runs one
 * statement or a whole script and gives the rows), with a table `victims` no statement may drop. */
async function pgRoundTrip(query) {
  await query('CREATE TABLE victims (id INT)')
  for (const [name, tenant] of PG_NAMES) {
    const quotedName = `"${name.replaceAll('"', '""')}"`
    const quotedTenant = `"${tenant.replaceAll('"', '""')}"`
    for (const [label, r] of migrations('postgresql', name, tenant)) {
      const what = `${name} ${label}`
      await query(`CREATE TABLE ${quotedName} ("id" SERIAL PRIMARY KEY, ${quotedTenant} INT)`)
      assert.match(r.upMigration, new RegExp(`REFERENCES ${quotedName.replace(/[.*+?^${}()|[\]\\;]/g, '\\$&')} ?\\(id\\)`), what)
      await query(r.upMigration)
      await query(`INSERT INTO ${quotedName} (${quotedTenant}) VALUES (7)`)
      await query('INSERT INTO memberships (user_id) VALUES (1)')
      await assert.rejects(query('INSERT INTO memberships (user_id) VALUES (99)'), /foreign key/, what)
      await query(`DELETE FROM ${quotedName}`)
      assert.equal((await query('SELECT count(*)::int AS n FROM memberships'))[0].n, 0, 'ON DELETE CASCADE')
      await query(r.downMigration)
      const tables = (await query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).map((t) => t.tablename)
      assert.deepEqual(tables.sort(), [name, 'victims'].sort(), `${what}: the down migration drops memberships alone, and nothing drops victims`)
      await query(`DROP TABLE ${quotedName}`)
    }
  }
  await query('DROP TABLE victims')
}

test('PostgreSQL: a new table references "User"("id") listed existing', { skip: pg.skip }, async () => {
  const client = await pg.connect()
  try {
    await pgRoundTrip(async (sql) => {
      const r = await client.query(sql)
      return (Array.isArray(r) ? r.at(-1) : r).rows
    })
  } finally {
    await client.end()
  }
})

test('PGlite: a new table references "User"("id") listed existing', async () => {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create()
  try {
    await pgRoundTrip(async (sql) => {
      const results = await db.exec(sql)
      return results.at(-1)?.rows ?? []
    })
  } finally {
    await db.close()
  }
})

const my = await scratchForFile(mysqlScratchDatabase('mg_prismanames'))

test('MariaDB: a new table references `User`(`id`) listed existing', { skip: my.skip }, async () => {
  const conn = await my.connect()
  try {
    await conn.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,IGNORE_SPACE'")
    for (const [name, tenant] of [['User', 'tenantId'], ['Us`er; --', 'te`nant']]) {
      const quotedName = `\`${name.replaceAll('`', '``')}\``
      const quotedTenant = `\`${tenant.replaceAll('`', '``')}\``
      for (const [label, r] of migrations('mysql', name, tenant)) {
        await conn.query(`CREATE TABLE ${quotedName} (\`id\` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, ${quotedTenant} INT)`)
        assert.ok([' ', ''].some((space) => r.upMigration.includes(`REFERENCES ${quotedName}${space}(id)`)), `${label}: ${r.upMigration}`)
        await conn.query(r.upMigration)
        await conn.query(`INSERT INTO ${quotedName} (${quotedTenant}) VALUES (7)`)
        await conn.query('INSERT INTO memberships (user_id) VALUES (1)')
        await assert.rejects(conn.query('INSERT INTO memberships (user_id) VALUES (99)'), /foreign key/, label)
        await conn.query(`DELETE FROM ${quotedName}`)
        assert.equal((await conn.query('SELECT count(*) AS n FROM memberships'))[0][0].n, 0, 'ON DELETE CASCADE')
        await conn.query(r.downMigration)
        const [rows] = await conn.query('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1')
        assert.deepEqual(rows.map((t) => t.t), [name], `${label}: the down migration drops memberships alone`)
        await conn.query(`DROP TABLE ${quotedName}`)
      }
    }
  } finally {
    await conn.end()
  }
})
