// writeMigrationFiles: where files go, never overwriting a migration, numbering, staying inside
// rootDir, and failures (a file in the way, a read-only folder, a write cut short) that leave
// nothing behind.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { filesUnder, runBounded } from './support/files.mjs'
import { repo, NOW, tempFolders } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { generateMigration, writeMigrationFiles, writeTypeFiles, MigrationGeneratorError } = require('../index.js')

const example = (name) => JSON.parse(fs.readFileSync(path.join(repo, 'examples', `${name}.json`), 'utf8'))
const tmpRoot = tempFolders('mg-files-')
const generate = (name, extra = {}) => {
  const r = generateMigration({ ...example(name), now: NOW, ...extra })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  return r
}
/** Every folder under `dir`, relative, sorted. */
function dirsUnder(dir) {
  const out = []
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue
      out.push(path.relative(dir, path.join(d, e.name)))
      walk(path.join(d, e.name))
    }
  }
  walk(dir)
  return out.sort()
}
function assertThrowsCode(fn, code, pathIncludes) {
  let caught
  try {
    fn()
  } catch (e) {
    caught = e
  }
  assert.ok(caught, `expected a ${code} error`)
  assert.ok(caught instanceof MigrationGeneratorError, `not a MigrationGeneratorError: ${caught && caught.stack}`)
  assert.ok(caught instanceof Error)
  assert.equal(caught.name, 'MigrationGeneratorError')
  assert.equal(caught.code, code, caught.message)
  if (pathIncludes !== undefined) {
    assert.equal(typeof caught.path, 'string')
    assert.ok(caught.path.includes(pathIncludes), `${caught.path} does not include ${pathIncludes}`)
    assert.ok(caught.message.includes(pathIncludes), `the message names the path: ${caught.message}`)
  }
  return caught
}

test('writes the migration and one type file per table plus index.d.ts, at the default places', () => {
  const root = tmpRoot()
  const r = generate('create_orders_table')
  const written = writeMigrationFiles(r, { rootDir: root })
  const mig = path.join(root, 'database', 'migrations', '20260209120000_create_orders_table.sql')
  const typesDir = path.join(root, 'types', 'generated', 'db')
  assert.deepEqual(written, {
    filename: '20260209120000_create_orders_table.sql',
    migrationPath: mig,
    typePaths: [path.join(typesDir, 'orders.d.ts'), path.join(typesDir, 'users.d.ts'), path.join(typesDir, 'index.d.ts')],
    paths: [mig, path.join(typesDir, 'orders.d.ts'), path.join(typesDir, 'users.d.ts'), path.join(typesDir, 'index.d.ts')],
    removed: [],
    unchanged: [],
    // Nothing was left in the folders by a writer killed mid-write.
    leftoversRemoved: [],
  })
  assert.equal(fs.readFileSync(mig, 'utf8'), r.fileContent)
  for (const t of r.tableTypes) {
    const text = fs.readFileSync(path.join(typesDir, `${t.table}.d.ts`), 'utf8')
    assert.ok(text.endsWith(t.source), 'the table file holds the generated source')
    assert.match(text, new RegExp(`export interface ${t.interfaceName} \\{`))
    assert.match(text, new RegExp(`export interface ${t.interfaceName}Insert \\{`))
    assert.match(text, new RegExp(`export interface ${t.interfaceName}Update \\{`))
  }
  const index = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
  assert.match(index, /export \* from '\.\/orders\.js'/)
  assert.match(index, /export \* from '\.\/users\.js'/)
  assert.match(index, /export interface Database \{\n {2}orders: Kysely_Table<Order, OrderInsert, OrderUpdate>\n {2}users: Kysely_Table<User, UserInsert, UserUpdate>\n\}/)
  assert.deepEqual(filesUnder(root), ['database/migrations/20260209120000_create_orders_table.sql', 'types/generated/db/index.d.ts', 'types/generated/db/orders.d.ts', 'types/generated/db/users.d.ts'].map((p) => p.split('/').join(path.sep)), 'no temporary files are left')
})

test('without generateTypes only the migration is written', () => {
  const root = tmpRoot()
  const r = generate('create_users_table', { generateTypes: false })
  assert.equal(r.tableTypes, undefined)
  const written = writeMigrationFiles(r, { rootDir: root })
  assert.deepEqual(written.typePaths, [])
  assert.deepEqual(filesUnder(root), [path.join('database', 'migrations', '20260209120000_create_users_table.sql')])
})

test('migrationsDir and typesDir are relative to rootDir', () => {
  const root = tmpRoot()
  const written = writeMigrationFiles(generate('create_users_table'), { rootDir: root, migrationsDir: 'db/mig', typesDir: 'src/db-types' })
  assert.equal(written.migrationPath, path.join(root, 'db', 'mig', '20260209120000_create_users_table.sql'))
  assert.deepEqual(written.typePaths, [path.join(root, 'src', 'db-types', 'users.d.ts'), path.join(root, 'src', 'db-types', 'index.d.ts')])
  for (const p of written.paths) assert.ok(fs.existsSync(p), p)
})

test('an existing migration is never overwritten: FILE_EXISTS names the path', () => {
  const root = tmpRoot()
  const r = generate('create_users_table')
  const { migrationPath } = writeMigrationFiles(r, { rootDir: root })
  fs.writeFileSync(migrationPath, '-- edited by hand\n')
  const before = filesUnder(root)
  const err = assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'FILE_EXISTS', migrationPath)
  assert.equal(err.path, migrationPath)
  assert.match(err.message, /same description was written in the same second: give this one another description, or another now/)
  assert.equal(fs.readFileSync(migrationPath, 'utf8'), '-- edited by hand\n')
  assert.deepEqual(filesUnder(root), before, 'nothing else was written either')
})

test('the migration is placed last: at every step before it, no migration file; at the last, every type file and index.d.ts are in place', () => {
  const { writeMigrationFiles: writeWithStop } = require('../lib/files.js')
  const root = tmpRoot()
  const r = generate('create_orders_table', { generateTypes: true })
  // What a write leaves in the end, from a root of its own.
  const clean = tmpRoot()
  const expected = writeMigrationFiles(r, { rootDir: clean })
  const finalText = Object.fromEntries(expected.typePaths.map((p) => [path.basename(p), fs.readFileSync(p, 'utf8')]))
  const migrationPath = path.join(root, path.relative(clean, expected.migrationPath))
  const typesDir = path.join(root, 'types', 'generated', 'db')
  const seen = []
  const written = writeWithStop(r, { rootDir: root }, () => {
    const types = Object.keys(finalText).filter((name) => fs.existsSync(path.join(typesDir, name)) && fs.readFileSync(path.join(typesDir, name), 'utf8') === finalText[name])
    seen.push({ migration: fs.existsSync(migrationPath), types })
    return null
  })
  assert.equal(written.migrationPath, migrationPath)
  assert.ok(seen.length >= 4, `the write looks at stop between its steps (${seen.length} times)`)
  assert.deepEqual(seen.map((s) => s.migration), seen.map(() => false), 'no migration file while anything is still to be written')
  assert.deepEqual(seen.at(-1).types.sort(), Object.keys(finalText).sort(), 'at the last step before the migration, the type files and index.d.ts are written in full')
  assert.equal(fs.readFileSync(migrationPath, 'utf8'), r.fileContent)
})

test('a writer killed (SIGKILL) at any step leaves no migration file; the same write run again writes the migration and all its types', async () => {
  const { writeMigrationFiles: writeWithStop } = require('../lib/files.js')
  const r = generate('create_orders_table', { generateTypes: true })
  let steps = 0
  writeWithStop(r, { rootDir: tmpRoot() }, () => {
    steps++
    return null
  })
  const resultFile = path.join(tmpRoot(), 'result.json')
  fs.writeFileSync(resultFile, JSON.stringify(r))
  // The writer kills itself at its `at`-th step: the first, one in the middle, the last before
  // the migration is placed.
  for (const at of [1, Math.ceil(steps / 2), steps]) {
    const root = tmpRoot()
    const script = `const { writeMigrationFiles } = require(${JSON.stringify(path.join(repo, 'lib', 'files.js'))})
let n = 0
const result = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(resultFile)}, 'utf8'))
writeMigrationFiles(result, { rootDir: ${JSON.stringify(root)} }, () => { if (++n === ${at}) process.kill(process.pid, 'SIGKILL'); return null })
console.log('not killed')`
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    assert.equal(child.signal, 'SIGKILL', `killed at step ${at}: ${child.stdout}${child.stderr}`)
    const mig = path.join(root, 'database', 'migrations')
    const sql = () => (fs.existsSync(mig) ? fs.readdirSync(mig).filter((n) => n.endsWith('.sql')) : [])
    assert.deepEqual(sql(), [], `killed at step ${at} of ${steps}: no migration file`)
    // Run again: no FILE_EXISTS; the migration and every type file are written.
    const again = writeMigrationFiles(r, { rootDir: root })
    assert.deepEqual(sql(), [again.filename])
    assert.deepEqual(databaseTables(path.join(root, 'types', 'generated', 'db')), r.tableTypes.map((t) => t.table).sort())
    for (const p of again.typePaths) assert.ok(fs.readFileSync(p, 'utf8').startsWith('// Generated by migration-generator'), p)
  }
})

test('FILE_EXISTS for a migration already there with the very content to write (a write cut short): the message says so and points to writeTypeFiles, not another description', () => {
  const { asWritten } = require('../lib/files.js')
  const r = generate('create_orders_table', { generateTypes: true })
  const mig = (root) => path.join(root, 'database', 'migrations')
  const sameContent = /already exists with the very content this write would give it \(but for its -- Generated: line\)/
  // The half-done state an earlier version could leave (kill -9): the migration alone, whose
  // -- Generated: line may say another time.
  for (const generated of [null, '2026-02-09T12:00:07.000Z']) {
    const root = tmpRoot()
    fs.mkdirSync(mig(root), { recursive: true })
    const target = path.join(mig(root), r.metadata.filename)
    const text = generated === null ? r.fileContent : r.fileContent.replace(/^-- Generated: .*$/m, `-- Generated: ${generated}`)
    if (generated !== null) assert.notEqual(text, r.fileContent)
    fs.writeFileSync(target, text)
    const err = assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'FILE_EXISTS', target)
    assert.match(err.message, sameContent)
    assert.match(err.message, /Do not give it another description or another now/)
    assert.match(err.message, /writeTypeFiles\(result, options\)/)
    assert.match(err.message, /generate SPEC --previous SPEC/)
    assert.doesNotMatch(err.message, /give this one another description/)
    assert.deepEqual(filesUnder(root), [path.join('database', 'migrations', r.metadata.filename)], 'nothing else written')
    // Following the advice completes the types.
    const types = writeTypeFiles(r, { rootDir: root })
    assert.deepEqual(types.typePaths.map((p) => path.basename(p)), [...r.tableTypes.map((t) => `${t.table}.d.ts`), 'index.d.ts'])
    assert.deepEqual(databaseTables(path.join(root, 'types', 'generated', 'db')), ['orders', 'users'])
    assert.equal(fs.readFileSync(target, 'utf8'), text, 'the migration is left as it was')
  }
  // The same migration placed one second on (a writer of that second went after another's
  // claim): the same message, for the content under that name.
  const root = tmpRoot()
  fs.mkdirSync(mig(root), { recursive: true })
  const later = r.metadata.filename.replace(/^20260209120000/, '20260209120001')
  fs.writeFileSync(path.join(mig(root), later), asWritten(r, later).fileContent)
  assert.match(assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'FILE_EXISTS', later).message, sameContent)
  // Another migration under the name (its content differs beyond the -- Generated: line):
  // the message as before.
  fs.writeFileSync(path.join(mig(root), later), asWritten(r, later).fileContent.replace('CREATE TABLE', 'CREATE  TABLE'))
  const other = assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'FILE_EXISTS', later)
  assert.doesNotMatch(other.message, sameContent)
  assert.match(other.message, /give this one another description, or another now/)
})

test('type files are regenerated (never one this package did not write), and index.d.ts keeps tables from earlier migrations', () => {
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  writeMigrationFiles(generate('create_users_table'), { rootDir: root })
  fs.writeFileSync(path.join(typesDir, 'users.d.ts'), '// stale\n')
  // A second migration for a different table, then one that touches users again.
  const orders = generateMigration({
    description: 'create_payments_table',
    databaseType: 'sqlite',
    generateTypes: true,
    now: '2026-02-10T08:00:00Z',
    tables: [{ name: 'payments', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'amount', type: 'REAL', nullable: false }] }],
  })
  assert.equal(orders.validation.valid, true, JSON.stringify(orders.validation.errors))
  writeMigrationFiles(orders, { rootDir: root })
  let index = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
  assert.match(index, /export interface Database \{\n {2}payments: Kysely_Table<Payment, PaymentInsert, PaymentUpdate>\n\}/, 'the stale users.d.ts (no generator marker) is not re-exported')
  // A users.d.ts this package did not write (no marker) is never replaced: nothing is written.
  assertThrowsCode(() => writeMigrationFiles(generate('create_users_table', { now: '2026-02-11T08:00:00Z' }), { rootDir: root }), 'FILE_EXISTS', 'users.d.ts')
  assert.equal(fs.readFileSync(path.join(typesDir, 'users.d.ts'), 'utf8'), '// stale\n')
  assert.equal(fs.readdirSync(path.join(root, 'database', 'migrations')).length, 2)
  // One it wrote is regenerated.
  fs.writeFileSync(path.join(typesDir, 'users.d.ts'), '// Generated by migration-generator, stale\n')
  writeMigrationFiles(generate('create_users_table', { now: '2026-02-11T08:00:00Z' }), { rootDir: root })
  const users = fs.readFileSync(path.join(typesDir, 'users.d.ts'), 'utf8')
  assert.doesNotMatch(users, /stale/)
  assert.match(users, /Generated by migration-generator from 20260211080000_create_users_table\.sql/)
  index = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
  assert.match(index, /export interface Database \{\n {2}payments: Kysely_Table<Payment, PaymentInsert, PaymentUpdate>\n {2}users: Kysely_Table<User, UserInsert, UserUpdate>\n\}/)
  assert.equal(fs.readdirSync(path.join(root, 'database', 'migrations')).length, 3)
  assert.deepEqual(fs.readdirSync(typesDir).sort(), ['index.d.ts', 'payments.d.ts', 'users.d.ts'], 'no temporary or backup file left')
})

