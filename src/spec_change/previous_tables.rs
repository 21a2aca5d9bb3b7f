//! The tables of `previousSpec`, effective and found by name, with what the spec's renames
//! make of them: which table of the spec compares with which, and the foreign keys of the
//! tables this migration leaves as they are, held to the change.

use super::compare::rows_refuse_warnings;
use super::generated_names::refuse_shared_generated_names;
use super::kept::{kept_foreign_keys, kept_part, with_kept, Holder};
use super::left_out::{
    counter_restarts, left_out_issue, renamed_hint, LeftOut, MARKED_EXISTING_DROPPED,
};
use super::moved::Moved;
use super::renames::{renames, table_renames, with_renamed};
use super::type_change::widens;
use crate::dialect::{column_list, Dialect};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The tables of `previousSpec`, effective (timestamps added as that spec asked), found by name.
pub struct PreviousTables {
    tables: Vec<Table>,
    by_name: HashMap<String, usize>,
    /// The tables the spec renames (`renamedFrom`): new name → name in `previousSpec`.
    renamed_tables: HashMap<String, String>,
    /// The tables whose `renamedFrom` is refused (an error filed), as new name → the name it
    /// gives: not compared with the previous table of their new name, which is another table
    /// (two swapped), and the previous table of the old name is not said to be left out; a
    /// table the spec lists under that old name is not compared either (another table).
    refused: HashMap<String, String>,
    /// Whether `previousSpec` itself is invalid (its errors filed): no table is compared with
    /// it, which would only add errors about what it says wrong (a primary key it lacks).
    invalid: bool,
    /// What the change does under foreign keys.
    pub moved: Moved,
}

impl PreviousTables {
    /// The previous tables of `spec`, compared with its effective `tables`; `None` without
    /// `previousSpec`. What makes `previousSpec` itself invalid (a foreign key to a column it
    /// lacks, …) is filed as an error, with "previousSpec: " before it: the change from such a
    /// spec would be made from something no database holds.
    pub fn of(
        spec: &MigrationSpec,
        tables: &[Table],
        d: &dyn Dialect,
        report: &mut Report,
    ) -> Option<Self> {
        let previous = spec.previous.as_ref()?;
        let tables_before: Vec<Table> = previous
            .tables
            .iter()
            .cloned()
            .map(|t| crate::plan::into_effective(t, previous.timestamps))
            .collect();
        let mut found = Report::default();
        crate::validate::validate_previous(previous, &tables_before, d, &mut found);
        let invalid = !found.errors.is_empty();
        for mut issue in found.errors {
            issue.message = format!("previousSpec: {}", issue.message);
            report.push(issue);
        }
        if !invalid && d.database_type() != DatabaseType::Sqlite {
            super::held_names::refuse_unwritable_names(spec, &tables_before, tables, d, report);
        }
        let by_name: HashMap<String, usize> = tables_before
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let (renamed_tables, refused) = table_renames(&by_name, tables, report);
        // A table marked existing is left as it is: a column of it is not renamed either.
        for t in tables.iter().filter(|t| t.existing) {
            let Some(&i) = by_name.get(&t.name) else {
                continue;
            };
            for (old, new) in renames(&tables_before[i], t, &mut Report::default()) {
                report.push(
                    Issue::error(
                        Code::InvalidSpec,
                        format!("the column '{new}' has renamedFrom '{}', but its table is marked existing: true, which this migration leaves as it is", crate::report::clip(&old)),
                    )
                    .table(&t.name)
                    .column(&new)
                    .suggest("list the table without existing: true to rename the column, or leave renamedFrom out"),
                );
            }
        }
        // Each table the spec changes, with its previous one.
        // Not one whose rename is refused, nor a new table taking the name such a rename gives
        // up: that one is another table than the previous one of its name (a trial's new
        // 'users' beside 'accounts' renamedFrom 'users' was said to add a NOT NULL column to
        // existing rows).
        let in_refused =
            |name: &str| refused.contains_key(name) || refused.values().any(|old| old == name);
        let originals: Vec<(&Table, &Table)> = tables
            .iter()
            .filter(|t| !t.existing && !in_refused(&t.name))
            .filter_map(|t| {
                let name = renamed_tables.get(&t.name).unwrap_or(&t.name);
                Some((&tables_before[*by_name.get(name)?], t))
            })
            .collect();
        // The previous one with the columns the spec renames renamed (what they say wrong is
        // filed by `compare`).
        let renamed: Vec<(Cow<Table>, &Table)> = originals
            .iter()
            .map(|&(previous, t)| {
                let renames = renames(previous, t, &mut Report::default());
                (with_renamed(d, previous, &t.name, &renames), t)
            })
            .collect();
        // With what the columns the spec leaves out keep (their keys, UNIQUEs, CHECKs).
        let with_kept: Vec<Cow<Table>> = renamed
            .iter()
            .map(|(p, t)| with_kept(d, p, t, spec.allow_data_loss))
            .collect();
        let pairs: Vec<(&Table, &Table, &Table)> = (originals.iter())
            .zip(&renamed)
            .zip(&with_kept)
            .map(|((&(o, _), (p, _)), t)| (o, &**p, &**t))
            .collect();
        let mut moved = Moved::of(d, &pairs);
        moved.renamed_to = (renamed_tables.iter())
            .map(|(new, old)| (old.clone(), new.clone()))
            .collect();
        moved.column_renames = (originals.iter())
            .map(|&(previous, t)| (t.name.clone(), renames(previous, t, &mut Report::default())))
            .filter(|(_, renames)| !renames.is_empty())
            .collect();
        moved.before_and_now = (renamed.iter())
            .map(|(p, t)| (t.name.clone(), ((**p).clone(), (*t).clone())))
            .collect();
        // (Not a table in a refused rename: whether the migration creates it is not decided.)
        moved.created = (tables.iter())
            .filter(|t| !t.existing && !in_refused(&t.name))
            .filter(|t| !by_name.contains_key(renamed_tables.get(&t.name).unwrap_or(&t.name)))
            .map(|t| t.name.clone())
            .collect();
        moved.undecided = (tables.iter())
            .filter(|t| in_refused(&t.name))
            .map(|t| t.name.clone())
            .collect();
        // previousSpec's tables the spec leaves out (kept, or dropped).
        let listed: HashSet<&str> = (tables.iter())
            .map(|t| renamed_tables.get(&t.name).unwrap_or(&t.name).as_str())
            .collect();
        moved.left_out = (tables_before.iter())
            .filter(|t| !listed.contains(t.name.as_str()))
            .map(|t| t.name.clone())
            .collect();
        if !invalid {
            refuse_shared_generated_names(d, &tables_before, tables, &originals, report);
        }
        Some(PreviousTables {
            tables: tables_before,
            by_name,
            renamed_tables,
            refused,
            invalid,
            moved,
        })
    }

