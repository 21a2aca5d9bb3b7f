//! What a column's type change from `previousSpec` does to the values it converts, for the
//! `TYPE_NARROWING` message of PostgreSQL and MySQL/MariaDB (SQLite's rebuild is planned by
//! `diff`, which says its own). A user trial found "can lose values that do not convert, or
//! refuse the migration" wrong where every value converts, rounded, without a word: a number
//! made a number of fewer decimals or of another kind, or text made a number. Each sentence was
//! tried on PostgreSQL 15, MariaDB 10.11 and MySQL 9.7, which agree unless it says otherwise.

use crate::spec::{Column, ColumnType, DatabaseType};

/// The values a numeric column holds: an integer type's bounds, or a DECIMAL's digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumericRange {
    /// An integer type: its least and greatest value.
    Integer(i64, i64),
    /// DECIMAL(p, s): its digits before the point (p - s) and after it (s).
    Decimal(u32, u32),
}

/// What a column of `c`'s type holds on `db`, where it is a number of bounded range: the one
/// table of the ranges of the column types, which the conversions' words ([`longest_text`],
/// [`numeric_conversion`]) and the queries of `rows_refuse_hints` both read. MySQL's BOOLEAN
/// is TINYINT(1), -128 to 127 (a reviewer's INTEGER 1000 made BOOLEAN was counted as a repeat
/// where it refuses the migration: 1264 Out of range); PostgreSQL's TINYINT is SMALLINT and
/// its BOOLEAN no number. `None` for REAL, PostgreSQL's NUMERIC of no precision, or a type
/// that is not a number.
pub fn numeric_range(db: DatabaseType, c: &Column) -> Option<NumericRange> {
    use ColumnType::*;
    let mysql = db == DatabaseType::Mysql;
    Some(match c.ty {
        Integer | Int => NumericRange::Integer(i32::MIN.into(), i32::MAX.into()),
        Bigint => NumericRange::Integer(i64::MIN, i64::MAX),
        Tinyint | Boolean if mysql => NumericRange::Integer(i8::MIN.into(), i8::MAX.into()),
        Tinyint => NumericRange::Integer(i16::MIN.into(), i16::MAX.into()),
        Numeric | Decimal => {
            let (p, s) = decimal_digits(c, db)?;
            NumericRange::Decimal(p.saturating_sub(s), s)
        }
        _ => return None,
    })
}

/// The most digits before the point of a value of `c`'s type (a number type, from
/// [`numeric_range`]), `None` for no limit or a type that is not a number.
fn integer_digits(c: &Column, db: DatabaseType) -> Option<u32> {
    Some(match numeric_range(db, c)? {
        NumericRange::Integer(lo, hi) => {
            lo.unsigned_abs().max(hi.unsigned_abs()).to_string().len() as u32
        }
        NumericRange::Decimal(whole, _) => whole,
    })
}

/// A DECIMAL's precision and scale as the database has them: MySQL's `DECIMAL` is (10,0),
/// PostgreSQL's `NUMERIC` without a precision has no limit (`None`).
fn decimal_digits(c: &Column, db: DatabaseType) -> Option<(u32, u32)> {
    match (c.precision, db) {
        (Some(p), _) => Some((p, c.scale.unwrap_or(0))),
        (None, DatabaseType::Mysql) => Some((10, 0)),
        (None, _) => None,
    }
}

/// A value halfway between two of `scale` decimals and what it becomes, rounded away from
/// zero: `("1.005", "1.01")`; `("2.5", "3")` for a whole number.
fn halfway(scale: u32) -> (String, String) {
    if scale == 0 {
        ("2.5".to_string(), "3".to_string())
    } else {
        let zeros = "0".repeat(scale as usize - 1);
        (format!("1.{zeros}05"), format!("1.{zeros}1"))
    }
}

/// What a type change does to the values: its words, and whether the new type may refuse a
/// value the rows hold, failing the migration. The fact is given with the words, not read from
/// them: the order of a MySQL migration rests on it ([`crate::commit_order`]), whatever the
/// words say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The sentence after "changing 'c' from {was} to {is} ".
    pub words: String,
    /// Whether a value may refuse the change (out of the new range, too long, text that is no
    /// number or UUID): the words then say so; otherwise they say "nothing is refused".
    pub refuses: bool,
}

impl Said {
    /// `words` said of a change that a value may refuse (`refuses`) or not.
    pub fn new(words: String, refuses: bool) -> Said {
        Said { words, refuses }
    }
}

/// What changing `old` (written `was`) into `new` (written `is`) does to the values, where the
/// new type is a number and the old one a number or text: the sentence after "changing 'c'
/// from {was} to {is} ". `None` for any other change, which keeps the general words.
pub fn numeric_conversion(db: DatabaseType, old: &Column, new: &Column, is: &str) -> Option<Said> {
    use ColumnType::*;
    let text = matches!(old.ty, Text | Varchar | Char);
    let exact = |t: ColumnType| t.is_integer() || matches!(t, Numeric | Decimal);
    if db == DatabaseType::Sqlite || !(text || exact(old.ty) || old.ty == Real) {
        return None;
    }
    let out_of_range = format!("a value out of {is}'s range refuses the migration");
    let mysql = db == DatabaseType::Mysql;
    let said = match new.ty {
        // MySQL's BOOLEAN is TINYINT(1): a number kept as it is (2 stays 2), or refused.
        t if t.is_integer() || (mysql && t == Boolean) => {
            let fits = integer_digits(old, db)
                .zip(integer_digits(new, db))
                .is_some_and(|(a, b)| a < b);
            let range = if fits { "nothing is refused".to_string() } else { out_of_range };
            let words = match old.ty {
                Numeric | Decimal => format!("rounds every fraction to the nearest integer, halves away from zero (10.5 becomes 11, −2.5 becomes −3), and {range}{}", rounding_out(db, old, new)),
                Real => format!("rounds every fraction to the nearest integer, halves to even (2.5 becomes 2, 3.5 becomes 4, −2.5 becomes −2), and {range}"),
                _ if text && mysql => format!("takes text that is a number: one with a fraction is rounded, halves away from zero, by MySQL ('2.5' becomes 3) and refused by MariaDB; other text ('abc'), or a value out of {is}'s range, refuses the migration"),
                _ if text => format!("takes text that is an integer (' 42 ' included); other text ('2.5', 'abc'), or a value out of {is}'s range, refuses the migration"),
                _ => format!("keeps every value that fits, and {range}"),
            };
            Said::new(words, text || !fits)
        }
        Numeric | Decimal => {
            let (q, t) = decimal_digits(new, db)?;
            let before = q.saturating_sub(t);
            let (rounds, fits) = match old.ty {
                Numeric | Decimal => match decimal_digits(old, db) {
                    Some((p, s)) => {
                        let old_before = p.saturating_sub(s);
                        (s > t, old_before < before || (old_before == before && s <= t))
                    }
                    None => (true, false),
                },
                ty if ty.is_integer() => (false, integer_digits(old, db).is_some_and(|a| a <= before)),
                _ => (true, false),
            };
            let range = if fits { "nothing is refused".to_string() } else { out_of_range.clone() };
            let places = match t {
                0 => "a whole number".to_string(),
                1 => "1 decimal".to_string(),
                t => format!("{t} decimals"),
            };
            let (half, rounded) = halfway(t);
            let words = match old.ty {
                _ if text => format!("takes text that is a number (' 12.5 ', '1e3' included), rounded to {places}, halves away from zero ('{half}' becomes {rounded}); other text ('abc'), or a value out of {is}'s range, refuses the migration{}", rounding_out(db, old, new)),
                // The double's decimal text: 1.005 though the double is a little below it.
                Real => format!("rounds every value, as its decimal text, to {places}, halves away from zero ({half} becomes {rounded}), and {range}{}", rounding_out(db, old, new)),
                _ if rounds => format!("rounds every value to {places}, halves away from zero ({half} becomes {rounded}), and {range}{}", rounding_out(db, old, new)),
                _ => format!("keeps every value that fits, and {range}"),
            };
            Said::new(words, text || !fits)
        }
        Real => match old.ty {
            _ if text => Said::new("takes text that is a number, rounded to the nearest double (about 15 significant digits kept); other text ('abc') refuses the migration".to_string(), true),
            Bigint => Said::new("rounds an integer past 2^53 to the nearest double (9007199254740993 becomes 9007199254740992); nothing is refused".to_string(), false),
            Numeric | Decimal if decimal_digits(old, db).is_some_and(|(p, _)| p <= 300) => Said::new("rounds every value to the nearest double (about 15 significant digits kept: 0.1 stays 0.1, 1234567890.123456789 becomes 1234567890.1234567); nothing is refused".to_string(), false),
            _ => return None,
        },
        _ => return None,
    };
    Some(said)
}

