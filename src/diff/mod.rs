//! Compares a spec table with the same table in an existing SQLite database and writes the
//! smallest correct change: nothing (SKIP), `ALTER TABLE … ADD/DROP COLUMN` and index changes,
//! or — for what `ALTER TABLE` cannot do — the table rebuild SQLite's documentation prescribes,
//! with the exact reverse rebuild as its down migration. Nothing is dropped without
//! `allowDataLoss`, and a rebuild that would lose child rows inside a caller's transaction
//! fails loudly instead (see `rebuild_sql`).

use crate::dialect::{
    quote_doubling, sqlite_quoted_identifier as quoted_identifier, Dialect, Sqlite, TableLine,
};
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::output::Operation;
use crate::rebuild_guard::Expected;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::steps::{AlterStep, Step};
use crate::validate::is_snake_identifier;
use sqlparser::dialect::SQLiteDialect;
use std::collections::{HashMap, HashSet};

mod column_changes;
mod column_types;
mod constraints;

use column_changes::{compare_columns, normalize_expr, ColumnChanges};
use column_types::same_type;
pub use column_types::{affinity, declared_type_after};
pub(crate) use column_types::{
    length_not_enforced, narrows, number_as_stored_text, type_narrowing,
};
use constraints::{
    columns_of_check, columns_of_expression_index, constraints_not_in_spec,
    expression_indexes_dropped, expression_indexes_left_out, fk_key, kept_constraints, kept_index,
    same_index, FkKey,
};
pub(crate) use constraints::{hidden_column, same_endpoints};
pub use constraints::{same_foreign_key, unique_index_name};

/// How the database being changed was described.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Described {
    /// By its file (`existingDbPath`), made by any tool at any time: automatic timestamp
    /// columns are added to created tables and to a table that asks for them itself
    /// (`"timestamps": true`, a rebuild), not by the spec-wide default (see
    /// [`adapt_to_existing`]), and a key that is the rowid keeps or lacks
    /// AUTOINCREMENT as the file has it (see the README's "Auto-increment keys after a delete").
    File,
    /// By `previousSpec`, which made it: the change is the one between the two specs, as on
    /// PostgreSQL and MySQL: timestamps turned on add their columns, and a key's
    /// `autoIncrement` turned on or off adds or drops AUTOINCREMENT (a rebuild).
    PreviousSpec,
}

impl Described {
    /// What messages call the schema so described.
    pub fn name(self) -> &'static str {
        match self {
            Described::File => "the database",
            Described::PreviousSpec => "previousSpec",
        }
    }

    /// Whether an index the migration creates is `CREATE INDEX IF NOT EXISTS`: against a file,
    /// which was read not to have the name (`DUPLICATE_NAME` otherwise); not from
    /// `previousSpec`, which cannot know the names of objects outside it (see
    /// [`crate::steps::Creating::Absent`]).
    pub fn index_if_not_exists(self) -> bool {
        self == Described::File
    }
}

/// The spec table as compared with an existing one: an omitted primary key means the existing
/// one, and against a file (`described` [`Described::File`]) the automatic timestamp columns the
/// file's table lacks are left out unless the table itself asks for them (`"timestamps": true`,
/// which adds them by a rebuild, as from `previousSpec`): the spec-wide default, which is on,
/// does not stamp a table made by another tool (or before timestamps were asked for), which a
/// file cannot tell from one made with them off.
pub fn adapt_to_existing(table: &mut Table, existing: &ExistingTable, described: Described) {
    if table.primary_key.is_empty() {
        table.primary_key = existing.table.primary_key.clone();
    }
    if described == Described::PreviousSpec || (table.timestamps == Some(true) && !table.existing) {
        return;
    }
    table
        .columns
        .retain(|c| !c.auto_timestamp || existing.table.column(&c.name).is_some());
}

/// The `DOWN_DATA_LOSS` warning of the key `column` of `table` losing its numbering (a change
/// from `previousSpec`): what counted its keys goes with it — MySQL's table AUTO_INCREMENT
/// counter, PostgreSQL's sequence (dropped) — and the down migration, which numbers the key
/// again, cannot know where it was (a migration from `previousSpec` is written without the
/// database): it counts from the largest key then, so the keys of rows deleted from the end of
/// the table before the up migration, or while it was in force, are given again (checked on
/// PostgreSQL 15 and MariaDB 10.11). None on SQLite: its rebuild keeps the `sqlite_sequence`
/// counter under the table's name, and the down migration's rebuild carries it back (see
/// [`rebuild_sql`]).
pub(crate) fn numbering_counter_lost(d: &dyn Dialect, table: &str, column: &str) -> Option<Issue> {
    let t = d.identifier(table);
    let (lost, back, suggestion) = match d.database_type() {
        DatabaseType::Sqlite => return None,
        DatabaseType::Mysql => (
            "AUTO_INCREMENT, and the table its AUTO_INCREMENT counter".to_string(),
            "puts AUTO_INCREMENT back but not the counter",
            format!("to keep the counter, read it before the up migration (the AUTO_INCREMENT= of SHOW CREATE TABLE {t}) and write it back after the down one (ALTER TABLE {t} AUTO_INCREMENT = <that value>, which MySQL raises to the largest key + 1 when it is lower)"),
        ),
        DatabaseType::Postgresql => {
            let sequence = crate::dialect::postgres_object_name(table, Some(column), "seq");
            let sequence = d.identifier(&sequence);
            let name = d.string_literal(&sequence);
            (
                format!("its sequence {sequence}, which the up migration drops with its value (and any setting given it by hand)"),
                "makes a new one but cannot give it the old one's value",
                format!("to keep the value, read it before the up migration (SELECT last_value FROM {sequence}) and give it to the new sequence after the down one (SELECT setval({name}, GREATEST(max({}), <that value>)) FROM {t}); make again by hand any setting the old one had", d.identifier(column)),
            )
        }
    };
    Some(
        Issue::warning(
            Code::DownDataLoss,
            format!(
                "'{column}' loses {lost}: the down migration {back} (a migration from previousSpec is written without the database), so it counts from the largest key then, and gives again the keys of rows deleted from the end of the table"
            ),
        )
        .column(column)
        .suggest(suggestion),
    )
}

fn sorted(cols: &[String]) -> Vec<String> {
    let mut v: Vec<String> = cols.iter().map(|c| c.to_ascii_lowercase()).collect();
    v.sort();
    v
}

/// The result of comparing one table.
pub struct TableDiff {
    /// ALTER or SKIP.
    pub operation: Operation,
    /// Up steps (each carries its own inverse).
    pub steps: Vec<AlterStep>,
    /// The narrowed columns whose values the rebuild converts with `CAST` (allowed with
    /// `allowDataLoss`, each with its `TYPE_NARROWING` warning): the column, the affinity it
    /// has and the affinity it is cast to (`INTEGER`, `REAL`, `NUMERIC`, `TEXT`).
    pub casts: Vec<(String, &'static str, &'static str)>,
    /// The INTEGER or NUMERIC columns that become REAL, copied as they are: integers beyond
    /// ±2^53 are rounded (counted on the rows, `rows_trial::count_inexact_reals`).
    pub to_real: Vec<String>,
}

/// What a rebuild copies and recreates.
struct Rebuild {
    table: String,
    create_sql: String,
    insert_columns: Vec<String>,
    select_exprs: Vec<String>,
    /// Indexes and triggers recreated after the copy, and their names.
    after: Vec<String>,
    after_names: Vec<String>,
    fk_off: bool,
    /// A column of the old table that becomes the new table's rowid (`INTEGER PRIMARY KEY`)
    /// without being one before: every value must then be an integer, or the copy fails with
    /// "datatype mismatch", which no ON CONFLICT clause turns into a rollback.
    becomes_rowid: Option<String>,
    /// The UNIQUE indexes over plain columns created after the copy: checked for duplicates
    /// before the old table is dropped, since a failing CREATE INDEX cannot roll back.
    unique_indexes: Vec<Index>,
    /// Other tables of the database whose foreign keys reference this one: a key whose values
    /// the copy converts (a CAST allowed with allowDataLoss) can leave their rows without a
    /// parent, checked with the new table's own foreign keys.
    children: Vec<String>,
    /// The table as the rebuild was generated against, checked when it runs (see [`Expected`]):
    /// for the down migration's rebuild back, the table the up migration left, which its callers
    /// set.
    expected: Option<Expected>,
    /// Whether the old or the new table names its own columns through the table's name
    /// ([`names_itself`]): the rebuild then renames the old table away with `legacy_alter_table`
    /// off, and the new one away and back once the old is dropped (see [`rebuild_sql`]).
    renames_along: bool,
    /// Whether the table the rebuild replaces declares AUTOINCREMENT: `sqlite_sequence` then
    /// exists, and may hold its counter, which the rebuild carries to the new table even when
    /// that one has no AUTOINCREMENT (see [`rebuild_sql`]).
    old_autoincrement: bool,
    /// The old table's columns the copy casts into a number, with the affinity: checked
    /// before the copy for text that is no clean number ([`crate::rebuild_number_check`]).
    numbers_checked: Vec<(String, &'static str)>,
}

/// Whether a table's text or one of its indexes' (`statements`) names a column through the
/// table's name (`CHECK ("users"."age" >= 0)`, `WHERE "tasks"."done" = 0`, as Drizzle Kit
/// writes them). SQLite refuses to rename such a table with `legacy_alter_table` on ("error in
/// table _mg_old_users after rename: no such column: users.age"): it leaves the text as it is,
/// and then checks it. Trigger texts are not read: SQLite checks none with it on.
fn names_itself<'a>(table: &str, statements: impl IntoIterator<Item = &'a str>) -> bool {
    use sqlparser::tokenizer::{Token, Tokenizer};
    statements.into_iter().any(|sql| {
        let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
            return false;
        };
        let mut significant = tokens
            .iter()
            .filter(|t| !matches!(t, Token::Whitespace(_)))
            .peekable();
        while let Some(t) = significant.next() {
            if let Token::Word(w) = t {
                if w.value.eq_ignore_ascii_case(table)
                    && significant.peek() == Some(&&Token::Period)
                {
                    return true;
                }
            }
        }
        false
    })
}

/// The index statements among a rebuild's `after` (indexes and triggers).
fn index_statements(after: &[String]) -> impl Iterator<Item = &str> {
    after.iter().map(String::as_str).filter(|s| {
        let upper = s.trim_start().get(..20).unwrap_or(s).to_ascii_uppercase();
        upper.starts_with("CREATE INDEX") || upper.starts_with("CREATE UNIQUE INDEX")
    })
}

/// The table a rebuild renames back into place as its last rename (the statement
/// `ALTER TABLE _mg_old_{table} RENAME TO {table};` of a rebuild that [`Rebuild::renames_along`]),
/// for the self-check, which makes the same round trip in the schema the down must give back.
pub(crate) fn renamed_back_into_place(statement: &str) -> Option<&str> {
    let (old, table) = statement
        .trim()
        .strip_prefix("ALTER TABLE _mg_old_")?
        .strip_suffix(';')?
        .split_once(" RENAME TO ")?;
    (old == table).then_some(table)
}

/// The other tables of the database whose foreign keys reference `table` (and that the
/// migration does not drop first).
fn children_of(table: &str, schema: &ExistingSchema, all_spec: &SpecTables) -> Vec<String> {
    all_spec
        .referencing(schema, table)
        .filter(|t| !t.table.name.eq_ignore_ascii_case(table))
        .map(|t| t.table.name.clone())
        .collect()
}

/// Whether `table`'s single-column primary key is SQLite's rowid (`INTEGER PRIMARY KEY`, as the
/// rebuild writes the table), and which column it is.
pub(crate) fn rowid_column(table: &Table) -> Option<&str> {
    let [key] = table.primary_key.as_slice() else {
        return None;
    };
    let c = table.column(key)?;
    let ty = table
        .declared_type(c)
        .map_or_else(|| Sqlite.column_type(c, true), str::to_string);
    (c.auto_increment || ty.eq_ignore_ascii_case("INTEGER")).then_some(key.as_str())
}

/// Whether the existing table's key column `name` is its rowid (declared `INTEGER`, the whole
/// primary key; not `DESC`, not in a `WITHOUT ROWID` table, which introspection marks by not
/// making the column auto-increment).
pub(crate) fn is_existing_rowid(existing: &ExistingTable, name: &str) -> bool {
    let db = &existing.table;
    matches!(db.primary_key.as_slice(), [k] if k.eq_ignore_ascii_case(name))
        && db
            .columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
            .is_some_and(|i| {
                existing.declared_types[i].eq_ignore_ascii_case("INTEGER")
                    && db.columns[i].auto_increment
            })
}

/// The views and triggers of the database whose text names both `table` and its `column`
/// (quoted or not, in any case), as "view 'name'" / "trigger 'name'".
fn views_and_triggers_naming(schema: &ExistingSchema, table: &str, column: &str) -> Vec<String> {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::{Token, Tokenizer};
    let mut found = Vec::new();
    for sql in schema
        .schema
        .iter()
        .filter(|s| s.kind == "view" || s.kind == "trigger")
        .map(|s| &s.sql)
    {
        let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
            continue;
        };
        let words: Vec<&sqlparser::tokenizer::Word> = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(w),
                _ => None,
            })
            .collect();
        let skip = |i: usize, k: Keyword| usize::from(words.get(i).is_some_and(|w| w.keyword == k));
        let mut i = 1 + skip(1, Keyword::TEMP) + skip(1, Keyword::TEMPORARY);
        let kind = match words.get(i).map(|w| w.keyword) {
            Some(Keyword::VIEW) => "view",
            Some(Keyword::TRIGGER) => "trigger",
            _ => continue,
        };
        i += 1;
        if skip(i, Keyword::IF) == 1 {
            i += 3;
        }
        let names = |name: &str| words.iter().any(|w| w.value.eq_ignore_ascii_case(name));
        if words.first().is_some_and(|w| w.keyword == Keyword::CREATE)
            && names(table)
            && names(column)
        {
            let name = words.get(i).map_or("", |w| w.value.as_str());
            found.push(format!("{kind} '{}'", crate::report::clip(name)));
        }
    }
    found
}

