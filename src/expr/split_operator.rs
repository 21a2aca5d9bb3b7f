//! PostgreSQL's lexer splits an operator of several characters that ends in `+` or `-`, unless
//! it holds one of `~ ! @ # % ^ & | ` ?` (scan.l: "'+' and '-' cannot be the last char of a
//! multi-char operator"): `-+9223372036854775808` is `-` then `+9223372036854775808`, a numeric,
//! and `5 *- 3` is `5 * -3`. sqlparser reads such a run as one custom operator (`-+`), and
//! where that one operator cannot stand (before a number, at the start) it cannot parse the
//! expression at all. This finds that operator, so the refusal says what to write instead of
//! the parser's "Expected: an expression, found: -+".

use sqlparser::tokenizer::{Token, TokenWithSpan};

/// The first operator among `tokens` that sqlparser read as one custom operator and
/// PostgreSQL reads as two or more (`-+`, `*-`, `=-`), with where PostgreSQL splits it.
pub(crate) fn postgres_splits(tokens: &[TokenWithSpan]) -> Option<(String, String)> {
    tokens.iter().find_map(|t| match &t.token {
        Token::CustomBinaryOperator(op) => split(op).map(|parts| (op.clone(), parts)),
        _ => None,
    })
}

/// `op` as PostgreSQL lexes it, its parts between spaces (`- +`), when it splits it.
fn split(op: &str) -> Option<String> {
    const NOT_SQL: &[char] = &['~', '!', '@', '#', '%', '^', '&', '|', '`', '?'];
    if op.chars().count() < 2 || !op.ends_with(['+', '-']) || op.contains(NOT_SQL) {
        return None;
    }
    // The head keeps all but the trailing signs (one character at least); each sign after it
    // is an operator of its own (`--` would start a comment, which the text screen refuses).
    let head = op.trim_end_matches(['+', '-']);
    let (head, signs) = if head.is_empty() {
        op.split_at(1)
    } else {
        op.split_at(head.len())
    };
    let mut parts = vec![head.to_string()];
    parts.extend(signs.chars().map(String::from));
    Some(parts.join(" "))
}

/// What the refusal says of `op`, which PostgreSQL reads as `parts`.
pub(crate) fn explained(op: &str, parts: &str) -> String {
    format!(
        "PostgreSQL reads '{op}' as '{parts}' (it splits an operator of several characters that ends in + or -), but the parser this check uses reads '{op}' as one operator, which cannot stand there: write it with spaces, '{parts}'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_ending_in_a_sign_are_split_as_postgresql_splits_them() {
        for (op, parts) in [
            ("-+", Some("- +")),
            ("*-", Some("* -")),
            ("=-", Some("= -")),
            ("<=-", Some("<= -")),
            ("+-+", Some("+ - +")),
            ("-", None),
            ("@-", None),
            ("?-", None),
            ("<=>", None),
        ] {
            assert_eq!(split(op).as_deref(), parts, "{op}");
        }
    }
}
