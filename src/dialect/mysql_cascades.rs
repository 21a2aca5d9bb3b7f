//! What InnoDB does otherwise than written with cascading foreign-key actions, on MySQL and
//! MariaDB (`FOREIGN_KEY_ACTION_LIMITED`): it carries out `ON DELETE CASCADE` 15 rows deep at
//! most, and refuses as with `RESTRICT` an `ON UPDATE CASCADE` / `SET NULL` that comes back to a
//! table the same cascade has already updated. Both a foreign key to its own table and a cycle
//! of foreign keys through several tables reach them (checked on MariaDB 10.11: a chain of 16
//! rows alternating between two tables, or going round three, is refused whole by a `DELETE` of
//! its first row, "Got error 193 … from InnoDB"; 15 are deleted).

use super::CycleWarning;
use crate::report::{Code, Issue, Report};
use crate::spec::{FkAction, ForeignKey, Table};

/// The most steps the search for an `ON UPDATE` cascade that comes back to a table takes in one
/// cycle of tables; past it the cycle is warned of as one whose cascade may come back, saying so
/// (only a spec built to be pathological has that many ways round, and a warning that may be
/// needless is better than none where it is needed).
const MAX_UPDATE_STEPS: usize = 100_000;

/// The warnings about `table`'s foreign keys to itself: `ON UPDATE CASCADE` / `SET NULL` is
/// refused as with `RESTRICT` (the cascade updates the table it started in), and `ON DELETE
/// CASCADE` deletes 15 rows deep at most. Each names its table and foreign key (`constraint`).
pub(super) fn same_table_warnings(table: &Table, report: &mut Report) {
    for fk in &table.foreign_keys {
        let revisits = fk.referenced_table == table.name
            && matches!(fk.on_update, Some(FkAction::Cascade | FkAction::SetNull));
        if revisits {
            report.push(
                Issue::warning(
                    Code::ForeignKeyActionLimited,
                    format!(
                        "InnoDB does not carry out ON UPDATE {} on a foreign key to the same table: updating a referenced key is refused as with RESTRICT",
                        fk.on_update.map_or("", |a| a.as_str())
                    ),
                )
                .table(&table.name)
                .constraint(&fk.name(&table.name))
                .suggest("update the key in application code, or leave the action out if keys never change"),
            );
        }
        if fk.referenced_table == table.name && fk.on_delete == Some(FkAction::Cascade) {
            report.push(
                Issue::warning(
                    Code::ForeignKeyActionLimited,
                    format!(
                        "InnoDB carries out ON DELETE CASCADE 15 rows deep at most: deleting a row of '{}' with more than 14 generations of rows below it through this foreign key fails whole (MySQL: error 3008 'Foreign key cascade delete/update exceeds max depth of 15'; MariaDB: 'Got error 193 … from InnoDB'), where SQLite and PostgreSQL delete them all",
                        table.name
                    ),
                )
                .table(&table.name)
                .constraint(&fk.name(&table.name))
                .suggest("on MySQL, delete a deep subtree from its deepest rows up (a WITH RECURSIVE query lists them with their depth), or keep its chains at most 15 rows deep"),
            );
        }
    }
}

