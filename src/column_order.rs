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
use crate::spec::{Column, DatabaseType, DefaultValue, Table};

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

/// Whether SQLite's `ADD COLUMN`, as the generator writes it, could have added `column` of
/// `table` to the table after it was created (and so put it last): not a column of the primary
/// key, not one whose default `ADD COLUMN` cannot take (`CURRENT_TIMESTAMP`, an expression such
/// as the automatic timestamps' `datetime('now')`), not a NOT NULL one without a default. Each
/// of those the generator adds by a rebuild, which writes the spec's order, or not at all.
fn could_be_added_last(table: &Table, column: &Column) -> bool {
    let in_key = (table.primary_key.iter()).any(|k| k.eq_ignore_ascii_case(&column.name));
    let no_default = matches!(column.default, None | Some(DefaultValue::Null));
    let refused_without_default = no_default && !column.nullable && !column.auto_increment;
    let default_refused = matches!(
        column.default,
        Some(DefaultValue::Now(_) | DefaultValue::Expression(_))
    );
    !(in_key || default_refused || refused_without_default)
}

/// Whether `message` is the warning of [`rebuilt_in_previous_order`] (tested on its own): the
/// tests of what else a down migration cannot give back leave it aside.
#[cfg(test)]
pub(crate) fn about_rebuild_order(message: &str) -> bool {
    message.starts_with("the down migration rebuilds '")
        && message
            .contains("' with its columns in previousSpec's order, which the table may not have")
}

/// The columns of `previous` (a table as previousSpec creates it, in its order) that an
/// earlier migration may have added with `ADD COLUMN` ([`could_be_added_last`]) and that it
/// lists before another, each with the column after it: where the table may not have them.
pub fn maybe_added_last(previous: &Table) -> Vec<(&str, &str)> {
    (previous.columns.windows(2))
        .filter(|pair| could_be_added_last(previous, &pair[0]))
        .map(|pair| (pair[0].name.as_str(), pair[1].name.as_str()))
        .collect()
}

/// The `DOWN_DATA_LOSS` warning of a SQLite migration from previousSpec whose down migration
/// rebuilds `table` (the spec's name) back to `previous` (previousSpec's table, as the database
/// made from it has it): the rebuild writes previousSpec's column order, which the table may
/// not have, as a column an earlier migration added with `ADD COLUMN` is last there, wherever
/// previousSpec lists it ([`maybe_added_last`]; previousSpec cannot say which were). `up_rebuilds`:
/// the up migration rebuilds it too, in the spec's order, and so moves such a column already.
/// `None` when no such column is listed before another: the table's columns are then those its
/// `CREATE TABLE` wrote, in that order, or columns added last in previousSpec's order too. A
/// user trial's `phone`, added before `bio` (last in the table), came back before `bio` after a
/// CHECK's rebuild up and down, with no word; PostgreSQL says its own column that comes back
/// elsewhere (`spec_change::column_back`). Against the file (`existingDbPath`) the down rebuild
/// puts back the stored `CREATE TABLE` text, order included: nothing to say.
pub fn rebuilt_in_previous_order(
    table: &str,
    previous: &Table,
    up_rebuilds: bool,
) -> Option<Issue> {
    let maybe = maybe_added_last(previous);
    let (first, _) = *maybe.first()?;
    let one = maybe.len() == 1;
    let added = if one {
        format!("'{first}'")
    } else {
        "one of them".to_string()
    };
    let moved = if up_rebuilds {
        "the up migration's rebuild moves it to where the spec lists it and the down migration's to where previousSpec lists it, not back to the end"
    } else {
        "the down migration's rebuild moves it to where previousSpec lists it"
    };
    let issue = Issue::warning(
        Code::DownDataLoss,
        format!(
            "the down migration rebuilds '{table}' with its columns in previousSpec's order, which the table may not have: previousSpec lists {}, but if an earlier migration added {added} with ADD COLUMN, which puts a column last, the table has it last (previousSpec cannot tell), and {moved}: SELECT * and an INSERT without a column list then see the columns of '{table}' in another order (the rows keep their values)",
            placed(&maybe),
        ),
    )
    .table(table)
    .suggest("nothing to do if the table has its columns in previousSpec's order (created so, none added since) or if the order does not matter to you (name the columns in SELECT and INSERT statements); to keep the table's own order, generate the migration against the database file (existingDbPath), whose down migration puts back the table's stored CREATE TABLE text, order included");
    Some(if one { issue.column(first) } else { issue })
}

#[cfg(test)]
mod tests {
    use super::{added_before, maybe_added_last, reordered, warnings};
    use crate::plan::into_effective;
    use crate::spec::{Column, ColumnType, DatabaseType, DefaultValue, Table};

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

    /// A column `ADD COLUMN` could have added, listed before another, is where previousSpec's
    /// order may not be the table's; a key column, a NOT NULL one without a default, one whose
    /// default `ADD COLUMN` cannot take (the automatic timestamps') and the last one are not.
    #[test]
    fn only_a_column_add_column_could_have_added_before_another_may_be_elsewhere() {
        let mut t = stamped(&["id", "email", "phone", "bio"]);
        t.primary_key = vec!["id".into()];
        t.columns[1].nullable = false;
        assert_eq!(
            maybe_added_last(&t),
            [("phone", "bio"), ("bio", "created_at")]
        );
        // Without timestamps, `bio` is last; `email` NOT NULL with a default could be added.
        t.columns.truncate(4);
        assert_eq!(maybe_added_last(&t), [("phone", "bio")]);
        t.columns[1].default = Some(DefaultValue::Str("x".into()));
        assert_eq!(maybe_added_last(&t), [("email", "phone"), ("phone", "bio")]);
        t.columns[2].default = Some(DefaultValue::Expression("lower('A')".into()));
        assert_eq!(maybe_added_last(&t), [("email", "phone")]);
        t.columns.remove(1);
        t.columns.remove(1);
        assert!(maybe_added_last(&t).is_empty());
    }
}
