//! Functions whose result changes from one call to the next, or with the session or the
//! connection, which MySQL refuses in a CHECK and PostgreSQL in a partial index's WHERE: the
//! lists of them, and why a call of one that reads a session setting is refused.

use sqlparser::ast::{Expr, Function, FunctionArguments};

/// Whether the function `name` (lowercase, as `volatile_name` gives it) answers about the
/// connection or the server (the user, the database, the version, the last insert): the same
/// from call to call within a session, but not a property of the row.
pub(super) fn of_the_connection(name: &str) -> bool {
    matches!(
        name,
        "user"
            | "current_user"
            | "session_user"
            | "system_user"
            | "database"
            | "schema"
            | "current_database"
            | "current_schema"
            | "connection_id"
            | "pg_backend_pid"
            | "version"
            | "last_insert_id"
            | "found_rows"
            | "row_count"
            | "inet_client_addr"
    )
}

/// Functions whose result changes between calls or with the session: MySQL refuses them in a
/// CHECK, PostgreSQL in a partial index's WHERE (which takes IMMUTABLE functions only).
const VOLATILE: &[&str] = &[
    "clock_timestamp",
    "connection_id",
    "curdate",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "currval",
    "curtime",
    "database",
    "found_rows",
    "gen_random_uuid",
    "last_insert_id",
    "lastval",
    "localtime",
    "localtimestamp",
    "nextval",
    "now",
    "rand",
    "random",
    "row_count",
    "session_user",
    "setval",
    "statement_timestamp",
    "sysdate",
    "system_user",
    "timeofday",
    "to_char",
    "transaction_timestamp",
    "unix_timestamp",
    "user",
    "utc_date",
    "utc_time",
    "utc_timestamp",
    "uuid",
    "uuid_generate_v4",
    "uuid_short",
    "version",
];

/// Functions whose result depends on the session or changes between calls in PostgreSQL, which
/// it refuses in a partial index's WHERE ("functions in index predicate must be marked
/// IMMUTABLE", each checked on PostgreSQL 15 over the spec's column types: `to_date`,
/// `to_number`, `format` and `concat` follow session settings, `age` and `timezone` the time
/// or time zone, `to_json`, `to_jsonb`, `row_to_json` and the `json_build_*` functions are
/// STABLE (a date in them follows DateStyle); `age(a, b)` of two timestamps is IMMUTABLE, and
/// taken).
const VOLATILE_POSTGRES: &[&str] = &[
    "age",
    "concat",
    "concat_ws",
    "current_catalog",
    "current_database",
    "current_query",
    "current_schema",
    "current_schemas",
    "current_setting",
    "format",
    "inet_client_addr",
    "inet_client_port",
    "inet_server_addr",
    "inet_server_port",
    "json_build_array",
    "json_build_object",
    "jsonb_build_array",
    "jsonb_build_object",
    "make_timestamptz",
    "pg_backend_pid",
    "pg_conf_load_time",
    "pg_current_snapshot",
    "pg_current_xact_id",
    "pg_postmaster_start_time",
    "pg_trigger_depth",
    "pg_typeof",
    "row_to_json",
    "setseed",
    "timezone",
    "to_date",
    "to_json",
    "to_jsonb",
    "to_number",
    "txid_current",
    "txid_current_if_assigned",
    "txid_current_snapshot",
];

/// Functions MariaDB refuses in a CHECK ("Function or expression … cannot be used in the CHECK
/// clause", error 1901, or "CHECK does not support … stored functions", error 1970; each
/// checked on MariaDB 10.11): locks, files, sleeps, the server and session, and date formatting
/// that follows `lc_time_names` or the session's time zone.
const VOLATILE_MYSQL: &[&str] = &[
    "current_role",
    "date_format",
    "dayname",
    "from_unixtime",
    "get_lock",
    "is_free_lock",
    "is_used_lock",
    "master_gtid_wait",
    "master_pos_wait",
    "monthname",
    "name_const",
    "random_bytes",
    "release_all_locks",
    "release_lock",
    "schema",
    "sys_guid",
];

