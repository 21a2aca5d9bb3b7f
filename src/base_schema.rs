//! The part of an existing database's schema that the SQLite self-check rebuilds in memory
//! before it runs a migration of that database. Rebuilding all of it cost SQLite a scan of its
//! whole catalog per statement (every `CREATE` re-reads `sqlite_master`), quadratic in the size
//! of the database: half a second at 1,000 tables, ten seconds at 4,000, for a migration that
//! changed one table.
//!
//! What is kept is everything the migration's statements can reach, as SQLite reaches it:
//! - every view and trigger (SQLite re-resolves all of them on each `ALTER TABLE`), and every
//!   table or index whose name any of them or any of the migration's statements spells, quoted
//!   or not (the tables changed or created, the parents their foreign keys name, names that a
//!   created object could clash with);
//! - when a statement writes rows or drops or renames a table (a rebuild does), the tables
//!   whose foreign keys reference that table, and theirs in turn (dropping a parent deletes
//!   from it, which SQLite compiles into the actions on every child, grandchild, …; a rename
//!   rewrites the children's `REFERENCES`), and those of every table a trigger names (a write
//!   fires it); adding or dropping a column or an index reaches no other table, nor does a
//!   table a statement only reads or names in its text (a parent in a `CREATE TABLE`, a table
//!   a rebuild's check looks up). Each statement of a text of several (a rebuild) is read on
//!   its own; one whose table this cannot read (`VACUUM`, a `WITH`) counts every kept table.
//!   (Counting every kept table as soon as any statement reached children kept, for a
//!   migration that rebuilt a few tables and created one referencing the first table of a
//!   1,000-table database, every table of it, and each `ALTER TABLE` made SQLite reload them
//!   all);
//! - the tables the kept tables reference (an insert checks them; an action that updates a
//!   child checks the child's other foreign keys);
//! - every index of a kept table;
//! - a virtual table whose name begins a spelled name (its shadow tables, `docs_data`, …, are
//!   not in the schema read, and a created name can clash with them), and an AUTOINCREMENT
//!   table when `sqlite_sequence` is spelled and none is kept (a view or trigger over it is
//!   resolved by each DROP COLUMN).
//!
//! Spelled names are over-counted (any word or quoted text of the statements counts), never
//! under-counted, so a kept subset is a superset of what SQLite looks at.

use crate::introspect::{ExistingSchema, SchemaStatement};
use std::collections::HashSet;

