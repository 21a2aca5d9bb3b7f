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
