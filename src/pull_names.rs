//! The names a pull for PostgreSQL or MySQL gives what a SQLite file names as no spec can.
//!
//! A spec's names are lowercase snake_case, within the database's length limit and not reserved
//! words (see `validate::spec_can_name`). A pull for SQLite keeps the file's names as they are:
//! its spec is compared with that very file, so a table no spec can name is left out (and the
//! foreign keys into it kept: a spec may reference a table of the database it does not list).
//! A pull for PostgreSQL or MySQL makes a spec for a new database, which has only what the spec
//! lists: leaving Prisma's `User` and `Post` out lost them and every foreign key into them (a
//! user trial), and a name such as `idx "q"` made the pulled spec invalid. So such a pull gives
//! each such table, column, index and constraint the name validation suggests for it (`User` ->
//! `user`, or `users` on PostgreSQL; `authorId` -> `author_id`; `idx "q"` -> `idx_q`), cut to the
//! length limit and made unique with `_2`, `_3`, … where another name already is that, and
//! `renamed` lists each (see `pull_renamed`).

use std::collections::{HashMap, HashSet};

use crate::dialect::Dialect;
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::spec::DatabaseType;
use crate::validate::{is_plain_identifier, spec_can_name, spec_rename};

/// What a pull renames, by the names of the SQLite file (tables compared as SQLite compares
/// them, in any case). Empty for a pull for SQLite.
#[derive(Debug, Default)]
pub struct PulledNames {
    /// Table (lowercase) -> its name in the spec.
    tables: HashMap<String, String>,
    /// (table lowercase, column lowercase) -> the column's name in the spec.
    columns: HashMap<(String, String), String>,
    /// (table lowercase, index or constraint name) -> its name in the spec.
    objects: HashMap<(String, String), String>,
}

/// Whether a pull for another database than SQLite lists the table whatever its names: not a
/// virtual table, with a primary key, and no more columns than a spec's table may have.
pub fn listed_whatever_its_names(t: &ExistingTable) -> bool {
    !t.is_virtual()
        && !t.table.primary_key.is_empty()
        && t.table.columns.len() <= crate::limits::MAX_COLUMNS_PER_TABLE
}

/// What [`fitted`] names.
#[derive(Clone, Copy, PartialEq)]
enum Named {
    Table,
    Column,
    /// An index or a constraint.
    Object,
}

