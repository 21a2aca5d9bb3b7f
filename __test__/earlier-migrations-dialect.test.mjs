// TABLE_CREATED_BEFORE with the migrations the generator itself writes (a user trial): SQLite
// migrations made by `generate` and applied in turn to a SQLite file (sql.js) — one creating the
// tables, one that rebuilds 'orders' (a foreign key added: `RENAME TO _mg_old_orders`, then
// `CREATE TABLE orders`), one that renames 'comments' to 'post_comments' — then:
// - a PostgreSQL migration generated into that folder is not refused for tables the SQLite
//   migrations make (their header's `-- Database: sqlite`: they do not run on PostgreSQL), and
//   the folder is said once (MIGRATION_OTHER_DIALECT), through the command line and the writer's
//   recheck (writeMigrationFiles with refuseEarlierRepeated); a PostgreSQL migration written
//   there, run on the PostgreSQL server, is what a second one repeats;
// - a SQLite migration creating them again names each earlier migration by what it does: the
//   first creates 'users' and 'orders' (not the rebuild), the rename "renames 'comments' to
//   'post_comments'"; the rebuild is named only when no older migration creates the table.
import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { pgScratchDatabase } from './engines/connect.mjs'
import { tempFolders, runCli, migrationsIn } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { migrationHalf } = require('../lib/cli.js')
const { generateMigration, writeMigrationFiles } = require('../index.js')

const tmp = tempFolders('mg-earlier-dialect-')
const tmpCopy = tempFolders('mg-earlier-dialect-copy-')
const tmpHand = tempFolders('mg-earlier-dialect-hand-')
const tmpChain = tempFolders('mg-earlier-dialect-chain-')

/** Runs main() in-process with captured streams. */
const run = (args, cwd) => runCli(args, { cwd })

const id = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
const userId = { name: 'user_id', type: 'INTEGER', nullable: true }
const meta = { name: 'meta', type: 'TEXT', nullable: true }
const toUsers = [{ columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] }]
/** The spec of each step (a SQLite database: `existingDbPath` from the second on). */
const steps = [
  ['init', [{ name: 'users', columns: [id] }, { name: 'orders', columns: [id, userId] }, { name: 'comments', columns: [id, meta] }]],
  ['add fk orders', [{ name: 'users', columns: [id] }, { name: 'orders', columns: [id, userId], foreignKeys: toUsers }, { name: 'comments', columns: [id, meta] }]],
  ['drop meta rename comments', [{ name: 'users', columns: [id] }, { name: 'orders', columns: [id, userId], foreignKeys: toUsers }, { name: 'post_comments', renamedFrom: 'comments', columns: [id] }]],
]
/** The tables as the database has them after the three: the spec pulled from it. */
const pulledTables = [{ name: 'users', columns: [id] }, { name: 'orders', columns: [id, userId] }, { name: 'post_comments', columns: [id] }]

/** The folder of the three SQLite migrations and the SQLite file they were applied to, made once. */
let root
/** The tables the SQLite file has after the three migrations. */
let sqliteTables

before(async () => {
  root = tmp()
  const SQL = await require('sql.js')()
  const db = new SQL.Database()
  const migrations = path.join(root, 'database', 'migrations')
  for (const [i, [description, tables]] of steps.entries()) {
    // The database as the migrations so far made it, for the next generate to read (--db).
    fs.writeFileSync(path.join(root, 'app.db'), db.export())
    const spec = path.join(root, `step${i}.json`)
    fs.writeFileSync(spec, JSON.stringify({ description, databaseType: 'sqlite', timestamps: false, ...(i > 0 ? { existingDbPath: 'app.db' } : {}), tables }))
    const r = run(['generate', spec, '--now', `2027-01-0${i + 1}T00:00:00Z`, '--allow-data-loss', '--json'], root)
    assert.equal(r.code, 0, r.stdout + r.stderr)
    const file = path.join(migrations, JSON.parse(r.stdout).filename)
    db.exec(migrationHalf(fs.readFileSync(file, 'utf8'), 'up'))
  }
  sqliteTables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")[0].values.map((r) => r[0])
  db.close()
})

/** A copy of the folder of the SQLite migrations, without the files `leaveOut`: its root. */
function copyOfFolder(leaveOut = []) {
  const dir = tmpCopy()
  const to = migrationsIn(dir)
  const from = path.join(root, 'database', 'migrations')
  for (const name of fs.readdirSync(from)) if (!leaveOut.some((p) => name.includes(p))) fs.copyFileSync(path.join(from, name), path.join(to, name))
  return dir
}