/// The generated columns of a `CREATE TABLE` text whose expression (`AS (…)`, with or without
/// `GENERATED ALWAYS`) names `column`: SQLite refuses to drop a column a generated column reads
/// ("error in table … after drop column: no such column").
fn generated_columns_naming(create_sql: &str, column: &str) -> Vec<String> {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::{Token, Tokenizer};
    let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, create_sql).tokenize() else {
        return Vec::new();
    };
    let tokens: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<String> = None;
    let mut expect_name = false;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            Token::LParen => {
                depth += 1;
                if depth == 1 {
                    expect_name = true;
                }
            }
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 1 => expect_name = true,
            Token::Word(w) if depth == 1 && expect_name => {
                current = Some(w.value.clone());
                expect_name = false;
            }
            Token::Word(w)
                if depth == 1
                    && w.keyword == Keyword::AS
                    && w.quote_style.is_none()
                    && matches!(tokens.get(i + 1), Some(Token::LParen)) =>
            {
                // The expression: everything up to the matching parenthesis.
                let mut inner = 0usize;
                let mut j = i + 1;
                let mut names = false;
                while j < tokens.len() {
                    match tokens[j] {
                        Token::LParen => inner += 1,
                        Token::RParen => {
                            inner -= 1;
                            if inner == 0 {
                                break;
                            }
                        }
                        Token::Word(w) if w.value.eq_ignore_ascii_case(column) => names = true,
                        _ => {}
                    }
                    j += 1;
                }
                if names {
                    if let Some(c) = &current {
                        if !c.eq_ignore_ascii_case(column) {
                            found
                                .push(format!("the generated column '{}'", crate::report::clip(c)));
                        }
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Whether a CREATE TABLE text declares an AUTOINCREMENT key. SQLite itself decides: it
/// creates `sqlite_sequence` with the first AUTOINCREMENT table, so the text is run on the
/// probe database inside a savepoint that is rolled back (a column that SQLite lets be named
/// `autoincrement` unquoted does not count). Without a probe database, or when SQLite refuses
/// the text there, the keyword alone decides (the keyword itself, not a quoted name that
/// spells it).
fn declares_autoincrement(create_sql: &str) -> bool {
    use sqlparser::keywords::Keyword;
    use sqlparser::tokenizer::{Token, Tokenizer};
    let asked = crate::sqlite_memory::with_probe(|conn| {
        conn.execute_batch("SAVEPOINT _mg_autoincrement;").ok()?;
        // One statement only (`execute` refuses a second one).
        let created = conn.execute(create_sql.trim_end_matches(';'), []).is_ok();
        let sequence = created
            && conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .is_ok_and(|n| n > 0);
        let _ = conn.execute_batch("ROLLBACK TO _mg_autoincrement; RELEASE _mg_autoincrement;");
        created.then_some(sequence)
    })
    .flatten();
    asked.unwrap_or_else(|| {
        Tokenizer::new(&SQLiteDialect {}, create_sql)
            .tokenize()
            .is_ok_and(|tokens| {
                tokens.iter().any(|t| {
                    matches!(t, Token::Word(w) if w.quote_style.is_none() && w.keyword == Keyword::AUTOINCREMENT)
                })
            })
    })
}

/// A key column's line of CREATE TABLE (`name INTEGER PRIMARY KEY…`, the rowid) with
/// `AUTOINCREMENT` after its PRIMARY KEY. The name and the type before it cannot spell
/// " PRIMARY KEY" (a rowid column's type is INTEGER; a rebuild's names are snake_case).
fn with_autoincrement(line: String) -> String {
    if line.contains(" PRIMARY KEY AUTOINCREMENT") {
        // An autoIncrement column of the spec has it already.
        return line;
    }
    match line.find(" PRIMARY KEY") {
        Some(at) => {
            let at = at + " PRIMARY KEY".len();
            [&line[..at], " AUTOINCREMENT", &line[at..]].concat()
        }
        None => line,
    }
}

/// The clause that defers a foreign key's check to COMMIT, after its `REFERENCES …`.
const DEFERRED: &str = " DEFERRABLE INITIALLY DEFERRED";

/// What in the database already has the name a rebuild of `table` renames it to
/// (`_mg_old_{table}`, in any case): "a table" or "an index", or `None`.
fn rebuild_name_taken(table: &str, schema: &ExistingSchema) -> Option<&'static str> {
    let old = format!("_mg_old_{table}");
    if schema.table(&old).is_some() {
        return Some("a table");
    }
    schema
        .index_owners(&old)
        .next()
        .is_some()
        .then_some("an index")
}

/// Whether a rebuild of `existing` into `spec` keeps the existing rowid column as the new
/// table's rowid, so that an AUTOINCREMENT on it can be kept too.
fn keeps_rowid(spec: &Table, existing: &ExistingTable, dropped: &HashSet<String>) -> bool {
    rowid_column(&target_table(spec, existing, dropped, Described::File))
        .is_some_and(|k| is_existing_rowid(existing, k))
}

/// The statements of a table rebuild. The old table is renamed away first (with
/// `legacy_alter_table` on, so nothing that references it is rewritten), the new table is
/// created under the final name (so its stored text is exactly the one written), the rows are
/// copied, the old table dropped, indexes and triggers recreated. A table whose text names its
/// columns through its name ([`Rebuild::renames_along`]) is renamed away with
/// `legacy_alter_table` off instead (SQLite rewrites that name in its text, and points what
/// references the table at the renamed one), and the new table is renamed to the old one's name
/// and back at the end, which points all that at it again.
///
/// Nothing is lost when a statement fails, even under a runner that carries on after an error
/// (the `sqlite3` shell reading a file does): everything up to the drop of the old table runs
/// in one transaction (a SAVEPOINT, which also nests inside a caller's transaction), and each
/// check before the drop is an `INSERT OR ROLLBACK`, which on failure rolls the whole
/// transaction back — the rename included, so the `DROP TABLE` of the renamed table that
/// follows finds nothing to drop. The checks: the copy itself (a row that breaks a NOT NULL,
/// CHECK or UNIQUE of the new table), the number of rows copied, and, when other tables
/// reference this one, that foreign keys are off (`PRAGMA foreign_keys = OFF` does nothing
/// inside a transaction, and dropping the old table with them on would cascade into the
/// children); that the table is still the one the migration was generated from ([`Expected`]);
/// after the drop, the new table's foreign keys. An AUTOINCREMENT table keeps its
/// `sqlite_sequence` counter (dropping the old table deletes it).
fn rebuild_sql(r: &Rebuild) -> Vec<String> {
    let old = format!("_mg_old_{}", r.table);
    let mut s = Vec::new();
    if r.fk_off {
        s.push("PRAGMA foreign_keys = OFF;".to_string());
        s.push(crate::down::FOREIGN_KEYS_OFF_GUARD[0].to_string());
        s.push("INSERT INTO _mg_guard SELECT foreign_keys FROM pragma_foreign_keys;".to_string());
        s.push("DROP TABLE _mg_guard;".to_string());
        s.push("BEGIN;".to_string());
    } else {
        s.push("SAVEPOINT _mg_rebuild;".to_string());
    }
    // With foreign keys on, a copied row whose parent is missing would fail the copy outright
    // (no ON CONFLICT applies to foreign keys); deferred, the check after the copy rolls back.
    s.push("PRAGMA defer_foreign_keys = ON;".to_string());
    let new_autoincrement = declares_autoincrement(&r.create_sql);
    if r.old_autoincrement && !new_autoincrement {
        // The counter kept below names `sqlite_sequence`, which a database the old table's
        // text was only a spec's reading of (previousSpec: one pulled from a file says
        // autoIncrement for a rowid key) may lack ("no such table"); made first, inside the
        // transaction, where it is missing (the only way a key loses AUTOINCREMENT: against a
        // file such a change is refused).
        s.extend(crate::table_drops::sequence_table_made());
    }
    // A table whose text names its columns through its name cannot be renamed with it on; with
    // it off, SQLite renames along what references the table (other tables' foreign keys,
    // views, triggers), which the renames after the drop bring back.
    s.push(if r.renames_along {
        "PRAGMA legacy_alter_table = OFF;".to_string()
    } else {
        "PRAGMA legacy_alter_table = ON;".to_string()
    });
    s.push(format!("ALTER TABLE {} RENAME TO {old};", r.table));
    // Right after the rename, before anything reads the columns: a column dropped or renamed
    // since would fail the copy with an error of its own ("no such column"), which rolls
    // nothing back and left a runner that stops there in the transaction, the table renamed.
    if let Some(expected) = &r.expected {
        s.push("CREATE TEMP TABLE _mg_state_check (table_changed_since_this_migration_was_generated INTEGER\n  CHECK (table_changed_since_this_migration_was_generated = 0));".to_string());
        s.push(format!(
            "INSERT OR ROLLBACK INTO _mg_state_check SELECT\n  {};",
            expected.mismatch(&r.table, &old, r.renames_along)
        ));
        s.push("DROP TABLE _mg_state_check;".to_string());
    }
    s.push(r.create_sql.clone());
    if let Some(key) = r.becomes_rowid.as_deref().map(quoted_identifier) {
        // A NULL key too: the rowid would give the row a new key of its own, silently (and
        // the down migration would not take it back).
        s.push("CREATE TEMP TABLE _mg_key_check (values_that_are_null_or_not_integers_in_the_new_integer_key INTEGER\n  CHECK (values_that_are_null_or_not_integers_in_the_new_integer_key = 0));".to_string());
        s.push(format!(
            "INSERT OR ROLLBACK INTO _mg_key_check SELECT count(*) FROM {old}\n  WHERE {key} IS NULL OR NOT ({key} = CAST({key} AS INTEGER));"
        ));
        s.push("DROP TABLE _mg_key_check;".to_string());
    }
    // The key made the rowid has its own check above, which the TYPE_NARROWING warning
    // describes (it takes '7.0', which the rowid holds as 7 exactly).
    let numbers_checked: Vec<(String, &str)> = r
        .numbers_checked
        .iter()
        .filter(|(c, _)| {
            r.becomes_rowid
                .as_deref()
                .is_none_or(|k| !k.eq_ignore_ascii_case(c))
        })
        .cloned()
        .collect();
    s.extend(crate::rebuild_number_check::statements(
        &old,
        &numbers_checked,
    ));
    if !r.insert_columns.is_empty() {
        s.push(format!(
            "INSERT OR ROLLBACK INTO {} ({})\n  SELECT {} FROM {old};",
            r.table,
            r.insert_columns.join(", "),
            r.select_exprs.join(", ")
        ));
    }
    let mut check =
        "CREATE TEMP TABLE _mg_copy_check (rows_not_copied INTEGER CHECK (rows_not_copied = 0)"
            .to_string();
    let mut values = format!(
        "(SELECT count(*) FROM {old}) - (SELECT count(*) FROM {})",
        r.table
    );
    for (column, count) in duplicate_guards(&r.table, &r.unique_indexes) {
        check.push_str(",\n  ");
        check.push_str(&column);
        values.push_str(",\n  ");
        values.push_str(&count);
    }
    if r.fk_off {
        check.push_str(",\n  foreign_keys_on INTEGER CHECK (foreign_keys_on = 0)");
        values.push_str(",\n  (SELECT foreign_keys FROM pragma_foreign_keys)");
    }
    s.push(check + ");");
    s.push(format!(
        "INSERT OR ROLLBACK INTO _mg_copy_check SELECT\n  {values};"
    ));
    s.push("DROP TABLE _mg_copy_check;".to_string());
    if new_autoincrement {
        // Both read the renamed table, so that after a rollback (the rename undone) they fail
        // instead of running on their own under a runner that carries on. The old table's
        // counter replaces the one the copy made; an old table without one (a key that becomes
        // the rowid) leaves the copy's, its largest key.
        s.push(format!(
            "DELETE FROM sqlite_sequence WHERE name = {}\n  AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = {})\n  AND (SELECT count(*) FROM {old}) >= 0;",
            quote_doubling(&r.table),
            quote_doubling(&old)
        ));
        // One row, the largest: a counter kept for a table without AUTOINCREMENT (below) can
        // have been left under the old name by an earlier rebuild, beside the one renamed now,
        // and SQLite reads the first of two rows of one name (a key deleted earlier given again).
        s.push(format!(
            "INSERT INTO sqlite_sequence (name, seq)\n  SELECT {}, seq FROM (SELECT max(seq) AS seq FROM sqlite_sequence WHERE name = {})\n  WHERE seq IS NOT NULL AND (SELECT count(*) FROM {old}) >= 0;",
            quote_doubling(&r.table),
            quote_doubling(&old)
        ));
        if !r.old_autoincrement {
            // An old table without AUTOINCREMENT may hold a counter kept for it (below, the
            // down migration of a key that lost AUTOINCREMENT): dropping it would leave the row.
            s.push(format!(
                "DELETE FROM sqlite_sequence WHERE name = {} AND (SELECT count(*) FROM {old}) >= 0;",
                quote_doubling(&old)
            ));
        }
    } else if r.old_autoincrement {
        // The key loses AUTOINCREMENT (or leaves the primary key): its counter would go with
        // the old table, and the down migration, which puts AUTOINCREMENT back, would count
        // from the largest key then, giving again the keys of rows deleted from the end. The
        // counter stays under the table's name instead, where SQLite reads no row of a table
        // without AUTOINCREMENT, and the down migration's rebuild carries it back (above).
        s.push(format!(
            "DELETE FROM sqlite_sequence WHERE name = {}\n  AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = {})\n  AND (SELECT count(*) FROM {old}) >= 0;",
            quote_doubling(&r.table),
            quote_doubling(&old)
        ));
        s.push(format!(
            "UPDATE sqlite_sequence SET name = {} WHERE name = {}\n  AND (SELECT count(*) FROM {old}) >= 0;",
            quote_doubling(&r.table),
            quote_doubling(&old)
        ));
    }
    s.push(format!("DROP TABLE {old};"));
    s.extend(r.after.iter().cloned());
    if r.renames_along {
        // What the first rename pointed at the old table's name (foreign keys, views,
        // triggers) now names nothing: the new table takes that name, and renamed back, takes
        // them along to its own (SQLite writes the names it rewrites in double quotes). Its
        // text, indexes and triggers make the round trip too, unchanged but for those quotes.
        // After a rollback, the same two renames of the table as it was change nothing else.
        s.push(format!("ALTER TABLE {} RENAME TO {old};", r.table));
        s.push(format!("ALTER TABLE {old} RENAME TO {};", r.table));
    }
    s.push("PRAGMA legacy_alter_table = OFF;".to_string());
    // After the drop, still inside the transaction: the new table's foreign keys hold, and
    // every index and trigger was recreated (one that failed, such as a UNIQUE index over
    // duplicate values, rolls the whole rebuild back, the dropped table included).
    let guard = foreign_key_guard(&r.table);
    s.push(format!("CREATE TEMP TABLE _mg_fk_check (\n  {guard} INTEGER\n    CHECK ({guard} = 0),\n  indexes_or_triggers_not_recreated INTEGER CHECK (indexes_or_triggers_not_recreated = 0));"));
    let names: Vec<String> = r.after_names.iter().map(|n| quote_doubling(n)).collect();
    let recreated = if names.is_empty() {
        "0".to_string()
    } else {
        format!(
            "{} - (SELECT count(*) FROM sqlite_master WHERE type IN ('index', 'trigger')\n    AND name IN ({}))",
            names.len(),
            names.join(", ")
        )
    };
    let mut violations = format!(
        "(SELECT count(*) FROM pragma_foreign_key_check({}))",
        quote_doubling(&r.table)
    );
    for child in &r.children {
        violations.push_str(&format!(
            "\n  + (SELECT count(*) FROM pragma_foreign_key_check({}) WHERE lower(parent) = lower({}))",
            quote_doubling(child),
            quote_doubling(&r.table)
        ));
    }
    s.push(format!(
        "INSERT OR ROLLBACK INTO _mg_fk_check SELECT\n  {violations},\n  {recreated};"
    ));
    s.push("DROP TABLE _mg_fk_check;".to_string());
    if r.fk_off {
        s.push("COMMIT;".to_string());
        s.push("PRAGMA foreign_keys = ON;".to_string());
    } else {
        s.push("RELEASE _mg_rebuild;".to_string());
    }
    s
}

/// The column of a rebuild's foreign-key guard, named after the rebuilt `table`
/// (`foreign_key_violations_after_rebuild_of_<table>`), so that SQLite's "CHECK constraint
/// failed" says which table's rebuild left references broken (in it, or in the tables that
/// reference it), as its message names nothing else; quoted when the name is not plain.
fn foreign_key_guard(table: &str) -> String {
    let name = format!("foreign_key_violations_after_rebuild_of_{table}");
    if crate::validate::is_plain_identifier(table) {
        name
    } else {
        quoted_identifier(&name)
    }
}

/// For each UNIQUE index of `table`, the column of a guard's temporary table, named after the
/// index (`duplicates_for_unique_index_<name> INTEGER CHECK (… = 0)`, so that SQLite's "CHECK
/// constraint failed" says which index the values repeat for), and the count that fills it.
fn duplicate_guards(table: &str, indexes: &[Index]) -> Vec<(String, String)> {
    indexes
        .iter()
        .map(|ix| {
            let name = format!("duplicates_for_unique_index_{}", ix.name);
            let column = if crate::validate::is_plain_identifier(&ix.name) {
                name
            } else {
                quoted_identifier(&name)
            };
            (
                format!("{column} INTEGER CHECK ({column} = 0)"),
                duplicate_groups(table, &ix.columns, ix.predicate.as_deref()),
            )
        })
        .collect()
}

/// A query counting the groups of rows of `table` that a UNIQUE index over `columns` (partial
/// over `predicate`) would refuse: equal values (by the columns' own collations, as the index
/// compares them), NULLs apart.
fn duplicate_groups(table: &str, columns: &[String], predicate: Option<&str>) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| quoted_identifier(c)).collect();
    let mut filter: Vec<String> = quoted.iter().map(|c| format!("{c} IS NOT NULL")).collect();
    filter.extend(predicate.iter().map(|p| format!("({p})")));
    format!(
        "(SELECT count(*) FROM (SELECT 1 FROM {table}\n    WHERE {} GROUP BY {} HAVING count(*) > 1))",
        filter.join(" AND "),
        quoted.join(", ")
    )
}

