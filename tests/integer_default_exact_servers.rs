//! An integer column's default computed from integer literals with `+ - *`, on PostgreSQL 15
//! and MariaDB 10.11: validation refuses (`INVALID_DEFAULT`) exactly what the server refuses.
//! Neither computes as SQLite does (a REAL past the 64-bit range): PostgreSQL types each
//! literal (integer, bigint, numeric past bigint), computes integer and bigint at their width
//! (`2147483647 + 1` fails even on a BIGINT) and numeric exactly (`9223372036854775808 - 1`);
//! MariaDB computes BIGINT, BIGINT UNSIGNED beside a literal past 9223372036854775807
//! (`0 - 9223372036854775808` fails) and DECIMAL past 18446744073709551615, exactly. Each
//! default that validation takes is run as the generated migration and an insert that uses
//! it; each it refuses, as a table written by hand with that default and such an insert,
//! which the server refuses. (The spec's TINYINT is SMALLINT on PostgreSQL, -32768 to 32767,
//! and TINYINT on MariaDB, -128 to 127: `100 + 100` is taken by the one and refused by the
//! other, as a literal `200` is.)

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generated, items_with_code};
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// (the spec's type, the expression).
const CASES: &[(&str, &str)] = &[
    ("BIGINT", "9223372036854775808 - 1"),
    ("BIGINT", "9223372036854775807 + 1"),
    ("BIGINT", "-9223372036854775808"),
    ("BIGINT", "-(9223372036854775808)"),
    ("BIGINT", "-((9223372036854775808))"),
    ("BIGINT", "-9223372036854775808 - 1"),
    ("BIGINT", "-9223372036854775809 + 1"),
    ("BIGINT", "(9223372036854775808)"),
    ("BIGINT", "-(-9223372036854775808)"),
    ("BIGINT", "-(-9223372036854775808) - 1"),
    ("BIGINT", "- -9223372036854775808 - 1"),
    ("BIGINT", "- +9223372036854775808"),
    ("BIGINT", "+9223372036854775808 - 1"),
    ("BIGINT", "3037000500 * 3037000500"),
    ("BIGINT", "3037000499 * 3037000499"),
    ("BIGINT", "2 * 4611686018427387904"),
    ("BIGINT", "2 * 4611686018427387904 - 1"),
    ("BIGINT", "99999999999999999999 - 99999999999999999998"),
    ("BIGINT", "(9223372036854775808 - 1) * 1"),
    ("BIGINT", "9223372036854775808 * -1"),
    ("BIGINT", "0 - 9223372036854775808"),
    ("BIGINT", "9223372036854775808 + -1"),
    ("BIGINT", "9223372036854775808 - 9223372036854775809"),
    ("BIGINT", "18446744073709551615 - 18446744073709551614"),
    ("BIGINT", "18446744073709551615 + 1 - 18446744073709551615"),
    ("BIGINT", "18446744073709551616 - 18446744073709551615"),
    ("BIGINT", "2147483647 + 1"),
    ("BIGINT", "-2147483648 * -1"),
    ("BIGINT", "(-2147483648) * (-1)"),
    ("BIGINT", "-(-2147483648)"),
    ("BIGINT", "-(2147483647 + 1)"),
    ("BIGINT", "4294967296 * 2147483648"),
    ("BIGINT", "-(1) * 2147483648"),
    ("INTEGER", "2147483647 + 1"),
    ("INTEGER", "2147483648 - 1"),
    ("INTEGER", "-2147483648"),
    ("INTEGER", "-(2147483648)"),
    ("INTEGER", "-2147483648 - 1"),
    ("INTEGER", "-2147483647 - 1"),
    ("INTEGER", "2147483647 + 1 - 1"),
    ("INTEGER", "65536 * 65536"),
    ("INTEGER", "65536 * 65536 - 4294967296"),
    ("INTEGER", "9223372036854775808 - 9223372036854775807"),
    ("INTEGER", "-(-(2147483647))"),
    ("INTEGER", "(2147483647) + (0)"),
    ("INTEGER", "-2147483648 * -1"),
    ("INT", "46341 * 46341"),
    ("INT", "46340 * 46340"),
    ("TINYINT", "100 + 27"),
    ("TINYINT", "-(128) + 1"),
    ("TINYINT", "32767 + 1"),
    ("TINYINT", "2147483647 + 1"),
    ("TINYINT", "2147483647 + 1 - 2147483600"),
    ("TINYINT", "9223372036854775808 - 9223372036854775807"),
    ("TINYINT", "100 + 100"),
    ("TINYINT", "200"),
    ("TINYINT", "-(32768)"),
    ("TINYINT", "-32768 - 1"),
    ("TINYINT", "32768"),
    ("TINYINT", "'32767'"),
    ("TINYINT", "'40000'"),
];

