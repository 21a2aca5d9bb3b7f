// The harness the Node tests share: the command line run in-process (lib/cli.js's main) or as
// the real executable with its output captured, temporary folders, engines and scratch databases
// that end with a file's tests, the repository's paths, spec files and the migrations folder
// written into a folder. Not a test file itself: `npm test` runs __test__/*.test.mjs only.
import { after } from 'node:test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
const require = createRequire(import.meta.url)
const { main } = require('../../lib/cli.js')

/** The repository's root folder. */
export const repo = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))))

/** The command line's executable, bin/migration-generator.js. */
export const BIN = path.join(repo, 'bin', 'migration-generator.js')

/** The `now` the tests generate at, fixed so that timestamped names are known: 20260209120000_…. */
export const NOW = '2026-02-09T12:00:00Z'

/**
 * A function that makes a new empty folder under the system's temporary folder, named `prefix`
 * and random letters, at each call and returns its path; every folder it made is removed after
 * the tests of the file that called `tempFolders` (node:test's `after`).
 */
export function tempFolders(prefix) {
  const made = []
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    made.push(dir)
    return dir
  }
}

/** A stream for main()'s stdout or stderr that keeps what is written to it in `text`; a terminal when `isTTY`. */
export function textStream(isTTY = false) {
  return { text: '', isTTY, write(s) { this.text += s; return true } }
}

/**
 * Runs the command line in-process (lib/cli.js's main) with `args`, in `cwd`, with the
 * environment `env` (none by default) and `stdin` as the text of `-`; stdout and stderr are
 * captured and are not terminals. Gives `{ code, stdout, stderr }`.
 */
export function runCli(args, { cwd, env = {}, stdin } = {}) {
  const out = textStream()
  const err = textStream()
  const code = main(args, { stdout: out, stderr: err, env, cwd, stdin })
  return { code, stdout: out.text, stderr: err.text }
}

/**
 * Runs the real executable with `args` in `cwd` and waits for it; its environment holds PATH
 * and `env` only, and the other `options` go to spawnSync as they are (`uid` and `gid` to run
 * it as another user). Gives `{ code, stdout, stderr }` (its exit status and its output as text).
 */
export function spawnCli(args, { cwd, env = {}, ...options } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, ...options })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/**
 * Starts the real executable with `args` in `cwd` (PATH its only environment) without waiting
 * for it; resolves to `{ code, stdout, stderr }` once it has ended.
 */
export function startCli(args, cwd) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => { stdout += c })
  child.stderr.on('data', (c) => { stderr += c })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

/** Writes `value` into `dir/name`, as JSON (a string as it is), and returns the file's path. */
export function writeJson(dir, name, value) {
  const p = path.join(dir, name)
  fs.writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value))
  return p
}

/** Makes `dir`'s default migrations folder, database/migrations (with its parents), and returns its path. */
export function migrationsIn(dir) {
  const mig = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  return mig
}

/**
 * Awaits `opening`, an engine being opened (engines/connect.mjs's openPgServer(),
 * openMysqlServer(), openPglite(), engines/sqlite.mjs's openSqlJs()), and closes it after the
 * tests of the file that called this (node:test's `after`); a server that could not be reached
 * (`{ skip }`) has nothing to close. Gives what `opening` gave.
 */
export async function openForFile(opening) {
  const opened = await opening
  if (!opened.skip) after(() => opened.close())
  return opened
}

/** How many temporary files of a write (`*.tmp`) the folder `dir` holds now; 0 while it cannot be read (not made yet). */
export function tempFilesIn(dir) {
  try {
    return fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')).length
  } catch {
    return 0
  }
}

/**
 * Awaits `opening`, a scratch database being made (engines/connect.mjs's pgScratchDatabase() or
 * mysqlScratchDatabase()), and after the tests of the file that called this drops it with its
 * `drop()` (PostgreSQL: WITH (FORCE), whatever connection is left open), which ends its `admin`
 * connection; a server that could not be reached (`{ skip }`) has nothing to drop. Gives what
 * `opening` gave.
 */
export async function scratchForFile(opening) {
  const scratch = await opening
  after(async () => {
    if (!scratch.skip) await scratch.drop()
  })
  return scratch
}
