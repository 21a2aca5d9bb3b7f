// Something other than a writer's lock file under a lock's name (.migration-types.lock in the types
// folder, .migration-order.lock in the migrations folder): a dangling symbolic link (a user trial:
// writeMigrationFiles never returned, writeMigrationFilesAsync never settled and ignored its
// AbortSignal, `generate` spun at 100% CPU through SIGTERM), or a folder. It is a damaged lock:
// waited on with sleeps, as a live writer's is, broken once older than 30 s, and a write asked to
// stop (an AbortSignal, SIGTERM, the sync writer's stop) stops. Every write runs in a child killed
// after a bound, so a regression fails the test instead of hanging it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { runBounded } from './support/files.mjs'
import { BIN, NOW, repo, tempFolders, writeJson } from './support/harness.mjs'

const tmpRoot = tempFolders('mg-lock-not-file-')
const spec = {
  description: 'create_things',
  databaseType: 'sqlite',
  now: NOW,
  generateTypes: true,
  tables: [{ name: 'things', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }],
}
const TYPES = path.join('types', 'generated', 'db')
const MIGRATIONS = path.join('database', 'migrations')
const minuteAgo = () => new Date(Date.now() - 60_000)

/**
 * Puts `kind` (a dangling symbolic link, or a folder) at `root/dir/name`, a minute old when
 * `old`; returns its path.
 */
function notAFile(root, dir, name, kind, old) {
  fs.mkdirSync(path.join(root, dir), { recursive: true })
  const p = path.join(root, dir, name)
  if (kind === 'dangling link') fs.symlinkSync('/nonexistent/target', p)
  else fs.mkdirSync(p)
  if (old) fs.lutimesSync(p, minuteAgo(), minuteAgo())
  return p
}

/**
 * Runs `body` (with `api`, the package, `result`, generated from `spec`, and `rootDir` defined)
 * in a child killed after `ms`; it prints one line of JSON. Gives that line parsed, with the
 * child's CPU time over the call as `cpuMs` and its length as `ms`.
 */
async function inChild(root, body, ms = 20_000) {
  const script = `const api = require(${JSON.stringify(path.join(repo, 'index.js'))})
const result = api.generateMigration(${JSON.stringify(spec)})
const rootDir = ${JSON.stringify(root)}
const t0 = Date.now()
const cpu0 = process.cpuUsage()
const done = (out) => {
  const cpu = process.cpuUsage(cpu0)
  console.log(JSON.stringify({ ...out, ms: Date.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 }))
}
${body}`
  const r = await runBounded(['-e', script], { ms })
  assert.equal(r.killedFor, null, `the write ended by itself (it was killed after ${ms} ms): ${r.stderr}`)
  assert.equal(r.code, 0, r.stderr)
  return JSON.parse(r.stdout.trim().split('\n').at(-1))
}

const SYNC_STOPPED_AFTER_1S = `try {
  api.writeMigrationFiles(result, { rootDir }, () => (Date.now() - t0 > 1000 ? 'SIGTERM' : null))
  done({ written: true })
} catch (e) {
  done({ name: e.constructor.name, code: e.code, message: e.message })
}`

for (const [kind, dir, name] of [
  ['dangling link', TYPES, '.migration-types.lock'],
  ['folder', TYPES, '.migration-types.lock'],
  ['folder (a minute old: it cannot be removed as a stale lock)', TYPES, '.migration-types.lock'],
]) {
  test(`a ${kind} as ${name}: the sync write waits on it without spinning and stops when asked`, async () => {
    const root = tmpRoot()
    const p = notAFile(root, dir, name, kind.startsWith('folder') ? 'folder' : 'dangling link', kind.includes('minute old'))
    const out = await inChild(root, SYNC_STOPPED_AFTER_1S)
    assert.equal(out.name, 'Interrupted', JSON.stringify(out))
    assert.ok(out.ms < 5_000, `stopped soon after it was asked: ${out.ms} ms`)
    assert.ok(out.cpuMs < out.ms * 0.5, `it slept while it waited, no busy loop: ${out.cpuMs} ms of CPU in ${out.ms} ms`)
    assert.ok(fs.lstatSync(p), 'what was there stays')
    assert.equal(fs.existsSync(path.join(root, MIGRATIONS, '20260209120000_create_things.sql')), false, 'no migration placed')
    assert.deepEqual(fs.readdirSync(path.join(root, TYPES)), [name], 'nothing of the write is left in the types folder')
  })
}

test('a folder a minute old as the types lock, which cannot be removed: WRITE_FAILED naming it after the 60 s wait, nothing written', async () => {
  const root = tmpRoot()
  const p = notAFile(root, TYPES, '.migration-types.lock', 'folder', true)
  const out = await inChild(root, `try { api.writeMigrationFiles(result, { rootDir }); done({ written: true }) } catch (e) { done({ code: e.code, message: e.message, path: e.path }) }`, 90_000)
  assert.equal(out.code, 'WRITE_FAILED', JSON.stringify(out))
  assert.equal(
    out.message,
    `cannot write the types in ${path.dirname(p)}: ${p} is a folder, not a lock written by migration-generator, and it could not be removed as a stale lock in 60 s; remove it`,
  )
  assert.equal(out.path, p)
  assert.ok(out.ms >= 60_000 && out.ms < 75_000, `${out.ms} ms`)
  assert.ok(out.cpuMs < out.ms * 0.2, `${out.cpuMs} ms of CPU in ${out.ms} ms`)
  assert.deepEqual(fs.readdirSync(path.join(root, TYPES)), ['.migration-types.lock'])
  assert.equal(fs.existsSync(path.join(root, MIGRATIONS, '20260209120000_create_things.sql')), false)
})