/// The name of `f` when it is one of [`VOLATILE`], or of the dialect's own list
/// ([`VOLATILE_MYSQL`], [`VOLATILE_POSTGRES`]).
pub(super) fn volatile_name(
    f: &Function,
    mysql: bool,
    postgres: bool,
    column: Option<&crate::condition::ColumnTypes>,
) -> Option<String> {
    // The name as the database looks it up: `now`() on MySQL and "now"() on PostgreSQL call
    // now() (MariaDB 10.11 and MySQL 9.7 refuse `now`() in a CHECK as they refuse now()).
    let name = match f.name.0.last()?.as_ident() {
        Some(ident) => ident.value.to_ascii_lowercase(),
        None => f.name.0.last()?.to_string().to_ascii_lowercase(),
    };
    let arguments = match &f.args {
        FunctionArguments::List(list) => &list.args[..],
        _ => &[],
    };
    // A DATE column, which age(a, b) reads as timestamptz (a STABLE cast) when no argument is a
    // timestamp.
    let is_date = |a: &sqlparser::ast::FunctionArg| {
        let mut e = match a {
            sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(e)) => e,
            _ => return false,
        };
        while let Expr::Nested(inner) = e {
            e = inner;
        }
        matches!((e, column), (Expr::Identifier(i), Some(column))
            if column(&i.value.to_ascii_lowercase()) == Some(crate::spec::ColumnType::Date))
    };
    // On PostgreSQL, uuid(x) is the cast to uuid and age(a, b) of two timestamps is IMMUTABLE;
    // uuid() (MySQL's), age(x) (from today) and age(date, date) change.
    if postgres
        && ((name == "uuid" && !arguments.is_empty())
            || (name == "age" && arguments.len() == 2 && !arguments.iter().all(is_date)))
    {
        return None;
    }
    // Text search with one argument reads the session's default_text_search_config (STABLE);
    // with the configuration named first it is IMMUTABLE.
    if postgres && arguments.len() == 1 && TEXT_SEARCH.contains(&name.as_str()) {
        return Some(name);
    }
    // WEEK(x) reads the session's default_week_format (MariaDB 10.11 refuses it in a CHECK:
    // "Function or expression 'week()' cannot be used in the CHECK clause"); WEEK(x, mode) and
    // YEARWEEK(x), whose mode defaults to 0 whatever the session, it takes. Not checked on
    // MySQL 8.0 (no server here): its manual refuses nondeterministic functions in a CHECK, and
    // refusing what MariaDB refuses keeps the migration valid on both. UNIX_TIMESTAMP(x), which
    // MariaDB takes with a column argument (it reads time_zone), stays refused by VOLATILE.
    if mysql && name == "week" && arguments.len() == 1 {
        return Some(name);
    }
    let listed = |list: &[&str]| list.binary_search(&name.as_str()).is_ok();
    (listed(VOLATILE)
        || (mysql && listed(VOLATILE_MYSQL))
        || (postgres && listed(VOLATILE_POSTGRES))
        || (postgres && crate::pg_not_immutable::never_immutable(&name)))
    .then_some(name)
}

/// Whether `name` (lower case) is one of the lists of functions whose result changes that hold
/// for every database ([`VOLATILE`]) or PostgreSQL ([`VOLATILE_POSTGRES`]), which say more
/// about it than that PostgreSQL does not mark it IMMUTABLE.
pub(super) fn listed_volatile(name: &str) -> bool {
    VOLATILE.binary_search(&name).is_ok() || VOLATILE_POSTGRES.binary_search(&name).is_ok()
}

