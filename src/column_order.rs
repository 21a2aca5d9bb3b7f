//! A table whose columns are the database's (or previousSpec's) in another order: no migration
//! reorders columns (PostgreSQL adds a column at the end, MySQL after the column the spec lists
//! before it, SQLite's `ADD COLUMN` at the end), so a user trial's pure reorder came back as
//! `NO_CHANGES` with no word of the order, and a reorder beside another change (a column added,
//! two others swapped) said nothing either. One `COLUMN_ORDER_NOT_MIGRATED` warning per such
//! table says so, but for a SQLite table the migration rebuilds: the rebuild creates it anew
//! with the spec's columns in the spec's order (and the down migration's rebuild puts them
//! back), so its order is migrated.

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

/// The `COLUMN_ORDER_NOT_MIGRATED` warnings of `tables` (the spec's) on `database`, each
/// compared with the column names `before` gives for it in the database's order (`None`: not
/// there before; a table renamed is looked up by its `renamedFrom`, and the columns it renames
/// are compared under their new names). Not of a table `rebuilt` says the migration rebuilds
/// (SQLite), which takes the spec's order.
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
            let now: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
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
            .suggest("nothing to do unless the order matters to you; to reorder, recreate the table yourself")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::reordered;

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
