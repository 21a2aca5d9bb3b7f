//! The `INVALID_DEFAULT` errors of a column's default: a value the database refuses or stores
//! otherwise (`crate::defaults` decides), one the table's CHECKs refuse, or, on MySQL, an
//! expression whose value the column does not take (`crate::mysql_default_value`).

use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;

/// `INVALID_DEFAULT` when the default of `c` is one `d` refuses or one its CHECKs refuse
/// (`crate::defaults::check_default`, `crate::defaults::default_passes_checks`, against the
/// strings `check_strings` the table's CHECKs allow; `collated`: the table is in the database
/// with a COLLATE clause), or, on MySQL, an expression default whose value `c` does not take
/// (`crate::mysql_default_value::check`). Returns whether it pushed that error.
pub(super) fn check_column_default(
    t: &Table,
    c: &Column,
    d: &dyn Dialect,
    engine_checks: bool,
    collated: bool,
    check_strings: &[crate::check_choices::Choices],
    report: &mut Report,
) -> bool {
    let col = |i: Issue| i.table(&t.name).column(&c.name);
    let rendered = crate::defaults::as_rendered(c, d);
    if let Err((message, suggestion)) = crate::defaults::check_default(&rendered, d, engine_checks)
        .and_then(|()| crate::defaults::default_passes_checks(c, d, (t, collated), check_strings))
        .and_then(|()| match (&c.default, d.database_type()) {
            (Some(DefaultValue::Expression(e)), DatabaseType::Mysql) => {
                crate::mysql_default_value::check(c, e)
            }
            _ => Ok(()),
        })
    {
        report.push(col(
            Issue::error(Code::InvalidDefault, message).suggest(suggestion)
        ));
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{codes_only, one_column};

    /// The suggested binary default works on each engine: `X'00'` is a bit string to PostgreSQL,
    /// which a BYTEA column refuses (checked on PostgreSQL 15; `'\x00'::bytea` is taken).
    #[test]
    fn blob_default_suggestion_fits_the_dialect() {
        let suggestion = |db: &str| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","tables":[{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"b","type":"BLOB","nullable":true,"default":"ab"}}],"primaryKey":["id"]}}]}}"#
            ));
            r.validation.errors[0].suggestion.clone().unwrap()
        };
        assert!(
            suggestion("postgresql").contains(r"'\\x00'::bytea"),
            "{}",
            suggestion("postgresql")
        );
        assert!(suggestion("mysql").contains("X'00'"));
        assert!(suggestion("sqlite").contains("X'00'"));
    }

    /// A number default a JavaScript number may not have kept as written is refused, on the
    /// integer and decimal types: a user trial's `9007199254740993` on a BIGINT (the command line
    /// reads the spec with `JSON.parse`) became `DEFAULT 9007199254740992` and
    /// `123456789012345678.91` on a NUMERIC(20,2) `DEFAULT 123456789012345680`, without a word;
    /// `-(2 ** 63)`, BIGINT's minimum, was told it was "written with a decimal point".
    #[test]
    fn number_defaults_javascript_may_have_rounded_are_refused() {
        let result = |ty: &str, default: &str| {
            let column =
                format!(r#"{{"name":"n","type":{ty},"nullable":true,"default":{default}}}"#);
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{}]}}"#,
                one_column(&column)
            ));
            r.validation
                .errors
                .iter()
                .map(|e| {
                    format!(
                        "{} {} | {}",
                        e.code.as_str(),
                        e.message,
                        e.suggestion.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
        };
        for (ty, default, what) in [
            (
                r#""BIGINT""#,
                "1152921504606847000",
                "beyond the whole numbers",
            ),
            (
                r#""BIGINT""#,
                "9007199254740992",
                "beyond the whole numbers",
            ),
            (
                r#""BIGINT""#,
                "-9.223372036854776e18",
                "beyond the whole numbers",
            ),
            (
                r#""BIGINT""#,
                "9223372036854775807",
                "beyond the whole numbers",
            ),
            (
                r#""NUMERIC","precision":20,"scale":2"#,
                "123456789012345680",
                "beyond the whole numbers",
            ),
            (
                r#""NUMERIC","precision":20,"scale":17"#,
                "0.30000000000000004",
                "more than the 15 significant digits",
            ),
            (
                r#""DECIMAL""#,
                "1.2345678901234567",
                "more than the 15 significant digits",
            ),
        ] {
            let errors = result(ty, default);
            assert!(
                errors.len() == 1
                    && errors[0].starts_with("INVALID_DEFAULT")
                    && errors[0].contains(what)
                    && errors[0].contains(r#"{ "expression": "#),
                "{ty} {default}: {errors:?}"
            );
        }
        for (ty, default) in [
            (r#""BIGINT""#, "9007199254740991"),
            (r#""BIGINT""#, "-9007199254740991"),
            (r#""BIGINT""#, "1000000000000000"),
            (r#""NUMERIC","precision":20,"scale":5"#, "1234567890.12345"),
            (r#""NUMERIC","precision":20,"scale":5"#, "0.00012"),
            (r#""REAL""#, "0.30000000000000004"),
            (r#""REAL""#, "1e300"),
        ] {
            assert_eq!(result(ty, default), Vec::<String>::new(), "{ty} {default}");
        }
    }

    /// A MySQL user trial: a DATETIME default with a fraction of a second was valid, and MySQL
    /// stored `'2026-01-01 23:59:59.999'` as the next day while MariaDB cut it; a zero date was
    /// told it was "not in the form YYYY-MM-DD", which it is.
    #[test]
    fn date_and_time_defaults_say_what_is_wrong() {
        let message = |db: &str, ty: &str, default: &str| {
            let column =
                serde_json::json!({"name": "n", "type": ty, "nullable": false, "default": default});
            first_default_error(db, column).map(|(code, message, _)| format!("{code} {message}"))
        };
        let fraction = message("mysql", "TIMESTAMP", "2026-01-01 23:59:59.999").unwrap();
        assert!(
            fraction.starts_with("INVALID_DEFAULT") && fraction.contains("fraction of a second"),
            "{fraction}"
        );
        assert!(message("mysql", "DATETIME", "2026-01-01 23:59:59.000").is_none());
        for db in ["postgresql", "sqlite"] {
            assert_eq!(
                message(db, "TIMESTAMP", "2026-01-01 23:59:59.999"),
                None,
                "{db}"
            );
        }
        for (ty, default) in [
            ("DATE", "0000-00-00"),
            ("DATE", "2026-02-30"),
            ("DATETIME", "0000-00-00 00:00:00"),
            ("TIMESTAMP", "2026-01-01 24:00:00"),
            ("TIMESTAMP", "2026-13-01 10:00:00.5"),
        ] {
            let m = message("mysql", ty, default).unwrap();
            assert!(
                m.contains("is not a date there is") || m.contains("is not a time there is"),
                "{ty} {default}: {m}"
            );
        }
        for (ty, default) in [
            ("DATE", "31/01/2026"),
            ("DATE", "2026-01-31 10:00:00"),
            ("TIMESTAMP", "2026-01-31"),
            ("TIMESTAMP", "2026-01-31T10:00:00"),
            // Other scripts' characters where a split by bytes falls inside one (a review: an
            // INTERNAL_ERROR for '2026年01月31日').
            ("DATE", "2026年01月31日"),
            ("DATE", "2026-01-0é"),
            ("TIMESTAMP", "2026-01-01 10:00:0é"),
            ("TIMESTAMP", "2026-01-01 10:00:00.é"),
        ] {
            let m = message("mysql", ty, default).unwrap();
            assert!(
                m.contains("is not a date (YYYY-MM-DD)")
                    || m.contains("is not a timestamp (YYYY-MM-DD HH:MM:SS)"),
                "{ty} {default}: {m}"
            );
        }
    }

    /// A string default on an integer column gets the range check a number gets: PostgreSQL 15
    /// refused `INTEGER DEFAULT '99999999999'` ("value \"99999999999\" is out of range for type
    /// integer") and MariaDB 10.11 ("Invalid default value"), while the spec was accepted; a
    /// string past BIGINT's range or with a fraction was called "not a number".
    #[test]
    fn string_defaults_on_integer_columns_are_range_checked() {
        let first_error = |db: &str, ty: &str, default: &str| {
            let column =
                format!(r#"{{"name":"n","type":"{ty}","nullable":true,"default":"{default}"}}"#);
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{}]}}"#,
                one_column(&column)
            ));
            r.validation.errors.first().map(|e| {
                (
                    e.code.as_str().to_string(),
                    e.message.clone(),
                    e.suggestion.clone().unwrap_or_default(),
                )
            })
        };
        for db in ["postgresql", "mysql"] {
            let (code, message, suggestion) =
                first_error(db, "INTEGER", "99999999999").expect("out of range");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                "'99999999999' is out of range for INTEGER (-2147483648 to 2147483647)"
            );
            assert_eq!(suggestion, "use a smaller number or a larger type");
            assert!(first_error(db, "INTEGER", "2147483647").is_none());
            assert!(first_error(db, "INT", "-2147483648").is_none());
            let (code, message, _) = first_error(db, "INT", "-2147483649").expect("below");
            assert_eq!(code, "INVALID_DEFAULT");
            assert!(
                message.starts_with("'-2147483649' is out of range for INT"),
                "{message}"
            );
        }
        // TINYINT is SMALLINT on PostgreSQL, which takes 300 (-32768 to 32767; the test
        // pg_default_types runs these there); -128 to 127 on SQLite and MySQL.
        assert!(first_error("postgresql", "TINYINT", "300").is_none());
        assert!(first_error("postgresql", "TINYINT", "-32768").is_none());
        let (code, message, _) = first_error("postgresql", "TINYINT", "32768").expect("smallint");
        assert_eq!(code, "INVALID_DEFAULT");
        assert_eq!(
            message,
            "'32768' is out of range for TINYINT (-32768 to 32767, SMALLINT on PostgreSQL)"
        );
        for db in ["sqlite", "postgresql", "mysql"] {
            if db != "postgresql" {
                let (code, message, _) = first_error(db, "TINYINT", "300").expect("tinyint");
                assert_eq!(code, "INVALID_DEFAULT");
                assert_eq!(message, "'300' is out of range for TINYINT (-128 to 127)");
            }
            assert!(first_error(db, "TINYINT", "127").is_none());
            assert!(first_error(db, "TINYINT", " -128 ").is_none());
            let (code, message, _) =
                first_error(db, "BIGINT", "9223372036854775808").expect("bigint");
            assert_eq!(code, "INVALID_DEFAULT");
            assert!(
                message.starts_with("'9223372036854775808' is out of range for BIGINT"),
                "{message}"
            );
            assert!(first_error(db, "BIGINT", "9223372036854775807").is_none());
            let (code, message, suggestion) = first_error(db, "INTEGER", "1.5").expect("1.5");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                "'1.5' is not a whole number, and INTEGER holds whole numbers"
            );
            assert_eq!(
                suggestion,
                "use a whole number, or make the column DECIMAL or REAL"
            );
            let (_, message, suggestion) = first_error(db, "INTEGER", "3.0").expect("3.0");
            assert!(
                message.contains("written with a decimal point"),
                "{message}"
            );
            assert_eq!(suggestion, "write it as digits: 3");
            // Text that is no number at all is still called that.
            let (code, message, _) = first_error(db, "INTEGER", "abc").expect("abc");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(message, "'abc' is not a number, and the column is INTEGER");
        }
        // SQLite's INTEGER is 64 bits, as for a number default.
        assert!(first_error("sqlite", "INTEGER", "99999999999").is_none());
    }

    /// MySQL refused 12345.67 on DECIMAL(5,2) ("Invalid default value"); PostgreSQL took it and
    /// failed every insert with "numeric field overflow"; 1.239 was stored as 1.24.
    #[test]
    fn decimal_defaults_must_fit_precision_and_scale() {
        for db in ["sqlite", "postgresql", "mysql"] {
            let col = |d: &str| {
                format!(
                    r#"{{"name":"c","type":"DECIMAL","precision":5,"scale":2,"nullable":true,"default":{d}}}"#
                )
            };
            for bad in ["12345.67", "1.239", "\"1000\"", "1e3"] {
                assert_eq!(
                    codes_only(db, &one_column(&col(bad))),
                    vec!["INVALID_DEFAULT"],
                    "{db} {bad}"
                );
            }
            for good in ["123.45", "-999.99", "0.5", "\"12.50\"", "1e2", "0"] {
                assert!(
                    codes_only(db, &one_column(&col(good))).is_empty(),
                    "{db} {good}"
                );
            }
            let no_scale =
                r#"{"name":"c","type":"NUMERIC","precision":3,"nullable":true,"default":999}"#;
            assert!(codes_only(db, &one_column(no_scale)).is_empty());
            let over =
                r#"{"name":"c","type":"NUMERIC","precision":3,"nullable":true,"default":1.5}"#;
            assert_eq!(codes_only(db, &one_column(over)), vec!["INVALID_DEFAULT"]);
        }
    }

    /// The one column `column` is INVALID_DEFAULT on the dialects of `refused_on` and valid on
    /// the others of `dbs`.
    fn default_refused_on(dbs: &[&str], column: &str, refused_on: &[&str]) {
        for db in dbs {
            let expected: Vec<&str> = if refused_on.contains(db) {
                vec!["INVALID_DEFAULT"]
            } else {
                vec![]
            };
            assert_eq!(
                codes_only(db, &one_column(column)),
                expected,
                "{db} {column}"
            );
        }
    }

    /// A clock call as an expression default where the database does otherwise than written
    /// (each seen on MySQL 9.7, MariaDB 10.11 or PostgreSQL 15 by a user trial): MySQL gives a
    /// DATETIME(3)'s `(CURRENT_TIMESTAMP)` or `(now())` whole seconds; PostgreSQL has no
    /// `now(3)`; MySQL takes no 7 digits (PostgreSQL lowers them to 6). And a signed timestamp
    /// literal, which chrono reads as a year and the engines refuse.
    #[test]
    fn clock_defaults_and_timestamp_literals_the_engines_do_otherwise() {
        let col = |p: &str, d: &str| {
            format!(r#"{{"name":"c","type":"TIMESTAMP",{p}"nullable":true,"default":{d}}}"#)
        };
        let ms = r#""precision":3,"#;
        let cases: [(&str, &str, &[&str]); 12] = [
            (ms, r#"{"expression":"CURRENT_TIMESTAMP"}"#, &["mysql"]),
            (ms, r#"{"expression":"now()"}"#, &["mysql"]),
            (ms, r#"{"expression":"( LOCALTIMESTAMP )"}"#, &["mysql"]),
            (ms, r#"{"expression":"CURRENT_TIMESTAMP(3)"}"#, &[]),
            (
                r#""precision":6,"#,
                r#"{"expression":"CURRENT_TIMESTAMP(3)"}"#,
                &[],
            ),
            ("", r#"{"expression":"CURRENT_TIMESTAMP"}"#, &[]),
            ("", r#"{"expression":"now(3)"}"#, &["postgresql"]),
            ("", r#"{"expression":"CURRENT_TIMESTAMP(7)"}"#, &["mysql"]),
            (ms, r#""CURRENT_TIMESTAMP""#, &[]),
            ("", r#""+2026-01-01 00:00:00""#, &["postgresql", "mysql"]),
            ("", r#""-2026-01-01 00:00:00""#, &["postgresql", "mysql"]),
            ("", r#"" 2026-01-01 00:00:00""#, &["postgresql", "mysql"]),
        ];
        for (p, d, refused_on) in cases {
            default_refused_on(&["postgresql", "mysql"], &col(p, d), refused_on);
        }
    }

    /// A timestamp default keeps no more digits of a second than the column: MySQL rounded
    /// '23:59:59.999' on a DATETIME to the next day, MariaDB cut it; PostgreSQL rounds past 6
    /// digits, or past the precision given. SQLite keeps the text as written.
    #[test]
    fn timestamp_defaults_fit_the_digits_of_a_second_kept() {
        let col = |p: Option<u32>, d: &str| {
            let p = p.map_or(String::new(), |p| format!(r#""precision":{p},"#));
            format!(r#"{{"name":"c","type":"TIMESTAMP",{p}"nullable":true,"default":"{d}"}}"#)
        };
        let cases: [(Option<u32>, &str, &[&str]); 8] = [
            (None, "2026-01-01 10:00:00.5", &["mysql"]),
            (None, "2026-01-01 10:00:00.123456", &["mysql"]),
            (
                None,
                "2026-01-01 10:00:00.1234567",
                &["mysql", "postgresql"],
            ),
            (None, "2026-01-01 10:00:00.000", &[]),
            (Some(3), "2026-01-01 10:00:00.125", &[]),
            (Some(3), "2026-01-01 10:00:00.125000", &[]),
            (
                Some(3),
                "2026-01-01 10:00:00.1255",
                &["mysql", "postgresql"],
            ),
            (Some(0), "2026-01-01 10:00:00.5", &["mysql", "postgresql"]),
        ];
        for (p, d, refused_on) in cases {
            default_refused_on(&["sqlite", "postgresql", "mysql"], &col(p, d), refused_on);
        }
    }

    /// A length or precision the spec leaves out is the one the SQL type gets: MariaDB refused
    /// `CHAR(1) DEFAULT 'ab'`, `VARCHAR(255)` with a longer default and `DECIMAL(10,0) DEFAULT
    /// 12345678901.5` ("Invalid default value"), stored `DECIMAL(10,0) DEFAULT 0.75` as 1, and
    /// PostgreSQL took `CHAR(1) DEFAULT 'ab'` and failed every insert that used it. SQLite
    /// writes TEXT and NUMERIC, which hold any length and digits.
    #[test]
    fn defaults_must_fit_the_length_and_precision_the_type_gets() {
        let long = "x".repeat(300);
        let cases = [
            (
                r#"{"name":"c","type":"CHAR","nullable":true,"default":"ab"}"#,
                ["mysql", "postgresql"].as_slice(),
            ),
            (
                &*format!(r#"{{"name":"c","type":"VARCHAR","nullable":true,"default":"{long}"}}"#),
                &["mysql"],
            ),
            (
                r#"{"name":"c","type":"DECIMAL","nullable":true,"default":0.75}"#,
                &["mysql"],
            ),
            (
                r#"{"name":"c","type":"NUMERIC","nullable":true,"default":12345678901.5}"#,
                &["mysql"],
            ),
        ];
        for (column, refused_on) in cases {
            default_refused_on(&["sqlite", "postgresql", "mysql"], column, refused_on);
        }
        // A TEXT key column is VARCHAR(255) on MySQL (said once, by the MySQL dialect's check).
        let keyed = format!(
            r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
            {{"name":"c","type":"TEXT","nullable":true,"unique":true,"default":"{long}"}}]}}"#
        );
        assert_eq!(codes_only("mysql", &keyed), vec!["INVALID_DEFAULT"]);
        assert_eq!(codes_only("postgresql", &keyed), Vec::<String>::new());
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"mysql","timestamps":false,"tables":[{}]}}"#,
            one_column(r#"{"name":"c","type":"DECIMAL","nullable":true,"default":0.75}"#)
        ));
        assert!(
            r.validation.errors[0].message.contains("DECIMAL(10,0)"),
            "the message names the type the column gets: {}",
            r.validation.errors[0].message
        );
        // What fits stays taken.
        for column in [
            r#"{"name":"c","type":"CHAR","nullable":true,"default":"a"}"#,
            r#"{"name":"c","type":"DECIMAL","nullable":true,"default":12}"#,
            r#"{"name":"c","type":"VARCHAR","nullable":true,"default":"short"}"#,
        ] {
            for db in ["sqlite", "postgresql", "mysql"] {
                assert!(
                    codes_only(db, &one_column(column)).is_empty(),
                    "{db} {column}"
                );
            }
        }
    }

    /// A string default outside the strings a CHECK allows the column fails every insert that
    /// leaves the column out (SQLite: "CHECK constraint failed"), as the database compares: MariaDB
    /// took `DEFAULT 'DRAFT '` under `IN ('draft')`, PostgreSQL `CHAR(3) DEFAULT 'a '` under
    /// `IN ('a')`; beyond ASCII, MySQL's collation decides, and nothing is said.
    #[test]
    fn a_string_default_must_pass_the_check_on_its_column() {
        let table = |ty: &str, default: &str, check: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false}},
                {{"name":"s","type":"{ty}","length":10,"nullable":false,"default":"{default}"}}],"primaryKey":["id"],
                "checkConstraints":[{{"name":"chk_t_s","expression":"{check}"}}]}}"#
            )
        };
        let check = "s IN ('todo', 'done') AND id > 0";
        for db in ["sqlite", "postgresql", "mysql"] {
            assert_eq!(
                codes_only(db, &table("VARCHAR", "draft", check)),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
            assert!(
                codes_only(db, &table("VARCHAR", "done", check)).is_empty(),
                "{db}"
            );
            // A CHECK that does not settle the strings says nothing.
            assert!(
                codes_only(db, &table("VARCHAR", "draft", "s <> 'x' OR id > 0")).is_empty(),
                "{db}"
            );
        }
        let other_case = table("VARCHAR", "DONE ", check);
        assert_eq!(codes_only("sqlite", &other_case), vec!["INVALID_DEFAULT"]);
        assert_eq!(
            codes_only("postgresql", &other_case),
            vec!["INVALID_DEFAULT"]
        );
        assert!(codes_only("mysql", &other_case).is_empty());
        // A CHAR(n) default past n by trailing spaces only: PostgreSQL and MariaDB store it
        // without them (`CHAR(1) DEFAULT 'a '` is 'a'); a VARCHAR's are refused by MariaDB.
        for db in ["postgresql", "mysql"] {
            let column = |ty: &str, length: &str| {
                one_column(&format!(
                    r#"{{"name":"c","type":"{ty}",{length}"nullable":true,"default":"a  "}}"#
                ))
            };
            assert!(codes_only(db, &column("CHAR", "")).is_empty(), "{db}");
            assert!(
                codes_only(db, &column("CHAR", r#""length":1,"#)).is_empty(),
                "{db}"
            );
            assert_eq!(
                codes_only(db, &column("VARCHAR", r#""length":1,"#)),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
        }
        let padded = table("CHAR", "done ", check);
        assert!(codes_only("postgresql", &padded).is_empty());
        assert_eq!(codes_only("sqlite", &padded), vec!["INVALID_DEFAULT"]);
        assert!(codes_only("mysql", &table("VARCHAR", "dóne", check)).is_empty());
        let r = crate::generate_str(&format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{}]}}"#,
            table("VARCHAR", "draft", check)
        ));
        assert!(
            r.validation.errors[0].message.contains(
                "'draft' is not one of the strings the table's CHECK allows ('todo', 'done')"
            ),
            "{}",
            r.validation.errors[0].message
        );
        // On the engine: the table as it would be, and an insert that uses the default.
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, s VARCHAR(10) NOT NULL DEFAULT 'draft', CONSTRAINT chk_t_s CHECK (s IN ('todo', 'done') AND id > 0));")
            .unwrap();
        let e = db.execute("INSERT INTO t (id) VALUES (1)", []).unwrap_err();
        assert!(e.to_string().contains("CHECK constraint failed"), "{e}");
    }

    /// PostgreSQL's current time as text is up to 32 characters, MySQL's 19: a shorter VARCHAR
    /// failed every insert that used the default ("value too long", "Data too long").
    #[test]
    fn current_time_defaults_must_fit_a_text_column() {
        let col = |n: u32, d: &str| {
            format!(
                r#"{{"name":"c","type":"VARCHAR","length":{n},"nullable":true,"default":"{d}"}}"#
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            assert_eq!(
                codes_only(db, &one_column(&col(10, "CURRENT_TIMESTAMP"))),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
            assert!(
                codes_only(db, &one_column(&col(40, "CURRENT_TIMESTAMP"))).is_empty(),
                "{db}"
            );
            assert!(
                codes_only(db, &one_column(&col(10, "CURRENT_DATE"))).is_empty(),
                "{db}"
            );
        }
        assert!(codes_only("mysql", &one_column(&col(19, "CURRENT_TIMESTAMP"))).is_empty());
        assert_eq!(
            codes_only("postgresql", &one_column(&col(19, "CURRENT_TIMESTAMP"))),
            vec!["INVALID_DEFAULT"]
        );
    }

    /// MariaDB: "Invalid default value" for a 300-character default on the VARCHAR(255) a TEXT
    /// key column becomes.
    #[test]
    fn mysql_text_key_column_default_must_fit_varchar_255() {
        let spec = |n: usize| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"body","type":"TEXT","nullable":true,"default":"{}"}}],"indexes":[{{"name":"idx_t_body","columns":["body"],"unique":false}}]}}"#,
                "x".repeat(n)
            )
        };
        assert_eq!(codes_only("mysql", &spec(300)), vec!["INVALID_DEFAULT"]);
        assert!(codes_only("mysql", &spec(255)).is_empty());
        assert!(codes_only("postgresql", &spec(300)).is_empty());
    }

    /// PostgreSQL took DEFAULT 'abc' on an INTEGER column and failed every insert.
    #[test]
    fn a_string_literal_expression_default_on_a_number_column_must_be_a_number() {
        let col = |ty: &str, e: &str| {
            format!(
                r#"{{"name":"c","type":"{ty}","nullable":true,"default":{{"expression":"{e}"}}}}"#
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            assert_eq!(
                codes_only(db, &one_column(&col("INT", "'abc'"))),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
            assert_eq!(
                codes_only(db, &one_column(&col("DECIMAL", "('1.2.3')"))),
                vec!["INVALID_DEFAULT"],
                "{db}"
            );
            assert!(
                codes_only(db, &one_column(&col("INT", "'12'"))).is_empty(),
                "{db}"
            );
            assert!(
                codes_only(db, &one_column(&col("TEXT", "'abc'"))).is_empty(),
                "{db}"
            );
        }
        // Literals string defaults do not take stay the escape hatch (PostgreSQL 15 took each).
        for (ty, literal) in [
            ("REAL", "'NaN'"),
            ("TIMESTAMP", "'infinity'"),
            ("BOOLEAN", "'yes'"),
            ("DATE", "'20260105'"),
            ("UUID", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'"),
        ] {
            assert!(
                codes_only("postgresql", &one_column(&col(ty, literal))).is_empty(),
                "{ty} {literal}"
            );
        }
    }

    /// The default messages read "an INTEGER column", not "a INTEGER column".
    #[test]
    fn default_messages_take_an_before_a_vowel() {
        let messages = |columns: &str| -> Vec<String> {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],"columns":[{{"name":"id","type":"INT","nullable":false}},{columns}]}}]}}"#
            ));
            r.validation
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect()
        };
        assert_eq!(
            messages(r#"{"name":"a","type":"INTEGER","nullable":true,"default":true}"#),
            ["a boolean default on an INTEGER column"]
        );
        assert_eq!(
            messages(r#"{"name":"a","type":"INT","nullable":true,"default":true}"#),
            ["a boolean default on an INT column"]
        );
        assert_eq!(
            messages(r#"{"name":"a","type":"TEXT","nullable":true,"default":true}"#),
            ["a boolean default on a TEXT column"]
        );
        assert_eq!(
            messages(
                r#"{"name":"a","type":"INTEGER","nullable":true,"default":"CURRENT_TIMESTAMP"}"#
            ),
            ["CURRENT_TIMESTAMP cannot be the default of an INTEGER column"]
        );
        assert_eq!(
            messages(r#"{"name":"a","type":"BOOLEAN","nullable":true,"default":"CURRENT_DATE"}"#),
            ["CURRENT_DATE cannot be the default of a BOOLEAN column"]
        );
        assert_eq!(
            messages(r#"{"name":"a","type":"UUID","nullable":true,"default":5}"#),
            ["a number default (5) on a UUID column"]
        );
    }

    /// A number written as the expression default of a BOOLEAN column (a spec pulled from a
    /// SQLite `boolean DEFAULT 2` has `{ "expression": "2" }`): PostgreSQL refuses it at CREATE
    /// ("column is of type boolean but default expression is of type integer", even `(1)`), so
    /// validation does; SQLite and MySQL (whose BOOLEAN is TINYINT(1)) store the number.
    #[test]
    fn a_number_expression_default_of_a_boolean_column_is_refused_for_postgresql_only() {
        let messages = |db: &str, expression: &str| -> Vec<String> {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","primaryKey":["id"],"columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"k","type":"BOOLEAN","nullable":true,"default":{{"expression":"{expression}"}}}}]}}]}}"#
            ));
            r.validation
                .errors
                .iter()
                .map(|e| format!("{} {}", e.code.as_str(), e.message))
                .collect()
        };
        for expression in ["2", "(1)", "-3", "((0))", "1.5"] {
            let number = expression.trim_start_matches('(').trim_end_matches(')');
            assert_eq!(
                messages("postgresql", expression),
                [format!("INVALID_DEFAULT PostgreSQL's BOOLEAN takes no number as its default ({number})")],
                "{expression}"
            );
            assert!(messages("sqlite", expression).is_empty(), "{expression}");
            assert!(messages("mysql", expression).is_empty(), "{expression}");
        }
        for fine in ["TRUE", "(false)", "'t'", "1 = 1"] {
            assert!(messages("postgresql", fine).is_empty(), "{fine}");
        }
    }

    /// The first error of a spec with one column `column` (a JSON value) on `db`, as (code,
    /// message, suggestion); `None` when the spec is valid.
    fn first_default_error(
        db: &str,
        column: serde_json::Value,
    ) -> Option<(String, String, String)> {
        let spec = serde_json::json!({
            "description": "d",
            "databaseType": db,
            "timestamps": false,
            "tables": [{
                "name": "t",
                "columns": [
                    {"name": "id", "type": "INT", "nullable": false, "autoIncrement": true},
                    column
                ]
            }]
        });
        let r = crate::generate_str(&spec.to_string());
        r.validation.errors.first().map(|e| {
            (
                e.code.as_str().to_string(),
                e.message.clone(),
                e.suggestion.clone().unwrap_or_default(),
            )
        })
    }

    /// A JSON default nested past what serde_json reads is said as the nesting it is, in the
    /// spec's own words, not as "not valid JSON text: recursion limit exceeded" (PostgreSQL 15
    /// takes 128 levels); 127 levels are read.
    #[test]
    fn a_json_default_nested_too_deep_is_said_as_such() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let column = |n: usize| serde_json::json!({"name": "doc", "type": "JSONB", "nullable": true, "default": nested(n)});
        let (code, message, suggestion) =
            first_default_error("postgresql", column(128)).expect("too deep");
        assert_eq!(code, "INVALID_DEFAULT");
        assert_eq!(
            message,
            "the default's JSON text is nested more than 127 levels deep (objects and arrays within one another, past line 1 column 128 of its JSON text), deeper than the generator reads"
        );
        assert_eq!(suggestion, "give JSON text nested fewer levels");
        assert_eq!(first_default_error("postgresql", column(127)), None);
    }

    /// A user trial: PostgreSQL 15 refused `DATE DEFAULT '0000-01-01'` and `TIMESTAMP DEFAULT
    /// '0000-01-01 00:00:00'` ("date/time field value out of range": it has no year 0), which
    /// the spec was allowed; MariaDB 10.11 takes both (TIMESTAMP is DATETIME there) and SQLite
    /// keeps the text.
    #[test]
    fn year_zero_is_refused_on_postgresql_only() {
        use serde_json::json;
        for (ty, value) in [
            ("DATE", "0000-01-01"),
            ("TIMESTAMP", "0000-01-01 00:00:00"),
            ("DATETIME", "0000-12-31 23:59:59"),
        ] {
            let column = json!({"name": "d", "type": ty, "nullable": true, "default": value});
            let (code, message, suggestion) =
                first_default_error("postgresql", column.clone()).expect("year 0 on PostgreSQL");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                format!("'{value}' is in year 0, which PostgreSQL does not have (1 BC is followed by 1 AD)")
            );
            assert_eq!(suggestion, "use a date from year 1 on (0001-01-01)");
            for db in ["mysql", "sqlite"] {
                assert_eq!(first_default_error(db, column.clone()), None, "{db} {ty}");
            }
        }
        let year_one =
            json!({"name": "d", "type": "DATE", "nullable": true, "default": "0001-01-01"});
        assert_eq!(first_default_error("postgresql", year_one), None);
    }

    /// A user trial: MariaDB 10.11 refused `DATETIME DEFAULT '2024-01-01 23:59:60'` ("Invalid
    /// default value"); PostgreSQL 15 stores it as the next day's 00:00:00 (and refuses
    /// 23:59:60.5). Refused on every database, as a month 13 is.
    #[test]
    fn second_sixty_is_refused_everywhere() {
        use serde_json::json;
        for db in ["sqlite", "postgresql", "mysql"] {
            for ty in ["TIMESTAMP", "DATETIME"] {
                for value in ["2024-01-01 23:59:60", "2024-06-30 12:30:60.5"] {
                    let column =
                        json!({"name": "d", "type": ty, "nullable": true, "default": value});
                    let (code, message, suggestion) =
                        first_default_error(db, column).expect("second 60");
                    assert_eq!(code, "INVALID_DEFAULT");
                    assert_eq!(
                        message,
                        format!("'{value}' has second 60, which MySQL refuses and PostgreSQL turns into the next minute")
                    );
                    assert_eq!(suggestion, "use seconds 00 to 59");
                }
            }
            // MySQL's DATETIME keeps no fraction of a second (refused there, see
            // `date_and_time_defaults_say_what_is_wrong`).
            let last = if db == "mysql" {
                "2024-01-01 23:59:59"
            } else {
                "2024-01-01 23:59:59.999"
            };
            let fine = json!({"name": "d", "type": "TIMESTAMP", "nullable": true, "default": last});
            assert_eq!(first_default_error(db, fine), None, "{db}");
        }
    }

    /// A user trial: PostgreSQL 15 refused `JSONB DEFAULT '{"a":"\u0000"}'` ("unsupported
    /// Unicode escape sequence"); its JSON type takes it, as MariaDB's JSON does, and SQLite
    /// keeps the text.
    #[test]
    fn nul_escape_is_refused_in_postgresql_jsonb() {
        use serde_json::json;
        for value in [r#"{"a":"\u0000"}"#, r#"["x\u0000y"]"#, r#"{"\u0000":1}"#] {
            let column = json!({"name": "j", "type": "JSONB", "nullable": true, "default": value});
            let (code, message, suggestion) =
                first_default_error("postgresql", column.clone()).expect("JSONB with NUL");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                "the default's JSON has \\u0000 in a string, which PostgreSQL's JSONB cannot hold (unsupported Unicode escape sequence)"
            );
            assert_eq!(
                suggestion,
                "leave the \\u0000 out, or make the column JSON (which keeps the text as written)"
            );
            for db in ["mysql", "sqlite"] {
                assert_eq!(first_default_error(db, column.clone()), None, "{db}");
            }
            let json_type =
                json!({"name": "j", "type": "JSON", "nullable": true, "default": value});
            assert_eq!(first_default_error("postgresql", json_type), None);
        }
        // An escaped backslash followed by u0000 is no NUL.
        let escaped = json!({"name": "j", "type": "JSONB", "nullable": true, "default": r#"{"a":"\\u0000"}"#});
        assert_eq!(first_default_error("postgresql", escaped), None);
    }

    /// A user trial: `{ expression: "'toolongvalue'" }` on VARCHAR(5) (PostgreSQL 15: "value too
    /// long for type character varying(5)"; MariaDB 10.11: "Invalid default value") and
    /// `'zz'` on a UUID (PostgreSQL: "invalid input syntax for type uuid") were accepted. An
    /// expression that is one literal gets the string (or number) default's checks.
    /// `{"expression": "NULL"}` on a NOT NULL column is `default: null` written another way
    /// (a review: PostgreSQL took the column, then failed on rows, "contains null values").
    #[test]
    fn a_null_expression_default_on_a_not_null_column_is_refused() {
        use serde_json::json;
        for db in ["sqlite", "postgresql", "mysql"] {
            for e in ["NULL", "(NULL)", "CAST(NULL AS CHAR)"] {
                let column = json!({"name": "c", "type": "INTEGER", "nullable": false, "default": {"expression": e}});
                let (code, message, _) = first_default_error(db, column).expect("refused");
                assert_eq!(
                    (code.as_str(), message.as_str()),
                    (
                        "INVALID_DEFAULT",
                        "a NOT NULL column cannot default to null (the default expression is NULL)"
                    ),
                    "{db} {e}"
                );
                let nullable = json!({"name": "c", "type": "INTEGER", "nullable": true, "default": {"expression": e}});
                if db == "postgresql" && e.contains("CHAR") {
                    // PostgreSQL 15 types the default before its value: "column "c" is of type
                    // integer but default expression is of type character" (pg_default_type).
                    let (_, message, _) = first_default_error(db, nullable).expect("refused");
                    assert!(
                        message.contains("default expression is of type character)"),
                        "{message}"
                    );
                } else {
                    assert_eq!(first_default_error(db, nullable), None, "{db} {e}");
                }
            }
        }
    }

    #[test]
    fn expression_literals_get_the_default_checks() {
        use serde_json::json;
        let expression = |ty: &str, length: Option<u32>, e: &str| {
            let mut column =
                json!({"name": "c", "type": ty, "nullable": true, "default": {"expression": e}});
            if let Some(n) = length {
                column["length"] = json!(n);
            }
            column
        };
        // SQLite takes any literal in any column: there the expression keeps what a string
        // default does not take, as a spec pulled from a SQLite file does.
        for (ty, length, e) in [
            ("VARCHAR", Some(5), "'toolongvalue'"),
            ("UUID", None, "'n/a'"),
            ("JSON", None, "'{oops'"),
            ("TINYINT", None, "99999999999"),
        ] {
            assert_eq!(
                first_default_error("sqlite", expression(ty, length, e)),
                None,
                "{ty} {e}"
            );
        }
        for db in ["postgresql", "mysql"] {
            for e in ["'toolongvalue'", "('toolongvalue')"] {
                let (code, message, suggestion) =
                    first_default_error(db, expression("VARCHAR", Some(5), e)).expect("too long");
                assert_eq!(code, "INVALID_DEFAULT");
                assert_eq!(message, "the default expression's literal does not fit the column: the default is 12 characters, longer than the column's length 5");
                assert_eq!(suggestion, "shorten the default or lengthen the column");
            }
            assert_eq!(
                first_default_error(db, expression("VARCHAR", Some(5), "'short'")),
                None
            );
            assert_eq!(
                first_default_error(db, expression("CHAR", Some(2), "'ab   '")),
                None
            );
            let (code, message, _) =
                first_default_error(db, expression("UUID", None, "'zz'")).expect("uuid");
            assert_eq!(code, "INVALID_DEFAULT");
            assert_eq!(
                message,
                "the default expression's literal does not fit the column: 'zz' is not a UUID"
            );
            for uuid in [
                "'123e4567-e89b-12d3-a456-426614174000'",
                "'123E4567E89B12D3A456426614174000'",
            ] {
                assert_eq!(
                    first_default_error(db, expression("UUID", None, uuid)),
                    None,
                    "{db} {uuid}"
                );
            }
            for not_uuid in [
                "'123e4567-e89b-12d3-a456-42661417400'",
                "'-123e4567e89b12d3a456426614174000'",
                "'{123e4567-e89b-12d3-a456-426614174000'",
            ] {
                let (_, message, _) =
                    first_default_error(db, expression("UUID", None, not_uuid)).expect(not_uuid);
                assert!(message.ends_with("is not a UUID"), "{db} {message}");
            }
            let (_, message, _) =
                first_default_error(db, expression("JSON", None, "'{oops'")).expect("json");
            assert!(message.starts_with("the default expression's literal does not fit the column: the default is not valid JSON text"), "{message}");
            for e in ["99999999999", "(-2147483649)", "'99999999999'"] {
                let (code, message, suggestion) =
                    first_default_error(db, expression("TINYINT", None, e)).expect("range");
                assert_eq!(code, "INVALID_DEFAULT");
                assert!(
                    message
                        .starts_with("the default expression's literal does not fit the column: "),
                    "{message}"
                );
                let range = if db == "postgresql" {
                    "(-32768 to 32767, SMALLINT on PostgreSQL)"
                } else {
                    "(-128 to 127)"
                };
                assert!(
                    message.ends_with(&format!("is out of range for TINYINT {range}")),
                    "{message}"
                );
                assert_eq!(suggestion, "use a smaller number or a larger type");
            }
            assert_eq!(
                first_default_error(db, expression("TINYINT", None, "-128")),
                None
            );
            assert_eq!(
                first_default_error(db, expression("TINYINT", None, "(1 + 2)")),
                None
            );
            // The escape hatch stays: literals on other types are left to the database.
            assert_eq!(
                first_default_error(db, expression("TEXT", None, "'anything at all'")),
                None
            );
            // PostgreSQL reads 't' as true; MySQL's BOOLEAN is TINYINT(1), which takes no
            // text that is not a number (MariaDB 10.11: "Invalid default value"; see
            // crate::mysql_default_value).
            let boolean_t = first_default_error(db, expression("BOOLEAN", None, "'t'"));
            if db == "mysql" {
                assert!(
                    boolean_t.is_some_and(|(_, m, _)| m.contains("not a number")),
                    "{db}"
                );
            } else {
                assert_eq!(boolean_t, None, "{db}");
            }
        }
        let (_, message, _) =
            first_default_error("postgresql", expression("INTEGER", None, "99999999999"))
                .expect("integer");
        assert_eq!(message, "the default expression's literal does not fit the column: 99999999999 is out of range for INTEGER (-2147483648 to 2147483647)");
        assert_eq!(
            first_default_error("postgresql", expression("DATE", None, "'infinity'")),
            None
        );
        // PostgreSQL reads a UUID in braces; MySQL's CHAR(36) cannot hold it.
        let braced = "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'";
        assert_eq!(
            first_default_error("postgresql", expression("UUID", None, braced)),
            None
        );
        let (_, message, _) =
            first_default_error("mysql", expression("UUID", None, braced)).expect("braced");
        assert_eq!(message, "the default expression's literal does not fit the column: '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}' is 38 characters, longer than the 36 of MySQL's CHAR(36)");
        assert_eq!(
            first_default_error("sqlite", expression("INTEGER", None, "99999999999")),
            None
        );
    }
}