/// The least value of `old` (a DECIMAL) that changing it into `new` (a DECIMAL of fewer
/// decimals, or an integer type) rounds out of `new`'s range, and what it rounds to:
/// `("9999999.995", "10000000.00")` for DECIMAL(10,3) into DECIMAL(9,2), whose range holds
/// 9999999.995 before the rounding but not the 10000000.00 it rounds to (a user trial was told
/// only that "a value out of DECIMAL(9,2)'s range refuses the migration"; PostgreSQL 15 refuses
/// it, "numeric field overflow", MariaDB 10.11 in strict mode too, "1264 Out of range value");
/// `("2147483647.5", "2147483648")` into an INT. A double or text (`REAL`, `VARCHAR`) made a
/// DECIMAL is rounded as its decimal text, and holds any such value: REAL or '99.995' made
/// DECIMAL(4,2) is 100.00, which PostgreSQL 15 and MariaDB 10.11 refuse alike (their integer
/// types round otherwise, and are left out). `None` where the change rounds nothing, or `old`
/// holds no such value.
pub fn rounds_out_of(db: DatabaseType, old: &Column, new: &Column) -> Option<(String, String)> {
    use ColumnType::*;
    let unbounded = matches!(old.ty, Real | Text | Varchar | Char);
    if db == DatabaseType::Sqlite || !(unbounded || matches!(old.ty, Numeric | Decimal)) {
        return None;
    }
    // What `old` holds: digits before the point and decimals, `None` for no limit.
    let (whole, scale) = match decimal_digits(old, db).filter(|_| !unbounded) {
        Some((p, s)) => (Some(p.saturating_sub(s)), Some(s)),
        None => (None, None),
    };
    match numeric_range(db, new)? {
        NumericRange::Integer(..) if unbounded => None,
        NumericRange::Decimal(before, t) => {
            if scale.is_some_and(|s| s <= t) || whole.is_some_and(|w| w < before) {
                return None;
            }
            let nines = if before == 0 {
                "0".to_string()
            } else {
                "9".repeat(before as usize)
            };
            let decimals = if t == 0 {
                String::new()
            } else {
                format!(".{}", "0".repeat(t as usize))
            };
            Some((
                format!("{nines}.{}5", "9".repeat(t as usize)),
                format!("1{}{decimals}", "0".repeat(before as usize)),
            ))
        }
        NumericRange::Integer(_, hi) => {
            let digits = hi.to_string().len() as u32;
            if scale == Some(0) || whole.is_some_and(|w| w < digits) {
                return None;
            }
            Some((format!("{hi}.5"), (i128::from(hi) + 1).to_string()))
        }
    }
}

/// The words that follow "a value out of {is}'s range refuses the migration" where the
/// rounding carries a value of `old` in that range out of it ([`rounds_out_of`]): empty
/// otherwise.
fn rounding_out(db: DatabaseType, old: &Column, new: &Column) -> String {
    match rounds_out_of(db, old, new) {
        Some((from, made)) => format!(", as does one that the rounding takes out of it ({from} becomes {made}, and −{from} −{made})"),
        None => String::new(),
    }
}

/// Whether changing `old` (a number type) into `new` keeps every value exactly: an integer
/// or a DECIMAL into a DECIMAL with as many digits before the point and as many decimals, or
/// into an integer type with more digits. What [`numeric_conversion`] says "keeps every value
/// that fits, and nothing is refused" of.
pub fn keeps_every_number(db: DatabaseType, old: &Column, new: &Column) -> bool {
    use ColumnType::*;
    let exact = |t: ColumnType| t.is_integer() || matches!(t, Numeric | Decimal);
    if db == DatabaseType::Sqlite || !exact(old.ty) || !exact(new.ty) {
        return false;
    }
    let scale = |c: &Column| match c.ty {
        Numeric | Decimal => decimal_digits(c, db).map(|(_, s)| s),
        _ => Some(0),
    };
    let fits = match (integer_digits(old, db), integer_digits(new, db)) {
        // An integer type holds less than all numbers of its digits (an INT's 10 digits stop
        // at 2147483647): a DECIMAL's 9999999999 needs more.
        (Some(a), Some(b)) if new.ty.is_integer() && !old.ty.is_integer() => a < b,
        (Some(a), Some(b)) => a <= b,
        (_, None) => matches!(new.ty, Numeric | Decimal),
        (None, Some(_)) => false,
    };
    let kept = match (scale(old), scale(new)) {
        (Some(s), Some(t)) => s <= t,
        (_, None) => true,
        (None, Some(_)) => false,
    };
    fits && kept
}

/// The value the up migration makes of the largest values of `old` when it changes them into
/// `new`, rounding them past what `old` holds, with the values it makes it of: `("10000.0",
/// "9999.95")` for DECIMAL(6,2) into DECIMAL(8,1) (9999.99 becomes 10000.0, which the down
/// migration back to DECIMAL(6,2) refuses, a user trial found on PostgreSQL 15 and MariaDB
/// 10.11); PostgreSQL's BIGINT into a double (9223372036854775807 becomes 2^63, which BIGINT
/// refuses; MariaDB takes it back as 9223372036854775807). `None` when the up migration rounds
/// nothing past `old`'s range, or refuses those values itself.
pub fn rounded_past(db: DatabaseType, old: &Column, new: &Column) -> Option<(String, String)> {
    use ColumnType::*;
    match (old.ty, new.ty) {
        (Bigint, Real) if db == DatabaseType::Postgresql => Some((
            "9223372036854775808".to_string(),
            "9223372036854775296".to_string(),
        )),
        (Numeric | Decimal, t) if t.is_integer() || matches!(t, Numeric | Decimal) => {
            let (p, s) = decimal_digits(old, db)?;
            let new_scale = match t {
                Numeric | Decimal => decimal_digits(new, db)?.1,
                _ => 0,
            };
            let before = p.saturating_sub(s);
            // Only when the up migration rounds, and holds the value it rounds to.
            if new_scale >= s || integer_digits(new, db).is_some_and(|b| b <= before) {
                return None;
            }
            let decimals = |digit: &str, n: u32| {
                if n == 0 {
                    String::new()
                } else {
                    format!(".{}", digit.repeat(n as usize))
                }
            };
            let nines = if before == 0 {
                "0".to_string()
            } else {
                "9".repeat(before as usize)
            };
            let made = format!(
                "1{}{}",
                "0".repeat(before as usize),
                decimals("0", new_scale)
            );
            let from = format!("{nines}.{}5", "9".repeat(new_scale as usize));
            Some((made, from))
        }
        _ => None,
    }
}

