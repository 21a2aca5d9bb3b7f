// Findings of a specification audit (a user trial), each checked on the engines concerned:
// a string default that is a function call (warned, and the suggested expression calls it);
// a SQLite INTEGER column holding 64-bit values pulled for PostgreSQL (BIGINT, the rows fit);
// `check` agreeing with `generate` on TABLE_CREATED_BEFORE; SQLite's INVALID_FOREIGN_KEY
// suggesting `existing: true` (which then runs); MySQL's INT to TEXT a widening (MariaDB keeps
// every value).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { pgTryingClient, mysqlScratchDatabase } from './engines/connect.mjs'
import { tempFolders, runCli } from './support/harness.mjs'

const require = createRequire(import.meta.url)
const api = require('../index.js')

const tmp = tempFolders('mg-audit-')

const table = (name, columns, extra = {}) => ({ name, columns, primaryKey: ['id'], ...extra })
const id = { name: 'id', type: 'INTEGER', nullable: false }
const spec = (databaseType, tables, extra = {}) => ({ description: 'audit', databaseType, timestamps: false, tables, ...extra })

test('a string default that is a call of a known function is warned about, and the expression it suggests calls it (SQLite, PostgreSQL 15)', async (t) => {
  const SQL = await require('sql.js')()
  const column = { name: 'created_at', type: 'TEXT', nullable: false, default: "datetime('now')" }
  const r = api.generateMigration(spec('sqlite', [table('events', [id, column])]))
  assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))
  const warned = r.validation.warnings.filter((w) => w.code === 'INVALID_DEFAULT')
  assert.equal(warned.length, 1, JSON.stringify(r.validation.warnings))
  assert.equal(warned[0].type, 'warning')
  assert.equal(warned[0].column, 'created_at')
  assert.match(warned[0].suggestion, /"default": \{ "expression": "datetime\('now'\)" \}/)
  // What the warning says: the string default stores the text; the suggested form the time.
  const stored = (up) => {
    const db = new SQL.Database()
    db.run(up)
    db.run('INSERT INTO events (id) VALUES (1)')
    const value = db.exec('SELECT created_at FROM events')[0].values[0][0]
    db.close()
    return value
  }
  assert.equal(stored(r.upMigration), "datetime('now')")
  const fixed = api.generateMigration(spec('sqlite', [table('events', [id, { ...column, default: { expression: "datetime('now')" } }])]))
  assert.deepEqual(fixed.validation.warnings.filter((w) => w.code === 'INVALID_DEFAULT'), [])
  assert.match(stored(fixed.upMigration), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  // Ordinary text is taken without a word.
  const plain = api.generateMigration(spec('sqlite', [table('events', [id, { ...column, default: 'hello (world)' }])]))
  assert.deepEqual(plain.validation.warnings.filter((w) => w.code === 'INVALID_DEFAULT'), [])

  const pg = await pgTryingClient('mg_audit_default')
  if (pg.skip) return t.skip(pg.skip)
  try {
    const columns = [
      id,
      { name: 'code', type: 'TEXT', nullable: false, default: 'gen_random_uuid()' },
      { name: 'at', type: 'VARCHAR', length: 40, nullable: false, default: 'now()' },
    ]
    const r = api.generateMigration(spec('postgresql', [table('things', columns)]))
    assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))
    const warned = r.validation.warnings.filter((w) => w.code === 'INVALID_DEFAULT')
    assert.deepEqual(warned.map((w) => w.column), ['code', 'at'])
    assert.match(warned[0].suggestion, /\{ "expression": "gen_random_uuid\(\)" \}/)
    assert.match(warned[1].suggestion, /\{ "expression": "now\(\)" \}.*"CURRENT_TIMESTAMP"/)
    const withExpressions = columns.map((c) => (typeof c.default === 'string' ? { ...c, default: { expression: c.default } } : c))
    const fixed = api.generateMigration(spec('postgresql', [table('things', withExpressions)]))
    assert.ok(fixed.validation.valid, JSON.stringify(fixed.validation.errors))
    const check = `${fixed.upMigration}
INSERT INTO things (id) VALUES (1);
DO $$ BEGIN
  IF (SELECT code FROM things) !~ '^[0-9a-f-]{36}$' THEN RAISE EXCEPTION 'code %', (SELECT code FROM things); END IF;
  IF (SELECT at FROM things) !~ '^\\d{4}-' THEN RAISE EXCEPTION 'at %', (SELECT at FROM things); END IF;
END $$;`
    assert.equal(await pg.tryScript(check), null)
    // And the string default stores the text, as the warning says.
    assert.equal(await pg.tryScript(`${r.upMigration}\nINSERT INTO things (id) VALUES (1);\nDO $$ BEGIN IF (SELECT code FROM things) <> 'gen_random_uuid()' THEN RAISE EXCEPTION 'not the text'; END IF; END $$;`), null)
  } finally {
    await pg.close()
  }
})

