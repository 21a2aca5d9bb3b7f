'use strict'
/**
 * The `migration-generator` command line. `main(argv, io)` runs one command and returns its exit
 * code (0 success, 1 validation errors or a failed write/read, 2 usage errors, 130/143 a write
 * interrupted by SIGINT/SIGTERM); bin/ calls it.
 * Arguments are parsed with Node's `util.parseArgs`. With `--json`, stdout is exactly one JSON
 * object whatever happens, usage errors included (`{ ok: false, error: { code, message } }`).
 */
const fs = require('node:fs')
const path = require('node:path')
const { parseArgs } = require('node:util')
/**
 * The package's API, loaded on first use: --help and --version answer without the native
 * addon, and an addon that cannot be loaded (a platform without a prebuilt binary, a broken
 * install) is one line, not the loader's stack of causes.
 */
let loadedApi
function api() {
  if (loadedApi === undefined) {
    try {
      loadedApi = require('../index.js')
    } catch (err) {
      // Any other error loading the package is its own (an internal error).
      if (err && err.code === 'ADDON_UNAVAILABLE') throw new AddonUnavailable(err)
      throw err
    }
  }
  return loadedApi
}
/** The addon did not load: `lib/addon.js`'s one-line message. */
class AddonUnavailable extends Error {
  constructor(cause) {
    super(cause.message)
    this.code = 'ADDON_UNAVAILABLE'
  }
}
const { planMigrationFiles, planTypeFiles, asWritten, noChanges: hasNoChanges, numberingRefusal, folderInTheWay } = require('./files.js')
const { isInside, rel } = require('./fs-helpers.js')
const { earlierMigrationsRepeated, EARLIER_CODES, migrationHalf, readUpPart } = require('./earlier-migrations.js')
const { MigrationGeneratorError } = require('./errors.js')
const { ofAnotherDialect } = require('./migration-header.js')
const { listOf } = require('./name-list.js')

const EXIT_OK = 0
const EXIT_INVALID = 1
const EXIT_USAGE = 2
const DIALECTS = ['sqlite', 'postgresql', 'mysql']
const NAME = 'migration-generator'

/**
 * What `up --help` and `down --help` say about piping a half into psql and mysql (checked on
 * PostgreSQL 15 and MariaDB 10.11: a second CREATE of one table failing).
 */
const PIPE_HINTS = `psql runs each statement on its own and goes on after an error (exit code 0): give it
-1 (--single-transaction), one transaction for the whole script, and -v ON_ERROR_STOP=1, which
stops at the first error (exit code 3), so that a failure leaves nothing applied. mysql stops at
the first error, but MySQL commits each DDL statement (CREATE, ALTER, DROP) as it runs, even
inside a transaction: the statements before the failing one stay applied. Try the migration on
a copy of the database first. Give mysql --default-character-set=utf8mb4: the MariaDB client's
default, utf8mb3, cannot send a character beyond the Basic Multilingual Plane (an emoji), so a
default of '😀' fails (ERROR 1067 Invalid default value).`

const HELP = {
  main: `Usage: ${NAME} <command> [options]

Database migrations (SQLite, PostgreSQL, MySQL) from a JSON schema spec.

Commands:
  generate SPEC.json    generate the migration (and its types) and write the files
  check SPEC.json...    validate specs only; exit code 1 when one has errors
  introspect DB_PATH    print the schema of a SQLite database, or the spec pulled from it
  up MIGRATION.sql      print only the up half of a migration file (to run it)
  down MIGRATION.sql    print only the down half of a migration file
  (a file argument of - reads the spec or the migration from standard input; into PostgreSQL
  all or nothing: ${NAME} up FILE | psql -1 -v ON_ERROR_STOP=1 -d DB, see up --help)

Options:
  -h, --help            show help (also: ${NAME} <command> --help)
  -v, --version         show the version
  --json                with any command: stdout is one JSON object, errors included
                        ({ "ok": false, "error": { "code", "message" } }; see the README)

Exit codes: 0 success; 1 validation errors, a file that could not be written, a database that
could not be read, or DUPLICATE_MIGRATION; 2 usage errors: an unknown command or option, an
option value it does not take, a missing argument, a spec file that cannot be read, is not JSON
or has a number JSON.parse changes, a --db or DB_PATH that does not exist, --db with --previous,
an option without the one it needs (--fail-on-changes or --drop-tables-not-in-spec without a
database), an empty option value, a file given to up
or down that cannot be read or is not a migration file, a working folder that no longer exists;
130 / 143 generate interrupted by SIGINT / SIGTERM while writing (what it made is removed).
Colors on a terminal only; NO_COLOR=1 turns them off, FORCE_COLOR=1 forces them.`,
  generate: `Usage: ${NAME} generate SPEC.json [options]

Generates the migration for SPEC.json and writes it to database/migrations/ (never
overwriting an existing migration), and, when the spec has "generateTypes": true or --types is
given, one .d.ts per table plus index.d.ts to types/generated/db/. Nothing is written when the
spec has validation errors; when there is nothing to change (NO_CHANGES: exit 0), only the
types asked for are written, no migration; nothing is written when the newest migration in the folder already has the same up migration (DUPLICATE_MIGRATION:
exit 1; apply or delete it first). Without --db, a table an earlier migration in the folder
already creates is a TABLE_CREATED_BEFORE error, nothing written (where the earlier migration
ran, that CREATE does nothing, the indexes and constraints after it can fail, and the down
migration drops the table); --recreate makes it a warning. With --db, a table or column an
earlier migration in the folder already creates or adds means the database is behind the
folder (that migration not applied to it): TABLE_CREATED_BEFORE / COLUMN_ADDED_BEFORE error
(RENAMED_BEFORE for a rename it already makes), nothing written; apply the folder's migrations
first (--recreate as above).

Options:
  --db PATH             SQLite database to compare against (sets existingDbPath): only the
                        difference is generated
  --previous SPEC.json  the spec the database was last migrated to (the earlier version of
                        SPEC.json, e.g. from git show); the migration ALTERs the tables it
                        has into the new spec's (sets previousSpec; not with --db)
  --dialect NAME        sqlite, postgresql or mysql (overrides the spec's databaseType)
  --out DIR             folder for the migration file (default database/migrations)
  --types DIR           folder for the type files (default types/generated/db; implies types)
  --now ISO             the instant for the file name and header (e.g. 2026-02-09T12:00:00Z)
  --description TEXT    what the migration does, for its file name (overrides the spec's
                        description, e.g. add_phone_to_users)
  --allow-data-loss     allow dropping columns and narrowing types
  --drop-tables-not-in-spec
                        with --db (or --previous) and --allow-data-loss: drop the
                        database's tables the spec leaves out (sets dropTablesNotInSpec)
  --self-check MODE     full (default: every generated statement checked, SQLite running up
                        and down in memory, PostgreSQL and MySQL statements parsed) or
                        expressions (faster: a migration that only creates tables has only
                        the spec's expressions checked); sets selfCheck
  --strict              a field the spec does not know (UNKNOWN_FIELD, e.g. a misspelt
                        "indexs", ignored otherwise), with --db a change the rows of the
                        database refuse (ROWS_REFUSE_CHANGE), with --previous a column
                        or table kept because the spec leaves it out (COLUMN_NOT_IN_SPEC,
                        TABLE_NOT_IN_SPEC), and two migrations of one number or timestamp
                        (DUPLICATE_NUMBER) or numbered and timestamped names in the --out
                        folder (MIXED_FILE_NAMES) are errors: nothing is written
  --recreate            create again tables (with --db, add again columns) an earlier
                        migration in the folder creates (they were dropped since);
                        TABLE_CREATED_BEFORE, COLUMN_ADDED_BEFORE and RENAMED_BEFORE are
                        then warnings
  --dry-run             write nothing: print the migration and the files it would write
  --json                print one JSON object (the result and the paths) instead of text
  -h, --help            show this help
  -v, --version         show the version`,
  check: `Usage: ${NAME} check SPEC.json... [options]

Validates each SPEC.json without writing anything. Exit code 0 when every one is valid
(warnings are printed), 1 when one has errors: for CI and pre-commit hooks (lint-staged passes
every staged file). A file that cannot be read or is not JSON is reported with its path and
the others are still checked; the exit code is then 2. --json prints { "ok", "files": [{ "file",
"ok", "validation" }] } for one file as for several (a file not read: { "file", "ok": false,
"error" }); with one file, "validation" is also at the top.

Output: errors and warnings, and the line of a file that is invalid or could not be checked,
go to stderr; the line of a valid file ("✔ … is valid") to stdout. With --json, the one JSON
object goes to stdout whatever the outcome (usage errors too) and nothing to stderr: the exit
code says valid (0), invalid (1) or usage error (2).

Options:
  --db PATH             SQLite database to compare against (sets existingDbPath)
  --previous SPEC.json  the spec the database was last migrated to (sets previousSpec):
                        check the change from it (not with --db)
  --dialect NAME        sqlite, postgresql or mysql (overrides the spec's databaseType)
  --out DIR             the migrations folder generate writes to (default
                        database/migrations): when it exists, a spec whose migration is the
                        newest there is up to date (exit 0); otherwise a table an earlier
                        migration there already creates is TABLE_CREATED_BEFORE, as generate says
                        (with --db also COLUMN_ADDED_BEFORE, RENAMED_BEFORE); a numbered
                        spec generate refuses there (beside timestamped migrations, or 1000
                        after 999_x.sql) is NUMBERING_EXHAUSTED, and a file in its place
                        WRITE_FAILED; two migrations of one number or timestamp
                        (DUPLICATE_NUMBER) and numbered names beside timestamped ones
                        (MIXED_FILE_NAMES) are warnings
  --recreate            as generate's: those are then warnings
  --allow-data-loss     check the migration generate --allow-data-loss would write
  --drop-tables-not-in-spec
                        with --db (or --previous) and --allow-data-loss: check it with
                        the tables the spec leaves out dropped (sets dropTablesNotInSpec;
                        without --allow-data-loss, a table to drop is a DATA_LOSS error)
  --self-check MODE     full (default) or expressions; sets selfCheck
  --strict              a field the spec does not know (UNKNOWN_FIELD), with --db a change
                        the rows of the database refuse (ROWS_REFUSE_CHANGE), with
                        --previous a column or table kept because the spec leaves it out
                        (COLUMN_NOT_IN_SPEC, TABLE_NOT_IN_SPEC), and in the --out folder
                        DUPLICATE_NUMBER and MIXED_FILE_NAMES are errors, not warnings:
                        for CI and hooks
  --fail-on-changes     with --db: exit code 1 when the database does not match the spec yet
                        (generate would write a migration), naming the tables it would change:
                        for CI, against a database built from the migrations folder
  --json                print the validation report as JSON
  -h, --help            show this help
  -v, --version         show the version`,
  introspect: `Usage: ${NAME} introspect DB_PATH [options]

Prints the tables of a SQLite database as a spec has them: columns, keys, indexes and foreign
keys. A table a spec cannot describe (a name that is not snake_case, a virtual table, …) is
counted apart and listed with the reason it is left out.

Options:
  --json                print the database as a MigrationSpec (JSON) instead
  --dialect NAME        databaseType of the printed spec (default sqlite)
  -h, --help            show this help
  -v, --version         show the version`,
  up: `Usage: ${NAME} up MIGRATION.sql [options]

Prints the up half of a migration file this tool wrote: the SQL between "-- UP MIGRATION" and
"-- DOWN MIGRATION". A migration file holds both halves, so running the whole file runs the up
migration and then the down migration, which undoes it. Run this half instead, for example:
  ${NAME} up database/migrations/20260209120000_create_users.sql | sqlite3 -bail app.db
  ${NAME} up FILE | psql -1 -v ON_ERROR_STOP=1 -d DB
  ${NAME} up FILE | mysql --default-character-set=utf8mb4 DB

${PIPE_HINTS}

Options:
  --json                print { "ok": true, "sql": "…" } instead
  -h, --help            show this help
  -v, --version         show the version`,
  down: `Usage: ${NAME} down MIGRATION.sql [options]

Prints the down half of a migration file this tool wrote: the SQL after "-- DOWN MIGRATION",
which undoes the up half. Pipe it as the up half, for example:
  ${NAME} down FILE | psql -1 -v ON_ERROR_STOP=1 -d DB

${PIPE_HINTS}

Options:
  --json                print { "ok": true, "sql": "…" } instead
  -h, --help            show this help
  -v, --version         show the version`,
}