/// One warning per cycle of tables (a strongly connected set of two tables or more) whose
/// foreign keys cascade `ON DELETE` into each other, and one per cycle through which an `ON
/// UPDATE CASCADE` / `SET NULL` comes back to a table it has updated, in the order of the
/// cycles' first tables. The table of each is the cycle's first not marked `existing`; a cycle
/// of `existing` tables only is not this migration's to warn of.
pub(super) fn cycle_warnings(tables: &[Table]) -> Vec<CycleWarning> {
    let mut found: Vec<(usize, CycleWarning)> = Vec::new();
    let deleting = |fk: &ForeignKey| fk.on_delete == Some(FkAction::Cascade);
    for (cycle, fks) in cycles(tables, &deleting) {
        let Some(first) = cycle.iter().find(|&&t| !tables[t].existing) else {
            continue;
        };
        let names = quoted(tables, &cycle);
        let issue = Issue::warning(
            Code::ForeignKeyActionLimited,
            format!(
                "the foreign keys of {names} cascade ON DELETE round a cycle, and InnoDB carries out ON DELETE CASCADE 15 rows deep at most: deleting a row with more than 14 generations of rows below it through these tables (each row referencing one of the one before) fails whole (MySQL: error 3008 'Foreign key cascade delete/update exceeds max depth of 15'; MariaDB: 'Got error 193 … from InnoDB'), where SQLite and PostgreSQL delete them all"
            ),
        )
        .table(&tables[*first].name)
        .suggest("on MySQL, delete such a chain from its deepest rows up, or keep its chains at most 15 rows deep; or make one foreign key of the cycle ON DELETE SET NULL or RESTRICT");
        found.push((cycle[0], (issue, fks)));
    }
    let updating =
        |fk: &ForeignKey| matches!(fk.on_update, Some(FkAction::Cascade | FkAction::SetNull));
    for (cycle, fks) in cycles(tables, &updating) {
        let Some(first) = cycle.iter().find(|&&t| !tables[t].existing) else {
            continue;
        };
        let searched = match comes_back(tables, &fks) {
            Some(false) => continue,
            Some(true) => "",
            None => {
                " (there are too many ways round to search them all: one of them may come back)"
            }
        };
        let names = quoted(tables, &cycle);
        let issue = Issue::warning(
            Code::ForeignKeyActionLimited,
            format!(
                "the foreign keys of {names} carry ON UPDATE CASCADE or SET NULL round a cycle, each into columns the next one references{searched}: an update of a referenced key whose cascade comes back to a table it has already updated is refused as with RESTRICT by InnoDB (\"Cannot delete or update a parent row\"), where SQLite and PostgreSQL carry it out"
            ),
        )
        .table(&tables[*first].name)
        .suggest("update such keys in application code, or leave ON UPDATE out of one foreign key of the cycle if keys never change");
        found.push((cycle[0], (issue, fks)));
    }
    found.sort_by_key(|(first, _)| *first);
    found.into_iter().map(|(_, w)| w).collect()
}

/// `'a', 'b' and 'c'`: the tables of a cycle, in spec order.
fn quoted(tables: &[Table], cycle: &[usize]) -> String {
    let names: Vec<String> = cycle
        .iter()
        .map(|&t| format!("'{}'", tables[t].name))
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// A foreign key, as (index of its table, index in the table's `foreign_keys`).
type KeyAt = (usize, usize);

/// The cycles (strongly connected sets of two tables or more, each sorted, in no set order) of
/// the foreign keys `acts` picks between different tables of `tables`, each with its foreign
/// keys that stay inside it (as in [`CycleWarning`]).
fn cycles(tables: &[Table], acts: &dyn Fn(&ForeignKey) -> bool) -> Vec<(Vec<usize>, Vec<KeyAt>)> {
    let position: std::collections::HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // (child, foreign key, parent) of every foreign key that acts, between two tables.
    let mut links: Vec<(usize, usize, usize)> = Vec::new();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    for (child, t) in tables.iter().enumerate() {
        for (k, fk) in t.foreign_keys.iter().enumerate() {
            let Some(&parent) = position.get(fk.referenced_table.as_str()) else {
                continue;
            };
            if parent != child && acts(fk) {
                edges[child].push(parent);
                links.push((child, k, parent));
            }
        }
    }
    if links.is_empty() {
        return Vec::new();
    }
    crate::plan::strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|cycle| {
            let fks = links
                .iter()
                .filter(|(child, _, parent)| {
                    cycle.binary_search(child).is_ok() && cycle.binary_search(parent).is_ok()
                })
                .map(|&(child, k, _)| (child, k))
                .collect();
            (cycle, fks)
        })
        .collect()
}

/// Whether an `ON UPDATE` cascade through the foreign keys `fks` (a cycle's, as in
/// [`CycleWarning`]) can come back to a table it has updated. An update of the columns a
/// foreign key references changes its columns in the child table, and goes on only through a
/// foreign key that references some of those columns; InnoDB refuses it once it reaches a
/// table it has updated. Coming back to the first table through the very columns the update
/// changed there finds no row (they hold the new values), and is not counted (checked on
/// MariaDB 10.11: two tables whose keys reference each other take the update).
///
/// Foreign keys of one table over the same columns to the same columns of the same table (the
/// same key under two names) cascade alike and are searched as one; a search longer than
/// [`MAX_UPDATE_STEPS`] has no answer (`None`): warned of as a cycle that may come back.
fn comes_back(tables: &[Table], fks: &[(usize, usize)]) -> Option<bool> {
    comes_back_within(tables, fks, MAX_UPDATE_STEPS)
}

