//! SQLite from previousSpec: a rebuild writes previousSpec's column order, which the table may
//! not have. A user trial's step A added `phone`, listed before `bio`; SQLite's `ADD COLUMN` put
//! it last (`id, email, bio, phone`). Step B only added a CHECK, which rebuilds the table: after
//! its up and down migrations the columns were `id, email, phone, bio`, with no word. The
//! generator cannot read the table's order from previousSpec, so a `DOWN_DATA_LOSS` warning says
//! it where a column that `ADD COLUMN` could have added is listed before another; not where no
//! such column is (previousSpec's columns are then its `CREATE TABLE`'s, in that order), and not
//! against the file (`existingDbPath`), whose down rebuild puts its stored text back. Each
//! migration runs on the bundled SQLite, and the order is read back from it.

#[path = "common/generated_json.rs"]
mod generated_json;

use generated_json::{col, generate};
use rusqlite::Connection;
use serde_json::{json, Value};

/// `users` (`id` the rowid, `email` NOT NULL, then `phone` if `phone`, then `bio`), with the
/// CHECK `chk_users_email` if `check`.
fn spec(phone: bool, check: bool) -> Value {
    let mut columns = vec![
        col(
            "id",
            "INTEGER",
            json!({ "nullable": false, "autoIncrement": true }),
        ),
        col("email", "TEXT", json!({ "nullable": false })),
    ];
    if phone {
        columns.push(col("phone", "TEXT", json!({})));
    }
    columns.push(col("bio", "TEXT", json!({})));
    let mut table = json!({ "name": "users", "columns": columns });
    if check {
        table["checkConstraints"] =
            json!([{ "name": "chk_users_email", "expression": "email LIKE '%@%'" }]);
    }
    json!({ "description": "s", "databaseType": "sqlite", "timestamps": false, "tables": [table] })
}

/// `to` with `from` as its previousSpec.
fn from(from: Value, to: Value) -> Value {
    let mut next = to;
    next["previousSpec"] = from;
    next
}

/// The migration's `sql` (up or down) run on `conn`.
fn run(conn: &Connection, g: &Value, which: &str) {
    conn.execute_batch(g[which].as_str().unwrap()).unwrap();
}

/// The columns of `users`, in the table's order.
fn columns(conn: &Connection) -> Vec<String> {
    let mut read = conn
        .prepare("SELECT name FROM pragma_table_info('users') ORDER BY cid")
        .unwrap();
    let names = read.query_map([], |r| r.get::<_, String>(0)).unwrap();
    names.map(Result::unwrap).collect()
}

