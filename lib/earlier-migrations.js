'use strict'
/**
 * The earlier migrations' check of the command line's `generate` and `check`: what the migrations
 * already in the folder `generate` writes to make that this migration would make again
 * (TABLE_CREATED_BEFORE, and with a database COLUMN_ADDED_BEFORE and RENAMED_BEFORE), the
 * earlier migrations it could not read (MIGRATION_NOT_READ), and those written for another
 * dialect, which it passes over (MIGRATION_OTHER_DIALECT). lib/cli.js runs it before writing;
 * lib/files.js runs it again (earlierRepeatedErrors) once the writer has claimed its number or
 * timestamp, under the migrations folder's order lock, for a `generate` of another process that
 * placed such a migration meanwhile. Both require this module at top level; it requires only
 * lib/fs-helpers.js of this package, so there is no cycle.
 *
 * Also here, since the check reads migration files with them: migrationHalf (the up or down half
 * of a migration file's text, which `up` and `down` print) and readUpPart.
 */
const fs = require('node:fs')
const path = require('node:path')
const { readingRegular, rel } = require('./fs-helpers.js')
const { nameList, listOf, clip } = require('./name-list.js')
const { headerDialect } = require('./migration-header.js')

/**
 * What `generate` finds in the earlier migrations of `migrationsDir` (the folder it writes to)
 * that this migration would make again — TABLE_CREATED_BEFORE, and with a database
 * COLUMN_ADDED_BEFORE and RENAMED_BEFORE (warnings with --recreate) — and the earlier migrations
 * it could not read (MIGRATION_NOT_READ) and those whose header names another dialect, which
 * are not looked into (MIGRATION_OTHER_DIALECT), pushed onto `result.validation`. `check` asks the same
 * of the same folder, so that a pre-commit hook agrees with generate. Returns whether they are
 * errors (nothing is to be written).
 */
function earlierMigrationsRepeated(result, spec, values, migrationsDir, numbered, cwd) {
  const withDb = spec.existingDbPath != null
  // Earlier migrations that could not be looked into (not a regular file, or too large): said,
  // since what they make is not known.
  const unread = new Map()
  // Earlier migrations whose header names another dialect (`-- Database: sqlite` in a folder a
  // PostgreSQL migration is generated into): not looked into, said once (otherDialectWarning).
  const otherDialect = new Map()
  const passed = { unread, otherDialect }
  const again = tablesCreatedBefore(migrationsDir, result, numbered, passed)
  const addedAgain = withDb ? columnsAddedBefore(migrationsDir, result, numbered, passed) : []
  const renamedAgain = withDb ? renamedBefore(migrationsDir, result, numbered, passed) : []
  for (const [name, why] of unread) {
    result.validation.warnings.push({
      type: 'warning',
      code: 'MIGRATION_NOT_READ',
      message: `${rel(cwd, path.join(migrationsDir, name))} was not read (${why}): whether it already makes a change of this migration was not checked`,
      suggestion: `if it is a migration, check by hand that it does not create or change the tables this one does; if it is not, move it out of ${rel(cwd, migrationsDir)}`,
    })
  }
  if (otherDialect.size > 0) result.validation.warnings.push(otherDialectWarning(otherDialect, migrationsDir, result, numbered, cwd))
  const recreate = Boolean(values.recreate)
  const dbName = withDb ? rel(cwd, spec.existingDbPath) : ''
  const behind = `the database ${dbName} has not had it applied (it is behind the folder)`
  const applyFirst = `apply to ${dbName} first the folder's migrations it does not have yet (migration-generator up FILE | sqlite3 -bail ${dbName}, in name order, from the first it lacks), then generate again`
  for (const earlier of again) {
    const one = earlier.tables.length === 1
    // The first ten named, the rest counted (as DOWN_DATA_LOSS lists tables): a folder whose
    // first migration creates 200 tables gave a line of all 200. What it does said as it is: a
    // migration that renames a table to the name, or rebuilds it, does not create it.
    const made = whatItMakes(earlier.tables)
    result.validation[recreate ? 'warnings' : 'errors'].push({
      type: recreate ? 'warning' : 'error',
      code: 'TABLE_CREATED_BEFORE',
      message: withDb
        ? `an earlier migration in ${rel(cwd, migrationsDir)}, ${earlier.file}, already ${made}, and ${behind}: this migration creates ${one ? 'it' : 'them'} again, which does nothing where that migration ran (CREATE TABLE IF NOT EXISTS), and its down migration would drop ${one ? 'that table' : 'those tables'} with every row`
        : `an earlier migration in ${rel(cwd, migrationsDir)}, ${earlier.file}, already ${made}: on a database where that migration ran, this migration's CREATE TABLE IF NOT EXISTS does nothing (a column added to the spec since is not added), its other statements can fail (MySQL's CREATE INDEX and PostgreSQL's ALTER TABLE … ADD CONSTRAINT have no IF NOT EXISTS: "Duplicate key name", "already exists"), and its down migration drops ${one ? 'that table' : 'those tables'} with every row`,
      table: earlier.tables[0].table,
      suggestion: withDb
        ? `${applyFirst}; --recreate if ${one ? 'it was' : 'they were'} dropped since`
        : 'generate with --previous SPEC.json (the spec those migrations were made from) to write only the change (for SQLite, or generate with --db DATABASE); otherwise leave the tables earlier migrations made out of the spec (mark those that new tables reference with "existing": true); --recreate if they were dropped since',
    })
  }
  for (const earlier of addedAgain) {
    result.validation[recreate ? 'warnings' : 'errors'].push({
      type: recreate ? 'warning' : 'error',
      code: 'COLUMN_ADDED_BEFORE',
      message: `an earlier migration in ${rel(cwd, migrationsDir)}, ${earlier.file}, already adds ${nameList(earlier.columns.map((c) => `${c.table}.${c.column}`))}, and ${behind}: this migration adds ${earlier.columns.length === 1 ? 'it' : 'them'} again, which fails where that migration ran ("duplicate column name"), and its down migration would drop ${earlier.columns.length === 1 ? 'that column with its values' : 'those columns with their values'}`,
      table: earlier.columns[0].table,
      column: earlier.columns[0].column,
      suggestion: `${applyFirst}; --recreate if ${earlier.columns.length === 1 ? 'it was' : 'they were'} dropped since`,
    })
  }
  for (const earlier of renamedAgain) {
    const one = earlier.renames.length === 1
    result.validation[recreate ? 'warnings' : 'errors'].push({
      type: recreate ? 'warning' : 'error',
      code: 'RENAMED_BEFORE',
      message: `an earlier migration in ${rel(cwd, migrationsDir)}, ${earlier.file}, already renames ${listOf(earlier.renames.map((r) => r.earlier))}, and ${behind}: this migration ${listOf(earlier.renames.map((r) => `${r.verb} ${r.old}`))} too, which fails where that migration ran ("no such table", "no such column")`,
      table: earlier.renames[0].table,
      ...(earlier.renames[0].column ? { column: earlier.renames[0].column } : {}),
      suggestion: `${applyFirst}; --recreate if ${one ? 'that rename was' : 'those renames were'} undone since`,
    })
  }
  return (again.length > 0 || addedAgain.length > 0 || renamedAgain.length > 0) && !recreate
}

