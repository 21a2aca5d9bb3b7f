'use strict'
/**
 * The header a migration file of this generator starts with (src/format.rs's `file_frame`):
 * comment lines (`-- Migration:`, `-- Description:`, `-- Database: sqlite`, `-- Tables:`, …)
 * before its `-- UP MIGRATION` line. The earlier migrations' check (lib/earlier-migrations.js)
 * reads its `-- Database:` line, so that a migration written for another dialect is not taken
 * for one this migration repeats. Requires nothing.
 */

/** The dialects a header's `-- Database:` line names (a spec's `databaseType`). */
const DIALECTS = new Set(['sqlite', 'postgresql', 'mysql'])

/**
 * The dialect the header of a migration file's text `text` names on its `-- Database:` line,
 * or null when it has no such line: a hand-written file, or another tool's. Only the comment
 * lines the file starts with (blank lines between them too) are read, up to its `-- UP
 * MIGRATION` line, so a `-- Database:` comment in its SQL is not taken for the header's.
 */
function headerDialect(text) {
  let start = 0
  while (start < text.length) {
    const nl = text.indexOf('\n', start)
    const line = text.slice(start, nl === -1 ? text.length : nl).replace(/\r$/, '')
    start = nl === -1 ? text.length : nl + 1
    const trimmed = line.trim()
    if (trimmed === '') continue
    if (!trimmed.startsWith('--') || /^-- (?:UP|DOWN) MIGRATION\b/.test(trimmed)) return null
    const m = /^-- Database: (\S+)$/.exec(trimmed)
    if (m) return DIALECTS.has(m[1]) ? m[1] : null
  }
  return null
}

/**
 * Whether the migration file's text `text` is written for another dialect than the migration
 * whose file content is `fileContent`: both headers name a dialect, and not the same one. A file
 * without a `-- Database:` line (hand-written, another tool's) is not known to be of another
 * dialect. DUPLICATE_MIGRATION passes over such a file: its up SQL may be the very text of this
 * one (a plain CREATE TABLE is the same on SQLite and PostgreSQL), yet it never runs where this
 * migration does (MIGRATION_OTHER_DIALECT).
 */
function ofAnotherDialect(text, fileContent) {
  const theirs = headerDialect(text)
  const ours = headerDialect(fileContent)
  return theirs !== null && ours !== null && theirs !== ours
}

module.exports = { headerDialect, ofAnotherDialect }
