//! The order MariaDB lists a table's CHECK constraints in after a down migration, on MariaDB 10.11
//! (a scratch database, see tests/common/servers.rs). A user trial dropped `users.age`, which
//! `chk_users_age` read (allowDataLoss); the down migration added both back, and `SHOW CREATE
//! TABLE` then listed `chk_users_age` after `chk_users_status`, where it was before. MariaDB lists
//! CHECKs in the order they were added, and the down migration does not drop and add again the
//! CHECKs after it (README, "Down migrations", documents it beside PostgreSQL's column order).
//! What this compares, and so what "the down migration restores the schema" means here: the
//! CHECKs by name with their clauses, and `SHOW CREATE TABLE` line for line as a sorted list, equal;
//! the lines in their order differ in the CHECKs' places only.
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generate;
use serde_json::{json, Value};
use servers::Server;

/// `users` on MySQL, with `age` and its CHECK or without them; `status` and its CHECK after.
fn spec(age: bool) -> Value {
    let mut columns = vec![json!({ "name": "id", "type": "INTEGER", "nullable": false })];
    let mut checks = vec![];
    if age {
        columns.push(json!({ "name": "age", "type": "INTEGER", "nullable": true }));
        checks.push(json!({ "name": "chk_users_age", "expression": "age >= 0 AND age <= 150" }));
    }
    columns.push(json!({ "name": "status", "type": "VARCHAR", "length": 20, "nullable": false, "default": "active" }));
    checks.push(
        json!({ "name": "chk_users_status", "expression": "status IN ('active', 'disabled')" }),
    );
    json!({ "description": "c", "databaseType": "mysql", "timestamps": false, "tables": [
        { "name": "users", "primaryKey": ["id"], "columns": columns, "checkConstraints": checks }
    ] })
}

#[test]
fn a_check_the_down_migration_adds_back_is_listed_last_and_nothing_else_moves() {
    let Some(db) = Server::MariaDb.scratch("down_check_order") else {
        return;
    };
    db.exec(generate(&spec(true))["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO users (id, age, status) VALUES (1, 30, 'active'), (2, NULL, 'disabled');");
    let checks = "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY CONSTRAINT_NAME";
    let lines = |text: String| -> Vec<String> {
        text.replace("\\n", "\n")
            .lines()
            .map(|l| l.trim().trim_end_matches(',').to_string())
            .collect()
    };
    let checks_before = db.exec(checks);
    let shown_before = lines(db.exec("SHOW CREATE TABLE users"));

    let mut change = spec(false);
    change["previousSpec"] = spec(true);
    change["allowDataLoss"] = json!(true);
    let result = generate(&change);
    db.exec(result["upMigration"].as_str().unwrap());
    db.exec(result["downMigration"].as_str().unwrap());

    // The same CHECKs, with the same clauses, and they still hold: an age of 200 is refused.
    assert_eq!(db.exec(checks), checks_before);
    assert!(db
        .run("INSERT INTO users (id, age, status) VALUES (3, 200, 'active');")
        .unwrap_err()
        .contains("chk_users_age"));
    // SHOW CREATE TABLE: the same lines, in another order.
    let shown_after = lines(db.exec("SHOW CREATE TABLE users"));
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(shown_after.clone()), sorted(shown_before.clone()));
    // Only the CHECKs moved: chk_users_age, first before, is listed after chk_users_status.
    let place = |shown: &[String], name: &str| {
        shown
            .iter()
            .position(|l| l.starts_with(&format!("CONSTRAINT `{name}` CHECK")))
            .unwrap()
    };
    assert!(place(&shown_before, "chk_users_age") < place(&shown_before, "chk_users_status"));
    assert!(place(&shown_after, "chk_users_age") > place(&shown_after, "chk_users_status"));
    let without_checks = |shown: &[String]| -> Vec<String> {
        (shown.iter())
            .filter(|l| !l.contains("` CHECK ("))
            .cloned()
            .collect()
    };
    assert_eq!(without_checks(&shown_after), without_checks(&shown_before));
}
