//! The comparison of one table of `previousSpec` with the spec's: columns added, dropped or
//! kept, renamed and retyped, with what each change does to the rows, and the table's
//! statements both ways.

use super::as_created;
use super::column_back::{back_at_the_end, column_back};
use super::column_change::column_changes;
use super::foreign_keys::foreign_key_changes;
use super::generated_names::generated_renames;
use super::kept::{kept_foreign_keys, kept_part, kept_refused, replaced_on_kept, with_kept};
use super::moved::Moved;
use super::one_value::{
    added_together_with_one_value, dropped_together_with_one_value, keeps_apart,
};
use super::order::{MovedNames, TableChange};
use super::put_back::{put_back, Around};
use super::renames::{rename_table, renames_and_refused, with_renamed};
use super::statements::core_statements;
use crate::dialect::{column_list, Dialect, GeneratedName};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::steps::AlterStep;
use std::borrow::Cow;
use std::collections::HashSet;

/// One table's comparison, as each of its checks reads it.
#[derive(Clone, Copy)]
pub(super) struct Compared<'a> {
    /// The dialect of the migration.
    pub(super) d: &'a dyn Dialect,
    /// The table as previousSpec has it, that is as the database has it: the statements are
    /// written from it.
    pub(super) original: &'a Table,
    /// `original` with the columns the spec renames renamed: compared with `table`.
    pub(super) previous: &'a Table,
    /// The spec's table (effective: timestamps added).
    pub(super) table: &'a Table,
    /// The table as the migration leaves it, with what it keeps on the columns the spec leaves
    /// out (see [`with_kept`]).
    pub(super) kept_view: &'a Table,
    /// The columns the migration renames, (old, new).
    pub(super) renames: &'a [(String, String)],
    /// The columns of a refused rename, old and new names: not compared.
    pub(super) skipped: &'a HashSet<&'a str>,
    /// Whether the migration may drop what the spec leaves out (`allowDataLoss`).
    pub(super) allow_data_loss: bool,
}

impl Compared<'_> {
    /// `issue`, said of the table.
    pub(super) fn at(&self, issue: Issue) -> Issue {
        issue.table(&self.table.name)
    }
}

/// Compares `previous` with `table` (the same table, effective: timestamps added), filing what
/// cannot be done (or is only done with `allow_data_loss`) in `report`: first what the table's
/// key and the columns it keeps under its keys do, then each column, those the spec no longer
/// lists, and the names the database made; with no error filed, what the rows refuse of the
/// rules the table gets, and its statements both ways.
pub fn compare(
    d: &dyn Dialect,
    previous: &Table,
    table: &Table,
    moved: &Moved,
    allow_data_loss: bool,
    report: &mut Report,
) -> TableChange {
    let before = report.errors.len();
    let warnings_before = report.warnings.len();
    // Compared with the columns it renames renamed; its statements are written from the table
    // as the database has it (`original`).
    let (renames, refused) = renames_and_refused(previous, table, report);
    // The columns of a refused rename (the error is filed) are not compared: as an add and a
    // drop, they would only add errors about those (a NOT NULL column without a default, a
    // column kept, a key that changes). The rest of the table is, for what else it says wrong.
    let skipped: HashSet<&str> = refused
        .iter()
        .flat_map(|(old, new)| [old.as_str(), new.as_str()])
        .collect();
    let original = previous;
    let renamed = with_renamed(d, previous, &table.name, &renames);
    let previous = &*renamed;
    // The table as the migration leaves it, with what it keeps on the columns the spec leaves
    // out: its columns' types are written from it (a TEXT column in a kept UNIQUE is MySQL's
    // VARCHAR(255)), and it is held to what the dialect asks of a table.
    let kept_view = with_kept(d, previous, table, allow_data_loss);
    if let Cow::Owned(kept) = &kept_view {
        kept_refused(d, (previous, table), kept, report);
    }
    let cx = Compared {
        d,
        original,
        previous,
        table,
        kept_view: &kept_view,
        renames: &renames,
        skipped: &skipped,
        allow_data_loss,
    };
    let rekeyed = rekeyed(&cx);
    unique_on_the_key(&cx, rekeyed, report);
    rekeyed_back(&cx, rekeyed, report);
    keys_through_back(&cx, report);
    put_back_issues(&cx, moved, report);
    // Whether a type change's new type may refuse a value the rows hold, as its
    // `TYPE_NARROWING` says: where the change runs on MySQL (`crate::commit_order`).
    let types_refuse = column_changes(&cx, report);
    let columns = columns_not_shared(&cx, report);
    together_with_one_value(&cx, &columns, report);
    let back: Vec<(String, String)> = renames
        .iter()
        .map(|(o, n)| (n.clone(), o.clone()))
        .collect();
    let Some(generated) = generated_names(&cx, &back, rekeyed, report) else {
        return TableChange::default();
    };
    renamed_onto_own_names(&cx, report);
    if report.errors.len() > before {
        return TableChange::default();
    }
    for new in &columns.added {
        report.push(crate::down::drops_column(&table.name, &new.name));
    }
    // What existing rows can refuse of the rules the table gets (a UNIQUE, a foreign key, a
    // CHECK): the engine checks them against every row, with nothing said before.
    for issue in rows_refuse_warnings(d, (original, previous), table, moved) {
        report.push(issue);
    }
    // (Only warnings are filed since the errors were counted: an error is this check's.)
    kept_checks_on_renamed_columns(&cx, report);
    if report.errors.len() > before {
        return TableChange::default();
    }
    let said = &report.warnings[warnings_before..];
    let effects = [
        crate::commit_order::RowEffects::of(d, previous, &kept_view, said, types_refuse),
        crate::commit_order::RowEffects::of_down(d, previous, &kept_view, said),
    ];
    let settled = Settled {
        kept: columns.kept,
        back,
        generated,
    };
    table_change(&cx, moved, settled, effects)
}

