//! Whether a CHECK refuses a number, evaluated here: a column's number default that its own
//! CHECK refuses (`qty` with `CHECK (qty > 0)` and default 0) makes every insert that leaves the
//! column out fail, and an ADD COLUMN with it fail on rows, which a user trial saw validate.
//!
//! Only what every engine evaluates alike is decided: comparisons (`=`, `<>`, `<`, `<=`, `>`,
//! `>=`), `BETWEEN`, `IN` lists, `IS [NOT] NULL`, `AND`, `OR`, `NOT` over the column and number
//! literals, and `+`, `-`, `*` of exact numbers (not of a REAL column's, which the engines
//! compute in binary). Anything else (another column, a function, a string, a division) is
//! unknown, and a CHECK refuses only what is false whatever the unknown parts are (`qty > 0
//! AND price > 0` refuses qty 0, whatever the price).

use crate::spec::{CheckConstraint, Column, ColumnType, DefaultValue};
use sqlparser::ast::{BinaryOperator, Expr, InTarget, UnaryOperator, Value};
use sqlparser::dialect::Dialect as ParserDialect;

/// An exact decimal: `mantissa / 10^scale`.
#[derive(Clone, Copy, Debug)]
struct Dec {
    mantissa: i128,
    scale: u32,
}

impl Dec {
    /// Plain digits with an optional sign and point (`-1.50`); no exponent.
    fn parse(text: &str) -> Option<Dec> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && fraction.is_empty()
            || !(whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit())
            || whole.len() + fraction.len() > 30
        {
            return None;
        }
        let mantissa: i128 = format!("{whole}{fraction}").parse().ok()?;
        Some(Dec {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: fraction.len() as u32,
        })
    }

    fn rescaled(self, scale: u32) -> Option<i128> {
        self.mantissa
            .checked_mul(10i128.checked_pow(scale.checked_sub(self.scale)?)?)
    }

    /// Both at the larger scale.
    fn aligned(self, other: Dec) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        Some((self.rescaled(scale)?, other.rescaled(scale)?, scale))
    }
}

/// A value of the expression: a number, NULL, a truth value, or unknown (`None` at the call).
#[derive(Clone, Copy, Debug)]
enum V {
    Num(Dec),
    Null,
    Bool(bool),
}

struct Eval<'a> {
    column: &'a str,
    value: Dec,
    /// Whether `+`, `-`, `*` are exact (not a REAL column's binary arithmetic).
    exact: bool,
}

