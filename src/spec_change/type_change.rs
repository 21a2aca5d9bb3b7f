//! Type changes of a column: which widen (every value fits), which narrow or round, what
//! the rows that do not fit are found with, and what the down migration's change back does.

use crate::conversion::Said;
use crate::dialect::Dialect;
use crate::spec::*;

/// Whether every value of `old`'s type is a value of `new`'s, unchanged.
pub(super) fn widens(
    d: &dyn Dialect,
    (before, old): (&Table, &Column),
    (after, new): (&Table, &Column),
) -> bool {
    use ColumnType::*;
    let rank = |t: ColumnType| match t {
        Tinyint => Some(1),
        Int | Integer => Some(2),
        Bigint => Some(3),
        _ => None,
    };
    // The most characters each holds as written (MySQL writes a TEXT column in a key as
    // VARCHAR(255)); none for no limit.
    let chars = |t: &Table, c: &Column| d.max_text_chars(c, t.is_key_column(&c.name));
    match (old.ty, new.ty) {
        (a, b) if rank(a).is_some() && rank(b).is_some() => rank(a) <= rank(b),
        // MySQL's BOOLEAN is TINYINT(1), which holds what a TINYINT holds (a user trial was
        // told it narrows, both ways).
        (Boolean, b) if d.database_type() == DatabaseType::Mysql && rank(b).is_some() => true,
        (Tinyint, Boolean) => d.database_type() == DatabaseType::Mysql,
        // A double holds every integer of 32 bits exactly.
        (Tinyint | Int | Integer, Real) => true,
        // PostgreSQL's CHAR(n) reads padded to n, its VARCHAR and TEXT as stored: the values'
        // text changes (the padding dropped, checked on PostgreSQL 15: `octet_length` 3 then
        // 1). MySQL reads a CHAR without its trailing spaces, which the VARCHAR then stores as
        // read: nothing a reader sees changes (a user trial was told it narrows).
        (Varchar | Char | Text, Varchar | Text)
            if old.ty != Char || d.database_type() == DatabaseType::Mysql =>
        {
            match (chars(before, old), chars(after, new)) {
                (Some(a), Some(b)) => a <= b,
                (_, None) => true,
                (None, Some(_)) => false,
            }
        }
        // A longer CHAR keeps each value (a user trial was refused CHAR(2) to CHAR(3) as a
        // narrowing): MySQL reads it without its trailing spaces, as before; PostgreSQL reads
        // it padded to the new length ('US' as 'US '), which the down migration's shorter
        // CHAR takes back (the padding is cut without a word).
        (Char, Char) => match (chars(before, old), chars(after, new)) {
            (Some(a), Some(b)) => a <= b,
            _ => false,
        },
        // MySQL's UUID is CHAR(36), whose 36 characters a VARCHAR(36) takes as read (above).
        (Uuid, Varchar | Text) if d.database_type() == DatabaseType::Mysql => {
            chars(after, new).is_none_or(|n| n >= 36)
        }
        (Numeric | Decimal, Numeric | Decimal) => match (
            (old.precision, old.scale.unwrap_or(0)),
            (new.precision, new.scale.unwrap_or(0)),
        ) {
            ((Some(p), s), (Some(q), t)) => t >= s && q - t >= p.saturating_sub(s),
            (_, (None, _)) => d.database_type() == DatabaseType::Postgresql,
            _ => false,
        },
        (Date, Timestamp | Datetime) => true,
        // MySQL writes an integer as its decimal digits, every one of which a TEXT column
        // holds: MODIFY … TEXT kept -2147483648, 2147483647 and BIGINT's extremes as they were
        // (checked on MariaDB 10.11; a user trial was told INT to TEXT narrows). PostgreSQL's
        // is [`postgres_widens`]'.
        (Tinyint | Int | Integer | Bigint, Text) if d.database_type() == DatabaseType::Mysql => {
            chars(after, new).is_none_or(|n| n >= 20)
        }
        // JSONB's text is JSON.
        (Jsonb, Json) => true,
        // The spec's TEXT is MySQL's LONGTEXT (up to 4 GB) outside a key: it holds any JSON
        // value's text (MariaDB's JSON is LONGTEXT; MySQL's is at most max_allowed_packet, 1 GB).
        // A user trial was told JSON to TEXT "can lose values that do not convert": a TEXT of
        // 65,535 bytes would refuse a longer one (1406 on MariaDB 10.11), LONGTEXT refuses none.
        (Json | Jsonb, Text) if d.database_type() == DatabaseType::Mysql => {
            chars(after, new).is_none()
        }
        // Digits of a second kept: without a precision, PostgreSQL's 6 and MySQL's 0.
        (Timestamp | Datetime, Timestamp | Datetime) => {
            let kept = |c: &Column| {
                c.precision.unwrap_or(match d.database_type() {
                    DatabaseType::Mysql => 0,
                    _ => crate::spec::MAX_FRACTIONAL_SECONDS,
                })
            };
            kept(old) <= kept(new)
        }
        // Text that holds every value's text (INTEGER into VARCHAR(20), a user trial was refused
        // as a narrowing): nothing is refused or cut.
        (a, Text | Varchar | Char)
            if !a.is_text()
                && crate::conversion::text_holds(d.database_type(), old, chars(after, new)) =>
        {
            true
        }
        (a, b) if d.database_type() == DatabaseType::Postgresql => {
            postgres_widens(a, b, (new.precision, new.scale), chars(after, new))
        }
        _ => false,
    }
}