test('a migration generated in the same second as, or earlier than, the newest one is written one second after it, so name order is the order made', () => {
  const root = tmpRoot()
  const table = (name, extra = {}) => ({ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'], ...extra })
  const write = (description, tables, now) => {
    const r = generateMigration({ description, databaseType: 'postgresql', generateTypes: true, tables, now })
    assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
    return { r, written: writeMigrationFiles(r, { rootDir: root }) }
  }
  const users = write('create users', [table('users')], '2026-12-31T23:59:59Z')
  assert.equal(users.written.filename, '20261231235959_create_users.sql')
  // Same second; its description sorts first ('add' < 'create'): it would have run before the
  // table it references existed.
  const orders = write('add orders', [
    table('orders', { columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'user_id', type: 'INTEGER', nullable: true }], foreignKeys: [{ columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] }] }),
    table('users', { existing: true }),
  ], '2026-12-31T23:59:59Z')
  assert.equal(orders.written.filename, '20270101000000_add_orders.sql', 'one second later, across the new year')
  assert.equal(orders.r.metadata.filename, '20261231235959_add_orders.sql', 'the result itself is left as it was')
  const text = fs.readFileSync(orders.written.migrationPath, 'utf8')
  assert.match(text, /^-- Migration: 20270101000000\n/)
  assert.match(text, /^-- Generated: 2026-12-31T23:59:59\.000Z$/m, 'the time it was generated stays')
  assert.match(fs.readFileSync(path.join(root, 'types', 'generated', 'db', 'orders.d.ts'), 'utf8'), /Generated from migration: 20270101000000_add_orders\.sql/)
  // A clock behind the newest file's (a colleague's migration, merged): after it all the same.
  const late = write('zz late clock', [table('t3')], '2026-06-01T00:00:00Z')
  assert.equal(late.written.filename, '20270101000001_zz_late_clock.sql')
  assert.deepEqual(fs.readdirSync(path.join(root, 'database', 'migrations')).sort(), [
    '20261231235959_create_users.sql', '20270101000000_add_orders.sql', '20270101000001_zz_late_clock.sql',
  ])
  // The very same migration again is still FILE_EXISTS, not a copy one second later.
  assertThrowsCode(() => writeMigrationFiles(users.r, { rootDir: root }), 'FILE_EXISTS', '20261231235959_create_users.sql')
  // A later clock is taken as it is.
  assert.equal(write('later', [table('t4')], '2027-02-01T00:00:00Z').written.filename, '20270201000000_later.sql')
})

test('numbered: a folder of timestamped migrations is NUMBERING_EXHAUSTED (001_ would sort, and run, before them), nothing written', () => {
  const root = tmpRoot()
  writeMigrationFiles(generate('create_users_table'), { rootDir: root })
  const before = filesUnder(root)
  const err = assertThrowsCode(() => writeMigrationFiles(generate('create_orders_table', { fileFormat: 'numbered' }), { rootDir: root }), 'NUMBERING_EXHAUSTED')
  assert.match(err.message, /holds timestamped migrations \(20260209120000_create_users_table\.sql\), which a numbered one would sort before/)
  assert.deepEqual(filesUnder(root), before)
})

test('a newest migration whose 14 digits are not a date: the next name is the first real date and time after it (never month 14); none sorts after 99999999999999', () => {
  const root = tmpRoot()
  const dir = path.join(root, 'database', 'migrations')
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, '20261399999999_odd.sql'), '-- by hand\n')
  // Month 13: one more was 20261400000000 (month 14), which tools reading the timestamp refuse.
  assert.equal(writeMigrationFiles(generate('create_users_table'), { rootDir: root }).filename, '20270101000000_create_users_table.sql')
  const { planMigrationFiles } = require('../lib/files.js')
  for (const [odd, next] of [
    ['20270230120000', '20270301000000'], // February 30
    ['20270301246000', '20270302000000'], // hour 24
    ['20270302000099', '20270302000100'], // second 99
    ['20270302999999', '20270303000000'],
  ]) {
    fs.writeFileSync(path.join(dir, `${odd}_odd.sql`), '-- by hand\n')
    assert.equal(planMigrationFiles(generate('create_orders_table'), { rootDir: root }).filename, `${next}_create_orders_table.sql`, odd)
  }
  fs.writeFileSync(path.join(dir, '99999999999999_last.sql'), '-- by hand\n')
  const before = filesUnder(root)
  assertThrowsCode(() => writeMigrationFiles(generate('create_orders_table'), { rootDir: root }), 'NUMBERING_EXHAUSTED')
  assert.deepEqual(filesUnder(root), before, 'nothing written')
  // The last second of 9999: one second later is the year 10000, which 14 digits cannot hold
  // (its ISO form gave 01000001010000, sorting first).
  const other = tmpRoot()
  const dir2 = path.join(other, 'database', 'migrations')
  fs.mkdirSync(dir2, { recursive: true })
  fs.writeFileSync(path.join(dir2, '99991231235959_last.sql'), '-- by hand\n')
  assertThrowsCode(() => writeMigrationFiles(generate('create_orders_table'), { rootDir: other }), 'NUMBERING_EXHAUSTED')
  assert.deepEqual(fs.readdirSync(dir2), ['99991231235959_last.sql'])
})

/** A script for `node -e` that writes (or plans) the users example into `root` and prints the result. */
const writeScript = (root, fn = 'writeMigrationFiles') => `
  const { generateMigration } = require(${JSON.stringify(path.join(repo, 'index.js'))})
  const files = require(${JSON.stringify(path.join(repo, 'lib', 'files.js'))})
  const spec = JSON.parse(require('fs').readFileSync(${JSON.stringify(path.join(repo, 'examples', 'create_users_table.json'))}, 'utf8'))
  const r = generateMigration({ ...spec, now: ${JSON.stringify(NOW)} })
  try {
    console.log(JSON.stringify(files.${fn}(r, { rootDir: ${JSON.stringify(root)} }).filename))
  } catch (e) {
    console.log(JSON.stringify({ code: e.code, message: e.message }))
  }
`

test('a FIFO or a link to /dev/zero in the migrations or types folder (named like a migration, a *.d.ts, a claim) is passed over unread: writing neither hangs nor fills memory', { skip: process.platform === 'win32' || !fs.existsSync('/dev/zero') }, async () => {
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  const types = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(mig, { recursive: true })
  fs.mkdirSync(types, { recursive: true })
  const fifo = (p) => assert.equal(spawnSync('mkfifo', [p]).status, 0, `mkfifo ${p}`)
  fifo(path.join(mig, '20000101000000_old.sql'))
  fifo(path.join(mig, '.20260209120000.migration-timestamp-claim'))
  fifo(path.join(types, 'zz.d.ts'))
  fs.symlinkSync('/dev/zero', path.join(mig, '20000102000000_zero.sql'))
  fs.symlinkSync('/dev/zero', path.join(types, 'zy.d.ts'))
  // Before, reading zz.d.ts blocked for ever (the first SIGTERM did not end the command line),
  // and reading zy.d.ts took memory without end (8.5 GB in 15 s).
  for (const fn of ['planMigrationFiles', 'writeMigrationFiles']) {
    const r = await runBounded(['-e', writeScript(root, fn)], { cwd: root, ms: 30_000 })
    assert.equal(r.killedFor, null, `${fn} was killed for its ${r.killedFor} (${r.maxRssMb} MB): ${r.stderr}`)
    assert.equal(r.code, 0, r.stderr)
    // One second after the claim's second (whatever the claim file is, its name claims it).
    assert.equal(JSON.parse(r.stdout), '20260209120001_create_users_table.sql', `${fn}: ${r.stdout}`)
  }
  assert.match(fs.readFileSync(path.join(types, 'index.d.ts'), 'utf8'), /^export \* from '\.\/users\.js'$/m)
  assert.doesNotMatch(fs.readFileSync(path.join(types, 'index.d.ts'), 'utf8'), /zz|zy/)
  // A FIFO or a device under the name of a file to write is never replaced: FILE_EXISTS.
  const other = tmpRoot()
  const otherTypes = path.join(other, 'types', 'generated', 'db')
  fs.mkdirSync(otherTypes, { recursive: true })
  fifo(path.join(otherTypes, 'users.d.ts'))
  fs.symlinkSync('/dev/zero', path.join(otherTypes, 'index.d.ts'))
  const before = filesUnder(other)
  const r = await runBounded(['-e', writeScript(other)], { cwd: other, ms: 30_000 })
  assert.equal(r.killedFor, null, `killed for its ${r.killedFor}: ${r.stderr}`)
  const out = JSON.parse(r.stdout)
  assert.equal(out.code, 'FILE_EXISTS', r.stdout)
  assert.match(out.message, /is a FIFO \(named pipe\), not a file written by migration-generator; it is never replaced|is a device, not a file written by migration-generator/)
  assert.deepEqual(filesUnder(other), before, 'nothing written')
  assert.ok(fs.lstatSync(path.join(otherTypes, 'users.d.ts')).isFIFO())
})

test('a generated table file is read for its type names without holding it whole; a *.d.ts larger than any table file, or without the header, is not read past its start', () => {
  const { generatedTables } = require('../lib/files.js')
  const root = tmpRoot()
  const types = path.join(root, 'types', 'generated', 'db')
  writeMigrationFiles(generate('create_users_table', { generateTypes: true }), { rootDir: root })
  const users = fs.readFileSync(path.join(types, 'users.d.ts'), 'utf8')
  // Names after the first 64 KiB (a long description) are found, and a name split across reads.
  const padded = users.replace(/^export interface UserInsert/m, `/* ${'x'.repeat(70_000)} */\n${'\n'.repeat(1 << 20)}export interface UserInsert`)
  fs.writeFileSync(path.join(types, 'users.d.ts'), padded)
  assert.deepEqual(generatedTables(types).get('users').names, ['User', 'UserInsert', 'UserUpdate'])
  // A sparse file of 200 MB after a header of this package: not a table file of it.
  const huge = path.join(types, 'users.d.ts')
  fs.writeFileSync(huge, users)
  fs.truncateSync(huge, 200 * 1024 * 1024)
  assert.equal(generatedTables(types).has('users'), false)
})

test("a table file whose types use Node's Buffer (a BLOB column) references Node's types; others do not", () => {
  const root = tmpRoot()
  const r = generateMigration({
    description: 'blobs', databaseType: 'postgresql', generateTypes: true, now: NOW,
    tables: [
      { name: 'files', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'body', type: 'BLOB', nullable: true, description: 'not a Buffer: in a comment' }], primaryKey: ['id'] },
      { name: 'notes', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'text', type: 'TEXT', nullable: true, description: 'a Buffer in words only' }], primaryKey: ['id'] },
    ],
  })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  writeMigrationFiles(r, { rootDir: root })
  const lines = (table) => fs.readFileSync(path.join(root, 'types', 'generated', 'db', `${table}.d.ts`), 'utf8').split('\n')
  assert.equal(lines('files')[2], '// Database: postgresql (with the driver settings index.d.ts names)')
  assert.equal(lines('files')[3], '/// <reference types="node" />')
  assert.match(lines('files').join('\n'), /^ {2}body: Buffer \| null;$/m)
  assert.ok(!lines('notes').includes('/// <reference types="node" />'))
})

test('a migration that drops tables (dropTablesNotInSpec) removes their type files, and index.d.ts stops listing them', async () => {
  const SQL = await require('sql.js')()
  const root = tmpRoot()
  const db = path.join(root, 'app.db')
  const made = new SQL.Database()
  made.run('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT)')
  fs.writeFileSync(db, made.export())
  made.close()
  const table = (name, extra) => ({ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: extra, type: 'TEXT', nullable: true }], timestamps: false })
  const types = path.join(root, 'types', 'generated', 'db')
  const both = generateMigration({ description: 'types', databaseType: 'sqlite', generateTypes: true, now: NOW, tables: [table('users', 'name'), table('posts', 'title')] })
  writeTypeFiles(both, { rootDir: root })
  assert.deepEqual(fs.readdirSync(types).sort(), ['index.d.ts', 'posts.d.ts', 'users.d.ts'])
  const drop = generateMigration({
    description: 'drop posts', databaseType: 'sqlite', generateTypes: true, now: NOW, existingDbPath: db,
    dropTablesNotInSpec: true, allowDataLoss: true, tables: [table('users', 'name')],
  })
  assert.equal(drop.validation.valid, true, JSON.stringify(drop.validation.errors))
  assert.deepEqual(drop.metadata.operations.filter((o) => o.operation === 'DROP').map((o) => o.table), ['posts'])
  const written = writeMigrationFiles(drop, { rootDir: root })
  assert.deepEqual(written.removed, [path.join(types, 'posts.d.ts')])
  assert.deepEqual(fs.readdirSync(types).sort(), ['index.d.ts', 'users.d.ts'])
  const index = fs.readFileSync(path.join(types, 'index.d.ts'), 'utf8')
  assert.doesNotMatch(index, /posts|Post\b/)
  assert.match(index, /users: /)
  // A hand-written file of that name is not this package's: left alone.
  const mine = path.join(types, 'posts.d.ts')
  fs.writeFileSync(mine, 'export interface Mine {}\n')
  const again = generateMigration({
    description: 'drop posts again', databaseType: 'sqlite', generateTypes: true, now: '2026-02-10T00:00:00Z', existingDbPath: db,
    dropTablesNotInSpec: true, allowDataLoss: true, tables: [table('users', 'name')],
  })
  assert.deepEqual(writeMigrationFiles(again, { rootDir: root }).removed, [])
  assert.equal(fs.readFileSync(mine, 'utf8'), 'export interface Mine {}\n')
})

