//! A SQLite migration of an existing database is one all-or-nothing unit (src/sqlite_atomic.rs),
//! run on real files that hold rows: a rename beside a rebuild the rows refuse leaves the
//! database exactly as it was (schema and rows), whether the refusal is a check of the
//! migration's own (`INSERT OR ROLLBACK`) or a statement that fails (the transaction then left
//! open, as a driver leaves it, or the connection closed, as `sqlite3 -bail` does); the same
//! migration then runs once the rows are fixed. From `previousSpec` and from `existingDbPath`,
//! up and down.

mod common;
#[path = "common/piped.rs"]
mod piped;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use rusqlite::Connection;
use serde_json::{json, Value};
use sqlite_files::open;
use std::path::{Path, PathBuf};

fn database(name: &str, sql: &str) -> PathBuf {
    sqlite_files::database("mg-atomic", name, sql)
}

/// A NOT NULL column.
fn c(name: &str, ty: &str, more: Value) -> Value {
    let mut column = json!({ "name": name, "type": ty, "nullable": false });
    column
        .as_object_mut()
        .unwrap()
        .extend(more.as_object().unwrap().clone());
    column
}

/// users, posts (a foreign key to users) under `posts` (renamed from `renamed_from` when
/// given), tags (UNIQUE (name) when `unique`), post_tags (a foreign key to tags, ON DELETE
/// CASCADE: a rebuild of tags with foreign keys on would empty it).
fn tables(posts: &str, renamed_from: Option<&str>, unique: bool) -> Value {
    let mut p = json!({"name": posts, "columns": [
        c("id", "INTEGER", json!({"autoIncrement": true})),
        c("user_id", "INTEGER", json!({}))
    ], "foreignKeys": [{"columns": ["user_id"], "referencedTable": "users", "referencedColumns": ["id"]}]});
    if let Some(old) = renamed_from {
        p["renamedFrom"] = json!(old);
    }
    let mut tags = json!({"name": "tags", "columns": [
        c("id", "INTEGER", json!({"autoIncrement": true})),
        c("name", "VARCHAR", json!({"length": 50}))
    ]});
    if unique {
        tags["uniqueConstraints"] = json!([{"name": "uq_tags_name", "columns": ["name"]}]);
    }
    json!([
        {"name": "users", "columns": [c("id", "INTEGER", json!({"autoIncrement": true}))]},
        p,
        tags,
        {"name": "post_tags", "columns": [c("post_id", "INTEGER", json!({})), c("tag_id", "INTEGER", json!({}))],
         "primaryKey": ["post_id", "tag_id"],
         "foreignKeys": [{"columns": ["tag_id"], "referencedTable": "tags", "referencedColumns": ["id"], "onDelete": "CASCADE"}]}
    ])
}

fn spec(tables: Value) -> Value {
    json!({"description": "x", "databaseType": "sqlite", "timestamps": false,
           "now": "2026-12-06T06:00:00Z", "tables": tables})
}

fn generated(spec: &Value) -> GeneratedMigration {
    let result = generate_str(&spec.to_string());
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    result
}

/// The migration from previousSpec `before` to `after`.
fn from_previous(before: &Value, after: &Value) -> GeneratedMigration {
    let mut s = spec(after.clone());
    s["previousSpec"] = spec(before.clone());
    generated(&s)
}

/// A database `before` creates, with rows: two tags named 'bug' (which UNIQUE (name) refuses)
/// when `repeated`, each tag used by a post.
fn made_by(name: &str, before: &Value, repeated: bool) -> PathBuf {
    let create = generated(&spec(before.clone())).up_migration;
    let second = if repeated { "bug" } else { "feature" };
    let rows = format!(
        "INSERT INTO users (id) VALUES (1); INSERT INTO posts (id, user_id) VALUES (1, 1), (2, 1);
         INSERT INTO tags (id, name) VALUES (1, 'bug'), (2, '{second}');
         INSERT INTO post_tags VALUES (1, 1), (1, 2), (2, 2);"
    );
    database(name, &format!("{create}\n{rows}"))
}

