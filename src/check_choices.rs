//! The strings a table's CHECK constraints let a column hold (`status IN ('draft', 'sent')`,
//! `kind = 'a' OR kind = 'b'`), for the string unions of the generated TypeScript types.
//!
//! A CHECK refuses a row only when its expression is false, so a restriction counts only where
//! any other value makes the whole expression false whatever the other columns hold: a
//! top-level `AND` of terms, each term an `IN` list or `=` of string literals on one column, or
//! an `OR` of those on the same column (with `IS NULL` allowed as an arm). Anything else (a list
//! with a NULL in it, `NOT IN`, a cast, an `OR` over two columns) restricts nothing here.

use crate::spec::CheckConstraint;
use sqlparser::ast::{BinaryOperator, Expr, InTarget, Value};
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::parser::Parser;

/// The strings the CHECKs let a non-null value of one column be, in first-seen order.
#[derive(Clone, Debug, PartialEq)]
pub struct Choices {
    /// The column, as the expression spells it.
    pub column: String,
    /// The strings, each once.
    pub strings: Vec<String>,
}

/// The restrictions of every CHECK of a table, one per column (several on one column are
/// intersected). An expression that does not parse with `parser` restricts nothing.
pub fn of_checks(parser: &dyn ParserDialect, checks: &[CheckConstraint]) -> Vec<Choices> {
    let mut out: Vec<Choices> = Vec::new();
    // Only a string literal restricts, so an expression without a quote needs no parse. On
    // MySQL a backslash in a literal is an escape or itself, as the session's sql_mode
    // (NO_BACKSLASH_ESCAPES) says when the table is created: such strings are not known here.
    let mysql = parser.is::<sqlparser::dialect::MySqlDialect>();
    for check in checks
        .iter()
        .filter(|c| c.expression.contains('\'') && !(mysql && c.expression.contains('\\')))
    {
        let Some(expr) = parse(parser, &check.expression) else {
            continue;
        };
        let mut terms = Vec::new();
        conjuncts(&expr, &mut terms);
        for found in terms.into_iter().filter_map(restriction) {
            match out
                .iter_mut()
                .find(|c| c.column.eq_ignore_ascii_case(&found.column))
            {
                Some(known) => known.strings.retain(|s| found.strings.contains(s)),
                None => out.push(found),
            }
        }
    }
    out
}

/// The strings allowed for `column` (ASCII case aside) among `choices`, if any restrict it.
pub fn for_column<'a>(choices: &'a [Choices], column: &str) -> Option<&'a [String]> {
    choices
        .iter()
        .find(|c| c.column.eq_ignore_ascii_case(column))
        .map(|c| c.strings.as_slice())
}

/// Whether the database can store `s` as written in a column that holds at most `max_chars`
/// characters (`None`: no limit). PostgreSQL and MySQL (in strict mode) refuse a longer value,
/// or, when only spaces are beyond the length, cut them: the value stored is then another
/// string, which the CHECK may refuse (PostgreSQL and MySQL 8 count trailing spaces).
pub fn fits(s: &str, max_chars: Option<u32>) -> bool {
    max_chars.is_none_or(|n| s.chars().count() <= n as usize)
}

/// `text` parsed as one expression, or `None` where it does not parse or text follows it.
pub(crate) fn parse(parser: &dyn ParserDialect, text: &str) -> Option<Expr> {
    let tokens = crate::quick_tokens::tokenize(parser, text).ok()?;
    let mut p = Parser::new(parser)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens);
    let expr = p.parse_expr().ok()?;
    // Text after the expression: not one expression, so nothing is concluded from it.
    matches!(p.peek_token().token, sqlparser::tokenizer::Token::EOF).then_some(expr)
}

/// `e` without the parentheses around it.
pub(crate) fn unnested(mut e: &Expr) -> &Expr {
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    e
}

/// The terms of a top-level `AND`.
pub(crate) fn conjuncts<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match unnested(e) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            conjuncts(left, out);
            conjuncts(right, out);
        }
        other => out.push(other),
    }
}

/// What one term lets its column be: `None` when it does not restrict one column to strings.
fn restriction(term: &Expr) -> Option<Choices> {
    let mut arms = Vec::new();
    disjuncts(term, &mut arms);
    let mut column: Option<&str> = None;
    let mut strings: Vec<String> = Vec::new();
    for arm in arms {
        let (name, values) = arm_values(arm)?;
        match column {
            Some(c) if !c.eq_ignore_ascii_case(name) => return None,
            _ => column = Some(name),
        }
        for v in values {
            if !strings.contains(&v) {
                strings.push(v);
            }
        }
    }
    // Only `IS NULL` arms: a column kept NULL, which no string union says.
    let column = column?.to_string();
    (!strings.is_empty()).then_some(Choices { column, strings })
}