/**
 * The MIGRATION_OTHER_DIALECT warning, said once for all the earlier migrations in `dir` that
 * were passed over because their header names another dialect (`otherDialect`: name → that
 * dialect): what they make is not on the database this migration is for. When every earlier
 * migration of the folder is such a one, the folder is likely not this dialect's: said, with
 * --out.
 */
function otherDialectWarning(otherDialect, dir, result, numbered, cwd) {
  const names = [...otherDialect.keys()].sort()
  const one = names.length === 1
  const dialects = listOf([...new Set(otherDialect.values())].sort())
  const dialect = result.metadata.databaseType
  const only = earlierMigrations(dir, result, numbered).length === names.length
  const folder = rel(cwd, dir)
  return {
    type: 'warning',
    code: 'MIGRATION_OTHER_DIALECT',
    message: `${one ? 'an earlier migration' : `${names.length} earlier migrations`} in ${folder}, ${listOf(names)}, ${one ? 'is' : 'are'} written for ${dialects} (the '-- Database:' line of ${one ? 'its' : 'their'} header), not ${dialect}: ${one ? 'it does' : 'they do'} not run where this migration does, so whether ${one ? 'it creates' : 'they create'} a table this migration creates was not checked${only ? `; ${folder} holds no ${dialect} migration` : ''}`,
    suggestion: only
      ? `if this project's ${dialect} migrations are in another folder, generate with --out DIR (that folder), so that they are checked and this migration goes beside them`
      : `keep each dialect's migrations in a folder of its own (--out DIR): a runner of ${folder} runs all of them on one database`,
  }
}

/** The codes of earlierMigrationsRepeated's errors. */
const EARLIER_CODES = new Set(['TABLE_CREATED_BEFORE', 'COLUMN_ADDED_BEFORE', 'RENAMED_BEFORE'])

/**
 * For the writer (lib/files.js's `options.refuseEarlierRepeated`, which generate gives it without
 * --recreate): the errors earlierMigrationsRepeated finds now in `recheck.dir` for `result`, whose
 * `metadata.filename` is the name the writer claimed (that file is not read: it is this
 * migration). The same check as before writing, run again once the number or timestamp is
 * claimed: another generate may have placed a migration creating the same table meanwhile.
 * `recheck`: `{ dir, cwd, existingDbPath }` (plain data: the write may run on a worker thread).
 */
function earlierRepeatedErrors(result, recheck) {
  const copy = { ...result, validation: { ...result.validation, errors: [], warnings: [] } }
  earlierMigrationsRepeated(copy, { existingDbPath: recheck.existingDbPath }, {}, recheck.dir, false, recheck.cwd)
  return copy.validation.errors
}

/**
 * How much of an earlier migration is read for the up migration `generate` looks into
 * (TABLE_CREATED_BEFORE, COLUMN_ADDED_BEFORE, RENAMED_BEFORE): far more than a migration
 * generated from the largest spec. A bigger one (a seed migration of a few hundred MB, a sparse
 * file of gigabytes) is passed over with a MIGRATION_NOT_READ warning, not read into memory.
 */
const MIGRATION_SCAN_CAP = 32 * 1024 * 1024
const DOWN_MARKER = '-- DOWN MIGRATION'
const DOWN_MARKER_BYTES = Buffer.from(DOWN_MARKER)

/**
 * The start of the migration file `file`, up to its first `-- DOWN MIGRATION` line (the up half
 * is all `generate` compares or looks into; migrationHalf finds it there), reading at most
 * `cap` bytes: `{ text }` (the whole file when it has no such line), `{ why }` when it is not
 * read (not a regular file: a FIFO named like a migration would block the read forever, a link
 * to /dev/zero would never end it; or no such line within `cap` bytes), or null when it is
 * missing or cannot be read.
 */
function readUpPart(file, cap) {
  return readingRegular(file, (fd) => {
    const chunks = []
    let total = 0
    // The line not yet ended, from the chunks before, and where in it to look for the marker from.
    let carry = Buffer.alloc(0)
    let from = 0
    for (;;) {
      if (total > cap) return { why: `it is larger than ${Math.round(cap / 1024 / 1024)} MiB before its '${DOWN_MARKER}' line` }
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, cap + 1 - total))
      const n = fs.readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) return { text: Buffer.concat(chunks, total).toString('utf8') }
      const data = chunk.subarray(0, n)
      chunks.push(data)
      total += n
      const region = carry.length ? Buffer.concat([carry, data]) : data
      // The marker is looked for, not each line: a line at a time took 10 s on 30 MB of line
      // breaks. The first marker of each ended line is the one its line may start with.
      let at = region.indexOf(DOWN_MARKER_BYTES, from)
      while (at !== -1) {
        // The carry has no line break: its line ends in the new data, if at all.
        const nl = region.indexOf(10, Math.max(at + DOWN_MARKER_BYTES.length, carry.length))
        if (nl === -1) break
        if (region.subarray(region.lastIndexOf(10, at) + 1, at).toString('utf8').trim() === '') {
          return { text: Buffer.concat(chunks, total).subarray(0, total - region.length + nl).toString('utf8') }
        }
        at = region.indexOf(DOWN_MARKER_BYTES, nl + 1)
      }
      const lastNl = data.lastIndexOf(10)
      const start = lastNl === -1 ? 0 : carry.length + lastNl + 1
      carry = region.subarray(start)
      // The marker whose line has not ended yet; else what has not been looked at (a marker may
      // be cut in two by the chunks).
      from = at !== -1 ? at - start : Math.max(0, carry.length - DOWN_MARKER_BYTES.length + 1)
    }
  }, (kind) => ({ why: `it is ${kind}, not a regular file` }))
}

