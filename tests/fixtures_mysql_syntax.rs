//! MariaDB accepts syntax MySQL 8.0 rejects, so the MariaDB engine tests cannot prove the MySQL
//! output portable. Here every statement of every MySQL fixture's up and down migration is
//! parsed with sqlparser's MySQL dialect and searched for MariaDB-only forms. (The JavaScript
//! side, __test__/fixtures.test.mjs, searches the same output with its own scanner.)

use migration_generator::generate_str;
use migration_generator::verify::mariadb_only_form;
use serde_json::{json, Value};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;
use std::path::PathBuf;

/// A line without its `--` comment (one outside a string literal; the generator writes quotes
/// inside literals doubled, never as `\'`).
fn code_of(line: &str) -> &str {
    let mut in_string = false;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'\'' => in_string = !in_string,
            b'-' if !in_string && bytes.get(i + 1) == Some(&b'-') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The statements of a generated script: each ends with `;` at the end of a line's code
/// (literals and comments never hold a line break: the generator refuses or cleans them).
fn statements(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in script.lines() {
        if code_of(line).trim().is_empty() && current.trim().is_empty() {
            continue;
        }
        current.push_str(line);
        current.push('\n');
        if code_of(line).trim_end().ends_with(';') {
            out.push(std::mem::take(&mut current).trim().to_string());
        }
    }
    assert!(
        current.trim().is_empty(),
        "unterminated statement: {current}"
    );
    out
}

#[test]
fn every_mysql_fixture_parses_as_mysql_without_mariadb_only_forms() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("__test__/fixtures");
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let runs_on_mysql = fixture["dialects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d == "mysql");
        if !runs_on_mysql {
            continue;
        }
        let mut spec = fixture["spec"].clone();
        spec["databaseType"] = json!("mysql");
        spec["now"] = json!("2026-02-09T12:00:00Z");
        let r = generate_str(&spec.to_string());
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(r.validation.valid, "{name}: {:?}", r.validation.errors);
        for (phase, script) in [("up", &r.up_migration), ("down", &r.down_migration)] {
            for s in statements(script) {
                checked += 1;
                if let Err(e) = Parser::parse_sql(&MySqlDialect {}, &s) {
                    problems.push(format!("{name} ({phase}): MySQL parser: {e}: {s}"));
                }
                if let Some(form) = mariadb_only_form(&s) {
                    problems.push(format!("{name} ({phase}): {form}: {s}"));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} statements checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_statement_splitter_keeps_statements_whole() {
    let s = statements(
        "-- t;\nCREATE TABLE t (\n  a INT, -- x;\n  b TEXT DEFAULT ('--;')\n);\nCREATE INDEX i ON t(a);",
    );
    assert_eq!(s.len(), 2);
    assert!(s[0].starts_with("CREATE TABLE") && s[0].ends_with(");"));
}

/// The self-check parses generated statements from their significant tokens only (no
/// whitespace, no comments: `quick_tokens::significant_tokens`). For every statement of every
/// PostgreSQL and MySQL fixture, that parse gives the same syntax tree as the parse of
/// sqlparser's own tokens, whitespace included.
#[test]
fn statements_parse_the_same_without_whitespace_tokens() {
    use migration_generator::quick_tokens::{quick, significant_tokens};
    use sqlparser::dialect::{Dialect, PostgreSqlDialect};
    use sqlparser::tokenizer::Tokenizer;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("__test__/fixtures");
    let (mut compared, mut fast) = (0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (name, dialect) in [
            ("postgresql", &PostgreSqlDialect {} as &dyn Dialect),
            ("mysql", &MySqlDialect {}),
        ] {
            if !fixture["dialects"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d == name)
            {
                continue;
            }
            let mut spec = fixture["spec"].clone();
            spec["databaseType"] = json!(name);
            let r = generate_str(&spec.to_string());
            assert!(
                r.validation.valid,
                "{path:?} {name}: {:?}",
                r.validation.errors
            );
            // A PostgreSQL CREATE migration's foreign key is a `DO` block sqlparser does not
            // read: the self-check parses the two statements it holds.
            let read = statements(&r.up_migration)
                .into_iter()
                .chain(statements(&r.down_migration))
                .flat_map(|s| {
                    match migration_generator::dialect::postgres_guarded_foreign_key(&s) {
                        Some((condition, statement)) if name == "postgresql" => {
                            vec![format!("{condition};"), statement.to_string()]
                        }
                        _ => vec![s],
                    }
                });
            for s in read {
                let whole = Tokenizer::new(dialect, &s).tokenize().unwrap();
                let expected = Parser::new(dialect).with_tokens(whole).parse_statements();
                let significant = significant_tokens(dialect, &s).unwrap();
                let got = Parser::new(dialect)
                    .with_tokens_with_locations(significant)
                    .parse_statements();
                assert_eq!(got, expected, "{path:?} {name}: {s}");
                compared += 1;
                fast += usize::from(quick(dialect, &s).is_some());
            }
        }
    }
    assert!(compared > 200, "only {compared} statements compared");
    assert!(
        fast * 10 > compared * 9,
        "only {fast} of {compared} took the fast path"
    );
}
