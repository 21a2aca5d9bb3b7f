//! The user's expressions (CHECKs, partial indexes' WHERE, expression defaults): refused when
//! they do not parse, read what the database refuses there, or name columns the table lacks;
//! warned about when they call functions or name collations the database may lack (on SQLite,
//! what came after 3.35), or when MySQL's collations make a CHECK test nothing.

use super::table::unknown;
use crate::dialect::{Dialect, ExprPlace};
use crate::report::{Code, Issue, Report};
use crate::spec::*;

/// Checks a user's expression (a CHECK or a partial index's WHERE, named `name`) and the columns
/// it refers to; returns those columns (as `expr::check_expression` gives them), `None` when it
/// does not parse.
pub(super) fn check_expression_columns(
    t: &Table,
    d: &dyn Dialect,
    place: ExprPlace,
    expression: &str,
    name: &str,
    engine_checks: bool,
    report: &mut Report,
) -> Option<Vec<String>> {
    let what = match place {
        ExprPlace::Check => "CHECK",
        ExprPlace::IndexPredicate => "partial-index WHERE",
        ExprPlace::Default => "default",
    };
    // MySQL refuses a function whose result changes between calls in a CHECK (MySQL 8.0's
    // error 3814, MariaDB 10.11's 1901, when the table is created), PostgreSQL in a partial
    // index's WHERE (IMMUTABLE functions only); SQLite, in a CHECK, its date and time functions
    // reading the clock (`date('now')`), when a row is written (see
    // `expr::sqlite_clock::sqlite_clock_call`), and in a partial index's WHERE those and its
    // non-deterministic functions (CURRENT_DATE, random(), when the index is created: see
    // `expr::sqlite_clock::sqlite_refused_in_index`).
    // PostgreSQL takes `now()` in a CHECK, and reads it as each row is written.
    use crate::expr::Changing;
    let refuse = match (d.database_type(), place) {
        (DatabaseType::Mysql | DatabaseType::Sqlite, ExprPlace::Check) => Changing::InCheck,
        (DatabaseType::Postgresql | DatabaseType::Sqlite, ExprPlace::IndexPredicate) => {
            Changing::InIndex
        }
        _ => Changing::Taken,
    };
    let column = |name: &str| t.column(name).map(|c| c.ty);
    match crate::expr::check_condition(d.parser(), expression, refuse, &column) {
        Err(e) => {
            report.push(
                Issue::error(
                    Code::InvalidCheckExpression,
                    format!("the {what} expression of '{name}' is refused: {}", e.0),
                )
                .table(&t.name)
                .constraint(name)
                .suggest(e.rewrite().unwrap_or_else(|| {
                    if e.0.contains("from one call to the next")
                        || e.0.contains("not on the row")
                    {
                        // MySQL's `ts < now()`: the real fix, not the generic one (a user trial).
                        "a CHECK reads only the row: compare with a fixed value in its place (such as ts < '2100-01-01'), or enforce the rule in a trigger or in the application"
                            .into()
                    } else {
                        "write one boolean SQL expression over the table's columns, such as \"age >= 0\""
                            .into()
                    }
                })),
            );
            None
        }
        Ok(references) => {
            // Neither warning has anything to say of an expression without calls, newer
            // operators or forms, and collations: its name is only written for one that has.
            if !(references.calls.is_empty()
                && references.syntax.is_empty()
                && references.sqlite_forms.is_empty()
                && references.collations.is_empty())
            {
                let named = format!("the {what} expression of '{name}'");
                warn_unknown_functions(d, &references, place, &named, report, &|i| {
                    i.table(&t.name).constraint(name)
                });
                warn_unknown_collations(d, &references, &named, report, &|i| {
                    i.table(&t.name).constraint(name)
                });
            }
            if d.database_type() == DatabaseType::Mysql && place == ExprPlace::Check {
                warn_collation_no_op(t, d, expression, name, &column, report);
            }
            let idents = references.idents;
            let mut all_known = true;
            // A name the expression reads twice (`due_at IS NULL OR due_at >= created_at`) is
            // said once (a user trial got two identical errors).
            let mut said: Vec<&str> = Vec::new();
            for ident in &idents {
                if said.contains(&ident.as_str()) {
                    continue;
                }
                said.push(ident);
                // MySQL's user and system variables: no column, and no CHECK may read them.
                if ident.starts_with('@') {
                    all_known = false;
                    report.push(
                        Issue::error(
                            Code::InvalidCheckExpression,
                            format!("the {what} expression of '{name}' is refused: it reads the variable {ident}, and the database refuses variables there (their value is the session's, not the row's)"),
                        )
                        .table(&t.name)
                        .constraint(name)
                        .suggest("write the value itself, or compare a column"),
                    );
                    continue;
                }
                // Lower case but for a name PostgreSQL keeps the case of ("Status").
                if t.column(ident).is_none() {
                    all_known = false;
                    let mut issue = unknown(t, ident, &format!("the {what} expression '{name}'"))
                        .constraint(name);
                    let lower = ident.to_ascii_lowercase();
                    if lower != *ident && t.column(&lower).is_some() {
                        issue.message.push_str(&format!(
                            " (PostgreSQL keeps the case of a name in double quotes: \"{ident}\" is not the column {lower}, and it refuses the migration with column \"{ident}\" does not exist)"
                        ));
                        issue = issue.suggest(format!("write {lower} or \"{lower}\""));
                    }
                    report.push(issue);
                }
            }
            let columns: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            let refused = if all_known && engine_checks {
                d.engine_check(place, expression, &columns).err()
            } else {
                None
            };
            if let Some(m) = refused {
                report.push(
                    Issue::error(
                        Code::InvalidCheckExpression,
                        format!(
                            "the {what} expression of '{name}' is refused by {}: {m}",
                            d.database_type().as_str()
                        ),
                    )
                    .table(&t.name)
                    .constraint(name)
                    .suggest("write it in this database's SQL (operators and functions differ between databases)"),
                );
            }
            Some(idents)
        }
    }
}

