//! MySQL's and MariaDB's CHECKs that compare a number, a boolean, a date or a timestamp with a
//! string that is none (`qty <> ''`, `active = 'maybe'`, `born > 'x'`): both servers take the
//! CHECK, then compare as numbers or as dates when a row is written, and MariaDB 10.11 in strict
//! mode refuses every insert and update that gives the column a value (error 1292, "Truncated
//! incorrect DECIMAL value: ''", "Truncated incorrect datetime value: 'x'"), where PostgreSQL
//! refuses the migration itself ([`crate::condition`]). A BIGINT column is compared without an
//! error, the string read as the number it starts with (0 for ''): the CHECK tests another
//! value than it says; so is any column against an `IN` list of two or more strings
//! (`qty IN ('a', 'b')` lets 0 in and refuses 1, `due IN ('x', 'y')` lets only the zero date
//! in). Only the strings MariaDB 10.11 was seen refusing are refused here; any
//! other form is left to the server.

use crate::spec::ColumnType;
use sqlparser::ast::{BinaryOperator, Expr, InTarget, Value};

/// The type of a table's column by its lowercase name, as in [`crate::condition::ColumnTypes`].
pub type ColumnTypes<'a> = crate::condition::ColumnTypes<'a>;

/// What a side of a comparison is read as.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Side<'a> {
    /// A number (the spec's numbers and BOOLEAN, TINYINT(1) on MySQL); the column's type
    /// when it is one.
    Number(Option<ColumnType>),
    /// A DATE, TIMESTAMP or DATETIME column.
    Time(ColumnType),
    /// A string literal.
    Literal(&'a str),
}

/// Why MySQL and MariaDB would fail the rows written under the CHECK `e`: the first comparison
/// in it, outermost first, of a number, boolean, date or timestamp with a string that is none.
/// The text ends with `(write …)`, the rewrite to suggest.
pub fn unreadable_string(e: &Expr, column: &ColumnTypes) -> Option<String> {
    let mut found = None;
    let _ = sqlparser::ast::visit_expressions(e, |x| match refused(x, column) {
        Some(why) => {
            found = Some(why);
            std::ops::ControlFlow::Break(())
        }
        None => std::ops::ControlFlow::Continue(()),
    });
    found
}

/// [`unreadable_string`] for `e` itself.
fn refused(e: &Expr, column: &ColumnTypes) -> Option<String> {
    use BinaryOperator::*;
    match e {
        Expr::BinaryOp {
            left,
            op: Eq | NotEq | Lt | Gt | LtEq | GtEq | Spaceship,
            right,
        } => pair(e, left, right, column, Read::Failing),
        Expr::IsDistinctFrom(left, right) | Expr::IsNotDistinctFrom(left, right) => {
            pair(e, left, right, column, Read::Failing)
        }
        Expr::Between {
            expr, low, high, ..
        } => pair(e, expr, low, column, Read::Failing)
            .or_else(|| pair(e, expr, high, column, Read::Failing)),
        // With two or more items and all of them strings, MariaDB 10.11 still compares as
        // numbers or dates, but without an error: a string that is none is read as the number
        // it starts with (0 for 'x') or as the zero date, so `qty IN ('x', 'y')` refuses every
        // value but 0. One string item alone, or beside a number, fails the row (`qty IN (5,
        // '')`: error 1292).
        Expr::In {
            expr,
            target: InTarget::List(list),
            ..
        } => {
            let all_strings = list
                .iter()
                .all(|x| matches!(side(x, column), Some(Side::Literal(_))));
            let read = if list.len() >= 2 && all_strings {
                Read::Quiet
            } else {
                Read::Failing
            };
            list.iter().find_map(|x| pair(e, expr, x, column, read))
        }
        _ => None,
    }
}

/// How MariaDB 10.11 reads a string that is no number (no date) in a comparison.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Read {
    /// With an error in strict mode (1292), but for a BIGINT column: a comparison, an `IN`
    /// list with a number or one item.
    Failing,
    /// Without a word, as the number it starts with or the zero date: an `IN` list of two or
    /// more strings.
    Quiet,
}

