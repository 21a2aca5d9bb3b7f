//! The checks of one column beside its name and default: its type's length, precision and
//! scale, `autoIncrement`, and the strings a CHECK allows it that are longer than it holds.

use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;

/// A string a CHECK allows a text column that is longer than the column holds can never be
/// stored as written on PostgreSQL or MySQL (the length refuses it, or cuts spaces beyond it,
/// before the CHECK is asked): a
/// `LOSSY_TYPE_MAPPING` warning, and the generated types leave it out of the column's union.
pub(super) fn check_strings_fit(
    t: &Table,
    c: &Column,
    d: &dyn Dialect,
    choices: &[crate::check_choices::Choices],
    report: &mut Report,
) {
    if !matches!(
        c.ty,
        ColumnType::Text | ColumnType::Varchar | ColumnType::Char
    ) {
        return;
    }
    let Some(strings) = crate::check_choices::for_column(choices, &c.name) else {
        return;
    };
    let max = d.max_text_chars(c, t.is_key_column(&c.name));
    let too_long: Vec<&String> = strings
        .iter()
        .filter(|s| !crate::check_choices::fits(s, max))
        .collect();
    let Some(max) = max.filter(|_| !too_long.is_empty()) else {
        return;
    };
    let listed: Vec<String> = too_long
        .iter()
        .take(5)
        .map(|s| format!("'{}'", crate::report::clip(s)))
        .collect();
    let longest = too_long
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or_default();
    let none_fits = too_long.len() == strings.len();
    let message = format!(
        "the CHECK allows {} {}, longer than {} ({max} characters): the database cannot store {} as written, so the generated types leave {} out{}",
        if too_long.len() == 1 { "the string" } else { "the strings" },
        listed.join(", "),
        d.column_type(c, t.is_key_column(&c.name)),
        if too_long.len() == 1 { "that value" } else { "those values" },
        if too_long.len() == 1 { "it" } else { "them" },
        if none_fits {
            " (no string the CHECK allows fits: the column's type is never)"
        } else {
            ""
        },
    );
    report.push(
        Issue::warning(Code::LossyTypeMapping, message)
            .table(&t.name)
            .column(&c.name)
            .suggest(if c.ty == ColumnType::Text {
                format!("declare the column VARCHAR with a length of at least {longest}, or shorten the CHECK's strings")
            } else {
                format!("give the column a length of at least {longest}, or shorten the CHECK's strings")
            }),
    );
}