test('a migration that renames a table (renamedFrom, with previousSpec) removes the old name\'s type file, and index.d.ts lists the new name only', () => {
  const root = tmpRoot()
  const types = path.join(root, 'types', 'generated', 'db')
  const table = (name, extra = {}) => ({ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'email', type: 'TEXT', nullable: true }], timestamps: false, ...extra })
  const before = { description: 'users', databaseType: 'postgresql', generateTypes: true, now: NOW, tables: [table('users'), table('posts')] }
  writeMigrationFiles(generateMigration(before), { rootDir: root })
  assert.deepEqual(fs.readdirSync(types).sort(), ['index.d.ts', 'posts.d.ts', 'users.d.ts'])
  const renamed = generateMigration({ ...before, description: 'rename users', now: '2026-02-10T00:00:00Z', tables: [table('people', { renamedFrom: 'users' }), table('posts')], previousSpec: before })
  assert.equal(renamed.validation.valid, true, JSON.stringify(renamed.validation.errors))
  assert.deepEqual(renamed.metadata.operations, [{ table: 'people', operation: 'ALTER', renamedFrom: 'users' }, { table: 'posts', operation: 'SKIP' }])
  const written = writeMigrationFiles(renamed, { rootDir: root })
  assert.deepEqual(written.removed, [path.join(types, 'users.d.ts')])
  assert.deepEqual(fs.readdirSync(types).sort(), ['index.d.ts', 'people.d.ts', 'posts.d.ts'])
  const index = fs.readFileSync(path.join(types, 'index.d.ts'), 'utf8')
  assert.doesNotMatch(index, /users: |\bUser\b/)
  assert.match(index, /people: /)
})

test("a table whose types did not change keeps its file, naming the migration that last changed them (two branches that generate do not both rewrite every table's file)", () => {
  const root = tmpRoot()
  const spec = (now, description, ordersExtra = []) => ({
    description, databaseType: 'postgresql', generateTypes: true, now,
    tables: [
      { name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] },
      { name: 'orders', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, ...ordersExtra] },
    ],
  })
  const types = path.join(root, 'types', 'generated', 'db')
  const first = writeMigrationFiles(generateMigration(spec(NOW, 'init')), { rootDir: root })
  const users = fs.readFileSync(path.join(types, 'users.d.ts'), 'utf8')
  const usersStat = fs.statSync(path.join(types, 'users.d.ts'))
  const second = writeMigrationFiles(generateMigration(spec('2026-02-10T00:00:00Z', 'orders note', [{ name: 'note', type: 'TEXT', nullable: true }])), { rootDir: root })
  assert.deepEqual(second.typePaths, first.typePaths, 'every table file is reported, current or written')
  assert.deepEqual(first.unchanged, [])
  // index.d.ts lists the same tables with the same types: kept as it was too.
  assert.deepEqual(second.unchanged, [path.join(types, 'users.d.ts'), path.join(types, 'index.d.ts')], 'the files kept as they were are said to be')
  assert.equal(fs.readFileSync(path.join(types, 'users.d.ts'), 'utf8'), users, 'unchanged types: the file is as it was')
  assert.equal(fs.statSync(path.join(types, 'users.d.ts')).ino, usersStat.ino, 'not even replaced by the same text')
  assert.match(users, /Generated from migration: 20260209120000_init\.sql/)
  const orders = fs.readFileSync(path.join(types, 'orders.d.ts'), 'utf8')
  assert.match(orders, /Generated from migration: 20260210000000_orders_note\.sql/)
  assert.match(orders, /^ {2}note: string \| null;$/m)
  assert.deepEqual(fs.readdirSync(types).sort(), ['index.d.ts', 'orders.d.ts', 'users.d.ts'], 'no temporary file left')
  // writeTypeFiles says the same.
  const again = writeTypeFiles(generateMigration(spec('2026-02-11T00:00:00Z', 'x', [{ name: 'note', type: 'TEXT', nullable: true }])), { rootDir: root })
  assert.deepEqual(again.unchanged, [path.join(types, 'users.d.ts'), path.join(types, 'orders.d.ts'), path.join(types, 'index.d.ts')])
})

test('an invalid result is refused and nothing is written', () => {
  const root = tmpRoot()
  const bad = generateMigration({ description: 'bad', databaseType: 'sqlite', tables: [{ name: 'Users', columns: [] }] })
  assert.equal(bad.validation.valid, false)
  const err = assertThrowsCode(() => writeMigrationFiles(bad, { rootDir: root }), 'VALIDATION_FAILED')
  assert.match(err.message, /INVALID_TABLE_NAME|error/)
  // The issues behind it, as index.d.ts promises for an error that comes from the generator.
  assert.deepEqual(err.issues, bad.validation.errors)
  // A valid-looking result flagged invalid is refused too.
  const r = generate('create_users_table')
  assertThrowsCode(() => writeMigrationFiles({ ...r, validation: { ...r.validation, valid: false } }, { rootDir: root }), 'VALIDATION_FAILED')
  assert.deepEqual(fs.readdirSync(root), [])
})

test('bad arguments are INVALID_ARGUMENT or ROOT_NOT_FOUND errors', () => {
  const r = generate('create_users_table')
  assertThrowsCode(() => writeMigrationFiles(r), 'INVALID_ARGUMENT')
  assertThrowsCode(() => writeMigrationFiles(r, {}), 'INVALID_ARGUMENT')
  assertThrowsCode(() => writeMigrationFiles(null, { rootDir: tmpRoot() }), 'INVALID_ARGUMENT')
  assertThrowsCode(() => writeMigrationFiles(r, { rootDir: tmpRoot(), typesDir: '' }), 'INVALID_ARGUMENT')
  const missing = path.join(tmpRoot(), 'nope')
  assertThrowsCode(() => writeMigrationFiles(r, { rootDir: missing }), 'ROOT_NOT_FOUND', missing)
  assert.equal(fs.existsSync(missing), false)
})

test('no written path can leave rootDir', () => {
  const outside = tmpRoot()
  const root = path.join(outside, 'project')
  fs.mkdirSync(root)
  const r = generate('create_users_table')
  assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root, migrationsDir: '../elsewhere' }), 'PATH_OUTSIDE_ROOT')
  assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root, typesDir: path.join(outside, 'types') }), 'PATH_OUTSIDE_ROOT')
  for (const filename of ['../../escape.sql', '/tmp/escape.sql', 'a/b.sql', '..', 'x.sh']) {
    assertThrowsCode(() => writeMigrationFiles({ ...r, metadata: { ...r.metadata, filename } }, { rootDir: root }), 'PATH_OUTSIDE_ROOT')
  }
  for (const table of ['../../escape', 'a/b', 'index.table']) {
    assertThrowsCode(() => writeMigrationFiles({ ...r, tableTypes: [{ ...r.tableTypes[0], table }] }, { rootDir: root }), 'PATH_OUTSIDE_ROOT')
  }
  // A symbolic link inside rootDir that points outside it.
  fs.symlinkSync(outside, path.join(root, 'database'))
  assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'PATH_OUTSIDE_ROOT')
  assert.deepEqual(filesUnder(outside), [path.join('project', 'database')], 'nothing was written anywhere (only the link the test made is there)')
  assert.deepEqual(fs.readdirSync(root), ['database'])
})

test('folders whose names start with two dots (..foo) are inside rootDir; .. itself is not', () => {
  const root = tmpRoot()
  const written = writeMigrationFiles(generate('create_users_table'), { rootDir: root, migrationsDir: '..migrations', typesDir: path.join('src', '..types') })
  assert.equal(written.migrationPath, path.join(root, '..migrations', '20260209120000_create_users_table.sql'))
  assert.deepEqual(written.typePaths, [path.join(root, 'src', '..types', 'users.d.ts'), path.join(root, 'src', '..types', 'index.d.ts')])
  for (const p of written.paths) assert.ok(fs.existsSync(p), p)
  for (const migrationsDir of ['..', `..${path.sep}x`, path.join('a', '..', '..', 'x')]) {
    assertThrowsCode(() => writeMigrationFiles(generate('create_users_table', { description: 'other' }), { rootDir: root, migrationsDir }), 'PATH_OUTSIDE_ROOT')
  }
})

test('numbered: the next number after the highest NNN_*.sql, padded to the width in use; header and types follow', () => {
  const numbered = (extra) => generate('create_orders_table', { fileFormat: 'numbered', ...extra })
  const r = numbered()
  assert.equal(r.metadata.filename, '001_create_orders_table.sql')

  // Empty folder: 001.
  const a = tmpRoot()
  assert.equal(writeMigrationFiles(r, { rootDir: a }).filename, '001_create_orders_table.sql')
  assert.match(fs.readFileSync(path.join(a, 'database/migrations/001_create_orders_table.sql'), 'utf8'), /^-- Migration: 001\n/)

  // The specification's codebase: 001 … 133 (with gaps and other files) -> 134.
  const b = tmpRoot()
  const mig = path.join(b, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  for (const f of ['001_init.sql', '002_users.sql', '099_x.sql', '133_last.sql', '500_notes.txt', 'README.md']) fs.writeFileSync(path.join(mig, f), '')
  const written = writeMigrationFiles(r, { rootDir: b })
  assert.equal(written.filename, '134_create_orders_table.sql')
  const text = fs.readFileSync(written.migrationPath, 'utf8')
  assert.equal(text, r.fileContent.replace('-- Migration: 001\n', '-- Migration: 134\n'))
  assert.equal(text.match(/^-- Migration: .*$/gm).length, 1)
  const orders = fs.readFileSync(path.join(b, 'types/generated/db/orders.d.ts'), 'utf8')
  assert.match(orders, /Generated from migration: 134_create_orders_table\.sql/)
  assert.doesNotMatch(orders, /001_create_orders_table/)
  // And again: 135.
  assert.equal(writeMigrationFiles(numbered({ description: 'second' }), { rootDir: b }).filename, '135_second.sql')

  // Four digits in use -> four digits.
  const c = tmpRoot()
  fs.mkdirSync(path.join(c, 'database', 'migrations'), { recursive: true })
  fs.writeFileSync(path.join(c, 'database', 'migrations', '0007_seven.sql'), '')
  assert.equal(writeMigrationFiles(r, { rootDir: c }).filename, '0008_create_orders_table.sql')
  assert.match(fs.readFileSync(path.join(c, 'database/migrations/0008_create_orders_table.sql'), 'utf8'), /^-- Migration: 0008\n/)

  // The last number of the width in use: 998 -> 999.
  const d = tmpRoot()
  const dMig = path.join(d, 'database', 'migrations')
  fs.mkdirSync(dMig, { recursive: true })
  fs.writeFileSync(path.join(dMig, '998_x.sql'), '')
  assert.equal(writeMigrationFiles(r, { rootDir: d }).filename, '999_create_orders_table.sql')
})

test('numbered: the same generation written again is FILE_EXISTS (as a timestamped one is), types untouched; a new one of that description takes the next number', () => {
  const { planMigrationFiles } = require('../lib/files.js')
  // A two-step chain (a user trial re-ran a 7-step chain into the same folder: 008 … 014 were
  // copies of 001 … 007, and the type files went back to the first steps' shapes).
  const step1 = generate('create_orders_table', { fileFormat: 'numbered', databaseType: 'postgresql', description: 'create_core_tables' })
  const next = example('create_orders_table')
  next.tables[1].columns.push({ name: 'name', type: 'TEXT', nullable: true })
  const step2 = generate('create_orders_table', { ...next, fileFormat: 'numbered', databaseType: 'postgresql', description: 'add_user_name', previousSpec: { ...example('create_orders_table'), databaseType: 'postgresql' } })
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  assert.equal(writeMigrationFiles(step1, { rootDir: root }).filename, '001_create_core_tables.sql')
  // Written twice in a row: the newest file is this very migration.
  const again = assertThrowsCode(() => writeMigrationFiles(step1, { rootDir: root }), 'FILE_EXISTS', '001_create_core_tables.sql')
  assert.match(again.message, /already exists with the very content this write would give it/)
  assert.equal(writeMigrationFiles(step2, { rootDir: root }).filename, '002_add_user_name.sql')
  const before = filesUnder(root).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')])
  assert.match(fs.readFileSync(path.join(root, 'types/generated/db/users.d.ts'), 'utf8'), /name/)
  // The chain run again: its first step is refused too (not only the newest file is looked at),
  // nothing is written, and users.d.ts keeps step 2's shape.
  for (const r of [step1, step2]) {
    const err = assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'FILE_EXISTS', r.metadata.filename.slice(4))
    assert.match(err.message, /already exists with the very content this write would give it/)
    assertThrowsCode(() => planMigrationFiles(r, { rootDir: root }), 'FILE_EXISTS')
    assert.deepEqual(filesUnder(root).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]), before, 'nothing written, no type file rewritten')
  }
  // The same description generated at another time is a new migration: the next number.
  const later = generate('create_orders_table', { fileFormat: 'numbered', databaseType: 'postgresql', description: 'create_core_tables', now: '2026-02-09T12:00:01Z' })
  assert.equal(writeMigrationFiles(later, { rootDir: root }).filename, '003_create_core_tables.sql')
  // So is another change under the same description and time.
  const other = generate('create_orders_table', { ...next, fileFormat: 'numbered', databaseType: 'postgresql', description: 'create_core_tables' })
  assert.equal(writeMigrationFiles(other, { rootDir: root }).filename, '004_create_core_tables.sql')
  assert.deepEqual(fs.readdirSync(mig).sort(), ['001_create_core_tables.sql', '002_add_user_name.sql', '003_create_core_tables.sql', '004_create_core_tables.sql'])
})

