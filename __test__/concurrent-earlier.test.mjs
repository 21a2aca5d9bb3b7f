// TABLE_CREATED_BEFORE between `generate` runs at the same moment: two processes started together
// against one --out folder, whose specs both create the table `users` (each with another table
// too, so that DUPLICATE_MIGRATION, which compares whole up migrations, does not tell them
// apart), each read the folder before the other placed its file. The writer checks the earlier
// migrations again once it has claimed its number or timestamp, so exactly one is written and
// the one ordered later is refused, leaving no file of its own behind. A run claims its number
// or timestamp under the folder's order lock, which a run that has checked holds until its
// migration is placed: so none claims one below it then (the last tests), and the one refused
// is never the one ordered first.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { filesUnder } from './support/files.mjs'
import { repo, NOW, tempFolders, startCli, writeJson, migrationsIn } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { generateMigration, writeMigrationFiles } = require('../index.js')

const tmp = tempFolders('mg-concurrent-earlier-')

const id = { name: 'id', type: 'INTEGER', nullable: false }
/** A spec creating `users` and `other`, described after `other`. */
const usersAnd = (other, fileFormat) => ({
  description: `create_users_and_${other}`,
  databaseType: 'postgresql',
  generateTypes: true,
  ...(fileFormat ? { fileFormat } : {}),
  tables: [
    { name: 'users', columns: [id, { name: 'email', type: 'TEXT', nullable: false }], primaryKey: ['id'] },
    { name: other, columns: [id], primaryKey: ['id'] },
  ],
})

/** Hidden files (claims, locks, temporary files, backups) under `dir`. */
const hidden = (dir) => filesUnder(dir).filter((f) => path.basename(f).startsWith('.'))

for (const [format, fileFormat] of [['timestamped', undefined], ['numbered', 'numbered']]) {
  test(`${format}: two generate processes at once whose specs both create 'users', 12 times: one is written, the one ordered later is refused with TABLE_CREATED_BEFORE (exit 1), nothing of it left behind`, async () => {
    for (let round = 0; round < 12; round++) {
      const dir = tmp()
      const mig = migrationsIn(dir)
      const specs = ['posts', 'tags'].map((other) => writeJson(dir, `${other}.json`, usersAnd(other, fileFormat)))
      const outs = await Promise.all(specs.map((spec) => startCli(['generate', spec, '--now', NOW, '--json'], dir)))
      const names = fs.readdirSync(mig)
      const ok = outs.filter((r) => r.code === 0)
      assert.equal(ok.length, 1, `round ${round}: exactly one written: ${names.join(', ')}\n${outs.map((r) => r.stdout + r.stderr).join('\n')}`)
      const winner = JSON.parse(ok[0].stdout)
      // Both asked for the same second (or the next number): the one that got it, ordered first, wins.
      assert.ok(winner.filename.startsWith(fileFormat ? '001_' : '20260209120000_'), `round ${round}: the first in order is written: ${winner.filename}`)
      assert.deepEqual(names, [winner.filename], `round ${round}: the winner's migration only, no claim left`)
      const loser = outs.find((r) => r.code !== 0)
      assert.equal(loser.code, 1, loser.stdout + loser.stderr)
      const refused = JSON.parse(loser.stdout)
      assert.equal(refused.ok, false)
      assert.deepEqual(refused.written, [])
      assert.deepEqual(refused.result.validation.errors.map((e) => e.code), ['TABLE_CREATED_BEFORE'], loser.stdout)
      assert.match(refused.result.validation.errors[0].message, new RegExp(`already creates 'users'`))
      assert.ok(refused.result.validation.errors[0].message.includes(winner.filename), refused.result.validation.errors[0].message)
      // The loser's other table has no type file: only the winner's tables are in the types folder.
      const other = winner.filename.includes('posts') ? 'posts' : 'tags'
      assert.deepEqual(fs.readdirSync(path.join(dir, 'types', 'generated', 'db')).sort(), ['index.d.ts', `${other}.d.ts`, 'users.d.ts'], `round ${round}`)
      assert.deepEqual(hidden(dir), [], `round ${round}: no claim, lock, temporary or backup file left`)
    }
  })
}