/// The UNIQUE indexes a table changed without a rebuild gets, after its other changes: one
/// guard first counts the rows each index would refuse and, if any, rolls the table's change
/// back (`INSERT OR ROLLBACK`, as the rebuild's checks do) instead of letting the index fail
/// after the columns were added. The table's change is one SAVEPOINT (which nests in a caller's
/// transaction), so that a refusal leaves the table as it was and no transaction open, the
/// guard's own temporary table included. `IF NOT EXISTS` as `described` says
/// ([`Described::index_if_not_exists`]).
fn guard_unique_indexes(
    table: &Table,
    unique: Vec<Index>,
    described: Described,
    steps: &mut Vec<AlterStep>,
) {
    let d: &dyn Dialect = &Sqlite;
    if unique.is_empty() {
        return;
    }
    let (columns, counts): (Vec<String>, Vec<String>) =
        duplicate_guards(&table.name, &unique).into_iter().unzip();
    let mut guard = vec![
        format!(
            "CREATE TEMP TABLE _mg_unique_check (\n  {});",
            columns.join(",\n  ")
        ),
        format!(
            "INSERT OR ROLLBACK INTO _mg_unique_check SELECT\n  {};",
            counts.join(",\n  ")
        ),
        "DROP TABLE _mg_unique_check;".to_string(),
    ];
    for ix in &unique {
        let mut up = std::mem::take(&mut guard);
        up.push(d.create_index_text(table, ix, described.index_if_not_exists()));
        steps.push(AlterStep::new(
            up,
            vec![d.drop_index(&table.name, &ix.name)],
        ));
    }
    steps[0].up.insert(0, "SAVEPOINT _mg_alter;".to_string());
    if let Some(last) = steps.last_mut() {
        last.up.push("RELEASE _mg_alter;".to_string());
    }
}

/// Whether the existing table keeps the column unique on its own: a UNIQUE column or
/// constraint, or a unique index without a WHERE, over that column alone.
fn unique_alone(existing: &ExistingTable, column: &str) -> bool {
    let alone = |cols: &[String]| matches!(cols, [only] if only.eq_ignore_ascii_case(column));
    existing
        .table
        .columns
        .iter()
        .any(|c| c.unique && c.name.eq_ignore_ascii_case(column))
        || existing.unique_sets.iter().any(|s| alone(s))
        || existing
            .table
            .unique_constraints
            .iter()
            .any(|u| alone(&u.columns))
        || existing
            .indexes
            .iter()
            .any(|i| i.index.unique && i.index.predicate.is_none() && alone(&i.index.columns))
}

/// What refuses `column` (which the migration drops) filled back with one value in every row by
/// the down migration, of the UNIQUE expression indexes that read it (which the down migration
/// creates again from their stored text): one that reads no other column and has no WHERE
/// refuses once the table has two rows (`ON items (lower(sku))`); one that reads other columns
/// too, or has a WHERE, may.
fn unique_expression_index_refusing(existing: &ExistingTable, column: &str) -> Option<String> {
    let lower = column.to_ascii_lowercase();
    existing
        .indexes
        .iter()
        .filter(|e| e.index.unique && e.index.columns.iter().any(String::is_empty))
        .find_map(|e| {
            let read = columns_of_expression_index(&e.sql, &existing.table.columns);
            if !read.contains(&lower) {
                return None;
            }
            let surely = read.iter().all(|c| *c == lower)
                && e.index.predicate.is_none()
                && !e.index.columns.iter().any(|c| !c.is_empty());
            Some(if surely {
                format!(
                    "the UNIQUE expression index '{}' refuses once the table has two rows",
                    e.index.name
                )
            } else {
                format!("the UNIQUE expression index '{}' may refuse", e.index.name)
            })
        })
}

/// A value of the column's affinity to fill a NOT NULL column the down rebuild cannot restore.
fn filler(c: &Column, d: &dyn Dialect, existing: &ExistingTable) -> String {
    if let Some(v) = d.default_value(c, false) {
        return v;
    }
    if c.nullable {
        return "NULL".into();
    }
    // A CHECK that allows only some strings (`kind IN ('a', 'b')`): the first of them, which
    // it takes.
    let choices =
        crate::check_choices::of_checks(&SQLiteDialect {}, &existing.table.check_constraints);
    if let Some(first) = crate::check_choices::for_column(&choices, &c.name).and_then(|s| s.first())
    {
        return d.string_literal(first);
    }
    match affinity(&d.column_type(c, false)) {
        "TEXT" => "''".into(),
        "BLOB" => "X''".into(),
        _ => "0".into(),
    }
}

/// The value the down rebuild gives the dropped column `c` in every row ([`filler`]), when it is
/// one value: not NULL, which a UNIQUE takes in every row, nor an expression default other than
/// one literal, which may give each row its own (`(random())`).
fn one_fill(c: &Column, d: &dyn Dialect, existing: &ExistingTable) -> Option<String> {
    if let Some(DefaultValue::Expression(e)) = &c.default {
        // As written, as every dialect's message has it.
        return crate::expr::is_one_literal(d.parser(), e).then(|| e.clone());
    }
    Some(filler(c, d, existing)).filter(|fill| fill != "NULL")
}

/// What may refuse `fill`, the value the down migration gives the dropped NOT NULL column
/// `column` in every row: a foreign key on it (unless the parent has a row of that value), or a
/// CHECK that names it, other than one that allows only strings `fill` is one of.
fn refusing_filler(existing: &ExistingTable, column: &str, fill: &str) -> Option<String> {
    let db = &existing.table;
    if let Some(fk) = db
        .foreign_keys
        .iter()
        .find(|fk| fk.columns.iter().any(|c| c.eq_ignore_ascii_case(column)))
    {
        return Some(format!(
            "its foreign key to '{}' refuses unless that table has a row of that value",
            fk.referenced_table
        ));
    }
    let lower = column.to_ascii_lowercase();
    let mut refusals = db.check_constraints.iter().filter_map(|check| {
        let read = columns_of_check(&check.expression, &db.columns);
        if !read.contains(&lower) {
            return None;
        }
        let choices =
            crate::check_choices::of_checks(&SQLiteDialect {}, std::slice::from_ref(check));
        if crate::check_choices::for_column(&choices, column)
            .is_some_and(|allowed| allowed.iter().any(|s| Sqlite.string_literal(s) == fill))
        {
            return None;
        }
        // Read as an expression without subqueries (not the fallback's text search), calling
        // only functions whose results are no longer than what they are given.
        let parsed = || {
            crate::expr::check_expression_references(&SQLiteDialect {}, &check.expression)
                .is_ok_and(|r| {
                    r.calls
                        .iter()
                        .all(|f| PROBE_FUNCTIONS.contains(&f.as_str()))
                })
        };
        let verdict = if read.iter().all(|c| c == &lower) && parsed() {
            check_refuses(&check.expression, column, fill)
        } else {
            None
        };
        match verdict {
            Some(false) => None,
            Some(true) => Some(format!(
                "its CHECK ({}) refuses",
                crate::report::clip(&check.expression)
            )),
            None => Some(format!(
                "its CHECK ({}) may refuse",
                crate::report::clip(&check.expression)
            )),
        }
    });
    refusals.next()
}

/// Whether the CHECK `expression`, which reads `column` alone, refuses the value `fill` (SQL
/// text): asked of SQLite on the probe database, as the down migration's rows would be
/// checked. Django's JSONField, `CHECK ((JSON_VALID(col) OR col IS NULL))`, refuses the `''` a
/// dropped TEXT column comes back as: a user trial's down migration failed on every table with
/// rows, told only that the CHECK "may refuse". `None` when SQLite cannot say (an expression it
/// refuses, a function it lacks, a value too long).
///
/// A CHECK refuses a result that is 0 as a number (text such as `''` included) and takes NULL:
/// `coalesce(NOT (…), 0)` converts as it does (`(…) IS 0` took `''`, a review found). The
/// expression and the fill come from the database file, so only a short expression without
/// subqueries, calling only [`PROBE_FUNCTIONS`], and a literal fill are run, with values of at most
/// [`PROBE_VALUE_BYTES`]: each call then costs at most about that squared (a review made
/// `instr()` of a megabyte run for seconds per call).
fn check_refuses(expression: &str, column: &str, fill: &str) -> Option<bool> {
    use rusqlite::limits::Limit;
    if expression.len() > PROBE_EXPRESSION_BYTES
        || !crate::expr::is_one_literal(&SQLiteDialect {}, fill)
    {
        return None;
    }
    let sql = format!(
        "SELECT coalesce(NOT ({expression}), 0) FROM (SELECT {fill} AS \"{}\")",
        column.replace('"', "\"\"")
    );
    crate::sqlite_memory::with_probe(|probe| {
        let before = probe
            .set_limit(Limit::SQLITE_LIMIT_LENGTH, PROBE_VALUE_BYTES)
            .ok()?;
        let verdict = probe.query_row(&sql, [], |row| row.get::<_, bool>(0)).ok();
        let _ = probe.set_limit(Limit::SQLITE_LIMIT_LENGTH, before);
        verdict
    })
    .flatten()
}

/// The functions a CHECK [`check_refuses`] runs may call: none gives a value longer than it
/// is given, so the probe's length limit never cuts a value short. (SQLite's `printf` of more
/// than the limit gave NULL, which a CHECK takes: a verdict the database would not give.)
const PROBE_FUNCTIONS: &[&str] = &[
    "abs",
    "coalesce",
    "glob",
    "ifnull",
    "iif",
    "instr",
    "json_array_length",
    "json_type",
    "json_valid",
    "length",
    "like",
    "lower",
    "ltrim",
    "max",
    "min",
    "nullif",
    "octet_length",
    "round",
    "rtrim",
    "sign",
    "substr",
    "substring",
    "trim",
    "typeof",
    "unicode",
    "upper",
];

/// The longest CHECK [`check_refuses`] runs, in bytes (Django's JSONField CHECK is about 60).
const PROBE_EXPRESSION_BYTES: usize = 1_000;
/// The longest value [`check_refuses`] lets SQLite make, in bytes.
const PROBE_VALUE_BYTES: i32 = 1_024;

/// What refuses `column` (which the migration drops) filled back with one value in every row
/// by the down migration: a UNIQUE (constraint or index) over it and columns the spec keeps,
/// which the spec's table does not keep apart, once two rows repeat values in those (a user
/// trial's `UNIQUE (customer_id, line1)`, `line1` dropped).
fn unique_with_kept(existing: &ExistingTable, spec: &Table, column: &str) -> Option<String> {
    let indexes = (existing.indexes.iter())
        .filter(|i| i.index.unique && i.index.predicate.is_none())
        .map(|i| &i.index.columns);
    let sets = existing.unique_sets.iter().chain(indexes);
    let (set, kept) = crate::spec_change::unique_over_kept(sets, column, spec)?;
    Some(format!(
        "the UNIQUE on ({}) refuses once two rows repeat values in ({})",
        crate::dialect::column_list(set),
        crate::dialect::column_list(&kept)
    ))
}

/// Adds, to the suggestion of each `DATA_LOSS` warning of a column the migration drops from a
/// table of the database (`existing`), the way to keep the values when a table the migration
/// creates (`created`) has columns of the same names and affinities as columns dropped from that
/// table (a table split in two): copy them first, `INSERT INTO x (…) SELECT … FROM y`, in a
/// migration of one's own between one that creates the table and one that drops the columns.
pub fn split_table_hints<'a>(
    created: &[&Table],
    existing: impl Fn(&str) -> Option<&'a ExistingTable>,
    report: &mut Report,
) {
    let d: &dyn Dialect = &Sqlite;
    let dropped: Vec<(String, String)> = report
        .warnings
        .iter()
        .filter(|w| {
            w.code == Code::DataLoss
                && w.message
                    .contains(crate::rows_trial::DROPPED_WITH_EVERY_VALUE)
        })
        .filter_map(|w| Some((w.table.clone()?, w.column.clone()?)))
        .collect();
    for (from, column) in &dropped {
        let Some(e) = existing(from) else {
            continue;
        };
        let Some(i) = (e.table.columns.iter()).position(|c| c.name.eq_ignore_ascii_case(column))
        else {
            continue;
        };
        let kind = affinity(&e.declared_types[i]);
        // The columns dropped from `from` that the created table has, of the same affinity.
        let same = |t: &Table, name: &str| {
            (e.table.columns.iter().zip(&e.declared_types))
                .find(|(c, _)| c.name.eq_ignore_ascii_case(name))
                .is_some_and(|(_, declared)| {
                    t.columns.iter().any(|x| {
                        x.name.eq_ignore_ascii_case(name)
                            && affinity(&d.column_type(x, false)) == affinity(declared)
                    })
                })
        };
        let Some(to) = created.iter().find(|t| {
            t.columns.iter().any(|x| {
                x.name.eq_ignore_ascii_case(column) && affinity(&d.column_type(x, false)) == kind
            })
        }) else {
            continue;
        };
        let moved: Vec<&str> = dropped
            .iter()
            .filter(|(t, c)| t == from && same(to, c))
            .map(|(_, c)| c.as_str())
            .collect();
        let list = moved.join(", ");
        let hint = format!(
            "'{}' is created with {} of the same {} and {}: to keep the values, create '{}' in one migration, copy them in a migration of your own (INSERT INTO {} ({list}) SELECT {list} FROM {from}; with the column that ties each row to its row of '{from}'), and drop the columns in a later one",
            to.name,
            if moved.len() == 1 { "a column" } else { "columns" },
            if moved.len() == 1 { "name" } else { "names" },
            if moved.len() == 1 { "type" } else { "types" },
            to.name,
            to.name,
        );
        if let Some(w) = report.warnings.iter_mut().find(|w| {
            w.code == Code::DataLoss
                && w.table.as_deref() == Some(from.as_str())
                && w.column.as_deref() == Some(column.as_str())
        }) {
            w.suggestion = Some(match w.suggestion.take() {
                Some(s) => format!("{hint}. {s}"),
                None => hint,
            });
        }
    }
}

/// How a rename hint asks for `renamedFrom`: "give", or, when the spec gives one that names no
/// `what` (column, table) of the database (a typo: the table is created, the column added,
/// empty), "its renamedFrom '…' names no column of the database: give".
fn misnamed(given: Option<&str>, what: &str) -> String {
    match given {
        Some(name) => format!(
            "its renamedFrom '{}' names no {what} of the database: give",
            crate::report::clip(name)
        ),
        None => "give".to_string(),
    }
}

/// What a column the spec leaves out, kept, adds to its `COLUMN_NOT_IN_SPEC` warning: kept NOT
/// NULL without a default, it refuses every insert that leaves it out, which the generated
/// insert type (made from the spec) does not mention.
pub(crate) fn kept_column_inserts(c: &Column) -> String {
    if !c.nullable && c.default.is_none() && !c.auto_increment {
        format!(
            ", NOT NULL without a default: every insert that leaves '{}' out fails, and the generated insert type, which follows the spec, does not have it",
            c.name
        )
    } else {
        String::new()
    }
}

/// The suggestion of the `UNSUPPORTED_FEATURE` error of a file's table `table` (`on_file`: its
/// name in the file, quoted) whose rebuild would not keep what it has (`STRICT`, `WITHOUT ROWID`,
/// …) when the one reason for the rebuild is the automatic timestamp columns its
/// `"timestamps": true` adds (SQLite's `ADD COLUMN` refuses their `datetime('now')` default). A
/// file's table that has columns of those names keeps them as they are, whatever their type and
/// default (see [`adapt_to_existing`]).
pub(crate) fn timestamps_by_hand(table: &str, on_file: &str) -> String {
    format!(
        "remove \"timestamps\": true from table '{table}', or add the created_at/updated_at columns yourself first (ALTER TABLE {on_file} ADD COLUMN created_at TEXT; and the same for updated_at), which this spec then finds in the file and keeps as they are"
    )
}

/// The suggestion of `COLUMN_NOT_IN_SPEC`, for a column that the spec leaves out and that is
/// kept (no `allowDataLoss`); `timestamp`: an automatic timestamp column, `hint`: a rename the
/// spec may mean. From previousSpec, the spec is the one place to say the column is there: a
/// migration made from this spec as its previousSpec does not know the kept column, so one
/// that lists it again (or turns timestamps back on) adds it, and fails (a user trial).
pub(crate) fn kept_column_suggestion(
    described: Described,
    timestamp: bool,
    hint: Option<String>,
    database: DatabaseType,
) -> String {
    // On SQLite, a later rebuild of the table checks that it has the columns its previousSpec
    // lists, and no other (a user trial's next migration failed there, after other tables of
    // it had changed).
    let rebuild = if database == DatabaseType::Sqlite {
        "; one that rebuilds the table fails too (table_changed_since_this_migration_was_generated), after the tables it changes first have changed"
    } else {
        ""
    };
    let add = match (described, timestamp) {
        (Described::File, false) => "add it to the spec".to_string(),
        // A table that says `"timestamps": true` keeps a file's timestamp column as it is.
        (Described::File, true) => {
            "turn timestamps back on for the table (\"timestamps\": true), or add it to the spec"
                .to_string()
        }
        (Described::PreviousSpec, false) => format!("add it back to the spec in this migration (a migration made from this spec as its previousSpec does not know the kept column: one that lists it again adds it, and fails on the column that is there{rebuild})"),
        (Described::PreviousSpec, true) => format!("turn timestamps back on in this migration (a migration made from this spec as its previousSpec does not know the kept column: one that turns them on again adds it, and fails on the column that is there{rebuild})"),
    };
    match hint {
        Some(hint) => format!("{hint}. Otherwise {add}; or set allowDataLoss: true to drop it"),
        None => format!("{add}; or set allowDataLoss: true to drop it"),
    }
}

