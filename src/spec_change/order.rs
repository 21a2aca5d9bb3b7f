//! Where each table's change goes in the migration: its foreign keys that go first, its
//! columns, constraints and indexes (in an order in which no name is taken twice), its new
//! foreign keys last, and the down migration the other way round.

use super::statements::drop_tables;
use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::steps::{AlterStep, Block, Step};
use std::collections::{HashMap, HashSet};

/// The up and down blocks of a migration from `previousSpec`: the foreign keys that go (on
/// MySQL each table's just before the first run that needs them gone, [`key_drops_placed`]), the
/// dropped tables (nothing that stays references them then), each changed table, the created
/// tables (`ordered`, with their foreign keys), then the changed tables' new foreign
/// keys; on MySQL, which commits each statement, the dropped tables and the new foreign keys
/// (but those to created tables) run among the changed tables, by what they may do to the rows
/// (see [`core_order`]). The down migration undoes them in reverse (on MySQL the changed tables
/// by what undoing each may do to the rows, [`down_order`]); on MySQL, whose every DDL statement
/// commits, the created tables are dropped with `DROP TABLE IF EXISTS` as in any MySQL
/// migration that creates tables.
///
/// A table split in two (`splits`: the changed table some columns leave and the created table
/// that takes them, by the spec's names): the created tables and their indexes go just before
/// the change of the first such table, where nothing that must run first (a name they take that
/// a change frees, the tables dropped) comes after it ([`super::created_first`]); their foreign
/// keys are still added after every change.
pub fn blocks<'a>(
    d: &dyn Dialect,
    ordered: &[&'a Table],
    changes: &[(&'a Table, TableChange)],
    dropped: &[&Table],
    splits: &[(&str, &str)],
    report: &mut Report,
) -> (Vec<Block<'a>>, Vec<Block<'a>>) {
    // (A step may have statements one way only: a foreign key an index added now serves is
    // no change up, and goes and comes around the index's drop down.)
    let alter = |step: &AlterStep| {
        (!step.up.is_empty() || !step.down.is_empty()).then(|| Step::Alter(step.clone()))
    };
    let mut before: Vec<Block<'a>> = Vec::new();
    let changed: Vec<&Table> = changes.iter().map(|(t, _)| *t).collect();
    let prerequisites = d.prerequisites(&changed);
    if !prerequisites.is_empty() {
        before.push(prerequisites.into_iter().map(Step::Prerequisite).collect());
    }
    let by_effects = d.database_type() == DatabaseType::Mysql;
    let (runs, edges) = core_order(d, changes, (dropped, ordered), by_effects, report);
    // On MySQL the down migration undoes the runs by what undoing them may do to the rows
    // ([`down_order`]); elsewhere it is one transaction, the reverse of the up migration.
    let runs_down: Vec<Run> = if by_effects {
        down_order(changes, &runs, &edges)
    } else {
        runs.iter().rev().copied().collect()
    };
    let changes_of = |runs: &[Run]| -> Vec<usize> {
        (runs.iter())
            .filter_map(|run| match run {
                Run::Change(i) => Some(*i),
                _ => None,
            })
            .collect()
    };
    let (order, order_down) = (changes_of(&runs), changes_of(&runs_down));
    let steps = fold_key_drops(d, changes, (&order, &order_down), dropped, ordered);
    let drops: Block = steps
        .iter()
        .filter_map(|[drops, ..]| alter(drops))
        .collect();
    // (The down migration's blocks, in the reverse of the order it undoes them: the keys dropped
    // up in statements of their own are added back last.)
    let mut before_down = before.clone();
    if !drops.is_empty() {
        before_down.push(drops.clone());
        // On MySQL each goes among the runs, where [`key_drops_placed`] puts it.
        if !by_effects {
            before.push(drops);
        }
    }
    // The dropped tables after the foreign keys that go (a table that stays may have
    // referenced one that goes), before anything takes a name they free: first, or on MySQL
    // where `core_order` puts them, after the changes the rows may refuse, as the foreign keys
    // added in statements of their own (but those to created tables, added after them).
    let step = |run: &Run| match *run {
        Run::DropTables if dropped.is_empty() => None,
        Run::DropTables => Some(Step::Alter(drop_tables(d, dropped))),
        Run::Change(i) => alter(&steps[i][1]),
        Run::AddKeys(i) => alter(&steps[i][2]),
    };
    // Where each change's block and the tables' drop go (for the created tables of a split).
    // On MySQL, also the blocks rows may refuse, which the created tables must not go before.
    let mut change_at: Vec<Option<usize>> = vec![None; changes.len()];
    let mut dropped_at: Option<usize> = None;
    let mut refusable_at: Vec<usize> = Vec::new();
    let mut place = |run: &Run, before: &mut Vec<Block<'a>>| {
        let Some(s) = step(run) else {
            return;
        };
        let refusable = match *run {
            Run::Change(i) => {
                change_at[i] = Some(before.len());
                changes[i].1.effects[0].may_refuse
            }
            Run::DropTables => {
                dropped_at = Some(before.len());
                false
            }
            Run::AddKeys(_) => true,
        };
        if by_effects && refusable {
            refusable_at.push(before.len());
        }
        before.push(vec![s]);
    };
    if by_effects {
        for run in key_drops_placed(changes, &runs, !dropped.is_empty()) {
            match run {
                Placed::KeyDrops(tables) => {
                    let block: Block = tables.iter().filter_map(|&i| alter(&steps[i][0])).collect();
                    if !block.is_empty() {
                        before.push(block);
                    }
                }
                Placed::Run(run) => place(&run, &mut before),
            }
        }
    } else {
        for run in &runs {
            place(run, &mut before);
        }
    }
    before_down.extend(
        runs_down
            .iter()
            .rev()
            .filter_map(|run| step(run).map(|s| vec![s])),
    );
    // The created tables with their indexes, and their foreign keys, added after every change.
    let (creates, created_keys): (Vec<Block>, Vec<Block>) =
        crate::steps::create_steps(d, ordered, crate::steps::Creating::Absent)
            .into_iter()
            .partition(|b| !b.iter().all(|s| matches!(s, Step::AddForeignKey(..))));
    // A split: the created tables go before the change that drops the columns they take.
    let placed = super::created_first::Placed {
        changes: &change_at,
        dropped_tables: dropped_at,
        refusable: &refusable_at,
    };
    let created_at = super::created_first::created_before(d, changes, ordered, splits, placed);
    let adds: Block = (steps.iter().enumerate())
        .filter(|(i, _)| !runs.contains(&Run::AddKeys(*i)))
        .filter_map(|(_, [.., adds])| alter(adds))
        .collect();
    let after: Vec<Block> = if adds.is_empty() {
        Vec::new()
    } else {
        vec![adds]
    };
    let down = if d.database_type() == DatabaseType::Mysql {
        let mut down = crate::down::down_steps(&after, report);
        down.extend(crate::down::mysql_drop_created_tables(ordered, report));
        down.extend(crate::down::down_steps(&before_down, report));
        Some(down)
    } else {
        None
    };
    let mut up = before;
    match created_at {
        Some(at) => {
            up.splice(at..at, creates);
        }
        None => up.extend(creates),
    }
    up.extend(created_keys);
    up.extend(after);
    // Elsewhere one transaction: the down migration is the up migration undone in reverse.
    let mut down = match down {
        Some(down) => down,
        None => crate::down::down_steps(&up, report),
    };
    // The session as the warnings assume it, both ways (created tables alone need none).
    let (set, back) = d.session_guard();
    if !changes.is_empty() && !set.is_empty() {
        let guard = |statements: &[String]| -> Block<'a> {
            statements.iter().cloned().map(Step::Prerequisite).collect()
        };
        for blocks in [&mut up, &mut down] {
            blocks.insert(0, guard(&set));
            blocks.push(guard(&back));
        }
    }
    (up, down)
}

