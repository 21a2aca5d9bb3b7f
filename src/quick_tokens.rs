//! A fast tokenizer for the self-check of PostgreSQL and MySQL output. It reads the plain subset
//! of SQL the renderers write (words, quoted identifiers, simple string literals, integers and
//! decimals, punctuation and the common operators) and gives exactly the tokens sqlparser's own
//! tokenizer gives for the same text, without its per-character dialect calls and per-word
//! upper-cased copy — in the profile, that tokenizer was the largest part of generating a
//! PostgreSQL or MySQL migration. On anything outside the subset (comments, prefixed strings,
//! backslashes, unusual operators, non-ASCII outside quotes, …) it answers `None` and the caller
//! uses sqlparser's tokenizer, so it can only ever be faster, never different. The parse itself
//! stays sqlparser's. Debug builds compare both tokenizers on every checked statement.

use crate::word_table::WordTable;
use sqlparser::dialect::{
    Dialect as ParserDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};
use sqlparser::keywords::{Keyword, ALL_KEYWORDS, ALL_KEYWORDS_INDEX};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace, Word};

/// The dialects this tokenizer knows; they differ only in the identifier quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Postgres,
    MySql,
}

impl Flavor {
    fn of(dialect: &dyn ParserDialect) -> Option<Flavor> {
        if dialect.is::<PostgreSqlDialect>() {
            Some(Flavor::Postgres)
        } else if dialect.is::<MySqlDialect>() {
            Some(Flavor::MySql)
        } else {
            None
        }
    }

    fn identifier_quote(self) -> u8 {
        match self {
            Flavor::Postgres => b'"',
            Flavor::MySql => b'`',
        }
    }
}

/// Tokens of `sql` as sqlparser's tokenizer for `dialect` would give them: from the fast path
/// when the text is in its subset, else from sqlparser itself. They come wrapped as the parser
/// takes them (`Parser::with_tokens_with_locations`), with no location, as `Parser::with_tokens`
/// would wrap them: no second vector of tokens is built for the parser.
pub fn tokenize(
    dialect: &dyn ParserDialect,
    sql: &str,
) -> Result<Vec<TokenWithSpan>, sqlparser::tokenizer::TokenizerError> {
    tokens(dialect, sql, true)
}

/// The bytes that continue a bare word here (ASCII letters, digits and `_`), by byte value: one
/// load per byte instead of the range tests of `is_ascii_alphanumeric` (the word scan was ~3%
/// of a PostgreSQL generation's instructions).
static IN_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// Characters that would extend an operator into a PostgreSQL custom operator.
fn extends_operator(b: Option<&u8>) -> bool {
    matches!(
        b,
        Some(
            b'+' | b'-'
                | b'*'
                | b'/'
                | b'<'
                | b'>'
                | b'='
                | b'~'
                | b'!'
                | b'@'
                | b'#'
                | b'%'
                | b'^'
                | b'&'
                | b'|'
                | b'`'
                | b'?'
        )
    )
}

/// The keyword a bare word is, compared in ASCII upper case without allocating (sqlparser's
/// keyword list, arranged once for lookups by hash).
fn keyword(word: &[u8]) -> Keyword {
    static KEYWORDS: WordTable = WordTable::new(ALL_KEYWORDS);
    KEYWORDS
        .position(word)
        .map_or(Keyword::NoKeyword, |i| ALL_KEYWORDS_INDEX[i])
}

/// Reads a quoted run starting after its opening `quote`, where a doubled quote stands for one;
/// returns the unescaped text and the index after the closing quote. `None` when unterminated
/// or (with `no_backslash`) when it holds a backslash.
fn quoted(sql: &str, start: usize, quote: u8, no_backslash: bool) -> Option<(String, usize)> {
    let bytes = sql.as_bytes();
    let mut out = String::new();
    let mut from = start;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && no_backslash {
            return None;
        }
        if b == quote {
            out.push_str(&sql[from..i]);
            if bytes.get(i + 1) == Some(&quote) {
                out.push(quote as char);
                i += 2;
                from = i;
                continue;
            }
            return Some((out, i + 1));
        }
        i += 1;
    }
    None
}

