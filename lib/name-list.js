'use strict'
/**
 * Lists of names in the command line's messages, written as the core writes them
 * (src/report.rs's `name_list`, which DOWN_DATA_LOSS's "drops the 12 tables …" uses): the first
 * ten named, joined by commas and a final "and", the rest counted — `'a', 'b' and 3 more` — so
 * that a warning about 200 tables stays one readable line. A test compares this with the
 * core's DOWN_DATA_LOSS message, so the two do not drift apart. Requires nothing.
 */

/** How many names a list names before it counts the rest (the core's DOWN_DATA_LOSS: 10). */
const NAMED = 10

/** How many bytes of one name are shown (the core's `clip`): a 10 MB name stays out of a message. */
const CLIP_BYTES = 200

/** `text` cut to CLIP_BYTES bytes of UTF-8 (on a character boundary) and `…`, as src/report.rs's `clip`. */
function clip(text) {
  const s = String(text)
  if (Buffer.byteLength(s) <= CLIP_BYTES) return s
  let bytes = 0
  let end = 0
  for (const ch of s) {
    const n = Buffer.byteLength(ch)
    if (bytes + n > CLIP_BYTES) break
    bytes += n
    end += ch.length
  }
  return `${s.slice(0, end)}…`
}

/**
 * Items already written as they are to be shown (`'users' to 'people'`, `003_a.sql`), joined by
 * commas and a final "and"; past `named` items, the rest counted: `a, b and 3 more`.
 */
function listOf(items, named = NAMED) {
  return joined(items.slice(0, named), items.length - named)
}

/** `shown` joined by commas and a final "and", with `more` items (when > 0) counted last. */
function joined(shown, more) {
  const parts = more > 0 ? [...shown, `${more} more`] : shown
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}

/** Names in quotes (each clipped), as listOf lists them: `'a', 'b' and 3 more` (src/report.rs's `name_list`). */
function nameList(names, named = NAMED) {
  return joined(
    names.slice(0, named).map((n) => `'${clip(n)}'`),
    names.length - named,
  )
}

module.exports = { nameList, listOf, clip, NAMED }
