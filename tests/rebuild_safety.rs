//! Table rebuilds and the other ALTER paths against real SQLite files holding rows, for the
//! ways a migration could lose or silently change data: a copy that fails under a runner that
//! carries on after errors (the `sqlite3` shell reading a file), values converted by a rebuild
//! the user did not ask to convert, clauses a rebuild would drop, and names that clash with what
//! the database already has.

#[path = "common/damaged_files.rs"]
mod damaged_files;

use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::path::PathBuf;

/// A new database file holding `sql`.
fn database(name: &str, sql: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mg-safety-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    migration_generator::sqlite_memory::open(&path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
    path
}

/// The migration of `tables` against the file at `path`.
fn generate(path: &std::path::Path, tables: Value, allow_data_loss: bool) -> GeneratedMigration {
    generate_str(
        &json!({
            "description": "change", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
            "now": "2026-02-09T12:00:00Z", "allowDataLoss": allow_data_loss, "tables": tables
        })
        .to_string(),
    )
}

/// `specFromDatabase`'s answer for the file at `path` (`{ ok, spec }` or `{ ok, error }`).
fn pull(path: &std::path::Path) -> Value {
    serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        None,
    ))
    .unwrap()
}

fn codes(list: &[migration_generator::report::Issue]) -> Vec<&str> {
    list.iter().map(|i| i.code.as_str()).collect()
}

/// The statements of `sql`, split where SQLite's shell splits them (`sqlite3_complete`).
fn statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in sql.lines() {
        current.push_str(line);
        current.push('\n');
        let text = std::ffi::CString::new(current.clone()).unwrap();
        // SAFETY: a NUL-terminated string that outlives the call.
        if unsafe { rusqlite::ffi::sqlite3_complete(text.as_ptr()) } != 0 {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// Runs `sql` as the `sqlite3` shell runs a file: every statement, an error reported and the
/// next statement run anyway. Returns how many statements failed.
fn run_carrying_on(conn: &Connection, sql: &str) -> usize {
    statements(sql)
        .iter()
        .filter(|s| conn.execute_batch(s).is_err())
        .count()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The `seq` table's AUTOINCREMENT counter is 3 (its highest id ever, a deleted row's), so the
/// next row gets 4, not a reused 3.
fn assert_counter_at_3(conn: &Connection) {
    assert_eq!(
        count(conn, "SELECT seq FROM sqlite_sequence WHERE name = 'seq'"),
        3
    );
    conn.execute("INSERT INTO seq (v) VALUES ('d')", [])
        .unwrap();
    assert_eq!(count(conn, "SELECT max(id) FROM seq"), 4);
}

/// Every object of the database as `type name sql`, by name.
fn schema_text(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn tables_named_like_old(conn: &Connection) -> i64 {
    count(
        conn,
        "SELECT count(*) FROM sqlite_master WHERE name LIKE '_mg_old_%'",
    )
}

/// The migration of `tables` against the file at `path`, valid, which rebuilds `table`.
fn generate_rebuild(path: &std::path::Path, tables: Value, table: &str) -> GeneratedMigration {
    let result = generate(path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        result.up_migration.contains(&format!("_mg_old_{table}")),
        "{}",
        result.up_migration
    );
    result
}

/// The columns of the table `table` in a spec's `tables` (a pulled spec, edited by a test).
fn columns_of<'a>(tables: &'a mut Value, table: &str) -> &'a mut Vec<Value> {
    let t = tables
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["name"] == table)
        .unwrap();
    t["columns"].as_array_mut().unwrap()
}

/// Runs `migration` on `conn` the way one runner does — stopping at the first error, or
/// carrying on after errors (the `sqlite3` shell) — and asserts that the stale-table check
/// refused it: no transaction left open, the schema as it was, no renamed table left over.
fn assert_refused_as_stale(conn: &Connection, migration: &str, carry_on: bool, what: &str) {
    let before = schema_text(conn);
    if carry_on {
        assert!(run_carrying_on(conn, migration) > 0, "{what}: it ran");
    } else {
        let err = conn.execute_batch(migration).unwrap_err();
        assert!(
            err.to_string()
                .contains("table_changed_since_this_migration_was_generated"),
            "{what}: {err}"
        );
        assert!(conn.is_autocommit(), "{what}: a transaction was left open");
    }
    assert_eq!(
        schema_text(conn),
        before,
        "{what} (carrying on: {carry_on}): the schema changed"
    );
    assert_eq!(tables_named_like_old(conn), 0, "{what}");
}

fn users_spec(name_nullable: bool, check: Option<&str>) -> Value {
    let mut t = json!({"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": false},
        {"name": "name", "type": "TEXT", "nullable": name_nullable}]});
    if let Some(c) = check {
        t["checkConstraints"] = json!([{"name": "chk_users_name", "expression": c}]);
    }
    json!([t])
}

const USERS_WITH_A_NULL: &str =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT);
INSERT INTO users VALUES (1, 'a@x', 'Ann'), (2, 'b@x', NULL), (3, 'c@x', 'Cy');";

#[test]
fn a_copy_refused_by_the_new_table_loses_no_row_even_when_the_runner_carries_on() {
    // NOT NULL added to a column holding a NULL, and a CHECK that a row breaks.
    for (name, tables) in [
        ("not_null", users_spec(false, None)),
        ("check", users_spec(true, Some("length(name) > 2"))),
    ] {
        let path = database(name, USERS_WITH_A_NULL);
        let result = generate(&path, tables, false);
        assert!(
            result.validation.valid,
            "{name}: {:?}",
            result.validation.errors
        );
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        assert!(
            run_carrying_on(&conn, &result.up_migration) > 0,
            "{name}: nothing failed"
        );
        assert_eq!(
            count(&conn, "SELECT count(*) FROM users"),
            3,
            "{name}: rows lost"
        );
        assert_eq!(
            count(&conn, "SELECT count(*) FROM users WHERE name IS NULL"),
            1,
            "{name}"
        );
        assert_eq!(
            tables_named_like_old(&conn),
            0,
            "{name}: old table left behind"
        );
        // Inside a caller's transaction too.
        let tx = format!("BEGIN;\n{}\nCOMMIT;\n", result.up_migration);
        assert!(run_carrying_on(&conn, &tx) > 0);
        assert_eq!(
            count(&conn, "SELECT count(*) FROM users"),
            3,
            "{name}: rows lost in a transaction"
        );
        // A runner that stops at the first error leaves everything as it was.
        assert!(conn.execute_batch(&result.up_migration).is_err());
        assert!(conn.is_autocommit(), "{name}: a transaction was left open");
        assert_eq!(count(&conn, "SELECT count(*) FROM users"), 3);
        assert_eq!(tables_named_like_old(&conn), 0);
    }
}

#[test]
fn a_parent_rebuild_run_with_foreign_keys_on_keeps_the_children_even_when_the_runner_carries_on() {
    let path = database(
        "cascade",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE);
INSERT INTO users VALUES (1, 'a'), (2, NULL);
INSERT INTO orders VALUES (1, 1), (2, 1), (3, 2);",
    );
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "name", "type": "TEXT", "nullable": true, "default": "anon"}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let tx = format!("BEGIN;\n{}\nCOMMIT;\n", result.up_migration);
    assert!(run_carrying_on(&conn, &tx) > 0, "the guard did not fire");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM orders"),
        3,
        "children deleted"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM users"), 2);
    assert_eq!(tables_named_like_old(&conn), 0);
    // Run as intended (outside a transaction), it works and keeps every child.
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM orders"), 3);
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%DEFAULT ''anon''%'"
        ) == 1
    );
}

/// A rebuild generated on one branch and run after another branch's migration changed the
/// table (a teammate's column, index or trigger, or a table that now references it): it copied
/// only the columns it knew and recreated only the indexes it knew, losing the others with their
/// values, and with foreign keys on it deleted the new referencing table's rows. Now it rolls
/// back, with a runner that stops and one that carries on, and the table keeps everything.
#[test]
fn a_rebuild_run_after_another_migration_changed_its_table_rolls_back_and_loses_nothing() {
    const BASE: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO users VALUES (1, 'a'), (2, NULL);";
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "name", "type": "TEXT", "nullable": true, "default": "anon"}]}]);
    let path = database("stale", BASE);
    let result = generate_rebuild(&path, tables, "users");
    let changes = [
        ("a column", "ALTER TABLE users ADD COLUMN bio TEXT; UPDATE users SET bio = 'kept';"),
        ("an index", "CREATE INDEX idx_users_name ON users(name);"),
        ("a trigger", "CREATE TABLE log (x); CREATE TRIGGER users_log AFTER INSERT ON users BEGIN INSERT INTO log VALUES (new.id); END;"),
        ("a referencing table", "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE); INSERT INTO posts VALUES (1, 1), (2, 2);"),
        // The copy reads the column: without the check first, "no such column" left a runner
        // that stops there inside the transaction with the table renamed.
        ("a dropped column", "ALTER TABLE users DROP COLUMN name;"),
        ("a renamed column", "ALTER TABLE users RENAME COLUMN name TO full_name;"),
        // A teammate's rebuild that kept the columns' names but not what they say.
        ("a column made NOT NULL with a default", "CREATE TABLE users2 (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'x'); INSERT INTO users2 SELECT id, ifnull(name, 'x') FROM users; DROP TABLE users; ALTER TABLE users2 RENAME TO users;"),
    ];
    for (what, change) in changes {
        for carry_on in [false, true] {
            let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
            conn.execute_batch(&format!("PRAGMA foreign_keys = ON; {BASE} {change}"))
                .unwrap();
            assert_refused_as_stale(&conn, &result.up_migration, carry_on, what);
            assert_eq!(count(&conn, "SELECT count(*) FROM users"), 2, "{what}");
            if what == "a column" {
                assert_eq!(
                    count(&conn, "SELECT count(*) FROM users WHERE bio = 'kept'"),
                    2
                );
            }
            if what == "a referencing table" {
                assert_eq!(
                    count(&conn, "SELECT count(*) FROM posts"),
                    2,
                    "children deleted"
                );
            }
        }
    }
    // On the database it was generated from, it runs.
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM users WHERE name = 'a'"),
        1
    );
}

/// The keys `PRAGMA table_info` does not show: a teammate's rebuild that added or dropped a
/// UNIQUE constraint or a foreign key, or changed a key's action, and an index redefined under
/// its name (other columns, UNIQUE, partial). A rebuild generated before would have put the
/// table back as it knew it, silently undoing the teammate's change; now it rolls back. On the
/// database it was generated from it runs, with foreign keys on or off (on, SQLite's rename
/// rewrites the table's reference to itself).
#[test]
fn a_rebuild_run_after_another_migration_changed_its_keys_rolls_back() {
    const TEAMS: &str =
        "CREATE TABLE teams (id INTEGER PRIMARY KEY); INSERT INTO teams VALUES (1);";
    let users = |extra: &str, team_action: &str| {
        format!("CREATE TABLE users (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams(id) ON DELETE {team_action}, boss_id INTEGER REFERENCES users(id), email TEXT, name TEXT, UNIQUE (team_id, email){extra});")
    };
    const INDEX: &str = "CREATE INDEX idx_users_name ON users(name);";
    const ROWS: &str = "INSERT INTO users VALUES (1, 1, NULL, 'a@x', 'a'), (2, 1, 1, 'b@x', NULL);";
    let base = format!("{TEAMS} {} {INDEX} {ROWS}", users("", "CASCADE"));
    // A teammate's rebuild of `users` into `definition`, as SQLite's documentation gives it.
    let rebuilt = |definition: String| {
        format!("PRAGMA foreign_keys = OFF; {} INSERT INTO users_new SELECT * FROM users; DROP TABLE users; ALTER TABLE users_new RENAME TO users; {INDEX} PRAGMA foreign_keys = ON;",
            definition.replacen("CREATE TABLE users ", "CREATE TABLE users_new ", 1).replace("REFERENCES users(", "REFERENCES users_new("))
    };
    let path = database("stale_keys", &base);
    let mut spec = pull(&path)["spec"]["tables"].clone();
    let name = columns_of(&mut spec, "users")
        .iter_mut()
        .find(|c| c["name"] == "name")
        .unwrap();
    name["default"] = json!("anon");
    let result = generate_rebuild(&path, spec, "users");
    let changes = [
        ("a UNIQUE added", rebuilt(users(", UNIQUE (name)", "CASCADE"))),
        ("the UNIQUE dropped", rebuilt(users("", "CASCADE").replace(", UNIQUE (team_id, email)", ""))),
        ("the UNIQUE's columns changed", rebuilt(users("", "CASCADE").replace("UNIQUE (team_id, email)", "UNIQUE (email, team_id)"))),
        ("a foreign key added", rebuilt(users(", FOREIGN KEY (name) REFERENCES teams(id)", "CASCADE"))),
        ("a foreign key's ON DELETE changed", rebuilt(users("", "SET NULL"))),
        ("an index redefined on other columns", "DROP INDEX idx_users_name; CREATE INDEX idx_users_name ON users(email);".to_string()),
        ("an index made UNIQUE", "DROP INDEX idx_users_name; CREATE UNIQUE INDEX idx_users_name ON users(name);".to_string()),
        ("an index made partial", "DROP INDEX idx_users_name; CREATE INDEX idx_users_name ON users(name) WHERE name IS NOT NULL;".to_string()),
    ];
    for (what, change) in &changes {
        for carry_on in [false, true] {
            let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
            conn.execute_batch(&format!("PRAGMA foreign_keys = ON; {base} {change}"))
                .unwrap();
            assert_refused_as_stale(&conn, &result.up_migration, carry_on, what);
            assert_eq!(count(&conn, "SELECT count(*) FROM users"), 2, "{what}");
        }
    }
    // On the database it was generated from, it runs, with foreign keys on and off, and keeps
    // every key.
    for foreign_keys in ["ON", "OFF"] {
        let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(&format!("PRAGMA foreign_keys = {foreign_keys}; {base}"))
            .unwrap();
        conn.execute_batch(&result.up_migration)
            .unwrap_or_else(|e| panic!("foreign keys {foreign_keys}: {e}"));
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM users WHERE boss_id = 1 AND email = 'b@x'"
            ),
            1
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM pragma_foreign_key_list('users') WHERE \"table\" = 'users'"
            ),
            1
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM pragma_index_list('users') WHERE origin = 'u'"
            ),
            1
        );
        conn.execute_batch(&result.down_migration).unwrap();
    }
}

