// The peers of the DDL benchmark: the same tables as a MigrationSpec, built with Knex's and
// Kysely's schema builders, as a user of those libraries would write them (one builder call per
// column, constraint and index; no connection: Knex's toString(), Kysely's compile() on a
// DummyDriver). Each function takes the spec and returns the up SQL as one string, so the
// translation from the spec is inside the timed work, as our JSON conversion is.
//
// "The same tables": every spec column with its type (Kysely: our generator's type for the
// dialect; Knex: its nearest column method, as a Knex user would write it, whose SQLite type
// names differ from ours: varchar, float, datetime…), nullability and default; the
// auto-increment primary key; the created_at/updated_at columns our generator adds (spec `timestamps`, default true);
// single-column UNIQUE, named UNIQUE constraints, CHECK constraints, foreign keys with their
// actions, and every index (unique or not). bench/run.mjs runs the SQLite output of both peers
// and ours in sql.js and compares the resulting catalogs, so a peer that silently built less
// would be caught.
import { createRequire } from 'node:module'
import {
  Kysely,
  DummyDriver,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
} from 'kysely'

const require = createRequire(import.meta.url)
const knexFactory = require('knex')

/** Knex client name per dialect (no driver is loaded without a connection). */
export const KNEX_CLIENTS = { sqlite: 'better-sqlite3', postgresql: 'pg', mysql: 'mysql2' }

/** One Knex instance per dialect, created once (as an application would). */
export function makeKnex(dialect) {
  return knexFactory({ client: KNEX_CLIENTS[dialect], useNullAsDefault: true })
}

/** One Kysely instance per dialect with a DummyDriver: compiles, never connects. */
export function makeKysely(dialect) {
  const parts = {
    sqlite: [SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler],
    postgresql: [PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler],
    mysql: [MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler],
  }[dialect]
  const [Adapter, Introspector, Compiler] = parts
  return new Kysely({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new Introspector(db),
      createQueryCompiler: () => new Compiler(),
    },
  })
}

const ACTION = { CASCADE: 'cascade', 'SET NULL': 'set null', RESTRICT: 'restrict', 'NO ACTION': 'no action' }

// --- Knex --------------------------------------------------------------------------------

function knexColumn(knex, t, col, dialect) {
  const { name, type } = col
  if (col.autoIncrement) return type === 'BIGINT' ? t.bigIncrements(name) : t.increments(name)
  switch (type) {
    case 'TEXT':
      return t.text(name)
    case 'INTEGER':
    case 'INT':
      return t.integer(name)
    case 'VARCHAR':
      return t.string(name, col.length ?? 255)
    case 'BIGINT':
      return t.bigInteger(name)
    case 'DECIMAL':
      return t.decimal(name, col.precision ?? 10, col.scale ?? 0)
    case 'BOOLEAN':
      return t.boolean(name)
    case 'TIMESTAMP':
      return dialect === 'mysql' ? t.datetime(name) : t.timestamp(name, { useTz: false })
    case 'DATE':
      return t.date(name)
    case 'REAL':
      return dialect === 'sqlite' ? t.float(name) : t.double(name)
    case 'UUID':
      return t.uuid(name)
    case 'JSONB':
      return dialect === 'postgresql' ? t.jsonb(name) : t.json(name)
    default:
      return t.specificType(name, type)
  }
}

/** Knex's table-builder callback for one spec table (the same for both forms below). */
function knexTable(knex, spec, table) {
  const dialect = spec.databaseType
  return (t) => {
    if (dialect === 'mysql') {
      t.engine('InnoDB')
      t.charset('utf8mb4')
    }
    for (const col of table.columns) {
      const c = knexColumn(knex, t, col, dialect)
      if (col.autoIncrement) continue
      if (col.nullable) c.nullable()
      else c.notNullable()
      if (col.default !== undefined) c.defaultTo(col.default)
      if (col.unique) c.unique()
    }
    if (table.timestamps ?? spec.timestamps ?? true) {
      const ts = (name) => (dialect === 'mysql' ? t.datetime(name) : dialect === 'sqlite' ? t.text(name) : t.timestamp(name, { useTz: false }))
      ts('created_at').notNullable().defaultTo(knex.fn.now())
      ts('updated_at')
        .notNullable()
        .defaultTo(dialect === 'mysql' ? knex.raw('CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP') : knex.fn.now())
    }
    if (table.primaryKey) t.primary(table.primaryKey)
    for (const u of table.uniqueConstraints ?? []) t.unique(u.columns, { indexName: u.name, useConstraint: true })
    for (const c of table.checkConstraints ?? []) t.check(c.expression, [], c.name)
    for (const fk of table.foreignKeys ?? []) {
      const f = t.foreign(fk.columns, `fk_${table.name}_${fk.columns.join('_')}`).references(fk.referencedColumns).inTable(fk.referencedTable)
      if (fk.onDelete) f.onDelete(fk.onDelete)
      if (fk.onUpdate) f.onUpdate(fk.onUpdate)
    }
    for (const idx of table.indexes ?? []) {
      if (idx.unique) t.unique(idx.columns, { indexName: idx.name })
      else t.index(idx.columns, idx.name)
    }
  }
}

/**
 * The spec's up DDL with Knex's schema builder, one `knex.schema.createTable(…).toString()` per
 * table, joined: the faster of Knex's two forms (50–150 ms for 1,000 tables here, against
 * 2.4–3 s chained, below).
 */
