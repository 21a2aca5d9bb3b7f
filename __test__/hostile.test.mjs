// The hostile-input corpus (hostile/corpus.json) on real PostgreSQL (PGlite, in this process) and
// MySQL/MariaDB (MYSQL_URL, default the local socket as root; skipped with one loud line when
// unreachable, a failure with CI=true). Each case is rejected with its code, or its SQL, applied
// to a database that already holds a canary table, creates exactly the described schema (the
// catalog compared with the engine harness's expectation), stores string defaults byte for byte,
// and down (and the whole file) leaves only the canary, with its row. SQLite: tests/hostile.rs.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { openPglite, openMysqlServer } from './engines/connect.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')
const corpus = JSON.parse(readFileSync(new URL('./hostile/corpus.json', import.meta.url), 'utf8'))
const NOW = '2026-02-09T12:00:00Z'
const CANARY = 'canary-table'

const value = (c) => c.value.repeat(c.repeat ?? 1)
const expected = (c, db) => (typeof c.expect === 'string' ? c.expect : c.expect[db])

/** The base spec with the case's text in its place (the twin of `spec_for` in tests/hostile.rs). */
function specFor(c, db) {
  const spec = {
    description: 'hostile input',
    databaseType: db,
    now: NOW,
    timestamps: false,
    tables: [
      {
        name: 'hostile_t',
        primaryKey: ['id'],
        columns: [
          { name: 'id', type: 'INTEGER', nullable: false },
          { name: 'body', type: 'TEXT', nullable: true },
          { name: 'label', type: 'VARCHAR', length: 255, nullable: true },
        ],
      },
    ],
  }
  const v = value(c)
  const t = spec.tables[0]
  switch (c.place) {
    case 'tableName': t.name = v; break
    case 'columnName': t.columns[1].name = v; break
    case 'checkName': t.checkConstraints = [{ name: v, expression: 'id > 0' }]; break
    case 'uniqueName': t.uniqueConstraints = [{ name: v, columns: ['label'] }]; break
    case 'indexName': t.indexes = [{ name: v, columns: ['label'] }]; break
    case 'stringDefault': t.columns[1].default = v; break
    case 'varcharDefault': t.columns[2].default = v; break
    case 'expressionDefault': t.columns[1].default = { expression: v }; break
    case 'check': t.checkConstraints = [{ name: 'chk_hostile', expression: v }]; break
    case 'predicate': t.indexes = [{ name: 'idx_hostile_partial', columns: ['label'], where: v }]; break
    case 'tableDescription': t.description = v; break
    case 'columnDescription': t.columns[1].description = v; break
    case 'description': spec.description = v; break
    default: throw new Error(`unknown place ${c.place}`)
  }
  return spec
}

test('the corpus has at least 40 cases', () => {
  assert.ok(corpus.cases.length >= 40, `${corpus.cases.length} cases`)
})

const ENGINES = [
  {
    dialect: 'postgresql',
    open: openPglite,
    quote: (n) => `"${n}"`,
  },
  {
    dialect: 'mysql',
    open: openMysqlServer,
    quote: (n) => `\`${n}\``,
  },
]

for (const { dialect, open, quote } of ENGINES) {
  const opened = await open()
  if (opened.skip) {
    test(`hostile corpus on ${dialect}`, { skip: opened.skip }, () => {})
    continue
  }
  after(() => opened.close())
  const { engine } = opened
  const canary = quote(CANARY)
  const plantCanary = () => engine.exec(`CREATE TABLE ${canary} (x TEXT); INSERT INTO ${canary} VALUES ('alive');`)
  const canaryRows = async () => Number((await engine.run({ sql: `SELECT count(*) AS n FROM ${canary}`, params: [] })).rows[0].n)

  test(`hostile corpus on ${engine.label}`, async (t) => {
    await plantCanary()
    const baseline = await engine.leftovers()
    assert.ok(baseline.some((o) => o.includes(CANARY)), `the canary is planted: ${baseline}`)

    for (const c of corpus.cases) {
      await t.test(c.id, async () => {
        const spec = specFor(c, dialect)
        const r = generateMigration(spec)
        const want = expected(c, dialect)
        const codes = r.validation.errors.map((e) => e.code)
        if (want !== 'OK') {
          assert.equal(r.validation.valid, false, `expected ${want}, but the spec was accepted:\n${r.upMigration}`)
          assert.ok(codes.includes(want), `expected ${want}, got ${codes.join(', ')}`)
          assert.equal(r.upMigration, '')
          assert.equal(r.fileContent, '')
          return
        }
        assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
        for (const marker of ['-- UP MIGRATION', '-- DOWN MIGRATION']) {
          assert.equal(r.fileContent.split('\n').filter((l) => l === marker).length, 1, `one line is '${marker}'`)
        }
        // Nor does a line of either script read as one to a runner's looser pattern.
        const looseMarker = /^[\s\ufeff]*--[-\s]*(up|down)\s+migration/im
        assert.doesNotMatch(r.upMigration, looseMarker)
        assert.doesNotMatch(r.downMigration, looseMarker)
        const table = spec.tables[0].name
        try {
          await engine.exec(r.upMigration)
          const got = await engine.readSchema(spec)
          delete got[CANARY]
          assert.deepEqual(got, await engine.expectedSchema(spec), 'the catalog after up is exactly the spec')
          assert.equal(await canaryRows(), 1, 'the canary keeps its row after up')
          if (c.stored !== undefined) {
            const column = c.place === 'varcharDefault' ? 'label' : 'body'
            await engine.run({ sql: `INSERT INTO ${table} (id) VALUES (1)`, params: [] })
            const rows = (await engine.run({ sql: `SELECT ${column} AS v FROM ${table}`, params: [] })).rows
            assert.equal(rows[0].v, c.stored, 'the default reads back byte for byte')
          }
          await engine.exec(r.downMigration)
          assert.deepEqual(await engine.leftovers(), baseline, 'down leaves only the canary')
          assert.equal(await canaryRows(), 1, 'the canary keeps its row after down')
          await engine.exec(r.fileContent)
          assert.deepEqual(await engine.leftovers(), baseline, 'the whole file (up, then down) leaves only the canary')
          assert.equal(await canaryRows(), 1, 'the canary keeps its row after the whole file')
        } finally {
          const left = await engine.leftovers()
          if (JSON.stringify(left) !== JSON.stringify(baseline)) {
            await engine.reset()
            await plantCanary()
          }
        }
      })
    }
  })
}
