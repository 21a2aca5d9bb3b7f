//! An integer column's default written as an expression whose value the column does not hold
//! as an integer is `INVALID_DEFAULT` on every database: SQLite keeps `(9223372036854775808)`
//! and `9223372036854775807 + 1` as a REAL in the INTEGER column; PostgreSQL 15 fails every
//! insert that uses `9223372036854775807 + 1` on a BIGINT or `2147483647 + 1` on an INTEGER,
//! and MariaDB 10.11 refuses such a table (each shown here on the engine); the largest integer
//! itself is taken.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generated, items_with_code};
use serde_json::{json, Value};
use servers::Server;

/// The `INVALID_DEFAULT` errors of `code` of type `ty` with the expression default `e`.
fn invalid_default(db: &str, ty: &str, e: &str) -> Vec<String> {
    let spec = items_with_code(
        db,
        col("code", ty, json!({ "default": { "expression": e } })),
    );
    let v: Value = generated(&spec);
    v["validation"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "INVALID_DEFAULT")
        .map(|i| i["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn sqlite_keeps_an_integer_default_past_the_range_as_a_real_and_it_is_refused() {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    // A literal past the range is a REAL on SQLite, and so is anything computed from it
    // (PostgreSQL and MariaDB compute `9223372036854775808 - 1` exactly, and take it).
    for e in [
        "(9223372036854775808)",
        "9223372036854775807 + 1",
        "9223372036854775808 - 1",
    ] {
        conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS t; CREATE TABLE t (id INTEGER, c INTEGER DEFAULT ({e})); INSERT INTO t (id) VALUES (1);"
        ))
        .unwrap();
        let kept: String = conn
            .query_row("SELECT typeof(c) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, "real", "{e}");
        for ty in ["INTEGER", "BIGINT"] {
            let errors = invalid_default("sqlite", ty, e);
            assert_eq!(errors.len(), 1, "{e} {ty}");
            assert!(errors[0].contains("REAL"), "{}", errors[0]);
        }
    }
    assert!(invalid_default("sqlite", "BIGINT", "9223372036854775807").is_empty());
    assert!(invalid_default("sqlite", "INTEGER", "(-9223372036854775807 - 1)").is_empty());
}

#[test]
fn postgresql_and_mariadb_refuse_inserts_with_such_a_default_and_it_is_refused() {
    let cases = [
        ("BIGINT", "bigint", "9223372036854775807 + 1"),
        ("INTEGER", "integer", "2147483647 + 1"),
    ];
    for server in [Server::Postgres, Server::MariaDb] {
        let db_type = server.database_type();
        for (ty, _, e) in cases {
            let errors = invalid_default(db_type, ty, e);
            assert_eq!(errors.len(), 1, "{db_type} {ty} {e}");
            assert!(errors[0].contains("out of range"), "{}", errors[0]);
        }
        assert!(invalid_default(db_type, "BIGINT", "9223372036854775806 + 1").is_empty());
        let Some(db) = server.scratch("integer_default_range") else {
            continue;
        };
        for (_, engine_ty, e) in cases {
            // PostgreSQL takes the table and fails the insert; MariaDB refuses the table.
            let ran = db.run(&format!(
                "DROP TABLE IF EXISTS t; CREATE TABLE t (id integer, c {engine_ty} DEFAULT ({e})); INSERT INTO t (id) VALUES (1);"
            ));
            let e = ran.unwrap_err().to_lowercase();
            assert!(
                e.contains("out of range") || e.contains("invalid default value"),
                "{server:?}: {e}"
            );
        }
    }
}
