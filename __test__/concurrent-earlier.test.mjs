// TABLE_CREATED_BEFORE between `generate` runs at the same moment: two processes started together
// against one --out folder, whose specs both create the table `users` (each with another table
// too, so that DUPLICATE_MIGRATION, which compares whole up migrations, does not tell them
// apart), each read the folder before the other placed its file. The writer checks the earlier
// migrations again once it has claimed its number or timestamp, so exactly one is written and
// the one ordered later is refused, leaving no file of its own behind.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { filesUnder } from './support/files.mjs'
const require = createRequire(import.meta.url)
const { generateMigration, writeMigrationFiles } = require('../index.js')

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const BIN = path.join(repo, 'bin', 'migration-generator.js')
const NOW = '2026-02-09T12:00:00Z'
const made = []
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-concurrent-earlier-'))
  made.push(dir)
  return dir
}
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

/** `generate args…` in a process of its own, in `cwd`: resolves to `{ code, stdout, stderr }`. */
function startGenerate(args, cwd) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => { stdout += c })
  child.stderr.on('data', (c) => { stderr += c })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

const id = { name: 'id', type: 'INTEGER', nullable: false }
/** A spec creating `users` and `other`, described after `other`. */
const usersAnd = (other, fileFormat) => ({
  description: `create_users_and_${other}`,
  databaseType: 'postgresql',
  generateTypes: true,
  ...(fileFormat ? { fileFormat } : {}),
  tables: [
    { name: 'users', columns: [id, { name: 'email', type: 'TEXT', nullable: false }], primaryKey: ['id'] },
    { name: other, columns: [id], primaryKey: ['id'] },
  ],
})

/** Hidden files (claims, locks, temporary files, backups) under `dir`. */
const hidden = (dir) => filesUnder(dir).filter((f) => path.basename(f).startsWith('.'))

for (const [format, fileFormat] of [['timestamped', undefined], ['numbered', 'numbered']]) {
  test(`${format}: two generate processes at once whose specs both create 'users', 12 times: one is written, the one ordered later is refused with TABLE_CREATED_BEFORE (exit 1), nothing of it left behind`, async () => {
    for (let round = 0; round < 12; round++) {
      const dir = tmp()
      const mig = path.join(dir, 'database', 'migrations')
      fs.mkdirSync(mig, { recursive: true })
      const specs = ['posts', 'tags'].map((other) => {
        const p = path.join(dir, `${other}.json`)
        fs.writeFileSync(p, JSON.stringify(usersAnd(other, fileFormat)))
        return p
      })
      const outs = await Promise.all(specs.map((spec) => startGenerate(['generate', spec, '--now', NOW, '--json'], dir)))
      const names = fs.readdirSync(mig)
      const ok = outs.filter((r) => r.code === 0)
      assert.equal(ok.length, 1, `round ${round}: exactly one written: ${names.join(', ')}\n${outs.map((r) => r.stdout + r.stderr).join('\n')}`)
      const winner = JSON.parse(ok[0].stdout)
      assert.deepEqual(names, [winner.filename], `round ${round}: the winner's migration only, no claim left`)
      const loser = outs.find((r) => r.code !== 0)
      assert.equal(loser.code, 1, loser.stdout + loser.stderr)
      const refused = JSON.parse(loser.stdout)
      assert.equal(refused.ok, false)
      assert.deepEqual(refused.written, [])
      assert.deepEqual(refused.result.validation.errors.map((e) => e.code), ['TABLE_CREATED_BEFORE'], loser.stdout)
      assert.match(refused.result.validation.errors[0].message, new RegExp(`already creates 'users'`))
      assert.ok(refused.result.validation.errors[0].message.includes(winner.filename), refused.result.validation.errors[0].message)
      // The loser's other table has no type file: only the winner's tables are in the types folder.
      const other = winner.filename.includes('posts') ? 'posts' : 'tags'
      assert.deepEqual(fs.readdirSync(path.join(dir, 'types', 'generated', 'db')).sort(), ['index.d.ts', `${other}.d.ts`, 'users.d.ts'], `round ${round}`)
      assert.deepEqual(hidden(dir), [], `round ${round}: no claim, lock, temporary or backup file left`)
    }
  })
}

test('two generate processes at once, the spec of one creating a table the other does not: both are written', async () => {
  for (let round = 0; round < 4; round++) {
    const dir = tmp()
    const specs = ['posts', 'tags'].map((other) => {
      const p = path.join(dir, `${other}.json`)
      fs.writeFileSync(p, JSON.stringify({ ...usersAnd(other), description: `create_${other}`, tables: usersAnd(other).tables.slice(1) }))
      return p
    })
    const outs = await Promise.all(specs.map((spec) => startGenerate(['generate', spec, '--now', NOW, '--json'], dir)))
    for (const r of outs) assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.equal(fs.readdirSync(path.join(dir, 'database', 'migrations')).length, 2)
    assert.deepEqual(hidden(dir), [])
  }
})