test('writeMigrationFiles (sync) with a dangling link a minute old as the types lock breaks it as a stale lock and writes', async () => {
  const root = tmpRoot()
  const p = notAFile(root, TYPES, '.migration-types.lock', 'dangling link', true)
  const out = await inChild(root, `const w = api.writeMigrationFiles(result, { rootDir })\ndone({ filename: w.filename, typePaths: w.typePaths })`)
  assert.equal(out.filename, '20260209120000_create_things.sql')
  assert.ok(out.ms < 5_000, `${out.ms} ms`)
  for (const t of out.typePaths) assert.ok(fs.existsSync(t), t)
  assert.throws(() => fs.lstatSync(p), { code: 'ENOENT' }, 'the link is gone, and no lock of the write is left')
})

test('writeMigrationFilesAsync with a fresh dangling link as the types lock: its AbortSignal stops it, nothing is written', async () => {
  const root = tmpRoot()
  const p = notAFile(root, TYPES, '.migration-types.lock', 'dangling link', false)
  const out = await inChild(
    root,
    `api.writeMigrationFilesAsync(result, { rootDir, signal: AbortSignal.timeout(800) }).then((w) => done({ filename: w.filename }), (e) => done({ name: e.name, code: e.code }))`,
  )
  assert.equal(out.name, 'TimeoutError', JSON.stringify(out))
  assert.ok(out.ms < 5_000, `${out.ms} ms`)
  assert.ok(out.cpuMs < out.ms * 0.5, `no busy loop in the writer's thread: ${out.cpuMs} ms of CPU in ${out.ms} ms`)
  assert.ok(fs.lstatSync(p).isSymbolicLink())
  assert.deepEqual(fs.readdirSync(path.join(root, TYPES)), ['.migration-types.lock'])
  assert.equal(fs.existsSync(path.join(root, MIGRATIONS, '20260209120000_create_things.sql')), false)
})

test('writeMigrationFilesAsync with a dangling link a minute old as the types lock breaks it and writes', async () => {
  const root = tmpRoot()
  const p = notAFile(root, TYPES, '.migration-types.lock', 'dangling link', true)
  const out = await inChild(root, `api.writeMigrationFilesAsync(result, { rootDir }).then((w) => done({ filename: w.filename }), (e) => done({ name: e.name, code: e.code, message: e.message }))`)
  assert.equal(out.filename, '20260209120000_create_things.sql', JSON.stringify(out))
  assert.throws(() => fs.lstatSync(p), { code: 'ENOENT' })
})

/** Runs `generate spec.json` in `root`, sends SIGTERM after `termAfterMs` (if given); resolves to `{ code, signal, stderr, ms }`, killed after 20 s. */
function generateIn(root, termAfterMs) {
  writeJson(root, 'spec.json', spec)
  const started = Date.now()
  const child = spawn(process.execPath, [BIN, 'generate', 'spec.json', '--now', NOW], { cwd: root, env: { PATH: process.env.PATH } })
  let stderr = ''
  child.stderr.on('data', (c) => { stderr += c })
  child.stdout.resume()
  const term = termAfterMs === undefined ? null : setTimeout(() => child.kill('SIGTERM'), termAfterMs)
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000)
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(term)
      clearTimeout(kill)
      resolve({ code, signal, stderr, ms: Date.now() - started })
    }),
  )
}

for (const [dir, name] of [
  [TYPES, '.migration-types.lock'],
  [MIGRATIONS, '.migration-order.lock'],
]) {
  test(`generate with a fresh dangling link as ${name} stops on SIGTERM (143), nothing written`, async () => {
    const root = tmpRoot()
    notAFile(root, dir, name, 'dangling link', false)
    const r = await generateIn(root, 1500)
    assert.equal(r.signal, null, `it ended by itself: ${JSON.stringify(r)}`)
    assert.equal(r.code, 143, r.stderr)
    assert.ok(r.ms < 10_000, `${r.ms} ms`)
    assert.equal(fs.existsSync(path.join(root, MIGRATIONS, '20260209120000_create_things.sql')), false)
  })

  test(`generate with a dangling link a minute old as ${name} breaks it and writes`, async () => {
    const root = tmpRoot()
    const p = notAFile(root, dir, name, 'dangling link', true)
    const r = await generateIn(root)
    assert.equal(r.code, 0, r.stderr)
    assert.ok(fs.existsSync(path.join(root, MIGRATIONS, '20260209120000_create_things.sql')))
    assert.ok(fs.existsSync(path.join(root, TYPES, 'things.d.ts')))
    assert.throws(() => fs.lstatSync(p), { code: 'ENOENT' })
  })
}