/** Writes the spec of the pulled tables (and `more`) for `dialect` into `dir`: its path. */
function pulledSpec(dir, dialect, description = 'pulled', more = []) {
  const spec = path.join(dir, `${description}.json`)
  fs.writeFileSync(spec, JSON.stringify({ description, databaseType: dialect, timestamps: false, tables: [...pulledTables, ...more] }))
  return spec
}

const codes = (issues) => issues.map((i) => i.code)

test('the SQLite migrations are the generator\'s own: their header says sqlite; the second rebuilds orders, the third renames comments; the database has the three tables', () => {
  const names = fs.readdirSync(path.join(root, 'database', 'migrations')).sort()
  assert.deepEqual(names, ['20270101000000_init.sql', '20270102000000_add_fk_orders.sql', '20270103000000_drop_meta_rename_comments.sql'])
  const text = (n) => fs.readFileSync(path.join(root, 'database', 'migrations', n), 'utf8')
  for (const n of names) assert.match(text(n), /^-- Database: sqlite$/m, n)
  assert.match(migrationHalf(text(names[1]), 'up'), /^ALTER TABLE orders RENAME TO _mg_old_orders;$[\s\S]*^CREATE TABLE (IF NOT EXISTS )?"?orders"? \($/m)
  assert.match(migrationHalf(text(names[2]), 'up'), /^ALTER TABLE comments RENAME TO post_comments;$/m)
  assert.deepEqual(sqliteTables, ['orders', 'post_comments', 'users'])
})

test('generate --dialect postgresql into a folder of SQLite migrations only (no --out): not refused for their tables; one MIGRATION_OTHER_DIALECT warning naming them; check agrees', () => {
  const dir = copyOfFolder()
  const spec = pulledSpec(dir, 'sqlite')
  const r = run(['generate', spec, '--dialect', 'postgresql', '--now', '2027-01-04T00:00:00Z', '--dry-run', '--json'], dir)
  assert.equal(r.code, 0, r.stdout + r.stderr)
  const { validation } = JSON.parse(r.stdout).result
  assert.deepEqual(codes(validation.errors), [])
  const other = validation.warnings.filter((w) => w.code === 'MIGRATION_OTHER_DIALECT')
  assert.equal(other.length, 1, JSON.stringify(validation.warnings))
  assert.equal(
    other[0].message,
    "3 earlier migrations in database/migrations, 20270101000000_init.sql, 20270102000000_add_fk_orders.sql and 20270103000000_drop_meta_rename_comments.sql, are written for sqlite (the '-- Database:' line of their header), not postgresql: they do not run where this migration does, so whether they create a table this migration creates was not checked; database/migrations holds no postgresql migration",
  )
  assert.match(other[0].suggestion, /--out DIR/)
  // Text output: said once, as a warning.
  const text = run(['generate', spec, '--dialect', 'postgresql', '--now', '2027-01-04T00:00:00Z', '--dry-run'], dir)
  assert.equal(text.code, 0, text.stderr)
  assert.equal(text.stderr.match(/MIGRATION_OTHER_DIALECT/g)?.length, 1, text.stderr)
  assert.doesNotMatch(text.stderr, /TABLE_CREATED_BEFORE/)
  const checked = run(['check', spec, '--dialect', 'postgresql', '--json'], dir)
  assert.equal(checked.code, 0, checked.stdout)
  assert.deepEqual(codes(JSON.parse(checked.stdout).validation.warnings).filter((c) => c === 'MIGRATION_OTHER_DIALECT'), ['MIGRATION_OTHER_DIALECT'])
})

test('a PostgreSQL migration written beside the SQLite ones (run on the PostgreSQL server) is what a second PostgreSQL migration repeats: TABLE_CREATED_BEFORE names it, with the tables the server has; the SQLite ones still only the warning', async (t) => {
  const dir = copyOfFolder()
  const first = run(['generate', pulledSpec(dir, 'postgresql'), '--now', '2027-01-04T00:00:00Z', '--json'], dir)
  assert.equal(first.code, 0, first.stdout + first.stderr)
  const pgFile = path.join(dir, 'database', 'migrations', JSON.parse(first.stdout).filename)
  assert.match(fs.readFileSync(pgFile, 'utf8'), /^-- Database: postgresql$/m)
  // With a table more: the very same up migration again is DUPLICATE_MIGRATION.
  const again = run(['generate', pulledSpec(dir, 'postgresql', 'again', [{ name: 'tags', columns: [id] }]), '--now', '2027-01-05T00:00:00Z', '--dry-run', '--json'], dir)
  assert.equal(again.code, 1, again.stdout)
  const { validation } = JSON.parse(again.stdout).result
  assert.deepEqual(codes(validation.errors), ['TABLE_CREATED_BEFORE'])
  assert.ok(validation.errors[0].message.startsWith("an earlier migration in database/migrations, 20270104000000_pulled.sql, already creates 'users', 'orders' and 'post_comments': "), validation.errors[0].message)
  const other = validation.warnings.filter((w) => w.code === 'MIGRATION_OTHER_DIALECT')
  assert.equal(other.length, 1)
  assert.match(other[0].message, /^3 earlier migrations in database\/migrations, .* are written for sqlite .*was not checked$/)
  assert.match(other[0].suggestion, /a folder of its own/)
  // The tables named are those the PostgreSQL migration makes on the server.
  const scratch = await pgScratchDatabase('mg_earlier_dialect')
  if (scratch.skip) return t.skip(scratch.skip)
  const client = await scratch.connect()
  try {
    await client.query(migrationHalf(fs.readFileSync(pgFile, 'utf8'), 'up'))
    const have = (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map((r) => r.tablename)
    assert.deepEqual(have, ['orders', 'post_comments', 'users'])
  } finally {
    await client.end()
    await scratch.drop()
  }
})

test('a SQLite migration creating the tables again: the first migration "creates \'users\' and \'orders\'" (not the rebuild of orders), the rename "renames \'comments\' to \'post_comments\'"; the tables named are those SQLite has', () => {
  const dir = copyOfFolder()
  const r = run(['generate', pulledSpec(dir, 'sqlite'), '--now', '2027-01-04T00:00:00Z', '--dry-run', '--json'], dir)
  assert.equal(r.code, 1, r.stdout)
  const { validation } = JSON.parse(r.stdout).result
  assert.deepEqual(codes(validation.errors), ['TABLE_CREATED_BEFORE', 'TABLE_CREATED_BEFORE'])
  assert.deepEqual(codes(validation.warnings).filter((c) => c === 'MIGRATION_OTHER_DIALECT'), [])
  const [renamed, created] = validation.errors
  assert.ok(renamed.message.startsWith("an earlier migration in database/migrations, 20270103000000_drop_meta_rename_comments.sql, already renames 'comments' to 'post_comments': on a database where that migration ran, "), renamed.message)
  assert.equal(renamed.table, 'post_comments')
  assert.ok(created.message.startsWith("an earlier migration in database/migrations, 20270101000000_init.sql, already creates 'users' and 'orders': "), created.message)
  assert.equal(created.table, 'users')
  assert.ok(validation.errors.every((e) => !e.message.includes('add_fk_orders')), JSON.stringify(validation.errors))
  const named = validation.errors.flatMap((e) => [...e.message.split(': ')[0].matchAll(/'([a-z_]+)'/g)].map((m) => m[1])).filter((n) => n !== 'comments').sort()
  assert.deepEqual(named, sqliteTables)
})

test('the rebuild of orders is named only when no older migration creates it (the first migration gone from the folder): "rebuilds \'orders\' (there before it ran)"', () => {
  const dir = copyOfFolder(['_init.sql'])
  const r = run(['generate', pulledSpec(dir, 'sqlite'), '--now', '2027-01-04T00:00:00Z', '--dry-run', '--json'], dir)
  assert.equal(r.code, 1, r.stdout)
  const messages = JSON.parse(r.stdout).result.validation.errors.map((e) => e.message)
  assert.equal(messages.length, 2, JSON.stringify(messages))
  assert.ok(messages[0].includes("20270103000000_drop_meta_rename_comments.sql, already renames 'comments' to 'post_comments': "), messages[0])
  assert.ok(messages[1].includes("20270102000000_add_fk_orders.sql, already rebuilds 'orders' (there before it ran): "), messages[1])
  // 'users' no migration left in the folder makes: not named.
  assert.ok(messages.every((m) => !m.includes("'users'")), JSON.stringify(messages))
})

test('the writer\'s recheck (writeMigrationFiles with refuseEarlierRepeated): a PostgreSQL migration is written into the folder of SQLite migrations; a SQLite one is refused, in the same words', () => {
  const dir = copyOfFolder()
  const mig = path.join(dir, 'database', 'migrations')
  const recheck = { refuseEarlierRepeated: { dir: mig, cwd: dir, existingDbPath: null } }
  const spec = (databaseType) => ({ description: 'pulled', databaseType, timestamps: false, tables: pulledTables, now: '2027-01-04T00:00:00Z' })
  const sqlite = generateMigration(spec('sqlite'))
  assert.throws(
    () => writeMigrationFiles(sqlite, { rootDir: dir, ...recheck }),
    (e) => e.code === 'TABLE_CREATED_BEFORE' && e.issues.length === 2 && e.issues[0].message.includes("already renames 'comments' to 'post_comments'") && e.issues[1].message.includes("20270101000000_init.sql, already creates 'users' and 'orders'"),
  )
  const pg = generateMigration(spec('postgresql'))
  assert.equal(pg.validation.valid, true)
  assert.equal(writeMigrationFiles(pg, { rootDir: dir, ...recheck }).filename, '20270104000000_pulled.sql')
})

test('hand-written migrations: a file without the header counts whatever it is for; a rebuild of another tool\'s form (DROP TABLE t, then RENAME __new_t TO t, run on SQLite) is not taken for the creation; a file whose header says mysql is passed over, said once', async () => {
  const dir = tmpHand()
  const mig = migrationsIn(dir)
  const files = {
    '20260101000000_orders.sql': 'CREATE TABLE orders (id integer PRIMARY KEY);\n',
    '20260102000000_rebuild_orders.sql': 'CREATE TABLE `__new_orders` (id integer PRIMARY KEY, n integer);\nINSERT INTO `__new_orders` (id) SELECT id FROM orders;\nDROP TABLE orders;\nALTER TABLE `__new_orders` RENAME TO orders;\n',
    '20260103000000_tags.sql': '-- Migration: 20260103000000\n-- Description: tags\n-- Database: mysql\n-- Tables: tags\n\n-- UP MIGRATION\n\nCREATE TABLE IF NOT EXISTS tags (\n  id INT AUTO_INCREMENT PRIMARY KEY\n);\n\n-- DOWN MIGRATION\n\nDROP TABLE IF EXISTS tags;\n',
  }
  const SQL = await require('sql.js')()
  const db = new SQL.Database()
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(mig, name), text)
    if (!text.includes('-- Database: mysql')) db.exec(text)
  }
  const have = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0].values.map((r) => r[0])
  db.close()
  assert.deepEqual(have, ['orders'])
  const spec = path.join(dir, 'spec.json')
  fs.writeFileSync(spec, JSON.stringify({ description: 'again', databaseType: 'sqlite', timestamps: false, tables: [{ name: 'orders', columns: [id] }, { name: 'tags', columns: [id] }] }))
  const r = run(['generate', spec, '--now', '2027-01-01T00:00:00Z', '--dry-run', '--json'], dir)
  assert.equal(r.code, 1, r.stdout)
  const { validation } = JSON.parse(r.stdout).result
  assert.deepEqual(validation.errors.map((e) => e.message.split(': ')[0]), ["an earlier migration in database/migrations, 20260101000000_orders.sql, already creates 'orders'"])
  const other = validation.warnings.filter((w) => w.code === 'MIGRATION_OTHER_DIALECT')
  assert.deepEqual(other.map((w) => w.message), [
    "an earlier migration in database/migrations, 20260103000000_tags.sql, is written for mysql (the '-- Database:' line of its header), not sqlite: it does not run where this migration does, so whether it creates a table this migration creates was not checked",
  ])
})

