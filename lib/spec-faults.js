'use strict'
/**
 * What in a spec JSON cannot write as given, found with the path of the field that holds it:
 * a Symbol, a function or a BigInt (JSON.stringify leaves the first two out of an object, so the
 * core said "type is missing", and throws on the third without saying where), and a cycle
 * (`spec.self = spec`, a column holding its table), which the spec's counting walk would follow
 * until it passed 64 MiB. index.js's walk only notices that there is such a thing, cheaply; this
 * looks again, slowly, with paths, only then. Fields are read as JSON.stringify reads them: an
 * object's own enumerable string keys, an array's elements; an object with a `toJSON` (a Date) is
 * not looked into.
 */

/** `tables[0].columns[1]` and the key `type`: `tables[0].columns[1].type`. */
function childPath(path, key, inArray) {
  if (inArray) return `${path}[${key}]`
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)
  if (path === '') return name
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${name}]`
}

/** What kind of value JSON cannot carry `v` is, or null when it can. */
function unwritableKind(v) {
  const t = typeof v
  return t === 'symbol' ? 'a Symbol' : t === 'function' ? 'a function' : t === 'bigint' ? 'a BigInt' : null
}

/**
 * Objects and arrays within one another that the core reads, the spec object counted
 * (src/parse.rs MAX_NESTING: serde_json's recursion limit).
 */
const MAX_NESTING = 127

/** Whether `s` holds half of a UTF-16 surrogate pair (JSON writes it as a `\uD800` escape the core refuses). */
const halfSurrogate = (s) => !s.isWellFormed()

/**
 * The first fault of the spec, depth first in the order JSON writes it: `{ at, kind }` for a
 * Symbol, function or BigInt (`kind` says which; `at` its path, `tables[0].columns[1].type`),
 * `{ at, cycle }` for an object that holds itself (`at` the field closing the cycle, `cycle` the
 * path of the object it leads back to, `''` for the spec itself), `{ at, tooDeep }` for the first
 * object or array past MAX_NESTING levels (the spec object is level 1), `{ at, surrogate }` for
 * a string (`surrogate: 'value'`) or key (`'key'`, `at` the path ending in it) holding half of
 * a surrogate pair. Null when there is none. Reads every field once more; called only when the
 * cheap walk saw such a thing. Null too when the spec is past `budget` characters of JSON text,
 * counted as index.js counts it.
 */
function findSpecFault(spec, budget = Infinity) {
  const onPath = new Set()
  // Counted as index.js's walk counts the JSON text: past `budget` the spec is too large to
  // look at again (a `new Array(110_000_000)` is not walked), and null is the answer.
  let count = 0
  // An explicit stack (a spec may nest deeply): entries to enter, and to leave once their
  // fields are done; an object's leave entry keeps its path, for a cycle that leads back to it.
  const stack = [{ v: spec, path: '', leave: false, level: 1 }]
  while (stack.length > 0) {
    const { v, path, leave, level } = stack.pop()
    if (leave) {
      onPath.delete(v)
      continue
    }
    onPath.add(v)
    stack.push({ v, path, leave: true })
    const inArray = Array.isArray(v)
    const keys = inArray ? null : Object.keys(v)
    const n = inArray ? v.length : keys.length
    count += n + 2
    if (count > budget) return null
    const entered = []
    for (let i = 0; i < n; i++) {
      const key = inArray ? i : keys[i]
      const x = v[key]
      if (!inArray) count += key.length
      if (typeof x === 'string') count += x.length
      if (count > budget) return null
      const at = childPath(path, key, inArray)
      if (!inArray && halfSurrogate(key)) return { at, surrogate: 'key' }
      if (typeof x === 'string' && halfSurrogate(x)) return { at, surrogate: 'value' }
      const kind = unwritableKind(x)
      if (kind) return { at, kind }
      if (x === null || typeof x !== 'object') continue
      if (onPath.has(x)) return { at, cycle: stack.find((e) => e.leave && e.v === x).path }
      if (typeof x.toJSON === 'function') continue
      if (level + 1 > MAX_NESTING) return { at, tooDeep: true }
      entered.push({ v: x, path: at, leave: false, level: level + 1 })
    }
    // Pushed in reverse, so the first field is looked into first, as JSON writes it.
    for (let i = entered.length - 1; i >= 0; i--) stack.push(entered[i])
  }
  return null
}

/** A path for a message: a long one (a spec nested hundreds of levels) with its middle left out. */
function shortPath(at) {
  return at.length <= 160 ? at : `${at.slice(0, 80)}…${at.slice(-60)}`
}

/** The INVALID_SPEC message and suggestion for a fault `findSpecFault` gave. */
function describeFault(fault) {
  if (fault.tooDeep) {
    // As the core says it of JSON text (src/parse.rs too_deep), where the walk is stopped before
    // JSON.stringify's recursion overflows the stack (a spec nested thousands of levels deep).
    return {
      message: `the spec is nested more than ${MAX_NESTING} levels deep (objects and arrays within one another: ${shortPath(fault.at)} is level ${MAX_NESTING + 1})`,
      suggestion: 'a spec nests a few levels (tables, columns, their fields): pass one whose values are not nested that deep (not hundreds or thousands of levels)',
    }
  }
  if (fault.surrogate !== undefined) {
    const what = fault.surrogate === 'key' ? `the key ${shortPath(fault.at)}` : shortPath(fault.at)
    return {
      message: `${what} holds half of a UTF-16 surrogate pair (a lone \\uD800–\\uDFFF), which is not text`,
      suggestion: 'remove the broken character, or replace it: String.prototype.toWellFormed() turns it into U+FFFD',
    }
  }
  if (fault.cycle !== undefined) {
    const target = fault.cycle === '' ? 'the spec itself' : fault.cycle
    return {
      message: `the spec has a cycle: ${fault.at} leads back to ${target}, which holds it; JSON cannot write a cycle`,
      suggestion: `remove ${fault.at} (or give a copy of the data, not the object that holds it)`,
    }
  }
  const fix = fault.kind === 'a BigInt' ? 'give a number, or for a default past 2^53 { expression: "…" }' : 'give a string, number, boolean, null, array or plain object there, or leave the field out'
  return {
    message: `${fault.at} holds ${fault.kind}, which JSON cannot carry (it would be ${fault.kind === 'a BigInt' ? 'refused' : 'left out'})`,
    suggestion: fix,
  }
}

module.exports = { findSpecFault, describeFault, unwritableKind, MAX_NESTING, halfSurrogate, childPath }

/**
 * The spec's own fields whose value is `undefined` (JSON leaves them out), first `max` of them,
 * each with its path, key, and the names of the table and column it is in (`tables[i]`,
 * `tables[i].columns[j]`), for the core's "is missing" to say where such a value was given.
 */
function undefinedFields(spec, max = 50) {
  const found = []
  const tableOf = (path, v) => (/^tables\[\d+\]$/.test(path) ? v.name : undefined)
  const stack = [{ v: spec, path: '', table: undefined, column: undefined }]
  // Bounded: the spec was counted below 64 MiB, and a cycle refused, before the core read it.
  while (stack.length > 0 && found.length < max) {
    const { v, path, table, column } = stack.pop()
    const inArray = Array.isArray(v)
    const keys = inArray ? null : Object.keys(v)
    const n = inArray ? v.length : keys.length
    for (let i = 0; i < n; i++) {
      const key = inArray ? i : keys[i]
      const x = v[key]
      const at = childPath(path, key, inArray)
      if (x === undefined && !inArray) found.push({ at, key, table, column })
      else if (x !== null && typeof x === 'object' && typeof x.toJSON !== 'function') {
        const t = tableOf(at, x)
        const c = /^tables\[\d+\]\.columns\[\d+\]$/.test(at) ? x.name : undefined
        stack.push({ v: x, path: at, table: t !== undefined ? t : table, column: c !== undefined ? c : column })
      }
    }
  }
  return found
}

/**
 * Adds to each INVALID_SPEC "… .key is missing" error of `errors` where the spec gave that field
 * as `undefined` (the same key, in the same table and column): `(tables[0].columns[1].type is
 * undefined, which JSON leaves out)`. Looks only when there is such an error.
 */
function explainMissing(errors, spec) {
  const missing = errors.filter((e) => e && e.code === 'INVALID_SPEC' && typeof e.message === 'string' && /\.\w+ is missing$/.test(e.message))
  if (missing.length === 0) return
  const fields = undefinedFields(spec)
  for (const e of missing) {
    const key = /\.(\w+) is missing$/.exec(e.message)[1]
    const f = fields.find((u) => u.key === key && u.table === e.table && u.column === e.column && !u.at.startsWith('previousSpec'))
    if (f) e.message += ` (${f.at} is undefined, which JSON leaves out)`
  }
}

module.exports.undefinedFields = undefinedFields
module.exports.explainMissing = explainMissing
