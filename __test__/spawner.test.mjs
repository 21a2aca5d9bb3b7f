// examples/spawner: the orchestrator's generator module (generators/database.ts) and a tiny
// registry running several generators in parallel. `npm test`'s `tsc -p __test__/types` checks
// them under --strict (see __test__/types/spawner.ts); here they are compiled to a temporary
// folder, where `migration-generator` is installed as a dependency would be, and run with node.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
const require = createRequire(import.meta.url)
const { generateMigration, toGeneratedCode } = require('../index.js')

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc')

test('the spawner example compiles under --strict and runs: several generators in parallel', (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-spawner-'))
  t.after(() => fs.rmSync(out, { recursive: true, force: true }))
  const compiled = spawnSync(process.execPath, [
    tsc, '--strict', '--noEmitOnError', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
    '--types', 'node', '--skipLibCheck', '--rootDir', path.join(repo, 'examples', 'spawner'), '--outDir', out,
    path.join(repo, 'examples', 'spawner', 'main.ts'),
  ], { encoding: 'utf8', cwd: repo })
  assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr)
  assert.ok(fs.existsSync(path.join(out, 'generators', 'database.js')))
  // Installed as a dependency: node_modules/migration-generator -> this package.
  fs.mkdirSync(path.join(out, 'node_modules'))
  fs.symlinkSync(repo, path.join(out, 'node_modules', 'migration-generator'), 'dir')

  const ran = spawnSync(process.execPath, [path.join(out, 'main.js')], { encoding: 'utf8', cwd: out })
  assert.equal(ran.status, 0, ran.stderr)
  const outcomes = ran.stdout.trim().split('\n').map((l) => JSON.parse(l))
  assert.equal(outcomes.length, 5)

  const now = '2026-02-09T12:00:00Z'
  const spec = (databaseType) => ({
    description: `create_accounts_${databaseType}`,
    databaseType,
    generateTypes: true,
    now,
    tables: [{ name: 'accounts', columns: [
      { name: 'id', type: 'BIGINT', nullable: false, autoIncrement: true },
      { name: 'email', type: 'VARCHAR', length: 320, nullable: false, unique: true },
      { name: 'balance', type: 'DECIMAL', precision: 12, scale: 2, nullable: false, default: 0 },
    ] }],
  })
  const expected = ['sqlite', 'postgresql', 'mysql'].map((d) => toGeneratedCode(generateMigration(spec(d))))
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(outcomes[i], { generator: 'database', ok: true, code: expected[i] })
    assert.match(outcomes[i].code.routeHandler, /CREATE TABLE IF NOT EXISTS accounts/)
    assert.match(outcomes[i].code.validationMiddleware, /DROP TABLE IF EXISTS accounts/)
    assert.match(outcomes[i].code.typeDefinitions, /export interface Account \{/)
    assert.equal(JSON.parse(outcomes[i].code.openApiDoc).filename, '20260209120000_create_accounts_' + ['sqlite', 'postgresql', 'mysql'][i] + '.sql')
  }
  assert.deepEqual(outcomes[3], { generator: 'database-sync', ok: true, code: expected[0] })
  // An invalid spec: the job fails with the reason, not a GeneratedCode of empty strings that
  // the orchestrator would write out as a migration.
  assert.equal(outcomes[4].generator, 'database')
  assert.equal(outcomes[4].ok, false)
  assert.match(outcomes[4].error, /^the spec is not valid, so there is no migration to give: INVALID_(SPEC|TABLE_NAME) \(Bad Name\): /)
})