/// The statements of `schema` to rebuild before running `up` and `down` on it, in stored
/// order.
pub fn statements(
    schema: &ExistingSchema,
    up: &[Vec<String>],
    down: &[Vec<String>],
) -> Vec<String> {
    let is_view_or_trigger = |s: &SchemaStatement| s.kind == "view" || s.kind == "trigger";
    let mut spelled = HashSet::new();
    for sql in up.iter().chain(down).flatten() {
        names_in(sql, &mut spelled);
    }
    for s in schema.schema.iter().filter(|s| is_view_or_trigger(s)) {
        names_in(&s.sql, &mut spelled);
    }
    // Tables spelled, and the tables of indexes spelled.
    let mut kept: HashSet<String> = schema
        .schema
        .iter()
        .filter(|s| (s.kind == "table" || s.kind == "index") && spelled.contains(&lower(&s.name)))
        .map(|s| lower(&s.table))
        .collect();
    // A virtual table whose name begins a spelled name: its shadow tables (`docs_data`,
    // `geo_node`, …) are left out of `schema` (SQLite makes them with it), so a created table or
    // index that takes one of their names clashes only if the virtual table is rebuilt.
    for s in &schema.schema {
        let name = lower(&s.name);
        if s.kind == "table"
            && schema.table(&s.name).is_some_and(|t| t.is_virtual())
            && spelled
                .iter()
                .any(|w| w.len() > name.len() && w.starts_with(name.as_str()))
        {
            kept.insert(name);
        }
    }
    // `sqlite_sequence` exists once an AUTOINCREMENT table was made; a view or trigger that reads
    // it is resolved by every DROP COLUMN, so it must exist in memory as it does on file.
    // A database whose AUTOINCREMENT tables are all gone (or lost AUTOINCREMENT) still has it,
    // which a migration's statements can name (a dropped table's counter deleted): an
    // AUTOINCREMENT table made and dropped in memory makes it there.
    let mut make_sequence = false;
    if spelled.contains("sqlite_sequence") {
        let autoincrement = |name: &String| {
            schema
                .table(name)
                .is_some_and(|t| t.rebuild_blockers.iter().any(|b| b == "AUTOINCREMENT"))
        };
        if !kept.iter().any(autoincrement) {
            if let Some(t) = schema
                .tables()
                .iter()
                .find(|t| t.rebuild_blockers.iter().any(|b| b == "AUTOINCREMENT"))
            {
                kept.insert(lower(&t.table.name));
            } else {
                make_sequence = schema.has_sequence_table;
            }
        }
    }
    // The descendants through foreign keys of the tables a statement writes, drops or renames
    // (and of every table a trigger names, which such a write can fire); of every kept table
    // when a statement reaches them in a form `written_tables` does not read.
    let mut written = HashSet::new();
    let mut unread = false;
    for sql in up.iter().chain(down).flatten() {
        unread |= !written_tables(sql, &mut written);
    }
    let mut pending: Vec<String> = if unread {
        kept.iter().cloned().collect()
    } else if written.is_empty() {
        Vec::new()
    } else {
        for s in schema.schema.iter().filter(|s| s.kind == "trigger") {
            names_in(&s.sql, &mut written);
        }
        written.into_iter().collect()
    };
    while let Some(name) = pending.pop() {
        for child in schema.referencing(&name) {
            let child = lower(&child.table.name);
            if kept.insert(child.clone()) {
                pending.push(child);
            }
        }
    }
    // The tables those reference.
    let parents: Vec<String> = kept
        .iter()
        .filter_map(|name| schema.table(name))
        .flat_map(|t| &t.table.foreign_keys)
        .map(|fk| lower(&fk.referenced_table))
        .collect();
    kept.extend(parents);
    let mut statements: Vec<String> = schema
        .schema
        .iter()
        .filter(|s| is_view_or_trigger(s) || kept.contains(&lower(&s.table)))
        .map(|s| s.sql.clone())
        .collect();
    if make_sequence {
        statements.insert(
            0,
            "CREATE TABLE _mg_sequence (id INTEGER PRIMARY KEY AUTOINCREMENT); DROP TABLE _mg_sequence;"
                .to_string(),
        );
    }
    statements
}

/// Whether SQLite, running the statement `sql`, can look at the tables that reference the
/// tables it names: anything but creating, adding or dropping a column, dropping an index, view
/// or trigger, a PRAGMA or a transaction statement (a statement this does not recognise counts).
fn reaches_children(sql: &str) -> bool {
    let mut words = sql
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty());
    let first = words.next().unwrap_or_default().to_ascii_uppercase();
    let second = words.next().unwrap_or_default().to_ascii_uppercase();
    match first.as_str() {
        // `END` ends a trigger's body (of a `CREATE`), or is `COMMIT`.
        "CREATE" | "PRAGMA" | "SAVEPOINT" | "RELEASE" | "BEGIN" | "COMMIT" | "END" => false,
        "DROP" => !matches!(second.as_str(), "INDEX" | "VIEW" | "TRIGGER"),
        // ADD COLUMN or DROP COLUMN; RENAME TO and RENAME COLUMN rewrite other tables' text.
        "ALTER" => sql.to_ascii_uppercase().contains("RENAME"),
        _ => true,
    }
}

/// Adds to `into`, lowercased, the tables that the statements of `sql` which can reach their
/// children ([`reaches_children`], each statement read on its own: a rebuild is one text of
/// several) write, drop or rename: the name after `DROP TABLE [IF EXISTS]`, `ALTER TABLE`,
/// `INSERT [OR …] INTO`, `REPLACE INTO`, `UPDATE [OR …]` or `DELETE FROM`, and the name after
/// that one (a schema-qualified name is two). Statements are cut at every `;`, quoted or not,
/// and comment lines before one are skipped; a piece that then reads as none of those forms
/// (`VACUUM`, a `WITH`, text cut inside a quote) makes this `false`: its tables are not known.
fn written_tables(sql: &str, into: &mut HashSet<String>) -> bool {
    for piece in sql.split(';') {
        let statement: String = piece
            .lines()
            .skip_while(|l| {
                let l = l.trim_start();
                l.is_empty() || l.starts_with("--")
            })
            .collect::<Vec<_>>()
            .join("\n");
        if statement.trim().is_empty() || !reaches_children(&statement) {
            continue;
        }
        let mut words = Vec::new();
        names_in_order(&statement, &mut |name, quoted| words.push((name, quoted)));
        let keyword = |i: usize, k: &str| words.get(i).is_some_and(|(w, q)| !q && w == k);
        let or_skip = |i: usize| if keyword(i, "or") { i + 2 } else { i };
        let target = if keyword(0, "drop") && keyword(1, "table") {
            Some(if keyword(2, "if") && keyword(3, "exists") {
                4
            } else {
                2
            })
        } else if keyword(0, "alter") && keyword(1, "table") {
            Some(2)
        } else if keyword(0, "insert") && keyword(or_skip(1), "into") {
            Some(or_skip(1) + 1)
        } else if keyword(0, "replace") && keyword(1, "into") {
            Some(2)
        } else if keyword(0, "update") {
            Some(or_skip(1))
        } else if keyword(0, "delete") && keyword(1, "from") {
            Some(2)
        } else {
            None
        };
        let Some(at) = target.filter(|&at| at < words.len()) else {
            return false;
        };
        into.extend(words.iter().skip(at).take(2).map(|(w, _)| w.clone()));
    }
    true
}