export function knexDdl(knex, spec) {
  const out = []
  for (const table of spec.tables) {
    out.push(knex.schema.createTable(table.name, knexTable(knex, spec, table)).toString() + ';')
  }
  return out.join('\n')
}

/**
 * The DDL as a Knex migration writes it: every `createTable` chained on one schema builder,
 * `toString()` once. The same SQL as `knexDdl`; Knex's cost grows quadratically with the number
 * of tables in this form, so the bench runs it up to 1,000 tables only.
 */
export function knexDdlChained(knex, spec) {
  let builder = knex.schema
  for (const table of spec.tables) builder = builder.createTable(table.name, knexTable(knex, spec, table))
  return builder.toString()
}

// --- Kysely ------------------------------------------------------------------------------

/** Our generator's type for each spec type, per dialect, as Kysely data-type strings. */
function kyselyType(col, dialect) {
  const { type } = col
  if (dialect === 'sqlite') {
    return { TEXT: 'text', VARCHAR: 'text', UUID: 'text', JSONB: 'text', TIMESTAMP: 'text', DATE: 'text', REAL: 'real', DECIMAL: 'numeric' }[type] ?? 'integer'
  }
  switch (type) {
    case 'TEXT':
      return 'text'
    case 'INTEGER':
    case 'INT':
      return 'integer'
    case 'VARCHAR':
      return `varchar(${col.length ?? 255})`
    case 'BIGINT':
      return 'bigint'
    case 'DECIMAL':
      return `decimal(${col.precision ?? 10}, ${col.scale ?? 0})`
    case 'BOOLEAN':
      return dialect === 'mysql' ? sql`tinyint(1)` : 'boolean'
    case 'TIMESTAMP':
      return dialect === 'mysql' ? 'datetime' : 'timestamp'
    case 'DATE':
      return 'date'
    case 'REAL':
      return 'double precision'
    case 'UUID':
      return dialect === 'mysql' ? 'char(36)' : 'uuid'
    case 'JSONB':
      return dialect === 'mysql' ? 'json' : 'jsonb'
    default:
      return sql.raw(type)
  }
}

function kyselyDefault(value, dialect) {
  if (typeof value === 'boolean' && dialect !== 'postgresql') return value ? 1 : 0
  return value
}

/** The spec's up DDL with Kysely's schema builder: compile() of each statement, joined. */
export function kyselyDdl(db, spec) {
  const dialect = spec.databaseType
  const out = []
  const now = dialect === 'sqlite' ? sql`(datetime('now'))` : sql`CURRENT_TIMESTAMP`
  for (const table of spec.tables) {
    let ct = db.schema.createTable(table.name).ifNotExists()
    for (const col of table.columns) {
      if (col.autoIncrement) {
        ct =
          dialect === 'postgresql'
            ? ct.addColumn(col.name, col.type === 'BIGINT' ? 'bigserial' : 'serial', (c) => c.primaryKey())
            : ct.addColumn(col.name, dialect === 'sqlite' ? 'integer' : kyselyType(col, dialect), (c) => c.notNull().autoIncrement().primaryKey())
        continue
      }
      ct = ct.addColumn(col.name, kyselyType(col, dialect), (c) => {
        if (!col.nullable) c = c.notNull()
        if (col.default !== undefined) c = c.defaultTo(kyselyDefault(col.default, dialect))
        if (col.unique) c = c.unique()
        return c
      })
    }
    if (table.timestamps ?? spec.timestamps ?? true) {
      const tsType = dialect === 'sqlite' ? 'text' : dialect === 'mysql' ? 'datetime' : 'timestamp'
      ct = ct.addColumn('created_at', tsType, (c) => c.notNull().defaultTo(now))
      ct = ct.addColumn('updated_at', tsType, (c) => {
        c = c.notNull().defaultTo(now)
        return dialect === 'mysql' ? c.modifyEnd(sql`on update CURRENT_TIMESTAMP`) : c
      })
    }
    if (table.primaryKey) ct = ct.addPrimaryKeyConstraint(`pk_${table.name}`, table.primaryKey)
    for (const u of table.uniqueConstraints ?? []) ct = ct.addUniqueConstraint(u.name, u.columns)
    for (const c of table.checkConstraints ?? []) ct = ct.addCheckConstraint(c.name, sql.raw(c.expression))
    for (const fk of table.foreignKeys ?? []) {
      ct = ct.addForeignKeyConstraint(`fk_${table.name}_${fk.columns.join('_')}`, fk.columns, fk.referencedTable, fk.referencedColumns, (b) => {
        if (fk.onDelete) b = b.onDelete(ACTION[fk.onDelete])
        if (fk.onUpdate) b = b.onUpdate(ACTION[fk.onUpdate])
        return b
      })
    }
    if (dialect === 'mysql') ct = ct.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`)
    out.push(ct.compile().sql + ';')
    for (const idx of table.indexes ?? []) {
      let ci = db.schema.createIndex(idx.name)
      if (dialect !== 'mysql') ci = ci.ifNotExists()
      if (idx.unique) ci = ci.unique()
      out.push(ci.on(table.name).columns(idx.columns).compile().sql + ';')
    }
  }
  return out.join('\n')
}
