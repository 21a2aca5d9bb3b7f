// A type change whose conversion makes values that were distinct one, under a UNIQUE or primary
// key the table keeps (src/conversion.rs `merges`, src/rows_refuse_hints.rs): PostgreSQL
// compares a CHAR without the spaces at its end ('ab' and 'ab ' made CHAR(5) are one), DECIMAL(6,2)
// made DECIMAL(5,1) rounds 1.01 and 1.02 to 1.0, TIMESTAMP(6) made TIMESTAMP(0) keeps no
// fraction of a second. The migration failed on the key it kept with nothing said (a reviewer's,
// on PostgreSQL 15 and MariaDB 10.11). And two holes in a new UNIQUE's query: PostgreSQL's NaN,
// which NUMERIC(p, s) holds and the range filter left out, and MySQL's BOOLEAN (TINYINT(1)), whose
// range the filter did not know. Each case: the suggested query, run on the seeded database,
// finds exactly the values that repeat; the migration fails; mended, the query finds nothing and
// the migration runs. Run on the PostgreSQL and MySQL/MariaDB servers, and SQLite (sql.js).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { openForFile } from './support/harness.mjs'
import { openMysqlServer, openPgServer } from './engines/connect.mjs'
import { openSqlJs } from './engines/sqlite.mjs'

const require = createRequire(import.meta.url)
const { generateMigration } = require('../index.js')

const openedMy = await openForFile(openMysqlServer())
const openedPg = await openForFile(openPgServer())
const openedLite = await openForFile(openSqlJs())

const id = { name: 'id', type: 'INTEGER', nullable: false }
// previousSpec's and the spec's table `t` (column `c` of type `was`, then `is`), with `keys`
// (a uniqueConstraints entry, or primaryKey) before and after (`kept`), or after only.
const change = (databaseType, was, is, { kept = true, primary = false } = {}) => {
  const c = (type) => ({ name: 'c', nullable: !primary, ...type })
  const table = (type, keyed) => ({
    name: 't',
    columns: [id, c(type)],
    primaryKey: primary && keyed ? ['c'] : ['id'],
    ...(!primary && keyed ? { uniqueConstraints: [{ name: 'uq_t_c', columns: ['c'] }] } : {}),
  })
  const spec = (type, keyed) => ({ description: 's', databaseType, timestamps: false, allowDataLoss: true, tables: [table(type, keyed)] })
  const previous = spec(was, kept)
  return { previous, migration: generateMigration({ ...spec(is, true), previousSpec: previous }) }
}