/// A run of [`core_order`]'s, or the foreign keys some changed tables (by index) drop in
/// statements of their own, placed among them by [`key_drops_placed`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Placed {
    Run(Run),
    KeyDrops(Vec<usize>),
}

/// The runs `runs` of a MySQL migration with each changed table's foreign keys that go in a
/// statement of their own (those a change of the table they reference needs gone, see
/// [`fold_key_drops`]) just before the first run that needs them gone: the table's own change,
/// that of a table they reference, one that takes a foreign key name the table gives up, the
/// tables dropped (`dropping`: there are some); those no run needs gone go after the runs, before the tables created. MySQL
/// commits each statement: a change of another table that the rows refuse (a new CHECK, which
/// `core_order` runs first) then leaves the keys in place, where it used to leave them dropped
/// until the migration, mended, ran again (and failed at the `DROP FOREIGN KEY`, ERROR 1091).
fn key_drops_placed(
    changes: &[(&Table, TableChange)],
    runs: &[Run],
    dropping: bool,
) -> Vec<Placed> {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let named = |t: &Table, r: &str| {
        same(&t.name, r) || t.renamed_from.as_deref().is_some_and(|o| same(o, r))
    };
    let needs_gone = |i: usize, run: Run| {
        let c = &changes[i].1;
        let takes_freed = |k: usize| {
            (changes[k].1.names.keys_taken.iter()).any(|n| c.names.keys_freed.contains(n))
        };
        match run {
            Run::Change(k) => {
                k == i || takes_freed(k) || c.references.iter().any(|r| named(changes[k].0, r))
            }
            Run::DropTables => dropping,
            Run::AddKeys(k) => takes_freed(k),
        }
    };
    let mut pending: Vec<usize> = (0..changes.len())
        .filter(|&i| !changes[i].1.drop_foreign_keys.up.is_empty())
        .collect();
    let mut placed = Vec::with_capacity(runs.len() + pending.len());
    for &run in runs {
        let (now, later): (Vec<usize>, Vec<usize>) =
            pending.iter().partition(|&&i| needs_gone(i, run));
        if !now.is_empty() {
            placed.push(Placed::KeyDrops(now));
        }
        pending = later;
        placed.push(Placed::Run(run));
    }
    if !pending.is_empty() {
        placed.push(Placed::KeyDrops(pending));
    }
    placed
}

