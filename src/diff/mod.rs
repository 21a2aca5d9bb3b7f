//! Compares a spec table with the same table in an existing SQLite database and writes the
//! smallest correct change: nothing (SKIP), `ALTER TABLE … ADD/DROP COLUMN` and index changes,
//! or — for what `ALTER TABLE` cannot do — the table rebuild SQLite's documentation prescribes,
//! with the exact reverse rebuild as its down migration. Nothing is dropped without
//! `allowDataLoss`, and a rebuild that would lose child rows inside a caller's transaction
//! fails loudly instead (see `rebuild_sql`).

use crate::dialect::{Dialect, Sqlite};
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::output::Operation;
use crate::rebuild_guard::Expected;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::steps::{AlterStep, Step};
use crate::validate::is_snake_identifier;
use std::collections::{HashMap, HashSet};

mod column_changes;
mod column_types;
mod constraints;
mod dropped_columns;
mod rebuild;
mod rebuild_plan;
mod rowid;

use column_changes::{compare_columns, normalize_expr, ColumnChanges};
pub use column_types::{affinity, declared_type_after};
pub(crate) use column_types::{
    length_not_enforced, narrows, number_as_stored_text, type_narrowing,
};
use constraints::{
    columns_of_check, constraints_not_in_spec, expression_indexes_dropped, fk_key,
    kept_constraints, kept_index, same_index, FkKey,
};
pub(crate) use constraints::{hidden_column, same_endpoints};
pub use constraints::{same_foreign_key, unique_index_name};
pub use dropped_columns::split_table_hints;
use dropped_columns::{
    filler, generated_columns_naming, one_fill, refusing_filler, unique_alone,
    unique_expression_index_refusing, unique_with_kept, views_and_triggers_naming,
};
pub(crate) use rebuild::renamed_back_into_place;
use rebuild::{guard_unique_indexes, rebuild_name_taken, rebuild_sql};
use rebuild_plan::{columns_the_rebuild_changes, names_any, rebuild_back, rebuild_step};
use rowid::{declares_autoincrement, keeps_rowid};
pub(crate) use rowid::{is_existing_rowid, numbering_counter_lost, rowid_column};

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
    if described == Described::PreviousSpec || (table.timestamps == Some(true) && !table.existing) {
        return;
    }
    table
        .columns
        .retain(|c| !c.auto_timestamp || existing.table.column(&c.name).is_some());
}

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

