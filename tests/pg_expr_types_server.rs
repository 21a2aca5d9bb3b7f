//! The type the PostgreSQL typer (`src/pg_expr_type.rs`) gives a default expression, against
//! PostgreSQL 15's own: `nullif()` (the type of `=`'s left side, `character varying` read as
//! text), `mod()` and `%` (of two integers or two numerics only: none of real or double
//! precision), a `smallint` cast and the arithmetic on it, `real`, and `bytea || 'literal'` (the
//! literal read as bytea, which it may not be). Then CHECKs on a table of the spec's TINYINT
//! (SMALLINT there), REAL (double precision), INTEGER and BIGINT columns, and an operator
//! PostgreSQL splits and the parser does not (`-+`). Each expression is the default of a UUID column (which takes
//! nothing but a uuid) and of a BLOB column (bytea), written by hand, on the server: where the
//! server refuses it, validation's `INVALID_DEFAULT` says the server's words ("default
//! expression is of type smallint", "function mod(integer, double precision) does not exist",
//! "invalid hexadecimal digit"); where the server takes it, validation does too, and the
//! generated migration runs. `pg_typeof` of each, on the server, is shown with a failure.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generated, items_with_code};
use serde_json::{json, Value};
use servers::Server;

/// Default expressions whose type (or refusal) the typer settles.
const DEFAULTS: &[&str] = &[
    // nullif(): the type of `=`'s left side.
    "nullif('a'::varchar, 'b')",
    "nullif('a'::varchar, 'b'::varchar)",
    "nullif('a'::varchar, 'b'::char(2))",
    "nullif('a'::char(3), 'b'::text)",
    "nullif('a'::char(3), 'b')",
    "nullif('a'::char(3), 'b'::varchar)",
    "nullif('a'::text, 'b'::varchar)",
    "nullif('a', 'b')",
    "nullif('a', 'b'::varchar)",
    "nullif('a', 'b'::char(2))",
    "nullif(N'a', 'b'::text)",
    "nullif(LOCALTIMESTAMP, now())",
    "nullif(now(), LOCALTIMESTAMP)",
    "nullif(CURRENT_DATE, now())",
    "nullif(1::smallint, 2)",
    "nullif(1::smallint, 2.5)",
    "nullif(1, 2.2)",
    "nullif(1, 2::bigint)",
    "nullif(1.5::float8, 2)",
    "nullif(2::numeric, 1.5::float8)",
    "nullif('{}'::jsonb, '{}')",
    "nullif(true, 'f')",
    "nullif('\\x01'::bytea, 'x')",
    // mod(): two integers or two numerics.
    "mod(1, 2.5::float8)",
    "mod(1.5::float8, 2)",
    "mod(random(), 2)",
    "mod(1, 2.5)",
    "mod(1::smallint, 2::smallint)",
    "mod(1::smallint, 2)",
    "mod(1::bigint, 2)",
    // smallint.
    "1::smallint",
    "CAST(1 AS int2)",
    "CAST(1 AS SMALLINT)",
    "1::smallint + 1::smallint",
    "-(1::smallint)",
    "abs(1::smallint)",
    "1::smallint * 2",
    "1::smallint + 2::bigint",
    "1::smallint + 1.5",
    "1::smallint / 2::smallint",
    "1::smallint % 2::smallint",
    "coalesce(1::smallint, 2)",
    "coalesce(1::smallint, 2::smallint)",
    "greatest(1::smallint, 2::smallint)",
    // real: of real, double precision beside another number, but where coalesce() and
    // nullif()'s left side make it real; no mod() or % of real or double precision.
    "1::real",
    "1::float(10)",
    "1::real + 1::real",
    "1::real + 1",
    "1::real * 1.5",
    "-(1::real)",
    "abs(1::real)",
    "coalesce(1::real, 2.5)",
    "coalesce(2, 1::real)",
    "greatest(1::real, 2::numeric)",
    "nullif(1::real, 2)",
    "nullif(1, 2::real)",
    "mod(1::real, 2)",
    "mod(1::float4, 2::real)",
    "mod(2, 1.5::float(20))",
    "1::real % 2",
    "1.5::float8 % 2",
    "2 % 1.5::float8",
    "1::numeric % 2::float8",
    "1::numeric % 2",
    "-(1::smallint) % 2",
    // bytea || a string literal, read as bytea.
    "'\\x01'::bytea || 'bad'",
    "'bad' || '\\x01'::bytea",
    "'\\x01'::bytea || '\\x41 42'",
    "'\\x01'::bytea || '\\101'",
    "'\\x01'::bytea || 'a\\\\b'",
    "'\\x01'::bytea || E'\\\\x41'",
    "'\\x01'::bytea || '\\xzz'",
    "'\\x01'::bytea || '\\x0'",
    "'\\x01'::bytea || '\\x4 1'",
    "'\\x01'::bytea || '\\q'",
    "'\\x01'::bytea || '\\1'",
    "'\\x01'::bytea || 'a\\400'",
    "'\\x01'::bytea || 'a'::text",
];

