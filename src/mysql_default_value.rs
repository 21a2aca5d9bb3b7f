//! A MySQL/MariaDB column's default expression whose value the column does not take.
//!
//! MariaDB 10.11 computes a constant default expression when the table is created and converts
//! it to the column's type under the strict `sql_mode`: `DATE DEFAULT (lower('X'))`,
//! `INT DEFAULT (md5('x'))` or `VARCHAR(5) DEFAULT (md5('x'))` are refused ("Invalid default
//! value for 'c'"); MySQL 8.0's manual ("Data Type Default Values") says such a value is
//! converted to the column's type by the usual rules, which refuse it under the strict mode.
//! A clock (`CURRENT_TIMESTAMP`, `now()`) on a column that is not a date and time is taken when
//! the table is created, but every insert that uses it fails: the value is the number
//! `YYYYMMDDhhmmss` (14 digits) for a number column and 19 characters for a text column
//! ("Out of range value", "Data too long" on MariaDB 10.11). So does `uuid()`, 36 characters of
//! text, on a number column ("Incorrect integer value", "Data truncated") or a shorter VARCHAR
//! or CHAR ("Data too long"), and, on a JSON column (LONGTEXT with CHECK (json_valid(…)) on
//! MariaDB), a clock, `uuid()` or a computed text that is not JSON (error 4025, the CHECK).
//!
//! Only what is sure is decided: an expression made of string and integer literals, `+ - *`,
//! `=` between integers, parentheses, and `lower`/`upper`/`concat`/`md5` (ASCII text), whose
//! value is computed here exactly as the server does, on the expression as sqlparser reads it
//! (`crate::expr::parse_whole`; the integers' `+ - *` by `crate::integer_default_range`'s
//! arithmetic); and the conversions the server was seen to refuse (checked on MariaDB 10.11,
//! `tests/mysql_default_value_server.rs`). Anything else (`'a'||'b'`, which is OR unless
//! `PIPES_AS_CONCAT`; a decimal; any other function) is left to the server.

use crate::integer_default_range::{arithmetic, negated, Number};
use crate::spec::{Column, ColumnType};
use sqlparser::ast::{
    BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, ObjectNamePart,
    UnaryOperator, Value as Literal,
};
use sqlparser::dialect::MySqlDialect;
use sqlparser::tokenizer::{Token, Whitespace};

mod md5;

/// The value of a constant expression, as the server computes it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    /// A character string.
    Text(String),
    /// A whole number.
    Int(i64),
}

impl Value {
    /// The value as the string the server converts it to.
    fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Int(n) => n.to_string(),
        }
    }

    /// The value as the message shows it.
    fn shown(&self) -> String {
        match self {
            Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
            Value::Int(n) => n.to_string(),
        }
    }
}

/// `Err((message, suggestion))` when the MySQL/MariaDB column `c`'s default expression `e` gives
/// a value `c` surely does not take (see the module's words); `Ok(())` when it is taken or not
/// decided here.
pub(crate) fn check(c: &Column, e: &str) -> Result<(), (String, String)> {
    let Some(expr) = parsed(e) else {
        return Ok(());
    };
    if let Some(clock) = clock_name(&expr) {
        return check_clock(c, clock);
    }
    if is_uuid_call(&expr) {
        return check_uuid(c);
    }
    let Some(value) = value(&expr) else {
        return Ok(());
    };
    if c.ty.is_json() {
        return check_json(&value);
    }
    let Some((why, suggestion)) = refusal(c, &value) else {
        return Ok(());
    };
    Err((
        format!(
            "the default expression gives {}, which the {} column does not take ({why}): MariaDB 10.11 refuses the table (\"Invalid default value\"), and MySQL converts the value to the column's type by its usual rules, which refuse it under the strict sql_mode",
            value.shown(),
            c.ty.as_str()
        ),
        suggestion,
    ))
}

