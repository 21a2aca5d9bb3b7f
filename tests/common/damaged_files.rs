//! Damaged SQLite database files, made with the bundled engine and then broken the ways a
//! disk, a copy cut short or a stray write break them: a table's page or an index's page
//! overwritten with garbage, the file truncated mid-way, the header's fields past its magic
//! string overwritten. `sqlite_master` (page 1) still reads in each, so introspection gets
//! past it and meets the damage later, where it reads the rows or the indexes.
//!
//! Included by path (`#[path = "common/damaged_files.rs"] mod damaged_files;`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The schema of every damaged file: two tables with rows enough for several pages each, an
/// index, and a foreign key.
pub const SCHEMA: &str = "
    PRAGMA page_size = 4096;
    CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);
    CREATE INDEX users_email ON users(email);
    CREATE TABLE posts(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), body TEXT);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
      INSERT INTO users SELECT i, 'user ' || i, 'u' || i || '@example.com' FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
      INSERT INTO posts SELECT i, i, printf('%.*c', 200, 'p') FROM n;
";

/// The size of a page of the damaged files.
pub const PAGE: usize = 4096;

/// The ways a file is damaged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Damage {
    /// The root page of the table `users` overwritten with garbage.
    TablePage,
    /// The last page of the file (a leaf of `posts`, the last table filled) overwritten.
    LastPage,
    /// The root page of the index `users_email` overwritten with garbage.
    IndexPage,
    /// The file cut to half its length (page 1 whole).
    Truncated,
    /// The header's fields after "SQLite format 3\0" (page size, counters, format numbers)
    /// overwritten with garbage.
    GarbageHeader,
}

/// Every kind of damage.
pub const ALL: [Damage; 5] = [
    Damage::TablePage,
    Damage::LastPage,
    Damage::IndexPage,
    Damage::Truncated,
    Damage::GarbageHeader,
];

/// Bytes that are no page's: xorshift64 from a fixed seed (the same garbage every run).
pub fn garbage(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The root page (1-based) of the object `name` in the file at `path`.
fn root_page(path: &Path, name: &str) -> usize {
    let conn = migration_generator::sqlite_memory::open(path).unwrap();
    conn.query_row(
        "SELECT rootpage FROM sqlite_master WHERE name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

/// A database of [`SCHEMA`] at `path` (which must not exist), damaged by `damage`.
pub fn damaged(path: &Path, damage: Damage) -> PathBuf {
    migration_generator::sqlite_memory::open(path)
        .unwrap()
        .execute_batch(SCHEMA)
        .unwrap();
    let mut bytes = std::fs::read(path).unwrap();
    assert_eq!(bytes.len() % PAGE, 0);
    let pages = bytes.len() / PAGE;
    let mut overwrite = |page: usize| {
        let at = (page - 1) * PAGE;
        bytes[at..at + PAGE].copy_from_slice(&garbage(PAGE));
    };
    match damage {
        Damage::TablePage => overwrite(root_page(path, "users")),
        Damage::IndexPage => overwrite(root_page(path, "users_email")),
        Damage::LastPage => overwrite(pages),
        Damage::Truncated => {
            let half = bytes.len() / 2;
            bytes.truncate(half)
        }
        Damage::GarbageHeader => bytes[16..100].copy_from_slice(&garbage(84)),
    }
    std::fs::write(path, &bytes).unwrap();
    path.to_path_buf()
}

/// A file at `path` whose stored schema SQLite refuses to load ("malformed database schema"):
/// a table `users (id, name)` and an index whose text, rewritten through `PRAGMA
/// writable_schema`, names a table that is not there. Its pages are sound: introspection reads
/// the texts and only SQLite loading them fails. Gives `path`.
pub fn schema_refused(path: &Path) -> PathBuf {
    let conn = migration_generator::sqlite_memory::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX ix ON users(name);",
    )
    .unwrap();
    conn.execute_batch(
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_master SET sql = 'CREATE INDEX ix ON t2_(name)' WHERE name = 'ix';
         PRAGMA writable_schema = OFF;",
    )
    .unwrap();
    path.to_path_buf()
}