    /// Whether the table `name` is compared with its previous one: not when its `renamedFrom`
    /// is refused, or it takes the name such a rename gives, or `previousSpec` is invalid (the
    /// errors are filed, and the migration is not made): comparing it would only add errors
    /// about another table, or about what
    /// `previousSpec` says wrong.
    pub fn compares(&self, name: &str) -> bool {
        !self.invalid
            && !self.refused.contains_key(name)
            && !self.refused.values().any(|old| old == name)
    }

    /// The previous definition of the table `name` (under its previous name, when the spec
    /// renames it).
    pub fn table(&self, name: &str) -> Option<&Table> {
        let name = self.renamed_tables.get(name).map_or(name, String::as_str);
        self.by_name.get(name).map(|&i| &self.tables[i])
    }

    /// The `ROWS_REFUSE_CHANGE` warnings of the rules the spec's `table` gets that its previous
    /// table lacks, as [`compare`](super::compare::compare) files them: for SQLite, whose change from previousSpec is
    /// planned against the database made from it in memory, which has no rows to try (see
    /// [`crate::sqlite_previous`]). None for a table previousSpec lacks.
    pub fn rows_refuse_warnings(&self, d: &dyn Dialect, table: &Table) -> Vec<Issue> {
        if !self.compares(&table.name) {
            return Vec::new();
        }
        let Some(previous) = self.table(&table.name) else {
            return Vec::new();
        };
        let renames = renames(previous, table, &mut Report::default());
        let renamed = with_renamed(d, previous, &table.name, &renames);
        rows_refuse_warnings(d, (previous, &renamed), table, &self.moved)
    }

