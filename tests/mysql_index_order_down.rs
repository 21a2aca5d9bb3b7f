//! A MySQL migration from `previousSpec` that replaces the index serving a foreign key
//! (`idx_tasks_project` by `idx_tasks_project_status`), and its down migration: the down gives
//! back the same indexes, keys and rows, but MariaDB lists the index it makes again after the
//! indexes the table kept (`fk_tasks_parent_id`, made for a foreign key), where it was listed
//! before them (a user trial). README ("Down migrations") says so: putting the order back would
//! take dropping and making again the indexes after it, with the foreign keys they serve. Run on
//! the MariaDB 10.11 server (tests/common/servers.rs); skipped loudly where it cannot be
//! reached, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `projects`, `users` and `tasks` (keys to each and to itself), with the index on
/// `project_id` (`before`) or one on `(project_id, status)` and one on `assignee_id`.
fn spec(before: bool) -> Value {
    let id = || {
        col(
            "id",
            "BIGINT",
            json!({ "nullable": false, "autoIncrement": true }),
        )
    };
    let key = |c: &str, to: &str, on_delete: &str| {
        json!({ "columns": [c], "referencedTable": to, "referencedColumns": ["id"],
                "onDelete": on_delete })
    };
    let indexes = if before {
        json!([{ "name": "idx_tasks_project", "columns": ["project_id"] }])
    } else {
        json!([{ "name": "idx_tasks_project_status", "columns": ["project_id", "status"] },
               { "name": "idx_tasks_assignee", "columns": ["assignee_id"] }])
    };
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [
        { "name": "projects", "columns": [id()] },
        { "name": "users", "columns": [id()] },
        { "name": "tasks", "columns": [
            id(),
            col("project_id", "BIGINT", json!({ "nullable": false })),
            col("parent_id", "BIGINT", json!({})),
            col("assignee_id", "BIGINT", json!({})),
            col("status", "VARCHAR", json!({ "length": 20, "nullable": false })) ],
          "foreignKeys": [key("project_id", "projects", "CASCADE"),
            key("parent_id", "tasks", "SET NULL"), key("assignee_id", "users", "SET NULL")],
          "indexes": indexes } ] })
}

/// The lines of `SHOW CREATE TABLE` output (`\n` as the client writes it) that list a key.
fn key_lines(created: &str) -> Vec<String> {
    (created.split("\\n"))
        .map(|l| l.trim().trim_end_matches(',').to_string())
        .filter(|l| l.starts_with("KEY ") || l.starts_with("PRIMARY KEY"))
        .collect()
}

#[test]
fn the_down_gives_back_the_indexes_an_index_made_again_listed_after_those_kept() {
    let mut next = spec(false);
    next["previousSpec"] = spec(true);
    let g = generate(&next);
    let (up, down) = (
        g["upMigration"].as_str().unwrap(),
        g["downMigration"].as_str().unwrap(),
    );
    // The key on parent_id, which neither index serves, is left as it is both ways.
    for sql in [up, down] {
        assert!(!sql.contains("fk_tasks_parent_id"), "{sql}");
    }
    let Some(db) = Server::MariaDb.scratch("index_order_down") else {
        return;
    };
    db.exec(generate(&spec(true))["upMigration"].as_str().unwrap());
    db.exec(
        "INSERT INTO projects VALUES (1); INSERT INTO users VALUES (1);\n\
         INSERT INTO tasks VALUES (1, 1, NULL, 1, 'open'), (2, 1, 1, NULL, 'done');",
    );
    let shown = || db.exec("SHOW CREATE TABLE tasks;");
    let rows = "SELECT * FROM tasks ORDER BY id;";
    let (before, rows_before) = (shown(), db.exec(rows));
    let keys_before = key_lines(&before);
    assert_eq!(
        keys_before,
        [
            "PRIMARY KEY (`id`)",
            "KEY `idx_tasks_project` (`project_id`)",
            "KEY `fk_tasks_parent_id` (`parent_id`)",
            "KEY `fk_tasks_assignee_id` (`assignee_id`)",
        ],
        "{before}"
    );
    db.exec(up);
    db.exec(down);
    let after = shown();
    assert_eq!(db.exec(rows), rows_before);
    // The same keys, indexes and foreign keys; only the index made again moved down the list.
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(key_lines(&after)), sorted(keys_before), "{after}");
    assert_eq!(
        key_lines(&after)[1..3],
        [
            "KEY `fk_tasks_parent_id` (`parent_id`)",
            "KEY `idx_tasks_project` (`project_id`)",
        ],
        "{after}"
    );
    let constraints = |t: &str| -> Vec<String> {
        let mut c: Vec<String> = (t.split("\\n"))
            .filter(|l| l.trim().starts_with("CONSTRAINT"))
            .map(|l| l.trim().trim_end_matches(',').to_string())
            .collect();
        c.sort();
        c
    };
    assert_eq!(constraints(&after), constraints(&before), "{after}");
    assert_eq!(constraints(&before).len(), 3, "{before}");
}
