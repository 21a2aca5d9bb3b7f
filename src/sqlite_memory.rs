//! The bundled SQLite's memory, from mimalloc. SQLite allocates through the system `malloc`
//! unless told otherwise before its first use; the SQLite self-check runs DDL on two threads at
//! once, and with glibc's allocator a fifth of its time went to `malloc`/`free` and to the page
//! faults and TLB flushes of glibc handing freed memory back to the system and taking it again.
//! Every connection this crate opens goes through [`open_in_memory`], [`open`] or
//! [`open_with_flags`], which configure SQLite first; its tests too. That is not only for speed:
//! `sqlite3_config` may not run while another thread is inside SQLite, and a connection opened
//! directly (`Connection::open`) on one thread while another configured the allocator let
//! SQLite free glibc blocks with mimalloc: a test binary crashed with SIGSEGV about once in 300
//! runs. `clippy.toml` forbids rusqlite's own `open` functions everywhere else. The SQLite
//! library is linked into this crate alone (its symbols are not exported), so the setting
//! touches no other SQLite in the process. Left out under `cargo fuzz` (cfg `fuzzing`), where
//! AddressSanitizer should see SQLite's allocations.

use rusqlite::{Connection, OpenFlags};

/// Runs `f` on this thread's probe database: an empty in-memory database, opened on first use
/// and kept for the life of the thread, on which expressions are compiled (and DDL run inside
/// savepoints that are rolled back) to ask SQLite about them. `None` when it cannot be opened.
/// `f` must not ask for the probe database again.
pub fn with_probe<R>(f: impl FnOnce(&Connection) -> R) -> Option<R> {
    thread_local! {
        static PROBE: std::cell::RefCell<Option<Connection>> = const { std::cell::RefCell::new(None) };
    }
    PROBE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = open_in_memory().ok();
        }
        slot.as_ref().map(f)
    })
}

/// A new in-memory database, SQLite's allocator configured first.
#[allow(clippy::disallowed_methods)]
pub fn open_in_memory() -> rusqlite::Result<Connection> {
    configure();
    Connection::open_in_memory().map(bounded)
}

/// [`Connection::open`] (read-write, created if missing), SQLite's allocator configured first.
#[allow(clippy::disallowed_methods)]
pub fn open(path: impl AsRef<std::path::Path>) -> rusqlite::Result<Connection> {
    configure();
    Connection::open(path).map(bounded)
}

/// [`Connection::open_with_flags`], SQLite's allocator configured first.
#[allow(clippy::disallowed_methods)]
pub fn open_with_flags(path: &str, flags: OpenFlags) -> rusqlite::Result<Connection> {
    configure();
    Connection::open_with_flags(path, flags).map(bounded)
}

/// The longest string or BLOB a connection this crate opens makes or reads
/// (`SQLITE_LIMIT_LENGTH`; SQLite's default is 1 GB): 32 MiB, twice what a rows trial copies
/// ([`crate::rows_trial::MAX_TRIAL_BYTES`]), so no value stored in a trial's copy reaches it,
/// while one expression of a spec evaluated on each row (`printf('%.*c', 300000000, 'x')` in a
/// CHECK) fails with `SQLITE_TOOBIG` at once instead of allocating hundreds of MB per row.
pub const MAX_VALUE_BYTES: i32 = 32 << 20;

/// How long the work on a database's rows of one generation may take in all (the rows trial,
/// the counts on the file, the rebuild's rechecks: [`RowsBudget`]): 5 seconds. A trial that
/// needs more is not decided (`ROWS_NOT_TRIED`), rather than holding one of the host's worker
/// threads for as long as the spec's expressions take.
pub const ROWS_BUDGET: std::time::Duration = std::time::Duration::from_secs(5);

/// How many SQLite VM steps run between two looks at the clock of the [`RowsBudget`]: one step
/// may be a function making megabytes (10 ms), and 10,000 steps let a trial run seconds past it.
const STEPS_BETWEEN_LOOKS: i32 = 1_000;

thread_local! {
    /// When this thread's [`RowsBudget`] ends, if one is running.
    static DEADLINE: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
    /// Whether a statement was interrupted because that budget ran out.
    static SPENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While it lives, every statement a connection opened by this module runs on this thread
/// (connections stay on the thread that opened them) is interrupted (`SQLITE_INTERRUPT`) once
/// [`ROWS_BUDGET`] has passed since it started: the work a generation does on a database's
/// rows, which evaluates the spec's expressions (new CHECKs, conversions) on each row. A
/// budget started while one runs leaves that one's deadline as it is. Dropped, it ends.
pub struct RowsBudget {
    outer: bool,
}

impl RowsBudget {
    /// Starts this thread's budget of [`ROWS_BUDGET`], unless one runs already.
    pub fn start() -> Self {
        let outer = DEADLINE.with(|d| {
            if d.get().is_some() {
                return false;
            }
            d.set(Some(std::time::Instant::now() + ROWS_BUDGET));
            SPENT.with(|s| s.set(false));
            true
        });
        RowsBudget { outer }
    }

    /// Whether a statement was interrupted because the budget ran out.
    pub fn spent(&self) -> bool {
        budget_spent()
    }
}

impl Drop for RowsBudget {
    fn drop(&mut self) {
        if self.outer {
            DEADLINE.with(|d| d.set(None));
            SPENT.with(|s| s.set(false));
        }
    }
}

/// Whether this thread's running [`RowsBudget`] interrupted a statement (it has run out).
pub fn budget_spent() -> bool {
    SPENT.with(|s| s.get())
}

/// The progress handler of every connection: true (interrupt) once this thread's
/// [`RowsBudget`] has run out; false when none runs.
fn past_deadline() -> bool {
    let past = DEADLINE.with(|d| d.get().is_some_and(|end| std::time::Instant::now() >= end));
    if past {
        SPENT.with(|s| s.set(true));
    }
    past
}

/// `conn` with this crate's bounds: no `ATTACH` ([`no_attach`]), values of at most
/// [`MAX_VALUE_BYTES`], and statements interrupted once this thread's [`RowsBudget`] is spent.
fn bounded(conn: Connection) -> Connection {
    let conn = no_attach(conn);
    // Only a negative value is refused.
    let _ = conn.set_limit(
        rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH,
        MAX_VALUE_BYTES,
    );
    conn.progress_handler(STEPS_BETWEEN_LOOKS, Some(past_deadline));
    conn
}

/// `conn`, on which `ATTACH` fails ("too many attached databases"): no SQL this crate runs
/// attaches anything, and a statement that did could open, write or make any SQLite file the
/// process may reach (a hostile database's stored text did, run in a check; see
/// [`crate::stored_statement`]).
fn no_attach(conn: Connection) -> Connection {
    // Only a negative value is refused.
    let _ = conn.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED, 0);
    conn
}

