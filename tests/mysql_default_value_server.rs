//! A MySQL column's default expression whose value the column does not take
//! (src/mysql_default_value.rs), asked of MariaDB 10.11 for each type × expression pair of a
//! user trial's sweep: `DATE DEFAULT (lower('X'))` and `INT DEFAULT (md5('x'))` passed
//! validation and the server refused the table ("Invalid default value for 'c'"); a TINYINT
//! with `CURRENT_TIMESTAMP` was created but failed every insert that used its default.
//!
//! The server refuses a pair when it refuses the CREATE TABLE or the insert of a row that takes
//! the default. Validation must refuse (INVALID_DEFAULT) exactly those, except the pairs this
//! sweep does not hold it to: a JSON column and `uuid()`, which validation now refuses where
//! every insert fails (tests/mysql_default_fails_inserts.rs holds those), and `uuid()` on a date
//! column, left to the server. It never refuses a pair the server takes.
//!
//! Runs in a scratch database of its own (`mg_rt_*`, tests/common/servers.rs), dropped
//! afterwards; a server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generated, items_with_code};
use serde_json::{json, Value};
use servers::Server;

/// The spec types of the sweep, with their fields.
fn types() -> Vec<(&'static str, Value)> {
    vec![
        ("DATE", json!({})),
        ("DATETIME", json!({})),
        ("TIMESTAMP", json!({})),
        ("INTEGER", json!({})),
        ("TINYINT", json!({})),
        ("BIGINT", json!({})),
        ("BOOLEAN", json!({})),
        ("DECIMAL", json!({ "precision": 10, "scale": 2 })),
        ("DECIMAL", json!({ "precision": 20, "scale": 2 })),
        ("REAL", json!({})),
        ("VARCHAR", json!({ "length": 5 })),
        ("VARCHAR", json!({ "length": 40 })),
        ("CHAR", json!({ "length": 3 })),
        ("TEXT", json!({})),
        ("JSON", json!({})),
        ("UUID", json!({})),
        ("BLOB", json!({})),
    ]
}

/// The expressions of the sweep.
const EXPRESSIONS: [&str; 17] = [
    "now()",
    "CURRENT_TIMESTAMP",
    "CURRENT_DATE",
    "curdate()",
    "lower('X')",
    "concat('a','b')",
    "concat('2020', '-01-01')",
    "md5('x')",
    "1+1",
    "(1=1)",
    "100 + 28",
    "uuid()",
    "'abc'",
    "concat('ab', 'c')",
    "concat('abc', '   ')",
    "lower('12')",
    "upper('{}')",
];

/// The spec of the table `items` with `code` of type `ty` (and `extra`) and the default `e`.
fn spec(ty: &str, extra: &Value, e: &str) -> Value {
    let mut fields = extra.clone();
    fields["default"] = json!({ "expression": e });
    items_with_code("mysql", col("code", ty, fields))
}

#[test]
fn validation_refuses_exactly_the_defaults_mariadb_refuses() {
    let Some(db) = Server::MariaDb.scratch("default_value") else {
        return;
    };
    let mut mismatches = Vec::new();
    let mut refused = 0;
    for (ty, extra) in types() {
        // The table as the generator writes it, with a default every type takes in its place.
        let placeholder = generated(&spec(ty, &extra, "NULL"));
        let up = placeholder["upMigration"].as_str().unwrap();
        assert!(up.contains("DEFAULT (NULL)"), "{up}");
        for e in EXPRESSIONS {
            let sql = format!(
                "DROP TABLE IF EXISTS items; {} INSERT INTO items (id) VALUES (1);",
                up.replace("DEFAULT (NULL)", &format!("DEFAULT ({e})"))
            );
            let server_refuses = db.run(&sql).is_err();
            let out = generated(&spec(ty, &extra, e));
            let errors = out["validation"]["errors"].as_array().unwrap();
            let invalid_default = errors.iter().any(|x| x["code"] == "INVALID_DEFAULT");
            let date = matches!(ty, "DATE" | "DATETIME" | "TIMESTAMP");
            let left_to_the_server = ty == "JSON" || e == "uuid()" || (date && e == "lower('12')");
            // Refused before the value is computed, on purpose: a UUID's literal that is not a
            // UUID (CHAR(36) takes any text), crate::defaults.
            let refused_as_written = ty == "UUID" && e == "'abc'";
            refused += usize::from(invalid_default);
            if invalid_default && !server_refuses && !refused_as_written
                || server_refuses && !invalid_default && !left_to_the_server
            {
                mismatches.push(format!(
                    "{ty} {extra} DEFAULT ({e}): server refuses {server_refuses}, validation {errors:?}"
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The sweep decides some pairs each way.
    assert!(refused >= 40, "{refused}");
}
