//! The check a SQLite table rebuild makes before it copies a column it converts into a number
//! (`CAST(c AS INTEGER)`, `REAL` or `NUMERIC`, a narrowing allowed with `allowDataLoss`): that
//! no row holds text that is not a clean number there. `CAST` refuses nothing: it reads the
//! number the text begins with and makes text that begins with none 0, so `'n/a'` became 0 and
//! `'2.5'` became 2 without a word (a user trial). PostgreSQL (`USING c::integer`) and MySQL
//! refuse such a row and fail the migration; so does the rebuild now, whatever runs its SQL:
//! the check is an `INSERT OR ROLLBACK` of the count of such rows into a temporary table whose
//! CHECK wants 0, which rolls the whole migration back (see `sqlite_atomic`).
//!
//! What counts as a clean number is what PostgreSQL 15 takes (tried there, and on MariaDB
//! 10.11, in `tests/sqlite_text_to_number.rs`). Spaces, tabs and line ends around it are
//! taken (`' 42 '`, as PostgreSQL takes them), and one sign. Into an INTEGER: digits only
//! (`'+007'` is 7), within −2^63 … 2^63−1, the range of SQLite's INTEGER; `'42.0'`, `'2.5'`,
//! `'1e3'` and `''` refuse, as `'42.0'::integer` fails on PostgreSQL. Into a REAL or NUMERIC
//! (DECIMAL, and BOOLEAN, whose affinity is NUMERIC: `'true'` refuses rather than become
//! 0, false): digits with at most one point (`'2.5'`, `'.5'`, `'5.'`) and an exponent
//! (`'1e3'`), within a REAL's range; `'NaN'` and `'Infinity'`, which PostgreSQL takes, refuse,
//! since SQLite holds neither. NULL stays NULL, and a value that is already a number is not
//! read here (the `TYPE_NARROWING` warning says what CAST makes of it).

use crate::dialect::sqlite_quoted_identifier as quoted;

/// The temporary table of the check.
pub const TABLE: &str = "_mg_number_check";

/// The column of the check, which SQLite's message names when it fails (`CHECK constraint
/// failed: text_that_is_not_a_number = 0`).
pub const GUARD: &str = "text_that_is_not_a_number";

/// The white space around a number that PostgreSQL takes (C's `isspace`).
const SPACE: &str = "' ' || char(9, 10, 11, 12, 13)";

/// The condition (over the old table's column `column`, as the rebuild names it) that a row
/// holds text the affinity `to` refuses as no clean number (see the module's words); `None`
/// for an affinity that is not a number's.
pub fn refused_where(column: &str, to: &str) -> Option<String> {
    let c = quoted(column);
    // `_mg_s` the text without the white space around it, `_mg_d` without its sign (at most one).
    let signed = "length(_mg_s) - length(_mg_d) <= 1";
    let (values, clean) = match to {
        "INTEGER" => (
            "_mg_s, _mg_d".to_string(),
            format!(
                "{signed} AND _mg_d <> '' AND _mg_d NOT GLOB '*[^0-9]*' AND (ltrim(_mg_d, '0') = '' OR CAST(CAST(_mg_s AS INTEGER) AS TEXT) = (CASE WHEN _mg_s GLOB '-*' THEN '-' ELSE '' END) || ltrim(_mg_d, '0'))"
            ),
        ),
        "REAL" | "NUMERIC" => (
            // `_mg_m` the digits before the exponent, `_mg_x` the exponent (NULL without one).
            "_mg_s, _mg_d, CASE WHEN instr(lower(_mg_d), 'e') THEN substr(_mg_d, 1, instr(lower(_mg_d), 'e') - 1) ELSE _mg_d END AS _mg_m, CASE WHEN instr(lower(_mg_d), 'e') THEN substr(_mg_d, instr(lower(_mg_d), 'e') + 1) END AS _mg_x".to_string(),
            format!(
                "{signed} AND _mg_m GLOB '*[0-9]*' AND _mg_m NOT GLOB '*[^0-9.]*' AND _mg_m NOT GLOB '*.*.*' AND (_mg_x IS NULL OR (ltrim(_mg_x, '+-') <> '' AND ltrim(_mg_x, '+-') NOT GLOB '*[^0-9]*' AND length(_mg_x) - length(ltrim(_mg_x, '+-')) <= 1)) AND abs(CAST(_mg_s AS REAL)) <= 1.7976931348623157e308"
            ),
        ),
        _ => return None,
    };
    Some(format!(
        "typeof({c}) = 'text' AND NOT EXISTS (SELECT 1 FROM (SELECT {values} FROM (SELECT _mg_s, ltrim(_mg_s, '+-') AS _mg_d FROM (SELECT trim({c}, {SPACE}) AS _mg_s))) WHERE {clean})"
    ))
}

