//! What makes an expression refused before any tokenizer reads it: empty, too long, on more
//! than one line, or written so that MySQL (an escape, a multibyte character before a sign, a
//! comment) or PostgreSQL (a `?` that hides the next character) would read it otherwise than
//! the check does.

use super::check::ExprError;
use crate::limits;
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};
use sqlparser::tokenizer::Token;

/// The first non-ASCII character followed by a sign a gbk/big5/sjis/cp932 connection would read
/// as part of it and whose loss changes what the text says: a `\` anywhere (it escapes inside a
/// string), a `` ` `` outside '…' and "…" strings (where it is only a character of the string).
fn multibyte_pair(text: &str) -> Option<(char, char)> {
    let mut quote: Option<char> = None;
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = previous.filter(|p| !p.is_ascii()) {
            let in_string = matches!(quote, Some('\'' | '"'));
            if c == '\\' || (c == '`' && !in_string) {
                return Some((p, c));
            }
        }
        match quote {
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ => {}
        }
        previous = Some(c);
    }
    None
}

/// What in `text` itself, before any tokenizer reads it, makes it refused on `dialect`: empty,
/// too long, on more than one line, or written so that the database (or its client) would read
/// it otherwise than the check does.
pub(super) fn refuse_text(dialect: &dyn ParserDialect, text: &str) -> Result<(), ExprError> {
    if text.trim().is_empty() {
        return Err(ExprError("the expression is empty".into()));
    }
    // A backslash before a quote is an escaped quote for MySQL by default and a backslash
    // then the literal's end under NO_BACKSLASH_ESCAPES: the statement would end elsewhere.
    if dialect.is::<MySqlDialect>() && escapes_a_quote(text) {
        return Err(ExprError(
            "it has a backslash before a quote, which MySQL reads differently under NO_BACKSLASH_ESCAPES (write the quote doubled, '')".into(),
        ));
    }
    // Any other escape in a string (`'a\b'`: a backspace by default, `a\b` under
    // NO_BACKSLASH_ESCAPES) means one thing where the table is created and another to the
    // generator, which compared the CHECK `s IN ('a\b')` with the default `a\b` as equal while
    // MySQL refused every insert of that default (a user trial). `\%` and `\_` read the same.
    if dialect.is::<MySqlDialect>() {
        if let Some(escape) = mysql_string_escape(text) {
            return Err(ExprError(format!(
                "it has '{escape}' in a string, which MySQL reads as an escape by default and as a backslash and a character under NO_BACKSLASH_ESCAPES: write the text without it (in a REGEXP, a class such as [0-9] for \\d), or a backslash as CHAR(92): CONCAT('a', CHAR(92), 'b')"
            )));
        }
    }
    // Under a gbk, big5, sjis or cp932 connection (`mysql --default-character-set=gbk`),
    // MySQL reads the last byte of a UTF-8 character and a following `\` or `` ` `` as one
    // character: `'丿\\'` ends elsewhere, and `IN ('丿\\', '))); CREATE TABLE t (x INT); -- ')`
    // ran the CREATE TABLE. An ASCII character before each sign leaves no such pair.
    if dialect.is::<MySqlDialect>() {
        if let Some((c, sign)) = multibyte_pair(text) {
            return Err(ExprError(format!(
                "it has '{sign}' right after '{c}', which MySQL reads as part of that character over a gbk, big5, sjis or cp932 connection: put a space or another ASCII character between them"
            )));
        }
    }
    if dialect.is::<MySqlDialect>() && crate::engine_syntax::mysql_comment_start(text) {
        return Err(ExprError(
            "it contains a comment ('/*' outside a string; MySQL runs the text of a /*!… */ comment, which the check does not read as it does)".into(),
        ));
    }
    if text.len() > limits::MAX_EXPRESSION_BYTES {
        return Err(ExprError(format!(
            "the expression is longer than {} bytes",
            limits::MAX_EXPRESSION_BYTES
        )));
    }
    // A line break could start a line of the migration file with a marker such as
    // `-- DOWN MIGRATION` inside a string literal, so expressions stay on one line.
    if let Some(c) = text
        .chars()
        .find(|c| (c.is_control() && *c != '\t') || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Err(ExprError(format!(
            "it contains the control or line-break character U+{:04X}; write it on one line",
            c as u32
        )));
    }
    if postgres_question_hides_a_character(dialect, text) {
        return Err(ExprError(
            "it has a '?' right before a character, which the check's parser skips (so a quote after it would end a string elsewhere than PostgreSQL reads it): put a space after the '?'".into(),
        ));
    }
    Ok(())
}

/// sqlparser's PostgreSQL tokenizer (up to 0.59; kept as a guard since) skipped the character
/// after a `?` that starts none of `?|`, `?&`, `?-`, `?#`: `n ?'n')); CREATE TABLE t (x INT);
/// SELECT ((1 || ' = n ?'-1` was one expression to it (the quotes after each `?` unseen), and
/// `psql -f` ran the CREATE TABLE.
/// Read again with a space after each such `?`: the skipped character is then seen, and when
/// the tokens differ (string contents aside, where a `?` is only text), one was hidden.
fn postgres_question_hides_a_character(dialect: &dyn ParserDialect, text: &str) -> bool {
    if !text.contains('?') || !dialect.is::<PostgreSqlDialect>() {
        return false;
    }
    let mut spaced = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        spaced.push(c);
        if c == '?'
            && chars
                .peek()
                .is_some_and(|n| !n.is_whitespace() && !matches!(n, '|' | '&' | '-' | '#'))
        {
            spaced.push(' ');
        }
    }
    if spaced == text {
        return false;
    }
    let read = |t: &str| -> Option<Vec<Token>> {
        sqlparser::tokenizer::Tokenizer::new(dialect, t)
            .tokenize()
            .ok()
            .map(|v| {
                v.into_iter()
                    .filter(|t| !matches!(t, Token::Whitespace(_)))
                    .collect()
            })
    };
    let (Some(a), Some(b)) = (read(text), read(&spaced)) else {
        // One of them does not tokenize: the space changed what is read.
        return true;
    };
    a.len() != b.len()
        || a.iter().zip(&b).any(|(x, y)| match (x, y) {
            (
                Token::SingleQuotedString(_)
                | Token::DoubleQuotedString(_)
                | Token::DollarQuotedString(_)
                | Token::NationalStringLiteral(_)
                | Token::EscapedStringLiteral(_)
                | Token::UnicodeStringLiteral(_)
                | Token::HexStringLiteral(_),
                _,
            ) => std::mem::discriminant(x) != std::mem::discriminant(y),
            (Token::Word(p), Token::Word(q)) if p.quote_style.is_some() => {
                p.quote_style != q.quote_style
            }
            _ => x != y,
        })
}

