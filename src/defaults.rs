//! Column defaults: whether a default fits its column on the target database — its type,
//! range and format, the length or precision the SQL type gets, the strings the table's CHECKs
//! allow — checked without the engine where the rules are known (validation asks the engine
//! about expressions with `engine_checks`).

use crate::dialect::{Dialect, ExprPlace};
use crate::expr::check_expression;
use crate::limits;
use crate::spec::*;
use crate::validate::article;

/// The column with the length or precision its SQL type gets where the spec leaves it out
/// (`CHAR` is `CHAR(1)`; on MySQL `VARCHAR` is `VARCHAR(255)` and `DECIMAL` is `DECIMAL(10,0)`),
/// so that a default is checked against what the database holds: MySQL refuses `CHAR(1)
/// DEFAULT 'ab'` and rounds 0.75 into `DECIMAL(10,0)` to 1, and PostgreSQL takes `CHAR(1)
/// DEFAULT 'ab'` and fails every insert that uses it.
pub(crate) fn as_rendered<'c>(c: &'c Column, d: &dyn Dialect) -> std::borrow::Cow<'c, Column> {
    use std::borrow::Cow;
    // Only a default is checked against the size, and only these types get one the spec left
    // out (no SQL type is written for the other columns: this runs for every column).
    let unsized_text = matches!(c.ty, ColumnType::Char | ColumnType::Varchar) && c.length.is_none();
    let unsized_decimal =
        matches!(c.ty, ColumnType::Decimal | ColumnType::Numeric) && c.precision.is_none();
    if c.default.is_none() || !(unsized_text || unsized_decimal) {
        return Cow::Borrowed(c);
    }
    // Whether the column is in a key changes only a TEXT column's type (MySQL).
    let sql = d.column_type(c, false);
    let Some((name, args)) = sql.strip_suffix(')').and_then(|rest| rest.split_once('(')) else {
        return Cow::Borrowed(c);
    };
    let numbers: Vec<u32> = args
        .split(',')
        .map_while(|a| a.trim().parse().ok())
        .collect();
    let mut out = c.clone();
    match (name.trim(), numbers.as_slice()) {
        // (A TEXT key column, VARCHAR(255) on MySQL, has a check and message of its own there.)
        ("CHAR" | "VARCHAR", [n]) if unsized_text => {
            out.length = Some(*n);
        }
        ("DECIMAL" | "NUMERIC", [p, rest @ ..]) if unsized_decimal => {
            out.precision = Some(*p);
            out.scale = rest.first().copied().or(Some(0));
        }
        _ => return Cow::Borrowed(c),
    }
    Cow::Owned(out)
}

/// A constant default (a number or a string) that a CHECK of `table` refuses whatever else the
/// row holds (`seats INTEGER NOT NULL DEFAULT 0` under `CHECK (seats > 0)`, `DEFAULT 'draft'`
/// under `CHECK (status IN ('todo', 'done'))` or `NOT (status = 'draft')`): every insert that
/// leaves the column out fails, though the generated insert type makes the column optional, as
/// would every row a migration adds the column to. Decided by
/// [`crate::check_implies::judge`], as the database compares (its own collation unless
/// `collated`: a table in the database with a COLLATE clause). Where the CHECKs restrict the
/// column to strings (`choices`) the message lists them.
pub(crate) fn default_passes_checks(
    c: &Column,
    d: &dyn Dialect,
    (table, collated): (&Table, bool),
    choices: &[crate::check_choices::Choices],
) -> Result<(), (String, String)> {
    let shown = match &c.default {
        Some(DefaultValue::Number(n)) => n.clone(),
        Some(DefaultValue::Str(s)) => format!("'{}'", crate::report::clip(s)),
        _ => return Ok(()),
    };
    let Some(check) = crate::check_implies::default_refused(d, (table, !collated), c) else {
        return Ok(());
    };
    // The strings' wording only where the refusing CHECK's own list leaves the default out (a
    // length CHECK beside an IN list refuses a default the list allows).
    let strings = crate::check_choices::for_column(choices, &c.name)
        .filter(|_| list_leaves_out(d, check, &c.name, c.default.as_ref()));
    let Some(strings) = strings else {
        return Err((
            format!(
                "the default {shown} is refused by the table's CHECK '{}' ({}); every insert that leaves the column out would fail, as would every row a migration adds the column to",
                check.name,
                crate::report::clip(&check.expression)
            ),
            "make the default a value the CHECK allows, or change the CHECK".to_string(),
        ));
    };
    let mut listed: Vec<String> = strings
        .iter()
        .map(|s| format!("'{}'", crate::report::clip(s)))
        .collect();
    if listed.is_empty() {
        // CHECKs whose lists have nothing in common.
        listed.push("no string at all".into());
    }
    Err((
        format!(
            "the default {shown} is not one of the strings the table's CHECK allows ({}); every insert that leaves the column out would fail",
            listed.join(", ")
        ),
        "make the default one of those strings, or add it to the CHECK".to_string(),
    ))
}

/// Whether `check` itself restricts `column` to a list of strings (`IN ('a', 'b')`) that leaves
/// the string `default` out.
fn list_leaves_out(
    d: &dyn Dialect,
    check: &crate::spec::CheckConstraint,
    column: &str,
    default: Option<&DefaultValue>,
) -> bool {
    let Some(DefaultValue::Str(s)) = default else {
        return false;
    };
    let own = crate::check_choices::of_checks(d.parser(), std::slice::from_ref(check));
    crate::check_choices::for_column(&own, column).is_some_and(|list| !list.contains(s))
}

/// Whether validation takes the column's default (without asking the engine).
pub fn default_fits(c: &Column, d: &dyn Dialect) -> bool {
    check_default(c, d, false).is_ok()
}

