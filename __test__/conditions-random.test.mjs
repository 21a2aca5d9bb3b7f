// A randomized oracle for the PostgreSQL condition checks (src/condition.rs, FOREIGN_FUNCTIONS in
// src/expr/foreign_syntax.rs and the rest of expression validation): random expressions over a
// table with a column of every spec type, each as a CHECK and as a partial index's WHERE. The
// PostgreSQL server is the oracle:
//   - a condition the generator refuses with INVALID_CHECK_EXPRESSION must be one PostgreSQL
//     refuses too (the raw CREATE TABLE / CREATE INDEX, run in BEGIN … ROLLBACK); one it takes is
//     a false positive, and fails the test;
//   - a condition the generator takes should give an upMigration PostgreSQL runs; one it does not
//     is a false negative, reported (not a failure: catching everything is not the goal).
// The generator's verdicts come first; then every refused case runs on PostgreSQL, then the taken
// ones while MG_COND_BUDGET_MS lasts (12 s by default, so that the test stays under 20 s on a
// loaded machine; how many were not run is reported). MG_COND_VERBOSE=1 lists every false
// negative (by default the first 15). Seeded: MG_COND_SEED (default below), MG_COND_COUNT
// expressions (default 2500, duplicates dropped), MG_COND_WORKERS connections; the seed is
// printed with every report. The server as the other engine tests reach it (PG_URL, or the local
// socket): skipped with one loud line when unreachable, a failure under CI=true.
// Found by it and fixed: `age IN ('1.5', 2.5)` and `'1.5' IN (1.5, 1)` (IN reads its constants
// in one common type), `99999999999999999999 = '1.5'` (digits past bigint are numeric),
// `lower(int4range(1, 5)) > 0` (a range's bounds), `double_col = '0x10'` (float8in reads hex),
// `age(ts, ts)` and `uuid(text)` in an index's WHERE (IMMUTABLE on PostgreSQL). Integer text
// as PostgreSQL 16+ reads it ('0x1F', '1_000': PGlite takes them) is taken too, which on
// PostgreSQL 15 shows as false negatives.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { pgScratchDatabase, pgError } from './engines/connect.mjs'
import { prng } from './engines/random-spec.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const SEED = Number(process.env.MG_COND_SEED ?? 20261202) >>> 0
const COUNT = Number(process.env.MG_COND_COUNT ?? 2500)
/** Connections run in parallel, each on its own table (names are per worker). */
const WORKERS = Number(process.env.MG_COND_WORKERS ?? 8)
/** After this long, the conditions the generator took are no longer run (the ones it refused always are). */
const BUDGET_MS = Number(process.env.MG_COND_BUDGET_MS ?? 12000)

// The spec's columns, the kind of value each holds, and PostgreSQL's type for it (as the
// generator maps it).
const COLUMNS = [
  { name: 'n_int', type: 'INTEGER', kind: 'int', pg: 'INTEGER' },
  { name: 'n_big', type: 'BIGINT', kind: 'int', pg: 'BIGINT' },
  { name: 'n_tiny', type: 'TINYINT', kind: 'int', pg: 'SMALLINT' },
  { name: 'n_real', type: 'REAL', kind: 'num', pg: 'DOUBLE PRECISION' },
  { name: 'n_num', type: 'NUMERIC', kind: 'num', pg: 'NUMERIC(10,2)', precision: 10, scale: 2 },
  { name: 'n_dec', type: 'DECIMAL', kind: 'num', pg: 'DECIMAL(10,2)', precision: 10, scale: 2 },
  { name: 's_text', type: 'TEXT', kind: 'text', pg: 'TEXT' },
  { name: 's_var', type: 'VARCHAR', kind: 'text', pg: 'VARCHAR(40)', length: 40 },
  { name: 's_char', type: 'CHAR', kind: 'text', pg: 'CHAR(10)', length: 10 },
  { name: 'flag', type: 'BOOLEAN', kind: 'bool', pg: 'BOOLEAN' },
  { name: 'born', type: 'DATE', kind: 'date', pg: 'DATE' },
  { name: 'seen_at', type: 'TIMESTAMP', kind: 'ts', pg: 'TIMESTAMP' },
  { name: 'uid', type: 'UUID', kind: 'uuid', pg: 'UUID' },
  { name: 'doc', type: 'JSON', kind: 'json', pg: 'JSON' },
  { name: 'docb', type: 'JSONB', kind: 'json', pg: 'JSONB' },
]
const KINDS = ['bool', 'int', 'num', 'text', 'date', 'ts', 'uuid', 'json']
const STRINGS = [
  '1', '0', '-3', '1.5', '.5', '1e3', 'NaN', ' 5 ', 't', 'f', 'yes', 'no', 'on', 'off', 'true', 'abc', '',
  '2020-01-01', '2020-01-01 10:00:00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{}', '{"a": 1}', '[1]', 'x%',
  '0x10', '0b101', '1_000', 'Infinity', '-inf', '+7', '99999999999', '1,5',
]
const CASTS = ['int', 'integer', 'bigint', 'smallint', 'numeric', 'real', 'text', 'varchar', 'boolean', 'date', 'timestamp', 'uuid', 'jsonb']
const COMPARE = ['=', '<>', '!=', '<', '>', '<=', '>=']

