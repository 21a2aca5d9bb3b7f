//! Names the migration gives that the database already gives something else: a table created
//! under the name of an index or view, an index or UNIQUE constraint named as another table's, and
//! an index name the migration moves from one table to another ([`MovedIndexName`]).

use super::not_in_spec::names_index;
use super::order::SpecTables;
use super::Described;
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::report::{Code, Issue, Report};
use crate::spec::*;

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
/// returned, to be freed first ([`migration_order`](super::order::migration_order)). The names of a
/// table the migration drops
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
/// change drops: then the name moves, and is returned, to be freed first
/// ([`migration_order`](super::order::migration_order)),
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
