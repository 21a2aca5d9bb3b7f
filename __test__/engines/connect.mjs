// Opening the engines: PGlite in-process, the PostgreSQL and MariaDB servers with a database of
// their own per run (dropped afterwards; one a killed run left, named with its process id, is
// dropped by the next run that opens a database of that prefix: dropDeadScratch). A server that
// cannot be reached is skipped with one loud line, unless CI=true, where it is a failure.
import { readFileSync } from 'node:fs'
import { errorRolledBack, pgAdapter } from './postgres.mjs'
import { mysqlAdapter } from './mysql.mjs'

// date, time, timestamp, timestamptz, json, jsonb: read as text (dates compared as text, JSON parsed by the tests)
const RAW_TEXT_TYPES = [1082, 1083, 1114, 1184, 114, 3802]
const runId = () => `${process.pid}_${Date.now().toString(36)}`

/**
 * Whether the process `pid` is alive on this machine: `process.kill(pid, 0)` sends no signal and
 * throws ESRCH only when there is no such process (EPERM: there is one, another user's).
 */
export function processAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code !== 'ESRCH'
  }
}

/**
 * The names among `names` of the scratch databases of `prefix` that a process no longer alive
 * left behind (killed before it could drop them): exactly `{prefix}_{pid}_{time}` as runId makes
 * them (and MySQL's `…_expected` beside one, openMysqlServer's), whose `pid` is not this process
 * and is not alive (processAlive). Anything else — another prefix, another form, a live
 * process's database — is never among them.
 */
export function deadScratchDatabases(names, prefix) {
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error(`not a scratch database prefix: ${prefix}`)
  const form = new RegExp(`^${prefix}_([1-9][0-9]{0,9})_[0-9a-z]+(?:_expected)?$`)
  return names.filter((name) => {
    const m = form.exec(name)
    if (!m) return false
    const pid = Number(m[1])
    return pid !== process.pid && !processAlive(pid)
  })
}

/**
 * Whether the server of `config` (pgConfig's or mysqlConfig's, without `where`) runs on this
 * machine: a socket, or a URL naming localhost or a loopback address. Only there are the
 * process ids in the scratch databases' names this machine's: a server other machines' runs
 * share holds their live runs' databases, whose ids mean nothing here.
 */
