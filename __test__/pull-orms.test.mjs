// Pulling a spec from SQLite databases that ORMs made (Drizzle, Prisma, TypeORM, Knex, Sequelize,
// with the CREATE statements each writes), generating from it for SQLite against the database,
// and for PostgreSQL and MariaDB/MySQL from the spec alone, then running what was generated on
// the engines and evolving the spec.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { openMysqlServer, openPgServer } from './engines/connect.mjs'
import { runCli } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { pullDatabase, generateMigration } = require('../index.js')

// The DDL each ORM writes for SQLite, as its migration files or its sync write it.
const DDL = {
  // drizzle-kit generate: `integer({ mode: 'boolean' }).default(false)`, `integer({ mode:
  // 'timestamp' }).default(sql`(unixepoch())`)`, `integer({ mode: 'timestamp_ms' })
  // .$defaultFn` written as the default drizzle-kit emits, an index with `.desc()`, and the
  // migrator's own table.
  drizzle: `CREATE TABLE \`users\` (
	\`id\` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	\`name\` text NOT NULL,
	\`email\` text NOT NULL,
	\`is_admin\` integer DEFAULT false NOT NULL,
	\`verified\` integer DEFAULT true,
	\`created_at\` integer DEFAULT (unixepoch()) NOT NULL,
	\`updated_at\` integer DEFAULT (cast((julianday('now') - 2440587.5)*86400000 as integer)) NOT NULL
);
CREATE UNIQUE INDEX \`users_email_unique\` ON \`users\` (\`email\`);
CREATE INDEX \`users_created_idx\` ON \`users\` (\`created_at\` desc,\`name\`);
CREATE TABLE \`posts\` (
	\`id\` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	\`author_id\` integer NOT NULL,
	\`title\` text(256) NOT NULL,
	FOREIGN KEY (\`author_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade
);`,
  // prisma migrate: its migrations table, a model without @@map (`User`) and one mapped to
  // snake_case with `@@index([createdAt(sort: Desc)])`.
  prisma: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL, "name" TEXT);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "posts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "posts_created_at_idx" ON "posts"("created_at" DESC);`,
  // TypeORM's synchronize: its migrations table, a camelCase entity, and a table named with a space.
  typeorm: `CREATE TABLE "migrations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "timestamp" bigint NOT NULL, "name" varchar NOT NULL);
CREATE TABLE "user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "firstName" varchar NOT NULL, "isActive" boolean NOT NULL DEFAULT (1));
CREATE TABLE "order items" ("id" integer PRIMARY KEY NOT NULL, "qty" integer NOT NULL);`,
  // TypeORM's synchronize with SnakeNamingStrategy: snake_case tables and columns, its `UQ_`,
  // `CHK_`, `FK_` and `IDX_` names; and a table a hand-written script named `Account`, which
  // one of its foreign keys references.
  typeormSnake: `CREATE TABLE "Account" ("id" integer PRIMARY KEY NOT NULL);
CREATE TABLE "author" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "full_name" varchar NOT NULL, "age" integer, "account_id" integer, CONSTRAINT "UQ_5a0c4c3e0f38b0b3c6b6c2a1b4e" UNIQUE ("full_name"), CONSTRAINT "CHK_7d2e6c1b8f4a0e3d5c9b2a1f6e" CHECK ("age" >= 0), CONSTRAINT "FK_0a1b2c3d4e5f60718293a4b5c6d" FOREIGN KEY ("account_id") REFERENCES "Account" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION);
CREATE TABLE "post" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar(120) NOT NULL, "author_id" integer, CONSTRAINT "FK_2f1a9ca8908fc8168bc18437f62" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE CASCADE ON UPDATE NO ACTION);
CREATE INDEX "IDX_e28aa0c4114146bfb1567bfa9a" ON "post" ("title");`,
  // Knex's schema builder.
  knex: 'create table `users` (`id` integer not null primary key autoincrement, `email` varchar(255) not null, `active` boolean default \'1\', `created_at` datetime not null default CURRENT_TIMESTAMP);' +
    'create unique index `users_email_unique` on `users` (`email`);' +
    'create table `knex_migrations` (`id` integer not null primary key autoincrement, `name` varchar(255), `batch` integer, `migration_time` datetime);' +
    'create table `knex_migrations_lock` (`index` integer not null primary key autoincrement, `is_locked` integer);',
  // Sequelize's sync and umzug's SequelizeMeta; `type: 'STRING'` given as a string is written as
  // it is. And a STRICT table with an ANY column.
  sequelize: 'CREATE TABLE IF NOT EXISTS `SequelizeMeta` (`name` VARCHAR(255) NOT NULL UNIQUE PRIMARY KEY);' +
    'CREATE TABLE IF NOT EXISTS `people` (`id` INTEGER PRIMARY KEY AUTOINCREMENT, `first_name` STRING, `email` VARCHAR(255) NOT NULL UNIQUE, `active` TINYINT(1) DEFAULT 1, `created_at` DATETIME NOT NULL, `updated_at` DATETIME NOT NULL);' +
    'CREATE TABLE things (id INTEGER PRIMARY KEY, payload ANY) STRICT;',
  // Number defaults of text columns, as hand-written schemas and ORMs ported from MySQL write
  // them (a user trial), and a boolean column defaulting to a number that is neither 0 nor 1.
  numberText: 'CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, p TEXT DEFAULT 123, v VARCHAR(10) DEFAULT 0, ' +
    'g text DEFAULT 1.5, l TEXT DEFAULT -1, e CLOB DEFAULT 1e3, k boolean DEFAULT 2);',
}

