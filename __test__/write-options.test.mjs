// writeMigrationFiles, writeTypeFiles and their async forms refuse an option name they do not
// know (INVALID_ARGUMENT naming it and the closest known one), before writing anything: a user
// trial's `migrationDir: 'zz'` (for migrationsDir) was ignored, and the migration went to the
// default folder.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { tempFolders, NOW } from './support/harness.mjs'

const require = createRequire(import.meta.url)
const { generateMigration, writeMigrationFiles, writeTypeFiles, writeMigrationFilesAsync, writeTypeFilesAsync } = require('../index.js')

const tmp = tempFolders('mg-write-options-')
const result = generateMigration({
  description: 'create users',
  databaseType: 'sqlite',
  generateTypes: true,
  now: NOW,
  tables: [{ name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }],
})

/** Asserts `e` is the INVALID_ARGUMENT of `fn` for the option `typed`, naming `meant`. */
const refused = (fn, typed, meant) => (e) => {
  assert.equal(e.code, 'INVALID_ARGUMENT', e.message)
  assert.match(e.message, new RegExp(`^${fn}: unknown option '${typed}'`))
  if (meant) assert.match(e.message, new RegExp(`did you mean '${meant}'\\?`))
  return true
}

test('writeMigrationFiles and writeTypeFiles: an unknown option name is INVALID_ARGUMENT naming the closest known one, and nothing is written', () => {
  const dir = tmp()
  assert.throws(() => writeMigrationFiles(result, { rootDir: dir, migrationDir: 'zz' }), refused('writeMigrationFiles', 'migrationDir', 'migrationsDir'))
  assert.throws(() => writeMigrationFiles(result, { rootDir: dir, typeDir: 't' }), refused('writeMigrationFiles', 'typeDir', 'typesDir'))
  assert.throws(() => writeMigrationFiles(result, { rootdir: dir }), (e) => e.code === 'INVALID_ARGUMENT')
  assert.throws(() => writeTypeFiles(result, { rootDir: dir, typesdir: 't' }), refused('writeTypeFiles', 'typesdir', 'typesDir'))
  // Far from every known name: they are listed.
  assert.throws(() => writeMigrationFiles(result, { rootDir: dir, overwrite: true }), (e) => refused('writeMigrationFiles', 'overwrite')(e) && /rootDir, migrationsDir, typesDir/.test(e.message))
  assert.deepEqual(fs.readdirSync(dir), [])
  // The known ones still write; the options of writeMigrationFiles are taken by writeTypeFiles too.
  const options = { rootDir: dir, migrationsDir: 'zz', typesDir: 'types' }
  assert.deepEqual(writeTypeFiles(result, options).typePaths.length, 2)
  assert.match(writeMigrationFiles(result, options).migrationPath, /zz[/\\]20260209120000_create_users\.sql$/)
})

test('writeMigrationFilesAsync and writeTypeFilesAsync: an unknown option name rejects with INVALID_ARGUMENT naming the closest known one; signal is known', async () => {
  const dir = tmp()
  await assert.rejects(writeMigrationFilesAsync(result, { rootDir: dir, migrationDir: 'zz' }), refused('writeMigrationFilesAsync', 'migrationDir', 'migrationsDir'))
  await assert.rejects(writeTypeFilesAsync(result, { rootDir: dir, signals: AbortSignal.timeout(60_000) }), refused('writeTypeFilesAsync', 'signals', 'signal'))
  assert.deepEqual(fs.readdirSync(dir), [])
  const written = await writeMigrationFilesAsync(result, { rootDir: dir, migrationsDir: 'zz', signal: new AbortController().signal })
  assert.match(written.migrationPath, /zz[/\\]20260209120000_create_users\.sql$/)
})
