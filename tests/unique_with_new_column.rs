//! A UNIQUE that a migration from `previousSpec` adds over a column it adds and one the table
//! had (a user trial's `tags` getting `kind VARCHAR(20) NOT NULL DEFAULT 'topic'` and
//! `UNIQUE (kind, name)`): every existing row gets 'topic', so rows that repeat a name refuse
//! it. `ROWS_REFUSE_CHANGE` says so with a query over the old column; run on the real engines
//! (SQLite in memory, PostgreSQL 15 and MariaDB 10.11 scratch databases, see
//! tests/common/servers.rs), the query finds the repeated rows and the up migration fails on
//! them, and runs where no name repeats. A new column that holds NULL in those rows keeps them
//! apart (the three engines take NULLs in a UNIQUE as distinct): no warning, and the up runs on
//! repeated names. One whose default is computed then is said as not knowable.
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::generate;
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// The change of `tags (id, name VARCHAR(50))` on `db` to one with `kind` added and
/// `UNIQUE (kind, name)`.
fn change(db: &str, kind: Value) -> Value {
    let spec = |tables: Value| json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": tables });
    let id = json!({ "name": "id", "type": "INTEGER", "nullable": false });
    let name = json!({ "name": "name", "type": "VARCHAR", "length": 50, "nullable": true });
    let before = json!({ "name": "tags", "primaryKey": ["id"], "columns": [id, name] });
    let now = json!({ "name": "tags", "primaryKey": ["id"], "columns": [id, name, kind],
        "uniqueConstraints": [{ "name": "uq_tags_kind_name", "columns": ["kind", "name"] }] });
    let mut s = spec(json!([now]));
    s["previousSpec"] = spec(json!([before]));
    s
}

/// The `ROWS_REFUSE_CHANGE` warnings of a generation, as (message, suggestion).
fn refusals(generated: &Value) -> Vec<(String, String)> {
    (generated["validation"]["warnings"]
        .as_array()
        .unwrap()
        .iter())
    .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE")
    .map(|w| {
        let text = |k: &str| w[k].as_str().unwrap_or_default().to_string();
        (text("message"), text("suggestion"))
    })
    .collect()
}

/// A database to run SQL on: a server's scratch database, or SQLite in memory.
enum Db {
    Server(Scratch),
    Sqlite(rusqlite::Connection),
}

impl Db {
    /// A fresh one for `db` (`None`: the server cannot be reached).
    fn fresh(db: &str, what: &str) -> Option<Db> {
        Some(match db {
            "postgresql" => Db::Server(Server::Postgres.scratch(what)?),
            "mysql" => Db::Server(Server::MariaDb.scratch(what)?),
            _ => Db::Sqlite(migration_generator::sqlite_memory::open_in_memory().unwrap()),
        })
    }

    /// Runs `sql` (PostgreSQL: in one transaction, as a runner does): the engine's error.
    fn run(&self, sql: &str) -> Result<(), String> {
        match self {
            Db::Server(s) if s.server == Server::Postgres => {
                s.run(&format!("BEGIN;\n{sql}\nCOMMIT;")).map(|_| ())
            }
            Db::Server(s) => s.run(sql).map(|_| ()),
            Db::Sqlite(c) => c.execute_batch(sql).map_err(|e| e.to_string()),
        }
    }

    /// The rows `query` finds.
    fn rows(&self, query: &str) -> usize {
        match self {
            Db::Server(s) => s.rows(query),
            Db::Sqlite(c) => {
                let mut statement = c.prepare(query).unwrap_or_else(|e| panic!("{e}: {query}"));
                let mut rows = statement.query([]).unwrap();
                let mut n = 0;
                while rows.next().unwrap().is_some() {
                    n += 1;
                }
                n
            }
        }
    }
}

const DATABASES: [&str; 3] = ["sqlite", "postgresql", "mysql"];

