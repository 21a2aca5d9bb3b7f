// Introspection through the Node API: reading a SQLite file (never writing it), pulling a spec
// from it, and generating only the change against it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { spawnSync } from 'node:child_process'
const require = createRequire(import.meta.url)
const { introspectDatabase, specFromDatabase, pullDatabase, generateMigration, MigrationGeneratorError } = require('../index.js')

const fixture = new URL('./data/app.db', import.meta.url).pathname
const copy = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-introspect-'))
  const path = join(dir, 'app.db')
  copyFileSync(fixture, path)
  return path
}
const digest = (p) => createHash('sha256').update(readFileSync(p)).digest('hex')

test('introspectDatabase reads tables, columns, indexes, foreign keys and checks without writing', () => {
  const path = copy()
  const before = digest(path)
  const s = introspectDatabase(path)
  assert.deepEqual(s.existingTables, ['users', 'orders'])
  assert.ok(s.tableSchemas instanceof Map)
  const users = s.tableSchemas.get('users')
  assert.deepEqual(users.columns.map((c) => [c.name, c.type, c.notNull, c.primaryKey]), [
    ['id', 'INTEGER', true, true],
    ['email', 'TEXT', true, false],
    ['name', 'TEXT', true, false],
    ['age', 'INTEGER', false, false],
  ])
  assert.deepEqual(users.checks, [{ name: 'chk_age', expression: 'age IS NULL OR age >= 0' }])
  const orders = s.tableSchemas.get('orders')
  assert.equal(orders.columns.find((c) => c.name === 'status').defaultValue, "'pending'")
  assert.deepEqual(orders.foreignKeys, [{ columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }])
  assert.deepEqual(orders.indexes.find((i) => i.name === 'idx_orders_big'), { name: 'idx_orders_big', columns: ['total'], unique: false, where: 'total > 100' })
  assert.equal(s.determineOperation('payments'), 'CREATE')
  assert.equal(s.determineOperation('users'), 'ALTER')
  assert.equal(digest(path), before)
  for (const side of ['-wal', '-shm', '-journal']) assert.equal(existsSync(path + side), false, side)
})

