//! What in an expression's tokens makes it refused before it is parsed: a statement separator,
//! a comment (or signs the database reads as one), nesting too deep, a special form such as
//! `CAST(x)` without its word, and signs or quotes the database or its client reads otherwise
//! than the check's parser (`[name]`, `::` before a name, a backslash, a dollar quote's tag).

use super::check::ExprError;
use crate::limits;
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};
use sqlparser::tokenizer::{Token, Whitespace};

/// A function-like form with a syntax of its own (`CAST(x AS t)`). Written without the word
/// its syntax needs, sqlparser parses the inside in full for the form, fails, and parses it
/// again as a plain call: at every level, so nesting such calls cost 3^depth (eight deep, a
/// CHECK took 2 ms; a 50 KB spec of them, 20 s).
struct SpecialForm {
    /// The word before the parenthesis (lower case).
    name: &'static str,
    /// The words that make it the special form, any of them at its own level.
    needs: &'static [&'static str],
    /// A comma at its own level makes it an ordinary call (`CONVERT(x, type)` on MySQL).
    comma_will_do: bool,
    /// What is missing, and how to write it.
    needs_text: &'static str,
    example: &'static str,
}

/// The special forms whose plain-call reading no database here takes: PostgreSQL and MySQL
/// refuse `cast(x)` and `position(x)` as syntax errors, `convert(x)` is MySQL syntax or a
/// PostgreSQL function of three arguments, SQLite has none of them. (PostgreSQL takes
/// `overlay(a, b, n)` as a plain call, so OVERLAY is not here; nested eight deep it costs
/// 0.7 ms, as other forms sqlparser tries twice per level do.)
const SPECIAL_FORMS: &[SpecialForm] = &[
    SpecialForm {
        name: "cast",
        needs: &["as"],
        comma_will_do: false,
        needs_text: "AS and a type",
        example: "CAST(x AS INTEGER)",
    },
    SpecialForm {
        name: "convert",
        needs: &["using"],
        comma_will_do: true,
        needs_text: "a second argument or USING",
        example: "CONVERT(x, CHAR) or CONVERT(x USING utf8mb4) on MySQL",
    },
    SpecialForm {
        name: "position",
        needs: &["in"],
        comma_will_do: false,
        needs_text: "IN",
        example: "POSITION('a' IN s)",
    },
    SpecialForm {
        name: "safe_cast",
        needs: &["as"],
        comma_will_do: false,
        needs_text: "AS and a type",
        example: "CAST(x AS INTEGER)",
    },
    SpecialForm {
        name: "try_cast",
        needs: &["as"],
        comma_will_do: false,
        needs_text: "AS and a type",
        example: "CAST(x AS INTEGER)",
    },
    SpecialForm {
        name: "try_convert",
        needs: &[],
        comma_will_do: true,
        needs_text: "a second argument",
        example: "CAST(x AS INTEGER)",
    },
];

/// The special form `word` opens when a parenthesis follows it, if it is one.
fn special_form(word: &str) -> Option<&'static SpecialForm> {
    SPECIAL_FORMS
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(word))
}

/// Most prefix operators (`NOT`, `-`, `+`, `~`) one after another (no real condition has more
/// than two or three; each is a level of the parser's recursion, about 70 KB of stack in a debug
/// build).
const MAX_PREFIX_RUN: usize = 16;

pub(super) fn too_deep() -> ExprError {
    ExprError(format!(
        "it nests operators or calls too deep (more than 64 levels, or more than {MAX_PREFIX_RUN} of NOT, -, + or ~ in a row)"
    ))
}

