// A SQLite column declared TINYINT holds any 64-bit integer (SQLite does not check the range):
// pulled for PostgreSQL (TINYINT is SMALLINT there, -32,768 to 32,767) or MySQL (TINYINT,
// -128 to 127), a column whose rows hold more is given the smallest spec type that holds them
// (INTEGER, or BIGINT past 32 bits, as an INTEGER column past 32 bits already was), so that the
// rows load on the server. Checked on the PostgreSQL server (PG_URL; default: the local socket)
// and on MariaDB (MYSQL_URL; default: its socket), each in a database of its own, dropped after.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { mysqlTryingConnection, pgTryingClient } from './engines/connect.mjs'

const require = createRequire(import.meta.url)
const api = require('../index.js')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-pull-tinyint-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

// id, fits_both (-128..127), mysql_wide (past TINYINT, within SMALLINT), both_wide (past
// SMALLINT), huge (past 32 bits), small (a SMALLINT, pulled as INT, past TINYINT), not_number
const ROWS = [
  [1, 127, 300, 40000, 5000000000, 32767, "'x'"],
  [2, -128, -129, -32769, -2147483649, -32768, '7'],
  [3, 0, 5, 5, 5, 5, 'NULL'],
]

async function sqliteFile() {
  const SQL = await require('sql.js')()
  const file = path.join(dir, 'tiny.db')
  const conn = new SQL.Database()
  conn.run(`CREATE TABLE settings (id INTEGER PRIMARY KEY, fits_both TINYINT NOT NULL, mysql_wide TINYINT,
    both_wide TINYINT, huge TINYINT, small SMALLINT, not_number TINYINT)`)
  for (const row of ROWS) conn.run(`INSERT INTO settings VALUES (${row.join(', ')})`)
  // SQLite kept every value as it was given (TINYINT's INTEGER affinity takes any integer; text
  // that does not read as a number stays text).
  assert.deepEqual(conn.exec('SELECT huge, typeof(not_number) FROM settings WHERE id = 1')[0].values, [[5000000000, 'text']])
  fs.writeFileSync(file, conn.export())
  conn.close()
  return file
}

const inserts = ROWS.filter((r) => r[6] !== "'x'")
  .map((r) => `INSERT INTO settings (id, fits_both, mysql_wide, both_wide, huge, small, not_number) VALUES (${r.join(', ')});`)
  .join('\n')

function pulled(file, databaseType) {
  const { spec, leftOut } = api.pullDatabase(file, databaseType)
  assert.deepEqual(leftOut.filter((l) => /INTEGER columns/.test(l.what)), [], 'the values were read')
  const types = Object.fromEntries(spec.tables[0].columns.map((c) => [c.name, c.type]))
  const r = api.generateMigration(spec)
  assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))
  return { spec, types, r }
}

/** The spec with every column back to the type the file declares (what a pull gave before). */
function declaredTypes(spec) {
  const declared = { fits_both: 'TINYINT', mysql_wide: 'TINYINT', both_wide: 'TINYINT', huge: 'TINYINT', not_number: 'TINYINT' }
  return { ...spec, tables: [{ ...spec.tables[0], columns: spec.tables[0].columns.map((c) => ({ ...c, type: declared[c.name] ?? c.type })) }] }
}

test('TINYINT columns holding values past PostgreSQL SMALLINT are pulled wider, and PostgreSQL takes the rows', async (t) => {
  const file = await sqliteFile()
  const { spec, types, r } = pulled(file, 'postgresql')
  assert.deepEqual(types, { id: 'INTEGER', fits_both: 'TINYINT', mysql_wide: 'TINYINT', both_wide: 'INTEGER', huge: 'BIGINT', small: 'INT', not_number: 'TINYINT' })
  // Pulled for SQLite they stay as the file declares them.
  assert.deepEqual(api.specFromDatabase(file).tables[0].columns.map((c) => c.type), ['INTEGER', 'TINYINT', 'TINYINT', 'TINYINT', 'TINYINT', 'INT', 'TINYINT'])
  const pg = await pgTryingClient('mg_rerun_pull')
  if (pg.skip) return t.skip(pg.skip)
  try {
    assert.equal(await pg.tryScript(`${r.upMigration}\n${inserts}`), null)
    assert.match(await pg.tryScript(`${api.generateMigration(declaredTypes(spec)).upMigration}\n${inserts}`), /out of range/)
  } finally {
    await pg.close()
  }
})

test('TINYINT columns holding values past MySQL TINYINT are pulled wider, and MariaDB takes the rows', async (t) => {
  const file = await sqliteFile()
  const { spec, types, r } = pulled(file, 'mysql')
  assert.deepEqual(types, { id: 'INTEGER', fits_both: 'TINYINT', mysql_wide: 'INTEGER', both_wide: 'INTEGER', huge: 'BIGINT', small: 'INT', not_number: 'TINYINT' })
  const my = await mysqlTryingConnection('mg_rerun_pull')
  if (my.skip) return t.skip(my.skip)
  try {
    assert.equal(await my.tryScript(`${r.upMigration}\n${inserts}`, 'settings'), null)
    assert.match(await my.tryScript(`${api.generateMigration(declaredTypes(spec)).upMigration}\n${inserts}`, 'settings'), /Out of range/)
  } finally {
    await my.close()
  }
})

