// generateMigrationAsync: many independent specs generated concurrently (Promise.all, on the
// library's own threads) give exactly the results of generating them one by one; Node's own work
// on libuv's pool is not held up behind them; worker threads can use it too, and end with
// generations pending without harm.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, stat } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { generateMigration, generateMigrationAsync } = require('../index.js')

const example = (name) => JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8'))

/** N distinct specs: both examples on every dialect, with different descriptions, times and options. */
function specs(n) {
  const out = []
  const dialects = ['sqlite', 'postgresql', 'mysql']
  const names = ['create_users_table', 'create_orders_table']
  for (let i = 0; i < n; i++) {
    const base = example(names[i % names.length])
    out.push({
      ...base,
      description: `${base.description}_${i}`,
      databaseType: dialects[i % dialects.length],
      now: new Date(Date.UTC(2026, 1, 9, 12, 0, i)).toISOString(),
      fileFormat: i % 4 === 0 ? 'numbered' : 'timestamp',
      timestamps: i % 5 !== 0,
      generateTypes: i % 2 === 0,
    })
  }
  // Invalid specs mixed in come back as error results, in their place.
  const now = '2026-02-09T13:00:00Z'
  out.push({ description: 'bad_table', databaseType: 'sqlite', now, tables: [{ name: 'Users', columns: [] }] })
  out.push({ description: 'bad_dialect', databaseType: 'oracle', now, tables: [{ name: 't', columns: [] }] })
  return out
}

/**
 * The result, with one exception: an invalid result's metadata.generatedAt is the wall-clock time
 * even when the spec gives `now` (a core behaviour reported separately), so it is blanked for
 * invalid results only. Valid results are compared whole.
 */
const comparable = (r) => (r.validation.valid ? r : { ...r, metadata: { ...r.metadata, generatedAt: '(clock)' } })

test('N specs generated concurrently equal the same specs generated one by one', async () => {
  const input = specs(48)
  const oneByOne = input.map((s) => generateMigration(s))
  const concurrent = await Promise.all(input.map((s) => generateMigrationAsync(s)))
  assert.equal(concurrent.length, input.length)
  for (let i = 0; i < input.length; i++) {
    assert.deepEqual(comparable(concurrent[i]), comparable(oneByOne[i]), `spec ${i} (${input[i].description})`)
  }
  // Each result belongs to its own spec (no cross-talk between threads).
  for (let i = 0; i < 48; i++) {
    assert.equal(concurrent[i].validation.valid, true, JSON.stringify(concurrent[i].validation.errors))
    assert.equal(concurrent[i].metadata.description, input[i].description)
    assert.equal(concurrent[i].metadata.databaseType, input[i].databaseType)
  }
  assert.equal(concurrent[48].validation.valid, false)
  assert.equal(concurrent[49].validation.valid, false)
})

test('repeated concurrent rounds are stable', async () => {
  const input = specs(12)
  const first = await Promise.all(input.map((s) => generateMigrationAsync(s)))
  const second = await Promise.all(input.map((s) => generateMigrationAsync(s)))
  assert.equal(second.length, first.length)
  for (let i = 0; i < first.length; i++) assert.deepEqual(comparable(second[i]), comparable(first[i]), `spec ${i}`)
})

/**
 * A spec of `n` tables, each with a foreign key to the one before, an index and a check: large
 * enough that a call on its own shares its work with a second thread, which calls running side by
 * side do not (the binding keeps each of them on its own thread).
 */