/// The column the spec adds that may be `gone` renamed: the one added column when one column
/// goes, otherwise the one added column of `gone`'s type, if there is exactly one and `gone` is
/// the one column of its type that goes (two going for one coming: no guess, or both would be
/// told to take the one name).
pub(crate) fn rename_candidate<'a>(
    gone: &Column,
    removed: &[&Column],
    added: &[&'a Column],
) -> Option<&'a Column> {
    if removed.len() == 1 && added.len() == 1 {
        return Some(added[0]);
    }
    if removed.iter().filter(|c| c.ty == gone.ty).count() != 1 {
        return None;
    }
    let mut same_type = added.iter().filter(|c| c.ty == gone.ty);
    match (same_type.next(), same_type.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Compares `spec` (effective, adapted) with `existing` and plans the change. `existing` is
/// the table as the migration's renames leave it (`renames`, which run first): a query a
/// warning gives is for the database before the migration, and names what they rename as it
/// is named then.
#[allow(clippy::too_many_arguments)]
pub fn diff_table(
    spec: &Table,
    existing: &ExistingTable,
    schema: &ExistingSchema,
    renames: Option<&crate::sqlite_renames::Renames>,
    all_spec: &SpecTables,
    allow_data_loss: bool,
    described: Described,
    report: &mut Report,
) -> TableDiff {
    let d: &dyn Dialect = &Sqlite;
    let db = &existing.table;
    let at = |i: Issue| i.table(&spec.name);
    let mut steps: Vec<AlterStep> = Vec::new();

    // Columns.
    let ColumnChanges {
        added,
        mut rebuild,
        casts,
        to_real,
    } = compare_columns(spec, existing, renames, allow_data_loss, described, report);
    let mut removed: Vec<&Column> = Vec::new();
    for c in &db.columns {
        if spec.column(&c.name).is_none()
            && !spec
                .columns
                .iter()
                .any(|s| s.name.eq_ignore_ascii_case(&c.name))
        {
            removed.push(c);
        }
    }

    // Keys and constraints.
    // In order: a composite key's order is its index's (and a WITHOUT ROWID table's storage)
    // order, which a new database made from the spec would have.
    let same_key = spec.primary_key.len() == db.primary_key.len()
        && spec
            .primary_key
            .iter()
            .zip(&db.primary_key)
            .all(|(a, b)| a.eq_ignore_ascii_case(b));
    if !same_key {
        // A column of the old key the spec leaves out is kept without allowDataLoss, and would
        // keep its PRIMARY KEY clause beside the new key.
        if let Some(k) = db.primary_key.iter().find(|k| {
            !allow_data_loss && !spec.columns.iter().any(|c| c.name.eq_ignore_ascii_case(k))
        }) {
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("the primary key moves off '{k}', which the spec leaves out: without allowDataLoss the column is kept, and a kept column keeps what {} declares it with (its PRIMARY KEY too)", described.name()),
                ))
                .column(k)
                .suggest(format!("list '{k}' in the spec (outside the key) to keep its values, or set allowDataLoss: true to drop it")),
            );
            return TableDiff {
                operation: Operation::Alter,
                steps: Vec::new(),
                casts: Vec::new(),
                to_real,
            };
        }
        rebuild.push("the primary key changes".into());
        // The down migration's rebuild copies the rows written since into the old key; not
        // said when the spec keeps the rows apart there (a UNIQUE on the old key's columns).
        if !db.primary_key.is_empty() && !crate::spec_change::keeps_apart(spec, &db.primary_key) {
            report.push(
                at(Issue::warning(
                    Code::DownDataLoss,
                    format!(
                        "the down migration makes ({}) the primary key of '{}' again: rows written since that share values there make its rebuild fail (rolled back, the table left as the up migration made it)",
                        crate::dialect::column_list(&db.primary_key),
                        spec.name
                    ),
                ))
                .suggest("before running the down migration, remove or mend the rows whose values repeat there"),
            );
        }
    }
    // What the down migration puts back that rows written since may break, said as on
    // PostgreSQL and MySQL, from previousSpec and from a file alike (a file's UNIQUE, unique
    // index or foreign key that the spec leaves out is dropped, and said as such too, and the
    // down migration's rebuild puts it back: a user trial's down failed on a UNIQUE, unsaid).
    {
        let left_out = |t: &str| !all_spec.names.contains(&t.to_ascii_lowercase());
        // Its indexes are kept beside the table's model.
        let with_indexes = Table {
            indexes: existing.indexes.iter().map(|i| i.index.clone()).collect(),
            ..db.clone()
        };
        // The database's names are the spec's once renamed (renames go first).
        let around = crate::spec_change::Around {
            left_out: &left_out,
            now: &|t, columns| (t.to_string(), columns.to_vec()),
            // SQLite's foreign keys have no names in the database.
            renamed_from: None,
        };
        for issue in crate::spec_change::put_back(d, &with_indexes, spec, &[], &around) {
            report.push(issue);
        }
    }
    // Columns the database keeps though the spec leaves them out (dropped only with
    // allowDataLoss): their foreign keys and CHECKs stay, and are no change.
    let kept_columns: HashSet<String> = if allow_data_loss {
        HashSet::new()
    } else {
        removed
            .iter()
            .map(|c| c.name.to_ascii_lowercase())
            .collect()
    };
    let (kept_fks, kept_checks) = kept_constraints(existing, &kept_columns);
    let spec_checks: Vec<String> = {
        let mut v: Vec<String> = spec
            .check_constraints
            .iter()
            .map(|c| normalize_expr(&c.expression))
            .collect();
        v.sort();
        v
    };
    let db_checks: Vec<String> = {
        let mut v: Vec<String> = db
            .check_constraints
            .iter()
            .filter(|c| !kept_checks.iter().any(|k| std::ptr::eq(*k, *c)))
            .map(|c| normalize_expr(&c.expression))
            .collect();
        v.sort();
        v
    };
    if spec_checks != db_checks {
        rebuild.push("the CHECK constraints change".into());
    }
    let added_names: HashSet<String> = added.iter().map(|c| c.name.to_ascii_lowercase()).collect();
    let db_fks: HashSet<FkKey> = db.foreign_keys.iter().map(fk_key).collect();
    let spec_fks: HashSet<FkKey> = spec.foreign_keys.iter().map(fk_key).collect();
    let mut inline_fk_columns: HashSet<String> = HashSet::new();
    for fk in &spec.foreign_keys {
        if db_fks.contains(&fk_key(fk)) {
            continue;
        }
        let col = &fk.columns[0];
        let on_new_column = fk.columns.len() == 1
            && added_names.contains(&col.to_ascii_lowercase())
            && spec
                .column(col)
                .is_some_and(|c| matches!(c.default, None | Some(DefaultValue::Null)))
            && spec
                .foreign_keys
                .iter()
                .filter(|f| f.columns.len() == 1 && f.columns[0] == *col)
                .count()
                == 1;
        if on_new_column {
            inline_fk_columns.insert(col.clone());
        } else {
            rebuild.push(format!(
                "a foreign key on ({}) is added",
                fk.columns.join(", ")
            ));
        }
    }
    if db
        .foreign_keys
        .iter()
        .any(|fk| !spec_fks.contains(&fk_key(fk)) && !kept_fks.iter().any(|k| std::ptr::eq(*k, fk)))
    {
        rebuild.push("a foreign key is removed or changed".into());
    }
    if described == Described::File {
        // previousSpec's foreign keys and CHECKs the spec leaves out are the change it asks for.
        constraints_not_in_spec(spec, existing, &removed, (&kept_fks, &kept_checks), report);
    }

    // Unique sets: satisfied by a UNIQUE in CREATE TABLE, or by a unique index of the right name.
    let db_unique_sets: Vec<Vec<String>> = existing.unique_sets.iter().map(|s| sorted(s)).collect();
    let unique_index = |name: &str, cols: &[String]| {
        existing.indexes.iter().any(|i| {
            i.index.name == name
                && i.index.unique
                && i.index.predicate.is_none()
                && sorted(&i.index.columns) == sorted(cols)
        })
    };
    let mut wanted_unique: Vec<(String, Vec<String>)> = Vec::new();
    for c in spec.columns.iter().filter(|c| c.unique) {
        wanted_unique.push((unique_index_name(&spec.name, &c.name), vec![c.name.clone()]));
    }
    for u in &spec.unique_constraints {
        wanted_unique.push((u.name.clone(), u.columns.clone()));
    }
    let mut implementing: HashSet<String> = HashSet::new();
    let mut add_unique: Vec<(String, Vec<String>)> = Vec::new();
    // SQLite keeps one index for a UNIQUE that repeats the primary key: the key is the constraint.
    let pk_set = sorted(&spec.primary_key);
    for (name, cols) in &wanted_unique {
        if db_unique_sets.contains(&sorted(cols)) || sorted(cols) == pk_set {
            continue;
        }
        if unique_index(name, cols) {
            implementing.insert(name.clone());
            continue;
        }
        add_unique.push((name.clone(), cols.clone()));
    }
    let wanted_sets: Vec<Vec<String>> = wanted_unique.iter().map(|(_, c)| sorted(c)).collect();
    // A database previousSpec made is what a CREATE of that spec gives, a UNIQUE the table's own
    // (the next migration from this spec expects it so): added by a rebuild, not as an index.
    if described == Described::PreviousSpec && !add_unique.is_empty() {
        rebuild.push("a UNIQUE constraint is added".into());
    }

    // Columns that go: kept (warned) unless allowDataLoss.
    let mut dropped: Vec<&Column> = Vec::new();
    for c in &removed {
        // A column that goes while another comes may be a rename, which the spec says with
        // renamedFrom: say what the migration does instead (`effect`), and how to rename.
        // One column the spec says is renamed from a name the database lacks (a typo) is the
        // one, when one goes.
        let mistyped: Vec<&Column> = added
            .iter()
            .copied()
            .filter(|a| spec.renamed_columns.iter().any(|(_, new)| *new == a.name))
            .collect();
        let candidate = match mistyped[..] {
            [one] if removed.len() == 1 => Some(one),
            _ => rename_candidate(c, &removed, &added),
        };
        let rename_hint = |effect: &str| {
            candidate.map(|new| {
                format!(
                    "if '{new}' is '{old}' renamed, {give} the column '{new}' \"renamedFrom\": {old_json} (the migration then renames it, with its values); as it is, this migration {effect} and adds '{new}' empty",
                    new = new.name,
                    old = c.name,
                    give = misnamed(spec.renamed_columns.iter().find(|(_, n)| *n == new.name).map(|(o, _)| o.as_str()), "column"),
                    // The database's name may be anything (a keyword, spaces, quotes).
                    old_json = serde_json::Value::from(c.name.as_str()),
                )
            })
        };
        if !allow_data_loss {
            // previousSpec's automatic timestamps are plain columns of the database read from
            // it: known by their names.
            let timestamp = matches!(c.name.as_str(), "created_at" | "updated_at");
            let suggestion = kept_column_suggestion(
                described,
                timestamp,
                rename_hint(&format!("keeps '{}'", c.name)),
                DatabaseType::Sqlite,
            );
            let inserts = kept_column_inserts(c);
            report.push(
                at(Issue::warning(
                    Code::ColumnNotInSpec,
                    format!(
                        "the column '{}' is in {} but not in the spec; it is kept{inserts}",
                        c.name,
                        described.name()
                    ),
                ))
                .column(&c.name)
                .suggest(suggestion),
            );
            continue;
        }
        let referenced_by: Vec<&str> = all_spec
            .referencing(schema, &spec.name)
            .filter(|t| {
                t.table.foreign_keys.iter().any(|fk| {
                    fk.referenced_table.eq_ignore_ascii_case(&spec.name)
                        && fk
                            .referenced_columns
                            .iter()
                            .any(|r| r.eq_ignore_ascii_case(&c.name))
                })
            })
            .filter(|t| !all_spec.lets_go(&t.table.name, &spec.name, &c.name))
            .map(|t| t.table.name.as_str())
            .collect();
        if !referenced_by.is_empty() {
            report.push(
                at(Issue::error(
                    Code::DependentObjects,
                    format!(
                        "the column '{}' cannot be dropped: foreign keys of {} reference it",
                        c.name,
                        referenced_by.join(", ")
                    ),
                ))
                .column(&c.name)
                .suggest("drop or change those foreign keys first, or keep the column in the spec"),
            );
            continue;
        }
        report.push(
            at(Issue::warning(
                Code::DataLoss,
                format!(
                    "the column '{}' {} (allowDataLoss)",
                    c.name,
                    crate::rows_trial::DROPPED_WITH_EVERY_VALUE
                ),
            ))
            .column(&c.name)
            .suggest(match rename_hint(&format!("drops '{}' with its values", c.name)) {
                Some(hint) => format!(
                    "{hint}. Otherwise back up the data first; the down migration restores the column but not its values"
                ),
                None => "back up the data first; the down migration restores the column but not its values".to_string(),
            }),
        );
        // A rowid key comes back from the rowids the table keeps for its rows, or numbered
        // anew when the table has a rowid column of its own (`rebuild_back`).
        if is_existing_rowid(existing, &c.name) {
            let message = if rowid_column(spec).is_none() {
                format!("the down migration gives '{}' back from the rowids the table keeps for its rows (its rebuilds copy them), unless a VACUUM renumbered them since (SQLite may, in a table without an INTEGER PRIMARY KEY): a foreign key to it that the down migration adds back would then match other rows", c.name)
            } else {
                format!("the down migration adds '{}' back numbered anew (the table's new INTEGER PRIMARY KEY took the rowids): a foreign key to it that the down migration adds back matches each row to whichever row got its old number", c.name)
            };
            report.push(
                at(Issue::warning(Code::DownDataLoss, message))
                    .column(&c.name)
                    .suggest(format!("keep '{}' (listed outside the key) while other tables' rows refer to its values", c.name)),
            );
            dropped.push(c);
            continue;
        }
        // The down rebuild fills the column back with one value for every row: a UNIQUE on
        // it alone refuses that once there are two rows, unless the value is NULL (or an
        // expression that may give each row its own).
        let fill = filler(c, d, existing);
        let refusing = if fill == "NULL" {
            None
        } else if unique_alone(existing, &c.name) && one_fill(c, d, existing).is_some() {
            Some("its UNIQUE refuses once the table has two rows".to_string())
        } else if let Some(refusing) = one_fill(c, d, existing)
            .and_then(|_| unique_expression_index_refusing(existing, &c.name))
        {
            Some(refusing)
        } else {
            refusing_filler(existing, &c.name, &fill).or_else(|| {
                one_fill(c, d, existing).and_then(|_| unique_with_kept(existing, spec, &c.name))
            })
        };
        if let Some(refusing) = refusing {
            report.push(
                at(Issue::warning(
                    Code::DownDataLoss,
                    format!(
                        "the down migration brings '{}' back as {fill} in every row, which {refusing}: the down migration then fails (and rolls that table back)",
                        c.name
                    ),
                ))
                .column(&c.name)
                .suggest("back up the table before running the up migration, and restore the column's values from it before running the down one"),
            );
        }
        dropped.push(c);
    }
    let dropped_names: HashSet<String> = dropped
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .collect();
    // A UNIQUE over several dropped columns, each filled back with one value for every row.
    let unique_indexes = existing
        .indexes
        .iter()
        .filter(|i| i.index.unique && i.index.predicate.is_none())
        .map(|i| sorted(&i.index.columns));
    let mut together: Vec<Vec<String>> = db_unique_sets
        .iter()
        .cloned()
        .chain(unique_indexes)
        .collect();
    together.sort();
    together.dedup();
    for set in together {
        if set.len() < 2 || !set.iter().all(|c| dropped_names.contains(c)) {
            continue;
        }
        let values: Option<Vec<(&str, String)>> = set
            .iter()
            .map(|name| {
                let c = dropped.iter().find(|c| c.name.eq_ignore_ascii_case(name))?;
                Some((c.name.as_str(), one_fill(c, d, existing)?))
            })
            .collect();
        if let Some(values) = values {
            report.push(crate::spec_change::down_refuses_together(
                &spec.name, &values,
            ));
        }
    }
    // A UNIQUE on a column the database keeps though the spec does not list it stays as it is
    // (the spec says nothing about it); the rebuild keeps it too (`target_table`).
    let kept_names: HashSet<String> = removed
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .filter(|n| !dropped_names.contains(n))
        .collect();
    if db_unique_sets
        .iter()
        .any(|s| !wanted_sets.contains(s) && !s.iter().any(|c| kept_names.contains(c)))
    {
        rebuild.push("a UNIQUE constraint is removed".into());
    }
    // A foreign key of a table the spec leaves alone must still find a key or UNIQUE on the
    // columns it references, or SQLite refuses every write to that table ("foreign key
    // mismatch"). Tables of the spec are checked by validation.
    let mut key_sets_after: Vec<Vec<String>> = wanted_sets.clone();
    key_sets_after.push(sorted(&spec.primary_key));
    key_sets_after.extend(
        db_unique_sets
            .iter()
            .filter(|s| s.iter().any(|c| kept_names.contains(c)))
            .cloned(),
    );
    key_sets_after.extend(
        spec.indexes
            .iter()
            .filter(|i| i.unique && i.predicate.is_none())
            .map(|i| sorted(&i.columns)),
    );
    let mut key_sets_before: Vec<Vec<String>> = db_unique_sets.clone();
    key_sets_before.push(sorted(&db.primary_key));
    key_sets_before.extend(
        existing
            .indexes
            .iter()
            .filter(|i| i.index.unique && i.index.predicate.is_none())
            .map(|i| sorted(&i.index.columns)),
    );
    for other in all_spec.referencing(schema, &spec.name) {
        let name = &other.table.name;
        // A table of the spec has the spec's foreign keys (validated), and, without
        // allowDataLoss, those of the columns it keeps though the spec leaves them out.
        let in_spec = all_spec.has(name);
        if in_spec && allow_data_loss {
            continue;
        }
        for fk in other.table.foreign_keys.iter().filter(|f| {
            f.referenced_table.eq_ignore_ascii_case(&spec.name)
                && (!in_spec || f.columns.iter().any(|c| !all_spec.has_column(name, c)))
        }) {
            let referenced = if fk.referenced_columns.is_empty() {
                sorted(&db.primary_key)
            } else {
                sorted(&fk.referenced_columns)
            };
            if key_sets_before.contains(&referenced) && !key_sets_after.contains(&referenced) {
                // In the key's own order (`referenced` is sorted to compare sets).
                let referenced = if fk.referenced_columns.is_empty() {
                    &db.primary_key
                } else {
                    &fk.referenced_columns
                };
                report.push(
                    at(Issue::error(
                        Code::DependentObjects,
                        format!(
                            "the foreign key of '{name}' on ({}) references ({}), which would no longer be the primary key or UNIQUE; SQLite would then refuse every write to '{name}'",
                            fk.columns.join(", "),
                            referenced.join(", ")
                        ),
                    ))
                    .suggest(if in_spec {
                        format!("keep the primary key or UNIQUE on ({}), or let the columns of that foreign key that the spec leaves out go (allowDataLoss)", referenced.join(", "))
                    } else {
                        format!("keep the primary key or UNIQUE on ({}), or add '{name}' to the spec with its foreign key changed", referenced.join(", "))
                    }),
                );
            }
        }
    }
    let lower_sql_of_checks: Vec<String> = db
        .check_constraints
        .iter()
        .map(|c| c.expression.to_ascii_lowercase())
        .collect();
    let plain_drop = |c: &Column| {
        let n = c.name.to_ascii_lowercase();
        let word = |text: &str| crate::introspect::mentions(text, &n);
        !db.in_primary_key(&c.name)
            && !existing
                .unique_sets
                .iter()
                .any(|s| s.iter().any(|x| x.eq_ignore_ascii_case(&n)))
            && !existing.indexes.iter().any(|i| {
                i.index.columns.iter().any(|x| x.eq_ignore_ascii_case(&n))
                    || word(&i.sql.to_ascii_lowercase())
            })
            && !db
                .foreign_keys
                .iter()
                .any(|f| f.columns.iter().any(|x| x.eq_ignore_ascii_case(&n)))
            && !lower_sql_of_checks.iter().any(|e| word(e))
            && !existing
                .triggers
                .iter()
                .any(|(_, sql)| word(&sql.to_ascii_lowercase()))
    };
    if dropped.iter().any(|c| !plain_drop(c)) {
        rebuild.push("a dropped column is in a key, index, constraint or trigger".into());
    }
    // A view or trigger that names a dropped column fails ("no such column") once it is gone:
    // SQLite refuses the DROP COLUMN, but a rebuild would put the trigger back as it was and
    // leave the view broken, with every write to a triggered table failing from then on.
    for c in &dropped {
        let mut users = generated_columns_naming(&existing.sql, &c.name);
        users.extend(views_and_triggers_naming(schema, &db.name, &c.name));
        // An FTS5 table over it (`content='articles'`) kept up to date without triggers
        // (`INSERT INTO articles_fts(articles_fts) VALUES('rebuild')`): its queries would fail
        // (the SQLite user trial); with triggers, those are named already.
        users.extend(
            crate::sqlite_renames::virtual_tables_reading(schema, &db.name, Some(&c.name))
                .into_iter()
                .map(|v| format!("the virtual table '{}'", crate::report::clip(&v))),
        );
        if !users.is_empty() {
            report.push(
                at(Issue::error(
                    Code::DependentObjects,
                    format!(
                        "the dropped column '{}' is named by {}, which would fail once it is gone",
                        c.name,
                        users.join(", ")
                    ),
                ))
                .column(&c.name)
                .suggest("drop or rewrite those views, triggers and virtual tables first (by hand, in an earlier migration; a generated column goes only with a rebuild of the table written by hand), or keep the column in the spec"),
            );
        }
    }

    // Added columns: within SQLite's ADD COLUMN rules, or a rebuild.
    let strict = existing.rebuild_blockers.iter().any(|b| b == "STRICT");
    // How many of the rebuild's reasons are the automatic timestamp columns the table asks for
    // (their `datetime('now')` default): all of them, and the columns added by hand are the way
    // out the error names.
    let mut stamps_rebuild = 0;
    for c in &added {
        // A STRICT table takes only INT, INTEGER, REAL, TEXT, BLOB and ANY columns.
        let ty = d.column_type(c, false);
        if strict && !["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"].contains(&ty.as_str()) {
            report.push(
                at(Issue::error(Code::UnsupportedFeature, format!("the table is STRICT, which has no column type {ty} for the new column '{}'", c.name)))
                    .column(&c.name)
                    .suggest("use REAL, INTEGER or TEXT for it (a STRICT table stores only those, BLOB and ANY)"),
            );
        }
        // A new key column is filled by the rebuild's copy: the rowid numbers its rows; any
        // other fails on rows, which a file's are tried for (previousSpec has none to try).
        let rowid = rowid_column(spec) == Some(c.name.as_str());
        if !c.nullable
            && matches!(c.default, None | Some(DefaultValue::Null))
            && (!spec.in_primary_key(&c.name) || (described == Described::PreviousSpec && !rowid))
        {
            report.push(
                at(Issue::error(Code::NotNullWithoutDefault, format!("the new column '{}' is NOT NULL without a default, so existing rows cannot get a value", c.name)))
                    .column(&c.name)
                    .suggest("give it a default, or make it nullable and fill it before making it NOT NULL in a later migration"),
            );
        } else if described == Described::PreviousSpec && !rowid {
            // No rows to try (a file's are): what rows are sure to refuse is said (the rowid
            // numbers its rows).
            if let Some(issue) = crate::spec_change::added_with_one_value(d, spec, c) {
                report.push(issue);
            }
        } else if described == Described::File {
            // This file's rows are tried; the migration file runs on other copies too.
            if let Some(issue) = crate::rows_trial::one_value_referencing(d, spec, c) {
                report.push(issue);
            }
            let from = d.identifier(&existing.table.name);
            if let Some(issue) =
                crate::rows_refuse_hints::added_null_refused(d, (&spec.name, &from), spec, c)
            {
                report.push(issue);
            }
        }
        if spec.in_primary_key(&c.name) {
            rebuild.push(format!("the new column '{}' is in the primary key", c.name));
        }
        if matches!(
            c.default,
            Some(DefaultValue::Now(_) | DefaultValue::Expression(_))
        ) {
            rebuild.push(format!(
                "the new column '{}' has a default ADD COLUMN cannot take",
                c.name
            ));
            stamps_rebuild += usize::from(c.auto_timestamp);
        }
    }
    if described == Described::PreviousSpec {
        let is_added = |name: &str| added.iter().any(|c| c.name.eq_ignore_ascii_case(name));
        for issue in crate::spec_change::added_together_with_one_value(d, spec, is_added) {
            report.push(issue);
        }
    }
    if !report.is_valid() {
        // Another table's error, or this one's, stops the change; the integers a REAL would
        // round are counted all the same (`to_real`), so that one report says every table's
        // narrowing.
        return TableDiff {
            operation: Operation::Alter,
            steps: Vec::new(),
            casts: Vec::new(),
            to_real,
        };
    }

    // Indexes: by name.
    let spec_index = |name: &str| spec.indexes.iter().find(|i| i.name == name);
    // An index of the database the spec leaves out is dropped (columns are kept, indexes not:
    // a pulled spec lists every index), which may take a UNIQUE rule with it: said, not silent.
    // (previousSpec's indexes the spec leaves out are the change it asks for.)
    for ix in existing.indexes.iter().filter(|ix| {
        described == Described::File
            && !implementing.contains(&ix.index.name)
            && !ix.index.columns.iter().any(String::is_empty)
            && hidden_column(&ix.index, &db.columns).is_none()
            && spec_index(&ix.index.name).is_none()
            && !kept_index(&ix.index, &db.columns, &kept_columns)
    }) {
        // The index `unique: true` made for a column the spec lists without it now: the drop is
        // the change asked for, said as such (it read as something unintended: a user trial).
        let unique_off = match &ix.index.columns[..] {
            [c] if ix.index.unique
                && ix
                    .index
                    .name
                    .eq_ignore_ascii_case(&unique_index_name(&db.name, c)) =>
            {
                spec.columns
                    .iter()
                    .find(|s| s.name.eq_ignore_ascii_case(c) && !s.unique)
            }
            _ => None,
        };
        if let Some(c) = unique_off {
            report.push(
                at(Issue::warning(
                    Code::IndexNotInSpec,
                    format!(
                        "the UNIQUE index '{}', which \"unique\": true on '{}' made, is dropped: the spec lists '{}' without it",
                        ix.index.name, c.name, c.name
                    ),
                ))
                .column(&c.name)
                .constraint(&ix.index.name)
                .suggest(format!("set \"unique\": true on '{}' again to keep it", c.name)),
            );
            continue;
        }
        let what = if ix.index.unique {
            "UNIQUE index"
        } else {
            "index"
        };
        report.push(
            at(Issue::warning(
                Code::IndexNotInSpec,
                format!(
                    "the {what} '{}' is in the database but not in the spec; it is dropped",
                    ix.index.name
                ),
            ))
            .suggest("add it to the table's indexes in the spec to keep it"),
        );
    }
    for (ix, read) in expression_indexes_dropped(spec, existing, &dropped_names) {
        let column = read
            .iter()
            .find(|c| dropped_names.contains(*c))
            .and_then(|c| db.columns.iter().find(|k| k.name.eq_ignore_ascii_case(c)))
            .map_or_else(String::new, |c| c.name.clone());
        let what = if ix.index.unique {
            "UNIQUE expression index"
        } else {
            "expression index"
        };
        report.push(
            at(Issue::warning(
                Code::IndexNotInSpec,
                format!(
                    "the {what} '{}' reads the dropped column '{column}', so it is dropped with it; the down migration creates it again",
                    ix.index.name
                ),
            ))
            .column(&column)
            .constraint(&ix.index.name)
            .suggest(format!("keep '{column}' in the spec to keep the index (a spec has no form for an expression index; create another one by hand after this migration if you need it)")),
        );
    }
    // An index on a kept column stays, unless the spec gives its name to an index of its own:
    // then it is dropped, which is said (it was not).
    for ix in existing.indexes.iter().filter(|ix| {
        kept_index(&ix.index, &db.columns, &kept_columns)
            && spec_index(&ix.index.name).is_some_and(|s| !same_index(s, &ix.index))
    }) {
        let predicate = (ix.index.predicate.as_deref())
            .map(|p| columns_of_check(p, &db.columns))
            .unwrap_or_default();
        let column = (ix.index.columns.iter().map(|c| c.to_ascii_lowercase()))
            .chain(predicate)
            .find(|c| kept_columns.contains(c))
            .and_then(|c| db.columns.iter().find(|k| k.name.eq_ignore_ascii_case(&c)))
            .map_or_else(String::new, |c| c.name.clone());
        report.push(
            at(Issue::warning(
                Code::IndexNotInSpec,
                format!(
                    "the index '{}' on '{column}', a column {} has and the spec leaves out (it is kept), is dropped: the spec gives its name to an index of its own",
                    ix.index.name,
                    described.name()
                ),
            ))
            .column(&column)
            .constraint(&ix.index.name)
            .suggest(format!("give the spec's index another name to keep this one, or list '{column}' in the spec with it (or set allowDataLoss: true to drop the column)")),
        );
    }

    let changes_views_or_triggers = !existing.triggers.is_empty() || !existing.views.is_empty();
    // A rebuild, up or down (dropped columns come back by one), renames the table to
    // `_mg_old_{table}` for the copy: a table or index of that name (an interrupted rebuild's,
    // by hand) would make it fail.
    if !rebuild.is_empty() || !dropped.is_empty() {
        if let Some(what) = rebuild_name_taken(&existing.table.name, schema) {
            report.push(
                at(Issue::error(
                    Code::DuplicateName,
                    format!("the change needs a table rebuild, which renames the table to '_mg_old_{}' for the copy, but {} has {what} of that name", existing.table.name, described.name()),
                ))
                .suggest(match described {
                    Described::File => "look at that object (an interrupted rebuild may have left it, with rows), move what it holds, and drop or rename it first",
                    // A table of the spec's own, which needs another name.
                    Described::PreviousSpec => "rename that table (renamedFrom) in a migration before this one, or make this change by hand",
                }),
            );
            return TableDiff {
                operation: Operation::Alter,
                steps: Vec::new(),
                casts: Vec::new(),
                to_real,
            };
        }
    }
    if !rebuild.is_empty() {
        // AUTOINCREMENT is kept when the rowid column stays the rowid (`rebuild_step`). The
        // blocker comes from the word anywhere in the text (a column `autoincrement_step`, a
        // comment, a string): SQLite decides whether the table has it.
        let changed = columns_the_rebuild_changes(spec, existing, &dropped_names);
        // Recreated from its stored text, or dropped with a column it reads (and created again
        // by the down migration).
        let gone = expression_indexes_dropped(spec, existing, &dropped_names);
        let recreated: HashSet<String> = existing
            .indexes
            .iter()
            .filter(|e| {
                e.index.columns.iter().any(String::is_empty)
                    && (!names_any(&e.sql, &changed)
                        || gone.iter().any(|(g, _)| g.index.name == e.index.name))
            })
            .map(|e| crate::introspect::expression_index_blocker(&e.index.name))
            .collect();
        let blockers: Vec<&str> = existing
            .rebuild_blockers
            .iter()
            .map(String::as_str)
            .filter(|b| {
                *b != "AUTOINCREMENT"
                    || (described == Described::File
                        && !keeps_rowid(spec, existing, &dropped_names)
                        && declares_autoincrement(&existing.sql))
            })
            // An expression index comes back from its stored text over the same values.
            .filter(|b| !recreated.contains(*b))
            .collect();
        if !blockers.is_empty() {
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!(
                        "the change needs a table rebuild ({}), which would not keep {}{}",
                        rebuild[0],
                        blockers.join(", "),
                        if blockers.iter().any(|b| b.starts_with(crate::introspect::EXPRESSION_INDEX)) {
                            " (a rebuild recreates an expression index only when the values of every column its text names are copied as they are: none dropped, retyped or made NOT NULL)"
                        } else {
                            ""
                        }
                    ),
                ))
                .suggest(if stamps_rebuild == rebuild.len() && described == Described::File {
                    timestamps_by_hand(&spec.name, &d.identifier(&existing.table.name))
                } else {
                    "write this migration by hand".to_string()
                }),
            );
            return TableDiff {
                operation: Operation::Alter,
                steps: Vec::new(),
                casts: Vec::new(),
                to_real,
            };
        }
        if let Some(bad) = db.columns.iter().find(|c| {
            (!is_snake_identifier(&c.name) || d.is_reserved(&c.name))
                && !spec
                    .columns
                    .iter()
                    .any(|s| s.name.eq_ignore_ascii_case(&c.name))
                && !dropped_names.contains(&c.name.to_ascii_lowercase())
        }) {
            report.push(
                at(Issue::error(Code::UnsupportedFeature, format!("the change needs a table rebuild, and the kept column '{}' has a name the generator does not write (not snake_case, or a word SQLite reserves)", bad.name)))
                    .column(&bad.name)
                    .suggest("add the column to the spec under a snake_case name in a separate migration, or set allowDataLoss to drop it"),
            );
            return TableDiff {
                operation: Operation::Alter,
                steps: Vec::new(),
                casts: Vec::new(),
                to_real,
            };
        }
        steps.push(rebuild_step(
            spec,
            existing,
            &dropped_names,
            &casts,
            (all_spec, schema),
            described,
            report,
        ));
    } else {
        if !dropped.is_empty() {
            // Dropped before anything is added, so that undoing them (a rebuild back to the
            // stored table) runs after the added columns are gone again.
            let mut back = rebuild_back(spec, existing, &dropped_names, schema, all_spec);
            // The table as the drops leave it, checked when the down migration rebuilds it back.
            back.expected = Some(Expected::catalog(existing, &dropped_names, !back.fk_off));
            let up = dropped
                .iter()
                .map(|c| {
                    // A dropped column is one of the database's, named anyhow.
                    format!(
                        "ALTER TABLE {} DROP COLUMN {};",
                        spec.name,
                        d.identifier(&c.name)
                    )
                })
                .collect();
            steps.push(AlterStep::new(up, rebuild_sql(&back)));
        }
        for c in &added {
            let mut col = (*c).clone();
            col.unique = false;
            let mut host = spec.clone();
            if !inline_fk_columns.contains(&c.name) {
                host.foreign_keys
                    .retain(|f| !(f.columns.len() == 1 && f.columns[0] == c.name));
            }
            let def = d.column_definition(&host, &col);
            steps.push(AlterStep::new(
                vec![format!("ALTER TABLE {} ADD COLUMN {def};", spec.name)],
                vec![format!("ALTER TABLE {} DROP COLUMN {};", spec.name, c.name)],
            ));
            report.push(crate::down::drops_column(&spec.name, &c.name));
        }
        // UNIQUE indexes go last, behind one guard (`guard_unique_indexes`).
        let mut unique: Vec<Index> = add_unique
            .iter()
            .map(|(name, cols)| Index {
                name: name.clone(),
                columns: cols.clone(),
                unique: true,
                method: None,
                predicate: None,
            })
            .collect();
        for ix in &existing.indexes {
            if implementing.contains(&ix.index.name) {
                continue;
            }
            // An expression index the spec cannot describe stays unless the spec reuses its
            // name; so does one on a generated or hidden column, and one on a column kept
            // though the spec leaves it out.
            if (ix.index.columns.iter().any(String::is_empty)
                || hidden_column(&ix.index, &db.columns).is_some()
                || kept_index(&ix.index, &db.columns, &kept_columns))
                && spec_index(&ix.index.name).is_none()
            {
                continue;
            }
            match spec_index(&ix.index.name) {
                Some(s) if same_index(s, &ix.index) => {}
                _ => steps.push(AlterStep::new(
                    vec![d.drop_index(&spec.name, &ix.index.name)],
                    vec![crate::introspect::as_statement(&ix.sql)],
                )),
            }
        }
        for ix in &spec.indexes {
            let exists_same = existing
                .indexes
                .iter()
                .any(|e| e.index.name == ix.name && same_index(ix, &e.index));
            if exists_same {
                continue;
            }
            if ix.unique {
                unique.push(ix.clone());
            } else {
                steps.push(AlterStep::new(
                    vec![d.create_index_text(spec, ix, described.index_if_not_exists())],
                    vec![d.drop_index(&spec.name, &ix.name)],
                ));
            }
        }
        guard_unique_indexes(spec, unique, described, &mut steps);
    }
    if !steps.is_empty() && changes_views_or_triggers {
        let mut what = Vec::new();
        if !existing.triggers.is_empty() {
            what.push(format!(
                "triggers {}",
                existing
                    .triggers
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !existing.views.is_empty() {
            what.push(format!("views {}", existing.views.join(", ")));
        }
        report.push(
            at(Issue::warning(
                Code::DependentObjects,
                format!("the change touches a table used by {}", what.join(" and ")),
            ))
            .suggest("check that they still work with the new columns after the migration"),
        );
    }
    TableDiff {
        operation: if steps.is_empty() {
            Operation::Skip
        } else {
            Operation::Alter
        },
        steps,
        casts,
        to_real,
    }
}

/// One table's place in a migration that changes an existing database: created (an index into
/// the created tables) or changed (an index into the changed ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The created table of this index.
    Create(usize),
    /// The changed table of this index.
    Alter(usize),
}

/// The order to create `created` (already in creation order) and change `changed` (spec tables
/// with their existing tables) in, so that the down migration, the same changes undone in
/// reverse, works too. A table whose new foreign key (one the database does not have with the
/// same columns and key) references another table goes after it:
/// after its creation, or after its change (which may add the key referenced: a table created
/// before that change would reference a non-key, and every write to it fail, if the change
/// were then refused). A changed table whose change removes a foreign key to another changed
/// table goes before it (whose change may remove the key referenced, which the down migration
/// must put back before the foreign key). Otherwise, and within a cycle, the created tables
/// first in their order, then the changed ones in the spec's.
/// Index names that move between tables ([`index_name_clashes`]) order their tables too: the
/// one that frees a name before the one that takes it; a move that the foreign keys' order
/// cannot honour (a cycle) comes back with the order, to be refused.
pub fn migration_order(
    created: &[&Table],
    changed: &[(&Table, &ExistingTable)],
    moved: &[MovedIndexName],
) -> (Vec<Slot>, Vec<MovedIndexName>) {
    let n = created.len();
    let names = created
        .iter()
        .map(|t| &t.name)
        .chain(changed.iter().map(|(t, _)| &t.name));
    let index: HashMap<String, usize> = names
        .enumerate()
        .map(|(i, name)| (name.to_ascii_lowercase(), i))
        .collect();
    let find = |name: &str| index.get(&name.to_ascii_lowercase()).copied();
    // Stand-in tables whose foreign keys reference the tables that must go before them.
    let mut stand_ins: Vec<Table> = created
        .iter()
        .copied()
        .chain(changed.iter().map(|(t, _)| *t))
        .map(|t| Table {
            name: t.name.clone(),
            ..Default::default()
        })
        .collect();
    let before = |stand_ins: &mut Vec<Table>, first: usize, then: usize| {
        let referenced_table = stand_ins[first].name.clone();
        stand_ins[then].foreign_keys.push(ForeignKey {
            columns: Vec::new(),
            referenced_table,
            referenced_columns: Vec::new(),
            on_delete: None,
            on_update: None,
            name: None,
        });
    };
    // A foreign key the database already has (same columns and key) needs nothing first.
    let references = |fk: &ForeignKey| {
        let (columns, table, key, _, _) = fk_key(fk);
        (columns, table, key)
    };
    let new_foreign_keys = created.iter().map(|t| (*t, HashSet::new())).chain(
        changed
            .iter()
            .map(|(t, e)| (*t, e.table.foreign_keys.iter().map(references).collect())),
    );
    for (i, (t, existing)) in new_foreign_keys.enumerate() {
        for fk in t
            .foreign_keys
            .iter()
            .filter(|fk| !existing.contains(&references(fk)))
        {
            if let Some(p) = find(&fk.referenced_table).filter(|&p| p != i) {
                before(&mut stand_ins, p, i);
            }
        }
    }
    for (j, (t, e)) in changed.iter().enumerate() {
        let i = n + j;
        for fk in &e.table.foreign_keys {
            let kept = t.foreign_keys.iter().any(|f| {
                f.referenced_table
                    .eq_ignore_ascii_case(&fk.referenced_table)
            });
            if let Some(p) = find(&fk.referenced_table).filter(|&p| p >= n && p != i && !kept) {
                before(&mut stand_ins, i, p);
            }
        }
    }
    // Each move's two tables among those ordered; `None` when one is not (not honoured).
    let moves: Vec<Option<(usize, usize)>> = moved
        .iter()
        .map(|m| find(&m.from).zip(find(&m.to)))
        .collect();
    for &(from, to) in moves.iter().flatten() {
        before(&mut stand_ins, from, to);
    }
    let order = crate::plan::creation_order(&stand_ins.iter().collect::<Vec<_>>()).order;
    let place = |i: usize| order.iter().position(|&o| o == i);
    let not_honoured = moved
        .iter()
        .zip(&moves)
        .filter(|(_, m)| !m.is_some_and(|(from, to)| place(from) < place(to)))
        .map(|(m, _)| m.clone())
        .collect();
    let slots = order
        .into_iter()
        .map(|i| {
            if i < n {
                Slot::Create(i)
            } else {
                Slot::Alter(i - n)
            }
        })
        .collect();
    (slots, not_honoured)
}

/// The spec's tables, with what the comparison asks of all of them at once by name (ASCII case
/// ignored, as SQLite does): asked once per table, a scan each time made it quadratic.
pub struct SpecTables {
    /// Lowercased names of the spec's tables.
    names: HashSet<String>,
    /// Lowercased names of the tables the spec's foreign keys reference.
    referenced: HashSet<String>,
    /// Lowercased names of each spec table's columns, by lowercased table name.
    columns: HashMap<String, HashSet<String>>,
    /// Lowercased names of the database's tables that the migration drops before its other
    /// changes (`dropTablesNotInSpec`): gone by the time a table is rebuilt, so neither their
    /// foreign keys nor their rows hold a change back.
    dropped_first: HashSet<String>,
    /// The (table, column) each spec table not marked existing references, lowercased, by its
    /// lowercased name: what its change leaves of its foreign keys.
    references: HashMap<String, HashSet<(String, String)>>,
}

impl SpecTables {
    /// The index of `tables`.
    pub fn of(tables: &[Table]) -> SpecTables {
        SpecTables {
            names: tables.iter().map(|t| t.name.to_ascii_lowercase()).collect(),
            referenced: tables
                .iter()
                .flat_map(|t| &t.foreign_keys)
                .map(|f| f.referenced_table.to_ascii_lowercase())
                .collect(),
            columns: tables
                .iter()
                .map(|t| {
                    let names = t.columns.iter().map(|c| c.name.to_ascii_lowercase());
                    (t.name.to_ascii_lowercase(), names.collect())
                })
                .collect(),
            dropped_first: HashSet::new(),
            references: tables
                .iter()
                .filter(|t| !t.existing)
                .map(|t| {
                    let refs = t.foreign_keys.iter().flat_map(|f| {
                        f.referenced_columns.iter().map(|c| {
                            (
                                f.referenced_table.to_ascii_lowercase(),
                                c.to_ascii_lowercase(),
                            )
                        })
                    });
                    (t.name.to_ascii_lowercase(), refs.collect())
                })
                .collect(),
        }
    }

    /// Whether the change of the spec's table `table` (not marked existing) leaves it no
    /// foreign key to `parent`'s `column`: its own change drops the database's, first
    /// (`migration_order` puts a table that loses a foreign key before the table it referenced).
    pub fn lets_go(&self, table: &str, parent: &str, column: &str) -> bool {
        self.references
            .get(&table.to_ascii_lowercase())
            .is_some_and(|r| {
                !r.contains(&(parent.to_ascii_lowercase(), column.to_ascii_lowercase()))
            })
    }

    /// Whether the spec's table `table` has a column `column`.
    pub fn has_column(&self, table: &str, column: &str) -> bool {
        self.columns
            .get(&table.to_ascii_lowercase())
            .is_some_and(|c| c.contains(&column.to_ascii_lowercase()))
    }

    /// The same, with `dropped` the tables the migration drops before its other changes.
    pub fn dropping_first<'a>(mut self, dropped: impl IntoIterator<Item = &'a str>) -> SpecTables {
        self.dropped_first = dropped.into_iter().map(str::to_ascii_lowercase).collect();
        self
    }

    /// Whether the migration drops the database's table `name` before its other changes.
    pub fn is_dropped_first(&self, name: &str) -> bool {
        self.dropped_first.contains(&name.to_ascii_lowercase())
    }

    /// The tables of `schema` whose foreign keys reference `name`, except those the migration
    /// drops first.
    pub fn referencing<'a>(
        &'a self,
        schema: &'a ExistingSchema,
        name: &'a str,
    ) -> impl Iterator<Item = &'a ExistingTable> + 'a {
        schema
            .referencing(name)
            .filter(|t| !self.is_dropped_first(&t.table.name))
    }

    /// Whether the spec has a table of that name.
    pub fn has(&self, name: &str) -> bool {
        self.names.contains(&name.to_ascii_lowercase())
    }

    /// Whether a foreign key of the spec references `name`.
    pub fn is_referenced(&self, name: &str) -> bool {
        self.referenced.contains(&name.to_ascii_lowercase())
    }
}