/// How a rename hint asks for `renamedFrom`: "give", or, when the spec gives one that names no
/// `what` (column, table) of the database (a typo: the table is created, the column added,
/// empty), "its renamedFrom '…' names no column of the database: give".
fn misnamed(given: Option<&str>, what: &str) -> String {
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
/// default (see [`adapt_to_existing`]).
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

/// The column the spec adds that may be `gone` renamed: the one added column when one column
/// goes, otherwise the one added column of `gone`'s type, if there is exactly one and `gone` is
/// the one column of its type that goes (two going for one coming: no guess, or both would be
/// told to take the one name).
pub(crate) fn rename_candidate<'a>(
    gone: &Column,
    removed: &[&Column],
    added: &[&'a Column],
) -> Option<&'a Column> {
    if removed.len() == 1 && added.len() == 1 {
        return Some(added[0]);
    }
    if removed.iter().filter(|c| c.ty == gone.ty).count() != 1 {
        return None;
    }
    let mut same_type = added.iter().filter(|c| c.ty == gone.ty);
    match (same_type.next(), same_type.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Compares `spec` (effective, adapted) with `existing` and plans the change. `existing` is
/// the table as the migration's renames leave it (`renames`, which run first): a query a
/// warning gives is for the database before the migration, and names what they rename as it
/// is named then.
#[allow(clippy::too_many_arguments)]
pub fn diff_table(
    spec: &Table,
    existing: &ExistingTable,
    schema: &ExistingSchema,
    renames: Option<&crate::sqlite_renames::Renames>,
    all_spec: &SpecTables,
    allow_data_loss: bool,
    described: Described,
    report: &mut Report,
) -> TableDiff {
    let d: &dyn Dialect = &Sqlite;
    let db = &existing.table;
    let at = |i: Issue| i.table(&spec.name);
    let mut steps: Vec<AlterStep> = Vec::new();

    // Columns.
    let ColumnChanges {
        added,
        mut rebuild,
        casts,
        to_real,
    } = compare_columns(spec, existing, renames, allow_data_loss, described, report);
    let mut removed: Vec<&Column> = Vec::new();
    for c in &db.columns {
        if spec.column(&c.name).is_none()
            && !spec
                .columns
                .iter()
                .any(|s| s.name.eq_ignore_ascii_case(&c.name))
        {
            removed.push(c);
        }
    }

    // Keys and constraints.
    // In order: a composite key's order is its index's (and a WITHOUT ROWID table's storage)
    // order, which a new database made from the spec would have.
    let same_key = spec.primary_key.len() == db.primary_key.len()
        && spec
            .primary_key
            .iter()
            .zip(&db.primary_key)
            .all(|(a, b)| a.eq_ignore_ascii_case(b));
    if !same_key {
        // A column of the old key the spec leaves out is kept without allowDataLoss, and would
        // keep its PRIMARY KEY clause beside the new key.
        if let Some(k) = db.primary_key.iter().find(|k| {
            !allow_data_loss && !spec.columns.iter().any(|c| c.name.eq_ignore_ascii_case(k))
        }) {
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("the primary key moves off '{k}', which the spec leaves out: without allowDataLoss the column is kept, and a kept column keeps what {} declares it with (its PRIMARY KEY too)", described.name()),
                ))
                .column(k)
                .suggest(format!("list '{k}' in the spec (outside the key) to keep its values, or set allowDataLoss: true to drop it")),
            );
            return TableDiff {
                operation: Operation::Alter,
                steps: Vec::new(),
                casts: Vec::new(),
                to_real,
            };
        }
        rebuild.push("the primary key changes".into());
        // The down migration's rebuild copies the rows written since into the old key; not
        // said when the spec keeps the rows apart there (a UNIQUE on the old key's columns).
        if !db.primary_key.is_empty() && !crate::spec_change::keeps_apart(spec, &db.primary_key) {
            report.push(
                at(Issue::warning(
                    Code::DownDataLoss,
                    format!(
                        "the down migration makes ({}) the primary key of '{}' again: rows written since that share values there make its rebuild fail (rolled back, the table left as the up migration made it)",
                        crate::dialect::column_list(&db.primary_key),
                        spec.name
                    ),
                ))
                .suggest("before running the down migration, remove or mend the rows whose values repeat there"),
            );
        }
    }
    // What the down migration puts back that rows written since may break, said as on
    // PostgreSQL and MySQL, from previousSpec and from a file alike (a file's UNIQUE, unique
    // index or foreign key that the spec leaves out is dropped, and said as such too, and the
    // down migration's rebuild puts it back: a user trial's down failed on a UNIQUE, unsaid).
    {
        let left_out = |t: &str| !all_spec.names.contains(&t.to_ascii_lowercase());
        // Its indexes are kept beside the table's model.
        let with_indexes = Table {
            indexes: existing.indexes.iter().map(|i| i.index.clone()).collect(),
            ..db.clone()
        };
        // The database's names are the spec's once renamed (renames go first).
        let around = crate::spec_change::Around {
            left_out: &left_out,
            now: &|t, columns| (t.to_string(), columns.to_vec()),
            // SQLite's foreign keys have no names in the database.
            renamed_from: None,
        };
        for issue in crate::spec_change::put_back(d, &with_indexes, spec, &[], &around) {
            report.push(issue);
        }
    }
    // Columns the database keeps though the spec leaves them out (dropped only with
    // allowDataLoss): their foreign keys and CHECKs stay, and are no change.
    let kept_columns: HashSet<String> = if allow_data_loss {
        HashSet::new()
    } else {
        removed
            .iter()
            .map(|c| c.name.to_ascii_lowercase())
            .collect()
    };
    let (kept_fks, kept_checks) = kept_constraints(existing, &kept_columns);
    let spec_checks: Vec<String> = {
        let mut v: Vec<String> = spec
            .check_constraints
            .iter()
            .map(|c| normalize_expr(&c.expression))
            .collect();
        v.sort();
        v
    };
    let db_checks: Vec<String> = {
        let mut v: Vec<String> = db
            .check_constraints
            .iter()
            .filter(|c| !kept_checks.iter().any(|k| std::ptr::eq(*k, *c)))
            .map(|c| normalize_expr(&c.expression))
            .collect();
        v.sort();
        v
    };
    if spec_checks != db_checks {
        rebuild.push("the CHECK constraints change".into());
    }
    let added_names: HashSet<String> = added.iter().map(|c| c.name.to_ascii_lowercase()).collect();
    let db_fks: HashSet<FkKey> = db.foreign_keys.iter().map(fk_key).collect();
    let spec_fks: HashSet<FkKey> = spec.foreign_keys.iter().map(fk_key).collect();
    let mut inline_fk_columns: HashSet<String> = HashSet::new();
    for fk in &spec.foreign_keys {
        if db_fks.contains(&fk_key(fk)) {
            continue;
        }
        let col = &fk.columns[0];
        let on_new_column = fk.columns.len() == 1
            && added_names.contains(&col.to_ascii_lowercase())
            && spec
                .column(col)
                .is_some_and(|c| matches!(c.default, None | Some(DefaultValue::Null)))
            && spec
                .foreign_keys
                .iter()
                .filter(|f| f.columns.len() == 1 && f.columns[0] == *col)
                .count()
                == 1;
        if on_new_column {
            inline_fk_columns.insert(col.clone());
        } else {
            rebuild.push(format!(
                "a foreign key on ({}) is added",
                fk.columns.join(", ")
            ));
        }
    }
    if db
        .foreign_keys
        .iter()
        .any(|fk| !spec_fks.contains(&fk_key(fk)) && !kept_fks.iter().any(|k| std::ptr::eq(*k, fk)))
    {
        rebuild.push("a foreign key is removed or changed".into());
    }
    if described == Described::File {
        // previousSpec's foreign keys and CHECKs the spec leaves out are the change it asks for.
        constraints_not_in_spec(spec, existing, &removed, (&kept_fks, &kept_checks), report);
    }

    // Unique sets: satisfied by a UNIQUE in CREATE TABLE, or by a unique index of the right name.
    let db_unique_sets: Vec<Vec<String>> = existing.unique_sets.iter().map(|s| sorted(s)).collect();
    let unique_index = |name: &str, cols: &[String]| {
        existing.indexes.iter().any(|i| {
            i.index.name == name
                && i.index.unique
                && i.index.predicate.is_none()
                && sorted(&i.index.columns) == sorted(cols)
        })
    };
    let mut wanted_unique: Vec<(String, Vec<String>)> = Vec::new();
    for c in spec.columns.iter().filter(|c| c.unique) {
        wanted_unique.push((unique_index_name(&spec.name, &c.name), vec![c.name.clone()]));
    }
    for u in &spec.unique_constraints {
        wanted_unique.push((u.name.clone(), u.columns.clone()));
    }
    let mut implementing: HashSet<String> = HashSet::new();
    let mut add_unique: Vec<(String, Vec<String>)> = Vec::new();
    // SQLite keeps one index for a UNIQUE that repeats the primary key: the key is the constraint.
    let pk_set = sorted(&spec.primary_key);
    for (name, cols) in &wanted_unique {
        if db_unique_sets.contains(&sorted(cols)) || sorted(cols) == pk_set {
            continue;
        }
        if unique_index(name, cols) {
            implementing.insert(name.clone());
            continue;
        }
        add_unique.push((name.clone(), cols.clone()));
    }
    let wanted_sets: Vec<Vec<String>> = wanted_unique.iter().map(|(_, c)| sorted(c)).collect();
    // A database previousSpec made is what a CREATE of that spec gives, a UNIQUE the table's own
    // (the next migration from this spec expects it so): added by a rebuild, not as an index.
    if described == Described::PreviousSpec && !add_unique.is_empty() {
        rebuild.push("a UNIQUE constraint is added".into());
    }

    // Columns that go: kept (warned) unless allowDataLoss.
    let mut dropped: Vec<&Column> = Vec::new();
    for c in &removed {
        // A column that goes while another comes may be a rename, which the spec says with
        // renamedFrom: say what the migration does instead (`effect`), and how to rename.
        // One column the spec says is renamed from a name the database lacks (a typo) is the
        // one, when one goes.
        let mistyped: Vec<&Column> = added
            .iter()
            .copied()
            .filter(|a| spec.renamed_columns.iter().any(|(_, new)| *new == a.name))
            .collect();
        let candidate = match mistyped[..] {
            [one] if removed.len() == 1 => Some(one),
            _ => rename_candidate(c, &removed, &added),
        };
        let rename_hint = |effect: &str| {
            candidate.map(|new| {
                format!(
                    "if '{new}' is '{old}' renamed, {give} the column '{new}' \"renamedFrom\": {old_json} (the migration then renames it, with its values); as it is, this migration {effect} and adds '{new}' empty",
                    new = new.name,
                    old = c.name,
                    give = misnamed(spec.renamed_columns.iter().find(|(_, n)| *n == new.name).map(|(o, _)| o.as_str()), "column"),
                    // The database's name may be anything (a keyword, spaces, quotes).
                    old_json = serde_json::Value::from(c.name.as_str()),
                )
            })
        };
        if !allow_data_loss {
            // previousSpec's automatic timestamps are plain columns of the database read from
            // it: known by their names.
            let timestamp = matches!(c.name.as_str(), "created_at" | "updated_at");
            let suggestion = kept_column_suggestion(
                described,
                timestamp,
                rename_hint(&format!("keeps '{}'", c.name)),
                DatabaseType::Sqlite,
            );
            let inserts = kept_column_inserts(c);
            report.push(
                at(Issue::warning(
                    Code::ColumnNotInSpec,
                    format!(
                        "the column '{}' is in {} but not in the spec; it is kept{inserts}",
                        c.name,
                        described.name()
                    ),
                ))
                .column(&c.name)
                .suggest(suggestion),
            );
            continue;
        }
        let referenced_by: Vec<&str> = all_spec
            .referencing(schema, &spec.name)
            .filter(|t| {
                t.table.foreign_keys.iter().any(|fk| {
                    fk.referenced_table.eq_ignore_ascii_case(&spec.name)
                        && fk
                            .referenced_columns
                            .iter()
                            .any(|r| r.eq_ignore_ascii_case(&c.name))
                })
            })
            .filter(|t| !all_spec.lets_go(&t.table.name, &spec.name, &c.name))
            .map(|t| t.table.name.as_str())
            .collect();
        if !referenced_by.is_empty() {
            report.push(
                at(Issue::error(
                    Code::DependentObjects,
                    format!(
                        "the column '{}' cannot be dropped: foreign keys of {} reference it",
                        c.name,
                        referenced_by.join(", ")
                    ),
                ))
                .column(&c.name)
                .suggest("drop or change those foreign keys first, or keep the column in the spec"),
            );
            continue;
        }
        report.push(
            at(Issue::warning(
                Code::DataLoss,
                format!(
                    "the column '{}' {} (allowDataLoss)",
                    c.name,
                    crate::rows_trial::DROPPED_WITH_EVERY_VALUE
                ),
            ))
            .column(&c.name)
            .suggest(match rename_hint(&format!("drops '{}' with its values", c.name)) {
                Some(hint) => format!(
                    "{hint}. Otherwise back up the data first; the down migration restores the column but not its values"
                ),
                None => "back up the data first; the down migration restores the column but not its values".to_string(),
            }),
        );
        // A rowid key comes back from the rowids the table keeps for its rows, or numbered
        // anew when the table has a rowid column of its own (`rebuild_back`).
        if is_existing_rowid(existing, &c.name) {
            let message = if rowid_column(spec).is_none() {
                format!("the down migration gives '{}' back from the rowids the table keeps for its rows (its rebuilds copy them), unless a VACUUM renumbered them since (SQLite may, in a table without an INTEGER PRIMARY KEY): a foreign key to it that the down migration adds back would then match other rows", c.name)
            } else {
                format!("the down migration adds '{}' back numbered anew (the table's new INTEGER PRIMARY KEY took the rowids): a foreign key to it that the down migration adds back matches each row to whichever row got its old number", c.name)
            };
            report.push(
                at(Issue::warning(Code::DownDataLoss, message))
                    .column(&c.name)
                    .suggest(format!("keep '{}' (listed outside the key) while other tables' rows refer to its values", c.name)),
            );
            dropped.push(c);
            continue;
        }
        // The down rebuild fills the column back with one value for every row: a UNIQUE on
        // it alone refuses that once there are two rows, unless the value is NULL (or an
        // expression that may give each row its own).
        let fill = filler(c, d, existing);
        let refusing = if fill == "NULL" {
            None
        } else if unique_alone(existing, &c.name) && one_fill(c, d, existing).is_some() {
            Some("its UNIQUE refuses once the table has two rows".to_string())
        } else if let Some(refusing) = one_fill(c, d, existing)
            .and_then(|_| unique_expression_index_refusing(existing, &c.name))
        {
            Some(refusing)
        } else {
            refusing_filler(existing, &c.name, &fill).or_else(|| {
                one_fill(c, d, existing).and_then(|_| unique_with_kept(existing, spec, &c.name))
            })
        };
        if let Some(refusing) = refusing {
            report.push(
                at(Issue::warning(
                    Code::DownDataLoss,
                    format!(
                        "the down migration brings '{}' back as {fill} in every row, which {refusing}: the down migration then fails (and rolls that table back)",
                        c.name
                    ),
                ))
                .column(&c.name)
                .suggest("back up the table before running the up migration, and restore the column's values from it before running the down one"),
            );
        }
        dropped.push(c);
    }
    let dropped_names: HashSet<String> = dropped
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .collect();
    // A UNIQUE over several dropped columns, each filled back with one value for every row.
    let unique_indexes = existing
        .indexes
        .iter()
        .filter(|i| i.index.unique && i.index.predicate.is_none())
        .map(|i| sorted(&i.index.columns));
    let mut together: Vec<Vec<String>> = db_unique_sets
        .iter()
        .cloned()
        .chain(unique_indexes)
        .collect();
    together.sort();
    together.dedup();
    for set in together {
        if set.len() < 2 || !set.iter().all(|c| dropped_names.contains(c)) {
            continue;
        }
        let values: Option<Vec<(&str, String)>> = set
            .iter()
            .map(|name| {
                let c = dropped.iter().find(|c| c.name.eq_ignore_ascii_case(name))?;
                Some((c.name.as_str(), one_fill(c, d, existing)?))
            })
            .collect();
        if let Some(values) = values {
            report.push(crate::spec_change::down_refuses_together(
                &spec.name, &values,
            ));
        }
    }
    // A UNIQUE on a column the database keeps though the spec does not list it stays as it is
    // (the spec says nothing about it); the rebuild keeps it too (`target_table`).
    let kept_names: HashSet<String> = removed
        .iter()
        .map(|c| c.name.to_ascii_lowercase())
        .filter(|n| !dropped_names.contains(n))
        .collect();
    if db_unique_sets
        .iter()
        .any(|s| !wanted_sets.contains(s) && !s.iter().any(|c| kept_names.contains(c)))
    {
        rebuild.push("a UNIQUE constraint is removed".into());
    }
    // A foreign key of a table the spec leaves alone must still find a key or UNIQUE on the
    // columns it references, or SQLite refuses every write to that table ("foreign key
    // mismatch"). Tables of the spec are checked by validation.
    let mut key_sets_after: Vec<Vec<String>> = wanted_sets.clone();
    key_sets_after.push(sorted(&spec.primary_key));
    key_sets_after.extend(
        db_unique_sets
            .iter()
            .filter(|s| s.iter().any(|c| kept_names.contains(c)))
            .cloned(),
    );
    key_sets_after.extend(
        spec.indexes
            .iter()
            .filter(|i| i.unique && i.predicate.is_none())
            .map(|i| sorted(&i.columns)),
    );
    let mut key_sets_before: Vec<Vec<String>> = db_unique_sets.clone();
    key_sets_before.push(sorted(&db.primary_key));
    key_sets_before.extend(
        existing
            .indexes
            .iter()
            .filter(|i| i.index.unique && i.index.predicate.is_none())
            .map(|i| sorted(&i.index.columns)),
    );
    for other in all_spec.referencing(schema, &spec.name) {
        let name = &other.table.name;
        // A table of the spec has the spec's foreign keys (validated), and, without
        // allowDataLoss, those of the columns it keeps though the spec leaves them out.
        let in_spec = all_spec.has(name);
        if in_spec && allow_data_loss {
            continue;
        }
        for fk in other.table.foreign_keys.iter().filter(|f| {
            f.referenced_table.eq_ignore_ascii_case(&spec.name)
                && (!in_spec || f.columns.iter().any(|c| !all_spec.has_column(name, c)))
        }) {
            let referenced = if fk.referenced_columns.is_empty() {
                sorted(&db.primary_key)
            } else {
                sorted(&fk.referenced_columns)
            };
            if key_sets_before.contains(&referenced) && !key_sets_after.contains(&referenced) {
                // In the key's own order (`referenced` is sorted to compare sets).
                let referenced = if fk.referenced_columns.is_empty() {
                    &db.primary_key
                } else {
                    &fk.referenced_columns
                };
                report.push(
                    at(Issue::error(
                        Code::DependentObjects,
                        format!(
                            "the foreign key of '{name}' on ({}) references ({}), which would no longer be the primary key or UNIQUE; SQLite would then refuse every write to '{name}'",
                            fk.columns.join(", "),
                            referenced.join(", ")
                        ),
                    ))
                    .suggest(if in_spec {
                        format!("keep the primary key or UNIQUE on ({}), or let the columns of that foreign key that the spec leaves out go (allowDataLoss)", referenced.join(", "))
                    } else {
                        format!("keep the primary key or UNIQUE on ({}), or add '{name}' to the spec with its foreign key changed", referenced.join(", "))
                    }),
                );
            }
        }
    }
    let lower_sql_of_checks: Vec<String> = db
        .check_constraints
        .iter()
        .map(|c| c.expression.to_ascii_lowercase())
        .collect();
    let plain_drop = |c: &Column| {
        let n = c.name.to_ascii_lowercase();
        let word = |text: &str| crate::introspect::mentions(text, &n);
        !db.in_primary_key(&c.name)
            && !existing
                .unique_sets
                .iter()
                .any(|s| s.iter().any(|x| x.eq_ignore_ascii_case(&n)))
            && !existing.indexes.iter().any(|i| {
                i.index.columns.iter().any(|x| x.eq_ignore_ascii_case(&n))
                    || word(&i.sql.to_ascii_lowercase())
            })
            && !db
                .foreign_keys
                .iter()
                .any(|f| f.columns.iter().any(|x| x.eq_ignore_ascii_case(&n)))
            && !lower_sql_of_checks.iter().any(|e| word(e))
            && !existing
                .triggers
                .iter()
                .any(|(_, sql)| word(&sql.to_ascii_lowercase()))
    };
    if dropped.iter().any(|c| !plain_drop(c)) {
        rebuild.push("a dropped column is in a key, index, constraint or trigger".into());
    }
    // A view or trigger that names a dropped column fails ("no such column") once it is gone:
    // SQLite refuses the DROP COLUMN, but a rebuild would put the trigger back as it was and
    // leave the view broken, with every write to a triggered table failing from then on.
    for c in &dropped {
        let mut users = generated_columns_naming(&existing.sql, &c.name);
        users.extend(views_and_triggers_naming(schema, &db.name, &c.name));
        // An FTS5 table over it (`content='articles'`) kept up to date without triggers
        // (`INSERT INTO articles_fts(articles_fts) VALUES('rebuild')`): its queries would fail
        // (the SQLite user trial); with triggers, those are named already.
        users.extend(
            crate::sqlite_renames::virtual_tables_reading(schema, &db.name, Some(&c.name))
                .into_iter()
                .map(|v| format!("the virtual table '{}'", crate::report::clip(&v))),
        );
        if !users.is_empty() {
            report.push(
                at(Issue::error(
                    Code::DependentObjects,
                    format!(
                        "the dropped column '{}' is named by {}, which would fail once it is gone",
                        c.name,
                        users.join(", ")
                    ),
                ))
                .column(&c.name)
                .suggest("drop or rewrite those views, triggers and virtual tables first (by hand, in an earlier migration; a generated column goes only with a rebuild of the table written by hand), or keep the column in the spec"),
            );
        }
    }

    // Added columns: within SQLite's ADD COLUMN rules, or a rebuild.
    let strict = existing.rebuild_blockers.iter().any(|b| b == "STRICT");
    // How many of the rebuild's reasons are the automatic timestamp columns the table asks for
    // (their `datetime('now')` default): all of them, and the columns added by hand are the way
    // out the error names.
    let mut stamps_rebuild = 0;
    for c in &added {
        // A STRICT table takes only INT, INTEGER, REAL, TEXT, BLOB and ANY columns.
        let ty = d.column_type(c, false);
        if strict && !["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"].contains(&ty.as_str()) {
            report.push(
                at(Issue::error(Code::UnsupportedFeature, format!("the table is STRICT, which has no column type {ty} for the new column '{}'", c.name)))
                    .column(&c.name)
                    .suggest("use REAL, INTEGER or TEXT for it (a STRICT table stores only those, BLOB and ANY)"),
            );
        }
        // A new key column is filled by the rebuild's copy: the rowid numbers its rows; any
        // other fails on rows, which a file's are tried for (previousSpec has none to try).
        let rowid = rowid_column(spec) == Some(c.name.as_str());
        if !c.nullable
            && matches!(c.default, None | Some(DefaultValue::Null))
            && (!spec.in_primary_key(&c.name) || (described == Described::PreviousSpec && !rowid))
        {
            report.push(
                at(Issue::error(Code::NotNullWithoutDefault, format!("the new column '{}' is NOT NULL without a default, so existing rows cannot get a value", c.name)))
                    .column(&c.name)
                    .suggest("give it a default, or make it nullable and fill it before making it NOT NULL in a later migration"),
            );
        } else if described == Described::PreviousSpec && !rowid {
            // No rows to try (a file's are): what rows are sure to refuse is said (the rowid
            // numbers its rows).
            if let Some(issue) = crate::spec_change::added_with_one_value(d, spec, c) {
                report.push(issue);
            }
        } else if described == Described::File {
            // This file's rows are tried; the migration file runs on other copies too.
            if let Some(issue) = crate::rows_trial::one_value_referencing(d, spec, c) {
                report.push(issue);
            }
            let from = d.identifier(&existing.table.name);
            if let Some(issue) =
                crate::rows_refuse_hints::added_null_refused(d, (&spec.name, &from), spec, c)
            {
                report.push(issue);
            }
        }
        if spec.in_primary_key(&c.name) {
            rebuild.push(format!("the new column '{}' is in the primary key", c.name));
        }
        if matches!(
            c.default,
            Some(DefaultValue::Now(_) | DefaultValue::Expression(_))
        ) {
            rebuild.push(format!(
                "the new column '{}' has a default ADD COLUMN cannot take",
                c.name
            ));
            stamps_rebuild += usize::from(c.auto_timestamp);
        }
    }
    if described == Described::PreviousSpec {
        let is_added = |name: &str| added.iter().any(|c| c.name.eq_ignore_ascii_case(name));
        for issue in crate::spec_change::added_together_with_one_value(d, spec, is_added) {
            report.push(issue);
        }
    }
    if !report.is_valid() {
        // Another table's error, or this one's, stops the change; the integers a REAL would
        // round are counted all the same (`to_real`), so that one report says every table's
        // narrowing.
        return TableDiff {
            operation: Operation::Alter,
            steps: Vec::new(),
            casts: Vec::new(),
            to_real,
        };
    }

    // Indexes: by name.
    let spec_index = |name: &str| spec.indexes.iter().find(|i| i.name == name);
    // An index of the database the spec leaves out is dropped (columns are kept, indexes not:
    // a pulled spec lists every index), which may take a UNIQUE rule with it: said, not silent.
    // (previousSpec's indexes the spec leaves out are the change it asks for.)
    for ix in existing.indexes.iter().filter(|ix| {
        described == Described::File
            && !implementing.contains(&ix.index.name)
            && !ix.index.columns.iter().any(String::is_empty)
            && hidden_column(&ix.index, &db.columns).is_none()
            && spec_index(&ix.index.name).is_none()
            && !kept_index(&ix.index, &db.columns, &kept_columns)
    }) {
        // The index `unique: true` made for a column the spec lists without it now: the drop is
        // the change asked for, said as such (it read as something unintended: a user trial).
        let unique_off = match &ix.index.columns[..] {
            [c] if ix.index.unique
                && ix
                    .index
                    .name
                    .eq_ignore_ascii_case(&unique_index_name(&db.name, c)) =>
            {
                spec.columns
                    .iter()
                    .find(|s| s.name.eq_ignore_ascii_case(c) && !s.unique)
            }
            _ => None,
        };
        if let Some(c) = unique_off {
            report.push(
                at(Issue::warning(
                    Code::IndexNotInSpec,
                    format!(
                        "the UNIQUE index '{}', which \"unique\": true on '{}' made, is dropped: the spec lists '{}' without it",
                        ix.index.name, c.name, c.name
                    ),
                ))
                .column(&c.name)
                .constraint(&ix.index.name)
                .suggest(format!("set \"unique\": true on '{}' again to keep it", c.name)),
            );
            continue;
        }
        let what = if ix.index.unique {
            "UNIQUE index"
        } else {
            "index"
        };
        report.push(
            at(Issue::warning(
                Code::IndexNotInSpec,
                format!(
                    "the {what} '{}' is in the database but not in the spec; it is dropped",
                    ix.index.name
                ),
            ))
            .suggest("add it to the table's indexes in the spec to keep it"),
        );
    }
    for (ix, read) in expression_indexes_dropped(spec, existing, &dropped_names) {
        let column = read
            .iter()
            .find(|c| dropped_names.contains(*c))
            .and_then(|c| db.columns.iter().find(|k| k.name.eq_ignore_ascii_case(c)))
            .map_or_else(String::new, |c| c.name.clone());
        let what = if ix.index.unique {
            "UNIQUE expression index"
        } else {
            "expression index"
        };
        report.push(
            at(Issue::warning(
                Code::IndexNotInSpec,
                format!(
                    "the {what} '{}' reads the dropped column '{column}', so it is dropped with it; the down migration creates it again",
                    ix.index.name
                ),
            ))
            .column(&column)
            .constraint(&ix.index.name)
            .suggest(format!("keep '{column}' in the spec to keep the index (a spec has no form for an expression index; create another one by hand after this migration if you need it)")),
        );
    }
    // An index on a kept column stays, unless the spec gives its name to an index of its own:
    // then it is dropped, which is said (it was not).
    for ix in existing.indexes.iter().filter(|ix| {
        kept_index(&ix.index, &db.columns, &kept_columns)
            && spec_index(&ix.index.name).is_some_and(|s| !same_index(s, &ix.index))
    }) {
        let predicate = (ix.index.predicate.as_deref())
            .map(|p| columns_of_check(p, &db.columns))
            .unwrap_or_default();
        let column = (ix.index.columns.iter().map(|c| c.to_ascii_lowercase()))
            .chain(predicate)
            .find(|c| kept_columns.contains(c))
            .and_then(|c| db.columns.iter().find(|k| k.name.eq_ignore_ascii_case(&c)))
            .map_or_else(String::new, |c| c.name.clone());
        report.push(
            at(Issue::warning(
                Code::IndexNotInSpec,
                format!(
                    "the index '{}' on '{column}', a column {} has and the spec leaves out (it is kept), is dropped: the spec gives its name to an index of its own",
                    ix.index.name,
                    described.name()
                ),
            ))
            .column(&column)
            .constraint(&ix.index.name)
            .suggest(format!("give the spec's index another name to keep this one, or list '{column}' in the spec with it (or set allowDataLoss: true to drop the column)")),
        );
    }

    let changes_views_or_triggers = !existing.triggers.is_empty() || !existing.views.is_empty();
    // A rebuild, up or down (dropped columns come back by one), renames the table to
    // `_mg_old_{table}` for the copy: a table or index of that name (an interrupted rebuild's,
    // by hand) would make it fail.
    if !rebuild.is_empty() || !dropped.is_empty() {
        if let Some(what) = rebuild_name_taken(&existing.table.name, schema) {
            report.push(
                at(Issue::error(
                    Code::DuplicateName,
                    format!("the change needs a table rebuild, which renames the table to '_mg_old_{}' for the copy, but {} has {what} of that name", existing.table.name, described.name()),
                ))
                .suggest(match described {
                    Described::File => "look at that object (an interrupted rebuild may have left it, with rows), move what it holds, and drop or rename it first",
                    // A table of the spec's own, which needs another name.
                    Described::PreviousSpec => "rename that table (renamedFrom) in a migration before this one, or make this change by hand",
                }),
            );
            return TableDiff {
                operation: Operation::Alter,
                steps: Vec::new(),
                casts: Vec::new(),
                to_real,
            };
        }
    }
    if !rebuild.is_empty() {
        // AUTOINCREMENT is kept when the rowid column stays the rowid (`rebuild_step`). The
        // blocker comes from the word anywhere in the text (a column `autoincrement_step`, a
        // comment, a string): SQLite decides whether the table has it.
        let changed = columns_the_rebuild_changes(spec, existing, &dropped_names);
        // Recreated from its stored text, or dropped with a column it reads (and created again
        // by the down migration).
        let gone = expression_indexes_dropped(spec, existing, &dropped_names);
        let recreated: HashSet<String> = existing
            .indexes
            .iter()
            .filter(|e| {
                e.index.columns.iter().any(String::is_empty)
                    && (!names_any(&e.sql, &changed)
                        || gone.iter().any(|(g, _)| g.index.name == e.index.name))
            })
            .map(|e| crate::introspect::expression_index_blocker(&e.index.name))
            .collect();
        let blockers: Vec<&str> = existing
            .rebuild_blockers
            .iter()
            .map(String::as_str)
            .filter(|b| {
                *b != "AUTOINCREMENT"
                    || (described == Described::File
                        && !keeps_rowid(spec, existing, &dropped_names)
                        && declares_autoincrement(&existing.sql))
            })
            // An expression index comes back from its stored text over the same values.
            .filter(|b| !recreated.contains(*b))
            .collect();
        if !blockers.is_empty() {
            report.push(
                at(Issue::error(
                    Code::UnsupportedFeature,
                    format!(
                        "the change needs a table rebuild ({}), which would not keep {}{}",
                        rebuild[0],
                        blockers.join(", "),
                        if blockers.iter().any(|b| b.starts_with(crate::introspect::EXPRESSION_INDEX)) {
                            " (a rebuild recreates an expression index only when the values of every column its text names are copied as they are: none dropped, retyped or made NOT NULL)"
                        } else {
                            ""
                        }
                    ),
                ))
                .suggest(if stamps_rebuild == rebuild.len() && described == Described::File {
                    timestamps_by_hand(&spec.name, &d.identifier(&existing.table.name))
                } else {
                    "write this migration by hand".to_string()
                }),
            );
            return TableDiff {
                operation: Operation::Alter,
                steps: Vec::new(),
                casts: Vec::new(),
                to_real,
            };
        }
        if let Some(bad) = db.columns.iter().find(|c| {
            (!is_snake_identifier(&c.name) || d.is_reserved(&c.name))
                && !spec
                    .columns
                    .iter()
                    .any(|s| s.name.eq_ignore_ascii_case(&c.name))
                && !dropped_names.contains(&c.name.to_ascii_lowercase())
        }) {
            report.push(
                at(Issue::error(Code::UnsupportedFeature, format!("the change needs a table rebuild, and the kept column '{}' has a name the generator does not write (not snake_case, or a word SQLite reserves)", bad.name)))
                    .column(&bad.name)
                    .suggest("add the column to the spec under a snake_case name in a separate migration, or set allowDataLoss to drop it"),
            );
            return TableDiff {
                operation: Operation::Alter,
                steps: Vec::new(),
                casts: Vec::new(),
                to_real,
            };
        }
        steps.push(rebuild_step(
            spec,
            existing,
            &dropped_names,
            &casts,
            (all_spec, schema),
            described,
            report,
        ));
    } else {
        if !dropped.is_empty() {
            // Dropped before anything is added, so that undoing them (a rebuild back to the
            // stored table) runs after the added columns are gone again.
            let mut back = rebuild_back(spec, existing, &dropped_names, schema, all_spec);
            // The table as the drops leave it, checked when the down migration rebuilds it back.
            back.expected = Some(Expected::catalog(existing, &dropped_names, !back.fk_off));
            let up = dropped
                .iter()
                .map(|c| {
                    // A dropped column is one of the database's, named anyhow.
                    format!(
                        "ALTER TABLE {} DROP COLUMN {};",
                        spec.name,
                        d.identifier(&c.name)
                    )
                })
                .collect();
            steps.push(AlterStep::new(up, rebuild_sql(&back)));
        }
        for c in &added {
            let mut col = (*c).clone();
            col.unique = false;
            let mut host = spec.clone();
            if !inline_fk_columns.contains(&c.name) {
                host.foreign_keys
                    .retain(|f| !(f.columns.len() == 1 && f.columns[0] == c.name));
            }
            let def = d.column_definition(&host, &col);
            steps.push(AlterStep::new(
                vec![format!("ALTER TABLE {} ADD COLUMN {def};", spec.name)],
                vec![format!("ALTER TABLE {} DROP COLUMN {};", spec.name, c.name)],
            ));
            report.push(crate::down::drops_column(&spec.name, &c.name));
        }
        // UNIQUE indexes go last, behind one guard (`guard_unique_indexes`).
        let mut unique: Vec<Index> = add_unique
            .iter()
            .map(|(name, cols)| Index {
                name: name.clone(),
                columns: cols.clone(),
                unique: true,
                method: None,
                predicate: None,
            })
            .collect();
        for ix in &existing.indexes {
            if implementing.contains(&ix.index.name) {
                continue;
            }
            // An expression index the spec cannot describe stays unless the spec reuses its
            // name; so does one on a generated or hidden column, and one on a column kept
            // though the spec leaves it out.
            if (ix.index.columns.iter().any(String::is_empty)
                || hidden_column(&ix.index, &db.columns).is_some()
                || kept_index(&ix.index, &db.columns, &kept_columns))
                && spec_index(&ix.index.name).is_none()
            {
                continue;
            }
            match spec_index(&ix.index.name) {
                Some(s) if same_index(s, &ix.index) => {}
                _ => steps.push(AlterStep::new(
                    vec![d.drop_index(&spec.name, &ix.index.name)],
                    vec![crate::introspect::as_statement(&ix.sql)],
                )),
            }
        }
        for ix in &spec.indexes {
            let exists_same = existing
                .indexes
                .iter()
                .any(|e| e.index.name == ix.name && same_index(ix, &e.index));
            if exists_same {
                continue;
            }
            if ix.unique {
                unique.push(ix.clone());
            } else {
                steps.push(AlterStep::new(
                    vec![d.create_index_text(spec, ix, described.index_if_not_exists())],
                    vec![d.drop_index(&spec.name, &ix.name)],
                ));
            }
        }
        guard_unique_indexes(spec, unique, described, &mut steps);
    }
    if !steps.is_empty() && changes_views_or_triggers {
        let mut what = Vec::new();
        if !existing.triggers.is_empty() {
            what.push(format!(
                "triggers {}",
                existing
                    .triggers
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !existing.views.is_empty() {
            what.push(format!("views {}", existing.views.join(", ")));
        }
        report.push(
            at(Issue::warning(
                Code::DependentObjects,
                format!("the change touches a table used by {}", what.join(" and ")),
            ))
            .suggest("check that they still work with the new columns after the migration"),
        );
    }
    TableDiff {
        operation: if steps.is_empty() {
            Operation::Skip
        } else {
            Operation::Alter
        },
        steps,
        casts,
        to_real,
    }
}

/// One table's place in a migration that changes an existing database: created (an index into
/// the created tables) or changed (an index into the changed ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The created table of this index.
    Create(usize),
    /// The changed table of this index.
    Alter(usize),
}

/// The order to create `created` (already in creation order) and change `changed` (spec tables
/// with their existing tables) in, so that the down migration, the same changes undone in
/// reverse, works too. A table whose new foreign key (one the database does not have with the
/// same columns and key) references another table goes after it:
/// after its creation, or after its change (which may add the key referenced: a table created
/// before that change would reference a non-key, and every write to it fail, if the change
/// were then refused). A changed table whose change removes a foreign key to another changed
/// table goes before it (whose change may remove the key referenced, which the down migration
/// must put back before the foreign key). Otherwise, and within a cycle, the created tables
/// first in their order, then the changed ones in the spec's.
/// Index names that move between tables ([`index_name_clashes`]) order their tables too: the
/// one that frees a name before the one that takes it; a move that the foreign keys' order
/// cannot honour (a cycle) comes back with the order, to be refused.
pub fn migration_order(
    created: &[&Table],
    changed: &[(&Table, &ExistingTable)],
    moved: &[MovedIndexName],
) -> (Vec<Slot>, Vec<MovedIndexName>) {
    let n = created.len();
    let names = created
        .iter()
        .map(|t| &t.name)
        .chain(changed.iter().map(|(t, _)| &t.name));
    let index: HashMap<String, usize> = names
        .enumerate()
        .map(|(i, name)| (name.to_ascii_lowercase(), i))
        .collect();
    let find = |name: &str| index.get(&name.to_ascii_lowercase()).copied();
    // Stand-in tables whose foreign keys reference the tables that must go before them.
    let mut stand_ins: Vec<Table> = created
        .iter()
        .copied()
        .chain(changed.iter().map(|(t, _)| *t))
        .map(|t| Table {
            name: t.name.clone(),
            ..Default::default()
        })
        .collect();
    let before = |stand_ins: &mut Vec<Table>, first: usize, then: usize| {
        let referenced_table = stand_ins[first].name.clone();
        stand_ins[then].foreign_keys.push(ForeignKey {
            columns: Vec::new(),
            referenced_table,
            referenced_columns: Vec::new(),
            on_delete: None,
            on_update: None,
            name: None,
        });
    };
    // A foreign key the database already has (same columns and key) needs nothing first.
    let references = |fk: &ForeignKey| {
        let (columns, table, key, _, _) = fk_key(fk);
        (columns, table, key)
    };
    let new_foreign_keys = created.iter().map(|t| (*t, HashSet::new())).chain(
        changed
            .iter()
            .map(|(t, e)| (*t, e.table.foreign_keys.iter().map(references).collect())),
    );
    for (i, (t, existing)) in new_foreign_keys.enumerate() {
        for fk in t
            .foreign_keys
            .iter()
            .filter(|fk| !existing.contains(&references(fk)))
        {
            if let Some(p) = find(&fk.referenced_table).filter(|&p| p != i) {
                before(&mut stand_ins, p, i);
            }
        }
    }
    for (j, (t, e)) in changed.iter().enumerate() {
        let i = n + j;
        for fk in &e.table.foreign_keys {
            let kept = t.foreign_keys.iter().any(|f| {
                f.referenced_table
                    .eq_ignore_ascii_case(&fk.referenced_table)
            });
            if let Some(p) = find(&fk.referenced_table).filter(|&p| p >= n && p != i && !kept) {
                before(&mut stand_ins, i, p);
            }
        }
    }
    // Each move's two tables among those ordered; `None` when one is not (not honoured).
    let moves: Vec<Option<(usize, usize)>> = moved
        .iter()
        .map(|m| find(&m.from).zip(find(&m.to)))
        .collect();
    for &(from, to) in moves.iter().flatten() {
        before(&mut stand_ins, from, to);
    }
    let order = crate::plan::creation_order(&stand_ins.iter().collect::<Vec<_>>()).order;
    let place = |i: usize| order.iter().position(|&o| o == i);
    let not_honoured = moved
        .iter()
        .zip(&moves)
        .filter(|(_, m)| !m.is_some_and(|(from, to)| place(from) < place(to)))
        .map(|(m, _)| m.clone())
        .collect();
    let slots = order
        .into_iter()
        .map(|i| {
            if i < n {
                Slot::Create(i)
            } else {
                Slot::Alter(i - n)
            }
        })
        .collect();
    (slots, not_honoured)
}

/// The spec's tables, with what the comparison asks of all of them at once by name (ASCII case
/// ignored, as SQLite does): asked once per table, a scan each time made it quadratic.
pub struct SpecTables {
    /// Lowercased names of the spec's tables.
    names: HashSet<String>,
    /// Lowercased names of the tables the spec's foreign keys reference.
    referenced: HashSet<String>,
    /// Lowercased names of each spec table's columns, by lowercased table name.
    columns: HashMap<String, HashSet<String>>,
    /// Lowercased names of the database's tables that the migration drops before its other
    /// changes (`dropTablesNotInSpec`): gone by the time a table is rebuilt, so neither their
    /// foreign keys nor their rows hold a change back.
    dropped_first: HashSet<String>,
    /// The (table, column) each spec table not marked existing references, lowercased, by its
    /// lowercased name: what its change leaves of its foreign keys.
    references: HashMap<String, HashSet<(String, String)>>,
}

impl SpecTables {
    /// The index of `tables`.
    pub fn of(tables: &[Table]) -> SpecTables {
        SpecTables {
            names: tables.iter().map(|t| t.name.to_ascii_lowercase()).collect(),
            referenced: tables
                .iter()
                .flat_map(|t| &t.foreign_keys)
                .map(|f| f.referenced_table.to_ascii_lowercase())
                .collect(),
            columns: tables
                .iter()
                .map(|t| {
                    let names = t.columns.iter().map(|c| c.name.to_ascii_lowercase());
                    (t.name.to_ascii_lowercase(), names.collect())
                })
                .collect(),
            dropped_first: HashSet::new(),
            references: tables
                .iter()
                .filter(|t| !t.existing)
                .map(|t| {
                    let refs = t.foreign_keys.iter().flat_map(|f| {
                        f.referenced_columns.iter().map(|c| {
                            (
                                f.referenced_table.to_ascii_lowercase(),
                                c.to_ascii_lowercase(),
                            )
                        })
                    });
                    (t.name.to_ascii_lowercase(), refs.collect())
                })
                .collect(),
        }
    }

    /// Whether the change of the spec's table `table` (not marked existing) leaves it no
    /// foreign key to `parent`'s `column`: its own change drops the database's, first
    /// (`migration_order` puts a table that loses a foreign key before the table it referenced).
    pub fn lets_go(&self, table: &str, parent: &str, column: &str) -> bool {
        self.references
            .get(&table.to_ascii_lowercase())
            .is_some_and(|r| {
                !r.contains(&(parent.to_ascii_lowercase(), column.to_ascii_lowercase()))
            })
    }

    /// Whether the spec's table `table` has a column `column`.
    pub fn has_column(&self, table: &str, column: &str) -> bool {
        self.columns
            .get(&table.to_ascii_lowercase())
            .is_some_and(|c| c.contains(&column.to_ascii_lowercase()))
    }

    /// The same, with `dropped` the tables the migration drops before its other changes.
    pub fn dropping_first<'a>(mut self, dropped: impl IntoIterator<Item = &'a str>) -> SpecTables {
        self.dropped_first = dropped.into_iter().map(str::to_ascii_lowercase).collect();
        self
    }

    /// Whether the migration drops the database's table `name` before its other changes.
    pub fn is_dropped_first(&self, name: &str) -> bool {
        self.dropped_first.contains(&name.to_ascii_lowercase())
    }

    /// The tables of `schema` whose foreign keys reference `name`, except those the migration
    /// drops first.
    pub fn referencing<'a>(
        &'a self,
        schema: &'a ExistingSchema,
        name: &'a str,
    ) -> impl Iterator<Item = &'a ExistingTable> + 'a {
        schema
            .referencing(name)
            .filter(|t| !self.is_dropped_first(&t.table.name))
    }

    /// Whether the spec has a table of that name.
    pub fn has(&self, name: &str) -> bool {
        self.names.contains(&name.to_ascii_lowercase())
    }

    /// Whether a foreign key of the spec references `name`.
    pub fn is_referenced(&self, name: &str) -> bool {
        self.referenced.contains(&name.to_ascii_lowercase())
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
fn names_index(t: &Table, name: &str) -> bool {
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

/// An index name the migration moves from one table to another: the table whose change drops
/// it (`from`) must go before the one that takes it (`to`), and the down migration then undoes
/// them the other way round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MovedIndexName {
    /// The name.
    pub name: String,
    /// The table of the database that has it, whose change drops it (the spec lists no index
    /// or UNIQUE constraint of that name for it).
    pub from: String,
    /// The table of the spec that takes it.
    pub to: String,
    /// Whether `to` takes it as its own name (a table created under an index's name), not as
    /// an index's.
    pub as_table_name: bool,
    /// How the database that has it was described (for the message).
    pub described: Described,
}

impl MovedIndexName {
    /// `DUPLICATE_NAME` for a name that another table of the database holds while this one
    /// takes it: SQLite's `CREATE INDEX IF NOT EXISTS` would skip it without an error, and the
    /// table would silently lack it (from previousSpec, the plain `CREATE INDEX` would fail).
    pub fn clash(&self) -> Issue {
        if self.as_table_name {
            return table_name_taken(self.described, "an index", &self.to);
        }
        // A migration from previousSpec writes a plain CREATE INDEX (see
        // `Described::index_if_not_exists`).
        let outcome = if self.described.index_if_not_exists() {
            format!(
                "SQLite's CREATE INDEX IF NOT EXISTS would skip it, leaving '{}' without it",
                self.to
            )
        } else {
            "SQLite's CREATE INDEX would fail on it".to_string()
        };
        Issue::error(
            Code::DuplicateName,
            format!(
                "the index name '{}' is already used in {} by an index of '{}'; {outcome}",
                self.name,
                self.described.name(),
                self.from,
            ),
        )
        .table(&self.to)
        .constraint(&self.name)
        .suggest("choose another name, for example idx_{table}_{columns}")
    }
}

/// Whether the change of the database's table `owner` drops its index `name`, freeing the name:
/// `owner` is a table of the spec (`tables`), not marked existing, that lists no index or
/// UNIQUE constraint of that name, and the index is not an expression's (which a spec cannot
/// describe).
fn change_frees(tables: &[Table], owner: &ExistingTable, name: &str) -> bool {
    let Some(o) = tables
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(&owner.table.name))
    else {
        return false;
    };
    !o.existing
        && !names_index(o, name)
        && owner.indexes.iter().any(|i| {
            i.index.name.eq_ignore_ascii_case(name) && !i.index.columns.iter().any(String::is_empty)
        })
}

