//! `dropTablesNotInSpec` against real SQLite files that hold rows: the up migration drops the
//! tables the spec leaves out (children and foreign-key cycles included) and keeps every row
//! of the tables that stay; generating again finds nothing to do; the down migration gives
//! `sqlite_master` back text for text. What a drop would break is refused before any SQL is
//! written.

mod common;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use migration_generator::report::{Code, Issue};
use rusqlite::Connection;
use serde_json::{json, Value};
use std::path::PathBuf;

fn temp_db(name: &str, sql: &str) -> PathBuf {
    sqlite_files::database("mg-drop", name, sql)
}

fn generate(path: &std::path::Path, tables: Value, extra: Value) -> GeneratedMigration {
    let mut spec = json!({
        "description": "drop old tables", "databaseType": "sqlite",
        "existingDbPath": path.to_str().unwrap(), "now": "2026-02-09T12:00:00Z",
        "dropTablesNotInSpec": true, "allowDataLoss": true, "tables": tables
    });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            spec[k] = v;
        }
    }
    generate_str(&spec.to_string())
}

/// Every stored schema text, by type and name, exactly as stored.
fn master(conn: &Connection) -> Vec<(String, String, String)> {
    common::schema_texts(conn)
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn codes(list: &[Issue]) -> Vec<&str> {
    list.iter().map(|i| i.code.as_str()).collect()
}

/// Whether the result has an error of `code` that `f` accepts.
fn has_error(result: &GeneratedMigration, code: &str, f: impl Fn(&Issue) -> bool) -> bool {
    result
        .validation
        .errors
        .iter()
        .any(|e| e.code.as_str() == code && f(e))
}

const SHOP: &str = "
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id));
CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id), user_id INTEGER REFERENCES users(id) ON DELETE CASCADE);
CREATE INDEX idx_b_user ON b(user_id);
CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT);
CREATE TRIGGER trg_a AFTER INSERT ON a BEGIN INSERT INTO audit(note) VALUES ('a'); END;
CREATE VIRTUAL TABLE docs USING fts5(body);
INSERT INTO users VALUES (1, 'ann@x.io'), (2, 'bob@x.io');
INSERT INTO a VALUES (1, NULL);
INSERT INTO b VALUES (1, 1, 1);
UPDATE a SET b_id = 1;
INSERT INTO docs VALUES ('hello');
";

fn users() -> Value {
    json!({"name": "users", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": false, "unique": true}
    ]})
}

