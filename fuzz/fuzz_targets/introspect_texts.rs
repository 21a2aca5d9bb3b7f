//! Arbitrary bytes as SQL statements (lossily decoded as UTF-8, split at NUL bytes), run on an
//! in-memory SQLite database one by one (those SQLite refuses are left out): whatever schema
//! results, the catalog read from its stored texts must be the one SQLite's PRAGMAs report, or
//! be left to SQLite (`None`); and nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(conn) = migration_generator::sqlite_memory::open_in_memory() else {
        return;
    };
    for statement in text.split('\0').take(16) {
        let _ = conn.execute_batch(statement);
    }
    let (fast, slow) = migration_generator::introspect::catalogs_both_ways(&conn);
    if let Some(fast) = fast {
        assert_eq!(fast, slow, "{text}");
    }
});
