// The fixture corpus (__test__/fixtures/*.json): loading, strict shape checking, and what the
// spec means independently of the generator (effective tables, keys, per-column facts).
// The format is described in __test__/fixtures/README.md.
import { readFileSync, readdirSync } from 'node:fs'
import assert from 'node:assert/strict'

export const DIALECTS = ['sqlite', 'postgresql', 'mysql']
export const NOW = '2026-02-09T12:00:00Z'
export const FIXTURE_DIR = new URL('../fixtures/', import.meta.url)

const TOP_KEYS = ['about', 'dialects', 'expectErrors', 'expectWarnings', 'spec', 'data']
const DATA_KEYS = ['rows', 'fresh', 'defaults', 'missing', 'violations', 'actions']
export const REJECTIONS = ['not_null', 'unique', 'check', 'foreign_key', 'too_long']

function onlyKeys(obj, allowed, where) {
  for (const k of Object.keys(obj)) assert.ok(allowed.includes(k), `${where}: unknown key '${k}' (allowed: ${allowed.join(', ')})`)
}

/** Every fixture, sorted by name, with its shape checked. */
export function loadFixtures() {
  const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.json')).sort()
  return files.map((file) => {
    const raw = JSON.parse(readFileSync(new URL(file, FIXTURE_DIR), 'utf8'))
    const name = file.replace(/\.json$/, '')
    checkShape(raw, name)
    return {
      name,
      file,
      about: raw.about,
      dialects: raw.dialects,
      expectErrors: raw.expectErrors ?? {},
      expectWarnings: raw.expectWarnings ?? {},
      spec: raw.spec,
      data: normaliseData(raw.data),
    }
  })
}

function normaliseData(data) {
  return {
    rows: data?.rows ?? [],
    fresh: data?.fresh ?? {},
    defaults: data?.defaults ?? {},
    missing: data?.missing ?? {},
    violations: data?.violations ?? [],
    actions: data?.actions ?? [],
  }
}

function checkShape(f, name) {
  onlyKeys(f, TOP_KEYS, name)
  assert.equal(typeof f.about, 'string', `${name}: 'about' says what the fixture covers`)
  assert.ok(Array.isArray(f.dialects), `${name}: 'dialects' is an array`)
  for (const d of f.dialects) assert.ok(DIALECTS.includes(d), `${name}: unknown dialect ${d}`)
  const errs = f.expectErrors ?? {}
  for (const [d, codes] of Object.entries(errs)) {
    assert.ok(DIALECTS.includes(d), `${name}: expectErrors names unknown dialect ${d}`)
    assert.ok(!f.dialects.includes(d), `${name}: ${d} is both in dialects and in expectErrors`)
    assert.ok(Array.isArray(codes) && codes.length > 0, `${name}: expectErrors.${d} lists codes`)
  }
  for (const d of DIALECTS) {
    assert.ok(f.dialects.includes(d) || errs[d], `${name}: ${d} is neither run (dialects) nor expected to be rejected (expectErrors)`)
  }
  assert.equal(typeof f.spec, 'object', `${name}: spec`)
  assert.ok(!('databaseType' in f.spec) && !('now' in f.spec), `${name}: the runner sets databaseType and now`)
  if (f.dialects.length > 0) {
    assert.ok(f.data, `${name}: a fixture that runs on an engine has data to exercise it`)
    onlyKeys(f.data, DATA_KEYS, `${name}.data`)
    const tables = new Set(f.spec.tables.map((t) => t.name))
    for (const t of tables) assert.ok(f.data.fresh?.[t], `${name}: data.fresh has no row for '${t}' (every table gets one)`)
    for (const v of f.data.violations ?? []) {
      onlyKeys(v, ['table', 'set', 'rejects', 'constraint', 'only', 'why'], `${name}.violations`)
      assert.ok(tables.has(v.table), `${name}: violation on unknown table ${v.table}`)
      assert.ok(REJECTIONS.includes(v.rejects), `${name}: violation 'rejects' is one of ${REJECTIONS}`)
      if (['check', 'unique', 'foreign_key'].includes(v.rejects)) assert.ok(v.constraint, `${name}: a ${v.rejects} violation names its constraint`)
    }
    for (const a of f.data.actions ?? []) {
      onlyKeys(a, ['delete', 'update', 'set', 'where', 'rejects', 'constraint', 'expect', 'only', 'why'], `${name}.actions`)
      assert.ok(a.delete || a.update, `${name}: an action deletes or updates`)
      assert.ok(a.rejects || a.expect, `${name}: an action says what must happen (rejects or expect)`)
      if (['check', 'unique', 'foreign_key'].includes(a.rejects)) assert.ok(a.constraint, `${name}: a ${a.rejects} rejection names its constraint`)
    }
    for (const r of f.data.rows ?? []) onlyKeys(r, ['insert', 'values', 'update', 'set', 'where'], `${name}.rows`)
  }
}

