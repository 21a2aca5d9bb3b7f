//! The collation a `COLLATE` clause of an expression names, as each database reads it. The parse
//! takes any name; the database looks it up when the statement runs (PostgreSQL and MySQL when
//! the table is created, SQLite on each insert into a table whose CHECK names it) and refuses
//! one it does not have. Seen on PostgreSQL 15, PGlite (PostgreSQL 18) and MariaDB 10.11:
//!
//! - PostgreSQL: `"C"`, `"POSIX"`, `"default"` and `ucs_basic` are in every build (names are
//!   case-sensitive, and a bare name is folded to lower case: `COLLATE C` is `"c"`, which does
//!   not exist). ICU collations (`"und-x-icu"`) exist only where PostgreSQL was built with ICU,
//!   the operating system's (`"en_US"`, `"C.utf8"`) where its locale is installed, and the user's
//!   where `CREATE COLLATION` made them: such a name is said to depend on the server, and another
//!   database's (SQLite's `NOCASE`, MySQL's `utf8mb4_bin`) is refused ("collation "NOCASE" for
//!   encoding "UTF8" does not exist" on every server).
//! - MySQL and MariaDB: no collation of one's own; the tables are utf8mb4, so a collation of
//!   another character set is refused ("COLLATION 'latin1_bin' is not valid for CHARACTER SET
//!   'utf8mb4'"), and so is any name not both have ("Unknown collation: 'utf8mb4_0900_ai_ci'" on
//!   MariaDB, which lacks MySQL 8's _0900_ ones; MySQL lacks MariaDB's own).
//! - SQLite: `BINARY`, `NOCASE` and `RTRIM`, in any case; an application may register others on
//!   its connection, so another name is said to need that, and another database's is refused.

use sqlparser::ast::{Expr, Ident, ObjectName};

/// What a database makes of the collation a `COLLATE` clause names.
#[derive(Debug, PartialEq)]
pub enum Named {
    /// One every server of the database has.
    BuiltIn,
    /// One no server of the database has: why, ending with what to write (`(write …)`).
    Refused(String),
    /// One only some servers have (PostgreSQL's ICU and operating-system collations, the
    /// user's own; on SQLite one the application registers): the name as the database reads it.
    ServerDependent(String),
}

/// PostgreSQL's collations of every build, as it names them, each as it is written.
const POSTGRES_BUILT_IN: &[(&str, &str)] = &[
    ("C", "\"C\""),
    ("POSIX", "\"POSIX\""),
    ("default", "\"default\""),
    ("ucs_basic", "ucs_basic"),
];

/// SQLite's collations (it reads their names in any case).
const SQLITE_BUILT_IN: &[&str] = &["binary", "nocase", "rtrim"];

/// The utf8mb4 collations MySQL 8 and MariaDB 10.11 both have (MariaDB's
/// `information_schema.collations` less its own `_nopad_`, `_mysql561_`, `myanmar`, `thai_520_w2`
/// and `uca1400` ones; MySQL 8 keeps MySQL 5.7's beside its `_0900_` ones).
const MYSQL_SHARED: &[&str] = &[
    "utf8mb4_bin",
    "utf8mb4_croatian_ci",
    "utf8mb4_czech_ci",
    "utf8mb4_danish_ci",
    "utf8mb4_esperanto_ci",
    "utf8mb4_estonian_ci",
    "utf8mb4_general_ci",
    "utf8mb4_german2_ci",
    "utf8mb4_hungarian_ci",
    "utf8mb4_icelandic_ci",
    "utf8mb4_latvian_ci",
    "utf8mb4_lithuanian_ci",
    "utf8mb4_persian_ci",
    "utf8mb4_polish_ci",
    "utf8mb4_roman_ci",
    "utf8mb4_romanian_ci",
    "utf8mb4_sinhala_ci",
    "utf8mb4_slovak_ci",
    "utf8mb4_slovenian_ci",
    "utf8mb4_spanish2_ci",
    "utf8mb4_spanish_ci",
    "utf8mb4_swedish_ci",
    "utf8mb4_turkish_ci",
    "utf8mb4_unicode_520_ci",
    "utf8mb4_unicode_ci",
    "utf8mb4_vietnamese_ci",
];