// [label, database, was, is, options, rows seeded (values of c), the query's rows (value as
// text, count), a DELETE that mends, what the migration's error says].
const cases = [
  ['VARCHAR(3) made CHAR(5), kept UNIQUE', 'postgresql', { type: 'VARCHAR', length: 3 }, { type: 'CHAR', length: 5 }, {}, ["'ab'", "'ab '", "'ef'"], [['ab', 2]], "DELETE FROM t WHERE c = 'ab '", /duplicate|unique/i],
  ['VARCHAR(10) made CHAR(10), kept UNIQUE', 'postgresql', { type: 'VARCHAR', length: 10 }, { type: 'CHAR', length: 10 }, {}, ["'ab'", "'ab '", "'ab  x'"], [['ab', 2]], "DELETE FROM t WHERE c = 'ab '", /duplicate|unique/i],
  // MySQL reads a CHAR without the spaces at its end; a NO PAD collation (MySQL 8's utf8mb4
  // default, which the generated DEFAULT CHARSET=utf8mb4 takes there; MariaDB 10.11's is PAD
  // SPACE, so the table is given one) held 'ab' and 'ab ' apart before.
  ['VARCHAR(3) made CHAR(5) under a NO PAD collation, kept UNIQUE', 'mysql', { type: 'VARCHAR', length: 3 }, { type: 'CHAR', length: 5 }, { setup: (e) => `ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE ${e.isMariaDb ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin'}` }, ["'ab'", "'ab '", "'ef'"], [['ab', 2]], "DELETE FROM t WHERE c = 'ab '", /duplicate/i],
  ['DECIMAL(6,2) made DECIMAL(5,1), kept UNIQUE', 'postgresql', { type: 'DECIMAL', precision: 6, scale: 2 }, { type: 'DECIMAL', precision: 5, scale: 1 }, {}, ['1.01', '1.02', '1.06'], [['1.0', 2]], 'DELETE FROM t WHERE c = 1.02', /duplicate|unique/i],
  ['DECIMAL(6,2) made DECIMAL(5,1), kept UNIQUE', 'mysql', { type: 'DECIMAL', precision: 6, scale: 2 }, { type: 'DECIMAL', precision: 5, scale: 1 }, {}, ['1.01', '1.02', '1.06'], [['1.0', 2]], 'DELETE FROM t WHERE c = 1.02', /duplicate/i],
  ['DECIMAL(6,2) made DECIMAL(5,1), kept primary key', 'postgresql', { type: 'DECIMAL', precision: 6, scale: 2 }, { type: 'DECIMAL', precision: 5, scale: 1 }, { primary: true }, ['1.01', '1.02', '2'], [['1.0', 2]], 'DELETE FROM t WHERE c = 1.02', /duplicate|unique/i],
  ['DECIMAL(6,2) made DECIMAL(5,1), kept primary key', 'mysql', { type: 'DECIMAL', precision: 6, scale: 2 }, { type: 'DECIMAL', precision: 5, scale: 1 }, { primary: true }, ['1.01', '1.02', '2'], [['1.0', 2]], 'DELETE FROM t WHERE c = 1.02', /duplicate/i],
  ['TIMESTAMP(6) made TIMESTAMP(0), kept UNIQUE', 'postgresql', { type: 'TIMESTAMP', precision: 6 }, { type: 'TIMESTAMP', precision: 0 }, {}, ["'2020-01-01 10:00:00.1'", "'2020-01-01 10:00:00.2'", "'2020-01-01 10:00:01'"], [['2020-01-01 10:00:00', 2]], "DELETE FROM t WHERE c = '2020-01-01 10:00:00.2'", /duplicate|unique/i],
  ['TIMESTAMP(6) made TIMESTAMP(0), kept UNIQUE', 'mysql', { type: 'TIMESTAMP', precision: 6 }, { type: 'TIMESTAMP', precision: 0 }, {}, ["'2020-01-01 10:00:00.1'", "'2020-01-01 10:00:00.2'", "'2020-01-01 10:00:01'"], [['2020-01-01 10:00:00', 2]], "DELETE FROM t WHERE c = '2020-01-01 10:00:00.2'", /duplicate/i],
  // NUMERIC(p, s) holds NaN, and NaN repeats as any value does.
  ['NUMERIC(6,2) made NUMERIC(4,1), NaN under a new UNIQUE', 'postgresql', { type: 'NUMERIC', precision: 6, scale: 2 }, { type: 'NUMERIC', precision: 4, scale: 1 }, { kept: false }, ["'NaN'", "'NaN'", '1.5'], [['NaN', 2]], 'DELETE FROM t WHERE id = 2', /duplicate|unique/i],
  ['REAL made NUMERIC(4,1), NaN under a new UNIQUE', 'postgresql', { type: 'REAL' }, { type: 'NUMERIC', precision: 4, scale: 1 }, { kept: false }, ["'NaN'", "'NaN'", '1.5'], [['NaN', 2]], 'DELETE FROM t WHERE id = 2', /duplicate|unique/i],
  // MySQL's BOOLEAN is TINYINT(1): 1000 is out of its range (refused by the migration itself,
  // 1264 Out of range), not a repeat; 5 twice is.
  // A review of the rule: SQLite's rebuild copies with CAST where the affinity narrows ('1' and
  // '01' are 1); PostgreSQL's double made NUMERIC keeps 15 significant
  // digits; MySQL's UUID is CHAR(36), read without the spaces at its end.
  // Text that is no number ('abc') is refused by the rebuild itself now, as PostgreSQL and MySQL
  // refuse it (tests/sqlite_text_to_number.rs), where CAST made it 0: the repeats are numbers
  // written two ways ('01', '+5', ' 5').
  ['TEXT made INTEGER, kept UNIQUE', 'sqlite', { type: 'TEXT' }, { type: 'INTEGER' }, {}, ["'1'", "'01'", "'+5'", "' 5'", "'7'"], [['1', 2], ['5', 2]], 'DELETE FROM t WHERE id IN (2, 4)', /UNIQUE constraint failed/],
  ['REAL made INTEGER, kept UNIQUE', 'sqlite', { type: 'REAL' }, { type: 'INTEGER' }, {}, ['1.25', '1.75', '2.5'], [['1', 2]], 'DELETE FROM t WHERE id = 2', /UNIQUE constraint failed/],
  ['REAL made NUMERIC, kept UNIQUE', 'postgresql', { type: 'REAL' }, { type: 'NUMERIC' }, {}, ['0.1', '0.10000000000000002', '0.5'], [['0.1', 2]], 'DELETE FROM t WHERE id = 2', /duplicate|unique/i],
  ['VARCHAR(36) made UUID under a NO PAD collation, kept UNIQUE', 'mysql', { type: 'VARCHAR', length: 36 }, { type: 'UUID' }, { setup: (e) => `ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE ${e.isMariaDb ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin'}` }, ["'ab'", "'ab '", "'ef'"], [['ab', 2]], "DELETE FROM t WHERE c = 'ab '", /duplicate/i],
  ['INTEGER made BOOLEAN, under a new UNIQUE', 'mysql', { type: 'INTEGER' }, { type: 'BOOLEAN' }, { kept: false }, ['1000', '1000', '1', '5', '5'], [['5', 2]], 'DELETE FROM t WHERE id = 5 OR c = 1000', /duplicate|out of range/i],
]

