// generateMigrationAsync on a SQLite file another process holds a write lock on
// (`existingDbPath`): the wait for the lock does not hold one of the library's threads, so
// unrelated async calls issued beside many locked ones are not delayed behind them (a user trial:
// 20 locked calls in Promise.all kept a 2-core machine's two threads asleep for 10 s). The locked
// calls still answer DB_LOCKED after about the same wait, exactly as generateMigration does; a
// lock released during the wait lets the call succeed; nothing is left behind after the answer.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { generateMigration, generateMigrationAsync } = require('../index.js')
const SQL = await require('sql.js')()

const python = spawnSync('python3', ['-c', 'import sqlite3'], { stdio: 'ignore' }).status === 0
const skip = !python && 'needs python3 with sqlite3 to hold the lock'

/** How long the core waits for a writer's lock before DB_LOCKED (src/introspect.rs BUSY_TIMEOUT). */
const LOCK_WAIT_MS = 1000

const dir = mkdtempSync(join(tmpdir(), 'mg-locked-async-'))
let files = 0
/** A SQLite file (rollback journal) with one table `t`; its path. */
function database() {
  const db = new SQL.Database()
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY);')
  const path = join(dir, `db${files++}.sqlite`)
  writeFileSync(path, db.export())
  db.close()
  return path
}

/**
 * A python3 process holding an exclusive write lock on `path` (BEGIN EXCLUSIVE and a row
 * written, rollback journal: readers are kept out), resolved once it holds it. `release()`
 * commits and ends it; `releaseAfter` (ms) has it commit by itself after that long.
 */
async function holdLock(path, releaseAfter = null) {
  const script = `import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE"); c.execute("INSERT INTO t DEFAULT VALUES")
print("locked", flush=True)
if sys.argv[2] != "-": time.sleep(float(sys.argv[2]) / 1000)
else: sys.stdin.read()
c.execute("COMMIT"); print("released", flush=True)`
  const holder = spawn('python3', ['-c', script, path, releaseAfter === null ? '-' : String(releaseAfter)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise((resolve) => holder.once('exit', resolve))
  const lines = []
  holder.stdout.setEncoding('utf8').on('data', (d) => lines.push(...d.split('\n').filter(Boolean)))
  await new Promise((resolve, reject) => {
    holder.stdout.on('data', () => lines.includes('locked') && resolve())
    exited.then((code) => reject(new Error(`the lock holder exited with ${code}`)))
  })
  return {
    lines,
    release: async () => {
      holder.stdin.end()
      await exited
    },
  }
}

/** A spec reading the database at `path`, adding a column to its table `t`. */
const lockedSpec = (path, i = 0) => ({
  description: `add_name_${i}`,
  databaseType: 'sqlite',
  existingDbPath: path,
  now: '2026-02-09T12:00:00Z',
  tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'name', type: 'TEXT', nullable: true }], primaryKey: ['id'] }],
})

/** A spec that reads no database. */
const unrelatedSpec = {
  description: 'create_notes',
  databaseType: 'postgresql',
  now: '2026-02-09T12:00:00Z',
  tables: [{ name: 'notes', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'body', type: 'TEXT', nullable: true }], primaryKey: ['id'] }],
}

/** The result's one error, without the clock-dependent metadata. */
const theError = (r) => {
  assert.equal(r.validation.valid, false)
  assert.equal(r.validation.errors.length, 1, JSON.stringify(r.validation.errors))
  return r.validation.errors[0]
}

test('an unrelated async call is not delayed behind 20 calls waiting for a locked database', { skip }, async () => {
  const path = database()
  const lock = await holdLock(path)
  try {
    const start = performance.now()
    const locked = Array.from({ length: 20 }, (_, i) =>
      generateMigrationAsync(lockedSpec(path, i)).then((r) => ({ r, ms: performance.now() - start })),
    )
    const unrelatedStart = performance.now()
    const unrelated = await generateMigrationAsync(unrelatedSpec)
    const unrelatedMs = performance.now() - unrelatedStart
    const answers = await Promise.all(locked)
    assert.equal(unrelated.validation.valid, true, JSON.stringify(unrelated.validation.errors))
    // Before: about 10 s (20 waits of 1 s on 2 threads). A quarter of one lock wait is far
    // above what the call takes on a loaded 2-core machine (tens of milliseconds).
    assert.ok(unrelatedMs < LOCK_WAIT_MS / 4, `the unrelated call took ${unrelatedMs.toFixed(0)} ms`)
    // Each locked call still waited for the lock about as long as before, then said DB_LOCKED.
    const expected = theError(generateMigration(lockedSpec(path)))
    assert.equal(expected.code, 'DB_LOCKED')
    for (const { r, ms } of answers) {
      assert.deepEqual(theError(r), expected)
      assert.ok(ms >= LOCK_WAIT_MS * 0.95, `a locked call answered after ${ms.toFixed(0)} ms`)
    }
    // All 20 waited side by side, not one after another on the library's threads.
    const last = Math.max(...answers.map((a) => a.ms))
    assert.ok(last < LOCK_WAIT_MS * 3, `the last locked call answered after ${last.toFixed(0)} ms`)
  } finally {
    await lock.release()
  }
})

