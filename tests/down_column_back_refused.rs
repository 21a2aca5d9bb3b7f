//! A column the up migration drops (`allowDataLoss`) that the down migration adds back with one
//! value in every row, under rules of the old table that this value breaks, run on the servers
//! (PostgreSQL 15 and MariaDB 10.11 scratch databases, see tests/common/servers.rs). A user
//! trial's `memberships.org_id` (BIGINT NOT NULL, no default) was in a foreign key to `orgs`
//! and in `UNIQUE (user_id, org_id)`: its down migration failed on the UNIQUE first
//! (PostgreSQL: `(1, 0) is duplicated`; MariaDB: 1062 `Duplicate entry '1-0'`), while the
//! `DOWN_DATA_LOSS` warning named the foreign key only and, on MySQL, said the column stayed
//! added. Here the warning names both, the down migration fails as it says, and what each
//! engine is left with is what it says: nothing on PostgreSQL (one transaction); on MariaDB,
//! no column when the UNIQUE fails (one ALTER TABLE adds both), the column when only the
//! foreign key does (a statement of its own, after the column's). A CHECK on the column that
//! refuses the one value goes in the column's ALTER TABLE too: on MariaDB it leaves no column
//! (ERROR 4025), where the warning said the column stayed added and named only the foreign key.
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generate;
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// `orgs`, `users` and `memberships` on `db`; `memberships` with `org_id` (a foreign key to
/// `orgs`, and with `unique` `UNIQUE (user_id, org_id)`, with `check` that CHECK
/// `chk_memberships_org`) or without it.
fn tables(db: &str, org_id: bool, unique: bool, check: Option<&str>) -> Value {
    let id = json!({ "name": "id", "type": "BIGINT", "nullable": false, "autoIncrement": true });
    let user_id = json!({ "name": "user_id", "type": "BIGINT", "nullable": false });
    let to = |column: &str, table: &str| json!({ "columns": [column], "referencedTable": table, "referencedColumns": ["id"] });
    let mut memberships = json!({ "name": "memberships", "columns": [id, user_id],
        "foreignKeys": [to("user_id", "users")] });
    if org_id {
        memberships["columns"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "org_id", "type": "BIGINT", "nullable": false }));
        memberships["foreignKeys"]
            .as_array_mut()
            .unwrap()
            .push(to("org_id", "orgs"));
        if unique {
            memberships["uniqueConstraints"] =
                json!([{ "name": "uq_memberships_user_org", "columns": ["user_id", "org_id"] }]);
        }
        if let Some(expression) = check {
            memberships["checkConstraints"] =
                json!([{ "name": "chk_memberships_org", "expression": expression }]);
        }
    }
    json!({ "description": "m", "databaseType": db, "timestamps": false, "tables": [
        { "name": "orgs", "columns": [id] },
        { "name": "users", "columns": [id] },
        memberships,
    ] })
}

/// Runs `sql` on `s` (PostgreSQL: in one transaction, as a runner does): the engine's error.
fn run(s: &Scratch, sql: &str) -> Result<String, String> {
    match s.server {
        Server::Postgres => s.run(&format!("BEGIN;\n{sql}\nCOMMIT;")),
        Server::MariaDb => s.run(sql),
    }
}

/// Whether `memberships` of `s` has the column `org_id`.
fn has_org_id(s: &Scratch) -> bool {
    let schema = match s.server {
        Server::Postgres => "'public'".to_string(),
        Server::MariaDb => format!("'{}'", s.name),
    };
    s.rows(&format!("SELECT 1 FROM information_schema.columns WHERE table_schema = {schema} AND table_name = 'memberships' AND column_name = 'org_id'")) == 1
}

/// On `server`: the tables made with `org_id` (and the UNIQUE with `unique`, the CHECK
/// `check`), rows in which user 1 is in two orgs, the up migration dropping `org_id`; gives the
/// scratch database, the `DOWN_DATA_LOSS` warning on `org_id` that is not about column order,
/// and the down migration.
fn dropped(server: Server, unique: bool, check: Option<&str>) -> Option<(Scratch, String, String)> {
    dropped_with(server, unique, check, &[1, 2])
}

