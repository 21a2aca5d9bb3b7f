// Indexes a migration from previousSpec renames in place rather than dropping and building them
// again (src/index_renames.rs): an index that keeps its definition under a new name (a renamed
// table's idx_users_email → idx_members_email; one renamed on a table that keeps its name), and
// on MySQL the index InnoDB made for a foreign key renamed with its table. Run on PGlite, the
// PostgreSQL server and the MariaDB server: the up migration gives what a fresh CREATE of the new
// spec gives (MySQL: SHOW CREATE TABLE, which says which index each foreign key uses), on
// PostgreSQL with the same objects (OIDs); the down migration gives the catalog back exactly.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openPglite, openPgServer, openMysqlServer } from './engines/connect.mjs'
import { catalog, showCreateTables } from './engines/catalog.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const col = (name, type, extra = {}) => ({ name, type, nullable: true, ...extra })
const id = () => col('id', 'INTEGER', { nullable: false })
const spec = (databaseType, tables) => ({ description: 'schema', databaseType, tables })

/** The tables before (`renamed` false) and after: users → members, posts → articles, tags keeps its name. */
function tables(dialect, renamed) {
  const [users, posts] = renamed ? ['members', 'articles'] : ['users', 'posts']
  const from = (old) => (renamed ? { renamedFrom: old } : {})
  // A unique index of several columns; on PostgreSQL partial too (MySQL has no partial index).
  const label = { name: renamed ? 'ux_tags_label' : 'ux_tags_a', columns: ['label', 'n'], unique: true, ...(dialect === 'postgresql' ? { where: 'n > 0' } : {}) }
  return [
    { name: users, ...from('users'), primaryKey: ['id'], columns: [id(), col('email', 'VARCHAR', { length: 100, nullable: false })], indexes: [{ name: `idx_${users}_email`, columns: ['email'] }] },
    { name: posts, ...from('posts'), primaryKey: ['id'], columns: [id(), col('user_id', 'INTEGER', { nullable: false })], foreignKeys: [{ columns: ['user_id'], referencedTable: users, referencedColumns: ['id'] }] },
    { name: 'tags', primaryKey: ['id'], columns: [id(), col('label', 'VARCHAR', { length: 40 }), col('n', 'INTEGER')], indexes: [label] },
  ]
}

/** What the schema is, to compare: the catalog (with OIDs on PostgreSQL), and on MySQL each table's SHOW CREATE TABLE. */
async function schemaOf(engine, dialect) {
  return { catalog: await catalog(engine, dialect), ...(dialect === 'mysql' ? { tables: await showCreateTables(engine) } : {}) }
}
const names = (rows) => rows.map((r) => r.slice(0, 3))
const oids = (rows) => rows.map((r) => r[3]).sort()

/** Runs `change` on the schema `previous` creates (with `rows`), checking the up migration against a fresh CREATE of `next` and the down migration against the schema before; `kept` says whether the objects are the same ones (PostgreSQL OIDs) after the up migration and after the down migration; `between` runs after it. `more` reads what else is compared alike (up with the fresh CREATE, down with before). */
async function upAndDown(engine, dialect, { previous, next, change, rows, kept, more = async () => null }, between = async () => {}) {
  try {
    await engine.reset()
    await engine.exec(generateMigration(next).upMigration)
    const fresh = { ...await schemaOf(engine, dialect), more: await more() }
    await engine.reset()
    await engine.exec(generateMigration(previous).upMigration)
    for (const row of rows) await engine.exec(row)
    const before = { ...await schemaOf(engine, dialect), more: await more() }
    await engine.exec(change.upMigration)
    const up = { ...await schemaOf(engine, dialect), more: await more() }
    assert.deepEqual(up.more, fresh.more, 'the up migration gives what a fresh CREATE does')
    assert.deepEqual(names(up.catalog), names(fresh.catalog), 'the up migration names the objects as a fresh CREATE does')
    if (dialect === 'mysql') assert.deepEqual(up.tables, fresh.tables, 'SHOW CREATE TABLE after the up migration is a fresh CREATE\'s')
    if (dialect === 'postgresql' && kept) assert.deepEqual(oids(up.catalog), oids(before.catalog), 'the same objects, renamed')
    await between()
    await engine.exec(change.downMigration)
    // Exactly; where the up migration dropped an object (`kept` false), the down migration makes it anew (another OID).
    const down = { ...await schemaOf(engine, dialect), more: await more() }
    if (kept) assert.deepEqual(down, before, 'the down migration gives the catalog back exactly')
    else assert.deepEqual({ ...down, catalog: names(down.catalog) }, { ...before, catalog: names(before.catalog) }, 'the down migration gives the catalog back')
  } finally {
    await engine.reset()
  }
}