test('generateMigration (sync) still waits for the lock on the calling thread, then says DB_LOCKED', { skip }, async () => {
  const path = database()
  const lock = await holdLock(path)
  try {
    const start = performance.now()
    const r = generateMigration(lockedSpec(path))
    const ms = performance.now() - start
    assert.equal(theError(r).code, 'DB_LOCKED')
    assert.equal(theError(r).message, `the database is locked by a writer (${path})`)
    assert.equal(theError(r).suggestion, 'retry when the writing process has committed, or use WAL mode')
    assert.ok(ms >= LOCK_WAIT_MS * 0.95, `it answered after ${ms.toFixed(0)} ms`)
  } finally {
    await lock.release()
  }
})

test('a lock released during the wait lets the async call succeed, soon after the release', { skip }, async () => {
  const path = database()
  const lock = await holdLock(path, 300)
  try {
    const start = performance.now()
    const r = await generateMigrationAsync(lockedSpec(path))
    const ms = performance.now() - start
    assert.ok(lock.lines.includes('released'), 'answered after the lock was released')
    assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
    assert.match(r.upMigration, /ALTER TABLE t ADD COLUMN name TEXT/)
    assert.ok(ms < LOCK_WAIT_MS, `it answered after ${ms.toFixed(0)} ms`)
    // The same migration as once the file is free.
    const free = await generateMigrationAsync(lockedSpec(path))
    assert.equal(r.upMigration, free.upMigration)
  } finally {
    await lock.release()
  }
})

test('after a DB_LOCKED answer nothing keeps the process alive, and nothing is rejected unhandled', { skip }, async () => {
  const path = database()
  const lock = await holdLock(path)
  try {
    // A process of its own: its exit shows that no timer or pending work is left after the answer.
    const script = `const { generateMigrationAsync } = require(${JSON.stringify(require.resolve('../index.js'))})
process.on('unhandledRejection', (e) => { console.log('unhandled', String(e)); process.exitCode = 3 })
generateMigrationAsync(${JSON.stringify(lockedSpec(path))}).then((r) => {
  console.log(r.validation.errors.map((e) => e.code).join(','))
  console.log(JSON.stringify(process.getActiveResourcesInfo().filter((k) => k !== 'TTYWrap' && k !== 'PipeWrap')))
  globalThis.answered = performance.now()
  process.on('exit', () => console.log(Math.round(performance.now() - globalThis.answered)))
})`
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20000 })
    assert.equal(child.status, 0, child.stderr)
    const [codes, resources, exitMs] = child.stdout.trim().split('\n')
    assert.equal(codes, 'DB_LOCKED')
    assert.deepEqual(JSON.parse(resources), [], 'no timer or handle left after the answer')
    assert.ok(Number(exitMs) < 200, `the process ended ${exitMs} ms after the answer`)
  } finally {
    await lock.release()
  }
})

test('the tries: one when no wait is given, the last one when the wait is over, none after an unlocked answer', async () => {
  const { tryUntilUnlocked, DELAYS } = require('../lib/lock-wait.js')
  const tries = []
  const start = performance.now()
  const locked = () => {
    tries.push(performance.now() - start)
    return Promise.resolve({ locked: true, n: tries.length })
  }
  // An addon without LOCK_WAIT_MS (undefined) answers at once rather than trying forever.
  assert.deepEqual(await tryUntilUnlocked(locked, undefined), { locked: true, n: 1 })
  tries.length = 0
  const answer = await tryUntilUnlocked(locked, 300)
  assert.equal(answer.n, tries.length, 'the last locked answer is given')
  assert.ok(tries.at(-1) >= 300, `last try at ${tries.at(-1).toFixed(0)} ms`)
  assert.ok(tries.length >= 4 && tries.length <= 300 / DELAYS[0] + 1, `${tries.length} tries`)
  let calls = 0
  const second = () => Promise.resolve({ locked: ++calls < 2, calls })
  assert.deepEqual(await tryUntilUnlocked(second, 1000), { locked: false, calls: 2 })
  await assert.rejects(tryUntilUnlocked(() => Promise.reject(new Error('native')), 1000), /native/)
})
