// Every keyword as every kind of name, on every engine: node __test__/engines/keyword-sweep.mjs
//
// The words: the keyword list of the sqlparser Cargo.lock names (read from its source in the cargo registry), the
// generator's reserved words of each dialect (src/dialect/*.rs), and the key words the engines
// themselves list (pg_get_keywords(), MariaDB's information_schema.KEYWORDS). Each word is put
// in each place a name stands (POSITIONS: a table, a plain column, a key, a UNIQUE, a foreign key
// on either side, a CHECK, a partial index's WHERE, an index, an index's or a constraint's name)
// for each dialect, and the generator's answer is compared with the engine's:
//   - the engine's answer comes from the same spec with a placeholder name, generated and then
//     the placeholder replaced by the word (what the generator writes for it, unquoted): run up,
//     then down, which must leave nothing behind;
//   - when the generator accepts the word, its own up and down run instead (and must succeed);
//   - a refusal by name (RESERVED_KEYWORD, INVALID_*_NAME) of a word the engine takes is
//     "over-strict"; any other refusal (GENERATED_SQL_REJECTED, INVALID_CHECK_EXPRESSION,
//     INTERNAL_ERROR, …) of a word the engine takes is a false rejection, a bug; a word the
//     generator accepts and the engine refuses is an engine failure, a bug.
// Engines: SQLite (python3's sqlite3, as Node 20 has none; the generator's own self-check also
// runs every accepted SQLite migration on its bundled SQLite), the PostgreSQL 15 server and
// PGlite (each case in a transaction that is rolled back), the MariaDB server (each case run and
// dropped). Options (environment): DIALECTS=sqlite,postgresql,mysql, ENGINES=sqlite,pg,pglite,
// mariadb, WORDS=a,b (only these), POSITIONS=table,column,…, OUT=path (the findings as JSON),
// WORDS_OUT=path (the word list as JSON), ADDON=path (another build's index.js).
// For speed, the column places a word is accepted in run as one spec per word and engine (their
// tables apart), one by one only when that fails; a refused case is first PREPAREd on MariaDB
// (parsed, not run) and run only when that parses. The servers are reached as connect.mjs says
// (PG_URL, MYSQL_URL, else the local sockets).
// Exit status 1 when a bug (false rejection or engine failure) is found.
import { createRequire } from 'node:module'
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { homedir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPglite, pgScratchDatabase, mysqlScratchDatabase, withMysqlServer } from './connect.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require(process.env.ADDON ?? '../../index.js')
const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')
const list = (v, all) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : all)
const DIALECTS = list(process.env.DIALECTS, ['sqlite', 'postgresql', 'mysql'])
const ENGINES = list(process.env.ENGINES, ['sqlite', 'pg', 'pglite', 'mariadb'])
const PLACEHOLDER = 'kwzq'
const NAME_CODES = /^(RESERVED_KEYWORD|INVALID_[A-Z_]*NAME)$/

// ---- the words ----

/** The ALL_KEYWORDS of the sqlparser the build uses (Cargo.lock's), from the `define_keywords!` list of its source. */
function sqlparserKeywords() {
  const lock = readFileSync(new URL('../../Cargo.lock', import.meta.url), 'utf8')
  const crate = `sqlparser-${/\[\[package\]\]\nname = "sqlparser"\nversion = "([^"]+)"/.exec(lock)[1]}`
  const registry = path.join(process.env.CARGO_HOME ?? path.join(homedir(), '.cargo'), 'registry', 'src')
  const file = readdirSync(registry).map((d) => path.join(registry, d, crate, 'src', 'keywords.rs')).find(existsSync)
  if (!file) throw new Error(`${crate} is not in ${registry} (run cargo build first)`)
  const src = readFileSync(file, 'utf8')
  const start = src.indexOf('define_keywords!(')
  const body = src.slice(src.indexOf('(', start) + 1, src.indexOf('\n);', start))
  const words = body.replace(/\/\/.*$/gm, '').split(',').map((s) => s.split('=')[0].trim()).filter(Boolean)
  if (words.length < 900) throw new Error(`only ${words.length} keywords read from ${file}`)
  return words.map((w) => w.toLowerCase())
}

