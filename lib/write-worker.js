'use strict'
/**
 * Writes a migration's files on a worker thread for the command line (lib/cli.js's
 * `writeInterruptibly`), so that its main thread is free to take SIGINT and SIGTERM while the
 * files are written: writeMigrationFiles is synchronous, and a signal handler of a thread busy
 * in it would run only once the write was over. The main thread sets `workerData.flag[0]` to the
 * signal's number; the write looks at it between steps (its `stop` function), and stops and
 * undoes what it did (lib/files.js). Posts one message: `{ ok: written }`, `{ interrupted:
 * signal }`, `{ error: { code, message, path } }` (a MigrationGeneratorError) or `{ bug: {
 * message, stack } }`.
 */
const { parentPort, workerData } = require('node:worker_threads')
const { writeMigrationFiles, writeTypeFiles, Interrupted, MigrationGeneratorError } = require('./files.js')

const SIGNALS = { 2: 'SIGINT', 15: 'SIGTERM' }
const flag = new Int32Array(workerData.flag)
const stop = () => SIGNALS[Atomics.load(flag, 0)] ?? null
const write = workerData.fn === 'writeTypeFiles' ? writeTypeFiles : writeMigrationFiles

try {
  parentPort.postMessage({ ok: write(workerData.result, workerData.options, stop) })
} catch (err) {
  if (err instanceof Interrupted) parentPort.postMessage({ interrupted: err.signal })
  else if (err instanceof MigrationGeneratorError) parentPort.postMessage({ error: { code: err.code, message: err.message, path: err.path } })
  else parentPort.postMessage({ bug: { message: String(err && err.message), stack: String(err && err.stack) } })
}
