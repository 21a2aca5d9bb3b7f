//! A SQLite column changed from TEXT into a number (INTEGER, REAL, NUMERIC) on a database file
//! with rows, with `allowDataLoss`: text that is no clean number refuses the migration, as
//! PostgreSQL (`USING c::integer`) and MariaDB refuse it, where the rebuild's CAST made `'n/a'`
//! 0 without a word (a user trial). Both ways the migration runs: the generator's trial on a
//! copy of the file (a `ROWS_REFUSE_CHANGE` warning with the row and a query that finds them
//! all), and the migration's SQL itself, run on the file by a driver and by the `sqlite3`
//! shell, which leaves the file as it was. Which texts are taken is compared with PostgreSQL
//! 15 and MariaDB 10.11, value by value.

#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use migration_generator::generate_json;
use serde_json::{json, Value};
use servers::{piped, Server};
use std::path::Path;

/// A file holding `t (id INTEGER PRIMARY KEY, c TEXT)` with `values` in `c` (ids from 1).
fn file_with(name: &str, values: &[Option<&str>]) -> std::path::PathBuf {
    let path = sqlite_files::database(
        "mg-text-number",
        name,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT);",
    );
    let conn = sqlite_files::open(&path);
    for v in values {
        conn.execute("INSERT INTO t (c) VALUES (?1)", [v]).unwrap();
    }
    path
}

/// The migration of the file at `path` into `c` of type `ty`, with `allowDataLoss`.
fn generated(path: &Path, ty: &str) -> Value {
    let spec = json!({ "description": "c_to_number", "databaseType": "sqlite",
        "existingDbPath": path.to_str().unwrap(), "allowDataLoss": true, "timestamps": false,
        "tables": [{ "name": "t", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "c", "type": ty, "nullable": true } ] }] });
    let v: Value = serde_json::from_str(&generate_json(&spec.to_string())).unwrap();
    assert!(v["validation"]["valid"].as_bool().unwrap(), "{v}");
    v
}

/// The warnings of `v` of `code`.
fn warnings<'a>(v: &'a Value, code: &str) -> Vec<&'a Value> {
    v["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == code)
        .collect()
}