for (const [format, fileFormat] of [['timestamped', undefined], ['numbered', 'numbered']]) {
  test(`${format}: three generate processes at once whose specs all create 'users', 6 times: the one written has the first number or second, the two others are refused (exit 1), nothing of them left`, async () => {
    for (let round = 0; round < 6; round++) {
      const dir = tmp()
      const mig = migrationsIn(dir)
      const specs = ['posts', 'tags', 'likes'].map((other) => writeJson(dir, `${other}.json`, usersAnd(other, fileFormat)))
      const outs = await Promise.all(specs.map((spec) => startCli(['generate', spec, '--now', NOW, '--json'], dir)))
      const ok = outs.filter((r) => r.code === 0)
      assert.equal(ok.length, 1, `round ${round}: exactly one written: ${fs.readdirSync(mig).join(', ')}\n${outs.map((r) => r.stdout + r.stderr).join('\n')}`)
      const winner = JSON.parse(ok[0].stdout).filename
      assert.ok(winner.startsWith(fileFormat ? '001_' : '20260209120000_'), `round ${round}: the first in order is written: ${winner}`)
      assert.deepEqual(fs.readdirSync(mig), [winner])
      for (const loser of outs.filter((r) => r.code !== 0)) {
        assert.equal(loser.code, 1, loser.stdout + loser.stderr)
        const errors = JSON.parse(loser.stdout).result.validation.errors
        assert.deepEqual(errors.map((e) => e.code), ['TABLE_CREATED_BEFORE'], loser.stdout)
        assert.ok(errors[0].message.includes(`${winner}, already creates 'users'`), errors[0].message)
      }
      assert.deepEqual(hidden(dir), [], `round ${round}: no claim, lock, temporary or backup file left`)
    }
  })
}

test('two generate processes at once, the spec of one creating a table the other does not: both are written', async () => {
  for (let round = 0; round < 4; round++) {
    const dir = tmp()
    const specs = ['posts', 'tags'].map((other) => writeJson(dir, `${other}.json`, { ...usersAnd(other), description: `create_${other}`, tables: usersAnd(other).tables.slice(1) }))
    const outs = await Promise.all(specs.map((spec) => startCli(['generate', spec, '--now', NOW, '--json'], dir)))
    for (const r of outs) assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.equal(fs.readdirSync(path.join(dir, 'database', 'migrations')).length, 2)
    assert.deepEqual(hidden(dir), [])
  }
})

const HOST = require('node:crypto').createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)
const USERS_UP = (other) => `-- UP MIGRATION\nCREATE TABLE IF NOT EXISTS users (id INTEGER NOT NULL);\nCREATE TABLE IF NOT EXISTS ${other} (id INTEGER NOT NULL);\n\n-- DOWN MIGRATION\nDROP TABLE IF EXISTS ${other};\nDROP TABLE IF EXISTS users;\n`

/**
 * A project whose migrations folder holds `claim`, the claim of another writer at work (a child
 * process, named in it), which after `ms` milliseconds places `file` (`text`; none when null) and
 * removes its claim, then ends. Gives `{ root, mig, child }` once that process runs.
 */
async function writerAtWork(claim, migration, file, text, ms) {
  const root = tmp()
  const mig = migrationsIn(root)
  const script = `setTimeout(() => { const fs = require('node:fs'); ${file ? `fs.writeFileSync(${JSON.stringify(path.join(mig, file))}, ${JSON.stringify(text)});` : ''} fs.unlinkSync(${JSON.stringify(path.join(mig, claim))}) }, ${ms}); process.stdout.write('ready\\n')`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise((resolve) => child.stdout.once('data', resolve))
  fs.writeFileSync(path.join(mig, claim), `${JSON.stringify({ migration, pid: child.pid, host: HOST })}\n`)
  const ended = new Promise((resolve) => child.on('close', resolve))
  return { root, mig, ended }
}

const recheckOf = (root, mig) => ({ refuseEarlierRepeated: { dir: mig, cwd: root, existingDbPath: null } })

for (const [format, fileFormat, claim, placed, mine] of [
  ['timestamped', undefined, '.20260209115959.migration-timestamp-claim', '20260209115959_create_users_and_posts.sql', '20260209120000_create_users_and_tags.sql'],
  ['numbered', 'numbered', '.1.migration-number-claim', '001_create_users_and_posts.sql', '002_create_users_and_tags.sql'],
]) {
  test(`writeMigrationFiles with refuseEarlierRepeated (${format}): a writer ordered before it still at work is waited for; its migration, placed meanwhile, creating 'users' too, makes this one TABLE_CREATED_BEFORE, nothing of it left and its claim released`, async () => {
    const { root, mig, ended } = await writerAtWork(claim, placed.slice(placed.indexOf('_') + 1), placed, USERS_UP('posts'), 400)
    const result = generateMigration({ ...usersAnd('tags', fileFormat), now: NOW })
    assert.equal(result.validation.valid, true)
    const started = Date.now()
    let error
    try {
      writeMigrationFiles(result, { rootDir: root, ...recheckOf(root, mig) })
    } catch (e) {
      error = e
    }
    assert.ok(Date.now() - started >= 300, `waited for the writer ordered before it (${Date.now() - started} ms)`)
    assert.equal(error?.code, 'TABLE_CREATED_BEFORE', String(error))
    assert.match(error.message, new RegExp(`${placed.replace('.', '\\.')}, already creates 'users'`))
    assert.deepEqual(error.issues.map((e) => e.code), ['TABLE_CREATED_BEFORE'])
    await ended
    assert.deepEqual(fs.readdirSync(mig), [placed])
    assert.deepEqual(filesUnder(root), [path.join('database', 'migrations', placed)], 'no type file, claim, lock or temporary file of this write')
  })

  test(`writeMigrationFiles with refuseEarlierRepeated (${format}): a writer ordered before it that gives up (removes its claim, places nothing) lets it be written`, async () => {
    const { root, mig, ended } = await writerAtWork(claim, placed.slice(placed.indexOf('_') + 1), null, null, 200)
    const result = generateMigration({ ...usersAnd('tags', fileFormat), now: NOW })
    const written = writeMigrationFiles(result, { rootDir: root, ...recheckOf(root, mig) })
    assert.equal(written.filename, fileFormat ? '002_create_users_and_tags.sql' : mine)
    await ended
    assert.deepEqual(fs.readdirSync(mig), [written.filename])
    assert.deepEqual(filesUnder(root).filter((f) => path.basename(f).startsWith('.')), [])
  })
}