/// The tokens of `sql` that the parser reads, for the self-check of generated statements: on
/// the fast path, without whitespace and comments; else sqlparser's own tokens. sqlparser's
/// parser skips whitespace everywhere but in three places, none reachable from the fast path's
/// subset: `:name`/`@name` placeholders (the subset has no lone `:` or `@`), BigQuery's
/// hyphenated names (another dialect) and COPY's tab-separated data (no COPY is generated). So
/// the parse is the same with or without them (a test holds the two to the same syntax trees),
/// and about half the tokens of a CREATE TABLE are not made, copied or skipped.
pub fn significant_tokens(
    dialect: &dyn ParserDialect,
    sql: &str,
) -> Result<Vec<TokenWithSpan>, sqlparser::tokenizer::TokenizerError> {
    tokens(dialect, sql, false)
}

/// sqlparser reads a few words as the start of a special form wherever they stand in an
/// expression, and never falls back to reading them as a name: the words it keeps from names
/// (`sqlparser::keywords::RESERVED_FOR_IDENTIFIER`: EXISTS, INTERVAL, STRUCT, TRIM) at the start
/// of an operand, and ANY, SOME and ALL after any binary operator (`a = ANY (…)`). The databases
/// read them as a column's name where the target dialect does not reserve them (PostgreSQL:
/// `interval`, `exists`, `trim`; MySQL: `trim`, `any`, `some`; SQLite: `interval`, `trim`,
/// `any`, `some`), in a key's or an index's column list, a CHECK or a partial index's WHERE
/// (`PRIMARY KEY (interval, id)`, `CHECK (trim * 2 > 0)`, `a > 0 OR any IN (1, 2)`). Each of
/// these words that the dialect does not reserve (the generator refuses the reserved ones as
/// names, so those are keywords wherever they stand) is marked as a quoted name, for the parse
/// only (the SQL text is unchanged, and the engines read it as the name), unless what follows
/// makes it the special form, which every database here writes with a parenthesis right after
/// the word (`EXISTS (`, `TRIM (`, `ANY (`; STRUCT also `STRUCT<`) or, for INTERVAL, a string
/// literal or a parenthesis (`INTERVAL '1 day'`: PostgreSQL's interval literal needs the string,
/// SQLite has none). `IF [NOT] EXISTS` stays the clause whatever name follows (MySQL lets a table
/// be called `ilike`), and ONLY after `ALTER TABLE` is a MySQL table's name (see
/// [`only_names_the_altered_table`]). Without this a valid spec came back as
/// GENERATED_SQL_REJECTED or INVALID_CHECK_EXPRESSION (found by the random engine test,
/// __test__/engines-random.test.mjs, then by the keyword sweep, __test__/engines/keyword-sweep.mjs,
/// which tries every keyword in every place a name stands).
pub fn keywords_standing_as_names(dialect: &dyn ParserDialect, tokens: &mut [TokenWithSpan]) {
    let target = if dialect.is::<MySqlDialect>() {
        Some(crate::spec::DatabaseType::Mysql)
    } else if dialect.is::<PostgreSqlDialect>() {
        Some(crate::spec::DatabaseType::Postgresql)
    } else if dialect.is::<SQLiteDialect>() {
        Some(crate::spec::DatabaseType::Sqlite)
    } else {
        None
    };
    let reserved =
        |word: &str| target.is_some_and(|db| crate::dialect::for_database(db).is_reserved(word));
    for i in 0..tokens.len() {
        let Token::Word(w) = &tokens[i].token else {
            continue;
        };
        if w.quote_style.is_some() {
            continue;
        }
        let opens_a_form: fn(&Token) -> bool = match w.keyword {
            Keyword::ONLY => {
                if only_names_the_altered_table(tokens, i) {
                    mark_as_name(&mut tokens[i]);
                }
                continue;
            }
            // `IF [NOT] EXISTS`: the clause's EXISTS, whatever name follows.
            Keyword::EXISTS if after_if(tokens, i) => continue,
            Keyword::EXISTS | Keyword::TRIM | Keyword::ANY | Keyword::SOME | Keyword::ALL => {
                |next: &Token| *next == Token::LParen
            }
            Keyword::STRUCT => |next: &Token| matches!(next, Token::LParen | Token::Lt),
            Keyword::INTERVAL => |next: &Token| {
                matches!(
                    next,
                    Token::LParen
                        | Token::SingleQuotedString(_)
                        | Token::DoubleQuotedString(_)
                        | Token::EscapedStringLiteral(_)
                        | Token::NationalStringLiteral(_)
                        | Token::UnicodeStringLiteral(_)
                        | Token::DollarQuotedString(_)
                )
            },
            _ => continue,
        };
        if reserved(&w.value) {
            continue;
        }
        if !significant_after(tokens, i).is_some_and(opens_a_form) {
            mark_as_name(&mut tokens[i]);
        }
    }
}