export function serverOnThisMachine(config) {
  const url = config.connectionString ?? config.uri
  if (url === undefined) return true
  const parsed = new URL(url)
  const host = parsed.hostname || parsed.searchParams.get('host') || parsed.searchParams.get('socketPath') || ''
  return host === '' || host.startsWith('/') || host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/**
 * Drops the scratch databases of `prefix` that dead processes left (deadScratchDatabases), on
 * the server `list` reads the names of the databases from and `drop(name)` drops one on, when it
 * runs on this machine (serverOnThisMachine of `config`). A drop that fails (another run
 * dropping it at the same moment) leaves it for the next run, saying so unless it is gone.
 */
async function dropDeadScratch(config, prefix, list, drop) {
  if (!serverOnThisMachine(config)) return
  for (const name of deadScratchDatabases(await list(), prefix)) {
    try {
      await drop(name)
    } catch (e) {
      if (!/does not exist|doesn't exist/i.test(e.message)) console.error(`(left for a later run: the dead process's scratch database ${name} could not be dropped: ${e.message})`)
    }
  }
}

/** The names of the databases on the PostgreSQL server `client` (a pg client) is connected to. */
export const pgDatabaseNames = async (client) => (await client.query('SELECT datname FROM pg_database')).rows.map((r) => r.datname)

/** The names of the databases on the MySQL/MariaDB server `conn` (a mysql2 promise connection) is connected to. */
export const mysqlDatabaseNames = async (conn) => (await conn.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA'))[0].map((r) => r.name)

/** dropDeadScratch on the PostgreSQL server `admin` (a pg client of `config`) is connected to. */
const dropDeadPg = (admin, config, prefix) =>
  dropDeadScratch(config, prefix, () => pgDatabaseNames(admin), (name) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))

/** dropDeadScratch on the MySQL/MariaDB server `admin` (a mysql2 promise connection of `config`) is connected to. */
const dropDeadMysql = (admin, config, prefix) =>
  dropDeadScratch(config, prefix, () => mysqlDatabaseNames(admin), (name) => admin.query(`DROP DATABASE IF EXISTS \`${name}\``))

export const inCi = () => process.env.CI === 'true'

/** Says loudly why server tests do not run, or throws on CI. */
export function unreachable(what, where, error, variable) {
  const message = `${what} at ${where} is unreachable (${error.code ?? ''} ${error.message}); set ${variable} to run these tests`
  if (inCi()) throw new Error(`CI=true: ${message}`)
  console.error(`\n!!! SKIPPING ${what} engine tests: ${message}\n`)
  return message
}

/**
 * pgAdapter on a PostgreSQL connection (PGlite's or a pg client): `query(sql, params)` runs one
 * statement and gives its result (`rows`, and the count `affected(result)` reads, undefined
 * taken as 0), `execute(script)` runs a script; the schema `public` is what `reset` empties.
 */
function pgAdapterOn({ label, query, execute, affected }) {
  const exec = async (script) => {
    await execute(script)
  }
  return pgAdapter({
    label,
    q: async (sql, params) => (await query(sql, params)).rows,
    exec,
    run: async (sql, params) => {
      const r = await query(sql, params)
      return { rows: r.rows, affected: affected(r) ?? 0 }
    },
    reset: () => exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'),
  })
}

export async function openPglite() {
  const { PGlite } = await import('@electric-sql/pglite')
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin')
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist')
  const parsers = Object.fromEntries(RAW_TEXT_TYPES.map((t) => [t, (v) => v]))
  const db = await PGlite.create({ extensions: { btree_gin, btree_gist }, parsers })
  const version = (await db.query('SHOW server_version')).rows[0].server_version
  const pkg = JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'))
  const engine = pgAdapterOn({
    label: `PGlite ${pkg.version} (PostgreSQL ${version})`,
    query: (sql, params) => db.query(sql, params),
    execute: (script) => db.exec(script),
    affected: (r) => r.affectedRows,
  })
  return { engine, close: () => db.close() }
}

/** How to reach the PostgreSQL server: PG_URL, or the local socket as postgres; `where` says which, for messages. */
export function pgConfig() {
  if (process.env.PG_URL) return { connectionString: process.env.PG_URL, where: process.env.PG_URL.replace(/:[^:@/]*@/, ':***@') }
  return { host: '/var/run/postgresql', user: 'postgres', database: 'postgres', where: 'socket /var/run/postgresql as postgres (default; PG_URL unset)' }
}

/**
 * A new database `{prefix}_{run}` on the PostgreSQL server: `{ pg, config, admin, dbName,
 * connect, drop }` (`config` connects like `admin`, which stays open to drop the database at the
 * end, but to the new database: with PG_URL its connection string names it, since pg takes the
 * database from a connection string over a `database` option, and the tests ran in, and reset,
 * PG_URL's own database; `connect(options)` gives a connected pg client of the new database,
 * `options` added to `config`; `drop()` drops the database WITH (FORCE), whatever connection is
 * left open, and ends `admin`), or `{ skip }` with the reason when the server cannot be reached.
 */
export async function pgScratchDatabase(prefix) {
  const { default: pg } = await import('pg')
  const { where, ...serverConfig } = pgConfig()
  const admin = new pg.Client(serverConfig)
  try {
    await admin.connect()
  } catch (e) {
    return { skip: unreachable('PostgreSQL server', where, e, 'PG_URL') }
  }
  await dropDeadPg(admin, serverConfig, prefix)
  const dbName = `${prefix}_${runId()}`
  await admin.query(`CREATE DATABASE ${dbName}`)
  let config = serverConfig
  if (serverConfig.connectionString) {
    const url = new URL(serverConfig.connectionString)
    url.pathname = `/${dbName}`
    config = { connectionString: url.toString() }
  }
  const connect = async (options = {}) => {
    const client = new pg.Client({ ...config, database: dbName, ...options })
    await client.connect()
    return client
  }
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await admin.end()
  }
  return { pg, config, admin, dbName, connect, drop }
}

/** PostgreSQL's error message for `script`, run on `client` in a transaction that is rolled back, or null. */
export const pgError = (client, script) => errorRolledBack((s) => client.query(s), script)

/**
 * A client of a new database on the PostgreSQL server, for trying scripts: `{ tryScript, close }`,
 * where `tryScript(script)` runs the script in a transaction rolled back after and gives the
 * server's error message or null ([`pgError`]); or `{ skip }` with the reason when the server
 * cannot be reached.
 */
export async function pgTryingClient(prefix) {
  const scratch = await pgScratchDatabase(prefix)
  if (scratch.skip) return scratch
  const client = await scratch.connect()
  const close = async () => {
    await client.end()
    await scratch.drop()
  }
  return { tryScript: (script) => pgError(client, script), close }
}

/** `{ engine, close }`, or `{ skip }` with the reason when the server cannot be reached. */
export async function openPgServer() {
  const scratch = await pgScratchDatabase('mg_fixtures')
  if (scratch.skip) return scratch
  const { pg } = scratch
  const types = { getTypeParser: (oid, format) => (RAW_TEXT_TYPES.includes(oid) ? (v) => v : pg.types.getTypeParser(oid, format)) }
  const client = await scratch.connect({ types })
  const version = (await client.query('SHOW server_version')).rows[0].server_version
  const engine = pgAdapterOn({
    label: `PostgreSQL ${version} server`,
    query: (sql, params) => client.query(sql, params),
    execute: (script) => client.query(script),
    affected: (r) => r.rowCount,
  })
  const close = async () => {
    await client.end()
    await scratch.drop()
  }
  return { engine, close }
}

/** How to reach the MySQL/MariaDB server: MYSQL_URL, or the local MariaDB socket as root; `where` says which. */
export function mysqlConfig() {
  if (process.env.MYSQL_URL) return { uri: process.env.MYSQL_URL, where: process.env.MYSQL_URL.replace(/:[^:@/]*@/, ':***@') }
  return { socketPath: '/run/mysqld/mysqld.sock', user: 'root', password: '', where: 'socket /run/mysqld/mysqld.sock as root (default; MYSQL_URL unset)' }
}

/**
 * A new database on the MySQL/MariaDB server, for a test file's own tables: `{ mysql, config,
 * admin, dbName, connect, drop }` (mysql2's promise module, the connection options without a
 * database, a connection taking several statements at once, the new database's name;
 * `connect(more)` gives a connection to the new database taking several statements at once;
 * `drop()` drops the database and ends `admin`), or `{ skip }` with the reason when the server
 * cannot be reached. `options` are mysql2's connection options of both `admin` and `connect`'s
 * connections (`more` added to them), over `multipleStatements: true`.
 */
export async function mysqlScratchDatabase(prefix, options = {}) {
  const { default: mysql } = await import('mysql2/promise')
  const { where, ...config } = mysqlConfig()
  let admin
  try {
    admin = await mysql.createConnection({ ...config, multipleStatements: true, ...options })
  } catch (e) {
    return { skip: unreachable('MySQL/MariaDB server', where, e, 'MYSQL_URL') }
  }
  await dropDeadMysql(admin, config, prefix)
  const dbName = `${prefix}_${runId()}`
  await admin.query(`CREATE DATABASE ${dbName} CHARACTER SET utf8mb4`)
  const connect = (more = {}) => mysql.createConnection({ ...config, database: dbName, multipleStatements: true, ...options, ...more })
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`)
    await admin.end()
  }
  return { mysql, config, admin, dbName, connect, drop }
}

/**
 * What `use(conn)` gives for a connection `conn` to the MySQL/MariaDB server (mysqlConfig's, no
 * database, no scratch database made), ended after; throws when the server cannot be reached.
 */
export async function withMysqlServer(use) {
  const { default: mysql } = await import('mysql2/promise')
  const { where, ...config } = mysqlConfig()
  void where
  const conn = await mysql.createConnection(config)
  try {
    return await use(conn)
  } finally {
    await conn.end()
  }
}

/**
 * A connection to a new database on the MySQL/MariaDB server, in strict mode, for trying
 * scripts: `{ version, tryScript, close }`, where `tryScript(script, ...tables)` runs the script
 * and gives the server's error message or null, dropping `tables` after; or `{ skip }` with the
 * reason when the server cannot be reached.
 */
export async function mysqlTryingConnection(prefix) {
  const scratch = await mysqlScratchDatabase(prefix)
  if (scratch.skip) return scratch
  const conn = await scratch.connect()
  await conn.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,IGNORE_SPACE'")
  const version = (await conn.query('SELECT VERSION() AS v'))[0][0].v
  const tryScript = async (script, ...tables) => {
    try {
      await conn.query(script)
      return null
    } catch (e) {
      return e.message
    } finally {
      if (tables.length) await conn.query(`DROP TABLE IF EXISTS ${tables.join(', ')}`)
    }
  }
  const close = async () => {
    await conn.end()
    await scratch.drop()
  }
  return { version, tryScript, close }
}

/** `{ engine, close }`, or `{ skip }` with the reason when the server cannot be reached. */
export async function openMysqlServer() {
  const scratch = await mysqlScratchDatabase('mg_fixtures', { dateStrings: true, jsonStrings: true, supportBigNumbers: true, bigNumberStrings: true })
  if (scratch.skip) return scratch
  const { admin, dbName } = scratch
  const conn = await scratch.connect()
  // Strict mode, whatever the server's default: bad values are errors, never warnings. And
  // IGNORE_SPACE, which mysql2 (and so Knex's and Kysely's MySQL dialects) asks for on every
  // connection: a built-in function's name then reads as a call even with a space before `(`.
  await conn.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,IGNORE_SPACE'")
  const version = (await conn.query('SELECT VERSION() AS v'))[0][0].v
  const engine = mysqlAdapter({ conn, database: dbName, version, scratchDatabase: `${dbName}_expected`, admin })
  const close = async () => {
    await conn.end()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}_expected`)
    await scratch.drop()
  }
  // conn and database: for the MySQL-only tests of engines-mariadb.test.mjs.
  return { engine, close, conn, database: dbName }
}
