//! A SQLite table rebuild checks every row again against the rules the table keeps: its foreign
//! keys and those referencing it (`foreign_key_violations_after_rebuild_of_<table>`), and its
//! CHECKs as the copy writes the rows. Rows that already break a key (written while foreign keys
//! were off, SQLite's default) or a CHECK whose value changes with the time make a rebuild made
//! for an unrelated change fail: the warning says so exactly where it can happen (previousSpec)
//! or where the file's rows do (existingDbPath), and the migration, run on the bundled SQLite
//! with such rows, fails as said and runs once they are gone.

use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use migration_generator::report::Issue;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn id() -> Value {
    json!({"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true})
}

fn column(name: &str, ty: &str) -> Value {
    json!({"name": name, "type": ty, "nullable": true})
}

/// teams ← players (a foreign key), and tags, which has none and no table references.
fn previous() -> Value {
    json!({"description": "d", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z", "tables": [
        {"name": "teams", "timestamps": false, "columns": [id(), column("name", "TEXT")]},
        {"name": "players", "timestamps": false, "columns": [id(), column("team_id", "INTEGER"), column("score", "INTEGER")],
         "foreignKeys": [{"columns": ["team_id"], "referencedTable": "teams", "referencedColumns": ["id"]}]},
        {"name": "tags", "timestamps": false, "columns": [id(), column("label", "TEXT"), column("weight", "INTEGER")]}
    ]})
}

/// `next` from `previous`.
fn change(previous: &Value, next: &Value) -> GeneratedMigration {
    let mut s = next.clone();
    s["previousSpec"] = previous.clone();
    let r = generate_str(&s.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    r
}

/// The warnings that say a rebuild checks again what the table kept, by table.
fn rechecks(list: &[Issue]) -> Vec<(&str, &Issue)> {
    list.iter()
        .filter(|i| {
            i.code.as_str() == "ROWS_REFUSE_CHANGE"
                && i.message
                    .contains("checks every row again against the rules it keeps")
        })
        .map(|i| (i.table.as_deref().unwrap_or(""), i))
        .collect()
}

/// The queries a warning's suggestion ends with (after "with: ", joined by "; and: ").
fn queries(issue: &Issue) -> Vec<String> {
    let s = issue.suggestion.as_deref().unwrap();
    let start = s.find("with: ").unwrap() + "with: ".len();
    s[start..].split("; and: ").map(str::to_string).collect()
}

fn count(conn: &Connection, query: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM ({query})"), [], |r| r.get(0))
        .unwrap()
}

/// The database previousSpec describes, in memory, with a team and two players, one of them
/// (written with foreign keys off) referencing a team that does not exist.
fn database_of(previous: &Value) -> Connection {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    let made = generate_str(&previous.to_string());
    conn.execute_batch(&made.up_migration).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO teams (name) VALUES ('a');
         INSERT INTO players (team_id, score) VALUES (1, 3), (99, 4);
         INSERT INTO tags (label, weight) VALUES ('x', 1);
         PRAGMA foreign_keys = ON;",
    )
    .unwrap();
    conn
}

/// A CHECK added to players' score (nothing to do with its key) rebuilds players, whose guard
/// checks its key to teams; one added to teams rebuilds teams, whose guard checks players' key
/// to it; a type change of tags, which has no key, says nothing. With the dangling player both
/// rebuilds fail on the guard; without it both run.
#[test]
fn previous_spec_says_which_rebuilds_check_keys_again_and_they_fail_on_broken_rows() {
    let previous = previous();
    let mut next = previous.clone();
    next["tables"][1]["checkConstraints"] =
        json!([{"name": "chk_players_score", "expression": "score >= 0"}]);
    next["tables"][0]["checkConstraints"] =
        json!([{"name": "chk_teams_name", "expression": "length(name) > 0"}]);
    next["tables"][2]["columns"][2]["type"] = json!("REAL");
    let r = change(&previous, &next);
    assert!(r
        .up_migration
        .contains("foreign_key_violations_after_rebuild_of_tags"));
    let said = rechecks(&r.validation.warnings);
    let tables: Vec<&str> = said.iter().map(|(t, _)| *t).collect();
    assert_eq!(tables, ["teams", "players"], "{:?}", r.validation.warnings);
    let (_, players) = said.iter().find(|(t, _)| *t == "players").unwrap();
    assert!(
        players.message.contains("its foreign key to 'teams'"),
        "{}",
        players.message
    );
    let (_, teams) = said.iter().find(|(t, _)| *t == "teams").unwrap();
    assert!(
        teams.message.contains("the foreign key of 'players' to it"),
        "{}",
        teams.message
    );
    // The queries find the dangling player, before the migration.
    let conn = database_of(&previous);
    for (_, w) in &said {
        let q = queries(w);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(count(&conn, &q[0]), 1, "{}", q[0]);
    }
    let e = conn.execute_batch(&r.up_migration).unwrap_err().to_string();
    assert!(
        e.contains("foreign_key_violations_after_rebuild_of_"),
        "{e}"
    );
    // Mended: the queries find nothing, and the migration runs.
    let conn = database_of(&previous);
    conn.execute_batch("DELETE FROM players WHERE team_id = 99;")
        .unwrap();
    for (_, w) in &said {
        assert_eq!(count(&conn, &queries(w)[0]), 0);
    }
    conn.execute_batch(&r.up_migration).unwrap();
    assert_eq!(count(&conn, "SELECT * FROM players"), 1);
}

/// A rebuild of a table with no foreign key, no table referencing it and no CHECK that changes
/// with the time says nothing of the kind: the rebuild of tags alone.
#[test]
fn previous_spec_says_nothing_for_a_rebuild_with_no_key() {
    let previous = previous();
    let mut next = previous.clone();
    next["tables"][2]["columns"][2]["type"] = json!("REAL");
    let r = change(&previous, &next);
    assert!(r.up_migration.contains("_mg_old_tags"));
    assert!(
        rechecks(&r.validation.warnings).is_empty(),
        "{:?}",
        r.validation.warnings
    );
}

/// A kept CHECK whose value changes with the time is checked again by the rebuild's copy: a row
/// it let in yesterday is refused today. Said with the query; the migration fails on such a row.
#[test]
fn previous_spec_says_a_kept_check_that_changes_with_the_time() {
    let previous = json!({"description": "d", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z", "tables": [
        {"name": "tasks", "timestamps": false, "columns": [id(), column("due_on", "TEXT"), column("points", "INTEGER")],
         "checkConstraints": [{"name": "chk_tasks_due", "expression": "due_on >= CURRENT_DATE"}]}
    ]});
    let mut next = previous.clone();
    next["tables"][0]["columns"][2]["type"] = json!("REAL");
    let r = change(&previous, &next);
    let said = rechecks(&r.validation.warnings);
    assert_eq!(said.len(), 1, "{:?}", r.validation.warnings);
    assert!(said[0].1.message.contains("its CHECK 'chk_tasks_due'"));
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(&generate_str(&previous.to_string()).up_migration)
        .unwrap();
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         INSERT INTO tasks (due_on, points) VALUES ('2000-01-01', 1), ('2999-01-01', 2);
         PRAGMA ignore_check_constraints = OFF;",
    )
    .unwrap();
    let q = queries(said[0].1);
    assert_eq!(count(&conn, &q[0]), 1, "{}", q[0]);
    let e = conn.execute_batch(&r.up_migration).unwrap_err().to_string();
    assert!(e.contains("chk_tasks_due"), "{e}");
    conn.execute_batch("DELETE FROM tasks WHERE due_on < '2001-01-01';")
        .unwrap();
    conn.execute_batch(&r.up_migration).unwrap();
}

