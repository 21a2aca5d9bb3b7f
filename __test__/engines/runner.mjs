// One fixture on one engine: generate, apply up to an empty database, compare the catalog with
// the spec, exercise every constraint with data, apply down (back to empty), apply up again.
// The engine adapters live in postgres.mjs and mysql.mjs; the SQLite twin of this file is
// tests/fixtures_sqlite.rs.
import assert from 'node:assert/strict'
import { appliesTo, col, defaultKind, effectiveTables, fkName, INTEGER_TYPES, specFor, uniqueKeys } from './fixtures.mjs'
import { fromEngine, fromFixture } from './values.mjs'

/** Runs the whole sequence; throws (an assertion) on the first thing that is wrong. */
export async function runFixture(fixture, engine, generate) {
  const spec = specFor(fixture, engine.dialect)
  const result = generate(spec)
  assert.equal(result.validation.valid, true, `generation failed: ${JSON.stringify(result.validation.errors)}`)
  const warnings = result.validation.warnings.map((w) => w.code)
  for (const code of fixture.expectWarnings[engine.dialect] ?? []) {
    assert.ok(warnings.includes(code), `expected the warning ${code}; got ${warnings.join(', ')}`)
  }
  assert.deepEqual(await engine.leftovers(), [], 'the database is empty before the up migration')
  if (engine.transactionalDdl) {
    // The file has no BEGIN/COMMIT of its own: it must nest in the runner's transaction.
    const error = await engine.tryScript(`${result.upMigration}\n${result.downMigration}`)
    assert.equal(error, null, 'the up and down migrations run inside one transaction')
    assert.deepEqual(await engine.leftovers(), [], 'rolling that transaction back leaves nothing')
  }
  try {
    await applies('up migration', engine, result.upMigration)
    const expected = await engine.expectedSchema(spec)
    assert.deepEqual(await engine.readSchema(spec), expected, 'the catalog after the up migration matches the spec')
    await exercise(fixture, engine, effectiveTables(spec))
    await applies('down migration', engine, result.downMigration)
    assert.deepEqual(await engine.leftovers(), [], 'the down migration leaves the database empty')
    await applies('up migration after the down migration', engine, result.upMigration)
    assert.deepEqual(await engine.readSchema(spec), expected, 'the catalog after up → down → up matches the spec')
    await applies('second down migration', engine, result.downMigration)
    assert.deepEqual(await engine.leftovers(), [], 'the second down migration leaves the database empty')
  } finally {
    // Leave an empty database for the next fixture, without hiding the failure that got here.
    const left = await engine.leftovers().catch(() => ['(the catalog could not be read)'])
    if (left.length > 0) await engine.reset().catch(() => {})
  }
  return result
}

/** Runs `script` on `engine`; fails the test, naming `what` and giving the script, if the engine refuses it. */
export async function applies(what, engine, script) {
  try {
    await engine.exec(script)
  } catch (e) {
    assert.fail(`${engine.label} refused the ${what}: ${e.message}\n--- script ---\n${script}`)
  }
}

const where = (table, row) => Object.fromEntries(table.primaryKey.map((k) => [k, row[k]]))
const omit = (row, names) => Object.fromEntries(Object.entries(row).filter(([k]) => !names.includes(k)))
const show = (v) => JSON.stringify(v)

/** Runs a statement that must succeed; returns its result. */
async function accepts(engine, stmt, what) {
  try {
    return await engine.run(stmt)
  } catch (e) {
    assert.fail(`${engine.label} refused ${what}: ${e.message} (${stmt.sql} ${show(stmt.params)})`)
  }
}

/** Runs a statement that must be rejected for `kind`, naming `culprit` when the engine names one. */
async function rejects(engine, stmt, kind, culprit, what) {
  let error
  try {
    await engine.run(stmt)
  } catch (e) {
    error = e
  }
  assert.ok(error, `${engine.label} accepted ${what}, which must be rejected (${kind}): ${stmt.sql} ${show(stmt.params)}`)
  const got = engine.classify(error)
  assert.equal(got?.kind, kind, `${what}: rejected for the wrong reason: ${error.message}`)
  if (culprit !== undefined) assert.equal(got.name, culprit, `${what}: rejected by the wrong constraint: ${error.message}`)
}

