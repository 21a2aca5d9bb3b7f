// The command line as users tried it: a timestamped migration written beside numbered ones
// (warned), the hints for piping the up half into psql / mysql, the line said at once on the
// first Ctrl-C while generate writes, and numbered generate runs at once into one folder.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawn as start, spawnSync } from 'node:child_process'
import { repo, BIN, NOW, tempFolders, runCli, spawnCli, startCli, writeJson, migrationsIn, tempFilesIn } from './support/harness.mjs'

const tmp = tempFolders('mg-cli-D-')

/** Runs main() in-process with captured streams. */
const run = (args, cwd) => runCli(args, { cwd })
/** Runs the real executable. */
const spawn = (args, cwd) => spawnCli(args, { cwd })
/** A spec creating the one table `table`, in `fileFormat` (timestamp when not given). */
const oneTable = (table, fileFormat) => ({
  description: `create_${table}`,
  databaseType: 'postgresql',
  ...(fileFormat ? { fileFormat } : {}),
  tables: [{ name: table, columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }],
})
/** A project whose migrations folder holds `names` (each a comment only). */
function projectWith(names) {
  const dir = tmp()
  const mig = migrationsIn(dir)
  for (const n of names) fs.writeFileSync(path.join(mig, n), `-- ${n}\n`)
  return { dir, mig }
}

test('generate: a timestamped migration written beside numbered ones is a MIXED_FILE_NAMES warning saying how they sort and how to keep numbered names; the file is written as before', () => {
  const { dir, mig } = projectWith(['001_init.sql', '002_x.sql'])
  const spec = writeJson(dir, 'spec.json', oneTable('orders'))
  // Text: written, and the warning on stderr.
  const text = spawn(['generate', spec, '--now', NOW], dir)
  assert.equal(text.code, 0, text.stderr)
  assert.deepEqual(fs.readdirSync(mig).sort(), ['001_init.sql', '002_x.sql', '20260209120000_create_orders.sql'], 'written under its timestamp, as before')
  assert.match(text.stderr, /^warning MIXED_FILE_NAMES: /m)
  const line = text.stderr.split('\n').find((l) => l.startsWith('warning MIXED_FILE_NAMES'))
  assert.match(line, /numbered migrations \(001_init\.sql … 002_x\.sql\)/)
  assert.match(line, /20260209120000_create_orders\.sql sorts after them/)
  assert.match(line, /a numbered migration added after it \(003_…\) sorts, and runs, before it/)
  assert.match(text.stderr, /→ .*"fileFormat": "numbered"/, 'the suggestion names the field that picks the style')
  assert.match(text.stderr, /003_create_orders\.sql/, 'and the name it would have had')

  // --json (and --dry-run): a warning entry in the result.
  const again = projectWith(['001_init.sql', '002_x.sql'])
  const againSpec = writeJson(again.dir, 'spec.json', oneTable('orders'))
  for (const extra of [['--dry-run'], []]) {
    const json = spawn(['generate', againSpec, '--now', NOW, '--json', ...extra], again.dir)
    assert.equal(json.code, 0, json.stdout)
    assert.equal(json.stderr, '')
    const out = JSON.parse(json.stdout)
    const w = out.result.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES')
    assert.equal(w.length, 1, `${extra}: ${JSON.stringify(out.result.validation.warnings)}`)
    assert.equal(w[0].type, 'warning')
    assert.match(w[0].suggestion, /"fileFormat": "numbered"/)
  }
})

test('generate: beside numbered names that sort after its timestamp (300_x.sql), the warning says it runs before them', () => {
  const { dir } = projectWith(['100_init.sql', '300_x.sql'])
  const spec = writeJson(dir, 'spec.json', oneTable('orders'))
  const json = JSON.parse(run(['generate', spec, '--now', NOW, '--json', '--dry-run'], dir).stdout)
  const [w] = json.result.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES')
  assert.ok(w, JSON.stringify(json.result.validation.warnings))
  assert.match(w.message, /20260209120000_create_orders\.sql sorts before 300_x\.sql/)
})