/// What changing text of `old`'s type into `new`'s (both text types: TEXT, VARCHAR, CHAR)
/// does to the values, `old_chars` and `new_chars` being the most characters each holds as
/// written (`None` for no limit): the sentence after "changing 'c' from {was} to {is} ". `None`
/// for SQLite (which keeps every value whatever the declared length) or another pair of types.
///
/// A user trial was told a VARCHAR made shorter "can lose values that do not convert": no value
/// is cut, one too long refuses the migration (tried on PostgreSQL 15 and MariaDB 10.11:
/// `value too long for type character varying(5)`; strict mode, which the generated MySQL file
/// sets, `Data truncated` or `Data too long`). PostgreSQL alone cuts the spaces at the end of a
/// value past the limit, and reads a CHAR padded to its length, converting it to VARCHAR or
/// TEXT without the padding; MySQL reads a CHAR without its trailing spaces.
pub fn text_conversion(
    db: DatabaseType,
    (old, old_chars): (ColumnType, Option<u32>),
    (new, new_chars): (ColumnType, Option<u32>),
) -> Option<Said> {
    use ColumnType::*;
    let text = |t: ColumnType| matches!(t, Text | Varchar | Char);
    if db == DatabaseType::Sqlite || !text(old) || !text(new) {
        return None;
    }
    let postgres = db == DatabaseType::Postgresql;
    let mut said = Vec::new();
    match (old, new) {
        (Char, Char) => {}
        (Char, _) if postgres => said.push(format!(
            "drops the spaces that pad each value (PostgreSQL reads a CHAR padded to its length, and converts it without them: {})",
            padding_example(old_chars.unwrap_or(1))
        )),
        (_, Char) if postgres => said.push(format!(
            "pads each value with spaces to {} characters as it is read (compared without them)",
            new_chars.unwrap_or(1)
        )),
        (_, Char) => said.push("loses the spaces at the end of each value (MySQL reads a CHAR without them)".to_string()),
        _ => {}
    }
    let refuses = matches!((old_chars, new_chars), (a, Some(n)) if a.is_none_or(|a| a > n));
    match (old_chars, new_chars) {
        (a, Some(n)) if a.is_none_or(|a| a > n) => {
            if said.is_empty() {
                said.push(format!("keeps every value of at most {n} characters"));
            }
            said.push(if postgres {
                format!("a value longer than {n} characters refuses the migration (value too long for type …), unless what passes {n} is spaces, which are cut; nothing else is cut")
            } else {
                format!("a value longer than {n} characters, spaces at its end included, refuses the migration (strict mode, which the generated file sets: Data truncated, or Data too long); nothing is cut")
            });
        }
        _ if said.is_empty() => said.push("keeps every value; nothing is refused".to_string()),
        _ => said.push("nothing is refused".to_string()),
    }
    Some(Said::new(said.join(", and "), refuses))
}

/// What changing text (`old`) into PostgreSQL's UUID (`new`) does to the values: the sentence
/// after "changing 'c' from {was} to {is} ". PostgreSQL reads a UUID in capitals or small
/// letters, in braces, without hyphens or with one after any four digits, and writes each in
/// small letters with hyphens, as the down migration then gives it back; it refuses any other
/// text (`invalid input syntax for type uuid`, checked on PostgreSQL 15). A user trial was told
/// the change "can lose values that do not convert": none is lost, and valid ones are rewritten.
/// `None` elsewhere (MySQL's UUID is a CHAR(36): [`text_conversion`]'s).
pub fn uuid_conversion(db: DatabaseType, old: ColumnType, new: ColumnType) -> Option<Said> {
    use ColumnType::*;
    (db == DatabaseType::Postgresql && matches!(old, Text | Varchar | Char) && new == Uuid).then(|| {
        Said::new("takes text that is a UUID, in capitals or small letters, in braces or without hyphens, and writes each in small letters with hyphens ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' and '{a0eebc999c0b4ef8bb6d6bb9bd380a11}' both become 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', the text the down migration gives back); other text ('abc', '', a UUID with a space) refuses the migration".to_string(), true)
    })
}

/// What PostgreSQL's number made BOOLEAN (`USING c <> 0`, see `postgres::retype`) does to the
/// values: the sentence after "changing 'c' from {was} to {is} ". Nothing is refused: every
/// number but 0 becomes true (a user trial was told it "can lose values that do not convert, or
/// refuse the migration", and 2 and -1 both became true, given back as 1 by the down migration,
/// checked on PostgreSQL 15). `None` elsewhere (MySQL's BOOLEAN is TINYINT(1), see
/// [`numeric_conversion`]; SQLite's is INTEGER).
pub fn boolean_conversion(db: DatabaseType, old: ColumnType, new: ColumnType) -> Option<Said> {
    use ColumnType::*;
    let number = old.is_integer() || matches!(old, Numeric | Decimal | Real);
    (db == DatabaseType::Postgresql && number && new == Boolean).then(|| {
        Said::new("makes 0 false and every other number true (2, −1 and 0.5 become true, which the down migration gives back as 1); nothing is refused".to_string(), false)
    })
}

