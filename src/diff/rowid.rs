//! SQLite's rowid in a table's change: which column is the rowid in the spec and in the
//! database, AUTOINCREMENT as the file declares it, the numbering a key loses on the other
//! dialects, and the rowids a rebuild keeps.

use super::rebuild_plan::target_table;
use super::Described;
use crate::dialect::{Dialect, Sqlite};
use crate::introspect::ExistingTable;
use crate::report::{Code, Issue};
use crate::spec::*;
use sqlparser::dialect::SQLiteDialect;
use std::collections::HashSet;

/// The `DOWN_DATA_LOSS` warning of the key `column` of `table` losing its numbering (a change
/// from `previousSpec`): what counted its keys goes with it — MySQL's table AUTO_INCREMENT
/// counter, PostgreSQL's sequence (dropped) — and the down migration, which numbers the key
/// again, cannot know where it was (a migration from `previousSpec` is written without the
/// database): it counts from the largest key then, so the keys of rows deleted from the end of
/// the table before the up migration, or while it was in force, are given again (checked on
/// PostgreSQL 15 and MariaDB 10.11). None on SQLite: its rebuild keeps the `sqlite_sequence`
/// counter under the table's name, and the down migration's rebuild carries it back (see
/// [`rebuild_sql`](super::rebuild::rebuild_sql)).
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

/// Whether a CREATE TABLE text declares an AUTOINCREMENT key. SQLite itself decides: it
/// creates `sqlite_sequence` with the first AUTOINCREMENT table, so the text is run on the
/// probe database inside a savepoint that is rolled back (a column that SQLite lets be named
/// `autoincrement` unquoted does not count). Without a probe database, or when SQLite refuses
/// the text there, the keyword alone decides (the keyword itself, not a quoted name that
/// spells it).
pub(super) fn declares_autoincrement(create_sql: &str) -> bool {
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
pub(super) fn with_autoincrement(line: String) -> String {
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

/// Whether a rebuild of `existing` into `spec` keeps the existing rowid column as the new
/// table's rowid, so that an AUTOINCREMENT on it can be kept too.
pub(super) fn keeps_rowid(
    spec: &Table,
    existing: &ExistingTable,
    dropped: &HashSet<String>,
) -> bool {
    rowid_column(&target_table(spec, existing, dropped, Described::File))
        .is_some_and(|k| is_existing_rowid(existing, k))
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
pub(super) fn keep_rowids(
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
