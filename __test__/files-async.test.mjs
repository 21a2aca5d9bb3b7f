// writeMigrationFilesAsync and writeTypeFilesAsync: the synchronous writers on a worker thread.
// The same files and result, the same errors (as rejections), and the caller's event loop keeps
// running meanwhile, also while the write waits for another writer's types lock.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { filesUnder } from './support/files.mjs'
import { repo, NOW, tempFolders } from './support/harness.mjs'
import * as esm from '../index.mjs'
const require = createRequire(import.meta.url)
const api = require('../index.js')
const { generateMigration, writeMigrationFiles, writeTypeFiles, writeMigrationFilesAsync, writeTypeFilesAsync, MigrationGeneratorError } = api

const example = (name) => JSON.parse(fs.readFileSync(path.join(repo, 'examples', `${name}.json`), 'utf8'))
const tmpRoot = tempFolders('mg-files-async-')
const generate = (name, extra = {}) => {
  const r = generateMigration({ ...example(name), now: NOW, generateTypes: true, ...extra })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  return r
}
/** Every file under `root` with its text, by relative path. */
const contents = (root) => Object.fromEntries(filesUnder(root).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]))
/** A returned value with `root` taken off its paths, to compare writes into two roots. */
const relative = (root, value) => JSON.parse(JSON.stringify(value, (k, v) => (typeof v === 'string' && v.startsWith(root) ? path.relative(root, v) : v)))

/** What `fn` throws, or what `promise` rejects with; fails when it does not. */
async function caught(fnOrPromise) {
  try {
    await (typeof fnOrPromise === 'function' ? fnOrPromise() : fnOrPromise)
  } catch (e) {
    return e
  }
  assert.fail('expected an error')
}

/** Asserts that the async call rejects as the sync one throws: the same class, code, message, path and issues. */
function assertSameError(sync, async, what) {
  assert.ok(sync instanceof MigrationGeneratorError, `${what}: the sync call throws a MigrationGeneratorError: ${sync && sync.stack}`)
  assert.ok(async instanceof MigrationGeneratorError, `${what}: the promise rejects with a MigrationGeneratorError: ${async && async.stack}`)
  assert.equal(async.name, 'MigrationGeneratorError')
  assert.equal(async.code, sync.code, what)
  assert.equal(async.message, sync.message, what)
  assert.equal(async.path, sync.path, what)
  assert.deepEqual(async.issues, sync.issues, what)
  assert.equal('path' in async, 'path' in sync, `${what}: path is set only when the sync error has one`)
  if (sync.cause !== undefined) {
    assert.ok(async.cause instanceof Error, `${what}: the cause is an Error`)
    assert.equal(async.cause.message, sync.cause.message)
    assert.equal(async.cause.code, sync.cause.code)
  } else {
    assert.equal(async.cause, undefined, what)
  }
}

test('exported from require and import, as functions returning promises', () => {
  assert.equal(typeof writeMigrationFilesAsync, 'function')
  assert.equal(typeof writeTypeFilesAsync, 'function')
  assert.equal(esm.writeMigrationFilesAsync, writeMigrationFilesAsync)
  assert.equal(esm.writeTypeFilesAsync, writeTypeFilesAsync)
  assert.equal(esm.default.writeMigrationFilesAsync, writeMigrationFilesAsync)
})

test('writeMigrationFilesAsync writes the same files and returns the same result as writeMigrationFiles', async () => {
  for (const name of ['create_users_table', 'create_orders_table']) {
    for (const extra of [{}, { fileFormat: 'numbered' }, { generateTypes: false }]) {
      const r = generate(name, extra)
      const [syncRoot, asyncRoot] = [tmpRoot(), tmpRoot()]
      const options = (root) => ({ rootDir: root, migrationsDir: 'db/migrations', typesDir: 'src/db' })
      // Two migrations each: the second beside the first (a second later, or the next number).
      for (const result of [r, generate(name, { ...extra, description: 'again' })]) {
        const sync = writeMigrationFiles(result, options(syncRoot))
        const promise = writeMigrationFilesAsync(result, options(asyncRoot))
        assert.ok(promise instanceof Promise)
        const written = await promise
        assert.deepEqual(relative(asyncRoot, written), relative(syncRoot, sync), `${name} ${JSON.stringify(extra)} ${result.metadata.description}`)
      }
      assert.deepEqual(contents(asyncRoot), contents(syncRoot), `${name} ${JSON.stringify(extra)}: the same files, the same text`)
    }
  }
})

