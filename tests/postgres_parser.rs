//! The PostgreSQL parser settings (`dialect::postgres::PostgresParser`, sqlparser's
//! PostgreSQL dialect without the `json_object('k': v)` argument form) parse everything the
//! generator writes and every expression it is given exactly as sqlparser's own PostgreSQL
//! dialect does: the fixtures' migrations, the hostile corpus, and PostgreSQL's own syntax.

mod common;

use migration_generator::dialect::for_database;
use migration_generator::generate_str;
use migration_generator::spec::DatabaseType;
use serde_json::Value;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

fn ours() -> &'static dyn sqlparser::dialect::Dialect {
    for_database(DatabaseType::Postgresql).parser()
}

/// The same statements, or the same refusal, from both dialects.
fn assert_same_statements(sql: &str, what: &str) {
    let theirs = Parser::parse_sql(&PostgreSqlDialect {}, sql).map_err(|e| e.to_string());
    let mine = Parser::parse_sql(ours(), sql).map_err(|e| e.to_string());
    assert_eq!(mine, theirs, "{what}");
}

/// The same expression, or the same refusal, from both dialects.
fn assert_same_expression(text: &str) {
    let parse = |d: &dyn sqlparser::dialect::Dialect| {
        Parser::new(d)
            .try_with_sql(text)
            .and_then(|mut p| p.parse_expr())
            .map_err(|e| e.to_string())
    };
    assert_eq!(parse(ours()), parse(&PostgreSqlDialect {}), "{text}");
}

#[test]
fn every_fixture_migration_parses_the_same() {
    let mut checked = 0;
    for path in common::json_files_in("__test__/fixtures") {
        let raw: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut spec = raw["spec"].clone();
        spec["databaseType"] = "postgresql".into();
        spec["now"] = "2026-02-09T12:00:00Z".into();
        let result = generate_str(&spec.to_string());
        if !result.validation.valid {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert_same_statements(&result.up_migration, &format!("{name} up"));
        assert_same_statements(&result.down_migration, &format!("{name} down"));
        checked += 1;
    }
    assert!(
        checked > 30,
        "only {checked} fixtures generated on PostgreSQL"
    );
}

#[test]
fn expressions_parse_the_same() {
    let mut texts: Vec<String> = common::hostile::corpus()
        .iter()
        .map(common::hostile::value)
        .collect();
    texts.extend(
        [
            "x::int > 0",
            "CAST(x AS numeric(10, 2)) >= 0",
            "data ->> 'k' = 'v'",
            "data #>> '{a,b}' IS NOT NULL",
            "data @> '{\"a\": 1}'::jsonb",
            "tags && ARRAY['a', 'b']",
            "name ~* '^[a-z]+$' AND name !~ 'x'",
            "E'a\\\\b' = name",
            "$$dollar$$ <> name",
            "coalesce(nullif(trim(lower(name)), ''), 'x') <> ''",
            "created_at AT TIME ZONE 'UTC' > '2020-01-01'",
            "x IS DISTINCT FROM y",
            "x BETWEEN SYMMETRIC 1 AND 10",
            "position('a' IN name) > 0",
            "substring(name FROM 1 FOR 3) = 'abc'",
            "overlay(name PLACING 'x' FROM 1) <> ''",
            "extract(year FROM created_at) > 2000",
            "trim(BOTH ' ' FROM name) <> ''",
            "name LIKE 'a%' ESCAPE '\\'",
            "x IN (1, 2, 3) AND y NOT IN ('a')",
            "CASE WHEN x > 0 THEN 'p' ELSE 'n' END <> ''",
            "array_length(tags, 1) > 0",
            "num % 2 = 0 AND num ^ 2 < 100 AND |/ num > 1",
            "lower(lower(lower(lower(lower(lower(lower(lower(name)))))))) <> ''",
        ]
        .map(String::from),
    );
    for t in &texts {
        assert_same_expression(t);
    }
}

#[test]
fn named_arguments_are_names_not_columns() {
    // sqlparser's PostgreSQL dialect reads `days` as an expression (a column); here it is the
    // argument's name, so the expression refers to no column.
    let columns = migration_generator::expr::check_expression(
        ours(),
        "make_interval(days => 1) > interval '1 hour'",
    )
    .unwrap();
    assert!(columns.is_empty(), "{columns:?}");
}
