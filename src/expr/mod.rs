//! Checks a user's SQL expression (CHECK constraint, `{ expression }` default, partial-index
//! predicate) with the dialect's parser: exactly one expression, no statement separator, no comment,
//! no subquery. Returns the column names it refers to, so callers can check they exist.
//!
//! By concern: `check` holds the entry points ([`check_expression`] and its kin, [`ExprError`],
//! [`References`], [`Changing`]) and the walk of the parsed expression; before parsing,
//! `text_screen` reads the text and `token_screen` its tokens; while walking, `foreign_syntax`
//! refuses another database's SQL, `volatile` the calls whose result changes, `postgres_stable`
//! PostgreSQL's STABLE casts and `sqlite_clock` SQLite's readings of the clock; where PostgreSQL's
//! expression does not parse, `split_operator` says why when it is an operator such as `-+`,
//! which PostgreSQL splits and sqlparser does not. Readings other
//! modules ask for: `literals` (what a default is as a whole), `canonical` (one spelling, to
//! compare two), `column_renames` (a column's name rewritten) and `changes_with_time`. This
//! module keeps the parses they and other modules share ([`parse_short`], [`parse_whole`]).

use sqlparser::ast::Expr;
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

mod canonical;
mod changes_with_time;
mod check;
mod column_renames;
mod foreign_syntax;
mod literals;
mod postgres_stable;
mod split_operator;
mod sqlite_clock;
mod text_screen;
mod token_screen;
mod volatile;

pub use canonical::canonical;
pub use changes_with_time::{changes_with_time, text_changes_with_time};
pub use check::{
    check_condition, check_expression, check_expression_references, check_expression_with,
    Changing, ExprError, References,
};
pub use column_renames::{names_column, renamed_ident, replace_columns};
pub use literals::{as_one_call, as_string_literal, is_null_literal, is_one_literal};

/// `text` parsed as one expression (nesting kept), or `None` where it does not parse.
pub(crate) fn parse_short(dialect: &dyn ParserDialect, text: &str) -> Option<Expr> {
    let tokens = crate::quick_tokens::tokenize(dialect, text).ok()?;
    Parser::new(dialect)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens)
        .parse_expr()
        .ok()
}

/// `text` parsed as exactly one expression of `dialect` (nesting kept), with the tokens it was
/// read from (spaces and comments among them); `None` where it does not parse or anything but
/// spaces and comments follows the expression.
pub(crate) fn parse_whole(dialect: &dyn ParserDialect, text: &str) -> Option<(Expr, Vec<Token>)> {
    let tokens = crate::quick_tokens::tokenize(dialect, text).ok()?;
    let read: Vec<Token> = tokens.iter().map(|t| t.token.clone()).collect();
    let mut parser = Parser::new(dialect)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens);
    let expr = parser.parse_expr().ok()?;
    (parser.peek_token().token == Token::EOF).then_some((expr, read))
}

/// The three dialects, for the tests that hold for each.
#[cfg(test)]
fn dialects() -> Vec<Box<dyn ParserDialect>> {
    vec![
        Box::new(sqlparser::dialect::SQLiteDialect {}),
        Box::new(sqlparser::dialect::PostgreSqlDialect {}),
        Box::new(sqlparser::dialect::MySqlDialect {}),
    ]
}