/// What PostgreSQL reads, after a widening of the text column `old` into `new`, where the
/// padding a CHAR is read with changes: a CHAR made longer is read padded to its new length
/// ('US' in a CHAR(2) made CHAR(6) is read as 'US    ', checked on PostgreSQL 15). `None` for
/// any other change (a CHAR made TEXT or VARCHAR is no widening there: its TYPE_NARROWING
/// says the padding is dropped).
pub(super) fn char_padding(old: &Column, new: &Column) -> Option<String> {
    let (n, m) = (old.length.unwrap_or(1), new.length.unwrap_or(1));
    match (old.ty, new.ty) {
        (ColumnType::Char, ColumnType::Char) if m > n => {
            let value = if n >= 2 { "US" } else { "a" };
            let padded = |k: u32| format!("{value}{}", " ".repeat(k as usize - value.len()));
            Some(format!(
                "PostgreSQL reads each one padded with spaces to {m} characters, not {n} ('{value}' is read as '{}', where it was read as '{}'; compared without them)",
                padded(m),
                padded(n)
            ))
        }
        _ => None,
    }
}

/// The query that finds the rows of `previous` (the table before the migration) whose value
/// of `old` the change into `new` refuses, where its rounding carries a value in `new`'s range
/// out of it ([`crate::conversion::rounds_out_of`]: 9999999.995 made DECIMAL(9,2) is
/// 10000000.00): those rounded out, and those out of the range already. `None` where nothing
/// rounds out of it.
pub(super) fn rounded_out_query(
    d: &dyn Dialect,
    previous: &Table,
    old: &Column,
    new: &Column,
) -> Option<String> {
    let db = d.database_type();
    crate::conversion::rounds_out_of(db, old, new)?;
    let range = crate::conversion::numeric_range(db, new)?;
    if old.ty.is_text() {
        return text_rounded_out_query(d, previous, old, range);
    }
    let fits = crate::rows_refuse_hints::numeric_fits(
        d,
        old,
        range,
        d.identifier(&old.name).into_owned(),
    )?;
    Some(format!(
        "SELECT * FROM {} WHERE NOT ({fits})",
        d.identifier(&previous.name)
    ))
}

/// A number's text as PostgreSQL's and MariaDB's conversion into a DECIMAL takes it, spaces
/// around it included (' 12.5 ', '+5', '.5', '5.', '1e3'; checked on PostgreSQL 15 and MariaDB
/// 10.11, which refuse 'abc', '', '0x1A' and '1,5'), as a pattern both read (POSIX classes: no
/// backslash, which MySQL's string literals would take).
const NUMBER_TEXT: &str =
    "^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$";

/// [`rounded_out_query`] of the text column `old` made a DECIMAL of `range`: the rows whose text
/// is a number that rounds out of the range (or is out of it already), and those whose text is
/// no number, which refuse the change as well (PostgreSQL takes 'NaN' too; the number is read
/// only where the pattern says it is one, so that the query does not fail on the others).
fn text_rounded_out_query(
    d: &dyn Dialect,
    previous: &Table,
    old: &Column,
    range: crate::conversion::NumericRange,
) -> Option<String> {
    let crate::conversion::NumericRange::Decimal(whole, scale) = range else {
        return None;
    };
    let name = d.identifier(&old.name);
    let limit = format!("1{}", "0".repeat(whole as usize));
    // (A CASE, whose THEN is read only where its WHEN holds: PostgreSQL's AND reads its two
    // sides in any order.)
    let (number, fits, other) = match d.database_type() {
        DatabaseType::Postgresql => (
            format!("{name} ~ '{NUMBER_TEXT}'"),
            format!("abs(round(CAST({name} AS NUMERIC), {scale})) < {limit}"),
            format!("{name} ~* '^[[:space:]]*nan[[:space:]]*$'"),
        ),
        _ => (
            format!("{name} REGEXP '{NUMBER_TEXT}'"),
            format!("ABS(ROUND(CAST({name} AS DECIMAL(65,30)), {scale})) < {limit}"),
            "FALSE".to_string(),
        ),
    };
    Some(format!(
        "SELECT * FROM {} WHERE {name} IS NOT NULL AND NOT (CASE WHEN {number} THEN {fits} ELSE {other} END)",
        d.identifier(&previous.name)
    ))
}

