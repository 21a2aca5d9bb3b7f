// MySQL-compatible server through `mysql2`: the schema read back from information_schema, the
// schema the spec asks for, the data-step adapter and error classification. Checked against
// MariaDB 10.11 (where JSON is LONGTEXT with a json_valid CHECK, integer types carry a display
// width, and literal defaults come back quoted).
import { col, defaultKind, effectiveTables, expectedDefaultToken, fkName, INTEGER_TYPES, isKeyColumn } from './fixtures.mjs'
import { canonicalJson } from './values.mjs'
import { dmlBuilder } from './dml.mjs'

/** The column type the MySQL mapping promises for a spec column. */
export function mysqlType(table, c) {
  switch (c.type) {
    case 'TEXT': return isKeyColumn(table, c.name) ? 'varchar(255)' : 'longtext'
    case 'INTEGER': case 'INT': return 'int'
    case 'BIGINT': return 'bigint'
    case 'TINYINT': return 'tinyint'
    case 'REAL': return 'double'
    case 'BLOB': return 'longblob'
    case 'NUMERIC': case 'DECIMAL': return `decimal(${c.precision ?? 10},${c.scale ?? 0})`
    case 'VARCHAR': return `varchar(${c.length ?? 255})`
    case 'CHAR': return `char(${c.length ?? 1})`
    case 'BOOLEAN': return 'tinyint(1)'
    case 'TIMESTAMP': case 'DATETIME': return c.precision ? `datetime(${c.precision})` : 'datetime'
    case 'DATE': return 'date'
    case 'UUID': return 'char(36)'
    case 'JSON': case 'JSONB': return 'json'
  }
  throw new Error(`no MySQL mapping for ${c.type}`)
}

const NUMERIC = [...INTEGER_TYPES, 'REAL', 'NUMERIC', 'DECIMAL']

/** A MySQL string literal's value ('' and backslash escapes). */
function unquote(text) {
  const body = text.slice(1, -1)
  const escapes = { n: '\n', t: '\t', r: '\r', 0: '\0', Z: '\x1a', b: '\b' }
  return body.replace(/''|\\(.)/gs, (m, ch) => (m === "''" ? "'" : escapes[ch] ?? ch))
}

/**
 * MariaDB's information_schema holds defaults in utf8mb3: a character outside the Basic
 * Multilingual Plane reads back as one or more '?' (the stored default itself is intact, which
 * the default probe in runner.mjs checks value for value). Both sides are compared in that form.
 */
const mariadbCatalogText = (text) => text.replace(/[\u{10000}-\u{10FFFF}]/gu, '?').replace(/\?+/g, '?')

function literalToken(c, value) {
  if (c.type === 'JSON' || c.type === 'JSONB') return `json:${canonicalJson(JSON.parse(mariadbCatalogText(value)))}`
  if (NUMERIC.includes(c.type)) return `num:${Number(value)}`
  if (c.type === 'BOOLEAN') return `bool:${value === '1' || value === 'true'}`
  return `str:${mariadbCatalogText(value)}`
}

const NOW_FUNCTIONS = { 'current_timestamp()': 'CURRENT_TIMESTAMP', current_timestamp: 'CURRENT_TIMESTAMP', 'now()': 'CURRENT_TIMESTAMP', 'curdate()': 'CURRENT_DATE', 'curtime()': 'CURRENT_TIME' }

/**
 * information_schema.COLUMNS.COLUMN_DEFAULT reduced to a comparable token. `mysqlExtra`: on
 * MySQL (not MariaDB), the column's EXTRA. MySQL prints a literal default bare (`member`, not
 * `'member'`) and an expression default, marked DEFAULT_GENERATED, with a charset introducer and
 * escaped quotes (`_utf8mb4\'{}\'`); MariaDB quotes literals and prints expressions as written.
 */