/// MySQL operators sqlparser's MySqlDialect does not read (sqlparser 0.59), rewritten in the
/// tokens for the parse only — the SQL text, which the database reads, stays as written:
/// `x MOD y` becomes `x % y` (the same precedence in MySQL), the prefix `BINARY x` is dropped
/// (it binds tighter than any other operator, so the tree around it is unchanged: `BINARY code =
/// UPPER(code)` is read as `code = UPPER(code)`), and `a SOUNDS LIKE b` becomes `a = b` (MySQL's
/// `SOUNDEX(a) = SOUNDEX(b)`, a comparison as LIKE is). Each form only where it stands as the
/// operator: MOD after an operand (MOD is reserved in MySQL, so `MOD(` at an operand's start is
/// the function), BINARY at an operand's start and before one (not `CAST(x AS BINARY)`, a column
/// typed `BINARY(16)` or `BINARY NOT NULL`), SOUNDS after an operand and before LIKE (MySQL does
/// not reserve SOUNDS: `sounds LIKE 'x'` compares a column called sounds; `NOT SOUNDS LIKE` is
/// no MySQL syntax, MariaDB 10.11 refuses it, and stays refused here). Without this, valid CHECKs
/// (`a MOD 2 = 0`, `BINARY code = UPPER(code)`, `name SOUNDS LIKE 'x'`, each taken by MariaDB
/// 10.11 and in the MySQL 8.0 manual) came back as INVALID_CHECK_EXPRESSION.
pub fn mysql_operators_for_parse(tokens: &mut [TokenWithSpan]) {
    for i in 0..tokens.len() {
        let Token::Word(w) = &tokens[i].token else {
            continue;
        };
        // Only these three words are rewritten: any other is passed before the scans around
        // it (which were 2% of a MySQL generation's instructions, for every word of every
        // checked statement).
        let candidate = matches!(w.keyword, Keyword::MOD | Keyword::BINARY)
            || w.value.eq_ignore_ascii_case("sounds");
        if w.quote_style.is_some() || !candidate {
            continue;
        }
        let after_operand = ends_an_operand(significant_before(tokens, i).next());
        let next = significant_after(tokens, i);
        match w.keyword {
            Keyword::MOD if after_operand => tokens[i].token = Token::Mod,
            Keyword::BINARY if !after_operand && next.is_some_and(starts_an_operand) => {
                tokens[i].token = Token::Whitespace(Whitespace::Space);
            }
            _ if w.value.eq_ignore_ascii_case("sounds")
                && after_operand
                && keyword_of(next) == Some(Keyword::LIKE) =>
            {
                tokens[i].token = Token::Whitespace(Whitespace::Space);
                if let Some(like) = tokens[i + 1..]
                    .iter_mut()
                    .find(|t| !matches!(t.token, Token::Whitespace(_)))
                {
                    like.token = Token::Eq;
                }
            }
            _ => {}
        }
    }
}

/// Turns SQLite's `NOT GLOB` into `GLOB` for the parse only: sqlparser reads `x GLOB 'a*'` but
/// not `x NOT GLOB 'a*'` ("Expected: IN or BETWEEN after NOT"), which SQLite takes and enforces
/// (a user trial's CHECK was refused). The NOT changes no operand's type, which is all the
/// parse is for; the expression is written to the migration as the user gave it.
pub fn sqlite_operators_for_parse(tokens: &mut [TokenWithSpan]) {
    for i in 0..tokens.len() {
        let Token::Word(w) = &tokens[i].token else {
            continue;
        };
        if w.quote_style.is_none()
            && w.keyword == Keyword::NOT
            && ends_an_operand(significant_before(tokens, i).next())
            && keyword_of(significant_after(tokens, i)) == Some(Keyword::GLOB)
        {
            tokens[i].token = Token::Whitespace(Whitespace::Space);
        }
    }
}

