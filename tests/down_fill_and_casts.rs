//! What a migration from `previousSpec` says it does to the values, run on the real engines
//! with rows: PostgreSQL 15 and MariaDB 10.11 (through `psql` and `mariadb`, each test in a
//! database of its own, `mg_rt_*` through tests/common/servers.rs, dropped afterwards), and the
//! bundled SQLite through rusqlite.
//!
//! - A dropped NOT NULL column comes back in the down migration with one value in every row
//!   (its default, MySQL's empty value of the type, SQLite's and PostgreSQL's `''`/`0` or the
//!   first string its CHECK allows); a CHECK the down migration adds back with it that refuses that value makes
//!   the down migration fail, which `DOWN_DATA_LOSS` says ("refuses" where that is settled, "may
//!   refuse" where it is not); one that takes it is not said, and the down migration runs (a
//!   user trial's MariaDB down migration failed on `seats > 0` over 0, told nothing).
//! - SQLite's TEXT made INTEGER, REAL or NUMERIC: the warning says what the rebuild's CAST makes
//!   of each value, and what the down migration gives back, as the bundled SQLite does it.
//! - PostgreSQL's VARCHAR made UUID: valid UUIDs in any form are rewritten in small letters with
//!   hyphens (and so given back by the down migration), others refuse the migration, and under a
//!   kept UNIQUE two forms of one UUID make it fail; MySQL's UUID is a CHAR(36), text.
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generate;
use serde_json::{json, Value};
use servers::Server;

/// A spec of one table `users (id, {column}?)` with `checks`.
fn users(db: &str, column: Option<&Value>, checks: Value) -> Value {
    let mut columns = vec![json!({ "name": "id", "type": "INTEGER", "nullable": false })];
    columns.extend(column.cloned());
    json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": [
        { "name": "users", "primaryKey": ["id"], "columns": columns, "checkConstraints": checks }
    ] })
}

/// The change that drops `column` (and its CHECK `expression`) from `users`, with allowDataLoss.
fn dropping(db: &str, column: &Value, expression: &str) -> (Value, Value) {
    let check = json!([{ "name": "chk_users_c", "expression": expression }]);
    let previous = users(db, Some(column), check);
    let mut spec = users(db, None, json!([]));
    spec["allowDataLoss"] = json!(true);
    spec["previousSpec"] = previous.clone();
    (generate(&previous), generate(&spec))
}

