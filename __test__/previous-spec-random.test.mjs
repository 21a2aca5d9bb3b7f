// Random changes from previousSpec, on PGlite, the PostgreSQL server, the MySQL/MariaDB server
// and SQLite (sql.js): for fixed seeds, a random spec (engines/random-spec.mjs) is created, changed at random
// (engines/random-change.mjs: columns, keys, indexes, tables, timestamps), and the migration the
// generator writes from the previous spec must give the catalog a fresh CREATE of the new spec
// gives, and its down migration the catalog the previous spec gave. A failure prints the seed,
// the edits, the step and the engine's error.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openPglite, openPgServer, openMysqlServer } from './engines/connect.mjs'
import { openSqlJs } from './engines/sqlite.mjs'
import { randomSpec } from './engines/random-spec.mjs'
import { randomChange, comparable } from './engines/random-change.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

/** Changes each engine runs; seeds are tried from 1 until that many were valid. */
const VALID_PER_ENGINE = Number(process.env.MG_RANDOM_CHANGES ?? 25)
const MAX_SEED = VALID_PER_ENGINE * 8

const engines = [
  ['PGlite', () => openPglite(), 'postgresql'],
  ['PostgreSQL server', () => openPgServer(), 'postgresql'],
  ['MySQL/MariaDB server', () => openMysqlServer(), 'mysql'],
  ['sql.js', () => openSqlJs(), 'sqlite'],
]

for (const [title, open, dialect] of engines) {
  const opened = await open()
  if (opened.skip) {
    test(`${title}: random changes from previousSpec`, { skip: opened.skip }, () => {})
    continue
  }
  after(() => opened.close())
  const { engine } = opened
  test(`${engine.label}: ${VALID_PER_ENGINE} random changes from previousSpec run up (to a fresh CREATE's catalog) and down (back to the previous one)`, async () => {
    const failures = []
    const refused = {}
    let valid = 0
    let seed = 0
    while (valid < VALID_PER_ENGINE && seed < MAX_SEED) {
      seed++
      const previous = randomSpec(seed, dialect)
      const created = generateMigration(previous)
      if (!created.validation.valid) continue
      const { spec: next, done } = randomChange(previous, seed)
      const fresh = generateMigration(next)
      const change = generateMigration({ ...next, allowDataLoss: true, dropTablesNotInSpec: true, previousSpec: previous })
      if (!fresh.validation.valid || !change.validation.valid) {
        const error = fresh.validation.errors[0] ?? change.validation.errors[0]
        const code = error.code
        refused[code] = (refused[code] ?? 0) + 1
        // A new spec that is valid on its own is a valid change, but for what a change cannot
        // do: a NOT NULL column without a default, index names swapped between tables
        // (PostgreSQL), an index name moved to a table that foreign keys put before the
        // one that frees it (SQLite), what UNSUPPORTED_FEATURE says (a key a UNIQUE constraint names on
        // PostgreSQL, …).
        const cannot = ['UNSUPPORTED_FEATURE', 'NOT_NULL_WITHOUT_DEFAULT'].includes(code) || (code === 'DUPLICATE_NAME' && /the other way round|SQLite's CREATE INDEX (IF NOT EXISTS would skip|would fail on) it/.test(error.message))
        if (fresh.validation.valid && !cannot) {
          failures.push(`seed ${seed} (${done.join(', ')}): the change is refused: ${JSON.stringify(change.validation.errors)}`)
        }
        continue
      }
      valid++
      let step = 'fresh CREATE'
      try {
        await engine.reset()
        await engine.exec(fresh.upMigration)
        const wanted = comparable(await engine.readSchema(next), dialect)
        step = 'previous CREATE'
        await engine.reset()
        await engine.exec(created.upMigration)
        const before = comparable(await engine.readSchema(previous), dialect)
        step = 'up'
        if (change.upMigration) await engine.exec(change.upMigration)
        assert.deepEqual(comparable(await engine.readSchema(next), dialect), wanted, 'after up')
        step = 'down'
        if (change.downMigration) await engine.exec(change.downMigration)
        assert.deepEqual(comparable(await engine.readSchema(previous), dialect), before, 'after down')
      } catch (e) {
        failures.push(`seed ${seed} (${done.join(', ')}), ${step}: ${e.message.slice(0, 1500)}\nup:\n${change.upMigration}\ndown:\n${change.downMigration}`)
      }
    }
    await engine.reset()
    assert.deepEqual(failures, [])
    assert.equal(valid, VALID_PER_ENGINE, `only ${valid} valid changes in ${seed} seeds; refused: ${JSON.stringify(refused)}`)
  })
}
