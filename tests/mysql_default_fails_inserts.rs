//! A MySQL column's default that MariaDB 10.11 takes when the table is created but that fails
//! every insert relying on it (src/mysql_default_value.rs): a JSON column (LONGTEXT with
//! CHECK (json_valid(…)) on MariaDB) whose default expression computes text that is not JSON,
//! or is a clock or `uuid()` (error 4025, the CHECK); `uuid()` on a number column ("Incorrect
//! integer value", "Data truncated"), or on a VARCHAR/CHAR shorter than its 36 characters
//! ("Data too long"). Each is shown on the server (the CREATE TABLE runs, the insert fails)
//! and refused by validation (INVALID_DEFAULT); the neighbours the server takes are not.
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

/// The spec of the table `items` with `code` of type `ty` (and `extra`) and the default `e`.
fn spec(ty: &str, extra: &Value, e: &str) -> Value {
    let mut fields = extra.clone();
    fields["default"] = json!({ "expression": e });
    items_with_code("mysql", col("code", ty, fields))
}

/// The messages of the INVALID_DEFAULT errors validation gives `ty` with the default `e`.
fn invalid_default(ty: &str, extra: &Value, e: &str) -> Vec<String> {
    generated(&spec(ty, extra, e))["validation"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["code"] == "INVALID_DEFAULT")
        .map(|x| x["message"].as_str().unwrap().to_string())
        .collect()
}

/// What the server does with the table the generator writes for `ty` with the default `e`:
/// `Err` when the CREATE TABLE fails, `Ok(Err(_))` when the insert of a row taking the default
/// fails, `Ok(Ok(()))` when both run.
fn on_the_server(
    db: &servers::Scratch,
    ty: &str,
    extra: &Value,
    e: &str,
) -> Result<Result<(), String>, String> {
    let placeholder = generated(&spec(ty, extra, "NULL"));
    let up = placeholder["upMigration"].as_str().unwrap();
    assert!(up.contains("DEFAULT (NULL)"), "{up}");
    let create = up.replace("DEFAULT (NULL)", &format!("DEFAULT ({e})"));
    db.run(&format!("DROP TABLE IF EXISTS items; {create}"))?;
    Ok(db.run("INSERT INTO items (id) VALUES (1);").map(|_| ()))
}

#[test]
fn defaults_that_fail_every_insert_are_refused() {
    let none = json!({});
    let decimal = json!({ "precision": 10, "scale": 2 });
    let short = json!({ "length": 5 });
    let enough = json!({ "length": 36 });
    let refused: Vec<(&str, &Value, &str)> = vec![
        ("JSON", &none, "lower('X')"),
        ("JSON", &none, "concat('a', 'b')"),
        ("JSON", &none, "md5('x')"),
        ("JSON", &none, "concat('abc', '   ')"),
        ("JSON", &none, "now()"),
        ("JSON", &none, "CURRENT_DATE"),
        ("JSON", &none, "uuid()"),
        ("JSONB", &none, "upper('x')"),
        ("INTEGER", &none, "uuid()"),
        ("BIGINT", &none, "uuid()"),
        ("TINYINT", &none, "uuid()"),
        ("BOOLEAN", &none, "uuid()"),
        ("DECIMAL", &decimal, "uuid()"),
        ("REAL", &none, "UUID( )"),
        ("VARCHAR", &short, "uuid()"),
        ("CHAR", &short, "(uuid())"),
    ];
    let taken: Vec<(&str, &Value, &str)> = vec![
        ("JSON", &none, "1+1"),
        ("JSON", &none, "lower('12')"),
        ("JSON", &none, "upper('{}')"),
        ("JSON", &none, "concat('[1,', '2]')"),
        ("VARCHAR", &enough, "uuid()"),
        ("TEXT", &none, "uuid()"),
        ("UUID", &none, "uuid()"),
        ("INTEGER", &none, "CURRENT_DATE"),
    ];
    let Some(db) = Server::MariaDb.scratch("default_fails_inserts") else {
        return;
    };
    for (ty, extra, e) in refused {
        let inserted = on_the_server(&db, ty, extra, e)
            .unwrap_or_else(|err| panic!("{ty} {extra} DEFAULT ({e}): CREATE refused: {err}"));
        assert!(
            inserted.is_err(),
            "{ty} {extra} DEFAULT ({e}): the insert ran"
        );
        let errors = invalid_default(ty, extra, e);
        assert_eq!(errors.len(), 1, "{ty} {extra} DEFAULT ({e}): {errors:?}");
        assert!(
            errors[0].contains("every insert that uses the default fails"),
            "{ty} {e}: {}",
            errors[0]
        );
    }
    for (ty, extra, e) in taken {
        assert_eq!(
            on_the_server(&db, ty, extra, e),
            Ok(Ok(())),
            "{ty} {extra} DEFAULT ({e})"
        );
        assert_eq!(
            invalid_default(ty, extra, e),
            Vec::<String>::new(),
            "{ty} {extra} DEFAULT ({e})"
        );
    }
}