function canonDefault(c, text, mysqlExtra) {
  if (text === null || text === undefined || text === 'NULL') return null
  if (NOW_FUNCTIONS[text.toLowerCase()]) return `now:${NOW_FUNCTIONS[text.toLowerCase()]}`
  const fraction = /^current_timestamp\(([1-6])\)$/i.exec(text)
  if (fraction) return `now:CURRENT_TIMESTAMP(${fraction[1]})`
  if (mysqlExtra !== undefined) {
    const unescape = (t) => t.replace(/\\(.)/gs, (m, ch) => ({ n: '\n', t: '\t', r: '\r', 0: '\0', Z: '\x1a', b: '\b' })[ch] ?? ch)
    if (!/default_generated/i.test(mysqlExtra)) {
      return c.type === 'BOOLEAN' ? `bool:${text !== '0'}` : NUMERIC.includes(c.type) ? `num:${Number(text)}` : literalToken(c, text)
    }
    // A string expression, escaped twice (`_utf8mb4\'O\\\'Brien\'`); its UTF-8 bytes come
    // back one character each.
    const introduced = /^_utf8mb4'(.*)'$/s.exec(unescape(text))
    if (introduced) {
      const body = unescape(introduced[1])
      const utf8 = /^[\0-\xff]*$/.test(body) ? Buffer.from(body, 'latin1').toString('utf8') : body
      return literalToken(c, utf8.includes('\ufffd') ? body : utf8)
    }
  }
  if (/^'.*'$/s.test(text)) return literalToken(c, unquote(text))
  // A string default with a backslash on TEXT/BLOB/JSON, written as hex (the same text whatever
  // NO_BACKSLASH_ESCAPES): MariaDB prints the expression back as it is.
  const hex = /^convert\((?:x'([0-9a-f]*)'|0x([0-9a-f]*)) using utf8mb4\)$/i.exec(text)
  if (hex) return literalToken(c, Buffer.from(hex[1] ?? hex[2], 'hex').toString('utf8'))
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return c.type === 'BOOLEAN' ? `bool:${text !== '0'}` : `num:${Number(text)}`
  return `expr:${text}`
}

function expectedDefault(c, deparsed, mysqlExtra) {
  if (c.autoIncrement) return null
  return expectedDefaultToken(c, {
    literal: literalToken,
    // A DATETIME(p)'s CURRENT_TIMESTAMP is written CURRENT_TIMESTAMP(p), as MySQL requires.
    now: (value) => `now:${value}${value === 'CURRENT_TIMESTAMP' && ['TIMESTAMP', 'DATETIME'].includes(c.type) && c.precision ? `(${c.precision})` : ''}`,
    expression: () => canonDefault(c, deparsed, mysqlExtra),
  })
}

const normaliseExtra = (extra) => extra.toLowerCase().replace('default_generated', '').replace(/current_timestamp\(\)/g, 'current_timestamp').trim()

/** The schema of `database` as information_schema describes it. */
export async function readMysqlSchema(conn, database, specTables) {
  const q = async (sql) => (await conn.query(sql, [database]))[0]
  const isMariaDb = /mariadb/i.test((await conn.query('SELECT VERSION() AS v'))[0][0].v)
  const tables = (await q('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME')).map((r) => r.t)
  const columns = await q('SELECT TABLE_NAME AS t, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def, EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION')
  const stats = await q('SELECT TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS col, SUB_PART AS sub, INDEX_TYPE AS method FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX')
  // MariaDB's CHECK_CONSTRAINTS has TABLE_NAME (its CHECK names are per table); MySQL's has not
  // (its names are per schema), so there the table comes from TABLE_CONSTRAINTS.
  const checks = await q('SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?').catch((e) => {
    if (e.code !== 'ER_BAD_FIELD_ERROR') throw e
    return q(`SELECT tc.TABLE_NAME AS t, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS cc
      JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK'
      WHERE cc.CONSTRAINT_SCHEMA = ?`)
  })
  const fks = await q(
    `SELECT r.TABLE_NAME AS t, r.CONSTRAINT_NAME AS name, r.UPDATE_RULE AS upd, r.DELETE_RULE AS del, r.REFERENCED_TABLE_NAME AS ref,
            k.COLUMN_NAME AS col, k.REFERENCED_COLUMN_NAME AS refcol
     FROM information_schema.REFERENTIAL_CONSTRAINTS r
     JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.TABLE_NAME = r.TABLE_NAME AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME
     WHERE r.CONSTRAINT_SCHEMA = ? ORDER BY r.TABLE_NAME, r.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  )
  const out = {}
  for (const t of tables) {
    const spec = specTables?.find((x) => x.name === t)
    // MariaDB's JSON: LONGTEXT plus a column-level CHECK (json_valid(`col`)) named after the column.
    const jsonChecks = new Set(checks.filter((k) => k.t === t && k.clause === `json_valid(\`${k.name}\`)`).map((k) => k.name))
    const groups = new Map()
    for (const s of stats.filter((s) => s.t === t)) {
      if (!groups.has(s.name)) groups.set(s.name, { name: s.name, unique: Number(s.nonUnique) === 0, method: s.method, cols: [] })
      groups.get(s.name).cols.push(s.sub ? `${s.col}(${s.sub})` : s.col)
    }
    const idx = [...groups.values()]
    const pk = idx.find((i) => i.name === 'PRIMARY')
    const fkGroups = new Map()
    for (const f of fks.filter((f) => f.t === t)) {
      if (!fkGroups.has(f.name)) fkGroups.set(f.name, { ...f, cols: [], refcols: [] })
      fkGroups.get(f.name).cols.push(f.col)
      fkGroups.get(f.name).refcols.push(f.refcol)
    }
    out[t] = {
      columns: columns
        .filter((c) => c.t === t)
        .map((c) => {
          let type = c.type.toLowerCase().replace(/^(tinyint|smallint|mediumint|int|bigint)\((\d+)\)/, (m, base, w) => (base === 'tinyint' && w === '1' ? m : base))
          if (type === 'longtext' && jsonChecks.has(c.name)) type = 'json'
          const sc = spec && col(spec, c.name)
          return { name: c.name, type, notNull: c.nullable === 'NO', default: sc ? canonDefault(sc, c.def, isMariaDb ? undefined : c.extra) : c.def, extra: normaliseExtra(c.extra) }
        }),
      primaryKey: pk ? `PRIMARY ${pk.method} (${pk.cols.join(', ')})` : null,
      uniques: idx.filter((i) => i.unique && i.name !== 'PRIMARY').map((i) => `${i.name} ${i.method} (${i.cols.join(', ')})`).sort(),
      foreignKeys: [...fkGroups.values()].map((f) => `${f.name} (${f.cols.join(', ')}) REFERENCES ${f.ref}(${f.refcols.join(', ')}) ON DELETE ${f.del} ON UPDATE ${f.upd}`).sort(),
      // By name, not in the order MariaDB lists them: a CHECK a down migration adds back with a
      // column comes after those the table kept (README, "Down migrations").
      checks: checks.filter((k) => k.t === t && !jsonChecks.has(k.name)).map((k) => `${k.name} ${k.clause}`).sort(),
      indexes: idx.filter((i) => !i.unique).map((i) => `${i.name} ${i.method} (${i.cols.join(', ')})`).sort(),
    }
  }
  return out
}