#[test]
fn tables_left_out_are_dropped_and_the_down_migration_gives_the_schema_back() {
    for in_runner_transaction in [false, true] {
        let path = temp_db(&format!("shop-{in_runner_transaction}"), SHOP);
        let bytes = std::fs::read(&path).unwrap();
        let result = generate(&path, json!([users()]), json!({}));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "generation wrote the file"
        );
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let ops: Vec<(String, String)> = result
            .metadata
            .operations
            .iter()
            .map(|o| (o.table.clone(), format!("{:?}", o.operation)))
            .collect();
        assert_eq!(
            ops,
            [
                ("users", "Skip"),
                ("b", "Drop"),
                ("a", "Drop"),
                ("audit", "Drop")
            ]
            .map(|(t, o)| (t.to_string(), o.to_string()))
        );
        assert_eq!(result.metadata.operation_type, "ALTER");
        let warnings = &result.validation.warnings;
        let loss: Vec<&str> = warnings
            .iter()
            .filter(|w| w.code.as_str() == "DATA_LOSS")
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(loss.len(), 3, "{warnings:?}");
        assert!(
            loss.iter().all(|m| m.ends_with("it holds 1 row now")),
            "{loss:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.code.as_str() == "TABLE_NOT_IN_SPEC"
                    && w.table.as_deref() == Some("docs")),
            "the virtual table is kept with a warning: {warnings:?}"
        );
        assert!(
            !result.up_migration.contains("docs"),
            "{}",
            result.up_migration
        );

        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        let before = master(&conn);
        let up = if in_runner_transaction {
            format!("BEGIN;\n{}", result.up_migration)
        } else {
            result.up_migration.clone()
        };
        conn.execute_batch(&up)
            .unwrap_or_else(|e| panic!("up failed: {e}\n{up}"));
        // The runner's transaction goes on with foreign keys checked as usual.
        let deferred: i64 = conn
            .query_row("PRAGMA defer_foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(deferred, 0, "foreign keys left deferred");
        if in_runner_transaction {
            conn.execute_batch("COMMIT;").unwrap();
        }
        assert!(
            conn.is_autocommit(),
            "the up migration left a transaction open"
        );
        let names: Vec<String> = master(&conn).into_iter().map(|(_, n, _)| n).collect();
        for gone in ["a", "b", "audit", "idx_b_user", "trg_a"] {
            assert!(
                !names.contains(&gone.to_string()),
                "{gone} is still there: {names:?}"
            );
        }
        assert_eq!(count(&conn, "users"), 2, "the rows of the table that stays");
        assert_eq!(count(&conn, "docs"), 1, "the virtual table's rows");
        drop(conn);

        let again = generate(&path, json!([users()]), json!({}));
        assert!(again.validation.valid, "{:?}", again.validation.errors);
        assert!(again.up_migration.is_empty(), "{}", again.up_migration);
        assert!(codes(&again.validation.warnings).contains(&"NO_CHANGES"));

        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        conn.execute_batch(&result.down_migration)
            .unwrap_or_else(|e| panic!("down failed: {e}\n{}", result.down_migration));
        assert!(conn.is_autocommit());
        assert_eq!(
            master(&conn),
            before,
            "down does not give sqlite_master back"
        );
        assert_eq!(count(&conn, "users"), 2);
        assert_eq!(
            count(&conn, "b"),
            0,
            "the down migration creates the tables empty"
        );
        // The restored trigger works.
        conn.execute_batch("INSERT INTO a (id) VALUES (7);")
            .unwrap();
        assert_eq!(count(&conn, "audit"), 1);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

#[test]
fn a_foreign_key_the_spec_takes_out_goes_before_its_parent_is_dropped() {
    let path = temp_db("fk-taken-out", SHOP);
    // `b` stays without its foreign key to `a`, which goes (and `audit` with it, whose only
    // user is a's trigger).
    let b = json!({"name": "b", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "a_id", "type": "INTEGER", "nullable": true},
        {"name": "user_id", "type": "INTEGER", "nullable": true}
    ], "foreignKeys": [{"columns": ["user_id"], "referencedTable": "users", "referencedColumns": ["id"], "onDelete": "CASCADE"}],
       "indexes": [{"name": "idx_b_user", "columns": ["user_id"], "unique": false}]});
    let result = generate(&path, json!([users(), b]), json!({}));
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let up = &result.up_migration;
    let rebuild = up.find("ALTER TABLE b RENAME").expect(up);
    let drop = up.find("DROP TABLE a;").expect(up);
    assert!(rebuild < drop, "the rebuild must come first:\n{up}");
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let before = master(&conn);
    conn.execute_batch(up)
        .unwrap_or_else(|e| panic!("up failed: {e}\n{up}"));
    assert_eq!(count(&conn, "b"), 1, "b keeps its row");
    // The down migration creates `a` empty and gives `b` its foreign key back: refused, and
    // rolled back, while b's row still references the row of `a` that is gone, as the warning
    // says.
    let warning = result
        .validation
        .warnings
        .iter()
        .find(|w| w.code.as_str() == "DATA_LOSS" && w.table.as_deref() == Some("a"))
        .expect("a DATA_LOSS warning for a");
    assert!(
        warning
            .message
            .contains("gives 'b' back its foreign key to it"),
        "{}",
        warning.message
    );
    let refused = conn.execute_batch(&result.down_migration).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("foreign_key_violations_after_rebuild"),
        "{refused}"
    );
    assert!(
        conn.is_autocommit(),
        "the refused down left a transaction open"
    );
    assert_eq!(count(&conn, "b"), 1, "the refused rebuild kept b's row");
    // As the warning says: clear the references, and run the down migration again.
    conn.execute_batch("PRAGMA foreign_keys = ON; UPDATE b SET a_id = NULL;")
        .unwrap();
    conn.execute_batch(&result.down_migration)
        .unwrap_or_else(|e| panic!("down failed: {e}\n{}", result.down_migration));
    let normalised = |m: Vec<(String, String, String)>| {
        m.into_iter()
            .map(|(t, n, s)| (t, n, s.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect::<Vec<_>>()
    };
    assert_eq!(normalised(master(&conn)), normalised(before));
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn tables_nothing_references_go_first_and_free_their_names() {
    // `old_posts` goes: nothing that stays references it. Before the rebuild of `users`, so
    // that its orphan row and its foreign key to a column `users` loses hold nothing back,
    // and its index's name is free for the new `posts`.
    let db = "
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, legacy_code TEXT UNIQUE);
CREATE TABLE old_posts (id INTEGER PRIMARY KEY, user_code TEXT REFERENCES users(legacy_code), title TEXT);
CREATE INDEX idx_posts_user ON old_posts(user_code);
INSERT INTO users VALUES (1, 'ann@x.io', 'A1'), (2, 'bob@x.io', NULL);
PRAGMA foreign_keys = OFF;
INSERT INTO old_posts VALUES (1, 'A1', 'hello'), (2, 'ZZ', 'orphan');
";
    let path = temp_db("first", db);
    let users = json!({"name": "users", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": false}
    ]});
    let posts = json!({"name": "posts", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "user_id", "type": "INTEGER", "nullable": false}
    ], "foreignKeys": [{"columns": ["user_id"], "referencedTable": "users", "referencedColumns": ["id"]}],
       "indexes": [{"name": "idx_posts_user", "columns": ["user_id"], "unique": false}]});
    let result = generate(&path, json!([users.clone(), posts.clone()]), json!({}));
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let up = &result.up_migration;
    let dropped = up.find("DROP TABLE old_posts;").expect(up);
    let rebuild = up.find("ALTER TABLE users RENAME").expect(up);
    let index = up
        .find("CREATE INDEX IF NOT EXISTS idx_posts_user ON posts")
        .expect(up);
    assert!(
        dropped < rebuild && dropped < index,
        "the drop must come first:\n{up}"
    );

    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let before = master(&conn);
    conn.execute_batch(&format!("PRAGMA foreign_keys = ON;\n{up}"))
        .unwrap_or_else(|e| panic!("up failed: {e}\n{up}"));
    assert_eq!(count(&conn, "users"), 2, "users keeps its rows");
    let owner: String = conn
        .query_row(
            "SELECT tbl_name FROM sqlite_master WHERE name = 'idx_posts_user'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(owner, "posts");
    conn.execute_batch("INSERT INTO posts (user_id) VALUES (1);")
        .unwrap();
    assert!(
        conn.execute_batch("INSERT INTO posts (user_id) VALUES (9);")
            .is_err(),
        "the new foreign key holds"
    );
    conn.execute_batch("DELETE FROM posts;").unwrap();
    drop(conn);

    let again = generate(&path, json!([users, posts]), json!({}));
    assert!(again.validation.valid, "{:?}", again.validation.errors);
    assert!(again.up_migration.is_empty(), "{}", again.up_migration);

    // The down migration rebuilds `users` as it was, then creates `old_posts` again (empty).
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON;\n{}",
        result.down_migration
    ))
    .unwrap_or_else(|e| panic!("down failed: {e}\n{}", result.down_migration));
    assert_eq!(
        master(&conn),
        before,
        "down does not give sqlite_master back"
    );
    assert_eq!(count(&conn, "users"), 2);
    assert_eq!(count(&conn, "old_posts"), 0);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn what_a_drop_would_break_is_refused() {
    let db = "
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
CREATE VIEW tag_names AS SELECT name FROM tags;
CREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);
CREATE TRIGGER trg_users AFTER INSERT ON users BEGIN INSERT INTO log(note) VALUES ('u'); END;
";
    let path = temp_db("refused", db);
    let posts = json!({"name": "posts", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "user_id", "type": "INTEGER", "nullable": true}
    ], "foreignKeys": [{"columns": ["user_id"], "referencedTable": "users", "referencedColumns": ["id"]}]});
    let result = generate(&path, json!([posts]), json!({}));
    assert!(!result.validation.valid);
    assert!(result.up_migration.is_empty());
    let errors: Vec<(String, String)> = result
        .validation
        .errors
        .iter()
        .map(|e| (e.code.as_str().to_string(), e.message.clone()))
        .collect();
    let has = |code: &str, text: &str| errors.iter().any(|(c, m)| c == code && m.contains(text));
    assert!(
        has(
            "DEPENDENT_OBJECTS",
            "the foreign key (user_id) of 'posts' references 'users'"
        ),
        "{errors:?}"
    );
    assert!(
        has("DEPENDENT_OBJECTS", "the view 'tag_names' names it"),
        "{errors:?}"
    );
    assert!(
        !has("DEPENDENT_OBJECTS", "trg_users"),
        "the trigger goes with users: {errors:?}"
    );
    // With users kept, its trigger needs log.
    let users = json!({"name": "users", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": false}
    ]});
    let result = generate(&path, json!([users, posts]), json!({}));
    assert!(
        has_error(&result, "DEPENDENT_OBJECTS", |e| e
            .message
            .contains("the trigger 'trg_users' names it")
            && e.table.as_deref() == Some("log")),
        "{:?}",
        result.validation.errors
    );
    assert!(
        !result
            .validation
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "DATA_LOSS"),
        "nothing is said to be dropped when the drops are refused: {:?}",
        result.validation.warnings
    );

    // Without allowDataLoss nothing is dropped.
    let all = generate(
        &path,
        json!([users, posts]),
        json!({"allowDataLoss": false}),
    );
    let refused: Vec<&str> = all
        .validation
        .errors
        .iter()
        .filter(|e| e.code.as_str() == "DATA_LOSS")
        .filter_map(|e| e.table.as_deref())
        .collect();
    assert_eq!(refused, ["tags", "log"], "{:?}", all.validation.errors);

    // A table marked existing keeps the foreign keys the database gives it, described or not.
    let posts_existing = json!({"name": "posts", "existing": true, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false}
    ]});
    let result = generate(&path, json!([posts_existing]), json!({}));
    assert!(
        has_error(&result, "DEPENDENT_OBJECTS", |e| e
            .message
            .contains("of 'posts' references 'users'")
            && e.suggestion
                .as_deref()
                .is_some_and(|s| s.contains("marked existing"))),
        "{:?}",
        result.validation.errors
    );
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn without_the_option_or_a_database_nothing_is_dropped() {
    let path = temp_db(
        "kept",
        "CREATE TABLE old (id INTEGER PRIMARY KEY); INSERT INTO old VALUES (1);",
    );
    let result = generate(
        &path,
        json!([users()]),
        json!({"dropTablesNotInSpec": false}),
    );
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        !result.up_migration.contains("old"),
        "{}",
        result.up_migration
    );
    assert!(result
        .up_migration
        .contains("CREATE TABLE IF NOT EXISTS users"));
    // Created and dropped: MIXED.
    let result = generate(&path, json!([users()]), json!({}));
    assert_eq!(result.metadata.operation_type, "MIXED");
    assert!(
        result.up_migration.contains("DROP TABLE old;"),
        "{}",
        result.up_migration
    );
    // No database (the very first migration of a spec that keeps the flag for good): nothing
    // to drop, a warning, and the tables are created (it was refused, INVALID_SPEC, a user
    // trial). Run on the bundled SQLite, up and down.
    for db in ["sqlite", "postgresql", "mysql"] {
        let result = generate_str(
            &json!({"description": "x", "databaseType": db, "dropTablesNotInSpec": true, "tables": [users()]})
                .to_string(),
        );
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let said: Vec<&Issue> = (result.validation.warnings.iter())
            .filter(|w| w.message.contains("no database is given"))
            .collect();
        assert_eq!(
            said.iter().map(|w| w.code.as_str()).collect::<Vec<_>>(),
            ["TABLE_NOT_IN_SPEC"]
        );
        assert!(
            said[0]
                .message
                .ends_with("nothing is dropped, and the migration creates the spec's tables"),
            "{}",
            said[0].message
        );
        assert!(
            result
                .up_migration
                .contains("CREATE TABLE IF NOT EXISTS users"),
            "{}",
            result.up_migration
        );
        assert!(
            !result.up_migration.contains("DROP"),
            "{}",
            result.up_migration
        );
        assert_eq!(result.metadata.operation_type, "CREATE");
        if db == "sqlite" {
            let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
            conn.execute_batch(&result.up_migration).unwrap();
            conn.execute("INSERT INTO users (email) VALUES ('ann@x.io')", [])
                .unwrap();
            assert_eq!(count(&conn, "users"), 1);
            conn.execute_batch(&result.down_migration).unwrap();
            assert!(master(&conn).is_empty(), "{:?}", master(&conn));
        }
    }
    // A previousSpec given but unreadable (a type no dialect has) is said by its own errors,
    // not as "no database is given" (a course-platform trial got both).
    for db in ["sqlite", "postgresql", "mysql"] {
        let result = generate_str(
            &json!({"description": "x", "databaseType": db, "dropTablesNotInSpec": true, "allowDataLoss": true, "tables": [users()],
                "previousSpec": {"description": "p", "databaseType": db, "tables": [{"name": "users", "columns": [
                    {"name": "id", "type": "SMALLINT", "nullable": false, "autoIncrement": true}]}]}})
            .to_string(),
        );
        let messages: Vec<&str> = (result.validation.errors.iter())
            .map(|e| e.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.starts_with("previousSpec: ")),
            "{messages:?}"
        );
        assert!(
            !messages.iter().any(|m| m.contains("no database is given")),
            "{messages:?}"
        );
    }
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[test]
fn tables_left_out_of_the_spec_are_named_when_nothing_else_changes() {
    // A table taken out of the spec is kept: the database does not "match" the spec, and the
    // NO_CHANGES warning says which tables it also has, and how they would go.
    let path = temp_db(
        "named",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
         CREATE TABLE old (id INTEGER PRIMARY KEY, note TEXT);
         CREATE TABLE legacy (id INTEGER PRIMARY KEY, note TEXT);
         CREATE VIRTUAL TABLE docs USING fts5(body);
         CREATE TABLE \"Weird Name\" (id INTEGER PRIMARY KEY);",
    );
    let no_changes = |r: &GeneratedMigration| {
        r.validation
            .warnings
            .iter()
            .find(|w| w.code.as_str() == "NO_CHANGES")
            .map(|w| w.message.clone())
    };
    let result = generate(
        &path,
        json!([users()]),
        json!({"dropTablesNotInSpec": false}),
    );
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert_eq!(
        no_changes(&result).as_deref(),
        Some("nothing to do: every table of the spec already matches the database; the database also has tables the spec leaves out, kept as they are ('old' and 'legacy'; dropTablesNotInSpec with allowDataLoss drops them)")
    );
    // All of the database in the spec: a match, the virtual table and the table no spec can
    // name (which dropTablesNotInSpec leaves alone too) aside.
    let all = json!([users(), table("old"), table("legacy")]);
    let result = generate(&path, all, json!({"dropTablesNotInSpec": false}));
    assert_eq!(
        no_changes(&result).as_deref(),
        Some("nothing to do: every table already matches the spec"),
        "{:?}",
        result.validation
    );
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

fn table(name: &str) -> Value {
    json!({"name": name, "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "note", "type": "TEXT", "nullable": true}
    ]})
}

