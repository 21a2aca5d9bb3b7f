// PostgreSQL (server through `pg`, or PGlite): the schema read back from pg_catalog, the schema the
// spec asks for, the data-step adapter and error classification. Works on PostgreSQL 12+ (the
// server, 15 on CI) and on PGlite (PostgreSQL 18 in WebAssembly).
import { col, defaultKind, effectiveTables, expectedDefaultToken, fkName, INTEGER_TYPES } from './fixtures.mjs'
import { canonicalJson } from './values.mjs'
import { dmlBuilder } from './dml.mjs'

/** The type `format_type` reports for a spec column, as the PostgreSQL mapping promises. */
export function pgType(c) {
  const p = c.precision !== undefined ? `(${c.precision},${c.scale ?? 0})` : ''
  switch (c.type) {
    case 'TEXT': return 'text'
    case 'INTEGER': case 'INT': return 'integer'
    case 'BIGINT': return 'bigint'
    case 'TINYINT': return 'smallint'
    case 'REAL': return 'double precision'
    case 'BLOB': return 'bytea'
    case 'NUMERIC': case 'DECIMAL': return `numeric${p}`
    case 'VARCHAR': return c.length !== undefined ? `character varying(${c.length})` : 'character varying'
    case 'CHAR': return `character(${c.length ?? 1})`
    case 'BOOLEAN': return 'boolean'
    case 'TIMESTAMP': case 'DATETIME': return c.precision !== undefined ? `timestamp(${c.precision}) without time zone` : 'timestamp without time zone'
    case 'DATE': return 'date'
    case 'UUID': return 'uuid'
    case 'JSONB': return 'jsonb'
    case 'JSON': return 'json'
  }
  throw new Error(`no PostgreSQL mapping for ${c.type}`)
}

const NUMERIC = [...INTEGER_TYPES, 'REAL', 'NUMERIC', 'DECIMAL']

/** A default as pg_get_expr prints it, reduced to a comparable token (values, not spellings). */
function canonDefault(c, text) {
  if (text === null || text === undefined) return null
  let m = /^nextval\('(.+)'::regclass\)$/.exec(text)
  if (m) return `serial:${m[1]}`
  if (/^(true|false)$/.test(text)) return `bool:${text}`
  if (/^(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME)$/.test(text)) return `now:${text}`
  m = /^\(?(-?\d+(?:\.\d+)?)\)?$/.exec(text)
  if (m) return `num:${Number(m[1])}`
  m = /^'((?:[^']|'')*)'::([a-z ]+)(?:\(\d+(?:,\d+)?\))?$/.exec(text)
  if (m) return literalToken(c, m[1].replace(/''/g, "'"))
  return `expr:${text}`
}

function literalToken(c, value) {
  if (c.type === 'JSON' || c.type === 'JSONB') return `json:${canonicalJson(JSON.parse(value))}`
  if (NUMERIC.includes(c.type)) return `num:${Number(value)}`
  if (c.type === 'BOOLEAN') return `bool:${value === 'true' || value === '1'}`
  return `str:${value}`
}

/** The token the spec's default must come back as (expressions: as PostgreSQL deparses them). */
function expectedDefault(table, c, deparsed) {
  if (c.autoIncrement) return `serial:${table.name}_${c.name}_seq`
  return expectedDefaultToken(c, { literal: literalToken, expression: () => canonDefault(c, deparsed) })
}

/** The type and limits of the sequence `SMALLSERIAL`, `SERIAL` and `BIGSERIAL` make, by column type. */
const SERIAL_SEQUENCES = {
  smallint: 'smallint 1..32767',
  integer: 'integer 1..2147483647',
  bigint: 'bigint 1..9223372036854775807',
}

const ACTIONS = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' }

