//! `renamed` of a pull (`pullDatabase`): each table, column, index and constraint of a SQLite
//! file whose name no spec can give (capital letters, a reserved word, past the length limit,
//! spaces), with the name the spec pulled for PostgreSQL or MySQL gives it, listed exactly, and
//! not in `leftOut` (the object is in the spec). The pulled spec's migration, run on the servers
//! (PostgreSQL 15, MariaDB 10.11), makes every object under the name `renamed` gives, none under
//! the file's; generating the spec again from itself (`previousSpec`) changes nothing. Pulled
//! for SQLite, nothing is renamed: the tables a spec cannot name are left out.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::generate;
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// A file with a name of each kind no spec can give, and names a rename would take.
fn file_sql() -> String {
    let long = "a".repeat(70);
    format!(
        r#"
CREATE TABLE "User" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "firstName" TEXT, "first_name" TEXT,
  "select" TEXT, "{long}" TEXT,
  CONSTRAINT "UQ_Sel" UNIQUE ("select", "first_name"),
  CONSTRAINT "CHK_Name" CHECK (length("firstName") < 100));
CREATE INDEX "IDX_User_first" ON "User" ("firstName");
CREATE TABLE "order" (id INTEGER PRIMARY KEY AUTOINCREMENT, "userId" INTEGER REFERENCES "User"(id));
CREATE INDEX "order user idx" ON "order" ("userId");
"#
    )
}

/// `pullDatabase(path, dialect)`: (spec, leftOut, renamed).
fn pull(path: &std::path::Path, dialect: &str) -> (Value, Value, Value) {
    let out: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        Some(dialect),
    ))
    .unwrap();
    assert_eq!(out["ok"], json!(true), "{out}");
    (
        out["spec"].clone(),
        out["leftOut"].clone(),
        out["renamed"].clone(),
    )
}

/// What `renamed` lists for `server`, as (kind, table, from, to).
fn expected(server: Server) -> Vec<(&'static str, String, String, String)> {
    let (user, order, long) = match server {
        Server::Postgres => ("users", "orders", "a".repeat(63)),
        Server::MariaDb => ("user", "orders", "a".repeat(64)),
    };
    let e = |kind, table: &str, from: &str, to: &str| {
        (kind, table.to_string(), from.to_string(), to.to_string())
    };
    vec![
        e("table", user, "User", user),
        e("column", user, "firstName", "first_name_2"),
        e("column", user, "select", "select_value"),
        e("column", user, &"a".repeat(70), &long),
        e("index", user, "IDX_User_first", "idx_user_first"),
        e("unique", user, "UQ_Sel", "uq_sel"),
        e("check", user, "CHK_Name", "chk_name"),
        e("table", order, "order", order),
        e("column", order, "userId", "user_id"),
        e("index", order, "order user idx", "order_user_idx"),
    ]
}

/// The names the scratch database has, as `table` for its tables and `table.name` for their
/// columns, indexes and constraints (PostgreSQL's UNIQUE constraints and MariaDB's indexes are
/// listed twice: as an index and as a constraint; a set takes them once).
fn names_in(db: &Scratch) -> std::collections::BTreeSet<String> {
    let queries: Vec<String> = match db.server {
        Server::Postgres => vec![
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'".into(),
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'".into(),
            "SELECT tablename || '.' || indexname FROM pg_indexes WHERE schemaname = 'public'".into(),
            "SELECT c.relname || '.' || k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype IN ('u', 'c')".into(),
        ],
        Server::MariaDb => {
            let s = &db.name;
            vec![
                format!("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{s}'"),
                format!("SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{s}'"),
                format!("SELECT CONCAT(TABLE_NAME, '.', INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{s}'"),
                format!("SELECT CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{s}'"),
            ]
        }
    };
    queries
        .iter()
        .flat_map(|q| {
            db.exec(&format!("{q};"))
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_rename_is_listed_exactly_and_the_servers_get_the_new_names() {
    let path = sqlite_files::database("pull-renamed", "servers", &file_sql());
    for server in [Server::Postgres, Server::MariaDb] {
        let dialect = server.database_type();
        let (spec, left_out, renamed) = pull(&path, dialect);
        let listed: Vec<(&str, String, String, String)> = renamed
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let s = |f: &str| r[f].as_str().unwrap().to_string();
                (r["kind"].as_str().unwrap(), s("table"), s("from"), s("to"))
            })
            .collect();
        assert_eq!(listed, expected(server), "{dialect}: {renamed:#}");
        // Each says why; a name taken first says that too.
        assert_eq!(
            renamed[1]["why"],
            json!("it has capital letters, and a spec's names are lowercase, and 'first_name', the name suggested first, is another of the spec's names"),
            "{dialect}"
        );
        assert_eq!(
            renamed[2]["why"],
            json!(format!("it is a reserved word in {dialect}")),
            "{dialect}"
        );
        // Renamed is not left out: nothing else of this file is.
        assert_eq!(left_out, json!([]), "{dialect}");
        // The CHECK, the index and the foreign key name the renamed columns and table.
        let user = &spec["tables"][0];
        assert_eq!(
            user["checkConstraints"][0]["expression"],
            json!("length(first_name_2) < 100"),
            "{dialect}"
        );
        let order = &spec["tables"][1];
        assert_eq!(
            order["indexes"][0]["columns"],
            json!(["user_id"]),
            "{dialect}"
        );
        assert_eq!(
            order["foreignKeys"][0]["referencedTable"], user["name"],
            "{dialect}"
        );
        // Pulled again, the same names.
        assert_eq!(pull(&path, dialect).2, renamed, "{dialect}");
        let r = generate(&spec);
        // Generating the spec from itself changes nothing: the names are the spec's own.
        let mut again = spec.clone();
        again["previousSpec"] = spec.clone();
        let same = generate(&again);
        assert!(
            same["validation"]["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["code"] == "NO_CHANGES"),
            "{dialect}: {}",
            same["upMigration"]
        );
        let Some(db) = server.scratch("pull_renamed") else {
            continue;
        };
        db.exec(r["upMigration"].as_str().unwrap());
        let names = names_in(&db);
        for (kind, table, from, to) in expected(server) {
            let (new, old) = if kind == "table" {
                (to, from)
            } else {
                (format!("{table}.{to}"), format!("{table}.{from}"))
            };
            assert!(names.contains(&new), "{dialect}: {new} not in {names:#?}");
            assert!(!names.contains(&old), "{dialect}: {old} in {names:#?}");
        }
        db.exec(r["downMigration"].as_str().unwrap());
    }
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

#[test]
fn pulled_for_sqlite_nothing_is_renamed_and_the_file_is_unchanged() {
    let path = sqlite_files::database("pull-renamed", "sqlite", &file_sql());
    let (mut spec, left_out, renamed) = pull(&path, "sqlite");
    assert_eq!(renamed, json!([]));
    // Both tables are left out whole: a spec cannot name them, and the file keeps its names.
    let whole: Vec<&str> = left_out
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["table"].is_null())
        .map(|l| l["what"].as_str().unwrap())
        .collect();
    assert_eq!(whole.len(), 2, "{left_out:#}");
    assert!(whole[0].starts_with("the table 'User' ("), "{whole:?}");
    assert!(whole[1].starts_with("the table 'order' ("), "{whole:?}");
    assert_eq!(spec["tables"], json!([]));
    spec["existingDbPath"] = json!(path.to_str().unwrap());
    let r = generate(&spec);
    assert!(
        r["validation"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "NO_CHANGES"),
        "{}",
        r["upMigration"]
    );
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}
