// The random differential test, bounded: for fixed seeds, a random spec (engines/random-spec.mjs)
// that the generator calls valid must run up on the real engine, down must give back exactly the
// catalog it started from (a table of the database's own included), and up and down must run
// again to the same catalogs (engines/random-run.mjs). On PGlite (always), the PostgreSQL server
// and the MySQL/MariaDB server (skipped with one loud line when unreachable, a failure under
// CI=true, as the other engine tests). A failure prints the seed, the step, the statement, the
// engine's error and the spec; `node __test__/engines/random-explore.mjs` runs many more seeds.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openPglite, openPgServer, openMysqlServer } from './engines/connect.mjs'
import { runSeed, pgContext, mysqlContext, describeFailure } from './engines/random-run.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

/** Valid specs each engine runs; seeds are tried from 1 until that many were valid. */
const VALID_PER_ENGINE = 20
const MAX_SEED = 200

const engines = [
  ['PGlite', () => openPglite(), (o) => pgContext(o.engine)],
  ['PostgreSQL server', () => openPgServer(), (o) => pgContext(o.engine)],
  ['MySQL/MariaDB server', () => openMysqlServer(), (o) => mysqlContext(o)],
]

for (const [title, open, context] of engines) {
  const opened = await open()
  if (opened.skip) {
    test(`${title}: random specs`, { skip: opened.skip }, () => {})
    continue
  }
  after(() => opened.close())
  const ctx = context(opened)
  test(`${ctx.label}: ${VALID_PER_ENGINE} random valid specs run up, down (back to the starting catalog), up and down again`, async () => {
    const failures = []
    let valid = 0
    let seed = 0
    while (valid < VALID_PER_ENGINE && seed < MAX_SEED) {
      seed++
      const r = await runSeed(seed, ctx, generateMigration)
      if (!r.valid) {
        const bug = r.errors.find((e) => e.code === 'GENERATED_SQL_REJECTED' || e.code === 'INTERNAL_ERROR')
        if (bug) failures.push(`${ctx.label}: seed ${seed}: the generator says it made a mistake: ${bug.code} ${bug.message}\n  spec: ${JSON.stringify(r.spec)}`)
        continue
      }
      valid++
      if (r.failure) failures.push(describeFailure(ctx.label, r))
    }
    assert.equal(valid, VALID_PER_ENGINE, `only ${valid} of seeds 1–${seed} gave a valid spec`)
    assert.deepEqual(failures, [], `\n${failures.join('\n\n')}`)
  })
}