/// Checks a column's default against its type. `Err((message, suggestion))` when it cannot work.
pub(crate) fn check_default(
    c: &Column,
    d: &dyn Dialect,
    engine_checks: bool,
) -> Result<(), (String, String)> {
    use ColumnType::*;
    let Some(default) = &c.default else {
        return Ok(());
    };
    let ty = c.ty.as_str();
    let err = |m: String, s: &str| Err((m, s.to_string()));
    match default {
        DefaultValue::Null if !c.nullable => err(
            "a NOT NULL column cannot default to null".into(),
            "remove the default, or make the column nullable",
        ),
        DefaultValue::Null => Ok(()),
        // The same written as an expression: every row would get NULL, which the column refuses
        // (PostgreSQL takes such a column and then fails on rows: "contains null values").
        DefaultValue::Expression(e) if !c.nullable && crate::expr::is_null_literal(d.parser(), e) => err(
            "a NOT NULL column cannot default to null (the default expression is NULL)".into(),
            "remove the default, or make the column nullable",
        ),
        DefaultValue::Bool(_) if c.ty == Boolean => Ok(()),
        DefaultValue::Bool(_) => err(
            format!("a boolean default on {} {ty} column", article(ty)),
            "use a number (1 or 0) for integer columns, or make the column BOOLEAN",
        ),
        DefaultValue::Number(n) if c.ty == Boolean => {
            if n == "0" || n == "1" {
                Ok(())
            } else {
                err(format!("{n} is not a boolean"), "use true or false")
            }
        }
        DefaultValue::Number(n) if c.ty.is_integer() => {
            // In the type's range but past what JavaScript keeps (-2^63 arrives as
            // -9.223372036854776e18): that, before how it is written.
            let (min, max) = integer_range(c.ty, d.database_type());
            let in_range = match n.parse::<i64>() {
                Ok(v) => v >= min && v <= max,
                Err(_) => n.parse::<f64>().is_ok_and(|v| v >= min as f64 && v < max as f64),
            };
            if in_range {
                read_exactly(n)?;
            }
            check_whole_number(n, n, c.ty, d.database_type())
        }
        DefaultValue::Number(_) if c.ty == Real => Ok(()),
        DefaultValue::Number(n) if c.ty.is_numeric() => {
            decimal_fits(c, n)?;
            read_exactly(n)
        }
        DefaultValue::Number(n) => err(
            format!("a number default ({n}) on {} {ty} column", article(ty)),
            &format!("write it as a string (\"{n}\") to store it as text"),
        ),
        DefaultValue::Str(s) => check_string_default(c, s, d.database_type()),
        DefaultValue::Now(kind) => {
            let fits = match kind {
                NowKind::Timestamp => matches!(c.ty, Timestamp | Datetime | Text | Varchar),
                NowKind::Date => matches!(c.ty, Date | Text | Varchar),
                NowKind::Time => matches!(c.ty, Text | Varchar),
            };
            // On a text column the default is the time as text, which must fit the length.
            let longest = match (kind, d.database_type()) {
                (NowKind::Timestamp, DatabaseType::Postgresql) => 32,
                (NowKind::Timestamp, _) => 19,
                (NowKind::Date, _) => 10,
                (NowKind::Time, DatabaseType::Postgresql) => 21,
                (NowKind::Time, _) => 8,
            };
            let too_short = matches!(c.ty, Varchar | Char)
                && c.length.is_some_and(|n| (n as usize) < longest);
            if fits && too_short {
                err(
                    format!(
                        "{} gives text of up to {longest} characters on {}, longer than the column's length {}; every insert that uses the default would fail",
                        kind.as_str(),
                        d.database_type().as_str(),
                        c.length.unwrap_or(0)
                    ),
                    "lengthen the column, or make it TIMESTAMP/DATE",
                )
            } else if fits {
                Ok(())
            } else {
                err(format!("{} cannot be the default of {} {ty} column", kind.as_str(), article(ty)), "use CURRENT_TIMESTAMP on TIMESTAMP/DATETIME columns and CURRENT_DATE on DATE columns")
            }
        }
        DefaultValue::Expression(e) => match check_expression(d.parser(), e) {
            Err(x) => err(
                format!("the default expression is refused: {}", x.0),
                &x.rewrite().unwrap_or_else(|| {
                    "write one SQL expression, such as { \"expression\": \"lower('X')\" }".into()
                }),
            ),
            Ok(idents) if !idents.is_empty() => err(
                format!(
                    "the default expression refers to '{}'; a default cannot read columns",
                    crate::report::clip(&idents[0])
                ),
                "use constants and functions only (string literals go in single quotes)",
            ),
            // A string literal that is not a number, written as the expression default of a
            // number column (PostgreSQL took DEFAULT 'abc' on an INTEGER column, then failed
            // every insert). Other literals are the escape hatch for what string defaults do
            // not take ('infinity', 'NaN', '\\x00ff', …) and are left to the database.
            Ok(_) if c.ty.is_numeric()
                && crate::expr::as_string_literal(d.parser(), e).is_some_and(|text| {
                    let text = text.trim();
                    if c.ty.is_integer() {
                        text.parse::<i64>().is_err()
                    } else {
                        text.parse::<f64>().is_err()
                    }
                }) =>
            {
                err(
                    format!("the default is a string that is not a number, and the column is {ty}"),
                    "give a number",
                )
            }
            Ok(_) if clock_precision(c, d.database_type(), e).is_some() => {
                clock_precision(c, d.database_type(), e).map_or(Ok(()), Err)
            }
            Ok(_) if !engine_checks => expression_literal_fits(c, d, e)
                .and_then(|()| crate::pg_default_type::check(c, d.database_type(), e)),
            Ok(_) => expression_literal_fits(c, d, e)
                .and_then(|()| crate::pg_default_type::check(c, d.database_type(), e))
                .and_then(|()| d.engine_check(ExprPlace::Default, e, &[]).map_err(|m| {
                // The current time, as other databases spell it: SQLite's own words for it.
                let now = ["no such function: now", "no such function: current_timestamp", "no such function: getdate", "no such function: sysdate"];
                let suggestion = if now.iter().any(|w| m.to_ascii_lowercase().starts_with(w)) {
                    "SQLite has no such function: for the current time write CURRENT_TIMESTAMP (the default \"CURRENT_TIMESTAMP\"), or datetime('now')"
                } else {
                    "write it in this database's SQL (operators and functions differ between databases)"
                };
                (
                    format!(
                        "the default expression is refused by {}: {m}",
                        d.database_type().as_str()
                    ),
                    suggestion.to_string(),
                )
            })),
        },
    }
}