/// How changing `old` into `new` can make values that were distinct one, which a UNIQUE or
/// primary key the table keeps over the column then refuses (the migration fails on it with
/// nothing said before, a reviewer's PostgreSQL 15 and MariaDB 10.11: "could not create unique
/// index", "Duplicate entry"): the words after "'c' ({was} to {is}: ", `None` where distinct
/// values stay distinct (or one that would not is refused by the migration itself). One rule
/// over the conversions: text cut or compared without the spaces at its end (PostgreSQL cuts
/// the spaces past a new length; a CHAR is compared without them on PostgreSQL, and read
/// without them on MySQL, where a NO PAD collation held 'ab' and 'ab ' apart before), text read
/// as another type (several texts of one value), a number rounded to fewer decimals or to a
/// double, a time rounded to fewer digits of a second or to its date, and PostgreSQL's number
/// made BOOLEAN (`c <> 0`).
pub fn merges(db: DatabaseType, old: &Column, new: &Column) -> Option<String> {
    use ColumnType::*;
    if db == DatabaseType::Sqlite {
        return sqlite_merges(old, new);
    }
    let postgres = db == DatabaseType::Postgresql;
    // MySQL's UUID is a CHAR(36) (compared and converted as one); PostgreSQL's its own type.
    let kind = |c: &Column| match c.ty {
        Uuid if !postgres => Char,
        t => t,
    };
    let text = |t: ColumnType| matches!(t, Text | Varchar | Char);
    // The most characters PostgreSQL's text type holds (`None`: no limit).
    let chars = |c: &Column| match c.ty {
        Varchar => c.length,
        Uuid => Some(36),
        Char => Some(c.length.unwrap_or(1)),
        _ => None,
    };
    // The decimals a number of the type keeps (`None`: every one, PostgreSQL's NUMERIC).
    let scale = |c: &Column| match c.ty {
        t if t.is_integer() => Some(0),
        Boolean if !postgres => Some(0),
        Numeric | Decimal => decimal_digits(c, db).map(|(_, s)| s),
        _ => None,
    };
    // The digits of a second a time keeps (PostgreSQL's default 6, MySQL's 0).
    let seconds = |c: &Column| c.precision.unwrap_or(if postgres { 6 } else { 0 });
    // Two values of `n` decimals more than `t` and what both become.
    let rounded = |t: u32| {
        let zeros = "0".repeat(t as usize);
        match t {
            0 => "1.1 and 1.2 become 1".to_string(),
            _ => format!("1.{zeros}1 and 1.{zeros}2 become 1.{zeros}"),
        }
    };
    let said = match (kind(old), kind(new)) {
        // A CHAR is compared without its spaces already: made text, it stays apart.
        (Char, b) if text(b) => return None,
        (a, Char) if text(a) => "a CHAR, compared without the spaces at its end: 'ab' and 'ab ' become one".to_string(),
        (a, b) if text(a) && text(b) => {
            let n = chars(new)?;
            if !postgres || chars(old).is_some_and(|m| m <= n) {
                return None;
            }
            format!("the spaces past {n} characters cut: 'abc' and 'abc  ' become one")
        }
        // MySQL's JSON and BLOB keep the text as it is; PostgreSQL's BLOB is its bytes
        // (`convert_to(c, 'UTF8')`, one bytea for each text).
        (a, Json | Jsonb) if text(a) && !postgres => return None,
        (a, Blob) if text(a) => return None,
        (a, b) if text(a) => {
            let example = match b {
                Boolean if postgres => "'t' and 'true'",
                Date => "'2024-01-05' and '2024-1-5'",
                Timestamp | Datetime => "'2024-01-05 10:00' and '2024-01-05 10:00:00'",
                Uuid => "a UUID in capitals, in braces and in small letters ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{a0eebc999c0b4ef8bb6d6bb9bd380a11}' and 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')",
                Json | Jsonb => "'{\"a\":1}' and '{\"a\": 1}'",
                _ => "'1' and '01'",
            };
            format!("several texts of one value read as that value: {example} become one")
        }
        (Numeric | Decimal | Real, b) if scale(new).is_some() && (b != Boolean || !postgres) => {
            let t = scale(new)?;
            if old.ty != Real && scale(old).is_some_and(|s| s <= t) {
                return None;
            }
            let places = match t {
                0 => "a whole number".to_string(),
                1 => "1 decimal".to_string(),
                t => format!("{t} decimals"),
            };
            format!("rounded to {places}: {}", rounded(t))
        }
        (Bigint, Real) => "rounded to the nearest double past 2^53: 9007199254740992 and 9007199254740993 become one".to_string(),
        // PostgreSQL's double made a NUMERIC of any scale keeps 15 significant digits.
        (Real, Numeric | Decimal) if postgres => "rounded to 15 significant digits: 0.1 and 0.10000000000000002 become 0.1".to_string(),
        (Numeric | Decimal, Real) if decimal_digits(old, db).is_none_or(|(p, _)| p > 15) => "rounded to the nearest double, about 15 significant digits kept: 0.1 and 0.10000000000000000001 become one".to_string(),
        (a, Boolean) if postgres && (a.is_integer() || matches!(a, Numeric | Decimal | Real)) => "every number but 0 made true: 1 and 2 become one".to_string(),
        (Timestamp | Datetime, Timestamp | Datetime) if seconds(new) < seconds(old) => {
            let q = seconds(new);
            let zeros = "0".repeat(q as usize);
            let point = if q == 0 { String::new() } else { format!(".{zeros}") };
            format!("{q} digits of a second kept: '10:00:00.{zeros}1' and '10:00:00.{zeros}2' become '10:00:00{point}'")
        }
        (Timestamp | Datetime, Date) => "its time of day dropped: '2024-01-05 10:00' and '2024-01-05 11:00' become one".to_string(),
        _ => return None,
    };
    Some(said)
}

/// How changing `old` into `new` changes values, where it does: [`merges`]'s words, or where
/// no two values become one, PostgreSQL's CHAR made VARCHAR or TEXT, which drops the spaces
/// that pad each value ('ab' in a CHAR(3), read as 'ab ', becomes 'ab': `octet_length(c) = 3`
/// then refuses it, PostgreSQL 15's "check constraint … is violated by some row"). The words
/// after "'c' ({was} to {is}: "; `None` where each value stays as it is read.
pub fn changes_values(db: DatabaseType, old: &Column, new: &Column) -> Option<String> {
    use ColumnType::*;
    merges(db, old, new).or_else(|| {
        (db == DatabaseType::Postgresql && old.ty == Char && matches!(new.ty, Varchar | Text)).then(
            || {
                format!(
                    "the spaces that pad each value dropped: {}",
                    padding_example(old.length.unwrap_or(1))
                )
            },
        )
    })
}

/// A value of PostgreSQL's CHAR(`n`) as it is read, padded, and as VARCHAR or TEXT take it,
/// without the padding: "'a' in a CHAR(3), read as 'a  ', becomes 'a'", and for a CHAR(1),
/// which no value shorter than one character pads but ' ', "' ' in a CHAR(1) becomes ''".
fn padding_example(n: u32) -> String {
    match n {
        0 | 1 => "' ' in a CHAR(1) becomes ''".to_string(),
        n => format!(
            "'a' in a CHAR({n}), read as 'a{}', becomes 'a'",
            " ".repeat(n as usize - 1)
        ),
    }
}

/// [`changes_values`] where the CHECK `expression` of the table, checked again against the
/// converted values, may give another result: always where values become one or are rounded,
/// and for the padding PostgreSQL's CHAR made VARCHAR or TEXT drops only where the CHECK reads
/// it (`octet_length(code) = 3`, `code LIKE 'a_'`; not `length(code) = 3`, which PostgreSQL
/// 15 gives alike for both: see [`crate::char_padding`]). `new`'s name is the one the
/// expression uses.
pub fn changes_check(
    d: &dyn crate::dialect::Dialect,
    expression: &str,
    old: &Column,
    new: &Column,
) -> Option<String> {
    let db = d.database_type();
    let how = changes_values(db, old, new)?;
    let padding_only = merges(db, old, new).is_none();
    if padding_only && !crate::char_padding::check_reads_padding(d.parser(), expression, &new.name)
    {
        return None;
    }
    Some(how)
}

