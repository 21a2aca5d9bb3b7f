//! The comparison of a spec table's columns with the database's ([`compare_columns`]): their
//! types, nullability and defaults (compared as SQLite stores them), and what a NOT NULL that
//! changes means for rows the database cannot show.

use super::column_types::{
    affinity, becomes_rowid_narrowing, length_not_enforced, narrows, number_as_stored_text,
    numbers_as_text, numbers_made_text, rowid_given_back, rowid_narrowing, same_type, text_cast,
    type_narrowing,
};
use super::rowid::{declares_autoincrement, is_existing_rowid, rowid_column};
use super::{db_column_position, Described};
use crate::dialect::{Dialect, Sqlite};
use crate::introspect::ExistingTable;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use sqlparser::dialect::SQLiteDialect;
use std::borrow::Cow;

/// Whether two columns' defaults are the same: numbers by value (`1e16` is `1e+16`), the rest by
/// how the dialect writes them (so `true` is `1` on SQLite and `CURRENT_TIMESTAMP` is
/// `datetime('now')`); an expression default that is only a value the spec has a form of
/// (`('abc')`, `(CURRENT_TIMESTAMP)`, `(-1)`, as a database may store it or a pulled spec write
/// it) as that value.
fn same_default(d: &dyn Dialect, a: &Column, b: &Column) -> bool {
    if same_written_default(d, a, b) {
        return true;
    }
    let (a, b) = (as_plain_default(d, a), as_plain_default(d, b));
    let either = matches!(a, Cow::Owned(_)) || matches!(b, Cow::Owned(_));
    either && same_written_default(d, &a, &b)
}

/// [`same_default`] for two columns of TEXT affinity, which store a number default as text:
/// `DEFAULT 123` gives new rows the text '123', as `DEFAULT '123'` does (a spec pulled from such
/// a column has the string, the only form of it a spec's text column takes), so each is the
/// other.
fn same_text_default(d: &dyn Dialect, a: &Column, b: &Column) -> bool {
    if same_default(d, a, b) {
        return true;
    }
    let as_text = |c: &Column| -> Column {
        let plain = as_plain_default(d, c).into_owned();
        match &plain.default {
            Some(DefaultValue::Number(n)) => match number_as_stored_text(n) {
                Some(text) => Column {
                    default: Some(DefaultValue::Str(text)),
                    ..plain
                },
                None => plain,
            },
            _ => plain,
        }
    };
    same_written_default(d, &as_text(a), &as_text(b))
}

fn same_written_default(d: &dyn Dialect, a: &Column, b: &Column) -> bool {
    let number = |c: &Column| match &c.default {
        Some(DefaultValue::Number(n)) => n.parse::<f64>().ok(),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => d.default_value(a, false) == d.default_value(b, false),
    }
}

/// The column with an expression default that is only a string, a number, a boolean or the
/// current time given as that value; the column itself otherwise.
fn as_plain_default<'a>(d: &dyn Dialect, c: &'a Column) -> Cow<'a, Column> {
    let Some(DefaultValue::Expression(e)) = &c.default else {
        return Cow::Borrowed(c);
    };
    let plain = match crate::expr::as_string_literal(d.parser(), e).or_else(|| {
        // SQLite's char(): what a pull writes for a control character (`pull.rs`).
        (d.database_type() == DatabaseType::Sqlite)
            .then(|| crate::pull::as_char_concatenation(e))
            .flatten()
    }) {
        Some(s) => DefaultValue::Str(s),
        None => crate::introspect::default_from_sql(e),
    };
    if matches!(plain, DefaultValue::Expression(_)) {
        return Cow::Borrowed(c);
    }
    Cow::Owned(Column {
        default: Some(plain),
        ..c.clone()
    })
}

/// An expression in a canonical spelling (keywords upper case, spacing normalised, no
/// parentheses around the whole): [`crate::expr::canonical`] with SQLite's parser.
pub(super) fn normalize_expr(text: &str) -> String {
    crate::expr::canonical(&SQLiteDialect {}, text)
}