#[test]
fn only_the_tables_a_virtual_table_s_module_makes_are_its_own() {
    // FTS5 makes docs_config, docs_content, docs_data, docs_docsize and docs_idx, never
    // docs_stat: that one is the user's table, compared (SKIP), never created (whose down would
    // drop it) and dropped when the spec leaves it out.
    let path = temp_db(
        "shadow",
        "CREATE VIRTUAL TABLE docs USING fts5(body);
         CREATE TABLE docs_stat (id INTEGER PRIMARY KEY, note TEXT);
         INSERT INTO docs_stat VALUES (1, 'precious');",
    );
    let result = generate(&path, json!([table("docs_stat")]), json!({}));
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert_eq!(
        format!("{:?}", result.metadata.operations[0].operation),
        "Skip"
    );
    assert!(
        result.down_migration.is_empty(),
        "{}",
        result.down_migration
    );
    let result = generate(&path, json!([]), json!({}));
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        result.up_migration.contains("DROP TABLE docs_stat;"),
        "{}",
        result.up_migration
    );
    assert!(
        !result.up_migration.contains("docs_data"),
        "{}",
        result.up_migration
    );
    // A table the spec would create under a name the database already uses for a virtual
    // table's data, a view or an index (of a table the migration leaves as it is: one whose
    // change drops the index frees the name first, below).
    let path = temp_db(
        "clash",
        "CREATE VIRTUAL TABLE docs USING fts5(body);
         CREATE TABLE t (id INTEGER PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;
         CREATE INDEX idx_t ON t(id);",
    );
    let mut kept = table("t");
    kept["existing"] = json!(true);
    for name in ["docs_data", "v", "idx_t"] {
        let result = generate(
            &path,
            json!([kept, table(name)]),
            json!({"dropTablesNotInSpec": false}),
        );
        assert!(
            has_error(&result, "DUPLICATE_NAME", |e| e.table.as_deref()
                == Some(name)),
            "{name}: {:?}",
            result.validation.errors
        );
    }
    // The spec lists t without idx_t, so t's change drops it (INDEX_NOT_IN_SPEC), before the
    // table takes the name; the down migration drops the table before making the index again.
    let result = generate(
        &path,
        json!([table("t"), table("idx_t")]),
        json!({"dropTablesNotInSpec": false}),
    );
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let up = &result.up_migration;
    let (drop, create) = (
        up.find("DROP INDEX"),
        up.find("CREATE TABLE IF NOT EXISTS idx_t"),
    );
    assert!(drop.is_some() && drop < create, "{up}");
    let down = &result.down_migration;
    let (drop, create) = (
        down.find("DROP TABLE IF EXISTS idx_t"),
        down.find("CREATE INDEX"),
    );
    assert!(drop.is_some() && drop < create, "{down}");
}