/// The same kept CHECK over a column the migration renames first: the rebuild's copy checks it
/// all the same, so it is said (it was not), and its query reads the column under its name
/// before the migration, finding on the database the row the migration then fails on.
#[test]
fn previous_spec_says_a_kept_check_that_changes_with_the_time_over_a_renamed_column() {
    let tasks = |due: &str, points: &str, renamed: bool| {
        let mut due_column = column(due, "TEXT");
        if renamed {
            due_column["renamedFrom"] = json!("due");
        }
        json!({"description": "d", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z", "tables": [
            {"name": "tasks", "timestamps": false, "columns": [id(), due_column, column("points", points)],
             "checkConstraints": [{"name": "chk_tasks_due", "expression": format!("{due} >= CURRENT_DATE")}]}
        ]})
    };
    let previous = tasks("due", "INTEGER", false);
    let r = change(&previous, &tasks("due_on", "REAL", true));
    let said = rechecks(&r.validation.warnings);
    assert_eq!(said.len(), 1, "{:?}", r.validation.warnings);
    assert!(said[0]
        .1
        .message
        .contains("its CHECK 'chk_tasks_due' (due_on >= CURRENT_DATE)"));
    let q = queries(said[0].1);
    assert_eq!(
        q,
        ["SELECT * FROM \"tasks\" WHERE NOT (\"due\" >= CURRENT_DATE)"]
    );
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(&generate_str(&previous.to_string()).up_migration)
        .unwrap();
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         INSERT INTO tasks (due, points) VALUES ('2000-01-01', 1), ('2999-01-01', 2);
         PRAGMA ignore_check_constraints = OFF;",
    )
    .unwrap();
    assert_eq!(count(&conn, &q[0]), 1, "{}", q[0]);
    // In a transaction, which the rebuild's INSERT OR ROLLBACK rolls back whole, the rename
    // before it included (without one, the rename stays done).
    let e = (conn.execute_batch(&format!("BEGIN;\n{}\nCOMMIT;", r.up_migration)))
        .unwrap_err()
        .to_string();
    assert!(e.contains("chk_tasks_due"), "{e}");
    conn.execute_batch("DELETE FROM tasks WHERE due < '2001-01-01';")
        .unwrap();
    assert_eq!(count(&conn, &q[0]), 0, "{}", q[0]);
    conn.execute_batch(&r.up_migration).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT due_on FROM tasks WHERE due_on = '2999-01-01'"
        ),
        1
    );
}

