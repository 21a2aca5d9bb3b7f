// TABLE_CREATED_BEFORE against the engines: hand-written migrations in the --out folder (every
// CREATE TABLE form of each dialect, temporary tables, comments and strings that quote a CREATE
// TABLE, tables dropped or created again by later migrations) are run on SQLite (sql.js), the
// PostgreSQL server and the MariaDB server, and the tables `generate` says an earlier migration
// creates must be exactly those the engine has after them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { pgScratchDatabase, mysqlScratchDatabase } from './engines/connect.mjs'
import { tempFolders, runCli, migrationsIn } from './support/harness.mjs'
const require = createRequire(import.meta.url)
const { migrationHalf } = require('../lib/cli.js')

const tmp = tempFolders('mg-cli-earlier-')
/** Runs main() in-process with captured streams. */
const run = (args, cwd) => runCli(args, { cwd })

/**
 * Writes `files` (name → text) into a new --out folder, runs what a runner runs of each in name
 * order on the engine (`exec`): the up half of a file with the markers, all of a file without,
 * nothing of a `.down.sql`; then generates, without a database, a spec that creates every table
 * of `candidates`. Gives `{ found, there }`: the tables TABLE_CREATED_BEFORE names (sorted), and
 * those of `candidates` the engine has.
 */
async function createdBefore(dialect, files, candidates, exec, tables) {
  const dir = tmp()
  const migrations = migrationsIn(dir)
  for (const [name, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    fs.writeFileSync(path.join(migrations, name), text)
    if (name.endsWith('.down.sql')) continue
    // goose, sql-migrate and dbmate keep the down half in the same file, after its marker.
    await exec(migrationHalf(text, 'up') ?? text.split(/^-- (?:\+goose Down|\+migrate Down|migrate:down)$/m)[0])
  }
  const id = { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }
  const spec = path.join(dir, 'spec.json')
  // Ten candidates a spec: a message names at most ten tables (the rest counted, as
  // DOWN_DATA_LOSS lists them), and each table is looked for on its own.
  const found = []
  for (let i = 0; i < candidates.length; i += 10) {
    const some = candidates.slice(i, i + 10)
    fs.writeFileSync(spec, JSON.stringify({ description: 'again', databaseType: dialect, timestamps: false, tables: some.map((name) => ({ name, columns: [id] })) }))
    const r = run(['generate', spec, '--now', '2027-01-01T00:00:00Z', '--dry-run', '--json'], dir)
    const out = JSON.parse(r.stdout)
    const errors = out.result.validation.errors
    assert.ok(errors.every((e) => e.code === 'TABLE_CREATED_BEFORE'), JSON.stringify(errors))
    assert.ok(errors.every((e) => !/ and \d+ more\b/.test(e.message)), JSON.stringify(errors))
    found.push(...errors.flatMap((e) => [...e.message.matchAll(/'([a-z_0-9]+)'/g)].map((m) => m[1])).filter((t) => some.includes(t)))
  }
  const have = new Set((await tables()).map((t) => t.toLowerCase()))
  return { found: found.sort(), there: candidates.filter((t) => have.has(t)).sort() }
}

/** A migration file of the generator's form. */
const migration = (up, down = '') => `-- UP MIGRATION\n${up}\n\n-- DOWN MIGRATION\n${down}\n`

/** What the three dialects share: a table created then dropped, one dropped and created again, a temporary table that hides a table until it is dropped. */
const common = (temp) => ({
  '20260102000000_later.sql': migration(
    [
      'DROP TABLE dropped_later;',
      'DROP TABLE recreated;',
      `${temp} shadowed (id int);`,
      // Drops the temporary table, which hides the one of 20260101000000.
      'DROP TABLE shadowed;',
      "INSERT INTO notes (body) VALUES ('",
      'DROP TABLE kept;',
      "');",
    ].join('\n'),
  ),
  '20260103000000_again.sql': migration('CREATE TABLE recreated (id int);'),
})
const commonCreated = ['CREATE TABLE dropped_later (id int);', 'CREATE TABLE recreated (id int);', 'CREATE TABLE shadowed (id int);', 'CREATE TABLE kept (id int);']
const commonCandidates = ['dropped_later', 'recreated', 'shadowed', 'kept']

test('SQLite: TABLE_CREATED_BEFORE names exactly the tables the earlier migrations leave in the database', async () => {
  const SQL = await require('sql.js')()
  const db = new SQL.Database()
  const files = {
    '20260101000000_by_hand.sql': migration(
      [
        'CREATE TABLE notes (body TEXT);',
        ...commonCreated,
        'CREATE TABLE as_t AS SELECT 1 AS id;',
        'CREATE TEMP TABLE temp_t (id int);',
        'CREATE TEMPORARY TABLE temporary_t (id int);',
        'CREATE TABLE temp.temp_schema_t (id int);',
        'CREATE TABLE main.main_t (id int);',
        'CREATE TABLE [bracket_t] (id int);',
        'CREATE TABLE "quoted_t" (id int); CREATE TABLE `second_on_line` (id int);',
        'CREATE VIRTUAL TABLE virtual_t USING fts4(body);',
        '/* CREATE TABLE block_comment_t (id int);',
        'CREATE TABLE block_comment_t (id int); */',
        "INSERT INTO notes VALUES ('it''s",
        'CREATE TABLE string_t (id int);',
        "'), ('[not a name');",
        'CREATE TABLE after_string_t (id int);',
      ].join('\n'),
    ),
    // Without the markers: all of it runs.
    '20260101100000_raw.sql': 'CREATE TABLE raw_t (id int);\n',
    // golang-migrate's pair: only the .up.sql runs going up.
    '20260101200000_pair.up.sql': 'CREATE TABLE pair_up_t (id int);\n',
    '20260101200000_pair.down.sql': 'CREATE TABLE pair_down_t (id int);\n',
    // Other tools' files with both halves: only the up half runs going up (a review found the
    // down half read as run: goose_t, which the up half drops, taken as created).
    '00001_goose.sql': '-- +goose Up\nCREATE TABLE goose_up_t (id int);\nDROP TABLE goose_t;\n-- +goose Down\nCREATE TABLE goose_t (id int);\nDROP TABLE goose_up_t;\n',
    '00000_goose_first.sql': '-- +goose Up\nCREATE TABLE goose_t (id int);\n',
    '20260101400000_migrate.sql': '-- +migrate Up\nCREATE TABLE migrate_up_t (id int);\n-- +migrate Down\nCREATE TABLE migrate_down_t (id int);\n',
    '20260101500000_dbmate.sql': '-- migrate:up\nCREATE TABLE dbmate_up_t (id int);\n\n-- migrate:down\nCREATE TABLE dbmate_down_t (id int);\n',
    ...common('CREATE TEMP TABLE'),
  }
  const candidates = [...commonCandidates, 'as_t', 'temp_t', 'temporary_t', 'temp_schema_t', 'main_t', 'bracket_t', 'quoted_t', 'second_on_line', 'virtual_t', 'block_comment_t', 'string_t', 'after_string_t', 'raw_t', 'pair_up_t', 'pair_down_t', 'goose_up_t', 'goose_t', 'migrate_up_t', 'migrate_down_t', 'dbmate_up_t', 'dbmate_down_t']
  // One connection, as a runner's: its temporary tables are gone when it closes.
  const { found, there } = await createdBefore('sqlite', files, candidates, (sql) => db.exec(sql), () => db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0].values.map((r) => r[0]))
  assert.deepEqual(there, ['after_string_t', 'as_t', 'bracket_t', 'dbmate_up_t', 'goose_up_t', 'kept', 'main_t', 'migrate_up_t', 'pair_up_t', 'quoted_t', 'raw_t', 'recreated', 'second_on_line', 'shadowed', 'virtual_t'])
  assert.deepEqual(found, there)
  db.close()
})