/// Each changed table's foreign key drops, core change and foreign key additions (as in
/// [`TableChange`]), with the keys the table drops before its change (up, and in the down
/// migration the keys it drops before its change back) folded into the change's first
/// statement where the dialect does that ([`Dialect::fold_foreign_key_drops`], MySQL): a
/// refusal of that statement by the rows then leaves the keys in place; the keys it adds after
/// its change go in the change's last statement likewise ([`Dialect::fold_foreign_key_adds`]):
/// rows refusing a key then leave the change undone. A key waits for its
/// table's change only when nothing that runs in between touches the table it references (a
/// change of another table that `order` runs before, a table dropped, or in the down migration
/// one that `order_down`, the order the down migration undoes the changes in, undoes before, or
/// a created table it drops); otherwise it goes first, as it did. The keys' statements left are
/// joined where the dialect needs it ([`Dialect::join_foreign_key_statements`]).
fn fold_key_drops(
    d: &dyn Dialect,
    changes: &[(&Table, TableChange)],
    (order, order_down): (&[usize], &[usize]),
    dropped: &[&Table],
    created: &[&Table],
) -> Vec<[AlterStep; 3]> {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let named = |t: &Table, r: &str| {
        same(&t.name, r) || t.renamed_from.as_deref().is_some_and(|o| same(o, r))
    };
    changes
        .iter()
        .enumerate()
        .map(|(i, (table, c))| {
            let mut steps = [
                c.drop_foreign_keys.clone(),
                c.core.clone(),
                c.add_foreign_keys.clone(),
            ];
            let position = order.iter().position(|&j| j == i).unwrap_or(0);
            let position_down = order_down.iter().position(|&j| j == i).unwrap_or(0);
            // `way`: keys dropped up (0) or down (1), which a change of the table they
            // reference that keeps what they may reference leaves alone (its rename too, as
            // InnoDB's keys follow a table renamed); keys added (`None`) name that table as the
            // spec does, so that any change of it in between counts.
            let touched = |others: &[usize], gone: &[&Table], way: Option<usize>| {
                c.references.iter().filter(|r| !named(table, r)).any(|r| {
                    others.iter().any(|&j| {
                        named(changes[j].0, r)
                            && !way.is_some_and(|w| changes[j].1.keeps_key_targets[w])
                    }) || gone.iter().any(|t| named(t, r))
                })
            };
            let [drops, core, adds] = &mut steps;
            if !drops.up.is_empty() && !touched(&order[..position], dropped, Some(0)) {
                if let Some(first) = core.up.first_mut() {
                    if let Some(folded) = d.fold_foreign_key_drops(&drops.up, first) {
                        *first = folded;
                        drops.up.clear();
                    }
                }
            }
            // Up, the keys the table gets go in its change's last statement when nothing that
            // runs after it (another table's change, a created table) is a table they reference.
            if !adds.up.is_empty() && !touched(&order[position + 1..], created, None) {
                // (The statement the dialect names first, then the last.)
                let last = core.up.len().checked_sub(1);
                let folded = [d.foreign_key_adds_into(&core.up), last]
                    .into_iter()
                    .flatten()
                    .find_map(|i| Some((i, d.fold_foreign_key_adds(&adds.up, &core.up[i])?)));
                if let Some((i, folded)) = folded {
                    core.up[i] = folded;
                    adds.up.clear();
                }
            }
            if !adds.down.is_empty() && !touched(&order_down[..position_down], created, Some(1)) {
                if let Some(first) = core.down.first_mut() {
                    if let Some(folded) = d.fold_foreign_key_drops(&adds.down, first) {
                        *first = folded;
                        adds.down.clear();
                    }
                }
            }
            // What is left of the keys' statements, joined where the dialect needs it: rows
            // refusing one key then leave none of the others added or dropped.
            for step in [drops, adds] {
                for way in [&mut step.up, &mut step.down] {
                    *way = d.join_foreign_key_statements(std::mem::take(way));
                }
            }
            steps
        })
        .collect()
}

/// What changes in one table, by where it goes in the migration.
#[derive(Debug, Default)]
pub struct TableChange {
    /// Foreign keys dropped before any other change (and added back by the down migration).
    pub drop_foreign_keys: AlterStep,
    /// Columns, UNIQUE and CHECK constraints, indexes.
    pub core: AlterStep,
    /// Foreign keys added after every table exists (and dropped first by the down migration).
    pub add_foreign_keys: AlterStep,
    /// The database-wide names (see [`Dialect::database_wide_names`]) of indexes and
    /// constraints that `core` drops without making again, and those it makes that were not
    /// there: a table that takes a name another table frees is changed after it.
    pub names: MovedNames,
    /// Whether the rows may refuse `core`, and whether it loses values the down migration
    /// cannot give back, up (0) and down (1): on MySQL, which commits each statement, where it
    /// runs among the other tables' changes each way (see [`core_order`]).
    pub effects: [crate::commit_order::RowEffects; 2],
    /// The tables the table's foreign keys reference, before and after (as previousSpec and
    /// the spec name them): a key dropped around the change of one of them cannot wait for the
    /// table's own change (see [`fold_key_drops`]).
    pub references: Vec<String>,
    /// Whether the change up (0) and down (1) keeps every column, key and index of the table
    /// as it was ([`keeps_key_targets`]): another table's foreign key dropped around its own
    /// change may then wait for it (see [`fold_key_drops`]), as when the table is only renamed.
    pub keeps_key_targets: [bool; 2],
}

