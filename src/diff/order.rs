//! The order of the tables of a migration that changes an existing database
//! ([`migration_order`]), and the spec's tables by name ([`SpecTables`]), which the comparison
//! of each table asks about the others.

use super::constraints::fk_key;
use super::name_clashes::MovedIndexName;
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::spec::*;
use std::collections::{HashMap, HashSet};

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
/// Index names that move between tables
/// ([`index_name_clashes`](super::name_clashes::index_name_clashes)) order their tables too: the
/// one that frees a name before the one that takes it; a move that the foreign keys' order
/// cannot honour (a cycle) comes back with the order, to be refused.
///
/// A table split in two (`split_copy`): `splits` names, by the spec's names, a table columns
/// leave (a changed one) and the created table that takes them. The created table's foreign
/// keys to it then need no change first where they reference a key the table has before and
/// after its change ([`referenced_key_kept`]): it goes before that change, as the created
/// tables do, so that the statement that keeps the values goes between the two.
pub fn migration_order(
    created: &[&Table],
    changed: &[(&Table, &ExistingTable)],
    moved: &[MovedIndexName],
    splits: &[(&str, &str)],
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
    // A created table (`i`) that takes columns of the changed table `p`, whose key it
    // references as the table has it before and after the change.
    let split_first = |i: usize, p: usize, fk: &ForeignKey| {
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        i < n
            && p >= n
            && splits
                .iter()
                .any(|(from, to)| same(from, &changed[p - n].0.name) && same(to, &created[i].name))
            && referenced_key_kept(changed[p - n].0, changed[p - n].1, fk)
    };
    for (i, (t, existing)) in new_foreign_keys.enumerate() {
        for fk in t
            .foreign_keys
            .iter()
            .filter(|fk| !existing.contains(&references(fk)))
        {
            if let Some(p) = find(&fk.referenced_table).filter(|&p| p != i) {
                if !split_first(i, p, fk) {
                    before(&mut stand_ins, p, i);
                }
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

/// Whether the columns `fk` references are a key of the table both as the database has it
/// (`existing`) and as the spec does (`table`), each of the same affinity: a table created
/// with that foreign key before the table's change then references a key all along (every
/// write to it would fail on a non-key), and the change keeps what its rows reference.
pub fn referenced_key_kept(table: &Table, existing: &ExistingTable, fk: &ForeignKey) -> bool {
    let same_affinity = |name: &String| {
        let spec = table
            .columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name));
        let declared = (existing.table.columns.iter().zip(&existing.declared_types))
            .find(|(c, _)| c.name.eq_ignore_ascii_case(name))
            .map(|(_, declared)| declared);
        spec.zip(declared).is_some_and(|(spec, declared)| {
            let written =
                crate::dialect::Dialect::column_type(&crate::dialect::Sqlite, spec, false);
            super::affinity(declared) == super::affinity(&written)
        })
    };
    fk.referenced_table.eq_ignore_ascii_case(&table.name)
        && !fk.referenced_columns.is_empty()
        && fk.referenced_columns.iter().all(same_affinity)
        && is_key(table, &fk.referenced_columns)
        && (existing
            .unique_sets
            .iter()
            .any(|u| same_columns(u, &fk.referenced_columns))
            || is_key(&existing.table, &fk.referenced_columns))
}

/// Whether the two lists name the same columns (in any order and case).
fn same_columns(a: &[String], b: &[String]) -> bool {
    let lower = |l: &[String]| {
        let mut l: Vec<String> = l.iter().map(|c| c.to_ascii_lowercase()).collect();
        l.sort_unstable();
        l
    };
    lower(a) == lower(b)
}

/// Whether `columns` are the primary key of `table`, or a UNIQUE of it (constraint, column or
/// unique index over the whole table).
fn is_key(table: &Table, columns: &[String]) -> bool {
    let single_unique = match columns {
        [c] => (table.columns.iter()).any(|x| x.unique && x.name.eq_ignore_ascii_case(c)),
        _ => false,
    };
    same_columns(&table.primary_key, columns)
        || single_unique
        || (table.unique_constraints.iter()).any(|u| same_columns(&u.columns, columns))
        || (table.indexes.iter())
            .any(|i| i.unique && i.predicate.is_none() && same_columns(&i.columns, columns))
}

/// The spec's tables, with what the comparison asks of all of them at once by name (ASCII case
/// ignored, as SQLite does): asked once per table, a scan each time made it quadratic.
pub struct SpecTables {
    /// Lowercased names of the spec's tables.
    pub(super) names: HashSet<String>,
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