/** The options each command parses (with `util.parseArgs`); each is in its --help text and in the README. */
const OPTIONS = {
  generate: {
    db: { type: 'string' },
    previous: { type: 'string' },
    dialect: { type: 'string' },
    out: { type: 'string' },
    types: { type: 'string' },
    now: { type: 'string' },
    description: { type: 'string' },
    'allow-data-loss': { type: 'boolean' },
    'drop-tables-not-in-spec': { type: 'boolean' },
    'self-check': { type: 'string' },
    strict: { type: 'boolean' },
    recreate: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  check: {
    db: { type: 'string' },
    previous: { type: 'string' },
    dialect: { type: 'string' },
    out: { type: 'string' },
    recreate: { type: 'boolean' },
    'allow-data-loss': { type: 'boolean' },
    'drop-tables-not-in-spec': { type: 'boolean' },
    'self-check': { type: 'string' },
    strict: { type: 'boolean' },
    'fail-on-changes': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  introspect: {
    json: { type: 'boolean' },
    dialect: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  up: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  down: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
}
// --version, as --help, answers on every command (`generate --version`).
for (const options of Object.values(OPTIONS)) options.version = { type: 'boolean', short: 'v' }

/**
 * A usage problem: one line on stderr (with --json, `{ ok: false, error }` on stdout), exit
 * code 2. `code` is `USAGE` for the command line itself; a file named on it that cannot be used
 * has its own code (SPEC_UNREADABLE, SPEC_NOT_JSON, DB_NOT_FOUND) and `path`.
 */
class UsageError extends Error {
  /**
   * @param {string} message one line, without the --help hint
   * @param {{ hint?: boolean, code?: string, path?: string }} [details] `hint`: whether the text
   *   line points at --help (default true)
   */
  constructor(message, details = {}) {
    super(message)
    this.hint = details.hint ?? true
    this.code = details.code ?? 'USAGE'
    if (details.path !== undefined) this.path = details.path
  }
}

/** A usage problem with a file named on the command line: its own code and path, no hint. */
const fileUsageError = (code, message, file) => new UsageError(message, { hint: false, code, path: file })

/** ANSI styles, or none when the stream is not a terminal (or NO_COLOR is set). */
function painter(stream, env) {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  const on = forced || (Boolean(stream && stream.isTTY) && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '') && env.TERM !== 'dumb')
  const wrap = (open, close) => (s) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : String(s))
  return { on, red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39), bold: wrap(1, 22), dim: wrap(2, 22) }
}

/**
 * The text of a file's bytes: UTF-8, or UTF-16 when it starts with a UTF-16 byte order mark
 * (what Windows PowerShell 5's `>` writes: `introspect app.db --json > spec.json`), without the
 * byte order mark (which Windows editors and PowerShell's UTF-8 also put first). A string is
 * taken as it is, less a byte order mark.
 */
function decodeText(data, strict = false) {
  let text
  if (typeof data === 'string') text = data
  else if (data[0] === 0xff && data[1] === 0xfe) text = data.subarray(2).toString('utf16le')
  else if (data[0] === 0xfe && data[1] === 0xff) text = Buffer.from(data.subarray(2, data.length - (data.length % 2))).swap16().toString('utf16le')
  else if (strict) text = strictUtf8(data)
  else text = data.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * The UTF-8 text of `data`, or an error (code ENOTUTF8) saying where it is not UTF-8: read
 * leniently, each bad byte became U+FFFD in the names and the migration's header without a
 * word (a hostile-input trial), and UTF-16 without its byte order mark was "Expected property
 * name" at column 2.
 */
function strictUtf8(data) {
  // UTF-16 text of ASCII characters is valid UTF-8, a zero byte beside each one.
  const utf16 = data.length >= 2 && (data[0] === 0 || data[1] === 0)
  const fail = (why) => Object.assign(new Error(`${why}; save it as UTF-8`), { code: 'ENOTUTF8' })
  if (utf16) throw fail('it looks like UTF-16 without a byte order mark')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch {
    throw fail(`it is not UTF-8 text (near byte ${firstBadUtf8Byte(data)})`)
  }
}

/** The offset of the first byte of `data` that does not begin or continue a UTF-8 character. */
function firstBadUtf8Byte(data) {
  let lo = 0
  let hi = data.length
  // The longest prefix that decodes: a bad byte lies just past it.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(0, mid), { stream: true })
      lo = mid
    } catch {
      hi = mid - 1
    }
  }
  return lo
}

/**
 * How much of a spec file is read: the core refuses a spec over 64 MiB of JSON (LIMIT_EXCEEDED),
 * which UTF-16 makes up to twice as many bytes; past this the file cannot be a spec (a database
 * dump named by mistake, /dev/zero), and reading it all would only exhaust memory.
 */
const SPEC_READ_CAP = 160 * 1024 * 1024
/** How much of a migration file is read (about what a string of Node can hold). */
const MIGRATION_READ_CAP = 480 * 1024 * 1024

/** The bytes of a file (or of a file descriptor), refusing one larger than `cap` bytes. */
function readCapped(file, cap) {
  const fd = typeof file === 'number' ? file : fs.openSync(file, 'r')
  try {
    const chunks = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, cap + 1 - total))
      let n
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null)
      } catch (err) {
        // A pipe or terminal in non-blocking mode with nothing to read yet.
        if (err.code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
          continue
        }
        throw err
      }
      if (n === 0) break
      chunks.push(chunk.subarray(0, n))
      total += n
      if (total > cap) throw Object.assign(new Error(`it is larger than ${cap / 1024 / 1024} MiB`), { code: 'ETOOBIG' })
    }
    return Buffer.concat(chunks, total)
  } finally {
    if (typeof file !== 'number') fs.closeSync(fd)
  }
}

/** The argument that names standard input instead of a file. */
const STDIN = '-'
/** A file argument as messages name it. */
const shown = (file) => (file === STDIN ? '(stdin)' : file)

/**
 * Reads and parses a spec file; a missing or non-JSON file is a usage error, naming the file as
 * `label` (`spec`, or `--previous spec` for the file of that option).
 */
function readSpec(file, io, label = 'spec') {
  if (!file) throw new UsageError('missing SPEC.json argument')
  const { cwd } = io
  // `-` is standard input (`jq … spec.json | migration-generator check -`); an existingDbPath
  // in it is relative to the working folder.
  const stdin = file === STDIN
  const full = stdin ? path.join(cwd, STDIN) : path.resolve(cwd, file)
  let text
  try {
    text = decodeText(stdin ? io.readStdin(SPEC_READ_CAP) : readCapped(full, SPEC_READ_CAP), true)
  } catch (err) {
    if (err.code === 'ENOTUTF8') throw fileUsageError('SPEC_NOT_JSON', `${label} ${shown(file)} is not valid JSON: ${err.message}`, stdin ? undefined : full)
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.code === 'EACCES' ? 'permission denied' : err.message
    throw fileUsageError('SPEC_UNREADABLE', `cannot read ${label} ${shown(file)}: ${why}`, stdin ? undefined : full)
  }
  file = shown(file)
  let spec
  try {
    spec = JSON.parse(text)
  } catch (err) {
    throw fileUsageError('SPEC_NOT_JSON', `${label} ${file} is not valid JSON: ${jsonProblem(text, String(err.message))}`, stdin ? undefined : full)
  }
  // JSON.parse keeps the last of a key given twice: the file would mean what its later key says
  // while an edit of the earlier one (a fix the errors suggest) changes nothing.
  const duplicate = require('./duplicate-keys.js').firstDuplicateKey(text)
  if (duplicate) {
    const { path: at, key, first, second } = duplicate
    throw fileUsageError('SPEC_DUPLICATE_KEY', `${label} ${file} gives the key ${JSON.stringify(key)} twice at ${visible(at)} (line ${first.line}, column ${first.column} and line ${second.line}, column ${second.column}); JSON.parse keeps the second one only: remove one of them`, stdin ? undefined : full)
  }
  const changed = roundedDefault(text, spec)
  if (changed) {
    const [written, read] = changed
    const why = Number.isFinite(Number(read)) ? 'a JavaScript number keeps about 15 significant digits' : 'it is past the largest JavaScript number'
    throw fileUsageError('SPEC_NUMBER_ROUNDED', `${label} ${file} has the number ${written}, which JSON.parse reads as ${read} (${why}): write the default as { "expression": "${written}" }`, stdin ? undefined : full)
  }
  return { spec, dir: path.dirname(full) }
}

/**
 * The first number default of a spec, other than a REAL column's, that JSON.parse changed, as
 * [written, read]. A REAL column holds a double, so its default is exactly what JavaScript read
 * (the core takes it); the text's `"default": number`s are matched with the parsed columns'
 * number defaults in the order both come in.
 */
function roundedDefault(text, spec) {
  const changed = numberJsonParseChanges(text)
  if (changed.length === 0) return null
  const types = []
  for (const t of Array.isArray(spec?.tables) ? spec.tables : []) {
    for (const c of Array.isArray(t?.columns) ? t.columns : []) if (typeof c?.default === 'number') types.push(c.type)
  }
  const found = changed.find(({ index }) => types[index] !== 'REAL')
  return found ? [found.written, found.read] : null
}

/**
 * The `"default": number`s of a JSON text that JSON.parse turns into another number, each as
 * { index (among the text's number defaults), written, read }: `9007199254740993` (read as
 * 9007199254740992), `0.100000000000000001` (0.1). The core sees only what JavaScript read, and
 * refuses a default past 2^53 or of more than 15 significant digits, but a long fraction that
 * rounds to a short one passes it (a review); only the text still has the digits written. (Only
 * defaults: other numbers of a spec are small.)
 */
function numberJsonParseChanges(text) {
  const { canonicalDecimal } = require('./drivers.js')
  const defaultNumber = /"default"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/y
  const out = []
  let index = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue
    defaultNumber.lastIndex = i
    const m = defaultNumber.exec(text)
    if (m) {
      const read = Number(m[1])
      if (!Number.isFinite(read) || canonicalDecimal(String(read)) !== canonicalDecimal(m[1])) out.push({ index, written: m[1], read: String(read) })
      index++
    }
    // Past the string, its escapes included.
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
  }
  return out
}

/**
 * What is wrong with a JSON text, as a person needs it to find it in the file: the parser's
 * words without its position in characters or its quote of the text (which may span lines), then
 * the line and column, and what JSON does not allow when the text has a comment or a comma before
 * `}` or `]` (what a JavaScript or JSONC file may have).
 */
function jsonProblem(text, message) {
  if (text.trim() === '') return 'the file is empty'
  const words = message.replace(/( in JSON)? at position \d+.*$/s, '').replace(/, (\.\.\.)?".*$/s, '')
  const at = jsonErrorOffset(text, message)
  const before = text.slice(0, at)
  const line = before.split('\n').length
  const column = at - before.lastIndexOf('\n')
  const where = at >= text.length ? `the end of the file (line ${line})` : `line ${line}, column ${column}`
  const ch = text[at]
  const hint =
    ch === '/' && (text[at + 1] === '/' || text[at + 1] === '*')
      ? ' (JSON has no comments)'
      : (ch === '}' || ch === ']') && before.trimEnd().endsWith(',')
        ? ` (JSON allows no comma before ${ch})`
        : ''
  return `${words} at ${where}${hint}`
}

/**
 * The offset of the character JSON.parse stopped at: the position in its message, or, when the
 * message has none (`Unexpected token`), the length of the longest start of the text that is
 * still the start of some JSON (found by halving; only on this error path).
 */
function jsonErrorOffset(text, message) {
  const given = / at position (\d+)/.exec(message)
  if (given) return Math.min(Number(given[1]), text.length)
  const viable = (n) => {
    try {
      JSON.parse(text.slice(0, n))
      return true
    } catch (e) {
      const m = String(e.message)
      const p = / at position (\d+)/.exec(m)
      return m.startsWith('Unexpected end of JSON input') || (p !== null && Number(p[1]) >= n)
    }
  }
  if (viable(text.length)) return text.length
  let lo = 0
  let hi = text.length
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (viable(mid)) lo = mid
    else hi = mid
  }
  return lo
}

/** Applies the command-line overrides to a parsed spec (`io`: to read --previous). */
function applyOptions(spec, dir, values, io) {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return spec
  const { cwd } = io
  const out = { ...spec }
  if (values.previous !== undefined) {
    const previous = readSpec(values.previous, io, '--previous spec').spec
    // The API reads a null previousSpec as none; a file holding null is a mistake.
    if (previous === null) throw fileUsageError('SPEC_NOT_JSON', `--previous ${shown(values.previous)} holds null, not a spec`, values.previous === STDIN ? undefined : path.resolve(cwd, values.previous))
    out.previousSpec = values.dialect !== undefined && previous && typeof previous === 'object' && !Array.isArray(previous) ? { ...previous, databaseType: values.dialect } : previous
  }
  if (values.dialect !== undefined) {
    if (!DIALECTS.includes(values.dialect)) throw new UsageError(`--dialect must be sqlite, postgresql or mysql, not '${values.dialect}'`)
    out.databaseType = values.dialect
  }
  if (values.db !== undefined) {
    const db = path.resolve(cwd, values.db)
    if (!fs.existsSync(db)) throw fileUsageError('DB_NOT_FOUND', `database ${values.db} not found (--db)`, db)
    out.existingDbPath = db
  } else if (typeof out.existingDbPath === 'string' && out.existingDbPath !== '') {
    // A path in the spec file is relative to the spec file.
    out.existingDbPath = path.resolve(dir, out.existingDbPath)
  }
  if (values.now !== undefined) {
    // The forms the core reads (RFC 3339, or a date and time without zone, taken as UTC), so
    // that a mistyped --now is a usage error; the core still checks the value.
    const form = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$/
    const upper = values.now.toUpperCase().replace(' ', 'T')
    const instant = /Z|[+-]\d{2}:\d{2}$/.test(upper.slice(10)) ? upper : `${upper}Z`
    if (!form.test(values.now) || Number.isNaN(Date.parse(instant))) throw new UsageError(`--now must be an ISO-8601 instant such as 2026-02-09T12:00:00Z, not '${values.now}'`)
    out.now = values.now
  }
  if (values.description !== undefined) out.description = values.description
  if (values['allow-data-loss']) out.allowDataLoss = true
  if (values['drop-tables-not-in-spec']) out.dropTablesNotInSpec = true
  if (values['self-check'] !== undefined) {
    if (!['full', 'expressions'].includes(values['self-check'])) throw new UsageError(`--self-check must be full or expressions, not '${values['self-check']}'`)
    out.selfCheck = values['self-check']
  }
  if (values.types !== undefined) out.generateTypes = true
  return out
}