/// What the database does otherwise than written with a default expression that is a call of
/// the clock (`now()`, `CURRENT_TIMESTAMP(3)`), when it does (a user trial, on MySQL 9.7,
/// MariaDB 10.11 and PostgreSQL 15): PostgreSQL's `now()` takes no precision ("function
/// now(integer) does not exist"); MySQL refuses more than 6 digits of a second ("Too-big
/// precision 7"; PostgreSQL lowers them to 6); and MySQL gives a DATETIME(p) column's `(CURRENT_TIMESTAMP)` or `(now())`
/// whole seconds (MariaDB the column's digits), where the string default "CURRENT_TIMESTAMP"
/// is written `CURRENT_TIMESTAMP(p)`. As (message, suggestion).
fn clock_precision(c: &Column, db: DatabaseType, e: &str) -> Option<(String, String)> {
    if db == DatabaseType::Sqlite {
        return None;
    }
    let mut text: String = e
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    while text.starts_with('(') && text.ends_with(')') {
        text = text[1..text.len() - 1].to_string();
    }
    let (name, digits) = match text.split_once('(') {
        Some((name, rest)) => (name, Some(rest.strip_suffix(')')?)),
        None => (text.as_str(), None),
    };
    let clock = matches!(
        name,
        "now" | "current_timestamp" | "localtimestamp" | "localtime" | "sysdate" | "utc_timestamp"
    );
    if !clock {
        return None;
    }
    let digits = match digits {
        None | Some("") => None,
        Some(n) => Some(n.parse::<u32>().ok()?),
    };
    let shown = crate::report::clip(e.trim());
    if db == DatabaseType::Postgresql && name == "now" && digits.is_some() {
        return Some((
            format!("PostgreSQL's now() takes no precision: {shown} is refused (function now(integer) does not exist)"),
            format!("write CURRENT_TIMESTAMP({})", digits.unwrap_or(0)),
        ));
    }
    // PostgreSQL lowers 7 digits to 6 (with a notice); MySQL refuses them.
    if let Some(n) = digits.filter(|&n| n > crate::spec::MAX_FRACTIONAL_SECONDS) {
        return (db == DatabaseType::Mysql).then(|| {
            (
                format!("{shown} asks for {n} digits of a second; MySQL keeps at most 6 and refuses more (Too-big precision)"),
                "write at most 6 digits, CURRENT_TIMESTAMP(6) for microseconds".to_string(),
            )
        });
    }
    // Digits asked for are given as asked, on either engine (CURRENT_TIMESTAMP(3) in a
    // DATETIME(6) keeps 3, as written: a review); none are whole seconds on MySQL alone.
    let kept = c
        .precision
        .filter(|&p| p > 0 && c.ty.takes_fractional_seconds())?;
    if db == DatabaseType::Mysql && digits.unwrap_or(0) == 0 {
        return Some((
            format!("MySQL gives the default {shown} in whole seconds where the column keeps {kept} digits of a second (MariaDB gives them)"),
            format!("write the default as the string \"CURRENT_TIMESTAMP\", which is written CURRENT_TIMESTAMP({kept}) for this column"),
        ));
    }
    None
}

/// An expression default that is nothing but one literal (`'toolongvalue'`, `('zz')`, `-5`)
/// gets the checks the same string or number default gets, where the database refuses what
/// those refuse: the length of a VARCHAR/CHAR, a UUID, JSON text, an integer's range
/// (PostgreSQL 15: "value too long for type character varying(5)", "invalid input syntax for
/// type uuid"; MariaDB 10.11: "Invalid default value"). Literals on other types stay the escape
/// hatch for what string defaults do not take ('infinity' on a DATE, 't' on a BOOLEAN,
/// '\\x00ff' on a BLOB) and are left to the database, as are control characters in them, and
/// so is every literal on SQLite, which takes them all (on MySQL, `crate::mysql_default_value`
/// then refuses a literal the column's type does not take: 't' on a BOOLEAN, 'abc' on a DATE).
fn expression_literal_fits(c: &Column, d: &dyn Dialect, e: &str) -> Result<(), (String, String)> {
    use ColumnType::*;
    let said = |(m, s): (String, String)| {
        (
            format!("the default expression's literal does not fit the column: {m}"),
            s,
        )
    };
    // SQLite stores any literal in any column (its types are affinities, without a length):
    // there the expression stays the way to keep what a string default does not take, as a
    // spec pulled from a SQLite file does ('n/a' on a UUID column).
    // PostgreSQL's BOOLEAN takes no number ("column is of type boolean but default expression
    // is of type integer", even for `(1)`): a spec pulled from a SQLite `boolean DEFAULT 2`
    // has the expression `2`, which MySQL's TINYINT(1) BOOLEAN stores as it is.
    if c.ty == Boolean && d.database_type() == DatabaseType::Postgresql {
        let mut number = e.trim();
        while let Some(inner) = number.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
            number = inner.trim();
        }
        if matches!(
            crate::introspect::default_from_sql(number),
            DefaultValue::Number(_)
        ) {
            return Err((
                format!("PostgreSQL's BOOLEAN takes no number as its default ({number})"),
                "use true or false".to_string(),
            ));
        }
    }
    if c.ty.is_integer() && d.database_type() == DatabaseType::Sqlite {
        // SQLite's integer columns all hold any 64-bit integer (a TINYINT keeps 99999999999 as
        // an integer): there only a value past that range, which it keeps as a REAL, is refused.
        crate::integer_default_range::check(e, (i64::MIN, i64::MAX), DatabaseType::Sqlite)?;
    }
    let checked = matches!(c.ty, Varchar | Char | Uuid | Json | Jsonb) || c.ty.is_integer();
    if !checked || d.database_type() == DatabaseType::Sqlite {
        return Ok(());
    }
    if let Some(text) = crate::expr::as_string_literal(d.parser(), e) {
        if text.len() > limits::MAX_TEXT_BYTES {
            return Ok(());
        }
        if c.ty == Uuid {
            return uuid_literal_fits(&text, d.database_type()).map_err(said);
        }
        return check_string_value(c, &text, d.database_type()).map_err(said);
    }
    // A whole number, perhaps signed or in parentheses: `99999999999`, `(-5)`.
    let mut number = e.trim();
    while let Some(inner) = number.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        number = inner.trim();
    }
    let digits = number.strip_prefix(['-', '+']).unwrap_or(number);
    if c.ty.is_integer() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return check_whole_number(number, number, c.ty, d.database_type()).map_err(said);
    }
    // Not one literal (whose checks above say more): the value the expression computes.
    if c.ty.is_integer() {
        let range = integer_range(c.ty, d.database_type());
        crate::integer_default_range::check(e, range, d.database_type())?;
    }
    Ok(())
}

