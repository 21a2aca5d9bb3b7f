//! The Node binding: converts and calls, nothing else. The spec crosses as one JSON string (faster
//! than walking objects, and a cyclic or exotic JS value never reaches Rust: the JavaScript
//! wrapper in `index.js` stringifies and reports what cannot be stringified). The result comes
//! back in pieces: its large texts as strings of their own, the rest as JSON (see
//! [`crate::output::Parts`]); `index.js` puts them together.
#![cfg_attr(test, allow(dead_code))] // the exports are only called from JavaScript

use crate::output::Parts;
use napi::bindgen_prelude::{Either, Object, Uint32ArraySlice};
use napi::Env;
use napi_derive::napi;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A generated migration in pieces, as `index.js` receives it.
#[napi(object)]
pub struct NativeMigration {
    /// `{"metadata":…,"tableTypes":…,"validation":…}`.
    pub json: String,
    /// The up migration.
    pub up_migration: String,
    /// The down migration.
    pub down_migration: String,
    /// The migration file before the up migration.
    pub file_head: String,
    /// The migration file between the up and the down migration.
    pub file_middle: String,
    /// The migration file after the down migration.
    pub file_tail: String,
    /// All tables' types, when `generateTypes` is true.
    pub type_definitions: Option<String>,
    /// Whether the result is a `DB_LOCKED` given without waiting for the writer's lock
    /// ([`generate_migration_native_async`]): trying again later may succeed. Always false
    /// from [`generate_migration_native`], which waits.
    pub locked: bool,
}

impl From<Parts> for NativeMigration {
    fn from(p: Parts) -> Self {
        NativeMigration {
            json: p.json,
            up_migration: p.up_migration,
            down_migration: p.down_migration,
            file_head: p.file_head,
            file_middle: p.file_middle,
            file_tail: p.file_tail,
            type_definitions: p.type_definitions,
            locked: false,
        }
    }
}

/// Every export catches panics and reports them (`INTERNAL_ERROR`, a rejected promise or a
/// thrown error), so Rust's default report of a panic on stderr would only be noise in the host
/// process's output, and would break the command line's promise of an empty stderr under
/// `--json`. It is kept when `DEBUG` is set, for bug reports. Only this library's panics are
/// concerned: another Rust addon in the process has its own hook. Set when Node loads the
/// addon, not when the library loads, so Rust's own tests keep their panic reports.
#[napi(module_exports)]
pub fn quiet_caught_panics(_exports: Object) -> napi::Result<()> {
    if std::env::var_os("DEBUG").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    Ok(())
}

/// Generations running now in this process (sync on the main thread, async on the pool's threads).
static GENERATING: AtomicUsize = AtomicUsize::new(0);

/// Generates, on this thread only when another generation is already running: a single call
/// shares its work with a second thread, but side-by-side calls (`Promise.all` over
/// `generateMigrationAsync`) already keep the cores busy, and measured, splitting each of them
/// as well made 64 calls of 100 tables slower, not faster (bench/RESULTS.md).
fn generate_among_others(spec_json: String) -> Parts {
    /// Counts this generation out again, also when it unwinds.
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            GENERATING.fetch_sub(1, Ordering::Relaxed);
        }
    }
    let others = GENERATING.fetch_add(1, Ordering::Relaxed);
    let _done = Done;
    if others == 0 {
        crate::generate_parts(spec_json)
    } else {
        crate::parallel::on_this_thread_only(|| crate::generate_parts(spec_json))
    }
}

/// Generates a migration from a JSON spec.
#[napi(catch_unwind)]
pub fn generate_migration_native(spec_json: String) -> NativeMigration {
    generate_among_others(spec_json).into()
}

/// Generates a migration on the library's own threads ([`crate::worker_pool`]); the promise
/// resolves with what [`generate_migration_native`] returns, except that a database
/// (`existingDbPath`) locked by a writer is not waited for: the result is `DB_LOCKED` at once,
/// marked `locked`, and `index.js` tries again after a timer until [`LOCK_WAIT_MS`] have gone
/// by ([`crate::lock_wait`]), so that no thread of the library sleeps on a lock. Rejects only
/// if the generation panicked past its own guard (which turns panics into `INTERNAL_ERROR`).
#[napi(catch_unwind, ts_return_type = "Promise<NativeMigration>")]
pub fn generate_migration_native_async(env: &Env, spec_json: String) -> napi::Result<Object<'_>> {
    on_pool(env, move || {
        let (parts, locked) =
            crate::lock_wait::without_waiting(|| generate_among_others(spec_json));
        NativeMigration {
            locked,
            ..parts.into()
        }
    })
}

/// How long, in milliseconds, a generation waits for a writer's lock on `existingDbPath`
/// before `DB_LOCKED` ([`crate::lock_wait::LOCK_WAIT`]): what `index.js` waits over its tries.
#[napi]
pub const LOCK_WAIT_MS: u32 = crate::lock_wait::LOCK_WAIT.as_millis() as u32;