/// The `DOWN_DATA_LOSS` warnings of `g` that speak of column order.
fn order_warnings(g: &Value) -> Vec<Value> {
    (g["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "DOWN_DATA_LOSS")
        .filter(|w| {
            w["message"]
                .as_str()
                .unwrap()
                .contains("previousSpec's order")
        })
        .cloned()
        .collect()
}

#[test]
fn a_rebuild_from_previous_spec_says_the_order_it_writes_may_not_be_the_tables() {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    run(&conn, &generate(&spec(false, false)), "upMigration");
    // Step A: `phone` added, listed before `bio`; ADD COLUMN puts it last.
    let a = generate(&from(spec(false, false), spec(true, false)));
    run(&conn, &a, "upMigration");
    assert_eq!(columns(&conn), ["id", "email", "bio", "phone"]);
    // Step B: a CHECK only, which rebuilds the table, up and down.
    let b = generate(&from(spec(true, false), spec(true, true)));
    let up = b["upMigration"].as_str().unwrap();
    assert!(up.contains("RENAME TO _mg_old_users"), "{up}");
    let said = order_warnings(&b);
    assert_eq!(said.len(), 1, "{:#}", b["validation"]);
    let w = &said[0];
    assert_eq!(w["table"], "users");
    assert_eq!(w["column"], "phone");
    let m = w["message"].as_str().unwrap();
    assert!(
        m.starts_with("the down migration rebuilds 'users' with its columns in previousSpec's order, which the table may not have: previousSpec lists 'phone' before 'bio', but if an earlier migration added 'phone' with ADD COLUMN, which puts a column last, the table has it last"),
        "{m}"
    );
    assert!(m.contains("the up migration's rebuild moves it to where the spec lists it and the down migration's to where previousSpec lists it, not back to the end"), "{m}");
    assert!(
        w["suggestion"].as_str().unwrap().contains("existingDbPath"),
        "{w}"
    );
    conn.execute(
        "INSERT INTO users (email, bio, phone) VALUES ('a@b.c', 'hi', '+49')",
        [],
    )
    .unwrap();
    // What the warning says, on SQLite: the up migration moves `phone`, the down does not put
    // it back; the row keeps its values.
    run(&conn, &b, "upMigration");
    assert_eq!(columns(&conn), ["id", "email", "phone", "bio"]);
    run(&conn, &b, "downMigration");
    assert_eq!(columns(&conn), ["id", "email", "phone", "bio"]);
    let row: (String, String) = conn
        .query_row("SELECT phone, bio FROM users", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(row, ("+49".to_string(), "hi".to_string()));
}

#[test]
fn a_rebuild_whose_columns_no_add_column_put_elsewhere_says_nothing_of_order() {
    // The plain case: `bio`, the one column ADD COLUMN could have added, is last.
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    run(&conn, &generate(&spec(false, false)), "upMigration");
    let b = generate(&from(spec(false, false), spec(false, true)));
    assert!(order_warnings(&b).is_empty(), "{:#}", b["validation"]);
    run(&conn, &b, "upMigration");
    run(&conn, &b, "downMigration");
    assert_eq!(columns(&conn), ["id", "email", "bio"]);
}

#[test]
fn a_down_rebuild_after_a_dropped_column_says_it_too_and_the_file_does_not() {
    // previousSpec has `phone` before `bio`; the spec drops `bio` (allowDataLoss): the up
    // migration's DROP COLUMN keeps the order, the down migration's rebuild writes
    // previousSpec's.
    let mut drop = from(spec(true, false), spec(true, false));
    drop["tables"][0]["columns"].as_array_mut().unwrap().pop();
    drop["allowDataLoss"] = json!(true);
    let g = generate(&drop);
    let said = order_warnings(&g);
    assert_eq!(said.len(), 1, "{:#}", g["validation"]);
    let m = said[0]["message"].as_str().unwrap();
    assert!(
        m.ends_with("and the down migration's rebuild moves it to where previousSpec lists it: SELECT * and an INSERT without a column list then see the columns of 'users' in another order (the rows keep their values)"),
        "{m}"
    );
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    run(&conn, &generate(&spec(false, false)), "upMigration");
    run(
        &conn,
        &generate(&from(spec(false, false), spec(true, false))),
        "upMigration",
    );
    run(&conn, &g, "upMigration");
    assert_eq!(columns(&conn), ["id", "email", "phone"]);
    run(&conn, &g, "downMigration");
    assert_eq!(columns(&conn), ["id", "email", "phone", "bio"]);

    // Against the file, the down rebuild puts its stored text back, order included: no word.
    let dir = std::env::temp_dir().join(format!("mg-rebuild-order-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    let file = migration_generator::sqlite_memory::open(&path).unwrap();
    run(&file, &generate(&spec(false, false)), "upMigration");
    run(
        &file,
        &generate(&from(spec(false, false), spec(true, false))),
        "upMigration",
    );
    let mut against = spec(true, true);
    against["existingDbPath"] = json!(path.to_str().unwrap());
    let g = generate(&against);
    assert!(order_warnings(&g).is_empty(), "{:#}", g["validation"]);
    run(&file, &g, "upMigration");
    run(&file, &g, "downMigration");
    assert_eq!(columns(&file), ["id", "email", "bio", "phone"]);
    drop_dir(file, &dir);
}

/// Closes `conn` and removes `dir`.
fn drop_dir(conn: Connection, dir: &std::path::Path) {
    drop(conn);
    let _ = std::fs::remove_dir_all(dir);
}
