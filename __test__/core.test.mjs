// The core through the Node addon: the specification's examples on all three dialects, and
// bad input that must come back as errors, never as a crash or an exception.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { generateMigration, generateMigrationAsync, toGeneratedCode } = require('../index.js')

const example = (name) => JSON.parse(readFileSync(new URL(`../examples/${name}.json`, import.meta.url), 'utf8'))
const NOW = '2026-02-09T12:00:00Z'

for (const db of ['sqlite', 'postgresql', 'mysql']) {
  test(`example 1 (users with a check and an index) on ${db}`, () => {
    const r = generateMigration({ ...example('create_users_table'), databaseType: db, now: NOW })
    assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
    assert.equal(r.metadata.filename, '20260209120000_create_users_table.sql')
    assert.match(r.upMigration, /CREATE TABLE IF NOT EXISTS users \(/)
    assert.match(r.upMigration, /CONSTRAINT chk_age_positive CHECK \(age >= 0 AND age <= 150\)/)
    // MySQL leaves a space before the column list (a table named like a built-in function).
    const gap = db === 'mysql' ? ' ' : ''
    assert.ok(r.upMigration.includes(`CREATE INDEX ${db === 'mysql' ? '' : 'IF NOT EXISTS '}idx_users_age ON users${gap}(age);`), r.upMigration)
    assert.match(r.downMigration, /DROP TABLE IF EXISTS users;/)
    assert.match(r.typeDefinitions, /export interface User \{/)
    assert.deepEqual(r.metadata.operations, [{ table: 'users', operation: 'CREATE' }])
    // The shipped example models no mistake: its index is on a column no key already indexes.
    assert.deepEqual(r.validation.warnings.filter((w) => w.code === 'REDUNDANT_INDEX'), [])
  })

  test(`example 2 (orders with a foreign key to users) on ${db}`, () => {
    const r = generateMigration({ ...example('create_orders_table'), databaseType: db, now: NOW })
    assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
    const up = r.upMigration
    assert.ok(up.indexOf('TABLE IF NOT EXISTS users') < up.indexOf('TABLE IF NOT EXISTS orders'), 'users is created before orders')
    if (db === 'sqlite') assert.match(up, /user_id TEXT NOT NULL REFERENCES users\(id\) ON DELETE CASCADE/)
    else assert.ok(up.includes(`ALTER TABLE orders\n  ADD CONSTRAINT fk_orders_user_id\n  FOREIGN KEY (user_id) REFERENCES users${db === 'mysql' ? ' ' : ''}(id) ON DELETE CASCADE;`), up)
    const down = r.downMigration
    assert.ok(down.indexOf('DROP TABLE IF EXISTS orders') < down.indexOf('DROP TABLE IF EXISTS users'), 'orders is dropped before users')
  })
}

test('the same spec and now give byte-identical output', () => {
  const spec = { ...example('create_orders_table'), now: NOW }
  assert.equal(JSON.stringify(generateMigration(spec)), JSON.stringify(generateMigration(spec)))
})

test('bad input is an error result, never an exception', () => {
  const cyclic = { description: 'x', databaseType: 'sqlite', tables: [] }
  cyclic.self = cyclic
  const inputs = [undefined, null, 42, 'spec', [], {}, { tables: null }, cyclic, { description: 'x', databaseType: 'sqlite', tables: [{ name: 1n }] }, { description: 'x'.repeat(10_000_000), databaseType: 'sqlite', tables: [] }]
  for (const input of inputs) {
    const r = generateMigration(input)
    assert.equal(r.validation.valid, false)
    assert.ok(r.validation.errors.length > 0)
    assert.equal(r.upMigration, '')
    for (const e of r.validation.errors) assert.equal(typeof e.code, 'string')
  }
})

test('a spec the parser cannot read (an unknown databaseType) keeps its description and now in the metadata', async () => {
  const spec = { description: 'keep_me', databaseType: 'oracle', now: NOW, tables: [] }
  for (const r of [generateMigration(spec), await generateMigrationAsync(spec)]) {
    assert.equal(r.validation.valid, false)
    assert.deepEqual(r.validation.errors.map((e) => e.code), ['INVALID_SPEC'])
    assert.equal(r.metadata.description, 'keep_me')
    assert.equal(r.metadata.generatedAt, '2026-02-09T12:00:00.000Z')
    assert.equal(r.metadata.databaseType, '', 'no database type it could name')
  }
})

test('a spec nested past the stack, or with nullable: null, is INVALID_SPEC saying so', () => {
  const deep = { description: 'x', databaseType: 'sqlite', tables: [] }
  let at = deep
  for (let i = 0; i < 200_000; i++) at = at.next = {}
  const [e] = generateMigration(deep).validation.errors
  assert.equal(e.code, 'INVALID_SPEC')
  // Said as a spec nested 128 levels is, with the path to level 128 (its middle left out), not
  // as JSON.stringify's stack overflow (a user trial).
  assert.equal(e.message, `the spec is nested more than 127 levels deep (objects and arrays within one another: ${'next.'.repeat(16)}…${'.next'.repeat(12)} is level 128)`)
  assert.match(e.suggestion, /not nested that deep \(not hundreds or thousands of levels\)/)
  // null where true or false is required (NaN becomes null in JSON): the column is not dropped.
  const spec = { description: 'x', databaseType: 'sqlite', tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'e', type: 'TEXT', nullable: null }] }] }
  const r = generateMigration(spec)
  assert.equal(r.validation.valid, false)
  assert.deepEqual(r.validation.errors.map((x) => [x.code, x.column]), [['INVALID_SPEC', 'e']])
  assert.match(r.validation.errors[0].message, /nullable must be true or false, not null/)
})

