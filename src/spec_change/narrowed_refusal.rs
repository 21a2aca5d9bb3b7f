//! The suggestion of a `TYPE_NARROWING` warning (with `allowDataLoss`) whose change the server
//! refuses rather than converts: text made shorter (VARCHAR(50) to VARCHAR(30)), an integer or
//! a number made one of a smaller range (INTEGER to TINYINT). A user trial was told that a
//! long value "refuses the migration" and, in the same warning, to "check the converted values
//! after the migration": nothing is converted when the server refuses. The suggestion says
//! what the server does, per dialect, and gives the query that finds the rows it refuses.

use super::type_change::text_of;
use crate::conversion::NumericRange;
use crate::dialect::Dialect;
use crate::spec::{Column, DatabaseType, Table};

/// The suggestion for changing `old` (of `previous`, the table as the database has it before
/// the migration) into `new` (of `after`, the table as the migration leaves it), where a value
/// that does not fit refuses the change: what the server does, and the query that finds those
/// rows. `None` for a change that is not one of those.
pub(super) fn refused_suggestion(
    d: &dyn Dialect,
    (previous, old): (&Table, &Column),
    (after, new): (&Table, &Column),
) -> Option<String> {
    let query = refused_rows_query(d, (previous, old), (after, new))?;
    let server = match d.database_type() {
        DatabaseType::Postgresql => "PostgreSQL refuses the ALTER (value too long, or out of range), and the migration, one transaction, is rolled back whole, with the runner's transaction",
        DatabaseType::Mysql => "MariaDB and MySQL in strict mode, which the generated file sets, refuse the ALTER (1265 Data truncated, 1406 Data too long, 1264 Out of range value), and, committing each statement, keep those before it done",
        DatabaseType::Sqlite => "SQLite rolls the whole migration back: none of its changes stays done",
    };
    Some(format!(
        "nothing is converted or cut where a value does not fit: {server}; before running it, find those rows with: {query}, and shorten or change their values (or keep the type)"
    ))
}

/// The query that finds the rows of `previous` (as the database has them before the
/// migration) whose value of `old` does not fit `new`: text longer than `new` holds (on
/// PostgreSQL, spaces at the end aside, which it cuts), or a number out of `new`'s range. `None`
/// where every value fits, or for another change.
fn refused_rows_query(
    d: &dyn Dialect,
    (previous, old): (&Table, &Column),
    (after, new): (&Table, &Column),
) -> Option<String> {
    let condition = refused_condition(d, (previous, old), (after, new))?;
    Some(format!(
        "SELECT * FROM {} WHERE {condition}",
        d.identifier(&previous.name)
    ))
}

/// The condition ([`refused_rows_query`]'s) that selects a row of `previous` whose value of
/// `old` the change into `new` refuses; `None` where none can be refused so.
fn refused_condition(
    d: &dyn Dialect,
    (previous, old): (&Table, &Column),
    (after, new): (&Table, &Column),
) -> Option<String> {
    let name = d.identifier(&old.name).into_owned();
    let db = d.database_type();
    // MySQL's JSON made text is refused, as text made shorter, where its text is longer.
    let json = old.ty.is_json() && db == DatabaseType::Mysql;
    Some(if (old.ty.is_text() || json) && new.ty.is_text() {
        let (_, was) = text_of(d, previous, old);
        let (_, is) = text_of(d, after, new);
        let n = is.filter(|n| was.is_none_or(|w| w > *n))?;
        match db {
            DatabaseType::Postgresql => format!("char_length(rtrim({name})) > {n}"),
            DatabaseType::Mysql => format!("CHAR_LENGTH({name}) > {n}"),
            // SQLite keeps every value whatever the declared length.
            DatabaseType::Sqlite => return None,
        }
    } else {
        let range = crate::conversion::numeric_range(db, new)?;
        if !matches!(range, NumericRange::Integer(..)) {
            return None;
        }
        let fits = crate::rows_refuse_hints::numeric_fits(d, old, range, name)?;
        format!("NOT ({fits})")
    })
}

/// The text MariaDB takes into an integer column (`MODIFY COLUMN`, strict mode): digits, one
/// sign at most, spaces, tabs and line ends around them (tried on MariaDB 10.11).
const MARIADB_INTEGER: &str = "^[[:space:]]*[-+]?[0-9]+[[:space:]]*$";

/// The text MySQL may take into an integer column, rounding a fraction: any number, its
/// exponent too, so that the check stops no migration MySQL runs (not tried: no MySQL server).
const MYSQL_NUMBER: &str =
    "^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$";

