//! Another database's SQL, which sqlparser reads in every dialect and the database refuses when
//! the migration runs: MySQL's syntax on PostgreSQL and PostgreSQL's on MySQL, functions only
//! another database has (with what to write instead), odd blob literals, and calls that reach
//! past the row to the server.

use sqlparser::ast::{BinaryOperator, Expr, Function, FunctionArguments, UnaryOperator, Value};

/// A blob literal `X'…'` that MySQL and SQLite refuse ("unrecognized token", a syntax error):
/// an odd number of hex digits, or a character that is not one. sqlparser takes any text
/// there. (PostgreSQL reads `X'…'` as a bit string, refused by [`not_in_postgres`].)
pub(super) fn odd_blob_literal(e: &Expr) -> Option<&'static str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::HexStringLiteral(h)
                if h.len() % 2 == 1 || !h.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                Some("a blob literal X'…' that is not an even number of hex digits (0-9, a-f), which the database refuses")
            }
            _ => None,
        },
        _ => None,
    }
}

/// What in `e` MySQL does not have, if anything (PostgreSQL's syntax, which sqlparser also
/// reads for MySQL).
pub(super) fn not_in_mysql(e: &Expr) -> Option<&'static str> {
    use BinaryOperator::*;
    match e {
        Expr::ILike { .. } => {
            Some("ILIKE, which MySQL does not have (LIKE follows the column's collation)")
        }
        Expr::SimilarTo { .. } => Some("SIMILAR TO, which MySQL does not have (write REGEXP)"),
        Expr::IsDistinctFrom(..) | Expr::IsNotDistinctFrom(..) => {
            Some("IS [NOT] DISTINCT FROM, which MySQL does not have (write <=>)")
        }
        Expr::Array(_) | Expr::AnyOp { .. } | Expr::AllOp { .. } => {
            Some("an ARRAY, ANY or ALL, which MySQL does not have")
        }
        Expr::UnaryOp { op, .. }
            if !matches!(
                op,
                UnaryOperator::Plus
                    | UnaryOperator::Minus
                    | UnaryOperator::Not
                    | UnaryOperator::BitwiseNot
            ) =>
        {
            Some("a PostgreSQL operator, which MySQL does not have")
        }
        Expr::BinaryOp { op, .. }
            if !matches!(
                op,
                Plus | Minus
                    | Multiply
                    | Divide
                    | Modulo
                    | Gt
                    | Lt
                    | GtEq
                    | LtEq
                    | Eq
                    | NotEq
                    | And
                    | Or
                    | Xor
                    | BitwiseOr
                    | BitwiseAnd
                    | BitwiseXor
                    | MyIntegerDivide
                    | Spaceship
                    | PGBitwiseShiftLeft
                    | PGBitwiseShiftRight
                    | Arrow
                    | LongArrow
            ) =>
        {
            if *op == StringConcat {
                Some("||, which is OR in MySQL, not concatenation (write CONCAT(a, b))")
            } else {
                Some("an operator MySQL does not have (~ and ~* are PostgreSQL's; write REGEXP: s REGEXP 'x' for s ~ 'x', NOT (s REGEXP 'x') for s !~ 'x')")
            }
        }
        Expr::Function(f) => foreign_function(f, false),
        _ => None,
    }
}

/// A function another database has and this one does not (`postgres`: PostgreSQL, otherwise
/// MySQL), named with what to write instead. SQLite's come with specs pulled from a SQLite
/// database (Drizzle's `DEFAULT (unixepoch())`); MySQL's and PostgreSQL's with a spec written
/// for the other. Each absence checked on PostgreSQL 15 (pg_proc) and MariaDB 10.11 ("function
/// … does not exist", error 1305); none of the MySQL 8.0 manual's built-in functions is listed
/// as missing from MySQL.
fn foreign_function(f: &Function, postgres: bool) -> Option<&'static str> {
    if f.name.0.len() != 1 {
        return None;
    }
    let ident = f.name.0[0].as_ident()?;
    // PostgreSQL reads a type's name called on one value as a cast: `uuid('…')` is one.
    let has_arguments = matches!(&f.args, FunctionArguments::List(l) if !l.args.is_empty());
    if has_arguments && ident.value.eq_ignore_ascii_case("uuid") {
        return None;
    }
    FOREIGN_FUNCTIONS
        .iter()
        .find(|(name, lacks, _)| {
            ident.value.eq_ignore_ascii_case(name) && lacks.is_none_or(|pg| pg == postgres)
        })
        .map(|(_, _, say)| *say)
}