/// The arms of an `OR`.
fn disjuncts<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match unnested(e) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Or,
            right,
        } => {
            disjuncts(left, out);
            disjuncts(right, out);
        }
        other => out.push(other),
    }
}

/// One arm: `column IN ('a', …)`, `column = 'a'`, `'a' = column` or `column IS NULL` (no
/// strings); the column and its strings.
fn arm_values(arm: &Expr) -> Option<(&str, Vec<String>)> {
    match arm {
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated: false,
            ..
        } => Some((
            column_name(expr)?,
            list.iter()
                .map(|e| string_literal(e).map(str::to_string))
                .collect::<Option<Vec<_>>>()?,
        )),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => match (column_name(left), column_name(right)) {
            (Some(c), None) => Some((c, vec![string_literal(right)?.to_string()])),
            (None, Some(c)) => Some((c, vec![string_literal(left)?.to_string()])),
            _ => None,
        },
        Expr::IsNull(e) => Some((column_name(e)?, Vec::new())),
        _ => None,
    }
}

/// The column a plain name (or the last part of a qualified one) names.
pub(crate) fn column_name(e: &Expr) -> Option<&str> {
    match unnested(e) {
        Expr::Identifier(id) => Some(&id.value),
        Expr::CompoundIdentifier(parts) => parts.last().map(|id| id.value.as_str()),
        _ => None,
    }
}

/// A plain single-quoted literal (not `E'…'`, not a national or hex string).
pub(crate) fn string_literal(e: &Expr) -> Option<&str> {
    match unnested(e) {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};

    fn checks(expressions: &[&str]) -> Vec<CheckConstraint> {
        expressions
            .iter()
            .enumerate()
            .map(|(i, e)| CheckConstraint {
                name: format!("chk_{i}"),
                expression: e.to_string(),
            })
            .collect()
    }

    fn strings_of(expressions: &[&str], column: &str) -> Option<Vec<String>> {
        let found = of_checks(&PostgreSqlDialect {}, &checks(expressions));
        for_column(&found, column).map(<[String]>::to_vec)
    }

    #[test]
    fn an_in_list_of_strings_restricts_its_column() {
        assert_eq!(
            strings_of(&["status IN ('draft', 'sent', 'it''s')"], "STATUS"),
            Some(vec!["draft".into(), "sent".into(), "it's".into()])
        );
    }

    #[test]
    fn equalities_joined_by_or_and_an_is_null_arm_restrict_too() {
        assert_eq!(
            strings_of(&["(kind = 'a' OR 'b' = kind) OR kind IS NULL"], "kind"),
            Some(vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn terms_of_an_and_and_several_checks_are_intersected() {
        let found = of_checks(
            &SQLiteDialect {},
            &checks(&[
                "status IN ('a', 'b', 'c') AND amount > 0",
                "\"status\" <> 'x' AND status IN ('c', 'b')",
            ]),
        );
        assert_eq!(
            for_column(&found, "status"),
            Some(&["b".to_string(), "c".to_string()][..])
        );
        assert_eq!(for_column(&found, "amount"), None);
    }

    #[test]
    fn what_does_not_settle_the_value_restricts_nothing() {
        for e in [
            "status NOT IN ('a')",
            "status IN ('a', NULL)",
            "status IN ('a') OR other = 'b'",
            "status IN ('a') OR amount > 0",
            "status IN ('a', 1)",
            "CAST(status AS TEXT) IN ('a')",
            "status IS NULL",
            "amount >= 0",
            "status IN (E'a')",
        ] {
            assert_eq!(strings_of(&[e], "status"), None, "{e}");
        }
    }

    #[test]
    fn a_mysql_literal_with_a_backslash_restricts_nothing() {
        let found = of_checks(&MySqlDialect {}, &checks(&["kind IN ('a\\n', 'c')"]));
        assert!(found.is_empty(), "{found:?}");
        let found = of_checks(&PostgreSqlDialect {}, &checks(&["kind IN ('a\\n', 'c')"]));
        assert_eq!(
            for_column(&found, "kind"),
            Some(&["a\\n".to_string(), "c".to_string()][..])
        );
    }

    #[test]
    fn a_string_fits_by_its_characters() {
        assert!(fits("published", None));
        assert!(fits("draft", Some(5)));
        assert!(fits("dräft", Some(5)), "characters, not bytes");
        assert!(!fits("draft ", Some(5)), "stored cut, as another string");
        assert!(!fits("published", Some(5)));
        assert!(!fits("a b c", Some(4)));
    }

    #[test]
    fn an_expression_that_does_not_parse_is_skipped() {
        let found = of_checks(&MySqlDialect {}, &checks(&["status IN ('a'", "x = 'y' )"]));
        assert!(found.is_empty(), "{found:?}");
    }
}
