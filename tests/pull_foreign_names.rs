//! Pulling SQLite files whose names no spec can give as they are (a user trial): Prisma's
//! `"User"` and `"Post"` with `REFERENCES "User"("id")`, references in another case than the
//! table's (`REFERENCES user`, SQLite matches table names in any case), unquoted, bracketed,
//! names with spaces, quotes, backquotes, brackets, non-ASCII letters and past the length
//! limits, and an index named `idx "q"`.
//!
//! - Pulled for SQLite, the spec is compared with that very file: the names stay as they are,
//!   a table no spec can name is left out and the foreign keys into it are kept; generating the
//!   pulled spec against the file changes nothing (the round trip), and a change that rebuilds
//!   the table keeps the odd index names, written back quoted (nothing in them runs as SQL).
//! - Pulled for PostgreSQL or MySQL, the spec makes a new database: every table is in it, under
//!   the name validation suggests (`renamed` lists each, `leftOut` none), with every foreign key; the spec is
//!   valid, its migration runs on the servers (PostgreSQL 15, MariaDB 10.11), which then have
//!   every foreign key, and its down migration runs.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::{generate, generated};
use serde_json::{json, Value};
use servers::Server;

/// A Prisma database (as `prisma migrate` writes SQLite DDL), with tables referencing its
/// tables in every spelling SQLite takes.
const PRISMA: &str = r#"
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
CREATE TABLE "order items" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "Qty" INTEGER CHECK ("Qty" > 0 AND Qty < 1000));
CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES "Post"("id") ON DELETE CASCADE,
    user_id INTEGER REFERENCES user(id),
    editor_id INTEGER REFERENCES User,
    reviewer_id INTEGER REFERENCES [USER]([ID]),
    item_id INTEGER REFERENCES `order items`
);
"#;

/// The foreign keys of every table of the SQLite file, as `table(columns) -> parent`, the
/// names as the file declares its tables.
fn sqlite_foreign_keys(path: &std::path::Path) -> Vec<String> {
    let conn = sqlite_files::open(path);
    let mut out = Vec::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in &tables {
        let mut q = conn
            .prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")
            .unwrap();
        let rows = q
            .query_map([t], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .unwrap();
        for row in rows {
            let (from, parent) = row.unwrap();
            let parent = tables
                .iter()
                .find(|n| n.eq_ignore_ascii_case(&parent))
                .unwrap();
            out.push(format!("{t}({from}) -> {parent}"));
        }
    }
    out.sort();
    out
}

/// `pullDatabase(path, dialect)`: (spec, leftOut).
fn pull(path: &std::path::Path, dialect: &str) -> (Value, Vec<Value>) {
    let out: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        Some(dialect),
    ))
    .unwrap();
    assert_eq!(out["ok"], json!(true), "{out}");
    (
        out["spec"].clone(),
        out["leftOut"].as_array().unwrap().clone(),
    )
}

/// `pullDatabase(path, dialect).renamed`, each as `kind 'from' -> 'to'`.
fn renamed(path: &std::path::Path, dialect: &str) -> Vec<String> {
    let out: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        Some(dialect),
    ))
    .unwrap();
    out["renamed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |f: &str| r[f].as_str().unwrap().to_string();
            format!("{} '{}' -> '{}'", s("kind"), s("from"), s("to"))
        })
        .collect()
}

/// The spec's foreign keys as `table(columns) -> parent`.
fn spec_foreign_keys(spec: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for t in spec["tables"].as_array().unwrap() {
        for fk in t["foreignKeys"].as_array().into_iter().flatten() {
            out.push(format!(
                "{}({}) -> {}",
                t["name"].as_str().unwrap(),
                fk["columns"][0].as_str().unwrap(),
                fk["referencedTable"].as_str().unwrap()
            ));
        }
    }
    out.sort();
    out
}