const bq = (n) => `\`${n}\``

/**
 * The schema the spec asks for on this server. CHECK clauses and `{ expression }` defaults are
 * written the way the server prints them: applied, from the spec's text, to scratch tables of
 * the mapped column types in a database of their own, and read back.
 */
export async function expectedMysqlSchema(conn, admin, scratch, spec, isMariaDb) {
  const tables = effectiveTables(spec)
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}; CREATE DATABASE ${scratch} CHARACTER SET utf8mb4`)
  try {
    for (const t of tables) {
      const cols = t.columns.map((c) => {
        const d = defaultKind(c)
        return `${bq(c.name)} ${mysqlType(t, c)}${d?.kind === 'expression' ? ` DEFAULT (${d.value})` : ''}`
      })
      const checks = t.checkConstraints.map((k) => `CONSTRAINT ${bq(k.name)} CHECK (${k.expression})`)
      await admin.query(`CREATE TABLE ${scratch}.${bq(t.name)} (${[...cols, ...checks].join(', ')})`)
    }
    const deparsed = await readMysqlSchema(admin, scratch, tables)
    const defaultRule = isMariaDb ? 'RESTRICT' : 'NO ACTION'
    const out = {}
    for (const t of tables) {
      const scratchTable = deparsed[t.name]
      const rawDefaults = new Map((await admin.query('SELECT COLUMN_NAME AS n, COLUMN_DEFAULT AS d, EXTRA AS e FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [scratch, t.name]))[0].map((r) => [r.n, r]))
      const singlePk = t.primaryKey.length === 1 ? t.primaryKey[0] : null
      const keyPrefix = () => (t.primaryKey.length ? [t.primaryKey] : []).concat(t.columns.filter((c) => c.unique).map((c) => [c.name]), t.uniqueConstraints.map((u) => u.columns), t.indexes.map((i) => i.columns))
      const indexes = t.indexes.filter((i) => !i.unique).map((i) => `${i.name} BTREE (${i.columns.join(', ')})`)
      // InnoDB gives a foreign key without a usable index (its columns leading an index) one of its own.
      const indexed = keyPrefix()
      for (const f of t.foreignKeys) {
        if (!indexed.some((cols) => f.columns.every((c, i) => cols[i] === c))) {
          indexes.push(`${fkName(t, f)} BTREE (${f.columns.join(', ')})`)
          indexed.push(f.columns)
        }
      }
      out[t.name] = {
        columns: t.columns.map((c) => ({
          name: c.name,
          type: mysqlType(t, c),
          notNull: !c.nullable,
          default: expectedDefault(c, rawDefaults.get(c.name)?.d, isMariaDb ? undefined : rawDefaults.get(c.name)?.e),
          extra: c.autoIncrement ? 'auto_increment' : c.autoTimestamp && c.name === 'updated_at' ? 'on update current_timestamp' : '',
        })),
        primaryKey: t.primaryKey.length ? `PRIMARY BTREE (${t.primaryKey.join(', ')})` : null,
        uniques: [
          // B-trees: a key MariaDB cannot hold as one (over 3072 bytes) would come back as HASH.
          ...t.columns.filter((c) => c.unique && c.name !== singlePk).map((c) => `${c.name} BTREE (${c.name})`),
          ...t.uniqueConstraints.map((u) => `${u.name} BTREE (${u.columns.join(', ')})`),
          ...t.indexes.filter((i) => i.unique).map((i) => `${i.name} BTREE (${i.columns.join(', ')})`),
        ].sort(),
        foreignKeys: t.foreignKeys
          .map((f) => `${fkName(t, f)} (${f.columns.join(', ')}) REFERENCES ${f.referencedTable}(${f.referencedColumns.join(', ')}) ON DELETE ${f.onDelete ?? defaultRule} ON UPDATE ${f.onUpdate ?? defaultRule}`)
          .sort(),
        checks: scratchTable.checks,
        indexes: indexes.sort(),
      }
    }
    return out
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`)
  }
}