/** Random expressions, mostly of the kind asked for, sometimes (`stray`) of any kind. */
function expressionMaker(random) {
  const pick = (list) => list[Math.floor(random() * list.length)]
  const chance = (p) => random() < p
  const stray = 0.2
  const string = () => `'${pick(STRINGS).replaceAll("'", "''")}'`
  const columnOf = (kind) => {
    const cols = COLUMNS.filter((c) => c.kind === kind)
    return cols.length ? pick(cols).name : null
  }
  const paren = (s) => (chance(0.3) ? `(${s})` : s)

  function gen(kind, depth) {
    if (chance(stray)) kind = pick(KINDS)
    if (chance(0.08)) return string()
    const leaf = depth <= 0 || chance(0.3)
    switch (kind) {
      case 'bool':
        return leaf ? pick([() => columnOf('bool'), () => pick(['true', 'false', 'TRUE']), string])() : boolExpr(depth - 1)
      case 'int':
        if (leaf) return pick([() => columnOf('int'), () => pick(['0', '1', '5', '-2', '42', '100', '3000000000', '99999999999999999999'])])()
        return pick([
          () => `${gen('int', depth - 1)} ${pick(['+', '-', '*', '/', '%'])} ${gen('int', depth - 1)}`,
          () => `length(${gen('text', depth - 1)})`,
          () => `abs(${gen('int', depth - 1)})`,
          () => `${gen(pick(KINDS), depth - 1)}::${pick(['int', 'integer', 'bigint'])}`,
          () => `CAST(${gen(pick(KINDS), depth - 1)} AS ${pick(['INTEGER', 'INT', 'BIGINT'])})`,
          () => `coalesce(${gen('int', depth - 1)}, ${gen('int', depth - 1)})`,
          () => `nullif(${gen('int', depth - 1)}, ${gen('int', depth - 1)})`,
          () => `greatest(${gen('int', depth - 1)}, ${gen('int', depth - 1)})`,
          () => `char_length(${gen('text', depth - 1)})`,
          () => `${pick(['lower', 'upper'])}(${pick(["int4range(1, 5)", "'[1,5)'::int4range", "numrange(0.5, 2)"])})`,
          () => `position(${string()} IN ${gen('text', depth - 1)})`,
          () => `-${gen('int', depth - 1)}`,
        ])()
      case 'num':
        if (leaf) return pick([() => columnOf('num'), () => pick(['1.5', '0.0', '-2.25', '3', '1e3'])])()
        return pick([
          () => `${gen(pick(['num', 'int']), depth - 1)} ${pick(['+', '-', '*', '/'])} ${gen('num', depth - 1)}`,
          () => `abs(${gen('num', depth - 1)})`,
          () => `round(${gen('num', depth - 1)})`,
          () => `${gen(pick(KINDS), depth - 1)}::${pick(['numeric', 'real', 'float8'])}`,
          () => `CAST(${gen(pick(KINDS), depth - 1)} AS ${pick(['NUMERIC', 'DECIMAL(8,2)', 'REAL'])})`,
          () => `greatest(${gen('num', depth - 1)}, ${gen(pick(['num', 'int']), depth - 1)})`,
          () => `coalesce(${gen('num', depth - 1)}, ${gen(pick(['num', 'int']), depth - 1)})`,
        ])()
      case 'text':
        if (leaf) return pick([() => columnOf('text'), string])()
        return pick([
          () => `lower(${gen('text', depth - 1)})`,
          () => `upper(${gen('text', depth - 1)})`,
          () => `${gen(pick(KINDS), depth - 1)} || ${gen(pick(KINDS), depth - 1)}`,
          () => `${gen(pick(KINDS), depth - 1)}::${pick(['text', 'varchar'])}`,
          () => `CAST(${gen(pick(KINDS), depth - 1)} AS ${pick(['TEXT', 'VARCHAR(20)'])})`,
          () => `coalesce(${gen('text', depth - 1)}, ${string()})`,
          () => `nullif(${gen('text', depth - 1)}, ${string()})`,
          () => `trim(${gen('text', depth - 1)})`,
          () => `substr(${gen('text', depth - 1)}, 1, 3)`,
        ])()
      case 'date':
        if (leaf) return pick([() => columnOf('date'), () => "'2020-01-01'::date", () => "DATE '2021-06-30'"])()
        return pick([() => `${gen('date', depth - 1)} + ${gen('int', depth - 1)}`, () => `${gen(pick(KINDS), depth - 1)}::date`])()
      case 'ts':
        if (leaf) return pick([() => columnOf('ts'), () => "'2020-01-01 10:00'::timestamp"])()
        return pick([
          () => `${gen('ts', depth - 1)} + interval '1 day'`,
          () => `${gen(pick(['date', 'text']), depth - 1)}::timestamp`,
          () => `date_trunc('day', ${gen('ts', depth - 1)})`,
        ])()
      case 'uuid':
        return pick([() => columnOf('uuid'), () => "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", () => `uuid(${gen('text', depth - 1)})`])()
      case 'json':
        if (leaf) return columnOf('json')
        return pick([() => `${columnOf('json')} -> 'a'`, () => `${columnOf('json')} ->> 'a'`, () => "'{}'::jsonb"])()
    }
    throw new Error(kind)
  }

  function boolExpr(depth) {
    const k = pick(KINDS)
    return pick([
      () => `${paren(gen(k, depth))} ${pick(COMPARE)} ${paren(gen(chance(0.7) ? k : pick(KINDS), depth))}`,
      () => `${paren(gen(k, depth))} ${pick(COMPARE)} ${string()}`,
      () => `${gen('bool', depth)} ${pick(['AND', 'OR'])} ${gen('bool', depth)}`,
      () => `(${gen('bool', depth)} ${pick(['AND', 'OR'])} ${gen('bool', depth)})`,
      () => `NOT ${paren(gen('bool', depth))}`,
      () => `${paren(gen(k, depth))} IS ${pick(['', 'NOT '])}NULL`,
      () => `${paren(gen('bool', depth))} IS ${pick(['', 'NOT '])}${pick(['TRUE', 'FALSE'])}`,
      () => `${paren(gen(k, depth))} ${pick(['', 'NOT '])}IN (${[1, 2, 3].slice(0, 1 + Math.floor(random() * 3)).map(() => (chance(0.3) ? string() : gen(chance(0.7) ? k : pick(KINDS), 0))).join(', ')})`,
      () => `${paren(gen(k, depth))} ${pick(['', 'NOT '])}BETWEEN ${gen(chance(0.7) ? k : pick(KINDS), 0)} AND ${chance(0.3) ? string() : gen(k, 0)}`,
      () => `${paren(gen(chance(0.7) ? 'text' : k, depth))} ${pick(['LIKE', 'NOT LIKE', 'ILIKE'])} ${pick(["'a%'", "'%x%'", string()])}`,
      () => `coalesce(${gen('bool', depth)}, ${gen('bool', depth)})`,
      () => `${gen(pick(KINDS), depth)}::boolean`,
      () => `age(${gen('ts', depth)}, ${gen('ts', 0)}) ${pick(COMPARE)} interval '1 day'`,
      () => `${paren(gen('num', depth))} IN (${pick(["'1.5'", "'abc'", "'2'"])}, ${pick(['2.5', '2', 'n_real', '1e3'])})`,
      () => `${paren(gen('int', depth))} IN (${pick(["'1.5'", "'abc'", "'2'"])}, ${pick(['2.5', '2', 'n_real', '1e3'])})`,
      () => `${pick(["'1.5'", "'abc'", "'2'"])} IN (${pick(['2.5', '2', 'n_int'])}, ${pick(['2.5', '2', 'n_real'])})`,
      () => `(${gen('bool', depth)})`,
    ])()
  }

  // Top level: mostly a condition, sometimes anything.
  return () => (chance(0.85) ? boolExpr(1 + Math.floor(random() * 3)) : gen(pick(KINDS), Math.floor(random() * 3)))
}

