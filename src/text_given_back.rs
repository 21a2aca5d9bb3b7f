//! What the down migration gives back of text that a migration from `previousSpec` made a
//! number (PostgreSQL and MySQL; SQLite's rebuild says its own, see `diff`): the number's text,
//! not the text it was. A user trial made `code VARCHAR(10)` an INTEGER, then a DECIMAL(12,2),
//! over '007', ' 5 ', '1e3' and '1.10': the up migration gave 7, 5.00, 1000.00 and 1.10, the
//! down one '7' (or '7.00'), '5.00', '1000.00': leading zeros, spaces and the number's form
//! were gone for good, where SQLite said it and PostgreSQL and MySQL did not. Checked on
//! PostgreSQL 15 and MariaDB 10.11: a number's text there is `-?digits`, with exactly the
//! scale's decimals for a DECIMAL (PostgreSQL's NUMERIC of no precision keeps those the text
//! had: '1.10' stays '1.10'), never '-0' ('-0.00' comes back as '0.00'), and PostgreSQL's
//! NUMERIC holds 'NaN' too.

use crate::conversion::NumericRange;
use crate::dialect::Dialect;
use crate::report::{Code, Issue};
use crate::spec::{Column, ColumnType, DatabaseType, Table};

/// The decimals the text of a number of `new`'s type has: `Some(0)` for an integer type,
/// `Some(s)` for DECIMAL(p, s), `None` for PostgreSQL's NUMERIC of no precision (those of the
/// text it was read from). `Err(())` for a type this module says nothing of (REAL, not a
/// number, MySQL's BOOLEAN aside, which is TINYINT(1)).
fn decimals(db: DatabaseType, new: &Column) -> Result<Option<u32>, ()> {
    use ColumnType::*;
    match crate::conversion::numeric_range(db, new) {
        Some(NumericRange::Integer(..)) => Ok(Some(0)),
        Some(NumericRange::Decimal(_, s)) => Ok(Some(s)),
        None if db == DatabaseType::Postgresql && matches!(new.ty, Numeric | Decimal) => Ok(None),
        None => Err(()),
    }
}

/// The condition, on the column read as `name`, that its text does not come back as it is
/// from a number of `decimals` decimals: that it is not already that number's text; `nan`:
/// the number is PostgreSQL's NUMERIC, which holds 'NaN'. Only patterns, no cast, so that the
/// query never fails on a value the migration refuses ('abc'). (`[.]`, not a backslash, which
/// MySQL's string literals would take.)
fn not_given_back(db: DatabaseType, (decimals, nan): (Option<u32>, bool), name: &str) -> String {
    let postgres = db == DatabaseType::Postgresql;
    let nan = if nan { "NaN|" } else { "" };
    let (matches, differs) = if postgres {
        ("~", "!~")
    } else {
        ("REGEXP", "NOT REGEXP")
    };
    match decimals {
        Some(0) => format!("{name} {differs} '^({nan}0|-?[1-9][0-9]*)$'"),
        Some(s) => format!(
            "({name} {differs} '^({nan}-?(0|[1-9][0-9]*)[.][0-9]{{{s}}})$' OR {name} {matches} '^-0[.]0*$')"
        ),
        None => format!(
            "({name} {differs} '^({nan}-?(0|[1-9][0-9]*)([.][0-9]+)?)$' OR {name} {matches} '^-0([.]0*)?$')"
        ),
    }
}

/// Examples of text and the text the down migration gives back of it, for a number of
/// `decimals` decimals.
fn examples(decimals: Option<u32>) -> String {
    match decimals {
        Some(0) => "'007' comes back as '7', ' 5 ' and '+5' as '5'".to_string(),
        Some(s) => {
            let zeros = "0".repeat(s as usize);
            format!(
                "'007' comes back as '7.{zeros}', ' 5 ' as '5.{zeros}', '1e3' as '1000.{zeros}'"
            )
        }
        None => "'007' comes back as '7', ' 5 ' as '5', '1e3' as '1000'".to_string(),
    }
}

/// The `DOWN_DATA_LOSS` warning of the text column `old` of `previous` (previousSpec's table)
/// that the migration makes the number `new` (an integer type or a DECIMAL), written `was` and
/// `is`: the down migration gives back the number's text, so what else the text held (leading
/// zeros, spaces, a '+', an exponent, its decimals) is lost for good; with the query that finds
/// the rows whose text would not come back, to run before the up migration. `None` for SQLite
/// (said by `diff`) or another change.
pub fn text_not_given_back(
    d: &dyn Dialect,
    previous: &Table,
    (old, new): (&Column, &Column),
    (was, is): (&str, &str),
) -> Option<Issue> {
    use ColumnType::*;
    let db = d.database_type();
    if db == DatabaseType::Sqlite || !matches!(old.ty, Text | Varchar | Char) {
        return None;
    }
    let decimals = decimals(db, new).ok()?;
    let nan = db == DatabaseType::Postgresql && matches!(new.ty, Numeric | Decimal);
    let column = d.identifier(&old.name);
    let query = format!(
        "SELECT * FROM {} WHERE {}",
        d.identifier(&previous.name),
        not_given_back(db, (decimals, nan), &column)
    );
    Some(
        Issue::warning(
            Code::DownDataLoss,
            format!(
                "the down migration changes '{}' back from {is} to {was} with the text of each number, not the text it was: leading zeros, spaces, a '+', an exponent and the form of the decimals are lost for good ({})",
                new.name,
                examples(decimals)
            ),
        )
        .column(&new.name)
        .suggest(format!(
            "before running the up migration, keep elsewhere the text of the rows the down migration would not give back, if it matters: {query}"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_conditions_are_patterns_of_the_numbers_text() {
        let pg = DatabaseType::Postgresql;
        assert_eq!(
            not_given_back(pg, (Some(0), false), "code"),
            "code !~ '^(0|-?[1-9][0-9]*)$'"
        );
        assert_eq!(
            not_given_back(DatabaseType::Mysql, (Some(2), false), "`code`"),
            "(`code` NOT REGEXP '^(-?(0|[1-9][0-9]*)[.][0-9]{2})$' OR `code` REGEXP '^-0[.]0*$')"
        );
        assert_eq!(
            not_given_back(pg, (None, true), "code"),
            "(code !~ '^(NaN|-?(0|[1-9][0-9]*)([.][0-9]+)?)$' OR code ~ '^-0([.]0*)?$')"
        );
    }
}