/// Refuses a number default that a JavaScript number may not have kept as written: a whole
/// number beyond ±(2^53 − 1), or more than 15 significant digits. A spec reaches the generator
/// as JavaScript values (the command line reads its file with `JSON.parse`), so
/// `9007199254740993` arrives as 9007199254740992 and `123456789012345678.91` as
/// 123456789012345680: written as it arrives, the default would silently be another number.
/// (REAL columns hold a double, so their defaults are exactly what JavaScript has.)
fn read_exactly(n: &str) -> Result<(), (String, String)> {
    let Ok(value) = n.parse::<f64>() else {
        return Ok(());
    };
    let whole_beyond = value.fract() == 0.0 && value.abs() > 9_007_199_254_740_991.0;
    // A fraction's significant digits: those of the mantissa without the point, from the first
    // non-zero digit to the last (a whole number up to 2^53 is exact with any digits).
    let mantissa: String = n
        .split(['e', 'E'])
        .next()
        .unwrap_or(n)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let significant = mantissa.trim_start_matches('0').trim_end_matches('0').len();
    if whole_beyond || (value.fract() != 0.0 && significant > 15) {
        let what = if whole_beyond {
            "is beyond the whole numbers a JavaScript number holds exactly (±9007199254740991)"
        } else {
            "has more than the 15 significant digits a JavaScript number keeps"
        };
        return Err((
            format!("{n} {what}: the spec is read as JavaScript values, so the number written may have been rounded (9007199254740993 arrives as 9007199254740992) and would be the default without a word"),
            "write the default as an expression with its exact digits: { \"expression\": \"9007199254740993\" }".to_string(),
        ));
    }
    Ok(())
}

/// The whole numbers an integer column of type `ty` takes as its default on `db`: TINYINT
/// -32768 to 32767 on PostgreSQL, where it is SMALLINT (which takes 200 as a value and a
/// default), -128 to 127 elsewhere (MySQL's TINYINT; SQLite's is an INTEGER, but the spec's
/// TINYINT is kept to the range it has on MySQL), BIGINT and every integer on SQLite 64 bits,
/// INTEGER/INT 32 bits.
fn integer_range(ty: ColumnType, db: DatabaseType) -> (i64, i64) {
    match (ty, db) {
        (ColumnType::Tinyint, DatabaseType::Postgresql) => (i16::MIN.into(), i16::MAX.into()),
        (ColumnType::Tinyint, _) => (-128, 127),
        (ColumnType::Bigint, _) | (_, DatabaseType::Sqlite) => (i64::MIN, i64::MAX),
        _ => (i32::MIN as i64, i32::MAX as i64),
    }
}

/// Checks `n`, a finite number as written (a JSON number, or the text of a string default),
/// against the integer type `ty` on `db`: a whole number in range, written as digits. `shown`
/// is how the message quotes it (`99999999999`, or `'99999999999'` for a string).
fn check_whole_number(
    n: &str,
    shown: &str,
    ty: ColumnType,
    db: DatabaseType,
) -> Result<(), (String, String)> {
    let (min, max) = integer_range(ty, db);
    let on = match (ty, db) {
        (ColumnType::Tinyint, DatabaseType::Postgresql) => ", SMALLINT on PostgreSQL",
        _ => "",
    };
    let ty = ty.as_str();
    let err = |m: String, s: &str| Err((m, s.to_string()));
    let out_of_range = || {
        err(
            format!("{shown} is out of range for {ty} ({min} to {max}{on})"),
            "use a smaller number or a larger type",
        )
    };
    match n.parse::<i64>() {
        Ok(v) if v >= min && v <= max => Ok(()),
        Ok(_) => out_of_range(),
        // `1e21` (what JSON.stringify writes for 10^21) or `3.0`: whole, but beyond the
        // range or not written as digits. Digits that overflow, and `max as f64 + 1.0`,
        // the first whole number past the range (exact for every range here;
        // `i64::MAX as f64` itself rounds up to 2^63), are out of range.
        Err(_) => match n.parse::<f64>() {
            Ok(v) if v.is_finite() && v.fract() == 0.0 && (v < min as f64 || v >= max as f64 + 1.0 || n.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'+')) => out_of_range(),
            Ok(v) if v.is_finite() && v.fract() == 0.0 => err(
                format!("{shown} is a whole number written with a decimal point or an exponent, which {ty} does not take as its default"),
                &format!("write it as digits: {v:.0}"),
            ),
            _ => err(
                format!("{shown} is not a whole number, and {ty} holds whole numbers"),
                "use a whole number, or make the column DECIMAL or REAL",
            ),
        },
    }
}

/// Whether the number `n` fits a DECIMAL/NUMERIC column's precision and scale (scale 0 when
/// only the precision is given, as PostgreSQL and MySQL read it): MySQL refuses a default that
/// does not, PostgreSQL takes it and then fails every insert that uses it, and digits past the
/// scale would be rounded away without a word. Other columns, and decimals without a precision,
/// take any number.
fn decimal_fits(c: &Column, n: &str) -> Result<(), (String, String)> {
    let (ColumnType::Decimal | ColumnType::Numeric, Some(precision)) = (c.ty, c.precision) else {
        return Ok(());
    };
    let scale = c.scale.unwrap_or(0);
    let Ok(value) = n.parse::<f64>() else {
        return Ok(());
    };
    // Digits as written, when plain; through the shortest exact form otherwise (1e3, 2.5E-1).
    let plain = if n.contains(['e', 'E']) {
        format!("{}", value.abs())
    } else {
        n.trim_start_matches(['+', '-']).to_string()
    };
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let whole_digits = whole.trim_start_matches('0').len() as u32;
    let fraction_digits = fraction.trim_end_matches('0').len() as u32;
    let room = precision.saturating_sub(scale);
    if whole_digits > room {
        return Err((
            format!("{n} does not fit {}({precision},{scale}), which holds at most {room} digits before the point", c.ty.as_str()),
            "use a smaller default, or raise the precision".to_string(),
        ));
    }
    if fraction_digits > scale {
        return Err((
            format!("{n} has more decimal places than {}({precision},{scale}) keeps ({scale}); it would be stored rounded", c.ty.as_str()),
            "round the default to the column's scale, or raise the scale".to_string(),
        ));
    }
    Ok(())
}

