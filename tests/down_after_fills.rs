//! What a migration says it writes into the rows a table holds, and what its down migration
//! puts back over them, run on the engines with rows: PostgreSQL 15 and MariaDB 10.11 (through
//! tests/common/servers.rs, a scratch database each, dropped afterwards), the bundled SQLite
//! from `previousSpec` and from a file (`existingDbPath`). A user trial's clinic app:
//!
//! - a nullable UNIQUE `phone` made NOT NULL with the default `''` and no longer unique: the up
//!   migration gives both rows that held NULL `''`, and the down migration, which makes the
//!   column unique again, then fails with no row written since, which is said (with how many
//!   rows hold NULL, from a file) and a query that finds the rows;
//! - SQLite from a file says the UNIQUE and the foreign key its down migration puts back, as
//!   PostgreSQL and MySQL do;
//! - SQLite's BOOLEAN made VARCHAR leaves '1' and '0' in the old rows beside the new default
//!   'false', which is said, and the down migration keeps 'false' as text, which is said;
//! - timestamps turned on for a table with rows give each row the migration's time.
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::generate;
use rusqlite::Connection;
use serde_json::{json, Value};
use servers::Server;
use sqlite_files::open;
use std::path::{Path, PathBuf};

/// The (code, message, suggestion) of each warning of `result` with `code`.
fn warnings(result: &Value, code: &str) -> Vec<(String, String)> {
    (result["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == code)
        .map(|w| {
            (
                w["message"].as_str().unwrap().to_string(),
                w["suggestion"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// A spec of `tables` on `db`, with `timestamps`.
fn spec(db: &str, timestamps: bool, tables: Value) -> Value {
    json!({ "description": "s", "databaseType": db, "timestamps": timestamps, "tables": tables })
}

/// `spec` made from `previous` (with allowDataLoss).
fn from_previous(mut spec: Value, previous: &Value) -> Value {
    spec["previousSpec"] = previous.clone();
    spec["allowDataLoss"] = json!(true);
    spec
}

/// The table `people (id, phone)`, `phone` as given.
fn people(phone: Value) -> Value {
    json!([{ "name": "people", "primaryKey": ["id"], "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false }, phone
    ] }])
}

fn phone_before() -> Value {
    json!({ "name": "phone", "type": "VARCHAR", "length": 30, "nullable": true, "unique": true })
}

fn phone_after() -> Value {
    json!({ "name": "phone", "type": "VARCHAR", "length": 30, "nullable": false, "default": "" })
}

const PEOPLE_ROWS: &str =
    "INSERT INTO people (id, phone) VALUES (1, '+1'); INSERT INTO people (id, phone) VALUES (2, NULL); INSERT INTO people (id, phone) VALUES (3, NULL);";

/// The one `DOWN_DATA_LOSS` warning of `change` about the UNIQUE of 'phone', which says that
/// the rows whose NULLs the up migration filled make the down migration fail, with a query.
fn filled_unique_warning(change: &Value, query: &str) -> String {
    let said: Vec<(String, String)> = warnings(change, "DOWN_DATA_LOSS")
        .into_iter()
        .filter(|(m, _)| m.contains("'phone'") && m.contains("unique again"))
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    let (message, suggestion) = &said[0];
    assert!(
        message.contains("; so do, with no row written since, the rows that held NULL in 'phone', to which the up migration gave '': two of them, or one and a row that held it already (the down migration cannot tell which rows held NULL, to put the NULLs back)"),
        "{message}"
    );
    assert!(suggestion.contains(query), "{suggestion}");
    message.clone()
}

/// PostgreSQL and MariaDB: the warning says the filled NULLs, and the down migration fails on
/// the table as the up migration left it, no row written since.
#[test]
fn servers_say_the_filled_nulls_fail_the_down_migration_that_makes_the_column_unique_again() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some(db) = server.scratch("m_filled_unique") else {
            continue;
        };
        let ty = server.database_type();
        let previous = spec(ty, false, people(phone_before()));
        let change = generate(&from_previous(
            spec(ty, false, people(phone_after())),
            &previous,
        ));
        let query = "SELECT phone, count(*) FROM people GROUP BY phone HAVING count(*) > 1";
        filled_unique_warning(&change, query);
        db.exec(generate(&previous)["upMigration"].as_str().unwrap());
        db.exec(PEOPLE_ROWS);
        db.exec(change["upMigration"].as_str().unwrap());
        assert_eq!(db.rows(query), 1, "{server:?}: the two '' rows");
        let e = db
            .run(change["downMigration"].as_str().unwrap())
            .expect_err("the down migration fails on the filled rows");
        assert!(e.contains("uplicate"), "{server:?}: {e}");
    }
}

/// A database file made of `sql`, in a directory of this test's own.
fn database(name: &str, sql: &str) -> PathBuf {
    sqlite_files::database("mg-m-fills", name, sql)
}

/// `tables` against the SQLite file at `path`.
fn against_file(path: &Path, tables: Value) -> Value {
    let mut s = spec("sqlite", false, tables);
    s["existingDbPath"] = json!(path.to_str().unwrap());
    s["allowDataLoss"] = json!(true);
    generate(&s)
}

/// The database `previous` makes on SQLite, in memory, with `rows`.
fn sqlite_previous(previous: &Value, rows: &str) -> Connection {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn.execute_batch(generate(previous)["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch(rows).unwrap();
    conn
}

/// SQLite, from `previousSpec` and from a file: the same warning (from the file, with how many
/// rows hold NULL there), and the down migration fails on the filled rows.
#[test]
fn sqlite_says_the_filled_nulls_fail_the_down_migration_from_previous_spec_and_file() {
    let query = "SELECT phone, count(*) FROM people GROUP BY phone HAVING count(*) > 1";
    let previous = spec("sqlite", false, people(phone_before()));
    let change = generate(&from_previous(
        spec("sqlite", false, people(phone_after())),
        &previous,
    ));
    let message = filled_unique_warning(&change, query);
    assert!(!message.contains("there now"), "{message}");
    let conn = sqlite_previous(&previous, PEOPLE_ROWS);
    conn.execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap();
    let e = conn
        .execute_batch(change["downMigration"].as_str().unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("UNIQUE constraint failed"), "{e}");

    let path = database(
        "phone",
        &format!("CREATE TABLE people (id INTEGER PRIMARY KEY NOT NULL, phone VARCHAR(30) UNIQUE); {PEOPLE_ROWS}"),
    );
    let change = against_file(&path, people(phone_after()));
    let message = filled_unique_warning(&change, query);
    assert!(
        message.ends_with("; 2 rows hold NULL there now: the down migration fails on them"),
        "{message}"
    );
    let conn = open(&path);
    conn.execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap();
    let e = conn
        .execute_batch(change["downMigration"].as_str().unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("UNIQUE constraint failed"), "{e}");
}

/// From a file with no NULL in `phone`, the filled rows are not said (the rows written since
/// still are), and the down migration runs.
#[test]
fn sqlite_file_without_nulls_does_not_say_filled_rows() {
    let path = database(
        "phone_no_null",
        "CREATE TABLE people (id INTEGER PRIMARY KEY NOT NULL, phone VARCHAR(30) UNIQUE); INSERT INTO people VALUES (1, '+1'), (2, '+2');",
    );
    let change = against_file(&path, people(phone_after()));
    let said: Vec<String> = warnings(&change, "DOWN_DATA_LOSS")
        .into_iter()
        .map(|(m, _)| m)
        .filter(|m| m.contains("unique again"))
        .collect();
    assert_eq!(
        said,
        ["the down migration makes the column 'phone' of 'people' unique again: rows written since that repeat values in (phone) make it fail"]
    );
    let conn = open(&path);
    conn.execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch(change["downMigration"].as_str().unwrap())
        .unwrap();
}

/// The clinic's `practitioners`, `rooms` and `appointments`, with the UNIQUE `uq_appts_slot`
/// over `slot` and the foreign keys `fks` of `appointments`.
fn clinic(slot: &[&str], fks: Value) -> Value {
    json!([
        { "name": "practitioners", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false } ] },
        { "name": "rooms", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false } ] },
        { "name": "appointments", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "practitioner_id", "type": "INTEGER", "nullable": false },
            { "name": "room_id", "type": "INTEGER", "nullable": false },
            { "name": "starts_at", "type": "TEXT", "nullable": false } ],
          "uniqueConstraints": [ { "name": "uq_appts_slot", "columns": slot } ],
          "foreignKeys": fks }
    ])
}