/// (function, the database that lacks it — `Some(true)` PostgreSQL, `Some(false)` MySQL,
/// `None` both — and what to say).
const FOREIGN_FUNCTIONS: &[(&str, Option<bool>, &str)] = &[
    // SQLite's.
    ("unixepoch", Some(true), "unixepoch(), which is SQLite's (write extract(epoch from now())::bigint)"),
    ("unixepoch", Some(false), "unixepoch(), which is SQLite's (write UNIX_TIMESTAMP())"),
    ("datetime", None, "datetime(), which is SQLite's (write CURRENT_TIMESTAMP)"),
    ("julianday", None, "julianday(), which is SQLite's"),
    ("strftime", None, "strftime(), which is SQLite's"),
    ("randomblob", None, "randomblob(), which is SQLite's"),
    ("zeroblob", None, "zeroblob(), which is SQLite's"),
    ("iif", Some(true), "iif(), which is SQLite's (write CASE WHEN … THEN … ELSE … END)"),
    ("iif", Some(false), "iif(), which is SQLite's (write IF(condition, a, b))"),
    ("ifnull", Some(true), "ifnull(), which PostgreSQL does not have (write coalesce(a, b))"),
    ("typeof", Some(true), "typeof(), which is SQLite's (PostgreSQL has pg_typeof())"),
    ("typeof", Some(false), "typeof(), which is SQLite's"),
    ("printf", None, "printf(), which is SQLite's (write format() on PostgreSQL, CONCAT() on MySQL)"),
    ("glob", None, "glob(), which is SQLite's (write LIKE)"),
    ("likely", None, "likely(), which is SQLite's (leave it out: it only tells the planner)"),
    ("unlikely", None, "unlikely(), which is SQLite's (leave it out: it only tells the planner)"),
    ("likelihood", None, "likelihood(), which is SQLite's (leave it out: it only tells the planner)"),
    ("total", None, "total(), which is SQLite's"),
    // MySQL's, which PostgreSQL does not have.
    ("json_valid", Some(true), "json_valid(), which is MySQL's (a json or jsonb column refuses text that is not JSON by itself)"),
    ("uuid", Some(true), "uuid(), which is MySQL's (write gen_random_uuid())"),
    ("uuid_short", Some(true), "uuid_short(), which is MySQL's (write gen_random_uuid())"),
    ("curdate", Some(true), "curdate(), which is MySQL's (write CURRENT_DATE)"),
    ("curtime", Some(true), "curtime(), which is MySQL's (write CURRENT_TIME)"),
    ("unix_timestamp", Some(true), "unix_timestamp(), which is MySQL's (write extract(epoch from now())::bigint)"),
    ("from_unixtime", Some(true), "from_unixtime(), which is MySQL's (write to_timestamp())"),
    ("date_format", Some(true), "date_format(), which is MySQL's (write to_char())"),
    ("str_to_date", Some(true), "str_to_date(), which is MySQL's (write to_date() or to_timestamp())"),
    ("datediff", Some(true), "datediff(), which is MySQL's (subtract the dates: a - b)"),
    ("timestampdiff", Some(true), "timestampdiff(), which is MySQL's (write extract(epoch from a - b))"),
    ("instr", Some(true), "instr(), which is MySQL's (write strpos(text, part))"),
    ("locate", Some(true), "locate(), which is MySQL's (write strpos(text, part))"),
    ("lcase", Some(true), "lcase(), which is MySQL's (write lower())"),
    ("ucase", Some(true), "ucase(), which is MySQL's (write upper())"),
    ("mid", Some(true), "mid(), which is MySQL's (write substr())"),
    ("if", Some(true), "IF(), which is MySQL's (write CASE WHEN … THEN … ELSE … END)"),
    ("isnull", Some(true), "isnull(), which is MySQL's (write x IS NULL)"),
    ("json_extract", Some(true), "json_extract(), which is MySQL's (write column -> 'key' or column ->> 'key')"),
    ("json_unquote", Some(true), "json_unquote(), which is MySQL's (write column ->> 'key')"),
    ("json_contains", Some(true), "json_contains(), which is MySQL's (write the jsonb operator @>)"),
    ("json_length", Some(true), "json_length(), which is MySQL's (for an array, write jsonb_array_length() on jsonb or json_array_length() on json)"),
    ("find_in_set", Some(true), "find_in_set(), which is MySQL's"),
    ("last_insert_id", Some(true), "last_insert_id(), which is MySQL's (write lastval())"),
    // More of MySQL's, none of them in PostgreSQL 15's pg_proc (checked there; `char(65)` is a
    // syntax error, CHAR being a type's key word).
    ("rand", Some(true), "rand(), which is MySQL's (write random())"),
    ("hex", Some(true), "hex(), which is MySQL's (write to_hex(n) for a number, encode(x::bytea, 'hex') for text)"),
    ("unhex", Some(true), "unhex(), which is MySQL's (write decode(x, 'hex'))"),
    ("char", Some(true), "char(), which is MySQL's (write chr(n))"),
    ("ord", Some(true), "ord(), which is MySQL's (write ascii())"),
    ("space", Some(true), "space(), which is MySQL's (write repeat(' ', n))"),
    ("year", Some(true), "year(), which is MySQL's (write extract(year FROM x))"),
    ("month", Some(true), "month(), which is MySQL's (write extract(month FROM x))"),
    ("day", Some(true), "day(), which is MySQL's (write extract(day FROM x))"),
    ("dayofmonth", Some(true), "dayofmonth(), which is MySQL's (write extract(day FROM x))"),
    ("dayofweek", Some(true), "dayofweek(), which is MySQL's (write extract(dow FROM x) + 1)"),
    ("dayofyear", Some(true), "dayofyear(), which is MySQL's (write extract(doy FROM x))"),
    ("weekday", Some(true), "weekday(), which is MySQL's (write extract(isodow FROM x) - 1)"),
    ("hour", Some(true), "hour(), which is MySQL's (write extract(hour FROM x))"),
    ("minute", Some(true), "minute(), which is MySQL's (write extract(minute FROM x))"),
    ("second", Some(true), "second(), which is MySQL's (write extract(second FROM x))"),
    ("quarter", Some(true), "quarter(), which is MySQL's (write extract(quarter FROM x))"),
    ("date_add", Some(true), "date_add(), which is MySQL's (write x + interval '1 day')"),
    ("adddate", Some(true), "adddate(), which is MySQL's (write x + interval '1 day')"),
    ("date_sub", Some(true), "date_sub(), which is MySQL's (write x - interval '1 day')"),
    ("subdate", Some(true), "subdate(), which is MySQL's (write x - interval '1 day')"),
    ("last_day", Some(true), "last_day(), which is MySQL's (write (date_trunc('month', x) + interval '1 month - 1 day')::date)"),
    ("substring_index", Some(true), "substring_index(), which is MySQL's (write split_part())"),
    ("truncate", Some(true), "truncate(), which is MySQL's (write trunc(x, n))"),
    ("log2", Some(true), "log2(), which is MySQL's (write log(2, x))"),
    ("sha1", Some(true), "sha1(), which is MySQL's (write encode(sha256(x::bytea), 'hex'), or digest() from pgcrypto)"),
    ("sha2", Some(true), "sha2(), which is MySQL's (write encode(sha256(x::bytea), 'hex'))"),
    ("crc32", Some(true), "crc32(), which is MySQL's"),
    ("strcmp", Some(true), "strcmp(), which is MySQL's (compare with <, = and >)"),
    ("to_base64", Some(true), "to_base64(), which is MySQL's (write encode(x::bytea, 'base64'))"),
    ("from_base64", Some(true), "from_base64(), which is MySQL's (write decode(x, 'base64'))"),
    ("json_type", Some(true), "json_type(), which is MySQL's (write json_typeof() or jsonb_typeof())"),
    ("json_keys", Some(true), "json_keys(), which is MySQL's (write jsonb_object_keys())"),
    ("json_array", Some(true), "json_array(), which is MySQL's in PostgreSQL 15 (write json_build_array())"),
    ("time_to_sec", Some(true), "time_to_sec(), which is MySQL's (write extract(epoch FROM x))"),
    ("to_days", Some(true), "to_days(), which is MySQL's (subtract the dates: a - b)"),
    ("convert_tz", Some(true), "convert_tz(), which is MySQL's (write x AT TIME ZONE zone)"),
    // PostgreSQL's, which MySQL does not have.
    ("gen_random_uuid", Some(false), "gen_random_uuid(), which is PostgreSQL's (write UUID())"),
    ("uuid_generate_v4", Some(false), "uuid_generate_v4(), which is PostgreSQL's (write UUID())"),
    ("random", Some(false), "random(), which is PostgreSQL's (write RAND())"),
    ("clock_timestamp", Some(false), "clock_timestamp(), which is PostgreSQL's (write CURRENT_TIMESTAMP)"),
    ("statement_timestamp", Some(false), "statement_timestamp(), which is PostgreSQL's (write CURRENT_TIMESTAMP)"),
    ("transaction_timestamp", Some(false), "transaction_timestamp(), which is PostgreSQL's (write CURRENT_TIMESTAMP)"),
    ("timeofday", Some(false), "timeofday(), which is PostgreSQL's (write CURRENT_TIMESTAMP)"),
    ("date_trunc", Some(false), "date_trunc(), which is PostgreSQL's (write DATE() or DATE_FORMAT())"),
    ("date_part", Some(false), "date_part(), which is PostgreSQL's (write EXTRACT(field FROM value))"),
    ("age", Some(false), "age(), which is PostgreSQL's (write TIMESTAMPDIFF())"),
    ("to_timestamp", Some(false), "to_timestamp(), which is PostgreSQL's (write FROM_UNIXTIME() or STR_TO_DATE())"),
    ("to_date", Some(false), "to_date(), which is PostgreSQL's (write STR_TO_DATE())"),
    ("to_number", Some(false), "to_number(), which is PostgreSQL's (write CAST(x AS DECIMAL(p,s)))"),
    ("make_date", Some(false), "make_date(), which is PostgreSQL's (write STR_TO_DATE(CONCAT(y, '-', m, '-', d), '%Y-%m-%d'))"),
    ("make_timestamp", Some(false), "make_timestamp(), which is PostgreSQL's (write STR_TO_DATE())"),
    ("split_part", Some(false), "split_part(), which is PostgreSQL's (write SUBSTRING_INDEX())"),
    ("btrim", Some(false), "btrim(), which is PostgreSQL's (write TRIM())"),
    ("strpos", Some(false), "strpos(), which is PostgreSQL's (write LOCATE(part, text))"),
    ("initcap", Some(false), "initcap(), which is PostgreSQL's"),
    ("starts_with", Some(false), "starts_with(), which is PostgreSQL's (write x LIKE 'prefix%')"),
    ("regexp_match", Some(false), "regexp_match(), which is PostgreSQL's (write x REGEXP 'pattern', or REGEXP_SUBSTR())"),
    ("regexp_matches", Some(false), "regexp_matches(), which is PostgreSQL's (write x REGEXP 'pattern')"),
    ("string_to_array", Some(false), "string_to_array(), which is PostgreSQL's (MySQL has no arrays)"),
    ("array_to_string", Some(false), "array_to_string(), which is PostgreSQL's (MySQL has no arrays)"),
    ("array_length", Some(false), "array_length(), which is PostgreSQL's (MySQL has no arrays)"),
    ("cardinality", Some(false), "cardinality(), which is PostgreSQL's (MySQL has no arrays)"),
    ("json_typeof", Some(false), "json_typeof(), which is PostgreSQL's (write JSON_TYPE())"),
    ("jsonb_typeof", Some(false), "jsonb_typeof(), which is PostgreSQL's (write JSON_TYPE())"),
    ("json_array_length", Some(false), "json_array_length(), which is PostgreSQL's (write JSON_LENGTH())"),
    ("jsonb_array_length", Some(false), "jsonb_array_length(), which is PostgreSQL's (write JSON_LENGTH())"),
    ("pg_typeof", Some(false), "pg_typeof(), which is PostgreSQL's"),
    // MySQL's own, for INSERT … ON DUPLICATE KEY UPDATE only: MariaDB 10.11 reads VALUES(v) in a
    // CHECK as a syntax error and refuses VALUE(v) (error 1901), and VALUES(v) in a default too.
    ("values", Some(false), "VALUES(), which MySQL reads only in INSERT … ON DUPLICATE KEY UPDATE (compare the column itself)"),
    ("value", Some(false), "VALUE(), which MySQL reads only in INSERT … ON DUPLICATE KEY UPDATE (compare the column itself)"),
];

