//! The generator's result as JSON, for the test files that read it so: [`generated`] for any
//! spec, [`generate`] for one that must be valid.
//!
//! Included by path (`#[path = "common/generated_json.rs"] mod generated_json;`) beside
//! tests/common/servers.rs; each test file uses a part of it.
#![allow(dead_code)]

use migration_generator::generate_json;
use serde_json::Value;

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