test('a NaN or Infinity in a column is INVALID_SPEC naming it, not a default or length silently dropped (JSON writes null)', async () => {
  // eslint-disable-next-line no-new-wrappers
  for (const [field, value, given = value] of [['default', NaN], ['default', Infinity], ['length', NaN], ['precision', -Infinity], ['default', NaN, new Number(NaN)]]) {
    const spec = { description: 'x', databaseType: 'postgresql', tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'n', type: 'DECIMAL', nullable: false, [field]: given }] }] }
    for (const r of [generateMigration(spec), await generateMigrationAsync(spec)]) {
      assert.equal(r.validation.valid, false, `${field} ${value}`)
      assert.deepEqual(r.validation.errors.map((e) => [e.code, e.table, e.column]), [['INVALID_SPEC', 't', 'n']])
      assert.match(r.validation.errors[0].message, new RegExp(`^tables\\[0\\]\\.columns\\[1\\]\\.${field} is ${value}, which JSON cannot hold`))
      assert.equal(r.upMigration, '')
    }
  }
})

test('now as an invalid Date is INVALID_SPEC (JSON writes null: the current time would be used without a word); a spec too large for a string is LIMIT_EXCEEDED, not a nesting problem', async () => {
  const spec = { description: 'x', databaseType: 'sqlite', now: new Date(NaN), tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] }
  for (const r of [generateMigration(spec), await generateMigrationAsync(spec)]) {
    assert.deepEqual(r.validation.errors.map((e) => [e.code, e.message]), [['INVALID_SPEC', 'now is an invalid Date, which JSON cannot hold (it would become null)']])
    assert.match(r.validation.errors[0].suggestion, /^give a valid Date or ISO 8601 text/)
  }
  assert.equal(generateMigration({ ...spec, now: new Date('2026-02-09T12:00:00Z') }).metadata.filename, '20260209120000_x.sql')
  // NaN (Date.parse of bad text) and Infinity the same; a finite number is the core's type error.
  for (const now of [Date.parse('next tuesday'), -Infinity]) {
    assert.deepEqual(generateMigration({ ...spec, now }).validation.errors.map((e) => e.message), [`now is ${now}, which JSON cannot hold (it would become null)`])
  }
  assert.deepEqual(generateMigration({ ...spec, now: 12345 }).validation.errors.map((e) => e.message), ['spec.now must be a string, not a number'])
  // Five descriptions of 2^27 characters: more JSON text than a string can hold.
  const description = 'd'.repeat(2 ** 27)
  const huge = { ...spec, now: undefined, tables: [1, 2, 3, 4, 5].map((i) => ({ name: `t${i}`, description, columns: spec.tables[0].columns })) }
  const [e] = generateMigration(huge).validation.errors
  assert.equal(e.code, 'LIMIT_EXCEEDED')
  assert.match(e.message, /^the spec is too large to turn into JSON \(.*\); the limit is 64 MiB of JSON text$/)
})