/// Every object of the schema (texts exact) and every row of every table, as text.
fn state(conn: &Connection) -> (Vec<(String, String, String)>, Vec<String>) {
    let schema = common::schema_texts(conn);
    let mut rows = Vec::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let found: Vec<String> = stmt
            .query_map([], |r| {
                let values: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", values.join(", ")))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.extend(found);
    }
    (schema, rows)
}

fn state_of(path: &Path) -> (Vec<(String, String, String)>, Vec<String>) {
    state(&open(path))
}

/// How a runner that stops at the first error ends a script that failed.
#[derive(Clone, Copy, Debug)]
enum Stop {
    /// A driver whose `exec` threw: the caller rolls back whatever transaction is still open.
    RollBack,
    /// `sqlite3 -bail`: the connection is closed there.
    Close,
}

/// Runs `sql` on the file as a runner that stops at the first error, and gives the error.
fn run(path: &Path, sql: &str, stop: Stop) -> Result<(), String> {
    let conn = open(path);
    let ran = conn.execute_batch(sql).map_err(|e| e.to_string());
    if ran.is_err() {
        match stop {
            Stop::RollBack => {
                if !conn.is_autocommit() {
                    conn.execute_batch("ROLLBACK;").unwrap();
                }
            }
            Stop::Close => drop(conn),
        }
    }
    ran
}

/// The statement that begins the migration's transaction, and the one that ends it.
fn transaction_bounds(sql: &str) -> (&str, &str) {
    let lines: Vec<&str> = sql.lines().collect();
    let begin = lines
        .iter()
        .find(|l| **l == "BEGIN;" || **l == "SAVEPOINT _mg_migration;")
        .copied()
        .unwrap_or_default();
    let end = lines
        .iter()
        .rev()
        .find(|l| **l == "COMMIT;" || **l == "RELEASE _mg_migration;")
        .copied()
        .unwrap_or_default();
    (begin, end)
}

/// Found by a user trial: posts renamed to articles and tags rebuilt with a UNIQUE over two
/// tags named 'bug': the rebuild's copy rolled back its own transaction only, the rename stayed
/// made, and running the migration again failed at it (`no such table: posts`). Now the
/// database is as it was, schema and rows, however the runner stops; fixed, the same migration
/// runs, posts renamed, tags unique, post_tags' rows kept (no ON DELETE CASCADE).
#[test]
fn a_rename_beside_a_rebuild_the_rows_refuse_leaves_nothing_done_from_previous_spec() {
    let before = tables("posts", None, false);
    let after = tables("articles", Some("posts"), true);
    let result = from_previous(&before, &after);
    let up = &result.up_migration;
    assert!(result.metadata.outside_transaction.up, "{up}");
    assert_eq!(transaction_bounds(up), ("BEGIN;", "COMMIT;"), "{up}");
    // Foreign keys off first, the renames inside the one transaction, after it began.
    assert!(up.starts_with("PRAGMA foreign_keys = OFF;\n"), "{up}");
    assert!(up.find("BEGIN;").unwrap() < up.find("SAVEPOINT _mg_renames;").unwrap());
    assert!(up.ends_with("COMMIT;\nPRAGMA foreign_keys = ON;"), "{up}");
    assert_eq!(up.matches("BEGIN;").count(), 1, "{up}");
    for stop in [Stop::RollBack, Stop::Close] {
        let path = made_by(&format!("previous-{stop:?}"), &before, true);
        let was = state_of(&path);
        let e = run(&path, up, stop).unwrap_err();
        assert!(
            e.contains("CHECK constraint failed") || e.contains("UNIQUE"),
            "{e}"
        );
        assert_eq!(
            state_of(&path),
            was,
            "{stop:?}: the failed migration left changes"
        );
        // Fixed, the same migration runs.
        open(&path)
            .execute_batch("UPDATE tags SET name = 'feature' WHERE id = 2;")
            .unwrap();
        run(&path, up, stop).unwrap_or_else(|e| panic!("{e}\n{up}"));
        let conn = open(&path);
        let (schema, rows) = state(&conn);
        assert!(schema.iter().any(|(_, name, _)| name == "articles"));
        assert!(!schema.iter().any(|(_, name, _)| name == "posts"));
        let kept: Vec<&String> = rows
            .iter()
            .filter(|r| r.starts_with("post_tags:"))
            .collect();
        assert_eq!(kept.len(), 3, "{rows:?}");
        let refs: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(refs, 0);
        let fk: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'articles'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(fk.contains("REFERENCES users"), "{fk}");
        let on: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(on, 1);
        drop(conn);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// The down migration likewise: up drops the UNIQUE (tags rebuilt) and renames posts; rows
/// written since repeat a name, which the down's rebuild refuses: the rename back is not made
/// either, and once the names differ the same down runs and gives the schema back.
#[test]
fn a_down_migration_the_rows_refuse_leaves_nothing_undone_from_previous_spec() {
    let before = tables("posts", None, true);
    let after = tables("articles", Some("posts"), false);
    let result = from_previous(&before, &after);
    let down = &result.down_migration;
    assert!(result.metadata.outside_transaction.down, "{down}");
    assert_eq!(transaction_bounds(down), ("BEGIN;", "COMMIT;"), "{down}");
    for stop in [Stop::RollBack, Stop::Close] {
        let path = made_by(&format!("previous-down-{stop:?}"), &before, false);
        let created = state_of(&path).0;
        run(&path, &result.up_migration, stop).unwrap();
        open(&path)
            .execute_batch("UPDATE tags SET name = 'bug' WHERE id = 2;")
            .unwrap();
        let was = state_of(&path);
        let e = run(&path, down, stop).unwrap_err();
        assert!(
            e.contains("CHECK constraint failed") || e.contains("UNIQUE"),
            "{e}"
        );
        assert_eq!(
            state_of(&path),
            was,
            "{stop:?}: the failed down left changes"
        );
        open(&path)
            .execute_batch("UPDATE tags SET name = 'feature' WHERE id = 2;")
            .unwrap();
        run(&path, down, stop).unwrap_or_else(|e| panic!("{e}\n{down}"));
        let schema: Vec<(String, String)> = state_of(&path)
            .0
            .into_iter()
            .map(|(kind, name, _)| (kind, name))
            .collect();
        let expected: Vec<(String, String)> = created
            .into_iter()
            .map(|(kind, name, _)| (kind, name))
            .collect();
        assert_eq!(schema, expected);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// From the file itself (`existingDbPath`): the trial on the copy says the change is refused,
/// and now that the whole migration rolls back, says so (it said the changes before it stay
/// done, while the migration had to run outside a transaction); the migration leaves the file
/// as it was; fixed, the same migration runs.
#[test]
fn a_rename_beside_a_rebuild_the_rows_refuse_leaves_nothing_done_from_the_file() {
    let before = tables("posts", None, false);
    for stop in [Stop::RollBack, Stop::Close] {
        let path = made_by(&format!("file-{stop:?}"), &before, true);
        let mut s = spec(tables("articles", Some("posts"), true));
        s["existingDbPath"] = json!(path.to_str().unwrap());
        let result = generated(&s);
        let up = &result.up_migration;
        assert!(up.contains("SAVEPOINT _mg_renames;"), "{up}");
        let refused: Vec<&migration_generator::report::Issue> = (result.validation.warnings.iter())
            .filter(|w| w.code.as_str() == "ROWS_REFUSE_CHANGE")
            .collect();
        assert_eq!(refused.len(), 1, "{:?}", result.validation.warnings);
        let said = format!(
            "{} {}",
            refused[0].message,
            refused[0].suggestion.clone().unwrap_or_default()
        );
        assert!(!said.contains("stay done"), "{said}");
        assert!(
            said.contains("rolled back whole: none of its changes stays done"),
            "{said}"
        );
        let was = state_of(&path);
        run(&path, up, stop).unwrap_err();
        assert_eq!(
            state_of(&path),
            was,
            "{stop:?}: the failed migration left changes"
        );
        open(&path)
            .execute_batch("UPDATE tags SET name = 'feature' WHERE id = 2;")
            .unwrap();
        run(&path, up, stop).unwrap_or_else(|e| panic!("{e}\n{up}"));
        let (schema, rows) = state_of(&path);
        assert!(schema.iter().any(|(_, name, _)| name == "articles"));
        assert_eq!(
            rows.iter().filter(|r| r.starts_with("post_tags:")).count(),
            3
        );
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// A statement that fails on its own (not a check's `INSERT OR ROLLBACK`), after the rename:
/// a table the migration creates, made by hand since. The transaction stays open where a
/// driver's call failed, and rolled back (or the connection closed), nothing is left done;
/// the `sqlite3` shell with `-bail` too.
#[test]
fn a_statement_that_fails_after_the_rename_leaves_nothing_done() {
    let before = tables("posts", None, false);
    let mut after = tables("articles", Some("posts"), false);
    after
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "comments", "columns": [c("id", "INTEGER", json!({"autoIncrement": true}))]}));
    let result = from_previous(&before, &after);
    let up = &result.up_migration;
    assert!(!result.metadata.outside_transaction.up, "{up}");
    assert_eq!(
        transaction_bounds(up),
        ("SAVEPOINT _mg_migration;", "RELEASE _mg_migration;"),
        "{up}"
    );
    for stop in [Stop::RollBack, Stop::Close] {
        let path = made_by(&format!("fails-{stop:?}"), &before, false);
        open(&path)
            .execute_batch("CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT);")
            .unwrap();
        let was = state_of(&path);
        let conn = open(&path);
        let e = conn.execute_batch(up).unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
        // What the driver leaves: the migration's transaction, open.
        assert!(!conn.is_autocommit());
        drop(conn);
        assert_eq!(state_of(&path), was, "{stop:?}");
        let e = run(&path, up, stop).unwrap_err();
        assert!(e.contains("already exists"), "{e}");
        assert_eq!(
            state_of(&path),
            was,
            "{stop:?}: the failed migration left changes"
        );
        // The shell, stopping at the error.
        let mut shell = std::process::Command::new("sqlite3");
        shell
            .arg("-bail")
            .arg(&path)
            .stdout(std::process::Stdio::null());
        if let Ok(out) = piped::run_with_input(&mut shell, up) {
            assert!(!out.status.success());
            assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
            assert_eq!(
                state_of(&path),
                was,
                "sqlite3 -bail: the failed migration left changes"
            );
        }
        open(&path).execute_batch("DROP TABLE comments;").unwrap();
        run(&path, up, stop).unwrap_or_else(|e| panic!("{e}\n{up}"));
        assert!(state_of(&path)
            .0
            .iter()
            .any(|(_, name, _)| name == "articles"));
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// What the renames rely on inside the transaction with foreign keys off: SQLite (the bundled
/// one, 3.26 and later, `legacy_alter_table` off) rewrites the other tables' `REFERENCES` on a
/// table's and on a column's rename whether foreign keys are on or off.
#[test]
fn renames_rewrite_references_with_foreign_keys_off() {
    for foreign_keys in ["ON", "OFF"] {
        let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = {foreign_keys};
             CREATE TABLE users (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
             CREATE TABLE posts (id INTEGER PRIMARY KEY, user_code TEXT REFERENCES users (code));
             BEGIN;
             PRAGMA legacy_alter_table = OFF;
             ALTER TABLE users RENAME TO people;
             ALTER TABLE people RENAME COLUMN code TO handle;
             COMMIT;"
        ))
        .unwrap();
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'posts'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            sql.contains("REFERENCES \"people\" (handle)"),
            "{foreign_keys}: {sql}"
        );
    }
}