/// The clock `e` names, upper-cased (`CURRENT_TIMESTAMP`, `NOW()`, `CURDATE()`), perhaps in
/// parentheses, with the digits of the number it is in a number column and the characters of
/// its text: 14 and 19 for the date and time, 8 and 10 for the date.
fn clock_name(e: &Expr) -> Option<(String, u32, usize)> {
    let name = match e {
        Expr::Nested(inner) => return clock_name(inner),
        // A bare word: `CURRENT_TIMESTAMP` is a call to sqlparser, `NOW` a name.
        Expr::Identifier(id) if id.quote_style.is_none() => id.value.to_ascii_uppercase(),
        Expr::Function(f) => {
            let name = plain_name(f)?.to_ascii_uppercase();
            match &f.args {
                FunctionArguments::None => name,
                FunctionArguments::List(l) if l.args.is_empty() && l.clauses.is_empty() => {
                    format!("{name}()")
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    let (digits, chars) = match name.strip_suffix("()").unwrap_or(&name) {
        "CURRENT_TIMESTAMP" | "NOW" | "LOCALTIMESTAMP" | "LOCALTIME" | "SYSDATE" => (14, 19),
        "CURRENT_DATE" | "CURDATE" => (8, 10),
        _ => return None,
    };
    Some((name, digits, chars))
}

/// A clock on a column that holds neither its number (`digits` digits: YYYYMMDDhhmmss or
/// YYYYMMDD) nor its text (`chars` characters).
fn check_clock(
    c: &Column,
    (clock, digits, chars): (String, u32, usize),
) -> Result<(), (String, String)> {
    use ColumnType::*;
    let ty = c.ty.as_str();
    let number = if digits == 14 {
        "YYYYMMDDhhmmss"
    } else {
        "YYYYMMDD"
    };
    let max = match c.ty {
        Tinyint | Boolean => 127,
        Integer | Int => i64::from(i32::MAX),
        _ => i64::MAX,
    };
    let why = match c.ty {
        Tinyint | Integer | Int | Boolean if max < 10_i64.pow(digits - 1) => format!(
            "which a {ty} column stores as the number {number} ({digits} digits), beyond its range (up to {max})"
        ),
        Decimal | Numeric => {
            let whole = i64::from(c.precision.unwrap_or(10)) - i64::from(c.scale.unwrap_or(0));
            if whole >= i64::from(digits) {
                return Ok(());
            }
            format!("which the column stores as the number {number} ({digits} digits), beyond the {whole} digits it keeps before the point")
        }
        Varchar | Char => {
            let n = c.length.unwrap_or(if c.ty == Char { 1 } else { 255 }) as usize;
            if n >= chars {
                return Ok(());
            }
            format!("{chars} characters, longer than the {n} the column holds")
        }
        Json | Jsonb => {
            return Err((
                format!("the default {clock} gives the date{} as text ({chars} characters), which is not JSON text: {JSON_INSERTS_FAIL}", if digits == 14 { " and time" } else { "" }),
                "make the column DATETIME or TIMESTAMP for the date and time (or DATE, with CURRENT_DATE), or give JSON text such as { \"expression\": \"'{}'\" }".to_string(),
            ))
        }
        _ => return Ok(()),
    };
    Err((
        format!("the default {clock} gives the date{}, {why}: the table is created, but every insert that uses the default fails (MariaDB: \"Out of range value\" or \"Data too long\")", if digits == 14 { " and time" } else { "" }),
        "make the column DATETIME or TIMESTAMP for the date and time (or DATE, with CURRENT_DATE), or give a default the column holds".to_string(),
    ))
}

/// How a JSON column's default that is not JSON text fails, said after the value.
const JSON_INSERTS_FAIL: &str = "the table is created, but every insert that uses the default fails (MariaDB's JSON column is LONGTEXT with CHECK (json_valid(…)): error 4025, the CHECK)";

/// Whether `e` is `uuid()` (any case, perhaps in parentheses).
fn is_uuid_call(e: &Expr) -> bool {
    match e {
        Expr::Nested(inner) => is_uuid_call(inner),
        Expr::Function(f) => {
            plain_name(f).is_some_and(|n| n.eq_ignore_ascii_case("uuid"))
                && matches!(&f.args, FunctionArguments::List(l) if l.args.is_empty() && l.clauses.is_empty())
        }
        _ => false,
    }
}

/// `uuid()` on a column that takes none of its values, text of 36 characters (hex digits and
/// four `-`): a number column ("Incorrect integer value", "Incorrect decimal value" or "Data
/// truncated": the `-` follows at most 8 hex digits), a VARCHAR or CHAR shorter than 36 ("Data
/// too long") or a JSON column (error 4025); each seen on MariaDB 10.11, which creates the table
/// and fails every insert that uses the default. Other columns are left to the server.
fn check_uuid(c: &Column) -> Result<(), (String, String)> {
    use ColumnType::*;
    let gives = "the default UUID() gives 36 characters of text such as 'a5896a61-f20d-11f1-a989-02fc00000001'";
    let keep = "make the column UUID (or CHAR(36)) to keep uuid()";
    let (why, suggestion) = match c.ty {
        Tinyint | Integer | Int | Bigint | Boolean | Decimal | Numeric | Real => (
            format!("which is not a number, and the {} column takes numbers: the table is created, but every insert that uses the default fails (MariaDB: \"Incorrect integer value\", \"Incorrect decimal value\" or \"Data truncated\")", c.ty.as_str()),
            format!("{keep}, or give a number"),
        ),
        Varchar | Char => {
            let n = c.length.unwrap_or(if c.ty == Char { 1 } else { 255 });
            if n >= 36 {
                return Ok(());
            }
            (
                format!("longer than the {n} the column holds: the table is created, but every insert that uses the default fails (MariaDB: \"Data too long\")"),
                format!("{keep}, or make it VARCHAR(36) or longer"),
            )
        }
        Json | Jsonb => (
            format!("which is not JSON text: {JSON_INSERTS_FAIL}"),
            format!("{keep}, or give JSON text such as {{ \"expression\": \"'{{}}'\" }}"),
        ),
        _ => return Ok(()),
    };
    Err((format!("{gives}, {why}"), suggestion))
}

/// A JSON column's default whose value `v` is not JSON text (a whole number is). Only what
/// MariaDB's json_valid surely refuses too is decided: a text serde_json cannot read even as
/// MariaDB's looser JSON (`[1.]`, `"\x"`: `crate::mariadb_json_text`), unless only for a number
/// past its range or nesting past its limit, or with a control character.
fn check_json(v: &Value) -> Result<(), (String, String)> {
    let Value::Text(t) = v else {
        return Ok(());
    };
    if t.chars().any(char::is_control) {
        return Ok(());
    }
    let Err(e) = crate::mariadb_json_text::read(t) else {
        return Ok(());
    };
    let said = e.to_string();
    if said.contains("out of range") || said.contains("recursion limit") {
        return Ok(());
    }
    Err((
        format!(
            "the default expression gives {}, which is not JSON text ({said}): {JSON_INSERTS_FAIL}",
            v.shown()
        ),
        "give JSON text such as { \"expression\": \"'{}'\" }, or make the column TEXT to keep any text".to_string(),
    ))
}

/// Why the column `c` refuses `v` (and a suggestion that works), or `None` when it takes it or
/// this is not decided.
fn refusal(c: &Column, v: &Value) -> Option<(String, String)> {
    use ColumnType::*;
    match c.ty {
        Date | Datetime | Timestamp => {
            let not_a_date = match v {
                Value::Text(t) => !is_date_text(t),
                // 1 … 99: no date (101 is 2000-01-01, 0 the zero date).
                Value::Int(n) => (1..=99).contains(n),
            };
            not_a_date.then(|| {
                (
                    "it is not a date".to_string(),
                    "give a date such as { \"expression\": \"'2020-01-01'\" } (or CURRENT_DATE / CURRENT_TIMESTAMP), or make the column TEXT to keep any text".to_string(),
                )
            })
        }
        Tinyint | Integer | Int | Bigint | Boolean | Decimal | Numeric | Real => match v {
            Value::Text(t) => (!is_number_text(t)).then(|| {
                (
                    "it is not a number".to_string(),
                    "give a number, or make the column VARCHAR or TEXT to keep text".to_string(),
                )
            }),
            Value::Int(n) => number_out_of_range(c, *n).map(|why| {
                (
                    why,
                    "give a default within the column's range, or a larger type".to_string(),
                )
            }),
        },
        Varchar | Char | Uuid => {
            let n = match c.ty {
                Uuid => 36,
                Char => c.length.unwrap_or(1),
                _ => c.length.unwrap_or(255),
            } as usize;
            // A CHAR drops the spaces at the end (MariaDB 10.11 takes 'ab   ' in a CHAR(2),
            // and refuses it in a VARCHAR(2)).
            let text = v.text();
            let kept = if c.ty == Varchar {
                &text[..]
            } else {
                text.trim_end_matches(' ')
            };
            let len = kept.chars().count();
            (len > n).then(|| {
                (
                    format!("{len} characters, longer than the {n} it holds"),
                    format!("make the column VARCHAR({len}) or longer, or TEXT; or give a shorter default"),
                )
            })
        }
        _ => None,
    }
}

/// Whether the server may read `t` as a date: a text of printable ASCII and spaces with no
/// digit, or with a letter other than the `T` between date and time (`'x'`, `'2020-01-01abc'`,
/// an md5 digest, `'2020-01-01 10:00:00Z'`), is refused ("Invalid default value", seen on
/// MariaDB 10.11); any other text is not decided.
fn is_date_text(t: &str) -> bool {
    if !t.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return true;
    }
    t.bytes().any(|b| b.is_ascii_digit())
        && !t.bytes().any(|b| b.is_ascii_alphabetic() && b != b'T')
}

/// Whether the server reads `t` as a number in a number column: spaces, a sign, digits (with a
/// point and an exponent), spaces. A text that has no digit first, or anything after its number
/// (`'12a'`, `'2020-01-01'`), is refused ("Invalid default value", seen on MariaDB 10.11). A
/// text with another character than printable ASCII and spaces is not decided (counted a number):
/// the server skips a tab or a line feed before the number but not after it.
fn is_number_text(t: &str) -> bool {
    if !t.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return true;
    }
    let b = t.trim_start_matches(' ').as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    let mut any = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        any |= digits(&mut i);
    }
    if !any {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if digits(&mut j) {
            i = j;
        }
    }
    b[i..].iter().all(|&x| x == b' ')
}

/// Why the number column `c` does not hold the whole number `n`, or `None`.
fn number_out_of_range(c: &Column, n: i64) -> Option<String> {
    use ColumnType::*;
    let (min, max) = match c.ty {
        Tinyint | Boolean => (-128, 127),
        Integer | Int => (i32::MIN as i64, i32::MAX as i64),
        Decimal | Numeric => {
            let whole = c.precision.unwrap_or(10) as i64 - c.scale.unwrap_or(0) as i64;
            let digits = n.unsigned_abs().to_string().len() as i64;
            return (n != 0 && digits > whole)
                .then(|| format!("{digits} digits before the point, beyond the {whole} it keeps"));
        }
        _ => return None,
    };
    (n < min || n > max).then(|| format!("out of its range, {min} to {max}"))
}

/// The value of `e` when it is a constant expression computed here (see the module's words).
#[cfg(test)]
fn evaluate(e: &str) -> Option<Value> {
    value(&parsed(e)?)
}

/// `e` as sqlparser reads it with MySQL's dialect, or `None` where that may not be what the
/// server reads: a backslash (read by `sql_mode` either way), a comment, `==` (which sqlparser
/// reads as `=` and MySQL refuses), or two strings side by side (which sqlparser joins).
fn parsed(e: &str) -> Option<Expr> {
    if e.contains('\\') {
        return None;
    }
    let (expr, tokens) = crate::expr::parse_whole(&MySqlDialect {}, e)?;
    let shown: Vec<&Token> = tokens
        .iter()
        .filter(|t| {
            !matches!(
                t,
                Token::Whitespace(Whitespace::Space | Whitespace::Tab | Whitespace::Newline)
            )
        })
        .collect();
    let comment_or_double_eq = shown
        .iter()
        .any(|t| matches!(t, Token::Whitespace(_) | Token::DoubleEq));
    let strings_side_by_side = shown.windows(2).any(|w| {
        matches!(
            w,
            [Token::SingleQuotedString(_), Token::SingleQuotedString(_)]
        )
    });
    (!comment_or_double_eq && !strings_side_by_side).then_some(expr)
}

/// The value of the expression `e` when it is a constant computed here (see the module's words).
fn value(e: &Expr) -> Option<Value> {
    match e {
        Expr::Nested(inner) => value(inner),
        Expr::Value(v) => match &v.value {
            Literal::SingleQuotedString(t) => Some(Value::Text(t.clone())),
            Literal::Number(digits, _) if digits.bytes().all(|b| b.is_ascii_digit()) => {
                Some(Value::Int(digits.parse().ok()?))
            }
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match value(expr)? {
            Value::Int(n) => integer(negated(Number::Int(n))),
            Value::Text(_) => None,
        },
        // `a = b` between whole numbers: 1 or 0 (text compares by collation: not decided); a
        // comparison of a comparison only in parentheses.
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => {
            let comparison = |x: &Expr| {
                matches!(
                    x,
                    Expr::BinaryOp {
                        op: BinaryOperator::Eq,
                        ..
                    }
                )
            };
            if comparison(left) || comparison(right) {
                return None;
            }
            match (value(left)?, value(right)?) {
                (Value::Int(a), Value::Int(b)) => Some(Value::Int(i64::from(a == b))),
                _ => None,
            }
        }
        // `+ - *` between whole numbers (text would be read as a number: not decided; past the
        // 64-bit range, where SQLite's arithmetic goes to a REAL, MySQL fails: not decided).
        Expr::BinaryOp { left, op, right } => match (value(left)?, value(right)?) {
            (Value::Int(a), Value::Int(b)) => {
                integer(arithmetic(op, Number::Int(a), Number::Int(b))?)
            }
            _ => None,
        },
        Expr::Function(f) => {
            let name = plain_name(f)?.to_ascii_lowercase();
            let FunctionArguments::List(list) = &f.args else {
                return None;
            };
            if list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
                return None;
            }
            let args = list
                .args
                .iter()
                .map(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => value(x),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            call(&name, &args)
        }
        _ => None,
    }
}

/// The whole number `n` is, or `None` for a REAL (past the 64-bit range).
fn integer(n: Number) -> Option<Value> {
    match n {
        Number::Int(i) => Some(Value::Int(i)),
        Number::Real(_) => None,
    }
}

/// The name of the plain call `f` (one unquoted part, arguments in parentheses or none, no
/// `OVER`, `FILTER` or the like), as written.
fn plain_name(f: &sqlparser::ast::Function) -> Option<&str> {
    let [ObjectNamePart::Identifier(id)] = f.name.0.as_slice() else {
        return None;
    };
    let plain = id.quote_style.is_none()
        && !f.uses_odbc_syntax
        && matches!(f.parameters, FunctionArguments::None)
        && f.filter.is_none()
        && f.null_treatment.is_none()
        && f.over.is_none()
        && f.within_group.is_empty();
    plain.then_some(id.value.as_str())
}

/// `name(args)` for the functions computed here; `None` for any other (or non-ASCII text, whose
/// case mapping depends on the collation).
fn call(name: &str, args: &[Value]) -> Option<Value> {
    let one = || match args {
        [v] => Some(v.text()),
        _ => None,
    };
    match name {
        "lower" | "lcase" => one()
            .filter(|t| t.is_ascii())
            .map(|t| Value::Text(t.to_ascii_lowercase())),
        "upper" | "ucase" => one()
            .filter(|t| t.is_ascii())
            .map(|t| Value::Text(t.to_ascii_uppercase())),
        "md5" => one().map(|t| Value::Text(md5::hex(t.as_bytes()))),
        "concat" if !args.is_empty() => Some(Value::Text(args.iter().map(Value::text).collect())),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