test('tables or columns past the limits are LIMIT_EXCEEDED before JSON.stringify, said as the core says it: new Array(2 ** 27) tables aborted the process in V8', async () => {
  const id = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
  const base = { description: 'x', databaseType: 'sqlite' }
  const said = (r) => r.validation.errors.map((e) => [e.code, e.message, e.table])
  // The core's own answer, through a toJSON (not looked at before JSON.stringify).
  const core = (spec) => generateMigration({ toJSON: () => spec })
  const wide = { ...base, tables: [{ name: 'wide', columns: [id, ...Array.from({ length: 1000 }, (_, i) => ({ name: `c${i}`, type: 'TEXT', nullable: true }))] }] }
  const many = { ...base, tables: Array.from({ length: 20001 }, (_, i) => ({ name: `t${i}`, columns: [id] })) }
  for (const spec of [wide, many]) {
    const expected = said(core(spec))
    assert.equal(expected[0][0], 'LIMIT_EXCEEDED')
    assert.deepEqual(said(generateMigration(spec)), expected)
    assert.deepEqual(said(await generateMigrationAsync(spec)), expected)
  }
  const started = Date.now()
  const huge = { ...base, tables: new Array(2 ** 27) }
  assert.deepEqual(said(generateMigration(huge)), [['LIMIT_EXCEEDED', `the spec lists ${2 ** 27} tables; the limit is 20000`, undefined]])
  assert.deepEqual(said(await generateMigrationAsync(huge)), said(generateMigration(huge)))
  assert.ok(Date.now() - started < 5000, 'refused at once')
})

test('an object as a JSON column\'s default: the suggestion is its JSON text as a string; an object with expression and more: only expression', () => {
  const spec = (value) => ({ description: 'x', databaseType: 'postgresql', tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'j', type: 'JSON', nullable: false, default: value }] }] })
  const [json] = generateMigration(spec({})).validation.errors
  assert.equal(json.code, 'INVALID_DEFAULT')
  assert.match(json.suggestion, /^for a JSON default, give the JSON text as a string \("\{\}", JSON\.stringify\(value\)\)/)
  const [extra] = generateMigration(spec({ expression: "'{}'", note: 'x' })).validation.errors
  assert.match(extra.suggestion, /with nothing else in the object$/)
  assert.equal(generateMigration(spec('{}')).validation.valid, true)
})

test('problems name their table and column and say how to fix them', () => {
  const r = generateMigration({
    description: 'bad',
    databaseType: 'postgresql',
    tables: [{ name: 'user', columns: [{ name: 'Email', type: 'TEXT', nullable: false }], primaryKey: ['id'] }],
  })
  const codes = r.validation.errors.map((e) => e.code)
  assert.ok(codes.includes('RESERVED_KEYWORD'), codes.join())
  const col = r.validation.errors.find((e) => e.code === 'INVALID_COLUMN_NAME')
  assert.equal(col.table, 'user')
  assert.equal(col.column, 'Email')
  assert.match(col.suggestion, /email/)
})