/// The spec's column types the defaults are given to, and PostgreSQL's.
const COLUMNS: &[(&str, &str)] = &[("UUID", "uuid"), ("BLOB", "bytea")];

#[test]
fn validation_types_these_defaults_as_postgresql_does() {
    let Some(db) = Server::Postgres.scratch("pg_expr_types") else {
        return;
    };
    let mut statements = Vec::new();
    for (n, e) in DEFAULTS.iter().enumerate() {
        for (_, pg) in COLUMNS {
            statements.push(format!(
                "CREATE TABLE t{n}_{pg} (c {pg} DEFAULT ({e})); INSERT INTO t{n}_{pg} DEFAULT VALUES"
            ));
        }
    }
    let said = db.says_of_each(&statements);
    let (mut wrong, mut refused) = (Vec::new(), 0);
    for (i, server) in said.iter().enumerate() {
        let (e, (ty, _)) = (DEFAULTS[i / COLUMNS.len()], COLUMNS[i % COLUMNS.len()]);
        let spec = items_with_code(
            "postgresql",
            col("code", ty, json!({ "default": { "expression": e } })),
        );
        let v: Value = generated(&spec);
        let errors: Vec<String> = v["validation"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{}: {}", e["code"], e["message"].as_str().unwrap()))
            .collect();
        let typeof_ = db
            .run(&format!("SELECT pg_typeof({e});"))
            .unwrap_or_else(|e| e);
        let what = format!(
            "{ty} DEFAULT ({e}) [pg_typeof: {}]: server says {server}, validation {errors:?}",
            typeof_.trim()
        );
        // The server's words, the column's name made the spec's.
        let words = server.replace("\"c\"", "\"code\"");
        let agrees = if server == "ok" {
            errors.is_empty()
                && db
                    .run(&format!(
                        "DROP TABLE IF EXISTS items; {} INSERT INTO items (id) VALUES (1);",
                        v["upMigration"].as_str().unwrap()
                    ))
                    .is_ok()
        } else {
            refused += 1;
            errors.len() == 1
                && errors[0].starts_with("\"INVALID_DEFAULT\": ")
                && errors[0].contains(&words)
        };
        if !agrees {
            wrong.push(what);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(refused > DEFAULTS.len() / 2, "{refused}");
}

/// CHECKs on the columns `tiny` (TINYINT: SMALLINT), `score` (REAL: double precision), `age`
/// (INTEGER) and `big` (BIGINT): a string read as the column's integer type past its range,
/// mod() and `%` of a float.
const CHECKS: &[&str] = &[
    "tiny = '40000'",
    "tiny = '32767'",
    "tiny = ' -32768 '",
    "tiny = '-000032768'",
    "tiny < 40000",
    "tiny IN ('1', '-32769')",
    "tiny IN ('40000', 2.5)",
    "tiny BETWEEN '0' AND '32768'",
    "coalesce(tiny, '40000') > 0",
    "coalesce(tiny, 5, '40000') > 0",
    "nullif(tiny, '40000') > 0",
    "greatest(tiny, '-32769') > 0",
    "tiny + 1 = '40000'",
    "'40000' = tiny",
    "age = '3000000000'",
    "age = '2147483647'",
    "big = '9223372036854775808'",
    "big = '-9223372036854775808'",
    "mod(score, 2) = 0",
    "score % 2 = 0",
    "2 % age::real = 0",
    "score::numeric % 2 = 0",
    "mod(score::numeric, 2) = 0",
    "tiny % 2 = 0",
    "mod(tiny, 2::smallint) = 0",
];

/// A spec of the table `probe` with the columns [`CHECKS`] names and `check` as its CHECK.
fn check_spec(check: &str) -> Value {
    let column = |name: &str, ty: &str| json!({ "name": name, "type": ty, "nullable": true });
    json!({ "description": "t", "databaseType": "postgresql", "timestamps": false,
            "tables": [{ "name": "probe", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false }, column("tiny", "TINYINT"), column("score", "REAL"), column("age", "INTEGER"),
                column("big", "BIGINT") ],
              "checkConstraints": [{ "name": "chk_probe", "expression": check }] }] })
}

#[test]
fn validation_refuses_exactly_the_checks_postgresql_refuses() {
    let Some(db) = Server::Postgres.scratch("pg_expr_checks") else {
        return;
    };
    let statements: Vec<String> = CHECKS
        .iter()
        .enumerate()
        .map(|(n, c)| {
            format!(
                "CREATE TABLE c{n} (tiny smallint, score double precision, age integer, big bigint, CHECK ({c}))"
            )
        })
        .collect();
    let said = db.says_of_each(&statements);
    let (mut wrong, mut refused) = (Vec::new(), 0);
    for (check, server) in CHECKS.iter().zip(&said) {
        let v = generated(&check_spec(check));
        let errors: Vec<String> = v["validation"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{}: {}", e["code"], e["message"].as_str().unwrap()))
            .collect();
        let agrees = if server == "ok" {
            errors.is_empty()
                && db
                    .run(&format!(
                        "DROP TABLE IF EXISTS probe; {}",
                        v["upMigration"].as_str().unwrap()
                    ))
                    .is_ok()
        } else {
            refused += 1;
            errors.len() == 1
                && errors[0].starts_with("\"INVALID_CHECK_EXPRESSION\": ")
                && errors[0].contains(server.as_str())
        };
        if !agrees {
            wrong.push(format!(
                "CHECK ({check}): server says {server}, validation {errors:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(refused > 10 && refused < CHECKS.len() - 8, "{refused}");
}

/// `-+9223372036854775808` is `-` then `+9223372036854775808` to PostgreSQL (an operator of
/// several characters that ends in a sign is split), a numeric a BIGINT takes; the parser
/// reads `-+` as one operator and cannot parse the expression. Validation refuses it (and a
/// CHECK's `> -+1`), saying the operator and what to write, which is taken, runs, and gives
/// the same value.
#[test]
fn an_operator_postgresql_splits_is_refused_with_what_to_write() {
    let Some(db) = Server::Postgres.scratch("pg_split_operator") else {
        return;
    };
    let said = db.says_of_each(&[
            "CREATE TABLE s1 (code bigint DEFAULT (-+9223372036854775808), CHECK (code > -+1 OR code < 0)); INSERT INTO s1 DEFAULT VALUES".to_string(),
        ],
    );
    assert_eq!(said, ["ok"]);
    let stored = db.run("SELECT code FROM s1").unwrap();
    assert_eq!(stored.trim(), "-9223372036854775808");
    let split = "PostgreSQL reads '-+' as '- +' (it splits an operator of several characters that ends in + or -), but the parser this check uses reads '-+' as one operator, which cannot stand there: write it with spaces, '- +'";
    let with_default = |e: &str, check: &str| {
        let mut spec = items_with_code(
            "postgresql",
            col("code", "BIGINT", json!({ "default": { "expression": e } })),
        );
        spec["tables"][0]["checkConstraints"] =
            json!([{ "name": "chk_items", "expression": check }]);
        generated(&spec)
    };
    let v = with_default("-+9223372036854775808", "code > - +1 OR code < 0");
    let errors = v["validation"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "INVALID_DEFAULT");
    assert!(
        errors[0]["message"].as_str().unwrap().ends_with(split),
        "{}",
        errors[0]["message"]
    );
    assert_eq!(v["upMigration"], "");
    let v = with_default("- +9223372036854775808", "code > -+1 OR code < 0");
    let errors = v["validation"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "INVALID_CHECK_EXPRESSION");
    assert!(errors[0]["message"].as_str().unwrap().ends_with(split));
    let v = with_default("- +9223372036854775808", "code > - +1 OR code < 0");
    assert_eq!(v["validation"]["errors"], json!([]));
    db.run(&format!(
        "DROP TABLE IF EXISTS items; {} INSERT INTO items (id) VALUES (1);",
        v["upMigration"].as_str().unwrap()
    ))
    .unwrap();
    let stored = db.run("SELECT code FROM items").unwrap();
    assert_eq!(stored.trim(), "-9223372036854775808");
    // Past a BIGINT once written with spaces: out of range, as the server fails its inserts.
    let v = with_default("- +9223372036854775809", "code > 0 OR code < 0");
    let errors = v["validation"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("out of range"));
    let said = db.says_of_each(&["CREATE TABLE s2 (code bigint DEFAULT (- +9223372036854775809)); INSERT INTO s2 DEFAULT VALUES".to_string()],
    );
    assert_eq!(said, ["bigint out of range"]);
}
