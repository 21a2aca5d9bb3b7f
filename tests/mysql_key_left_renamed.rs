//! A MySQL migration from `previousSpec` that drops a foreign key in an earlier statement than
//! one the rows may refuse, and adds it back at its end, says the key stays dropped if the rows
//! refuse (`ROWS_REFUSE_CHANGE`, src/mysql_keys_left.rs). It was said where the key came back
//! under the default name made from its renamed table (`fk_posts_user_id` as
//! `fk_articles_user_id`), and not where it came back under a name of the spec's
//! (`fk_custom`), nor where the statements of a table's change came joined in one step. Run on
//! the MariaDB 10.11 server (tests/common/servers.rs): the up migration fails at the new CHECK
//! and leaves the key dropped, in both cases, as the warning says. Skipped loudly where the
//! server cannot be reached, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `users (id)` and `posts (id, user_id → users)`; with `next`, `users.id` and `posts.user_id`
/// BIGINT (so that the key goes before `users` changes), `posts` renamed `articles` with a
/// CHECK (id > 0), its key named `key` (`None`: the default).
fn spec(next: bool, key: Option<&str>) -> Value {
    let int = if next { "BIGINT" } else { "INTEGER" };
    let mut fk =
        json!({ "columns": ["user_id"], "referencedTable": "users", "referencedColumns": ["id"] });
    if let Some(k) = key {
        fk["name"] = json!(k);
    }
    let mut posts = json!({ "name": "posts", "primaryKey": ["id"], "columns": [
        col("id", "INTEGER", json!({ "nullable": false })),
        col("user_id", int, json!({ "nullable": false })) ], "foreignKeys": [fk] });
    if next {
        posts["name"] = json!("articles");
        posts["renamedFrom"] = json!("posts");
        posts["checkConstraints"] = json!([{ "name": "chk_p", "expression": "id > 0" }]);
    }
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [
        { "name": "users", "primaryKey": ["id"], "columns": [col("id", int, json!({ "nullable": false }))] },
        posts ] })
}

#[test]
fn a_key_back_under_a_name_of_the_spec_s_is_said_to_stay_dropped_as_under_the_default() {
    for key in [None, Some("fk_custom")] {
        let mut next = spec(true, key);
        next["previousSpec"] = spec(false, None);
        let g = generate(&next);
        let left: Vec<&Value> = (g["validation"]["warnings"].as_array().unwrap().iter())
            .filter(|w| {
                w["code"] == "ROWS_REFUSE_CHANGE"
                    && w["message"].as_str().unwrap().contains("stays dropped")
            })
            .collect();
        assert_eq!(left.len(), 1, "{key:?}: {}", g["validation"]["warnings"]);
        assert!(
            left[0]["message"].as_str().unwrap().starts_with("if existing rows refuse the CHECK 'chk_p' of 'articles' (MySQL commits each statement), the foreign key 'fk_posts_user_id' of 'posts' stays dropped"),
            "{key:?}: {}",
            left[0]["message"]
        );
        assert_eq!(left[0]["constraint"], "fk_posts_user_id", "{key:?}");
        // On the server: the rows refuse the CHECK, and the key is gone, as said.
        let Some(db) = Server::MariaDb.scratch("key_left_renamed") else {
            return;
        };
        db.exec(
            generate(&spec(false, None))["upMigration"]
                .as_str()
                .unwrap(),
        );
        db.exec("INSERT INTO users VALUES (1); INSERT INTO posts VALUES (0, 1);");
        let up = g["upMigration"].as_str().unwrap();
        let failed = db.run(up);
        assert!(failed.is_err_and(|e| e.contains("chk_p")), "{key:?}: {up}");
        let keys = "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE();";
        assert_eq!(db.exec(keys).trim(), "0", "{key:?}");
        db.exec("INSERT INTO articles VALUES (5, 9);");
    }
}
