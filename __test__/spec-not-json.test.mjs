// A user trial of the JavaScript layer's messages for a spec JSON cannot write as given: null
// (which JSON writes as "null", so the check after it crashed on spec.existingDbPath), a Symbol,
// function or BigInt in a field (JSON leaves the first two out: "type is missing"), a field given
// as undefined, and a cycle (followed by the counting walk until LIMIT_EXCEEDED, 0.5 s later).
// Each through generateMigration and generateMigrationAsync, which must say the same.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { generateMigration, generateMigrationAsync } = require('../index.js')

const spec = () => ({
  description: 'x',
  databaseType: 'sqlite',
  tables: [{ name: 'users', primaryKey: ['id'], columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'note', type: 'TEXT', nullable: true }] }],
})
const said = (r) => r.validation.errors.map((e) => [e.code, e.message])
/** Both forms' errors, which must be the same, neither throwing nor rejecting; `make` gives a fresh spec for each. */
async function both(make) {
  const sync = generateMigration(make())
  const async = await generateMigrationAsync(make())
  assert.deepEqual(said(async), said(sync))
  assert.equal(sync.upMigration, '')
  assert.equal(sync.validation.valid, false)
  return said(sync)
}
/** A spec whose column `note` is changed by `f`. */
const withNote = (f) => () => {
  const s = spec()
  f(s.tables[0].columns[1], s)
  return s
}

test('the spec itself no object: null says so like undefined, a number, a string, an array, a function, a Symbol, a BigInt', async () => {
  const cases = [
    [null, 'null'],
    [undefined, 'undefined'],
    [42, 'a number'],
    [true, 'a boolean'],
    ['spec', 'a string'],
    [[], 'an array'],
    [() => spec(), 'a function'],
    [Symbol('spec'), 'a Symbol'],
    [1n, 'a BigInt'],
  ]
  for (const [value, kind] of cases) {
    assert.deepEqual(await both(() => value), [['INVALID_SPEC', `the spec must be an object, not ${kind}`]], kind)
  }
  // JSON text is not read as a spec: the suggestion says to parse it.
  const text = generateMigration(JSON.stringify(spec())).validation.errors[0]
  assert.equal(text.message, 'the spec must be an object, not a string')
  assert.match(text.suggestion, /JSON\.parse\(text\)/)
})

test('a Symbol, a function or a BigInt in a field is named with its path, not "type is missing"', async () => {
  const cases = [
    [withNote((c) => (c.type = Symbol('TEXT'))), 'tables[0].columns[1].type holds a Symbol, which JSON cannot carry (it would be left out)'],
    [withNote((c) => (c.name = Symbol('note'))), 'tables[0].columns[1].name holds a Symbol, which JSON cannot carry (it would be left out)'],
    [withNote((c) => (c.default = () => 'x')), 'tables[0].columns[1].default holds a function, which JSON cannot carry (it would be left out)'],
    [withNote((c) => (c.default = 10n)), 'tables[0].columns[1].default holds a BigInt, which JSON cannot carry (it would be refused)'],
    [withNote((c, s) => (s.description = Symbol('d'))), 'description holds a Symbol, which JSON cannot carry (it would be left out)'],
    // In an array JSON writes null in its place.
    [withNote((c, s) => s.tables[0].columns.push(Symbol('c'))), 'tables[0].columns[2] holds a Symbol, which JSON cannot carry (it would be left out)'],
    [withNote((c) => (c['odd key'] = Symbol('k'))), 'tables[0].columns[1]["odd key"] holds a Symbol, which JSON cannot carry (it would be left out)'],
  ]
  for (const [make, message] of cases) assert.deepEqual(await both(make), [['INVALID_SPEC', message]])
  // Where the spec is written value by value (a Proxy, getters), the key is named.
  const proxied = () => {
    const s = spec()
    s.tables[0].columns[1].type = Symbol('TEXT')
    s.tables[0].columns = new Proxy(s.tables[0].columns, {})
    return s
  }
  assert.deepEqual(await both(proxied), [['INVALID_SPEC', 'a field "type" holds a Symbol, which JSON cannot carry (it would be left out)']])
  // A Symbol-keyed field JSON leaves out is no value of the spec: still valid.
  const keyed = spec()
  keyed.tables[0][Symbol('meta')] = () => 1
  assert.equal(generateMigration(keyed).validation.valid, true)
})

