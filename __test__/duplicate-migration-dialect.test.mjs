// DUPLICATE_MIGRATION compares this migration's up SQL with the newest migration's in the folder;
// a simple CREATE TABLE is the same text on SQLite and PostgreSQL, so a PostgreSQL migration
// generated beside a SQLite one of the same spec was refused as a repeat of it, though that file
// (its header's `-- Database: sqlite`) never runs where this one does (MIGRATION_OTHER_DIALECT).
// Checked on both paths: the command line before writing, and the writer's recheck once it has
// claimed its timestamp (writeMigrationFiles with refuseSameUpAsNewest). The same dialect, or a
// file without a header, is still DUPLICATE_MIGRATION.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { tempFolders, runCli, writeJson, migrationsIn } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { generateMigration, writeMigrationFiles } = require('../index.js')

const tmp = tempFolders('mg-duplicate-dialect-')

const tables = [{ name: 't', primaryKey: ['id'], columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'n', type: 'TEXT', nullable: true }] }]
const spec = (databaseType, now) => ({ description: 'create t', databaseType, timestamps: false, now, tables })

/** A folder whose only migration is the SQLite one of `spec`, written by the command line. */
function folderWithSqlite() {
  const dir = tmp()
  migrationsIn(dir)
  const file = writeJson(dir, 'spec.json', spec('sqlite'))
  const r = runCli(['generate', file, '--now', '2027-01-01T00:00:00Z', '--json'], { cwd: dir })
  assert.equal(r.code, 0, r.stdout + r.stderr)
  return dir
}

test('the same up SQL for PostgreSQL as the newest migration, written for SQLite, is no DUPLICATE_MIGRATION', () => {
  // The premise: the two dialects' up SQL is the same text.
  assert.equal(generateMigration(spec('sqlite')).upMigration, generateMigration(spec('postgresql')).upMigration)
  const dir = folderWithSqlite()
  const file = writeJson(dir, 'spec.json', spec('sqlite'))
  const r = runCli(['generate', file, '--dialect', 'postgresql', '--now', '2027-01-02T00:00:00Z', '--json'], { cwd: dir })
  assert.equal(r.code, 0, r.stdout + r.stderr)
  const out = JSON.parse(r.stdout)
  assert.ok(!JSON.stringify(out).includes('DUPLICATE_MIGRATION'), r.stdout)
  const written = fs.readdirSync(path.join(dir, 'database', 'migrations')).filter((n) => n.endsWith('.sql')).sort()
  assert.deepEqual(written, ['20270101000000_create_t.sql', '20270102000000_create_t.sql'])
  assert.match(fs.readFileSync(path.join(dir, 'database', 'migrations', written[1]), 'utf8'), /^-- Database: postgresql$/m)
})

test("the writer's recheck (refuseSameUpAsNewest) passes over a newest migration of another dialect", () => {
  const dir = folderWithSqlite()
  const result = generateMigration(spec('postgresql', '2027-01-02T00:00:00Z'))
  const written = writeMigrationFiles(result, { rootDir: dir, migrationsDir: 'database/migrations', typesDir: 'types', refuseSameUpAsNewest: true })
  assert.ok(fs.existsSync(written.migrationPath), JSON.stringify(written))
})

test('the same dialect, or a newest file without a header, is still DUPLICATE_MIGRATION', () => {
  const dir = folderWithSqlite()
  const file = writeJson(dir, 'spec.json', spec('sqlite'))
  const again = runCli(['generate', file, '--now', '2027-01-02T00:00:00Z', '--json'], { cwd: dir })
  assert.equal(again.code, 1, again.stdout)
  assert.match(again.stdout + again.stderr, /DUPLICATE_MIGRATION/)
  const sqlite = generateMigration(spec('sqlite', '2027-01-02T00:00:00Z'))
  assert.throws(
    () => writeMigrationFiles(sqlite, { rootDir: dir, migrationsDir: 'database/migrations', typesDir: 'types', refuseSameUpAsNewest: true }),
    (e) => e.code === 'DUPLICATE_MIGRATION',
  )
  // The header taken off: whose dialect it is is not known, so it counts.
  const mig = path.join(dir, 'database', 'migrations', '20270101000000_create_t.sql')
  fs.writeFileSync(mig, fs.readFileSync(mig, 'utf8').replace(/^-- Database: sqlite\r?\n/m, ''))
  const pg = generateMigration(spec('postgresql', '2027-01-03T00:00:00Z'))
  assert.throws(
    () => writeMigrationFiles(pg, { rootDir: dir, migrationsDir: 'database/migrations', typesDir: 'types', refuseSameUpAsNewest: true }),
    (e) => e.code === 'DUPLICATE_MIGRATION',
  )
  const r = runCli(['generate', file, '--dialect', 'postgresql', '--now', '2027-01-03T00:00:00Z', '--json'], { cwd: dir })
  assert.equal(r.code, 1, r.stdout)
  assert.match(r.stdout + r.stderr, /DUPLICATE_MIGRATION/)
})
