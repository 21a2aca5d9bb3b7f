//! SQLite's date and time functions reading the clock, and its non-deterministic functions:
//! what SQLite refuses in a CHECK (every row, once the table exists) and in a partial index's
//! WHERE, with what to write instead.

use sqlparser::ast::{Expr, Function, FunctionArguments, Value};

/// The text of the string literal `a` is, in parentheses or not (`'now'`, `('now')`).
fn string_argument(a: &sqlparser::ast::FunctionArg) -> Option<&str> {
    let sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(e)) = a else {
        return None;
    };
    let mut e = e;
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// A call of one of SQLite's date and time functions that reads the clock, through a time
/// value that is the moment (`'now'` in any case; `'subsec'` or `'subsecond'` from 3.42), no
/// time value at all (`date()`, `strftime('%Y')`), or a `'localtime'` or `'utc'` modifier.
struct ClockCall {
    /// The function, in lower case.
    name: String,
    /// How it reads the clock (`with 'now', which reads the clock`).
    how: String,
    /// The CHECK's rewrite (`write CURRENT_DATE`).
    write: String,
    /// Whether it reads the clock only through a `'localtime'` or `'utc'` modifier.
    local: bool,
}

/// The call `f` as a [`ClockCall`], when it is one.
fn sqlite_clock_reading(f: &Function) -> Option<ClockCall> {
    let name = match &f.name.0[..] {
        [part] => part.as_ident()?.value.to_ascii_lowercase(),
        _ => return None,
    };
    let arguments: &[sqlparser::ast::FunctionArg] = match &f.args {
        FunctionArguments::List(list) => &list.args,
        FunctionArguments::None => return None,
        FunctionArguments::Subquery(_) => return None,
    };
    // Where its time values are, and where its modifiers start.
    let (times, modifiers) = match name.as_str() {
        "date" | "time" | "datetime" | "julianday" | "unixepoch" => (0..1, 1),
        "strftime" => (1..2, 2),
        "timediff" => (0..2, 2),
        _ => return None,
    };
    let moment = |s: &str| {
        ["now", "subsec", "subsecond"]
            .iter()
            .any(|m| s.eq_ignore_ascii_case(m))
    };
    let local = arguments
        .iter()
        .skip(modifiers)
        .filter_map(string_argument)
        .find(|s| s.eq_ignore_ascii_case("localtime") || s.eq_ignore_ascii_case("utc"));
    let how = if let Some(modifier) = local {
        format!("with the modifier '{modifier}', which reads the machine's time zone")
    } else if arguments.len() <= times.start {
        "with no time value, which reads the clock".to_string()
    } else if let Some(s) = arguments
        .get(times)
        .into_iter()
        .flatten()
        .filter_map(string_argument)
        .find(|s| moment(s))
    {
        format!("with '{s}', which reads the clock")
    } else {
        return None;
    };
    let write = match (name.as_str(), arguments.len(), local) {
        (_, _, Some(_)) => {
            "write the rule over times kept in UTC, without 'localtime' or 'utc'".to_string()
        }
        ("date", 0 | 1, None) => "write CURRENT_DATE".to_string(),
        ("time", 0 | 1, None) => "write CURRENT_TIME".to_string(),
        ("datetime", 0 | 1, None) => "write CURRENT_TIMESTAMP".to_string(),
        ("strftime", _, None) => {
            "write CURRENT_TIMESTAMP as its time value, strftime(format, CURRENT_TIMESTAMP, …)"
                .to_string()
        }
        _ => format!("write CURRENT_TIMESTAMP as its time value, {name}(CURRENT_TIMESTAMP, …)"),
    };
    Some(ClockCall {
        name,
        how,
        write,
        local: local.is_some(),
    })
}

/// Why SQLite refuses the call `f` in a CHECK: a [`ClockCall`]. SQLite creates the table, then
/// refuses every row it checks the call for ("non-deterministic use of date() in a CHECK
/// constraint": the bundled SQLite 3.50, sql.js's 3.54 and the sqlite3 shell's 3.40), a
/// rebuild's copy of the rows included. It takes CURRENT_DATE, CURRENT_TIME and
/// CURRENT_TIMESTAMP there (read once per statement, as each row is written), and random():
/// those are not refused.
pub(super) fn sqlite_clock_call(f: &Function) -> Option<String> {
    let ClockCall {
        name, how, write, ..
    } = sqlite_clock_reading(f)?;
    Some(format!(
        "it calls {name}() {how}: SQLite creates the table, then refuses every row written to it, a rebuild's copy of its rows included (non-deterministic use of {name}() in a CHECK constraint); it takes CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP in a CHECK, read as each row is written ({write}, or enforce the rule in a trigger or in the application)"
    ))
}

