//! The values computed and the verdicts of `check`, each as MariaDB 10.11 gave it (the server
//! itself is asked in tests/mysql_default_value_server.rs).

use super::*;
use crate::spec::Column;

/// A nullable column of type `ty` (`"VARCHAR(5)"`, `"DECIMAL(10,2)"` or a bare type name).
fn column(ty: &str) -> Column {
    let (name, args) = ty.split_once('(').unwrap_or((ty, ""));
    let args: Vec<u32> = args
        .trim_end_matches(')')
        .split(',')
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    let mut c = Column::new("c", ColumnType::parse(name).unwrap(), true);
    match args.as_slice() {
        [n] => c.length = Some(*n),
        [p, s] => (c.precision, c.scale) = (Some(*p), Some(*s)),
        _ => {}
    }
    c
}

#[test]
fn constant_expressions_are_computed_as_the_server_does() {
    for (e, v) in [
        ("lower('X')", Value::Text("x".into())),
        ("UPPER( 'ab' )", Value::Text("AB".into())),
        ("concat('a', 'b', 1 + 1)", Value::Text("ab2".into())),
        (
            "md5('x')",
            Value::Text("9dd4e461268c8034f5c8564e155c67a6".into()),
        ),
        ("1+1", Value::Int(2)),
        ("(1=1)", Value::Int(1)),
        ("(2 = 3)", Value::Int(0)),
        ("-(2 * 3) - 1", Value::Int(-7)),
        ("'it''s'", Value::Text("it's".into())),
    ] {
        assert_eq!(evaluate(e), Some(v), "{e}");
    }
    // Not decided: `||` (OR unless PIPES_AS_CONCAT), decimals, backslashes, non-ASCII case
    // mapping, other functions, overflow, text arithmetic, adjacent literals.
    for e in [
        "'a'||'b'",
        "1.5+1",
        "1e2",
        r"'a\'",
        "lower('É')",
        "uuid()",
        "now()",
        "9223372036854775807 + 1",
        "'1' + 1",
        "'a' 'b'",
        "1 <=> 1",
        "1 == 1",
        "",
    ] {
        assert_eq!(evaluate(e), None, "{e}");
    }
}

#[test]
fn values_the_column_does_not_take_are_refused() {
    for (ty, e) in [
        ("DATE", "lower('X')"),
        ("DATETIME", "md5('x')"),
        ("TIMESTAMP", "(1=1)"),
        ("DATE", "1+1"),
        ("DATE", "''"),
        ("DATE", "concat('2020-01-01', 'abc')"),
        ("DATETIME", "'2020-01-01t10:00:00'"),
        ("INTEGER", "md5('x')"),
        ("TINYINT", "concat('2020', '-01-01')"),
        ("BOOLEAN", "lower('X')"),
        ("BOOLEAN", "100 + 28"),
        ("DECIMAL(5,2)", "1000 + 234"),
        ("REAL", "upper('{}')"),
        ("VARCHAR(5)", "md5('x')"),
        ("CHAR(3)", "concat('ab', 'cd')"),
        ("VARCHAR(2)", "concat('ab', '   ')"),
        ("UUID", "concat(md5('x'), md5('y'))"),
        ("TINYINT", "CURRENT_TIMESTAMP"),
        ("INTEGER", "(now())"),
        ("BOOLEAN", "CURRENT_DATE"),
        ("DECIMAL(10,2)", "CURRENT_TIMESTAMP"),
        ("VARCHAR(5)", "CURRENT_DATE"),
        ("INTEGER", "uuid()"),
    ] {
        let (m, s) = check(&column(ty), e).expect_err(&format!("{ty} {e}"));
        assert!(m.contains("default") && !s.is_empty(), "{ty} {e}: {m}");
    }
    for (ty, e) in [
        ("DATE", "'2020-01-01'"),
        ("DATETIME", "concat('2020-01-01T10:00:00', '.5')"),
        ("DATE", "'2020/01/01 '"),
        ("DATE", "concat(char(9), 'x')"),
        ("DATE", "'a'||'b'"),
        ("DATE", "100 + 1"),
        ("DATE", "CURRENT_TIMESTAMP"),
        ("INTEGER", "lower('12')"),
        ("INTEGER", "concat(' 1', 'e2 ')"),
        ("INTEGER", "CURRENT_DATE"),
        ("BIGINT", "now()"),
        ("DECIMAL(20,2)", "CURRENT_TIMESTAMP"),
        ("DECIMAL(10,2)", "CURRENT_DATE"),
        ("VARCHAR(40)", "md5('x')"),
        ("CHAR(2)", "concat('ab', '   ')"),
        ("VARCHAR(19)", "now()"),
        ("UUID", "md5('x')"),
        ("TEXT", "lower('X')"),
        ("BLOB", "now()"),
        ("JSON", "1+1"),
        ("TEXT", "uuid()"),
    ] {
        assert_eq!(check(&column(ty), e), Ok(()), "{ty} {e}");
    }
}

/// What MariaDB 10.11 creates the table with and then fails every insert that uses (each seen
/// there: tests/mysql_default_fails_inserts.rs): `uuid()` on a number column or a shorter
/// VARCHAR/CHAR, and a JSON column's default that is not JSON text (a clock, `uuid()`, a
/// computed text).
#[test]
fn defaults_that_fail_every_insert_are_refused() {
    for (ty, e) in [
        ("JSON", "lower('X')"),
        ("JSON", "md5('x')"),
        ("JSON", "concat('2020', '-01-01')"),
        ("JSONB", "concat('a', 'b')"),
        ("JSON", "now()"),
        ("JSON", "(CURRENT_DATE)"),
        ("JSON", "uuid()"),
        ("INTEGER", "UUID()"),
        ("BOOLEAN", "uuid( )"),
        ("DECIMAL(10,2)", "(uuid())"),
        ("REAL", "uuid()"),
        ("VARCHAR(35)", "uuid()"),
        ("CHAR", "uuid()"),
    ] {
        let (m, s) = check(&column(ty), e).expect_err(&format!("{ty} {e}"));
        assert!(
            m.contains("every insert that uses the default fails") && !s.is_empty(),
            "{ty} {e}: {m}"
        );
    }
    for (ty, e) in [
        ("JSON", "1+1"),
        ("JSON", "(1=1)"),
        ("JSON", "lower('12')"),
        ("JSON", "upper('{}')"),
        ("JSON", "concat('[1,', '2]')"),
        ("JSON", "concat(' \"a\"', ' ')"),
        // What serde_json refuses and MariaDB may take: a number past its range.
        ("JSON", "lower('1e999')"),
        ("VARCHAR(36)", "uuid()"),
        ("UUID", "uuid()"),
        ("DATE", "uuid()"),
        ("INTEGER", "uuid(1)"),
        ("INTEGER", "my.uuid()"),
    ] {
        assert_eq!(check(&column(ty), e), Ok(()), "{ty} {e}");
    }
}

#[test]
fn number_text_is_read_as_the_server_reads_it() {
    for t in ["1", " 12", "12 ", "-3", "1e2", "1.5", ".5", "+7"] {
        assert!(is_number_text(t), "{t}");
    }
    for t in ["", "-", "x", "12a", "2020-01-01", "{}", "1 2", "."] {
        assert!(!is_number_text(t), "{t}");
    }
}