/// The tokens of `text` on `dialect`, when none of them makes it refused (a statement
/// separator, a comment, nesting too deep, a special form without its word, a sign the
/// database reads otherwise than the check's parser), with the names written on PostgreSQL in
/// double quotes with a capital letter (which keep their case there).
pub(super) fn screened_tokens(
    dialect: &dyn ParserDialect,
    text: &str,
) -> Result<(Vec<sqlparser::tokenizer::TokenWithSpan>, Vec<String>), ExprError> {
    let tokens = crate::quick_tokens::tokenize(dialect, text)
        .map_err(|e| ExprError(format!("it does not tokenize: {e}")))?;
    let mysql = dialect.is::<MySqlDialect>();
    let postgres = dialect.is::<PostgreSqlDialect>();
    // `[status]`, SQL Server's quoting (often written by a model): PostgreSQL fails the
    // migration with a syntax error at "["; SQLite takes it as a quoted name.
    if mysql || postgres {
        if let Some(name) = crate::engine_syntax::bracket_quoted_name(&tokens) {
            let (database, quoted) = if postgres {
                ("PostgreSQL", format!("\"{name}\""))
            } else {
                ("MySQL", format!("`{name}`"))
            };
            let bare = if name.contains(' ') {
                String::new()
            } else {
                format!("{name}, or ")
            };
            return Err(ExprError(format!(
                "it has [{name}], SQL Server's quoting of a name, which {database} does not read as a name (a syntax error): write {bare}{quoted}"
            )));
        }
    }
    let mut depth = 0usize;
    // The open parentheses, each with the special form it opens when it follows one of
    // SPECIAL_FORMS (and whether the word that form needs was seen inside it, at its level).
    // A fixed stack, not a Vec (no allocation per expression): parentheses nest at most
    // MAX_EXPRESSION_NESTING deep here (deeper is refused above).
    let mut open: [Option<(&SpecialForm, bool)>; limits::MAX_EXPRESSION_NESTING] =
        [None; limits::MAX_EXPRESSION_NESTING];
    let mut open_len = 0usize;
    let mut previous_word: Option<&str> = None;
    let mut prefix_run = 0usize;
    // On PostgreSQL, the names written in double quotes with a capital letter: a quoted name
    // keeps its case there ("Status" is not the column status), while a bare one is folded to
    // lower case. (Read from the tokens, since a bare keyword standing as a name, `INTERVAL`,
    // is quoted for the parse only, by check_parsed.)
    let mut quoted_capitals: Vec<String> = Vec::new();
    for token in &tokens {
        if let Token::Word(w) = &token.token {
            if postgres && w.quote_style == Some('"') && w.value.chars().any(|c| c.is_uppercase()) {
                quoted_capitals.push(w.value.clone());
            }
        }
        match &token.token {
            Token::LParen | Token::LBracket => {
                depth += 1;
                if depth > limits::MAX_EXPRESSION_NESTING {
                    return Err(ExprError(format!(
                        "it nests parentheses more than {} deep",
                        limits::MAX_EXPRESSION_NESTING
                    )));
                }
                let form = (token.token == Token::LParen)
                    .then(|| previous_word.and_then(special_form))
                    .flatten();
                if let Some(slot) = open.get_mut(open_len) {
                    *slot = form.map(|f| (f, false));
                    open_len += 1;
                }
            }
            Token::RParen | Token::RBracket => {
                depth = depth.saturating_sub(1);
                let closed = open_len.checked_sub(1).map(|i| {
                    open_len = i;
                    open[i].take()
                });
                if let Some(Some((form, false))) = closed {
                    return Err(ExprError(format!(
                        "{}(…) needs {}: write {}",
                        form.name.to_ascii_uppercase(),
                        form.needs_text,
                        form.example
                    )));
                }
            }
            Token::Word(w) if w.quote_style.is_none() => {
                if let Some(Some((form, seen))) = open_len.checked_sub(1).map(|i| &mut open[i]) {
                    *seen |= form.needs.iter().any(|n| w.value.eq_ignore_ascii_case(n));
                }
            }
            Token::Comma => {
                if let Some(Some((form, seen))) = open_len.checked_sub(1).map(|i| &mut open[i]) {
                    *seen |= form.comma_will_do;
                }
            }
            // In a PostgreSQL '…' string with standard_conforming_strings off, a backslash
            // before a quote (or the closing quote) escapes it: the string, and the statement,
            // would end elsewhere than they do here.
            // N'…' is the same string to PostgreSQL's lexer (`N'\' || ')); CREATE TABLE …`
            // ran the CREATE TABLE under psql with standard_conforming_strings off).
            Token::SingleQuotedString(text) | Token::NationalStringLiteral(text)
                if postgres && (text.ends_with('\\') || text.contains("\\'")) =>
            {
                return Err(ExprError(
                    "it has a backslash before a quote in a '…' string, which PostgreSQL reads differently when standard_conforming_strings is off (write E'…' with the backslash doubled)".into(),
                ))
            }
            // sqlparser takes any letters or digits for a dollar quote's tag; PostgreSQL (and
            // psql, which splits a file into statements) only a tag that does not start with a
            // digit: `$1$ x)); CREATE TABLE t (x int); SELECT (($1$` is one string here, and
            // for psql a parameter, a syntax error and then a statement of its own. MySQL and
            // SQLite have no dollar quotes at all.
            Token::DollarQuotedString(s)
                if !postgres
                    || s.tag.as_deref().is_some_and(|t| {
                        t.starts_with(|c: char| c.is_ascii_digit())
                            || !t.chars().all(|c| c.is_alphanumeric() || c == '_')
                    }) =>
            {
                return Err(ExprError(format!(
                    "it has a dollar-quoted string tagged ${}$, which {} does not read as one (a tag starts with a letter or _): write the string in single quotes",
                    s.tag.as_deref().unwrap_or(""),
                    if postgres { "PostgreSQL" } else if mysql { "MySQL" } else { "SQLite" },
                )))
            }
            Token::SemiColon => {
                return Err(ExprError(
                    "it contains ';': only one expression is allowed, never a statement".into(),
                ))
            }
            // PostgreSQL 16 reads digits grouped with `_` (`1_000`), which sqlparser takes;
            // PostgreSQL 15 says "trailing junk after numeric literal".
            Token::Number(n, _) if postgres && n.contains('_') => {
                return Err(ExprError(format!(
                    "it has the number {n}, whose '_' PostgreSQL 15 does not read (trailing junk after numeric literal; PostgreSQL 16 does) (write {})",
                    n.replace('_', "")
                )))
            }
            // MySQL reads a number with an exponent as a DOUBLE, and refuses one past its range
            // when it parses the statement (MariaDB 10.11: Illegal double '1e400' value found
            // during parsing, error 1367), a CHECK's or a default's alike.
            Token::Number(n, _) if mysql && past_double_range(n) => {
                return Err(ExprError(format!(
                    "it has the number {}, past the range of a DOUBLE (±1.7976931348623157e308), which MySQL and MariaDB refuse (Illegal double '{}' value found during parsing) (write a number from -1.7976931348623157e308 to 1.7976931348623157e308)",
                    crate::report::clip(n),
                    crate::report::clip(n)
                )))
            }
            // `==` is SQLite's; PostgreSQL has no such operator, MySQL reads `=` then `=`.
            Token::DoubleEq if postgres || mysql => {
                return Err(ExprError(format!(
                    "it has ==, which {} does not have (write =)",
                    if postgres { "PostgreSQL" } else { "MySQL" }
                )))
            }
            // sqlparser reads `'x':n` as a key access; MySQL has no `:` in an expression
            // (MariaDB: a syntax error when the migration runs).
            Token::Colon if mysql => {
                return Err(ExprError(
                    "it has ':' outside a string, which MySQL does not read in an expression".into(),
                ))
            }
            // ODBC escapes (`{d '2024-01-01'}`, `{fn now()}`): PostgreSQL has no `{` in SQL.
            Token::LBrace | Token::RBrace if postgres => {
                return Err(ExprError(
                    "it has '{', which PostgreSQL does not read outside a string (an ODBC escape such as {d '2024-01-01'} is MySQL's) (write DATE '2024-01-01')".into(),
                ))
            }
            // MySQL reads "status" as the string 'status' (unless the server runs with
            // ANSI_QUOTES): `CHECK ("status" IN ('a', 'b'))`, as SQLite tools write it, is
            // then a constant that refuses every row.
            Token::DoubleQuotedString(text) if mysql => {
                return Err(ExprError(format!(
                    "MySQL reads \"{text}\" as the string '{text}' by default and as a name under ANSI_QUOTES, as the server's sql_mode says: write a string in single quotes ('{text}'), and a column's name bare or in backquotes (`{text}`)"
                )))
            }
            Token::Whitespace(
                Whitespace::SingleLineComment { .. } | Whitespace::MultiLineComment(_),
            ) => return Err(ExprError("it contains a comment".into())),
            _ => {}
        }
        // PostgreSQL's `BETWEEN SYMMETRIC`, which the check's parser does not read ("Expected:
        // AND, found: 1", a user trial): say what to write instead.
        if let (Token::Word(w), Some(p), true) = (&token.token, previous_word, postgres) {
            if w.quote_style.is_none()
                && p.eq_ignore_ascii_case("BETWEEN")
                && (w.value.eq_ignore_ascii_case("SYMMETRIC")
                    || w.value.eq_ignore_ascii_case("ASYMMETRIC"))
            {
                return Err(ExprError(format!(
                    "it has BETWEEN {}, which the parser that checks expressions does not read: write x BETWEEN a AND b (ASYMMETRIC is that), or least(a, b) <= x AND x <= greatest(a, b) for SYMMETRIC",
                    w.value.to_ascii_uppercase()
                )));
            }
        }
        // MySQL's `CAST(x AS SIGNED INT)`, which the check's parser does not read ("Expected:
        // ), found: INT"), though it reads `SIGNED INTEGER`, the same type.
        if let (Token::Word(w), Some(p), true) = (&token.token, previous_word, mysql) {
            if w.quote_style.is_none()
                && w.value.eq_ignore_ascii_case("INT")
                && (p.eq_ignore_ascii_case("SIGNED") || p.eq_ignore_ascii_case("UNSIGNED"))
            {
                return Err(ExprError(format!(
                    "it has {} INT, which the parser that checks expressions does not read: write {} INTEGER or {}, which MySQL takes alike",
                    p.to_ascii_uppercase(),
                    p.to_ascii_uppercase(),
                    p.to_ascii_uppercase()
                )));
            }
        }
        match &token.token {
            Token::Whitespace(_) => {}
            Token::Word(w) if w.quote_style.is_none() => previous_word = Some(&w.value),
            _ => previous_word = None,
        }
        // Prefix operators one after another (`NOT NOT …`, `- - …`) nest in the parser as
        // parentheses do, one level each (past 64 it stops, and the levels before take the
        // stack: a debug build overflowed 2 MB at 70): refused past MAX_PREFIX_RUN, as deep
        // parentheses are above.
        match &token.token {
            Token::Whitespace(_) => {}
            Token::Word(w)
                if w.quote_style.is_none() && w.keyword == sqlparser::keywords::Keyword::NOT =>
            {
                prefix_run += 1;
            }
            Token::Minus | Token::Plus | Token::Tilde => prefix_run += 1,
            _ => prefix_run = 0,
        }
        if prefix_run > MAX_PREFIX_RUN {
            return Err(too_deep());
        }
    }
    // psql (and the mysql client) run a backslash command found anywhere outside quotes, with
    // the rest of the line as its arguments: `body = n?\w .n ` parsed here, and `psql -f` then
    // wrote the statement so far to the file `.n` (`\o`, `\i`, `\c`, `\cd`, `\setenv` parse
    // the same way). A backslash is taken only inside a string or a quoted name.
    if tokens.iter().any(|t| backslash_outside_quotes(&t.token)) {
        return Err(ExprError(
            "it has a backslash outside a string, which psql and the mysql client read as one of their own commands".into(),
        ));
    }
    // psql replaces `:name`, `:'name'` and `:"name"` outside quotes with its variable's value
    // when one is set (PORT, HOST, DBNAME, ENCODING… always are): `(ARRAY[1,2,3])[1:PORT]` was
    // stored as `[15432]`. A slice's bound after `:` needs a space or a number there. (A
    // `:name` the tokenizer reads as a placeholder is refused as a parameter by check_parsed.)
    if postgres {
        let adjacent: Vec<&Token> = tokens.iter().map(|t| &t.token).collect();
        if adjacent.windows(2).any(|w| {
            matches!(w[0], Token::Colon)
                && matches!(
                    w[1],
                    Token::Word(_) | Token::SingleQuotedString(_) | Token::DoubleQuotedString(_)
                )
        }) {
            return Err(ExprError(
                "it has ':' right before a name or a quote, which psql replaces with the value of its variable of that name: put a space after the ':'".into(),
            ));
        }
    }
    if let Some(comment) = comment_between_tokens(&tokens, mysql) {
        return Err(ExprError(format!(
            "it contains '{comment}' between operators, which the database reads as the start of a comment: put a space between the signs"
        )));
    }
    if postgres {
        if let Some((run, split)) = crate::engine_syntax::postgres_operator_run(dialect, text) {
            return Err(ExprError(format!(
                "it has '{run}', which PostgreSQL reads as one operator where the check's parser reads '{split}', the last a sign of its own: put a space between the signs"
            )));
        }
    }
    if mysql && crate::engine_syntax::mysql_empty_hex(text) {
        return Err(ExprError(
            "it has 0x with no hex digit after it, which MySQL reads as a column's name (write X'' for empty bytes, or 0x followed by digits)".into(),
        ));
    }
    Ok((tokens, quoted_capitals))
}