test('numbered: a next number wider than the ones in use (1000 after 999) or of 14 digits is refused, nothing written', () => {
  const r = generate('create_orders_table', { fileFormat: 'numbered' })
  // 1000_x.sql would sort before 999_x.sql and run first in a name-ordered runner.
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  fs.writeFileSync(path.join(mig, '001_first.sql'), '')
  fs.writeFileSync(path.join(mig, '999_last.sql'), '')
  const err = assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'NUMBERING_EXHAUSTED', mig)
  assert.match(err.message, /would be 1000/)
  assert.match(err.message, /renumber the existing files to 4 digits \(001_… -> 0001_…\)/)
  assert.deepEqual(fs.readdirSync(mig).sort(), ['001_first.sql', '999_last.sql'])
  assert.equal(fs.existsSync(path.join(root, 'types')), false, 'no types either')
  // Renumbered to four digits, the next is 1000.
  fs.renameSync(path.join(mig, '999_last.sql'), path.join(mig, '0999_last.sql'))
  assert.equal(writeMigrationFiles(r, { rootDir: root }).filename, '1000_create_orders_table.sql')

  // 13 digits all nines: the next would have 14 digits, the width of a timestamp.
  const big = tmpRoot()
  const bigMig = path.join(big, 'database', 'migrations')
  fs.mkdirSync(bigMig, { recursive: true })
  fs.writeFileSync(path.join(bigMig, '9999999999999_last.sql'), '')
  const tooWide = assertThrowsCode(() => writeMigrationFiles(r, { rootDir: big }), 'NUMBERING_EXHAUSTED', bigMig)
  assert.match(tooWide.message, /would be 10000000000000, but it has 14 digits and would be read as a timestamp/)
  assert.deepEqual(fs.readdirSync(bigMig), ['9999999999999_last.sql'])
})

test('a file where a folder should be: WRITE_FAILED, nothing written', () => {
  const root = tmpRoot()
  fs.writeFileSync(path.join(root, 'database'), 'not a folder')
  const err = assertThrowsCode(() => writeMigrationFiles(generate('create_orders_table'), { rootDir: root }), 'WRITE_FAILED', 'database')
  assert.match(err.message, /is a file, not a folder|ENOTDIR|EEXIST/)
  assert.deepEqual(filesUnder(root), ['database'])
  assert.deepEqual(dirsUnder(root), [], 'no folder is left behind either')
})

test('types folder blocked after the migrations folder is fine: the migration is not left behind', () => {
  const root = tmpRoot()
  fs.mkdirSync(path.join(root, 'types'))
  fs.writeFileSync(path.join(root, 'types', 'generated'), 'in the way')
  assertThrowsCode(() => writeMigrationFiles(generate('create_orders_table'), { rootDir: root }), 'WRITE_FAILED', 'generated')
  assert.deepEqual(filesUnder(root), [path.join('types', 'generated')])
  assert.deepEqual(dirsUnder(root), ['types'], 'database/migrations, created by the call, was removed again')
})

/**
 * Runs writeMigrationFiles on the orders example in a child process; `shell` prefixes the node
 * command (e.g. `ulimit -f 1;`), `uid` runs it as another user.
 */
function writeInChild(root, { uid, shell } = {}) {
  const script = `
    process.on('SIGXFSZ', () => {})
    const { generateMigration, writeMigrationFiles } = require(${JSON.stringify(path.join(repo, 'index.js'))})
    const spec = JSON.parse(require('fs').readFileSync(${JSON.stringify(path.join(repo, 'examples', 'create_orders_table.json'))}, 'utf8'))
    try {
      const w = writeMigrationFiles(generateMigration({ ...spec, now: ${JSON.stringify(NOW)} }), { rootDir: ${JSON.stringify(root)} })
      console.log(JSON.stringify({ ok: w }))
    } catch (e) {
      console.log(JSON.stringify({ name: e.name, code: e.code, path: e.path, message: e.message }))
    }`
  const opts = { encoding: 'utf8', ...(uid === undefined ? {} : { uid, gid: uid }) }
  const child = shell
    ? spawnSync('sh', ['-c', `${shell} exec "$0" -e "$1"`, process.execPath, script], opts)
    : spawnSync(process.execPath, ['-e', script], opts)
  assert.equal(child.status, 0, child.stderr)
  return JSON.parse(child.stdout.trim().split('\n').pop())
}

test('a read-only migrations folder: WRITE_FAILED naming it, nothing written', (t) => {
  if (process.platform === 'win32') return t.skip('POSIX permissions only')
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  fs.chmodSync(mig, 0o555)
  let out
  if (process.getuid() === 0) {
    // root ignores permissions: write as an unprivileged user instead (who can read the repo).
    for (const d of [root, path.join(root, 'database')]) fs.chmodSync(d, 0o777)
    out = writeInChild(root, { uid: 65534 })
  } else {
    try {
      writeMigrationFiles(generate('create_orders_table'), { rootDir: root })
      out = { ok: true }
    } catch (e) {
      out = e
    }
  }
  fs.chmodSync(mig, 0o755)
  assert.equal(out.code, 'WRITE_FAILED', JSON.stringify(out))
  assert.equal(out.name, 'MigrationGeneratorError')
  assert.ok(out.path.startsWith(mig), out.path)
  assert.match(out.message, /permission denied|read-only/)
  // The folder, not the writer's hidden claim file (a user trial), and what to do.
  assert.doesNotMatch(out.message, /claim|\/\./, out.message)
  assert.equal(out.path, mig)
  assert.equal(out.message, `cannot write in the folder ${mig}: permission denied (EACCES); check that this user may write there (the owner and permissions of the folder and of the folders above it), or choose another folder`)
  assert.deepEqual(filesUnder(root), [], 'no migration, no temporary file, no type file')
  assert.deepEqual(dirsUnder(root), ['database', path.join('database', 'migrations')])
})

test('a read-only types folder: the migration already staged is removed again', (t) => {
  if (process.platform === 'win32') return t.skip('POSIX permissions only')
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  fs.chmodSync(typesDir, 0o555)
  for (const d of [root, path.join(root, 'types'), path.join(root, 'types', 'generated')]) fs.chmodSync(d, 0o777)
  const out = process.getuid() === 0 ? writeInChild(root, { uid: 65534 }) : writeInChild(root)
  fs.chmodSync(typesDir, 0o755)
  assert.equal(out.code, 'WRITE_FAILED', JSON.stringify(out))
  assert.ok(out.path.startsWith(typesDir), out.path)
  assert.doesNotMatch(out.message, /\/\./, 'no hidden file of the writer is named')
  assert.match(out.message, /permission denied \(EACCES\); check that this user may write (there|in the folder .*db) \(the owner and permissions of the folder and of the folders above it\), or choose another folder$/)
  assert.deepEqual(filesUnder(root), [])
  assert.deepEqual(dirsUnder(root), ['types', path.join('types', 'generated'), path.join('types', 'generated', 'db')], 'database/ created by the call was removed again')
})

test('WRITE_FAILED names the folder for a hidden file of the writer (a claim, the types lock, a temporary file) and says what to do by the error', () => {
  const { writeFailed } = require('../lib/files.js')
  const dir = path.join(os.tmpdir(), 'some', 'ro')
  const error = (code) => Object.assign(new Error(code), { code })
  const claim = writeFailed(path.join(dir, '.20261205090000.migration-timestamp-claim'), error('EACCES'))
  assert.ok(claim instanceof MigrationGeneratorError)
  assert.equal(claim.code, 'WRITE_FAILED')
  assert.equal(claim.path, dir)
  assert.equal(claim.message, `cannot write in the folder ${dir}: permission denied (EACCES); check that this user may write there (the owner and permissions of the folder and of the folders above it), or choose another folder`)
  assert.equal(claim.cause.code, 'EACCES')
  const lock = writeFailed(path.join(dir, '.migration-types.lock'), error('EPERM'))
  assert.equal(lock.path, dir)
  assert.match(lock.message, /^cannot write in the folder .*ro: permission denied \(EPERM\); check that this user may write there/)
  // A file the user asked for is still named, with the folder in the fix.
  const file = path.join(dir, '20261205090000_users.sql')
  const named = writeFailed(file, error('EACCES'))
  assert.equal(named.path, file)
  assert.equal(named.message, `cannot write ${file}: permission denied (EACCES); check that this user may write in the folder ${dir} (the owner and permissions of the folder and of the folders above it), or choose another folder`)
  assert.match(writeFailed(file, error('EROFS')).message, /the file system is read-only \(EROFS\); choose another folder, on a file system that can be written$/)
  assert.match(writeFailed(file, error('ENOTDIR')).message, /is a file, not a folder \(ENOTDIR\); move the file that is in the way, or choose another folder$/)
  assert.match(writeFailed(file, error('ENOSPC')).message, /the disk is full \(ENOSPC\); free some space, then write again$/)
  assert.equal(writeFailed(file, error('EIO')).message, `cannot write ${file}: EIO (EIO)`)
})

test('a write cut short (file size limit, as on a full disk) leaves no partial file', (t) => {
  if (process.platform === 'win32') return t.skip('needs a POSIX shell for ulimit')
  const root = tmpRoot()
  // 1 block of 512 bytes: the migration file (several KB) fails half-way with EFBIG.
  const out = writeInChild(root, { shell: 'ulimit -f 1 &&' })
  assert.equal(out.code, 'WRITE_FAILED', JSON.stringify(out))
  assert.match(out.message, /larger than the system allows|EFBIG/)
  assert.deepEqual(filesUnder(root), [], 'the half-written temporary file was removed')
  assert.deepEqual(dirsUnder(root), [])
})

test('two table files exporting the same type name: TYPE_NAME_CONFLICT before anything is written', () => {
  const root = tmpRoot()
  const r = generate('create_orders_table')
  const clash = { ...r, tableTypes: [r.tableTypes[0], { ...r.tableTypes[1], table: 'orders_copy' }] }
  clash.tableTypes[1] = { ...clash.tableTypes[1], source: r.tableTypes[0].source, interfaceName: r.tableTypes[0].interfaceName }
  assertThrowsCode(() => writeMigrationFiles(clash, { rootDir: root }), 'TYPE_NAME_CONFLICT', 'orders')
  assert.deepEqual(fs.readdirSync(root), [])
})

test('a later migration\'s table named like an earlier one\'s insert type (user_inserts after users) writes beside it without a clash', () => {
  const root = tmpRoot()
  const table = (name) => ({ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] })
  const spec = (description, name) => ({ description, databaseType: 'postgresql', generateTypes: true, now: NOW, tables: [table(name)] })
  writeMigrationFiles(generateMigration(spec('create_users', 'users')), { rootDir: root })
  const second = generateMigration({ ...spec('create_user_inserts', 'user_inserts'), now: '2026-02-09T12:00:01Z' })
  assert.equal(second.tableTypes[0].interfaceName, 'UserInsertRow')
  writeMigrationFiles(second, { rootDir: root })
  const index = fs.readFileSync(path.join(root, 'types/generated/db/index.d.ts'), 'utf8')
  assert.match(index, /\n {2}user_inserts: Kysely_Table<UserInsertRow, UserInsertRowInsert, UserInsertRowUpdate>\n {2}users: Kysely_Table<User, UserInsert, UserUpdate>\n/)
  assert.match(fs.readFileSync(path.join(root, 'types/generated/db/users.d.ts'), 'utf8'), /export interface UserInsert \{/)
})

test('index.d.ts helper type names are reserved: a table type named so is TYPE_NAME_CONFLICT', () => {
  const root = tmpRoot()
  const r = generate('create_users_table')
  const users = r.tableTypes[0]
  for (const name of ['Kysely_Table', 'Kysely_Column', 'Kysely_Pick', 'Kysely_Exclude']) {
    const renamed = { ...users, interfaceName: name, source: users.source.split(`interface ${users.interfaceName}`).join(`interface ${name}`) }
    assertThrowsCode(() => writeMigrationFiles({ ...r, tableTypes: [renamed] }, { rootDir: root }), 'TYPE_NAME_CONFLICT', 'users.d.ts')
  }
  assert.deepEqual(fs.readdirSync(root), [])
})

test('a table file from an older version without insert and update interfaces: its row type stands in', () => {
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  fs.writeFileSync(path.join(typesDir, 'tags.d.ts'), '// Generated by migration-generator from 001_tags.sql. Do not edit by hand.\n// Table: tags, row interface: Tag\n\nexport interface Tag {\n  name: string;\n}\n')
  writeMigrationFiles(generate('create_users_table'), { rootDir: root })
  const index = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
  assert.match(index, /^import type \{ Tag \} from '\.\/tags\.js'$/m)
  assert.match(index, /export interface Database \{\n {2}tags: Kysely_Table<Tag, Tag, Tag>\n {2}users: Kysely_Table<User, UserInsert, UserUpdate>\n\}/)
})

test('index.d.ts names the driver settings of each dialect its table files are for; table files name their dialect', () => {
  const table = (name) => ({ name, columns: [{ name: 'id', type: 'BIGINT', nullable: false, autoIncrement: true }] })
  const write = (root, databaseType, name = 'users') =>
    writeTypeFiles(generateMigration({ description: 'd', databaseType, generateTypes: true, now: NOW, tables: [table(name)] }), { rootDir: root })
  const read = (root, file) => fs.readFileSync(path.join(root, 'types', 'generated', 'db', file), 'utf8')
  const PG = "// PostgreSQL: these are the types pg returns with `types: pgTypes(pg.types)`, and PGlite with\n// `parsers: pgliteParsers()` (migration-generator's driver settings; by default BIGINT, NUMERIC\n// and the dates differ).\n"
  const MYSQL = "// MySQL: these are the types mysql2 returns with `...mysql2Options()` in its connection options\n// (migration-generator's driver settings; by default BOOLEAN, DECIMAL and the dates differ).\n"
  const HEADER = '// Generated by migration-generator. Do not edit by hand.\n// Every generated table type, and `Database` (table name -> table type) for Kysely:\n// `new Kysely<Database>({ dialect })`. Selecting gives the row interface, inserting takes\n// the insert interface, updating the update interface.\n'
  for (const [databaseType, settings] of [['postgresql', PG], ['mysql', MYSQL], ['sqlite', '']]) {
    const root = tmpRoot()
    write(root, databaseType)
    assert.ok(read(root, 'index.d.ts').startsWith(`${HEADER}${settings}\nimport type`), `${databaseType}:\n${read(root, 'index.d.ts')}`)
    const note = settings ? ' (with the driver settings index.d.ts names)' : ''
    assert.match(read(root, 'users.d.ts'), new RegExp(`^// Generated by [^\\n]*\\n// Table: users, row interface: User\\n// Database: ${databaseType}${note.replace(/[().]/g, '\\$&')}\\n\\n`))
  }
  // A folder of both (and of a table file from before the line, which names no dialect).
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  fs.writeFileSync(path.join(typesDir, 'tags.d.ts'), '// Generated by migration-generator from 001_tags.sql. Do not edit by hand.\n// Table: tags, row interface: Tag\n\nexport interface Tag {\n  name: string;\n}\n')
  write(root, 'sqlite', 'notes')
  assert.ok(read(root, 'index.d.ts').startsWith(`${HEADER}\nimport type`), read(root, 'index.d.ts'))
  write(root, 'mysql', 'posts')
  write(root, 'postgresql', 'users')
  assert.ok(read(root, 'index.d.ts').startsWith(`${HEADER}${PG}${MYSQL}\nimport type`), read(root, 'index.d.ts'))
})

