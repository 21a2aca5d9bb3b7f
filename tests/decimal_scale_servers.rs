//! A DECIMAL whose scale is larger than its precision, or negative, is refused on every dialect,
//! with why: PostgreSQL 15 takes both (`NUMERIC(5,6)`, `NUMERIC(3,-2)`), MySQL and MariaDB refuse
//! them (error 1427; a syntax error), and so did PostgreSQL before 15 ("NUMERIC scale 6 must be
//! between 0 and precision 5", its release notes: "Allow the scale of a numeric value to be
//! negative, or greater than its precision"; no PostgreSQL 14 server here). One spec is for
//! every database, so the spec keeps the scale from 0 to the precision. What the servers here
//! do is run, and the precision the suggestion gives makes a table that keeps the values.

#[path = "common/servers.rs"]
mod servers;

use migration_generator::generate_str;
use serde_json::{json, Value};
use servers::Server;

fn spec(db: &str, precision: i64, scale: i64) -> Value {
    json!({ "description": "d", "databaseType": db, "timestamps": false, "tables": [
        { "name": "rates", "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
            { "name": "r", "type": "DECIMAL", "precision": precision, "scale": scale, "nullable": true } ] }
    ] })
}

/// The one error of `spec` as (code, message, suggestion).
fn refusal(spec: &Value) -> (String, String, String) {
    let r = generate_str(&spec.to_string());
    assert_eq!(r.validation.errors.len(), 1, "{:?}", r.validation.errors);
    let e = &r.validation.errors[0];
    (
        e.code.as_str().to_string(),
        e.message.clone(),
        e.suggestion.clone().unwrap_or_default(),
    )
}

#[test]
fn a_scale_beyond_the_precision_is_refused_saying_which_databases_refuse_it() {
    for db in ["sqlite", "postgresql", "mysql"] {
        let (code, message, suggestion) = refusal(&spec(db, 5, 6));
        assert_eq!(code, "TYPE_MISMATCH", "{db}");
        assert_eq!(
            message,
            "scale 6 is larger than precision 5: MySQL and MariaDB refuse such a DECIMAL, and so does PostgreSQL before 15 (only PostgreSQL 15 and later take it), so the spec keeps the scale at most the precision on every database",
            "{db}"
        );
        assert_eq!(
            suggestion,
            r#"to keep values below 1 with 6 digits after the point, give "precision": 6, "scale": 6 (it holds -0.999999 to 0.999999; a CHECK keeps a narrower range)"#,
            "{db}"
        );
        let (code, message, _) = refusal(&spec(db, 3, -2));
        assert_eq!(code, "INVALID_SPEC", "{db}");
        assert!(
            message.starts_with("column 'r'.scale is -2: a negative scale (rounding to tens, hundreds, …) is PostgreSQL 15's alone; MySQL, MariaDB and PostgreSQL before 15 refuse it"),
            "{db}: {message}"
        );
        // The suggested precision and scale are taken.
        let r = generate_str(&spec(db, 6, 6).to_string());
        assert!(r.validation.valid, "{db}: {:?}", r.validation.errors);
    }
}

/// What the message says of the servers here, run on them: MariaDB 10.11 refuses both forms,
/// PostgreSQL 15 takes both; the table the suggestion gives keeps 0.000123 and 0.999999 on each
/// (and on SQLite).
#[test]
fn the_servers_do_what_the_message_says_and_the_suggestion_keeps_the_values() {
    let values = "INSERT INTO rates (r) VALUES (0.000123), (0.999999), (-0.5);";
    let read = "SELECT r FROM rates ORDER BY id;";
    let want = ["0.000123", "0.999999", "-0.500000"];
    for server in [Server::Postgres, Server::MariaDb] {
        let Some(db) = server.scratch("decimal_scale") else {
            continue;
        };
        let beyond = db.run("CREATE TABLE beyond (r DECIMAL(5,6));");
        let negative = db.run("CREATE TABLE negative (r DECIMAL(3,-2));");
        match server {
            Server::MariaDb => {
                let e = beyond.expect_err("MariaDB takes DECIMAL(5,6)");
                assert!(e.contains("1427") && e.contains("M must be >= D"), "{e}");
                assert!(negative.is_err(), "MariaDB takes DECIMAL(3,-2)");
            }
            Server::Postgres => {
                beyond.unwrap();
                negative.unwrap();
                // PostgreSQL 15's meaning: below 0.1 kept to 6 places; rounded to hundreds.
                db.exec(
                    "INSERT INTO beyond VALUES (0.000123); INSERT INTO negative VALUES (12345);",
                );
                assert_eq!(db.exec("SELECT r FROM beyond;").trim(), "0.000123");
                assert_eq!(db.exec("SELECT r FROM negative;").trim(), "12300");
                assert!(db.run("INSERT INTO beyond VALUES (0.1);").is_err());
            }
        }
        let r = generate_str(&spec(server.database_type(), 6, 6).to_string());
        db.exec(&r.up_migration);
        db.exec(values);
        let got = db.exec(read);
        assert_eq!(got.lines().collect::<Vec<_>>(), want, "{server:?}");
        db.exec(&r.down_migration);
    }
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(&generate_str(&spec("sqlite", 6, 6).to_string()).up_migration)
        .unwrap();
    conn.execute_batch(values).unwrap();
    let mut statement = conn.prepare(read).unwrap();
    let got: Vec<f64> = (statement.query_map([], |row| row.get(0)).unwrap())
        .map(Result::unwrap)
        .collect();
    assert_eq!(got, [0.000123, 0.999999, -0.5]);
}