/// Whether `t` holds a backslash that is not inside a string literal or a quoted name.
fn backslash_outside_quotes(t: &Token) -> bool {
    match t {
        Token::Whitespace(_)
        | Token::SingleQuotedString(_)
        | Token::DoubleQuotedString(_)
        | Token::DollarQuotedString(_)
        | Token::NationalStringLiteral(_)
        | Token::EscapedStringLiteral(_)
        | Token::UnicodeStringLiteral(_)
        | Token::HexStringLiteral(_)
        | Token::SingleQuotedByteStringLiteral(_)
        | Token::DoubleQuotedByteStringLiteral(_) => false,
        Token::Word(w) if w.quote_style.is_some() => false,
        other => other.to_string().contains('\\'),
    }
}

/// A comment the database starts where sqlparser read operators: sqlparser takes `>--`, `?-`
/// then `-`, or `|/` then `*` for operators, while PostgreSQL (and psql) end an operator where
/// `--` or `/*` starts and read a comment that hides the rest of the line, the `)` or `;`
/// written after the expression included; MySQL starts one at `--` followed by a space or a tab
/// (sqlparser, before 0.64, only at `-- `), at `/*` and at `#`. Read on the text of the tokens that are
/// neither names nor literals, spaces kept.
fn comment_between_tokens(
    tokens: &[sqlparser::tokenizer::TokenWithSpan],
    mysql: bool,
) -> Option<&'static str> {
    let mut shadow = String::new();
    for t in tokens {
        match &t.token {
            Token::Whitespace(w) => shadow.push_str(&w.to_string()),
            Token::Word(_)
            | Token::Number(..)
            | Token::Char(_)
            | Token::Placeholder(_)
            | Token::SingleQuotedString(_)
            | Token::DoubleQuotedString(_)
            | Token::TripleSingleQuotedString(_)
            | Token::TripleDoubleQuotedString(_)
            | Token::DollarQuotedString(_)
            | Token::SingleQuotedByteStringLiteral(_)
            | Token::DoubleQuotedByteStringLiteral(_)
            | Token::TripleSingleQuotedByteStringLiteral(_)
            | Token::TripleDoubleQuotedByteStringLiteral(_)
            | Token::SingleQuotedRawStringLiteral(_)
            | Token::DoubleQuotedRawStringLiteral(_)
            | Token::TripleSingleQuotedRawStringLiteral(_)
            | Token::TripleDoubleQuotedRawStringLiteral(_)
            | Token::NationalStringLiteral(_)
            | Token::EscapedStringLiteral(_)
            | Token::UnicodeStringLiteral(_)
            | Token::HexStringLiteral(_) => shadow.push('_'),
            other => shadow.push_str(&other.to_string()),
        }
    }
    if shadow.contains("/*") {
        return Some("/*");
    }
    if mysql {
        if shadow.contains('#') {
            return Some("#");
        }
        return (shadow.contains("-- ") || shadow.contains("--\t")).then_some("--");
    }
    shadow.contains("--").then_some("--")
}

