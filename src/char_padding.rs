//! Whether a CHECK reads the spaces that pad a PostgreSQL CHAR, which its change into VARCHAR
//! or TEXT drops ('a' in a CHAR(3), read as 'a  ', becomes 'a'): only then can the CHECK,
//! checked again against the converted values, give another result (see
//! `rows_refuse_hints::kept_check_converted`).
//!
//! Checked on PostgreSQL 15, each expression over CHAR(3) values 'a', 'ab', 'abc', '' and
//! ' a' against the same over them made VARCHAR (`tests/char_padding_postgres.rs`). Most of
//! PostgreSQL reads a CHAR as text without its padding, and gives the same: `length`,
//! `char_length`, `bit_length`, `upper`, `trim`, `substr`, `||`, `CAST(c AS TEXT)`, … and the
//! comparisons (`=`, `<`, `IN`, `BETWEEN`) with a string that does not end in a space, which a
//! CHAR compares without its trailing spaces. What reads the padding gives another result:
//! `octet_length` (3 then 1), `LIKE` and `ILIKE` (`'a_'`), `~` and `SIMILAR TO`, `concat` and
//! `format` (which print the value padded), `to_json`, a cast to bytea, and a comparison with
//! a string ending in a space (`code = 'ab '` held for 'ab', then not). Anything not known to
//! give the same is taken to read the padding.

use sqlparser::ast::{
    BinaryOperator, DataType, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, InTarget,
    UnaryOperator, Value,
};
use sqlparser::dialect::Dialect as ParserDialect;

/// The functions whose arguments PostgreSQL reads as text, a CHAR's without its padding: the
/// same values give the same result, whichever of CHAR and VARCHAR they come from.
const TEXT_FUNCTIONS: &[&str] = &[
    "length",
    "char_length",
    "character_length",
    "bit_length",
    "upper",
    "lower",
    "btrim",
    "ltrim",
    "rtrim",
    "substr",
    "left",
    "right",
    "strpos",
    "md5",
    "replace",
    "reverse",
    "starts_with",
    "lpad",
    "rpad",
    "split_part",
];

/// Whether the CHECK `expression` may read the spaces that pad the column `column` (a
/// PostgreSQL CHAR made VARCHAR or TEXT): `false` only where each place it reads the column is
/// one known to read it without them; `true` where the expression does not parse.
pub fn check_reads_padding(dialect: &dyn ParserDialect, expression: &str, column: &str) -> bool {
    match crate::expr::parse_short(dialect, expression) {
        Some(e) => !blind(&e, column),
        None => true,
    }
}

/// Whether `e` is the column `column` (in parentheses or not).
fn is_column(e: &Expr, column: &str) -> bool {
    match e {
        Expr::Identifier(i) => crate::expr::names_column(i, column),
        Expr::CompoundIdentifier(parts) => parts
            .last()
            .is_some_and(|i| crate::expr::names_column(i, column)),
        Expr::Nested(inner) => is_column(inner, column),
        _ => false,
    }
}

/// Whether `e` is a string literal that does not end in a space, which a CHAR compares with
/// as VARCHAR and TEXT do (a CHAR compares without its trailing spaces, the literal's too).
fn unpadded_literal(e: &Expr) -> bool {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => !s.ends_with(' '),
            _ => false,
        },
        Expr::Nested(inner) => unpadded_literal(inner),
        _ => false,
    }
}

/// Whether `e` mentions the column `column` anywhere.
fn mentions(e: &Expr, column: &str) -> bool {
    let mut found = false;
    let _ = sqlparser::ast::visit_expressions(e, |x| {
        if is_column(x, column) {
            found = true;
            return std::ops::ControlFlow::Break(());
        }
        std::ops::ControlFlow::Continue(())
    });
    found
}

/// Whether `e`, where it is an argument that PostgreSQL reads as text, gives the same whether
/// the column is a CHAR or the VARCHAR it became: the column itself, or an expression that is
/// [`blind`] to the padding.
fn as_text(e: &Expr, column: &str) -> bool {
    is_column(e, column) || blind(e, column)
}

/// Whether comparing `left` with `right` gives the same whether the column is a CHAR or the
/// VARCHAR it became: the column with a string that does not end in a space, or two
/// expressions [`blind`] to the padding.
fn compared(left: &Expr, right: &Expr, column: &str) -> bool {
    (is_column(left, column) && unpadded_literal(right))
        || (is_column(right, column) && unpadded_literal(left))
        || (blind(left, column) && blind(right, column))
}

