// Registers one test per fixture that applies to the engine's dialect.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { loadFixtures } from './fixtures.mjs'
import { runFixture } from './runner.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../../index.js')

/** `opened` is `{ engine, close }` or `{ skip }` (see connect.mjs). */
export function engineSuite(title, dialect, opened) {
  if (opened.skip) {
    test(`${title}: every fixture`, { skip: opened.skip }, () => {})
    return
  }
  after(() => opened.close())
  const { engine } = opened
  test(`${engine.label}: every keyword (or system column name) it refuses as a bare table or column name, the generator refuses`, async () => {
    const words = (await engine.keywords()).filter((w) => /^[a-z_][a-z0-9_]*$/.test(w))
    assert.ok(words.length > 100, `${words.length} keywords`)
    const leaks = []
    let tried = 0
    for (const word of words) {
      for (const where of ['table', 'column']) {
        const result = generateMigration(keywordSpec(dialect, word, where))
        if (!result.validation.valid) continue
        tried++
        const error = await engine.tryScript(result.upMigration)
        if (error) leaks.push(`${word} as a ${where} name: ${error}`)
      }
    }
    assert.ok(tried > 100, `only ${tried} names got through the generator`)
    assert.deepEqual(leaks, [], 'names the generator accepts but the engine refuses')
  })
  for (const fixture of loadFixtures().filter((f) => f.dialects.includes(dialect))) {
    test(`${engine.label}: ${fixture.name}`, async () => {
      await runFixture(fixture, engine, generateMigration)
    })
  }
}

/** A one-table spec that uses `word` as the table name or as a column name. */
function keywordSpec(databaseType, word, where) {
  const id = { name: 'id', type: 'INT', nullable: false }
  const table = where === 'table'
    ? { name: word, columns: [id], primaryKey: ['id'] }
    : { name: 'keyword_probe', columns: [id, { name: word, type: 'INT', nullable: true }], primaryKey: ['id'] }
  return { description: 'keyword_probe', databaseType, timestamps: false, tables: [table] }
}
