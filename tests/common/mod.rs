//! Helpers shared by the integration tests: running generated migrations on a real SQLite
//! database that already holds a canary table, and reading back what they created.
#![allow(dead_code)]

pub mod hostile;
pub mod seeded;

use migration_generator::output::{GeneratedMigration, Operation};
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The `.json` files of a directory of this repository (relative to its root), sorted by path.
pub fn json_files_in(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

/// A table that exists before any migration runs. Its name has a hyphen, which no valid spec
/// name can have, so a migration that touches it has escaped its statements.
pub const CANARY: &str = "canary-table";

/// A fresh in-memory database with foreign keys on and the canary holding one row.
pub fn database_with_canary() -> Connection {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; CREATE TABLE \"{CANARY}\" (x TEXT); INSERT INTO \"{CANARY}\" VALUES ('alive');"
    ))
    .unwrap();
    conn
}

/// The query of every stored schema text (type, name, text), by type and name, for comparing
/// a database before and after migrations. `sqlite_sequence` is left out: SQLite makes it with
/// the first AUTOINCREMENT table and never lets it be dropped; [`counters_of_missing_tables`]
/// checks its rows instead.
pub const SCHEMA_TEXTS: &str = "SELECT type, name, sql FROM sqlite_master \
     WHERE sql IS NOT NULL AND name <> 'sqlite_sequence' ORDER BY type, name";

/// The AUTOINCREMENT counters (`sqlite_sequence` rows) of tables the database does not have, as
/// "sqlite_sequence row 'name'": none, since dropping a table deletes its counter.
pub fn counters_of_missing_tables(conn: &Connection) -> Vec<String> {
    let has_sequence: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'sqlite_sequence'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if !has_sequence {
        return Vec::new();
    }
    conn.prepare(
        "SELECT name FROM sqlite_sequence \
         WHERE name NOT IN (SELECT name FROM sqlite_master WHERE type = 'table') ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get::<_, String>(0))
    .unwrap()
    .map(|r| format!("sqlite_sequence row '{}'", r.unwrap()))
    .collect()
}

/// The stored schema texts ([`SCHEMA_TEXTS`]), after checking that no AUTOINCREMENT counter
/// outlived its table.
pub fn schema_texts(conn: &Connection) -> Vec<(String, String, String)> {
    assert_eq!(
        counters_of_missing_tables(conn),
        Vec::<String>::new(),
        "a dropped table's AUTOINCREMENT counter is left"
    );
    conn.prepare(SCHEMA_TEXTS)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// Every object in the database: (type, name, table it belongs to), but `sqlite_sequence`
/// (see [`SCHEMA_TEXTS`]).
pub fn objects(conn: &Connection) -> BTreeSet<(String, String, String)> {
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name <> 'sqlite_sequence'")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

/// The tables in the database, the canary included.
pub fn tables(conn: &Connection) -> BTreeSet<String> {
    objects(conn)
        .into_iter()
        .filter(|(ty, _, _)| ty == "table")
        .map(|(_, name, _)| name)
        .collect()
}

/// Column names of a table, in order.
pub fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap();
    let rows = stmt.query_map([table], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

/// Asserts only the canary is left, with its row.
pub fn assert_canary_alone(conn: &Connection, after: &str) {
    let objects = objects(conn);
    let expected: BTreeSet<(String, String, String)> =
        [("table".to_string(), CANARY.to_string(), CANARY.to_string())].into();
    assert_eq!(objects, expected, "after {after}");
    assert_eq!(
        counters_of_missing_tables(conn),
        Vec::<String>::new(),
        "AUTOINCREMENT counters left after {after}"
    );
    let n: i64 = conn
        .query_row(&format!("SELECT count(*) FROM \"{CANARY}\""), [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1, "the canary lost its row after {after}");
}

/// The tables a result says it creates.
pub fn created_tables(r: &GeneratedMigration) -> BTreeSet<String> {
    r.metadata
        .operations
        .iter()
        .filter(|o| o.operation == Operation::Create)
        .map(|o| o.table.clone())
        .collect()
}

/// Runs a valid SQLite result's up migration on a database with the canary, checks it created
/// exactly the result's tables (every index on them, nothing elsewhere), runs down, checks only
/// the canary is left; then runs the whole file (up, then down) on a fresh database. Returns the
/// database as it was after up (for further checks), re-created by running up again.
pub fn run_sqlite(r: &GeneratedMigration) -> Connection {
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    let conn = database_with_canary();
    conn.execute_batch(&r.up_migration)
        .unwrap_or_else(|e| panic!("SQLite rejects the up migration: {e}\n{}", r.up_migration));
    let mut expected = created_tables(r);
    expected.insert(CANARY.to_string());
    assert_eq!(tables(&conn), expected, "{}", r.up_migration);
    for (ty, name, table) in objects(&conn) {
        assert!(
            expected.contains(&table),
            "{ty} {name} is on the table {table}, which the migration does not create"
        );
    }
    conn.execute_batch(&r.down_migration).unwrap_or_else(|e| {
        panic!(
            "SQLite rejects the down migration: {e}\n{}",
            r.down_migration
        )
    });
    assert_canary_alone(&conn, "down");

    let whole = database_with_canary();
    whole
        .execute_batch(&r.file_content)
        .unwrap_or_else(|e| panic!("SQLite rejects the whole file: {e}\n{}", r.file_content));
    assert_canary_alone(&whole, "the whole file (up then down)");

    conn.execute_batch(&r.up_migration).unwrap();
    conn
}

/// The schema Prisma Migrate writes for a `User` with posts: names a spec cannot give (`User`,
/// `createdAt`, `authorId`, `User_email_key`).
pub const PRISMA: &str = r#"
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
"#;