/// `DUPLICATE_NAME` for a table created under a name `described` already gives `what`.
fn table_name_taken(described: Described, what: &str, table: &str) -> Issue {
    Issue::error(
        Code::DuplicateName,
        format!(
            "{} already has {what} named '{table}'; a table of that name cannot be created beside it",
            described.name()
        ),
    )
    .table(table)
    .suggest("choose another name for the table")
}

/// The index and UNIQUE constraint names of the spec that another table of the database has
/// as an index name: `DUPLICATE_NAME` ([`MovedIndexName::clash`]), but where the other table's
/// change drops it (a table of the spec, not marked existing, that lists no index or UNIQUE
/// constraint of that name, the index not an expression's): then the name moves, and is
/// returned, to be freed first ([`migration_order`]). The names of a table the migration drops
/// first (`all_spec`) are free again.
pub fn index_name_clashes(
    tables: &[Table],
    schema: &ExistingSchema,
    all_spec: &SpecTables,
    described: Described,
    report: &mut Report,
) -> Vec<MovedIndexName> {
    let mut moved = Vec::new();
    for t in tables {
        let names = t
            .indexes
            .iter()
            .map(|i| i.name.as_str())
            .chain(t.unique_constraints.iter().map(|u| u.name.as_str()));
        for name in names {
            let owner = schema.index_owners(name).find(|o| {
                !o.table.name.eq_ignore_ascii_case(&t.name)
                    && !all_spec.is_dropped_first(&o.table.name)
            });
            let Some(owner) = owner else {
                continue;
            };
            let move_ = MovedIndexName {
                name: name.to_string(),
                from: owner.table.name.clone(),
                to: t.name.clone(),
                as_table_name: false,
                described,
            };
            if change_frees(tables, owner, name) {
                moved.push(move_);
            } else {
                report.push(move_.clash());
            }
        }
    }
    moved
}

