// The `migration-generator` command line: help, exit codes (0/1/2), one-line errors, writing
// nothing when validation fails or with --dry-run, the options, colors on a terminal only.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { filesUnder, runBounded } from './support/files.mjs'
import { repo, BIN, NOW, tempFolders, textStream, runCli, spawnCli, writeJson, tempFilesIn } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { main, migrationHalf, OPTIONS } = require('../lib/cli.js')
const api = require('../index.js')

const USERS = path.join(repo, 'examples', 'create_users_table.json')
const ORDERS = path.join(repo, 'examples', 'create_orders_table.json')
const tmp = tempFolders('mg-cli-')
const ESC = '\x1b['

/** Runs main() in-process with captured streams; `cwd` defaults to a new empty folder. */
const run = (args, { cwd = tmp(), env = {}, stdin } = {}) => ({ ...runCli(args, { cwd, env, stdin }), cwd })
/** Runs the real executable. */
const spawn = (args, { cwd = tmp(), env = {} } = {}) => ({ ...spawnCli(args, { cwd, env }), cwd })
const lines = (s) => s.split('\n').filter((l) => l !== '')
const INVALID = {
  description: 'bad_spec',
  databaseType: 'postgresql',
  tables: [{ name: 'user', columns: [{ name: 'Email', type: 'TEXT', nullable: false }], primaryKey: ['id'] }],
}

test('--help on the program and on every command (exit 0, stdout)', () => {
  for (const [args, heading] of [
    [['--help'], 'Usage: migration-generator <command>'],
    [['-h'], 'Usage: migration-generator <command>'],
    [['help'], 'Usage: migration-generator <command>'],
    [['generate', '--help'], 'Usage: migration-generator generate SPEC.json'],
    [['generate', USERS, '-h'], 'Usage: migration-generator generate SPEC.json'],
    [['help', 'generate'], 'Usage: migration-generator generate SPEC.json'],
    [['check', '--help'], 'Usage: migration-generator check SPEC.json'],
    [['introspect', '--help'], 'Usage: migration-generator introspect DB_PATH'],
    [['up', '--help'], 'Usage: migration-generator up MIGRATION.sql'],
    [['down', '--help'], 'Usage: migration-generator down MIGRATION.sql'],
  ]) {
    const r = run(args)
    assert.equal(r.code, 0, args.join(' '))
    assert.ok(r.stdout.startsWith(heading), `${args.join(' ')}: ${r.stdout}`)
    assert.equal(r.stderr, '')
    assert.deepEqual(filesUnder(r.cwd), [])
  }
  for (const opt of ['--db', '--dialect', '--out', '--types', '--now', '--description', '--allow-data-loss', '--dry-run', '--json']) {
    assert.ok(run(['generate', '--help']).stdout.includes(opt), `generate --help lists ${opt}`)
  }
  assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/)
  // --version on a command too, as --help.
  for (const args of [['generate', '--version'], ['check', USERS, '-v'], ['up', '--version'], ['introspect', '--version']]) {
    const r = run(args)
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
    assert.equal(r.stdout, run(['--version']).stdout)
    assert.deepEqual(filesUnder(r.cwd), [])
  }
  assert.match(JSON.parse(run(['generate', '--version', '--json']).stdout).version, /^\d+\.\d+\.\d+$/)
})

test('usage errors: exit 2 and one line on stderr', () => {
  const dir = tmp()
  const cases = [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['--frob'], /unknown option '--frob'/],
    [['help', 'frob'], /unknown command 'frob'/],
    [['help', 'generate', 'check'], /help takes one command, not 2 arguments/],
    // (--out and --recreate are check's too: the folder whose earlier migrations it reads.)
    [['check', USERS, '--types', 'x'], /unknown option '--types' \(an option of generate only\)/],
    [['introspect', 'app.db', '--db', 'x'], /unknown option '--db' \(an option of generate and check only\)/],
    [['generate'], /missing SPEC\.json/],
    [['check'], /missing SPEC\.json/],
    [['introspect'], /missing DB_PATH/],
    [['generate', USERS, '--bogus'], /unknown option '--bogus'/],
    [['generate', USERS, '--dialect'], /--dialect/],
    [['generate', USERS, '--dialect', 'oracle'], /--dialect must be sqlite, postgresql or mysql, not 'oracle'/],
    [['generate', USERS, ORDERS], /one SPEC\.json/],
    [['generate', USERS, '--db', path.join(dir, 'missing.db')], /database .*missing\.db not found/],
    [['check', USERS, '--dialect', 'mssql'], /--dialect must be/],
    [['generate', USERS, '--self-check', 'auto'], /--self-check must be full or expressions, not 'auto'/],
    [['check', USERS, '--self-check', 'none'], /--self-check must be/],
    [['generate', USERS, '--now', 'garbage'], /--now must be an ISO-8601 instant such as 2026-02-09T12:00:00Z, not 'garbage'/],
    [['generate', USERS, '--now', '2026-13-01T00:00:00Z'], /--now must be/],
    [['generate', USERS, '--now', '2026-02-09X12:00:00Z'], /--now must be/],
    // The argument as typed, not the parser's letter; the option meant, when it is one of ours.
    [['check', '-spec.json'], /unknown option '-spec\.json' \(for a file whose name starts with '-', write \.\/-spec\.json or put it after --\)/],
    [['generate', USERS, '--Out', 'x'], /unknown option '--Out' \(did you mean --out\?\)/],
    [['generate', USERS, '--dryrun'], /unknown option '--dryrun' \(did you mean --dry-run\?\)/],
    [['generate', USERS, '--name', 'add_x'], /unknown option '--name' \(did you mean --description\?\)/],
    [['generate', USERS, '--out', '--dry-run'], /option '--out' needs a value, and '--dry-run' looks like an option \(for a value that starts with '-', write --out=--dry-run\)/],
    [['generate', USERS, '--types'], /^migration-generator: option '--types' needs a value \(/],
    [['generate', USERS, '--dry-run=yes'], /option '--dry-run' takes no value/],
    // An empty value (a variable that is not set) would name the working folder.
    [['generate', USERS, '--out', ''], /--out needs a value, not an empty one/],
    [['generate', USERS, '--types='], /--types needs a value, not an empty one/],
    [['check', USERS, '--db', ''], /--db needs a value, not an empty one/],
    // An empty description names no file: the same usage error, not a validation error.
    [['generate', USERS, '--description', ''], /--description needs a value, not an empty one/],
    // "not with --db": both say what the database holds.
    [['generate', USERS, '--db', path.join(dir, 'app.db'), '--previous', USERS], /--db and --previous both say what the database holds: give one of them/],
    [['check', USERS, '--previous', USERS, '--db', path.join(dir, 'app.db')], /--db and --previous both say what the database holds/],
    [['introspect', ''], /an empty argument names no file/],
    [['up', ''], /an empty argument names no file/],
  ]
  for (const [args, message] of cases) {
    const r = run(args, { cwd: dir })
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.equal(lines(r.stderr).length, 1, `${args.join(' ')}: one line: ${r.stderr}`)
    assert.match(r.stderr, message)
    assert.equal(r.stdout, '')
  }
  const none = run([])
  assert.equal(none.code, 2)
  assert.match(none.stderr, /Usage: migration-generator <command>/)
  assert.deepEqual(filesUnder(dir), [])
})

test('a missing or non-JSON spec file: one clear line, exit 2, no stack trace (real process)', () => {
  const dir = tmp()
  writeJson(dir, 'broken.json', '{ "description": "x", ')
  fs.mkdirSync(path.join(dir, 'folder.json'))
  for (const cmd of ['generate', 'check']) {
    for (const [file, message] of [
      ['nope.json', /^migration-generator: cannot read spec nope\.json: no such file\n$/],
      ['broken.json', /^migration-generator: spec broken\.json is not valid JSON: .+\n$/],
      ['folder.json', /^migration-generator: cannot read spec folder\.json: it is a folder\n$/],
    ]) {
      const r = spawn([cmd, file], { cwd: dir })
      assert.equal(r.code, 2, r.stderr)
      assert.match(r.stderr, message)
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
      assert.equal(r.stdout, '')
    }
  }
  assert.deepEqual(filesUnder(dir), ['broken.json'])
})

test('a spec with a byte order mark (UTF-8 or UTF-16) is read; a JSON mistake is said with its line and column, and what JSON does not allow', () => {
  const dir = tmp()
  const spec = fs.readFileSync(USERS, 'utf8')
  writeJson(dir, 'bom.json', `\ufeff${spec}`)
  const ok = run(['check', 'bom.json'], { cwd: dir })
  assert.equal(ok.code, 0, ok.stderr)
  // UTF-16 with its byte order mark (Windows PowerShell 5's `introspect app.db --json > spec.json`).
  fs.writeFileSync(path.join(dir, 'le.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(spec.replace(/\n/g, '\r\n'), 'utf16le')]))
  fs.writeFileSync(path.join(dir, 'be.json'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(spec, 'utf16le').swap16(), Buffer.from('x')]))
  assert.equal(run(['check', 'le.json'], { cwd: dir }).code, 0)
  const be = run(['check', 'be.json'], { cwd: dir })
  assert.equal(be.code, 0, be.stderr)
  const fromStdin = spawnSync(process.execPath, [BIN, 'check', '-'], { cwd: dir, input: fs.readFileSync(path.join(dir, 'le.json')), encoding: 'utf8' })
  assert.equal(fromStdin.status, 0, fromStdin.stderr)
  for (const [text, message] of [
    ['{\n  "description": "x",\n  "tables": [\n    {"name": "a",}\n  ]\n}\n', "Expected double-quoted property name at line 4, column 18 (JSON allows no comma before })"],
    ['{\n  "tables": [1, 2,\n  ]\n}', "Unexpected token ']' at line 3, column 3 (JSON allows no comma before ])"],
    ['{\n  "description": x\n}\n', "Unexpected token 'x' at line 2, column 18"],
    ['// the spec\n{}', 'Unexpected token \'/\' at line 1, column 1 (JSON has no comments)'],
    ['{\n "a": 1 /* c */\n}', "Expected ',' or '}' after property value at line 2, column 9 (JSON has no comments)"],
    ['{\n "a": "x', 'Unterminated string at the end of the file (line 2)'],
    ['', 'the file is empty'],
    ['\ufeff \n', 'the file is empty'],
  ]) {
    writeJson(dir, 'broken.json', text)
    const r = run(['check', 'broken.json'], { cwd: dir })
    assert.equal(r.code, 2, r.stderr)
    assert.equal(r.stderr, `migration-generator: spec broken.json is not valid JSON: ${message}\n`)
    const j = run(['check', 'broken.json', '--json'], { cwd: dir })
    assert.equal(JSON.parse(j.stdout).error.message, `spec broken.json is not valid JSON: ${message}`)
  }
  // Bytes that are not UTF-8 (Latin-1's é), and UTF-16 without its byte order mark: said, where
  // each bad byte became U+FFFD in the names and the header without a word.
  for (const [bytes, message] of [
    [Buffer.concat([Buffer.from('{"description": "caf'), Buffer.from([0xe9]), Buffer.from('", "tables": []}')]), 'it is not UTF-8 text (near byte 21); save it as UTF-8'],
    [Buffer.from(spec, 'utf16le'), 'it looks like UTF-16 without a byte order mark; save it as UTF-8'],
  ]) {
    fs.writeFileSync(path.join(dir, 'encoded.json'), bytes)
    const r = run(['check', 'encoded.json'], { cwd: dir })
    assert.equal(r.code, 2, r.stderr)
    assert.equal(r.stderr, `migration-generator: spec encoded.json is not valid JSON: ${message}\n`)
  }
})

test("'-' reads the spec (check, generate) or the migration (up, down) from standard input (real process too)", () => {
  const dir = tmp()
  const spec = fs.readFileSync(USERS, 'utf8')
  const ok = run(['check', '-'], { cwd: dir, stdin: spec })
  assert.equal(ok.code, 0, ok.stderr)
  assert.match(ok.stdout, /^✔ \(stdin\) is valid/)
  const twice = run(['check', '-', USERS, '-'], { cwd: dir, stdin: spec })
  assert.equal(twice.code, 2)
  assert.match(twice.stderr, /standard input \('-'\) can be read only once/)
  const bad = run(['check', '-', '--json'], { cwd: dir, stdin: '{' })
  assert.equal(bad.code, 2)
  assert.deepEqual(JSON.parse(bad.stdout).error, { code: 'SPEC_NOT_JSON', message: "spec (stdin) is not valid JSON: Expected property name or '}' at the end of the file (line 1)" })
  const gen = run(['generate', '-', '--now', NOW], { cwd: dir, stdin: spec })
  assert.equal(gen.code, 0, gen.stderr)
  const file = path.join(dir, 'database', 'migrations', '20260209120000_create_users_table.sql')
  const text = fs.readFileSync(file, 'utf8')
  assert.equal(run(['up', '-'], { cwd: dir, stdin: text }).stdout, migrationHalf(text, 'up'))
  assert.equal(run(['down', '-', '--json'], { cwd: dir, stdin: text }).stdout, `${JSON.stringify({ ok: true, sql: migrationHalf(text, 'down') }, null, 2)}\n`)
  const notOne = run(['up', '-'], { cwd: dir, stdin: 'SELECT 1;' })
  assert.equal(notOne.code, 2)
  assert.match(notOne.stderr, /^migration-generator: \(stdin\) is not a migration file/)
  const real = spawnSync(process.execPath, [BIN, 'up', '-'], { cwd: dir, input: text, encoding: 'utf8' })
  assert.equal(real.status, 0, real.stderr)
  assert.equal(real.stdout, migrationHalf(text, 'up'))
})

test('a spec or migration file far larger than any spec (/dev/zero, a dump named by mistake) is refused after a bounded read, not read until memory runs out (real process)', { skip: !fs.existsSync('/dev/zero') }, () => {
  const dir = tmp()
  const spec = spawnSync(process.execPath, [BIN, 'check', '/dev/zero'], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  assert.equal(spec.status, 2, spec.stderr)
  assert.equal(spec.stderr, 'migration-generator: cannot read spec /dev/zero: it is larger than 160 MiB\n')
  const up = spawnSync(process.execPath, [BIN, 'up', '/dev/zero', '--json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  assert.equal(up.status, 2)
  assert.equal(JSON.parse(up.stdout).error.message, 'cannot read migration /dev/zero: it is larger than 480 MiB')
})

test('generate writes the migration and the types and prints what it wrote (real process, exit 0)', () => {
  const r = spawn(['generate', USERS, '--now', NOW])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(lines(r.stdout), [
    `wrote ${path.join('database', 'migrations', '20260209120000_create_users_table.sql')}`,
    `wrote ${path.join('types', 'generated', 'db', 'users.d.ts')}`,
    `wrote ${path.join('types', 'generated', 'db', 'index.d.ts')}`,
  ])
  const expected = api.generateMigration({ ...JSON.parse(fs.readFileSync(USERS, 'utf8')), now: NOW })
  assert.equal(fs.readFileSync(path.join(r.cwd, 'database/migrations/20260209120000_create_users_table.sql'), 'utf8'), expected.fileContent)
  // Warnings with their code, table, constraint and suggestion, on stderr.
  assert.match(r.stderr, /^warning DOWN_DATA_LOSS users: .+\n {2}→ .+$/m)
  assert.doesNotMatch(r.stdout + r.stderr, /\x1b\[/, 'plain when piped')
  // Again: the migration exists -> exit 1, one error line naming the file, nothing changed.
  const before = filesUnder(r.cwd)
  const again = spawn(['generate', USERS, '--now', NOW], { cwd: r.cwd })
  assert.equal(again.code, 1)
  assert.match(again.stderr, /^error FILE_EXISTS: migration .*20260209120000_create_users_table\.sql already exists, with this very up migration: apply it \(or delete it\) before generating again/m)
  assert.equal(again.stdout, '')
  assert.deepEqual(filesUnder(r.cwd), before)
})

test('FILE_EXISTS names the migration as the rest of the command names paths (relative, under the folder given), whichever check found it', () => {
  const dir = tmp()
  writeJson(dir, 'users.json', fs.readFileSync(USERS, 'utf8'))
  const users = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  users.tables[0].columns.push({ name: 'nick', type: 'TEXT', nullable: true })
  writeJson(dir, 'users2.json', users)
  for (const out of [[], ['--out', 'db/../database/migrations']]) {
    fs.rmSync(path.join(dir, 'database'), { recursive: true, force: true })
    assert.equal(spawn(['generate', 'users.json', '--now', NOW, ...out], { cwd: dir }).code, 0)
    // The very migration again: the command's own FILE_EXISTS.
    const same = spawn(['generate', 'users.json', '--now', NOW, ...out], { cwd: dir })
    assert.match(same.stderr, /^error FILE_EXISTS: migration database\/migrations\/20260209120000_create_users_table\.sql already exists, with this very up/m)
    // Another migration of the same name (same description and second): the writer's, which
    // named it with an absolute path.
    const other = spawn(['generate', 'users2.json', '--now', NOW, ...out], { cwd: dir })
    assert.equal(other.code, 1, other.stderr)
    assert.match(other.stderr, /^error FILE_EXISTS: migration database\/migrations\/20260209120000_create_users_table\.sql already exists; it is never overwritten/m)
    // --json keeps the absolute path in `path`.
    const json = JSON.parse(spawn(['generate', 'users2.json', '--now', NOW, '--json', ...out], { cwd: dir }).stdout)
    assert.equal(json.error.path, path.join(fs.realpathSync(dir), 'database', 'migrations', '20260209120000_create_users_table.sql'))
    assert.match(json.error.message, /^migration database\/migrations\/20260209120000_create_users_table\.sql already exists/)
  }
})

test('a folder generate cannot write: WRITE_FAILED names the folder as given (not the writer\'s hidden claim or lock file) and says to check its permissions or choose another --out / --types', () => {
  const dir = tmp()
  writeJson(dir, 'users.json', fs.readFileSync(USERS, 'utf8'))
  // A file in the path fails for root too (ENOTDIR).
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'x')
  const blocked = spawn(['generate', 'users.json', '--now', NOW, '--out', 'notes.txt/migrations'], { cwd: dir })
  assert.equal(blocked.code, 1, blocked.stderr)
  assert.equal(blocked.stderr, 'error WRITE_FAILED: cannot write notes.txt/migrations: a part of the path is a file, not a folder (ENOTDIR); move the file that is in the way, or choose another folder (--out DIR)\n')
  const typesBlocked = spawn(['generate', 'users.json', '--now', NOW, '--types', 'notes.txt/db'], { cwd: dir })
  assert.match(typesBlocked.stderr, /^error WRITE_FAILED: cannot write notes\.txt\/db: .*\(ENOTDIR\); move the file that is in the way, or choose another folder \(--types DIR\)$/m)
  if (process.platform === 'win32') return
  // A read-only folder: root ignores permissions, so run as an unprivileged user then (as the
  // trial did), who can read the repository.
  fs.mkdirSync(path.join(dir, 'ro'))
  fs.mkdirSync(path.join(dir, 'out'))
  fs.mkdirSync(path.join(dir, 'rotypes'))
  const asUser = process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {}
  if (asUser.uid !== undefined) {
    fs.chmodSync(dir, 0o777)
    fs.chmodSync(path.join(dir, 'out'), 0o777)
    fs.chmodSync(path.join(dir, 'users.json'), 0o644)
  }
  fs.chmodSync(path.join(dir, 'ro'), 0o555)
  fs.chmodSync(path.join(dir, 'rotypes'), 0o555)
  const as = (args) => spawnCli(args, { cwd: dir, ...asUser })
  const ro = as(['generate', 'users.json', '--now', NOW, '--out', 'ro'])
  assert.equal(ro.code, 1, ro.stderr)
  assert.equal(ro.stderr, 'error WRITE_FAILED: cannot write in the folder ro: permission denied (EACCES); check that this user may write there (the owner and permissions of the folder and of the folders above it), or choose another folder (--out DIR)\n')
  const json = JSON.parse(as(['generate', 'users.json', '--now', NOW, '--out', 'ro', '--json']).stdout)
  assert.equal(json.error.code, 'WRITE_FAILED')
  assert.equal(json.error.path, path.join(fs.realpathSync(dir), 'ro'))
  const types = as(['generate', 'users.json', '--now', NOW, '--out', 'out', '--types', 'rotypes'])
  assert.equal(types.code, 1, types.stderr)
  assert.doesNotMatch(types.stderr, /\/\./, 'no hidden file of the writer is named')
  assert.match(types.stderr, /^error WRITE_FAILED: cannot write (in the folder rotypes|rotypes\/users\.d\.ts): permission denied \(EACCES\); check that this user may write (there|in the folder rotypes) \(.*\), or choose another folder \(--types DIR\)$/m)
  fs.chmodSync(path.join(dir, 'ro'), 0o755)
  fs.chmodSync(path.join(dir, 'rotypes'), 0o755)
  assert.deepEqual(filesUnder(dir), ['notes.txt', 'users.json'], 'nothing written')
})

test('generate of a migration already written whose types are missing (a write cut short): FILE_EXISTS says how to write only the types, and that command does', () => {
  const dir = tmp()
  writeJson(dir, 'users.json', fs.readFileSync(USERS, 'utf8'))
  const first = spawn(['generate', 'users.json', '--now', NOW, '--types', 'src/db'], { cwd: dir })
  assert.equal(first.code, 0, first.stderr)
  const migration = path.join(dir, 'database', 'migrations', '20260209120000_create_users_table.sql')
  const text = fs.readFileSync(migration, 'utf8')
  // The half-done state a writer that placed the migration first could leave (kill -9).
  fs.rmSync(path.join(dir, 'src'), { recursive: true })
  const again = spawn(['generate', 'users.json', '--now', NOW, '--types', 'src/db'], { cwd: dir })
  assert.equal(again.code, 1)
  assert.match(again.stderr, /^error FILE_EXISTS: migration .*20260209120000_create_users_table\.sql already exists, with this very up migration: apply it \(or delete it\) before generating again; if its type files are missing \(a write cut short\), `generate users\.json --previous users\.json --types src\/db` writes only them/m)
  assert.deepEqual(filesUnder(dir), [path.join('database', 'migrations', '20260209120000_create_users_table.sql'), 'users.json'])
  // The command it gives: no migration, the types.
  const types = spawn(['generate', 'users.json', '--previous', 'users.json', '--types', 'src/db'], { cwd: dir })
  assert.equal(types.code, 0, types.stderr)
  assert.deepEqual(lines(types.stdout).slice(1), [`wrote ${path.join('src', 'db', 'users.d.ts')}`, `wrote ${path.join('src', 'db', 'index.d.ts')}`])
  assert.equal(fs.readFileSync(migration, 'utf8'), text)
  assert.deepEqual(filesUnder(dir), [path.join('database', 'migrations', '20260209120000_create_users_table.sql'), path.join('src', 'db', 'index.d.ts'), path.join('src', 'db', 'users.d.ts'), 'users.json'])
})

test('generate against a database (--db) of a migration already written: FILE_EXISTS gives no --previous advice, which --db refuses', () => {
  const dir = tmp()
  const users = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  writeJson(dir, 'users.json', { ...users, databaseType: 'sqlite' })
  fs.writeFileSync(path.join(dir, 'app.db'), '')
  const args = ['generate', 'users.json', '--db', 'app.db', '--now', NOW, '--types', 'src/db']
  const first = spawn(args, { cwd: dir })
  assert.equal(first.code, 0, first.stderr)
  const again = spawn(args, { cwd: dir })
  assert.equal(again.code, 1)
  assert.match(again.stderr, /^error FILE_EXISTS: migration .* already exists, with this very up migration: apply it \(or delete it\) before generating again$/m)
})

test('generate says which type files it kept as they were (types not changed): "unchanged", and --json lists them apart from written', () => {
  const dir = tmp()
  const spec = (name, description, extra) => writeJson(dir, name, {
    description, databaseType: 'postgresql', generateTypes: true,
    tables: [
      { name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] },
      { name: 'orders', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, ...extra.map((c) => ({ name: c, type: 'TEXT', nullable: true }))] },
    ],
  })
  const v1 = spec('v1.json', 'init', [])
  const v2 = spec('v2.json', 'orders note', ['note'])
  const v3 = spec('v3.json', 'orders tag', ['note', 'tag'])
  const first = run(['generate', v1, '--now', NOW], { cwd: dir })
  assert.equal(first.code, 0, first.stderr)
  const typesDir = path.join('types', 'generated', 'db')
  const users = path.join(typesDir, 'users.d.ts')
  const before = fs.readFileSync(path.join(dir, users), 'utf8')
  const second = run(['generate', v2, '--previous', v1, '--now', '2026-02-10T00:00:00Z'], { cwd: dir })
  assert.equal(second.code, 0, second.stderr)
  assert.deepEqual(lines(second.stdout), [
    `wrote ${path.join('database', 'migrations', '20260210000000_orders_note.sql')}`,
    `unchanged ${users}`,
    `wrote ${path.join(typesDir, 'orders.d.ts')}`,
    // It lists the same tables and type names as before.
    `unchanged ${path.join(typesDir, 'index.d.ts')}`,
  ])
  assert.equal(fs.readFileSync(path.join(dir, users), 'utf8'), before, 'kept as it was, naming the first migration')
  // --json: `written` holds what was written, `unchanged` what was kept.
  const json = run(['generate', v3, '--previous', v2, '--now', '2026-02-11T00:00:00Z', '--json'], { cwd: dir })
  assert.equal(json.code, 0, json.stdout)
  const out = JSON.parse(json.stdout)
  assert.deepEqual(out.written.map((p) => path.relative(dir, p)), [path.join('database', 'migrations', '20260211000000_orders_tag.sql'), path.join(typesDir, 'orders.d.ts')])
  assert.deepEqual(out.unchanged.map((p) => path.relative(dir, p)), [users, path.join(typesDir, 'index.d.ts')])
})

/**
 * Starts the real executable on `args` in `cwd`, waits until a temporary file of the write
 * appears in `watched`, sends `signal`, and resolves to its exit code and output.
 */
function signalMidWrite(args, cwd, watched, signal) {
  const { spawn: start } = require('node:child_process')
  const child = start(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => { stdout += c })
  child.stderr.on('data', (c) => { stderr += c })
  const closed = new Promise((resolve) => child.on('close', (code, sig) => resolve({ code, sig, stdout, stderr })))
  let sent = false
  const poll = setInterval(() => {
    if (!sent && tempFilesIn(watched) > 0) {
      sent = true
      child.kill(signal)
    }
  }, 2)
  return closed.finally(() => clearInterval(poll)).then((r) => ({ ...r, sent }))
}

/**
 * Runs the command line and, once it has staged 1,000 temporary files in `watched` (so that
 * undoing them takes a while), sends it SIGINT, then SIGINT again every 2 ms until it ends (a
 * second Ctrl-C); resolves to how it ended and how long it took after the first. One repeat is
 * not enough: a signal sent while the same one is still pending is merged with it by the kernel,
 * so under load (CI) two signals 1 ms apart could arrive as one, and the command then rightly
 * finished its undo.
 */
function doubleInterrupt(args, cwd, watched) {
  const { spawn: start } = require('node:child_process')
  const child = start(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH } })
  let stderr = ''
  child.stderr.on('data', (c) => { stderr += c })
  let sentAt = null
  const closed = new Promise((resolve) => child.on('close', (code, sig) => resolve({ code, sig, stderr, after: Date.now() - sentAt })))
  const poll = setInterval(() => {
    if (sentAt !== null) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
      return
    }
    if (tempFilesIn(watched) >= 1_000) {
      sentAt = Date.now()
      child.kill('SIGINT')
    }
  }, 2)
  return closed.finally(() => clearInterval(poll)).then((r) => ({ ...r, sent: sentAt !== null }))
}

