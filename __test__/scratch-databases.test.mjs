// The scratch databases the engine helpers (engines/connect.mjs) make on the PostgreSQL and
// MariaDB servers, `{prefix}_{pid}_{time}`, are dropped when the run ends; a run killed before
// that (SIGKILL, a timeout) left them behind. The next run that opens one of that prefix drops
// those whose process is dead, and no other: a live run's, another prefix's, another form's.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import {
  deadScratchDatabases,
  mysqlDatabaseNames,
  mysqlScratchDatabase,
  openMysqlServer,
  openPgServer,
  pgDatabaseNames,
  pgScratchDatabase,
  processAlive,
  serverOnThisMachine,
  withMysqlServer,
} from './engines/connect.mjs'

const CONNECT = new URL('./engines/connect.mjs', import.meta.url).href
const PROBE = 'mg_leak_probe'

// A run of the helpers in a child process: opens the PostgreSQL and MariaDB fixtures databases
// (openPgServer, openMysqlServer, with the `_expected` database beside the latter) and a
// database of PROBE on each (pgScratchDatabase, mysqlScratchDatabase), says `ready`, and closes
// them all when its standard input ends (a run that ends normally).
const CHILD = `
import { openPgServer, openMysqlServer, pgScratchDatabase, mysqlScratchDatabase } from ${JSON.stringify(CONNECT)}
const closes = []
const pg = await openPgServer()
if (!pg.skip) closes.push(pg.close)
const my = await openMysqlServer()
if (!my.skip) {
  await my.conn.query('CREATE DATABASE ' + my.database + '_expected')
  closes.push(my.close)
}
for (const open of [pgScratchDatabase, mysqlScratchDatabase]) {
  const s = await open(${JSON.stringify(PROBE)})
  if (s.skip) continue
  closes.push(async () => {
    await s.admin.query('DROP DATABASE ' + s.dbName)
    await s.admin.end()
  })
}
console.log('ready')
process.stdin.resume()
process.stdin.on('end', async () => {
  for (const close of closes) await close()
  process.exit(0)
})
`

const children = []
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

/** A child run of CHILD, once it says `ready`. */
async function startChild() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] })
  children.push(child)
  const lines = createInterface({ input: child.stdout })
  const [line] = await Promise.race([once(lines, 'line'), once(child, 'exit').then(([code]) => [`exited ${code}`])])
  assert.equal(line, 'ready')
  return child
}

/** The databases on the two servers, or null for a server that cannot be reached. */
async function databases() {
  const found = {}
  const scratch = await pgScratchDatabase(PROBE)
  if (scratch.skip) found.pg = null
  else {
    found.pg = await pgDatabaseNames(scratch.admin)
    await scratch.admin.query(`DROP DATABASE ${scratch.dbName}`)
    await scratch.admin.end()
  }
  try {
    found.my = await withMysqlServer(mysqlDatabaseNames)
  } catch {
    found.my = null
  }
  return found
}

/** The databases of `names` that the process `pid` made. */
const ofPid = (names, pid) => (names ?? []).filter((n) => n.includes(`_${pid}_`)).sort()

