// Registers one test per fixture that applies to the engine's dialect.
import { test, after } from 'node:test'
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
  for (const fixture of loadFixtures().filter((f) => f.dialects.includes(dialect))) {
    test(`${engine.label}: ${fixture.name}`, async () => {
      await runFixture(fixture, engine, generateMigration)
    })
  }
}