/// The column names of `t`, lowercased and sorted, leaving out those `skip` says.
fn column_names(t: &Table, skip: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = t
        .columns
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .filter(|n| !skip(n))
        .collect();
    names.sort();
    names
}

/// Whether the spec table `t` lists an index or UNIQUE constraint named `name`.
fn names_index(t: &Table, name: &str) -> bool {
    t.indexes.iter().any(|i| i.name.eq_ignore_ascii_case(name))
        || t.unique_constraints
            .iter()
            .any(|u| u.name.eq_ignore_ascii_case(name))
}

/// For `previousSpec` on SQLite: the table the migration creates (`created`) with the columns
/// of each table of `previousSpec` that the spec leaves out, the automatic timestamps aside
/// (most likely that table renamed), by the old table's lowercased name.
pub fn look_alikes(
    created: &[&Table],
    schema: &ExistingSchema,
    spec_tables: &SpecTables,
) -> HashMap<String, String> {
    let timestamp = |n: &str| n == "created_at" || n == "updated_at";
    let of_created: Vec<(Vec<String>, &str)> = created
        .iter()
        .map(|t| {
            let automatic = |n: &str| {
                t.columns
                    .iter()
                    .any(|c| c.auto_timestamp && c.name.eq_ignore_ascii_case(n))
            };
            (column_names(t, &automatic), t.name.as_str())
        })
        .collect();
    let mut found = HashMap::new();
    for old in schema.tables() {
        if spec_tables.has(&old.table.name) {
            continue;
        }
        let columns = column_names(&old.table, &timestamp);
        if let Some((_, new)) = of_created.iter().find(|(c, _)| *c == columns) {
            found.insert(old.table.name.to_ascii_lowercase(), new.to_string());
        }
    }
    found
}

