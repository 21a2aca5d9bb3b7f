//! An expression in one spelling, so that two spellings of the same rule compare equal.

use super::parse_short;
use sqlparser::ast::{visit_expressions_mut, Expr, InTarget, UnaryOperator};
use sqlparser::dialect::Dialect as ParserDialect;
use std::ops::ControlFlow;

/// An expression in one spelling, to compare two: as the parser writes it back (its own spacing
/// and keywords' case, no parentheses around the whole), each `IN` / `NOT IN` list of constants
/// in one order (`status IN ('b', 'a')` is the rule `status IN ('a', 'b')` is: a CHECK whose list
/// was only reordered is not dropped and added again, every row checked anew), or with its
/// spacing collapsed where it does not parse.
pub fn canonical(dialect: &dyn ParserDialect, text: &str) -> String {
    match parse_short(dialect, text) {
        Some(mut e) => {
            let _ = visit_expressions_mut(&mut e, |x| {
                if let Expr::In {
                    target: InTarget::List(list),
                    ..
                } = x
                {
                    if list.iter().all(constant) {
                        list.sort_by_cached_key(|c| c.to_string());
                    }
                }
                ControlFlow::<()>::Continue(())
            });
            unnested(e).to_string()
        }
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Whether `e` is a constant written out: a literal, signed or in parentheses.
fn constant(e: &Expr) -> bool {
    match e {
        Expr::Value(_) => true,
        Expr::Nested(inner) => constant(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => constant(expr),
        _ => false,
    }
}

/// `expr` without the parentheses around it.
pub(super) fn unnested(mut expr: Expr) -> Expr {
    while let Expr::Nested(inner) = expr {
        expr = *inner;
    }
    expr
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};

    /// A list of constants after IN or NOT IN reads the same in any order (a CHECK whose list a
    /// user reordered was dropped and added again); a list with a column in it, another column
    /// or other values do not.
    #[test]
    fn canonical_takes_a_constant_in_list_in_any_order() {
        let dialects: [&dyn ParserDialect; 3] =
            [&PostgreSqlDialect {}, &MySqlDialect {}, &SQLiteDialect {}];
        for d in dialects {
            let same = |a: &str, b: &str| canonical(d, a) == canonical(d, b);
            let s = "status IN ('active', 'suspended', 'closed')";
            assert!(same(s, "status IN ('active','closed','suspended')"));
            assert!(same(
                "n NOT IN (3, -1, 2) AND status IN ('b', 'a')",
                "(n not in (-1, 2, 3) and status in ('a', 'b'))"
            ));
            assert!(!same(s, "status IN ('active', 'closed')"));
            assert!(!same(s, "kind IN ('active', 'suspended', 'closed')"));
            assert!(!same(s, "status NOT IN ('active', 'suspended', 'closed')"));
            assert!(!same("n IN (1, m)", "n IN (m, 1)"));
        }
    }
}
