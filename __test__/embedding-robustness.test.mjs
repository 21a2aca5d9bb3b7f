// A user trial embedding the addon in a long-running Node process (a spawner): API calls that
// threw or aborted the process where the README promises a result (INVALID_SPEC,
// LIMIT_EXCEEDED) or a MigrationGeneratorError (INVALID_ARGUMENT), and the command line taking a
// spec file with a key given twice.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { runCli } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { generateMigration, generateMigrationAsync, toGeneratedCode, introspectDatabase, specFromDatabase, MigrationGeneratorError } = require('../index.js')

const spec = () => ({ description: 'x', databaseType: 'sqlite', tables: [{ name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
const said = (r) => r.validation.errors.map((e) => [e.code, e.message])
/** Both forms' answers, which must be the same; `make` gives a fresh spec for each. */
async function both(make) {
  const sync = generateMigration(make())
  const async = await generateMigrationAsync(make())
  assert.deepEqual(said(async), said(sync))
  assert.equal(sync.upMigration, '')
  return said(sync)
}
const TOO_LARGE = [['LIMIT_EXCEEDED', 'the spec is too large to turn into JSON (it would be more than 64 MiB of JSON text); the limit is 64 MiB of JSON text']]

test('an array or a string of any field past the limit is LIMIT_EXCEEDED at once, not a V8 abort (exit 133): the whole spec is bounded, not only tables and columns', async () => {
  const started = Date.now()
  // new Array(110_000_000) in a field no guard looked at aborted the process in JSON.stringify.
  assert.deepEqual(await both(() => ({ ...spec(), leftOut: new Array(110_000_000) })), TOO_LARGE)
  assert.deepEqual(await both(() => { const s = spec(); s.tables[0].columns[0].checks = [new Array(110_000_000)]; return s }), TOO_LARGE)
  assert.deepEqual(await both(() => ({ ...spec(), notes: 'x'.repeat(65 * 1024 * 1024) })), TOO_LARGE)
  assert.deepEqual(await both(() => ({ ...spec(), notes: new String('x'.repeat(65 * 1024 * 1024)) })), TOO_LARGE)
  // Many small strings adding up past it.
  const chunk = 'y'.repeat(1024 * 1024)
  assert.deepEqual(await both(() => ({ ...spec(), notes: Array.from({ length: 70 }, () => chunk) })), TOO_LARGE)
  assert.ok(Date.now() - started < 20000, 'refused without writing the text')
})

test('a getter that answers [] on the first read and a huge array on the next does not get past the guard: what JSON.stringify reads is what is counted', async () => {
  // The guard before JSON.stringify (tables and columns, for the core's own words) reads [];
  // JSON.stringify reads the huge array, and counts it.
  const make = () => {
    const s = spec()
    let reads = 0
    Object.defineProperty(s, 'tables', { enumerable: true, get: () => (reads++ === 0 ? [] : new Array(2 ** 27)) })
    return s
  }
  assert.deepEqual(await both(make), TOO_LARGE)
  // A Proxy whose length answers 0 and then 110,000,000, a String object whose toString gives
  // more than it holds: each is written as read once.
  const lengths = () => {
    let n = 0
    return new Proxy([], { get: (t, k) => (k === 'length' ? (n++ === 0 ? 0 : 110_000_000) : Reflect.get(t, k)) })
  }
  const r = generateMigration({ ...spec(), tables: [{ ...spec().tables[0], indexes: lengths() }] })
  assert.equal(r.validation.valid, true, JSON.stringify(said(r)))
  const huge = lengths()
  void huge.length
  assert.deepEqual(await both(() => ({ ...spec(), leftOut: huge })), TOO_LARGE)
  const text = new String('ab')
  text.toString = () => 'x'.repeat(65 * 1024 * 1024)
  const boxed = generateMigration({ ...spec(), tables: [{ ...spec().tables[0], description: text }] })
  assert.equal(boxed.validation.valid, true, JSON.stringify(said(boxed)))
  assert.match(boxed.upMigration, /CREATE TABLE/)
})

test('a value thrown from a getter that cannot be shown (a revoked Proxy, a throwing message getter or toString, a null-prototype object, a Symbol) is INVALID_SPEC; neither form throws or rejects', async () => {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  const thrown = [
    proxy,
    { get message() { throw new Error('no message') }, toString() { throw new Error('no text') } },
    Object.create(null),
    Symbol('odd'),
    new Proxy(new RangeError('Invalid string length'), { getPrototypeOf() { throw new Error('no prototype') } }),
  ]
  for (const value of thrown) {
    const make = () => {
      const s = spec()
      Object.defineProperty(s, 'tables', { enumerable: true, get() { throw value } })
      return s
    }
    const answer = await both(make)
    assert.equal(answer.length, 1)
    assert.equal(answer[0][0], 'INVALID_SPEC')
    assert.match(answer[0][1], /^the spec cannot be turned into JSON: /)
  }
  // The spec itself a revoked Proxy.
  const answer = await both(() => proxy)
  assert.equal(answer[0][0], 'INVALID_SPEC')
})

test('toGeneratedCode of a forged result whose metadata JSON cannot write (BigInt, a throwing toJSON, a cycle, a revoked Proxy thrown) is INVALID_ARGUMENT, not a raw TypeError', () => {
  const good = generateMigration(spec())
  assert.equal(good.validation.valid, true)
  assert.equal(toGeneratedCode(good).openApiDoc, JSON.stringify(good.metadata, null, 2))
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  const cyclic = { ...good.metadata }
  cyclic.self = cyclic
  const forged = [
    { ...good, metadata: { ...good.metadata, rows: 1n } },
    { ...good, metadata: { ...good.metadata, toJSON() { throw new TypeError('boom') } } },
    { ...good, metadata: cyclic },
    { ...good, metadata: { get x() { throw proxy } } },
    { ...good, metadata: { big: new Array(110_000_000) } },
    Object.defineProperty({ ...good }, 'upMigration', { get() { throw proxy } }),
  ]
  for (const result of forged) {
    assert.throws(() => toGeneratedCode(result), (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT' && /^toGeneratedCode needs the result of generateMigration/.test(e.message))
  }
})

/** Values whose reading throws: a getter, a Proxy whose ownKeys trap throws a number, a revoked Proxy. */
function unreadable() {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return [
    ['a getter throwing an Error', { get columns() { throw new Error('g') } }, 'g'],
    ['a Proxy whose ownKeys throws 5', new Proxy({}, { ownKeys() { throw 5 } }), '5'],
    ['a Proxy whose getOwnPropertyDescriptor throws', new Proxy({ columns: [] }, { getOwnPropertyDescriptor() { throw new Error('gopd') } }), 'gopd'],
    ['a revoked Proxy', proxy, "Cannot perform 'IsArray' on a proxy that has been revoked"],
  ]
}

test("determineOperation with a definition whose reading throws (a getter, a Proxy trap, a revoked Proxy) is INVALID_ARGUMENT, as toGeneratedCode's is, not the raw throw (a user trial)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-determine-'))
  try {
    // A real SQLite file (the introspection tests' fixture: users and orders).
    const db = path.join(dir, 'app.db')
    fs.copyFileSync(new URL('./data/app.db', import.meta.url), db)
    const s = introspectDatabase(db)
    assert.deepEqual(s.existingTables, ['users', 'orders'])
    for (const table of ['users', 'absent']) {
      for (const [what, definition, thrown] of unreadable()) {
        assert.throws(
          () => s.determineOperation(table, definition),
          (e) =>
            e instanceof MigrationGeneratorError &&
            e.code === 'INVALID_ARGUMENT' &&
            e.message === `determineOperation needs the definition of '${table}' as a TableDefinition object: reading it threw (${thrown})`,
          `${table}, ${what}`,
        )
      }
    }
    // A revoked Proxy as the table's name: the usual refusal, which says what it is.
    assert.throws(() => s.determineOperation(unreadable()[3][1]), (e) => e instanceof MigrationGeneratorError && e.message === "determineOperation takes the table's name as a non-empty string, not a revoked Proxy")
    // Read once: a getter answering the table's definition is used as it answered.
    let reads = 0
    const users = specFromDatabase(db).tables.find((t) => t.name === 'users')
    const { columns } = users
    const counted = Object.defineProperty({ ...users }, 'columns', { enumerable: true, get() { reads++; return columns } })
    assert.equal(s.determineOperation('users', counted), 'SKIP')
    assert.equal(reads, 1)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('the writers given a result or options whose reading throws reject or throw INVALID_ARGUMENT, not the raw throw', async () => {
  const { writeMigrationFiles, writeTypeFiles, writeMigrationFilesAsync, writeTypeFilesAsync, pgTypes } = require('../index.js')
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-unreadable-'))
  try {
    const good = generateMigration({ ...spec(), generateTypes: true })
    const refused = (e, fn, what) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT' && e.message.startsWith(`${fn} needs ${what}`)
    for (const [label, bad] of unreadable()) {
      const throwing = new Proxy({}, { get() { throw new Error('get') } })
      for (const [fn, write] of [['writeMigrationFiles', writeMigrationFiles], ['writeTypeFiles', writeTypeFiles]]) {
        assert.throws(() => write(throwing, { rootDir: root }), (e) => refused(e, fn, 'the result of generateMigration: reading it threw (get)'), `${fn} result`)
        assert.throws(() => write(good, bad), (e) => refused(e, fn, 'options as a plain object: reading it threw') || (e.code === 'INVALID_ARGUMENT' && /unknown option 'columns'/.test(e.message)), `${fn} options, ${label}`)
      }
      for (const [fn, write] of [['writeMigrationFilesAsync', writeMigrationFilesAsync], ['writeTypeFilesAsync', writeTypeFilesAsync]]) {
        const withThrowingField = Object.defineProperty({ ...good }, 'upMigration', { enumerable: true, get() { throw new Error('up') } })
        await assert.rejects(write(withThrowingField, { rootDir: root }), (e) => refused(e, fn, 'the result of generateMigration and options as plain data: reading it threw (up)'), `${fn} result`)
        await assert.rejects(write(good, bad), (e) => refused(e, fn, 'options as a plain object: reading it threw') || (e.code === 'INVALID_ARGUMENT' && /unknown option 'columns'/.test(e.message)), `${fn} options, ${label}`)
      }
      assert.throws(() => pgTypes(throwing), (e) => e instanceof TypeError && e.message === "pgTypes needs pg's types module: pgTypes(require('pg').types)" && e.cause.message === 'get')
    }
    assert.deepEqual(fs.readdirSync(root), [], 'nothing written')
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
})

test('a primaryKey of 2,000,000 names, or 1,000,000 copies of one index, is one LIMIT_EXCEEDED, soon and small, sync and async (a user trial: INTERNAL_ERROR after 6–16 s and 2.5 GB)', async () => {
  const table = (extra) => ({ description: 'x', databaseType: 'postgresql', tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false }], ...extra }] })
  const cases = [
    [() => table({ primaryKey: new Array(2e6).fill('x') }), "table 't': primaryKey has 2000000 entries; the limit is 1000"],
    [() => table({ primaryKey: ['id'], indexes: new Array(1e6).fill({ name: 'i', columns: ['id'] }) }), "table 't': indexes has 1000000 entries; the limit is 1000"],
  ]
  for (const [make, message] of cases) {
    const spec = make()
    const started = Date.now()
    const sync = generateMigration(spec)
    // The spec read, its list counted: seconds at most (a debug build too), no issue an entry.
    assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`)
    // Four at once on the library's threads (the trial's 4.3 GB).
    const answers = [sync, ...(await Promise.all([1, 2, 3, 4].map(() => generateMigrationAsync(spec))))]
    for (const r of answers) {
      assert.deepEqual(r.validation.errors.map((e) => [e.code, e.message, e.table]), [['LIMIT_EXCEEDED', message, 't']])
      assert.ok(JSON.stringify(r.validation).length < 1_000, 'a report of a known size')
    }
  }
})

test("existingDbPath '' is INVALID_SPEC naming the field, as introspectDatabase('') is INVALID_ARGUMENT (it was DB_NOT_FOUND: 'no database file at this path ()')", async () => {
  assert.throws(() => introspectDatabase(''), (e) => e.code === 'INVALID_ARGUMENT')
  const answer = await both(() => ({ ...spec(), existingDbPath: '' }))
  assert.deepEqual(answer, [['INVALID_SPEC', 'spec.existingDbPath is an empty string']])
  assert.equal(generateMigration({ ...spec(), existingDbPath: null }).validation.valid, true)
})

/** Runs the CLI on a spec file holding `text`: { code, out, err }. */
function cli(args, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-dup-'))
  try {
    fs.writeFileSync(path.join(dir, 'spec.json'), text)
    const { code, stdout, stderr } = runCli([...args, 'spec.json'], { cwd: dir })
    return { code, out: stdout, err: stderr }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

test('the CLI refuses a spec file giving a key twice in one object (SPEC_DUPLICATE_KEY, exit 2), naming the key, its path and both places: JSON.parse kept the last silently', () => {
  const nullable = `{ "description": "x", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z",
  "tables": [{ "name": "t", "columns": [{ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true,
    "nullable": true }] }] }`
  for (const command of ['generate', 'check']) {
    const r = cli([command, '--json'], nullable)
    assert.equal(r.code, 2, r.out + r.err)
    const { error } = JSON.parse(r.out)
    assert.equal(error.code, 'SPEC_DUPLICATE_KEY')
    assert.equal(error.message, 'spec spec.json gives the key "nullable" twice at tables[0].columns[0].nullable (line 2, column 76 and line 3, column 5); JSON.parse keeps the second one only: remove one of them')
  }
  const dialect = cli(['generate'], '{ "description": "x", "databaseType": "sqlite", "databaseType": "mysql", "tables": [] }')
  assert.equal(dialect.code, 2)
  assert.match(dialect.err, /gives the key "databaseType" twice at databaseType \(line 1, column 23 and line 1, column 49\)/)
  // The same key in two objects, or a key's text inside a string, is no duplicate.
  const fine = cli(['check'], '{ "description": "a \\"name\\": b", "databaseType": "sqlite", "tables": [{ "name": "t", "columns": [{ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true }, { "name": "n", "type": "TEXT", "nullable": true }] }] }')
  assert.equal(fine.code, 0, fine.out + fine.err)
  // Keys compared as JSON.parse reads them.
  assert.equal(cli(['check', '--json'], '{ "description": "x", "\\u0064atabaseType": "sqlite", "databaseType": "mysql", "tables": [] }').code, 2)
})