/// From a file (too large for the trial) whose kept time-dependent CHECK reads a column the
/// migration renames: the row it refuses now is counted, through the column's name on the file,
/// and said with the query; the migration fails on the file as said.
#[test]
fn file_counts_the_rows_a_kept_check_refuses_now_over_a_renamed_column() {
    let path = database(
        "timed-renamed",
        "CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, due TEXT, points INTEGER,
           CONSTRAINT chk_tasks_due CHECK (due >= CURRENT_DATE));
         PRAGMA ignore_check_constraints = ON;
         INSERT INTO tasks (due, points) VALUES ('2000-01-01', 1), ('2999-01-01', 2);
         PRAGMA ignore_check_constraints = OFF;",
        true,
    );
    let r = generate_str(
        &json!({
            "description": "change", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
            "now": "2026-02-09T12:00:00Z", "tables": [
                {"name": "tasks", "timestamps": false, "columns": [
                    id(), {"name": "due_on", "type": "TEXT", "nullable": true, "renamedFrom": "due"}, column("points", "REAL")],
                 "checkConstraints": [{"name": "chk_tasks_due", "expression": "due_on >= CURRENT_DATE"}]}
            ]
        })
        .to_string(),
    );
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    let said = refusals(&r.validation.warnings);
    assert_eq!(said.len(), 1, "{:?}", r.validation.warnings);
    assert!(
        said[0].message.starts_with(
            "1 row of 'tasks' that its CHECK 'chk_tasks_due' (due_on >= CURRENT_DATE) refuses now"
        ),
        "{}",
        said[0].message
    );
    let q = queries(said[0]);
    assert_eq!(
        q,
        ["SELECT * FROM \"tasks\" WHERE NOT (\"due\" >= CURRENT_DATE)"]
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_eq!(count(&conn, &q[0]), 1);
    let e = conn.execute_batch(&r.up_migration).unwrap_err().to_string();
    assert!(e.contains("chk_tasks_due"), "{e}");
}

