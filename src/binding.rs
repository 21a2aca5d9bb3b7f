//! The Node binding: converts and calls, nothing else. Specs cross as one JSON string each way
//! (faster than walking objects, and a cyclic or exotic JS value never reaches Rust: the
//! JavaScript wrapper in `index.js` stringifies and reports what cannot be stringified).
#![cfg_attr(test, allow(dead_code))] // the exports are only called from JavaScript

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

/// Generates a migration from a JSON spec; returns the result as JSON.
#[napi(catch_unwind)]
pub fn generate_migration_json(spec_json: String) -> String {
    crate::generate_json_owned(spec_json)
}

/// [`generate_migration_json`] on libuv's thread pool.
pub struct GenerateTask {
    spec_json: String,
}

impl Task for GenerateTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> napi::Result<String> {
        Ok(crate::generate_json_owned(std::mem::take(
            &mut self.spec_json,
        )))
    }

    fn resolve(&mut self, _env: Env, output: String) -> napi::Result<String> {
        Ok(output)
    }
}

/// Generates a migration on the thread pool; resolves to the result as JSON.
#[napi(catch_unwind)]
pub fn generate_migration_json_async(spec_json: String) -> AsyncTask<GenerateTask> {
    AsyncTask::new(GenerateTask { spec_json })
}

/// Reads a SQLite database's schema; returns `{"ok":true,"schema":…}` or `{"ok":false,"error":…}` as JSON.
#[napi(catch_unwind)]
pub fn introspect_database_json(path: String) -> String {
    crate::introspect_json(&path)
}

/// A spec describing a SQLite database as it is; returns `{"ok":true,"spec":…}` or `{"ok":false,"error":…}` as JSON.
#[napi(catch_unwind)]
pub fn spec_from_database_json(path: String, database_type: Option<String>) -> String {
    crate::spec_from_database_json(&path, database_type.as_deref())
}

/// Tests only (not re-exported by `index.js`): `"guarded"` panics inside the generator's
/// guard and returns the INTERNAL_ERROR result; anything else panics in the binding itself,
/// which `catch_unwind` turns into a thrown JavaScript error instead of an aborted process.
#[napi(catch_unwind, js_name = "__panicForTests")]
pub fn panic_for_tests(mode: String) -> String {
    if mode == "guarded" {
        return crate::panic_for_tests();
    }
    panic!("deliberate panic in the binding (test of catch_unwind)")
}

/// Benchmark floor: takes the spec as JSON like `generate_migration_json`, does no work, and
/// returns a string of `output_bytes` bytes — the cost of crossing into native code and back
/// with the same amount of data.
#[napi(catch_unwind, js_name = "__benchFloor")]
pub fn bench_floor(spec_json: String, output_bytes: u32) -> String {
    let mut out = String::with_capacity(output_bytes as usize);
    out.extend(std::iter::repeat_n(
        'x',
        (output_bytes as usize).saturating_sub(spec_json.len() % 2),
    ));
    out
}
