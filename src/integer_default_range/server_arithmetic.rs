//! The value of an integer default made of integer literals, `+`, `-`, `*`, signs and
//! parentheses, computed as PostgreSQL 15 and MySQL/MariaDB compute it (MariaDB 10.11 was
//! asked each case of `tests/integer_default_exact_servers.rs`), not as SQLite does:
//!
//! - PostgreSQL types each literal by its value (integer, bigint, numeric past bigint), and
//!   `-` written before a literal, through parentheses, is part of it (`-(2147483648)` is an
//!   integer; `-+2147483648` is not). `+ - *` between integers and bigints are computed in the
//!   wider of the two, and fail past its range ("integer out of range": `2147483647 + 1` even
//!   for a BIGINT column); beside a numeric, exactly (`9223372036854775808 - 1`).
//! - MySQL/MariaDB type a literal BIGINT, BIGINT UNSIGNED past 9223372036854775807, DECIMAL
//!   past 18446744073709551615. `+ - *` are computed in BIGINT UNSIGNED beside an unsigned
//!   (`0 - 9223372036854775808` fails), in BIGINT between two BIGINTs, and exactly beside a
//!   DECIMAL; `-` gives the exact negative, a BIGINT where it fits, else a DECIMAL.
//!
//! Values are exact (`i128`); a numeric or DECIMAL past that is not computed.

use crate::spec::DatabaseType;
use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};

/// The type a server computes a value in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Computed {
    /// PostgreSQL's `integer` (32 bits).
    PgInteger,
    /// PostgreSQL's `bigint`.
    PgBigint,
    /// PostgreSQL's `numeric`: exact.
    PgNumeric,
    /// MySQL's BIGINT.
    MyBigint,
    /// MySQL's BIGINT UNSIGNED.
    MyUnsigned,
    /// MySQL's DECIMAL: exact.
    MyDecimal,
}

impl Computed {
    /// The values the type holds; `None`: any (exact).
    fn range(self) -> Option<(i128, i128)> {
        match self {
            Computed::PgInteger => Some((i32::MIN.into(), i32::MAX.into())),
            Computed::PgBigint | Computed::MyBigint => Some((i64::MIN.into(), i64::MAX.into())),
            Computed::MyUnsigned => Some((0, u64::MAX.into())),
            Computed::PgNumeric | Computed::MyDecimal => None,
        }
    }

    /// The name the server gives the type in its error.
    fn name(self) -> &'static str {
        match self {
            Computed::PgInteger => "integer",
            Computed::PgBigint => "bigint",
            Computed::PgNumeric => "numeric",
            Computed::MyBigint => "BIGINT",
            Computed::MyUnsigned => "BIGINT UNSIGNED",
            Computed::MyDecimal => "DECIMAL",
        }
    }

    /// Where the type comes in the order of widening (of each database's own).
    fn rank(self) -> u8 {
        match self {
            Computed::PgInteger | Computed::MyBigint => 0,
            Computed::PgBigint | Computed::MyUnsigned => 1,
            Computed::PgNumeric | Computed::MyDecimal => 2,
        }
    }
}

/// Why a value is not given.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NotComputed {
    /// The expression is not of the shape computed here, or an exact value is past `i128`.
    Unknown,
    /// The step (as written back) leaves the range of the type (its name, the server's) it is
    /// computed in: the server fails there.
    Overflow(String, &'static str),
}

/// The value of `e` on `db` (PostgreSQL, or MySQL for any other), exactly as the server
/// computes it (see the module's words).
pub(crate) fn value(e: &Expr, db: DatabaseType) -> Result<i128, NotComputed> {
    let computed = if db == DatabaseType::Postgresql {
        postgres(e)
    } else {
        mysql(e)
    };
    computed.map(|(v, _)| v)
}

/// `e` without the parentheses around it.
fn unnested(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => unnested(inner),
        e => e,
    }
}

/// The integer literal `e` (digits only), exactly.
fn literal(e: &Expr) -> Option<i128> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(t, _) if t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// The value of PostgreSQL's constant `e`: a literal, or `-` before one (through parentheses).
fn postgres_constant(e: &Expr) -> Option<i128> {
    match unnested(e) {
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => postgres_constant(expr)?.checked_neg(),
        e => literal(e),
    }
}

/// `v` of type `t`, or the overflow at `step` where it leaves `t`'s range.
fn within(v: i128, t: Computed, step: &Expr) -> Result<(i128, Computed), NotComputed> {
    match t.range() {
        Some((min, max)) if v < min || v > max => Err(NotComputed::Overflow(
            crate::report::clip(&step.to_string()),
            t.name(),
        )),
        _ => Ok((v, t)),
    }
}

/// `a op b` exactly, for `+ - *`.
fn exact(op: &BinaryOperator, a: i128, b: i128) -> Result<i128, NotComputed> {
    match op {
        BinaryOperator::Plus => a.checked_add(b),
        BinaryOperator::Minus => a.checked_sub(b),
        BinaryOperator::Multiply => a.checked_mul(b),
        _ => None,
    }
    .ok_or(NotComputed::Unknown)
}

