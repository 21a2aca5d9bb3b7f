// The command line's warnings about earlier migrations (TABLE_CREATED_BEFORE, COLUMN_ADDED_BEFORE,
// RENAMED_BEFORE) and the folder (DUPLICATE_NUMBER, MIXED_FILE_NAMES) name the first ten tables,
// columns, renames or files and count the rest, as the core's DOWN_DATA_LOSS does
// (lib/name-list.js): a user trial's folder whose first migration made 200 tables gave a
// TABLE_CREATED_BEFORE line of all 200.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { tempFolders, runCli, writeJson } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { nameList, listOf, clip } = require('../lib/name-list.js')
const api = require('../index.js')

const tmp = tempFolders('mg-lists-')
/** Runs main() in-process with captured streams. */
const run = (args, cwd) => runCli(args, { cwd })
const table = (name, columns = []) => ({ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false }, ...columns], primaryKey: ['id'] })
const spec = (description, tables) => ({ description, databaseType: 'sqlite', selfCheck: 'expressions', tables })

test("nameList writes a list as the core's DOWN_DATA_LOSS does (the same twelve tables, the same words)", () => {
  const names = Array.from({ length: 12 }, (_, i) => `t${i}`)
  const r = api.generateMigration(spec('x', names.map((n) => table(n))))
  const down = r.validation.warnings.find((w) => w.code === 'DOWN_DATA_LOSS')
  assert.ok(down.message.endsWith(`: ${nameList(names)}`), down.message)
  assert.equal(nameList(names), "'t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9' and 2 more")
  assert.equal(nameList(['a']), "'a'")
  assert.equal(nameList(['a', 'b']), "'a' and 'b'")
  assert.equal(listOf(Array.from({ length: 11 }, (_, i) => `f${i}`)), 'f0, f1, f2, f3, f4, f5, f6, f7, f8, f9 and 1 more')
  // A long name is cut as the core cuts it (200 bytes of UTF-8, on a character boundary).
  assert.equal(clip('é'.repeat(150)), `${'é'.repeat(100)}…`)
  assert.equal(clip('x'.repeat(200)), 'x'.repeat(200))
})

test('TABLE_CREATED_BEFORE of an earlier migration that creates 200 tables names ten and counts the rest', () => {
  const dir = tmp()
  const tables = Array.from({ length: 200 }, (_, i) => table(`t_${String(i).padStart(3, '0')}`))
  assert.equal(run(['generate', writeJson(dir, 'a.json', spec('first', tables)), '--now', '2026-02-09T12:00:00Z'], dir).code, 0)
  // The same tables and one more (the same up migration would be DUPLICATE_MIGRATION).
  const again = run(['generate', writeJson(dir, 'b.json', spec('second', [...tables, table('extra')])), '--now', '2026-02-10T12:00:00Z', '--json'], dir)
  assert.equal(again.code, 1, again.stdout)
  const errors = JSON.parse(again.stdout).result.validation.errors.filter((e) => e.code === 'TABLE_CREATED_BEFORE')
  assert.equal(errors.length, 1)
  assert.match(errors[0].message, /already creates 't_000', 't_001', 't_002', 't_003', 't_004', 't_005', 't_006', 't_007', 't_008', 't_009' and 190 more: on a database/)
  assert.doesNotMatch(errors[0].message, /t_010/)
  // The text output, one line, and check says the same.
  const text = run(['generate', path.join(dir, 'b.json'), '--now', '2026-02-10T12:00:00Z'], dir)
  const line = text.stderr.split('\n').find((l) => l.startsWith('error TABLE_CREATED_BEFORE'))
  assert.ok(line.length < 1_000, `${line.length} characters`)
  assert.match(line, /and 190 more/)
  const checked = run(['check', path.join(dir, 'b.json'), '--json'], dir)
  assert.match(JSON.parse(checked.stdout).validation.errors[0].message, /'t_009' and 190 more/)
})

test('COLUMN_ADDED_BEFORE and RENAMED_BEFORE of many columns or renames name ten and count the rest', async () => {
  const SQL = await require('sql.js')()
  const dir = tmp()
  const db = path.join(dir, 'app.db')
  const conn = new SQL.Database()
  conn.run('CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL)')
  for (let i = 0; i < 12; i++) conn.run(`CREATE TABLE old_${i} (id INTEGER PRIMARY KEY NOT NULL)`)
  fs.writeFileSync(db, conn.export())
  conn.close()
  const columns = Array.from({ length: 15 }, (_, i) => ({ name: `c_${String(i).padStart(2, '0')}`, type: 'TEXT', nullable: true }))
  const renamed = Array.from({ length: 12 }, (_, i) => ({ ...table(`new_${String(i).padStart(2, '0')}`), renamedFrom: `old_${i}` }))
  const tables = [table('users', columns), ...renamed]
  const first = run(['generate', writeJson(dir, 'a.json', spec('first', tables)), '--now', '2026-02-09T12:00:00Z', '--db', db, '--json'], dir)
  assert.equal(first.code, 0, first.stdout)
  // Generated again before that migration is applied to app.db.
  const again = run(['generate', writeJson(dir, 'b.json', spec('second', [...tables, table('extra')])), '--now', '2026-02-10T12:00:00Z', '--db', db, '--json'], dir)
  assert.equal(again.code, 1, again.stdout)
  const errors = JSON.parse(again.stdout).result.validation.errors
  const added = errors.find((e) => e.code === 'COLUMN_ADDED_BEFORE')
  assert.match(added.message, /already adds 'users\.c_00', 'users\.c_01', 'users\.c_02', 'users\.c_03', 'users\.c_04', 'users\.c_05', 'users\.c_06', 'users\.c_07', 'users\.c_08', 'users\.c_09' and 5 more, and the database/)
  const renames = errors.find((e) => e.code === 'RENAMED_BEFORE')
  assert.match(renames.message, /already renames 'old_0' to 'new_00', .*'old_9' to 'new_09' and 2 more, and the database .*: this migration renames 'old_0', .*renames 'old_9' and 2 more too/)
  assert.doesNotMatch(renames.message, /old_10|old_11/)
})

test('DUPLICATE_NUMBER and MIXED_FILE_NAMES name at most ten files', () => {
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(migrations, { recursive: true })
  // Twelve numbered migrations after the timestamped one to be written (by name), and twelve of one number.
  for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(migrations, `3${String(i).padStart(2, '0')}_x.sql`), '-- UP MIGRATION\n-- DOWN MIGRATION\n')
  for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(migrations, `400_d${String(i).padStart(2, '0')}.sql`), '-- UP MIGRATION\n-- DOWN MIGRATION\n')
  const r = run(['generate', writeJson(dir, 'a.json', spec('first', [table('users')])), '--now', '2026-02-09T12:00:00Z', '--dry-run', '--json'], dir)
  const warnings = JSON.parse(r.stdout).result.validation.warnings
  const dup = warnings.find((w) => w.code === 'DUPLICATE_NUMBER')
  assert.match(dup.message, /^400_d00\.sql, 400_d01\.sql, .*400_d09\.sql and 2 more in database\/migrations share the number 400/)
  const mixed = warnings.find((w) => w.code === 'MIXED_FILE_NAMES')
  assert.match(mixed.message, /sorts before 300_x\.sql, 301_x\.sql, .* and 14 more, so a runner/)
})