/// Whether `to` keeps everything of `from` that a foreign key to it may stand on: each column
/// as it was (its description aside), the primary key, and each UNIQUE and index on the same columns (under any name,
/// as a renamed index keeps serving the keys on MySQL). A table renamed, given columns, keys or
/// indexes keeps them; one that changes, renames or drops a column, or drops a key, does not.
pub(super) fn keeps_key_targets(from: &Table, to: &Table) -> bool {
    let lower = |columns: &[String]| -> Vec<String> {
        columns.iter().map(|c| c.to_ascii_lowercase()).collect()
    };
    let keys = |t: &Table| -> Vec<(Vec<String>, bool)> {
        let columns = (t.columns.iter())
            .filter(|c| c.unique)
            .map(|c| (vec![c.name.to_ascii_lowercase()], true));
        let constraints = (t.unique_constraints.iter()).map(|u| (lower(&u.columns), true));
        let indexes = (t.indexes.iter()).map(|i| (lower(&i.columns), i.unique));
        columns.chain(constraints).chain(indexes).collect()
    };
    let kept = keys(to);
    // A column as it was, but for its own UNIQUE (among the keys) and its description.
    let plain = |c: &Column| Column {
        unique: false,
        description: None,
        ..c.clone()
    };
    let columns: Vec<Column> = to.columns.iter().map(plain).collect();
    from.columns.iter().all(|c| columns.contains(&plain(c)))
        && lower(&from.primary_key) == lower(&to.primary_key)
        && keys(from).iter().all(|k| kept.contains(k))
}

/// See [`TableChange::names`]; foreign keys are apart (they go before every table's `core`
/// and come after, or in its statements, see [`fold_key_drops`]).
#[derive(Debug, Default)]
pub struct MovedNames {
    /// Names the table no longer has.
    frees: Vec<String>,
    /// Names the table gets.
    takes: Vec<String>,
    /// The names of the foreign keys the table no longer has.
    keys_freed: Vec<String>,
    /// The names of the foreign keys the table gets: on MySQL, where foreign keys added in a
    /// statement of their own run among the changes ([`core_order`]), after the change of a
    /// table that frees one.
    keys_taken: Vec<String>,
}

impl MovedNames {
    /// The names the table no longer has (but its foreign keys').
    pub(super) fn frees(&self) -> &[String] {
        &self.frees
    }

    pub(super) fn of(d: &dyn Dialect, previous: &Table, table: &Table) -> MovedNames {
        let names = |t: &Table| -> HashSet<String> {
            let without_keys = Table {
                foreign_keys: Vec::new(),
                ..t.clone()
            };
            d.database_wide_names(&without_keys).into_iter().collect()
        };
        let (was, is) = (names(previous), names(table));
        let mut frees: Vec<String> = was.difference(&is).cloned().collect();
        let mut takes: Vec<String> = is.difference(&was).cloned().collect();
        frees.sort_unstable();
        takes.sort_unstable();
        let keys = |t: &Table| -> HashSet<String> {
            t.foreign_keys.iter().map(|fk| fk.name(&t.name)).collect()
        };
        let (keys_was, keys_is) = (keys(previous), keys(table));
        let mut keys_freed: Vec<String> = keys_was.difference(&keys_is).cloned().collect();
        let mut keys_taken: Vec<String> = keys_is.difference(&keys_was).cloned().collect();
        keys_freed.sort_unstable();
        keys_taken.sort_unstable();
        MovedNames {
            frees,
            takes,
            keys_freed,
            keys_taken,
        }
    }
}

/// One step of the changes of tables that [`core_order`] orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// The `core` of the change of that index.
    Change(usize),
    /// The drop of the tables the spec leaves out ([`drop_tables`]).
    DropTables,
    /// The foreign keys the change of that index adds in a statement of their own (those not
    /// in its `core`'s, see [`fold_key_drops`]), on MySQL.
    AddKeys(usize),
}