/// The value of `e` and its type, as PostgreSQL computes it.
fn postgres(e: &Expr) -> Result<(i128, Computed), NotComputed> {
    if let Some(v) = postgres_constant(e) {
        let t = if i32::try_from(v).is_ok() {
            Computed::PgInteger
        } else if i64::try_from(v).is_ok() {
            Computed::PgBigint
        } else {
            Computed::PgNumeric
        };
        return Ok((v, t));
    }
    match e {
        Expr::Nested(inner) => postgres(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => postgres(expr),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => {
            let (v, t) = postgres(expr)?;
            within(v.checked_neg().ok_or(NotComputed::Unknown)?, t, e)
        }
        Expr::BinaryOp { left, op, right } => {
            let ((a, l), (b, r)) = (postgres(left)?, postgres(right)?);
            let t = if l.rank() >= r.rank() { l } else { r };
            within(exact(op, a, b)?, t, e)
        }
        _ => Err(NotComputed::Unknown),
    }
}

/// The value of `e` and its type, as MySQL/MariaDB compute it.
fn mysql(e: &Expr) -> Result<(i128, Computed), NotComputed> {
    let fitting = |v: i128| {
        if i64::try_from(v).is_ok() {
            Computed::MyBigint
        } else {
            Computed::MyDecimal
        }
    };
    match e {
        Expr::Nested(inner) => mysql(inner),
        Expr::Value(_) => {
            let v = literal(e).ok_or(NotComputed::Unknown)?;
            let t = match u64::try_from(v) {
                Ok(_) if i64::try_from(v).is_err() => Computed::MyUnsigned,
                _ => fitting(v),
            };
            Ok((v, t))
        }
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => mysql(expr),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => {
            let (v, t) = mysql(expr)?;
            let v = v.checked_neg().ok_or(NotComputed::Unknown)?;
            Ok((
                v,
                if t == Computed::MyDecimal {
                    t
                } else {
                    fitting(v)
                },
            ))
        }
        Expr::BinaryOp { left, op, right } => {
            let ((a, l), (b, r)) = (mysql(left)?, mysql(right)?);
            let t = if l.rank() >= r.rank() { l } else { r };
            within(exact(op, a, b)?, t, e)
        }
        _ => Err(NotComputed::Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};

    fn on(db: DatabaseType, e: &str) -> Result<i128, NotComputed> {
        let (expr, _) = match db {
            DatabaseType::Postgresql => crate::expr::parse_whole(&PostgreSqlDialect {}, e),
            _ => crate::expr::parse_whole(&MySqlDialect {}, e),
        }
        .unwrap();
        value(&expr, db)
    }

    fn overflow(step: &str, ty: &'static str) -> Result<i128, NotComputed> {
        Err(NotComputed::Overflow(step.to_string(), ty))
    }

    /// Each as `pg_typeof` and the result show it on PostgreSQL 15.
    #[test]
    fn postgresql_computes_in_its_literals_types() {
        let pg = DatabaseType::Postgresql;
        assert_eq!(on(pg, "9223372036854775808 - 1"), Ok(i64::MAX.into()));
        assert_eq!(on(pg, "-(9223372036854775808)"), Ok(i64::MIN.into()));
        assert_eq!(on(pg, "-(-2147483648)"), Ok(2_147_483_648));
        assert_eq!(on(pg, "- +2147483648"), Ok(-2_147_483_648));
        assert_eq!(on(pg, "-2147483647 - 1"), Ok(i32::MIN.into()));
        assert_eq!(
            on(pg, "2147483647 + 1"),
            overflow("2147483647 + 1", "integer")
        );
        assert_eq!(
            on(pg, "-2147483648 * -1"),
            overflow("-2147483648 * -1", "integer")
        );
        assert_eq!(
            on(pg, "-(2147483647 + 1)"),
            overflow("2147483647 + 1", "integer")
        );
        assert_eq!(
            on(pg, "9223372036854775807 + 1 - 1"),
            overflow("9223372036854775807 + 1", "bigint")
        );
        assert_eq!(on(pg, "99999999999999999999 - 99999999999999999999"), Ok(0));
        assert_eq!(on(pg, "2147483647 + abs(1)"), Err(NotComputed::Unknown));
    }

    /// Each as MariaDB 10.11 gives it.
    #[test]
    fn mysql_computes_in_bigint_unsigned_or_decimal() {
        let my = DatabaseType::Mysql;
        assert_eq!(on(my, "9223372036854775808 - 1"), Ok(i64::MAX.into()));
        assert_eq!(on(my, "2147483647 + 1"), Ok(2_147_483_648));
        assert_eq!(
            on(my, "0 - 9223372036854775808"),
            overflow("0 - 9223372036854775808", "BIGINT UNSIGNED")
        );
        assert_eq!(
            on(my, "-9223372036854775808 - 1"),
            overflow("-9223372036854775808 - 1", "BIGINT")
        );
        assert_eq!(on(my, "-(-9223372036854775808) - 1"), Ok(i64::MAX.into()));
        assert_eq!(on(my, "18446744073709551616 - 18446744073709551615"), Ok(1));
        assert_eq!(on(my, "9223372036854775808 + -1"), Ok(i64::MAX.into()));
    }
}
