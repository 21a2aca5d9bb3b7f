// introspectDatabase's compact transfer (src/introspect_transfer.rs, lib/introspect-transfer.js):
// the objects it gives are exactly those of JSON.parse of introspectDatabaseJson (same values,
// same key order, `where` absent and `defaultValue` null as there, nothing shared), and errors
// are thrown exactly as before.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const native = require('../native.js')
const { decodeIntrospection } = require('../lib/introspect-transfer.js')
const { introspectDatabase, generateMigration, MigrationGeneratorError } = require('../index.js')
const { makeSpec } = await import('../bench/specs.mjs')
const SQL = await require('sql.js')()

const dir = mkdtempSync(join(tmpdir(), 'mg-transfer-'))
let files = 0
/** A SQLite file made by running `script` in sql.js; its path. */
const database = (script) => {
  const db = new SQL.Database()
  db.exec(script)
  const path = join(dir, `db${files++}.sqlite`)
  writeFileSync(path, db.export())
  db.close()
  return path
}
const quote = (name) => `"${name.replaceAll('"', '""')}"`

/** Asserts that no object or array is reachable twice (JSON.parse never shares them). */
function assertNothingShared(value, seen = new Set()) {
  if (value === null || typeof value !== 'object') return
  assert.ok(!seen.has(value), 'an object or array is shared')
  seen.add(value)
  for (const v of Object.values(value)) assertNothingShared(v, seen)
}

/**
 * The compact path gives what the JSON path gives, both decoded alone and through
 * introspectDatabase; returns the schema.
 */
function assertSameAsJson(path) {
  const answer = JSON.parse(native.introspectDatabaseJson(path))
  assert.equal(answer.ok, true)
  const expected = answer.schema
  const compact = native.introspectDatabaseCompact(path)
  assert.equal(typeof compact.text, 'string')
  assert.ok(compact.layout instanceof Uint32Array)
  const decoded = decodeIntrospection(compact.text, compact.layout)
  assert.deepEqual(decoded, expected)
  // deepEqual ignores key order; the JSON text does not.
  assert.equal(JSON.stringify(decoded), JSON.stringify(expected))
  assertNothingShared(decoded)
  const s = introspectDatabase(path)
  assert.deepEqual(Object.keys(s), ['existingTables', 'tableSchemas', 'determineOperation'])
  assert.deepEqual(s.existingTables, expected.existingTables)
  assert.deepEqual(s.tableSchemas, new Map(expected.tableSchemas.map((t) => [t.tableName, t])))
  assert.equal(JSON.stringify([...s.tableSchemas.values()]), JSON.stringify(expected.tableSchemas))
  return expected
}

test('the 1,000-table bench database decodes to what JSON.parse gives', async () => {
  const path = database(generateMigration(makeSpec(1000, 'sqlite')).upMigration)
  const schema = assertSameAsJson(path)
  assert.equal(schema.tableSchemas.length, 1000)
  const all = (key) => schema.tableSchemas.flatMap((t) => t[key])
  assert.ok(all('indexes').length > 1000)
  assert.ok(all('foreignKeys').length > 500)
  assert.ok(all('checks').length > 500)
  assert.ok(all('columns').some((c) => c.defaultValue !== null))
})

test('awkward names: quotes, backticks, brackets, spaces, non-BMP characters, line separators', () => {
  const names = ['we"ird', 'back`tick', '[bracketed]', 'with space', "o'quote", '😀 emoji', 'sep\u2028line', 'para\u2029graph', 'é accent', '𝕏𝕐', 'tab\there', 'new\nline', '\\back\\slash', '"', 'ǅ', '1']
  let sql = ''
  names.forEach((n, i) => {
    const other = names[(i + 1) % names.length]
    sql += `CREATE TABLE ${quote(n)} (${quote(n + ' id')} INTEGER PRIMARY KEY, ${quote(other)} TEXT DEFAULT ${"'" + n.replaceAll("'", "''") + "'"} NOT NULL, ${quote('ref ' + n)} INT REFERENCES ${quote(n)} (${quote(n + ' id')}), CONSTRAINT ${quote('chk ' + n)} CHECK (length(${quote(other)}) >= 0));\n`
    sql += `CREATE INDEX ${quote('ix ' + n)} ON ${quote(n)} (${quote(other)}) WHERE ${quote(other)} <> ${"'" + other.replaceAll("'", "''") + "'"};\n`
    sql += `CREATE TRIGGER ${quote('trg ' + n)} AFTER INSERT ON ${quote(n)} BEGIN SELECT 1; END;\n`
    sql += `CREATE VIEW ${quote('view ' + n)} AS SELECT * FROM ${quote(n)};\n`
  })
  const schema = assertSameAsJson(database(sql))
  assert.deepEqual(schema.existingTables, names)
  const t = schema.tableSchemas.find((x) => x.tableName === 'sep\u2028line')
  assert.equal(t.columns[1].name, 'para\u2029graph')
  assert.equal(t.columns[1].defaultValue, "'sep\u2028line'")
  assert.equal(t.indexes[0].where, `"para\u2029graph" <> 'para\u2029graph'`)
  assert.ok(t.triggers.includes('trg sep\u2028line'))
})