/// What else stops an auto-increment column `column` of `table` going back to the integer type
/// `to`, to add to a warning's message, and the statement that mends it, to add to its
/// suggestion: the numbering goes on past `to`'s limit even when the rows that took those
/// numbers are gone (PostgreSQL's sequence refuses `ALTER SEQUENCE … AS`; MySQL keeps its
/// counter, and every insert fails).
pub(super) fn narrowed_numbering(
    d: &dyn Dialect,
    table: &str,
    column: &str,
    to: &str,
) -> (String, String) {
    let (t, c) = (d.identifier(table), d.identifier(column));
    if d.database_type() == DatabaseType::Postgresql {
        let sequence = crate::dialect::postgres_object_name(table, Some(column), "seq");
        (
            format!("; the sequence {sequence} refuses it too once it has given a number beyond {to}'s, even to a row deleted since"),
            // Back to the largest key, or to 1 as a fresh sequence when there is none (setval
            // ignores NULL).
            format!(" (and set the sequence back: SELECT setval(pg_get_serial_sequence('{}', '{}'), COALESCE(max({c}), 1), max({c}) IS NOT NULL) FROM {t})", t.replace('\'', "''"), column.replace('\'', "''")),
        )
    } else {
        (
            format!("; and once the table's AUTO_INCREMENT counter has passed {to}'s limit, even for a row deleted since, the change keeps it there and every insert after it fails (MariaDB: Out of range value; MySQL: Failed to read auto-increment value from storage engine)"),
            format!(" (and set the counter back: ALTER TABLE {t} AUTO_INCREMENT = 1, which MySQL raises to the largest key + 1)"),
        )
    }
}

/// The `DOWN_DATA_LOSS` message of a column `new` that the down migration changes back to
/// `old`'s type (`was`, from `is`) where the up migration was no widening either: what that
/// change does to the values, those written since as the others, and, where the up
/// migration's rounding carries a value past what `old` holds ([`crate::conversion::rounded_past`]),
/// that the down migration fails on rows the up migration converted, with none written since.
pub(super) fn narrowed_back(
    d: &dyn Dialect,
    (before, old): (&Table, &Column),
    (after, new): (&Table, &Column),
    (was, is): (&str, &str),
) -> String {
    let db = d.database_type();
    let said = crate::conversion::numeric_conversion(db, new, old, was).or_else(|| {
        crate::conversion::text_conversion(db, text_of(d, after, new), text_of(d, before, old))
    });
    // Whether the change back can fail: a refusal said, or the general words.
    let fails = said.as_ref().is_none_or(|said| said.refuses);
    let mut message = match said {
        Some(said) => format!(
            "the down migration changes '{}' back from {is} to {was}, which, for the values written since as for the others, {}",
            new.name,
            said.words.replace("refuses the migration", "makes the down migration fail")
        ),
        None => format!(
            "the down migration changes '{}' back from {is} to {was}: a value written since that {was} cannot hold {}",
            new.name,
            if db == DatabaseType::Postgresql {
                postgres_narrowed_back(new.ty, old.ty)
            } else {
                mysql_narrowed_back(new.ty, old.ty)
            }
        ),
    };
    if let Some((made, from)) = crate::conversion::rounded_past(db, old, new) {
        message.push_str(&format!("; so does {made}, which the up migration made of each value of {from} or more (and −{made} of −{from} or less), rounding it: the down migration then fails on rows the up migration converted, with no row written since"));
    }
    if db == DatabaseType::Mysql && fails {
        message.push_str(concat!("; a failure leaves ", mysql_down_stopped!()));
    }
    message
}

/// `said`, what a type change does to the values (after "changing 'c' from A to B "), where
/// a UNIQUE, primary key or CHECK of `table` reads the column and the conversion changes
/// values (see [`crate::conversion::merges`], and for a CHECK
/// [`crate::conversion::changes_values`]): "nothing is refused" is true of the type only,
/// as the rule, checked against the converted values, may refuse them (a user trial:
/// DECIMAL(10,2) made (10,1) under `CHECK (amount > 0)` refused 0.04, made 0.0; PostgreSQL's
/// VARCHAR(6) made CHAR(6) under a UNIQUE, 'ab' and 'ab ' made one). The rows are said by
/// `ROWS_REFUSE_CHANGE`.
pub(super) fn refused_by_rules(
    d: &dyn Dialect,
    table: &Table,
    (old, new): (&Column, &Column),
    said: Said,
) -> Said {
    let name = new.name.as_str();
    let has = |columns: &[String]| columns.iter().any(|c| c == name);
    let keyed = has(&table.primary_key)
        || new.unique
        || table.unique_constraints.iter().any(|u| has(&u.columns))
        || (table.indexes.iter()).any(|i| i.unique && has(&i.columns));
    let checked = table.check_constraints.iter().any(|c| {
        (crate::expr::check_expression(d.parser(), &c.expression).unwrap_or_default())
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
    });
    let rule = match (keyed, checked) {
        (true, true) => "a UNIQUE or CHECK",
        (true, false) => "a UNIQUE",
        (false, true) => "a CHECK",
        (false, false) => return said,
    };
    // Values changed but none made one (PostgreSQL's CHAR made VARCHAR): a UNIQUE holds.
    let db = d.database_type();
    let rule = if crate::conversion::merges(db, old, new).is_some() {
        rule
    } else if (table.check_constraints.iter())
        .any(|c| crate::conversion::changes_check(d, &c.expression, old, new).is_some())
    {
        "a CHECK"
    } else {
        return said;
    };
    if said.refuses {
        return said;
    }
    // The words of a change the type refuses nothing of say "nothing is refused".
    Said::new(
        said.words.replace(
            "nothing is refused",
            &format!("the type refuses nothing, but {rule} over '{name}' is checked against the converted values and may refuse the migration (see ROWS_REFUSE_CHANGE)"),
        ),
        true,
    )
}

