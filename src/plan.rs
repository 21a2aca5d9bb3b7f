//! Planning: the tables as they will be created (timestamps added, auto-increment keys made
//! primary), the order to create them in (foreign-key dependencies first, whatever the spec's
//! order), and the foreign-key cycles that make constraints go after the tables.

use crate::spec::*;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// The table as it will be created: `created_at`/`updated_at` appended when timestamps are on
/// (unless the table lists a column of that name), and an auto-increment column as the primary
/// key when no primary key is given.
pub fn effective_table(table: &Table, spec_timestamps: bool) -> Table {
    into_effective(table.clone(), spec_timestamps)
}

/// [`effective_table`], taking the table instead of copying it (generation owns the parsed
/// spec, and a copy of 10,000 tables was the largest allocation of its memory peak).
pub fn into_effective(mut t: Table, spec_timestamps: bool) -> Table {
    if t.primary_key.is_empty() {
        if let Some(auto) = t.auto_increment_column() {
            t.primary_key = vec![auto.name.clone()];
        }
    }
    if t.timestamps.unwrap_or(spec_timestamps) {
        // Room for exactly the two: pushing into a full vector would double it (at 10,000
        // tables, about 14 MB of spare column slots kept for the whole generation).
        t.columns.reserve_exact(2);
        for name in ["created_at", "updated_at"] {
            if t.column(name).is_none() {
                let mut c = Column::new(name, ColumnType::Timestamp, false);
                c.default = Some(DefaultValue::Now(NowKind::Timestamp));
                c.auto_timestamp = true;
                t.columns.push(c);
            }
        }
    }
    t
}

/// Creation order and the cycles found on the way.
#[derive(Debug, PartialEq)]
pub struct Order {
    /// Indexes into the table list, parents before children; ties keep the spec's order.
    pub order: Vec<usize>,
    /// Groups of tables (indexes) whose foreign keys form a cycle, each sorted.
    pub cycles: Vec<Vec<usize>>,
}

/// For each table (by index), the tables whose foreign keys reference it, once per foreign
/// key; self-references and references to tables outside `tables` are left out.
pub(crate) fn referencing_tables(tables: &[&Table]) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    for (child, t) in tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            if let Some(&parent) = index.get(fk.referenced_table.as_str()) {
                if parent != child {
                    children[parent].push(child);
                }
            }
        }
    }
    children
}

/// Orders tables so that every referenced table comes before the tables that reference it.
/// Self-references are ignored; a cycle is broken at its first table in spec order. Linear in
/// tables plus foreign keys, and iterative (a chain of 10,000 tables needs no deep stack).
pub fn creation_order(tables: &[&Table]) -> Order {
    let n = tables.len();
    let children = referencing_tables(tables);
    let mut indegree = vec![0usize; n];
    for &child in children.iter().flatten() {
        indegree[child] += 1;
    }
    let cycles = cycles_of(&children);

    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&i| indegree[i] == 0).map(Reverse).collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut next_forced = 0;
    while order.len() < n {
        let i = match ready.pop() {
            Some(Reverse(i)) if done[i] => continue,
            Some(Reverse(i)) => i,
            None => {
                while done[next_forced] {
                    next_forced += 1;
                }
                next_forced
            }
        };
        done[i] = true;
        order.push(i);
        for &c in &children[i] {
            indegree[c] = indegree[c].saturating_sub(1);
            if indegree[c] == 0 && !done[c] {
                ready.push(Reverse(c));
            }
        }
    }
    Order { order, cycles }
}

/// Groups of tables (indexes into `tables`) whose foreign keys form a cycle, each sorted;
/// self-references are not cycles.
pub fn foreign_key_cycles(tables: &[&Table]) -> Vec<Vec<usize>> {
    cycles_of(&referencing_tables(tables))
}

/// The strongly connected components of more than one node.
fn cycles_of(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    strongly_connected(edges)
        .into_iter()
        .filter(|c| c.len() > 1)
        .collect()
}

/// Tarjan's strongly connected components, without recursion. `edges[v]`: the nodes `v` points
/// to. Each component comes out sorted, after every component it points to.
pub(crate) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut next)) = work.last_mut() {
            if *next == 0 && index[v] == usize::MAX {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*next) {
                *next += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn refs(tables: &[Table]) -> Vec<&Table> {
        tables.iter().collect()
    }

    /// A table `name` with an `id` key and one foreign key (on `id`) to each of `refs`.
    pub(crate) fn table(name: &str, refs: &[&str]) -> Table {
        Table {
            name: name.into(),
            columns: vec![Column::new("id", ColumnType::Integer, false)],
            primary_key: vec!["id".into()],
            foreign_keys: refs
                .iter()
                .map(|r| ForeignKey {
                    columns: vec!["id".into()],
                    referenced_table: r.to_string(),
                    referenced_columns: vec!["id".into()],
                    on_delete: None,
                    on_update: None,
                    name: None,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn parents_first_whatever_the_spec_order() {
        let tables = vec![
            table("items", &["orders"]),
            table("orders", &["users"]),
            table("users", &[]),
        ];
        let o = creation_order(&refs(&tables));
        assert_eq!(o.order, vec![2, 1, 0]);
        assert!(o.cycles.is_empty());
    }

    #[test]
    fn ties_keep_spec_order_and_self_references_are_ignored() {
        let tables = vec![table("b", &["b"]), table("a", &[]), table("c", &["a"])];
        assert_eq!(creation_order(&refs(&tables)).order, vec![0, 1, 2]);
    }

    #[test]
    fn cycles_are_reported_and_broken() {
        let tables = vec![
            table("x", &[]),
            table("a", &["b"]),
            table("b", &["a"]),
            table("c", &["b"]),
        ];
        let o = creation_order(&refs(&tables));
        assert_eq!(o.cycles, vec![vec![1, 2]]);
        assert_eq!(o.order, vec![0, 1, 2, 3]);
    }

    #[test]
    fn long_chain_needs_no_deep_stack() {
        let n = 20_000;
        let tables: Vec<Table> = (0..n)
            .map(|i| {
                if i + 1 < n {
                    table(&format!("t{i}"), &[&format!("t{}", i + 1)])
                } else {
                    table(&format!("t{i}"), &[])
                }
            })
            .collect();
        let o = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || creation_order(&refs(&tables)))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(o.order[0], n - 1);
        assert_eq!(o.order[n - 1], 0);
        // A ring of the same length is one cycle.
    }

    #[test]
    fn ring_of_many_tables_is_one_cycle() {
        let n = 10_000;
        let tables: Vec<Table> = (0..n)
            .map(|i| table(&format!("t{i}"), &[&format!("t{}", (i + 1) % n)]))
            .collect();
        let o = creation_order(&refs(&tables));
        assert_eq!(o.cycles.len(), 1);
        assert_eq!(o.cycles[0].len(), n);
        assert_eq!(o.order.len(), n);
    }

    #[test]
    fn timestamps_are_added_unless_listed_or_disabled() {
        let mut t = table("t", &[]);
        let e = effective_table(&t, true);
        assert_eq!(
            e.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["id", "created_at", "updated_at"]
        );
        t.timestamps = Some(false);
        assert_eq!(effective_table(&t, true).columns.len(), 1);
        t.timestamps = None;
        t.columns
            .push(Column::new("created_at", ColumnType::Text, true));
        let e = effective_table(&t, true);
        assert!(!e.column("created_at").unwrap().auto_timestamp);
        assert!(e.column("updated_at").unwrap().auto_timestamp);
    }
}
