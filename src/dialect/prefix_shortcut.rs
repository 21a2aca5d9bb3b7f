//! A shortcut through sqlparser's parse of an expression's first token, taken by the PostgreSQL
//! and MySQL parser dialects ([`super::postgres::PostgresParser`],
//! [`super::mysql_parser::MySqlParser`]): sqlparser first tries every prefix as a data type
//! before a string (`DATE '2020-05-20'`, `int4 '1'`), and for a number, a string or a plain
//! name that attempt fails and formats an error message nobody reads before the prefix is
//! parsed for what it is. That was about 5% of a PostgreSQL generation's instructions (the
//! self-check parses every generated statement: index columns, CHECKs, defaults, the foreign
//! keys' catalog queries). Here the three cases whose outcome is certain from the next two
//! tokens are read directly, giving the same tree sqlparser gives; anything else goes the long
//! way. The recursion limit is honoured as sqlparser's data-type attempt honours it: where that
//! attempt would fail on the limit, the long way runs and fails as it did.

use sqlparser::ast::DataType;
use sqlparser::ast::Expr;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;
use std::cell::Cell;

thread_local! {
    /// Set while [`prefix`] asks whether a data type may still be parsed at this depth: the
    /// dialect's data-type hook ([`data_type_probe`]) then answers at once, without reading.
    static PROBING: Cell<bool> = const { Cell::new(false) };
}

/// The dialect's `parse_data_type` hook: `Some(Err(…))` (no token read) while [`prefix`]
/// probes the recursion limit, else `None` (sqlparser's own parse).
pub(super) fn data_type_probe() -> Option<Result<DataType, ParserError>> {
    PROBING
        .with(Cell::get)
        .then(|| Err(ParserError::ParserError(String::new())))
}

/// The dialect's `parse_prefix` hook: the expression's first operand when it is a number, a
/// '…' string, or a name (no key word) followed by a comparison, `)`, `,`, `;`, `::`, AND, OR or
/// the end; `None` for anything else, which sqlparser parses as before.
pub(super) fn prefix(parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
    let value = match &parser.peek_token_ref().token {
        Token::Number(..) | Token::SingleQuotedString(_) => true,
        Token::Word(w) if w.keyword == Keyword::NoKeyword => {
            let next = &parser.peek_nth_token_ref(1).token;
            let ends_operand = match next {
                Token::Eq
                | Token::Neq
                | Token::Lt
                | Token::Gt
                | Token::LtEq
                | Token::GtEq
                | Token::RParen
                | Token::Comma
                | Token::SemiColon
                | Token::DoubleColon
                | Token::EOF => true,
                Token::Word(n) => matches!(n.keyword, Keyword::AND | Keyword::OR),
                _ => false,
            };
            if !ends_operand {
                return None;
            }
            false
        }
        _ => return None,
    };
    // sqlparser's data-type attempt takes a level of recursion first: where none is left, the
    // long way fails on the limit as before.
    PROBING.with(|p| p.set(true));
    let probe = parser.parse_data_type();
    PROBING.with(|p| p.set(false));
    if matches!(probe, Err(ParserError::RecursionLimitExceeded)) {
        return None;
    }
    if value {
        return Some(parser.parse_value().map(Expr::Value));
    }
    parser.advance_token();
    let token = parser.get_current_token();
    match &token.token {
        Token::Word(w) => Some(Ok(Expr::Identifier(w.to_ident(token.span)))),
        _ => unreachable!("the token peeked above is a word"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::postgres::PostgresParser;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    /// The shortcut's trees are sqlparser's: expressions and statements parsed with the
    /// dialect that takes it and with sqlparser's own PostgreSQL dialect give equal trees (spans
    /// included, in their Debug form) and the same errors, and the recursion limit still
    /// stops the parse at the same depth.
    #[test]
    fn same_trees_and_errors_as_sqlparser() {
        let ours = PostgresParser(PostgreSqlDialect {});
        let theirs = PostgreSqlDialect {};
        let texts = [
            "a >= 0",
            "a = 'x' AND b <> 2 OR c < 3.5",
            "(a) > (0)",
            "\"A\" = 1",
            "a::int = 1",
            "'2020-01-01'::date < d",
            "f(a, b) = 1",
            "a",
            "1",
            "'s'",
            "a b",
            "a = ",
            "x.y = 1",
            "xml = 1",
            "a IS NULL",
            "a IN (1, 2)",
            "date '2020-01-01' < d",
            "a AND b",
            "- a >= 0",
            "a[1] = 2",
        ];
        for text in texts {
            let parse = |d: &dyn sqlparser::dialect::Dialect| {
                Parser::new(d)
                    .try_with_sql(text)
                    .and_then(|mut p| p.parse_expr())
                    .map(|e| format!("{e:?}"))
                    .map_err(|e| e.to_string())
            };
            assert_eq!(parse(&ours), parse(&theirs), "{text}");
        }
        let statements = [
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, a INTEGER DEFAULT 0 CHECK (a >= 0), b TEXT DEFAULT 'x')",
            "CREATE INDEX idx_t_a ON t (a, b)",
            "SELECT 1 FROM pg_constraint WHERE conname = 'fk' AND conrelid = 'public.t'::regclass",
            "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) ON DELETE SET NULL",
        ];
        for text in statements {
            let parse = |d: &dyn sqlparser::dialect::Dialect| {
                Parser::parse_sql(d, text)
                    .map(|s| format!("{s:?}"))
                    .map_err(|e| e.to_string())
            };
            assert_eq!(parse(&ours), parse(&theirs), "{text}");
        }
        // Nested to the limit and one past it: the same outcome with either dialect.
        for depth in 1..40 {
            let text = format!("{}a = 1{}", "(".repeat(depth), ")".repeat(depth));
            let parse = |d: &dyn sqlparser::dialect::Dialect| {
                Parser::new(d)
                    .with_recursion_limit(24)
                    .try_with_sql(&text)
                    .and_then(|mut p| p.parse_expr())
                    .map(|e| format!("{e:?}"))
                    .map_err(|e| e.to_string())
            };
            assert_eq!(parse(&ours), parse(&theirs), "{text}");
        }
    }
}
