//! A SQLite migration of an existing database (`existingDbPath`, `previousSpec`) as one
//! all-or-nothing unit.
//!
//! Each part of such a migration is already a transaction of its own: the renames
//! (`SAVEPOINT _mg_renames`), each rebuild (`SAVEPOINT _mg_rebuild`, or, for a table other
//! tables reference, `PRAGMA foreign_keys = OFF` and its guard, then `BEGIN … COMMIT`), the
//! drops. Run one after another, a part the rows refuse (a new UNIQUE over repeated values)
//! rolled back only itself: the renames before it stayed made, and the migration, run again
//! once the rows were fixed, failed at its first rename (`no such table`). Here the parts go
//! in one transaction:
//!
//! - when the migration turns foreign keys off (which SQLite ignores inside a transaction),
//!   the `PRAGMA` and its guard come first, then `BEGIN`, every part, `COMMIT` and
//!   `PRAGMA foreign_keys = ON` last; each rebuild that began a transaction of its own is a
//!   `SAVEPOINT _mg_rebuild` inside it instead;
//! - otherwise the parts go in `SAVEPOINT _mg_migration … RELEASE _mg_migration`, which also
//!   nests in a runner's transaction.
//!
//! A migration of plain statements only (`ADD COLUMN`s, `CREATE INDEX`, `CREATE TABLE`: no part
//! a transaction of its own) is left as the specification's examples write it, nothing around
//! it; a runner's transaction makes it all or nothing.
//!
//! A check that refuses (`INSERT OR ROLLBACK`) rolls back the whole transaction, every part
//! before it included; any other failed statement leaves it open, and a runner that stops
//! there (`sqlite3 -bail`, a driver's `exec` that throws) closes or rolls it back. A runner that
//! carries on after an error (the `sqlite3` shell without `-bail`) runs the parts after a
//! rolled-back check each on its own, as before: each rebuild is still its own `SAVEPOINT`
//! then, and rolls itself back whole when refused, so that no rows are lost.
//!
//! The renames stay first, and stay their own `SAVEPOINT` (nested now): SQLite 3.26 and later,
//! with `legacy_alter_table` off, rewrite the other tables' `REFERENCES` on a rename whether
//! foreign keys are on or off, and the self-check knows the renames by their `SAVEPOINT`.

use crate::down::FOREIGN_KEYS_OFF_GUARD;

/// The `SAVEPOINT` around a migration that leaves foreign keys as they are.
pub const MIGRATION_SAVEPOINT: &str = "_mg_migration";

/// What a rebuild of a table other tables reference starts with (`diff::rebuild::rebuild_sql`, its
/// statements joined by line).
fn rebuild_opening() -> String {
    format!(
        "PRAGMA foreign_keys = OFF;\n{}\nBEGIN;\n",
        FOREIGN_KEYS_OFF_GUARD.join("\n")
    )
}

/// What such a rebuild ends with.
const REBUILD_CLOSING: &str = "\nCOMMIT;\nPRAGMA foreign_keys = ON;";

/// The first block of a down migration that runs with foreign keys off
/// (`down::without_foreign_keys`).
fn is_foreign_keys_off_block(block: &[String]) -> bool {
    block.len() == 1 + FOREIGN_KEYS_OFF_GUARD.len()
        && block[0] == "PRAGMA foreign_keys = OFF;"
        && block[1..] == FOREIGN_KEYS_OFF_GUARD
}

/// Its last block.
fn is_foreign_keys_on_block(block: &[String]) -> bool {
    block.len() == 1 && block[0] == "PRAGMA foreign_keys = ON;"
}

/// How many parts `blocks` have that are each all-or-nothing already: a statement that opens
/// a transaction of its own (and holds it to its end), or a statement alone; a block that only
/// turns foreign keys off or on counts for none. A statement of several lines counts once per
/// line that ends one (`;`): a trigger's body counts more than once, which only ever makes one
/// part look like several.
fn parts(blocks: &[Vec<String>]) -> usize {
    blocks
        .iter()
        .filter(|b| !is_foreign_keys_off_block(b) && !is_foreign_keys_on_block(b))
        .flatten()
        .map(|s| {
            if s.starts_with("SAVEPOINT ") || s.starts_with("PRAGMA foreign_keys = OFF;") {
                1
            } else {
                s.lines().filter(|l| l.trim_end().ends_with(';')).count()
            }
        })
        .sum()
}

/// Whether `blocks` hold a part that is a transaction of its own (a rebuild, the renames, the
/// drops, a UNIQUE index's guard), or turn foreign keys off.
fn has_transaction(blocks: &[Vec<String>]) -> bool {
    blocks.iter().any(|b| is_foreign_keys_off_block(b))
        || blocks
            .iter()
            .flatten()
            .any(|s| s.starts_with("SAVEPOINT ") || s.starts_with("PRAGMA foreign_keys = OFF;"))
}

