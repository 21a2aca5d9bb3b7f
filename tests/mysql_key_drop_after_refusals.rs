//! A MySQL foreign key that must be dropped in a statement of its own (the table it references
//! changes the column it references) is dropped just before the first change that needs it gone,
//! after the changes of other tables that the rows may refuse: rows refusing a new CHECK of
//! another table leave the key in place, where it used to stay dropped (with a
//! `ROWS_REFUSE_CHANGE` warning saying so). Run on MariaDB 10.11, up, down and up again.
//!
//! Each test runs in a scratch database of its own (`mg_rt_*`, tests/common/servers.rs),
//! dropped afterwards; a server that cannot be reached is skipped with a loud line, unless
//! CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// previousSpec: `projects`, `tasks` (whose `project_id` references `projects`) and `tags`; the
/// spec widens `projects.id` and `tasks.project_id` to BIGINT (the key must go before
/// `projects` changes) and gives `tags` a CHECK.
fn specs() -> (Value, Value) {
    let id = || col("id", "INTEGER", json!({ "nullable": false }));
    let tables = |key: &str, check: bool| {
        let mut tags = json!({ "name": "tags", "primaryKey": ["id"],
            "columns": [id(), col("q", "INTEGER", json!({}))] });
        if check {
            tags["checkConstraints"] = json!([{ "name": "chk_q", "expression": "q > 0" }]);
        }
        let mut projects = json!({ "name": "projects", "primaryKey": ["id"], "columns": [id()] });
        projects["columns"][0]["type"] = json!(key);
        vec![
            projects,
            json!({ "name": "tasks", "primaryKey": ["id"],
                "columns": [id(), col("project_id", key, json!({}))],
                "foreignKeys": [{ "columns": ["project_id"], "referencedTable": "projects",
                    "referencedColumns": ["id"] }] }),
            tags,
        ]
    };
    let spec = |tables: Vec<Value>| json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": tables });
    let before = spec(tables("INTEGER", false));
    let mut after = spec(tables("BIGINT", true));
    after["previousSpec"] = before.clone();
    (before, after)
}

/// The foreign keys of the database's tables (table, key, referenced table), one a line.
fn foreign_keys(db: &servers::Scratch) -> String {
    db.exec("SELECT table_name, constraint_name, referenced_table_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() ORDER BY table_name, constraint_name")
}

/// The key is dropped after `tags`'s CHECK, which rows may refuse, and no warning says it may
/// stay dropped.
#[test]
fn the_key_is_dropped_after_another_table_s_refusable_change() {
    let (_, after) = specs();
    let out = generate(&after);
    let up = out["upMigration"].as_str().unwrap();
    let at = |what: &str| up.find(what).unwrap_or_else(|| panic!("no {what} in {up}"));
    assert!(at("ADD CONSTRAINT chk_q") < at("DROP FOREIGN KEY"), "{up}");
    assert!(at("DROP FOREIGN KEY") < at("ALTER TABLE projects"), "{up}");
    let stays = (out["validation"]["warnings"].as_array().unwrap().iter()).find(|w| {
        w["code"] == "ROWS_REFUSE_CHANGE"
            && w["message"].as_str().unwrap().contains("stays dropped")
    });
    assert!(stays.is_none(), "{stays:?}");
}

/// A row of `tags` that the CHECK refuses stops the up migration before the key is dropped:
/// `tasks` keeps it. Mended, the migration runs from the refused statement on; down gives the
/// tables back as previousSpec has them, and up runs again.
#[test]
fn a_refused_check_leaves_the_key_in_place_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("key_drop_after") else {
        return;
    };
    let (before, after) = specs();
    let out = generate(&after);
    let (up, down) = (
        out["upMigration"].as_str().unwrap(),
        out["downMigration"].as_str().unwrap(),
    );
    db.exec(generate(&before)["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO projects (id) VALUES (1); INSERT INTO tasks (id, project_id) VALUES (1, 1); INSERT INTO tags (id, q) VALUES (1, -1);");
    let keys = foreign_keys(&db);
    assert_eq!(keys, "tasks\tfk_tasks_project_id\tprojects\n");
    let error = db.run(up).unwrap_err();
    assert!(error.contains("chk_q"), "{error}\n{up}");
    assert_eq!(foreign_keys(&db), keys, "{up}");
    // Mended, the rest runs from the refused statement on, after the session's settings.
    db.exec("UPDATE tags SET q = 1");
    let first = up.find("ALTER TABLE").unwrap();
    let refused = up.find("ALTER TABLE tags").unwrap();
    db.exec(&format!("{}\n{}", &up[..first], &up[refused..]));
    assert_eq!(foreign_keys(&db), keys);
    let columns = "SELECT table_name, column_name, column_type FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name IN ('id', 'project_id') AND table_name <> 'tags' ORDER BY table_name, column_name";
    assert_eq!(
        db.exec(columns),
        "projects\tid\tbigint(20)\ntasks\tid\tint(11)\ntasks\tproject_id\tbigint(20)\n"
    );
    db.exec(down);
    assert_eq!(foreign_keys(&db), keys);
    assert_eq!(
        db.exec(columns),
        "projects\tid\tint(11)\ntasks\tid\tint(11)\ntasks\tproject_id\tint(11)\n"
    );
    db.exec(up);
    assert_eq!(foreign_keys(&db), keys);
    assert_eq!(db.exec("SELECT id, project_id FROM tasks"), "1\t1\n");
}