fn lower(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// Adds to `into`, lowercased, every run of identifier characters of `sql` and the text of
/// every quoted part (`"…"`, `` `…` ``, `[…]`, `'…'`, doubled quotes read as one): each way
/// SQLite can spell a name, and more.
fn names_in(sql: &str, into: &mut HashSet<String>) {
    names_in_order(sql, &mut |name, _| {
        into.insert(name);
    });
}

/// Gives `found` each name [`names_in`] reads, in order, and whether it was quoted.
fn names_in_order(sql: &str, found: &mut impl FnMut(String, bool)) {
    let is_name_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if is_name_byte(c) {
            let start = i;
            while i < b.len() && is_name_byte(b[i]) {
                i += 1;
            }
            // Both ends are ASCII bytes or the text's ends: character boundaries.
            found(lower(&sql[start..i]), false);
            continue;
        }
        let close = match c {
            b'"' | b'`' | b'\'' => c,
            b'[' => b']',
            _ => {
                i += 1;
                continue;
            }
        };
        let mut name = Vec::new();
        i += 1;
        while i < b.len() {
            if b[i] == close {
                if close != b']' && b.get(i + 1) == Some(&close) {
                    name.push(close);
                    i += 2;
                    continue;
                }
                i += 1;
                break;
            }
            name.push(b[i]);
            i += 1;
        }
        found(lower(&String::from_utf8_lossy(&name)), true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sql: &str) -> Vec<String> {
        let mut set = HashSet::new();
        names_in(sql, &mut set);
        let mut v: Vec<String> = set.into_iter().collect();
        v.sort();
        v
    }

    /// The tables (and indexes, views, triggers) kept for a migration whose statements are
    /// `statements`, by name, in stored order.
    fn kept(setup: &str, statements: &[&str]) -> Vec<String> {
        // Through the module every connection of the tests is opened with (SQLite's allocator).
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(setup).unwrap();
        let schema = crate::introspect::read_schema(&conn).unwrap();
        let up = vec![statements.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        let kept = statements_kept(&schema, &up);
        schema
            .schema
            .iter()
            .filter(|s| kept.contains(&s.sql))
            .map(|s| s.name.clone())
            .collect()
    }

    fn statements_kept(schema: &ExistingSchema, up: &[Vec<String>]) -> Vec<String> {
        statements(schema, up, &[])
    }

    const FAMILY: &str = "
        CREATE TABLE grand (id INTEGER PRIMARY KEY);
        CREATE TABLE other_parent (id INTEGER PRIMARY KEY, up INTEGER REFERENCES far(id));
        CREATE TABLE far (id INTEGER PRIMARY KEY);
        CREATE TABLE Parent (id INTEGER PRIMARY KEY, g INTEGER REFERENCES grand(id));
        CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES PARENT(id) ON DELETE SET NULL,
                            o INTEGER REFERENCES other_parent(id));
        CREATE TABLE grandchild (id INTEGER PRIMARY KEY, c INTEGER REFERENCES child(id) ON DELETE CASCADE);
        CREATE INDEX ix_grandchild_c ON grandchild(c);
        CREATE TABLE unrelated (id INTEGER PRIMARY KEY, n TEXT);
        CREATE INDEX ix_unrelated_n ON unrelated(n);
        CREATE TABLE \"odd name\" (id INTEGER PRIMARY KEY);
        CREATE TABLE seen (id INTEGER PRIMARY KEY);
        CREATE VIEW v AS SELECT id FROM seen;
    ";

    #[test]
    fn an_added_column_keeps_the_table_its_parents_and_every_view() {
        assert_eq!(
            kept(
                FAMILY,
                &[
                    "ALTER TABLE parent ADD COLUMN x TEXT;",
                    "CREATE INDEX ix_x ON parent(x);"
                ]
            ),
            ["grand", "Parent", "seen", "v"]
        );
    }

    #[test]
    fn a_rebuilt_table_keeps_its_descendants_their_parents_and_every_view() {
        assert_eq!(
            kept(
                FAMILY,
                &[
                    "ALTER TABLE parent RENAME TO _mg_old_parent;",
                    "DROP TABLE _mg_old_parent;"
                ]
            ),
            [
                "grand",
                "other_parent",
                "Parent",
                "child",
                "grandchild",
                "ix_grandchild_c",
                "seen",
                "v"
            ]
        );
    }

    #[test]
    fn an_index_name_spelled_keeps_its_table_and_a_quoted_name_counts() {
        assert_eq!(
            kept(
                FAMILY,
                &["CREATE INDEX IF NOT EXISTS ix_unrelated_n ON \"Odd Name\" (id);"]
            ),
            ["unrelated", "ix_unrelated_n", "odd name", "seen", "v"]
        );
    }

    #[test]
    fn a_shadow_table_s_name_keeps_its_virtual_table() {
        let setup = "CREATE VIRTUAL TABLE docs USING fts5(body);
            CREATE VIRTUAL TABLE other USING fts5(body);
            CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT);";
        assert_eq!(
            kept(
                setup,
                &["CREATE TABLE IF NOT EXISTS docs_data (id INTEGER PRIMARY KEY);"]
            ),
            ["docs"]
        );
        assert_eq!(
            kept(setup, &["CREATE INDEX IF NOT EXISTS DOCS_IDX ON t(c);"]),
            ["docs", "t"]
        );
    }

    #[test]
    fn sqlite_sequence_spelled_keeps_an_autoincrement_table() {
        let setup = "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);
            CREATE TABLE b (id INTEGER PRIMARY KEY AUTOINCREMENT);
            CREATE VIEW counters AS SELECT name, seq FROM sqlite_sequence;
            CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT);";
        assert_eq!(
            kept(setup, &["ALTER TABLE t DROP COLUMN c;"]),
            ["a", "counters", "t"]
        );
        assert_eq!(
            kept(setup, &["ALTER TABLE b DROP COLUMN c;"]),
            ["b", "counters"]
        );
    }

    const BRANCHES: &str = "
        CREATE TABLE root (id INTEGER PRIMARY KEY);
        CREATE TABLE leaf (id INTEGER PRIMARY KEY, r INTEGER REFERENCES root(id));
        CREATE TABLE twig (id INTEGER PRIMARY KEY, l INTEGER REFERENCES leaf(id) ON DELETE CASCADE);
        CREATE TABLE lone (id INTEGER PRIMARY KEY);
        CREATE TABLE lone_child (id INTEGER PRIMARY KEY, l INTEGER REFERENCES lone(id));
        CREATE TABLE other (id INTEGER PRIMARY KEY);
        CREATE TABLE other_child (id INTEGER PRIMARY KEY, o INTEGER REFERENCES other(id));
    ";

    /// A rebuild as the generator writes it: one text of several statements.
    const LEAF_REBUILD: &str = "SAVEPOINT _mg_rebuild;