/// SQLite's functions it marks non-deterministic, which it refuses in a partial index's WHERE
/// when the index is created ("non-deterministic functions prohibited in partial index WHERE
/// clauses", the bundled SQLite 3.50 and the sqlite3 shell's 3.40), CURRENT_DATE, CURRENT_TIME
/// and CURRENT_TIMESTAMP among them.
const SQLITE_NON_DETERMINISTIC: &[&str] = &[
    "changes",
    "current_date",
    "current_time",
    "current_timestamp",
    "last_insert_rowid",
    "random",
    "randomblob",
    "sqlite_compileoption_get",
    "sqlite_compileoption_used",
    "sqlite_source_id",
    "sqlite_version",
    "total_changes",
];

/// What to write instead of reading the clock in a partial index's WHERE.
const FIXED_MOMENT: &str = "write a fixed date or time, such as d >= '2026-01-01', and compare with the clock in the query's WHERE";

/// Why SQLite refuses the call `f` in a partial index's WHERE: one of
/// [`SQLITE_NON_DETERMINISTIC`], refused when the index is created, or a [`ClockCall`]: SQLite
/// creates the index, then refuses every row written to the table ("non-deterministic use of
/// date() in an index").
pub(super) fn sqlite_refused_in_index(f: &Function) -> Option<String> {
    if let Some(ClockCall {
        name, how, local, ..
    }) = sqlite_clock_reading(f)
    {
        let write = if local {
            "write the condition over times kept in UTC, without 'localtime' or 'utc'"
        } else {
            FIXED_MOMENT
        };
        return Some(format!(
            "it calls {name}() {how}: SQLite creates the index, then refuses every row written to the table, a rebuild's copy of its rows included (non-deterministic use of {name}() in an index); it refuses CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP in a partial index's WHERE too ({write})"
        ));
    }
    let name = match &f.name.0[..] {
        [part] => part.as_ident()?.value.to_ascii_lowercase(),
        _ => return None,
    };
    SQLITE_NON_DETERMINISTIC
        .binary_search(&name.as_str())
        .ok()?;
    let (call, write) = if name.starts_with("current_") {
        (format!("reads {}", name.to_ascii_uppercase()), FIXED_MOMENT)
    } else {
        (
            format!("calls {name}()"),
            "write a condition over the row's columns and constants",
        )
    };
    Some(format!(
        "it {call}, whose result is not the row's, which SQLite refuses in a partial index's WHERE when the index is created (non-deterministic functions prohibited in partial index WHERE clauses) ({write})"
    ))
}

#[cfg(test)]
mod tests {
    use crate::expr::check_expression_with;
    use sqlparser::dialect::SQLiteDialect;

    /// SQLite, in a CHECK: its date and time functions reading the clock are refused, each with
    /// what to write (the bundled SQLite refuses their rows, tests/sqlite_clock_and_rowid.rs);
    /// CURRENT_DATE, random() and the functions over a column are taken.
    #[test]
    fn sqlite_refuses_date_functions_reading_the_clock_in_a_check() {
        let lite = SQLiteDialect {};
        let refused = |text: &str| check_expression_with(&lite, text, true).unwrap_err();
        assert_eq!(
            refused("d <= date('now')").rewrite().unwrap(),
            "write CURRENT_DATE, or enforce the rule in a trigger or in the application"
        );
        assert!(refused("d <= datetime()")
            .rewrite()
            .unwrap()
            .starts_with("write CURRENT_TIMESTAMP,"));
        assert!(refused("d <= time('Now')")
            .rewrite()
            .unwrap()
            .starts_with("write CURRENT_TIME,"));
        assert!(refused("julianday(d) < julianday('now', '-1 day')")
            .rewrite()
            .unwrap()
            .starts_with(
                "write CURRENT_TIMESTAMP as its time value, julianday(CURRENT_TIMESTAMP, …),"
            ));
        assert!(refused("n < strftime('%s', 'now')")
            .rewrite()
            .unwrap()
            .starts_with(
            "write CURRENT_TIMESTAMP as its time value, strftime(format, CURRENT_TIMESTAMP, …),"
        ));
        let local = refused("d <= datetime(d, 'localtime')");
        assert!(
            local
                .0
                .starts_with("it calls datetime() with the modifier 'localtime'"),
            "{}",
            local.0
        );
        assert!(refused("n < strftime('%s')")
            .0
            .contains("with no time value"));
        for text in [
            "d <= CURRENT_DATE",
            "n <> random()",
            "d <= date(d, '+1 day')",
            "d <> 'now'",
            "strftime('now', d) IS NOT NULL",
        ] {
            assert!(check_expression_with(&lite, text, true).is_ok(), "{text}");
        }
    }
}
