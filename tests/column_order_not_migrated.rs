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