export function mysqlAdapter({ conn, database, version, scratchDatabase, admin }) {
  const isMariaDb = /mariadb/i.test(version)
  const dml = dmlBuilder('mysql')
  // A SELECT of dml.mjs names its columns c0, c1, …: they get their names back here (as own
  // properties, so a column called __proto__ is just a column).
  const run = async (stmt) => {
    const [res] = await conn.query(stmt.sql, stmt.params)
    if (!Array.isArray(res)) return { rows: [], affected: res.affectedRows, insertId: res.insertId }
    const rows = stmt.names ? res.map((r) => Object.fromEntries(stmt.names.map((n, i) => [n, r[`c${i}`]]))) : res
    return { rows, affected: rows.length }
  }
  return {
    dialect: 'mysql',
    label: `${isMariaDb ? 'MariaDB' : 'MySQL'} ${version.replace(/-MariaDB.*$/i, '')} server`,
    isMariaDb,
    async exec(script) {
      await conn.query(script)
    },
    async reset() {
      await admin.query(`DROP DATABASE IF EXISTS ${database}; CREATE DATABASE ${database} CHARACTER SET utf8mb4`)
      await conn.query(`USE ${database}`)
    },
    readSchema: (spec) => readMysqlSchema(conn, database, effectiveTables(spec)),
    expectedSchema: (spec) => expectedMysqlSchema(conn, admin, scratchDatabase, spec, isMariaDb),
    async leftovers() {
      const [rows] = await conn.query('SELECT TABLE_TYPE AS k, TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [database])
      return rows.map((r) => `${r.k.toLowerCase()} ${r.t}`)
    },
    async keywords() {
      const [rows] = await conn.query('SELECT WORD AS w FROM information_schema.KEYWORDS')
      return rows.map((r) => r.w.toLowerCase())
    },
    /** Parses each statement of a script on the server (PREPARE, never run); the error message, or null. */
    async tryScript(script) {
      for (const statement of script.split(/;\s*(?:\n|$)/).filter((x) => x.trim())) {
        try {
          await conn.query(`PREPARE mg_probe FROM ${conn.escape(statement)}`)
          await conn.query('DEALLOCATE PREPARE mg_probe')
        } catch (e) {
          return e.message
        }
      }
      return null
    },
    async insertReturning(table, values) {
      const res = await run(dml.insert(table, values))
      const auto = table.columns.find((c) => c.autoIncrement)
      const key = Object.fromEntries(table.primaryKey.map((k) => [k, auto && k === auto.name ? res.insertId : values[k]]))
      return (await run(dml.select(table, key))).rows[0]
    },
    run,
    dml,
    classify(e) {
      const m = (re) => re.exec(e?.sqlMessage ?? e?.message ?? '')?.[1] ?? null
      switch (e?.errno) {
        case 1048: return { kind: 'not_null', name: m(/Column '(.+?)' cannot be null/) }
        case 1062: return { kind: 'unique', name: m(/for key '(?:[^.']+\.)?(.+?)'$/) }
        case 3819: return { kind: 'check', name: m(/Check constraint '(.+?)' is violated/) }
        case 4025: return { kind: 'check', name: m(/CONSTRAINT `(.+?)` failed/) }
        case 1451: case 1452: return { kind: 'foreign_key', name: m(/CONSTRAINT `(.+?)` FOREIGN KEY/) }
        case 1406: return { kind: 'too_long', name: m(/Data too long for column '(.+?)'/) }
        default: return null
      }
    },
    culprit(kind, table, detail) {
      if (kind === 'unique') {
        if (detail.kind === 'pk') return 'PRIMARY'
        if (detail.kind === 'column') return detail.columns[0]
        return detail.name
      }
      return detail
    },
  }
}
