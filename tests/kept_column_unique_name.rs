//! A column previousSpec has and the spec leaves out is kept (without `allowDataLoss`) with
//! what is on it; where the spec gives the name of one of those to an object of its own, that
//! one is dropped, with a `CONSTRAINT_NOT_IN_SPEC` / `INDEX_NOT_IN_SPEC` warning ("… (it is
//! kept), is dropped: the spec gives its name to …"). A named UNIQUE constraint got it; the
//! UNIQUE of a column declared `unique`, whose name the database gives (PostgreSQL's
//! `{table}_{column}_key`, MySQL's the column's), got no warning and was kept, so that the
//! migration made the spec's object under a name already taken and failed (PostgreSQL:
//! relation "users_email_key" already exists; MariaDB: Duplicate key name 'email'). Now both
//! go alike, said alike. Run on the PostgreSQL 15 and MariaDB 10.11 servers
//! (tests/common/servers.rs), skipped loudly where one cannot be reached, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

/// `users (id, email, n)`, `email` unique (declared `unique`, or with `named` a UNIQUE
/// constraint of that name), or without `email` (`kept`) and an index `index` on `n`.
fn spec(db: &str, named: Option<&str>, index: Option<&str>) -> Value {
    let mut columns = vec![col("id", "INTEGER", json!({ "nullable": false }))];
    if index.is_none() {
        columns.push(col(
            "email",
            "VARCHAR",
            json!({ "length": 50, "unique": named.is_none() }),
        ));
    }
    columns.push(col("n", "INTEGER", json!({})));
    let mut users = json!({ "name": "users", "primaryKey": ["id"], "columns": columns });
    if let (Some(name), None) = (named, index) {
        users["uniqueConstraints"] = json!([{ "name": name, "columns": ["email"] }]);
    }
    if let Some(name) = index {
        users["indexes"] = json!([{ "name": name, "columns": ["n"] }]);
    }
    json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": [users] })
}

/// `users`' indexes on the server, a line each: name, column, whether unique (`t`/`f` on
/// PostgreSQL; MySQL's NON_UNIQUE `0`/`1`), tab-separated, sorted.
fn indexes(db: &servers::Scratch) -> String {
    let query = match db.server {
        Server::Postgres => "SELECT i.relname, a.attname, x.indisunique FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey) WHERE t.relname = 'users' ORDER BY 1, 2;",
        Server::MariaDb => "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY 1, 2;",
    };
    db.exec(query).replace('|', "\t")
}

#[test]
fn a_kept_column_s_unique_whose_name_the_spec_takes_goes_and_is_said_as_a_named_one() {
    for server in [Server::Postgres, Server::MariaDb] {
        let dbt = server.database_type();
        let default = if dbt == "mysql" {
            "email"
        } else {
            "users_email_key"
        };
        for named in [None, Some("uq_users_email")] {
            let name = named.unwrap_or(default);
            let previous = spec(dbt, named, None);
            let mut next = spec(dbt, None, Some(name));
            next["previousSpec"] = previous.clone();
            let g = generate(&next);
            let said: Vec<&Value> = (g["validation"]["warnings"].as_array().unwrap().iter())
                .filter(|w| w["code"] == "CONSTRAINT_NOT_IN_SPEC")
                .collect();
            assert_eq!(
                said.len(),
                1,
                "{dbt} {name}: {}",
                g["validation"]["warnings"]
            );
            assert_eq!(
                said[0]["message"],
                format!("the UNIQUE constraint '{name}' on 'email', a column previousSpec has and this spec leaves out (it is kept), is dropped: the spec gives its name to an index of its own"),
                "{dbt}"
            );
            assert_eq!(said[0]["constraint"], name, "{dbt}");
            let Some(db) = server.scratch("kept_column_unique") else {
                continue;
            };
            db.exec(generate(&previous)["upMigration"].as_str().unwrap());
            db.exec("INSERT INTO users (id, email, n) VALUES (1, 'a@x.io', 1);");
            let before = indexes(&db);
            let up = g["upMigration"].as_str().unwrap();
            db.run(up)
                .unwrap_or_else(|e| panic!("{dbt} {name}: the up migration fails: {e}\n{up}"));
            // The kept column is there, no longer unique; the spec's index has the name.
            db.exec("INSERT INTO users (id, email, n) VALUES (2, 'a@x.io', 2);");
            let after = indexes(&db);
            assert!(after.contains(&format!("{name}\tn\t")), "{dbt}: {after}");
            assert!(!after.contains("\temail\t"), "{dbt} {name}: {after}");
            db.exec("DELETE FROM users WHERE id = 2;");
            db.exec(g["downMigration"].as_str().unwrap());
            assert_eq!(
                indexes(&db),
                before,
                "{dbt} {name}: the down migration gives it back"
            );
        }
    }
}
