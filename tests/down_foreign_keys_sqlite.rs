//! SQLite down migrations whose drops foreign keys would refuse one table at a time — a table
//! whose foreign key to itself is `ON DELETE RESTRICT`, tables whose foreign keys form a cycle —
//! run on the bundled SQLite with rows, with foreign keys on and off, inside a runner's
//! transaction and outside one: the schema after down is the one before up, and `foreign_keys`
//! is as the connection had it. Where no way exists inside a transaction (a cycle with an
//! `ON DELETE CASCADE`), the down migration stops before anything changed, with a guard that
//! names the reason. Also the up migration's drops (`dropTablesNotInSpec`) and rebuild of such a
//! table.

mod common;

use migration_generator::generate_str;
use migration_generator::output::{GeneratedMigration, OutsideTransaction};
use rusqlite::Connection;
use serde_json::{json, Value};

fn generate(tables: Value) -> GeneratedMigration {
    let spec = json!({ "description": "p", "databaseType": "sqlite", "timestamps": false,
        "now": "2026-02-09T12:00:00Z", "tables": tables });
    let r = generate_str(&spec.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    r
}

/// The user trial's spec: a self-referencing `RESTRICT` key.
fn categories() -> Value {
    json!([{ "name": "categories", "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
        { "name": "parent_id", "type": "INTEGER", "nullable": true }],
      "foreignKeys": [{ "columns": ["parent_id"], "referencedTable": "categories",
        "referencedColumns": ["id"], "onDelete": "RESTRICT" }] }])
}

/// `teams.captain_id` → `players`, `players.team_id` → `teams`, with `action` (none: NO ACTION).
fn teams_and_players(action: Option<&str>) -> Value {
    let fk = |column: &str, table: &str| {
        let mut fk =
            json!({ "columns": [column], "referencedTable": table, "referencedColumns": ["id"] });
        if let Some(a) = action {
            fk["onDelete"] = json!(a);
        }
        fk
    };
    json!([
        { "name": "teams", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "captain_id", "type": "INTEGER", "nullable": true }],
          "foreignKeys": [fk("captain_id", "players")] },
        { "name": "players", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "team_id", "type": "INTEGER", "nullable": true }],
          "foreignKeys": [fk("team_id", "teams")] }
    ])
}

const CATEGORY_ROWS: &str = "INSERT INTO categories VALUES (1, NULL), (2, 1), (3, 2);";
const TEAM_ROWS: &str = "INSERT INTO teams VALUES (1, NULL); INSERT INTO players VALUES (1, 1), (2, 1); UPDATE teams SET captain_id = 2;";

fn foreign_keys(conn: &Connection) -> bool {
    conn.query_row("PRAGMA foreign_keys", [], |r| r.get::<_, i64>(0))
        .unwrap()
        == 1
}

/// A database with the canary and foreign keys as `on` says.
fn database(on: bool) -> Connection {
    let conn = common::database_with_canary();
    conn.execute_batch(if on {
        "PRAGMA foreign_keys = ON;"
    } else {
        "PRAGMA foreign_keys = OFF;"
    })
    .unwrap();
    conn
}

/// `sql`, inside `BEGIN` … `COMMIT` when `transaction`.
fn as_runner(sql: &str, transaction: bool) -> String {
    if transaction {
        format!("BEGIN;\n{sql}\nCOMMIT;")
    } else {
        sql.to_string()
    }
}

/// Up (with rows written with foreign keys on), then down, four ways: the schema comes back,
/// foreign keys are as they were, no transaction is left open, and up runs again. Neither script
/// is said to need running outside a transaction.
fn round_trips(r: &GeneratedMigration, rows: &str) {
    assert_eq!(
        r.metadata.outside_transaction,
        OutsideTransaction::default()
    );
    for on in [true, false] {
        for transaction in [false, true] {
            let how = format!("foreign keys {on}, in a transaction: {transaction}");
            let conn = database(on);
            let before = common::schema_texts(&conn);
            conn.execute_batch(&r.up_migration).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA foreign_keys = ON; {rows} PRAGMA foreign_keys = {};",
                if on { "ON" } else { "OFF" }
            ))
            .unwrap();
            conn.execute_batch(&as_runner(&r.down_migration, transaction))
                .unwrap_or_else(|e| panic!("{how}: down fails: {e}\n{}", r.down_migration));
            assert!(conn.is_autocommit(), "{how}: a transaction is left open");
            assert_eq!(common::schema_texts(&conn), before, "{how}");
            assert_eq!(foreign_keys(&conn), on, "{how}: foreign_keys changed");
            conn.execute_batch(&r.up_migration)
                .unwrap_or_else(|e| panic!("{how}: up again fails: {e}"));
        }
    }
}

/// The user trial: `DROP TABLE` is an implicit `DELETE`, and the `RESTRICT` key refused the
/// delete of row 1 while row 2 still referenced it (`FOREIGN KEY constraint failed`).
#[test]
fn a_self_referencing_restrict_table_with_rows_drops() {
    let r = generate(categories());
    assert!(r.down_migration.contains("PRAGMA defer_foreign_keys = ON;"));
    assert!(!r.down_migration.contains("PRAGMA foreign_keys"));
    round_trips(&r, CATEGORY_ROWS);
}