impl Eval<'_> {
    fn eval(&self, e: &Expr) -> Option<V> {
        match e {
            Expr::Nested(inner) => self.eval(inner),
            Expr::Identifier(id) if id.value.eq_ignore_ascii_case(self.column) => {
                Some(V::Num(self.value))
            }
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => Dec::parse(n).map(V::Num),
                Value::Null => Some(V::Null),
                Value::Boolean(b) => Some(V::Bool(*b)),
                _ => None,
            },
            Expr::UnaryOp { op, expr } => match (op, self.eval(expr)?) {
                (UnaryOperator::Minus, V::Num(d)) => Some(V::Num(Dec {
                    mantissa: d.mantissa.checked_neg()?,
                    scale: d.scale,
                })),
                (UnaryOperator::Plus, V::Num(d)) => Some(V::Num(d)),
                (UnaryOperator::Not, V::Bool(b)) => Some(V::Bool(!b)),
                (UnaryOperator::Minus | UnaryOperator::Plus | UnaryOperator::Not, V::Null) => {
                    Some(V::Null)
                }
                _ => None,
            },
            Expr::IsNull(inner) => Some(V::Bool(matches!(self.eval(inner)?, V::Null))),
            Expr::IsNotNull(inner) => Some(V::Bool(!matches!(self.eval(inner)?, V::Null))),
            Expr::BinaryOp { left, op, right } => self.binary(left, op, right),
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let x = self.eval(expr);
                let low = compare(x, self.eval(low), &BinaryOperator::GtEq);
                let high = compare(x, self.eval(high), &BinaryOperator::LtEq);
                let both = and(low, high)?;
                Some(if *negated { not(both)? } else { both })
            }
            Expr::In {
                expr,
                target: InTarget::List(list),
                negated,
                ..
            } => {
                // x IN (a, b) is x = a OR x = b.
                let x = self.eval(expr);
                let mut any = Some(V::Bool(false));
                for item in list {
                    any = or(any, compare(x, self.eval(item), &BinaryOperator::Eq));
                }
                let any = any?;
                Some(if *negated { not(any)? } else { any })
            }
            _ => None,
        }
    }

    fn binary(&self, left: &Expr, op: &BinaryOperator, right: &Expr) -> Option<V> {
        use BinaryOperator::*;
        match op {
            And => and(self.eval(left), self.eval(right)),
            Or => or(self.eval(left), self.eval(right)),
            Eq | NotEq | Lt | LtEq | Gt | GtEq => compare(self.eval(left), self.eval(right), op),
            Plus | Minus | Multiply if self.exact => match (self.eval(left)?, self.eval(right)?) {
                (V::Num(a), V::Num(b)) => {
                    let d = match op {
                        Multiply => Dec {
                            mantissa: a.mantissa.checked_mul(b.mantissa)?,
                            scale: a.scale + b.scale,
                        },
                        _ => {
                            let (x, y, scale) = a.aligned(b)?;
                            let mantissa = if *op == Plus {
                                x.checked_add(y)?
                            } else {
                                x.checked_sub(y)?
                            };
                            Dec { mantissa, scale }
                        }
                    };
                    (d.scale <= 38).then_some(V::Num(d))
                }
                (V::Null, V::Num(_) | V::Null) | (V::Num(_), V::Null) => Some(V::Null),
                _ => None,
            },
            _ => None,
        }
    }
}

/// SQL's AND over three values and unknown: false wins over anything.
fn and(a: Option<V>, b: Option<V>) -> Option<V> {
    match (a, b) {
        (Some(V::Bool(false)), _) | (_, Some(V::Bool(false))) => Some(V::Bool(false)),
        (Some(V::Bool(true)), Some(x)) | (Some(x), Some(V::Bool(true))) => match x {
            V::Bool(_) | V::Null => Some(x),
            V::Num(_) => None,
        },
        (Some(V::Null), Some(V::Null)) => Some(V::Null),
        _ => None,
    }
}

/// SQL's OR over three values and unknown: true wins over anything.
fn or(a: Option<V>, b: Option<V>) -> Option<V> {
    match (a, b) {
        (Some(V::Bool(true)), _) | (_, Some(V::Bool(true))) => Some(V::Bool(true)),
        (Some(V::Bool(false)), Some(x)) | (Some(x), Some(V::Bool(false))) => match x {
            V::Bool(_) | V::Null => Some(x),
            V::Num(_) => None,
        },
        (Some(V::Null), Some(V::Null)) => Some(V::Null),
        _ => None,
    }
}

fn not(v: V) -> Option<V> {
    match v {
        V::Bool(b) => Some(V::Bool(!b)),
        V::Null => Some(V::Null),
        V::Num(_) => None,
    }
}

/// A comparison of two numbers (NULL with anything is NULL).
fn compare(a: Option<V>, b: Option<V>, op: &BinaryOperator) -> Option<V> {
    use std::cmp::Ordering::*;
    let (a, b) = match (a?, b?) {
        (V::Null, _) | (_, V::Null) => return Some(V::Null),
        (V::Num(a), V::Num(b)) => (a, b),
        _ => return None,
    };
    let (x, y, _) = a.aligned(b)?;
    let order = x.cmp(&y);
    Some(V::Bool(match op {
        BinaryOperator::Eq => order == Equal,
        BinaryOperator::NotEq => order != Equal,
        BinaryOperator::Lt => order == Less,
        BinaryOperator::LtEq => order != Greater,
        BinaryOperator::Gt => order == Greater,
        BinaryOperator::GtEq => order != Less,
        _ => return None,
    }))
}