/// `name` if a spec can give it, else the name validation suggests, cut to the length limit,
/// and followed by `_2`, `_3`, … while `taken` has it; the name given is added to `taken`.
fn fitted(d: &dyn Dialect, named: Named, name: &str, taken: &mut HashSet<String>) -> String {
    let lower = name.to_ascii_lowercase();
    // TypeORM's `IDX_…`, `UQ_…`: in lower case, as pulls have written them. Not a column's
    // name: `firstName` is `first_name`, as validation suggests (not `firstname`).
    let base = if named == Named::Object && is_plain_identifier(name) && spec_can_name(d, &lower) {
        lower
    } else {
        spec_rename(d, named == Named::Table, name)
    };
    let max = d.max_identifier_bytes();
    // The suggestion is ASCII: cutting it at any byte leaves a name.
    let cut = |s: &str, n: usize| s[..s.len().min(n)].trim_end_matches('_').to_string();
    let mut candidate = cut(&base, max);
    let mut i = 2u32;
    while candidate.is_empty() || taken.contains(&candidate) || !spec_can_name(d, &candidate) {
        let suffix = format!("_{i}");
        let stem = cut(&base, max - suffix.len());
        candidate = format!("{}{suffix}", if stem.is_empty() { "name" } else { &stem });
        i += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// The name a pull gives `name`, of a `kind` ("table", "column", or an index or constraint's)
/// when no other name of the spec is that already (then it gets `_2`, `_3`, …).
pub fn first_suggestion(d: &dyn Dialect, kind: &str, name: &str) -> String {
    let named = match kind {
        "table" => Named::Table,
        "column" => Named::Column,
        _ => Named::Object,
    };
    fitted(d, named, name, &mut HashSet::new())
}

impl PulledNames {
    /// The names a pull of `schema` for `dialect` gives the tables it lists (see
    /// [`listed_whatever_its_names`]), their columns, indexes and constraints where a spec
    /// cannot give the file's; nothing for SQLite.
    pub fn of(schema: &ExistingSchema, dialect: &dyn Dialect) -> Self {
        let mut out = Self::default();
        if dialect.database_type() == DatabaseType::Sqlite {
            return out;
        }
        let listed: Vec<&ExistingTable> = schema
            .tables()
            .iter()
            .filter(|t| listed_whatever_its_names(t))
            .collect();
        let can = |n: &str| spec_can_name(dialect, n);
        let mut tables: HashSet<String> = listed
            .iter()
            .map(|t| t.table.name.as_str())
            .filter(|n| can(n))
            .map(str::to_string)
            .collect();
        for t in &listed {
            let name = &t.table.name;
            if !can(name) {
                let new = fitted(dialect, Named::Table, name, &mut tables);
                out.tables.insert(name.to_ascii_lowercase(), new);
            }
        }
        for t in &listed {
            let mut columns: HashSet<String> = t
                .table
                .columns
                .iter()
                .map(|c| c.name.clone())
                .filter(|n| can(n))
                .collect();
            for c in &t.table.columns {
                if !can(&c.name) {
                    let new = fitted(dialect, Named::Column, &c.name, &mut columns);
                    out.columns.insert(
                        (
                            t.table.name.to_ascii_lowercase(),
                            c.name.to_ascii_lowercase(),
                        ),
                        new,
                    );
                }
            }
        }
        // Index names are one namespace with the tables' on PostgreSQL (per schema): every
        // name the database has, and every table's name in the spec, is taken.
        let objects_of = |t: &ExistingTable| -> Vec<String> {
            t.indexes
                .iter()
                .filter(|ix| !ix.index.columns.iter().any(String::is_empty))
                .map(|ix| ix.index.name.clone())
                .chain(t.table.unique_constraints.iter().map(|u| u.name.clone()))
                .chain(t.table.check_constraints.iter().map(|c| c.name.clone()))
                .chain(t.table.primary_key_name.clone())
                .filter(|n| !n.is_empty())
                .collect()
        };
        // Those a spec can give stay as they are; the others are renamed, so do not hold
        // their names.
        let mut taken: HashSet<String> = tables;
        for t in schema.tables() {
            taken.extend(objects_of(t).into_iter().filter(|n| can(n)));
        }
        for t in &listed {
            for name in objects_of(t) {
                if !can(&name) {
                    let key = (t.table.name.to_ascii_lowercase(), name);
                    if out.objects.contains_key(&key) {
                        continue;
                    }
                    let new = fitted(dialect, Named::Object, &key.1, &mut taken);
                    out.objects.insert(key, new);
                }
            }
        }
        out
    }

    /// The spec's name of the file's table `table` (as the file or a foreign key writes it).
    pub fn table<'a>(&'a self, table: &'a str) -> &'a str {
        self.tables
            .get(&table.to_ascii_lowercase())
            .map_or(table, String::as_str)
    }

    /// The spec's name of column `column` of the file's table `table`.
    pub fn column<'a>(&'a self, table: &str, column: &'a str) -> &'a str {
        self.columns
            .get(&(table.to_ascii_lowercase(), column.to_ascii_lowercase()))
            .map_or(column, String::as_str)
    }

    /// Whether the pull renames a column of the file's table `table`.
    pub fn renames_columns_of(&self, table: &str) -> bool {
        let table = table.to_ascii_lowercase();
        self.columns.keys().any(|(t, _)| *t == table)
    }

    /// The spec's name of the index or constraint `name` of the file's table `table`.
    pub fn object<'a>(&'a self, table: &str, name: &'a str) -> &'a str {
        self.objects
            .get(&(table.to_ascii_lowercase(), name.to_string()))
            .map_or(name, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column's name is pulled as validation suggests (`firstName` -> `first_name`, which
    /// lowering it would have made `firstname`); an index's or constraint's plain name in lower
    /// case (TypeORM's `IDX_…`).
    #[test]
    fn a_column_is_snake_cased_and_an_index_name_lowered() {
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            let d = crate::dialect::for_database(db);
            let mut taken = HashSet::new();
            assert_eq!(
                fitted(d, Named::Column, "firstName", &mut taken),
                "first_name"
            );
            assert_eq!(
                fitted(d, Named::Column, "first_name", &mut taken),
                "first_name_2"
            );
            assert_eq!(fitted(d, Named::Object, "IDX_aB1", &mut taken), "idx_ab1");
            assert_eq!(
                fitted(d, Named::Table, "order items", &mut taken),
                "order_items"
            );
        }
    }
}