/**
 * The earlier migrations in `dir` (newest first) whose up migration already adds a column this
 * result's up migration adds (`ALTER TABLE t ADD COLUMN c`, as the SQLite ALTER path writes it):
 * `{ file, columns: { table, column }[] }[]`, each column under the newest file that adds it.
 */
function columnsAddedBefore(dir, result, numbered, passed) {
  const key = (table, column) => `${unquote(table).toLowerCase()}.${unquote(column).toLowerCase()}`
  const adds = (sql) => [...(sql ?? '').matchAll(ADD_COLUMN)].map((m) => ({ table: unquote(m[1]), column: unquote(m[2]), key: key(m[1], m[2]) }))
  // In an earlier migration, a column renamed to that name (renamedFrom) is there too where it
  // ran (this migration's own renames are RENAMED_BEFORE's).
  const addsOrRenames = (sql) => [...adds(sql), ...[...(sql ?? '').matchAll(RENAME_COLUMN)].map((m) => ({ table: unquote(m[1]), column: unquote(m[3]), key: key(m[1], m[3]) }))]
  const added = new Map(adds(result.upMigration).map((a) => [a.key, a]))
  const found = []
  for (const f of earlierMigrations(dir, result, numbered)) {
    if (added.size === 0) break
    const seen = lookInto(dir, f.name, passed, result.metadata.databaseType, (up) => ({ adds: addsOrRenames(up), gone: goneIn(up) }))
    if (!seen) continue
    const columns = []
    for (const a of seen.adds) {
      if (added.has(a.key)) {
        columns.push(added.get(a.key))
        added.delete(a.key)
      }
    }
    if (columns.length > 0) found.push({ file: f.name, columns: columns.map(({ table, column }) => ({ table, column })) })
    // Gone in this (newer) migration: an older one that adds it is undone since, and adding it
    // again is no repeat.
    const { gone } = seen
    for (const k of [...added.keys()]) if (gone.columns.has(k) || gone.tables.has(k.slice(0, k.indexOf('.')))) added.delete(k)
  }
  return found
}

/**
 * The renames this migration starts with (`renamedFrom` on SQLite) whose old name an earlier
 * migration in the folder already renames away: `[{ file, renames: [{ what, table, column? }] }]`.
 * Where that migration ran, the old name is gone and this rename fails ("no such table", "no
 * such column"), whatever new name either gives it; the database it was generated against is
 * behind the folder. A name made again by a newer migration (renamed to it, or created) is no
 * repeat; nor is a rename of the case only (`User` to `user`: the same name to SQLite).
 */
function renamedBefore(dir, result, numbered, passed) {
  const lower = (n) => unquote(n).toLowerCase()
  /** A migration's renames (the column's table as it was before the migration's table renames), and the names it makes. */
  const renames = (sql) => {
    const tables = []
    for (const m of (sql ?? '').matchAll(new RegExp(`^ALTER TABLE ${SQL_NAME} RENAME TO ${SQL_NAME};$`, 'gm'))) {
      const [from, to] = [unquote(m[1]), unquote(m[2])]
      if (lower(from).startsWith('_mg_') || lower(to).startsWith('_mg_old_')) continue
      // A rename of the case only goes through `_mg_case_…`.
      const target = lower(to).startsWith('_mg_case_') ? to.slice('_mg_case_'.length) : to
      tables.push({ from, to: target })
    }
    // The first rename to each name (looked up by name: a search through all of them for each
    // column rename was quadratic in a file of thousands of both).
    const renamedTo = new Map()
    for (const t of tables) if (!renamedTo.has(lower(t.to))) renamedTo.set(lower(t.to), t.from)
    const before = (table) => renamedTo.get(lower(table)) ?? table
    const out = tables
      .filter((t) => lower(t.from) !== lower(t.to))
      .map((t) => ({ key: lower(t.from), what: `'${t.from}' to '${t.to}'`, old: `'${t.from}'`, table: t.to }))
    for (const m of (sql ?? '').matchAll(new RegExp(`^ALTER TABLE ${SQL_NAME} RENAME COLUMN ${SQL_NAME} TO ${SQL_NAME};$`, 'gm'))) {
      const [table, from, to] = [unquote(m[1]), unquote(m[2]), unquote(m[3])]
      if (lower(from) === lower(to)) continue
      out.push({ key: `${lower(before(table))}.${lower(from)}`, what: `'${table}.${from}' to '${to}'`, old: `'${table}.${from}'`, table, column: to })
    }
    const made = new Set([
      ...tables.map((t) => lower(t.to)),
      ...tableChanges(sql).created,
      ...[...(sql ?? '').matchAll(new RegExp(`^ALTER TABLE ${SQL_NAME} RENAME COLUMN ${SQL_NAME} TO ${SQL_NAME};$`, 'gm'))].map((m) => `${lower(before(m[1]))}.${lower(m[3])}`),
      ...[...(sql ?? '').matchAll(ADD_COLUMN)].map((m) => `${lower(m[1])}.${lower(m[2])}`),
    ])
    return { out, made, tables }
  }
  // This migration's renames: its first block, or the first inside the transaction the whole
  // migration runs in (src/sqlite_atomic.rs).
  const mine = /^SAVEPOINT _mg_renames;\n([\s\S]*?)\nRELEASE _mg_renames;$/m.exec(result.upMigration ?? '')
  const own = renames(mine ? mine[1] : '')
  const wanted = new Map(own.out.map((r) => [r.key, { ...r, verb: 'renames' }]))
  // The tables it changes after them (ALTER TABLE … ADD/DROP/RENAME, a rebuild's rename away),
  // but those it renames to: where an earlier migration renamed one of them away, it fails too.
  const body = (result.upMigration ?? '').slice(mine ? mine.index + mine[0].length : 0)
  for (const m of body.matchAll(new RegExp(`^ALTER TABLE ${SQL_NAME} (?:ADD|DROP|RENAME) `, 'gm'))) {
    const table = unquote(m[1])
    if (own.tables.some((t) => lower(t.to) === lower(table)) || wanted.has(lower(table))) continue
    wanted.set(lower(table), { key: lower(table), old: `'${table}'`, table, verb: 'changes' })
  }
  const found = []
  for (const f of earlierMigrations(dir, result, numbered)) {
    if (wanted.size === 0) break
    const seen = lookInto(dir, f.name, passed, result.metadata.databaseType, renames)
    if (!seen) continue
    const { out, made } = seen
    const repeated = out.filter((r) => wanted.has(r.key)).map((r) => ({ earlier: r.what, ...wanted.get(r.key) }))
    for (const r of repeated) wanted.delete(r.key)
    if (repeated.length > 0) found.push({ file: f.name, renames: repeated.map(({ earlier, old, verb, table, column }) => ({ earlier, old, verb, table, ...(column ? { column } : {}) })) })
    // Made in this (newer) migration: the name is there again where it ran.
    for (const k of [...wanted.keys()]) if (made.has(k) || made.has(k.slice(0, k.indexOf('.') >>> 0))) wanted.delete(k)
  }
  return found
}

