'use strict'
/**
 * Writing a generated migration and its TypeScript types to disk.
 *
 * - The migration goes to `{rootDir}/database/migrations/{filename}` and is never overwritten.
 * - Each table's types go to `{rootDir}/types/generated/db/{table}.d.ts` (`index.table.d.ts` for a
 *   table named `index`; regenerated every time),
 *   with an `index.d.ts` that re-exports every generated table file in that folder and exports a
 *   `Database` interface for Kysely (table name → a table type built from the table's row,
 *   insert and update interfaces, so inserts need only the required columns), without
 *   importing kysely.
 * - Every file is written to a temporary name in its own folder, flushed, then moved into place,
 *   so a crash or a full disk never leaves a half-written file. If anything fails, the files and
 *   folders this call created are removed again. Temporary files and backups left by a writer
 *   that was killed are removed by the next write once their process is known to be gone (at
 *   once in this process-id namespace, else once older than 30 s: removeStaleScratch), and
 *   listed in its result's `leftoversRemoved`.
 * - No path written may leave `rootDir` (symbolic links included).
 * - The migration is placed last, after every type file and index.d.ts (placeTypes, still under
 *   the types lock), so a migration file that is there was written with all its types: a writer
 *   killed mid-write leaves no migration, and running it again writes the whole result again.
 *   A migration already there with the very content to write (but for its `-- Generated:`
 *   line) is still FILE_EXISTS, whose message says so (migrationExists); so is a numbered
 *   migration whose very generation is already in the folder under another number
 *   (numberedBefore), before anything is written.
 * - Several processes (or threads) may write into the same folders at once. The migration's
 *   name is taken without a lock: numbered migrations get distinct numbers, and timestamped ones
 *   distinct timestamps (a writer claims its number with a hidden `.N.migration-number-claim`
 *   file, or its timestamp with a `.YYYYMMDDHHMMSS.migration-timestamp-claim` file, while it
 *   writes; a claim left by a killed or crashed process whose process is known to be gone is
 *   removed by the next write before it claims, which then takes that number or second:
 *   removeStaleClaims; one that may still be a live writer's makes its number be skipped, or
 *   later writers of its second go one second after it). The types folder is changed under a short
 *   exclusive lock (`.migration-types.lock` in that folder, see lockTypes and placeTypes): the
 *   type-name check, placing the table files, writing index.d.ts, placing the migration last,
 *   and undoing the types on failure, so
 *   a failed writer never removes or puts back over another writer's file, a conflicting writer
 *   places nothing there, and index.d.ts lists exactly the table files in the folder. A lock
 *   left by a process that is gone, or older than 30 s, is broken.
 * - The command line's writes (`options.refuseEarlierRepeated`) check the earlier migrations
 *   again once the number or timestamp is claimed (TABLE_CREATED_BEFORE and the like, with
 *   lib/earlier-migrations.js's function, the one lib/cli.js runs before writing): after the
 *   writers holding claims ordered before theirs have placed their migration or given up, and
 *   under a lock of the migrations folder (`.migration-order.lock`, see lockOrder) held until
 *   the migration is placed. They also claim their number or timestamp under that lock
 *   (claimInOrder), so none claims one below a migration being placed after its check. So of
 *   `generate` runs at once that create one table, the one whose number or timestamp comes first
 *   is written and the others are refused.
 *
 * `planMigrationFiles` does everything but write (it reads the migrations folder to number a
 * `fileFormat: 'numbered'` migration, and claims nothing); the command line uses it for
 * `--dry-run`.
 */
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const os = require('node:os')
const { StringDecoder } = require('node:string_decoder')
const { MigrationGeneratorError, readingThrew } = require('./errors.js')
const { isInside, notRegularKind, readingRegular, O_NONBLOCK } = require('./fs-helpers.js')
const { earlierRepeatedErrors } = require('./earlier-migrations.js')
const { refuseUnknownOptions } = require('./option-names.js')
const { ofAnotherDialect } = require('./migration-header.js')

const DEFAULT_MIGRATIONS_DIR = path.join('database', 'migrations')
const DEFAULT_TYPES_DIR = path.join('types', 'generated', 'db')
/** A timestamp file name starts with exactly 14 digits (`YYYYMMDDHHMMSS_`). */
const TIMESTAMP_DIGITS = 14
const NUMBERED_FILE = /^(\d+)_.+\.sql$/
const TIMESTAMPED_FILE = /^(\d{14})_(.+\.sql)$/
/** A hidden file claiming a migration number (unpadded) for a writer about to place it. */
const CLAIM_FILE = /^\.(\d+)\.migration-number-claim$/
const claimName = (n) => `.${n}.migration-number-claim`
/** A hidden file claiming a 14-digit timestamp for a writer about to place a migration of it. */
const STAMP_CLAIM_FILE = /^\.(\d{14})\.migration-timestamp-claim$/
const stampClaimName = (stamp) => `.${stamp}.migration-timestamp-claim`
const SAFE_FILENAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.sql$/
const SAFE_TABLE = /^[A-Za-z_][A-Za-z0-9_]*$/
const SAFE_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const GENERATED_MARK = '// Generated by migration-generator'
const TABLE_MARK = /^\/\/ Table: ([A-Za-z_][A-Za-z0-9_]*), row interface: ([A-Za-z_$][A-Za-z0-9_$]*)$/m
/**
 * The third line of a table file: the dialect its types are for, which index.d.ts reads back to
 * name the driver settings those types need (a file written before this line existed has none).
 */
const DATABASE_MARK = /^[^\n]*\n\/\/ Table: [^\n]*\n\/\/ Database: (sqlite|postgresql|mysql)\b/
/** The dialects a table file's `// Database:` line names. */
const DATABASES = ['sqlite', 'postgresql', 'mysql']
/**
 * What index.d.ts says about each dialect's driver settings (README, "Driver settings"): the
 * types match what pg, PGlite and mysql2 return only under them. SQLite's drivers need none.
 */
const DRIVER_SETTINGS = {
  postgresql: [
    '// PostgreSQL: these are the types pg returns with `types: pgTypes(pg.types)`, and PGlite with',
    "// `parsers: pgliteParsers()` (migration-generator's driver settings; by default BIGINT, NUMERIC",
    '// and the dates differ).',
  ],
  mysql: [
    '// MySQL: these are the types mysql2 returns with `...mysql2Options()` in its connection options',
    "// (migration-generator's driver settings; by default BOOLEAN, DECIMAL and the dates differ).",
  ],
}

const fail = (code, message, details) => new MigrationGeneratorError(code, message, details)

/** Why a file-system call failed, in words. */
function reason(err) {
  switch (err && err.code) {
    case 'ENOSPC':
      return 'the disk is full'
    case 'EDQUOT':
      return 'the disk quota is exhausted'
    case 'EFBIG':
      return 'the file is larger than the system allows'
    case 'EROFS':
      return 'the file system is read-only'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder'
    case 'EISDIR':
      return 'it is a folder'
    case 'EEXIST':
      return 'it already exists'
    case 'ENAMETOOLONG':
      return 'the path is too long'
    default:
      return (err && err.message) || String(err)
  }
}

/**
 * What to do about a failed write in the folder `dir` (`named`: the message already names that
 * folder), by the error's code ('' when there is nothing to say but the reason). A permission
 * error or a read-only file system is the folder's: every file is written as a new one there (a
 * temporary file, then a link or a rename), which needs the folder to be writable.
 */
function writeFix(dir, err, named) {
  switch (err && err.code) {
    case 'EACCES':
    case 'EPERM':
      return `check that this user may write ${named ? 'there' : `in the folder ${dir}`} (the owner and permissions of the folder and of the folders above it), or choose another folder`
    case 'EROFS':
      return 'choose another folder, on a file system that can be written'
    case 'ENOTDIR':
      return 'move the file that is in the way, or choose another folder'
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space, then write again'
    default:
      return ''
  }
}

/**
 * The WRITE_FAILED error for a failure to write (create, replace or remove) `target`. When
 * `target` is one of the writer's own hidden files (a name starting with `.`: a claim on a
 * migration number or timestamp, the types lock, a temporary file or backup), the folder is
 * named instead: the user never asked for that file, and its name tells nothing (a read-only
 * --out folder was reported as `cannot write …/.20261205090000.migration-timestamp-claim`, a
 * user trial). A permission error, a read-only file system, a file in the path or a full disk
 * also says what to do (see writeFix). `path` is the folder for a hidden file, else `target`.
 */
function writeFailed(target, err) {
  const dir = path.dirname(target)
  const hidden = path.basename(target).startsWith('.')
  const what = hidden ? `cannot write in the folder ${dir}` : `cannot write ${target}`
  const fix = writeFix(dir, err, hidden)
  return fail('WRITE_FAILED', `${what}: ${reason(err)}${err && err.code ? ` (${err.code})` : ''}${fix ? `; ${fix}` : ''}`, { path: hidden ? dir : target, cause: err })
}

/** The deepest existing ancestor of `p` (or `p` itself), resolved through symbolic links. */
function realExistingAncestor(p) {
  let current = p
  for (;;) {
    try {
      return { real: fs.realpathSync(current), existing: current }
    } catch (err) {
      const parent = path.dirname(current)
      if (parent === current || (err.code !== 'ENOENT' && err.code !== 'ENOTDIR')) throw err
      current = parent
    }
  }
}

/**
 * The WRITE_FAILED error writing in the folder `dir` meets when a file (not a folder) is in the
 * way: `dir` itself, or a folder above it, is a file. Got from the file system (reading `dir`
 * fails with ENOTDIR) and worded by writeFailed as the write's own failure is: `dir` itself a
 * file fails at the first file the write makes in it (a hidden claim, lock or temporary file:
 * the folder is named); a file above it fails at the first folder makeDirs creates (that folder
 * is named). planFiles throws it, so a dry run says what the write says, and the write says it
 * before anything is made; the command line's `check` reports it. Null otherwise.
 */
function folderInTheWay(dir) {
  try {
    fs.readdirSync(dir)
    return null
  } catch (err) {
    if (err.code !== 'ENOTDIR') return null
    // A hidden name in `dir`: writeFailed names the folder, as for the write's claim or lock.
    if (fs.existsSync(dir)) return writeFailed(path.join(dir, TYPES_LOCK), err)
    let first = dir
    while (!fs.existsSync(path.dirname(first)) && path.dirname(first) !== first) first = path.dirname(first)
    return writeFailed(first, err)
  }
}

/** Resolves a folder option against the root, refusing anything that leaves it. */
function resolveDir(root, realRoot, option, fallback, name) {
  if (option !== undefined && (typeof option !== 'string' || option === '')) {
    throw fail('INVALID_ARGUMENT', `options.${name} must be a non-empty string`)
  }
  const dir = path.resolve(root, option === undefined ? fallback : option)
  if (!isInside(root, dir)) {
    throw fail('PATH_OUTSIDE_ROOT', `${name} ${dir} is outside rootDir ${root}`, { path: dir })
  }
  let real
  try {
    real = realExistingAncestor(dir).real
  } catch (err) {
    throw fail('WRITE_FAILED', `cannot use ${dir}: ${reason(err)}`, { path: dir, cause: err })
  }
  if (!isInside(realRoot, real)) {
    throw fail('PATH_OUTSIDE_ROOT', `${name} ${dir} leads outside rootDir ${root} through a symbolic link`, { path: dir })
  }
  return dir
}

/** A file directly inside `dir`, refusing names that are not plain file names. */
function fileIn(dir, name, what) {
  const target = path.resolve(dir, name)
  if (name !== path.basename(name) || path.dirname(target) !== dir) {
    throw fail('PATH_OUTSIDE_ROOT', `refusing to write ${what} '${name}': it is not a plain file name`, { path: target })
  }
  return target
}

/** Lists a folder, or [] when it does not exist yet. */
function list(dir) {
  try {
    return fs.readdirSync(dir)
  } catch (err) {
    // Not there yet, or a file is in the way (creating the folder will report that).
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return []
    throw fail('READ_FAILED', `cannot read ${dir}: ${reason(err)}`, { path: dir, cause: err })
  }
}

/**
 * The numbered migrations in a folder: the highest `NNN_*.sql` number, the widest width in use
 * (0 when there is none), every number placed, and the numbers claimed by writers (claim files,
 * see claimNumber). Timestamp-named files (14 digits) are not counted (planFiles refuses a numbered migration beside them).
 */
function numbersInUse(migrationsDir) {
  let highest = 0
  let width = 0
  const placed = new Set()
  const claimed = new Set()
  for (const name of list(migrationsDir)) {
    const claim = CLAIM_FILE.exec(name)
    if (claim) claimed.add(Number.parseInt(claim[1], 10))
    const m = NUMBERED_FILE.exec(name)
    if (!m || m[1].length >= TIMESTAMP_DIGITS) continue
    const n = Number.parseInt(m[1], 10)
    placed.add(n)
    highest = Math.max(highest, n)
    width = Math.max(width, m[1].length)
  }
  return { highest, width, placed, claimed }
}

/**
 * The timestamps in use in a folder: the newest of the timestamped migrations placed and of the
 * timestamps claimed by writers (claim files, see claimTimestamp), or null when there is none;
 * `placed`, the timestamps of the files; and `same`, when a file is named `filename` itself.
 * Given `asked` and `rest` (the timestamp and the rest of `filename`), `same` is also a file
 * `{stamp}_{rest}`, or a claim (other than `ownClaim`) whose writer is not known to be gone
 * naming `rest`, of the second `asked` or a later one: this migration, placed or being placed by
 * a writer of that second (claimTimestamp). `same` is `{ name, claim? }`, or null.
 */
function stampsInUse(migrationsDir, filename, asked, rest, ownClaim) {
  let newest = null
  let same = null
  const placed = new Set()
  for (const name of list(migrationsDir)) {
    if (name === filename) same = { name }
    const file = TIMESTAMPED_FILE.exec(name)
    const m = file ?? STAMP_CLAIM_FILE.exec(name)
    if (!m) continue
    if (file) placed.add(m[1])
    if (newest === null || m[1] > newest) newest = m[1]
    if (same || rest === undefined || m[1] < asked) continue
    if (file) {
      if (file[2] === rest) same = { name }
      continue
    }
    const claimPath = path.join(migrationsDir, name)
    if (claimPath === ownClaim) continue
    const info = stampClaim(claimPath)
    if (info.migration === rest && !claimGone(info, claimPath)) same = { name: `${m[1]}_${rest}`, claim: claimPath }
  }
  return { newest, placed, same }
}

