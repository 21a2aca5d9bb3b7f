// InnoDB's row limit in a 16 KB page ("Row size too large (> 8126)"), which MariaDB and MySQL
// reckon differently: on the server at hand, the most columns of a type a CREATE TABLE takes,
// found by trying, against the most the generator lets a spec have. The generator never writes
// a table the server refuses, and where this server is the stricter of the two it allows exactly
// as many columns as the server takes (MariaDB keeps up to 255 bytes of a VARCHAR in the row,
// MySQL up to 40 of any variable-length column). MYSQL_URL or the local socket, as the engine tests.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { mysqlScratchDatabase } from './engines/connect.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

/** [spec column, the server's type, the server whose count binds the generator] */
const SHAPES = [
  [{ type: 'VARCHAR', length: 63 }, 'VARCHAR(63)', 'mariadb'],
  [{ type: 'CHAR', length: 30 }, 'CHAR(30)', 'mariadb'],
  [{ type: 'TEXT' }, 'LONGTEXT', 'mysql'],
  [{ type: 'VARCHAR', length: 10 }, 'VARCHAR(10)', 'both'],
  [{ type: 'BIGINT' }, 'BIGINT', 'both'],
]

function spec(column, n) {
  const columns = Array.from({ length: n }, (_, i) => ({ name: `c${i}`, nullable: true, ...column }))
  return { description: 'row_size', databaseType: 'mysql', timestamps: false, tables: [{ name: 'rs_row', columns: [{ name: 'id', type: 'INT', nullable: false, autoIncrement: true }, ...columns] }] }
}

/** The largest n in 1..limit for which `fits(n)` holds (it holds for every smaller n). */
async function largest(fits, limit = 999) {
  let lo = 0
  let hi = limit + 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (await fits(mid)) lo = mid
    else hi = mid
  }
  return lo
}

const scratch = await mysqlScratchDatabase('mg_rowsize')
let server = null
if (!scratch.skip) {
  const conn = await scratch.connect({ multipleStatements: false })
  server = { conn, version: (await conn.query('SELECT VERSION() AS v'))[0][0].v }
  after(async () => {
    await conn.end()
    await scratch.drop()
  })
}

test(`InnoDB row size on ${server ? server.version : 'a MySQL/MariaDB server'}: the generator takes as many columns as the server, never more`, { skip: scratch.skip }, async () => {
  const { conn, version } = server
  const mariadb = /mariadb/i.test(version)
  const creates = async (type, n) => {
    await conn.query('DROP TABLE IF EXISTS rs_row')
    const cols = Array.from({ length: n }, (_, i) => `c${i} ${type}`).join(', ')
    try {
      await conn.query(`CREATE TABLE rs_row (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, ${cols}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`)
      return true
    } catch (e) {
      assert.match(e.message, /Row size too large/, `${type} × ${n}`)
      return false
    }
  }
  for (const [column, type, binds] of SHAPES) {
    const serverMost = await largest((n) => creates(type, n))
    const generatorMost = await largest((n) => generateMigration(spec(column, n)).validation.valid)
    assert.ok(generatorMost <= serverMost, `${type}: the generator allows ${generatorMost} columns, the server takes ${serverMost}`)
    if (binds === 'both' || binds === (mariadb ? 'mariadb' : 'mysql')) assert.equal(generatorMost, serverMost, type)
    // What the generator writes for its largest table runs; one column more is refused with the reason.
    const result = generateMigration(spec(column, generatorMost))
    await conn.query('DROP TABLE IF EXISTS rs_row')
    await conn.query(result.upMigration)
    await conn.query(result.downMigration)
    const refused = generateMigration(spec(column, generatorMost + 1)).validation.errors
    assert.deepEqual(refused.map((e) => e.code), ['UNSUPPORTED_FEATURE'], type)
    assert.match(refused[0].message, /Row size too large \(> 8126\)/)
  }
  await conn.query('DROP TABLE IF EXISTS rs_row')
})