test('generate: MIXED_FILE_NAMES lists the numbered migrations by number (9_a.sql … 10_b.sql, not by text), and the next number after the highest', () => {
  const { dir } = projectWith(['9_a.sql', '10_b.sql'])
  const spec = writeJson(dir, 'spec.json', oneTable('orders'))
  const json = JSON.parse(run(['generate', spec, '--now', NOW, '--json', '--dry-run'], dir).stdout)
  const [w] = json.result.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES')
  assert.ok(w, JSON.stringify(json.result.validation.warnings))
  assert.match(w.message, /holds numbered migrations \(9_a\.sql … 10_b\.sql\)/)
  assert.match(w.suggestion, /this one is then 11_create_orders\.sql/)
})

test('generate: no MIXED_FILE_NAMES in a folder of one style (timestamped beside timestamped, numbered beside numbered); a numbered one beside timestamped ones is refused, naming fileFormat', () => {
  const stamped = projectWith(['20260101000000_init.sql'])
  const spec = writeJson(stamped.dir, 'spec.json', oneTable('orders'))
  const a = JSON.parse(run(['generate', spec, '--now', NOW, '--json'], stamped.dir).stdout)
  assert.equal(a.ok, true)
  assert.deepEqual(a.result.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES'), [])
  const numbered = projectWith(['001_init.sql'])
  const nspec = writeJson(numbered.dir, 'spec.json', oneTable('orders', 'numbered'))
  const b = JSON.parse(run(['generate', nspec, '--now', NOW, '--json'], numbered.dir).stdout)
  assert.equal(b.ok, true)
  assert.equal(b.filename, '002_create_orders.sql')
  assert.deepEqual(b.result.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES'), [])
  // The reverse: a numbered migration would sort before every timestamped one (refused as before).
  const other = writeJson(stamped.dir, 'items.json', oneTable('items', 'numbered'))
  const c = run(['generate', other, '--now', NOW], stamped.dir)
  assert.equal(c.code, 1)
  assert.match(c.stderr, /holds timestamped migrations \(20260209120000_create_orders\.sql\), which a numbered one would sort before.*fileFormat 'timestamp'/)
})

test('check: a folder that already mixes numbered and timestamped migrations is a MIXED_FILE_NAMES warning, the numbered ones listed by number, whatever the spec\'s fileFormat (a numbered spec, which generate refuses there, is also NUMBERING_EXHAUSTED, exit 1); nothing written', () => {
  const names = ['9_a.sql', '10_b.sql', '20260101000000_c.sql']
  for (const fileFormat of [undefined, 'numbered']) {
    // generate refuses a numbered migration beside the timestamped one: check fails with it.
    const refused = fileFormat === 'numbered'
    const { dir, mig } = projectWith(names)
    const spec = writeJson(dir, 'spec.json', { ...oneTable('orders', fileFormat), now: NOW })
    // Text: the warning on stderr; valid, or for a numbered spec invalid with generate's refusal.
    const text = spawn(['check', spec], dir)
    assert.equal(text.code, refused ? 1 : 0, text.stderr)
    if (refused) assert.match(text.stderr, /^error NUMBERING_EXHAUSTED: database\/migrations holds timestamped migrations \(20260101000000_c\.sql\)/m)
    else assert.match(text.stdout, /is valid \(0 errors, \d+ warnings?\)/)
    const line = text.stderr.split('\n').find((l) => l.startsWith('warning MIXED_FILE_NAMES: '))
    assert.ok(line, `${fileFormat}: ${text.stderr}`)
    assert.match(line, /numbered migrations \(9_a\.sql … 10_b\.sql\)/, 'by number, not by text')
    assert.match(line, /20260101000000_c\.sql/, 'the timestamped one named')
    assert.match(text.stderr, /→ .*"fileFormat": "numbered"/, 'the suggestion names the field that picks the style')
    // --json: one warning entry.
    const json = spawn(['check', spec, '--json'], dir)
    assert.equal(json.code, refused ? 1 : 0, json.stdout)
    assert.equal(json.stderr, '')
    const out = JSON.parse(json.stdout)
    assert.equal(out.ok, !refused)
    assert.deepEqual(out.validation.errors.map((e) => e.code), refused ? ['NUMBERING_EXHAUSTED'] : [])
    const w = out.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES')
    assert.equal(w.length, 1, JSON.stringify(out.validation.warnings))
    assert.equal(w[0].type, 'warning')
    assert.match(w[0].message, /holds numbered migrations \(9_a\.sql … 10_b\.sql\)/)
    assert.deepEqual(fs.readdirSync(mig).sort(), [...names].sort(), 'check writes nothing')
  }
  // Numbered names that sort after the timestamped one (by text): said to run after it.
  const late = projectWith(['100_init.sql', '300_x.sql', '20260101000000_c.sql'])
  const lateSpec = writeJson(late.dir, 'spec.json', { ...oneTable('orders', 'numbered'), now: NOW })
  const [w] = JSON.parse(run(['check', lateSpec, '--json'], late.dir).stdout).validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES')
  assert.ok(w)
  assert.match(w.message, /20260101000000_c\.sql sorts before 300_x\.sql/)
})

test('check: a timestamped spec beside numbered migrations only gets the MIXED_FILE_NAMES generate would give (same message); none in a folder of one style', () => {
  const { dir } = projectWith(['001_init.sql', '002_x.sql'])
  const spec = writeJson(dir, 'spec.json', { ...oneTable('orders'), now: NOW })
  const checked = JSON.parse(run(['check', spec, '--json'], dir).stdout)
  const generated = JSON.parse(run(['generate', spec, '--json', '--dry-run'], dir).stdout)
  const ours = checked.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES')
  assert.deepEqual(ours, generated.result.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES'))
  assert.equal(ours.length, 1)
  // One style: timestamped beside timestamped, numbered beside numbered.
  const stamped = projectWith(['20260101000000_init.sql'])
  const a = JSON.parse(run(['check', writeJson(stamped.dir, 'spec.json', { ...oneTable('orders'), now: NOW }), '--json'], stamped.dir).stdout)
  assert.deepEqual(a.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES'), [])
  const numbered = projectWith(['001_init.sql'])
  const b = JSON.parse(run(['check', writeJson(numbered.dir, 'spec.json', { ...oneTable('orders', 'numbered'), now: NOW }), '--json'], numbered.dir).stdout)
  assert.deepEqual(b.validation.warnings.filter((x) => x.code === 'MIXED_FILE_NAMES'), [])
})

test('check: a numbered spec beside timestamped migrations is the NUMBERING_EXHAUSTED error generate refuses it with (same words), exit 1; none for a timestamped spec there, in a folder of numbered ones, or with nothing to write', () => {
  const { dir, mig } = projectWith(['20260101000000_init.sql'])
  const spec = writeJson(dir, 'spec.json', { ...oneTable('orders', 'numbered'), now: NOW })
  const generated = run(['generate', spec, '--json'], dir)
  assert.equal(generated.code, 1)
  const refusal = JSON.parse(generated.stdout).error
  assert.equal(refusal.code, 'NUMBERING_EXHAUSTED')
  assert.match(refusal.message, /^database\/migrations holds timestamped migrations \(20260101000000_init\.sql\), which a numbered one would sort before/)
  const json = run(['check', spec, '--json'], dir)
  assert.equal(json.code, 1, json.stdout)
  const out = JSON.parse(json.stdout)
  assert.equal(out.ok, false)
  assert.deepEqual(out.validation.errors.map((e) => [e.type, e.code, e.message]), [['error', 'NUMBERING_EXHAUSTED', refusal.message]])
  const text = spawn(['check', spec], dir)
  assert.equal(text.code, 1, text.stderr)
  assert.equal(text.stdout, '')
  assert.ok(text.stderr.includes(`error NUMBERING_EXHAUSTED: ${refusal.message}\n`), text.stderr)
  assert.match(text.stderr, /✘ \S*spec\.json is invalid \(1 error, \d+ warnings?\)/)
  assert.deepEqual(fs.readdirSync(mig), ['20260101000000_init.sql'], 'check writes nothing')
  // A timestamped spec there: valid.
  const stamped = writeJson(dir, 'stamped.json', { ...oneTable('orders'), now: NOW })
  assert.equal(run(['check', stamped], dir).code, 0)
  // Numbered beside numbered: valid.
  const numbered = projectWith(['001_init.sql'])
  assert.equal(run(['check', writeJson(numbered.dir, 'spec.json', { ...oneTable('orders', 'numbered'), now: NOW })], numbered.dir).code, 0)
  // Nothing to write (the spec against itself as --previous): generate writes nothing, nor refuses.
  const same = run(['check', spec, '--previous', spec, '--json'], dir)
  assert.equal(JSON.parse(same.stdout).validation.errors.length, 0, same.stdout)
  assert.equal(same.code, 0)
  assert.equal(run(['generate', spec, '--previous', spec], dir).code, 0)
})

test('check: a numbered spec whose next number needs more digits than the folder\'s (1000 after 999_a.sql) is the NUMBERING_EXHAUSTED error generate refuses it with (same words), exit 1', () => {
  const { dir } = projectWith(['001_init.sql', '999_a.sql'])
  const spec = writeJson(dir, 'spec.json', { ...oneTable('orders', 'numbered'), now: NOW })
  const generated = run(['generate', spec, '--json'], dir)
  assert.equal(generated.code, 1)
  const refusal = JSON.parse(generated.stdout).error
  assert.equal(refusal.code, 'NUMBERING_EXHAUSTED')
  assert.match(refusal.message, /^the next numbered migration in database\/migrations would be 1000, but a 4-digit name sorts before the 3-digit ones/)
  const json = run(['check', spec, '--json'], dir)
  assert.equal(json.code, 1, json.stdout)
  assert.deepEqual(JSON.parse(json.stdout).validation.errors.map((e) => [e.type, e.code, e.message]), [['error', 'NUMBERING_EXHAUSTED', refusal.message]])
  // Renumbered to four digits: the next is 1000, and check is content.
  fs.renameSync(path.join(dir, 'database', 'migrations', '001_init.sql'), path.join(dir, 'database', 'migrations', '0001_init.sql'))
  fs.renameSync(path.join(dir, 'database', 'migrations', '999_a.sql'), path.join(dir, 'database', 'migrations', '0999_a.sql'))
  assert.equal(run(['check', spec], dir).code, 0)
})

test('up, down and the main help say how to pipe the SQL into psql (-1, -v ON_ERROR_STOP=1) and that mysql commits each DDL statement', () => {
  for (const command of ['up', 'down']) {
    const help = run([command, '--help'], tmp()).stdout
    assert.match(help, /psql -1 -v ON_ERROR_STOP=1/, `${command} --help`)
    assert.match(help, /--single-transaction/, `${command} --help`)
    assert.match(help, /mysql/, `${command} --help`)
    assert.match(help, /commits each (DDL )?statement/, `${command} --help`)
  }
  assert.match(run(['--help'], tmp()).stdout, /psql -1 -v ON_ERROR_STOP=1/)
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
  const cli = readme.slice(readme.indexOf('## Command line'), readme.indexOf('### `--json` output'))
  assert.match(cli, /psql -1 -v ON_ERROR_STOP=1/)
  assert.match(cli, /commits each/)
})

/** A spec of `n` small tables with types: writing it takes a while (a flushed file per table). */
function bigSpec(dir, n) {
  const tables = Array.from({ length: n }, (_, i) => ({ name: `t_${i}`, columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }))
  return writeJson(dir, 'big.json', { description: 'big', databaseType: 'sqlite', generateTypes: true, selfCheck: 'expressions', tables })
}

/**
 * Starts generate on a big spec and sends `signal` once `staged` temporary files are in the
 * types folder; resolves to its exit, its stderr, and whether the stopping line came while it
 * was still running.
 */
function interruptAfter(extra, signal, staged) {
  const dir = tmp()
  const spec = bigSpec(dir, 3000)
  const watched = path.join(dir, 'types', 'generated', 'db')
  const child = start(process.execPath, [BIN, 'generate', spec, '--now', NOW, ...extra], { cwd: dir, env: { PATH: process.env.PATH } })
  let stderr = ''
  let stdout = ''
  let lineWhileRunning = false
  let exited = false
  child.on('exit', () => { exited = true })
  child.stdout.on('data', (c) => { stdout += c })
  child.stderr.on('data', (c) => {
    stderr += c
    if (/stopping/.test(stderr) && !exited) lineWhileRunning = true
  })
  let sent = false
  const poll = setInterval(() => {
    if (!sent && tempFilesIn(watched) >= staged) {
      sent = true
      child.kill(signal)
    }
  }, 2)
  return new Promise((resolve) => child.on('close', (code, sig) => resolve({ code, sig, stdout, stderr, sent, lineWhileRunning, dir }))).finally(() => clearInterval(poll))
}

test('generate: the first SIGINT while it writes says at once, on stderr, that it is stopping and undoing, and that a second Ctrl-C quits at once leaving temporary files', async () => {
  const r = await interruptAfter([], 'SIGINT', 1000)
  assert.ok(r.sent, r.stderr)
  assert.equal(r.code, 130, r.stderr)
  const first = r.stderr.split('\n')[0]
  assert.match(first, /^migration-generator: SIGINT: stopping: undoing what this run has written/)
  assert.match(first, /a second Ctrl-C quits at once, leaving its temporary files/)
  assert.ok(r.lineWhileRunning, 'said while it was still undoing, not after')
  assert.match(r.stderr, /^migration-generator: interrupted \(SIGINT\): nothing written/m, 'and the end said as before')
  assert.deepEqual(fs.readdirSync(r.dir), ['big.json'])
})

test('generate --json: the first SIGTERM says nothing on stderr (one JSON object on stdout, as before)', async () => {
  const r = await interruptAfter(['--json'], 'SIGTERM', 1)
  assert.ok(r.sent)
  assert.equal(r.code, 143)
  assert.equal(r.stderr, '')
  assert.equal(JSON.parse(r.stdout).error.code, 'INTERRUPTED')
})

test('numbered: 4 generate runs of different migrations at once into one folder, 20 times: each writes, with its own number, the numbers following on without a gap; no file is overwritten', async () => {
  const { dir, mig } = projectWith(['001_init.sql'])
  const writers = 4
  const rounds = 20
  const mine = new Map()
  for (let round = 0; round < rounds; round++) {
    const runs = Array.from({ length: writers }, (_, i) => {
      const table = `t_${round}_${i}`
      const spec = writeJson(dir, `${table}.json`, oneTable(table, 'numbered'))
      return startCli(['generate', spec, '--json'], dir).then((r) => ({ ...r, table }))
    })
    for (const r of await Promise.all(runs)) {
      const out = JSON.parse(r.stdout)
      // Different migrations: none gives way to another.
      assert.equal(r.code, 0, `round ${round}: ${r.stdout}${r.stderr}`)
      assert.match(out.filename, /^\d{3}_create_t_\d+_\d+\.sql$/)
      assert.ok(!mine.has(out.filename), `round ${round}: ${out.filename} reported twice`)
      mine.set(out.filename, r.table)
    }
    // Every file reported is there, with its own table (never another writer's).
    for (const [name, table] of mine) {
      const content = fs.readFileSync(path.join(mig, name), 'utf8')
      assert.match(content, new RegExp(`CREATE TABLE IF NOT EXISTS ${table} \\(`), `round ${round}: ${name} holds ${table}`)
    }
    const names = fs.readdirSync(mig)
    const numbers = names.filter((n) => n.endsWith('.sql')).map((n) => Number.parseInt(n, 10))
    assert.equal(new Set(numbers).size, numbers.length, `round ${round}: numbers distinct: ${names}`)
    assert.deepEqual(names.filter((n) => n.startsWith('.')), [], `round ${round}: no claim left`)
  }
  assert.equal(mine.size, writers * rounds)
  const numbers = fs.readdirSync(mig).map((n) => Number.parseInt(n, 10)).sort((a, b) => a - b)
  assert.deepEqual(numbers, Array.from({ length: writers * rounds + 1 }, (_, i) => i + 1), 'numbered 001 on, without a gap')
})

/** Whether `command --version` runs here. */
const has = (command) => spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0

test('the help\'s pipe hints hold on real engines: psql -1 -v ON_ERROR_STOP=1 leaves nothing of a failing script (exit 3), psql alone keeps its first statement (exit 0); mysql stops at the error and keeps the DDL before it', (t) => {
  const script = 'CREATE TABLE mg_D_pipe (x int);\nCREATE TABLE mg_D_pipe (x int);\nCREATE TABLE mg_D_pipe2 (x int);\n'
  if (!has('psql')) t.diagnostic('psql not found: PostgreSQL part skipped')
  else {
    const psql = (args, input) => spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-X', '-q', ...args], { input, encoding: 'utf8' })
    const tables = () => psql(['-tA', '-c', "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE 'mg_d_pipe%' AND relkind = 'r'"]).stdout.trim()
    const drop = () => psql(['-c', 'DROP TABLE IF EXISTS mg_D_pipe, mg_D_pipe2'])
    drop()
    try {
      const strict = psql(['-1', '-v', 'ON_ERROR_STOP=1'], script)
      assert.equal(strict.status, 3, strict.stderr)
      assert.equal(tables(), '', 'nothing applied')
      const plain = psql([], script)
      assert.equal(plain.status, 0, plain.stderr)
      assert.equal(tables(), 'mg_d_pipe,mg_d_pipe2', 'psql alone went on past the error')
    } finally {
      drop()
    }
  }
  if (!has('mysql')) t.diagnostic('mysql not found: MySQL part skipped')
  else {
    const mysql = (args, input) => spawnSync('mysql', ['-h', '127.0.0.1', '-u', 'root', 'test', ...args], { input, encoding: 'utf8' })
    const tables = () => mysql(['-N', '-e', "SELECT GROUP_CONCAT(table_name ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'test' AND table_name LIKE 'mg_D_pipe%'"]).stdout.trim()
    const drop = () => mysql(['-e', 'DROP TABLE IF EXISTS mg_D_pipe, mg_D_pipe2'])
    drop()
    try {
      const r = mysql([], `START TRANSACTION;\n${script}COMMIT;\n`)
      assert.equal(r.status, 1, r.stderr)
      assert.equal(tables(), 'mg_D_pipe', 'the CREATE before the error stays, even inside a transaction; none after it ran')
    } finally {
      drop()
    }
  }
})

test('numbered: 4 generate runs of one spec at once into one folder (with --now, and without), 10 times: the migration is written once; the others are refused with a clear message', async () => {
  for (const now of [['--now', NOW], []]) {
    for (let round = 0; round < 10; round++) {
      const { dir, mig } = projectWith(['001_init.sql'])
      const spec = writeJson(dir, 'spec.json', oneTable('same', 'numbered'))
      const outs = await Promise.all(Array.from({ length: 4 }, () => startCli(['generate', spec, '--json', ...now], dir)))
      const names = fs.readdirSync(mig).sort()
      assert.deepEqual(names, ['001_init.sql', '002_create_same.sql'], `${now} round ${round}: written once, no claim left`)
      const ok = outs.filter((r) => r.code === 0)
      assert.equal(ok.length, 1, `${now} round ${round}: ${outs.map((r) => r.stdout).join('\n')}`)
      for (const r of outs.filter((x) => x.code !== 0)) {
        assert.equal(r.code, 1, r.stdout + r.stderr)
        const out = JSON.parse(r.stdout)
        assert.equal(out.ok, false)
        if (out.error) {
          assert.ok(['FILE_EXISTS', 'DUPLICATE_MIGRATION'].includes(out.error.code), r.stdout)
          assert.match(out.error.message, /002_create_same\.sql|another writer/)
        } else {
          // Placed by then: the earlier migration already creates the table.
          assert.deepEqual(out.result.validation.errors.map((e) => e.code), ['TABLE_CREATED_BEFORE'], r.stdout)
        }
      }
    }
  }
})
