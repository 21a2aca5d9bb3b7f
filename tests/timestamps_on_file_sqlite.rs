//! Automatic timestamps turned on or off for a table of a SQLite database file
//! (`existingDbPath`), against the same change given as `previousSpec`: both rebuild the table
//! to add `created_at` / `updated_at` (SQLite's `ADD COLUMN` refuses their `CURRENT_TIMESTAMP`
//! default) with the same warnings, and both drop them only with `allowDataLoss`. The migrations
//! run on a copy of a real file with rows, a foreign key pointing at the table, an index, a
//! trigger and a view: up, down (the schema and rows as they were), up again; the file the
//! generator reads is never written.

mod common;

#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use migration_generator::generate_str;
use migration_generator::output::{GeneratedMigration, Operation};
use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The spec's tables: `users` (stamped as `users_stamped` says), `posts` referencing it
/// (`ON DELETE CASCADE`), never stamped.
fn tables(users_stamped: bool) -> Value {
    json!([
        { "name": "users", "timestamps": users_stamped, "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
            { "name": "email", "type": "VARCHAR", "length": 100, "nullable": false, "unique": true },
            { "name": "name", "type": "TEXT", "nullable": true }],
          "indexes": [{ "name": "idx_users_name", "columns": ["name"] }] },
        { "name": "posts", "timestamps": false, "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
            { "name": "user_id", "type": "INTEGER", "nullable": false },
            { "name": "title", "type": "TEXT", "nullable": true }],
          "foreignKeys": [{ "columns": ["user_id"], "referencedTable": "users",
            "referencedColumns": ["id"], "onDelete": "CASCADE" }] }
    ])
}

/// A spec of `tables`, spec-wide timestamps off.
fn spec(tables: Value) -> Value {
    json!({ "description": "stamps", "databaseType": "sqlite", "timestamps": false,
        "now": "2026-02-09T12:00:00Z", "tables": tables })
}

/// `spec(tables)` against the file at `path`.
fn on_file(tables: Value, path: &Path, allow_data_loss: bool) -> GeneratedMigration {
    let mut s = spec(tables);
    s["existingDbPath"] = json!(path.to_str().unwrap());
    s["allowDataLoss"] = json!(allow_data_loss);
    generate_str(&s.to_string())
}

/// `spec(tables)` from `previousSpec` `spec(previous)`.
fn from_previous(tables: Value, previous: Value, allow_data_loss: bool) -> GeneratedMigration {
    let mut s = spec(tables);
    s["previousSpec"] = spec(previous);
    s["allowDataLoss"] = json!(allow_data_loss);
    generate_str(&s.to_string())
}

/// A file made by the CREATE migration of `spec(before)`, with rows; with `extras`, also an
/// audit table outside the spec written by a trigger on `users`, and a view over both tables
/// (which `previousSpec` cannot know: the file's rebuild recreates the trigger, and says
/// `DEPENDENT_OBJECTS`).
fn file(name: &str, before: Value, extras: bool) -> std::path::PathBuf {
    let created = generate_str(&spec(before).to_string());
    assert!(created.validation.valid, "{:?}", created.validation.errors);
    let extras = if extras {
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT);
        CREATE TRIGGER trg_users_renamed AFTER UPDATE OF name ON users
          BEGIN INSERT INTO audit (what) VALUES ('renamed ' || NEW.id); END;
        CREATE VIEW v_user_posts AS SELECT u.email, p.title FROM users u JOIN posts p ON p.user_id = u.id;"
    } else {
        ""
    };
    sqlite_files::database(
        "mg-stamps",
        name,
        &format!(
            "PRAGMA foreign_keys = ON;
            {}
            {extras}
            INSERT INTO users (email, name) VALUES ('a@x', 'Ann'), ('b@x', NULL), ('c@x', 'Cy');
            INSERT INTO posts (user_id, title) VALUES (1, 'one'), (1, 'two'), (2, 'three'), (3, NULL);
            UPDATE users SET name = 'Bea' WHERE id = 2;",
            created.up_migration
        ),
    )
}

/// The codes of `previous`'s warnings but the `ROWS_REFUSE_CHANGE` a file's trial of its rows
/// withdraws (no reference there is broken), and the `DOWN_DATA_LOSS` that previousSpec's down
/// rebuild writes its column order, which the table may not have (a file's down rebuild puts
/// its stored text back, order included, and says nothing: tests/sqlite_previous_rebuild_order.rs),
/// sorted.
fn codes_a_file_keeps(previous: &GeneratedMigration) -> Vec<String> {
    let mut codes: Vec<String> = (previous.validation.warnings.iter())
        .filter(|w| {
            !(w.code.as_str() == "DOWN_DATA_LOSS" && w.message.contains("in previousSpec's order"))
        })
        .map(|w| w.code.as_str().to_string())
        .filter(|c| c != "ROWS_REFUSE_CHANGE")
        .collect();
    codes.sort();
    codes
}

