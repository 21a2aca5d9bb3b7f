//! What a change does under the foreign keys of other tables, or of the same one: the keys
//! over a column that changes type, or on a key that goes, are dropped and added again
//! around the change.

use super::generated_names::unique_column;
use super::indexes::key_renames;
use super::renames::{renames, with_renamed};
use super::{as_created, column_type};
use crate::dialect::{column_list, Dialect};
use crate::report::Report;
use crate::spec::*;
use std::collections::{HashMap, HashSet};

/// What a change does under the foreign keys of other tables, or of the same one: a key on a
/// column whose type changes, or referencing one, or referencing columns whose primary key,
/// UNIQUE constraint or unique index comes, goes or changes (not one renamed in place:
/// [`key_renames`]), is dropped and added again around the change (MySQL refuses to
/// change a column a foreign key uses; PostgreSQL's key depends on the very index it was
/// created with, and refuses to let it go).
#[derive(Debug, Default)]
pub struct Moved {
    /// (table, column) whose type changes.
    pub(super) retyped: HashSet<(String, String)>,
    /// (table, column) that gains or loses auto-increment: redefined too (MySQL refuses that
    /// under a foreign key as well), but CHECKs and indexes over it read as before.
    renumbered: HashSet<(String, String)>,
    /// Of the two, the ones whose change the database carries a foreign key through, as it
    /// stands ([`Dialect::carries_foreign_keys_through`]): a table left as it is may keep a key
    /// to them.
    carried: HashSet<(String, String)>,
    /// (table, its columns sorted) whose primary key, UNIQUE constraint or unique index comes,
    /// goes or changes.
    rekeyed: HashSet<(String, Vec<String>)>,
    /// Of those, the ones where a key goes or changes (not only one added beside the others).
    unkeyed: HashSet<(String, Vec<String>)>,
    /// The tables of previousSpec the spec leaves out (kept, or dropped: what the down
    /// migration puts back onto one is said with its drop).
    pub(super) left_out: HashSet<String>,
    /// The tables the spec renames: previousSpec's name → the spec's.
    pub(super) renamed_to: HashMap<String, String>,
    /// The columns each table renames, (previousSpec's name, the spec's), by the table's name
    /// in the spec.
    pub(super) column_renames: HashMap<String, Vec<(String, String)>>,
    /// Each table the spec changes, by its name in the spec: previousSpec's (its columns named
    /// as the spec names them) and the spec's, for what a new foreign key to it reads before
    /// the migration (`rows_refuse_hints::Parent::Changed`).
    pub(super) before_and_now: HashMap<String, (Table, Table)>,
    /// The tables the migration creates (in the spec, not in previousSpec), by their names.
    pub(super) created: HashSet<String>,
    /// The spec's tables in a refused table rename (the renamed one, and one listed under the
    /// old name): neither created nor changed, what rows a foreign key to them finds is not
    /// known.
    pub(super) undecided: HashSet<String>,
    /// The indexes and UNIQUE constraints each table renames in place, by its name in the
    /// spec, as the up migration renames them ([`key_renames`]).
    pub(super) key_renames: HashMap<String, crate::index_renames::KeyRenames>,
}

impl Moved {
    /// A table of previousSpec and some of its columns, as the spec names them (renamed or not).
    pub(super) fn named_now(&self, table: &str, columns: &[String]) -> (String, Vec<String>) {
        let table = self.renamed_to.get(table).map_or(table, String::as_str);
        let renames = self.column_renames.get(table);
        let column = |c: &String| {
            (renames.into_iter().flatten())
                .find(|(old, _)| old == c)
                .map_or(c, |(_, new)| new)
                .clone()
        };
        (table.to_string(), columns.iter().map(column).collect())
    }