test('a table file from an older version whose interfaces are named Pick: index.d.ts still compiles under tsc --strict', () => {
  // Versions before the Row suffix for globals wrote `interface Pick` for a table `picks`;
  // index.d.ts imports it, so its helpers use Pick and Exclude under names of their own.
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  const old = (name) => `export interface ${name} {\n  id?: number;\n  label?: string;\n}\n`
  fs.writeFileSync(path.join(typesDir, 'picks.d.ts'), `// Generated by migration-generator from 001_picks.sql. Do not edit by hand.\n// Table: picks, row interface: Pick\n\nexport interface Pick {\n  id: number;\n  label: string;\n}\n${old('PickInsert')}${old('PickUpdate')}`)
  fs.writeFileSync(path.join(typesDir, 'excludes.d.ts'), `// Generated by migration-generator from 001_excludes.sql. Do not edit by hand.\n// Table: excludes, row interface: Exclude\n\nexport interface Exclude {\n  id: number;\n}\n`)
  writeMigrationFiles(generate('create_users_table'), { rootDir: root })
  const index = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
  assert.match(index, /^import type \{ Pick, PickInsert, PickUpdate \} from '\.\/picks\.js'$/m)
  assert.match(index, /^import type \{ Exclude \} from '\.\/excludes\.js'$/m)
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc')
  const r = spawnSync(process.execPath, [tsc, '--strict', '--noEmit', '--types', 'node', '--typeRoots', path.join(repo, 'node_modules', '@types'), path.join(typesDir, 'index.d.ts')], { encoding: 'utf8', cwd: root })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})

test('the written Database works with the real kysely package: select gives rows, insert needs only the required columns', () => {
  const root = tmpRoot()
  // An earlier migration (a TEXT key, no defaults), then one with an auto-increment key, a
  // default, a nullable column and the automatic created_at/updated_at (spec default).
  const authors = generateMigration({
    description: 'create_authors',
    databaseType: 'sqlite',
    generateTypes: true,
    now: '2026-02-08T12:00:00Z',
    tables: [{ name: 'authors', columns: [{ name: 'id', type: 'TEXT', nullable: false }, { name: 'name', type: 'TEXT', nullable: false }], primaryKey: ['id'] }],
  })
  assert.equal(authors.validation.valid, true, JSON.stringify(authors.validation.errors))
  writeMigrationFiles(authors, { rootDir: root })
  const posts = generateMigration({
    description: 'create_posts',
    databaseType: 'sqlite',
    generateTypes: true,
    now: NOW,
    tables: [{
      name: 'posts',
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
        { name: 'title', type: 'TEXT', nullable: false },
        { name: 'views', type: 'INTEGER', nullable: false, default: 0 },
        { name: 'body', type: 'TEXT', nullable: true },
      ],
    }],
  })
  assert.equal(posts.validation.valid, true, JSON.stringify(posts.validation.errors))
  writeMigrationFiles(posts, { rootDir: root })
  const postTypes = fs.readFileSync(path.join(root, 'types', 'generated', 'db', 'posts.d.ts'), 'utf8')
  assert.match(postTypes, /^ {2}created_at: string;$/m, 'the spec default adds the automatic timestamps')
  assert.doesNotMatch(/export interface PostInsert \{[^}]*\}/.exec(postTypes)[0], /created_at|updated_at/, 'and leaves them out of the insert interface')

  fs.writeFileSync(path.join(root, 'consumer.ts'), `
import { Kysely, type Selectable } from 'kysely'
import type { Author, Database, Post, PostInsert, PostUpdate } from './types/generated/db/index.js'

declare const db: Kysely<Database>
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
export function isTrue<T extends true>(): T | undefined {
  return undefined
}
isTrue<Equals<Selectable<Database['posts']>, Post>>()
isTrue<Equals<Selectable<Database['authors']>, Author>>()

export async function queries(insert: PostInsert, update: PostUpdate): Promise<void> {
  const rows: Post[] = await db.selectFrom('posts').selectAll().execute()
  const kept: Author[] = await db.selectFrom('authors').selectAll().execute()
  const some: { title: string; body: string | null }[] = await db.selectFrom('posts').select(['title', 'body']).execute()
  void [rows, kept, some]
  // Only the required column: id (auto-increment), views (default), body (nullable) and the
  // timestamps (automatic) may be left out.
  await db.insertInto('posts').values({ title: 'Hello' }).execute()
  await db.insertInto('posts').values({ id: 7, title: 'Hello', views: 2, body: null, created_at: '2026-01-01 00:00:00', updated_at: '2026-01-01 00:00:00' }).execute()
  await db.insertInto('posts').values(insert).execute()
  await db.insertInto('authors').values({ id: 'a1', name: 'Ann' }).execute()
  // @ts-expect-error: title is required
  await db.insertInto('posts').values({ views: 1 }).execute()
  // @ts-expect-error: name is required (table from the earlier migration)
  await db.insertInto('authors').values({ id: 'a1' }).execute()
  // @ts-expect-error: views is a number
  await db.insertInto('posts').values({ title: 'Hello', views: 'many' }).execute()
  // @ts-expect-error: title is NOT NULL
  await db.insertInto('posts').values({ title: null }).execute()
  await db.updateTable('posts').set({ views: 3 }).where('id', '=', 7).execute()
  await db.updateTable('posts').set(update).execute()
  await db.updateTable('authors').set({ name: 'Bob' }).where('id', '=', 'a1').execute()
  // @ts-expect-error: views is a number
  await db.updateTable('posts').set({ views: 'x' }).execute()
  // @ts-expect-error: no such table
  db.selectFrom('comments')
}
`)
  // The consumer imports the real kysely (a devDependency) from the temporary folder.
  fs.mkdirSync(path.join(root, 'node_modules'))
  fs.symlinkSync(path.join(repo, 'node_modules', 'kysely'), path.join(root, 'node_modules', 'kysely'), 'junction')
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc')
  // NodeNext is the strictest resolution about file extensions ('./users.js' -> users.d.ts);
  // bundler and node10 resolve the same specifiers.
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: [], skipLibCheck: false },
    include: ['consumer.ts', 'types/**/*.d.ts'],
  }))
  const r = spawnSync(process.execPath, [tsc, '-p', root], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})

test('PostgreSQL JSON columns: the insert and update types take an object or the JSON text (JSON.stringify of an array, as the README says), not an array pg would send as a PostgreSQL array', () => {
  const root = tmpRoot()
  const result = generateMigration({
    description: 'create_accounts',
    databaseType: 'postgresql',
    generateTypes: true,
    now: NOW,
    tables: [{
      name: 'accounts',
      timestamps: false,
      columns: [
        { name: 'id', type: 'BIGINT', nullable: false, autoIncrement: true },
        { name: 'fields', type: 'JSONB', nullable: false },
      ],
    }],
  })
  assert.equal(result.validation.valid, true, JSON.stringify(result.validation.errors))
  writeMigrationFiles(result, { rootDir: root })
  fs.writeFileSync(path.join(root, 'consumer.ts'), `
import { Kysely } from 'kysely'
import type { Database } from './types/generated/db/index.js'

declare const db: Kysely<Database>
export async function queries(): Promise<void> {
  await db.insertInto('accounts').values({ fields: { name: 'a', value: 'b' } }).execute()
  await db.insertInto('accounts').values({ fields: JSON.stringify([{ name: 'a', value: 'b' }]) }).execute()
  await db.updateTable('accounts').set({ fields: JSON.stringify([]) }).execute()
  // @ts-expect-error: pg sends an array as a PostgreSQL array literal, which a jsonb column refuses
  await db.insertInto('accounts').values({ fields: [{ name: 'a' }] }).execute()
}
`)
  fs.mkdirSync(path.join(root, 'node_modules'))
  fs.symlinkSync(path.join(repo, 'node_modules', 'kysely'), path.join(root, 'node_modules', 'kysely'), 'junction')
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: [], skipLibCheck: false },
    include: ['consumer.ts', 'types/**/*.d.ts'],
  }))
  const r = spawnSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})

/** `ReturnType` -> `return_type`. */
const snakeCase = (name) => name.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase()

test('tables named after TypeScript globals (picks, excludes, records, ...): the written types compile under tsc --strict', () => {
  // index.d.ts imports every table's interfaces and its Kysely helper uses Pick and Exclude;
  // a table file uses Buffer (BLOB) and Record (JSON). `picks` used to declare `interface Pick`,
  // and tsc said "Type 'Pick' is not generic".
  const globals = [
    'Pick', 'Exclude', 'Omit', 'Partial', 'Required', 'Readonly', 'Record', 'Extract', 'NonNullable',
    'Parameters', 'ReturnType', 'InstanceType', 'Awaited', 'Uppercase', 'Lowercase', 'Capitalize',
    'Uncapitalize', 'Array', 'Promise', 'Map', 'Set', 'Date', 'Buffer', 'Object', 'String', 'Number',
    'Boolean', 'Symbol', 'Function', 'Error', 'JSON', 'Math', 'RegExp', 'Database', 'Uint8Array',
  ]
  const columns = [
    { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
    { name: 'payload', type: 'JSON', nullable: true },
    { name: 'bytes', type: 'BLOB', nullable: true },
    { name: 'label', type: 'TEXT', nullable: false },
  ]
  // PostgreSQL, whose JSON rows are Record (SQLite's are the JSON text).
  const spec = (tables) => ({ description: 'create_global_named_tables', databaseType: 'postgresql', generateTypes: true, timestamps: false, now: NOW, tables: tables.map((name) => ({ name, columns })) })
  // Singular and plural table names; a singular that is a reserved word in PostgreSQL is left out.
  const tables = []
  for (const g of globals) {
    const singular = snakeCase(g)
    tables.push(`${singular}s`)
    const alone = generateMigration(spec([singular]))
    if (alone.validation.valid) tables.push(singular)
    else assert.deepEqual(alone.validation.errors.map((e) => e.code), ['RESERVED_KEYWORD'], singular)
  }
  const r = generateMigration(spec(tables))
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  const root = tmpRoot()
  writeMigrationFiles(r, { rootDir: root })
  const typesDir = path.join(root, 'types', 'generated', 'db')
  // A consumer that uses the Database's tables, so tsc works out every Kysely_Table.
  fs.writeFileSync(path.join(root, 'consumer.ts'), `import type { Database, PickRow } from './types/generated/db/index.js'
type Selected<T> = { [K in keyof T]: T[K] extends { readonly __select__: infer S } ? S : never }
export const row: Selected<Database['picks']> = { id: 1, payload: { a: 1 }, bytes: null, label: 'x' }
export const same: PickRow = row
export const key: Pick<PickRow, 'id'> = { id: 1 }
export const other: Exclude<'a' | 'b', 'a'> = 'b'
`)
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc')
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: ['node'], typeRoots: [path.join(repo, 'node_modules', '@types')], skipLibCheck: false },
    include: ['consumer.ts', 'types/**/*.d.ts'],
  }))
  const r1 = spawnSync(process.execPath, [tsc, '-p', root], { encoding: 'utf8' })
  assert.equal(r1.status, 0, r1.stdout + r1.stderr)
  // The index file on its own, as a user would check it.
  const r2 = spawnSync(process.execPath, [tsc, '--strict', '--noEmit', '--types', 'node', '--typeRoots', path.join(repo, 'node_modules', '@types'), path.join(typesDir, 'index.d.ts')], { encoding: 'utf8', cwd: root })
  assert.equal(r2.status, 0, r2.stdout + r2.stderr)
  const index = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
  assert.match(index, /^import type \{ PickRow, PickRowInsert, PickRowUpdate \} from '\.\/picks\.js'$/m)
  for (const g of globals) {
    assert.doesNotMatch(index, new RegExp(`[{,] ${g}(Insert|Update)?(,| \\})`), `index.d.ts imports no interface named ${g}`)
  }
})

test('a table named index: its types go to index.table.d.ts beside index.d.ts, which imports them, and tsc takes both', () => {
  const columns = [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'word', type: 'TEXT', nullable: false }]
  const spec = (tables, now) => ({ description: 'create_index_tables', databaseType: 'postgresql', generateTypes: true, timestamps: false, now, tables: tables.map((name) => ({ name, columns })) })
  const r = generateMigration(spec(['index', 'index_table'], NOW))
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  const root = tmpRoot()
  const written = writeMigrationFiles(r, { rootDir: root })
  const typesDir = path.join(root, 'types', 'generated', 'db')
  assert.deepEqual(written.typePaths.map((p) => path.basename(p)), ['index.table.d.ts', 'index_table.d.ts', 'index.d.ts'])
  const index = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
  assert.match(index, /^export \* from '\.\/index\.table\.js'$/m)
  assert.match(index, /^ {2}index: Kysely_Table<Index, IndexInsert, IndexUpdate>$/m)
  // Another migration later: the table file is found again and kept in index.d.ts.
  const later = generateMigration({ ...spec(['words'], '2026-02-10T12:00:00Z') })
  writeMigrationFiles(later, { rootDir: root })
  const again = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
  assert.match(again, /^export \* from '\.\/index\.table\.js'$/m)
  assert.match(again, /^export \* from '\.\/words\.js'$/m)
  fs.writeFileSync(path.join(root, 'consumer.ts'), `import type { Database, Index } from './types/generated/db/index.js'
type Selected<T> = { [K in keyof T]: T[K] extends { readonly __select__: infer S } ? S : never }
export const row: Selected<Database['index']> = { id: 1, word: 'x' }
export const same: Index = row
`)
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: ['node'], typeRoots: [path.join(repo, 'node_modules', '@types')], skipLibCheck: false },
    include: ['consumer.ts', 'types/**/*.d.ts'],
  }))
  const tsc = spawnSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { encoding: 'utf8' })
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr)
})

