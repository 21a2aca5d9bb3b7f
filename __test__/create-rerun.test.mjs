// A CREATE migration (no previousSpec, no existingDbPath) run twice: `CREATE TABLE IF NOT EXISTS`
// and `CREATE INDEX IF NOT EXISTS` make the second run skip what the first made, and so must
// every other statement of the up migration (PostgreSQL's foreign keys, added after the tables
// with `ALTER TABLE … ADD CONSTRAINT`, failed with "constraint … already exists"). On each engine:
// up, up again (the catalog unchanged), down (the database empty again), up and down once more.
// MySQL 8.0 has no conditional CREATE INDEX or ADD CONSTRAINT: there the second run fails at its
// first index or foreign key, having changed nothing (README, "Running a CREATE migration twice").
// PostgreSQL: PG_URL (default: the local socket); MariaDB: MYSQL_URL (default: its socket).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openMysqlServer, openPgServer, openPglite } from './engines/connect.mjs'
import { openSqlJs } from './engines/sqlite.mjs'
import { applies } from './engines/runner.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const id = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }

/** A foreign-key cycle (authors ⇄ books), a self-reference and a plain key (tags), unique
 * columns, a named UNIQUE, CHECKs, plain, unique and (PostgreSQL, SQLite) partial indexes,
 * descriptions (comments), defaults. */
function spec(databaseType) {
  const partial = databaseType === 'mysql' ? [] : [{ name: 'idx_books_drafts', columns: ['title'], where: "status = 'draft'" }]
  return {
    description: 'create_library',
    databaseType,
    now: '2026-01-01T00:00:00Z',
    tables: [
      {
        name: 'authors',
        description: 'People who write',
        columns: [
          id,
          { name: 'email', type: 'VARCHAR', length: 100, nullable: false, unique: true, description: 'Where to write' },
          { name: 'org', type: 'VARCHAR', length: 50, nullable: true },
          { name: 'best_book_id', type: 'INTEGER', nullable: true },
          { name: 'age', type: 'INTEGER', nullable: true },
        ],
        foreignKeys: [{ columns: ['best_book_id'], referencedTable: 'books', referencedColumns: ['id'], onDelete: 'SET NULL' }],
        uniqueConstraints: [{ name: 'uq_authors_org_email', columns: ['org', 'email'] }],
        checkConstraints: [{ name: 'ck_authors_age', expression: 'age >= 0' }],
        indexes: [
          { name: 'idx_authors_org', columns: ['org'] },
          { name: 'idx_authors_age_org', columns: ['age', 'org'], unique: true },
        ],
      },
      {
        name: 'books',
        columns: [
          id,
          { name: 'author_id', type: 'INTEGER', nullable: false },
          { name: 'title', type: 'VARCHAR', length: 200, nullable: false, default: 'untitled' },
          { name: 'status', type: 'VARCHAR', length: 10, nullable: false, default: 'draft' },
        ],
        foreignKeys: [{ columns: ['author_id'], referencedTable: 'authors', referencedColumns: ['id'], onDelete: 'CASCADE' }],
        checkConstraints: [{ name: 'ck_books_status', expression: "status IN ('draft', 'done')" }],
        indexes: [{ name: 'idx_books_author', columns: ['author_id'] }, ...partial],
      },
      {
        name: 'tags',
        columns: [id, { name: 'parent_id', type: 'INTEGER', nullable: true }, { name: 'book_id', type: 'INTEGER', nullable: true }],
        foreignKeys: [
          { columns: ['parent_id'], referencedTable: 'tags', referencedColumns: ['id'] },
          { columns: ['book_id'], referencedTable: 'books', referencedColumns: ['id'], name: 'fk_tags_book' },
        ],
      },
    ],
  }
}

function generate(databaseType) {
  const r = generateMigration(spec(databaseType))
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  assert.equal(r.metadata.operationType, 'CREATE')
  return r
}

/** up, up again, down, up, down: each catalog as the first up left it, or empty. */
async function upTwiceThenDown(engine, databaseType) {
  const r = generate(databaseType)
  const tables = r.metadata.tablesAffected
  const schema = () => engine.readSchema(spec(databaseType))
  await applies('up migration', engine, r.upMigration)
  const afterUp = await schema()
  assert.deepEqual(Object.keys(afterUp).sort(), [...tables].sort())
  await applies('up migration run a second time', engine, r.upMigration)
  assert.deepEqual(await schema(), afterUp, 'the second run of the up migration changed nothing')
  await applies('down migration', engine, r.downMigration)
  assert.deepEqual(await engine.leftovers(), [], 'the down migration undoes both runs of the up migration')
  await applies('up migration after the down migration', engine, r.upMigration)
  assert.deepEqual(await schema(), afterUp)
  await applies('second down migration', engine, r.downMigration)
  assert.deepEqual(await engine.leftovers(), [])
}

