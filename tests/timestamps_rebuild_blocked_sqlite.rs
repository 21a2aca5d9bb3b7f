//! `"timestamps": true` on a table of a SQLite database file (`existingDbPath`) that a rebuild
//! would not keep as it is (`STRICT`, `WITHOUT ROWID`): the columns need a rebuild (SQLite's
//! `ADD COLUMN` refuses their `datetime('now')` default), which is refused as
//! `UNSUPPORTED_FEATURE`, and the suggestion names the two ways out: remove `timestamps` from the
//! table, or add the columns by hand (the spec then finds them in the file and keeps them). Both
//! ways are followed on a real file, and each gives a spec with nothing left to do or refuse.

#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use serde_json::{json, Value};
use std::path::Path;

/// The spec's one table `t` (`id`, `name`), stamped as `stamped` says, with `extra` columns.
fn spec(path: &Path, stamped: bool, extra: &[Value]) -> Value {
    let mut columns = vec![
        json!({ "name": "id", "type": "INTEGER", "nullable": false }),
        json!({ "name": "name", "type": "TEXT", "nullable": true }),
    ];
    columns.extend_from_slice(extra);
    json!({ "description": "stamps", "databaseType": "sqlite", "timestamps": false,
        "existingDbPath": path.to_str().unwrap(),
        "tables": [{ "name": "t", "timestamps": stamped, "primaryKey": ["id"], "columns": columns }] })
}

/// The result of `spec`.
fn generated(spec: &Value) -> GeneratedMigration {
    generate_str(&spec.to_string())
}

/// The one error's code, and suggestion.
fn the_error(result: &GeneratedMigration) -> (String, String) {
    assert!(!result.validation.valid);
    assert_eq!(
        result.validation.errors.len(),
        1,
        "{:?}",
        result.validation.errors
    );
    let e = &result.validation.errors[0];
    (
        e.code.as_str().to_string(),
        e.suggestion.clone().unwrap_or_default(),
    )
}

/// For each of STRICT and WITHOUT ROWID: the suggestion says both ways out, and both work.
#[test]
fn timestamps_a_rebuild_would_refuse_suggest_removing_them_or_adding_the_columns() {
    for (name, options) in [("strict", "STRICT"), ("without_rowid", "WITHOUT ROWID")] {
        let path = sqlite_files::database(
            "mg-stamps-blocked",
            name,
            &format!(
                "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT) {options};
                INSERT INTO t VALUES (1, 'a');"
            ),
        );
        let (code, suggestion) = the_error(&generated(&spec(&path, true, &[])));
        assert_eq!(code, "UNSUPPORTED_FEATURE", "{options}");
        assert!(
            suggestion.contains("remove \"timestamps\": true from table 't'")
                && suggestion.contains("add the created_at/updated_at columns yourself")
                && suggestion.contains("ALTER TABLE t ADD COLUMN created_at TEXT"),
            "{options}: {suggestion}"
        );
        // The first way: timestamps removed.
        let off = generated(&spec(&path, false, &[]));
        assert!(
            off.validation.valid,
            "{options}: {:?}",
            off.validation.errors
        );
        assert!(
            off.up_migration.is_empty(),
            "{options}: {}",
            off.up_migration
        );
        // The second: the columns the suggestion says, added to the file; the file's rows get
        // no value from them (NULL), and the spec keeps them as they are.
        sqlite_files::open(&path)
            .execute_batch(
                "ALTER TABLE t ADD COLUMN created_at TEXT; ALTER TABLE t ADD COLUMN updated_at TEXT;",
            )
            .unwrap();
        let on = generated(&spec(&path, true, &[]));
        assert!(on.validation.valid, "{options}: {:?}", on.validation.errors);
        assert!(on.up_migration.is_empty(), "{options}: {}", on.up_migration);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

/// Another reason for the rebuild besides the timestamps (a column made NOT NULL): removing
/// `timestamps` would not be enough, and the suggestion stays the general one.
#[test]
fn timestamps_and_another_rebuild_reason_keep_the_general_suggestion() {
    let path = sqlite_files::database(
        "mg-stamps-blocked",
        "other_reason",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n TEXT) STRICT;",
    );
    let n = json!({ "name": "n", "type": "TEXT", "nullable": false });
    let (code, suggestion) = the_error(&generated(&spec(&path, true, &[n])));
    assert_eq!(code, "UNSUPPORTED_FEATURE");
    assert_eq!(suggestion, "write this migration by hand");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}
