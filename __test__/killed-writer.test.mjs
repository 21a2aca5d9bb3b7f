// A writer killed with SIGKILL mid-write leaves its claim (the hidden
// `.STAMP.migration-timestamp-claim` or `.N.migration-number-claim`) and temporary files in the
// migrations folder. A user trial: the next run silently took the next second (or number) and
// left the junk. The next write now removes them at once when their process is known to be
// gone (this kernel, this process-id namespace), takes the second or number asked for, and
// says what it removed (`leftoversRemoved`; the command line's `note: removed …`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { repo, tempFolders, textStream } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const api = require('../index.js')
const { writeMigrationFiles } = require('../lib/files.js')
const { main } = require('../lib/cli.js')

const tmpRoot = tempFolders('mg-killed-')

const spec = (fileFormat) => ({
  description: 'create_notes',
  databaseType: 'sqlite',
  now: '2026-02-09T12:00:00Z',
  generateTypes: true,
  selfCheck: 'expressions',
  ...(fileFormat ? { fileFormat } : {}),
  tables: ['notes', 'tags', 'authors'].map((name) => ({ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'body', type: 'TEXT', nullable: true }], primaryKey: ['id'] })),
})

/**
 * Runs writeMigrationFiles(result) in a child process that kills itself with SIGKILL at its
 * `at`-th step (after claiming: the steps come once the number or timestamp is claimed), as a
 * `kill -9` would; returns the child's pid.
 */
function killedAt(root, result, at) {
  const resultFile = path.join(root, '..', `${path.basename(root)}.result.json`)
  fs.writeFileSync(resultFile, JSON.stringify(result))
  const script = `const { writeMigrationFiles } = require(${JSON.stringify(path.join(repo, 'lib', 'files.js'))})
let n = 0
const result = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(resultFile)}, 'utf8'))
process.stdout.write(String(process.pid))
writeMigrationFiles(result, { rootDir: ${JSON.stringify(root)} }, () => { if (++n === ${at}) process.kill(process.pid, 'SIGKILL'); return null })`
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' })
  fs.rmSync(resultFile)
  assert.equal(child.signal, 'SIGKILL', `${child.stdout}${child.stderr}`)
  return Number(child.stdout)
}

const hidden = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith('.')).sort() : [])

for (const [kind, fileFormat, claim, name] of [
  ['timestamp', undefined, /^\.20260209120000\.migration-timestamp-claim$/, '20260209120000_create_notes.sql'],
  ['number', 'numbered', /^\.1\.migration-number-claim$/, '001_create_notes.sql'],
]) {
  test(`a writer killed with SIGKILL after claiming its ${kind}: the next write takes that ${kind}, and removes and names the claim and temporary files left`, () => {
    const root = tmpRoot()
    const result = api.generateMigration(spec(fileFormat))
    assert.equal(result.validation.valid, true)
    const pid = killedAt(root, result, 2)
    const mig = path.join(root, 'database', 'migrations')
    const types = path.join(root, 'types', 'generated', 'db')
    const left = [...hidden(mig).map((n) => path.join(mig, n)), ...hidden(types).map((n) => path.join(types, n))]
    assert.ok(hidden(mig).some((n) => claim.test(n)), `the killed writer left its claim: ${hidden(mig)}`)
    assert.ok(left.some((p) => p.endsWith('.tmp')), `and temporary files: ${left}`)
    assert.deepEqual(fs.readdirSync(mig).filter((n) => n.endsWith('.sql')), [], 'no migration')

    // At once (not 30 s later): the process is gone, and of this kernel and namespace.
    const again = writeMigrationFiles(result, { rootDir: root })
    // Before: 20260209120001_create_notes.sql / 002_create_notes.sql, the claim kept.
    assert.equal(again.filename, name)
    assert.deepEqual(again.leftoversRemoved.map((l) => l.path).sort(), left.sort())
    assert.ok(again.leftoversRemoved.every((l) => l.pid === pid), JSON.stringify(again.leftoversRemoved))
    assert.deepEqual(hidden(mig), [], 'no claim, temporary file or lock left')
    assert.deepEqual(hidden(types), [])
  })
}