/**
 * The name a timestamped migration is written under: `filename` itself, unless another
 * timestamped migration in the folder, or a timestamp claimed by a writer placing one
 * (claimTimestamp), has the same timestamp or a later one — then one second after the latest of
 * them (as Rails' generator does), with the description kept. Runners apply files in name
 * order, so without this a migration generated in the same second as the one before it sorted
 * by description and could run first (`…_add_orders` before `…_create_users` that it
 * references), and one generated on a clock behind a colleague's ran before theirs. A file of
 * the very same name is left to FILE_EXISTS (the same migration, written again).
 */
function timestampAfterNewest(migrationsDir, filename) {
  const stamped = TIMESTAMPED_FILE.exec(filename)
  if (!stamped) return filename
  const { newest, same } = stampsInUse(migrationsDir, filename)
  if (same || newest === null || newest < stamped[1]) return filename
  return `${stampAfter(migrationsDir, newest)}_${stamped[2]}`
}

/**
 * The timestamp one second after `newest` (or, when `newest` is no real date and time, the
 * first real one after it: secondAfter); NUMBERING_EXHAUSTED when no 14 digits sort after it.
 */
function stampAfter(migrationsDir, newest) {
  const next = secondAfter(newest)
  // Past the year 9999 there are no 14 digits to write.
  if (next === null || next.length !== TIMESTAMP_DIGITS || next <= newest) {
    throw fail('NUMBERING_EXHAUSTED', `the newest migration in ${migrationsDir} has the timestamp ${newest}, and no 14-digit timestamp sorts after it`, { path: migrationsDir })
  }
  return next
}

/**
 * Claims the timestamp a timestamped migration is written under (timestampAfterNewest), so that
 * writers in several processes (or threads) never place two migrations of one timestamp — eight
 * `generate --now …` at once would otherwise each take the same second, and the order of their
 * files would be the order of their descriptions. Returns `{ number, claimPath }` (number: the
 * 14 digits), as claimNumber does, and works the same way: a hidden
 * `.{stamp}.migration-timestamp-claim` file created with 'wx' (of two writers, one gets EEXIST
 * and plans again, one second after the claim it met), removed only after the migration is
 * placed (or the write undone); after claiming, the folder is read again, and a file placed
 * meanwhile with this very timestamp makes the claim be given up and the timestamp planned
 * again, later. So two placed files never share a timestamp. A claim left by a crashed process
 * is removed by the next write when its process is known to be gone (removeStaleClaims); one
 * that is not makes later writers of that second, or an earlier one, go one second after it.
 *
 * The claim names the migration (the file name after the timestamp) and its writer (stampClaim),
 * so that writers of the same migration — the same description asked for the same second, six
 * `generate spec.json --now …` at once — do not each take a second of their own and place it
 * twice (two CREATE TABLE users): the migration is FILE_EXISTS when the folder holds it already
 * under that second or a later one, or when another writer's claim of such a second names it
 * (refuseSameMigration), checked before claiming and again after. Of two writers of one
 * migration, at most one places it (each checks after its claim exists, so the later check sees
 * the other's claim or file); in the rare case that both hold claims at once, both fail. A claim
 * of a writer known to be gone (claimGone) names nothing. Claims left by crashed writers are
 * removed by later writes once they can no longer matter (removeStaleClaims). `contentFor(name)`,
 * when given, is the migration's content as written under `name` (for migrationExists's message).
 */
function claimTimestamp(migrationsDir, filename, contentFor) {
  const [, asked, rest] = TIMESTAMPED_FILE.exec(filename)
  const content = `${JSON.stringify({ migration: rest, pid: process.pid, host: HOST_TAG, ...(PID_SPACE ? { pids: PID_SPACE } : {}) })}\n`
  for (;;) {
    const { newest, same } = stampsInUse(migrationsDir, filename, asked, rest)
    if (same) throw sameMigration(migrationsDir, same, contentFor)
    const stamp = newest === null || newest < asked ? asked : stampAfter(migrationsDir, newest)
    const claimPath = path.join(migrationsDir, stampClaimName(stamp))
    if (!createClaim(claimPath, content)) continue
    const now = stampsInUse(migrationsDir, filename, asked, rest, claimPath)
    if (now.same) {
      removeQuietly(claimPath)
      throw sameMigration(migrationsDir, now.same, contentFor)
    }
    if (!now.placed.has(stamp)) return { number: stamp, claimPath }
    removeQuietly(claimPath)
  }
}

/**
 * Removes the claims (claimTimestamp, claimNumber) left by writers that were killed or crashed,
 * so that the next write neither takes the second after a dead claim's (a user trial: after a
 * `kill -9`, the same `generate --now …` wrote `…120001_x.sql`, not `…120000_x.sql`) nor
 * skips its number, and claims do not build up in the migrations folder. A claim goes when:
 *
 * - its writer is known to be gone (claimGone: a process of this host that no longer exists, of
 *   this very kernel and process-id namespace, or a claim older than LEFTOVER_AGE_MS). Such a
 *   writer never places its migration (it is placed before its claim is removed), so its second
 *   or number is free again; or
 * - it names no writer (written by a version before claims named theirs), is a timestamp claim
 *   of a second at or before the newest migration placed (no writer plans that second again),
 *   and is older than LEFTOVER_AGE_MS.
 *
 * A claim must be removed only by its own writer while that writer is alive (claimNumber says
 * why). Removing a dead one is safe as long as no other process removes that file and then a
 * third makes a live claim under its name before this one's unlink: so the removal is done
 * holding the order lock (ORDER_LOCK), which every such removal takes, with the candidates read
 * again under it. The lock is taken only when there is a candidate; when it cannot be taken,
 * nothing is removed (best effort: the claim then pushes the write on as before). A claim of
 * another host, whose processes cannot be asked, stays (delete it by hand when no writer is
 * running). A write's `stop` (writeMigrationFiles's) is honoured while it waits for the lock
 * (Interrupted). Returns what it removed, `[{ path, pid }]`.
 */
function removeStaleClaims(migrationsDir, stop) {
  if (staleClaims(migrationsDir).length === 0) return []
  let lock
  try {
    lock = lockTypes(migrationsDir, { stop }, ORDER_LOCK, `remove the claims left in ${migrationsDir}`)
  } catch (err) {
    // A write asked to stop while it waits for the lock stops (nothing of it is written yet).
    if (err instanceof Interrupted) throw err
    return []
  }
  try {
    const removed = []
    for (const c of staleClaims(migrationsDir)) if (removeIfThere(c.path)) removed.push(c)
    return removed
  } finally {
    unlockTypes(lock)
  }
}

/** The claims of `migrationsDir` that removeStaleClaims removes, `[{ path, pid }]` (pid null for a claim naming no writer). */
function staleClaims(migrationsDir) {
  let names
  try {
    names = fs.readdirSync(migrationsDir)
  } catch {
    return []
  }
  let newestPlaced = null
  for (const name of names) {
    const m = TIMESTAMPED_FILE.exec(name)
    if (m && (newestPlaced === null || m[1] > newestPlaced)) newestPlaced = m[1]
  }
  const stale = []
  for (const name of names) {
    const stamp = STAMP_CLAIM_FILE.exec(name)
    if (!stamp && !CLAIM_FILE.test(name)) continue
    const claimPath = path.join(migrationsDir, name)
    const info = stampClaim(claimPath)
    if (info.pid !== undefined) {
      if (claimGone(info, claimPath)) stale.push({ path: claimPath, pid: info.pid })
    } else if (stamp && info.host === undefined && newestPlaced !== null && stamp[1] <= newestPlaced && oldEnough(claimPath)) {
      stale.push({ path: claimPath, pid: null })
    }
  }
  return stale
}

/**
 * What a timestamp claim says: `{ migration, pid, host, pids }` (the file name after the
 * timestamp, the writer's process id, host tag and PID_SPACE, if any), or {} for a claim that
 * names nothing (written by a version before the claims named their migration, being written
 * where links are not supported, unreadable, or not a small regular file).
 */
function stampClaim(claimPath) {
  try {
    // A claim is a line of JSON; anything else under its name (a FIFO, a huge file) names nothing.
    const read = readRegular(claimPath, CLAIM_READ_CAP)
    if (!read || !read.complete) return {}
    const info = JSON.parse(read.text)
    if (!info || typeof info !== 'object') return {}
    return {
      migration: typeof info.migration === 'string' ? info.migration : undefined,
      up: typeof info.up === 'string' ? info.up : undefined,
      pid: Number.isSafeInteger(info.pid) ? info.pid : undefined,
      host: typeof info.host === 'string' ? info.host : undefined,
      pids: typeof info.pids === 'string' ? info.pids : undefined,
    }
  } catch {
    return {}
  }
}

/** The most of a claim or lock file read: a line of JSON of a few dozen bytes. */
const CLAIM_READ_CAP = 4096

/**
 * Whether the writer of a timestamp claim is known to be gone: a process of this host that no
 * longer exists, and either a claim of this very kernel and process-id namespace (PID_SPACE),
 * where a process id that no longer exists is certain, or, by the rule of scratch files
 * (removeStaleScratch), a claim older than LEFTOVER_AGE_MS. So a writer killed with `kill -9`
 * does not block the same command run again (FILE_EXISTS, "being written by another writer")
 * for 30 s; a claim of a writer in another container, which shares the host name and the
 * project folder but not the process ids, still waits out its age.
 */
function claimGone(info, claimPath) {
  if (info.pid === undefined || info.host !== HOST_TAG || !processGone(info.pid)) return false
  return (PID_SPACE !== null && info.pids === PID_SPACE) || oldEnough(claimPath)
}

/**
 * This kernel's boot and this process's process-id namespace (Linux: `boot_id/pid:[…]`), written
 * in a timestamp claim so that another writer can tell its process ids are the same as its own;
 * null where they cannot be read (then only the age tells: claimGone).
 */
const PID_SPACE = (() => {
  try {
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    const ns = fs.readlinkSync('/proc/self/ns/pid')
    return boot && ns ? `${boot}/${ns}` : null
  } catch {
    return null
  }
})()

/**
 * PID_SPACE, short (8 hex digits of its digest), in scratch file names (scratchPath), so that a
 * later writer can tell that their process id is one of its own kernel and namespace
 * (removeStaleScratch); null where PID_SPACE cannot be read.
 */
const SPACE_TAG = PID_SPACE === null ? null : crypto.createHash('sha256').update(PID_SPACE).digest('hex').slice(0, 8)

/**
 * FILE_EXISTS for a migration that is already in the folder, or being written by another
 * writer: `found` is what stampsInUse found (`{ name }` a placed file, `{ claim, name }` a claim
 * and the file its writer is placing); `contentFor(name)`, if given, the migration's content
 * under that name (migrationExists).
 */
function sameMigration(migrationsDir, found, contentFor) {
  const target = path.join(migrationsDir, found.name)
  if (!found.claim) return migrationExists(target, contentFor && contentFor(found.name))
  return fail('FILE_EXISTS', `migration ${target} is being written by another writer at this moment (${found.claim}): a migration of the same description for the same second is written once (give this one another description, or another now / --now; if no writer is running, that claim was left by one that was killed: delete it)`, { path: target })
}

/** The days of month `mo` (1 to 12) of year `y`. */
function daysIn(y, mo) {
  const t = new Date(0)
  t.setUTCFullYear(y, mo, 0)
  return t.getUTCDate()
}

/**
 * The first real date and time (`YYYYMMDDHHMMSS`, UTC) after `stamp`, or null when no such one
 * of the year 9999 or before: one second after it, or, when its 14 digits are no real date and
 * time (a file named by hand `20261399999999_x.sql`, month 13), the first real one that sorts
 * after it (`20270101000000`). A migration is never written under a timestamp that is not a
 * date (`20261400000000`, month 14, which tools that read the timestamp refuse), and still
 * sorts after every file in the folder, so name order stays the order they were made.
 */
function secondAfter(stamp) {
  const f = [0, 4, 6, 8, 10, 12].map((i, k) => Number(stamp.slice(i, k === 0 ? 4 : i + 2)))
  const lowest = [0, 1, 1, 0, 0, 0]
  // The first field out of range: under it, the stamp rounds up to that field's lowest value
  // (the later fields' lowest too); over it, to the next value of the field before it.
  for (let k = 1; k < 6; k++) {
    const highest = [9999, 12, k === 2 ? daysIn(f[0], f[1]) : 31, 23, 59, 59][k]
    if (f[k] < lowest[k]) return stampOf([...f.slice(0, k), ...lowest.slice(k)])
    if (f[k] > highest) return nextOf([...f.slice(0, k), ...lowest.slice(k)], k - 1)
  }
  return nextOf(f, 5)
}

/** The real date and time `f` (year, month, …, second) with its field `unit` one more; null past 9999. */
function nextOf(f, unit) {
  const t = new Date(0)
  t.setUTCFullYear(f[0], f[1] - 1, f[2])
  t.setUTCHours(f[3], f[4], f[5], 0)
  if (unit === 0) t.setUTCFullYear(f[0] + 1)
  else if (unit === 1) t.setUTCMonth(t.getUTCMonth() + 1)
  else t.setTime(t.getTime() + [0, 0, 86_400_000, 3_600_000, 60_000, 1000][unit])
  const y = t.getUTCFullYear()
  if (y > 9999) return null
  return stampOf([y, t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()])
}

/** `YYYYMMDDHHMMSS` of the fields year, month, day, hour, minute, second. */
const stampOf = (f) => f.map((n, k) => String(n).padStart(k === 0 ? 4 : 2, '0')).join('')

/**
 * A migration number as a file name starts: zero-padded to the width in use (3 digits when there
 * is none).
 *
 * Migration runners apply files in name order, so a number wider than those in use (`1000_`
 * after `999_`) would sort first and run out of order, and one of 14 digits would be read as a
 * timestamp: both are refused (NUMBERING_EXHAUSTED) rather than written.
 */
