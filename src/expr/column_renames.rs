//! A column's name rewritten in an expression (a renamed column), touching only the names the
//! parser reads as columns.

use sqlparser::ast::{visit_expressions, Expr};
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;
use std::ops::ControlFlow;

/// `text`, one expression of `dialect`, with each name of a column in it that `replace` answers
/// for written as it answers: only names the parser reads as columns (the last part of a
/// qualified one), never the text of a string literal (`status IN ('status')` renamed keeps
/// the literal) nor a function's name. `None` where the text does not parse as one expression,
/// or a name's place in it cannot be found.
pub fn replace_columns(
    dialect: &dyn ParserDialect,
    text: &str,
    replace: &dyn Fn(&sqlparser::ast::Ident) -> Option<String>,
) -> Option<String> {
    // sqlparser's own tokenizer, which gives each token its place (the fast one does not).
    let tokens = sqlparser::tokenizer::Tokenizer::new(dialect, text)
        .tokenize_with_location()
        .ok()?;
    let mut parser = Parser::new(dialect)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens);
    let expr = parser.parse_expr().ok()?;
    if parser.peek_token().token != Token::EOF {
        return None;
    }
    let mut places: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut placed = true;
    let _ = visit_expressions(&expr, |e| {
        let ident = match e {
            Expr::Identifier(i) => Some(i),
            Expr::CompoundIdentifier(parts) => parts.last(),
            _ => None,
        };
        if let Some((ident, new)) = ident.and_then(|i| Some((i, replace(i)?))) {
            match byte_range(text, ident.span) {
                Some(r) if text[r.clone()] == ident.to_string() => places.push((r, new)),
                _ => placed = false,
            }
        }
        ControlFlow::<()>::Continue(())
    });
    if !placed {
        return None;
    }
    places.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    for (r, new) in places {
        out.replace_range(r, &new);
    }
    Some(out)
}

/// The name `ident` written as `name`, quoted as `ident` is.
pub fn renamed_ident(ident: &sqlparser::ast::Ident, name: &str) -> String {
    let mut renamed = ident.clone();
    renamed.value = name.to_string();
    renamed.to_string()
}

/// Whether the name `ident` is the column `name`: as written where quoted, ASCII case aside
/// otherwise.
pub fn names_column(ident: &sqlparser::ast::Ident, name: &str) -> bool {
    if ident.quote_style.is_some() {
        ident.value == name
    } else {
        ident.value.eq_ignore_ascii_case(name)
    }
}

/// The bytes of `text` a parser's span (lines and columns from 1, columns in characters) covers.
fn byte_range(text: &str, span: sqlparser::tokenizer::Span) -> Option<std::ops::Range<usize>> {
    let offset = |l: sqlparser::tokenizer::Location| -> Option<usize> {
        let line = usize::try_from(l.line).ok()?.checked_sub(1)?;
        let column = usize::try_from(l.column).ok()?.checked_sub(1)?;
        let start = if line == 0 {
            0
        } else {
            text.match_indices('\n').nth(line - 1)?.0 + 1
        };
        let rest = &text[start..];
        Some(
            start
                + rest
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([rest.len()])
                    .nth(column)?,
        )
    };
    let (start, end) = (offset(span.start)?, offset(span.end)?);
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};

    /// A column renamed in an expression is renamed where the parser reads a column only: not
    /// in a string literal, not a function's name; a name after a multi-byte character or on
    /// a later line is found where it is.
    #[test]
    fn replace_columns_touches_only_the_names_of_columns() {
        let to_state =
            |i: &sqlparser::ast::Ident| names_column(i, "status").then(|| "state".to_string());
        for (dialect, text, renamed) in [
            (
                &PostgreSqlDialect {} as &dyn ParserDialect,
                "status IN ('status', 'x')",
                "state IN ('status', 'x')",
            ),
            (
                &MySqlDialect {},
                "STATUS <> 'a status' AND t.status > ''",
                "state <> 'a status' AND t.state > ''",
            ),
            (
                &SQLiteDialect {},
                "status('x') OR 'é' = status",
                "status('x') OR 'é' = state",
            ),
            (
                &PostgreSqlDialect {},
                "length(status) > 0\n  AND\n   'ü' <> \"status\"",
                "length(state) > 0\n  AND\n   'ü' <> state",
            ),
            (
                &PostgreSqlDialect {},
                "\"Status\" = 'status'",
                "\"Status\" = 'status'",
            ),
        ] {
            assert_eq!(
                replace_columns(dialect, text, &to_state).as_deref(),
                Some(renamed),
                "{text}"
            );
        }
        assert_eq!(
            replace_columns(&PostgreSqlDialect {}, "status IN (", &to_state),
            None
        );
    }
}