/// Whether the number literal `n` has an exponent and is past the range of a double
/// (`1e400`, `2e308`): MySQL reads it as a DOUBLE and refuses it. One without an exponent is a
/// DECIMAL there; one that is too small (`1e-400`) is 0.
pub(crate) fn past_double_range(n: &str) -> bool {
    n.contains(['e', 'E']) && n.parse::<f64>().is_ok_and(f64::is_infinite)
}

#[cfg(test)]
mod tests {
    /// MySQL refuses a number with an exponent past a DOUBLE's range (run on MariaDB 10.11 in
    /// tests/engine_refused_literals.rs); one without an exponent is a DECIMAL there.
    #[test]
    fn a_double_past_its_range_is_found() {
        for n in ["1e400", "2E308", "1.7976931348623159e308", "10e308"] {
            assert!(past_double_range(n), "{n}");
        }
        for n in [
            "1e308",
            "1.7976931348623157e308",
            "1e-400",
            "1",
            "999999999999999999999",
        ] {
            assert!(!past_double_range(n), "{n}");
        }
    }

    use super::*;
    use crate::expr::{check_expression, check_expression_with, dialects};
    use sqlparser::dialect::SQLiteDialect;

    /// `CAST(x)`, `POSITION(x)`, `CONVERT(x)` are no expression any of the databases takes
    /// (sqlparser read them as plain calls, and nested, parsed each level three times: eight
    /// deep, 2 ms a CHECK); the forms with their words pass, and so does PostgreSQL's plain
    /// `overlay(a, b, n)`.
    #[test]
    fn special_forms_without_their_words_are_refused_before_parsing() {
        for d in dialects() {
            for bad in [
                "cast(x) > 0",
                "CAST(CAST(x)) > 0",
                "try_cast(x) > 0",
                "position(x) > 0",
                "convert(x) <> ''",
                &format!("{}x{} > 0", "cast(".repeat(8), ")".repeat(8)),
            ] {
                let e = check_expression(d.as_ref(), bad).unwrap_err();
                assert!(e.0.contains("needs"), "{bad}: {}", e.0);
            }
            // MySQL's CAST takes neither TEXT (MariaDB 10.11 and MySQL 9.7 refuse it) nor
            // INTEGER (MySQL 9.7 refuses it): CHAR(n) and SIGNED there.
            let (text, integer) = if d.is::<MySqlDialect>() {
                ("CHAR(10)", "SIGNED")
            } else {
                ("TEXT", "INTEGER")
            };
            for good in [
                format!("cast(x AS {integer}) > 0"),
                format!("CAST(CAST(x AS {text}) AS {integer}) > 0"),
                format!("cast((x + 1) AS {integer}) > 0"),
                "overlay(overlay(overlay(x, 'a', 1), 'b', 1), 'c', 1) <> ''".to_string(),
            ] {
                assert!(check_expression(d.as_ref(), &good).is_ok(), "{good}");
            }
        }
        let pg = PostgreSqlDialect {};
        assert!(check_expression(&pg, "position('a' IN x) > 0").is_ok());
        assert!(check_expression(&pg, "convert(x, 'LATIN1', 'UTF8') IS NOT NULL").is_ok());
        assert!(check_expression(&pg, "overlay(x PLACING 'a' FROM 1) <> ''").is_ok());
        let my = MySqlDialect {};
        assert!(check_expression(&my, "convert(x USING utf8mb4) <> ''").is_ok());
        assert!(check_expression(&my, "convert(x, CHAR) <> ''").is_ok());
    }