/// `db` (a scratch database named after `what`, one per test: a name two tests share is dropped
/// under the other) made by previousSpec's up migration with `rows` inserted, then `up` run:
/// its result, and the rows `query` found before it (`None`: the server cannot be reached).
fn try_up(
    (db, what): (&str, &str),
    change: &Value,
    rows: &str,
    query: Option<&str>,
) -> Option<(usize, Result<(), String>)> {
    let d = Db::fresh(db, what)?;
    let before = generate(&change["previousSpec"]);
    d.run(before["upMigration"].as_str().unwrap()).unwrap();
    d.run(rows).unwrap();
    let found = query.map_or(0, |q| d.rows(q));
    Some((
        found,
        d.run(generate(change)["upMigration"].as_str().unwrap()),
    ))
}

const REPEATED: &str = "INSERT INTO tags (id, name) VALUES (1, 'a'), (2, 'a'), (3, 'b');";
const APART: &str = "INSERT INTO tags (id, name) VALUES (1, 'a'), (2, 'b'), (3, NULL), (4, NULL);";

/// A constant default: said, with a query over `name` alone that finds the repeated name; the
/// up fails on it and runs where names are apart.
#[test]
fn a_unique_over_a_new_column_with_a_constant_default_and_an_old_one_is_said() {
    for db in DATABASES {
        let kind = json!({ "name": "kind", "type": "VARCHAR", "length": 20, "nullable": false, "default": "topic" });
        let change = change(db, kind);
        let said = refusals(&generate(&change));
        assert_eq!(said.len(), 1, "{db}: {said:?}");
        let (message, suggestion) = &said[0];
        assert!(
            message.starts_with("adding UNIQUE (kind, name) to 'tags': the new column 'kind' holds the same value in every existing row ('kind' gets 'topic'), so existing rows that repeat values in (name) make this migration fail"),
            "{db}: {message}"
        );
        let query = &suggestion[suggestion.find("SELECT ").expect(suggestion)..];
        assert!(!query.contains("kind"), "{db}: {query}");
        let Some((found, up)) = try_up((db, "uq_new_same"), &change, REPEATED, Some(query)) else {
            continue;
        };
        assert_eq!(found, 1, "{db}: {query}");
        let error = up.expect_err(db);
        assert!(
            error.contains("uq_tags_kind_name")
                || error.contains("UNIQUE")
                || error.contains("Duplicate"),
            "{db}: {error}"
        );
        let (found, up) = try_up((db, "uq_new_same"), &change, APART, Some(query)).unwrap();
        assert_eq!(found, 0, "{db}");
        up.unwrap_or_else(|e| panic!("{db}: {e}"));
    }
}

/// A nullable column with no default holds NULL in every existing row, which a UNIQUE on each
/// engine takes as distinct: not said, and the up runs on repeated names.
#[test]
fn a_unique_over_a_new_null_column_and_an_old_one_is_not_said() {
    for db in DATABASES {
        let kind = json!({ "name": "kind", "type": "VARCHAR", "length": 20, "nullable": true });
        let change = change(db, kind);
        assert_eq!(refusals(&generate(&change)), [], "{db}");
        let Some((_, up)) = try_up((db, "uq_new_null"), &change, REPEATED, None) else {
            continue;
        };
        up.unwrap_or_else(|e| panic!("{db}: {e}"));
    }
}

/// A default computed by the migration (`CURRENT_TIMESTAMP`) may give the rows one value:
/// said as what cannot be known, with the query over the old column.
#[test]
fn a_unique_over_a_new_column_with_a_computed_default_and_an_old_one_is_said_unknown() {
    for db in DATABASES {
        let kind = json!({ "name": "kind", "type": "TIMESTAMP", "nullable": false, "default": "CURRENT_TIMESTAMP" });
        let said = refusals(&generate(&change(db, kind)));
        assert_eq!(said.len(), 1, "{db}: {said:?}");
        let (message, suggestion) = &said[0];
        assert!(
            message.contains(
                "the new column 'kind' holds in the existing rows what the migration computes then"
            ) && message.contains("which cannot be known before it runs"),
            "{db}: {message}"
        );
        assert!(
            [
                "SELECT name, COUNT(*)",
                "SELECT `name`, COUNT(*)",
                "SELECT \"name\", COUNT(*)"
            ]
            .iter()
            .any(|q| suggestion.contains(q)),
            "{db}: {suggestion}"
        );
    }
}
