//! What the spec leaves out of the database, and what it may have meant: the columns and tables
//! it does not list (`COLUMN_NOT_IN_SPEC`, `TABLE_NOT_IN_SPEC`, kept without `allowDataLoss`),
//! the column or table it may have renamed (a `renamedFrom` to give, or one that names nothing),
//! and the suggestions those warnings make.

use super::order::SpecTables;
use super::Described;
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::report::{Code, Issue};
use crate::spec::*;
use std::collections::HashMap;

/// How a rename hint asks for `renamedFrom`: "give", or, when the spec gives one that names no
/// `what` (column, table) of the database (a typo: the table is created, the column added,
/// empty), "its renamedFrom '…' names no column of the database: give".
pub(super) fn misnamed(given: Option<&str>, what: &str) -> String {
    match given {
        Some(name) => format!(
            "its renamedFrom '{}' names no {what} of the database: give",
            crate::report::clip(name)
        ),
        None => "give".to_string(),
    }
}

/// What a column the spec leaves out, kept, adds to its `COLUMN_NOT_IN_SPEC` warning: kept NOT
/// NULL without a default, it refuses every insert that leaves it out, which the generated
/// insert type (made from the spec) does not mention.
pub(crate) fn kept_column_inserts(c: &Column) -> String {
    if !c.nullable && c.default.is_none() && !c.auto_increment {
        format!(
            ", NOT NULL without a default: every insert that leaves '{}' out fails, and the generated insert type, which follows the spec, does not have it",
            c.name
        )
    } else {
        String::new()
    }
}

/// The suggestion of the `UNSUPPORTED_FEATURE` error of a file's table `table` (`on_file`: its
/// name in the file, quoted) whose rebuild would not keep what it has (`STRICT`, `WITHOUT ROWID`,
/// …) when the one reason for the rebuild is the automatic timestamp columns its
/// `"timestamps": true` adds (SQLite's `ADD COLUMN` refuses their `datetime('now')` default). A
/// file's table that has columns of those names keeps them as they are, whatever their type and
/// default (see [`adapt_to_existing`](super::adapt_to_existing)).
pub(crate) fn timestamps_by_hand(table: &str, on_file: &str) -> String {
    format!(
        "remove \"timestamps\": true from table '{table}', or add the created_at/updated_at columns yourself first (ALTER TABLE {on_file} ADD COLUMN created_at TEXT; and the same for updated_at), which this spec then finds in the file and keeps as they are"
    )
}

/// The suggestion of `COLUMN_NOT_IN_SPEC`, for a column that the spec leaves out and that is
/// kept (no `allowDataLoss`); `timestamp`: an automatic timestamp column, `hint`: a rename the
/// spec may mean. From previousSpec, the spec is the one place to say the column is there: a
/// migration made from this spec as its previousSpec does not know the kept column, so one
/// that lists it again (or turns timestamps back on) adds it, and fails (a user trial).
pub(crate) fn kept_column_suggestion(
    described: Described,
    timestamp: bool,
    hint: Option<String>,
    database: DatabaseType,
) -> String {
    // On SQLite, a later rebuild of the table checks that it has the columns its previousSpec
    // lists, and no other (a user trial's next migration failed there, after other tables of
    // it had changed).
    let rebuild = if database == DatabaseType::Sqlite {
        "; one that rebuilds the table fails too (table_changed_since_this_migration_was_generated), after the tables it changes first have changed"
    } else {
        ""
    };
    let add = match (described, timestamp) {
        (Described::File, false) => "add it to the spec".to_string(),
        // A table that says `"timestamps": true` keeps a file's timestamp column as it is.
        (Described::File, true) => {
            "turn timestamps back on for the table (\"timestamps\": true), or add it to the spec"
                .to_string()
        }
        (Described::PreviousSpec, false) => format!("add it back to the spec in this migration (a migration made from this spec as its previousSpec does not know the kept column: one that lists it again adds it, and fails on the column that is there{rebuild})"),
        (Described::PreviousSpec, true) => format!("turn timestamps back on in this migration (a migration made from this spec as its previousSpec does not know the kept column: one that turns them on again adds it, and fails on the column that is there{rebuild})"),
    };
    match hint {
        Some(hint) => format!("{hint}. Otherwise {add}; or set allowDataLoss: true to drop it"),
        None => format!("{add}; or set allowDataLoss: true to drop it"),
    }
}

/// The column names of `t`, lowercased and sorted, leaving out those `skip` says.
fn column_names(t: &Table, skip: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = t
        .columns
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .filter(|n| !skip(n))
        .collect();
    names.sort();
    names
}

/// Whether the spec table `t` lists an index or UNIQUE constraint named `name`.
pub(super) fn names_index(t: &Table, name: &str) -> bool {
    t.indexes.iter().any(|i| i.name.eq_ignore_ascii_case(name))
        || t.unique_constraints
            .iter()
            .any(|u| u.name.eq_ignore_ascii_case(name))
}