/// Whether the token before a word ends an operand, so that the word stands where a binary
/// operator does: a literal, a name, a closing parenthesis, or a keyword other than those
/// an operand follows (AND, NOT, WHEN, LIKE, …).
fn ends_an_operand(before: Option<&Token>) -> bool {
    match before {
        Some(Token::Word(w)) => {
            w.quote_style.is_some()
                || !matches!(
                    w.keyword,
                    Keyword::AND
                        | Keyword::OR
                        | Keyword::XOR
                        | Keyword::NOT
                        | Keyword::CASE
                        | Keyword::WHEN
                        | Keyword::THEN
                        | Keyword::ELSE
                        | Keyword::LIKE
                        | Keyword::REGEXP
                        | Keyword::RLIKE
                        | Keyword::BETWEEN
                        | Keyword::DIV
                        | Keyword::MOD
                        | Keyword::BINARY
                        | Keyword::INTERVAL
                        | Keyword::ESCAPE
                        | Keyword::IS
                        | Keyword::IN
                        | Keyword::CHECK
                        | Keyword::WHERE
                )
        }
        Some(
            Token::Number(..)
            | Token::SingleQuotedString(_)
            | Token::DoubleQuotedString(_)
            | Token::HexStringLiteral(_)
            | Token::NationalStringLiteral(_)
            | Token::RParen,
        ) => true,
        _ => false,
    }
}

/// Whether a token can start an operand (a name, a literal, a parenthesis, a prefix operator).
fn starts_an_operand(t: &Token) -> bool {
    match t {
        Token::Word(w) => {
            w.quote_style.is_some()
                || !matches!(
                    w.keyword,
                    Keyword::AND
                        | Keyword::OR
                        | Keyword::XOR
                        | Keyword::IS
                        | Keyword::IN
                        | Keyword::LIKE
                        | Keyword::NULL
                        | Keyword::DEFAULT
                        | Keyword::COLLATE
                        | Keyword::CHARACTER
                        | Keyword::CHARSET
                        | Keyword::PRIMARY
                        | Keyword::UNIQUE
                        | Keyword::REFERENCES
                        | Keyword::GENERATED
                        | Keyword::AS
                        | Keyword::COMMENT
                        | Keyword::AFTER
                        | Keyword::FIRST
                        | Keyword::THEN
                        | Keyword::END
                        | Keyword::ELSE
                        | Keyword::WHEN
                )
        }
        Token::Number(..)
        | Token::SingleQuotedString(_)
        | Token::DoubleQuotedString(_)
        | Token::HexStringLiteral(_)
        | Token::NationalStringLiteral(_)
        | Token::LParen
        | Token::Minus
        | Token::Plus
        | Token::Tilde
        | Token::ExclamationMark => true,
        _ => false,
    }
}

/// Whether `tokens[i]` follows `IF` or `IF NOT`.
fn after_if(tokens: &[TokenWithSpan], i: usize) -> bool {
    let mut before = significant_before(tokens, i);
    match keyword_of(before.next()) {
        Some(Keyword::IF) => true,
        Some(Keyword::NOT) => keyword_of(before.next()) == Some(Keyword::IF),
        _ => false,
    }
}

/// Makes a keyword token a quoted name, for the parse only.
fn mark_as_name(token: &mut TokenWithSpan) {
    if let Token::Word(w) = &token.token {
        let value = w.value.clone();
        token.token = Token::Word(Word {
            value,
            quote_style: Some('"'),
            keyword: Keyword::NoKeyword,
        });
    }
}

/// The keyword of an unquoted word token, if it is one.
fn keyword_of(t: Option<&Token>) -> Option<Keyword> {
    match t {
        Some(Token::Word(w)) if w.quote_style.is_none() => Some(w.keyword),
        _ => None,
    }
}

