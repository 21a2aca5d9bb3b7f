//! An integer column's default given as an expression whose value is not an integer the
//! column holds: `(9223372036854775808)` or `9223372036854775807 + 1`, which SQLite keeps as
//! a REAL (9.223372036854776e18) in the INTEGER column, without a word, and
//! `2147483647 + 1` on PostgreSQL's INTEGER, which fails every insert that uses it ("integer
//! out of range"), or on MariaDB's, which refuses the table ("Invalid default value"; a BIGINT's
//! `9223372036854775807 + 1`: "BIGINT value is out of range"). Only an expression made of
//! number literals, `+`, `-`, `*`, signs and parentheses is computed; any other is left to the
//! database. SQLite's value is computed as SQLite computes it ([`Number`], [`arithmetic`]:
//! a REAL past the 64-bit range); PostgreSQL's and MySQL's exactly, in the types each server
//! computes in (`server_arithmetic`): `9223372036854775808 - 1` is a BIGINT's largest value
//! there, and `2147483647 + 1` fails on PostgreSQL even for a BIGINT column (integer
//! arithmetic). `crate::mysql_default_value` computes its `+ - *` with [`arithmetic`], and
//! leaves what is past the 64-bit range to this check.

use crate::spec::DatabaseType;
use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};
mod server_arithmetic;

use server_arithmetic::NotComputed;
use sqlparser::dialect::{
    Dialect as ParserDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};

/// A number as integer arithmetic gives it: a 64-bit integer, or the floating-point number
/// (a REAL) SQLite goes to where the integer would leave that range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// A 64-bit integer.
    Int(i64),
    /// A floating-point number.
    Real(f64),
}

impl Number {
    /// The number as a floating-point number.
    fn real(self) -> f64 {
        match self {
            Number::Int(n) => n as f64,
            Number::Real(r) => r,
        }
    }
}

/// `a op b` for `+`, `-` and `*` (`None` for any other operator), as SQLite computes it: exact
/// between integers, and in floating point when either is a REAL or the exact result is past
/// the 64-bit range (where MySQL and PostgreSQL fail instead: a caller for them takes a
/// [`Number::Real`] from integers as that failure).
pub(crate) fn arithmetic(op: &BinaryOperator, a: Number, b: Number) -> Option<Number> {
    let (x, y) = (a.real(), b.real());
    let real = match op {
        BinaryOperator::Plus => x + y,
        BinaryOperator::Minus => x - y,
        BinaryOperator::Multiply => x * y,
        _ => return None,
    };
    if let (Number::Int(i), Number::Int(j)) = (a, b) {
        let exact = match op {
            BinaryOperator::Plus => i.checked_add(j),
            BinaryOperator::Minus => i.checked_sub(j),
            _ => i.checked_mul(j),
        };
        if let Some(n) = exact {
            return Some(Number::Int(n));
        }
    }
    Some(Number::Real(real))
}

/// `-n`, as SQLite computes it (the negative of the smallest integer is a REAL).
pub(crate) fn negated(n: Number) -> Number {
    match n {
        Number::Int(i) => i
            .checked_neg()
            .map_or(Number::Real(-(i as f64)), Number::Int),
        Number::Real(r) => Number::Real(-r),
    }
}

/// The value of `e` as SQLite computes it, when it is made of number literals, `+`, `-`, `*`,
/// signs and parentheses; `None` otherwise.
fn computed(e: &Expr) -> Option<Number> {
    match e {
        Expr::Nested(inner) => computed(inner),
        Expr::Value(v) => match &v.value {
            Value::Number(text, _) => literal(text),
            _ => None,
        },
        Expr::UnaryOp { op, expr } => match op {
            // SQLite reads `-9223372036854775808` as the smallest integer, not the negative of
            // a REAL, and so `-(9223372036854775808)` (its parentheses group, and are gone).
            UnaryOperator::Minus => match unnested(expr) {
                Expr::Value(v) if matches!(&v.value, Value::Number(t, _) if t == "9223372036854775808") => {
                    Some(Number::Int(i64::MIN))
                }
                inner => computed(inner).map(negated),
            },
            UnaryOperator::Plus => computed(expr),
            _ => None,
        },
        Expr::BinaryOp { left, op, right } => arithmetic(op, computed(left)?, computed(right)?),
        _ => None,
    }
}

/// `e` without the parentheses around it.
fn unnested(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => unnested(inner),
        e => e,
    }
}

/// The number literal `text`: an integer when it is digits within the 64-bit range, else the
/// REAL SQLite reads it as (an integer past that range, a point, an exponent).
fn literal(text: &str) -> Option<Number> {
    match text.parse() {
        Ok(n) if text.bytes().all(|b| b.is_ascii_digit()) => Some(Number::Int(n)),
        _ => text.parse().ok().map(Number::Real),
    }
}