test('writeTypeFilesAsync writes the same files and returns the same result as writeTypeFiles', async () => {
  const r = generate('create_orders_table')
  const [syncRoot, asyncRoot] = [tmpRoot(), tmpRoot()]
  for (let round = 0; round < 2; round++) {
    const sync = writeTypeFiles(r, { rootDir: syncRoot, typesDir: 't' })
    const written = await writeTypeFilesAsync(r, { rootDir: asyncRoot, typesDir: 't' })
    assert.deepEqual(relative(asyncRoot, written), relative(syncRoot, sync), `round ${round} (the second keeps every file: unchanged)`)
  }
  assert.deepEqual(contents(asyncRoot), contents(syncRoot))
  assert.deepEqual(filesUnder(asyncRoot), [path.join('t', 'index.d.ts'), path.join('t', 'orders.d.ts'), path.join('t', 'users.d.ts')])
})

test('errors reject with the MigrationGeneratorError the sync call throws (code, message, path, issues, cause), and nothing is written', async () => {
  const r = generate('create_users_table')
  const orders = generate('create_orders_table')
  const clash = { ...orders, tableTypes: [orders.tableTypes[0], { ...orders.tableTypes[0], table: 'orders_copy' }] }
  const invalid = generateMigration({ databaseType: 'sqlite', tables: [{ name: 'x', columns: [] }], generateTypes: true })
  assert.equal(invalid.validation.valid, false)
  const cases = [
    ['FILE_EXISTS', r, (root) => {
      writeMigrationFiles(r, { rootDir: root })
      return { rootDir: root }
    }],
    ['VALIDATION_FAILED', invalid, (root) => ({ rootDir: root })],
    ['INVALID_ARGUMENT', null, (root) => ({ rootDir: root })],
    ['INVALID_ARGUMENT', r, () => ({})],
    ['ROOT_NOT_FOUND', r, (root) => ({ rootDir: path.join(root, 'missing') })],
    ['PATH_OUTSIDE_ROOT', r, (root) => ({ rootDir: root, migrationsDir: '../elsewhere' })],
    ['WRITE_FAILED', r, (root) => {
      // A file where the migrations folder should be.
      fs.writeFileSync(path.join(root, 'database'), 'a file')
      return { rootDir: root }
    }],
    // A table whose types a hand-made result gives the names of another's.
    ['TYPE_NAME_CONFLICT', clash, (root) => ({ rootDir: root })],
  ]
  for (const [code, result, prepare] of cases) {
    // One root for both calls (the messages name its paths): neither writes anything.
    const root = tmpRoot()
    const options = prepare(root)
    const before = contents(root)
    const sync = await caught(() => writeMigrationFiles(result, options))
    assert.equal(sync.code, code, sync.message)
    assert.deepEqual(contents(root), before, `${code}: the sync call wrote nothing`)
    assertSameError(sync, await caught(writeMigrationFilesAsync(result, options)), code)
    assert.deepEqual(contents(root), before, `${code}: the async call wrote nothing`)
  }
  // writeTypeFilesAsync too: a result without tableTypes, and a hand-written file in the way.
  const noTypes = generate('create_users_table', { generateTypes: false })
  const root = tmpRoot()
  assertSameError(await caught(() => writeTypeFiles(noTypes, { rootDir: root })), await caught(writeTypeFilesAsync(noTypes, { rootDir: root })), 'no tableTypes')
  fs.mkdirSync(path.join(root, 't'))
  fs.writeFileSync(path.join(root, 't', 'users.d.ts'), 'export type Mine = 1\n')
  const handWritten = await caught(writeTypeFilesAsync(r, { rootDir: root, typesDir: 't' }))
  assert.equal(handWritten.code, 'FILE_EXISTS')
  assertSameError(await caught(() => writeTypeFiles(r, { rootDir: root, typesDir: 't' })), handWritten, 'hand-written users.d.ts')
  assert.equal(fs.readFileSync(path.join(root, 't', 'users.d.ts'), 'utf8'), 'export type Mine = 1\n')
})

