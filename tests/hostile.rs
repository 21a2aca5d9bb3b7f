//! The hostile-input corpus (`__test__/hostile/corpus.json`) on SQLite: each case is rejected with
//! its code, or its SQL, run on a real database that already holds a canary table, creates exactly
//! the base table (its columns, the indexes asked for) and nothing else, stores string defaults
//! byte for byte, and its down migration (and the whole file) leaves only the canary.
//! PostgreSQL and MySQL run the same corpus in `__test__/hostile.test.mjs`.

mod common;

use common::hostile::{corpus, expected, spec_for};

use migration_generator::generate_str;
use serde_json::Value;
use std::collections::BTreeSet;

/// Checks one case on SQLite; `Err` says what is wrong.
fn check_case(case: &Value) -> Result<(), String> {
    let spec = spec_for(case, "sqlite");
    let r = generate_str(&spec.to_string());
    let codes: Vec<&str> = r
        .validation
        .errors
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    let want = expected(case, "sqlite");
    if want != "OK" {
        if r.validation.valid || !codes.contains(&want.as_str()) {
            return Err(format!(
                "expected {want}, got valid={} {codes:?}",
                r.validation.valid
            ));
        }
        if !r.up_migration.is_empty() || !r.file_content.is_empty() {
            return Err("a rejected spec came back with SQL".into());
        }
        return Ok(());
    }
    if !r.validation.valid {
        return Err(format!(
            "expected OK, got {:?}",
            r.validation
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.code.as_str(), e.message))
                .collect::<Vec<_>>()
        ));
    }
    for marker in ["-- UP MIGRATION", "-- DOWN MIGRATION"] {
        let n = r.file_content.lines().filter(|l| *l == marker).count();
        if n != 1 {
            return Err(format!("'{marker}' starts {n} lines of the file"));
        }
    }
    // Nor may a line of either script read as a marker to a runner's looser pattern
    // ('-- Down migration log' as a table's description comment did).
    for (half, sql) in [("up", &r.up_migration), ("down", &r.down_migration)] {
        if migration_generator::format::has_marker_line(sql) {
            return Err(format!(
                "a line of the {half} script reads as a marker:\n{sql}"
            ));
        }
    }
    // Runs up (canary intact, exactly the spec's tables), down (canary alone) and the whole file;
    // panics with the SQL on any failure.
    let conn = std::panic::catch_unwind(|| common::run_sqlite(&r))
        .map_err(|_| "the SQL did not do exactly what the spec says (see the panic above)")?;
    let table = spec["tables"][0]["name"].as_str().unwrap();
    let want_columns: Vec<String> = spec["tables"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    if common::columns(&conn, table) != want_columns {
        return Err(format!(
            "columns {:?}, expected {want_columns:?}",
            common::columns(&conn, table)
        ));
    }
    let indexes: BTreeSet<String> = common::objects(&conn)
        .into_iter()
        .filter(|(ty, name, _)| ty == "index" && !name.starts_with("sqlite_autoindex_"))
        .map(|(_, name, _)| name)
        .collect();
    let want_indexes: BTreeSet<String> = spec["tables"][0]["indexes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect();
    if indexes != want_indexes {
        return Err(format!("indexes {indexes:?}, expected {want_indexes:?}"));
    }
    if let Some(stored) = case["stored"].as_str() {
        let column = if case["place"] == "varcharDefault" {
            "label"
        } else {
            "body"
        };
        conn.execute(&format!("INSERT INTO {table} (id) VALUES (1)"), [])
            .map_err(|e| e.to_string())?;
        let got: String = conn
            .query_row(&format!("SELECT {column} FROM {table}"), [], |row| {
                row.get(0)
            })
            .map_err(|e| e.to_string())?;
        if got != stored {
            return Err(format!("the default reads back as {got:?}, not {stored:?}"));
        }
    }
    Ok(())
}

#[test]
fn corpus_has_at_least_forty_cases_in_every_place() {
    let cases = corpus();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let places: BTreeSet<&str> = cases.iter().map(|c| c["place"].as_str().unwrap()).collect();
    for place in [
        "tableName",
        "columnName",
        "checkName",
        "uniqueName",
        "indexName",
        "stringDefault",
        "varcharDefault",
        "expressionDefault",
        "check",
        "predicate",
        "tableDescription",
        "columnDescription",
        "description",
    ] {
        assert!(places.contains(place), "no case puts text in {place}");
    }
    let ids: BTreeSet<&str> = cases.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), cases.len(), "case ids are unique");
}