/// Why MySQL refuses the function `name` in a CHECK, with what to write, when it is one that
/// reads a session setting rather than one whose result changes (MariaDB 10.11 says "Function or
/// expression 'week()' cannot be used in the CHECK clause", error 1901, for each; the MySQL 8.0
/// manual refuses nondeterministic functions in a CHECK).
pub(super) fn mysql_session_reading(name: &str) -> Option<String> {
    let (setting, write) = match name {
        "week" => (
            "default_week_format",
            "write WEEK(x, mode) with the mode named, e.g. WEEK(x, 3)",
        ),
        "dayname" => ("lc_time_names", "write DAYOFWEEK(x) or WEEKDAY(x)"),
        "monthname" => ("lc_time_names", "write MONTH(x)"),
        "date_format" => (
            "lc_time_names",
            "compare the parts, YEAR(x), MONTH(x), DAY(x), or the date itself",
        ),
        "from_unixtime" => ("time_zone", "compare the number itself"),
        _ => return None,
    };
    let called = if name == "week" {
        "week() with one argument".to_string()
    } else {
        format!("{name}()")
    };
    Some(format!(
        "it calls {called}, whose result depends on the session's {setting}, which MySQL refuses in a CHECK (MariaDB: Function or expression '{name}()' cannot be used in the CHECK clause); {write}"
    ))
}

/// PostgreSQL's text search functions, STABLE with one argument (refused in a partial index's
/// WHERE: `to_tsvector(name) @@ to_tsquery('x')`, checked on PostgreSQL 15).
const TEXT_SEARCH: &[&str] = &[
    "phraseto_tsquery",
    "plainto_tsquery",
    "to_tsquery",
    "to_tsvector",
    "websearch_to_tsquery",
];

/// Why PostgreSQL refuses the function `name` in a partial index's WHERE, with what to write,
/// when it is one that reads a session setting rather than one whose result changes.
pub(super) fn postgres_session_reading(name: &str) -> Option<String> {
    const REFUSAL: &str =
        "which PostgreSQL refuses in a partial index's WHERE (functions in index predicate must be marked IMMUTABLE)";
    if TEXT_SEARCH.contains(&name) {
        return Some(format!(
            "it calls {name}() with one argument, which reads the session's default_text_search_config, {REFUSAL}: name the configuration first, {name}('english', …)"
        ));
    }
    matches!(
        name,
        "to_json"
            | "to_jsonb"
            | "row_to_json"
            | "json_build_array"
            | "json_build_object"
            | "jsonb_build_array"
            | "jsonb_build_object"
    )
    .then(|| format!(
        "it calls {name}(), which PostgreSQL marks STABLE (a date or timestamp in it is written as the session's DateStyle says), {REFUSAL}: test the value itself (name <> '' rather than to_json(name)::text <> '')"
    ))
}

