//! A SQLite file's partial index (`CREATE INDEX … WHERE …`) pulled for MySQL (`pullDatabase`):
//! MySQL has no partial indexes, so the pull leaves it out and lists it in `leftOut` with that
//! reason (a user trial's pulled spec was refused as UNSUPPORTED_FEATURE). The pulled spec is
//! valid, and its migration runs on MariaDB 10.11 (a scratch database, see
//! tests/common/servers.rs), making the other index and not the partial one. Pulled for
//! PostgreSQL and SQLite, the partial index stays in the spec.
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::generate;
use serde_json::{json, Value};
use servers::Server;

const FILE: &str = r#"
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, deleted_at TEXT);
CREATE INDEX idx_posts_live ON posts (title) WHERE deleted_at IS NULL;
CREATE INDEX idx_posts_title ON posts (title);
"#;

/// `pullDatabase(path, dialect)`: the whole answer.
fn pull(path: &std::path::Path, dialect: &str) -> Value {
    let out: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        Some(dialect),
    ))
    .unwrap();
    assert_eq!(out["ok"], json!(true), "{out}");
    out
}

/// The names of the indexes of the pulled spec's one table.
fn index_names(spec: &Value) -> Vec<String> {
    (spec["tables"][0]["indexes"]
        .as_array()
        .into_iter()
        .flatten())
    .map(|i| i["name"].as_str().unwrap().to_string())
    .collect()
}

#[test]
fn a_partial_index_pulled_for_mysql_is_left_out_and_the_spec_runs_on_mariadb() {
    let path = sqlite_files::database("pull-partial", "mysql", FILE);
    let out = pull(&path, "mysql");
    assert_eq!(index_names(&out["spec"]), ["idx_posts_title"], "{out}");
    assert_eq!(
        out["leftOut"],
        json!([{ "table": "posts", "what": "the partial index 'idx_posts_live' (title) WHERE deleted_at IS NULL, as MySQL has no partial indexes" }]),
        "{out}"
    );
    assert_eq!(out["renamed"], json!([]), "{out}");
    // Valid (`generate` asserts it), and its migration runs on MariaDB.
    let up = generate(&out["spec"])["upMigration"]
        .as_str()
        .unwrap()
        .to_string();
    let Some(db) = Server::MariaDb.scratch("pull_partial") else {
        return;
    };
    db.run(&up).unwrap_or_else(|e| panic!("{e}\n{up}"));
    let indexes = db.rows(
        "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'posts' AND index_name LIKE 'idx_posts_%'",
    );
    assert_eq!(indexes, 1, "{up}");
}

#[test]
fn a_partial_index_pulled_for_postgresql_or_sqlite_stays() {
    let path = sqlite_files::database("pull-partial", "others", FILE);
    for dialect in ["postgresql", "sqlite"] {
        let out = pull(&path, dialect);
        let mut names = index_names(&out["spec"]);
        names.sort();
        assert_eq!(
            names,
            ["idx_posts_live", "idx_posts_title"],
            "{dialect}: {out}"
        );
        assert_eq!(out["leftOut"], json!([]), "{dialect}: {out}");
        generate(&out["spec"]);
    }
}