/**
 * Throws the usage error of --drop-tables-not-in-spec given on the command line where there is
 * no database whose tables it would drop: no --db or --previous, and neither existingDbPath nor
 * previousSpec in the spec `file` (`applied`: the spec with the options applied). A flag that
 * needs another is a usage error (exit 2), as --fail-on-changes without --db is; it was the
 * core's INVALID_SPEC (exit 1), as if the spec were wrong (a CLI trial). The spec's own
 * `dropTablesNotInSpec: true` without a database is the core's TABLE_NOT_IN_SPEC warning (nothing
 * to drop: a spec that keeps the field for good makes its first migration too).
 */
function dropTablesNeedDatabase(applied, values, file) {
  if (!values['drop-tables-not-in-spec'] || applied === null || typeof applied !== 'object' || Array.isArray(applied)) return
  if (applied.existingDbPath != null || applied.previousSpec != null) return
  throw new UsageError(`--drop-tables-not-in-spec needs a database: --db DATABASE or --previous SPEC.json, or existingDbPath or previousSpec in the spec (${shown(file)} has neither); it drops the tables of that database the spec leaves out`)
}

/**
 * The lines of one issue: code, where, message, suggestion. Its names and message may quote a
 * database read with --db (COLUMN_NOT_IN_SPEC names its columns), so they are made `visible`.
 * `previous`: the --previous file as the user gave it, which an issue of that spec (the core's
 * "previousSpec: " before its message) names: `--previous specs/v1.json: 'integer' is not a
 * column type` (put in after the flags are, which would read a file named `previousSpec.json`).
 */
function issueLines(issue, c, previous) {
  const where = visible([issue.table, issue.column, issue.constraint].filter(Boolean).join('.'))
  const label = issue.type === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'))
  const own = previous !== undefined && ofPrevious(issue)
  const text = withFlags(visible(own ? String(issue.message).replace(/^previousSpec: /, '') : issue.message), previous)
  const message = own ? `--previous ${previous}: ${text}` : text
  const lines = [`${label} ${c.bold(visible(issue.code))}${where ? ` ${c.cyan(where)}` : ''}: ${message}`]
  // (A suggestion names the option, as in its list of the spec's fields: not the file.)
  if (issue.suggestion) lines.push(`  ${c.dim(`→ ${withFlags(visible(issue.suggestion))}`)}`)
  return lines
}

/** Whether an issue is one of previousSpec's own (the core puts "previousSpec: " before its message). */
const ofPrevious = (issue) => /^previousSpec: /.test(String(issue?.message))