/// `Err((message, suggestion))` when the expression default `e` of an integer column holding
/// `min` … `max` on `db` gives a value that is not such an integer (see the module's words).
pub(crate) fn check(
    e: &str,
    (min, max): (i64, i64),
    db: DatabaseType,
) -> Result<(), (String, String)> {
    // Nothing else is computed. SQLite also reads a literal with a point or an exponent
    // (`1e19`), which it keeps as a REAL; the others' decimals are left to them.
    let sqlite = db == DatabaseType::Sqlite;
    let plain = e.bytes().all(|b| {
        b.is_ascii_digit() || b" +-*()\t\r\n".contains(&b) || (sqlite && b".eE".contains(&b))
    });
    if !plain {
        return Ok(());
    }
    let dialect: &dyn ParserDialect = match db {
        DatabaseType::Sqlite => &SQLiteDialect {},
        DatabaseType::Postgresql => &PostgreSqlDialect {},
        _ => &MySqlDialect {},
    };
    let Some((expr, _)) = crate::expr::parse_whole(dialect, e) else {
        return Ok(());
    };
    let gives = if db == DatabaseType::Sqlite {
        match computed(&expr) {
            Some(Number::Int(v)) if v < min || v > max => v.to_string(),
            // A whole REAL past the 64-bit range: an integer's overflow, or a literal past it.
            Some(Number::Real(v)) if v.fract() == 0.0 && v.abs() >= 9_223_372_036_854_775_808.0 => {
                format!("{v:e}")
            }
            _ => return Ok(()),
        }
    } else {
        match server_arithmetic::value(&expr, db) {
            Ok(v) if v < i128::from(min) || v > i128::from(max) => v.to_string(),
            Err(NotComputed::Overflow(step, ty)) => return Err(overflow(&step, ty, db)),
            _ => return Ok(()),
        }
    };
    let held = if db == DatabaseType::Sqlite {
        "SQLite would keep it as a REAL (a floating-point number, rounded) in the integer column, without a word"
            .to_string()
    } else if db == DatabaseType::Postgresql {
        "PostgreSQL would fail every insert that uses it (out of range)".to_string()
    } else {
        "MySQL and MariaDB refuse it (out of range, or Invalid default value when the table is created)".to_string()
    };
    Err((
        format!(
            "the default expression gives {gives}, which is not an integer the column holds ({min} to {max}): {held}"
        ),
        "give a default within the column's range (or make the column DECIMAL, or TEXT for the digits)".to_string(),
    ))
}

/// The message and suggestion for a default whose step `step` leaves the range of the type
/// `ty` the server `db` (PostgreSQL or MySQL) computes it in.
fn overflow(step: &str, ty: &str, db: DatabaseType) -> (String, String) {
    if db == DatabaseType::Postgresql {
        (
            format!("the default expression's {step} is past the range of {ty}, the type PostgreSQL computes it in (its literals' type): PostgreSQL would fail every insert that uses it ({ty} out of range)"),
            "give a default within the column's range, or cast a literal of that step to a wider type (::bigint, ::numeric)".to_string(),
        )
    } else {
        (
            format!("the default expression's {step} is past the range of {ty}, the type MySQL and MariaDB compute it in (BIGINT UNSIGNED beside a literal past 9223372036854775807): they refuse it ({ty} value is out of range)"),
            "give a default within the column's range, whose steps stay within it too".to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const I64: (i64, i64) = (i64::MIN, i64::MAX);
    const I32: (i64, i64) = (i32::MIN as i64, i32::MAX as i64);

    #[test]
    fn past_the_64_bit_range_is_refused_on_sqlite() {
        for e in [
            "(9223372036854775808)",
            "9223372036854775807 + 1",
            "-9223372036854775808 - 1",
            "1e19",
            "2 * 9223372036854775807",
        ] {
            let (m, _) = check(e, I64, DatabaseType::Sqlite).unwrap_err();
            assert!(m.contains("REAL"), "{e}: {m}");
        }
        for e in [
            "9223372036854775807",
            "-9223372036854775808",
            "(-9223372036854775807 - 1)",
            "abs(-5)",
            "1.5",
            "random()",
            "'abc'",
        ] {
            assert_eq!(check(e, I64, DatabaseType::Sqlite), Ok(()), "{e}");
        }
    }

    #[test]
    fn past_the_range_of_the_type_is_refused_elsewhere() {
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            assert!(check("2147483647 + 1", I32, db).is_err());
            assert!(check("(9223372036854775807 + 1)", I64, db).is_err());
            assert_eq!(check("2147483646 + 1", I32, db), Ok(()));
            // Anything else is left to the database.
            assert_eq!(check("power(2, 40)", I32, db), Ok(()));
            // Exact past the 64-bit range, where SQLite goes to a REAL.
            assert_eq!(check("9223372036854775808 - 1", I64, db), Ok(()));
            assert_eq!(check("-(-9223372036854775808) - 1", I64, db), Ok(()));
            assert!(check("9223372036854775808 - 1", I64, DatabaseType::Sqlite).is_err());
        }
        // PostgreSQL computes integer literals as integer, past which it fails, whatever the
        // column; MariaDB computes them as BIGINT.
        let (message, _) = check("2147483647 + 1", I64, DatabaseType::Postgresql).unwrap_err();
        assert!(message.contains("(integer out of range)"), "{message}");
        assert_eq!(check("2147483647 + 1", I64, DatabaseType::Mysql), Ok(()));
        let (message, _) = check("0 - 9223372036854775808", I64, DatabaseType::Mysql).unwrap_err();
        assert!(
            message.contains("BIGINT UNSIGNED value is out of range"),
            "{message}"
        );
    }
}