/// Whether the primary key changes (the columns of a refused rename left out). A changed
/// primary key is dropped and made again (see `core_statements`); the foreign keys to its
/// columns, before and after, go and come around it (see `Moved`).
fn rekeyed(cx: &Compared) -> bool {
    let key = |t: &Table| -> Vec<String> {
        t.primary_key
            .iter()
            .filter(|c| !cx.skipped.contains(c.as_str()))
            .cloned()
            .collect()
    };
    key(cx.previous) != key(cx.table)
}

/// Refuses, where the database makes a UNIQUE constraint on the primary key's columns the key
/// itself (PostgreSQL), one that this migration would add, change or drop.
fn unique_on_the_key(cx: &Compared, rekeyed: bool, report: &mut Report) {
    let Compared {
        d, previous, table, ..
    } = *cx;
    if d.unique_on_the_key_is_the_key() {
        // Only a constraint on the key of its own spec is merged (a UNIQUE on the old key's
        // columns that this spec adds is a constraint of its own, as the old key goes).
        let old_key = previous.unique_constraints.iter().filter(|u| {
            u.columns == previous.primary_key && (rekeyed || !table.unique_constraints.contains(u))
        });
        let new_key = table.unique_constraints.iter().filter(|u| {
            u.columns == table.primary_key && (rekeyed || !previous.unique_constraints.contains(u))
        });
        let mut seen: HashSet<&str> = HashSet::new();
        for (u, in_previous) in old_key
            .map(|u| (u, true))
            .chain(new_key.map(|u| (u, false)))
            .filter(|(u, _)| seen.insert(&u.name))
        {
            let (message, suggestion) = match (rekeyed, in_previous) {
                (true, true) => (
                    format!("the UNIQUE constraint '{}' of previousSpec is on its primary key's columns, which PostgreSQL made the primary key itself, under that name: the key changes, and a migration from previousSpec does not drop a key by a name it cannot be sure of", u.name),
                    format!("change the key by hand (ALTER TABLE {} DROP CONSTRAINT {}, ADD PRIMARY KEY (…)), and generate the next migrations from a previousSpec without the constraint", d.identifier(&table.name), d.identifier(&u.name)),
                ),
                (true, false) => (
                    format!("the UNIQUE constraint '{}' is on the new primary key's columns, which PostgreSQL would make the primary key itself, under that name", u.name),
                    format!("leave '{}' out of the spec: the primary key is unique already (a constraint previousSpec has is then dropped)", u.name),
                ),
                _ => (
                    format!("the UNIQUE constraint '{}' is on the primary key's columns, which PostgreSQL makes the primary key itself (under that name): adding, changing or dropping it changes the primary key, which a migration from previousSpec does not do", u.name),
                    "leave the constraint as previousSpec has it (it adds nothing to the primary key)".to_string(),
                ),
            };
            report.push(
                cx.at(Issue::error(Code::UnsupportedFeature, message))
                    .constraint(&u.name)
                    .suggest(suggestion),
            );
        }
    }
}

/// Warns that the down migration makes the old primary key again, over the rows written since.
fn rekeyed_back(cx: &Compared, rekeyed: bool, report: &mut Report) {
    let Compared {
        d, previous, table, ..
    } = *cx;
    // The down migration makes the old key again, over the rows written since; not said when
    // the table keeps its rows apart there (a UNIQUE on the old key's columns, beside a new
    // surrogate key: a MySQL trial's noise).
    if rekeyed && !keeps_apart(table, &previous.primary_key) {
        let mysql = if d.database_type() == DatabaseType::Mysql {
            concat!(
                ", leaving ",
                mysql_down_stopped!(),
                ", so the key stays the one the up migration made"
            )
        } else {
            ""
        };
        report.push(
            cx.at(Issue::warning(
                Code::DownDataLoss,
                format!(
                    "the down migration makes ({}) the primary key of '{}' again: rows written since that share values there make it fail{mysql}",
                    column_list(&previous.primary_key),
                    table.name
                ),
            ))
            .suggest("before running the down migration, remove or mend the rows whose values repeat there"),
        );
    }
}