/** A value that exists in no parent row, for a column of this type. */
function missingValue(c) {
  if (INTEGER_TYPES.includes(c.type)) return c.type === 'TINYINT' ? 119 : 987654321
  if (['REAL', 'NUMERIC', 'DECIMAL'].includes(c.type)) return 98765
  if (c.type === 'UUID') return 'ffffffff-ffff-4fff-bfff-ffffffffffff'
  if (c.type === 'DATE') return '1901-01-01'
  if (c.type === 'TIMESTAMP' || c.type === 'DATETIME') return '1901-01-01 00:00:00'
  return 'zz-missing'.slice(0, c.length ?? 10)
}

/** The check a value read back must pass, for a column's default. */
function checkDefault(fixture, table, c, value) {
  const d = defaultKind(c)
  const at = `${table.name}.${c.name}`
  switch (d.kind) {
    case 'now': {
      const pattern = d.value === 'CURRENT_DATE' ? /^\d{4}-\d{2}-\d{2}$/ : d.value === 'CURRENT_TIME' ? /^\d{2}:\d{2}:\d{2}/ : /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/
      assert.match(String(value), pattern, `${at} defaults to the current time (${d.value}); got ${show(value)}`)
      return
    }
    case 'expression': {
      const expected = fixture.data.defaults[table.name]?.[c.name]
      assert.ok(expected !== undefined, `${at} has an expression default: the fixture gives the value it must produce in data.defaults`)
      assert.deepEqual(fromEngine(c, value), fromFixture(c, expected), `${at} gets its expression default`)
      return
    }
    case 'string': {
      const isJson = c.type === 'JSON' || c.type === 'JSONB'
      assert.deepEqual(fromEngine(c, value), fromFixture(c, isJson ? JSON.parse(d.value) : d.value), `${at} gets its default`)
      return
    }
    default:
      assert.deepEqual(fromEngine(c, value), fromFixture(c, d.value), `${at} gets its default`)
  }
}

function describeKey(table, name) {
  const key = uniqueKeys(table).find((k) => k.name === name)
  if (key) return key
  const partial = table.indexes.find((i) => i.name === name && i.unique)
  assert.ok(partial, `fixture: '${name}' is not a unique key of ${table.name}`)
  return { kind: 'index', name, columns: partial.columns }
}

/** The culprit the engine must name for an explicit violation or refused action. */
function explicitCulprit(engine, table, kind, constraint) {
  if (kind === 'unique') return engine.culprit(kind, table, describeKey(table, constraint))
  if (kind === 'check' || kind === 'foreign_key') {
    assert.ok(constraint, `fixture: a ${kind} rejection names its constraint`)
    return engine.culprit(kind, table, constraint)
  }
  return engine.culprit(kind, table, constraint)
}