/// What a column's NOT NULL changing means for rows the database cannot show: a rowid key that
/// leaves the key, NOT NULL without a default, or that becomes one column of a key of several,
/// is no longer numbered, so an insert that leaves it out fails; a column made NOT NULL without a default fails the rebuild on a row holding
/// NULL (said only for `previousSpec`: a file's rows are tried, `ROWS_REFUSE_CHANGE`); one made
/// nullable is made NOT NULL again by the down migration, over the rows written since.
fn nullability_warnings(
    spec: &Table,
    existing: &ExistingTable,
    old: &Column,
    new: &Column,
    described: Described,
) -> Vec<Issue> {
    let mut out = Vec::new();
    let plain = !new.nullable && new.default.is_none() && !spec.in_primary_key(&new.name);
    // A rowid that stays in a key of several columns is no rowid either: only a table whose
    // whole key is one INTEGER column numbers it (the key column is NOT NULL there, so an
    // insert that leaves it out fails, where it was numbered before).
    let composite = spec.primary_key.len() > 1
        && spec.in_primary_key(&new.name)
        && new.default.is_none()
        && is_existing_rowid(existing, &new.name);
    if composite {
        let key = spec.primary_key.join(", ");
        out.push(
            Issue::warning(
                Code::NotNullWithoutDefault,
                format!("the column '{}' is no longer SQLite's rowid, which SQLite numbers: the primary key becomes ({key}), and only a key of one INTEGER column is the rowid, so every insert that leaves '{}' out fails (NOT NULL constraint failed), where it was given the next number before", new.name, new.name),
            )
            .column(&new.name)
            .suggest(format!("give each new row its '{}' (say, the largest one plus 1); or keep primaryKey [\"{}\"], which SQLite numbers, and make ({key}) a uniqueConstraint", new.name, new.name)),
        );
    }
    if plain && is_existing_rowid(existing, &new.name) {
        out.push(
            Issue::warning(
                Code::NotNullWithoutDefault,
                format!("the column '{}' leaves the primary key, and with it SQLite's numbering (it was the rowid): every insert that leaves it out fails (the generated insert type requires it)", new.name),
            )
            .column(&new.name)
            .suggest("give each new row its value, or give the column a default"),
        );
    } else if plain && old.nullable && described == Described::File {
        // This file's rows are tried (`ROWS_REFUSE_CHANGE`); the migration file runs on other
        // copies too.
        out.push(crate::rows_trial::not_null_elsewhere(&new.name));
    } else if plain && old.nullable && described == Described::PreviousSpec {
        out.push(
            Issue::warning(
                Code::NotNullWithoutDefault,
                format!("the column '{}' becomes NOT NULL without a default: a row holding NULL there makes the table's rebuild fail (rolled back)", new.name),
            )
            .column(&new.name)
            .suggest("fill those rows first, or give the column a default: the rebuild then writes it into the rows holding NULL"),
        );
    }
    if !old.nullable && new.nullable && !is_existing_rowid(existing, &old.name) {
        let what = if old.default.is_some() {
            "writes its old default into the rows that hold NULL by then: a NULL written since is replaced"
        } else {
            "fails while a row holds NULL there (it has no default to write; the rebuild is rolled back)"
        };
        out.push(
            Issue::warning(
                Code::DownDataLoss,
                format!("the down migration makes '{}' NOT NULL again, and {what}", new.name),
            )
            .column(&new.name)
            .suggest(if old.default.is_some() {
                "before running the down migration, give those rows the value they should have, if not the default"
            } else {
                "before running the down migration, give those rows a value, or delete them"
            }),
        );
    }
    out
}

/// What [`compare_columns`] finds in the spec's columns beside the database's.
pub(super) struct ColumnChanges<'a> {
    /// The spec's columns the database lacks.
    pub(super) added: Vec<&'a Column>,
    /// The reasons for a rebuild the columns give (types, nullability, defaults, the rowid).
    pub(super) rebuild: Vec<String>,
    /// See [`TableDiff::casts`](super::TableDiff::casts).
    pub(super) casts: Vec<(String, &'static str, &'static str)>,
    /// See [`TableDiff::to_real`](super::TableDiff::to_real).
    pub(super) to_real: Vec<String>,
}