/** A spec of `n` small tables, with types: writing it takes seconds (a flushed file per table). */
function bigSpec(dir, n) {
  const tables = Array.from({ length: n }, (_, i) => ({ name: `t_${i}`, columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'label', type: 'TEXT', nullable: true }], primaryKey: ['id'] }))
  return writeJson(dir, 'big.json', { description: 'big', databaseType: 'sqlite', generateTypes: true, selfCheck: 'expressions', tables })
}

test('a second SIGINT while generate undoes its write is not waited on: the command ends at once, killed by it', async () => {
  const dir = tmp()
  const spec = bigSpec(dir, 3000)
  const r = await doubleInterrupt(['generate', spec, '--now', NOW], dir, path.join(dir, 'types', 'generated', 'db'))
  assert.ok(r.sent, `the write began: ${r.stderr}`)
  // The first signal was taken (the CLI's handler said so): the second, not the default action
  // of the first, ended it.
  assert.match(r.stderr, /SIGINT: stopping: undoing/)
  // Ended by the signal itself (the shell says 130), not by the exit code of a finished undo.
  assert.equal(r.sig, 'SIGINT', `code ${r.code}: ${r.stderr}`)
  assert.equal(r.code, null)
  assert.doesNotMatch(r.stderr, /interrupted \(SIGINT\): nothing written/)
  assert.ok(r.after < 2_000, `it ended ${r.after} ms after the first signal`)
})

test('generate interrupted while it writes (SIGINT, SIGTERM) removes what it made and exits 130 / 143', async () => {
  const dir = tmp()
  const spec = bigSpec(dir, 3000)
  const typesDir = path.join(dir, 'types', 'generated', 'db')
  const int = await signalMidWrite(['generate', spec, '--now', NOW], dir, typesDir, 'SIGINT')
  assert.ok(int.sent, `the write began: ${int.stderr}`)
  assert.equal(int.code, 130, int.stderr)
  assert.equal(int.stdout, '')
  assert.match(int.stderr, /^migration-generator: interrupted \(SIGINT\): nothing written; the temporary files, the migration and the folders this run had made are removed/m)
  assert.deepEqual(filesUnder(dir), ['big.json'], 'no temporary file, migration, claim or type file left')
  assert.deepEqual(fs.readdirSync(dir), ['big.json'], 'the folders it made are removed')

  // Into a project with a migration and types already: those stay as they were.
  const earlier = spawn(['generate', USERS, '--now', '2026-01-01T00:00:00Z'], { cwd: dir })
  assert.equal(earlier.code, 0, earlier.stderr)
  const before = Object.fromEntries(filesUnder(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]))
  const term = await signalMidWrite(['generate', spec, '--now', NOW, '--json'], dir, typesDir, 'SIGTERM')
  assert.equal(term.code, 143, term.stderr)
  assert.equal(term.stderr, '')
  const out = JSON.parse(term.stdout)
  assert.equal(out.ok, false)
  assert.equal(out.error.code, 'INTERRUPTED')
  assert.match(out.error.message, /^interrupted \(SIGTERM\): nothing written/)
  assert.deepEqual(Object.fromEntries(filesUnder(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')])), before)
})

test('generate killed while it writes (SIGKILL, no chance to undo): the next generate removes its temporary files at once, and says so; one whose name does not say its process-id namespace waits 30 s', async () => {
  const dir = tmp()
  const spec = bigSpec(dir, 3000)
  const typesDir = path.join(dir, 'types', 'generated', 'db')
  const killed = await signalMidWrite(['generate', spec, '--now', NOW], dir, typesDir, 'SIGKILL')
  assert.equal(killed.sig, 'SIGKILL')
  const leftovers = () => filesUnder(dir).filter((f) => f.endsWith('.tmp'))
  const left = leftovers()
  assert.ok(left.length > 0, 'a killed writer leaves temporary files')
  // Two more of that process, named as a writer of another process-id namespace (a container
  // sharing the host name) or an earlier version names them, without the `s…` tag: one made a
  // minute ago, one fresh.
  const untagged = ['0123456789ab', 'ba9876543210'].map((random) => {
    const to = left[0].replace(/(\.h[0-9a-f]{6})s[0-9a-f]{8}\.[0-9a-f]{12}\.tmp$/, `$1.${random}.tmp`)
    assert.notEqual(to, left[0], `the name says the namespace: ${left[0]}`)
    fs.copyFileSync(path.join(dir, left[0]), path.join(dir, to))
    return to
  })
  const minuteAgo = new Date(Date.now() - 60_000)
  fs.utimesSync(path.join(dir, untagged[0]), minuteAgo, minuteAgo)
  // Before, each was kept until 30 s old, whatever its name.
  const next = spawn(['generate', USERS, '--now', NOW], { cwd: dir })
  assert.equal(next.code, 0, next.stderr)
  assert.deepEqual(leftovers(), untagged.slice(1), 'their process is gone: removed at once, but the fresh one of a namespace not known to be this one')
  const pid = /\.(\d+)\.h[0-9a-f]{6}s/.exec(left[0])[1]
  assert.match(next.stderr, new RegExp(`^note: removed what a writer killed mid-write left \\(pid ${pid}, no longer running\\): .*\\.tmp`, 'm'))
})

test('generate killed with kill -9 while it writes: the same command run again at once is not refused as "being written by another writer" (the claim\'s process is gone)', async () => {
  const dir = tmp()
  const spec = bigSpec(dir, 300)
  const typesDir = path.join(dir, 'types', 'generated', 'db')
  const killed = await signalMidWrite(['generate', spec, '--now', NOW], dir, typesDir, 'SIGKILL')
  assert.equal(killed.sig, 'SIGKILL')
  const migrations = path.join(dir, 'database', 'migrations')
  const claim = '.20260209120000.migration-timestamp-claim'
  assert.ok(fs.readdirSync(migrations).includes(claim), `the killed writer left its claim: ${fs.readdirSync(migrations)}`)
  // Before, FILE_EXISTS "… is being written by another writer at this moment" for 30 s.
  const again = spawn(['generate', spec, '--now', NOW], { cwd: dir })
  assert.equal(again.code, 0, again.stderr)
  assert.doesNotMatch(again.stderr, /another writer/)
  // The second asked for: the dead writer's claim is removed, and said so. (Before, one second
  // after it, 20260209120001_big.sql, without a word, and the claim left in the folder.)
  assert.match(again.stdout, /^wrote database\/migrations\/20260209120000_big\.sql$/m)
  assert.ok(!fs.readdirSync(migrations).includes(claim), 'the claim is removed')
  assert.match(again.stderr, /^note: removed what a writer killed mid-write left \(pid \d+, no longer running\): database\/migrations\/\.20260209120000\.migration-timestamp-claim/m)
  // A claim of a writer that is alive (this test's process stands for it) still refuses, and
  // says what to do if no writer is running.
  const { createHash } = require('node:crypto')
  const host = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)
  fs.writeFileSync(path.join(migrations, '.20260301000000.migration-timestamp-claim'), JSON.stringify({ migration: 'create_users_table.sql', pid: process.pid, host }))
  const live = spawn(['generate', USERS, '--now', '2026-03-01T00:00:00Z', '--recreate'], { cwd: dir })
  assert.equal(live.code, 1)
  assert.match(live.stderr, /FILE_EXISTS: migration .*20260301000000_create_users_table\.sql is being written by another writer at this moment .*if no writer is running, that claim was left by one that was killed: delete it\)/)
})

test('generate: a FIFO or a link to /dev/zero in --out (named like a migration) or --types (a *.d.ts) is passed over, not read: no hang, no memory without end (a MIGRATION_NOT_READ warning for the migrations)', { skip: process.platform === 'win32' || !fs.existsSync('/dev/zero') }, async () => {
  const dir = tmp()
  for (const d of ['out', 'types']) fs.mkdirSync(path.join(dir, d))
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'out', '20000101000000_old.sql'), path.join(dir, 'types', 'zz.d.ts')]).status, 0)
  fs.symlinkSync('/dev/zero', path.join(dir, 'out', '20000102000000_zero.sql'))
  fs.symlinkSync('/dev/zero', path.join(dir, 'types', 'zy.d.ts'))
  // Before: --dry-run hung on the FIFO migration (reading the migrations), the write on the FIFO
  // *.d.ts (its first SIGTERM did not end it), and /dev/zero took 8.5 GB in 15 s.
  for (const extra of [['--dry-run'], []]) {
    const r = await runBounded([BIN, 'generate', USERS, '--out', 'out', '--types', 'types', '--now', NOW, '--json', ...extra], { cwd: dir, ms: 30_000 })
    assert.equal(r.killedFor, null, `${extra} killed for its ${r.killedFor} (${r.maxRssMb} MB)`)
    assert.equal(r.code, 0, r.stdout)
    const out = JSON.parse(r.stdout)
    assert.equal(out.filename, '20260209120000_create_users_table.sql')
    const notRead = out.result.validation.warnings.filter((w) => w.code === 'MIGRATION_NOT_READ').map((w) => w.message).sort()
    assert.deepEqual(notRead, [
      'out/20000101000000_old.sql was not read (it is a FIFO (named pipe), not a regular file): whether it already makes a change of this migration was not checked',
      'out/20000102000000_zero.sql was not read (it is a device, not a regular file): whether it already makes a change of this migration was not checked',
    ])
  }
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'types', 'index.d.ts'), 'utf8'), /zz|zy/)
})

test('generate and check: an earlier migration with its -- UP MIGRATION line and no -- DOWN MIGRATION line (its down half cut off by hand) is all up half after that line, as a runner splitting at the DOWN line runs it: a table it creates is TABLE_CREATED_BEFORE; one with only the DOWN line has an empty up half', () => {
  const users = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  for (const [what, text, created] of [
    ['up only', '-- UP MIGRATION\nCREATE TABLE users (id INTEGER);\n', true],
    ['up only, CRLF', '-- UP MIGRATION\r\nCREATE TABLE users (id INTEGER);\r\n', true],
    ['down only', '-- DOWN MIGRATION\nCREATE TABLE users (id INTEGER);\n', false],
    ['both', '-- UP MIGRATION\nCREATE TABLE users (id INTEGER);\n-- DOWN MIGRATION\nDROP TABLE users;\n', true],
  ]) {
    const dir = tmp()
    const migrations = path.join(dir, 'database', 'migrations')
    fs.mkdirSync(migrations, { recursive: true })
    fs.writeFileSync(path.join(migrations, '20000101000000_init.sql'), text)
    const spec = writeJson(dir, 'spec.json', { ...users, now: NOW })
    for (const args of [['generate', spec, '--dry-run', '--json'], ['check', spec, '--json']]) {
      const r = run(args, { cwd: dir })
      const out = JSON.parse(r.stdout)
      const validation = out.validation ?? out.result.validation
      assert.deepEqual(validation.errors.map((e) => e.code), created ? ['TABLE_CREATED_BEFORE'] : [], `${what}, ${args[0]}: ${r.stdout.slice(0, 400)}`)
      assert.equal(r.code, created ? 1 : 0, `${what}, ${args[0]}`)
    }
  }
})

test('generate and check: a link named like a migration that leads nowhere (its file deleted) is MIGRATION_NOT_READ, not passed over without a word', { skip: process.platform === 'win32' }, () => {
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(migrations, { recursive: true })
  fs.symlinkSync(path.join(dir, 'gone.sql'), path.join(migrations, '20000101000000_init.sql'))
  const spec = writeJson(dir, 'spec.json', { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), now: NOW })
  for (const args of [['generate', spec, '--dry-run', '--json'], ['check', spec, '--json']]) {
    const r = run(args, { cwd: dir })
    assert.equal(r.code, 0, r.stdout)
    const out = JSON.parse(r.stdout)
    const notRead = (out.validation ?? out.result.validation).warnings.filter((w) => w.code === 'MIGRATION_NOT_READ').map((w) => w.message)
    assert.deepEqual(notRead, ['database/migrations/20000101000000_init.sql was not read (it is a link to a file that does not exist): whether it already makes a change of this migration was not checked'], args[0])
  }
})

test('generate: an earlier migration far larger than any generated one (a seed file, a sparse file of gigabytes) is not read into memory: MIGRATION_NOT_READ, and the migration is written', async () => {
  const dir = tmp()
  const out = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(out, { recursive: true })
  const sparse = path.join(out, '20000101000000_seed.sql')
  fs.writeFileSync(sparse, '-- UP MIGRATION\nINSERT INTO seed VALUES (1);\n')
  fs.truncateSync(sparse, 3 * 1024 * 1024 * 1024)
  const r = await runBounded([BIN, 'generate', USERS, '--now', NOW], { cwd: dir, ms: 30_000, maxMb: 500 })
  assert.equal(r.killedFor, null, `killed for its ${r.killedFor} (${r.maxRssMb} MB)`)
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stderr, /^warning MIGRATION_NOT_READ: database\/migrations\/20000101000000_seed\.sql was not read \(it is larger than 32 MiB before its '-- DOWN MIGRATION' line\)/m)
  assert.match(r.stdout, /^wrote database\/migrations\/20260209120000_create_users_table\.sql$/m)
})

/**
 * Generates (--dry-run --json) a spec creating `users` on `dialect` next to an earlier migration
 * of text `earlier` (a hand-written one, without the UP/DOWN lines), in a child killed after 10 s:
 * `{ killedFor, code, out }`, `out` the JSON it printed.
 */