test("an expression refused with a rewrite (another database's function) has that rewrite as its suggestion", () => {
  const table = (db, def, check) => generateMigration({
    description: 'x',
    databaseType: db,
    tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'at', type: 'BIGINT', nullable: true, default: { expression: def } }], primaryKey: ['id'], checkConstraints: check ? [{ name: 'c', expression: check }] : [] }],
  }).validation.errors
  const [pg] = table('postgresql', 'unixepoch()')
  assert.equal(pg.code, 'INVALID_DEFAULT')
  assert.equal(pg.suggestion, 'write extract(epoch from now())::bigint')
  const [my] = table('mysql', 'unixepoch()')
  assert.equal(my.suggestion, 'write UNIX_TIMESTAMP()')
  const checks = table('postgresql', '0', 'ifnull(at, 0) >= 0')
  assert.deepEqual(checks.map((e) => e.code), ['INVALID_CHECK_EXPRESSION'])
  assert.match(checks[0].suggestion, /^write .*coalesce/)
  // A refusal that names no rewrite keeps the general suggestion.
  const [plain] = table('postgresql', '1 +')
  assert.match(plain.suggestion, /^write one SQL expression, such as/)
})

test('async generation gives the same result as sync', async () => {
  const spec = { ...example('create_orders_table'), now: NOW }
  assert.deepEqual(await generateMigrationAsync(spec), generateMigration(spec))
  const bad = await generateMigrationAsync(null)
  assert.equal(bad.validation.valid, false)
})

test('toGeneratedCode maps the result for the spawner', () => {
  const r = generateMigration({ ...example('create_users_table'), now: NOW })
  const code = toGeneratedCode(r)
  assert.equal(code.routeHandler, r.upMigration)
  assert.equal(code.validationMiddleware, r.downMigration)
  assert.equal(code.typeDefinitions, r.typeDefinitions)
  assert.deepEqual(JSON.parse(code.openApiDoc), r.metadata)
  assert.equal(code.openApiDoc, JSON.stringify(r.metadata, null, 2))
  // Anything that is not a result is a clear error, not a TypeError or an undefined field.
  const { MigrationGeneratorError } = require('../index.js')
  for (const bad of [null, undefined, 'x', 42, {}, { upMigration: 'x' }]) {
    assert.throws(() => toGeneratedCode(bad), (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT', String(bad))
  }
  // A result with errors has no code to give: the error says why, with the issues.
  const invalid = generateMigration({ description: 'x', databaseType: 'sqlite', now: NOW, tables: [{ name: 't', columns: [] }] })
  assert.equal(invalid.validation.valid, false)
  assert.throws(() => toGeneratedCode(invalid), (e) => e instanceof MigrationGeneratorError && e.code === 'VALIDATION_FAILED' &&
    e.message === "the spec is not valid, so there is no migration to give: INVALID_SPEC (t): table 't' has no columns" &&
    e.issues.length === 1 && e.issues[0] === invalid.validation.errors[0])
  // Nothing to change is valid: empty SQL, no error.
  const none = toGeneratedCode(generateMigration({ description: 'x', databaseType: 'sqlite', now: NOW, tables: [] }))
  assert.equal(none.routeHandler, '')
})

test('a Rust panic never aborts Node: it becomes INTERNAL_ERROR, or a thrown error at the binding', () => {
  const native = require('../native.js')
  const r = JSON.parse(native.__panicForTests('guarded'))
  assert.equal(r.validation.valid, false)
  assert.equal(r.validation.errors[0].code, 'INTERNAL_ERROR')
  assert.match(r.validation.errors[0].message, /deliberate panic/)
  assert.match(r.validation.errors[0].suggestion, /report/)
  assert.throws(() => native.__panicForTests('binding'), /deliberate panic in the binding/)
  // The process is still here and still generates.
  assert.equal(generateMigration({ ...example('create_users_table'), now: NOW }).validation.valid, true)
})

test('a caught panic prints nothing on stderr, unless DEBUG is set', () => {
  const { spawnSync } = require('node:child_process')
  const script = `
    const native = require(${JSON.stringify(require.resolve('../native.js'))})
    const r = JSON.parse(native.__panicForTests('guarded'))
    let thrown = false
    try { native.__panicForTests('binding') } catch { thrown = true }
    native.__panicForTestsAsync().catch((e) => console.log(r.validation.errors[0].code, thrown, e.message))
  `
  const run = (env) => spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000, env })
  const { DEBUG, ...quiet } = process.env
  const r = run(quiet)
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /^INTERNAL_ERROR true internal error in migration-generator: the generation panicked/)
  assert.equal(r.stderr, '')
  const debug = run({ ...quiet, DEBUG: '1' })
  assert.equal(debug.status, 0, debug.stderr)
  assert.match(debug.stderr, /deliberate panic \(test of the INTERNAL_ERROR path\)/)
  assert.match(debug.stderr, /deliberate panic in the binding/)
})

