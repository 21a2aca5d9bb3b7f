//! Forms sqlparser reads in an expression that the database itself refuses when the migration
//! runs (found by the expression trial; each checked on PostgreSQL 15, MariaDB 10.11 and MySQL
//! 9.7, and run on the servers by `__test__/expressions-refused.test.mjs`): PostgreSQL's lexer
//! and grammar where they differ from sqlparser's (operator runs such as `!=-`, digits grouped
//! with `_`, `==`, `{…}` escapes, `:=`, chained comparisons, a cast to a keyword), MySQL's where
//! they differ (`0x` with no digits, `b'…'` with other digits than 0 and 1, `a = NOT b`, the types
//! a CAST takes, EXTRACT's units, an INTERVAL on its own), and the syntax of one that sqlparser
//! also reads for the other (MySQL's casts, CONVERT, introducers on PostgreSQL; OVERLAY and AT
//! TIME ZONE on MySQL).

use sqlparser::ast::{
    AccessExpr, BinaryOperator, DataType, DateTimeField, Expr, FunctionArg, FunctionArgOperator,
    FunctionArguments, UnaryOperator,
};
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

/// The characters PostgreSQL's lexer takes into one operator (`op_chars` in scan.l).
fn is_pg_operator_char(c: char) -> bool {
    matches!(
        c,
        '~' | '!'
            | '@'
            | '#'
            | '^'
            | '&'
            | '|'
            | '`'
            | '?'
            | '+'
            | '-'
            | '*'
            | '/'
            | '%'
            | '<'
            | '>'
            | '='
    )
}

/// How PostgreSQL splits a run of operator characters into operators: the whole run is one,
/// except that a run of more than one ending in `+` or `-` loses those ends unless it holds one of
/// `~ ! @ # ^ & | ` ? %` (so `=-` is `=` then `-`, but `!=-` and `^-` are one operator each).
/// Returns the byte offsets inside `run` where a new operator starts (0 excluded).
fn pg_operator_breaks(run: &str) -> Vec<usize> {
    let chars: Vec<char> = run.chars().collect();
    let mut breaks = Vec::new();
    let mut start = 0usize;
    while start < chars.len() {
        let rest = &chars[start..];
        let mut n = rest.len();
        if n > 1 && matches!(rest[n - 1], '+' | '-') {
            let special = rest[..n - 1]
                .iter()
                .any(|c| matches!(c, '~' | '!' | '@' | '#' | '^' | '&' | '|' | '`' | '?' | '%'));
            if !special {
                while n > 1 && matches!(rest[n - 1], '+' | '-') {
                    n -= 1;
                }
            }
        }
        start += n;
        if start < chars.len() {
            breaks.push(start);
        }
    }
    breaks
}