/// [`merges`] on SQLite, whose column holds any value: only a rebuild's copy that converts
/// (`CAST(c AS INTEGER)` where the affinity narrows, see `diff::narrows`) makes values one.
/// Text read as a number ('1' and '01'; text that is no number becomes 0), and a REAL or NUMERIC
/// made INTEGER (cut to its whole part). A REAL made text is left out: its digits depend on the
/// SQLite version (see `diff::narrows`).
fn sqlite_merges(old: &Column, new: &Column) -> Option<String> {
    let affinity = |c: &Column| {
        let d = crate::dialect::for_database(DatabaseType::Sqlite);
        crate::diff::affinity(&d.column_type(c, false))
    };
    let (from, to) = (affinity(old), affinity(new));
    if !crate::diff::narrows(from, to) {
        return None;
    }
    match (from, to) {
        ("TEXT", _) => Some("several texts of one value read as that number, and every text that is no number read as 0: '1' and '01' become one, and 'abc' and 'xyz' become 0".to_string()),
        ("REAL" | "NUMERIC", "INTEGER") => Some("cut to its whole part: 1.1 and 1.9 become 1".to_string()),
        _ => None,
    }
}

/// Whether `ty` is text or a number, whose values MySQL converts into a zero date (text
/// `'0000-00-00'` or `'2024-00-10'`, a number such as 20240010) where a DATE or DATETIME
/// column takes them: the migration's session allows zero dates (see the MySQL dialect's
/// `session_guard`), so such a value is written, not refused.
pub fn may_become_a_zero_date(old: ColumnType, new: ColumnType) -> bool {
    use ColumnType::*;
    matches!(new, Date | Timestamp | Datetime)
        && (old.is_integer() || matches!(old, Text | Varchar | Char | Numeric | Decimal | Real))
}

/// The words `TYPE_NARROWING` adds on MySQL where [`may_become_a_zero_date`].
pub const ZERO_DATE_CONVERSION: &str = " (text '0000-00-00', or with a zero month or day such as '2024-00-10', or a number such as 20240010, becomes that zero date rather than refusing the migration, as the migration's session allows zero dates)";

/// The most characters a value of `c`'s type has as text (what a change back to a text type
/// writes), where the type bounds it: an INT's 11 (`-2147483648`), a DECIMAL(6,2)'s 8
/// (`-9999.99`), a UUID's 36. `None` where it does not, or is not worked out here.
pub fn text_chars(db: DatabaseType, c: &Column) -> Option<u32> {
    use ColumnType::*;
    match c.ty {
        // PostgreSQL writes `false`; MySQL's BOOLEAN is TINYINT(1) (`-128`).
        Boolean if db != DatabaseType::Mysql => Some(5),
        t if t.is_integer() || t == Boolean => integer_digits(c, db).map(|n| n + 1),
        Numeric | Decimal => {
            let (p, s) = decimal_digits(c, db)?;
            // A sign, the point, and the 0 before it when every digit is a decimal.
            Some(p + 1 + u32::from(s > 0) + u32::from(s == p))
        }
        Uuid => Some(36),
        _ => None,
    }
}

/// The value of `c`'s type whose text is the longest, as the database writes it where the
/// column is made text (PostgreSQL's `ALTER COLUMN … TYPE`, MySQL's `MODIFY`): each tried on
/// PostgreSQL 15 and MariaDB 10.11 (`tests/text_conversions`). The value's text is the same
/// whatever the session, and every other value's is at most as long. `None` for a type whose
/// text is not bounded or not fixed (PostgreSQL's dates and timestamps follow `DateStyle`; a
/// double's digits, `extra_float_digits`), or SQLite.
pub fn longest_text(db: DatabaseType, c: &Column) -> Option<String> {
    use ColumnType::*;
    let mysql = db == DatabaseType::Mysql;
    let text = match c.ty {
        _ if db == DatabaseType::Sqlite => return None,
        Boolean if !mysql => "false".to_string(),
        // The least value (MySQL's BOOLEAN is TINYINT(1), which holds -128 to 127).
        t if t.is_integer() || t == Boolean => match numeric_range(db, c)? {
            NumericRange::Integer(lo, _) => lo.to_string(),
            NumericRange::Decimal(..) => return None,
        },
        Numeric | Decimal => {
            let (p, s) = decimal_digits(c, db)?;
            let whole = match p.saturating_sub(s) {
                0 => "0".to_string(),
                n => "9".repeat(n as usize),
            };
            let number = match s {
                0 => format!("-{whole}"),
                s => format!("-{whole}.{}", "9".repeat(s as usize)),
            };
            // PostgreSQL's NUMERIC(p, s) also holds NaN (not its infinities, which need a
            // NUMERIC without precision): longer than NUMERIC(1)'s '-9'.
            if !mysql && number.len() < "NaN".len() {
                "NaN".to_string()
            } else {
                number
            }
        }
        Uuid => "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".to_string(),
        Date if mysql => "9999-12-31".to_string(),
        // MySQL writes every digit of a second the type keeps.
        Timestamp | Datetime if mysql => match c.precision {
            Some(p) if p > 0 => format!("9999-12-31 23:59:59.{}", "9".repeat(p as usize)),
            _ => "9999-12-31 23:59:59".to_string(),
        },
        _ => return None,
    };
    Some(text)
}

/// Whether changing `old` (not text) into text holding `new_chars` characters at most (`None`:
/// no limit) keeps every value, as its text: the text of every value fits
/// ([`longest_text`]); where none is longer than `new_chars`, the change refuses nothing and
/// cuts nothing (a user trial was refused INTEGER to VARCHAR(20) as a narrowing).
pub fn text_holds(db: DatabaseType, old: &Column, new_chars: Option<u32>) -> bool {
    let Some(longest) = longest_text(db, old) else {
        return false;
    };
    new_chars.is_none_or(|n| longest.chars().count() <= n as usize)
}

/// What a change of `old` (not text) into text too short for some values (not
/// [`text_holds`]) does, `is` being the new type as written and `new_chars` its length: the
/// sentence after "changing 'c' from {was} to {is} ". `None` where the values' text is not
/// bounded ([`longest_text`]), but for MySQL's JSON, whose text longer than the length the
/// server refuses (strict mode) as text made shorter.
pub fn text_too_short(db: DatabaseType, old: &Column, new_chars: u32, is: &str) -> Option<Said> {
    if old.ty.is_json() && db == DatabaseType::Mysql {
        return Some(Said::new(format!("refuses the migration if a value's JSON text is longer than {is}'s {new_chars} characters (MySQL in strict mode, which the generated file sets; nothing is cut; the spec's TEXT, LONGTEXT outside a key or index, holds any JSON value)"), true));
    }
    let longest = longest_text(db, old)?;
    let chars = longest.chars().count();
    let boolean = match (old.ty, db) {
        (ColumnType::Boolean, DatabaseType::Mysql) => " (MySQL's BOOLEAN is TINYINT(1), which holds -128 to 127; true and false are '1' and '0')",
        _ => "",
    };
    Some(Said::new(format!("refuses the migration if a value's text is longer than {is}'s {new_chars} characters: the longest value's text, '{longest}', has {chars} characters{boolean} (nothing is cut; a value that fits is kept as its text)"), true))
}

/// What MySQL's JSON made the spec's TEXT (`LONGTEXT`, up to 4 GB, which holds every JSON value:
/// checked on MariaDB 10.11 with a value of 70,004 bytes, which a TEXT of 65,535 refuses, 1406)
/// changes of the values, though it keeps each one.
pub const JSON_MADE_TEXT: &str = "the values are text from then on: text that is no JSON is taken (MariaDB's JSON_VALID check goes), values compare as text by the table's collation, case-insensitively (MariaDB's JSON compares byte for byte, utf8mb4_bin), and mysql2 returns each value as its text, not parsed (the spec's TEXT is LONGTEXT on MySQL, up to 4 GB, which holds any JSON value; a TEXT, at most 65,535 bytes, would refuse a longer one)";

