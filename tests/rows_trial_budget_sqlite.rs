//! The trial of a migration on an existing SQLite database's rows (existingDbPath) is bounded:
//! a spec's expression that is slow or makes huge values on each row (a user trial: a CHECK of
//! `printf('%.*c', 300000000 + id, 'x')` over 3,000 rows ran for minutes at 0.8 GB) ends the
//! trial with `ROWS_NOT_TRIED` naming the table, in well under 10 s; a normal trial is not
//! affected.

#[path = "common/sqlite_files.rs"]
mod sqlite_files;
use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// `items(id, name)` with 3,000 rows.
fn items(name: &str) -> std::path::PathBuf {
    sqlite_files::database(
        "mg-rows-budget",
        name,
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
         INSERT INTO items (name) SELECT 'n' || i FROM n;",
    )
}

/// The change of `items` to one with the CHECK `expression`, and how long it took.
fn with_check(path: &Path, expression: &str) -> (GeneratedMigration, Duration) {
    let spec: Value = json!({
        "description": "add_check", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
        "now": "2026-02-09T12:00:00Z",
        "tables": [{
            "name": "items", "timestamps": false, "primaryKey": ["id"],
            "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "name", "type": "TEXT", "nullable": true}
            ],
            "checkConstraints": [{"name": "guarded", "expression": expression}]
        }]
    });
    let start = Instant::now();
    let out = generate_str(&spec.to_string());
    (out, start.elapsed())
}

fn codes(out: &GeneratedMigration) -> Vec<String> {
    (out.validation.errors.iter().chain(&out.validation.warnings))
        .map(|i| i.code.as_str().to_string())
        .collect()
}

/// The `ROWS_NOT_TRIED` warning of `out`, on `items`, alone; no ROWS_REFUSE_CHANGE.
fn not_tried_on_items(out: &GeneratedMigration) -> String {
    let not_tried: Vec<_> = (out.validation.warnings.iter())
        .filter(|w| w.code.as_str() == "ROWS_NOT_TRIED")
        .collect();
    assert_eq!(not_tried.len(), 1, "{:?}", codes(out));
    assert_eq!(not_tried[0].table.as_deref(), Some("items"));
    assert!(!codes(out).contains(&"ROWS_REFUSE_CHANGE".to_string()));
    not_tried[0].message.clone()
}

#[test]
fn a_check_that_makes_huge_values_on_each_row_is_not_tried_past_the_length_bound() {
    let path = items("huge");
    // zeroblob() past SQLITE_LIMIT_LENGTH fails with SQLITE_TOOBIG on the first row.
    let (out, took) = with_check(&path, "length(zeroblob(300000000 + id)) > 0");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let message = not_tried_on_items(&out);
    assert!(
        message.contains("longer than the 32 MiB it allows"),
        "{message}"
    );
    // (The user trial's printf() is not refused past the bound: SQLite's printf() gives NULL
    // for a result longer than SQLITE_LIMIT_LENGTH, after building 32 MiB, not 300 MB, on each
    // row; the CHECK then holds, and such a trial is stopped by the time budget, as below.)
}

#[test]
fn a_check_that_is_slow_on_each_row_is_stopped_by_the_time_budget() {
    let path = items("slow");
    // About 10 MiB made and measured per row: under the length bound, but 3,000 rows of it
    // take far longer than the budget.
    let (out, took) = with_check(&path, "length(printf('%.*c', 10000000 + id, 'x')) > 0");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let not_tried: Vec<_> = (out.validation.warnings.iter())
        .filter(|w| w.code.as_str() == "ROWS_NOT_TRIED")
        .collect();
    assert_eq!(not_tried.len(), 1, "{:?}", codes(&out));
    assert_eq!(not_tried[0].table.as_deref(), Some("items"));
    assert!(
        not_tried[0].message.contains("was stopped after 5 s"),
        "{}",
        not_tried[0].message
    );
}

#[test]
fn a_check_the_rows_refuse_is_still_said() {
    let path = items("refused");
    let (out, _) = with_check(&path, "id < 100");
    assert!(
        codes(&out).contains(&"ROWS_REFUSE_CHANGE".to_string()),
        "{:?}",
        codes(&out)
    );
    assert!(!codes(&out).contains(&"ROWS_NOT_TRIED".to_string()));
    let (out, _) = with_check(&path, "id > 0");
    assert!(out.validation.valid, "{:?}", codes(&out));
    assert!(!codes(&out).iter().any(|c| c.starts_with("ROWS_")));
}