for (const [label, open] of [['PostgreSQL server', openPgServer], ['PGlite', openPglite]]) {
  const opened = await open()
  test(`${label}: a CREATE migration run twice is a no-op the second time`, { skip: opened.skip ?? false }, async (t) => {
    t.after(() => opened.close())
    await upTwiceThenDown(opened.engine, 'postgresql')
  })
}

test('PostgreSQL: each foreign key of a CREATE migration is added only when its table lacks a constraint of that name', () => {
  const up = generate('postgresql').upMigration
  assert.ok(
    up.includes(
      "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint\n  WHERE conrelid = 'books'::regclass\n  AND conname = 'fk_books_author_id') THEN\n" +
        'ALTER TABLE books\n  ADD CONSTRAINT fk_books_author_id\n  FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE CASCADE; END IF; END $$;',
    ),
    up,
  )
  // A migration from previousSpec says the tables are not there: its keys stay plain, and fail
  // loudly on a database that has them.
  const next = spec('postgresql')
  next.tables.push({ name: 'notes', columns: [id, { name: 'book_id', type: 'INTEGER', nullable: false }], foreignKeys: [{ columns: ['book_id'], referencedTable: 'books', referencedColumns: ['id'] }] })
  const change = generateMigration({ ...next, previousSpec: spec('postgresql') })
  assert.equal(change.validation.valid, true, JSON.stringify(change.validation.errors))
  assert.ok(change.upMigration.includes('ALTER TABLE notes\n  ADD CONSTRAINT fk_notes_book_id\n  FOREIGN KEY (book_id) REFERENCES books(id);'), change.upMigration)
  assert.ok(!change.upMigration.includes('DO $$'), change.upMigration)
})

{
  const opened = await openSqlJs()
  test('SQLite: a CREATE migration run twice is a no-op the second time', async (t) => {
    t.after(() => opened.close())
    const engine = { ...opened.engine, leftovers: async () => Object.keys(await opened.engine.readSchema()) }
    await upTwiceThenDown(engine, 'sqlite')
  })
}

{
  const opened = await openMysqlServer()
  test('MySQL/MariaDB: a CREATE migration run twice fails at its first index, having changed nothing', { skip: opened.skip ?? false }, async (t) => {
    t.after(() => opened.close())
    const { engine } = opened
    const r = generate('mysql')
    await applies('up migration', engine, r.upMigration)
    const schema = () => engine.readSchema(spec('mysql'))
    const afterUp = await schema()
    // MySQL 8.0 has no CREATE INDEX IF NOT EXISTS (MariaDB's would be refused there): the
    // generator writes none, and the second run stops at the first CREATE INDEX.
    await assert.rejects(engine.exec(r.upMigration), /Duplicate key name 'idx_authors_org'/)
    assert.deepEqual(await schema(), afterUp, 'the failed second run changed nothing')
    await applies('down migration', engine, r.downMigration)
    assert.deepEqual(await engine.leftovers(), [])
    await applies('up migration after the down migration', engine, r.upMigration)
    assert.deepEqual(await schema(), afterUp)
    await applies('second down migration', engine, r.downMigration)
    assert.deepEqual(await engine.leftovers(), [])
    // Without indexes, at its first foreign key (MariaDB's errno 121, MySQL's error 1826).
    const cycle = {
      description: 'create_cycle',
      databaseType: 'mysql',
      tables: [
        { name: 'a', columns: [id, { name: 'b_id', type: 'INTEGER', nullable: true }], foreignKeys: [{ columns: ['b_id'], referencedTable: 'b', referencedColumns: ['id'] }] },
        { name: 'b', columns: [id, { name: 'a_id', type: 'INTEGER', nullable: true }], foreignKeys: [{ columns: ['a_id'], referencedTable: 'a', referencedColumns: ['id'] }] },
      ],
    }
    const c = generateMigration(cycle)
    assert.equal(c.validation.valid, true, JSON.stringify(c.validation.errors))
    await applies('up migration', engine, c.upMigration)
    const cycleAfterUp = await engine.readSchema(cycle)
    await assert.rejects(engine.exec(c.upMigration), /errno: 121|Duplicate foreign key constraint name/)
    assert.deepEqual(await engine.readSchema(cycle), cycleAfterUp, 'the failed second run changed nothing')
    await applies('down migration', engine, c.downMigration)
    assert.deepEqual(await engine.leftovers(), [])
  })
}
