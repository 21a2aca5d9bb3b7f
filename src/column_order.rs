//! A table whose columns are the database's (or previousSpec's) in another order: no migration
//! reorders columns (PostgreSQL adds a column at the end, MySQL after the column the spec lists
//! before it, SQLite's `ADD COLUMN` at the end), so a user trial's pure reorder came back as
//! `NO_CHANGES` with no word of the order, and a reorder beside another change (a column added,
//! two others swapped) said nothing either. One `COLUMN_ORDER_NOT_MIGRATED` warning per such
//! table says so, but for a SQLite table the migration rebuilds: the rebuild creates it anew
//! with the spec's columns in the spec's order (and the down migration's rebuild puts them
//! back), so its order is migrated.
//!
//! The automatic `created_at`/`updated_at` (timestamps on, not listed by the spec) take no part
//! in the comparison: their place is the generator's, not the spec's, and a column the spec
//! adds to such a table goes after them (`ADD COLUMN` appends on PostgreSQL and SQLite), which
//! the spec cannot say. A user trial got this warning on every run after adding a column, for
//! an order the generator made itself. The spec's own columns still count: their order is the
//! spec's to give.

use crate::report::{Code, Issue};
use crate::spec::{DatabaseType, Table};

/// Whether `now` (a spec's column names, in order) lists the columns `before` lists and the
/// two have in common in another order than `before`.
pub fn reordered(before: &[&str], now: &[&str]) -> bool {
    let shared = |a: &[&str], b: &[&str]| -> Vec<String> {
        (a.iter())
            .filter(|c| b.iter().any(|o| o.eq_ignore_ascii_case(c)))
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    shared(before, now) != shared(now, before)
}

/// The columns of `now` (a spec's column names, in order) that `before` does not have and
/// that `now` lists before one it shares with `before`, each with the first such shared column:
/// where `ADD COLUMN` at the end (PostgreSQL, SQLite) does not put them.
pub fn added_before<'n>(before: &[&str], now: &[&'n str]) -> Vec<(&'n str, &'n str)> {
    let shared = |c: &str| before.iter().any(|b| b.eq_ignore_ascii_case(c));
    (now.iter().enumerate())
        .filter(|(_, c)| !shared(c))
        .filter_map(|(i, c)| Some((*c, *now[i + 1..].iter().find(|n| shared(n))?)))
        .collect()
}

