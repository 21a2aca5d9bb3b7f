// A user trial: `check new.json --previous old.json` on SQLite refused old.json's table marked
// existing, Prisma's "User" (INVALID_TABLE_NAME), which `check old.json` and PostgreSQL and
// MySQL take. previousSpec is validated as the spec it was, on every dialect; the SQLite change
// (notes.user_id's ON DELETE from CASCADE to SET NULL, a rebuild) runs on sql.js with rows.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { tempFolders, spawnCli, writeJson, openForFile } from './support/harness.mjs'
import { openSqlJs } from './engines/sqlite.mjs'
const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const tmp = tempFolders('mg-previous-names-')

/** The trial's spec: "User" marked existing, notes referencing it, deleting as `onDelete` says. */
const spec = (databaseType, onDelete, table = 'User', extra = []) => ({
  description: 'x',
  databaseType,
  timestamps: false,
  tables: [
    { name: table, existing: true, primaryKey: ['id'], columns: [{ name: 'id', type: 'INTEGER', nullable: false }, ...extra] },
    {
      name: 'notes',
      columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'user_id', type: 'INTEGER', nullable: true }],
      foreignKeys: [{ columns: ['user_id'], referencedTable: table, referencedColumns: ['id'], onDelete }],
    },
  ],
})

test('check --previous takes a previous spec whose existing table has a name no migration creates, on every dialect', () => {
  const tenant = [{ name: 'tenantId', type: 'INTEGER', nullable: true }]
  for (const databaseType of ['sqlite', 'postgresql', 'mysql']) {
    for (const [table, extra] of [['User', []], ['order', tenant]]) {
      const dir = tmp()
      const old = writeJson(dir, 'old.json', spec(databaseType, 'CASCADE', table, extra))
      const now = writeJson(dir, 'new.json', spec(databaseType, 'SET NULL', table, extra))
      const alone = spawnCli(['check', old], { cwd: dir })
      assert.equal(alone.code, 0, alone.stderr)
      const r = spawnCli(['check', now, '--previous', old], { cwd: dir })
      assert.equal(r.code, 0, `${databaseType} ${table}: ${r.stderr}`)
      assert.doesNotMatch(r.stderr, /INVALID_TABLE_NAME|INVALID_COLUMN_NAME|RESERVED_KEYWORD/)
    }
  }
})

test('the SQLite change from previousSpec runs on sql.js: rows stay, the foreign key sets NULL, the down migration cascades again', async () => {
  const { engine } = await openForFile(openSqlJs())
  const before = spec('sqlite', 'CASCADE')
  const m = generateMigration({ ...spec('sqlite', 'SET NULL'), previousSpec: before })
  assert.equal(m.validation.valid, true, JSON.stringify(m.validation.errors))
  await engine.exec('CREATE TABLE "User" (id INTEGER NOT NULL PRIMARY KEY);')
  await engine.exec(generateMigration(before).upMigration)
  await engine.exec('INSERT INTO "User" (id) VALUES (1), (2), (3); INSERT INTO notes (user_id) VALUES (1), (2), (3), (NULL);')
  const keys = async () => (await engine.run({ sql: 'SELECT user_id FROM notes ORDER BY id' })).rows.map((r) => r.user_id)
  await engine.exec(m.upMigration)
  assert.deepEqual(await keys(), [1, 2, 3, null])
  assert.deepEqual((await engine.run({ sql: 'SELECT * FROM pragma_foreign_key_check' })).rows, [])
  await engine.exec('DELETE FROM "User" WHERE id = 1;')
  assert.deepEqual(await keys(), [null, 2, 3, null])
  await assert.rejects(engine.exec('INSERT INTO notes (user_id) VALUES (99);'), /FOREIGN KEY constraint failed/)
  await engine.exec(m.downMigration)
  await engine.exec('DELETE FROM "User" WHERE id = 2;')
  assert.deepEqual(await keys(), [null, 3, null])
})