/// A promise settled with what `job` returns, run on the library's threads; rejected only if
/// `job` panics (the thread itself lives on).
fn on_pool(
    env: &Env,
    job: impl FnOnce() -> NativeMigration + Send + 'static,
) -> napi::Result<Object<'_>> {
    let (deferred, promise) = env.create_deferred()?;
    crate::worker_pool::shared().submit(Box::new(move || {
        // Every deferred is settled: one dropped unsettled would leave a promise pending forever.
        match catch_unwind(AssertUnwindSafe(job)) {
            Ok(migration) => deferred.resolve(move |_| Ok(migration)),
            Err(_) => deferred.reject(napi::Error::from_reason(
                "internal error in migration-generator: the generation panicked",
            )),
        }
    }));
    Ok(promise)
}

/// Reads a SQLite database's schema; returns `{"ok":true,"schema":…}` or `{"ok":false,"error":…}` as JSON.
#[napi(catch_unwind)]
pub fn introspect_database_json(path: String) -> String {
    crate::introspect_json(&path)
}

/// A SQLite database's schema in the compact form of [`crate::introspect_transfer`]
/// (`lib/introspect-transfer.js` decodes it): `{ text, layout }`, or `{"ok":false,"error":…}` as
/// JSON. The layout is copied into an `ArrayBuffer` the engine owns: one over the Rust vector
/// (external memory) is freed only by a finalizer, which Node runs on the event loop, so a
/// loop of calls that never yields grew by the layout's size per call.
#[napi(
    catch_unwind,
    ts_return_type = "string | { text: string; layout: Uint32Array }"
)]
pub fn introspect_database_compact(
    env: &Env,
    path: String,
) -> napi::Result<Either<String, Object<'_>>> {
    match crate::introspect_compact(&path) {
        Ok(c) => {
            let mut answer = Object::new(env)?;
            answer.set("text", c.text)?;
            answer.set("layout", Uint32ArraySlice::copy_from(env, &c.layout)?)?;
            Ok(Either::B(answer))
        }
        Err(json) => Ok(Either::A(json)),
    }
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

/// Tests only (not re-exported by `index.js`): a job on the library's threads that panics past
/// every guard, so that the rejection of [`generate_migration_native_async`]'s promise, and the
/// thread living on after it, can be tested.
#[napi(
    catch_unwind,
    js_name = "__panicForTestsAsync",
    ts_return_type = "Promise<NativeMigration>"
)]
pub fn panic_for_tests_async(env: &Env) -> napi::Result<Object<'_>> {
    on_pool(env, || -> NativeMigration {
        panic!("deliberate panic on the library's thread (test of the async guard)")
    })
}

/// A file [`flush_files_native`] could not flush.
#[napi(object)]
pub struct FlushFailure {
    /// Its index in the paths given.
    pub index: u32,
    /// The system's error number (`ENOENT`'s 2, `EIO`'s 5, …), or 0 when there is none (and on
    /// Windows, whose numbers are not these).
    pub errno: i32,
    /// The system's message.
    pub message: String,
    /// The call that failed: `open` or `fsync`.
    pub syscall: String,
}

/// Flushes each file of `paths` to disk, several at once ([`crate::flush::flush_files`]);
/// returns those that failed (none: an empty array).
#[napi(catch_unwind)]
pub fn flush_files_native(paths: Vec<String>) -> Vec<FlushFailure> {
    crate::flush::flush_files(&paths)
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            e.map(|(step, e)| FlushFailure {
                index: i as u32,
                // Windows' error numbers are not the POSIX ones Node names.
                errno: if cfg!(unix) {
                    e.raw_os_error().unwrap_or(0)
                } else {
                    0
                },
                message: e.to_string(),
                syscall: step.as_str().to_string(),
            })
        })
        .collect()
}

/// Benchmark floor: takes the spec as JSON like [`generate_migration_native`], does no work, and
/// returns the pieces of a result of the same sizes: `json` as given (so that JavaScript parses
/// the same text), the other texts as runs of `x` of the given lengths — the cost of crossing
/// into native code and back with the same amount of data.
#[napi(catch_unwind, js_name = "__benchFloor")]
pub fn bench_floor(spec_json: String, json: String, text_bytes: Vec<u32>) -> NativeMigration {
    let text = |i: usize| "x".repeat(text_bytes.get(i).copied().unwrap_or(0) as usize);
    let _ = spec_json;
    NativeMigration {
        json,
        up_migration: text(0),
        down_migration: text(1),
        file_head: text(2),
        file_middle: text(3),
        file_tail: text(4),
        type_definitions: text_bytes.get(5).map(|_| text(5)),
        locked: false,
    }
}
