// README: "Lines are kept within 120 characters where the text is this tool's own." With short
// names and expressions, every line of representative migrations — a CREATE, changes from
// previousSpec, a SQLite rebuild and renames, on all three dialects — is within 120 characters
// (a user trial found MySQL's session sql_mode line at 359, PostgreSQL's foreign key guard at
// 130–143 and SQLite's rebuild guard at 1,755).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const col = (name, type, extra = {}) => ({ name, type, nullable: true, ...extra })
const id = () => col('id', 'INTEGER', { nullable: false, autoIncrement: true })
const spec = (databaseType, tables, extra = {}) => ({ description: 'schema', databaseType, timestamps: false, tables, ...extra })

const shops = (later) => ({
  name: 'shops',
  columns: [id(), col('name', later ? 'TEXT' : 'VARCHAR', later ? {} : { length: 50 }), col('code', 'VARCHAR', { length: 10, unique: true })],
  indexes: [{ name: 'idx_shops_name', columns: ['name'] }],
  // (A CHECK added: SQLite rebuilds the table, which another references.)
  checkConstraints: later ? [{ name: 'chk_shops_code', expression: "code <> ''" }] : [],
})
const orders = (later) => ({
  name: 'orders',
  columns: [id(), col('shop_id', 'INTEGER'), col('qty', later ? 'BIGINT' : 'INTEGER'), later ? col('is_open', 'BOOLEAN', { renamedFrom: 'open' }) : col('open', 'BOOLEAN'), col('note', 'VARCHAR', { length: later ? 20 : 40 })],
  foreignKeys: [{ name: 'fk_orders_shop', columns: ['shop_id'], referencedTable: 'shops', referencedColumns: ['id'], onDelete: 'CASCADE' }],
  uniqueConstraints: [{ name: 'uq_orders_shop_qty', columns: ['shop_id', 'qty'] }],
  checkConstraints: [{ name: 'chk_orders_qty', expression: later ? 'qty > 0' : 'qty >= 0' }],
})

/** Migrations of each dialect: a CREATE, a change from previousSpec, a table renamed. */
function migrations(db) {
  const out = [generateMigration(spec(db, [shops(false), orders(false)]))]
  out.push(generateMigration({ ...spec(db, [shops(true), orders(true)]), previousSpec: spec(db, [shops(false), orders(false)]), allowDataLoss: true }))
  const renamed = { ...orders(false), name: 'sales', renamedFrom: 'orders' }
  out.push(generateMigration({ ...spec(db, [shops(false), renamed]), previousSpec: spec(db, [shops(false), orders(false)]) }))
  return out
}

for (const db of ['postgresql', 'mysql', 'sqlite']) {
  test(`${db}: every line of a CREATE, a change from previousSpec and a rename is within 120 characters with short names`, () => {
    for (const m of migrations(db)) {
      assert.ok(m.validation.valid, JSON.stringify(m.validation.errors))
      const long = m.fileContent.split('\n').filter((l) => l.length > 120)
      assert.deepEqual(long, [], m.fileContent)
    }
  })
}

// Two tables referencing each other (a foreign-key cycle): their down migration drops them
// with guards of its own — MySQL's count of references from outside the cycle (a reviewer
// found it at 235 characters), SQLite's check that nothing else references the dropped tables
// (151 and 402) — in a plain CREATE and in a change from previousSpec that adds them.
const cycle = () => [
  { name: 'a', columns: [id(), col('b_id', 'INTEGER')], foreignKeys: [{ columns: ['b_id'], referencedTable: 'b', referencedColumns: ['id'] }] },
  { name: 'b', columns: [id(), col('a_id', 'INTEGER')], foreignKeys: [{ columns: ['a_id'], referencedTable: 'a', referencedColumns: ['id'] }] },
]
const c = () => ({ name: 'c', columns: [id()] })

/** A CREATE of the cycle, and a change from previousSpec that adds it beside a kept table. */
function cycleMigrations(db) {
  return [
    generateMigration(spec(db, cycle())),
    generateMigration({ ...spec(db, [c(), ...cycle()]), previousSpec: spec(db, [c()]) }),
  ]
}

for (const db of ['postgresql', 'mysql', 'sqlite']) {
  test(`${db}: every line, up and down, of migrations creating a foreign-key cycle is within 120 characters`, () => {
    for (const m of cycleMigrations(db)) {
      assert.ok(m.validation.valid, JSON.stringify(m.validation.errors))
      assert.ok(m.fileContent.includes(m.downMigration.trim()))
      const long = m.fileContent.split('\n').filter((l) => l.length > 120)
      assert.deepEqual(long, [], m.fileContent)
    }
  })
}

test('the migrations above include the guards the trial found long', () => {
  const all = (db) => migrations(db).map((m) => m.fileContent).join('\n')
  assert.match(all('mysql'), /SET SESSION sql_mode = CONCAT_WS/)
  assert.match(all('postgresql'), /DO \$\$ BEGIN IF NOT EXISTS/)
  assert.match(all('sqlite'), /INSERT OR ROLLBACK INTO _mg_state_check/)
  assert.match(all('sqlite'), /INSERT OR ROLLBACK INTO _mg_rename_check/)
  assert.match(all('sqlite'), /CREATE TEMP TABLE _mg_guard/)
  const downs = (db) => cycleMigrations(db).map((m) => m.downMigration)
  for (const down of downs('mysql')) assert.match(down, /SET @mg_refs = \(SELECT COUNT\(\*\)/)
  for (const down of downs('sqlite')) {
    assert.match(down, /CREATE TEMP TABLE _mg_down_check/)
    assert.match(down, /INSERT OR ROLLBACK INTO _mg_down_check/)
  }
})

// Tables previousSpec has and the spec leaves out, dropped (dropTablesNotInSpec): SQLite's
// check that no table left references them (a reviewer found it at 244 characters, its table
// at 121), and each dialect's drops and their undoing.
for (const db of ['postgresql', 'mysql', 'sqlite']) {
  test(`${db}: every line, up and down, of a migration dropping tables the spec leaves out is within 120 characters`, () => {
    const m = generateMigration({ ...spec(db, [c()]), previousSpec: spec(db, [c(), shops(false), orders(false)]), allowDataLoss: true, dropTablesNotInSpec: true })
    assert.ok(m.validation.valid, JSON.stringify(m.validation.errors))
    assert.match(m.upMigration, /DROP TABLE/)
    if (db === 'sqlite') assert.match(m.upMigration, /INSERT OR ROLLBACK INTO _mg_drop_check/)
    const long = m.fileContent.split('\n').filter((l) => l.length > 120)
    assert.deepEqual(long, [], m.fileContent)
  })
}