/// The order in which the changed tables' `core` steps run: the spec's, but a table that takes
/// a database-wide name another changed table frees after that one (the down migration runs
/// them the other way round, which suits it, as each frees what its up took). Names that go
/// round a cycle (two tables swapping index names) cannot be ordered: `DUPLICATE_NAME`.
/// With `by_effects` (MySQL, which commits each statement), the changes run by what they may
/// do to the rows ([`TableChange::effects`], [`crate::commit_order`]), where the names allow:
/// first those the rows may refuse, last those that lose values, so that a refusal leaves no
/// other table changed where it can and no value lost for good (a user trial's DECIMAL(10,2)
/// made (10,1), rounded, before a BIGINT made INT that 3000000000 refused, MariaDB 10.11's
/// 1264). A foreign key dropped or added around its table's change goes in the change's
/// statement where no table it references changes in between (see [`fold_key_drops`]).
///
/// The drop of the tables `dropped` ([`Run::DropTables`]) runs first; with `by_effects` it
/// runs as a change that only loses values ([`crate::commit_order::RowEffects::DROPPED_TABLES`]),
/// after every change that may refuse but those that wait for it
/// ([`waits_for_dropped_tables`]), and the foreign keys a change adds in a statement of their
/// own ([`Run::AddKeys`]), which rows may refuse, run as early as what they need allows: after
/// their table's change, the changes of the tables they reference, and those of tables that
/// free one of their names. A refusal then leaves the dropped tables with their rows, and no
/// value lost. Keys that reference a table the migration creates, or that wait for a change in
/// a cycle of names, are left out: they run after the tables are created.
fn core_order(
    d: &dyn Dialect,
    changes: &[(&Table, TableChange)],
    (dropped, created): (&[&Table], &[&Table]),
    by_effects: bool,
    report: &mut Report,
) -> (Vec<Run>, Vec<Vec<usize>>) {
    use crate::commit_order::RowEffects;
    let effect = |i: usize| {
        if by_effects {
            changes[i].1.effects[0].rank()
        } else {
            0
        }
    };
    // The nodes: the changes (0..n), the drop (n), each change's keys (n + 1 + i).
    let n = changes.len();
    let drops = n;
    let keys = |i: usize| n + 1 + i;
    let node = |k: usize| match k {
        k if k < n => Run::Change(k),
        k if k == drops => Run::DropTables,
        k => Run::AddKeys(k - n - 1),
    };
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let named = |t: &Table, r: &str| {
        same(&t.name, r) || t.renamed_from.as_deref().is_some_and(|o| same(o, r))
    };
    let keys_run: Vec<bool> = changes
        .iter()
        .map(|(_, c)| {
            by_effects
                && !(c.add_foreign_keys.up.is_empty() && c.add_foreign_keys.down.is_empty())
                && !c
                    .references
                    .iter()
                    .any(|r| created.iter().any(|t| named(t, r)))
        })
        .collect();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); 2 * n + 1];
    let mut waits = vec![0usize; 2 * n + 1];
    let mut edge = |from: usize, to: usize| {
        after[from].push(to);
        waits[to] += 1;
    };
    let mut freed_by: HashMap<&str, usize> = HashMap::new();
    for (i, (_, c)) in changes.iter().enumerate() {
        for n in &c.names.frees {
            freed_by.insert(n, i);
        }
    }
    let drop_node = by_effects && !dropped.is_empty();
    if drop_node {
        for (j, (t, _)) in changes.iter().enumerate() {
            if waits_for_dropped_tables(d, t, dropped) {
                edge(drops, j);
            }
        }
    }
    for (j, (_, c)) in changes.iter().enumerate() {
        for n in &c.names.takes {
            if let Some(&i) = freed_by.get(n.as_str()) {
                if i != j {
                    edge(i, j);
                }
            }
        }
    }
    for (i, (_, c)) in changes.iter().enumerate() {
        // (The change waits for the drop where the keys would: they wait for it.)
        if !keys_run[i] {
            continue;
        }
        for (j, (other, o)) in changes.iter().enumerate() {
            let referenced = c.references.iter().any(|r| named(other, r));
            let frees = (o.names.keys_freed.iter()).any(|k| c.names.keys_taken.contains(k));
            if i == j || referenced || frees {
                edge(j, keys(i));
            }
        }
    }
    // The drop runs as early as the first change that waits for it would.
    let rank = |k: usize| {
        let rank = match node(k) {
            Run::Change(i) => effect(i),
            Run::DropTables => (after[drops].iter().map(|&j| effect(j)))
                .chain([RowEffects::DROPPED_TABLES.rank()])
                .min()
                .unwrap_or_default(),
            Run::AddKeys(_) => RowEffects::FOREIGN_KEYS_ADDED.rank(),
        };
        (rank, k)
    };
    let exists = |k: usize| match node(k) {
        Run::Change(_) => true,
        Run::DropTables => drop_node,
        Run::AddKeys(i) => keys_run[i],
    };
    let mut ready: std::collections::BTreeSet<(u8, usize)> = (0..2 * n + 1)
        .filter(|&k| exists(k) && waits[k] == 0)
        .map(rank)
        .collect();
    let mut order = Vec::with_capacity(2 * n + 1);
    if !drop_node {
        order.push(Run::DropTables);
    }
    while let Some((_, k)) = ready.pop_first() {
        order.push(node(k));
        for &j in &after[k] {
            waits[j] -= 1;
            if waits[j] == 0 {
                ready.insert(rank(j));
            }
        }
    }
    for (j, (t, c)) in changes.iter().enumerate() {
        if waits[j] == 0 {
            continue;
        }
        for n in &c.names.takes {
            let Some(&i) = freed_by.get(n.as_str()) else {
                continue;
            };
            if i != j && waits[i] > 0 {
                let other = &changes[i].0.name;
                report.push(
                    Issue::error(
                        Code::DuplicateName,
                        format!("the name '{n}' goes from the table '{other}' to the table '{}' while names go the other way round too; the database names them for the whole database, so neither table can take a name the other still has", t.name),
                    )
                    .table(&t.name)
                    .constraint(n)
                    .suggest(format!("give '{n}' a new name in this migration, and the name you want in a later one")),
                );
            }
        }
        order.push(Run::Change(j));
    }
    (order, after)
}