/// `DUPLICATE_NAME` for a table of the spec that the database does not have as a table but
/// already uses the name of: one of the tables a virtual table stores its data in (which
/// `CREATE TABLE IF NOT EXISTS` would skip, and whose down migration would drop it), a view or
/// an index (tables, views and indexes share one namespace, and the CREATE would fail), except
/// an index of a table the migration drops first (`all_spec`), and an index another table's
/// change drops: then the name moves, and is returned, to be freed first ([`migration_order`]),
/// as an index name that moves is ([`index_name_clashes`]).
pub fn table_name_clashes(
    tables: &[Table],
    schema: &ExistingSchema,
    all_spec: &SpecTables,
    described: Described,
    report: &mut Report,
) -> Vec<MovedIndexName> {
    let mut moved = Vec::new();
    for t in tables.iter().filter(|t| schema.table(&t.name).is_none()) {
        let what = if schema
            .shadow_tables
            .iter()
            .any(|s| s.eq_ignore_ascii_case(&t.name))
        {
            "a table in which a virtual table stores its data"
        } else if schema.views.iter().any(|v| v.eq_ignore_ascii_case(&t.name)) {
            "a view"
        } else if let Some(owner) = schema
            .index_owners(&t.name)
            .find(|o| !all_spec.is_dropped_first(&o.table.name))
        {
            if tables.iter().any(|o| names_index(o, &t.name)) {
                // The spec names an index so too, which validation says (one mistake, one
                // error).
                continue;
            }
            if change_frees(tables, owner, &t.name) {
                moved.push(MovedIndexName {
                    name: t.name.clone(),
                    from: owner.table.name.clone(),
                    to: t.name.clone(),
                    as_table_name: true,
                    described,
                });
                continue;
            }
            "an index"
        } else {
            continue;
        };
        report.push(table_name_taken(described, what, &t.name));
    }
    moved
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

/// `Step`s for a diff.
pub fn steps_of<'a>(diff: TableDiff) -> Vec<Step<'a>> {
    diff.steps.into_iter().map(Step::Alter).collect()
}
