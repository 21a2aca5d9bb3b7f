//! MySQL's and MariaDB's CHECKs that compare a text column with its own upper or lower case, or
//! with itself trimmed (`sku = upper(sku)`, `sku = trim(sku)`): the tables' default collations
//! compare text without case (utf8mb4_general_ci on MariaDB 10.11, utf8mb4_0900_ai_ci on
//! MySQL 8), and MariaDB's without trailing spaces (PAD SPACE), so such a CHECK takes 'lower' and
//! 'trail  ' there, where SQLite and PostgreSQL refuse them. Seen on MariaDB 10.11: `sku =
//! upper(sku)`, `sku = lower(sku)` and `sku = rtrim(sku)` take every value; `sku = trim(sku)`
//! refuses ' lead' only. What to write instead, checked there too: `sku = UPPER(sku) COLLATE
//! utf8mb4_bin` refuses 'lower', `CHAR_LENGTH(sku) = CHAR_LENGTH(TRIM(sku))` refuses 'trail  '
//! and ' lead' (both MySQL 8.0 syntax; the utf8mb4_bin collation and CHAR_LENGTH are in both).

use crate::spec::ColumnType;
use sqlparser::ast::{BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments};

/// What a comparison of a column with itself changed tests, and what the collation does to it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Change {
    /// upper(), lower(), ucase(), lcase().
    Case,
    /// trim(), rtrim() (and TRIM(TRAILING …)): trailing spaces.
    Trailing,
    /// trim() (and TRIM(BOTH …)): leading and trailing spaces.
    Both,
}

/// A warning's message and suggestion for the first comparison in the CHECK `e` that MySQL's
/// and MariaDB's default collations make test nothing, or less than it says: a text column
/// (per `column`) `=` the same column through upper/lower/trim/rtrim, either way round, and
/// neither side with a COLLATE of its own.
pub fn collation_no_op(
    e: &Expr,
    column: &crate::condition::ColumnTypes,
) -> Option<(String, String)> {
    let mut found = None;
    let _ = sqlparser::ast::visit_expressions(e, |x| {
        if let Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } = x
        {
            let hit =
                same_changed(left, right, column).or_else(|| same_changed(right, left, column));
            if let Some((name, changes)) = hit {
                found = Some(said(x, &name, &changes));
                return std::ops::ControlFlow::Break(());
            }
        }
        std::ops::ControlFlow::Continue(())
    });
    found
}

/// When `plain` is a text column and `changed` that column through case and trim functions
/// only: the column's name and the changes.
fn same_changed(
    plain: &Expr,
    changed: &Expr,
    column: &crate::condition::ColumnTypes,
) -> Option<(String, Vec<Change>)> {
    let name = column_name(plain)?;
    let is_text = matches!(
        column(&name)?,
        ColumnType::Varchar | ColumnType::Char | ColumnType::Text | ColumnType::Uuid
    );
    if !is_text {
        return None;
    }
    let mut changes = Vec::new();
    let mut e = unnested(changed);
    loop {
        match e {
            Expr::Function(f) if f.name.0.len() == 1 => {
                let fname = f.name.0[0].as_ident()?.value.to_ascii_lowercase();
                let change = match fname.as_str() {
                    "upper" | "lower" | "ucase" | "lcase" => Change::Case,
                    "rtrim" => Change::Trailing,
                    // ltrim() is compared with its leading spaces, which count.
                    _ => return None,
                };
                e = unnested(only_argument(f)?);
                changes.push(change);
            }
            Expr::Trim {
                expr,
                trim_where,
                trim_what,
                trim_characters,
            } => {
                // TRIM(x FROM y) or TRIM(LEADING …): left to the server.
                if trim_what.is_some() || trim_characters.is_some() {
                    return None;
                }
                use sqlparser::ast::TrimWhereField::*;
                let change = match trim_where {
                    None | Some(Both) => Change::Both,
                    Some(Trailing) => Change::Trailing,
                    Some(Leading) => return None,
                };
                e = unnested(expr);
                changes.push(change);
            }
            _ => break,
        }
    }
    (!changes.is_empty() && column_name(e).as_deref() == Some(name.as_str()))
        .then_some((name, changes))
}

/// The message and the suggestion for `whole`, comparing the column `name` with itself
/// through `changes`.
fn said(whole: &Expr, name: &str, changes: &[Change]) -> (String, String) {
    let case = changes.contains(&Change::Case);
    let both = changes.contains(&Change::Both);
    let trailing = both || changes.contains(&Change::Trailing);
    let mut lets = Vec::new();
    if case {
        lets.push("any case ('lower' passes an upper-case test) on MySQL and MariaDB, whose default collations (utf8mb4_0900_ai_ci, utf8mb4_general_ci) compare text without case");
    }
    if trailing {
        lets.push("trailing spaces ('trail  ' passes) on MariaDB, whose default collation utf8mb4_general_ci ignores them (MySQL 8's counts them)");
    }
    let leading = if both && !case {
        "; it still refuses leading spaces"
    } else {
        ""
    };
    let message = format!(
        "the CHECK compares {name} with itself changed ({whole}), and lets through {}{leading}: SQLite and PostgreSQL refuse what it lets through",
        lets.join(", and ")
    );
    let mut writes = Vec::new();
    let mut why = Vec::new();
    if case {
        // The case functions as written, around the column only, then a binary collation.
        let f = changes_case_name(whole);
        let inner = changes
            .iter()
            .filter(|c| **c == Change::Case)
            .fold(name.to_string(), |inner, _| format!("{f}({inner})"));
        writes.push(format!("{name} = {inner} COLLATE utf8mb4_bin"));
        why.push("the binary collation compares case");
    }
    if trailing {
        let f = if both { "TRIM" } else { "RTRIM" };
        writes.push(format!("CHAR_LENGTH({name}) = CHAR_LENGTH({f}({name}))"));
        why.push("CHAR_LENGTH counts the spaces");
    }
    let suggestion = format!("write {} ({})", writes.join(" AND "), why.join("; "));
    (message, suggestion)
}