#[test]
fn a_table_named_anywhere_in_a_view_trigger_or_virtual_table_is_not_dropped() {
    for (what, sql) in [
        ("view 'v'", "CREATE VIEW v AS SELECT * FROM 'old';"),
        ("trigger 'trg'", "CREATE TRIGGER trg AFTER INSERT ON keep BEGIN INSERT INTO 'old'(note) VALUES ('x'); END;"),
        ("virtual table 'docs'", "CREATE VIRTUAL TABLE docs USING fts5(note, content='old', content_rowid='id');"),
    ] {
        let path = temp_db(
            "named",
            &format!("CREATE TABLE keep (id INTEGER PRIMARY KEY, note TEXT); CREATE TABLE old (id INTEGER PRIMARY KEY, note TEXT); {sql}"),
        );
        let result = generate(&path, json!([table("keep")]), json!({}));
        assert!(
            has_error(&result, "DEPENDENT_OBJECTS", |e| e.message.contains(&format!("the {what} names it"))
                && e.table.as_deref() == Some("old")),
            "{what}: {:?}",
            result.validation.errors
        );
    }
    // A name no spec can give (`old$1`) is kept anyway, with the view that reads it.
    let path = temp_db(
        "dollar",
        "CREATE TABLE \"old$1\" (id INTEGER PRIMARY KEY); CREATE VIEW v AS SELECT * FROM old$1;",
    );
    let result = generate(&path, json!([table("keep")]), json!({}));
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        !result.up_migration.contains("old$1"),
        "{}",
        result.up_migration
    );
}