test('a result that cannot be passed to a thread (a function in it) rejects with INVALID_ARGUMENT, nothing written', async () => {
  const root = tmpRoot()
  const r = { ...generate('create_users_table'), toJSON() {} }
  const e = await caught(writeMigrationFilesAsync(r, { rootDir: root }))
  assert.ok(e instanceof MigrationGeneratorError)
  assert.equal(e.code, 'INVALID_ARGUMENT')
  assert.match(e.message, /^writeMigrationFilesAsync needs the result of generateMigration and options as plain data/)
  assert.deepEqual(filesUnder(root), [])
})

test('the event loop keeps running while the write waits for a types lock another writer holds; the write completes once it is released', async () => {
  const root = tmpRoot()
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  const lockPath = path.join(typesDir, '.migration-types.lock')
  // Held by a live writer (this process: not stale) that took it just now.
  fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'held', time: Date.now() }))
  const r = generate('create_orders_table')
  let ticks = 0
  const timer = setInterval(() => ticks++, 10)
  let settled = false
  const started = Date.now()
  const promise = writeMigrationFilesAsync(r, { rootDir: root }).finally(() => {
    settled = true
  })
  try {
    await new Promise((resolve) => setTimeout(resolve, 800))
    assert.equal(settled, false, 'the write waits for the lock')
    // A timer every 10 ms ticked through the wait (a sleeping thread would have run none).
    assert.ok(ticks >= 20, `the event loop ran during the wait: ${ticks} ticks in ${Date.now() - started} ms`)
    const migrations = path.join(root, 'database', 'migrations')
    assert.deepEqual(fs.existsSync(migrations) ? fs.readdirSync(migrations).filter((n) => n.endsWith('.sql')) : [], [], 'no migration while its types wait')
    fs.unlinkSync(lockPath)
    const written = await promise
    assert.equal(fs.readFileSync(written.migrationPath, 'utf8'), r.fileContent)
    for (const p of written.typePaths) assert.ok(fs.existsSync(p), p)
    assert.equal(fs.existsSync(lockPath), false, 'its own lock is released')
  } finally {
    clearInterval(timer)
    if (fs.existsSync(lockPath)) fs.unlinkSync(lockPath)
  }
})

test('more calls at once than writer threads run: every one is written, as the sync calls write them', async () => {
  const { MAX_WRITERS } = require('../lib/write-async.js')
  const r = generate('create_users_table')
  const roots = Array.from({ length: MAX_WRITERS + 3 }, () => tmpRoot())
  const written = await Promise.all(roots.map((root) => writeMigrationFilesAsync(r, { rootDir: root })))
  const syncRoot = tmpRoot()
  const sync = writeMigrationFiles(r, { rootDir: syncRoot })
  for (const [i, root] of roots.entries()) {
    assert.deepEqual(relative(root, written[i]), relative(syncRoot, sync))
    assert.deepEqual(contents(root), contents(syncRoot))
  }
  // And into one root at once: distinct timestamps, as writers in several threads get.
  const shared = tmpRoot()
  const many = await Promise.all(Array.from({ length: 6 }, (_, i) => writeMigrationFilesAsync(generate('create_users_table', { description: `add_${i}` }), { rootDir: shared })))
  assert.equal(new Set(many.map((w) => w.filename.slice(0, 14))).size, 6)
})

