//! Expressions a user trial found valid that an engine refuses, each run on the engine: a
//! VALUES list, `n = (VALUES (1))`, a subquery to PostgreSQL 15, MariaDB 10.11 and SQLite (in a
//! CHECK, a partial index's WHERE and a default); a number past a double's range, `1e400`, which
//! MariaDB refuses wherever it stands (Illegal double) and PostgreSQL beside a REAL column
//! (double precision: out of range); SQLite's digits grouped with `_` (`1_000`), which the
//! bundled SQLite takes and one before 3.46 refuses (the system's `sqlite3` where it is older:
//! unrecognized token), said by a warning; and PostgreSQL's bit strings (`B'101'`), which
//! compare with bit strings only (operator does not exist: character varying = bit).
//!
//! Each refused form is written by hand on the engine, which must refuse it too; each form
//! taken beside it is generated and its migration run there, with a row. PostgreSQL and
//! MariaDB run in scratch databases of their own (`mg_rt_*`, tests/common/servers.rs); a server
//! that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generated;
use serde_json::{json, Value};
use servers::Server;

/// Where an expression stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    Check,
    Where,
    /// A default of the column `d` of this spec type.
    Default(&'static str),
}

/// A spec of the table `items` (`id`, `n` INTEGER, `s` VARCHAR(10), `score` REAL) for `db`,
/// with `e` in `place`.
fn spec(db: &str, place: Place, e: &str) -> Value {
    let mut columns = vec![
        json!({ "name": "id", "type": "INTEGER", "nullable": false }),
        json!({ "name": "n", "type": "INTEGER", "nullable": true }),
        json!({ "name": "s", "type": "VARCHAR", "length": 10, "nullable": true }),
        json!({ "name": "score", "type": "REAL", "nullable": true }),
    ];
    let mut table = json!({ "name": "items", "primaryKey": ["id"] });
    match place {
        Place::Check => table["checkConstraints"] = json!([{ "name": "ck_e", "expression": e }]),
        Place::Where => {
            table["indexes"] = json!([{ "name": "ix_e", "columns": ["n"], "where": e }])
        }
        Place::Default(ty) => columns.push(json!({
            "name": "d", "type": ty, "nullable": true, "default": { "expression": e }
        })),
    }
    table["columns"] = json!(columns);
    json!({ "description": "t", "databaseType": db, "timestamps": false, "tables": [table] })
}

/// The code validation gives a refused expression in `place`.
fn code_of(place: Place) -> &'static str {
    match place {
        Place::Default(_) => "INVALID_DEFAULT",
        _ => "INVALID_CHECK_EXPRESSION",
    }
}

/// Asserts validation refuses `e` in `place` for `db` with the place's code, and that its
/// message (with the suggestion) says each of `says`.
fn assert_refused(db: &str, place: Place, e: &str, says: &[&str]) {
    let out = generated(&spec(db, place, e));
    let errors = out["validation"]["errors"].as_array().unwrap();
    let error = errors
        .iter()
        .find(|x| x["code"] == code_of(place))
        .unwrap_or_else(|| panic!("{db} {place:?} {e}: {errors:?}"));
    let said = format!("{} {}", error["message"], error["suggestion"]);
    for s in says {
        assert!(said.contains(s), "{db} {place:?} {e}: '{s}' not in {said}");
    }
}

/// The generated migration of `e` in `place` for `db`, which validation must take.
fn taken_up(db: &str, place: Place, e: &str) -> String {
    let out = generated(&spec(db, place, e));
    assert_eq!(
        out["validation"]["valid"], true,
        "{db} {place:?} {e}: {}",
        out["validation"]["errors"]
    );
    out["upMigration"].as_str().unwrap().to_string()
}

/// The table written by hand for `server` (its own types) with `e` in `place`, and an insert
/// of a row (which takes a default).
fn by_hand(server: Server, place: Place, e: &str) -> String {
    let (columns, real) = match server {
        Server::Postgres => (
            "id integer PRIMARY KEY, n integer, s varchar(10)",
            "double precision",
        ),
        Server::MariaDb => ("id int PRIMARY KEY, n int, s varchar(10)", "double"),
    };
    let table = match place {
        Place::Check => format!("CREATE TABLE items ({columns}, score {real}, CHECK ({e}));"),
        Place::Where => format!(
            "CREATE TABLE items ({columns}, score {real}); CREATE INDEX ix_e ON items (n) WHERE {e};"
        ),
        Place::Default(ty) => {
            let ty = match (ty, server) {
                ("REAL", _) => real,
                ("INTEGER", _) => "integer",
                (_, _) => "varchar(10)",
            };
            format!("CREATE TABLE items ({columns}, score {real}, d {ty} DEFAULT ({e}));")
        }
    };
    format!("DROP TABLE IF EXISTS items; {table} INSERT INTO items (id) VALUES (1);")
}