/** Spec fields that messages name, with the option that sets each on the command line. */
// Not inside quotes: a name quoted from a database read with --db (a column 'databaseType').
const FIELD_FLAGS = [
  [/(?<!['"])\ballowDataLoss(: true)?\b(?!['"])`?/g, () => '--allow-data-loss'],
  [/(?<!['"])\bdropTablesNotInSpec\b(?!['"])`?/g, () => '--drop-tables-not-in-spec'],
  [/(?<!['"])\bexistingDbPath\b(?!['"])`?/g, () => '--db'],
  [/(?<!['"])\bpreviousSpec\b(?!['"])`?/g, (_mode, previous) => (previous !== undefined ? `--previous ${previous}` : '--previous')],
  [/(?<!['"])\bdatabaseType\b(?!['"])`?/g, () => '--dialect'],
  [/(?<!['"])\bselfCheck(: '(full|expressions)'|\b(?!['"]))`?/g, (mode) => `--self-check${mode ? ` ${mode}` : ''}`],
]

/**
 * A message of the core, which names spec fields (`set allowDataLoss: true`), with the option
 * that sets each field beside it, for a person at the command line who may never have written
 * the field: `set allowDataLoss: true (--allow-data-loss)`.
 */
function withFlags(text, previous) {
  let out = text
  for (const [re, flag] of FIELD_FLAGS) out = out.replace(re, (m, _whole, mode) => `${m} (${flag(mode, previous)})`)
  return out
}

/** Prints a result's errors and warnings to stderr (`values`: the options, for the --previous file they name). */
function printIssues(result, io, c, values) {
  const previous = values?.previous !== undefined ? visible(shown(values.previous)) : undefined
  const lines = []
  for (const issue of [...result.validation.errors, ...result.validation.warnings]) lines.push(...issueLines(issue, c, previous))
  if (lines.length) io.stderr.write(`${lines.join('\n')}\n`)
}

const summary = (result) => {
  const e = result.validation.errors.length
  const w = result.validation.warnings.length
  return `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`
}

/** The project folder for writeMigrationFiles: the nearest existing folder holding both targets. */
function commonRoot(cwd, dirs) {
  let root = dirs.reduce((acc, d) => {
    let a = acc
    while (!(d === a || d.startsWith(a.endsWith(path.sep) ? a : a + path.sep))) a = path.dirname(a)
    return a
  })
  while (!fs.existsSync(root) && path.dirname(root) !== root) root = path.dirname(root)
  return root
}

/**
 * `p` with its deepest existing ancestor resolved through symbolic links (the folders below it,
 * not made yet, appended); `p` itself when nothing of it resolves.
 */
function throughLinks(p) {
  const rest = []
  for (let current = p; ; ) {
    try {
      return path.join(fs.realpathSync(current), ...rest)
    } catch {
      const parent = path.dirname(current)
      if (parent === current) return p
      rest.unshift(path.basename(current))
      current = parent
    }
  }
}

/** Prints `value` as the one JSON object of a --json run. */
function jsonOut(io, value) {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/**
 * Whether the raw arguments ask for JSON: `--json` as an argument of its own before any `--`
 * terminator (after it, `--json` is a positional). Used when the arguments cannot be parsed,
 * so `values.json` is not known.
 */
function jsonRequested(args) {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).includes('--json')
}

/**
 * Reports a usage error and returns exit code 2: with --json, `{ ok: false, error: { code,
 * message, path? } }` on stdout and nothing on stderr; else one line on stderr, pointing at the
 * command's --help when `err.hint`.
 */
function usageError(err, command, json, io) {
  if (json) {
    jsonOut(io, { ok: false, error: { code: err.code, message: err.message, ...(err.path !== undefined ? { path: err.path } : {}) } })
    return EXIT_USAGE
  }
  const c = painter(io.stderr, io.env)
  const hint = err.hint ? c.dim(` (see '${NAME}${command ? ` ${command}` : ''} --help')`) : ''
  // The message may quote what was typed (a file or command name with control characters).
  io.stderr.write(`${NAME}: ${c.red(visible(err.message))}${hint}\n`)
  return EXIT_USAGE
}

/** A result with errors: printed (or its JSON), nothing written, exit 1. */
function notWritten(result, values, io, err) {
  if (values.json) jsonOut(io, { ok: false, dryRun: Boolean(values['dry-run']), written: [], result })
  else {
    printIssues(result, io, err, values)
    const previousOnly = values.previous !== undefined && result.validation.errors.length > 0 && result.validation.errors.every(ofPrevious)
    io.stderr.write(`${err.red('✘')} not written: ${previousOnly ? `--previous ${visible(shown(values.previous))} is invalid (${summary(result)})` : summary(result)}\n`)
  }
  return EXIT_INVALID
}

/**
 * STALE_TYPE_FILE warnings: type files this package wrote in the types folder for tables that
 * neither the spec nor the database has — a table renamed or dropped by a migration written by
 * hand (as the rename hints say to do). index.d.ts keeps listing them in `Database`, so
 * `db.selectFrom('tags')` compiled against a table that is gone (a SQLite user trial; with
 * --previous, a course-platform trial whose `generate v3.json --previous v3.json`, the README's
 * way to refresh the types, left a renamed table's file). The database is the file at
 * `spec.existingDbPath`, or the tables of `spec.previousSpec` (`label` names it). Only a
 * warning: the file is the user's to delete, and a database other than the project's would name
 * other tables. None when the types folder cannot be read.
 */
function staleTypeFiles(result, spec, label, typesDir, cwd) {
  let inDatabase
  if (spec.existingDbPath != null) {
    try {
      inDatabase = api().introspectDatabase(spec.existingDbPath).existingTables
    } catch {
      return []
    }
  } else if (spec.previousSpec != null && Array.isArray(spec.previousSpec.tables)) {
    inDatabase = [...spec.previousSpec.tables, ...(Array.isArray(spec.tables) ? spec.tables : [])].map((t) => t && t.name)
  } else return []
  const known = new Set([...inDatabase, ...(result.metadata?.operations ?? []).map((o) => o && o.table)].filter((t) => typeof t === 'string').map((t) => t.toLowerCase()))
  const out = []
  const { generatedTables, typeFileBase } = require('./files.js')
  let inFolder
  try {
    inFolder = generatedTables(typesDir)
  } catch (e) {
    // A types folder that cannot be read (READ_FAILED: a loop of links, no permission): nothing
    // to warn of. A migration without types is still written; one with types gets the writer's
    // own error about that folder. (Thrown, it was an internal error, and nothing was written.)
    if (e instanceof MigrationGeneratorError) return []
    throw e
  }
  for (const [table] of inFolder) {
    if (known.has(table.toLowerCase())) continue
    const file = rel(cwd, path.join(typesDir, `${typeFileBase(table)}.d.ts`))
    out.push({
      type: 'warning',
      code: 'STALE_TYPE_FILE',
      message: `${file} holds the types of the table '${table}', which neither the spec nor ${label} has (renamed or dropped by a migration of your own?): ${rel(cwd, path.join(typesDir, 'index.d.ts'))} still lists it in Database, so queries on it compile`,
      table,
      // The index.d.ts written with this run still names it: generating again before this
      // migration is applied is DUPLICATE_MIGRATION (a CLI trial), so the lines go by hand.
      suggestion: `delete ${file} and the lines of ${rel(cwd, path.join(typesDir, 'index.d.ts'))} that name '${typeFileBase(table)}.js' (or only delete the file: a generate after this migration is applied then writes index.d.ts without it)`,
    })
  }
  return out
}

function runGenerate(values, positionals, io) {
  const { cwd } = io
  const out = painter(io.stdout, io.env)
  const err = painter(io.stderr, io.env)
  if (positionals.length > 1) throw new UsageError(`generate takes one SPEC.json, not ${positionals.length} arguments`)
  if (values.previous === STDIN && positionals[0] === STDIN) throw new UsageError("standard input ('-') can be read only once: give the spec or --previous as a file")
  const { spec: raw, dir } = readSpec(positionals[0], io)
  const spec = applyOptions(raw, dir, values, io)
  dropTablesNeedDatabase(spec, values, positionals[0])
  const result = strictly(api().generateMigration(spec), values, spec)
  // A --now of the right form that the core still refuses (February 30, 24:00, an offset that
  // takes it out of the years 0000 to 9999 in UTC, a space and no seconds) was mistyped on the
  // command line, as the form check above would have said: a usage error too.
  if (values.now !== undefined && result.validation.errors.some((e) => e && e.code === 'INVALID_SPEC' && /^now '/.test(String(e.message)))) {
    throw new UsageError(`--now must be an ISO-8601 instant of the years 0000 to 9999 in UTC, such as 2026-02-09T12:00:00Z, not '${values.now}'`)
  }

  if (!result.validation.valid) {
    return notWritten(result, values, io, err)
  }

  const migrationsDir = path.resolve(cwd, values.out ?? path.join('database', 'migrations'))
  const typesDir = path.resolve(cwd, values.types ?? path.join('types', 'generated', 'db'))
  // The folders named on the command line (or the defaults) are where the user wants the files,
  // symbolic links included (`database -> ../shared/database`): the project folder given to
  // writeMigrationFiles, which refuses a link out of it, is found from where they really are.
  const realMigrationsDir = throughLinks(migrationsDir)
  const realTypesDir = throughLinks(typesDir)
  const rootDir = commonRoot(cwd, [realMigrationsDir, realTypesDir])
  const options = { rootDir, migrationsDir: path.relative(rootDir, realMigrationsDir) || '.', typesDir: path.relative(rootDir, realTypesDir) || '.' }
  // DUPLICATE_MIGRATION and the earlier migrations (below) checked again by the writer once it
  // has claimed its number or timestamp: another generate may place its file meanwhile (of the
  // same spec, or one creating the same table: two runs at once both wrote CREATE TABLE users).
  // With --recreate, what an earlier migration makes is only a warning, not checked again.
  const recheck = values.recreate ? {} : { refuseEarlierRepeated: { dir: migrationsDir, cwd, existingDbPath: spec.existingDbPath ?? null } }
  const writeOptions = { ...options, refuseSameUpAsNewest: true, ...recheck }
  // Paths are printed under the names the user gave.
  const given = (p) => {
    for (const [real, named] of [
      [realMigrationsDir, migrationsDir],
      [realTypesDir, typesDir],
    ]) {
      if (path.dirname(p) === real) return path.join(named, path.basename(p))
    }
    return p
  }

  const folders = [
    [realMigrationsDir, migrationsDir, '--out DIR'],
    [realTypesDir, typesDir, '--types DIR'],
  ]
  /**
   * A writer's error, its paths shown as the command shows them (shownFileError): one line, exit
   * code 1. One of the earlier migrations' (the writer's check after claiming, see writeOptions)
   * is reported as generate reports it before writing: its issues in the result's errors.
   */
  const failed = (e) => {
    if (e instanceof MigrationGeneratorError && EARLIER_CODES.has(e.code) && Array.isArray(e.issues)) {
      result.validation.errors.push(...e.issues)
      result.validation.valid = false
      return notWritten(result, values, io, err)
    }
    return fileError(shownFileError(e, cwd, folders), values, io, err, result)
  }

  const database = spec.existingDbPath != null ? rel(cwd, spec.existingDbPath) : values.previous !== undefined ? `--previous ${visible(shown(values.previous))}` : 'previousSpec'
  result.validation.warnings.push(...staleTypeFiles(result, spec, database, typesDir, cwd))
  if (hasNoChanges(result)) return reportNoChanges(result, values, io, { out, err, options, given, failed, spec })

  const same = newestWithTheSameUp(migrationsDir, result.fileContent)
  // The very file (the same --now) is FILE_EXISTS, from the writer; a numbered migration takes
  // the next number, so its generator's name (001_…) says nothing.
  const numbered = /^\d{1,13}_/.test(result.metadata.filename)
  if (same && (numbered || same !== result.metadata.filename)) {
    // Without --db nothing says whether that migration ran: the spec is the same as then, so if
    // it ran there is nothing to generate (a PostgreSQL or MySQL user who applied it reads
    // "apply it" as wrong).
    const why =
      spec.existingDbPath == null
        ? 'the spec has not changed since it was generated: if it is applied, there is nothing new to generate; if not, apply it (or delete it) before generating again'
        : 'apply it (or delete it) before generating again'
    const message = `the newest migration in ${rel(cwd, migrationsDir)}, ${same}, already has this up migration: ${why}`
    return fileError(new MigrationGeneratorError('DUPLICATE_MIGRATION', message, { path: path.join(migrationsDir, same) }), values, io, err, result)
  }
  if (same) {
    // The very file, generated again in the same second (or with the same --now): the writer's
    // FILE_EXISTS told to pick another description or --now, which then found it a duplicate
    // (a CLI trial). Still FILE_EXISTS, saying it is this very migration.
    const file = path.join(migrationsDir, same)
    // A write cut short (kill -9) by a version that placed the migration first left it without
    // all its types: another --now would write the change twice, so the way to the types is said.
    const spec0 = positionals[0] === STDIN ? 'SPEC' : positionals[0]
    // (Not against a database: --previous and --db are refused together, and the types of its
    // existing tables are read off it; a review.)
    const types = Array.isArray(result.tableTypes) && result.tableTypes.length > 0 && spec.existingDbPath == null
      ? `; if its type files are missing (a write cut short), \`generate ${spec0} --previous ${spec0}${values.types !== undefined ? ` --types ${values.types}` : ''}\` writes only them (the spec against itself has nothing to migrate)`
      : ''
    const message = `migration ${rel(cwd, file)} already exists, with this very up migration: apply it (or delete it) before generating again${types}`
    return fileError(new MigrationGeneratorError('FILE_EXISTS', message, { path: file }), values, io, err, result)
  }

  // Without a database to compare with, every table of the spec is created again. A table an
  // earlier migration in the folder already creates makes this one a trap: its CREATE TABLE IF
  // NOT EXISTS does nothing where that migration ran (a column the spec added is not added),
  // MySQL's CREATE INDEX and PostgreSQL's ADD CONSTRAINT after it fail (checked on MariaDB and
  // PostgreSQL 15), and its down migration drops the table with every row in it. An error: a
  // user adding a column got a migration that did nothing, types with the column, and a down
  // that drops the table (a runner trial). With --recreate (the tables were dropped since, by
  // hand) a warning, and the file is written.
  // With --db, the same finding means the database is behind the folder (generated against
  // before the folder's newer migrations were applied to it): the migration would repeat them —
  // fail where they ran ("duplicate column name"), and its down would drop what they made.
  if (earlierMigrationsRepeated(result, spec, values, migrationsDir, numbered, cwd)) {
    result.validation.valid = false
    return notWritten(result, values, io, err)
  }

  // Two migrations of one number (or timestamp) in the folder, whatever this one's style (check
  // says the same); a timestamped one beside numbered ones is MIXED_FILE_NAMES.
  result.validation.warnings.push(...duplicateNumbers(migrationsDir, cwd))
  // (With --strict, MIXED_FILE_NAMES stops the write: its suggestion deletes no file.)
  if (!numbered) result.validation.warnings.push(...mixedFileNames(migrationsDir, result.metadata.filename, Boolean(values['dry-run'] || values.strict), cwd))
  // --strict: those are errors, and nothing is written.
  strictlyOfTheFolder(result, values)
  if (!result.validation.valid) return notWritten(result, values, io, err)

  if (values['dry-run']) {
    let plan
    try {
      plan = planMigrationFiles(result, options)
    } catch (e) {
      return failed(e)
    }
    const files = plan.files.map((f) => given(f.path))
    if (values.json) {
      jsonOut(io, { ok: true, dryRun: true, filename: plan.filename, written: [], wouldWrite: files, fileContent: plan.files[0].content, result: asWritten(result, plan.filename) })
    } else {
      io.stdout.write(plan.files[0].content.endsWith('\n') ? plan.files[0].content : `${plan.files[0].content}\n`)
      printIssues(result, io, err, values)
      io.stderr.write(`${err.dim('dry run: nothing written; would write')}\n${files.map((f) => `  ${rel(cwd, f)}`).join('\n')}\n`)
    }
    return EXIT_OK
  }

  // The default folder is under the working folder: run from elsewhere (a spec whose
  // existingDbPath is relative to the spec still finds the database), the first migration
  // went to a new folder there, and no earlier migration was looked for. Said, not refused:
  // a new project's first migration makes the folder too.
  const newFolder = values.out === undefined && !fs.existsSync(migrationsDir)
  return writeThen('writeMigrationFiles', result, writeOptions, values, io, failed, (written) => {
    const paths = written.paths.map(given)
    const unchanged = (written.unchanged ?? []).map(given)
    if (values.json) {
      const changed = paths.filter((p) => !unchanged.includes(p))
      jsonOut(io, { ok: true, dryRun: false, filename: written.filename, written: changed, unchanged, removed: (written.removed ?? []).map(given), leftoversRemoved: (written.leftoversRemoved ?? []).map((l) => given(l.path)), result: asWritten(result, written.filename) })
    } else {
      io.stdout.write(writtenLines(paths, unchanged, out, cwd))
      for (const p of written.removed ?? []) io.stdout.write(`${out.green('removed')} ${rel(cwd, given(p))} (a dropped or renamed table's types)\n`)
      for (const line of leftoverLines(written.leftoversRemoved ?? [], (p) => rel(cwd, given(p)))) io.stderr.write(`${err.dim(line)}\n`)
      const pushed = pushedByClaims(migrationsDir, rel(cwd, migrationsDir), result.metadata.filename, written.filename)
      if (pushed) io.stderr.write(`${err.dim(`note: ${pushed}`)}\n`)
      if (newFolder) io.stderr.write(`${err.dim(`note: ${rel(cwd, migrationsDir)} was made in ${cwd}, so no earlier migration was looked for; if the project's migrations are elsewhere, run from the project's folder or give --out`)}\n`)
      printIssues(result, io, err, values)
    }
    return EXIT_OK
  })
}

/**
 * What generate says of the files a writer killed mid-write had left (lib/files.js's
 * `leftoversRemoved`: its claim, temporary files and backups, removed because its process is
 * gone), one line a writer: `note: removed what a writer killed mid-write left (pid 4242): …`,
 * the files named as lists are (ten, then counted). `shownPath(p)`: a path as the command
 * line names it.
 */
function leftoverLines(leftovers, shownPath) {
  const byPid = new Map()
  for (const l of leftovers) byPid.set(l.pid, [...(byPid.get(l.pid) ?? []), visible(shownPath(l.path))])
  return [...byPid].map(([pid, files]) => `note: removed what a writer killed mid-write left (${pid === null ? 'a writer of an earlier version' : `pid ${pid}, no longer running`}): ${listOf(files)}`)
}

/**
 * Why a timestamped migration was written under a later second than the one asked for, when
 * claims of other writers (lib/files.js's claimTimestamp) did it, not a migration placed in the
 * folder (the documented rule: one second after the newest): a claim the write did not remove,
 * since its writer may be at work (alive, or of another host or process-id namespace, which
 * cannot be asked). So the second is not changed without a word. Null when the name is the one
 * asked for, or the folder's migrations explain it.
 */
function pushedByClaims(dir, shownDir, asked, written) {
  const stamp = (name) => /^(\d{14})_/.exec(name)?.[1]
  const [from, to] = [stamp(asked), stamp(written)]
  if (!from || !to || from === to) return null
  const names = migrationNames(dir)
  if (names.some((n) => stamp(n) !== undefined && n !== written && stamp(n) >= from)) return null
  const claims = names.filter((n) => {
    const m = /^\.(\d{14})\.migration-timestamp-claim$/.exec(n)
    return m && m[1] >= from && m[1] < to
  })
  if (claims.length === 0) return null
  return `written as ${written}, not ${asked}: ${listOf(claims)} in ${visible(shownDir)} ${claims.length === 1 ? 'claims that second' : 'claim those seconds'} for another writer, which may be at work (this one could not tell that it is not running: another host, or another container); if no writer is running, delete ${claims.length === 1 ? 'it' : 'them'}`
}

/** The exit code of a command stopped by a signal: 128 plus its number (130 SIGINT, 143 SIGTERM). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 }

/**
 * Writes the files with `api()[fn]` (writeMigrationFiles or writeTypeFiles), then returns
 * `then(written)`; a MigrationGeneratorError returns `failed(e)` (`values`: the options, for --json). Run from bin/ (`io.signals`),
 * the write goes on a worker thread (lib/write-worker.js) while this thread takes SIGINT and
 * SIGTERM: a signal stops the write, which removes its temporary files, the migration and the
 * folders it made and puts back the type files it replaced, as after a write error; the command
 * then says so and exits 130 (SIGINT) or 143 (SIGTERM). A signal that comes after the last step
 * that can be undone lets the write finish: its files are reported as written, with a note.
 * Then a promise of the exit code is returned; in-process (tests, `io.signals` unset), the write
 * is synchronous and so is the exit code.
 */
function writeThen(fn, result, options, values, io, failed, then) {
  if (!io.signals) {
    let written
    try {
      written = api()[fn](result, options)
    } catch (e) {
      return failed(e)
    }
    return then(written)
  }
  const announce = values.json ? () => {} : (signal) => io.stderr.write(`${NAME}: ${painter(io.stderr, io.env).yellow(stoppingMessage(signal))}\n`)
  return writeInterruptibly(fn, result, options, announce).then((outcome) => {
    if (outcome.bug) throw Object.assign(new Error(outcome.bug.message), { stack: outcome.bug.stack })
    if (outcome.error) return failed(require('./write-async.js').errorOf(outcome.error))
    if (outcome.interrupted) return interrupted(outcome.interrupted, result, values, io)
    const code = then(outcome.ok)
    if (outcome.signal && !values.json) {
      io.stderr.write(`${NAME}: ${painter(io.stderr, io.env).dim(`${outcome.signal} came after the files were placed, too late to undo: they are kept`)}\n`)
    }
    return code
  })
}

/**
 * The line said at once on the first SIGINT or SIGTERM while generate writes (the undo can take
 * a while on a slow disk, and a user pressing Ctrl-C saw nothing until it was done).
 */
const stoppingMessage = (signal) =>
  `${signal}: stopping: undoing what this run has written (its temporary files, the migration and the folders it made; the type files it replaced put back), unless every file is placed already; a second Ctrl-C quits at once, leaving its temporary files`

/**
 * Runs `fn` of lib/files.js on a worker thread with SIGINT and SIGTERM handlers on this one that
 * tell it to stop (a shared flag it reads between steps); the handlers are removed when it is
 * done. Resolves to the worker's message (`{ ok }`, `{ interrupted }`, `{ error }` or `{ bug }`)
 * plus `signal`, the first signal taken (or null). `announce(signal)` is called at once on the
 * first signal (to say that the write is being undone), before the worker has stopped.
 *
 * A second signal while the write is still undoing (a second Ctrl-C: a write that hangs, on a
 * stuck network drive, would otherwise stop only for SIGKILL) is not waited on: the handlers are
 * removed and that signal raised again, so the process ends at once as it would without them
 * (130 / 143 in the shell). What the write had made is then left: its hidden temporary files
 * are removed by a later write (lib/files.js removeStaleScratch), anything else by hand.
 */
function writeInterruptibly(fn, result, options, announce) {
  const { runWriter } = require('./write-async.js')
  const flag = new Int32Array(new SharedArrayBuffer(4))
  let signal = null
  const removeHandlers = () => {
    for (const [name, handler] of handlers) process.off(name, handler)
  }
  const handlers = Object.entries({ SIGINT: 2, SIGTERM: 15 }).map(([name, number]) => [
    name,
    () => {
      if (signal !== null) {
        removeHandlers()
        process.kill(process.pid, name)
        return
      }
      signal = name
      Atomics.store(flag, 0, number)
      // A line that cannot be written (stderr closed) must not stop the undo.
      try {
        announce(name)
      } catch {}
    },
  ])
  for (const [name, handler] of handlers) process.on(name, handler)
  return runWriter(fn, result, options, flag).then(
    (outcome) => {
      removeHandlers()
      return { ...outcome, signal }
    },
    (e) => {
      removeHandlers()
      return { bug: { message: String(e && e.message), stack: String(e && e.stack) }, signal }
    },
  )
}

/** A write stopped by a signal and undone: said in one line (or the JSON error), exit 130 or 143. */
function interrupted(signal, result, values, io) {
  const message = `interrupted (${signal}): nothing written; the temporary files, the migration and the folders this run had made are removed, and the type files it had replaced put back`
  if (values.json) jsonOut(io, { ok: false, dryRun: false, written: [], error: { code: 'INTERRUPTED', message }, result })
  else io.stderr.write(`${NAME}: ${painter(io.stderr, io.env).red(message)}\n`)
  return SIGNAL_EXIT[signal]
}

/**
 * The name of the newest migration in `dir` (the highest `NNN_` or timestamp prefix) when its up
 * half is the up half of `fileContent` and not empty, and its header names no other dialect,
 * else null: a second `generate` before the first migration was applied would write the same
 * change twice, and a runner would then apply it twice (a second CREATE TABLE fails, a second ADD COLUMN fails or adds nothing). Only the
 * newest is compared: an older migration may well have made the same change before a later one
 * undid it.
 */
function newestWithTheSameUp(dir, fileContent) {
  const up = migrationHalf(fileContent, 'up')
  if (!up) return null
  let names
  try {
    names = fs.readdirSync(dir)
  } catch {
    return null
  }
  let newest = null
  for (const name of names) {
    const m = /^(\d+)_.+\.sql$/.exec(name)
    if (!m) continue
    const n = BigInt(m[1])
    if (newest === null || n > newest.n || (n === newest.n && name > newest.name)) newest = { n, name }
  }
  if (newest === null) return null
  // A file with this up migration has its DOWN marker within about as many bytes (twice: its
  // line breaks may have become CRLF): one that has not by then is another migration.
  const read = readUpPart(path.join(dir, newest.name), 2 * Buffer.byteLength(fileContent) + 1024 * 1024)
  if (!read || read.text === undefined) return null
  if (migrationHalf(read.text, 'up') !== up) return null
  // A migration for another dialect (its header's `-- Database:`) does not run where this one
  // does: the same up SQL there is no repeat (a plain CREATE TABLE is the same on SQLite and
  // PostgreSQL).
  return ofAnotherDialect(read.text, fileContent) ? null : newest.name
}

/**
 * DUPLICATE_NUMBER: two or more migrations of `dir` share the number before their `_`: numbered
 * ones (`NNN_*.sql`: two branches that each took 003_, merged), or timestamped ones (14 digits:
 * two branches that generated in the same second, a copied file). Runners that key on the
 * number refuse them (golang-migrate takes a timestamp for the version as it takes 003), and
 * between them the description decides the order (Knex sorts by the whole name). One warning a
 * number, naming a file of each migration; golang-migrate's pair of one migration
 * (`003_x.up.sql` and `003_x.down.sql`) is one migration, named by its up file. `generate` and
 * `check` both say it of the folder, whatever the spec's fileFormat. None when the folder cannot
 * be read.
 */
function duplicateNumbers(dir, cwd) {
  /** number (without its zeros) → migration (its name without `.up` / `.down`) → the file named. */
  const byNumber = new Map()
  for (const name of migrationNames(dir)) {
    const m = NUMBERED_NAME.exec(name) ?? TIMESTAMPED_NAME.exec(name)
    if (!m) continue
    const key = String(BigInt(m[1]))
    const migrations = byNumber.get(key) ?? new Map()
    const migration = name.replace(/\.(?:up|down)\.sql$/i, '.sql')
    // The up file names a pair; either names a half alone.
    if (!migrations.has(migration) || /\.up\.sql$/i.test(name)) migrations.set(migration, name)
    byNumber.set(key, migrations)
  }
  return [...byNumber.values()]
    .filter((migrations) => migrations.size > 1)
    .map((migrations) => {
      const files = [...migrations.values()].sort()
      const stamp = TIMESTAMPED_NAME.exec(files[0])
      const number = stamp ? stamp[1] : NUMBERED_NAME.exec(files[0])[1]
      return {
        type: 'warning',
        code: 'DUPLICATE_NUMBER',
        message: `${listOf(files)} in ${rel(cwd, dir)} share the ${stamp ? 'timestamp' : 'number'} ${number}: runners that key on the number (Flyway, golang-migrate, sqlx) refuse them, and others apply them in the order of their descriptions`,
        suggestion: stamp
          ? 'give the one merged last a later timestamp (after the newest in the folder), on every branch, before it is applied anywhere'
          : 'renumber the one merged last (after the highest number in the folder), on every branch, before it is applied anywhere',
      }
    })
}

/** A numbered migration's file name (`NNN_description.sql`; 14 digits are a timestamp). */
const NUMBERED_NAME = /^(\d{1,13})_.+\.sql$/

/**
 * MIXED_FILE_NAMES: the timestamped migration `filename` (a spec without `"fileFormat":
 * "numbered"`) goes into `dir`, which holds numbered migrations. Runners sort by name, or by the
 * number before the `_`: either way the numbered migrations added after it come before it
 * (golang-migrate never applies one below the version applied, Flyway refuses it as out of
 * order), and `generate` refuses a numbered migration in a folder with a timestamped one
 * (NUMBERING_EXHAUSTED). A warning (the file is written as before), saying how the names sort
 * and how to keep numbered names; none when `dir` holds no numbered migration.
 */
function mixedFileNames(dir, filename, dryRun, cwd) {
  const numberedNames = numberedByNumber(dir)
  if (numberedNames.length === 0) return []
  const listed = firstToLast(numberedNames)
  const next = nextNumberAfter(numberedNames)
  const later = numberedNames.filter((name) => name > filename)
  const order =
    later.length > 0
      ? `${filename} sorts before ${listOf(later)}, so a runner applying files in name order runs it before ${later.length === 1 ? 'that one' : 'those'}`
      : `${filename} sorts after them, but a numbered migration added after it (${next}_…) sorts, and runs, before it`
  const rest = filename.replace(/^\d{14}_/, '')
  return [
    {
      type: 'warning',
      code: 'MIXED_FILE_NAMES',
      message: `${rel(cwd, dir)} holds numbered migrations (${listed}), and this one is timestamped: ${order}; runners that compare the numbers (golang-migrate, Flyway) take a numbered migration added later for an older one (golang-migrate never applies it, Flyway refuses it as out of order), and generate with "fileFormat": "numbered" refuses this folder once it holds a timestamped migration`,
      suggestion: `keep one style in a folder: for numbered names, set "fileFormat": "numbered" in the spec and generate again (this one is then ${next}_${rest})${dryRun ? '' : `, deleting ${filename}`}; for timestamps, rename the numbered migrations that no database has applied yet`,
    },
  ]
}

/**
 * generate's refusal of a numbered migration in `dir` (numberingRefusal: NUMBERING_EXHAUSTED,
 * for timestamped migrations there or a next number wider than those in use), its paths named as
 * generate names them (shownFileError), or null; null too when the folder cannot be read
 * (nothing is known).
 */
function numberingRefusalIn(dir, cwd) {
  const real = throughLinks(dir)
  let refusal
  try {
    refusal = numberingRefusal(real)
  } catch (e) {
    if (e instanceof MigrationGeneratorError) return null
    throw e
  }
  return refusal && shownFileError(refusal, cwd, [[real, dir, '--out DIR']])
}

/**
 * The WRITE_FAILED error generate's write gives when a file is where the migrations folder
 * (`migrationsDir`) or, for a result with types, the types folder (`typesDir`) should be, or
 * above either (folderInTheWay, which the writer's own plan throws), its paths named as
 * generate names them (shownFileError); null when neither folder has a file in the way.
 */
function foldersInTheWay(result, migrationsDir, typesDir, cwd) {
  const folders = [
    [throughLinks(migrationsDir), migrationsDir, '--out DIR'],
    [throughLinks(typesDir), typesDir, '--types DIR'],
  ]
  const hasTypes = Array.isArray(result.tableTypes) && result.tableTypes.length > 0
  for (const [real] of hasTypes ? folders : folders.slice(0, 1)) {
    const found = folderInTheWay(real)
    if (found) return shownFileError(found, cwd, folders)
  }
  return null
}

/**
 * MIXED_FILE_NAMES for `check`: `dir` (the folder generate writes to) holds numbered and
 * timestamped migrations already, whatever the spec's fileFormat. The same trap as
 * mixedFileNames': a numbered migration added later sorts, and runs, before the timestamped
 * ones, runners that compare the numbers take it for an older one, and generate with
 * "fileFormat": "numbered" refuses the folder. None when `dir` holds one style only.
 */
function mixedFolder(dir, cwd) {
  const numberedNames = numberedByNumber(dir)
  const stamped = migrationNames(dir).filter((name) => TIMESTAMPED_NAME.test(name))
  if (numberedNames.length === 0 || stamped.length === 0) return []
  const next = nextNumberAfter(numberedNames)
  const later = numberedNames.filter((name) => name > stamped[0])
  const order =
    later.length > 0
      ? `${stamped[0]} sorts before ${listOf(later)}, so a runner applying files in name order runs it before ${later.length === 1 ? 'that one' : 'those'}`
      : `the timestamped ${stamped.length === 1 ? 'one sorts' : 'ones sort'} after them, but a numbered migration added next (${next}_…) sorts, and runs, before ${stamped.length === 1 ? 'it' : 'them'}`
  return [
    {
      type: 'warning',
      code: 'MIXED_FILE_NAMES',
      message: `${rel(cwd, dir)} holds numbered migrations (${firstToLast(numberedNames)}) and timestamped ones (${firstToLast(stamped)}): ${order}; runners that compare the numbers (golang-migrate, Flyway) take a numbered migration added later for an older one (golang-migrate never applies it, Flyway refuses it as out of order), and generate with "fileFormat": "numbered" refuses this folder while it holds a timestamped migration`,
      suggestion: `keep one style in a folder: for numbered names, rename the timestamped migrations that no database has applied yet to the next numbers (${stamped[0]} to ${next}_${stamped[0].replace(/^\d{14}_/, '')}, …) and set "fileFormat": "numbered" in the spec; for timestamps, rename the numbered migrations that no database has applied yet`,
    },
  ]
}

/** A timestamped migration's file name (14 digits, captured, `_`, `….sql`). */
const TIMESTAMPED_NAME = /^(\d{14})_.+\.sql$/

/** The numbered migrations of `dir`, by number (9_a.sql before 10_b.sql), as the runners that compare numbers take them. */
function numberedByNumber(dir) {
  const numberOf = (name) => BigInt(NUMBERED_NAME.exec(name)[1])
  return migrationNames(dir)
    .filter((name) => NUMBERED_NAME.test(name))
    .sort((a, b) => (numberOf(a) < numberOf(b) ? -1 : numberOf(a) > numberOf(b) ? 1 : a < b ? -1 : a > b ? 1 : 0))
}

/** `names` as a message lists them: the one, or the first and the last (`001_a.sql … 009_i.sql`). */
const firstToLast = (names) => (names.length === 1 ? names[0] : `${names[0]} … ${names.at(-1)}`)

/** The file names in `dir`, sorted (none when it cannot be read). */
function migrationNames(dir) {
  try {
    return fs.readdirSync(dir).sort()
  } catch {
    return []
  }
}

/** The number a numbered migration after `numberedNames` takes: one more than the highest, padded to the widest in use. */
function nextNumberAfter(numberedNames) {
  const prefixes = numberedNames.map((name) => NUMBERED_NAME.exec(name)[1])
  const highest = prefixes.reduce((max, p) => (BigInt(p) > max ? BigInt(p) : max), 0n)
  const width = Math.max(...prefixes.map((p) => p.length))
  return String(highest + 1n).padStart(width, '0')
}

/**
 * Nothing to migrate: the command line writes no migration (an empty one would only clutter the
 * folder and be run for nothing), says so, and succeeds. Types asked for (--types or
 * "generateTypes": true) are still written: they describe the schema, not the change, and a
 * fresh clone whose types folder is not committed needs them. The API still writes the empty
 * migration; the caller decides there.
 */
function reportNoChanges(result, values, io, { out, err, options, given, failed, spec }) {
  const dryRun = Boolean(values['dry-run'])
  const notWrittenBy = failed
  if (Array.isArray(result.tableTypes) && result.tableTypes.length > 0 && !dryRun) {
    return writeThen('writeTypeFiles', result, options, values, io, notWrittenBy, (written) =>
      saidNoChanges(result, values, io, { out, err, spec }, written.typePaths.map(given), (written.unchanged ?? []).map(given)),
    )
  }
  let files = []
  if (Array.isArray(result.tableTypes) && result.tableTypes.length > 0) {
    try {
      files = planTypeFiles(result, options).files.map((f) => given(f.path))
    } catch (e) {
      return notWrittenBy(e)
    }
  }
  return saidNoChanges(result, values, io, { out, err, spec }, files)
}

/**
 * reportNoChanges's output, once the type files (`files`, the paths given) are written or
 * planned; `unchanged`: those of them the write kept as they were.
 */
function saidNoChanges(result, values, io, { out, err, spec }, files, unchanged = []) {
  const dryRun = Boolean(values['dry-run'])
  if (values.json) {
    const written = dryRun ? {} : { written: files.filter((p) => !unchanged.includes(p)), unchanged }
    jsonOut(io, { ok: true, dryRun, noChanges: true, filename: null, written: [], ...written, ...(dryRun ? { wouldWrite: files } : {}), result })
    return EXIT_OK
  }
  // The NO_CHANGES warning says what the line below says; other warnings are still shown.
  const others = result.validation.warnings.filter((w) => !w || w.code !== 'NO_CHANGES')
  printIssues({ validation: { errors: result.validation.errors, warnings: others } }, io, err, values)
  const what = files.length === 0 ? 'nothing' : 'no migration'
  // A database with more than the spec (a column it leaves out, which is kept) does not
  // "match" it: the warnings above say what is kept as it is.
  // Without a database, every table is `existing: true`: nothing compared them, so nothing
  // says they match (a column added to one was said to be "already" there).
  // The core's NO_CHANGES message says which: only a warning of something the database keeps
  // (a column the spec leaves out, timestamps not added) is "kept as it is", not any warning;
  // a table the spec leaves out (taken out of it, say) is kept too, and named.
  const noChanges = result.validation.warnings.find((w) => w && w.code === 'NO_CHANGES')?.message ?? ''
  // A spec without tables was said to be matched by "the database", though none may have been
  // read (a CLI trial): what was compared is said.
  const noTables = spec == null ? 'the spec lists no tables'
    : spec.existingDbPath != null ? 'the spec lists no tables, and any table the database has is kept as it is'
    : spec.previousSpec != null ? 'the spec lists no tables, and any table --previous has is kept as it is (no database was read)'
    : 'the spec lists no tables, and no database was read: there is nothing to create'
  const state = noChanges.endsWith('the spec lists no tables') ? noTables
    : noChanges.startsWith('nothing to create')
    ? 'every table of the spec is marked "existing": true, and no database was read to compare them with; a change to one of them (a column added) is in no migration: write it by hand'
    : noChanges.includes('as previousSpec has it') ? `the spec is the same as --previous${noChanges.endsWith('kept as it is') ? ' but for what the warnings above say is kept as it is (no database was read)' : ' (no database was read)'}`
    : noChanges.includes(' the spec leaves out, kept as ') ? noChanges.replace(/^nothing to do: /, '')
    : noChanges.endsWith('kept as it is') ? 'the database already has what the spec describes, and keeps as it is what the warnings above name' : 'the database already matches the spec'
  io.stdout.write(`${out.green('No changes')}: ${state}; ${what} ${dryRun ? 'would be written' : 'written'}.\n`)
  if (files.length > 0 && dryRun) io.stderr.write(`${err.dim('dry run: would write the types')}\n${files.map((f) => `  ${rel(io.cwd, f)}`).join('\n')}\n`)
  else if (files.length > 0) io.stdout.write(writtenLines(files, unchanged, out, io.cwd))
  return EXIT_OK
}

/**
 * A line per file: `wrote FILE`, or `unchanged FILE` for one of `unchanged` (a table file whose
 * types had not changed, kept as it was, still naming the migration that last changed them; an
 * index.d.ts that already listed every table).
 */
function writtenLines(paths, unchanged, out, cwd) {
  return `${paths.map((p) => (unchanged.includes(p) ? `${out.dim('unchanged')} ${rel(cwd, p)}` : `${out.green('wrote')} ${rel(cwd, p)}`)).join('\n')}\n`
}

/**
 * A MigrationGeneratorError of the writer (lib/files.js) as the command line shows it: its
 * message names absolute paths, through symbolic links, which are shown as the rest of the
 * command shows paths (relative to the working folder, under the folder names given), so that
 * FILE_EXISTS names `database/migrations/…sql` whichever check found it; and a WRITE_FAILED that
 * says to choose another folder names the option that does (`--out DIR`, `--types DIR`).
 * `folders`: `[real, given, option]` per folder the command writes to. `path` is kept as it is.
 */
function shownFileError(e, cwd, folders) {
  if (!(e instanceof MigrationGeneratorError) || typeof e.path !== 'string') return e
  /** `p` (absolute, real) under the folder names given, relative to `cwd`. */
  const shown = (p) => {
    for (const [real, named] of folders) if (isInside(real, p)) return rel(cwd, path.join(named, path.relative(real, p)))
    return rel(cwd, p)
  }
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  let message = e.message
  // The path itself, then its folder (in the fix of a WRITE_FAILED, or a claim beside it); each
  // only where a name does not go on (a folder `ro` is not the start of `ro2`).
  for (const p of [e.path, path.dirname(e.path)]) {
    message = message.replace(new RegExp(`${escape(p)}(?=$|[\\s/\\\\:;,)'"\`])`, 'g'), () => shown(p))
  }
  if (e.code === 'WRITE_FAILED') {
    const options = folders.filter(([real]) => isInside(real, e.path) || isInside(e.path, real)).map(([, , option]) => option)
    const unique = [...new Set(options)]
    if (unique.length > 0) message = message.replace(/\banother folder\b/, `another folder (${unique.join(' or ')})`)
  }
  return message === e.message ? e : new MigrationGeneratorError(e.code, message, { path: e.path, ...(e.cause !== undefined ? { cause: e.cause } : {}), ...(e.issues !== undefined ? { issues: e.issues } : {}) })
}

/** A MigrationGeneratorError while planning or writing: one line, exit code 1. */
function fileError(e, values, io, c, result) {
  if (!(e instanceof MigrationGeneratorError)) throw e
  if (values.json) jsonOut(io, { ok: false, dryRun: Boolean(values['dry-run']), written: [], error: { code: e.code, message: e.message, path: e.path }, result })
  // The message names paths (the --out folder, the working folder), which may hold control characters.
  else io.stderr.write(`${c.red(c.bold('error'))} ${c.bold(e.code)}: ${visible(e.message)}\n`)
  return EXIT_INVALID
}

/** The errors of a database that could not be read (existingDbPath), not of the spec itself. */
const DATABASE_CODES = new Set(['DB_NOT_FOUND', 'DB_UNREADABLE', 'DB_LOCKED'])

/** The codes of a result's errors about its database (a missing or locked file), joined; '' when none. */
function databaseUnread(result) {
  return [...new Set(result.validation.errors.filter((e) => e && DATABASE_CODES.has(e.code)).map((e) => e.code))].join(', ')
}

/** The warnings --strict makes errors. */
const STRICT_CODES = new Set(['UNKNOWN_FIELD', 'ROWS_REFUSE_CHANGE'])

/**
 * The warnings --strict also makes errors with --previous: a column or table previousSpec has
 * and the spec leaves out is kept, and the next migration, made from this spec, does not know
 * it (listed again, it is added again and fails on the one that is there): the spec history
 * stops matching the database (a user trial got an empty migration, exit 0).
 */
const STRICT_PREVIOUS_CODES = new Set(['COLUMN_NOT_IN_SPEC', 'TABLE_NOT_IN_SPEC'])

/**
 * The warnings about the migrations folder that --strict makes errors, as it does the codes
 * above: each says the folder will not migrate as it should where it runs. Two migrations of one
 * number or timestamp (DUPLICATE_NUMBER): runners that key on the number refuse the folder, the
 * others run the two in the order of their descriptions. Numbered and timestamped names in one
 * folder (MIXED_FILE_NAMES): a numbered migration added later runs before the timestamped ones,
 * golang-migrate never applies it, Flyway refuses it. --strict is not "every warning fails":
 * warnings about a migration that runs as written (REDUNDANT_INDEX, DOWN_DATA_LOSS,
 * LOSSY_TYPE_MAPPING, …) stay warnings.
 */
const STRICT_FOLDER_CODES = new Set(['DUPLICATE_NUMBER', 'MIXED_FILE_NAMES'])

/**
 * With --strict, the folder's warnings of STRICT_FOLDER_CODES (added by generate and check after
 * strictly has run) move to the errors, in the same words, and the result is invalid: nothing is
 * written, exit 1. `result` is changed in place.
 */
function strictlyOfTheFolder(result, values) {
  if (!values.strict) return
  const isStrict = (w) => w && STRICT_FOLDER_CODES.has(w.code)
  const promoted = result.validation.warnings.filter(isStrict)
  if (promoted.length === 0) return
  result.validation.warnings = result.validation.warnings.filter((w) => !isStrict(w))
  result.validation.errors.push(...promoted.map((w) => ({ ...w, type: 'error' })))
  result.validation.valid = false
}

/**
 * With --strict, a field the spec does not know (UNKNOWN_FIELD: usually misspelt, like "indexs",
 * whose indexes would otherwise be left out with only a warning) and a change the database's
 * rows as they are now refuse (ROWS_REFUSE_CHANGE: the migration would fail when run there) are
 * errors: the issues move to the errors and the result is invalid, so nothing is written and
 * the exit code is 1.
 */
function strictly(result, values, spec) {
  if (!values.strict) return result
  // ROWS_REFUSE_CHANGE from previousSpec is what any two rows would refuse, not what a
  // database's rows were found to (--db, existingDbPath): the table may be empty, so it stays a
  // warning.
  const fromRows = !(spec !== null && typeof spec === 'object' && spec.previousSpec != null)
  const isStrict = (w) => w && ((STRICT_CODES.has(w.code) && (w.code !== 'ROWS_REFUSE_CHANGE' || fromRows)) || (!fromRows && STRICT_PREVIOUS_CODES.has(w.code)))
  const promoted = result.validation.warnings.filter(isStrict)
  if (promoted.length === 0) return result
  const validation = {
    ...result.validation,
    valid: false,
    errors: [...result.validation.errors, ...promoted.map((w) => ({ ...w, type: 'error', message: String(w.message).replace(/; it is ignored$/, '; --strict refuses it') }))],
    warnings: result.validation.warnings.filter((w) => !isStrict(w)),
  }
  return { ...result, validation }
}

/**
 * Whether `check` looks into the migrations folder for `result`: a valid result, or with
 * --strict one whose only errors are the warnings strictly made errors (UNKNOWN_FIELD, …): the
 * migration is still known, and one report says as much as can be said (a user trial's
 * `check --strict` left TABLE_CREATED_BEFORE out beside an UNKNOWN_FIELD).
 */
function readyForTheFolder(result, values) {
  if (result.validation.valid) return true
  if (!values.strict || typeof result.fileContent !== 'string' || !result.metadata) return false
  return result.validation.errors.every((e) => e && (STRICT_CODES.has(e.code) || STRICT_PREVIOUS_CODES.has(e.code)))
}

function runCheck(values, positionals, io) {
  const c = painter(io.stderr, io.env)
  const out = painter(io.stdout, io.env)
  if (positionals.length === 0) throw new UsageError('missing SPEC.json argument')
  // Several files (lint-staged passes every staged one): each is checked. One that cannot be
  // read (missing, not JSON) is reported with its path among the others, which are still
  // checked (a user trial: the files after it were never looked at), and makes the exit code 2.
  if (positionals.filter((f) => f === STDIN).length + (values.previous === STDIN ? 1 : 0) > 1) throw new UsageError("standard input ('-') can be read only once")
  const failOnChanges = Boolean(values['fail-on-changes'])
  const specs = positionals.map((file) => readSpecOf(file, io))
  const readable = specs.filter((x) => !x.unreadable)
  // The database to compare with: --db, or the spec's own existingDbPath (a CLI trial was
  // refused with the spec naming it).
  const withoutDb = readable.find(({ spec }) => values.db === undefined && (spec === null || typeof spec !== 'object' || spec.existingDbPath == null))
  if (failOnChanges && withoutDb) throw new UsageError(`--fail-on-changes needs --db DATABASE, or existingDbPath in the spec (${shown(withoutDb.file)} has none): the database to compare the spec with`)
  const checked = specs.map((read) => {
    if (read.unreadable) return { file: read.file, unreadable: read.unreadable, ok: false }
    const { file, spec, dir } = read
    const applied = applyOptions(spec, dir, values, io)
    dropTablesNeedDatabase(applied, values, file)
    const result = strictly(api().generateMigration(applied), values, applied)
    // The earlier migrations of the folder generate would write to (--out, as generate takes
    // it), when it exists: a table one of them creates already is generate's
    // TABLE_CREATED_BEFORE error, so check says so too (a pre-commit hook passed a spec that
    // generate then refused, a user trial).
    const migrationsDir = path.resolve(io.cwd, values.out ?? path.join('database', 'migrations'))
    // A file where a folder generate writes in should be (--out naming a file, or a file above
    // the types folder): the write's WRITE_FAILED, in its words, so check fails as generate does.
    if (result.validation.valid && !hasNoChanges(result)) {
      const inTheWay = foldersInTheWay(result, migrationsDir, path.resolve(io.cwd, path.join('types', 'generated', 'db')), io.cwd)
      if (inTheWay) {
        result.validation.errors.push({ type: 'error', code: inTheWay.code, message: inTheWay.message })
        result.validation.valid = false
      }
    }
    // The newest migration there already has this spec's up migration (generate's
    // DUPLICATE_MIGRATION): the spec is up to date, not invalid (a user trial's pre-commit hook
    // failed with TABLE_CREATED_BEFORE on every commit after the Quick start's first generate).
    // A spec that differs from it creates the table again differently: still the error below.
    const same = readyForTheFolder(result, values) && !hasNoChanges(result) ? newestWithTheSameUp(migrationsDir, result.fileContent) : null
    const upToDate = same ? rel(io.cwd, path.join(migrationsDir, same)) : null
    if (!upToDate && readyForTheFolder(result, values) && !hasNoChanges(result) && fs.existsSync(migrationsDir)) {
      const numbered = /^\d{1,13}_/.test(result.metadata.filename)
      if (earlierMigrationsRepeated(result, applied, values, migrationsDir, numbered, io.cwd)) result.validation.valid = false
      // A numbered migration beside timestamped ones, or whose number would need another digit:
      // generate refuses to write it (NUMBERING_EXHAUSTED, its words, the folder as given), so
      // check fails too.
      const refusal = numbered ? numberingRefusalIn(migrationsDir, io.cwd) : null
      if (refusal) {
        result.validation.errors.push({ type: 'error', code: refusal.code, message: refusal.message })
        result.validation.valid = false
      }
    }
    // Timestamped and numbered names in that folder (MIXED_FILE_NAMES): the folder's own mix,
    // whatever the spec (naming the timestamped files there); in a folder of numbered ones only,
    // the warning generate gives for the timestamped migration it would write there.
    if (fs.existsSync(migrationsDir)) {
      // Two migrations of one number or timestamp: generate's DUPLICATE_NUMBER, of the folder
      // whatever the spec.
      result.validation.warnings.push(...duplicateNumbers(migrationsDir, io.cwd))
      const mixed = mixedFolder(migrationsDir, io.cwd)
      const stampedHere = result.validation.valid && !hasNoChanges(result) && !/^\d{1,13}_/.test(result.metadata.filename)
      result.validation.warnings.push(...(mixed.length > 0 || !stampedHere ? mixed : mixedFileNames(migrationsDir, result.metadata.filename, true, io.cwd)))
      strictlyOfTheFolder(result, values)
    }
    // What generate would write: the tables it creates, changes or drops (none: NO_CHANGES).
    const changes = failOnChanges && result.validation.valid && !hasNoChanges(result)
      ? (result.metadata.operations ?? []).filter((o) => o.operation !== 'SKIP')
      : []
    // With a database, its migration in the folder is not applied to it (else NO_CHANGES).
    const notApplied = upToDate && applied.existingDbPath != null ? rel(io.cwd, applied.existingDbPath) : null
    return { file, result, changes, upToDate, notApplied, ok: result.validation.valid && changes.length === 0 }
  })
  const ok = checked.every((x) => x.ok)
  const unreadable = checked.filter((x) => x.unreadable)
  if (values.json) jsonOut(io, checkJson(checked, ok, failOnChanges))
  else {
    for (const { file, result, changes, upToDate, notApplied, unreadable: why } of checked) {
      // The usage error's line, as with one file: its message names the file as given
      // (`migration-generator: cannot read spec nope.json: no such file`).
      if (why) {
        io.stderr.write(`${NAME}: ${c.red(visible(why.message))}\n`)
        continue
      }
      printIssues(result, io, c, values)
      const unread = databaseUnread(result)
      if (unread) io.stderr.write(`${c.red('✘')} ${visible(shown(file))} could not be checked: its database could not be read (${unread}; ${summary(result)})\n`)
      else if (!result.validation.valid && values.previous !== undefined && result.validation.errors.every(ofPrevious)) {
        // The errors are all the --previous file's: that is the file to fix, not the spec.
        io.stderr.write(`${c.red('✘')} ${visible(shown(file))} could not be checked: --previous ${visible(shown(values.previous))} is invalid (${summary(result)})\n`)
      } else if (!result.validation.valid) io.stderr.write(`${c.red('✘')} ${visible(shown(file))} is invalid (${summary(result)})\n`)
      else if (changes.length > 0) io.stderr.write(`${c.red('✘')} ${visible(shown(file))} is valid, but the database does not match it yet: generate would write a migration (${listOf(changes.map((o) => `${o.operation} ${visible(o.table)}`))})\n`)
      else if (upToDate) {
        const folder = visible(path.dirname(upToDate))
        const newest = `the newest migration in ${folder}, ${visible(path.basename(upToDate))}, already has its up migration`
        const state = notApplied ? `is valid: ${newest}, not yet applied to ${visible(notApplied)}` : `is valid and up to date: ${newest}`
        io.stdout.write(`${out.green('✔')} ${visible(shown(file))} ${state} (${summary(result)})\n`)
      } else io.stdout.write(`${out.green('✔')} ${visible(shown(file))} is valid (${summary(result)})\n`)
    }
    if (unreadable.length > 0 && checked.length > 1) {
      io.stderr.write(`${c.red('✘')} ${unreadable.length} of ${checked.length} files could not be read (${listOf(unreadable.map((x) => visible(shown(x.file))))}); the others were checked\n`)
    }
  }
  // A file that cannot be read is a usage error (exit 2), as it is with one file; else 1 when one has errors.
  if (unreadable.length > 0) return EXIT_USAGE
  return ok ? EXIT_OK : EXIT_INVALID
}

/**
 * A spec file of `check`, read: `{ file, spec, dir }` (readSpec), or `{ file, unreadable }`, the
 * usage error of a file that cannot be read, is not JSON, has a key twice in one object or has a
 * number JSON.parse changes (SPEC_UNREADABLE, SPEC_NOT_JSON, SPEC_DUPLICATE_KEY, SPEC_NUMBER_ROUNDED), so that the other files are checked.
 */
function readSpecOf(file, io) {
  try {
    return { file, ...readSpec(file, io) }
  } catch (err) {
    if (err instanceof UsageError && err.code !== 'USAGE') return { file, unreadable: err }
    throw err
  }
}

/**
 * `check --json`'s object, of the same shape whatever the number of files: `{ ok, files: [{ file,
 * ok, validation, changes? }] }`, a file that could not be read as `{ file, ok: false, error: {
 * code, message, path? } }`. As before `files` was given for one file too, a single file's
 * `validation` (and `changes`) are also at the top, and when a file could not be read the first
 * such `error` is too (the usage error's `{ ok: false, error }` that was the whole output then).
 */
function checkJson(checked, ok, failOnChanges) {
  const errorOf = (err) => ({ code: err.code, message: err.message, ...(err.path !== undefined ? { path: err.path } : {}) })
  const withChanges = (x) => ({ ...(failOnChanges ? { changes: x.changes } : {}), ...(x.upToDate ? { upToDate: x.upToDate } : {}) })
  const files = checked.map((x) => (x.unreadable ? { file: x.file, ok: false, error: errorOf(x.unreadable) } : { file: x.file, ok: x.ok, validation: x.result.validation, ...withChanges(x) }))
  const first = checked.find((x) => x.unreadable)
  const single = checked.length === 1 && !first ? { validation: checked[0].result.validation, ...withChanges(checked[0]) } : {}
  return { ok, ...(first ? { error: errorOf(first.unreadable) } : {}), ...single, files }
}

/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts color and
 * cursor sequences, BEL rings, CR/LF move), DEL, C1 controls (0x9b is a one-byte CSI),
 * the Unicode line and paragraph separators, and the bidi embeddings, overrides and isolates
 * (which reorder what follows them on the line).
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const NAMED_ESCAPES = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** `text` with every such character written as an escape (`\n`, `\x1b`, `\u202e`). */
function visible(text) {
  return String(text).replace(INVISIBLE, (ch) => {
    if (NAMED_ESCAPES[ch]) return NAMED_ESCAPES[ch]
    const code = ch.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/** A copy of a value read from a database with every string in it made `visible`. */
function visibleDeep(value) {
  if (typeof value === 'string') return visible(value)
  if (Array.isArray(value)) return value.map(visibleDeep)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visibleDeep(v)]))
  return value
}

/** A column default as SQL. */
function sqlDefault(value) {
  if (value === null) return 'NULL'
  if (typeof value === 'object') return value.expression
  if (typeof value === 'string') return /^CURRENT_(TIMESTAMP|DATE|TIME)$/.test(value) ? value : `'${value.replace(/'/g, "''")}'`
  return String(value)
}

/**
 * A table of a pulled spec, as text. `plainKeys` are its key columns that SQLite numbers
 * without AUTOINCREMENT (a deleted last row's key is given again), which the spec's
 * autoIncrement stands for too: shown as such, not as AUTOINCREMENT (an upgrade trial read the
 * two as the same).
 */
function describeTable(t, c, plainKeys = []) {
  const lines = [c.bold(t.name) + (t.description ? c.dim(`  -- ${t.description}`) : '')]
  const pk = new Set(t.primaryKey || [])
  const typeOf = (col) => col.type + (col.length != null ? `(${col.length})` : col.precision != null ? `(${col.precision}${col.scale != null ? `, ${col.scale}` : ''})` : '')
  const nameWidth = Math.max(...t.columns.map((col) => col.name.length))
  const typeWidth = Math.max(...t.columns.map((col) => typeOf(col).length))
  for (const col of t.columns) {
    const flags = [
      col.nullable ? 'NULL' : 'NOT NULL',
      pk.has(col.name) && pk.size === 1 ? 'PRIMARY KEY' : '',
      col.autoIncrement ? (plainKeys.includes(col.name) ? 'AUTO INCREMENT (rowid, no AUTOINCREMENT)' : 'AUTO INCREMENT') : '',
      col.unique ? 'UNIQUE' : '',
      col.default !== undefined ? `DEFAULT ${sqlDefault(col.default)}` : '',
    ].filter(Boolean)
    lines.push(`  ${col.name.padEnd(nameWidth)}  ${c.cyan(typeOf(col).padEnd(typeWidth))}  ${flags.join(' ')}`)
  }
  if (pk.size > 1) lines.push(`  primary key (${[...pk].join(', ')})`)
  for (const u of t.uniqueConstraints || []) lines.push(`  unique ${u.name} (${u.columns.join(', ')})`)
  for (const ch of t.checkConstraints || []) lines.push(`  check ${ch.name} (${ch.expression})`)
  for (const fk of t.foreignKeys || []) {
    const actions = [fk.onDelete ? ` ON DELETE ${fk.onDelete}` : '', fk.onUpdate ? ` ON UPDATE ${fk.onUpdate}` : ''].join('')
    lines.push(`  foreign key (${fk.columns.join(', ')}) → ${fk.referencedTable}(${fk.referencedColumns.join(', ')})${actions}`)
  }
  for (const ix of t.indexes || []) lines.push(`  ${ix.unique ? 'unique index' : 'index'} ${ix.name} (${ix.columns.join(', ')})${ix.where ? ` WHERE ${ix.where}` : ''}`)
  return lines.join('\n')
}

function runIntrospect(values, positionals, io) {
  const c = painter(io.stdout, io.env)
  const ce = painter(io.stderr, io.env)
  if (positionals.length === 0) throw new UsageError('missing DB_PATH argument')
  if (positionals.length > 1) throw new UsageError(`introspect takes one DB_PATH, not ${positionals.length} arguments`)
  if (values.dialect !== undefined && !DIALECTS.includes(values.dialect)) {
    throw new UsageError(`--dialect must be sqlite, postgresql or mysql, not '${values.dialect}'`)
  }
  if (typeof api().pullDatabase !== 'function') {
    const message = `introspection is not available in this build of ${NAME}`
    if (values.json) jsonOut(io, { ok: false, error: { code: 'INTROSPECTION_UNAVAILABLE', message } })
    else io.stderr.write(`${ce.red(ce.bold('error'))}: ${message}\n`)
    return EXIT_INVALID
  }
  const db = path.resolve(io.cwd, positionals[0])
  let pulled
  try {
    pulled = api().pullDatabase(db, values.dialect)
  } catch (e) {
    if (!(e instanceof Error) || typeof e.code !== 'string') throw e
    if (values.json) jsonOut(io, { ok: false, error: { code: e.code, message: e.message, path: e.path } })
    else io.stderr.write(`${ce.red(ce.bold('error'))} ${ce.bold(e.code)}: ${visible(e.message)}\n`)
    return e.code === 'DB_NOT_FOUND' ? EXIT_USAGE : EXIT_INVALID
  }
  const { spec, leftOut } = pulled
  // An older addon gives no `renamed`.
  const renamed = pulled.renamed ?? []
  if (values.json) {
    // stdout is the spec, with what it leaves out (and why) in its `leftOut` field and the
    // names it gives in place of the database's in its `renamed` field, which the generator
    // does not read: a program sees them (a user trial's Prisma tables went missing from the
    // JSON without a word), and stderr stays empty for it; a person at a terminal is told on
    // stderr too.
    jsonOut(io, { ...spec, ...(leftOut.length ? { leftOut } : {}), ...(renamed.length ? { renamed } : {}) })
    if ((leftOut.length || renamed.length) && io.stderr.isTTY) {
      const lines = [
        ...renamed.map((r) => `${ce.yellow(ce.bold('warning'))} ${ce.cyan(visible(r.table))}: ${renamedLine(r)}`),
        ...leftOut.map((l) => `${ce.yellow(ce.bold('warning'))} ${l.table === null ? '' : `${ce.cyan(visible(l.table))}: `}not in the spec: ${visible(l.what)}`),
      ]
      const notes = [renamed.length ? RENAMED_NOTE : '', leftOut.length ? LEFT_OUT_NOTE : ''].filter(Boolean)
      io.stderr.write(`${lines.join('\n')}\n${notes.map((n) => `  ${ce.dim(`→ ${n}`)}`).join('\n')}\n`)
    }
    return EXIT_OK
  }
  // Names, defaults and expressions come from the file, which anyone may have made: shown on a
  // terminal, they must not be able to move the cursor, recolor it or reorder the line.
  const tables = (spec.tables || []).map(visibleDeep)
  const notInSpec = (table) => leftOut.filter((l) => l.table === table).map((l) => `  ${c.yellow('not in the spec:')} ${visible(l.what)}`)
  // The leftOut entry of a plain INTEGER PRIMARY KEY: "the key 'id' without AUTOINCREMENT (…)".
  const plainKeys = (table) => leftOut.filter((l) => l.table === table).map((l) => /^the key '(.*)' without AUTOINCREMENT/.exec(l.what)?.[1]).filter((k) => k !== undefined)
  const renamedIn = (table) => renamed.filter((r) => r.table === table).map((r) => `  ${c.yellow(renamedLine(r))}`)
  const blocks = tables.map((t, i) => [describeTable(t, c, plainKeys(spec.tables[i].name)), ...renamedIn(spec.tables[i].name), ...notInSpec(spec.tables[i].name)].join('\n'))
  const views = leftOut.filter((l) => l.table === null).map((l) => `${c.yellow('not in the spec:')} ${visible(l.what)}`)
  if (views.length) blocks.push(views.join('\n'))
  const text = blocks.length ? blocks.join('\n\n') : c.dim('(no tables)')
  const note = [renamed.length ? RENAMED_NOTE : '', leftOut.length ? LEFT_OUT_NOTE : ''].filter(Boolean).map((n) => `\n\n${c.dim(n)}`).join('')
  // Tables left out whole (a virtual table, a name no spec can give) are counted beside the
  // spec's and listed with the views, each with its reason.
  const wholeTables = leftOut.filter((l) => l.table === null && /^the (?:virtual )?table '/.test(l.what)).length
  const more = wholeTables ? ` (${wholeTables} more left out of the spec)` : ''
  io.stdout.write(`${c.dim(`${visible(positionals[0])}: ${tables.length} table${tables.length === 1 ? '' : 's'}${more}`)}\n\n${text}${note}\n`)
  return EXIT_OK
}

/** A name a pull gives in place of the database's, as `introspect` shows it. */
function renamedLine(r) {
  return `renamed: the ${r.kind === 'unique' ? 'unique constraint' : r.kind === 'check' ? 'check constraint' : r.kind} '${visible(r.from)}' is '${visible(r.to)}' in the spec (${visible(r.why)})`
}

/** What `introspect` says of the names a pulled spec gives in place of the database's. */
const RENAMED_NOTE =
  'What is marked "renamed" is in the spec under the name shown: a database made from the spec has that name (every key, index and expression that names it follows).'

/** What `introspect` says of what a pulled spec leaves out. */
const LEFT_OUT_NOTE =
  'A spec has no form for what is marked "not in the spec": generating from the pulled spec against this database leaves it as it is; a database made from the spec will not have it.'

/** `up` / `down`: prints one half of a migration file. */
function runHalf(which) {
  return (values, positionals, io) => {
    if (positionals.length === 0) throw new UsageError('missing MIGRATION.sql argument')
    if (positionals.length > 1) throw new UsageError(`${which} takes one MIGRATION.sql, not ${positionals.length} arguments`)
    const stdin = positionals[0] === STDIN
    const file = stdin ? undefined : path.resolve(io.cwd, positionals[0])
    let text
    try {
      text = decodeText(stdin ? io.readStdin(MIGRATION_READ_CAP) : readCapped(file, MIGRATION_READ_CAP))
    } catch (err) {
      const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.code === 'ETOOBIG' ? err.message : err.code || err.message
      throw fileUsageError('MIGRATION_UNREADABLE', `cannot read migration ${shown(positionals[0])}: ${why}`, file)
    }
    const sql = migrationHalf(text, which)
    if (sql === null) {
      throw fileUsageError('NOT_A_MIGRATION', `${shown(positionals[0])} is not a migration file of ${NAME}: it needs one '-- UP MIGRATION' line and then one '-- DOWN MIGRATION' line`, file)
    }
    if (values.json) jsonOut(io, { ok: true, sql })
    else io.stdout.write(sql)
    return EXIT_OK
  }
}

/** What other migration tools call an option of ours (Prisma Migrate and Drizzle Kit: --name). */
const OTHER_NAMES = { name: 'description', 'create-only': 'dry-run', schema: 'SPEC.json' }

/**
 * The sentence for an error of parseArgs, about the argument as it was typed: an unknown
 * option whole (`-spec.json`, not its letter `-s`), with the option meant when it is one of
 * ours written otherwise (`--Out`, `--dryrun`, `--name`); an option whose value looks like an
 * option; an option without its value or with one it does not take.
 */
function parseProblem(err, args, options) {
  const message = String(err.message)
  const end = args.indexOf('--')
  const before = end === -1 ? args : args.slice(0, end)
  const squash = (n) => n.toLowerCase().replace(/[-_]/g, '')
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = (a) => {
      if (a.startsWith('--')) return Object.hasOwn(options, a.slice(2).split('=')[0])
      return [...a.slice(1)].every((ch) => Object.values(options).some((o) => o.short === ch))
    }
    const typed = before.find((a, i) => a.startsWith('-') && a !== '-' && !known(a) && !(i > 0 && before[i - 1].startsWith('--') && options[before[i - 1].slice(2)]?.type === 'string'))
    if (typed !== undefined) {
      const name = typed.replace(/^--?/, '').split('=')[0]
      const meant = Object.keys(options).find((o) => squash(o) === squash(name)) ?? (Object.hasOwn(OTHER_NAMES, name.toLowerCase()) ? OTHER_NAMES[name.toLowerCase()] : undefined)
      if (meant === 'SPEC.json') return `unknown option '${typed}': give the spec file as the argument`
      if (meant !== undefined) return `unknown option '${typed}' (did you mean --${meant}?)`
      const elsewhere = typed.startsWith('--') ? Object.keys(OPTIONS).filter((cmd) => OPTIONS[cmd] !== options && Object.hasOwn(OPTIONS[cmd], name)) : []
      if (elsewhere.length) return `unknown option '${typed}' (an option of ${elsewhere.join(' and ')} only)`
      if (!typed.startsWith('--') && typed.length > 2) return `unknown option '${typed}' (for a file whose name starts with '-', write ./${typed} or put it after --)`
      return `unknown option '${typed}'`
    }
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const ambiguous = /^Option '(--?[^' ]+)' argument is ambiguous/.exec(message)
    if (ambiguous) {
      const next = before[before.indexOf(ambiguous[1]) + 1]
      if (next !== undefined) return `option '${ambiguous[1]}' needs a value, and '${next}' looks like an option (for a value that starts with '-', write ${ambiguous[1]}=${next})`
    }
    const missing = /^Option '(--?[^' ]+) <value>' argument missing/.exec(message)
    if (missing) return `option '${missing[1]}' needs a value`
    const takesNone = /^Option '(--?[^' ]+)' does not take an argument/.exec(message)
    if (takesNone) return `option '${takesNone[1]}' takes no value`
  }
  const line = message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '')
  return line.charAt(0).toLowerCase() + line.slice(1)
}

const COMMANDS = { generate: runGenerate, check: runCheck, introspect: runIntrospect, up: runHalf('up'), down: runHalf('down') }

/**
 * A bug (an error that is neither a usage problem nor a MigrationGeneratorError) in a --json
 * run: `{ ok: false, error: { code: 'INTERNAL_ERROR', message } }` on stdout and exit code 1,
 * as bin/ reports it in text; the stack goes to stderr only when DEBUG is set, as there.
 */
function internalError(err, io) {
  jsonOut(io, { ok: false, error: { code: 'INTERNAL_ERROR', message: `internal error: ${err && err.message}` } })
  if (io.env.DEBUG) io.stderr.write(`${err && err.stack}\n`)
  return EXIT_INVALID
}

/** Prints a help text (HELP[topic]): as it is, or with --json as `{ ok: true, help }`. */
function printHelp(io, topic, json) {
  if (json) jsonOut(io, { ok: true, help: HELP[topic] })
  else io.stdout.write(`${HELP[topic]}\n`)
  return EXIT_OK
}

/** Prints the package version: as it is, or with --json as `{ ok: true, version }`. */
function printVersion(io, json) {
  const { version } = require('../package.json')
  if (json) jsonOut(io, { ok: true, version })
  else io.stdout.write(`${version}\n`)
  return EXIT_OK
}

/** The process's working folder, or null when it no longer exists (deleted under the shell). */
function workingFolder() {
  try {
    return process.cwd()
  } catch {
    return null
  }
}

/**
 * Runs the command line.
 * @param {string[]} argv the arguments after the program name
 * @param {{ stdout?: NodeJS.WritableStream, stderr?: NodeJS.WritableStream, env?: object, cwd?: string, stdin?: string, signals?: boolean }} [streams]
 *   `signals`: write the files on a worker thread, undone on SIGINT or SIGTERM (bin/; see writeThen)
 * @returns {number | Promise<number>} the exit code (a promise only with `signals`, when files are written)
 */
function main(argv, streams = {}) {
  const io = {
    stdout: streams.stdout || process.stdout,
    stderr: streams.stderr || process.stderr,
    env: streams.env || process.env,
    cwd: streams.cwd || workingFolder(),
    // `-` as a file: the text given as `stdin`, else the process's standard input.
    readStdin: (cap) => (streams.stdin !== undefined ? streams.stdin : readCapped(0, cap)),
    // Files written on a worker thread, SIGINT and SIGTERM undoing them (writeThen): bin/ only.
    signals: Boolean(streams.signals),
  }
  // Until the command's options are parsed, --json is read from the raw arguments.
  const json = jsonRequested(argv)
  const usage = (message, command) => usageError(new UsageError(message), command, json, io)
  // --json may also come before the command (`--json generate spec.json`, `--json --help`): it is
  // moved after it, where the command's options are parsed.
  const lead = argv.findIndex((a) => a !== '--json')
  const args = lead > 0 ? [argv[lead], ...argv.slice(0, lead), ...argv.slice(lead + 1)] : argv
  const [first, ...rest] = args
  if (first === undefined) {
    io.stderr.write(`${HELP.main}\n`)
    return EXIT_USAGE
  }
  if (first === '--help' || first === '-h') return printHelp(io, 'main', json)
  if (first === 'help') {
    const topics = rest.filter((a) => a !== '--json')
    const [topic] = topics
    if (topics.length > 1) return usage(`help takes one command, not ${topics.length} arguments`)
    if (topic && !HELP[topic]) return usage(`unknown command '${topic}'`)
    return printHelp(io, topic || 'main', json)
  }
  if (first === '--version' || first === '-v') return printVersion(io, json)
  const run = COMMANDS[first]
  if (!run) return usage(first.startsWith('-') ? `unknown option '${first}' (give a command first)` : `unknown command '${first}' (use generate, check, introspect, up or down)`)
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS[first], allowPositionals: true, strict: true })
  } catch (err) {
    return usage(parseProblem(err, rest, OPTIONS[first]), first)
  }
  if (parsed.values.help) return printHelp(io, first, Boolean(parsed.values.json))
  if (parsed.values.version) return printVersion(io, Boolean(parsed.values.json))
  try {
    // An empty value (`--out "$DIR"` with DIR unset) would name the working folder itself; an
    // empty --description names no file.
    for (const [name, value] of Object.entries(parsed.values)) {
      if (value === '') throw new UsageError(`--${name} needs a value, not an empty one`)
    }
    // Both say what the database holds (the core refuses the pair): a mistake of the command line.
    if (parsed.values.db !== undefined && parsed.values.previous !== undefined) {
      throw new UsageError('--db and --previous both say what the database holds: give one of them (--db for a SQLite file, --previous for PostgreSQL and MySQL)')
    }
    if (parsed.positionals.includes('')) throw new UsageError('an empty argument names no file')
    if (io.cwd === null) {
      throw new UsageError('the working folder no longer exists (it was deleted or moved): change to an existing folder', { hint: false, code: 'CWD_NOT_FOUND' })
    }
    const code = run(parsed.values, parsed.positionals, io)
    // Writing on a worker thread (io.signals): the exit code comes later.
    return typeof code === 'number' ? code : code.catch((err) => failed(err, first, parsed.values, io))
  } catch (err) {
    return failed(err, first, parsed.values, io)
  }
}

/**
 * A command's error that is not a result: a usage error (exit 2), an addon that does not load,
 * or a bug (with --json, INTERNAL_ERROR; in text, thrown again for bin/ to print in one line).
 */
function failed(err, command, values, io) {
  if (err instanceof UsageError) return usageError(err, command, Boolean(values.json), io)
  if (err instanceof AddonUnavailable) {
    if (values.json) jsonOut(io, { ok: false, error: { code: err.code, message: err.message } })
    else io.stderr.write(`${NAME}: ${painter(io.stderr, io.env).red(visible(err.message))}\n`)
    if (io.env.DEBUG) io.stderr.write(`${err.stack}\n`)
    return EXIT_INVALID
  }
  if (values.json) return internalError(err, io)
  // In text, bin/ prints it as one line.
  throw err
}

module.exports = { main, migrationHalf, jsonRequested, OPTIONS, EXIT_OK, EXIT_INVALID, EXIT_USAGE }
