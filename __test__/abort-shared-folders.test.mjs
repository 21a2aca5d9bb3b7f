// Writes into one types folder at once, some of them stopped (an aborted signal): the folders a
// stopped write made are removed only while empty, and a write that found such a folder there
// makes it again when it goes before its first file is in it. A user trial: 24 writes into one
// `typesDir`, 18 aborted after 0-9 ms, and in 4 rounds of 40 a write never aborted failed with
// `WRITE_FAILED ENOENT mkdir …/types/a/b` (once `open …/.m0_t0.d.ts.….tmp`), and an aborted
// one now and then with WRITE_FAILED instead of its AbortError.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
const require = createRequire(import.meta.url)
const { generateMigration, writeMigrationFilesAsync } = require('../index.js')
const { writeMigrationFiles, Interrupted } = require('../lib/files.js')

const filesJs = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'lib', 'files.js')
const made = []
const tmpRoot = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-abort-shared-'))
  made.push(dir)
  return dir
}
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

const ID = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
/** The migration `m{i}`, creating the tables `m{i}_t0` to `m{i}_t2`, with their types. */
const migration = (i) => {
  const r = generateMigration({ description: `m${i}`, databaseType: 'sqlite', now: '2026-01-01T00:00:00Z', generateTypes: true, tables: [0, 1, 2].map((j) => ({ name: `m${i}_t${j}`, columns: [ID] })) })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  return r
}
const TYPES_DIR = path.join('types', 'a', 'b')

/** Every file under `dir`, relative (folders are not listed). */
const filesUnder = (dir) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))

/** Asserts that the write of `r` (returning `written`) left its every file complete under `root`. */
function assertComplete(root, r, written, label) {
  const migrationText = fs.readFileSync(written.migrationPath, 'utf8')
  assert.ok(migrationText.includes(r.upMigration) && migrationText.includes(r.downMigration), `${label}: ${written.migrationPath} holds its up and down migrations`)
  for (const t of r.tableTypes) {
    const file = path.join(root, TYPES_DIR, `${t.table}.d.ts`)
    assert.ok(written.typePaths.includes(file), `${label}: ${file} is among its paths`)
    // (Under the second its migration was written for: each write of one instant takes its own.)
    const source = t.source.replaceAll(r.metadata.filename, written.filename)
    assert.ok(fs.readFileSync(file, 'utf8').includes(source), `${label}: ${file} holds its types`)
  }
  const index = fs.readFileSync(path.join(root, TYPES_DIR, 'index.d.ts'), 'utf8')
  for (const t of r.tableTypes) assert.ok(index.includes(`export * from './${t.table}.js'`), `${label}: index.d.ts lists ${t.table}`)
}

