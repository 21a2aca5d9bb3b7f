//! SQLite's AUTOINCREMENT counters (`sqlite_sequence`) through an up migration, rows written
//! and deleted, and the down migration, on the bundled SQLite with database files: a table
//! created, a table rebuilt, a table renamed (and rebuilt). After the down migration
//! `sqlite_sequence` holds what it held before the up migration, with the counters the rows
//! written in between moved on, and the next row of each table gets the id after the highest
//! it ever gave (never the id of a row deleted from the end).

#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use rusqlite::Connection;
use serde_json::{json, Value};
use sqlite_files::{database, open};

/// The migration of `tables` against the file at `path`.
fn generate(path: &std::path::Path, tables: Value) -> GeneratedMigration {
    let out = generate_str(
        &json!({ "description": "change", "databaseType": "sqlite",
            "existingDbPath": path.to_str().unwrap(), "now": "2026-02-09T12:00:00Z",
            "timestamps": false, "tables": tables })
        .to_string(),
    );
    assert!(out.validation.valid, "{:?}", out.validation.errors);
    out
}

/// Every `sqlite_sequence` row as `name=seq`, by name; `None` without `sqlite_sequence`.
fn counters(conn: &Connection) -> Option<Vec<String>> {
    let mut st = conn
        .prepare("SELECT name || '=' || seq FROM sqlite_sequence ORDER BY name, seq")
        .ok()?;
    let rows = st.query_map([], |r| r.get(0)).unwrap();
    Some(rows.map(Result::unwrap).collect())
}

/// Every schema text but `sqlite_sequence`'s, by type and name.
fn schema(conn: &Connection) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name")
        .unwrap();
    let rows = st.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// [`schema`] without double quotes: SQLite writes the name it renames a table to in them
/// (`CREATE TABLE "users" (…)` after the rename back).
fn schema_unquoted(conn: &Connection) -> Vec<String> {
    schema(conn).iter().map(|s| s.replace('"', "")).collect()
}

/// The id SQLite gives the next row of `table` (the row is written, with `v` 'next').
fn next_id(conn: &Connection, table: &str) -> i64 {
    conn.execute(&format!("INSERT INTO {table} (v) VALUES ('next')"), [])
        .unwrap();
    conn.last_insert_rowid()
}

/// The AUTOINCREMENT key `id`.
fn key() -> Value {
    json!({ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true })
}

/// A TEXT column `name`: nullable, or NOT NULL with the default '-'.
fn text(name: &str, nullable: bool) -> Value {
    if nullable {
        json!({ "name": name, "type": "TEXT", "nullable": true })
    } else {
        json!({ "name": name, "type": "TEXT", "nullable": false, "default": "-" })
    }
}