/// The migration `up` run on `server` with a row inserted, which must succeed.
fn runs(db: &servers::Scratch, up: &str) {
    let sql = format!("DROP TABLE IF EXISTS items; {up}\nINSERT INTO items (id) VALUES (1);");
    db.run(&sql)
        .unwrap_or_else(|e| panic!("{:?} refused: {e}\n{sql}", db.server));
}

/// The engine's error for the hand-written `e` in `place`, which must refuse it.
fn engine_refuses(db: &servers::Scratch, place: Place, e: &str) -> String {
    let sql = by_hand(db.server, place, e);
    match db.run(&sql) {
        Err(error) => error,
        Ok(_) => panic!("{:?} took {place:?} {e}:\n{sql}", db.server),
    }
}

/// `(VALUES (1))` is a subquery to PostgreSQL, refused in a CHECK, a partial index's WHERE and
/// a default ("cannot use subquery in …"); the value itself is taken.
#[test]
fn values_list_is_refused_as_postgresql_refuses_it() {
    let Some(db) = Server::Postgres.scratch("values_list") else {
        return;
    };
    for (place, e, rewrite, server_says) in [
        (
            Place::Check,
            "n = (VALUES (4))",
            "n = 4",
            "subquery in check constraint",
        ),
        (
            Place::Where,
            "n = (VALUES (4))",
            "n = 4",
            "subquery in index predicate",
        ),
        (
            Place::Default("INTEGER"),
            "(VALUES (4))",
            "4",
            "subquery in DEFAULT expression",
        ),
        (
            Place::Check,
            "n > 0 AND n <> (values(4))",
            "n > 0 AND n <> 4",
            "subquery",
        ),
    ] {
        assert_refused(
            "postgresql",
            place,
            e,
            &["VALUES list", "subquery", "write the value itself, 4"],
        );
        let error = engine_refuses(&db, place, e);
        assert!(error.contains(server_says), "{place:?} {e}: {error}");
        runs(&db, &taken_up("postgresql", place, rewrite));
    }
    // A function of one's own called "values", quoted, is no VALUES list.
    let out = generated(&spec("postgresql", Place::Check, "\"values\"(n) > 0"));
    let errors = out["validation"]["errors"].as_array().unwrap();
    assert!(
        !errors
            .iter()
            .any(|x| x["message"].as_str().unwrap().contains("VALUES list")),
        "{errors:?}"
    );
}

/// MariaDB 10.11 refuses `(VALUES (1))` in a CHECK ("CHECK does not support subqueries") and
/// a default (error 1901); the value itself is taken.
#[test]
fn values_list_is_refused_as_mariadb_refuses_it() {
    let Some(db) = Server::MariaDb.scratch("values_list") else {
        return;
    };
    for (place, e, rewrite) in [
        (Place::Check, "n = (VALUES (4))", "n = 4"),
        (Place::Default("INTEGER"), "(VALUES (4))", "4"),
    ] {
        assert_refused(
            "mysql",
            place,
            e,
            &["VALUES list", "subquery", "write the value itself, 4"],
        );
        engine_refuses(&db, place, e);
        runs(&db, &taken_up("mysql", place, rewrite));
    }
}