/// The statements of the check, for the columns `converted` of the table renamed `old` (each
/// column as that table names it, with the affinity its copy casts it to): empty when no
/// column is cast into a number.
pub fn statements(old: &str, converted: &[(String, &str)]) -> Vec<String> {
    let counts: Vec<String> = converted
        .iter()
        .filter_map(|(column, to)| refused_where(column, to))
        .map(|refused| {
            format!(
                "INSERT OR ROLLBACK INTO {TABLE} SELECT count(*) FROM {old}\n  WHERE {refused};"
            )
        })
        .collect();
    if counts.is_empty() {
        return counts;
    }
    let mut s = vec![format!(
        "CREATE TEMP TABLE {TABLE} ({GUARD} INTEGER CHECK ({GUARD} = 0));"
    )];
    s.extend(counts);
    s.push(format!("DROP TABLE {TABLE};"));
    s
}

/// The query that finds the rows of `table` (named as the database has it before the
/// migration) whose `column` refuses the check, from the check's failed `statement`, whose
/// condition `renamed` gives with the columns as the database names them then; with the
/// column the statement reads. `None` for a statement that is not the check's.
pub fn offenders_query(
    statement: &str,
    table: &str,
    renamed: impl Fn(&str) -> Option<String>,
) -> Option<(String, String)> {
    let rest = statement.trim_start().strip_prefix(&format!(
        "INSERT OR ROLLBACK INTO {TABLE} SELECT count(*) FROM "
    ))?;
    let (_, condition) = rest.split_once("\n  WHERE ")?;
    let condition = condition.trim_end().trim_end_matches(';');
    let column = condition
        .strip_prefix("typeof(")?
        .split_once(") = 'text' AND NOT EXISTS")?
        .0
        .to_string();
    let condition = renamed(condition)?;
    Some((
        format!("SELECT * FROM {} WHERE {condition}", quoted(table)),
        column,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which of `values` (as text in a TEXT column) the check refuses for `to`, on SQLite.
    fn refused(to: &str, values: &[&str]) -> Vec<String> {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (c TEXT)").unwrap();
        for v in values {
            conn.execute("INSERT INTO t VALUES (?1)", [v]).unwrap();
        }
        let sql = format!("SELECT c FROM t WHERE {}", refused_where("c", to).unwrap());
        let mut statement = conn.prepare(&sql).unwrap();
        let rows = statement.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    }

    #[test]
    fn into_an_integer_only_whole_numbers_in_range_are_taken() {
        let values = [
            "42",
            " 42 ",
            "\t-7\n",
            "+007",
            "0",
            "-0",
            "9223372036854775807",
            "-9223372036854775808",
            "n/a",
            "",
            " ",
            "42.0",
            "2.5",
            "1e3",
            "12abc",
            "true",
            "--5",
            "+-5",
            "0x1F",
            "9223372036854775808",
            "-9223372036854775809",
            "1 000",
        ];
        assert_eq!(
            refused("INTEGER", &values),
            [
                "n/a",
                "",
                " ",
                "42.0",
                "2.5",
                "1e3",
                "12abc",
                "true",
                "--5",
                "+-5",
                "0x1F",
                "9223372036854775808",
                "-9223372036854775809",
                "1 000"
            ]
        );
    }

    #[test]
    fn into_a_real_or_numeric_numbers_with_a_point_or_exponent_are_taken() {
        let values = [
            "42", " 2.5 ", ".5", "5.", "-1e3", "1E+3", "2.5e-3", "+0.0", "n/a", "", ".", "e3",
            "1e", "1e+", "1.2.3", "NaN", "Infinity", "1e400", "12abc", "true", "1e3e4",
        ];
        let refused_values = [
            "n/a", "", ".", "e3", "1e", "1e+", "1.2.3", "NaN", "Infinity", "1e400", "12abc",
            "true", "1e3e4",
        ];
        assert_eq!(refused("REAL", &values), refused_values);
        assert_eq!(refused("NUMERIC", &values), refused_values);
    }

    #[test]
    fn no_check_for_a_cast_into_text_and_none_without_a_number_column() {
        assert_eq!(refused_where("c", "TEXT"), None);
        assert!(statements("_mg_old_t", &[("c".to_string(), "TEXT")]).is_empty());
        let s = statements("_mg_old_t", &[("c".to_string(), "INTEGER")]);
        assert_eq!(s.len(), 3);
        assert!(s[1].starts_with("INSERT OR ROLLBACK INTO _mg_number_check SELECT count(*) FROM _mg_old_t\n  WHERE typeof(\"c\") = 'text'"));
    }

    #[test]
    fn the_query_for_the_user_is_read_back_from_the_check() {
        let s = statements("_mg_old_t", &[("my col".to_string(), "REAL")]);
        let (query, column) = offenders_query(&s[1], "t", |c| Some(c.to_string())).unwrap();
        assert_eq!(column, "\"my col\"");
        assert!(query
            .starts_with("SELECT * FROM \"t\" WHERE typeof(\"my col\") = 'text' AND NOT EXISTS"));
        assert_eq!(
            offenders_query("INSERT OR ROLLBACK INTO t SELECT 1", "t", |c| Some(
                c.to_string()
            )),
            None
        );
    }
}
