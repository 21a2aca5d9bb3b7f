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
const { MigrationGeneratorError, isA, readingThrew } = require('./errors.js')
const { refuseUnknownOptions } = require('./option-names.js')

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

/** For each AbortSignal given to a write: the calls to make when it aborts. */
const onAbortOf = new WeakMap()

/**
 * Calls `fn` when `signal` aborts. However many writes share the signal, it gets one listener
 * (one per write made Node warn of a leak past 10: MaxListenersExceededWarning). Returns the
 * function that takes `fn` back.
 */
function whenAborted(signal, fn) {
  let calls = onAbortOf.get(signal)
  if (!calls) {
    calls = new Set()
    onAbortOf.set(signal, calls)
    signal.addEventListener(
      'abort',
      () => {
        onAbortOf.delete(signal)
        for (const call of [...calls]) call()
      },
      { once: true },
    )
  }
  calls.add(fn)
  return () => calls.delete(fn)
}

/**
 * Runs `task` (which returns a promise) once fewer than MAX_WRITERS writes are running. A call
 * whose `signal` aborts while it waits its turn leaves the queue at once, rejected with the
 * signal's reason.
 */
function inTurn(task, signal) {
  return new Promise((resolve, reject) => {
    let forget = () => {}
    const start = () => {
      forget()
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
    function leave() {
      const at = waiting.indexOf(start)
      if (at >= 0) waiting.splice(at, 1)
      reject(signal.reason)
    }
    if (running < MAX_WRITERS) start()
    else {
      waiting.push(start)
      if (signal) forget = whenAborted(signal, leave)
    }
  })
}

/** The flag's value that asks a write to stop for an AbortSignal (lib/write-worker.js's name for it: 'abort'). */
const ABORT = 1

/** Whether `value` is an AbortSignal (also one from another realm: by its shape). */
function isAbortSignal(value) {
  return (
    value instanceof AbortSignal ||
    (value !== null && typeof value === 'object' && typeof value.aborted === 'boolean' && typeof value.addEventListener === 'function' && typeof value.removeEventListener === 'function')
  )
}

/**
 * `options.signal` (undefined when there is none) and the options without it (an AbortSignal
 * cannot be passed to a thread). INVALID_ARGUMENT when it is there and not an AbortSignal.
 */
function signalOf(fn, options) {
  if (!options || typeof options !== 'object' || !('signal' in options) || options.signal === undefined) return { signal: undefined, options }
  const { signal, ...rest } = options
  if (!isAbortSignal(signal)) throw new MigrationGeneratorError('INVALID_ARGUMENT', `${fn}Async: options.signal must be an AbortSignal (from an AbortController, or AbortSignal.timeout())`)
  return { signal, options: rest }
}

/**
 * `fn` of lib/files.js on a worker thread: resolves to what it returns, rejects with what it
 * throws (errorOf). The event loop of the calling thread runs meanwhile. A result or options
 * that cannot be passed to a thread (holding a function, a symbol) is INVALID_ARGUMENT.
 *
 * `options.signal`, an AbortSignal, stops the write: aborted before the call or while it waits
 * its turn, nothing is started; aborted while it writes, the write stops at its next step and
 * undoes what it did (as on SIGINT at the command line: temporary files, the migration and the
 * folders it made removed while empty, the type files it replaced put back). Either way (also
 * when the write met an error after the abort: lib/files.js's failureOf) the promise
 * rejects with the signal's reason (`signal.reason`: a DOMException named 'AbortError' unless
 * `abort(reason)` gave another), as fetch() does. Aborted after the last step that can be
 * undone, the write is complete and the promise resolves with it.
 */
function writeOnWorker(fn, result, options) {
  let signal
  try {
    refuseUnknownOptions(options, `${fn}Async`, { async: true })
    ;({ signal, options } = signalOf(fn, options))
  } catch (e) {
    // A getter or Proxy trap of the options that throws: INVALID_ARGUMENT, not the raw throw.
    return Promise.reject(readingThrew(e, `${fn}Async needs options as a plain object`))
  }
  if (signal && signal.aborted) return Promise.reject(signal.reason)
  return inTurn(async () => {
    let outcome
    const flag = signal ? new Int32Array(new SharedArrayBuffer(4)) : undefined
    const forget = signal ? whenAborted(signal, () => Atomics.store(flag, 0, ABORT)) : () => {}
    try {
      outcome = await runWriter(fn, result, options, flag)
    } catch (e) {
      // Copying them for the thread is all that can fail here: a value it cannot copy (a
      // function), or a getter or Proxy trap that throws as it is read (readingThrew).
      if (isA(e, Error) && e.name === 'DataCloneError') {
        throw new MigrationGeneratorError('INVALID_ARGUMENT', `${fn}Async needs the result of generateMigration and options as plain data, which a worker thread can be given: ${e.message}`)
      }
      throw readingThrew(e, `${fn}Async needs the result of generateMigration and options as plain data`)
    } finally {
      forget()
    }
    if (outcome.interrupted) throw signal.reason
    if (outcome.error) throw errorOf(outcome.error)
    if (outcome.bug) throw Object.assign(new Error(outcome.bug.message), { stack: outcome.bug.stack })
    return outcome.ok
  }, signal)
}

module.exports = { runWriter, writeOnWorker, errorOf, MAX_WRITERS }