/// Which database's a collation name (in lower case) is, when its shape tells.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Origin {
    /// SQLite's BINARY, NOCASE or RTRIM.
    Sqlite,
    /// PostgreSQL's "C", "POSIX", "default", ucs_basic, or an ICU one (`und-x-icu`).
    Postgres,
    /// MySQL's: a character set's, `…_ci`, `…_cs`, `…_bin`.
    Mysql,
}

/// The database whose collation `lower` (a name in lower case) is, when its shape tells.
fn origin(lower: &str) -> Option<Origin> {
    if SQLITE_BUILT_IN.contains(&lower) {
        Some(Origin::Sqlite)
    } else if POSTGRES_BUILT_IN
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(lower))
        || lower.ends_with("-x-icu")
    {
        Some(Origin::Postgres)
    } else if lower.contains('_')
        && (lower.ends_with("_ci") || lower.ends_with("_cs") || lower.ends_with("_bin"))
    {
        Some(Origin::Mysql)
    } else {
        None
    }
}

/// `e` inside a call, or after it an operator binds less tightly than COLLATE: `(a || b)`.
fn operand(e: &Expr) -> String {
    match e {
        Expr::Identifier(_)
        | Expr::CompoundIdentifier(_)
        | Expr::Value(_)
        | Expr::Nested(_)
        | Expr::Function(_) => e.to_string(),
        _ => format!("({e})"),
    }
}

/// The one name of `collation`, unless it has a schema or more parts.
fn single(collation: &ObjectName) -> Option<&Ident> {
    match &collation.0[..] {
        [part] => part.as_ident(),
        _ => None,
    }
}

/// What PostgreSQL makes of `expr COLLATE collation`.
pub fn postgres(expr: &Expr, collation: &ObjectName) -> Named {
    // pg_catalog."C" is "C"; a name in another schema is the user's.
    let ident = match &collation.0[..] {
        [part] => part.as_ident(),
        [schema, part]
            if schema
                .as_ident()
                .is_some_and(|s| s.value.eq_ignore_ascii_case("pg_catalog")) =>
        {
            part.as_ident()
        }
        _ => None,
    };
    let Some(ident) = ident else {
        return Named::ServerDependent(collation.to_string());
    };
    let quoted = ident.quote_style.is_some();
    let name = if quoted {
        ident.value.clone()
    } else {
        ident.value.to_ascii_lowercase()
    };
    if POSTGRES_BUILT_IN.iter().any(|(n, _)| *n == name) {
        return Named::BuiltIn;
    }
    let written = ident.to_string();
    let x = operand(expr);
    let lower = name.to_ascii_lowercase();
    let missing = format!("collation \"{name}\" does not exist");
    if let Some((_, right)) = POSTGRES_BUILT_IN
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(&name))
    {
        let how = if quoted {
            "which PostgreSQL has in another case only"
        } else {
            "without quotes, which PostgreSQL folds to lower case"
        };
        return Named::Refused(format!(
            "COLLATE {written} {how} ({missing}) (write {x} COLLATE {right})"
        ));
    }
    let (whose, write) = match (origin(&lower), lower.as_str()) {
        (Some(Origin::Sqlite), "nocase") => (
            "SQLite's",
            format!("lower({x}) to compare without case, and the text it is compared with in lower case"),
        ),
        (Some(Origin::Sqlite), "rtrim") => (
            "SQLite's",
            format!("rtrim({x}) to compare without the spaces at the end"),
        ),
        (Some(Origin::Sqlite), _) => ("SQLite's", format!("{x} COLLATE \"C\" to compare bytes")),
        (Some(Origin::Mysql), _) if lower.ends_with("_ci") => (
            "MySQL's",
            format!("lower({x}) to compare without case, and the text it is compared with in lower case"),
        ),
        (Some(Origin::Mysql), _) => ("MySQL's", format!("{x} COLLATE \"C\" to compare bytes")),
        _ => return Named::ServerDependent(name),
    };
    Named::Refused(format!(
        "COLLATE {written}, {whose} collation, which PostgreSQL does not have ({missing} on any server) (write {write})"
    ))
}

