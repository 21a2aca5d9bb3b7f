// A spec with parser errors (a column type the parser does not know, `nullable` missing) gets
// validation's errors in the same report, through the Node addon: one round of fixes, not two.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { generateMigration, generateMigrationAsync } = require('../index.js')

const codes = (r) => r.validation.errors.map((e) => [e.code, e.table, e.column ?? null])

for (const db of ['sqlite', 'postgresql', 'mysql']) {
  test(`${db}: a type typo and a missing primary key are said in one report`, async () => {
    const spec = {
      description: 'x',
      databaseType: db,
      tables: [{ name: 'users', columns: [{ name: 'id', type: 'INTEGR', nullable: false }, { name: 'email', type: 'TEXT', nullable: false }] }],
    }
    const expected = [['TYPE_MISMATCH', 'users', 'id'], ['MISSING_PRIMARY_KEY', 'users', null]]
    const r = generateMigration(spec)
    assert.equal(r.validation.valid, false)
    assert.deepEqual(codes(r), expected)
    assert.deepEqual(codes(await generateMigrationAsync(spec)), expected)
  })

  test(`${db}: a missing nullable, a foreign key to a table the spec lacks, and another table's missing key are all said`, () => {
    const r = generateMigration({
      description: 'x',
      databaseType: db,
      tables: [
        {
          name: 'orders',
          columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'customer_id', type: 'INTEGER' }],
          primaryKey: ['id'],
          foreignKeys: [{ columns: ['customer_id'], referencedTable: 'customers', referencedColumns: ['id'] }],
        },
        { name: 'tags', columns: [{ name: 'label', type: 'TXT', nullable: false }] },
      ],
    })
    assert.deepEqual(codes(r), [
      ['INVALID_SPEC', 'orders', 'customer_id'],
      ['TYPE_MISMATCH', 'tags', 'label'],
      ['INVALID_FOREIGN_KEY', 'orders', null],
      ['MISSING_PRIMARY_KEY', 'tags', null],
    ])
  })

  test(`${db}: a foreign key to a column of an unknown type says nothing of the types`, () => {
    const r = generateMigration({
      description: 'x',
      databaseType: db,
      tables: [
        { name: 'users', columns: [{ name: 'id', type: 'INTEGR', nullable: false }], primaryKey: ['id'] },
        {
          name: 'orders',
          columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'user_id', type: 'INTEGER', nullable: false }],
          primaryKey: ['id'],
          foreignKeys: [{ columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] }],
        },
      ],
    })
    assert.deepEqual(codes(r), [['TYPE_MISMATCH', 'users', 'id']])
    assert.deepEqual(r.validation.warnings.filter((w) => w.code === 'FOREIGN_KEY_TYPE_MISMATCH'), [])
  })
}