/// Why `s` is not JSON text, if it is not: what a JSON or JSONB column's default must be (a
/// number past a double's range too, which MySQL refuses).
fn json_text_error(s: &str) -> Option<serde_json::Error> {
    serde_json::from_str::<serde_json::Value>(s).err()
}

/// Whether PostgreSQL reads `s` as json or jsonb, as where a string is compared with a json
/// value (`settings @> 'x'`: "invalid input syntax for type json"): JSON text, with numbers of
/// any size (PostgreSQL takes '1e400', which [`json_text_error`] refuses for MySQL).
pub(crate) fn postgres_reads_json(s: &str) -> bool {
    json_text_error(s).is_none() || serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok()
}

/// The characters a string default may not hold: control characters but the tab, and the
/// Unicode line and paragraph separators.
pub(crate) fn refused_in_a_string_default(ch: char) -> bool {
    ch.is_control() && ch != '\t' || matches!(ch, '\u{2028}' | '\u{2029}')
}

fn check_string_default(c: &Column, s: &str, db: DatabaseType) -> Result<(), (String, String)> {
    let err = |m: String, sug: &str| Err((m, sug.to_string()));
    if s.len() > limits::MAX_TEXT_BYTES {
        return err(
            format!(
                "the default is longer than {} bytes",
                limits::MAX_TEXT_BYTES
            ),
            "use a shorter default",
        );
    }
    if let Some(ch) = s.chars().find(|ch| refused_in_a_string_default(*ch)) {
        return err(
            format!("the default contains the control or line-break character U+{:04X}", ch as u32),
            "keep string defaults on one line without control characters (use { expression } to build one)",
        );
    }
    check_string_value(c, s, db)
}

/// A string default of a text column (TEXT, VARCHAR, CHAR) that is exactly one call of a
/// function the dialect has built in (`datetime('now')` on SQLite, `now()` or
/// `gen_random_uuid()` on PostgreSQL, `uuid()` on MySQL, `current_date`): a string default is
/// stored as it is written, so every row would hold the text `datetime('now')`, where the call
/// was surely meant (a user trial). `Some((message, suggestion))` for an `INVALID_DEFAULT`
/// warning; `None` for other text (`hello (world)`, a name the dialect has no function of).
pub(crate) fn string_default_as_call(c: &Column, d: &dyn Dialect) -> Option<(String, String)> {
    use ColumnType::*;
    let Some(DefaultValue::Str(s)) = &c.default else {
        return None;
    };
    if !matches!(c.ty, Text | Varchar | Char) {
        return None;
    }
    let name = crate::expr::as_one_call(d.parser(), s)?;
    let known = match d.database_type() {
        DatabaseType::Sqlite => crate::sqlite_memory::with_probe(|db| {
            db.query_row(
                "SELECT count(*) > 0 FROM pragma_function_list WHERE name = ?1",
                [&name],
                |r| r.get::<_, bool>(0),
            )
            .unwrap_or(false)
        })
        .unwrap_or(false),
        // Known to one of MySQL and MariaDB at least.
        DatabaseType::Mysql => crate::builtin_functions::lacking(DatabaseType::Mysql, &name)
            .is_none_or(|lacking| !lacking.contains(" and ")),
        DatabaseType::Postgresql => {
            crate::builtin_functions::lacking(DatabaseType::Postgresql, &name).is_none()
        }
    };
    if !known {
        return None;
    }
    let shown = crate::report::clip(s);
    let squeezed: String = s
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let database = d.database_type();
    // The forms of the current time the spec writes in each dialect's idiom. MySQL's
    // LOCALTIME and LOCALTIMESTAMP are NOW(); PostgreSQL's are without a time zone, which the
    // spec's forms (CURRENT_TIME, CURRENT_TIMESTAMP there) have.
    let now = match name.as_str() {
        "localtime" | "localtimestamp" if database == DatabaseType::Postgresql => None,
        "localtime" if database == DatabaseType::Mysql => Some(NowKind::Timestamp),
        "now" | "current_timestamp" | "localtimestamp" => Some(NowKind::Timestamp),
        "datetime" if squeezed == "datetime('now')" => Some(NowKind::Timestamp),
        "current_date" | "curdate" => Some(NowKind::Date),
        "date" if squeezed == "date('now')" => Some(NowKind::Date),
        "current_time" | "curtime" | "localtime" => Some(NowKind::Time),
        "time" if squeezed == "time('now')" => Some(NowKind::Time),
        _ => None,
    };
    let expression = serde_json::to_string(s.trim()).unwrap_or_default();
    // A keyword without parentheses (`current_date`): SQLite and PostgreSQL have no
    // `current_date()`, and the spec reads the keyword in capitals as the current time.
    if !s.trim_end().ends_with(')') {
        let keyword = name.to_ascii_uppercase();
        return Some(match now {
            Some(kind) => (
                format!(
                    "the string default '{shown}' is stored as that text, the same in every row: a string default is a literal, and only \"{}\", in capitals, is read as the current {}",
                    kind.as_str(),
                    now_what(kind)
                ),
                format!(
                    "for the current {} write \"default\": \"{}\" (each database writes it in its own idiom), or \"default\": {{ \"expression\": {expression} }}; to store the text itself, leave it as it is",
                    now_what(kind),
                    kind.as_str()
                ),
            ),
            None => (
                format!(
                    "the string default '{shown}' is stored as that text, the same in every row: a string default is a literal, and the keyword {keyword} in it is not evaluated"
                ),
                format!(
                    "to give each row the value of {keyword}, write \"default\": {{ \"expression\": {expression} }}; to store the text itself, leave it as it is"
                ),
            ),
        });
    }
    let or_now = now.map_or(String::new(), |k| {
        format!(
            " (or \"default\": \"{}\", which each database writes in its own idiom)",
            k.as_str()
        )
    });
    Some((
        format!(
            "the string default '{shown}' is stored as that text, the same in every row: a string default is a literal, and {name}() is not called"
        ),
        format!(
            "to give each row what {name}() returns, write \"default\": {{ \"expression\": {expression} }}{or_now}; to store the text itself, leave it as it is"
        ),
    ))
}

