'use strict'
/**
 * The first key a JSON text gives twice in one object. JSON.parse keeps the last silently
 * (`"nullable": false, …, "nullable": true` reads as true), so a spec file edited at the first
 * one (by a person, or by a model told "set nullable: false") never changes what is generated;
 * the CLI refuses such a file (SPEC_DUPLICATE_KEY) and names both places.
 */

/** A key as a path step: `.name`, or `["odd key"]` when it is not an identifier. */
const step = (key) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

/** The line and column (both from 1) of offset `at` in `text`. */
function lineColumn(text, at) {
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return { line, column: at - start + 1 }
}

/**
 * In a text JSON.parse has accepted, the first duplicated key: `{ path, key, first, second }`
 * (path as `tables[0].columns[0].nullable`, `first` and `second` the `{ line, column }` of the
 * two keys), or null when every object's keys are distinct. Keys are compared as JSON.parse
 * reads them (`"a"` and `"\u0061"` are one key).
 * @param {string} text
 */
function firstDuplicateKey(text) {
  // Frames of the open objects and arrays: an object's keys seen (key -> offset), an array's index.
  const stack = []
  let pendingKey = null // the string just read, when it is an object's key
  const STRING = /"(?:[^"\\]|\\.)*"/y
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '"') {
      STRING.lastIndex = i
      const m = STRING.exec(text)
      const top = stack[stack.length - 1]
      const end = i + m[0].length
      // A key is a string in an object where a key is expected: followed by ':'.
      let j = end
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++
      if (top && top.keys && text[j] === ':') {
        const key = JSON.parse(m[0])
        if (top.keys.has(key)) {
          return { path: (top.path + step(key)).replace(/^\./, ''), key, first: lineColumn(text, top.keys.get(key)), second: lineColumn(text, i) }
        }
        top.keys.set(key, i)
        pendingKey = key
      }
      i = end - 1
    } else if (ch === '{' || ch === '[') {
      const top = stack[stack.length - 1]
      const here = top === undefined ? '' : top.keys ? top.path + step(pendingKey) : `${top.path}[${top.index}]`
      stack.push(ch === '{' ? { keys: new Map(), path: here } : { index: 0, path: here })
    } else if (ch === '}' || ch === ']') {
      stack.pop()
    } else if (ch === ',') {
      const top = stack[stack.length - 1]
      if (top && !top.keys) top.index++
    }
  }
  return null
}

module.exports = { firstDuplicateKey }