let SQL
const dirs = []
before(async () => {
  SQL = await require('sql.js')()
})
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A SQLite file made with `ddl`; its path. */
function database(name, ddl = DDL[name]) {
  const db = new SQL.Database()
  db.run(ddl)
  const dir = mkdtempSync(join(tmpdir(), 'mg-pull-orm-'))
  dirs.push(dir)
  const path = join(dir, `${name}.db`)
  writeFileSync(path, db.export())
  db.close()
  return path
}

/** Runs `script` on the SQLite file at `path` (sql.js), writing the file back. */
function runOnFile(path, script) {
  const db = new SQL.Database(readFileSync(path))
  db.exec('PRAGMA foreign_keys = ON')
  db.exec(script)
  writeFileSync(path, db.export())
  db.close()
}

const operations = (r) => r.metadata.operations.map((o) => `${o.table}:${o.operation}`)
const errors = (r) => r.validation.errors.map((e) => `${e.code}: ${e.message}`)
const column = (spec, table, name) => spec.tables.find((t) => t.name === table).columns.find((c) => c.name === name)

test('an index with a DESC column is listed as left out; generating against the database keeps it as it is', () => {
  for (const [orm, table, index] of [['drizzle', 'users', 'users_created_idx'], ['prisma', 'posts', 'posts_created_at_idx']]) {
    const path = database(orm)
    for (const dialect of ['sqlite', 'postgresql', 'mysql']) {
      const { spec, leftOut } = pullDatabase(path, dialect)
      assert.ok(
        leftOut.some((l) => l.table === table && l.what === `the descending (DESC) order of a column in the index '${index}' (the spec's index columns are ascending)`),
        `${orm} ${dialect}: ${JSON.stringify(leftOut)}`,
      )
      assert.ok(spec.tables.find((t) => t.name === table).indexes.some((i) => i.name === index))
    }
    const r = generateMigration({ ...pullDatabase(path).spec, existingDbPath: path })
    assert.deepEqual(errors(r), [])
    assert.ok(operations(r).every((o) => o.endsWith(':SKIP')), operations(r).join(' '))
  }
  // An ascending index says nothing; neither does a DESC inside a string of the predicate.
  const plain = database('plain', "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); CREATE INDEX t_a ON t (a ASC) WHERE a <> 'DESC'")
  assert.deepEqual(pullDatabase(plain).leftOut, [{ table: 't', what: "the key 'id' without AUTOINCREMENT (it gives a deleted last row's key again; the spec's autoIncrement key never does)" }])
})

test("Drizzle's integer DEFAULT false/true is pulled as 0/1 for every database", () => {
  const path = database('drizzle')
  for (const dialect of ['sqlite', 'postgresql', 'mysql']) {
    const { spec } = pullDatabase(path, dialect)
    assert.deepEqual([column(spec, 'users', 'is_admin'), column(spec, 'users', 'verified')].map((c) => [c.type, c.default]), [['INTEGER', 0], ['INTEGER', 1]], dialect)
  }
  // A BOOLEAN column keeps its boolean default (Prisma's `BOOLEAN DEFAULT false`).
  assert.equal(column(pullDatabase(database('prisma'), 'postgresql').spec, 'posts', 'published').default, false)
})

test("Drizzle's clock defaults are written with PostgreSQL's and MySQL's functions, on BIGINT columns; SQLite keeps its own", () => {
  const path = database('drizzle')
  const clocks = (dialect) => ['created_at', 'updated_at'].map((n) => column(pullDatabase(path, dialect).spec, 'users', n)).map((c) => [c.type, c.default])
  assert.deepEqual(clocks('sqlite'), [['INTEGER', { expression: 'unixepoch()' }], ['INTEGER', { expression: "cast((julianday('now') - 2440587.5)*86400000 as integer)" }]])
  assert.deepEqual(clocks('postgresql'), [['BIGINT', { expression: 'floor(extract(epoch from now()))::bigint' }], ['BIGINT', { expression: 'floor(extract(epoch from now()) * 1000)::bigint' }]])
  assert.deepEqual(clocks('mysql'), [['BIGINT', { expression: 'UNIX_TIMESTAMP()' }], ['BIGINT', { expression: 'FLOOR(UNIX_TIMESTAMP(NOW(3)) * 1000)' }]])
  // Older drizzle-kit's strftime('%s', 'now') is the same clock.
  const older = database('older', "CREATE TABLE `e` (`id` integer PRIMARY KEY NOT NULL, `at` integer DEFAULT (strftime('%s', 'now')) NOT NULL)")
  assert.deepEqual(column(pullDatabase(older, 'postgresql').spec, 'e', 'at').default, { expression: 'floor(extract(epoch from now()))::bigint' })
})