function formatNumber(migrationsDir, n, width) {
  const digits = String(n)
  if ((width > 0 && digits.length > width) || digits.length >= TIMESTAMP_DIGITS) throw numberingExhausted(migrationsDir, digits, width)
  return digits.padStart(width || 3, '0')
}

/**
 * The next number for a numbered migration: one more than the highest `NNN_*.sql` in the folder,
 * skipping numbers claimed by other writers (what writeMigrationFiles would take if nothing
 * changed meanwhile; it does not claim it).
 */
function nextNumber(migrationsDir) {
  const { highest, width, claimed } = numbersInUse(migrationsDir)
  let n = highest + 1
  while (claimed.has(n)) n++
  return formatNumber(migrationsDir, n, width)
}

/**
 * Claims the next number for a numbered migration, so that writers in several processes never
 * take the same one; returns `{ number, claimPath }` (number padded, as in the file name).
 *
 * A claim is a hidden file `.{n}.migration-number-claim` in the migrations folder, created with
 * 'wx' (exclusive: of two writers, one gets EEXIST and moves on to the next number). It is removed
 * only after the migration file is placed (or after the write is undone), so from the moment a
 * number is claimed, its claim or its file exists. After getting a claim the folder is read
 * again: if a file with this number is there now (a writer that listed the folder earlier placed
 * it and released its claim before this one was made), the claim is given up and the number
 * planned again, higher. Hence two placed files never share a number: of two claims of the same
 * number, the later was made after the earlier writer had placed its file, and its check sees
 * that file. This needs a claim to be removed by its own writer only while that writer is alive
 * (one removed by another process could be made again by a third while its writer still places
 * its file); a claim whose writer is known to be gone (claimGone) is removed by the next write
 * (removeStaleClaims, under the order lock), so its number is taken again, with no gap. No lock
 * is held while claiming, so nothing waits on a crashed process: a claim it left that cannot be
 * known to be dead (another host) only makes a gap in the numbering (its number is skipped;
 * none if the file was placed already). Delete such files by hand when no writer is running.
 *
 * Only a file of the very same number makes a claim be given up. A higher one does not: it may
 * have been placed by a writer that skipped this number because of this very claim, and giving
 * the number up then would leave a gap. Every retry starts above the number given up, and
 * NUMBERING_EXHAUSTED bounds the numbers, so the loop ends.
 *
 * The claim names the migration and its writer (`migration`: `rest`, `up`: see numberedIdentity;
 * `pid`, `host`, `pids` as a timestamp claim's). Once this number is claimed, a lower claim of
 * the same migration whose writer is not known to be gone (lowerClaimOfTheSame) makes this one
 * be given up: FILE_EXISTS, "being written at this moment by another writer". So the same spec's
 * `generate` run several times at once writes one numbered migration, not one per run (a CLI
 * trial: 002 to 005 were one migration); one that finds the file placed already is refused by
 * planFiles (numberedBefore) or, from the command line, refuseSameUpAsNewest. Giving way is the
 * one case where a claimed number is given up after a higher one may have been taken (by a
 * writer of another migration meanwhile): the numbering then has a gap (002, 004). Runners
 * take a gap (they apply what is there in order); the same migration under two numbers they
 * would apply twice.
 */
function claimNumber(migrationsDir, migration) {
  const content = `${JSON.stringify({ migration: migration.rest, up: migration.up, pid: process.pid, host: HOST_TAG, ...(PID_SPACE ? { pids: PID_SPACE } : {}) })}\n`
  for (;;) {
    const { highest, width, claimed } = numbersInUse(migrationsDir)
    let n = highest + 1
    let claimPath
    for (;; n++) {
      formatNumber(migrationsDir, n, width)
      if (claimed.has(n)) continue
      claimPath = path.join(migrationsDir, claimName(n))
      if (createClaim(claimPath, content)) break
    }
    if (!numbersInUse(migrationsDir).placed.has(n)) {
      const other = lowerClaimOfTheSame(migrationsDir, n, migration)
      if (other === null) return { number: formatNumber(migrationsDir, n, width), claimPath }
      removeQuietly(claimPath)
      throw fail('FILE_EXISTS', `this migration (NNN_${migration.rest}) is being written at this moment by another writer, with the same description and up migration (${other}): run at the same moment from the same spec, a numbered migration is written once (if no writer is running, that claim was left by one that was killed: delete it)`, { path: other })
    }
    removeQuietly(claimPath)
  }
}

/**
 * What claimNumber's claim says of the migration it is for: `rest`, the file name after the
 * number (its description), and `up`, a digest of its up migration. Two writers at the same moment
 * with the same of both (the same spec's `generate` run twice at once, whose numbered files
 * would only differ in their `-- Generated:` line) write one migration, not two under two numbers.
 */
function numberedIdentity(result, rest) {
  const up = typeof result.upMigration === 'string' ? result.upMigration : String(result.fileContent)
  return { rest, up: crypto.createHash('sha256').update(up).digest('hex') }
}

/**
 * The path of a number claim below `n` for the same migration (numberedIdentity) whose writer is
 * not known to be gone (claimGone), or null. The lowest claim wins: of two writers of one
 * migration, the one that claimed the higher number gives way (each looks after its own claim
 * exists, so the higher one sees the lower one's claim, or its file: planFiles's numberedBefore).
 */
function lowerClaimOfTheSame(migrationsDir, n, migration) {
  for (const name of list(migrationsDir)) {
    const m = CLAIM_FILE.exec(name)
    if (!m || Number.parseInt(m[1], 10) >= n) continue
    const claimPath = path.join(migrationsDir, name)
    const info = stampClaim(claimPath)
    if (info.migration === migration.rest && info.up === migration.up && !claimGone(info, claimPath)) return claimPath
  }
  return null
}

/**
 * For the command line (`options.refuseSameUpAsNewest`, not in the API's types): called once the
 * number or timestamp is claimed, DUPLICATE_MIGRATION when the newest migration placed in the
 * folder has this result's up migration (only its header differs; a file whose header names another
 * dialect is passed over). The command line refuses that
 * before writing; this is the same rule again, for a `generate` of the same spec that placed its
 * file meanwhile (two runs at once, each with its own `-- Generated:` time, wrote the same
 * change twice, under two numbers).
 */
function refuseSameUpAsNewest(migrationsDir, result) {
  const up = upPart(String(result.fileContent))
  if (!up) return
  let newest = null
  for (const name of list(migrationsDir)) {
    const m = NUMBERED_FILE.exec(name)
    if (m && (newest === null || BigInt(m[1]) > newest.n || (BigInt(m[1]) === newest.n && name > newest.name))) newest = { n: BigInt(m[1]), name }
  }
  if (newest === null) return
  const target = path.join(migrationsDir, newest.name)
  const text = readIfFile(target, 2 * Buffer.byteLength(String(result.fileContent)) + 1024 * 1024)
  if (text === null || upPart(text) !== up) return
  // Written for another dialect (its header's `-- Database:`), it does not run where this does.
  if (ofAnotherDialect(text, String(result.fileContent))) return
  throw fail('DUPLICATE_MIGRATION', `the newest migration in ${migrationsDir}, ${newest.name}, already has this up migration: another generate placed it at this moment; apply it (or delete it) before generating again`, { path: target })
}

/** The up half of a migration file's text (between its `-- UP MIGRATION` and `-- DOWN MIGRATION` lines), or null. */
function upPart(text) {
  const m = /^-- UP MIGRATION\r?\n([\s\S]*?)^-- DOWN MIGRATION\r?$/m.exec(text)
  return m ? m[1].replace(/\r\n/g, '\n') : null
}

/**
 * Links the finished temporary file `tmp` in as `target`, which must not exist, and removes
 * `tmp`: true when linked, false when `target` exists already, null where the file system has
 * no hard links (the caller then creates `target` exclusively). Throws WRITE_FAILED otherwise.
 */
function linkInPlace(tmp, target) {
  try {
    fs.linkSync(tmp, target)
    return true
  } catch (err) {
    if (err.code === 'EEXIST') return false
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes(err.code)) throw writeFailed(target, err)
    return null
  } finally {
    removeQuietly(tmp)
  }
}

/**
 * Creates a claim file, holding `content` if given; false when it exists already (another
 * writer holds that number or timestamp). A claim with content is a hard link to a finished
 * temporary file, so it is never read half written; where links are not supported it is
 * created with 'wx' and then written (read meanwhile, it names nothing: stampClaim).
 */
function createClaim(claimPath, content) {
  if (content !== undefined) {
    const linked = linkInPlace(writeTemp(claimPath, content), claimPath)
    if (linked !== null) return linked
  }
  let fd
  try {
    fd = fs.openSync(claimPath, 'wx', 0o644)
  } catch (err) {
    if (err.code === 'EEXIST') return false
    throw writeFailed(claimPath, err)
  }
  try {
    if (content !== undefined) fs.writeSync(fd, content)
  } catch {
  } finally {
    try {
      fs.closeSync(fd)
    } catch {}
  }
  return true
}

/**
 * The refusal of a numbered migration in `migrationsDir` (NUMBERING_EXHAUSTED), or null: a numbered
 * file sorts before every timestamped one ('0' < '1'), so in a folder holding timestamped
 * migrations, 001_… would run first, before the tables it changes exist; and no number sorts
 * after them both as text and as a number but a 14-digit one, a timestamp. planFiles throws it,
 * and numberingRefusal returns it for the command line's `check`. READ_FAILED when the folder
 * cannot be read.
 */
function numberedBesideTimestamps(migrationsDir) {
  const stamped = list(migrationsDir).filter((name) => TIMESTAMPED_FILE.test(name))
  if (stamped.length === 0) return null
  return fail('NUMBERING_EXHAUSTED', `${migrationsDir} holds timestamped migrations (${stamped.sort().at(-1)}), which a numbered one would sort before: a runner applying files in name order would run it first; use fileFormat 'timestamp' in this folder`, { path: migrationsDir })
}

/**
 * What refuses a numbered migration in `migrationsDir`, as planFiles would (NUMBERING_EXHAUSTED):
 * timestamped migrations there (numberedBesideTimestamps), or a next number wider than the
 * numbers in use or of 14 digits (nextNumber); null when neither does. For the command line's
 * `check`, which says what `generate` would refuse. READ_FAILED when the folder cannot be read.
 */
function numberingRefusal(migrationsDir) {
  const beside = numberedBesideTimestamps(migrationsDir)
  if (beside) return beside
  try {
    nextNumber(migrationsDir)
  } catch (err) {
    if (err instanceof MigrationGeneratorError && err.code === 'NUMBERING_EXHAUSTED') return err
    throw err
  }
  return null
}

/** The error for a next number that would not sort after the files in use. */
function numberingExhausted(migrationsDir, next, width) {
  const fix = next.length >= TIMESTAMP_DIGITS
    ? `it has ${TIMESTAMP_DIGITS} digits and would be read as a timestamp; switch to fileFormat 'timestamp'`
    : `a ${next.length}-digit name sorts before the ${width}-digit ones, so a runner applying files in name order would run it first; ` +
      `renumber the existing files to ${next.length} digits (${'1'.padStart(width, '0')}_… -> ${'1'.padStart(next.length, '0')}_…) or switch to fileFormat 'timestamp'`
  return fail('NUMBERING_EXHAUSTED', `the next numbered migration in ${migrationsDir} would be ${next}, but ${fix}`, { path: migrationsDir })
}

/**
 * Checks the result's shape; throws for anything `writeMigrationFiles` cannot write. `fn` names
 * the function called (`writeMigrationFiles`, `writeTypeFiles`) in the messages.
 */
function checkResult(result, fn) {
  if (!result || typeof result !== 'object' || !result.validation || !result.metadata) {
    throw fail('INVALID_ARGUMENT', `${fn} needs the result of generateMigration`)
  }
  if (result.validation.valid !== true) {
    const errors = Array.isArray(result.validation.errors) ? result.validation.errors : []
    const codes = errors.map((e) => e && e.code).filter(Boolean)
    throw fail(
      'VALIDATION_FAILED',
      `refusing to write an invalid migration (${errors.length} error${errors.length === 1 ? '' : 's'}${codes.length ? `: ${codes.join(', ')}` : ''})`,
      { issues: errors },
    )
  }
  const { filename } = result.metadata
  if (typeof filename !== 'string' || typeof result.fileContent !== 'string') {
    throw fail('INVALID_ARGUMENT', 'the result has no metadata.filename or fileContent')
  }
  if (!SAFE_FILENAME.test(filename) || filename.includes('..')) {
    throw fail('PATH_OUTSIDE_ROOT', `refusing to write migration file '${filename}': it is not a plain .sql file name`, { path: filename })
  }
  if (result.tableTypes !== undefined && !Array.isArray(result.tableTypes)) {
    throw fail('INVALID_ARGUMENT', 'result.tableTypes must be an array')
  }
  for (const t of result.tableTypes || []) {
    if (!t || typeof t.table !== 'string' || typeof t.interfaceName !== 'string' || typeof t.source !== 'string') {
      throw fail('INVALID_ARGUMENT', 'each result.tableTypes entry needs table, interfaceName and source strings')
    }
    if (!SAFE_TABLE.test(t.table)) {
      throw fail('PATH_OUTSIDE_ROOT', `refusing to write types for table '${t.table}': not a safe file name`, { path: t.table })
    }
    if (!SAFE_IDENTIFIER.test(t.interfaceName)) {
      throw fail('INVALID_ARGUMENT', `'${t.interfaceName}' is not a TypeScript identifier`)
    }
  }
}

/** The exported interface names of a type file's source. */
const exportedNames = (source) => [...source.matchAll(/^export (?:interface|type) ([A-Za-z_$][A-Za-z0-9_$]*)/gm)].map((m) => m[1])

/**
 * The name of a table's type file, without `.d.ts`: the table's name, but for a table named
 * `index` (in any case, for case-insensitive file systems), whose types go to `index.table.d.ts`
 * beside the folder's own `index.d.ts` (a dot is in no table's name, so no other table's file
 * can be that one).
 */