/// UPPER or LOWER, as the comparison `whole` changes case (the first case function in it).
fn changes_case_name(whole: &Expr) -> &'static str {
    let mut upper = true;
    let _ = sqlparser::ast::visit_expressions(whole, |x| {
        if let Expr::Function(f) = x {
            if let Some(name) = f.name.0.last().and_then(|p| p.as_ident()) {
                match name.value.to_ascii_lowercase().as_str() {
                    "lower" | "lcase" => {
                        upper = false;
                        return std::ops::ControlFlow::Break(());
                    }
                    "upper" | "ucase" => return std::ops::ControlFlow::Break(()),
                    _ => {}
                }
            }
        }
        std::ops::ControlFlow::Continue(())
    });
    if upper {
        "UPPER"
    } else {
        "LOWER"
    }
}

/// The one plain argument of `f`.
fn only_argument(f: &sqlparser::ast::Function) -> Option<&Expr> {
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    match &list.args[..] {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(e))] => Some(e),
        _ => None,
    }
}

/// `e` without the parentheses around it.
fn unnested(mut e: &Expr) -> &Expr {
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    e
}

/// The column `e` names, lowercase (a COLLATE around it is no plain column).
fn column_name(e: &Expr) -> Option<String> {
    match unnested(e) {
        Expr::Identifier(i) => Some(i.value.to_ascii_lowercase()),
        Expr::CompoundIdentifier(parts) => Some(parts.last()?.value.to_ascii_lowercase()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(expression: &str) -> Option<(String, String)> {
        let expr = sqlparser::parser::Parser::new(&sqlparser::dialect::MySqlDialect {})
            .try_with_sql(expression)
            .unwrap()
            .parse_expr()
            .unwrap();
        let column = |name: &str| match name {
            "sku" => Some(ColumnType::Varchar),
            "n" => Some(ColumnType::Integer),
            _ => None,
        };
        collation_no_op(&expr, &column)
    }

    #[test]
    fn case_and_trailing_spaces_are_said_with_what_to_write() {
        let (m, s) = verdict("sku = upper(sku)").unwrap();
        assert_eq!(
            m,
            "the CHECK compares sku with itself changed (sku = upper(sku)), and lets through any case ('lower' passes an upper-case test) on MySQL and MariaDB, whose default collations (utf8mb4_0900_ai_ci, utf8mb4_general_ci) compare text without case: SQLite and PostgreSQL refuse what it lets through"
        );
        assert_eq!(
            s,
            "write sku = UPPER(sku) COLLATE utf8mb4_bin (the binary collation compares case)"
        );
        let (m, s) = verdict("trim(sku) = sku").unwrap();
        assert!(
            m.contains("trailing spaces ('trail  ' passes) on MariaDB"),
            "{m}"
        );
        assert!(m.contains("it still refuses leading spaces"), "{m}");
        assert!(
            s.starts_with("write CHAR_LENGTH(sku) = CHAR_LENGTH(TRIM(sku)) "),
            "{s}"
        );
        let (_, s) = verdict("sku = rtrim(sku)").unwrap();
        assert!(
            s.starts_with("write CHAR_LENGTH(sku) = CHAR_LENGTH(RTRIM(sku)) "),
            "{s}"
        );
        let (m, s) = verdict("n > 0 AND (sku = LOWER(TRIM(sku)))").unwrap();
        assert!(
            m.contains("any case") && m.contains("trailing spaces"),
            "{m}"
        );
        assert!(
            s.starts_with("write sku = LOWER(sku) COLLATE utf8mb4_bin AND CHAR_LENGTH(sku) = CHAR_LENGTH(TRIM(sku)) "),
            "{s}"
        );
        assert!(verdict("sku = ucase(sku)").is_some());
    }

    #[test]
    fn what_the_collation_leaves_enforced_is_not_said() {
        for expression in [
            "sku = upper(sku) COLLATE utf8mb4_bin",
            "sku COLLATE utf8mb4_bin = upper(sku)",
            "CHAR_LENGTH(sku) = CHAR_LENGTH(TRIM(sku))",
            "sku = ltrim(sku)",
            "sku = TRIM('x' FROM sku)",
            "sku <> upper(sku)",
            "n = abs(n)",
            "sku = upper(other)",
            "sku = concat(upper(sku), '')",
        ] {
            assert_eq!(verdict(expression), None, "{expression}");
        }
    }
}