test("Sequelize's STRING and a STRICT table's ANY are TEXT for PostgreSQL and MySQL, NUMERIC (their SQLite affinity) for SQLite", () => {
  const path = database('sequelize')
  const types = (dialect) => {
    const { spec } = pullDatabase(path, dialect)
    return [column(spec, 'people', 'first_name').type, column(spec, 'things', 'payload').type]
  }
  assert.deepEqual(types('sqlite'), ['NUMERIC', 'NUMERIC'])
  assert.deepEqual(types('postgresql'), ['TEXT', 'TEXT'])
  assert.deepEqual(types('mysql'), ['TEXT', 'TEXT'])
  // NUMERIC is what the database has: the SQLite spec compares as it is.
  const r = generateMigration({ ...pullDatabase(path).spec, existingDbPath: path })
  assert.deepEqual(errors(r), [])
  assert.deepEqual(operations(r), ['people:SKIP', 'things:SKIP'])
})

test('a table whose name a spec cannot give is left out with the reason, and dropTablesNotInSpec keeps it', () => {
  const prisma = database('prisma')
  const { spec, leftOut } = pullDatabase(prisma)
  assert.deepEqual(spec.tables.map((t) => t.name), ['_prisma_migrations', 'posts'])
  assert.deepEqual(leftOut.filter((l) => l.table === null), [{ table: null, what: "the table 'User' (its name is not lowercase snake_case, which a spec's table names are)" }])
  assert.ok(!leftOut.some((l) => l.table === 'User'), 'nothing of a table left out whole is listed on its own')
  const r = generateMigration({ ...spec, existingDbPath: prisma, dropTablesNotInSpec: true, allowDataLoss: true })
  assert.deepEqual(errors(r), [])
  assert.deepEqual(operations(r), ['_prisma_migrations:SKIP', 'posts:SKIP'])
  assert.ok(r.validation.warnings.some((w) => w.code === 'TABLE_NOT_IN_SPEC' && w.table === 'User'), JSON.stringify(r.validation.warnings))
  assert.doesNotMatch(r.upMigration, /DROP TABLE/)

  // Sequelize's SequelizeMeta and TypeORM's "order items" likewise; TypeORM's "user" too, for
  // its camelCase columns: pulled for SQLite, the validation of a spec listing it would refuse
  // it and say to leave it out.
  assert.deepEqual(pullDatabase(database('sequelize')).leftOut.filter((l) => l.table === null).map((l) => l.what), ["the table 'SequelizeMeta' (its name is not lowercase snake_case, which a spec's table names are)"])
  const typeorm = database('typeorm')
  const whole = (dialect) => pullDatabase(typeorm, dialect).leftOut.filter((l) => l.table === null).map((l) => l.what)
  assert.deepEqual(whole('sqlite'), [
    "the table 'user' (its column 'firstName' is not lowercase snake_case, which a spec's column names are)",
    "the table 'order items' (its name is not lowercase snake_case, which a spec's table names are)",
  ])
  // Pulled for PostgreSQL or MySQL (a new database, made from the spec alone) nothing is left
  // out: each name is pulled as validation's suggestion, which `renamed` lists (`user` is a
  // reserved word on PostgreSQL only, so it is `users` there), and leftOut does not.
  const capitals = "it has capital letters, and a spec's names are lowercase"
  for (const [dialect, user] of [['postgresql', 'users'], ['mysql', 'user']]) {
    const { spec, leftOut, renamed } = pullDatabase(typeorm, dialect)
    assert.deepEqual(whole(dialect), [], dialect)
    assert.deepEqual(spec.tables.map((t) => t.name), ['migrations', user, 'order_items'], dialect)
    assert.deepEqual(spec.tables.find((t) => t.name === user).columns.map((c) => c.name), ['id', 'first_name', 'is_active'], dialect)
    assert.deepEqual(renamed, [
      ...(user === 'user' ? [] : [{ kind: 'table', table: 'users', from: 'user', to: 'users', why: 'it is a reserved word in postgresql' }]),
      { kind: 'column', table: user, from: 'firstName', to: 'first_name', why: capitals },
      { kind: 'column', table: user, from: 'isActive', to: 'is_active', why: capitals },
      { kind: 'table', table: 'order_items', from: 'order items', to: 'order_items', why: "it is not lowercase snake_case, which a spec's names are" },
    ], dialect)
    assert.deepEqual(leftOut.filter((l) => / pulled as /.test(l.what)), [], dialect)
    assert.deepEqual(errors(generateMigration(spec)), [], dialect)
  }
  const r2 = generateMigration({ ...pullDatabase(typeorm).spec, existingDbPath: typeorm, dropTablesNotInSpec: true, allowDataLoss: true })
  assert.deepEqual(errors(r2), [])
  assert.doesNotMatch(r2.upMigration, /DROP TABLE/)
  assert.deepEqual(r2.validation.warnings.filter((w) => w.code === 'TABLE_NOT_IN_SPEC').map((w) => w.table), ['user', 'order items'])

  // Knex's lock table has a column named index, a reserved word in SQLite and MySQL (not in
  // PostgreSQL): left out of a SQLite pull, so the pulled spec is one it takes; pulled for MySQL
  // (a new database) the column is renamed as validation suggests, and renamed says so.
  const knex = database('knex')
  const sqlitePull = pullDatabase(knex, 'sqlite')
  assert.deepEqual(sqlitePull.leftOut.filter((l) => l.table === null).map((l) => l.what), ["the table 'knex_migrations_lock' (its column 'index' is a reserved word in sqlite, which a spec's column cannot have)"])
  assert.deepEqual(errors(generateMigration({ ...sqlitePull.spec, existingDbPath: knex })), [])
  const mysqlPull = pullDatabase(knex, 'mysql')
  assert.deepEqual(mysqlPull.leftOut.filter((l) => l.table === null), [])
  assert.deepEqual(mysqlPull.renamed.map(({ kind, table, from, why }) => ({ kind, table, from, why })), [{ kind: 'column', table: 'knex_migrations_lock', from: 'index', why: 'it is a reserved word in mysql' }])
  const newName = mysqlPull.renamed[0].to
  assert.match(newName, /^[a-z_]+$/)
  assert.notEqual(newName, 'index')
  assert.deepEqual(mysqlPull.leftOut.filter((l) => / pulled as /.test(l.what)), [])
  assert.ok(mysqlPull.spec.tables.find((t) => t.name === 'knex_migrations_lock').columns.some((c) => c.name === newName))
  assert.deepEqual(errors(generateMigration(mysqlPull.spec)), [])
  assert.ok(pullDatabase(knex, 'postgresql').spec.tables.find((t) => t.name === 'knex_migrations_lock').columns.some((c) => c.name === 'index'))

  // A table the spec can name, left out of it, is what dropTablesNotInSpec drops.
  const copy = join(dirs.at(-1), 'copy.db')
  copyFileSync(prisma, copy)
  const dropping = generateMigration({ ...spec, tables: spec.tables.filter((t) => t.name !== 'posts'), existingDbPath: copy, dropTablesNotInSpec: true, allowDataLoss: true })
  assert.deepEqual(errors(dropping), [])
  runOnFile(copy, dropping.upMigration)
  const db = new SQL.Database(readFileSync(copy))
  assert.deepEqual(db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0].values.flat(), ['User', '_prisma_migrations', 'sqlite_sequence'])
  db.close()
})