test('a type file that cannot be replaced: earlier type files are restored and the migration removed', () => {
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  fs.writeFileSync(path.join(typesDir, 'orders.d.ts'), '// Generated by migration-generator (the previous orders types)\n')
  fs.writeFileSync(path.join(typesDir, 'index.d.ts'), '// Generated by migration-generator (the previous index)\n')
  // users.d.ts is a folder: renaming the new file onto it fails after orders.d.ts was replaced.
  fs.mkdirSync(path.join(typesDir, 'users.d.ts'))
  assertThrowsCode(() => writeMigrationFiles(generate('create_orders_table'), { rootDir: root }), 'WRITE_FAILED', 'users.d.ts')
  assert.equal(fs.readFileSync(path.join(typesDir, 'orders.d.ts'), 'utf8'), '// Generated by migration-generator (the previous orders types)\n')
  assert.equal(fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8'), '// Generated by migration-generator (the previous index)\n')
  assert.deepEqual(filesUnder(root), [path.join('types', 'generated', 'db', 'index.d.ts'), path.join('types', 'generated', 'db', 'orders.d.ts')], 'no migration, no temporary or backup file')
  assert.deepEqual(dirsUnder(root), ['types', path.join('types', 'generated'), path.join('types', 'generated', 'db'), path.join('types', 'generated', 'db', 'users.d.ts')])
})

/**
 * Starts one writer process per table (support/concurrent-writer.cjs), waits until every one is
 * ready, releases them all at once and resolves to what each printed. A writer is a table name
 * (description `add_{table}`, numbered), or the script's arguments after ROOT as an array.
 */
async function writeConcurrently(root, writers) {
  const script = path.join(repo, '__test__', 'support', 'concurrent-writer.cjs')
  const children = writers.map((writer) => {
    const args = Array.isArray(writer) ? writer : [`add_${writer}`, writer]
    const child = spawn(process.execPath, [script, root, ...args.map(String)], { stdio: ['pipe', 'pipe', 'pipe'] })
    const state = { child, out: '', err: '' }
    state.ready = new Promise((resolve) => {
      child.stdout.on('data', (chunk) => {
        state.out += chunk
        if (state.out.startsWith('ready\n')) resolve()
      })
    })
    child.stderr.on('data', (chunk) => {
      state.err += chunk
    })
    state.exited = new Promise((resolve) => child.on('close', resolve))
    return state
  })
  // A writer that dies before it is ready must not leave the test waiting forever.
  await Promise.race([Promise.all(children.map((c) => c.ready)), Promise.all(children.map((c) => c.exited))])
  for (const c of children) c.child.stdin.end('go\n')
  const codes = await Promise.all(children.map((c) => c.exited))
  return children.map((c, i) => {
    assert.equal(codes[i], 0, c.err)
    return JSON.parse(c.out.trim().split('\n').pop())
  })
}

test('numbered: writers in several processes at the same moment get distinct numbers and a complete index.d.ts', async () => {
  const tables = Array.from({ length: 8 }, (_, i) => `table_${i + 1}`)
  for (let round = 0; round < 5; round++) {
    const root = tmpRoot()
    const outs = await writeConcurrently(root, tables)
    const mig = path.join(root, 'database', 'migrations')
    const typesDir = path.join(root, 'types', 'generated', 'db')
    for (const o of outs) assert.ok(o.ok, `round ${round}: ${JSON.stringify(o)}`)
    const names = fs.readdirSync(mig).sort()
    assert.deepEqual(names.map((n) => n.slice(0, 3)), ['001', '002', '003', '004', '005', '006', '007', '008'], `round ${round}: one file per number, no duplicate: ${names.join(', ')}`)
    assert.deepEqual(outs.map((o) => o.ok.filename).sort(), names, 'each writer reports the file it placed')
    for (const [i, o] of outs.entries()) {
      const { filename } = o.ok
      assert.equal(filename.slice(4), `add_${tables[i]}.sql`)
      assert.equal(/^-- Migration: (.*)$/m.exec(fs.readFileSync(path.join(mig, filename), 'utf8'))[1], filename.slice(0, 3), `the header of ${filename} names its number`)
      assert.match(fs.readFileSync(path.join(typesDir, `${tables[i]}.d.ts`), 'utf8'), new RegExp(`Generated from migration: ${filename.replace('.', '\\.')}`))
    }
    const index = fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8')
    const listed = /export interface Database \{\n([^}]*)\}/.exec(index)[1].trim().split('\n').map((l) => l.trim().split(':')[0])
    assert.deepEqual(listed, tables, `round ${round}: index.d.ts lists every table`)
    assert.deepEqual(fs.readdirSync(typesDir).sort(), ['index.d.ts', ...tables.map((t) => `${t}.d.ts`)], 'no temporary or backup file left')
    assert.deepEqual(filesUnder(root).filter((f) => path.basename(f).startsWith('.')), [], 'no claim or temporary file left')
  }
})

test('numbered: a claim left by a crashed writer does not block; its number is skipped, and a dry run claims nothing', () => {
  const { planMigrationFiles } = require('../lib/files.js')
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  fs.writeFileSync(path.join(mig, '001_init.sql'), '')
  // Crashed after placing 001 (its claim stays), and after claiming 2 (no file).
  fs.writeFileSync(path.join(mig, '.1.migration-number-claim'), '')
  fs.writeFileSync(path.join(mig, '.2.migration-number-claim'), '')
  const before = filesUnder(root)
  const r = generate('create_orders_table', { fileFormat: 'numbered' })
  const plan = planMigrationFiles(r, { rootDir: root })
  assert.equal(plan.filename, '003_create_orders_table.sql', 'the dry run skips the claimed number too')
  assert.deepEqual(filesUnder(root), before, 'planning creates no claim (nor anything else)')

  const written = writeMigrationFiles(r, { rootDir: root })
  assert.equal(written.filename, '003_create_orders_table.sql')
  assert.match(fs.readFileSync(written.migrationPath, 'utf8'), /^-- Migration: 003\n/)
  assert.match(fs.readFileSync(path.join(root, 'types/generated/db/orders.d.ts'), 'utf8'), /Generated from migration: 003_create_orders_table\.sql/)
  assert.equal(writeMigrationFiles(generate('create_orders_table', { fileFormat: 'numbered', description: 'second' }), { rootDir: root }).filename, '004_second.sql')
  assert.deepEqual(fs.readdirSync(mig).sort(), ['.1.migration-number-claim', '.2.migration-number-claim', '001_init.sql', '003_create_orders_table.sql', '004_second.sql'], 'only the crashed claims are left (never removed by another writer)')
})

test('numbered: a write that fails after claiming its number releases the claim and removes what it made', () => {
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  // users.d.ts is a folder: the write fails after the migration was placed.
  fs.mkdirSync(path.join(typesDir, 'users.d.ts'), { recursive: true })
  const r = generate('create_orders_table', { fileFormat: 'numbered' })
  assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'WRITE_FAILED', 'users.d.ts')
  assert.deepEqual(filesUnder(root), [], 'no migration, no claim, no type file')
  assert.deepEqual(dirsUnder(root), ['types', path.join('types', 'generated'), path.join('types', 'generated', 'db'), path.join('types', 'generated', 'db', 'users.d.ts')], 'database/migrations, created by the call, was removed again')
  fs.rmdirSync(path.join(typesDir, 'users.d.ts'))
  assert.equal(writeMigrationFiles(r, { rootDir: root }).filename, '001_create_orders_table.sql', 'the number is free again')
  assert.deepEqual(fs.readdirSync(path.join(root, 'database', 'migrations')), ['001_create_orders_table.sql'])
})

test('index.d.ts that cannot be written (a folder in the way): the migration and the table files are removed again', () => {
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(path.join(typesDir, 'index.d.ts'), { recursive: true })
  fs.writeFileSync(path.join(typesDir, 'orders.d.ts'), '// Generated by migration-generator (the previous orders types)\n')
  assertThrowsCode(() => writeMigrationFiles(generate('create_orders_table', { fileFormat: 'numbered' }), { rootDir: root }), 'WRITE_FAILED', 'index.d.ts')
  assert.equal(fs.readFileSync(path.join(typesDir, 'orders.d.ts'), 'utf8'), '// Generated by migration-generator (the previous orders types)\n')
  assert.deepEqual(filesUnder(root), [path.join('types', 'generated', 'db', 'orders.d.ts')], 'no migration, claim, temporary or backup file, and no users.d.ts')
  assert.deepEqual(dirsUnder(root), ['types', path.join('types', 'generated'), path.join('types', 'generated', 'db'), path.join('types', 'generated', 'db', 'index.d.ts')])
})