    /// Comments the database sees where sqlparser sees an operator: PostgreSQL's `>--` (an
    /// operator ends where `--` starts) and MySQL's `--` before a tab.
    #[test]
    fn comments_that_sqlparser_reads_as_operators_are_refused() {
        let pg = PostgreSqlDialect {};
        for bad in [
            "n >-- 1",
            "n <-- 1",
            "n > 0 AND n <-- 1\t",
            "n <>/* 1",
            "body <> ?--''",
            "n #-- 1",
        ] {
            assert!(check_expression(&pg, bad).is_err(), "{bad} accepted");
        }
        assert!(check_expression(&pg, "n > -1").is_ok());
        let my = MySqlDialect {};
        for bad in ["n > 0 --\t1", "n >--\t1"] {
            assert!(check_expression(&my, bad).is_err(), "{bad} accepted");
        }
        for good in ["n >--1", "n > - -1", "n > 0 - -1", "body = '--\t'"] {
            assert!(check_expression(&my, good).is_ok(), "{good} refused");
        }
    }

    /// PostgreSQL's `BETWEEN SYMMETRIC`, which sqlparser does not read, gets a message that
    /// says what to write (a user trial got "Expected: AND, found: 1").
    #[test]
    fn between_symmetric_says_what_to_write() {
        for text in [
            "a BETWEEN SYMMETRIC 1 AND 10",
            "a between asymmetric 1 and 10",
        ] {
            let err = check_expression(&PostgreSqlDialect {}, text).unwrap_err();
            assert!(
                err.0.contains("least(a, b) <= x AND x <= greatest(a, b)"),
                "{}",
                err.0
            );
        }
        assert!(check_expression(&PostgreSqlDialect {}, "a BETWEEN 1 AND 10").is_ok());
        // A column named symmetric, on the databases that have no BETWEEN SYMMETRIC, or
        // quoted (a review).
        assert!(check_expression(&SQLiteDialect {}, "v BETWEEN symmetric AND 10").is_ok());
        assert!(check_expression(&MySqlDialect {}, "v BETWEEN `symmetric` AND 10").is_ok());
        assert!(check_expression(&PostgreSqlDialect {}, "v BETWEEN \"symmetric\" AND 10").is_ok());
        assert!(check_expression(
            &PostgreSqlDialect {},
            "least(1, 10) <= a AND a <= greatest(1, 10)"
        )
        .is_ok());
    }

