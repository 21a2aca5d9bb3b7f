//! previousSpec's names that no spec can give (Prisma's `"tenantId"`, `"User"`), on PostgreSQL
//! and MySQL: taken as the database's (see `validate::validate_previous`), and renamed by the
//! spec (`renamedFrom`) into names it can give, every rename statement writing the old name
//! quoted. The other statements that would name them (the down migration's `ADD COLUMN` of a
//! dropped column, `CREATE INDEX` of a dropped index, `CREATE TABLE` of a dropped table, a
//! primary key made again) write a column's name bare, which PostgreSQL folds to lowercase
//! (`tenantid`): such a change is refused here, with what to do instead, rather than written to
//! fail when it runs.

use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::{MigrationSpec, Table};
use crate::validate::spec_can_name;
use std::collections::{HashMap, HashSet};

/// `INVALID_SPEC` for each change from `previous` (its tables effective) to `tables` (the
/// spec's, effective) that a migration would write with a column name of previousSpec bare
/// where no spec can give that name: such a column the spec's table neither lists nor renames
/// (dropped with `allowDataLoss`, kept otherwise, both refused: its table's changes may name
/// it), an index, UNIQUE or primary key over it that the spec changes or drops, and a table
/// with such a name or column that `dropTablesNotInSpec` would drop.
pub(super) fn refuse_unwritable_names(
    spec: &MigrationSpec,
    previous: &[Table],
    tables: &[Table],
    d: &dyn Dialect,
    report: &mut Report,
) {
    let bare = |name: &str| spec_can_name(d, name);
    // The spec's table (not marked existing) that each previous name becomes, the first that
    // names it, and the names the spec lists: found once, where a search of the spec's tables
    // for each previous table made a spec of thousands of tables quadratic.
    let mut becomes: HashMap<&str, &Table> = HashMap::new();
    for t in tables.iter().filter(|t| !t.existing) {
        becomes
            .entry(t.renamed_from.as_deref().unwrap_or(&t.name))
            .or_insert(t);
    }
    let listed: HashSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    for p in previous {
        let held: Vec<&str> = (p.columns.iter())
            .map(|c| c.name.as_str())
            .filter(|n| !bare(n))
            .collect();
        let Some(&t) = becomes.get(p.name.as_str()) else {
            let kept_anyway = !(spec.drop_tables_not_in_spec && spec.allow_data_loss);
            let listed = listed.contains(p.name.as_str());
            if kept_anyway || listed || (held.is_empty() && bare(&p.name)) {
                continue;
            }
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!(
                        "dropTablesNotInSpec would drop previousSpec's table '{}', whose {} no spec can give; the down migration would create it again writing its column names bare, which the database would not read as they are",
                        crate::report::clip(&p.name),
                        if bare(&p.name) { "columns' names" } else { "name" }
                    ),
                )
                .table(&p.name)
                .suggest("list the table in the spec under names it can have, each with renamedFrom (a migration renaming it), and drop it in a later migration; or leave dropTablesNotInSpec out, which keeps it"),
            );
            continue;
        };
        let renamed = |old: &str| (t.renamed_columns.iter()).find(|(o, _)| o == old);
        let now = |old: &str| {
            renamed(old)
                .map_or(old, |(_, new)| new.as_str())
                .to_string()
        };
        for name in held.iter().filter(|n| renamed(n).is_none()) {
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!(
                        "previousSpec's column '{}' of '{}' has a name no spec can give, and the table's entry neither lists nor renames it: a migration that changes the table may write the column (dropping it, adding it back in the down migration) with its name bare, which the database would not read as it is",
                        crate::report::clip(name),
                        crate::report::clip(&p.name)
                    ),
                )
                .table(&t.name)
                .column(name)
                .suggest(format!(
                    "list the column under a name the spec can have, saying where it comes from, and drop it in a later migration if it is to go: \"name\": {}, \"renamedFrom\": {}",
                    serde_json::Value::String(crate::validate::spec_rename(d, false, name)),
                    serde_json::Value::String((*name).to_string())
                )),
            );
        }
        let over_held = |columns: &[String]| columns.iter().any(|c| !bare(c));
        let mapped = |columns: &[String]| columns.iter().map(|c| now(c)).collect::<Vec<_>>();
        let mut changed: Vec<(&str, String)> = Vec::new();
        if over_held(&p.primary_key) && mapped(&p.primary_key) != t.primary_key {
            changed.push(("primary key", "the primary key".to_string()));
        }
        for i in p.indexes.iter().filter(|i| over_held(&i.columns)) {
            let kept = (t.indexes.iter()).any(|n| {
                n.name == i.name
                    && n.columns == mapped(&i.columns)
                    && n.unique == i.unique
                    && n.predicate == i.predicate
            });
            if !kept {
                changed.push(("index", format!("the index '{}'", i.name)));
            }
        }
        for u in p
            .unique_constraints
            .iter()
            .filter(|u| over_held(&u.columns))
        {
            let kept = (t.unique_constraints.iter())
                .any(|n| n.name == u.name && n.columns == mapped(&u.columns));
            if !kept {
                changed.push(("unique", format!("the unique constraint '{}'", u.name)));
            }
        }
        for (_, what) in changed {
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!(
                        "{what} of previousSpec's '{}' lists a column whose name no spec can give, and the spec changes or drops it: the down migration would make it again writing that column's name bare, which the database would not read as it is",
                        crate::report::clip(&p.name)
                    ),
                )
                .table(&t.name)
                .suggest("keep it as previousSpec has it (its name, and its columns by their new names) in this migration, which renames the columns, and change it in a later one"),
            );
        }
    }
}