async function generateNextTo(earlier, dialect = 'sqlite') {
  const dir = tmp()
  fs.mkdirSync(path.join(dir, 'mig'))
  fs.writeFileSync(path.join(dir, 'mig', '20250101000000_x.sql'), earlier)
  const spec = writeJson(dir, 'spec.json', { description: 'create users', databaseType: dialect, tables: [{ name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
  const r = await runBounded([BIN, 'generate', spec, '--out', 'mig', '--dry-run', '--json', '--now', '2026-01-01T00:00:00Z'], { cwd: dir, ms: 10_000 })
  return { killedFor: r.killedFor, code: r.code, out: r.killedFor === null ? JSON.parse(r.stdout) : null, stdout: r.stdout }
}
/** The codes of the errors and warnings of a `generateNextTo` result. */
const issueCodes = (out) => [...out.result.validation.errors, ...out.result.validation.warnings].map((i) => i.code)

// Sizes at which the reading took more than 30 s before (on the machine of the fix: 57 to 83 s,
// over 120 s, 30 to 75 s) and takes well under 1 s since: the 10 s bound fails the old code
// whatever the machine's speed, and not the new one on a slow or busy machine. (A time measured
// is no good assertion; the bound only stands in for "the reading ends".) Each file also creates
// `users` after the hostile text: the reading goes on past it to the end of the file.
test('generate: reading an earlier migration is linear in its size: a SQLite [name] never closed (from every `;CREATE TABLE [`, every `,[` of a DROP TABLE line) is not read to the end of its line', async () => {
  const users = ';\nCREATE TABLE users (id INTEGER);\n'
  for (const [earlier, dialect] of [
    [`${';CREATE TABLE [a'.repeat(40000)}\n${users}`, 'sqlite'],
    [`DROP TABLE x${',[a'.repeat(100000)}${users}`, 'sqlite'],
    // `[` is no quote on PostgreSQL; the name pattern read it as one all the same.
    [`DROP TABLE x${',[a'.repeat(100000)}${users}`, 'postgresql'],
  ]) {
    const r = await generateNextTo(earlier, dialect)
    assert.equal(r.killedFor, null, `${dialect}: ${earlier.slice(0, 30)}… killed for its ${r.killedFor}`)
    assert.equal(r.code, 1, r.stdout)
    assert.deepEqual(issueCodes(r.out).filter((c) => c !== 'DOWN_DATA_LOSS'), ['TABLE_CREATED_BEFORE'])
  }
  // A [name] is still read, up to its `]` (a `,` in it too), and a table dropped after is gone.
  const dropped = await generateNextTo('CREATE TABLE [users] (id INTEGER);\nDROP TABLE [a,b], [users];\n')
  assert.equal(dropped.code, 0, dropped.stdout)
  assert.deepEqual(issueCodes(dropped.out).filter((c) => c !== 'DOWN_DATA_LOSS'), [])
})

test('generate: reading an earlier migration with thousands of SQLite rebuilds (`RENAME TO _mg_old_t` then `CREATE TABLE t (`) whose columns never end is linear in its size, not cubic', async () => {
  const earlier = 'ALTER TABLE t RENAME TO _mg_old_t;\nCREATE TABLE t (\n'.repeat(2000)
  const r = await generateNextTo(`${earlier};\nCREATE TABLE users (id INTEGER);\n`)
  assert.equal(r.killedFor, null, `killed for its ${r.killedFor}`)
  assert.equal(r.code, 1, r.stdout)
  assert.deepEqual(issueCodes(r.out).filter((c) => c !== 'DOWN_DATA_LOSS'), ['TABLE_CREATED_BEFORE'])
})

test('generate: an earlier migration of 20 MB (under the 32 MiB read cap) with a quoted name never closed, or of 20 million quotes, is read: a normal result, not INTERNAL_ERROR (the regular expression stack overflowed)', async () => {
  const users = ';\nCREATE TABLE users (id INTEGER);\n'
  for (const [earlier, dialect] of [
    [`CREATE TABLE ${'"'.repeat(20_000_000)}${users}`, 'sqlite'],
    [`CREATE TABLE "${'a'.repeat(20_000_000)}\n${users}`, 'postgresql'],
    [`CREATE TABLE ${'`'.repeat(20_000_000)}${users}`, 'mysql'],
    [`CREATE TABLE \`${'a'.repeat(20_000_000)}\n${users}`, 'mysql'],
  ]) {
    const r = await generateNextTo(earlier, dialect)
    const what = `${dialect}: ${earlier.slice(0, 16)}…`
    assert.equal(r.killedFor, null, `${what} killed for its ${r.killedFor}`)
    assert.equal(r.code, 1, `${what}: ${r.stdout.slice(0, 300)}`)
    assert.equal(r.out.ok, false)
    assert.equal(r.out.error, undefined, what)
    // The name of 20 MB is not read as one; the table after it is.
    assert.deepEqual(issueCodes(r.out).filter((c) => c !== 'DOWN_DATA_LOSS'), ['TABLE_CREATED_BEFORE'], what)
  }
})

test('generate: the up half of an earlier migration is read up to its DOWN line wherever that line falls in the reading (cut by its 1 MiB chunks, after a line longer than one, indented), so a down half of 33 MB after it is not read', async () => {
  const MiB = 1024 * 1024
  const down = `${'-- a seed row\n'.repeat(2_500_000)}`
  const up = 'CREATE TABLE users (id INTEGER);\n'
  for (const [what, text, read] of [
    // The marker cut in two by the first chunk's end.
    ['cut', `-- UP MIGRATION\n${up}${'-'.repeat(MiB - 16 - up.length - 8)}\n-- DOWN MIGRATION\n${down}`, true],
    // Indented by a line of 2 MiB of spaces, which ends in the third chunk.
    ['indented', `-- UP MIGRATION\n${up}${' '.repeat(2 * MiB)}\t-- DOWN MIGRATION\n${down}`, true],
    // Not at the start of its line: no DOWN line, all of the file is the up half.
    ['in a line', `-- UP MIGRATION\n${up}x -- DOWN MIGRATION\n${down}`, false],
  ]) {
    const r = await generateNextTo(text)
    assert.equal(r.killedFor, null, `${what}: killed for its ${r.killedFor}`)
    const notRead = r.out.result.validation.warnings.filter((w) => w.code === 'MIGRATION_NOT_READ').map((w) => w.message)
    assert.deepEqual(notRead, read ? [] : ["mig/20250101000000_x.sql was not read (it is larger than 32 MiB before its '-- DOWN MIGRATION' line): whether it already makes a change of this migration was not checked"], what)
    assert.deepEqual(issueCodes(r.out).filter((c) => c !== 'DOWN_DATA_LOSS' && c !== 'MIGRATION_NOT_READ'), read ? ['TABLE_CREATED_BEFORE'] : [], what)
  }
})

test('generate with a migration in the folder named by a timestamp that is no date (month 13): the new one takes the first real date and time after it, never month 14', () => {
  const dir = tmp()
  fs.mkdirSync(path.join(dir, 'database', 'migrations'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'database', 'migrations', '20261399999999_bad.sql'), 'x\n')
  const written = spawn(['generate', USERS, '--now', NOW], { cwd: dir })
  assert.equal(written.code, 0, written.stderr)
  assert.match(written.stdout, /^wrote database\/migrations\/20270101000000_create_users_table\.sql$/m)
  assert.deepEqual(fs.readdirSync(path.join(dir, 'database', 'migrations')).sort(), ['20261399999999_bad.sql', '20270101000000_create_users_table.sql'])
})

test('generate again before the newest migration was applied: DUPLICATE_MIGRATION, nothing written (dry run and --json too)', () => {
  const dir = tmp()
  const first = run(['generate', USERS, '--now', NOW], { cwd: dir })
  assert.equal(first.code, 0, first.stderr)
  const before = filesUnder(dir)
  const again = run(['generate', USERS, '--now', '2026-02-10T08:00:00Z'], { cwd: dir })
  assert.equal(again.code, 1)
  assert.equal(again.stdout, '')
  assert.match(again.stderr, /^error DUPLICATE_MIGRATION: the newest migration in database\/migrations, 20260209120000_create_users_table\.sql, already has this up migration: the spec has not changed since it was generated: if it is applied, there is nothing new to generate; if not, apply it \(or delete it\) before generating again$/m)
  const dry = run(['generate', USERS, '--now', '2026-02-10T08:00:00Z', '--dry-run'], { cwd: dir })
  assert.equal(dry.code, 1)
  assert.match(dry.stderr, /DUPLICATE_MIGRATION/)
  const json = run(['generate', USERS, '--now', '2026-02-10T08:00:00Z', '--json'], { cwd: dir })
  assert.equal(json.code, 1)
  assert.equal(json.stderr, '')
  const out = JSON.parse(json.stdout)
  assert.equal(out.ok, false)
  assert.equal(out.error.code, 'DUPLICATE_MIGRATION')
  assert.equal(out.error.path, path.join(dir, 'database', 'migrations', '20260209120000_create_users_table.sql'))
  assert.deepEqual(out.written, [])
  assert.deepEqual(filesUnder(dir), before, 'nothing written')
  // A file whose line breaks became CRLF is still the same migration.
  const written = path.join(dir, 'database', 'migrations', '20260209120000_create_users_table.sql')
  fs.writeFileSync(written, fs.readFileSync(written, 'utf8').replace(/\n/g, '\r\n'))
  assert.equal(run(['generate', USERS, '--now', '2026-02-10T08:00:00Z'], { cwd: dir }).code, 1)
  // Another change is written; after it, the first change again is too (only the newest counts;
  // both create users again, so --recreate).
  const orders = run(['generate', ORDERS, '--now', '2026-02-11T08:00:00Z', '--recreate'], { cwd: dir })
  assert.equal(orders.code, 0, orders.stderr)
  const back = run(['generate', USERS, '--now', '2026-02-12T08:00:00Z', '--recreate'], { cwd: dir })
  assert.equal(back.code, 0, back.stderr)
  // Numbered files: the newest is the highest number.
  const numbered = writeJson(dir, 'numbered.json', { ...JSON.parse(fs.readFileSync(ORDERS, 'utf8')), fileFormat: 'numbered' })
  const n1 = run(['generate', numbered, '--out', 'numbered'], { cwd: dir })
  assert.equal(n1.code, 0, n1.stderr)
  const n2 = run(['generate', numbered, '--out', 'numbered'], { cwd: dir })
  assert.equal(n2.code, 1)
  assert.match(n2.stderr, /DUPLICATE_MIGRATION: the newest migration in numbered, 001_create_orders_table\.sql,/)
})

test('--now takes every form the core reads: T or t or a space, seconds or not, a fraction, Z or z or an offset', () => {
  const dir = tmp()
  for (const [now, stamp] of [
    ['2026-02-09T12:00:00Z', '20260209120000'],
    ['2026-02-09t12:00:00z', '20260209120000'],
    ['2026-02-09 12:00:00', '20260209120000'],
    ['2026-02-09T12:00', '20260209120000'],
    ['2026-02-09T12:00:00.123456789+02:00', '20260209100000'],
    ['2026-02-09T12:00:00-00:30', '20260209123000'],
  ]) {
    const r = run(['generate', USERS, '--now', now, '--dry-run', '--json'], { cwd: dir })
    assert.equal(r.code, 0, `${now}: ${r.stdout}${r.stderr}`)
    assert.ok(JSON.parse(r.stdout).filename.startsWith(stamp), `${now}: ${r.stdout.slice(0, 200)}`)
  }
})

test('a --now of the right form that names no instant (February 30, 24:00, past 9999 in UTC) is a usage error (exit 2), as a mistyped one is, in text and --json', () => {
  const dir = tmp()
  for (const now of ['2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z', '9999-12-31T23:59:59-01:00', '2026-01-01 00:00', 'tomorrow']) {
    const r = run(['generate', USERS, '--now', now], { cwd: dir })
    assert.equal(r.code, 2, `${now}: ${r.stderr}`)
    assert.match(r.stderr, new RegExp(`^migration-generator: --now must be an ISO-8601 instant .*not '${now}'`))
    const j = run(['generate', USERS, '--now', now, '--json', '--dry-run'], { cwd: dir })
    assert.equal(j.code, 2)
    assert.equal(JSON.parse(j.stdout).error.code, 'USAGE')
  }
  assert.deepEqual(filesUnder(dir), [])
})

test('generate without --db, a table an earlier migration in the folder creates: TABLE_CREATED_BEFORE error, nothing written (the CREATE IF NOT EXISTS does nothing there, the down drops the table); --recreate makes it a warning', () => {
  const dir = tmp()
  const first = run(['generate', USERS, '--now', NOW], { cwd: dir })
  assert.equal(first.code, 0, first.stderr)
  assert.doesNotMatch(first.stderr, /TABLE_CREATED_BEFORE/)
  // The spec gains a column; generated again without --db, it creates users again.
  const spec = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  spec.tables[0].columns.push({ name: 'nickname', type: 'TEXT', nullable: true })
  const file = writeJson(dir, 'users.json', { ...spec, description: 'add nickname' })
  const before = filesUnder(dir)
  const refused = run(['generate', file, '--now', '2026-02-10T08:00:00Z', '--types', 'types'], { cwd: dir })
  assert.equal(refused.code, 1, refused.stderr)
  assert.match(refused.stderr, /^error TABLE_CREATED_BEFORE users: an earlier migration in database\/migrations, 20260209120000_create_users_table\.sql, already creates 'users': on a database where that migration ran, this migration's CREATE TABLE IF NOT EXISTS does nothing \(a column added to the spec since is not added\), its other statements can fail/m)
  assert.match(refused.stderr, /generate with --db DATABASE/)
  assert.match(refused.stderr, /--recreate if they were dropped since/)
  assert.deepEqual(filesUnder(dir), before, 'neither the migration nor the types are written')
  const again = run(['generate', file, '--now', '2026-02-10T08:00:00Z', '--recreate'], { cwd: dir })
  assert.equal(again.code, 0, again.stderr)
  assert.match(again.stderr, /^warning TABLE_CREATED_BEFORE users: an earlier migration/m)
  const json = run(['generate', file, '--now', '2026-02-11T08:00:00Z', '--description', 'add nickname again', '--dry-run', '--json'], { cwd: dir })
  const out = JSON.parse(json.stdout)
  // The newest is now add_nickname, the same up: DUPLICATE_MIGRATION comes first.
  assert.equal(out.error.code, 'DUPLICATE_MIGRATION')
  fs.rmSync(path.join(dir, 'database', 'migrations', '20260210080000_add_nickname.sql'))
  const dry = JSON.parse(run(['generate', file, '--now', '2026-02-11T08:00:00Z', '--dry-run', '--json'], { cwd: dir }).stdout)
  assert.equal(dry.ok, false)
  assert.equal(dry.result.validation.valid, false)
  const w = dry.result.validation.errors.find((x) => x.code === 'TABLE_CREATED_BEFORE')
  assert.ok(w, JSON.stringify(dry.result.validation.errors))
  assert.equal(w.type, 'error')
  assert.equal(w.table, 'users')
  const lax = JSON.parse(run(['generate', file, '--now', '2026-02-11T08:00:00Z', '--dry-run', '--json', '--recreate'], { cwd: dir }).stdout)
  assert.equal(lax.ok, true)
  assert.equal(lax.result.validation.warnings.filter((x) => x.code === 'TABLE_CREATED_BEFORE').length, 1)
})

test('generate: reading an earlier migration with thousands of temporary tables and drops, or of table and column renames (--db), is linear in its size, not quadratic', async () => {
  // As the tests above: sizes at which the old code took well over 10 s (5.7 s for 40,000 of each
  // in one reading, four times that for twice as many; here 150,000), well under 1 s since.
  const temps = `${'CREATE TEMP TABLE a (x);\n'.repeat(150_000)}${'DROP TABLE b;\n'.repeat(150_000)}CREATE TABLE users (id INTEGER);\n`
  const t = await generateNextTo(temps)
  assert.equal(t.killedFor, null, `killed for its ${t.killedFor}`)
  assert.deepEqual(issueCodes(t.out).filter((c) => c !== 'DOWN_DATA_LOSS'), ['TABLE_CREATED_BEFORE'])
  // A DROP TABLE after CREATE TEMP TABLE of its name drops the temporary one, each once.
  const dropTemp = (n) => `CREATE TABLE users (id INTEGER);\n${'CREATE TEMP TABLE users (x);\n'.repeat(2)}${'DROP TABLE users;\n'.repeat(n)}`
  assert.deepEqual(issueCodes((await generateNextTo(dropTemp(2))).out).filter((c) => c !== 'DOWN_DATA_LOSS'), ['TABLE_CREATED_BEFORE'])
  assert.deepEqual(issueCodes((await generateNextTo(dropTemp(3))).out).filter((c) => c !== 'DOWN_DATA_LOSS'), [])

  // --db, a column added to users: an earlier migration not applied that renames users away
  // after 60,000 table and column renames is RENAMED_BEFORE.
  const { dir, migrations, apply } = await projectWithApply()
  assert.equal(run(['generate', USERS, '--now', NOW], { cwd: dir }).code, 0)
  const db = path.join(dir, 'app.db')
  fs.writeFileSync(db, '')
  apply(db, '20260209120000_create_users_table.sql')
  const renames = `${'ALTER TABLE a RENAME TO b;\n'.repeat(60_000)}${'ALTER TABLE c RENAME COLUMN x TO y;\n'.repeat(60_000)}ALTER TABLE users RENAME TO people;\n`
  fs.writeFileSync(path.join(migrations, '20260210000000_renames.sql'), `-- UP MIGRATION\n${renames}\n-- DOWN MIGRATION\n`)
  const spec = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  spec.tables[0].columns.push({ name: 'nickname', type: 'TEXT', nullable: true })
  const file = writeJson(dir, 'users.json', { ...spec, description: 'add nickname' })
  const r = await runBounded([BIN, 'generate', file, '--db', db, '--now', '2026-02-12T08:00:00Z', '--dry-run', '--json'], { cwd: dir, ms: 10_000 })
  assert.equal(r.killedFor, null, `killed for its ${r.killedFor}`)
  assert.equal(r.code, 1, r.stdout)
  const errors = JSON.parse(r.stdout).result.validation.errors
  assert.deepEqual(errors.map((e) => [e.code, e.table]), [['RENAMED_BEFORE', 'users']])
  assert.match(errors[0].message, /20260210000000_renames\.sql, already renames 'users' to 'people'/)
})

test('generate --db: a column or table an earlier migration added but a later one dropped or renamed away is no repeat (no COLUMN_ADDED_BEFORE / TABLE_CREATED_BEFORE)', async () => {
  const SQL = await require('sql.js')()
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  const db = path.join(dir, 'app.db')
  fs.writeFileSync(db, '')
  const apply = (name) => {
    const conn = new SQL.Database(fs.readFileSync(db))
    conn.run(run(['up', path.join(migrations, name)], { cwd: dir }).stdout)
    fs.writeFileSync(db, conn.export())
    conn.close()
  }
  const users = (extra = []) => ({ name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'email', type: 'TEXT', nullable: false }, ...extra], timestamps: false })
  const step = (now, description, tables, flags = []) => {
    const file = writeJson(dir, `${description}.json`, { description, databaseType: 'sqlite', tables })
    const r = run(['generate', file, '--db', db, '--now', now, ...flags], { cwd: dir })
    assert.equal(r.code, 0, r.stderr)
    assert.doesNotMatch(r.stderr, /_BEFORE/, description)
    const name = fs.readdirSync(migrations).sort().at(-1)
    apply(name)
    return fs.readFileSync(path.join(migrations, name), 'utf8')
  }
  const phone = [{ name: 'phone', type: 'TEXT', nullable: true }]
  step('2026-03-01T00:00:00Z', 'init', [users()])
  assert.match(step('2026-03-02T00:00:00Z', 'add_phone', [users(phone)]), /ADD COLUMN phone/)
  step('2026-03-03T00:00:00Z', 'drop_phone', [users()], ['--allow-data-loss'])
  assert.match(step('2026-03-04T00:00:00Z', 'add_phone_again', [users(phone)]), /ADD COLUMN phone/)
  // Dropped by a rebuild (email gains a default, which SQLite cannot ALTER), then added again.
  const rebuilt = (extra = []) => ({ ...users(), columns: [users().columns[0], { name: 'email', type: 'TEXT', nullable: false, default: 'x' }, ...extra] })
  step('2026-03-05T00:00:00Z', 'rebuild_without_phone', [rebuilt()], ['--allow-data-loss'])
  assert.match(fs.readFileSync(path.join(migrations, '20260305000000_rebuild_without_phone.sql'), 'utf8'), /RENAME TO _mg_old_users/)
  assert.match(step('2026-03-06T00:00:00Z', 'phone_once_more', [rebuilt(phone)]), /ADD COLUMN phone/)
  // A table dropped (not in the spec, dropped on purpose) and created again.
  const notes = { name: 'notes', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }], timestamps: false }
  const u = rebuilt(phone)
  step('2026-03-07T00:00:00Z', 'add_notes', [u, notes])
  step('2026-03-08T00:00:00Z', 'drop_notes', [u], ['--allow-data-loss', '--drop-tables-not-in-spec'])
  assert.match(step('2026-03-09T00:00:00Z', 'notes_again', [u, notes]), /CREATE TABLE IF NOT EXISTS notes/)
})

test('check --fail-on-changes --db: exit 0 when the database matches the spec, 1 naming what generate would change, 2 without --db', () => {
  const { dir } = appDb()
  const pulled = run(['introspect', 'app.db', '--json'], { cwd: dir })
  assert.equal(pulled.code, 0, pulled.stderr)
  const spec = JSON.parse(pulled.stdout)
  writeJson(dir, 'same.json', spec)
  const same = 'same.json'
  const before = filesUnder(dir)
  const ok = run(['check', same, '--db', 'app.db', '--fail-on-changes'], { cwd: dir })
  assert.equal(ok.code, 0, ok.stderr)
  assert.match(ok.stdout, /^✔ same\.json is valid/m)
  const okJson = JSON.parse(run(['check', same, '--db', 'app.db', '--fail-on-changes', '--json'], { cwd: dir }).stdout)
  assert.deepEqual([okJson.ok, okJson.changes], [true, []])
  // The spec gains a table and a column: valid, but not in the database yet.
  spec.tables[0].columns.push({ name: 'nickname', type: 'TEXT', nullable: true })
  spec.tables.push({ name: 'notes', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] })
  writeJson(dir, 'ahead.json', spec)
  const ahead = 'ahead.json'
  const changed = run(['check', ahead, '--db', 'app.db', '--fail-on-changes'], { cwd: dir })
  assert.equal(changed.code, 1, changed.stderr)
  assert.match(changed.stderr, new RegExp(`^✘ ahead\\.json is valid, but the database does not match it yet: generate would write a migration \\(ALTER ${spec.tables[0].name} and CREATE notes\\)$`, 'm'))
  const changedJson = JSON.parse(run(['check', ahead, '--db', 'app.db', '--fail-on-changes', '--json'], { cwd: dir }).stdout)
  assert.equal(changedJson.ok, false)
  assert.equal(changedJson.validation.valid, true)
  assert.deepEqual(changedJson.changes, [{ table: spec.tables[0].name, operation: 'ALTER' }, { table: 'notes', operation: 'CREATE' }])
  // Without the option, the same spec is simply valid.
  assert.equal(run(['check', ahead, '--db', 'app.db'], { cwd: dir }).code, 0)
  const usage = run(['check', ahead, '--fail-on-changes'], { cwd: dir })
  assert.equal(usage.code, 2)
  assert.match(usage.stderr, /--fail-on-changes needs --db DATABASE, or existingDbPath in the spec \(ahead\.json has none\)/)
  // The spec's own existingDbPath is the database too (a CLI trial was refused with it).
  writeJson(dir, 'ahead-db.json', { ...spec, existingDbPath: 'app.db' })
  const named = run(['check', 'ahead-db.json', '--fail-on-changes', '--json'], { cwd: dir })
  assert.equal(named.code, 1, named.stderr)
  assert.deepEqual(JSON.parse(named.stdout).changes, changedJson.changes)
  assert.deepEqual(filesUnder(dir), [...before, 'ahead.json', 'ahead-db.json'].sort(), 'nothing else written')
})

test('generate, numbered: two migrations of one number in the folder (two branches merged) are a DUPLICATE_NUMBER warning; the migration is written after them', () => {
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(migrations, { recursive: true })
  for (const f of ['001_init.sql', '003_add_age.sql', '0003_add_tags.sql', '004_x.txt']) fs.writeFileSync(path.join(migrations, f), '')
  const file = writeJson(dir, 'spec.json', { description: 'next', databaseType: 'postgresql', fileFormat: 'numbered', tables: [{ name: 'zz', columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }] })
  const out = JSON.parse(run(['generate', file, '--json'], { cwd: dir }).stdout)
  assert.equal(out.ok, true)
  assert.equal(out.filename, '0004_next.sql')
  const w = out.result.validation.warnings.filter((x) => x.code === 'DUPLICATE_NUMBER')
  assert.equal(w.length, 1)
  assert.match(w[0].message, /^0003_add_tags\.sql and 003_add_age\.sql in database\/migrations share the number 0003: runners that key on the number/)
  // Numbers all distinct: nothing said.
  fs.unlinkSync(path.join(migrations, '0003_add_tags.sql'))
  const fine = JSON.parse(run(['generate', file, '--json', '--dry-run'], { cwd: dir }).stdout)
  assert.deepEqual(fine.result.validation.warnings.filter((x) => x.code === 'DUPLICATE_NUMBER'), [])
})

test('check: two migrations of one number in the folder are the DUPLICATE_NUMBER warning generate gives (same words), exit 0 as for MIXED_FILE_NAMES, whatever the spec\'s fileFormat; so does generate of a timestamped spec', () => {
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(migrations, { recursive: true })
  for (const f of ['001_init.sql', '003_add_age.sql', '003_add_tags.sql']) fs.writeFileSync(path.join(migrations, f), '-- a migration\n')
  const table = { name: 'zz', columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }
  const numbered = writeJson(dir, 'numbered.json', { description: 'next', databaseType: 'postgresql', fileFormat: 'numbered', now: NOW, tables: [table] })
  const stamped = writeJson(dir, 'stamped.json', { description: 'next', databaseType: 'postgresql', now: NOW, tables: [table] })
  const dup = (warnings) => warnings.filter((x) => x.code === 'DUPLICATE_NUMBER')
  const generated = dup(JSON.parse(run(['generate', numbered, '--json', '--dry-run'], { cwd: dir }).stdout).result.validation.warnings)
  assert.equal(generated.length, 1)
  for (const spec of [numbered, stamped]) {
    const json = run(['check', spec, '--json'], { cwd: dir })
    assert.equal(json.code, 0, json.stdout)
    const out = JSON.parse(json.stdout)
    assert.equal(out.ok, true)
    assert.deepEqual(dup(out.validation.warnings), generated, `${spec}: the same warning as generate's`)
    // Text: a warning line on stderr, the spec valid on stdout.
    const text = run(['check', spec], { cwd: dir })
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stderr, /^warning DUPLICATE_NUMBER: 003_add_age\.sql and 003_add_tags\.sql in database\/migrations share the number 003: runners that key on the number/m)
    assert.match(text.stderr, /→ renumber the one merged last/)
    assert.match(text.stdout, /is valid \(0 errors, \d+ warnings\)/)
  }
  // generate of a timestamped spec there says it too, beside MIXED_FILE_NAMES.
  const fromStamped = JSON.parse(run(['generate', stamped, '--json', '--dry-run'], { cwd: dir }).stdout).result.validation.warnings
  assert.deepEqual(dup(fromStamped), generated)
  assert.equal(fromStamped.filter((x) => x.code === 'MIXED_FILE_NAMES').length, 1)
  // An invalid spec: the folder is said all the same (as MIXED_FILE_NAMES is), exit 1 for the spec.
  const invalid = writeJson(dir, 'invalid.json', INVALID)
  const bad = JSON.parse(run(['check', invalid, '--json'], { cwd: dir }).stdout)
  assert.equal(bad.ok, false)
  assert.equal(dup(bad.validation.warnings).length, 1)
  // Numbers all distinct: nothing said.
  fs.unlinkSync(path.join(migrations, '003_add_tags.sql'))
  assert.deepEqual(dup(JSON.parse(run(['check', numbered, '--json'], { cwd: dir }).stdout).validation.warnings), [])
  assert.deepEqual(fs.readdirSync(migrations).sort(), ['001_init.sql', '003_add_age.sql'], 'check writes nothing')
})

test('DUPLICATE_NUMBER: golang-migrate\'s pair of one migration (001_init.up.sql, 001_init.down.sql) shares its number rightly and is not said; two migrations of one number in pairs are, once each', () => {
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(migrations, { recursive: true })
  for (const f of ['001_init.up.sql', '001_init.down.sql', '002_users.up.sql', '002_users.down.sql']) fs.writeFileSync(path.join(migrations, f), '-- a migration\n')
  const spec = writeJson(dir, 'spec.json', { description: 'next', databaseType: 'postgresql', fileFormat: 'numbered', now: NOW, tables: [{ name: 'zz', columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }] })
  const dup = (warnings) => warnings.filter((x) => x.code === 'DUPLICATE_NUMBER')
  const gen = () => dup(JSON.parse(run(['generate', spec, '--json', '--dry-run'], { cwd: dir }).stdout).result.validation.warnings)
  const check = () => dup(JSON.parse(run(['check', spec, '--json'], { cwd: dir }).stdout).validation.warnings)
  assert.deepEqual(gen(), [])
  assert.deepEqual(check(), [])
  // A second migration 002 (another branch's), in a pair too: one warning naming the two migrations.
  for (const f of ['002_tags.up.sql', '002_tags.down.sql']) fs.writeFileSync(path.join(migrations, f), '-- a migration\n')
  for (const w of [gen(), check()]) {
    assert.equal(w.length, 1, JSON.stringify(w))
    assert.match(w[0].message, /^002_tags\.up\.sql and 002_users\.up\.sql in database\/migrations share the number 002: /)
  }
})

test('a timestamped migration of the same timestamp as another in the folder (two branches generating in the same second, a copied file) is DUPLICATE_NUMBER on generate and check, as a shared number is; a golang-migrate pair is one migration', () => {
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(migrations, { recursive: true })
  for (const f of ['20260101000000_init.sql', '20260105090000_add_age.sql', '20260105090000_add_tags.up.sql', '20260105090000_add_tags.down.sql']) fs.writeFileSync(path.join(migrations, f), '-- a migration\n')
  const table = { name: 'zz', columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }
  const spec = writeJson(dir, 'spec.json', { description: 'next', databaseType: 'postgresql', now: NOW, tables: [table] })
  const dup = (warnings) => warnings.filter((x) => x.code === 'DUPLICATE_NUMBER')
  const generated = dup(JSON.parse(run(['generate', spec, '--json', '--dry-run'], { cwd: dir }).stdout).result.validation.warnings)
  assert.equal(generated.length, 1, JSON.stringify(generated))
  assert.match(generated[0].message, /^20260105090000_add_age\.sql and 20260105090000_add_tags\.up\.sql in database\/migrations share the timestamp 20260105090000: runners that key on the number/)
  assert.match(generated[0].suggestion, /later timestamp/)
  const checked = run(['check', spec, '--json'], { cwd: dir })
  assert.equal(checked.code, 0, checked.stdout)
  assert.deepEqual(dup(JSON.parse(checked.stdout).validation.warnings), generated, 'check says what generate says')
  // The migration itself is written after them, once; nothing said once the timestamps differ.
  const written = JSON.parse(run(['generate', spec, '--json'], { cwd: dir }).stdout)
  assert.equal(written.filename, '20260209120000_next.sql')
  fs.renameSync(path.join(migrations, '20260105090000_add_age.sql'), path.join(migrations, '20260105090001_add_age.sql'))
  assert.deepEqual(dup(JSON.parse(run(['check', spec, '--json'], { cwd: dir }).stdout).validation.warnings), [])
})

test('--strict makes the folder\'s DUPLICATE_NUMBER and MIXED_FILE_NAMES errors on check and generate (a CI that wants exit 1 on them); without it they stay warnings', () => {
  const table = { name: 'zz', columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }
  for (const [files, code, fileFormat] of [
    [['001_init.sql', '003_add_age.sql', '003_add_tags.sql'], 'DUPLICATE_NUMBER', 'numbered'],
    [['20260101000000_a.sql', '20260101000000_b.sql'], 'DUPLICATE_NUMBER', undefined],
    [['001_init.sql', '002_users.sql'], 'MIXED_FILE_NAMES', undefined],
  ]) {
    const dir = tmp()
    const migrations = path.join(dir, 'database', 'migrations')
    fs.mkdirSync(migrations, { recursive: true })
    for (const f of files) fs.writeFileSync(path.join(migrations, f), '-- a migration\n')
    const spec = writeJson(dir, 'spec.json', { description: 'next', databaseType: 'postgresql', ...(fileFormat ? { fileFormat } : {}), now: NOW, tables: [table] })
    const loose = run(['check', spec, '--json'], { cwd: dir })
    assert.equal(loose.code, 0, `${code}: ${loose.stdout}`)
    const warned = JSON.parse(loose.stdout).validation.warnings.filter((w) => w.code === code)
    assert.equal(warned.length, 1, code)
    const strict = run(['check', spec, '--strict', '--json'], { cwd: dir })
    assert.equal(strict.code, 1, `${code}: ${strict.stdout}`)
    const out = JSON.parse(strict.stdout)
    assert.equal(out.ok, false)
    assert.deepEqual(out.validation.errors.filter((e) => e.code === code).map((e) => e.message), warned.map((w) => w.message), code)
    assert.deepEqual(out.validation.warnings.filter((w) => w.code === code), [])
    const text = run(['check', spec, '--strict'], { cwd: dir })
    assert.equal(text.code, 1)
    assert.match(text.stderr, new RegExp(`^error ${code}: `, 'm'))
    for (const dry of [['--dry-run'], []]) {
      const gen = run(['generate', spec, '--strict', ...dry], { cwd: dir })
      assert.equal(gen.code, 1, `generate ${dry} ${code}: ${gen.stderr}`)
      assert.match(gen.stderr, new RegExp(`^error ${code}: `, 'm'))
      assert.match(gen.stderr, /not written/)
      // Nothing written, and MIXED_FILE_NAMES does not tell to delete a file that was not written.
      assert.doesNotMatch(gen.stderr, /deleting/)
    }
    assert.deepEqual(fs.readdirSync(migrations).sort(), files, `${code}: nothing written`)
    const json = JSON.parse(run(['generate', spec, '--strict', '--json'], { cwd: dir }).stdout)
    assert.equal(json.ok, false)
    assert.deepEqual(json.result.validation.errors.filter((e) => e.code === code).map((e) => e.message), warned.map((w) => w.message))
    assert.equal(run(['generate', spec], { cwd: dir }).code, 0, `${code}: without --strict, written`)
  }
})

test('--out (or --types) naming a file, not a folder: generate --dry-run and check give the WRITE_FAILED error the write gives, exit 1, not "would write" / valid', () => {
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'afile'), 'x\n')
  const before = filesUnder(dir)
  for (const out of ['afile', path.join('afile', 'sub')]) {
    const real = run(['generate', USERS, '--out', out, '--now', NOW, '--json'], { cwd: dir })
    assert.equal(real.code, 1, real.stdout)
    const { error } = JSON.parse(real.stdout)
    assert.equal(error.code, 'WRITE_FAILED', out)
    const dry = run(['generate', USERS, '--out', out, '--now', NOW, '--dry-run', '--json'], { cwd: dir })
    assert.equal(dry.code, 1, `${out}: ${dry.stdout}`)
    assert.deepEqual(JSON.parse(dry.stdout).error, error, `${out}: dry run says what the write says`)
    const dryText = run(['generate', USERS, '--out', out, '--now', NOW, '--dry-run'], { cwd: dir })
    assert.equal(dryText.code, 1)
    assert.doesNotMatch(dryText.stderr, /would write/)
    assert.ok(dryText.stderr.includes(`error WRITE_FAILED: ${error.message}`), dryText.stderr)
    const check = run(['check', USERS, '--out', out, '--json'], { cwd: dir })
    assert.equal(check.code, 1, `${out}: ${check.stdout}`)
    const checked = JSON.parse(check.stdout)
    assert.equal(checked.ok, false)
    assert.deepEqual(checked.validation.errors.map((e) => [e.code, e.message]), [[error.code, error.message]], out)
    const checkText = run(['check', USERS, '--out', out], { cwd: dir })
    assert.equal(checkText.code, 1)
    assert.ok(checkText.stderr.includes(`error WRITE_FAILED: ${error.message}`), checkText.stderr)
  }
  // The type files' folder: --types on generate, the default (types/generated/db) on check.
  fs.writeFileSync(path.join(dir, 'types'), 'x\n')
  const real = JSON.parse(run(['generate', USERS, '--types', 'types', '--now', NOW, '--json'], { cwd: dir }).stdout)
  assert.equal(real.error.code, 'WRITE_FAILED')
  assert.deepEqual(JSON.parse(run(['generate', USERS, '--types', 'types', '--now', NOW, '--dry-run', '--json'], { cwd: dir }).stdout).error, real.error)
  const byDefault = JSON.parse(run(['generate', USERS, '--now', NOW, '--json'], { cwd: dir }).stdout).error
  assert.equal(byDefault.code, 'WRITE_FAILED')
  const checked = JSON.parse(run(['check', USERS, '--json'], { cwd: dir }).stdout)
  assert.deepEqual(checked.validation.errors.map((e) => [e.code, e.message]), [[byDefault.code, byDefault.message]])
  fs.unlinkSync(path.join(dir, 'types'))
  assert.deepEqual(filesUnder(dir), before, 'nothing written')
  // A folder there: valid, written.
  assert.equal(run(['check', USERS, '--out', 'folder'], { cwd: dir }).code, 0)
})

/**
 * A project (see `projectWithApply`) whose first migration creates the example's users, applied
 * to `db` (app.db), and `behind` (behind.db), a teammate's copy left at that migration; `base`,
 * the example's spec, and `generate(name, edit, now, file)` of it (see `generateEdited`).
 */
