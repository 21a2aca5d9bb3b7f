// The fixture corpus without a database: it covers what it must, each fixture generates (or is
// refused with the codes it states) on every dialect, generated MySQL has no MariaDB-only forms,
// and every fixture's TypeScript types compile under `tsc --strict`. The engines run the same
// fixtures in engines-*.test.mjs and tests/fixtures_sqlite.rs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { DIALECTS, effectiveTables, loadFixtures, specFor } from './engines/fixtures.mjs'
import { mariadbOnlyForms } from './engines/mysql-syntax.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')
const fixtures = loadFixtures()
const root = fileURLToPath(new URL('..', import.meta.url))
const COLUMN_TYPES = ['TEXT', 'INTEGER', 'REAL', 'BLOB', 'NUMERIC', 'VARCHAR', 'INT', 'BIGINT', 'DECIMAL', 'BOOLEAN', 'TIMESTAMP', 'DATE', 'UUID', 'JSONB', 'CHAR', 'TINYINT', 'DATETIME', 'JSON']
const ACTIONS = ['CASCADE', 'SET NULL', 'RESTRICT', 'NO ACTION']

test('the corpus has at least 30 fixtures, each run on an engine or refused with a stated code', () => {
  assert.ok(fixtures.length >= 30, `${fixtures.length} fixtures`)
  for (const d of DIALECTS) assert.ok(fixtures.filter((f) => f.dialects.includes(d)).length >= 20, `${d} runs at least 20 fixtures`)
})

