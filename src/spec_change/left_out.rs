//! The tables of `previousSpec` that the spec leaves out (dropped with `allowDataLoss`, kept
//! without): what is said of them, and of the tables previousSpec marks `existing: true`.

use crate::report::{Code, Issue, Report};
use crate::spec::*;

/// What becomes of a table of `previousSpec` that the spec leaves out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftOut {
    /// Kept, as `dropTablesNotInSpec` is not set.
    Kept,
    /// Dropped with its rows (`dropTablesNotInSpec` with `allowDataLoss`).
    Dropped,
    /// Refused: `dropTablesNotInSpec` without `allowDataLoss`.
    Refused,
}

/// The issue for the table `name` of `previousSpec` that the spec leaves out, as its `fate`
/// says (`TABLE_NOT_IN_SPEC` kept, `DATA_LOSS` dropped or refused), with `after` at the end of
/// the message (what the down migration also does, [`renamed_hint`]). Every dialect says it
/// so, SQLite too.
pub fn left_out_issue(name: &str, fate: LeftOut, after: &str) -> Issue {
    let issue = match fate {
        LeftOut::Kept => Issue::warning(
            Code::TableNotInSpec,
            format!("the table '{name}' is in previousSpec but not in the spec; it is kept{after}"),
        )
        .suggest("list it with existing: true, so that a migration made from this spec as its previousSpec knows it is there (one that lists it again would otherwise create it, and fail); or, to drop it with its rows, set dropTablesNotInSpec and allowDataLoss"),
        LeftOut::Dropped => Issue::warning(
            Code::DataLoss,
            format!("the table '{name}' is in previousSpec but not in the spec, and is dropped with its rows (dropTablesNotInSpec, allowDataLoss); the down migration creates it again, empty{after}"),
        )
        .suggest(format!("add '{name}' to the spec to keep it")),
        LeftOut::Refused => Issue::error(
            Code::DataLoss,
            format!("the table '{name}' is in previousSpec but not in the spec, and dropping it (dropTablesNotInSpec) would lose its rows; allowDataLoss is not set{after}"),
        )
        .suggest(format!(
            "set allowDataLoss: true to drop it with its rows, or add '{name}' to the spec to keep it"
        )),
    };
    issue.table(name)
}

/// What [`left_out_issue`] adds for a table that previousSpec marks `existing: true` and the
/// migration drops: what previousSpec says of it may be its key alone, which is all the down
/// migration can create again (a user trial's down migration gave back a table without its
/// other columns).
pub const MARKED_EXISTING_DROPPED: &str = ", with only what previousSpec describes of it (it is marked existing: true there, where its key columns are enough): columns and objects it has beyond those do not come back";

/// What [`left_out_issue`] adds for a dropped table with an auto-increment key, on every
/// dialect alike (after [`MARKED_EXISTING_DROPPED`]): its counter goes with the table
/// (SQLite's `sqlite_sequence` row, PostgreSQL's owned SERIAL or IDENTITY sequence, MySQL's
/// `AUTO_INCREMENT`), and the table the down migration, or a later migration, creates again
/// counts from 1 (checked on bundled SQLite, PostgreSQL 15 and MariaDB 10.11:
/// tests/dropped_counter.rs). Empty for a table without one.
pub fn counter_restarts(table: &Table) -> &'static str {
    if table.columns.iter().any(|c| c.auto_increment) {
        ", its auto-increment counter starting again from 1 (the counter goes with the table, and neither the down migration nor a later migration that creates the table again puts its value back): new rows can take the ids of the rows lost"
    } else {
        ""
    }
}