/**
 * What an up migration removes: `{ tables, columns }` (lowercase names; columns as
 * `table.column`) — tables dropped or renamed away, columns dropped or renamed, and the columns a
 * SQLite rebuild leaves out of the table it makes. Tables are found in any form tableChanges
 * reads (hand-written SQL too); columns in the forms the generator writes. `changes`: tableChanges
 * of `up`, when the caller has it.
 */
function goneIn(up, changes = tableChanges(up)) {
  const columns = new Set()
  /** Rebuilt tables: `{ table, kept }`, the columns its new CREATE lists. */
  const rebuilt = []
  const name = SQL_NAME
  const lower = (n) => unquote(n).toLowerCase()
  const { dropped, renamed } = changes
  const tables = new Set(dropped)
  const creates = rebuildCreates(up ?? '')
  // The first of `creates` at or after the rename (renamed is in the order of the text).
  let next = 0
  for (const { from: table, to, index } of renamed) {
    if (!to.startsWith('_mg_old_')) {
      tables.add(table)
      continue
    }
    // A rebuild: `ALTER TABLE t RENAME TO _mg_old_t;`, then `CREATE TABLE IF NOT EXISTS t (`
    // (`CREATE TABLE t (` in a migration from --previous) with a column per line; the old
    // table's columns it does not list are gone.
    while (next < creates.length && creates[next].index < index) next++
    const create = creates[next]
    if (!create || !create.kept || create.table !== table) continue
    rebuilt.push({ table, kept: create.kept })
  }
  for (const m of (up ?? '').matchAll(new RegExp(`^ALTER TABLE ${name} (?:DROP|RENAME) COLUMN ${name}`, 'gm'))) columns.add(`${lower(m[1])}.${lower(m[2])}`)
  const goneColumn = (key) => {
    const dot = key.indexOf('.')
    const [table, column] = [key.slice(0, dot), key.slice(dot + 1)]
    return columns.has(key) || rebuilt.some((r) => r.table === table && !r.kept.has(column))
  }
  return { tables, columns: { has: goneColumn } }
}

/**
 * The `CREATE TABLE [IF NOT EXISTS] t (` lines of `up` (as the generator writes them, a column
 * per line after), in order: `{ index, table, kept }`, `kept` the lowercase names of the columns
 * up to the first line that starts with `)`, or null when there is no such line before the next
 * such CREATE (no table of the generator's). Read once for all of a migration's rebuilds (goneIn),
 * each line once: matching the statement from each rebuild on (lazily up to a `)` line, from
 * every later CREATE) took 30 s on 104 KB of renames and CREATE lines without one.
 */
function rebuildCreates(up) {
  const lines = [...up.matchAll(new RegExp(`^CREATE TABLE (?:IF NOT EXISTS )?${SQL_NAME} \\(\\n`, 'gm'))]
  const column = new RegExp(`^ {2}${SQL_NAME}`)
  // The first `\n)` at or after where the body in hand starts (-1: none left).
  let close = 0
  return lines.map((m, i) => {
    const start = m.index + m[0].length
    if (close !== -1 && close < start) close = up.indexOf('\n)', start)
    const body = close !== -1 && (i + 1 === lines.length || lines[i + 1].index > close) ? up.slice(start, close) : null
    const kept = body === null ? null : new Set(body.split('\n').map((line) => column.exec(line)).filter(Boolean).map((x) => unquote(x[1]).toLowerCase()))
    return { index: m.index, table: unquote(m[1]).toLowerCase(), kept }
  })
}

/**
 * The longest quoted name NAME_BODY reads, in characters: far more than any engine keeps
 * (PostgreSQL 63 bytes, MySQL 64, the generator 128 on SQLite); a longer one in a hand-written
 * migration is not read as a name. Without a bound, a quote never closed in a file of megabytes
 * (`CREATE TABLE "` and 20 MB more) overflowed the regular expression engine's stack
 * (INTERNAL_ERROR).
 */
const QUOTED_NAME_MAX = 1024
/**
 * A name in SQL: bare, or quoted as any of the engines quote it (`"name"` as the generator writes
 * a name that needs it on SQLite and PostgreSQL, `` `name` `` as it writes one on MySQL, and
 * SQLite's `[name]`), without a capturing group. A quoted name is at most QUOTED_NAME_MAX
 * characters; `[name]` has no `[` in it nor a line break, so that a `[` never closed is read up
 * to the next `[` only: scanning to the end of the line from every `[` of `DROP TABLE x,[a,[a,…`
 * took minutes on a line of 300 KB.
 */