/// A table the up migration creates takes its counter with it when the down migration drops
/// it: the other tables' counters are as they were, and the table created again counts from
/// one. Where the file had no `sqlite_sequence`, the down migration leaves the one SQLite made
/// with the table, empty: SQLite refuses to drop it.
#[test]
fn a_created_table_s_counter_goes_with_the_down_migration() {
    for (name, setup) in [
        (
            "created-with-sequence",
            "CREATE TABLE keep (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
             INSERT INTO keep (v) VALUES ('a'), ('b'), ('c'); DELETE FROM keep WHERE id = 3;",
        ),
        (
            "created-without-sequence",
            "CREATE TABLE keep (id INTEGER PRIMARY KEY, v TEXT);
             INSERT INTO keep (v) VALUES ('a'), ('b');",
        ),
    ] {
        let path = database("mg-seq", name, setup);
        let keep_key = if name == "created-with-sequence" {
            key()
        } else {
            json!({ "name": "id", "type": "INTEGER", "nullable": false })
        };
        let tables = json!([
            { "name": "keep", "primaryKey": ["id"], "columns": [keep_key, text("v", true)] },
            { "name": "made", "columns": [key(), text("v", true)] }]);
        let result = generate(&path, tables);
        let conn = open(&path);
        let (schema_before, counters_before) = (schema(&conn), counters(&conn));
        conn.execute_batch(&result.up_migration).unwrap();
        conn.execute_batch(
            "INSERT INTO made (v) VALUES ('x'), ('y'), ('z'); DELETE FROM made WHERE id = 3;",
        )
        .unwrap();
        conn.execute_batch(&result.down_migration).unwrap();
        assert_eq!(schema(&conn), schema_before, "{name}");
        match counters_before {
            Some(before) => {
                assert_eq!(counters(&conn), Some(before), "{name}");
                assert_eq!(next_id(&conn, "keep"), 4, "{name}");
            }
            None => {
                assert_eq!(counters(&conn), Some(vec![]), "{name}");
                let refused = conn
                    .execute_batch("DROP TABLE sqlite_sequence;")
                    .unwrap_err();
                assert!(
                    refused.to_string().contains("may not be dropped"),
                    "{name}: {refused}"
                );
            }
        }
        conn.execute_batch(&result.up_migration).unwrap();
        assert_eq!(next_id(&conn, "made"), 1, "{name}");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// A rebuilt AUTOINCREMENT table (its `v` made NOT NULL) keeps its counter both ways, with the
/// rows written and deleted in between: keys 1–3 with 3 deleted; up, 4 written and deleted;
/// down, and the next row gets 5.
#[test]
fn a_rebuilt_table_keeps_its_counter_up_and_down() {
    let path = database(
        "mg-seq",
        "rebuilt",
        "CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
         CREATE TABLE other (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
         INSERT INTO seq (v) VALUES ('a'), (NULL), ('c'); DELETE FROM seq WHERE id = 3;
         INSERT INTO other (v) VALUES ('o');",
    );
    let tables = json!([
        { "name": "seq", "columns": [key(), text("v", false)] },
        { "name": "other", "columns": [key(), text("v", true)] }]);
    let result = generate(&path, tables);
    assert!(result.up_migration.contains("_mg_old_seq"), "no rebuild");
    let conn = open(&path);
    let schema_before = schema(&conn);
    assert_eq!(counters(&conn).unwrap(), ["other=1", "seq=3"]);
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(counters(&conn).unwrap(), ["other=1", "seq=3"]);
    assert_eq!(next_id(&conn, "seq"), 4);
    conn.execute_batch("DELETE FROM seq WHERE id = 4;").unwrap();
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(schema(&conn), schema_before);
    assert_eq!(counters(&conn).unwrap(), ["other=1", "seq=4"]);
    assert_eq!(next_id(&conn, "seq"), 5);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// A renamed AUTOINCREMENT table's counter follows it both ways (SQLite renames it with the
/// table), renamed alone or renamed and rebuilt, with rows written and deleted in between.
#[test]
fn a_renamed_table_s_counter_follows_it_up_and_down() {
    for rebuilt in [false, true] {
        let name = format!("renamed-{rebuilt}");
        let path = database(
            "mg-seq",
            &name,
            "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
             INSERT INTO users (v) VALUES ('a'), ('b'), ('c'); DELETE FROM users WHERE id = 3;",
        );
        let tables = json!([{ "name": "people", "renamedFrom": "users",
            "columns": [key(), text("v", !rebuilt)] }]);
        let result = generate(&path, tables);
        assert_eq!(
            result.up_migration.contains("_mg_old_people"),
            rebuilt,
            "{name}"
        );
        let conn = open(&path);
        let schema_before = schema(&conn);
        conn.execute_batch(&result.up_migration).unwrap();
        assert_eq!(counters(&conn).unwrap(), ["people=3"], "{name}");
        assert_eq!(next_id(&conn, "people"), 4, "{name}");
        conn.execute_batch("DELETE FROM people WHERE id = 4;")
            .unwrap();
        conn.execute_batch(&result.down_migration).unwrap();
        assert_eq!(schema_unquoted(&conn), schema_before, "{name}");
        assert_eq!(counters(&conn).unwrap(), ["users=4"], "{name}");
        assert_eq!(next_id(&conn, "users"), 5, "{name}");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// A table whose key the up migration makes the rowid, with AUTOINCREMENT (a `BIGINT PRIMARY
/// KEY` said `autoIncrement`), counts from the copied keys; the down migration, which gives the
/// table back without AUTOINCREMENT, keeps its counter under the table's name (SQLite reads no
/// counter of a table without AUTOINCREMENT), so that the up migration run again gives no id
/// twice: 3, given and deleted before the down migration, is not given again. That row is
/// the one thing `sqlite_sequence` holds after the down migration that it did not before (with
/// `sqlite_sequence` itself, where there was none); deleted, the next row after the up
/// migration run again would take 3.
#[test]
fn a_key_made_the_rowid_keeps_its_counter_through_the_down_migration() {
    for (name, setup) in [
        (
            "rowid-without-sequence",
            "CREATE TABLE items (id BIGINT PRIMARY KEY, v TEXT);
             INSERT INTO items VALUES (1, 'a'), (2, 'b');",
        ),
        (
            "rowid-with-sequence",
            "CREATE TABLE keep (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
             INSERT INTO keep (v) VALUES ('k');
             CREATE TABLE items (id BIGINT PRIMARY KEY, v TEXT);
             INSERT INTO items VALUES (1, 'a'), (2, 'b');",
        ),
    ] {
        let path = database("mg-seq", name, setup);
        let mut tables = vec![json!({ "name": "items", "columns": [key(), text("v", true)] })];
        let kept = name == "rowid-with-sequence";
        if kept {
            tables.push(json!({ "name": "keep", "columns": [key(), text("v", true)] }));
        }
        let result = generate(&path, json!(tables));
        let conn = open(&path);
        let schema_before = schema(&conn);
        let others: Vec<String> = if kept { vec!["keep=1".into()] } else { vec![] };
        assert_eq!(counters(&conn), kept.then(|| others.clone()), "{name}");
        conn.execute_batch(&result.up_migration).unwrap();
        assert_eq!(next_id(&conn, "items"), 3, "{name}");
        conn.execute_batch("DELETE FROM items WHERE id = 3;")
            .unwrap();
        conn.execute_batch(&result.down_migration).unwrap();
        assert_eq!(schema(&conn), schema_before, "{name}");
        let with_items = [vec!["items=3".to_string()], others].concat();
        assert_eq!(counters(&conn), Some(with_items), "{name}");
        conn.execute_batch(&result.up_migration).unwrap();
        assert_eq!(next_id(&conn, "items"), 4, "{name}");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}