/// A down migration run after a later migration added a column to the table it rebuilds back
/// (a SQLite user trial: a rollback that is not last-in-first-out, or a teammate's migration
/// applied in between): it copied only the columns it knew, dropping that one with its values,
/// with exit code 0. Now it rolls back, with a runner that stops and one that carries on — for a
/// down that undoes a rebuild and one that undoes dropped columns. In order (a later migration's
/// rename of a referenced table undone first) it still runs.
#[test]
fn a_down_migration_run_after_its_table_changed_rolls_back_and_loses_nothing() {
    const BASE: &str = "CREATE TABLE teams (id INTEGER PRIMARY KEY); INSERT INTO teams VALUES (1);
CREATE TABLE items (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams(id), parent_id INTEGER REFERENCES items(id), qty INTEGER, old TEXT);
INSERT INTO items VALUES (1, 1, NULL, 1, 'a'), (2, 1, 1, 2, 'b'), (3, NULL, 2, 3, 'c');";
    let path = database("stale_down", BASE);
    let mut spec = pull(&path)["spec"]["tables"].clone();
    // A rebuild (INTEGER to REAL), and a drop of a column (ALTER TABLE … DROP COLUMN).
    let mut rebuilt_spec = spec.clone();
    let qty = columns_of(&mut rebuilt_spec, "items")
        .iter_mut()
        .find(|c| c["name"] == "qty")
        .unwrap();
    qty["type"] = json!("REAL");
    columns_of(&mut spec, "items").retain(|c| c["name"] != "old");
    let migrations = [
        ("a rebuild", generate(&path, rebuilt_spec, false)),
        ("dropped columns", generate(&path, spec, true)),
    ];
    for (what, result) in &migrations {
        assert!(
            result.validation.valid,
            "{what}: {:?}",
            result.validation.errors
        );
        assert!(
            result.down_migration.contains("_mg_old_items"),
            "{what}: {}",
            result.down_migration
        );
        for foreign_keys in ["ON", "OFF"] {
            for carry_on in [false, true] {
                let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
                conn.execute_batch(&format!("PRAGMA foreign_keys = {foreign_keys}; {BASE}"))
                    .unwrap();
                conn.execute_batch(&result.up_migration).unwrap();
                conn.execute_batch("ALTER TABLE items ADD COLUMN note TEXT; UPDATE items SET note = 'kept ' || id;")
                    .unwrap();
                let what = format!("{what}, foreign keys {foreign_keys}");
                assert_refused_as_stale(&conn, &result.down_migration, carry_on, &what);
                assert_eq!(
                    count(&conn, "SELECT count(*) FROM items WHERE note LIKE 'kept %'"),
                    3,
                    "{what}"
                );
            }
            // In order, it runs: a later migration renamed the referenced table, and its down
            // renamed it back (SQLite rewrote the reference quoted, "teams", both times).
            let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
            conn.execute_batch(&format!("PRAGMA foreign_keys = {foreign_keys}; {BASE}"))
                .unwrap();
            let start = schema_text(&conn);
            conn.execute_batch(&result.up_migration).unwrap();
            conn.execute_batch(
                "ALTER TABLE teams RENAME TO squads; ALTER TABLE squads RENAME TO teams;",
            )
            .unwrap();
            conn.execute_batch(&result.down_migration)
                .unwrap_or_else(|e| panic!("{what}, foreign keys {foreign_keys}: {e}"));
            assert_eq!(count(&conn, "SELECT count(*) FROM items"), 3);
            if *what == "a rebuild" {
                assert_eq!(schema_text(&conn).len(), start.len());
            }
        }
    }
}

/// From a review of the down migration's check: a table with an `ON DELETE SET DEFAULT` key
/// (which introspection reads as no action) could no longer have a column dropped — the check
/// refused the generator's own down migration; and a down whose file has CRLF line ends (a
/// Windows checkout) after an up run with LF ends, or the other way, was refused although
/// nothing changed (the compared text holds the table's line breaks).
#[test]
fn the_down_check_takes_set_default_keys_and_either_line_end() {
    const BASE: &str = "CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO p VALUES (0), (1);
CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER DEFAULT 0 REFERENCES p(id) ON DELETE SET DEFAULT, qty INTEGER, d TEXT);
INSERT INTO c VALUES (1, 1, 5, 'x'), (2, 0, 6, NULL);";
    let path = database("down_set_default", BASE);
    let pulled = pull(&path)["spec"]["tables"].clone();
    let with_c = |edit: &dyn Fn(&mut Vec<Value>)| {
        let mut tables = pulled.clone();
        edit(columns_of(&mut tables, "c"));
        tables
    };
    let dropped = generate(
        &path,
        with_c(&|cols| cols.retain(|c| c["name"] != "d")),
        true,
    );
    assert!(dropped.validation.valid, "{:?}", dropped.validation.errors);
    for foreign_keys in ["ON", "OFF"] {
        let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(&format!("PRAGMA foreign_keys = {foreign_keys}; {BASE}"))
            .unwrap();
        let before = schema_text(&conn);
        conn.execute_batch(&dropped.up_migration).unwrap();
        conn.execute_batch(&dropped.down_migration)
            .unwrap_or_else(|e| panic!("foreign keys {foreign_keys}: {e}"));
        assert_eq!(schema_text(&conn), before);
    }
    // A rebuild (INTEGER to TEXT is refused without allowDataLoss; a new default is not).
    let rebuilt = generate(
        &database(
            "down_crlf",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a');",
        ),
        json!([{"name": "users", "timestamps": false, "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "name", "type": "TEXT", "nullable": true, "default": "anon"}]}]),
        false,
    );
    assert!(rebuilt.validation.valid, "{:?}", rebuilt.validation.errors);
    // A table description with a parenthesis: its comment line comes before the CREATE TABLE,
    // which SQLite does not store (a review: the check compared from that parenthesis on and
    // refused the generator's own down migration).
    let described = generate(
        &database(
            "down_described",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a');",
        ),
        json!([{"name": "users", "timestamps": false, "description": "Accounts (one per person)", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "name", "type": "TEXT", "nullable": true, "default": "anon"}]}]),
        false,
    );
    assert!(
        described.validation.valid,
        "{:?}",
        described.validation.errors
    );
    assert!(
        described
            .up_migration
            .contains("-- Accounts (one per person)"),
        "{}",
        described.up_migration
    );
    let crlf = |sql: &str| sql.replace('\n', "\r\n");
    for (up, down) in [
        (rebuilt.up_migration.clone(), crlf(&rebuilt.down_migration)),
        (crlf(&rebuilt.up_migration), rebuilt.down_migration.clone()),
    ] {
        let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a');").unwrap();
        let before = schema_text(&conn);
        conn.execute_batch(&up).unwrap();
        conn.execute_batch(&down).unwrap();
        assert_eq!(schema_text(&conn), before);
    }
}

#[test]
fn type_changes_keep_values_a_wider_column_can_hold_and_down_gives_them_back() {
    let path = database(
        "widen_values",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER, tag INTEGER, price NUMERIC);
INSERT INTO items VALUES (1, 'n/a', x'CAFE', 'N/A'), (2, '', 7, 12.5), (3, 5, NULL, 3);",
    );
    let snapshot = |conn: &Connection| -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT quote(qty), typeof(qty), quote(tag), typeof(tag), quote(price), typeof(price) FROM items ORDER BY id")
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..6)
                    .map(|i| r.get::<_, String>(i).unwrap())
                    .collect::<Vec<_>>()
                    .join(" "))
            })
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    let before = snapshot(&migration_generator::sqlite_memory::open(&path).unwrap());
    let tables = json!([{"name": "items", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "qty", "type": "NUMERIC", "nullable": true},
        {"name": "tag", "type": "TEXT", "nullable": true},
        {"name": "price", "type": "TEXT", "nullable": true}]}]);
    // NUMERIC -> TEXT can lose a REAL's digits: refused unless allowed, then CAST; the
    // widening changes beside it are never CAST.
    let refused = generate(&path, tables.clone(), false);
    assert_eq!(codes(&refused.validation.errors), vec!["TYPE_NARROWING"]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        result
            .up_migration
            .contains("SELECT id, qty, tag, CAST(price AS TEXT) FROM"),
        "{}",
        result.up_migration
    );
    assert!(
        !result.down_migration.contains("CAST("),
        "{}",
        result.down_migration
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    let up: Vec<String> = snapshot(&conn);
    // Text stays text in the NUMERIC column, the blob stays a blob in the TEXT column.
    assert!(up[0].starts_with("'n/a' text X'CAFE' blob"), "{up:?}");
    assert!(up[1].starts_with("'' text '7' text"), "{up:?}");
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(snapshot(&conn), before, "down did not give the values back");
}

/// INTEGER -> REAL copies the values as they are, and the REAL column rounds integers beyond
/// ±2^53 (a user trial saw them change without a word): refused while rows hold such integers,
/// unless allowDataLoss; with integers a REAL holds, no word at all.
#[test]
fn integers_a_real_column_would_round_are_refused_without_allow_data_loss() {
    let path = database(
        "to_real",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, w INTEGER);
INSERT INTO t (w) VALUES (9007199254740993), (9223372036854775807), (12);",
    );
    let tables = json!([{"name": "t", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "w", "type": "REAL", "nullable": true}]}]);
    let refused = generate(&path, tables.clone(), false);
    assert_eq!(codes(&refused.validation.errors), vec!["TYPE_NARROWING"]);
    assert!(
        refused.validation.errors[0]
            .message
            .contains("2 rows hold integers beyond what a REAL holds exactly"),
        "{}",
        refused.validation.errors[0].message
    );
    assert!(refused.up_migration.is_empty());
    let allowed = generate(&path, tables.clone(), true);
    assert!(allowed.validation.valid, "{:?}", allowed.validation.errors);
    assert!(codes(&allowed.validation.warnings).contains(&"TYPE_NARROWING"));
    // Integers a REAL holds exactly: no word.
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("DELETE FROM t WHERE w > 1000;").unwrap();
    drop(conn);
    let fine = generate(&path, tables, false);
    assert!(fine.validation.valid, "{:?}", fine.validation.errors);
    assert!(
        !codes(&fine.validation.warnings).contains(&"TYPE_NARROWING"),
        "{:?}",
        fine.validation.warnings
    );
}

/// The down migration gives a dropped NOT NULL column one value in every row: the first string
/// its CHECK allows (it was '', which `kind IN ('a', 'b')` refused, and the down failed), and a
/// DOWN_DATA_LOSS warning when a foreign key or another CHECK may refuse that value.
#[test]
fn a_dropped_not_null_column_comes_back_with_a_value_its_check_takes() {
    let path = database(
        "refill",
        "CREATE TABLE p (id INTEGER PRIMARY KEY);
CREATE TABLE c (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a', 'b')),
  code TEXT NOT NULL CHECK (length(code) = 3), p_id INTEGER NOT NULL REFERENCES p(id), v TEXT);
INSERT INTO p VALUES (1);
INSERT INTO c VALUES (1, 'b', 'xyz', 1, 'v');",
    );
    let id = json!({"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true});
    let v = json!({"name": "v", "type": "TEXT", "nullable": true});
    let kept = |extra: Vec<Value>| {
        let mut columns = vec![id.clone(), v.clone()];
        columns.extend(extra);
        json!([{"name": "p", "timestamps": false, "columns": [id.clone()]},
               {"name": "c", "timestamps": false, "columns": columns}])
    };
    let p_id = json!({"name": "p_id", "type": "INTEGER", "nullable": false});
    let spec_without_kind = {
        let mut t = kept(vec![
            json!({"name": "code", "type": "TEXT", "nullable": false}),
            p_id.clone(),
        ]);
        t[1]["checkConstraints"] =
            json!([{"name": "chk_c_code", "expression": "length(code) = 3"}]);
        t[1]["foreignKeys"] =
            json!([{"columns": ["p_id"], "referencedTable": "p", "referencedColumns": ["id"]}]);
        t
    };
    let result = generate(&path, spec_without_kind, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        !codes(&result.validation.warnings).contains(&"DOWN_DATA_LOSS"),
        "{:?}",
        result.validation.warnings
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    run_with_foreign_keys(&conn, &result.up_migration);
    conn.execute_batch(&result.down_migration)
        .unwrap_or_else(|e| panic!("down failed: {e}\n{}", result.down_migration));
    let kind: String = conn
        .query_row("SELECT kind FROM c", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kind, "a", "the first string the CHECK allows");
    drop(conn);

    // Dropping code (CHECK length(code) = 3) or p_id (a foreign key): said.
    let result = generate(&path, kept(vec![]), true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let down = warning_messages(&result, "DOWN_DATA_LOSS");
    assert!(
        down.iter().any(|m| m.contains(
            "'code' back as '' in every row, which its CHECK (length(code) = 3) refuses"
        )),
        "{down:?}"
    );
    assert!(
        down.iter().any(|m| m.contains("'p_id' back as 0 in every row, which its foreign key to 'p' refuses unless that table has a row of that value")),
        "{down:?}"
    );
    assert!(!down.iter().any(|m| m.contains("'kind'")), "{down:?}");
}

/// A CHECK over the dropped column alone is asked whether it takes the value the down migration
/// brings the column back as: Django's JSONField (`JSON_VALID("doc") OR "doc" IS NULL`) refuses
/// '' (a user trial's down migration failed on every table with rows, told the CHECK "may
/// refuse"), `length(note) < 10` takes it (no warning), and a CHECK over two columns may refuse.
#[test]
fn a_check_over_a_dropped_column_alone_is_asked_about_its_fill() {
    let path = database(
        "refill_verdict",
        r#"CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT,
  doc text NOT NULL CHECK ((JSON_VALID("doc") OR "doc" IS NULL)),
  note TEXT NOT NULL CHECK (length(note) < 10),
  lo INTEGER NOT NULL, hi INTEGER NOT NULL, CHECK (lo <= hi + 1));
INSERT INTO c VALUES (1, 'v', '{}', 'n', 1, 2);"#,
    );
    let tables = json!([{"name": "c", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "v", "type": "TEXT", "nullable": true},
        {"name": "hi", "type": "INTEGER", "nullable": false}]}]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let down = warning_messages(&result, "DOWN_DATA_LOSS");
    assert!(
        down.iter().any(|m| m.contains(
            r#"'doc' back as '' in every row, which its CHECK ((JSON_VALID("doc") OR "doc" IS NULL)) refuses: the down migration then fails"#
        )),
        "{down:?}"
    );
    assert!(!down.iter().any(|m| m.contains("'note'")), "{down:?}");
    assert!(
        down.iter().any(|m| m
            .contains("'lo' back as 0 in every row, which its CHECK (lo <= hi + 1) may refuse")),
        "{down:?}"
    );
    // As said: the down migration fails on the CHECK of 'doc'.
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    let failed = conn.execute_batch(&result.down_migration).unwrap_err();
    assert!(
        failed.to_string().contains("CHECK constraint failed"),
        "{failed}"
    );
}

/// The CHECK is judged as SQLite judges one: a text result is a number, so `CHECK (doc)`
/// refuses '' (asked as `(doc) IS 0`, it was taken: a review). And the file's CHECK cannot make
/// the question slow: `instr()` over values of a megabyte took seconds a call (a review), where
/// the probe now runs no CHECK of more than 1,000 bytes or calling a function that makes a
/// value longer than it is given (printf), and makes no value past a kilobyte.
#[test]
fn a_dropped_columns_check_is_judged_as_sqlite_judges_it_and_quickly() {
    let slow =
        "instr(printf('%.*c', 1000000, 'a'), printf('%.*c', 500000, 'a') || doc || 'b1') = 0";
    let slow_check = vec![slow.replace("doc", "slow"); 8].join(" AND ");
    // No rows: the rows trial would run the CHECK on each (as SQLite does on every insert).
    let path = database(
        "refill_judged",
        &format!(
            "CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT, doc TEXT NOT NULL CHECK (doc),
  slow TEXT NOT NULL CHECK ({slow_check}));"
        ),
    );
    let tables = json!([{"name": "c", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "v", "type": "TEXT", "nullable": true}]}]);
    let started = std::time::Instant::now();
    let result = generate(&path, tables, true);
    // A bound for a hang, not a speed measure: the question takes milliseconds.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let down = warning_messages(&result, "DOWN_DATA_LOSS");
    assert!(
        down.iter()
            .any(|m| m.contains("'doc' back as '' in every row, which its CHECK (doc) refuses")),
        "{down:?}"
    );
    assert!(
        down.iter().any(
            |m| m.contains("'slow' back as '' in every row, which its CHECK")
                && m.contains("may refuse")
        ),
        "{down:?}"
    );
}