    /// MySQL's `CAST(x AS SIGNED INT)` gets a message that says what to write, and the forms the
    /// parser reads pass.
    #[test]
    fn signed_int_casts_say_what_to_write() {
        let my = MySqlDialect {};
        for (text, word) in [
            ("CAST(a AS SIGNED INT) > 0", "SIGNED"),
            ("cast(a as unsigned int) > 0", "UNSIGNED"),
        ] {
            let err = check_expression(&my, text).unwrap_err();
            assert!(
                err.0.contains(&format!(
                    "write {word} INTEGER or {word}, which MySQL takes alike"
                )),
                "{}",
                err.0
            );
        }
        for text in [
            "CAST(a AS SIGNED INTEGER) > 0",
            "CAST(a AS SIGNED) > 0",
            "CAST(a AS UNSIGNED INTEGER) > 0",
            "`signed` + a > 0",
        ] {
            assert!(check_expression(&my, text).is_ok(), "{text}");
        }
    }

    /// `"status"` is a column to PostgreSQL and SQLite and the string 'status' to MySQL, where
    /// `CHECK ("status" IN ('a', 'b'))` (as SQLite tools write it) refuses every row.
    #[test]
    fn a_double_quoted_name_is_refused_for_mysql_only() {
        let text = "\"status\" IN ('active', 'archived')";
        let e = check_expression_with(&MySqlDialect {}, text, false).unwrap_err();
        assert!(
            e.0.contains("`status`") && e.0.contains("ANSI_QUOTES"),
            "{}",
            e.0
        );
        assert!(check_expression_with(&MySqlDialect {}, "`status` IN ('active')", false).is_ok());
        for d in [
            &PostgreSqlDialect {} as &dyn ParserDialect,
            &SQLiteDialect {},
        ] {
            assert_eq!(
                check_expression_with(d, text, false).map_err(|e| e.0),
                Ok(vec!["status".to_string()])
            );
        }
    }