/// A database file made of `sql`, in a directory of its own; `large`: past the 16 MiB the trial
/// copies (a table of blobs), so that the migration is not tried on its rows.
fn database(name: &str, sql: &str, large: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mg-rechecks-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    // As the sqlite3 shell writes them: foreign keys off.
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    conn.execute_batch(sql).unwrap();
    if large {
        conn.execute_batch(
            "CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB);
             INSERT INTO blobs (b) VALUES (zeroblob(17 * 1024 * 1024));",
        )
        .unwrap();
    }
    path
}

const FILE: &str = "CREATE TABLE teams (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
CREATE TABLE players (id INTEGER PRIMARY KEY AUTOINCREMENT, team_id INTEGER REFERENCES teams(id), score INTEGER);
INSERT INTO teams (name) VALUES ('a');
INSERT INTO players (team_id, score) VALUES (1, 3);";

/// The file's spec with a CHECK on players' score: a rebuild of players.
fn file_change(path: &Path) -> GeneratedMigration {
    let r = generate_str(
        &json!({
            "description": "change", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
            "now": "2026-02-09T12:00:00Z", "tables": [
                {"name": "teams", "timestamps": false, "columns": [id(), column("name", "TEXT")]},
                {"name": "players", "timestamps": false, "columns": [id(), column("team_id", "INTEGER"), column("score", "INTEGER")],
                 "foreignKeys": [{"columns": ["team_id"], "referencedTable": "teams", "referencedColumns": ["id"]}],
                 "checkConstraints": [{"name": "chk_players_score", "expression": "score >= 0"}]}
            ]
        })
        .to_string(),
    );
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    r
}

fn refusals(list: &[Issue]) -> Vec<&Issue> {
    list.iter()
        .filter(|i| i.code.as_str() == "ROWS_REFUSE_CHANGE")
        .collect()
}

/// From a file too large for the trial, the references the file already breaks are counted
/// (read-only: the file is unchanged) and said with the query; without them, nothing is said.
/// The migration fails on the file as said, and runs once the row is gone.
#[test]
fn a_file_the_trial_does_not_copy_has_its_broken_references_counted() {
    for broken in [true, false] {
        let extra = if broken {
            "INSERT INTO players (team_id, score) VALUES (99, 4), (98, 5);"
        } else {
            ""
        };
        let path = database(
            &format!("large-{broken}"),
            &format!("{FILE}\n{extra}"),
            true,
        );
        let bytes = std::fs::read(&path).unwrap();
        let r = file_change(&path);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "the file is read only"
        );
        assert!(
            r.validation
                .warnings
                .iter()
                .any(|w| w.code.as_str() == "ROWS_NOT_TRIED"),
            "{:?}",
            r.validation.warnings
        );
        let said = refusals(&r.validation.warnings);
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        if !broken {
            assert!(said.is_empty(), "{said:?}");
            conn.execute_batch(&r.up_migration).unwrap();
            continue;
        }
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].table.as_deref(), Some("players"));
        assert!(
            said[0]
                .message
                .contains("2 rows of 'players' referencing 'teams'"),
            "{}",
            said[0].message
        );
        let q = queries(said[0]);
        assert_eq!(count(&conn, &q[0]), 2, "{}", q[0]);
        let e = conn.execute_batch(&r.up_migration).unwrap_err().to_string();
        assert!(
            e.contains("foreign_key_violations_after_rebuild_of_players"),
            "{e}"
        );
        conn.execute_batch("DELETE FROM players WHERE team_id > 90;")
            .unwrap();
        conn.execute_batch(&r.up_migration).unwrap();
    }
}