test('a SQLite INTEGER column holding epoch milliseconds is pulled for PostgreSQL as BIGINT, and PostgreSQL 15 takes its rows', async (t) => {
  const SQL = await require('sql.js')()
  const dir = tmp()
  const file = path.join(dir, 'drizzle.db')
  const rows = [
    [1, 1765000000000, 7, -9007199254740991],
    [2, -5, -2147483648, 2147483647],
  ]
  const conn = new SQL.Database()
  conn.run('CREATE TABLE events (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, small INTEGER, wide_negative INTEGER)')
  for (const row of rows) conn.run('INSERT INTO events VALUES (?, ?, ?, ?)', row)
  fs.writeFileSync(file, conn.export())
  conn.close()
  const { spec: pulled, leftOut } = api.pullDatabase(file, 'postgresql')
  const types = Object.fromEntries(pulled.tables[0].columns.map((c) => [c.name, c.type]))
  assert.deepEqual(types, { id: 'INTEGER', created_at: 'BIGINT', small: 'INTEGER', wide_negative: 'BIGINT' })
  assert.deepEqual(leftOut.filter((l) => /INTEGER columns/.test(l.what)), [])
  // Pulled for SQLite the column stays as the file has it.
  assert.equal(api.specFromDatabase(file).tables[0].columns[1].type, 'INTEGER')
  const r = api.generateMigration(pulled)
  assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))

  const pg = await pgTryingClient('mg_audit_pull')
  if (pg.skip) return t.skip(pg.skip)
  try {
    const inserts = rows.map((row) => `INSERT INTO events (id, created_at, small, wide_negative) VALUES (${row.join(', ')});`).join('\n')
    assert.equal(await pg.tryScript(`${r.upMigration}\n${inserts}`), null)
    // What the pull gave before: INTEGER, which refuses the rows.
    const before = { ...pulled, tables: [{ ...pulled.tables[0], columns: pulled.tables[0].columns.map((c) => ({ ...c, type: 'INTEGER' })) }] }
    assert.match(await pg.tryScript(`${api.generateMigration(before).upMigration}\n${inserts}`), /out of range/)
  } finally {
    await pg.close()
  }
})

/** Runs the command line in-process in `cwd`: `{ code, stdout, stderr }`. */
const cli = (args, cwd) => runCli(args, { cwd })

test('check gives the TABLE_CREATED_BEFORE of generate when the migrations folder generate would use already creates the table', () => {
  const dir = tmp()
  const users = spec('sqlite', [table('users', [id, { name: 'email', type: 'TEXT', nullable: false }])])
  fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(users))
  // No folder yet: valid, nothing to look into.
  assert.equal(cli(['check', 'schema.json'], dir).code, 0)
  assert.equal(cli(['generate', 'schema.json', '--now', '2026-02-09T12:00:00Z'], dir).code, 0)
  // The same spec with a column more: generate refuses it, and so does check now.
  users.tables[0].columns.push({ name: 'phone', type: 'TEXT', nullable: true })
  fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(users))
  const generated = cli(['generate', 'schema.json', '--now', '2026-02-10T12:00:00Z', '--json'], dir)
  assert.equal(generated.code, 1)
  const generateCodes = JSON.parse(generated.stdout).result.validation.errors.map((e) => e.code)
  assert.deepEqual(generateCodes, ['TABLE_CREATED_BEFORE'])
  const checked = cli(['check', 'schema.json', '--json'], dir)
  assert.equal(checked.code, 1, checked.stdout)
  const report = JSON.parse(checked.stdout)
  assert.equal(report.ok, false)
  assert.deepEqual(report.validation.errors.map((e) => [e.code, e.table]), [['TABLE_CREATED_BEFORE', 'users']])
  const text = cli(['check', 'schema.json'], dir)
  assert.equal(text.code, 1)
  assert.match(text.stderr, /TABLE_CREATED_BEFORE/)
  assert.match(text.stderr, /schema\.json is invalid/)
  // --recreate makes it a warning, as for generate; another --out folder (empty) is not it.
  assert.equal(cli(['check', 'schema.json', '--recreate'], dir).code, 0)
  fs.mkdirSync(path.join(dir, 'other'))
  assert.equal(cli(['check', 'schema.json', '--out', 'other'], dir).code, 0)
  assert.equal(cli(['check', 'schema.json', '--out', 'database/migrations'], dir).code, 1)
})