/// The bundled SQLite refuses `(VALUES (1))` in a CHECK and a partial index's WHERE
/// ("subqueries prohibited") and in a default (a syntax error); validation says so with what
/// to write, as it does on the other databases.
#[test]
fn values_list_is_refused_as_sqlite_refuses_it() {
    let hand = |place: Place, e: &str| {
        match place {
        Place::Check => format!("CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER, CHECK ({e}));"),
        Place::Where => format!(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER); CREATE INDEX ix_e ON items (n) WHERE {e};"
        ),
        Place::Default(_) => format!("CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER DEFAULT {e});"),
    }
    };
    for (place, e, rewrite) in [
        (Place::Check, "n = (VALUES (4))", "n = 4"),
        (Place::Where, "n = (VALUES (4))", "n = 4"),
        (Place::Default("INTEGER"), "(VALUES (4))", "4"),
    ] {
        assert_refused(
            "sqlite",
            place,
            e,
            &["VALUES list", "subquery", "write the value itself, 4"],
        );
        let engine = migration_generator::sqlite_memory::open_in_memory().unwrap();
        assert!(
            engine.execute_batch(&hand(place, e)).is_err(),
            "SQLite took {place:?} {e}"
        );
        let up = taken_up("sqlite", place, rewrite);
        let engine = migration_generator::sqlite_memory::open_in_memory().unwrap();
        engine
            .execute_batch(&format!("{up}\nINSERT INTO items (id) VALUES (1);"))
            .unwrap_or_else(|e| panic!("{e}\n{up}"));
    }
}

/// MariaDB 10.11 reads a number with an exponent as a DOUBLE and refuses one past its range
/// (error 1367, Illegal double '1e400' value found during parsing), in a CHECK and a default;
/// one within it, or too small (read as 0), is taken.
#[test]
fn a_double_past_its_range_is_refused_as_mariadb_refuses_it() {
    let Some(db) = Server::MariaDb.scratch("double_range") else {
        return;
    };
    for (place, e) in [
        (Place::Check, "n > 1e400"),
        (Place::Check, "score < -2E308 OR n > 0"),
        (Place::Default("REAL"), "1e400"),
        (Place::Default("REAL"), "-2e308"),
        (Place::Default("REAL"), "1.7976931348623159e308"),
    ] {
        assert_refused(
            "mysql",
            place,
            e,
            &["past the range of a DOUBLE", "write a number from"],
        );
        let error = engine_refuses(&db, place, e);
        assert!(error.contains("Illegal double"), "{place:?} {e}: {error}");
    }
    for (place, e) in [
        (Place::Check, "n < 1.5e308"),
        (Place::Check, "score > 1e-400"),
        (Place::Default("REAL"), "1.7976931348623157e308"),
        (Place::Default("REAL"), "-1e-400"),
    ] {
        runs(&db, &taken_up("mysql", place, e));
    }
}

/// PostgreSQL reads `1e400` as a numeric, taken beside an integer; beside a REAL column (double
/// precision) it converts it, and refuses it: a CHECK when the table is created, a default at
/// the insert that takes it (out of range for type double precision).
#[test]
fn a_number_past_double_precision_is_refused_beside_a_real_column_on_postgresql() {
    let Some(db) = Server::Postgres.scratch("double_range") else {
        return;
    };
    for (place, e) in [
        (Place::Check, "score > 1e400"),
        (Place::Check, "score BETWEEN -1e400 AND 0"),
        (Place::Check, "score + 1e400 > 0"),
        (Place::Check, "score IN (1, 1e-400)"),
        (Place::Default("REAL"), "1e400"),
        (Place::Default("REAL"), "(-2e308)"),
        (Place::Default("REAL"), "1e-400"),
    ] {
        assert_refused(
            "postgresql",
            place,
            e,
            &["past the range of double precision", "write a number from"],
        );
        let error = engine_refuses(&db, place, e);
        assert!(
            error.contains("out of range for type double precision"),
            "{place:?} {e}: {error}"
        );
    }
    for (place, e) in [
        (Place::Check, "n < 1e400"),
        (Place::Check, "score < 1e300"),
        (Place::Default("REAL"), "1.5e308"),
        (Place::Default("INTEGER"), "1e3"),
    ] {
        runs(&db, &taken_up("postgresql", place, e));
    }
}

