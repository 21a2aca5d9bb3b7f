// TIMESTAMP, DATETIME and DATE columns: PostgreSQL's and MySQL's insert and update types take a
// `Date`, which pg and mysql2 bind, while rows stay the text the driver settings return; SQLite's
// take text only, since its drivers bind no `Date` (sql.js shown here). tsc compiles
// `new Date()` in a PostgreSQL or MySQL insert and refuses it in a SQLite one.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pgScratchDatabase, mysqlScratchDatabase } from './engines/connect.mjs'
import { scratchForFile } from './support/harness.mjs'
import { compileStrict } from './support/files.mjs'

const require = createRequire(import.meta.url)
const { generateMigration, writeMigrationFiles, pgTypes, pgliteParsers, mysql2Options } = require('../index.js')
const repo = dirname(dirname(fileURLToPath(import.meta.url)))

const spec = (databaseType) => ({
  databaseType,
  description: 'create_sessions',
  generateTypes: true,
  timestamps: false,
  tables: [
    {
      name: 'sessions',
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false },
        { name: 'last_login_at', type: 'TIMESTAMP', nullable: true, precision: 3 },
        { name: 'seen_at', type: 'DATETIME', nullable: false },
        { name: 'day', type: 'DATE', nullable: false },
      ],
      primaryKey: ['id'],
    },
  ],
})

test('tsc: new Date() compiles in PostgreSQL and MySQL inserts and updates, not in SQLite ones; rows are text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-date-inputs-'))
  try {
    for (const d of ['postgresql', 'mysql', 'sqlite']) {
      const r = generateMigration(spec(d))
      assert.ok(r.validation.valid, `${d}: ${JSON.stringify(r.validation.errors)}`)
      writeFileSync(join(dir, `types_${d}.ts`), r.typeDefinitions)
      const takesDate = d !== 'sqlite'
      const refused = takesDate ? [] : ['// @ts-expect-error: SQLite drivers bind no Date']
      writeFileSync(
        join(dir, `use_${d}.ts`),
        [
          `import type { Session, SessionInsert, SessionUpdate } from './types_${d}.js'`,
          `export const text: SessionInsert = { id: 1, seen_at: '2026-02-09 12:00:00', day: '2026-02-09' }`,
          ...refused,
          `export const inserted: SessionInsert = { id: 2, seen_at: new Date(), day: new Date(), last_login_at: null }`,
          ...refused,
          `export const updated: SessionUpdate = { last_login_at: new Date() }`,
          `export const read = (s: Session): string => s.seen_at + s.day + (s.last_login_at ?? '')`,
          `// @ts-expect-error: a row's date is text`,
          `export const notDate = (s: Session): Date => s.day`,
        ].join('\n'),
      )
    }
    compileStrict(dir, "the date inputs' usage")
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** A table with the automatic created_at/updated_at (the spec default), which its insert interface leaves out. */
const samples = (databaseType, name = `samples_${databaseType}`) => {
  const r = generateMigration({
    databaseType,
    description: `create_${name}`,
    generateTypes: true,
    now: '2026-02-09T12:00:00Z',
    tables: [{ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 't_text', type: 'TEXT', nullable: false }] }],
  })
  assert.ok(r.validation.valid, `${databaseType}: ${JSON.stringify(r.validation.errors)}`)
  return r
}