#[test]
fn a_rebuild_keeps_the_declared_type_and_values_of_columns_whose_type_does_not_change() {
    let path = database(
        "declared",
        "CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME, day DATE, payload JSON, name TEXT);
INSERT INTO events VALUES (1, 1700000000, 20240101, 5, 'a');",
    );
    let tables = json!([{"name": "events", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "at", "type": "DATETIME", "nullable": true},
        {"name": "day", "type": "DATE", "nullable": true},
        {"name": "name", "type": "TEXT", "nullable": true, "default": "x"}]}]);
    let result = generate(&path, tables.clone(), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(codes(&result.validation.warnings).contains(&"COLUMN_NOT_IN_SPEC"));
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'events'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for declared in ["at DATETIME", "day DATE", "payload JSON", "DEFAULT 'x'"] {
        assert!(sql.contains(declared), "{declared} missing from {sql}");
    }
    let types: String = conn
        .query_row(
            "SELECT typeof(at) || typeof(day) || typeof(payload) FROM events",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(types, "integerintegerinteger");
    drop(conn);
    let again = generate(&path, tables, false);
    assert!(again.validation.valid, "{:?}", again.validation.errors);
    assert_eq!(
        format!("{:?}", again.metadata.operations[0].operation),
        "Skip",
        "{}",
        again.up_migration
    );
}

#[test]
fn clauses_the_spec_cannot_say_block_a_rebuild_and_unchanged_indexes_keep_their_text() {
    let path = database(
        "clauses",
        "CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE kids (id INTEGER PRIMARY KEY, code TEXT UNIQUE ON CONFLICT REPLACE, note TEXT);
CREATE TABLE later (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents(id) ON DELETE SET DEFAULT, note TEXT);
CREATE TABLE logs (id INTEGER PRIMARY KEY, ts TEXT, email TEXT, note TEXT);
CREATE INDEX ix_logs_ts ON logs(ts DESC);
CREATE UNIQUE INDEX ux_logs_email ON logs(email COLLATE NOCASE);",
    );
    let with_note_default = |name: &str, extra: Value| {
        let mut cols = vec![
            json!({"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true}),
            json!({"name": "note", "type": "TEXT", "nullable": true, "default": "n"}),
        ];
        if let Value::Array(more) = extra {
            cols.extend(more);
        }
        json!({"name": name, "columns": cols})
    };
    for (table, extra) in [
        (
            "kids",
            json!([{"name": "code", "type": "TEXT", "nullable": true, "unique": true}]),
        ),
        (
            "later",
            json!([{"name": "parent_id", "type": "INTEGER", "nullable": true}]),
        ),
    ] {
        let mut t = with_note_default(table, extra);
        if table == "later" {
            t["foreignKeys"] = json!([{"columns": ["parent_id"], "referencedTable": "parents", "referencedColumns": ["id"]}]);
        }
        let result = generate(&path, json!([t]), false);
        assert!(
            codes(&result.validation.errors).contains(&"UNSUPPORTED_FEATURE"),
            "{table}: {:?}",
            result.validation.errors
        );
    }
    let mut logs = with_note_default(
        "logs",
        json!([{"name": "ts", "type": "TEXT", "nullable": true}, {"name": "email", "type": "TEXT", "nullable": true}]),
    );
    logs["indexes"] = json!([
        {"name": "ix_logs_ts", "columns": ["ts"], "unique": false},
        {"name": "ux_logs_email", "columns": ["email"], "unique": true}]);
    let result = generate(&path, json!([logs]), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        result.up_migration.contains("ON logs(ts DESC)"),
        "{}",
        result.up_migration
    );
    assert!(
        result.up_migration.contains("(email COLLATE NOCASE)"),
        "{}",
        result.up_migration
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    conn.execute("INSERT INTO logs (email) VALUES ('a@x')", [])
        .unwrap();
    assert!(conn
        .execute("INSERT INTO logs (email) VALUES ('A@X')", [])
        .is_err());
}

#[test]
fn dropping_a_unique_another_table_references_is_refused() {
    let path = database(
        "referenced_unique",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_email TEXT NOT NULL REFERENCES users(email));",
    );
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": false, "unique": false},
        {"name": "name", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, false);
    assert!(
        codes(&result.validation.errors).contains(&"DEPENDENT_OBJECTS"),
        "{:?}",
        result.validation
    );
    assert!(result.up_migration.is_empty());
}

#[test]
fn a_unique_column_kept_outside_the_spec_is_left_alone() {
    let path = database(
        "kept_unique",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT);
INSERT INTO users VALUES (1, 'a@x', 'a');",
    );
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "name", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables.clone(), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert_eq!(
        format!("{:?}", result.metadata.operations[0].operation),
        "Skip",
        "{}",
        result.up_migration
    );
    assert!(codes(&result.validation.warnings).contains(&"COLUMN_NOT_IN_SPEC"));
    // A rebuild for another reason keeps the column's UNIQUE, and the next run is a SKIP.
    let mut changed = tables.clone();
    changed[0]["columns"][1]["default"] = json!("n");
    let result = generate(&path, changed.clone(), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert!(conn
        .execute("INSERT INTO users (email) VALUES ('a@x')", [])
        .is_err());
    drop(conn);
    let again = generate(&path, changed, false);
    assert_eq!(
        format!("{:?}", again.metadata.operations[0].operation),
        "Skip",
        "{}",
        again.up_migration
    );
}

/// A column the database keeps though the spec leaves it out keeps its foreign key and CHECK
/// through a rebuild made for another reason (a user trial found both gone without a word),
/// and the next run is a SKIP. A foreign key or CHECK on the spec's columns that the spec
/// leaves out goes with a CONSTRAINT_NOT_IN_SPEC warning.
#[test]
fn a_kept_column_keeps_its_foreign_key_and_check_through_a_rebuild() {
    let path = database(
        "kept_constraints",
        "CREATE TABLE p (id INTEGER PRIMARY KEY);
INSERT INTO p VALUES (1);
CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT,
  p_id INTEGER REFERENCES p(id) ON DELETE CASCADE,
  b TEXT CHECK (length(b) < 10));
INSERT INTO t VALUES (1, 'a', 1, 'x'), (2, NULL, NULL, 'y');",
    );
    let t = |a_nullable: bool| {
        json!([{"name": "t", "timestamps": false, "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "a", "type": "TEXT", "nullable": a_nullable, "default": ""}]}])
    };
    let result = generate(&path, t(false), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        result.up_migration.contains("ALTER TABLE t RENAME"),
        "{}",
        result.up_migration
    );
    assert!(
        !codes(&result.validation.warnings).contains(&"CONSTRAINT_NOT_IN_SPEC"),
        "{:?}",
        result.validation.warnings
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    run_with_foreign_keys(&conn, &result.up_migration);
    assert_eq!(count(&conn, "SELECT count(*) FROM t"), 2);
    assert!(
        conn.execute("INSERT INTO t (p_id) VALUES (999)", [])
            .is_err(),
        "the foreign key of the kept column p_id is gone: {}",
        stored_sql(&conn, "t")
    );
    assert!(
        conn.execute("INSERT INTO t (b) VALUES ('0123456789ab')", [])
            .is_err(),
        "the CHECK of the kept column b is gone: {}",
        stored_sql(&conn, "t")
    );
    conn.execute_batch("DELETE FROM p;").unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM t"),
        1,
        "ON DELETE CASCADE kept"
    );
    drop(conn);
    let again = generate(&path, t(false), false);
    assert!(again.validation.valid, "{:?}", again.validation.errors);
    assert!(again.up_migration.is_empty(), "{}", again.up_migration);

    // A kept foreign key must still find its key: refused when the spec takes it away.
    let path = database(
        "kept_fk_key",
        "CREATE TABLE n (id INTEGER PRIMARY KEY, code TEXT UNIQUE, parent TEXT REFERENCES n(code));",
    );
    let n = json!([{"name": "n", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "code", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, n, false);
    assert!(
        result
            .validation
            .errors
            .iter()
            .any(|e| e.code.as_str() == "DEPENDENT_OBJECTS"
                && e.message
                    .contains("the foreign key of 'n' on (parent) references (code)")),
        "{:?}",
        result.validation.errors
    );

    // The spec has the columns but not their rules: they go, and the warnings say so.
    let path = database(
        "constraint_not_in_spec",
        "CREATE TABLE p (id INTEGER PRIMARY KEY);
CREATE TABLE t (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id), b TEXT CHECK (length(b) < 10));",
    );
    let tables = json!([{"name": "t", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "p_id", "type": "INTEGER", "nullable": true},
        {"name": "b", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let warnings = warning_messages(&result, "CONSTRAINT_NOT_IN_SPEC");
    assert_eq!(
        warnings,
        [
            "the foreign key (p_id) referencing p(id) is in the database but not in the spec; the table's rebuild drops it",
            "the CHECK (length(b) < 10) is in the database but not in the spec; the table's rebuild drops it"
        ],
        "{:?}",
        result.validation.warnings
    );
}

/// A file whose stored schema SQLite itself refuses to load ("malformed database schema": an
/// index of a table that is not there) is DB_UNREADABLE, not GENERATED_SQL_REJECTED ("this is a
/// bug"), as an orchestrator trial's damaged files were.
#[test]
fn a_schema_sqlite_cannot_load_is_db_unreadable() {
    let path = damaged_files::schema_refused(&database("malformed", ""));
    let tables = json!([{"name": "users", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "name", "type": "TEXT", "nullable": true},
        {"name": "extra", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, false);
    assert_eq!(
        codes(&result.validation.errors),
        ["DB_UNREADABLE"],
        "{:?}",
        result.validation.errors
    );
    let message = &result.validation.errors[0].message;
    // In the words of the other damaged files (tests/damaged_file.rs says the rest).
    assert!(
        message
            .starts_with("the database file is damaged: SQLite says \"malformed database schema"),
        "{message}"
    );
}

#[test]
fn an_index_name_another_table_has_in_the_database_is_a_duplicate() {
    let path = database(
        "index_clash",
        "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);
CREATE UNIQUE INDEX idx_shared ON a(v);",
    );
    let tables = json!([{"name": "b", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "w", "type": "TEXT", "nullable": true}],
        "indexes": [{"name": "idx_shared", "columns": ["w"], "unique": false}]}]);
    let result = generate(&path, tables, false);
    assert!(
        codes(&result.validation.errors).contains(&"DUPLICATE_NAME"),
        "{:?}",
        result.validation
    );
}

#[test]
fn the_down_rebuild_of_an_autoincrement_table_keeps_its_counter() {
    let path = database(
        "sequence",
        "CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT, w TEXT);
INSERT INTO seq (v, w) VALUES ('a', '1'), ('b', '2'), ('c', '3');
DELETE FROM seq WHERE id = 3;",
    );
    let tables = json!([{"name": "seq", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "v", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    assert_counter_at_3(&conn);
}

#[test]
fn a_kept_column_named_with_a_reserved_word_is_a_clear_refusal() {
    let path = database(
        "reserved",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, \"order\" INTEGER, note TEXT);",
    );
    let tables = json!([{"name": "t", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "note", "type": "TEXT", "nullable": true, "default": "n"}]}]);
    let result = generate(&path, tables, false);
    assert!(
        codes(&result.validation.errors).contains(&"UNSUPPORTED_FEATURE"),
        "{:?}",
        result.validation
    );
}

#[test]
fn a_wal_file_without_its_shm_is_refused_without_creating_one() {
    let dir = std::env::temp_dir().join(format!("mg-safety-{}-walcopy", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("copy")).unwrap();
    let live = dir.join("live.db");
    // A writer that keeps its changes in the -wal file (no checkpoint while it is open).
    let writer = migration_generator::sqlite_memory::open(&live).unwrap();
    writer
        .execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE t1 (a INTEGER); CREATE TABLE t2 (b TEXT);",
        )
        .unwrap();
    let copy = dir.join("copy").join("app.db");
    std::fs::copy(&live, &copy).unwrap();
    std::fs::copy(dir.join("live.db-wal"), dir.join("copy").join("app.db-wal")).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let result = generate(&copy, json!([]), false);
    assert_eq!(
        codes(&result.validation.errors),
        vec!["DB_UNREADABLE"],
        "{:?}",
        result.validation
    );
    assert!(
        !dir.join("copy").join("app.db-shm").exists(),
        "-shm created"
    );
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    drop(writer);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Through a symbolic link, the -wal file that holds a live writer's newest tables is the one
/// beside the real file. Looking for it beside the link found none, opened the main file
/// immutable and read an older schema: the migration then re-created a table that exists (a
/// no-op up) and its down migration dropped that table with its rows.
#[cfg(unix)]
#[test]
fn a_wal_database_reached_through_a_symbolic_link_is_read_with_its_wal() {
    let dir = std::env::temp_dir().join(format!("mg-safety-{}-walsymlink", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let real = dir.join("app.db");
    let writer = migration_generator::sqlite_memory::open(&real).unwrap();
    writer
        .execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT); INSERT INTO a (x) VALUES ('precious');",
        )
        .unwrap();
    assert!(std::fs::metadata(dir.join("app.db-wal")).unwrap().len() >= 32);
    let link = dir.join("link.db");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let tables = json!([{"name": "a", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "x", "type": "TEXT", "nullable": true},
        {"name": "z", "type": "TEXT", "nullable": true}]}]);
    for path in [&real, &link] {
        let result = generate(path, tables.clone(), false);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert_eq!(
            format!("{:?}", result.metadata.operations[0].operation),
            "Alter",
            "{}",
            result.up_migration
        );
        assert!(
            !result.down_migration.contains("DROP TABLE"),
            "{}",
            result.down_migration
        );
    }
    let pulled: Value = pull(&link);
    assert_eq!(pulled["spec"]["tables"][0]["name"], "a", "{pulled}");
    drop(writer);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_expression_index_is_left_out_of_a_pulled_spec_and_left_alone() {
    let path = database(
        "expression_index",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
CREATE INDEX ix_users_lower_email ON users(lower(email));",
    );
    let pulled: Value = pull(&path);
    assert_eq!(pulled["ok"], true, "{pulled}");
    let mut spec = pulled["spec"].clone();
    spec["existingDbPath"] = json!(path.to_str().unwrap());
    let result = generate_str(&spec.to_string());
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert_eq!(
        format!("{:?}", result.metadata.operations[0].operation),
        "Skip",
        "{}",
        result.up_migration
    );
    // A change elsewhere in the table keeps the index.
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": true},
        {"name": "name", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        !result.up_migration.contains("DROP INDEX"),
        "{}",
        result.up_migration
    );
}

#[test]
fn a_column_the_database_spells_in_another_case_is_the_spec_column_in_a_rebuild() {
    let path = database(
        "case",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, Email TEXT, note TEXT);
INSERT INTO users VALUES (1, 'a@x', NULL);",
    );
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": true},
        {"name": "note", "type": "TEXT", "nullable": true, "default": "n"}]}]);
    let result = generate(&path, tables.clone(), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let before: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'users'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM users WHERE email = 'a@x'"),
        1
    );
    drop(conn);
    let again = generate(&path, tables, false);
    assert_eq!(
        format!("{:?}", again.metadata.operations[0].operation),
        "Skip",
        "{}",
        again.up_migration
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    let after: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'users'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after, before);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM users WHERE Email = 'a@x'"),
        1
    );
}

/// A runner that stops at the first error, as most do (rusqlite's `execute_batch`, Python's
/// `executescript`, better-sqlite3's `exec`): whatever failed, the rebuild must have rolled
/// itself back, leaving no transaction open and every row where it was.
fn assert_stopped_cleanly(conn: &Connection, up: &str, table: &str, rows: i64) {
    assert!(
        conn.execute_batch(up).is_err(),
        "the migration did not fail:\n{up}"
    );
    assert!(conn.is_autocommit(), "a transaction was left open");
    assert_eq!(tables_named_like_old(conn), 0, "old table left renamed");
    assert_eq!(
        count(conn, &format!("SELECT count(*) FROM {table}")),
        rows,
        "rows lost"
    );
}

#[test]
fn a_copy_that_fails_without_a_constraint_conflict_still_rolls_back() {
    // A new foreign key that a row breaks, with foreign keys on.
    let path = database(
        "fk_copy",
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);
CREATE TABLE items (id INTEGER PRIMARY KEY, parent_id INTEGER);
INSERT INTO parent VALUES (1);
INSERT INTO items VALUES (1, 1), (2, 99);",
    );
    let tables = json!([{"name": "items", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "parent_id", "type": "INTEGER", "nullable": true}],
        "foreignKeys": [{"columns": ["parent_id"], "referencedTable": "parent", "referencedColumns": ["id"]}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    assert_stopped_cleanly(&conn, &result.up_migration, "items", 2);
    assert!(run_carrying_on(&conn, &result.up_migration) > 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM items"), 2);
    assert_eq!(tables_named_like_old(&conn), 0);

    // A key that becomes the rowid (INTEGER PRIMARY KEY) over a value that is not an integer.
    let path = database(
        "rowid_copy",
        "CREATE TABLE t (id INT PRIMARY KEY NOT NULL, name TEXT);
INSERT INTO t VALUES (1, 'a'), ('x1', NULL);",
    );
    let tables = json!([{"name": "t", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "name", "type": "TEXT", "nullable": false, "default": "x"}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_stopped_cleanly(&conn, &result.up_migration, "t", 2);
    assert!(run_carrying_on(&conn, &result.up_migration) > 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM t"), 2);
}

#[test]
fn a_unique_index_over_duplicates_rolls_the_rebuild_back() {
    let path = database(
        "dup_index",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, age INTEGER);
INSERT INTO users VALUES (1, 'a@x', 1), (2, 'a@x', NULL);",
    );
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": true},
        {"name": "age", "type": "INTEGER", "nullable": false, "default": 0}],
        "indexes": [{"name": "uq_users_email_idx", "columns": ["email"], "unique": true}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let schema_before = count(&conn, "SELECT count(*) FROM sqlite_master");
    assert_stopped_cleanly(&conn, &result.up_migration, "users", 2);
    assert!(run_carrying_on(&conn, &result.up_migration) > 0);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM users WHERE age IS NULL"),
        1,
        "the rebuild went through"
    );
    assert_eq!(tables_named_like_old(&conn), 0);
    // At most the new index on the old table (CREATE INDEX running on its own afterwards): here
    // it fails on the duplicates, so the schema is as it was.
    assert_eq!(
        count(&conn, "SELECT count(*) FROM sqlite_master"),
        schema_before
    );
}

#[test]
fn a_new_unique_column_the_rows_refuse_leaves_the_table_as_it_was() {
    // Without a rebuild: ADD COLUMN, then CREATE UNIQUE INDEX, which a constant default on two
    // rows fails. The columns added before it must not stay, and no transaction stays open.
    let before = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
CREATE INDEX users_email_idx ON users(email);
INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');";
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": true},
        {"name": "note", "type": "TEXT", "nullable": true},
        {"name": "handle", "type": "TEXT", "nullable": false, "default": "x", "unique": true}],
        "indexes": [{"name": "users_note_idx", "columns": ["note"]}]}]);
    let path = database("unique_add_refused", before);
    let result = generate(&path, tables.clone(), true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        !result.up_migration.contains("RENAME"),
        "{}",
        result.up_migration
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let schema = |conn: &Connection| {
        conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name")
            .unwrap()
            .query_map([], |r| {
                Ok(format!(
                    "{:?}",
                    (
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?
                    )
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<String>>()
    };
    let schema_before = schema(&conn);
    let error = conn
        .execute_batch(&result.up_migration)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("duplicates_for_unique_index_uq_users_handle = 0"),
        "{error}"
    );
    assert!(conn.is_autocommit(), "a transaction was left open");
    assert_eq!(
        schema(&conn),
        schema_before,
        "the table was changed in part"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM users"), 2);
    // Under a runner that carries on, the statements after the rollback fail too (the column
    // they need is gone): the schema is still as it was.
    assert!(run_carrying_on(&conn, &result.up_migration) > 0);
    assert!(conn.is_autocommit());
    assert_eq!(schema(&conn), schema_before);

    // One row: the same migration goes through, and down gives the table back.
    let path = database("unique_add_one_row", &before.replace(", (2, 'b@x')", ""));
    let result = generate(&path, tables, true);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let schema_before = schema(&conn);
    conn.execute_batch(&result.up_migration).unwrap();
    assert!(conn.is_autocommit());
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM pragma_index_list('users') WHERE \"unique\" = 1"
        ),
        1
    );
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(schema(&conn), schema_before);
}

#[test]
fn a_failed_down_rebuild_keeps_the_autoincrement_counter_under_a_runner_that_carries_on() {
    let path = database(
        "sequence_fail",
        "CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT, w TEXT);
CREATE TABLE child (id INTEGER PRIMARY KEY, seq_id INTEGER REFERENCES seq(id) ON DELETE CASCADE);
INSERT INTO seq (v, w) VALUES ('a', '1'), ('b', '2'), ('c', '3');
DELETE FROM seq WHERE id = 3;
INSERT INTO child VALUES (1, 1);",
    );
    let tables = json!([{"name": "seq", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "v", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    // The down rebuild needs foreign keys off, which a transaction prevents: it rolls back.
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let tx = format!("BEGIN;\n{}\nCOMMIT;\n", result.down_migration);
    assert!(run_carrying_on(&conn, &tx) > 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM child"), 1);
    assert_counter_at_3(&conn);
}

#[test]
fn an_empty_wal_file_without_shm_is_read_as_the_main_file() {
    let path = database(
        "empty_wal",
        "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);",
    );
    // The connection that made it has closed (checkpointed, -wal and -shm removed); an empty
    // -wal is what persistent-WAL setups leave.
    std::fs::write(format!("{}-wal", path.display()), b"").unwrap();
    let tables = json!([{"name": "t", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "x", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert_eq!(
        format!("{:?}", result.metadata.operations[0].operation),
        "Skip"
    );
    assert!(!std::path::Path::new(&format!("{}-shm", path.display())).exists());
}

#[test]
fn text_from_the_database_cannot_forge_the_file_s_markers() {
    let path = database(
        "markers",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, age INTEGER);
CREATE TRIGGER trg AFTER UPDATE ON users BEGIN
-- DOWN MIGRATION
  UPDATE users SET email = email WHERE id = NEW.id; END;",
    );
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": false, "default": "x"},
        {"name": "age", "type": "INTEGER", "nullable": true}]}]);
    let result = generate(&path, tables, true);
    assert_eq!(
        codes(&result.validation.errors),
        vec!["UNSUPPORTED_FEATURE"],
        "{:?}",
        result.validation
    );
    assert!(result.up_migration.is_empty());
}

/// The CLI's `up`/`down` (JavaScript's `trimStart`) read a line that starts with a byte-order
/// mark before the marker as a marker, and runners that split at a lone CR or U+2028 (Python's
/// `splitlines`, `/\r\n|\r|\n/`) see a marker there: such text is refused at generation too
/// (the generator wrote these files, and `up FILE` refused the first; a runner splitting at CR
/// ran half of the trigger as the up migration). So is a marker spaced as a looser runner
/// pattern would still take it.
#[test]
fn a_marker_behind_a_byte_order_mark_or_another_line_terminator_is_refused_too() {
    for (name, text) in [
        ("markers_bom", "a\n\u{feff}-- UP MIGRATION\nb"),
        ("markers_cr", "a\r-- DOWN MIGRATION\rb"),
        ("markers_u2028", "a\u{2028}-- down migration\u{2028}b"),
        // A runner's looser pattern (`/^--\s*down\s+migration/im`) splits here too.
        ("markers_loose", "a\n--DOWN\tMIGRATION\nb"),
    ] {
        let path = database(
            name,
            &format!(
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, age INTEGER);
CREATE TRIGGER trg AFTER UPDATE ON users BEGIN
  UPDATE users SET email = '{text}' WHERE id = NEW.id; END;"
            ),
        );
        let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": false, "default": "x"},
        {"name": "age", "type": "INTEGER", "nullable": true}]}]);
        let result = generate(&path, tables.clone(), true);
        assert_eq!(
            codes(&result.validation.errors),
            vec!["UNSUPPORTED_FEATURE"],
            "{name}: {:?}",
            result.validation
        );
        assert!(result.up_migration.is_empty());
    }
}

#[test]
fn the_shadow_tables_of_virtual_tables_are_not_user_tables() {
    let path = database(
        "virtual",
        "CREATE TABLE users (id INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE docs USING fts5(body);
CREATE VIRTUAL TABLE geo USING rtree(id, minx, maxx);
INSERT INTO docs (body) VALUES ('hello');",
    );
    let tables = json!([{"name": "posts", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM docs WHERE docs MATCH 'hello'"),
        1
    );
    let listed: Value = serde_json::from_str(&migration_generator::introspect_json(
        path.to_str().unwrap(),
    ))
    .unwrap();
    let names: Vec<&str> = listed["schema"]["existingTables"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str().or_else(|| t.as_str()))
        .collect();
    assert_eq!(names, vec!["users", "docs", "geo", "posts"]);
}

/// Names read from the database (a table a foreign key references, an index the spec leaves
/// out, a column dropped) may be anything; they are quoted, never pasted in. A table named with
/// a `)` and `;` in it used to close the REFERENCES clause and run a DELETE of its own.
#[test]
fn names_from_the_database_are_quoted_and_cannot_inject_sql() {
    let evil = "p(id));DELETE FROM users;CREATE TEMP TABLE IF NOT EXISTS zz(a INTEGER REFERENCES p";
    let path = database(
        "evil_names",
        &format!(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, \"old;DROP TABLE users\" TEXT);
             CREATE INDEX \"Users By Email\" ON users(email);
             CREATE TABLE p (id INTEGER PRIMARY KEY);
             CREATE TABLE \"{evil}\" (id INTEGER PRIMARY KEY);
             CREATE TABLE \"Mixed Case\" (\"Key\" INTEGER PRIMARY KEY);
             INSERT INTO users (email) VALUES ('a'), ('b');"
        ),
    );
    let tables = json!([
        {"name": "users", "timestamps": false, "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "email", "type": "TEXT", "nullable": true}]},
        {"name": "child_y", "timestamps": false, "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "ref", "type": "INTEGER", "nullable": true},
            {"name": "other", "type": "INTEGER", "nullable": true}],
         "foreignKeys": [
            {"columns": ["ref"], "referencedTable": evil, "referencedColumns": ["id"]},
            {"columns": ["other"], "referencedTable": "Mixed Case", "referencedColumns": ["Key"]}]}
    ]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let up = &result.up_migration;
    assert!(
        up.contains("DROP INDEX IF EXISTS \"Users By Email\";"),
        "{up}"
    );
    assert!(up.contains("DROP COLUMN \"old;DROP TABLE users\";"), "{up}");
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(up).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM users"), 2, "{up}");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM sqlite_temp_master"),
        0,
        "{up}"
    );
    let references: Vec<String> = conn
        .prepare("SELECT \"table\" FROM pragma_foreign_key_list('child_y') ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(references.len(), 2, "{references:?}");
    assert!(references.contains(&evil.to_string()), "{references:?}");
    assert!(
        references.contains(&"Mixed Case".to_string()),
        "{references:?}"
    );
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM users"), 2);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sqlite_master WHERE name = 'Users By Email'"
        ),
        1
    );
}

/// A table without an `INTEGER PRIMARY KEY` keeps its rowids through a rebuild and back: an
/// external-content FTS index (or anything else holding rowids) still finds the same rows.
/// The copy used to number the rows afresh, so after a deleted row a search found the wrong one.
#[test]
fn a_rebuild_keeps_the_rowids_of_a_table_without_an_integer_key() {
    let path = database(
        "rowids",
        "CREATE TABLE docs (slug TEXT PRIMARY KEY NOT NULL, body TEXT);
         CREATE VIRTUAL TABLE docs_fts USING fts5(body, content='docs');
         CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN
           INSERT INTO docs_fts (rowid, body) VALUES (new.rowid, new.body); END;
         CREATE TRIGGER docs_ad AFTER DELETE ON docs BEGIN
           INSERT INTO docs_fts (docs_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END;
         INSERT INTO docs VALUES ('a', 'apple pie'), ('b', 'banana bread'), ('c', 'cherry tart');
         DELETE FROM docs WHERE slug = 'a';",
    );
    let tables = json!([{"name": "docs", "timestamps": false, "primaryKey": ["slug"], "columns": [
        {"name": "slug", "type": "TEXT", "nullable": false},
        {"name": "body", "type": "TEXT", "nullable": true, "default": "empty"}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let rowids = |conn: &Connection| -> Vec<(i64, String)> {
        conn.prepare("SELECT rowid, slug FROM docs ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let found = |conn: &Connection, word: &str| -> String {
        conn.query_row(
            "SELECT docs.slug FROM docs_fts JOIN docs ON docs.rowid = docs_fts.rowid WHERE docs_fts MATCH ?1",
            [word],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = rowids(&conn);
    assert_eq!(before, vec![(2, "b".to_string()), (3, "c".to_string())]);
    conn.execute_batch(&result.up_migration).unwrap();
    assert!(
        result.up_migration.contains("_mg_old_docs"),
        "a rebuild: {}",
        result.up_migration
    );
    assert_eq!(rowids(&conn), before, "{}", result.up_migration);
    assert_eq!(found(&conn, "banana"), "b");
    assert_eq!(found(&conn, "cherry"), "c");
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(rowids(&conn), before, "{}", result.down_migration);
    assert_eq!(found(&conn, "cherry"), "c");
}

/// Dropping a column a view or a trigger names is refused: SQLite refuses the DROP COLUMN
/// itself, and a rebuild used to put the trigger back unchanged, after which every UPDATE of
/// the table failed with "no such column", and the view could no longer be read.
#[test]
fn dropping_a_column_a_view_or_trigger_names_is_refused() {
    let path = database(
        "view_trigger_column",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, sku TEXT NOT NULL, price REAL, legacy_code TEXT);
         CREATE INDEX idx_items_legacy ON items(legacy_code);
         CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT, book_count INTEGER);
         CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER);
         CREATE VIEW v_items AS SELECT id, sku, \"legacy_code\" FROM items;
         CREATE TRIGGER trg_count AFTER INSERT ON books BEGIN
           UPDATE authors SET book_count = book_count + 1 WHERE id = new.author_id; END;",
    );
    let items = json!({"name": "items", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "sku", "type": "TEXT", "nullable": false},
        {"name": "price", "type": "REAL", "nullable": true}]});
    let result = generate(&path, json!([items]), true);
    assert_eq!(codes(&result.validation.errors), vec!["DEPENDENT_OBJECTS"]);
    assert!(
        result.validation.errors[0]
            .message
            .contains("view 'v_items'"),
        "{:?}",
        result.validation.errors
    );
    let authors = json!({"name": "authors", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "name", "type": "TEXT", "nullable": true, "default": "anonymous"}]});
    let result = generate(&path, json!([authors]), true);
    assert_eq!(codes(&result.validation.errors), vec!["DEPENDENT_OBJECTS"]);
    assert!(
        result.validation.errors[0]
            .message
            .contains("trigger 'trg_count'"),
        "{:?}",
        result.validation.errors
    );
    // Dropping a column nothing names still works.
    let items = json!({"name": "items", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "sku", "type": "TEXT", "nullable": false},
        {"name": "legacy_code", "type": "TEXT", "nullable": true}],
        "indexes": [{"name": "idx_items_legacy", "columns": ["legacy_code"]}]});
    let result = generate(&path, json!([items]), true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
}

/// `x INTEGER PRIMARY KEY DESC` is not the rowid (SQLite's documented quirk: it keeps NULLs
/// and values as written, in an index of its own). It used to be read as the rowid, and a
/// rebuild turned its NULL keys into numbers; now a change that needs a rebuild is refused.
#[test]
fn an_integer_primary_key_desc_column_is_not_taken_for_the_rowid() {
    let path = database(
        "integer_pk_desc",
        "CREATE TABLE k4 (x INTEGER PRIMARY KEY DESC, y TEXT);
         INSERT INTO k4 VALUES (NULL, 'a'), (NULL, 'b'), (10, 'c');",
    );
    let pulled: Value = pull(&path);
    let x = &pulled["spec"]["tables"][0]["columns"][0];
    assert_eq!(x["name"], "x", "{pulled}");
    assert_ne!(x["autoIncrement"], true, "{pulled}");
    let tables = json!([{"name": "k4", "timestamps": false, "primaryKey": ["x"], "columns": [
        {"name": "x", "type": "INTEGER", "nullable": false},
        {"name": "y", "type": "TEXT", "nullable": true, "default": "none"}]}]);
    let result = generate(&path, tables, false);
    assert_eq!(
        codes(&result.validation.errors),
        vec!["UNSUPPORTED_FEATURE"],
        "{}",
        result.up_migration
    );
    assert!(
        result.validation.errors[0]
            .message
            .contains("INTEGER PRIMARY KEY DESC"),
        "{:?}",
        result.validation.errors
    );
    // A change without a rebuild goes through, and the insert type requires the key, which
    // SQLite does not fill.
    let spec = json!({
        "description": "change", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
        "now": "2026-02-09T12:00:00Z", "generateTypes": true, "tables": [{"name": "k4", "timestamps": false, "primaryKey": ["x"], "columns": [
            {"name": "x", "type": "INTEGER", "nullable": false},
            {"name": "y", "type": "TEXT", "nullable": true},
            {"name": "z", "type": "TEXT", "nullable": true}]}]
    });
    let result = generate_str(&spec.to_string());
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let types = &result.table_types.as_ref().unwrap()[0].source;
    assert!(types.contains("K4Insert {\n"), "{types}");
    let insert = types.split("K4Insert {").nth(1).unwrap();
    assert!(insert.contains("  x: number;"), "{types}");
}

/// A column of a type a STRICT table does not have (DECIMAL is NUMERIC in SQLite) is a clear
/// refusal, not SQL the check rejects (GENERATED_SQL_REJECTED, which says the generator is wrong).
#[test]
fn a_new_column_of_a_type_a_strict_table_does_not_take_is_refused() {
    let path = database(
        "strict",
        "CREATE TABLE s_strict (id INTEGER PRIMARY KEY, name TEXT) STRICT;",
    );
    let columns = |extra: Value| {
        json!([{"name": "s_strict", "timestamps": false, "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "name", "type": "TEXT", "nullable": true}, extra]}])
    };
    let result = generate(
        &path,
        columns(
            json!({"name": "amount", "type": "DECIMAL", "precision": 10, "scale": 2, "nullable": true}),
        ),
        false,
    );
    assert_eq!(
        codes(&result.validation.errors),
        vec!["UNSUPPORTED_FEATURE"],
        "{:?}",
        result.validation.errors
    );
    let result = generate(
        &path,
        columns(json!({"name": "amount", "type": "REAL", "nullable": true})),
        false,
    );
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
}

/// An index the spec leaves out is dropped with a warning naming it (a UNIQUE index takes its
/// rule with it), where it used to go silently.
#[test]
fn an_index_the_spec_leaves_out_is_dropped_with_a_warning() {
    let path = database(
        "index_not_in_spec",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT);
         CREATE UNIQUE INDEX users_email_key ON users(email);
         CREATE INDEX idx_users_name ON users(name);",
    );
    let tables = json!([{"name": "users", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": true},
        {"name": "name", "type": "TEXT", "nullable": true}],
        "indexes": [{"name": "idx_users_name", "columns": ["name"]}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let warnings = warning_messages(&result, "INDEX_NOT_IN_SPEC");
    assert_eq!(warnings.len(), 1, "{:?}", result.validation.warnings);
    assert!(
        warnings[0].contains("UNIQUE index 'users_email_key'"),
        "{warnings:?}"
    );
    assert!(
        result
            .up_migration
            .contains("DROP INDEX IF EXISTS users_email_key;"),
        "{}",
        result.up_migration
    );
}

/// The stored CREATE TABLE text of `table`.
fn stored_sql(conn: &Connection, table: &str) -> String {
    conn.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_rebuild_keeps_autoincrement_and_its_counter_as_other_tools_declare_it() {
    // As Prisma, Knex and Drizzle write the key, and the table-constraint form.
    for (name, create) in [
        ("prisma", "CREATE TABLE \"seq\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"v\" TEXT, \"w\" TEXT)"),
        ("knex", "CREATE TABLE `seq` (`id` integer not null primary key autoincrement, `v` varchar(255), `w` varchar(255))"),
        ("drizzle", "CREATE TABLE `seq` (\n\t`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,\n\t`v` text,\n\t`w` text\n)"),
        ("constraint", "CREATE TABLE seq (id INTEGER NOT NULL, v TEXT, w TEXT, PRIMARY KEY (id AUTOINCREMENT))"),
    ] {
        let path = database(
            &format!("autoinc-{name}"),
            &format!(
                "{create};
INSERT INTO seq (v, w) VALUES ('a', '1'), (NULL, '2'), ('c', '3');
DELETE FROM seq WHERE id = 3;"
            ),
        );
        // v becomes NOT NULL with a default: a rebuild.
        let tables = json!([{"name": "seq", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "v", "type": "TEXT", "nullable": false, "default": "none"},
            {"name": "w", "type": "TEXT", "nullable": true}]}]);
        let result = generate(&path, tables, false);
        assert!(result.validation.valid, "{name}: {:?}", result.validation.errors);
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        let before = stored_sql(&conn, "seq");
        conn.execute_batch(&result.up_migration).unwrap();
        let rebuilt = stored_sql(&conn, "seq");
        assert!(
            rebuilt.contains("id INTEGER PRIMARY KEY AUTOINCREMENT"),
            "{name}: {rebuilt}"
        );
        // v keeps the type it was declared with (Knex's varchar(255)).
        assert!(rebuilt.contains(" NOT NULL DEFAULT 'none'"), "{name}: {rebuilt}");
        assert_eq!(
            count(&conn, "SELECT count(*) FROM seq WHERE v = 'none' AND id = 2"),
            1,
            "{name}"
        );
        assert_eq!(
            count(&conn, "SELECT seq FROM sqlite_sequence WHERE name = 'seq'"),
            3,
            "{name}: the counter after up"
        );
        // Nothing left of the rebuild, and the migration is now a no-op against the file.
        assert_eq!(tables_named_like_old(&conn), 0);
        conn.execute_batch(&result.down_migration).unwrap();
        assert_eq!(stored_sql(&conn, "seq"), before, "{name}: down restores the text");
        assert_counter_at_3(&conn);
    }
}

#[test]
fn a_key_this_tool_creates_never_gives_a_deleted_rows_key_again_through_a_rebuild_and_its_down() {
    // As PostgreSQL's sequences and MySQL's AUTO_INCREMENT: the row with the largest key is
    // deleted, and the next row still gets a new key (a plain INTEGER PRIMARY KEY gave it 3).
    let created = generate_str(
        &json!({"description": "seq", "databaseType": "sqlite", "timestamps": false,
            "now": "2026-02-09T12:00:00Z", "tables": [{"name": "seq", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "v", "type": "TEXT", "nullable": true}]}]})
        .to_string(),
    );
    assert!(created.validation.valid, "{:?}", created.validation.errors);
    assert!(
        created
            .up_migration
            .contains("id INTEGER PRIMARY KEY AUTOINCREMENT,"),
        "{}",
        created.up_migration
    );
    let path = database(
        "autoinc-own",
        &format!(
            "{}\nINSERT INTO seq (v) VALUES ('a'), (NULL), ('c');\nDELETE FROM seq WHERE id = 3;",
            created.up_migration
        ),
    );
    // v becomes NOT NULL with a default: a rebuild, which keeps the key and its counter.
    let tables = json!([{"name": "seq", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "v", "type": "TEXT", "nullable": false, "default": "none"}]}]);
    let result = generate_rebuild(&path, tables, "seq");
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let before = stored_sql(&conn, "seq");
    conn.execute_batch(&result.up_migration).unwrap();
    let rebuilt = stored_sql(&conn, "seq");
    assert_eq!(
        rebuilt.matches("AUTOINCREMENT").count(),
        1,
        "{rebuilt}\n{}",
        result.up_migration
    );
    assert_eq!(
        count(&conn, "SELECT seq FROM sqlite_sequence WHERE name = 'seq'"),
        3
    );
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(stored_sql(&conn, "seq"), before);
    assert_counter_at_3(&conn);
}

#[test]
fn the_type_comment_of_a_key_says_whether_the_database_declares_autoincrement() {
    let path = database(
        "key-comment",
        "CREATE TABLE plain (id INTEGER PRIMARY KEY, v TEXT);
CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);",
    );
    let table = |name: &str| {
        json!({"name": name, "timestamps": false, "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "v", "type": "TEXT", "nullable": true}]})
    };
    let spec = json!({
        "description": "types", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
        "now": "2026-02-09T12:00:00Z", "generateTypes": true,
        "tables": [table("plain"), table("counted"), table("fresh")]
    });
    let result = generate_str(&spec.to_string());
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let types = result.table_types.as_ref().unwrap();
    let key_comment = |i: usize| {
        let source = &types[i].source;
        let row = source.split("  id: number;").next().unwrap();
        row.lines().last().unwrap_or_default().trim().to_string()
    };
    assert_eq!(
        key_comment(0),
        "/** INTEGER PRIMARY KEY */",
        "{}",
        types[0].source
    );
    assert_eq!(key_comment(1), "/** INTEGER PRIMARY KEY AUTOINCREMENT */");
    assert_eq!(key_comment(2), "/** INTEGER PRIMARY KEY AUTOINCREMENT */");
}

#[test]
fn a_rowid_that_is_also_a_foreign_key_keeps_it_through_a_pull_and_a_rebuild() {
    // `profiles.user_id INTEGER PRIMARY KEY REFERENCES users`: a rowid that takes its values from
    // the parent. The autoIncrement column's line used to stop at its key, so the rebuild (and
    // any CREATE of such a spec) lost the foreign key and its ON DELETE CASCADE.
    let path = database(
        "rowid-fk",
        "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
CREATE TABLE profiles (user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, bio TEXT);
INSERT INTO users (name) VALUES ('a'), ('b');
INSERT INTO profiles VALUES (1, 'x'), (2, NULL);",
    );
    let pulled = pull(&path);
    let mut tables = pulled["spec"]["tables"].clone();
    let key = &columns_of(&mut tables, "profiles")[0];
    assert_eq!(key["name"], "user_id");
    assert_eq!(key.get("autoIncrement"), None, "{key}");
    assert_eq!(
        pulled["leftOut"],
        json!([]),
        "the key takes its values from users"
    );
    let same = generate(&path, tables.clone(), false);
    assert!(
        same.metadata
            .operations
            .iter()
            .all(|o| o.operation == migration_generator::output::Operation::Skip),
        "{:?}",
        same.metadata.operations
    );
    // bio gets a default: a rebuild, which keeps the foreign key with its action.
    columns_of(&mut tables, "profiles")[1]["default"] = json!("-");
    let result = generate_rebuild(&path, tables, "profiles");
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    let rebuilt = stored_sql(&conn, "profiles");
    assert!(
        rebuilt.contains(
            "user_id INTEGER PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE"
        ),
        "{rebuilt}"
    );
    conn.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM users WHERE id = 1;")
        .unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM profiles"), 1, "cascaded");
    assert!(conn
        .execute("INSERT INTO profiles VALUES (99, 'orphan')", [])
        .is_err());
    // The insert type asks for the key (SQLite would number it, naming some other user).
    let typed = generate_str(
        &json!({"description": "t", "databaseType": "sqlite", "generateTypes": true,
            "existingDbPath": path.to_str().unwrap(), "tables": pull(&path)["spec"]["tables"]})
        .to_string(),
    );
    let profile = &typed.table_types.as_ref().unwrap()[1].source;
    let insert = profile.split("ProfileInsert {").nth(1).unwrap();
    assert!(insert.contains("  user_id: number;"), "{profile}");
    // A spec that numbers such a key itself is refused, on every database.
    for db in ["sqlite", "postgresql", "mysql"] {
        let refused = generate_str(
            &json!({"description": "d", "databaseType": db, "timestamps": false, "tables": [
                {"name": "a", "columns": [{"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true}]},
                {"name": "b", "columns": [{"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true}],
                 "foreignKeys": [{"columns": ["id"], "referencedTable": "a", "referencedColumns": ["id"]}]}]})
            .to_string(),
        );
        assert_eq!(
            codes(&refused.validation.errors),
            ["INVALID_AUTO_INCREMENT"],
            "{db}"
        );
        assert!(refused.validation.errors[0]
            .message
            .contains("a column of a foreign key to 'a'"));
    }
}

#[test]
fn null_keys_in_a_column_that_becomes_the_rowid_are_refused_not_renumbered() {
    // `INTEGER(10) PRIMARY KEY` is not the rowid and holds NULLs; made the rowid, a NULL key
    // was given a new number without a word (the down did not take it back).
    let path = database(
        "null-key",
        "CREATE TABLE notes (id INTEGER(10) PRIMARY KEY, x TEXT);
INSERT INTO notes VALUES (NULL, 'a'), (3, 'b'), (NULL, 'c');",
    );
    let tables = json!([{"name": "notes", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "x", "type": "TEXT", "nullable": true}]}]);
    let result = generate_rebuild(&path, tables, "notes");
    assert!(
        codes(&result.validation.warnings).contains(&"ROWS_REFUSE_CHANGE"),
        "{:?}",
        result.validation.warnings
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    let before = stored_sql(&conn, "notes");
    for stops in [true, false] {
        if stops {
            assert!(conn.execute_batch(&result.up_migration).is_err());
            // A runner that stops leaves the transaction open: end it as it would.
            let _ = conn.execute_batch("ROLLBACK;");
        } else {
            assert!(run_carrying_on(&conn, &result.up_migration) > 0);
        }
        assert_eq!(stored_sql(&conn, "notes"), before, "stops: {stops}");
        assert_eq!(
            count(&conn, "SELECT count(*) FROM notes WHERE id IS NULL"),
            2,
            "stops: {stops}"
        );
        assert_eq!(tables_named_like_old(&conn), 0, "stops: {stops}");
    }
}

#[test]
fn autoincrement_on_a_key_sqlite_does_not_make_the_rowid_is_refused() {
    // `INTEGER PRIMARY KEY DESC` and a WITHOUT ROWID table's key are no rowid: an insert type
    // that leaves the key out stored NULL keys, or failed, while the table was said to match.
    for (name, create, what) in [
        (
            "desc",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY DESC, body TEXT NOT NULL);",
            "INTEGER PRIMARY KEY DESC",
        ),
        (
            "without-rowid",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;",
            "WITHOUT ROWID",
        ),
    ] {
        let path = database(&format!("no-rowid-{name}"), create);
        let tables = json!([{"name": "notes", "timestamps": false, "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "body", "type": "TEXT", "nullable": false}]}]);
        let result = generate(&path, tables, false);
        assert_eq!(
            codes(&result.validation.errors),
            ["UNSUPPORTED_FEATURE"],
            "{name}"
        );
        let message = &result.validation.errors[0].message;
        assert!(message.contains(what), "{name}: {message}");
        if name == "without-rowid" {
            assert!(!message.contains("DESC"), "{message}");
        }
    }
}

#[test]
fn a_key_that_becomes_the_rowid_is_autoincrement_as_the_spec_says() {
    // A table without a rowid key gets one (`id` autoIncrement): the key is the spec's, with
    // AUTOINCREMENT, counted from the copied keys. A BIGINT PRIMARY KEY, which is not the rowid
    // and gives no key to a row without one, is rebuilt into it (it was said to match).
    for (name, create, allow_data_loss) in [
        // The rowids are 1, 2 and 4: the new key takes them (what holds rowids still finds its rows).
        ("new-key", "CREATE TABLE notes (body TEXT NOT NULL); INSERT INTO notes VALUES ('a'), ('b'), ('x'), ('c'); DELETE FROM notes WHERE body = 'x';", false),
        ("bigint-key", "CREATE TABLE notes (id BIGINT PRIMARY KEY NOT NULL, body TEXT NOT NULL); INSERT INTO notes VALUES (1, 'a'), (2, 'b'), (4, 'c');", false),
    ] {
        let path = database(&format!("becomes-rowid-{name}"), create);
        let ty = if name == "bigint-key" { "BIGINT" } else { "INTEGER" };
        let tables = json!([{"name": "notes", "timestamps": false, "columns": [
            {"name": "id", "type": ty, "nullable": false, "autoIncrement": true},
            {"name": "body", "type": "TEXT", "nullable": false}]}]);
        let result = generate(&path, tables.clone(), allow_data_loss);
        assert!(result.validation.valid, "{name}: {:?}", result.validation.errors);
        assert!(result.up_migration.contains("_mg_old_notes"), "{name}: {}", result.up_migration);
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        let before = stored_sql(&conn, "notes");
        conn.execute_batch(&result.up_migration).unwrap();
        let rebuilt = stored_sql(&conn, "notes");
        assert!(rebuilt.contains("id INTEGER PRIMARY KEY AUTOINCREMENT"), "{name}: {rebuilt}");
        assert_eq!(count(&conn, "SELECT id FROM notes WHERE body = 'c'"), 4, "{name}");
        conn.execute_batch("DELETE FROM notes WHERE id = 4; INSERT INTO notes (body) VALUES ('d');")
            .unwrap();
        assert_eq!(count(&conn, "SELECT max(id) FROM notes"), 5, "{name}: a new key, not 4 again");
        // Matches now; the down gives the table back.
        let again = generate(&path, tables, allow_data_loss);
        assert!(
            again.metadata.operations.iter().all(|o| o.operation == migration_generator::output::Operation::Skip),
            "{name}: {}",
            again.up_migration
        );
        conn.execute_batch("DELETE FROM notes WHERE id = 5;").unwrap();
        conn.execute_batch(&result.down_migration).unwrap();
        assert_eq!(stored_sql(&conn, "notes"), before, "{name}");
        assert_eq!(count(&conn, "SELECT count(*) FROM notes"), 2, "{name}");
    }
}

#[test]
fn a_rebuild_that_moves_the_rowid_of_an_autoincrement_table_is_refused() {
    let path = database(
        "autoinc-moved",
        "CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL, v TEXT);",
    );
    // The key becomes `code`: the AUTOINCREMENT of id cannot be kept.
    let tables = json!([{"name": "seq", "primaryKey": ["code"], "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false},
        {"name": "code", "type": "TEXT", "nullable": false},
        {"name": "v", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, true);
    let errors = &result.validation.errors;
    assert!(
        errors.iter().any(
            |e| e.code.as_str() == "UNSUPPORTED_FEATURE" && e.message.contains("AUTOINCREMENT")
        ),
        "{errors:?}"
    );
}

#[test]
fn the_word_autoincrement_in_a_default_does_not_make_a_table_autoincrement() {
    let path = database(
        "autoinc-word",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'x AUTOINCREMENT', v TEXT);
INSERT INTO t (note, v) VALUES ('a', NULL);",
    );
    let tables = json!([{"name": "t", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "note", "type": "TEXT", "nullable": true, "default": "x AUTOINCREMENT"},
        {"name": "v", "type": "TEXT", "nullable": false, "default": "-"}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    let rebuilt = stored_sql(&conn, "t");
    assert!(rebuilt.contains("id INTEGER PRIMARY KEY,"), "{rebuilt}");
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ),
        0
    );
}

/// Every row of `seq` as `id:v`, in id order.
fn seq_rows(conn: &Connection, table: &str) -> Vec<String> {
    let mut st = conn
        .prepare(&format!(
            "SELECT id || ':' || coalesce(v, 'NULL') FROM {table} ORDER BY id"
        ))
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every row of `sqlite_sequence` as `name=seq`, in name order (binary, as SQLite matches it).
fn sequence_rows(conn: &Connection) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name || '=' || seq FROM sqlite_sequence ORDER BY name, seq")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_down_rebuild_of_an_autoincrement_table_stored_under_another_case_keeps_its_counter() {
    // Prisma names a model's table `User`; the spec's names are lower case, and the rebuild
    // takes the table as the same one. sqlite_sequence matches names exactly (binary).
    let path = database(
        "autoinc-case",
        "CREATE TABLE Seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
INSERT INTO Seq (v) VALUES ('a'), (NULL), ('c');
DELETE FROM Seq WHERE id = 3;",
    );
    let tables = json!([{"name": "seq", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "v", "type": "TEXT", "nullable": false, "default": "none"}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(sequence_rows(&conn), ["seq=3"]);
    // A row added and removed after the up: the counter is 4, the highest id 2.
    conn.execute_batch("INSERT INTO seq (v) VALUES ('d'); DELETE FROM seq WHERE id = 4;")
        .unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(
        stored_sql(&conn, "Seq"),
        "CREATE TABLE Seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)"
    );
    assert_eq!(
        sequence_rows(&conn),
        ["Seq=4"],
        "one counter, under the table's own name"
    );
    conn.execute("INSERT INTO Seq (v) VALUES ('e')", [])
        .unwrap();
    assert_eq!(
        count(&conn, "SELECT max(id) FROM Seq"),
        5,
        "an id was reused"
    );
}

#[test]
fn a_failed_autoincrement_rebuild_keeps_rows_and_counter_under_a_runner_that_carries_on() {
    // A plain table, and one other tables reference (rebuilt with foreign keys off); the new
    // NOT NULL without a default, or a CHECK, breaks on a row.
    let setup = "CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
INSERT INTO seq (v) VALUES ('a'), (NULL), ('c');
DELETE FROM seq WHERE id = 3;";
    for (name, referenced, v) in [
        (
            "nn",
            false,
            json!({"name": "v", "type": "TEXT", "nullable": false}),
        ),
        (
            "check",
            false,
            json!({"name": "v", "type": "TEXT", "nullable": true}),
        ),
        (
            "nn-fk",
            true,
            json!({"name": "v", "type": "TEXT", "nullable": false}),
        ),
        (
            "check-fk",
            true,
            json!({"name": "v", "type": "TEXT", "nullable": true}),
        ),
    ] {
        let child = if referenced {
            "CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, seq_id INTEGER REFERENCES seq(id) ON DELETE CASCADE);
INSERT INTO child (seq_id) VALUES (1), (2);"
        } else {
            ""
        };
        let path = database(
            &format!("autoinc-fail-{name}"),
            &format!("{setup}\n{child}"),
        );
        let mut table = json!({"name": "seq", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true}, v]});
        if name.starts_with("check") {
            table["checkConstraints"] =
                json!([{"name": "chk_seq_v", "expression": "v IS NOT NULL"}]);
        }
        let result = generate(&path, json!([table]), false);
        assert!(
            result.validation.valid,
            "{name}: {:?}",
            result.validation.errors
        );
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        let before = stored_sql(&conn, "seq");
        assert!(run_carrying_on(&conn, &result.up_migration) > 0, "{name}");
        assert!(conn.is_autocommit(), "{name}");
        assert_eq!(stored_sql(&conn, "seq"), before, "{name}");
        assert_eq!(seq_rows(&conn, "seq"), ["1:a", "2:NULL"], "{name}");
        assert_eq!(tables_named_like_old(&conn), 0, "{name}");
        if referenced {
            assert_eq!(count(&conn, "SELECT count(*) FROM child"), 2, "{name}");
            assert_eq!(sequence_rows(&conn), ["child=2", "seq=3"], "{name}");
        } else {
            assert_eq!(sequence_rows(&conn), ["seq=3"], "{name}");
        }
        assert_counter_at_3(&conn);
    }
}

#[test]
fn up_down_up_of_an_autoincrement_table_keeps_rows_and_counter() {
    let path = database(
        "autoinc-updownup",
        "CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
CREATE TABLE other (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
INSERT INTO seq (v) VALUES ('a'), (NULL), ('c');
DELETE FROM seq WHERE id = 3;
INSERT INTO other (v) VALUES ('o');",
    );
    let tables = json!([
        {"name": "seq", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "v", "type": "TEXT", "nullable": false, "default": "none"}]},
        {"name": "other", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "v", "type": "TEXT", "nullable": false, "default": "-"}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    conn.execute_batch("INSERT INTO seq (v) VALUES ('d'), ('e'); DELETE FROM seq WHERE id = 5;")
        .unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(seq_rows(&conn, "seq"), ["1:a", "2:none", "4:d"]);
    assert_eq!(sequence_rows(&conn), ["other=1", "seq=5"]);
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(seq_rows(&conn, "seq"), ["1:a", "2:none", "4:d"]);
    assert_eq!(sequence_rows(&conn), ["other=1", "seq=5"]);
    conn.execute("INSERT INTO seq (v) VALUES ('f')", [])
        .unwrap();
    assert_eq!(count(&conn, "SELECT max(id) FROM seq"), 6);
    assert_eq!(tables_named_like_old(&conn), 0);
}

#[test]
fn the_word_autoincrement_outside_a_key_does_not_block_the_rebuild_of_a_table_without_a_rowid_key()
{
    // A column whose name contains the word, a comment and a string that spell it: SQLite makes
    // none of these tables AUTOINCREMENT, and their keys are not rowids.
    for (name, create, note) in [
        ("column", "CREATE TABLE notes (code TEXT PRIMARY KEY, autoincrement_step INTEGER, note TEXT DEFAULT 'x', v TEXT)", "x"),
        ("comment", "CREATE TABLE notes (code TEXT PRIMARY KEY, -- not AUTOINCREMENT\n autoincrement_step INTEGER, note TEXT DEFAULT 'x', v TEXT)", "x"),
        ("string", "CREATE TABLE notes (code TEXT PRIMARY KEY, autoincrement_step INTEGER, note TEXT DEFAULT 'AUTOINCREMENT', v TEXT)", "AUTOINCREMENT"),
    ] {
        let path = database(
            &format!("autoinc-word-{name}"),
            &format!("{create};\nINSERT INTO notes (code, autoincrement_step, v) VALUES ('a', 1, NULL), ('b', 2, 'x');"),
        );
        let tables = json!([{"name": "notes", "primaryKey": ["code"], "columns": [
            {"name": "code", "type": "TEXT", "nullable": false},
            {"name": "autoincrement_step", "type": "INTEGER", "nullable": true},
            {"name": "note", "type": "TEXT", "nullable": true, "default": note},
            {"name": "v", "type": "TEXT", "nullable": false, "default": "-"}]}]);
        let result = generate(&path, tables, false);
        assert!(result.validation.valid, "{name}: {:?}", result.validation.errors);
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        conn.execute_batch(&result.up_migration).unwrap();
        assert_eq!(
            count(&conn, "SELECT count(*) FROM notes WHERE v = '-' AND code = 'a'"),
            1,
            "{name}"
        );
        assert!(!stored_sql(&conn, "notes").contains("AUTOINCREMENT,"), "{name}");
        assert_eq!(
            count(&conn, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"),
            0,
            "{name}"
        );
        conn.execute_batch(&result.down_migration).unwrap();
        assert_eq!(stored_sql(&conn, "notes"), create, "{name}");
        assert_eq!(count(&conn, "SELECT count(*) FROM notes"), 2, "{name}");
    }
}

#[test]
fn a_referenced_and_self_referencing_autoincrement_table_is_rebuilt_with_foreign_keys_on() {
    let path = database(
        "autoinc-fk",
        "PRAGMA foreign_keys = ON;
CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, parent_id INTEGER REFERENCES seq(id) ON DELETE CASCADE, v TEXT);
CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, seq_id INTEGER NOT NULL REFERENCES seq(id) ON DELETE CASCADE);
INSERT INTO seq (parent_id, v) VALUES (NULL, 'a'), (1, NULL), (2, 'c');
DELETE FROM seq WHERE id = 3;
INSERT INTO child (seq_id) VALUES (1), (2), (2);
DELETE FROM child WHERE id = 3;",
    );
    let tables = json!([
        {"name": "seq", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "parent_id", "type": "INTEGER", "nullable": true},
            {"name": "v", "type": "TEXT", "nullable": false, "default": "none"}],
         "foreignKeys": [{"columns": ["parent_id"], "referencedTable": "seq", "referencedColumns": ["id"], "onDelete": "CASCADE"}]},
        {"name": "child", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "seq_id", "type": "INTEGER", "nullable": false}],
         "foreignKeys": [{"columns": ["seq_id"], "referencedTable": "seq", "referencedColumns": ["id"], "onDelete": "CASCADE"}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert!(stored_sql(&conn, "seq").contains("id INTEGER PRIMARY KEY AUTOINCREMENT"));
    assert_eq!(seq_rows(&conn, "seq"), ["1:a", "2:none"]);
    assert_eq!(count(&conn, "SELECT count(*) FROM child"), 2);
    assert_eq!(sequence_rows(&conn), ["child=3", "seq=3"]);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(seq_rows(&conn, "seq"), ["1:a", "2:none"]);
    assert_eq!(count(&conn, "SELECT count(*) FROM child"), 2);
    assert_eq!(sequence_rows(&conn), ["child=3", "seq=3"]);
    assert_counter_at_3(&conn);
}

#[test]
fn a_rebuild_whose_temporary_name_is_taken_is_a_clear_refusal() {
    for (name, extra) in [
        ("left-table", "CREATE TABLE _mg_old_t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO _mg_old_t VALUES (1, 'kept');"),
        ("left-index", "CREATE TABLE other (x TEXT); CREATE INDEX _MG_OLD_T ON other (x);"),
    ] {
        let path = database(
            &format!("taken-{name}"),
            &format!("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w TEXT); {extra}"),
        );
        // v becomes NOT NULL (a rebuild); dropping w alone (a down rebuild) is refused the same way.
        for (tables, allow) in [
            (
                json!([{"name": "t", "columns": [
                    {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
                    {"name": "v", "type": "TEXT", "nullable": false, "default": "-"},
                    {"name": "w", "type": "TEXT", "nullable": true}]}]),
                false,
            ),
            (
                json!([{"name": "t", "columns": [
                    {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
                    {"name": "v", "type": "TEXT", "nullable": true}]}]),
                true,
            ),
        ] {
            let result = generate(&path, tables, allow);
            let errors = &result.validation.errors;
            assert!(
                errors
                    .iter()
                    .any(|e| e.code.as_str() == "DUPLICATE_NAME" && e.message.contains("_mg_old_t")),
                "{name}: {errors:?}"
            );
        }
    }
}

/// Found by tests/alter_random.rs: a table with an `ON DELETE RESTRICT` foreign key was taken
/// for a STRICT table (the word ends RESTRICT), so every change that needs a rebuild was refused
/// as UNSUPPORTED_FEATURE ("would not keep STRICT") and a new NUMERIC column as one "a STRICT
/// table" has no type for.
#[test]
fn a_restrict_foreign_key_does_not_make_a_table_strict() {
    let path = database(
        "restrict-not-strict",
        "CREATE TABLE p (id INTEGER PRIMARY KEY);
         CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE RESTRICT, v TEXT);
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1, NULL), (2, 1, 'x');",
    );
    let parent = json!({"name": "p", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true}]});
    let child = |v_nullable: bool, extra: Option<Value>| {
        let mut columns = vec![
            json!({"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true}),
            json!({"name": "p_id", "type": "INTEGER", "nullable": true}),
            if v_nullable {
                json!({"name": "v", "type": "TEXT", "nullable": true})
            } else {
                json!({"name": "v", "type": "TEXT", "nullable": false, "default": "-"})
            },
        ];
        columns.extend(extra);
        json!({"name": "c", "columns": columns, "foreignKeys": [
            {"columns": ["p_id"], "referencedTable": "p", "referencedColumns": ["id"], "onDelete": "RESTRICT"}]})
    };
    // v becomes NOT NULL: a rebuild, which keeps the RESTRICT action.
    let result = generate(&path, json!([parent.clone(), child(false, None)]), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert!(stored_sql(&conn, "c").contains("ON DELETE RESTRICT"));
    assert_eq!(count(&conn, "SELECT count(*) FROM c WHERE v = '-'"), 1);
    conn.execute_batch(&result.down_migration).unwrap();
    drop(conn);
    // A new NUMERIC column (a type a STRICT table would not take) is a plain ADD COLUMN.
    let numeric = json!({"name": "n", "type": "NUMERIC", "nullable": true});
    let result = generate(&path, json!([parent, child(true, Some(numeric))]), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        result
            .up_migration
            .contains("ALTER TABLE c ADD COLUMN n NUMERIC;"),
        "{}",
        result.up_migration
    );
}

/// Found by tests/alter_random.rs: one migration that takes a column out of `p`'s composite key
/// and removes `c`'s foreign key to that key rebuilt `p` first (the spec's order) and `c` second,
/// so its down migration, the reverse, put `c`'s foreign key back while `p`'s key was still the
/// new one: "foreign key mismatch", and the whole generation was refused as
/// GENERATED_SQL_REJECTED. A table whose foreign key goes away is now changed before the table
/// it referenced.
#[test]
fn a_foreign_key_removed_with_the_key_it_references_is_undone_after_the_key() {
    let before = "CREATE TABLE p (id INTEGER NOT NULL, code TEXT NOT NULL, PRIMARY KEY (id, code));
         CREATE TABLE c (id TEXT PRIMARY KEY NOT NULL, p_id INTEGER, p_code TEXT, FOREIGN KEY (p_id, p_code) REFERENCES p(id, code));
         INSERT INTO p VALUES (1, 'a'), (2, 'b'); INSERT INTO c VALUES ('x', 1, 'a'), ('y', NULL, NULL);";
    let path = database("fk-removed-with-key", before);
    let tables = json!([
        {"name": "p", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "code", "type": "TEXT", "nullable": false}]},
        {"name": "c", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "TEXT", "nullable": false},
            {"name": "p_id", "type": "INTEGER", "nullable": true},
            {"name": "p_code", "type": "TEXT", "nullable": true}]}
    ]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let master = |conn: &Connection| -> Vec<String> {
        conn.prepare("SELECT sql FROM sqlite_master ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .map(|r| r.unwrap().unwrap_or_default())
            .collect()
    };
    let original = master(&conn);
    conn.execute_batch(&result.up_migration).unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(master(&conn), original);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM c WHERE p_id = 1 AND p_code = 'a'"
        ),
        1
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
}

/// Found by tests/alter_random.rs: a narrowing type change of a referenced key, allowed with
/// allowDataLoss, converts the key's values with CAST (TEXT 'a' became REAL 0.0, which the
/// number check now refuses first), and the rows of another table that referenced them were left
/// without a parent: the rebuild checked only the rebuilt table's own foreign keys. It now checks
/// those that reference it too, and rolls back.
#[test]
fn a_rebuild_that_converts_a_referenced_key_checks_the_children_too() {
    let path = database(
        "cast-referenced-key",
        "CREATE TABLE p (id TEXT PRIMARY KEY NOT NULL, v TEXT);
         CREATE TABLE c (x TEXT, p_id TEXT REFERENCES p(id));
         INSERT INTO p VALUES ('a', NULL), ('2', NULL); INSERT INTO c VALUES ('one', 'a'), ('two', '2');",
    );
    let tables = json!([{"name": "p", "primaryKey": ["id"], "columns": [
        {"name": "id", "type": "REAL", "nullable": false},
        {"name": "v", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let error = conn.execute_batch(&result.up_migration).unwrap_err();
    // 'a' is no number: the rebuild now refuses it before the copy (it became 0.0 before).
    assert_eq!(
        error.to_string(),
        "CHECK constraint failed: text_that_is_not_a_number = 0"
    );
    assert!(conn.is_autocommit());
    assert_eq!(count(&conn, "SELECT count(*) FROM p WHERE id = 'a'"), 1);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    // A conversion of clean values that still breaks a child: REAL 1.0 becomes TEXT '1.0',
    // which c's INTEGER 1 (read as '1' by the key's affinity) no longer references.
    let path = database(
        "cast-referenced-key-to-text",
        "CREATE TABLE p (id REAL PRIMARY KEY NOT NULL, v TEXT);
         CREATE TABLE c (x TEXT, p_id INTEGER REFERENCES p(id));
         INSERT INTO p VALUES (1.0, NULL), (2.5, NULL); INSERT INTO c VALUES ('one', 1), ('two', 2.5);",
    );
    let tables = json!([{"name": "p", "primaryKey": ["id"], "columns": [
        {"name": "id", "type": "TEXT", "nullable": false},
        {"name": "v", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let error = conn.execute_batch(&result.up_migration).unwrap_err();
    // SQLite's message names the table whose rebuild broke the references (here in 'c').
    assert_eq!(
        error.to_string(),
        "CHECK constraint failed: foreign_key_violations_after_rebuild_of_p = 0"
    );
    assert!(conn.is_autocommit());
    assert_eq!(
        count(&conn, "SELECT count(*) FROM p WHERE typeof(id) = 'real'"),
        2
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
}

/// The clauses a rebuild would not keep are looked for as whole words: columns named
/// `generated_at`, `is_virtual`, `collated_by` or `strict_mode` made every rebuild of their table
/// UNSUPPORTED_FEATURE ("a generated column", "a virtual table", …), as RESTRICT did for STRICT.
#[test]
fn column_names_containing_clause_words_do_not_block_a_rebuild() {
    let path = database(
        "clause-words-in-names",
        "CREATE TABLE c (id INTEGER PRIMARY KEY, generated_at TEXT, is_virtual INTEGER, collated_by TEXT, strict_mode INTEGER, v TEXT);
         INSERT INTO c VALUES (1, '2026-01-01', 0, 'a', 1, NULL), (2, '2026-01-02', 1, 'b', 0, 'x');",
    );
    let columns = json!([
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "generated_at", "type": "TEXT", "nullable": true},
        {"name": "is_virtual", "type": "INTEGER", "nullable": true},
        {"name": "collated_by", "type": "TEXT", "nullable": true},
        {"name": "strict_mode", "type": "INTEGER", "nullable": true},
        {"name": "v", "type": "TEXT", "nullable": false, "default": "-"}
    ]);
    // v becomes NOT NULL: a rebuild.
    let result = generate(&path, json!([{"name": "c", "columns": columns}]), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM c WHERE v = '-'"), 1);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM c WHERE generated_at = '2026-01-02' AND is_virtual = 1"
        ),
        1
    );
    conn.execute_batch(&result.down_migration).unwrap();
    // Back to the stored definition (the NULL the up filled stays filled, as documented).
    assert!(stored_sql(&conn, "c").contains("strict_mode INTEGER, v TEXT)"));
    assert_eq!(count(&conn, "SELECT count(*) FROM c"), 2);
}

#[test]
fn a_unique_index_named_like_an_index_it_replaces_is_created_after_the_drop() {
    // The database's index of that name covers another column: it goes first, or the new
    // index's CREATE … IF NOT EXISTS would find the name taken, skip, and the drop would then
    // leave the table with neither.
    let path = database(
        "unique_same_name",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
CREATE INDEX uq_users_handle ON users(email);
INSERT INTO users VALUES (1, 'a@x');",
    );
    let tables = json!([{"name": "users", "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
        {"name": "email", "type": "TEXT", "nullable": true},
        {"name": "handle", "type": "TEXT", "nullable": true, "unique": true}]}]);
    let result = generate(&path, tables.clone(), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM pragma_index_info('uq_users_handle') WHERE name = 'handle'"
        ),
        1,
        "{}",
        result.up_migration
    );
    let again = generate(&path, tables, false);
    assert!(again.up_migration.is_empty(), "{}", again.up_migration);
}

#[test]
fn a_new_table_referencing_a_key_a_change_adds_is_created_after_that_change() {
    // `items` gets a key over (id, code) by a rebuild; the new table `labels` references that
    // key. Created first, a refused rebuild would leave `labels` referencing a non-key, and
    // every write to it failing with "foreign key mismatch".
    let before = "CREATE TABLE items (id INTEGER NOT NULL, code TEXT NOT NULL);
INSERT INTO items VALUES (1, 'a'), (1, 'a');";
    let tables = json!([
        {"name": "labels", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "item_id", "type": "INTEGER", "nullable": true},
            {"name": "item_code", "type": "TEXT", "nullable": true}],
         "foreignKeys": [{"columns": ["item_id", "item_code"], "referencedTable": "items", "referencedColumns": ["id", "code"]}]},
        {"name": "items", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "code", "type": "TEXT", "nullable": false}],
         "primaryKey": ["id", "code"]}]);
    let path = database("create_after_change", before);
    let result = generate(&path, tables.clone(), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let up = &result.up_migration;
    assert!(
        up.find("CREATE TABLE IF NOT EXISTS labels") > up.find("RENAME TO _mg_old_items"),
        "{up}"
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    assert_stopped_cleanly(&conn, up, "items", 2);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sqlite_master WHERE name = 'labels'"
        ),
        0
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );

    // Without the duplicate, up goes through, and down (labels dropped first) gives the file back.
    let path = database(
        "create_after_change_ok",
        &before.replace(", (1, 'a');", ";"),
    );
    let result = generate(&path, tables, false);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    conn.execute(
        "INSERT INTO labels (item_id, item_code) VALUES (1, 'a')",
        [],
    )
    .unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(
        stored_sql(&conn, "items"),
        "CREATE TABLE items (id INTEGER NOT NULL, code TEXT NOT NULL)"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM items"), 1);
}

#[test]
fn a_foreign_key_both_sides_already_have_does_not_order_a_cycle_wrongly() {
    // `t1` and `t8` reference each other already. `t8`'s key becomes (id, c9) and `t1` gains a
    // foreign key to that new key: `t8` must change first. The foreign key `t8` already has to
    // `t1` asks nothing of the order; counted, it made a cycle broken in the spec's order, `t1`
    // first, and SQLite refused its rebuild ("foreign key mismatch").
    let path = database(
        "kept_fk_cycle",
        "CREATE TABLE t1 (id INTEGER PRIMARY KEY, r14 TEXT REFERENCES t8(id));
CREATE TABLE t8 (id TEXT NOT NULL PRIMARY KEY, c9 INTEGER NOT NULL, r18 INTEGER NOT NULL REFERENCES t1(id) ON DELETE CASCADE, CONSTRAINT uq_t8_id UNIQUE (id));
INSERT INTO t1 VALUES (1, NULL);
INSERT INTO t8 VALUES ('a', 7, 1);
UPDATE t1 SET r14 = 'a';",
    );
    let tables = json!([
        {"name": "t1", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "r14", "type": "TEXT", "nullable": true},
            {"name": "r27", "type": "TEXT", "nullable": true},
            {"name": "r28", "type": "INTEGER", "nullable": true}],
         "foreignKeys": [
            {"columns": ["r14"], "referencedTable": "t8", "referencedColumns": ["id"]},
            {"columns": ["r27", "r28"], "referencedTable": "t8", "referencedColumns": ["id", "c9"]}]},
        {"name": "t8", "columns": [
            {"name": "id", "type": "TEXT", "nullable": false},
            {"name": "c9", "type": "INTEGER", "nullable": false},
            {"name": "r18", "type": "INTEGER", "nullable": false}],
         "primaryKey": ["id", "c9"],
         "uniqueConstraints": [{"name": "uq_t8_id", "columns": ["id"]}],
         "foreignKeys": [{"columns": ["r18"], "referencedTable": "t1", "referencedColumns": ["id"], "onDelete": "CASCADE"}]}]);
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let up = &result.up_migration;
    assert!(
        up.find("RENAME TO _mg_old_t8") < up.find("RENAME TO _mg_old_t1"),
        "{up}"
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let schema_before = stored_sql(&conn, "t1") + &stored_sql(&conn, "t8");
    conn.execute_batch(up).unwrap();
    conn.execute("UPDATE t1 SET r27 = 'a', r28 = 7", [])
        .unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    conn.execute("UPDATE t1 SET r27 = NULL, r28 = NULL", [])
        .unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(
        stored_sql(&conn, "t1") + &stored_sql(&conn, "t8"),
        schema_before
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM t8"), 1);
}

#[test]
fn a_foreign_key_naming_a_changed_table_in_another_case_is_checked_against_the_spec_table() {
    // The database spells the table `Items`, the spec `items` (making `code` unique), and the
    // new table's foreign key `Items` (as SQLite matches names, either case). The key is checked
    // against the table as the migration leaves it, not as the database has it now (before:
    // INVALID_FOREIGN_KEY, `code` not being unique in the database yet).
    let before = "CREATE TABLE Items (id INTEGER PRIMARY KEY, code TEXT);
INSERT INTO Items VALUES (1, 'x'), (2, 'x');";
    let tables = json!([
        {"name": "labels", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "item_code", "type": "TEXT", "nullable": true}],
         "foreignKeys": [{"columns": ["item_code"], "referencedTable": "Items", "referencedColumns": ["code"]}]},
        {"name": "items", "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "code", "type": "TEXT", "nullable": true, "unique": true}]}]);
    let path = database("fk_other_case", before);
    let result = generate(&path, tables.clone(), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    // Created after the change that adds the key it references: the refused change stops the
    // runner before the table exists.
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    assert_stopped_cleanly(&conn, &result.up_migration, "Items", 2);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sqlite_master WHERE name = 'labels'"
        ),
        0
    );

    let path = database("fk_other_case_ok", &before.replace("(2, 'x')", "(2, 'y')"));
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(&result.up_migration).unwrap();
    conn.execute("INSERT INTO labels (item_code) VALUES ('y')", [])
        .unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(
        stored_sql(&conn, "Items"),
        "CREATE TABLE Items (id INTEGER PRIMARY KEY, code TEXT)"
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM Items"), 2);

    // A spec that takes the key away is still refused, whichever case names the table.
    let path = database(
        "fk_other_case_dropped",
        "CREATE TABLE Items (id INTEGER PRIMARY KEY, code TEXT UNIQUE);",
    );
    let result = generate(
        &path,
        json!([
            {"name": "labels", "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
                {"name": "item_code", "type": "TEXT", "nullable": true}],
             "foreignKeys": [{"columns": ["item_code"], "referencedTable": "ITEMS", "referencedColumns": ["code"]}]},
            {"name": "items", "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
                {"name": "code", "type": "TEXT", "nullable": true}]}]),
        true,
    );
    assert!(!result.validation.valid, "{}", result.up_migration);
    assert!(codes(&result.validation.errors).contains(&"INVALID_FOREIGN_KEY"));
}

/// A table whose foreign keys are `DEFERRABLE INITIALLY DEFERRED` (as Django writes every one on
/// SQLite) can be rebuilt: each key the spec keeps stays deferred (its action may change), a key
/// the spec drops goes, the rows stay, the next run is SKIP, and the down migration brings back
/// the very text the table had.
#[test]
fn a_rebuild_keeps_the_deferral_of_the_foreign_keys_it_keeps() {
    let path = database(
        "deferred",
        r#"CREATE TABLE "app_author" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL);
CREATE TABLE "app_pair" ("x" integer NOT NULL, "y" integer NOT NULL, PRIMARY KEY ("x", "y"));
CREATE TABLE "app_book" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "author_id" bigint NOT NULL REFERENCES "app_author" ("id") DEFERRABLE INITIALLY DEFERRED, "editor_id" bigint NULL REFERENCES "app_author" ("id") DEFERRABLE INITIALLY DEFERRED, "a" integer NULL, "b" integer NULL, CONSTRAINT "pair" FOREIGN KEY ("a", "b") REFERENCES "app_pair" ("x", "y") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO app_author VALUES (1, 'A'), (2, 'B');
INSERT INTO app_pair VALUES (1, 2);
INSERT INTO app_book VALUES (1, 'T', 1, 2, 1, 2);"#,
    );
    let stored = |conn: &Connection| -> String {
        conn.query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'app_book'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = stored(&migration_generator::sqlite_memory::open(&path).unwrap());
    let pulled = pull(&path);
    assert_eq!(pulled["ok"], true, "{pulled}");
    let mut tables = pulled["spec"]["tables"].clone();
    let book = tables
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["name"] == "app_book")
        .unwrap();
    // A rebuild: `title` becomes nullable; the editor's key goes; the author's gets an action.
    book["columns"][1]["nullable"] = json!(true);
    let fks = book["foreignKeys"].as_array_mut().unwrap();
    fks.retain(|fk| fk["columns"] != json!(["editor_id"]));
    for fk in fks.iter_mut() {
        if fk["columns"] == json!(["author_id"]) {
            fk["onDelete"] = json!("CASCADE");
        }
    }
    let result = generate(&path, tables.clone(), false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        result.up_migration.contains(
            "author_id bigint NOT NULL REFERENCES app_author(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"
        ),
        "{}",
        result.up_migration
    );
    let copy = path.with_file_name("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    let conn = migration_generator::sqlite_memory::open(&copy).unwrap();
    conn.execute_batch(&result.up_migration)
        .unwrap_or_else(|e| panic!("{e}\n{}", result.up_migration));
    let after = stored(&conn);
    assert_eq!(
        after.matches("DEFERRABLE INITIALLY DEFERRED").count(),
        2,
        "{after}"
    );
    assert!(!after.contains("editor_id bigint REFERENCES"), "{after}");
    let row: (String, i64) = conn
        .query_row("SELECT title, author_id FROM app_book", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(row, ("T".to_string(), 1));
    // Deferred: a child written before its parent in one transaction commits.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; BEGIN;
         INSERT INTO app_book (title, author_id) VALUES ('later', 9);
         INSERT INTO app_author VALUES (9, 'late');
         COMMIT;",
    )
    .unwrap();
    // ...and one whose parent never comes fails at COMMIT.
    assert!(conn
        .execute_batch(
            "BEGIN; INSERT INTO app_book (title, author_id) VALUES ('orphan', 77); COMMIT;"
        )
        .is_err());
    conn.execute_batch("ROLLBACK;").unwrap();
    conn.execute_batch("DELETE FROM app_book WHERE id > 1; DELETE FROM app_author WHERE id = 9;")
        .unwrap();
    drop(conn);
    let again = generate(&copy, tables, false);
    assert!(again.validation.valid, "{:?}", again.validation.errors);
    assert!(again.up_migration.is_empty(), "{}", again.up_migration);
    // Down: the very text the table had.
    let conn = migration_generator::sqlite_memory::open(&copy).unwrap();
    conn.execute_batch(&result.down_migration)
        .unwrap_or_else(|e| panic!("{e}\n{}", result.down_migration));
    assert_eq!(stored(&conn), before);
}

/// Runs `sql` as a runner does, with foreign keys enforced.
fn run_with_foreign_keys(conn: &Connection, sql: &str) {
    conn.execute_batch(&format!("PRAGMA foreign_keys = ON;\n{sql}"))
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

/// The messages of `result`'s warnings of `code`.
fn warning_messages<'a>(result: &'a GeneratedMigration, code: &str) -> Vec<&'a str> {
    result
        .validation
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == code)
        .map(|w| w.message.as_str())
        .collect()
}

/// A kept column's default and CHECK that end in a `--` comment (a line break and `)` after it in
/// the table's text): SQLite gives both without the line break, and written back as `DEFAULT (…)`
/// and `CHECK (…)` the comment hid the `)`: the migration was refused by its own check
/// (`GENERATED_SQL_REJECTED`). Each now ends its comment, and the rebuild keeps the canary.
#[test]
fn kept_default_and_check_ending_in_a_line_comment_are_rebuilt() {
    let path = database(
        "line-comment-ends",
        "CREATE TABLE canary (x INTEGER PRIMARY KEY);
         INSERT INTO canary VALUES (1);
         CREATE TABLE items (
           id INTEGER PRIMARY KEY,
           body TEXT,
           kept TEXT DEFAULT ('a' -- note ); DELETE FROM canary;
           ) CHECK (kept <> 'b' -- ); DELETE FROM canary; --
           ),
           n INTEGER
         );
         INSERT INTO items VALUES (1, NULL, 'a', 5);",
    );
    let m = generate(
        &path,
        json!([{ "name": "items", "timestamps": false, "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
            { "name": "body", "type": "TEXT", "nullable": false, "default": "z" },
            { "name": "n", "type": "INTEGER", "nullable": true }
        ] }]),
        false,
    );
    assert!(m.validation.valid, "{:?}", m.validation.errors);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(&m.up_migration).unwrap();
    conn.execute_batch("INSERT INTO items (id, n) VALUES (2, 1)")
        .unwrap();
    let kept: String = conn
        .query_row("SELECT kept FROM items WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "a");
    assert!(conn
        .execute_batch("INSERT INTO items (id, kept) VALUES (3, 'b')")
        .is_err());
    conn.execute_batch(&m.down_migration).unwrap();
    let canary: i64 = conn
        .query_row("SELECT count(*) FROM canary", [], |r| r.get(0))
        .unwrap();
    assert_eq!(canary, 1);
}

/// Found by the user trial of databases other ORMs made: Drizzle Kit writes a CHECK and a
/// partial index's WHERE with the column through the table's name (`"users"."age"`), and
/// SQLite refuses to rename such a table away with `legacy_alter_table` on ("error in table
/// _mg_old_users after rename: no such column: users.age"), so any rebuild of it was refused,
/// whether the spec kept the pulled CHECK or wrote it with the column alone. It is renamed away
/// with it off and the new table renamed away and back after the drop: the rows, the CHECK, the
/// partial index and the children's foreign keys (which the renames take along) all survive, up
/// and down, and the unchanged pulled spec is still NO_CHANGES after either.
#[test]
fn a_table_whose_text_names_its_columns_through_its_name_is_rebuilt() {
    const DRIZZLE: &str = "CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`age` integer,
	CONSTRAINT \"age_check\" CHECK(\"users\".\"age\" >= 0)
);
CREATE INDEX `users_adults` ON `users` (`email`) WHERE \"users\".\"age\" >= 18;
CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
INSERT INTO users (email, age) VALUES ('a@x', 30), ('b@x', NULL), ('c@x', 12);
INSERT INTO api_keys VALUES (1, 1), (2, 3), (3, 3);";
    for (name, check) in [
        (
            "qualified",
            "\"users\".\"age\" >= 0 AND \"users\".\"age\" < 200",
        ),
        ("alone", "age >= 0 AND age < 200"),
    ] {
        let path = database(&format!("drizzle-{name}"), DRIZZLE);
        let pulled = pull(&path)["spec"]["tables"].clone();
        let users = pulled
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "users")
            .unwrap();
        assert_eq!(
            users["checkConstraints"][0]["expression"], "\"users\".\"age\" >= 0",
            "{name}"
        );
        let same = generate(&path, pulled.clone(), false);
        assert_eq!(codes(&same.validation.warnings), ["NO_CHANGES"], "{name}");
        let mut tables = pulled.clone();
        let t = tables
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|t| t["name"] == "users")
            .unwrap();
        t["checkConstraints"][0]["expression"] = json!(check);
        let result = generate_rebuild(&path, tables, "users");
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        let before = schema_text(&conn);
        conn.execute_batch(&result.up_migration)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(count(&conn, "SELECT count(*) FROM users"), 3, "{name}");
        assert_eq!(
            count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
            0,
            "{name}"
        );
        assert_eq!(tables_named_like_old(&conn), 0, "{name}");
        // The children still reference users (not the renamed table), the new CHECK holds, the
        // partial index is back.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM pragma_foreign_key_list('api_keys') WHERE \"table\" = 'users'"
            ),
            1,
            "{name}"
        );
        for age in [-1, 200] {
            assert!(
                conn.execute("INSERT INTO users (email, age) VALUES ('x@x', ?1)", [age])
                    .is_err(),
                "{name}: age {age} taken"
            );
        }
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM users INDEXED BY users_adults WHERE age >= 18"
            ),
            1,
            "{name}"
        );
        let again = generate(&path, pull(&path)["spec"]["tables"].clone(), false);
        assert_eq!(codes(&again.validation.warnings), ["NO_CHANGES"], "{name}");
        conn.execute_batch(&result.down_migration)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // The same texts but for the double quotes SQLite writes where it renamed the table.
        let unquoted = |texts: Vec<String>| -> Vec<String> {
            texts.iter().map(|t| t.replace('`', "\"")).collect()
        };
        assert_eq!(unquoted(schema_text(&conn)), unquoted(before), "{name}");
        assert_eq!(count(&conn, "SELECT count(*) FROM users"), 3, "{name}");
        assert!(conn
            .execute("INSERT INTO users (email, age) VALUES ('x@x', -1)", [])
            .is_err());
        let same = generate(&path, pulled.clone(), false);
        assert_eq!(codes(&same.validation.warnings), ["NO_CHANGES"], "{name}");
        // The cascade still reaches the children.
        conn.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM users WHERE id = 3;")
            .unwrap();
        assert_eq!(count(&conn, "SELECT count(*) FROM api_keys"), 1, "{name}");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

#[test]
fn a_rowid_key_that_becomes_one_column_of_a_composite_key_is_said_to_be_numbered_no_more() {
    // `id INTEGER PRIMARY KEY` is the rowid, which SQLite numbers: an insert may leave it out.
    // In a key of several columns it is a plain NOT NULL column, and such an insert fails; the
    // migration said nothing of it (from a file or from previousSpec alike).
    let items = |key: Value| {
        json!([{"name": "items", "timestamps": false, "primaryKey": key, "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "shop", "type": "TEXT", "nullable": false},
            {"name": "name", "type": "TEXT", "nullable": true}]}])
    };
    let from_file = {
        let path = database(
            "rowid-into-composite",
            "CREATE TABLE items (id INTEGER PRIMARY KEY, shop TEXT NOT NULL, name TEXT);
             INSERT INTO items (shop, name) VALUES ('a', 'x');",
        );
        (
            generate(&path, items(json!(["shop", "id"])), false),
            Some(path),
        )
    };
    let from_previous = generate_str(
        &json!({
            "description": "change", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z",
            "tables": items(json!(["shop", "id"])),
            "previousSpec": {"description": "start", "databaseType": "sqlite", "tables": items(json!(["id"]))}
        })
        .to_string(),
    );
    for (what, (result, path)) in [("file", from_file), ("previousSpec", (from_previous, None))] {
        assert!(
            result.validation.valid,
            "{what}: {:?}",
            result.validation.errors
        );
        let said: Vec<_> = (result.validation.warnings.iter())
            .filter(|w| w.code.as_str() == "NOT_NULL_WITHOUT_DEFAULT")
            .collect();
        assert_eq!(said.len(), 1, "{what}: {:?}", result.validation.warnings);
        assert_eq!(said[0].column.as_deref(), Some("id"), "{what}");
        assert_eq!(said[0].table.as_deref(), Some("items"), "{what}");
        assert!(
            said[0].message.contains("no longer SQLite's rowid")
                && said[0].message.contains("(shop, id)"),
            "{what}: {}",
            said[0].message
        );
        assert!(
            (said[0].suggestion.as_deref().unwrap_or_default())
                .contains("keep primaryKey [\"id\"], which SQLite numbers, and make (shop, id) a uniqueConstraint"),
            "{what}: {:?}",
            said[0].suggestion
        );
        // What the warning says is so.
        let conn = match &path {
            Some(p) => migration_generator::sqlite_memory::open(p).unwrap(),
            None => {
                // The database previousSpec describes, as its own migration makes it.
                let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
                let start = generate_str(
                    &json!({"description": "start", "databaseType": "sqlite", "tables": items(json!(["id"]))})
                        .to_string(),
                );
                conn.execute_batch(&start.up_migration).unwrap();
                conn.execute_batch("INSERT INTO items (shop, name) VALUES ('a', 'x');")
                    .unwrap();
                conn
            }
        };
        conn.execute_batch("INSERT INTO items (shop, name) VALUES ('a', 'y');")
            .unwrap();
        conn.execute_batch(&result.up_migration).unwrap();
        let refused = conn
            .execute_batch("INSERT INTO items (shop, name) VALUES ('b', 'z');")
            .unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("NOT NULL constraint failed: items.id"),
            "{what}: {refused}"
        );
        assert_eq!(count(&conn, "SELECT count(*) FROM items"), 2, "{what}");
        conn.execute_batch("INSERT INTO items (id, shop, name) VALUES (3, 'b', 'z');")
            .unwrap();
    }
    // A rowid that stays the whole key, or a composite key without the rowid, says nothing.
    let path = database(
        "rowid-stays",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, shop TEXT NOT NULL, name TEXT);",
    );
    let mut tables = items(json!(["id"]));
    tables[0]["columns"][2]["nullable"] = json!(false);
    tables[0]["columns"][2]["default"] = json!("");
    let result = generate(&path, tables, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(
        !codes(&result.validation.warnings).contains(&"NOT_NULL_WITHOUT_DEFAULT"),
        "{:?}",
        result.validation.warnings
    );
}