test('a description in another script still names the file in ASCII', () => {
  const spec = (description) => ({ ...example('create_users_table'), databaseType: 'sqlite', now: NOW, description })
  for (const [description, filename] of [
    ['Añadir índice de usuários', '20260209120000_anadir_indice_de_usuarios.sql'],
    ['Добавить пользователей', '20260209120000_dobavit_polzovateley.sql'],
    ['ユーザーを追加', '20260209120000_migration.sql'],
  ]) {
    const r = generateMigration(spec(description))
    assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
    assert.equal(r.metadata.filename, filename)
    // The header keeps the description as written.
    assert.ok(r.fileContent.includes(description), r.fileContent.slice(0, 300))
  }
  const none = generateMigration(spec('--- !!!'))
  assert.equal(none.validation.valid, false)
  assert.ok(none.validation.errors.some((e) => e.code === 'INVALID_SPEC'))
})

test('a spec without tables is an empty migration that says so', () => {
  const r = generateMigration({ description: 'nothing', databaseType: 'sqlite', now: NOW, tables: [] })
  assert.equal(r.validation.valid, true)
  assert.equal(r.upMigration, '')
  const w = r.validation.warnings.find((x) => x.code === 'NO_CHANGES')
  assert.ok(w && /lists no tables/.test(w.message), JSON.stringify(r.validation.warnings))
})

