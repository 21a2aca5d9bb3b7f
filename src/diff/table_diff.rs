//! The comparison of one table ([`diff_table`]): the spec table beside the database's, and the
//! change that takes one to the other — nothing, `ALTER TABLE` statements and index changes, or
//! a rebuild — with the warnings and errors of what the change would lose or cannot do.

use super::column_changes::{compare_columns, normalize_expr, ColumnChanges};
use super::constraints::{
    columns_of_check, constraints_not_in_spec, expression_indexes_dropped, fk_key, hidden_column,
    kept_constraints, kept_index, same_index, unique_index_name, FkKey,
};
use super::dropped_columns::{
    filler, generated_columns_naming, one_fill, refusing_filler, unique_alone,
    unique_expression_indexes_refusing, uniques_with_kept, views_and_triggers_naming,
};
use super::not_in_spec::{
    kept_column_inserts, kept_column_suggestion, misnamed, timestamps_by_hand,
};
use super::order::SpecTables;
use super::rebuild::{guard_unique_indexes, rebuild_name_taken, rebuild_sql};
use super::rebuild_plan::{columns_the_rebuild_changes, names_any, rebuild_back, rebuild_step};
use super::rename_candidate::rename_candidate;
use super::rowid::{declares_autoincrement, is_existing_rowid, keeps_rowid, rowid_column};
use super::{sorted, Described, TableDiff};
use crate::dialect::{Dialect, Sqlite};
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::output::Operation;
use crate::rebuild_guard::Expected;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::steps::AlterStep;
use crate::validate::is_snake_identifier;
use std::collections::HashSet;

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
            // (The file's indexes are read apart from its table.)
            let mut with_indexes = db.clone();
            let file_indexes = existing.indexes.iter().map(|i| &i.index);
            for i in file_indexes.filter(|i| !db.indexes.iter().any(|x| x.name == i.name)) {
                with_indexes.indexes.push(i.clone());
            }
            let inserts = kept_column_inserts(c)
                + &crate::spec_change::kept_with_column(d, &with_indexes, spec, &c.name);
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
        // expression that may give each row its own); so do a UNIQUE expression index over it
        // and a UNIQUE over it and kept columns, each on rows of its own, then a CHECK or a
        // foreign key over it: every one is named (a user trial's was told of the first).
        let fill = filler(c, d, existing);
        let mut refusals: Vec<String> = Vec::new();
        if fill != "NULL" {
            if one_fill(c, d, existing).is_some() {
                if unique_alone(existing, &c.name) {
                    refusals.push("its UNIQUE refuses once the table has two rows".to_string());
                }
                refusals.extend(unique_expression_indexes_refusing(existing, &c.name));
                refusals.extend(uniques_with_kept(existing, spec, &c.name));
            }
            refusals.extend(refusing_filler(existing, &c.name, &fill));
        }
        let refusing = (!refusals.is_empty()).then(|| refusals.join(", and "));
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
