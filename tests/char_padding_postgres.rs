//! PostgreSQL's CHAR made VARCHAR or TEXT, on PostgreSQL 15: the conversion drops the spaces
//! that pad each value ('a' in a CHAR(3), read as 'a  ', becomes 'a': `octet_length` 3 then 1,
//! given back by the down migration), which `TYPE_NARROWING` says alike for TEXT, VARCHAR and
//! VARCHAR(n), with an example of the column's own length; and a CHECK kept through it is said
//! (`ROWS_REFUSE_CHANGE`) only where it reads that padding: `octet_length(code) = 3` gives
//! another result for the converted values, `length(code) = 3` the same.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generated;
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// The spec of the table `t`: an `id` key and `code` of the type `code`, with the CHECK `c1`
/// of `check` where there is one.
fn spec(code: &Value, check: Option<&str>) -> Value {
    let mut code = code.clone();
    code["name"] = json!("code");
    code["nullable"] = json!(true);
    let mut table = json!({ "name": "t", "primaryKey": ["id"], "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false }, code ] });
    if let Some(check) = check {
        table["checkConstraints"] = json!([{ "name": "c1", "expression": check }]);
    }
    json!({ "description": "s", "databaseType": "postgresql", "timestamps": false,
            "tables": [table] })
}

/// The change of `code` from `old` to `new`, the CHECK kept.
fn change(old: &Value, new: &Value, check: Option<&str>, allow: bool) -> Value {
    let mut v = spec(new, check);
    v["previousSpec"] = spec(old, check);
    v["allowDataLoss"] = json!(allow);
    generated(&v)
}

/// The (code, message) of each issue of `kind` (errors or warnings).
fn issues(v: &Value, kind: &str) -> Vec<(String, String)> {
    (v["validation"][kind].as_array().unwrap().iter())
        .map(|w| {
            let s = |k: &str| w[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("message"))
        })
        .collect()
}

fn char_of(n: u32) -> Value {
    json!({ "type": "CHAR", "length": n })
}

/// Each row's `octet_length(code)`, in the order of the keys.
fn octets(db: &Scratch) -> String {
    db.exec("SELECT octet_length(code) FROM t ORDER BY id;")
}

#[test]
fn postgres_char_made_text_or_varchar_says_the_padding_is_dropped() {
    let Some(db) = Server::Postgres.scratch("char_pad") else {
        return;
    };
    let targets = [
        json!({ "type": "TEXT" }),
        json!({ "type": "VARCHAR" }),
        json!({ "type": "VARCHAR", "length": 3 }),
        json!({ "type": "VARCHAR", "length": 10 }),
    ];
    for (n, values, example, padded, converted) in [
        (
            3,
            "(1, 'a'), (2, 'abc')",
            "'a' in a CHAR(3), read as 'a  ', becomes 'a'",
            "3\n3\n",
            "1\n3\n",
        ),
        (
            1,
            "(1, ' '), (2, 'x')",
            "' ' in a CHAR(1) becomes ''",
            "1\n1\n",
            "0\n1\n",
        ),
    ] {
        for new in &targets {
            let old = char_of(n);
            let what = format!("CHAR({n}) -> {new}");
            let v = change(&old, new, None, false);
            let errors = issues(&v, "errors");
            assert!(
                errors.iter().any(|(c, m)| c == "TYPE_NARROWING"
                    && m.contains("drops the spaces that pad each value")
                    && m.contains(example)),
                "{what}: {errors:?}"
            );
            // What it says, on the server: the padding gone, given back by the down migration.
            let v = change(&old, new, None, true);
            db.exec(
                generated(&spec(&old, None))["upMigration"]
                    .as_str()
                    .unwrap(),
            );
            db.exec(&format!("INSERT INTO t (id, code) VALUES {values};"));
            assert_eq!(octets(&db), padded, "{what}");
            db.exec(v["upMigration"].as_str().unwrap());
            assert_eq!(octets(&db), converted, "{what}");
            db.exec(v["downMigration"].as_str().unwrap());
            assert_eq!(octets(&db), padded, "{what}");
            db.exec("DROP TABLE t;");
        }
    }
}

/// CHECKs whose result PostgreSQL 15 gives alike over a CHAR(3) and the VARCHAR it becomes,
/// for the values below.
const BLIND: &[&str] = &[
    "length(code) = 3",
    "char_length(code) BETWEEN 1 AND 2",
    "code IN ('USD', 'ab')",
    "code < 'ab'",
    "upper(code) = 'AB'",
    "code || '|' = 'ab|'",
    "CAST(code AS TEXT) = 'ab '",
    "position('b' IN code) = 2",
    "trim(code) = 'a'",
    "code IS NOT NULL",
];

/// CHECKs whose result it does not give alike (the padding read).
const READS: &[&str] = &[
    "octet_length(code) = 3",
    "code = 'ab '",
    "code IN ('ab ', 'c')",
    "code LIKE 'a_'",
    "code ~ '^[a-z]+$'",
    "code ILIKE 'A_'",
];

#[test]
fn postgres_kept_check_is_said_only_where_it_reads_the_padding() {
    let Some(db) = Server::Postgres.scratch("char_pad_check") else {
        return;
    };
    db.exec(
        "CREATE TABLE b (id int, code char(3));
         INSERT INTO b VALUES (1, 'a'), (2, 'ab'), (3, 'abc'), (4, ''), (5, ' a');
         CREATE TABLE a AS SELECT id, CAST(code AS varchar) AS code FROM b;",
    );
    let results =
        |table: &str, check: &str| db.exec(&format!("SELECT ({check}) FROM {table} ORDER BY id;"));
    for (checks, reads) in [(BLIND, false), (READS, true)] {
        for check in checks {
            assert_eq!(
                results("b", check) != results("a", check),
                reads,
                "PostgreSQL's own results of {check}"
            );
            for new in [
                json!({ "type": "VARCHAR", "length": 3 }),
                json!({ "type": "TEXT" }),
            ] {
                let v = change(&char_of(3), &new, Some(check), true);
                let warnings = issues(&v, "warnings");
                let said = warnings.iter().any(|(c, m)| {
                    c == "ROWS_REFUSE_CHANGE" && m.contains("keeping the CHECK 'c1'")
                });
                let pointed = warnings
                    .iter()
                    .any(|(c, m)| c == "TYPE_NARROWING" && m.contains("see ROWS_REFUSE_CHANGE"));
                assert_eq!(
                    (said, pointed),
                    (reads, reads),
                    "{check} -> {new}: {warnings:?}"
                );
            }
        }
    }
    // The migration itself: a CHECK that reads the padding refuses the row it let in.
    for (check, rows, passes) in [
        (
            "char_length(code) BETWEEN 1 AND 2",
            "(1, 'a'), (2, 'ab')",
            true,
        ),
        ("octet_length(code) = 3", "(1, 'a'), (2, 'ab')", false),
    ] {
        let new = json!({ "type": "VARCHAR", "length": 3 });
        db.exec(
            generated(&spec(&char_of(3), Some(check)))["upMigration"]
                .as_str()
                .unwrap(),
        );
        db.exec(&format!("INSERT INTO t (id, code) VALUES {rows};"));
        let up = change(&char_of(3), &new, Some(check), true)["upMigration"].clone();
        let ran = db.run(up.as_str().unwrap());
        assert_eq!(ran.is_ok(), passes, "{check}: {ran:?}");
        db.exec("DROP TABLE t;");
    }
}