// A key widened by its values takes the columns that reference it along (transitively: a child
// of a child, a composite key, a self-reference): the file's children hold only small values
// or none, and were pulled narrow beside their widened parents, which MySQL refuses
// (FOREIGN_KEY_TYPE_MISMATCH; INT to BIGINT is no foreign key InnoDB makes).
async function referencingFile() {
  const SQL = await require('sql.js')()
  const file = path.join(dir, 'referencing.db')
  const conn = new SQL.Database()
  conn.run(`PRAGMA foreign_keys = ON;
    CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id));
    CREATE TABLE order_notes (id INTEGER PRIMARY KEY, order_account INTEGER REFERENCES orders(id));
    CREATE TABLE folders (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES folders(id));
    CREATE TABLE slots (day TINYINT NOT NULL, hour TINYINT NOT NULL, PRIMARY KEY (day, hour));
    CREATE TABLE bookings (id INTEGER PRIMARY KEY, day TINYINT NOT NULL, hour TINYINT NOT NULL,
      FOREIGN KEY (day, hour) REFERENCES slots (day, hour));
    INSERT INTO accounts VALUES (1, 'small'), (5000000000, 'big');
    INSERT INTO orders VALUES (3000000000, 1), (7, 1);
    INSERT INTO order_notes VALUES (1, 7);
    INSERT INTO folders VALUES (1, NULL), (2, 1), (4000000000, NULL);
    INSERT INTO slots VALUES (1, 9), (2, 200);
    INSERT INTO bookings VALUES (1, 1, 9);`)
  fs.writeFileSync(file, conn.export())
  conn.close()
  return file
}

// The file's rows, and rows the narrow children refused: a reference to each widened key.
const referencingRows = `INSERT INTO accounts (id, name) VALUES (1, 'small'), (5000000000, 'big');
INSERT INTO orders (id, account_id) VALUES (3000000000, 1), (7, 1), (8, 5000000000);
INSERT INTO order_notes (id, order_account) VALUES (1, 7), (2, 3000000000);
INSERT INTO folders (id, parent_id) VALUES (1, NULL), (2, 1), (4000000000, NULL), (5, 4000000000);
INSERT INTO slots (day, hour) VALUES (1, 9), (2, 200);
INSERT INTO bookings (id, day, hour) VALUES (1, 1, 9), (2, 2, 200);`

const referencingTypes = (spec) => Object.fromEntries(spec.tables.flatMap((t) => t.columns.map((c) => [`${t.name}.${c.name}`, c.type])))

/** The spec with each referencing column back to what the pull gave before: the file's own type. */
function narrowChildren(spec) {
  const narrow = { 'orders.account_id': 'INTEGER', 'order_notes.order_account': 'INTEGER', 'folders.parent_id': 'INTEGER', 'bookings.hour': 'TINYINT' }
  return { ...spec, tables: spec.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, type: narrow[`${t.name}.${c.name}`] ?? c.type })) })) }
}

for (const databaseType of ['mysql', 'postgresql']) {
  test(`columns referencing a key the pull widens are widened with it (${databaseType}), and the server takes the rows`, async (t) => {
    const file = await referencingFile()
    const { spec, leftOut } = api.pullDatabase(file, databaseType)
    assert.deepEqual(leftOut.filter((l) => /INTEGER columns/.test(l.what)), [], 'the values were read')
    const types = referencingTypes(spec)
    // MySQL's TINYINT stops at 127: hour holds 200. PostgreSQL's (SMALLINT) holds it.
    const hour = databaseType === 'mysql' ? 'INTEGER' : 'TINYINT'
    assert.deepEqual(types, {
      'accounts.id': 'BIGINT', 'accounts.name': 'TEXT',
      'orders.id': 'BIGINT', 'orders.account_id': 'BIGINT',
      'order_notes.id': 'INTEGER', 'order_notes.order_account': 'BIGINT',
      'folders.id': 'BIGINT', 'folders.parent_id': 'BIGINT',
      'slots.day': 'TINYINT', 'slots.hour': hour,
      'bookings.id': 'INTEGER', 'bookings.day': 'TINYINT', 'bookings.hour': hour,
    })
    const r = api.generateMigration(spec)
    assert.ok(r.validation.valid, JSON.stringify(r.validation.errors))
    assert.deepEqual([...r.validation.errors, ...r.validation.warnings].filter((w) => w.code === 'FOREIGN_KEY_TYPE_MISMATCH'), [])
    // What the pull gave before: MySQL refuses it (PostgreSQL takes INTEGER to BIGINT, warned).
    const before = api.generateMigration(narrowChildren(spec))
    const mismatches = [...before.validation.errors, ...before.validation.warnings].filter((w) => w.code === 'FOREIGN_KEY_TYPE_MISMATCH')
    assert.ok(mismatches.length >= 3, JSON.stringify(before.validation))
    if (databaseType === 'mysql') assert.equal(before.validation.valid, false)
    if (databaseType === 'mysql') {
      const my = await mysqlTryingConnection('mg_c_pull_fk')
      if (my.skip) return t.skip(my.skip)
      try {
        assert.equal(await my.tryScript(`${r.upMigration}\n${referencingRows}`), null)
        assert.equal(await my.tryScript(r.downMigration), null)
      } finally {
        await my.close()
      }
    } else {
      const pg = await pgTryingClient('mg_c_pull_fk')
      if (pg.skip) return t.skip(pg.skip)
      try {
        assert.equal(await pg.tryScript(`${r.upMigration}\n${referencingRows}\n${r.downMigration}`), null)
        // The references hold: a row to no parent is refused.
        assert.match(await pg.tryScript(`${r.upMigration}\n${referencingRows}\nINSERT INTO orders (id, account_id) VALUES (9, 6000000000);`), /foreign key/)
      } finally {
        await pg.close()
      }
    }
  })
}
