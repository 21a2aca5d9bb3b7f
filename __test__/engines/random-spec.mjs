// A seeded generator of specs that look valid: 1–6 tables with columns of every spec type
// (lengths, precision and scale), nullable or not, defaults of each kind, UNIQUE columns,
// autoIncrement keys, composite primary keys, foreign keys between the tables (self-references
// and cycles, every action), named UNIQUE constraints, CHECKs over the columns, indexes (unique,
// multi-column, partial where the dialect has them, PostgreSQL index methods), names near the
// identifier limits and words reserved in another dialect. Deterministic: the same seed and
// dialect give the same spec. Used by engines-random.test.mjs.

/** mulberry32: a small deterministic PRNG; returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const LIMITS = { postgresql: 63, mysql: 64, sqlite: 128 }

// Plain words, and words that are reserved in one dialect but not in another (the generator
// refuses them where they are reserved; where it accepts them the engine must too).
const WORDS = ['items', 'orders', 'users', 'notes', 'tags', 'files', 'teams', 'events', 'posts', 'links', 'tasks', 'prices']
const COLUMN_WORDS = ['title', 'amount', 'code', 'flag', 'born_on', 'seen_at', 'ref', 'body', 'score', 'payload', 'token', 'qty', 'label', 'ratio']
const CROSS_RESERVED = {
  // reserved in MySQL/MariaDB, fine in PostgreSQL
  // (interval, exists, trim: "column name" key words of PostgreSQL that sqlparser read as keywords)
  postgresql: ['interval', 'exists', 'trim', 'key', 'keys', 'range', 'match', 'mod', 'div', 'xor', 'signal', 'usage', 'read', 'write', 'change', 'database', 'sql', 'long', 'lines', 'rows', 'rank', 'index', 'condition', 'option', 'release', 'force', 'status', 'value'],
  // reserved in PostgreSQL, fine in MySQL
  mysql: ['trim', 'user', 'offset', 'only', 'placing', 'verbose', 'freeze', 'ilike', 'similar', 'analyse', 'concurrently', 'symmetric', 'session_user', 'variadic', 'value', 'status', 'type', 'name'],
  // reserved in MySQL or PostgreSQL, not SQLite keywords
  sqlite: ['interval', 'trim', 'mod', 'div', 'xor', 'signal', 'usage', 'read', 'write', 'change', 'long', 'lines', 'rank', 'option', 'force', 'status', 'user', 'only', 'placing', 'verbose', 'freeze', 'ilike', 'similar', 'symmetric', 'variadic', 'value', 'type', 'name'],
}

const TYPES = ['TEXT', 'VARCHAR', 'CHAR', 'INTEGER', 'INT', 'BIGINT', 'TINYINT', 'REAL', 'NUMERIC', 'DECIMAL', 'BOOLEAN', 'TIMESTAMP', 'DATETIME', 'DATE', 'UUID', 'JSON', 'JSONB', 'BLOB']
const INTS = ['INTEGER', 'INT', 'BIGINT', 'TINYINT']
const ACTIONS = ['CASCADE', 'SET NULL', 'RESTRICT', 'NO ACTION', undefined]
const NUMERICISH = [...INTS, 'REAL', 'NUMERIC', 'DECIMAL']
const TEXTISH = ['TEXT', 'VARCHAR', 'CHAR']

export function randomSpec(seed, dialect) {
  const r = prng(seed * 7919 + { postgresql: 1, mysql: 2, sqlite: 3 }[dialect])
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1))
  const pick = (xs) => xs[Math.floor(r() * xs.length)]
  const chance = (p) => r() < p
  const limit = LIMITS[dialect]
  const used = new Set()
  // Every name of the spec is distinct (tables, columns across tables too: simpler to reason about).
  const fresh = (base) => {
    let name = base
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`
    used.add(name)
    return name
  }
  /** A name of exactly `len` characters (near the limit), starting with `base`. */
  const longName = (base, len) => {
    let s = `${base}_`
    while (s.length < len) s += 'abcdefghijklmnopqrstuvwxyz0123456789_'[int(0, 36)]
    s = s.slice(0, len).replace(/_+$/, 'x')
    used.add(s)
    return s
  }
  const tableName = () => {
    const roll = r()
    if (roll < 0.1) return longName(pick(WORDS), limit - int(0, 2))
    if (roll < 0.2) return longName(pick(WORDS), int(20, limit - 10))
    if (roll < 0.35) return fresh(pick(CROSS_RESERVED[dialect]))
    return fresh(pick(WORDS))
  }
  const columnName = () => {
    const roll = r()
    if (roll < 0.06) return longName(pick(COLUMN_WORDS), limit - int(0, 2))
    if (roll < 0.25) return fresh(pick(CROSS_RESERVED[dialect]))
    return fresh(pick(COLUMN_WORDS))
  }

  function column(type, name = columnName()) {
    const c = { name, type, nullable: chance(0.5) }
    if (type === 'VARCHAR') {
      if (chance(0.85)) c.length = pick([1, 10, 36, 64, 255, 1000, 5000, 16383])
    } else if (type === 'CHAR') {
      if (chance(0.85)) c.length = pick([1, 2, 10, 36, 100, 255])
    } else if (type === 'NUMERIC' || type === 'DECIMAL') {
      if (chance(0.8)) {
        c.precision = pick([1, 5, 10, 18, 38, 65])
        if (chance(0.7)) c.scale = int(0, Math.min(c.precision, 30))
      }
    }
    if (chance(0.45)) c.default = defaultFor(c)
    if (c.default === null) delete c.default
    return c
  }

  function defaultFor(c) {
    const roll = r()
    switch (c.type) {
      case 'TEXT': case 'VARCHAR': case 'CHAR': {
        const len = c.length ?? (c.type === 'CHAR' ? 1 : 255)
        // Expressions are not evaluated by the generator: their value must fit (MariaDB refuses
        // DEFAULT (concat('a', 'b')) on CHAR(1) when the table is created).
        if (roll < 0.15) return { expression: pick(len >= 2 ? ["lower('AB')", "upper('x')", "concat('a', 'b')", "trim(' z ')"] : ["upper('x')", "trim(' z ')"]) }
        if (roll < 0.2) return pick(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME'])
        const s = pick(['', 'a', "O'Brien", 'back\\slash', '50% _off_', 'héllo', 'x'.repeat(12), 'tab\there'])
        return s.slice(0, len)
      }
      case 'INTEGER': case 'INT': case 'BIGINT': case 'TINYINT':
        if (roll < 0.15) return { expression: pick(['1 + 2', 'abs(-5)', '(7)', '3 * 4']) }
        return pick([0, 1, -1, 42, 127, -128, c.type === 'BIGINT' ? 9007199254740991 : 1000])
      case 'REAL':
        if (roll < 0.1) return { expression: '1.5 * 2' }
        return pick([0, 1.5, -2.25, 1e10, 3])
      case 'NUMERIC': case 'DECIMAL': {
        const p = c.precision ?? 10
        const s = c.scale ?? 0
        if (roll < 0.1) return { expression: p - s >= 1 ? 'abs(-1)' : 'abs(0)' }
        const whole = p - s > 0 ? int(0, Math.min(10 ** Math.min(p - s, 6) - 1, 999999)) : 0
        const frac = s > 0 ? int(0, 9) / 10 : 0
        return pick([whole + frac, -(whole + frac), 0])
      }
      case 'BOOLEAN':
        return pick([true, false, 0, 1])
      case 'TIMESTAMP': case 'DATETIME':
        if (roll < 0.5) return 'CURRENT_TIMESTAMP'
        return pick(['2024-01-02 03:04:05', '1999-12-31 23:59:59', '2024-02-29 12:00:00'])
      case 'DATE':
        if (roll < 0.4) return 'CURRENT_DATE'
        return pick(['2024-01-02', '1970-01-01', '2024-02-29'])
      case 'UUID':
        if (roll < 0.2 && dialect === 'postgresql') return { expression: 'gen_random_uuid()' }
        if (roll < 0.2 && dialect === 'mysql') return { expression: 'uuid()' }
        return '123e4567-e89b-12d3-a456-426614174000'
      case 'JSON': case 'JSONB':
        return pick(['{}', '[]', '{"a":1,"b":[true,null]}', '"s"', '{"q":"it\'s"}'])
      case 'BLOB':
        return null
    }
    return null
  }

  const nTables = int(1, 6)
  const tables = []
  // Pass 1: tables, keys and plain columns.
  for (let i = 0; i < nTables; i++) {
    const t = { name: tableName(), columns: [] }
    if (chance(0.55)) {
      t.columns.push({ name: fresh(chance(0.7) ? 'id' : 'seq'), type: pick(INTS), nullable: false, autoIncrement: true })
      if (chance(0.3)) t.primaryKey = [t.columns[0].name]
    } else {
      const n = int(1, 3)
      t.primaryKey = []
      for (let k = 0; k < n; k++) {
        const c = column(pick(['INT', 'BIGINT', 'VARCHAR', 'UUID', 'DATE', 'CHAR', 'INTEGER', 'TINYINT']))
        if (c.type === 'VARCHAR') c.length = pick([10, 36, 64, 100])
        c.nullable = false
        t.columns.push(c)
        t.primaryKey.push(c.name)
      }
    }
    const n = int(1, 7)
    for (let k = 0; k < n; k++) {
      const c = column(pick(TYPES))
      if (chance(0.15) && !['JSON', 'JSONB', 'BLOB', 'TEXT'].includes(c.type)) c.unique = true
      t.columns.push(c)
    }
    if (chance(0.3)) t.timestamps = chance(0.5)
    tables.push(t)
  }
  // The keys a foreign key may reference: the primary key, or a UNIQUE column.
  const keysOf = (t) => {
    const keys = [t.primaryKey ?? [t.columns.find((c) => c.autoIncrement).name]]
    for (const c of t.columns) if (c.unique) keys.push([c.name])
    return keys
  }
  // Pass 2: foreign keys (new columns of the referenced key's types), self-references and cycles.
  for (const t of tables) {
    const nFk = chance(0.3) ? 0 : int(1, 2)
    for (let k = 0; k < nFk; k++) {
      const target = chance(0.2) ? t : pick(tables)
      const key = pick(keysOf(target))
      const onDelete = pick(ACTIONS)
      const onUpdate = pick(ACTIONS)
      const setNull = onDelete === 'SET NULL' || onUpdate === 'SET NULL'
      const nullable = setNull || chance(0.6)
      const cols = key.map((kc) => {
        const ref = target.columns.find((c) => c.name === kc)
        const base = chance(0.15) ? `${target.name.slice(0, 24)}_${kc.slice(0, 24)}` : `${target.name.slice(0, 6)}_${kc.slice(0, 6)}`
        const c = { name: fresh(base.replace(/_+$/, '').replace(/__+/g, '_')), type: ref.type, nullable }
        for (const p of ['length', 'precision', 'scale']) if (ref[p] !== undefined) c[p] = ref[p]
        t.columns.push(c)
        return c.name
      })
      const fk = { columns: cols, referencedTable: target.name, referencedColumns: key }
      if (onDelete) fk.onDelete = onDelete
      if (onUpdate) fk.onUpdate = onUpdate
      ;(t.foreignKeys ??= []).push(fk)
    }
  }
  // Pass 3: named UNIQUE constraints, CHECKs and indexes over the columns.
  for (const t of tables) {
    const plain = t.columns.filter((c) => !['JSON', 'JSONB', 'BLOB'].includes(c.type))
    if (chance(0.3) && plain.length > 0) {
      const cols = pickSome(plain, int(1, 2)).map((c) => c.name)
      t.uniqueConstraints = [{ name: fresh(`uq_${t.name.slice(0, 30)}_${cols[0].slice(0, 20)}`), columns: cols }]
    }
    const nChecks = chance(0.5) ? 0 : int(1, 3)
    for (let k = 0; k < nChecks; k++) {
      const expr = checkExpression(t)
      if (expr) (t.checkConstraints ??= []).push({ name: fresh(`chk_${t.name.slice(0, 30)}_${k}`), expression: expr })
    }
    const nIdx = chance(0.4) ? 0 : int(1, 3)
    for (let k = 0; k < nIdx; k++) {
      const candidates = dialect === 'postgresql' ? t.columns.filter((c) => c.type !== 'BLOB') : plain
      if (candidates.length === 0) break
      const cols = pickSome(candidates, int(1, 3))
      const idx = { name: fresh(`idx_${t.name.slice(0, 30)}_${k}`), columns: cols.map((c) => c.name), unique: chance(0.3) }
      if (dialect === 'postgresql') {
        const m = r()
        if (m < 0.1 && !idx.unique) idx.type = 'hash', (idx.columns = idx.columns.slice(0, 1))
        else if (m < 0.2 && !idx.unique) idx.type = 'gin'
        else if (m < 0.3 && !idx.unique) idx.type = 'gist'
        else if (m < 0.4) idx.type = 'btree'
      } else if (dialect === 'mysql' && chance(0.1) && !idx.unique) {
        idx.type = 'hash'
      }
      if (dialect !== 'mysql' && chance(0.3)) idx.where = wherePredicate(t)
      ;(t.indexes ??= []).push(idx)
    }
  }

  function pickSome(xs, n) {
    const pool = [...xs]
    const out = []
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0])
    return out
  }

  function predicate(c) {
    const n = c.name
    if (NUMERICISH.includes(c.type)) {
      return pick([`${n} >= 0`, `${n} BETWEEN -5 AND 100000`, `${n} IN (0, 1, 2, 42)`, `COALESCE(${n}, 0) >= -1`, `${n} <> 13`, `${n} IS NULL OR ${n} > -10`])
    }
    if (TEXTISH.includes(c.type)) {
      return pick([`length(${n}) < 100000`, `${n} LIKE '%'`, `${n} IN ('a', 'b', 'O''Brien')`, `COALESCE(${n}, '') <> 'forbidden'`, `${n} <> ''`, `length(COALESCE(${n}, 'x')) > 0`])
    }
    if (c.type === 'DATE') return pick([`${n} >= '1900-01-01'`, `${n} IS NOT NULL OR ${n} IS NULL`])
    if (c.type === 'TIMESTAMP' || c.type === 'DATETIME') return `${n} > '1900-01-01 00:00:00'`
    if (c.type === 'BOOLEAN') return `${n} IN (${dialect === 'postgresql' ? 'true, false' : '0, 1'})`
    return `${n} IS NOT NULL OR ${n} IS NULL`
  }

  function checkExpression(t) {
    // MySQL refuses a CHECK on an AUTO_INCREMENT column or on a column a foreign-key action
    // changes (the generator says so): mostly avoided, sometimes kept to probe the rule.
    const acted = new Set((t.foreignKeys ?? []).filter((f) => (f.onDelete && f.onDelete !== 'RESTRICT' && f.onDelete !== 'NO ACTION') || (f.onUpdate && f.onUpdate !== 'RESTRICT' && f.onUpdate !== 'NO ACTION')).flatMap((f) => f.columns))
    const avoid = dialect === 'mysql' && chance(0.9)
    const cols = t.columns.filter((c) => !['JSON', 'JSONB', 'BLOB', 'UUID'].includes(c.type) && !(avoid && (c.autoIncrement || acted.has(c.name))))
    if (cols.length === 0) return null
    const a = predicate(pick(cols))
    if (chance(0.3)) return `(${a}) AND (${predicate(pick(cols))})`
    return a
  }

  function wherePredicate(t) {
    const cols = t.columns.filter((c) => !['JSON', 'JSONB', 'BLOB'].includes(c.type))
    const c = pick(cols.length ? cols : t.columns)
    return chance(0.5) ? `${c.name} IS NOT NULL` : predicate(c)
  }

  const spec = { description: `random_${seed}`, databaseType: dialect, now: '2026-02-09T12:00:00Z', tables }
  if (chance(0.5)) spec.timestamps = chance(0.3)
  return spec
}
