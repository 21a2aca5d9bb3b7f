// The introspection measure of the bench, shared by bench/run.mjs (in its own process) and
// bench/introspect-child.mjs (in a new process): our introspectDatabase against sql.js reading
// the same file (sqlite_master + PRAGMA table_info per table, and with index and foreign-key
// lists too), timed by race.mjs (needs --expose-gc).
import { race } from './race.mjs'
import { loadSqlJs, introspectWithSqlJs } from './sqljs.mjs'

/** Returns race's result for `ours`, `sqljs` and `sqljsFull` on the file at `dbPath` of `n` tables. */
export async function measureIntrospection({ introspectDatabase }, dbPath, n, warmup, reps) {
  await loadSqlJs()
  const check = introspectDatabase(dbPath)
  const viaSqlJs = introspectWithSqlJs(dbPath, true)
  if (check.existingTables.length !== n || viaSqlJs.size !== n) throw new Error(`introspection of ${dbPath}: ours ${check.existingTables.length} tables, sql.js ${viaSqlJs.size}, expected ${n}`)
  return race(
    {
      ours: () => introspectDatabase(dbPath),
      sqljs: () => introspectWithSqlJs(dbPath, false),
      sqljsFull: () => introspectWithSqlJs(dbPath, true),
    },
    warmup,
    reps,
  )
}