async function usersAndACopyBehind() {
  const project = await projectWithApply()
  const { dir, apply } = project
  assert.equal(run(['generate', USERS, '--now', NOW], { cwd: dir }).code, 0)
  const db = path.join(dir, 'app.db')
  fs.writeFileSync(db, '')
  apply(db, '20260209120000_create_users_table.sql')
  const behind = path.join(dir, 'behind.db')
  fs.copyFileSync(db, behind)
  const base = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  const generate = (name, edit, now, file) => generateEdited(dir, base, name, edit, now, file)
  return { ...project, db, behind, base, generate }
}

/**
 * `generate --db file --json` in `dir` of `base` (a spec) with its first table changed by
 * `edit`, as the migration `name` at `now`; the parsed output.
 */
function generateEdited(dir, base, name, edit, now, file) {
  const spec = structuredClone(base)
  edit(spec.tables[0])
  return JSON.parse(run(['generate', writeJson(dir, `${name}.json`, { ...spec, description: name }), '--now', now, '--db', file, '--json'], { cwd: dir }).stdout)
}

/**
 * A temporary project folder, its default migrations folder, and `apply(db, name)`, which runs
 * the up half of a migration there (printed by the CLI's `up`) on a SQLite file, with sql.js.
 */
async function projectWithApply() {
  const SQL = await require('sql.js')()
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  const apply = (db, name) => {
    const conn = new SQL.Database(fs.readFileSync(db))
    conn.run(run(['up', path.join(migrations, name)], { cwd: dir }).stdout)
    fs.writeFileSync(db, conn.export())
    conn.close()
  }
  return { dir, migrations, apply }
}

test('generate --db against a database behind the migrations folder (its migrations not applied): TABLE_CREATED_BEFORE / COLUMN_ADDED_BEFORE error, nothing written; applied, only the change', async () => {
  const { dir, migrations, apply } = await projectWithApply()
  assert.equal(run(['generate', USERS, '--now', NOW], { cwd: dir }).code, 0)
  const db = path.join(dir, 'app.db')
  fs.writeFileSync(db, '')
  const spec = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  spec.tables[0].columns.push({ name: 'nickname', type: 'TEXT', nullable: true })
  const file = writeJson(dir, 'users.json', { ...spec, description: 'add nickname' })
  // The empty database has not had the folder's migration applied: this one would create
  // users again (its down dropping it with the rows).
  const before = filesUnder(dir)
  const behind = run(['generate', file, '--now', '2026-02-12T08:00:00Z', '--db', db], { cwd: dir })
  assert.equal(behind.code, 1, behind.stderr)
  assert.match(behind.stderr, /^error TABLE_CREATED_BEFORE users: an earlier migration in database\/migrations, 20260209120000_create_users_table\.sql, already creates 'users', and the database app\.db has not had it applied \(it is behind the folder\)/m)
  assert.match(behind.stderr, /apply to app\.db first the folder's migrations it does not have yet/)
  assert.deepEqual(filesUnder(dir), before)
  // Applied: the database is the truth, only the change.
  apply(db, '20260209120000_create_users_table.sql')
  const change = run(['generate', file, '--now', '2026-02-12T08:00:00Z', '--db', db], { cwd: dir })
  assert.equal(change.code, 0, change.stderr)
  assert.doesNotMatch(change.stderr, /_BEFORE/)
  const added = fs.readFileSync(path.join(migrations, '20260212080000_add_nickname.sql'), 'utf8')
  assert.match(added, /^ALTER TABLE users ADD COLUMN nickname TEXT;$/m)
  // Generated again before that one was applied (another column since): it would add nickname
  // a second time, which fails where it ran, and drop it on the way down.
  spec.tables[0].columns.push({ name: 'bio', type: 'TEXT', nullable: true })
  const file2 = writeJson(dir, 'users2.json', { ...spec, description: 'add bio' })
  const before2 = filesUnder(dir)
  const stale = run(['generate', file2, '--now', '2026-02-13T08:00:00Z', '--db', db, '--json'], { cwd: dir })
  assert.equal(stale.code, 1, stale.stderr)
  const errors = JSON.parse(stale.stdout).result.validation.errors
  assert.deepEqual(errors.map((e) => [e.code, e.table, e.column]), [['COLUMN_ADDED_BEFORE', 'users', 'nickname']])
  assert.match(errors[0].message, /20260212080000_add_nickname\.sql, already adds 'users\.nickname', and the database app\.db has not had it applied/)
  assert.deepEqual(filesUnder(dir), before2)
  // --recreate (it was dropped since) makes it a warning; applied first, nothing to say.
  const lax = JSON.parse(run(['generate', file2, '--now', '2026-02-13T08:00:00Z', '--db', db, '--json', '--dry-run', '--recreate'], { cwd: dir }).stdout)
  assert.equal(lax.ok, true)
  assert.deepEqual(lax.result.validation.warnings.filter((w) => w.code === 'COLUMN_ADDED_BEFORE').map((w) => w.column), ['nickname'])
  apply(db, '20260212080000_add_nickname.sql')
  const fine = run(['generate', file2, '--now', '2026-02-13T08:00:00Z', '--db', db], { cwd: dir })
  assert.equal(fine.code, 0, fine.stderr)
  assert.doesNotMatch(fine.stderr, /_BEFORE/)
  assert.match(fs.readFileSync(path.join(migrations, '20260213080000_add_bio.sql'), 'utf8'), /^ALTER TABLE users ADD COLUMN bio TEXT;$/m)
})

test('TABLE_CREATED_BEFORE names every table an earlier migration creates, each with the newest migration creating it, not only those of the newest', () => {
  const dir = tmp()
  const users = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  const posts = {
    name: 'posts',
    columns: [
      { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
      { name: 'title', type: 'TEXT', nullable: false },
    ],
  }
  assert.equal(run(['generate', USERS, '--now', NOW], { cwd: dir }).code, 0)
  const v2 = writeJson(dir, 'v2.json', { ...users, description: 'add posts', tables: [{ ...users.tables[0], existing: true }, posts] })
  assert.equal(run(['generate', v2, '--now', '2026-02-10T08:00:00Z'], { cwd: dir }).code, 0)
  // Both tables again, neither marked as existing: both earlier migrations are named.
  const both = writeJson(dir, 'both.json', { ...users, description: 'both', tables: [users.tables[0], posts] })
  const r = run(['generate', both, '--now', '2026-02-11T08:00:00Z', '--dry-run', '--json'], { cwd: dir })
  assert.equal(r.code, 1, r.stdout)
  const warned = JSON.parse(r.stdout).result.validation.errors.filter((w) => w.code === 'TABLE_CREATED_BEFORE')
  assert.deepEqual(
    warned.map((w) => [w.table, /, (\d+_[a-z_]+\.sql), already creates '([a-z_]+)':/.exec(w.message).slice(1)]),
    [
      ['posts', ['20260210080000_add_posts.sql', 'posts']],
      ['users', ['20260209120000_create_users_table.sql', 'users']],
    ],
  )
  const text = run(['generate', both, '--now', '2026-02-11T08:00:00Z', '--dry-run'], { cwd: dir })
  assert.equal(text.stderr.match(/^error TABLE_CREATED_BEFORE/gm).length, 2)
})

test('TABLE_CREATED_BEFORE finds a table an earlier migration from --previous creates (CREATE TABLE without IF NOT EXISTS), on every dialect, MySQL\'s backquoted names too', () => {
  const id = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
  for (const dialect of ['postgresql', 'sqlite', 'mysql']) {
    const dir = tmp()
    const v1 = { description: 'users', databaseType: dialect, timestamps: false, tables: [{ name: 'users', columns: [id] }] }
    // `count` is written `count` quoted on MySQL (a function name there), bare elsewhere.
    const tags = { name: 'tags', columns: [id, { name: 'label', type: 'TEXT', nullable: false }] }
    const count = { name: 'count', columns: [id] }
    const v2 = { ...v1, description: 'add tags', tables: [...v1.tables, tags, count] }
    const f1 = writeJson(dir, 'v1.json', v1)
    const f2 = writeJson(dir, 'v2.json', v2)
    assert.equal(run(['generate', f1, '--now', '2026-12-05T09:00:00Z'], { cwd: dir }).code, 0)
    const second = run(['generate', f2, '--previous', f1, '--now', '2026-12-05T10:00:00Z'], { cwd: dir })
    assert.equal(second.code, 0, second.stderr)
    const written = fs.readFileSync(path.join(dir, 'database', 'migrations', '20261205100000_add_tags.sql'), 'utf8')
    const up = migrationHalf(written, 'up')
    assert.match(up, /^CREATE TABLE tags \(/m, `${dialect}: the migration from --previous has no IF NOT EXISTS`)
    assert.match(up, dialect === 'mysql' ? /^CREATE TABLE `count` \(/m : /^CREATE TABLE count \(/m, dialect)
    // A later spec with only tags (a new column) and count, generated without --previous.
    const v3 = { ...v1, description: 'tags color', tables: [{ ...tags, columns: [...tags.columns, { name: 'color', type: 'TEXT', nullable: true }] }, count] }
    const f3 = writeJson(dir, 'v3.json', v3)
    const before = filesUnder(dir)
    const refused = run(['generate', f3, '--now', '2026-12-05T11:00:00Z'], { cwd: dir })
    assert.equal(refused.code, 1, `${dialect}: ${refused.stderr}`)
    assert.match(refused.stderr, /^error TABLE_CREATED_BEFORE tags: an earlier migration in database\/migrations, 20261205100000_add_tags\.sql, already creates 'tags' and 'count':/m, dialect)
    assert.deepEqual(filesUnder(dir), before, `${dialect}: nothing written`)
  }
})

test('TABLE_CREATED_BEFORE reads hand-written migrations: any case and spacing, quoted or schema-qualified names, IF NOT EXISTS or not; only the up half, and not a table dropped or renamed away after', () => {
  const dir = tmp()
  const migrations = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(migrations, { recursive: true })
  const id = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
  const names = ['tags', 'notes', 'items', 'things', 'plain', 'copied', 'restored', 'scratch', 'temp_only', 'commented', 'dropped', 'moved', 'renamed_to', 'mysql_renamed_to', 'later_gone']
  const spec = writeJson(dir, 'spec.json', { description: 'everything', databaseType: 'postgresql', timestamps: false, tables: names.map((name) => ({ name, columns: [id] })) })
  const file = (name, up, down = '') => fs.writeFileSync(path.join(migrations, name), `-- UP MIGRATION\n${up}\n-- DOWN MIGRATION\n${down}\n`)
  file(
    '20260101000000_by_hand.sql',
    [
      'create table if not exists "tags"(id serial primary key);',
      'CREATE TABLE  public.notes',
      '(id serial primary key);',
      '  Create Table [items] (id int);',
      'CREATE TABLE `things` (id int);',
      'CREATE TABLE plain (',
      '  id int',
      ');',
      'CREATE TABLE copied AS SELECT * FROM plain;',
      // Made and dropped again in the same migration: not there where it ran.
      'CREATE TABLE scratch (id int);',
      'DROP TABLE scratch;',
      'CREATE TEMP TABLE temp_only (id int);',
      '-- CREATE TABLE commented (id int);',
      'CREATE TABLE dropped (id int);',
      'CREATE TABLE moved (id int);',
      'CREATE TABLE moved2 (id int);',
      'CREATE TABLE later_gone (id int);',
    ].join('\n'),
    // The down half creates again what an up half drops: not a table this migration creates.
    'DROP TABLE tags;\nCREATE TABLE restored (id int);',
  )
  // A newer migration drops `dropped` (hand-written, quoted), renames `moved` away (ALTER TABLE)
  // and `moved2` to renamed_to, and MySQL's RENAME TABLE another.
  file('20260102000000_later.sql', ['drop table if exists "dropped", later_gone cascade;', 'DROP TABLE nothing_here; -- not notes, nor items', 'DROP TABLE other -- nor tags, things', 'ALTER TABLE moved RENAME TO moved_away;', 'alter table public.moved2 rename to "renamed_to";', 'RENAME TABLE plain2 TO mysql_renamed_to, x TO y;'].join('\n'))
  const r = run(['generate', spec, '--now', '2026-02-11T08:00:00Z', '--dry-run', '--json'], { cwd: dir })
  assert.equal(r.code, 1, r.stdout)
  const found = JSON.parse(r.stdout).result.validation.errors.filter((w) => w.code === 'TABLE_CREATED_BEFORE')
  const byFile = Object.fromEntries(found.map((w) => [/, (\d+_[a-z_]+\.sql), already (?:creates|renames)/.exec(w.message)[1], [...w.message.matchAll(/'([a-z_0-9]+)'/g)].map((m) => m[1]).sort()]))
  // A table renamed to the name is said as renamed, from its name before.
  assert.ok(found[0].message.includes("20260102000000_later.sql, already renames 'moved2' to 'renamed_to' and 'plain2' to 'mysql_renamed_to': "), found[0].message)
  assert.deepEqual(byFile, {
    '20260102000000_later.sql': ['moved2', 'mysql_renamed_to', 'plain2', 'renamed_to'],
    '20260101000000_by_hand.sql': ['copied', 'items', 'notes', 'plain', 'tags', 'things'],
  })
})

test('generate with validation errors writes nothing, prints each error with code, table, column and suggestion, exits 1', () => {
  const dir = tmp()
  const spec = writeJson(dir, 'bad.json', INVALID)
  for (const extra of [[], ['--types', 'types'], ['--out', 'out'], ['--dry-run']]) {
    const r = run(['generate', spec, ...extra], { cwd: dir })
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stderr, /^error INVALID_COLUMN_NAME user\.Email: .+\n {2}→ .*email.*$/m)
    assert.match(r.stderr, /^error RESERVED_KEYWORD user: /m)
    assert.match(r.stderr, /not written: \d+ errors?/)
    assert.equal(r.stdout, '')
    assert.deepEqual(filesUnder(dir), ['bad.json'], `nothing written (${extra.join(' ')})`)
    assert.deepEqual(fs.readdirSync(dir), ['bad.json'], 'not even a folder')
  }
  const json = run(['generate', spec, '--json'], { cwd: dir })
  assert.equal(json.code, 1)
  const parsed = JSON.parse(json.stdout)
  assert.equal(parsed.ok, false)
  assert.deepEqual(parsed.written, [])
  assert.ok(parsed.result.validation.errors.some((e) => e.code === 'INVALID_COLUMN_NAME' && e.column === 'Email'))
  assert.deepEqual(fs.readdirSync(dir), ['bad.json'])
})

test('--dry-run writes nothing at all and prints the migration and the paths it would write', () => {
  const dir = tmp()
  const r = run(['generate', ORDERS, '--dry-run', '--now', NOW], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  const expected = api.generateMigration({ ...JSON.parse(fs.readFileSync(ORDERS, 'utf8')), now: NOW })
  assert.equal(r.stdout, expected.fileContent)
  assert.match(r.stderr, /dry run: nothing written; would write\n {2}database[/\\]migrations[/\\]20260209120000_create_orders_table\.sql\n {2}types[/\\]generated[/\\]db[/\\]orders\.d\.ts\n/)
  assert.deepEqual(fs.readdirSync(dir), [], 'no file and no folder')

  // Numbered: the dry run shows the number it would take, still writing nothing.
  const mig = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  fs.writeFileSync(path.join(mig, '041_earlier.sql'), '-- earlier\n')
  const numbered = writeJson(dir, 'numbered.json', { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), fileFormat: 'numbered', $schema: undefined })
  const before = filesUnder(dir)
  const n = run(['generate', numbered, '--dry-run', '--json'], { cwd: dir })
  assert.equal(n.code, 0, n.stderr)
  const out = JSON.parse(n.stdout)
  assert.equal(out.dryRun, true)
  assert.equal(out.filename, '042_create_users_table.sql')
  assert.match(out.fileContent, /^-- Migration: 042\n/)
  assert.deepEqual(out.written, [])
  assert.equal(out.wouldWrite[0], path.join(mig, '042_create_users_table.sql'))
  assert.deepEqual(filesUnder(dir), before)
})

test('generate options: --dialect, --now, --out, --types, --allow-data-loss, --json', () => {
  const dir = tmp()
  const spec = { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), generateTypes: false }
  const file = writeJson(dir, 'users.json', spec)
  const r = run(['generate', file, '--dialect', 'mysql', '--now', '2030-01-02T03:04:05Z', '--out', 'db/mig', '--types', 'src/types', '--allow-data-loss', '--self-check', 'expressions', '--json'], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout)
  assert.equal(out.ok, true)
  assert.equal(out.filename, '20300102030405_create_users_table.sql')
  assert.deepEqual(out.written, [
    path.join(dir, 'db', 'mig', '20300102030405_create_users_table.sql'),
    path.join(dir, 'src', 'types', 'users.d.ts'),
    path.join(dir, 'src', 'types', 'index.d.ts'),
  ])
  assert.equal(out.result.metadata.databaseType, 'mysql')
  const text = fs.readFileSync(out.written[0], 'utf8')
  assert.match(text, /^-- Database: mysql$/m)
  assert.match(text, /ENGINE=InnoDB/)
  assert.equal(text, api.generateMigration({ ...spec, databaseType: 'mysql', now: '2030-01-02T03:04:05Z', allowDataLoss: true, selfCheck: 'expressions', generateTypes: true }).fileContent)
  assert.match(fs.readFileSync(out.written[2], 'utf8'), /export interface Database \{\n {2}users: Kysely_Table<User, UserInsert, UserUpdate>\n\}/)
  assert.equal(r.stderr, '', '--json prints nothing else')
})

test('generate --out ..migrations (a folder whose name starts with two dots) writes there and prints it relative', () => {
  const r = run(['generate', USERS, '--now', NOW, '--out', '..migrations', '--types', '..types'])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(lines(r.stdout), [
    `wrote ${path.join('..migrations', '20260209120000_create_users_table.sql')}`,
    `wrote ${path.join('..types', 'users.d.ts')}`,
    `wrote ${path.join('..types', 'index.d.ts')}`,
  ])
  assert.ok(fs.existsSync(path.join(r.cwd, '..migrations', '20260209120000_create_users_table.sql')))
})

test('generate into folders that are symbolic links to elsewhere (--out, the default database/): written there, printed as named', () => {
  const cwd = tmp()
  const shared = tmp()
  fs.mkdirSync(path.join(shared, 'migrations'))
  fs.mkdirSync(path.join(shared, 'types'))
  fs.symlinkSync(path.join(shared, 'migrations'), path.join(cwd, 'migs'))
  const shared2 = tmp()
  fs.symlinkSync(shared2, path.join(cwd, 'database'))
  fs.symlinkSync(path.join(shared, 'types'), path.join(cwd, 'typ'))
  const r = run(['generate', USERS, '--now', NOW, '--out', 'migs', '--types', 'typ'], { cwd })
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(lines(r.stdout), [
    `wrote ${path.join('migs', '20260209120000_create_users_table.sql')}`,
    `wrote ${path.join('typ', 'users.d.ts')}`,
    `wrote ${path.join('typ', 'index.d.ts')}`,
  ])
  assert.ok(fs.existsSync(path.join(shared, 'migrations', '20260209120000_create_users_table.sql')))
  assert.ok(fs.existsSync(path.join(shared, 'types', 'users.d.ts')))
  // The default folder database/migrations, through the `database` link; --json and --dry-run too.
  const dry = run(['generate', USERS, '--now', '2026-02-10T12:00:00Z', '--dry-run', '--json'], { cwd })
  assert.equal(dry.code, 0, dry.stdout)
  assert.equal(JSON.parse(dry.stdout).wouldWrite[0], path.join(cwd, 'database', 'migrations', '20260210120000_create_users_table.sql'))
  const j = run(['generate', USERS, '--now', '2026-02-10T12:00:00Z', '--json'], { cwd })
  assert.equal(j.code, 0, j.stdout)
  assert.equal(JSON.parse(j.stdout).written[0], path.join(cwd, 'database', 'migrations', '20260210120000_create_users_table.sql'))
  assert.ok(fs.existsSync(path.join(shared2, 'migrations', '20260210120000_create_users_table.sql')))
})

test('--types pointed at a folder of hand-written files (src with its index.d.ts): FILE_EXISTS, nothing written or replaced', () => {
  const cwd = tmp()
  fs.mkdirSync(path.join(cwd, 'src'))
  fs.writeFileSync(path.join(cwd, 'src', 'index.d.ts'), 'export declare const app: string\n')
  for (const extra of [[], ['--dry-run'], ['--json']]) {
    const r = run(['generate', USERS, '--now', NOW, '--types', 'src', ...extra], { cwd })
    assert.equal(r.code, 1, r.stderr)
    assert.match(extra.includes('--json') ? JSON.parse(r.stdout).error.message : r.stderr, /src\/index\.d\.ts already exists and was not written by migration-generator; it is never overwritten/)
  }
  assert.equal(fs.readFileSync(path.join(cwd, 'src', 'index.d.ts'), 'utf8'), 'export declare const app: string\n')
  assert.deepEqual(filesUnder(cwd), [path.join('src', 'index.d.ts')])
})

test('--drop-tables-not-in-spec without a database (no --db, --previous, existingDbPath or previousSpec) is a usage error, exit 2, as --fail-on-changes without --db; the spec\'s own dropTablesNotInSpec is a TABLE_NOT_IN_SPEC warning (nothing to drop, exit 0)', () => {
  const cwd = tmp()
  writeJson(cwd, 'users.json', fs.readFileSync(USERS, 'utf8'))
  for (const command of ['check', 'generate']) {
    const r = run([command, 'users.json', '--drop-tables-not-in-spec', '--allow-data-loss'], { cwd })
    assert.equal(r.code, 2, r.stderr)
    assert.equal(r.stdout, '')
    assert.equal(r.stderr, `migration-generator: --drop-tables-not-in-spec needs a database: --db DATABASE or --previous SPEC.json, or existingDbPath or previousSpec in the spec (users.json has neither); it drops the tables of that database the spec leaves out (see 'migration-generator ${command} --help')\n`)
    const j = JSON.parse(run([command, 'users.json', '--drop-tables-not-in-spec', '--json'], { cwd }).stdout)
    assert.equal(j.ok, false)
    assert.equal(j.error.code, 'USAGE')
    // With --previous (or the spec's own previousSpec / existingDbPath) it is taken.
    const previous = run([command, 'users.json', '--drop-tables-not-in-spec', '--allow-data-loss', '--previous', 'users.json', ...(command === 'generate' ? ['--dry-run'] : [])], { cwd })
    assert.equal(previous.code, 0, previous.stderr)
    const inSpec = writeJson(cwd, 'with-previous.json', { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), previousSpec: JSON.parse(fs.readFileSync(USERS, 'utf8')) })
    assert.equal(run([command, inSpec, '--drop-tables-not-in-spec', '--allow-data-loss', ...(command === 'generate' ? ['--dry-run'] : [])], { cwd }).code, 0)
  }
  // With several files, the one without a database is named, before anything is printed.
  const withDb = writeJson(cwd, 'with-db.json', { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), databaseType: 'sqlite', existingDbPath: path.join(repo, '__test__', 'data', 'app.db') })
  const several = run(['check', withDb, 'users.json', '--drop-tables-not-in-spec'], { cwd })
  assert.equal(several.code, 2)
  assert.match(several.stderr, /^migration-generator: --drop-tables-not-in-spec needs a database: .*\(users\.json has neither\)/)
  assert.equal(several.stdout, '')
  // The field in the spec, not the flag: the API's warning (nothing to drop; a spec that keeps
  // the field for good makes its first migration too), exit 0.
  const field = writeJson(cwd, 'field.json', { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), dropTablesNotInSpec: true })
  const warned = run(['check', field, '--json'], { cwd })
  assert.equal(warned.code, 0, warned.stdout)
  assert.ok(JSON.parse(warned.stdout).validation.warnings.some((w) => w.code === 'TABLE_NOT_IN_SPEC' && /^dropTablesNotInSpec drops the tables .*nothing is dropped/.test(w.message)))
  assert.deepEqual(filesUnder(cwd), ['field.json', 'users.json', 'with-db.json', 'with-previous.json'], 'nothing written')
})

