//! A damaged SQLite file (a table's or an index's page overwritten with garbage, the file cut
//! short, the header's fields overwritten; `sqlite_master` still reads) is `DB_UNREADABLE`,
//! naming the file, saying it is damaged in SQLite's words and how to check and recover it,
//! wherever the generator meets the damage: introspection, the counts and the trial on the
//! rows of a change, a pull's look at the values. Never `GENERATED_SQL_REJECTED` or a warning
//! that the rows refuse the change, and never a migration; the file is left byte for byte.

#[path = "common/damaged_files.rs"]
mod damaged_files;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use damaged_files::{damaged, schema_refused, Damage, ALL};
use serde_json::{json, Value};
use std::path::PathBuf;

/// The spec of the damaged files' schema, changed by `change` (the spec's tables as JSON).
fn spec(path: &str, change: impl FnOnce(&mut Value)) -> Value {
    let mut spec = json!({"description": "d", "databaseType": "sqlite", "timestamps": false,
      "existingDbPath": path, "tables": [
        {"name": "users", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "name", "type": "TEXT", "nullable": false},
            {"name": "email", "type": "TEXT", "nullable": true}],
         "indexes": [{"name": "users_email", "columns": ["email"]}]},
        {"name": "posts", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "user_id", "type": "INTEGER", "nullable": true},
            {"name": "body", "type": "TEXT", "nullable": true}],
         "foreignKeys": [{"columns": ["user_id"], "referencedTable": "users", "referencedColumns": ["id"]}]}]});
    change(&mut spec);
    spec
}

/// `email` made NOT NULL with a default: a rebuild of `users`, whose rows the counts and the
/// trial read.
fn email_not_null(spec: &mut Value) {
    spec["tables"][0]["columns"][2]["nullable"] = json!(false);
    spec["tables"][0]["columns"][2]["default"] = json!("none");
}

/// A damaged file of its own for `damage`.
fn file(name: &str, damage: Damage) -> PathBuf {
    damaged(
        &sqlite_files::fresh_path("mg-damaged", &format!("{name}-{damage:?}")),
        damage,
    )
}

/// Checks that `error` says the file at `path` is damaged, with SQLite's words and the way to
/// check and recover it.
fn says_damaged(error: &Value, path: &str) {
    assert_eq!(error["code"], "DB_UNREADABLE", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("the database file is damaged: SQLite says \""),
        "{message}"
    );
    assert!(
        message.contains("database disk image is malformed")
            || message.contains("file is not a database"),
        "{message}"
    );
    assert!(message.contains(path), "{message}");
    says_how_to_recover(error, path);
}

/// Checks that `error`'s suggestion gives the commands that check the file at `path` and save
/// what can be read of it.
fn says_how_to_recover(error: &Value, path: &str) {
    let hint = error["suggestion"].as_str().unwrap();
    assert!(
        hint.contains(&format!("sqlite3 '{path}' \"PRAGMA integrity_check\"")),
        "{hint}"
    );
    assert!(
        hint.contains(&format!("sqlite3 '{path}' .recover")),
        "{hint}"
    );
}

#[test]
fn every_damage_met_by_a_rebuild_is_db_unreadable_and_no_migration() {
    for damage in ALL {
        let file = file("rebuild", damage);
        let path = file.to_str().unwrap();
        let before = std::fs::read(&file).unwrap();
        let r: Value = serde_json::from_str(&migration_generator::generate_json(
            &spec(path, email_not_null).to_string(),
        ))
        .unwrap();
        let errors = r["validation"]["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{damage:?}: {errors:?}");
        says_damaged(&errors[0], path);
        assert_eq!(r["validation"]["valid"], false);
        assert_eq!(r["upMigration"], "", "{damage:?}");
        assert!(
            !r["validation"]["warnings"]
                .to_string()
                .contains("malformed"),
            "{damage:?}: the damage said as a warning too: {}",
            r["validation"]["warnings"]
        );
        assert_eq!(std::fs::read(&file).unwrap(), before, "{damage:?}");
    }
}