const typeFileBase = (table) => (table.toLowerCase() === 'index' ? `${table}.table` : table)

/**
 * A table's `.d.ts`: two marker lines (read back when rebuilding index.d.ts), the dialect's line
 * (DATABASE_MARK; left out for a result that names no known dialect), then the source.
 */
function tableFile(filename, t, database) {
  const from = filename === null ? 'from a spec the database already matched (no migration)' : `from ${filename}`
  let source = t.source.endsWith('\n') ? t.source : `${t.source}\n`
  // Without a migration, the interfaces' "Generated from migration" line named one never
  // written (the generator's name for it, from the current time).
  if (filename === null) source = source.replace(/^ \* Generated from migration: .*$/gm, NO_MIGRATION_LINE)
  // `Buffer` (a PostgreSQL or MySQL BLOB column) is Node's: referenced, so that a project whose
  // tsconfig's `types` leaves Node's out (types shared with a front end) still reads it as Node's
  // Buffer, not as an unknown name (an error, or `any` under skipLibCheck). @types/node must be
  // installed; without it, under skipLibCheck, the column is still `any`.
  const node = BUFFER_PROPERTY.test(source) ? '/// <reference types="node" />\n' : ''
  const dialect = DATABASES.includes(database) ? `// Database: ${database}${DRIVER_SETTINGS[database] ? ' (with the driver settings index.d.ts names)' : ''}\n` : ''
  return `${GENERATED_MARK} ${from}. Do not edit by hand.\n// Table: ${t.table}, row interface: ${t.interfaceName}\n${dialect}${node}\n${source}`
}

/**
 * Whether two table files give the same types: equal but for the lines naming the migration
 * they were generated from (the first line, and "Generated from migration" in the comments).
 */
function sameTypes(before, after) {
  if (before === null || !before.startsWith(GENERATED_MARK)) return false
  const types = (text) => text.slice(text.indexOf('\n') + 1).replace(/^ \* Generated from migration: .*$/gm, '').replaceAll(NO_MIGRATION_LINE, '')
  return types(before) === types(after)
}

/** The interfaces' comment line of a table file written without a migration (writeTypeFiles). */
const NO_MIGRATION_LINE = ' * Generated from a spec the database already matched (no migration)'

/** A property line of a table file whose type names Node's `Buffer`. */
const BUFFER_PROPERTY = /^ {2}[A-Za-z_$][\w$]*\??: [^\n]*\bBuffer\b/m

/**
 * Local (not exported) helpers of index.d.ts that give Kysely a table type without importing
 * kysely, which the user may not have. Their names have an inner underscore, which the
 * table -> interface naming (PascalCase words run together) never produces, so they cannot
 * clash with a table's types; planMigrationFiles reserves them all the same.
 */
const KYSELY_HELPERS = ['Kysely_Column', 'Kysely_Table', 'Kysely_Pick', 'Kysely_Exclude']
const KYSELY_HELPER_SOURCE = [
  "/** Kysely's `ColumnType<Select, Insert, Update>`, structurally: kysely reads these three keys. */",
  'type Kysely_Column<S, I, U> = { readonly __select__: S; readonly __insert__: I; readonly __update__: U }',
  '/** `Pick` and `Exclude`, under names no imported table interface can shadow. */',
  'type Kysely_Pick<T, K extends keyof T> = { [P in K]: T[P] }',
  'type Kysely_Exclude<T, U> = T extends U ? never : T',
  '/**',
  ' * A table for Kysely from its row, insert and update interfaces. Kysely makes a column optional',
  ' * on insert when `undefined` is assignable to its insert type, so the insert-optional columns',
  ' * (nullable or defaulted) get `| undefined`; the columns the insert interface leaves out',
  " * (auto-increment keys, automatic timestamps) may still be given, like Kysely's `Generated<T>`,",
  " * as what the update interface takes (a PostgreSQL or MySQL timestamp: a `Date` too).",
  ' */',
  'type Kysely_Table<Row, Insert, Update> = {',
  '  [K in keyof Row]-?: Kysely_Column<',
  '    Row[K],',
  '    K extends keyof Insert',
  '      ? ({} extends Kysely_Pick<Insert, K> ? Insert[K] | undefined : Insert[K])',
  '      : (K extends keyof Update ? Kysely_Exclude<Update[K], undefined> : Row[K]) | undefined,',
  '    K extends keyof Update ? Kysely_Exclude<Update[K], undefined> : Row[K]',
  '  >',
  '}',
]

/**
 * The row, insert and update type names of a table. A table file written by an older version
 * may lack the insert or update interface: the row type stands in (every column required on
 * insert, as before).
 */
function tableTypeNames(t) {
  const has = (n) => !t.names || t.names.includes(n)
  const row = t.interfaceName
  const insert = has(`${row}Insert`) ? `${row}Insert` : row
  const update = has(`${row}Update`) ? `${row}Update` : row
  return { row, insert, update, imports: [...new Set([row, insert, update])] }
}

/**
 * `index.d.ts`: re-exports every table file and maps table names to Kysely table types; its
 * header names the driver settings the types need, for each dialect its table files are for.
 */
function indexFile(tables) {
  const lines = [
    `${GENERATED_MARK}. Do not edit by hand.`,
    '// Every generated table type, and `Database` (table name -> table type) for Kysely:',
    '// `new Kysely<Database>({ dialect })`. Selecting gives the row interface, inserting takes',
    '// the insert interface, updating the update interface.',
  ]
  for (const database of DATABASES) {
    if (DRIVER_SETTINGS[database] && tables.some((t) => t.database === database)) lines.push(...DRIVER_SETTINGS[database])
  }
  lines.push('')
  const names = tables.map((t) => ({ table: t.table, ...tableTypeNames(t) }))
  for (const n of names) lines.push(`import type { ${n.imports.join(', ')} } from './${typeFileBase(n.table)}.js'`)
  if (tables.length) lines.push('')
  for (const t of tables) lines.push(`export * from './${typeFileBase(t.table)}.js'`)
  if (tables.length) lines.push('', ...KYSELY_HELPER_SOURCE, '')
  lines.push("/** Each table's Kysely table type, by table name. */")
  if (tables.length === 0) {
    lines.push('export interface Database {}')
  } else {
    lines.push('export interface Database {')
    for (const n of names) lines.push(`  ${n.table}: Kysely_Table<${n.row}, ${n.insert}, ${n.update}>`)
    lines.push('}')
  }
  return `${lines.join('\n')}\n`
}

/**
 * The generated table files in the types folder (the ones starting with this package's header),
 * by table name.
 */
function generatedTables(typesDir) {
  const tables = new Map()
  for (const name of list(typesDir)) {
    if (!name.endsWith('.d.ts') || name === 'index.d.ts') continue
    const t = generatedTable(path.join(typesDir, name))
    if (t && `${typeFileBase(t.table)}.d.ts` === name) tables.set(t.table, t)
  }
  return tables
}

/** How much of a `*.d.ts` is read to tell a table file of this package: its two marker lines. */
const TYPE_HEAD_BYTES = 64 * 1024
/**
 * The largest table file whose exported names are read. A spec is at most 64 MiB, and a table
 * file holds its table's column descriptions once: a larger file that starts like one was not
 * written by this package, and is passed over.
 */
const TYPE_FILE_READ_CAP = 128 * 1024 * 1024
/** How much of one line is kept while looking for an `export interface Name` at its start. */
const LINE_KEEP = 64 * 1024

/**
 * `{ table, interfaceName, names }` when `file` is a table file of this package (its header, then
 * the `// Table:` line), else null: also for anything that is not a regular file (a FIFO, a
 * link to /dev/zero: openRegular) or is larger than TYPE_FILE_READ_CAP. Only its first
 * TYPE_HEAD_BYTES are read to tell; a table file is then read through, a chunk at a time, for
 * the type names it exports (memory stays bounded whatever its size).
 */
function generatedTable(file) {
  return readingRegular(file, (fd) => {
    const read = (max) => {
      const chunk = Buffer.allocUnsafe(max)
      let n = 0
      while (n < max) {
        const got = fs.readSync(fd, chunk, n, max - n, null)
        if (got === 0) break
        n += got
      }
      return chunk.subarray(0, n)
    }
    const head = read(TYPE_HEAD_BYTES)
    const headText = head.toString('utf8')
    const m = headText.startsWith(GENERATED_MARK) ? TABLE_MARK.exec(headText) : null
    if (!m) return null
    const database = DATABASE_MARK.exec(headText)?.[1] ?? null
    const names = []
    const decoder = new StringDecoder('utf8')
    let total = head.length
    let last = head.length < TYPE_HEAD_BYTES
    let rest = decoder.write(head) + (last ? decoder.end() : '')
    for (;;) {
      // The complete lines so far; the line not yet ended waits for the next chunk (only its
      // start matters: exportedNames looks at the start of lines).
      const cut = rest.lastIndexOf('\n')
      if (cut >= 0) {
        names.push(...exportedNames(rest.slice(0, cut + 1)))
        rest = rest.slice(cut + 1)
      }
      if (rest.length > LINE_KEEP) rest = rest.slice(0, LINE_KEEP)
      if (last) break
      const chunk = read(1 << 20)
      total += chunk.length
      if (total > TYPE_FILE_READ_CAP) return null
      last = chunk.length === 0
      rest += last ? decoder.end() : decoder.write(chunk)
    }
    names.push(...exportedNames(rest))
    return { table: m[1], interfaceName: m[2], names, database }
  })
}

/**
 * The content of index.d.ts for these tables (sorted by name); throws TYPE_NAME_CONFLICT when two
 * tables, or a table and index.d.ts itself, export the same type name.
 */
function indexFor(tables, typesDir) {
  const sorted = [...tables.values()].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0))
  const owner = new Map(['Database', ...KYSELY_HELPERS].map((n) => [n, 'index.d.ts']))
  for (const t of sorted) {
    for (const n of t.names) {
      if (owner.has(n)) {
        throw fail('TYPE_NAME_CONFLICT', `the type ${n} is exported by both ${owner.get(n)} and ${typeFileBase(t.table)}.d.ts in ${typesDir}; rename one of the tables`, { path: path.join(typesDir, `${typeFileBase(t.table)}.d.ts`) })
      }
      owner.set(n, `${typeFileBase(t.table)}.d.ts`)
    }
  }
  return indexFile(sorted)
}

/**
 * Works out every file `writeMigrationFiles` would write, without writing anything.
 * @returns {{ filename: string, migrationsDir: string, typesDir: string,
 *   files: { path: string, content: string, kind: 'migration' | 'types' | 'index' }[] }}
 */
function planMigrationFiles(result, options) {
  const { filename, migrationsDir, typesDir, files } = planFiles(result, options)
  return { filename, migrationsDir, typesDir, files }
}

/** Works out every file `writeTypeFiles` would write, without writing anything. */
function planTypeFiles(result, options) {
  const { typesDir, files } = planFiles(result, options, undefined, true)
  return { typesDir, files }
}

/**
 * `options` read once (its own fields, as a plain object), refused when it has a name `fn` does
 * not take (refuseUnknownOptions); a getter or Proxy trap that throws is INVALID_ARGUMENT
 * (readingThrew), never the raw throw. What is not an object is given back as it is, for the
 * caller's own check.
 */
function ownOptions(options, fn) {
  try {
    refuseUnknownOptions(options, fn)
    return options !== null && typeof options === 'object' ? { ...options } : options
  } catch (e) {
    throw readingThrew(e, `${fn} needs options as a plain object`)
  }
}

/**
 * planMigrationFiles, plus `numbered` (whether the migration is numbered) and `tables` (this
 * result's tables as generatedTables gives them). A numbered migration takes `number` (already
 * padded, claimed by claimNumber) when given, else the next number in the folder; a timestamped
 * one takes `number` (its 14 digits, claimed by claimTimestamp) when given, else the timestamp
 * timestampAfterNewest gives. Only with a claimed number or timestamp, or under the result's
 * own name, is an existing file of that name FILE_EXISTS (without one, a writer that placed the
 * next number or second just now only means that this one will claim a later one).
 */
