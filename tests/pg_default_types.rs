//! A default expression whose type the column does not take (a user trial: `now()` on an
//! INTEGER, `lower('X')` on a DATE, `(1=1)` on an INTEGER, `1+1` on a BOOLEAN), and a CHECK's
//! `coalesce()` of two types (`coalesce(c0, 0)` on a TEXT column), on PostgreSQL 15: for every
//! column type and expression below (written `DEFAULT (…)`, as the generator writes it), validation refuses (`INVALID_DEFAULT`,
//! `INVALID_CHECK_EXPRESSION`) exactly what the server refuses; and each refused default's
//! suggestion, applied either way it says (the column's type, or the example default), is
//! valid and runs there.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generated;
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// The spec's column types, with what makes them complete, and PostgreSQL's spelling of
/// each as the generator writes it.
const TYPES: &[(&str, &str, &str)] = &[
    ("INTEGER", "{}", "INTEGER"),
    ("BIGINT", "{}", "BIGINT"),
    ("TINYINT", "{}", "SMALLINT"),
    ("REAL", "{}", "DOUBLE PRECISION"),
    ("DECIMAL", r#"{"precision":12,"scale":2}"#, "DECIMAL(12,2)"),
    ("TEXT", "{}", "TEXT"),
    ("VARCHAR", r#"{"length":100}"#, "VARCHAR(100)"),
    ("CHAR", r#"{"length":40}"#, "CHAR(40)"),
    ("BOOLEAN", "{}", "BOOLEAN"),
    ("DATE", "{}", "DATE"),
    ("TIMESTAMP", "{}", "TIMESTAMP"),
    ("UUID", "{}", "UUID"),
    ("JSON", "{}", "JSON"),
    ("JSONB", "{}", "JSONB"),
    ("BLOB", "{}", "BYTEA"),
];

/// Default expressions whose type validation knows.
const DEFAULTS: &[&str] = &[
    "now()",
    "CURRENT_TIMESTAMP",
    "CURRENT_DATE",
    "LOCALTIMESTAMP",
    "lower('X')",
    "'a'||'b'",
    "md5('x')",
    "concat('a', 1)",
    "1+1",
    "2.5 * 2",
    "CAST(1 AS BIGINT)",
    "random()",
    "length('abc')",
    "(1=1)",
    "NOT true",
    "gen_random_uuid()",
    "'{}'::jsonb",
    "'{}'::json",
    "'\\x01'::bytea",
    "coalesce('a', 'b')",
];

/// CHECKs with `coalesce()`, `greatest()` of the column `c0` and another type.
const CHECKS: &[&str] = &[
    "coalesce(c0, 0) > 0",
    "greatest(c0, 1) IS NOT NULL",
    "coalesce(c0, CURRENT_DATE) IS NOT NULL",
    "coalesce(c0, true) IS NOT NULL",
    "coalesce(c0, '{}'::jsonb) IS NOT NULL",
    "least(c0, 'x'::text) IS NOT NULL",
];

/// A column `c` of the type of `TYPES[i]`, with `extra`'s fields.
fn column(i: usize, extra: Value) -> Value {
    let (ty, more, _) = TYPES[i];
    let mut c = json!({ "name": "c", "type": ty, "nullable": true });
    let fields = serde_json::from_str::<Value>(more).unwrap();
    for (k, v) in fields
        .as_object()
        .unwrap()
        .iter()
        .chain(extra.as_object().unwrap())
    {
        c[k] = v.clone();
    }
    c
}

/// A PostgreSQL spec of the table `t`: `id`, numbered, and `c`.
fn spec(c: Value, checks: Value) -> Value {
    json!({ "description": "t", "timestamps": false, "databaseType": "postgresql", "tables": [{ "name": "t", "primaryKey": ["id"],
        "columns": [{ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true }, c],
        "checkConstraints": checks }] })
}

/// The errors of code `code` validation gives `spec`; any other error fails the test.
fn errors_of(spec: &Value, code: &str) -> Vec<Value> {
    let v = generated(spec);
    let errors = v["validation"]["errors"].as_array().unwrap().clone();
    for e in &errors {
        assert_eq!(e["code"], code, "{spec}: {e}");
    }
    errors
}

#[test]
fn validation_refuses_exactly_the_defaults_postgresql_refuses() {
    let Some(db) = Server::Postgres.scratch("pg_default_types") else {
        return;
    };
    let pairs: Vec<(usize, &str)> = (0..TYPES.len())
        .flat_map(|i| DEFAULTS.iter().map(move |e| (i, *e)))
        .collect();
    let statements: Vec<String> = (pairs.iter().enumerate())
        .map(|(n, (i, e))| format!("CREATE TABLE t{n} (c {} DEFAULT ({e}))", TYPES[*i].2))
        .collect();
    let said = db.says_of_each(&statements);
    let (mut refused, mut fixed) = (0, String::new());
    for ((i, e), server) in pairs.iter().zip(&said) {
        let c = column(*i, json!({ "default": { "expression": e } }));
        let errors = errors_of(&spec(c, json!([])), "INVALID_DEFAULT");
        let what = format!(
            "{} DEFAULT {e}: server says {server}, validation {errors:?}",
            TYPES[*i].0
        );
        assert_eq!(errors.is_empty(), server == "ok", "{what}");
        if errors.is_empty() {
            continue;
        }
        refused += 1;
        let message = errors[0]["message"].as_str().unwrap();
        assert!(message.contains("column 'c'"), "{what}");
        // The server's words, in the message.
        assert!(
            message.contains(server.trim_start_matches("ERROR:  ")),
            "{what}"
        );
        let suggestion = errors[0]["suggestion"].as_str().unwrap();
        fixed += &suggestion_applied(*i, e, suggestion);
    }
    // Every suggestion's migrations, in one session: each runs.
    db.exec(&fixed);
    // The user trial's sweep: most pairs of these types and expressions are refused.
    eprintln!("{refused} of {} defaults refused, by both", pairs.len());
    assert!(refused > 100 && refused < pairs.len() - 50, "{refused}");
}

/// The up migrations (each followed by a drop of its table) of both ways `suggestion` says to
/// fix `TYPES[i]` with the default `e`, each of which validation takes.
fn suggestion_applied(i: usize, e: &str, suggestion: &str) -> String {
    let ty = suggestion
        .split("\"type\": \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("{suggestion}"));
    let example: Value = serde_json::from_str(
        suggestion
            .rsplit("such as ")
            .next()
            .unwrap_or_else(|| panic!("{suggestion}")),
    )
    .unwrap_or_else(|x| panic!("{suggestion}: {x}"));
    let retyped =
        json!({ "name": "c", "type": ty, "nullable": true, "default": { "expression": e } });
    let redefaulted = column(i, json!({ "default": example }));
    let mut sql = String::new();
    for c in [retyped, redefaulted] {
        let v = generated(&spec(c.clone(), json!([])));
        assert_eq!(v["validation"]["errors"], json!([]), "{c}: {suggestion}");
        sql += &format!("{}\nDROP TABLE t;\n", v["upMigration"].as_str().unwrap());
    }
    sql
}

#[test]
fn validation_refuses_exactly_the_coalesce_checks_postgresql_refuses() {
    let Some(db) = Server::Postgres.scratch("pg_coalesce_types") else {
        return;
    };
    let pairs: Vec<(usize, &str)> = (0..TYPES.len())
        .flat_map(|i| CHECKS.iter().map(move |e| (i, *e)))
        .collect();
    let statements: Vec<String> = (pairs.iter().enumerate())
        .map(|(n, (i, e))| format!("CREATE TABLE k{n} (c0 {}, CHECK ({e}))", TYPES[*i].2))
        .collect();
    let said = db.says_of_each(&statements);
    let mut refused = 0;
    for ((i, e), server) in pairs.iter().zip(&said) {
        let mut c = column(*i, json!({}));
        c["name"] = json!("c0");
        let checks = json!([{ "name": "k", "expression": e }]);
        let errors = errors_of(&spec(c, checks), "INVALID_CHECK_EXPRESSION");
        let what = format!(
            "{} CHECK ({e}): server says {server}, validation {errors:?}",
            TYPES[*i].0
        );
        assert_eq!(errors.is_empty(), server == "ok", "{what}");
        refused += usize::from(!errors.is_empty());
    }
    eprintln!("{refused} of {} CHECKs refused, by both", pairs.len());
    assert!(refused > 20, "{refused}");
}

/// The user trial's repro, word for word: refused, naming the table and the column; and the
/// same column added to the table by a migration from `previousSpec` (ADD COLUMN).
#[test]
fn now_on_an_integer_column_is_refused() {
    let mut spec = json!({ "description": "t", "timestamps": false, "databaseType": "postgresql",
        "tables": [{ "name": "t", "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
            { "name": "c", "type": "INTEGER", "nullable": true, "default": { "expression": "now()" } }] }] });
    let mut previous = spec.clone();
    previous["tables"][0]["columns"]
        .as_array_mut()
        .unwrap()
        .pop();
    let created = generated(&spec);
    spec["previousSpec"] = previous;
    for v in [created, generated(&spec)] {
        assert_eq!(v["validation"]["valid"], false);
        let errors = v["validation"]["errors"].as_array().unwrap();
        let e = errors
            .iter()
            .find(|e| e["code"] == "INVALID_DEFAULT")
            .unwrap();
        assert_eq!((&e["table"], &e["column"]), (&json!("t"), &json!("c")));
        assert!(e["message"].as_str().unwrap().contains(
            "column \"c\" is of type integer but default expression is of type timestamp with time zone"
        ));
    }
}

/// Defaults calling nullif() (`nullif(a, b)` is `a = b`) or coalesce() and greatest() of two
/// types, whose type validation knows when the arguments match.
const CALL_DEFAULTS: &[&str] = &[
    "nullif(1, now())",
    "nullif(now(), 1)",
    "nullif(1, 2.5)",
    "nullif('a'::text, 1)",
    "nullif(true, 1)",
    "nullif(CURRENT_DATE, now())",
    "nullif(gen_random_uuid(), 'x'::text)",
    "nullif('{}'::json, '{}'::json)",
    "nullif('{}'::jsonb, '{}'::jsonb)",
    "coalesce(1, now())",
    "greatest(1, 'x'::text)",
];

/// CHECKs with nullif() of the column `c0` and another type.
const NULLIF_CHECKS: &[&str] = &[
    "nullif(c0, 1) IS NOT NULL",
    "nullif(1, c0) IS NOT NULL",
    "nullif(c0, now()) IS NOT NULL",
    "nullif(c0, '2024-01-01'::date) IS NOT NULL",
    "nullif(c0, true) IS NOT NULL",
    "nullif(c0, 'x'::text) IS NOT NULL",
    "nullif(c0, c0) IS NOT NULL",
];

/// nullif() of two types PostgreSQL has no `=` between (`nullif(1, now())`: "operator does not
/// exist: integer = timestamp with time zone"), in a default and in a CHECK, on PostgreSQL 15:
/// validation refuses exactly what the server refuses, for every column type, as it does
/// coalesce() of two types (which a default is refused for too).
#[test]
fn validation_refuses_exactly_the_nullif_defaults_and_checks_postgresql_refuses() {
    let Some(db) = Server::Postgres.scratch("pg_nullif_types") else {
        return;
    };
    let (mut refused, mut unmatched) = (0, 0);
    let judged = judged_both(&db, CALL_DEFAULTS, NULLIF_CHECKS);
    for (what, server, errors) in &judged {
        assert_eq!(errors.is_empty(), server == "ok", "{what}");
        if errors.is_empty() {
            continue;
        }
        refused += 1;
        // Where the server finds no `=` or no common type, the message says so in its words.
        let message = errors[0]["message"].as_str().unwrap();
        for words in ["operator does not exist", "cannot be matched"] {
            if server.contains(words) {
                assert!(message.contains(words), "{what}");
                unmatched += 1;
            }
        }
    }
    eprintln!(
        "{refused} of {} refused, by both ({unmatched} with no = or common type)",
        judged.len()
    );
    assert!(unmatched > 40, "{unmatched}");
}

/// Defaults that concatenate (`||`), and defaults calling coalesce(), nullif() or greatest()
/// with a string literal they read as the other argument's type.
const CONCAT_AND_LITERAL_DEFAULTS: &[&str] = &[
    "1 || 2",
    "1 || 'a'",
    "'a' || 1",
    "1 || 2 || 'a'",
    "'a' || 1 || 2",
    "true || now()",
    "CURRENT_DATE || 'x'",
    "gen_random_uuid() || gen_random_uuid()",
    "'a'::varchar || 1.5",
    "'{}'::jsonb || '{}'::jsonb",
    "'{}'::jsonb || '{}'",
    "'{}'::json || '{}'::json",
    "'{}'::json || 'x'",
    "'\\x01'::bytea || '\\x02'::bytea",
    "'\\x01'::bytea || 'x'::text",
    "nullif(1, 'x')",
    "coalesce(1, 'x')",
    "nullif(1, '2')",
    "nullif('x', 1)",
    "coalesce(1.5, 'abc')",
    "coalesce(1.5, '2.5')",
    "greatest(true, 'maybe')",
    "coalesce(true, 'yes')",
    "coalesce(CURRENT_DATE, '2024-13-01')",
    "coalesce(CURRENT_DATE, '2024-01-31')",
    "nullif(gen_random_uuid(), 'x')",
    "coalesce(now(), 'soon')",
    "coalesce('{}'::jsonb, 'x')",
];

/// CHECKs concatenating the column `c0`, or reading a string literal as its type.
const CONCAT_AND_LITERAL_CHECKS: &[&str] = &[
    "c0 || c0 > ''",
    "(c0 || c0) IS NOT NULL",
    "c0 || 1 IS NOT NULL",
    "1 || c0 IS NOT NULL",
    "c0 || 'x'::text IS NOT NULL",
    "c0 || true IS NOT NULL",
    "(c0 || '{}'::jsonb) IS NOT NULL",
    "(c0 || '\\x01'::bytea) IS NOT NULL",
    "'a' || c0 || 1 IS NOT NULL",
    "nullif(c0, 'x') IS NOT NULL",
    "nullif(c0, '1') IS NOT NULL",
    "coalesce(c0, '2024-01-31') IS NOT NULL",
];

/// `||` where PostgreSQL has no operator (`1 || 2`: "operator does not exist: integer ||
/// integer"; it has text's for a text or string-literal side, jsonb's, bytea's), and a string
/// literal coalesce(), nullif() or greatest() reads as the other argument's type and cannot
/// (`coalesce(1, 'x')`: "invalid input syntax for type integer"), in a default and in a CHECK,
/// for every column type, on PostgreSQL 15: validation refuses exactly what the server refuses,
/// in the server's words.
#[test]
fn validation_refuses_exactly_the_concatenations_and_literals_postgresql_refuses() {
    let Some(db) = Server::Postgres.scratch("pg_concat_types") else {
        return;
    };
    let (mut refused, mut no_operator, mut unreadable) = (0, 0, 0);
    let judged = judged_both(&db, CONCAT_AND_LITERAL_DEFAULTS, CONCAT_AND_LITERAL_CHECKS);
    for (what, server, errors) in &judged {
        assert_eq!(errors.is_empty(), server == "ok", "{what}");
        if errors.is_empty() {
            continue;
        }
        refused += 1;
        let message = errors[0]["message"].as_str().unwrap();
        if server.contains("||") {
            // "operator does not exist: integer || integer", word for word.
            assert!(message.contains(server.as_str()), "{what}");
            no_operator += 1;
        } else if server.contains("invalid input syntax") {
            assert!(message.contains("invalid input syntax"), "{what}");
            unreadable += 1;
        }
    }
    eprintln!(
        "{refused} of {} refused, by both ({no_operator} with no ||, {unreadable} unreadable)",
        judged.len()
    );
    assert!(
        no_operator > 100 && unreadable > 50,
        "{no_operator} {unreadable}"
    );
}

/// For every column type, each default (on a column `c` of the type) and each CHECK (on a
/// column `c0`): a line naming it with what both say, what the server says of it (`ok`, or its
/// error; all in one session) and validation's errors (`INVALID_DEFAULT`,
/// `INVALID_CHECK_EXPRESSION`; any other fails the test).
fn judged_both(
    db: &Scratch,
    defaults: &[&str],
    checks: &[&str],
) -> Vec<(String, String, Vec<Value>)> {
    let pairs: Vec<(usize, &str, bool)> = (0..TYPES.len())
        .flat_map(|i| {
            let each_default = defaults.iter().map(move |e| (i, *e, true));
            each_default.chain(checks.iter().map(move |e| (i, *e, false)))
        })
        .collect();
    let statements: Vec<String> = (pairs.iter().enumerate())
        .map(|(n, (i, e, default))| match default {
            true => format!("CREATE TABLE t{n} (c {} DEFAULT ({e}))", TYPES[*i].2),
            false => format!("CREATE TABLE k{n} (c0 {}, CHECK ({e}))", TYPES[*i].2),
        })
        .collect();
    let said = db.says_of_each(&statements);
    let judged = pairs.iter().zip(said).map(|((i, e, default), server)| {
        let errors = if *default {
            let c = column(*i, json!({ "default": { "expression": e } }));
            errors_of(&spec(c, json!([])), "INVALID_DEFAULT")
        } else {
            let mut c = column(*i, json!({}));
            c["name"] = json!("c0");
            let checks = json!([{ "name": "k", "expression": e }]);
            errors_of(&spec(c, checks), "INVALID_CHECK_EXPRESSION")
        };
        let what = format!(
            "{} {e}: server says {server}, validation {errors:?}",
            TYPES[*i].0
        );
        (what, server, errors)
    });
    judged.collect()
}
