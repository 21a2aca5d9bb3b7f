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
#[path = "common/seeded.rs"]
#[allow(dead_code)]
mod seeded;
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
        // MariaDB's json_valid takes a number ending in `.` (RFC 8259 does not).
        ("JSON", &none, "'[1.]'"),
        ("JSON", &none, "'1.'"),
        ("JSON", &none, "'0.'"),
        ("JSON", &none, "'1.e5'"),
        ("JSON", &none, "'{\"a\":2.}'"),
        ("JSON", &none, "concat('[1.', ']')"),
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

/// The INVALID_DEFAULT errors validation gives a JSON column whose default is the plain string
/// `text`.
fn invalid_plain_json_default(text: &str) -> Vec<Value> {
    let spec = items_with_code("mysql", col("code", "JSON", json!({ "default": text })));
    generated(&spec)["validation"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["code"] == "INVALID_DEFAULT")
        .cloned()
        .collect()
}

/// Every text MariaDB 10.11's json_valid takes is taken as a JSON column's default, a plain
/// string or (without a backslash) a string literal in an expression (MariaDB takes `[1.]`,
/// `"\x"`, `[-]`, which serde_json refuses): tricky texts by hand, then 4,000 short random
/// ones. The texts it refuses that are plainly not JSON (`NaN`, `01`, `+1`, `.5`, `'a'`,
/// `[1,]`) are still refused both ways; a plain `[1.]` and `"\x"` are inserted on the server.
/// (A number past a double's range stays refused, for MySQL 8.0.)
#[test]
fn json_defaults_mariadb_takes_are_not_refused() {
    let Some(db) = Server::MariaDb.scratch("json_default_leniency") else {
        return;
    };
    let by_hand = [
        "1.",
        "[1.]",
        "0.",
        "-0.",
        "1.e5",
        "1.E+5",
        "{\"a\":2.}",
        "[1.,2.]",
        "01",
        "+1",
        ".5",
        "[.5]",
        "\"a'b\"",
        "'a'",
        " 1 ",
        "NaN",
        "True",
        "TRUE",
        "Null",
        "nul",
        "\"\\u00e9\"",
        "\"\\u12\"",
        "\"\\uD800\"",
        "\"\\x\"",
        "\"\\'\"",
        "\"\\ \"",
        "{\"\\k\":1}",
        "[1,]",
        "{a:1}",
        "",
        " ",
        "1 2",
        "Infinity",
        "0x10",
        "1E5",
        "-0",
        "1.5.",
        "[-]",
        "[1e]",
        "[1e+]",
        "[1.e]",
        "[1e-+]",
        "{\"a\":-}",
        "[-,1]",
        "[01]",
        "[--1]",
        "1-2",
        "2026-12-07",
        "1e400",
        "[1e400]",
        "\u{a0}1",
        "\u{feff}1",
        "é",
        "\"é\"",
        "{\"a\":1,\"a\":2}",
    ];
    let alphabet: Vec<char> = "[]{},:\"-+.eE015\\xatrunl ".chars().collect();
    let mut rng = seeded::Rng::new(7);
    let random = (0..4000).map(|_| {
        let n = 1 + rng.below(7);
        (0..n).map(|_| rng.pick(&alphabet)).collect::<String>()
    });
    let texts: Vec<String> = by_hand
        .iter()
        .map(|t| t.to_string())
        .chain(random)
        .collect();
    let valid = db.json_valid(&texts);
    let mut taken = 0;
    for (text, valid) in texts.iter().zip(valid) {
        if !valid {
            continue;
        }
        taken += 1;
        // A number past a double's range (`1e400`) is refused as a string default, on purpose:
        // MySQL 8.0's JSON refuses it (MariaDB's json_valid takes it). So below.
        let errors: Vec<Value> = invalid_plain_json_default(text)
            .into_iter()
            .filter(|e| {
                !e["message"]
                    .as_str()
                    .unwrap()
                    .contains("number out of range")
            })
            .collect();
        assert!(errors.is_empty(), "plain {text:?}: {errors:?}");
        // (A backslash in an expression is refused for what it means depends on sql_mode.)
        if !text.contains('\\') {
            let literal = format!("'{}'", text.replace('\'', "''"));
            let errors: Vec<String> = invalid_default("JSON", &json!({}), &literal)
                .into_iter()
                .filter(|m| !m.contains("number out of range"))
                .collect();
            assert!(errors.is_empty(), "expression {literal}: {errors:?}");
        }
    }
    assert!(taken > 100, "only {taken} texts taken");
    for refused in ["NaN", "01", "+1", ".5", "'a'", "[1,]", "True", "abc"] {
        let literal = format!("'{}'", refused.replace('\'', "''"));
        assert_eq!(
            invalid_plain_json_default(refused).len(),
            1,
            "plain {refused}"
        );
        assert_eq!(
            invalid_default("JSON", &json!({}), &literal).len(),
            1,
            "{literal}"
        );
    }
    for text in ["[1.]", "\"\\x\""] {
        let spec = items_with_code("mysql", col("code", "JSON", json!({ "default": text })));
        let up = generated(&spec)["upMigration"]
            .as_str()
            .unwrap()
            .to_string();
        db.exec(&format!("DROP TABLE IF EXISTS items; {up}"));
        db.exec("INSERT INTO items (id) VALUES (1);");
        assert_eq!(
            db.exec("SELECT code FROM items;").trim(),
            text.replace('\\', "\\\\")
        );
    }
}
