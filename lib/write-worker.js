'use strict'
/**
 * Writes a migration's files on a worker thread (lib/write-async.js's `runWriter`), for the
 * command line (lib/cli.js's `writeInterruptibly`), so that its main thread is free to take
 * SIGINT and SIGTERM while the files are written, and for `writeMigrationFilesAsync` and
 * `writeTypeFilesAsync`, so that the caller's event loop runs meanwhile: writeMigrationFiles is
 * synchronous, and a thread busy in it runs nothing else until the write is over. The command
 * line's main thread sets `workerData.flag[0]` to the signal's number, and the API's async
 * writers to 1 when their `options.signal` aborts; the write looks at it between steps (its
 * `stop` function), and stops and undoes what it did (lib/files.js). Without a flag (the API
 * with no signal) the write is never stopped. Posts one message: `{ ok: written }`,
 * `{ interrupted: signal }`, `{ error: { code, message, path, issues, cause } }` (a
 * MigrationGeneratorError; `cause`, the file system's error behind it, as
 * `{ isError, message, props }`) or `{ bug: { message, stack } }`.
 */
const { parentPort, workerData } = require('node:worker_threads')
const { writeMigrationFiles, writeTypeFiles, Interrupted, MigrationGeneratorError } = require('./files.js')

/** The flag's values: the command line's signals, and an AbortSignal of the API's async writers (lib/write-async.js). */
const SIGNALS = { 1: 'abort', 2: 'SIGINT', 15: 'SIGTERM' }
const flag = workerData.flag ? new Int32Array(workerData.flag) : null
const stop = flag ? () => SIGNALS[Atomics.load(flag, 0)] ?? null : undefined
const write = workerData.fn === 'writeTypeFiles' ? writeTypeFiles : writeMigrationFiles

/** A MigrationGeneratorError's cause as a message can carry it (an Error's own fields are not cloned). */
function causeOf(cause) {
  if (cause === undefined) return undefined
  if (!(cause instanceof Error)) {
    try {
      return structuredClone(cause)
    } catch {
      return String(cause)
    }
  }
  const props = {}
  for (const key of ['code', 'errno', 'syscall', 'path', 'dest']) if (cause[key] !== undefined) props[key] = cause[key]
  return { isError: true, message: cause.message, props }
}

try {
  parentPort.postMessage({ ok: write(workerData.result, workerData.options, stop) })
} catch (err) {
  if (err instanceof Interrupted) parentPort.postMessage({ interrupted: err.signal })
  else if (err instanceof MigrationGeneratorError) parentPort.postMessage({ error: { code: err.code, message: err.message, path: err.path, issues: err.issues, cause: causeOf(err.cause) } })
  else parentPort.postMessage({ bug: { message: String(err && err.message), stack: String(err && err.stack) } })
}
