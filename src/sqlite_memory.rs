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
    Connection::open_in_memory().map(no_attach)
}

/// [`Connection::open`] (read-write, created if missing), SQLite's allocator configured first.
#[allow(clippy::disallowed_methods)]
pub fn open(path: impl AsRef<std::path::Path>) -> rusqlite::Result<Connection> {
    configure();
    Connection::open(path).map(no_attach)
}

/// [`Connection::open_with_flags`], SQLite's allocator configured first.
#[allow(clippy::disallowed_methods)]
pub fn open_with_flags(path: &str, flags: OpenFlags) -> rusqlite::Result<Connection> {
    configure();
    Connection::open_with_flags(path, flags).map(no_attach)
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