test('printed issues name the option beside the spec field they mention (--db beside existingDbPath, --allow-data-loss beside allowDataLoss); --json keeps the core\'s words', () => {
  const cwd = tmp()
  // The spec's own dropTablesNotInSpec without a database (the flag without one is a usage error).
  const dropping = writeJson(cwd, 'dropping.json', { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), dropTablesNotInSpec: true })
  const r = run(['check', dropping], { cwd })
  assert.equal(r.code, 0, r.stderr)
  const printed = r.stdout + r.stderr
  assert.match(printed, /dropTablesNotInSpec \(--drop-tables-not-in-spec\) drops the tables/)
  assert.match(printed, /→ nothing to do for a first migration; .* set existingDbPath \(--db\) to the SQLite file/)
  const db = run(['check', USERS, '--dialect', 'postgresql', '--db', path.join(repo, '__test__', 'data', 'app.db')], { cwd })
  assert.match(db.stderr, /set databaseType \(--dialect\) to 'sqlite'/)
  const j = JSON.parse(run(['check', dropping, '--json'], { cwd }).stdout)
  assert.ok(j.validation.warnings.some((w) => / set existingDbPath to the SQLite file/.test(w.suggestion)), JSON.stringify(j.validation.warnings))
  assert.ok(!JSON.stringify(j).includes('(--'))
  // A name quoted from the database is left as it is.
  const file = path.join(cwd, 'camel.db')
  const spawned = spawnSync('sqlite3', [file, 'CREATE TABLE t (id INTEGER PRIMARY KEY, "databaseType" TEXT, "allowDataLoss" INTEGER)'])
  if (spawned.error) return
  const spec = writeJson(cwd, 't.json', { description: 'x', databaseType: 'sqlite', timestamps: false, tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
  const camel = run(['check', spec, '--db', file], { cwd })
  assert.match(camel.stderr, /the column 'databaseType' is in the database/)
  assert.match(camel.stderr, /the column 'allowDataLoss' is in the database/)
})

test('check takes several spec files (lint-staged passes every staged one): each checked, exit 1 when one has errors; --json lists them; an unreadable one is reported and the others still checked (exit 2)', () => {
  const dir = tmp()
  const bad = writeJson(dir, 'bad.json', INVALID)
  const both = run(['check', USERS, ORDERS], { cwd: dir })
  assert.equal(both.code, 0, both.stderr)
  assert.deepEqual(lines(both.stdout).map((l) => l.replace(/ \(.*$/, '')), [`✔ ${USERS} is valid`, `✔ ${ORDERS} is valid`])
  const one = run(['check', USERS, bad], { cwd: dir })
  assert.equal(one.code, 1)
  assert.match(one.stderr, new RegExp(`✘ ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is invalid`))
  const j = JSON.parse(run(['check', USERS, bad, '--json'], { cwd: dir }).stdout)
  assert.equal(j.ok, false)
  assert.deepEqual(j.files.map((f) => [f.file, f.ok]), [[USERS, true], [bad, false]])
  assert.equal(j.files[1].validation.valid, false)
  // Before, a usage error that stopped the command there (`migration-generator: cannot read
  // spec nope.json: …`), USERS never checked: now it is checked, and the exit code still 2.
  const missing = run(['check', USERS, 'nope.json'], { cwd: dir })
  assert.equal(missing.code, 2)
  assert.deepEqual(lines(missing.stdout).map((l) => l.replace(/ \(.*$/, '')), [`✔ ${USERS} is valid`])
  assert.match(missing.stderr, /^migration-generator: cannot read spec nope\.json: no such file\n✘ 1 of 2 files could not be read \(nope\.json\); the others were checked\n$/m)
})

/** A copy of the checked-in SQLite database (users, orders) in a new folder. */
function appDb() {
  const dir = tmp()
  const db = path.join(dir, 'app.db')
  fs.copyFileSync(path.join(repo, '__test__', 'data', 'app.db'), db)
  return { dir, db }
}

test('--db compares against an existing SQLite database (existingDbPath)', () => {
  const { dir, db } = appDb()
  // The database's own tables (unchanged) plus a new one.
  const pulled = api.specFromDatabase(db)
  const spec = {
    ...pulled,
    description: 'add_payments',
    tables: [...pulled.tables, { name: 'payments', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'order_id', type: 'INTEGER', nullable: false }], foreignKeys: [{ columns: ['order_id'], referencedTable: 'orders', referencedColumns: ['id'] }] }],
  }
  const file = writeJson(dir, 'payments.json', spec)
  const r = run(['generate', file, '--db', 'app.db', '--dry-run', '--json', '--now', NOW], { cwd: dir })
  assert.equal(r.code, 0, r.stdout + r.stderr)
  const result = JSON.parse(r.stdout).result
  assert.deepEqual(result, api.generateMigration({ ...spec, existingDbPath: db, now: NOW }))
  assert.deepEqual(result.metadata.operations, [
    { table: 'users', operation: 'SKIP' },
    { table: 'orders', operation: 'SKIP' },
    { table: 'payments', operation: 'CREATE' },
  ])
  assert.doesNotMatch(result.upMigration, /CREATE TABLE IF NOT EXISTS (users|orders)/)
  // Without --db the same spec creates everything.
  const without = JSON.parse(run(['generate', file, '--dry-run', '--json', '--now', NOW], { cwd: dir }).stdout).result
  assert.ok(without.metadata.operations.every((o) => o.operation === 'CREATE'))
  // existingDbPath inside a spec file is relative to the spec file.
  fs.mkdirSync(path.join(dir, 'specs'))
  const nested = writeJson(path.join(dir, 'specs'), 'payments.json', { ...spec, existingDbPath: '../app.db' })
  const viaFile = JSON.parse(run(['generate', nested, '--dry-run', '--json', '--now', NOW], { cwd: tmp() }).stdout).result
  assert.deepEqual(viaFile.metadata.operations, result.metadata.operations)
  // check uses --db too.
  const c = run(['check', file, '--db', db, '--json'], { cwd: dir })
  assert.equal(c.code, 0, c.stdout)
  assert.equal(JSON.parse(c.stdout).ok, true)
  assert.deepEqual(filesUnder(dir), ['app.db', 'payments.json', path.join('specs', 'payments.json')])
})

test('generate: a spec of existing: true tables alone (no database read) says nothing compared them, not that the database matches', () => {
  const dir = tmp()
  const file = writeJson(dir, 'spec.json', JSON.stringify({
    description: 'add bio', databaseType: 'postgresql',
    tables: [{ name: 'users', existing: true, columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'bio', type: 'TEXT', nullable: true }], primaryKey: ['id'] }],
  }))
  const r = run(['generate', file], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, 'No changes: every table of the spec is marked "existing": true, and no database was read to compare them with; a change to one of them (a column added) is in no migration: write it by hand; nothing written.\n')
  assert.doesNotMatch(r.stdout, /already matches/)
  const json = JSON.parse(run(['generate', file, '--json'], { cwd: dir }).stdout)
  assert.match(json.result.validation.warnings.find((w) => w.code === 'NO_CHANGES').message, /^nothing to create: every table of the spec is marked existing: true/)
})

test('generate of a spec without tables says so, not that "the database already matches the spec" when no database was read', () => {
  const { dir } = appDb()
  const empty = writeJson(dir, 'empty.json', { description: 'x', databaseType: 'sqlite', tables: [] })
  const cases = [
    [[], 'the spec lists no tables, and no database was read: there is nothing to create'],
    [['--db', 'app.db'], 'the spec lists no tables, and any table the database has is kept as it is'],
    [['--previous', USERS], 'the spec lists no tables, and any table --previous has is kept as it is (no database was read)'],
  ]
  const before = filesUnder(dir)
  for (const [extra, state] of cases) {
    const r = run(['generate', empty, ...extra], { cwd: dir })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `No changes: ${state}; nothing written.\n`, extra.join(' '))
    const dry = run(['generate', empty, '--dry-run', ...extra], { cwd: dir })
    assert.equal(dry.stdout, `No changes: ${state}; nothing would be written.\n`, extra.join(' '))
  }
  // From standard input too (the trial's case).
  const stdin = run(['generate', '-', '--dry-run'], { cwd: dir, stdin: '{"description":"x","databaseType":"sqlite","tables":[]}' })
  assert.equal(stdin.code, 0, stdin.stderr)
  assert.equal(stdin.stdout, 'No changes: the spec lists no tables, and no database was read: there is nothing to create; nothing would be written.\n')
  assert.deepEqual(filesUnder(dir), before, 'nothing written')
})

test('generate with --db and nothing to change writes no migration, says so, exits 0', async () => {
  const { dir, db } = appDb()
  const pulled = run(['introspect', 'app.db', '--json'], { cwd: dir })
  assert.equal(pulled.code, 0, pulled.stderr)
  const file = writeJson(dir, 'pulled.json', pulled.stdout)
  assert.ok(api.generateMigration({ ...JSON.parse(pulled.stdout), existingDbPath: db }).validation.warnings.some((w) => w.code === 'NO_CHANGES'), 'the spec pulled from the database has no changes')
  const before = filesUnder(dir)

  const r = run(['generate', file, '--db', 'app.db'], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, 'No changes: the database already matches the spec; nothing written.\n')
  assert.doesNotMatch(r.stderr, /NO_CHANGES/, 'the line says it; the warning is not repeated')
  assert.deepEqual(filesUnder(dir), before, 'no empty migration')
  const dry = run(['generate', file, '--db', 'app.db', '--dry-run'], { cwd: dir })
  assert.equal(dry.code, 0, dry.stderr)
  assert.equal(dry.stdout, 'No changes: the database already matches the spec; nothing would be written.\n')
  const dryTypes = run(['generate', file, '--db', 'app.db', '--dry-run', '--types', 'types'], { cwd: dir })
  assert.equal(dryTypes.code, 0, dryTypes.stderr)
  assert.equal(dryTypes.stdout, 'No changes: the database already matches the spec; no migration would be written.\n')
  assert.match(dryTypes.stderr, /would write the types\n {2}types\/users\.d\.ts\n {2}types\/orders\.d\.ts\n {2}types\/index\.d\.ts\n/)
  assert.deepEqual(filesUnder(dir), before)

  const json = run(['generate', file, '--db', 'app.db', '--json'], { cwd: dir })
  assert.equal(json.code, 0, json.stderr)
  const out = JSON.parse(json.stdout)
  assert.equal(out.ok, true)
  assert.equal(out.noChanges, true)
  assert.equal(out.filename, null)
  assert.deepEqual(out.written, [])
  assert.ok(out.result.validation.warnings.some((w) => w.code === 'NO_CHANGES'))
  assert.equal(json.stderr, '')
  assert.deepEqual(JSON.parse(run(['generate', file, '--db', 'app.db', '--json', '--dry-run'], { cwd: dir }).stdout).wouldWrite, [])
  assert.deepEqual(filesUnder(dir), before)
  // A database with a column the spec leaves out does not "match" it: the line says so.
  const extra = appDb()
  const SQL = await require('sql.js')()
  const widened = new SQL.Database(fs.readFileSync(extra.db))
  widened.run('ALTER TABLE users ADD COLUMN legacy TEXT')
  fs.writeFileSync(extra.db, widened.export())
  const kept = run(['generate', file, '--db', extra.db], { cwd: dir })
  assert.equal(kept.code, 0, kept.stderr)
  assert.match(kept.stderr, /COLUMN_NOT_IN_SPEC users\.legacy/)
  assert.equal(kept.stdout, 'No changes: the database already has what the spec describes, and keeps as it is what the warnings above name; nothing written.\n')
  // Nor does a database with a table taken out of the spec: kept, and named.
  const usersOnly = JSON.parse(pulled.stdout)
  usersOnly.tables = usersOnly.tables.filter((t) => t.name === 'users')
  const left = run(['generate', writeJson(dir, 'users-only.json', JSON.stringify(usersOnly)), '--db', 'app.db'], { cwd: dir })
  assert.equal(left.code, 0, left.stderr)
  assert.equal(left.stdout, "No changes: every table of the spec already matches the database; the database also has a table the spec leaves out, kept as it is ('orders'; dropTablesNotInSpec with allowDataLoss drops it); nothing written.\n")
  assert.deepEqual(filesUnder(dir), [...before, 'users-only.json'].sort())
  // A change still writes: the flag is not set for an ordinary migration.
  const changed = run(['generate', ORDERS, '--json', '--now', NOW], { cwd: dir })
  assert.equal(JSON.parse(changed.stdout).noChanges, undefined)
})

test('generate with --db warns of a type file whose table neither the spec nor the database has (renamed by a migration of your own), and leaves it to the user', async () => {
  const { dir } = appDb()
  const file = writeJson(dir, 'pulled.json', run(['introspect', 'app.db', '--json'], { cwd: dir }).stdout)
  assert.equal(run(['generate', file, '--db', 'app.db', '--types', 'types'], { cwd: dir }).code, 0)
  // A rename made by a migration of your own, applied; the spec follows it.
  const SQL = await require('sql.js')()
  const db = new SQL.Database(fs.readFileSync(path.join(dir, 'app.db')))
  db.run('ALTER TABLE orders RENAME TO purchases')
  fs.writeFileSync(path.join(dir, 'app.db'), db.export())
  const spec = JSON.parse(fs.readFileSync(file, 'utf8'))
  spec.tables.find((t) => t.name === 'orders').name = 'purchases'
  writeJson(dir, 'pulled.json', JSON.stringify(spec))
  const r = run(['generate', file, '--db', 'app.db', '--types', 'types', '--json'], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  const stale = JSON.parse(r.stdout).result.validation.warnings.filter((w) => w.code === 'STALE_TYPE_FILE')
  assert.deepEqual(stale.map((w) => [w.table, w.suggestion]), [['orders', `delete ${path.join('types', 'orders.d.ts')} and the lines of ${path.join('types', 'index.d.ts')} that name 'orders.js' (or only delete the file: a generate after this migration is applied then writes index.d.ts without it)`]])
  assert.ok(fs.existsSync(path.join(dir, 'types', 'orders.d.ts')), 'left to the user')
  // Deleted, the next generate lists only the tables there are.
  fs.unlinkSync(path.join(dir, 'types', 'orders.d.ts'))
  const again = run(['generate', file, '--db', 'app.db', '--types', 'types', '--json'], { cwd: dir })
  assert.deepEqual(JSON.parse(again.stdout).result.validation.warnings.filter((w) => w.code === 'STALE_TYPE_FILE'), [])
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'types', 'index.d.ts'), 'utf8'), /orders/)
})

test('generate with --previous warns of a type file whose table neither the spec nor previousSpec has, as with --db (a trial refreshing its types left a renamed table in Database)', () => {
  const dir = tmp()
  const users = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  const orders = JSON.parse(fs.readFileSync(ORDERS, 'utf8'))
  writeJson(dir, 'v1.json', JSON.stringify({ ...users, generateTypes: true, tables: [...users.tables, ...orders.tables.filter((t) => t.name !== 'users')] }))
  assert.equal(run(['generate', 'v1.json', '--types', 'types', '--now', NOW], { cwd: dir }).code, 0)
  assert.ok(fs.existsSync(path.join(dir, 'types', 'orders.d.ts')))
  // orders renamed away by a migration of the user's own; the spec follows, and the types are refreshed.
  writeJson(dir, 'v2.json', JSON.stringify({ ...users, generateTypes: true }))
  const r = run(['generate', 'v2.json', '--previous', 'v2.json', '--types', 'types', '--json'], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  const stale = JSON.parse(r.stdout).result.validation.warnings.filter((w) => w.code === 'STALE_TYPE_FILE')
  assert.deepEqual(stale.map((w) => [w.table, w.message]), [['orders', `${path.join('types', 'orders.d.ts')} holds the types of the table 'orders', which neither the spec nor --previous v2.json has (renamed or dropped by a migration of your own?): ${path.join('types', 'index.d.ts')} still lists it in Database, so queries on it compile`]])
  assert.ok(fs.existsSync(path.join(dir, 'types', 'orders.d.ts')), 'left to the user')
  // A table previousSpec still has (the migration about to drop it) is not stale.
  const kept = run(['generate', 'v2.json', '--previous', 'v1.json', '--types', 'types', '--json', '--dry-run', '--allow-data-loss'], { cwd: dir })
  assert.deepEqual(JSON.parse(kept.stdout).result.validation.warnings.filter((w) => w.code === 'STALE_TYPE_FILE'), [])
})

test('generate with --previous, the types folder unreadable: a migration without types is written (exit 0); with types, or a folder that cannot be resolved, the writer\'s READ_FAILED or WRITE_FAILED (exit 1); never an internal error', () => {
  if (process.platform === 'win32') return
  const dir = tmp()
  const users = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  const v1 = { ...users, generateTypes: false }
  const v2 = { ...v1, tables: v1.tables.map((t, i) => (i === 0 ? { ...t, columns: [...t.columns, { name: 'nickname', type: 'TEXT', nullable: true }] } : t)) }
  writeJson(dir, 'v1.json', v1)
  writeJson(dir, 'v2.json', v2)
  const typesDir = path.join(dir, 'types', 'generated', 'db')
  fs.mkdirSync(typesDir, { recursive: true })
  // A types folder this user may not list (made by another user, root in a container): root
  // ignores permissions, so run as an unprivileged user then.
  const asUser = process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {}
  if (asUser.uid !== undefined) fs.chmodSync(dir, 0o777)
  fs.chmodSync(typesDir, 0o000)
  const as = (args) => spawnCli(args, { cwd: dir, ...asUser })
  const name = '20260209120000_create_users_table.sql'
  try {
    for (const json of [false, true]) {
      const r = as(['generate', 'v2.json', '--previous', 'v1.json', '--now', NOW, ...(json ? ['--json'] : [])])
      assert.equal(r.code, 0, r.stdout + r.stderr)
      if (json) assert.equal(JSON.parse(r.stdout).filename, name)
      else assert.equal(r.stdout, `wrote ${path.join('database', 'migrations', name)}\n`)
      assert.deepEqual(fs.readdirSync(path.join(dir, 'database', 'migrations')), [name])
      fs.rmSync(path.join(dir, 'database'), { recursive: true })
    }
    // With types asked for, the writer's own error about that folder.
    const typed = as(['generate', 'v2.json', '--previous', 'v1.json', '--now', NOW, '--types', path.join('types', 'generated', 'db'), '--json'])
    assert.equal(typed.code, 1, typed.stdout + typed.stderr)
    assert.equal(JSON.parse(typed.stdout).error.code, 'READ_FAILED', typed.stdout)
    assert.match(JSON.parse(typed.stdout).error.message, /permission denied/)
  } finally {
    fs.chmodSync(typesDir, 0o755)
  }
  assert.equal(fs.existsSync(path.join(dir, 'database')), false, 'nothing written')
  // A types folder that cannot even be resolved (a loop of symbolic links): the writer's
  // WRITE_FAILED, in one line.
  fs.rmSync(path.join(dir, 'types'), { recursive: true })
  fs.mkdirSync(path.join(dir, 'types', 'generated'), { recursive: true })
  fs.symlinkSync('b', path.join(dir, 'types', 'generated', 'a'))
  fs.symlinkSync('a', path.join(dir, 'types', 'generated', 'b'))
  fs.symlinkSync('a', path.join(dir, 'types', 'generated', 'db'))
  const looped = run(['generate', 'v2.json', '--previous', 'v1.json', '--now', NOW], { cwd: dir })
  assert.equal(looped.code, 1)
  assert.match(looped.stderr, /^error WRITE_FAILED: cannot use types\/generated\/db: ELOOP/)
  const loopedJson = JSON.parse(run(['generate', 'v2.json', '--previous', 'v1.json', '--now', NOW, '--json'], { cwd: dir }).stdout)
  assert.equal(loopedJson.error.code, 'WRITE_FAILED')
  assert.equal(fs.existsSync(path.join(dir, 'database')), false, 'nothing written')
})

test('generate with --db and renamedFrom renames the table first, with its rows, and removes the old name\'s type file', async () => {
  const { dir } = appDb()
  const file = writeJson(dir, 'pulled.json', run(['introspect', 'app.db', '--json'], { cwd: dir }).stdout)
  assert.equal(run(['generate', file, '--db', 'app.db', '--types', 'types'], { cwd: dir }).code, 0)
  assert.ok(fs.existsSync(path.join(dir, 'types', 'orders.d.ts')))
  const spec = JSON.parse(fs.readFileSync(file, 'utf8'))
  Object.assign(spec.tables.find((t) => t.name === 'orders'), { name: 'purchases', renamedFrom: 'orders' })
  spec.description = 'rename_orders'
  writeJson(dir, 'pulled.json', JSON.stringify(spec))
  const r = run(['generate', file, '--db', 'app.db', '--types', 'types', '--json', '--now', NOW], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  const { result } = JSON.parse(r.stdout)
  assert.deepEqual(result.metadata.operations.find((o) => o.table === 'purchases'), { table: 'purchases', operation: 'ALTER', renamedFrom: 'orders' })
  assert.match(result.upMigration, /^SAVEPOINT _mg_renames;\nPRAGMA legacy_alter_table = OFF;\nALTER TABLE orders RENAME TO purchases;\n/)
  assert.match(result.downMigration, /SAVEPOINT _mg_renames;\nPRAGMA legacy_alter_table = OFF;\nALTER TABLE purchases RENAME TO orders;\nCREATE TEMP TABLE _mg_rename_check [^\n]*\nINSERT OR ROLLBACK INTO _mg_rename_check SELECT [^;]*;\nDROP TABLE _mg_rename_check;\nRELEASE _mg_renames;$/)
  assert.ok(!fs.existsSync(path.join(dir, 'types', 'orders.d.ts')), 'the old name\'s type file goes')
  assert.ok(fs.existsSync(path.join(dir, 'types', 'purchases.d.ts')))
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'types', 'index.d.ts'), 'utf8'), /'\.\/orders\.js'/)
  // Run on the file, the rows are there under the new name; down gives them back under the old.
  const SQL = await require('sql.js')()
  const db = new SQL.Database(fs.readFileSync(path.join(dir, 'app.db')))
  const count = (table) => db.exec(`SELECT count(*) FROM ${table}`)[0].values[0][0]
  const rows = count('orders')
  db.exec(result.upMigration)
  assert.equal(count('purchases'), rows)
  db.exec(result.downMigration)
  assert.equal(count('orders'), rows)
})

test('generate --db against a database behind the folder whose missing migration renames (renamedFrom): RENAMED_BEFORE error, nothing written; applied, only the change', async () => {
  const { dir, migrations, apply } = await projectWithApply()
  assert.equal(run(['generate', USERS, '--now', NOW], { cwd: dir }).code, 0)
  const db = path.join(dir, 'app.db')
  fs.writeFileSync(db, '')
  apply(db, '20260209120000_create_users_table.sql')
  const spec = JSON.parse(fs.readFileSync(USERS, 'utf8'))
  Object.assign(spec.tables[0], { name: 'members', renamedFrom: 'users' })
  const renamed = run(['generate', writeJson(dir, 'v2.json', { ...spec, description: 'rename users' }), '--now', '2026-02-12T08:00:00Z', '--db', db], { cwd: dir })
  assert.equal(renamed.code, 0, renamed.stderr)
  // Not applied to this database (a teammate's copy), and the spec changed again since.
  spec.tables[0].columns.push({ name: 'bio', type: 'TEXT', nullable: true })
  const file = writeJson(dir, 'v3.json', { ...spec, description: 'add bio' })
  const before = filesUnder(dir)
  const stale = run(['generate', file, '--now', '2026-02-13T08:00:00Z', '--db', db, '--json'], { cwd: dir })
  assert.equal(stale.code, 1, stale.stderr)
  const errors = JSON.parse(stale.stdout).result.validation.errors
  assert.deepEqual(errors.map((e) => [e.code, e.table]), [['RENAMED_BEFORE', 'members']])
  assert.match(errors[0].message, /20260212080000_rename_users\.sql, already renames 'users' to 'members', and the database app\.db has not had it applied \(it is behind the folder\): this migration renames 'users' too, which fails where that migration ran/)
  assert.deepEqual(filesUnder(dir), before)
  // Applied: only the column.
  apply(db, '20260212080000_rename_users.sql')
  const fine = run(['generate', file, '--now', '2026-02-13T08:00:00Z', '--db', db], { cwd: dir })
  assert.equal(fine.code, 0, fine.stderr)
  assert.doesNotMatch(fine.stderr, /_BEFORE/)
  const added = fs.readFileSync(path.join(migrations, '20260213080000_add_bio.sql'), 'utf8')
  assert.match(added, /^ALTER TABLE members ADD COLUMN bio TEXT;$/m)
  assert.doesNotMatch(added, /RENAME/)
})

test('RENAMED_BEFORE goes by the old name: an earlier rename of it to another name, or of the column under the table\'s old name, is found; a name made again since (renamed back) is no repeat', async () => {
  const { dir, migrations, apply, db, behind, base, generate } = await usersAndACopyBehind()
  const made = (name, edit, now) => {
    const out = generate(name, edit, now, db)
    assert.equal(out.ok, true, JSON.stringify(out.result.validation.errors))
    apply(db, out.filename)
  }
  const codes = (out) => out.result.validation.errors.map((e) => [e.code, e.table, e.column])
  const members = (t) => {
    Object.assign(t, { name: 'members', renamedFrom: 'users' })
    Object.assign(t.columns[2], { name: 'full_name', renamedFrom: 'name' })
  }
  // m2 renames a column of users.
  made('rename name', (t) => Object.assign(t.columns[2], { name: 'full_name', renamedFrom: 'name' }), '2026-02-10T00:00:00Z')
  base.tables[0].columns[2].name = 'full_name'
  // The teammate renames the table, and the column as m2 did: found under the table's old name.
  assert.deepEqual(codes(generate('members', members, '2026-02-11T00:00:00Z', behind)), [['RENAMED_BEFORE', 'members', 'full_name']])
  // m3 renames users to people: renaming users to members where m3 ran fails too.
  made('to people', (t) => Object.assign(t, { name: 'people', renamedFrom: 'users' }), '2026-02-12T00:00:00Z')
  const both = generate('members', members, '2026-02-13T00:00:00Z', behind)
  assert.deepEqual(codes(both), [['RENAMED_BEFORE', 'members', undefined], ['RENAMED_BEFORE', 'members', 'full_name']])
  assert.match(both.result.validation.errors[0].message, /20260212000000_to_people\.sql, already renames 'users' to 'people', .*: this migration renames 'users' too/)
  // m4 renames people back to users: renaming users to members is no repeat.
  made('back', (t) => Object.assign(t, { name: 'users', renamedFrom: 'people' }), '2026-02-14T00:00:00Z')
  const again = generate('to members', (t) => Object.assign(t, { name: 'members', renamedFrom: 'users' }), '2026-02-15T00:00:00Z', db)
  assert.equal(again.ok, true, JSON.stringify(again.result.validation.errors))
  assert.match(fs.readFileSync(path.join(migrations, again.filename), 'utf8'), /^ALTER TABLE users RENAME TO members;$/m)
})

test('a database behind a folder whose missing migration renames a table is found without renamedFrom in the spec: the table the spec creates is TABLE_CREATED_BEFORE, a table it changes under the old name RENAMED_BEFORE', async () => {
  const { apply, db, behind, generate } = await usersAndACopyBehind()
  // A teammate's migration renames users to members (applied to app.db only).
  const renamed = generate('members', (t) => Object.assign(t, { name: 'members', renamedFrom: 'users' }), '2026-02-10T00:00:00Z', db)
  assert.equal(renamed.ok, true)
  const bio = { name: 'bio', type: 'TEXT', nullable: true }
  const codes = (out) => out.result.validation.errors.map((e) => [e.code, e.table])
  // The merged spec, renamedFrom since taken out, against the copy behind: members would be created.
  // (Its indexes left out: named as the copy's users has them, they are DUPLICATE_NAME first.)
  const created = generate('bio', (t) => Object.assign(t, { name: 'members', columns: [...t.columns, bio], indexes: [] }), '2026-02-11T00:00:00Z', behind)
  assert.deepEqual(codes(created), [['TABLE_CREATED_BEFORE', 'members']])
  // A spec that never had the rename (not merged yet), against that copy: users would be changed.
  const changed = generate('bio', (t) => t.columns.push(bio), '2026-02-11T00:00:00Z', behind)
  assert.deepEqual(codes(changed), [['RENAMED_BEFORE', 'users']])
  assert.match(changed.result.validation.errors[0].message, /already renames 'users' to 'members', .*: this migration changes 'users' too, which fails where that migration ran/)
})

