//! The type the PostgreSQL typer (`src/pg_expr_type.rs`) gives a default expression, against
//! PostgreSQL 15's own: `nullif()` (the type of `=`'s left side, `character varying` read as
//! text), `mod()` (of two integers or two numerics only: none of double precision), a
//! `smallint` cast and the arithmetic on it, and `bytea || 'literal'` (the literal read as
//! bytea, which it may not be). Each expression is the default of a UUID column (which takes
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