/// The rendered `blocks` of a SQLite migration that changes an existing database, made one
/// transaction (see the module's documentation). Given back as they are: a migration of one
/// part, which is one already; one of plain statements only, none a transaction of its own
/// (`ALTER TABLE … ADD COLUMN`, `CREATE INDEX`, `CREATE TABLE`), written as the specification
/// shows it (its third example: two `ADD COLUMN`s, nothing around them), which a runner's
/// transaction holds; and one whose text is not as this expects (a rebuild's opening without
/// its closing), which nothing generates.
pub fn one_transaction(blocks: Vec<Vec<String>>) -> Vec<Vec<String>> {
    if parts(&blocks) < 2 || !has_transaction(&blocks) {
        return blocks;
    }
    let opening = rebuild_opening();
    let opens = |s: &String| s.starts_with(&opening);
    let foreign_keys_off =
        blocks.iter().any(|b| is_foreign_keys_off_block(b)) || blocks.iter().flatten().any(opens);
    if !foreign_keys_off {
        let mut out = Vec::with_capacity(blocks.len() + 2);
        out.push(vec![format!("SAVEPOINT {MIGRATION_SAVEPOINT};")]);
        out.extend(blocks);
        out.push(vec![format!("RELEASE {MIGRATION_SAVEPOINT};")]);
        return out;
    }
    if blocks
        .iter()
        .flatten()
        .any(|s| opens(s) && !s.ends_with(REBUILD_CLOSING))
    {
        return blocks;
    }
    let mut first = vec!["PRAGMA foreign_keys = OFF;".to_string()];
    first.extend(FOREIGN_KEYS_OFF_GUARD.iter().map(|s| s.to_string()));
    first.push("BEGIN;".to_string());
    let mut out = Vec::with_capacity(blocks.len() + 2);
    out.push(first);
    for block in blocks {
        if is_foreign_keys_off_block(&block) || is_foreign_keys_on_block(&block) {
            continue;
        }
        out.push(
            block
                .into_iter()
                .map(|s| match s.strip_prefix(&opening) {
                    Some(rest) => format!(
                        "SAVEPOINT _mg_rebuild;\n{}\nRELEASE _mg_rebuild;",
                        &rest[..rest.len() - REBUILD_CLOSING.len()]
                    ),
                    None => s,
                })
                .collect(),
        );
    }
    out.push(vec![
        "COMMIT;".to_string(),
        "PRAGMA foreign_keys = ON;".to_string(),
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(statements: &[&str]) -> Vec<String> {
        statements.iter().map(|s| s.to_string()).collect()
    }

    /// A rebuild of a referenced table, as `diff::rebuild::rebuild_sql` joins it.
    fn referenced_rebuild(body: &str) -> String {
        format!("{}{body}{REBUILD_CLOSING}", rebuild_opening())
    }

    /// One part (a statement, or one rebuild) is one transaction already, and plain statements
    /// are written as the specification's example shows them: as they were.
    #[test]
    fn a_migration_of_one_part_or_of_plain_statements_is_given_back_as_it_is() {
        for blocks in [
            vec![block(&["ALTER TABLE t ADD COLUMN c TEXT;"])],
            vec![block(&[
                "ALTER TABLE t ADD COLUMN c TEXT;",
                "ALTER TABLE t ADD COLUMN d INTEGER NOT NULL DEFAULT 0;",
            ])],
            vec![
                block(&["CREATE TABLE c (\n  id INTEGER\n);"]),
                block(&["CREATE INDEX i ON t (a);"]),
            ],
            vec![vec![referenced_rebuild(
                "ALTER TABLE t RENAME TO _mg_old_t;",
            )]],
            vec![block(&[
                "SAVEPOINT _mg_rebuild;\nCREATE TABLE t (a);\nRELEASE _mg_rebuild;",
            ])],
            Vec::new(),
        ] {
            assert_eq!(one_transaction(blocks.clone()), blocks);
        }
    }

    /// Foreign keys off once, first, and on once, last; each rebuild a SAVEPOINT inside.
    #[test]
    fn parts_with_foreign_keys_off_go_between_one_begin_and_commit() {
        let renames = "SAVEPOINT _mg_renames;\nALTER TABLE a RENAME TO b;\nRELEASE _mg_renames;";
        let out = one_transaction(vec![
            block(&[renames]),
            vec![referenced_rebuild("CREATE TABLE t (a);")],
            block(&["ALTER TABLE u ADD COLUMN c TEXT;"]),
        ]);
        let mut first = block(&["PRAGMA foreign_keys = OFF;"]);
        first.extend(FOREIGN_KEYS_OFF_GUARD.iter().map(|s| s.to_string()));
        first.push("BEGIN;".to_string());
        assert_eq!(
            out,
            vec![
                first,
                block(&[renames]),
                block(&["SAVEPOINT _mg_rebuild;\nCREATE TABLE t (a);\nRELEASE _mg_rebuild;"]),
                block(&["ALTER TABLE u ADD COLUMN c TEXT;"]),
                block(&["COMMIT;", "PRAGMA foreign_keys = ON;"]),
            ]
        );
        // A down migration that turns them off around the drops: the same, its own blocks out.
        let mut off = block(&["PRAGMA foreign_keys = OFF;"]);
        off.extend(FOREIGN_KEYS_OFF_GUARD.iter().map(|s| s.to_string()));
        let down = one_transaction(vec![
            off.clone(),
            block(&["DROP TABLE x;", "DROP TABLE y;"]),
            block(&["PRAGMA foreign_keys = ON;"]),
        ]);
        let mut first = off;
        first.push("BEGIN;".to_string());
        assert_eq!(
            down,
            vec![
                first,
                block(&["DROP TABLE x;", "DROP TABLE y;"]),
                block(&["COMMIT;", "PRAGMA foreign_keys = ON;"]),
            ]
        );
    }

    /// Without foreign keys off: one SAVEPOINT around every part.
    #[test]
    fn parts_with_foreign_keys_as_they_are_go_in_one_savepoint() {
        let parts = vec![
            block(&["SAVEPOINT _mg_renames;\nALTER TABLE a RENAME TO b;\nRELEASE _mg_renames;"]),
            block(&[
                "CREATE TABLE c (\n  id INTEGER\n);",
                "CREATE INDEX c_id ON c (id);",
            ]),
        ];
        let mut expected = vec![block(&["SAVEPOINT _mg_migration;"])];
        expected.extend(parts.clone());
        expected.push(block(&["RELEASE _mg_migration;"]));
        assert_eq!(one_transaction(parts), expected);
    }
}