test('the command line says what it removed: `note: removed what a writer killed mid-write left (pid N, no longer running): …` (and leftoversRemoved with --json)', () => {
  for (const json of [false, true]) {
    const root = tmpRoot()
    const result = api.generateMigration(spec())
    const pid = killedAt(root, result, 2)
    const specFile = path.join(root, 'spec.json')
    fs.writeFileSync(specFile, JSON.stringify(spec()))
    const out = textStream()
    const err = textStream()
    const code = main(['generate', specFile, ...(json ? ['--json'] : [])], { stdout: out, stderr: err, env: {}, cwd: root })
    assert.equal(code, 0, out.text + err.text)
    if (json) {
      const r = JSON.parse(out.text)
      assert.equal(r.filename, '20260209120000_create_notes.sql')
      // Absolute, as `written` is.
      assert.ok(r.leftoversRemoved.includes(path.join(root, 'database', 'migrations', '.20260209120000.migration-timestamp-claim')), r.leftoversRemoved)
      assert.ok(r.written.every((p) => path.isAbsolute(p)))
      assert.equal(err.text, '')
    } else {
      assert.match(out.text, /^wrote database\/migrations\/20260209120000_create_notes\.sql$/m)
      assert.match(err.text, new RegExp(`^note: removed what a writer killed mid-write left \\(pid ${pid}, no longer running\\): database/migrations/\\.20260209120000\\.migration-timestamp-claim(, | and ).*\\.tmp`, 'm'))
    }
  }
})

test('a claim whose writer is alive, or whose writer cannot be known to be gone (another host, a fresh claim of another process-id namespace), is kept, and pushes the write to the next second as before', () => {
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  const host = crypto.createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)
  // A dead pid: a child that has ended.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  const deadPid = Number(dead.stdout)
  const claims = {
    // This test's process stands for a live writer.
    '.20260209120000.migration-timestamp-claim': { migration: 'other.sql', pid: process.pid, host },
    // Another host: its processes cannot be asked.
    '.20260209120001.migration-timestamp-claim': { migration: 'other.sql', pid: deadPid, host: '000000' },
    // Fresh, of another process-id namespace (a container sharing the host name).
    '.20260209120002.migration-timestamp-claim': { migration: 'other.sql', pid: deadPid, host, pids: 'another-boot/pid:[1]' },
  }
  for (const [n, c] of Object.entries(claims)) fs.writeFileSync(path.join(mig, n), `${JSON.stringify(c)}\n`)
  const written = writeMigrationFiles(api.generateMigration(spec()), { rootDir: root })
  assert.equal(written.filename, '20260209120003_create_notes.sql')
  assert.deepEqual(written.leftoversRemoved, [])
  assert.deepEqual(hidden(mig), Object.keys(claims).sort())
})

test('generate says so when a claim it could not remove pushed the migration to a later second', () => {
  const root = tmpRoot()
  const mig = path.join(root, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  const host = crypto.createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)
  fs.writeFileSync(path.join(mig, '.20260209120000.migration-timestamp-claim'), `${JSON.stringify({ migration: 'other.sql', pid: 1, host: '000000' })}\n`)
  const specFile = path.join(root, 'spec.json')
  fs.writeFileSync(specFile, JSON.stringify(spec()))
  const out = textStream()
  const err = textStream()
  assert.equal(main(['generate', specFile], { stdout: out, stderr: err, env: {}, cwd: root }), 0, err.text)
  assert.match(out.text, /^wrote database\/migrations\/20260209120001_create_notes\.sql$/m)
  assert.match(err.text, /^note: written as 20260209120001_create_notes\.sql, not 20260209120000_create_notes\.sql: \.20260209120000\.migration-timestamp-claim in database\/migrations claims that second for another writer, .*if no writer is running, delete it$/m)
  // Pushed on by a migration placed in the folder (the documented rule), nothing is said.
  const later = path.join(root, 'later')
  fs.mkdirSync(path.join(later, 'database', 'migrations'), { recursive: true })
  fs.writeFileSync(path.join(later, 'database', 'migrations', '20260209120000_x.sql'), '-- UP MIGRATION\n-- DOWN MIGRATION\n')
  const err2 = textStream()
  assert.equal(main(['generate', specFile], { stdout: out, stderr: err2, env: {}, cwd: later }), 0, err2.text)
  assert.doesNotMatch(err2.text, /^note: written as/m)
  assert.ok(fs.existsSync(path.join(later, 'database', 'migrations', '20260209120001_create_notes.sql')))
})