#[test]
fn a_table_no_spec_can_name_is_kept() {
    // Prisma names tables `User`; a spec cannot (lowercase snake_case), so no spec could keep
    // it: it stays, and its foreign keys count as those of a table that stays.
    let path = temp_db(
        "unnameable",
        "CREATE TABLE keep (id INTEGER PRIMARY KEY, note TEXT);
         CREATE TABLE \"User\" (id INTEGER PRIMARY KEY); INSERT INTO \"User\" VALUES (1);
         CREATE TABLE \"order\" (id INTEGER PRIMARY KEY);
         CREATE TABLE knex_migrations_lock (\"index\" INTEGER PRIMARY KEY, is_locked INTEGER);
         INSERT INTO knex_migrations_lock VALUES (1, 0);
         CREATE TABLE posts (id INTEGER PRIMARY KEY, \"createdAt\" TEXT);",
    );
    let result = generate(&path, json!([table("keep")]), json!({}));
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(result.up_migration.is_empty(), "{}", result.up_migration);
    let kept: Vec<(&str, &str)> = result
        .validation
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "TABLE_NOT_IN_SPEC")
        .map(|w| (w.table.as_deref().unwrap(), w.message.as_str()))
        .collect();
    let names: Vec<&str> = kept.iter().map(|(t, _)| *t).collect();
    assert_eq!(names, ["User", "order", "knex_migrations_lock", "posts"]);
    // A table with a column no spec can name (a reserved word, camelCase) is kept too: the
    // validation's suggestion for such a column is to leave the table out of the spec.
    assert!(
        kept[2]
            .1
            .contains("its column 'index' has a name a spec cannot give"),
        "{}",
        kept[2].1
    );
    assert!(
        kept[3]
            .1
            .contains("its column 'createdAt' has a name a spec cannot give"),
        "{}",
        kept[3].1
    );
    let path = temp_db(
        "unnameable-fk",
        "CREATE TABLE old (id INTEGER PRIMARY KEY);
         CREATE TABLE \"Post\" (id INTEGER PRIMARY KEY, old_id INTEGER REFERENCES old(id));",
    );
    let result = generate(&path, json!([table("keep")]), json!({}));
    assert!(
        has_error(&result, "DEPENDENT_OBJECTS", |e| e
            .message
            .contains("of 'Post' references 'old'")),
        "{:?}",
        result.validation.errors
    );
}

#[test]
fn a_stored_text_ending_in_a_comment_comes_back_as_it_was() {
    let path = temp_db(
        "comment",
        "CREATE TABLE keep (id INTEGER PRIMARY KEY, note TEXT);
         CREATE TABLE old (id INTEGER PRIMARY KEY, x INTEGER);
         CREATE INDEX i_open ON old(x) /* still open",
    );
    {
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        conn.execute_batch("CREATE INDEX i_live ON old(x) WHERE x > 0 -- live rows")
            .unwrap();
        let texts: Vec<String> = master(&conn).into_iter().map(|(_, _, sql)| sql).collect();
        assert!(
            texts.iter().any(|t| t.ends_with("-- live rows")),
            "{texts:?}"
        );
    }
    let result = generate(&path, json!([table("keep")]), json!({}));
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let before = master(&conn);
    conn.execute_batch(&result.up_migration).unwrap();
    conn.execute_batch(&result.down_migration)
        .unwrap_or_else(|e| panic!("down failed: {e}\n{}", result.down_migration));
    // As they were, but for what ends the comment: the line break after a `--` comment (SQLite
    // keeps what comes before the `;`), the `*/` a `/*` comment needed.
    let after: Vec<(String, String, String)> = master(&conn)
        .into_iter()
        .map(|(ty, name, sql)| {
            let sql = match name.as_str() {
                "i_live" => sql.strip_suffix('\n').map(str::to_string),
                "i_open" => sql.strip_suffix(" */").map(str::to_string),
                _ => Some(sql),
            };
            (ty, name, sql.expect("the comment's end"))
        })
        .collect();
    assert_eq!(after, before);
}