/// `INVALID_AUTO_INCREMENT` for each problem of an `autoIncrement` column `c` of `t`, all at
/// once: a type that is not an integer, nullable, a default, another numbered key, a key of
/// several columns or of another column, a column of a foreign key. Nothing for a column
/// without `autoIncrement`.
pub(super) fn check_auto_increment(t: &Table, c: &Column, d: &dyn Dialect, report: &mut Report) {
    if !c.auto_increment {
        return;
    }
    let col = |i: Issue| i.table(&t.name).column(&c.name);
    // Every problem at once, each with what fixes it (a user trial fixed one per round).
    let mut problems: Vec<(String, String)> = Vec::new();
    if !c.ty.is_integer() {
        let parameters = if c.length.is_some() || c.precision.is_some() || c.scale.is_some() {
            " without its length, precision and scale"
        } else {
            ""
        };
        problems.push((
                format!("autoIncrement needs an integer type, not {}", c.ty.as_str()),
                format!("make it \"type\": \"INTEGER\" (or \"BIGINT\"){parameters}, or remove autoIncrement"),
            ));
    }
    // A nullable key column is NULLABLE_PRIMARY_KEY already.
    if c.nullable && !t.primary_key.contains(&c.name) {
        problems.push((
            "an autoIncrement column cannot be nullable".to_string(),
            "set \"nullable\": false".into(),
        ));
    }
    if c.default.is_some() {
        problems.push((
            "an autoIncrement column cannot have a default".to_string(),
            "remove its default: the database gives each new row its number".into(),
        ));
    }
    // The key is an autoIncrement column of its own: this one is the extra one (a
    // review: "make it the primary key" beside "only one" sent the user in a circle).
    let numbered_key = match &t.primary_key[..] {
        [k] if *k != c.name => t.column(k).is_some_and(|k| k.auto_increment),
        _ => false,
    };
    if numbered_key {
        problems.push((
            format!(
                "a table can have only one autoIncrement column, and its primary key '{}' is one",
                t.primary_key[0]
            ),
            format!("remove autoIncrement from '{}'", c.name),
        ));
    } else if t.primary_key.len() > 1 && t.primary_key.contains(&c.name) {
        // PostgreSQL and MySQL could number one column of a composite key; SQLite
        // numbers only a one-column INTEGER PRIMARY KEY.
        let why = if d.database_type() == DatabaseType::Sqlite {
            "SQLite numbers only a key of one INTEGER column"
        } else {
            "this generator numbers only a key of one column"
        };
        let others = (t.primary_key.iter())
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ");
        problems.push((
                "an autoIncrement column must be the whole primary key".to_string(),
                format!("{why}: remove autoIncrement and give the values, or make this column the whole key (a foreign key that references [{others}] then needs a unique constraint over them): \"primaryKey\": [\"{}\"]", c.name),
            ));
    } else if t.primary_key.len() != 1 || t.primary_key[0] != c.name {
        problems.push((
            "an autoIncrement column must be the whole primary key".to_string(),
            format!(
                "remove autoIncrement, or make this column the whole key: \"primaryKey\": [\"{}\"]",
                c.name
            ),
        ));
    }
    // A key that takes its values from a parent (`user_id INTEGER PRIMARY KEY
    // REFERENCES users`): numbered by the table itself, it names some other row.
    if let Some(fk) = t.foreign_key_of(&c.name) {
        problems.push((
                format!(
                    "'{}' is autoIncrement and a column of a foreign key to '{}', whose rows give it its values: numbered by this table, a row would name some other row of '{}'",
                    c.name, fk.referenced_table, fk.referenced_table
                ),
                "remove autoIncrement from it: it stays the primary key, and the insert type asks for its value".into(),
            ));
    }
    for (p, suggestion) in problems {
        report.push(col(
            Issue::error(Code::InvalidAutoIncrement, p).suggest(suggestion)
        ));
    }
}

/// `TYPE_MISMATCH` for a length, precision or scale the column's type does not take, or out of
/// its range (a scale beyond the precision, a TIMESTAMP's precision beyond microseconds);
/// `col` places each issue on the column.
pub(super) fn check_type_parameters(c: &Column, report: &mut Report, col: &dyn Fn(Issue) -> Issue) {
    let ty = c.ty.as_str();
    let mismatch =
        |m: String, s: &str| col(Issue::error(Code::TypeMismatch, m).suggest(s.to_string()));
    if c.length.is_some() && !c.ty.takes_length() {
        report.push(mismatch(
            format!("length applies to VARCHAR and CHAR, not {ty}"),
            "remove length, or change the type to VARCHAR",
        ));
    }
    if c.length == Some(0) {
        report.push(mismatch(
            "length must be at least 1".into(),
            "give a positive length",
        ));
    }
    if c.ty.takes_fractional_seconds() {
        if c.scale.is_some() {
            report.push(mismatch(
                format!("scale applies to DECIMAL and NUMERIC, not {ty}: a {ty}'s precision is the digits of a second it keeps"),
                "remove scale (precision: 3 keeps milliseconds, 6 microseconds)",
            ));
        }
        if let Some(p) = c.precision.filter(|&p| p > MAX_FRACTIONAL_SECONDS) {
            report.push(mismatch(
                format!("a {ty}'s precision is the digits of a second it keeps, at most {MAX_FRACTIONAL_SECONDS} (microseconds), not {p}"),
                "give a precision from 0 to 6 (3 keeps milliseconds)",
            ));
        }
        return;
    }
    if (c.precision.is_some() || c.scale.is_some()) && !c.ty.takes_precision() {
        report.push(mismatch(
            format!("precision and scale apply to DECIMAL and NUMERIC (precision also to TIMESTAMP and DATETIME), not {ty}"),
            "remove them, or change the type to DECIMAL",
        ));
        // Not also "precision must be at least 1" (a user trial's `DATE` with precision 0).
        return;
    }
    match (c.precision, c.scale) {
        (None, Some(_)) => report.push(mismatch(
            "scale needs a precision".into(),
            "add precision (the total number of digits)",
        )),
        (Some(0), _) => report.push(mismatch(
            "precision must be at least 1".into(),
            "give a positive precision",
        )),
        // PostgreSQL 15 takes it (NUMERIC(5,6): below 0.1, 6 digits after the point); MySQL,
        // MariaDB (error 1427) and PostgreSQL 14 and earlier refuse it, and a spec is for each.
        (Some(p), Some(s)) if s > p => report.push(mismatch(
            format!("scale {s} is larger than precision {p}: MySQL and MariaDB refuse such a DECIMAL, and so does PostgreSQL before 15 (only PostgreSQL 15 and later take it), so the spec keeps the scale at most the precision on every database"),
            &format!("to keep values below 1 with {s} digits after the point, give \"precision\": {s}, \"scale\": {s} (it holds -{max} to {max}; a CHECK keeps a narrower range)", max = below_one(s)),
        )),
        _ => {}
    }
}