test('a stopped write removes the empty types folder it made while another write, which found it there, is about to write in it: the other makes it again and writes every file', async () => {
  const root = tmpRoot()
  const [stopped, kept] = [migration(0), migration(1)]
  // 0: running; 1: the stopped write has made its folders and waits; 2: it may stop now; 3: it is undone.
  const phase = new Int32Array(new SharedArrayBuffer(4))
  const waitWhile = (value) => {
    while (Atomics.load(phase, 0) === value) Atomics.wait(phase, 0, value, 30_000)
  }
  const set = (value) => {
    Atomics.store(phase, 0, value)
    Atomics.notify(phase, 0)
  }
  // The stopped write runs on a thread of its own and pauses at its first step (its folders made),
  // until this thread's write has found them there.
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads')
     const { writeMigrationFiles } = require(workerData.filesJs)
     const phase = new Int32Array(workerData.phase)
     const stop = () => {
       if (Atomics.load(phase, 0) === 0) {
         Atomics.store(phase, 0, 1); Atomics.notify(phase, 0)
         while (Atomics.load(phase, 0) === 1) Atomics.wait(phase, 0, 1, 30000)
       }
       return 'abort'
     }
     let outcome
     try { writeMigrationFiles(workerData.result, workerData.options, stop); outcome = 'written' } catch (e) { outcome = e.constructor.name + ' ' + e.message }
     Atomics.store(phase, 0, 3); Atomics.notify(phase, 0)
     parentPort.postMessage(outcome)`,
    { eval: true, workerData: { filesJs, phase: phase.buffer, result: stopped, options: { rootDir: root, migrationsDir: 'mig/stopped', typesDir: TYPES_DIR } } },
  )
  const outcomeOfStopped = new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  waitWhile(0)
  assert.ok(fs.statSync(path.join(root, TYPES_DIR)).isDirectory(), 'the stopped write made the types folder')
  let first = true
  const stop = () => {
    if (first) {
      first = false
      // This write has made sure of its folders (the types folder was there); the other stops now.
      set(2)
      waitWhile(2)
    }
    return null
  }
  const written = writeMigrationFiles(kept, { rootDir: root, migrationsDir: 'mig/kept', typesDir: TYPES_DIR }, stop)
  assert.equal(first, false, 'the write paused at its first step')
  assert.equal(await outcomeOfStopped, 'Interrupted interrupted (abort)')
  assertComplete(root, kept, written, 'the write never stopped')
  assert.deepEqual(filesUnder(root).sort(), [path.relative(root, written.migrationPath), ...written.typePaths.map((p) => path.relative(root, p))].sort(), 'only its files are there: nothing of the stopped write, no scratch file')
})

test('a write asked to stop that fails before its next step throws Interrupted (an AbortError for the async writers), not the failure, and is undone', () => {
  const root = tmpRoot()
  let asked = false
  const stop = () => {
    if (!asked) {
      asked = true
      // Asked to stop now, and the migrations folder's place is taken by a file: the next step,
      // the migration's temporary file, fails (WRITE_FAILED, before the fix).
      fs.rmSync(path.join(root, 'mig'), { recursive: true })
      fs.writeFileSync(path.join(root, 'mig'), 'in the way')
      return null
    }
    return 'abort'
  }
  assert.throws(
    () => writeMigrationFiles(migration(2), { rootDir: root, migrationsDir: 'mig', typesDir: TYPES_DIR }, stop),
    (e) => e instanceof Interrupted && e.signal === 'abort',
  )
  assert.equal(asked, true)
  assert.deepEqual(filesUnder(root), ['mig'], 'nothing of the write is left, but the file in the way')
})

test('24 writes into one types folder, 18 of them aborted after 0-9 ms, round after round: every write not aborted succeeds with all its files; every aborted one rejects with its AbortError or, too late to stop, succeeds', async () => {
  const results = Array.from({ length: 24 }, (_, i) => migration(i))
  const root = tmpRoot()
  const failures = []
  for (let round = 0; round < 12; round++) {
    fs.rmSync(root, { recursive: true, force: true })
    fs.mkdirSync(root)
    const aborted = (i) => i % 4 !== 0
    const settled = await Promise.allSettled(
      results.map((r, i) => {
        const options = { rootDir: root, migrationsDir: `mig/sub${i % 3}`, typesDir: TYPES_DIR }
        if (aborted(i)) {
          const controller = new AbortController()
          setTimeout(() => controller.abort(), round % 10)
          options.signal = controller.signal
        }
        return writeMigrationFilesAsync(r, options)
      }),
    )
    for (const [i, s] of settled.entries()) {
      const label = `round ${round}, write #${i}${aborted(i) ? ' (aborted)' : ''}`
      if (s.status === 'fulfilled') assertComplete(root, results[i], s.value, label)
      else if (!aborted(i) || s.reason?.name !== 'AbortError') failures.push(`${label}: ${s.reason?.code ?? s.reason?.name} ${s.reason?.message}`)
    }
    // Nothing of a rejected write is left: its migration, or a scratch file (hidden) of any.
    const migrations = filesUnder(root).filter((f) => f.startsWith('mig'))
    for (const [i, s] of settled.entries()) {
      if (s.status === 'rejected') assert.ok(!migrations.some((f) => f.endsWith(`_m${i}.sql`)), `round ${round}: the rejected write #${i} left no migration`)
    }
    assert.deepEqual(
      filesUnder(root).filter((f) => path.basename(f).startsWith('.')),
      [],
      `round ${round}: no scratch file, claim or lock left`,
    )
  }
  assert.deepEqual(failures, [])
})