/// A self-reference with another action needs nothing: the drop stays as it was.
#[test]
fn a_self_reference_without_restrict_is_dropped_as_it_is() {
    let mut tables = categories();
    tables[0]["foreignKeys"][0]["onDelete"] = json!("NO ACTION");
    let r = generate(tables);
    assert_eq!(r.down_migration.trim(), "DROP TABLE IF EXISTS categories;");
    round_trips(&r, CATEGORY_ROWS);
}

/// A two-table cycle, NO ACTION or RESTRICT: its down migration ran with `PRAGMA foreign_keys =
/// OFF`, which does nothing inside a transaction (`FOREIGN KEY constraint failed` there), and
/// ended with `PRAGMA foreign_keys = ON` for a connection that had them off.
#[test]
fn a_cycle_with_rows_drops_inside_a_transaction_and_outside() {
    for action in [None, Some("NO ACTION"), Some("RESTRICT")] {
        let r = generate(teams_and_players(action));
        assert!(
            !r.down_migration.contains("PRAGMA foreign_keys"),
            "{action:?}"
        );
        round_trips(&r, TEAM_ROWS);
    }
}

/// A cycle with `ON DELETE CASCADE`: SQLite compiles the cascade with the foreign keys of the
/// table it acts on, one of which names the table dropped first ("no such table"), deferred or
/// not; only foreign keys off work. Outside a transaction (or inside one that had them off) the
/// down migration works; inside one with them on, the guard stops it before anything changed.
#[test]
fn a_cascading_cycle_runs_with_foreign_keys_off_and_says_so_inside_a_transaction() {
    let r = generate(teams_and_players(Some("CASCADE")));
    assert!(
        r.down_migration.starts_with("PRAGMA foreign_keys = OFF;"),
        "{}",
        r.down_migration
    );
    let down_only = OutsideTransaction {
        up: false,
        down: true,
    };
    assert_eq!(r.metadata.outside_transaction, down_only);
    for on in [true, false] {
        for transaction in [false, true] {
            let how = format!("foreign keys {on}, in a transaction: {transaction}");
            let conn = database(on);
            let before = common::schema_texts(&conn);
            conn.execute_batch(&r.up_migration).unwrap();
            conn.execute_batch(&format!("PRAGMA foreign_keys = ON; {TEAM_ROWS}"))
                .unwrap();
            conn.execute_batch(if on {
                "PRAGMA foreign_keys = ON;"
            } else {
                "PRAGMA foreign_keys = OFF;"
            })
            .unwrap();
            let after_up = common::schema_texts(&conn);
            let ran = conn.execute_batch(&as_runner(&r.down_migration, transaction));
            if on && transaction {
                let e = ran.unwrap_err().to_string();
                assert!(
                    e.contains("foreign_keys_off_so_run_this_migration_outside_a_transaction"),
                    "{how}: {e}"
                );
                conn.execute_batch("ROLLBACK;").unwrap();
                assert_eq!(common::schema_texts(&conn), after_up, "{how}");
                continue;
            }
            ran.unwrap_or_else(|e| panic!("{how}: down fails: {e}"));
            assert!(conn.is_autocommit(), "{how}");
            assert_eq!(common::schema_texts(&conn), before, "{how}");
            // Turned on again at the end outside a transaction, whatever they were (SQLite has
            // no conditional PRAGMA); inside one, they were off already and stay off.
            assert_eq!(foreign_keys(&conn), on || !transaction, "{how}");
        }
    }
}

/// A table made since the migration, whose rows reference a table of the cycle: with foreign
/// keys on, the guard rolls the drops back (no transaction left open, both tables still there)
/// where the `RELEASE` would have failed and left the `SAVEPOINT` open; with them off, the
/// tables go, as a plain `DROP TABLE` would.
#[test]
fn rows_of_a_table_made_since_that_reference_the_cycle_roll_the_drops_back() {
    let r = generate(teams_and_players(None));
    for on in [true, false] {
        let conn = database(on);
        conn.execute_batch(&r.up_migration).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = ON; {TEAM_ROWS} CREATE TABLE fans (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams (id)); INSERT INTO fans VALUES (1, 1); PRAGMA foreign_keys = {};",
            if on { "ON" } else { "OFF" }
        ))
        .unwrap();
        let ran = conn.execute_batch(&r.down_migration);
        assert!(conn.is_autocommit(), "foreign keys {on}");
        let tables = common::tables(&conn);
        if on {
            let e = ran.unwrap_err().to_string();
            assert!(
                e.contains("rows_of_other_tables_referencing_dropped_tables"),
                "{e}"
            );
            assert!(
                tables.contains("teams") && tables.contains("players"),
                "{tables:?}"
            );
        } else {
            ran.unwrap();
            assert!(
                !tables.contains("teams") && !tables.contains("players"),
                "{tables:?}"
            );
        }
    }
}