test('generate with --db, nothing to change and --types writes the types and no migration (a fresh clone whose types are not committed)', () => {
  const { dir } = appDb()
  const file = writeJson(dir, 'pulled.json', run(['introspect', 'app.db', '--json'], { cwd: dir }).stdout)
  const before = filesUnder(dir)
  const r = run(['generate', file, '--db', 'app.db', '--types', 'types'], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, 'No changes: the database already matches the spec; no migration written.\nwrote types/users.d.ts\nwrote types/orders.d.ts\nwrote types/index.d.ts\n')
  assert.deepEqual(filesUnder(dir), [...before, path.join('types', 'index.d.ts'), path.join('types', 'orders.d.ts'), path.join('types', 'users.d.ts')].sort())
  const users = fs.readFileSync(path.join(dir, 'types', 'users.d.ts'), 'utf8')
  assert.match(users, /^\/\/ Generated by migration-generator from a spec the database already matched \(no migration\)\./)
  assert.match(users, /export interface User \{/)
  assert.match(fs.readFileSync(path.join(dir, 'types', 'index.d.ts'), 'utf8'), /users: /)
  // Again, with --json: the same files, kept as they were (said so); still no migration.
  const json = run(['generate', file, '--db', 'app.db', '--types', 'types', '--json'], { cwd: dir })
  assert.equal(json.code, 0, json.stderr)
  const out = JSON.parse(json.stdout)
  assert.equal(out.noChanges, true)
  assert.equal(out.filename, null)
  assert.deepEqual(out.written, [])
  assert.deepEqual(out.unchanged.map((p) => path.relative(dir, p)), ['users.d.ts', 'orders.d.ts', 'index.d.ts'].map((f) => path.join('types', f)))
  const text = run(['generate', file, '--db', 'app.db', '--types', 'types'], { cwd: dir })
  assert.equal(text.stdout, 'No changes: the database already matches the spec; no migration written.\nunchanged types/users.d.ts\nunchanged types/orders.d.ts\nunchanged types/index.d.ts\n')
  assert.deepEqual(filesUnder(dir), [...before, path.join('types', 'index.d.ts'), path.join('types', 'orders.d.ts'), path.join('types', 'users.d.ts')].sort())
  // A hand-written file in the types folder is not replaced, and nothing is written.
  fs.writeFileSync(path.join(dir, 'types', 'orders.d.ts'), 'export type Mine = 1\n')
  const refused = run(['generate', file, '--db', 'app.db', '--types', 'types'], { cwd: dir })
  assert.equal(refused.code, 1)
  assert.match(refused.stderr, /FILE_EXISTS/)
  assert.equal(fs.readFileSync(path.join(dir, 'types', 'orders.d.ts'), 'utf8'), 'export type Mine = 1\n')
})

test('output cut short by the reader (| head -c 10): no stack trace, the exit code of the command (real process)', (t) => {
  if (process.platform === 'win32') return t.skip('needs a POSIX shell and head(1)')
  const dir = tmp()
  // 200 tables of 50 columns: the JSON is megabytes, far more than a pipe holds.
  const tables = Array.from({ length: 200 }, (_, i) => ({
    name: `table_${i}`,
    columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, ...Array.from({ length: 49 }, (_, c) => ({ name: `col_${c}`, type: 'TEXT', nullable: true }))],
  }))
  const spec = writeJson(dir, 'big.json', { description: 'big', databaseType: 'sqlite', tables })
  for (const extra of [['--json'], []]) {
    // The command's stderr and exit code go to files: the pipeline's status is head's.
    const shell = `( "$0" "$1" generate "$2" --dry-run --now "$3" ${extra.join(' ')} 2>"$4"; echo $? >"$4.code" ) | head -c 10`
    const r = spawnSync('sh', ['-c', shell, process.execPath, BIN, spec, NOW, path.join(dir, 'stderr.txt')], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout.length, 10, 'head printed its ten bytes')
    const stderr = fs.readFileSync(path.join(dir, 'stderr.txt'), 'utf8')
    assert.doesNotMatch(stderr, /EPIPE|Unhandled|\n\s+at /, `no stack trace (${extra.join(' ')})`)
    assert.equal(fs.readFileSync(path.join(dir, 'stderr.txt.code'), 'utf8'), '0\n', 'the command exits with its own code')
    if (extra.length) assert.equal(stderr, '', '--json prints nothing on stderr')
  }
})

test('check of a spec whose database (existingDbPath) cannot be read says it could not be checked, not that the spec is invalid (exit 1)', () => {
  const dir = tmp()
  const spec = writeJson(dir, 'spec.json', { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), databaseType: 'sqlite', existingDbPath: 'missing.db' })
  const r = run(['check', spec], { cwd: dir })
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stderr, /^error DB_NOT_FOUND: no database file at this path/m)
  assert.match(r.stderr, /^✘ .*spec\.json could not be checked: its database could not be read \(DB_NOT_FOUND; 1 error, \d+ warnings?\)$/m)
  assert.doesNotMatch(r.stderr, /is invalid/)
  // The spec itself is fine: without the database it is valid.
  const without = writeJson(dir, 'without.json', { ...JSON.parse(fs.readFileSync(spec, 'utf8')), existingDbPath: undefined })
  assert.equal(run(['check', without], { cwd: dir }).code, 0)
})

test('check: exit 0 with warnings printed, exit 1 with errors, never writes', () => {
  const dir = tmp()
  const ok = run(['check', USERS], { cwd: dir })
  assert.equal(ok.code, 0)
  assert.match(ok.stdout, /is valid \(0 errors, \d+ warnings?\)/)
  assert.match(ok.stderr, /^warning DOWN_DATA_LOSS users: /m)
  const bad = run(['check', writeJson(dir, 'bad.json', INVALID)], { cwd: dir })
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /^error INVALID_COLUMN_NAME user\.Email: /m)
  assert.match(bad.stderr, /is invalid \(\d+ errors?, \d+ warnings?\)/)
  const json = run(['check', path.join(dir, 'bad.json'), '--json'], { cwd: dir })
  assert.equal(json.code, 1)
  assert.equal(JSON.parse(json.stdout).ok, false)
  // A JSON value that is not a spec object is a validation error (exit 1), not a crash.
  assert.equal(run(['check', writeJson(dir, 'array.json', [])], { cwd: dir }).code, 1)
  assert.deepEqual(filesUnder(dir), ['array.json', 'bad.json'])
})

test('colors: plain when piped, colored on a terminal, NO_COLOR respected', (t) => {
  const dir = tmp()
  const spec = writeJson(dir, 'bad.json', INVALID)
  const piped = spawn(['check', spec], { cwd: dir })
  assert.equal(piped.code, 1)
  assert.ok(!piped.stderr.includes(ESC), 'no escape codes when piped')
  const forced = run(['check', spec], { cwd: dir, env: { FORCE_COLOR: '1' } })
  assert.ok(forced.stderr.includes(`${ESC}31m`), 'FORCE_COLOR colors')
  // A real terminal, through script(1) when it is there.
  const probe = spawnSync('script', ['-qec', 'true', '/dev/null'], { encoding: 'utf8' })
  if (process.platform === 'win32' || probe.status !== 0) return t.skip('script(1) is not available to give the command a terminal')
  const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check ${JSON.stringify(spec)}`
  const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH, TERM: 'xterm' } })
  assert.match(tty.stdout, /\x1b\[31m.*error/, `colored on a terminal: ${JSON.stringify(tty.stdout.slice(0, 200))}`)
  assert.match(tty.stdout, /INVALID_COLUMN_NAME/)
  const noColor = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH, TERM: 'xterm', NO_COLOR: '1' } })
  assert.match(noColor.stdout, /INVALID_COLUMN_NAME/)
  assert.ok(!noColor.stdout.includes(ESC), 'NO_COLOR: no escape codes on a terminal')
})

test('introspect: prints the tables, --json prints a spec; unreadable files are one line', () => {
  const { dir, db } = appDb()
  const missing = run(['introspect', 'missing.db'], { cwd: dir })
  assert.equal(missing.code, 2)
  assert.equal(lines(missing.stderr).length, 1)
  assert.match(missing.stderr, /^error DB_NOT_FOUND: /)
  const human = run(['introspect', 'app.db'], { cwd: dir })
  assert.equal(human.code, 0, human.stderr)
  assert.equal(human.stderr, '')
  assert.match(human.stdout, /^app\.db: 2 tables$/m)
  assert.match(human.stdout, /^users$/m)
  assert.match(human.stdout, /^orders$/m)
  assert.match(human.stdout, /^ {2}email +TEXT +NOT NULL UNIQUE$/m)
  assert.match(human.stdout, /^ {2}status +TEXT +NOT NULL DEFAULT 'pending'$/m)
  assert.match(human.stdout, /^ {2}check chk_age \(age IS NULL OR age >= 0\)$/m)
  assert.match(human.stdout, /^ {2}foreign key \(user_id\) → users\(id\) ON DELETE CASCADE$/m)
  assert.match(human.stdout, /^ {2}index idx_orders_big \(total\) WHERE total > 100$/m)
  const json = run(['introspect', 'app.db', '--json', '--dialect', 'postgresql'], { cwd: dir })
  assert.equal(json.code, 0, json.stderr)
  const spec = JSON.parse(json.stdout)
  // The spec, with what it leaves out (here the keys without AUTOINCREMENT) in `leftOut`.
  const pulledPg = api.pullDatabase(db, 'postgresql')
  assert.ok(pulledPg.leftOut.length)
  assert.deepEqual(spec, JSON.parse(JSON.stringify({ ...pulledPg.spec, leftOut: pulledPg.leftOut })))
  assert.equal(spec.databaseType, 'postgresql')
  assert.deepEqual(spec.tables.map((x) => x.name), ['users', 'orders'])
  const notDb = writeJson(dir, 'not.db', 'hello, this is not a database file at all, not even close to one')
  const unreadable = run(['introspect', notDb], { cwd: dir })
  assert.equal(unreadable.code, 1)
  assert.equal(lines(unreadable.stderr).length, 1)
  assert.match(unreadable.stderr, /^error DB_UNREADABLE: /)
  const asJson = run(['introspect', 'missing.db', '--json'], { cwd: dir })
  assert.equal(asJson.code, 2)
  assert.equal(JSON.parse(asJson.stdout).error.code, 'DB_NOT_FOUND')
  assert.deepEqual(filesUnder(dir), ['app.db', 'not.db'], 'introspection writes nothing')
})

test('introspect: what the spec leaves out is shown in the text, and on a terminal beside --json', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, total INT GENERATED ALWAYS AS (id * 2));
    CREATE INDEX users_lower ON users (lower(email));
    CREATE TRIGGER "tr\x1b[2J" AFTER INSERT ON users BEGIN SELECT 1; END;
    CREATE VIEW v AS SELECT 1 AS one;
    CREATE TABLE tags (k TEXT PRIMARY KEY) WITHOUT ROWID`)
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'made.db'), made.export())
  made.close()
  const text = run(['introspect', 'made.db'], { cwd: dir })
  assert.equal(text.code, 0, text.stderr)
  assert.equal(text.stderr, '')
  const users = text.stdout.slice(text.stdout.indexOf('\nusers\n'), text.stdout.indexOf('\ntags\n'))
  assert.match(users, /^ {2}not in the spec: the generated or hidden column 'total'$/m)
  assert.match(users, /^ {2}not in the spec: the expression index 'users_lower'$/m)
  assert.match(users, /^ {2}not in the spec: the key 'id' without AUTOINCREMENT \(it gives a deleted last row's key again; the spec's autoIncrement key never does\)$/m)
  // The key's own line says it is the plain rowid, not AUTOINCREMENT (an upgrade trial read
  // the two as the same); a real AUTOINCREMENT key is shown as before.
  assert.match(users, /^ {2}id +INTEGER +NOT NULL PRIMARY KEY AUTO INCREMENT \(rowid, no AUTOINCREMENT\)$/m)
  assert.match(users, /^ {2}not in the spec: the trigger 'tr\\x1b\[2J'$/m, 'a name from the file is shown escaped')
  assert.match(text.stdout, /^ {2}not in the spec: WITHOUT ROWID \(the spec's table has a rowid\)$/m)
  assert.match(text.stdout, /^not in the spec: the view 'v'$/m)
  assert.match(text.stdout, /^A spec has no form for what is marked "not in the spec"/m)
  // --json: stdout is the spec with what it leaves out in `leftOut`; stderr is empty for a
  // program, the list for a person.
  const piped = run(['introspect', 'made.db', '--json'], { cwd: dir })
  assert.equal(piped.code, 0)
  const pulledMade = api.pullDatabase(path.join(dir, 'made.db'))
  assert.equal(pulledMade.leftOut.length, 6)
  assert.deepEqual(JSON.parse(piped.stdout), JSON.parse(JSON.stringify({ ...pulledMade.spec, leftOut: pulledMade.leftOut })))
  assert.equal(piped.stderr, '')
  const err = textStream(true)
  const out = textStream()
  assert.equal(main(['introspect', 'made.db', '--json'], { stdout: out, stderr: err, env: { NO_COLOR: '1' }, cwd: dir }), 0)
  assert.equal(out.text, piped.stdout)
  assert.equal(lines(err.text).length, 7, err.text)
  assert.match(err.text, /^warning users: not in the spec: the trigger 'tr\\x1b\[2J'$/m)
  assert.match(err.text, /^warning not in the spec: the view 'v'$/m)
  // A database with nothing else left out says only that its keys are not AUTOINCREMENT.
  const { dir: plainDir } = appDb()
  const plain = run(['introspect', 'app.db'], { cwd: plainDir }).stdout
  assert.deepEqual(plain.split('\n').filter((l) => l.includes('not in the spec:')), ['users', 'orders'].map(() => "  not in the spec: the key 'id' without AUTOINCREMENT (it gives a deleted last row's key again; the spec's autoIncrement key never does)"))
  const counted = new SQL.Database()
  counted.run('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT)')
  fs.writeFileSync(path.join(dir, 'counted.db'), counted.export())
  counted.close()
  const countedText = run(['introspect', 'counted.db'], { cwd: dir }).stdout
  assert.match(countedText, /^ {2}id +INTEGER +NOT NULL PRIMARY KEY AUTO INCREMENT$/m)
  assert.doesNotMatch(countedText, /not in the spec|rowid, no AUTOINCREMENT/)
})

test('introspect --json says in the spec which tables it left out and why (Prisma names), and the spec stays usable', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run(`CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "tenantId" INTEGER);
    CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)`)
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'dev.db'), made.export())
  made.close()
  // Piped (no terminal): stderr stays empty, and the JSON says what is missing and why (a user
  // trial's `User` went missing from it without a word).
  const r = run(['introspect', 'dev.db', '--json'], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stderr, '')
  const spec = JSON.parse(r.stdout)
  assert.deepEqual(spec.tables.map((t) => t.name), ['notes'])
  assert.deepEqual(spec.leftOut, [{ table: null, what: "the table 'User' (its name is not lowercase snake_case, which a spec's table names are)" }])
  // The generator does not read `leftOut`: no UNKNOWN_FIELD, nothing to change.
  const again = api.generateMigration({ ...spec, existingDbPath: path.join(dir, 'dev.db') })
  assert.equal(again.validation.valid, true, JSON.stringify(again.validation.errors))
  assert.deepEqual(again.validation.warnings.map((w) => w.code), ['NO_CHANGES'])
  const pgSpec = { ...spec, databaseType: 'postgresql' }
  assert.deepEqual(api.generateMigration({ ...pgSpec, previousSpec: pgSpec }).validation.warnings.map((w) => w.code), ['NO_CHANGES'])
  // Nothing left out: no `leftOut` field.
  const clean = new SQL.Database()
  clean.run('CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)')
  fs.writeFileSync(path.join(dir, 'clean.db'), clean.export())
  clean.close()
  assert.equal('leftOut' in JSON.parse(run(['introspect', 'clean.db', '--json'], { cwd: dir }).stdout), false)
})

test('introspect text output shows control characters from the database escaped, never raw', async () => {
  // A file anyone could have made: names, a default and a CHECK carrying terminal controls.
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run('CREATE TABLE evil (id INTEGER PRIMARY KEY, note TEXT DEFAULT \'a\x07b\' CHECK (note <> \'\x7f\'))')
  // The tables a spec cannot name, or whose columns it cannot name, are left out of it, and
  // shown in their 'not in the spec' lines.
  made.run('CREATE TABLE evil_columns (id INTEGER PRIMARY KEY, "c\x1b[31m" TEXT, "r\u202eev" TEXT)')
  made.run('CREATE TABLE "Evil\nTable\x1b[2J" (id INTEGER PRIMARY KEY)')
  made.run('CREATE TABLE "c1\x9b\u2028\u2066x" (id INTEGER)')
  made.run('CREATE TABLE "r\u202eev" (id INTEGER)')
  made.run('CREATE TABLE "tab\there" (id INTEGER)')
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'evil.db'), made.export())
  made.close()
  const r = run(['introspect', 'evil.db'], { cwd: dir })
  assert.equal(r.code, 0, r.stderr)
  const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
  assert.doesNotMatch(r.stdout, unsafe, JSON.stringify(r.stdout))
  // (A default holding a control character is pulled as an expression that spells it: char(7).)
  assert.match(r.stdout, /^ {2}note +TEXT +NULL DEFAULT 'a' \|\| char\(7\) \|\| 'b'$/m)
  assert.match(r.stdout, /\\x7f/)
  assert.match(r.stdout, /^not in the spec: the table 'evil_columns' \(its column 'c\\x1b\[31m' is not lowercase snake_case/m)
  assert.match(r.stdout, /^not in the spec: the table 'Evil\\nTable\\x1b\[2J' \(its name is not lowercase snake_case/m, 'the newline and ESC shown as escapes, on one line')
  assert.match(r.stdout, /^not in the spec: the table 'c1\\x9b\\u2028\\u2066x' \(/m)
  assert.match(r.stdout, /^not in the spec: the table 'r\\u202eev' \(/m)
  assert.match(r.stdout, /^not in the spec: the table 'tab\\there' \(/m)
  // --json is data, not text for a terminal: the names are exact there.
  const json = JSON.parse(run(['introspect', 'evil.db', '--json'], { cwd: dir }).stdout)
  assert.deepEqual(json.tables.map((t) => t.name), ['evil'])
  assert.deepEqual(json.tables[0].columns.find((c) => c.name === 'note').default, { expression: "'a' || char(7) || 'b'" })
})

test('generate and check --db: names from the database in warnings are shown escaped', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run('CREATE TABLE users (id INTEGER PRIMARY KEY, "x\x1b[31m\u202e" TEXT)')
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'app.db'), made.export())
  made.close()
  const spec = writeJson(dir, 'spec.json', { description: 'add_email', databaseType: 'sqlite', timestamps: false, tables: [{ name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'email', type: 'TEXT', nullable: true }] }] })
  for (const args of [['check', spec, '--db', 'app.db'], ['generate', spec, '--db', 'app.db', '--dry-run']]) {
    const r = run(args, { cwd: dir })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /^warning COLUMN_NOT_IN_SPEC users\.x\\x1b\[31m\\u202e: the column 'x\\x1b\[31m\\u202e' is in the database/m)
    assert.doesNotMatch(r.stderr, /[\x1b\u202e]/, JSON.stringify(r.stderr))
  }
})

test('check --allow-data-loss checks the migration generate --allow-data-loss would write', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run('CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL, score REAL)')
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'app.db'), made.export())
  made.close()
  const spec = writeJson(dir, 'spec.json', { description: 'narrow_score', databaseType: 'sqlite', timestamps: false, tables: [{ name: 'articles', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'title', type: 'TEXT', nullable: false }, { name: 'score', type: 'INTEGER', nullable: true }] }] })
  const refused = run(['check', spec, '--db', 'app.db'], { cwd: dir })
  assert.equal(refused.code, 1)
  assert.match(refused.stderr, /^error TYPE_NARROWING articles\.score: /m)
  const allowed = run(['check', spec, '--db', 'app.db', '--allow-data-loss', '--json'], { cwd: dir })
  assert.equal(allowed.code, 0, allowed.stdout)
  const report = JSON.parse(allowed.stdout)
  assert.equal(report.ok, true)
  assert.deepEqual(report.validation.warnings.map((w) => w.code), ['TYPE_NARROWING'])
  assert.deepEqual(filesUnder(dir), ['app.db', 'spec.json'], 'check writes nothing')
})

test('--drop-tables-not-in-spec drops the tables the spec leaves out; the down half creates them again, as they were', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL); CREATE TABLE old_tags (id INTEGER PRIMARY KEY, article_id INTEGER REFERENCES articles(id), tag TEXT); CREATE INDEX idx_old_tags_tag ON old_tags(tag); INSERT INTO articles (title) VALUES ('a'); INSERT INTO old_tags (article_id, tag) VALUES (1, 'x'), (1, 'y')")
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'app.db'), made.export())
  const stored = made.exec('SELECT type, name, sql FROM sqlite_master ORDER BY name')[0].values
  made.close()
  const spec = writeJson(dir, 'spec.json', { description: 'drop_old_tags', databaseType: 'sqlite', timestamps: false, tables: [{ name: 'articles', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'title', type: 'TEXT', nullable: false }] }] })
  const refused = run(['check', spec, '--db', 'app.db', '--drop-tables-not-in-spec'], { cwd: dir })
  assert.equal(refused.code, 1)
  assert.match(refused.stderr, /^error DATA_LOSS old_tags: the table 'old_tags' is not in the spec/m)
  const generated = run(['generate', spec, '--db', 'app.db', '--drop-tables-not-in-spec', '--allow-data-loss', '--now', NOW, '--json'], { cwd: dir })
  assert.equal(generated.code, 0, generated.stdout + generated.stderr)
  const out = JSON.parse(generated.stdout)
  assert.deepEqual(out.result.metadata.operations, [{ table: 'articles', operation: 'SKIP' }, { table: 'old_tags', operation: 'DROP' }])
  const warning = out.result.validation.warnings.find((w) => w.code === 'DATA_LOSS')
  assert.match(warning.message, /it holds 2 rows now$/)
  const file = path.join('database', 'migrations', '20260209120000_drop_old_tags.sql')
  const up = spawn(['up', file], { cwd: dir })
  const down = spawn(['down', file], { cwd: dir })
  assert.equal(up.code, 0, up.stderr)
  assert.equal(down.code, 0, down.stderr)
  const db = new SQL.Database(fs.readFileSync(path.join(dir, 'app.db')))
  db.run('PRAGMA foreign_keys = ON')
  db.exec(up.stdout)
  assert.deepEqual(db.exec("SELECT name FROM sqlite_master ORDER BY name")[0].values, [['articles']])
  assert.deepEqual(db.exec('SELECT title FROM articles')[0].values, [['a']])
  db.exec(down.stdout)
  assert.deepEqual(db.exec('SELECT type, name, sql FROM sqlite_master ORDER BY name')[0].values, stored)
  assert.deepEqual(db.exec('SELECT count(*) FROM old_tags')[0].values, [[0]])
  db.close()
})

test('up and down print one half of a migration file: the up half run on the file drops the column, the down half brings it back', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT); INSERT INTO articles (title, body) VALUES ('a', 'keep'), ('b', NULL)")
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'app.db'), made.export())
  made.close()
  const spec = { description: 'drop_body', databaseType: 'sqlite', timestamps: false, allowDataLoss: true, tables: [{ name: 'articles', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'title', type: 'TEXT', nullable: false }] }] }
  const specPath = writeJson(dir, 'spec.json', spec)
  // --description names the file (and the header) instead of the spec's description.
  const generated = run(['generate', specPath, '--db', 'app.db', '--now', NOW, '--description', 'Drop the body'], { cwd: dir })
  assert.equal(generated.code, 0, generated.stderr)
  const file = path.join('database', 'migrations', '20260209120000_drop_the_body.sql')
  const result = api.generateMigration({ ...spec, description: 'Drop the body', existingDbPath: path.join(dir, 'app.db'), now: NOW })
  assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), result.fileContent)
  const up = spawn(['up', file], { cwd: dir })
  assert.equal(up.code, 0, up.stderr)
  assert.equal(up.stderr, '')
  assert.equal(up.stdout, `${result.upMigration}\n`)
  const down = run(['down', file], { cwd: dir })
  assert.equal(down.code, 0, down.stderr)
  assert.equal(down.stdout, `${result.downMigration}\n`)
  assert.deepEqual(oneJsonObject(run(['up', file, '--json'], { cwd: dir }).stdout, 'up --json'), { ok: true, sql: up.stdout })
  // Run on the database: the up half alone drops the column and keeps the rows; the down half
  // brings the column back (its values are gone, as allowDataLoss says); the whole file would
  // have run both.
  const db = new SQL.Database(fs.readFileSync(path.join(dir, 'app.db')))
  const rows = () => db.exec('SELECT * FROM articles ORDER BY id')[0]
  db.exec(up.stdout)
  assert.deepEqual(rows().columns, ['id', 'title'])
  assert.deepEqual(rows().values, [[1, 'a'], [2, 'b']])
  db.exec(down.stdout)
  assert.deepEqual(rows().columns, ['id', 'title', 'body'])
  db.close()
  // Not a migration file, or no file: a usage error naming the file (exit 2).
  fs.writeFileSync(path.join(dir, 'plain.sql'), 'CREATE TABLE t (id INTEGER);\n')
  fs.writeFileSync(path.join(dir, 'twice.sql'), '-- UP MIGRATION\nA;\n-- DOWN MIGRATION\nB;\n-- UP MIGRATION\nC;\n')
  for (const [name, code, message] of [
    ['plain.sql', 'NOT_A_MIGRATION', /plain\.sql is not a migration file of migration-generator/],
    ['twice.sql', 'NOT_A_MIGRATION', /twice\.sql is not a migration file/],
    ['missing.sql', 'MIGRATION_UNREADABLE', /cannot read migration missing\.sql: no such file/],
    // The same words as for a spec that is a folder.
    ['folder.sql', 'MIGRATION_UNREADABLE', /^migration-generator: cannot read migration folder\.sql: it is a folder$/m],
  ]) {
    if (name === 'folder.sql') fs.mkdirSync(path.join(dir, name), { recursive: true })
    const r = run(['up', name], { cwd: dir })
    assert.equal(r.code, 2, name)
    assert.equal(lines(r.stderr).length, 1, r.stderr)
    assert.match(r.stderr, message)
    const j = oneJsonObject(run(['down', name, '--json'], { cwd: dir }).stdout, name)
    assert.equal(j.ok, false)
    assert.equal(j.error.code, code)
  }
  assert.equal(run(['up'], { cwd: dir }).code, 2)
  assert.equal(run(['up', 'a.sql', 'b.sql'], { cwd: dir }).code, 2)
})