/// For `previousSpec` on SQLite: the table the migration creates (`created`) with the columns
/// of each table of `previousSpec` that the spec leaves out, the automatic timestamps aside
/// (most likely that table renamed), by the old table's lowercased name.
pub fn look_alikes(
    created: &[&Table],
    schema: &ExistingSchema,
    spec_tables: &SpecTables,
) -> HashMap<String, String> {
    let timestamp = |n: &str| n == "created_at" || n == "updated_at";
    let of_created: Vec<(Vec<String>, &str)> = created
        .iter()
        .map(|t| {
            let automatic = |n: &str| {
                t.columns
                    .iter()
                    .any(|c| c.auto_timestamp && c.name.eq_ignore_ascii_case(n))
            };
            (column_names(t, &automatic), t.name.as_str())
        })
        .collect();
    let mut found = HashMap::new();
    for old in schema.tables() {
        if spec_tables.has(&old.table.name) {
            continue;
        }
        let columns = column_names(&old.table, &timestamp);
        if let Some((_, new)) = of_created.iter().find(|(c, _)| *c == columns) {
            found.insert(old.table.name.to_ascii_lowercase(), new.to_string());
        }
    }
    found
}

/// For `previousSpec` on SQLite, without `dropTablesNotInSpec`: `TABLE_NOT_IN_SPEC` for each
/// table of `previousSpec` that the spec leaves out, kept, as on PostgreSQL and MySQL (with
/// the table the migration creates with its columns, [`look_alikes`]).
pub fn kept_from_previous_spec(
    schema: &ExistingSchema,
    spec_tables: &SpecTables,
    look_alikes: &HashMap<String, String>,
) -> Vec<Issue> {
    schema
        .tables()
        .iter()
        .filter(|old| !spec_tables.has(&old.table.name))
        .map(|old| {
            let name = &old.table.name;
            let hint = look_alikes
                .get(&name.to_ascii_lowercase())
                .map(|new| crate::spec_change::renamed_hint(name, new, false))
                .unwrap_or_default();
            crate::spec_change::left_out_issue(name, crate::spec_change::LeftOut::Kept, &hint)
        })
        .collect()
}

/// `TABLE_NOT_IN_SPEC` for each table of the database that the spec leaves out (kept, or with
/// `dropping` — `dropTablesNotInSpec` — dropped) and that has exactly the columns of a table the
/// migration creates: most likely that table renamed, which this tool does not write. Created
/// empty beside the old one, the new table would not have the rows. Other tables left out are
/// not mentioned (a spec may describe part of a database).
pub fn renamed_table_hints(
    created: &[&Table],
    schema: &ExistingSchema,
    spec_tables: &SpecTables,
    dropping: bool,
) -> Vec<Issue> {
    // Column names, lowercased and sorted, leaving out those in `skip`.
    let timestamp = |n: &str| n == "created_at" || n == "updated_at";
    // The tables left out, by their columns other than the two timestamp names: one hash
    // lookup per created table, whatever the size of the database.
    let mut left_out: HashMap<Vec<String>, Vec<&ExistingTable>> = HashMap::new();
    for old in schema.tables() {
        if !spec_tables.has(&old.table.name) && !old.is_virtual() {
            left_out
                .entry(column_names(&old.table, &timestamp))
                .or_default()
                .push(old);
        }
    }
    let mut issues = Vec::new();
    if left_out.is_empty() {
        return issues;
    }
    for new in created {
        let Some(candidates) = left_out.get(&column_names(new, &timestamp)) else {
            if let Some(given) = &new.renamed_from {
                issues.push(misnamed_table(new, given, &left_out));
            }
            continue;
        };
        // The automatic timestamps a created table gets need not be in the old one.
        let automatic = |n: &str| {
            new.columns
                .iter()
                .any(|c| c.auto_timestamp && c.name.eq_ignore_ascii_case(n))
        };
        let wanted = column_names(new, &automatic);
        for old in candidates {
            if column_names(&old.table, &automatic) != wanted {
                continue;
            }
            let message = if dropping {
                format!(
                    "the database's table '{}' is not in the spec and is dropped with its rows (dropTablesNotInSpec); the new table '{}' has the same columns: if it is '{}' renamed, this migration creates '{}' empty and the rows are lost",
                    old.table.name, new.name, old.table.name, new.name
                )
            } else {
                format!(
                    "the database's table '{}' is not in the spec and is kept; the new table '{}' has the same columns: if it is '{}' renamed, this migration creates '{}' empty beside it, and the rows stay in '{}'",
                    old.table.name, new.name, old.table.name, new.name, old.table.name
                )
            };
            issues.push(
                Issue::warning(Code::TableNotInSpec, message)
                .table(&new.name)
                .suggest(format!(
                    "if it is, {give} the table '{new}' \"renamedFrom\": {old} (the migration then renames it, with its rows)",
                    give = misnamed(new.renamed_from.as_deref(), "table"),
                    old = serde_json::Value::from(old.table.name.as_str()),
                    new = new.name
                )),
            );
        }
    }
    issues
}

/// `TABLE_NOT_IN_SPEC` for the created table `new` whose `renamedFrom` (`given`) names no table
/// of the database (a typo: it is created empty), which has tables the spec leaves out
/// (`left_out`, by their columns) but none with `new`'s columns.
fn misnamed_table(
    new: &Table,
    given: &str,
    left_out: &HashMap<Vec<String>, Vec<&ExistingTable>>,
) -> Issue {
    let mut names: Vec<&str> = left_out
        .values()
        .flatten()
        .map(|t| t.table.name.as_str())
        .collect();
    names.sort_unstable();
    Issue::warning(
        Code::TableNotInSpec,
        format!(
            "the table '{}' has renamedFrom '{}', which names no table of the database: this migration creates '{}' empty; the database has {} the spec leaves out",
            new.name,
            crate::report::clip(given),
            new.name,
            crate::report::name_list(&names, 5)
        ),
    )
    .table(&new.name)
    .suggest("if it is one of those renamed, give its name in renamedFrom (the migration then renames it, with its rows)")
}
