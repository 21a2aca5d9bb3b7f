//! `TYPE_NARROWING` with `allowDataLoss`, VARCHAR(50) made VARCHAR(30) and INTEGER made
//! TINYINT: the server refuses a value that does not fit, it converts nothing. A user trial
//! was told, in one warning, that a long value "refuses the migration" and to "check the
//! converted values after the migration". The suggestion now says what the server does and
//! gives the query that finds the rows it refuses; here each query is run on the PostgreSQL 15
//! and MariaDB 10.11 servers (tests/common/servers.rs, skipped loudly where one cannot be
//! reached, unless CI=true), finds exactly the row that then refuses the migration, and once
//! those rows are fixed the migration runs.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `t (id, slug, n)`, `slug` a VARCHAR of `length`, `n` of type `n`.
fn spec(db: &str, length: u32, n: &str) -> Value {
    let t = json!({
        "name": "t",
        "primaryKey": ["id"],
        "columns": [
            col("id", "INTEGER", json!({ "nullable": false })),
            col("slug", "VARCHAR", json!({ "length": length })),
            col("n", n, json!({})),
        ],
    });
    json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": [t] })
}

/// The query the suggestion of the `TYPE_NARROWING` warning on `column` gives.
fn query_of(g: &Value, column: &str) -> String {
    let warnings = g["validation"]["warnings"].as_array().unwrap();
    let w = (warnings.iter())
        .find(|w| w["code"] == "TYPE_NARROWING" && w["column"] == column)
        .unwrap_or_else(|| panic!("no TYPE_NARROWING on {column}: {warnings:?}"));
    let s = w["suggestion"].as_str().unwrap();
    assert!(!s.contains("converted values"), "{s}");
    let (_, after) = s
        .split_once("find those rows with: ")
        .unwrap_or_else(|| panic!("{s}"));
    after.split_once(", and shorten").unwrap().0.to_string()
}

#[test]
fn the_rows_a_narrowing_refuses_are_found_by_the_suggested_query() {
    for server in [Server::Postgres, Server::MariaDb] {
        let dbt = server.database_type();
        let previous = spec(dbt, 50, "INTEGER");
        let mut next = spec(dbt, 30, "TINYINT");
        next["previousSpec"] = previous.clone();
        next["allowDataLoss"] = json!(true);
        let g = generate(&next);
        let (slug, n) = (query_of(&g, "slug"), query_of(&g, "n"));
        let Some(db) = server.scratch("narrowing_refused") else {
            continue;
        };
        db.exec(generate(&previous)["upMigration"].as_str().unwrap());
        // Row 2's slug is too long (PostgreSQL cuts spaces past the limit: row 4 passes there),
        // row 3's n out of TINYINT's range (SMALLINT on PostgreSQL).
        let long = "s".repeat(40);
        let spaced = format!("{}{}", "p".repeat(30), " ".repeat(5));
        db.exec(&format!(
            "INSERT INTO t (id, slug, n) VALUES (1, 'short', 1), (2, '{long}', 2), (3, 'ok', 40000), (4, '{spaced}', 4);"
        ));
        let ids = |query: &str| {
            let only = format!("SELECT id FROM ({query}) AS x ORDER BY id;");
            db.exec(&only)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(",")
        };
        let long_ones = if server == Server::Postgres {
            "2"
        } else {
            "2,4"
        };
        assert_eq!(ids(&slug), long_ones, "{dbt}: {slug}");
        assert_eq!(ids(&n), "3", "{dbt}: {n}");
        // The migration is refused, as the suggestion says; nothing is converted.
        let up = g["upMigration"].as_str().unwrap();
        let e = db
            .run(up)
            .expect_err("the rows that do not fit refuse the migration");
        match server {
            Server::Postgres => assert!(
                e.contains("value too long") || e.contains("out of range"),
                "{e}"
            ),
            Server::MariaDb => assert!(
                ["1265", "1406", "1264"].iter().any(|c| e.contains(c)),
                "{e}"
            ),
        }
        let slugs = db.exec("SELECT slug FROM t WHERE id = 2;");
        assert_eq!(slugs.trim(), long, "{dbt}: the value is as it was");
        // With those rows fixed, it runs.
        let refused = format!("{},{}", ids(&slug), ids(&n));
        db.exec(&format!("DELETE FROM t WHERE id IN ({refused});"));
        db.run(up)
            .unwrap_or_else(|e| panic!("{dbt}: the up migration fails once the rows fit: {e}"));
    }
}