/// The column type `ty` of the spec as the generator writes it on `server`.
fn engine_type(server: Server, ty: &str) -> &'static str {
    match (ty, server) {
        ("BIGINT", _) => "BIGINT",
        ("TINYINT", Server::Postgres) => "SMALLINT",
        ("TINYINT", Server::MariaDb) => "TINYINT",
        _ => "INTEGER",
    }
}

/// The `INVALID_DEFAULT` messages validation gives the column `code` of `ty` defaulting to
/// the expression `e`, and the up migration when there are none.
fn validated(db_type: &str, ty: &str, e: &str) -> (Vec<String>, Option<String>) {
    let spec = items_with_code(
        db_type,
        col("code", ty, json!({ "default": { "expression": e } })),
    );
    let v: Value = generated(&spec);
    let errors: Vec<Value> = v["validation"]["errors"].as_array().unwrap().clone();
    for error in &errors {
        assert_eq!(
            error["code"], "INVALID_DEFAULT",
            "{db_type} {ty} {e}: {error}"
        );
    }
    let messages = errors.iter().map(|i| i["message"].to_string()).collect();
    (messages, v["upMigration"].as_str().map(str::to_owned))
}

/// Runs each case on `db`, and checks validation against what the server says: every
/// disagreement, at once.
fn compare(server: Server, db: &Scratch) -> (usize, usize) {
    let (mut taken, mut refused, mut wrong) = (0, 0, Vec::new());
    for (ty, e) in CASES {
        let (errors, up) = validated(server.database_type(), ty, e);
        let what = format!("{server:?} {ty} DEFAULT ({e}): validation {errors:?}");
        let insert = "INSERT INTO items (id) VALUES (1);";
        if errors.is_empty() {
            taken += 1;
            let up = up.unwrap_or_else(|| panic!("{what}: no migration"));
            let ran = db.run(&format!("DROP TABLE IF EXISTS items;\n{up}\n{insert}"));
            if let Err(said) = ran {
                wrong.push(format!("{what}: the server refuses it: {said}"));
            }
        } else {
            refused += 1;
            assert_eq!(errors.len(), 1, "{what}");
            assert!(errors[0].contains("out of range"), "{what}");
            let ran = db.run(&format!(
                "DROP TABLE IF EXISTS items;\nCREATE TABLE items (id INTEGER, code {} DEFAULT ({e}));\n{insert}",
                engine_type(server, ty)
            ));
            match ran.map_err(|said| said.to_lowercase()) {
                Ok(_) => wrong.push(format!("{what}: the server takes it")),
                Err(said) => assert!(
                    said.contains("out of range") || said.contains("invalid default value"),
                    "{what}: {said}"
                ),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    (taken, refused)
}

#[test]
fn postgresql_refuses_exactly_the_computed_integer_defaults_validation_refuses() {
    let Some(db) = Server::Postgres.scratch("integer_default_exact") else {
        return;
    };
    let (taken, refused) = compare(Server::Postgres, &db);
    assert!(
        taken > 15 && refused > 15,
        "{taken} taken, {refused} refused"
    );
}

#[test]
fn mariadb_refuses_exactly_the_computed_integer_defaults_validation_refuses() {
    let Some(db) = Server::MariaDb.scratch("integer_default_exact") else {
        return;
    };
    let (taken, refused) = compare(Server::MariaDb, &db);
    assert!(
        taken > 15 && refused > 15,
        "{taken} taken, {refused} refused"
    );
}