    /// A national string is lexed as a plain '…' string by PostgreSQL: a backslash before its
    /// quote moves its end when standard_conforming_strings is off.
    #[test]
    fn a_backslash_before_a_quote_in_a_national_string_is_refused_on_postgresql() {
        let pg = PostgreSqlDialect {};
        for bad in [
            "body = N'\\' || ')); CREATE TABLE injected (x INT); SELECT ((N'",
            "body = n'a\\'",
        ] {
            assert!(check_expression(&pg, bad).is_err(), "{bad} accepted");
        }
        assert!(check_expression(&pg, "body = N'a\\b'").is_ok());
    }

    /// MySQL has no `:` in an expression; sqlparser read `'x':n` as a key access.
    #[test]
    fn a_colon_is_refused_on_mysql() {
        let my = MySqlDialect {};
        for bad in ["body = 'x':n", "body = 'x':`a`"] {
            let e = check_expression(&my, bad).unwrap_err();
            assert!(e.0.contains("':' outside a string"), "{bad}: {}", e.0);
        }
        assert!(check_expression(&my, "body <> '12:00'").is_ok());
    }

    /// psql replaces `:NAME` outside quotes with its variable's value (PORT, DBNAME, … are
    /// always set): `[1:PORT]` was stored as `[15432]` (found by an injection campaign).
    #[test]
    fn a_colon_before_a_name_is_refused_on_postgresql() {
        let pg = PostgreSqlDialect {};
        for bad in [
            "(ARRAY[1,2,3])[1:PORT] IS NOT NULL",
            "(ARRAY[1,2,3])[1:port] IS NOT NULL",
            "(ARRAY[1,2,3])[1:\"DBNAME\"] IS NOT NULL",
            ":name",
        ] {
            let e = check_expression(&pg, bad).unwrap_err();
            assert!(e.0.contains("psql replaces"), "{bad}: {}", e.0);
        }
        for good in [
            "(ARRAY[1,2,3])[1: port] IS NOT NULL",
            "(ARRAY[1,2,3])[1:2] IS NOT NULL",
            "port::int > 0",
            "body <> ':PORT'",
        ] {
            assert!(check_expression(&pg, good).is_ok(), "{good}");
        }
    }