/// For `previousSpec` on SQLite, without `dropTablesNotInSpec`: `TABLE_NOT_IN_SPEC` for each
/// table of `previousSpec` that the spec leaves out, kept, as on PostgreSQL and MySQL (with
/// the table the migration creates with its columns, [`look_alikes`]).
pub fn kept_from_previous_spec(
    schema: &ExistingSchema,
    spec_tables: &SpecTables,
    look_alikes: &HashMap<String, String>,
) -> Vec<Issue> {
    schema
        .tables()
        .iter()
        .filter(|old| !spec_tables.has(&old.table.name))
        .map(|old| {
            let name = &old.table.name;
            let hint = look_alikes
                .get(&name.to_ascii_lowercase())
                .map(|new| crate::spec_change::renamed_hint(name, new, false))
                .unwrap_or_default();
            crate::spec_change::left_out_issue(name, crate::spec_change::LeftOut::Kept, &hint)
        })
        .collect()
}

/// `TABLE_NOT_IN_SPEC` for each table of the database that the spec leaves out (kept, or with
/// `dropping` — `dropTablesNotInSpec` — dropped) and that has exactly the columns of a table the
/// migration creates: most likely that table renamed, which this tool does not write. Created
/// empty beside the old one, the new table would not have the rows. Other tables left out are
/// not mentioned (a spec may describe part of a database).
pub fn renamed_table_hints(
    created: &[&Table],
    schema: &ExistingSchema,
    spec_tables: &SpecTables,
    dropping: bool,
) -> Vec<Issue> {
    // Column names, lowercased and sorted, leaving out those in `skip`.
    let timestamp = |n: &str| n == "created_at" || n == "updated_at";
    // The tables left out, by their columns other than the two timestamp names: one hash
    // lookup per created table, whatever the size of the database.
    let mut left_out: HashMap<Vec<String>, Vec<&ExistingTable>> = HashMap::new();
    for old in schema.tables() {
        if !spec_tables.has(&old.table.name) && !old.is_virtual() {
            left_out
                .entry(column_names(&old.table, &timestamp))
                .or_default()
                .push(old);
        }
    }
    let mut issues = Vec::new();
    if left_out.is_empty() {
        return issues;
    }
    for new in created {
        let Some(candidates) = left_out.get(&column_names(new, &timestamp)) else {
            if let Some(given) = &new.renamed_from {
                issues.push(misnamed_table(new, given, &left_out));
            }
            continue;
        };
        // The automatic timestamps a created table gets need not be in the old one.
        let automatic = |n: &str| {
            new.columns
                .iter()
                .any(|c| c.auto_timestamp && c.name.eq_ignore_ascii_case(n))
        };
        let wanted = column_names(new, &automatic);
        for old in candidates {
            if column_names(&old.table, &automatic) != wanted {
                continue;
            }
            let message = if dropping {
                format!(
                    "the database's table '{}' is not in the spec and is dropped with its rows (dropTablesNotInSpec); the new table '{}' has the same columns: if it is '{}' renamed, this migration creates '{}' empty and the rows are lost",
                    old.table.name, new.name, old.table.name, new.name
                )
            } else {
                format!(
                    "the database's table '{}' is not in the spec and is kept; the new table '{}' has the same columns: if it is '{}' renamed, this migration creates '{}' empty beside it, and the rows stay in '{}'",
                    old.table.name, new.name, old.table.name, new.name, old.table.name
                )
            };
            issues.push(
                Issue::warning(Code::TableNotInSpec, message)
                .table(&new.name)
                .suggest(format!(
                    "if it is, {give} the table '{new}' \"renamedFrom\": {old} (the migration then renames it, with its rows)",
                    give = misnamed(new.renamed_from.as_deref(), "table"),
                    old = serde_json::Value::from(old.table.name.as_str()),
                    new = new.name
                )),
            );
        }
    }
    issues
}