/// Why comparing `a` with `b` (either way round) in `whole`, read as `read` says, fails rows
/// or tests another value than it says, if it does.
fn pair(whole: &Expr, a: &Expr, b: &Expr, column: &ColumnTypes, read: Read) -> Option<String> {
    let (value, text, valued) = match (side(a, column)?, side(b, column)?) {
        (Side::Literal(_), Side::Literal(_)) => return None,
        (Side::Literal(s), v) => (v, s, b),
        (v, Side::Literal(s)) => (v, s, a),
        _ => return None,
    };
    let shown = crate::report::clip(text);
    let described = |what: &str| match column_of(valued, column) {
        Some((name, ty)) => format!("the {} column '{name}'", ty.as_str()),
        None => what.to_string(),
    };
    // `qty <> ''` is most often meant as "has a value", which NOT NULL says.
    let require = if text.trim_matches(' ').is_empty() {
        "; to require a value, make the column NOT NULL"
    } else {
        ""
    };
    match value {
        Side::Number(ty) if !is_number_text(text) => {
            let fix = match ty {
                Some(ColumnType::Boolean) => "TRUE, FALSE, 1 or 0",
                _ => "a number, such as 0 or '5'",
            };
            let happens = if read == Read::Quiet {
                "MariaDB 10.11 reads each string of a list of strings as a number without a word (the number it starts with, 0 for text that starts with no digit), so the CHECK tests another value than it says and refuses what it means to let in".to_string()
            } else if ty == Some(ColumnType::Bigint) {
                "MariaDB 10.11 reads the string as a number without a word for a BIGINT column (0 for text that starts with no digit), so the CHECK tests another value than it says".to_string()
            } else {
                format!("MariaDB 10.11 (strict mode) then refuses every insert or update that gives the column a value (error 1292: Truncated incorrect DECIMAL value: '{shown}')")
            };
            Some(format!(
                "it compares {} with the string '{shown}' ({whole}), which is no number: MySQL and MariaDB compare the two as numbers, and {happens} (write {fix} in its place{require})",
                described("a number")
            ))
        }
        Side::Time(ty) if !may_be_date_text(text) => {
            let (what, fix) = match ty {
                ColumnType::Date => ("a date", "a date, such as '2024-01-31'"),
                _ => (
                    "a timestamp",
                    "a date and time, such as '2024-01-31 12:00:00'",
                ),
            };
            let happens = match read {
                Read::Quiet => "MariaDB 10.11 reads each string of a list of strings as a date without a word (the zero date for one it cannot read), so the CHECK tests another value than it says and refuses what it means to let in".to_string(),
                Read::Failing => format!("MariaDB 10.11 (strict mode) then refuses every insert or update that gives the column a value (error 1292: Truncated incorrect datetime value: '{shown}')"),
            };
            Some(format!(
                "it compares {} with the string '{shown}' ({whole}), which MySQL and MariaDB cannot read as {what}: {happens} (write {fix} in its place{require})",
                described(what)
            ))
        }
        _ => None,
    }
}

/// The column `e` names (in parentheses or with a COLLATE too), lowercase, and its type.
fn column_of(e: &Expr, column: &ColumnTypes) -> Option<(String, ColumnType)> {
    let name = match e {
        Expr::Nested(inner) | Expr::Collate { expr: inner, .. } => return column_of(inner, column),
        Expr::Identifier(i) => i.value.to_ascii_lowercase(),
        Expr::CompoundIdentifier(parts) => parts.last()?.value.to_ascii_lowercase(),
        _ => return None,
    };
    column(&name).map(|ty| (name, ty))
}

