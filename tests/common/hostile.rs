//! The hostile-input corpus (`__test__/hostile/corpus.json`): its cases, and the spec each one
//! makes (used by tests/hostile.rs and tests/self_check.rs).

use serde_json::{json, Value};

const NOW: &str = "2026-02-09T12:00:00Z";

/// The corpus's cases.
pub fn corpus() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/__test__/hostile/corpus.json"
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

/// The case's text: `value`, repeated `repeat` times when given.
pub fn value(case: &Value) -> String {
    let v = case["value"].as_str().unwrap();
    v.repeat(case["repeat"].as_u64().unwrap_or(1) as usize)
}

/// What the case expects on `db`: "OK" or an error code.
pub fn expected(case: &Value, db: &str) -> String {
    match &case["expect"] {
        Value::String(s) => s.clone(),
        per_db => per_db[db].as_str().unwrap().to_string(),
    }
}

/// The base spec with the case's text put in its place.
pub fn spec_for(case: &Value, db: &str) -> Value {
    let mut spec = json!({
        "description": "hostile input", "databaseType": db, "now": NOW, "timestamps": false,
        "tables": [{ "name": "hostile_t", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "body", "type": "TEXT", "nullable": true },
            { "name": "label", "type": "VARCHAR", "length": 255, "nullable": true }
        ] }]
    });
    let v = json!(value(case));
    let t = &mut spec["tables"][0];
    match case["place"].as_str().unwrap() {
        "tableName" => t["name"] = v,
        "columnName" => t["columns"][1]["name"] = v,
        "checkName" => t["checkConstraints"] = json!([{ "name": v, "expression": "id > 0" }]),
        "uniqueName" => t["uniqueConstraints"] = json!([{ "name": v, "columns": ["label"] }]),
        "indexName" => t["indexes"] = json!([{ "name": v, "columns": ["label"] }]),
        "stringDefault" => t["columns"][1]["default"] = v,
        "varcharDefault" => t["columns"][2]["default"] = v,
        "expressionDefault" => t["columns"][1]["default"] = json!({ "expression": v }),
        "check" => t["checkConstraints"] = json!([{ "name": "chk_hostile", "expression": v }]),
        "predicate" => {
            t["indexes"] =
                json!([{ "name": "idx_hostile_partial", "columns": ["label"], "where": v }])
        }
        "tableDescription" => t["description"] = v,
        "columnDescription" => t["columns"][1]["description"] = v,
        "description" => spec["description"] = v,
        other => panic!("unknown place {other}"),
    }
    spec
}