    /// The previous tables that `tables` leaves out and that are dropped
    /// (`dropTablesNotInSpec` with `allowDataLoss`); the others are kept, with a warning, or
    /// refused without `allowDataLoss`.
    pub fn left_out(
        &self,
        spec: &MigrationSpec,
        tables: &[Table],
        d: &dyn Dialect,
        report: &mut Report,
    ) -> Vec<&Table> {
        if self.invalid {
            // Its errors are filed; what it has beside the spec would be said of a database
            // that no migration made.
            return Vec::new();
        }
        let names: HashSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        // A table created beside one that goes with the same columns is most likely that one
        // renamed, which this tool does not write.
        fn columns(t: &Table) -> Vec<&str> {
            let mut c: Vec<&str> = t
                .columns
                .iter()
                .filter(|c| !c.auto_timestamp)
                .map(|c| c.name.as_str())
                .collect();
            c.sort_unstable();
            c
        }
        let created: Vec<&Table> = tables
            .iter()
            .filter(|t| self.table(&t.name).is_none() && !t.existing)
            .collect();
        let mut dropped = Vec::new();
        let mut kept = Vec::new();
        let renamed: HashSet<&str> = self
            .renamed_tables
            .values()
            .chain(self.refused.values())
            .map(String::as_str)
            .collect();
        for t in self
            .tables
            .iter()
            .filter(|t| !names.contains(t.name.as_str()) && !renamed.contains(t.name.as_str()))
        {
            let name = &t.name;
            let mut renamed = created
                .iter()
                .find(|new| columns(new) == columns(t))
                .map(|new| {
                    renamed_hint(
                        name,
                        &new.name,
                        spec.drop_tables_not_in_spec && spec.allow_data_loss,
                    )
                })
                .unwrap_or_default();
            let fate = if !spec.drop_tables_not_in_spec {
                kept.push(t);
                LeftOut::Kept
            } else if spec.allow_data_loss {
                dropped.push(t);
                renamed.insert_str(0, counter_restarts(t));
                if t.existing {
                    renamed.insert_str(0, MARKED_EXISTING_DROPPED);
                }
                LeftOut::Dropped
            } else {
                LeftOut::Refused
            };
            report.push(left_out_issue(name, fate, &renamed));
        }
        // A key from a table that stays to one that goes comes back with the down migration,
        // onto the table it creates again, empty. A table the spec renames stays too: the down
        // migration renames it back first, and adds the key under previousSpec's names.
        // (Each previous name the spec renames, with its new name, and the tables marked
        // existing: found once, not searched for each previous table.)
        let renamed_to: HashMap<&str, &str> = (self.renamed_tables.iter())
            .map(|(new, old)| (old.as_str(), new.as_str()))
            .collect();
        let marked_names: HashSet<&str> = (tables.iter().filter(|t| t.existing))
            .map(|t| t.name.as_str())
            .collect();
        let staying = self.tables.iter().filter_map(|t| {
            let renamed_to = renamed_to.get(t.name.as_str()).copied();
            match renamed_to {
                Some(new) => Some((t, new)),
                None => names
                    .contains(t.name.as_str())
                    .then_some((t, t.name.as_str())),
            }
        });
        for (t, spec_name) in staying {
            let renamed = if spec_name == t.name {
                String::new()
            } else {
                format!(" (which '{spec_name}' is named again by then)")
            };
            // A table marked existing is left as it is, its foreign keys too: the drop would
            // fail on them (as SQLite's check says).
            let marked = marked_names.contains(t.name.as_str());
            for fk in &t.foreign_keys {
                if marked && dropped.iter().any(|g| g.name == fk.referenced_table) {
                    report.push(
                        Issue::error(
                            Code::DependentObjects,
                            format!("the foreign key '{}' of '{}', a table marked existing: true (this migration leaves it as it is), references '{}', which is not in the spec and would be dropped (dropTablesNotInSpec)", fk.name(&t.name), t.name, fk.referenced_table),
                        )
                        .table(&t.name)
                        .constraint(&fk.name(&t.name))
                        .suggest(format!("add '{}' to the spec to keep it, or list '{}' without existing: true and without the foreign key, so that this migration drops it first", fk.referenced_table, t.name)),
                    );
                } else if dropped.iter().any(|g| g.name == fk.referenced_table) {
                    report.push(
                        Issue::warning(
                            Code::DownDataLoss,
                            format!("the down migration adds the foreign key '{}' of '{}'{renamed} back, to '{}', which it creates again empty: a row of '{}' that references it makes the down migration fail", fk.name(&t.name), t.name, fk.referenced_table, t.name),
                        )
                        .table(spec_name)
                        .constraint(&fk.name(&t.name))
                        .suggest(format!("before running the down migration, restore the rows of '{}' from a backup, or clear those references", fk.referenced_table)),
                    );
                }
            }
        }
        // A kept table keeps its foreign keys, as does a table marked existing: what they
        // reference cannot go or change under them (nothing here drops and adds their keys),
        // but for a change the database carries them through, which keeps their columns' type.
        // So do the columns a table of the spec leaves out (kept without allowDataLoss).
        let marked_existing = tables.iter().filter(|t| t.existing);
        let of_kept_columns = tables
            .iter()
            .filter(|t| !t.existing && !spec.allow_data_loss && self.compares(&t.name))
            .filter_map(|t| {
                let previous = self.table(&t.name)?;
                let fks = kept_foreign_keys(previous, t);
                (!fks.is_empty()).then_some((previous, fks, Holder::KeptColumns, t))
            });
        // A kept foreign key over a column of the spec that this migration redefines (its
        // type, or numbering) would have to be dropped and added again around the change, as
        // the spec's own are; kept as it is, the change fails under it.
        for t in tables
            .iter()
            .filter(|t| !t.existing && !spec.allow_data_loss && self.compares(&t.name))
        {
            let Some(previous) = self.table(&t.name) else {
                continue;
            };
            for fk in kept_foreign_keys(previous, t) {
                let now = |c: &String| {
                    t.renamed_columns
                        .iter()
                        .find(|(old, _)| old == c)
                        .map_or(c.clone(), |(_, new)| new.clone())
                };
                let Some(column) = fk
                    .columns
                    .iter()
                    .map(now)
                    .find(|c| t.column(c).is_some() && self.moved.redefined(&t.name, c))
                else {
                    continue;
                };
                let name = fk.name(&previous.name);
                report.push(
                    Issue::error(
                        Code::DependentObjects,
                        format!("the foreign key '{name}' of '{}', on columns previousSpec has and this spec leaves out (they are kept, with it), has '{column}', whose type this migration changes", t.name),
                    )
                    .table(&t.name)
                    .column(&column)
                    .constraint(&name)
                    .suggest(format!("list ({}) in the spec with the foreign key (it is then dropped and added again around the change), keep '{column}' as it was, or set allowDataLoss: true to drop the columns it leaves out", column_list(&fk.columns.iter().map(now).collect::<Vec<_>>()))),
                );
            }
        }
        // (`shown`: the table as the spec names it and its columns, where it names them.)
        for (t, fks, holder, shown) in kept
            .iter()
            .map(|t| (*t, t.foreign_keys.iter().collect(), Holder::KeptTable, *t))
            .chain(marked_existing.map(|t| (t, t.foreign_keys.iter().collect(), Holder::Marked, t)))
            .chain(of_kept_columns)
        {
            let shown_column = |c: &String| {
                (shown.renamed_columns.iter())
                    .find(|(old, _)| old == c)
                    .map_or_else(|| c.clone(), |(_, new)| new.clone())
            };
            for fk in fks {
                let shown_columns: Vec<String> = fk.columns.iter().map(shown_column).collect();
                // A kept table names the parent as previousSpec does: a renamed one (renamedFrom)
                // by its old name.
                let Some(parent) = tables
                    .iter()
                    .find(|p| p.name == fk.referenced_table)
                    .or_else(|| {
                        tables.iter().find(|p| {
                            p.renamed_from.as_deref() == Some(fk.referenced_table.as_str())
                        })
                    })
                else {
                    continue;
                };
                // A column renamed (renamedFrom) takes the key with it: the database follows.
                let renamed_to = |c: &String| {
                    parent
                        .renamed_columns
                        .iter()
                        .find(|(old, new)| old == c && parent.column(new).is_some())
                        .map(|(_, new)| new.clone())
                };
                let gone = fk.referenced_columns.iter().any(|c| {
                    parent.column(c).is_none() && renamed_to(c).is_none() && spec.allow_data_loss
                });
                // The key as this spec names what it references, as the changes are recorded.
                let fk_now = ForeignKey {
                    referenced_table: parent.name.clone(),
                    referenced_columns: fk
                        .referenced_columns
                        .iter()
                        .map(|c| match parent.column(c) {
                            Some(_) => c.clone(),
                            None => renamed_to(c).unwrap_or_else(|| c.clone()),
                        })
                        .collect(),
                    ..fk.clone()
                };
                let fk = &fk_now;
                let whose = match holder {
                    Holder::Marked => {
                        "a table marked existing: true (this migration leaves it as it is)"
                    }
                    Holder::KeptTable => {
                        "a table previousSpec has and this spec leaves out (it is kept)"
                    }
                    Holder::KeptColumns => {
                        "on columns previousSpec has and this spec leaves out (they are kept, with it)"
                    }
                };
                if !gone && !self.moved.undermines(fk) {
                    for (local, remote) in fk.columns.iter().zip(&fk.referenced_columns) {
                        let (Some(lc), Some(rc)) = (t.column(local), parent.column(remote)) else {
                            continue;
                        };
                        let (lt, rt) = (d.column_type(lc, true), d.column_type(rc, true));
                        // Only when the key's column cannot hold every value of the column
                        // it references now (a review: a BIGINT column under a key made
                        // auto-increment was told to narrow).
                        if self.moved.carries(&parent.name, remote)
                            && lt != rt
                            && !widens(d, (parent, rc), (t, lc))
                        {
                            report.push(
                                Issue::warning(
                                    Code::ForeignKeyTypeMismatch,
                                    format!("the foreign key '{}' of '{}', {}, keeps '{}' {lt}, and '{}.{remote}' becomes {rt}: a value of {rt} that {lt} cannot hold cannot be referenced", fk.name(&t.name), shown.name, whose, shown_column(local), parent.name),
                                )
                                .table(&shown.name)
                                .column(&shown_column(local))
                                .constraint(&fk.name(&t.name))
                                .suggest(match holder {
                                    Holder::KeptColumns => format!("list '{}' in the spec as {rt}, with the foreign key (or set allowDataLoss: true to drop it)", shown_column(local)),
                                    _ => format!("change '{local}' to {rt} too, in a migration that lists '{}'", t.name),
                                }),
                            );
                        }
                    }
                }
                if gone || self.moved.undermines(fk) {
                    report.push(
                        Issue::error(
                            Code::DependentObjects,
                            format!("the foreign key '{}' of '{}', {}, references ({}) of '{}', whose column, type or key this migration changes", fk.name(&t.name), shown.name, whose, column_list(&fk.referenced_columns), parent.name),
                        )
                        .table(&shown.name)
                        .constraint(&fk.name(&t.name))
                        .suggest(match holder {
                            Holder::Marked => format!("keep those columns and their key in '{}' as they were, or list '{}' without existing: true (with previousSpec holding it, its foreign key is then dropped and added again around the change)", parent.name, t.name),
                            Holder::KeptTable => format!("keep those columns and their key in '{}' as they were, add '{}' to the spec (its foreign key is then dropped and added again around the change), or drop it (dropTablesNotInSpec with allowDataLoss)", parent.name, t.name),
                            Holder::KeptColumns => format!("keep those columns and their key in '{}' as they were, list ({}) in the spec with the foreign key (it is then dropped and added again around the change), or set allowDataLoss: true to drop them", parent.name, column_list(&shown_columns)),
                        }),
                    );
                }
            }
        }
        // A kept table keeps its names: where they are database-wide, the spec cannot take them.
        let taken: HashMap<String, &str> = kept
            .iter()
            .flat_map(|t| {
                d.database_wide_names(t)
                    .into_iter()
                    .map(|n| (n, t.name.as_str()))
            })
            .collect();
        // Nor those of what is kept on a column a table of the spec leaves out, in other tables.
        let kept_parts: Vec<Table> = if spec.allow_data_loss {
            Vec::new()
        } else {
            tables
                .iter()
                .filter(|t| !t.existing && self.compares(&t.name))
                .filter_map(|t| {
                    let previous = self.table(&t.name)?;
                    let mut part = kept_part(d, previous, t).unwrap_or_default();
                    part.name = t.name.clone();
                    part.foreign_keys = kept_foreign_keys(previous, t)
                        .into_iter()
                        .map(|fk| ForeignKey {
                            name: Some(fk.name(&previous.name)),
                            ..fk.clone()
                        })
                        .collect();
                    Some(part)
                })
                .collect()
        };
        // Each database-wide name of the spec's tables (not marked existing), with the tables
        // that have it, in their order: found once, where a search of every table's names for
        // each name of each part made a spec of thousands of tables quadratic.
        let mut holders: HashMap<String, Vec<usize>> = HashMap::new();
        if !kept_parts.is_empty() {
            for (i, o) in tables.iter().enumerate().filter(|(_, o)| !o.existing) {
                for n in d.database_wide_names(o) {
                    let at = holders.entry(n).or_default();
                    if at.last() != Some(&i) {
                        at.push(i);
                    }
                }
            }
        }
        for part in &kept_parts {
            for n in d.database_wide_names(part) {
                let Some(other) = holders
                    .get(&n)
                    .into_iter()
                    .flatten()
                    .map(|&i| &tables[i])
                    .find(|o| o.name != part.name)
                else {
                    continue;
                };
                report.push(
                    Issue::error(
                        Code::DuplicateName,
                        format!("the name '{n}' of table '{}' is taken in the database by '{}', which keeps it on a column previousSpec has and this spec leaves out (it is kept); {} names it for the whole database", other.name, part.name, d.database_type().as_str()),
                    )
                    .table(&other.name)
                    .constraint(&n)
                    .suggest(format!("give it another name, or set allowDataLoss: true to drop the columns '{}' leaves out", part.name)),
                );
            }
        }
        if !taken.is_empty() {
            for t in tables.iter().filter(|t| !t.existing) {
                for n in d.database_wide_names(t) {
                    if let Some(owner) = taken.get(&n) {
                        report.push(
                            Issue::error(
                                Code::DuplicateName,
                                format!("the name '{n}' of table '{}' is taken in the database by the table '{owner}', which previousSpec has and this spec leaves out (it is kept); {} names it for the whole database", t.name, d.database_type().as_str()),
                            )
                            .table(&t.name)
                            .constraint(&n)
                            .suggest(format!("give it another name, or drop '{owner}' (dropTablesNotInSpec with allowDataLoss)")),
                        );
                    }
                }
            }
        }
        dropped
    }
}