test('a spec nested 128, 5,000 or 100,000 levels deep (in an array, an object, a Proxy, a getter, a toJSON) is said alike, with the path to level 128, never "Maximum call stack size exceeded"', async () => {
  const base = () => ({ description: 'deep', databaseType: 'sqlite', now: NOW, tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
  for (const levels of [128, 5_000, 100_000]) {
    // `extra` is level 2; the innermost array or object is level `levels`.
    let arrays = []
    let objects = {}
    for (let i = 3; i <= levels; i++) {
      arrays = [arrays]
      objects = { x: objects }
    }
    const cases = [
      ['arrays', () => ({ ...base(), extra: arrays }), `extra${'[0]'.repeat(126)}`],
      ['objects', () => ({ ...base(), extra: objects }), `extra${'.x'.repeat(126)}`],
      ['a Proxy spec', () => new Proxy({ ...base(), extra: objects }, {}), `extra${'.x'.repeat(126)}`],
      ['a getter', () => Object.defineProperty(base(), 'extra', { enumerable: true, get: () => arrays }), `extra${'[0]'.repeat(126)}`],
      ['a toJSON', () => ({ ...base(), extra: { toJSON: () => objects } }), `extra${'.x'.repeat(126)}`],
    ]
    for (const [what, make, at] of cases) {
      const shown = at.length <= 160 ? at : `${at.slice(0, 80)}…${at.slice(-60)}`
      for (const r of [generateMigration(make()), await generateMigrationAsync(make())]) {
        assert.deepEqual(
          r.validation.errors.map((e) => [e.code, e.message]),
          [['INVALID_SPEC', `the spec is nested more than 127 levels deep (objects and arrays within one another: ${shown} is level 128)`]],
          `${levels} levels, ${what}`,
        )
      }
    }
  }
  // 127 levels are read.
  let objects = {}
  for (let i = 3; i <= 127; i++) objects = { x: objects }
  const read = generateMigration({ ...base(), extra: objects })
  assert.equal(read.validation.valid, true, JSON.stringify(read.validation.errors))
})

test('half of a surrogate pair in a string or key of the spec is INVALID_SPEC naming its path (as other INVALID_SPEC errors do), not a line and column of the JSON text', async () => {
  const base = () => ({ description: 'x', databaseType: 'sqlite', now: NOW, tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
  const said = (at) => [['INVALID_SPEC', `${at} holds half of a UTF-16 surrogate pair (a lone \\uD800–\\uDFFF), which is not text`]]
  const cases = [
    [() => { const s = base(); s.tables[0].columns[0].comment = 'a\ud800b'; return s }, said('tables[0].columns[0].comment')],
    [() => { const s = base(); s.tables[0].name = 't\udfff'; return s }, said('tables[0].name')],
    [() => ({ ...base(), extra: { ['k\udc00']: 1 } }), said('the key extra["k\\udc00"]')],
    // Read once, by JSON.stringify itself: a getter, a Proxy.
    [() => Object.defineProperty(base(), 'extra', { enumerable: true, get: () => ['ok', 'b\udbff'] }), said('extra[1]')],
    [() => new Proxy({ ...base(), extra: { list: ['\ud800'] } }, {}), said('extra.list[0]')],
  ]
  for (const [make, expected] of cases) {
    for (const r of [generateMigration(make()), await generateMigrationAsync(make())]) {
      assert.deepEqual(r.validation.errors.map((e) => [e.code, e.message]), expected)
      assert.equal(r.validation.errors[0].suggestion, 'remove the broken character, or replace it: String.prototype.toWellFormed() turns it into U+FFFD')
    }
  }
  // The characters `\ud800` written out (a backslash, not a surrogate) are text like any other.
  const written = generateMigration({ ...base(), tables: [{ ...base().tables[0], comment: 'see \\ud800' }] })
  assert.equal(written.validation.valid, true, JSON.stringify(written.validation.errors))
  // A well-formed pair (an emoji) is text.
  const emoji = generateMigration({ ...base(), tables: [{ ...base().tables[0], comment: 'ok \ud83d\ude00' }] })
  assert.equal(emoji.validation.valid, true, JSON.stringify(emoji.validation.errors))
})

test('a spec nested more than 127 levels deep is INVALID_SPEC saying so, not "not valid JSON" (an object, sync and async, and JSON text through the command line)', async () => {
  // The spec object is one level; `extra` (an unknown field) the others.
  const nested = (levels) => {
    let extra = {}
    for (let i = 2; i < levels; i++) extra = { x: extra }
    return { description: 'deep', databaseType: 'sqlite', now: NOW, tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }], extra }
  }
  const read = generateMigration(nested(127))
  assert.equal(read.validation.valid, true, JSON.stringify(read.validation.errors))
  assert.ok(read.validation.warnings.some((w) => w.code === 'UNKNOWN_FIELD'))
  const said = (r) => {
    assert.equal(r.validation.valid, false)
    assert.equal(r.validation.errors.length, 1, JSON.stringify(r.validation.errors))
    assert.equal(r.validation.errors[0].code, 'INVALID_SPEC')
    assert.match(r.validation.errors[0].message, /^the spec is nested more than 127 levels deep \(/)
    assert.doesNotMatch(r.validation.errors[0].message, /not valid JSON|recursion limit/)
  }
  said(generateMigration(nested(128)))
  said(await generateMigrationAsync(nested(200)))
  // The command line reads the file's text (JSON.parse takes any depth) and passes it on.
  const dir = mkdtempSync(join(tmpdir(), 'mg-deep-'))
  const file = join(dir, 'deep.json')
  writeFileSync(file, JSON.stringify(nested(128)))
  const bin = fileURLToPath(new URL('../bin/migration-generator.js', import.meta.url))
  const out = spawnSync(process.execPath, [bin, 'check', file, '--json'], { encoding: 'utf8' })
  assert.equal(out.status, 1, out.stderr)
  said({ validation: JSON.parse(out.stdout).validation })
})
