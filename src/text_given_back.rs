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
//!
//! And of text (or PostgreSQL's JSON) made a JSON document, PostgreSQL's JSONB or MySQL's JSON:
//! the document's text, not the text it was ([`json_text_not_given_back`]).

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

/// What PostgreSQL's JSONB gives back as the text of a JSON object written with a key twice,
/// extra whitespace and its keys in another order (checked on PostgreSQL 15; MySQL's JSON
/// gives the same).
const JSON_EXAMPLE: &str =
    r#"'{"theme":"dark","theme":"light",  "b":1}' comes back as '{"b": 1, "theme": "light"}'"#;

/// The `DOWN_DATA_LOSS` warning of the column `old` of `previous` (previousSpec's table) that
/// the migration makes JSON stored as a document, `new`, written `was` and `is`: PostgreSQL's
/// JSONB from text or JSON (which keep the text as written), MySQL's JSON from text. The
/// down migration gives back the document's text, not the text it was: of a key given twice
/// the last value only, the keys reordered, the whitespace and a number's exponent the
/// database's. A user trial's `{"theme":"dark","theme":"light",  "b":1}` came back from a TEXT
/// made JSONB and back as `{"b": 1, "theme": "light"}`, told only that the up migration "can
/// lose values that do not convert". On MySQL it is said for MySQL alone: MariaDB's JSON is
/// LONGTEXT with a JSON_VALID check, which keeps the text (checked on MariaDB 10.11). `None`
/// for any other change, JSONB made text among them: its text is JSONB's own, which JSONB reads
/// back as the same value and gives back as the same text (checked on PostgreSQL 15).
pub fn json_text_not_given_back(
    d: &dyn Dialect,
    previous: &Table,
    (old, new): (&Column, &Column),
    (was, is): (&str, &str),
) -> Option<Issue> {
    use ColumnType::*;
    let text = matches!(old.ty, Text | Varchar | Char);
    let column = d.identifier(&old.name);
    let table = d.identifier(&previous.name);
    let (message, suggestion) = match d.database_type() {
        DatabaseType::Postgresql if new.ty == Jsonb && (text || old.ty == Json) => (
            format!(
                "the down migration changes '{}' back from {is} to {was} with JSONB's text of each value, not the text it was: of a key given twice only the last value is kept, the keys come in JSONB's order (shorter first), the whitespace is JSONB's (a space after each ':' and ',', none elsewhere), a number's exponent is written out ('1e3' as '1000') and an escaped letter as itself ('\\u00e9' as 'é'): {JSON_EXAMPLE}",
                new.name
            ),
            format!(
                "before running the up migration, keep elsewhere the text of the rows the down migration would not give back, if it matters: SELECT * FROM {table} WHERE {column}::jsonb::text <> {column}::text{}",
                if text { " (the query fails on a value that is no JSON, which the up migration refuses too)" } else { "" }
            ),
        ),
        DatabaseType::Mysql if text && matches!(new.ty, Json | Jsonb) => (
            format!(
                "the down migration changes '{}' back from {is} to {was} with the text the server gives of each value: on MySQL, which stores JSON as a binary document, not the text it was (of a key given twice only the last value is kept, the keys come in MySQL's order, shorter first, and the whitespace is MySQL's, a space after each ':' and ',': {JSON_EXAMPLE}); on MariaDB, whose JSON is LONGTEXT with a JSON_VALID check, the text as it was",
                new.name
            ),
            "nothing to do on MariaDB; on MySQL, before running the up migration, keep the text elsewhere if it matters: the down migration cannot give it back".to_string(),
        ),
        _ => return None,
    };
    Some(
        Issue::warning(Code::DownDataLoss, message)
            .column(&new.name)
            .suggest(suggestion),
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
