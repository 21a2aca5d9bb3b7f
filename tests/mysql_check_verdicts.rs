//! MySQL CHECKs whose verdict MariaDB 10.11 gives differently from what they say, run there
//! (tests/common/servers.rs: a `mg_rt_*` database of each test's own, dropped afterwards):
//!
//! - a number, boolean, date or timestamp compared with a string that is none (`qty <> ''`):
//!   MariaDB takes the CHECK and refuses every insert of a value (error 1292), so the generator
//!   refuses the CHECK (INVALID_CHECK_EXPRESSION, src/mysql_check_strings.rs), also when a
//!   column made INTEGER keeps it; the strings MariaDB reads as a number stay valid; in an
//!   `IN` list of two or more strings MariaDB reads such a string without an error, as the
//!   number it starts with or the zero date: refused too;
//! - a text column compared with its upper case or trimmed self (`sku = upper(sku)`), which the
//!   default collation makes take anything: a LOSSY_TYPE_MAPPING warning whose suggested
//!   CHECK refuses what the first let through (src/mysql_collation_checks.rs).
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{generate, generated};
use serde_json::{json, Value};
use servers::Server;

/// A MySQL spec: the table `p` with `id` and the column `d` of `ty`, and the CHECK `chk_d`
/// when `check` is given.
fn spec(ty: &str, check: Option<&str>) -> Value {
    let mut table = json!({ "name": "p", "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
        { "name": "d", "type": ty, "nullable": true, "length": if ty == "VARCHAR" { json!(20) } else { Value::Null } }
    ] });
    if ty != "VARCHAR" {
        table["columns"][1]
            .as_object_mut()
            .unwrap()
            .remove("length");
    }
    if let Some(check) = check {
        table["checkConstraints"] = json!([{ "name": "chk_d", "expression": check }]);
    }
    json!({ "description": "p", "databaseType": "mysql", "timestamps": false, "tables": [table] })
}

