//! The warnings of a migration from `previousSpec` run on the real engines: PostgreSQL 15 and
//! MariaDB 10.11 servers (through `psql` and `mariadb`, each test in a database of its own,
//! `mg_rt_*` through tests/common/servers.rs, dropped afterwards), and SQLite through rusqlite.
//!
//! - `ROWS_REFUSE_CHANGE` queries are for the database before the migration: where the
//!   migration renames the table, its columns, the table a new foreign key references and its
//!   columns, and changes a column's type, each query runs there and finds the rows that refuse
//!   the migration, and none once they are mended (a reviewer's queries named what the
//!   migration makes: "relation people does not exist").
//! - A CHECK put back by the down migration keeps the string literals of previousSpec's CHECK
//!   that spell a renamed column's old name, and the `DOWN_DATA_LOSS` warning says so: a row
//!   written since that it refuses makes the down migration fail.
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::{dead_scratch_databases, process_alive, Server};
use std::process::Command;

fn spec(db: &str, tables: Value) -> Value {
    json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": tables })
}

/// previousSpec: `owners (oid, nm)`, `tasks (id, owner text, prio, title, code text)`.
fn before(db: &str) -> Value {
    spec(
        db,
        json!([
            { "name": "owners", "primaryKey": ["oid"], "columns": [
                col("oid", "INTEGER", json!({ "nullable": false })),
                col("nm", "VARCHAR", json!({ "length": 20 })) ] },
            { "name": "tasks", "columns": [
                col("id", "INTEGER", json!({ "nullable": false, "autoIncrement": true })),
                col("owner", "VARCHAR", json!({ "length": 10 })),
                col("prio", "INTEGER", json!({})),
                col("title", "VARCHAR", json!({ "length": 20 })),
                col("code", "VARCHAR", json!({ "length": 10 })) ] }
        ]),
    )
}

/// The spec: both tables and most columns renamed, `owner` and `code` made integers, and a
/// foreign key, a UNIQUE, a unique index and CHECKs over them.
fn after(db: &str) -> Value {
    let mut s = spec(
        db,
        json!([
            { "name": "people", "renamedFrom": "owners", "primaryKey": ["person_id"], "columns": [
                col("person_id", "INTEGER", json!({ "nullable": false, "renamedFrom": "oid" })),
                col("nm", "VARCHAR", json!({ "length": 20 })) ] },
            { "name": "jobs", "renamedFrom": "tasks", "columns": [
                col("id", "INTEGER", json!({ "nullable": false, "autoIncrement": true })),
                col("owner_id", "INTEGER", json!({ "renamedFrom": "owner" })),
                col("priority", "INTEGER", json!({ "renamedFrom": "prio" })),
                col("name", "VARCHAR", json!({ "length": 20, "renamedFrom": "title" })),
                col("code", "INTEGER", json!({})) ],
              "foreignKeys": [{ "columns": ["owner_id"], "referencedTable": "people", "referencedColumns": ["person_id"] }],
              "uniqueConstraints": [{ "name": "uq_jobs_name", "columns": ["name", "priority"] }],
              "indexes": [{ "name": "ux_jobs_code", "columns": ["code"], "unique": true }],
              "checkConstraints": [
                { "name": "chk_jobs_priority", "expression": "priority BETWEEN 1 AND 5 AND name <> 'priority'" },
                { "name": "chk_jobs_code", "expression": "code > 5" } ] }
        ]),
    );
    s["allowDataLoss"] = json!(true);
    s["previousSpec"] = before(db);
    s
}

