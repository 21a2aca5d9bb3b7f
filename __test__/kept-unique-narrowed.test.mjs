// A UNIQUE the table keeps over a VARCHAR(10) column narrowed to VARCHAR(3) (src/rows_refuse_hints.rs):
// PostgreSQL cuts the spaces past the new length when it converts, so 'abc' and 'abc  ' both
// become 'abc' and the migration fails on the key it kept. The ROWS_REFUSE_CHANGE warning's query
// finds exactly the values that become one ('xy' and 'xy ' stay apart, 'zz   ' becomes 'zz ', not
// 'zz'; 'abcd' refuses the migration itself, which the narrowing's warning says). Run on PGlite and
// the PostgreSQL server.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openPglite, openPgServer } from './engines/connect.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const spec = (length, unique) => ({
  description: 'schema',
  databaseType: 'postgresql',
  allowDataLoss: true,
  tables: [{ name: 't', primaryKey: ['id'], columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'code', type: 'VARCHAR', length, nullable: true }], ...unique }],
})

for (const opened of [await openPglite(), await openPgServer()]) {
  if (opened.skip) {
    test('postgresql: a kept UNIQUE over a narrowed column', { skip: opened.skip }, () => {})
    continue
  }
  after(() => opened.close())
  const { engine } = opened
  for (const unique of [{ uniqueConstraints: [{ name: 'uq_t_code', columns: ['code'] }] }, { indexes: [{ name: 'ux_t_code', columns: ['code'], unique: true }] }]) {
    const name = unique.indexes ? 'ux_t_code' : 'uq_t_code'
    test(`${engine.label}: a kept UNIQUE (${name}) over a column narrowed to VARCHAR(3) warns, and its query finds exactly the values the cut spaces make one`, async () => {
      const previous = spec(10, unique)
      const change = generateMigration({ ...spec(3, unique), previousSpec: previous })
      assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
      const warning = change.validation.warnings.find((w) => w.code === 'ROWS_REFUSE_CHANGE')
      assert.ok(warning, JSON.stringify(change.validation.warnings))
      assert.equal(warning.constraint, name)
      const query = warning.suggestion.slice(warning.suggestion.indexOf('SELECT '))
      try {
        await engine.reset()
        await engine.exec(generateMigration(previous).upMigration)
        await engine.exec("INSERT INTO t (id, code) VALUES (1, 'abc'), (2, 'abc  '), (3, 'xy'), (4, 'xy '), (5, 'zz'), (6, 'zz   '), (7, 'q')")
        const { rows } = await engine.run({ sql: query, params: [] })
        assert.deepEqual(rows.map((r) => [Object.values(r)[0], Number(Object.values(r)[1])]), [['abc', 2]])
        // The migration fails on the kept key, as said.
        await assert.rejects(engine.exec(change.upMigration), /unique|duplicate/i)
        // Mended (one of the two gone), it runs, and the query finds nothing.
        await engine.exec('DELETE FROM t WHERE id = 2')
        assert.deepEqual((await engine.run({ sql: query, params: [] })).rows, [])
        await engine.exec(change.upMigration)
        const { rows: after } = await engine.run({ sql: 'SELECT id, code FROM t ORDER BY id', params: [] })
        assert.deepEqual(after.map((r) => r.code), ['abc', 'xy', 'xy ', 'zz', 'zz ', 'q'])
      } finally {
        await engine.reset()
      }
    })
  }
}