test('a required field given as undefined: the core\'s "is missing" says where it was undefined; an optional one stays fine', async () => {
  assert.deepEqual(await both(withNote((c) => (c.type = undefined))), [['INVALID_SPEC', "column 'note'.type is missing (tables[0].columns[1].type is undefined, which JSON leaves out)"]])
  assert.deepEqual(await both(withNote((c, s) => (s.description = undefined))), [['INVALID_SPEC', 'spec.description is missing (description is undefined, which JSON leaves out)']])
  assert.deepEqual(await both(withNote((c) => (c.name = undefined))), [['INVALID_SPEC', "table 'users'.columns[1].name is missing (tables[0].columns[1].name is undefined, which JSON leaves out)"]])
  // Left out rather than undefined: the core's words alone.
  assert.deepEqual(await both(withNote((c) => delete c.type)), [['INVALID_SPEC', "column 'note'.type is missing"]])
  const optional = withNote((c) => (c.default = undefined))()
  assert.equal(generateMigration(optional).validation.valid, true)
  assert.equal((await generateMigrationAsync(optional)).validation.valid, true)
})

test('a cycle is INVALID_SPEC naming the field that closes it, at once, not LIMIT_EXCEEDED after the walk passed 64 MiB', async () => {
  const started = Date.now()
  const self = () => {
    const s = spec()
    s.self = s
    return s
  }
  assert.deepEqual(await both(self), [['INVALID_SPEC', 'the spec has a cycle: self leads back to the spec itself, which holds it; JSON cannot write a cycle']])
  const parent = withNote((c, s) => (c.parent = s.tables[0]))
  assert.deepEqual(await both(parent), [['INVALID_SPEC', 'the spec has a cycle: tables[0].columns[1].parent leads back to tables[0], which holds it; JSON cannot write a cycle']])
  // Through an array, and in a large spec whose cycle is walked after every table (each lap
  // counts 1,000 tables: the limit could be passed before the walk is deep enough to look).
  const big = () => {
    const s = { self: null, ...spec() }
    for (let i = 0; i < 1000; i++) s.tables.push({ ...spec().tables[0], name: `t${i}`, description: 'd'.repeat(5000) })
    s.self = [s]
    return s
  }
  assert.deepEqual(await both(big), [['INVALID_SPEC', 'the spec has a cycle: self[0] leads back to the spec itself, which holds it; JSON cannot write a cycle']])
  assert.ok(Date.now() - started < 3000, `said at once (${Date.now() - started} ms for six calls)`)
})

test('an object held twice (a shared column, a shared Date) is no cycle: written twice, as JSON writes it', async () => {
  const s = spec()
  const shared = { name: 'created', type: 'TEXT', nullable: true }
  s.tables.push({ name: 'posts', primaryKey: ['id'], columns: [s.tables[0].columns[0], shared] })
  s.tables[0].columns.push(shared)
  s.now = new Date('2026-02-09T12:00:00Z')
  for (const r of [generateMigration(s), await generateMigrationAsync(s)]) {
    assert.equal(r.validation.valid, true, JSON.stringify(said(r)))
    assert.match(r.upMigration, /CREATE TABLE IF NOT EXISTS posts \(\n  id INTEGER PRIMARY KEY NOT NULL,\n  created TEXT,/)
  }
  // A JSON default nested past the depth at which the walk looks for a cycle is still taken.
  let deep = { leaf: 1 }
  for (let i = 0; i < 40; i++) deep = { deep }
  const nested = spec()
  nested.tables[0].columns.push({ name: 'doc', type: 'JSON', nullable: true, default: deep })
  const r = generateMigration(nested)
  assert.ok(!said(r).some(([code, message]) => code === 'LIMIT_EXCEEDED' || /cycle/.test(message)), JSON.stringify(said(r)))
})
