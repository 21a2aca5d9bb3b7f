//! The warnings about a column's default that is not an error: a string default that is one
//! call of a function (stored as that text), and an expression default calling a function or
//! naming a collation the database may lack.

use super::expressions::{warn_unknown_collations, warn_unknown_functions};
use crate::dialect::{Dialect, ExprPlace};
use crate::report::{Code, Issue, Report};
use crate::spec::*;

/// The warnings about the default of `c` (checked first by `check_column_default`, which found
/// no error): `INVALID_DEFAULT` for a string default that is one call of a function the
/// database has (`crate::defaults::string_default_as_call`), else, for an expression default,
/// `UNKNOWN_FUNCTION` and `UNKNOWN_COLLATION` for what it names that the database may lack.
pub(super) fn warn_column_default(t: &Table, c: &Column, d: &dyn Dialect, report: &mut Report) {
    let col = |i: Issue| i.table(&t.name).column(&c.name);
    if let Some((message, suggestion)) = crate::defaults::string_default_as_call(c, d) {
        report.push(col(
            Issue::warning(Code::InvalidDefault, message).suggest(suggestion)
        ));
    } else if let Some(DefaultValue::Expression(e)) = &c.default {
        if let Ok(references) = crate::expr::check_expression_references(d.parser(), e) {
            warn_unknown_functions(
                d,
                &references,
                ExprPlace::Default,
                "the default expression",
                report,
                &col,
            );
            warn_unknown_collations(d, &references, "the default expression", report, &col);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A string default of a text column that is exactly a call of a function the dialect has
    /// is stored as that text (a user trial: rows held `datetime('now')`): a warning with the
    /// `{ expression }` to write. Text that only looks like one is left alone.
    #[test]
    fn a_string_default_that_calls_a_known_function_is_warned_about() {
        let warned = |db: &str, ty: &str, default: &str| -> Vec<(String, String)> {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],
                "columns":[{{"name":"id","type":"INTEGER","nullable":false}},
                {{"name":"s","type":"{ty}"{},"nullable":false,"default":{}}}]}}]}}"#,
                if ty == "VARCHAR" {
                    r#","length":40"#
                } else {
                    ""
                },
                serde_json::to_string(default).unwrap()
            ));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            r.validation
                .warnings
                .iter()
                .filter(|w| w.code == Code::InvalidDefault)
                .map(|w| (w.message.clone(), w.suggestion.clone().unwrap_or_default()))
                .collect()
        };
        for (db, ty, default, write) in [
            (
                "sqlite",
                "TEXT",
                "datetime('now')",
                r#"{ "expression": "datetime('now')" }"#,
            ),
            (
                "sqlite",
                "TEXT",
                "current_timestamp",
                r#"{ "expression": "current_timestamp" }"#,
            ),
            (
                "postgresql",
                "TEXT",
                "gen_random_uuid()",
                r#"{ "expression": "gen_random_uuid()" }"#,
            ),
            (
                "postgresql",
                "VARCHAR",
                "now()",
                r#"{ "expression": "now()" }"#,
            ),
            (
                "postgresql",
                "TEXT",
                "current_date",
                r#"{ "expression": "current_date" }"#,
            ),
            (
                "mysql",
                "VARCHAR",
                "uuid()",
                r#"{ "expression": "uuid()" }"#,
            ),
            (
                "mysql",
                "TEXT",
                " current_timestamp() ",
                r#"{ "expression": "current_timestamp()" }"#,
            ),
        ] {
            let found = warned(db, ty, default);
            assert_eq!(found.len(), 1, "{db} {default}: {found:?}");
            assert!(found[0].0.contains("is stored as that text"), "{found:?}");
            assert!(found[0].1.contains(write), "{db} {default}: {found:?}");
        }
        let found = warned("sqlite", "TEXT", "datetime('now')");
        assert!(
            found[0].1.contains(r#""default": "CURRENT_TIMESTAMP""#),
            "{found:?}"
        );
        // Ordinary text, a function the dialect lacks, words in parentheses, a call that reads
        // a column (no default could), the clock word spelled as the spec takes it.
        for (db, default) in [
            ("sqlite", "hello (world)"),
            ("sqlite", "hello(world)"),
            ("sqlite", "now()"),
            ("postgresql", "datetime('now')"),
            ("postgresql", "lower (case)"),
            ("postgresql", "max(a)"),
            ("postgresql", "CURRENT_TIMESTAMP"),
            ("mysql", "gen_random_uuid()"),
            ("mysql", "user"),
            ("postgresql", "draft"),
        ] {
            assert!(warned(db, "TEXT", default).is_empty(), "{db} {default}");
        }
    }

    /// A current-time keyword written as a string default without parentheses and in other
    /// than capitals (`current_date`) is text on each engine (seen on SQLite 3.40.1 and 3.50,
    /// PostgreSQL 15, MariaDB 10.11): the warning names the spelling the spec reads as the
    /// current time, and no `current_date()`, which SQLite and PostgreSQL refuse as a syntax
    /// error. MySQL's LOCALTIME is NOW(); PostgreSQL's has no spec spelling. A DATE column's
    /// error says the same.
    #[test]
    fn a_string_default_that_is_a_lower_case_clock_keyword_names_the_capitals() {
        let issue = |db: &str, ty: &str, default: &str| -> (String, String) {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],
                "columns":[{{"name":"id","type":"INTEGER","nullable":false}},
                {{"name":"s","type":"{ty}","nullable":true,"default":{}}}]}}]}}"#,
                serde_json::to_string(default).unwrap()
            ));
            let found: Vec<&Issue> = (r.validation.errors.iter())
                .chain(&r.validation.warnings)
                .filter(|w| w.code == Code::InvalidDefault)
                .collect();
            assert_eq!(found.len(), 1, "{db} {default}: {found:?}");
            (
                found[0].message.clone(),
                found[0].suggestion.clone().unwrap_or_default(),
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            for (default, spelled, what) in [
                ("current_date", "CURRENT_DATE", "date"),
                (" Current_Timestamp", "CURRENT_TIMESTAMP", "date and time"),
                ("current_time", "CURRENT_TIME", "time of day"),
            ] {
                let (message, suggestion) = issue(db, "TEXT", default);
                assert_eq!(
                    message,
                    format!("the string default '{default}' is stored as that text, the same in every row: a string default is a literal, and only \"{spelled}\", in capitals, is read as the current {what}"),
                    "{db}"
                );
                assert_eq!(
                    suggestion,
                    format!("for the current {what} write \"default\": \"{spelled}\" (each database writes it in its own idiom), or \"default\": {{ \"expression\": \"{}\" }}; to store the text itself, leave it as it is", default.trim()),
                    "{db}"
                );
            }
            let (_, suggestion) = issue(db, "DATE", "current_date");
            assert!(
                suggestion.starts_with("for the current date write \"CURRENT_DATE\", in capitals"),
                "{db}: {suggestion}"
            );
            let (_, suggestion) = issue(db, "TIMESTAMP", "current_timestamp()");
            assert!(
                suggestion.starts_with("for the current date and time write \"CURRENT_TIMESTAMP\""),
                "{db}: {suggestion}"
            );
            let (_, suggestion) = issue(db, "DATE", "tomorrow");
            assert_eq!(
                suggestion, "use the form 2026-01-31, or CURRENT_DATE",
                "{db}"
            );
        }
        let (message, _) = issue("mysql", "TEXT", "localtime");
        assert!(
            message.ends_with(
                "only \"CURRENT_TIMESTAMP\", in capitals, is read as the current date and time"
            ),
            "{message}"
        );
        let (_, suggestion) = issue("mysql", "TEXT", "localtime()");
        assert!(
            suggestion.contains(r#"(or "default": "CURRENT_TIMESTAMP""#),
            "{suggestion}"
        );
        for default in ["localtime", "localtimestamp"] {
            let (message, suggestion) = issue("postgresql", "TEXT", default);
            assert_eq!(
                message,
                format!("the string default '{default}' is stored as that text, the same in every row: a string default is a literal, and the keyword {} in it is not evaluated", default.to_uppercase())
            );
            assert!(!suggestion.contains("CURRENT_"), "{suggestion}");
        }
    }
}
