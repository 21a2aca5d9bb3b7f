#!/usr/bin/env node
'use strict'
// The `migration-generator` command (see lib/cli.js, or run it with --help).
const { main } = require('../lib/cli.js')

try {
  process.exitCode = main(process.argv.slice(2))
} catch (err) {
  // A bug, not a usage or validation problem: one line, the stack only with DEBUG set.
  process.stderr.write(`migration-generator: internal error: ${err && err.message}\n`)
  if (process.env.DEBUG) process.stderr.write(`${err && err.stack}\n`)
  process.exitCode = 1
}