/// [`comes_back`], taking at most `limit` steps: `None` when it took them all without an answer.
fn comes_back_within(tables: &[Table], fks: &[(usize, usize)], limit: usize) -> Option<bool> {
    let fk = |&(t, k): &(usize, usize)| &tables[t].foreign_keys[k];
    let overlap = |a: &[String], b: &[String]| a.iter().any(|c| b.contains(c));
    let same_set =
        |a: &[String], b: &[String]| a.len() == b.len() && a.iter().all(|c| b.contains(c));
    let alike = |a: &(usize, usize), b: &(usize, usize)| {
        a.0 == b.0
            && fk(a).referenced_table == fk(b).referenced_table
            && same_set(&fk(a).columns, &fk(b).columns)
            && same_set(&fk(a).referenced_columns, &fk(b).referenced_columns)
    };
    let mut distinct: Vec<(usize, usize)> = Vec::with_capacity(fks.len());
    for key in fks {
        if !distinct.iter().any(|seen| alike(seen, key)) {
            distinct.push(*key);
        }
    }
    let fks = distinct.as_slice();
    let mut steps = 0usize;
    for start in fks {
        let origin = &fk(start).referenced_table;
        // Depth first: (the foreign key just carried out, the tables updated on the way).
        let mut work: Vec<(&(usize, usize), Vec<&str>)> =
            vec![(start, vec![origin.as_str(), tables[start.0].name.as_str()])];
        while let Some((last, updated)) = work.pop() {
            let child = &tables[last.0];
            for next in fks.iter().filter(|&n| {
                fk(n).referenced_table == child.name
                    && overlap(&fk(n).referenced_columns, &fk(last).columns)
            }) {
                steps += 1;
                if steps > limit {
                    return None;
                }
                let reached = tables[next.0].name.as_str();
                if reached == origin.as_str()
                    && same_set(&fk(next).columns, &fk(start).referenced_columns)
                {
                    continue;
                }
                if updated.contains(&reached) {
                    return Some(true);
                }
                let mut more = updated.clone();
                more.push(reached);
                work.push((next, more));
            }
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Column;

    fn table(name: &str, columns: &[&str], fks: Vec<ForeignKey>) -> Table {
        let mut t = Table {
            name: name.into(),
            primary_key: vec!["id".into()],
            foreign_keys: fks,
            ..Table::default()
        };
        for c in std::iter::once(&"id").chain(columns) {
            t.columns
                .push(Column::new(c, crate::spec::ColumnType::Int, *c != "id"));
        }
        t
    }

    fn fk(
        columns: &[&str],
        parent: &str,
        referenced: &[&str],
        on_delete: Option<FkAction>,
        on_update: Option<FkAction>,
    ) -> ForeignKey {
        ForeignKey {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            referenced_table: parent.into(),
            referenced_columns: referenced.iter().map(|c| c.to_string()).collect(),
            on_delete,
            on_update,
            name: None,
        }
    }

    const CASCADE: Option<FkAction> = Some(FkAction::Cascade);

    fn said(tables: &[Table]) -> Vec<(String, String, Vec<KeyAt>)> {
        cycle_warnings(tables)
            .into_iter()
            .map(|(w, fks)| (w.table.unwrap_or_default(), w.message, fks))
            .collect()
    }

    #[test]
    fn a_delete_cascade_round_two_or_three_tables_is_one_warning_naming_them() {
        let two = [
            table(
                "a",
                &["b_id"],
                vec![fk(&["b_id"], "b", &["id"], CASCADE, None)],
            ),
            table(
                "b",
                &["a_id"],
                vec![fk(&["a_id"], "a", &["id"], CASCADE, None)],
            ),
        ];
        let found = said(&two);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "a");
        assert!(
            found[0].1.starts_with("the foreign keys of 'a' and 'b' cascade ON DELETE round a cycle, and InnoDB carries out ON DELETE CASCADE 15 rows deep at most"),
            "{}",
            found[0].1
        );
        assert_eq!(found[0].2, [(0, 0), (1, 0)]);
        let three = [
            table("x", &[], vec![]),
            table("a", &["p"], vec![fk(&["p"], "c", &["id"], CASCADE, None)]),
            table("b", &["p"], vec![fk(&["p"], "a", &["id"], CASCADE, None)]),
            table("c", &["p"], vec![fk(&["p"], "b", &["id"], CASCADE, None)]),
        ];
        let found = said(&three);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("of 'a', 'b' and 'c' cascade"),
            "{}",
            found[0].1
        );
        assert_eq!(found[0].2, [(1, 0), (2, 0), (3, 0)]);
    }

    #[test]
    fn a_cycle_with_one_key_that_does_not_cascade_or_of_existing_tables_is_not_warned() {
        let restrict = Some(FkAction::Restrict);
        let broken = [
            table(
                "a",
                &["b_id"],
                vec![fk(&["b_id"], "b", &["id"], CASCADE, None)],
            ),
            table(
                "b",
                &["a_id"],
                vec![fk(&["a_id"], "a", &["id"], restrict, None)],
            ),
        ];
        assert!(said(&broken).is_empty());
        let mut existing = [
            table(
                "a",
                &["b_id"],
                vec![fk(&["b_id"], "b", &["id"], CASCADE, None)],
            ),
            table(
                "b",
                &["a_id"],
                vec![fk(&["a_id"], "a", &["id"], CASCADE, None)],
            ),
        ];
        existing[0].existing = true;
        assert_eq!(
            said(&existing)[0].0,
            "b",
            "named by its table the migration makes"
        );
        existing[1].existing = true;
        assert!(said(&existing).is_empty());
        // A self-reference is the table's own warning, not a cycle.
        let own = [table(
            "n",
            &["parent_id"],
            vec![fk(&["parent_id"], "n", &["id"], CASCADE, CASCADE)],
        )];
        assert!(said(&own).is_empty());
    }

    /// As found on MariaDB 10.11: an update of `a.id` cascades into `b.a_id`, which no key
    /// references, and stops (taken); an update of `c.id` cascades into `d.id`, which `c.d_id`
    /// references, back into `c` (refused); `c.id` and `d.id` referencing each other come back
    /// to `c` through the column the update changed, finding no row (taken).
    #[test]
    fn an_update_cascade_is_warned_of_only_when_it_comes_back_to_a_table() {
        let plain = [
            table(
                "a",
                &["b_id"],
                vec![fk(&["b_id"], "b", &["id"], None, CASCADE)],
            ),
            table(
                "b",
                &["a_id"],
                vec![fk(&["a_id"], "a", &["id"], None, CASCADE)],
            ),
        ];
        assert!(said(&plain).is_empty());
        let back = [
            table(
                "c",
                &["d_id"],
                vec![fk(&["d_id"], "d", &["id"], None, CASCADE)],
            ),
            table("d", &[], vec![fk(&["id"], "c", &["id"], None, CASCADE)]),
        ];
        let found = said(&back);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.starts_with(
                "the foreign keys of 'c' and 'd' carry ON UPDATE CASCADE or SET NULL round a cycle"
            ),
            "{}",
            found[0].1
        );
        let keys = [
            table("c", &[], vec![fk(&["id"], "d", &["id"], None, CASCADE)]),
            table("d", &[], vec![fk(&["id"], "c", &["id"], None, CASCADE)]),
        ];
        assert!(said(&keys).is_empty());
        // Both actions: one warning each, the cycle's delete one first.
        let both = [
            table(
                "c",
                &["d_id"],
                vec![fk(&["d_id"], "d", &["id"], CASCADE, CASCADE)],
            ),
            table(
                "d",
                &[],
                vec![fk(&["id"], "c", &["id"], CASCADE, Some(FkAction::SetNull))],
            ),
        ];
        let found = said(&both);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].1.contains("cascade ON DELETE"));
        assert!(found[1].1.contains("ON UPDATE CASCADE or SET NULL"));
    }

    /// A ring of 12 tables, each with 4 foreign keys `(id) REFERENCES` the one before `(id)`
    /// under 4 names, the first closing it: every way round comes back to the table it started
    /// from through the columns the update changed, so none is refused. 4^11 ways round, each
    /// the same: searched as one, not warned of, and quickly.
    #[test]
    fn the_same_key_under_several_names_is_searched_once() {
        let ring: Vec<Table> = (0..12)
            .map(|i| {
                let parent = format!("t{}", (i + 11) % 12);
                let fks = (0..4)
                    .map(|k| ForeignKey {
                        name: Some(format!("fk_{i}_{k}")),
                        ..fk(&["id"], &parent, &["id"], None, CASCADE)
                    })
                    .collect();
                table(&format!("t{i}"), &[], fks)
            })
            .collect();
        let started = std::time::Instant::now();
        assert!(said(&ring).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    /// A search cut short by its step limit has no answer (`None`), which is warned of as a
    /// cycle that may come back: not proven safe. The ring of two tables whose keys reference
    /// each other's `id` never comes back (the update finds no row there), in 2 steps; given 1,
    /// it has no answer.
    #[test]
    fn a_search_past_its_limit_has_no_answer() {
        let keys = [
            table("c", &[], vec![fk(&["id"], "d", &["id"], None, CASCADE)]),
            table("d", &[], vec![fk(&["id"], "c", &["id"], None, CASCADE)]),
        ];
        let fks = [(0, 0), (1, 0)];
        assert_eq!(comes_back_within(&keys, &fks, 2), Some(false));
        assert_eq!(comes_back_within(&keys, &fks, 1), None);
    }
}
