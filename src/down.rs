//! Down-migration planning: the inverse of each up step, in reverse order, and warnings that
//! say what data running it destroys.

use crate::report::{Code, Issue, Report};
use crate::spec::{FkAction, Table};
use crate::steps::{Block, Step};
use std::collections::{BinaryHeap, HashSet};

/// The steps that undo `up`, in reverse order. Indexes of a table that the down migration drops
/// go with the table; prerequisites (extensions) stay, since other objects may use them.
pub fn down_steps<'a>(up: &[Block<'a>], report: &mut Report) -> Vec<Block<'a>> {
    let mut blocks = Vec::with_capacity(up.len());
    let mut created: Vec<&str> = Vec::new();
    for block in up.iter().rev() {
        let dropped: Vec<&str> = block
            .iter()
            .filter_map(|s| {
                if let Step::CreateTable(t, _) = s {
                    Some(t.name.as_str())
                } else {
                    None
                }
            })
            .collect();
        let mut out = Vec::with_capacity(block.len());
        for step in block.iter().rev() {
            let inverse = match step {
                Step::Prerequisite(_) => None,
                Step::CreateTable(t, _) => {
                    created.push(&t.name);
                    Some(Step::DropTable(t))
                }
                Step::CreateIndex(t, i, _) if !dropped.contains(&t.name.as_str()) => {
                    Some(Step::DropIndex(t, i))
                }
                Step::CreateIndex(..) => None,
                Step::AddForeignKey(t, fk, _) => Some(Step::DropForeignKey(t, fk)),
                Step::Alter(a) => Some(Step::Alter(a.inverse())),
                Step::DropTable(_) | Step::DropIndex(..) | Step::DropForeignKey(..) => None,
            };
            out.extend(inverse);
        }
        if !out.is_empty() {
            blocks.push(out);
        }
    }
    created.reverse();
    if let Some(warning) = drops_tables(&created) {
        report.push(warning);
    }
    blocks
}

/// The warning that the down migration drops the tables this migration creates (given in
/// creation order): one for them all, naming the first ten, so that a migration of many tables
/// does not bury its other warnings under one of these per table.
pub fn drops_tables(tables: &[&str]) -> Option<Issue> {
    let suggestion = "back up the data before running the down migration";
    match tables {
        [] => None,
        [table] => Some(
            Issue::warning(
                Code::DownDataLoss,
                format!("the down migration drops the table '{table}' and every row in it"),
            )
            .table(table)
            .suggest(suggestion),
        ),
        _ => {
            Some(
                Issue::warning(
                    Code::DownDataLoss,
                    format!(
                        "the down migration drops the {} tables this migration creates, and every row in them: {}",
                        tables.len(),
                        crate::report::name_list(tables, 10)
                    ),
                )
                .suggest(suggestion),
            )
        }
    }
}

/// The warning that the down migration drops a column this migration adds.
pub fn drops_column(table: &str, column: &str) -> Issue {
    Issue::warning(
        Code::DownDataLoss,
        format!("the down migration drops the column '{column}' and its values"),
    )
    .table(table)
    .column(column)
    .suggest("back up the data before running the down migration")
}