/// Each warning's query runs on the database before the migration and finds the rows that
/// make it fail (PostgreSQL: the migration is refused and rolled back); once they are mended
/// it finds none, and the migration runs.
#[test]
fn rows_refuse_queries_run_before_the_migration_and_find_the_rows() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some(db) = server.scratch("rows_refuse") else {
            continue;
        };
        let change = generate(&after(server.database_type()));
        let queries: Vec<(String, String)> = change["validation"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            // (But the one that says MySQL's migration looks for the rows first: no query.)
            .filter(|w| {
                w["code"] == "ROWS_REFUSE_CHANGE"
                    && !(w["message"].as_str().unwrap())
                        .starts_with("the migration first looks for existing rows")
            })
            .map(|w| {
                let s = w["suggestion"].as_str().unwrap();
                let query = &s[s.find("SELECT ").unwrap_or_else(|| panic!("{w}"))..];
                (
                    w["constraint"].as_str().unwrap().to_string(),
                    query.to_string(),
                )
            })
            .collect();
        let names: Vec<&str> = queries.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "uq_jobs_name",
                "ux_jobs_code",
                "fk_jobs_owner_id",
                "chk_jobs_priority",
                "chk_jobs_code"
            ],
            "{server:?}"
        );
        db.exec(
            generate(&before(server.database_type()))["upMigration"]
                .as_str()
                .unwrap(),
        );
        // Row 2: no owner 2, (title, prio) and code as row 1's. Row 3: refused by both CHECKs
        // (prio 0, title 'priority', code 3, which PostgreSQL compares as the integer it
        // becomes: '10' > '3' as text is false).
        db.exec(
            "INSERT INTO owners (oid, nm) VALUES (1, 'one');
             INSERT INTO tasks (owner, prio, title, code) VALUES ('1', 1, 'a', '10'), ('2', 1, 'a', '10'), (NULL, 0, 'priority', '3'), ('1', 2, 'b', '11');",
        );
        for (constraint, query) in &queries {
            assert_eq!(db.rows(query), 1, "{server:?} {constraint}: {query}");
        }
        let up = change["upMigration"].as_str().unwrap();
        if server == Server::Postgres {
            let refused = db.run(&format!("BEGIN;\n{up}\nCOMMIT;")).unwrap_err();
            assert!(refused.contains("ERROR"), "{refused}");
        }
        db.exec("DELETE FROM tasks WHERE owner = '2' OR prio = 0;");
        for (constraint, query) in &queries {
            assert_eq!(db.rows(query), 0, "{server:?} {constraint}: {query}");
        }
        db.exec(up);
        assert_eq!(db.rows("SELECT * FROM jobs"), 2, "{server:?}");
    }
}

/// The queries of the `ROWS_REFUSE_CHANGE` warnings of `change`, by constraint.
fn refuse_queries(change: &Value) -> Vec<(String, String)> {
    change["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE")
        .map(|w| {
            let s = w["suggestion"].as_str().unwrap();
            let query = &s[s.find("SELECT ").unwrap_or_else(|| panic!("{w}"))..];
            (
                w["constraint"].as_str().unwrap().to_string(),
                query.to_string(),
            )
        })
        .collect()
}

/// The rows `query` finds on `conn`.
fn sqlite_rows(conn: &rusqlite::Connection, query: &str) -> usize {
    let mut statement = conn
        .prepare(query)
        .unwrap_or_else(|e| panic!("{e}: {query}"));
    let mut rows = statement.query([]).unwrap();
    let mut n = 0;
    while rows.next().unwrap().is_some() {
        n += 1;
    }
    n
}