/// `c` of every row of the file, with its type, by id.
fn rows(path: &Path) -> Vec<(i64, String, String)> {
    let conn = sqlite_files::open(path);
    let mut s = conn
        .prepare("SELECT id, quote(c), typeof(c) FROM t ORDER BY id")
        .unwrap();
    let rows = s
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// The stored text of `t`.
fn table_text(path: &Path) -> String {
    sqlite_files::open(path)
        .query_row("SELECT sql FROM sqlite_master WHERE name = 't'", [], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Runs `sql` on the file with the `sqlite3` shell, which carries on after an error (no
/// `-bail`): its standard error, or `None` where there is no shell.
fn shell(path: &Path, sql: &str) -> Option<String> {
    let mut shell = std::process::Command::new("sqlite3");
    shell.arg(path).stdout(std::process::Stdio::null());
    let out = piped::run_with_input(&mut shell, sql).ok()?;
    Some(String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn text_that_is_no_integer_refuses_the_migration_and_the_file_stays_as_it_was() {
    let path = file_with("na", &[Some("42"), Some("n/a"), None, Some(" 42 ")]);
    let v = generated(&path, "INTEGER");
    let up = v["upMigration"].as_str().unwrap();
    assert!(up.contains("CHECK (text_that_is_not_a_number = 0)"), "{up}");

    // The trial on a copy of the rows: the row, and a query that finds every such row.
    let refused = warnings(&v, "ROWS_REFUSE_CHANGE");
    assert_eq!(refused.len(), 1, "{v}");
    let message = refused[0]["message"].as_str().unwrap();
    assert!(
        message.contains("text that is not a clean number")
            && message.contains("(id) = (2), whose 'c' is 'n/a'"),
        "{message}"
    );
    let suggestion = refused[0]["suggestion"].as_str().unwrap();
    let query = suggestion
        .split_once("(find them all with: ")
        .unwrap()
        .1
        .split_once(");")
        .unwrap()
        .0;
    let conn = sqlite_files::open(&path);
    let found: Vec<i64> = conn
        .prepare(&format!("SELECT id FROM ({query})"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(found, [2], "{query}");
    drop(conn);

    // The SQL itself refuses, run by a driver and by the shell: nothing changed.
    let (was_rows, was_text) = (rows(&path), table_text(&path));
    let e = sqlite_files::open(&path)
        .execute_batch(up)
        .unwrap_err()
        .to_string();
    assert!(e.contains("text_that_is_not_a_number"), "{e}");
    assert_eq!(
        (rows(&path), table_text(&path)),
        (was_rows.clone(), was_text.clone())
    );
    if let Some(stderr) = shell(&path, up) {
        assert!(stderr.contains("text_that_is_not_a_number"), "{stderr}");
        assert_eq!((rows(&path), table_text(&path)), (was_rows, was_text));
    }

    // Mended, the same change runs: NULL stays NULL, ' 42 ' becomes 42.
    sqlite_files::open(&path)
        .execute_batch("UPDATE t SET c = NULL WHERE id = 2")
        .unwrap();
    let v = generated(&path, "INTEGER");
    assert!(warnings(&v, "ROWS_REFUSE_CHANGE").is_empty(), "{v}");
    sqlite_files::open(&path)
        .execute_batch(v["upMigration"].as_str().unwrap())
        .unwrap();
    let integer = |id: i64, c: &str| (id, c.to_string(), "integer".to_string());
    let null = |id: i64| (id, "NULL".to_string(), "null".to_string());
    assert_eq!(
        rows(&path),
        [integer(1, "42"), null(2), null(3), integer(4, "42")]
    );
}

/// The values compared, and whether PostgreSQL takes each into an integer, and into a
/// double precision or numeric (and so should SQLite into INTEGER, REAL and NUMERIC).
/// PostgreSQL takes `'NaN'` and `'Infinity'` into a float or numeric, which SQLite cannot hold
/// (it would make them 0): those refuse there, and are left out of the comparison.
const VALUES: &[(&str, bool, bool)] = &[
    ("42", true, true),
    (" 42 ", true, true),
    ("+007", true, true),
    ("-5", true, true),
    ("42.0", false, true),
    ("2.5", false, true),
    ("1e3", false, true),
    (".5", false, true),
    ("n/a", false, false),
    ("", false, false),
    ("true", false, false),
    ("12abc", false, false),
    ("0x1F", false, false),
];

/// Whether the generated SQLite migration into `ty` takes `value`.
fn sqlite_takes(value: &str, ty: &str) -> bool {
    let path = file_with(&format!("one-{ty}"), &[Some(value)]);
    let v = generated(&path, ty);
    let taken = sqlite_files::open(&path)
        .execute_batch(v["upMigration"].as_str().unwrap())
        .is_ok();
    // The trial said the same beforehand.
    assert_eq!(
        warnings(&v, "ROWS_REFUSE_CHANGE").is_empty(),
        taken,
        "{value:?} {ty}: {v}"
    );
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
    taken
}

#[test]
fn sqlite_takes_the_texts_postgresql_takes() {
    for &(value, integer, number) in VALUES {
        assert_eq!(sqlite_takes(value, "INTEGER"), integer, "{value:?} INTEGER");
        assert_eq!(sqlite_takes(value, "BIGINT"), integer, "{value:?} BIGINT");
        for ty in ["REAL", "NUMERIC", "DECIMAL"] {
            assert_eq!(sqlite_takes(value, ty), number, "{value:?} {ty}");
        }
    }
    for value in ["NaN", "Infinity", "1e400"] {
        assert!(!sqlite_takes(value, "REAL"), "{value}");
    }
    assert!(!sqlite_takes("9223372036854775808", "INTEGER"));
    assert!(sqlite_takes("-9223372036854775808", "INTEGER"));
}

#[test]
fn postgresql_and_mariadb_take_and_refuse_the_same_texts() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some(db) = server.scratch("text_to_number") else {
            continue;
        };
        for &(value, integer, number) in VALUES {
            for (ty, takes) in [
                ("integer", integer),
                ("numeric(12, 3)", number),
                ("double precision", number),
            ] {
                let change = match server {
                    Server::Postgres => {
                        format!("ALTER TABLE t ALTER COLUMN c TYPE {ty} USING c::{ty}")
                    }
                    Server::MariaDb => format!("ALTER TABLE t MODIFY c {ty}"),
                };
                // PostgreSQL's double precision reads text with C's strtod, which takes
                // hexadecimal: '0x1F' is 31 there (PostgreSQL 15), refused by its integer and
                // numeric and by MariaDB. SQLite's CAST would make it 0: the rebuild refuses it.
                let takes = takes
                    || (matches!(server, Server::Postgres)
                        && ty == "double precision"
                        && value == "0x1F");
                let literal = value.replace('\'', "''");
                let ran = db.run(&format!(
                    "DROP TABLE IF EXISTS t; CREATE TABLE t (c TEXT); INSERT INTO t VALUES ('{literal}'); {change};"
                ));
                assert_eq!(
                    ran.is_ok(),
                    takes,
                    "{server:?} {value:?} into {ty}: {ran:?}"
                );
            }
        }
    }
}