/// What a change of `old` (not text) into text that holds every value ([`text_holds`]) makes
/// of the values where a reader may not expect it, `new` being the new column and `new_chars`
/// its length: the sentence after "changing 'c' from {was} to {is} ". A BOOLEAN's text is
/// `true`/`false` on PostgreSQL and `1`/`0` on MySQL; PostgreSQL reads a CHAR padded with
/// spaces to its length (tried on PostgreSQL 15 and MariaDB 10.11). `None` otherwise.
pub fn text_made(
    db: DatabaseType,
    old: &Column,
    new: &Column,
    new_chars: Option<u32>,
) -> Option<String> {
    let mut said = Vec::new();
    match (old.ty, db) {
        (ColumnType::Boolean, DatabaseType::Postgresql) => said.push("makes each value the text 'true' or 'false' (on MySQL and MariaDB, '1' or '0')".to_string()),
        (ColumnType::Boolean, DatabaseType::Mysql) => said.push("makes each value the text of its number, '1' or '0' (MySQL's BOOLEAN is TINYINT(1); PostgreSQL writes 'true' or 'false')".to_string()),
        (ColumnType::Json | ColumnType::Jsonb, DatabaseType::Mysql) => said.push(JSON_MADE_TEXT.to_string()),
        _ => {}
    }
    let n = new_chars.unwrap_or(1);
    let fixed = longest_text(db, old)
        .is_some_and(|l| old.ty == ColumnType::Uuid && l.chars().count() == n as usize);
    if new.ty == ColumnType::Char && db == DatabaseType::Postgresql && !fixed {
        said.push(format!("PostgreSQL reads each value padded with spaces to {n} characters, as a CHAR's (compared without them)"));
    }
    (!said.is_empty()).then(|| said.join(", and "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PostgreSQL's CHAR made VARCHAR or TEXT changes values (the padding dropped, which a
    /// CHECK over the column's bytes then refuses) though it makes none one; MySQL reads a CHAR
    /// without its spaces already, and a CHAR kept a CHAR changes nothing.
    #[test]
    fn a_char_made_text_changes_values_on_postgresql_only() {
        let text = |ty: ColumnType, length: Option<u32>| {
            let mut c = Column::new("code", ty, true);
            c.length = length;
            c
        };
        let pg = DatabaseType::Postgresql;
        let char3 = text(ColumnType::Char, Some(3));
        for new in [
            text(ColumnType::Varchar, Some(3)),
            text(ColumnType::Text, None),
        ] {
            assert_eq!(merges(pg, &char3, &new), None);
            assert_eq!(
                changes_values(pg, &char3, &new).as_deref(),
                Some("the spaces that pad each value dropped: 'a' in a CHAR(3), read as 'a  ', becomes 'a'")
            );
            assert_eq!(changes_values(DatabaseType::Mysql, &char3, &new), None);
        }
        assert_eq!(
            changes_values(
                pg,
                &text(ColumnType::Char, None),
                &text(ColumnType::Text, None)
            )
            .as_deref(),
            Some("the spaces that pad each value dropped: ' ' in a CHAR(1) becomes ''")
        );
        assert_eq!(
            changes_values(pg, &char3, &text(ColumnType::Char, Some(5))),
            None
        );
    }

    /// The up migration's rounding carries the largest values past the old type's range
    /// (DECIMAL(6,2) made DECIMAL(8,1): 9999.99 becomes 10000.0, a user trial), unless it
    /// refuses them itself or rounds nothing.
    #[test]
    fn rounding_past_the_old_range_is_found() {
        let col = |ty: ColumnType, precision: Option<u32>, scale: Option<u32>| {
            let mut c = Column::new("n", ty, true);
            (c.precision, c.scale) = (precision, scale);
            c
        };
        use ColumnType::*;
        let (my, pg) = (DatabaseType::Mysql, DatabaseType::Postgresql);
        let d62 = col(Decimal, Some(6), Some(2));
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        for db in [my, pg] {
            assert_eq!(
                rounded_past(db, &d62, &col(Decimal, Some(8), Some(1))),
                pair("10000.0", "9999.95")
            );
            assert_eq!(
                rounded_past(db, &d62, &col(Int, None, None)),
                pair("10000", "9999.5")
            );
            assert_eq!(
                rounded_past(
                    db,
                    &col(Decimal, Some(2), Some(2)),
                    &col(Decimal, Some(3), Some(1))
                ),
                pair("1.0", "0.95")
            );
            // Refused by the up migration itself (DECIMAL(5,1) holds 9999.9 at most), or no rounding.
            assert_eq!(
                rounded_past(db, &d62, &col(Decimal, Some(5), Some(1))),
                None
            );
            assert_eq!(
                rounded_past(db, &d62, &col(Decimal, Some(6), Some(3))),
                None
            );
        }
        assert_eq!(
            rounded_past(pg, &col(Bigint, None, None), &col(Real, None, None)),
            pair("9223372036854775808", "9223372036854775296")
        );
        assert_eq!(
            rounded_past(my, &col(Bigint, None, None), &col(Real, None, None)),
            None
        );
        // Changes back that keep every number say nothing; the others do.
        assert!(keeps_every_number(
            my,
            &col(Int, None, None),
            &col(Decimal, Some(12), Some(2))
        ));
        assert!(!keeps_every_number(
            my,
            &col(Int, None, None),
            &col(Decimal, Some(11), Some(2))
        ));
        assert!(!keeps_every_number(
            pg,
            &col(Decimal, Some(8), Some(1)),
            &d62
        ));
        assert!(!keeps_every_number(
            pg,
            &col(Decimal, Some(6), Some(3)),
            &d62
        ));
        assert!(keeps_every_number(
            pg,
            &col(Decimal, Some(5), Some(1)),
            &d62
        ));
        assert!(!keeps_every_number(
            pg,
            &col(Decimal, Some(12), Some(2)),
            &col(Int, None, None)
        ));
    }

    /// One table of ranges: MySQL's BOOLEAN is TINYINT(1), -128 to 127 (a reviewer's query
    /// counted INTEGER 1000 made BOOLEAN as a repeat), PostgreSQL's BOOLEAN no number; the
    /// digits and the longest text are read from it.
    #[test]
    fn the_ranges_of_the_number_types_are_one_table() {
        let col = |ty: ColumnType, precision: Option<u32>, scale: Option<u32>| {
            let mut c = Column::new("n", ty, true);
            (c.precision, c.scale) = (precision, scale);
            c
        };
        use ColumnType::*;
        let (my, pg) = (DatabaseType::Mysql, DatabaseType::Postgresql);
        let range = |db, ty| numeric_range(db, &col(ty, None, None));
        assert_eq!(range(my, Boolean), Some(NumericRange::Integer(-128, 127)));
        assert_eq!(range(my, Tinyint), Some(NumericRange::Integer(-128, 127)));
        assert_eq!(range(pg, Boolean), None);
        assert_eq!(
            range(pg, Tinyint),
            Some(NumericRange::Integer(-32768, 32767))
        );
        assert_eq!(range(pg, Real), None);
        assert_eq!(range(pg, Decimal), None);
        assert_eq!(range(my, Decimal), Some(NumericRange::Decimal(10, 0)));
        assert_eq!(
            numeric_range(pg, &col(Numeric, Some(6), Some(2))),
            Some(NumericRange::Decimal(4, 2))
        );
        assert_eq!(integer_digits(&col(Boolean, None, None), my), Some(3));
        assert_eq!(integer_digits(&col(Bigint, None, None), pg), Some(19));
        assert_eq!(integer_digits(&col(Int, None, None), pg), Some(10));
        assert_eq!(text_chars(my, &col(Boolean, None, None)), Some(4));
    }

    /// Which conversions can make values that were distinct one (`merges`), and which keep them
    /// apart.
    #[test]
    fn conversions_that_merge_values_are_found() {
        let col =
            |ty: ColumnType, length: Option<u32>, precision: Option<u32>, scale: Option<u32>| {
                let mut c = Column::new("n", ty, true);
                (c.length, c.precision, c.scale) = (length, precision, scale);
                c
            };
        use ColumnType::*;
        let (my, pg) = (DatabaseType::Mysql, DatabaseType::Postgresql);
        let merge = |db, a: &Column, b: &Column| merges(db, a, b).is_some();
        let (v3, v5, c5, text) = (
            col(Varchar, Some(3), None, None),
            col(Varchar, Some(5), None, None),
            col(Char, Some(5), None, None),
            col(Text, None, None, None),
        );
        for db in [my, pg] {
            assert!(merge(db, &v3, &c5));
            assert!(!merge(db, &c5, &v3));
            assert!(!merge(db, &v3, &v5));
            assert!(merge(db, &text, &col(Int, None, None, None)));
            assert!(merge(
                db,
                &col(Decimal, None, Some(6), Some(2)),
                &col(Decimal, None, Some(5), Some(1))
            ));
            assert!(!merge(
                db,
                &col(Decimal, None, Some(5), Some(1)),
                &col(Decimal, None, Some(6), Some(2))
            ));
            assert!(merge(
                db,
                &col(Decimal, None, Some(6), Some(2)),
                &col(Int, None, None, None)
            ));
            assert!(!merge(
                db,
                &col(Decimal, None, Some(6), Some(0)),
                &col(Bigint, None, None, None)
            ));
            assert!(merge(
                db,
                &col(Real, None, None, None),
                &col(Int, None, None, None)
            ));
            assert!(merge(
                db,
                &col(Real, None, None, None),
                &col(Decimal, None, Some(10), Some(4))
            ));
            assert!(merge(
                db,
                &col(Bigint, None, None, None),
                &col(Real, None, None, None)
            ));
            assert!(!merge(
                db,
                &col(Int, None, None, None),
                &col(Real, None, None, None)
            ));
            assert!(!merge(
                db,
                &col(Int, None, None, None),
                &col(Bigint, None, None, None)
            ));
            assert!(merge(
                db,
                &col(Timestamp, None, Some(6), None),
                &col(Timestamp, None, Some(0), None)
            ));
            assert!(!merge(
                db,
                &col(Timestamp, None, Some(0), None),
                &col(Timestamp, None, Some(6), None)
            ));
            assert!(merge(
                db,
                &col(Timestamp, None, None, None),
                &col(Date, None, None, None)
            ));
            assert!(!merge(
                db,
                &col(Date, None, None, None),
                &col(Timestamp, None, None, None)
            ));
            assert!(!merge(db, &col(Int, None, None, None), &v5));
        }
        // PostgreSQL cuts the spaces past a shorter VARCHAR; MySQL refuses the value.
        let v10 = col(Varchar, Some(10), None, None);
        assert!(merge(pg, &v10, &v3));
        assert!(!merge(my, &v10, &v3));
        // Defaults: PostgreSQL's TIMESTAMP keeps 6 digits of a second, MySQL's none.
        let ts = col(Timestamp, None, None, None);
        assert!(merge(pg, &ts, &col(Timestamp, None, Some(3), None)));
        assert!(!merge(my, &ts, &col(Timestamp, None, Some(3), None)));
        // PostgreSQL's number made BOOLEAN is `c <> 0`; MySQL's BOOLEAN is TINYINT(1).
        assert!(merge(
            pg,
            &col(Int, None, None, None),
            &col(Boolean, None, None, None)
        ));
        assert!(!merge(
            my,
            &col(Int, None, None, None),
            &col(Boolean, None, None, None)
        ));
        assert!(merge(
            my,
            &col(Decimal, None, Some(4), Some(2)),
            &col(Boolean, None, None, None)
        ));
        // SQLite: only what a rebuild's CAST converts (a user's review: TEXT made INTEGER under a
        // kept UNIQUE failed on '1' and '01' with nothing said).
        let lite = DatabaseType::Sqlite;
        assert!(!merge(lite, &v10, &v3));
        assert!(merge(lite, &text, &col(Int, None, None, None)));
        assert!(merge(
            lite,
            &col(Real, None, None, None),
            &col(Bigint, None, None, None)
        ));
        assert!(!merge(lite, &col(Int, None, None, None), &text));
        assert!(!merge(
            lite,
            &col(Int, None, None, None),
            &col(Real, None, None, None)
        ));
        // PostgreSQL's double made NUMERIC keeps 15 significant digits, whatever the scale.
        let real = col(Real, None, None, None);
        assert!(merge(pg, &real, &col(Numeric, None, None, None)));
        // PostgreSQL's text made bytes is convert_to, one to one; MySQL's too.
        for db in [my, pg] {
            assert!(!merge(db, &text, &col(Blob, None, None, None)));
        }
        // MySQL's UUID is CHAR(36): text made one is read without its end spaces, and a UUID
        // made text stays apart; PostgreSQL reads several texts as one UUID.
        let uuid = col(Uuid, None, None, None);
        assert!(merges(my, &text, &uuid).unwrap().contains("a CHAR"));
        assert!(!merge(my, &uuid, &text));
        assert!(merges(pg, &text, &uuid).unwrap().contains("UUID"));
    }

    /// A text length made shorter refuses a longer value and cuts nothing (a user trial was told
    /// it "can lose values that do not convert").
    #[test]
    fn a_shorter_text_refuses_longer_values() {
        use ColumnType::*;
        let (my, pg) = (DatabaseType::Mysql, DatabaseType::Postgresql);
        assert_eq!(
            text_conversion(my, (Varchar, Some(10)), (Varchar, Some(5))),
            Some(Said::new("keeps every value of at most 5 characters, and a value longer than 5 characters, spaces at its end included, refuses the migration (strict mode, which the generated file sets: Data truncated, or Data too long); nothing is cut".to_string(), true))
        );
        let shorter = text_conversion(pg, (Text, None), (Varchar, Some(5))).unwrap();
        assert!(shorter.refuses);
        assert!(shorter.words.contains("a value longer than 5 characters refuses the migration (value too long for type …), unless what passes 5 is spaces, which are cut; nothing else is cut"));
        assert_eq!(
            text_conversion(
                DatabaseType::Sqlite,
                (Varchar, Some(10)),
                (Varchar, Some(5))
            ),
            None
        );
        assert_eq!(text_conversion(pg, (Int, None), (Varchar, Some(5))), None);
        // Longer, or padded otherwise: nothing is refused.
        assert_eq!(
            text_conversion(my, (Varchar, Some(5)), (Varchar, Some(10))),
            Some(Said::new(
                "keeps every value; nothing is refused".to_string(),
                false
            ))
        );
        assert_eq!(
            text_conversion(pg, (Char, Some(5)), (Varchar, Some(10))).map(|s| s.refuses),
            Some(false)
        );
    }

    /// The longest text of each type's values, as PostgreSQL 15 and MariaDB 10.11 write it
    /// (tried there by `tests/text_conversions`); a text type holds every value exactly when it
    /// holds that many characters (a user trial was refused INTEGER to VARCHAR(20)).
    #[test]
    fn text_holds_every_value_when_it_holds_the_longest() {
        let col = |ty: ColumnType, precision: Option<u32>, scale: Option<u32>| {
            let mut c = Column::new("n", ty, true);
            (c.precision, c.scale) = (precision, scale);
            c
        };
        use ColumnType::*;
        let (my, pg) = (DatabaseType::Mysql, DatabaseType::Postgresql);
        let longest = |db, c: &Column| longest_text(db, c);
        let some = |t: &str| Some(t.to_string());
        for db in [my, pg] {
            assert_eq!(longest(db, &col(Int, None, None)), some("-2147483648"));
            assert_eq!(longest(db, &col(Integer, None, None)), some("-2147483648"));
            assert_eq!(
                longest(db, &col(Bigint, None, None)),
                some("-9223372036854775808")
            );
            assert_eq!(
                longest(db, &col(Decimal, Some(10), Some(2))),
                some("-99999999.99")
            );
            assert_eq!(longest(db, &col(Numeric, Some(2), Some(2))), some("-0.99"));
            assert_eq!(longest(db, &col(Decimal, Some(5), None)), some("-99999"));
            assert_eq!(
                longest(db, &col(Uuid, None, None)).map(|t| t.len()),
                Some(36)
            );
            assert_eq!(longest(db, &col(Real, None, None)), None);
        }
        // NaN is a value of PostgreSQL's NUMERIC(1), and longer than its '-9' (a reviewer's:
        // NUMERIC(1) to VARCHAR(2) was said to keep every value, and the rows refused it).
        assert_eq!(longest(pg, &col(Numeric, Some(1), None)), some("NaN"));
        assert_eq!(longest(pg, &col(Decimal, Some(1), Some(0))), some("NaN"));
        assert_eq!(longest(my, &col(Decimal, Some(1), None)), some("-9"));
        assert_eq!(longest(pg, &col(Tinyint, None, None)), some("-32768"));
        assert_eq!(longest(my, &col(Tinyint, None, None)), some("-128"));
        assert_eq!(longest(pg, &col(Boolean, None, None)), some("false"));
        assert_eq!(longest(my, &col(Boolean, None, None)), some("-128"));
        assert_eq!(longest(my, &col(Decimal, None, None)), some("-9999999999"));
        assert_eq!(longest(pg, &col(Decimal, None, None)), None);
        assert_eq!(longest(my, &col(Date, None, None)), some("9999-12-31"));
        assert_eq!(
            longest(my, &col(Datetime, None, None)),
            some("9999-12-31 23:59:59")
        );
        assert_eq!(
            longest(my, &col(Timestamp, Some(0), None)),
            some("9999-12-31 23:59:59")
        );
        assert_eq!(
            longest(my, &col(Datetime, Some(3), None)),
            some("9999-12-31 23:59:59.999")
        );
        // PostgreSQL's text of a date follows DateStyle.
        assert_eq!(longest(pg, &col(Date, None, None)), None);
        assert_eq!(longest(pg, &col(Timestamp, None, None)), None);
        assert_eq!(longest(DatabaseType::Sqlite, &col(Int, None, None)), None);

        assert!(text_holds(pg, &col(Int, None, None), Some(20)));
        assert!(text_holds(pg, &col(Int, None, None), Some(11)));
        assert!(!text_holds(pg, &col(Int, None, None), Some(10)));
        assert!(text_holds(pg, &col(Int, None, None), None));
        assert!(text_holds(pg, &col(Boolean, None, None), Some(5)));
        assert!(!text_holds(pg, &col(Boolean, None, None), Some(4)));
        assert!(text_holds(my, &col(Boolean, None, None), Some(4)));
        assert!(!text_holds(my, &col(Boolean, None, None), Some(3)));
        assert!(!text_holds(pg, &col(Real, None, None), None));
        assert_eq!(
            text_too_short(pg, &col(Int, None, None), 10, "VARCHAR(10)"),
            Some(Said::new("refuses the migration if a value's text is longer than VARCHAR(10)'s 10 characters: the longest value's text, '-2147483648', has 11 characters (nothing is cut; a value that fits is kept as its text)".to_string(), true))
        );
        assert!(text_made(
            pg,
            &col(Boolean, None, None),
            &col(Varchar, None, None),
            Some(5)
        )
        .unwrap()
        .contains("the text 'true' or 'false'"));
        assert!(text_made(
            my,
            &col(Boolean, None, None),
            &col(Varchar, None, None),
            Some(4)
        )
        .unwrap()
        .contains("'1' or '0'"));
        assert_eq!(
            text_made(pg, &col(Uuid, None, None), &col(Char, None, None), Some(36)),
            None
        );
        assert!(
            text_made(pg, &col(Int, None, None), &col(Char, None, None), Some(11))
                .unwrap()
                .contains("padded with spaces to 11 characters")
        );
        assert_eq!(
            text_made(my, &col(Int, None, None), &col(Char, None, None), Some(11)),
            None
        );
    }

    #[test]
    fn the_text_of_a_bounded_type_is_at_most_its_sign_digits_and_point() {
        let col = |ty: ColumnType, precision: Option<u32>, scale: Option<u32>| {
            let mut c = Column::new("n", ty, true);
            (c.precision, c.scale) = (precision, scale);
            c
        };
        use ColumnType::*;
        let my = DatabaseType::Mysql;
        let pg = DatabaseType::Postgresql;
        assert_eq!(text_chars(my, &col(Int, None, None)), Some(11)); // -2147483648
        assert_eq!(text_chars(my, &col(Bigint, None, None)), Some(20));
        assert_eq!(text_chars(my, &col(Tinyint, None, None)), Some(4)); // -128
        assert_eq!(text_chars(pg, &col(Tinyint, None, None)), Some(6)); // -32768 (SMALLINT)
        assert_eq!(text_chars(my, &col(Decimal, Some(6), Some(2))), Some(8)); // -9999.99
        assert_eq!(text_chars(my, &col(Decimal, Some(2), Some(2))), Some(5)); // -0.99
        assert_eq!(text_chars(my, &col(Decimal, None, None)), Some(11)); // (10,0)
        assert_eq!(text_chars(pg, &col(Decimal, None, None)), None);
        assert_eq!(text_chars(pg, &col(Boolean, None, None)), Some(5)); // false
        assert_eq!(text_chars(my, &col(Real, None, None)), None);
        assert_eq!(text_chars(my, &col(Date, None, None)), None);
    }
}