/// Makes a SQLite down migration's drops work with foreign keys on, inside a runner's
/// transaction or not, when dropping one table at a time would not: tables of a foreign-key
/// cycle among `created` (`cycles`, indexes into `created`), and a table whose foreign key to
/// itself is `ON DELETE RESTRICT`. With foreign keys on, `DROP TABLE` is an implicit `DELETE`:
/// in a cycle, the rows of the table dropped first are still referenced by those of the
/// others, and a self-referencing `RESTRICT` key refuses the delete of a parent row at once
/// (its child row is still there).
///
/// The blocks from the first to the last drop of such a table go in one `SAVEPOINT` with
/// `defer_foreign_keys` on, which SQLite honours inside a transaction, for `RESTRICT` keys too
/// (they are then checked at the end like `NO ACTION` ones), and which leaves `foreign_keys`
/// as the connection had it. Before the `RELEASE`, an `INSERT OR ROLLBACK` guard counts the
/// rows of the tables that stay that reference a dropped table (a table made since that
/// references one), when foreign keys are on: such rows roll everything back, with no
/// transaction left open, where the `RELEASE` (or the runner's `COMMIT`) would fail and leave
/// one open.
///
/// Deferring does not help when an `ON DELETE CASCADE` or `SET NULL` of a dropped table names
/// another dropped table: SQLite compiles that action, with the foreign keys of the table it
/// acts on, when it drops the parent, and in a cycle some table they name is already gone ("no
/// such table"). Nor can a `SAVEPOINT` hold a table rebuild that begins a transaction of its
/// own. Then the whole down migration runs with foreign keys off
/// ([`without_foreign_keys`]).
pub fn sqlite_drops_with_foreign_keys_on(
    blocks: &mut Vec<Block<'_>>,
    created: &[&Table],
    cycles: &[Vec<usize>],
) {
    let mut needing: HashSet<&str> = cycles
        .iter()
        .flatten()
        .map(|&i| created[i].name.as_str())
        .collect();
    needing.extend(
        created
            .iter()
            .filter(|t| {
                t.foreign_keys.iter().any(|fk| {
                    fk.referenced_table == t.name && fk.on_delete == Some(FkAction::Restrict)
                })
            })
            .map(|t| t.name.as_str()),
    );
    if needing.is_empty() {
        return;
    }
    let needs = |b: &Block| {
        b.iter()
            .any(|s| matches!(s, Step::DropTable(t) if needing.contains(t.name.as_str())))
    };
    let (Some(first), Some(last)) = (
        blocks.iter().position(needs),
        blocks.iter().rposition(needs),
    ) else {
        // No table of theirs dropped as such (a down migration from previousSpec written
        // otherwise): foreign keys off, as before.
        without_foreign_keys(blocks);
        return;
    };
    let span = &blocks[first..=last];
    let only_drops = span
        .iter()
        .flatten()
        .all(|s| matches!(s, Step::DropTable(_) | Step::DropIndex(..)));
    /// The tables `blocks` drop.
    fn dropped_in<'b>(blocks: &[Block<'b>]) -> Vec<&'b Table> {
        (blocks.iter().flatten())
            .filter_map(|s| match s {
                Step::DropTable(t) => Some(*t),
                _ => None,
            })
            .collect()
    }
    let dropped = dropped_in(span);
    // Any table the down migration drops, in the span or not: one outside it can still exist
    // while a table of the span is dropped, and its ON DELETE action then runs, compiled with
    // its own foreign keys, one of which can name a table the span dropped already ("no such
    // table": random_alters' seed 72).
    let all_dropped = dropped_in(blocks);
    let acts_on_dropped = all_dropped.iter().flat_map(|t| &t.foreign_keys).any(|fk| {
        matches!(fk.on_delete, Some(FkAction::Cascade | FkAction::SetNull))
            && all_dropped
                .iter()
                .any(|t| t.name.eq_ignore_ascii_case(&fk.referenced_table))
    });
    if !only_drops || acts_on_dropped {
        without_foreign_keys(blocks);
        return;
    }
    let mut names: Vec<String> = dropped
        .iter()
        .map(|t| crate::dialect::quote_doubling(&t.name.to_ascii_lowercase()))
        .collect();
    names.sort();
    let names = names.join(", ");
    blocks.insert(
        last + 1,
        vec![
            Step::Prerequisite(format!(
                "CREATE TEMP TABLE {DOWN_CHECK} ({DOWN_CHECK_COLUMN} INTEGER\n  CHECK ({DOWN_CHECK_COLUMN} = 0));"
            )),
            Step::Prerequisite(format!(
                "INSERT OR ROLLBACK INTO {DOWN_CHECK} SELECT count(*)\n  FROM (SELECT m.name FROM sqlite_master AS m\n    WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'\n    AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) AS f\n      WHERE lower(f.\"table\") IN ({names}))) AS m,\n  pragma_foreign_key_check(m.name) AS c\n  WHERE lower(c.parent) IN ({names})\n  AND (SELECT foreign_keys FROM pragma_foreign_keys) = 1;"
            )),
            Step::Prerequisite(format!("DROP TABLE {DOWN_CHECK};")),
            Step::Prerequisite("PRAGMA defer_foreign_keys = OFF;".to_string()),
            Step::Prerequisite(format!("RELEASE {DOWN_SAVEPOINT};")),
        ],
    );
    blocks.insert(
        first,
        vec![
            Step::Prerequisite(format!("SAVEPOINT {DOWN_SAVEPOINT};")),
            Step::Prerequisite("PRAGMA defer_foreign_keys = ON;".to_string()),
        ],
    );
}