#[test]
fn a_dropped_table_whose_pages_are_damaged_is_db_unreadable() {
    // The last page is a leaf of `posts`: dropping it reads its pages (to free them).
    let file = file("drop", Damage::LastPage);
    let path = file.to_str().unwrap();
    let r: Value = serde_json::from_str(&migration_generator::generate_json(
        &spec(path, |s| {
            s["tables"].as_array_mut().unwrap().pop();
            s["dropTablesNotInSpec"] = json!(true);
            s["allowDataLoss"] = json!(true);
        })
        .to_string(),
    ))
    .unwrap();
    let errors = r["validation"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    says_damaged(&errors[0], path);
    assert_eq!(r["upMigration"], "");
}

#[test]
fn introspection_says_a_truncated_file_or_a_garbage_header_is_damaged() {
    for damage in [Damage::Truncated, Damage::GarbageHeader] {
        let file = file("introspect", damage);
        let path = file.to_str().unwrap();
        let before = std::fs::read(&file).unwrap();
        let e = migration_generator::introspect::introspect(path).unwrap_err();
        says_damaged(&serde_json::to_value(&e).unwrap(), path);
        assert_eq!(std::fs::read(&file).unwrap(), before, "{damage:?}");
    }
    // A damaged page of a table or an index is not read by introspection (the schema is on
    // page 1): it is met where the rows are read.
    for damage in [Damage::TablePage, Damage::IndexPage, Damage::LastPage] {
        let file = file("introspect", damage);
        assert!(migration_generator::introspect::introspect(file.to_str().unwrap()).is_ok());
    }
}

#[test]
fn a_pull_that_reads_the_damaged_values_is_db_unreadable() {
    // A pull for PostgreSQL reads the INTEGER columns' values (do they fit in 32 bits?): those
    // of `posts` are on the damaged last page. (Those of `users` are its keys, which SQLite
    // reads from the index `users_email`, whole with `Damage::TablePage`.)
    for damage in [Damage::LastPage, Damage::Truncated] {
        let file = file("pull", damage);
        let path = file.to_str().unwrap();
        let r: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
            path,
            Some("postgresql"),
        ))
        .unwrap();
        assert_eq!(r["ok"], false, "{damage:?}: {r}");
        says_damaged(&r["error"], path);
    }
    // For SQLite no value is read: the pull of the schema succeeds.
    let file = file("pull-sqlite", Damage::TablePage);
    let r: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        file.to_str().unwrap(),
        None,
    ))
    .unwrap();
    assert_eq!(r["ok"], true, "{r}");
}

/// A file whose stored schema SQLite itself refuses to load ("malformed database schema": an
/// index of a table that is not there) is said in the words of the other damaged files: the file
/// is damaged, SQLite's message, the file's path, that it was not changed, and the
/// integrity_check and .recover commands (it said "the database's schema is malformed: SQLite
/// cannot load it", with a suggestion of its own).
#[test]
fn a_schema_sqlite_cannot_load_is_said_as_a_damaged_file() {
    let file = schema_refused(&sqlite_files::fresh_path("mg-damaged", "malformed-schema"));
    let path = file.to_str().unwrap();
    let before = std::fs::read(&file).unwrap();
    let spec = json!({"description": "d", "databaseType": "sqlite", "timestamps": false,
        "existingDbPath": path, "tables": [{"name": "users", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "name", "type": "TEXT", "nullable": true},
            {"name": "extra", "type": "TEXT", "nullable": true}]}]});
    let r: Value =
        serde_json::from_str(&migration_generator::generate_json(&spec.to_string())).unwrap();
    let errors = r["validation"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = &errors[0];
    assert_eq!(error["code"], "DB_UNREADABLE", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message
            .starts_with("the database file is damaged: SQLite says \"malformed database schema"),
        "{message}"
    );
    assert!(message.contains(path), "{message}");
    assert!(
        message.ends_with("the generator only reads it, and has not changed it"),
        "{message}"
    );
    says_how_to_recover(error, path);
    assert_eq!(r["upMigration"], "");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