/** The generator's reserved words of `file` (src/dialect/<file>.rs, `const RESERVED`). */
function reservedWords(file) {
  const src = readFileSync(path.join(root, 'src', 'dialect', `${file}.rs`), 'utf8')
  const m = /const RESERVED: &\[&str\] = &\[([\s\S]*?)\];/.exec(src)
  if (!m) throw new Error(`no RESERVED list in src/dialect/${file}.rs`)
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1])
}

// ---- the places a name stands ----

const INT = (name, nullable = true) => ({ name, type: 'INT', nullable })
const ID = INT('id', false)

/**
 * Each position: the tables that put `w` there, and the dialects it applies to. Names other than
 * `w` start with `kwp` (no keyword does).
 */
const POSITIONS = {
  // A table: created, altered (a foreign key to itself, added by ALTER TABLE on PostgreSQL and
  // MySQL), indexed, checked and referenced from another table.
  table: (w, p = 'kwp') => [
    { name: w, columns: [ID, INT(`${p}_parent`)], primaryKey: ['id'], foreignKeys: [{ columns: [`${p}_parent`], referencedTable: w, referencedColumns: ['id'] }], indexes: [{ name: `${p}_parent_idx`, columns: [`${p}_parent`], unique: false }], checkConstraints: [{ name: `${p}_chk`, expression: `${p}_parent > 0` }] },
    { name: `${p}_child`, columns: [ID, INT(`${p}_ref`)], primaryKey: ['id'], foreignKeys: [{ columns: [`${p}_ref`], referencedTable: w, referencedColumns: ['id'], onDelete: 'CASCADE' }] },
  ],
  column: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w)], primaryKey: ['id'] }],
  text_column_default: (w, p = 'kwp') => [{ name: p, columns: [ID, { name: w, type: 'VARCHAR', length: 20, nullable: false, default: 'x' }], primaryKey: ['id'] }],
  primary_key: (w, p = 'kwp') => [{ name: p, columns: [INT(w, false)], primaryKey: [w] }],
  auto_increment_key: (w, p = 'kwp') => [{ name: p, columns: [{ name: w, type: 'INT', nullable: false, autoIncrement: true }] }],
  composite_key: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w, false)], primaryKey: [w, 'id'] }],
  composite_key_last: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w, false)], primaryKey: ['id', w] }],
  unique_column: (w, p = 'kwp') => [{ name: p, columns: [ID, { ...INT(w), unique: true }], primaryKey: ['id'] }],
  unique_constraint: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w)], primaryKey: ['id'], uniqueConstraints: [{ name: `${p}_uq`, columns: [w, 'id'] }] }],
  foreign_key_column: (w, p = 'kwp') => [
    { name: `${p}_parent`, columns: [ID], primaryKey: ['id'] },
    { name: p, columns: [ID, INT(w)], primaryKey: ['id'], foreignKeys: [{ columns: [w], referencedTable: `${p}_parent`, referencedColumns: ['id'], onDelete: 'SET NULL' }] },
  ],
  referenced_column: (w, p = 'kwp') => [
    { name: `${p}_parent`, columns: [ID, { ...INT(w, false), unique: true }], primaryKey: ['id'] },
    { name: p, columns: [ID, INT(`${p}_ref`)], primaryKey: ['id'], foreignKeys: [{ columns: [`${p}_ref`], referencedTable: `${p}_parent`, referencedColumns: [w] }] },
  ],
  composite_foreign_key: (w, p = 'kwp') => [
    { name: `${p}_parent`, columns: [ID, INT(w, false)], primaryKey: [w, 'id'] },
    { name: p, columns: [ID, INT(w), INT(`${p}_ref`)], primaryKey: ['id'], foreignKeys: [{ columns: [w, `${p}_ref`], referencedTable: `${p}_parent`, referencedColumns: [w, 'id'] }] },
  ],
  check_compare: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w)], primaryKey: ['id'], checkConstraints: [{ name: `${p}_chk`, expression: `${w} > 0` }] }],
  check_text: (w, p = 'kwp') => [{ name: p, columns: [ID, { name: w, type: 'VARCHAR', length: 20, nullable: true }], primaryKey: ['id'], checkConstraints: [{ name: `${p}_chk`, expression: `${w} <> ''` }] }],
  // The word before and after each kind of operator, alone in parentheses, as an argument.
  check_various: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w)], primaryKey: ['id'], checkConstraints: [{ name: `${p}_chk`, expression: `${w} IS NULL OR ${w} IN (1, 2) OR ${w} NOT IN (3) OR ${w} BETWEEN 5 AND 9 OR (${w}) = 3 OR abs(${w}) = 4 OR -${w} = 10 OR id + ${w} = 11 OR 12 = ${w} OR 13 < ${w} AND ${w} <= 14 OR NOT ${w} <> 15 OR ${w} * 2 = id - ${w} OR coalesce(${w}, id) = 16 OR CASE WHEN ${w} > 0 THEN ${w} ELSE 0 END = 17 OR ${w} - 1 = 0 OR ${w} + 1 = 0 OR ${w} / 2 = 1 OR ${w} % 3 = 1 OR ${w} IS NOT NULL AND id = 0` }] }],
  check_text_various: (w, p = 'kwp') => [{ name: p, columns: [ID, { name: w, type: 'VARCHAR', length: 20, nullable: true }], primaryKey: ['id'], checkConstraints: [{ name: `${p}_chk`, expression: `${w} LIKE 'a%' OR ${w} NOT LIKE 'b%' OR lower(${w}) = ${w} OR '' < ${w} OR ${w} IN ('x', 'y') OR ${w} = upper(${w})` }] }],
  partial_index_where: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w)], primaryKey: ['id'], indexes: [{ name: `${p}_idx`, columns: ['id'], unique: false, where: `${w} IS NOT NULL` }] }],
  partial_index_compare: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w)], primaryKey: ['id'], indexes: [{ name: `${p}_idx`, columns: ['id'], unique: true, where: `${w} > 0 OR 0 = ${w} OR ${w} - 1 > 0` }] }],
  index_column: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w)], primaryKey: ['id'], indexes: [{ name: `${p}_idx`, columns: [w], unique: false }] }],
  composite_index: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(w)], primaryKey: ['id'], indexes: [{ name: `${p}_idx`, columns: [w, 'id'], unique: true }] }],
  index_name: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(`${p}_c`)], primaryKey: ['id'], indexes: [{ name: w, columns: [`${p}_c`], unique: false }] }],
  check_name: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(`${p}_c`)], primaryKey: ['id'], checkConstraints: [{ name: w, expression: `${p}_c > 0` }] }],
  unique_name: (w, p = 'kwp') => [{ name: p, columns: [ID, INT(`${p}_c`)], primaryKey: ['id'], uniqueConstraints: [{ name: w, columns: [`${p}_c`] }] }],
}
const PARTIAL = new Set(['partial_index_where', 'partial_index_compare'])
const positionsFor = (dialect) => list(process.env.POSITIONS, Object.keys(POSITIONS)).filter((p) => dialect !== 'mysql' || !PARTIAL.has(p))