/// A file the trial copies: its refusal is the trial's, said once (not again by the count).
#[test]
fn a_file_the_trial_copies_says_its_broken_references_once() {
    let path = database(
        "small",
        &format!("{FILE}\nINSERT INTO players (team_id, score) VALUES (99, 4);"),
        false,
    );
    let r = file_change(&path);
    let said = refusals(&r.validation.warnings);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0]
            .message
            .contains("already holds references to rows that do not exist"),
        "{}",
        said[0].message
    );
}

/// The `LOSSY_TYPE_MAPPING` warnings that say SQLite does not apply a shorter length.
fn lengths(list: &[Issue]) -> Vec<&Issue> {
    list.iter()
        .filter(|i| {
            i.code.as_str() == "LOSSY_TYPE_MAPPING"
                && i.message.contains("which SQLite does not apply")
        })
        .collect()
}

/// VARCHAR(50) made VARCHAR(20) from previousSpec: nothing changes in the database (TEXT both),
/// which the migration says instead of a bare NO_CHANGES; the suggested CHECK's query finds the
/// longer values SQLite still takes. A longer length, or the same, says nothing.
#[test]
fn previous_spec_says_sqlite_does_not_apply_a_shorter_length() {
    let spec = |length: u32| {
        json!({"description": "d", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z", "tables": [
            {"name": "users", "timestamps": false, "columns": [id(),
                {"name": "code", "type": "VARCHAR", "length": length, "nullable": true}]}]})
    };
    let r = change(&spec(50), &spec(20));
    let said = lengths(&r.validation.warnings);
    assert_eq!(said.len(), 1, "{:?}", r.validation.warnings);
    assert_eq!(said[0].table.as_deref(), Some("users"));
    assert_eq!(said[0].column.as_deref(), Some("code"));
    assert!(
        said[0].message.contains("from VARCHAR(50) to VARCHAR(20)"),
        "{}",
        said[0].message
    );
    assert!(r
        .validation
        .warnings
        .iter()
        .any(|w| w.code.as_str() == "NO_CHANGES"));
    assert_eq!(r.up_migration, "");
    // As said: the database takes a longer value after the migration, and the query finds it.
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(&generate_str(&spec(50).to_string()).up_migration)
        .unwrap();
    conn.execute_batch("INSERT INTO users (code) VALUES ('abcdefghijklmnopqrstuvwxyz');")
        .unwrap();
    let s = said[0].suggestion.as_deref().unwrap();
    let q = &s[s.find("SELECT").unwrap()..s.find(" > 20").unwrap() + " > 20".len()];
    assert_eq!(count(&conn, q), 1, "{q}");
    for (from, to) in [(20, 50), (20, 20)] {
        let r = change(&spec(from), &spec(to));
        assert!(lengths(&r.validation.warnings).is_empty(), "{from} → {to}");
    }
}

/// From a file: said where the file declares a longer length (VARCHAR(50)); a column declared
/// TEXT (as this generator writes VARCHAR on SQLite) says nothing, each migration again.
#[test]
fn a_file_says_sqlite_does_not_apply_a_shorter_length_only_where_it_declares_one() {
    for (declared, said) in [("VARCHAR(50)", 1), ("TEXT", 0), ("VARCHAR(10)", 0)] {
        let path = database(
            &format!("len-{}", declared.replace(['(', ')'], "")),
            &format!("CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, code {declared});"),
            false,
        );
        let r = generate_str(
            &json!({
                "description": "change", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
                "now": "2026-02-09T12:00:00Z", "tables": [
                    {"name": "users", "timestamps": false, "columns": [id(),
                        {"name": "code", "type": "VARCHAR", "length": 20, "nullable": true}]}]
            })
            .to_string(),
        );
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(
            lengths(&r.validation.warnings).len(),
            said,
            "{declared}: {:?}",
            r.validation.warnings
        );
    }
}