async function exercise(fixture, engine, tables) {
  const data = fixture.data
  const dml = engine.dml
  const table = (name) => {
    const t = tables.find((x) => x.name === name)
    assert.ok(t, `fixture data names the table ${name}, which the spec does not have`)
    return t
  }

  // 1. The rows the other steps build on.
  for (const r of data.rows) {
    if (r.insert) {
      await accepts(engine, dml.insert(table(r.insert), r.values), `the row ${show(r.values)} in ${r.insert}`)
    } else {
      const res = await accepts(engine, dml.update(table(r.update), r.set, r.where), `the update of ${r.update} ${show(r.where)}`)
      assert.ok(res.affected > 0, `the update of ${r.update} ${show(r.where)} changed no row`)
    }
  }

  // 2. Defaults and auto-increment: the fresh row without those columns gets them from the engine.
  for (const t of tables) {
    const filled = t.columns.filter((c) => c.autoIncrement || defaultKind(c))
    if (filled.length === 0) continue
    const names = filled.map((c) => c.name)
    const row = await engine.insertReturning(t, omit(data.fresh[t.name], names))
    assert.ok(row, `the row inserted into ${t.name} without its defaulted columns can be read back`)
    for (const c of filled) {
      if (c.autoIncrement) {
        assert.ok(Number.isInteger(Number(row[c.name])) && Number(row[c.name]) > 0, `${t.name}.${c.name} is generated: got ${row[c.name]}`)
      } else {
        checkDefault(fixture, t, c, row[c.name])
      }
    }
    const res = await accepts(engine, dml.delete(t, where(t, row)), `removing the default probe row from ${t.name}`)
    assert.equal(res.affected, 1, `the default probe row of ${t.name} is removed`)
  }

  // 3. Derived violations: each one changes one thing in the table's fresh row.
  for (const t of tables) {
    const fresh = data.fresh[t.name]
    for (const c of t.columns) {
      if (c.nullable || c.autoIncrement) continue
      await rejects(engine, dml.insert(t, { ...fresh, [c.name]: null }), 'not_null', engine.culprit('not_null', t, c.name), `NULL in the NOT NULL column ${t.name}.${c.name}`)
    }
    for (const key of uniqueKeys(t)) {
      const existing = (await engine.run(dml.select(t, {}))).rows.find((r) => key.columns.every((k) => r[k] !== null))
      assert.ok(existing, `fixture: data.rows puts no row with (${key.columns}) set into ${t.name}, so its unique key cannot be tested`)
      const copy = Object.fromEntries(key.columns.map((k) => [k, existing[k]]))
      await rejects(engine, dml.insert(t, { ...fresh, ...copy }), 'unique', engine.culprit('unique', t, key), `a second row with the same (${key.columns}) in ${t.name}`)
    }
    for (const fk of t.foreignKeys) {
      const missing = Object.fromEntries(fk.columns.map((k) => [k, data.missing[t.name]?.[k] ?? missingValue(col(t, k))]))
      const parent = table(fk.referencedTable)
      const parentWhere = Object.fromEntries(fk.referencedColumns.map((rc, i) => [rc, missing[fk.columns[i]]]))
      const n = (await engine.run(dml.count(parent, parentWhere))).rows[0].n
      assert.equal(Number(n), 0, `fixture: ${show(parentWhere)} exists in ${parent.name}; give data.missing.${t.name} values with no parent`)
      await rejects(engine, dml.insert(t, { ...fresh, ...missing }), 'foreign_key', engine.culprit('foreign_key', t, fkName(t, fk)), `a row of ${t.name} whose (${fk.columns}) has no parent in ${parent.name}`)
    }
  }

  // 4. Explicit violations (CHECK constraints, partial unique indexes, lengths).
  for (const t of tables) {
    for (const check of t.checkConstraints) {
      assert.ok(
        data.violations.some((v) => v.table === t.name && v.rejects === 'check' && v.constraint === check.name && appliesTo(v, engine.dialect)),
        `fixture: no violation exercises the CHECK ${check.name} of ${t.name}`,
      )
    }
  }
  for (const v of data.violations.filter((v) => appliesTo(v, engine.dialect))) {
    const t = table(v.table)
    await rejects(engine, dml.insert(t, { ...data.fresh[t.name], ...v.set }), v.rejects, explicitCulprit(engine, t, v.rejects, v.constraint), `${v.why ?? 'the row'} ${show(v.set)} in ${t.name}`)
  }

  // 5. The fresh rows themselves are accepted: every rejection above was for the one thing changed.
  for (const [name, row] of Object.entries(data.fresh)) {
    await accepts(engine, dml.insert(table(name), row), `the fresh row ${show(row)} in ${name}`)
  }

  // 6. Deletes and updates: what the foreign-key actions do.
  for (const a of data.actions.filter((a) => appliesTo(a, engine.dialect))) {
    const t = table(a.delete ?? a.update)
    const stmt = a.delete ? dml.delete(t, a.where) : dml.update(t, a.set, a.where)
    const what = `${a.why ?? ''} ${a.delete ? 'deleting' : 'updating'} ${t.name} ${show(a.where)}${a.set ? ` to ${show(a.set)}` : ''}`.trim()
    if (a.rejects) {
      await rejects(engine, stmt, a.rejects, explicitCulprit(engine, t, a.rejects, a.constraint), what)
      continue
    }
    const res = await accepts(engine, stmt, what)
    assert.ok(res.affected > 0, `${what}: no row matched`)
    for (const e of a.expect) {
      const et = table(e.table)
      const rows = (await engine.run(dml.select(et, e.where))).rows
      if ('count' in e) assert.equal(rows.length, e.count, `after ${what}: ${e.table} ${show(e.where)} has ${e.count} row(s)`)
      if (e.values) {
        assert.equal(rows.length, 1, `after ${what}: one row of ${e.table} matches ${show(e.where)}`)
        for (const [k, v] of Object.entries(e.values)) {
          const c = col(et, k)
          assert.deepEqual(fromEngine(c, rows[0][k]), fromFixture(c, v), `after ${what}: ${e.table}.${k} of ${show(e.where)}`)
        }
      }
    }
  }
}