/// The same change on SQLite from previousSpec (whose database, made in memory, has no rows):
/// each rule is said as on PostgreSQL and MySQL, worded alike, and its query runs on a database
/// file with rows as it is before the migration (the tables and columns under their old names,
/// `code` and `owner` read as the rebuild's CAST converts them: '10' > '3' as text is false)
/// and finds the row that makes the migration fail; once they are mended it finds none, and the
/// migration runs.
#[test]
fn rows_refuse_queries_from_previous_spec_on_sqlite_find_the_rows_in_a_file() {
    let change = generate(&after("sqlite"));
    let queries = refuse_queries(&change);
    let names: Vec<&str> = queries.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "uq_jobs_name",
            "ux_jobs_code",
            "fk_jobs_owner_id",
            "chk_jobs_priority",
            "chk_jobs_code"
        ]
    );
    // Worded as on PostgreSQL (whose queries read the columns converted its own way).
    let said = |c: &Value| -> Vec<(String, String)> {
        (c["validation"]["warnings"].as_array().unwrap().iter())
            .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE")
            .map(|w| {
                let s = w["suggestion"].as_str().unwrap();
                let message = w["message"].as_str().unwrap();
                // (How the migration fails is said by database.)
                let message = message.replace(
                    "(SQLite rolls the whole migration back: none of its changes stays done)",
                    "(rolled back)",
                );
                (message, s[..s.find("SELECT ").unwrap()].to_string())
            })
            .collect()
    };
    assert_eq!(said(&change), said(&generate(&after("postgresql"))));
    let dir = std::env::temp_dir().join(format!("mg_rows_refuse_sqlite_{}", std::process::id()));
    // A database file previousSpec's migration made, with `rows`.
    let seeded = |rows: &str| {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let conn = migration_generator::sqlite_memory::open(dir.join("app.db")).unwrap();
        conn.execute_batch(generate(&before("sqlite"))["upMigration"].as_str().unwrap())
            .unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO owners (oid, nm) VALUES (1, 'one');\n{rows}"
        ))
        .unwrap();
        conn
    };
    let up = change["upMigration"].as_str().unwrap();
    // Row 2: no owner 2, (title, prio) and code as row 1's. Row 3: refused by both CHECKs.
    let conn = seeded("INSERT INTO tasks (owner, prio, title, code) VALUES ('1', 1, 'a', '10'), ('2', 1, 'a', '10'), (NULL, 0, 'priority', '3'), ('1', 2, 'b', '11');");
    for (constraint, query) in &queries {
        assert_eq!(sqlite_rows(&conn, query), 1, "{constraint}: {query}");
    }
    assert!(conn.execute_batch(up).is_err());
    drop(conn);
    // Mended: rows 2 and 3 gone.
    let conn = seeded("INSERT INTO tasks (owner, prio, title, code) VALUES ('1', 1, 'a', '10'), ('1', 2, 'b', '11');");
    for (constraint, query) in &queries {
        assert_eq!(sqlite_rows(&conn, query), 0, "{constraint}: {query}");
    }
    conn.execute_batch(up).unwrap();
    assert_eq!(sqlite_rows(&conn, "SELECT * FROM jobs"), 2);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}

/// previousSpec's `t (id, status)` with `CHECK (status IN ('status', 'x'))`; the spec renames
/// `status` to `state` and the CHECK's list to ('state', 'x').
fn literal_change(db: &str) -> (Value, Value) {
    let table = |column: Value, check: &str| {
        json!([{ "name": "t", "primaryKey": ["id"], "columns": [
            col("id", "INTEGER", json!({ "nullable": false })), column ],
            "checkConstraints": [{ "name": "chk_t_status", "expression": check }] }])
    };
    let previous = spec(
        db,
        table(
            col("status", "VARCHAR", json!({ "length": 20 })),
            "status IN ('status', 'x')",
        ),
    );
    let mut now = spec(
        db,
        table(
            col(
                "state",
                "VARCHAR",
                json!({ "length": 20, "renamedFrom": "status" }),
            ),
            "state IN ('state', 'x')",
        ),
    );
    now["previousSpec"] = previous.clone();
    (generate(&previous), generate(&now))
}