/// On PostgreSQL, a run of operator signs that sqlparser splits where PostgreSQL reads one
/// operator (`a !=-1`: sqlparser `!=` then `-`, PostgreSQL the operator `!=-`, which does not
/// exist): the run, and where sqlparser split it. Comments (`--`, `/*`) inside a run are refused
/// before this.
pub(crate) fn postgres_operator_run(
    dialect: &dyn ParserDialect,
    text: &str,
) -> Option<(String, String)> {
    // Cheap first look, over the bytes (the operator characters are ASCII): what is found ends
    // in a `+` or `-` right after another operator character. Every CHECK and default of a
    // spec comes here, and most have `>=` or `<>` but not this (tokenizing each of them was 2%
    // of a 1,000-table PostgreSQL generation's instructions).
    if !text.as_bytes().windows(2).any(|w| {
        matches!(w[1], b'+' | b'-') && w[0].is_ascii() && is_pg_operator_char(w[0] as char)
    }) {
        return None;
    }
    let bytes: Vec<char> = text.chars().collect();
    let tokens = Tokenizer::new(dialect, text)
        .tokenize_with_location()
        .ok()?;
    // Each token's text, from its columns (an expression is one line: line breaks are refused
    // before this), when it is made only of operator characters.
    let mut run: Vec<String> = Vec::new();
    let mut run_end = None;
    let finish = |run: &mut Vec<String>| -> Option<(String, String)> {
        let found = if run.len() > 1 {
            let whole: String = run.concat();
            let pg = pg_operator_breaks(&whole);
            let chars: Vec<char> = whole.chars().collect();
            // PostgreSQL's operator that holds the character at `at`: (start, end).
            let operator_at = |at: usize| {
                let start = pg.iter().copied().filter(|b| *b <= at).max().unwrap_or(0);
                let end = pg.iter().copied().find(|b| *b > at).unwrap_or(chars.len());
                (start, end)
            };
            let mut at = 0usize;
            let mut found = None;
            for part in &run[..run.len() - 1] {
                at += part.chars().count();
                // Only a sign that PostgreSQL keeps at an operator's end (`!=-`, `^-`): the sign
                // sqlparser reads as a prefix minus. Other runs PostgreSQL reads as one
                // (`@@@`, text search's old operator) sqlparser reads as operators too.
                let (start, end) = operator_at(at);
                if !pg.contains(&at) && matches!(chars[end - 1], '+' | '-') && end - start > 1 {
                    found = Some((chars[start..end].iter().collect::<String>(), run.join(" ")));
                    break;
                }
            }
            found
        } else {
            None
        };
        run.clear();
        found
    };
    for t in &tokens {
        let (start, end) = (t.span.start, t.span.end);
        if start.line != 1 || end.line != 1 {
            return None;
        }
        let piece: String = bytes
            .get((start.column as usize).saturating_sub(1)..(end.column as usize).saturating_sub(1))
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        let operator = !matches!(
            t.token,
            Token::Whitespace(_) | Token::Word(_) | Token::Number(..)
        ) && !piece.is_empty()
            && piece.chars().all(is_pg_operator_char);
        if operator {
            if run_end != Some(start.column) {
                if let Some(found) = finish(&mut run) {
                    return Some(found);
                }
            }
            run.push(piece);
            run_end = Some(end.column);
        } else {
            if let Some(found) = finish(&mut run) {
                return Some(found);
            }
            run_end = None;
        }
    }
    finish(&mut run)
}

/// Whether `found` holds at some character of `text` outside MySQL's quotes (`'…'`, `"…"`,
/// `` `…` ``; a doubled quote closes and reopens, which comes to the same; a backslash before a
/// quote is refused before this is asked), given all the characters and the position.
fn outside_mysql_quotes(text: &str, found: impl Fn(&[char], usize) -> bool) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut quote: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if found(&chars, i) => return true,
            None => {}
        }
    }
    false
}

/// On MySQL, `0x` with no hex digit after it, outside quotes: MySQL reads it as a name (MariaDB
/// 10.11: "Unknown column '0x'"), sqlparser as the empty blob `x''`.
pub(crate) fn mysql_empty_hex(text: &str) -> bool {
    outside_mysql_quotes(text, |chars, i| {
        let word_before =
            i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == '.');
        chars[i] == '0'
            && !word_before
            && chars.get(i + 1) == Some(&'x')
            && !chars.get(i + 2).is_some_and(|n| n.is_ascii_hexdigit())
    })
}

/// On MySQL, `/*` outside quotes. Comments are refused in expressions, and sqlparser (since
/// 0.64) reads a MySQL "versioned comment" `/*!99999 … */` as the tokens inside it, while the
/// server skips them when its version is lower: `n > 0 /*!99999 OR coalesce(abs( n */ ) ,
/// CHECK ( n < 0 /*!99999 ) ) */` was one expression to the check, and a second CHECK (or an
/// index) to MariaDB. Refused from the text, before any tokenizer reads it.
pub(crate) fn mysql_comment_start(text: &str) -> bool {
    outside_mysql_quotes(text, |chars, i| {
        chars[i] == '/' && chars.get(i + 1) == Some(&'*')
    })
}