test("TypeORM's UQ_, CHK_ and IDX_ names: a SQLite pull keeps them, compares as SKIP, and a table rebuild keeps them, up and down", () => {
  const path = database('typeormSnake')
  const { spec, leftOut } = pullDatabase(path)
  const author = spec.tables.find((t) => t.name === 'author')
  assert.deepEqual(author.uniqueConstraints.map((u) => u.name), ['UQ_5a0c4c3e0f38b0b3c6b6c2a1b4e'])
  assert.deepEqual(author.checkConstraints.map((c) => c.name), ['CHK_7d2e6c1b8f4a0e3d5c9b2a1f6e'])
  assert.deepEqual(spec.tables.find((t) => t.name === 'post').indexes.map((i) => i.name), ['IDX_e28aa0c4114146bfb1567bfa9a'])
  // The key into `Account` (left out: its name) stays: the database has the table.
  assert.deepEqual(author.foreignKeys.map((f) => f.referencedTable), ['Account'])
  assert.ok(!leftOut.some((l) => /capital letters|foreign key/.test(l.what)), JSON.stringify(leftOut))
  const same = generateMigration({ ...spec, existingDbPath: path })
  assert.deepEqual(errors(same), [])
  assert.deepEqual(operations(same), ['author:SKIP', 'post:SKIP'])

  // A change only a rebuild makes (full_name becomes nullable), and a new column on post.
  author.columns.find((c) => c.name === 'full_name').nullable = true
  spec.tables.find((t) => t.name === 'post').columns.push({ name: 'body', type: 'TEXT', nullable: true })
  const r = generateMigration({ ...spec, existingDbPath: path })
  assert.deepEqual(errors(r), [])
  assert.deepEqual(operations(r), ['author:ALTER', 'post:ALTER'])
  const master = () => {
    const db = new SQL.Database(readFileSync(path))
    const rows = db.exec("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")[0].values
    db.close()
    return rows
  }
  runOnFile(path, "INSERT INTO author (full_name, age) VALUES ('Ada', 36)")
  const before = master()
  runOnFile(path, r.upMigration)
  const db = new SQL.Database(readFileSync(path))
  assert.throws(() => db.run("INSERT INTO author (full_name) VALUES ('Ada')"), /UNIQUE constraint failed: author\.full_name/)
  assert.throws(() => db.run("INSERT INTO author (full_name, age) VALUES ('Bo', -1)"), /CHECK constraint failed: CHK_7d2e6c1b8f4a0e3d5c9b2a1f6e/)
  db.run('INSERT INTO author (full_name) VALUES (NULL)')
  assert.deepEqual(db.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'post'")[0].values.flat(), ['IDX_e28aa0c4114146bfb1567bfa9a'])
  db.close()
  // The pulled spec is the new one (author, rebuilt, now comes after post).
  const again = pullDatabase(path).spec
  assert.deepEqual(operations(generateMigration({ ...again, existingDbPath: path })), ['post:SKIP', 'author:SKIP'])
  assert.deepEqual(again.tables.find((t) => t.name === 'author').uniqueConstraints.map((u) => u.name), ['UQ_5a0c4c3e0f38b0b3c6b6c2a1b4e'])
  runOnFile(path, 'DELETE FROM author WHERE full_name IS NULL')
  runOnFile(path, r.downMigration)
  assert.deepEqual(master(), before)
  // A new index name with capitals is still refused: the spec would create it.
  spec.tables.find((t) => t.name === 'post').indexes.push({ name: 'IDX_new', columns: ['body'] })
  assert.deepEqual(generateMigration({ ...spec, existingDbPath: path }).validation.errors.map((e) => `${e.code} ${e.constraint}`), ['INVALID_CONSTRAINT_NAME IDX_new'])
})

test("TypeORM's names pulled for PostgreSQL and MySQL are lowercased, and the table Account is pulled as account with the foreign key into it", () => {
  const path = database('typeormSnake')
  for (const dialect of ['postgresql', 'mysql']) {
    const { spec, leftOut, renamed } = pullDatabase(path, dialect)
    assert.deepEqual(spec.tables.map((t) => t.name).sort(), ['account', 'author', 'post'], dialect)
    const author = spec.tables.find((t) => t.name === 'author')
    assert.deepEqual(author.uniqueConstraints.map((u) => u.name), ['uq_5a0c4c3e0f38b0b3c6b6c2a1b4e'], dialect)
    assert.deepEqual(author.checkConstraints.map((c) => c.name), ['chk_7d2e6c1b8f4a0e3d5c9b2a1f6e'], dialect)
    // (This left `Account` out, and the key into it with it.)
    assert.deepEqual(author.foreignKeys.map((f) => [f.columns, f.referencedTable, f.referencedColumns]), [[['account_id'], 'account', ['id']]], dialect)
    assert.deepEqual(spec.tables.find((t) => t.name === 'post').foreignKeys.map((f) => f.referencedTable), ['author'])
    const capitals = "it has capital letters, and a spec's names are lowercase"
    assert.deepEqual(renamed, [
      { kind: 'table', table: 'account', from: 'Account', to: 'account', why: capitals },
      { kind: 'unique', table: 'author', from: 'UQ_5a0c4c3e0f38b0b3c6b6c2a1b4e', to: 'uq_5a0c4c3e0f38b0b3c6b6c2a1b4e', why: capitals },
      { kind: 'check', table: 'author', from: 'CHK_7d2e6c1b8f4a0e3d5c9b2a1f6e', to: 'chk_7d2e6c1b8f4a0e3d5c9b2a1f6e', why: capitals },
      { kind: 'index', table: 'post', from: 'IDX_e28aa0c4114146bfb1567bfa9a', to: 'idx_e28aa0c4114146bfb1567bfa9a', why: capitals },
    ], dialect)
    // Renamed, not left out: neither the names nor the foreign key into Account are in leftOut.
    assert.deepEqual(leftOut.filter((l) => / pulled as |foreign key/.test(l.what)), [], dialect)
    assert.deepEqual(errors(generateMigration(spec)), [], dialect)
  }
})

test('a pulled SQLite spec evolves: a column added to it is added to the database, which then pulls as the new spec', () => {
  for (const orm of ['drizzle', 'prisma', 'sequelize']) {
    const path = database(orm)
    const { spec } = pullDatabase(path)
    const table = spec.tables.find((t) => !t.name.startsWith('_'))
    table.columns.push({ name: 'note', type: 'TEXT', nullable: true })
    const r = generateMigration({ ...spec, existingDbPath: path })
    assert.deepEqual(errors(r), [], orm)
    assert.equal(r.metadata.operations.find((o) => o.table === table.name).operation, 'ALTER', orm)
    runOnFile(path, r.upMigration)
    const again = pullDatabase(path).spec
    assert.deepEqual(again.tables.find((t) => t.name === table.name).columns.at(-1), { name: 'note', type: 'TEXT', nullable: true }, orm)
    const after = generateMigration({ ...again, existingDbPath: path })
    assert.ok(operations(after).every((o) => o.endsWith(':SKIP')), `${orm}: ${operations(after).join(' ')}`)
  }
})

test("a text column's number default is pulled as the text SQLite stores, and a boolean's 2 as the expression 2: SKIP against the database, and new rows get what they got (a user trial: INVALID_DEFAULT)", () => {
  const path = database('numberText')
  const { spec, leftOut } = pullDatabase(path)
  assert.deepEqual(spec.tables[0].columns.slice(1).map((c) => c.default), ['123', '0', '1.5', '-1', '1000.0', { expression: '2' }])
  assert.deepEqual(leftOut.map((l) => l.what).filter((w) => w.includes('BOOLEAN')), [
    "the default 2 of the BOOLEAN column 'k', which is neither true (1) nor false (0): pulled as the expression 2, which gives new rows 2 as the database does, while the generated types say the column holds a boolean",
  ])
  const r = generateMigration({ ...spec, existingDbPath: path })
  assert.deepEqual(errors(r), [])
  assert.deepEqual(operations(r), ['t:SKIP'])
  // A spec that writes the number's text compares as the same default; another text does not.
  const written = (p) => ({ ...spec, existingDbPath: path, tables: [{ ...spec.tables[0], columns: spec.tables[0].columns.map((c) => (c.name === 'p' ? { ...c, default: p } : c)) }] })
  assert.deepEqual(operations(generateMigration(written('123'))), ['t:SKIP'])
  assert.deepEqual(operations(generateMigration(written('123.0'))), ['t:ALTER'])
  // A file made from the pulled spec gives new rows the same values as the database.
  const made = database('numberText-made', generateMigration(spec).upMigration)
  const row = (file) => {
    runOnFile(file, 'INSERT INTO t DEFAULT VALUES')
    const db = new SQL.Database(readFileSync(file))
    const [result] = db.exec('SELECT typeof(p), p, v, g, l, e, k FROM t')
    db.close()
    return result.values[0]
  }
  assert.deepEqual(row(made), row(path))
  assert.deepEqual(row(path), ['text', '123', '0', '1.5', '-1', '1000.0', 2])
})

test('hand-written SQLite schemas pull into a spec that compares as SKIP against them, and change up and back (a user trial): CHECKs and WHEREs over lines or with comments, an index on a generated column, a table without a key, a foreign key in other letter case, comments naming clauses, a WITHOUT ROWID column dropped, index and constraint names with a dash or a space', () => {
  const cases = {
    lines: ["CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, s TEXT, n INT, e TEXT CHECK (length(e) <= 5 /* max */),\n  CHECK (\n    s IN ('a', 'b')\n    AND n > 0\n  ));\nCREATE INDEX t_p ON t(s) WHERE n > 0 /* positive */ AND s <> '';\nCREATE INDEX t_q ON t(e) WHERE n > 1 -- trailing\n;", "INSERT INTO t (s, n, e) VALUES ('a', 1, 'x')"],
    generated: ['CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a INT, b INT AS (a*2)); CREATE INDEX t_b ON t(b);', 'INSERT INTO t (a) VALUES (2)'],
    keyless: ['CREATE TABLE android_metadata (locale TEXT); CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);', "INSERT INTO android_metadata VALUES ('en')"],
    letters: ['CREATE TABLE u (id INTEGER PRIMARY KEY AUTOINCREMENT); CREATE TABLE w (id INTEGER PRIMARY KEY AUTOINCREMENT, u_id INTEGER REFERENCES U(ID));', 'INSERT INTO u (id) VALUES (1); INSERT INTO w (u_id) VALUES (1)'],
    comments: ['CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT /* COLLATE NOCASE later */, qty INTEGER, note TEXT -- WITHOUT ROWID, ON CONFLICT REPLACE?\n);', "INSERT INTO items (name) VALUES ('a')"],
    keyValue: ["CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT, n INTEGER) WITHOUT ROWID;", "INSERT INTO kv VALUES ('a', 'b', 1)"],
    names: ['CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, e TEXT, n INT, CONSTRAINT "e not bad" CHECK (e <> \'bad\'), CONSTRAINT "u-q" UNIQUE (n)); CREATE INDEX "t-e-idx" ON t(e); CREATE UNIQUE INDEX "t by n" ON t(n, e);', "INSERT INTO t (e, n) VALUES ('a', 1), ('b', 2)"],
  }
  // A CHECK added: a rebuild, which writes the table's names back.
  const checks = { comments: { name: 'chk_items_qty', expression: 'qty >= 0' }, names: { name: 'chk_t_n', expression: 'n > 0' } }
  const read = (path) => {
    const db = new SQL.Database(readFileSync(path))
    const all = (sql) => db.exec(sql).flatMap((r) => r.values)
    const out = { schema: all("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"), rows: all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map(([t]) => all(`SELECT * FROM "${t}"`)) }
    db.close()
    return out
  }
  const said = {}
  for (const [name, [ddl, rows]] of Object.entries(cases)) {
    const path = database(name, ddl)
    runOnFile(path, rows)
    const { spec, leftOut } = pullDatabase(path)
    said[name] = leftOut.map((l) => l.what)
    const same = generateMigration({ ...spec, existingDbPath: path, dropTablesNotInSpec: true, allowDataLoss: true })
    assert.deepEqual(errors(same), [], name)
    assert.ok(operations(same).every((o) => o.endsWith(':SKIP')), `${name}: ${operations(same).join(' ')}`)
    assert.equal(same.upMigration.split('\n').filter((l) => l && !l.startsWith('--')).join('\n'), '', name)
    // A column added, a CHECK added (a rebuild), or a column dropped.
    const changed = structuredClone(spec)
    const table = changed.tables.at(-1)
    if (name === 'keyValue') table.columns = table.columns.filter((c) => c.name !== 'n')
    else table.columns.push({ name: 'added', type: 'INTEGER', nullable: false, default: 0 })
    if (checks[name]) table.checkConstraints = [...(table.checkConstraints ?? []), checks[name]]
    const r = generateMigration({ ...changed, existingDbPath: path, allowDataLoss: name === 'keyValue' })
    assert.deepEqual(errors(r), [], name)
    const before = read(path)
    runOnFile(path, r.upMigration)
    assert.deepEqual(read(path).rows.map((t) => t.length), before.rows.map((t) => t.length), name)
    runOnFile(path, r.downMigration)
    const back = read(path)
    // (A dropped column comes back empty.)
    assert.deepEqual(back.rows, name === 'keyValue' ? [[['a', 'b', null]]] : before.rows, name)
    assert.deepEqual(back.schema.map(([type, n]) => [type, n]), before.schema.map(([type, n]) => [type, n]), name)
  }
  assert.deepEqual(said.names, [])
  assert.ok(said.generated.includes("the index 't_b', on the generated or hidden column 'b'"), JSON.stringify(said.generated))
  assert.ok(said.keyless.includes("the table 'android_metadata' (it has no primary key, which every table of a spec has)"), JSON.stringify(said.keyless))
  assert.deepEqual(said.lines, [])
  assert.deepEqual(said.comments, [])
  const lines = pullDatabase(database('lines2', cases.lines[0])).spec.tables[0]
  assert.deepEqual(lines.checkConstraints.map((c) => c.expression), ['length(e) <= 5', "s IN ('a', 'b') AND n > 0"])
  assert.deepEqual(lines.indexes.map((i) => i.where), ["n > 0 AND s <> ''", 'n > 1'])
  const letters = pullDatabase(database('letters2', cases.letters[0])).spec.tables.find((t) => t.name === 'w')
  assert.deepEqual(letters.foreignKeys.map((f) => [f.referencedTable, f.referencedColumns]), [['u', ['id']]])
})

test('introspect (CLI) prints the tables it leaves out, with the reason', () => {
  const path = database('prisma')
  const r = runCli(['introspect', path], { env: { NO_COLOR: '1' }, cwd: tmpdir() })
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /: 2 tables \(1 more left out of the spec\)\n/)
  assert.match(r.stdout, /^not in the spec: the table 'User' \(its name is not lowercase snake_case, which a spec's table names are\)$/m)
  assert.match(r.stdout, /^ {2}not in the spec: the descending \(DESC\) order of a column in the index 'posts_created_at_idx'/m)
})

// The pulled specs generated for PostgreSQL and MariaDB/MySQL, run there.
for (const [label, open] of [['PostgreSQL', openPgServer], ['MariaDB/MySQL', openMysqlServer]]) {
  describe(`pulled specs on the ${label} server`, async () => {
    const server = await open()
    const dialect = label === 'PostgreSQL' ? 'postgresql' : 'mysql'
    after(() => server.close?.())
    const up = async (orm) => {
      const { spec } = pullDatabase(database(orm), dialect)
      const r = generateMigration(spec)
      assert.deepEqual(errors(r), [], orm)
      await server.engine.reset()
      await server.engine.exec(r.upMigration)
      return r
    }
    const q = async (sql) => (await server.engine.run({ sql, params: [] })).rows

    test('Drizzle: boolean and clock defaults give rows 0/1 and the time since 1970 in seconds and milliseconds', { skip: server.skip }, async () => {
      const r = await up('drizzle')
      const before = Date.now()
      await q("INSERT INTO users (name, email) VALUES ('a', 'a@x')")
      const [row] = await q('SELECT is_admin, verified, created_at, updated_at FROM users')
      const after = Date.now()
      assert.equal(Number(row.is_admin), 0)
      assert.equal(Number(row.verified), 1)
      const seconds = Number(row.created_at)
      const millis = Number(row.updated_at)
      assert.ok(seconds >= Math.floor(before / 1000) - 1 && seconds <= Math.ceil(after / 1000) + 1, `created_at ${seconds}`)
      assert.ok(millis >= before - 1000 && millis <= after + 1000, `updated_at ${millis} not within ${before}..${after}`)
      assert.ok(Number.isInteger(millis))
      await server.engine.exec(r.downMigration)
      assert.deepEqual(await server.engine.leftovers(), [])
    })

    test('Prisma and Knex: every table is created, Prisma\'s User under the name a spec gives it, and takes rows', { skip: server.skip }, async () => {
      await up('prisma')
      await q("INSERT INTO posts (title) VALUES ('t')")
      // Prisma's "User" is created too, as users (PostgreSQL, where user is reserved) or user.
      const user = dialect === 'postgresql' ? 'users' : '`user`'
      await q(`INSERT INTO ${user} (email) VALUES ('a@x')`)
      assert.deepEqual((await q(`SELECT email FROM ${user}`)).map((row) => row.email), ['a@x'])
      assert.equal(Number((await q('SELECT published FROM posts'))[0].published), 0)
      await up('knex')
      await q("INSERT INTO users (email) VALUES ('a@x')")
      assert.equal(Number((await q('SELECT active FROM users'))[0].active), 1)
    })

    test("TypeORM: the lowercased UQ_ and CHK_ constraints and the key into account refuse what they refuse; the down leaves nothing", { skip: server.skip }, async () => {
      const r = await up('typeormSnake')
      await q('INSERT INTO account (id) VALUES (999)')
      await q("INSERT INTO author (full_name, age, account_id) VALUES ('Ada', 36, 999)")
      await assert.rejects(q("INSERT INTO author (full_name) VALUES ('Ada')"), /uq_5a0c4c3e0f38b0b3c6b6c2a1b4e|Duplicate/)
      await assert.rejects(q("INSERT INTO author (full_name, age) VALUES ('Bo', -1)"), /chk_7d2e6c1b8f4a0e3d5c9b2a1f6e/)
      await q("INSERT INTO post (title, author_id) VALUES ('t', 1)")
      // The key into account (pulled from `Account`) is kept: an author needs an account.
      await assert.rejects(q("INSERT INTO author (full_name, account_id) VALUES ('Cy', 998)"), /foreign key/i)
      await server.engine.exec(r.downMigration)
      assert.deepEqual(await server.engine.leftovers(), [])
    })

    test("a text column's number default: the spec pulled for this database, and the SQLite one given this databaseType, give new rows the text SQLite stores; a boolean's 2 only MySQL's BOOLEAN takes", { skip: server.skip }, async () => {
      const path = database('numberText')
      const withoutK = (spec) => ({ ...spec, tables: [{ ...spec.tables[0], columns: spec.tables[0].columns.filter((c) => c.name !== 'k') }] })
      // The boolean's 2: pulled for this database as it is, which validation refuses (a BOOLEAN
      // default is true or false); the SQLite spec's expression 2 PostgreSQL refuses at CREATE,
      // so validation does, and MySQL's BOOLEAN (TINYINT(1)) stores.
      const pulled = pullDatabase(path, dialect).spec
      const retargeted = { ...pullDatabase(path).spec, databaseType: dialect }
      for (const [spec, kRuns] of [[pulled, false], [retargeted, dialect === 'mysql']]) {
        const whole = generateMigration(spec)
        if (!kRuns) assert.deepEqual(whole.validation.errors.map((e) => e.code), ['INVALID_DEFAULT'])
        const r = kRuns ? whole : generateMigration(withoutK(spec))
        assert.deepEqual(errors(r), [])
        await server.engine.reset()
        await server.engine.exec(r.upMigration)
        await q('INSERT INTO t (id) VALUES (1)')
        const [row] = await q('SELECT p, v, g, l, e FROM t')
        assert.deepEqual([row.p, row.v, row.g, row.l, row.e], ['123', '0', '1.5', '-1', '1000.0'])
        if (kRuns) assert.equal(Number((await q('SELECT k FROM t'))[0].k), 2)
        await server.engine.exec(r.downMigration)
        assert.deepEqual(await server.engine.leftovers(), [])
      }
    })

    test('Sequelize: STRING and ANY columns take text', { skip: server.skip }, async () => {
      await up('sequelize')
      await q("INSERT INTO people (first_name, email, created_at, updated_at) VALUES ('Ada', 'a@x', '2024-01-02 03:04:05', '2024-01-02 03:04:05')")
      await q("INSERT INTO things (id, payload) VALUES (1, 'any text')")
      assert.equal((await q('SELECT first_name FROM people'))[0].first_name, 'Ada')
      assert.equal((await q('SELECT payload FROM things'))[0].payload, 'any text')
    })
  })
}