/// What `e` is read as in a comparison, when its shape and the spec's types settle it.
fn side<'a>(e: &'a Expr, column: &ColumnTypes) -> Option<Side<'a>> {
    use BinaryOperator::*;
    match e {
        Expr::Nested(inner) => side(inner, column),
        // A collation changes no number ('x' COLLATE utf8mb4_bin beside a number: error 1292).
        Expr::Collate { expr, .. } => side(expr, column),
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => match column_of(e, column)?.1 {
            ty @ (ColumnType::Integer
            | ColumnType::Int
            | ColumnType::Bigint
            | ColumnType::Tinyint
            | ColumnType::Real
            | ColumnType::Numeric
            | ColumnType::Decimal
            | ColumnType::Boolean) => Some(Side::Number(Some(ty))),
            ty @ (ColumnType::Date | ColumnType::Timestamp | ColumnType::Datetime) => {
                Some(Side::Time(ty))
            }
            _ => None,
        },
        Expr::Value(v) => match &v.value {
            Value::Number(..) => Some(Side::Number(None)),
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => Some(Side::Literal(s)),
            _ => None,
        },
        // Arithmetic on numbers is a number (`qty + 1 <> ''`: error 1292); a date beside a
        // number or an INTERVAL is left alone.
        Expr::BinaryOp {
            left,
            op: Plus | Minus | Multiply | Divide | Modulo | MyIntegerDivide,
            right,
        } => match (side(left, column)?, side(right, column)?) {
            (Side::Number(_), Side::Number(_)) => Some(Side::Number(None)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether MariaDB reads `text` as a number without an error: spaces around, a sign, digits
/// with at most one '.', at least one digit, an exponent with digits; no hexadecimal ('0x10'),
/// no '_', no NaN or inf, nothing past a double's range ('1e400': "Truncated incorrect DOUBLE
/// value", or an overflow for a DECIMAL). Each form was tried on MariaDB 10.11.
pub fn is_number_text(text: &str) -> bool {
    let t = text.trim_matches(' ');
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|x| {
        let x = x.strip_prefix(['+', '-']).unwrap_or(x);
        !x.is_empty() && digits(x)
    });
    mantissa_ok && exponent_ok && t.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Whether MariaDB may read `text` as a date or a timestamp without an error. Its reader takes
/// many forms ('2024/01/31', '240131', '2024-00-01', '2024-02-30'), so only these are refused,
/// each seen refused by MariaDB 10.11 (error 1292): text with no digit ('', 'now', 'today'),
/// up to five digits alone ('1', '2024', '12345'); text that starts with a date YYYY-M(M)-D(D)
/// whose month is past 12 or day past 31, or that goes on with anything but a time after a
/// space or a 'T' ('2024-01-01x', '2024-01-01 x'), or whose time is out of range (hour past 23,
/// minute or second past 59) or is followed by anything but a fraction of a second
/// ('10:00:00Z', '10:00 AM', '10:00:00+01:00').
pub fn may_be_date_text(text: &str) -> bool {
    let t = text.trim_matches(' ');
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if t.len() <= 5 && t.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Some((month, day, rest)) = iso_date(t) else {
        return true;
    };
    if month > 12 || day > 31 {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix(['T', ' ']) else {
        // '2024-01-01x'; a sign or other mark after the day is left to the server.
        return !rest.starts_with(|c: char| c.is_ascii_alphabetic());
    };
    time_may_be_read(time.trim_start_matches(' '))
}

/// `YYYY-M(M)-D(D)` at the start of `t`: its month, its day and what follows.
fn iso_date(t: &str) -> Option<(u32, u32, &str)> {
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<(u32, usize)> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        len.contains(&n).then(|| (s[..n].parse().unwrap_or(0), n))
    };
    let (_, n) = number(t, 4..=4)?;
    let rest = t[n..].strip_prefix('-')?;
    let (month, n) = number(rest, 1..=2)?;
    let rest = rest[n..].strip_prefix('-')?;
    let (day, n) = number(rest, 1..=2)?;
    Some((month, day, &rest[n..]))
}

/// Whether MariaDB may read `time`, what follows a date and its space or 'T', as a time of day:
/// `h(h)[:m(m)[:s(s)[.digits]]]` with the hour to 23 and minutes and seconds to 59, and nothing
/// after it.
fn time_may_be_read(time: &str) -> bool {
    let mut rest = time;
    for (i, max) in [23u32, 59, 59].into_iter().enumerate() {
        if i > 0 {
            match rest.strip_prefix(':') {
                Some(r) => rest = r,
                None => break,
            }
        }
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=2).contains(&n) || rest[..n].parse::<u32>().unwrap_or(99) > max {
            return false;
        }
        rest = &rest[n..];
    }
    if let Some(fraction) = rest.strip_prefix('.') {
        rest = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each verdict as MariaDB 10.11 gave it for `CHECK (d <> '…')` on an INT column and a
    /// value 7 inserted (tests/mysql_check_strings.rs runs a part of them on the server).
    #[test]
    fn numbers_as_mariadb_reads_them() {
        for ok in [
            " 5", "5 ", "5", "5.0", "1e3", "1E3", "1e+3", "+5", "-5", ".5", "5.", "+.5", "-.5e-2",
            "00012", "5.5",
        ] {
            assert!(is_number_text(ok), "{ok:?}");
        }
        for refused in [
            "",
            "  ",
            "x",
            "1x",
            "0x10",
            "abc",
            "2024-01-01",
            "1 000",
            "5e",
            ".",
            "-",
            "5.5.5",
            "NaN",
            "inf",
            "1_000",
            "1e400",
            "true",
            "maybe",
        ] {
            assert!(!is_number_text(refused), "{refused:?}");
        }
    }

    /// As MariaDB 10.11 gave them for `CHECK (d <> '…')` on DATE and DATETIME columns.
    #[test]
    fn dates_as_mariadb_reads_them() {
        for ok in [
            "2024-01-01",
            "2024-02-30",
            "20240101",
            "240101",
            "2024-01-01 10:00:00",
            "2024-01-01T10:00:00",
            "2024/01/01",
            "24-1-1",
            "0000-00-00",
            " 2024-01-01",
            "2024-01-01 ",
            "2024-00-01",
            "2024-1-1",
            "2024-01-01 23:59:59",
            "2024-01-01 10:00:00.5",
            "2024-01-01 10",
            "2024-01-01 1:2:3",
            "2024-01-01 10:00:00.123456789",
        ] {
            assert!(may_be_date_text(ok), "{ok:?}");
        }
        for refused in [
            "",
            "x",
            "now",
            "today",
            "1",
            "12",
            "2024",
            "12345",
            "2024-13-01",
            "2024-01-32",
            "2024-01-01 25:00",
            "2024-01-01 24:00",
            "2024-01-01 23:60",
            "2024-01-01 23:59:60",
            "2024-01-01x",
            "2024-01-01 x",
            "2024-01-01t10:00",
            "2024-01-01T25:00",
            "2024-01-01 10:00:00Z",
            "2024-01-01 10:00 AM",
            "2024-01-01 10:00:00+01:00",
            "2024-01-01 10:00:00x",
            "2024-01-01 -",
        ] {
            assert!(!may_be_date_text(refused), "{refused:?}");
        }
    }

    fn verdict(expression: &str, ty: ColumnType) -> Option<String> {
        let expr = sqlparser::parser::Parser::new(&sqlparser::dialect::MySqlDialect {})
            .try_with_sql(expression)
            .unwrap()
            .parse_expr()
            .unwrap();
        let column = move |name: &str| (name == "d").then_some(ty);
        unreadable_string(&expr, &column)
    }

    #[test]
    fn comparisons_anywhere_in_the_check() {
        use ColumnType::*;
        for (expression, ty) in [
            ("d <> ''", Integer),
            ("'' <> d", Integer),
            ("d > '1x'", Integer),
            ("d <> 'x'", Decimal),
            ("d <> 'maybe'", Boolean),
            ("d = 'true'", Boolean),
            ("d <> ''", Timestamp),
            ("d > 'x'", Date),
            ("d IS NULL OR d <> ''", Integer),
            ("NOT (d = 'x')", Real),
            ("d + 1 <> ''", Integer),
            ("d IN ('')", Integer),
            ("d IN (5, '')", Integer),
            ("d BETWEEN '' AND 10", Integer),
            ("CASE WHEN d <> '' THEN 1 ELSE 0 END = 1", Integer),
            ("d <=> ''", Integer),
            ("d <> 'x' COLLATE utf8mb4_bin", Integer),
            ("d <> ''", Bigint),
            ("d IN ('x', 'y')", Integer),
            ("d NOT IN ('a', 'b', 'c')", Bigint),
            ("d IN ('5', 'x')", Decimal),
            ("d IN ('x', 'y')", Date),
            ("d IN ('2024-01-01', 'x')", Timestamp),
        ] {
            assert!(verdict(expression, ty).is_some(), "{expression} ({ty:?})");
        }
        for (expression, ty) in [
            ("d <> '5'", Integer),
            ("d > ' 5'", Integer),
            ("d <> '1e3'", Real),
            ("d IN ('5', '6')", Integer),
            ("d IN ('2024-01-01', '2024-02-01')", Date),
            ("d IN ('x', 'y')", Varchar),
            ("d <> ''", Varchar),
            ("d > '2024-01-01'", Date),
            ("d = '1'", Boolean),
            ("CAST(d AS CHAR) <> ''", Integer),
            ("COALESCE(d, '') <> ''", Integer),
            ("d > 5", Integer),
        ] {
            assert_eq!(verdict(expression, ty), None, "{expression} ({ty:?})");
        }
    }

    #[test]
    fn the_message_says_what_happens_and_what_to_write() {
        let m = verdict("d <> ''", ColumnType::Integer).unwrap();
        assert_eq!(
            m,
            "it compares the INTEGER column 'd' with the string '' (d <> ''), which is no number: MySQL and MariaDB compare the two as numbers, and MariaDB 10.11 (strict mode) then refuses every insert or update that gives the column a value (error 1292: Truncated incorrect DECIMAL value: '') (write a number, such as 0 or '5' in its place; to require a value, make the column NOT NULL)"
        );
        assert_eq!(
            crate::expr::ExprError(m).rewrite().as_deref(),
            Some("write a number, such as 0 or '5' in its place; to require a value, make the column NOT NULL")
        );
        assert!(verdict("d + 1 > 'x'", ColumnType::Integer)
            .unwrap()
            .starts_with("it compares a number with the string 'x' (d + 1 > 'x')"));
        assert!(verdict("d <> ''", ColumnType::Bigint)
            .unwrap()
            .contains("reads the string as a number without a word for a BIGINT column"));
        assert!(verdict("d IN ('a', 'b')", ColumnType::Integer)
            .unwrap()
            .contains("(d IN ('a', 'b')), which is no number: MySQL and MariaDB compare the two as numbers, and MariaDB 10.11 reads each string of a list of strings as a number without a word (the number it starts with, 0 for text that starts with no digit), so the CHECK tests another value than it says"));
        assert!(verdict("d IN ('x', 'y')", ColumnType::Date)
            .unwrap()
            .contains("cannot read as a date: MariaDB 10.11 reads each string of a list of strings as a date without a word (the zero date for one it cannot read)"));
        assert!(verdict("d = 'maybe'", ColumnType::Boolean)
            .unwrap()
            .ends_with("(write TRUE, FALSE, 1 or 0 in its place)"));
        assert!(verdict("d > 'x'", ColumnType::Date)
            .unwrap()
            .contains("the DATE column 'd' with the string 'x' (d > 'x'), which MySQL and MariaDB cannot read as a date: MariaDB 10.11 (strict mode) then refuses every insert or update that gives the column a value (error 1292: Truncated incorrect datetime value: 'x')"));
    }
}