/// The key words after which a `[` cannot be a subscript: an operand starts there.
const OPERAND_BEFORE: &[&str] = &[
    "and", "between", "case", "div", "else", "escape", "ilike", "in", "is", "like", "mod", "not",
    "or", "regexp", "rlike", "similar", "then", "when", "xor",
];

/// A name in SQL Server's brackets (`[status]`, `[order date]`), the names inside joined by a
/// space, when the `[` stands where an operand starts (not after a name, `)` or `]`, where it is
/// a subscript, nor after ARRAY). PostgreSQL reads it as a syntax error at "[", MySQL as no name
/// either (sqlparser as an array); SQLite takes it as a quoted name.
pub(crate) fn bracket_quoted_name(tokens: &[TokenWithSpan]) -> Option<String> {
    let significant: Vec<&Token> = tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    for (i, t) in significant.iter().enumerate() {
        if **t != Token::LBracket {
            continue;
        }
        let subscript = i.checked_sub(1).is_some_and(|j| match significant[j] {
            Token::Word(w) => {
                w.quote_style.is_some()
                    || !OPERAND_BEFORE.contains(&w.value.to_ascii_lowercase().as_str())
            }
            Token::RParen | Token::RBracket => true,
            _ => false,
        });
        if subscript {
            continue;
        }
        let mut words = Vec::new();
        for next in &significant[i + 1..] {
            match next {
                Token::Word(w) if w.quote_style.is_none() => words.push(w.value.as_str()),
                Token::RBracket if !words.is_empty() => return Some(words.join(" ")),
                _ => break,
            }
        }
    }
    None
}

/// Whether `op` compares (PostgreSQL's non-associative comparison operators).
/// An operator sqlparser takes whole that PostgreSQL reads as a comparison then a sign counts
/// too: sqlparser 0.64 reads `n >- 1` as the operator `>-`, PostgreSQL as `n > -1`, so `n >- 1
/// <- 2` is two comparisons in a row to PostgreSQL (a syntax error) and one to the check.
fn is_comparison(op: &BinaryOperator) -> bool {
    use BinaryOperator::*;
    match op {
        Eq | NotEq | Lt | Gt | LtEq | GtEq => true,
        Custom(text) => pg_operator_breaks(text)
            .first()
            .and_then(|b| text.get(..*b))
            .is_some_and(|first| matches!(first, "<" | ">" | "=" | "<=" | ">=" | "<>" | "!=")),
        _ => false,
    }
}

/// PostgreSQL's column-name key words that are no type (`1::between`, `1::none`: syntax errors
/// on PostgreSQL 15); its reserved words come from the dialect's list.
const PG_KEYWORDS_NOT_TYPES: &[&str] = &[
    "between",
    "coalesce",
    "exists",
    "extract",
    "greatest",
    "grouping",
    "inout",
    "least",
    "none",
    "normalize",
    "nullif",
    "out",
    "overlay",
    "position",
    "row",
    "setof",
    "substring",
    "treat",
    "trim",
    "values",
];

/// MySQL's and SQLite's type names PostgreSQL does not have (`type "datetime" does not exist`,
/// checked on PostgreSQL 15), upper case.
const PG_MISSING_TYPES: &[(&str, &str)] = &[
    ("SIGNED", "integer or bigint"),
    ("UNSIGNED", "integer or bigint"),
    ("DATETIME", "timestamp"),
    ("TINYINT", "smallint"),
    ("MEDIUMINT", "integer"),
    ("BLOB", "bytea"),
    ("TINYBLOB", "bytea"),
    ("MEDIUMBLOB", "bytea"),
    ("LONGBLOB", "bytea"),
    ("BINARY", "bytea"),
    ("VARBINARY", "bytea"),
    ("TINYTEXT", "text"),
    ("MEDIUMTEXT", "text"),
    ("LONGTEXT", "text"),
    ("YEAR", "integer"),
    ("DOUBLE", "double precision"),
    ("STRING", "text"),
    ("FIXED", "numeric"),
];