/** Holds the types lock of `root`'s default types folder as a live writer (this process) does; returns its path. */
function holdTypesLock(root) {
  const typesDir = path.join(root, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  const lockPath = path.join(typesDir, '.migration-types.lock')
  fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'held', time: Date.now() }))
  return lockPath
}

/** Resolves once `promise` has settled or `ms` have passed, to whether it settled. */
const settledWithin = (promise, ms) => Promise.race([promise.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))])

test('options.signal already aborted: the promise rejects with its reason and nothing is written', async () => {
  const r = generate('create_orders_table')
  for (const [fn, write] of [['writeMigrationFilesAsync', writeMigrationFilesAsync], ['writeTypeFilesAsync', writeTypeFilesAsync]]) {
    const root = tmpRoot()
    const e = await caught(write(r, { rootDir: root, signal: AbortSignal.abort() }))
    assert.equal(e.name, 'AbortError', `${fn}: ${e && e.stack}`)
    assert.ok(e instanceof DOMException, fn)
    const reason = new Error('the user went away')
    assert.equal(await caught(write(r, { rootDir: root, signal: AbortSignal.abort(reason) })), reason, `${fn}: abort(reason) rejects with that reason`)
    assert.deepEqual(fs.readdirSync(root), [], `${fn}: nothing written, no folder made`)
  }
})

test('options.signal aborted while the write waits for the types lock: it stops at once, undoes what it staged, and rejects with the reason; the files already there stay as they were', async () => {
  const root = tmpRoot()
  const first = await writeMigrationFilesAsync(generate('create_users_table'), { rootDir: root })
  assert.ok(fs.existsSync(first.migrationPath))
  const before = contents(root)
  const lockPath = holdTypesLock(root)
  try {
    const controller = new AbortController()
    const started = Date.now()
    const promise = writeMigrationFilesAsync(generate('create_orders_table', { description: 'orders' }), { rootDir: root, signal: controller.signal })
    // Staged and waiting for the lock (it waits up to 60 s for a live holder).
    const typesDir = path.dirname(lockPath)
    while (!fs.readdirSync(typesDir).some((n) => n.endsWith('.tmp')) && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 5))
    assert.ok(fs.readdirSync(typesDir).some((n) => n.endsWith('.tmp')), 'the write staged its type files before waiting')
    assert.equal(await settledWithin(promise, 300), false, 'the write waits for the lock')
    const reason = new Error('deadline passed')
    const abortedAt = Date.now()
    controller.abort(reason)
    assert.equal(await caught(promise), reason)
    assert.ok(Date.now() - abortedAt < 5_000, `stopped ${Date.now() - abortedAt} ms after the abort, not when the lock was freed`)
  } finally {
    fs.unlinkSync(lockPath)
  }
  assert.deepEqual(contents(root), before, 'no temporary file, no new migration, the type files as they were')
})

test('options.signal aborted while the call waits its turn behind the writer threads: it leaves the queue at once, and the others write', async () => {
  const { MAX_WRITERS } = require('../lib/write-async.js')
  const r = generate('create_users_table')
  const busy = Array.from({ length: MAX_WRITERS }, () => tmpRoot())
  const locks = busy.map(holdTypesLock)
  try {
    const writing = busy.map((root) => writeMigrationFilesAsync(r, { rootDir: root }))
    const queued = tmpRoot()
    const controller = new AbortController()
    const promise = writeMigrationFilesAsync(r, { rootDir: queued, signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 200))
    controller.abort()
    assert.equal(await settledWithin(promise, 2_000), true, 'rejected without waiting for a writer thread')
    assert.equal((await caught(promise)).name, 'AbortError')
    assert.deepEqual(fs.readdirSync(queued), [], 'never started: nothing written')
    for (const lock of locks) fs.unlinkSync(lock)
    for (const [i, written] of (await Promise.all(writing)).entries()) assert.equal(fs.readFileSync(written.migrationPath, 'utf8'), r.fileContent, busy[i])
  } finally {
    for (const lock of locks) if (fs.existsSync(lock)) fs.unlinkSync(lock)
  }
})