test("tsc: Kysely's insert takes for an automatic timestamp what its update takes (a Date on PostgreSQL and MySQL, text only on SQLite)", () => {
  // A user trial: insertInto('samples').values({ t_text: 'k', created_at: new Date() }) was
  // TS2322 (Date not assignable to string | undefined), while updateTable().set() took it.
  const root = mkdtempSync(join(tmpdir(), 'mg-date-inputs-'))
  try {
    for (const d of ['postgresql', 'mysql', 'sqlite']) writeMigrationFiles(samples(d), { rootDir: root, migrationsDir: d })
    const lines = [
      "import { Kysely } from 'kysely'",
      "import type { Database } from './types/generated/db/index.js'",
      'declare const db: Kysely<Database>',
      'export async function queries(): Promise<void> {',
    ]
    for (const d of ['postgresql', 'mysql', 'sqlite']) {
      const refused = d === 'sqlite' ? ['  // @ts-expect-error: SQLite drivers bind no Date'] : []
      lines.push(
        ...refused,
        `  await db.insertInto('samples_${d}').values({ t_text: 'k', created_at: new Date() }).execute()`,
        ...refused,
        `  await db.updateTable('samples_${d}').set({ created_at: new Date() }).execute()`,
        `  await db.insertInto('samples_${d}').values({ t_text: 'k', created_at: '2026-02-09 12:00:00', updated_at: undefined }).execute()`,
        `  // @ts-expect-error: not a timestamp`,
        `  await db.insertInto('samples_${d}').values({ t_text: 'k', created_at: 5 }).execute()`,
        `  // @ts-expect-error: the key is a number`,
        `  await db.insertInto('samples_${d}').values({ t_text: 'k', id: 'x' }).execute()`,
      )
    }
    lines.push('}')
    writeFileSync(join(root, 'consumer.ts'), `${lines.join('\n')}\n`)
    mkdirSync(join(root, 'node_modules'))
    symlinkSync(join(repo, 'node_modules', 'kysely'), join(root, 'node_modules', 'kysely'), 'junction')
    compileStrict(root, "Kysely inserts of a Date into the automatic timestamps")
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})

test('sql.js refuses to bind a Date (why SQLite inputs stay text)', async () => {
  const { default: initSqlJs } = await import('sql.js')
  const SQL = await initSqlJs()
  const db = new SQL.Database()
  try {
    db.exec(generateMigration(spec('sqlite')).upMigration)
    assert.throws(
      () => db.run("INSERT INTO sessions (id, seen_at, day) VALUES (1, ?, '2026-02-09')", [new Date()]),
      (e) => String(e).includes('tried to bind a value of an unknown type'),
    )
  } finally {
    db.close()
  }
})

/** The instant every server test writes, and the text it reads back in the process's zone. */
const WHEN = new Date(2026, 1, 9, 23, 30, 5, 250)
const LOCAL = { last_login_at: '2026-02-09 23:30:05.25', day: '2026-02-09' }

const pgServer = await scratchForFile(pgScratchDatabase('mg_date_inputs'))

test('PostgreSQL server: pg binds a Date into TIMESTAMP and DATE; pgTypes reads the text back', { skip: pgServer.skip }, async () => {
  const client = await pgServer.connect({ types: pgTypes(pgServer.pg.types) })
  try {
    await client.query(generateMigration(spec('postgresql')).upMigration)
    await client.query('INSERT INTO sessions (id, last_login_at, seen_at, day) VALUES (1, $1, $2, $3)', [WHEN, WHEN, WHEN])
    const { rows } = await client.query('SELECT last_login_at, day FROM sessions')
    assert.deepEqual({ ...rows[0] }, LOCAL)
  } finally {
    await client.end()
  }
})

test("PGlite binds a Date as UTC (its ISO string), not in the process's time zone as pg does", async () => {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create({ parsers: pgliteParsers() })
  try {
    await db.exec(generateMigration(spec('postgresql')).upMigration)
    await db.query('INSERT INTO sessions (id, last_login_at, seen_at, day) VALUES (1, $1, $2, $3)', [WHEN, WHEN, WHEN])
    const { rows } = await db.query('SELECT last_login_at, day FROM sessions')
    // WHEN is 23:30:05.25 on February 9 in the process's zone: UTC's date and time, whatever the zone.
    const [day, time] = WHEN.toISOString().replace(/0?Z$/, '').split('T')
    assert.deepEqual({ ...rows[0] }, { last_login_at: `${day} ${time}`, day })
  } finally {
    await db.close()
  }
})

const mysqlServer = await scratchForFile(mysqlScratchDatabase('mg_date_inputs'))

test('MySQL/MariaDB server: mysql2 binds a Date into DATETIME and DATE; mysql2Options reads the text back', { skip: mysqlServer.skip }, async () => {
  const conn = await mysqlServer.connect(mysql2Options())
  try {
    await conn.query(generateMigration(spec('mysql')).upMigration)
    await conn.query('INSERT INTO sessions (id, last_login_at, seen_at, day) VALUES (1, ?, ?, ?)', [WHEN, WHEN, WHEN])
    const [rows] = await conn.query('SELECT last_login_at, day FROM sessions')
    assert.deepEqual({ ...rows[0] }, { ...LOCAL, last_login_at: '2026-02-09 23:30:05.250' })
  } finally {
    await conn.end()
  }
})

/** A table of `samples` made on a server, a Date inserted through Kysely into created_at, and what it reads back. */
async function kyselyInsertsADate(dialect, exec, d) {
  const { Kysely } = await import('kysely')
  const db = new Kysely({ dialect })
  try {
    await exec(samples(d, 'samples').upMigration)
    await db.insertInto('samples').values({ t_text: 'k', created_at: WHEN }).execute()
    return await db.selectFrom('samples').select(['t_text', 'created_at']).execute()
  } finally {
    await db.destroy()
  }
}

test('PostgreSQL server: a Date inserted through Kysely into the automatic created_at (the insert type takes it) is stored', { skip: pgServer.skip }, async () => {
  const { PostgresDialect } = await import('kysely')
  const pool = new pgServer.pg.Pool({ ...pgServer.config, database: pgServer.dbName, types: pgTypes(pgServer.pg.types) })
  const rows = await kyselyInsertsADate(new PostgresDialect({ pool }), (sql) => pool.query(sql), 'postgresql')
  assert.deepEqual(rows, [{ t_text: 'k', created_at: '2026-02-09 23:30:05.25' }])
})

test('MySQL/MariaDB server: a Date inserted through Kysely into the automatic created_at (the insert type takes it) is stored', { skip: mysqlServer.skip }, async () => {
  const { MysqlDialect } = await import('kysely')
  const { default: mysql } = await import('mysql2')
  const pool = mysql.createPool({ ...mysqlServer.config, database: mysqlServer.dbName, multipleStatements: true, ...mysql2Options() })
  const rows = await kyselyInsertsADate(new MysqlDialect({ pool }), (sql) => pool.promise().query(sql), 'mysql')
  assert.deepEqual(rows, [{ t_text: 'k', created_at: '2026-02-09 23:30:05' }])
})
