//! What validating a table looks up in the rest of the spec and in the database ([`Lookups`]):
//! the spec's tables by name, the tables `previousSpec` has, and the near names offered for a
//! foreign key to a table neither the spec nor the database has.

use super::{
    names::{may_rename_to, table_rename},
    ExistingTables,
};
use crate::dialect::Dialect;
use crate::spec::*;
use foldhash::{HashMap, HashMapExt};

/// What a foreign key to a table neither the spec nor the database has is told, by the table
/// it names.
pub(super) type NearNames = HashMap<String, Near>;

/// The tables the database has by `previousSpec`, under their names in this spec: those of
/// `previousSpec`, and those the spec renames from one of them (`renamedFrom`).
pub(super) fn previous_names<'a>(
    spec: &'a MigrationSpec,
    tables: &'a [Table],
) -> std::collections::HashSet<&'a str> {
    let Some(previous) = &spec.previous else {
        return Default::default();
    };
    let mut names: std::collections::HashSet<&str> =
        previous.tables.iter().map(|t| t.name.as_str()).collect();
    let renamed: Vec<&str> = tables
        .iter()
        .filter(|t| {
            t.renamed_from
                .as_ref()
                .is_some_and(|old| names.contains(old.as_str()))
        })
        .map(|t| t.name.as_str())
        .collect();
    names.extend(renamed);
    names
}

/// What validating a table looks up in the rest of the spec and in the database.
pub(super) struct Lookups<'a, 'e> {
    /// The spec's tables by name.
    pub(super) by_name: &'a HashMap<&'a str, &'a Table>,
    /// See [`NearNames`].
    pub(super) near: &'a NearNames,
    /// The tables of the SQLite database (`existingDbPath`).
    pub(super) existing: ExistingTables<'e>,
    /// The names of the tables of `previousSpec`, which the database has.
    pub(super) previous: std::collections::HashSet<&'a str>,
    /// What messages call the SQLite database's schema: the file, or `previousSpec`.
    pub(super) database: &'static str,
    /// Whether the tables validated are previousSpec's: every name is one the database holds
    /// (see [`super::validate_previous`]).
    pub(super) held: bool,
    /// The spec's `previousSpec`, if any (see [`previous_table`]).
    pub(super) previous_spec: Option<&'a MigrationSpec>,
}

/// The table of `previous` (a spec's `previousSpec`) that the spec's table `t` is: the one of
/// its `renamedFrom`, or of its name.
pub(super) fn previous_table<'p>(
    previous: Option<&'p MigrationSpec>,
    t: &Table,
) -> Option<&'p Table> {
    let name = t.renamed_from.as_deref().unwrap_or(&t.name);
    previous?.tables.iter().find(|p| p.name == name)
}

/// See [`NearNames`].
pub(super) enum Near {
    /// A spec table's name error suggests renaming it to this name.
    Renamed,
    /// The spec's table a letter or two away (without a name error of its own).
    Name(String),
}

/// The [`NearNames`] of a spec, found once for each table its foreign keys name that neither it
/// nor the database has, up to [`NEAR_NAMES_SOUGHT`] of them (each is a pass over every table:
/// done for every foreign key, a spec of 10,000 tables whose keys name a missing one took 15
/// seconds).
pub(super) fn near_names(
    d: &dyn Dialect,
    tables: &[Table],
    by_name: &HashMap<&str, &Table>,
    existing: ExistingTables,
) -> NearNames {
    let mut near = NearNames::new();
    let mut sought = std::collections::HashSet::new();
    let missing = tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .map(|fk| fk.referenced_table.as_str());
    for wanted in missing {
        if by_name.contains_key(wanted) || existing(wanted).is_some() || sought.contains(wanted) {
            continue;
        }
        if sought.len() == NEAR_NAMES_SOUGHT {
            break;
        }
        sought.insert(wanted);
        if tables.iter().any(|t| {
            may_rename_to(&t.name, wanted) && table_rename(d, &t.name).as_deref() == Some(wanted)
        }) {
            near.insert(wanted.to_string(), Near::Renamed);
            continue;
        }
        // Only names a letter or two away, without a name error of their own, are offered.
        let mut names: Vec<&str> = tables
            .iter()
            .map(|t| t.name.as_str())
            .filter(|n| n.len().abs_diff(wanted.len()) <= 2 && table_rename(d, n).is_none())
            .collect();
        names.sort_unstable();
        if let Some(n) = crate::parse::did_you_mean(wanted, &names) {
            near.insert(wanted.to_string(), Near::Name(n.to_string()));
        }
    }
    near
}

/// The most tables named by foreign keys but missing that [`near_names`] looks for.
pub(super) const NEAR_NAMES_SOUGHT: usize = 100;
