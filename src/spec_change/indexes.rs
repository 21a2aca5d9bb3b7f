//! The indexes and constraint names of a table: those that go, come, or are renamed, and
//! those the database made for foreign keys (MySQL) or that serve them.

use super::{canonical, words};
use crate::dialect::{column_list, Dialect};
use crate::spec::*;
use std::collections::HashSet;

/// The names `table` gives its constraints and indexes (and the database gives its key,
/// sequences and UNIQUE columns), which a foreign key renamed in place must neither take nor
/// free while they are in use.
pub(super) fn constraint_names(d: &dyn Dialect, table: &Table) -> HashSet<String> {
    (table.foreign_keys.iter())
        .map(|fk| fk.name(&table.name))
        .chain(table.unique_constraints.iter().map(|u| u.name.clone()))
        .chain(table.check_constraints.iter().map(|c| c.name.clone()))
        .chain(table.indexes.iter().map(|i| i.name.clone()))
        .chain(d.generated_names(table).into_iter().map(|(_, name)| name))
        .collect()
}

/// The indexes the database made for `table`'s foreign keys (MySQL, for a key that neither a
/// key, an index nor such an index made before serves; the keys are added in their order), as
/// (columns, name): named after the key, and after the newest key on the same columns when
/// several share it (MariaDB makes it again under that name).
pub(super) fn indexes_made_for_keys(d: &dyn Dialect, table: &Table) -> Vec<(Vec<String>, String)> {
    let mut made: Vec<(Vec<String>, String)> = Vec::new();
    if !d.foreign_keys_need_an_index() {
        return made;
    }
    for fk in &table.foreign_keys {
        if !serving_indexes(d, table, &fk.columns).is_empty() {
            continue;
        }
        let name = fk.name(&table.name);
        match made.iter_mut().find(|(c, _)| c.starts_with(&fk.columns)) {
            Some((c, n)) if *c == fk.columns => *n = name,
            Some(_) => {}
            None => {
                // An index made before on the first of these columns serves no key the new
                // one does not: the database drops it.
                made.retain(|(c, _)| !fk.columns.starts_with(c));
                made.push((fk.columns.clone(), name));
            }
        }
    }
    made
}

/// The keys and indexes of `table` whose first columns are `columns` (which a database can use
/// for a foreign key on them), written out; empty when there are none.
pub(super) fn serving_indexes(d: &dyn Dialect, table: &Table, columns: &[String]) -> String {
    serving_index_list(d, table, columns).concat()
}

/// [`serving_indexes`], one entry for each key or index (` [primary key (a, b)]`, ` [unique
/// a]`, ` [uq_name(a, b)]`, ` [CREATE INDEX …]`): an entry alike in two tables is one the
/// migration between them leaves as it is.
pub(super) fn serving_index_list(
    d: &dyn Dialect,
    table: &Table,
    columns: &[String],
) -> Vec<String> {
    let serves = |key: &[String]| key.len() >= columns.len() && key[..columns.len()] == *columns;
    let mut out = Vec::new();
    if serves(&table.primary_key) {
        // With its columns: a key that changes and still serves is dropped all the same.
        out.push(format!(
            " [primary key {}]",
            column_list(&table.primary_key)
        ));
    }
    for c in &table.columns {
        if c.unique && serves(std::slice::from_ref(&c.name)) {
            out.push(format!(" [unique {}]", c.name));
        }
    }
    for u in table
        .unique_constraints
        .iter()
        .filter(|u| serves(&u.columns))
    {
        out.push(format!(" [{}{}]", u.name, column_list(&u.columns)));
    }
    for i in table.indexes.iter().filter(|i| serves(&i.columns)) {
        out.push(format!(" [{}]", d.create_index(table, i)));
    }
    out
}

/// Whether the index `i` of `a` is `j` of `b` as the database holds them. A partial index on or
/// over a column whose type changes (`retyped`) is made again: the database would rebuild it
/// from its own rewriting of the expression (PostgreSQL: `ARRAY[0, 1]` compared with a BIGINT
/// column becomes `ARRAY[(0)::bigint, …]`), unlike the same one created on that type. A plain
/// index it rebuilds as it was. A predicate written otherwise (`n>0`, `(n > 0)`) is the same
/// index, as a CHECK is.
fn same_index(
    d: &dyn Dialect,
    retyped: &dyn Fn(&str) -> bool,
    (a, i): (&Table, &Index),
    (b, j): (&Table, &Index),
) -> bool {
    let over_retyped = |text: &str| words(text).any(|w| retyped(&w.to_ascii_lowercase()));
    let spelled_alike = |i: &Index| Index {
        predicate: i.predicate.as_deref().map(|p| canonical(d, p)),
        ..i.clone()
    };
    d.create_index(a, &spelled_alike(i)) == d.create_index(b, &spelled_alike(j))
        && !i
            .predicate
            .as_deref()
            .is_some_and(|p| over_retyped(p) || i.columns.iter().any(|c| retyped(c)))
}

/// The indexes of `from` that go (or change) and those of `to` that come (or change).
pub(super) fn index_changes<'t>(
    d: &dyn Dialect,
    from: &'t Table,
    to: &'t Table,
    retyped: &dyn Fn(&str) -> bool,
) -> (Vec<&'t Index>, Vec<&'t Index>) {
    let gone = (from.indexes.iter())
        .filter(|old| {
            !(to.indexes.iter())
                .find(|i| i.name == old.name)
                .is_some_and(|i| same_index(d, retyped, (to, i), (from, old)))
        })
        .collect();
    let coming = (to.indexes.iter())
        .filter(|new| {
            !(from.indexes.iter())
                .find(|i| i.name == new.name)
                .is_some_and(|i| same_index(d, retyped, (from, i), (to, new)))
        })
        .collect();
    (gone, coming)
}