function planFiles(result, options, number, typesOnly = false) {
  const fn = typesOnly ? 'writeTypeFiles' : 'writeMigrationFiles'
  try {
    checkResult(result, fn)
  } catch (e) {
    throw readingThrew(e, `${fn} needs the result of generateMigration`)
  }
  options = ownOptions(options, fn)
  if (!options || typeof options !== 'object' || typeof options.rootDir !== 'string' || options.rootDir === '') {
    throw fail('INVALID_ARGUMENT', `${fn} needs options.rootDir (the project folder)`)
  }
  if (options.signal !== undefined) {
    // Taken silently, it would promise a stop that never comes.
    throw fail('INVALID_ARGUMENT', `${fn} is synchronous and cannot be stopped: options.signal is for ${fn}Async`)
  }
  const root = path.resolve(options.rootDir)
  let realRoot
  try {
    realRoot = fs.realpathSync(root)
    if (!fs.statSync(realRoot).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
  } catch (err) {
    throw fail('ROOT_NOT_FOUND', `rootDir ${root} is not an existing folder${err.code === 'ENOENT' ? '' : ` (${reason(err)})`}`, { path: root, cause: err })
  }
  // Type files alone (writeTypeFiles) have no migration: its folder option is not looked at.
  const migrationsDir = typesOnly ? null : resolveDir(root, realRoot, options.migrationsDir, DEFAULT_MIGRATIONS_DIR, 'migrationsDir')
  const typesDir = resolveDir(root, realRoot, options.typesDir, DEFAULT_TYPES_DIR, 'typesDir')
  const inTheWay = typesOnly ? null : folderInTheWay(migrationsDir)
  if (inTheWay) throw inTheWay

  let filename = result.metadata.filename
  const numbered = /^(\d+)_(.+)$/.exec(filename)
  const isNumbered = !typesOnly && Boolean(numbered && numbered[1].length < TIMESTAMP_DIGITS)
  const claimed = number !== undefined
  if (isNumbered) {
    const beside = numberedBesideTimestamps(migrationsDir)
    if (beside) throw beside
    const before = numberedBefore(migrationsDir, numbered[2], result)
    if (before) throw migrationExists(before.path, before.content)
    if (!claimed) number = nextNumber(migrationsDir)
    filename = `${number}_${numbered[2]}`
  } else if (!typesOnly) {
    filename = claimed ? `${number}_${TIMESTAMPED_FILE.exec(filename)[2]}` : timestampAfterNewest(migrationsDir, filename)
  }
  const named = asWritten(result, filename)
  const fileContent = named.fileContent
  const tableTypes = named.tableTypes || []

  const migrationPath = typesOnly ? null : fileIn(migrationsDir, filename, 'migration file')
  // A migration planned without its number or timestamp (a dry run, or the first plan of a
  // write) takes the next one, which no file has unless a writer placed it just now: the one it
  // claims is the one that counts (claimNumber, claimTimestamp), so only the plan with that one,
  // or under the result's own name, is checked.
  if (!typesOnly && (claimed || (!isNumbered && filename === result.metadata.filename)) && fs.existsSync(migrationPath)) {
    throw migrationExists(migrationPath, fileContent)
  }
  const files = typesOnly ? [] : [{ path: migrationPath, content: fileContent, kind: 'migration' }]
  if (typesOnly && tableTypes.length === 0) {
    throw fail('INVALID_ARGUMENT', 'the result has no tableTypes: generate it with generateTypes: true')
  }

  const database = DATABASES.includes(named.metadata.databaseType) ? named.metadata.databaseType : null
  const tables = tableTypes.map((t) => ({ table: t.table, interfaceName: t.interfaceName, names: exportedNames(t.source), database }))
  if (tableTypes.length) {
    const typesInTheWay = folderInTheWay(typesDir)
    if (typesInTheWay) throw typesInTheWay
    // Every generated table file already in the folder stays in index.d.ts; this result's
    // tables replace theirs. (writeMigrationFiles checks the names again, under the types lock.)
    const inFolder = generatedTables(typesDir)
    for (const [i, t] of tableTypes.entries()) {
      // Type files alone name the result's migration, unless it has none to name (NO_CHANGES).
      const content = tableFile(typesOnly && noChanges(result) ? null : filename, t, database)
      files.push({ path: fileIn(typesDir, `${typeFileBase(t.table)}.d.ts`, 'type file'), content, kind: 'types' })
      inFolder.set(t.table, tables[i])
    }
    files.push({ path: fileIn(typesDir, 'index.d.ts', 'type index'), content: indexFor(inFolder, typesDir), kind: 'index' })
    for (const f of files) if (f.kind !== 'migration') refuseForeign(f.path)
  }
  // Tables the migration drops (dropTablesNotInSpec), and the old names of those it renames
  // (renamedFrom): their type files go, and index.d.ts stops listing them
  // (db.selectFrom('posts') compiled against a dropped table).
  const operations = (result.metadata.operations ?? []).filter((o) => o && typeof o.table === 'string')
  const dropped = typesOnly
    ? []
    : [
        ...operations.filter((o) => o.operation === 'DROP').map((o) => o.table),
        ...operations.filter((o) => typeof o.renamedFrom === 'string').map((o) => o.renamedFrom),
      ]
  return { filename, migrationsDir, typesDir, files, numbered: isNumbered, tables, dropped }
}

/**
 * A numbered migration of this very generation already in the folder: a `NNN_{rest}` file (the
 * same description) holding exactly what this write would give it under its name — the same
 * change, generated at the same `-- Generated:` time (the same `now`). Returns `{ path, content }`
 * for migrationExists, or null. An orchestrator that runs the same generation again (a chain of
 * steps re-run into the same folder) is told so (FILE_EXISTS), as a timestamped migration of the
 * same second is, instead of getting copies under the next numbers. Every such file is looked
 * at, not only the newest: the re-run's first step has an older one. A migration generated at
 * another time (another `now`, or none) is a new one and takes the next number, even when its
 * change is the same as an older file's (a column added, dropped, then added again).
 */
function numberedBefore(migrationsDir, rest, result) {
  for (const name of list(migrationsDir)) {
    const m = NUMBERED_FILE.exec(name)
    if (!m || m[1].length >= TIMESTAMP_DIGITS || name.slice(m[1].length + 1) !== rest) continue
    const content = asWritten(result, name).fileContent
    const target = path.join(migrationsDir, name)
    if (readIfFile(target, Buffer.byteLength(content) + 1) === content) return { path: target, content }
  }
  return null
}

/** Whether a result is NO_CHANGES: the database already matched the spec (no migration to name). */
const noChanges = (result) => (result.validation.warnings ?? []).some((w) => w && w.code === 'NO_CHANGES')

/**
 * Throws FILE_EXISTS when `target` is a file this package did not write (it does not start with
 * its header): a type file or index.d.ts is regenerated, but a hand-written file of that name (a
 * types folder pointed at source code, `--types ""` from an unset variable) is never replaced.
 */
function refuseForeign(target) {
  let stat
  try {
    stat = fs.statSync(target)
  } catch {
    return
  }
  // A folder in the way is the write's WRITE_FAILED; a FIFO or a device (a link to /dev/zero) is
  // no file of this package, and is neither read nor replaced.
  const kind = notRegularKind(stat)
  if (kind === 'a folder') return
  if (kind) {
    throw fail('FILE_EXISTS', `${target} already exists and is ${kind}, not a file written by migration-generator; it is never replaced (use another types folder, or delete it)`, { path: target })
  }
  const head = readRegular(target, Buffer.byteLength(GENERATED_MARK))
  if (head !== null && !head.text.startsWith(GENERATED_MARK)) {
    throw fail('FILE_EXISTS', `${target} already exists and was not written by migration-generator; it is never overwritten (use another types folder, or delete the file)`, { path: target })
  }
}

/** Whether two paths name one existing file (`User.d.ts` and `user.d.ts` on macOS, Windows). */
function sameFile(a, b) {
  try {
    const [x, y] = [fs.statSync(a), fs.statSync(b)]
    return x.dev === y.dev && x.ino === y.ino
  } catch {
    return false
  }
}

/**
 * How many times a folder is made again (makeDirs, inMadeFolder) when it goes while this write
 * makes it or is about to create its first file there: another writer's undo removes the
 * folders it made once they are empty (undoWrites), also one that this write found there a
 * moment before (24 writes into one types folder, 18 of them aborted: a write never aborted
 * failed with `ENOENT mkdir` or `ENOENT open` in 4 rounds of 40, a user trial). Each writer
 * removes each of its folders at most once, so a few tries are enough; the bound only keeps a
 * folder that can never be made from being tried forever.
 */
const FOLDER_TRIES = 64

/** Whether `err` (a file system error, or WRITE_FAILED caused by one) is a missing path: ENOENT. */
function isMissing(err) {
  const cause = err instanceof MigrationGeneratorError ? err.cause : err
  return Boolean(cause) && cause.code === 'ENOENT'
}

/**
 * Creates `dir` and its missing parents, pushing the folders it created onto `created`,
 * outermost first. A parent removed meanwhile by another writer's undo (ENOENT) is made again
 * (up to FOLDER_TRIES times). WRITE_FAILED when a folder cannot be made.
 */
function makeDirs(dir, created) {
  for (let attempt = 1; ; attempt++) {
    try {
      makeDirsOnce(dir, created)
      return
    } catch (err) {
      if (attempt >= FOLDER_TRIES || !isMissing(err)) throw err
    }
  }
}

/** One try of makeDirs: creates the missing folders from the outermost in. */
function makeDirsOnce(dir, created) {
  const missing = []
  let current = dir
  while (!fs.existsSync(current)) {
    missing.unshift(current)
    const parent = path.dirname(current)
    if (parent === current) break
    current = parent
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d)
    } catch (err) {
      if (err.code !== 'EEXIST') throw writeFailed(d, err)
      continue
    }
    created.push(d)
  }
}

/**
 * Makes `dir` (makeDirs, recording what it created in `created`), then runs `step`, which creates
 * this write's first file there (a temporary file, a claim, a lock), and returns what it returns.
 * Until that file is there, the folder is empty, and another writer that made it too and is
 * undoing its write removes it (undoWrites): when `step` fails for a missing path (ENOENT), the
 * folder is made again and `step` run again (up to FOLDER_TRIES times). `step` must leave
 * nothing behind when it throws. Once the file is there, the folder is not empty and stays.
 */
function inMadeFolder(dir, created, step) {
  for (let attempt = 1; ; attempt++) {
    makeDirs(dir, created)
    try {
      return step()
    } catch (err) {
      if (attempt >= FOLDER_TRIES || !isMissing(err)) throw err
    }
  }
}

/** A short tag of this host's name, in scratch file names (a folder may be shared by hosts). */
const HOST_TAG = crypto.createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6)

/**
 * A scratch file's name next to `target`: `.{name}.{pid}.h{host}.{random}.{ext}` (`ext`: `tmp`
 * for a file being written, `bak` for a replaced file's backup), hidden, and naming the process
 * and host that made it, so that one left behind by a process that is gone can be told from one
 * a live writer still uses (removeStaleScratch).
 */
