// Plain INSERT/SELECT/UPDATE/DELETE for the data steps, quoted and parameterised per engine.
import { col } from './fixtures.mjs'
import { toParam } from './values.mjs'

export function dmlBuilder(dialect) {
  const quote = dialect === 'mysql' ? (n) => `\`${n}\`` : (n) => `"${n}"`
  const ph = dialect === 'mysql' ? () => '?' : (i) => `$${i}`
  const param = (table, name, v) => {
    const c = col(table, name)
    if (!c) throw new Error(`fixture data names the column ${table.name}.${name}, which the spec does not have`)
    return toParam(dialect, c, v)
  }
  const whereClause = (table, where, params) => {
    const parts = Object.entries(where).map(([k, v]) => {
      if (v === null) return `${quote(k)} IS NULL`
      params.push(param(table, k, v))
      return `${quote(k)} = ${ph(params.length)}`
    })
    return parts.length ? ` WHERE ${parts.join(' AND ')}` : ''
  }
  return {
    quote,
    insert(table, values) {
      const keys = Object.keys(values)
      const params = keys.map((k) => param(table, k, values[k]))
      if (keys.length === 0) {
        return { sql: dialect === 'mysql' ? `INSERT INTO ${quote(table.name)} () VALUES ()` : `INSERT INTO ${quote(table.name)} DEFAULT VALUES`, params }
      }
      return {
        sql: `INSERT INTO ${quote(table.name)} (${keys.map(quote).join(', ')}) VALUES (${keys.map((_, i) => ph(i + 1)).join(', ')})`,
        params,
      }
    },
    select(table, where) {
      const params = []
      const w = whereClause(table, where, params)
      if (dialect === 'mysql') {
        // Columns under neutral aliases, renamed back by the adapter: mysql2 refuses a result
        // column named like an Object property (__proto__), which is a valid SQL name.
        const names = table.columns.map((c) => c.name)
        return { sql: `SELECT ${names.map((n, i) => `${quote(n)} AS c${i}`).join(', ')} FROM ${quote(table.name)}${w}`, params, names }
      }
      return { sql: `SELECT * FROM ${quote(table.name)}${w}`, params }
    },
    count(table, where) {
      const params = []
      return { sql: `SELECT COUNT(*) AS n FROM ${quote(table.name)}${whereClause(table, where, params)}`, params }
    },
    update(table, set, where) {
      const params = []
      const sets = Object.entries(set).map(([k, v]) => {
        params.push(param(table, k, v))
        return `${quote(k)} = ${ph(params.length)}`
      })
      return { sql: `UPDATE ${quote(table.name)} SET ${sets.join(', ')}${whereClause(table, where, params)}`, params }
    },
    delete(table, where) {
      const params = []
      return { sql: `DELETE FROM ${quote(table.name)}${whereClause(table, where, params)}`, params }
    },
  }
}