/// `TABLE_NOT_IN_SPEC` for the created table `new` whose `renamedFrom` (`given`) names no table
/// of the database (a typo: it is created empty), which has tables the spec leaves out
/// (`left_out`, by their columns) but none with `new`'s columns.
fn misnamed_table(
    new: &Table,
    given: &str,
    left_out: &HashMap<Vec<String>, Vec<&ExistingTable>>,
) -> Issue {
    let mut names: Vec<&str> = left_out
        .values()
        .flatten()
        .map(|t| t.table.name.as_str())
        .collect();
    names.sort_unstable();
    Issue::warning(
        Code::TableNotInSpec,
        format!(
            "the table '{}' has renamedFrom '{}', which names no table of the database: this migration creates '{}' empty; the database has {} the spec leaves out",
            new.name,
            crate::report::clip(given),
            new.name,
            crate::report::name_list(&names, 5)
        ),
    )
    .table(&new.name)
    .suggest("if it is one of those renamed, give its name in renamedFrom (the migration then renames it, with its rows)")
}

/// An index name the migration moves from one table to another: the table whose change drops
/// it (`from`) must go before the one that takes it (`to`), and the down migration then undoes
/// them the other way round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovedIndexName {
    /// The name.
    pub name: String,
    /// The table of the database that has it, whose change drops it (the spec lists no index
    /// or UNIQUE constraint of that name for it).
    pub from: String,
    /// The table of the spec that takes it.
    pub to: String,
    /// Whether `to` takes it as its own name (a table created under an index's name), not as
    /// an index's.
    pub as_table_name: bool,
    /// How the database that has it was described (for the message).
    pub described: Described,
}

impl MovedIndexName {
    /// `DUPLICATE_NAME` for a name that another table of the database holds while this one
    /// takes it: SQLite's `CREATE INDEX IF NOT EXISTS` would skip it without an error, and the
    /// table would silently lack it (from previousSpec, the plain `CREATE INDEX` would fail).
    pub fn clash(&self) -> Issue {
        if self.as_table_name {
            return table_name_taken(self.described, "an index", &self.to);
        }
        // A migration from previousSpec writes a plain CREATE INDEX (see
        // `Described::index_if_not_exists`).
        let outcome = if self.described.index_if_not_exists() {
            format!(
                "SQLite's CREATE INDEX IF NOT EXISTS would skip it, leaving '{}' without it",
                self.to
            )
        } else {
            "SQLite's CREATE INDEX would fail on it".to_string()
        };
        Issue::error(
            Code::DuplicateName,
            format!(
                "the index name '{}' is already used in {} by an index of '{}'; {outcome}",
                self.name,
                self.described.name(),
                self.from,
            ),
        )
        .table(&self.to)
        .constraint(&self.name)
        .suggest("choose another name, for example idx_{table}_{columns}")
    }
}

/// Whether the change of the database's table `owner` drops its index `name`, freeing the name:
/// `owner` is a table of the spec (`tables`), not marked existing, that lists no index or
/// UNIQUE constraint of that name, and the index is not an expression's (which a spec cannot
/// describe).
fn change_frees(tables: &[Table], owner: &ExistingTable, name: &str) -> bool {
    let Some(o) = tables
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(&owner.table.name))
    else {
        return false;
    };
    !o.existing
        && !names_index(o, name)
        && owner.indexes.iter().any(|i| {
            i.index.name.eq_ignore_ascii_case(name) && !i.index.columns.iter().any(String::is_empty)
        })
}

/// `DUPLICATE_NAME` for a table created under a name `described` already gives `what`.
fn table_name_taken(described: Described, what: &str, table: &str) -> Issue {
    Issue::error(
        Code::DuplicateName,
        format!(
            "{} already has {what} named '{table}'; a table of that name cannot be created beside it",
            described.name()
        ),
    )
    .table(table)
    .suggest("choose another name for the table")
}

/// The index and UNIQUE constraint names of the spec that another table of the database has
/// as an index name: `DUPLICATE_NAME` ([`MovedIndexName::clash`]), but where the other table's
/// change drops it (a table of the spec, not marked existing, that lists no index or UNIQUE
/// constraint of that name, the index not an expression's): then the name moves, and is
/// returned, to be freed first ([`migration_order`]). The names of a table the migration drops
/// first (`all_spec`) are free again.
pub fn index_name_clashes(
    tables: &[Table],
    schema: &ExistingSchema,
    all_spec: &SpecTables,
    described: Described,
    report: &mut Report,
) -> Vec<MovedIndexName> {
    let mut moved = Vec::new();
    for t in tables {
        let names = t
            .indexes
            .iter()
            .map(|i| i.name.as_str())
            .chain(t.unique_constraints.iter().map(|u| u.name.as_str()));
        for name in names {
            let owner = schema.index_owners(name).find(|o| {
                !o.table.name.eq_ignore_ascii_case(&t.name)
                    && !all_spec.is_dropped_first(&o.table.name)
            });
            let Some(owner) = owner else {
                continue;
            };
            let move_ = MovedIndexName {
                name: name.to_string(),
                from: owner.table.name.clone(),
                to: t.name.clone(),
                as_table_name: false,
                described,
            };
            if change_frees(tables, owner, name) {
                moved.push(move_);
            } else {
                report.push(move_.clash());
            }
        }
    }
    moved
}

/// `DUPLICATE_NAME` for a table of the spec that the database does not have as a table but
/// already uses the name of: one of the tables a virtual table stores its data in (which
/// `CREATE TABLE IF NOT EXISTS` would skip, and whose down migration would drop it), a view or
/// an index (tables, views and indexes share one namespace, and the CREATE would fail), except
/// an index of a table the migration drops first (`all_spec`), and an index another table's
/// change drops: then the name moves, and is returned, to be freed first ([`migration_order`]),
/// as an index name that moves is ([`index_name_clashes`]).
pub fn table_name_clashes(
    tables: &[Table],
    schema: &ExistingSchema,
    all_spec: &SpecTables,
    described: Described,
    report: &mut Report,
) -> Vec<MovedIndexName> {
    let mut moved = Vec::new();
    for t in tables.iter().filter(|t| schema.table(&t.name).is_none()) {
        let what = if schema
            .shadow_tables
            .iter()
            .any(|s| s.eq_ignore_ascii_case(&t.name))
        {
            "a table in which a virtual table stores its data"
        } else if schema.views.iter().any(|v| v.eq_ignore_ascii_case(&t.name)) {
            "a view"
        } else if let Some(owner) = schema
            .index_owners(&t.name)
            .find(|o| !all_spec.is_dropped_first(&o.table.name))
        {
            if tables.iter().any(|o| names_index(o, &t.name)) {
                // The spec names an index so too, which validation says (one mistake, one
                // error).
                continue;
            }
            if change_frees(tables, owner, &t.name) {
                moved.push(MovedIndexName {
                    name: t.name.clone(),
                    from: owner.table.name.clone(),
                    to: t.name.clone(),
                    as_table_name: true,
                    described,
                });
                continue;
            }
            "an index"
        } else {
            continue;
        };
        report.push(table_name_taken(described, what, &t.name));
    }
    moved
}

/// Whether any table (in the database or the spec) has a foreign key to `name`.
fn is_referenced(name: &str, schema: &ExistingSchema, all_spec: &SpecTables) -> bool {
    all_spec.referencing(schema, name).next().is_some() || all_spec.is_referenced(name)
}

/// The table as the rebuild creates it: the spec's column order (new columns among them), the
/// columns kept though the spec leaves them out each after the column before it in the
/// database; the spec's keys, constraints and indexes. A
/// column whose type does not change keeps the type it is declared with. An automatic timestamp
/// column a file has stays as it is; one `previousSpec` `described` is the spec's.
fn target_table(
    spec: &Table,
    existing: &ExistingTable,
    dropped: &HashSet<String>,
    described: Described,
) -> Table {
    let mut t = spec.clone();
    let mut columns = Vec::with_capacity(existing.table.columns.len() + spec.columns.len());
    let mut declared_types = Vec::with_capacity(columns.capacity());
    // In the spec's order, as a database created from it has them (new columns among them,
    // not last): a migration made from previousSpec rebuilds back to that order, and the text
    // a rebuild leaves is what its down migration's rebuild checks (a new column put last made
    // the rollback of two such migrations fail). Columns kept though the spec leaves them out
    // keep their place: each right after the column before it in the database (first when it
    // was first), so that the columns the table keeps keep their order — an application's
    // positional `INSERT INTO t VALUES (…)` or `SELECT *` read by position would otherwise put
    // values in the wrong columns (the kept column went last, a user trial).
    for s in &spec.columns {
        let at = (existing.table.columns.iter()).position(|c| c.name.eq_ignore_ascii_case(&s.name));
        let Some(i) = at else {
            declared_types.push(None);
            columns.push(s.clone());
            continue;
        };
        let (c, declared) = (&existing.table.columns[i], &existing.declared_types[i]);
        let s = if s.auto_timestamp && described == Described::File {
            c.clone()
        } else {
            s.clone()
        };
        declared_types.push(same_type(declared, c, &s).then(|| declared.clone()));
        columns.push(s);
    }
    let db_columns = &existing.table.columns;
    for (i, (c, declared)) in db_columns.iter().zip(&existing.declared_types).enumerate() {
        let in_spec = (spec.columns.iter()).any(|s| s.name.eq_ignore_ascii_case(&c.name));
        if !in_spec && !dropped.contains(&c.name.to_ascii_lowercase()) {
            // After the nearest column before it in the database that the table has.
            let at = db_columns[..i]
                .iter()
                .rev()
                .find_map(|before| {
                    (columns.iter())
                        .position(|x: &Column| x.name.eq_ignore_ascii_case(&before.name))
                })
                .map_or(0, |p| p + 1);
            declared_types.insert(at, Some(declared.clone()));
            columns.insert(at, c.clone());
        }
    }
    // The named and multi-column UNIQUEs of columns kept without being in the spec stay.
    let kept = |name: &str| {
        !spec
            .columns
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(name))
            && !dropped.contains(&name.to_ascii_lowercase())
    };
    for u in &existing.table.unique_constraints {
        if u.columns.iter().any(|c| kept(c))
            && !t
                .unique_constraints
                .iter()
                .any(|x| sorted(&x.columns) == sorted(&u.columns))
        {
            t.unique_constraints.push(u.clone());
        }
    }
    // So do their foreign keys and CHECKs.
    let kept_names: HashSet<String> = existing
        .table
        .columns
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .filter(|n| kept(n))
        .collect();
    let (kept_fks, kept_checks) = kept_constraints(existing, &kept_names);
    for ix in &existing.indexes {
        if kept_index(&ix.index, &existing.table.columns, &kept_names)
            && !ix.index.columns.iter().any(String::is_empty)
            && !t.indexes.iter().any(|i| i.name == ix.index.name)
        {
            t.indexes.push(ix.index.clone());
        }
    }
    for fk in kept_fks {
        if !t.foreign_keys.iter().any(|x| same_endpoints(x, fk)) {
            t.foreign_keys.push(fk.clone());
        }
    }
    for c in kept_checks {
        let expression = normalize_expr(&c.expression);
        if !t
            .check_constraints
            .iter()
            .any(|x| normalize_expr(&x.expression) == expression)
        {
            t.check_constraints.push(c.clone());
        }
    }
    t.columns = columns;
    t.declared_types = Some(Box::new(declared_types));
    t
}