/// A `LOSSY_TYPE_MAPPING` warning for a MySQL CHECK that the default collations make test
/// nothing, or less than it says (`sku = upper(sku)`, `sku = trim(sku)`: see
/// [`crate::mysql_collation_checks`]).
pub(super) fn warn_collation_no_op(
    t: &Table,
    d: &dyn Dialect,
    expression: &str,
    name: &str,
    column: &crate::condition::ColumnTypes,
    report: &mut Report,
) {
    // Only a CHECK that calls a case or trim function can be one: the others are not parsed
    // again (a second parse of every MySQL CHECK was 2.4% of the instructions of a 1,000-table
    // MySQL generation: callgrind, bench/instructions.sh).
    // (ASCII case aside, without a lowercase copy: a byte comparison at each place.)
    let bytes = expression.as_bytes();
    if !["upper", "lower", "ucase", "lcase", "trim"]
        .iter()
        .any(|f| {
            bytes
                .windows(f.len())
                .any(|w| w.eq_ignore_ascii_case(f.as_bytes()))
        })
    {
        return;
    }
    // The parse drops MySQL's prefix BINARY (`BINARY sku = upper(sku)`, which compares bytes
    // and enforces the case: quick_tokens::mysql_operators_for_parse), so any BINARY word
    // leaves the CHECK unsaid.
    let binary = crate::quick_tokens::tokenize(d.parser(), expression).map_or(true, |tokens| {
        tokens.iter().any(|t| {
            matches!(&t.token, sqlparser::tokenizer::Token::Word(w)
                if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("binary"))
        })
    });
    let Some(e) = crate::check_choices::parse(d.parser(), expression).filter(|_| !binary) else {
        return;
    };
    if let Some((message, suggestion)) = crate::mysql_collation_checks::collation_no_op(&e, column)
    {
        report.push(
            Issue::warning(
                Code::LossyTypeMapping,
                format!(
                    "the CHECK '{name}' {}",
                    message.trim_start_matches("the CHECK ")
                ),
            )
            .table(&t.name)
            .constraint(name)
            .suggest(suggestion),
        );
    }
}

/// An `UNKNOWN_FUNCTION` warning for each function `references` calls that the database lacks
/// ([`crate::builtin_functions`]): the parse takes any name, and the migration then fails on
/// the server (`function len(text) does not exist`), unless it is the user's own function or an
/// extension's. SQLite has no list (its engine is asked): there, each function or operator
/// SQLite added after 3.35, which an older SQLite refuses. `place`: where the expression stands,
/// `what` naming it so.
pub(super) fn warn_unknown_functions(
    d: &dyn Dialect,
    references: &crate::expr::References,
    place: ExprPlace,
    what: &str,
    report: &mut Report,
    at: &dyn Fn(Issue) -> Issue,
) {
    let database = d.database_type();
    if database == DatabaseType::Sqlite {
        warn_newer_sqlite(references, what, place, report, at);
        return;
    }
    for call in &references.calls {
        let Some(lacking) = crate::builtin_functions::lacking(database, call) else {
            continue;
        };
        let suggestion = match database {
            DatabaseType::Postgresql => "if it is a function of your own or of an extension, create it before this migration runs (the migration does not); otherwise write a function PostgreSQL has (length(), coalesce(), now(), …)",
            _ => "MySQL and MariaDB take no function of your own in a CHECK or a default: write a built-in function both of them have (CHAR_LENGTH(), COALESCE(), …)",
        };
        report.push(at(Issue::warning(
            Code::UnknownFunction,
            format!("{what} calls {call}(), which is not a built-in function of {lacking}: the migration fails there unless the function exists when it runs"),
        )
        .suggest(suggestion)));
    }
}

/// An `UNKNOWN_COLLATION` warning for each collation `references` names that only some servers
/// of the database have ([`crate::collation_names`]): the migration fails on a server without
/// it. `what` names the expression.
pub(super) fn warn_unknown_collations(
    d: &dyn Dialect,
    references: &crate::expr::References,
    what: &str,
    report: &mut Report,
    at: &dyn Fn(Issue) -> Issue,
) {
    for name in &references.collations {
        let (message, suggestion) = if d.database_type() == DatabaseType::Sqlite {
            (
                format!("{what} names the collation {name}, which SQLite does not have built in (it has BINARY, NOCASE and RTRIM): SQLite refuses every row the CHECK or index reads (no such collation sequence) unless the application registers {name} on its connection (sqlite3_create_collation) before"),
                "write COLLATE BINARY, NOCASE or RTRIM, or register the collation on every connection that writes the table".to_string(),
            )
        } else {
            (
                format!("{what} names the collation \"{name}\", which not every PostgreSQL has (each has \"C\", \"POSIX\", \"default\" and ucs_basic): the migration fails (collation \"{name}\" does not exist) unless the server has it: an ICU one (…-x-icu) where PostgreSQL was built with ICU, one of the operating system (en_US) where its locale is installed, your own where CREATE COLLATION made it before the migration runs"),
                format!("check that SELECT collname FROM pg_collation lists {name} on every server the migration runs on, or write COLLATE \"C\" (bytes) or lower(…) (without case)"),
            )
        };
        report.push(at(
            Issue::warning(Code::UnknownCollation, message).suggest(suggestion)
        ));
    }
}

