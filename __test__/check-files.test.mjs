// `check` with several spec files, some of which cannot be read: a user trial's
// `check a.json bad.json c.json` stopped at bad.json and never checked c.json. Every file is
// checked now, each unreadable one reported with its path, exit code 2; and `--json` gives
// `files` whatever the number of files (a tool need not know how many it passed).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { repo, tempFolders, runCli, spawnCli } from './support/harness.mjs'

const tmp = tempFolders('mg-check-files-')

/** A project folder with a valid spec (good.json), an invalid one (invalid.json), a file that is not JSON (broken.json) and a folder named like a spec (folder.json). */
function project() {
  const dir = tmp()
  fs.copyFileSync(path.join(repo, 'examples', 'create_users_table.json'), path.join(dir, 'good.json'))
  fs.writeFileSync(path.join(dir, 'invalid.json'), JSON.stringify({ description: 'bad', databaseType: 'sqlite', tables: [{ name: 'user', columns: [{ name: 'Email', type: 'TEXT', nullable: false }], primaryKey: ['id'] }] }))
  fs.writeFileSync(path.join(dir, 'broken.json'), '{ "description": "x", }')
  fs.mkdirSync(path.join(dir, 'folder.json'))
  return dir
}

/** Runs main() in-process with captured streams. */
const run = (args, cwd) => runCli(args, { cwd })

test('check --json has `files` for one file as for several; one file keeps its `validation` at the top', () => {
  const dir = project()
  const one = run(['check', 'good.json', '--json'], dir)
  assert.equal(one.code, 0, one.stdout)
  const single = JSON.parse(one.stdout)
  assert.deepEqual(Object.keys(single), ['ok', 'validation', 'files'])
  assert.deepEqual(single.files, [{ file: 'good.json', ok: true, validation: single.validation }])
  const two = run(['check', 'good.json', 'invalid.json', '--json'], dir)
  assert.equal(two.code, 1, two.stdout)
  const several = JSON.parse(two.stdout)
  assert.deepEqual(Object.keys(several), ['ok', 'files'])
  assert.equal(several.ok, false)
  assert.deepEqual(several.files.map((f) => [f.file, f.ok, f.validation.valid]), [['good.json', true, true], ['invalid.json', false, false]])
  // A tool that reads only `files` gets the same for one file as for the first of two.
  for (const r of [single, several]) assert.deepEqual(r.files[0], single.files[0])
})

test('check reads on past a file that cannot be read: every file checked, each unreadable one named with its path, exit 2', () => {
  const dir = project()
  const args = ['check', 'nope.json', 'good.json', 'broken.json', 'folder.json', 'invalid.json']
  const json = run([...args, '--json'], dir)
  assert.equal(json.code, 2)
  assert.equal(json.stderr, '')
  const out = JSON.parse(json.stdout)
  assert.equal(out.ok, false)
  assert.deepEqual(
    out.files.map((f) => [f.file, f.ok, f.error?.code ?? null, f.validation?.valid ?? null]),
    [
      ['nope.json', false, 'SPEC_UNREADABLE', null],
      ['good.json', true, null, true],
      ['broken.json', false, 'SPEC_NOT_JSON', null],
      ['folder.json', false, 'SPEC_UNREADABLE', null],
      ['invalid.json', false, null, false],
    ],
  )
  assert.deepEqual(out.files[0].error, { code: 'SPEC_UNREADABLE', message: 'cannot read spec nope.json: no such file', path: path.join(dir, 'nope.json') })
  assert.equal(out.files[2].error.path, path.join(dir, 'broken.json'))
  assert.match(out.files[2].error.message, /^spec broken\.json is not valid JSON: .* \(JSON allows no comma before \}\)$/)
  assert.equal(out.files[3].error.message, 'cannot read spec folder.json: it is a folder')
  // The first file that could not be read is also `error`, as the usage error was before.
  assert.deepEqual(out.error, out.files[0].error)

  const text = run(args, dir)
  assert.equal(text.code, 2)
  assert.match(text.stdout, /^✔ good\.json is valid/m)
  const said = text.stderr.split('\n')
  assert.ok(said.includes('migration-generator: cannot read spec nope.json: no such file'), text.stderr)
  assert.ok(said.some((l) => l.startsWith('migration-generator: spec broken.json is not valid JSON: ')), text.stderr)
  assert.ok(said.includes('migration-generator: cannot read spec folder.json: it is a folder'), text.stderr)
  assert.match(text.stderr, /^✘ invalid\.json is invalid/m)
  assert.match(text.stderr, /^✘ 3 of 5 files could not be read \(nope\.json, broken\.json and folder\.json\); the others were checked$/m)
  // In the order given: an unreadable file's line comes where the file does.
  assert.ok(text.stderr.indexOf('nope.json') < text.stderr.indexOf('broken.json') && text.stderr.indexOf('folder.json') < text.stderr.indexOf('✘ invalid.json'), text.stderr)

  // Readable files all valid, one not readable: still exit 2 (not 0).
  const rest = run(['check', 'good.json', 'nope.json', '--json'], dir)
  assert.equal(rest.code, 2)
  assert.deepEqual(JSON.parse(rest.stdout).files.map((f) => f.ok), [true, false])
})

test('check of several files with one unreadable, as a real process: the later files are checked, exit code 2', () => {
  const dir = project()
  const r = spawnCli(['check', 'broken.json', 'good.json'], { cwd: dir })
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stdout, /^✔ good\.json is valid/m)
  assert.match(r.stderr, /^migration-generator: spec broken\.json is not valid JSON/m)
  const j = spawnCli(['check', 'broken.json', 'good.json', '--json'], { cwd: dir })
  assert.equal(j.code, 2)
  assert.equal(j.stderr, '')
  assert.deepEqual(JSON.parse(j.stdout).files.map((f) => [f.file, f.ok]), [['broken.json', false], ['good.json', true]])
})