test('renames in a row are said from the name the table had before the migration; a table created and renamed in the same migration is created by it (run on SQLite)', async () => {
  const dir = tmpChain()
  const mig = migrationsIn(dir)
  const files = {
    '20260101000000_a.sql': 'CREATE TABLE a (id integer);\nALTER TABLE a RENAME TO b;\nALTER TABLE b RENAME TO c;\nCREATE TABLE q (id integer);\n',
    '20260102000000_b.sql': 'ALTER TABLE q RENAME TO _mg_tmp;\nALTER TABLE _mg_tmp RENAME TO x;\n',
  }
  const SQL = await require('sql.js')()
  const db = new SQL.Database()
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(mig, name), text)
    db.exec(text)
  }
  const have = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0].values.map((r) => r[0])
  db.close()
  assert.deepEqual(have, ['c', 'x'])
  const spec = path.join(dir, 'spec.json')
  fs.writeFileSync(spec, JSON.stringify({ description: 'again', databaseType: 'sqlite', timestamps: false, tables: ['c', 'x'].map((name) => ({ name, columns: [id] })) }))
  const r = run(['generate', spec, '--now', '2027-01-01T00:00:00Z', '--dry-run', '--json'], dir)
  assert.equal(r.code, 1, r.stdout)
  assert.deepEqual(JSON.parse(r.stdout).result.validation.errors.map((e) => e.message.split(': ')[0]), [
    "an earlier migration in database/migrations, 20260102000000_b.sql, already renames 'q' to 'x'",
    "an earlier migration in database/migrations, 20260101000000_a.sql, already creates 'c'",
  ])
})