test('PostgreSQL: TABLE_CREATED_BEFORE names exactly the tables the earlier migrations leave in the database', async (t) => {
  const scratch = await pgScratchDatabase('mg_cli_earlier')
  if (scratch.skip) return t.skip(scratch.skip)
  const client = await scratch.connect()
  try {
    const files = {
      '20260101000000_by_hand.sql': migration(
        [
          'CREATE TABLE notes (body text);',
          ...commonCreated,
          'CREATE UNLOGGED TABLE unlogged_t (id int);',
          'CREATE TEMP TABLE temp_t (id int);',
          'CREATE TEMPORARY TABLE temporary_t (id int);',
          'CREATE LOCAL TEMPORARY TABLE local_temp_t (id int);',
          'CREATE TABLE pg_temp.pg_temp_t (id int);',
          'CREATE TABLE like_t (LIKE unlogged_t INCLUDING ALL);',
          'CREATE TABLE as_t AS SELECT 1 AS id;',
          'CREATE TABLE "quoted_t" (id int);',
          'CREATE TABLE public.qualified_t (id int);',
          'CREATE TABLE "public"."both_quoted_t" (id int);',
          'CREATE TABLE parent_t (id int) PARTITION BY RANGE (id);',
          'CREATE TABLE part_t PARTITION OF parent_t FOR VALUES FROM (0) TO (10);',
          'CREATE TYPE pair AS (a int); CREATE TABLE typed_t OF pair;',
          '/* CREATE TABLE block_comment_t (id int);',
          '/* nested */',
          'CREATE TABLE block_comment_t (id int); */',
          "INSERT INTO notes VALUES ('it''s",
          'CREATE TABLE string_t (id int);',
          "'), (E'it\\'s",
          'CREATE TABLE e_string_t (id int);',
          "'), ($tag$",
          'CREATE TABLE dollar_string_t (id int);',
          '$tag$);',
          'CREATE FUNCTION make_fn_t() RETURNS void LANGUAGE plpgsql AS $$',
          'BEGIN',
          '  CREATE TABLE fn_t (id int);',
          'END $$;',
          'DO $$',
          'BEGIN',
          '  CREATE TABLE do_t (id int);',
          'END $$;',
          'CREATE TABLE after_strings_t (id int);',
        ].join('\n'),
      ),
      ...common('CREATE TEMP TABLE'),
    }
    const candidates = [...commonCandidates, 'unlogged_t', 'temp_t', 'temporary_t', 'local_temp_t', 'pg_temp_t', 'like_t', 'as_t', 'quoted_t', 'qualified_t', 'both_quoted_t', 'part_t', 'typed_t', 'block_comment_t', 'string_t', 'e_string_t', 'dollar_string_t', 'fn_t', 'do_t', 'after_strings_t']
    const { found, there } = await createdBefore('postgresql', files, candidates, (sql) => client.query(sql), async () => (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.tablename))
    assert.deepEqual(there, ['after_strings_t', 'as_t', 'both_quoted_t', 'do_t', 'kept', 'like_t', 'part_t', 'qualified_t', 'quoted_t', 'recreated', 'shadowed', 'typed_t', 'unlogged_t'])
    assert.deepEqual(found, there)
  } finally {
    await client.end()
    await scratch.drop()
  }
})