/// The `SAVEPOINT` of [`sqlite_drops_with_foreign_keys_on`].
pub const DOWN_SAVEPOINT: &str = "_mg_down_drops";
/// The temporary table of its guard, and the column that names what it counts.
const DOWN_CHECK: &str = "_mg_down_check";
const DOWN_CHECK_COLUMN: &str = "rows_of_other_tables_referencing_dropped_tables";

/// The guard that foreign keys really are off, for a migration that turns them off: SQLite
/// ignores `PRAGMA foreign_keys` inside a transaction (a runner's), and the statement after it
/// would then fail on its own, or, for a rebuild, delete rows through `ON DELETE CASCADE`. A
/// plain `INSERT` (not `OR ROLLBACK`): it fails first, before anything changed.
pub const FOREIGN_KEYS_OFF_GUARD: [&str; 3] = [
    "CREATE TEMP TABLE _mg_guard (foreign_keys_off_so_run_this_migration_outside_a_transaction INTEGER\n  CHECK (foreign_keys_off_so_run_this_migration_outside_a_transaction = 0));",
    "INSERT INTO _mg_guard SELECT foreign_keys FROM pragma_foreign_keys;",
    "DROP TABLE _mg_guard;",
];

/// Runs the whole down migration with foreign keys off (see
/// [`sqlite_drops_with_foreign_keys_on`] for when), checking first that they are
/// ([`FOREIGN_KEYS_OFF_GUARD`]): inside a runner's transaction the `PRAGMA` is ignored, and the
/// guard then stops the down migration before anything changed, naming the reason. With
/// foreign keys off, no `ON DELETE` action compiles, and every table involved is being dropped,
/// so the actions protect nothing. The last block turns foreign keys on again (outside a
/// transaction, whatever they were before; inside one, where they were off already, it does
/// nothing).
pub fn without_foreign_keys(blocks: &mut Vec<Block<'_>>) {
    if blocks.is_empty() {
        return;
    }
    let mut first = vec![Step::Prerequisite("PRAGMA foreign_keys = OFF;".to_string())];
    first.extend(
        FOREIGN_KEYS_OFF_GUARD
            .iter()
            .map(|s| Step::Prerequisite(s.to_string())),
    );
    blocks.insert(0, first);
    blocks.push(vec![Step::Prerequisite(
        "PRAGMA foreign_keys = ON;".to_string(),
    )]);
}

/// Whether rendered statements turn foreign keys off ([`without_foreign_keys`], or a rebuild of a
/// table other tables reference): SQLite ignores that `PRAGMA` inside a transaction, so the
/// script must run outside one (its guard, [`FOREIGN_KEYS_OFF_GUARD`], stops it otherwise).
pub fn turns_foreign_keys_off(rendered: &[Vec<String>]) -> bool {
    rendered
        .iter()
        .flatten()
        .any(|s| s.starts_with("PRAGMA foreign_keys = OFF;"))
}

/// Whether a rendered down block is one that [`sqlite_drops_with_foreign_keys_on`] or
/// [`without_foreign_keys`] put around the drops (the checker's chunks, run with foreign keys
/// off, leave them out).
pub fn is_drop_wrapper(block: &[String]) -> bool {
    let savepoint = format!("SAVEPOINT {DOWN_SAVEPOINT};");
    let release = format!("RELEASE {DOWN_SAVEPOINT};");
    match (block.first(), block.last()) {
        (Some(first), Some(last)) => {
            (*first == "PRAGMA foreign_keys = OFF;" && block[1..] == FOREIGN_KEYS_OFF_GUARD)
                || (block.len() == 1 && first == "PRAGMA foreign_keys = ON;")
                || *first == savepoint
                || *last == release
        }
        _ => false,
    }
}