/// The upper-case name of a type as written, without its `(…)` (`CHAR(10)` → `CHAR`,
/// `SIGNED INTEGER` → `SIGNED INTEGER`).
pub(crate) fn base_name(t: &DataType) -> String {
    let text = t.to_string().to_ascii_uppercase();
    match text.find('(') {
        Some(i) => {
            let after = text[i..]
                .find(')')
                .map(|j| &text[i + j + 1..])
                .unwrap_or("");
            format!("{}{}", text[..i].trim_end(), after)
        }
        None => text,
    }
}

/// What of `t` PostgreSQL refuses as a cast's type: a key word (`1::OR`) or a type of MySQL's.
fn postgres_cast_type(t: &DataType) -> Option<String> {
    if let DataType::Custom(name, modifiers) = t {
        if let [part] = &name.0[..] {
            if let Some(ident) = part.as_ident() {
                let lower = ident.value.to_ascii_lowercase();
                let keyword = crate::dialect::for_database(crate::spec::DatabaseType::Postgresql)
                    .is_reserved(&lower)
                    || PG_KEYWORDS_NOT_TYPES.contains(&lower.as_str());
                if ident.quote_style.is_none() && modifiers.is_empty() && keyword {
                    return Some(format!(
                        "a cast to {}, which PostgreSQL reads as a key word, not a type (a syntax error there): name a type, such as ::integer or ::text",
                        ident.value
                    ));
                }
            }
        }
    }
    let base = base_name(t);
    if base.contains("UNSIGNED") {
        return Some(format!(
            "a cast to {t}, which is MySQL's: PostgreSQL has no unsigned types (write ::integer or ::bigint)"
        ));
    }
    PG_MISSING_TYPES
        .iter()
        .find(|(name, _)| base == *name || base == format!("{name} INTEGER"))
        .map(|(_, instead)| {
            format!("a cast to {t}, a type PostgreSQL does not have (write {instead})")
        })
}

/// The types MySQL 8.0+ and MariaDB 10.11 both take in CAST and CONVERT (checked on MariaDB
/// 10.11 and MySQL 9.7), without their `(…)`.
const MYSQL_CAST_TYPES: &[&str] = &[
    "BINARY",
    "CHAR",
    "NCHAR",
    "DATE",
    "DATETIME",
    "TIME",
    "DECIMAL",
    "DEC",
    "DOUBLE",
    "SIGNED",
    "SIGNED INTEGER",
    "UNSIGNED",
    "UNSIGNED INTEGER",
];