/// "'a' before 'b'" for each pair of [`added_before`], listed.
fn placed(pairs: &[(&str, &str)]) -> String {
    let each: Vec<String> = (pairs.iter())
        .map(|(c, n)| format!("'{c}' before '{n}'"))
        .collect();
    match each.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

/// The `COLUMN_ORDER_NOT_MIGRATED` warnings of `tables` (the spec's, timestamps added) on
/// `database`, each compared with the column names `before` gives for it in the database's
/// order (`None`: not there before; a table renamed is looked up by its `renamedFrom`, and the
/// columns it renames are compared under their new names). Not of a table `rebuilt` says the
/// migration rebuilds (SQLite), which takes the spec's order. The spec's automatic timestamps
/// are left out. Said too on PostgreSQL and SQLite where the spec lists a column the migration
/// adds before one the table has: `ADD COLUMN` puts it at the end, and a later run against the
/// database would find the order changed (MySQL places it `AFTER` the column before it).
pub fn warnings<'b>(
    tables: &[Table],
    database: DatabaseType,
    before: impl Fn(&str) -> Option<Vec<&'b str>>,
    rebuilt: impl Fn(&str) -> bool,
) -> Vec<Issue> {
    let added = match database {
        DatabaseType::Mysql => "a column added goes after the column the spec lists before it",
        _ => "a column added goes at the end",
    };
    let suggestion = "nothing to do unless the order matters to you; list the columns in the database's order to say no more of it; to reorder, recreate the table yourself";
    (tables.iter())
        .filter(|t| !t.existing && !rebuilt(&t.name))
        .filter_map(|t| {
            // Not the automatic timestamps: left out of `now`, they are no shared column.
            let now: Vec<&str> = (t.columns.iter())
                .filter(|c| !c.auto_timestamp)
                .map(|c| c.name.as_str())
                .collect();
            let found = before(&t.name).or_else(|| before(t.renamed_from.as_deref()?))?;
            let b: Vec<&str> = (found.into_iter())
                .map(|c| {
                    (t.renamed_columns.iter())
                        .find(|(old, _)| old.eq_ignore_ascii_case(c))
                        .map_or(c, |(_, new)| new.as_str())
                })
                .collect();
            let (message, suggestion) = if reordered(&b, &now) {
                (format!("'{}' lists its columns in another order than the database has them: column order is not migrated ({added}); the generated TypeScript types follow the spec's order", t.name), suggestion)
            } else {
                let early = added_before(&b, &now);
                if database == DatabaseType::Mysql || early.is_empty() {
                    return None;
                }
                let (columns, them) = if early.len() == 1 {
                    ("column", "it")
                } else {
                    ("columns", "them")
                };
                (format!("'{}' lists the {columns} the migration adds in another place than it puts {them} ({}): column order is not migrated ({added}); the generated TypeScript types follow the spec's order", t.name, placed(&early)),
                "nothing to do unless the order matters to you; list the added columns after the others to say no more of it; to place them, recreate the table yourself")
            };
            Some(
                Issue::warning(Code::ColumnOrderNotMigrated, message)
                    .table(&t.name)
                    .suggest(suggestion),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{added_before, reordered, warnings};
    use crate::plan::into_effective;
    use crate::spec::{Column, ColumnType, DatabaseType, Table};

    /// A table `users` of `columns` (each TEXT), timestamps on.
    fn stamped(columns: &[&str]) -> Table {
        let columns = (columns.iter())
            .map(|c| Column::new(c, ColumnType::Text, true))
            .collect();
        let t = Table {
            name: "users".into(),
            columns,
            ..Table::default()
        };
        into_effective(t, true)
    }

    /// A column after the automatic timestamps (where `ADD COLUMN` puts it) is no reorder; the
    /// spec's own columns in another order still are.
    #[test]
    fn the_automatic_timestamps_place_is_not_compared() {
        let db = ["id", "email", "created_at", "updated_at", "phone"];
        let said = |spec: &[&str]| {
            let tables = [stamped(spec)];
            warnings(
                &tables,
                DatabaseType::Sqlite,
                |_| Some(db.to_vec()),
                |_| false,
            )
            .len()
        };
        assert_eq!(said(&["id", "email", "phone"]), 0);
        assert_eq!(said(&["id", "phone", "email"]), 1);
    }

    /// Another order of the shared columns is a reorder; a column only one side has is not.
    #[test]
    fn another_order_of_the_same_columns_is_a_reorder() {
        assert!(reordered(&["id", "name", "kind"], &["id", "kind", "name"]));
        assert!(!reordered(&["id", "name"], &["id", "name"]));
        assert!(!reordered(&["id", "old", "name"], &["id", "name"]));
        assert!(!reordered(&["id", "Name"], &["id", "name", "added"]));
        assert!(reordered(&["id", "Name", "x"], &["name", "id"]));
    }

    /// A column added before one the table has is where ADD COLUMN does not put it (at the
    /// end), on PostgreSQL and SQLite; MySQL places it AFTER the column before it. After the
    /// automatic timestamps, or at the end, it is where the spec lists it.
    #[test]
    fn a_column_added_before_a_kept_one_is_said_but_on_mysql() {
        assert_eq!(
            added_before(&["id", "email"], &["id", "phone", "email", "x"]),
            [("phone", "email")]
        );
        assert!(added_before(&["id", "email"], &["id", "email", "phone"]).is_empty());
        let db = ["id", "email", "created_at", "updated_at"];
        let said = |spec: &[&str], database| {
            let tables = [stamped(spec)];
            warnings(&tables, database, |_| Some(db.to_vec()), |_| false)
        };
        for database in [DatabaseType::Postgresql, DatabaseType::Sqlite] {
            let w = said(&["id", "phone", "email"], database);
            assert_eq!(w.len(), 1);
            assert!(
                w[0].message.contains("'phone' before 'email'"),
                "{}",
                w[0].message
            );
            let suggestion = w[0].suggestion.as_deref().unwrap();
            assert!(suggestion.contains("after the others"), "{suggestion}");
            assert!(said(&["id", "email", "phone"], database).is_empty());
            // A reorder of the kept columns is said once, as such.
            let w = said(&["email", "phone", "id"], database);
            assert_eq!(w.len(), 1);
            assert!(w[0].message.contains("another order than the database"));
        }
        assert!(said(&["id", "phone", "email"], DatabaseType::Mysql).is_empty());
    }
}
