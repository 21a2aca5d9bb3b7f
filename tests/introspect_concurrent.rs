//! Introspection while another connection writes: the reader sees a consistent schema every
//! time, and the writer loses nothing (issue 7, "never harm files or data").

use migration_generator::introspect::introspect;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[test]
fn introspection_during_writes_harms_neither_side() {
    let dir = std::env::temp_dir().join(format!("mg-concurrent-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("live.db");
    let setup = migration_generator::sqlite_memory::open(&path).unwrap();
    setup
        .execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, payload TEXT);
             CREATE INDEX idx_events_kind ON events(kind);",
        )
        .unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let path = path.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let conn = migration_generator::sqlite_memory::open(&path).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(5))
                .unwrap();
            let mut written = 0i64;
            while !stop.load(Ordering::Relaxed) || written < 200 {
                conn.execute_batch("BEGIN IMMEDIATE;").unwrap();
                for _ in 0..10 {
                    conn.execute("INSERT INTO events (kind, payload) VALUES ('k', 'p')", [])
                        .unwrap();
                    written += 1;
                }
                conn.execute_batch("COMMIT;").unwrap();
            }
            written
        })
    };

    for _ in 0..30 {
        let schema = introspect(path.to_str().unwrap()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(schema.tables().len(), 1);
        let t = &schema.tables()[0];
        assert_eq!(
            t.table
                .columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["id", "kind", "payload"]
        );
        assert_eq!(t.indexes.len(), 1);
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();

    let rows: i64 = setup
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, written, "the writer lost rows");
    let check: String = setup
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(setup);
    let _ = std::fs::remove_dir_all(&dir);
}