#[test]
fn a_table_made_after_generation_that_references_a_dropped_one_rolls_the_drops_back() {
    // Generated while nothing else referenced `old_orders`; before the migration runs, someone
    // adds a table whose foreign key references it: RESTRICT (which would fail the DROP half-way
    // and leave the SAVEPOINT open) or NO ACTION (which would leave its rows pointing at a table
    // that is gone). Either way the guard rolls everything back, no transaction stays open,
    // and the database (with the FTS5 table, which the guard skips) is as it was.
    for action in ["RESTRICT", "NO ACTION"] {
        let path = temp_db(
            &format!("late-{}", action.replace(' ', "_")),
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
             CREATE TABLE old_orders (id INTEGER PRIMARY KEY, total INTEGER);
             CREATE VIRTUAL TABLE docs USING fts5(body);
             INSERT INTO old_orders VALUES (1, 10);",
        );
        let result = generate(&path, json!([users()]), json!({}));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE refunds (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES old_orders(id) ON DELETE {action});
             INSERT INTO refunds VALUES (1, 1);"
        ))
        .unwrap();
        let before = master(&conn);
        let err = conn.execute_batch(&result.up_migration).unwrap_err();
        assert!(
            err.to_string()
                .contains("CHECK constraint failed: foreign_keys_into_dropped_tables = 0"),
            "{action}: {err}"
        );
        assert!(conn.is_autocommit(), "{action}: a transaction stayed open");
        assert_eq!(master(&conn), before, "{action}");
        assert_eq!(count(&conn, "old_orders"), 1);
        assert_eq!(count(&conn, "refunds"), 1);
        // Without the late table the same migration runs.
        conn.execute_batch("DROP TABLE refunds;").unwrap();
        conn.execute_batch(&result.up_migration).unwrap();
        assert!(conn
            .prepare("SELECT 1 FROM old_orders")
            .unwrap_err()
            .to_string()
            .contains("no such table"));
    }
}

/// The `sqlite_sequence` counters of `conn`, as (name, seq), by name.
fn counters(conn: &Connection) -> Vec<(String, i64)> {
    let mut stmt = conn
        .prepare("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows
}

/// Runs `sql` on the file at `path` (foreign keys on, as an application runs), panicking with
/// the script when SQLite refuses it.
fn run(path: &std::path::Path, sql: &str) {
    let conn = migration_generator::sqlite_memory::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(sql)
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

fn keep() -> Value {
    json!({"name": "keep", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "v", "type": "TEXT", "nullable": true}
    ]})
}

