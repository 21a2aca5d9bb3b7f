//! A spec with parser errors (a column type the parser does not know, `nullable` missing) gets
//! validation's errors in the same report, so that one round of fixes goes as far as it can: a
//! missing primary key, an unknown column in an index, a foreign key to a table the spec does
//! not have. What validation would say only because of what a column with a parser error was
//! read as (its type, nullability, UNIQUE) is not said.

#[path = "common/generated_json.rs"]
mod generated_json;

use generated_json::{col, generated};
use serde_json::{json, Value};

const DIALECTS: [&str; 3] = ["sqlite", "postgresql", "mysql"];

/// The (code, table, column) of each error of `spec` for `db`, in the report's order.
fn errors(db: &str, tables: Value) -> Vec<(String, String, String)> {
    let result = generated(&json!({ "description": "x", "databaseType": db, "tables": tables }));
    assert_eq!(result["validation"]["valid"], false, "{db}: {result}");
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    result["validation"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (text(&e["code"]), text(&e["table"]), text(&e["column"])))
        .collect()
}

/// The warnings' codes of `spec` for `db`.
fn warning_codes(db: &str, tables: Value) -> Vec<String> {
    let result = generated(&json!({ "description": "x", "databaseType": db, "tables": tables }));
    result["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

fn error(code: &str, table: &str, column: &str) -> (String, String, String) {
    (code.to_string(), table.to_string(), column.to_string())
}

fn not_null(name: &str, ty: &str) -> Value {
    col(name, ty, json!({ "nullable": false }))
}

#[test]
fn a_type_typo_and_no_primary_key_are_both_said() {
    for db in DIALECTS {
        let tables = json!([{ "name": "users", "columns": [not_null("id", "INTEGR"), not_null("email", "TEXT")] }]);
        assert_eq!(
            errors(db, tables),
            [
                error("TYPE_MISMATCH", "users", "id"),
                error("MISSING_PRIMARY_KEY", "users", "")
            ],
            "{db}"
        );
    }
}

#[test]
fn a_missing_nullable_and_a_foreign_key_to_an_unknown_table_are_both_said() {
    for db in DIALECTS {
        let tables = json!([{
            "name": "orders",
            "columns": [not_null("id", "INTEGER"), { "name": "customer_id", "type": "INTEGER" }],
            "primaryKey": ["id"],
            "foreignKeys": [{ "columns": ["customer_id"], "referencedTable": "customers", "referencedColumns": ["id"] }]
        }]);
        let found = errors(db, tables);
        assert_eq!(
            found[0],
            error("INVALID_SPEC", "orders", "customer_id"),
            "{db}"
        );
        assert_eq!(found.len(), 2, "{db}: {found:?}");
        assert_eq!(found[1].0, "INVALID_FOREIGN_KEY", "{db}: {found:?}");
        assert_eq!(found[1].1, "orders", "{db}: {found:?}");
    }
}

#[test]
fn several_tables_each_with_an_error_are_all_said() {
    for db in DIALECTS {
        let tables = json!([
            { "name": "users", "columns": [not_null("id", "INTEGR"), not_null("email", "TEXT")] },
            {
                "name": "posts",
                "columns": [not_null("id", "INTEGER"), { "name": "title", "type": "TEXT" }],
                "primaryKey": ["id"],
                "indexes": [{ "name": "idx_posts_body", "columns": ["body"] }]
            },
            { "name": "tags", "columns": [not_null("label", "TEXT")] }
        ]);
        assert_eq!(
            errors(db, tables),
            [
                error("TYPE_MISMATCH", "users", "id"),
                error("INVALID_SPEC", "posts", "title"),
                error("MISSING_PRIMARY_KEY", "users", ""),
                error("UNKNOWN_COLUMN", "posts", "body"),
                error("MISSING_PRIMARY_KEY", "tags", ""),
            ],
            "{db}"
        );
    }
}

#[test]
fn a_foreign_key_to_or_from_a_column_of_an_unknown_type_says_no_type_mismatch() {
    for db in DIALECTS {
        let users = |id_type: &str| json!({ "name": "users", "columns": [not_null("id", id_type), col("email", "TEXT", json!({}))], "primaryKey": ["id"] });
        let orders = |user_id_type: &str| {
            json!({
                "name": "orders",
                "columns": [not_null("id", "INTEGER"), not_null("user_id", user_id_type)],
                "primaryKey": ["id"],
                "foreignKeys": [{ "columns": ["user_id"], "referencedTable": "users", "referencedColumns": ["id"] }]
            })
        };
        assert_eq!(
            errors(db, json!([users("INTEGR"), orders("INTEGER")])),
            [error("TYPE_MISMATCH", "users", "id")],
            "{db}"
        );
        assert_eq!(
            errors(db, json!([users("INTEGER"), orders("INTEGR")])),
            [error("TYPE_MISMATCH", "orders", "user_id")],
            "{db}"
        );
        for (ids, user_ids) in [("INTEGR", "INTEGER"), ("INTEGER", "INTEGR")] {
            let warnings = warning_codes(db, json!([users(ids), orders(user_ids)]));
            assert!(
                !warnings.iter().any(|w| w == "FOREIGN_KEY_TYPE_MISMATCH"),
                "{db}: {warnings:?}"
            );
        }
    }
}

#[test]
fn a_foreign_key_to_a_unique_column_of_an_unknown_type_is_not_said_to_lack_a_key() {
    for db in DIALECTS {
        let tables = json!([
            {
                "name": "users",
                "columns": [not_null("id", "INTEGER"), col("email", "VARCHR", json!({ "nullable": false, "unique": true, "length": 200 }))],
                "primaryKey": ["id"]
            },
            {
                "name": "logins",
                "columns": [not_null("id", "INTEGER"), not_null("email", "VARCHAR")],
                "primaryKey": ["id"],
                "foreignKeys": [{ "columns": ["email"], "referencedTable": "users", "referencedColumns": ["email"] }]
            }
        ]);
        let mut tables_for_db = tables.clone();
        tables_for_db[1]["columns"][1]["length"] = json!(200);
        assert_eq!(
            errors(db, tables_for_db),
            [error("TYPE_MISMATCH", "users", "email")],
            "{db}"
        );
    }
}

#[test]
fn what_a_column_of_an_unknown_type_has_is_not_checked_against_a_stand_in_type() {
    for db in DIALECTS {
        // An auto-increment key, a text key (MySQL refuses TEXT in a key), a default only text
        // takes, a CHECK on the column and a nullable key column: only the parser's errors.
        let tables = json!([
            {
                "name": "counters",
                "columns": [col("id", "INTEGR", json!({ "nullable": false, "autoIncrement": true }))],
                "primaryKey": ["id"]
            },
            {
                "name": "codes",
                "columns": [
                    col("code", "VARCHR", json!({ "nullable": false, "length": 10 })),
                    col("label", "TXT", json!({ "nullable": false, "default": "none" }))
                ],
                "primaryKey": ["code"],
                "checkConstraints": [{ "name": "chk_codes_label", "expression": "length(label) > 0" }]
            },
            {
                "name": "keyed",
                "columns": [{ "name": "id", "type": "INTEGER" }],
                "primaryKey": ["id"]
            }
        ]);
        assert_eq!(
            errors(db, tables),
            [
                error("TYPE_MISMATCH", "counters", "id"),
                error("TYPE_MISMATCH", "codes", "code"),
                error("TYPE_MISMATCH", "codes", "label"),
                error("INVALID_SPEC", "keyed", "id"),
            ],
            "{db}"
        );
    }
}

#[test]
fn an_index_on_a_column_of_an_unknown_type_names_a_column_the_table_has() {
    for db in DIALECTS {
        let tables = json!([{
            "name": "events",
            "columns": [not_null("id", "INTEGER"), not_null("at", "TIMESTAMPZ"), not_null("kind", "TEXT")],
            "primaryKey": ["id"],
            "indexes": [
                { "name": "idx_events_at", "columns": ["at"] },
                { "name": "idx_events_kinds", "columns": ["kinds"] }
            ],
            "uniqueConstraints": [{ "name": "uq_events_at", "columns": ["at", "id"] }]
        }]);
        assert_eq!(
            errors(db, tables),
            [
                error("TYPE_MISMATCH", "events", "at"),
                error("UNKNOWN_COLUMN", "events", "kinds"),
            ],
            "{db}"
        );
    }
}

#[test]
fn the_name_of_a_column_of_an_unknown_type_is_checked_once() {
    let tables = json!([{
        "name": "people",
        "columns": [not_null("id", "INTEGER"), not_null("First Name", "TXT")],
        "primaryKey": ["id"]
    }]);
    let found = errors("postgresql", tables);
    assert_eq!(found[0], error("TYPE_MISMATCH", "people", "First Name"));
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].0, "INVALID_COLUMN_NAME", "{found:?}");
    assert_eq!(found[1].2, "First Name", "{found:?}");
}

#[test]
fn a_table_with_a_parser_error_outside_its_columns_has_only_its_names_checked() {
    // A primary key the parser could not read is not a missing one.
    for db in DIALECTS {
        let tables = json!([{
            "name": "users",
            "columns": [not_null("id", "INTEGER")],
            "primaryKey": "id",
            "indexes": [{ "name": "idx_users_mail", "columns": ["mail"] }]
        }]);
        let found = errors(db, tables);
        assert_eq!(found.len(), 1, "{db}: {found:?}");
        assert_eq!(found[0].0, "INVALID_SPEC", "{db}: {found:?}");
    }
}
