//! A spec that lists a table's columns in another order than the database (or previousSpec)
//! has them, and changes nothing else: no migration reorders columns, so the result is
//! `NO_CHANGES`, which says "but for column order", and one `COLUMN_ORDER_NOT_MIGRATED`
//! warning names the table (a user trial got a bare `NO_CHANGES`). On SQLite with
//! `existingDbPath` (a real file), and from previousSpec on the three dialects.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::generate;
use serde_json::{json, Value};

/// A spec for `db` with `tags` listing `columns` in that order.
fn spec(db: &str, columns: &[&str]) -> Value {
    let column = |name: &&str| match *name {
        "id" => json!({ "name": "id", "type": "INTEGER", "nullable": false }),
        other => json!({ "name": other, "type": "VARCHAR", "length": 50, "nullable": true }),
    };
    let columns: Vec<Value> = columns.iter().map(column).collect();
    json!({ "description": "s", "databaseType": db, "timestamps": false,
        "tables": [{ "name": "tags", "primaryKey": ["id"], "columns": columns }] })
}

/// The (code, message) of each warning of `generated`.
fn warnings(generated: &Value) -> Vec<(String, String)> {
    (generated["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter())
    .map(|w| {
        let text = |k: &str| w[k].as_str().unwrap_or_default().to_string();
        (text("code"), text("message"))
    })
    .collect()
}

/// The order warning, then NO_CHANGES saying "but for column order"; empty migrations.
fn assert_order_said(generated: &Value, case: &str) {
    let said = warnings(generated);
    assert_eq!(said.len(), 2, "{case}: {said:?}");
    assert_eq!(said[0].0, "COLUMN_ORDER_NOT_MIGRATED", "{case}");
    assert!(
        said[0].1.starts_with("'tags' lists its columns in another order than the database has them: column order is not migrated"),
        "{case}: {}",
        said[0].1
    );
    assert_eq!(said[1].0, "NO_CHANGES", "{case}");
    assert!(
        said[1].1.contains("but for column order"),
        "{case}: {}",
        said[1].1
    );
    assert_eq!(generated["upMigration"], json!(""), "{case}");
}

#[test]
fn a_pure_reorder_from_previous_spec_is_said_on_every_dialect() {
    for db in ["sqlite", "postgresql", "mysql"] {
        let mut s = spec(db, &["id", "kind", "name"]);
        s["previousSpec"] = spec(db, &["id", "name", "kind"]);
        assert_order_said(&generate(&s), db);
        // The same order: NO_CHANGES alone, worded as before.
        let mut same = spec(db, &["id", "name", "kind"]);
        same["previousSpec"] = spec(db, &["id", "name", "kind"]);
        let said = warnings(&generate(&same));
        assert_eq!(said.len(), 1, "{db}: {said:?}");
        assert_eq!(said[0].0, "NO_CHANGES", "{db}");
        assert!(!said[0].1.contains("column order"), "{db}");
    }
}

#[test]
fn a_pure_reorder_against_a_sqlite_file_is_said() {
    let path = sqlite_files::database(
        "column-order",
        "file",
        "CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50), kind VARCHAR(50));",
    );
    let mut s = spec("sqlite", &["id", "kind", "name"]);
    s["existingDbPath"] = json!(path.to_str().unwrap());
    assert_order_said(&generate(&s), "file");
}

/// The README's quick start with automatic timestamps, as a user trial ran it: `users(id, email)`
/// created with `created_at`/`updated_at`, then `phone` added to the spec. On a real SQLite
/// file, each up migration run on it in turn.
fn users(db: &str, columns: &[&str]) -> Value {
    let column = |name: &&str| match *name {
        "id" => {
            json!({ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true })
        }
        other => json!({ "name": other, "type": "VARCHAR", "length": 100, "nullable": true }),
    };
    let columns: Vec<Value> = columns.iter().map(column).collect();
    json!({ "description": "users", "databaseType": db,
        "tables": [{ "name": "users", "columns": columns }] })
}

/// The codes of the warnings of `generated`.
fn codes(generated: &Value) -> Vec<String> {
    warnings(generated)
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

/// `users(columns)` against the file at `path`.
fn on_file(columns: &[&str], path: &std::path::Path) -> Value {
    let mut s = users("sqlite", columns);
    s["existingDbPath"] = json!(path.to_str().unwrap());
    generate(&s)
}

/// The column names of `users` in the file at `path`, in the file's order.
fn file_columns(path: &std::path::Path) -> Vec<String> {
    let conn = sqlite_files::open(path);
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info('users')")
        .unwrap();
    let names = stmt.query_map([], |r| r.get(0)).unwrap();
    names.map(Result::unwrap).collect()
}

#[test]
fn a_column_added_after_the_automatic_timestamps_is_no_reorder_on_a_sqlite_file() {
    let path = sqlite_files::fresh_path("column-order", "added-after-timestamps");
    let created = generate(&users("sqlite", &["id", "email"]));
    sqlite_files::open(&path)
        .execute_batch(created["upMigration"].as_str().unwrap())
        .unwrap();
    let added = on_file(&["id", "email", "phone"], &path);
    let up = added["upMigration"].as_str().unwrap();
    assert!(up.contains("ADD COLUMN"), "{up}");
    assert!(!codes(&added).contains(&"COLUMN_ORDER_NOT_MIGRATED".to_string()));
    sqlite_files::open(&path).execute_batch(up).unwrap();
    // ADD COLUMN put phone after the timestamps, which the spec cannot list.
    let order = ["id", "email", "created_at", "updated_at", "phone"];
    assert_eq!(file_columns(&path), order);

    // The same spec again: nothing to do, and no word of an order the tool made itself.
    let again = on_file(&["id", "email", "phone"], &path);
    let said = warnings(&again);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, "NO_CHANGES");
    assert!(!said[0].1.contains("column order"), "{}", said[0].1);
    assert_eq!(again["upMigration"], json!(""));

    // A real reorder of the spec's own columns is still said.
    let reordered = on_file(&["id", "phone", "email"], &path);
    let said = warnings(&reordered);
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!(said[0].0, "COLUMN_ORDER_NOT_MIGRATED");
    assert!(said[0]
        .1
        .starts_with("'users' lists its columns in another order"));
    assert!(said[1].1.contains("but for column order"), "{}", said[1].1);
    assert_eq!(reordered["upMigration"], json!(""));
}

#[test]
fn a_column_added_to_a_stamped_table_is_no_reorder_from_previous_spec_on_every_dialect() {
    for db in ["sqlite", "postgresql", "mysql"] {
        let mut added = users(db, &["id", "email", "phone"]);
        added["previousSpec"] = users(db, &["id", "email"]);
        let added = generate(&added);
        assert!(
            !codes(&added).contains(&"COLUMN_ORDER_NOT_MIGRATED".to_string()),
            "{db}"
        );
        let mut again = users(db, &["id", "email", "phone"]);
        again["previousSpec"] = users(db, &["id", "email", "phone"]);
        assert_eq!(codes(&generate(&again)), ["NO_CHANGES"], "{db}");
        let mut reordered = users(db, &["id", "phone", "email"]);
        reordered["previousSpec"] = users(db, &["id", "email", "phone"]);
        let said = codes(&generate(&reordered));
        assert_eq!(said, ["COLUMN_ORDER_NOT_MIGRATED", "NO_CHANGES"], "{db}");
    }
}