/// Why MySQL or MariaDB refuses `t` as the type of a CAST or CONVERT, with what to write.
fn mysql_cast_type(t: &DataType) -> Option<String> {
    let base = base_name(t);
    let text = t.to_string();
    // FLOAT is taken by both, FLOAT(p) by MySQL only.
    if MYSQL_CAST_TYPES.contains(&base.as_str()) || text.eq_ignore_ascii_case("FLOAT") {
        return None;
    }
    let instead = match base.as_str() {
        "TEXT" | "VARCHAR" | "CHARACTER" | "CHARACTER VARYING" | "STRING" | "TINYTEXT"
        | "MEDIUMTEXT" | "LONGTEXT" | "NVARCHAR" => "CHAR(n)",
        "INT" | "INTEGER" | "BIGINT" | "SMALLINT" | "TINYINT" | "MEDIUMINT" | "INT2" | "INT4"
        | "INT8" | "BOOLEAN" | "BOOL" => "SIGNED",
        "NUMERIC" | "FIXED" => "DECIMAL(p,s)",
        "BLOB" | "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB" | "VARBINARY" | "BYTEA" => "BINARY",
        "TIMESTAMP" => "DATETIME",
        "REAL" | "DOUBLE PRECISION" | "FLOAT" | "FLOAT4" | "FLOAT8" => "DOUBLE",
        "YEAR" => "YEAR(x)",
        _ => "one of those types",
    };
    // Which of the two refuses it (MariaDB 10.11, MySQL 9.7): a migration for MySQL runs on both.
    let who = match base.as_str() {
        "REAL" | "JSON" | "YEAR" | "FLOAT" | "DOUBLE PRECISION" => {
            "MariaDB refuses (MySQL takes it)"
        }
        "INT" | "INTEGER" | "INT4" | "VARCHAR" | "UUID"
            if text.contains('(') || base != "VARCHAR" =>
        {
            "MySQL refuses (MariaDB takes it)"
        }
        _ => "MySQL and MariaDB refuse",
    };
    Some(format!(
        "a cast to {text}, which {who}; both take BINARY, CHAR(n), NCHAR, DATE, DATETIME, TIME, DECIMAL(p,s), DOUBLE, FLOAT, SIGNED and UNSIGNED (write {instead})"
    ))
}

/// The units MySQL's EXTRACT takes (MySQL 8.0 manual, "Temporal Intervals").
fn mysql_extract_unit(field: &DateTimeField) -> bool {
    use DateTimeField::*;
    match field {
        Year | Month | Week(None) | Day | Hour | Minute | Second | Microsecond | Quarter => true,
        Custom(ident) => matches!(
            ident.value.to_ascii_uppercase().as_str(),
            "SECOND_MICROSECOND"
                | "MINUTE_MICROSECOND"
                | "MINUTE_SECOND"
                | "HOUR_MICROSECOND"
                | "HOUR_SECOND"
                | "HOUR_MINUTE"
                | "DAY_MICROSECOND"
                | "DAY_SECOND"
                | "DAY_MINUTE"
                | "DAY_HOUR"
                | "YEAR_MONTH"
        ),
        _ => false,
    }
}

/// What in `e` PostgreSQL refuses that sqlparser reads (see the module's notes), if anything.
pub(crate) fn postgres_refuses(e: &Expr) -> Option<String> {
    match e {
        Expr::Cast { data_type, .. } => postgres_cast_type(data_type),
        Expr::Convert { .. } => Some(
            "CONVERT(… USING …) or CONVERT(x, type), which is MySQL's (write CAST(x AS type), or convert_to(text, 'UTF8') for bytes)".into(),
        ),
        Expr::Prefixed { prefix, .. } => Some(format!(
            "the character-set introducer {prefix}'…', which is MySQL's: PostgreSQL reads {prefix} as a type (write the string alone)"
        )),
        Expr::CompoundFieldAccess { root, access_chain }
            if matches!(**root, Expr::Array(_))
                && matches!(access_chain.first(), Some(AccessExpr::Subscript(_))) =>
        {
            Some("a subscript right after ARRAY[…], which PostgreSQL does not read (write (ARRAY[…])[1])".into())
        }
        Expr::BinaryOp {
            op: BinaryOperator::Assignment,
            ..
        } => Some(
            "':=', which PostgreSQL takes only to name a function's argument, f(a := 1) (write = to compare)".into(),
        ),
        Expr::BinaryOp { left, op, right }
            if is_comparison(op)
                && [left, right]
                    .iter()
                    .any(|side| matches!(&***side, Expr::BinaryOp { op, .. } if is_comparison(op))) =>
        {
            Some("comparisons one after another (a < b < c), which PostgreSQL does not read (write a < b AND b < c)".into())
        }
        Expr::Function(f) => {
            let FunctionArguments::List(list) = &f.args else {
                return None;
            };
            list.args
                .iter()
                .any(|a| {
                    matches!(
                        a,
                        FunctionArg::Named {
                            operator: FunctionArgOperator::Colon,
                            ..
                        } | FunctionArg::ExprNamed {
                            operator: FunctionArgOperator::Colon,
                            ..
                        }
                    )
                })
                .then(|| "an argument named with ':', which PostgreSQL 15 does not read (write name => value)".into())
        }
        _ => None,
    }
}

