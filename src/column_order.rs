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

/// The `COLUMN_ORDER_NOT_MIGRATED` warnings of `tables` (the spec's, timestamps added) on
/// `database`, each compared with the column names `before` gives for it in the database's
/// order (`None`: not there before; a table renamed is looked up by its `renamedFrom`, and the
/// columns it renames are compared under their new names). Not of a table `rebuilt` says the
/// migration rebuilds (SQLite), which takes the spec's order. The spec's automatic timestamps
/// are left out.
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
    (tables.iter())
        .filter(|t| !t.existing && !rebuilt(&t.name))
        .filter(|t| {
            // Not the automatic timestamps: left out of `now`, they are no shared column.
            let now: Vec<&str> = (t.columns.iter())
                .filter(|c| !c.auto_timestamp)
                .map(|c| c.name.as_str())
                .collect();
            let found = before(&t.name).or_else(|| before(t.renamed_from.as_deref()?));
            found.is_some_and(|b| {
                let b: Vec<&str> = (b.into_iter())
                    .map(|c| {
                        (t.renamed_columns.iter())
                            .find(|(old, _)| old.eq_ignore_ascii_case(c))
                            .map_or(c, |(_, new)| new.as_str())
                    })
                    .collect();
                reordered(&b, &now)
            })
        })
        .map(|t| {
            Issue::warning(
                Code::ColumnOrderNotMigrated,
                format!("'{}' lists its columns in another order than the database has them: column order is not migrated ({added}); the generated TypeScript types follow the spec's order", t.name),
            )
            .table(&t.name)
            .suggest("nothing to do unless the order matters to you; list the columns in the database's order to say no more of it; to reorder, recreate the table yourself")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{reordered, warnings};
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
}