/// The index of `run` among [`core_order`]'s nodes: the changes (0..n), the drop (n), each
/// change's keys (n + 1 + i).
fn node_index(run: Run, n: usize) -> usize {
    match run {
        Run::Change(i) => i,
        Run::DropTables => n,
        Run::AddKeys(i) => n + 1 + i,
    }
}

/// The order in which a MySQL down migration undoes the runs `up` ([`core_order`]'s, whose
/// edges `after` are: node `a` runs before each of `after[a]`): each edge the other way round,
/// as each undoes what its up did (a name given back after the table that took it gives it up,
/// a key dropped before the change of its table or of the table it references is undone), and,
/// where they allow, by what undoing each may do to the rows ([`TableChange::effects`], down):
/// first what rows written since may refuse (a type narrowed back, a CHECK, UNIQUE or NOT NULL
/// put back), last what loses values (a column the up migration added, dropped again), so that
/// a refusal leaves no other table undone where it can and no value lost; the tables dropped
/// made again and the keys added dropped, which do neither, go with those that do neither,
/// but as early as the first run that waits for them. Runs of equal rank keep the reverse of
/// their up order. Runs `up` could not order (a cycle of names, `DUPLICATE_NAME`) are left
/// in the reverse of `up`.
fn down_order(changes: &[(&Table, TableChange)], up: &[Run], after: &[Vec<usize>]) -> Vec<Run> {
    use crate::commit_order::RowEffects;
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let named = |t: &Table, r: &str| {
        same(&t.name, r) || t.renamed_from.as_deref().is_some_and(|o| same(o, r))
    };
    let n = changes.len();
    let nodes: Vec<usize> = up.iter().map(|&r| node_index(r, n)).collect();
    let present: HashSet<usize> = nodes.iter().copied().collect();
    let position: HashMap<usize, usize> = nodes.iter().enumerate().map(|(p, &k)| (k, p)).collect();
    let own = |k: usize| match up[position[&k]] {
        Run::Change(i) => changes[i].1.effects[1].rank(),
        Run::DropTables | Run::AddKeys(_) => RowEffects::default().rank(),
    };
    // Down, `b` runs before `a` where up `a` ran before `b`: `then[b]` lists those `a`.
    let mut then: Vec<Vec<usize>> = vec![Vec::new(); after.len()];
    let mut waits = vec![0usize; after.len()];
    for &a in &nodes {
        for &b in &after[a] {
            if present.contains(&b) && position[&a] < position[&b] {
                then[b].push(a);
                waits[a] += 1;
            }
        }
    }
    // A run goes as early as the first run that waits for it: those ran before it up, so
    // reading `up` from its start settles them first.
    let mut rank: HashMap<usize, u8> = HashMap::new();
    for &k in &nodes {
        let waiting = then[k].iter().filter_map(|w| rank.get(w).copied());
        rank.insert(k, waiting.chain([own(k)]).min().unwrap_or_default());
    }
    // Of runs of one rank, the undo of a table whose foreign keys the down migration drops to
    // change another table's undo, which rows may refuse, goes first: the keys then go in its
    // own statement ([`fold_key_drops`]), and a refusal of it leaves them in place, where
    // dropped first in a statement of their own both refusals left them dropped. The other
    // table's change cannot go before the drop (MySQL refuses to change a column a foreign key
    // uses), so a refusal of it still leaves them dropped (`mysql_keys_left` says so).
    let holds_keys = |k: usize| match up[position[&k]] {
        Run::Change(i) => {
            let (table, c) = &changes[i];
            c.effects[1].may_refuse
                && !c.add_foreign_keys.down.is_empty()
                && (c.references.iter()).any(|r| {
                    changes.iter().enumerate().any(|(j, (other, o))| {
                        j != i && !o.keeps_key_targets[1] && named(other, r) && !named(table, r)
                    })
                })
        }
        Run::DropTables | Run::AddKeys(_) => false,
    };
    let key = |k: usize| (rank[&k], !holds_keys(k), std::cmp::Reverse(position[&k]), k);
    let mut ready: std::collections::BTreeSet<(u8, bool, std::cmp::Reverse<usize>, usize)> = nodes
        .iter()
        .copied()
        .filter(|&k| waits[k] == 0)
        .map(key)
        .collect();
    let mut order = Vec::with_capacity(nodes.len());
    while let Some((_, _, _, k)) = ready.pop_first() {
        order.push(up[position[&k]]);
        for &j in &then[k] {
            waits[j] -= 1;
            if waits[j] == 0 {
                ready.insert(key(j));
            }
        }
    }
    if order.len() < nodes.len() {
        return up.iter().rev().copied().collect();
    }
    order
}