/// Whether `e` gives the same value whether the column `column` is a CHAR or the VARCHAR it
/// became (the padding dropped): it does not read the column, or reads it only where its
/// padding is not seen. Conservative: `false` for any form not known to ignore the padding.
fn blind(e: &Expr, column: &str) -> bool {
    use BinaryOperator::*;
    if !mentions(e, column) {
        return true;
    }
    let all = |es: &[&Expr]| es.iter().all(|x| blind(x, column));
    match e {
        Expr::Nested(inner) => blind(inner, column),
        Expr::IsNull(x) | Expr::IsNotNull(x) => as_text(x, column),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => blind(expr, column),
        Expr::IsDistinctFrom(left, right) | Expr::IsNotDistinctFrom(left, right) => {
            compared(left, right, column)
        }
        Expr::BinaryOp { left, op, right } => match op {
            Eq | NotEq | Lt | LtEq | Gt | GtEq => compared(left, right, column),
            // text || text, whichever side the column is on.
            StringConcat => {
                !matches!(**left, Expr::Array(_))
                    && !matches!(**right, Expr::Array(_))
                    && as_text(left, column)
                    && as_text(right, column)
            }
            And | Or => all(&[left, right]),
            _ => all(&[left, right]),
        },
        Expr::In {
            expr,
            target: InTarget::List(list),
            ..
        } => {
            (is_column(expr, column) && list.iter().all(unpadded_literal))
                || (blind(expr, column) && list.iter().all(|x| blind(x, column)))
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            (is_column(expr, column) && unpadded_literal(low) && unpadded_literal(high))
                || all(&[expr, low, high])
        }
        Expr::Cast {
            expr,
            data_type:
                DataType::Text
                | DataType::Varchar(_)
                | DataType::CharacterVarying(_)
                | DataType::CharVarying(_),
            ..
        } => as_text(expr, column),
        Expr::Trim {
            expr,
            trim_what,
            trim_characters,
            ..
        } => {
            as_text(expr, column)
                && trim_what.as_deref().is_none_or(|x| as_text(x, column))
                && (trim_characters.iter().flatten()).all(|x| as_text(x, column))
        }
        Expr::Position { expr, r#in } => as_text(expr, column) && as_text(r#in, column),
        Expr::Substring {
            expr,
            substring_from,
            substring_for,
            ..
        } => {
            as_text(expr, column)
                && substring_from.as_deref().is_none_or(|x| blind(x, column))
                && substring_for.as_deref().is_none_or(|x| blind(x, column))
        }
        Expr::Function(f) if f.name.0.len() == 1 => {
            let Some(name) = f.name.0[0].as_ident().map(|i| i.value.to_ascii_lowercase()) else {
                return false;
            };
            let FunctionArguments::List(list) = &f.args else {
                return false;
            };
            let text_function = TEXT_FUNCTIONS.contains(&name.as_str());
            f.filter.is_none()
                && f.over.is_none()
                && list.clauses.is_empty()
                && list.args.iter().all(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => {
                        if text_function {
                            as_text(x, column)
                        } else {
                            blind(x, column)
                        }
                    }
                    _ => false,
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The forms PostgreSQL 15 gave the same result for over a CHAR and the VARCHAR it became
    /// are not said to read the padding; those it did not, and any other (`= ANY`, `CASE`,
    /// a collation, an `E'…'` string: not known to give the same), are.
    #[test]
    fn only_forms_that_see_the_padding_read_it() {
        let pg = crate::dialect::for_database(crate::spec::DatabaseType::Postgresql).parser();
        for blind in [
            "length(code) = 3",
            "char_length(code) BETWEEN 1 AND 3",
            "CHARACTER_LENGTH(\"code\") > 0",
            "code IN ('USD', 'EUR')",
            "code NOT IN ('a', '')",
            "code = 'ab' OR code <> 'x'",
            "'ab' < code",
            "code BETWEEN 'a' AND 'zz'",
            "code IS NOT NULL AND upper(code) = 'AB'",
            "code || '|' <> 'a |'",
            "length(trim(code)) = length(code)",
            "position('b' IN code) = 0",
            "substring(code FROM 1 FOR 2) = 'ab'",
            "CAST(code AS TEXT) = 'ab '",
            "code::varchar = 'ab '",
            "t.code = 'ab'",
            "code IS DISTINCT FROM 'ab'",
            "NOT (lower(code) = 'ab')",
            "other = 'x '",
            "octet_length(other) = 3",
        ] {
            assert!(!check_reads_padding(pg, blind, "code"), "{blind}");
        }
        for reads in [
            "octet_length(code) = 3",
            "code = 'ab '",
            "code IN ('ab ', 'c')",
            "code < 'ab '",
            "code LIKE 'a_'",
            "code ILIKE 'AB'",
            "code ~ '^[a-z]+$'",
            "code SIMILAR TO 'ab'",
            "concat(code, '|') <> 'a'",
            "format('%s', code) <> 'a'",
            "length(concat(code, 'x')) = 4",
            "code = other",
            "CAST(code AS CHAR(5)) = 'ab'",
            "CASE WHEN length(code) = 3 THEN true ELSE false END",
            "code = ANY(ARRAY['ab'])",
            "code = 'ab' COLLATE \"C\"",
            "code = E'ab'",
            "length(",
        ] {
            assert!(check_reads_padding(pg, reads, "code"), "{reads}");
        }
    }
}