for (const [label, db, was, is, options, seed, found, mend, failure] of cases) {
  const opened = db === 'postgresql' ? openedPg : db === 'sqlite' ? openedLite : openedMy
  if (opened.skip) {
    test(`${db}: ${label}`, { skip: opened.skip }, () => {})
    continue
  }
  const { engine } = opened
  test(`${engine.label}: ${label}: the warning's query finds exactly the repeats, and the migration fails exactly while it does`, async () => {
    const { previous, migration } = change(db, was, is, options)
    assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
    const warning = migration.validation.warnings.find((w) => w.code === 'ROWS_REFUSE_CHANGE')
    assert.ok(warning, JSON.stringify(migration.validation.warnings))
    if (options.kept !== false) assert.match(warning.message, /^keeping (UNIQUE \(c\)|the primary key \(c\)) on 't' through the type change of 'c' /, warning.message)
    const query = warning.suggestion.slice(warning.suggestion.indexOf('SELECT '))
    const repeats = async () => {
      const { rows } = await engine.run({ sql: query, params: [] })
      return rows.map((r) => {
        const [value, count] = Object.values(r)
        const text = value instanceof Date ? value.toISOString() : String(value)
        return [text.trimEnd(), Number(count)]
      })
    }
    try {
      await engine.reset()
      await engine.exec(generateMigration(previous).upMigration)
      if (options.setup) await engine.exec(options.setup(engine))
      await engine.exec(`INSERT INTO t (id, c) VALUES ${seed.map((v, i) => `(${i + 1}, ${v})`).join(', ')}`)
      assert.deepEqual(await repeats(), found)
      await assert.rejects(engine.exec(migration.upMigration), failure)
      await engine.exec(mend)
      assert.deepEqual(await repeats(), [])
      await engine.exec(migration.upMigration)
    } finally {
      await engine.reset()
    }
  })
}

// SQLite's rowid key (an INTEGER primary key) is not copied through a CAST: a value that is no
// integer refuses the rebuild at its key check, so nothing is merged and the kept key's warning
// is not given (it was, with a query counting 1.25 and 1.75 as 1).
test(`${openedLite.engine.label}: REAL made the INTEGER primary key: no merged-values warning; the rebuild refuses a value that is no integer`, async () => {
  const { engine } = openedLite
  const { previous, migration } = change('sqlite', { type: 'REAL' }, { type: 'INTEGER' }, { primary: true })
  assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
  assert.deepEqual(migration.validation.warnings.filter((w) => w.code === 'ROWS_REFUSE_CHANGE' && /^keeping/.test(w.message)), [])
  try {
    await engine.reset()
    await engine.exec(generateMigration(previous).upMigration)
    await engine.exec('INSERT INTO t (id, c) VALUES (1, 1.25), (2, 2)')
    await assert.rejects(engine.exec(migration.upMigration), /values_that_are_null_or_not_integers_in_the_new_integer_key/)
    await engine.exec('DELETE FROM t WHERE id = 1')
    await engine.exec(migration.upMigration)
  } finally {
    await engine.reset()
  }
})

