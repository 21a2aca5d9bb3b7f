// The random differential check on one engine: for a seed, generate a spec (random-spec.mjs);
// when the generator calls it valid, the up migration runs statement by statement on a database
// that already holds a table of its own, the down migration gives back exactly the catalog it
// started with, up runs again to the same catalog, and down again. A failure says the seed,
// the step, the statement and the engine's error (and carries the spec).
import { readPgSchema, pgLeftovers } from './postgres.mjs'
import { readMysqlSchema } from './mysql.mjs'
import { randomSpec } from './random-spec.mjs'

/** The statements of a generated script (no string or expression of these specs holds `;` + newline). */
export const statements = (script) => script.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean).map((s) => (s.endsWith(';') ? s : `${s};`))

/** What each engine needs: run one statement, read the whole catalog, reset to the starting state. */
export function pgContext(engine) {
  const q = async (sql, params) => (await engine.run({ sql, params })).rows
  return {
    dialect: 'postgresql',
    label: engine.label,
    exec: (sql) => engine.exec(sql),
    snapshot: async () => ({ tables: await readPgSchema(q, 'public'), objects: await pgLeftovers(q, 'public') }),
    // A table the migration must not touch, with a sequence, an index and a self-reference.
    start: async () => {
      await engine.reset()
      await engine.exec('CREATE TABLE zz_keep (id SERIAL PRIMARY KEY, parent INT REFERENCES zz_keep (id), note VARCHAR(10) CHECK (note <> \'\')); CREATE INDEX zz_keep_note ON zz_keep (note);')
    },
  }
}

export function mysqlContext(opened) {
  const { conn, database, engine } = opened
  return {
    dialect: 'mysql',
    label: engine.label,
    exec: async (sql) => {
      await conn.query(sql)
    },
    snapshot: async () => {
      const [tables] = await conn.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [database])
      const create = {}
      for (const { t } of tables) create[t] = (await conn.query(`SHOW CREATE TABLE \`${t}\``))[0][0]['Create Table']
      const [[{ fkc }]] = await conn.query('SELECT @@FOREIGN_KEY_CHECKS AS fkc')
      return { create, catalog: await readMysqlSchema(conn, database), foreignKeyChecks: Number(fkc) }
    },
    start: async () => {
      await engine.reset()
      await conn.query('CREATE TABLE zz_keep (id INT AUTO_INCREMENT PRIMARY KEY, parent INT, note VARCHAR(10), CONSTRAINT zz_keep_parent FOREIGN KEY (parent) REFERENCES zz_keep (id), CONSTRAINT zz_keep_note CHECK (note <> \'\')) ENGINE=InnoDB')
    },
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)

/** The first difference between two snapshots, as a short path. */
function firstDifference(a, b, path = '') {
  if (same(a, b)) return null
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`)
      if (d) return d
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 400)} → ${JSON.stringify(b)?.slice(0, 400)}`
}

/**
 * Runs one seed on one engine. Returns `{ seed, valid, errors? }` when the generator refused the
 * spec, `{ seed, valid: true }` when every step held, or `{ seed, valid: true, failure }` with
 * `failure = { step, statement?, error, spec }`.
 */
export async function runSeed(seed, ctx, generate) {
  const spec = randomSpec(seed, ctx.dialect)
  const result = generate(spec)
  if (!result.validation.valid) return { seed, valid: false, errors: result.validation.errors, spec }
  const fail = (step, error, statement) => ({ seed, valid: true, failure: { step, statement, error, spec, up: result.upMigration, down: result.downMigration } })
  const apply = async (step, script) => {
    for (const s of statements(script)) {
      try {
        await ctx.exec(s)
      } catch (e) {
        return fail(step, `${e.code ?? e.errno ?? ''} ${e.message}`.trim(), s)
      }
    }
    return null
  }
  await ctx.start()
  const before = await ctx.snapshot()
  let f = await apply('up', result.upMigration)
  if (f) return f
  const afterUp = await ctx.snapshot()
  if (same(afterUp, before)) return fail('up', 'the up migration changed nothing in the catalog')
  if ((f = await apply('down', result.downMigration))) return f
  let now = await ctx.snapshot()
  if (!same(now, before)) return fail('down', `the catalog after down differs from the one before up: ${firstDifference(before, now)}`)
  if ((f = await apply('up again', result.upMigration))) return f
  now = await ctx.snapshot()
  if (!same(now, afterUp)) return fail('up again', `the catalog after up → down → up differs from the one after up: ${firstDifference(afterUp, now)}`)
  if ((f = await apply('down again', result.downMigration))) return f
  now = await ctx.snapshot()
  if (!same(now, before)) return fail('down again', `the catalog after the second down differs: ${firstDifference(before, now)}`)
  return { seed, valid: true }
}

/** A failure as one readable block: seed, step, statement, error, the spec as JSON. */
export function describeFailure(label, r) {
  const f = r.failure
  return [
    `${label}: seed ${r.seed}, ${f.step}: ${f.error}`,
    f.statement ? `  statement: ${f.statement.replace(/\n/g, '\n    ')}` : null,
    `  spec: ${JSON.stringify(f.spec)}`,
  ].filter(Boolean).join('\n')
}