/// The indexes and named UNIQUE constraints that a change from `original` (`from` once its
/// columns are renamed) to `to` renames in place where the dialect can (`index_renames`): one
/// that comes back as it went under another name. The rename runs last in the table's change
/// (see [`core_statements`](super::statements::core_statements)), its old name kept till then by no other object of the table, nor
/// its new name one the table had (as the database names it before its rename too); both ways
/// are held to that, as the down migration renames it back. `retyped` says whether a column
/// (as `to` names it) changes type.
pub(super) fn key_renames(
    d: &dyn Dialect,
    original: &Table,
    from: &Table,
    to: &Table,
    retyped: &dyn Fn(&str) -> bool,
) -> crate::index_renames::KeyRenames {
    let name = &to.name;
    // The names a rename may take and leave: none the table had (before or after its columns'
    // renames), nor one it gets.
    let had: HashSet<String> = constraint_names(d, original)
        .union(&constraint_names(d, from))
        .cloned()
        .collect();
    let gets = constraint_names(d, to);
    let free = |old: &str, new: &str| !gets.contains(old) && !had.contains(new);
    let names = |pairs: Vec<(&String, &String)>| -> Vec<(String, String)> {
        (pairs.into_iter())
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect()
    };
    let mut out = crate::index_renames::KeyRenames::default();
    if d.rename_index(name, "a", "b").is_some() {
        let (gone, coming) = index_changes(d, from, to, retyped);
        let alike = |old: &Index, new: &Index| {
            same_index(
                d,
                retyped,
                (from, &crate::index_renames::named(old, &new.name)),
                (to, new),
            )
        };
        out.indexes = names(
            crate::index_renames::renamed(&gone, &coming, &alike, &free)
                .into_iter()
                .map(|(a, b)| (&a.name, &b.name))
                .collect(),
        );
    }
    // A named UNIQUE constraint likewise, by its columns (those of `from` renamed already).
    if d.rename_unique_constraint(name, "a", "b").is_some() {
        let gone: Vec<&UniqueConstraint> = (from.unique_constraints.iter())
            .filter(|old| !to.unique_constraints.contains(old))
            .collect();
        let coming: Vec<&UniqueConstraint> = (to.unique_constraints.iter())
            .filter(|new| !from.unique_constraints.contains(new))
            .collect();
        out.uniques = names(
            crate::index_renames::renamed(
                &gone,
                &coming,
                &|old, new| old.columns == new.columns,
                &free,
            )
            .into_iter()
            .map(|(a, b)| (&a.name, &b.name))
            .collect(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_change::test_support::*;

    /// A partial index whose predicate is written otherwise is no change: it is not made again.
    #[test]
    fn a_partial_index_written_otherwise_is_no_change() {
        let t = |w: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"n","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"indexes":[{{"name":"ix_t_n","columns":["n"],"where":"{w}"}}]}}"#
            )
        };
        written_otherwise_is_no_change(
            &t,
            &["postgresql", "sqlite"],
            &[("n > 0", "n>0"), ("n IS NOT NULL", "(n is not null)")],
        );
    }

    #[test]
    fn a_unique_added_over_a_foreign_keys_column_on_mysql_leaves_the_key_alone() {
        let table = |unique: Option<&str>| -> Table {
            let mut org = column("org_id", ColumnType::Integer);
            org.nullable = false;
            let mut name = column("name", ColumnType::Integer);
            name.nullable = false;
            Table {
                name: "workspaces".into(),
                columns: vec![org, name],
                foreign_keys: vec![ForeignKey {
                    columns: vec!["org_id".into()],
                    referenced_table: "orgs".into(),
                    referenced_columns: vec!["id".into()],
                    on_delete: None,
                    on_update: None,
                    name: None,
                }],
                unique_constraints: unique
                    .map(|n| UniqueConstraint {
                        name: n.into(),
                        columns: vec!["org_id".into(), "name".into()],
                    })
                    .into_iter()
                    .collect(),
                ..Default::default()
            }
        };
        // Up: the UNIQUE alone (InnoDB drops the index it made for the key); dropping the key
        // around it left the table without it when duplicate rows refused the UNIQUE.
        let (c, report) = change(
            DatabaseType::Mysql,
            &table(None),
            &table(Some("uq_workspaces_org_name")),
            false,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert!(
            c.drop_foreign_keys.up.is_empty(),
            "{:?}",
            c.drop_foreign_keys.up
        );
        assert!(
            c.add_foreign_keys.up.is_empty(),
            "{:?}",
            c.add_foreign_keys.up
        );
        assert_eq!(
            c.core.up,
            ["ALTER TABLE workspaces ADD CONSTRAINT uq_workspaces_org_name UNIQUE (org_id, name);"]
        );
        // Down: the UNIQUE cannot go while the key needs it; the key goes and comes around it
        // (each step's down is the other step's statements, run in reverse order).
        assert_eq!(
            c.add_foreign_keys.down,
            ["ALTER TABLE workspaces DROP FOREIGN KEY fk_workspaces_org_id;"]
        );
        assert_eq!(c.drop_foreign_keys.down.len(), 1);
        // A new index under the name of the one made for the key: the key goes first.
        let (c, _) = change(
            DatabaseType::Mysql,
            &table(None),
            &table(Some("fk_workspaces_org_id")),
            false,
        );
        assert_eq!(
            c.drop_foreign_keys.up.len(),
            2,
            "{:?}",
            c.drop_foreign_keys.up
        );
    }
}