test('writeMigrationFiles with refuseEarlierRepeated: an earlier migration placed before the write is refused as generate refuses it; a migration that creates no table of it is written; without the option (the API) the writer checks nothing', () => {
  const root = tmp()
  const mig = migrationsIn(root)
  fs.writeFileSync(path.join(mig, '20260101000000_by_hand.sql'), USERS_UP('posts'))
  const result = generateMigration({ ...usersAnd('tags'), now: NOW })
  assert.throws(() => writeMigrationFiles(result, { rootDir: root, ...recheckOf(root, mig) }), (e) => e.code === 'TABLE_CREATED_BEFORE' && /20260101000000_by_hand\.sql, already creates 'users'/.test(e.message))
  assert.deepEqual(filesUnder(root), [path.join('database', 'migrations', '20260101000000_by_hand.sql')])
  const tags = generateMigration({ ...usersAnd('tags'), description: 'create_tags', tables: usersAnd('tags').tables.slice(1), now: NOW })
  assert.equal(writeMigrationFiles(tags, { rootDir: root, ...recheckOf(root, mig) }).filename, '20260209120000_create_tags.sql')
  // The API's writeMigrationFiles has no such check (TABLE_CREATED_BEFORE is the command line's).
  assert.equal(writeMigrationFiles(result, { rootDir: root }).filename, '20260209120001_create_users_and_tags.sql')
  assert.deepEqual(filesUnder(root).filter((f) => path.basename(f).startsWith('.')), [])
})

test("--db (SQLite): two generate processes at once that both add the column 'users.nickname' (one adds 'age' too), 8 times: one is written, the later is refused with COLUMN_ADDED_BEFORE", async () => {
  for (let round = 0; round < 8; round++) {
    const dir = tmp()
    const db = path.join(dir, 'app.db')
    const made = spawnSync('sqlite3', [db, 'CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL);'], { encoding: 'utf8' })
    assert.equal(made.status, 0, made.stderr)
    const nickname = { name: 'nickname', type: 'TEXT', nullable: true }
    const specs = [['add_nickname', [nickname]], ['add_nickname_and_age', [nickname, { name: 'age', type: 'INTEGER', nullable: true }]]].map(([description, columns]) => writeJson(dir, `${description}.json`, { description, databaseType: 'sqlite', tables: [{ name: 'users', columns: [id, ...columns], primaryKey: ['id'] }] }))
    const outs = await Promise.all(specs.map((spec) => startCli(['generate', spec, '--db', 'app.db', '--now', NOW, '--json'], dir)))
    const names = fs.readdirSync(path.join(dir, 'database', 'migrations'))
    const ok = outs.filter((r) => r.code === 0)
    assert.equal(ok.length, 1, `round ${round}: exactly one written: ${names.join(', ')}\n${outs.map((r) => r.stdout + r.stderr).join('\n')}`)
    const winner = JSON.parse(ok[0].stdout)
    assert.ok(winner.filename.startsWith('20260209120000_'), winner.filename)
    assert.deepEqual(names, [winner.filename])
    const loser = outs.find((r) => r.code !== 0)
    assert.equal(loser.code, 1, loser.stdout + loser.stderr)
    const errors = JSON.parse(loser.stdout).result.validation.errors
    assert.deepEqual(errors.map((e) => e.code), ['COLUMN_ADDED_BEFORE'], loser.stdout)
    assert.ok(errors[0].message.includes(`${winner.filename}, already adds 'users.nickname'`), errors[0].message)
    assert.deepEqual(hidden(dir), [], `round ${round}`)
  }
})