/// The tokens before `tokens[i]`, nearest first, without whitespace.
fn significant_before(tokens: &[TokenWithSpan], i: usize) -> impl Iterator<Item = &Token> {
    tokens[..i]
        .iter()
        .rev()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_)))
}

/// The first token after `tokens[i]` that is not whitespace.
fn significant_after(tokens: &[TokenWithSpan], i: usize) -> Option<&Token> {
    tokens[i + 1..]
        .iter()
        .map(|t| &t.token)
        .find(|t| !matches!(t, Token::Whitespace(_)))
}

/// sqlparser reads `ALTER TABLE [IF EXISTS] ONLY` as PostgreSQL's ONLY wherever it stands, so
/// a MySQL table called `only` (MySQL does not reserve it) made `ALTER TABLE only ADD CONSTRAINT
/// …` read ADD as the table's name and fail. ONLY right after `ALTER TABLE [IF EXISTS]` and right
/// before an ALTER TABLE action word (ADD, DROP, MODIFY, CHANGE, ALTER, RENAME), or the end, is
/// the table's name: PostgreSQL's ONLY is followed by a table name, and a table called like those
/// words is quoted in PostgreSQL (they are reserved or the generator quotes them). Found by the
/// random engine test (MariaDB seeds 304, 511, 589, 1109, 1211).
fn only_names_the_altered_table(tokens: &[TokenWithSpan], i: usize) -> bool {
    let mut before = significant_before(tokens, i);
    let mut prev = keyword_of(before.next());
    if prev == Some(Keyword::EXISTS) {
        if keyword_of(before.next()) != Some(Keyword::IF) {
            return false;
        }
        prev = keyword_of(before.next());
    }
    if prev != Some(Keyword::TABLE) || keyword_of(before.next()) != Some(Keyword::ALTER) {
        return false;
    }
    match significant_after(tokens, i) {
        None | Some(Token::EOF | Token::SemiColon) => true,
        Some(t) => matches!(
            keyword_of(Some(t)),
            Some(
                Keyword::ADD
                    | Keyword::DROP
                    | Keyword::MODIFY
                    | Keyword::CHANGE
                    | Keyword::ALTER
                    | Keyword::RENAME
            )
        ),
    }
}

/// [`tokenize`], leaving whitespace and comments out of the fast path's tokens unless
/// `whitespace`. Debug builds compare the fast path with sqlparser's tokenizer every time.
fn tokens(
    dialect: &dyn ParserDialect,
    sql: &str,
    whitespace: bool,
) -> Result<Vec<TokenWithSpan>, sqlparser::tokenizer::TokenizerError> {
    match scan(dialect, sql, whitespace) {
        Some(tokens) => {
            #[cfg(debug_assertions)]
            assert_eq!(
                Ok(tokens.iter().map(|t| &t.token).collect::<Vec<_>>()),
                Tokenizer::new(dialect, sql).tokenize().as_ref().map(|t| t
                    .iter()
                    .filter(|t| whitespace || !matches!(t, Token::Whitespace(_)))
                    .collect::<Vec<_>>()),
                "quick tokens differ from sqlparser's for {sql:?}"
            );
            Ok(tokens)
        }
        None => Tokenizer::new(dialect, sql)
            .tokenize()
            .map(|tokens| tokens.into_iter().map(TokenWithSpan::wrap).collect()),
    }
}

/// The fast path: `None` when `sql` has anything outside the subset this tokenizer knows.
pub fn quick(dialect: &dyn ParserDialect, sql: &str) -> Option<Vec<TokenWithSpan>> {
    scan(dialect, sql, true)
}