const NAME_BODY = `(?:"(?:[^"]|""){1,${QUOTED_NAME_MAX}}"|\`(?:[^\`]|\`\`){1,${QUOTED_NAME_MAX}}\`|\\[[^\\[\\]\\n]{1,${QUOTED_NAME_MAX}}\\]|[A-Za-z_][A-Za-z0-9_$]*)`
/** A table or column name in the generated SQL (see NAME_BODY), captured. */
const SQL_NAME = `(${NAME_BODY})`
/** A table's name, captured, after an optional schema (`public.`, `main.`, a MySQL database), which is left out. */
const TABLE_REF = `(?:${NAME_BODY}\\s*\\.\\s*)?${SQL_NAME}`
/**
 * A statement that creates a table, at the start of a line or after a `;`: every form the
 * generator writes in an up migration on each dialect (`CREATE TABLE IF NOT EXISTS t (`, and
 * `CREATE TABLE t (` in a migration from --previous; the name quoted where it needs it: `"t"`,
 * MySQL's `` `count` ``), and those of hand-written migrations (any case and spacing, `IF NOT
 * EXISTS` or not, a quoted or schema-qualified name, `(` at once or on the next line; PostgreSQL's
 * `UNLOGGED`, `(LIKE u)`, `PARTITION OF` and `OF type`, `AS SELECT`, MySQL's `LIKE u` and `SELECT`,
 * MariaDB's `OR REPLACE`, SQLite's `VIRTUAL … USING`). The schema in the first group, the name in
 * the second. Not `CREATE TEMP TABLE` (nor `TEMPORARY`, `GLOBAL` or `LOCAL TEMP`), which is gone
 * with the connection; a table in SQLite's `temp` schema or PostgreSQL's `pg_temp` is left out by
 * tableChanges. Comments and strings are blanked out before (sqlCode).
 */
const CREATE_TABLE = new RegExp(
  `(?:^|;)[ \\t]*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:(?:UNLOGGED|VIRTUAL)\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:(${NAME_BODY})\\s*\\.\\s*)?${SQL_NAME}(?![A-Za-z0-9_$])\\s*(?:\\(|(?:AS|LIKE|SELECT|OF|USING)\\b|PARTITION\\s+OF\\b)`,
  'gim',
)
/** `CREATE [GLOBAL | LOCAL] TEMP[ORARY] TABLE [IF NOT EXISTS] t`, the name in the first group (tableChanges: a `DROP TABLE t` after it drops that one). */
const CREATE_TEMP_TABLE = new RegExp(`(?:^|;)[ \\t]*CREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?TEMP(?:ORARY)?\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${TABLE_REF}`, 'gim')
/** The schemas of temporary tables: SQLite's `temp`, PostgreSQL's `pg_temp` (and its `pg_temp_N`). */
const TEMP_SCHEMA = /^(?:temp|pg_temp(?:_\d+)?)$/
/**
 * `DROP TABLE [IF EXISTS] a[, b …]` at the start of a line, in any case and spacing: the rest of
 * the line up to `;` in the first group, whose names tableChanges reads (a repetition of names in
 * the pattern itself overflowed the regular expression engine's stack on a line of millions).
 */
const DROP_TABLES = /(?:^|;)[ \t]*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?([^;\n]*)/gim
/** `ALTER TABLE a RENAME TO b` (also `RENAME AS`, `IF EXISTS`, PostgreSQL's `ONLY`) at the start of a line, in any case and spacing. */
const ALTER_RENAME_TABLE = new RegExp(`(?:^|;)[ \\t]*ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?${TABLE_REF}\\s+RENAME\\s+(?:TO|AS)\\s+${TABLE_REF}`, 'gim')
/** MySQL's `RENAME TABLE a TO b[, c TO d …]` at the start of a line: the rest of the line up to `;` (the pairs) in the first group. */
const RENAME_TABLES = /(?:^|;)[ \t]*RENAME\s+TABLES?\s+([^;\n]*)/gim

/**
 * The tables a migration's up half `sql` creates, drops and renames, in the forms of CREATE_TABLE,
 * DROP_TABLES, ALTER_RENAME_TABLE and RENAME_TABLES (its comments and strings blanked out by
 * sqlCode when it was hand-written), lowercase and unquoted: temporary tables left out, and a
 * `DROP TABLE t` after `CREATE TEMP TABLE t` too (it drops the temporary one): `{ created: string[],
 * dropped: string[], renamed: { from, to, fromName, index }[], there: Set<string>, how:
 * Map<string, { verb, from? }> }` (`index`: where the rename is in `sql`, `fromName` its old name
 * unquoted, as written; `there`: the tables created or renamed to that are still there at its
 * end, not dropped or renamed away after; `how`: for each of those, what the migration does to
 * it — `creates`, `renames` it `from` another name, or `rebuilds` it, when it was there before
 * the migration ran: its first statement about it drops it or renames it away).
 * TABLE_CREATED_BEFORE reads an earlier migration with it, whoever wrote it.
 */