/** The schema of `schema` as pg_catalog describes it. `q(sql, params)` returns rows. */
export async function readPgSchema(q, schema, specTables) {
  const tables = await q(
    `SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    [schema],
  )
  const out = {}
  for (const { oid, relname } of tables) {
    const spec = specTables?.find((t) => t.name === relname)
    const columns = await q(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
              pg_get_expr(d.adbin, d.adrelid) AS def,
              (SELECT format_type(s.seqtypid, NULL) || ' ' || s.seqmin || '..' || s.seqmax
               FROM pg_depend o JOIN pg_sequence s ON s.seqrelid = o.objid
               WHERE o.classid = 'pg_class'::regclass AND o.refclassid = 'pg_class'::regclass
                 AND o.refobjid = a.attrelid AND o.refobjsubid = a.attnum AND o.deptype IN ('a', 'i')) AS seq
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [oid],
    )
    const cons = await q(
      `SELECT c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS def,
              c.confupdtype AS upd, c.confdeltype AS del, f.relname AS ref,
              ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols,
              ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS refcols
       FROM pg_constraint c LEFT JOIN pg_class f ON f.oid = c.confrelid
       WHERE c.conrelid = $1 AND c.contype IN ('p', 'u', 'f', 'c', 'x')`,
      [oid],
    )
    const indexes = await q(
      `SELECT i.relname AS name, x.indisunique AS uniq, am.amname AS method,
              pg_get_expr(x.indpred, x.indrelid) AS pred,
              ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o)
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
       WHERE x.indrelid = $1 AND NOT EXISTS (
         SELECT 1 FROM pg_constraint c WHERE c.conrelid = x.indrelid AND c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))`,
      [oid],
    )
    const pk = cons.find((c) => c.type === 'p')
    out[relname] = {
      columns: columns.map((c) => {
        const sc = spec && col(spec, c.name)
        const column = { name: c.name, type: c.type, notNull: c.notnull, default: sc ? canonDefault(sc, c.def) : c.def }
        // The sequence a SERIAL column owns: its type and limits (SERIAL's are INTEGER's).
        if (c.seq) column.sequence = c.seq
        return column
      }),
      primaryKey: pk ? `${pk.name} (${pk.cols.join(', ')})` : null,
      uniques: cons.filter((c) => c.type === 'u').map((c) => `${c.name} (${c.cols.join(', ')})`).sort(),
      foreignKeys: cons
        .filter((c) => c.type === 'f')
        .map((c) => `${c.name} (${c.cols.join(', ')}) REFERENCES ${c.ref}(${c.refcols.join(', ')}) ON DELETE ${ACTIONS[c.del]} ON UPDATE ${ACTIONS[c.upd]}`)
        .sort(),
      checks: cons.filter((c) => c.type === 'c').map((c) => `${c.name} ${c.def}`).sort(),
      indexes: indexes
        .map((i) => `${i.name} ${i.uniq ? 'UNIQUE ' : ''}${i.method} (${i.cols.join(', ')})${i.pred ? ` WHERE ${i.pred}` : ''}`)
        .sort(),
    }
  }
  return out
}

const q1 = (n) => `"${n}"`

/**
 * The schema the spec asks for, on PostgreSQL. CHECK expressions, partial-index predicates and
 * `{ expression }` defaults are written the way the engine deparses them: they are applied, from
 * the spec's text, to a scratch copy of each table (columns of the mapped types, nothing else)
 * in a schema of their own, and read back from there.
 */
export async function expectedPgSchema(q, exec, spec) {
  const tables = effectiveTables(spec)
  const scratch = 'mg_expected'
  await exec(`DROP SCHEMA IF EXISTS ${scratch} CASCADE; CREATE SCHEMA ${scratch};`)
  try {
    for (const t of tables) {
      const cols = t.columns.map((c) => {
        const d = defaultKind(c)
        return `${q1(c.name)} ${pgType(c)}${d?.kind === 'expression' ? ` DEFAULT (${d.value})` : ''}`
      })
      const checks = t.checkConstraints.map((k) => `CONSTRAINT ${q1(k.name)} CHECK (${k.expression})`)
      await exec(`CREATE TABLE ${scratch}.${q1(t.name)} (${[...cols, ...checks].join(', ')});`)
      for (const i of t.indexes.filter((i) => i.where)) {
        await exec(`CREATE INDEX ${q1(i.name)} ON ${scratch}.${q1(t.name)} USING ${i.type ?? 'btree'} (${i.columns.map(q1).join(', ')}) WHERE ${i.where};`)
      }
    }
    const deparsed = await readPgSchema(q, scratch, tables)
    const out = {}
    for (const t of tables) {
      const scratchTable = deparsed[t.name]
      const rawDefault = new Map(
        (await q(
          `SELECT a.attname AS name, pg_get_expr(d.adbin, d.adrelid) AS def FROM pg_attribute a
           JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE a.attrelid = $1::regclass`,
          [`${scratch}.${t.name}`],
        )).map((r) => [r.name, r.def]),
      )
      const predicate = new Map(scratchTable.indexes.map((s) => [s.split(' ')[0], / WHERE (.*)$/.exec(s)?.[1]]))
      const singlePk = t.primaryKey.length === 1 ? t.primaryKey[0] : null
      out[t.name] = {
        columns: t.columns.map((c) => ({
          name: c.name,
          type: pgType(c),
          notNull: !c.nullable,
          default: expectedDefault(t, c, rawDefault.get(c.name)),
          ...(c.autoIncrement ? { sequence: SERIAL_SEQUENCES[pgType(c)] } : {}),
        })),
        primaryKey: t.primaryKey.length ? `${t.name}_pkey (${t.primaryKey.join(', ')})` : null,
        uniques: [
          ...t.columns.filter((c) => c.unique && c.name !== singlePk).map((c) => `${t.name}_${c.name}_key (${c.name})`),
          ...t.uniqueConstraints.map((u) => `${u.name} (${u.columns.join(', ')})`),
        ].sort(),
        foreignKeys: t.foreignKeys
          .map((f) => `${fkName(t, f)} (${f.columns.join(', ')}) REFERENCES ${f.referencedTable}(${f.referencedColumns.join(', ')}) ON DELETE ${f.onDelete ?? 'NO ACTION'} ON UPDATE ${f.onUpdate ?? 'NO ACTION'}`)
          .sort(),
        checks: scratchTable.checks,
        indexes: t.indexes
          .map((i) => `${i.name} ${i.unique ? 'UNIQUE ' : ''}${i.type ?? 'btree'} (${i.columns.join(', ')})${i.where ? ` WHERE ${predicate.get(i.name)}` : ''}`)
          .sort(),
      }
    }
    return out
  } finally {
    await exec(`DROP SCHEMA IF EXISTS ${scratch} CASCADE;`)
  }
}

/** Objects left in `schema` that are not part of an extension (empty means empty). */
export async function pgLeftovers(q, schema) {
  const rows = await q(
    `SELECT 'relation ' || c.relname AS what FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
     UNION ALL
     SELECT 'constraint ' || c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1
     UNION ALL
     SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
         AND NOT EXISTS (SELECT 1 FROM pg_type e JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = e.oid AND d.deptype = 'e' WHERE e.oid = t.typelem OR e.typarray = t.oid)
     ORDER BY 1`,
    [schema],
  )
  return rows.map((r) => r.what)
}

/**
 * PostgreSQL's error message for `script`, run by `exec(script)` in a transaction that is rolled
 * back, or null.
 */
export async function errorRolledBack(exec, script) {
  try {
    await exec(`BEGIN;\n${script}\nROLLBACK;`)
    return null
  } catch (e) {
    await exec('ROLLBACK')
    return e.message
  }
}

// 23001 restrict_violation: PostgreSQL 18 reports ON DELETE/UPDATE RESTRICT with it (15 uses 23503).
const PG_ERRORS = { 23502: 'not_null', 23505: 'unique', 23514: 'check', 23503: 'foreign_key', 23001: 'foreign_key', 22001: 'too_long' }

/**
 * The engine adapter the runner uses. `q(sql, params)` → rows; `exec(script)` runs a script;
 * `run(sql, params)` → { rows, affected }.
 */
export function pgAdapter({ label, q, exec, run, reset }) {
  const dml = dmlBuilder('postgresql')
  return {
    dialect: 'postgresql',
    label,
    exec,
    reset,
    readSchema: (spec) => readPgSchema(q, 'public', effectiveTables(spec)),
    expectedSchema: (spec) => expectedPgSchema(q, exec, spec),
    leftovers: () => pgLeftovers(q, 'public'),
    /** DDL is transactional: scripts are also run in a transaction that is rolled back. */
    transactionalDdl: true,
    // Unreserved key words (catcode U) are valid names everywhere by PostgreSQL's grammar; the rest
    // are tried, and so are the system columns every table has (ctid, xmin, …).
    keywords: async () => [
      ...(await q("SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'")).map((r) => r.word),
      ...(await q("SELECT attname FROM pg_attribute WHERE attrelid = 'pg_class'::regclass AND attnum < 0")).map((r) => r.attname),
    ],
    /** Runs a script in a transaction that is rolled back; the error message, or null. */
    tryScript: (script) => errorRolledBack(exec, script),
    async insertReturning(table, values) {
      const { sql, params } = dml.insert(table, values)
      return (await run(`${sql} RETURNING *`, params)).rows[0]
    },
    async run(stmt) {
      return run(stmt.sql, stmt.params)
    },
    dml,
    classify(e) {
      const kind = PG_ERRORS[e?.code]
      if (!kind) return null
      return { kind, name: kind === 'not_null' ? e.column : e.constraint ?? null }
    },
    /** What the engine names as the culprit of a rejection. */
    culprit(kind, table, detail) {
      switch (kind) {
        case 'not_null': return detail
        case 'unique':
          if (detail.kind === 'pk') return `${table.name}_pkey`
          if (detail.kind === 'column') return `${table.name}_${detail.columns[0]}_key`
          return detail.name
        case 'check': return detail
        case 'foreign_key': return detail
        case 'too_long': return undefined
      }
    },
  }
}
