'use strict'
// One of several processes writing a migration into the same project at the same moment
// (files.test.mjs). Usage: node concurrent-writer.cjs ROOT DESCRIPTION TABLE [FORMAT [COUNT]]
// FORMAT is the fileFormat ('numbered', the default, or 'timestamp'); COUNT how many times the
// migration is written, one call after the other (1 by default).
//
// It generates its migration (one table, with types), prints `ready`, then blocks reading its
// standard input: the test releases every writer at once by writing a line to each. It prints
// one JSON line: { ok: written } or { error: { code, message } }; with a COUNT, { calls: [...] },
// one of those for each call. Each call writes a migration generated one second after the one
// before (`now`): the very same generation written again is FILE_EXISTS.
const fs = require('node:fs')
const path = require('node:path')
const { generateMigration, writeMigrationFiles } = require(path.join(__dirname, '..', '..', 'index.js'))

const [root, description, table, fileFormat = 'numbered', count] = process.argv.slice(2)
const results = Array.from({ length: count === undefined ? 1 : Number(count) }, (_, i) => {
  const result = generateMigration({
    description,
    databaseType: 'sqlite',
    fileFormat,
    generateTypes: true,
    now: new Date(Date.parse('2026-02-09T12:00:00Z') + i * 1000).toISOString(),
    tables: [{ name: table, columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'label', type: 'TEXT', nullable: true }] }],
  })
  if (!result.validation.valid) throw new Error(JSON.stringify(result.validation.errors))
  return result
})

/** Blocks until a line arrives on standard input (a pipe may be non-blocking: then it polls). */
function waitForGo() {
  const buf = Buffer.alloc(16)
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      if (fs.readSync(0, buf, 0, buf.length, null) > 0) return
      throw new Error('standard input closed before the go signal')
    } catch (err) {
      if (err.code !== 'EAGAIN') throw err
      Atomics.wait(pause, 0, 0, 1)
    }
  }
}

process.stdout.write('ready\n')
waitForGo()
function write(result) {
  try {
    return { ok: writeMigrationFiles(result, { rootDir: root }) }
  } catch (err) {
    return { error: { code: err.code, message: err.message } }
  }
}
const out = count === undefined ? write(results[0]) : { calls: results.map(write) }
process.stdout.write(`${JSON.stringify(out)}\n`)