function tableChanges(sql) {
  const text = sql ?? ''
  const lower = (n) => unquote(n).toLowerCase()
  /** The names of a list `a, b CASCADE -- note`: the one at its start and each after a comma, before any `--` comment. */
  const names = (list) => [...list.replace(/--.*$/, '').matchAll(new RegExp(`(?:^|,)\\s*${TABLE_REF}`, 'g'))].map((m) => lower(m[1]))
  const created = [...text.matchAll(CREATE_TABLE)].filter((m) => !(m[1] && TEMP_SCHEMA.test(lower(m[1])))).map((m) => ({ table: lower(m[2]), index: m.index }))
  // A temporary table hides the table of its name until it is dropped: `DROP TABLE t` after
  // `CREATE TEMP TABLE t` drops the temporary one (a scratch copy of a hand-written migration).
  // Each table's temporary ones, in order, from the first not dropped yet (the drops are read in
  // order too): looking through all of them for each drop took minutes on a file of thousands.
  const temps = new Map()
  for (const m of text.matchAll(CREATE_TEMP_TABLE)) {
    const table = lower(m[1])
    if (!temps.has(table)) temps.set(table, { indexes: [], next: 0 })
    temps.get(table).indexes.push(m.index)
  }
  const dropped = [...text.matchAll(DROP_TABLES)]
    .flatMap((m) => names(m[1]).map((table) => ({ table, index: m.index })))
    .filter((d) => {
      const temp = temps.get(d.table)
      if (!temp || !(temp.indexes[temp.next] < d.index)) return true
      temp.next++
      return false
    })
  const renamed = [...text.matchAll(ALTER_RENAME_TABLE)].map((m) => ({ from: lower(m[1]), to: lower(m[2]), fromName: unquote(m[1]), index: m.index }))
  for (const m of text.matchAll(RENAME_TABLES)) {
    for (const pair of m[1].replace(/--.*$/, '').matchAll(new RegExp(`(?:^|,)\\s*${TABLE_REF}\\s+TO\\s+${TABLE_REF}`, 'gi'))) renamed.push({ from: lower(pair[1]), to: lower(pair[2]), fromName: unquote(pair[1]), index: m.index })
  }
  renamed.sort((a, b) => a.index - b.index)
  // In statement order (`RENAME TABLE a TO b, b TO c` in its order): what is there at the end.
  // The three lists are each in that order: merged (a statement's own in the order of the lists),
  // not sorted together, which took seconds on a file of millions of names.
  const there = new Set()
  // How each table came to be there (`how`): the tables an event of the migration names; those
  // whose first event removes them (there before it ran: a rebuild, as the generator's
  // `RENAME TO _mg_old_t` then `CREATE TABLE t`, or another tool's `DROP TABLE t` then `ALTER
  // TABLE __new_t RENAME TO t`); and what first made each (null: a CREATE; else the name it
  // was renamed from), kept through a rebuild of it later in the migration.
  const named = new Set()
  const before = new Set()
  const madeFrom = new Map()
  const remove = (table) => {
    if (!named.has(table)) before.add(table)
    named.add(table)
    there.delete(table)
  }
  // Where each table the migration makes comes from: null when it creates it (also through
  // renames after: `CREATE TABLE a`, then `a` to `b`), else the name it had before the
  // migration (`a` for `c` after `a` to `b`, `b` to `c`; SQLite's case-only rename goes through
  // `_mg_case_…`).
  const origin = new Map()
  const make = (table, from) => {
    named.add(table)
    there.add(table)
    origin.set(table, from)
    if (!madeFrom.has(table)) madeFrom.set(table, from)
  }
  const at = (list, i) => (i < list.length ? list[i].index : Infinity)
  for (let c = 0, d = 0, r = 0; c < created.length || d < dropped.length || r < renamed.length; ) {
    const [ci, di, ri] = [at(created, c), at(dropped, d), at(renamed, r)]
    if (ci <= di && ci <= ri) make(created[c++].table, null)
    else if (di <= ri) remove(dropped[d++].table)
    else {
      const { from, to, fromName } = renamed[r++]
      const was = origin.has(from) ? origin.get(from) : fromName
      remove(from)
      make(to, was)
    }
  }
  const how = new Map([...there].map((t) => [t, before.has(t) ? { verb: 'rebuilds' } : madeFrom.get(t) === null ? { verb: 'creates' } : { verb: 'renames', from: madeFrom.get(t) }]))
  return { created: created.map((c) => c.table), dropped: dropped.map((d) => d.table), renamed, there, how }
}

/**
 * `sql` with the text of its comments and string literals blanked out (each character but a line
 * break made a space, so that positions and lines stay where they were), for the statement
 * patterns of tableChanges: a `CREATE TABLE` or `DROP TABLE` quoted in a string (`INSERT INTO
 * notes VALUES ('…\nCREATE TABLE users (…)')`) or in a `/* … *\/` comment does not run.
 * Comments are `--` to the end of the line, `/* … *\/` (nested on PostgreSQL) and MySQL's `#`;
 * MySQL's `/*!50100 … *\/` is code, which MySQL runs: only its marker is blanked. Strings are
 * `'…'` (`''` inside; a backslash escapes on MySQL and in PostgreSQL's `E'…'`), MySQL's `"…"`,
 * and PostgreSQL's `$$…$$` / `$tag$…$tag$` (a function's body, which does not run when the
 * function is created), but the body of a `DO` block, which runs. Quoted names (`"…"`, `` `…` ``,
 * SQLite's `[…]`) are kept, only stepped over.
 */
function sqlCode(sql, dialect) {
  const mysql = dialect === 'mysql'
  const pg = dialect === 'postgresql'
  const n = sql.length
  const parts = []
  let kept = 0
  /** Blanks `sql[from, to)`. */
  const blank = (from, to) => {
    const text = sql.slice(from, to)
    parts.push(sql.slice(kept, from), text.includes('\n') ? text.replace(/[^\n]/g, ' ') : ' '.repeat(to - from))
    kept = to
  }
  /** The index after the quote closing the quoted text that starts at `i` (its opening quote `q`). */
  const closing = (i, q, backslash) => {
    let j = i + 1
    while (j < n) {
      const ch = sql[j]
      if (backslash && ch === '\\') j += 2
      else if (ch === q) {
        if (sql[j + 1] !== q) return j + 1
        j += 2
      } else j++
    }
    return n
  }
  // Where something other than code may start: the characters between are code.
  const start = new RegExp(`--|\\/\\*|['"\`]${mysql ? '|#' : ''}${pg ? '|\\$' : ''}${dialect === 'sqlite' ? '|\\[' : ''}`, 'g')
  let i = 0
  while (i < n) {
    start.lastIndex = i
    const found = start.exec(sql)
    if (!found) break
    i = found.index
    const ch = sql[i]
    const next = sql[i + 1]
    if ((ch === '-' && next === '-') || (mysql && ch === '#')) {
      const end = sql.indexOf('\n', i)
      blank(i, (i = end === -1 ? n : end))
    } else if (mysql && ch === '/' && /^\/\*M?!\d*/.test(sql.slice(i, i + 12))) {
      // MySQL's `/*!50100 … */` (MariaDB's `/*M!…`): code, which the server runs; only the marker
      // is blanked, so that a statement in it starts as at the start of a line.
      const marker = /^\/\*M?!\d*/.exec(sql.slice(i, i + 12))[0]
      blank(i, (i += marker.length))
    } else if (ch === '/' && next === '*') {
      let depth = 1
      let j = i + 2
      while (j < n && depth > 0) {
        if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--
          j += 2
        } else if (pg && sql[j] === '/' && sql[j + 1] === '*') {
          depth++
          j += 2
        } else j++
      }
      blank(i, (i = j))
    } else if (ch === "'" || (mysql && ch === '"')) {
      const escapes = mysql || (pg && /[eE]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_$]/.test(sql[i - 2] ?? ''))
      const end = closing(i, ch, escapes)
      blank(i, end)
      i = end
    } else if (ch === '"' || ch === '`') {
      i = closing(i, ch, false)
    } else if (ch === '[' && dialect === 'sqlite') {
      const end = sql.indexOf(']', i)
      i = end === -1 ? n : end + 1
    } else if (ch === '$' && pg && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))
      if (!tag) i++
      else {
        const found = sql.indexOf(tag[0], i + tag[0].length)
        const end = found === -1 ? n : found + tag[0].length
        // The body of a DO block runs; a function's body or a string's does not.
        if (!/\bDO(?:\s+LANGUAGE\s+\w+)?\s*$/i.test(sql.slice(Math.max(0, i - 40), i))) blank(i, end)
        i = end
      }
    } else i++
  }
  parts.push(sql.slice(kept))
  return parts.join('')
}