/// The condition that selects a row of `previous` (as the database has it before the way of
/// the migration that runs the change) that MariaDB refuses when a `MODIFY COLUMN` makes `old`
/// into `new` (in strict mode, as the generated file sets it), for the check a MySQL migration
/// makes before its first change ([`crate::mysql_rows_guard`]); `None` where it refuses none, or
/// the refused values cannot be told by a query. It selects only what the server refuses (a
/// row it takes must not stop the migration), as tried on MariaDB 10.11
/// (tests/mysql_rows_guard_retyped.rs): text longer than `new` holds (spaces at the end taken
/// off, except from VARCHAR into VARCHAR, which refuses them too), a number out of an integer's
/// range (rounded first), and text made an integer that is no integer (`'42.0'`, `''`, `'n/a'`:
/// ERROR 1292; spaces, tabs and line ends around it, a sign and leading zeros are taken; on
/// MySQL, which rounds a fraction, no number) or one out of its range; a column made NOT NULL without a default, where it holds NULL.
pub(crate) fn mysql_refused_condition(
    d: &dyn Dialect,
    (previous, old): (&Table, &Column),
    (after, new): (&Table, &Column),
) -> Option<String> {
    use crate::spec::ColumnType;
    if d.database_type() != DatabaseType::Mysql {
        return None;
    }
    let name = d.identifier(&old.name).into_owned();
    let mut refused = Vec::new();
    if old.nullable && !new.nullable && new.default.is_none() && !new.auto_increment {
        refused.push(format!("{name} IS NULL"));
    }
    let range = crate::conversion::numeric_range(DatabaseType::Mysql, new);
    if old.ty.is_text() && new.ty.is_text() {
        let (_, was) = text_of(d, previous, old);
        let (_, is) = text_of(d, after, new);
        if let Some(n) = is.filter(|n| was.is_none_or(|w| w > *n)) {
            let both_varchar = old.ty == ColumnType::Varchar && new.ty == ColumnType::Varchar;
            refused.push(if both_varchar {
                format!("CHAR_LENGTH({name}) > {n}")
            } else {
                format!("CHAR_LENGTH(TRIM(TRAILING ' ' FROM {name})) > {n}")
            });
        }
    } else if let (true, Some(NumericRange::Integer(lo, hi))) = (old.ty.is_text(), range) {
        // MySQL rounds a fraction ('2.5' becomes 3) where MariaDB refuses it: the server
        // running the check decides which text is refused.
        refused.push(format!(
            "NOT (IF(VERSION() LIKE '%MariaDB%', {name} REGEXP '{MARIADB_INTEGER}', {name} REGEXP '{MYSQL_NUMBER}') AND CAST({name} AS DECIMAL(65,0)) BETWEEN {lo} AND {hi})"
        ));
    } else if let Some(range @ NumericRange::Integer(..)) = range {
        if let Some(fits) = crate::rows_refuse_hints::numeric_fits(d, old, range, name) {
            refused.push(format!("NOT ({fits})"));
        }
    }
    (!refused.is_empty()).then(|| refused.join(" OR "))
}

#[cfg(test)]
mod tests {
    use crate::spec_change::test_support::*;

    /// VARCHAR(50) made VARCHAR(30) and INTEGER made TINYINT, with allowDataLoss: the
    /// suggestion says the server refuses, per dialect, with the query (which the engine tests
    /// in tests/narrowing_refused_rows.rs run).
    #[test]
    fn a_refused_narrowing_is_suggested_the_query_not_a_check_of_converted_values() {
        let was = r#",{"name":"slug","type":"VARCHAR","length":50,"nullable":true},{"name":"n","type":"INTEGER","nullable":true}"#;
        let is = r#",{"name":"slug","type":"VARCHAR","length":30,"nullable":true},{"name":"n","type":"TINYINT","nullable":true}"#;
        for (db, slug, n, server) in [
            (
                "postgresql",
                "SELECT * FROM t WHERE char_length(rtrim(slug)) > 30",
                "SELECT * FROM t WHERE NOT (round(CAST(n AS NUMERIC)) BETWEEN -32768 AND 32767)",
                "PostgreSQL refuses the ALTER",
            ),
            (
                "mysql",
                "SELECT * FROM t WHERE CHAR_LENGTH(slug) > 30",
                "SELECT * FROM t WHERE NOT (ROUND(n) BETWEEN -128 AND 127)",
                "MariaDB and MySQL in strict mode",
            ),
        ] {
            let spec = postgres_change(&[table(is, "")], &[table(was, "")])
                .replace("postgresql", db)
                .replace(r#""tables""#, r#""allowDataLoss":true,"tables""#);
            let result = crate::generate_str(&spec);
            let narrowing: Vec<_> = (result.validation.warnings.iter())
                .filter(|w| w.code == crate::report::Code::TypeNarrowing)
                .collect();
            assert_eq!(narrowing.len(), 2, "{db}: {narrowing:?}");
            for (w, query) in narrowing.iter().zip([slug, n]) {
                let s = w.suggestion.as_deref().unwrap();
                assert!(s.starts_with("nothing is converted or cut"), "{db}: {s}");
                assert!(s.contains(server), "{db}: {s}");
                assert!(
                    s.contains(&format!("find those rows with: {query}, ")),
                    "{db}: {s}"
                );
                assert!(!s.contains("check the converted values"), "{db}: {s}");
            }
        }
    }
}