/// `column`'s type as text for [`crate::conversion::text_conversion`], with the most
/// characters it holds as written in `table`: MySQL's UUID is CHAR(36) there.
pub(super) fn text_of(
    d: &dyn Dialect,
    table: &Table,
    column: &Column,
) -> (ColumnType, Option<u32>) {
    match column.ty {
        ColumnType::Uuid if d.database_type() == DatabaseType::Mysql => {
            (ColumnType::Char, Some(36))
        }
        ty => (
            ty,
            d.max_text_chars(column, table.is_key_column(&column.name)),
        ),
    }
}

/// The suggestion of a down migration that changes a column (`new`, of `after`) back from
/// VARCHAR or TEXT into the CHAR it was (`old`, of `before`), `None` for another change. A CHAR
/// cannot keep the spaces at the end of a value (MySQL reads it without them; PostgreSQL pads
/// it and compares it without them), whatever is done before: a user trial's CHAR(3) made
/// VARCHAR(3), which no value is too long to go back into, was told to "make the values fit the
/// old type, or keep the wider one". Making the values fit is said only where a value can be
/// too long for the CHAR.
pub(super) fn char_back_suggestion(
    d: &dyn Dialect,
    (before, old): (&Table, &Column),
    (after, new): (&Table, &Column),
    (was, is): (&str, &str),
) -> Option<String> {
    let ((from, from_chars), (to, to_chars)) = (text_of(d, after, new), text_of(d, before, old));
    let spaces = match d.database_type() {
        DatabaseType::Mysql => format!("a CHAR on MySQL cannot keep the spaces at the end of a value (it reads a CHAR without them): keep {is} if they matter"),
        DatabaseType::Postgresql => format!("a CHAR on PostgreSQL pads each value with spaces to its length and compares it without them ('ab' and 'ab ' read alike): keep {is} if the spaces at the end of a value matter"),
        DatabaseType::Sqlite => return None,
    };
    if to != ColumnType::Char || !matches!(from, ColumnType::Varchar | ColumnType::Text) {
        return None;
    }
    let too_long = to_chars.is_some_and(|n| from_chars.is_none_or(|m| m > n));
    Some(if too_long {
        format!("before running the down migration, make the values fit {was}; {spaces}")
    } else {
        spaces
    })
}

/// What PostgreSQL's conversion from `from` back to `to` (a down migration undoing a widening)
/// does with a value written since that `to` cannot hold as it is.
pub(super) fn postgres_narrowed_back(from: ColumnType, to: ColumnType) -> &'static str {
    use ColumnType::*;
    match (from, to) {
        (Blob, _) => "is refused (bytes that are not UTF-8)",
        (_, Text | Varchar | Char) => "is refused (PostgreSQL refuses a value longer than the column)",
        (Json | Jsonb, Boolean) => "is refused (JSON that is not a boolean)",
        (Text | Varchar | Char, _) => "is refused (text that does not read as the old type)",
        (_, Boolean) => "is converted (a number other than 0 becomes true)",
        (Json | Jsonb, _) => "is refused (JSON that is not a number, or a number out of range) or rounded to the type",
        (a, b) if a.is_integer() && b.is_integer() => "is refused (out of range)",
        (a, b) if a.is_numeric() && b.is_numeric() => "is refused (PostgreSQL refuses a number out of the old type's range) or rounded (to the decimals the old type keeps)",
        (Timestamp | Datetime, Date) => "loses its time of day (PostgreSQL keeps the date: 2024-02-29 23:59:59 becomes 2024-02-29)",
        _ => "is refused, or converted to the old type",
    }
}

/// What MySQL's `MODIFY COLUMN` from `from` back to `to` (a down migration undoing a change)
/// does, in the strict mode the generated file sets, with a value written since that `to`
/// cannot hold as it is.
pub(super) fn mysql_narrowed_back(from: ColumnType, to: ColumnType) -> &'static str {
    use ColumnType::*;
    match (from, to) {
        (a, b) if a.is_numeric() && b.is_numeric() => "is refused (MySQL in strict mode, which the generated file sets, refuses a number out of the old type's range) or rounded (to the decimals the old type keeps)",
        (Timestamp | Datetime, Date) => "loses its time of day (MySQL keeps the date: 2024-02-29 23:59:59 becomes 2024-02-29)",
        (_, Text | Varchar | Char) => "is refused (MySQL in strict mode, which the generated file sets, refuses a value too long)",
        _ => "is refused or converted (MySQL in strict mode, which the generated file sets, refuses a value out of range or too long)",
    }
}

