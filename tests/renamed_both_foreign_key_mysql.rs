//! A MySQL migration from `previousSpec` that renames a table (`posts` → `articles`) and the
//! table its foreign key references (`users` → `members`): the key, named after its table, is
//! dropped in the statement that renames its table and added under its new name after, as when
//! only `posts` is renamed. It was dropped in a statement of its own before every other change
//! (the referenced table's change ran first), so that a change the rows refuse in between (a
//! new UNIQUE on `users`) left `posts` without its key. Run on the MariaDB 10.11 server
//! (tests/common/servers.rs); skipped loudly where it cannot be reached, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `users (id, email)` and `posts (id, user_id → users)`, each renamed as `users`/`posts` say
/// (`None`: kept), `users` with a UNIQUE on `email` where `unique`.
fn spec(users: Option<&str>, posts: Option<&str>, unique: bool) -> Value {
    let named = |new: Option<&str>, old: &str| match new {
        Some(n) => json!({ "name": n, "renamedFrom": old }),
        None => json!({ "name": old }),
    };
    let mut u = named(users, "users");
    u["primaryKey"] = json!(["id"]);
    u["columns"] = json!([
        col("id", "INTEGER", json!({ "nullable": false })),
        col(
            "email",
            "VARCHAR",
            json!({ "length": 50, "unique": unique })
        )
    ]);
    let mut p = named(posts, "posts");
    p["primaryKey"] = json!(["id"]);
    p["columns"] = json!([
        col("id", "INTEGER", json!({ "nullable": false })),
        col("user_id", "INTEGER", json!({ "nullable": false }))
    ]);
    p["foreignKeys"] = json!([{ "columns": ["user_id"],
        "referencedTable": users.unwrap_or("users"), "referencedColumns": ["id"] }]);
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [u, p] })
}

/// The up and down migrations from [`spec`]`(None, None, false)` to `next`.
fn migrations(next: Value) -> (String, String) {
    let mut next = next;
    next["previousSpec"] = spec(None, None, false);
    let g = generate(&next);
    let text = |k: &str| g[k].as_str().unwrap().to_string();
    (text("upMigration"), text("downMigration"))
}

/// The statements of `sql` that drop a foreign key, each whole.
fn key_drops(sql: &str) -> Vec<&str> {
    (sql.split_inclusive(";\n"))
        .map(str::trim)
        .filter(|s| s.contains("DROP FOREIGN KEY"))
        .collect()
}

#[test]
fn a_key_renamed_with_its_table_and_the_one_it_references_goes_as_with_its_table_alone() {
    let (one_up, one_down) = migrations(spec(None, Some("articles"), false));
    let (up, down) = migrations(spec(Some("members"), Some("articles"), false));
    // The key goes in its table's rename both ways, as when only its table is renamed.
    assert_eq!(key_drops(&up), key_drops(&one_up), "{up}");
    assert_eq!(key_drops(&down), key_drops(&one_down), "{down}");
    assert_eq!(
        key_drops(&up),
        ["ALTER TABLE posts\n  DROP FOREIGN KEY fk_posts_user_id,\n  RENAME TO articles;"]
    );
    assert!(
        up.contains(
            "ADD CONSTRAINT fk_articles_user_id\n  FOREIGN KEY (user_id) REFERENCES members (id);"
        ),
        "{up}"
    );
    let Some(db) = Server::MariaDb.scratch("renamed_both_fk") else {
        return;
    };
    let fresh = generate(&spec(None, None, false));
    db.exec(fresh["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO users VALUES (1, 'a@x.io'); INSERT INTO posts VALUES (1, 1);");
    for round in 0..2 {
        db.exec(&up);
        // The key holds under its new name: a post of no member is refused, the row stays.
        let refused = db.run("INSERT INTO articles VALUES (2, 9);");
        assert!(
            refused.is_err_and(|e| e.contains("foreign key")),
            "round {round}"
        );
        assert_eq!(
            db.exec("SELECT m.email FROM articles a JOIN members m ON m.id = a.user_id;")
                .trim(),
            "a@x.io"
        );
        let names = "SELECT CONSTRAINT_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE();";
        assert_eq!(db.exec(names).trim(), "fk_articles_user_id\tmembers");
        db.exec(&down);
        assert!(
            db.run("INSERT INTO posts VALUES (2, 9);").is_err(),
            "round {round}"
        );
        assert_eq!(db.exec(names).trim(), "fk_posts_user_id\tusers");
    }
}

#[test]
fn a_change_of_the_referenced_table_refused_by_the_rows_leaves_the_key() {
    // users gets a UNIQUE on email, which two rows share: the change of users (by the rows,
    // which comes first on MySQL) renames it before the UNIQUE, so the migration looks for
    // those rows before its first change and stops there (src/mysql_rows_guard.rs), before
    // users is renamed and posts changed.
    let (up, _) = migrations(spec(Some("members"), Some("articles"), true));
    let Some(db) = Server::MariaDb.scratch("renamed_both_fk_refused") else {
        return;
    };
    let fresh = generate(&spec(None, None, false));
    db.exec(fresh["upMigration"].as_str().unwrap());
    db.exec(
        "INSERT INTO users VALUES (1, 'a@x.io'), (2, 'a@x.io'); INSERT INTO posts VALUES (1, 1);",
    );
    let failed = db.run(&up);
    assert!(
        failed.is_err_and(|e| e.contains("ERROR 1231")
            && e.contains("the migration stopped before any change: rows refuse the UNIQUE 'email' of 'members'")),
        "{up}"
    );
    let tables = "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE();";
    assert_eq!(db.exec(tables).trim(), "posts,users", "{up}");
    // posts is as it was, with its key.
    let keys = "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'posts';";
    assert_eq!(db.exec(keys).trim(), "fk_posts_user_id", "{up}");
    assert!(db.run("INSERT INTO posts VALUES (2, 9);").is_err(), "{up}");
}