fn room_fk() -> Value {
    json!([{ "columns": ["room_id"], "referencedTable": "rooms", "referencedColumns": ["id"] }])
}

const CLINIC_SQL: &str = "CREATE TABLE practitioners (id INTEGER PRIMARY KEY NOT NULL);
CREATE TABLE rooms (id INTEGER PRIMARY KEY NOT NULL);
CREATE TABLE appointments (id INTEGER PRIMARY KEY NOT NULL, practitioner_id INTEGER NOT NULL,
  room_id INTEGER NOT NULL, starts_at TEXT NOT NULL,
  CONSTRAINT uq_appts_slot UNIQUE (practitioner_id, starts_at),
  FOREIGN KEY (room_id) REFERENCES rooms (id));
INSERT INTO practitioners VALUES (1); INSERT INTO rooms VALUES (1), (2);
INSERT INTO appointments VALUES (1, 1, 1, '2026-01-05 09:00');";

/// SQLite, from `previousSpec` and from a file: a UNIQUE widened to more columns, and a foreign
/// key dropped, are what its down migration puts back, said as on PostgreSQL and MySQL; a row
/// written since that either refuses makes the down migration fail.
#[test]
fn sqlite_says_the_unique_and_foreign_key_its_down_migration_puts_back() {
    let wider = ["practitioner_id", "room_id", "starts_at"];
    let unique = "the down migration adds the UNIQUE constraint 'uq_appts_slot' of 'appointments' back: rows written since that repeat values in (practitioner_id, starts_at) make it fail";
    // (The row written since: the same practitioner and time, in another room.)
    let same_slot = "INSERT INTO appointments VALUES (2, 1, 2, '2026-01-05 09:00');";
    let previous = spec(
        "sqlite",
        false,
        clinic(&["practitioner_id", "starts_at"], room_fk()),
    );
    let change = generate(&from_previous(
        spec("sqlite", false, clinic(&wider, room_fk())),
        &previous,
    ));
    let path = database("clinic_unique", CLINIC_SQL);
    let from_file = against_file(&path, clinic(&wider, room_fk()));
    for (what, result) in [("previousSpec", &change), ("file", &from_file)] {
        let said: Vec<String> = warnings(result, "DOWN_DATA_LOSS")
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(said, [unique], "{what}");
    }
    let conn = sqlite_previous(&previous, &CLINIC_SQL[CLINIC_SQL.find("INSERT").unwrap()..]);
    for (conn, result) in [(&conn, &change), (&open(&path), &from_file)] {
        conn.execute_batch(result["upMigration"].as_str().unwrap())
            .unwrap();
        conn.execute_batch(same_slot).unwrap();
        let e = conn
            .execute_batch(result["downMigration"].as_str().unwrap())
            .unwrap_err();
        assert!(e.to_string().contains("UNIQUE constraint failed"), "{e}");
    }

    // The foreign key dropped: said, and a row written since with no room makes the down fail.
    let slot = ["practitioner_id", "starts_at"];
    let change = generate(&from_previous(
        spec("sqlite", false, clinic(&slot, json!([]))),
        &previous,
    ));
    let path = database("clinic_fk", CLINIC_SQL);
    let from_file = against_file(&path, clinic(&slot, json!([])));
    let no_room = "INSERT INTO appointments VALUES (3, 1, 9, '2026-01-06 09:00');";
    let conn = sqlite_previous(&previous, &CLINIC_SQL[CLINIC_SQL.find("INSERT").unwrap()..]);
    for (what, conn, result) in [
        ("previousSpec", &conn, &change),
        ("file", &open(&path), &from_file),
    ] {
        let said: Vec<String> = warnings(result, "DOWN_DATA_LOSS")
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(said, ["the down migration adds the foreign key 'fk_appointments_room_id' of 'appointments' back: a row written since whose (room_id) matches no row of 'rooms' makes it fail"], "{what}");
        conn.execute_batch(result["upMigration"].as_str().unwrap())
            .unwrap();
        conn.execute_batch(no_room).unwrap();
        let e = conn
            .execute_batch(result["downMigration"].as_str().unwrap())
            .unwrap_err();
        assert!(
            e.to_string().contains("CHECK constraint failed"),
            "{what}: {e}"
        );
    }
}