/** The spec given to the generator for a dialect. */
export function specFor(fixture, dialect) {
  return { ...fixture.spec, databaseType: dialect, now: NOW, generateTypes: true }
}

/**
 * The tables as the spec defines them once the documented defaults apply: created_at and
 * updated_at (TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) appended when timestamps are on
 * (spec-wide, overridden per table) unless listed, and an autoIncrement column as the primary
 * key when none is given.
 */
export function effectiveTables(spec) {
  return spec.tables.map((t) => {
    const columns = t.columns.map((c) => ({ ...c }))
    let primaryKey = t.primaryKey
    if (!primaryKey || primaryKey.length === 0) {
      const auto = columns.find((c) => c.autoIncrement)
      primaryKey = auto ? [auto.name] : []
    }
    if (t.timestamps ?? spec.timestamps ?? true) {
      for (const name of ['created_at', 'updated_at']) {
        if (!columns.some((c) => c.name === name)) {
          columns.push({ name, type: 'TIMESTAMP', nullable: false, default: 'CURRENT_TIMESTAMP', autoTimestamp: true })
        }
      }
    }
    return {
      name: t.name,
      columns,
      primaryKey,
      foreignKeys: t.foreignKeys ?? [],
      uniqueConstraints: t.uniqueConstraints ?? [],
      checkConstraints: t.checkConstraints ?? [],
      indexes: (t.indexes ?? []).map((i) => ({ unique: false, ...i })),
    }
  })
}

export const col = (table, name) => table.columns.find((c) => c.name === name)
export const fkName = (table, fk) => fk.name ?? `fk_${table.name}_${fk.columns.join('_')}`
export const INTEGER_TYPES = ['INTEGER', 'INT', 'BIGINT', 'TINYINT']
export const NOW_DEFAULTS = ['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME']

/** Whether a column is in a key or index of its table (PK, UNIQUE, index, local side of a FK). */
export function isKeyColumn(table, name) {
  const has = (cols) => cols.includes(name)
  return (
    has(table.primaryKey) ||
    !!col(table, name)?.unique ||
    table.uniqueConstraints.some((u) => has(u.columns)) ||
    table.indexes.some((i) => has(i.columns)) ||
    table.foreignKeys.some((f) => has(f.columns))
  )
}

/** What kind of default a spec column has: null (none), or { kind, value }. */
export function defaultKind(c) {
  if (!('default' in c) || c.default === null) return null
  const d = c.default
  if (typeof d === 'object') return { kind: 'expression', value: d.expression }
  if (typeof d === 'string' && NOW_DEFAULTS.includes(d)) return { kind: 'now', value: d }
  if (typeof d === 'boolean') return { kind: 'bool', value: d }
  if (typeof d === 'number') return c.type === 'BOOLEAN' ? { kind: 'bool', value: d !== 0 } : { kind: 'number', value: d }
  return { kind: 'string', value: d }
}

/**
 * The token a column's default must come back as from the engine, by its kind (defaultKind), or
 * null without one: `literal(c, text)` a string's, `now(value)` the current time's (`now:value`
 * unless given), `expression()` an expression's (as the engine deparses it).
 */
export function expectedDefaultToken(c, { literal, now = (value) => `now:${value}`, expression }) {
  const d = defaultKind(c)
  if (!d) return null
  switch (d.kind) {
    case 'string': return literal(c, d.value)
    case 'number': return `num:${d.value}`
    case 'bool': return `bool:${d.value}`
    case 'now': return now(d.value)
    case 'expression': return expression()
  }
}

/** Every unique key of a table that the engine enforces on every row: [{ name?, columns, kind }]. */
export function uniqueKeys(table) {
  const keys = []
  if (table.primaryKey.length) keys.push({ kind: 'pk', columns: table.primaryKey })
  for (const c of table.columns) if (c.unique && !(table.primaryKey.length === 1 && table.primaryKey[0] === c.name)) keys.push({ kind: 'column', columns: [c.name] })
  for (const u of table.uniqueConstraints) keys.push({ kind: 'constraint', name: u.name, columns: u.columns })
  for (const i of table.indexes) if (i.unique && !i.where) keys.push({ kind: 'index', name: i.name, columns: i.columns })
  return keys
}

/** Which dialects a violation or action applies to. */
export const appliesTo = (entry, dialect) => !entry.only || entry.only.includes(dialect)