/// Whether the change of `table` (as the spec has it) runs after the tables `dropped` are
/// dropped: it takes the name of one (renamed onto it) or a database-wide name one frees
/// ([`Dialect::database_wide_names`]: a foreign key or CHECK name on MySQL), or a foreign key
/// of one references it (MySQL refuses to change a column a foreign key uses, and the down
/// migration makes the dropped table again, with its keys, once the change is undone).
fn waits_for_dropped_tables(d: &dyn Dialect, table: &Table, dropped: &[&Table]) -> bool {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let named =
        |r: &str| same(&table.name, r) || table.renamed_from.as_deref().is_some_and(|o| same(o, r));
    let freed: HashSet<String> = dropped
        .iter()
        .flat_map(|t| d.database_wide_names(t))
        .collect();
    dropped.iter().any(|t| {
        same(&t.name, &table.name) || t.foreign_keys.iter().any(|fk| named(&fk.referenced_table))
    }) || d
        .database_wide_names(table)
        .iter()
        .any(|n| freed.contains(n))
}

impl TableChange {
    /// Whether the table changes at all.
    pub fn is_empty(&self) -> bool {
        [&self.drop_foreign_keys, &self.core, &self.add_foreign_keys]
            .iter()
            .all(|s| s.up.is_empty() && s.down.is_empty())
    }
}

#[cfg(test)]
mod tests {

    use crate::report::Code;
    use crate::spec_change::test_support::*;