/// The codes of the spec's errors and warnings, each with its message.
fn issues(v: &Value, kind: &str) -> Vec<(String, String, String)> {
    v["validation"][kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_string(),
                i["message"].as_str().unwrap().to_string(),
                i["suggestion"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The refused comparisons, each with its type and a value to insert: the generator refuses
/// the CHECK, and MariaDB, given the table without it and the CHECK added by hand, refuses the
/// insert with error 1292 (or, for a BIGINT, compares with 0 and refuses 0 as a CHECK).
const REFUSED: &[(&str, &str, &str)] = &[
    ("INTEGER", "d <> ''", "5"),
    ("INTEGER", "d > '1x'", "5"),
    // 7, not 5: MariaDB stops at the 5 that matches, before reading ''.
    ("INTEGER", "d IN (5, '')", "7"),
    ("DECIMAL", "d <> 'x'", "5"),
    ("REAL", "d + 1 <> ' '", "5"),
    ("BOOLEAN", "d <> 'maybe'", "1"),
    ("BOOLEAN", "d = 'true'", "1"),
    ("TIMESTAMP", "d <> ''", "'2024-06-01 10:00:00'"),
    ("DATE", "d > 'today'", "'2024-06-01'"),
    ("DATE", "d > '2024-13-01'", "'2024-06-01'"),
];

#[test]
fn number_and_date_compared_with_no_such_string_is_refused_as_mariadb_fails_every_row() {
    let Some(db) = Server::MariaDb.scratch("check_strings") else {
        return;
    };
    for (ty, check, value) in REFUSED {
        let v = generated(&spec(ty, Some(check)));
        let errors = issues(&v, "errors");
        assert!(
            errors
                .iter()
                .any(|(code, m, _)| code == "INVALID_CHECK_EXPRESSION"
                    && m.contains("MariaDB 10.11 (strict mode) then refuses every insert")),
            "{ty} {check}: {errors:?}"
        );
        // The same table and CHECK on MariaDB: every row with a value fails.
        db.exec("DROP TABLE IF EXISTS p;");
        db.exec(generate(&spec(ty, None))["upMigration"].as_str().unwrap());
        db.exec(&format!(
            "ALTER TABLE p ADD CONSTRAINT chk_d CHECK ({check});"
        ));
        let e = db
            .run(&format!("INSERT INTO p (d) VALUES ({value});"))
            .expect_err(&format!("{ty} {check}: MariaDB took {value}"));
        assert!(e.contains("1292"), "{ty} {check}: {e}");
        db.exec("INSERT INTO p (d) VALUES (NULL);");
    }
    // A BIGINT compares without an error, the string read as 0: `d <> ''` refuses 0.
    let v = generated(&spec("BIGINT", Some("d <> ''")));
    assert!(
        issues(&v, "errors")
            .iter()
            .any(|(code, m, _)| code == "INVALID_CHECK_EXPRESSION"
                && m.contains("reads the string as a number without a word for a BIGINT column")),
        "{v}"
    );
    db.exec("DROP TABLE IF EXISTS p;");
    db.exec(
        generate(&spec("BIGINT", None))["upMigration"]
            .as_str()
            .unwrap(),
    );
    db.exec("ALTER TABLE p ADD CONSTRAINT chk_d CHECK (d <> '');");
    db.exec("INSERT INTO p (d) VALUES (5);");
    let e = db.run("INSERT INTO p (d) VALUES (0);").unwrap_err();
    assert!(e.contains("4025"), "{e}");
}

#[test]
fn strings_mariadb_reads_as_numbers_and_dates_stay_valid_and_compare() {
    let Some(db) = Server::MariaDb.scratch("check_numeric_strings") else {
        return;
    };
    // (type, CHECK, a value it takes, a value it refuses as a CHECK)
    let cases: &[(&str, &str, &str, &str)] = &[
        ("INTEGER", "d <> '5'", "7", "5"),
        ("INTEGER", "d > ' 5'", "7", "3"),
        ("INTEGER", "d < '1e3'", "7", "2000"),
        ("DECIMAL", "d >= '5.0'", "7", "3"),
        ("BOOLEAN", "d = '1'", "1", "0"),
        ("DATE", "d > '2024-01-01'", "'2024-06-01'", "'2023-06-01'"),
        (
            "TIMESTAMP",
            "d > '2024-01-01 10:00'",
            "'2024-06-01'",
            "'2023-06-01'",
        ),
        // All strings: compared as numbers, without an error (7 is not 5 nor 6).
        ("INTEGER", "d IN ('5', '6')", "5", "7"),
    ];
    for (ty, check, takes, refuses) in cases {
        let v = generate(&spec(ty, Some(check)));
        db.exec("DROP TABLE IF EXISTS p;");
        db.exec(v["upMigration"].as_str().unwrap());
        db.exec(&format!("INSERT INTO p (d) VALUES ({takes});"));
        let e = db
            .run(&format!("INSERT INTO p (d) VALUES ({refuses});"))
            .expect_err(&format!("{ty} {check}: {refuses} taken"));
        assert!(e.contains("4025"), "{ty} {check}: {e}");
    }
}

/// An `IN` list of two or more strings, one of them no number (no date): MariaDB compares
/// without an error, reading such a string as the number it starts with (0 for 'a') or as the
/// zero date, so the CHECK refuses what it means to let in and lets in what it does not name.
/// The generator refuses it as the one-string comparison (INVALID_CHECK_EXPRESSION).
#[test]
fn a_number_or_date_in_a_list_of_strings_is_refused_as_mariadb_tests_another_value() {
    let Some(db) = Server::MariaDb.scratch("check_string_lists") else {
        return;
    };
    // (type, CHECK, a value MariaDB refuses as a CHECK, one it takes that the CHECK names not)
    let cases: &[(&str, &str, &str, &str)] = &[
        ("INTEGER", "d IN ('a', 'b')", "1", "0"),
        ("INTEGER", "d IN ('1a', '2b')", "3", "1"),
        ("BIGINT", "d NOT IN ('a', 'b')", "0", "3"),
        ("DECIMAL", "d IN ('5', 'x')", "7", "0"),
        ("DATE", "d IN ('x', 'y')", "'2024-06-01'", "'0000-00-00'"),
    ];
    for (ty, check, refuses, takes) in cases {
        let v = generated(&spec(ty, Some(check)));
        let errors = issues(&v, "errors");
        assert!(
            errors
                .iter()
                .any(|(code, m, _)| code == "INVALID_CHECK_EXPRESSION"
                    && m.contains("reads each string of a list of strings as")
                    && m.contains("so the CHECK tests another value than it says")),
            "{ty} {check}: {errors:?}"
        );
        db.exec("DROP TABLE IF EXISTS p;");
        db.exec(generate(&spec(ty, None))["upMigration"].as_str().unwrap());
        db.exec(&format!(
            "ALTER TABLE p ADD CONSTRAINT chk_d CHECK ({check});"
        ));
        let e = db
            .run(&format!("INSERT INTO p (d) VALUES ({refuses});"))
            .expect_err(&format!("{ty} {check}: MariaDB took {refuses}"));
        assert!(e.contains("4025"), "{ty} {check}: {e}");
        db.exec(&format!("INSERT INTO p (d) VALUES ({takes});"));
    }
}

#[test]
fn a_column_made_integer_that_keeps_a_check_against_an_empty_string_is_refused() {
    let before = spec("VARCHAR", Some("d <> ''"));
    let mut after = spec("INTEGER", Some("d <> ''"));
    after["previousSpec"] = before.clone();
    let v = generated(&after);
    let errors = issues(&v, "errors");
    let (_, message, suggestion) = errors
        .iter()
        .find(|(code, _, _)| code == "INVALID_CHECK_EXPRESSION")
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(
        message,
        "the CHECK expression of 'chk_d' is refused: it compares the INTEGER column 'd' with the string '' (d <> ''), which is no number: MySQL and MariaDB compare the two as numbers, and MariaDB 10.11 (strict mode) then refuses every insert or update that gives the column a value (error 1292: Truncated incorrect DECIMAL value: '') (write a number, such as 0 or '5' in its place; to require a value, make the column NOT NULL)"
    );
    assert_eq!(
        suggestion,
        "write a number, such as 0 or '5' in its place; to require a value, make the column NOT NULL"
    );
    // What the user trial ran: the retyping with that CHECK fails on MariaDB.
    let Some(db) = Server::MariaDb.scratch("check_retyped") else {
        return;
    };
    db.exec(generate(&before)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO p (d) VALUES ('5');");
    let e = db.run("ALTER TABLE p MODIFY d INT NULL;").unwrap_err();
    assert!(e.contains("1292"), "{e}");
}

#[test]
fn case_and_trim_checks_that_the_collation_voids_are_said_and_the_suggestion_enforces_them() {
    let Some(db) = Server::MariaDb.scratch("check_collation") else {
        return;
    };
    // (CHECK, what it lets through on MariaDB, a value that passes any of them)
    let cases: &[(&str, &str)] = &[
        ("d = upper(d)", "'lower'"),
        ("d = lower(d)", "'UPPER'"),
        ("d = trim(d)", "'trail  '"),
        ("d = rtrim(d)", "'trail  '"),
        ("d = upper(trim(d))", "'low  '"),
    ];
    for (check, through) in cases {
        let v = generate(&spec("VARCHAR", Some(check)));
        let warnings = issues(&v, "warnings");
        let (_, message, suggestion) = warnings
            .iter()
            .find(|(code, _, _)| code == "LOSSY_TYPE_MAPPING")
            .unwrap_or_else(|| panic!("{check}: {warnings:?}"));
        assert!(
            message.starts_with("the CHECK 'chk_d' compares d with itself changed"),
            "{message}"
        );
        db.exec("DROP TABLE IF EXISTS p;");
        db.exec(v["upMigration"].as_str().unwrap());
        // As the warning says: the CHECK takes it.
        db.exec(&format!("INSERT INTO p (d) VALUES ({through});"));
        // The suggestion's CHECK: valid, no warning of its own, and it refuses that value.
        let fixed = suggestion
            .strip_prefix("write ")
            .and_then(|s| s.split(" (").next())
            .unwrap();
        let v = generate(&spec("VARCHAR", Some(fixed)));
        assert!(
            !issues(&v, "warnings")
                .iter()
                .any(|(code, _, _)| code == "LOSSY_TYPE_MAPPING"),
            "{fixed}: {}",
            v["validation"]
        );
        db.exec("DROP TABLE IF EXISTS p;");
        db.exec(v["upMigration"].as_str().unwrap());
        let e = db
            .run(&format!("INSERT INTO p (d) VALUES ({through});"))
            .expect_err(&format!("{fixed} took {through}"));
        assert!(e.contains("4025"), "{fixed}: {e}");
    }
    // BINARY compares bytes: no warning, and MariaDB refuses 'lower'.
    let v = generate(&spec("VARCHAR", Some("BINARY d = upper(d)")));
    assert!(
        !issues(&v, "warnings")
            .iter()
            .any(|(code, _, _)| code == "LOSSY_TYPE_MAPPING"),
        "{}",
        v["validation"]
    );
    db.exec("DROP TABLE IF EXISTS p;");
    db.exec(v["upMigration"].as_str().unwrap());
    assert!(db
        .run("INSERT INTO p (d) VALUES ('lower');")
        .unwrap_err()
        .contains("4025"));
    // The suggested CHECKs take what they should.
    db.exec("DROP TABLE IF EXISTS p;");
    let v = generate(&spec(
        "VARCHAR",
        Some("d = UPPER(d) COLLATE utf8mb4_bin AND CHAR_LENGTH(d) = CHAR_LENGTH(TRIM(d))"),
    ));
    db.exec(v["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO p (d) VALUES ('OK'), ('A B'), (NULL);");
}