/// Whether `s` is one of the spec's current-time defaults (`CURRENT_TIMESTAMP`, `CURRENT_DATE`,
/// `CURRENT_TIME`) in other than capitals, or with spaces or `()` (`current_date`,
/// `Current_Timestamp()`): the spec reads only the capitals as the current time, and this as text.
fn now_in_other_case(s: &str) -> bool {
    let s = s.trim();
    let s = s.strip_suffix("()").unwrap_or(s).trim_end();
    NowKind::ALL
        .iter()
        .any(|k| s.eq_ignore_ascii_case(k.as_str()))
}

/// What the current-time default `kind` gives, for messages.
fn now_what(kind: NowKind) -> &'static str {
    match kind {
        NowKind::Timestamp => "date and time",
        NowKind::Date => "date",
        NowKind::Time => "time of day",
    }
}

/// The digits of a timestamp's fraction of a second that count: those after the seconds' `.`
/// up to the last that is not 0 (`12:00:00.500` has 1).
fn fraction_digits(text: &str) -> u32 {
    text.rsplit_once('.')
        .map_or(0, |(_, f)| f.trim_end_matches('0').len() as u32)
}

/// The checks of a string default's value against the column's type (a number, a UUID, JSON,
/// a date, the length), shared with an expression default that is one string literal.
fn check_string_value(c: &Column, s: &str, db: DatabaseType) -> Result<(), (String, String)> {
    use ColumnType::*;
    let ty = c.ty.as_str();
    let err = |m: String, sug: &str| Err((m, sug.to_string()));
    match c.ty {
        Boolean => err(
            "a string default on a BOOLEAN column".into(),
            "use true or false",
        ),
        Blob => err(
            "a string default on a BLOB column".into(),
            // PostgreSQL reads X'00' as a bit string, which a BYTEA column refuses.
            if db == DatabaseType::Postgresql {
                "use { \"expression\": \"'\\\\x00'::bytea\" } for binary defaults"
            } else {
                "use { \"expression\": \"X'00'\" } for binary defaults"
            },
        ),
        t if t.is_numeric() => {
            let text = s.trim();
            if text.parse::<f64>().is_ok_and(|v| v.is_finite()) {
                if t.is_integer() {
                    // The same range as a number default: PostgreSQL and MySQL read the
                    // string as the column's type and refuse what does not fit.
                    let shown = format!("'{}'", crate::report::clip(s));
                    check_whole_number(text, &shown, t, db)
                } else {
                    decimal_fits(c, text)
                }
            } else {
                err(
                    format!(
                        "'{}' is not a number, and the column is {ty}",
                        crate::report::clip(s)
                    ),
                    "give a number",
                )
            }
        }
        // MariaDB's json_valid takes texts JSON does not (`[1.]`, `"\x"`), PostgreSQL does not.
        Json | Jsonb => match if db == DatabaseType::Mysql {
            crate::mariadb_json_text::read(s)
        } else {
            serde_json::from_str::<serde_json::Value>(s)
        } {
            // PostgreSQL's JSONB keeps its strings as text, which cannot hold U+0000 ("unsupported
            // Unicode escape sequence"); its JSON keeps the text as written and takes it, as
            // MariaDB's JSON does (checked on PostgreSQL 15 and MariaDB 10.11).
            Ok(v) if c.ty == Jsonb && db == DatabaseType::Postgresql && json_has_nul(&v) => err(
                "the default's JSON has \\u0000 in a string, which PostgreSQL's JSONB cannot hold (unsupported Unicode escape sequence)".into(),
                "leave the \\u0000 out, or make the column JSON (which keeps the text as written)",
            ),
            // MariaDB's JSON column is LONGTEXT with CHECK (json_valid(…)), and its json_valid
            // reads at most 31 levels (32 gives 0, checked on MariaDB 10.11): the CREATE takes
            // the default, and every insert that takes it fails (error 4025, the CHECK).
            Ok(v) if db == DatabaseType::Mysql && json_nesting(&v) > MARIADB_JSON_NESTING => err(
                format!(
                    "the default's JSON is nested {} levels deep (arrays and objects within one another): MariaDB's json_valid, which the CHECK of a JSON column calls, reads at most {MARIADB_JSON_NESTING} (MySQL 8.0 at most 100), so the table is made but every insert that takes the default fails (MariaDB's error 4025, the column's CHECK)",
                    json_nesting(&v)
                ),
                "give JSON nested at most 31 levels deep",
            ),
            Ok(_) => Ok(()),
            // Nested past serde_json's limit: said as the nesting it is, as for the spec.
            Err(e) => match crate::parse::too_deep_words(&e) {
                Some(deep) => err(
                    format!("the default's JSON text is {deep}, deeper than the generator reads"),
                    "give JSON text nested fewer levels",
                ),
                None => err(
                    format!("the default is not valid JSON text: {e}"),
                    "give JSON text, for example \"{}\" or \"[]\"",
                ),
            },
        },
        Uuid => {
            let ok = s.len() == 36
                && s.char_indices().all(|(i, ch)| {
                    if matches!(i, 8 | 13 | 18 | 23) {
                        ch == '-'
                    } else {
                        ch.is_ascii_hexdigit()
                    }
                });
            if ok {
                Ok(())
            } else if s.contains('(') {
                // A function written as a string (`"uuid()"`): the form of a UUID, followed,
                // would give every row the same key.
                err(
                    format!("'{}' is not a UUID: a string default is stored as it is, the same for every row", crate::report::clip(s)),
                    match db {
                        DatabaseType::Postgresql => "for a new UUID in each row, write \"default\": { \"expression\": \"gen_random_uuid()\" }",
                        DatabaseType::Mysql => "for a new UUID in each row, write \"default\": { \"expression\": \"UUID()\" }",
                        DatabaseType::Sqlite => "SQLite has no UUID function: leave the default out and give each row its UUID in the application (crypto.randomUUID())",
                    },
                )
            } else {
                err(
                    format!("'{}' is not a UUID", crate::report::clip(s)),
                    "use the form 123e4567-e89b-12d3-a456-426614174000",
                )
            }
        }
        Date => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(date) if s.len() == 10 => no_year_zero(s, date, db),
            _ if shaped_as_date_time(s) == Some(false) => err(
                format!("'{}' is not a date there is: its month or day is 00 or past the month's end", crate::report::clip(s)),
                "use a real date such as 2026-01-31 (MySQL refuses zero dates; leave the default out, or make the column nullable with null)",
            ),
            _ => err(
                format!("'{}' is not a date (YYYY-MM-DD)", crate::report::clip(s)),
                if now_in_other_case(s) {
                    "for the current date write \"CURRENT_DATE\", in capitals (the spec reads only that spelling as the current date, any other as text); otherwise use the form 2026-01-31"
                } else {
                    "use the form 2026-01-31, or CURRENT_DATE"
                },
            ),
        },
        Timestamp | Datetime => {
            // A sign or a space first: chrono reads `+2026-…` as a year, which PostgreSQL
            // ("time zone displacement out of range") and MySQL refuse.
            let parsed = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S%.f"]
                .iter()
                .filter(|_| s.starts_with(|ch: char| ch.is_ascii_digit()))
                .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok());
            if let Some(at) = parsed {
                use chrono::Timelike;
                // chrono reads second 60 as a leap second; MySQL/MariaDB refuse it ("Invalid
                // default value") and PostgreSQL stores the next minute (23:59:60 becomes the
                // next day's 00:00:00, 23:59:60.5 is refused): one rule on every database, as
                // for a month 13.
                if at.nanosecond() >= 1_000_000_000 {
                    return err(
                        format!(
                            "'{}' has second 60, which MySQL refuses and PostgreSQL turns into the next minute",
                            crate::report::clip(s)
                        ),
                        "use seconds 00 to 59",
                    );
                }
                // A DATETIME without a precision keeps whole seconds on MySQL: MySQL rounded
                // '23:59:59.999' to the next day's midnight, MariaDB cut it to 23:59:59 (a user
                // trial). PostgreSQL's TIMESTAMP keeps microseconds, and either keeps the
                // column's `precision` digits. SQLite keeps the text as written.
                let kept = match (c.precision, db) {
                    (_, DatabaseType::Sqlite) => None,
                    (Some(p), _) => Some(p),
                    (None, DatabaseType::Postgresql) => Some(crate::spec::MAX_FRACTIONAL_SECONDS),
                    (None, DatabaseType::Mysql) => Some(0),
                };
                let digits = fraction_digits(s);
                match kept {
                    Some(0) if digits > 0 => {
                        return err(
                            format!(
                                "'{}' has a fraction of a second, which {} does not keep: {} rounds it (23:59:59.999 becomes the next day's 00:00:00){}",
                                crate::report::clip(s),
                                if c.precision.is_some() { "a precision of 0" } else { "MySQL's DATETIME without a precision" },
                                if db == DatabaseType::Mysql { "MySQL" } else { "PostgreSQL" },
                                if db == DatabaseType::Mysql { " and MariaDB cuts it off" } else { "" },
                            ),
                            "use whole seconds, or give the column a precision (3 keeps milliseconds)",
                        );
                    }
                    Some(p) if digits > p => {
                        return err(
                            format!(
                                "'{}' has {digits} digits of a second, and the column keeps {p}: the database rounds the rest{}",
                                crate::report::clip(s),
                                if db == DatabaseType::Mysql { " (MariaDB cuts it off)" } else { "" },
                            ),
                            &format!("write at most {p} digits after the seconds, or raise the column's precision (at most 6)"),
                        );
                    }
                    _ => {}
                }
                no_year_zero(s, at.date(), db)
            } else if shaped_as_date_time(s) == Some(true) {
                err(
                    format!("'{}' is not a time there is: its month or day is 00 or past the month's end, or its hour, minute or second out of range", crate::report::clip(s)),
                    "use a real date and time such as 2026-01-31 12:00:00 (MySQL refuses zero dates; leave the default out, or make the column nullable with null)",
                )
            } else {
                err(
                    format!(
                        "'{}' is not a timestamp (YYYY-MM-DD HH:MM:SS)",
                        crate::report::clip(s)
                    ),
                    if now_in_other_case(s) {
                        "for the current date and time write \"CURRENT_TIMESTAMP\", in capitals (the spec reads only that spelling as the current time, any other as text); otherwise use the form 2026-01-31 12:00:00"
                    } else {
                        "use the form 2026-01-31 12:00:00, or CURRENT_TIMESTAMP"
                    },
                )
            }
        }
        // CHAR(n) pads with spaces, and PostgreSQL and MariaDB take trailing spaces past n
        // (`CHAR(1) DEFAULT 'a '` stores 'a'); VARCHAR(n) does not (MariaDB refuses
        // `VARCHAR(3) DEFAULT 'abc  '`).
        Varchar | Char
            if c.length.is_some_and(|n| {
                let kept = if c.ty == Char {
                    s.trim_end_matches(' ')
                } else {
                    s
                };
                kept.chars().count() > n as usize
            }) =>
        {
            err(
                format!(
                    "the default is {} characters, longer than the column's length {}",
                    s.chars().count(),
                    c.length.unwrap_or(0)
                ),
                "shorten the default or lengthen the column",
            )
        }
        _ => Ok(()),
    }
}