    #[test]
    fn a_spec_with_previous_spec_alters_creates_and_keeps() {
        let previous = r#"{"description":"a","databaseType":"mysql","tables":[
            {"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}]},
            {"name":"gone","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}]}]}"#;
        let spec = format!(
            r#"{{"description":"b","databaseType":"mysql","tables":[
            {{"name":"users","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}},{{"name":"bio","type":"TEXT","nullable":true}}]}},
            {{"name":"posts","columns":[{{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}}]}}],
            "previousSpec":{previous}}}"#
        );
        // A well-formed spec and its previousSpec are read by the fast parser.
        let read = crate::spec_serde::parse_well_formed(&spec).expect("well-formed");
        assert_eq!(read.previous.as_ref().map(|p| p.tables.len()), Some(2));
        let result = crate::generate_str(&spec);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        use crate::output::Operation;
        let operations: Vec<(&str, Operation)> = result
            .metadata
            .operations
            .iter()
            .map(|o| (o.table.as_str(), o.operation))
            .collect();
        assert_eq!(
            operations,
            [("users", Operation::Alter), ("posts", Operation::Create)]
        );
        // (After the session set to strict mode, which MySQL migrations that alter tables get.)
        assert!(
            result.up_migration.starts_with(
                "SET @mg_session_sql_mode = @@SESSION.sql_mode;\nSET SESSION sql_mode = CONCAT_WS(',',\n  NULLIF(TRIM(BOTH ',' FROM REPLACE(REPLACE(REPLACE(CONCAT(',', @@SESSION.sql_mode, ','),\n    ',NO_ZERO_IN_DATE,', ','), ',NO_ZERO_DATE,', ','), ',TRADITIONAL,', ',')), ''),\n  IF(FIND_IN_SET('STRICT_TRANS_TABLES', @@SESSION.sql_mode) > 0\n    OR FIND_IN_SET('STRICT_ALL_TABLES', @@SESSION.sql_mode) > 0, NULL, 'STRICT_TRANS_TABLES'));\n\nALTER TABLE users ADD COLUMN bio LONGTEXT AFTER id;"
            ),
            "{}",
            result.up_migration
        );
        assert!(result
            .up_migration
            .ends_with("\n\nSET SESSION sql_mode = @mg_session_sql_mode;"));
        assert!(result
            .validation
            .warnings
            .iter()
            .any(|w| w.code == Code::TableNotInSpec && w.table.as_deref() == Some("gone")));
        let broken = spec.replace(
            r#""previousSpec":{"description":"a""#,
            r#""previousSpec":{"description":7"#,
        );
        let result = crate::generate_str(&broken);
        assert!(result.validation.errors[0]
            .message
            .starts_with("previousSpec: "));
        // A previous spec that parses but is not valid: its errors, named as its.
        let invalid = spec.replace(
            r#"{"name":"gone","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}]}"#,
            r#"{"name":"gone","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}],"foreignKeys":[{"columns":["nope"],"referencedTable":"users","referencedColumns":["id"]}]}"#,
        );
        assert_ne!(invalid, spec);
        let result = crate::generate_str(&invalid);
        assert!(!result.validation.valid);
        assert!(
            result
                .validation
                .errors
                .iter()
                .all(|e| e.message.starts_with("previousSpec: ")),
            "{:?}",
            result.validation.errors
        );
    }

    #[test]
    fn an_index_name_moves_to_a_table_changed_earlier_in_the_spec_after_it_is_freed() {
        let table = |name: &str, index: Option<&str>| {
            let indexes = index
                .map(|i| format!(r#","indexes":[{{"name":"{i}","columns":["v"]}}]"#))
                .unwrap_or_default();
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"v","type":"INTEGER","nullable":true}}],"primaryKey":["id"]{indexes}}}"#
            )
        };
        let spec = |tables: [String; 2], previous: [String; 2]| postgres_change(&tables, &previous);
        let result = crate::generate_str(&spec(
            [table("b", Some("idx_shared")), table("a", None)],
            [table("b", None), table("a", Some("idx_shared"))],
        ));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let at = |text: &str, what: &str| {
            text.find(what)
                .unwrap_or_else(|| panic!("no {what} in {text}"))
        };
        let up = &result.up_migration;
        assert!(
            at(up, "DROP INDEX idx_shared") < at(up, "CREATE INDEX idx_shared ON b"),
            "{up}"
        );
        let down = &result.down_migration;
        assert!(
            at(down, "DROP INDEX idx_shared") < at(down, "CREATE INDEX idx_shared ON a"),
            "{down}"
        );
        // Two names swapped between two tables: no order frees each before it is taken.
        let result = crate::generate_str(&spec(
            [table("b", Some("idx_one")), table("a", Some("idx_two"))],
            [table("b", Some("idx_two")), table("a", Some("idx_one"))],
        ));
        let codes: Vec<Code> = result.validation.errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [Code::DuplicateName, Code::DuplicateName],
            "{:?}",
            result.validation.errors
        );
        assert!(result.up_migration.is_empty());
    }

    /// MySQL's down migration undoes first what rows written since may refuse (`a`'s BIGINT
    /// made INT again) and last what loses values (`b`'s column dropped again), but a name given
    /// back goes before it is taken back: `b`, which takes the CHECK name `a` frees, gives it
    /// back first, whatever each undoing may do to the rows.
    #[test]
    fn the_mysql_down_migration_runs_what_may_refuse_first_where_names_allow() {
        let t = |name: &str, ty: &str, more: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"n","type":"{ty}","nullable":true}}{more}],"primaryKey":["id"]}}"#
            )
        };
        let checked = |name: &str, ty: &str, more: &str| {
            let table = t(name, ty, more);
            format!(
                r#"{},"checkConstraints":[{{"name":"chk_shared","expression":"n > 0"}}]}}"#,
                &table[..table.len() - 1]
            )
        };
        let extra = r#",{"name":"extra","type":"INTEGER","nullable":true}"#;
        let down_of = |tables: &[String], previous: &[String]| {
            let spec = spec_change_of(
                "mysql",
                &tables.join(","),
                &previous.join(","),
                r#","timestamps":false"#,
            );
            let result = crate::generate_str(&spec);
            assert!(result.validation.valid, "{:?}", result.validation.errors);
            result.down_migration
        };
        let at = |text: &str, table: &str| {
            (text.find(&format!("ALTER TABLE {table}")))
                .unwrap_or_else(|| panic!("no ALTER TABLE {table} in {text}"))
        };
        // Free to go by what they may do: `a` (may refuse) first, `b` (loses values) last,
        // though the up migration ran `a` first too.
        let down = down_of(
            &[t("a", "BIGINT", ""), t("b", "INTEGER", extra)],
            &[t("a", "INTEGER", ""), t("b", "INTEGER", "")],
        );
        assert!(at(&down, "a") < at(&down, "b"), "{down}");
        // `b` takes the name `a` frees: up `a` goes first, so down `b` must.
        let down = down_of(
            &[t("a", "BIGINT", ""), checked("b", "INTEGER", extra)],
            &[checked("a", "INTEGER", ""), t("b", "INTEGER", "")],
        );
        assert!(at(&down, "b") < at(&down, "a"), "{down}");
    }

    /// A table renamed, or given a column, an index or a UNIQUE, or an index renamed, keeps what
    /// a foreign key to it stands on; a column changed, renamed or dropped, or a key or index
    /// dropped, does not.
    #[test]
    fn what_a_foreign_key_stands_on_is_kept_by_a_rename_and_by_additions() {
        use super::keeps_key_targets;
        use crate::spec::*;
        let mut users = users();
        users.indexes.push(Index {
            name: "ix_email".into(),
            columns: vec!["email".into()],
            unique: true,
            method: None,
            predicate: None,
        });
        let changed = |f: &dyn Fn(&mut Table)| {
            let mut t = users.clone();
            f(&mut t);
            t
        };
        let kept = [
            changed(&|t| t.name = "members".into()),
            changed(&|t| t.columns.push(column("bio", ColumnType::Text))),
            changed(&|t| t.indexes[0].name = "ix_mail".into()),
            changed(&|t| {
                t.unique_constraints.push(UniqueConstraint {
                    name: "uq".into(),
                    columns: vec!["id".into(), "email".into()],
                })
            }),
        ];
        for to in &kept {
            assert!(keeps_key_targets(&users, to), "{to:?}");
        }
        let lost = [
            changed(&|t| t.columns[1].length = Some(50)),
            changed(&|t| t.columns[1].name = "mail".into()),
            changed(&|t| {
                t.columns.pop();
                t.indexes.clear();
            }),
            changed(&|t| t.indexes.clear()),
            changed(&|t| t.indexes[0].unique = false),
            changed(&|t| t.primary_key = vec!["email".into()]),
        ];
        for to in &lost {
            assert!(!keeps_key_targets(&users, to), "{to:?}");
        }
        // The other way round, what the change adds is dropped.
        assert!(!keeps_key_targets(&kept[3], &users));
    }
}
