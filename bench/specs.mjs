// Generates benchmark specs: N tables with a realistic mix (8–15 columns, foreign keys to
// earlier tables, indexes, unique columns, unique constraints and unique indexes, checks).
// Deterministic for a given N; the same tables for every dialect (only databaseType differs),
// and valid on all three (bench/run.mjs asserts it).
export function makeSpec(n, databaseType = 'sqlite') {
  let seed = 42
  const rand = (k) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % k
  }
  const types = ['TEXT', 'INTEGER', 'VARCHAR', 'BIGINT', 'DECIMAL', 'BOOLEAN', 'TIMESTAMP', 'DATE', 'REAL', 'UUID', 'JSONB']
  const tables = []
  for (let i = 0; i < n; i++) {
    const name = `t${i}_items`
    const columns = [{ name: 'id', type: 'BIGINT', nullable: false, autoIncrement: true }]
    const ncols = 8 + rand(8)
    for (let c = 1; c < ncols; c++) {
      const type = c === 1 ? 'VARCHAR' : types[rand(types.length)]
      const col = { name: `c${c}_${type.toLowerCase()}`, type, nullable: rand(3) === 0 }
      if (type === 'VARCHAR') col.length = 100 + rand(100)
      if (type === 'DECIMAL') Object.assign(col, { precision: 12, scale: 2, default: 0 })
      if (type === 'BOOLEAN') col.default = false
      columns.push(col)
    }
    const table = { name, description: `table ${i}`, columns, indexes: [], checkConstraints: [], foreignKeys: [] }
    if (i > 0) {
      for (let f = 0; f < 1 + rand(2); f++) {
        const target = rand(i)
        const col = `ref${f}_id`
        columns.push({ name: col, type: 'BIGINT', nullable: true })
        table.foreignKeys.push({ columns: [col], referencedTable: `t${target}_items`, referencedColumns: ['id'], onDelete: 'SET NULL' })
        table.indexes.push({ name: `idx_${name}_${col}`, columns: [col], unique: false })
      }
    }
    table.indexes.push({ name: `idx_${name}_c1`, columns: [columns[1].name], unique: false })
    // Uniques, chosen by position so the random sequence (and so the tables) stay as before:
    // a UNIQUE column on every 4th table, a named UNIQUE constraint on every 5th, and the c1
    // index made UNIQUE on every 7th. Only types every dialect can put in a key.
    const keyable = columns.find((c, k) => k >= 2 && ['VARCHAR', 'INTEGER', 'BIGINT', 'UUID', 'DATE'].includes(c.type) && !c.name.startsWith('ref'))
    if (keyable && i % 4 === 1) keyable.unique = true
    if (keyable && i % 5 === 2) table.uniqueConstraints = [{ name: `uq_${name}_c1`, columns: [columns[1].name, keyable.name] }]
    if (i % 7 === 3) table.indexes[table.indexes.length - 1].unique = true
    // Not on a foreign-key column: MySQL refuses a CHECK on a column that ON DELETE SET NULL writes.
    const numeric = columns.find((c) => ['INTEGER', 'BIGINT', 'REAL', 'DECIMAL'].includes(c.type) && c.name !== 'id' && !c.name.startsWith('ref'))
    if (numeric) table.checkConstraints.push({ name: `chk_${name}_positive`, expression: `${numeric.name} >= 0` })
    tables.push(table)
  }
  return { description: `bench_${n}_tables`, databaseType, now: '2026-02-09T12:00:00Z', tables }
}

/**
 * The spec a later migration goes to from `makeSpec(n, databaseType)` (its `previousSpec`):
 * the same tables, with one table in ten changed as a project's next migration changes its
 * tables — a nullable column added (every 10th table), an index added (every 10th, offset 5:
 * ALTERs on every dialect), and a nullable column made NOT NULL with a default (every 50th,
 * offset 3: a rebuild on SQLite, ALTER COLUMN elsewhere). `changed` false: the same spec again
 * (NO_CHANGES), the check a pre-commit hook runs on every commit.
 */
export function nextSpec(n, databaseType = 'sqlite', changed = true) {
  const previous = makeSpec(n, databaseType)
  const spec = JSON.parse(JSON.stringify(previous))
  if (changed) {
    spec.tables.forEach((t, i) => {
      if (i % 10 === 0) t.columns.push({ name: 'note', type: 'TEXT', nullable: true })
      if (i % 10 === 5) t.indexes.push({ name: `idx_${t.name}_c1_id`, columns: [t.columns[1].name, 'id'], unique: false })
      const loose = t.columns.find((c) => c.nullable && !c.name.startsWith('ref') && ['INTEGER', 'BIGINT', 'TEXT'].includes(c.type))
      if (i % 50 === 3 && loose) Object.assign(loose, { nullable: false, default: loose.type === 'TEXT' ? '' : 0 })
    })
  }
  spec.description = changed ? `bench_${n}_tables_changed` : `bench_${n}_tables_again`
  spec.previousSpec = previous
  return spec
}
