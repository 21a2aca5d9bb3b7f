// The catalog of a schema, for tests that compare it before and after a migration: every
// constraint and index with its table and definition, and on PostgreSQL the OID each has, which
// a drop and a new CREATE changes (a rename in place keeps it). Not PostgreSQL 18's NOT NULL
// constraints (PGlite), named after the table when it is created, which a rename leaves as they
// are. MySQL has no OIDs: `showCreateTables` gives each table's own text, which also says which
// index a foreign key uses.

/**
 * [name, table, definition, oid] rows of every constraint and index of the schema, sorted by
 * name: not the order MariaDB lists a table's CHECKs in, where a CHECK a down migration adds back
 * with a column comes after those the table kept (README, "Down migrations").
 */
export async function catalog(engine, dialect) {
  const sql = dialect === 'postgresql'
    ? `SELECT c.oid::text AS oid, c.conname AS name, c.conrelid::regclass::text AS tbl, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND c.contype <> 'n'
       UNION ALL SELECT x.indexrelid::text, i.indexname, i.tablename, i.indexdef FROM pg_indexes i JOIN pg_class k ON k.relname = i.indexname AND k.relnamespace = 'public'::regnamespace JOIN pg_index x ON x.indexrelid = k.oid WHERE i.schemaname = 'public'
       ORDER BY 2, 3, 4`
    : `SELECT '' AS oid, CONSTRAINT_NAME AS name, TABLE_NAME AS tbl, CONSTRAINT_TYPE AS def FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()
       UNION ALL SELECT '', INDEX_NAME, TABLE_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() GROUP BY INDEX_NAME, TABLE_NAME
       ORDER BY 2, 3, 4`
  return (await engine.run({ sql, params: [] })).rows.map((r) => [r.name, r.tbl, r.def, r.oid])
}

/** MySQL: `SHOW CREATE TABLE` of each table of the schema, by name, the AUTO_INCREMENT counter left out. */
export async function showCreateTables(engine) {
  const { rows } = await engine.run({ sql: 'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME', params: [] })
  const out = {}
  for (const { name } of rows) {
    const [shown] = (await engine.run({ sql: `SHOW CREATE TABLE \`${name}\``, params: [] })).rows
    out[name] = shown['Create Table'].replace(/ AUTO_INCREMENT=\d+/, '')
  }
  return out
}
