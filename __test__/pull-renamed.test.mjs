// `renamed` of a pull: pullDatabase lists each name it gives in place of the file's (pulled
// for PostgreSQL or MySQL) as { kind, table, from, to, why }, not in leftOut; `introspect`
// shows each under its table as `renamed: …`, and `--json` writes the list into the spec's
// `renamed` field, which the generator does not read.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { main } = require('../lib/cli.js')
const api = require('../index.js')

const made = []
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

/** A folder holding `dev.db`, a Prisma-like file with names no spec can give. */
async function prismaFile() {
  const SQL = await require('sql.js')()
  const db = new SQL.Database()
  db.run(`CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL);
    CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
    CREATE TABLE post ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "authorId" INTEGER REFERENCES "User"("id"),
      CONSTRAINT "CHK_Author" CHECK ("authorId" > 0))`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-renamed-'))
  made.push(dir)
  fs.writeFileSync(path.join(dir, 'dev.db'), db.export())
  db.close()
  return dir
}

/** Runs the CLI in-process; `tty`: whether stderr is a terminal. */
function run(args, cwd, tty = false) {
  const out = { text: '', isTTY: false, write(s) { this.text += s; return true } }
  const err = { text: '', isTTY: tty, write(s) { this.text += s; return true } }
  const code = main(args, { stdout: out, stderr: err, env: { NO_COLOR: '1' }, cwd })
  return { code, stdout: out.text, stderr: err.text }
}

const CAPITALS = "it has capital letters, and a spec's names are lowercase"

test('pullDatabase lists each rename exactly, and none in leftOut; a SQLite pull renames nothing', async () => {
  const dir = await prismaFile()
  const file = path.join(dir, 'dev.db')
  const pg = api.pullDatabase(file, 'postgresql')
  assert.deepEqual(pg.renamed, [
    { kind: 'table', table: 'users', from: 'User', to: 'users', why: `${CAPITALS}; 'user' is a reserved word in postgresql` },
    { kind: 'index', table: 'users', from: 'User_email_key', to: 'user_email_key', why: CAPITALS },
    { kind: 'column', table: 'post', from: 'authorId', to: 'author_id', why: CAPITALS },
    { kind: 'check', table: 'post', from: 'CHK_Author', to: 'chk_author', why: CAPITALS },
  ])
  assert.deepEqual(pg.leftOut.filter((l) => / pulled as /.test(l.what)), [])
  assert.deepEqual(pg.spec.tables.map((t) => t.name), ['users', 'post'])
  const my = api.pullDatabase(file, 'mysql')
  assert.deepEqual(my.renamed[0], { kind: 'table', table: 'user', from: 'User', to: 'user', why: CAPITALS })
  const lite = api.pullDatabase(file, 'sqlite')
  assert.deepEqual(lite.renamed, [])
  assert.deepEqual(api.pullDatabase(file).renamed, [])
})

test('introspect shows each rename under its table, and --json writes `renamed` into the spec, which the generator takes', async () => {
  const dir = await prismaFile()
  const text = run(['introspect', 'dev.db', '--dialect', 'postgresql'], dir)
  assert.equal(text.code, 0, text.stderr)
  assert.equal(text.stderr, '')
  const users = text.stdout.slice(text.stdout.indexOf('\nusers'), text.stdout.indexOf('\npost'))
  assert.match(users, /^ {2}renamed: the table 'User' is 'users' in the spec \(it has capital letters, and a spec's names are lowercase; 'user' is a reserved word in postgresql\)$/m)
  assert.match(users, /^ {2}renamed: the index 'User_email_key' is 'user_email_key' in the spec \(it has capital letters, and a spec's names are lowercase\)$/m)
  const post = text.stdout.slice(text.stdout.indexOf('\npost'))
  assert.match(post, /^ {2}renamed: the column 'authorId' is 'author_id' in the spec \(/m)
  assert.match(post, /^ {2}renamed: the check constraint 'CHK_Author' is 'chk_author' in the spec \(/m)
  assert.match(text.stdout, /^What is marked "renamed" is in the spec under the name shown/m)
  assert.doesNotMatch(text.stdout, /not in the spec: the (table|column|index|constraint) name/)

  const piped = run(['introspect', 'dev.db', '--json', '--dialect', 'postgresql'], dir)
  assert.equal(piped.code, 0)
  assert.equal(piped.stderr, '')
  const spec = JSON.parse(piped.stdout)
  const pulled = api.pullDatabase(path.join(dir, 'dev.db'), 'postgresql')
  assert.deepEqual(spec.renamed, pulled.renamed)
  assert.deepEqual(spec, JSON.parse(JSON.stringify({ ...pulled.spec, ...(pulled.leftOut.length ? { leftOut: pulled.leftOut } : {}), renamed: pulled.renamed })))
  // The generator does not read it: no UNKNOWN_FIELD; the spec from itself changes nothing.
  const r = api.generateMigration({ ...spec, now: '2026-02-09T12:00:00Z' })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  // The migration makes each object under the spec's name, and what names it follows.
  assert.match(r.upMigration, /^CREATE TABLE IF NOT EXISTS users \(/m)
  assert.match(r.upMigration, /^CREATE UNIQUE INDEX IF NOT EXISTS user_email_key ON users\(email\);$/m)
  assert.match(r.upMigration, /^ {2}CONSTRAINT chk_author CHECK \(author_id > 0\)$/m)
  assert.match(r.upMigration, /FOREIGN KEY \(author_id\) REFERENCES users\(id\)/)
  assert.doesNotMatch(r.upMigration, /User|authorId|CHK_Author/)
  assert.deepEqual(api.generateMigration({ ...spec, previousSpec: spec }).validation.warnings.map((w) => w.code), ['NO_CHANGES'])

  // On a terminal, stderr also lists each rename.
  const tty = run(['introspect', 'dev.db', '--json', '--dialect', 'postgresql'], dir, true)
  assert.equal(tty.stdout, piped.stdout)
  assert.match(tty.stderr, /^warning post: renamed: the column 'authorId' is 'author_id' in the spec \(/m)
  assert.match(tty.stderr, /→ What is marked "renamed"/)

  // Pulled for SQLite nothing is renamed: no `renamed` field.
  assert.equal('renamed' in JSON.parse(run(['introspect', 'dev.db', '--json'], dir).stdout), false)
})