/// What MySQL and MariaDB make of `expr COLLATE collation`, in a table of utf8mb4.
pub fn mysql(expr: &Expr, collation: &ObjectName) -> Named {
    let written = collation.to_string();
    let lower = single(collation).map(|i| i.value.to_ascii_lowercase());
    if lower.as_deref().is_some_and(|l| MYSQL_SHARED.contains(&l)) {
        return Named::BuiltIn;
    }
    let lower = lower.unwrap_or_else(|| written.to_ascii_lowercase());
    let x = operand(expr);
    let case_blind = lower == "nocase" || lower.ends_with("_ci");
    let write = match lower.as_str() {
        "rtrim" => format!("RTRIM({x}) to compare without the spaces at the end"),
        "default" => format!("{x} without COLLATE: the column's own collation is the default"),
        _ if case_blind => format!("{x} COLLATE utf8mb4_general_ci to compare without case"),
        _ => format!("{x} COLLATE utf8mb4_bin to compare bytes"),
    };
    let why = match origin(&lower) {
        Some(Origin::Sqlite) => "SQLite's collation, which MySQL and MariaDB do not have (Unknown collation)".to_string(),
        Some(Origin::Postgres) => "PostgreSQL's collation, which MySQL and MariaDB do not have (Unknown collation)".to_string(),
        Some(Origin::Mysql) if !lower.starts_with("utf8mb4_") => format!(
            "a collation of another character set than utf8mb4, which the tables have (COLLATION '{lower}' is not valid for CHARACTER SET 'utf8mb4')"
        ),
        _ => "a collation MySQL and MariaDB do not both have (Unknown collation on one or both; both have utf8mb4_bin, utf8mb4_general_ci, utf8mb4_unicode_ci, utf8mb4_unicode_520_ci and utf8mb4_<language>_ci, not MySQL 8's _0900_ ones or MariaDB's _nopad_ and uca1400 ones)".to_string(),
    };
    Named::Refused(format!("COLLATE {written}, {why} (write {write})"))
}

