//! A table that a migration from `previousSpec` drops (`dropTablesNotInSpec`, `allowDataLoss`)
//! takes its auto-increment counter with it, on every dialect: SQLite's `sqlite_sequence` row,
//! PostgreSQL's owned SERIAL/IDENTITY sequence and MySQL's `AUTO_INCREMENT` go with the table,
//! and the down migration (or a later migration that creates the table again) makes it anew,
//! counting from 1. Its `DATA_LOSS` warning says so, in the same words on every dialect (only
//! for a table with an auto-increment key), and the engines show it: rows written, up, down, a
//! row written again takes id 1 (bundled SQLite, PostgreSQL 15 and MariaDB 10.11, the servers
//! through tests/common/servers.rs, skipped loudly where unreachable unless CI=true).

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generate;
use serde_json::{json, Value};
use servers::Server;

/// The words a dropped table with an auto-increment key gets, on every dialect.
const COUNTER: &str = ", its auto-increment counter starting again from 1 (the counter goes with the table, and neither the down migration nor a later migration that creates the table again puts its value back): new rows can take the ids of the rows lost";

fn spec(db: &str, tables: Value, dropping: bool) -> Value {
    json!({ "description": "s", "databaseType": db, "timestamps": false,
            "dropTablesNotInSpec": dropping, "allowDataLoss": dropping, "tables": tables })
}

/// `keep (id)`, which stays.
fn keep() -> Value {
    json!({ "name": "keep", "primaryKey": ["id"], "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false } ] })
}

/// `logs (id auto-increment, line)`.
fn logs() -> Value {
    json!({ "name": "logs", "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
        { "name": "line", "type": "VARCHAR", "length": 20, "nullable": true } ] })
}

/// `notes (code, line)`: no auto-increment key.
fn notes() -> Value {
    json!({ "name": "notes", "primaryKey": ["code"], "columns": [
        { "name": "code", "type": "VARCHAR", "length": 10, "nullable": false },
        { "name": "line", "type": "VARCHAR", "length": 20, "nullable": true } ] })
}

/// The migration from `[keep, logs, notes]` to `[keep]` (dropping the other two), from
/// previousSpec; the `CREATE` of `[keep, logs, notes]`, and the migration from `[keep]` that
/// creates `logs` again.
fn migrations(db: &str) -> (Value, Value, Value) {
    let mut drop = spec(db, json!([keep()]), true);
    drop["previousSpec"] = spec(db, json!([keep(), logs(), notes()]), false);
    let create = spec(db, json!([keep(), logs(), notes()]), false);
    let mut again = spec(db, json!([keep(), logs()]), false);
    again["previousSpec"] = spec(db, json!([keep()]), false);
    (generate(&drop), generate(&create), generate(&again))
}

/// The `DATA_LOSS` messages of `m`, by table.
fn losses(m: &Value) -> Vec<(String, String)> {
    (m["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "DATA_LOSS")
        .map(|w| {
            (
                w["table"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_dropped_table_s_counter_restarts_and_is_said_alike_on_every_dialect() {
    let expected = |table: &str, counter: &str| {
        (
            table.to_string(),
            format!("the table '{table}' is in previousSpec but not in the spec, and is dropped with its rows (dropTablesNotInSpec, allowDataLoss); the down migration creates it again, empty{counter}"),
        )
    };
    for db in ["sqlite", "postgresql", "mysql"] {
        let (drop, _, _) = migrations(db);
        assert_eq!(
            losses(&drop),
            [expected("logs", COUNTER), expected("notes", "")],
            "{db}"
        );
    }
}

/// Runs the migrations on `exec` (a script, which must succeed) and `ids` (the ids of `logs`,
/// in order): rows written, up, down, a row written again takes id 1; and once dropped again,
/// the table created anew by a later migration counts from 1 too.
fn restarts(db: &str, exec: &dyn Fn(&str), ids: &dyn Fn() -> Vec<i64>) {
    let (drop, create, again) = migrations(db);
    let sql = |m: &Value, key: &str| m[key].as_str().unwrap().to_string();
    exec(&sql(&create, "upMigration"));
    exec("INSERT INTO logs (line) VALUES ('a'); INSERT INTO logs (line) VALUES ('b'); INSERT INTO logs (line) VALUES ('c');");
    assert_eq!(ids(), [1, 2, 3], "{db}");
    exec(&sql(&drop, "upMigration"));
    exec(&sql(&drop, "downMigration"));
    exec("INSERT INTO logs (line) VALUES ('again');");
    assert_eq!(ids(), [1], "{db}: the down migration's table counts from 1");
    exec(&sql(&drop, "upMigration"));
    exec(&sql(&again, "upMigration"));
    exec("INSERT INTO logs (line) VALUES ('new');");
    assert_eq!(ids(), [1], "{db}: the table created again counts from 1");
}

#[test]
fn the_counter_restarts_on_bundled_sqlite() {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    restarts(
        "sqlite",
        &|sql| {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("{e}\n{sql}"))
        },
        &|| {
            let mut stmt = conn.prepare("SELECT id FROM logs ORDER BY id").unwrap();
            let ids = stmt.query_map([], |r| r.get(0)).unwrap();
            ids.map(Result::unwrap).collect()
        },
    );
}

#[test]
fn the_counter_restarts_on_the_servers() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some(db) = server.scratch("dropped_counter") else {
            continue;
        };
        restarts(server.database_type(), &|sql| drop(db.exec(sql)), &|| {
            (db.exec("SELECT id FROM logs ORDER BY id;").lines())
                .map(|l| l.trim().parse().unwrap())
                .collect()
        });
    }
}