/// `COLUMN_NOT_IN_SPEC` for each table that `previous` (previousSpec) marks
/// `existing: true` and `tables` (the spec's) lists without it, with columns previousSpec does
/// not: the migration adds them, though previousSpec may describe only the table's key (enough
/// for `existing: true`) and the database have them already. Their `ADD COLUMN` then fails,
/// and the down migration would drop them with their values (a user trial met it, warned of
/// nothing).
pub fn described_beyond_marked(previous: &MigrationSpec, tables: &[Table], report: &mut Report) {
    for t in tables.iter().filter(|t| !t.existing) {
        let old = t.renamed_from.as_deref().unwrap_or(&t.name);
        let Some(before) = previous.tables.iter().find(|p| p.existing && p.name == old) else {
            continue;
        };
        // Its automatic timestamp columns previousSpec has, unlisted.
        let stamped = before.timestamps.unwrap_or(previous.timestamps);
        let added: Vec<&str> = t
            .columns
            .iter()
            .filter(|c| !(c.auto_timestamp && stamped))
            .filter(|c| {
                let was = t
                    .renamed_columns
                    .iter()
                    .find(|(_, now)| *now == c.name)
                    .map_or(c.name.as_str(), |(was, _)| was.as_str());
                before.column(was).is_none()
            })
            .map(|c| c.name.as_str())
            .collect();
        let Some(first) = added.first() else {
            continue;
        };
        let (them, their) = if added.len() == 1 {
            ("it", "its")
        } else {
            ("them", "their")
        };
        let listed = added
            .iter()
            .map(|c| format!("'{}'", crate::report::clip(c)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut issue = Issue::warning(
            Code::ColumnNotInSpec,
            format!("previousSpec marks '{}' existing: true (its key columns are enough there, so it may describe only part of the table) and does not list {listed}: this migration adds {them} with ADD COLUMN, which fails if the table already has {them} (an earlier migration may have made {them}), and the down migration drops {them} with {their} values", crate::report::clip(old)),
        )
        .table(&t.name)
        .suggest(format!("if '{}' has them already, describe it in previousSpec as the database has it, with those columns and without existing: true, so that only the change is written; if they are new, nothing is wrong", crate::report::clip(old)));
        if added.len() == 1 {
            issue = issue.column(first);
        }
        report.push(issue);
    }
}

/// What [`left_out_issue`] adds when the table `new` the migration creates has the columns of
/// `old`, which the spec leaves out (`lost`: it is dropped): most likely `old` renamed.
pub fn renamed_hint(old: &str, new: &str, lost: bool) -> String {
    format!(
        "; the new table '{new}' has the same columns: if it is '{old}' renamed, give the table '{new}' \"renamedFrom\": \"{old}\" (the migration then renames it, with its rows); as it is, this migration creates it empty and {}",
        if lost { "the rows are lost" } else { "the rows stay in the old one" },
    )
}

#[cfg(test)]
mod tests {

    use crate::report::Code;
    use crate::spec_change::test_support::*;

    /// A table previousSpec marks existing (its key alone), described in full by the spec: the
    /// columns it adds may be the database's already, which is said on every dialect; columns
    /// previousSpec lists, renamed ones and automatic timestamps it has are not.
    #[test]
    fn columns_added_to_a_table_previous_spec_marks_existing_are_said() {
        let marked = table("", "").replace(r#""name":"t","#, r#""name":"t","existing":true,"#);
        let described = table(
            r#",{"name":"email","type":"VARCHAR","length":90,"nullable":true},{"name":"nick","type":"VARCHAR","length":90,"nullable":true}"#,
            "",
        );
        for db in ["postgresql", "mysql", "sqlite"] {
            let spec = postgres_change(
                std::slice::from_ref(&described),
                std::slice::from_ref(&marked),
            )
            .replace("postgresql", db);
            let said = warnings_of(&spec, Code::ColumnNotInSpec);
            assert_eq!(said.len(), 1, "{db}: {said:?}");
            assert!(
                said[0].starts_with("previousSpec marks 't' existing: true (its key columns are enough there, so it may describe only part of the table) and does not list 'email', 'nick': this migration adds them with ADD COLUMN, which fails if the table already has them"),
                "{db}: {said:?}"
            );
            // Listed by previousSpec, or marked existing again: nothing to say.
            let listed = described.replace(r#""name":"t","#, r#""name":"t","existing":true,"#);
            for previous in [described.clone(), listed.clone()] {
                let spec = postgres_change(std::slice::from_ref(&described), &[previous])
                    .replace("postgresql", db);
                assert!(warnings_of(&spec, Code::ColumnNotInSpec).is_empty(), "{db}");
            }
            let spec =
                postgres_change(&[listed], std::slice::from_ref(&marked)).replace("postgresql", db);
            assert!(warnings_of(&spec, Code::ColumnNotInSpec).is_empty(), "{db}");
        }
    }
}