/// The first of `checks` that is false for a row whose column `c` holds its number default,
/// whatever the row's other columns hold (see the module's notes): `None` when every CHECK
/// takes it or cannot be decided here. A DECIMAL default with more decimals than the column
/// keeps is not judged (the database stores it rounded).
pub fn check_refusing_default<'c>(
    parser: &dyn ParserDialect,
    c: &Column,
    checks: &'c [CheckConstraint],
) -> Option<&'c CheckConstraint> {
    let Some(DefaultValue::Number(n)) = &c.default else {
        return None;
    };
    if !(c.ty.is_integer()
        || matches!(
            c.ty,
            ColumnType::Numeric | ColumnType::Decimal | ColumnType::Real
        ))
    {
        return None;
    }
    let value = Dec::parse(n)?;
    if matches!(c.ty, ColumnType::Numeric | ColumnType::Decimal)
        && c.scale.is_some_and(|s| value.scale > s)
    {
        return None;
    }
    let eval = Eval {
        column: &c.name,
        value,
        exact: c.ty != ColumnType::Real,
    };
    checks.iter().find(|check| {
        crate::check_choices::parse(parser, &check.expression)
            .and_then(|e| eval.eval(&e))
            .is_some_and(|v| matches!(v, V::Bool(false)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};

    fn refused(ty: ColumnType, scale: Option<u32>, default: &str, expression: &str) -> bool {
        let mut column = Column::new("qty", ty, false);
        column.scale = scale;
        column.precision = scale.map(|s| s + 6);
        column.default = Some(DefaultValue::Number(default.into()));
        let checks = [CheckConstraint {
            name: "chk".into(),
            expression: expression.into(),
        }];
        let answers: Vec<bool> = [
            &PostgreSqlDialect {} as &dyn ParserDialect,
            &MySqlDialect {},
            &SQLiteDialect {},
        ]
        .into_iter()
        .map(|p| check_refusing_default(p, &column, &checks).is_some())
        .collect();
        assert!(
            answers.iter().all(|a| *a == answers[0]),
            "{expression}: {answers:?}"
        );
        answers[0]
    }

    #[test]
    fn a_number_default_its_check_refuses_is_found() {
        use ColumnType::*;
        for (default, expression) in [
            ("0", "qty > 0"),
            ("0", "(qty > 0)"),
            ("0", "qty > 0 AND price > 0"),
            ("0", "QTY >= 1"),
            ("-1", "qty BETWEEN 0 AND 10"),
            ("5", "qty NOT BETWEEN 0 AND 10"),
            ("3", "qty IN (1, 2)"),
            ("1", "qty NOT IN (1, 2)"),
            ("0", "NOT (qty = 0)"),
            ("2", "qty * 2 < 4"),
            ("0", "qty IS NULL"),
            ("0", "qty <> 0 OR 1 = 2"),
            ("10", "qty + 1 <= 10"),
        ] {
            assert!(
                refused(Integer, None, default, expression),
                "{default}: {expression}"
            );
        }
        for (default, expression) in [
            ("1", "qty > 0"),
            // Another column, a function, a division: not decided here.
            ("0", "qty > 0 OR price > 0"),
            ("0", "abs(qty) > 0"),
            ("0", "qty / 2 > 1"),
            ("0", "qty > '0'"),
            ("0", "qty IN (1, NULL)"),
            ("0", "qty > 0 OR qty IS NULL OR 1 = 1"),
            ("1", "qty BETWEEN 0 AND 10"),
            ("0", "qty IS NOT NULL"),
        ] {
            assert!(
                !refused(Integer, None, default, expression),
                "{default}: {expression}"
            );
        }
        // Exact decimals; a REAL's arithmetic is binary (0.1 * 3 > 0.3 there), so not judged.
        assert!(refused(Decimal, Some(2), "0.1", "qty * 3 > 0.3"));
        assert!(!refused(Real, None, "0.1", "qty * 3 > 0.3"));
        assert!(refused(Real, None, "0.1", "qty > 0.1"));
        // Stored rounded to the column's scale: not judged.
        assert!(!refused(Decimal, Some(2), "0.005", "qty >= 0.01"));
    }
}