/// Compares each column of `spec` with the database's column of its name in `existing` (the
/// arguments as [`diff_table`](super::table_diff::diff_table) has them): the columns added, what
/// asks for a rebuild, the
/// casts of the narrowed columns, with the warnings and errors each change files in `report`.
pub(super) fn compare_columns<'a>(
    spec: &'a Table,
    existing: &ExistingTable,
    renames: Option<&crate::sqlite_renames::Renames>,
    allow_data_loss: bool,
    described: Described,
    report: &mut Report,
) -> ColumnChanges<'a> {
    let d: &dyn Dialect = &Sqlite;
    let db = &existing.table;
    let at = |i: Issue| i.table(&spec.name);
    let mut rebuild: Vec<String> = Vec::new();
    let mut added: Vec<&Column> = Vec::new();
    let mut casts: Vec<(String, &'static str, &'static str)> = Vec::new();
    let mut to_real: Vec<String> = Vec::new();
    for c in &spec.columns {
        let Some(i) = db_column_position(existing, &c.name) else {
            if c.auto_timestamp {
                report.push(crate::spec_change::timestamp_filled(&spec.name, &c.name));
            }
            added.push(c);
            continue;
        };
        // A file's timestamp columns are whatever made them; previousSpec's are the spec's.
        if c.auto_timestamp && described == Described::File {
            continue;
        }
        let old = &db.columns[i];
        let (from, to) = (
            affinity(&existing.declared_types[i]),
            affinity(&d.column_type(c, false)),
        );
        if !same_type(&existing.declared_types[i], old, c) {
            let key = (rowid_column(spec).is_some_and(|k| k.eq_ignore_ascii_case(&c.name))
                && !is_existing_rowid(existing, &c.name))
            .then(|| {
                // The query's names as the database has them before the renames.
                let table = (renames.and_then(|r| r.renamed_from(&spec.name))).unwrap_or(&db.name);
                let column = (renames.map(|r| r.column_on_file(&spec.name, &c.name)))
                    .filter(|n| *n != c.name)
                    .unwrap_or(&old.name);
                becomes_rowid_narrowing((table, column), &old.name, from, to)
            })
            .flatten();
            if let Some((issue, query)) = key {
                report.push(at(rowid_narrowing(issue, &query, allow_data_loss)).column(&c.name));
            } else if narrows(from, to) {
                // The rebuild's CAST cuts a fraction off (10.5 becomes 10; PostgreSQL and MySQL
                // round it: a review).
                let cut = if matches!(from, "NUMERIC" | "REAL") && to == "INTEGER" {
                    " (CAST cuts every fraction off: 10.5 becomes 10, −2.5 becomes −2)"
                } else {
                    ""
                };
                let issue = match text_cast(to) {
                    Some(said) if from == "TEXT" => {
                        format!("changing '{}' from TEXT to {to} {said}", c.name)
                    }
                    // One warning, with what [`numbers_made_text`] says of any number made text
                    // (a user trial's DECIMAL made VARCHAR was told it "can lose values that do
                    // not convert", then that it "keeps every value and refuses none").
                    None if to == "TEXT" && matches!(from, "REAL" | "NUMERIC") => {
                        numbers_as_text(old, c, from)
                    }
                    _ => format!(
                        "changing '{}' from {from} to {to} can lose values that do not convert{cut}",
                        c.name
                    ),
                };
                report.push(at(type_narrowing(issue, allow_data_loss)).column(&c.name));
            }
            // The down migration makes the rowid again of a rowid key made another type: said
            // as such, not as the column's text staying text ([`numbers_made_text`]).
            let back = (is_existing_rowid(existing, &c.name)
                && !rowid_column(spec).is_some_and(|k| k.eq_ignore_ascii_case(&c.name)))
            .then(|| rowid_given_back(&spec.name, &c.name, to))
            .flatten();
            for issue in numbers_made_text(old, c, from, to) {
                // (A narrowing's words are said above, once.)
                let said = issue.code == Code::TypeNarrowing && narrows(from, to);
                if !said && (back.is_none() || issue.code != Code::DownDataLoss) {
                    report.push(at(issue));
                }
            }
            if let Some(issue) = back {
                report.push(at(issue));
            }
            rebuild.push(format!("the type of '{}' changes", c.name));
            // Only a narrowing (allowed above with allowDataLoss) converts the values: a wider
            // column takes them as they are, and its affinity converts only what converts
            // without loss. A CAST would turn 'n/a' into 0 for NUMERIC and a BLOB's bytes into
            // TEXT, values the user never agreed to lose.
            if narrows(from, to) {
                casts.push((c.name.clone(), from, to));
            } else if to == "REAL" && matches!(from, "INTEGER" | "NUMERIC") {
                to_real.push(c.name.clone());
            }
        } else if let Some(issue) = old
            .length
            .and_then(|n| length_not_enforced(&spec.name, old, Some(n), c))
        {
            // Only a length the file declares: a table this generator made is declared TEXT.
            report.push(issue);
        }
        if old.nullable != c.nullable && !spec.in_primary_key(&c.name) {
            rebuild.push(format!("the nullability of '{}' changes", c.name));
        }
        for issue in nullability_warnings(spec, existing, old, c, described) {
            report.push(at(issue));
        }
        // An autoIncrement key must be the rowid: a `BIGINT PRIMARY KEY` (or `INT`) column is
        // not, and gives no key to a row that has none (the spec's insert type leaves it out).
        if c.auto_increment && !is_existing_rowid(existing, &c.name) {
            rebuild.push(format!(
                "'{}' becomes the auto-increment key (the rowid)",
                c.name
            ));
        } else if described == Described::PreviousSpec
            && is_existing_rowid(existing, &c.name)
            && matches!(spec.primary_key.as_slice(), [k] if k.eq_ignore_ascii_case(&c.name))
            && c.auto_increment != declares_autoincrement(&existing.sql)
        {
            rebuild.push(format!(
                "'{}' {} AUTOINCREMENT",
                c.name,
                if c.auto_increment { "gains" } else { "loses" }
            ));
        }
        let same = if from == "TEXT" && to == "TEXT" {
            same_text_default(d, old, c)
        } else {
            same_default(d, old, c)
        };
        if !same {
            rebuild.push(format!("the default of '{}' changes", c.name));
        }
    }
    ColumnChanges {
        added,
        rebuild,
        casts,
        to_real,
    }
}