/// The conversions PostgreSQL's `ALTER COLUMN … TYPE` makes (see `postgres::retype`) that keep
/// every value of `old`, whatever the session's settings: a boolean as 1 or 0, an integer or a
/// boolean as its JSON value, a value of a type whose text is exact as that text in a column of
/// unlimited length (`new_chars` none), text as its UTF-8 bytes. `new_digits` is the new
/// type's precision and scale, for a DECIMAL.
fn postgres_widens(
    old: ColumnType,
    new: ColumnType,
    new_digits: (Option<u32>, Option<u32>),
    new_chars: Option<u32>,
) -> bool {
    use ColumnType::*;
    let number = |t: ColumnType| {
        matches!(
            t,
            Tinyint | Int | Integer | Bigint | Real | Numeric | Decimal
        )
    };
    // Not: a REAL or DECIMAL to JSON or text (NaN and ±Infinity become JSON strings, which do
    // not convert back; a REAL's text depends on `extra_float_digits`), a date or timestamp to
    // text (its text depends on the session's `DateStyle`: `06/05/2024` read back as June).
    let exact_text = |t: ColumnType| !matches!(t, Real | Date | Timestamp | Datetime);
    match (old, new) {
        (Boolean, Numeric | Decimal) => match new_digits {
            (Some(p), s) => p.saturating_sub(s.unwrap_or(0)) >= 1,
            (None, _) => true,
        },
        (Boolean, b) if number(b) => true,
        (a, Json | Jsonb) => matches!(a, Tinyint | Int | Integer | Bigint | Boolean),
        (Blob, Text | Varchar | Char) | (Char, Varchar | Text) => false,
        (a, Text | Varchar) => new_chars.is_none() && exact_text(a),
        (Text | Varchar, Blob) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;
    use crate::spec_change::test_support::*;

    #[test]
    fn a_decimal_made_an_integer_says_what_becomes_of_fractions() {
        let with = |ty: &str| {
            table(
                &format!(r#",{{"name":"price","type":{ty},"nullable":true}}"#),
                "",
            )
        };
        let said = |db: &str, from: &str| {
            let spec = spec_change_of(db, &with(r#""INTEGER""#), &with(from), "");
            let spec = spec.replacen(r#""tables""#, r#""allowDataLoss":true,"tables""#, 1);
            warnings_of(&spec, Code::TypeNarrowing)
        };
        let decimal = r#""DECIMAL","precision":10,"scale":2"#;
        for db in ["postgresql", "mysql"] {
            let w = said(db, decimal);
            assert!(w[0].ends_with("rounds every fraction to the nearest integer, halves away from zero (10.5 becomes 11, −2.5 becomes −3), and nothing is refused"), "{w:?}");
            // A REAL's halves go to even (PostgreSQL 15, MariaDB 10.11, MySQL 9.7).
            let w = said(db, r#""REAL""#);
            let int = if db == "mysql" { "INT" } else { "INTEGER" };
            // MySQL commits each statement: what a refusal leaves is said there.
            let leaves = if db == "mysql" {
                format!(" ({})", crate::commit_order::MYSQL_REFUSAL_LEAVES)
            } else {
                String::new()
            };
            assert!(w[0].ends_with(&format!("rounds every fraction to the nearest integer, halves to even (2.5 becomes 2, 3.5 becomes 4, −2.5 becomes −2), and a value out of {int}'s range refuses the migration{leaves}")), "{w:?}");
        }
    }

    #[test]
    fn a_wider_varchar_is_altered_and_a_narrower_one_needs_allow_data_loss() {
        let mut next = users();
        next.columns[1].length = Some(200);
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(200);"]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(100);"]
        );
        let (_, report) = change(DatabaseType::Postgresql, &next, &users(), false);
        assert_eq!(report.errors[0].code, Code::TypeNarrowing);
        let (c, report) = change(DatabaseType::Mysql, &next, &users(), true);
        assert!(report.errors.is_empty());
        assert_eq!(report.warnings[0].code, Code::TypeNarrowing);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users MODIFY COLUMN email VARCHAR(100);"]
        );
    }

    /// An integer to TEXT on MySQL keeps every value as its digits (MariaDB 10.11, extremes
    /// and negatives included): a widening, as on PostgreSQL, with DOWN_DATA_LOSS for the way
    /// back; TEXT to INT still narrows.
    #[test]
    fn an_integer_to_text_on_mysql_widens() {
        let of = |ty: ColumnType| {
            let mut t = users();
            t.columns[1] = Column::new("email", ty, true);
            t
        };
        for from in [
            ColumnType::Int,
            ColumnType::Integer,
            ColumnType::Bigint,
            ColumnType::Tinyint,
        ] {
            let (c, report) = change(DatabaseType::Mysql, &of(from), &of(ColumnType::Text), false);
            assert!(report.errors.is_empty(), "{from:?}: {:?}", report.errors);
            let warnings: Vec<Code> = report.warnings.iter().map(|e| e.code).collect();
            assert_eq!(warnings, [Code::DownDataLoss], "{from:?}");
            assert!(
                report.warnings[0].message.contains("back to"),
                "{:?}",
                report.warnings
            );
            assert_eq!(
                c.core.up,
                ["ALTER TABLE users MODIFY COLUMN email LONGTEXT;"]
            );
        }
        let (_, report) = change(
            DatabaseType::Mysql,
            &of(ColumnType::Text),
            &of(ColumnType::Int),
            false,
        );
        assert_eq!(report.errors[0].code, Code::TypeNarrowing);
    }

    /// A TIMESTAMP's precision up keeps every value (a DOWN_DATA_LOSS warning for the way
    /// back); down rounds them, a TYPE_NARROWING error without allowDataLoss. None is 6 digits on
    /// PostgreSQL, 0 on MySQL: PostgreSQL's TIMESTAMP to TIMESTAMP(3) narrows, MySQL's DATETIME
    /// to DATETIME(3) widens, and DATETIME(0) is no change there.
    #[test]
    fn timestamp_precision_up_widens_and_down_narrows() {
        let at = |p: Option<u32>| {
            let mut t = users();
            t.columns[1] = Column::new("email", ColumnType::Timestamp, true);
            t.columns[1].precision = p;
            t
        };
        for (db, from, to, narrows) in [
            (DatabaseType::Postgresql, Some(3), Some(6), false),
            (DatabaseType::Postgresql, Some(3), None, false),
            (DatabaseType::Postgresql, None, Some(3), true),
            (DatabaseType::Postgresql, Some(6), Some(0), true),
            (DatabaseType::Mysql, None, Some(3), false),
            (DatabaseType::Mysql, Some(3), Some(6), false),
            (DatabaseType::Mysql, Some(3), None, true),
        ] {
            let (c, report) = change(db, &at(from), &at(to), false);
            let errors: Vec<Code> = report.errors.iter().map(|e| e.code).collect();
            let warnings: Vec<Code> = report.warnings.iter().map(|e| e.code).collect();
            if narrows {
                assert_eq!(errors, [Code::TypeNarrowing], "{db:?} {from:?} to {to:?}");
                assert!(report.errors[0].message.contains("digits of a second"));
            } else {
                assert!(errors.is_empty(), "{db:?} {from:?} to {to:?}: {errors:?}");
                assert_eq!(warnings, [Code::DownDataLoss], "{db:?} {from:?} to {to:?}");
                assert!(report.warnings[0].message.contains("digits of a second"));
                assert_eq!(c.core.up.len(), 1, "{:?}", c.core.up);
            }
        }
        let (c, report) = change(DatabaseType::Mysql, &at(None), &at(Some(0)), false);
        assert!(report.errors.is_empty() && report.warnings.is_empty());
        assert!(c.core.up.is_empty(), "{:?}", c.core.up);
        // To DATE, MySQL rounds a fraction of a second into the day.
        let mut day = at(None);
        day.columns[1].ty = ColumnType::Date;
        let (_, report) = change(DatabaseType::Mysql, &at(Some(3)), &day, false);
        assert!(report.errors[0].message.contains("becomes the next day"));
        let (_, report) = change(DatabaseType::Mysql, &at(None), &day, false);
        assert!(!report.errors[0].message.contains("next day"));
    }

    /// MySQL's BOOLEAN is TINYINT(1): to TINYINT and back loses nothing, to a wider integer
    /// widens; a CHAR(n) to VARCHAR(n) too, as MySQL reads a CHAR without its trailing spaces
    /// (from a user trial of MySQL chains).
    #[test]
    fn mysql_boolean_is_a_tinyint_and_char_becomes_varchar() {
        let typed = |ty: ColumnType| {
            let mut t = users();
            t.columns[1] = Column::new("email", ty, true);
            t.columns[1].length = Some(10);
            t
        };
        for (from, to, narrows) in [
            (ColumnType::Boolean, ColumnType::Tinyint, false),
            (ColumnType::Tinyint, ColumnType::Boolean, false),
            (ColumnType::Boolean, ColumnType::Int, false),
            (ColumnType::Int, ColumnType::Boolean, true),
            (ColumnType::Char, ColumnType::Varchar, false),
            (ColumnType::Varchar, ColumnType::Char, true),
        ] {
            let (c, report) = change(DatabaseType::Mysql, &typed(from), &typed(to), false);
            let codes: Vec<Code> = report.errors.iter().map(|e| e.code).collect();
            let expected: &[Code] = if narrows { &[Code::TypeNarrowing] } else { &[] };
            assert_eq!(codes, expected, "{from:?} to {to:?}");
            if !narrows {
                assert_eq!(c.core.up.len(), 1, "{from:?} to {to:?}: {:?}", c.core.up);
            }
        }
        // PostgreSQL reads CHAR(n) padded: to VARCHAR(n) the values' text changes.
        let (_, report) = change(
            DatabaseType::Postgresql,
            &typed(ColumnType::Char),
            &typed(ColumnType::Varchar),
            false,
        );
        let codes: Vec<Code> = report.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, [Code::TypeNarrowing]);
    }

    #[test]
    fn an_auto_increment_key_changes_its_integer_type_with_its_numbering() {
        let mut next = users();
        next.columns[0].ty = ColumnType::Bigint;
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            [
                "ALTER TABLE users ALTER COLUMN id TYPE BIGINT USING id::BIGINT;",
                "ALTER SEQUENCE users_id_seq AS BIGINT;"
            ]
        );
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE users ALTER COLUMN id TYPE INTEGER USING id::INTEGER;",
                "ALTER SEQUENCE users_id_seq AS INTEGER;"
            ]
        );
        let warning = &report.warnings[0];
        assert_eq!(
            (warning.code, warning.column.as_deref()),
            (Code::DownDataLoss, Some("id"))
        );
        assert!(warning.message.ends_with("; the sequence users_id_seq refuses it too once it has given a number beyond INTEGER's, even to a row deleted since"), "{}", warning.message);
        assert!(warning.suggestion.as_deref().unwrap_or_default().ends_with(" (and set the sequence back: SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(max(id), 1), max(id) IS NOT NULL) FROM users)"));
        // MySQL keeps AUTO_INCREMENT (a MODIFY without it would drop the numbering), not the
        // key, which stays.
        let (c, report) = change(DatabaseType::Mysql, &users(), &next, false);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT;"]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;"]
        );
        assert!(report.warnings[0]
            .suggestion
            .as_deref()
            .unwrap_or_default()
            .contains("ALTER TABLE users AUTO_INCREMENT = 1"));
        // Narrowed, it is TYPE_NARROWING as any column, which says what else stops it, and how
        // to mend that before the migration (found by a review).
        let (_, report) = change(DatabaseType::Postgresql, &next, &users(), false);
        assert_eq!(report.errors[0].code, Code::TypeNarrowing);
        let (_, report) = change(DatabaseType::Postgresql, &next, &users(), true);
        let warning = &report.warnings[0];
        assert_eq!(warning.code, Code::TypeNarrowing);
        assert!(warning.message.ends_with("; the sequence users_id_seq refuses it too once it has given a number beyond INTEGER's, even to a row deleted since"), "{}", warning.message);
        assert!(warning.suggestion.as_deref().unwrap_or_default().ends_with("(and set the sequence back: SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(max(id), 1), max(id) IS NOT NULL) FROM users)"));
        let (_, report) = change(DatabaseType::Mysql, &next, &users(), true);
        assert!(report.warnings[0]
            .message
            .contains("the change keeps it there and every insert after it fails"));
    }

    #[test]
    fn a_widened_key_passes_the_self_check_beside_a_regular_expression() {
        // sqlparser's tokenizer, which such a block goes through, keeps whitespace (a review
        // found GENERATED_SQL_REJECTED).
        let t = |ty: &str, check: &str| {
            [format!(
                r#"{{"name":"users","columns":[{{"name":"id","type":"{ty}","nullable":false,"autoIncrement":true}},{{"name":"v","type":"TEXT","nullable":true}}]{check}}}"#
            )]
        };
        let check = r#","checkConstraints":[{"name":"ck_v","expression":"v ~ '^[a-z]+$' AND length(v) < 1e5"}]"#;
        for (now, before) in [
            (t("BIGINT", check), t("INTEGER", "")),
            (t("BIGINT", ""), t("INTEGER", check)),
        ] {
            let result = crate::generate_str(&postgres_change(&now, &before));
            assert!(result.validation.valid, "{:?}", result.validation.errors);
            assert!(result
                .up_migration
                .contains("ALTER SEQUENCE users_id_seq AS BIGINT;"));
        }
    }

    #[test]
    fn json_to_jsonb_is_a_warning_and_jsonb_to_json_a_widening() {
        let table = |ty: &str| {
            format!(
                r#"{{"name":"docs","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"body","type":"{ty}","nullable":true}}],"primaryKey":["id"]}}"#
            )
        };
        let result = crate::generate_str(&postgres_change(&[table("JSONB")], &[table("JSON")]));
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let codes: Vec<Code> = result.validation.warnings.iter().map(|w| w.code).collect();
        // The down migration gives back JSONB's text, not the JSON's (text_given_back).
        assert_eq!(codes, [Code::TypeNarrowing, Code::DownDataLoss]);
        let back = &result.validation.warnings[1].message;
        assert!(
            back.starts_with("the down migration changes 'body' back from JSONB to JSON with JSONB's text of each value, not the text it was"),
            "{back}"
        );
        assert!(
            result
                .up_migration
                .contains("ALTER COLUMN body TYPE JSONB USING body::JSONB"),
            "{}",
            result.up_migration
        );
        let back = crate::generate_str(&postgres_change(&[table("JSON")], &[table("JSONB")]));
        assert!(back.validation.valid, "{:?}", back.validation.errors);
        // The down migration writes the values as JSONB again.
        let codes: Vec<Code> = back.validation.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, [Code::DownDataLoss]);
        assert!(back.validation.warnings[0]
            .message
            .contains("written as JSONB again"));
    }

    /// On PostgreSQL a type change whose values have no meaning in the new type (or back, for
    /// the down migration) is `UNSUPPORTED_FEATURE` on the table and column, with allowDataLoss
    /// too, and nothing is written for the table; MySQL converts it. One that has a meaning
    /// converts both ways with its `USING`.
    #[test]
    fn a_type_change_postgresql_cannot_convert_is_refused_and_others_convert_both_ways() {
        let table = |ty: ColumnType| {
            let mut t = users();
            t.columns.push(column("flag", ty));
            t
        };
        for (from, to) in [
            (ColumnType::Boolean, ColumnType::Timestamp),
            (ColumnType::Timestamp, ColumnType::Bigint),
            (ColumnType::Uuid, ColumnType::Integer),
            (ColumnType::Blob, ColumnType::Jsonb),
        ] {
            let (c, report) = change(DatabaseType::Postgresql, &table(from), &table(to), true);
            assert!(c.is_empty(), "{from:?} to {to:?}");
            assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
            let e = &report.errors[0];
            assert_eq!(
                (e.code, e.table.as_deref(), e.column.as_deref()),
                (Code::UnsupportedFeature, Some("users"), Some("flag"))
            );
            assert!(e.suggestion.as_deref().unwrap().contains("UPDATE"));
            assert!(report.warnings.is_empty(), "{:?}", report.warnings);
            let (_, mysql) = change(DatabaseType::Mysql, &table(from), &table(to), true);
            assert!(mysql.errors.is_empty(), "{:?}", mysql.errors);
        }
        let (c, report) = change(
            DatabaseType::Postgresql,
            &table(ColumnType::Boolean),
            &table(ColumnType::Tinyint),
            true,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users ALTER COLUMN flag TYPE SMALLINT USING flag::INTEGER;"]
        );
        assert_eq!(
            c.core.down,
            ["ALTER TABLE users ALTER COLUMN flag TYPE BOOLEAN USING flag <> 0;"]
        );
    }

    /// What a user trial of MySQL changes found said wrong: a UUID (CHAR(36) there) made
    /// VARCHAR(36) was a narrowing; VARCHAR(20) made INT warned that the down migration refuses
    /// text longer than 20 characters, which no INT has; a TEXT or JSON default filling NULLs
    /// was shown as MySQL's hex.
    #[test]
    fn mysql_uuid_to_varchar_int_text_back_and_filled_strings_are_said_as_they_are() {
        let column = |c: &str| {
            format!(
                r#"{{"name":"t","timestamps":false,"columns":[{{"name":"id","type":"INT","nullable":false}},{c}],"primaryKey":["id"]}}"#
            )
        };
        let said = |db: &str, was: &str, is: &str| -> Vec<(Code, String)> {
            let r = crate::generate_str(&spec_change_of(
                db,
                &column(is),
                &column(was),
                r#","allowDataLoss":true"#,
            ));
            (r.validation.errors.iter().chain(&r.validation.warnings))
                .map(|i| (i.code, i.message.clone()))
                .collect()
        };
        let uuid = r#"{"name":"n","type":"UUID","nullable":true}"#;
        let varchar =
            |n: u32| format!(r#"{{"name":"n","type":"VARCHAR","length":{n},"nullable":true}}"#);
        let codes = |v: Vec<(Code, String)>| v.into_iter().map(|(c, _)| c).collect::<Vec<_>>();
        assert_eq!(
            codes(said("mysql", uuid, &varchar(36))),
            [Code::DownDataLoss]
        );
        // The down migration takes a VARCHAR(35) back into MySQL's CHAR(36) whole, but for the
        // spaces at a value's end; PostgreSQL's UUID, its own type, refuses text that is no UUID.
        assert_eq!(
            said("mysql", uuid, &varchar(35)),
            [
                (Code::DownDataLoss, "the down migration changes 'n' back from VARCHAR(35) to CHAR(36), which, for the values written since as for the others, loses the spaces at the end of each value (MySQL reads a CHAR without them), and nothing is refused".to_string()),
                (Code::TypeNarrowing, "changing 'n' from CHAR(36) to VARCHAR(35) keeps every value of at most 35 characters, and a value longer than 35 characters, spaces at its end included, refuses the migration (strict mode, which the generated file sets: Data truncated, or Data too long); nothing is cut".to_string() + " (" + crate::commit_order::MYSQL_REFUSAL_LEAVES + ")"),
            ]
        );
        // Every UUID's text has 36 characters: no narrowing (a user trial was refused it).
        assert_eq!(
            said("postgresql", uuid, &varchar(36)),
            [
                (Code::DownDataLoss, "the down migration changes 'n' back to UUID: a value written since that UUID cannot hold is refused (text that does not read as the old type)".to_string()),
            ]
        );
        for db in ["mysql", "postgresql"] {
            let int = r#"{"name":"n","type":"INT","nullable":true}"#;
            assert_eq!(
                codes(said(db, &varchar(20), int)),
                // (And the text the down migration does not give back: '007' as '7'.)
                [Code::TypeNarrowing, Code::DownDataLoss],
                "{db}"
            );
            // -2147483648: 11 characters.
            assert_eq!(
                codes(said(db, &varchar(10), int)),
                [Code::DownDataLoss, Code::TypeNarrowing, Code::DownDataLoss],
                "{db}"
            );
            let decimal =
                r#"{"name":"n","type":"DECIMAL","precision":6,"scale":2,"nullable":true}"#;
            assert_eq!(
                codes(said(db, &varchar(8), decimal)),
                [Code::TypeNarrowing, Code::DownDataLoss],
                "{db}"
            );
            assert_eq!(
                codes(said(db, &varchar(7), decimal)),
                [Code::DownDataLoss, Code::TypeNarrowing, Code::DownDataLoss],
                "{db}"
            );
        }
        let text = |nullable: bool| {
            format!(r#"{{"name":"n","type":"TEXT","nullable":{nullable},"default":"a'b\\c 😀"}}"#)
        };
        let filled = said("mysql", &text(true), &text(false));
        assert_eq!(filled.len(), 1);
        assert!(filled[0].1.starts_with("'n' becomes NOT NULL with the default 'a'b\\c 😀': the up migration writes 'a'b\\c 😀' into"), "{}", filled[0].1);
    }
}