/// Digits grouped with `_` (`1_000`): the bundled SQLite takes them, an older one than 3.46
/// refuses the statement, so validation takes them with an `UNKNOWN_FUNCTION` warning naming
/// 3.46, as for functions SQLite added after 3.35. The system's `sqlite3`, where it is older,
/// shows the refusal (3.40.1: unrecognized token: "1_000").
#[test]
fn digit_separators_are_warned_about_on_sqlite() {
    for (place, e) in [
        (Place::Check, "n < 1_000"),
        (Place::Where, "n > 1_0"),
        (Place::Default("INTEGER"), "1_000 + 1"),
    ] {
        let out = generated(&spec("sqlite", place, e));
        assert_eq!(
            out["validation"]["valid"], true,
            "{place:?} {e}: {}",
            out["validation"]
        );
        let warnings = out["validation"]["warnings"].as_array().unwrap();
        let w = warnings
            .iter()
            .find(|w| w["code"] == "UNKNOWN_FUNCTION")
            .unwrap_or_else(|| panic!("{place:?} {e}: {warnings:?}"));
        let message = w["message"].as_str().unwrap();
        assert!(message.contains("digits grouped with _"), "{message}");
        assert!(message.contains("3.46"), "{message}");
        assert!(message.contains("the migration fails"), "{message}");
        let up = out["upMigration"].as_str().unwrap();
        let bundled = migration_generator::sqlite_memory::open_in_memory().unwrap();
        bundled
            .execute_batch(&format!("{up}\nINSERT INTO items (id) VALUES (1);"))
            .unwrap_or_else(|e| panic!("{e}\n{up}"));
        let mut shell = std::process::Command::new("sqlite3");
        shell
            .arg("-bail")
            .arg(":memory:")
            .stdout(std::process::Stdio::null());
        let version = std::process::Command::new("sqlite3")
            .arg("--version")
            .output();
        let older = version.is_ok_and(|v| {
            let text = String::from_utf8_lossy(&v.stdout).to_string();
            let numbers: Vec<u32> = (text.split_whitespace().next().unwrap_or(""))
                .split('.')
                .filter_map(|n| n.parse().ok())
                .collect();
            numbers.len() >= 2 && numbers < vec![3, 46]
        });
        if older {
            let out = servers::piped::run_with_input(&mut shell, up).unwrap();
            assert!(!out.status.success(), "the system's sqlite3 took {e}");
            let said = String::from_utf8_lossy(&out.stderr);
            assert!(said.contains("unrecognized token"), "{said}");
        } else {
            eprintln!("no sqlite3 older than 3.46 on this machine: the refusal is not shown");
        }
    }
    // Without them, no warning.
    let out = generated(&spec("sqlite", Place::Check, "n < 1000"));
    let warnings = out["validation"]["warnings"].as_array().unwrap();
    assert!(
        !warnings.iter().any(|w| w["code"] == "UNKNOWN_FUNCTION"),
        "{warnings:?}"
    );
}

/// PostgreSQL's bit strings (`B'101'`, type bit) compare with bit strings, and with a string
/// it reads as one ('101', 'x5'); with text or a number it has no operator (operator does not
/// exist: character varying = bit), and a string of other digits it cannot read. A default of
/// a bit string is taken by a string column, not by an INTEGER (default expression is of type
/// bit).
#[test]
fn bit_strings_compare_with_bit_strings_only_on_postgresql() {
    let Some(db) = Server::Postgres.scratch("bit_strings") else {
        return;
    };
    for (place, e, says, server_says) in [
        (
            Place::Check,
            "s = B'101'",
            "with a bit string",
            "operator does not exist",
        ),
        (
            Place::Check,
            "n = B'1'",
            "a bit string with a number",
            "operator does not exist",
        ),
        (
            Place::Check,
            "B'101' <> s OR n > 0",
            "with text",
            "operator does not exist",
        ),
        (
            Place::Check,
            "B'101' = 'abc'",
            "cannot read as a bit string",
            "not a valid binary digit",
        ),
        (
            Place::Where,
            "s = B'101'",
            "with a bit string",
            "operator does not exist",
        ),
        (
            Place::Default("INTEGER"),
            "B'101'",
            "of type bit",
            "default expression is of type bit",
        ),
    ] {
        assert_refused("postgresql", place, e, &[says]);
        let error = engine_refuses(&db, place, e);
        assert!(error.contains(server_says), "{place:?} {e}: {error}");
    }
    for (place, e) in [
        (Place::Check, "B'101' = '101' OR n > 0"),
        (Place::Check, "B'101' <> 'x5' OR n > 0"),
        (Place::Check, "B'101' <> B'10' OR n > 0"),
        (Place::Check, "CAST(s AS BIT(3)) = B'101'"),
        (Place::Check, "s::text = B'101'::text"),
        (Place::Default("VARCHAR"), "B'101'"),
    ] {
        runs(&db, &taken_up("postgresql", place, e));
    }
}