/** `ALTER TABLE t ADD COLUMN c` at the start of a line. */
const ADD_COLUMN = new RegExp(`^ALTER TABLE ${SQL_NAME} ADD COLUMN ${SQL_NAME}`, 'gm')
const RENAME_COLUMN = new RegExp(`^ALTER TABLE ${SQL_NAME} RENAME COLUMN ${SQL_NAME} TO ${SQL_NAME};$`, 'gm')
/** A name as NAME_BODY matches it, without its quotes (`"a""b"` is `a"b`, `` `x` `` is `x`, `[y]` is `y`). */
const unquote = (name) => {
  const q = name[0]
  if (q === '"' || q === '`') return name.slice(1, -1).replaceAll(q + q, q)
  if (q === '[') return name.slice(1, -1)
  return name
}

/** The migration files of `dir` other than the result's own, newest first. */
function earlierMigrations(dir, result, numbered) {
  let names
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  return names
    .map((name) => ({ name, m: /^(\d+)_.+\.sql$/.exec(name) }))
    .filter((f) => f.m && (numbered || f.name !== result.metadata.filename))
    .map((f) => ({ name: f.name, n: BigInt(f.m[1]) }))
    .sort((a, b) => (a.n === b.n ? (a.name < b.name ? 1 : -1) : a.n < b.n ? 1 : -1))
}

/**
 * The up half of the migration file `name` in `dir`, its comments and strings blanked out
 * (sqlCode, as `dialect` reads them), or null; one not read (readUpPart: not a regular file, or
 * too large) is added to `passed.unread` (name → why), for MIGRATION_NOT_READ, and one whose
 * header (headerDialect) names a dialect other than `dialect` to `passed.otherDialect` (name →
 * that dialect), for MIGRATION_OTHER_DIALECT: it does not run where this migration does. A file
 * without such a header (hand-written, another tool's) is read whatever SQL it holds: which
 * dialect it is for is not known, and a runner of this folder runs it. A hand-written file
 * without the `-- UP MIGRATION` / `-- DOWN MIGRATION` lines is all up migration (a runner runs
 * all of it), but one named `….down.sql` (golang-migrate's pairs), which has none; one with an
 * UP line and no DOWN line is all up half too. A file named like a migration that cannot be
 * opened (a link to nothing) is in `passed.unread` too (whyNotOpened).
 */
function readUp(dir, name, passed, dialect) {
  const file = path.join(dir, name)
  const read = readUpPart(file, MIGRATION_SCAN_CAP)
  if (read && read.why !== undefined) passed.unread.set(name, read.why)
  if (read === null) {
    const why = whyNotOpened(file)
    if (why) passed.unread.set(name, why)
  }
  if (!read || read.text === undefined) return null
  // Written for another dialect (its header's `-- Database:` line): not run where this one is.
  const written = headerDialect(read.text)
  if (written !== null && typeof dialect === 'string' && written !== dialect) {
    passed.otherDialect.set(name, written)
    return null
  }
  // With this tool's markers but not one of each in order (the down half cut off by hand, only an
  // UP line): what a runner splitting at the DOWN line runs going up, all of it before that line,
  // which is what was read (readUpPart stops there).
  const marked = /^[ \t]*-- (?:UP|DOWN) MIGRATION/m.test(read.text)
  const up = migrationHalf(read.text, 'up') ?? (/\.down\.sql$/i.test(name) ? null : marked ? read.text : otherToolsUp(read.text))
  return up === null ? null : sqlCode(up, dialect)
}

/**
 * Why the file `file`, named like a migration, could not be opened (readUpPart gave null): a
 * link to nothing, a file that cannot be read; null when it is not there at all (removed since
 * the folder was listed), for MIGRATION_NOT_READ.
 */
function whyNotOpened(file) {
  try {
    fs.statSync(file)
  } catch (e) {
    try {
      if (!fs.lstatSync(file).isSymbolicLink()) return null
    } catch {
      return null
    }
    return e.code === 'ENOENT' ? 'it is a link to a file that does not exist' : `it is a link that cannot be followed (${e.code})`
  }
  try {
    fs.accessSync(file, fs.constants.R_OK)
  } catch (e) {
    return `it cannot be read (${e.code})`
  }
  return 'reading it failed'
}

/**
 * The down half's marker of the migration tools that keep both halves in one file: goose
 * (`-- +goose Down`), sql-migrate (`-- +migrate Down`) and dbmate (`-- migrate:down`).
 */
const OTHER_TOOLS_DOWN = /^[ \t]*--[ \t]*(?:\+goose[ \t]+down|\+migrate[ \t]+down|migrate:down)\b/im

/**
 * A migration file without this tool's markers: what runs going up, which is all of it but
 * the down half of a goose, sql-migrate or dbmate file (from its marker on; a review found such a
 * file's down half, which creates again the table its up half drops, read as run).
 */
function otherToolsUp(text) {
  const down = OTHER_TOOLS_DOWN.exec(text)
  return down ? text.slice(0, down.index) : text
}

/**
 * `look(up)` of the up half of the earlier migration `name` in `dir` (readUp), or null when it is
 * not read. A RangeError while reading it (a regular expression's stack, or a string's length,
 * run out on a hostile file: a quoted name never closed in 20 MB overflowed the stack before its
 * length was bounded) passes the file over as not read too, in `passed.unread` for MIGRATION_NOT_READ,
 * rather than failing the command with INTERNAL_ERROR.
 */