/// A database file holding `categories` (self-referencing, `ON DELETE RESTRICT`, with rows) and
/// `users`, and a spec of `tables` against it.
fn against_file(
    name: &str,
    tables: Value,
    extra: Value,
) -> (std::path::PathBuf, GeneratedMigration) {
    let dir = std::env::temp_dir().join(format!("mg-down-fk-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    migration_generator::sqlite_memory::open(&path)
        .unwrap()
        .execute_batch(&format!(
            "PRAGMA foreign_keys = ON; CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL); CREATE TABLE categories (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, parent_id INTEGER REFERENCES categories (id) ON DELETE RESTRICT); {CATEGORY_ROWS}"
        ))
        .unwrap();
    let mut spec = json!({ "description": "p", "databaseType": "sqlite", "timestamps": false,
        "now": "2026-02-09T12:00:00Z", "existingDbPath": path.to_str().unwrap(), "tables": tables });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            spec[k] = v;
        }
    }
    let r = generate_str(&spec.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    (path, r)
}

/// Up then down on a copy of the file, with foreign keys on and off, inside a runner's
/// transaction or not as `transactions` says: both run, and the schema comes back. Where they
/// run inside one, neither is said to need running outside.
fn round_trips_on_file(path: &std::path::Path, r: &GeneratedMigration, transactions: &[bool]) {
    if transactions.contains(&true) {
        assert_eq!(
            r.metadata.outside_transaction,
            OutsideTransaction::default()
        );
    }
    for on in [true, false] {
        for &transaction in transactions {
            let how = format!("foreign keys {on}, in a transaction: {transaction}");
            let copy = path.with_file_name(format!("run-{on}-{transaction}.db"));
            std::fs::copy(path, &copy).unwrap();
            let conn = migration_generator::sqlite_memory::open(&copy).unwrap();
            conn.execute_batch(if on {
                "PRAGMA foreign_keys = ON;"
            } else {
                "PRAGMA foreign_keys = OFF;"
            })
            .unwrap();
            let before = common::schema_texts(&conn);
            conn.execute_batch(&as_runner(&r.up_migration, transaction))
                .unwrap_or_else(|e| panic!("{how}: up fails: {e}\n{}", r.up_migration));
            assert!(conn.is_autocommit(), "{how}");
            conn.execute_batch(&as_runner(&r.down_migration, transaction))
                .unwrap_or_else(|e| panic!("{how}: down fails: {e}\n{}", r.down_migration));
            assert!(conn.is_autocommit(), "{how}");
            assert_eq!(common::schema_texts(&conn), before, "{how}");
        }
    }
}

/// `dropTablesNotInSpec` drops a self-referencing `RESTRICT` table holding rows: its drops are
/// deferred (`defer_foreign_keys`), which holds for `RESTRICT` too, inside a transaction or not.
#[test]
fn drop_tables_not_in_spec_drops_a_self_referencing_restrict_table_with_rows() {
    let users = json!([{ "name": "users", "primaryKey": ["id"], "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false }] }]);
    let (path, r) = against_file(
        "drop",
        users,
        json!({ "dropTablesNotInSpec": true, "allowDataLoss": true }),
    );
    assert!(
        r.up_migration.contains("DROP TABLE categories;"),
        "{}",
        r.up_migration
    );
    round_trips_on_file(&path, &r, &[false, true]);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// A rebuild of a self-referencing `RESTRICT` table holding rows (a new CHECK): the table
/// references itself, so its rebuild turns foreign keys off like that of a table other tables
/// reference, up and down, and runs outside a transaction, with foreign keys on or off; inside
/// one with them on, the guard stops it before anything changed, naming the reason.
#[test]
fn a_rebuild_of_a_self_referencing_restrict_table_with_rows_runs_outside_a_transaction() {
    let mut tables = categories();
    tables[0]["checkConstraints"] =
        json!([{ "name": "no_self_parent", "expression": "parent_id <> id" }]);
    tables
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "users", "primaryKey": ["id"],
        "columns": [{ "name": "id", "type": "INTEGER", "nullable": false }] }));
    let (path, r) = against_file("rebuild", tables, json!({}));
    assert!(
        r.up_migration.contains("_mg_old_categories"),
        "{}",
        r.up_migration
    );
    round_trips_on_file(&path, &r, &[false]);
    let both = OutsideTransaction {
        up: true,
        down: true,
    };
    assert_eq!(r.metadata.outside_transaction, both);
    let copy = path.with_file_name("in-a-transaction.db");
    std::fs::copy(&path, &copy).unwrap();
    let conn = migration_generator::sqlite_memory::open(&copy).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let before = common::schema_texts(&conn);
    let e = conn
        .execute_batch(&as_runner(&r.up_migration, true))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("foreign_keys_off_so_run_this_migration_outside_a_transaction"),
        "{e}"
    );
    conn.execute_batch("ROLLBACK;").unwrap();
    assert_eq!(common::schema_texts(&conn), before);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}
