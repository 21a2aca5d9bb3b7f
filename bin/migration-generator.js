#!/usr/bin/env node
'use strict'
// The `migration-generator` command (see lib/cli.js, or run it with --help).
const { main, jsonRequested } = require('../lib/cli.js')

/**
 * The reader of our output went away (`... | head`): there is no one left to tell, so stop
 * quietly, with the exit code the command already had, instead of Node's unhandled-'error'
 * stack trace. Any other stream error is reported in one line, exit code 1.
 */
function quietOnBrokenPipe(stream) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    // Anything else (a full disk behind a redirect, say): one line where it can still go, as
    // for any other failure, and exit code 1; not an uncaught exception's stack trace.
    try {
      const other = stream === process.stderr ? process.stdout : process.stderr
      other.write(`migration-generator: cannot write output: ${err && err.message}\n`)
    } catch {}
    process.exit(1)
  })
}
quietOnBrokenPipe(process.stdout)
quietOnBrokenPipe(process.stderr)

/**
 * A bug, not a usage or validation problem: one line, the stack only with DEBUG set; with
 * --json, the one JSON object main() gives for one, however early it came.
 */
function reportBug(err) {
  const message = `internal error: ${err && err.message}`
  if (jsonRequested(process.argv.slice(2))) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'INTERNAL_ERROR', message } }, null, 2)}\n`)
  else process.stderr.write(`migration-generator: ${message}\n`)
  if (process.env.DEBUG) process.stderr.write(`${err && err.stack}\n`)
  process.exitCode = 1
}

try {
  // `signals`: files are written on a worker thread, and SIGINT or SIGTERM meanwhile undoes
  // them (exit code 130 or 143); the exit code then comes as a promise.
  const code = main(process.argv.slice(2), { signals: true })
  if (typeof code === 'number') process.exitCode = code
  else code.then((c) => (process.exitCode = c), reportBug)
} catch (err) {
  reportBug(err)
}