test('SQLite: a foreign key to a table the spec lacks suggests "existing": true, and the migration made with it runs with that table created first', async () => {
  const SQL = await require('sql.js')()
  const orders = table('orders', [id, { name: 'user_id', type: 'INTEGER', nullable: false }], {
    foreignKeys: [{ columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] }],
  })
  const r = api.generateMigration(spec('sqlite', [orders]))
  const error = r.validation.errors.find((e) => e.code === 'INVALID_FOREIGN_KEY')
  assert.ok(error, JSON.stringify(r.validation.errors))
  assert.match(error.suggestion, /"existing": true/)
  const fixed = api.generateMigration(spec('sqlite', [table('users', [id], { existing: true }), orders]))
  assert.ok(fixed.validation.valid, JSON.stringify(fixed.validation.errors))
  assert.doesNotMatch(fixed.upMigration, /CREATE TABLE (IF NOT EXISTS )?"?users"?\s*\(/)
  assert.match(fixed.upMigration, /REFERENCES "?users"?/)
  const db = new SQL.Database()
  db.run('PRAGMA foreign_keys = ON')
  db.run('CREATE TABLE users (id INTEGER PRIMARY KEY)')
  db.run(fixed.upMigration)
  db.run('INSERT INTO users VALUES (1)')
  db.run('INSERT INTO orders VALUES (1, 1)')
  assert.throws(() => db.run('INSERT INTO orders VALUES (2, 9)'), /FOREIGN KEY constraint failed/)
  db.close()
})

test('MySQL: INT to TEXT from previousSpec is a widening, and MariaDB keeps every value through it', async (t) => {
  const columns = (type) => [id, { name: 'n', type, nullable: true }]
  const previous = spec('mysql', [table('nums', columns('INT'))])
  const next = spec('mysql', [table('nums', columns('TEXT'))], { previousSpec: previous })
  const r = api.generateMigration(next)
  assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))
  assert.deepEqual(r.validation.warnings.map((w) => w.code), ['DOWN_DATA_LOSS'])
  const scratch = await mysqlScratchDatabase('mg_audit_widen')
  if (scratch.skip) return t.skip(scratch.skip)
  const conn = await scratch.connect()
  try {
    await conn.query(api.generateMigration(previous).upMigration)
    const values = [-2147483648, -1, 0, 2147483647, null]
    for (const [i, v] of values.entries()) await conn.query('INSERT INTO nums VALUES (?, ?)', [i + 1, v])
    await conn.query(r.upMigration)
    const [rows] = await conn.query('SELECT n FROM nums ORDER BY id')
    assert.deepEqual(rows.map((row) => row.n), values.map((v) => (v === null ? null : String(v))))
  } finally {
    await conn.end()
    await scratch.drop()
  }
})

test('introspectDatabase lists the UNIQUE constraints of a CREATE TABLE (inline and table-level), which specFromDatabase pulls, apart from its indexes', async () => {
  const SQL = await require('sql.js')()
  const file = path.join(tmp(), 'unique.db')
  const conn = new SQL.Database()
  conn.run(`CREATE TABLE members (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, team INT, seat INT, badge INT, UNIQUE (team, seat));
    CREATE UNIQUE INDEX idx_members_badge ON members (badge);
    CREATE TABLE plain (id INTEGER PRIMARY KEY)`)
  fs.writeFileSync(file, conn.export())
  conn.close()
  const { tableSchemas } = api.introspectDatabase(file)
  const members = tableSchemas.get('members')
  const sets = members.uniqueConstraints.map((u) => u.columns.join(',')).sort()
  assert.deepEqual(sets, ['email', 'team,seat'])
  assert.deepEqual(members.indexes.map((i) => i.name), ['idx_members_badge'])
  assert.deepEqual(tableSchemas.get('plain').uniqueConstraints, [])
  // What the pull makes of the same constraints.
  const pulled = api.specFromDatabase(file).tables.find((t) => t.name === 'members')
  assert.equal(pulled.columns.find((c) => c.name === 'email').unique, true)
  assert.deepEqual(pulled.uniqueConstraints.map((u) => u.columns), [['team', 'seat']])
})