#[cfg(test)]
mod tests {

    use crate::report::Code;
    use crate::spec_change::test_support::*;

    /// A table dropped (dropTablesNotInSpec) that a table marked existing references: the drop
    /// would fail on its foreign key, which this migration leaves as it is (on SQLite too).
    #[test]
    fn a_table_a_table_marked_existing_references_is_not_dropped() {
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#;
        let posts = |extra: &str| {
            format!(
                r#"{{"name":"posts","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"user_id","type":"INTEGER","nullable":true}}],"primaryKey":["id"]{extra}}}"#
            )
        };
        let fk = r#","foreignKeys":[{"columns":["user_id"],"referencedTable":"users","referencedColumns":["id"]}]"#;
        for db in ["postgresql", "mysql", "sqlite"] {
            let spec = postgres_change(
                &[posts(r#","existing":true"#)],
                &[users.to_string(), posts(fk)],
            )
            .replace("postgresql", db)
            .replacen(
                r#""tables""#,
                r#""dropTablesNotInSpec":true,"allowDataLoss":true,"tables""#,
                1,
            );
            let result = crate::generate_str(&spec);
            let errors: Vec<(Code, Option<&str>)> = result
                .validation
                .errors
                .iter()
                .map(|e| (e.code, e.table.as_deref()))
                .collect();
            assert_eq!(errors, [(Code::DependentObjects, Some("posts"))], "{db}");
        }
    }

    #[test]
    fn a_table_marked_existing_may_reference_a_table_this_migration_alters() {
        let unique = r#","uniqueConstraints":[{"name":"users_email_unique","columns":["email"]}]"#;
        let spec = referenced_users(
            true,
            unique,
            &format!(
                r#"{unique},"indexes":[{{"name":"users_email_again","columns":["email"],"unique":true}}]"#
            ),
        );
        let result = crate::generate_str(&spec);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert_eq!(
            result.up_migration.trim_end(),
            "CREATE UNIQUE INDEX users_email_again ON users(email);"
        );
        // The key it references going is refused: its foreign key would hold the table back.
        let spec = referenced_users(
            true,
            unique,
            r#","indexes":[{"name":"users_email_unique","columns":["email"],"unique":true}]"#,
        );
        let result = crate::generate_str(&spec);
        let error = &result.validation.errors[0];
        assert_eq!(
            error.code,
            Code::DependentObjects,
            "{:?}",
            result.validation.errors
        );
        assert!(
            error.message.contains("marked existing: true"),
            "{}",
            error.message
        );
        assert_eq!(result.validation.errors.len(), 1);
    }

    #[test]
    fn a_table_marked_existing_keeps_its_foreign_key_to_a_key_postgresql_widens() {
        let t = |ty: &str, existing: bool| {
            format!(
                r#"{{"description":"x","databaseType":"{{db}}","tables":[{{"name":"users","columns":[{{"name":"id","type":"{ty}","nullable":false,"autoIncrement":true}}]}},{{"name":"orders","existing":{existing},"columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"user_id","type":"INTEGER","nullable":true}}],"foreignKeys":[{{"columns":["user_id"],"referencedTable":"users","referencedColumns":["id"]}}]}}]"#
            )
        };
        let spec = |db: &str, to: &str| {
            format!(
                r#"{},"previousSpec":{}}}}}"#,
                t(to, true).replace("{db}", db),
                t("INTEGER", false).replace("{db}", db)
            )
        };
        let result = crate::generate_str(&spec("postgresql", "BIGINT"));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(!result.up_migration.contains("fk_orders_user_id"));
        // Its column stays INTEGER, which the warning says.
        let warning = result
            .validation
            .warnings
            .iter()
            .find(|w| w.code == Code::ForeignKeyTypeMismatch)
            .expect("a FOREIGN_KEY_TYPE_MISMATCH warning");
        assert_eq!(warning.column.as_deref(), Some("user_id"));
        assert!(
            warning
                .message
                .contains("keeps 'user_id' INTEGER, and 'users.id' becomes BIGINT"),
            "{}",
            warning.message
        );
        // A BIGINT column under a key that only gains autoIncrement holds every value: no
        // warning.
        let users = |ai: bool| {
            format!(
                r#"{{"name":"users","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":{ai}}}],"primaryKey":["id"]}}"#
            )
        };
        let orders = |existing: bool| {
            format!(
                r#"{{"name":"orders","existing":{existing},"columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"user_id","type":"BIGINT","nullable":true}}],"foreignKeys":[{{"columns":["user_id"],"referencedTable":"users","referencedColumns":["id"]}}]}}"#
            )
        };
        let result = crate::generate_str(&postgres_change(
            &[users(true), orders(true)],
            &[users(false), orders(false)],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            !result
                .validation
                .warnings
                .iter()
                .any(|w| w.code == Code::ForeignKeyTypeMismatch),
            "{:?}",
            result.validation.warnings
        );
        // MySQL refuses to redefine the column under the key.
        let result = crate::generate_str(&spec("mysql", "BIGINT"));
        assert!(!result.validation.valid);
        // A type outside the key's family is not carried: refused (the foreign key's type no
        // longer matches, or the key cannot be kept).
        for ty in ["TEXT", "DECIMAL"] {
            let result = crate::generate_str(&spec("postgresql", ty).replace(
                r#""autoIncrement":true}]},{"name":"orders""#,
                r#""autoIncrement":false}],"primaryKey":["id"]},{"name":"orders""#,
            ));
            assert!(!result.validation.valid, "{ty}: {}", result.up_migration);
        }
    }

    #[test]
    fn a_kept_table_referencing_a_renamed_table_or_column_is_held_to_the_change() {
        // The kept table names the parent and its column as previousSpec does (found by a
        // review: the change of a renamed one went unseen, and MySQL refused the migration).
        let previous = [
            r#"{"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}]}"#,
            r#"{"name":"orders","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},{"name":"user_id","type":"INTEGER","nullable":true}],"foreignKeys":[{"columns":["user_id"],"referencedTable":"users","referencedColumns":["id"]}]}"#,
        ];
        let renamed = [
            r#"{"name":"people","renamedFrom":"users","columns":[{"name":"id","type":"BIGINT","nullable":false,"autoIncrement":true}]}"#,
            r#"{"name":"users","columns":[{"name":"uid","renamedFrom":"id","type":"BIGINT","nullable":false,"autoIncrement":true}]}"#,
            r#"{"name":"people","renamedFrom":"users","columns":[{"name":"uid","renamedFrom":"id","type":"BIGINT","nullable":false,"autoIncrement":true}]}"#,
        ];
        for table in renamed {
            let spec = |db: &str| {
                format!(
                    r#"{{"description":"b","databaseType":"{db}","tables":[{table}],"previousSpec":{{"description":"a","databaseType":"{db}","tables":[{},{}]}}}}"#,
                    previous[0], previous[1]
                )
            };
            let result = crate::generate_str(&spec("mysql"));
            assert_eq!(
                result
                    .validation
                    .errors
                    .iter()
                    .map(|e| e.code)
                    .collect::<Vec<_>>(),
                [Code::DependentObjects],
                "{table}"
            );
            // PostgreSQL carries the key through, and says its column stays INTEGER.
            let result = crate::generate_str(&spec("postgresql"));
            assert!(
                result.validation.valid,
                "{table}: {:?}",
                result.validation.errors
            );
            assert!(result
                .validation
                .warnings
                .iter()
                .any(|w| w.code == Code::ForeignKeyTypeMismatch));
        }
    }

    #[test]
    fn a_kept_table_may_reference_a_column_the_migration_renames() {
        let users = |email: &str, extra: &str| {
            format!(
                r#"{{"name":"users","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"{email}","type":"VARCHAR","length":100,"nullable":true,"unique":true{extra}}}],"primaryKey":["id"]}}"#
            )
        };
        let logs = r#"{"name":"logs","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"email","type":"VARCHAR","length":100,"nullable":true}],"primaryKey":["id"],"foreignKeys":[{"columns":["email"],"referencedTable":"users","referencedColumns":["email"]}]}"#;
        let spec = format!(
            r#"{{"description":"b","databaseType":"postgresql","allowDataLoss":true,"tables":[{}],"previousSpec":{{"description":"a","databaseType":"postgresql","tables":[{},{logs}]}}}}"#,
            users("mail", r#","renamedFrom":"email""#),
            users("email", "")
        );
        let result = crate::generate_str(&spec);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            result.up_migration.contains("RENAME COLUMN email TO mail"),
            "{}",
            result.up_migration
        );
        // Without renamedFrom the column goes, and the kept table's key with it: refused.
        let result = crate::generate_str(&spec.replace(r#","renamedFrom":"email""#, ""));
        let codes: Vec<Code> = result.validation.errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [Code::DependentObjects],
            "{:?}",
            result.validation.errors
        );
    }

    /// The names that what the spec leaves out of its tables keeps (without allowDataLoss) are
    /// refused to the other tables of the spec, each to the first table that has it, in the
    /// order of the kept parts and their names (on PostgreSQL a part names its table too,
    /// which the table of the spec of that name does not take from it).
    #[test]
    fn a_name_kept_on_a_column_left_out_is_refused_to_the_first_table_that_takes_it() {
        let col = |name: &str| format!(r#"{{"name":"{name}","type":"INTEGER","nullable":true}}"#);
        let tbl = |name: &str, more: &[&str], extra: &str| {
            let mut columns =
                vec![r#"{"name":"id","type":"INTEGER","nullable":false}"#.to_string()];
            columns.extend(more.iter().map(|c| col(c)));
            format!(
                r#"{{"name":"{name}","columns":[{}],"primaryKey":["id"]{extra}}}"#,
                columns.join(",")
            )
        };
        let index =
            |name: &str, column: &str| format!(r#"{{"name":"{name}","columns":["{column}"]}}"#);
        let indexes = |list: &[(&str, &str)]| {
            let list: Vec<String> = list.iter().map(|(n, c)| index(n, c)).collect();
            format!(r#","indexes":[{}]"#, list.join(","))
        };
        let previous = [
            tbl(
                "a",
                &["x", "y"],
                &format!(
                    r#"{},"uniqueConstraints":[{{"name":"taken_y","columns":["y"]}}]"#,
                    indexes(&[("shared_x", "x")])
                ),
            ),
            tbl("d", &["z"], &indexes(&[("d_z", "z")])),
        ];
        let spec = postgres_change(
            &[
                tbl("a", &[], ""),
                tbl(
                    "b",
                    &["v", "w"],
                    &indexes(&[("taken_y", "v"), ("d_z", "w")]),
                ),
                tbl("c", &["w"], &indexes(&[("shared_x", "w")])),
                tbl("d", &[], ""),
            ],
            &previous,
        );
        let result = crate::generate_str(&spec);
        let kept: Vec<(&str, &str, &str)> = result
            .validation
            .errors
            .iter()
            .filter(|e| e.code == Code::DuplicateName && e.message.contains("which keeps it"))
            .map(|e| {
                (
                    e.table.as_deref().unwrap_or_default(),
                    e.constraint.as_deref().unwrap_or_default(),
                    e.message.as_str(),
                )
            })
            .collect();
        let said = |n: &str, other: &str, part: &str| {
            format!("the name '{n}' of table '{other}' is taken in the database by '{part}', which keeps it on a column previousSpec has and this spec leaves out (it is kept); postgresql names it for the whole database")
        };
        let expected = [
            ("c", "shared_x", said("shared_x", "c", "a")),
            ("b", "taken_y", said("taken_y", "b", "a")),
            ("b", "d_z", said("d_z", "b", "d")),
        ];
        assert_eq!(
            kept,
            expected
                .iter()
                .map(|(t, n, m)| (*t, *n, m.as_str()))
                .collect::<Vec<_>>(),
            "{:?}",
            result.validation.errors
        );
    }
}