PRAGMA legacy_alter_table = ON;
ALTER TABLE leaf RENAME TO _mg_old_leaf;
-- table leaf
CREATE TABLE leaf (id INTEGER PRIMARY KEY, r INTEGER REFERENCES root(id), n TEXT);
INSERT OR ROLLBACK INTO leaf (id, r) SELECT id, r FROM _mg_old_leaf;
DROP TABLE _mg_old_leaf;
RELEASE _mg_rebuild;";

    #[test]
    fn only_the_tables_written_dropped_or_renamed_keep_their_descendants() {
        // `lone` is only named by a new table's foreign key, `other` only read by a check: the
        // rebuilt `leaf` keeps its child `twig`, and neither keeps its own child.
        assert_eq!(
            kept(
                BRANCHES,
                &[
                    LEAF_REBUILD,
                    "CREATE TABLE fresh (id INTEGER PRIMARY KEY, o INTEGER REFERENCES lone(id));",
                    "INSERT OR ROLLBACK INTO _mg_check SELECT count(*) FROM pragma_foreign_key_list('other');",
                ]
            ),
            ["root", "leaf", "twig", "lone", "other"]
        );
        // Without the check, the rebuild (a text beginning with SAVEPOINT) still keeps `twig`.
        assert_eq!(kept(BRANCHES, &[LEAF_REBUILD]), ["root", "leaf", "twig"]);
    }

    #[test]
    fn a_trigger_s_tables_keep_their_descendants_when_a_table_is_written() {
        let setup = format!(
            "{BRANCHES} CREATE TRIGGER tr AFTER DELETE ON leaf BEGIN DELETE FROM other; END;"
        );
        assert_eq!(
            kept(&setup, &["DROP TABLE IF EXISTS \"Leaf\";"]),
            ["root", "leaf", "twig", "other", "other_child", "tr"]
        );
        // Nothing written: no descendants.
        assert_eq!(
            kept(&setup, &["ALTER TABLE leaf ADD COLUMN n TEXT;"]),
            ["root", "leaf", "other", "tr"]
        );
    }

    #[test]
    fn a_statement_whose_table_is_not_read_keeps_every_kept_table_s_descendants() {
        assert_eq!(
            kept(
                BRANCHES,
                &[
                    "ALTER TABLE lone ADD COLUMN n TEXT;",
                    "ALTER TABLE other ADD COLUMN n TEXT; VACUUM;"
                ]
            ),
            ["lone", "lone_child", "other", "other_child"]
        );
    }

    #[test]
    fn the_tables_written_are_read_however_they_are_spelled() {
        let written = |sql: &str| {
            let mut set = HashSet::new();
            let read = written_tables(sql, &mut set);
            let mut v: Vec<String> = set.into_iter().collect();
            v.sort();
            (read, v)
        };
        assert_eq!(
            written(
                "DROP TABLE IF EXISTS [A b]; ALTER TABLE main.\"T\" RENAME COLUMN x TO y;\n\
                 -- a comment\nUPDATE OR IGNORE u SET a = 1; DELETE FROM `v`;\n\
                 REPLACE INTO w VALUES (1); INSERT INTO x(a) VALUES (1); ALTER TABLE z ADD COLUMN c;\n\
                 CREATE TRIGGER tr AFTER INSERT ON y BEGIN UPDATE q SET a = 1; END;"
            ),
            (
                true,
                ["a", "a b", "main", "set", "t", "u", "v", "values", "w", "x"]
                    .map(String::from)
                    .to_vec()
            )
        );
        // Forms not read, and a text cut where it should not be: not known.
        assert!(!written("WITH c AS (SELECT 1) DELETE FROM t;").0);
        assert!(!written("-- a comment; with a semicolon\nDELETE FROM t;").0);
        assert!(!written("VACUUM;").0);
        assert_eq!(
            written("CREATE INDEX i ON t(a); PRAGMA foreign_keys = OFF;"),
            (true, vec![])
        );
    }

    #[test]
    fn statements_that_reach_other_tables_are_told_apart() {
        for sql in [
            "DROP TABLE t;",
            "ALTER TABLE t RENAME TO u;",
            "alter table t rename column a to b;",
            "INSERT INTO t SELECT * FROM u;",
            "DELETE FROM t;",
            "UPDATE t SET a = 1;",
            "VACUUM;",
        ] {
            assert!(reaches_children(sql), "{sql}");
        }
        for sql in [
            "CREATE TABLE t (a);",
            "  create index i on t(a);",
            "ALTER TABLE t ADD COLUMN b TEXT;",
            "ALTER TABLE t DROP COLUMN b;",
            "DROP INDEX IF EXISTS i;",
            "DROP VIEW v;",
            "PRAGMA foreign_keys = OFF;",
        ] {
            assert!(!reaches_children(sql), "{sql}");
        }
    }

    #[test]
    fn names_are_read_however_they_are_spelled() {
        assert_eq!(
            names(r#"ALTER TABLE "My ""T""" RENAME TO [x y]; DROP INDEX `ix` ;'Ça va' Über_1$"#),
            [
                "alter", "ix", "my \"t\"", "rename", "table", "to", "x y", "Ça va", "drop",
                "index", "Über_1$"
            ]
            .iter()
            .map(|s| s.to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
        );
    }
}