/**
 * A `generate` in a process of its own, as bin/ would write it (writeMigrationFiles with the
 * command line's refuseEarlierRepeated), of `spec` into `root`: it writes `ready` once it has
 * generated and is about to write, then prints `{ filename }` or `{ code, message }` and exits 0
 * or 1. Gives the child process and a promise of `{ code, out }`.
 */
function startWriter(root, spec, ready) {
  const script = `
    const { generateMigration, writeMigrationFiles } = require(${JSON.stringify(path.join(repo, 'index.js'))})
    const root = ${JSON.stringify(root)}
    const mig = require('node:path').join(root, 'database', 'migrations')
    const result = generateMigration(${JSON.stringify(spec)})
    require('node:fs').writeFileSync(${JSON.stringify(ready)}, '')
    try {
      const { filename } = writeMigrationFiles(result, { rootDir: root, refuseEarlierRepeated: { dir: mig, cwd: root, existingDbPath: null } })
      process.stdout.write(JSON.stringify({ filename }))
    } catch (e) {
      process.stdout.write(JSON.stringify({ code: e.code, message: e.message }))
      process.exitCode = 1
    }`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (c) => { out += c })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out: JSON.parse(out || '{}') })))
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4))
/** Waits (blocking, as the synchronous writer's hooks must) until `done()` or `ms` milliseconds pass; whether it was done. */
function waitFor(done, ms) {
  const until = Date.now() + ms
  while (!done()) {
    if (Date.now() > until) return false
    Atomics.wait(SLEEPER, 0, 0, 10)
  }
  return true
}

for (const [format, fileFormat, mine, otherNow] of [
  ['numbered', 'numbered', '002_create_users_and_posts.sql', NOW],
  // A clock behind: the other writer asks for a second before this one's.
  ['timestamped', undefined, '20260209120000_create_users_and_posts.sql', '2026-02-09T11:59:00Z'],
]) {
  test(`${format}: a generate that starts while another, which has checked the earlier migrations, is placing its migration creating 'users' too, claims a number or second after it (never a lower one, as the gap left by a writer that gave up) and is the one refused; one file, nothing of the other left`, async () => {
    const root = tmp()
    const mig = migrationsIn(root)
    // A writer B at work holds number 1 (or the second before), so this writer (A) takes the next.
    const gaveUp = path.join(mig, fileFormat ? '.1.migration-number-claim' : '.20260209115900.migration-timestamp-claim')
    fs.writeFileSync(gaveUp, `${JSON.stringify({ migration: 'create_users_and_sessions.sql', pid: process.pid, host: HOST })}\n`)
    const result = generateMigration({ ...usersAnd('posts', fileFormat), now: NOW })
    const ready = path.join(root, 'ready')
    const ownClaim = (name) => name === `.${mine.split('_')[0].replace(/^0+/, '')}.migration-${fileFormat ? 'number' : 'timestamp'}-claim`
    let other = null
    let claimsMeanwhile = null
    const { writeMigrationFiles: writeWithStop } = require('../lib/files.js')
    const written = writeWithStop(result, { rootDir: root, ...recheckOf(root, mig) }, () => {
      // While staging, with its claim made: B gives up, leaving a gap below A's number.
      if (fs.existsSync(gaveUp)) fs.unlinkSync(gaveUp)
      // Once A holds the order lock with the check made, placing its files: C starts.
      if (other === null && fs.existsSync(path.join(mig, '.migration-order.lock'))) {
        other = startWriter(root, { ...usersAnd('tags', fileFormat), now: otherNow }, ready)
        assert.ok(waitFor(() => fs.existsSync(ready), 30_000), 'the other writer started')
        // Given a second to claim: a claim of its own would be made by now, were it allowed.
        waitFor(() => false, 1000)
        claimsMeanwhile = fs.readdirSync(mig).filter((name) => /^\.\d+\.migration-(number|timestamp)-claim$/.test(name) && !ownClaim(name))
      }
      return null
    })
    assert.equal(written.filename, mine)
    assert.notEqual(other, null, 'the other writer was started while this one placed its files')
    assert.deepEqual(claimsMeanwhile, [], 'no other writer claimed a number or second while this one, having checked, placed its migration')
    const { code, out } = await other
    assert.equal(code, 1, JSON.stringify(out))
    assert.equal(out.code, 'TABLE_CREATED_BEFORE', JSON.stringify(out))
    assert.ok(out.message.includes(`${mine}, already creates 'users'`), out.message)
    fs.unlinkSync(ready)
    assert.deepEqual(fs.readdirSync(mig), [mine])
    assert.deepEqual(hidden(root), [], 'no claim, lock, temporary or backup file left')
  })
}