/// The table `invoices (id, paid)`, `paid` as given.
fn invoices(paid: Value) -> Value {
    json!([{ "name": "invoices", "primaryKey": ["id"], "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false }, paid
    ] }])
}

/// (typeof, text) of `paid` in each row, by id.
fn paid(conn: &Connection) -> Vec<(String, String)> {
    conn.prepare("SELECT typeof(paid), CAST(paid AS TEXT) FROM invoices ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// SQLite's BOOLEAN made VARCHAR: the old rows hold '1' and '0' and a new row the default
/// 'false', which the warning says; the down migration takes back the numbers and keeps
/// 'false' as text, which it says too.
#[test]
fn sqlite_says_what_a_boolean_made_text_holds_and_gives_back() {
    let previous = spec(
        "sqlite",
        false,
        invoices(json!({ "name": "paid", "type": "BOOLEAN", "nullable": false, "default": false })),
    );
    let change = generate(&from_previous(
        spec(
            "sqlite",
            false,
            invoices(
                json!({ "name": "paid", "type": "VARCHAR", "length": 5, "nullable": false, "default": "false" }),
            ),
        ),
        &previous,
    ));
    let up: Vec<String> = warnings(&change, "TYPE_NARROWING")
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(up, ["changing 'paid' from INTEGER to TEXT keeps every value and refuses none, but makes each value the text of its number: the rows hold '1' where they held 1, and a BOOLEAN's true and false (1 and 0 on SQLite) become '1' and '0', not 'true' and 'false' as on PostgreSQL, while a new row gets the default 'false': the column then holds both"]);
    let down: Vec<String> = warnings(&change, "DOWN_DATA_LOSS")
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(down, ["the down migration changes 'paid' back to INTEGER: the text of a number goes back to being that number, but text written since that is not one ('true', 'false', 'n/a') stays text there, which the column's type does not say"]);
    let conn = sqlite_previous(
        &previous,
        "INSERT INTO invoices VALUES (1, 1); INSERT INTO invoices VALUES (2, 0);",
    );
    conn.execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch("INSERT INTO invoices (id) VALUES (3);")
        .unwrap();
    let text = |v: &str| ("text".to_string(), v.to_string());
    assert_eq!(paid(&conn), [text("1"), text("0"), text("false")]);
    conn.execute_batch(change["downMigration"].as_str().unwrap())
        .unwrap();
    let int = |v: &str| ("integer".to_string(), v.to_string());
    assert_eq!(paid(&conn), [int("1"), int("0"), text("false")]);
}

/// The table `visits (id, note)`.
fn visits() -> Value {
    json!([{ "name": "visits", "primaryKey": ["id"], "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false },
        { "name": "note", "type": "TEXT", "nullable": true } ] }])
}

/// The `NULLS_FILLED` warnings of timestamps turned on for `visits`.
fn timestamps_said(change: &Value) {
    let said: Vec<String> = warnings(change, "NULLS_FILLED")
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(said, [
        "timestamps add 'created_at' to 'visits' with the migration's time in every row the table holds: a row made before the migration gets that time as its creation time, not its own, and nothing tells those rows apart afterwards",
        "timestamps add 'updated_at' to 'visits' with the migration's time in every row the table holds: a row made before the migration gets that time as its last update time, not its own, and nothing tells those rows apart afterwards",
    ]);
}

const VISITS_ROWS: &str =
    "INSERT INTO visits (id, note) VALUES (1, 'a'); INSERT INTO visits (id, note) VALUES (2, 'b');";

/// Timestamps turned on for a table with rows, on each engine: said, each row gets one time
/// (the migration's), and the down migration drops the columns again.
#[test]
fn timestamps_turned_on_say_the_rows_get_the_migrations_time() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some(db) = server.scratch("m_timestamps") else {
            continue;
        };
        let ty = server.database_type();
        let previous = spec(ty, false, visits());
        let change = generate(&from_previous(spec(ty, true, visits()), &previous));
        timestamps_said(&change);
        db.exec(generate(&previous)["upMigration"].as_str().unwrap());
        db.exec(VISITS_ROWS);
        db.exec(change["upMigration"].as_str().unwrap());
        assert_eq!(
            db.rows("SELECT DISTINCT created_at FROM visits WHERE created_at IS NOT NULL"),
            1,
            "{server:?}"
        );
        db.exec(change["downMigration"].as_str().unwrap());
        assert_eq!(db.rows("SELECT id, note FROM visits"), 2, "{server:?}");
    }
    let previous = spec("sqlite", false, visits());
    let change = generate(&from_previous(spec("sqlite", true, visits()), &previous));
    timestamps_said(&change);
    let conn = sqlite_previous(&previous, VISITS_ROWS);
    conn.execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap();
    let times: i64 = conn
        .query_row(
            "SELECT count(DISTINCT created_at) FROM visits WHERE created_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(times, 1);
    conn.execute_batch(change["downMigration"].as_str().unwrap())
        .unwrap();
    let columns: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('visits')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(columns, 2);
}
