//! A MySQL down migration that undoes, at both ends of a foreign key, a change that rows written
//! since can refuse: `tasks.project_id` and `projects.id` narrowed back from BIGINT to INT, the
//! key dropped to change them. It used to drop the key in a statement of its own first, so that
//! a refusal of either left it dropped (and the down migration run again failed at its DROP
//! FOREIGN KEY). The key now goes in the statement that undoes `tasks` (its own table), which
//! runs first: a refusal of it leaves the key in place. `projects` cannot go before the drop
//! (MySQL refuses to change a column a foreign key uses); instead the down migration looks for
//! the rows that refuse its change before its first change and stops there (the rows guard,
//! src/mysql_rows_guard.rs), which the warning says. Run on MariaDB 10.11 with rows that refuse
//! each (a scratch database, tests/common/servers.rs; a server that cannot be reached is
//! skipped with a loud line, unless CI=true).

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// previousSpec (INT keys) and the spec (BIGINT keys, and a CHECK on `tasks`, which rows may
/// refuse, so that `tasks` changes first up and, undone in reverse, last down).
fn specs() -> (Value, Value) {
    let tables = |key: &str, check: bool| {
        let mut tasks = json!({ "name": "tasks", "primaryKey": ["id"],
            "columns": [col("id", "INTEGER", json!({ "nullable": false })),
                col("project_id", key, json!({})), col("q", "INTEGER", json!({}))],
            "foreignKeys": [{ "columns": ["project_id"], "referencedTable": "projects",
                "referencedColumns": ["id"] }] });
        if check {
            tasks["checkConstraints"] = json!([{ "name": "chk_q", "expression": "q > 0" }]);
        }
        json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [
            { "name": "projects", "primaryKey": ["id"],
              "columns": [col("id", key, json!({ "nullable": false }))] },
            tasks,
        ] })
    };
    let before = tables("INTEGER", false);
    let mut after = tables("BIGINT", true);
    after["previousSpec"] = before.clone();
    (before, after)
}

/// The foreign keys of the database's tables (table, key), one a line.
fn foreign_keys(db: &servers::Scratch) -> String {
    db.exec("SELECT table_name, constraint_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() ORDER BY table_name")
}

#[test]
fn the_key_goes_with_its_own_table_s_undo_and_rows_refusing_the_other_end_stop_the_down_migration_first(
) {
    let (before, after) = specs();
    let out = generate(&after);
    let down = out["downMigration"].as_str().unwrap();
    let at = |what: &str| {
        down.find(what)
            .unwrap_or_else(|| panic!("no {what} in {down}"))
    };
    // Dropped in the statement that narrows `tasks.project_id`, before `projects` changes.
    let tasks = &down[at("ALTER TABLE tasks")..];
    let tasks = &tasks[..tasks.find(";\n").unwrap()];
    assert!(
        tasks.contains("DROP FOREIGN KEY fk_tasks_project_id")
            && tasks.contains("MODIFY COLUMN project_id INT"),
        "{down}"
    );
    assert!(
        at("ALTER TABLE tasks") < at("ALTER TABLE projects"),
        "{down}"
    );
    let stays: Vec<&str> = (out["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "DOWN_DATA_LOSS" && w["constraint"] == "fk_tasks_project_id")
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(stays.len(), 1, "{stays:?}");
    assert!(
        stays[0].starts_with("the down migration first looks for rows written since that the change of 'id' of 'projects' refuses and, if there are some, stops there before any change (MySQL's error 1231"),
        "{}",
        stays[0]
    );
    let Some(db) = Server::MariaDb.scratch("down_key_both_ends") else {
        return;
    };
    let keys = "tasks\tfk_tasks_project_id\n";
    // Rows written since that each undo refuses: a task of a project beyond INT (both refuse),
    // then a project beyond INT that no task references (`projects` alone). Either way the
    // guard finds the project before any change: the key and both columns stay as they are.
    for rows in [
        "INSERT INTO projects (id) VALUES (3000000000); INSERT INTO tasks (id, project_id, q) VALUES (2, 3000000000, 1);",
        "INSERT INTO projects (id) VALUES (3000000000);",
    ] {
        db.exec("DROP TABLE IF EXISTS tasks; DROP TABLE IF EXISTS projects;");
        db.exec(generate(&before)["upMigration"].as_str().unwrap());
        db.exec("INSERT INTO projects (id) VALUES (1); INSERT INTO tasks (id, project_id, q) VALUES (1, 1, 1);");
        db.exec(out["upMigration"].as_str().unwrap());
        db.exec(rows);
        let error = db.run(down).unwrap_err();
        assert!(
            error.contains("1231") && error.contains("stopped before any change"),
            "{rows}: {error}"
        );
        assert_eq!(foreign_keys(&db), keys, "{rows}");
        assert_eq!(
            db.exec("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name IN ('id', 'project_id') ORDER BY table_name, column_name"),
            "id\tbigint\nid\tint\nproject_id\tbigint\n",
            "{rows}"
        );
    }
}