test('MySQL (MariaDB): TABLE_CREATED_BEFORE names exactly the tables the earlier migrations leave in the database', async (t) => {
  const scratch = await mysqlScratchDatabase('mg_cli_earlier')
  if (scratch.skip) return t.skip(scratch.skip)
  const conn = await scratch.connect()
  try {
    const mariadb = /mariadb/i.test((await conn.query('SELECT VERSION() AS v'))[0][0].v)
    const files = {
      '20260101000000_by_hand.sql': migration(
        [
          'CREATE TABLE notes (body TEXT);',
          ...commonCreated,
          'CREATE TABLE base_t (id int);',
          'CREATE TABLE like_t LIKE base_t;',
          'CREATE TABLE paren_like_t (LIKE base_t);',
          'CREATE TABLE select_t SELECT 1 AS id;',
          'CREATE TABLE as_t AS SELECT 1 AS id;',
          'CREATE TEMPORARY TABLE temp_t (id int);',
          ...(mariadb ? ['CREATE OR REPLACE TABLE replace_t (id int);'] : []),
          'CREATE TABLE `quoted_t` (id int);',
          `CREATE TABLE ${scratch.dbName}.qualified_t (id int);`,
          '# CREATE TABLE hash_comment_t (id int);',
          '/* CREATE TABLE block_comment_t (id int);',
          'CREATE TABLE block_comment_t (id int); */',
          '/*!40101 CREATE TABLE versioned_comment_t (id int) */;',
          "INSERT INTO notes VALUES ('it\\'s",
          'CREATE TABLE string_t (id int);',
          '\'), ("double \\" quoted',
          'CREATE TABLE double_string_t (id int);',
          '");',
          'CREATE TABLE after_strings_t (id int);',
        ].join('\n'),
      ),
      ...common('CREATE TEMPORARY TABLE'),
    }
    const candidates = [...commonCandidates, 'base_t', 'like_t', 'paren_like_t', 'select_t', 'as_t', 'temp_t', 'replace_t', 'quoted_t', 'qualified_t', 'hash_comment_t', 'block_comment_t', 'versioned_comment_t', 'string_t', 'double_string_t', 'after_strings_t']
    const { found, there } = await createdBefore('mysql', files, candidates, (sql) => conn.query(sql), async () => (await conn.query('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [scratch.dbName]))[0].map((r) => r.t))
    const expected = ['after_strings_t', 'as_t', 'base_t', 'kept', 'like_t', 'paren_like_t', 'qualified_t', 'quoted_t', 'recreated', ...(mariadb ? ['replace_t'] : []), 'select_t', 'shadowed', 'versioned_comment_t']
    assert.deepEqual(there, expected.sort())
    assert.deepEqual(found, there)
  } finally {
    await conn.end()
    await scratch.drop()
  }
})