// The down migration's mirror: an up migration that widens a column under a kept UNIQUE or
// primary key (DECIMAL(5,1) made DECIMAL(6,2)) lets in values that are apart after it and one
// once the down migration converts them back (1.01 and 1.02, both 1.0), and the down migration
// fails on the key. A `DOWN_DATA_LOSS` warning says so, with how (conversion::merges the other
// way round); none where the way back makes no values one. Each case: after the up migration,
// rows that are apart; the down migration fails on the key; mended, it runs.
// [label, database, was, is, options, rows written after the up migration (values of c), a
// DELETE that mends, what the down migration's error says, how the warning says they become one].
const downCases = [
  ['DECIMAL(5,1) made DECIMAL(6,2), kept UNIQUE', 'postgresql', { type: 'DECIMAL', precision: 5, scale: 1 }, { type: 'DECIMAL', precision: 6, scale: 2 }, {}, ['1.01', '1.02', '1.16'], 'DELETE FROM t WHERE c = 1.02', /could not create unique index "uq_t_c"/, "'c' (DECIMAL(6,2) to DECIMAL(5,1): rounded to 1 decimal: 1.01 and 1.02 become 1.0)"],
  ['DECIMAL(5,1) made DECIMAL(6,2), kept UNIQUE', 'mysql', { type: 'DECIMAL', precision: 5, scale: 1 }, { type: 'DECIMAL', precision: 6, scale: 2 }, {}, ['1.01', '1.02', '1.16'], 'DELETE FROM t WHERE c = 1.02', /Duplicate entry '[^']*' for key 'uq_t_c'/, "'c' (DECIMAL(6,2) to DECIMAL(5,1): rounded to 1 decimal: 1.01 and 1.02 become 1.0)"],
  ['TIMESTAMP(0) made TIMESTAMP(3), kept primary key', 'postgresql', { type: 'TIMESTAMP', precision: 0 }, { type: 'TIMESTAMP', precision: 3 }, { primary: true }, ["'2020-01-01 10:00:00.1'", "'2020-01-01 10:00:00.2'", "'2020-01-01 10:00:01'"], "DELETE FROM t WHERE c = '2020-01-01 10:00:00.2'", /could not create unique index "t_pkey"/, "'c' (TIMESTAMP(3) to TIMESTAMP(0): 0 digits of a second kept: '10:00:00.1' and '10:00:00.2' become '10:00:00')"],
  ['DATETIME(0) made DATETIME(3), kept primary key', 'mysql', { type: 'TIMESTAMP', precision: 0 }, { type: 'TIMESTAMP', precision: 3 }, { primary: true }, ["'2020-01-01 10:00:00.1'", "'2020-01-01 10:00:00.2'", "'2020-01-01 10:00:01'"], "DELETE FROM t WHERE c = '2020-01-01 10:00:00.2'", /Duplicate entry '[^']*' for key 'PRIMARY'/, "'c' (DATETIME(3) to DATETIME: 0 digits of a second kept: '10:00:00.1' and '10:00:00.2' become '10:00:00')"],
  ['INTEGER made REAL, kept UNIQUE', 'postgresql', { type: 'INTEGER' }, { type: 'REAL' }, {}, ['1.1', '1.2', '2.6'], 'DELETE FROM t WHERE c > 1.15 AND c < 1.25', /could not create unique index "uq_t_c"/, "'c' (DOUBLE PRECISION to INTEGER: rounded to a whole number: 1.1 and 1.2 become 1)"],
  ['INTEGER made REAL, kept UNIQUE', 'mysql', { type: 'INTEGER' }, { type: 'REAL' }, {}, ['1.1', '1.2', '2.6'], 'DELETE FROM t WHERE c > 1.15 AND c < 1.25', /Duplicate entry '[^']*' for key 'uq_t_c'/, "'c' (DOUBLE to INT: rounded to a whole number: 1.1 and 1.2 become 1)"],
  // PostgreSQL compares a CHAR without the spaces at its end: 'ab' and 'ab ' of the VARCHAR.
  ['CHAR(3) made VARCHAR(5), kept UNIQUE', 'postgresql', { type: 'CHAR', length: 3 }, { type: 'VARCHAR', length: 5 }, {}, ["'ab'", "'ab '", "'cd'"], "DELETE FROM t WHERE c = 'ab '", /could not create unique index "uq_t_c"/, "'c' (VARCHAR(5) to CHAR(3): a CHAR, compared without the spaces at its end: 'ab' and 'ab ' become one)"],
]

