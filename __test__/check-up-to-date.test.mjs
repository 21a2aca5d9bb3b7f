// `check` on a spec whose migration the folder already holds (a user trial: the Quick start's
// `check spec.json`, run again by a pre-commit hook after `generate spec.json`, failed with
// TABLE_CREATED_BEFORE on the unchanged spec): up to date, exit 0, naming that migration; a spec
// that differs from it still gets the error. And `check --strict`: TABLE_CREATED_BEFORE is said
// beside UNKNOWN_FIELD (one report says as much as can be said).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { tempFolders, runCli, writeJson, NOW } from './support/harness.mjs'

const tmp = tempFolders('mg-check-up-to-date-')
const cli = (args, cwd) => runCli(args, { cwd })
const id = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
const users = (columns = []) => ({ description: 'create users', databaseType: 'sqlite', tables: [{ name: 'users', columns: [id, { name: 'email', type: 'TEXT', nullable: false }, ...columns] }] })
const codes = (issues) => issues.map((i) => i.code)

test('check: a spec whose migration is the newest in the folder is up to date (exit 0, naming it); changed since, it is TABLE_CREATED_BEFORE', () => {
  const dir = tmp()
  const spec = writeJson(dir, 'spec.json', users())
  assert.equal(cli(['check', spec], dir).code, 0)
  assert.equal(cli(['generate', spec, '--now', NOW], dir).code, 0)
  // The hook runs again on the unchanged spec, a second or a day later.
  const text = cli(['check', 'spec.json'], dir)
  assert.equal(text.code, 0, text.stderr)
  assert.doesNotMatch(text.stderr, /TABLE_CREATED_BEFORE/)
  assert.match(text.stdout, /^✔ spec\.json is valid and up to date: the newest migration in database\/migrations, 20260209120000_create_users\.sql, already has its up migration \(0 errors, \d+ warnings?\)$/m)
  const json = JSON.parse(cli(['check', spec, '--json'], dir).stdout)
  assert.equal(json.ok, true)
  assert.deepEqual(codes(json.validation.errors), [])
  assert.equal(json.files[0].upToDate, path.join('database', 'migrations', '20260209120000_create_users.sql'))
  assert.equal(json.upToDate, json.files[0].upToDate)
  // Against a database that has not had it applied: valid, and said not applied (not up to
  // date); --fail-on-changes still fails, naming the table.
  fs.writeFileSync(path.join(dir, 'app.db'), '')
  const behind = cli(['check', 'spec.json', '--db', 'app.db'], dir)
  assert.equal(behind.code, 0, behind.stderr)
  assert.match(behind.stdout, /^✔ spec\.json is valid: the newest migration in database\/migrations, 20260209120000_create_users\.sql, already has its up migration, not yet applied to app\.db \(/m)
  const failing = cli(['check', 'spec.json', '--db', 'app.db', '--fail-on-changes'], dir)
  assert.equal(failing.code, 1)
  assert.match(failing.stderr, /the database does not match it yet: generate would write a migration \(CREATE users\)/)
  // generate agrees that there is nothing new: DUPLICATE_MIGRATION, nothing written.
  assert.equal(JSON.parse(cli(['generate', spec, '--dry-run', '--json'], dir).stdout).error.code, 'DUPLICATE_MIGRATION')

  // A column more: the would-be migration creates users again, differently: still the error.
  writeJson(dir, 'spec.json', users([{ name: 'phone', type: 'TEXT', nullable: true }]))
  const changed = cli(['check', spec, '--json'], dir)
  assert.equal(changed.code, 1, changed.stdout)
  const report = JSON.parse(changed.stdout)
  assert.deepEqual(codes(report.validation.errors), ['TABLE_CREATED_BEFORE'])
  assert.equal(report.upToDate, undefined)
})

test('check --strict: a spec whose only other errors are UNKNOWN_FIELD is still checked against the earlier migrations (TABLE_CREATED_BEFORE said too)', () => {
  const dir = tmp()
  const spec = writeJson(dir, 'spec.json', users())
  assert.equal(cli(['generate', spec, '--now', NOW], dir).code, 0)
  writeJson(dir, 'spec.json', { ...users([{ name: 'phone', type: 'TEXT', nullable: true }]), indexs: [] })
  const strict = JSON.parse(cli(['check', spec, '--strict', '--json'], dir).stdout)
  assert.equal(strict.ok, false)
  assert.deepEqual(codes(strict.validation.errors).sort(), ['TABLE_CREATED_BEFORE', 'UNKNOWN_FIELD'])
  // Without --strict the unknown field is a warning and the result the same error.
  const lax = JSON.parse(cli(['check', spec, '--json'], dir).stdout)
  assert.deepEqual(codes(lax.validation.errors), ['TABLE_CREATED_BEFORE'])
  assert.ok(codes(lax.validation.warnings).includes('UNKNOWN_FIELD'))
  // A spec with an error of its own (no columns) is not: its migration is not known.
  writeJson(dir, 'spec.json', { ...users(), tables: [{ name: 'users', columns: [] }], indexs: [] })
  const invalid = JSON.parse(cli(['check', spec, '--strict', '--json'], dir).stdout)
  assert.ok(!codes(invalid.validation.errors).includes('TABLE_CREATED_BEFORE'), JSON.stringify(invalid.validation.errors))
})