/// Warns of the keys the table keeps that the down migration's type change back can make
/// values repeat in.
fn keys_through_back(cx: &Compared, report: &mut Report) {
    let Compared {
        d,
        previous,
        table,
        kept_view,
        ..
    } = *cx;
    // The down migration converts the columns back under the keys the table keeps: where that
    // can make values apart one (`conversion::merges` the other way round, as the up
    // migration's `ROWS_REFUSE_CHANGE` reads it), rows written since that then repeat make it
    // fail on the key (a DECIMAL(5,1) made DECIMAL(6,2) takes 1.01 and 1.02, both 1.0 again).
    for key in crate::rows_refuse_hints::keys_through(d, kept_view, previous) {
        // (Said only of a key the table had: one it puts back is said as such.)
        if key.made_one.is_empty() {
            continue;
        }
        let mysql = if d.database_type() == DatabaseType::Mysql {
            concat!(", leaving ", mysql_down_stopped!())
        } else {
            ""
        };
        let mut issue = cx.at(Issue::warning(
            Code::DownDataLoss,
            format!(
                "the down migration keeps {} on '{}' through the type change back of {}: values written since that are apart become one there, and rows that then repeat make it fail{mysql}",
                key.what(),
                table.name,
                key.made_one.join(", ")
            ),
        ))
        .suggest("before running the down migration, remove or mend the rows whose values become one there, or keep the wider type");
        issue = match key.constraint {
            Some(c) => issue.constraint(c),
            None => issue.column(&key.columns[0]),
        };
        report.push(issue);
    }
}

/// Files what the down migration cannot put back as it was (see [`put_back`]).
fn put_back_issues(cx: &Compared, moved: &Moved, report: &mut Report) {
    let Compared {
        d,
        original,
        previous,
        table,
        renames,
        ..
    } = *cx;
    let around = Around {
        left_out: &|t| moved.left_out.contains(t),
        now: &|t, columns| moved.named_now(t, columns),
        renamed_from: (original.name != table.name).then_some(original.name.as_str()),
    };
    for issue in put_back(d, previous, table, renames, &around) {
        report.push(issue);
    }
}

/// The columns previousSpec's table and the spec's do not share.
struct NotShared<'a> {
    /// previousSpec's columns the spec no longer lists (but those of a refused rename).
    removed: Vec<&'a Column>,
    /// The spec's columns previousSpec's table does not have.
    added: Vec<&'a Column>,
    /// Of `removed`, those the migration keeps (without `allowDataLoss`).
    kept: Vec<&'a str>,
}

/// Files what becomes of the columns the spec no longer lists: dropped with allowDataLoss
/// (said with what the down migration cannot give back), otherwise kept (said with what the
/// spec replaces on them).
fn columns_not_shared<'a>(cx: &Compared<'a>, report: &mut Report) -> NotShared<'a> {
    let Compared {
        d,
        original,
        previous,
        table,
        skipped,
        allow_data_loss,
        ..
    } = *cx;
    // Columns the spec no longer lists: dropped with allowDataLoss, otherwise kept. One that
    // goes while one of its type comes may be a rename, which this tool does not write.
    let removed: Vec<&Column> = previous
        .columns
        .iter()
        .filter(|c| table.column(&c.name).is_none() && !skipped.contains(c.name.as_str()))
        .collect();
    let added: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| previous.column(&c.name).is_none())
        .collect();
    let mut kept: Vec<&str> = Vec::new();
    for old in &removed {
        let rename = crate::diff::rename_candidate(old, &removed, &added).map(|new| {
            format!(
                "if '{new}' is '{old}' renamed, give the column '{new}' \"renamedFrom\": \"{old}\" (the migration then renames it, with its values); as it is, this migration {effect} and adds '{new}' empty",
                new = new.name,
                old = old.name,
                effect = if allow_data_loss { format!("drops '{}' with its values", old.name) } else { format!("keeps '{}'", old.name) },
            )
        });
        if old.auto_increment && !allow_data_loss {
            // Kept, it would stay numbered outside the primary key (which MySQL refuses, and no
            // spec describes).
            report.push(
                cx.at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("the auto-increment key '{}' of previousSpec is not in the spec, which would keep it, numbered, outside the new primary key ({})", old.name, column_list(&table.primary_key)),
                ))
                .column(&old.name)
                .suggest(format!("list '{}' without autoIncrement to keep it, or set allowDataLoss: true to drop it with its values", old.name)),
            );
            continue;
        }
        if allow_data_loss {
            report.push(
                cx.at(Issue::warning(
                    Code::DataLoss,
                    format!("the column '{}' is dropped with every value in it (allowDataLoss)", old.name),
                ))
                .column(&old.name)
                .suggest(match rename {
                    Some(hint) => format!("{hint}. Otherwise back up the data first; the down migration restores the column but not its values"),
                    None => "back up the data first; the down migration restores the column but not its values".to_string(),
                }),
            );
            if let Some(issue) = column_back(d, previous, table, old) {
                report.push(cx.at(issue));
            }
            if let Some(issue) = back_at_the_end(d, (&original.name, previous), table, old) {
                report.push(cx.at(issue));
            }
        } else {
            kept.push(&old.name);
            report.push(
                cx.at(Issue::warning(
                    Code::ColumnNotInSpec,
                    format!(
                        "the column '{}' is in previousSpec but not in the spec; it is kept{}{}",
                        old.name,
                        crate::diff::kept_column_inserts(old),
                        super::kept_with::kept_with_column(d, original, table, &old.name)
                    ),
                ))
                .column(&old.name)
                .suggest(crate::diff::kept_column_suggestion(
                    crate::diff::Described::PreviousSpec,
                    old.auto_timestamp,
                    rename,
                    d.database_type(),
                )),
            );
        }
    }
    if !allow_data_loss {
        for issue in replaced_on_kept(d, original, table) {
            report.push(issue);
        }
    }
    NotShared {
        removed,
        added,
        kept,
    }
}

