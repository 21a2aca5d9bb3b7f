//! The opt-in expression check (`selfCheck: 'expressions'`: for a migration that only creates
//! tables, the spec's expressions are asked of the engine where one runs in-process) gives
//! exactly the result of the default full one (`'full'`: SQLite runs every statement up, down
//! and again; PostgreSQL and MySQL statements are parsed) on every spec the project keeps: the
//! fixtures, the hostile corpus, the examples and the fuzzer's seeds, on each dialect. Results
//! are compared whole: the same SQL, types and file, or the same errors. The property tests
//! (`tests/property.rs`) compare the two on random specs.

mod common;

use migration_generator::generate_json;
use serde_json::{json, Value};

const NOW: &str = "2026-02-09T12:00:00Z";
const DIALECTS: [&str; 3] = ["sqlite", "postgresql", "mysql"];

/// The spec as `db` with a fixed `now`, generated both ways: `Err` with both results when they
/// differ; `Ok(valid)` otherwise.
fn compare(spec: &Value, db: &str) -> Result<bool, String> {
    let mut full = spec.clone();
    let Some(obj) = full.as_object_mut() else {
        return Ok(false);
    };
    obj.insert("databaseType".into(), json!(db));
    obj.entry("now").or_insert(json!(NOW));
    obj.remove("selfCheck");
    let mut expressions = full.clone();
    expressions["selfCheck"] = json!("expressions");
    let (f, e) = (
        generate_json(&full.to_string()),
        generate_json(&expressions.to_string()),
    );
    if f != e {
        return Err(format!(
            "{db}: {full}\nfull (default): {f}\nexpressions:    {e}"
        ));
    }
    let parsed: Value = serde_json::from_str(&f).unwrap();
    Ok(parsed["validation"]["valid"] == json!(true))
}

/// The JSON files of a directory of this repository, sorted, parsed.
fn json_files(dir: &str) -> Vec<Value> {
    common::json_files_in(dir)
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// Compares every spec on every dialect; fails with every difference. Returns how many
/// comparisons had a valid result, and how many in all.
fn compare_all(specs: &[Value]) -> (usize, usize) {
    let mut valid = 0;
    let mut differences = Vec::new();
    for spec in specs {
        for db in DIALECTS {
            match compare(spec, db) {
                Ok(true) => valid += 1,
                Ok(false) => {}
                Err(e) => differences.push(e),
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n\n"));
    (valid, specs.len() * DIALECTS.len())
}

#[test]
fn fixtures_give_the_same_result_with_the_expression_check() {
    let specs: Vec<Value> = json_files("__test__/fixtures")
        .into_iter()
        .map(|f| f["spec"].clone())
        .collect();
    let (valid, all) = compare_all(&specs);
    assert!(specs.len() >= 40 && valid >= 100, "{valid} valid of {all}");
}

#[test]
fn hostile_corpus_gives_the_same_result_with_the_expression_check() {
    let specs: Vec<Value> = common::hostile::corpus()
        .iter()
        .map(|case| common::hostile::spec_for(case, "sqlite"))
        .collect();
    let (valid, all) = compare_all(&specs);
    // The corpus holds both: texts every dialect must take and texts each must refuse.
    assert!(valid > 0 && valid < all, "{valid} valid of {all}");
}

#[test]
fn examples_and_fuzz_seeds_give_the_same_result_with_the_expression_check() {
    let mut specs = json_files("examples");
    specs.extend(json_files("fuzz/seeds/generate_bytes"));
    let (valid, _) = compare_all(&specs);
    assert!(specs.len() >= 8 && valid >= 8, "{valid} valid");
}

/// An expression SQLite refuses though the parser reads it is reported the same way by both
/// checks: with its table and constraint, never as GENERATED_SQL_REJECTED.
#[test]
fn an_expression_sqlite_refuses_is_reported_alike() {
    for (place, value) in [
        ("check", "id <@ 150"),
        ("check", "nosuch(id) > 0"),
        ("check", "max(id) > 0"),
        ("default", "1 := 2"),
        // SQLite creates the table and looks the function up only when a row takes the
        // default: every INSERT would fail.
        ("default", "now()"),
        ("default", "gen_random_uuid()"),
        ("default", "lower(nosuch('x'))"),
        ("predicate", "random() > 0"),
    ] {
        let mut spec = json!({
            "description": "refused", "databaseType": "sqlite", "now": NOW,
            "tables": [
                { "name": "fine", "primaryKey": ["id"], "columns": [{ "name": "id", "type": "INTEGER", "nullable": false }],
                  "checkConstraints": [{ "name": "chk_fine", "expression": "id > 0" }] },
                { "name": "t", "primaryKey": ["id"], "columns": [
                    { "name": "id", "type": "INTEGER", "nullable": false },
                    { "name": "body", "type": "TEXT", "nullable": true }] }
            ]
        });
        let t = &mut spec["tables"][1];
        match place {
            "check" => t["checkConstraints"] = json!([{ "name": "chk_t", "expression": value }]),
            "default" => t["columns"][1]["default"] = json!({ "expression": value }),
            _ => t["indexes"] = json!([{ "name": "idx_t", "columns": ["body"], "where": value }]),
        }
        assert_eq!(compare(&spec, "sqlite"), Ok(false), "{value}");
        let full: Value = serde_json::from_str(&generate_json(&spec.to_string())).unwrap();
        if place == "default" && value != "1 := 2" {
            assert_eq!(
                full["validation"]["errors"][0]["code"],
                json!("INVALID_DEFAULT"),
                "{value}: {full:#}"
            );
            let message = full["validation"]["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains("no such function"), "{message}");
            assert!(
                !message.contains("SELECT"),
                "the probe statement is not shown: {message}"
            );
        }
        spec["selfCheck"] = json!("expressions");
        let r: Value = serde_json::from_str(&generate_json(&spec.to_string())).unwrap();
        let errors = r["validation"]["errors"].as_array().unwrap();
        assert!(
            !errors.is_empty()
                && errors
                    .iter()
                    .all(|e| e["table"] == json!("t")
                        && e["code"] != json!("GENERATED_SQL_REJECTED")),
            "{value}: {errors:?}"
        );
    }
}

/// A value other than 'full' or 'expressions' is refused with what it may be, on both spec readers
/// (the fast one and the one that explains).
#[test]
fn an_unknown_self_check_is_refused() {
    for value in [json!("fast"), json!(true), json!("FULL"), json!("auto")] {
        let spec = json!({
            "description": "x", "databaseType": "sqlite", "now": NOW, "selfCheck": value,
            "tables": [{ "name": "t", "primaryKey": ["id"],
                         "columns": [{ "name": "id", "type": "INTEGER", "nullable": false }] }]
        });
        let r: Value = serde_json::from_str(&generate_json(&spec.to_string())).unwrap();
        let errors = r["validation"]["errors"].as_array().unwrap();
        assert!(
            errors.len() == 1
                && errors[0]["code"] == json!("INVALID_SPEC")
                && errors[0]["message"].as_str().unwrap().contains("selfCheck")
                && format!("{}", errors[0]).contains("'full' or 'expressions'"),
            "{value}: {errors:?}"
        );
        assert_eq!(r["upMigration"], json!(""));
    }
}