/// [`quick`], leaving whitespace and comments out unless `whitespace`.
fn scan(dialect: &dyn ParserDialect, sql: &str, whitespace: bool) -> Option<Vec<TokenWithSpan>> {
    let flavor = Flavor::of(dialect)?;
    let bytes = sql.as_bytes();
    let mut tokens = Vec::with_capacity(sql.len() / if whitespace { 3 } else { 5 });
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Left out: not made only to be dropped (a token, and a drop call, per blank).
        if !whitespace && matches!(b, b' ' | b'\t' | b'\n') {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1);
        let (token, len) = match b {
            b' ' => (Token::Whitespace(Whitespace::Space), 1),
            b'\t' => (Token::Whitespace(Whitespace::Tab), 1),
            b'\n' => (Token::Whitespace(Whitespace::Newline), 1),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = i + bytes[i..]
                    .iter()
                    .position(|c| !IN_WORD[usize::from(*c)])
                    .unwrap_or(bytes.len() - i);
                // `$`, `@` and non-ASCII continue words in these dialects; a quote or `&` right
                // after a word makes a prefixed literal (E'…', N'…', X'…', U&'…').
                if matches!(
                    bytes.get(end),
                    Some(b'$' | b'@' | b'\'' | b'"' | b'`' | b'&' | 0x80..)
                ) {
                    return None;
                }
                let word = &sql[i..end];
                let token = Token::Word(Word {
                    value: word.to_string(),
                    quote_style: None,
                    keyword: keyword(word.as_bytes()),
                });
                (token, end - i)
            }
            b'0'..=b'9' => {
                let mut end = i + 1;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                if bytes.get(end) == Some(&b'.') {
                    if !bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                        return None;
                    }
                    end += 1;
                    while end < bytes.len() && bytes[end].is_ascii_digit() {
                        end += 1;
                    }
                }
                // Exponents, hexadecimal, separators, `L` suffixes and MySQL's identifiers that
                // begin with a digit are left to sqlparser.
                if bytes.get(end).is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$' | b'@' | 0x80..)
                }) {
                    return None;
                }
                (Token::Number(sql[i..end].to_string(), false), end - i)
            }
            b'\'' => {
                let (text, end) = quoted(sql, i + 1, b'\'', true)?;
                (Token::SingleQuotedString(text), end - i)
            }
            q if q == flavor.identifier_quote() => {
                let (text, end) = quoted(sql, i + 1, q, false)?;
                if text.is_empty() {
                    return None;
                }
                let token = Token::Word(Word {
                    value: text,
                    quote_style: Some(q as char),
                    keyword: Keyword::NoKeyword,
                });
                (token, end - i)
            }
            b'.' if !next.is_some_and(|c| c.is_ascii_digit() || *c == b'_') => (Token::Period, 1),
            // A `-- ` comment (the renderers head blocks with one), up to the end of its line
            // (the newline is a token of its own).
            b'-' if next == Some(&b'-') && bytes.get(i + 2) == Some(&b' ') => {
                let end = bytes[i..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(bytes.len(), |p| i + p);
                let comment = &sql[i + 2..end];
                if comment.contains('\r') {
                    return None;
                }
                let token = Token::Whitespace(Whitespace::SingleLineComment {
                    prefix: "--".to_string(),
                    comment: comment.to_string(),
                });
                (token, end - i)
            }
            b'(' => (Token::LParen, 1),
            b')' => (Token::RParen, 1),
            b',' => (Token::Comma, 1),
            b';' => (Token::SemiColon, 1),
            b'+' => (Token::Plus, 1),
            b'*' => (Token::Mul, 1),
            b'/' if !matches!(next, Some(b'*' | b'/')) => (Token::Div, 1),
            b':' if next == Some(&b':') => (Token::DoubleColon, 2),
            b'!' if next == Some(&b'=') => (Token::Neq, 2),
            b'=' if !matches!(next, Some(b'>' | b'=')) => (Token::Eq, 1),
            // The rest may continue into a longer or custom operator: only the plain forms.
            b'-' | b'%' | b'<' | b'>' | b'|' => {
                let (token, len) = match (b, next) {
                    (b'<', Some(b'=')) => (Token::LtEq, 2),
                    (b'<', Some(b'>')) => (Token::Neq, 2),
                    (b'>', Some(b'=')) => (Token::GtEq, 2),
                    (b'|', Some(b'|')) => (Token::StringConcat, 2),
                    (b'|', _) => return None,
                    (b'<', _) => (Token::Lt, 1),
                    (b'>', _) => (Token::Gt, 1),
                    (b'-', _) => (Token::Minus, 1),
                    _ => (Token::Mod, 1),
                };
                if extends_operator(bytes.get(i + len)) {
                    return None;
                }
                (token, len)
            }
            _ => return None,
        };
        if whitespace || !matches!(token, Token::Whitespace(_)) {
            tokens.push(TokenWithSpan::wrap(token));
        }
        i += len;
    }
    Some(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(dialect: &dyn ParserDialect, sql: &str) -> bool {
        let ours = quick(dialect, sql);
        if let Some(ours) = &ours {
            let ours: Vec<&Token> = ours.iter().map(|t| &t.token).collect();
            let theirs = Tokenizer::new(dialect, sql).tokenize().unwrap();
            assert_eq!(ours, theirs.iter().collect::<Vec<_>>(), "{sql:?}");
        }
        ours.is_some()
    }

    #[test]
    fn generated_statements_take_the_fast_path_with_identical_tokens() {
        let pg = PostgreSqlDialect {};
        for sql in [
            "CREATE TABLE \"t\" (\n  \"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n  \"a\" VARCHAR(120) NOT NULL DEFAULT 'O''Brien',\n  \"p\" NUMERIC(12, 2) DEFAULT 0.5,\n  CONSTRAINT \"c\" CHECK (\"p\" >= 0 AND \"a\" <> '' OR \"p\" != -1 AND a || 'x' = 'y'),\n  \"t\" TIMESTAMPTZ DEFAULT now()::timestamptz\n);",
            "-- table 1\n-- ünïcode ''comment''\nSELECT 1; -- end",
            "COMMENT ON TABLE \"t\" IS 'Ünïcode ''quoted'' text';",
            "DROP TABLE IF EXISTS \"we\"\"ird\" CASCADE;",
            "CREATE INDEX \"i\" ON \"t\" USING gin (\"j\") WHERE \"a\" > 1 AND b < 2 AND c <= 3 AND d % 2 = 0;",
            "SELECT 1 * 2 / 3 + 4 - 5;",
        ] {
            assert!(same(&pg, sql), "not on the fast path: {sql}");
        }
        let my = MySqlDialect {};
        for sql in [
            "CREATE TABLE `t` (\n  `id` BIGINT NOT NULL AUTO_INCREMENT,\n  `a` VARCHAR(120) NOT NULL DEFAULT 'x',\n  PRIMARY KEY (`id`),\n  CONSTRAINT `c` CHECK (`a` <> '')\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;",
            "DROP TABLE IF EXISTS `we``ird`;",
        ] {
            assert!(same(&my, sql), "not on the fast path: {sql}");
        }
    }

    #[test]
    fn anything_unusual_goes_to_sqlparser() {
        let pg = PostgreSqlDialect {};
        let my = MySqlDialect {};
        for sql in [
            "SELECT E'\\n'",
            "SELECT N'x'",
            "SELECT U&'x'",
            "SELECT 1e5",
            "SELECT 1_000",
            "SELECT 0x1F",
            "SELECT .5",
            "SELECT 1.",
            "SELECT a --comment",
            "SELECT a -- com\rment",
            "SELECT /* c */ 1",
            "SELECT a->>'b'",
            "SELECT a <@ b",
            "SELECT a <=> b",
            "SELECT a >> 1",
            "SELECT a -+ 1",
            "SELECT a := 1",
            "SELECT $1",
            "SELECT a$b",
            "SELECT ä",
            "SELECT 'unterminated",
            "SELECT \"\"",
            "SELECT a\r\nFROM b",
            "SELECT `x`",
            "SELECT a == b",
            "SELECT a |/ b",
        ] {
            assert!(!same(&pg, sql), "should leave {sql:?} to sqlparser");
        }
        for sql in [
            "SELECT 'a\\'b'",
            "SELECT \"x\"",
            "SELECT 1a",
            "SELECT # comment",
            "SELECT @v",
        ] {
            assert!(!same(&my, sql), "should leave {sql:?} to sqlparser");
        }
        assert!(quick(&sqlparser::dialect::SQLiteDialect {}, "SELECT 1").is_none());
    }

    /// Every word sqlparser keeps from names (and ANY, SOME, ALL) is a name where no form opens
    /// after it, and stays the keyword where one does: a sqlparser upgrade that adds a word to
    /// `RESERVED_FOR_IDENTIFIER` fails here until the rule knows how that word's form opens.
    #[test]
    fn each_word_kept_from_names_is_a_name_unless_its_form_opens() {
        let generic = sqlparser::dialect::GenericDialect {};
        let extra = [Keyword::ANY, Keyword::SOME, Keyword::ALL];
        let words = sqlparser::keywords::RESERVED_FOR_IDENTIFIER
            .iter()
            .chain(&extra);
        // Whether each word of `sql` is read as a name (the generic dialect's tokens, from
        // sqlparser's tokenizer, keep their whitespace).
        let names = |dialect: &dyn ParserDialect, sql: &str| -> Vec<bool> {
            let mut tokens = significant_tokens(dialect, sql).unwrap();
            keywords_standing_as_names(dialect, &mut tokens);
            tokens
                .iter()
                .filter_map(|t| match &t.token {
                    Token::Word(w) => Some(w.quote_style.is_some()),
                    _ => None,
                })
                .collect()
        };
        let marked = |sql: &str| names(&generic, sql)[1];
        for k in words {
            let word = ALL_KEYWORDS[ALL_KEYWORDS_INDEX.iter().position(|x| x == k).unwrap()];
            for after in [
                ",", ")", "", "* 2", "- 1", "IS NULL", "IN (1)", "= 1", "< 1",
            ] {
                if *k == Keyword::STRUCT && after == "< 1" {
                    continue; // STRUCT<…> is the form's own opening
                }
                assert!(marked(&format!("a + {word} {after}")), "{word} {after}");
            }
            assert!(!marked(&format!("a + {word}(1)")), "{word}(");
        }
        assert!(!marked("a + INTERVAL '1 day'"));
        assert_eq!(
            names(&generic, "IF NOT EXISTS exists"),
            [false, false, false, true]
        );
        // What the target dialect reserves is a keyword wherever it stands.
        assert!(!names(&MySqlDialect {}, "a + INTERVAL - 1 DAY")[1]);
        assert!(names(&PostgreSqlDialect {}, "a + interval - 1")[1]);
    }

    #[test]
    fn keywords_are_found_in_any_case() {
        assert_eq!(keyword(b"create"), Keyword::CREATE);
        assert_eq!(keyword(b"Table"), Keyword::TABLE);
        assert_eq!(keyword(b"not_a_keyword"), Keyword::NoKeyword);
        assert_eq!(keyword(&[b'a'; 100]), Keyword::NoKeyword);
        assert_eq!(keyword(b""), Keyword::NoKeyword);
        for (k, expected) in ALL_KEYWORDS.iter().zip(ALL_KEYWORDS_INDEX) {
            assert_eq!(keyword(k.as_bytes()), *expected, "{k}");
            assert_eq!(keyword(k.to_ascii_lowercase().as_bytes()), *expected, "{k}");
        }
    }

    /// The parse of the significant tokens is the parse of all of them.
    fn parses_the_same_without_whitespace(dialect: &dyn ParserDialect, sql: &str) {
        use sqlparser::parser::Parser;
        let Some(all) = quick(dialect, sql) else {
            return;
        };
        let expected = Parser::new(dialect)
            .with_tokens_with_locations(all)
            .parse_statements();
        let significant = significant_tokens(dialect, sql).unwrap();
        assert!(!significant
            .iter()
            .any(|t| matches!(t.token, Token::Whitespace(_))));
        let got = Parser::new(dialect)
            .with_tokens_with_locations(significant)
            .parse_statements();
        assert_eq!(got, expected, "{sql:?}");
    }

    #[test]
    fn every_printable_ascii_pair_agrees_or_falls_back() {
        let pg = PostgreSqlDialect {};
        let my = MySqlDialect {};
        let alphabet: Vec<char> = (b' '..=b'~').map(char::from).collect();
        for a in &alphabet {
            for b in &alphabet {
                for c in ['x', '1', ' ', '\'', '"', '`', '='] {
                    let sql = format!("x{a}{b}{c}y");
                    same(&pg, &sql);
                    same(&my, &sql);
                    parses_the_same_without_whitespace(&pg, &format!("SELECT {sql}"));
                    parses_the_same_without_whitespace(&my, &format!("SELECT {sql}"));
                }
            }
        }
    }
}