/// The down migration of a MySQL migration that creates `tables` (given in creation order):
/// `DROP TABLE IF EXISTS` for each, children before parents, and nothing else.
///
/// MySQL commits every DDL statement, so an up migration that fails part-way (a foreign-key
/// name already used in the database, errno 121) leaves its first statements applied. The down
/// migration must then still work, whatever prefix of the up migration ran: dropping a table
/// drops its indexes and foreign keys with it, and `IF EXISTS` skips a table never created,
/// whereas `ALTER TABLE … DROP FOREIGN KEY` and `DROP INDEX` fail on one never added (MySQL
/// 8.0 has no `IF EXISTS` for them).
///
/// Foreign-key checks stay on: each table is dropped before the tables it references, so a
/// drop only fails when a table outside the migration still references it, as it should (the
/// database refuses rather than leave that table's foreign key dangling). A table that
/// references itself drops with checks on. Tables whose foreign keys form a cycle cannot be
/// ordered: they are dropped together with `FOREIGN_KEY_CHECKS` turned off, but only when no
/// other table references any of them (the same refusal as above otherwise, from the database),
/// and the session's previous value is put back afterwards.
///
/// Acyclic tables are dropped in the reverse of creation order; a cycle where its last-created
/// table would be.
pub fn mysql_drop_created_tables<'a>(tables: &[&'a Table], report: &mut Report) -> Vec<Block<'a>> {
    let n = tables.len();
    let children = crate::plan::referencing_tables(tables);
    let mut components = crate::plan::strongly_connected(&children);
    let mut component_of = vec![0usize; n];
    for (c, members) in components.iter_mut().enumerate() {
        // Latest-created first.
        members.sort_unstable_by(|a, b| b.cmp(a));
        for &m in members.iter() {
            component_of[m] = c;
        }
    }
    // A component can go once every component referencing it has gone.
    let mut referencing = vec![0usize; components.len()];
    let mut referenced: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
    for (parent, kids) in children.iter().enumerate() {
        for &child in kids {
            let (p, c) = (component_of[parent], component_of[child]);
            if p != c {
                referencing[p] += 1;
                referenced[c].push(p);
            }
        }
    }
    let mut ready: BinaryHeap<(usize, usize)> = (0..components.len())
        .filter(|&c| referencing[c] == 0)
        .map(|c| (components[c][0], c))
        .collect();
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    if let Some(warning) = drops_tables(&names) {
        report.push(warning);
    }
    let mut blocks = Vec::with_capacity(components.len());
    while let Some((_, c)) = ready.pop() {
        let members: Vec<&'a Table> = components[c].iter().map(|&i| tables[i]).collect();
        blocks.push(if members.len() == 1 {
            vec![Step::DropTable(members[0])]
        } else {
            mysql_drop_cycle(&members)
        });
        for &p in &referenced[c] {
            referencing[p] -= 1;
            if referencing[p] == 0 {
                ready.push((components[p][0], p));
            }
        }
    }
    debug_assert_eq!(
        blocks
            .iter()
            .flatten()
            .filter(|s| matches!(s, Step::DropTable(_)))
            .count(),
        n
    );
    blocks
}