function scratchPath(target, ext, random = crypto.randomBytes(6).toString('hex')) {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.h${HOST_TAG}${SPACE_TAG ? `s${SPACE_TAG}` : ''}.${random}.${ext}`)
}

/**
 * A scratch file of this package: `{ pid, host, space }` (host: the tag, or undefined in a name
 * written by a version before the tag; space: SPACE_TAG of its writer, undefined in a name
 * written before it was added or where it cannot be read), or null for any other name. The
 * random part is 12 hex digits (24 for a lock's temporary file).
 */
function scratchOwner(name) {
  const m = /^\..+\.(\d+)\.(?:h([0-9a-f]{6})(?:s([0-9a-f]{8}))?\.)?(?:[0-9a-f]{12}|[0-9a-f]{24})\.(?:tmp|bak)$/.exec(name)
  return m ? { pid: Number(m[1]), host: m[2], space: m[3] } : null
}

/** Whether the process `pid` of this host is gone (`process.kill(pid, 0)` says ESRCH). */
function processGone(pid) {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (err) {
    return err.code === 'ESRCH'
  }
}

/**
 * How old a scratch file must be (LEFTOVER_AGE_MS, the same 30 s after which a types lock is
 * taken to be left behind: LOCK_STALE_MS) before a writer whose process looks gone is taken to
 * have left it. A process id alone does not tell: containers that share a host name but not the
 * process ids, and bind-mount the project, see each other's writers as gone.
 */
const LEFTOVER_AGE_MS = 30_000

/**
 * Whether the file at `p` was last touched (written, or linked: a backup is a hard link of the
 * replaced file, whose own modification time may be years old; the link changes its ctime)
 * more than LEFTOVER_AGE_MS ago. False when it cannot be read.
 */
function oldEnough(p) {
  let stat
  try {
    stat = fs.lstatSync(p)
  } catch {
    return false
  }
  const touched = p.endsWith('.bak') ? Math.max(stat.mtimeMs, stat.ctimeMs) : stat.mtimeMs
  return Date.now() - touched > LEFTOVER_AGE_MS
}

/**
 * Removes, in each folder, the scratch files (temporary files and backups, scratchPath) that a
 * process of this host left when it was killed or crashed mid-write: those whose process is gone
 * AND that are either of this very kernel and process-id namespace (their name's SPACE_TAG is
 * this process's: a process id that no longer exists is certain, as for claims, claimGone) or
 * old (oldEnough: untouched for LEFTOVER_AGE_MS). So the next write after a `kill -9` removes
 * them at once (a user trial found them left for 30 s, and a write meanwhile left them). Names
 * without a host tag (written by a version before it), or without a space tag, wait for their
 * age. Never one of a live process (another writer's, or a thread of this one), nor a fresh one
 * of another process-id namespace (a writer whose process only looks gone, in another
 * container), nor one of another host (whose processes cannot be asked), nor any other file.
 * Best effort: what cannot be removed stays. Returns what it removed, `[{ path, pid }]`.
 */
function removeStaleScratch(dirs) {
  const removed = []
  for (const dir of dirs) {
    let names
    try {
      names = fs.readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) {
      const owner = scratchOwner(name)
      if (!owner || (owner.host !== undefined && owner.host !== HOST_TAG) || !processGone(owner.pid)) continue
      const p = path.join(dir, name)
      const certain = owner.host !== undefined && SPACE_TAG !== null && owner.space === SPACE_TAG
      if ((certain || oldEnough(p)) && removeIfThere(p)) removed.push({ path: p, pid: owner.pid })
    }
  }
  return removed
}

/**
 * Removes each of `lockPaths` (the order lock, the types lock) that a writer left when its
 * process ended while holding it (exited, threw, was killed): a lock naming a process of this
 * host that is gone, or older than LOCK_STALE_MS (isStale, as lockTypes judges it). Broken as
 * lockTypes breaks one (breakLock: exclusive, and only if it is still that file), so that a
 * writer taking it meanwhile keeps it. A lock naming no writer (damaged, a folder, a symbolic
 * link) is lockTypes's to wait on, not a leftover. Returns what it removed, `[{ path, pid }]`,
 * for `leftoversRemoved`: before, lockTypes broke such a lock later without saying so.
 */
function removeGoneLocks(lockPaths) {
  const removed = []
  for (const lockPath of lockPaths) {
    const holder = readLockQuietly(lockPath)
    if (holder === null || holder.kind || holder.pid === undefined || !isStale(holder, LOCK_STALE_MS)) continue
    // Twice at most: breakLock's first success may be the removal of a dead breaker's file.
    for (let tries = 0; tries < 2 && breakLock(lockPath, holder); tries++) {
      if (!sameLock(readLockQuietly(lockPath), holder)) {
        removed.push({ path: lockPath, pid: holder.pid })
        break
      }
    }
  }
  return removed
}

/** Removes the file `p`: true when it was removed by this call, false when it was not there or could not be removed. */
function removeIfThere(p) {
  try {
    fs.unlinkSync(p)
    return true
  } catch {
    return false
  }
}

/** Writes `content` to a new temporary file next to `target`, flushed to disk; returns its path. */
function writeTemp(target, content) {
  return writeTempFile(target, content, true)
}

/**
 * Writes `content` to a new temporary file next to `target`, flushed to disk when `flush` (else
 * the caller flushes it: flushTemps); returns its path. On an error, the file is removed and
 * WRITE_FAILED thrown.
 */
function writeTempFile(target, content, flush) {
  const tmp = scratchPath(target, 'tmp')
  let fd
  try {
    fd = fs.openSync(tmp, 'wx', 0o644)
    fs.writeFileSync(fd, content)
    if (flush) fs.fsyncSync(fd)
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd)
      } catch {}
    }
    try {
      fs.unlinkSync(tmp)
    } catch {}
    throw writeFailed(target, err)
  }
  try {
    fs.closeSync(fd)
  } catch (err) {
    try {
      fs.unlinkSync(tmp)
    } catch {}
    throw writeFailed(target, err)
  }
  return tmp
}

/** The native addon's flushFilesNative, or null where the addon cannot be loaded. */
let nativeFlush
function nativeFlusher() {
  if (nativeFlush === undefined) {
    try {
      nativeFlush = require('./addon.js').loadAddon().flushFilesNative || null
    } catch {
      nativeFlush = null
    }
  }
  return nativeFlush
}

/**
 * Flushes the temporary files `staged` ([target, temporary path] pairs) to disk, many at once
 * (the addon's flushFilesNative: one flush after another waits for the disk each time, and
 * flushes issued together are committed together; 200 type files took 330–400 ms one after
 * another, 22–27 ms at once). Throws WRITE_FAILED for the first that fails (the caller removes
 * them all: they are in its undo). Without the addon, one after another.
 */
function flushTemps(staged) {
  const flush = staged.length > 1 ? nativeFlusher() : null
  let failures = null
  if (flush) {
    try {
      failures = flush(staged.map(([, tmp]) => tmp))
    } catch {
      // The addon's own trouble (none expected: it flushes on this thread where it cannot
      // start others): flushed here instead.
      failures = null
    }
  }
  if (!failures) {
    for (const [target, tmp] of staged) {
      let fd
      try {
        fd = fs.openSync(tmp, 'r+')
        fs.fsyncSync(fd)
      } catch (err) {
        throw writeFailed(target, err)
      } finally {
        if (fd !== undefined) {
          try {
            fs.closeSync(fd)
          } catch {}
        }
      }
    }
    return
  }
  if (failures.length === 0) return
  const { index, errno, message, syscall } = failures[0]
  const err = new Error(`${message}, ${syscall} '${staged[index][1]}'`)
  if (errno > 0) {
    err.errno = -errno
    try {
      err.code = require('node:util').getSystemErrorName(-errno)
    } catch {}
  }
  err.syscall = syscall
  err.path = staged[index][1]
  throw writeFailed(staged[index][0], err)
}

/**
 * FILE_EXISTS for a migration file: its name is the instant to the second and the description,
 * so two generations of one description within a second (a script, a repeated command) meet.
 * When the file holds `content` (what this call would write there), but for its `-- Generated:`
 * line, it is this very migration, written before: another description would write the same
 * change twice (a second CREATE TABLE), so the message says so and points to writeTypeFiles
 * for the types instead (a write cut short by a version that placed the migration first left
 * it without all of them: a user trial).
 */
function migrationExists(target, content) {
  if (content !== undefined && sameMigrationText(readIfFile(target, Buffer.byteLength(content) + 1024), content)) {
    return fail(
      'FILE_EXISTS',
      `migration ${target} already exists with the very content this write would give it (but for its -- Generated: line): this migration was written before, and is never overwritten. ` +
        'Do not give it another description or another now / --now: that would write the same change twice. ' +
        'If its type files are missing or incomplete (an earlier write was cut short), write them with writeTypeFiles(result, options) ' +
        '(on the command line: generate SPEC --previous SPEC, the spec against itself, which has nothing to migrate and writes only the types)',
      { path: target },
    )
  }
  return fail('FILE_EXISTS', `migration ${target} already exists; it is never overwritten (a migration of the same description was written in the same second: give this one another description, or another now / --now)`, { path: target })
}

/** The `-- Generated:` line of a migration's header (the time it was generated). */
const GENERATED_LINE = /^-- Generated: .*$/m

/**
 * Whether a migration file's text `before` (null: unreadable) is `content` but for the
 * `-- Generated:` line of its header.
 */
function sameMigrationText(before, content) {
  if (before === null) return false
  return before === content || before.replace(GENERATED_LINE, '') === content.replace(GENERATED_LINE, '')
}

/**
 * Moves a temporary file to `target` without ever replacing an existing file; `content`, the
 * temporary file's, for migrationExists.
 */
function placeNew(tmp, target, content) {
  try {
    fs.linkSync(tmp, target)
  } catch (err) {
    if (err.code === 'EEXIST') {
      throw migrationExists(target, content)
    }
    // File systems without hard links: check, then rename (not atomic against a racing writer).
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes(err.code)) throw writeFailed(target, err)
    if (fs.existsSync(target)) {
      throw migrationExists(target, content)
    }
    try {
      fs.renameSync(tmp, target)
    } catch (err2) {
      throw writeFailed(target, err2)
    }
    return
  }
  try {
    fs.unlinkSync(tmp)
  } catch {}
}

/** Flushes a folder's entries (best effort: not every platform can open a folder). */
function syncDir(dir) {
  let fd
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd)
      } catch {}
    }
  }
}

/**
 * Rounds of convergeIndex at most. Under the types lock, the first round writes index.d.ts and
 * the second finds it right; the bound only guards against something that ignores the lock
 * (a hand edit, an older version of this package) rewriting it forever.
 */
const INDEX_ROUNDS = 50

/**
 * Brings index.d.ts in line with the generated table files now in the folder: lists them, and
 * stops if index.d.ts already says that, else writes it (temporary file, then rename) and checks
 * again. Throws TYPE_NAME_CONFLICT (two table files in the folder export the same type name) or
 * WRITE_FAILED. Records in `undo.index` that index.d.ts was written. Called with the types lock
 * held (placeTypes), so no other writer of this package changes the folder meanwhile: the
 * index.d.ts it leaves lists exactly the table files in the folder.
 */
function convergeIndex(typesDir, indexPath, undo) {
  for (let round = 0; round < INDEX_ROUNDS; round++) {
    const content = indexFor(generatedTables(typesDir), typesDir)
    if (readIfFile(indexPath, Buffer.byteLength(content)) === content) return
    replaceFile(indexPath, content)
    if (undo) undo.index.written = true
  }
}

/**
 * Reads at most `cap` bytes of `p` if it is a regular file (openRegular): `{ text, complete }`
 * (`complete`: the file has no more; else `text` is its first `cap` bytes), or null when it is
 * missing, cannot be read or is not a regular file. Never more than `cap + 1` bytes are read.
 */
function readRegular(p, cap) {
  return readingRegular(p, (fd) => {
    const chunks = []
    let total = 0
    for (;;) {
      const want = Math.min(1 << 20, cap + 1 - total)
      if (want <= 0) break
      const chunk = Buffer.allocUnsafe(want)
      const n = fs.readSync(fd, chunk, 0, want, null)
      if (n === 0) break
      chunks.push(chunk.subarray(0, n))
      total += n
    }
    const all = Buffer.concat(chunks, total)
    return { text: all.subarray(0, Math.min(total, cap)).toString('utf8'), complete: total <= cap }
  })
}

/**
 * A file's text, or null when it cannot be read (missing, a folder, a FIFO, a device, …) or is
 * larger than `cap` bytes (then it cannot be the text it is compared with, or written by this
 * package: see the callers).
 */
function readIfFile(p, cap) {
  const read = readRegular(p, cap)
  return read && read.complete ? read.text : null
}

/** Replaces (or creates) `target` with `content` through a flushed temporary file and a rename. */
function replaceFile(target, content) {
  const tmp = writeTemp(target, content)
  try {
    fs.renameSync(tmp, target)
  } catch (err) {
    removeQuietly(tmp)
    throw writeFailed(target, err)
  }
}

/** The types lock: a file in the types folder, held while a writer changes that folder. */
const TYPES_LOCK = '.migration-types.lock'
/** A lock older than this is taken to be left by a writer that hung or crashed, and broken. */
const LOCK_STALE_MS = 30_000
/** How long a writer waits for the types lock in all before giving up (WRITE_FAILED). */
const LOCK_WAIT_MS = 60_000
/** A lock being broken (breakLock) is broken by one writer at a time, holding this file. */
const BREAKING_STALE_MS = 5_000
const SLEEPER = new Int32Array(new SharedArrayBuffer(4))
/** Blocks the thread for `ms` milliseconds (writeMigrationFiles is synchronous). */
const sleep = (ms) => Atomics.wait(SLEEPER, 0, 0, ms)

/**
 * Takes the types lock of `typesDir` (which must exist): creates `.migration-types.lock` there,
 * exclusively (a hard link to a finished temporary file, so the lock is never seen half
 * written; 'wx' where links are not supported), holding the writer's pid, host, a random token
 * (worker threads of one process share the pid) and the time. Returns `{ path, token }` for
 * unlockTypes.
 *
 * While another writer holds it, this sleeps (a few milliseconds, growing) and tries again. It
 * holds the lock only for the few file operations of placeTypes, so waits are short. A lock is
 * broken (breakLock) when its writer is gone: a process on this host that no longer exists
 * (process.kill(pid, 0) says ESRCH), or a lock older than LOCK_STALE_MS (a writer on another
 * host, a hung one, or a thread of this very process, whose pid is alive by definition). What
 * is no writer's lock (a symbolic link, dangling or not, a folder, a FIFO: readLock) is a
 * damaged lock, judged by its own modification time: waited on, then broken. Every try that
 * does not take or break the lock sleeps, and checks the deadline and `undo.stop`. After
 * LOCK_WAIT_MS in all the call gives up with WRITE_FAILED naming the lock file (lockNotTaken),
 * having placed nothing in the types folder; a write whose `undo.stop` says to stop gives up at
 * once (Interrupted). `lockName` and `what` (for the message) take another lock of the same kind
 * (lockOrder's, claimInOrder's, removeStaleClaims's: the order lock shares this routine).
 */
function lockTypes(typesDir, undo, lockName = TYPES_LOCK, what = `write the types in ${typesDir}`) {
  const lockPath = path.join(typesDir, lockName)
  const token = crypto.randomBytes(12).toString('hex')
  const start = Date.now()
  let delay = 1
  for (;;) {
    if (createLockFile(lockPath, { pid: process.pid, host: os.hostname(), token, time: Date.now() })) return { path: lockPath, token }
    // Gone since (released just then): tried again after the shortest sleep, as nothing
    // guarantees that the next try succeeds (never a loop without a sleep or a deadline).
    const holder = readLock(lockPath)
    if (holder === null) delay = 1
    // Broken (removed) as stale: taken at the next try. One that could not be removed (a folder
    // under the lock's name) is waited on as a held lock is, until the deadline.
    else if (isStale(holder, LOCK_STALE_MS) && breakLock(lockPath, holder)) continue
    if (Date.now() - start > LOCK_WAIT_MS) throw lockNotTaken(lockPath, holder, what)
    // A write asked to stop does not wait on another writer's lock.
    if (undo) stopIfAsked(undo)
    sleep(delay + Math.floor(Math.random() * delay))
    delay = Math.min(delay * 2, 16)
  }
}

/**
 * lockTypes's WRITE_FAILED after LOCK_WAIT_MS: another writer held the lock all along, or what is
 * under its name is no writer's lock (a folder, a symbolic link: `holder.kind`) and could not be
 * removed as a stale one.
 */
function lockNotTaken(lockPath, holder, what) {
  const wait = `${LOCK_WAIT_MS / 1000} s`
  const message =
    holder && holder.kind
      ? `cannot ${what}: ${lockPath} is ${holder.kind}, not a lock written by migration-generator, and it could not be removed as a stale lock in ${wait}; remove it`
      : `cannot ${what}: another writer (pid ${holder && holder.pid !== undefined ? holder.pid : 'unknown'}) held ${lockPath} for all of ${wait}; if no writer is running, delete that file`
  return fail('WRITE_FAILED', message, { path: lockPath })
}

/**
 * The order lock: a file in the migrations folder, held by a writer that checks the earlier
 * migrations again (refuseEarlierRepeated) from that check until its migration is placed, and
 * by such a writer for the moment it claims its number or timestamp (claimInOrder).
 */
const ORDER_LOCK = '.migration-order.lock'

/**
 * Takes the order lock of `migrationsDir` for the writer holding the claim `ownClaim` (claimNumber,
 * claimTimestamp) once no claim ordered before it is held by a writer still at work: so that the
 * earlier migrations it then checks (refuseEarlierRepeated) are all placed, or given up. Of two
 * writers at once whose migrations create the same table, the one ordered later waits for the
 * other's file, sees it and is refused; the one ordered first never waits on it. Waiting is done
 * without the lock (the writer waited for needs it to place its file). A claim is not waited on
 * when its writer is gone (claimGone) or it is older than LOCK_STALE_MS (left by a crash; a
 * writer lists, claims and places within moments). Held from the check until the migration is
 * placed (or the write undone), the lock keeps the other writers of the command line from
 * claiming meanwhile (claimInOrder): one that claims after this one has looked claims after its
 * migration, never below it, and checks once this one's file is there (earlierRepeatedErrors
 * reads every migration of the folder but its own). After LOCK_WAIT_MS in all, WRITE_FAILED
 * naming the claim waited on; a write asked to stop stops (Interrupted). Returns the lock, for
 * unlockTypes.
 */
function lockOrder(migrationsDir, ownClaim, undo) {
  const start = Date.now()
  let delay = 1
  for (;;) {
    const lock = lockTypes(migrationsDir, undo, ORDER_LOCK, `place the migration in ${migrationsDir}`)
    const earlier = earlierClaimAtWork(migrationsDir, ownClaim)
    if (earlier === null) return lock
    unlockTypes(lock)
    if (Date.now() - start > LOCK_WAIT_MS) {
      throw fail('WRITE_FAILED', `cannot place the migration in ${migrationsDir}: the writer of ${earlier}, a migration ordered before it, was still writing after ${LOCK_WAIT_MS / 1000} s; if no writer is running, delete that file`, { path: earlier })
    }
    stopIfAsked(undo)
    sleep(delay + Math.floor(Math.random() * delay))
    delay = Math.min(delay * 2, 16)
  }
}

/**
 * Claims the migration's number (claimNumber) or timestamp (claimTimestamp). A command line's
 * write (`options.refuseEarlierRepeated`) claims it holding the order lock (ORDER_LOCK, released
 * right after), the lock a writer holds from its check of the earlier migrations until its
 * migration is placed (lockOrder). So no such writer claims a number or second while another has
 * checked and is placing its migration: it claims after, from a folder holding that migration,
 * so after it (a number above it, a second after it), and its own check, which waits for every
 * claim ordered before its own (lockOrder), sees it. Without the lock, a writer that listed the
 * folder just then could claim below it — the number of a writer that gave up, a second before
 * its own — and the migration ordered first was the one refused (TABLE_CREATED_BEFORE) while the
 * later one stayed. Of the command line's writes at once that create one table, the one written is
 * therefore the one whose claim is ordered first. (The API's writes, which check nothing, claim
 * without the lock, as before.) Returns `{ number, claimPath }`.
 */
function claimInOrder(plan, result, options, undo) {
  const claim = () =>
    plan.numbered
      ? claimNumber(plan.migrationsDir, numberedIdentity(result, plan.filename.replace(/^\d+_/, '')))
      : claimTimestamp(plan.migrationsDir, result.metadata.filename, (name) => asWritten(result, name).fileContent)
  if (!options.refuseEarlierRepeated) return claim()
  const lock = lockTypes(plan.migrationsDir, undo, ORDER_LOCK, `place the migration in ${plan.migrationsDir}`)
  try {
    return claim()
  } finally {
    unlockTypes(lock)
  }
}

/**
 * The path of a claim in `migrationsDir` of the same kind as `ownClaim` (a number or a timestamp)
 * ordered before it, whose writer is not known to be gone (claimGone) and which is not older than
 * LOCK_STALE_MS; null when there is none (lockOrder).
 */
function earlierClaimAtWork(migrationsDir, ownClaim) {
  const own = path.basename(ownClaim)
  const kind = CLAIM_FILE.test(own) ? CLAIM_FILE : STAMP_CLAIM_FILE
  const order = (m) => BigInt(m[1])
  const mine = order(kind.exec(own))
  for (const name of list(migrationsDir)) {
    const m = kind.exec(name)
    if (!m || order(m) >= mine) continue
    const claimPath = path.join(migrationsDir, name)
    if (!claimGone(stampClaim(claimPath), claimPath) && !olderThan(claimPath, LOCK_STALE_MS)) return claimPath
  }
  return null
}

/** Whether the file at `p` was last modified more than `ms` milliseconds ago; false when it is gone. */
function olderThan(p, ms) {
  try {
    return Date.now() - fs.lstatSync(p).mtimeMs > ms
  } catch {
    return false
  }
}

/**
 * For the command line (`options.refuseEarlierRepeated`, not in the API's types: `{ dir, cwd,
 * existingDbPath }`), under the order lock (lockOrder): the checks `generate` makes of the
 * earlier migrations before writing (TABLE_CREATED_BEFORE, COLUMN_ADDED_BEFORE, RENAMED_BEFORE:
 * lib/earlier-migrations.js's earlierRepeatedErrors, the same check), made again on the folder as it is now,
 * for the migration as it is written under `filename`. Throws the first error's code and
 * message, with all of them as `issues`, so the write is undone and its claim released.
 */
function refuseEarlierRepeated(result, filename, recheck) {
  const errors = earlierRepeatedErrors({ ...result, metadata: { ...result.metadata, filename } }, recheck)
  if (errors.length === 0) return
  throw fail(errors[0].code, errors[0].message, { path: recheck.dir, issues: errors })
}

/** Releases the types lock, if it is still this writer's (a lock broken as stale is not). */
function unlockTypes(lock) {
  const holder = readLock(lock.path)
  if (holder && holder.token === lock.token) removeQuietly(lock.path)
}

/**
 * Creates a lock file holding `info` (JSON) if there is none; false when one exists. Throws
 * WRITE_FAILED when the folder cannot be written.
 */
function createLockFile(lockPath, info) {
  const content = `${JSON.stringify(info)}\n`
  const tmp = `${lockPath}.${process.pid}.h${HOST_TAG}.${info.token}.tmp`
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx', mode: 0o644 })
  } catch (err) {
    removeQuietly(tmp)
    throw writeFailed(lockPath, err)
  }
  const linked = linkInPlace(tmp, lockPath)
  if (linked !== null) return linked
  // No hard links: create it exclusively, then write (read meanwhile, it is empty: see readLock).
  let fd
  try {
    fd = fs.openSync(lockPath, 'wx', 0o644)
  } catch (err) {
    if (err.code === 'EEXIST') return false
    throw writeFailed(lockPath, err)
  }
  try {
    fs.writeSync(fd, content)
  } catch (err) {
    try {
      fs.closeSync(fd)
    } catch {}
    removeQuietly(lockPath)
    throw writeFailed(lockPath, err)
  }
  try {
    fs.closeSync(fd)
  } catch {}
  return true
}

/**
 * What a lock file says ({ pid, host, token, time }) plus its inode (`ino`), or null when there
 * is none. A lock that cannot be parsed (being written where links are not supported, or
 * damaged) has no pid or token, and its file's modification time as its time; one that is not
 * a regular file (notRegularKind, a symbolic link included) also has `kind`, for messages.
 */
function readLock(lockPath) {
  let fd
  try {
    // Not a regular file (a FIFO, whose opening would block; a device; a folder; a symbolic
    // link, never a writer's lock, even to a file, and whose target may be missing): damaged.
    // Looked at itself, not through a link: a dangling one read as no lock at all had the
    // writer try again at once, without end (a user trial).
    const stat = fs.lstatSync(lockPath)
    const kind = notRegularKind(stat)
    if (kind) return { ino: stat.ino, time: stat.mtimeMs, kind }
    fd = fs.openSync(lockPath, fs.constants.O_RDONLY | O_NONBLOCK)
  } catch (err) {
    if (err.code === 'ENOENT') return null
    throw fail('READ_FAILED', `cannot read ${lockPath}: ${reason(err)}`, { path: lockPath, cause: err })
  }
  try {
    const stat = fs.fstatSync(fd)
    let info = {}
    try {
      if (!stat.isFile()) throw new Error('not a regular file')
      const buf = Buffer.alloc(CLAIM_READ_CAP)
      const n = fs.readSync(fd, buf, 0, CLAIM_READ_CAP, null)
      info = JSON.parse(buf.subarray(0, n).toString('utf8'))
    } catch {}
    if (!info || typeof info !== 'object') info = {}
    return {
      ino: stat.ino,
      pid: Number.isInteger(info.pid) ? info.pid : undefined,
      host: typeof info.host === 'string' ? info.host : undefined,
      token: typeof info.token === 'string' ? info.token : undefined,
      time: Number.isFinite(info.time) ? info.time : stat.mtimeMs,
    }
  } finally {
    try {
      fs.closeSync(fd)
    } catch {}
  }
}

/**
 * Whether a lock's writer is gone: its process, on this host, no longer exists; or the lock is
 * older than `maxAge` (also when the clock went back by as much). A lock of this very process
 * (another thread) or of another host is judged by its age only.
 */
function isStale(holder, maxAge) {
  if (Math.abs(Date.now() - holder.time) > maxAge) return true
  if (holder.pid === undefined || holder.host !== os.hostname()) return false
  return processGone(holder.pid)
}

/**
 * Removes a stale lock, unless it changed since it was judged stale. Writers that find the same
 * stale lock at once must not remove it one after another (the second would remove the lock the
 * first writer has taken since), so breaking is itself exclusive: the breaker holds
 * `.migration-types.lock.breaking` (created with 'wx'), reads the lock again, and removes it only
 * if it is still the same file (inode and token) and still stale. A `.breaking` file left by a
 * breaker that died in those few operations is removed once older than BREAKING_STALE_MS (or
 * when its process is gone). Returns whether it removed something (the lock, or a dead breaker's
 * file), so that the lock is tried again at once; false when another writer is breaking it, or
 * it could not be removed (a folder under its name), so that the caller waits as for a held lock.
 */
function breakLock(lockPath, holder) {
  const breakingPath = `${lockPath}.breaking`
  if (!createLockFile(breakingPath, { pid: process.pid, host: os.hostname(), token: crypto.randomBytes(12).toString('hex'), time: Date.now() })) {
    const breaker = readLock(breakingPath)
    return breaker !== null && isStale(breaker, BREAKING_STALE_MS) && removeIfThere(breakingPath)
  }
  try {
    const now = readLock(lockPath)
    return sameLock(now, holder) && isStale(now, LOCK_STALE_MS) && removeIfThere(lockPath)
  } finally {
    removeQuietly(breakingPath)
  }
}

/** readLock, null where the lock cannot be read (removeGoneLocks then leaves it to lockTypes). */
function readLockQuietly(lockPath) {
  try {
    return readLock(lockPath)
  } catch {
    return null
  }
}

/** Whether the lock `now` (readLock) is still the file `holder` was read from: the same inode and token. */
function sameLock(now, holder) {
  return now !== null && now.ino === holder.ino && now.token === holder.token
}

/**
 * Creates the folders and writes every temporary file, recording them in `undo`, then flushes
 * them all to disk together (flushTemps), before anything is placed.
 */
function stageFiles(files, undo) {
  for (const f of files) makeDirs(path.dirname(f.path), undo.createdDirs)
  const staged = []
  for (const f of files) {
    stopIfAsked(undo)
    // The folder may have gone since (another writer's undo): made again (inMadeFolder).
    const tmp = inMadeFolder(path.dirname(f.path), undo.createdDirs, () => writeTempFile(f.path, f.content, false))
    undo.temps.set(f.path, tmp)
    staged.push([f.path, tmp])
  }
  stopIfAsked(undo)
  // Flushed together, before any of them is placed.
  flushTemps(staged)
}

/**
 * Thrown by a write that its caller asked to stop (the command line, on SIGINT or SIGTERM): the
 * write is undone as after a failure. `signal` is what `stop` returned. Not a
 * MigrationGeneratorError: only a caller that passes `stop` ever meets it.
 */
class Interrupted extends Error {
  constructor(signal) {
    super(`interrupted (${signal})`)
    this.code = 'INTERRUPTED'
    this.signal = signal
  }
}

/**
 * Throws Interrupted when the write's `stop` function (if any) says to stop. Called before each
 * step that can still be undone: each file staged, each table file placed, index.d.ts written,
 * the migration placed.
 */
function stopIfAsked(undo) {
  const signal = undo.stop && undo.stop()
  if (signal) throw new Interrupted(signal)
}

/** Places the staged migration, never replacing a file. */
function placeMigration(f, undo) {
  placeNew(undo.temps.get(f.path), f.path, f.content)
  undo.placedMigration = f.path
  undo.temps.delete(f.path)
}

/**
 * Places the staged table files and writes index.d.ts, holding the types lock (lockTypes) from
 * before the first look at the folder until the last change to it, undone or not:
 *
 * 1. Under the lock, the folder's table files plus this call's are checked for a type name
 *    exported twice (TYPE_NAME_CONFLICT) before anything is placed, so a conflicting writer
 *    places nothing in the types folder.
 * 2. Each table file replaces the old one (kept, to put back on failure: keepPrevious), then
 *    index.d.ts is brought in line with the folder (convergeIndex).
 * 3. Then, given `migration` (writeMigrationFiles), the staged migration is placed, last, once the
 *    types folder is flushed: a migration file that is there was written with all its types (a
 *    writer killed before leaves no migration, and the same write run again writes it all).
 * 4. If anything fails, this is undone while the lock is still held (undoTypes): the old table
 *    files are put back, new ones removed, index.d.ts restored as it was (and a migration that
 *    could not be placed, FILE_EXISTS, leaves the types as they were).
 *
 * Every writer changes the types folder only while holding the lock, so when one releases it,
 * the folder is final as far as that writer is concerned: its table files stay (it can no longer
 * fail), or it put back exactly what it found. A later writer's backups are therefore copies of
 * files that stay, and an undo never removes or restores over a file another writer placed.
 */
function placeTypes(plan, typeFiles, indexPath, undo, migration) {
  const { typesDir } = plan
  const lock = lockTypes(typesDir, undo)
  try {
    // Checked again under the lock, which the plan was not made under.
    for (const f of typeFiles) refuseForeign(f.path)
    refuseForeign(indexPath)
    undo.index = { path: indexPath, before: indexBefore(indexPath), written: false }
    const tables = generatedTables(typesDir)
    for (const t of plan.tables) tables.set(t.table, t)
    indexFor(tables, typesDir)
    for (const f of typeFiles) {
      stopIfAsked(undo)
      const tmp = undo.temps.get(f.path)
      // The table's types as they are already (only the migration they name differs): the
      // file stays, naming the migration that last changed them, so that two branches that
      // generate do not both rewrite every table's file (a merge conflict in each).
      // (A file larger than the new one by more than its migration's names cannot be the same.)
      if (sameTypes(readIfFile(f.path, Buffer.byteLength(f.content) + 64 * 1024), f.content)) {
        removeQuietly(tmp)
        undo.temps.delete(f.path)
        undo.unchanged.push(f.path)
        continue
      }
      const backup = keepPrevious(f.path)
      try {
        fs.renameSync(tmp, f.path)
      } catch (err) {
        if (backup) removeQuietly(backup)
        throw writeFailed(f.path, err)
      }
      if (backup) undo.backups.set(f.path, backup)
      else undo.replacedNew.push(f.path)
      undo.temps.delete(f.path)
    }
    // A dropped table's file, if this package wrote it for that table, goes (put back on undo).
    const inFolder = generatedTables(typesDir)
    for (const table of plan.dropped ?? []) {
      if (!inFolder.has(table) || plan.tables.some((t) => t.table === table)) continue
      const target = path.join(typesDir, `${typeFileBase(table)}.d.ts`)
      // A table renamed in case only (`User` to `user`): on a file system that ignores case,
      // the old name's file is the one just written.
      if (plan.files.some((f) => sameFile(f.path, target))) continue
      const backup = keepPrevious(target)
      if (!backup) continue
      try {
        fs.unlinkSync(target)
      } catch (err) {
        removeQuietly(backup)
        throw writeFailed(target, err)
      }
      undo.backups.set(target, backup)
      undo.removed.push(target)
    }
    stopIfAsked(undo)
    convergeIndex(typesDir, indexPath, undo)
    if (migration) {
      stopIfAsked(undo)
      // The types' renames reach the disk before the migration is placed: after a power cut too,
      // a migration file means its types are there.
      syncDir(typesDir)
      placeMigration(migration, undo)
    }
  } catch (err) {
    undoTypes(undo)
    throw err
  } finally {
    unlockTypes(lock)
  }
}

/**
 * index.d.ts as it is before a write changes it (put back if the write fails), or null when
 * there is none. refuseForeign let only a file of this package (or none) through; one larger
 * than TYPE_FILE_READ_CAP, which it never writes, is READ_FAILED rather than lost on undo.
 */
function indexBefore(indexPath) {
  const read = readRegular(indexPath, TYPE_FILE_READ_CAP)
  if (read && !read.complete) {
    throw fail('READ_FAILED', `cannot read ${indexPath}: it is larger than ${TYPE_FILE_READ_CAP / 1024 / 1024} MiB, which no index.d.ts of migration-generator is (delete it)`, { path: indexPath })
  }
  return read && read.text
}

/**
 * An empty record of what a writeMigrationFiles call has done, for undoWrites (and its `stop`
 * function, for stopIfAsked).
 */
function newUndo(stop) {
  return {
    stop,
    createdDirs: [],
    temps: new Map(),
    /** Type files replaced so far: target -> a hard link (or copy) of its previous content. */
    backups: new Map(),
    replacedNew: [],
    /** Type files of dropped tables removed (their backups are in `backups`). */
    removed: [],
    /** Table files kept as they were (their types had not changed). */
    unchanged: [],
    placedMigration: null,
    /** The number or timestamp claimed ({ number, claimPath }), until released. */
    claim: null,
    /** index.d.ts: { path, before (its text when the types lock was taken), written }. */
    index: null,
  }
}

/**
 * Undoes the types part of a failed call, while it still holds the types lock: puts back the
 * table files it replaced, removes the ones it created, and restores index.d.ts as it was when
 * the lock was taken (removes it if there was none). Best effort: what cannot be undone is left.
 */
function undoTypes(undo) {
  for (const [target, backup] of undo.backups) {
    try {
      fs.renameSync(backup, target)
    } catch {
      removeQuietly(backup)
    }
  }
  undo.backups.clear()
  for (const target of undo.replacedNew) removeQuietly(target)
  undo.replacedNew = []
  const index = undo.index
  if (index && index.written) {
    try {
      if (index.before === null) fs.unlinkSync(index.path)
      else replaceFile(index.path, index.before)
    } catch {}
  }
}

/**
 * Undoes a failed call (its types part, if any, was undone under the types lock already):
 * removes its temporary files and the migration, then releases its claim (after the migration,
 * so the number is always covered by one or the other). Last, the folders it created are removed,
 * deepest first, each only if it is empty (rmdir, never recursive: ENOTEMPTY or ENOENT leaves it
 * as it is): another writer, of this process or another, may have files there. One that found
 * such a folder there and has not yet put a file in it makes it again (inMadeFolder).
 */
function undoWrites(undo) {
  for (const tmp of undo.temps.values()) removeQuietly(tmp)
  if (undo.placedMigration) removeQuietly(undo.placedMigration)
  if (undo.claim) removeQuietly(undo.claim.claimPath)
  const deepestFirst = [...new Set(undo.createdDirs)].sort((a, b) => b.length - a.length)
  for (const d of deepestFirst) {
    try {
      fs.rmdirSync(d)
    } catch {}
  }
}

/**
 * What a write that failed throws, once undone: `err`, or Interrupted when the write's `stop`
 * function (if any) says to stop by then. A write asked to stop (an aborted signal, SIGINT) that
 * fails before its next step, for a reason of its own or one another writer caused, is undone
 * either way; it reports the stop its caller asked for (an AbortError for the async writers, as
 * README says), not the failure.
 */
function failureOf(err, undo) {
  if (err instanceof Interrupted || !undo.stop) return err
  let signal = null
  try {
    signal = undo.stop()
  } catch {}
  return signal ? new Interrupted(signal) : err
}

/**
 * Writes a generated migration and its types under `options.rootDir`. Safe to call from several
 * processes (or threads) at once on the same folders: the migration's number or timestamp is
 * claimed without a lock (numbered migrations get distinct numbers, timestamped ones distinct
 * timestamps: claimNumber, claimTimestamp; the command line's writes claim it under the order
 * lock, claimInOrder), every file is staged, then the types are placed
 * under the types lock and the migration last, still under it (never over a file: placeTypes),
 * where a failure is undone before the lock is released. Nothing can fail after that, so a call
 * that returns keeps its files, and one that throws leaves nothing of its own behind and takes
 * nothing of another writer's; a call killed on the way leaves no migration (only type files,
 * which the same call run again rewrites, and scratch files: removeStaleScratch).
 *
 * @param {object} result what `generateMigration` returned (must be valid)
 * @param {{ rootDir: string, migrationsDir?: string, typesDir?: string }} options folders
 *   (`migrationsDir` and `typesDir` are relative to `rootDir` and must stay inside it)
 * @param {() => (string | null | undefined)} [stop] for the command line (not in the API's
 *   types): called between steps; when it returns a signal's name, the write is undone and
 *   Interrupted thrown (lib/write-worker.js)
 * @returns {{ filename: string, migrationPath: string, typePaths: string[], paths: string[], removed: string[], unchanged: string[] }}
 *   `paths` (and `typePaths`) list every file of the result, also those kept as they were, which
 *   `unchanged` lists
 * @throws {MigrationGeneratorError} VALIDATION_FAILED, FILE_EXISTS, PATH_OUTSIDE_ROOT,
 *   ROOT_NOT_FOUND, WRITE_FAILED (also when another writer held the types lock for all of
 *   60 s), READ_FAILED, TYPE_NAME_CONFLICT, NUMBERING_EXHAUSTED or INVALID_ARGUMENT; for the
 *   command line (`options.refuseSameUpAsNewest`, `options.refuseEarlierRepeated`, not in the
 *   API's types) also DUPLICATE_MIGRATION, TABLE_CREATED_BEFORE, COLUMN_ADDED_BEFORE and
 *   RENAMED_BEFORE (refuseEarlierRepeated)
 */
function writeMigrationFiles(result, options, stop) {
  options = ownOptions(options, 'writeMigrationFiles')
  // Whatever can be refused is refused here, before anything is written.
  let plan = planFiles(result, options)
  // What a writer killed mid-write left (its claim, temporary files and backups), removed once
  // its process is known to be gone: returned as `leftoversRemoved`, which the command line says.
  const leftovers = [
    ...removeGoneLocks([path.join(plan.migrationsDir, ORDER_LOCK), path.join(plan.typesDir, TYPES_LOCK)]),
    ...removeStaleClaims(plan.migrationsDir, stop),
    ...removeStaleScratch([plan.migrationsDir, plan.typesDir]),
  ]
  const undo = newUndo(stop)
  let order = null
  try {
    try {
      if (plan.numbered || TIMESTAMPED_FILE.test(result.metadata.filename)) {
        // The claim is this write's first file in the migrations folder (inMadeFolder).
        undo.claim = inMadeFolder(plan.migrationsDir, undo.createdDirs, () => claimInOrder(plan, result, options, undo))
        if (options.refuseSameUpAsNewest === true) refuseSameUpAsNewest(plan.migrationsDir, result)
        plan = planFiles(result, options, undo.claim.number)
      }
      const index = plan.files.find((f) => f.kind === 'index')
      stageFiles(plan.files.filter((f) => f.kind !== 'index'), undo)
      // The earlier migrations checked again, once those ordered before this one are placed (or
      // given up), and until this one is placed: another generate may have placed one creating
      // the same table since the command line looked.
      if (options.refuseEarlierRepeated && undo.claim) {
        order = lockOrder(plan.migrationsDir, undo.claim.claimPath, undo)
        refuseEarlierRepeated(result, plan.filename, options.refuseEarlierRepeated)
      }
      // The migration goes last (under the types lock when there are types: placeTypes), so that
      // its file is there only once the whole write is.
      if (index) {
        placeTypes(plan, plan.files.filter((f) => f.kind === 'types'), index.path, undo, plan.files[0])
      } else {
        stopIfAsked(undo)
        placeMigration(plan.files[0], undo)
      }
    } catch (err) {
      // Released first, so that a migrations folder this call made is empty to remove: the
      // migration is not placed (placing it is the last step that can fail).
      if (order) unlockTypes(order)
      order = null
      undoWrites(undo)
      throw failureOf(err, undo)
    }
    keepWrites(undo, plan.files)
    if (undo.claim) removeQuietly(undo.claim.claimPath)
  } finally {
    if (order) unlockTypes(order)
  }
  const typePaths = plan.files.filter((f) => f.kind !== 'migration').map((f) => f.path)
  return { filename: plan.filename, migrationPath: plan.files[0].path, typePaths, paths: plan.files.map((f) => f.path), removed: undo.removed, unchanged: unchangedFiles(undo), leftoversRemoved: leftovers }
}

/**
 * Writes only the type files of a result (its `tableTypes`, so the spec needs
 * `generateTypes: true`) and the folder's `index.d.ts`, with no migration (their header names the
 * result's migration, or, for NO_CHANGES, says there was none): for a database that
 * already matches the spec (`NO_CHANGES`) whose types are wanted all the same, such as a fresh
 * clone whose types folder is not committed. The type files follow writeMigrationFiles's rules
 * (same folder, lock, refusals and all-or-nothing writing).
 *
 * @param {object} result what `generateMigration` returned (must be valid, with tableTypes)
 * @param {{ rootDir: string, typesDir?: string }} options folders, as for writeMigrationFiles
 * @param {() => (string | null | undefined)} [stop] as for writeMigrationFiles
 * @returns {{ typePaths: string[], paths: string[], unchanged: string[] }}
 * @throws {MigrationGeneratorError} as writeMigrationFiles (INVALID_ARGUMENT without tableTypes)
 */
function writeTypeFiles(result, options, stop) {
  const plan = planFiles(result, options, undefined, true)
  removeStaleScratch([plan.typesDir])
  const undo = newUndo(stop)
  try {
    const index = plan.files.find((f) => f.kind === 'index')
    const typeFiles = plan.files.filter((f) => f.kind === 'types')
    stageFiles(typeFiles, undo)
    placeTypes(plan, typeFiles, index.path, undo)
  } catch (err) {
    undoWrites(undo)
    throw failureOf(err, undo)
  }
  keepWrites(undo, plan.files)
  const paths = plan.files.map((f) => f.path)
  return { typePaths: paths, paths, unchanged: unchangedFiles(undo) }
}

/**
 * The type files a write left as they were: table files whose types had not changed, and
 * index.d.ts when it already listed what it had to.
 */
function unchangedFiles(undo) {
  const index = undo.index && !undo.index.written ? [undo.index.path] : []
  return [...undo.unchanged, ...index]
}

/**
 * After a write that can no longer fail: the backups of replaced files go, and the folders of
 * `files` are flushed so that the renames survive a crash.
 */
function keepWrites(undo, files) {
  for (const backup of undo.backups.values()) removeQuietly(backup)
  for (const dir of new Set(files.map((f) => path.dirname(f.path)))) syncDir(dir)
}

/** Removes a file, ignoring any error (it may be gone already). */
function removeQuietly(p) {
  try {
    fs.unlinkSync(p)
  } catch {}
}

/**
 * Keeps the current content of a file about to be replaced (a hard link, or a copy where links
 * are not supported), so a later failure can put it back. Returns the backup's path, or null
 * when there is no file (or a folder) at `target`.
 */
function keepPrevious(target) {
  let stat
  try {
    stat = fs.lstatSync(target)
  } catch (err) {
    if (err.code === 'ENOENT') return null
    throw writeFailed(target, err)
  }
  if (!stat.isFile()) return null
  const backup = scratchPath(target, 'bak')
  try {
    fs.linkSync(target, backup)
  } catch {
    try {
      fs.copyFileSync(target, backup, fs.constants.COPYFILE_EXCL)
    } catch (err) {
      removeQuietly(backup)
      throw writeFailed(target, err)
    }
  }
  return backup
}

/**
 * The result as its files are (or would be) written under `filename`. The generator names a
 * `fileFormat: 'numbered'` migration `001_…`; the files take the next free number in the folder
 * (`003_…`), with the `-- Migration:` header line and the file name in the types rewritten to
 * match: `metadata.filename`, `fileContent`, `tableTypes[].source` and `typeDefinitions`. A
 * result already named so comes back as it is.
 */
function asWritten(result, filename) {
  const old = result.metadata.filename
  const number = /^(\d+)_/.exec(filename)
  if (filename === old || !number) return result
  const rename = (text) => (typeof text === 'string' ? text.split(old).join(filename) : text)
  const out = { ...result, metadata: { ...result.metadata, filename } }
  out.fileContent = result.fileContent.replace(/^-- Migration: .*$/m, `-- Migration: ${number[1]}`)
  if (Array.isArray(result.tableTypes)) out.tableTypes = result.tableTypes.map((t) => ({ ...t, source: rename(t.source) }))
  if (result.typeDefinitions !== undefined) out.typeDefinitions = rename(result.typeDefinitions)
  return out
}

module.exports = { writeMigrationFiles, writeTypeFiles, Interrupted, flushTemps, planMigrationFiles, planTypeFiles, asWritten, isInside, MigrationGeneratorError, generatedTables, typeFileBase, readingRegular, writeFailed, noChanges, numberingRefusal, folderInTheWay }