/// What in `e` MySQL (and MariaDB) refuses that sqlparser reads (see the module's notes), if
/// anything. An INTERVAL on its own is refused by the caller, which knows where it stands.
pub(crate) fn mysql_refuses(e: &Expr) -> Option<String> {
    match e {
        Expr::Cast { data_type, .. } => mysql_cast_type(data_type),
        Expr::Convert {
            data_type: Some(t),
            ..
        } => mysql_cast_type(t),
        Expr::Overlay { .. } => Some(
            "OVERLAY(… PLACING …), which MySQL does not have (write INSERT(text, position, length, new))".into(),
        ),
        Expr::AtTimeZone { .. } => Some(
            "AT TIME ZONE, which MySQL does not have (write CONVERT_TZ(value, from, to))".into(),
        ),
        Expr::Extract { field, .. } if !mysql_extract_unit(field) => Some(format!(
            "EXTRACT({field} FROM …), a unit MySQL does not have (it takes YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MICROSECOND and their pairs such as YEAR_MONTH)"
        )),
        Expr::BinaryOp { op, right, .. }
            if !matches!(op, BinaryOperator::And | BinaryOperator::Or | BinaryOperator::Xor)
                && matches!(
                    **right,
                    Expr::UnaryOp {
                        op: UnaryOperator::Not,
                        ..
                    }
                ) =>
        {
            Some(format!(
                "NOT right after {op}, which MySQL reads with a lower precedence than {op} (a syntax error) (write a {op} (NOT b))"
            ))
        }
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::SingleQuotedByteStringLiteral(bits)
                if !bits.chars().all(|c| c == '0' || c == '1') =>
            {
                Some(format!(
                    "the bit literal b'{bits}', which MySQL takes with the digits 0 and 1 only"
                ))
            }
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgresql_splits_operator_runs_as_its_lexer_does() {
        assert!(pg_operator_breaks("!=-").is_empty());
        assert!(pg_operator_breaks("^-").is_empty());
        assert!(pg_operator_breaks("%-").is_empty());
        assert_eq!(pg_operator_breaks("=-"), vec![1]);
        assert_eq!(pg_operator_breaks("<=-"), vec![2]);
        assert_eq!(pg_operator_breaks("*-+"), vec![1, 2]);
        assert_eq!(pg_operator_breaks("<>-"), vec![2]);
    }

    fn refused(d: &dyn ParserDialect, text: &str) -> String {
        match crate::expr::check_expression(d, text) {
            Err(e) => e.0,
            Ok(_) => panic!("{text} was accepted"),
        }
    }

    fn taken(d: &dyn ParserDialect, text: &str) {
        if let Err(e) = crate::expr::check_expression(d, text) {
            panic!("{text} was refused: {}", e.0);
        }
    }

    /// Each refused form failed on PostgreSQL 15 (syntax error, "operator does not exist",
    /// "trailing junk after numeric literal", "type … does not exist", "collation … does not
    /// exist"); each taken one ran there.
    #[test]
    fn postgresql_refuses_what_its_lexer_and_grammar_do_not_read() {
        let pg = crate::dialect::for_database(crate::spec::DatabaseType::Postgresql).parser();
        for (text, says) in [
            ("a::OR > 0", "key word"),
            ("a::between > 0", "key word"),
            ("CAST(a AS or) > 0", "key word"),
            ("a := 1", "':='"),
            ("a !=-1", "'!=-'"),
            ("a ^-1 > 0", "'^-'"),
            ("a > 1_000", "(write 1000)"),
            ("ARRAY[1,2][1] = a", "(ARRAY[…])[1]"),
            ("d > {d '2020-01-01'}", "ODBC"),
            ("a == 1", "(write =)"),
            ("a < b < c", "a < b AND b < c"),
            ("a >- 1 <- 2", "a < b AND b < c"),
            ("a = b = flag", "one after another"),
            ("s = _utf8'x'", "introducer"),
            ("s COLLATE C = 'x'", "COLLATE \"C\""),
            ("s COLLATE c = 'x'", "(write s COLLATE \"C\")"),
            ("CAST(a AS SIGNED) > 0", "does not have"),
            ("a::datetime IS NOT NULL", "timestamp"),
            ("CAST(a AS UNSIGNED) > 0", "unsigned"),
            ("CONVERT(s USING utf8) = 'x'", "MySQL's"),
            ("CHAR(65) = s", "chr(n)"),
            ("rand() > 0", "random()"),
            ("hex(s) = 'x'", "to_hex"),
            ("year(d) > 2000", "extract(year FROM x)"),
            ("make_interval(days : 1) > interval '0 days'", "=>"),
        ] {
            let e = refused(pg, text);
            assert!(e.contains(says), "{text}: {e}");
        }
        assert_eq!(
            crate::expr::check_expression(pg, "make_interval(days := 1) > interval '0 days'"),
            Ok(vec![]),
            "a named argument is no column"
        );
        for text in [
            "a::int > 0",
            "a != -1",
            "a ^ -1 > 0",
            "a <=-1",
            "a =-1",
            "a*-1 < 0",
            "a -+1 = 0",
            "a > 1000",
            "(ARRAY[1,2])[1] = a",
            // `[1:a]`: psql would read `:a` as its variable (expr::token_screen)
            "(ARRAY[1,2,3])[1: a] = ARRAY[1]",
            "s COLLATE \"C\" = 'x'",
            "a = (b = flag)",
            "make_interval(days => 1) > interval '0 days'",
            "\"or\" > 0",
            "a::\"or\" > 0",
            "'x' = s",
            "data @> '{}'",
            "to_tsvector('english', s) @@@ to_tsquery('english', 'x')",
            "int4range(a, b) -|- int4range(1, 2)",
            "data #- '{a}' IS NOT NULL",
        ] {
            taken(pg, text);
        }
    }

    /// Each refused form failed on MariaDB 10.11 or MySQL 9.7 (which one the message says);
    /// each taken one ran on both.
    #[test]
    fn mysql_refuses_what_mysql_or_mariadb_do_not_read() {
        let my = crate::dialect::for_database(crate::spec::DatabaseType::Mysql).parser();
        for (text, says) in [
            ("a <> 0x", "0x"),
            ("a <> b'a'", "0 and 1"),
            ("a = NOT b", "(write a = (NOT b))"),
            ("OVERLAY(s PLACING 'x' FROM 1) = 'x'", "INSERT("),
            ("ts AT TIME ZONE 'UTC' > '2020-01-01'", "CONVERT_TZ"),
            ("CAST(a AS TEXT) <> ''", "MySQL and MariaDB refuse"),
            ("CAST(a AS VARCHAR) <> ''", "CHAR(n)"),
            ("CAST(a AS BOOLEAN) <> 0", "SIGNED"),
            ("CAST(a AS NUMERIC) <> 0", "DECIMAL(p,s)"),
            ("CAST(a AS BLOB) <> ''", "BINARY"),
            ("CAST(a AS TIMESTAMP) IS NOT NULL", "DATETIME"),
            ("CAST(a AS BIGINT) <> 0", "SIGNED"),
            ("CAST(a AS INT) <> 0", "MySQL refuses (MariaDB takes it)"),
            (
                "CAST(a AS VARCHAR(10)) <> ''",
                "MySQL refuses (MariaDB takes it)",
            ),
            ("CAST(a AS REAL) <> 0", "MariaDB refuses (MySQL takes it)"),
            ("CAST(a AS JSON) IS NOT NULL", "MariaDB refuses"),
            ("CONVERT(a, TEXT) <> ''", "CHAR(n)"),
            ("EXTRACT(EPOCH FROM ts) > 0", "EPOCH"),
            ("INTERVAL 1 DAY", "on its own"),
            ("a == 1", "(write =)"),
        ] {
            let e = refused(my, text);
            assert!(e.contains(says), "{text}: {e}");
        }
        for text in [
            "a <> 0x1F",
            "a <> X''",
            "a <> b'10'",
            "a = (NOT b)",
            "a AND NOT b",
            "NOT a = b",
            "d > DATE '2020-01-01'",
            "ts > TIMESTAMP '2020-01-01 00:00:00'",
            "CAST(a AS CHAR(10)) <> ''",
            "CAST(a AS CHAR) <> ''",
            "CAST(a AS NCHAR) <> ''",
            "CAST(a AS DECIMAL(10,2)) <> 0",
            "CAST(a AS SIGNED) <> 0",
            "CAST(a AS UNSIGNED) <> 0",
            "CAST(a AS SIGNED INTEGER) <> 0",
            "CAST(a AS DOUBLE) <> 0",
            "CAST(a AS FLOAT) <> 0",
            "CAST(a AS BINARY) <> ''",
            "CAST(a AS DATE) IS NOT NULL",
            "CAST(a AS DATETIME(3)) IS NOT NULL",
            "CAST(a AS TIME) IS NOT NULL",
            "CONVERT(a, SIGNED) <> 0",
            "EXTRACT(YEAR FROM ts) > 0",
            "ts + INTERVAL 1 DAY > '2020-01-01'",
            "DATE_ADD(ts, INTERVAL 1 DAY) > '2020-01-01'",
        ] {
            taken(my, text);
        }
    }

    /// MariaDB 10.11 and MySQL 9.7 refuse `now`() and `rand`() in a CHECK as they refuse now()
    /// and rand(); PostgreSQL refuses "now"() in an index's WHERE.
    #[test]
    fn a_quoted_volatile_function_is_refused_as_the_bare_one() {
        let my = crate::dialect::for_database(crate::spec::DatabaseType::Mysql).parser();
        let pg = crate::dialect::for_database(crate::spec::DatabaseType::Postgresql).parser();
        for text in [
            "`now`() > '2020-01-01'",
            "`NOW`() > '2020-01-01'",
            "`rand`() > 0",
            "`uuid`() <> ''",
        ] {
            let e = crate::expr::check_expression_with(my, text, true)
                .unwrap_err()
                .0;
            assert!(
                e.contains("changes from one call to the next"),
                "{text}: {e}"
            );
            assert!(
                crate::expr::check_expression_with(my, text, false).is_ok(),
                "{text} as a default"
            );
        }
        assert!(crate::expr::check_expression_with(pg, "\"now\"() > '2020-01-01'", true).is_err());
    }

    /// SQLite takes `==`, `a = NOT b` and `1_000`-style forms the others refuse: none is refused
    /// for it here.
    #[test]
    fn sqlite_keeps_its_own_forms() {
        let lite = crate::dialect::for_database(crate::spec::DatabaseType::Sqlite).parser();
        for text in ["a == 1", "a = NOT b", "CAST(a AS TEXT) <> ''", "a < b < c"] {
            taken(lite, text);
        }
    }

    #[test]
    fn an_empty_hex_literal_is_found_outside_quotes_only() {
        assert!(mysql_empty_hex("a <> 0x"));
        assert!(mysql_empty_hex("0x + 1"));
        assert!(!mysql_empty_hex("a <> 0x1F"));
        assert!(!mysql_empty_hex("a <> '0x'"));
        assert!(!mysql_empty_hex("a10x > 0"));
        assert!(!mysql_empty_hex("`t0x` > 0"));
    }
}
