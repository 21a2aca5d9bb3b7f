//! The NULLs an up migration fills (a nullable column made NOT NULL, the timestamps it adds),
//! as the warnings that say so and those of the UNIQUEs that the filled rows then repeat in.

use crate::dialect::{column_list, Dialect};
use crate::report::{Code, Issue};
use crate::spec::*;

/// The `NULLS_FILLED` warning of the automatic timestamp column `column` (`created_at`,
/// `updated_at`) added to `table`, which has rows: each gets the migration's time there, which
/// is not when it was made or last changed, and nothing tells those rows apart afterwards (a
/// user trial turned timestamps on for a table with rows, and was told only that the down
/// migration drops the columns).
pub fn timestamp_filled(table: &str, column: &str) -> Issue {
    let what = if column == "updated_at" {
        "last update"
    } else {
        "creation"
    };
    Issue::warning(
        Code::NullsFilled,
        format!("{TIMESTAMP_FILLED_START}{column}' to '{table}' with the migration's time in every row the table holds: a row made before the migration gets that time as its {what} time, not its own, and nothing tells those rows apart afterwards"),
    )
    .table(table)
    .column(column)
    .suggest(format!("if the rows' real {what} times are known (another column, a log), write them with an UPDATE after the migration; otherwise read the '{column}' values up to the migration's time as unknown"))
}

/// Whether `issue` is a [`timestamp_filled`] warning (every row of its table gets the
/// migration's time), not a column's NULLs filled with its default.
pub fn is_timestamp_filled(issue: &Issue) -> bool {
    issue.code == Code::NullsFilled && issue.message.starts_with(TIMESTAMP_FILLED_START)
}

/// What starts a [`timestamp_filled`] warning's message.
const TIMESTAMP_FILLED_START: &str = "timestamps add '";

/// What starts the part of a [`put_back`](super::put_back::put_back) UNIQUE warning that says the rows whose NULLs the up
/// migration filled: a count of those rows (`existingDbPath`) follows it, or withdraws it.
pub const FILLED_CLAUSE: &str = "; so do, with no row written since,";

/// The columns of `columns` whose NULLs the up migration fills (nullable in `previous`, NOT
/// NULL with a default in `table`), each with the value it writes, as the spec writes it.
pub(super) fn filled_nulls(
    d: &dyn Dialect,
    previous: &Table,
    table: &Table,
    columns: &[String],
) -> Vec<(String, String)> {
    let fill = |name: &String| {
        let (old, new) = (previous.column(name)?, table.column(name)?);
        (old.nullable && !new.nullable && !new.auto_increment).then_some(())?;
        let value = d.default_value(new, table.is_key_column(&new.name))?;
        Some(match &new.default {
            Some(DefaultValue::Str(s)) => format!("'{}'", crate::report::clip(s)),
            _ => value,
        })
    };
    columns
        .iter()
        .filter_map(|c| Some((c.clone(), fill(c)?)))
        .collect()
}

/// The [`FILLED_CLAUSE`] of `filled` ([`filled_nulls`]) in a UNIQUE over `columns`, or nothing
/// when there is none: the up migration gives every row that held NULL there one value, and
/// the down migration cannot tell which rows held NULL, so two of them repeat values once the
/// UNIQUE is back (a user trial's phone numbers: two NULLs made '' each, the down migration
/// failed with no row written since).
pub(super) fn filled_clause(filled: &[(String, String)], columns: &[String]) -> String {
    if filled.is_empty() {
        return String::new();
    }
    let said = |f: &dyn Fn(&(String, String)) -> String| {
        filled.iter().map(f).collect::<Vec<_>>().join(", ")
    };
    let names = said(&|(c, _)| format!("'{c}'"));
    let values = said(&|(_, v)| v.clone());
    let whose = if filled.len() == columns.len() {
        "two of them, or one and a row that held it already".to_string()
    } else {
        format!(
            "two rows that then repeat values in ({})",
            column_list(columns)
        )
    };
    format!("{FILLED_CLAUSE} the rows that held NULL in {names}, to which the up migration gave {values}: {whose} (the down migration cannot tell which rows held NULL, to put the NULLs back)")
}