test('determineOperation throws INVALID_ARGUMENT for a table name that is not a non-empty string, and for a definition that is not an object', () => {
  const path = copy()
  const s = introspectDatabase(path)
  // These had answered CREATE (no table is named 5, null or undefined).
  for (const bad of [5, null, undefined, '', {}, ['users'], true]) {
    assert.throws(
      () => s.determineOperation(bad),
      (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT' && /^determineOperation takes the table's name/.test(e.message),
      String(bad),
    )
  }
  for (const bad of [null, 5, 'users', [], true]) {
    assert.throws(
      () => s.determineOperation('users', bad),
      (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT' && /^determineOperation takes the table's definition/.test(e.message),
      String(bad),
    )
    // Checked before the table is looked up: an absent table does not hide a bad definition.
    assert.throws(() => s.determineOperation('payments', bad), (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT', String(bad))
  }
  // The message says what was given.
  for (const [bad, said] of [[5, 'not a number'], ['', 'not an empty string'], [undefined, 'not undefined'], [{}, 'not an object']]) {
    assert.throws(() => s.determineOperation(bad), (e) => e.message.endsWith(said), said)
  }
  for (const [bad, said] of [['users', 'not a string'], [[], 'not an array'], [true, 'not a boolean']]) {
    assert.throws(() => s.determineOperation('users', bad), (e) => e.message.endsWith(said), said)
  }
  assert.equal(s.determineOperation('payments'), 'CREATE')
  assert.equal(s.determineOperation('users', undefined), 'ALTER')
})

test('a pulled spec regenerates as SKIP for every table, and determineOperation tells SKIP from ALTER', () => {
  const path = copy()
  const spec = specFromDatabase(path)
  assert.equal(spec.databaseType, 'sqlite')
  assert.equal(spec.tables.length, 2)
  const r = generateMigration({ ...spec, existingDbPath: path, now: '2026-02-09T12:00:00Z' })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  assert.deepEqual(r.metadata.operations, [{ table: 'users', operation: 'SKIP' }, { table: 'orders', operation: 'SKIP' }])
  assert.equal(r.upMigration, '')
  const s = introspectDatabase(path)
  const users = spec.tables.find((t) => t.name === 'users')
  assert.equal(s.determineOperation('users', users), 'SKIP')
  assert.equal(s.determineOperation('users', { ...users, columns: [...users.columns, { name: 'phone', type: 'TEXT', nullable: true }] }), 'ALTER')
  assert.throws(
    () => s.determineOperation('users', { ...users, columns: [...users.columns, { name: 'Bad Name', type: 'TEXT', nullable: true }] }),
    (e) => e instanceof MigrationGeneratorError && e.code === 'VALIDATION_FAILED' && e.issues[0].code === 'INVALID_COLUMN_NAME',
  )
  // The definition is of the table asked about: one of another table is INVALID_ARGUMENT (it
  // answered CREATE for an existing table); the name may differ in ASCII case only, or be left out.
  for (const [name, other] of [['users', 'other'], ['nope', 'users'], ['USERS', 'üsers']]) {
    assert.throws(
      () => s.determineOperation(name, { ...users, name: other }),
      (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT' && e.message.includes(`the table '${name}' with the definition of '${other}'`),
      `${name} / ${other}`,
    )
  }
  assert.equal(s.determineOperation('USERS', users), 'SKIP')
  const { name: _name, ...unnamed } = users
  assert.equal(s.determineOperation('users', unnamed), 'SKIP')
  assert.equal(s.determineOperation('üsers'), 'CREATE', 'SQLite folds ASCII case only')
  // The same spec for PostgreSQL creates the schema there.
  const pg = specFromDatabase(path, 'postgresql')
  assert.equal(generateMigration(pg).validation.valid, true)
  // A databaseType that is not one of the three is INVALID_ARGUMENT, like a bad path.
  for (const bad of [5, {}, true, 'oracle', 'SQLite', '']) {
    assert.throws(() => specFromDatabase(path, bad), (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT', String(bad))
  }
})

test('pullDatabase gives the spec and what the database has that it leaves out, without writing', async () => {
  const plain = copy()
  // Its keys are INTEGER PRIMARY KEY without AUTOINCREMENT: a deleted last row's key goes to the
  // next row, which the spec's autoIncrement key (AUTOINCREMENT in a database made from it) never does.
  const key = (table) => ({ table, what: "the key 'id' without AUTOINCREMENT (it gives a deleted last row's key again; the spec's autoIncrement key never does)" })
  assert.deepEqual(pullDatabase(plain), { spec: specFromDatabase(plain), leftOut: [key('users'), key('orders')], renamed: [] })
  // A file another tool made, with what a spec has no form for.
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run(`CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT COLLATE NOCASE NOT NULL);
    CREATE INDEX users_email_lower ON users (lower(email));
    CREATE TRIGGER users_audit AFTER UPDATE ON users BEGIN SELECT 1; END;
    CREATE VIEW active AS SELECT * FROM users;
    CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED, body TEXT)`)
  const path = join(mkdtempSync(join(tmpdir(), 'mg-pull-')), 'made.db')
  writeFileSync(path, made.export())
  made.close()
  const before = digest(path)
  const { spec, leftOut } = pullDatabase(path, 'postgresql')
  assert.deepEqual(spec, specFromDatabase(path, 'postgresql'))
  assert.deepEqual(leftOut, [
    { table: 'users', what: 'a COLLATE clause' },
    { table: 'users', what: "the expression index 'users_email_lower'" },
    { table: 'users', what: "the trigger 'users_audit'" },
    { table: 'notes', what: "a DEFERRABLE INITIALLY DEFERRED foreign key (checked at COMMIT; the spec's are checked at each statement)" },
    key('notes'),
    { table: null, what: "the view 'active'" },
  ])
  // What is left out stays as it is when the pulled spec is generated against the file.
  const r = generateMigration({ ...specFromDatabase(path), existingDbPath: path })
  assert.deepEqual(r.metadata.operations.map((o) => o.operation), ['SKIP', 'SKIP'])
  assert.equal(digest(path), before)
  assert.throws(() => pullDatabase(path, 'oracle'), (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT' && /^pullDatabase /.test(e.message))
  assert.throws(() => pullDatabase(''), (e) => e instanceof MigrationGeneratorError && e.code === 'INVALID_ARGUMENT' && /^pullDatabase /.test(e.message))
  assert.throws(() => pullDatabase(join(tmpdir(), 'mg-no-such-file.db')), (e) => e instanceof MigrationGeneratorError && e.code === 'DB_NOT_FOUND')
})

test('introspectDatabase: an expression index lists only its column keys in columns, and its expressions as written (it had shown the column "")', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, age INT);
    CREATE INDEX users_email_lower ON users (lower(email));
    CREATE UNIQUE INDEX users_mixed ON users (age DESC, lower(name) COLLATE NOCASE ASC, name) WHERE age > 0;
    CREATE INDEX users_plain ON users (name, age)`)
  const path = join(mkdtempSync(join(tmpdir(), 'mg-expr-')), 'expr.db')
  writeFileSync(path, made.export())
  made.close()
  const indexes = introspectDatabase(path).tableSchemas.get('users').indexes
  assert.deepEqual(indexes, [
    { name: 'users_email_lower', columns: [], unique: false, expressions: ['lower(email)'] },
    { name: 'users_mixed', columns: ['age', 'name'], unique: true, where: 'age > 0', expressions: ['lower(name) COLLATE NOCASE'] },
    { name: 'users_plain', columns: ['name', 'age'], unique: false },
  ])
  for (const index of indexes) assert.ok(!index.columns.includes(''), index.name)
  // The same indexes are the ones pullDatabase says the spec leaves out.
  const expressionIndexes = indexes.filter((i) => i.expressions).map((i) => `the expression index '${i.name}'`)
  assert.deepEqual(pullDatabase(path).leftOut.filter((l) => l.what.startsWith('the expression index')).map((l) => l.what), expressionIndexes)
})

test('an auto-vacuum database (which this build of SQLite opens read-only) is read, and a migration is generated against it, without writing', async () => {
  // The bundled SQLite is built without auto-vacuum support (.cargo/config.toml); such a file is
  // made here with sql.js, as another tool would have made it.
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run('PRAGMA auto_vacuum = FULL')
  made.run("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0)); CREATE INDEX idx_users_age ON users (age); INSERT INTO users (email, age) VALUES ('a@example.com', 30)")
  assert.equal(made.exec('PRAGMA auto_vacuum')[0].values[0][0], 1)
  const dir = mkdtempSync(join(tmpdir(), 'mg-autovacuum-'))
  const path = join(dir, 'av.db')
  writeFileSync(path, made.export())
  made.close()
  const before = digest(path)
  const s = introspectDatabase(path)
  assert.deepEqual(s.existingTables, ['users'])
  assert.deepEqual(s.tableSchemas.get('users').columns.map((c) => c.name), ['id', 'email', 'age'])
  const spec = specFromDatabase(path)
  const users = spec.tables[0]
  const r = generateMigration({
    ...spec,
    existingDbPath: path,
    now: '2026-02-09T12:00:00Z',
    tables: [
      { ...users, columns: [...users.columns, { name: 'phone', type: 'TEXT', nullable: true }] },
      { name: 'notes', timestamps: false, columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'user_id', type: 'INTEGER', nullable: false }], primaryKey: ['id'], foreignKeys: [{ columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] }] },
    ],
  })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  assert.deepEqual(r.metadata.operations, [{ table: 'users', operation: 'ALTER' }, { table: 'notes', operation: 'CREATE' }])
  assert.match(r.upMigration, /ALTER TABLE "?users"? ADD COLUMN "?phone"? TEXT/)
  // The migration runs on the file's own engine (sql.js), up then down.
  const check = new SQL.Database(readFileSync(path))
  check.run(r.upMigration)
  assert.deepEqual(check.exec('SELECT email, phone FROM users')[0].values, [['a@example.com', null]])
  check.run(r.downMigration)
  // sqlite_sequence, made with the AUTOINCREMENT table, cannot be dropped; its counter went with the table.
  assert.deepEqual(check.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name")[0].values, [['users']])
  assert.deepEqual(check.exec('SELECT count(*) FROM sqlite_sequence')[0].values, [[0]])
  check.close()
  assert.equal(digest(path), before)
  for (const side of ['-wal', '-shm', '-journal']) assert.equal(existsSync(path + side), false, side)
})

test('the specification example 3: two ADD COLUMNs and a down migration that removes them', () => {
  const path = copy()
  const users = specFromDatabase(path).tables.find((t) => t.name === 'users')
  const r = generateMigration({
    description: 'add_phone_to_users',
    databaseType: 'sqlite',
    existingDbPath: path,
    now: '2026-02-09T12:01:00Z',
    tables: [{ ...users, columns: [...users.columns, { name: 'phone', type: 'TEXT', nullable: true, description: 'Phone number' }, { name: 'verified', type: 'INTEGER', nullable: false, default: 0 }] }],
  })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  assert.equal(r.upMigration, 'ALTER TABLE users ADD COLUMN phone TEXT;\nALTER TABLE users ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;')
  assert.equal(r.downMigration, 'ALTER TABLE users DROP COLUMN verified;\nALTER TABLE users DROP COLUMN phone;')
  assert.equal(r.metadata.operationType, 'ALTER')
  assert.equal(r.metadata.filename, '20260209120100_add_phone_to_users.sql')
})

test('a table of the file that says timestamps: true gets created_at and updated_at by a rebuild, with the warnings of the same change from previousSpec, and loses them only with allowDataLoss', async () => {
  const path = copy()
  const before = digest(path)
  const pulled = specFromDatabase(path)
  const stamped = (on) => pulled.tables.map((t) => (t.name === 'users' ? { ...t, timestamps: on } : t))
  const onFile = generateMigration({ ...pulled, existingDbPath: path, now: '2026-02-09T12:00:00Z', tables: stamped(true) })
  assert.equal(onFile.validation.valid, true, JSON.stringify(onFile.validation.errors))
  assert.equal(onFile.metadata.operations.find((o) => o.table === 'users').operation, 'ALTER')
  const filled = onFile.validation.warnings.filter((w) => w.code === 'NULLS_FILLED')
  assert.deepEqual(filled.map((w) => [w.table, w.column]), [['users', 'created_at'], ['users', 'updated_at']])
  const SQL = await require('sql.js')()
  const db = new SQL.Database(readFileSync(path))
  const held = db.exec('SELECT count(*) FROM users')[0].values[0][0]
  assert.ok(held > 1, `${held}`)
  for (const w of filled) assert.ok(w.message.endsWith(`(the table holds ${held} rows now)`), w.message)
  const fromPrevious = generateMigration({ ...pulled, previousSpec: pulled, now: '2026-02-09T12:00:00Z', tables: stamped(true) })
  // (previousSpec's ROWS_REFUSE_CHANGE, references that may be broken, the file's trial withdraws: none is.)
  assert.deepEqual(onFile.validation.warnings.map((w) => w.code).sort(), fromPrevious.validation.warnings.map((w) => w.code).filter((c) => c !== 'ROWS_REFUSE_CHANGE').sort())
  assert.deepEqual(onFile.validation.warnings.map((w) => w.code).sort(), ['DOWN_DATA_LOSS', 'DOWN_DATA_LOSS', 'NULLS_FILLED', 'NULLS_FILLED'])
  // Up, down and up again on the file's own engine (sql.js).
  db.run('PRAGMA foreign_keys = ON')
  const schema = () => db.exec("SELECT type, name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name")[0].values
  const rows = () => db.exec('SELECT * FROM users ORDER BY id')[0].values
  const [schemaBefore, rowsBefore] = [schema(), rows()]
  db.run(onFile.upMigration)
  assert.deepEqual(db.exec("SELECT count(*) FROM users WHERE created_at IS NULL OR updated_at IS NULL")[0].values, [[0]])
  const schemaUp = schema()
  db.run(onFile.downMigration)
  assert.deepEqual([schema(), rows()], [schemaBefore, rowsBefore])
  db.run(onFile.upMigration)
  assert.deepEqual(schema(), schemaUp)
  db.close()
  // Turned off in a file that has them: kept without allowDataLoss, dropped with it.
  const upPath = join(mkdtempSync(join(tmpdir(), 'mg-stamps-')), 'up.db')
  const up = new SQL.Database(readFileSync(path))
  up.run(onFile.upMigration)
  writeFileSync(upPath, up.export())
  up.close()
  const off = (allowDataLoss) => generateMigration({ ...pulled, existingDbPath: upPath, allowDataLoss, tables: stamped(false) })
  assert.deepEqual(off(false).validation.warnings.map((w) => [w.code, w.column]), [['COLUMN_NOT_IN_SPEC', 'created_at'], ['COLUMN_NOT_IN_SPEC', 'updated_at'], ['NO_CHANGES', undefined]])
  assert.match(off(true).upMigration, /DROP COLUMN "?updated_at"?/)
  assert.equal(digest(path), before)
  for (const side of ['-wal', '-shm', '-journal']) assert.equal(existsSync(path + side), false, side)
})

test('a database whose folder and file names have letters past ASCII is read, pulled and changed, without writing', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mg-introspect-')), 'dïr josé #1')
  for (const name of ['ü.db', '日本.db']) {
    const path = join(dir, name)
    mkdirSync(dir, { recursive: true })
    copyFileSync(fixture, path)
    const before = digest(path)
    assert.deepEqual(introspectDatabase(path).existingTables, ['users', 'orders'], name)
    const spec = specFromDatabase(path)
    const same = generateMigration({ ...spec, description: 'same', existingDbPath: path })
    assert.equal(same.validation.valid, true, name)
    assert.deepEqual(same.metadata.operations.map((o) => o.operation), ['SKIP', 'SKIP'], name)
    // A change that rebuilds a table: the rows are tried on a copy read from this path.
    const users = spec.tables.find((t) => t.name === 'users')
    const age = users.columns.find((c) => c.name === 'age')
    Object.assign(age, { nullable: false, default: 0 })
    const changed = generateMigration({ ...spec, description: 'age', existingDbPath: path })
    assert.equal(changed.validation.valid, true, JSON.stringify(changed.validation.errors))
    assert.ok(!changed.validation.warnings.some((w) => w.code === 'ROWS_NOT_TRIED'), JSON.stringify(changed.validation.warnings))
    assert.match(changed.upMigration, /CREATE TABLE/)
    assert.equal(digest(path), before, name)
  }
})

test('unreadable databases throw clear errors and create nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-bad-'))
  const missing = join(dir, 'missing.db')
  assert.throws(() => introspectDatabase(missing), (e) => e instanceof MigrationGeneratorError && e.code === 'DB_NOT_FOUND')
  assert.equal(existsSync(missing), false)
  const text = join(dir, 'notes.txt')
  writeFileSync(text, 'not a database '.repeat(20))
  assert.throws(() => specFromDatabase(text), (e) => e.code === 'DB_UNREADABLE')
  assert.throws(() => introspectDatabase(42), (e) => e.code === 'INVALID_ARGUMENT')
  const r = generateMigration({ description: 'x', databaseType: 'sqlite', existingDbPath: missing, tables: [] })
  assert.equal(r.validation.valid, false)
  assert.equal(r.validation.errors[0].code, 'DB_NOT_FOUND')
})

test('introspection errors name the path given, not an option it was not given', () => {
  for (const [path, code] of [['/nonexistent/nope.db', 'DB_NOT_FOUND'], ['/tmp', 'DB_UNREADABLE']]) {
    assert.throws(() => introspectDatabase(path), (e) => {
      assert.equal(e.code, code)
      assert.ok(e.message.includes(path), e.message)
      assert.ok(!e.message.includes('existingDbPath'), e.message)
      return true
    })
  }
})

test('NO_CHANGES against a matching database says every table matches, not that the spec has none', () => {
  const path = copy()
  const spec = specFromDatabase(path)
  assert.ok(spec.tables.length > 0)
  const r = generateMigration({ ...spec, existingDbPath: path })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  const w = r.validation.warnings.find((x) => x.code === 'NO_CHANGES')
  assert.ok(w, JSON.stringify(r.validation.warnings))
  assert.match(w.message, /every table already matches/)
})

test('the compact answer\'s layout lives in memory the engine owns: a loop of calls that never yields does not grow by it', async () => {
  // An ArrayBuffer over Rust's vector (external memory) is freed by a finalizer Node runs only
  // on the event loop, so 4,000 calls in a loop grew the process by the layouts' size; memory
  // the engine owns is counted in process.memoryUsage().arrayBuffers, and collected as usual.
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  for (let t = 0; t < 200; t++) made.run(`CREATE TABLE t${t} (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER, c REAL, d BLOB); CREATE INDEX t${t}_a ON t${t} (a)`)
  const path = join(mkdtempSync(join(tmpdir(), 'mg-layout-')), 'many.db')
  writeFileSync(path, made.export())
  made.close()
  // In a process of its own, with nothing else's buffers to collect meanwhile.
  const program = `const native = require(${JSON.stringify(join(import.meta.dirname, '..', 'native.js'))})
    const first = native.introspectDatabaseCompact(${JSON.stringify(path)})
    gc()
    const before = process.memoryUsage().arrayBuffers
    const held = Array.from({ length: 20 }, () => native.introspectDatabaseCompact(${JSON.stringify(path)}))
    const same = held.every((h) => h.layout.length === first.layout.length && h.layout.every((n, i) => n === first.layout[i]))
    console.log(JSON.stringify({ grew: process.memoryUsage().arrayBuffers - before, bytes: first.layout.byteLength, same }))`
  const run = spawnSync(process.execPath, ['--expose-gc', '-e', program], { encoding: 'utf8' })
  assert.equal(run.status, 0, run.stderr)
  const { grew, bytes, same } = JSON.parse(run.stdout)
  assert.ok(bytes > 4000 && same, run.stdout)
  // The 20 layouts are counted (external memory, as before, was not: it grew by about 0). Not
  // exactly 20 × bytes: a small buffer of anything else collected meanwhile takes off a few
  // bytes (a run gave 464,924 for 464,960).
  assert.ok(grew >= 19 * bytes, `arrayBuffers grew by ${grew} for 20 layouts of ${bytes} bytes`)
  assert.equal(introspectDatabase(path).existingTables.length, 200)
})

test('a default holding a control character or a line break is pulled as an expression of literals and char(n) that gives the same text: generated against its own file, NO_CHANGES', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run("CREATE TABLE ok (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT DEFAULT 'a\u0001b', w TEXT DEFAULT 'line\nbreak', q TEXT DEFAULT 'it''s\r\n')")
  const dir = mkdtempSync(join(tmpdir(), 'mg-control-'))
  const path = join(dir, 'esc.db')
  writeFileSync(path, made.export())
  made.close()
  const before = digest(path)
  const p = pullDatabase(path)
  assert.deepEqual(p.leftOut, [])
  const defaults = Object.fromEntries(p.spec.tables[0].columns.map((c) => [c.name, c.default]))
  assert.deepEqual(defaults, {
    id: undefined,
    v: { expression: "'a' || char(1) || 'b'" },
    w: { expression: "'line' || char(10) || 'break'" },
    q: { expression: "'it''s' || char(13) || char(10)" },
  })
  const r = generateMigration({ ...p.spec, existingDbPath: path })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  assert.ok(r.validation.warnings.some((x) => x.code === 'NO_CHANGES'), JSON.stringify(r.validation.warnings))
  // The same spec creates a table whose new rows get the file's text.
  const fresh = generateMigration({ ...p.spec, now: '2026-02-09T12:00:00Z' })
  assert.equal(fresh.validation.valid, true, JSON.stringify(fresh.validation.errors))
  const db = new SQL.Database()
  db.run(fresh.upMigration)
  db.run('INSERT INTO ok (id) VALUES (1)')
  assert.deepEqual(db.exec('SELECT v, w, q FROM ok')[0].values, [['a\u0001b', 'line\nbreak', "it's\r\n"]])
  db.close()
  assert.equal(digest(path), before)
})

test('a virtual table of a module this SQLite lacks (sqlite-vec\'s vec0) is left out, and the rest of the file is read, pulled and generated against, without writing', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE vt_rowids (rowid INTEGER PRIMARY KEY, id TEXT); PRAGMA writable_schema = ON')
  made.run("INSERT INTO sqlite_master VALUES ('table', 'vt', 'vt', 0, 'CREATE VIRTUAL TABLE vt USING vec0(embedding float[4])')")
  const dir = mkdtempSync(join(tmpdir(), 'mg-vec0-'))
  const path = join(dir, 'vt.db')
  writeFileSync(path, made.export())
  made.close()
  const before = digest(path)
  const s = introspectDatabase(path)
  assert.deepEqual(s.tableSchemas.get('users').columns.map((c) => c.name), ['id', 'name'])
  assert.deepEqual(s.tableSchemas.get('vt').columns, [])
  const p = pullDatabase(path)
  assert.ok(p.leftOut.some((l) => l.what === "the virtual table 'vt'"), JSON.stringify(p.leftOut))
  assert.ok(!p.spec.tables.some((t) => t.name === 'vt'))
  assert.deepEqual(specFromDatabase(path).tables.map((t) => t.name).sort(), p.spec.tables.map((t) => t.name).sort())
  const r = generateMigration({ ...p.spec, existingDbPath: path })
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  assert.ok(r.validation.warnings.some((x) => x.code === 'NO_CHANGES'), JSON.stringify(r.validation.warnings))
  assert.equal(digest(path), before)
})
