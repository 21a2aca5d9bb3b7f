//! A column the change drops from an SQLite database file (`allowDataLoss`), which the down
//! migration's rebuild fills back with one value in every row, under several UNIQUEs of the
//! file over it and kept columns, and a foreign key: the `DOWN_DATA_LOSS` warning named only the
//! first UNIQUE (or, with a foreign key, the foreign key alone), where each of them makes the
//! down migration fail on rows of its own. Here it names every one, and each is run on the
//! bundled SQLite with rows that only it refuses.

#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use migration_generator::generate_str;
use serde_json::json;

/// The file's tables: `memberships.org_id` under `UNIQUE (user_id, org_id)`, a unique index on
/// `(team_id, org_id)` and a foreign key to `orgs`.
const BEFORE: &str = "CREATE TABLE orgs (id INTEGER PRIMARY KEY);
CREATE TABLE memberships (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL,
  team_id INTEGER NOT NULL, org_id INTEGER NOT NULL REFERENCES orgs (id),
  UNIQUE (user_id, org_id));
CREATE UNIQUE INDEX ix_memberships_team_org ON memberships (team_id, org_id);";

/// The spec: `memberships` without `org_id`.
fn spec(path: &std::path::Path) -> String {
    let int = |name: &str| json!({ "name": name, "type": "INTEGER", "nullable": false });
    let id = json!({ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true });
    json!({ "description": "drop org_id", "databaseType": "sqlite",
        "existingDbPath": path.to_str().unwrap(), "allowDataLoss": true, "tables": [
        { "name": "orgs", "timestamps": false,
          "columns": [{ "name": "id", "type": "INTEGER", "nullable": false }], "primaryKey": ["id"] },
        { "name": "memberships", "timestamps": false,
          "columns": [id, int("user_id"), int("team_id")] },
    ] })
    .to_string()
}

#[test]
fn every_unique_the_filler_makes_repeat_is_named_with_the_foreign_key_and_each_refuses() {
    let path = sqlite_files::database("mg-back-refused", "warning", BEFORE);
    let result = generate_str(&spec(&path));
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let said: Vec<&str> = (result.validation.warnings.iter())
        .filter(|w| w.code.as_str() == "DOWN_DATA_LOSS" && w.column.as_deref() == Some("org_id"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(said, ["the down migration brings 'org_id' back as 0 in every row, which the UNIQUE on (user_id, org_id) refuses once two rows repeat values in (user_id), and the UNIQUE on (team_id, org_id) refuses once two rows repeat values in (team_id), and its foreign key to 'orgs' refuses unless that table has a row of that value: the down migration then fails (and rolls that table back)"]);
    // Rows that only the first UNIQUE refuses, only the unique index, only the foreign key (org
    // 0 missing), and none (org 0 there): each refusal is one the warning names.
    for (name, rows, refused) in [
        (
            "user",
            "(1, 1, 1), (1, 2, 2)",
            Some("memberships.user_id, memberships.org_id"),
        ),
        (
            "team",
            "(1, 1, 1), (2, 1, 2)",
            Some("ix_memberships_team_org"),
        ),
        (
            "org",
            "(1, 1, 1), (2, 2, 2)",
            Some("foreign_key_violations_after_rebuild_of_memberships"),
        ),
        ("none", "(1, 1, 1), (2, 2, 2)", None),
    ] {
        let path = sqlite_files::database("mg-back-refused", name, BEFORE);
        let result = generate_str(&spec(&path));
        let conn = sqlite_files::open(&path);
        conn.execute_batch(&format!("INSERT INTO orgs (id) VALUES (1), (2){}; INSERT INTO memberships (user_id, team_id, org_id) VALUES {rows};", if refused.is_none() { ", (0)" } else { "" }))
            .unwrap();
        conn.execute_batch(&result.up_migration).unwrap();
        let columns = || -> usize {
            conn.query_row(
                "SELECT count(*) FROM pragma_table_info('memberships') WHERE name = 'org_id'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(columns(), 0, "{name}");
        match refused {
            Some(error) => {
                let failed = conn.execute_batch(&result.down_migration).unwrap_err();
                assert!(failed.to_string().contains(error), "{name}: {failed}");
                // Rolled back: the table stays as the up migration left it.
                assert_eq!(columns(), 0, "{name}");
            }
            None => {
                conn.execute_batch(&result.down_migration).unwrap();
                assert_eq!(columns(), 1, "{name}");
            }
        }
    }
}