/** The spec the generator is given, with `expression` as the CHECK or the index's WHERE. */
function spec(table, expression, where) {
  const columns = [
    { name: 'pk', type: 'INTEGER', nullable: false, autoIncrement: true },
    ...COLUMNS.map(({ name, type, length, precision, scale }) => ({ name, type, nullable: true, length, precision, scale })),
  ]
  const t = where === 'check'
    ? { name: table, columns, checkConstraints: [{ name: `${table}_chk`, expression }] }
    : { name: table, columns, indexes: [{ name: `${table}_idx`, columns: ['n_int'], unique: false, where: expression }] }
  return { description: 'condition_random', databaseType: 'postgresql', timestamps: false, tables: [t] }
}

/** The same table written by hand for PostgreSQL. */
function rawDdl(table, expression, where) {
  const columns = ['pk SERIAL PRIMARY KEY', ...COLUMNS.map((c) => `${c.name} ${c.pg}`)].join(', ')
  return where === 'check'
    ? `CREATE TABLE ${table} (${columns}, CONSTRAINT ${table}_chk CHECK (${expression}));`
    : `CREATE TABLE ${table} (${columns}); CREATE INDEX ${table}_idx ON ${table} (n_int) WHERE ${expression};`
}

const scratch = await pgScratchDatabase('mg_conditions')
if (scratch.skip) {
  test('PostgreSQL server: random conditions', { skip: scratch.skip }, () => {})
} else {
  const clients = []
  after(async () => {
    await Promise.all(clients.map((c) => c.end()))
    await scratch.drop()
  })
  for (let i = 0; i < WORKERS; i++) clients.push(await scratch.connect())
  const tryScript = pgError

  test(`PostgreSQL server: ${COUNT} random conditions (seed ${SEED}, MG_COND_SEED), as CHECK and partial-index WHERE: what the generator refuses as a condition, PostgreSQL refuses`, async (t) => {
    const started = Date.now()
    const make = expressionMaker(prng(SEED))
    const expressions = [...new Set(Array.from({ length: COUNT }, make))]
    const falsePositives = []
    const falseNegatives = []
    const otherRefusals = {}
    // The generator's verdict on every case first (fast); then PostgreSQL's on what it refused
    // (the oracle the test fails on), all of them; then on what it took, while the time lasts.
    const refused = []
    const accepted = []
    for (const expression of expressions) {
      for (const where of ['check', 'index']) {
        const result = generateMigration(spec('cond_rand', expression, where))
        const error = result.validation.errors[0]
        if (result.validation.valid) accepted.push({ where, expression })
        else if (error.code === 'INVALID_CHECK_EXPRESSION') refused.push({ where, expression, why: error.message })
        else otherRefusals[error.code] = (otherRefusals[error.code] ?? 0) + 1
      }
    }
    let refusedByPostgres = 0
    let ranOnPostgres = 0
    let unrun = 0
    const parallel = async (cases, each) => {
      let next = 0
      await Promise.all(clients.map(async (client, w) => {
        while (next < cases.length) await each(client, `cond_rand_w${w}`, cases[next++])
      }))
    }
    await parallel(refused, async (client, table, { where, expression, why }) => {
      if ((await tryScript(client, rawDdl(table, expression, where))) === null) falsePositives.push(`${where}: ${expression}\n    generator: ${why}`)
      else refusedByPostgres++
    })
    await parallel(accepted, async (client, table, { where, expression }) => {
      if (Date.now() - started > BUDGET_MS) return void unrun++
      // The generator's own migration, for the worker's table name.
      const result = generateMigration(spec(table, expression, where))
      const pgError = await tryScript(client, result.upMigration)
      if (pgError === null) ranOnPostgres++
      else falseNegatives.push(`${where}: ${expression}\n    PostgreSQL: ${pgError}`)
    })
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    const summary = `seed ${SEED}: ${expressions.length} expressions, ${2 * expressions.length} cases in ${seconds} s; ` +
      `generator refused ${refused.length} as conditions (PostgreSQL refused ${refusedByPostgres}), took ${accepted.length} ` +
      `(PostgreSQL ran ${ranOnPostgres}, refused ${falseNegatives.length}: false negatives; ${unrun} not run, out of time); ` +
      `other refusals ${JSON.stringify(otherRefusals)}`
    t.diagnostic(summary)
    if (process.env.MG_COND_VERBOSE || falseNegatives.length) {
      const shown = process.env.MG_COND_VERBOSE ? falseNegatives : falseNegatives.slice(0, 15)
      console.log(`[conditions-random] ${summary}\nfalse negatives (the generator takes, PostgreSQL refuses; reported, not failed), ${shown.length} of ${falseNegatives.length}:\n  ${shown.join('\n  ')}`)
    }
    assert.ok(refused.length > 100 && accepted.length > 100, `too few of one side: ${summary}`)
    assert.deepEqual(falsePositives, [], `seed ${SEED} (MG_COND_SEED=${SEED}): conditions the generator refuses but PostgreSQL takes (false positives)`)
  })
}
