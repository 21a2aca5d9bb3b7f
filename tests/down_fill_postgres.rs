//! PostgreSQL's down migration of a NOT NULL column without a default that the up migration
//! dropped (`allowDataLoss`, `previousSpec`): the column comes back in every row with one value
//! of its type (`''`, `0`, `false`, the Unix epoch for a date or time, the nil UUID, JSON `null`,
//! no bytes, or the first string a CHECK keeps it to), added with that value as its default,
//! which then goes, so that the column ends NOT NULL without a default, as previousSpec has it.
//! A user trial's `ADD COLUMN title VARCHAR(100) NOT NULL;` failed on every table with rows
//! ("contains null values"). Run on the machine's PostgreSQL server, in a scratch database
//! (`mg_rt_*`, tests/common/servers.rs, dropped afterwards); skipped with a loud line where the
//! server cannot be reached, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generate;
use serde_json::{json, Value};
use servers::Server;

/// Each dropped column: its spec (NOT NULL, no default), a value a row holds before the up
/// migration (SQL), and what `psql` shows of the value the down migration gives it back.
fn dropped_columns() -> Vec<(Value, &'static str, &'static str)> {
    let c = |name: &str, ty: &str, extra: Value| {
        let mut c = json!({ "name": name, "type": ty, "nullable": false });
        c.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        c
    };
    let none = || json!({});
    vec![
        (
            c("title", "VARCHAR", json!({ "length": 100 })),
            "'hello'",
            "",
        ),
        (c("body", "TEXT", none()), "'text'", ""),
        (c("code", "CHAR", json!({ "length": 3 })), "'abc'", "   "),
        (c("n", "INTEGER", none()), "7", "0"),
        (c("big", "BIGINT", none()), "7", "0"),
        (c("small", "TINYINT", none()), "7", "0"),
        (c("ratio", "REAL", none()), "2.5", "0"),
        (
            c("price", "DECIMAL", json!({ "precision": 10, "scale": 2 })),
            "1.25",
            "0.00",
        ),
        (c("amount", "NUMERIC", none()), "1.25", "0"),
        (c("done", "BOOLEAN", none()), "true", "f"),
        (c("due", "DATE", none()), "'2024-05-06'", "1970-01-01"),
        (
            c("at", "TIMESTAMP", none()),
            "'2024-05-06 07:08:09'",
            "1970-01-01 00:00:00",
        ),
        (
            c("seen", "DATETIME", json!({ "precision": 3 })),
            "'2024-05-06 07:08:09.5'",
            "1970-01-01 00:00:00",
        ),
        (
            c("ref", "UUID", none()),
            "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
            "00000000-0000-0000-0000-000000000000",
        ),
        (c("doc", "JSON", none()), r#"'{"a": 1}'"#, "null"),
        (c("meta", "JSONB", none()), r#"'{"a": 1}'"#, "null"),
        (c("bytes", "BLOB", none()), "'\\x0102'", "\\x"),
        // A CHECK that keeps it to a list of strings: the first of them, which it takes.
        (
            c("status", "VARCHAR", json!({ "length": 10 })),
            "'banned'",
            "active",
        ),
    ]
}

/// A spec of the table `tasks (id, {columns})`, with the CHECK on `status` when it is there.
fn tasks(columns: &[Value], extra: Value) -> Value {
    let mut all = vec![json!({ "name": "id", "type": "INTEGER", "nullable": false })];
    all.extend(columns.iter().cloned());
    let checks = if columns.iter().any(|c| c["name"] == "status") {
        json!([{ "name": "chk_tasks_status", "expression": "status IN ('active', 'banned')" }])
    } else {
        json!([])
    };
    let mut spec = json!({ "description": "s", "databaseType": "postgresql", "timestamps": false,
        "tables": [{ "name": "tasks", "primaryKey": ["id"], "columns": all, "checkConstraints": checks }] });
    spec.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    spec
}

/// The `DOWN_DATA_LOSS` messages of `change`.
fn down_warnings(change: &Value) -> Vec<String> {
    (change["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "DOWN_DATA_LOSS")
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect()
}

/// Every dropped NOT NULL column without a default comes back on a table with rows: the down
/// migration runs, each row holds the column's filler, the catalog has the column NOT NULL
/// without a default (an insert that leaves it out fails, as before the up migration), nothing
/// says the down migration fails, and the up migration runs again after it.
#[test]
fn postgres_down_adds_a_dropped_not_null_column_back_to_rows_filled_then_without_default() {
    let Some(db) = Server::Postgres.scratch("down_fill_back_pg") else {
        return;
    };
    let cases = dropped_columns();
    let columns: Vec<Value> = cases.iter().map(|(c, _, _)| c.clone()).collect();
    let previous = tasks(&columns, json!({}));
    let change = generate(&tasks(
        &[],
        json!({ "allowDataLoss": true, "previousSpec": previous.clone() }),
    ));
    let down = change["downMigration"].as_str().unwrap();
    assert_eq!(down_warnings(&change), Vec::<String>::new(), "{down}");
    db.exec(generate(&previous)["upMigration"].as_str().unwrap());
    let names: Vec<&str> = cases
        .iter()
        .map(|(c, _, _)| c["name"].as_str().unwrap())
        .collect();
    let values: Vec<&str> = cases.iter().map(|(_, v, _)| *v).collect();
    for id in [1, 2] {
        db.exec(&format!(
            "INSERT INTO tasks (id, {}) VALUES ({id}, {});",
            names.join(", "),
            values.join(", ")
        ));
    }
    db.exec(change["upMigration"].as_str().unwrap());
    db.exec(down);
    for (c, _, back) in &cases {
        let name = c["name"].as_str().unwrap();
        let held = db.exec(&format!("SELECT {name} FROM tasks ORDER BY id;"));
        assert_eq!(held, format!("{back}\n{back}\n"), "{name}\n{down}");
        let catalog = db.exec(&format!(
            "SELECT is_nullable, column_default IS NULL FROM information_schema.columns \
             WHERE table_name = 'tasks' AND column_name = '{name}';"
        ));
        assert_eq!(catalog, "NO|t\n", "{name}: NOT NULL without a default");
    }
    let e = db.run("INSERT INTO tasks (id) VALUES (3);").unwrap_err();
    assert!(e.contains("violates not-null constraint"), "{e}");
    db.exec(change["upMigration"].as_str().unwrap());
    assert_eq!(db.rows("SELECT id FROM tasks"), 2);
}

/// A column dropped from a primary key of two comes back with the filler in every row, which
/// the key takes as the rest of it tells the rows apart (said so, and run); one with a UNIQUE
/// of its own gets one value in every row, which that UNIQUE refuses once the table has two
/// rows (said, and indeed fails).
#[test]
fn postgres_down_fills_a_dropped_key_column_and_says_where_a_unique_refuses_the_filler() {
    let Some(db) = Server::Postgres.scratch("down_fill_keys_pg") else {
        return;
    };
    let code = json!({ "name": "code", "type": "VARCHAR", "length": 9, "nullable": false });
    let mut previous = tasks(std::slice::from_ref(&code), json!({}));
    previous["tables"][0]["primaryKey"] = json!(["id", "code"]);
    let change = generate(&tasks(
        &[],
        json!({ "allowDataLoss": true, "previousSpec": previous.clone() }),
    ));
    let said = down_warnings(&change);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].ends_with("every row gets '' there, which the key (id, code) takes, as the rest of it tells the rows apart"),
        "{said:?}"
    );
    db.exec(generate(&previous)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO tasks (id, code) VALUES (1, 'a'), (2, 'b');");
    db.exec(change["upMigration"].as_str().unwrap());
    db.exec(change["downMigration"].as_str().unwrap());
    assert_eq!(db.rows("SELECT id FROM tasks WHERE code = ''"), 2);

    db.exec("DROP TABLE tasks;");
    let unique = json!({ "name": "code", "type": "VARCHAR", "length": 9, "nullable": false, "unique": true });
    let previous = tasks(&[unique], json!({}));
    let change = generate(&tasks(
        &[],
        json!({ "allowDataLoss": true, "previousSpec": previous.clone() }),
    ));
    assert_eq!(
        down_warnings(&change),
        ["the down migration adds 'code' back with '' in every row, which its UNIQUE refuses once the table has two rows: the down migration then fails"]
    );
    db.exec(generate(&previous)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO tasks (id, code) VALUES (1, 'a'), (2, 'b');");
    db.exec(change["upMigration"].as_str().unwrap());
    let e = db
        .run(change["downMigration"].as_str().unwrap())
        .unwrap_err();
    assert!(e.contains("could not create unique index"), "{e}");
}