/// What in `e` PostgreSQL does not have, if anything (MySQL's syntax, which sqlparser also
/// reads for PostgreSQL).
pub(super) fn not_in_postgres(e: &Expr) -> Option<&'static str> {
    use BinaryOperator::*;
    match e {
        Expr::RLike { .. } => Some("REGEXP/RLIKE, which PostgreSQL does not have (write ~)"),
        Expr::MatchAgainst { .. } => Some("MATCH … AGAINST, which PostgreSQL does not have"),
        Expr::BinaryOp {
            op: Xor | Spaceship | MyIntegerDivide | DuckIntegerDivide,
            ..
        } => Some("an operator PostgreSQL does not have (XOR, <=>, DIV are MySQL's)"),
        Expr::Function(f) => foreign_function(f, true),
        Expr::UnaryOp {
            op: UnaryOperator::PGPostfixFactorial | UnaryOperator::PGPrefixFactorial,
            ..
        } => Some("the factorial operators ! and !!, which PostgreSQL 14 removed (write factorial(n))"),
        // SQLite's blob literal (a pulled `BLOB DEFAULT x'00'`): PostgreSQL reads it as a bit
        // string, which a BYTEA column refuses ("default expression is of type bit").
        Expr::Value(v) if matches!(v.value, Value::HexStringLiteral(_)) => Some(
            "X'…', which PostgreSQL reads as a bit string, not bytes (write '\\x00'::bytea or decode('00', 'hex'))",
        ),
        _ => None,
    }
}