/// What SQLite makes of `expr COLLATE collation` in a CHECK or a partial index's WHERE.
pub fn sqlite(expr: &Expr, collation: &ObjectName) -> Named {
    let Some(ident) = single(collation) else {
        return Named::ServerDependent(collation.to_string());
    };
    let lower = ident.value.to_ascii_lowercase();
    if SQLITE_BUILT_IN.contains(&lower.as_str()) {
        return Named::BuiltIn;
    }
    let x = operand(expr);
    let (whose, write) = match origin(&lower) {
        Some(Origin::Postgres) => (
            "PostgreSQL's",
            format!("{x} COLLATE BINARY to compare bytes, or NOCASE to compare without ASCII case"),
        ),
        Some(Origin::Mysql) if lower.ends_with("_ci") => (
            "MySQL's",
            format!("{x} COLLATE NOCASE to compare without ASCII case"),
        ),
        Some(Origin::Mysql) => ("MySQL's", format!("{x} COLLATE BINARY to compare bytes")),
        _ => return Named::ServerDependent(ident.value.clone()),
    };
    Named::Refused(format!(
        "COLLATE {ident}, {whose} collation, which SQLite does not have (no such collation sequence: it refuses every row) (write {write})"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The collated operand and the collation of `text`, `x COLLATE name` read on `dialect`.
    fn collate(dialect: &dyn sqlparser::dialect::Dialect, text: &str) -> (Expr, ObjectName) {
        match crate::expr::parse_short(dialect, text) {
            Some(Expr::Collate { expr, collation }) => (*expr, collation),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn judged(
        database: crate::spec::DatabaseType,
        judge: fn(&Expr, &ObjectName) -> Named,
        text: &str,
    ) -> Named {
        let d = crate::dialect::for_database(database).parser();
        let (e, c) = collate(d, text);
        judge(&e, &c)
    }

    /// What PostgreSQL 15 refused (collation … does not exist) and took, run in
    /// __test__/expressions-refused.test.mjs.
    #[test]
    fn postgresql_takes_the_collations_every_build_has() {
        use crate::spec::DatabaseType::Postgresql as Pg;
        for text in [
            "s COLLATE \"C\"",
            "s COLLATE \"POSIX\"",
            "s COLLATE \"default\"",
            "s COLLATE ucs_basic",
            "s COLLATE UCS_BASIC",
            "s COLLATE pg_catalog.\"C\"",
        ] {
            assert_eq!(judged(Pg, postgres, text), Named::BuiltIn, "{text}");
        }
        for (text, says) in [
            (
                "s COLLATE NOCASE",
                "(write lower(s) to compare without case",
            ),
            (
                "s COLLATE \"NOCASE\"",
                "(write lower(s) to compare without case",
            ),
            (
                "'a' COLLATE utf8mb4_bin",
                "(write 'a' COLLATE \"C\" to compare bytes)",
            ),
            ("s COLLATE utf8mb4_general_ci", "(write lower(s)"),
            ("s COLLATE BINARY", "(write s COLLATE \"C\""),
            ("s COLLATE rtrim", "(write rtrim(s)"),
            ("s COLLATE C", "without quotes"),
            ("s COLLATE c", "(write s COLLATE \"C\")"),
            ("s COLLATE \"posix\"", "(write s COLLATE \"POSIX\")"),
            ("s COLLATE \"UCS_BASIC\"", "(write s COLLATE ucs_basic)"),
            ("(a || b) COLLATE NOCASE", "(write lower((a || b))"),
        ] {
            match judged(Pg, postgres, text) {
                Named::Refused(why) => assert!(why.contains(says), "{text}: {why}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        for (text, name) in [
            ("s COLLATE \"und-x-icu\"", "und-x-icu"),
            ("s COLLATE \"en_US\"", "en_US"),
            ("s COLLATE \"C.utf8\"", "C.utf8"),
            ("s COLLATE my_schema.nocase", "my_schema.nocase"),
        ] {
            assert_eq!(
                judged(Pg, postgres, text),
                Named::ServerDependent(name.into()),
                "{text}"
            );
        }
    }

    /// What MariaDB 10.11 refused (Unknown collation, not valid for CHARACTER SET 'utf8mb4')
    /// and took.
    #[test]
    fn mysql_takes_the_utf8mb4_collations_both_servers_have() {
        use crate::spec::DatabaseType::Mysql;
        for text in [
            "s COLLATE utf8mb4_bin",
            "s COLLATE UTF8MB4_GENERAL_CI",
            "s COLLATE `utf8mb4_unicode_ci`",
        ] {
            assert_eq!(judged(Mysql, mysql, text), Named::BuiltIn, "{text}");
        }
        for (text, says) in [
            ("s COLLATE NOCASE", "(write s COLLATE utf8mb4_general_ci"),
            (
                "s COLLATE latin1_bin",
                "not valid for CHARACTER SET 'utf8mb4') (write s COLLATE utf8mb4_bin",
            ),
            ("s COLLATE utf8_bin", "(write s COLLATE utf8mb4_bin"),
            (
                "s COLLATE utf8mb4_0900_ai_ci",
                "(write s COLLATE utf8mb4_general_ci",
            ),
            ("s COLLATE utf8mb4_uca1400_ai_ci", "do not both have"),
            ("s COLLATE rtrim", "(write RTRIM(s)"),
            ("s COLLATE whatever", "(write s COLLATE utf8mb4_bin"),
        ] {
            match judged(Mysql, mysql, text) {
                Named::Refused(why) => assert!(why.contains(says), "{text}: {why}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    /// What SQLite refused on insert (no such collation sequence) and took.
    #[test]
    fn sqlite_takes_binary_nocase_and_rtrim() {
        use crate::spec::DatabaseType::Sqlite;
        for text in [
            "s COLLATE NOCASE",
            "s COLLATE binary",
            "s COLLATE \"RTrim\"",
        ] {
            assert_eq!(judged(Sqlite, sqlite, text), Named::BuiltIn, "{text}");
        }
        for (text, says) in [
            ("s COLLATE \"C\"", "(write s COLLATE BINARY"),
            ("s COLLATE utf8mb4_bin", "(write s COLLATE BINARY"),
            ("s COLLATE utf8mb4_general_ci", "(write s COLLATE NOCASE"),
        ] {
            match judged(Sqlite, sqlite, text) {
                Named::Refused(why) => assert!(why.contains(says), "{text}: {why}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        assert_eq!(
            judged(Sqlite, sqlite, "s COLLATE my_order"),
            Named::ServerDependent("my_order".into())
        );
        // The engine: the table is created, and each row refused, with a collation it lacks.
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        for (collation, taken) in [
            ("NOCASE", true),
            ("binary", true),
            ("\"RTrim\"", true),
            ("\"C\"", false),
            ("utf8mb4_bin", false),
            ("my_order", false),
        ] {
            conn.execute_batch(&format!(
                "CREATE TABLE t (s TEXT CHECK (s COLLATE {collation} = 'a'));"
            ))
            .unwrap();
            let row = conn.execute_batch("INSERT INTO t VALUES ('a');");
            assert_eq!(row.is_ok(), taken, "{collation}: {row:?}");
            conn.execute_batch("DROP TABLE t;").unwrap();
        }
    }
}