/// [`warn_unknown_functions`] for SQLite: one `UNKNOWN_FUNCTION` warning naming each function,
/// operator and form of a call ([`crate::builtin_functions::SQLITE_JSON_VALID_FLAGS`]) of
/// `references` that came after SQLite 3.35, with the newest version they need. An older SQLite
/// refuses such a CHECK or index WHERE, and an operator anywhere, when the migration runs; it
/// takes a `default` whose only newer parts are calls, and refuses each insert that leaves the
/// column out (`unknown function: concat()`, seen on SQLite 3.40.1). The `'subsec'` modifier
/// has a warning of its own ([`warn_sqlite_subsec`]): an older SQLite takes it and returns NULL.
pub(super) fn warn_newer_sqlite(
    references: &crate::expr::References,
    what: &str,
    place: ExprPlace,
    report: &mut Report,
    at: &dyn Fn(Issue) -> Issue,
) {
    use crate::builtin_functions::{SQLITE_JSON_VALID_FLAGS, SQLITE_SUBSEC};
    if references.sqlite_forms.contains(&SQLITE_SUBSEC) {
        warn_sqlite_subsec(what, place, report, at);
    }
    // What is shown, its name in the list, and whether it is a call.
    let calls = (references.calls.iter()).map(|c| (format!("{c}()"), c.as_str(), true));
    let operators = (references.syntax.iter()).map(|o| {
        let shown = if *o == crate::builtin_functions::SQLITE_DIGIT_SEPARATORS {
            "digits grouped with _, as in 1_000,".to_string()
        } else {
            o.to_uppercase()
        };
        (shown, *o, false)
    });
    let forms = (references.sqlite_forms.iter())
        .filter(|f| **f == SQLITE_JSON_VALID_FLAGS)
        .map(|f| {
            (
                "json_valid() with a second argument (flags)".to_string(),
                *f,
                true,
            )
        });
    let newer: Vec<(String, &str, bool)> = calls
        .chain(operators)
        .chain(forms)
        .filter_map(|(shown, name, call)| {
            Some((shown, crate::builtin_functions::sqlite_since(name)?, call))
        })
        .collect();
    let Some(needed) = newer.iter().map(|(_, v, _)| *v).max_by_key(|v| {
        v.split('.')
            .map(|n| n.parse::<u32>().unwrap_or(0))
            .collect::<Vec<_>>()
    }) else {
        return;
    };
    let named = newer
        .iter()
        .map(|(shown, v, _)| format!("{shown} in {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let only_calls = newer.iter().all(|(_, _, call)| *call);
    report.push(at(Issue::warning(
        Code::UnknownFunction,
        format!("{what} uses what SQLite added after 3.35 ({named}): {} on a SQLite older than {needed}, such as a system's or a phone's (a driver's own is often newer)", if place == ExprPlace::Default && only_calls { "the migration runs, but every insert that leaves the column out fails," } else { "the migration fails" }),
    )
    .suggest(format!("run the migration on SQLite {needed} or later (select sqlite_version()), or write the expression with what SQLite 3.35 has{}", if references.syntax.contains(&crate::builtin_functions::SQLITE_DIGIT_SEPARATORS) { " (a number without _: 1000 for 1_000)" } else { "" }))));
}

/// The `UNKNOWN_FUNCTION` warning for a date and time function given the modifier `'subsec'`
/// ([`crate::builtin_functions::SQLITE_SUBSEC`]), which came in SQLite 3.42: an older SQLite
/// takes the expression, and the function returns NULL (seen on SQLite 3.40.1), so the default
/// is NULL, a CHECK passes what it should refuse, and a partial index leaves rows out. Worse
/// than an error: nothing says so when it runs.
pub(super) fn warn_sqlite_subsec(
    what: &str,
    place: ExprPlace,
    report: &mut Report,
    at: &dyn Fn(Issue) -> Issue,
) {
    let outcome = match place {
        ExprPlace::Default => "so each row that leaves the column out gets NULL (a NOT NULL column refuses the insert)",
        ExprPlace::Check => "and a CHECK that is NULL passes: the CHECK lets through the rows it should refuse",
        ExprPlace::IndexPredicate => "so the WHERE is NULL, not true, for the rows it should hold: the partial index leaves them out (a unique one no longer refuses their duplicates)",
    };
    report.push(at(Issue::warning(
        Code::UnknownFunction,
        format!("{what} uses the date and time modifier 'subsec', which SQLite added in 3.42: a SQLite older than 3.42, such as a system's or a phone's (a driver's own is often newer), takes it without an error and the function returns NULL, {outcome}"),
    )
    .suggest("run the migration on SQLite 3.42 or later (select sqlite_version()), or leave 'subsec' out (strftime('%Y-%m-%d %H:%M:%f', …) gives milliseconds on SQLite 3.35)")));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::codes_only;

    #[test]
    fn a_check_reading_a_variable_is_refused_as_such() {
        for variable in ["@x", "@@sql_mode"] {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"mysql","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}}],
                "checkConstraints":[{{"name":"c","expression":"{variable} > 0"}}]}}]}}"#
            ));
            let e = &r.validation.errors[0];
            assert_eq!(
                (e.code.as_str(), e.constraint.as_deref()),
                ("INVALID_CHECK_EXPRESSION", Some("c"))
            );
            assert!(
                e.message
                    .ends_with(&format!("it reads the variable {variable}, and the database refuses variables there (their value is the session's, not the row's)")),
                "{}",
                e.message
            );
        }
    }

    /// A default or CHECK expression calling a function the database lacks is UNKNOWN_FUNCTION,
    /// a warning (a function of the user's own or of an extension may exist when the migration
    /// runs); on the servers: `__test__/unknown-functions.test.mjs`.
    #[test]
    fn calls_of_functions_the_database_lacks_are_warned_about() {
        let warned = |db: &str,
                      default: &str,
                      check: &str|
         -> Vec<(Option<String>, Option<String>, String)> {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],
                "columns":[{{"name":"id","type":"UUID","nullable":false,"default":{{"expression":"{default}"}}}},
                {{"name":"s","type":"VARCHAR","length":10,"nullable":false}}],
                "checkConstraints":[{{"name":"chk_t_s","expression":"{check}"}}]}}]}}"#
            ));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            r.validation
                .warnings
                .iter()
                .filter(|w| w.code == Code::UnknownFunction)
                .map(|w| (w.column.clone(), w.constraint.clone(), w.message.clone()))
                .collect()
        };
        let found = warned(
            "postgresql",
            "uuid_generate_v4()",
            "len(s) > 0 AND char_length(s) < 9",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0.as_deref(), Some("id"));
        assert!(
            found[0]
                .2
                .contains("uuid_generate_v4(), which is not a built-in function of PostgreSQL 15"),
            "{found:?}"
        );
        assert_eq!(found[1].1.as_deref(), Some("chk_t_s"));
        assert!(
            found[1]
                .2
                .starts_with("the CHECK expression of 'chk_t_s' calls len()"),
            "{found:?}"
        );
        assert!(warned("postgresql", "gen_random_uuid()", "char_length(s) < 9").is_empty());
        let found = warned("mysql", "UUID()", "regexp_like(s, 'a')");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .2
                .contains("not a built-in function of MariaDB 10.11"),
            "{found:?}"
        );
    }

    /// On SQLite, what came after 3.35 is warned about, once per expression, with the version
    /// each needs; what 3.35 has is not. The bundled engine runs the migration all the same.
    #[test]
    fn sqlite_functions_and_operators_newer_than_3_35_are_warned_about() {
        let generate = |default: &str, check: &str| {
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],
                "columns":[{{"name":"id","type":"INTEGER","nullable":false}},
                {{"name":"at","type":"INTEGER","nullable":true,"default":{{"expression":"{default}"}}}},
                {{"name":"doc","type":"TEXT","nullable":true}}],
                "checkConstraints":[{{"name":"chk_t_doc","expression":"{check}"}}]}}]}}"#
            ))
        };
        let r = generate(
            "unixepoch()",
            "concat(doc, 'x') <> '' AND (doc ->> '$.n') IS DISTINCT FROM 3",
        );
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let found: Vec<_> = r
            .validation
            .warnings
            .iter()
            .filter(|w| w.code == Code::UnknownFunction)
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].column.as_deref(), Some("at"));
        assert_eq!(
            found[0].message,
            "the default expression uses what SQLite added after 3.35 (unixepoch() in 3.38): the migration runs, but every insert that leaves the column out fails, on a SQLite older than 3.38, such as a system's or a phone's (a driver's own is often newer)"
        );
        assert_eq!(found[1].constraint.as_deref(), Some("chk_t_doc"));
        assert!(
            found[1].message.starts_with("the CHECK expression of 'chk_t_doc' uses what SQLite added after 3.35 (concat() in 3.44, IS DISTINCT FROM in 3.39, ->> in 3.38): the migration fails on a SQLite older than 3.44"),
            "{found:?}"
        );
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute("INSERT INTO t (id, doc) VALUES (1, '{\"n\": 4}')", [])
            .unwrap();
        let at: i64 = db.query_row("SELECT at FROM t", [], |r| r.get(0)).unwrap();
        assert!(at > 1_700_000_000, "{at}");
        let old = generate(
            "strftime('%s', 'now')",
            "json_extract(doc, '$.n') <> 3 AND iif(doc IS NULL, 1, length(doc) > 0)",
        );
        assert!(old.validation.valid, "{:?}", old.validation.errors);
        assert!(
            !old.validation
                .warnings
                .iter()
                .any(|w| w.code == Code::UnknownFunction),
            "{:?}",
            old.validation.warnings
        );
    }

    /// Two forms of a call of a function SQLite 3.35 has came later: json_valid()'s flags
    /// (3.45; 3.40.1 says "wrong number of arguments"), warned about as a function is; the
    /// modifier 'subsec' (3.42; 3.40.1 returns NULL, without an error), with a warning of its
    /// own for each place. What 3.35 has is not warned about. The bundled SQLite runs them.
    /// On SQLite 3.40.1 and sql.js: `__test__/unknown-functions.test.mjs`.
    #[test]
    fn sqlite_json_valid_flags_and_subsec_are_warned_about() {
        let generate = |default: &str, check: &str, predicate: &str| {
            let spec = serde_json::json!({"description": "d", "databaseType": "sqlite", "timestamps": false, "tables": [{"name": "t", "primaryKey": ["id"],
                "columns": [{"name": "id", "type": "INTEGER", "nullable": false},
                    {"name": "at", "type": "TEXT", "nullable": true, "default": {"expression": default}},
                    {"name": "doc", "type": "TEXT", "nullable": true}],
                "checkConstraints": [{"name": "chk_t_doc", "expression": check}],
                "indexes": [{"name": "ix_t_doc", "columns": ["doc"], "where": predicate}]}]});
            let r = crate::generate_str(&spec.to_string());
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            let found: Vec<(String, String)> = (r.validation.warnings.iter())
                .filter(|w| w.code == Code::UnknownFunction)
                .map(|w| {
                    let place = w.constraint.clone().or_else(|| w.column.clone());
                    (place.unwrap_or_default(), w.message.clone())
                })
                .collect();
            (r, found)
        };
        let (r, found) = generate(
            "datetime('now', 'subsec')",
            "unixepoch(doc, 'SubSecond') > 0",
            "datetime(doc, '+1 day', 'subsec') > '2026'",
        );
        let elsewhere = "a SQLite older than 3.42, such as a system's or a phone's (a driver's own is often newer), takes it without an error and the function returns NULL,";
        assert_eq!(
            found,
            [
                ("at".to_string(), format!("the default expression uses the date and time modifier 'subsec', which SQLite added in 3.42: {elsewhere} so each row that leaves the column out gets NULL (a NOT NULL column refuses the insert)")),
                ("chk_t_doc".to_string(), format!("the CHECK expression of 'chk_t_doc' uses the date and time modifier 'subsec', which SQLite added in 3.42: {elsewhere} and a CHECK that is NULL passes: the CHECK lets through the rows it should refuse")),
                ("chk_t_doc".to_string(), "the CHECK expression of 'chk_t_doc' uses what SQLite added after 3.35 (unixepoch() in 3.38): the migration fails on a SQLite older than 3.38, such as a system's or a phone's (a driver's own is often newer)".to_string()),
                ("ix_t_doc".to_string(), format!("the partial-index WHERE expression of 'ix_t_doc' uses the date and time modifier 'subsec', which SQLite added in 3.42: {elsewhere} so the WHERE is NULL, not true, for the rows it should hold: the partial index leaves them out (a unique one no longer refuses their duplicates)")),
            ]
        );
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute(
            "INSERT INTO t (id, doc) VALUES (1, '2026-01-31 10:00:00.25')",
            [],
        )
        .unwrap();
        let at: String = db.query_row("SELECT at FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(at.len(), "2026-01-31 10:00:00.250".len(), "{at}");

        let (r, found) = generate(
            "json_valid('{}', 1)",
            "json_valid(doc, 6)",
            "json_valid(doc, 1)",
        );
        let flags = "uses what SQLite added after 3.35 (json_valid() with a second argument (flags) in 3.45):";
        let tail = "on a SQLite older than 3.45, such as a system's or a phone's (a driver's own is often newer)";
        assert_eq!(
            found,
            [
                ("at".to_string(), format!("the default expression {flags} the migration runs, but every insert that leaves the column out fails, {tail}")),
                ("chk_t_doc".to_string(), format!("the CHECK expression of 'chk_t_doc' {flags} the migration fails {tail}")),
                ("ix_t_doc".to_string(), format!("the partial-index WHERE expression of 'ix_t_doc' {flags} the migration fails {tail}")),
            ]
        );
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute("INSERT INTO t (id, doc) VALUES (1, '{}')", [])
            .unwrap();
        assert!(db
            .execute("INSERT INTO t (id, doc) VALUES (2, 'x')", [])
            .is_err());

        // What 3.35 has: one argument, other modifiers, 'subsec' as strftime's format or as a
        // time value, or as plain text. (A time value of 'subsec' reads the clock, which a
        // default may do and a partial index's WHERE may not: see
        // `expr::sqlite_clock::sqlite_refused_in_index`.)
        let (_, found) = generate(
            "date('subsec')",
            "json_valid(doc) AND datetime(doc, '+1 day') IS NOT NULL AND doc <> 'subsec'",
            "strftime('subsec', doc) IS NULL",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    /// A CHECK with SQLite's `NOT GLOB` is generated, and SQLite enforces it.
    #[test]
    fn sqlite_not_glob_is_enforced() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{"name":"t",
            "columns":[{"name":"code","type":"TEXT","nullable":false}],"primaryKey":["code"],
            "checkConstraints":[{"name":"chk_t_code","expression":"code NOT GLOB '*[^a-z]*'"}]}]}"#,
        );
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute("INSERT INTO t VALUES ('abc')", []).unwrap();
        let refused = db.execute("INSERT INTO t VALUES ('ab1')", []).unwrap_err();
        assert!(
            refused.to_string().contains("CHECK constraint failed"),
            "{refused}"
        );
    }

    /// On SQLite, a spec with errors has its expressions asked of the engine in the same
    /// report (before, an unknown function or operator was said only once every other error
    /// was fixed, when the self-check ran), and the engine's message does not quote the
    /// internal statement it was tried in.
    #[test]
    fn sqlite_expressions_are_checked_beside_other_errors() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"a","columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"at","type":"TIMESTAMP","nullable":false,"default":{"expression":"now()"}},
            {"name":"code","type":"VARCHAR","length":10,"nullable":false}],
            "checkConstraints":[{"name":"chk_a","expression":"code ~ '^a'"},{"name":"chk_b","expression":"foo(code)"}],
            "indexes":[{"name":"idx_a_x","columns":["ghost"]},{"name":"idx_a_code","columns":["code"],"where":"code ILIKE 'a%'"}]}]}"#,
        );
        let found: Vec<(&str, &str)> = r
            .validation
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(found.len(), 5, "{found:?}");
        for (code, message) in &found {
            assert!(!message.contains("_mg_probe"), "{message}");
            if *code == "INVALID_CHECK_EXPRESSION" || *code == "INVALID_DEFAULT" {
                assert!(message.contains("refused by sqlite"), "{message}");
            }
        }
        let messages: Vec<&str> = found.iter().map(|(_, m)| *m).collect();
        for part in [
            "no such function: now",
            "near \"~\"",
            "no such function: foo",
            "'ghost'",
            "near \"ILIKE\"",
        ] {
            assert!(
                messages.iter().any(|m| m.contains(part)),
                "{part}: {messages:?}"
            );
        }
        // A valid spec's expressions are left to the self-check, which runs them anyway.
        let valid = crate::generate_str(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"a","columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"code","type":"VARCHAR","length":10,"nullable":false}],
            "checkConstraints":[{"name":"chk_a","expression":"code GLOB 'a*'"}]}]}"#,
        );
        assert!(valid.validation.valid, "{:?}", valid.validation.errors);
        // The math functions the sqlite3 shell and sql.js have are the engine's too.
        let math = crate::generate_str(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"a","columns":[
            {"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"cents","type":"REAL","nullable":false,"default":{"expression":"round(pi() * 100)"}}],
            "checkConstraints":[{"name":"chk_a","expression":"floor(cents) = cents AND sqrt(cents) < 1e6"}]}]}"#,
        );
        assert!(math.validation.valid, "{:?}", math.validation.errors);
        assert!(
            math.up_migration.contains("floor(cents)"),
            "{}",
            math.up_migration
        );
    }

    /// PostgreSQL keeps the case of a quoted name: a user trial's `"Status" IN ('a','b')` over
    /// the column status passed (and gave the column a string union), then PostgreSQL 15 refused
    /// it: column "Status" does not exist. SQLite and MySQL read column names in any case.
    #[test]
    fn a_quoted_name_with_capitals_names_no_column_on_postgresql() {
        let first = |db: &str, check: &str, index: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"status","type":"VARCHAR","length":10,"nullable":true}}],
                "checkConstraints":[{{"name":"chk_t_status","expression":"{check}"}}]{}}}]}}"#,
                // MySQL has no partial indexes.
                if db == "mysql" {
                    String::new()
                } else {
                    format!(
                        r#","indexes":[{{"name":"idx_t_status","columns":["status"],"unique":false,"where":"{index}"}}]"#
                    )
                }
            ));
            r.validation.errors.first().cloned()
        };
        let ok = "status IS NOT NULL";
        for (check, index) in [
            (r#"\"Status\" IN ('a','b')"#, ok),
            (ok, r#"\"STATUS\" <> 'a'"#),
            (r#"t.\"Status\" = 'a'"#, ok),
        ] {
            let e = first("postgresql", check, index).expect(check);
            assert_eq!(e.code.as_str(), "UNKNOWN_COLUMN", "{check} {index}");
            assert!(
                e.message
                    .contains("PostgreSQL keeps the case of a name in double quotes"),
                "{}",
                e.message
            );
            assert_eq!(e.suggestion.as_deref(), Some("write status or \"status\""));
        }
        // The quoted name has no type: the unknown column is what is said, not a comparison.
        let e = first("postgresql", r#"\"Status\" = 5"#, ok).unwrap();
        assert_eq!(e.code.as_str(), "UNKNOWN_COLUMN", "{}", e.message);
        let e = first("postgresql", r#"\"Status\" IN ('a','b')"#, ok).unwrap();
        assert_eq!(
            e.message,
            "the CHECK expression 'chk_t_status' names the column 'Status', which the table 't' does not have (PostgreSQL keeps the case of a name in double quotes: \"Status\" is not the column status, and it refuses the migration with column \"Status\" does not exist)"
        );
        // Bare, PostgreSQL folds it to lower case; quoted in lower case it is the column.
        for check in [
            "Status IN ('a','b')",
            "STATUS <> 'a'",
            r#"\"status\" IN ('a','b')"#,
        ] {
            assert_eq!(first("postgresql", check, ok), None, "{check}");
        }
        // SQLite and MySQL take a column's name in any case, quoted or not.
        for check in [r#"\"Status\" IN ('a','b')"#, "Status IN ('a','b')"] {
            assert_eq!(first("sqlite", check, ok), None, "{check}");
        }
        for check in ["`Status` IN ('a','b')", "STATUS IN ('a','b')"] {
            assert_eq!(first("mysql", check, ok), None, "{check}");
        }
        // A still unknown name keeps the plain message.
        let e = first("postgresql", r#"\"Other\" = 'a'"#, ok).unwrap();
        assert_eq!(e.code.as_str(), "UNKNOWN_COLUMN");
        assert!(!e.message.contains("keeps the case"), "{}", e.message);
    }

    /// The user trial on PostgreSQL 15 whose conditions passed validation and were then refused
    /// by the server: each is INVALID_CHECK_EXPRESSION now, as a CHECK and as a partial index's
    /// WHERE, and the last three (STABLE functions and casts) in the WHERE only.
    #[test]
    fn conditions_a_user_trial_found_postgresql_refusing_are_refused() {
        let first = |expression: &str, index: bool| {
            let place = if index {
                format!(
                    r#""indexes":[{{"name":"idx_t_a","columns":["a"],"unique":false,"where":{}}}]"#,
                    serde_json::to_string(expression).unwrap()
                )
            } else {
                format!(
                    r#""checkConstraints":[{{"name":"chk_t","expression":{}}}]"#,
                    serde_json::to_string(expression).unwrap()
                )
            };
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"a","type":"INTEGER","nullable":true}},
                {{"name":"uid","type":"UUID","nullable":true}},
                {{"name":"is_admin","type":"BOOLEAN","nullable":true}},
                {{"name":"payload","type":"JSON","nullable":true}},
                {{"name":"settings","type":"JSONB","nullable":true}},
                {{"name":"birth_date","type":"DATE","nullable":true}},
                {{"name":"placed_at","type":"TIMESTAMP","nullable":true}},
                {{"name":"name","type":"TEXT","nullable":true}}],{place}}}]}}"#
            ));
            r.validation
                .errors
                .first()
                .map(|e| (e.code.as_str().to_string(), e.message.clone()))
        };
        for expression in [
            "payload <> '{}'",
            "payload = payload",
            "uid = 'not-a-uuid'",
            "is_admin = 'maybe'",
            "birth_date > '2024-13-01'",
            "settings @> 'notjson'",
            "coalesce(a, 'x') = 'x'",
            "length(a) > 0",
            "uid LIKE 'x%'",
            "placed_at + 1 > placed_at",
            "CASE WHEN a THEN true END",
        ] {
            for index in [false, true] {
                let (code, message) = first(expression, index).expect(expression);
                assert_eq!(code, "INVALID_CHECK_EXPRESSION", "{expression}: {message}");
            }
        }
        for expression in [
            "to_tsvector(name) @@ to_tsquery('x')",
            "placed_at::text > '2024'",
            "to_json(name)::text <> ''",
        ] {
            assert_eq!(first(expression, false), None, "{expression}");
            let (code, message) = first(expression, true).expect(expression);
            assert_eq!(code, "INVALID_CHECK_EXPRESSION", "{expression}: {message}");
            assert!(message.contains("must be marked IMMUTABLE"), "{message}");
        }
        for expression in [
            "payload::text <> '{}'",
            "settings <> '{}'",
            "uid = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
            "is_admin = 'yes'",
            "birth_date > '2024-12-01'",
            "settings @> '{}'",
            "coalesce(a, 0) = 0",
            "length(name) > 0",
            "uid::text LIKE 'x%'",
            "placed_at + interval '1 day' > placed_at",
            "CASE WHEN a > 0 THEN true END",
            "to_tsvector('english', name) @@ to_tsquery('english', 'x')",
            "placed_at > '2024-01-01'",
        ] {
            for index in [false, true] {
                assert_eq!(first(expression, index), None, "{expression}");
            }
        }
    }

    /// A CHECK that reads a missing column twice is one error, not two alike.
    #[test]
    fn a_missing_column_read_twice_by_a_check_is_said_once() {
        let r = crate::generate_str(
            r#"{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"created_at","type":"TIMESTAMP","nullable":false}],"primaryKey":["id"],"checkConstraints":[{"name":"chk_due","expression":"due_at IS NULL OR due_at >= created_at"}]}]}"#,
        );
        let errors: Vec<(&str, Option<&str>)> = (r.validation.errors.iter())
            .map(|e| (e.code.as_str(), e.column.as_deref()))
            .collect();
        assert_eq!(errors, [("UNKNOWN_COLUMN", Some("due_at"))]);
    }

    /// Each refused by the engine when the migration ran (MariaDB 10.11: 1064 syntax errors and
    /// 1901 for non-deterministic functions in a CHECK; PostgreSQL 15: syntax errors, "operator
    /// does not exist", "functions in index predicate must be marked IMMUTABLE").
    #[test]
    fn expressions_in_the_other_database_s_sql_are_refused() {
        let table = |check: &str, predicate: Option<&str>| {
            let index = predicate.map_or(String::new(), |p| format!(r#","indexes":[{{"name":"idx_t_age","columns":["age"],"unique":false,"where":"{p}"}}]"#));
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"age","type":"INT","nullable":true}},{{"name":"body","type":"VARCHAR","length":20,"nullable":true}},{{"name":"created","type":"TIMESTAMP","nullable":true}}],"checkConstraints":[{{"name":"chk_t","expression":"{check}"}}]{index}}}"#
            )
        };
        for bad in [
            "body ILIKE 'a%'",
            "body SIMILAR TO 'a%'",
            "age IS DISTINCT FROM 1",
            "body ~ 'x'",
            "body ~* 'x'",
            "body || 'x' = 'y'",
            "age > 0 AND now() IS NOT NULL",
            "created < CURRENT_TIMESTAMP",
            "age < RAND() * 100",
        ] {
            assert_eq!(
                codes_only("mysql", &table(bad, None)),
                vec!["INVALID_CHECK_EXPRESSION"],
                "mysql: {bad}"
            );
        }
        for bad in [
            "body REGEXP '^a'",
            "body RLIKE 'x'",
            "age XOR 1",
            "age <=> 1",
            "age DIV 2 > 0",
        ] {
            assert_eq!(
                codes_only("postgresql", &table(bad, None)),
                vec!["INVALID_CHECK_EXPRESSION"],
                "postgresql: {bad}"
            );
        }
        assert_eq!(
            codes_only("postgresql", &table("age > 0", Some("created > now()"))),
            vec!["INVALID_CHECK_EXPRESSION"]
        );
        for good in [
            "age > 0 AND body LIKE 'a%'",
            "body REGEXP '^a' OR age <=> 1",
            "age DIV 2 > 0",
        ] {
            assert!(
                codes_only("mysql", &table(good, None)).is_empty(),
                "mysql: {good}"
            );
        }
        for good in [
            "body ILIKE 'a%' AND age IS DISTINCT FROM 1",
            "body ~ 'x' OR body || 'x' = 'y'",
            "created < now()",
        ] {
            assert!(
                codes_only("postgresql", &table(good, None)).is_empty(),
                "postgresql: {good}"
            );
        }
        assert!(codes_only("postgresql", &table("age > 0", Some("age > 1"))).is_empty());
    }

    /// sqlparser's PostgreSQL parser took 8 s for 22 nested calls (each level doubles it):
    /// nesting is refused before the parser sees it.
    #[test]
    fn deeply_nested_expressions_are_refused_at_once() {
        let table = |e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"v","type":"INT","nullable":true}}],"checkConstraints":[{{"name":"c","expression":"{e}"}}]}}"#
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            for f in ["abs(", "cast(", "coalesce(1,", "("] {
                let deep = format!("{}v{} > 0", f.repeat(30), ")".repeat(30));
                assert_eq!(
                    codes_only(db, &table(&deep)),
                    vec!["INVALID_CHECK_EXPRESSION"],
                    "{db} {f}"
                );
            }
            let ok = format!("{}v{} > 0", "abs(".repeat(8), ")".repeat(8));
            assert!(codes_only(db, &table(&ok)).is_empty(), "{db}");
        }
    }

    /// With NO_BACKSLASH_ESCAPES (MySQL) or standard_conforming_strings off (PostgreSQL), a
    /// backslash in a literal moves where the literal ends: an expression could then carry a
    /// second statement (shown on MariaDB 10.11 and PostgreSQL 15).
    #[test]
    fn backslashes_in_expression_literals_are_refused_where_the_session_decides_them() {
        let table = |e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"v","type":"VARCHAR","length":20,"nullable":true}}],"checkConstraints":[{{"name":"c","expression":"{e}"}}]}}"#
            )
        };
        let injection = r"v <> 'a\\'), x INT); DROP TABLE accounts; -- '";
        assert_eq!(
            codes_only("mysql", &table(injection)),
            vec!["INVALID_CHECK_EXPRESSION"]
        );
        // JSON in a raw string: `\\` is one backslash of the expression.
        assert_eq!(
            codes_only("mysql", &table(r#"v <> 'a\\\"b'"#)),
            vec!["INVALID_CHECK_EXPRESSION"]
        );
        assert_eq!(
            codes_only("postgresql", &table(r"v <> 'a\\' OR v = 'b'")),
            vec!["INVALID_CHECK_EXPRESSION"]
        );
        assert!(codes_only("postgresql", &table(r"v <> E'a\\\\b'")).is_empty());
        assert!(codes_only("postgresql", &table(r"v ~ '^\\w+$'")).is_empty());
        // Any other backslash sequence in a MySQL string means one thing by default and another
        // under NO_BACKSLASH_ESCAPES ('^\\d+$' is the regular expression ^\d+$, or ^\\d+$);
        // `\%` and `\_` read the same both ways.
        for ambiguous in [
            r"v REGEXP '^\\\\d+$'",
            r"v IN ('a\\b', 'c')",
            r"v <> 'a\\\\'",
        ] {
            assert_eq!(
                codes_only("mysql", &table(ambiguous)),
                vec!["INVALID_CHECK_EXPRESSION"],
                "{ambiguous}"
            );
        }
        for fine in [
            "v REGEXP '^[0-9]+$'",
            r"v LIKE '%\\_%'",
            r"v NOT LIKE '100\\%'",
            "v IN (CONCAT('a', CHAR(92), 'b'), 'c')",
        ] {
            assert!(codes_only("mysql", &table(fine)).is_empty(), "{fine}");
        }
        assert!(codes_only("sqlite", &table(r"v <> 'a\\b'")).is_empty());
        assert!(codes_only("mysql", &table("v <> 'a''b'")).is_empty());
    }

    /// MySQL's CHECK errors carried the generic "write one boolean SQL expression" while the
    /// message had the real fix (a user trial): the suggestion now says it.
    #[test]
    fn mysql_check_errors_suggest_the_fix_the_message_names() {
        let suggestion = |e: &str| {
            let spec = format!(
                r#"{{"description":"d","databaseType":"mysql","tables":[{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"s","type":"VARCHAR","length":20,"nullable":true}},{{"name":"ts","type":"TIMESTAMP","nullable":true}}],"checkConstraints":[{{"name":"c","expression":"{e}"}}]}}]}}"#
            );
            let r = crate::generate_str(&spec);
            assert_eq!(
                r.validation.errors.len(),
                1,
                "{e}: {:?}",
                r.validation.errors
            );
            r.validation.errors[0]
                .suggestion
                .clone()
                .unwrap_or_default()
        };
        assert_eq!(
            suggestion("s ~ 'a'"),
            "write REGEXP: s REGEXP 'x' for s ~ 'x', NOT (s REGEXP 'x') for s !~ 'x'"
        );
        assert!(
            suggestion(r"s <> 'a\\b'").starts_with("write the text without it"),
            "{}",
            suggestion(r"s <> 'a\\b'")
        );
        assert!(suggestion(r"s <> 'a\\b'").ends_with("CONCAT('a', CHAR(92), 'b')"));
        assert!(suggestion("ts < now()").starts_with("a CHECK reads only the row"));
    }
}
