//! A JSON default nested deep (arrays and objects within one another): MariaDB 10.11's
//! `json_valid`, which the CHECK of its JSON column calls, reads at most 31 levels (32 gives 0),
//! so a default of 32 is taken by the CREATE but every insert that takes it fails (error 4025,
//! the column's CHECK). The generator refuses it on MySQL, and keeps taking 31 there, and on
//! PostgreSQL whatever it reads (JSON and JSONB took 5000 levels on PostgreSQL 15; the spec's
//! own reader stops at 127).

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{generate, generated};
use serde_json::{json, Value};
use servers::Server;

/// `levels` arrays within one another, the innermost holding `1`.
fn nested(levels: usize) -> String {
    format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
}

/// A table `t` of an `id` key and `doc`, of `ty`, whose default is `default`.
fn spec(server: Server, ty: &str, default: &str) -> Value {
    json!({ "description": "s", "databaseType": server.database_type(), "timestamps": false,
            "tables": [{ "name": "t", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false },
                { "name": "doc", "type": ty, "nullable": false, "default": default } ] }] })
}

/// The errors of a result, as (code, message).
fn errors(v: &Value) -> Vec<(String, String)> {
    (v["validation"]["errors"].as_array().unwrap().iter())
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("message"))
        })
        .collect()
}

#[test]
fn mariadb_json_default_nested_past_31_levels_is_refused() {
    let Some(db) = Server::MariaDb.scratch("json_depth") else {
        return;
    };
    // The engine's limit, as the CHECK of a JSON column reads it.
    let valid = |levels: usize| db.exec(&format!("SELECT JSON_VALID('{}');", nested(levels)));
    assert_eq!(valid(31).trim(), "1");
    assert_eq!(valid(32).trim(), "0");
    // 31 levels: taken, and an insert that takes the default keeps it.
    let v = generate(&spec(Server::MariaDb, "JSON", &nested(31)));
    db.exec(v["upMigration"].as_str().unwrap());
    db.exec("INSERT INTO t (id) VALUES (1);");
    assert_eq!(db.exec("SELECT doc FROM t;").trim(), nested(31));
    db.exec("DROP TABLE t;");
    // 32 levels: the CREATE the generator would write is taken, every insert refused.
    let v = generate(&spec(Server::MariaDb, "JSON", &nested(31)));
    let up = v["upMigration"].as_str().unwrap();
    db.exec(&up.replace(&nested(31), &nested(32)));
    let refused = db.run("INSERT INTO t (id) VALUES (1);").unwrap_err();
    assert!(refused.contains("4025"), "{refused}");
    // So the generator refuses it, saying the depth and the limit.
    for deep in [nested(32), format!("{{\"a\": {}}}", nested(40))] {
        let v = generated(&spec(Server::MariaDb, "JSON", &deep));
        let errors = errors(&v);
        let levels = if deep.starts_with('{') { 41 } else { 32 };
        assert!(
            errors.iter().any(|(code, m)| code == "INVALID_DEFAULT"
                && m.contains(&format!("nested {levels} levels deep"))
                && m.contains("at most 31")
                && m.contains("MySQL 8.0 at most 100")),
            "{errors:?}"
        );
    }
}

#[test]
fn postgres_json_default_nested_deep_is_taken() {
    let Some(db) = Server::Postgres.scratch("json_depth") else {
        return;
    };
    for ty in ["JSON", "JSONB"] {
        let v = generate(&spec(Server::Postgres, ty, &nested(100)));
        db.exec(v["upMigration"].as_str().unwrap());
        db.exec("INSERT INTO t (id) VALUES (1);");
        assert_eq!(db.exec("SELECT doc::text FROM t;").trim(), nested(100));
        db.exec("DROP TABLE t;");
    }
}