    /// What changes under foreign keys, over the tables the spec changes, as (previousSpec's,
    /// the same with the columns the spec renames renamed, the spec's with what the columns it
    /// leaves out keep).
    pub fn of(d: &dyn Dialect, pairs: &[(&Table, &Table, &Table)]) -> Moved {
        let mut moved = Moved::default();
        for (original, previous, table) in pairs {
            let renames = renames(original, table, &mut Report::default());
            let original = &*as_created(d, original);
            let (previous, table) = (&*as_created(d, previous), &*as_created(d, table));
            for new in &table.columns {
                if let Some(old) = previous.column(&new.name) {
                    let retyped = !d.same_stored_type(
                        &column_type(d, previous, old),
                        &column_type(d, table, new),
                    );
                    let renumbered = old.auto_increment != new.auto_increment;
                    let key = (table.name.clone(), new.name.clone());
                    if retyped {
                        moved.retyped.insert(key.clone());
                    }
                    if renumbered {
                        moved.renumbered.insert(key.clone());
                    }
                    if (retyped || renumbered) && d.carries_foreign_keys_through(old, new) {
                        moved.carried.insert(key);
                    }
                }
            }
            // What is renamed in place (an index, a UNIQUE constraint) is the same key: a
            // foreign key that references it, or on MySQL is served by it, keeps it under its
            // new name (PostgreSQL ties the key to the index's OID; InnoDB renames the index
            // in place and keeps its keys on it: MariaDB 10.11). Renamed only where both ways
            // may rename it.
            let keys = {
                let retyped =
                    |c: &str| moved.retyped.contains(&(table.name.clone(), c.to_string()));
                let back: Vec<(String, String)> = (renames.iter())
                    .map(|(o, n)| (n.clone(), o.clone()))
                    .collect();
                let retyped_down = |c: &str| {
                    let spec_name = (back.iter())
                        .find(|(_, old)| old == c)
                        .map_or(c, |(new, _)| new);
                    retyped(spec_name)
                };
                let up = key_renames(d, original, previous, table, &retyped);
                let table_back = with_renamed(d, table, &original.name, &back);
                let down = key_renames(d, table, &table_back, original, &retyped_down);
                let down = down.reversed();
                crate::index_renames::KeyRenames {
                    indexes: (up.indexes.into_iter())
                        .filter(|p| down.indexes.contains(p))
                        .collect(),
                    uniques: (up.uniques.into_iter())
                        .filter(|p| down.uniques.contains(p))
                        .collect(),
                }
            };
            let (was, is) = (unique_keys(d, &keys.apply(previous)), unique_keys(d, table));
            moved.key_renames.insert(table.name.clone(), keys);
            for (columns, _) in was.iter().chain(&is) {
                let of = |keys: &[(Vec<String>, String)]| -> Vec<String> {
                    let mut named: Vec<String> = keys
                        .iter()
                        .filter(|(c, _)| c == columns)
                        .map(|(_, n)| n.clone())
                        .collect();
                    named.sort();
                    named
                };
                let (was, is) = (of(&was), of(&is));
                if was != is {
                    moved.rekeyed.insert((table.name.clone(), columns.clone()));
                }
                if was.iter().any(|k| !is.contains(k)) {
                    moved.unkeyed.insert((table.name.clone(), columns.clone()));
                }
            }
        }
        moved
    }

    /// Whether `fk`, of `table`, is dropped and added again: also when a key on the columns it
    /// references only comes beside the one there. PostgreSQL ties a foreign key made again to
    /// the oldest index that serves it, which need not be the one it had: after a later
    /// migration's down migration made it again, this one's down migration would drop the key
    /// it came to depend on.
    pub(super) fn touches(&self, table: &str, fk: &ForeignKey) -> bool {
        self.moves(table, fk, &self.rekeyed)
    }

    /// Whether the change of `column` of `table` is one the database carries foreign keys
    /// through.
    pub(super) fn carries(&self, table: &str, column: &str) -> bool {
        self.carried
            .contains(&(table.to_string(), column.to_string()))
    }

    /// Whether `column` of `table` is redefined under its foreign keys in a way the database
    /// does not carry them through (a type change, or numbering that comes or goes, outside
    /// [`Dialect::carries_foreign_keys_through`]).
    pub(super) fn redefined(&self, table: &str, column: &str) -> bool {
        let key = (table.to_string(), column.to_string());
        (self.retyped.contains(&key) || self.renumbered.contains(&key))
            && !self.carries(table, column)
    }

    /// Whether what `fk`, of a table this migration leaves as it is (kept, or marked existing),
    /// depends on changes: a column it references redefined in a way the database does not
    /// carry it through, or its key gone or changed. A key added beside the one it was made on
    /// is not (never made again, it keeps that one). `fk` names the referenced table and
    /// columns as this spec does (renamed).
    pub(super) fn undermines(&self, fk: &ForeignKey) -> bool {
        let mut referenced = fk.referenced_columns.clone();
        referenced.sort();
        fk.referenced_columns
            .iter()
            .any(|c| self.redefined(&fk.referenced_table, c))
            || self
                .unkeyed
                .contains(&(fk.referenced_table.clone(), referenced))
    }