const spec = (dialect, tables) => ({ description: 'keyword sweep', databaseType: dialect, timestamps: false, now: '2026-02-09T12:00:00Z', tables })

/** `text` with every whole-word placeholder (alone or inside a generated name) made `word`. */
const substitute = (text, word) => text.replaceAll(PLACEHOLDER, word)

// ---- the engines ----

/** Splits a script into its statements (no string here holds `;` and a line break). */
const statements = (script) => script.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?)*$/.test(s + '\n'))

async function sqliteEngine() {
  const child = spawn('python3', [path.join(here, 'sqlite-runner.py')], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const { version } = JSON.parse((await lines.next()).value)
  return {
    label: `SQLite ${version} (python3)`,
    dialect: 'sqlite',
    async run(up, down) {
      child.stdin.write(JSON.stringify({ up, down }) + '\n')
      return JSON.parse((await lines.next()).value).error
    },
    close: async () => child.stdin.end(),
  }
}

/** A PostgreSQL engine from `exec(script)`: each case in a transaction that is rolled back. */
function pgCases(label, exec, query) {
  return {
    label,
    dialect: 'postgresql',
    async run(up, down) {
      await exec('BEGIN')
      try {
        for (const [step, script] of [['up', up], ['down', down]]) {
          for (const s of statements(script)) {
            try {
              await exec(s)
            } catch (e) {
              return `${step}: ${e.message} in: ${s.slice(0, 300)}`
            }
          }
        }
        const left = await query("SELECT relkind::text || ' ' || relname AS o FROM pg_class WHERE relnamespace = 'public'::regnamespace")
        return left.length ? `left after down: ${left.map((r) => r.o).join(', ')}` : null
      } finally {
        await exec('ROLLBACK')
      }
    },
  }
}

async function pgServerEngine() {
  const scratch = await pgScratchDatabase('mg_kwsweep')
  if (scratch.skip) throw new Error(scratch.skip)
  const client = await scratch.connect()
  await client.query('SET client_min_messages = warning')
  const version = (await client.query('SHOW server_version')).rows[0].server_version
  const engine = pgCases(`PostgreSQL ${version} server`, (s) => client.query(s), async (s) => (await client.query(s)).rows)
  engine.close = async () => {
    await client.end()
    await scratch.drop()
  }
  return engine
}

async function pgliteEngine() {
  const { engine: adapter, close } = await openPglite()
  const engine = pgCases(adapter.label, (s) => adapter.exec(s), (s) => adapter.run(s).then((r) => r.rows))
  engine.close = close
  return engine
}

async function mariadbEngine() {
  // A database of its own (mg_kwsweep_{pid}_{time}), which a later run drops if this one is
  // killed before it can.
  const scratch = await mysqlScratchDatabase('mg_kwsweep')
  if (scratch.skip) throw new Error(scratch.skip)
  const { dbName: db } = scratch
  const conn = await scratch.connect({ multipleStatements: false })
  await conn.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'")
  const version = (await conn.query('SELECT VERSION() AS v'))[0][0].v.replace(/-MariaDB.*$/i, '')
  const tables = async () => (await conn.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [db]))[0].map((r) => r.t)
  const clean = async () => {
    await conn.query('SET FOREIGN_KEY_CHECKS = 0')
    for (const t of await tables()) await conn.query(`DROP TABLE \`${t.replaceAll('`', '``')}\``)
    await conn.query('SET FOREIGN_KEY_CHECKS = 1')
  }
  return {
    label: `MariaDB ${version} server`,
    dialect: 'mysql',
    async run(up, down) {
      let error = null
      outer: for (const [step, script] of [['up', up], ['down', down]]) {
        for (const s of statements(script)) {
          try {
            await conn.query(s)
          } catch (e) {
            error = `${step}: ${e.message} in: ${s.slice(0, 300)}`
            break outer
          }
        }
      }
      if (!error) {
        const left = await tables()
        if (left.length) error = `left after down: ${left.join(', ')}`
      }
      if (error) await clean()
      return error
    },
    /** The syntax error (1064) of the first statement of `script` the server's parser refuses (PREPARE: parsed, never run), or null. */
    async parseError(script) {
      for (const s of statements(script)) {
        try {
          await conn.query(`PREPARE mg_probe FROM ${conn.escape(s)}`)
          await conn.query('DEALLOCATE PREPARE mg_probe')
        } catch (e) {
          if (e.errno === 1064) return `up (parse): ${e.message} in: ${s.slice(0, 300)}`
        }
      }
      return null
    },
    async close() {
      await conn.end()
      await scratch.drop()
    },
  }
}

// ---- the sweep ----

const t0 = Date.now()
const engines = []
if (ENGINES.includes('sqlite') && DIALECTS.includes('sqlite')) engines.push(await sqliteEngine())
if (ENGINES.includes('pg') && DIALECTS.includes('postgresql')) engines.push(await pgServerEngine())
if (ENGINES.includes('pglite') && DIALECTS.includes('postgresql')) engines.push(await pgliteEngine())
if (ENGINES.includes('mariadb') && DIALECTS.includes('mysql')) engines.push(await mariadbEngine())

let words = [...sqlparserKeywords(), ...reservedWords('sqlite'), ...reservedWords('postgres'), ...reservedWords('mysql')]
// The engines' own key words too, whichever engines run (so that every run sweeps the same words).
{
  const scratch = await pgScratchDatabase('mg_kwwords')
  if (!scratch.skip) {
    words.push(...(await scratch.admin.query('SELECT word FROM pg_get_keywords()')).rows.map((r) => r.word))
    await scratch.drop()
  }
  try {
    words.push(...(await withMysqlServer(async (c) => (await c.query('SELECT WORD AS w FROM information_schema.KEYWORDS'))[0].map((r) => r.w))))
  } catch (e) {
    console.error(`MariaDB's key words left out: ${e.message}`)
  }
}
words = [...new Set(words.map((w) => w.toLowerCase()))].filter((w) => /^[a-z_][a-z0-9_]*$/.test(w)).sort()
// `id` is the positions' own key column: as the word it only makes a duplicate column.
words = words.filter((w) => w !== 'id')
if (process.env.WORDS_OUT) writeFileSync(process.env.WORDS_OUT, JSON.stringify(words))
if (process.env.WORDS) words = list(process.env.WORDS)
console.log(`${words.length} words; engines: ${engines.map((e) => e.label).join(', ') || 'none'}`)

const findings = { falseRejection: [], engineFailure: [], overStrict: [], refusedOtherwise: [], differentSql: [] }
const counts = { cases: 0, engineRuns: {}, valid: 0, refusedByName: 0, refusedOtherwise: 0 }
const codesOf = (r) => r.validation.errors.map((e) => e.code)
const messageOf = (r) => r.validation.errors.map((e) => `${e.code}: ${e.message}`).join(' | ').slice(0, 600)

/** A case's verdict on `engine`: records the finding it makes, if any. */
function judge(engine, c, error) {
  counts.engineRuns[engine.label] = (counts.engineRuns[engine.label] ?? 0) + 1
  const at = { dialect: c.dialect, position: c.position, word: c.word, engine: engine.label }
  if (c.kind === 'valid' && error) findings.engineFailure.push({ ...at, error })
  else if (c.kind === 'name' && !error) findings.overStrict.push({ ...at, generator: messageOf(c.result) })
  else if (c.kind === 'other' && !error) findings.falseRejection.push({ ...at, generator: messageOf(c.result), up: c.sql.up })
  else if (c.kind === 'other') findings.refusedOtherwise.push({ ...at, generator: messageOf(c.result), engineError: error })
}

/** Runs one case on `engine`; a refused case is first only parsed where the engine can (MariaDB's PREPARE). */
async function runCase(engine, c) {
  if (c.kind !== 'valid' && engine.parseError) {
    const error = await engine.parseError(c.sql.up)
    if (error) return judge(engine, c, error)
  }
  judge(engine, c, await engine.run(c.sql.up, c.sql.down))
}

// Positions that use the word only as a column of their own tables: for a word, those the
// generator accepts run on each engine as one spec (their tables prefixed apart), and one by
// one only when that fails. The others, and every refused case, run one by one.
const OWN_NAME = new Set(['table', 'index_name', 'check_name', 'unique_name'])

for (const dialect of DIALECTS) {
  const dialectEngines = engines.filter((e) => e.dialect === dialect)
  const positions = positionsFor(dialect)
  const templates = {}
  for (const position of positions) {
    const template = generateMigration(spec(dialect, POSITIONS[position](PLACEHOLDER)))
    if (!template.validation.valid) throw new Error(`${dialect} ${position}: the placeholder spec is refused: ${messageOf(template)}`)
    templates[position] = template
  }
  let done = 0
  for (const word of words) {
    const cases = positions.map((position) => {
      counts.cases++
      const result = generateMigration(spec(dialect, POSITIONS[position](word)))
      const codes = result.validation.valid ? [] : codesOf(result)
      const kind = result.validation.valid ? 'valid' : codes.some((c) => NAME_CODES.test(c)) ? 'name' : 'other'
      if (kind === 'valid') counts.valid++
      else if (kind === 'name') counts.refusedByName++
      else counts.refusedOtherwise++
      const up = substitute(templates[position].upMigration, word)
      const down = substitute(templates[position].downMigration, word)
      if (kind === 'valid' && (result.upMigration !== up || result.downMigration !== down)) findings.differentSql.push({ dialect, position, word })
      const sql = kind === 'valid' ? { up: result.upMigration, down: result.downMigration } : { up, down }
      return { dialect, position, word, kind, result, sql }
    })
    const together = cases.filter((c) => c.kind === 'valid' && !OWN_NAME.has(c.position))
    const combined = generateMigration(spec(dialect, together.flatMap((c, i) => POSITIONS[c.position](word, `kwp${i}`))))
    await Promise.all(
      dialectEngines.map(async (engine) => {
        let alone = cases.filter((c) => !together.includes(c))
        if (together.length) {
          const error = combined.validation.valid ? await engine.run(combined.upMigration, combined.downMigration) : 'the combined spec is refused'
          if (error) alone = cases
          else for (const c of together) judge(engine, c, null)
        }
        for (const c of alone) await runCase(engine, c)
      }),
    )
    if (++done % 100 === 0) console.log(`${dialect}: ${done} words, ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  }
}
for (const e of engines) await e.close()

/** Findings grouped by word and dialect, positions and engines listed. */
function grouped(items, extra = () => '') {
  const by = new Map()
  for (const f of items) {
    const key = `${f.dialect} ${f.word}`
    if (!by.has(key)) by.set(key, { positions: new Set(), engines: new Set(), sample: f })
    by.get(key).positions.add(f.position)
    by.get(key).engines.add(f.engine)
  }
  return [...by].map(([k, v]) => `  ${k}: ${[...v.positions].join(',')} [${[...v.engines].join('; ')}]${extra(v.sample)}`)
}
console.log(`\n${counts.cases} (word, position, dialect) cases in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${counts.valid} accepted, ${counts.refusedByName} refused by name, ${counts.refusedOtherwise} refused otherwise`)
console.log('engine runs:', counts.engineRuns)
console.log(`\nFALSE REJECTIONS (the generator refuses, not by name, what the engine takes): ${findings.falseRejection.length}`)
console.log(grouped(findings.falseRejection, (s) => `\n      ${s.generator}`).join('\n'))
console.log(`\nENGINE FAILURES (the generator accepts, the engine refuses): ${findings.engineFailure.length}`)
console.log(grouped(findings.engineFailure, (s) => `\n      ${s.error}`).join('\n'))
console.log(`\nOVER-STRICT (refused by name, the engine takes it there): ${findings.overStrict.length}`)
console.log(grouped(findings.overStrict).join('\n'))
console.log(`\nREFUSED OTHERWISE where the engine refuses too: ${findings.refusedOtherwise.length}`)
console.log(grouped(findings.refusedOtherwise, (s) => `\n      ${s.generator}\n      engine: ${s.engineError}`).join('\n'))
console.log(`\nACCEPTED with SQL other than the placeholder's: ${findings.differentSql.length}`)
console.log(findings.differentSql.slice(0, 20).map((f) => `  ${f.dialect} ${f.position} ${f.word}`).join('\n'))
if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify({ counts, findings }, null, 1))
process.exitCode = findings.falseRejection.length || findings.engineFailure.length ? 1 : 0
