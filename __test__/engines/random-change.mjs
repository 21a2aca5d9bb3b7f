// Seeded random changes to a random spec (engines/random-spec.mjs), for the previousSpec test:
// columns added, dropped, widened, made nullable or NOT NULL, given other defaults, made unique
// or not; auto-increment keys widened or no longer auto-increment; primary keys changed; indexes, UNIQUE and CHECK
// constraints and foreign keys added, dropped or redefined;
// indexes moved to another table under their name, unique indexes added over a table's key;
// columns and tables renamed (renamedFrom);
// tables dropped and created; timestamps turned on or off. Deterministic for a seed.
import { prng } from './random-spec.mjs'

const WIDER = { TINYINT: 'INTEGER', INT: 'BIGINT', INTEGER: 'BIGINT', CHAR: 'TEXT', VARCHAR: 'TEXT', DATE: 'TIMESTAMP', JSON: 'JSONB' }
const DEFAULTS = { INTEGER: 7, INT: 7, BIGINT: 7, TINYINT: 1, TEXT: 'n/a', VARCHAR: 'x', BOOLEAN: true, REAL: 2.5 }

/** `previous` changed by 1–4 random edits (a new object). */
export function randomChange(previous, seed) {
  const spec = structuredClone(previous)
  const r = prng(seed * 104729 + 17)
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1))
  const pick = (xs) => xs[Math.floor(r() * xs.length)]
  let counter = 0
  const fresh = (base) => `${base}_${seed}_${++counter}`
  const keyColumns = (t) => t.primaryKey ?? t.columns.filter((c) => c.autoIncrement).map((c) => c.name)
  const referenced = (t, name) => spec.tables.some((o) => (o.foreignKeys ?? []).some((fk) => (fk.referencedTable === t.name && fk.referencedColumns.includes(name)) || (o === t && fk.columns.includes(name))))
  const mentions = (text, name) => new RegExp(`\\b${name}\\b`).test(text)
  const plainColumns = (t) => t.columns.filter((c) => !c.autoIncrement && !keyColumns(t).includes(c.name) && !referenced(t, c.name))

  const edits = [
    function dropColumn(t) {
      const c = pick(plainColumns(t))
      if (!c) return
      t.columns = t.columns.filter((x) => x !== c)
      t.uniqueConstraints = (t.uniqueConstraints ?? []).filter((u) => !u.columns.includes(c.name))
      t.checkConstraints = (t.checkConstraints ?? []).filter((k) => !mentions(k.expression, c.name))
      t.indexes = (t.indexes ?? []).filter((i) => !i.columns.includes(c.name) && !(i.where && mentions(i.where, c.name)))
    },
    function addColumn(t) {
      const type = pick(Object.keys(DEFAULTS))
      const c = { name: fresh('added'), type, nullable: r() < 0.6 }
      if (!c.nullable || r() < 0.5) c.default = DEFAULTS[type]
      if (type === 'VARCHAR') c.length = pick([10, 40])
      t.columns.splice(int(0, t.columns.length), 0, c)
    },
    function renameColumn(t) {
      // renamedFrom, with what names the column renamed too.
      // One previousSpec has (not one this change added).
      const before = previous.tables.find((x) => x.name === (t.renamedFrom ?? t.name))
      const c = pick(plainColumns(t).filter((x) => !x.renamedFrom && before?.columns.some((y) => y.name === x.name)))
      if (!c) return
      const [from, to] = [c.name, fresh('renamed')]
      const word = new RegExp(`\\b${from}\\b`, 'g')
      Object.assign(c, { name: to, renamedFrom: from })
      for (const k of [...(t.indexes ?? []), ...(t.uniqueConstraints ?? [])]) k.columns = k.columns.map((x) => (x === from ? to : x))
      for (const i of t.indexes ?? []) if (i.where) i.where = i.where.replace(word, to)
      for (const k of t.checkConstraints ?? []) k.expression = k.expression.replace(word, to)
    },
    function renameTable(t) {
      // renamedFrom, with the foreign keys to it following.
      if (t.renamedFrom || !previous.tables.some((x) => x.name === t.name)) return
      const [from, to] = [t.name, fresh(t.name.slice(0, 20))]
      for (const o of spec.tables) for (const fk of o.foreignKeys ?? []) if (fk.referencedTable === from) fk.referencedTable = to
      Object.assign(t, { name: to, renamedFrom: from })
    },
    function widenColumn(t) {
      const c = pick(plainColumns(t).filter((x) => WIDER[x.type] || (x.type === 'VARCHAR' && x.length)))
      if (!c) return
      if (c.type === 'VARCHAR' && c.length && r() < 0.5) {
        c.length += 50
        return
      }
      if (c.unique && WIDER[c.type] === 'TEXT') return
      c.type = WIDER[c.type]
      delete c.length
      if (c.default !== undefined && typeof c.default !== 'string' && c.type === 'TEXT') delete c.default
      if (c.type === 'TIMESTAMP' && c.default !== undefined) delete c.default
      for (const i of t.indexes ?? []) if (i.columns.includes(c.name) && c.type === 'TEXT') t.indexes = t.indexes.filter((x) => x !== i)
      for (const u of t.uniqueConstraints ?? []) if (u.columns.includes(c.name) && c.type === 'TEXT') t.uniqueConstraints = t.uniqueConstraints.filter((x) => x !== u)
      t.checkConstraints = (t.checkConstraints ?? []).filter((k) => !mentions(k.expression, c.name))
    },
    function widenKey(t) {
      // An auto-increment key made wider (PostgreSQL's sequence too), with the foreign-key
      // columns that reference it.
      const c = t.columns.find((x) => x.autoIncrement && WIDER[x.type])
      if (!c) return
      const [from, to] = [c.type, WIDER[c.type]]
      c.type = to
      for (const o of spec.tables) {
        for (const fk of o.foreignKeys ?? []) {
          if (fk.referencedTable !== t.name) continue
          fk.referencedColumns.forEach((rc, i) => {
            const fc = rc === c.name && o.columns.find((x) => x.name === fk.columns[i])
            if (fc && fc.type === from) fc.type = to
          })
        }
      }
    },
    function dropNumbering(t) {
      // A key no longer auto-increment (the down migration numbers it again).
      const c = t.columns.find((x) => x.autoIncrement)
      if (!c) return
      c.autoIncrement = false
      t.primaryKey = [c.name]
    },
    function changeKey(t) {
      // Another primary key: a new auto-increment column, or one or two columns made NOT NULL
      // (an auto-increment key is no longer numbered, and stays); the old key's columns kept
      // unique half the time, so that the foreign keys to them stay valid (and are made again
      // around the change).
      const old = keyColumns(t)
      const keepOld = () => {
        if (old.length && r() < 0.5) (t.indexes ??= []).push({ name: fresh('uq_old_key'), columns: old, unique: true })
      }
      if (!t.columns.some((x) => x.autoIncrement) && r() < 0.4) {
        // A new auto-increment key (the database numbers the rows).
        t.columns.splice(int(0, t.columns.length), 0, { name: fresh('sid'), type: pick(['INTEGER', 'BIGINT']), nullable: false, autoIncrement: true })
        t.primaryKey = [t.columns.find((x) => x.autoIncrement).name]
        keepOld()
        return
      }
      const candidates = t.columns.filter((x) => !x.autoIncrement && !['JSON', 'JSONB', 'BLOB', 'TEXT'].includes(x.type))
      const first = pick(candidates)
      if (!first) return
      const key = [first.name]
      const second = pick(t.columns.filter((x) => x !== first && !['JSON', 'JSONB', 'BLOB', 'TEXT'].includes(x.type)))
      if (second && r() < 0.4) key.splice(int(0, 1), 0, second.name)
      for (const c of t.columns) {
        if (key.includes(c.name)) c.nullable = false
        c.autoIncrement = false
      }
      t.primaryKey = key
      keepOld()
    },
    function toggleNullable(t) {
      const c = pick(plainColumns(t))
      if (c) c.nullable = !c.nullable
    },
    function changeDefault(t) {
      const c = pick(plainColumns(t).filter((x) => DEFAULTS[x.type] !== undefined))
      if (!c) return
      if (c.default !== undefined && r() < 0.5) delete c.default
      else c.default = c.type === 'VARCHAR' ? 'y'.slice(0, c.length ?? 255) : DEFAULTS[c.type]
    },
    function toggleUnique(t) {
      const c = pick(plainColumns(t).filter((x) => !['JSON', 'JSONB', 'BLOB', 'TEXT'].includes(x.type)))
      if (c) c.unique = !c.unique
    },
    function dropIndex(t) {
      if (t.indexes?.length) t.indexes.splice(int(0, t.indexes.length - 1), 1)
    },
    function addIndex(t) {
      const c = pick(t.columns.filter((x) => !['JSON', 'JSONB', 'BLOB', 'TEXT'].includes(x.type)))
      if (c) (t.indexes ??= []).push({ name: fresh('idx'), columns: [c.name], unique: r() < 0.2 })
    },
    function moveIndex(t) {
      // The same name on another table (PostgreSQL names indexes for the whole database).
      const i = pick(t.indexes ?? [])
      const o = pick(spec.tables.filter((x) => x !== t))
      const c = o && pick(o.columns.filter((x) => !['JSON', 'JSONB', 'BLOB', 'TEXT'].includes(x.type)))
      if (!i || !c) return
      t.indexes = t.indexes.filter((x) => x !== i)
      ;(o.indexes ??= []).push({ name: i.name, columns: [c.name], unique: i.unique })
    },
    function addUniqueOnKey(t) {
      // Beside the key the foreign keys to the table reference.
      const key = keyColumns(t)
      if (key.length) (t.indexes ??= []).push({ name: fresh('uq_key'), columns: key, unique: true })
    },
    function redefineIndex(t) {
      const i = pick(t.indexes ?? [])
      if (i && !i.type) i.unique = !i.unique
    },
    function dropCheck(t) {
      if (t.checkConstraints?.length) t.checkConstraints.splice(int(0, t.checkConstraints.length - 1), 1)
    },
    function dropUniqueConstraint(t) {
      if (t.uniqueConstraints?.length) t.uniqueConstraints = []
    },
    function dropForeignKey(t) {
      if (t.foreignKeys?.length) t.foreignKeys.splice(int(0, t.foreignKeys.length - 1), 1)
    },
    function changeForeignKeyAction(t) {
      const fk = pick(t.foreignKeys ?? [])
      if (fk && fk.columns.every((c) => t.columns.find((x) => x.name === c)?.nullable)) fk.onDelete = fk.onDelete === 'SET NULL' ? 'CASCADE' : 'SET NULL'
    },
    function toggleTimestamps(t) {
      t.timestamps = !(t.timestamps ?? spec.timestamps ?? true)
    },
    function dropTable(t) {
      if (spec.tables.length > 1 && !spec.tables.some((o) => o !== t && (o.foreignKeys ?? []).some((fk) => fk.referencedTable === t.name))) spec.tables = spec.tables.filter((x) => x !== t)
    },
    function dropReferencedTable(t) {
      if (spec.tables.length < 2) return
      spec.tables = spec.tables.filter((x) => x !== t)
      for (const o of spec.tables) o.foreignKeys = (o.foreignKeys ?? []).filter((fk) => fk.referencedTable !== t.name)
    },
    function addTable(t) {
      const key = keyColumns(t)
      const columns = [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }]
      const refs = key.map((k) => {
        const ref = t.columns.find((c) => c.name === k)
        const c = { name: fresh('ref'), type: ref.type, nullable: true }
        for (const p of ['length', 'precision', 'scale']) if (ref[p] !== undefined) c[p] = ref[p]
        columns.push(c)
        return c.name
      })
      spec.tables.push({ name: fresh('added_table'), columns, foreignKeys: key.length ? [{ columns: refs, referencedTable: t.name, referencedColumns: key, onDelete: 'CASCADE' }] : [] })
    },
  ]
  const n = int(1, 4)
  const done = []
  for (let k = 0; k < n; k++) {
    const edit = pick(edits)
    const t = pick(spec.tables)
    edit(t)
    done.push(`${edit.name}(${t.name})`)
  }
  spec.description = `change_${seed}`
  return { spec, done }
}

/**
 * A catalog (engine.readSchema) as a migration from previousSpec is held to it: on PostgreSQL,
 * columns in name order (ADD COLUMN puts a column last, where a fresh CREATE has it in the
 * spec's order); on MySQL, a negative number in a CHECK as `-5` (MySQL 9.7 stores
 * `between -5 and 9` as `between -(5) and 9` when the table is created, and prints it again as
 * `-5` when an ALTER TABLE copies the table: the same constraint).
 */
export function comparable(schema, dialect) {
  return Object.fromEntries(Object.entries(schema).map(([t, s]) => [t, {
    ...s,
    // PostgreSQL's and SQLite's ADD COLUMN append; MySQL's is placed (AFTER).
    columns: dialect === 'mysql' ? s.columns : [...s.columns].sort((a, b) => a.name.localeCompare(b.name)),
    checks: dialect === 'mysql' ? s.checks.map((c) => c.replace(/-\((\d+)\)/g, '-$1')) : s.checks,
  }]))
}