test('the corpus covers every feature issue 4 lists', () => {
  const run = fixtures.filter((f) => f.dialects.length > 0)
  const tables = run.flatMap((f) => f.spec.tables.map((t) => ({ f, t })))
  const columns = tables.flatMap(({ f, t }) => t.columns.map((c) => ({ f, t, c })))
  const has = (what, ok) => assert.ok(ok, `no fixture covers ${what}`)
  for (const type of COLUMN_TYPES) has(`the column type ${type}`, columns.some(({ c }) => c.type === type))
  has('VARCHAR and CHAR lengths', columns.some(({ c }) => c.type === 'VARCHAR' && c.length) && columns.some(({ c }) => c.type === 'CHAR' && c.length))
  has('DECIMAL/NUMERIC precision and scale', columns.some(({ c }) => c.type === 'DECIMAL' && c.scale > 0) && columns.some(({ c }) => c.type === 'NUMERIC' && c.precision))
  has('nullable and NOT NULL columns', columns.some(({ c }) => c.nullable) && columns.some(({ c }) => !c.nullable))
  const strings = columns.map(({ c }) => c.default).filter((d) => typeof d === 'string')
  has("a default with a quote", strings.some((s) => s.includes("'")))
  has('a default with a backslash', strings.some((s) => s.includes('\\')))
  has('a non-ASCII default', strings.some((s) => /[^\x00-\x7f]/.test(s)))
  has('an empty-string default', strings.includes(''))
  has('numeric defaults (integer, negative, fractional)', columns.some(({ c }) => c.default === 0) && columns.some(({ c }) => c.default < 0) && columns.some(({ c }) => typeof c.default === 'number' && !Number.isInteger(c.default)))
  has('boolean defaults true and false', columns.some(({ c }) => c.default === true) && columns.some(({ c }) => c.default === false))
  has('CURRENT_TIMESTAMP and CURRENT_DATE defaults', strings.includes('CURRENT_TIMESTAMP') && strings.includes('CURRENT_DATE'))
  has('{ expression } defaults', columns.some(({ c }) => typeof c.default === 'object' && c.default?.expression))
  has('unique columns', columns.some(({ c }) => c.unique))
  has('a named unique constraint over several columns', tables.some(({ t }) => t.uniqueConstraints?.some((u) => u.columns.length > 1)))
  const checks = tables.flatMap(({ t }) => t.checkConstraints ?? []).map((c) => c.expression)
  has('a CHECK with an IN list of string literals', checks.some((e) => /\bIN\s*\(\s*'/i.test(e)))
  has("a CHECK whose string literal holds a quote", checks.some((e) => e.includes("''")))
  has('a composite primary key', tables.some(({ t }) => t.primaryKey?.length > 1))
  for (const type of ['INTEGER', 'INT', 'BIGINT', 'TINYINT']) has(`autoIncrement on ${type}`, columns.some(({ c }) => c.autoIncrement && c.type === type))
  const fks = tables.flatMap(({ f, t }) => (t.foreignKeys ?? []).map((fk) => ({ f, t, fk })))
  for (const [event, key] of [['delete', 'onDelete'], ['update', 'onUpdate']]) {
    for (const action of ACTIONS) {
      has(
        `ON ${event.toUpperCase()} ${action} exercised with data`,
        fks.some(({ f, fk }) => fk[key] === action && f.data.actions.some((a) => a[event] === fk.referencedTable)),
      )
    }
  }
  has('a foreign key with no actions (the engine default)', fks.some(({ fk }) => !fk.onDelete && !fk.onUpdate))
  has('a composite foreign key', fks.some(({ fk }) => fk.columns.length > 1))
  has('a self-referencing foreign key', fks.some(({ t, fk }) => fk.referencedTable === t.name))
  has('a foreign key to a unique column that is not the primary key', fks.some(({ f, fk }) => f.spec.tables.find((x) => x.name === fk.referencedTable)?.columns.find((c) => c.name === fk.referencedColumns[0])?.unique))
  has('a two-table foreign-key cycle', run.some((f) => f.spec.tables.some((a) => (a.foreignKeys ?? []).some((x) => { const b = f.spec.tables.find((t) => t.name === x.referencedTable); return b && b !== a && (b.foreignKeys ?? []).some((y) => y.referencedTable === a.name) }))))
  has('a chain of 3+ tables listed children first', run.some((f) => { const t = f.spec.tables; return t.length >= 3 && t.every((x, i) => i === t.length - 1 || (x.foreignKeys ?? []).some((fk) => fk.referencedTable === t[i + 1].name)) }))
  const indexes = tables.flatMap(({ t }) => t.indexes ?? [])
  has('a plain index', indexes.some((i) => !i.unique && !i.where && !i.type))
  has('a unique index', indexes.some((i) => i.unique))
  has('a multi-column index', indexes.some((i) => i.columns.length > 1))
  has('a partial index', indexes.some((i) => i.where))
  for (const type of ['gin', 'gist', 'hash']) has(`a ${type} index on PostgreSQL`, run.some((f) => f.dialects.includes('postgresql') && f.spec.tables.some((t) => t.indexes?.some((i) => i.type === type))))
  has('timestamps on (the default)', run.some((f) => effectiveTables(f.spec).some((t) => t.columns.some((c) => c.autoTimestamp))))
  has('timestamps off for the spec', run.some((f) => f.spec.timestamps === false))
  has('timestamps switched per table', tables.some(({ t }) => t.timestamps === true) && tables.some(({ t }) => t.timestamps === false))
  has('a realistic schema of 10+ tables', run.some((f) => f.spec.tables.length >= 10 && f.dialects.length === 3))
  has('a gin index refused on MySQL', fixtures.some((f) => f.expectErrors.mysql && f.spec.tables.some((t) => t.indexes?.some((i) => i.type === 'gin'))))
  has('a partial index refused on MySQL', fixtures.some((f) => f.expectErrors.mysql && f.spec.tables.some((t) => t.indexes?.some((i) => i.where))))
})

for (const f of fixtures) {
  for (const d of DIALECTS) {
    const codes = f.expectErrors[d]
    test(`${f.name} on ${d}: ${codes ? `refused with ${codes.join(', ')}` : 'generates'}`, () => {
      const r = generateMigration(specFor(f, d))
      if (codes) {
        assert.equal(r.validation.valid, false, `${d} must refuse this spec`)
        assert.equal(r.upMigration, '')
        const got = r.validation.errors.map((e) => e.code)
        for (const code of codes) assert.ok(got.includes(code), `expected ${code}; got ${got.join(', ')}`)
        return
      }
      assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
      const warnings = r.validation.warnings.map((w) => w.code)
      for (const code of f.expectWarnings[d] ?? []) assert.ok(warnings.includes(code), `expected the warning ${code}; got ${warnings.join(', ')}`)
      assert.match(r.typeDefinitions, /export interface/)
      if (d === 'mysql') {
        const forms = [...mariadbOnlyForms(r.upMigration), ...mariadbOnlyForms(r.downMigration)]
        assert.deepEqual(forms, [], 'generated MySQL holds MariaDB-only forms')
      }
    })
  }
}

test('the MariaDB-only form finder finds what it looks for (and not inside literals)', () => {
  const found = (sql) => mariadbOnlyForms(sql).map((p) => p.problem)
  for (const sql of [
    'CREATE INDEX IF NOT EXISTS i ON t(a);',
    'CREATE UNIQUE INDEX IF NOT EXISTS i ON t(a);',
    'DROP INDEX IF EXISTS i ON t;',
    'DROP INDEX i;',
    'ALTER TABLE t ADD COLUMN IF NOT EXISTS a INT;',
    'ALTER TABLE t DROP COLUMN IF EXISTS a;',
    'ALTER TABLE t DROP FOREIGN KEY IF EXISTS fk;',
    'ALTER TABLE t DROP CONSTRAINT IF EXISTS c;',
    'ALTER TABLE IF EXISTS t DROP FOREIGN KEY fk;',
    'CREATE OR REPLACE TABLE t (a INT);',
    "CREATE TABLE t (a TEXT DEFAULT 'x');",
    "CREATE TABLE t (a JSON DEFAULT '{}');",
    'CREATE TABLE t (a TEXT NOT NULL UNIQUE);',
    'CREATE TABLE t (a TEXT, CONSTRAINT u UNIQUE (a));',
    'CREATE TABLE t (a TEXT); CREATE INDEX i ON t(a);',
    'CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, CONSTRAINT c CHECK (id > 0));',
    'CREATE TABLE t (a UUID);',
    'CREATE TABLE t (id INT PRIMARY KEY, p INT, CONSTRAINT c CHECK (p <> id)); ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES t(id) ON DELETE SET NULL;',
    'CREATE TABLE t (id INT PRIMARY KEY, p INT, CONSTRAINT c CHECK (p <> id)); ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES t(id) ON DELETE CASCADE ON UPDATE CASCADE;',
    'CREATE TABLE t (id INT PRIMARY KEY, p INT, CONSTRAINT c CHECK (p > 0)); ALTER TABLE t\n  ADD CONSTRAINT fk\n  FOREIGN KEY (p) REFERENCES u(id) ON DELETE RESTRICT ON UPDATE SET NULL;',
  ]) {
    assert.ok(found(sql).length > 0, `not found in: ${sql}`)
  }
  for (const sql of [
    'CREATE TABLE IF NOT EXISTS t (a TEXT DEFAULT (\'IF NOT EXISTS\'), b VARCHAR(255) UNIQUE, c TEXT, CONSTRAINT k CHECK (c <> \'DROP INDEX x\')) ENGINE=InnoDB;',
    'CREATE INDEX i ON t(b); -- CREATE INDEX IF NOT EXISTS',
    'DROP INDEX i ON t;',
    'DROP TABLE IF EXISTS t;',
    'ALTER TABLE t DROP FOREIGN KEY fk;',
    "CREATE TABLE t (a TEXT, INDEX i (a(191)));",
    'CREATE TABLE t (id INT PRIMARY KEY, p INT, q INT, CONSTRAINT c CHECK (q > 0)); ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES t(id) ON DELETE CASCADE;',
    'CREATE TABLE t (id INT PRIMARY KEY, p INT, CONSTRAINT c CHECK (p > 0)); ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES t(id) ON DELETE RESTRICT;',
    // ON DELETE CASCADE deletes the row and writes no column: MySQL takes a CHECK on it.
    'CREATE TABLE t (id INT PRIMARY KEY, p INT, CONSTRAINT c CHECK (p <> id)); ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES t(id) ON DELETE CASCADE;',
  ]) {
    assert.deepEqual(found(sql), [], sql)
  }
})

test('every fixture\'s TypeScript types compile under tsc --strict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-fixture-types-'))
  try {
    let files = 0
    for (const f of fixtures) {
      for (const d of f.dialects) {
        const r = generateMigration(specFor(f, d))
        assert.ok(r.typeDefinitions, `${f.name} on ${d} has types`)
        writeFileSync(join(dir, `${f.name}_${d}.ts`), r.typeDefinitions)
        files++
      }
    }
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], typeRoots: [join(root, 'node_modules/@types')], noUnusedLocals: true, skipLibCheck: true },
        include: ['*.ts'],
      }),
    )
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8', stdio: 'pipe' })
    } catch (e) {
      assert.fail(`tsc --strict rejected the generated types:\n${e.stdout}${e.stderr}`)
    }
    assert.ok(files >= fixtures.length, `${files} type files compiled`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