/// Drops tables whose foreign keys form a cycle (see [`mysql_drop_created_tables`]): checks
/// off while they go, unless a table outside the cycle references one of them; the session's
/// value back afterwards. Names are those of a valid spec (snake_case), quoted as literals.
fn mysql_drop_cycle<'a>(members: &[&'a Table]) -> Block<'a> {
    let names: Vec<String> = members
        .iter()
        .map(|t| crate::dialect::quote_doubling(&t.name))
        .collect();
    let names = names.join(", ");
    let mut block = Vec::with_capacity(members.len() + 4);
    block.push(Step::Prerequisite(
        "SET @mg_fkc = @@FOREIGN_KEY_CHECKS;".to_string(),
    ));
    block.push(Step::Prerequisite(format!(
        "SET @mg_refs = (SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS\n  WHERE UNIQUE_CONSTRAINT_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IN ({names})\n  AND NOT (CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME IN ({names})));"
    )));
    block.push(Step::Prerequisite(
        "SET FOREIGN_KEY_CHECKS = IF(@mg_refs = 0, 0, @mg_fkc);".to_string(),
    ));
    block.extend(members.iter().map(|t| Step::DropTable(t)));
    block.push(Step::Prerequisite(
        "SET FOREIGN_KEY_CHECKS = @mg_fkc;".to_string(),
    ));
    block
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// A table `name` with an `id` key and one nullable INT column `{r}_id` referencing each
    /// of `refs`, and an index on the first of them.
    fn table(name: &str, refs: &[&str]) -> Value {
        let mut columns = vec![json!({ "name": "id", "type": "INTEGER", "nullable": false })];
        let mut fks = Vec::new();
        for r in refs {
            columns.push(json!({ "name": format!("{r}_id"), "type": "INTEGER", "nullable": true }));
            fks.push(json!({ "columns": [format!("{r}_id")], "referencedTable": r, "referencedColumns": ["id"] }));
        }
        let indexes: Vec<Value> = refs
            .iter()
            .take(1)
            .map(|r| json!({ "name": format!("idx_{name}_{r}"), "columns": [format!("{r}_id")], "unique": false }))
            .collect();
        json!({ "name": name, "columns": columns, "primaryKey": ["id"], "foreignKeys": fks, "indexes": indexes })
    }

    fn down(tables: Vec<Value>) -> Vec<String> {
        let spec = json!({ "description": "t", "databaseType": "mysql", "timestamps": false, "now": "2026-02-09T12:00:00Z", "tables": tables });
        let r = crate::generate_str(&spec.to_string());
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        r.down_migration
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Only `DROP TABLE IF EXISTS`, children first: no `DROP FOREIGN KEY` or `DROP INDEX`,
    /// which fail when the up migration stopped before adding them. A self-reference needs
    /// nothing more.
    #[test]
    fn mysql_down_only_drops_tables_children_first() {
        let lines = down(vec![
            table("comments", &["posts", "comments"]),
            table("posts", &["users"]),
            table("users", &[]),
        ]);
        assert_eq!(
            lines,
            [
                "DROP TABLE IF EXISTS comments;",
                "DROP TABLE IF EXISTS posts;",
                "DROP TABLE IF EXISTS users;"
            ]
        );
    }

    /// A cycle goes in one block, with checks off only when nothing outside it references its
    /// tables, and the session's value back after; its children go before it, its parents
    /// after, even when creation order put a child between the cycle's tables.
    #[test]
    fn mysql_down_drops_a_cycle_together_with_checks_off() {
        let lines = down(vec![
            table("child", &["a"]),
            table("a", &["b", "root"]),
            table("b", &["a"]),
            table("root", &[]),
        ]);
        assert_eq!(
            lines,
            [
                "DROP TABLE IF EXISTS child;",
                "SET @mg_fkc = @@FOREIGN_KEY_CHECKS;",
                "SET @mg_refs = (SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS",
                "  WHERE UNIQUE_CONSTRAINT_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IN ('b', 'a')",
                "  AND NOT (CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME IN ('b', 'a')));",
                "SET FOREIGN_KEY_CHECKS = IF(@mg_refs = 0, 0, @mg_fkc);",
                "DROP TABLE IF EXISTS b;",
                "DROP TABLE IF EXISTS a;",
                "SET FOREIGN_KEY_CHECKS = @mg_fkc;",
                "DROP TABLE IF EXISTS root;",
            ]
        );
    }

    /// One DOWN_DATA_LOSS for all the created tables, in creation order, naming ten at most; a
    /// single table is named in the warning's `table`, as before.
    #[test]
    fn one_warning_names_the_dropped_tables() {
        for db in ["sqlite", "postgresql", "mysql"] {
            let warnings = |n: usize| {
                let tables: Vec<Value> = (0..n).map(|i| table(&format!("t{i}"), &[])).collect();
                let spec = json!({ "description": "t", "databaseType": db, "timestamps": false, "tables": tables });
                let r = crate::generate_str(&spec.to_string());
                assert!(r.validation.valid, "{:?}", r.validation.errors);
                r.validation
                    .warnings
                    .into_iter()
                    .filter(|w| w.code.as_str() == "DOWN_DATA_LOSS")
                    .collect::<Vec<_>>()
            };
            let one = warnings(1);
            assert_eq!(one.len(), 1, "{db}");
            assert_eq!(one[0].table.as_deref(), Some("t0"));
            assert_eq!(
                one[0].message,
                "the down migration drops the table 't0' and every row in it"
            );
            let many = warnings(12);
            assert_eq!(many.len(), 1, "{db}: {many:?}");
            assert_eq!(many[0].table, None);
            assert_eq!(
                many[0].message,
                "the down migration drops the 12 tables this migration creates, and every row in them: 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9' and 2 more",
                "{db}"
            );
        }
    }
}