/** A migration creating one small table, with types (timestamp name). */
function oneTable(name, description) {
  const r = generateMigration({ description, databaseType: 'sqlite', now: NOW, generateTypes: true, tables: [{ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  return r
}

/** The tables `index.d.ts` in `typesDir` lists in `Database`, in order. */
function databaseTables(typesDir) {
  const body = /export interface Database \{\n?([^}]*)\}/.exec(fs.readFileSync(path.join(typesDir, 'index.d.ts'), 'utf8'))[1].trim()
  return body === '' ? [] : body.split('\n').map((l) => l.trim().split(':')[0])
}

test('concurrent writers of clashing tables (users and user both export User): the types folder holds exactly the winners\' files', async () => {
  // Four writers of `users` and two of `user` (timestamp names, each its own), released at once,
  // into a project that has an `orders` table already. Whoever places its table first wins;
  // the others get TYPE_NAME_CONFLICT and leave nothing behind: no type file, no migration,
  // nothing removed or put back over a winner's file.
  const writers = [['users', 'u1'], ['user', 'x1'], ['users', 'u2'], ['users', 'u3'], ['user', 'x2'], ['users', 'u4']]
  const winners = new Set()
  for (let round = 0; round < 4; round++) {
    const root = tmpRoot()
    const mig = path.join(root, 'database', 'migrations')
    const typesDir = path.join(root, 'types', 'generated', 'db')
    const orders = writeMigrationFiles(oneTable('orders', 'add_orders'), { rootDir: root })
    const before = fs.readdirSync(typesDir).sort()
    assert.deepEqual(before, ['index.d.ts', 'orders.d.ts'])
    const outs = await writeConcurrently(root, writers.map(([table, d]) => [`add_${table}_${d}`, table, 'timestamp']))
    const at = (i) => `round ${round}, writer ${writers[i].join(' ')}: ${JSON.stringify(outs[i])}`
    const won = outs.map((o, i) => ({ o, table: writers[i][0] })).filter(({ o }) => o.ok)
    for (const [i, o] of outs.entries()) assert.ok(o.ok || o.error.code === 'TYPE_NAME_CONFLICT', at(i))
    assert.ok(won.length > 0, `round ${round}: someone wins`)
    const table = won[0].table
    winners.add(table)
    assert.ok(won.every((w) => w.table === table), `round ${round}: users and user cannot both succeed: ${JSON.stringify(outs)}`)
    for (const [i, o] of outs.entries()) if (writers[i][0] === table) assert.ok(o.ok, `every writer of the winning table succeeds: ${at(i)}`)

    // The migrations folder holds exactly the winners' migrations (and the orders one).
    assert.deepEqual(fs.readdirSync(mig).sort(), [orders.filename, ...won.map((w) => w.o.ok.filename)].sort(), `round ${round}`)
    // The types folder holds exactly the earlier files and the winning table's, nothing hidden.
    assert.deepEqual(fs.readdirSync(typesDir).sort(), [...before, `${table}.d.ts`].sort(), `round ${round}: ${JSON.stringify(outs)}`)
    // The winning table file is one of the winners' (the last to place it), naming its migration.
    const text = fs.readFileSync(path.join(typesDir, `${table}.d.ts`), 'utf8')
    const from = /^\/\/ Generated by migration-generator from (\S+)\. Do not edit by hand\.$/m.exec(text)
    assert.ok(from && won.some((w) => w.o.ok.filename === from[1]), `round ${round}: ${table}.d.ts comes from a writer that succeeded: ${text.slice(0, 200)}`)
    assert.match(text, new RegExp(`Generated from migration: ${from[1].replace(/\./g, '\\.')}`))
    for (const w of won) assert.ok(w.o.ok.typePaths.every((p) => fs.existsSync(p)), `round ${round}: every path reported is there`)
    // index.d.ts lists exactly the table files present, and the folder is not wedged: another
    // writer of an unrelated table succeeds.
    assert.deepEqual(databaseTables(typesDir), ['orders', table].sort())
    const later = writeMigrationFiles(oneTable('tags', 'add_tags'), { rootDir: root })
    assert.ok(fs.existsSync(later.migrationPath))
    assert.deepEqual(databaseTables(typesDir), ['orders', table, 'tags'].sort())
    assert.deepEqual(filesUnder(root).filter((f) => path.basename(f).startsWith('.')), [], 'no lock, temporary or backup file left')
  }
})

test('numbered: writers in several processes, each writing the same description many times (generated a second apart), never get FILE_EXISTS and take distinct numbers', async () => {
  const root = tmpRoot()
  const writers = 4
  const calls = 50
  const outs = await writeConcurrently(root, Array.from({ length: writers }, (_, i) => ['same', `t_${i + 1}`, 'numbered', calls]))
  const results = outs.flatMap((o) => o.calls)
  for (const r of results) assert.ok(r.ok, JSON.stringify(r))
  const names = fs.readdirSync(path.join(root, 'database', 'migrations')).sort()
  assert.deepEqual(names, results.map((r) => r.ok.filename).sort(), 'each call placed its own file')
  assert.deepEqual(names.map((n) => n.slice(0, 3)), Array.from({ length: writers * calls }, (_, i) => String(i + 1).padStart(3, '0')), 'distinct numbers, no gap')
  const typesDir = path.join(root, 'types', 'generated', 'db')
  assert.deepEqual(databaseTables(typesDir), Array.from({ length: writers }, (_, i) => `t_${i + 1}`))
  assert.deepEqual(filesUnder(root).filter((f) => path.basename(f).startsWith('.')), [], 'no claim, lock, temporary or backup file left')
})

test('timestamped: command-line processes and worker threads writing at the same second get distinct timestamps; headers and types name them', async () => {
  const { Worker } = await import('node:worker_threads')
  const bin = path.join(repo, 'bin', 'migration-generator.js')
  const mig = (root) => path.join(root, 'database', 'migrations')
  for (let round = 0; round < 3; round++) {
    const root = tmpRoot()
    // Eight `generate … --now` at once (the user trial), each its own table and description.
    const cli = Array.from({ length: 8 }, (_, i) => {
      const spec = path.join(root, `${i}.json`)
      fs.writeFileSync(spec, JSON.stringify({ description: `cli_${i}`, databaseType: 'sqlite', generateTypes: true, tables: [{ name: `cli_${i}`, columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }] }))
      const child = spawn(process.execPath, [bin, 'generate', spec, '--now', NOW, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      child.stdout.on('data', (c) => { out += c })
      return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })))
    })
    // And four worker threads of this process, each writing three migrations of the same second.
    const workerCode = `
      const { workerData, parentPort } = require('node:worker_threads')
      const { generateMigration, writeMigrationFiles } = require(workerData.index)
      const out = []
      for (let k = 0; k < 3; k++) {
        const r = generateMigration({ description: 'thread_' + workerData.i + '_' + k, databaseType: 'sqlite', generateTypes: true, now: workerData.now,
          tables: [{ name: 'thread_' + workerData.i + '_' + k, columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }] })
        try { out.push({ ok: writeMigrationFiles(r, { rootDir: workerData.root }).filename }) } catch (e) { out.push({ error: e.code + ': ' + e.message }) }
      }
      parentPort.postMessage(out)`
    const threads = Array.from({ length: 4 }, (_, i) => new Promise((resolve, reject) => {
      const w = new Worker(workerCode, { eval: true, workerData: { i, root, now: NOW, index: path.join(repo, 'index.js') } })
      w.once('message', resolve)
      w.once('error', reject)
    }))
    const cliOuts = await Promise.all(cli)
    const threadOuts = (await Promise.all(threads)).flat()
    const filenames = []
    for (const o of cliOuts) {
      assert.equal(o.code, 0, `round ${round}: ${o.out}`)
      filenames.push(JSON.parse(o.out).filename)
    }
    for (const o of threadOuts) {
      assert.ok(o.ok, `round ${round}: ${JSON.stringify(o)}`)
      filenames.push(o.ok)
    }
    const names = fs.readdirSync(mig(root)).sort()
    assert.deepEqual(names, [...filenames].sort(), `round ${round}: each writer reports the file it placed`)
    const stamps = names.map((n) => n.slice(0, 14))
    assert.equal(new Set(stamps).size, names.length, `round ${round}: no two files share a timestamp: ${names.join(', ')}`)
    assert.equal(stamps[0], '20260209120000', 'the first takes the second asked for')
    for (const name of names) {
      const text = fs.readFileSync(path.join(mig(root), name), 'utf8')
      assert.equal(/^-- Migration: (.*)$/m.exec(text)[1], name.slice(0, 14), `the header of ${name} names its timestamp`)
      const table = /^\d{14}_(.+)\.sql$/.exec(name)[1]
      const types = fs.readFileSync(path.join(root, 'types', 'generated', 'db', `${table}.d.ts`), 'utf8')
      assert.match(types, new RegExp(`^// Generated by migration-generator from ${name.replace('.', '\\.')}\\.`), `${table}.d.ts names ${name}`)
      assert.match(types, new RegExp(`Generated from migration: ${name.replace('.', '\\.')}`))
    }
    assert.deepEqual(filesUnder(root).filter((f) => path.basename(f).startsWith('.')), [], 'no claim, lock, temporary or backup file left')
  }
})

test('timestamped: command-line processes writing the SAME migration at once place it once; the others fail with FILE_EXISTS, and other migrations of that second still get seconds of their own', async () => {
  const bin = path.join(repo, 'bin', 'migration-generator.js')
  const spawnGenerate = (root, spec) => {
    const child = spawn(process.execPath, [bin, 'generate', spec, '--now', NOW, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c) => { out += c })
    child.stderr.on('data', (c) => { err += c })
    return new Promise((resolve) => child.on('close', (code) => resolve({ spec, code, out, err })))
  }
  const specOf = (root, file, description, table) => {
    const spec = path.join(root, file)
    fs.writeFileSync(spec, JSON.stringify({ description, databaseType: 'sqlite', generateTypes: true, tables: [{ name: table, columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }] }))
    return spec
  }
  for (let round = 0; round < 4; round++) {
    const root = tmpRoot()
    const users = specOf(root, 'spec.json', 'create users', 'users')
    const others = [0, 1].map((i) => specOf(root, `other_${i}.json`, `create other ${i}`, `other_${i}`))
    // Six of the same spec (the review's case), and two others, all of the same second.
    const outs = await Promise.all([...Array.from({ length: 6 }, () => users), ...others].map((spec) => spawnGenerate(root, spec)))
    const names = fs.readdirSync(path.join(root, 'database', 'migrations')).sort()
    const usersFiles = names.filter((n) => n.endsWith('_create_users.sql'))
    assert.equal(usersFiles.length, 1, `round ${round}: the same migration is placed once: ${names.join(', ')}`)
    const forUsers = outs.filter((o) => o.spec === users)
    assert.equal(forUsers.filter((o) => o.code === 0).length, 1, `round ${round}: one writer of it succeeds`)
    for (const o of forUsers.filter((x) => x.code !== 0)) {
      assert.equal(o.code, 1, o.err)
      const json = JSON.parse(o.out)
      // Refused by the writer (another is placing it, or placed it), or by the command line's
      // check when the file was there before it looked: DUPLICATE_MIGRATION when it is the
      // newest, TABLE_CREATED_BEFORE (a validation error) when another writer had taken this
      // second, so that it was placed under the next, and another migration is newer (seen on a
      // loaded CI run once the migration came to be placed last).
      const error = json.error ?? json.result?.validation.errors.find((e) => e.code === 'TABLE_CREATED_BEFORE')
      assert.ok(['FILE_EXISTS', 'DUPLICATE_MIGRATION', 'TABLE_CREATED_BEFORE'].includes(error?.code), `round ${round}: ${o.out}`)
      assert.match(error.message, /create_users\.sql/)
    }
    for (const o of outs.filter((x) => x.spec !== users)) assert.equal(o.code, 0, `round ${round}: ${o.out}${o.err}`)
    assert.equal(names.length, 3, `round ${round}: ${names.join(', ')}`)
    assert.equal(new Set(names.map((n) => n.slice(0, 14))).size, 3, `round ${round}: distinct timestamps: ${names.join(', ')}`)
    assert.deepEqual(filesUnder(root).filter((f) => path.basename(f).startsWith('.')), [], 'no claim, lock, temporary or backup file left')
  }
})

test('timestamped: a claim naming the same migration (another writer placing it) is FILE_EXISTS; so is the migration placed one second on; a claim of a writer long gone names nothing', () => {
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  const { createHash } = require('node:crypto')
  const host = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)
  const r = generate('create_orders_table')
  const claim = path.join(mig, '.20260209120000.migration-timestamp-claim')
  // A live writer (this process stands for it) placing this migration now.
  fs.writeFileSync(claim, JSON.stringify({ migration: 'create_orders_table.sql', pid: process.pid, host }))
  const before = filesUnder(root)
  const err = assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'FILE_EXISTS', '20260209120000_create_orders_table.sql')
  assert.match(err.message, /is being written by another writer at this moment \(.*\.20260209120000\.migration-timestamp-claim\)/)
  assert.deepEqual(filesUnder(root), before, 'nothing written, its claim is not touched')
  // Another migration of that second goes one second after the claim.
  assert.equal(writeMigrationFiles(generate('create_users_table'), { rootDir: root }).filename, '20260209120001_create_users_table.sql')
  // A claim of this migration left by a writer that is gone (its process ended, a minute ago)
  // names nothing: the migration is written, one second after the claims and files.
  const deadPid = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim())
  fs.writeFileSync(claim, JSON.stringify({ migration: 'create_orders_table.sql', pid: deadPid, host }))
  const minuteAgo = new Date(Date.now() - 60_000)
  fs.utimesSync(claim, minuteAgo, minuteAgo)
  const written = writeMigrationFiles(r, { rootDir: root })
  assert.equal(written.filename, '20260209120002_create_orders_table.sql')
  // Written again, it is FILE_EXISTS naming the file placed one second on (before the claims
  // named their migration, concurrent writers of it each took a second of their own).
  assertThrowsCode(() => writeMigrationFiles(r, { rootDir: root }), 'FILE_EXISTS', '20260209120002_create_orders_table.sql')
})

test('timestamped: a timestamp claimed by a writer (or left by a crashed one) is skipped; a dry run claims nothing', () => {
  const { planMigrationFiles } = require('../lib/files.js')
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  fs.writeFileSync(path.join(mig, '.20260209120000.migration-timestamp-claim'), '')
  const before = filesUnder(root)
  const r = generate('create_orders_table')
  assert.equal(planMigrationFiles(r, { rootDir: root }).filename, '20260209120001_create_orders_table.sql', 'the dry run skips the claimed second too')
  assert.deepEqual(filesUnder(root), before, 'planning creates no claim (nor anything else)')
  const written = writeMigrationFiles(r, { rootDir: root })
  assert.equal(written.filename, '20260209120001_create_orders_table.sql')
  assert.match(fs.readFileSync(written.migrationPath, 'utf8'), /^-- Migration: 20260209120001\n/)
  assert.deepEqual(fs.readdirSync(mig).sort(), ['.20260209120000.migration-timestamp-claim', '20260209120001_create_orders_table.sql'], 'only the crashed claim is left (never removed by another writer)')
  // A claim of an earlier second changes nothing.
  assert.equal(writeMigrationFiles(generate('create_users_table', { now: '2026-03-01T00:00:00Z' }), { rootDir: root }).filename, '20260301000000_create_users_table.sql')
})

test('timestamped: claims left by crashed writers are removed once their writer is known to be gone (old, or of this process-id namespace), whatever their second; others stay', () => {
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  const { createHash } = require('node:crypto')
  const host = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)
  const deadPid = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim())
  fs.writeFileSync(path.join(mig, '20260209120005_x.sql'), '-- placed\n')
  const claim = (stamp, content, old = true) => {
    const p = path.join(mig, `.${stamp}.migration-timestamp-claim`)
    fs.writeFileSync(p, content === null ? '' : JSON.stringify(content))
    if (old) fs.utimesSync(p, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    return p
  }
  const removed = [
    claim('20260209120001', { migration: 'a.sql', pid: deadPid, host }),
    // Written by a version before claims named their writer.
    claim('20260209120005', null),
  ]
  const kept = [
    // Fresh: its writer may be in another container, its process only looking gone.
    claim('20260209120002', { migration: 'b.sql', pid: deadPid, host }, false),
    // A live writer (this process stands for it), however old.
    claim('20260209120003', { migration: 'c.sql', pid: process.pid, host }),
    // Another host's: its processes cannot be asked.
    claim('20260209120004', { migration: 'd.sql', pid: deadPid, host: '000000' }),
  ]
  // After every placed migration, of a writer known to be gone: before, it was kept and pushed
  // this write to 20260209120010 (its writer never places anything); now it is removed too.
  removed.push(claim('20260209120009', { migration: 'e.sql', pid: deadPid, host }))
  // Of a second after every placed migration and of a writer that may be at work (another host): it still pushes later writers on.
  const later = claim('20260209120007', { migration: 'e.sql', pid: deadPid, host: '000000' })
  const written = writeMigrationFiles(generate('create_users_table'), { rootDir: root })
  assert.equal(written.filename, '20260209120008_create_users_table.sql', 'one second after the claim that may still matter, not after the dead one')
  for (const p of removed) assert.equal(fs.existsSync(p), false, `${path.basename(p)} is removed`)
  assert.deepEqual(written.leftoversRemoved.map((l) => l.path).sort(), removed.slice().sort())
  for (const p of [...kept, later]) assert.equal(fs.existsSync(p), true, `${path.basename(p)} is kept`)
  writeMigrationFiles(generate('create_orders_table'), { rootDir: root })
  for (const p of [...kept, later]) assert.equal(fs.existsSync(p), true, `${path.basename(p)} is still kept`)
})

test('a types lock left by a writer that is gone (its process ended, or the lock is older than 30 s) is broken, not waited for', () => {
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  const lockPath = path.join(typesDir, '.migration-types.lock')
  const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
  const deadPid = Number(gone.stdout.trim())
  const leftBy = [
    { pid: deadPid, host: os.hostname(), token: 'a-crashed-writer', time: Date.now() },
    // A thread of this very process (same pid) that hung: only its age tells.
    { pid: process.pid, host: os.hostname(), token: 'a-hung-thread', time: Date.now() - 31_000 },
  ]
  for (const [i, lock] of leftBy.entries()) {
    fs.writeFileSync(lockPath, JSON.stringify(lock))
    const started = Date.now()
    const written = writeMigrationFiles(oneTable(`t_${i}`, `add_t_${i}`), { rootDir: root })
    assert.ok(Date.now() - started < 5_000, 'no long wait')
    assert.ok(fs.existsSync(written.typePaths[0]))
    assert.deepEqual(fs.readdirSync(typesDir).filter((f) => f.startsWith('.')), [], 'the stale lock is gone, and no lock of this call is left')
  }
  assert.deepEqual(databaseTables(typesDir), ['t_0', 't_1'])
})