/// Hands SQLite mimalloc's functions, once, before SQLite initialises. It must run before any
/// other SQLite call of the process, never beside one (see the module's note): SQLite refuses
/// the setting once it is initialised, but a setting made while another thread initialises
/// it swaps the allocator under that thread.
fn configure() {
    #[cfg(not(fuzzing))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let methods = mimalloc_methods();
            // SAFETY: SQLITE_CONFIG_MALLOC takes a pointer to a sqlite3_mem_methods, which
            // SQLite copies; the functions it names are valid for the life of the process.
            unsafe {
                rusqlite::ffi::sqlite3_config(
                    rusqlite::ffi::SQLITE_CONFIG_MALLOC,
                    &methods as *const rusqlite::ffi::sqlite3_mem_methods,
                );
            }
        });
    }
}

#[cfg(not(fuzzing))]
fn mimalloc_methods() -> rusqlite::ffi::sqlite3_mem_methods {
    use libmimalloc_sys as mi;
    use std::os::raw::{c_int, c_void};

    // SQLite asks for 8-byte alignment; mimalloc gives at least that. Sizes are positive ints
    // (SQLite never asks for more than 2^31 - 1 bytes through these).
    unsafe extern "C" fn malloc(n: c_int) -> *mut c_void {
        if n <= 0 {
            return std::ptr::null_mut();
        }
        // SAFETY: a plain allocation of n bytes.
        unsafe { mi::mi_malloc(n as usize) }
    }
    unsafe extern "C" fn free(p: *mut c_void) {
        // SAFETY: SQLite frees only what these functions allocated (or null).
        unsafe { mi::mi_free(p) }
    }
    unsafe extern "C" fn realloc(p: *mut c_void, n: c_int) -> *mut c_void {
        if n <= 0 {
            return std::ptr::null_mut();
        }
        // SAFETY: p was allocated by `malloc` above.
        unsafe { mi::mi_realloc(p, n as usize) }
    }
    unsafe extern "C" fn size(p: *mut c_void) -> c_int {
        // SAFETY: p was allocated by `malloc` above (mi_usable_size(null) is 0).
        unsafe { mi::mi_usable_size(p).min(c_int::MAX as usize) as c_int }
    }
    unsafe extern "C" fn roundup(n: c_int) -> c_int {
        // SAFETY: a pure size computation.
        let good = unsafe { mi::mi_good_size(n.max(0) as usize) };
        good.min(c_int::MAX as usize) as c_int
    }
    unsafe extern "C" fn init(_: *mut c_void) -> c_int {
        rusqlite::ffi::SQLITE_OK
    }
    unsafe extern "C" fn shutdown(_: *mut c_void) {}

    rusqlite::ffi::sqlite3_mem_methods {
        xMalloc: Some(malloc),
        xFree: Some(free),
        xRealloc: Some(realloc),
        xSize: Some(size),
        xRoundup: Some(roundup),
        xInit: Some(init),
        xShutdown: Some(shutdown),
        pAppData: std::ptr::null_mut(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No connection this crate opens can attach another database file.
    #[test]
    fn attach_fails_on_every_connection() {
        let dir = std::env::temp_dir().join(format!("mg-no-attach-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let other = dir.join("other.db");
        let file = dir.join("main.db");
        let attach = format!("ATTACH '{}' AS v", other.display());
        for conn in [
            open_in_memory().unwrap(),
            open(&file).unwrap(),
            open_with_flags(file.to_str().unwrap(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap(),
        ] {
            let e = conn.execute_batch(&attach).unwrap_err();
            assert!(e.to_string().contains("too many attached databases"), "{e}");
        }
        assert!(!other.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn connections_work_with_the_configured_allocator() {
        let conn = open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); \
             INSERT INTO t (v) SELECT printf('%.*c', 5000, 'x') FROM (SELECT 1 UNION SELECT 2);",
        )
        .unwrap();
        let total: i64 = conn
            .query_row("SELECT sum(length(v)) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(total, 10_000);
    }

    #[cfg(not(fuzzing))]
    #[test]
    fn sqlite_allocates_from_mimalloc() {
        // Every connection of this test binary is opened through this module, so SQLite was
        // configured before it initialised, whichever test ran first.
        drop(open_in_memory().unwrap());
        // SAFETY: a SQLite allocation, checked and freed.
        unsafe {
            let p = rusqlite::ffi::sqlite3_malloc(100);
            assert!(!p.is_null());
            assert!(libmimalloc_sys::mi_is_in_heap_region(p));
            rusqlite::ffi::sqlite3_free(p);
        }
    }
}