function lookInto(dir, name, passed, dialect, look) {
  try {
    const up = readUp(dir, name, passed, dialect)
    return up === null ? null : look(up)
  } catch (e) {
    if (!(e instanceof RangeError)) throw e
    passed.unread.set(name, `reading it failed: ${e.message}`)
    return null
  }
}

/**
 * The earlier migrations in `dir` (by `NNN_` or timestamp prefix; other than the file `result`
 * is written as, unless `numbered`, which takes a number of its own) after which a table
 * `result` creates is there, newest first, each with the tables it is the newest to make:
 * `{ file, tables: { table, verb, from? }[] }[]` (`table` the spec's name; `verb` what that
 * migration does to it, tableChanges's `how`: `creates`, `renames` it `from` another name, or
 * `rebuilds`). Every such table is named once, so that leaving out the tables of the first error
 * does not only bring up the next. Empty when there is none (or the folder cannot be read). A
 * table is made by any CREATE TABLE of tableChanges (with or without IF NOT EXISTS, as a
 * migration from --previous writes it, quoted or not, hand-written), or by renaming a table to
 * its name; one dropped or renamed away by a newer migration is created again with no repeat.
 * A migration that rebuilds a table (SQLite's `RENAME TO _mg_old_t`, then `CREATE TABLE t`) did
 * not make it: the older migration that did is named, or the rebuild when none is found (the
 * table was there where it ran). Only the up half counts: the down half creates again the
 * tables the up half drops. Names are compared without case.
 */
function tablesCreatedBefore(dir, result, numbered, passed) {
  /** The tables this migration creates: lowercase name → the spec's name. */
  const created = new Map((result.metadata.operations ?? []).filter((o) => o && o.operation === 'CREATE' && typeof o.table === 'string').map((o) => [o.table.toLowerCase(), o.table]))
  if (created.size === 0) return []
  const earlier = earlierMigrations(dir, result, numbered)
  /** File name → what it makes of the tables it is the newest to make. */
  const found = new Map()
  const add = (file, entry) => {
    if (!found.has(file)) found.set(file, [])
    found.get(file).push(entry)
  }
  /** Tables a migration rebuilds, whose maker is looked for in older ones: lowercase name → the newest such file. */
  const rebuiltIn = new Map()
  /** The table `t` no older migration is looked into for: said as the rebuild, when it is one. */
  const settle = (t) => {
    if (rebuiltIn.has(t)) add(rebuiltIn.get(t), { table: created.get(t), verb: 'rebuilds' })
    created.delete(t)
  }
  for (const f of earlier) {
    const seen = lookInto(dir, f.name, passed, result.metadata.databaseType, (up) => {
      const changes = tableChanges(up)
      return { there: changes.there, how: changes.how, gone: goneIn(up, changes).tables }
    })
    if (!seen) continue
    // Created, or renamed to that name (renamedFrom), and not dropped or renamed away after in
    // the same migration (a scratch table of a hand-written one): there where that migration ran.
    for (const t of seen.there) {
      if (!created.has(t)) continue
      const how = seen.how.get(t)
      if (how.verb === 'rebuilds') {
        if (!rebuiltIn.has(t)) rebuiltIn.set(t, f.name)
        continue
      }
      add(f.name, { table: created.get(t), ...how })
      rebuiltIn.delete(t)
      created.delete(t)
    }
    // Dropped or renamed away in this (newer) migration, and not made again in it: creating it
    // again is no repeat.
    for (const t of seen.gone) if (created.has(t) && !seen.there.has(t)) settle(t)
    if (created.size === 0) break
  }
  for (const t of [...rebuiltIn.keys()]) if (created.has(t)) settle(t)
  return earlier.filter((f) => found.has(f.name)).map((f) => ({ file: f.name, tables: found.get(f.name) }))
}

/**
 * What an earlier migration does to the tables TABLE_CREATED_BEFORE names (tablesCreatedBefore's
 * `tables`), as its message says it: `creates 'a' and 'b', renames 'comments' to 'post_comments'
 * and rebuilds 'orders'` (each list as nameList and listOf cut it).
 */
function whatItMakes(tables) {
  const of = (verb) => tables.filter((t) => t.verb === verb)
  const parts = []
  if (of('creates').length > 0) parts.push(`creates ${nameList(of('creates').map((t) => t.table))}`)
  if (of('renames').length > 0) parts.push(`renames ${listOf(of('renames').map((t) => `'${clip(t.from)}' to '${clip(t.table)}'`))}`)
  if (of('rebuilds').length > 0) parts.push(`rebuilds ${nameList(of('rebuilds').map((t) => t.table))} (there before it ran)`)
  return listOf(parts)
}

/**
 * The up or down half of a migration file's text: the lines after its `-- UP MIGRATION` marker
 * up to its `-- DOWN MIGRATION` marker, or the lines after that, without the blank lines around
 * them; null when the text does not have each marker once, in that order (the generator never
 * writes another line that reads as one).
 */
function migrationHalf(text, which) {
  const raw = text.split('\n')
  // In a loop: an array made for each line (flatMap) took seconds on a file of millions of lines.
  const at = (marker) => {
    const found = []
    for (let i = 0; i < raw.length; i++) if (raw[i].trimStart().startsWith(marker)) found.push(i)
    return found
  }
  const up = at('-- UP MIGRATION')
  const down = at('-- DOWN MIGRATION')
  if (up.length !== 1 || down.length !== 1 || up[0] > down[0]) return null
  // A file whose line breaks became CRLF (an editor, git's autocrlf) is printed with LF. In a
  // file with LF line breaks, as the generator writes it, a CR before a line break is text from
  // the database (a string in a trigger's body) and is kept: dropping it changed the trigger.
  const lines = raw[up[0]].endsWith('\r') ? raw.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) : raw
  const body = which === 'up' ? lines.slice(up[0] + 1, down[0]) : lines.slice(down[0] + 1)
  // Sliced once at the first and last line with text: shifting blank lines off one by one
  // re-indexed the array each time (seconds for a file with 200,000 leading blank lines).
  const first = body.findIndex((l) => l.trim() !== '')
  if (first === -1) return ''
  let last = body.length - 1
  while (body[last].trim() === '') last--
  return `${body.slice(first, last + 1).join('\n')}\n`
}

module.exports = { earlierMigrationsRepeated, earlierRepeatedErrors, EARLIER_CODES, migrationHalf, readUpPart }
