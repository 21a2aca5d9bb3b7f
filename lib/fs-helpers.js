'use strict'
/**
 * Small file-system helpers shared by lib/files.js (the writer), lib/earlier-migrations.js (the
 * earlier migrations' check) and lib/cli.js. It requires nothing of this package, so that each of
 * them can require it at top level without a cycle.
 */
const fs = require('node:fs')
const path = require('node:path')

/**
 * Whether `child` is `parent` or inside it (both absolute and normalized). Only a first
 * segment that is exactly `..` leaves: a folder named `..foo` is inside.
 */
function isInside(parent, child) {
  const rel = path.relative(parent, child)
  return !(rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
}

/** `p` relative to `cwd` when it is inside it (a folder named `..foo` is), else `p` itself. */
function rel(cwd, p) {
  const r = path.relative(cwd, p)
  return r && isInside(cwd, p) ? r : p
}

/**
 * How a path that is not a regular file is named in messages, or null for a regular file. Given
 * a stat through symbolic links (statSync), as most callers do, a link is its target; given an
 * lstat, a link is 'a symbolic link'.
 */
function notRegularKind(stat) {
  if (stat.isFile()) return null
  if (stat.isSymbolicLink()) return 'a symbolic link'
  if (stat.isDirectory()) return 'a folder'
  if (stat.isFIFO()) return 'a FIFO (named pipe)'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  if (stat.isSocket()) return 'a socket'
  return 'not a regular file'
}

/** Opening without waiting: a FIFO opened for reading would block until a writer came. */
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0

/**
 * Opens `p` for reading if it is a regular file, through symbolic links: its file descriptor, or
 * `{ kind }` (notRegularKind: a FIFO, a device, …) for anything else, or null when it is missing
 * or cannot be opened. A file in a folder this package reads (a migration named like one, a
 * `*.d.ts` in the types folder) may be a FIFO, whose reading blocks forever, or a link to
 * /dev/zero, whose reading never ends: it is looked at (stat) before it is opened, so a device
 * is never opened (opening some has effects of its own), and opened without blocking, then
 * looked at again (fstat), so one swapped in between is not read either.
 */
function openRegular(p) {
  let stat
  try {
    stat = fs.statSync(p)
  } catch {
    return null
  }
  const kind = notRegularKind(stat)
  if (kind) return { kind }
  let fd
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | O_NONBLOCK)
  } catch {
    return null
  }
  let now
  try {
    now = notRegularKind(fs.fstatSync(fd))
  } catch {
    now = 'unreadable'
  }
  if (!now) return fd
  try {
    fs.closeSync(fd)
  } catch {}
  return now === 'unreadable' ? null : { kind: now }
}

/**
 * `read(fd)` on the file `p` opened by openRegular, closed after: what it returns, or null when
 * it throws or the file is missing or cannot be opened; for a file that is not a regular one
 * (a FIFO, a device), `notRegular(kind)`, null unless given.
 */
function readingRegular(p, read, notRegular = () => null) {
  const fd = openRegular(p)
  if (fd === null) return null
  if (typeof fd !== 'number') return notRegular(fd.kind)
  try {
    return read(fd)
  } catch {
    return null
  } finally {
    try {
      fs.closeSync(fd)
    } catch {}
  }
}

module.exports = { isInside, rel, notRegularKind, openRegular, readingRegular, O_NONBLOCK }