function largeSpec(n, databaseType, i) {
  const tables = Array.from({ length: n }, (_, t) => ({
    name: `t${i}_${t}`,
    columns: [
      { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
      { name: 'label', type: 'VARCHAR', length: 80, nullable: false, default: `it's ${t}` },
      { name: 'amount', type: 'DECIMAL', precision: 10, scale: 2, nullable: true },
      ...(t > 0 ? [{ name: 'parent_id', type: 'INTEGER', nullable: true }] : []),
    ],
    primaryKey: ['id'],
    foreignKeys: t > 0 ? [{ columns: ['parent_id'], referencedTable: `t${i}_${t - 1}`, referencedColumns: ['id'], onDelete: 'CASCADE' }] : [],
    checkConstraints: [{ name: `chk_t${i}_${t}_amount`, expression: 'amount >= 0' }],
    indexes: [{ name: `idx_t${i}_${t}_label`, columns: ['label'], unique: false }],
  }))
  return { description: `large_${i}`, databaseType, now: '2026-02-09T12:00:00Z', generateTypes: true, tables }
}

test('large specs generated side by side equal the same specs generated one by one, errors too', async () => {
  const dialects = ['sqlite', 'postgresql', 'mysql']
  const input = Array.from({ length: 9 }, (_, i) => largeSpec(150, dialects[i % 3], i))
  // Two invalid ones: errors far apart in the table list must come back in the same order.
  for (const [k, spec] of [[9, largeSpec(150, 'postgresql', 9)], [10, largeSpec(150, 'sqlite', 10)]]) {
    for (const t of [3, 77, 149]) spec.tables[t].indexes[0].columns = ['missing']
    input[k] = spec
  }
  const oneByOne = input.map((s) => generateMigration(s))
  const concurrent = await Promise.all(input.map((s) => generateMigrationAsync(s)))
  for (let i = 0; i < input.length; i++) {
    assert.deepEqual(comparable(concurrent[i]), comparable(oneByOne[i]), `spec ${i}`)
    assert.equal(oneByOne[i].validation.valid, i < 9, JSON.stringify(oneByOne[i].validation.errors.slice(0, 2)))
  }
  for (const k of [9, 10]) {
    assert.deepEqual(
      concurrent[k].validation.errors.map((e) => [e.code, e.table]),
      [3, 77, 149].map((t) => ['UNKNOWN_COLUMN', `t${k}_${t}`]),
    )
  }
})

test("queued generations do not hold up Node's file system calls (they run on threads of their own)", async () => {
  // 24 SQLite generations of 200 tables queued, then one fs.stat, which libuv runs on its own
  // pool. With the generations on that pool (4 threads, first come first served) the stat could
  // only start once 21 of them had finished. On the library's own threads libuv's pool is idle and
  // the stat runs at once; its callback (which counts) can still come after a few generations
  // that finished meanwhile while the cores are busy (0–4 in 36 rounds on 2 cores). SQLite without
  // types: slow to generate for a small result, so that the main thread keeps up with them.
  const statted = () => new Promise((resolve, reject) => stat(new URL('../package.json', import.meta.url), (err) => (err ? reject(err) : resolve())))
  await statted() // libuv starts its threads on first use
  const input = Array.from({ length: 24 }, (_, i) => ({ ...largeSpec(200, 'sqlite', 100 + i), generateTypes: false }))
  let resolved = 0
  const generations = Promise.all(input.map((s) => generateMigrationAsync(s).then((r) => { resolved++; return r })))
  const resolvedBeforeStat = await statted().then(() => resolved)
  const results = await generations
  assert.ok(results.every((r) => r.validation.valid))
  assert.ok(resolvedBeforeStat < 12, `the stat finished after ${resolvedBeforeStat} of 24 generations`)
})

/** Runs `source` (an ES module) in a worker thread; resolves with its messages once it exits. */
function inWorker(source, { terminateAfterFirstMessage = false } = {}) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { index: require.resolve('../index.js') } })
    const messages = []
    worker.on('message', (m) => {
      messages.push(m)
      if (terminateAfterFirstMessage) worker.terminate()
    })
    worker.on('error', reject)
    worker.on('exit', (code) => resolve({ code, messages }))
  })
}

test('worker threads generate with the same results, and may end with generations pending', async () => {
  const specsJson = JSON.stringify(specs(6))
  const done = await inWorker(`
    const { workerData, parentPort } = require('node:worker_threads')
    const { generateMigrationAsync } = require(workerData.index)
    Promise.all(${specsJson}.map((s) => generateMigrationAsync(s))).then((r) => parentPort.postMessage(JSON.stringify(r)))
  `)
  assert.equal(done.code, 0)
  const fromWorker = JSON.parse(done.messages[0])
  const here = specs(6).map((s) => generateMigration(s))
  for (let i = 0; i < here.length; i++) assert.deepEqual(comparable(fromWorker[i]), comparable(here[i]), `spec ${i}`)

  // A worker that queues large generations and is terminated at once: the results it will never
  // take are dropped, and this process goes on generating.
  const large = JSON.stringify(Array.from({ length: 8 }, (_, i) => largeSpec(200, 'sqlite', 200 + i)))
  const ended = await inWorker(`
    const { workerData, parentPort } = require('node:worker_threads')
    const { generateMigrationAsync } = require(workerData.index)
    const pending = ${large}.map((s) => generateMigrationAsync(s))
    parentPort.postMessage('queued')
    Promise.all(pending).then(() => parentPort.postMessage('finished'))
  `, { terminateAfterFirstMessage: true })
  assert.deepEqual(ended.messages.slice(0, 1), ['queued'])
  const after = await Promise.all(specs(3).map((s) => generateMigrationAsync(s)))
  assert.deepEqual(after.map(comparable), specs(3).map((s) => comparable(generateMigration(s))))
})

test('a pending generation keeps the process alive until it settles; the threads do not keep it alive after', () => {
  // The script ends with the promise pending: the result must still be printed, and the process
  // must then exit by itself (the pool's idle threads do not hold it).
  const script = `
    const { generateMigrationAsync } = require(${JSON.stringify(require.resolve('../index.js'))})
    generateMigrationAsync(${JSON.stringify(specs(1)[0])}).then((r) => console.log('valid:' + r.validation.valid))
  `
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 })
  assert.equal(r.signal, null, 'the process did not exit by itself')
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout.trim(), 'valid:true')
})

test("a panic on the library's thread rejects that promise only: every thread lives on and later calls resolve", async () => {
  const native = require('../native.js')
  const os = require('node:os')
  // More panics than threads, at once: each thread panics at least once if any thread died.
  const many = Math.max(4, os.availableParallelism() * 2)
  const results = await Promise.allSettled(Array.from({ length: many }, () => native.__panicForTestsAsync()))
  for (const r of results) {
    assert.equal(r.status, 'rejected')
    assert.match(String(r.reason && r.reason.message), /internal error in migration-generator: the generation panicked/)
  }
  // specs(n) is n valid specs, then two invalid ones.
  const input = specs(many).slice(0, many)
  const after = await Promise.all(input.map((s) => generateMigrationAsync(s)))
  for (let i = 0; i < many; i++) {
    assert.equal(after[i].validation.valid, true, JSON.stringify(after[i].validation.errors))
    assert.deepEqual(comparable(after[i]), comparable(generateMigration(input[i])))
  }
})