/// Whether `s` has the shape of a date (`Some(false)`: `NNNN-NN-NN`) or of a timestamp
/// (`Some(true)`: that, a space, `NN:NN:NN` and perhaps a fraction), whatever its numbers:
/// `'0000-00-00'` is then "not a real date", not "not in the form YYYY-MM-DD".
fn shaped_as_date_time(s: &str) -> Option<bool> {
    // On bytes: a split of the text could fall inside a character ('2026年01月31日').
    let shaped = |text: &[u8], pattern: &[u8]| {
        text.len() == pattern.len()
            && text.iter().zip(pattern).all(|(b, p)| {
                if *p == b'N' {
                    b.is_ascii_digit()
                } else {
                    b == p
                }
            })
    };
    let (date, time) = s.as_bytes().split_at(s.len().min(10));
    if !shaped(date, b"NNNN-NN-NN") {
        return None;
    }
    if time.is_empty() {
        return Some(false);
    }
    let (time, fraction) = time.split_at(time.len().min(9));
    let fraction_ok = fraction.is_empty()
        || fraction
            .strip_prefix(b".")
            .is_some_and(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit));
    (shaped(time, b" NN:NN:NN") && fraction_ok).then_some(true)
}

/// PostgreSQL has no year 0 (1 BC is followed by 1 AD) and refuses a date or timestamp in it
/// ("date/time field value out of range"); MariaDB's DATE and DATETIME take '0000-01-01', and
/// SQLite keeps the text (checked on PostgreSQL 15 and MariaDB 10.11).
fn no_year_zero(
    s: &str,
    date: chrono::NaiveDate,
    db: DatabaseType,
) -> Result<(), (String, String)> {
    use chrono::Datelike;
    if date.year() == 0 && db == DatabaseType::Postgresql {
        return Err((
            format!(
                "'{}' is in year 0, which PostgreSQL does not have (1 BC is followed by 1 AD)",
                crate::report::clip(s)
            ),
            "use a date from year 1 on (0001-01-01)".to_string(),
        ));
    }
    Ok(())
}

