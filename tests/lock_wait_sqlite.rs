//! Reading an `existingDbPath` that a writer holds locked: a generation waits for the lock
//! ([`migration_generator::lock_wait::LOCK_WAIT`]) before `DB_LOCKED`, except inside
//! [`without_waiting`] (what `generateMigrationAsync` runs on the library's threads), where
//! it answers the same `DB_LOCKED` at once and says that it met the lock. Real SQLite files,
//! the lock held by a second connection (`BEGIN EXCLUSIVE`, rollback journal).

#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use migration_generator::generate_str;
use migration_generator::lock_wait::{without_waiting, LOCK_WAIT};
use serde_json::json;
use std::path::Path;
use std::time::Instant;

/// A spec adding a column to the table `t` of the database at `path`.
fn spec(path: &Path) -> String {
    json!({
        "description": "add_name",
        "databaseType": "sqlite",
        "existingDbPath": path.to_str().unwrap(),
        "now": "2026-02-09T12:00:00Z",
        "tables": [{"name": "t", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "name", "type": "TEXT", "nullable": true}
        ]}]
    })
    .to_string()
}

/// The result's errors as (code, message, suggestion).
fn errors(
    r: &migration_generator::output::GeneratedMigration,
) -> Vec<(String, String, Option<String>)> {
    r.validation
        .errors
        .iter()
        .map(|e| {
            (
                e.code.as_str().to_string(),
                e.message.clone(),
                e.suggestion.clone(),
            )
        })
        .collect()
}

#[test]
fn a_locked_database_is_db_locked_at_once_without_waiting_and_after_the_wait_otherwise() {
    let path = sqlite_files::database(
        "mg-lock-wait",
        "locked",
        "CREATE TABLE t (id INTEGER PRIMARY KEY);",
    );
    let writer = migration_generator::sqlite_memory::open(&path).unwrap();
    writer
        .execute_batch("BEGIN EXCLUSIVE; INSERT INTO t DEFAULT VALUES;")
        .unwrap();

    let start = Instant::now();
    let waited = generate_str(&spec(&path));
    let waited_for = start.elapsed();
    assert!(waited_for >= LOCK_WAIT, "waited {waited_for:?}");
    let expected = errors(&waited);
    assert_eq!(expected.len(), 1);
    assert_eq!(expected[0].0, "DB_LOCKED");

    let start = Instant::now();
    let (at_once, met) = without_waiting(|| generate_str(&spec(&path)));
    let took = start.elapsed();
    assert!(met, "the lock is said to have been met");
    assert_eq!(errors(&at_once), expected, "the same DB_LOCKED");
    // Far below the wait; SQLite's busy handler would sleep at least its first delays.
    assert!(took < LOCK_WAIT / 2, "took {took:?}");

    writer.execute_batch("COMMIT;").unwrap();
    let (free, met) = without_waiting(|| generate_str(&spec(&path)));
    assert!(!met);
    assert!(free.validation.valid, "{:?}", errors(&free));
    assert_eq!(free.up_migration, generate_str(&spec(&path)).up_migration);
}

#[test]
fn a_lock_taken_between_tries_is_met_and_one_released_is_not() {
    let path = sqlite_files::database(
        "mg-lock-wait",
        "between",
        "CREATE TABLE t (id INTEGER PRIMARY KEY);",
    );
    let writer = migration_generator::sqlite_memory::open(&path).unwrap();
    for round in 0..3 {
        writer
            .execute_batch("BEGIN EXCLUSIVE; INSERT INTO t DEFAULT VALUES;")
            .unwrap();
        let (r, met) = without_waiting(|| generate_str(&spec(&path)));
        assert!(met, "round {round}");
        assert_eq!(errors(&r)[0].0, "DB_LOCKED");
        writer.execute_batch("COMMIT;").unwrap();
        let (r, met) = without_waiting(|| generate_str(&spec(&path)));
        assert!(!met, "round {round}");
        assert!(r.validation.valid, "round {round}: {:?}", errors(&r));
    }
    // A database that is not there is not a lock.
    let (r, met) = without_waiting(|| generate_str(&spec(&path.with_file_name("missing.db"))));
    assert!(!met);
    assert_eq!(errors(&r)[0].0, "DB_NOT_FOUND");
}