/// The codes of a generation's warnings.
fn warning_codes(r: &Value) -> Vec<String> {
    r["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn prisma_foreign_keys_pulled_for_sqlite_are_kept_and_the_round_trip_changes_nothing() {
    let path = sqlite_files::database("pull-names", "prisma-sqlite", PRISMA);
    let (spec, left_out) = pull(&path, "sqlite");
    // The tables a spec cannot name are left out, said so; the foreign keys into them stay.
    let names: Vec<&str> = spec["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["comments"]);
    assert_eq!(
        spec_foreign_keys(&spec),
        [
            "comments(editor_id) -> User",
            "comments(item_id) -> order items",
            "comments(post_id) -> Post",
            "comments(reviewer_id) -> User",
            "comments(user_id) -> User",
        ]
    );
    assert_eq!(
        left_out.iter().filter(|l| l["table"].is_null()).count(),
        3,
        "{left_out:?}"
    );
    // The round trip: against the file it was pulled from, nothing changes.
    let mut again = spec.clone();
    again["existingDbPath"] = json!(path.to_str().unwrap());
    let r = generate(&again);
    assert!(
        warning_codes(&r).contains(&"NO_CHANGES".to_string()),
        "{}",
        r["upMigration"]
    );
    // A change to the pulled table that rebuilds it keeps every foreign key of the file.
    let before = sqlite_foreign_keys(&path);
    again["tables"][0]["checkConstraints"] =
        json!([{ "name": "chk_post", "expression": "post_id > 0" }]);
    let r = generate(&again);
    let conn = sqlite_files::open(&path);
    conn.execute_batch("INSERT INTO \"User\" (email) VALUES ('a@b.c'); INSERT INTO \"Post\" (title, authorId) VALUES ('t', 1); INSERT INTO comments (post_id, user_id) VALUES (1, 1);").unwrap();
    drop(conn);
    let up = r["upMigration"].as_str().unwrap();
    sqlite_files::open(&path).execute_batch(up).unwrap();
    assert_eq!(sqlite_foreign_keys(&path), before);
    let (pulled_after, _) = pull(&path, "sqlite");
    assert_eq!(
        pulled_after["tables"][0]["foreignKeys"],
        spec["tables"][0]["foreignKeys"]
    );
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

#[test]
fn prisma_tables_pulled_for_postgresql_and_mysql_keep_every_foreign_key_and_run_there() {
    let path = sqlite_files::database("pull-names", "prisma-servers", PRISMA);
    let in_file = sqlite_foreign_keys(&path);
    assert_eq!(in_file.len(), 6, "{in_file:?}");
    for server in [Server::Postgres, Server::MariaDb] {
        let dialect = server.database_type();
        let (spec, left_out) = pull(&path, dialect);
        let user = if server == Server::Postgres {
            "users"
        } else {
            "user"
        };
        let mut names: Vec<&str> = spec["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        let mut want = vec!["comments", "order_items", "post", user];
        want.sort_unstable();
        assert_eq!(names, want, "{dialect}");
        assert_eq!(
            spec_foreign_keys(&spec),
            [
                format!("comments(editor_id) -> {user}"),
                "comments(item_id) -> order_items".to_string(),
                "comments(post_id) -> post".to_string(),
                format!("comments(reviewer_id) -> {user}"),
                format!("comments(user_id) -> {user}"),
                format!("post(author_id) -> {user}"),
            ],
            "{dialect}"
        );
        // Each name pulled as another is in `renamed`, not in `leftOut` (the object is in the
        // spec); no table and no foreign key is left out.
        let renamed = renamed(&path, dialect);
        for one in [
            format!("table 'User' -> '{user}'"),
            "column 'authorId' -> 'author_id'".to_string(),
            "column 'createdAt' -> 'created_at'".to_string(),
            "table 'order items' -> 'order_items'".to_string(),
            "column 'Qty' -> 'qty'".to_string(),
            "index 'User_email_key' -> 'user_email_key'".to_string(),
        ] {
            assert!(
                renamed.contains(&one),
                "{dialect}: {one} not in {renamed:#?}"
            );
        }
        let said: Vec<&str> = left_out
            .iter()
            .map(|l| l["what"].as_str().unwrap())
            .collect();
        assert!(
            !said.iter().any(|w| w.contains("pulled as")),
            "{dialect}: {said:#?}"
        );
        assert!(
            !said.iter().any(|w| w.contains("left out of the spec")),
            "{dialect}: {said:#?}"
        );
        let items = spec["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "order_items")
            .unwrap();
        // The CHECK names the column as the spec does, quoted or not in the file.
        assert_eq!(
            items["checkConstraints"][0]["expression"],
            json!("qty > 0 AND qty < 1000"),
            "{dialect}"
        );
        let r = generate(&spec);
        let Some(db) = server.scratch("pull_names_prisma") else {
            continue;
        };
        db.exec(r["upMigration"].as_str().unwrap());
        let count = match server {
            Server::Postgres => "SELECT conname FROM pg_constraint WHERE contype = 'f'".to_string(),
            Server::MariaDb => format!(
                "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{}'",
                db.name
            ),
        };
        assert_eq!(db.rows(&count), in_file.len(), "{dialect}");
        db.exec(&format!(
            "INSERT INTO {user} (email) VALUES ('a@b.c'); INSERT INTO post (title, author_id) VALUES ('t', 1);"
        ));
        assert!(
            db.run("INSERT INTO post (title, author_id) VALUES ('t', 99);")
                .is_err(),
            "{dialect}: the foreign key refuses a missing author"
        );
        db.exec(r["downMigration"].as_str().unwrap());
    }
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

/// Names a spec cannot create, each a name SQLite, PostgreSQL and MySQL all take quoted: with
/// quotes, backquotes, brackets, spaces, non-ASCII letters, SQL in them, past the length limits.
fn odd_names_sql() -> String {
    let long = "x".repeat(80);
    format!(
        r#"
CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, b TEXT, c INTEGER, d TEXT,
  CONSTRAINT "uq ""x""" UNIQUE (b),
  CONSTRAINT "chk`b`" CHECK (c > 0));
CREATE INDEX "idx ""q""" ON t(a);
CREATE INDEX "idx[br]" ON t(c);
CREATE INDEX "idx é ünï" ON t(a, c);
CREATE INDEX "Idx'sq'" ON t(b, c);
CREATE INDEX "idx\back" ON t(c, a);
CREATE INDEX "x""; DROP TABLE t; --" ON t(d);
CREATE INDEX "idx_{long}" ON t(d, a);
CREATE TABLE "we""ird" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "co""l" TEXT, "tab`le" INTEGER, "[br]" TEXT, "usuário" TEXT,
  "t_id" INTEGER REFERENCES t(id));
CREATE TABLE "usuários" (id INTEGER PRIMARY KEY AUTOINCREMENT, w INTEGER REFERENCES "WE""IRD"(id));
CREATE TABLE "{long}" ("{long}" INTEGER PRIMARY KEY AUTOINCREMENT, "{long}_2" TEXT);
CREATE TABLE r (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, b TEXT);
CREATE INDEX "select" ON r(a);
CREATE INDEX "line
break" ON r(b);
"#
    )
}

#[test]
fn odd_names_pulled_for_sqlite_validate_against_the_file_and_survive_a_rebuild() {
    let path = sqlite_files::database("pull-names", "odd-sqlite", &odd_names_sql());
    let (spec, left_out) = pull(&path, "sqlite");
    // A table whose index name validation refuses even as the database has it (a reserved
    // word, a line break: written in a comment, it would end the comment) is left out whole.
    let names: Vec<&str> = spec["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    // The table and column named with 80 x's is kept: SQLite has no length limit of its own,
    // and a spec's names may be 128 bytes there (limits::MAX_IDENTIFIER_BYTES).
    assert_eq!(names, ["t".to_string(), "x".repeat(80)]);
    assert!(
        left_out.iter().any(|l| l["what"]
            .as_str()
            .unwrap()
            .starts_with("the table 'r' (its index or constraint name ")),
        "{left_out:#?}"
    );
    let mut spec = spec;
    spec["existingDbPath"] = json!(path.to_str().unwrap());
    let r = generate(&spec);
    assert!(warning_codes(&r).contains(&"NO_CHANGES".to_string()));
    let indexes = |path: &std::path::Path| -> Vec<String> {
        let conn = sqlite_files::open(path);
        let mut q = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .unwrap();
        let names = q
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        names
    };
    let before = indexes(&path);
    assert!(before.contains(&"x\"; DROP TABLE t; --".to_string()));
    // A new CHECK rebuilds the table: the odd names are written back, quoted.
    let t = spec["tables"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["name"] == "t")
        .unwrap();
    t["checkConstraints"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "chk_a", "expression": "length(a) < 100" }));
    let r = generate(&spec);
    assert!(
        r["upMigration"].as_str().unwrap().contains("_mg_old_t"),
        "{}",
        r["upMigration"]
    );
    sqlite_files::open(&path)
        .execute_batch(r["upMigration"].as_str().unwrap())
        .unwrap();
    assert_eq!(indexes(&path), before);
    let (mut after, _) = pull(&path, "sqlite");
    after["existingDbPath"] = json!(path.to_str().unwrap());
    assert!(warning_codes(&generate(&after)).contains(&"NO_CHANGES".to_string()));
    sqlite_files::open(&path)
        .execute_batch(r["downMigration"].as_str().unwrap())
        .unwrap();
    assert_eq!(indexes(&path), before);
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}

#[test]
fn odd_names_pulled_for_postgresql_and_mysql_are_valid_and_run_there() {
    let path = sqlite_files::database("pull-names", "odd-servers", &odd_names_sql());
    for server in [Server::Postgres, Server::MariaDb] {
        let dialect = server.database_type();
        let (spec, left_out) = pull(&path, dialect);
        let r = generated(&spec);
        assert_eq!(r["validation"]["errors"], json!([]), "{dialect}: {spec:#}");
        // Every table and foreign key is there; every name a spec can give.
        assert_eq!(spec["tables"].as_array().unwrap().len(), 5, "{dialect}");
        let keyword_names = &spec["tables"][4];
        assert_eq!(keyword_names["name"], json!("r"), "{dialect}");
        assert_eq!(
            keyword_names["indexes"][0]["name"],
            json!("select_value"),
            "{dialect}"
        );
        assert_eq!(
            keyword_names["indexes"][1]["name"],
            json!("line_break"),
            "{dialect}"
        );
        assert_eq!(spec_foreign_keys(&spec).len(), 2, "{dialect}");
        let t = &spec["tables"][0];
        let mut names: Vec<&str> = t["indexes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        let long = format!("idx_{}", "x".repeat(59 + usize::from(dialect == "mysql")));
        let mut want = vec![
            "idx_back",
            "idx_br",
            "idx_e_uni",
            "idx_q",
            "idx_sq",
            long.as_str(),
            "x_drop_table_t",
        ];
        want.sort_unstable();
        assert_eq!(names, want, "{dialect}");
        assert!(
            renamed(&path, dialect).contains(&"index 'idx \"q\"' -> 'idx_q'".to_string()),
            "{dialect}: {:#?}",
            renamed(&path, dialect)
        );
        assert!(
            left_out
                .iter()
                .all(|l| !l["what"].as_str().unwrap().contains("pulled as")),
            "{dialect}: {left_out:#?}"
        );
        let Some(db) = server.scratch("pull_names_odd") else {
            continue;
        };
        db.exec(r["upMigration"].as_str().unwrap());
        db.exec(r["downMigration"].as_str().unwrap());
    }
    std::fs::remove_dir_all(path.parent().unwrap()).ok();
}
