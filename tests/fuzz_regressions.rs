//! Inputs the fuzzer (`fuzz/`) found, kept as regular tests. Each came back as
//! GENERATED_SQL_REJECTED, the generator's own self-check refusing its SQL: validation let through
//! something the database refuses. Now each is a clear error, and the same text is harmless
//! where the database accepts it.

use migration_generator::generate_str;
use serde_json::{json, Value};

fn spec(db: &str, table: Value) -> String {
    json!({ "description": "fuzz", "databaseType": db, "now": "2026-02-09T12:00:00Z",
            "timestamps": false, "tables": [table] })
    .to_string()
}

fn table(extra: Value) -> Value {
    let mut t = json!({ "name": "t0", "primaryKey": ["id"], "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false },
        { "name": "s", "type": "TEXT", "nullable": true } ] });
    for (k, v) in extra.as_object().unwrap() {
        t[k] = v.clone();
    }
    t
}

fn codes(text: &str) -> (bool, Vec<&'static str>) {
    let r = generate_str(text);
    (
        r.validation.valid,
        r.validation
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect(),
    )
}

/// SQLite reserves object names starting with `sqlite_`; an index of that name was accepted.
#[test]
fn index_named_sqlite_something() {
    let t = table(json!({ "indexes": [{ "name": "sqlite_x", "columns": ["s"], "unique": true }] }));
    assert_eq!(
        codes(&spec("sqlite", t.clone())),
        (false, vec!["INVALID_CONSTRAINT_NAME"])
    );
    for db in ["postgresql", "mysql"] {
        assert_eq!(codes(&spec(db, t.clone())), (true, vec![]), "{db}");
    }
}

/// SQLite reads `$$dollar$$` as a bind parameter ("default value is not constant", "parameters
/// prohibited in CHECK constraints / partial index WHERE clauses"); PostgreSQL as a string.
#[test]
fn dollar_quoted_text_in_expressions() {
    let cases = [
        (
            json!({ "columns": [{ "name": "id", "type": "INTEGER", "nullable": false },
                                { "name": "s", "type": "TEXT", "nullable": true, "default": { "expression": "$$dollar$$" } }] }),
            "INVALID_DEFAULT",
        ),
        (
            json!({ "checkConstraints": [{ "name": "chk_t0", "expression": "s <> $$dollar$$" }] }),
            "INVALID_CHECK_EXPRESSION",
        ),
        (
            json!({ "indexes": [{ "name": "idx_t0", "columns": ["s"], "where": "s IN ($$dollar$$, 'x')" }] }),
            "INVALID_CHECK_EXPRESSION",
        ),
    ];
    for (extra, code) in cases {
        let t = table(extra);
        assert_eq!(
            codes(&spec("sqlite", t.clone())),
            (false, vec![code]),
            "{t}"
        );
        assert_eq!(codes(&spec("postgresql", t.clone())), (true, vec![]), "{t}");
    }
    // The fuzzer's own WHERE, `902 AND 537 IN ($$dollar$$, 'x')`, PostgreSQL 15 refuses too
    // ("argument of AND must be type boolean, not type integer"), and so does validation.
    let t = table(
        json!({ "indexes": [{ "name": "idx_t0", "columns": ["s"], "where": "902 AND 537 IN ($$dollar$$, 'x')" }] }),
    );
    assert_eq!(
        codes(&spec("postgresql", t)),
        (false, vec!["INVALID_CHECK_EXPRESSION"])
    );
}

/// Parameters of every spelling are refused on every dialect that reads them as parameters.
#[test]
fn bind_parameters_in_expressions() {
    for (db, parameter) in [
        ("sqlite", "?"),
        ("sqlite", ":name"),
        ("sqlite", "@name"),
        ("sqlite", "$name"),
        ("postgresql", "$1"),
        ("mysql", "?"),
    ] {
        let t = table(
            json!({ "checkConstraints": [{ "name": "chk_t0", "expression": format!("s <> {parameter}") }] }),
        );
        assert_eq!(
            codes(&spec(db, t)),
            (false, vec!["INVALID_CHECK_EXPRESSION"]),
            "{db} {parameter}"
        );
    }
}

/// sqlparser reads operators of other databases (`<@`, `:=`) in SQLite expressions; SQLite does
/// not. Found by the byte-level fuzzer mutating the examples (`age <@ 150`, `total := 0`).
#[test]
fn operators_sqlite_does_not_have() {
    for (extra, code) in [
        (
            json!({ "checkConstraints": [{ "name": "chk_t0", "expression": "id <@ 150" }] }),
            "INVALID_CHECK_EXPRESSION",
        ),
        (
            json!({ "checkConstraints": [{ "name": "chk_t0", "expression": "id := 0" }] }),
            "INVALID_CHECK_EXPRESSION",
        ),
        (
            json!({ "indexes": [{ "name": "idx_t0", "columns": ["s"], "where": "id <@ 1" }] }),
            "INVALID_CHECK_EXPRESSION",
        ),
        (
            json!({ "checkConstraints": [{ "name": "chk_t0", "expression": "nosuch(id) > 0" }] }),
            "INVALID_CHECK_EXPRESSION",
        ),
        (
            json!({ "columns": [{ "name": "id", "type": "INTEGER", "nullable": false },
                                { "name": "s", "type": "TEXT", "nullable": true, "default": { "expression": "1 := 2" } }] }),
            "INVALID_DEFAULT",
        ),
    ] {
        let text = spec("sqlite", table(extra.clone()));
        let r = generate_str(&text);
        let (valid, found) = codes(&text);
        assert_eq!((valid, found), (false, vec![code]), "{extra}");
        let issue = &r.validation.errors[0];
        assert_eq!(issue.table.as_deref(), Some("t0"), "{extra}");
        assert!(
            issue.message.contains("refused by sqlite"),
            "{}",
            issue.message
        );
    }
    // random() in a partial index's WHERE, which SQLite refuses when the index is created, is
    // refused before SQLite is asked, saying so.
    let extra =
        json!({ "indexes": [{ "name": "idx_t0", "columns": ["s"], "where": "random() > 0" }] });
    let text = spec("sqlite", table(extra));
    assert_eq!(codes(&text), (false, vec!["INVALID_CHECK_EXPRESSION"]));
    let r = generate_str(&text);
    let issue = &r.validation.errors[0];
    assert_eq!(issue.table.as_deref(), Some("t0"));
    assert!(
        issue.message.contains(
            "it calls random(), whose result is not the row's, which SQLite refuses in a partial index's WHERE when the index is created"
        ),
        "{}",
        issue.message
    );
}
