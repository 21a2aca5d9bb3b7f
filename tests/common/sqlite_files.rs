//! SQLite database files for the tests that point the generator at one (`existingDbPath`):
//! each in a directory of its own under the system's temporary directory, made afresh.
//!
//! Included by path (`#[path = "common/sqlite_files.rs"] mod sqlite_files;`); each test file
//! uses a part of it.
#![allow(dead_code)]

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The path of `app.db` in an emptied directory `{prefix}-{pid}-{name}` of the temporary
/// directory: no file there yet.
pub fn fresh_path(prefix: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("app.db")
}

/// A database file made of `sql` at [`fresh_path`]`(prefix, name)`.
pub fn database(prefix: &str, name: &str, sql: &str) -> PathBuf {
    let path = fresh_path(prefix, name);
    migration_generator::sqlite_memory::open(&path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
    path
}

/// The file at `path` opened with foreign keys on, as the migrations run.
pub fn open(path: &Path) -> Connection {
    let conn = migration_generator::sqlite_memory::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn
}
