//! The generator's result as JSON, for the test files that read it so: [`generated`] for any
//! spec, [`generate`] for one that must be valid; [`col`], a column of a spec; and
//! [`items_with_code`], a one-table spec around a column.
//!
//! Included by path (`#[path = "common/generated_json.rs"] mod generated_json;`) beside
//! tests/common/servers.rs; each test file uses a part of it.
#![allow(dead_code)]

use migration_generator::generate_json;
use serde_json::{json, Value};

/// The result of generating `spec`, valid or not.
pub fn generated(spec: &Value) -> Value {
    serde_json::from_str(&generate_json(&spec.to_string())).unwrap()
}

/// The result of generating `spec`, which must be valid (the errors are printed otherwise).
pub fn generate(spec: &Value) -> Value {
    let v = generated(spec);
    assert!(
        v["validation"]["valid"].as_bool().unwrap(),
        "{}",
        v["validation"]["errors"]
    );
    v
}

/// A nullable column `name` of type `ty`, with the fields of `extra` (an object) added or
/// replacing its own.
pub fn col(name: &str, ty: &str, extra: Value) -> Value {
    let mut c = json!({ "name": name, "type": ty, "nullable": true });
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c
}

/// A spec of one table, `items`: `id` (INTEGER NOT NULL, the key) and `code`, the column given
/// (named `code` and made nullable here), for `database_type`, without timestamps.
pub fn items_with_code(database_type: &str, code: Value) -> Value {
    let mut code = code;
    code["name"] = json!("code");
    code["nullable"] = json!(true);
    json!({ "description": "t", "databaseType": database_type, "timestamps": false,
            "tables": [{ "name": "items", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false }, code ] }] })
}