    /// Whether `fk`, of `table` (both changed by this migration), is dropped and added again
    /// around a change of its columns or of those it references (a type change; numbering
    /// that comes or goes, unless the database carries the key through it), or of the keys in
    /// `keys`.
    fn moves(&self, table: &str, fk: &ForeignKey, keys: &HashSet<(String, Vec<String>)>) -> bool {
        let changed = |t: &str, c: &String| {
            let key = (t.to_string(), c.clone());
            self.retyped.contains(&key)
                || (self.renumbered.contains(&key) && !self.carried.contains(&key))
        };
        let mut referenced = fk.referenced_columns.clone();
        referenced.sort();
        fk.columns.iter().any(|c| changed(table, c))
            || fk
                .referenced_columns
                .iter()
                .any(|c| changed(&fk.referenced_table, c))
            || keys.contains(&(fk.referenced_table.clone(), referenced))
    }
}

/// The keys a foreign key can reference: (columns sorted, what the key is, written out with
/// its columns in their order: a key of the same columns in another order is another index,
/// which a foreign key to it cannot keep).
fn unique_keys(d: &dyn Dialect, table: &Table) -> Vec<(Vec<String>, String)> {
    let sorted = |c: &[String]| {
        let mut c = c.to_vec();
        c.sort();
        c
    };
    let mut out = vec![(
        sorted(&table.primary_key),
        format!("primary key ({})", column_list(&table.primary_key)),
    )];
    for c in table.columns.iter().filter(|c| unique_column(table, c)) {
        out.push((vec![c.name.clone()], format!("unique {}", c.name)));
    }
    for u in &table.unique_constraints {
        out.push((
            sorted(&u.columns),
            format!("constraint {} ({})", u.name, column_list(&u.columns)),
        ));
    }
    for i in table.indexes.iter().filter(|i| i.unique) {
        out.push((sorted(&i.columns), d.create_index(table, i)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_change::test_support::*;

    #[test]
    fn a_type_change_of_a_referenced_column_drops_and_adds_the_foreign_key() {
        let orders = Table {
            name: "orders".into(),
            columns: vec![
                column("id", ColumnType::Integer),
                column("user_id", ColumnType::Integer),
            ],
            primary_key: vec!["id".into()],
            foreign_keys: vec![ForeignKey {
                columns: vec!["user_id".into()],
                referenced_table: "users".into(),
                referenced_columns: vec!["id".into()],
                on_delete: None,
                on_update: None,
                name: None,
            }],
            ..Default::default()
        };
        let mut next = orders.clone();
        next.columns[1].ty = ColumnType::Bigint;
        let (c, report) = change(DatabaseType::Postgresql, &orders, &next, false);
        assert!(report.errors.is_empty());
        assert_eq!(
            c.drop_foreign_keys.up,
            ["ALTER TABLE orders DROP CONSTRAINT fk_orders_user_id;"]
        );
        assert_eq!(c.add_foreign_keys.up.len(), 1);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE orders ALTER COLUMN user_id TYPE BIGINT USING user_id::BIGINT;"]
        );
    }
    #[test]
    fn a_unique_key_beside_the_referenced_one_drops_and_adds_the_foreign_keys_on_it() {
        let unique = r#","uniqueConstraints":[{"name":"users_email_unique","columns":["email"]}]"#;
        let again = &format!(
            r#"{unique},"indexes":[{{"name":"users_email_again","columns":["email"],"unique":true}}]"#
        );
        // Each way, the foreign key is dropped before the keys change and added after (even for
        // a key that only comes: PostgreSQL could tie the key made again by a later migration's
        // down migration to it).
        for (from, to, key) in [
            (
                unique,
                again.as_str(),
                "CREATE UNIQUE INDEX users_email_again",
            ),
            (again.as_str(), unique, "DROP INDEX users_email_again"),
        ] {
            let result = crate::generate_str(&referenced_users(false, from, to));
            assert!(result.validation.valid, "{:?}", result.validation.errors);
            for (sql, key) in [
                (&result.up_migration, key),
                (
                    &result.down_migration,
                    if key.starts_with("CREATE") {
                        "DROP INDEX users_email_again"
                    } else {
                        "CREATE UNIQUE INDEX users_email_again"
                    },
                ),
            ] {
                let (drop_fk, changed, add_fk) = (
                    sql.find("DROP CONSTRAINT fk_orders_email"),
                    sql.find(key),
                    sql.find("ADD CONSTRAINT fk_orders_email"),
                );
                assert!(
                    drop_fk.is_some() && changed.is_some() && add_fk.is_some(),
                    "{sql}"
                );
                assert!(drop_fk < changed && changed < add_fk, "{sql}");
            }
        }
    }
}