test('many random Unicode names (surrogate pairs next to ASCII, repeated and not) keep their UTF-16 bookkeeping', () => {
  let seed = 7
  const rand = (k) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % k
  }
  const alphabet = ['a', 'Z', '_', ' ', '"', "'", '`', '[', ']', 'é', 'ß', '中', '\u2028', '😀', '🎉', '𐐷', '\u00a0', '\u200d']
  const name = () => Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join('')
  const used = new Set()
  let sql = ''
  for (let i = 0; i < 120; i++) {
    let n = name()
    while (used.has(n.toLowerCase())) n += String(i)
    used.add(n.toLowerCase())
    const cols = [...new Set(Array.from({ length: 1 + rand(5) }, () => name()).map((c) => c.toLowerCase()))]
    sql += `CREATE TABLE ${quote(n)} (${cols.map((c) => `${quote(c)} TEXT DEFAULT '${c.replaceAll("'", "''")}'`).join(', ')});\n`
    sql += `CREATE INDEX ${quote('ix' + i + n)} ON ${quote(n)} (${quote(cols[0])});\n`
  }
  assertSameAsJson(database(sql))
})

test('defaults of every kind: NULL, quoted strings, numbers, expressions, times, blobs', () => {
  const schema = assertSameAsJson(
    database(`CREATE TABLE d (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      none TEXT,
      n TEXT DEFAULT NULL,
      s TEXT DEFAULT 'it''s "quoted"',
      empty TEXT DEFAULT '',
      i INTEGER DEFAULT 42,
      neg REAL DEFAULT -1.5,
      big INTEGER DEFAULT 9223372036854775807,
      e REAL DEFAULT 1e3,
      hex INTEGER DEFAULT 0x10,
      t INTEGER DEFAULT TRUE,
      expr TEXT DEFAULT (lower('X') || 'y'),
      now TEXT DEFAULT CURRENT_TIMESTAMP,
      dt TEXT DEFAULT (datetime('now')),
      b BLOB DEFAULT X'00FF',
      nn TEXT NOT NULL DEFAULT 'x'
    )`),
  )
  const columns = Object.fromEntries(schema.tableSchemas[0].columns.map((c) => [c.name, c]))
  assert.equal(columns.none.defaultValue, null)
  assert.equal(columns.n.defaultValue, 'NULL')
  assert.equal(columns.s.defaultValue, `'it''s "quoted"'`)
  assert.equal(columns.empty.defaultValue, "''")
  assert.equal(columns.neg.defaultValue, '-1.5')
  assert.equal(columns.b.defaultValue, "X'00FF'")
  assert.equal(columns.id.notNull, true)
  assert.equal(columns.id.primaryKey, true)
  assert.deepEqual(Object.keys(columns.none), ['name', 'type', 'notNull', 'defaultValue', 'primaryKey'])
})