fn rebuild_step(
    spec: &Table,
    existing: &ExistingTable,
    dropped: &HashSet<String>,
    casts: &[(String, &'static str, &'static str)],
    (all_spec, schema): (&SpecTables, &ExistingSchema),
    described: Described,
    report: &mut Report,
) -> AlterStep {
    let d: &dyn Dialect = &Sqlite;
    let target = target_table(spec, existing, dropped, described);
    let mut insert_columns = Vec::new();
    let mut select_exprs = Vec::new();
    let mut numbers_checked = Vec::new();
    for c in &target.columns {
        let Some(i) = db_column_position(existing, &c.name) else {
            continue;
        };
        let old = &existing.table.columns[i];
        let mut expr = old.name.clone();
        if let Some((_, _, ty)) = casts.iter().find(|(n, _, _)| n == &c.name) {
            expr = format!("CAST({expr} AS {ty})");
            numbers_checked.push((old.name.clone(), *ty));
        }
        if old.nullable && !c.nullable {
            if let Some(v) = d.default_value(c, false) {
                report.push(crate::rows_trial::nulls_filled(&spec.name, &c.name, &v));
                expr = format!("COALESCE({expr}, {v})");
            }
        }
        insert_columns.push(c.name.clone());
        select_exprs.push(expr);
    }
    // An index the spec leaves as it is comes back from its stored text, with what the spec
    // cannot say (`DESC`, `COLLATE NOCASE` on a column) intact.
    let mut after: Vec<String> = target
        .indexes
        .iter()
        .map(|i| {
            existing
                .indexes
                .iter()
                .find(|e| e.index.name == i.name && same_index(i, &e.index))
                .map_or_else(
                    || d.create_index_text(&target, i, described.index_if_not_exists()),
                    |e| crate::introspect::as_statement(&e.sql),
                )
        })
        .collect();
    // An expression index the spec does not replace comes back from its stored text (a
    // rebuild with one copies the values it reads as they are, see
    // `columns_the_rebuild_changes`).
    let gone = expression_indexes_dropped(spec, existing, dropped);
    let expression_indexes: Vec<&crate::introspect::ExistingIndex> =
        expression_indexes_left_out(existing, &target.indexes)
            .filter(|e| !gone.iter().any(|(g, _)| g.index.name == e.index.name))
            .collect();
    after.extend(
        expression_indexes
            .iter()
            .map(|e| crate::introspect::as_statement(&e.sql)),
    );
    after.extend(existing.triggers.iter().map(|(_, sql)| sql.clone()));
    let fk_off = is_referenced(&spec.name, schema, all_spec)
        || target
            .foreign_keys
            .iter()
            .any(|f| f.referenced_table.eq_ignore_ascii_case(&spec.name));
    let mut after_names: Vec<String> = target.indexes.iter().map(|i| i.name.clone()).collect();
    after_names.extend(expression_indexes.iter().map(|e| e.index.name.clone()));
    after_names.extend(existing.triggers.iter().map(|(n, _)| n.clone()));
    let becomes_rowid = rowid_column(&target)
        .filter(|k| !is_existing_rowid(existing, k))
        .and_then(|k| db_column_name(existing, k));
    keep_rowids(
        rowid_column(&target),
        &existing.table.columns,
        &target.columns,
        &mut insert_columns,
        &mut select_exprs,
    );
    let unique_indexes = target
        .indexes
        .iter()
        .filter(|i| i.unique)
        .cloned()
        .collect();
    // A rowid that stays the rowid keeps the AUTOINCREMENT it had (and `rebuild_sql` its
    // counter); `diff_table` refused the rebuild if the rowid changes. A rowid that stays the
    // rowid gets no AUTOINCREMENT it did not have, though the spec's autoIncrement writes one in
    // a CREATE: a rebuild changes what the spec changes. A key that becomes the rowid is the
    // spec's (AUTOINCREMENT for autoIncrement; SQLite counts from the copied keys). A database
    // `previousSpec` made has AUTOINCREMENT where that spec said autoIncrement: the new spec's
    // says where it has it now (`diff_table` rebuilt for a change of it).
    let rowid = rowid_column(&target).filter(|_| described == Described::File);
    let autoincrement_key =
        rowid.filter(|k| is_existing_rowid(existing, k) && declares_autoincrement(&existing.sql));
    // A foreign key the database defers to COMMIT stays deferred when the rebuilt table still
    // has it (the same columns to the same table's same columns; its actions may change).
    let deferred = |fk: &ForeignKey| {
        existing
            .table
            .foreign_keys
            .iter()
            .zip(&existing.deferred_foreign_keys)
            .any(|(old, deferred)| *deferred && same_endpoints(old, fk))
    };
    let edit = |what: TableLine, line: String| match what {
        TableLine::Column(c) => {
            let line = if autoincrement_key == Some(c.name.as_str()) {
                with_autoincrement(line)
            } else if rowid == Some(c.name.as_str()) && is_existing_rowid(existing, &c.name) {
                line.replacen(" PRIMARY KEY AUTOINCREMENT", " PRIMARY KEY", 1)
            } else {
                line
            };
            match d.inline_reference(&target, c) {
                Some(fk) if deferred(fk) => line + DEFERRED,
                _ => line,
            }
        }
        TableLine::ForeignKey(fk) if deferred(fk) => line + DEFERRED,
        _ => line,
    };
    let create_sql = d.create_table_edited(&target, Some(&edit));
    let mut forward = Rebuild {
        table: spec.name.clone(),
        create_sql,
        insert_columns,
        select_exprs,
        after,
        after_names,
        fk_off,
        becomes_rowid,
        unique_indexes,
        children: children_of(&spec.name, schema, all_spec),
        expected: Some(Expected::catalog(existing, &HashSet::new(), !fk_off)),
        renames_along: false,
        old_autoincrement: declares_autoincrement(&existing.sql),
        numbers_checked,
    };
    for c in target.columns.iter().filter(|c| {
        !existing
            .table
            .columns
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&c.name))
    }) {
        report.push(crate::down::drops_column(&spec.name, &c.name));
    }
    let mut back = rebuild_back(&target, existing, dropped, schema, all_spec);
    // Both ways alike, so that the down migration gives back the texts the up one started from
    // but for the double quotes of the round trip.
    let renames_along = back.renames_along
        || names_itself(
            &spec.name,
            std::iter::once(forward.create_sql.as_str()).chain(index_statements(&forward.after)),
        );
    forward.renames_along = renames_along;
    back.renames_along = renames_along;
    back.old_autoincrement = declares_autoincrement(&forward.create_sql);
    // The down migration's rebuild checks that the table is still the one this rebuild made:
    // a column added since (a later migration's) would otherwise be dropped with its values.
    back.expected = Some(Expected::rebuilt(
        &forward.create_sql,
        forward.after_names.clone(),
        !back.fk_off,
    ));
    AlterStep::new(rebuild_sql(&forward), rebuild_sql(&back))
}

/// The columns of `existing` whose stored values a rebuild into `spec` does not copy as they
/// are: dropped, retyped (a CAST, or an affinity that converts) or made NOT NULL (a default
/// fills its NULLs). An expression index (`lower(email)`) whose text names none of them is
/// recreated from that text over the same values, so its CREATE cannot fail, even a UNIQUE
/// one; otherwise it blocks the rebuild.
fn columns_the_rebuild_changes<'a>(
    spec: &Table,
    existing: &'a ExistingTable,
    dropped: &HashSet<String>,
) -> Vec<&'a str> {
    existing
        .table
        .columns
        .iter()
        .zip(&existing.declared_types)
        .filter(|(old, declared)| {
            dropped.contains(&old.name.to_ascii_lowercase())
                || spec
                    .columns
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(&old.name))
                    .is_some_and(|c| !same_type(declared, old, c) || (!c.nullable && old.nullable))
        })
        .map(|(old, _)| old.name.as_str())
        .collect()
}

/// Whether the SQL text `sql` names any of `names` (as a word or a quoted name or string, ASCII
/// case aside) — a text that does not tokenize is taken to name them all.
fn names_any(sql: &str, names: &[&str]) -> bool {
    use sqlparser::tokenizer::{Token, Tokenizer};
    if names.is_empty() {
        return false;
    }
    let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
        return true;
    };
    tokens.iter().any(|t| {
        let word = match t {
            Token::Word(w) => w.value.as_str(),
            Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => s.as_str(),
            _ => return false,
        };
        names.iter().any(|n| n.eq_ignore_ascii_case(word))
    })
}

/// The reverse rebuild: from `current` back to the table exactly as it was stored.
fn rebuild_back(
    current: &Table,
    existing: &ExistingTable,
    dropped: &HashSet<String>,
    schema: &ExistingSchema,
    all_spec: &SpecTables,
) -> Rebuild {
    let d: &dyn Dialect = &Sqlite;
    let mut insert_columns = Vec::new();
    let mut select_exprs = Vec::new();
    let restored_rowid_column = match existing.table.primary_key.as_slice() {
        [k] if is_existing_rowid(existing, k) => Some(k.as_str()),
        _ => None,
    };
    // A rowid column the up migration dropped: it takes back the rowids the table kept for it
    // (`keep_rowids`, below) when the table has no rowid column of its own; otherwise SQLite
    // numbers the rows afresh. A filler would give every row one key.
    let rowid_dropped = restored_rowid_column.filter(|k| {
        !current.columns.iter().any(|c| {
            c.name.eq_ignore_ascii_case(k) && !dropped.contains(&c.name.to_ascii_lowercase())
        })
    });
    for old in &existing.table.columns {
        let now = current
            .columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(&old.name));
        let present = now.is_some() && !dropped.contains(&old.name.to_ascii_lowercase());
        if !present && rowid_dropped == Some(old.name.as_str()) {
            continue;
        }
        // The stored table's own affinities take the values back: no CAST, which would change
        // values the column held before the up migration (CAST('N/A' AS NUMERIC) is 0). A
        // column NOT NULL again gets its default where a row holds NULL, as the up migration
        // fills a column it makes NOT NULL.
        let expr = match (present, d.default_value(old, false)) {
            (true, Some(v)) if !old.nullable && now.is_some_and(|c| c.nullable) => {
                format!("COALESCE({}, {v})", old.name)
            }
            (true, _) => old.name.clone(),
            (false, _) => filler(old, d, existing),
        };
        if present || !old.nullable {
            insert_columns.push(old.name.clone());
            select_exprs.push(expr);
        }
    }
    let mut after: Vec<String> = existing
        .indexes
        .iter()
        .map(|i| crate::introspect::as_statement(&i.sql))
        .collect();
    after.extend(existing.triggers.iter().map(|(_, sql)| sql.clone()));
    let fk_off = is_referenced(&current.name, schema, all_spec)
        || existing
            .table
            .foreign_keys
            .iter()
            .any(|f| f.referenced_table.eq_ignore_ascii_case(&current.name));
    let mut after_names: Vec<String> = existing
        .indexes
        .iter()
        .map(|i| i.index.name.clone())
        .collect();
    after_names.extend(existing.triggers.iter().map(|(n, _)| n.clone()));
    // The stored table's rowid, if the table being undone had it as an ordinary column.
    let becomes_rowid = match existing.table.primary_key.as_slice() {
        [k] if is_existing_rowid(existing, k) && rowid_column(current) != Some(k.as_str()) => {
            current
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(k))
                .map(|c| c.name.clone())
        }
        _ => None,
    };
    // A WITHOUT ROWID table has no rowid to keep (SQLite drops a column of one with ALTER
    // TABLE, and the down migration's copy read `rowid`, which it refused: a user trial).
    let without_rowid =
        crate::create_table_text::word_runs(&existing.sql, &["WITHOUT", "ROWID"], true) > 0;
    if !without_rowid && (rowid_dropped.is_none() || rowid_column(current).is_none()) {
        keep_rowids(
            restored_rowid_column,
            &current.columns,
            &existing.table.columns,
            &mut insert_columns,
            &mut select_exprs,
        );
    }
    // Unique indexes over plain columns (an expression index's columns are not known here;
    // its CREATE failing is still caught by the check that every index came back).
    let unique_indexes = existing
        .indexes
        .iter()
        .filter(|i| i.index.unique && !i.index.columns.iter().any(String::is_empty))
        .map(|i| i.index.clone())
        .collect();
    Rebuild {
        // The name the stored text creates (the spec's may differ in case): sqlite_sequence
        // matches names exactly, so the counter is carried under this one.
        table: existing.table.name.clone(),
        create_sql: crate::introspect::as_statement(&existing.sql),
        insert_columns,
        select_exprs,
        after,
        after_names,
        fk_off,
        becomes_rowid,
        unique_indexes,
        children: children_of(&existing.table.name, schema, all_spec),
        // Set by the callers, who know what the up migration made of the table.
        expected: None,
        renames_along: names_itself(
            &existing.table.name,
            std::iter::once(existing.sql.as_str())
                .chain(existing.indexes.iter().map(|i| i.sql.as_str())),
        ),
        // The table the up migration's column drops leave keeps what it declared; a caller
        // whose up migration rebuilt it sets what the rebuilt one declares.
        old_autoincrement: declares_autoincrement(&existing.sql),
        // The down migration's copy casts nothing.
        numbers_checked: Vec::new(),
    }
}

/// A name that reads a table's rowid (`rowid`, `oid` or `_rowid_`) and is not one of its
/// columns' (a column of that name hides the rowid under it), if one is left.
fn rowid_name(columns: &[Column]) -> Option<&'static str> {
    ["rowid", "oid", "_rowid_"]
        .into_iter()
        .find(|n| !columns.iter().any(|c| c.name.eq_ignore_ascii_case(n)))
}

/// Puts the rowid first in a rebuild's copy when the new table has no column that is its
/// rowid (`INTEGER PRIMARY KEY`): otherwise SQLite numbers the copied rows afresh, and what
/// refers to rows by rowid (an external-content FTS index, an application keeping rowids)
/// silently points at other rows. A rowid column the old table does not have (a table's new
/// `id`) takes the old rowids, for the same reason.
fn keep_rowids(
    new_rowid_column: Option<&str>,
    old_columns: &[Column],
    new_columns: &[Column],
    insert_columns: &mut Vec<String>,
    select_exprs: &mut Vec<String>,
) {
    let Some(from) = rowid_name(old_columns) else {
        return;
    };
    let to = match new_rowid_column {
        None => rowid_name(new_columns),
        Some(k)
            if !old_columns.iter().any(|c| c.name.eq_ignore_ascii_case(k))
                && !insert_columns.iter().any(|c| c.eq_ignore_ascii_case(k)) =>
        {
            Some(k)
        }
        Some(_) => None,
    };
    if let Some(to) = to {
        insert_columns.insert(0, to.to_string());
        select_exprs.insert(0, from.to_string());
    }
}

/// Where the existing table has the column `name` (ASCII case aside), if it has it.
fn db_column_position(existing: &ExistingTable, name: &str) -> Option<usize> {
    existing
        .table
        .columns
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(name))
}

/// The name the existing table gives the column `name` (ASCII case aside), if it has it.
fn db_column_name(existing: &ExistingTable, name: &str) -> Option<String> {
    db_column_position(existing, name).map(|i| existing.table.columns[i].name.clone())
}

/// `Step`s for a diff.
pub fn steps_of<'a>(diff: TableDiff) -> Vec<Step<'a>> {
    diff.steps.into_iter().map(Step::Alter).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A UNIQUE index over one column.
    fn index(name: &str, column: &str) -> Index {
        Index {
            name: name.into(),
            columns: vec![column.into()],
            unique: true,
            method: None,
            predicate: None,
        }
    }

    /// The guard's column names the index, quoted when the name is not plain, and SQLite's
    /// refusal says which index the values repeat for.
    #[test]
    fn duplicate_guards_name_the_index_in_sqlites_refusal() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('x', 'y'), ('x', 'z');",
        )
        .unwrap();
        for (name, column, refused) in [
            ("UQ_t_b", "b", None),
            (
                "uq t \"a\"",
                "a",
                Some("CHECK constraint failed: duplicates_for_unique_index_uq t \"a\""),
            ),
            (
                "uq_t_a",
                "a",
                Some("CHECK constraint failed: duplicates_for_unique_index_uq_t_a = 0"),
            ),
        ] {
            let (columns, counts): (Vec<String>, Vec<String>) =
                duplicate_guards("t", &[index(name, column)])
                    .into_iter()
                    .unzip();
            let sql = format!(
                "CREATE TEMP TABLE g ({}); INSERT OR ROLLBACK INTO g SELECT {}; DROP TABLE g;",
                columns.join(", "),
                counts.join(", ")
            );
            match (conn.execute_batch(&sql), refused) {
                (Ok(()), None) => {}
                (Err(e), Some(message)) => {
                    assert_eq!(e.to_string(), message);
                    let _ = conn.execute_batch("DROP TABLE IF EXISTS g;");
                }
                (got, _) => panic!("{name}: {got:?}"),
            }
        }
    }

    /// The rebuild's foreign-key guard is named after the table, quoted when the name is not
    /// plain, and SQLite's refusal says which table's rebuild left references broken.
    #[test]
    fn the_foreign_key_guard_names_the_table_in_sqlites_refusal() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        for (table, refused) in [
            (
                "players",
                "CHECK constraint failed: foreign_key_violations_after_rebuild_of_players = 0",
            ),
            (
                "team players",
                "CHECK constraint failed: foreign_key_violations_after_rebuild_of_team players",
            ),
        ] {
            let guard = foreign_key_guard(table);
            let sql = format!("CREATE TEMP TABLE g ({guard} INTEGER\n    CHECK ({guard} = 0)); INSERT OR ROLLBACK INTO g SELECT 1;");
            let e = conn.execute_batch(&sql).unwrap_err();
            assert_eq!(e.to_string(), refused);
            conn.execute_batch("DROP TABLE g;").unwrap();
        }
    }

    /// A column named in any form SQLite reads as that column (any case, quoted with `"`, `[ ]`
    /// or backquotes, or as a string SQLite may take for a name) counts; a text that does not
    /// tokenize names every column.
    #[test]
    fn names_any_finds_a_column_in_every_form_sqlite_reads_it() {
        let sql = |e: &str| format!("CREATE INDEX i ON users ({e})");
        for named in [
            "lower(email)",
            "lower(EMAIL)",
            "lower(\"Email\")",
            "lower([email])",
            "lower(`email`)",
            "lower('email')",
            "length(name) WHERE email IS NOT NULL",
            "lower(email /* a comment */)",
            "lower('unterminated)",
        ] {
            assert!(names_any(&sql(named), &["age", "email"]), "{named}");
        }
        for other in [
            "lower(name)",
            "lower(emails)",
            "lower(\"e-mail\")",
            "length(name) -- email",
        ] {
            assert!(!names_any(&sql(other), &["email"]), "{other}");
        }
        assert!(!names_any(&sql("lower(email)"), &[]));
    }

    /// With two UNIQUE indexes, SQLite's refusal names the one whose values repeat.
    #[test]
    fn the_guard_of_two_unique_indexes_names_the_one_refused() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('x', 'y'), ('w', 'y');",
        )
        .unwrap();
        let (columns, counts): (Vec<String>, Vec<String>) =
            duplicate_guards("t", &[index("uq_t_a", "a"), index("uq_t_b", "b")])
                .into_iter()
                .unzip();
        let e = conn
            .execute_batch(&format!(
                "CREATE TEMP TABLE g ({}); INSERT OR ROLLBACK INTO g SELECT {};",
                columns.join(", "),
                counts.join(", ")
            ))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "CHECK constraint failed: duplicates_for_unique_index_uq_t_b = 0"
        );
    }
}