    /// psql runs `\w .n` found in `CHECK (body = n?\w .n )` as its own command (writing the
    /// statement so far to the file `.n`); sqlparser parsed it as an expression.
    #[test]
    fn a_backslash_outside_quotes_is_refused() {
        for d in dialects() {
            for bad in [
                "body = n?\\w .n ",
                "body = n?\\o .n",
                "body = n?\\!! ''",
                "body = n?\\# ''",
            ] {
                assert!(check_expression(d.as_ref(), bad).is_err(), "{bad} accepted");
            }
        }
        let pg = PostgreSqlDialect {};
        for good in [
            "body = E'a\\\\b'",
            "body = $$a\\$$",
            "body = 'a\\b'",
            "\"we\\ird\" > 0",
        ] {
            assert!(check_expression(&pg, good).is_ok(), "{good} refused");
        }
    }

    /// sqlparser reads `$1$ … $1$` as a dollar-quoted string; PostgreSQL and psql read `$1`, a
    /// parameter, then `$`: psql, which splits a file at each `;` outside parentheses and
    /// quotes, then ran the CREATE TABLE inside as a statement of its own.
    #[test]
    fn a_dollar_quote_tag_postgresql_does_not_read_is_refused() {
        let pg = PostgreSqlDialect {};
        for bad in [
            "body = $1$ x)); CREATE TABLE injected (x int); SELECT (($1$",
            "$1$ x $1$",
            "body = $9a$ x $9a$",
        ] {
            assert!(check_expression(&pg, bad).is_err(), "{bad} accepted");
        }
        for good in ["body = $$x$$", "body = $a1$ x;y $a1$", "body = $_$ x $_$"] {
            assert!(check_expression(&pg, good).is_ok(), "{good} refused");
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = format!("{}1{}", "(".repeat(4000), ")".repeat(4000));
        for d in dialects() {
            assert!(check_expression(d.as_ref(), &deep).is_err());
        }
    }

    /// 70 NOTs or unary minuses: said to nest too deep, not "unexpected 'NOT'" or sqlparser's
    /// own words (and before the parser's recursion, which overflowed a debug build's 2 MB
    /// test-thread stack at 30 NOTs); 10 are taken.
    #[test]
    fn operators_nested_too_deep_are_said_to_be() {
        for d in dialects() {
            for e in [
                format!("{}n > 1", "NOT ".repeat(70)),
                format!("{}n > 1", "- ".repeat(70)),
            ] {
                let message = check_expression(d.as_ref(), &e).unwrap_err().0;
                assert!(
                    message.starts_with("it nests operators or calls too deep"),
                    "{message}"
                );
            }
            assert!(check_expression(d.as_ref(), &format!("{}n > 1", "NOT ".repeat(10))).is_ok());
            assert!(check_expression(d.as_ref(), &format!("{}n > 1", "NOT - ".repeat(9))).is_err());
            let message = check_expression(d.as_ref(), "a > 1 NOT b").unwrap_err().0;
            assert!(message.starts_with("unexpected 'NOT'"), "{message}");
            // NOT in names and strings, or far apart, is no nesting (a review's case).
            let spread = format!("{}note > 1 NOT note", "note + ".repeat(60));
            let message = check_expression(d.as_ref(), &spread).unwrap_err().0;
            assert!(message.starts_with("unexpected 'NOT'"), "{message}");
        }
    }

    #[test]
    fn bracket_names_are_refused_on_postgresql_and_mysql_and_taken_on_sqlite() {
        let pg = check_expression(&PostgreSqlDialect {}, "[status] IN ('a', 'b')")
            .unwrap_err()
            .0;
        assert!(
            pg.contains("SQL Server") && pg.contains("write status, or \"status\""),
            "{pg}"
        );
        let my = check_expression(&MySqlDialect {}, "[status] IN ('a', 'b')")
            .unwrap_err()
            .0;
        assert!(my.contains("write status, or `status`"), "{my}");
        let spaced = check_expression(&PostgreSqlDialect {}, "[order date] > '2020-01-01'");
        assert!(spaced.unwrap_err().0.contains("write \"order date\""));
        assert_eq!(
            check_expression(&SQLiteDialect {}, "[status] IN ('a', 'b')").unwrap(),
            vec!["status"]
        );
        // Subscripts and ARRAY[…] are no names in brackets.
        for text in [
            "tags[1] = 'a'",
            "tags[i] = 'a'",
            "(ARRAY[a, b])[1] = 1",
            "ARRAY[a] = ARRAY[1]",
        ] {
            assert!(
                check_expression(&PostgreSqlDialect {}, text).is_ok(),
                "{text}"
            );
        }
    }
}