/// The largest value below 1 with `scale` digits after the point (`0.999999` for 6), as text;
/// a scale too long to write out whole is cut, with an ellipsis.
fn below_one(scale: u32) -> String {
    match scale {
        0 => "0".into(),
        1..=12 => format!("0.{}", "9".repeat(scale as usize)),
        _ => "0.999…9".into(),
    }
}

/// The indefinite article before a word, by its first letter: `an INTEGER`, `an INT`, `a TEXT`.
/// A `UU` word is said with a "you" (`a UUID`). Right for the SQL type names of the spec.
pub(crate) fn article(word: &str) -> &'static str {
    let upper = word.to_ascii_uppercase();
    if upper.starts_with(['A', 'E', 'I', 'O', 'U']) && !upper.starts_with("UU") {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::{codes_only, one_column};

    /// A PostgreSQL user trial: `VARCHAR(100000)`, which PostgreSQL takes (up to 10,485,760),
    /// was refused as "from 0 to 65535". MySQL's own limits still refuse it there, and a MySQL
    /// table of the longest VARCHARs, whose byte counts pass 2^32, is refused without a crash.
    #[test]
    fn varchar_lengths_go_up_to_postgresql_s_limit() {
        let result = |db: &str, length: u64, columns: usize| {
            let cols: Vec<String> = (0..columns)
                .map(|i| {
                    format!(
                        r#"{{"name":"c{i}","type":"VARCHAR","length":{length},"nullable":true}}"#
                    )
                })
                .collect();
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{}],"indexes":[{{"name":"idx_t_all","columns":[{}]}}]}}]}}"#,
                cols.join(","),
                (0..columns)
                    .map(|i| format!(r#""c{i}""#))
                    .collect::<Vec<_>>()
                    .join(",")
            ))
        };
        let pg = result("postgresql", 100_000, 1);
        assert!(
            pg.validation.errors.is_empty(),
            "{:?}",
            pg.validation.errors
        );
        assert!(
            pg.up_migration.contains("c0 VARCHAR(100000)"),
            "{}",
            pg.up_migration
        );
        let codes = |r: &crate::output::GeneratedMigration| {
            r.validation
                .errors
                .iter()
                .map(|e| e.code.as_str().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&result("postgresql", 10_485_761, 1)),
            vec!["INVALID_SPEC"]
        );
        assert!(codes(&result("mysql", 100_000, 1)).contains(&"TYPE_MISMATCH".to_string()));
        let huge = result("mysql", 10_485_760, 999);
        assert!(
            !codes(&huge).is_empty() && !codes(&huge).iter().any(|c| c == "INTERNAL_ERROR"),
            "{:?}",
            codes(&huge)
        );
    }

    /// A TIMESTAMP's precision is the digits of a second it keeps, 0 to 6 (PostgreSQL's and
    /// MySQL's range; PostgreSQL lowers 7 to 6 with a warning, MySQL refuses it), without a
    /// scale; on DECIMAL it stays the number of digits.
    #[test]
    fn timestamp_precision_is_digits_of_a_second() {
        for db in ["sqlite", "postgresql", "mysql"] {
            for ty in ["TIMESTAMP", "DATETIME"] {
                for p in 0..=6 {
                    let c =
                        format!(r#"{{"name":"c","type":"{ty}","precision":{p},"nullable":true}}"#);
                    assert!(codes_only(db, &one_column(&c)).is_empty(), "{db} {ty}({p})");
                }
                for bad in [
                    r#""precision":7"#,
                    r#""precision":3,"scale":1"#,
                    r#""scale":0"#,
                ] {
                    let c = format!(r#"{{"name":"c","type":"{ty}",{bad},"nullable":true}}"#);
                    assert_eq!(
                        codes_only(db, &one_column(&c)),
                        vec!["TYPE_MISMATCH"],
                        "{db} {ty} {bad}"
                    );
                }
            }
            for p in [0, 3] {
                let date =
                    format!(r#"{{"name":"c","type":"DATE","precision":{p},"nullable":true}}"#);
                assert_eq!(codes_only(db, &one_column(&date)), vec!["TYPE_MISMATCH"]);
            }
        }
    }

    /// MySQL 8.0 refuses a DECIMAL scale past 30 ("Too big scale specified"; MariaDB 10.11 only
    /// past 38, so `DECIMAL(65,39)` was refused by both) and a precision past 65: both are
    /// refused on MySQL, with what to lower; PostgreSQL takes them.
    #[test]
    fn mysql_decimal_scale_and_precision_limits() {
        let decimal = |p: u32, s: u32| {
            one_column(&format!(
                r#"{{"name":"amount","type":"DECIMAL","precision":{p},"scale":{s},"nullable":true}}"#
            ))
        };
        let errors = |db: &str, tables: &str| {
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ))
            .validation
            .errors
        };
        let e = errors("mysql", &decimal(65, 39));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code.as_str(), "TYPE_MISMATCH");
        assert_eq!(e[0].message, "MySQL DECIMAL scale is at most 30, not 39");
        assert_eq!(e[0].column.as_deref(), Some("amount"));
        assert_eq!(
            e[0].suggestion.as_deref(),
            Some("lower the scale to 30 or less")
        );
        let numeric = one_column(
            r#"{"name":"amount","type":"NUMERIC","precision":40,"scale":31,"nullable":true}"#,
        );
        assert_eq!(codes_only("mysql", &numeric), vec!["TYPE_MISMATCH"]);
        assert!(codes_only("mysql", &decimal(65, 30)).is_empty());
        let e = errors("mysql", &decimal(66, 2));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code.as_str(), "TYPE_MISMATCH");
        assert_eq!(e[0].message, "MySQL DECIMAL precision is at most 65");
        assert!(codes_only("postgresql", &decimal(65, 39)).is_empty());
    }

    /// MariaDB: "Row size too large … 65535" for VARCHAR(16383) beside an INT key, and for four
    /// VARCHAR(5000); the limit counts 4 bytes a character, the length bytes and the null bits.
    #[test]
    fn mysql_row_size_limit() {
        let spec = |cols: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{cols}]}}"#
            )
        };
        let varchar = |name: &str, n: u32| {
            format!(r#"{{"name":"{name}","type":"VARCHAR","length":{n},"nullable":true}}"#)
        };
        assert_eq!(
            codes_only("mysql", &spec(&varchar("body", 16383))),
            vec!["UNSUPPORTED_FEATURE"]
        );
        let four = ["a", "b", "c", "d"].map(|n| varchar(n, 5000)).join(",");
        assert_eq!(
            codes_only("mysql", &spec(&four)),
            vec!["UNSUPPORTED_FEATURE"]
        );
        assert!(codes_only("mysql", &spec(&varchar("body", 16000))).is_empty());
        let texts = (0..40)
            .map(|i| format!(r#"{{"name":"t{i}","type":"TEXT","nullable":true}}"#))
            .collect::<Vec<_>>()
            .join(",");
        assert!(codes_only("mysql", &spec(&texts)).is_empty());
        assert!(codes_only("postgresql", &spec(&varchar("body", 16383))).is_empty());
    }

    #[test]
    fn article_by_first_letter() {
        for (word, a) in [
            ("INTEGER", "an"),
            ("INT", "an"),
            ("integer", "an"),
            ("TEXT", "a"),
            ("BOOLEAN", "a"),
            ("UUID", "a"),
            ("JSON", "a"),
            ("", "a"),
        ] {
            assert_eq!(article(word), a, "{word}");
        }
        for ty in ColumnType::ALL {
            let expected = if matches!(ty, ColumnType::Integer | ColumnType::Int) {
                "an"
            } else {
                "a"
            };
            assert_eq!(article(ty.as_str()), expected, "{}", ty.as_str());
        }
    }
}
