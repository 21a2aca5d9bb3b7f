//! The change from the spec a PostgreSQL or MySQL database was last migrated to
//! (`previousSpec`) to this one, table by table: the `ALTER TABLE` statements that take each
//! table from its previous definition to its new one, and those that take it back.
//!
//! A table's change goes in three places of the migration: its foreign keys that go or change
//! are dropped first (so that no key or column they need is in the way), then its columns,
//! UNIQUE and CHECK constraints and indexes change, and its new foreign keys are added once
//! every table exists. The down migration is the same comparison the other way round.
//!
//! Nothing is dropped without `allowDataLoss`: a column the spec no longer lists is kept (with
//! a warning), a type that does not hold every value of the old one is refused. What this does
//! not write — a type change with no conversion, numbering added to an existing column while
//! it is renamed — is an error that says so.
//!
//! By concern: `previous_tables` finds the tables of previousSpec and `left_out` says what becomes
//! of those the spec leaves out; `compare` compares one table, and `column_change` each of its
//! columns, with `renames`, `generated_names`, `type_change`, `kept` (what the spec leaves out
//! without `allowDataLoss`), `nulls_filled` and `one_value`; `statements`, `foreign_keys` and
//! `indexes` write the table's statements, which `moved` and `order` place in the migration;
//! `put_back` and `column_back` say what the down migration cannot give back; `narrowed_refusal`
//! and `retype_refusals` find the rows a type change refuses.

use crate::dialect::Dialect;
use crate::spec::*;
use std::borrow::Cow;

/// What a MySQL down migration that fails at a statement leaves, for a `DOWN_DATA_LOSS`
/// warning to say (after "leaving"): MySQL commits each statement, so those before it stay
/// done; the failing one fails whole, and with it every change of the table it holds (a run of
/// a table's changes is one `ALTER TABLE`, see `dialect::mysql_merge`), as a trial on MariaDB
/// 10.11 showed (a column renamed by an earlier statement stayed renamed; a CHECK added in the
/// same `ALTER TABLE` as the refused `MODIFY` was not added).
macro_rules! mysql_down_stopped {
    () => {
        "the down migration's statements before the failing one done, as MySQL commits each statement (the failing one fails whole, with every change of the table it holds)"
    };
}

mod column_back;
mod column_change;
mod compare;
mod created_first;
mod foreign_keys;
mod generated_names;
mod held_names;
mod indexes;
mod kept;
mod kept_with;
pub(crate) use kept_with::kept_with_column;
mod left_out;
mod moved;
mod narrowed_refusal;
mod nulls_filled;
mod one_value;
mod order;
mod previous_tables;
mod put_back;
mod renames;
mod retype_refusals;
mod statements;
#[cfg(test)]
mod test_support;
mod type_change;

pub use compare::compare;
pub use left_out::{
    counter_restarts, described_beyond_marked, left_out_issue, renamed_hint, LeftOut,
    MARKED_EXISTING_DROPPED,
};
pub use moved::Moved;
pub use nulls_filled::{is_timestamp_filled, timestamp_filled, FILLED_CLAUSE};
pub use one_value::{
    added_together_with_one_value, added_with_one_value, down_refuses_together,
    dropped_together_with_one_value, keeps_apart, one_value_for_every_row, unique_alone,
    unique_over_kept, uniques_over_kept,
};
pub use order::{blocks, MovedNames, TableChange};
pub use previous_tables::PreviousTables;
pub use put_back::{put_back, Around, NamedNow};
pub(crate) use renames::Rename;
pub use retype_refusals::mysql_retype_refusals;
pub use statements::drop_tables;

/// [`mysql_down_stopped!`] as a constant, for the modules that say it too.
pub const MYSQL_DOWN_STOPPED: &str = mysql_down_stopped!();

/// The words of an expression (its identifiers, keywords and numbers), as written.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .filter(|w| !w.is_empty())
}

/// `table` as the database holds it once created: where `CREATE TABLE` merges keys that are
/// the same (PostgreSQL: a column's UNIQUE into a UNIQUE constraint on that column alone, which
/// names it; a second UNIQUE constraint on the same columns into the first; one on the primary
/// key's columns into the primary key), the merged ones are left out.
fn as_created<'t>(d: &dyn Dialect, table: &'t Table) -> Cow<'t, Table> {
    if !d.unique_on_the_key_is_the_key() {
        return Cow::Borrowed(table);
    }
    let column_merged = |c: &Column| {
        c.unique
            && table
                .unique_constraints
                .iter()
                .any(|u| u.columns.len() == 1 && u.columns[0] == c.name)
    };
    let mut seen: Vec<&[String]> = vec![&table.primary_key];
    let merged_constraints: Vec<bool> = table
        .unique_constraints
        .iter()
        .map(|u| {
            let merged = seen.contains(&u.columns.as_slice());
            seen.push(&u.columns);
            merged
        })
        .collect();
    if !table.columns.iter().any(column_merged) && !merged_constraints.contains(&true) {
        return Cow::Borrowed(table);
    }
    let mut out = table.clone();
    for c in &mut out.columns {
        if column_merged(c) {
            c.unique = false;
        }
    }
    let mut keep = merged_constraints.iter().map(|m| !m);
    out.unique_constraints
        .retain(|_| keep.next().unwrap_or(true));
    Cow::Owned(out)
}

/// The type a column is written with.
fn column_type(d: &dyn Dialect, table: &Table, column: &Column) -> String {
    table.declared_type(column).map_or_else(
        || d.column_type(column, table.is_key_column(&column.name)),
        str::to_string,
    )
}

/// An expression in one spelling, to compare ([`crate::expr::canonical`]).
fn canonical(d: &dyn Dialect, text: &str) -> String {
    crate::expr::canonical(d.parser(), text)
}