/// The migration from the spec of `previous` tables to that of `next` (previousSpec, SQLite,
/// with allowDataLoss and dropTablesNotInSpec).
fn from_previous(previous: Value, next: Value) -> GeneratedMigration {
    let spec = |tables: Value| {
        json!({"description": "change", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z",
               "allowDataLoss": true, "dropTablesNotInSpec": true, "tables": tables})
    };
    let mut s = spec(next);
    s["previousSpec"] = spec(previous);
    generate_str(&s.to_string())
}

/// `keep` with a TEXT key: no AUTOINCREMENT.
fn text_keep() -> Value {
    json!({"name": "keep", "timestamps": false, "columns": [
        {"name": "k", "type": "TEXT", "nullable": false},
        {"name": "v", "type": "TEXT", "nullable": true}
    ], "primaryKey": ["k"]})
}

/// The table `counted`: an AUTOINCREMENT key `id`, or (`autoincrement` false) its key moved to
/// `code`, which takes AUTOINCREMENT off.
fn counted(autoincrement: bool) -> Value {
    let mut t = json!({"name": "counted", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": autoincrement},
        {"name": "code", "type": "TEXT", "nullable": false}
    ]});
    if !autoincrement {
        t["primaryKey"] = json!(["code"]);
    }
    t
}

/// A dropped table's `sqlite_sequence` counter goes with it, so that a table created later
/// under its name counts from 1. SQLite deletes the counter of an AUTOINCREMENT table itself on
/// `DROP TABLE` (checked here on the bundled SQLite); a table that lost AUTOINCREMENT keeps
/// its counter under its name (the rebuild keeps it for the down migration, see
/// `sqlite_previous`), which `DROP TABLE` left: the table made again continued from it. The
/// down migration creates the table again as it was, empty, without the counter (whose rows are
/// gone); a database without `sqlite_sequence` gets no statement that names it.
#[test]
fn a_dropped_table_s_counter_goes_with_it() {
    // As stated: an AUTOINCREMENT table dropped.
    const ROWS: &str = "INSERT INTO counted (code) VALUES ('a'), ('b'), ('c'), ('d'), ('e');
        DELETE FROM counted WHERE id = 5;";
    let setup = format!(
        "CREATE TABLE keep (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
        CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL); {ROWS}"
    );
    let path = temp_db("counter-autoincrement", &setup);
    let dropped = generate(&path, json!([keep()]), json!({}));
    assert!(dropped.validation.valid, "{:?}", dropped.validation.errors);
    // Its DATA_LOSS says the counter starts again, as it does below (the row written after the
    // down migration takes id 1, which the lost row 'a' had).
    let loss: Vec<&str> = (dropped.validation.warnings.iter())
        .filter(|w| w.code == Code::DataLoss && w.table.as_deref() == Some("counted"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(loss, ["the table 'counted' is not in the spec and is dropped with its rows, indexes and triggers (dropTablesNotInSpec, allowDataLoss); the down migration creates it again, empty, its AUTOINCREMENT counter starting again from 1 (its sqlite_sequence row goes with the drop, and the down migration does not put its value back): new rows can take the ids of the rows lost; it holds 4 rows now"]);
    run(&path, &dropped.up_migration);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_eq!(counters(&conn), []);
    drop(conn);
    run(&path, &dropped.down_migration);
    run(&path, "INSERT INTO counted (code) VALUES ('again');");
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_eq!(counters(&conn), [("counted".to_string(), 1)]);
    let again: i64 = (conn.query_row("SELECT id FROM counted WHERE code = 'again'", [], |r| {
        r.get(0)
    }))
    .unwrap();
    assert_eq!(again, 1);
    drop(conn);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());

    // A table that lost AUTOINCREMENT (a migration from previousSpec: against the file such a
    // change is refused), with its counter kept; then dropped, from the file or from
    // previousSpec.
    // Also where no table has AUTOINCREMENT any more (`keep` with a TEXT key): the file still
    // has sqlite_sequence, and the counter — from previousSpec too, whose database made in
    // memory has no sqlite_sequence then (its counter stayed, and the table made again counted
    // on from it).
    for (from_previous_spec, keep) in [
        (false, keep()),
        (true, keep()),
        (false, text_keep()),
        (true, text_keep()),
    ] {
        // The file as the generator creates it, so that previousSpec describes it.
        let path = temp_db(
            &format!(
                "counter-kept-{from_previous_spec}-{}",
                keep["columns"][0]["type"].as_str().unwrap()
            ),
            "",
        );
        let create = generate_str(
            &json!({"description": "create", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z",
                    "tables": [keep.clone(), counted(true)]})
            .to_string(),
        );
        run(&path, &create.up_migration);
        run(&path, ROWS);
        let lost = from_previous(
            json!([keep.clone(), counted(true)]),
            json!([keep.clone(), counted(false)]),
        );
        assert!(lost.validation.valid, "{:?}", lost.validation.errors);
        run(&path, &lost.up_migration);
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        assert_eq!(
            counters(&conn),
            [("counted".to_string(), 5)],
            "the counter is kept"
        );
        let text: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'counted'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!text.contains("AUTOINCREMENT"), "{text}");
        drop(conn);
        let dropped = if from_previous_spec {
            from_previous(json!([keep.clone(), counted(false)]), json!([keep.clone()]))
        } else {
            generate(&path, json!([keep.clone()]), json!({}))
        };
        assert!(dropped.validation.valid, "{:?}", dropped.validation.errors);
        run(&path, &dropped.up_migration);
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        assert_eq!(counters(&conn), [], "{}", dropped.up_migration);
        drop(conn);
        if from_previous_spec {
            // Made again with AUTOINCREMENT: its keys count from 1.
            let made = from_previous(json!([keep.clone()]), json!([keep.clone(), counted(true)]));
            assert!(made.validation.valid, "{:?}", made.validation.errors);
            run(&path, &made.up_migration);
            run(&path, "INSERT INTO counted (code) VALUES ('new');");
            let conn = migration_generator::sqlite_memory::open(&path).unwrap();
            let id: i64 = conn
                .query_row("SELECT id FROM counted WHERE code = 'new'", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(id, 1, "continued from the dropped table's counter");
            drop(conn);
            let _ = std::fs::remove_dir_all(path.parent().unwrap());
            continue;
        }
        // Down: the table as it was, empty; no counter is made up for it.
        run(&path, &dropped.down_migration);
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        assert_eq!(count(&conn, "counted"), 0);
        assert_eq!(counters(&conn), []);
        drop(conn);
        run(&path, &dropped.up_migration);
        // Made again with AUTOINCREMENT: its keys count from 1.
        let made = generate(&path, json!([keep.clone(), counted(true)]), json!({}));
        assert!(made.validation.valid, "{:?}", made.validation.errors);
        run(&path, &made.up_migration);
        run(&path, "INSERT INTO counted (code) VALUES ('new');");
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        let id: i64 = conn
            .query_row("SELECT id FROM counted WHERE code = 'new'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(
            id, 1,
            "the new table's key continued from the dropped one's counter"
        );
        drop(conn);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    // No sqlite_sequence at all: the drop does not name it (it would fail).
    let path = temp_db(
        "counter-none",
        "CREATE TABLE keep (id INTEGER PRIMARY KEY, v TEXT);
         CREATE TABLE counted (id INTEGER PRIMARY KEY, code TEXT NOT NULL);
         INSERT INTO counted (code) VALUES ('a');",
    );
    let plain = json!({"name": "keep", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "v", "type": "TEXT", "nullable": true}
    ]});
    let dropped = generate(&path, json!([plain]), json!({}));
    assert!(dropped.validation.valid, "{:?}", dropped.validation.errors);
    assert!(
        !dropped.up_migration.contains("sqlite_sequence"),
        "{}",
        dropped.up_migration
    );
    run(&path, &dropped.up_migration);
    run(&path, &dropped.down_migration);
    // From previousSpec, which cannot say whether the file has sqlite_sequence: a spec pulled
    // from this file says autoIncrement for its rowid keys (introspect), so the database made
    // in memory from it has sqlite_sequence where the file has none. The drop runs on the file
    // all the same (a DELETE FROM sqlite_sequence there failed: "no such table").
    let counted_plain = json!({"name": "counted", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "code", "type": "TEXT", "nullable": false}
    ]});
    let dropped = from_previous(json!([plain.clone(), counted_plain]), json!([plain]));
    assert!(dropped.validation.valid, "{:?}", dropped.validation.errors);
    run(&path, &dropped.up_migration);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_eq!(counters(&conn), []);
    drop(conn);
    run(&path, &dropped.down_migration);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_eq!(count(&conn, "counted"), 0);
    drop(conn);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// A key that loses `autoIncrement` from previousSpec is rebuilt keeping its `sqlite_sequence`