for (const [label, db, was, is, options, written, mend, failure, how] of downCases) {
  const opened = db === 'postgresql' ? openedPg : openedMy
  if (opened.skip) {
    test(`${db}: down migration: ${label}`, { skip: opened.skip }, () => {})
    continue
  }
  const { engine } = opened
  test(`${engine.label}: ${label}: the down migration's warning says how values become one, and it fails exactly on such rows`, async () => {
    const { previous, migration } = change(db, was, is, options)
    assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
    const said = migration.validation.warnings.filter((w) => w.code === 'DOWN_DATA_LOSS' && w.message.startsWith('the down migration keeps '))
    const what = options.primary ? 'the primary key (c)' : 'UNIQUE (c)'
    const mysql = db === 'mysql' ? ", leaving the down migration's statements before the failing one done, as MySQL commits each statement (the failing one fails whole, with every change of the table it holds)" : ''
    assert.deepEqual(said.map((w) => w.message), [`the down migration keeps ${what} on 't' through the type change back of ${how}: values written since that are apart become one there, and rows that then repeat make it fail${mysql}`])
    assert.equal(said[0].table, 't')
    if (!options.primary) assert.equal(said[0].constraint, 'uq_t_c')
    // (No up migration warning: the widening keeps the values apart.)
    assert.deepEqual(migration.validation.warnings.filter((w) => w.code === 'ROWS_REFUSE_CHANGE'), [])
    try {
      await engine.reset()
      await engine.exec(generateMigration(previous).upMigration)
      await engine.exec(migration.upMigration)
      await engine.exec(`INSERT INTO t (id, c) VALUES ${written.map((v, i) => `(${i + 1}, ${v})`).join(', ')}`)
      await assert.rejects(engine.exec(migration.downMigration), failure)
      await engine.exec(mend)
      await engine.exec(migration.downMigration)
    } finally {
      await engine.reset()
    }
  })
}

// Widened so that the way back makes no values one: more digits before the point, the same
// decimals; a longer text (MySQL keeps its spaces); a wider integer. No warning, and the down migration runs over rows
// written since that fit the old type.
const apart = [
  ['DECIMAL(5,1) made DECIMAL(8,1)', 'postgresql', { type: 'DECIMAL', precision: 5, scale: 1 }, { type: 'DECIMAL', precision: 8, scale: 1 }, ['1.1', '1.2']],
  ['DECIMAL(5,1) made DECIMAL(8,1)', 'mysql', { type: 'DECIMAL', precision: 5, scale: 1 }, { type: 'DECIMAL', precision: 8, scale: 1 }, ['1.1', '1.2']],
  ['INTEGER made BIGINT', 'postgresql', { type: 'INTEGER' }, { type: 'BIGINT' }, ['1', '2']],
  ['VARCHAR(3) made VARCHAR(5)', 'mysql', { type: 'VARCHAR', length: 3 }, { type: 'VARCHAR', length: 5 }, ["'ab'", "'abc'"]],
  ['INTEGER made BIGINT', 'mysql', { type: 'INTEGER' }, { type: 'BIGINT' }, ['1', '2']],
]

for (const [label, db, was, is, written] of apart) {
  const opened = db === 'postgresql' ? openedPg : openedMy
  if (opened.skip) {
    test(`${db}: down migration: ${label}`, { skip: opened.skip }, () => {})
    continue
  }
  const { engine } = opened
  for (const primary of [false, true]) {
    test(`${engine.label}: ${label}, kept ${primary ? 'primary key' : 'UNIQUE'}: the way back makes no values one, nothing is said of the key, and the down migration runs`, async () => {
      const { previous, migration } = change(db, was, is, { primary })
      assert.ok(migration.validation.valid, JSON.stringify(migration.validation.errors))
      assert.deepEqual(migration.validation.warnings.filter((w) => w.code === 'DOWN_DATA_LOSS' && /the down migration keeps /.test(w.message)), [])
      try {
        await engine.reset()
        await engine.exec(generateMigration(previous).upMigration)
        await engine.exec(migration.upMigration)
        await engine.exec(`INSERT INTO t (id, c) VALUES ${written.map((v, i) => `(${i + 1}, ${v})`).join(', ')}`)
        await engine.exec(migration.downMigration)
      } finally {
        await engine.reset()
      }
    })
  }
}