test('indexes (partial, unique, on expressions), composite and implicit foreign keys, checks, triggers, views', () => {
  const schema = assertSameAsJson(
    database(`
      CREATE TABLE parent (a INT, b TEXT, c INT UNIQUE, PRIMARY KEY (a, b));
      CREATE TABLE child (
        id INTEGER PRIMARY KEY,
        pa INT, pb TEXT,
        implicit INT REFERENCES parent,
        c INT REFERENCES parent (c) ON DELETE SET DEFAULT ON UPDATE RESTRICT,
        x INT CHECK (x > 0),
        CONSTRAINT named_check CHECK (pa IS NOT NULL OR pb IS NULL),
        FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE CASCADE ON UPDATE SET NULL
      );
      CREATE UNIQUE INDEX ux_child ON child (pa, pb) WHERE pa > 0 AND pb <> 'it''s';
      CREATE INDEX ix_plain ON child (x, id);
      CREATE INDEX ix_expr ON child (lower(pb));
      CREATE UNIQUE INDEX ux_mixed ON child (x DESC, (pa + 1), pb) WHERE x > 1;
      CREATE TRIGGER trg_a AFTER INSERT ON child BEGIN SELECT 1; END;
      CREATE TRIGGER trg_b BEFORE DELETE ON child BEGIN SELECT 2; END;
      CREATE VIEW v_child AS SELECT id FROM child;
      CREATE VIEW v_both AS SELECT * FROM child JOIN parent ON child.pa = parent.a;
    `),
  )
  const child = schema.tableSchemas.find((t) => t.tableName === 'child')
  const partial = child.indexes.find((i) => i.name === 'ux_child')
  assert.deepEqual(Object.keys(partial), ['name', 'columns', 'unique', 'where'])
  assert.equal(partial.unique, true)
  const plain = child.indexes.find((i) => i.name === 'ix_plain')
  assert.deepEqual(Object.keys(plain), ['name', 'columns', 'unique'])
  assert.ok(!('where' in plain))
  // Expression keys are not columns: `expressions` (last, after `where`), only where there are any.
  assert.deepEqual(child.indexes.find((i) => i.name === 'ix_expr'), { name: 'ix_expr', columns: [], unique: false, expressions: ['lower(pb)'] })
  const mixed = child.indexes.find((i) => i.name === 'ux_mixed')
  assert.deepEqual(Object.keys(mixed), ['name', 'columns', 'unique', 'where', 'expressions'])
  assert.deepEqual(mixed, { name: 'ux_mixed', columns: ['x', 'pb'], unique: true, where: 'x > 1', expressions: ['(pa + 1)'] })
  assert.ok(child.foreignKeys.some((f) => f.columns.length === 2 && f.onDelete === 'CASCADE' && f.onUpdate === 'SET NULL'))
  assert.ok(child.foreignKeys.length >= 3)
  assert.ok(child.checks.length >= 2)
  assert.deepEqual([...child.triggers].sort(), ['trg_a', 'trg_b'])
  assert.ok(child.views.includes('v_child'))
})

test('an empty database and a zero-byte file answer as the JSON path does', () => {
  const empty = assertSameAsJson(database('PRAGMA user_version = 1;'))
  assert.deepEqual(empty, { existingTables: [], tableSchemas: [] })
  const zero = join(dir, 'zero.sqlite')
  writeFileSync(zero, '')
  const answer = JSON.parse(native.introspectDatabaseJson(zero))
  if (answer.ok) assertSameAsJson(zero)
  else assertSameError(zero, answer.error.code)
})

/** introspectDatabase throws for `path` exactly what unwrap made of the JSON answer. */
function assertSameError(path, code) {
  const json = native.introspectDatabaseJson(path)
  const answer = JSON.parse(json)
  assert.equal(answer.ok, false)
  assert.equal(answer.error.code, code)
  assert.equal(native.introspectDatabaseCompact(path), json)
  const issue = answer.error
  assert.throws(
    () => introspectDatabase(path),
    (e) => {
      assert.ok(e instanceof MigrationGeneratorError)
      assert.equal(e.code, code)
      assert.equal(e.message, issue.suggestion ? `${issue.message}: ${issue.suggestion}` : issue.message)
      assert.equal(e.path, path)
      assert.deepEqual(e.issues, [issue])
      return true
    },
  )
}

test('a missing file and a file that is not SQLite throw as before', () => {
  assertSameError(join(dir, 'missing.sqlite'), 'DB_NOT_FOUND')
  const text = join(dir, 'notes.txt')
  writeFileSync(text, 'not a database '.repeat(100))
  assertSameError(text, 'DB_UNREADABLE')
})

const python = spawnSync('python3', ['-c', 'import sqlite3'], { stdio: 'ignore' }).status === 0

test('a database locked by a writer throws DB_LOCKED as before', { skip: !python && 'needs python3 with sqlite3 to hold the lock' }, async () => {
  const path = database('CREATE TABLE t (id INTEGER PRIMARY KEY);')
  // A writer holding an exclusive lock (rollback journal) keeps readers out.
  const holder = spawn('python3', ['-c', `import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE"); c.execute("INSERT INTO t VALUES (1)")
print("locked", flush=True); sys.stdin.read()`, path], { stdio: ['pipe', 'pipe', 'inherit'] })
  try {
    await new Promise((resolve, reject) => {
      holder.stdout.once('data', resolve)
      holder.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)))
    })
    assertSameError(path, 'DB_LOCKED')
  } finally {
    holder.stdin.end()
    await new Promise((resolve) => (holder.exitCode !== null ? resolve() : holder.once('exit', resolve)))
  }
  assertSameAsJson(path)
})