function renameTests(opened, dialect) {
  if (opened.skip) {
    test(`${dialect}: index renames`, { skip: opened.skip }, () => {})
    return
  }
  after(() => opened.close())
  const { engine } = opened
  test(`${engine.label}: an index kept under a new name, with its table renamed or not, is renamed in place; MySQL renames the index it made for a foreign key renamed with its table`, async () => {
    const previous = spec(dialect, tables(dialect, false))
    const next = spec(dialect, tables(dialect, true))
    const change = generateMigration({ ...next, previousSpec: previous })
    assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
    assert.deepEqual(change.validation.warnings, [])
    for (const sql of [change.upMigration, change.downMigration]) assert.doesNotMatch(sql, /DROP INDEX|CREATE (UNIQUE )?INDEX|ADD (UNIQUE )?INDEX/)
    if (dialect === 'postgresql') {
      assert.match(change.upMigration, /ALTER INDEX idx_users_email RENAME TO idx_members_email;/)
      assert.match(change.upMigration, /ALTER INDEX ux_tags_a RENAME TO ux_tags_label;/)
      assert.match(change.downMigration, /ALTER INDEX idx_members_email RENAME TO idx_users_email;/)
      assert.match(change.downMigration, /ALTER INDEX ux_tags_label RENAME TO ux_tags_a;/)
    } else {
      assert.match(change.upMigration, /ALTER TABLE members RENAME INDEX idx_users_email TO idx_members_email;/)
      assert.match(change.upMigration, /ALTER TABLE tags RENAME INDEX ux_tags_a TO ux_tags_label;/)
      // The key goes (in the table's rename), its index is renamed, and the new key takes it.
      // Both ways as when only posts is renamed: the key goes in its table's rename (it went in
      // a statement of its own before users was renamed, which a refusal in between left done).
      assert.match(change.upMigration, /ALTER TABLE posts\n {2}DROP FOREIGN KEY fk_posts_user_id,\n {2}RENAME TO articles;[^]*ALTER TABLE articles RENAME INDEX fk_posts_user_id TO fk_articles_user_id;\nALTER TABLE articles\n {2}ADD CONSTRAINT fk_articles_user_id/)
      assert.doesNotMatch(change.upMigration, /ALTER TABLE posts DROP FOREIGN KEY/)
      assert.match(change.downMigration, /ALTER TABLE articles\n {2}DROP FOREIGN KEY fk_articles_user_id,\n {2}RENAME TO posts;[^]*ALTER TABLE posts RENAME INDEX fk_articles_user_id TO fk_posts_user_id;\nALTER TABLE posts\n {2}ADD CONSTRAINT fk_posts_user_id/)
    }
    const rows = ["INSERT INTO users (id, email) VALUES (1, 'a@x.io')", 'INSERT INTO posts (id, user_id) VALUES (1, 1)', "INSERT INTO tags (id, label, n) VALUES (1, 'a', 1)"]
    await upAndDown(engine, dialect, { previous, next, change, rows, kept: true }, async () => {
      // The rules hold under their new names; the rows stay.
      await assert.rejects(engine.exec('INSERT INTO articles (id, user_id) VALUES (2, 9)'))
      await assert.rejects(engine.exec("INSERT INTO tags (id, label, n) VALUES (2, 'a', 1)"))
      const { rows: found } = await engine.run({ sql: 'SELECT m.email FROM articles a JOIN members m ON m.id = a.user_id', params: [] })
      assert.deepEqual(found.map((r) => r.email), ['a@x.io'])
    })
  })

  test(`${engine.label}: indexes renamed where a name moves between tables, or dropped and created where two alike go`, async () => {
    const table = (name, indexes) => ({ name, primaryKey: ['id'], columns: [id(), col('v', 'INTEGER'), col('w', 'INTEGER')], indexes })
    // a's idx_a takes the name idx_shared, which b drops (b's change goes first up, a's first down).
    const previous = spec(dialect, [table('a', [{ name: 'idx_a', columns: ['v'] }]), table('b', [{ name: 'idx_shared', columns: ['w'] }])])
    const next = spec(dialect, [table('a', [{ name: 'idx_shared', columns: ['v'] }]), table('b', [])])
    const moved = generateMigration({ ...next, previousSpec: previous })
    assert.ok(moved.validation.valid, JSON.stringify(moved.validation.errors))
    assert.match(moved.upMigration, /RENAME (INDEX idx_a )?TO idx_shared;/)
    await upAndDown(engine, dialect, { previous, next, change: moved, rows: ['INSERT INTO a (id, v) VALUES (1, 1)'] })
    // Two alike go (on v), one comes: which is which is not known; dropped and created.
    const two = spec(dialect, [table('a', [{ name: 'idx_a1', columns: ['v'] }, { name: 'idx_a2', columns: ['v'] }])])
    const one = spec(dialect, [table('a', [{ name: 'idx_b', columns: ['v'] }])])
    const change = generateMigration({ ...one, previousSpec: two })
    assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
    assert.doesNotMatch(change.upMigration, /RENAME/)
    await upAndDown(engine, dialect, { previous: two, next: one, change, rows: [] })
  })

  test(`${engine.label}: a foreign key renamed by its name on a table that keeps its own, beside another change (MySQL: the key's drop goes in the table's ALTER TABLE, its index renamed after)`, async () => {
    const tables = (key, more) => [
      { name: 'users', primaryKey: ['id'], columns: [id()] },
      { name: 'posts', primaryKey: ['id'], columns: [id(), col('user_id', 'INTEGER', { nullable: false }), ...more], foreignKeys: [{ name: key, columns: ['user_id'], referencedTable: 'users', referencedColumns: ['id'] }] },
    ]
    const previous = spec(dialect, tables('fk_old', []))
    const next = spec(dialect, tables('fk_new', [col('title', 'VARCHAR', { length: 20 })]))
    const change = generateMigration({ ...next, previousSpec: previous })
    assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
    if (dialect === 'mysql') {
      assert.match(change.upMigration, /ALTER TABLE posts\n {2}DROP FOREIGN KEY fk_old,\n {2}ADD COLUMN title VARCHAR\(20\) AFTER user_id;[^]*ALTER TABLE posts RENAME INDEX fk_old TO fk_new;\nALTER TABLE posts\n {2}ADD CONSTRAINT fk_new/)
      assert.doesNotMatch(change.upMigration, /DROP INDEX/)
    }
    await upAndDown(engine, dialect, { previous, next, change, rows: ['INSERT INTO users (id) VALUES (1)', 'INSERT INTO posts (id, user_id) VALUES (1, 1)'] }, async () => {
      await assert.rejects(engine.exec('INSERT INTO posts (id, user_id) VALUES (2, 9)'))
    })
  })
  test(`${engine.label}: a named UNIQUE constraint kept on its columns under a new name (its table renamed or not) is renamed in place, its index with it`, async () => {
    const uniques = (renamed) => {
      const users = renamed ? 'members' : 'users'
      return [
        { name: users, ...(renamed ? { renamedFrom: 'users' } : {}), primaryKey: ['id'], columns: [id(), col('email', 'VARCHAR', { length: 100, nullable: false })], uniqueConstraints: [{ name: `uq_${users}_email`, columns: ['email'] }] },
        { name: 'tags', primaryKey: ['id'], columns: [id(), col('label', 'VARCHAR', { length: 40 }), col('n', 'INTEGER')], uniqueConstraints: [{ name: renamed ? 'uq_tags_b' : 'uq_tags_a', columns: ['label', 'n'] }] },
      ]
    }
    const previous = spec(dialect, uniques(false))
    const next = spec(dialect, uniques(true))
    const change = generateMigration({ ...next, previousSpec: previous })
    assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
    assert.deepEqual(change.validation.warnings, [])
    for (const sql of [change.upMigration, change.downMigration]) assert.doesNotMatch(sql, /DROP CONSTRAINT uq|DROP INDEX|UNIQUE/)
    if (dialect === 'postgresql') {
      assert.match(change.upMigration, /ALTER TABLE members RENAME CONSTRAINT uq_users_email TO uq_members_email;/)
      assert.match(change.upMigration, /ALTER TABLE tags RENAME CONSTRAINT uq_tags_a TO uq_tags_b;/)
      assert.match(change.downMigration, /ALTER TABLE users RENAME CONSTRAINT uq_members_email TO uq_users_email;/)
    } else {
      assert.match(change.upMigration, /ALTER TABLE members RENAME INDEX uq_users_email TO uq_members_email;/)
      assert.match(change.upMigration, /ALTER TABLE tags RENAME INDEX uq_tags_a TO uq_tags_b;/)
      assert.match(change.downMigration, /ALTER TABLE users RENAME INDEX uq_members_email TO uq_users_email;/)
    }
    const rows = ["INSERT INTO users (id, email) VALUES (1, 'a@x.io')", "INSERT INTO tags (id, label, n) VALUES (1, 'a', 1)"]
    await upAndDown(engine, dialect, { previous, next, change, rows, kept: true }, async () => {
      await assert.rejects(engine.exec("INSERT INTO members (id, email) VALUES (2, 'a@x.io')"))
      await assert.rejects(engine.exec("INSERT INTO tags (id, label, n) VALUES (2, 'a', 1)"))
    })
  })

  // A foreign key depends on the index of what it references (PostgreSQL: by OID, conindid;
  // InnoDB: the referenced index, whose name REFERENTIAL_CONSTRAINTS gives) and, on MySQL, on the
  // index that serves its own columns: renamed in place, both keep it, so the key is left as it
  // is (dropped and added, it was checked against every row anew).
  for (const renamedTable of [false, true]) {
    test(`${engine.label}: a foreign key to a UNIQUE constraint or unique index renamed in place${renamedTable ? ' (its table renamed too)' : ''}, on MySQL served by one renamed too: the key left as it is, the catalog given back exactly`, async () => {
      const tables = (uq, ux, renamed) => {
        const users = renamed ? 'members' : 'users'
        return [
          { name: users, ...(renamed ? { renamedFrom: 'users' } : {}), primaryKey: ['id'], columns: [id(), col('email', 'VARCHAR', { length: 100, nullable: false }), col('code', 'INTEGER', { nullable: false })], uniqueConstraints: [{ name: uq, columns: ['email'] }], indexes: [{ name: ux, columns: ['code'], unique: true }] },
          { name: 'posts', primaryKey: ['id'], columns: [id(), col('email', 'VARCHAR', { length: 100 }), col('code', 'INTEGER'), col('user_id', 'INTEGER')], uniqueConstraints: [{ name: `${uq}_p`, columns: ['user_id'] }], foreignKeys: [{ name: 'fk_email', columns: ['email'], referencedTable: users, referencedColumns: ['email'] }, { name: 'fk_code', columns: ['code'], referencedTable: users, referencedColumns: ['code'] }, { name: 'fk_user', columns: ['user_id'], referencedTable: users, referencedColumns: ['id'] }] },
        ]
      }
      const previous = spec(dialect, tables('uq_a', 'ux_a', false))
      const next = spec(dialect, tables('uq_b', 'ux_b', renamedTable))
      const change = generateMigration({ ...next, previousSpec: previous })
      assert.ok(change.validation.valid, JSON.stringify(change.validation.errors))
      assert.deepEqual(change.validation.warnings, [])
      assert.match(change.upMigration, /RENAME (CONSTRAINT|INDEX) uq_a TO uq_b;/)
      assert.match(change.upMigration, /RENAME (INDEX ux_a )?TO ux_b;/)
      assert.match(change.upMigration, /RENAME (CONSTRAINT|INDEX) uq_a_p TO uq_b_p;/)
      for (const sql of [change.upMigration, change.downMigration]) assert.doesNotMatch(sql, /FOREIGN KEY|DROP CONSTRAINT|DROP INDEX|UNIQUE/)
      const rows = ["INSERT INTO users (id, email, code) VALUES (1, 'a@x.io', 7)", "INSERT INTO posts (id, email, code, user_id) VALUES (1, 'a@x.io', 7, 1)"]
      const users = renamedTable ? 'members' : 'users'
      const keyIndexes = async () => (await engine.run({ sql: dialect === 'postgresql' ? "SELECT conname AS k, conindid::regclass::text AS i FROM pg_constraint WHERE contype = 'f' ORDER BY 1" : 'SELECT CONSTRAINT_NAME AS k, UNIQUE_CONSTRAINT_NAME AS i FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1', params: [] })).rows.map((r) => [r.k, r.i])
      const usersKey = dialect === 'postgresql' ? `${users}_pkey` : 'PRIMARY'
      await upAndDown(engine, dialect, { previous, next, change, rows, kept: true, more: keyIndexes }, async () => {
        // Each key on the index of what it references, under its new name.
        assert.deepEqual(await keyIndexes(), [['fk_code', 'ux_b'], ['fk_email', 'uq_b'], ['fk_user', usersKey]])
        await assert.rejects(engine.exec("INSERT INTO posts (id, email, code, user_id) VALUES (2, 'b@x.io', 7, 1)"))
        await assert.rejects(engine.exec("INSERT INTO posts (id, email, code, user_id) VALUES (3, 'a@x.io', 9, 1)"))
        await assert.rejects(engine.exec("INSERT INTO posts (id, email, code, user_id) VALUES (4, 'a@x.io', 7, 9)"))
      })
    })
  }
}

for (const [opened, dialect] of [[await openPglite(), 'postgresql'], [await openPgServer(), 'postgresql'], [await openMysqlServer(), 'mysql']]) {
  renameTests(opened, dialect)
}
