//! A table split in a migration from `previousSpec` (`split_copy`): the tables it creates go
//! before the change that drops the columns they take, so that the statement that keeps the
//! values goes in one place, between the two (a user had to move the drops by hand). Only the
//! tables and their indexes move: their foreign keys are still added once every table has
//! changed, so that what they reference is there whatever the changes do.

use super::order::TableChange;
use crate::dialect::Dialect;
use crate::spec::Table;

/// Where the blocks of the changes are, before the created tables: the block of each change
/// (`None` where it has no statement), that of the tables dropped (if any), and on MySQL those
/// the rows may refuse.
pub(super) struct Placed<'p> {
    /// The block index of each change, by the index of the change.
    pub changes: &'p [Option<usize>],
    /// The block index of the drop of the tables the spec leaves out.
    pub dropped_tables: Option<usize>,
    /// On MySQL, which commits each statement, the blocks the rows may refuse (a change's,
    /// foreign keys added in a statement of their own): the created tables go after every one
    /// of them, or they would stay created when one is refused, and the migration, run again
    /// once the rows are mended, fail at their `CREATE TABLE`.
    pub refusable: &'p [usize],
}

/// The index of the block before which the created tables (`created`) and their indexes go:
/// that of the first change of a table some columns leave for one of them (`splits`: the table
/// they leave and the created table, by the spec's names), where every block that frees a
/// name the created tables take runs before it (the tables dropped, the change of a table that
/// drops an index or constraint of that name, or that is renamed from a created table's
/// name), and on MySQL no block the rows may refuse comes after it. `None`: the created
/// tables stay where they were, after every change.
pub(super) fn created_before(
    d: &dyn Dialect,
    changes: &[(&Table, TableChange)],
    created: &[&Table],
    splits: &[(&str, &str)],
    placed: Placed,
) -> Option<usize> {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let is_created = |name: &str| created.iter().any(|t| same(&t.name, name));
    let at = (changes.iter().zip(placed.changes))
        .filter(|((t, _), _)| {
            (splits.iter()).any(|(from, to)| same(&t.name, from) && is_created(to))
        })
        .filter_map(|(_, at)| *at)
        .min()?;
    let taken: Vec<String> = (created.iter())
        .flat_map(|t| d.database_wide_names(t))
        .chain(created.iter().map(|t| t.name.clone()))
        .collect();
    let takes = |name: &String| taken.iter().any(|n| same(n, name));
    // (A change with no statement of its own frees nothing.)
    let mut first = (changes.iter().zip(placed.changes)).filter_map(|((t, c), placed)| {
        let renamed_from_created = t.renamed_from.as_deref().is_some_and(is_created);
        (renamed_from_created || c.names.frees().iter().any(takes)).then_some((*placed)?)
    });
    let dropped_first = placed.dropped_tables.is_none_or(|b| b < at);
    let refusals_first = placed.refusable.iter().all(|&b| b < at);
    (dropped_first && refusals_first && first.all(|b| b < at)).then_some(at)
}