#[test]
fn every_hostile_case_is_rejected_or_harmless_on_sqlite() {
    let failures: Vec<String> = corpus()
        .iter()
        .filter_map(|case| {
            check_case(case)
                .err()
                .map(|e| format!("{}: {e}", case["id"].as_str().unwrap()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A database file whose stored text has statements after its CREATE (written through
/// `PRAGMA writable_schema`; SQLite opens it, ignoring them) is refused, by generation, the
/// check, introspection and the pull alike: nothing of it runs (a hostile-input trial's file
/// emptied a table of another file through `ATTACH`, wrote to itself, hung the call with a
/// recursive query, and had its tail written into the down migration verbatim).
#[test]
fn a_stored_text_with_more_after_its_statement_is_refused_and_never_run() {
    let dir = std::env::temp_dir().join(format!("mg-stored-tail-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let victim = dir.join("victim.db");
    let file = dir.join("hostile.db");
    migration_generator::sqlite_memory::open(&victim)
        .unwrap()
        .execute_batch("CREATE TABLE important(x); INSERT INTO important VALUES (1), (2);")
        .unwrap();
    let tails = [
        format!(
            "ATTACH '{}' AS v; DELETE FROM v.important",
            victim.display()
        ),
        "DELETE FROM victim".to_string(),
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
            .to_string(),
    ];
    for tail in tails {
        let _ = std::fs::remove_file(&file);
        {
            let conn = migration_generator::sqlite_memory::open(&file).unwrap();
            conn.execute_batch(
                "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT); CREATE TABLE victim(x); INSERT INTO victim VALUES (1);",
            )
            .unwrap();
            conn.execute_batch("PRAGMA writable_schema = ON;").unwrap();
            conn.execute(
                "UPDATE sqlite_master SET sql = ?1 WHERE name = 't'",
                [format!(
                    "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT); {tail}"
                )],
            )
            .unwrap();
        }
        let before = std::fs::read(&file).unwrap();
        let path = file.to_str().unwrap();
        for extra in [
            r#""allowDataLoss": false"#,
            r#""allowDataLoss": true, "dropTablesNotInSpec": true"#,
        ] {
            let spec = format!(
                r#"{{"description": "d", "databaseType": "sqlite", "existingDbPath": {path:?}, {extra}, "tables": [
                {{"name": "t", "columns": [{{"name": "id", "type": "INTEGER", "nullable": false}},
                  {{"name": "a", "type": "TEXT", "nullable": true}}, {{"name": "b", "type": "INTEGER", "nullable": true}}],
                  "primaryKey": ["id"]}}]}}"#
            );
            let r = generate_str(&spec);
            assert!(!r.validation.valid, "{tail}");
            let e = &r.validation.errors[0];
            assert_eq!(e.code.as_str(), "DB_UNREADABLE", "{tail}");
            assert!(
                e.message.contains(
                    "the text sqlite_master stores for the table 't' has more after its statement"
                ),
                "{}",
                e.message
            );
            assert_eq!(r.up_migration, "");
            assert_eq!(r.down_migration, "");
        }
        let read = migration_generator::introspect::introspect(path).unwrap_err();
        assert_eq!(read.code.as_str(), "DB_UNREADABLE");
        assert_eq!(std::fs::read(&file).unwrap(), before, "{tail}");
    }
    let conn = migration_generator::sqlite_memory::open(&victim).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM important", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2);
    drop(conn);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A schema format number SQLite does not read (header bytes 44–47; it reads 1 to 4) makes the
/// file DB_UNREADABLE, as SQLite itself says "unsupported file format": the fast reader of
/// `sqlite_master` read format 99 and a migration was written for a file nothing can run it on
/// (a hostile-input trial).
#[test]
fn a_schema_format_sqlite_does_not_read_is_db_unreadable() {
    let dir = std::env::temp_dir().join(format!("mg-schema-format-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("format.db");
    migration_generator::sqlite_memory::open(&file)
        .unwrap()
        .execute_batch("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT);")
        .unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    assert_eq!(bytes[44..48], [0, 0, 0, 4]);
    let path = file.to_str().unwrap();
    assert!(migration_generator::introspect::introspect(path).is_ok());
    bytes[44..48].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&file, &bytes).unwrap();
    let read = migration_generator::introspect::introspect(path).unwrap_err();
    assert_eq!(read.code.as_str(), "DB_UNREADABLE", "{}", read.message);
    let spec = format!(
        r#"{{"description": "d", "databaseType": "sqlite", "existingDbPath": {path:?}, "tables": [
        {{"name": "t", "columns": [{{"name": "id", "type": "INTEGER", "nullable": false}},
          {{"name": "a", "type": "TEXT", "nullable": true}}, {{"name": "b", "type": "INTEGER", "nullable": true}}],
          "primaryKey": ["id"]}}]}}"#
    );
    let r = generate_str(&spec);
    assert!(!r.validation.valid);
    assert_eq!(r.validation.errors[0].code.as_str(), "DB_UNREADABLE");
    assert_eq!(r.up_migration, "");
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    std::fs::remove_dir_all(&dir).unwrap();
}