test('options.signal that is not an AbortSignal is INVALID_ARGUMENT; one that never aborts changes nothing', async () => {
  const r = generate('create_orders_table')
  const root = tmpRoot()
  for (const signal of [true, 'abort', { aborted: false }, null]) {
    const e = await caught(writeMigrationFilesAsync(r, { rootDir: root, signal }))
    assert.ok(e instanceof MigrationGeneratorError, `${JSON.stringify(signal)}: ${e && e.stack}`)
    assert.equal(e.code, 'INVALID_ARGUMENT')
    assert.match(e.message, /^writeMigrationFilesAsync: options\.signal must be an AbortSignal/)
  }
  assert.deepEqual(fs.readdirSync(root), [])
  const syncRoot = tmpRoot()
  const sync = writeMigrationFiles(r, { rootDir: syncRoot })
  const written = await writeMigrationFilesAsync(r, { rootDir: root, signal: new AbortController().signal })
  assert.deepEqual(relative(root, written), relative(syncRoot, sync))
  assert.deepEqual(contents(root), contents(syncRoot))
})

test('one AbortSignal shared by many writes at once: no leak warning (one listener for all), every write done; aborted, every one still running or waiting stops', async () => {
  const { MAX_WRITERS } = require('../lib/write-async.js')
  const r = generate('create_users_table')
  const warnings = []
  const onWarning = (w) => warnings.push(w)
  process.on('warning', onWarning)
  try {
    const controller = new AbortController()
    const roots = Array.from({ length: MAX_WRITERS + 12 }, () => tmpRoot())
    const written = await Promise.all(roots.map((root) => writeMigrationFilesAsync(r, { rootDir: root, signal: controller.signal })))
    for (const w of written) assert.equal(fs.readFileSync(w.migrationPath, 'utf8'), r.fileContent)
    // Each waiting for a held types lock, then the one signal aborts them all.
    const busy = Array.from({ length: MAX_WRITERS + 12 }, () => tmpRoot())
    const locks = busy.map(holdTypesLock)
    try {
      const stopped = busy.map((root) => writeMigrationFilesAsync(generate('create_orders_table'), { rootDir: root, signal: controller.signal }))
      await new Promise((resolve) => setTimeout(resolve, 300))
      controller.abort()
      const outcomes = await Promise.allSettled(stopped)
      assert.deepEqual(outcomes.map((o) => o.status === 'rejected' && o.reason.name), outcomes.map(() => 'AbortError'))
      for (const root of busy) assert.deepEqual(filesUnder(root), [path.join('types', 'generated', 'db', '.migration-types.lock')], root)
    } finally {
      for (const lock of locks) fs.unlinkSync(lock)
    }
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(warnings.map((w) => w.name), [], warnings.map(String).join('\n'))
  } finally {
    process.off('warning', onWarning)
  }
})

test('the synchronous writers cannot be stopped: options.signal is INVALID_ARGUMENT there, nothing written', () => {
  const r = generate('create_orders_table')
  const root = tmpRoot()
  for (const [name, write] of [['writeMigrationFiles', writeMigrationFiles], ['writeTypeFiles', writeTypeFiles]]) {
    let e
    try {
      write(r, { rootDir: root, signal: new AbortController().signal })
    } catch (err) {
      e = err
    }
    assert.ok(e instanceof MigrationGeneratorError, `${name}: ${e && e.stack}`)
    assert.equal(e.code, 'INVALID_ARGUMENT')
    assert.equal(e.message, `${name} is synchronous and cannot be stopped: options.signal is for ${name}Async`)
  }
  assert.deepEqual(fs.readdirSync(root), [])
})
