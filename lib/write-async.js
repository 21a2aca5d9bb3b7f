'use strict'
/**
 * Writing files on a worker thread (lib/write-worker.js), for the command line (lib/cli.js's
 * `writeInterruptibly`, which stops a write on SIGINT and SIGTERM) and for the API's
 * `writeMigrationFilesAsync` and `writeTypeFilesAsync`: writeMigrationFiles is synchronous, and
 * on the calling thread it blocks the event loop while it flushes every file (a user trial:
 * 0.7 s for 200 tables, 3.4 s for 2,000) and while it waits for another writer's types lock (up
 * to 60 s, asleep in Atomics.wait).
 */
const path = require('node:path')
const os = require('node:os')
const { MigrationGeneratorError } = require('./errors.js')

/**
 * Runs `fn` of lib/files.js (`writeMigrationFiles` or `writeTypeFiles`) on a new worker thread.
 * Resolves to the worker's one message (`{ ok }`, `{ interrupted }`, `{ error }` or `{ bug }`:
 * lib/write-worker.js); a worker that ends without one, or throws, is a `{ bug }`. `flag`, when
 * given, is the Int32Array through which the caller asks the write to stop (the signal's number).
 * Rejects only when the worker cannot be started (its data cannot be cloned: a result holding a
 * function).
 */
function runWriter(fn, result, options, flag) {
  const { Worker } = require('node:worker_threads')
  return new Promise((resolve) => {
    let settled = false
    const done = (outcome) => {
      if (settled) return
      settled = true
      resolve(outcome)
    }
    const worker = new Worker(path.join(__dirname, 'write-worker.js'), { workerData: { fn, result, options, flag: flag ? flag.buffer : null } })
    worker.once('message', done)
    worker.once('error', (e) => done({ bug: { message: String(e && e.message), stack: String(e && e.stack) } }))
    worker.once('exit', (code) => done({ bug: { message: `the writing thread ended (exit code ${code}) without a word`, stack: '' } }))
  })
}

/**
 * The error a worker's `{ error }` message describes, as the synchronous call threw it: a
 * MigrationGeneratorError of the same code, message, path and issues, whose cause (the file
 * system's error behind a WRITE_FAILED or READ_FAILED) is an Error with the same message and
 * `code`, `errno`, `syscall` and `path`.
 */
function errorOf(sent) {
  const details = {}
  if (sent.path !== undefined) details.path = sent.path
  if (sent.issues !== undefined) details.issues = sent.issues
  if (sent.cause !== undefined) details.cause = sent.cause && sent.cause.isError ? Object.assign(new Error(sent.cause.message), sent.cause.props) : sent.cause
  return new MigrationGeneratorError(sent.code, sent.message, details)
}

/** At most this many writes at once run on worker threads of their own; the others wait their turn. */
const MAX_WRITERS = Math.max(4, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length)
let running = 0
const waiting = []

/** Runs `task` (which returns a promise) once fewer than MAX_WRITERS writes are running. */
function inTurn(task) {
  return new Promise((resolve, reject) => {
    const start = () => {
      running++
      let p
      try {
        p = Promise.resolve(task())
      } catch (e) {
        p = Promise.reject(e)
      }
      p.then(resolve, reject).finally(() => {
        running--
        const next = waiting.shift()
        if (next) next()
      })
    }
    if (running < MAX_WRITERS) start()
    else waiting.push(start)
  })
}

/**
 * `fn` of lib/files.js on a worker thread: resolves to what it returns, rejects with what it
 * throws (errorOf). The event loop of the calling thread runs meanwhile. A result or options
 * that cannot be passed to a thread (holding a function, a symbol) is INVALID_ARGUMENT.
 */
function writeOnWorker(fn, result, options) {
  return inTurn(async () => {
    let outcome
    try {
      outcome = await runWriter(fn, result, options)
    } catch (e) {
      if (e && e.name === 'DataCloneError') {
        throw new MigrationGeneratorError('INVALID_ARGUMENT', `${fn}Async needs the result of generateMigration and options as plain data, which a worker thread can be given: ${e.message}`)
      }
      throw e
    }
    if (outcome.error) throw errorOf(outcome.error)
    if (outcome.bug) throw Object.assign(new Error(outcome.bug.message), { stack: outcome.bug.stack })
    return outcome.ok
  })
}

module.exports = { runWriter, writeOnWorker, errorOf, MAX_WRITERS }