#[cfg(test)]
mod tests {
    use crate::expr::{check_condition, check_expression, check_expression_with, Changing};
    use sqlparser::dialect::Dialect as ParserDialect;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};

    /// Each refused by the database in the place `refuse_volatile` stands for: PostgreSQL 15 in a
    /// partial index's WHERE over columns `born DATE, seen TIMESTAMP, x TEXT, n INT` ("functions
    /// in index predicate must be marked IMMUTABLE"), MariaDB 10.11 in a CHECK (error 1901, or
    /// 1970 for the sequence functions); and what each took.
    #[test]
    fn refuses_what_each_database_refuses_as_changing() {
        let refused = |d: &dyn ParserDialect, text: &str| {
            check_expression_with(d, text, true).is_err()
                && check_expression_with(d, text, false).is_ok()
        };
        let postgres = PostgreSqlDialect {};
        for text in [
            "to_char(born, 'YYYY') = '2000'",
            "age(born) > interval '1 year'",
            "current_setting('x') = 'y'",
            "txid_current() > 0",
            "version() IS NOT NULL",
            "pg_backend_pid() > 0",
            "pg_typeof(n) IS NOT NULL",
            "inet_client_addr() IS NULL",
            "current_database() = 'a'",
            "current_schema() = 'public'",
            "current_schemas(true) IS NOT NULL",
            "pg_current_xact_id() IS NOT NULL",
            "txid_current_if_assigned() IS NULL",
            "txid_current_snapshot() IS NOT NULL",
            "setseed(0.5) IS NULL",
            "pg_postmaster_start_time() IS NOT NULL",
            "pg_conf_load_time() IS NOT NULL",
            "to_date(x, 'YYYY') > '2020-01-01'",
            "to_number(x, '999') > 1",
            "format('%s', x) = 'a'",
            "concat(x, 'a') = 'a'",
            "concat_ws(',', x) = 'a'",
            "make_timestamptz(2000, 1, 1, 0, 0, 0) > seen",
            "lastval() > 0",
            "setval('s', 1) > 0",
            "timezone('UTC', seen) > seen",
            "seen AT TIME ZONE 'UTC' > seen",
            "seen > '2020-01-01'::timestamptz",
            "seen > timestamptz '2020-01-01'",
            "born > CAST('2020-01-01' AS TIMESTAMP WITH TIME ZONE)",
            "seen::timestamptz IS NOT NULL",
            "CAST(seen AS TIMESTAMP WITH TIME ZONE) IS NOT NULL",
        ] {
            assert!(refused(&postgres, text), "{text}");
        }
        for text in [
            "seen > '2020-01-01'::timestamp",
            "born > '2020-01-01'::date",
            "'2020-01-01'::timestamptz IS NOT NULL",
            "upper(x) = 'A'",
            "length(x) > 1",
            "date_part('year', born) = 2000",
            "date_trunc('day', seen) = seen",
            "n::text = '1'",
            "age(seen, '2020-01-01'::timestamp) > interval '1 day'",
            "age(seen, born) > interval '1 day'",
            "uuid(x) IS NOT NULL",
        ] {
            assert!(
                check_expression_with(&postgres, text, true).is_ok(),
                "{text}"
            );
        }
        // age(a, b) of two DATE columns reads them as timestamptz, a STABLE cast: refused with
        // the table's types; with a timestamp among them, it is taken.
        let column = |name: &str| match name {
            "born" => Some(crate::spec::ColumnType::Date),
            "seen" => Some(crate::spec::ColumnType::Timestamp),
            _ => None,
        };
        let with_types = |text: &str| check_condition(&postgres, text, Changing::InIndex, &column);
        assert!(with_types("age(born, (born)) > interval '1 day'").is_err());
        // A user trial: STABLE functions and casts in a partial index's WHERE, which PostgreSQL
        // 15 refused ("functions in index predicate must be marked IMMUTABLE"); in a CHECK it
        // takes them.
        let column = |name: &str| match name {
            "born" => Some(crate::spec::ColumnType::Date),
            "seen" => Some(crate::spec::ColumnType::Timestamp),
            "x" => Some(crate::spec::ColumnType::Text),
            "n" => Some(crate::spec::ColumnType::Integer),
            "id" => Some(crate::spec::ColumnType::Uuid),
            _ => None,
        };
        let in_index = |text: &str| check_condition(&postgres, text, Changing::InIndex, &column);
        let in_check = |text: &str| check_condition(&postgres, text, Changing::Taken, &column);
        assert_eq!(
            in_index("to_tsvector(x) @@ to_tsquery('x')").unwrap_err().0,
            "it calls to_tsvector() with one argument, which reads the session's default_text_search_config, which PostgreSQL refuses in a partial index's WHERE (functions in index predicate must be marked IMMUTABLE): name the configuration first, to_tsvector('english', …)"
        );
        assert_eq!(
            in_index("seen::text > '2024'").unwrap_err().0,
            "it casts the TIMESTAMP column 'seen' to TEXT, whose text follows the session's DateStyle, which PostgreSQL refuses in a partial index's WHERE (functions in index predicate must be marked IMMUTABLE): compare the value itself, such as seen >= '2024-01-01', or use extract(year FROM seen)"
        );
        assert!(in_index("to_json(x)::text <> ''")
            .unwrap_err()
            .0
            .starts_with("it calls to_json(), which PostgreSQL marks STABLE"));
        for text in [
            "to_tsvector(x) @@ to_tsquery('x')",
            "to_tsvector('english', x) @@ to_tsquery('x')",
            "to_tsvector('english', x) @@ plainto_tsquery('x')",
            "to_tsvector('english', x) @@ phraseto_tsquery('x')",
            "to_tsvector('english', x) @@ websearch_to_tsquery('x')",
            "seen::text > '2024'",
            "(born)::text > '2024'",
            "CAST(seen AS TEXT) > '2024'",
            "CAST(born AS VARCHAR(10)) > '2024'",
            "seen::char(10) > '2024'",
            "text(seen) > '2024'",
            "x::date > born",
            "CAST(x AS TIMESTAMP) > seen",
            "to_json(x)::text <> ''",
            "to_jsonb(n) IS NOT NULL",
            "json_build_object('a', n) IS NOT NULL",
            "jsonb_build_object('a', n) IS NOT NULL",
            "json_build_array(n) IS NOT NULL",
            "jsonb_build_array(n) IS NOT NULL",
            "row_to_json(row(n)) IS NOT NULL",
        ] {
            assert!(in_index(text).is_err(), "{text}");
            assert!(in_check(text).is_ok(), "{text}");
        }
        for text in [
            "to_tsvector('english', x) @@ to_tsquery('english', 'x')",
            "n::text > '1'",
            "id::text > '1'",
            "x::text > '1'",
            "seen::date > '2024-01-01'",
            "born::timestamp > '2024-01-01'",
            "'2024-01-01'::date > born",
            "extract(year FROM seen) > 2000",
            "x::int > 0",
            "x::uuid IS NOT NULL",
            "x::jsonb IS NOT NULL",
        ] {
            assert!(in_index(text).is_ok(), "{text}");
        }
        assert!(with_types("age(seen, born) > interval '1 day'").is_ok());
        assert!(with_types("age(born::timestamp, born::timestamp) > interval '1 day'").is_ok());
        let mysql = MySqlDialect {};
        for text in [
            "version() IS NOT NULL",
            "schema() IS NOT NULL",
            "database() IS NOT NULL",
            "get_lock('a', 0) = 1",
            "release_lock('a') = 1",
            "is_free_lock('a') = 1",
            "is_used_lock('a') = 1",
            "release_all_locks() = 0",
            "current_role() IS NULL",
            "master_pos_wait('a', 1) IS NULL",
            "master_gtid_wait('0-1-1') = 0",
            "sys_guid() IS NOT NULL",
            "to_char(born, 'YYYY') = '2000'",
            "date_format(born, '%Y') = '2000'",
            "dayname(born) = 'Monday'",
            "monthname(born) = 'May'",
            "from_unixtime(n) > born",
            "random_bytes(4) IS NOT NULL",
            "name_const('a', 1) = 1",
            "lastval(s) > 0",
            "setval(s, 1) > 0",
        ] {
            assert!(refused(&mysql, text), "{text}");
        }
        // These reach the server's files or make it wait: refused in a default too
        // (crate::server_effects), not only where a changing value is.
        for text in [
            "load_file('/etc/hosts') IS NULL",
            "sleep(0) = 0",
            "benchmark(1, 1) = 0",
        ] {
            for refuse_volatile in [true, false] {
                let why = check_expression_with(&mysql, text, refuse_volatile)
                    .unwrap_err()
                    .0;
                assert!(
                    why.contains("a CHECK, a default or an index must not call it"),
                    "{text}: {why}"
                );
            }
        }
        // MariaDB took these in a CHECK: the lists are each database's own.
        for text in [
            "concat(x, 'a') = 'a'",
            "format(n, 2) = '1'",
            "convert_tz(born, '+00:00', 'SYSTEM') > born",
            "md5(x) = 'a'",
            "weekofyear(born) = 1",
            "upper(x) = 'A'",
        ] {
            assert!(check_expression_with(&mysql, text, true).is_ok(), "{text}");
        }
    }

    /// Functions MariaDB 10.11 refuses in a CHECK because they read a session setting (error
    /// 1901, "Function or expression 'week()' cannot be used in the CHECK clause"), each said
    /// with the setting and what to write; WEEK(x, mode) and YEARWEEK(x), which it takes, pass.
    #[test]
    fn connection_functions_are_said_to_answer_about_the_connection() {
        let my = MySqlDialect {};
        for (text, name) in [
            ("user() = 'a'", "user"),
            ("version() <> ''", "version"),
            ("connection_id() > 0", "connection_id"),
        ] {
            let message = check_expression_with(&my, text, true).unwrap_err().0;
            assert_eq!(message, format!("it calls {name}, whose result depends on the connection or the server, not on the row, which this database refuses here"));
        }
        let message = check_expression_with(&my, "rand() > 0.5", true)
            .unwrap_err()
            .0;
        assert!(
            message.ends_with(
                "whose result changes from one call to the next, which this database refuses here"
            ),
            "{message}"
        );
    }

    #[test]
    fn mysql_session_reading_functions_are_refused_in_checks() {
        let my = MySqlDialect {};
        let check = |text: &str| check_expression_with(&my, text, true);
        for (text, setting, write) in [
            ("WEEK(birth_date) > 0", "default_week_format", "WEEK(x, 3)"),
            ("DAYNAME(birth_date) <> ''", "lc_time_names", "DAYOFWEEK(x)"),
            ("MONTHNAME(birth_date) <> ''", "lc_time_names", "MONTH(x)"),
            (
                "DATE_FORMAT(birth_date, '%Y') <> ''",
                "lc_time_names",
                "YEAR(x)",
            ),
            (
                "FROM_UNIXTIME(a) IS NOT NULL",
                "time_zone",
                "the number itself",
            ),
        ] {
            let message = check(text).unwrap_err().0;
            assert!(message.contains(setting), "{text}: {message}");
            assert!(message.contains(write), "{text}: {message}");
            assert!(
                message.contains("cannot be used in the CHECK clause"),
                "{text}: {message}"
            );
        }
        assert!(check("WEEK(birth_date) > 0")
            .unwrap_err()
            .0
            .starts_with("it calls week() with one argument"));
        for text in [
            "CURDATE() > a",
            "SYSDATE() IS NOT NULL",
            "UTC_TIMESTAMP() IS NOT NULL",
            "USER() <> ''",
            "DATABASE() <> ''",
            "CONNECTION_ID() > 0",
            "RAND() > 0",
            "RAND(1) > 0",
            "UUID() <> ''",
            "UUID_SHORT() > 0",
            "LAST_INSERT_ID() > 0",
            "FOUND_ROWS() > 0",
            "ROW_COUNT() > 0",
            "GET_LOCK('x', 1) > 0",
            "SLEEP(1) = 0",
            "BENCHMARK(1, 1) = 0",
            "VERSION() <> ''",
            "LOAD_FILE('/x') IS NULL",
            "NOW(3) IS NOT NULL",
            "CURRENT_TIMESTAMP IS NOT NULL",
            "LOCALTIME IS NOT NULL",
            "CURRENT_DATE IS NOT NULL",
            "SCHEMA() <> ''",
        ] {
            assert!(check(text).is_err(), "{text} accepted");
        }
        for text in [
            "WEEK(birth_date, 3) > 0",
            "YEARWEEK(birth_date) > 0",
            "WEEKOFYEAR(birth_date) > 0",
            "DAYOFWEEK(birth_date) > 0",
            "STR_TO_DATE(code, '%Y') IS NOT NULL",
            "TIMESTAMPDIFF(DAY, birth_date, placed_at) >= 0",
        ] {
            assert!(check(text).is_ok(), "{text}: {:?}", check(text));
        }
        // Outside a CHECK (a default), and on PostgreSQL, week(x) is not refused for this.
        assert!(check_expression(&my, "WEEK(birth_date)").is_ok());
    }

    #[test]
    fn postgresql_index_wheres_refuse_what_is_never_immutable() {
        let pg = PostgreSqlDialect {};
        let column = |_: &str| None;
        let in_index = |text: &str| check_condition(&pg, text, Changing::InIndex, &column);
        for text in [
            "has_table_privilege('t', 'select')",
            "obj_description(1::oid) IS NULL",
            "v <> ARRAY['a']::text",
            "v <> CAST(ARRAY['a'] AS varchar)",
        ] {
            let why = in_index(text).unwrap_err().0;
            assert!(why.contains("IMMUTABLE"), "{text}: {why}");
            assert!(
                check_condition(&pg, text, Changing::Taken, &column).is_ok(),
                "{text}"
            );
        }
        for text in [
            "lower(v) = 'a'",
            "abs(n) > 1",
            "my_own(v)",
            "v <> (ARRAY['a'])[1]",
        ] {
            assert!(in_index(text).is_ok(), "{text}");
        }
    }
}