/// The `DOWN_DATA_LOSS` messages of `change`.
fn down_warnings(change: &Value) -> Vec<String> {
    (change["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "DOWN_DATA_LOSS")
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect()
}

fn column(ty: &str, extra: Value) -> Value {
    let mut c = json!({ "name": "c", "type": ty, "nullable": false });
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c
}

/// What the warning says of the CHECK over the value the column comes back with.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Said {
    /// Nothing: the CHECK takes the value, and the down migration runs on rows.
    Nothing,
    /// "… which its CHECK … refuses": the down migration fails on rows.
    Refuses,
    /// "… which its CHECK … may refuse": here, the down migration fails on rows.
    MayRefuse,
}

/// The dropped column's cases on `server`: the column, its CHECK, a value it holds before the
/// up migration, what is said, and the value the column comes back with (as the message says).
fn fill_cases(server: Server) -> Vec<(Value, &'static str, &'static str, Said, &'static str)> {
    let int = |extra: Value| column("INTEGER", extra);
    let text = |extra: Value| {
        let mut c = column("VARCHAR", extra);
        c["length"] = json!(20);
        c
    };
    use Said::*;
    match server {
        // MySQL fills a NOT NULL column added without a default with the type's empty value.
        Server::MariaDb => vec![
            (
                int(json!({})),
                "c > 0",
                "3",
                Refuses,
                "the type's empty value (0)",
            ),
            (int(json!({})), "c >= 0", "3", Nothing, ""),
            (
                int(json!({})),
                "c BETWEEN 1 AND 9",
                "3",
                Refuses,
                "the type's empty value (0)",
            ),
            (
                int(json!({})),
                "c <> 0 AND id > 0",
                "3",
                Refuses,
                "the type's empty value (0)",
            ),
            (
                text(json!({})),
                "c IN ('active', 'banned')",
                "'active'",
                Refuses,
                "the type's empty value ('')",
            ),
            (
                text(json!({})),
                "c <> ''",
                "'x'",
                Refuses,
                "the type's empty value ('')",
            ),
            (
                text(json!({})),
                "length(c) >= 2",
                "'xy'",
                Refuses,
                "the type's empty value ('')",
            ),
            (
                text(json!({})),
                "length(c) >= 2 OR id > 5",
                "'xy'",
                MayRefuse,
                "the type's empty value ('')",
            ),
            // Read with OR and NOT too, as a default is.
            (
                int(json!({})),
                "c > 0 OR c < -5",
                "3",
                Refuses,
                "the type's empty value (0)",
            ),
            (
                int(json!({})),
                "NOT (c = 0)",
                "3",
                Refuses,
                "the type's empty value (0)",
            ),
            (
                int(json!({})),
                "c > 0 OR c IS NULL",
                "3",
                Refuses,
                "the type's empty value (0)",
            ),
            (
                text(json!({})),
                "c IN ('active', 'banned') OR c = 'gone'",
                "'gone'",
                Refuses,
                "the type's empty value ('')",
            ),
            (int(json!({})), "c >= 0 OR id > 5", "3", Nothing, ""),
            (int(json!({})), "NOT (c <> 0)", "0", Nothing, ""),
            (int(json!({ "default": 5 })), "c > 0", "3", Nothing, ""),
            (
                text(json!({ "default": "banned" })),
                "c IN ('active', 'banned')",
                "'active'",
                Nothing,
                "",
            ),
        ],
        // PostgreSQL's down migration adds a NOT NULL column without a default with a filler of
        // its type (`0`, `''`, or the first string its CHECK allows) as the default, dropped
        // after (src/pg_fill_back.rs); with a default, the CHECK is asked of that. (A default
        // the CHECK refuses whatever the row holds, `DEFAULT 0` under `c > 0`, is
        // INVALID_DEFAULT in the spec that has it: no previousSpec is made with one.)
        Server::Postgres => vec![
            (int(json!({})), "c > 0", "3", Refuses, "0"),
            (int(json!({})), "c >= 0", "3", Nothing, ""),
            (int(json!({})), "c BETWEEN 1 AND 9", "3", Refuses, "0"),
            (
                text(json!({})),
                "c IN ('active', 'banned')",
                "'banned'",
                Nothing,
                "",
            ),
            (text(json!({})), "c <> ''", "'x'", Refuses, "''"),
            (text(json!({})), "length(c) >= 2", "'xy'", Refuses, "''"),
            (int(json!({ "default": 1 })), "c > 0", "3", Nothing, ""),
            (
                int(json!({ "default": 1 })),
                "c > 0 OR c < -5",
                "3",
                Nothing,
                "",
            ),
            (
                text(json!({ "default": "banned" })),
                "c IN ('active', 'banned')",
                "'active'",
                Nothing,
                "",
            ),
            // A default the length CHECK refuses in every row is INVALID_DEFAULT; one it refuses
            // in some rows (here the one row, id 1) is said as what may refuse.
            (
                text(json!({ "default": "x" })),
                "length(c) >= 2 OR id > 5",
                "'xy'",
                MayRefuse,
                "'x'",
            ),
            (
                text(json!({ "default": "xy" })),
                "length(c) >= 2",
                "'xyz'",
                Nothing,
                "",
            ),
        ],
    }
}

/// A dropped column's CHECK that refuses the value the down migration gives the column back is
/// said, and the down migration indeed fails on a table with a row; one that takes it is not,
/// and the down migration runs. On MariaDB and PostgreSQL.
#[test]
fn a_check_that_refuses_a_dropped_columns_fill_is_said_and_fails_the_down_migration() {
    for server in [Server::MariaDb, Server::Postgres] {
        let Some(db) = server.scratch("down_fill") else {
            continue;
        };
        let ty = server.database_type();
        for (c, expression, value, said, fill) in fill_cases(server) {
            let (previous, change) = dropping(ty, &c, expression);
            let case = format!("{server:?} {c} CHECK ({expression})");
            let shown = if server == Server::MariaDb {
                expression.replace("length(", "CHAR_LENGTH(")
            } else {
                expression.to_string()
            };
            // The CHECK goes in the ALTER TABLE that adds the column back, which fails whole.
            let leaving = if server == Server::MariaDb {
                format!(
                    ", leaving {}: the column is not added, as one ALTER TABLE adds it with the CHECK",
                    migration_generator::spec_change::MYSQL_DOWN_STOPPED
                )
            } else {
                String::new()
            };
            let expected = match said {
                Said::Nothing => vec![],
                Said::Refuses | Said::MayRefuse => vec![format!(
                    "the down migration adds 'c' back with {fill} in every row, which its CHECK 'chk_users_c' ({shown}) {}: the down migration then fails{leaving}",
                    if said == Said::Refuses { "refuses" } else { "may refuse" }
                )],
            };
            let warnings: Vec<String> = down_warnings(&change)
                .into_iter()
                .filter(|w| w.contains("back with"))
                .collect();
            assert_eq!(warnings, expected, "{case}");
            db.exec("DROP TABLE IF EXISTS users;");
            db.exec(previous["upMigration"].as_str().unwrap());
            db.exec(&format!("INSERT INTO users (id, c) VALUES (1, {value});"));
            db.exec(change["upMigration"].as_str().unwrap());
            let down = db.run(change["downMigration"].as_str().unwrap());
            match said {
                Said::Nothing => {
                    assert!(down.is_ok(), "{case}: {down:?}");
                    assert_eq!(db.rows("SELECT id FROM users"), 1, "{case}");
                }
                Said::Refuses | Said::MayRefuse => {
                    let e = down.expect_err(&case);
                    assert!(
                        e.contains("chk_users_c") || e.contains("CONSTRAINT"),
                        "{case}: {e}"
                    );
                    if server == Server::MariaDb {
                        let c = "SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'users' AND column_name = 'c'";
                        assert_eq!(db.rows(c), 0, "{case}: the column is left added");
                    }
                }
            }
        }
    }
}

/// SQLite's down rebuild fills the dropped NOT NULL column with `0` or `''` by its affinity,
/// or with the first string its CHECK allows (`'active'` for `IN ('active', 'banned')`), which
/// that CHECK takes: the down migration then runs. One that refuses `0` is said, and fails.
#[test]
fn sqlite_fills_a_dropped_column_with_the_first_string_its_check_allows() {
    let text = json!({ "name": "c", "type": "TEXT", "nullable": false });
    let (previous, change) = dropping("sqlite", &text, "c IN ('active', 'banned')");
    assert_eq!(down_warnings(&change), Vec::<String>::new());
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(previous["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch("INSERT INTO users (id, c) VALUES (1, 'banned');")
        .unwrap();
    conn.execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch(change["downMigration"].as_str().unwrap())
        .unwrap();
    let back: String = conn
        .query_row("SELECT c FROM users", [], |r| r.get(0))
        .unwrap();
    assert_eq!(back, "active");

    let (previous, change) = dropping("sqlite", &column("INTEGER", json!({})), "c > 0");
    assert_eq!(
        down_warnings(&change),
        ["the down migration brings 'c' back as 0 in every row, which its CHECK (c > 0) refuses: the down migration then fails (and rolls that table back)"]
    );
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(previous["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch("INSERT INTO users (id, c) VALUES (1, 3);")
        .unwrap();
    conn.execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap();
    let e = conn
        .execute_batch(change["downMigration"].as_str().unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("CHECK constraint failed"), "{e}");
}

/// Values of a TEXT column, each with what the up migration makes of it and the text the down
/// migration gives back.
type Values = &'static [(&'static str, &'static str, &'static str)];

/// SQLite's TEXT made INTEGER, REAL or NUMERIC: each clean number becomes what the warning
/// says on the bundled SQLite, and the down migration gives back the number's text; each text
/// the warning names as no number refuses the migration, which leaves the rows as they were.
/// (Before, CAST took them all: 'abc' became 0 and '2.5' 2 in an INTEGER, without a word.)
#[test]
fn sqlite_text_made_a_number_says_what_cast_does() {
    // (type, [(value, what it becomes, text back)], the texts refused).
    let cases: [(&str, Values, &[&str]); 3] = [
        (
            "INTEGER",
            &[(" 42 ", "42", "42"), ("+007", "7", "7"), ("-5", "-5", "-5")],
            &[
                "n/a",
                "",
                "true",
                "42.0",
                "2.5",
                "1e3",
                "12abc",
                "99999999999999999999",
            ],
        ),
        (
            "REAL",
            &[
                (" 2.5 ", "2.5", "2.5"),
                ("1e3", "1000.0", "1000.0"),
                (".5", "0.5", "0.5"),
            ],
            &["n/a", "", "true", "12abc", "NaN"],
        ),
        (
            "NUMERIC",
            &[
                ("2.50", "2.5", "2.5"),
                ("1e3", "1000", "1000"),
                ("42", "42", "42"),
            ],
            &["n/a", "", "true", "12abc", "NaN"],
        ),
    ];
    for (to, values, refused) in cases {
        let table = |ty: &str| {
            json!({ "description": "s", "databaseType": "sqlite", "timestamps": false, "tables": [
                { "name": "t", "primaryKey": ["id"], "columns": [
                    { "name": "id", "type": "INTEGER", "nullable": false },
                    { "name": "v", "type": ty, "nullable": true } ] }
            ] })
        };
        let previous = table("TEXT");
        let mut spec = table(to);
        spec["allowDataLoss"] = json!(true);
        spec["previousSpec"] = previous.clone();
        let change = generate(&spec);
        let warning = (change["validation"]["warnings"].as_array().unwrap().iter())
            .find(|w| w["code"] == "TYPE_NARROWING")
            .map(|w| w["message"].as_str().unwrap().to_string())
            .unwrap();
        assert!(
            warning.starts_with(&format!(
                "changing 'v' from TEXT to {to} converts the values with CAST: "
            )),
            "{warning}"
        );
        let up = change["upMigration"].as_str().unwrap();
        let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(generate(&previous)["upMigration"].as_str().unwrap())
            .unwrap();
        for (i, (value, _, _)) in values.iter().enumerate() {
            conn.execute("INSERT INTO t (id, v) VALUES (?1, ?2)", (i as i64, *value))
                .unwrap();
        }
        let read = |conn: &rusqlite::Connection| -> Vec<String> {
            let mut s = conn.prepare("SELECT v FROM t ORDER BY id").unwrap();
            let rows = s
                .query_map([], |r| {
                    Ok(match r.get_ref(0)? {
                        rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                        rusqlite::types::ValueRef::Real(f) => format!("{f:?}"),
                        rusqlite::types::ValueRef::Text(t) => {
                            format!("text {}", String::from_utf8_lossy(t))
                        }
                        other => format!("{other:?}"),
                    })
                })
                .unwrap();
            rows.map(Result::unwrap).collect()
        };
        // Each text that is no number refuses the migration, which leaves the rows as they were.
        let held = read(&conn);
        for value in refused {
            conn.execute("INSERT INTO t (id, v) VALUES (99, ?1)", [value])
                .unwrap();
            let e = conn.execute_batch(up).unwrap_err().to_string();
            assert!(
                e.contains("text_that_is_not_a_number"),
                "{to}: {value:?}: {e}"
            );
            assert!(conn.is_autocommit());
            conn.execute_batch("DELETE FROM t WHERE id = 99").unwrap();
            assert_eq!(read(&conn), held, "{to}: {value:?}");
            if !value.starts_with("999") {
                assert!(
                    warning.contains(&format!("'{value}'")),
                    "{to}: {value}: {warning}"
                );
            }
        }
        conn.execute_batch(up).unwrap();
        let became: Vec<String> = values.iter().map(|(_, b, _)| b.to_string()).collect();
        assert_eq!(read(&conn), became, "{to}");
        conn.execute_batch(change["downMigration"].as_str().unwrap())
            .unwrap();
        let back: Vec<String> = values.iter().map(|(_, _, t)| format!("text {t}")).collect();
        assert_eq!(read(&conn), back, "{to}");
    }
}

/// PostgreSQL's VARCHAR made UUID rewrites a UUID written in capitals, in braces or without
/// hyphens into small letters with hyphens, which the down migration gives back as that text,
/// and refuses other text, as the warning says; with a UNIQUE kept on the column, two forms
/// of one UUID make the migration fail, as `ROWS_REFUSE_CHANGE` says.
#[test]
fn postgres_text_made_uuid_says_what_it_does() {
    let Some(db) = Server::Postgres.scratch("uuid_made") else {
        return;
    };
    let table = |ty: Value| {
        let mut c = json!({ "name": "code", "nullable": true, "unique": true });
        c.as_object_mut()
            .unwrap()
            .extend(ty.as_object().unwrap().clone());
        json!({ "description": "s", "databaseType": "postgresql", "timestamps": false, "tables": [
            { "name": "t", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false }, c ] }
        ] })
    };
    let previous = table(json!({ "type": "VARCHAR", "length": 40 }));
    let mut spec = table(json!({ "type": "UUID" }));
    spec["allowDataLoss"] = json!(true);
    spec["previousSpec"] = previous.clone();
    let change = generate(&spec);
    let said = |code: &str| -> Vec<String> {
        (change["validation"]["warnings"].as_array().unwrap().iter())
            .filter(|w| w["code"] == code)
            .map(|w| w["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(said("TYPE_NARROWING"), ["changing 'code' from VARCHAR(40) to UUID takes text that is a UUID, in capitals or small letters, in braces or without hyphens, and writes each in small letters with hyphens ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' and '{a0eebc999c0b4ef8bb6d6bb9bd380a11}' both become 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', the text the down migration gives back); other text ('abc', '', a UUID with a space) refuses the migration"]);
    assert_eq!(said("ROWS_REFUSE_CHANGE").len(), 1);
    assert!(said("ROWS_REFUSE_CHANGE")[0].contains("(VARCHAR(40) to UUID: several texts of one value read as that value: a UUID in capitals, in braces and in small letters ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{a0eebc999c0b4ef8bb6d6bb9bd380a11}' and 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11') become one)"), "{:?}", said("ROWS_REFUSE_CHANGE"));
    let up = change["upMigration"].as_str().unwrap();
    let down = change["downMigration"].as_str().unwrap();
    let seeded = |rows: &str| {
        db.exec("DROP TABLE IF EXISTS t;");
        db.exec(generate(&previous)["upMigration"].as_str().unwrap());
        db.exec(&format!("INSERT INTO t (id, code) VALUES {rows};"));
    };
    let forms = [
        "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
        "{a0eebc999c0b4ef8bb6d6bb9bd380a11}",
        "a0eebc999c0b4ef8bb6d6bb9bd380a11",
    ];
    for form in forms {
        seeded(&format!("(1, '{form}')"));
        db.exec(up);
        assert_eq!(
            db.exec("SELECT code::text FROM t;").trim(),
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
        );
        db.exec(down);
        assert_eq!(
            db.exec("SELECT code FROM t;").trim(),
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "{form}"
        );
    }
    for other in ["abc", "", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"] {
        seeded(&format!("(1, '{other}')"));
        let e = db.run(up).unwrap_err();
        assert!(e.contains("invalid input syntax for type uuid"), "{e}");
    }
    seeded(&format!("(1, '{}'), (2, '{}')", forms[0], forms[1]));
    let e = db.run(up).unwrap_err();
    assert!(e.contains("could not create unique index"), "{e}");
}

/// MySQL's UUID is a CHAR(36): VARCHAR made UUID keeps the text as it is, in any case, and a
/// UNIQUE kept on it is not told of a UUID in capitals and small letters becoming one (MySQL's
/// collation held them as one before), only of what a CHAR does to the spaces at the end.
#[test]
fn mysql_text_made_uuid_is_text_made_char() {
    let Some(db) = Server::MariaDb.scratch("uuid_made") else {
        return;
    };
    let table = |ty: Value| {
        let mut c = json!({ "name": "code", "nullable": true, "unique": true });
        c.as_object_mut()
            .unwrap()
            .extend(ty.as_object().unwrap().clone());
        json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [
            { "name": "t", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false }, c ] }
        ] })
    };
    let previous = table(json!({ "type": "VARCHAR", "length": 40 }));
    let mut spec = table(json!({ "type": "UUID" }));
    spec["allowDataLoss"] = json!(true);
    spec["previousSpec"] = previous.clone();
    let change = generate(&spec);
    let refuse: Vec<String> = (change["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE")
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(refuse.len(), 1);
    assert!(refuse[0].contains("(VARCHAR(40) to CHAR(36): a CHAR, compared without the spaces at its end: 'ab' and 'ab ' become one)"), "{refuse:?}");
    db.exec(generate(&previous)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO t (id, code) VALUES (1, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11');");
    // One UUID in small letters is one already under the UNIQUE, before the migration.
    assert!(db
        .run("INSERT INTO t (id, code) VALUES (2, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');")
        .unwrap_err()
        .contains("Duplicate entry"));
    db.exec(change["upMigration"].as_str().unwrap());
    assert_eq!(
        db.exec("SELECT code FROM t;").trim(),
        "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"
    );
}