test('a description that quotes the marker (-- DOWN MIGRATION) is written in the header with its dashes apart: up, down, a split at the marker line and one at its first occurrence give the two halves', () => {
  const dir = tmp()
  const spec = writeJson(dir, 'spec.json', { description: '-- DOWN MIGRATION', databaseType: 'sqlite', tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }] })
  const r = run(['generate', spec, '--now', NOW, '--json'], { cwd: dir })
  assert.equal(r.code, 0, r.stdout)
  const { result, written } = JSON.parse(r.stdout)
  const file = written[0]
  const text = fs.readFileSync(file, 'utf8')
  assert.match(text, /^-- Description: - - DOWN MIGRATION$/m, 'the header quotes it, its dashes apart')
  assert.equal(text.split('-- DOWN MIGRATION').length, 2, 'the text is in the file once')
  assert.equal(text.match(/^-- DOWN MIGRATION$/gm).length, 1, 'one line is exactly the marker')
  // What the README tells a hand-written runner to do: split at the line.
  const [up, down] = text.split(/^-- DOWN MIGRATION$/m)
  assert.ok(up.includes(result.upMigration) && down.includes(result.downMigration))
  assert.equal(run(['up', file], { cwd: dir }).stdout, `${result.upMigration}\n`)
  assert.equal(run(['down', file], { cwd: dir }).stdout, `${result.downMigration}\n`)
})

test('up keeps a CR that is text inside a line of an LF file (a trigger\'s string); a CRLF file is printed with LF', () => {
  const trigger = "CREATE TRIGGER trg AFTER INSERT ON users BEGIN INSERT INTO log (m) VALUES ('a\r\nb'); END;"
  const lf = `-- Migration: 1\n\n-- UP MIGRATION\n\n${trigger}\n\n-- DOWN MIGRATION\n\nDROP TRIGGER trg;\n`
  assert.equal(migrationHalf(lf, 'up'), `${trigger}\n`)
  assert.equal(migrationHalf(lf, 'down'), 'DROP TRIGGER trg;\n')
  const crlf = '-- Migration: 1\r\n\r\n-- UP MIGRATION\r\n\r\nCREATE TABLE t (id INTEGER);\r\n\r\n-- DOWN MIGRATION\r\n\r\nDROP TABLE t;\r\n'
  assert.equal(migrationHalf(crlf, 'up'), 'CREATE TABLE t (id INTEGER);\n')
  assert.equal(migrationHalf(crlf, 'down'), 'DROP TABLE t;\n')
})

/** The one JSON object a --json run printed on stdout (throws when stdout is anything else). */
function oneJsonObject(stdout, what) {
  let value
  try {
    value = JSON.parse(stdout)
  } catch (e) {
    assert.fail(`${what}: stdout is not one JSON value (${e.message}): ${JSON.stringify(stdout.slice(0, 300))}`)
  }
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${what}: a JSON object`)
  return value
}

test('usage errors with --json: one JSON object on stdout (ok false, error code and message), nothing on stderr, exit 2 as in text (real process)', () => {
  const { dir } = appDb()
  writeJson(dir, 'broken.json', '{ "description": "x", ')
  // A number JSON.parse changes, after a string with an escaped quote and digits in it.
  writeJson(dir, 'rounded.json', '{ "description": "x \\" 12345678901234567890", "databaseType": "sqlite", "tables": [{ "name": "t", "columns": [{ "name": "n", "type": "BIGINT", "nullable": true, "default": 9007199254740993 }] }] }')
  fs.mkdirSync(path.join(dir, 'folder.json'))
  const cases = [
    [['generate', '--json'], 'USAGE', /missing SPEC\.json/],
    [['check', '--json'], 'USAGE', /missing SPEC\.json/],
    [['introspect', '--json'], 'USAGE', /missing DB_PATH/],
    [['generate', USERS, '--bogus', '--json'], 'USAGE', /unknown option '--bogus'/],
    [['generate', '--json', USERS, '--bogus'], 'USAGE', /unknown option '--bogus'/],
    [['generate', USERS, '--format', 'numbered', '--json'], 'USAGE', /unknown option '--format'/],
    [['generate', USERS, '--json', '--dialect'], 'USAGE', /--dialect/],
    // Without --json these two are other errors (no value; no command), so the text differs.
    [['generate', USERS, '--dialect', '--json'], 'USAGE', /option '--dialect' needs a value, and '--json' looks like an option \(for a value that starts with '-', write --dialect=--json\)/, false],
    [['generate', USERS, '--json=yes', '--json'], 'USAGE', /--json/],
    [['generate', USERS, '--dialect', 'oracle', '--json'], 'USAGE', /--dialect must be sqlite, postgresql or mysql, not 'oracle'/],
    [['generate', USERS, ORDERS, '--json'], 'USAGE', /one SPEC\.json/],
    [['generate', USERS, '--self-check', 'auto', '--json'], 'USAGE', /--self-check must be/],
    [['check', USERS, '--dialect', 'mssql', '--json'], 'USAGE', /--dialect must be/],
    [['introspect', 'app.db', 'app.db', '--json'], 'USAGE', /one DB_PATH/],
    [['introspect', 'app.db', '--dialect', 'oracle', '--json'], 'USAGE', /--dialect must be/],
    [['introspect', 'app.db', '--now', NOW, '--json'], 'USAGE', /unknown option '--now'/],
    [['frobnicate', '--json'], 'USAGE', /unknown command 'frobnicate'/],
    [['--frob', '--json'], 'USAGE', /unknown option '--frob'/],
    [['--json'], 'USAGE', /unknown option '--json' \(give a command first\)/, false],
    [['help', 'frob', '--json'], 'USAGE', /unknown command 'frob'/],
    [['generate', 'nope.json', '--json'], 'SPEC_UNREADABLE', /^cannot read spec nope\.json: no such file$/],
    [['check', 'folder.json', '--json'], 'SPEC_UNREADABLE', /^cannot read spec folder\.json: it is a folder$/],
    [['generate', 'broken.json', '--json'], 'SPEC_NOT_JSON', /^spec broken\.json is not valid JSON: /],
    [['generate', 'rounded.json', '--json'], 'SPEC_NUMBER_ROUNDED', /^spec rounded\.json has the number 9007199254740993, which JSON\.parse reads as 9007199254740992 .*\{ "expression": "9007199254740993" \}$/],
    [['generate', USERS, '--db', 'missing.db', '--json'], 'DB_NOT_FOUND', /database missing\.db not found/],
    [['check', USERS, '--db', 'missing.db', '--json'], 'DB_NOT_FOUND', /database missing\.db not found/],
  ]
  for (const [args, code, message, sameText = true] of cases) {
    const what = args.join(' ')
    const r = spawn(args, { cwd: dir })
    const out = oneJsonObject(r.stdout, what)
    // check's object has the same `files` whatever the number of files (the file that could not
    // be read, in it with its error); every other command's usage error is `{ ok, error }`.
    if (args[0] === 'check' && out.error.code.startsWith('SPEC_')) {
      assert.deepEqual(Object.keys(out), ['ok', 'error', 'files'], what)
      assert.deepEqual(out.files, [{ file: args[1], ok: false, error: out.error }], what)
    } else assert.deepEqual(Object.keys(out), ['ok', 'error'], what)
    assert.equal(out.ok, false, what)
    assert.equal(out.error.code, code, what)
    assert.match(out.error.message, message, what)
    assert.doesNotMatch(out.error.message, /\n|\x1b|--help'/, `${what}: one plain line, no hint`)
    assert.equal(r.stderr, '', `${what}: nothing on stderr`)
    // The same exit code as without --json, and the same message as the text line.
    const text = spawn(args.filter((a) => a !== '--json'), { cwd: dir })
    assert.equal(r.code, 2, what)
    assert.equal(text.code, r.code, `${what}: the exit code of the text mode`)
    if (sameText) assert.ok(text.stderr.includes(out.error.message), `${what}: text says ${text.stderr}`)
  }
  // A file problem names the file.
  const spec = oneJsonObject(spawn(['generate', 'nope.json', '--json'], { cwd: dir }).stdout, 'path')
  assert.equal(spec.error.path, path.join(dir, 'nope.json'))
  assert.equal(oneJsonObject(spawn(['generate', USERS, '--db', 'missing.db', '--json'], { cwd: dir }).stdout, 'db').error.path, path.join(dir, 'missing.db'))
  // --json only counts as a standalone argument before `--`: after it, it is a positional.
  const after = spawn(['generate', USERS, '--', '--json'], { cwd: dir })
  assert.equal(after.code, 2)
  assert.equal(after.stdout, '')
  assert.match(after.stderr, /^migration-generator: generate takes one SPEC\.json, not 2 arguments/)
  assert.deepEqual(filesUnder(dir), ['app.db', 'broken.json', 'rounded.json'], 'nothing written')
})

test('SPEC_NUMBER_ROUNDED: a REAL default JSON.parse rounds is taken (the column holds that double), a DECIMAL one is not; an overflow says so', () => {
  const dir = tmp()
  const spec = (columns) => JSON.stringify({ description: 'x', databaseType: 'postgresql', tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, ...columns] }] }).replace(/"default":"N([^"]*)"/g, '"default":$1')
  writeJson(dir, 'real.json', spec([{ name: 'pi', type: 'REAL', nullable: true, default: 'N3.14159265358979323846' }, { name: 'n', type: 'INTEGER', nullable: true, default: 'N7' }]))
  assert.equal(run(['check', 'real.json'], { cwd: dir }).code, 0)
  writeJson(dir, 'both.json', spec([{ name: 'pi', type: 'REAL', nullable: true, default: 'N3.14159265358979323846' }, { name: 'd', type: 'DECIMAL', precision: 30, scale: 20, nullable: true, default: 'N0.100000000000000001' }]))
  const both = JSON.parse(run(['check', 'both.json', '--json'], { cwd: dir }).stdout)
  assert.equal(both.error.code, 'SPEC_NUMBER_ROUNDED')
  assert.match(both.error.message, /the number 0\.100000000000000001, which JSON\.parse reads as 0\.1 \(a JavaScript number keeps about 15 significant digits\)/)
  writeJson(dir, 'huge.json', spec([{ name: 'd', type: 'DECIMAL', nullable: true, default: 'N1e400' }]))
  assert.match(JSON.parse(run(['check', 'huge.json', '--json'], { cwd: dir }).stdout).error.message, /reads as Infinity \(it is past the largest JavaScript number\)/)
})

test('--json before the command counts as well (README: anywhere before a `--` terminator)', () => {
  const dir = tmp()
  const help = spawn(['--json', '--help'], { cwd: dir })
  assert.equal(help.code, 0, help.stdout)
  assert.equal(JSON.parse(help.stdout).ok, true)
  assert.match(JSON.parse(help.stdout).help, /^Usage: migration-generator <command>/)
  const version = spawn(['--json', '--version'], { cwd: dir })
  assert.equal(version.code, 0)
  assert.equal(typeof JSON.parse(version.stdout).version, 'string')
  const check = spawn(['--json', 'check', USERS], { cwd: dir })
  assert.equal(check.code, 0, check.stdout)
  assert.equal(JSON.parse(check.stdout).ok, true)
  assert.equal(check.stderr, '')
  const gen = spawn(['--json', 'generate', USERS, '--dry-run', '--now', NOW], { cwd: dir })
  assert.equal(gen.code, 0, gen.stdout)
  assert.equal(JSON.parse(gen.stdout).dryRun, true)
  assert.deepEqual(filesUnder(dir), [], 'nothing written')
})

test('--help and --version with --json print one JSON object too (exit 0)', () => {
  for (const [args, heading] of [
    [['--help', '--json'], 'Usage: migration-generator <command>'],
    [['help', 'generate', '--json'], 'Usage: migration-generator generate SPEC.json'],
    [['help', '--json'], 'Usage: migration-generator <command>'],
    [['generate', '--help', '--json'], 'Usage: migration-generator generate SPEC.json'],
    [['check', USERS, '--json', '-h'], 'Usage: migration-generator check SPEC.json'],
    [['introspect', '--json', '--help'], 'Usage: migration-generator introspect DB_PATH'],
  ]) {
    const r = run(args)
    const out = oneJsonObject(r.stdout, args.join(' '))
    assert.equal(r.code, 0)
    assert.deepEqual(Object.keys(out), ['ok', 'help'])
    assert.equal(out.ok, true)
    assert.ok(out.help.startsWith(heading), `${args.join(' ')}: ${out.help}`)
    assert.equal(r.stderr, '')
  }
  const v = run(['--version', '--json'])
  assert.equal(v.code, 0)
  assert.deepEqual(oneJsonObject(v.stdout, '--version --json'), { ok: true, version: require('../package.json').version })
})

/** A folder whose migrations folder already holds 001_x.sql and 002_y.sql, and a numbered spec in it. */
function numberedProject() {
  const dir = tmp()
  const mig = path.join(dir, 'database', 'migrations')
  fs.mkdirSync(mig, { recursive: true })
  fs.writeFileSync(path.join(mig, '001_x.sql'), '-- x\n')
  fs.writeFileSync(path.join(mig, '002_y.sql'), '-- y\n')
  const spec = writeJson(dir, 'numbered.json', { ...JSON.parse(fs.readFileSync(USERS, 'utf8')), $schema: undefined, fileFormat: 'numbered', generateTypes: true, now: NOW })
  return { dir, mig, spec }
}

/** Asserts that a printed result names the file `filename` everywhere and never the generator's 001_…. */
function assertResultNames(result, filename, what) {
  assert.equal(result.metadata.filename, filename, `${what}: result.metadata.filename`)
  assert.match(result.fileContent, new RegExp(`^-- Migration: ${filename.slice(0, 3)}\\n`), `${what}: result.fileContent header`)
  assert.ok(result.tableTypes.length > 0)
  for (const t of result.tableTypes) assert.ok(t.source.includes(`Generated from migration: ${filename}`), `${what}: tableTypes source`)
  assert.ok(result.typeDefinitions.includes(filename), `${what}: typeDefinitions`)
  assert.doesNotMatch(JSON.stringify(result), /001_create_users_table|Migration: 001/, `${what}: no trace of the generator's 001_`)
}

test('numbered: with 001_x.sql and 002_y.sql in the folder, --json, text and --dry-run all report 003_…, result included (real process)', () => {
  const filename = '003_create_users_table.sql'
  // --json: the file written, and the printed result, are 003.
  const a = numberedProject()
  const json = spawn(['generate', a.spec, '--json'], { cwd: a.dir })
  assert.equal(json.code, 0, json.stderr)
  assert.equal(json.stderr, '')
  const out = oneJsonObject(json.stdout, 'generate --json')
  assert.equal(out.filename, filename)
  assert.equal(out.written[0], path.join(a.mig, filename))
  assertResultNames(out.result, filename, 'generate --json')
  assert.equal(out.result.fileContent, fs.readFileSync(out.written[0], 'utf8'), 'the printed fileContent is the file written')
  const typesFile = fs.readFileSync(path.join(a.dir, 'types', 'generated', 'db', 'users.d.ts'), 'utf8')
  assert.ok(typesFile.endsWith(out.result.tableTypes[0].source), 'the printed types are the file written')
  assert.deepEqual(fs.readdirSync(a.mig).sort(), ['001_x.sql', '002_y.sql', filename])

  // Text: the line names 003.
  const b = numberedProject()
  const text = spawn(['generate', b.spec], { cwd: b.dir })
  assert.equal(text.code, 0, text.stderr)
  assert.equal(lines(text.stdout)[0], `wrote ${path.join('database', 'migrations', filename)}`)
  assert.doesNotMatch(text.stdout + text.stderr, /001_/)
  assert.deepEqual(fs.readdirSync(b.mig).sort(), ['001_x.sql', '002_y.sql', filename])

  // --dry-run, text and --json: 003, nothing written.
  const c = numberedProject()
  const before = filesUnder(c.dir)
  const dry = spawn(['generate', c.spec, '--dry-run'], { cwd: c.dir })
  assert.equal(dry.code, 0, dry.stderr)
  assert.match(dry.stdout, /^-- Migration: 003\n/)
  assert.match(dry.stderr, new RegExp(`would write\\n {2}database[/\\\\]migrations[/\\\\]${filename}\\n`))
  const dryJson = spawn(['generate', c.spec, '--dry-run', '--json'], { cwd: c.dir })
  assert.equal(dryJson.code, 0, dryJson.stderr)
  assert.equal(dryJson.stderr, '')
  const d = oneJsonObject(dryJson.stdout, 'generate --dry-run --json')
  assert.equal(d.filename, filename)
  assert.equal(d.wouldWrite[0], path.join(c.mig, filename))
  assert.equal(d.fileContent, dry.stdout, 'the JSON fileContent is the migration the text dry run prints')
  assertResultNames(d.result, filename, 'generate --dry-run --json')
  assert.equal(d.result.fileContent, d.fileContent)
  assert.deepEqual(filesUnder(c.dir), before, 'the dry runs wrote nothing')
})

test('--json: a failed write, unavailable introspection and an internal error are one JSON object too, with the text exit code', () => {
  const dir = tmp()
  const first = run(['generate', USERS, '--json', '--now', NOW], { cwd: dir })
  assert.equal(first.code, 0, first.stderr)
  const again = run(['generate', USERS, '--json', '--now', NOW], { cwd: dir })
  assert.equal(again.code, 1)
  assert.equal(again.stderr, '')
  const exists = oneJsonObject(again.stdout, 'FILE_EXISTS')
  assert.equal(exists.ok, false)
  assert.equal(exists.error.code, 'FILE_EXISTS')

  // A build without introspection (pullDatabase missing).
  const { dir: dbDir } = appDb()
  const pullDatabase = api.pullDatabase
  api.pullDatabase = undefined
  try {
    const text = run(['introspect', 'app.db'], { cwd: dbDir })
    const json = run(['introspect', 'app.db', '--json'], { cwd: dbDir })
    assert.equal(json.code, text.code)
    assert.equal(json.code, 1)
    assert.equal(json.stderr, '')
    const out = oneJsonObject(json.stdout, 'introspect unavailable')
    assert.equal(out.ok, false)
    assert.equal(out.error.code, 'INTROSPECTION_UNAVAILABLE')
    assert.ok(text.stderr.includes(out.error.message), text.stderr)
  } finally {
    api.pullDatabase = pullDatabase
  }

  // A bug (anything but a MigrationGeneratorError thrown while writing): INTERNAL_ERROR, exit 1.
  const write = api.writeMigrationFiles
  api.writeMigrationFiles = () => {
    throw new TypeError('boom')
  }
  try {
    const bug = run(['generate', ORDERS, '--json', '--now', NOW])
    assert.equal(bug.code, 1)
    assert.equal(bug.stderr, '')
    assert.deepEqual(oneJsonObject(bug.stdout, 'internal error'), { ok: false, error: { code: 'INTERNAL_ERROR', message: 'internal error: boom' } })
    const debug = run(['generate', ORDERS, '--json', '--now', NOW], { env: { DEBUG: '1' } })
    assert.equal(debug.code, 1)
    assert.equal(oneJsonObject(debug.stdout, 'internal error, DEBUG').error.code, 'INTERNAL_ERROR')
    assert.match(debug.stderr, /TypeError: boom\n\s+at /, 'DEBUG: the stack on stderr')
    // Without --json the error still goes to bin/, which prints one line and exits 1.
    assert.throws(() => run(['generate', ORDERS, '--now', NOW]), /boom/)
  } finally {
    api.writeMigrationFiles = write
  }
})

test('a working folder deleted under the shell: CWD_NOT_FOUND, one line or one JSON object, exit 2; --version and --help still work (real process)', () => {
  const dir = tmp()
  const inShell = (args) => spawnSync('sh', ['-c', 'mkdir gone && cd gone && rmdir ../gone && exec "$@"', 'sh', process.execPath, BIN, ...args], { cwd: dir, encoding: 'utf8' })
  const text = inShell(['check', USERS])
  assert.equal(text.status, 2, text.stderr)
  assert.equal(text.stdout, '')
  assert.equal(text.stderr, 'migration-generator: the working folder no longer exists (it was deleted or moved): change to an existing folder\n')
  const json = inShell(['generate', USERS, '--json'])
  assert.equal(json.status, 2)
  assert.equal(json.stderr, '')
  assert.equal(JSON.parse(json.stdout).error.code, 'CWD_NOT_FOUND')
  const version = inShell(['--version'])
  assert.equal(version.status, 0, version.stderr)
  assert.equal(inShell(['generate', '--help']).status, 0)
})

test('without its native addon: one line (or one JSON object), ADDON_UNAVAILABLE, exit 1, no loader stack; --help, --version, up and down still work (real process)', () => {
  const pkg = tmp()
  for (const f of ['package.json', 'index.js', 'native.js']) fs.copyFileSync(path.join(repo, f), path.join(pkg, f))
  for (const d of ['bin', 'lib']) fs.cpSync(path.join(repo, d), path.join(pkg, d), { recursive: true })
  const bin = path.join(pkg, 'bin', 'migration-generator.js')
  const go = (args) => spawnSync(process.execPath, [bin, ...args], { cwd: pkg, encoding: 'utf8', env: { PATH: process.env.PATH } })
  const text = go(['check', USERS])
  assert.equal(text.status, 1, text.stderr)
  assert.equal(lines(text.stderr).length, 1, text.stderr)
  assert.match(text.stderr, /^migration-generator: the native addon of migration-generator cannot be loaded on [a-z0-9]+-[a-z0-9]+ \(.*Cannot find module '\.\/migration-generator\.[a-z0-9-]+\.node'.*\); built for linux-x64-gnu .*: no platform package is published yet, so reinstalling does not bring one: build the binary in a checkout of the repository: npm run build \(needs Rust\)/)
  const json = go(['generate', USERS, '--json'])
  assert.equal(json.status, 1)
  assert.equal(json.stderr, '')
  assert.equal(JSON.parse(json.stdout).error.code, 'ADDON_UNAVAILABLE')
  assert.equal(go(['--version']).status, 0)
  assert.equal(go(['check', '--help']).status, 0)
  const migration = path.join(pkg, 'm.sql')
  fs.writeFileSync(migration, '-- UP MIGRATION\nSELECT 1;\n-- DOWN MIGRATION\nSELECT 2;\n')
  const up = go(['up', migration])
  assert.equal(up.status, 0, up.stderr)
  assert.equal(up.stdout, 'SELECT 1;\n')
  // The library itself: the same one line, as an error with a code, the loader's error its cause.
  const load = (dir) => spawnSync(process.execPath, ['-e', `try { require(${JSON.stringify(dir)}) } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, cause: Boolean(e.cause) })) }`], { encoding: 'utf8' })
  const missing = JSON.parse(load(pkg).stdout)
  assert.equal(missing.code, 'ADDON_UNAVAILABLE')
  assert.equal(missing.cause, true)
  assert.match(missing.message, /cannot be loaded on .*Cannot find module/)
  // A binary that is not one (a broken download): the loader's real reason, not npm's headline.
  const binary = fs.readdirSync(repo).find((f) => f.endsWith('.node'))
  fs.writeFileSync(path.join(pkg, binary), 'not a binary')
  const broken = JSON.parse(load(pkg).stdout)
  assert.equal(broken.code, 'ADDON_UNAVAILABLE')
  assert.doesNotMatch(broken.message, /npm has a bug/)
  assert.match(broken.message, new RegExp(`${process.platform === 'linux' ? 'file too short|invalid ELF header' : '.'}`))
  // In a checkout (Cargo.toml beside it), the way out is to build.
  fs.writeFileSync(path.join(pkg, 'Cargo.toml'), '')
  assert.match(JSON.parse(load(pkg).stdout).message, /: build it in this checkout: npm run build \(needs Rust\)$/)
})

