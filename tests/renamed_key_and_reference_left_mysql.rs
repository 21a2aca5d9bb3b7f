//! A MySQL migration from `previousSpec` that renames a foreign key (`fk_old` to `fk_new`, names
//! of the spec's) and the table it references (`users` to `members`), its own table renamed or
//! not: the key the migration adds back references the new name, so it was not known as the
//! dropped key, and the warning that the key stays dropped when rows refuse a later statement
//! (src/mysql_keys_left.rs) was not given where the key is left dropped. Each case is run on the
//! MariaDB 10.11 server with rows that refuse the change: the warning is given exactly where
//! the failed migration leaves the table without its key, and not where the refused statement
//! is the one that drops it (the key stays). Skipped loudly where the server cannot be reached,
//! unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// What a case changes.
#[derive(Clone, Copy, Debug, Default)]
struct Next {
    /// `posts` renamed `articles`.
    posts_renamed: bool,
    /// A CHECK (id > 0) on the posts table.
    check: bool,
    /// A UNIQUE on `members.email`.
    unique: bool,
    /// `id` and `user_id` BIGINT (the key goes before `users` changes).
    big: bool,
}

/// `users (id, email)` and `posts (id, user_id → users)`, the key named `fk_old`; with `next`,
/// `users` renamed `members`, the key `fk_new`, and what `next` says.
fn spec(next: Option<Next>) -> Value {
    let n = next.unwrap_or_default();
    let int = if n.big { "BIGINT" } else { "INTEGER" };
    let named = |new: &str, old: &str, renamed: bool| match next {
        Some(_) if renamed => json!({ "name": new, "renamedFrom": old }),
        _ => json!({ "name": old }),
    };
    let mut u = named("members", "users", true);
    u["primaryKey"] = json!(["id"]);
    u["columns"] = json!([
        col("id", int, json!({ "nullable": false })),
        col(
            "email",
            "VARCHAR",
            json!({ "length": 50, "unique": n.unique })
        )
    ]);
    let mut p = named("articles", "posts", n.posts_renamed);
    p["primaryKey"] = json!(["id"]);
    p["columns"] = json!([
        col("id", "INTEGER", json!({ "nullable": false })),
        col("user_id", int, json!({ "nullable": false }))
    ]);
    p["foreignKeys"] = json!([{ "columns": ["user_id"],
        "name": if next.is_some() { "fk_new" } else { "fk_old" },
        "referencedTable": u["name"], "referencedColumns": ["id"] }]);
    if n.check {
        p["checkConstraints"] = json!([{ "name": "chk_p", "expression": "id > 0" }]);
    }
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [u, p] })
}

/// The keys-left warning of `g`'s up (`ROWS_REFUSE_CHANGE`) or down (`DOWN_DATA_LOSS`)
/// migration: "… stays dropped".
fn left_warnings(g: &Value, down: bool) -> Vec<String> {
    let code = if down {
        "DOWN_DATA_LOSS"
    } else {
        "ROWS_REFUSE_CHANGE"
    };
    (g["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == code)
        .map(|w| w["message"].as_str().unwrap().to_string())
        .filter(|m| m.contains("stays dropped"))
        .collect()
}

/// The foreign keys of the scratch database.
const KEYS: &str = "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE();";

#[test]
fn the_key_left_warning_follows_a_key_renamed_with_the_table_it_references() {
    let cases = [
        // A UNIQUE on members that two rows break, after the key went in a statement of its own.
        (
            Next {
                unique: true,
                ..Next::default()
            },
            "'a@x.io'",
            0,
        ),
        (
            Next {
                unique: true,
                big: true,
                posts_renamed: true,
                ..Next::default()
            },
            "'a@x.io'",
            0,
        ),
        // A CHECK on articles that a post breaks, after the key went with the table's rename.
        (
            Next {
                check: true,
                posts_renamed: true,
                ..Next::default()
            },
            "'b@x.io'",
            0,
        ),
        // The CHECK in the very statement that drops the key: it fails whole, the key stays.
        (
            Next {
                check: true,
                big: true,
                ..Next::default()
            },
            "'b@x.io'",
            0,
        ),
    ];
    let Some(db) = Server::MariaDb.scratch("renamed_key_and_reference") else {
        return;
    };
    let mut outcomes = Vec::new();
    for (next, second_email, post_id) in cases {
        let mut target = spec(Some(next));
        target["previousSpec"] = spec(None);
        let g = generate(&target);
        let up = g["upMigration"].as_str().unwrap();
        db.exec("DROP TABLE IF EXISTS posts, articles, users, members;");
        db.exec(generate(&spec(None))["upMigration"].as_str().unwrap());
        db.exec(&format!(
            "INSERT INTO users VALUES (1, 'a@x.io'), (2, {second_email}); \
             INSERT INTO posts VALUES ({post_id}, 1);"
        ));
        let failed = db.run(up);
        assert!(failed.is_err(), "{next:?}: the rows should refuse\n{up}");
        let left = db.exec(KEYS).trim() == "0";
        let warned = left_warnings(&g, false);
        assert_eq!(
            warned.len(),
            usize::from(left),
            "{next:?}: key left dropped on the server: {left}; warned: {warned:?}\n{up}"
        );
        if left {
            assert!(warned[0].contains("'fk_old' of 'posts'"), "{warned:?}");
        }
        outcomes.push(left);
    }
    // The migration now looks for the rows first (src/mysql_rows_guard.rs: the CHECK and the
    // narrowed type are read over columns nothing before them changes): no key is left dropped.
    assert_eq!(outcomes, [false, false, false, false]);
}

/// The down migration drops `fk_new`, renames `members` back to `users`, then narrows its
/// `id` to INT, which a member written since refuses: the down migration looks for such rows
/// first (DOWN_DATA_LOSS names the column under the spec's `members`, the check reads it under
/// `members`, the table's name where the down migration starts) and stops, the key in place.
#[test]
fn the_down_migration_s_key_left_warning_follows_the_renamed_reference() {
    let next = Next {
        check: true,
        big: true,
        ..Next::default()
    };
    let mut target = spec(Some(next));
    target["previousSpec"] = spec(None);
    let g = generate(&target);
    // The down migration now looks for the rows first: the key would stay dropped otherwise.
    let warned: Vec<String> = (g["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "DOWN_DATA_LOSS")
        .map(|w| w["message"].as_str().unwrap().to_string())
        .filter(|m| m.starts_with("the down migration first looks for rows written since"))
        .collect();
    assert_eq!(warned.len(), 1, "{}", g["validation"]["warnings"]);
    assert!(
        warned[0].contains("the change of 'id' of 'users'")
            && warned[0].contains("'fk_new' of 'posts'"),
        "{warned:?}"
    );
    let Some(db) = Server::MariaDb.scratch("renamed_key_and_reference_down") else {
        return;
    };
    db.exec(generate(&spec(None))["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO users VALUES (1, 'a@x.io'); INSERT INTO posts VALUES (1, 1);");
    db.exec(g["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO members VALUES (3000000000, 'c@x.io');");
    let down = g["downMigration"].as_str().unwrap();
    let failed = db.run(down);
    assert!(failed.is_err_and(|e| e.contains("ERROR 1231")), "{down}");
    assert_eq!(db.exec(KEYS).trim(), "1", "{down}");
}