/// counter under the table's name. Under a spec pulled from a file (`autoIncrement` for a rowid
/// key without AUTOINCREMENT), the file has no `sqlite_sequence`, and the rebuild's statements
/// that keep the counter failed there ("no such table: sqlite_sequence"): they run on the file,
/// the rows stay, and down gives them back.
#[test]
fn a_key_losing_autoincrement_from_a_pulled_spec_runs_on_a_file_without_sqlite_sequence() {
    let path = temp_db(
        "counter-pulled",
        "CREATE TABLE keep (id INTEGER PRIMARY KEY, v TEXT);
         CREATE TABLE counted (id INTEGER PRIMARY KEY, code TEXT NOT NULL);
         INSERT INTO counted (code) VALUES ('a'), ('b');",
    );
    let pulled = |autoincrement: bool| {
        json!([
            {"name": "keep", "timestamps": false, "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
                {"name": "v", "type": "TEXT", "nullable": true}]},
            {"name": "counted", "timestamps": false, "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": autoincrement},
                {"name": "code", "type": "TEXT", "nullable": false}]}
        ])
    };
    let lost = from_previous(pulled(true), pulled(false));
    assert!(lost.validation.valid, "{:?}", lost.validation.errors);
    assert!(
        lost.up_migration.contains("sqlite_sequence"),
        "{}",
        lost.up_migration
    );
    run(&path, &lost.up_migration);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_eq!(count(&conn, "counted"), 2);
    assert_eq!(counters(&conn), []);
    drop(conn);
    run(&path, &lost.down_migration);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_eq!(count(&conn, "counted"), 2);
    drop(conn);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}