/// Why a call in `e` is refused on PostgreSQL (`postgres`) or MySQL wherever it stands, when it
/// reaches past the row to the server ([`crate::server_effects`]).
pub(super) fn server_effect(e: &Expr, postgres: bool) -> Option<String> {
    let Expr::Function(f) = e else {
        return None;
    };
    let name = f.name.0.last()?.as_ident()?;
    crate::server_effects::refused(&name.value, postgres)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{check_expression, check_expression_with};
    use sqlparser::dialect::Dialect as ParserDialect;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};

    /// SQLite's own functions, which a spec pulled from SQLite carries, are refused by name for the
    /// databases that lack them (checked on PostgreSQL 15 and MariaDB 10.11), with what to write.
    #[test]
    fn sqlite_only_functions_are_refused_where_they_do_not_exist() {
        let pg = |t: &str| check_expression_with(&PostgreSqlDialect {}, t, false).map_err(|e| e.0);
        let my = |t: &str| check_expression_with(&MySqlDialect {}, t, false).map_err(|e| e.0);
        let lite = |t: &str| check_expression_with(&SQLiteDialect {}, t, false).map_err(|e| e.0);
        for t in [
            "unixepoch()",
            "datetime('now')",
            "iif(a > 0, 1, 2)",
            "typeof(a) = 'integer'",
            "strftime('%s', 'now')",
        ] {
            assert!(
                pg(t).is_err_and(|e| e.starts_with("it has ") && e.contains("SQLite")),
                "{t}: {:?}",
                pg(t)
            );
            assert!(
                my(t).is_err_and(|e| e.contains("SQLite")),
                "{t}: {:?}",
                my(t)
            );
            assert!(lite(t).is_ok(), "{t}");
        }
        assert!(pg("unixepoch()")
            .unwrap_err()
            .contains("extract(epoch from now())"));
        assert!(my("unixepoch()").unwrap_err().contains("UNIX_TIMESTAMP()"));
        assert!(pg("ifnull(a, 0) > 0").unwrap_err().contains("coalesce"));
        assert!(my("ifnull(a, 0) > 0").is_ok());
        // SQLite's and MySQL's blob literal is a bit string on PostgreSQL.
        for t in ["x'00'", "X'DEADBEEF'", "a <> x'00'"] {
            assert!(
                pg(t).is_err_and(|e| e.contains("bit string")),
                "{t}: {:?}",
                pg(t)
            );
            assert!(my(t).is_ok(), "{t}");
            assert!(lite(t).is_ok(), "{t}");
        }
    }

    /// Each database's functions the other lacks are refused there by name (a user trial's
    /// `json_valid(name)` CHECK and `uuid()` default passed for PostgreSQL, and
    /// `gen_random_uuid()` for MySQL, and failed on the server), and taken where they exist.
    #[test]
    fn functions_of_another_database_are_refused_by_name() {
        let pg = |t: &str| check_expression_with(&PostgreSqlDialect {}, t, false).map_err(|e| e.0);
        let my = |t: &str| check_expression_with(&MySqlDialect {}, t, false).map_err(|e| e.0);
        /// One database's check of an expression.
        type Check<'f> = dyn Fn(&str) -> Result<Vec<String>, String> + 'f;
        for &(name, lacks, say) in FOREIGN_FUNCTIONS {
            let call = match name {
                "if" => "if(a > 0, 1, 2)".to_string(),
                "uuid" => "uuid()".to_string(),
                _ => format!("{name}(a)"),
            };
            let (refusing, other): (&Check, _) = match lacks {
                Some(true) => (&pg, Some(&my as &Check)),
                Some(false) => (&my, Some(&pg as &Check)),
                None => (&pg, None),
            };
            let refused = refusing(&call).unwrap_err();
            assert!(
                refused.starts_with("it has ") && refused.ends_with(say),
                "{call}: {refused}"
            );
            if let Some(other) = other {
                // Where a SQLite function is missing from both, only its own entry says so.
                // VALUES is a reserved word to PostgreSQL, which reads `values(a)` only as a
                // VALUES list (a syntax error here; PostgreSQL 15: syntax error at or near "(").
                if name == "values" {
                    assert!(other(&call).is_err_and(|e| e.contains("VALUES list")));
                } else if !say.contains("SQLite") {
                    assert!(other(&call).is_ok(), "{call}: {:?}", other(&call));
                }
            }
        }
        assert!(pg("json_valid(payload)").unwrap_err().contains("MySQL's"));
        assert!(my("gen_random_uuid()").unwrap_err().contains("UUID()"));
        assert!(pg("UUID()").unwrap_err().contains("gen_random_uuid()"));
        // With an argument, uuid(…) is PostgreSQL's cast to uuid.
        assert!(pg("uuid(code) IS NOT NULL").is_ok());
    }

    #[test]
    fn factorials_on_postgresql_and_odd_blob_literals_are_refused() {
        let pg = PostgreSqlDialect {};
        let my = MySqlDialect {};
        let lite = SQLiteDialect {};
        let refused = check_expression(&pg, "n! > 1").unwrap_err().0;
        assert!(refused.contains("PostgreSQL 14 removed"), "{refused}");
        assert!(check_expression(&pg, "factorial(n) > 1").is_ok());
        for d in [&my as &dyn ParserDialect, &lite] {
            for bad in ["b = X'a'", "b = x'abc'", "b = X'zz'"] {
                let e = check_expression(d, bad).unwrap_err().0;
                assert!(e.contains("even number of hex digits"), "{bad}: {e}");
            }
            for good in ["b = X'0a'", "b = x''", "b = X'DEADbeef'"] {
                assert!(check_expression(d, good).is_ok(), "{good} refused");
            }
        }
    }

    #[test]
    fn calls_reaching_the_server_are_refused_wherever_they_stand() {
        let pg = PostgreSqlDialect {};
        for text in [
            "pg_read_file('/etc/hosts') IS NOT NULL",
            "lo_import('/etc/hosts') > 0",
            "pg_sleep(1) IS NULL",
            "dblink('x', 'select 1') IS NULL",
        ] {
            // A default (Taken) as well as a CHECK.
            let why = check_expression_with(&pg, text, false).unwrap_err().0;
            assert!(
                why.contains("a CHECK, a default or an index must not call it"),
                "{why}"
            );
        }
        let my = MySqlDialect {};
        assert!(check_expression_with(&my, "load_file('/etc/hosts')", false).is_err());
        assert!(check_expression_with(&my, "values(v) IS NULL", false)
            .unwrap_err()
            .0
            .contains("ON DUPLICATE KEY UPDATE"));
        // The same names are no built-in of the other database, and left to it.
        assert!(check_expression_with(&my, "pg_read_file('x') IS NULL", false).is_ok());
    }
}