/// The first backslash sequence in a '…' or "…" string of `text` that MySQL reads differently
/// with and without NO_BACKSLASH_ESCAPES: any but `\%` and `\_`, which are a backslash and
/// the character both ways.
fn mysql_string_escape(text: &str) -> Option<String> {
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match quote {
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            Some(q) if c == q => quote = None,
            Some('\'' | '"') if c == '\\' => match chars.next() {
                Some('%' | '_') => {}
                Some(next) => return Some(format!("\\{next}")),
                None => return Some("\\".to_string()),
            },
            _ => {}
        }
    }
    None
}

/// Whether a quote in `text` follows an odd run of backslashes: an escaped quote where
/// backslashes escape (MySQL's default), the literal's end where they do not.
fn escapes_a_quote(text: &str) -> bool {
    let mut run = 0usize;
    for b in text.bytes() {
        match b {
            b'\\' => run += 1,
            b'\'' | b'"' if run % 2 == 1 => return true,
            _ => run = 0,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::check_expression;

    /// A `\` or `` ` `` right after a non-ASCII character: the pair is one character for MySQL
    /// over a gbk/big5/sjis/cp932 connection, where `IN ('丿\\', '))); CREATE TABLE …; -- ')`
    /// created the table (checked on MariaDB 10.11 with `--default-character-set=gbk`).
    #[test]
    fn mysql_refuses_a_backslash_or_backquote_after_a_multibyte_character() {
        let my = MySqlDialect {};
        for bad in [
            "body IN ('丿\\\\', '))); CREATE TABLE injected (x INT); -- ')",
            "body <> 'é\\\\'",
            "body <> `丿`",
        ] {
            assert!(check_expression(&my, bad).is_err(), "{bad} accepted");
        }
        // A backquote inside a string is a character of it, whatever comes before it.
        for good in [
            "body LIKE '丿 \\_'",
            "body <> 'é'",
            "body LIKE 'a\\%'",
            "body <> '；`'",
            "body <> CONCAT('丿`', 'a')",
        ] {
            assert!(check_expression(&my, good).is_ok(), "{good} refused");
        }
        // PostgreSQL's server encodings are never these, and its lexer runs after conversion.
        assert!(check_expression(&PostgreSqlDialect {}, "body <> 'é\\\\b'").is_ok());
    }

    /// MySQL runs the text of a `/*!NNNNN … */` comment (or skips it, by version), which
    /// sqlparser 0.64 reads as plain tokens: a hidden parenthesis closed the CHECK early and
    /// added a constraint of its own on MariaDB (found by an injection campaign).
    #[test]
    fn a_mysql_comment_is_refused_before_any_tokenizer_reads_it() {
        let my = MySqlDialect {};
        for bad in [
            "n > 0 /*!99999 OR coalesce(abs( n */ ) , CHECK ( n < 0 /*!99999 ) ) */",
            "n = 1 /*!99999 OR 1 */",
            "n = 1 /*!OR 1 */",
            "n = 1 /*M!100000 OR 1 */",
            "n = 1 /* plain */",
            "body = 'a''b' /*!1 */",
        ] {
            let e = check_expression(&my, bad).unwrap_err();
            assert!(e.0.starts_with("it contains a comment"), "{bad}: {}", e.0);
        }
        for good in [
            "body = '/*!99999 x */'",
            "body <> \"/*\"",
            "`n` / 2 > 1",
            "n / *1 > 0",
        ] {
            assert!(
                !check_expression(&my, good)
                    .err()
                    .is_some_and(|e| e.0.contains("comment")),
                "{good}"
            );
        }
        // Elsewhere a comment was refused as a token all along.
        assert!(check_expression(&PostgreSqlDialect {}, "n = 1 /*!99999 OR 1 */").is_err());
    }

    /// sqlparser skipped the character after a lone `?` on PostgreSQL: the quote after it.
    #[test]
    fn a_question_mark_that_hides_the_next_character_is_refused_on_postgresql() {
        let pg = PostgreSqlDialect {};
        for bad in [
            "n ?'n')); CREATE TABLE injected (x INT); SELECT ((1 || ' = n ?'-1",
            "body = body ?'n')); CREATE TABLE injected (x INT); SELECT ((1 || ' = n ?'-1",
        ] {
            assert!(check_expression(&pg, bad).is_err(), "{bad} accepted");
        }
        for good in [
            // PostgreSQL reads `?nn` as `? nn` too (sqlparser 0.59 skipped the first `n`).
            "data ?nn",
            "data ? 'k'",
            "data ?| ARRAY['a']",
            "data ?& ARRAY['a']",
            "body LIKE '%?x%'",
            "body <> 'a?''b'",
        ] {
            assert!(check_expression(&pg, good).is_ok(), "{good} refused");
        }
    }
}