/// `sql` but for a file's `IF NOT EXISTS` (it read that the name is free).
fn plain(sql: &str) -> String {
    sql.replace("INDEX IF NOT EXISTS ", "INDEX ")
}

/// The stored schema texts, with runs of white space made one space.
fn master(conn: &Connection) -> Vec<(String, String, String)> {
    common::schema_texts(conn)
        .into_iter()
        .map(|(a, b, c)| (a, b, c.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

/// Every row of every table (and the AUTOINCREMENT counters, by name): table → rowid → column →
/// value.
fn rows(conn: &Connection) -> BTreeMap<String, BTreeMap<i64, BTreeMap<String, Sql>>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut out = BTreeMap::new();
    for t in names {
        let mut stmt = conn
            .prepare(&format!("SELECT _rowid_ AS _mg_rowid, * FROM \"{t}\""))
            .unwrap();
        let columns: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let mut q = stmt.query([]).unwrap();
        let mut table = BTreeMap::new();
        while let Some(r) = q.next().unwrap() {
            let mut row = BTreeMap::new();
            for (i, n) in columns.iter().enumerate().skip(1) {
                row.insert(n.clone(), r.get::<_, Sql>(i).unwrap());
            }
            table.insert(r.get(0).unwrap(), row);
        }
        if t == "sqlite_sequence" {
            // A rebuild writes the table's counter again: its rowid is not kept.
            let mut counters: Vec<_> = table.into_values().collect();
            counters.sort_by_key(|row| format!("{:?}", row.get("name")));
            table = (0..).zip(counters).collect();
        }
        out.insert(t, table);
    }
    out
}

/// The rows without the columns `created_at` and `updated_at`.
fn without_stamps(
    mut rows: BTreeMap<String, BTreeMap<i64, BTreeMap<String, Sql>>>,
) -> BTreeMap<String, BTreeMap<i64, BTreeMap<String, Sql>>> {
    for table in rows.values_mut() {
        for row in table.values_mut() {
            row.remove("created_at");
            row.remove("updated_at");
        }
    }
    rows
}

/// The sorted codes of a result's warnings.
fn warning_codes(r: &GeneratedMigration) -> Vec<String> {
    let mut codes: Vec<String> = (r.validation.warnings.iter())
        .map(|w| w.code.as_str().to_string())
        .collect();
    codes.sort();
    codes
}

/// The (table, operation) of a result.
fn operations(r: &GeneratedMigration) -> Vec<(String, Operation)> {
    (r.metadata.operations.iter())
        .map(|o| (o.table.clone(), o.operation))
        .collect()
}

/// Nothing but the file itself in its directory (no journal, WAL or shared-memory file).
fn only_the_file(path: &Path) -> Vec<String> {
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// `PRAGMA foreign_key_check` finds nothing.
fn keys_hold(conn: &Connection) {
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0, "rows without their parent");
}

/// `timestamps: true` on a table of a file that has none: the table is rebuilt with
/// `created_at` and `updated_at`, as from `previousSpec`, with a `NULLS_FILLED` per column
/// that counts the rows getting the migration's time. Up, down, up again on a copy of the file.
#[test]
fn timestamps_turned_on_rebuild_the_table_of_a_file_as_from_previous_spec() {
    // The file as previousSpec describes it: the same SQL, the same warnings (the file's count
    // the rows; its trial finds no broken reference).
    let bare = file("on_bare", tables(false), false);
    let result = on_file(tables(true), &bare, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let previous = from_previous(tables(true), tables(false), false);
    assert!(
        previous.validation.valid,
        "{:?}",
        previous.validation.errors
    );
    assert_eq!(operations(&result), operations(&previous));
    assert_eq!(
        operations(&result),
        vec![
            ("users".to_string(), Operation::Alter),
            ("posts".to_string(), Operation::Skip)
        ]
    );
    assert_eq!(warning_codes(&result), codes_a_file_keeps(&previous));
    assert_eq!(
        warning_codes(&result),
        vec![
            "DOWN_DATA_LOSS",
            "DOWN_DATA_LOSS",
            "NULLS_FILLED",
            "NULLS_FILLED"
        ]
    );
    for column in ["created_at", "updated_at"] {
        let said = |r: &GeneratedMigration| {
            (r.validation.warnings.iter())
                .find(|w| w.code.as_str() == "NULLS_FILLED" && w.column.as_deref() == Some(column))
                .map(|w| w.message.clone())
                .unwrap_or_else(|| panic!("no NULLS_FILLED for {column}"))
        };
        assert!(
            said(&result).starts_with(&said(&previous)),
            "{} / {}",
            said(&result),
            said(&previous)
        );
        assert!(
            said(&result).ends_with("(the table holds 3 rows now)"),
            "{}",
            said(&result)
        );
    }
    assert_eq!(plain(&result.up_migration), plain(&previous.up_migration));
    assert_eq!(result.down_migration, previous.down_migration);
    for sql in ["created_at", "updated_at", "_mg_old_users"] {
        assert!(
            result.up_migration.contains(sql),
            "{sql}:\n{}",
            result.up_migration
        );
    }
    let _ = std::fs::remove_dir_all(bare.parent().unwrap());

    // A file with a trigger and a view on the table, which the rebuild keeps.
    let path = file("on", tables(false), true);
    let bytes = std::fs::read(&path).unwrap();
    let result = on_file(tables(true), &path, false);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "introspection wrote the file"
    );
    assert_eq!(only_the_file(&path), vec!["app.db".to_string()]);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let mut expected = codes_a_file_keeps(&previous);
    expected.insert(0, "DEPENDENT_OBJECTS".to_string());
    assert_eq!(warning_codes(&result), expected);

    // Up on a copy.
    let work = path.with_file_name("work.db");
    std::fs::copy(&path, &work).unwrap();
    let conn = sqlite_files::open(&work);
    let (master_before, rows_before) = (master(&conn), rows(&conn));
    conn.execute_batch(&result.up_migration)
        .unwrap_or_else(|e| panic!("up: {e}\n{}", result.up_migration));
    keys_hold(&conn);
    assert_eq!(
        common::columns(&conn, "users"),
        ["id", "email", "name", "created_at", "updated_at"]
    );
    let stamped: i64 = conn
        .query_row(
            "SELECT count(*) FROM users WHERE created_at = '2026-02-09 12:00:00' OR created_at IS NULL OR updated_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        stamped, 0,
        "the rows get the time the migration ran, none NULL"
    );
    let (master_up, rows_up) = (master(&conn), rows(&conn));
    assert_eq!(without_stamps(rows_up.clone()), rows_before);
    // The index, the trigger and the view still work on the rebuilt table; the cascade too.
    for (ty, name) in [
        ("index", "idx_users_name"),
        ("trigger", "trg_users_renamed"),
        ("view", "v_user_posts"),
    ] {
        assert!(
            master_up.iter().any(|(t, n, _)| t == ty && n == name),
            "{name} lost"
        );
    }
    let seen: i64 = conn
        .query_row("SELECT count(*) FROM v_user_posts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seen, 4);
    // A new row gets its own times from the defaults.
    conn.execute_batch("INSERT INTO users (email) VALUES ('new@x');")
        .unwrap();
    let fresh: i64 = conn
        .query_row(
            "SELECT count(*) FROM users WHERE email = 'new@x' AND created_at IS NOT NULL AND updated_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fresh, 1);
    conn.execute_batch("DELETE FROM users WHERE email = 'new@x';")
        .unwrap();
    // The file as it now is matches the spec: nothing to do.
    let again = on_file(tables(true), &work, false);
    assert_eq!(
        operations(&again),
        vec![
            ("users".to_string(), Operation::Skip),
            ("posts".to_string(), Operation::Skip)
        ],
        "{:?}",
        again.validation.warnings
    );

    // Down: the schema and the rows as they were (the deleted row's AUTOINCREMENT counter
    // aside, which the migration keeps).
    conn.execute_batch(&result.down_migration)
        .unwrap_or_else(|e| panic!("down: {e}\n{}", result.down_migration));
    keys_hold(&conn);
    assert_eq!(master(&conn), master_before);
    let mut rows_down = rows(&conn);
    let mut rows_expected = rows_before.clone();
    rows_down.remove("sqlite_sequence");
    rows_expected.remove("sqlite_sequence");
    assert_eq!(rows_down, rows_expected);
    conn.execute_batch("UPDATE users SET name = 'Ann' WHERE id = 1;")
        .unwrap();
    let audited: i64 = conn
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 2, "the trigger is back on the table");
    conn.execute_batch("DELETE FROM audit WHERE id = 2;")
        .unwrap();

    // Up again: the schema of the first up, the same rows.
    conn.execute_batch(&result.up_migration)
        .unwrap_or_else(|e| panic!("up again: {e}\n{}", result.up_migration));
    keys_hold(&conn);
    assert_eq!(master(&conn), master_up);
    let (mut rows_again, mut rows_up) = (without_stamps(rows(&conn)), without_stamps(rows_up));
    rows_again.remove("sqlite_sequence");
    rows_up.remove("sqlite_sequence");
    assert_eq!(rows_again, rows_up);
    // The cascade of the key pointing at the rebuilt table.
    conn.execute_batch("DELETE FROM users WHERE id = 1;")
        .unwrap();
    let left: i64 = conn
        .query_row("SELECT count(*) FROM posts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 2);
    drop(conn);
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was written");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// An empty table gets the timestamps with no word about rows (there are none to stamp).
#[test]
fn timestamps_turned_on_for_an_empty_table_of_a_file_say_no_rows() {
    let created = generate_str(&spec(tables(false)).to_string());
    let path = sqlite_files::database("mg-stamps", "empty", &created.up_migration);
    let result = on_file(tables(true), &path, false);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert_eq!(
        warning_codes(&result),
        vec!["DOWN_DATA_LOSS", "DOWN_DATA_LOSS"]
    );
    let conn = sqlite_files::open(&path);
    conn.execute_batch(&result.up_migration).unwrap();
    assert_eq!(
        common::columns(&conn, "users"),
        ["id", "email", "name", "created_at", "updated_at"]
    );
    conn.execute_batch(&result.down_migration).unwrap();
    assert_eq!(common::columns(&conn, "users"), ["id", "email", "name"]);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// Only a table that asks for them gets them: the spec-wide default (`timestamps` left out, on)
/// leaves a file's table without them, as a file made by another tool has it.
#[test]
fn the_spec_wide_default_adds_no_timestamps_to_a_table_of_a_file() {
    let path = file("default", tables(false), true);
    let mut unasked = tables(false);
    unasked[0].as_object_mut().unwrap().remove("timestamps");
    let mut s = spec(unasked);
    s["timestamps"] = json!(true);
    s["existingDbPath"] = json!(path.to_str().unwrap());
    let result = generate_str(&s.to_string());
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert_eq!(warning_codes(&result), vec!["NO_CHANGES"]);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// `timestamps` turned off for a table of a file that has them: the columns stay (and are said
/// to) without `allowDataLoss`, and are dropped with it, as from `previousSpec`.
#[test]
fn timestamps_turned_off_drop_the_columns_of_a_file_only_with_allow_data_loss() {
    let bare = file("off_bare", tables(true), false);
    let path = file("off", tables(true), true);
    let bytes = std::fs::read(&path).unwrap();
    for allow in [false, true] {
        let previous = from_previous(tables(false), tables(true), allow);
        assert!(
            previous.validation.valid,
            "{:?}",
            previous.validation.errors
        );
        let same = on_file(tables(false), &bare, allow);
        assert!(same.validation.valid, "{:?}", same.validation.errors);
        assert_eq!(operations(&same), operations(&previous), "{allow}");
        assert_eq!(plain(&same.up_migration), plain(&previous.up_migration));
        assert_eq!(same.down_migration, previous.down_migration);
        assert_eq!(
            warning_codes(&same),
            codes_a_file_keeps(&previous),
            "{allow}"
        );
        let result = on_file(tables(false), &path, allow);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert_eq!(operations(&result), operations(&previous), "{allow}");
        if !allow {
            assert_eq!(
                warning_codes(&result),
                vec!["COLUMN_NOT_IN_SPEC", "COLUMN_NOT_IN_SPEC", "NO_CHANGES"]
            );
            continue;
        }
        assert_eq!(
            warning_codes(&result),
            vec!["DATA_LOSS", "DATA_LOSS", "DEPENDENT_OBJECTS"]
        );
        let work = path.with_file_name("work.db");
        std::fs::copy(&path, &work).unwrap();
        let conn = sqlite_files::open(&work);
        let (master_before, rows_before) = (master(&conn), rows(&conn));
        conn.execute_batch(&result.up_migration)
            .unwrap_or_else(|e| panic!("up: {e}\n{}", result.up_migration));
        keys_hold(&conn);
        assert_eq!(common::columns(&conn, "users"), ["id", "email", "name"]);
        let (master_up, rows_up) = (master(&conn), rows(&conn));
        assert_eq!(rows_up, without_stamps(rows_before.clone()));
        conn.execute_batch(&result.down_migration)
            .unwrap_or_else(|e| panic!("down: {e}\n{}", result.down_migration));
        keys_hold(&conn);
        assert_eq!(master(&conn), master_before);
        assert_eq!(without_stamps(rows(&conn)), without_stamps(rows_before));
        conn.execute_batch(&result.up_migration).unwrap();
        assert_eq!(master(&conn), master_up);
        assert_eq!(rows(&conn), rows_up);
    }
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was written");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
    let _ = std::fs::remove_dir_all(bare.parent().unwrap());
}
