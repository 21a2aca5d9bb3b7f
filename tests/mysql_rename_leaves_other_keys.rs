//! A MySQL migration from `previousSpec` that renames a column of a composite primary key
//! (`memberships.user_id` → `member_id`, key `(org_id, user_id)`) leaves the foreign key on the
//! other column (`org_id`), which that primary key serves, as it is: InnoDB renames the column
//! under it (MariaDB 10.11; MySQL and MariaDB refuse only a copying rename of a column the key
//! itself names). It was dropped and added again around the rename (a user trial): a window
//! with no key, every row checked anew, and the key left dropped when a later statement failed.
//! Run on the MariaDB 10.11 server (tests/common/servers.rs); skipped loudly where it cannot be
//! reached, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `users`, `orgs` and `memberships (org_id → orgs, user_id → users)`, keyed on both, with
/// `user_id` renamed `member_id` where `renamed`.
fn spec(renamed: bool) -> Value {
    let user = if renamed { "member_id" } else { "user_id" };
    let mut member = col(user, "BIGINT", json!({ "nullable": false }));
    if renamed {
        member["renamedFrom"] = json!("user_id");
    }
    let id = || {
        col(
            "id",
            "BIGINT",
            json!({ "nullable": false, "autoIncrement": true }),
        )
    };
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [
        { "name": "users", "columns": [id()] },
        { "name": "orgs", "columns": [id()] },
        { "name": "memberships", "primaryKey": ["org_id", user], "columns": [
            col("org_id", "BIGINT", json!({ "nullable": false })), member ],
          "foreignKeys": [
            { "columns": ["org_id"], "referencedTable": "orgs", "referencedColumns": ["id"],
              "onDelete": "CASCADE" },
            { "columns": [user], "referencedTable": "users", "referencedColumns": ["id"],
              "onDelete": "CASCADE" } ] } ] })
}

/// The generated up and down migrations from `spec(false)` to `spec(true)`, and the warnings.
fn migrations() -> (String, String, String) {
    let mut next = spec(true);
    next["previousSpec"] = spec(false);
    let g = generate(&next);
    let text = |k: &str| g[k].as_str().unwrap().to_string();
    let warnings = g["validation"]["warnings"].to_string();
    (text("upMigration"), text("downMigration"), warnings)
}

#[test]
fn a_renamed_key_column_leaves_the_key_its_primary_key_serves() {
    let (up, down, warnings) = migrations();
    for sql in [&up, &down] {
        assert!(!sql.contains("fk_memberships_org_id"), "{sql}");
        assert!(sql.contains("RENAME COLUMN"), "{sql}");
    }
    // The key on the renamed column is named after it: it goes and comes under its new name.
    assert!(
        up.contains("DROP FOREIGN KEY fk_memberships_user_id"),
        "{up}"
    );
    assert!(
        up.contains("ADD CONSTRAINT fk_memberships_member_id"),
        "{up}"
    );
    assert!(!warnings.contains("fk_memberships_org_id"), "{warnings}");
    let Some(db) = Server::MariaDb.scratch("rename_other_keys") else {
        return;
    };
    let fresh = generate(&spec(false));
    db.exec(fresh["upMigration"].as_str().unwrap());
    db.exec(
        "INSERT INTO users VALUES (1), (2); INSERT INTO orgs VALUES (1), (2);\n\
         INSERT INTO memberships VALUES (1, 1), (1, 2), (2, 2);",
    );
    let catalog = || {
        ["users", "orgs", "memberships"]
            .map(|t| db.exec(&format!("SHOW CREATE TABLE {t};")))
            .join("\n")
    };
    let before = catalog();
    let rows = "SELECT * FROM memberships ORDER BY 1, 2;";
    let rows_before = db.exec(rows);
    for round in 0..2 {
        db.exec(&up);
        assert_eq!(db.exec(rows), rows_before, "round {round}");
        // Both keys hold: a membership of no org, or of no user, is refused.
        for refused in [
            "INSERT INTO memberships (org_id, member_id) VALUES (9, 1);",
            "INSERT INTO memberships (org_id, member_id) VALUES (1, 9);",
        ] {
            let said = db.run(refused);
            assert!(said.is_err_and(|e| e.contains("foreign key")), "{refused}");
        }
        db.exec(&down);
        assert_eq!(catalog(), before, "round {round}\n{down}");
        assert_eq!(db.exec(rows), rows_before, "round {round}");
    }
}