/// The most levels of JSON arrays and objects within one another MariaDB's `json_valid` reads
/// (MariaDB 10.11: 31 gives 1, 32 gives 0, a scalar inside not counted; MySQL 8.0's limit is
/// 100, `JSON_DOCUMENT_MAX_DEPTH`).
const MARIADB_JSON_NESTING: usize = 31;

/// How many arrays and objects of a JSON value are within one another at most: 0 for a
/// scalar, 1 for `[1]` or `{}`, 2 for `[[1]]`.
fn json_nesting(v: &serde_json::Value) -> usize {
    use serde_json::Value;
    match v {
        Value::Array(items) => 1 + items.iter().map(json_nesting).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(json_nesting).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether a JSON value has U+0000 in one of its strings or keys.
fn json_has_nul(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(json_has_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}

/// A UUID column's literal expression default: a UUID in a form PostgreSQL reads (as its
/// `uuid` input does: upper or lower case, in braces or not, a hyphen or none after any group
/// of four digits, so that `'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'` stays the escape hatch
/// there), and on MySQL, where the column is CHAR(36), at most 36 characters.
fn uuid_literal_fits(s: &str, db: DatabaseType) -> Result<(), (String, String)> {
    let inner = s
        .strip_prefix('{')
        .map_or(Some(s), |rest| rest.strip_suffix('}'));
    let read = inner.is_some_and(|inner| {
        let mut digits = 0;
        let mut hyphen_allowed = false;
        for ch in inner.chars() {
            if ch.is_ascii_hexdigit() {
                digits += 1;
                hyphen_allowed = digits % 4 == 0 && digits < 32;
            } else if ch == '-' && hyphen_allowed {
                hyphen_allowed = false;
            } else {
                return false;
            }
        }
        digits == 32
    });
    if !read {
        return Err((
            format!("'{}' is not a UUID", crate::report::clip(s)),
            "use the form 123e4567-e89b-12d3-a456-426614174000".to_string(),
        ));
    }
    if db == DatabaseType::Mysql && s.chars().count() > 36 {
        return Err((
            format!(
                "'{}' is {} characters, longer than the 36 of MySQL's CHAR(36)",
                crate::report::clip(s),
                s.chars().count()
            ),
            "use the form 123e4567-e89b-12d3-a456-426614174000".to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The INVALID_DEFAULT message of a sqlite table `t (id, s VARCHAR(10) DEFAULT default)`
    /// under the CHECKs `checks` (name, expression).
    fn refusal(default: &str, checks: &[(&str, &str)]) -> String {
        let checks: Vec<String> = (checks.iter())
            .map(|(name, e)| format!(r#"{{"name":"{name}","expression":"{e}"}}"#))
            .collect();
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"s","type":"VARCHAR","length":10,"nullable":false,"default":"{default}"}}],"checkConstraints":[{}]}}]}}"#,
            checks.join(",")
        ));
        let errors: Vec<_> = (r.validation.errors.iter())
            .filter(|e| e.code.as_str() == "INVALID_DEFAULT")
            .collect();
        assert_eq!(errors.len(), 1, "{:?}", r.validation.errors);
        errors[0].message.clone()
    }

    /// A length CHECK beside an IN list refuses a default the list allows: the message names the
    /// length CHECK, and does not say the default is not one of the strings (nor list it among
    /// them). The IN list's wording stays for a default the list leaves out.
    #[test]
    fn the_in_list_wording_only_where_the_list_refuses_the_default() {
        let list = ("chk_t_list", "s IN ('todo', 'done')");
        let length = ("chk_t_length", "length(s) <= 3");
        for checks in [[list, length], [length, list]] {
            let m = refusal("done", &checks);
            assert!(
                m.starts_with("the default 'done' is refused by the table's CHECK 'chk_t_length' (length(s) <= 3)"),
                "{m}"
            );
            assert!(!m.contains("not one of the strings"), "{m}");
        }
        // One CHECK with both: its list has the default, its length part refuses it.
        let both = ("chk_t_s", "s IN ('todo', 'done') AND length(s) > 4");
        let m = refusal("done", &[both]);
        assert!(
            m.starts_with("the default 'done' is refused by the table's CHECK 'chk_t_s'"),
            "{m}"
        );
        assert!(!m.contains("not one of the strings"), "{m}");
        let m = refusal("draft", &[list, length]);
        assert!(
            m.starts_with(
                "the default 'draft' is not one of the strings the table's CHECK allows ('todo', 'done')"
            ),
            "{m}"
        );
    }
}
