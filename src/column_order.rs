//! A table whose columns are the database's (or previousSpec's) in another order: no migration
//! reorders columns (PostgreSQL and MySQL add a column at the end; SQLite's rebuild, made for
//! another change, writes the spec's order), so a user trial's pure reorder came back as
//! `NO_CHANGES` with no word of the order. One `COLUMN_ORDER_NOT_MIGRATED` warning per such
//! table says so, where nothing else changes.

use crate::report::{Code, Issue};
use crate::spec::Table;

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

/// The `COLUMN_ORDER_NOT_MIGRATED` warnings of `tables` (the spec's), each compared with the
/// column names `before` gives for it in the database's order (`None`: not there before).
pub fn warnings<'b>(tables: &[Table], before: impl Fn(&str) -> Option<Vec<&'b str>>) -> Vec<Issue> {
    (tables.iter())
        .filter(|t| !t.existing)
        .filter(|t| {
            let now: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            before(&t.name).is_some_and(|b| reordered(&b, &now))
        })
        .map(|t| {
            Issue::warning(
                Code::ColumnOrderNotMigrated,
                format!("'{}' lists its columns in another order than the database has them: column order is not migrated (a column added goes at the end); the generated TypeScript types follow the spec's order", t.name),
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