/// [`dropped`], the rows' users being `users` (each in org 1; the first in org 2 too).
fn dropped_with(
    server: Server,
    unique: bool,
    check: Option<&str>,
    users: &[u32],
) -> Option<(Scratch, String, String)> {
    let db = server.database_type();
    let what = format!("{unique}_{}_{}", check.is_some(), users[0]);
    let s = server.scratch(&format!("down_back_refused_{what}"))?;
    let before = tables(db, true, unique, check);
    run(&s, generate(&before)["upMigration"].as_str().unwrap()).unwrap();
    let ids =
        |f: &dyn Fn(u32) -> String| users.iter().map(|&u| f(u)).collect::<Vec<_>>().join(", ");
    run(&s, &format!("INSERT INTO orgs (id) VALUES (1), (2); INSERT INTO users (id) VALUES {};\nINSERT INTO memberships (user_id, org_id) VALUES {}, ({}, 2);", ids(&|u| format!("({u})")), ids(&|u| format!("({u}, 1)")), users[0])).unwrap();
    let mut spec = tables(db, false, false, None);
    spec["previousSpec"] = before;
    spec["allowDataLoss"] = json!(true);
    let result = generate(&spec);
    let warning = (result["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "DOWN_DATA_LOSS" && w["column"] == "org_id")
        .map(|w| w["message"].as_str().unwrap().to_string())
        .filter(|m| !m.contains("at the end of"))
        .collect::<Vec<_>>();
    assert_eq!(warning.len(), 1, "{db}: {warning:?}");
    run(&s, result["upMigration"].as_str().unwrap()).unwrap();
    assert!(!has_org_id(&s), "{db}");
    let down = result["downMigration"].as_str().unwrap().to_string();
    Some((s, warning[0].clone(), down))
}

#[test]
fn the_unique_that_fails_first_is_named_and_what_is_left_is_said_per_engine() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some((s, warning, down)) = dropped(server, true, None) else {
            continue;
        };
        assert!(warning.contains("and the UNIQUE on (user_id, org_id) back, which any two rows that repeat values in (user_id) make fail"), "{server:?}: {warning}");
        assert!(
            warning.contains("and its foreign key to 'orgs' back"),
            "{server:?}: {warning}"
        );
        let error = run(&s, &down).unwrap_err();
        match server {
            Server::Postgres => {
                assert!(
                    error.contains("could not create unique index \"uq_memberships_user_org\""),
                    "{error}"
                );
                assert!(warning.contains("nothing of it is left"), "{warning}");
            }
            Server::MariaDb => {
                assert!(
                    error.contains("1062") && error.contains("uq_memberships_user_org"),
                    "{error}"
                );
                assert!(
                    warning.ends_with(
                        ": the column is not added, as one ALTER TABLE adds it with the UNIQUE"
                    ),
                    "{warning}"
                );
                assert!(!warning.contains("leaving the column added"), "{warning}");
            }
        }
        // What the warning says is left: no `org_id` on either engine.
        assert!(!has_org_id(&s), "{server:?}");
    }
}

#[test]
fn a_foreign_key_alone_leaves_the_column_added_on_mariadb_and_nothing_on_postgresql() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some((s, warning, down)) = dropped(server, false, None) else {
            continue;
        };
        assert!(!warning.contains("UNIQUE"), "{server:?}: {warning}");
        let error = run(&s, &down).unwrap_err();
        match server {
            Server::Postgres => {
                assert!(error.contains("fk_memberships_org_id"), "{error}");
                assert!(warning.contains("nothing of it is left"), "{warning}");
                assert!(!has_org_id(&s));
            }
            Server::MariaDb => {
                assert!(error.contains("1452"), "{error}");
                assert!(
                    warning
                        .ends_with(", leaving the column added, as MySQL commits each statement"),
                    "{warning}"
                );
                assert!(has_org_id(&s));
            }
        }
    }
}

/// `org_id` under its foreign key and `CHECK (org_id > 0)`, which the down migration's 0 fails:
/// on MariaDB the CHECK goes in the ALTER TABLE that adds the column, which fails whole (ERROR
/// 4025), so no column is left, and the warning names the CHECK and says so (it said the column
/// stayed added, naming only the foreign key); on PostgreSQL nothing is left.
#[test]
fn a_check_that_refuses_the_column_back_is_named_and_leaves_no_column_on_mariadb() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some((s, warning, down)) = dropped(server, false, Some("org_id > 0")) else {
            continue;
        };
        assert!(
            warning.contains(", and its CHECK 'chk_memberships_org' (org_id > 0) back, which refuses it, and its foreign key to 'orgs' back"),
            "{server:?}: {warning}"
        );
        let error = run(&s, &down).unwrap_err();
        assert!(error.contains("chk_memberships_org"), "{server:?}: {error}");
        match server {
            Server::Postgres => assert!(warning.contains("nothing of it is left"), "{warning}"),
            Server::MariaDb => {
                assert!(error.contains("4025"), "{error}");
                assert!(
                    warning.ends_with(
                        ": the column is not added, as one ALTER TABLE adds it with the CHECK"
                    ),
                    "{warning}"
                );
                assert!(!warning.contains("leaving the column added"), "{warning}");
            }
        }
        assert!(!has_org_id(&s), "{server:?}");
    }
}

/// A CHECK that may refuse the one value (`org_id > 0 OR user_id > 5`, which reads a kept
/// column): on MariaDB, rows it refuses leave no column (it is in the column's ALTER TABLE);
/// rows it takes leave the column added when the foreign key then fails, in a statement of its
/// own. The warning says both, and both happen.
#[test]
fn a_check_that_may_refuse_says_what_either_failure_leaves_on_mariadb() {
    let check = Some("org_id > 0 OR user_id > 5");
    for (users, column_left) in [(&[1, 2], false), (&[6, 7], true)] {
        let Some((s, warning, down)) = dropped_with(Server::MariaDb, false, check, users) else {
            return;
        };
        assert!(
            warning.contains("and its CHECK 'chk_memberships_org' (org_id > 0 OR user_id > 5) back, which may refuse it, and its foreign key to 'orgs' back"),
            "{warning}"
        );
        assert!(
            warning.ends_with(": the column is not added when the CHECK refuses (one ALTER TABLE adds it with the CHECK), and stays added when only the foreign key does (a statement of its own, after the column's)"),
            "{warning}"
        );
        let error = run(&s, &down).unwrap_err();
        let code = if column_left { "1452" } else { "4025" };
        assert!(error.contains(code), "{users:?}: {error}");
        assert_eq!(has_org_id(&s), column_left, "{users:?}");
    }
}
