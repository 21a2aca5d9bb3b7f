//! The `CIRCULAR_FOREIGN_KEY` warnings: cycles in the foreign keys of the schema the migration
//! leaves, over every table of the spec (created, changed, unchanged or `existing`), except the
//! cycles that were there before it.

use crate::introspect::ExistingSchema;
use crate::plan;
use crate::report::{Code, Issue};
use crate::spec::Table;

/// One warning per foreign-key cycle, in spec order, among `tables` (the spec's tables, effective) that the
/// migration makes, of `cycles` (theirs, as [`plan::foreign_key_cycles`] finds them): a cycle all of whose tables are marked `existing`, or that the database
/// (`existing`) already has, table for table and with foreign keys of its own closing it, is not
/// the migration's doing. `inline_foreign_keys`: whether the dialect writes them inside
/// `CREATE TABLE` (the advice differs).
pub fn warnings(
    tables: &[Table],
    cycles: Vec<Vec<usize>>,
    existing: Option<&ExistingSchema>,
    inline_foreign_keys: bool,
) -> Vec<Issue> {
    let mut cycles = cycles;
    cycles.sort_unstable_by_key(|cycle| cycle[0]);
    cycles
        .into_iter()
        .map(|cycle| cycle.into_iter().map(|i| &tables[i]).collect::<Vec<&Table>>())
        .filter(|cycle| !cycle.iter().all(|t| t.existing))
        .filter(|cycle| !existing.is_some_and(|schema| already_a_cycle(cycle, schema)))
        .map(|cycle| {
            let names: Vec<&str> = cycle.iter().map(|t| t.name.as_str()).collect();
            Issue::warning(
                Code::CircularForeignKey,
                format!("the foreign keys of {} form a cycle", names.join(", ")),
            )
            .table(names[0])
            .suggest(if inline_foreign_keys {
                "inserting into these tables needs one of the foreign-key columns to be nullable or deferred"
            } else {
                "the constraints are added after the tables; inserting needs one of the columns to be nullable"
            })
        })
        .collect()
}

/// Whether every table of `cycle` is in the database and the database's own foreign keys
/// among them already make them one cycle (SQLite compares names without regard to ASCII case).
fn already_a_cycle(cycle: &[&Table], schema: &ExistingSchema) -> bool {
    let Some(stored) = cycle
        .iter()
        .map(|t| schema.table(&t.name).map(|e| &e.table))
        .collect::<Option<Vec<&Table>>>()
    else {
        return false;
    };
    let position = |name: &str| {
        stored
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(name))
    };
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); stored.len()];
    for (child, t) in stored.iter().enumerate() {
        for fk in &t.foreign_keys {
            if let Some(parent) = position(&fk.referenced_table) {
                if parent != child {
                    edges[parent].push(child);
                }
            }
        }
    }
    plan::strongly_connected(&edges).len() == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::table;

    fn messages(tables: &[Table], inline: bool) -> Vec<String> {
        let cycles = plan::foreign_key_cycles(&tables.iter().collect::<Vec<_>>());
        warnings(tables, cycles, None, inline)
            .iter()
            .map(|i| i.message.clone())
            .collect()
    }

    #[test]
    fn each_cycle_is_reported_once_in_spec_order() {
        let tables = vec![
            table("teams", &["users"]),
            table("users", &["teams"]),
            table("x", &["y"]),
            table("y", &["x", "y"]),
            table("z", &["teams"]),
        ];
        assert_eq!(
            messages(&tables, false),
            [
                "the foreign keys of teams, users form a cycle",
                "the foreign keys of x, y form a cycle"
            ]
        );
    }

    #[test]
    fn a_cycle_of_existing_tables_only_is_not_the_migrations() {
        let mut a = table("a", &["b"]);
        let mut b = table("b", &["a"]);
        a.existing = true;
        b.existing = true;
        assert!(messages(&[a, b, table("c", &["a"])], true).is_empty());
    }
}