test('a usage error quoting a typed name shows its control characters escaped, never raw', () => {
  const r = spawn(['generate', 'spec\x1b[2J\x07.json'])
  assert.equal(r.code, 2)
  assert.ok(!r.stderr.includes('\x1b[2J') && !r.stderr.includes('\x07'), JSON.stringify(r.stderr))
  assert.match(r.stderr, /spec\\x1b\[2J\\x07\.json/)
})

test('a write error on stdout other than a closed pipe is one line and exit code 1, not a stack trace', () => {
  // /dev/full: every write fails with ENOSPC.
  if (!fs.existsSync('/dev/full')) return
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --help > /dev/full`], { encoding: 'utf8' })
  assert.equal(r.status, 1, r.stderr)
  assert.match(r.stderr, /^migration-generator: cannot write output: .*ENOSPC/m)
  assert.ok(!/\n\s+at /.test(r.stderr), r.stderr)
})

test('a file error printed as text shows control characters in its path escaped, never raw', () => {
  const cwd = tmp()
  const out = 'mig\x1b[2J\u202e'
  assert.equal(run(['generate', USERS, '--out', out, '--now', NOW], { cwd }).code, 0)
  const r = run(['generate', USERS, '--out', out, '--now', NOW], { cwd })
  assert.equal(r.code, 1)
  assert.match(r.stderr, /FILE_EXISTS/)
  assert.ok(!r.stderr.includes('\x1b') && !r.stderr.includes('\u202e'), JSON.stringify(r.stderr))
  assert.match(r.stderr, /mig\\x1b\[2J\\u202e/)
})

test('--strict: a field the spec does not know is an error on check and generate (a misspelt "indexs" must not pass a hook)', () => {
  const dir = tmp()
  const spec = {
    description: 'users',
    databaseType: 'sqlite',
    tables: [{ name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'email', type: 'TEXT', nullable: false }], primaryKey: ['id'], indexs: [{ name: 'ix_email', columns: ['email'] }] }],
  }
  const file = writeJson(dir, 'spec.json', spec)
  const lax = run(['check', file], { cwd: dir })
  assert.equal(lax.code, 0, lax.stderr)
  assert.match(lax.stderr, /warning UNKNOWN_FIELD users: table 'users' has an unknown field 'indexs'; it is ignored/)
  const strict = run(['check', file, '--strict'], { cwd: dir })
  assert.equal(strict.code, 1, strict.stdout + strict.stderr)
  assert.match(strict.stderr, /error UNKNOWN_FIELD users: table 'users' has an unknown field 'indexs'; --strict refuses it\n {2}→ did you mean 'indexes'\?/)
  const json = JSON.parse(run(['check', file, '--strict', '--json'], { cwd: dir }).stdout)
  assert.equal(json.ok, false)
  assert.equal(json.validation.valid, false)
  assert.deepEqual(json.validation.errors.map((e) => [e.type, e.code]), [['error', 'UNKNOWN_FIELD']])
  assert.ok(!json.validation.warnings.some((w) => w.code === 'UNKNOWN_FIELD'))
  const gen = run(['generate', file, '--strict', '--now', NOW], { cwd: dir })
  assert.equal(gen.code, 1)
  assert.match(gen.stderr, /not written/)
  assert.deepEqual(filesUnder(dir), ['spec.json'])
  // A spec without unknown fields is not affected.
  delete spec.tables[0].indexs
  const clean = writeJson(dir, 'clean.json', spec)
  assert.equal(run(['check', clean, '--strict'], { cwd: dir }).code, 0)
  assert.equal(run(['generate', clean, '--strict', '--now', NOW], { cwd: dir }).code, 0)
})

test('--strict: a change the rows of the --db database refuse (ROWS_REFUSE_CHANGE) is an error on check and generate', async () => {
  const dir = tmp()
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run("CREATE TABLE e (id INTEGER PRIMARY KEY, b INTEGER); INSERT INTO e VALUES (1, NULL), (2, 5);")
  const db = path.join(dir, 'app.db')
  fs.writeFileSync(db, made.export())
  made.close()
  const spec = { description: 'b_required', databaseType: 'sqlite', timestamps: false, tables: [{ name: 'e', columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'b', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }] }
  const file = writeJson(dir, 'spec.json', spec)
  const lax = run(['check', file, '--db', db], { cwd: dir })
  assert.equal(lax.code, 0, lax.stderr)
  assert.match(lax.stderr, /warning ROWS_REFUSE_CHANGE e: /)
  const strict = run(['check', file, '--db', db, '--strict'], { cwd: dir })
  assert.equal(strict.code, 1, strict.stdout + strict.stderr)
  assert.match(strict.stderr, /error ROWS_REFUSE_CHANGE e: .*NOT NULL constraint failed: e\.b/)
  const json = JSON.parse(run(['check', file, '--db', db, '--strict', '--json'], { cwd: dir }).stdout)
  assert.deepEqual(json.validation.errors.map((e) => [e.type, e.code, e.table]), [['error', 'ROWS_REFUSE_CHANGE', 'e']])
  const gen = run(['generate', file, '--db', db, '--strict', '--now', NOW], { cwd: dir })
  assert.equal(gen.code, 1)
  assert.deepEqual(filesUnder(dir), ['app.db', 'spec.json'])
  // The spec's own existingDbPath is the database as --db is.
  const own = writeJson(dir, 'own.json', { ...spec, existingDbPath: './app.db' })
  const ownStrict = run(['check', own, '--strict'], { cwd: dir })
  assert.equal(ownStrict.code, 1, ownStrict.stdout + ownStrict.stderr)
  assert.match(ownStrict.stderr, /error ROWS_REFUSE_CHANGE e: /)
})

test('--strict with --previous: a column or table the spec leaves out, kept, is an error (the next migration would not know it); without --strict a warning', () => {
  const dir = tmp()
  const table = (name, columns) => ({ name, columns: [{ name: 'id', type: 'INTEGER', nullable: false }, ...columns], primaryKey: ['id'] })
  const legacy = { name: 'legacy', type: 'VARCHAR', length: 50, nullable: true }
  const previous = writeJson(dir, 'previous.json', { description: 'v1', databaseType: 'postgresql', timestamps: false, tables: [table('t', [legacy]), table('old', [])] })
  const next = writeJson(dir, 'next.json', { description: 'v2', databaseType: 'postgresql', timestamps: false, tables: [table('t', [])] })
  const lax = run(['check', next, '--previous', previous], { cwd: dir })
  assert.equal(lax.code, 0, lax.stderr)
  assert.match(lax.stderr, /warning COLUMN_NOT_IN_SPEC/)
  const strict = JSON.parse(run(['check', next, '--previous', previous, '--strict', '--json'], { cwd: dir }).stdout)
  assert.equal(strict.ok, false)
  assert.deepEqual(strict.validation.errors.map((e) => e.code).sort(), ['COLUMN_NOT_IN_SPEC', 'TABLE_NOT_IN_SPEC'])
  const gen = run(['generate', next, '--previous', previous, '--strict', '--now', NOW], { cwd: dir })
  assert.equal(gen.code, 1, gen.stdout + gen.stderr)
  assert.deepEqual(filesUnder(dir), ['next.json', 'previous.json'])
  // Listed again, or dropped with --allow-data-loss (and --drop-tables-not-in-spec), it passes.
  const dropped = run(['check', next, '--previous', previous, '--strict', '--allow-data-loss', '--drop-tables-not-in-spec'], { cwd: dir })
  assert.equal(dropped.code, 0, dropped.stderr)
})

test('--strict with --previous: what any two rows would refuse (ROWS_REFUSE_CHANGE) stays a warning, as the table may be empty', () => {
  const dir = tmp()
  const items = (extra) => ({ name: 'items', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, ...extra] })
  const previous = writeJson(dir, 'previous.json', { description: 'items', databaseType: 'postgresql', timestamps: false, tables: [items([])] })
  const file = writeJson(dir, 'spec.json', { description: 'code', databaseType: 'postgresql', timestamps: false, tables: [items([{ name: 'code', type: 'VARCHAR', length: 9, nullable: false, unique: true, default: 'x' }])] })
  const r = run(['check', file, '--previous', previous, '--strict'], { cwd: dir })
  assert.equal(r.code, 0, r.stdout + r.stderr)
  assert.match(r.stderr, /warning ROWS_REFUSE_CHANGE items\.code: the new column 'code' gets 'x' in every row, which its UNIQUE refuses once the table has two rows/)
})

/** The options a command parses, as typed: `--name` (and `-x` for a short one). */
const typedOptions = (command) => Object.entries(OPTIONS[command]).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])])
/** Whether `text` names the option `flag` as a word of its own (`--db` is not `--db-path`). */
const names = (text, flag) => new RegExp(`(^|[\\s\`\\[(,])${flag.replace(/[-]/g, '\\-')}(?![\\w-])`, 'm').test(text)

test("every option a command parses is in that command's --help", () => {
  assert.deepEqual(Object.keys(OPTIONS).sort(), ['check', 'down', 'generate', 'introspect', 'up'])
  for (const command of Object.keys(OPTIONS)) {
    const help = run([command, '--help'])
    assert.equal(help.code, 0)
    for (const flag of typedOptions(command)) assert.ok(names(help.stdout, flag), `${command} --help names ${flag}:\n${help.stdout}`)
  }
})

test("every option a command parses is in the README: generate's options table, check's and introspect's synopses, up and down's --json", () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
  const cli = readme.slice(readme.indexOf('## Command line'), readme.indexOf('## Safety'))
  // --help and --version are said of every command at once ("… work on the program and on every command").
  assert.match(cli, /`--help` and `--version` work on the program and on every command/)
  const without = (command) => typedOptions(command).filter((f) => !['--help', '-h', '--version', '-v'].includes(f))
  const table = /\| option \| \|\n\| --- \| --- \|\n((?:\|.*\n)+)/.exec(cli)
  assert.ok(table, "README has generate's options table")
  const rows = table[1].split('\n').filter(Boolean).map((r) => r.split('|')[1])
  for (const flag of without('generate')) assert.ok(rows.some((r) => names(r, flag)), `generate's table lists ${flag}`)
  for (const command of ['check', 'introspect']) {
    const synopsis = new RegExp(`\`migration-generator ${command} [A-Za-z_.]+ (\\[[^\`]*\\])\``).exec(cli)
    assert.ok(synopsis, `README has ${command}'s synopsis`)
    for (const flag of without(command)) assert.ok(names(synopsis[1], flag), `${command}'s synopsis ${synopsis[1]} lists ${flag}`)
  }
  for (const command of ['up', 'down']) assert.deepEqual(without(command), ['--json'])
  assert.match(cli, /`migration-generator up FILE` prints\s+the up half and `migration-generator down FILE` the down half \(`--json`: `\{ ok: true, sql \}`\)/)
})

test("exit code 2: each kind of usage error exits 2, is in the README's table of error codes with exit 2, and in --help's exit codes", () => {
  const { dir } = appDb()
  writeJson(dir, 'broken.json', '{ "description": "x", ')
  writeJson(dir, 'rounded.json', '{ "description": "x", "databaseType": "sqlite", "tables": [{ "name": "t", "columns": [{ "name": "n", "type": "DECIMAL", "nullable": true, "default": 0.100000000000000001 }] }] }')
  writeJson(dir, 'not-a-migration.sql', 'SELECT 1;\n')
  const cases = [
    [['generate', USERS, '--bogus'], 'USAGE', 'an unknown command or option'],
    [['generate', USERS, '--dialect', 'oracle'], 'USAGE', 'an option value it does not take'],
    [['generate', USERS, '--now', 'tomorrow'], 'USAGE', 'an option value it does not take'],
    [['introspect'], 'USAGE', 'a missing argument'],
    [['check', 'nope.json'], 'SPEC_UNREADABLE', 'a spec file that cannot be read, is not JSON or has a number JSON.parse changes'],
    [['check', 'broken.json'], 'SPEC_NOT_JSON', 'a spec file that cannot be read, is not JSON or has a number JSON.parse changes'],
    [['check', 'rounded.json'], 'SPEC_NUMBER_ROUNDED', 'a spec file that cannot be read, is not JSON or has a number JSON.parse changes'],
    [['check', USERS, '--db', 'missing.db'], 'DB_NOT_FOUND', 'a --db or DB_PATH that does not exist'],
    [['check', USERS, '--fail-on-changes'], 'USAGE', 'an option without the one it needs'],
    [['check', USERS, '--drop-tables-not-in-spec', '--allow-data-loss'], 'USAGE', 'an option without the one it needs'],
    [['generate', USERS, '--drop-tables-not-in-spec', '--allow-data-loss'], 'USAGE', 'an option without the one it needs'],
    [['introspect', 'missing.db'], 'DB_NOT_FOUND', 'a --db or DB_PATH that does not exist'],
    [['up', 'nope.sql'], 'MIGRATION_UNREADABLE', 'a file given to up or down that cannot be read or is not a migration file'],
    [['down', 'not-a-migration.sql'], 'NOT_A_MIGRATION', 'a file given to up or down that cannot be read or is not a migration file'],
  ]
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
  const exitOf = (code) => {
    const row = readme.split('\n').find((l) => l.startsWith('| `') && l.split('|')[1].includes(`\`${code}\``) && /^\s*\d\s*$/.test(l.split('|')[2]))
    return row && Number(row.split('|')[2])
  }
  const help = run(['--help']).stdout.replace(/\s+/g, ' ')
  const readmeLine = /- Exit codes: ([\s\S]*?)\n- /.exec(readme)[1].replace(/\s+/g, ' ')
  for (const [args, code, words] of cases) {
    const what = args.join(' ')
    const r = run([...args, '--json'], { cwd: dir })
    assert.equal(r.code, 2, `${what}: ${r.stdout}`)
    assert.equal(JSON.parse(r.stdout).error.code, code, what)
    assert.equal(run(args, { cwd: dir }).code, 2, `${what} (text)`)
    assert.equal(exitOf(code), 2, `README's table gives ${code} exit 2`)
    assert.ok(help.includes(`2 usage errors: `) && help.includes(words), `--help's exit codes name ${code}: '${words}'`)
    assert.ok(readmeLine.includes(words.replace('--db', '`--db`').replace('DB_PATH', '`DB_PATH`').replace('up or down', '`up` or `down`')), `README's exit codes name ${code}: '${words}'`)
  }
  // The working folder gone (only a real process can lose it): exit 2, in the table and both texts.
  const gone = spawnSync('sh', ['-c', 'mkdir gone && cd gone && rmdir ../gone && exec "$@"', 'sh', process.execPath, BIN, 'check', USERS, '--json'], { cwd: dir, encoding: 'utf8' })
  assert.equal(gone.status, 2)
  assert.equal(JSON.parse(gone.stdout).error.code, 'CWD_NOT_FOUND')
  assert.equal(exitOf('CWD_NOT_FOUND'), 2)
  assert.ok(help.includes('a working folder that no longer exists') && readmeLine.includes('a working folder that no longer exists'))
  // Exit 1 is not a usage error: a validation error, and DUPLICATE_MIGRATION, which both texts name.
  assert.equal(run(['check', writeJson(dir, 'invalid.json', INVALID)], { cwd: dir }).code, 1)
  assert.ok(help.includes('DUPLICATE_MIGRATION') && readmeLine.includes('DUPLICATE_MIGRATION'))
  assert.equal(exitOf('DUPLICATE_MIGRATION'), 1)
})

test('generate says when it made the default migrations folder, where no earlier migration was looked for', () => {
  // Run from a folder other than the project's, the first migration went to a new
  // database/migrations there without a word.
  const dir = tmp()
  const first = run(['generate', USERS, '--now', NOW], { cwd: dir })
  assert.equal(first.code, 0, first.stderr)
  const note = `note: ${path.join('database', 'migrations')} was made in ${dir}, so no earlier migration was looked for; if the project's migrations are elsewhere, run from the project's folder or give --out`
  assert.ok(first.stderr.split('\n').includes(note), first.stderr)
  // The folder there now, nothing is said; nor with --out, a folder the user named.
  const tags = writeJson(dir, 'tags.json', JSON.stringify({ description: 'create tags', databaseType: 'sqlite', tables: [{ name: 'tags', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] }))
  const second = run(['generate', tags, '--now', '2026-02-09T12:00:01Z'], { cwd: dir })
  assert.equal(second.code, 0, second.stderr)
  assert.doesNotMatch(second.stderr, /^note:/m)
  const named = run(['generate', USERS, '--now', NOW, '--out', 'migrations'], { cwd: dir })
  assert.equal(named.code, 0, named.stderr)
  assert.doesNotMatch(named.stderr, /^note:/m)
  assert.ok(fs.existsSync(path.join(dir, 'migrations')))
})

test('generate and check --previous: the change from the spec the database was last migrated to', () => {
  const dir = tmp()
  const users = { name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'email', type: 'VARCHAR', length: 100, nullable: false }] }
  const previous = { description: 'create_users', databaseType: 'postgresql', tables: [users] }
  const next = structuredClone(previous)
  next.description = 'add_phone'
  next.tables[0].columns.push({ name: 'phone', type: 'VARCHAR', length: 20, nullable: true })
  writeJson(dir, 'previous.json', previous)
  writeJson(dir, 'schema.json', next)
  const r = run(['generate', 'schema.json', '--previous', 'previous.json', '--now', NOW, '--json'], { cwd: dir })
  assert.equal(r.code, 0, r.stdout + r.stderr)
  const out = JSON.parse(r.stdout)
  assert.deepEqual(out.result.metadata.operations, [{ table: 'users', operation: 'ALTER' }])
  assert.equal(out.result.upMigration, 'ALTER TABLE users ADD COLUMN phone VARCHAR(20);')
  assert.equal(out.result.downMigration, 'ALTER TABLE users DROP COLUMN phone;')
  assert.ok(fs.existsSync(path.join(dir, 'database', 'migrations', '20260209120000_add_phone.sql')))
  // --dialect applies to both specs; SQLite's change is the ALTER a file would get.
  const mysql = run(['check', 'schema.json', '--previous', 'previous.json', '--dialect', 'mysql'], { cwd: dir })
  assert.equal(mysql.code, 0, mysql.stdout + mysql.stderr)
  const sqlite = run(['generate', 'schema.json', '--previous', 'previous.json', '--dialect', 'sqlite', '--now', NOW, '--json', '--out', 'sqlite'], { cwd: dir })
  assert.equal(sqlite.code, 0, sqlite.stdout + sqlite.stderr)
  const sqliteOut = JSON.parse(sqlite.stdout)
  assert.deepEqual(sqliteOut.result.metadata.operations, [{ table: 'users', operation: 'ALTER' }])
  assert.equal(sqliteOut.result.upMigration, 'ALTER TABLE users ADD COLUMN phone TEXT;')
  // A narrowed column is refused, and the message names the option that allows it.
  next.tables[0].columns[1].length = 50
  writeJson(dir, 'narrowed.json', next)
  const narrowed = run(['check', 'narrowed.json', '--previous', 'previous.json'], { cwd: dir })
  assert.equal(narrowed.code, 1)
  assert.match(narrowed.stdout + narrowed.stderr, /TYPE_NARROWING.*\n.*--allow-data-loss/)
  const missing = run(['generate', 'schema.json', '--previous', 'nowhere.json'], { cwd: dir })
  assert.equal(missing.code, 2)
  assert.equal(missing.stderr, 'migration-generator: cannot read --previous spec nowhere.json: no such file\n', 'the message names --previous')
  writeJson(dir, 'broken-previous.json', '{ "description": ')
  assert.match(run(['check', 'schema.json', '--previous', 'broken-previous.json'], { cwd: dir }).stderr, /^migration-generator: --previous spec broken-previous\.json is not valid JSON: /)
  writeJson(dir, 'null.json', 'null')
  const nothing = run(['generate', 'schema.json', '--previous', 'null.json'], { cwd: dir })
  assert.equal(nothing.code, 2)
  assert.match(nothing.stderr, /--previous null\.json holds null, not a spec/)
  const twice = run(['generate', '-', '--previous', '-'], { cwd: dir, stdin: '{}' })
  assert.equal(twice.code, 2)
  assert.match(twice.stderr, /standard input \('-'\) can be read only once/)
})

test('an invalid --previous file: its issues name the file as given, the summary says it is that file that is invalid; a spec or --previous that is not JSON: the file, line and column', () => {
  const dir = tmp()
  fs.mkdirSync(path.join(dir, 'specs'))
  const table = (type, extra = {}) => ({ name: 'users', columns: [{ name: 'id', type, nullable: false }], ...extra })
  writeJson(dir, 'specs/v1.json', { description: 'v1', databaseType: 'postgresql', tables: [table('integer', { primaryKey: ['id'] })] })
  writeJson(dir, 'specs/v2.json', { description: 'v2', databaseType: 'postgresql', tables: [table('INTEGER', { primaryKey: ['id'] })] })
  const checked = run(['check', 'specs/v2.json', '--previous', 'specs/v1.json'], { cwd: dir })
  assert.equal(checked.code, 1)
  assert.equal(checked.stdout, '')
  assert.equal(
    checked.stderr,
    "error TYPE_MISMATCH users.id: --previous specs/v1.json: 'integer' is not a column type\n  → did you mean 'INTEGER'?\n✘ specs/v2.json could not be checked: --previous specs/v1.json is invalid (1 error, 0 warnings)\n",
  )
  const generated = run(['generate', 'specs/v2.json', '--previous', 'specs/v1.json', '--dry-run'], { cwd: dir })
  assert.equal(generated.code, 1)
  assert.match(generated.stderr, /^error TYPE_MISMATCH users\.id: --previous specs\/v1\.json: 'integer' is not a column type$/m)
  assert.match(generated.stderr, /^✘ not written: --previous specs\/v1\.json is invalid \(1 error, 0 warnings\)$/m)
  // A file named like the field is named as given (a review saw the flag put inside its name).
  fs.copyFileSync(path.join(dir, 'specs/v1.json'), path.join(dir, 'specs/previousSpec.json'))
  const fieldNamed = run(['check', 'specs/v2.json', '--previous', 'specs/previousSpec.json'], { cwd: dir })
  fs.rmSync(path.join(dir, 'specs/previousSpec.json'))
  assert.match(fieldNamed.stderr, /^error TYPE_MISMATCH users\.id: --previous specs\/previousSpec\.json: 'integer' is not a column type$/m)
  // From standard input, it is named so.
  const piped = run(['check', 'specs/v2.json', '--previous', '-'], { cwd: dir, stdin: fs.readFileSync(path.join(dir, 'specs/v1.json'), 'utf8') })
  assert.match(piped.stderr, /^error TYPE_MISMATCH users\.id: --previous \(stdin\): 'integer'/m)
  // Errors in both: the spec is invalid, and each error says whose it is.
  writeJson(dir, 'specs/v3.json', { description: 'v3', databaseType: 'postgresql', tables: [table('text', { primaryKey: ['id'] })] })
  const both = run(['check', 'specs/v3.json', '--previous', 'specs/v1.json'], { cwd: dir })
  assert.match(both.stderr, /^error TYPE_MISMATCH users\.id: 'text' is not a column type$/m)
  assert.match(both.stderr, /^error TYPE_MISMATCH users\.id: --previous specs\/v1\.json: 'integer' is not a column type$/m)
  assert.match(both.stderr, /^✘ specs\/v3\.json is invalid \(2 errors, 0 warnings\)$/m)
  // A previousSpec written in the spec file (no --previous): the field, and the option that sets it.
  writeJson(dir, 'specs/inline.json', { ...JSON.parse(fs.readFileSync(path.join(dir, 'specs/v2.json'), 'utf8')), previousSpec: JSON.parse(fs.readFileSync(path.join(dir, 'specs/v1.json'), 'utf8')) })
  assert.match(run(['check', 'specs/inline.json'], { cwd: dir }).stderr, /^error TYPE_MISMATCH users\.id: previousSpec \(--previous\): 'integer' is not a column type$/m)
  // --json keeps the core's message, "previousSpec: " first (the program knows what it passed).
  const json = JSON.parse(run(['check', 'specs/v2.json', '--previous', 'specs/v1.json', '--json'], { cwd: dir }).stdout)
  assert.equal(json.validation.errors[0].message, "previousSpec: 'integer' is not a column type")
  // Not JSON: the file as given, the line and the column, as the spec or as --previous.
  writeJson(dir, 'specs/broken.json', '{\n  "description": "v1",\n  "tables": [,]\n}\n')
  const broken = run(['check', 'specs/v2.json', '--previous', 'specs/broken.json'], { cwd: dir })
  assert.equal(broken.code, 2)
  assert.equal(broken.stderr, "migration-generator: --previous spec specs/broken.json is not valid JSON: Unexpected token ',' at line 3, column 14\n")
  const brokenSpec = run(['generate', 'specs/broken.json'], { cwd: dir })
  assert.equal(brokenSpec.stderr, "migration-generator: spec specs/broken.json is not valid JSON: Unexpected token ',' at line 3, column 14\n")
  const brokenJson = JSON.parse(run(['check', 'specs/v2.json', '--previous', 'specs/broken.json', '--json'], { cwd: dir }).stdout)
  assert.equal(brokenJson.error.code, 'SPEC_NOT_JSON')
  assert.match(brokenJson.error.message, /specs\/broken\.json is not valid JSON: .* at line 3, column 14$/)
  assert.deepEqual(filesUnder(dir).filter((f) => !f.startsWith('specs')), [])
})

test('check prints where a CLI user expects: diagnostics and a failed verdict on stderr, a valid verdict on stdout; with --json one object on stdout and nothing on stderr, whatever the outcome, the exit code saying which', async () => {
  const dir = tmp()
  const valid = writeJson(dir, 'valid.json', { description: 'v', databaseType: 'sqlite', timestamps: false, tables: [{ name: 'users', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
  const invalid = writeJson(dir, 'bad.json', INVALID)
  const broken = writeJson(dir, 'broken.json', '{')
  // A database without the table: valid, but --fail-on-changes finds a change.
  const SQL = await require('sql.js')()
  const empty = new SQL.Database()
  fs.writeFileSync(path.join(dir, 'empty.db'), empty.export())
  empty.close()
  const text = (args) => run(['check', ...args], { cwd: dir })
  // Text: each outcome, its exit code, and what each stream holds.
  const ok = text([valid])
  assert.equal(ok.code, 0)
  assert.match(ok.stdout, /^✔ .*valid\.json is valid \(0 errors, 1 warning\)\n$/)
  assert.match(ok.stderr, /^warning DOWN_DATA_LOSS users: /)
  assert.doesNotMatch(ok.stderr, /✔|✘/)
  const bad = text([invalid])
  assert.equal(bad.code, 1)
  assert.equal(bad.stdout, '')
  assert.match(bad.stderr, /^error INVALID_COLUMN_NAME /m)
  assert.match(bad.stderr, /^✘ .*bad\.json is invalid \(/m)
  const changed = text([valid, '--db', 'empty.db', '--fail-on-changes'])
  assert.equal(changed.code, 1)
  assert.equal(changed.stdout, '')
  assert.match(changed.stderr, /^✘ .*valid\.json is valid, but the database does not match it yet: generate would write a migration \(CREATE users\)$/m)
  const usage = text([broken])
  assert.equal(usage.code, 2)
  assert.equal(usage.stdout, '')
  assert.match(usage.stderr, /^migration-generator: spec .*broken\.json is not valid JSON/)
  // Several files: each verdict on its stream.
  const both = text([valid, invalid])
  assert.equal(both.code, 1)
  assert.match(both.stdout, /^✔ .*valid\.json is valid/)
  assert.doesNotMatch(both.stdout, /bad\.json/)
  assert.match(both.stderr, /^✘ .*bad\.json is invalid/m)
  // --json: stdout only, one object, for every outcome.
  for (const [args, code, okField] of [
    [[valid], 0, true],
    [[invalid], 1, false],
    [[valid, '--db', 'empty.db', '--fail-on-changes'], 1, false],
    [[valid, invalid], 1, false],
    [[broken], 2, false],
    [[path.join(dir, 'nowhere.json')], 2, false],
    [[valid, '--fail-on-changes'], 2, false],
    [[], 2, false],
    [[valid, '--bogus'], 2, false],
  ]) {
    const r = text([...args, '--json'])
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stdout}`)
    assert.equal(r.stderr, '', `${args.join(' ')}: nothing on stderr`)
    assert.equal(JSON.parse(r.stdout).ok, okField, args.join(' '))
  }
})

test('up --help pipes into mysql with utf8mb4 (the client default, utf8mb3, cannot send an emoji); --drop-tables-not-in-spec is said to work with --previous too', () => {
  const up = run(['up', '--help']).stdout
  assert.match(up, /up FILE \| mysql --default-character-set=utf8mb4 DB\n/)
  assert.doesNotMatch(up, /\| mysql DB/)
  assert.match(run(['down', '--help']).stdout, /Give mysql --default-character-set=utf8mb4/)
  for (const command of ['generate', 'check']) {
    const help = run([command, '--help']).stdout
    const option = help.slice(help.indexOf('  --drop-tables-not-in-spec'), help.indexOf('  --self-check'))
    assert.match(option.replace(/\s+/g, ' '), /with --db \(or --previous\) and --allow-data-loss: /, `${command}: ${option}`)
  }
})