/// Files what a UNIQUE of several columns that come or go together, each with one value in
/// every row, does.
fn together_with_one_value(cx: &Compared, columns: &NotShared, report: &mut Report) {
    let Compared {
        d,
        previous,
        table,
        allow_data_loss,
        ..
    } = *cx;
    let NotShared { removed, added, .. } = columns;
    let is_added = |name: &str| added.iter().any(|c| c.name == name);
    for issue in added_together_with_one_value(d, table, is_added) {
        report.push(issue);
    }
    if allow_data_loss {
        let is_removed = |name: &str| removed.iter().any(|c| c.name == name);
        for issue in dropped_together_with_one_value(d, previous, is_removed) {
            report.push(cx.at(issue));
        }
    }
}

/// The names the database made for the table, renamed straight to their final ones, up and
/// down (the down migration's are the same, reversed: one goes round a cycle when the other
/// does); `back`: the column renames of the down migration. None, with the error filed, when
/// they go round a cycle.
fn generated_names(
    cx: &Compared,
    back: &[(String, String)],
    rekeyed: bool,
    report: &mut Report,
) -> Option<(GeneratedRenames, GeneratedRenames)> {
    let Compared {
        d,
        original,
        table,
        renames,
        ..
    } = *cx;
    let generated = (
        generated_renames(d, original, table, renames),
        generated_renames(d, table, original, back),
    );
    match generated {
        // A key that changes is dropped under its old name and made under its new one.
        (Ok(mut up), Ok(mut down)) if rekeyed => {
            up.retain(|(what, _, _)| *what != GeneratedName::PrimaryKey);
            down.retain(|(what, _, _)| *what != GeneratedName::PrimaryKey);
            Some((up, down))
        }
        (Ok(up), Ok(down)) => Some((up, down)),
        (Err(cycle), _) | (_, Err(cycle)) => {
            report.push(
                cx.at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("renaming '{}' and its columns gives the names the database made for it ({}) to one another, each the name of another until it is renamed: a migration does not go round such a cycle", table.name, cycle.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")),
                ))
                .suggest("rename the table in one migration and its columns in the next"),
            );
            None
        }
    }
}

/// Refuses, on PostgreSQL, a table renamed onto the name of one of its own indexes or
/// constraints that this migration drops (or, down, back onto one it adds).
fn renamed_onto_own_names(cx: &Compared, report: &mut Report) {
    let Compared {
        d, original, table, ..
    } = *cx;
    // PostgreSQL's indexes and UNIQUE constraints are relations, as tables are: a table renamed
    // onto the name of one of its own that this migration drops (or, for the down migration,
    // back onto one it adds) is renamed while that one still has it.
    if d.database_type() == DatabaseType::Postgresql && original.name != table.name {
        for (holder, name, when) in [
            (
                original,
                &table.name,
                "the up migration renames the table before dropping it",
            ),
            (
                table,
                &original.name,
                "the down migration renames the table back before dropping it",
            ),
        ] {
            if d.database_wide_names(holder).iter().any(|n| n == name) {
                report.push(
                    cx.at(Issue::error(
                        Code::DuplicateName,
                        format!("the table '{}' is renamed from '{}', and '{name}' is also the name of one of the table's own objects (an index, a constraint or a sequence), which PostgreSQL keeps in the same namespace as tables: {when}", table.name, original.name),
                    ))
                    .constraint(name)
                    .suggest("rename the table to another name; or, for an index or UNIQUE constraint of the spec's, give it another name in one migration and rename the table in the next"),
                );
            }
        }
    }
}

/// Refuses, on MySQL, a column rename under a CHECK kept with a column the spec leaves out.
fn kept_checks_on_renamed_columns(cx: &Compared, report: &mut Report) {
    let Compared {
        d,
        original,
        table,
        renames,
        allow_data_loss,
        ..
    } = *cx;
    if d.database_type() == DatabaseType::Mysql && !allow_data_loss && !renames.is_empty() {
        let checks = kept_part(d, original, table)
            .map(|p| p.check_constraints)
            .unwrap_or_default();
        for check in checks {
            let names =
                crate::expr::check_expression(d.parser(), &check.expression).unwrap_or_default();
            let Some((old, new)) = renames
                .iter()
                .find(|(old, _)| names.iter().any(|n| n.eq_ignore_ascii_case(old)))
            else {
                continue;
            };
            report.push(
                cx.at(Issue::error(
                    Code::UnsupportedFeature,
                    format!("the CHECK '{}' is kept with a column the spec leaves out, and it names '{old}', which this migration renames to '{new}': MySQL refuses to rename a column a CHECK uses", check.name),
                ))
                .column(new)
                .constraint(&check.name)
                .suggest("list the columns it names in the spec, with the CHECK written with the new name (it is then dropped and added again around the rename), or drop the CHECK in a migration before this one"),
            );
        }
    }
}

