//! Whether an expression's value may change with the time, the session or from one call to the
//! next, whatever the row holds (a CHECK that may refuse tomorrow a row it let in today).

use super::parse_short;
use super::volatile::volatile_name;
use sqlparser::ast::{visit_expressions, BinaryOperator, Expr, FunctionArguments, Value};
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};
use std::ops::ControlFlow;

/// [`changes_with_time`] of the expression `text` of `dialect` (`false` where it does not parse).
pub fn text_changes_with_time(dialect: &dyn ParserDialect, text: &str) -> bool {
    parse_short(dialect, text).is_some_and(|e| changes_with_time(dialect, &e))
}

/// Whether the value of the expression `e` may change with the time, the session or from one
/// call to the next, whatever the row holds: a call of a function of
/// [`VOLATILE`](super::volatile::VOLATILE) or of the
/// list of `dialect`'s (`now()`, `CURRENT_DATE`, `random()`, `current_user`, …), one of
/// SQLite's date and time functions with no time value (`date()`), or a string a date or time
/// is read from that names the moment (`date('now')`, `'today'::date`, `DATE 'today'`). A
/// CHECK with such a term may refuse tomorrow a row it let in today.
pub fn changes_with_time(dialect: &dyn ParserDialect, e: &Expr) -> bool {
    let (mysql, postgres) = (
        dialect.is::<MySqlDialect>(),
        dialect.is::<PostgreSqlDialect>(),
    );
    // A date or time text holding one of these words, anywhere ('today 00:00', 'yesterday
    // allballs'): PostgreSQL fixes it to the day the CHECK is created (a reviewer's migration
    // refused rows the day after). Only PostgreSQL reads such words, and only where it reads a
    // date or time from the text: cast or typed as one, or compared with a value (`at >=
    // 'today 00:00'`); a word of a text compared in a list (`slot IN ('open', 'not now')`) is
    // text. SQLite reads 'now' only in its date functions (below); MySQL never.
    let moment = |s: &str| {
        s.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "now" | "today" | "tomorrow" | "yesterday"
            )
        })
    };
    let moment_literal = |x: &Expr| {
        postgres
            && matches!(x, Expr::Value(v) if matches!(&v.value, Value::SingleQuotedString(s) if moment(s)))
    };
    let flow = visit_expressions(e, |x| {
        let changes = match x {
            Expr::Function(f) => {
                let arguments: &[sqlparser::ast::FunctionArg] = match &f.args {
                    FunctionArguments::List(list) => &list.args,
                    _ => &[],
                };
                let name = f.name.to_string().to_ascii_lowercase();
                let date_function = matches!(
                    name.as_str(),
                    "date" | "time" | "datetime" | "julianday" | "unixepoch" | "strftime"
                );
                // SQLite's date functions read 'now' (`date('now', '-1 day')`).
                let reads_now = arguments.iter().any(|a| {
                    matches!(a, sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(Expr::Value(v)))
                        if matches!(&v.value, Value::SingleQuotedString(s) if moment(s)))
                });
                volatile_name(f, mysql, postgres, None).is_some()
                    || (date_function && reads_now)
                    || (arguments.is_empty() && date_function && name != "strftime")
                    || (arguments.len() == 1 && name == "strftime")
            }
            Expr::BinaryOp {
                left,
                op:
                    BinaryOperator::Gt
                    | BinaryOperator::GtEq
                    | BinaryOperator::Lt
                    | BinaryOperator::LtEq
                    | BinaryOperator::Eq
                    | BinaryOperator::NotEq,
                right,
            } => moment_literal(left) || moment_literal(right),
            Expr::Between { low, high, .. } => moment_literal(low) || moment_literal(high),
            Expr::Cast { expr, .. } => moment_literal(expr),
            // Read as a name where the dialect's parser has no call for it (MySQL's bare
            // `current_user`), though the database calls it.
            Expr::Identifier(i) if i.quote_style.is_none() => matches!(
                i.value.to_ascii_lowercase().as_str(),
                "current_date"
                    | "current_time"
                    | "current_timestamp"
                    | "localtime"
                    | "localtimestamp"
                    | "current_user"
                    | "current_role"
                    | "session_user"
                    | "system_user"
            ),
            Expr::TypedString(t) => {
                postgres && matches!(&t.value.value, Value::SingleQuotedString(s) if moment(s))
            }
            _ => false,
        };
        if changes {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    flow.is_break()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::SQLiteDialect;

    /// What changes with the time, the session or the call; not a column, a constant, or a
    /// function of the row alone.
    #[test]
    fn changes_with_time_finds_the_clock_and_the_dice() {
        let pg = PostgreSqlDialect {};
        let lite = SQLiteDialect {};
        let my = MySqlDialect {};
        let read =
            |d: &dyn ParserDialect, t: &str| changes_with_time(d, &parse_short(d, t).unwrap());
        for t in [
            "d >= CURRENT_DATE",
            "now() > x",
            "x < random()",
            "x = 'today'::date",
            "at >= 'today 00:00'",
            "at > timestamp 'today 00:00'",
            "at > 'yesterday 12:00'",
            "at >= 'Tomorrow 15:00'::timestamp",
            "x <= localtimestamp",
            "x = current_user",
        ] {
            assert!(read(&pg, t), "{t}");
        }
        for t in [
            "d >= date('now', '-1 day')",
            "d >= date()",
            "strftime('%s') > x",
            "x < julianday('now')",
        ] {
            assert!(read(&lite, t), "{t}");
        }
        for t in ["x < rand()", "d >= curdate()", "d <= sysdate()"] {
            assert!(read(&my, t), "{t}");
        }
        // PostgreSQL's concat() follows DateStyle; SQLite's and MySQL's do not.
        assert!(read(&pg, "concat(a, b) <> ''"));
        assert!(!read(&lite, "concat(a, b) <> ''"));
        assert!(!read(&my, "concat(a, b) <> ''"));
        for t in [
            "d >= '2024-01-01'",
            // The word alone counts: 'snowfall' holds no 'now'; and a word of a text in a
            // list is text (a reviewer: `slot IN ('open', 'not now')` was warned of).
            "lower(x) = 'snowfall'",
            "slot IN ('open', 'done', 'not now')",
            "abs(x) > 1",
            "d >= date('2024-01-01')",
        ] {
            assert!(!read(&pg, t), "{t}");
            assert!(!read(&lite, t), "{t}");
        }
    }
}
