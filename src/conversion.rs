//! What a column's type change from `previousSpec` does to the values it converts, for the
//! `TYPE_NARROWING` message of PostgreSQL and MySQL/MariaDB (SQLite's rebuild is planned by
//! `diff`, which says its own). A user trial found "can lose values that do not convert, or
//! refuse the migration" wrong where every value converts, rounded, without a word: a number
//! made a number of fewer decimals or of another kind, or text made a number. Each sentence was
//! tried on PostgreSQL 15, MariaDB 10.11 and MySQL 9.7, which agree unless it says otherwise.

use crate::spec::{Column, ColumnType, DatabaseType};

/// The most digits before the point of a value of `c`'s type (a number type), `None` for no
/// limit or a type that is not a number.
fn integer_digits(c: &Column, db: DatabaseType) -> Option<u32> {
    use ColumnType::*;
    match c.ty {
        // PostgreSQL's TINYINT is SMALLINT.
        Tinyint if db == DatabaseType::Postgresql => Some(5),
        Tinyint => Some(3),
        Int | Integer => Some(10),
        Bigint => Some(19),
        Numeric | Decimal => {
            let (p, s) = decimal_digits(c, db)?;
            Some(p.saturating_sub(s))
        }
        _ => None,
    }
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

/// What changing `old` (written `was`) into `new` (written `is`) does to the values, where the
/// new type is a number and the old one a number or text: the sentence after "changing 'c'
/// from {was} to {is} ". `None` for any other change, which keeps the general words.
pub fn numeric_conversion(
    db: DatabaseType,
    old: &Column,
    new: &Column,
    is: &str,
) -> Option<String> {
    use ColumnType::*;
    let text = matches!(old.ty, Text | Varchar | Char);
    let exact = |t: ColumnType| t.is_integer() || matches!(t, Numeric | Decimal);
    if db == DatabaseType::Sqlite || !(text || exact(old.ty) || old.ty == Real) {
        return None;
    }
    let out_of_range = format!("a value out of {is}'s range refuses the migration");
    let mysql = db == DatabaseType::Mysql;
    let said = match new.ty {
        t if t.is_integer() => {
            let fits = integer_digits(old, db)
                .zip(integer_digits(new, db))
                .is_some_and(|(a, b)| a < b);
            let range = if fits { "nothing is refused".to_string() } else { out_of_range };
            match old.ty {
                Numeric | Decimal => format!("rounds every fraction to the nearest integer, halves away from zero (10.5 becomes 11, −2.5 becomes −3), and {range}"),
                Real => format!("rounds every fraction to the nearest integer, halves to even (2.5 becomes 2, 3.5 becomes 4, −2.5 becomes −2), and {range}"),
                _ if text && mysql => format!("takes text that is a number: one with a fraction is rounded, halves away from zero, by MySQL ('2.5' becomes 3) and refused by MariaDB; other text ('abc'), or a value out of {is}'s range, refuses the migration"),
                _ if text => format!("takes text that is an integer (' 42 ' included); other text ('2.5', 'abc'), or a value out of {is}'s range, refuses the migration"),
                _ => format!("keeps every value that fits, and {range}"),
            }
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
            match old.ty {
                _ if text => format!("takes text that is a number (' 12.5 ', '1e3' included), rounded to {places}, halves away from zero ('{half}' becomes {rounded}); other text ('abc'), or a value out of {is}'s range, refuses the migration"),
                // The double's decimal text: 1.005 though the double is a little below it.
                Real => format!("rounds every value, as its decimal text, to {places}, halves away from zero ({half} becomes {rounded}), and {range}"),
                _ if rounds => format!("rounds every value to {places}, halves away from zero ({half} becomes {rounded}), and {range}"),
                _ => format!("keeps every value that fits, and {range}"),
            }
        }
        Real => match old.ty {
            _ if text => "takes text that is a number, rounded to the nearest double (about 15 significant digits kept); other text ('abc') refuses the migration".to_string(),
            Bigint => "rounds an integer past 2^53 to the nearest double (9007199254740993 becomes 9007199254740992); nothing is refused".to_string(),
            Numeric | Decimal if decimal_digits(old, db).is_some_and(|(p, _)| p <= 300) => "rounds every value to the nearest double (about 15 significant digits kept: 0.1 stays 0.1, 1234567890.123456789 becomes 1234567890.1234567); nothing is refused".to_string(),
            _ => return None,
        },
        _ => return None,
    };
    Some(said)
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
        // MySQL's BOOLEAN is TINYINT(1) (`-128`); PostgreSQL writes `false`.
        Boolean if db == DatabaseType::Mysql => Some(4),
        Boolean => Some(5),
        t if t.is_integer() => integer_digits(c, db).map(|n| n + 1),
        Numeric | Decimal => {
            let (p, s) = decimal_digits(c, db)?;
            // A sign, the point, and the 0 before it when every digit is a decimal.
            Some(p + 1 + u32::from(s > 0) + u32::from(s == p))
        }
        Uuid => Some(36),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
