//! Compares a spec table with the same table in an existing SQLite database and writes the
//! smallest correct change: nothing (SKIP), `ALTER TABLE … ADD/DROP COLUMN` and index changes,
//! or — for what `ALTER TABLE` cannot do — the table rebuild SQLite's documentation prescribes,
//! with the exact reverse rebuild as its down migration. Nothing is dropped without
//! `allowDataLoss`, and a rebuild that would lose child rows inside a caller's transaction
//! fails loudly instead (see `rebuild::rebuild_sql`).
//!
//! By concern: `table_diff` compares one table ([`diff_table`]), with `column_changes` (its
//! columns), `column_types` (what a type change does to the values), `rowid`, `constraints`
//! (keys, CHECKs and indexes, and those kept with the columns the spec leaves out) and
//! `dropped_columns` (what stands in the way of a dropped column, and of filling it back);
//! `rebuild_plan` makes the table a rebuild creates and its steps up and down, whose statements
//! `rebuild` writes; `not_in_spec` says what the spec leaves out or may have renamed,
//! `name_clashes` which of its names the database already gives something else, and `order`
//! places the tables in the migration.

use crate::introspect::ExistingTable;
use crate::output::Operation;
use crate::spec::*;
use crate::steps::{AlterStep, Step};

mod column_changes;
mod column_types;
mod constraints;
mod dropped_columns;
mod name_clashes;
mod not_in_spec;
mod order;
mod rebuild;
mod rebuild_plan;
mod rename_candidate;
mod rowid;
mod table_diff;

pub use column_types::{affinity, declared_type_after};
pub(crate) use column_types::{
    length_not_enforced, narrows, number_as_stored_text, type_narrowing,
};
pub(crate) use constraints::{hidden_column, same_endpoints};
pub use constraints::{same_foreign_key, unique_index_name};
pub use name_clashes::{index_name_clashes, table_name_clashes, MovedIndexName};
pub(crate) use not_in_spec::{kept_column_inserts, kept_column_suggestion};
pub use not_in_spec::{kept_from_previous_spec, look_alikes, renamed_table_hints};
pub use order::{migration_order, Slot, SpecTables};
pub(crate) use rebuild::renamed_back_into_place;
pub(crate) use rename_candidate::rename_candidate;
pub(crate) use rowid::{is_existing_rowid, numbering_counter_lost, rowid_column};
pub use table_diff::diff_table;

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
    // The key's name too, where the spec gives none and keeps the key: a rebuild keeps it.
    if table.primary_key_name.is_none() && table.primary_key == existing.table.primary_key {
        table
            .primary_key_name
            .clone_from(&existing.table.primary_key_name);
    }
    if described == Described::PreviousSpec || (table.timestamps == Some(true) && !table.existing) {
        return;
    }
    table
        .columns
        .retain(|c| !c.auto_timestamp || existing.table.column(&c.name).is_some());
}

/// The column names `cols`, lowercased and sorted: a set of columns to compare with another.
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

/// Whether `up`, the statements of a table's change, rebuild the table
/// (`rebuild::rebuild_sql`, which renames the old table away to `_mg_old_{table}`): the new
/// table is created with the spec's columns, in the spec's order.
pub fn rebuilds<'s>(mut up: impl Iterator<Item = &'s str>) -> bool {
    up.any(|s| s.contains(" RENAME TO _mg_old_"))
}

/// `Step`s for a diff.
pub fn steps_of<'a>(diff: TableDiff) -> Vec<Step<'a>> {
    diff.steps.into_iter().map(Step::Alter).collect()
}