/// The DOWN_DATA_LOSS warning of the CHECK put back, with what a row it refuses holds.
fn check_put_back_warning(change: &Value) -> String {
    let said: Vec<&str> = change["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "DOWN_DATA_LOSS" && w["constraint"] == "chk_t_status")
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(said.len(), 1, "{}", change["validation"]["warnings"]);
    assert!(
        said[0].contains("(state NOT IN ('status', 'x'))"),
        "{said:?}"
    );
    said[0].to_string()
}

/// The down migration puts back `status IN ('status', 'x')` with its literal: a row written
/// since that holds 'state' makes it fail, as its warning says; once mended it runs, and the
/// table takes 'status' and refuses 'state' again. On PostgreSQL and SQLite.
#[test]
fn a_check_put_back_keeps_the_literal_that_spells_a_renamed_columns_old_name() {
    // SQLite, in memory.
    let (previous, change) = literal_change("sqlite");
    check_put_back_warning(&change);
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(previous["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap();
    conn.execute_batch("INSERT INTO t (id, state) VALUES (1, 'x'), (2, 'state');")
        .unwrap();
    let down = change["downMigration"].as_str().unwrap();
    assert!(conn.execute_batch(down).is_err());
    let _ = conn.execute_batch("ROLLBACK;");
    conn.execute_batch("DELETE FROM t WHERE id = 2;").unwrap();
    conn.execute_batch(down).unwrap();
    conn.execute_batch("INSERT INTO t (id, status) VALUES (3, 'status');")
        .unwrap();
    assert!(conn
        .execute_batch("INSERT INTO t (id, status) VALUES (4, 'state');")
        .is_err());

    // PostgreSQL.
    let Some(db) = Server::Postgres.scratch("check_literal") else {
        return;
    };
    let (previous, change) = literal_change("postgresql");
    check_put_back_warning(&change);
    db.exec(previous["upMigration"].as_str().unwrap());
    db.exec(change["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO t (id, state) VALUES (1, 'x'), (2, 'state');");
    let down = change["downMigration"].as_str().unwrap();
    let refused = db.run(&format!("BEGIN;\n{down}\nCOMMIT;")).unwrap_err();
    assert!(refused.contains("chk_t_status"), "{refused}");
    db.exec("DELETE FROM t WHERE id = 2;");
    db.exec(down);
    db.exec("INSERT INTO t (id, status) VALUES (3, 'status');");
    let refused = db
        .run("INSERT INTO t (id, status) VALUES (4, 'state');")
        .unwrap_err();
    assert!(refused.contains("chk_t_status"), "{refused}");
}

/// On PostgreSQL a column made text by the migration (no `USING`, the assignment cast) is read
/// cast in the query of a new CHECK over it, which then runs on the INTEGER column it is before
/// the migration ("function length(integer) does not exist" without the cast) and finds the row.
#[test]
fn a_check_over_a_column_made_text_is_queried_as_text_on_postgresql() {
    let Some(db) = Server::Postgres.scratch("made_text") else {
        return;
    };
    let table = |n: Value, checks: Value| {
        json!([{ "name": "t", "primaryKey": ["id"], "columns": [
            col("id", "INTEGER", json!({ "nullable": false })), n ], "checkConstraints": checks }])
    };
    let previous = spec(
        "postgresql",
        table(col("n", "INTEGER", json!({})), json!([])),
    );
    let mut now = spec(
        "postgresql",
        table(
            col("n", "VARCHAR", json!({ "length": 5 })),
            json!([{ "name": "chk_t_n", "expression": "length(n) > 1" }]),
        ),
    );
    now["previousSpec"] = previous.clone();
    now["allowDataLoss"] = json!(true);
    let change = generate(&now);
    let query = change["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "ROWS_REFUSE_CHANGE" && w["constraint"] == "chk_t_n")
        .map(|w| {
            let s = w["suggestion"].as_str().unwrap();
            s[s.find("SELECT ").unwrap()..].to_string()
        })
        .unwrap_or_else(|| panic!("{}", change["validation"]));
    db.exec(generate(&previous)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO t (id, n) VALUES (1, 7), (2, 42);");
    assert_eq!(db.rows(&query), 1, "{query}");
    let up = change["upMigration"].as_str().unwrap();
    assert!(db.run(&format!("BEGIN;\n{up}\nCOMMIT;")).is_err());
    db.exec("UPDATE t SET n = 17 WHERE id = 1;");
    assert_eq!(db.rows(&query), 0, "{query}");
    db.exec(up);
}

/// On MariaDB a column whose type the migration changes is read in the queries as `MODIFY
/// COLUMN` converts it: DECIMAL 1.20 and 1.40 both become the INTEGER 1, which a new UNIQUE
/// refuses ("Duplicate entry '1'") and a new CHECK `code <> 1` refuses, where the column read
/// as it stands repeats nothing and is never 1.
#[test]
fn a_retyped_column_is_queried_as_mariadb_converts_it() {
    let Some(db) = Server::MariaDb.scratch("e_retyped") else {
        return;
    };
    let table = |code: Value, extra: Value| {
        let mut t = json!({ "name": "t", "primaryKey": ["id"], "columns": [
            col("id", "INTEGER", json!({ "nullable": false })), code ] });
        t.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!([t])
    };
    let previous = spec(
        "mysql",
        table(
            col("code", "DECIMAL", json!({ "precision": 6, "scale": 2 })),
            json!({}),
        ),
    );
    let mut now = spec(
        "mysql",
        table(
            col("code", "INTEGER", json!({})),
            json!({
                "indexes": [{ "name": "ux_t_code", "columns": ["code"], "unique": true }],
                "checkConstraints": [{ "name": "chk_t_code", "expression": "code <> 1" }]
            }),
        ),
    );
    now["previousSpec"] = previous.clone();
    now["allowDataLoss"] = json!(true);
    let change = generate(&now);
    let query = |constraint: &str| {
        change["validation"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["code"] == "ROWS_REFUSE_CHANGE" && w["constraint"] == constraint)
            .map(|w| {
                let s = w["suggestion"].as_str().unwrap();
                s[s.find("SELECT ").unwrap()..].to_string()
            })
            .unwrap_or_else(|| panic!("{constraint}: {}", change["validation"]))
    };
    let (unique, check) = (query("ux_t_code"), query("chk_t_code"));
    db.exec(generate(&previous)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO t (id, code) VALUES (1, 1.20), (2, 1.40), (3, 2.00);");
    assert_eq!(db.rows(&unique), 1, "{unique}");
    assert_eq!(db.rows(&check), 2, "{check}");
    let up = change["upMigration"].as_str().unwrap();
    let refused = db.run(up).unwrap_err();
    // MariaDB checks the CHECK first; mended for it (2.20, 2.40 and 2.00 all become 2), the
    // UNIQUE fails.
    assert!(refused.contains("`chk_t_code` failed"), "{refused}");
    db.exec("UPDATE t SET code = code + 1 WHERE id IN (1, 2);");
    assert_eq!(db.rows(&check), 0, "{check}");
    assert_eq!(db.rows(&unique), 1, "{unique}");
    let refused = db.run(up).unwrap_err();
    assert!(refused.contains("Duplicate entry '2'"), "{refused}");
    db.exec("UPDATE t SET code = 5.20 WHERE id = 1; UPDATE t SET code = 6.40 WHERE id = 2;");
    assert_eq!(db.rows(&unique), 0, "{unique}");
    assert_eq!(db.rows(&check), 0, "{check}");
    db.exec(up);
    assert_eq!(db.rows("SELECT * FROM t WHERE code IN (5, 6, 2)"), 3);
}

/// On PostgreSQL a new foreign key of a table to itself, both its columns made integers, reads
/// both converted (the parent's column read as it stands, VARCHAR, is compared with no
/// integer: "operator does not exist"): the query finds the row the key refuses.
#[test]
fn a_foreign_key_to_itself_over_retyped_columns_is_queried_converted_on_postgresql() {
    let Some(db) = Server::Postgres.scratch("e_self_fk") else {
        return;
    };
    let table = |ty: Value, fks: Value| {
        let mut id = col("id", "VARCHAR", ty.clone());
        id["nullable"] = json!(false);
        json!([{ "name": "t", "primaryKey": ["id"], "foreignKeys": fks,
                 "columns": [id, col("up", "VARCHAR", ty)] }])
    };
    let previous = spec(
        "postgresql",
        table(json!({ "type": "VARCHAR", "length": 10 }), json!([])),
    );
    let mut now = spec(
        "postgresql",
        table(
            json!({ "type": "INTEGER" }),
            json!([{ "columns": ["up"], "referencedTable": "t", "referencedColumns": ["id"] }]),
        ),
    );
    now["previousSpec"] = previous.clone();
    now["allowDataLoss"] = json!(true);
    let change = generate(&now);
    let query = change["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "ROWS_REFUSE_CHANGE" && w["constraint"] == "fk_t_up")
        .map(|w| {
            let s = w["suggestion"].as_str().unwrap();
            s[s.find("SELECT ").unwrap()..].to_string()
        })
        .unwrap_or_else(|| panic!("{}", change["validation"]));
    db.exec(generate(&previous)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO t (id, up) VALUES ('1', NULL), ('02', '1'), ('3', '01'), ('4', '5');");
    assert_eq!(db.rows(&query), 1, "{query}");
    let up = change["upMigration"].as_str().unwrap();
    let refused = db.run(&format!("BEGIN;\n{up}\nCOMMIT;")).unwrap_err();
    assert!(refused.contains("fk_t_up"), "{refused}");
    db.exec("DELETE FROM t WHERE id = '4';");
    assert_eq!(db.rows(&query), 0, "{query}");
    db.exec(up);
}

/// The foreign key queries the generator gives for the spec `text`'s table `c`, as a user
/// meets them (it tells the warnings what the migration does to each parent).
fn foreign_key_queries(text: &str) -> Vec<String> {
    let spec: Value = serde_json::from_str(text).unwrap();
    let r = generate(&spec);
    r["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE" && w["table"] == "c")
        .filter(|w| w["message"].as_str().unwrap().contains("foreign key"))
        .map(|w| {
            let s = w["suggestion"].as_str().unwrap();
            s[s.find("SELECT ").unwrap()..].to_string()
        })
        .collect()
}

/// On PostgreSQL the queries the generator writes for a new foreign key whose parent
/// column changes type (read converted), or whose parent table the migration creates (every
/// row with a key), run on the database before the migration and find the refusing rows.
#[test]
fn foreign_key_queries_told_of_their_parents_run_on_postgresql() {
    let Some(db) = Server::Postgres.scratch("e_parents") else {
        return;
    };
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/rows_refuse/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let previous_up = |text: &str| {
        let spec: Value = serde_json::from_str(text).unwrap();
        generate(&spec["previousSpec"])["upMigration"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let retyped = fixture("fkty_postgresql.json");
    let [query] = &foreign_key_queries(&retyped)[..] else {
        panic!("one query")
    };
    db.exec(&previous_up(&retyped));
    db.exec("INSERT INTO p (code) VALUES ('1'), ('02'); INSERT INTO c (id, pcode) VALUES (1, '01'), (2, '2'), (3, '3'), (4, NULL);");
    assert_eq!(db.rows(query), 1, "{query}");
    db.exec("DROP TABLE c; DROP TABLE p;");
    let created = fixture("newparent_postgresql.json");
    let [query] = &foreign_key_queries(&created)[..] else {
        panic!("one query")
    };
    db.exec(&previous_up(&created));
    db.exec("INSERT INTO c (id, pid) VALUES (1, 1), (2, NULL);");
    assert_eq!(db.rows(query), 1, "{query}");
}

/// A database of a test's that a killed test process left (`mg_rt_{what}_{pid}`, the process
/// gone) is dropped by the next `scratch` of that `what`; a live process's, another `what`'s and
/// another form are kept.
#[test]
fn a_killed_test_processs_scratch_database_is_dropped_by_the_next_one() {
    // A process that has ended (its pid free until the system gives it again), and one alive.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let gone = gone.id();
    assert!(!process_alive(gone));
    let mut live = Command::new("sleep").arg("60").spawn().unwrap();
    let me = std::process::id();
    let names: Vec<String> = [
        format!("mg_rt_leak_probe_{gone}"),
        format!("mg_rt_leak_probe_{}", live.id()),
        format!("mg_rt_leak_probe_{me}"),
        format!("mg_rt_leak_probe_0{gone}"),
        format!("mg_rt_leak_probe_{gone}_x"),
        format!("mg_rt_leak_probe_x_{gone}"),
        format!("mg_rt_leak_{gone}"),
        format!("mg_b_leak_probe_{gone}"),
        format!("mg_a_leak_probe_{gone}"),
        "mg_rt_leak_probe_0".to_owned(),
        "mg_rt_leak_probe_".to_owned(),
    ]
    .into();
    assert_eq!(
        dead_scratch_databases(&names, "leak_probe"),
        vec![format!("mg_rt_leak_probe_{gone}")]
    );
    assert_eq!(
        dead_scratch_databases(&names, "leak"),
        vec![format!("mg_rt_leak_{gone}")]
    );
    // On the servers: the dead process's database is dropped by the next scratch, the live
    // one's kept.
    for server in [Server::Postgres, Server::MariaDb] {
        let made = [gone, live.id()].map(|pid| format!("mg_rt_leak_probe_{pid}"));
        let create = made
            .iter()
            .map(|name| format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name};"))
            .collect::<String>();
        if server.run(server.admin_db(), &create).is_err() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true: {server:?} unreachable"
            );
            eprintln!("\n!!! SKIPPING the {server:?} server test: unreachable\n");
            continue;
        }
        let Some(db) = server.scratch("leak_probe") else {
            continue;
        };
        let now = server.databases();
        assert!(!now.contains(&made[0]), "{server:?}: {now:?}");
        assert!(now.contains(&made[1]), "{server:?}: {now:?}");
        assert!(now.contains(&db.name), "{server:?}: {now:?}");
        drop(db);
        server
            .run(server.admin_db(), &format!("DROP DATABASE {};", made[1]))
            .unwrap();
    }
    live.kill().unwrap();
    live.wait().unwrap();
}

/// previousSpec's `t (id, a, b)` keyed on `id`, and the spec's keyed on `(a, b)`, `a` made NOT
/// NULL, on `db`.
fn rekeyed(db: &str) -> (Value, Value) {
    let t = |key: Value, a_nullable: bool| {
        json!([{ "name": "t", "primaryKey": key, "columns": [
            col("id", "INTEGER", json!({ "nullable": false })),
            col("a", "INTEGER", json!({ "nullable": a_nullable })),
            col("b", "TEXT", json!({ "nullable": false })) ] }])
    };
    let previous = spec(db, t(json!(["id"]), true));
    let mut now = spec(db, t(json!(["a", "b"]), false));
    now["previousSpec"] = previous.clone();
    (previous, now)
}

/// A new primary key over columns the table has, on SQLite: said from previousSpec as on
/// PostgreSQL and MySQL (`adding the primary key (a, b) to 't'`, with a query), which the
/// bundled SQLite runs on a database file with rows before the migration: it finds exactly the
/// values that repeat, the rebuild fails on them (UNIQUE constraint failed), and mended, the
/// query finds none and the migration runs. From the file itself (`existingDbPath`), the rows
/// are tried: the same repeats are the trial's `ROWS_REFUSE_CHANGE`.
#[test]
fn a_new_primary_key_is_said_and_its_query_finds_the_repeats_on_sqlite() {
    let (previous, now) = rekeyed("sqlite");
    let change = generate(&now);
    let said: Vec<&Value> = (change["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE")
        .collect();
    assert_eq!(said.len(), 1, "{}", change["validation"]);
    assert_eq!(
        said[0]["message"],
        "adding the primary key (a, b) to 't': existing rows that repeat values there make this migration fail (SQLite rolls the whole migration back: none of its changes stays done)"
    );
    let suggestion = said[0]["suggestion"].as_str().unwrap();
    let query = &suggestion[suggestion.find("SELECT ").unwrap()..];
    assert_eq!(
        query,
        "SELECT a, b, COUNT(*) FROM t WHERE a IS NOT NULL AND b IS NOT NULL GROUP BY a, b HAVING COUNT(*) > 1"
    );
    let dir = std::env::temp_dir().join(format!("mg_new_key_sqlite_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    conn.execute_batch(generate(&previous)["upMigration"].as_str().unwrap())
        .unwrap();
    // (1, 'x') twice; 1 and 'x' also repeat apart, which the key takes.
    conn.execute_batch(
        "INSERT INTO t (id, a, b) VALUES (1, 1, 'x'), (2, 1, 'x'), (3, 1, 'y'), (4, 2, 'x');",
    )
    .unwrap();
    let repeats = |conn: &rusqlite::Connection| -> Vec<(i64, String, i64)> {
        let mut statement = conn.prepare(query).unwrap();
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(repeats(&conn), [(1, "x".to_string(), 2)]);
    // From the file: the trial of its rows says the same repeats.
    let mut from_file = spec("sqlite", now["tables"].clone());
    from_file["existingDbPath"] = json!(path.to_str().unwrap());
    let tried = generate(&from_file);
    let refused: Vec<&str> = (tried["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE")
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(refused.len(), 1, "{}", tried["validation"]);
    assert!(
        refused[0].contains("UNIQUE constraint failed: t.a, t.b"),
        "{refused:?}"
    );
    let up = change["upMigration"].as_str().unwrap();
    let failed = conn.execute_batch(up).unwrap_err().to_string();
    assert!(
        failed.contains("UNIQUE constraint failed: t.a, t.b"),
        "{failed}"
    );
    conn.execute_batch("DELETE FROM t WHERE id = 2;").unwrap();
    assert_eq!(repeats(&conn), []);
    let tried = generate(&from_file);
    assert!(
        !(tried["validation"]["warnings"].as_array().unwrap().iter())
            .any(|w| w["code"] == "ROWS_REFUSE_CHANGE"),
        "{}",
        tried["validation"]
    );
    conn.execute_batch(up).unwrap();
    assert_eq!(sqlite_rows(&conn, "SELECT * FROM t"), 3);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}