/// The renames of the names the database made for a table, (what, old name, new name): see
/// [`generated_renames`].
type GeneratedRenames = Vec<(GeneratedName, String, String)>;

/// What the comparison settled that the table's statements are written from.
struct Settled<'a> {
    /// The columns the spec leaves out that the migration keeps.
    kept: Vec<&'a str>,
    /// The column renames of the down migration, (new, old).
    back: Vec<(String, String)>,
    /// The renames of the names the database made, up and down (see [`generated_names`]).
    generated: (GeneratedRenames, GeneratedRenames),
}

/// The table's statements, both ways: its foreign keys dropped first, then the table renamed
/// and its columns, constraints and indexes changed, then its new foreign keys added.
fn table_change(
    cx: &Compared,
    moved: &Moved,
    settled: Settled,
    effects: [crate::commit_order::RowEffects; 2],
) -> TableChange {
    let Compared {
        d,
        original,
        table,
        kept_view,
        renames,
        allow_data_loss,
        ..
    } = *cx;
    let Settled {
        kept,
        back,
        generated,
    } = settled;
    // A foreign key on a renamed column is named and written after it: dropped and added again.
    let renames_of_tables = (
        rename_table(d, original, &table.name),
        rename_table(d, table, &original.name),
    );
    let kept_keys: Vec<String> = if allow_data_loss {
        Vec::new()
    } else {
        kept_foreign_keys(original, table)
            .iter()
            .map(|fk| fk.name(&original.name))
            .collect()
    };
    let (previous, table) = (&*as_created(d, original), &*as_created(d, kept_view));
    // The kept foreign keys are no change, whatever changes under them (held to that when the
    // previous tables are compared).
    let without_kept;
    let previous_keys = if kept_keys.is_empty() {
        previous
    } else {
        without_kept = Table {
            foreign_keys: previous
                .foreign_keys
                .iter()
                .filter(|fk| !kept_keys.contains(&fk.name(&previous.name)))
                .cloned()
                .collect(),
            ..previous.clone()
        };
        &without_kept
    };
    // Whether a column changes type, named as the spec names it (up) or as previousSpec does
    // (down): its CHECKs and partial indexes are made again both ways.
    let retyped_up = |c: &str| moved.retyped.contains(&(table.name.clone(), c.to_string()));
    let retyped_down = |c: &str| {
        let spec_name = back
            .iter()
            .find(|(_, old)| old == c)
            .map_or(c, |(new, _)| new);
        retyped_up(spec_name)
    };
    let up_names = |t: &str| {
        moved
            .renamed_to
            .get(t)
            .map_or(t, String::as_str)
            .to_string()
    };
    let down_names = |t: &str| {
        (moved.renamed_to.iter())
            .find(|(_, new)| *new == t)
            .map_or(t, |(old, _)| old.as_str())
            .to_string()
    };
    // What the table renames in place, up and down.
    let keys_up = (moved.key_renames.get(&table.name))
        .cloned()
        .unwrap_or_default();
    let keys_down = keys_up.reversed();
    let foreign_keys_up = foreign_key_changes(
        d,
        (previous_keys, table),
        moved,
        &up_names,
        &keys_up,
        renames,
    );
    let foreign_keys_down = foreign_key_changes(
        d,
        (table, previous_keys),
        moved,
        &down_names,
        &keys_down,
        &back,
    );
    TableChange {
        drop_foreign_keys: AlterStep::new(foreign_keys_up.drops, foreign_keys_down.adds),
        // A renamed table is renamed first, so that every statement after names it as it is
        // then (what the database named after it is renamed by `core_statements`), and its
        // foreign keys named after it with it.
        core: AlterStep::new(
            [
                renames_of_tables.0,
                foreign_keys_up.renames,
                d.table_change_statements(
                    &table.name,
                    core_statements(
                        d,
                        (previous, table, false),
                        &kept,
                        &retyped_up,
                        renames,
                        &generated.0,
                        &keys_up,
                    ),
                ),
            ]
            .concat(),
            [
                renames_of_tables.1,
                foreign_keys_down.renames,
                d.table_change_statements(
                    &previous.name,
                    core_statements(
                        d,
                        (table, previous, true),
                        &kept,
                        &retyped_down,
                        &back,
                        &generated.1,
                        &keys_down,
                    ),
                ),
            ]
            .concat(),
        ),
        add_foreign_keys: AlterStep::new(foreign_keys_up.adds, foreign_keys_down.drops),
        names: MovedNames::of(d, previous, table),
        effects,
        references: (previous.foreign_keys.iter().chain(&table.foreign_keys))
            .map(|fk| fk.referenced_table.clone())
            .collect(),
        keeps_key_targets: [
            super::order::keeps_key_targets(original, table),
            super::order::keeps_key_targets(table, original),
        ],
    }
}

