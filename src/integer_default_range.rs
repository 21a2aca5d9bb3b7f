//! An integer column's default given as an expression whose value is not an integer the
//! column holds: `(9223372036854775808)` or `9223372036854775807 + 1`, which SQLite keeps as
//! a REAL (9.223372036854776e18) in the INTEGER column, without a word, and
//! `2147483647 + 1` on PostgreSQL's INTEGER, which fails every insert that uses it ("integer
//! out of range"), or on MariaDB's, which refuses the table ("Invalid default value"; a BIGINT's
//! `9223372036854775807 + 1`: "BIGINT value is out of range"). The value is computed by the bundled
//! SQLite, for an expression made of number literals, `+`, `-`, `*` and parentheses only,
//! which every database here computes alike (SQLite goes to a REAL where the others fail on
//! overflow: both are refusals); any other expression is left to the database.

use crate::spec::DatabaseType;

/// `Err((message, suggestion))` when the expression default `e` of an integer column holding
/// `min` … `max` on `db` gives a value that is not such an integer (see the module's words).
pub(crate) fn check(
    e: &str,
    (min, max): (i64, i64),
    db: DatabaseType,
) -> Result<(), (String, String)> {
    // Nothing else is computed: a user's expression could run long (a recursive query) or
    // take memory (randomblob). SQLite also reads a literal with a point or an exponent
    // (`1e19`), which it keeps as a REAL; the others' decimals are left to them.
    let sqlite = db == DatabaseType::Sqlite;
    let plain = e.bytes().all(|b| {
        b.is_ascii_digit() || b" +-*()\t\r\n".contains(&b) || (sqlite && b".eE".contains(&b))
    });
    if !plain {
        return Ok(());
    }
    let Ok(conn) = crate::sqlite_memory::open_in_memory() else {
        return Ok(());
    };
    let value = conn.query_row(
        &format!("SELECT typeof(v), v FROM (SELECT ({e}) AS v)"),
        [],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, rusqlite::types::Value>(1)?,
            ))
        },
    );
    use rusqlite::types::Value;
    let gives = match value {
        Ok((_, Value::Integer(v))) if v < min || v > max => v.to_string(),
        // A whole REAL past the 64-bit range: an integer's overflow, or a literal past it.
        Ok((_, Value::Real(v))) if v.fract() == 0.0 && v.abs() >= 9_223_372_036_854_775_808.0 => {
            format!("{v:e}")
        }
        _ => return Ok(()),
    };
    let held = if db == DatabaseType::Sqlite {
        "SQLite would keep it as a REAL (a floating-point number, rounded) in the integer column, without a word"
            .to_string()
    } else if db == DatabaseType::Postgresql {
        "PostgreSQL would fail every insert that uses it (out of range)".to_string()
    } else {
        "MySQL and MariaDB refuse it (out of range, or Invalid default value when the table is created)".to_string()
    };
    Err((
        format!(
            "the default expression gives {gives}, which is not an integer the column holds ({min} to {max}): {held}"
        ),
        "give a default within the column's range (or make the column DECIMAL, or TEXT for the digits)".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const I64: (i64, i64) = (i64::MIN, i64::MAX);
    const I32: (i64, i64) = (i32::MIN as i64, i32::MAX as i64);

    #[test]
    fn past_the_64_bit_range_is_refused_on_sqlite() {
        for e in [
            "(9223372036854775808)",
            "9223372036854775807 + 1",
            "-9223372036854775808 - 1",
            "1e19",
            "2 * 9223372036854775807",
        ] {
            let (m, _) = check(e, I64, DatabaseType::Sqlite).unwrap_err();
            assert!(m.contains("REAL"), "{e}: {m}");
        }
        for e in [
            "9223372036854775807",
            "-9223372036854775808",
            "(-9223372036854775807 - 1)",
            "abs(-5)",
            "1.5",
            "random()",
            "'abc'",
        ] {
            assert_eq!(check(e, I64, DatabaseType::Sqlite), Ok(()), "{e}");
        }
    }

    #[test]
    fn past_the_range_of_the_type_is_refused_elsewhere() {
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            assert!(check("2147483647 + 1", I32, db).is_err());
            assert!(check("(9223372036854775807 + 1)", I64, db).is_err());
            assert_eq!(check("2147483646 + 1", I32, db), Ok(()));
            // Anything else is left to the database.
            assert_eq!(check("power(2, 40)", I32, db), Ok(()));
        }
    }
}