test('temporary files and backups left by a killed writer are removed by the next write once older than 30 s; a live process\'s, or a fresh one, are kept', () => {
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  const typesDir = path.join(root, 'types', 'generated', 'db')
  writeMigrationFiles(oneTable('orders', 'add_orders'), { rootDir: root })
  const deadPid = Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim())
  // A live process of this host other than this one: a child that waits.
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' })
  try {
    const { createHash } = require('node:crypto')
    const host = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)
    const left = {
      // Its process is gone and it was last written a minute ago.
      dead: [
        path.join(mig, `.20260209120000_x.sql.${deadPid}.h${host}.0123456789ab.tmp`),
        path.join(typesDir, `.users.d.ts.${deadPid}.h${host}.0123456789ab.tmp`),
        // Named by a version before the host tag (the user trial's leftovers): the same rule.
        path.join(typesDir, `.index.d.ts.${deadPid}.0123456789ab.tmp`),
        path.join(typesDir, `.migration-types.lock.${deadPid}.h${host}.0123456789ab0123456789ab.tmp`),
      ],
      // Its process looks gone, but it is fresh: a writer in another container (same host name,
      // its own process ids) may be writing it now.
      fresh: [
        path.join(mig, `.20260209120000_y.sql.${deadPid}.h${host}.0123456789ab.tmp`),
        path.join(typesDir, `.posts.d.ts.${deadPid}.0123456789ab.tmp`),
        // A backup is a hard link of the file it replaces, whose modification time is that
        // file's: its age counts from the link (ctime), so one linked just now is fresh, whatever
        // its modification time says.
        path.join(typesDir, `.orders.d.ts.${deadPid}.h${host}.ba9876543210.bak`),
      ],
      // Kept however old.
      kept: [
        path.join(mig, `.20260209120000_x.sql.${live.pid}.h${host}.0123456789ab.tmp`),
        path.join(typesDir, `.users.d.ts.${live.pid}.h${host}.0123456789ab.tmp`),
        path.join(typesDir, `.users.d.ts.${live.pid}.0123456789ab.tmp`),
        // This very process (a worker thread writing now).
        path.join(typesDir, `.users.d.ts.${process.pid}.h${host}.0123456789ab.tmp`),
        // Another host's: its processes cannot be asked.
        path.join(typesDir, `.users.d.ts.${deadPid}.h000000.0123456789ab.tmp`),
        // Not this package's names.
        path.join(typesDir, `.users.d.ts.${deadPid}.tmp`),
        path.join(typesDir, `.editor-${deadPid}.swp`),
      ],
    }
    const minuteAgo = new Date(Date.now() - 60_000)
    const age = (f) => fs.utimesSync(f, minuteAgo, minuteAgo)
    for (const f of [...left.dead, ...left.fresh, ...left.kept]) fs.writeFileSync(f, 'left behind')
    for (const f of [...left.dead, ...left.kept, left.fresh.at(-1)]) age(f)
    writeMigrationFiles(oneTable('users', 'add_users'), { rootDir: root })
    for (const f of left.dead) assert.equal(fs.existsSync(f), false, `${path.basename(f)} (its process is gone, a minute old) is removed`)
    for (const f of left.fresh) assert.equal(fs.existsSync(f), true, `${path.basename(f)} (its process looks gone, but it is fresh) is kept`)
    for (const f of left.kept) assert.equal(fs.existsSync(f), true, `${path.basename(f)} is kept`)
    assert.deepEqual(databaseTables(typesDir), ['orders', 'users'])
    // Once old, the fresh temporary files go too (writeTypeFiles cleans its folder as well).
    fs.writeFileSync(left.dead[1], 'left behind')
    for (const f of [left.dead[1], left.fresh[1]]) age(f)
    writeTypeFiles(oneTable('users', 'add_users'), { rootDir: root })
    assert.equal(fs.existsSync(left.dead[1]), false)
    assert.equal(fs.existsSync(left.fresh[1]), false, 'an untagged name, old and its process gone, is removed')
    assert.equal(fs.existsSync(left.fresh[2]), true, 'the backup linked a moment ago is still fresh')
  } finally {
    live.kill()
  }
})

test('a write asked to stop (the command line on SIGINT) undoes what it did, also while it waits for the types lock', () => {
  const { Interrupted } = require('../lib/files.js')
  const root = tmpRoot()
  const earlier = writeMigrationFiles(oneTable('orders', 'add_orders'), { rootDir: root })
  const before = Object.fromEntries(filesUnder(root).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]))
  // Stopped after a few steps: nothing of this write is left, the earlier files are as they were.
  for (const after of [0, 1, 2, 3, 4]) {
    let calls = 0
    const stop = () => (calls++ >= after ? 'SIGINT' : null)
    assert.throws(() => writeMigrationFiles(oneTable('users', 'add_users'), { rootDir: root, migrationsDir: 'db/new' }, stop), (e) => e instanceof Interrupted && e.signal === 'SIGINT')
    assert.deepEqual(Object.fromEntries(filesUnder(root).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')])), before, `stopped after ${after} steps`)
    assert.deepEqual(dirsUnder(root).filter((d) => d.startsWith('db')), [], 'the folders it made are removed')
  }
  // Waiting for a lock held by a live writer (this process): stops at once, not after 60 s.
  const lockPath = path.join(root, 'types', 'generated', 'db', '.migration-types.lock')
  fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'held', time: Date.now() }))
  let waited = 0
  const started = Date.now()
  assert.throws(() => writeMigrationFiles(oneTable('users', 'add_users'), { rootDir: root }, () => (waited++ > 5 ? 'SIGTERM' : null)), Interrupted)
  assert.ok(Date.now() - started < 5_000)
  fs.unlinkSync(lockPath)
  assert.deepEqual(Object.fromEntries(filesUnder(root).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')])), before)
  assert.ok(fs.existsSync(earlier.migrationPath))
})

test('writeTypeFiles writes the type files and index.d.ts of a result, never a migration', () => {
  const root = tmpRoot()
  const withTypes = generate('create_users_table', { generateTypes: true })
  const written = writeTypeFiles(withTypes, { rootDir: root, migrationsDir: 'm', typesDir: 't' })
  assert.deepEqual(written.paths, [path.join(root, 't', 'users.d.ts'), path.join(root, 't', 'index.d.ts')])
  assert.deepEqual(written.typePaths, written.paths)
  assert.deepEqual(filesUnder(root), [path.join('t', 'index.d.ts'), path.join('t', 'users.d.ts')])
  const users = fs.readFileSync(path.join(root, 't', 'users.d.ts'), 'utf8')
  // A result with a migration: the files name it, as writeMigrationFiles's and the result's
  // typeDefinitions do (a user trial's said "a spec the database already matched (no migration)").
  assert.ok(users.startsWith('// Generated by migration-generator from 20260209120000_create_users_table.sql.'), users)
  assert.match(users, /^ \* Generated from migration: 20260209120000_create_users_table\.sql$/m)
  assert.doesNotMatch(users, /no migration/)
  const other = tmpRoot()
  writeMigrationFiles(withTypes, { rootDir: other, typesDir: 't' })
  assert.equal(users, fs.readFileSync(path.join(other, 't', 'users.d.ts'), 'utf8'))
  assert.equal(fs.readFileSync(path.join(root, 't', 'index.d.ts'), 'utf8'), fs.readFileSync(path.join(other, 't', 'index.d.ts'), 'utf8'))
  // A result with nothing to migrate (NO_CHANGES): the same files but for the lines naming the
  // migration, which name none (the generator's file name for it is never written).
  const spec = { ...example('create_users_table'), now: NOW, generateTypes: true }
  const same = generateMigration({ ...spec, previousSpec: example('create_users_table') })
  assert.ok(same.validation.warnings.some((w) => w.code === 'NO_CHANGES'), JSON.stringify(same.validation))
  const matched = tmpRoot()
  writeTypeFiles(same, { rootDir: matched, typesDir: 't' })
  const none = fs.readFileSync(path.join(matched, 't', 'users.d.ts'), 'utf8')
  assert.ok(none.startsWith('// Generated by migration-generator from a spec the database already matched (no migration).'), none)
  assert.doesNotMatch(none, /20260209120000/)
  assert.match(none, /^ \* Generated from a spec the database already matched \(no migration\)$/m)
  const body = (text) => text.slice(text.indexOf('\n')).replaceAll(' * Generated from migration: 20260209120000_create_users_table.sql', ' * Generated from a spec the database already matched (no migration)')
  assert.equal(body(none), body(users))
  // Again: regenerated in place.
  assert.deepEqual(writeTypeFiles(withTypes, { rootDir: root, typesDir: 't' }).paths, written.paths)
  // Without tableTypes, and with an invalid result: refused, nothing written.
  const empty = tmpRoot()
  assert.throws(() => writeTypeFiles(generate('create_users_table', { generateTypes: false }), { rootDir: empty }), (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT' && /generateTypes/.test(e.message))
  const invalid = generateMigration({ databaseType: 'sqlite', tables: [{ name: 'x', columns: [] }], generateTypes: true })
  assert.throws(() => writeTypeFiles(invalid, { rootDir: empty }), (e) => e.code === 'VALIDATION_FAILED')
  assert.deepEqual(filesUnder(empty), [])
  // A hand-written file of a table's name is never replaced.
  fs.writeFileSync(path.join(root, 't', 'users.d.ts'), 'export type Mine = 1\n')
  assert.throws(() => writeTypeFiles(withTypes, { rootDir: root, typesDir: 't' }), (e) => e.code === 'FILE_EXISTS')
  assert.equal(fs.readFileSync(path.join(root, 't', 'users.d.ts'), 'utf8'), 'export type Mine = 1\n')
})

test("writeTypeFiles does not look at options.migrationsDir (it writes no migration), and its errors name writeTypeFiles", () => {
  const root = tmpRoot()
  const withTypes = generate('create_users_table', { generateTypes: true })
  // A migrations folder that writeMigrationFiles would refuse is no reason to refuse the types.
  for (const migrationsDir of ['../elsewhere', '', 42]) {
    const written = writeTypeFiles(withTypes, { rootDir: root, migrationsDir, typesDir: 't' })
    assert.deepEqual(written.paths, [path.join(root, 't', 'users.d.ts'), path.join(root, 't', 'index.d.ts')], String(migrationsDir))
  }
  assert.deepEqual(filesUnder(root), [path.join('t', 'index.d.ts'), path.join('t', 'users.d.ts')])
  assert.throws(() => writeMigrationFiles(withTypes, { rootDir: root, migrationsDir: '../elsewhere' }), (e) => e.code === 'PATH_OUTSIDE_ROOT')
  for (const [call, fn] of [[writeTypeFiles, 'writeTypeFiles'], [writeMigrationFiles, 'writeMigrationFiles']]) {
    assert.throws(() => call(null, { rootDir: root }), (e) => e.code === 'INVALID_ARGUMENT' && e.message === `${fn} needs the result of generateMigration`)
    assert.throws(() => call(withTypes, {}), (e) => e.code === 'INVALID_ARGUMENT' && e.message === `${fn} needs options.rootDir (the project folder)`)
  }
})

test('staged files are flushed together (flushTemps): each left as written; one that cannot be flushed is WRITE_FAILED naming its target, with the fsync error as cause', () => {
  const { flushTemps } = require('../lib/files.js')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-flush-'))
  try {
    const staged = Array.from({ length: 40 }, (_, i) => {
      const tmp = path.join(dir, `.t_${i}.d.ts.tmp`)
      fs.writeFileSync(tmp, `// file ${i}\n`)
      return [path.join(dir, `t_${i}.d.ts`), tmp]
    })
    flushTemps(staged)
    flushTemps(staged.slice(0, 1))
    for (const [i, [, tmp]] of staged.entries()) assert.equal(fs.readFileSync(tmp, 'utf8'), `// file ${i}\n`)
    const missing = [path.join(dir, 'gone.d.ts'), path.join(dir, '.gone.d.ts.tmp')]
    for (const list of [[...staged.slice(0, 5), missing, ...staged.slice(5)], [missing]]) {
      let e
      try {
        flushTemps(list)
      } catch (err) {
        e = err
      }
      assert.ok(e instanceof MigrationGeneratorError, String(e && e.stack))
      assert.equal(e.code, 'WRITE_FAILED')
      assert.equal(e.path, missing[0])
      assert.match(e.message, /\(ENOENT\)/)
      assert.equal(e.cause.code, 'ENOENT')
      assert.equal(e.cause.path, missing[1])
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('NO_CHANGES: result.typeDefinitions says, as writeTypeFiles does, that there was no migration, and names no migration file', () => {
  const users = { name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'email', type: 'TEXT', nullable: false }] }
  for (const databaseType of ['postgresql', 'mysql', 'sqlite']) {
    const spec = { description: 'pull_app', databaseType, now: '2026-12-06T16:42:39Z', generateTypes: true, timestamps: false, tables: [users] }
    const r = generateMigration({ ...spec, previousSpec: { ...spec, generateTypes: false } })
    assert.ok(r.validation.warnings.some((w) => w.code === 'NO_CHANGES'), JSON.stringify(r.validation.warnings))
    assert.equal(r.metadata.filename, '20261206164239_pull_app.sql')
    assert.ok(!r.typeDefinitions.includes(r.metadata.filename), r.typeDefinitions)
    const root = tmpRoot()
    writeTypeFiles(r, { rootDir: root })
    const file = fs.readFileSync(path.join(root, 'types', 'generated', 'db', 'users.d.ts'), 'utf8')
    const header = '// Generated by migration-generator from a spec the database already matched (no migration). Do not edit by hand.'
    assert.equal(file.split('\n')[0], header)
    assert.equal(r.typeDefinitions.split('\n')[0], header, databaseType)
    // The interfaces, their comments included, are the file's.
    const interfaces = (text) => text.slice(text.indexOf('/**'))
    assert.equal(interfaces(r.typeDefinitions), interfaces(file), databaseType)
    assert.match(r.typeDefinitions, /^ \* Generated from a spec the database already matched \(no migration\)$/m)
    // A result with a migration names it, in both.
    const changed = generateMigration({ ...spec, tables: [{ ...users, columns: [...users.columns, { name: 'nick', type: 'TEXT', nullable: true }] }], previousSpec: spec })
    assert.equal(changed.validation.valid, true, JSON.stringify(changed.validation.errors))
    assert.ok(!changed.validation.warnings.some((w) => w.code === 'NO_CHANGES'))
    assert.equal(changed.typeDefinitions.split('\n')[0], `// Generated by migration-generator from ${changed.metadata.filename}. Do not edit by hand.`)
    assert.match(changed.typeDefinitions, new RegExp(`^ \\* Generated from migration: ${changed.metadata.filename.replace('.', '\\.')}$`, 'm'))
  }
})