/// The `ROWS_REFUSE_CHANGE` warnings of the rules (a UNIQUE, a foreign key, a CHECK) that
/// `table` gets and previousSpec's `original` (`renamed`: with the columns the spec renames
/// renamed) lacks: the engine checks each against every row already there (see
/// [`crate::rows_refuse_hints::warnings`]). Not of a foreign key to a table in a refused rename:
/// the rename is refused, and what rows it finds is not known.
pub(super) fn rows_refuse_warnings(
    d: &dyn Dialect,
    (original, renamed): (&Table, &Table),
    table: &Table,
    moved: &Moved,
) -> Vec<Issue> {
    let renamed_names = crate::rows_refuse_hints::Renamed {
        tables: &moved.renamed_to,
        columns: &moved.column_renames,
    };
    // What the migration does to the tables its new foreign keys reference.
    let parent = |name: &str| -> Option<crate::rows_refuse_hints::Parent> {
        if let Some((before, now)) = moved.before_and_now.get(name) {
            return Some(crate::rows_refuse_hints::Parent::Changed { before, now });
        }
        moved
            .created
            .contains(name)
            .then_some(crate::rows_refuse_hints::Parent::Created)
    };
    let mut out = crate::rows_refuse_hints::warnings(
        d,
        renamed,
        &original.name,
        &renamed_names,
        table,
        &parent,
    );
    out.retain(|issue| {
        !(table.foreign_keys.iter()).any(|fk| {
            moved.undecided.contains(&fk.referenced_table)
                && issue.constraint.as_deref() == Some(fk.name(&original.name).as_str())
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_change::test_support::*;

    #[test]
    fn a_table_renamed_onto_the_name_of_its_own_index_is_refused_on_postgresql() {
        let table = |name: &str, extra: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"z","type":"INTEGER","nullable":true}}],"primaryKey":["id"]{extra}}}"#
            )
        };
        let errors = |spec: String| -> Vec<String> {
            crate::generate_str(&spec)
                .validation
                .errors
                .iter()
                .map(|e| format!("{} {}", e.code.as_str(), e.message))
                .collect()
        };
        // Up: the index 'people' goes as the table takes its name.
        let up = errors(postgres_change(
            &[table("people", r#","renamedFrom":"users""#)],
            &[table(
                "users",
                r#","indexes":[{"name":"people","columns":["z"]}]"#,
            )],
        ));
        assert_eq!(up.len(), 1, "{up:?}");
        assert!(
            up[0].starts_with(
                "DUPLICATE_NAME the table 'people' is renamed from 'users', and 'people' is also"
            ) && up[0].ends_with("the up migration renames the table before dropping it"),
            "{up:?}"
        );
        // Down: the index 'users' comes as the table takes its old name back.
        let down = errors(postgres_change(
            &[table(
                "people",
                r#","renamedFrom":"users","uniqueConstraints":[{"name":"users","columns":["z"]}]"#,
            )],
            &[table("users", "")],
        ));
        assert_eq!(down.len(), 1, "{down:?}");
        assert!(
            down[0].contains("the down migration renames the table back"),
            "{down:?}"
        );
        // MySQL keeps index names per table: nothing to refuse.
        let mysql = postgres_change(
            &[table("people", r#","renamedFrom":"users""#)],
            &[table(
                "users",
                r#","indexes":[{"name":"people","columns":["z"]}]"#,
            )],
        )
        .replace("postgresql", "mysql");
        assert_eq!(errors(mysql), Vec::<String>::new());
    }

    #[test]
    fn mysql_automatic_updated_at_replaced_by_a_listed_one_is_said_to_stop_following_updates() {
        let listed = table(
            r#",{"name":"updated_at","type":"TIMESTAMP","nullable":false,"default":"CURRENT_TIMESTAMP"}"#,
            "",
        );
        let said = |db: &str| {
            warnings_of(
                &spec_change_of(db, &listed, &table("", ""), r#","timestamps":true"#),
                Code::LossyTypeMapping,
            )
        };
        assert_eq!(said("mysql"), ["'updated_at' no longer follows updates: the automatic column has ON UPDATE CURRENT_TIMESTAMP, which this change drops, as a column the spec lists never has it (the down migration puts it back)"]);
        // Nothing follows updates there to begin with.
        assert!(said("postgresql").is_empty());
        // Left automatic, it keeps following them.
        assert!(warnings_of(
            &spec_change_of(
                "mysql",
                &table("", ""),
                &table("", ""),
                r#","timestamps":true"#
            ),
            Code::LossyTypeMapping
        )
        .is_empty());
    }

    #[test]
    fn an_unchanged_table_has_no_statements() {
        let (c, report) = change(DatabaseType::Postgresql, &users(), &users(), false);
        assert!(c.is_empty());
        assert!(report.errors.is_empty() && report.warnings.is_empty());
    }

    #[test]
    fn an_added_column_is_dropped_by_the_down_migration() {
        let mut next = users();
        next.columns.push(column("phone", ColumnType::Text));
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(report.errors.is_empty());
        assert_eq!(c.core.up, ["ALTER TABLE users ADD COLUMN phone TEXT;"]);
        assert_eq!(c.core.down, ["ALTER TABLE users DROP COLUMN phone;"]);
        let (c, _) = change(DatabaseType::Mysql, &users(), &next, false);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users ADD COLUMN phone LONGTEXT AFTER email;"]
        );
    }

    #[test]
    fn a_dropped_column_is_kept_without_allow_data_loss() {
        let mut next = users();
        next.columns.pop();
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(c.is_empty());
        assert_eq!(report.warnings[0].code, Code::ColumnNotInSpec);
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, true);
        assert_eq!(report.warnings[0].code, Code::DataLoss);
        assert_eq!(c.core.up, ["ALTER TABLE users DROP COLUMN email;"]);
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users ADD COLUMN email VARCHAR(100);"]
        );
    }

    #[test]
    fn what_a_changed_key_cannot_do_is_refused_and_what_its_down_migration_cannot_give_back_is_said(
    ) {
        let errors = |tables: &[String], previous: &[String]| -> Vec<(Code, String)> {
            let result = crate::generate_str(&postgres_change(tables, previous));
            // Errors and no migration, or a migration and no errors.
            assert!(
                result.validation.errors.is_empty() != result.up_migration.is_empty(),
                "{result:?}"
            );
            result
                .validation
                .errors
                .iter()
                .map(|e| (e.code, e.message.clone()))
                .collect()
        };
        // A key reordered is another index: a table left as it is cannot keep its foreign key.
        let cells = |key: &str| {
            format!(
                r#"{{"name":"cells","columns":[{{"name":"x","type":"INTEGER","nullable":false}},{{"name":"y","type":"INTEGER","nullable":false}}],"primaryKey":{key}}}"#
            )
        };
        let marks = |existing: bool| {
            format!(
                r#"{{"name":"marks","existing":{existing},"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"cx","type":"INTEGER","nullable":true}},{{"name":"cy","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"foreignKeys":[{{"columns":["cx","cy"],"referencedTable":"cells","referencedColumns":["x","y"]}}]}}"#
            )
        };
        let found = errors(
            &[cells(r#"["y","x"]"#), marks(true)],
            &[cells(r#"["x","y"]"#), marks(false)],
        );
        assert_eq!(
            found.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            [Code::DependentObjects],
            "{found:?}"
        );
        // Two long names that shorten to the same `_pkey`: the second is `…_pkey1`.
        let long = |end: &str, key: &str| {
            format!(
                r#"{{"name":"t{}_{end}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"k","type":"INTEGER","nullable":false}}],"primaryKey":["{key}"]}}"#,
                "x".repeat(58)
            )
        };
        let found = errors(
            &[long("a", "id"), long("b", "k")],
            &[long("a", "id"), long("b", "id")],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::UnsupportedFeature);
        assert!(
            found[0].1.contains("'_pkey1'") || found[0].1.contains("…_pkey1"),
            "{found:?}"
        );
        // A UNIQUE on the new key's columns: left out, the migration drops it.
        let t = |key: &str, unique: bool| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"a","type":"INTEGER","nullable":false}}],"primaryKey":["{key}"]{}}}"#,
                if unique {
                    r#","uniqueConstraints":[{"name":"uq_a","columns":["a"]}]"#
                } else {
                    ""
                }
            )
        };
        let found = errors(&[t("a", true)], &[t("id", true)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("new primary key's columns"),
            "{found:?}"
        );
        assert!(errors(&[t("a", false)], &[t("id", true)]).is_empty());
        // Dropped (allowDataLoss): an auto-increment key comes back numbered anew; a column of
        // the key comes back with one value in every row.
        let mut id = column("id", ColumnType::Integer);
        id.nullable = false;
        id.auto_increment = true;
        let mut code = column("code", ColumnType::Varchar);
        code.length = Some(10);
        code.nullable = false;
        let previous = Table {
            name: "t".into(),
            columns: vec![id.clone(), code.clone()],
            primary_key: vec!["id".into()],
            ..Default::default()
        };
        let mut next = previous.clone();
        next.columns.remove(0);
        next.primary_key = vec!["code".into()];
        let (_, report) = change(DatabaseType::Postgresql, &previous, &next, true);
        let back: Vec<&str> = report
            .warnings
            .iter()
            .filter(|w| w.code == Code::DownDataLoss && w.column.as_deref() == Some("id"))
            .filter(|w| !about_column_order(&w.message))
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(back.len(), 1, "{:?}", report.warnings);
        assert!(back[0].contains("numbered anew"), "{back:?}");
        let mut plain = id.clone();
        plain.auto_increment = false;
        let keyed_by_code = Table {
            columns: vec![plain.clone(), code.clone()],
            primary_key: vec!["code".into()],
            ..previous.clone()
        };
        let keyed_by_id = Table {
            columns: vec![plain],
            primary_key: vec!["id".into()],
            ..previous.clone()
        };
        let (_, report) = change(DatabaseType::Mysql, &keyed_by_code, &keyed_by_id, true);
        let back: Vec<&str> = report
            .warnings
            .iter()
            .filter(|w| w.code == Code::DownDataLoss && w.column.as_deref() == Some("code"))
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(back.len(), 1, "{:?}", report.warnings);
        assert!(
            back[0].contains("back to the primary key (code)"),
            "{back:?}"
        );
        assert!(
            back[0].contains("with two rows or more the key (code) fails"),
            "{back:?}"
        );
        // A column dropped from a key of two: the rest of it tells the rows apart.
        let two = Table {
            primary_key: vec!["id".into(), "code".into()],
            ..keyed_by_code.clone()
        };
        let said = |db| {
            let (_, report) = change(db, &two, &keyed_by_id, true);
            report
                .warnings
                .iter()
                .find(|w| w.code == Code::DownDataLoss && w.column.as_deref() == Some("code"))
                .map(|w| w.message.clone())
                .unwrap_or_default()
        };
        assert!(said(DatabaseType::Mysql).ends_with("every row gets the type's empty value ('') there, which the key (id, code) takes, as the rest of it tells the rows apart"));
        assert!(said(DatabaseType::Postgresql).ends_with(
            "every row gets '' there, which the key (id, code) takes, as the rest of it tells the rows apart"
        ));
    }

    #[test]
    fn a_key_gains_or_loses_its_numbering() {
        let mut plain = users();
        plain.columns[0].auto_increment = false;
        let numbering = [
            "CREATE SEQUENCE users_id_seq AS INTEGER OWNED BY users.id;",
            "ALTER TABLE users ALTER COLUMN id SET DEFAULT nextval('users_id_seq'::regclass);",
            "SELECT setval('users_id_seq', max(id)) FROM users HAVING max(id) >= 1;",
        ];
        let unnumbering = [
            "ALTER TABLE users ALTER COLUMN id DROP DEFAULT;",
            "DROP SEQUENCE users_id_seq;",
        ];
        let (c, report) = change(DatabaseType::Postgresql, &plain, &users(), false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(c.core.up, numbering);
        assert_eq!(c.core.down, unnumbering);
        let (c, report) = change(DatabaseType::Postgresql, &users(), &plain, false);
        assert_eq!(c.core.up, unnumbering);
        // Every insert must now give the key, which a warning says; and the sequence goes, so
        // the down migration's new one counts from the largest key (another warning).
        assert_eq!(
            report
                .warnings
                .iter()
                .map(|w| (w.code, w.column.as_deref()))
                .collect::<Vec<_>>(),
            [
                (Code::NotNullWithoutDefault, Some("id")),
                (Code::DownDataLoss, Some("id"))
            ]
        );
        assert_eq!(c.core.down, numbering);
        // A CHECK over the key reads as before: left alone (found by a review).
        let check = CheckConstraint {
            name: "ck_id".into(),
            expression: "id > -10".into(),
        };
        let (mut checked_plain, mut checked) = (plain.clone(), users());
        checked_plain.check_constraints.push(check.clone());
        checked.check_constraints.push(check);
        let (c, _) = change(DatabaseType::Postgresql, &checked_plain, &checked, false);
        assert_eq!(c.core.up, numbering);
        // Widened at once: the sequence is made in the new type.
        let mut wide = users();
        wide.columns[0].ty = ColumnType::Bigint;
        let (c, _) = change(DatabaseType::Postgresql, &plain, &wide, false);
        assert_eq!(
            c.core.up[..2],
            [
                "ALTER TABLE users ALTER COLUMN id TYPE BIGINT USING id::BIGINT;",
                "CREATE SEQUENCE users_id_seq AS BIGINT OWNED BY users.id;"
            ]
        );
        // MySQL: AUTO_INCREMENT in the definition; made so with NO_AUTO_VALUE_ON_ZERO for the
        // statement, so that a row holding 0 keeps it.
        let (c, _) = change(DatabaseType::Mysql, &plain, &users(), false);
        assert_eq!(
            c.core.up,
            [
                "SET @mg_sql_mode = @@SESSION.sql_mode;",
                "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO');",
                "ALTER TABLE users MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;",
                "SET SESSION sql_mode = @mg_sql_mode;"
            ]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users MODIFY COLUMN id INT NOT NULL;"]
        );
        // Not while the column or the table is renamed.
        let mut renamed = users();
        renamed.name = "people".into();
        renamed.renamed_from = Some("users".into());
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            let (_, report) = change(db, &plain, &renamed, true);
            assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
            assert_eq!(report.errors[0].code, Code::UnsupportedFeature);
            assert!(report.errors[0]
                .message
                .contains("while its table is renamed"));
        }
    }
}
