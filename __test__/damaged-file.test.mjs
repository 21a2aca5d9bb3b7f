// A damaged SQLite file (a table's or an index's page overwritten with garbage, the file cut
// short, the header's fields overwritten) is DB_UNREADABLE through the addon, naming the file and
// saying it is damaged in SQLite's words, with the integrity_check and .recover commands:
// generateMigration with existingDbPath (it had said the rows refuse the change, and a trial
// said GENERATED_SQL_REJECTED), introspectDatabase, specFromDatabase for PostgreSQL (which reads
// the integer values) and the CLI's `introspect`. The file is never written. tests/damaged_file.rs
// makes its damaged files with the bundled engine; these are copies of the fixture, damaged.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { introspectDatabase, specFromDatabase, generateMigration } = require('../index.js')
const { main } = require('../lib/cli.js')

// __test__/data/app.db: 4,096-byte pages; users on page 2, orders on 4, idx_orders_user on 5.
const fixture = new URL('./data/app.db', import.meta.url).pathname
const PAGE = 4096

/** Bytes that are no page's (xorshift32 from a fixed seed). */
function garbage(length) {
  let x = 0x9e3779b9
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    out[i] = x & 0xff
  }
  return out
}

/** A copy of the fixture damaged as `damage` says, in a folder of its own. */
function damaged(damage) {
  const path = join(mkdtempSync(join(tmpdir(), 'mg-damaged-')), 'app.db')
  copyFileSync(fixture, path)
  const bytes = readFileSync(path)
  const overwrite = (page) => garbage(PAGE).copy(bytes, (page - 1) * PAGE)
  if (damage === 'table page') overwrite(4)
  else if (damage === 'users page') overwrite(2)
  else if (damage === 'index page') overwrite(5)
  else if (damage === 'garbage header') garbage(84).copy(bytes, 16)
  writeFileSync(path, damage === 'truncated' ? bytes.subarray(0, 3 * PAGE) : bytes)
  return path
}

/** Checks that `issue` (an error's issue, or a validation error) says the file is damaged. */
function saysDamaged(issue, path) {
  assert.equal(issue.code, 'DB_UNREADABLE', JSON.stringify(issue))
  assert.match(issue.message, /^the database file is damaged: SQLite says "(database disk image is malformed|file is not a database)"/)
  assert.ok(issue.message.includes(path), issue.message)
  assert.ok(issue.suggestion.includes(`sqlite3 '${path}' "PRAGMA integrity_check"`), issue.suggestion)
  assert.ok(issue.suggestion.includes(`sqlite3 '${path}' .recover`), issue.suggestion)
}

/** The fixture's spec with a CHECK added to orders: a rebuild, whose trial reads its rows. */
function changed(path) {
  const spec = specFromDatabase(fixture)
  const tables = spec.tables.map((t) => t.name === 'orders'
    ? { ...t, checkConstraints: [...(t.checkConstraints ?? []), { name: 'chk_total', expression: 'total >= 0' }] }
    : t)
  return { ...spec, tables, existingDbPath: path, now: '2026-02-09T12:00:00Z' }
}

test('the change of a table whose pages are damaged is DB_UNREADABLE, not GENERATED_SQL_REJECTED nor a refusal of the rows, and no migration', () => {
  for (const damage of ['table page', 'index page', 'truncated', 'garbage header']) {
    const path = damaged(damage)
    const before = readFileSync(path)
    const r = generateMigration(changed(path))
    assert.equal(r.validation.valid, false, damage)
    assert.equal(r.validation.errors.length, 1, `${damage}: ${JSON.stringify(r.validation.errors)}`)
    saysDamaged(r.validation.errors[0], path)
    assert.ok(!r.validation.warnings.some((w) => w.code === 'ROWS_REFUSE_CHANGE'), JSON.stringify(r.validation.warnings))
    assert.equal(r.upMigration, '')
    assert.deepEqual(readFileSync(path), before, `${damage}: the file was written`)
  }
})

test('introspectDatabase throws DB_UNREADABLE for a truncated file and a garbage header, saying it is damaged', () => {
  for (const damage of ['truncated', 'garbage header']) {
    const path = damaged(damage)
    assert.throws(() => introspectDatabase(path), (e) => {
      assert.equal(e.code, 'DB_UNREADABLE')
      saysDamaged(e.issues[0], path)
      return true
    })
  }
})

test('a pull for PostgreSQL, which reads the integer values, throws DB_UNREADABLE on a damaged table page; the CLI says it too', () => {
  // users' id and age are read from its own page (orders' integers are all in the index
  // idx_orders_user, which SQLite scans instead of the table).
  const path = damaged('users page')
  assert.throws(() => specFromDatabase(path, 'postgresql'), (e) => {
    assert.equal(e.code, 'DB_UNREADABLE')
    saysDamaged(e.issues[0], path)
    return true
  })
  const out = { text: '', isTTY: false, write(s) { this.text += s; return true } }
  const err = { text: '', isTTY: false, write(s) { this.text += s; return true } }
  const code = main(['introspect', path, '--json', '--dialect', 'postgresql'], { stdout: out, stderr: err, env: {}, cwd: tmpdir() })
  assert.equal(code, 1, err.text + out.text)
  // The CLI's JSON error carries the suggestion in its message, after the issue's own.
  const error = JSON.parse(out.text).error
  assert.equal(error.code, 'DB_UNREADABLE')
  assert.equal(error.path, path)
  const [message, suggestion] = error.message.split(': check the file with ')
  saysDamaged({ code: error.code, message, suggestion: `check the file with ${suggestion}` }, path)
})