test('a scratch database whose process was killed (SIGKILL) is dropped by the next run that opens one of its prefix; a live process\'s is kept', { timeout: 120_000 }, async (t) => {
  const dead = await startChild()
  const live = await startChild()
  const before = await databases()
  if (before.pg === null && before.my === null) return t.skip('neither server can be reached')
  const expected = (pid) => ({
    pg: before.pg === null ? [] : [`mg_fixtures_${pid}_`, `${PROBE}_${pid}_`],
    my: before.my === null ? [] : [`mg_fixtures_${pid}_`, `mg_fixtures_${pid}_`, `${PROBE}_${pid}_`],
  })
  const shape = (names) => names.map((n) => n.replace(/_[0-9a-z]+(?:_expected)?$/, '_'))
  for (const child of [dead, live]) {
    for (const server of ['pg', 'my']) {
      assert.deepEqual(shape(ofPid(before[server], child.pid)), expected(child.pid)[server], `${server}: the databases of ${child.pid}`)
    }
  }
  // Killed: nothing of it runs to drop them.
  dead.kill('SIGKILL')
  await once(dead, 'exit')
  assert.equal(processAlive(dead.pid), false)

  // The next run opens its databases: those of the dead process go, the live one's stay.
  const pg = await openPgServer()
  const my = await openMysqlServer()
  const probePg = await pgScratchDatabase(PROBE)
  const probeMy = await mysqlScratchDatabase(PROBE)
  const now = await databases()
  for (const server of ['pg', 'my']) {
    assert.deepEqual(ofPid(now[server], dead.pid), [], `${server}: the killed process's databases are dropped`)
    assert.deepEqual(ofPid(now[server], live.pid), ofPid(before[server], live.pid), `${server}: the live process's are kept`)
  }
  for (const s of [probePg, probeMy]) {
    if (s.skip) continue
    await s.admin.query(`DROP DATABASE ${s.dbName}`)
    await s.admin.end()
  }
  if (!pg.skip) await pg.close()
  if (!my.skip) await my.close()

  // The live one ends normally and drops its own.
  live.stdin.end()
  const [code] = await once(live, 'exit')
  assert.equal(code, 0)
  const last = await databases()
  for (const server of ['pg', 'my']) assert.deepEqual(ofPid(last[server], live.pid), [])
})

test('deadScratchDatabases takes exactly {prefix}_{pid}_{time} (and its _expected) of a dead process: not a live one\'s, this one\'s, another prefix\'s or another form', async () => {
  // A process that has ended: its pid is free (until the system gives it again).
  const child = spawn(process.execPath, ['-e', ''])
  await once(child, 'exit')
  const gone = child.pid
  assert.equal(processAlive(gone), false)
  const names = [
    `mg_fixtures_${gone}_m1abc2`,
    `mg_fixtures_${gone}_m1abc2_expected`,
    `mg_fixtures_${process.pid}_m1abc2`, // this process
    `mg_fixtures_1_m1abc2`, // init: alive
    `mg_fixtures_${gone}`, // no time
    `mg_fixtures_${gone}_m1abc2_copy`,
    `mg_fixtures_${gone}_M1ABC2`,
    `mg_fixturesx_${gone}_m1abc2`,
    `x_mg_fixtures_${gone}_m1abc2`,
    `mg_c_${gone}_m1abc2`,
    `mg_fixtures_0_m1abc2`, // 0 is no process (kill(0) is the process group)
    `mg_fixtures_0${gone}_m1abc2`,
  ]
  assert.deepEqual(deadScratchDatabases(names, 'mg_fixtures'), [`mg_fixtures_${gone}_m1abc2`, `mg_fixtures_${gone}_m1abc2_expected`])
  assert.deepEqual(deadScratchDatabases(names, 'mg_c'), [`mg_c_${gone}_m1abc2`])
  // A prefix that would be read as a pattern is refused, not matched.
  assert.throws(() => deadScratchDatabases(names, 'mg_.*'), /not a scratch database prefix/)
})

test('only a server on this machine has its dead runs\' databases dropped: a socket or a loopback URL, not another host (whose runs\' process ids mean nothing here)', () => {
  assert.equal(serverOnThisMachine({ host: '/var/run/postgresql', user: 'postgres' }), true)
  assert.equal(serverOnThisMachine({ socketPath: '/run/mysqld/mysqld.sock' }), true)
  for (const url of ['postgresql://postgres@127.0.0.1:5432/postgres', 'postgresql://u@localhost/db', 'mysql://root@127.0.0.1:3306', 'postgresql://u@[::1]:5432/db', 'postgresql:///db?host=/var/run/postgresql']) {
    assert.equal(serverOnThisMachine({ connectionString: url }), true, url)
    assert.equal(serverOnThisMachine({ uri: url }), true, url)
  }
  for (const url of ['postgresql://u@db.example.com/db', 'mysql://root@10.0.0.5:3306', 'postgresql://u@127.0.0.1.example.com/db']) {
    assert.equal(serverOnThisMachine({ connectionString: url }), false, url)
    assert.equal(serverOnThisMachine({ uri: url }), false, url)
  }
})
