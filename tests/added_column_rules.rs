//! A column that a migration from `previousSpec` adds with a constant default gets that value in
//! every row already there, and the new rules over it are checked against those rows: run on
//! the real engines (SQLite through rusqlite, PostgreSQL 15 and MariaDB 10.11 servers through
//! `psql` and `mariadb`, each test in a scratch database of its own, see tests/common/servers.rs).
//!
//! - A new foreign key over it (`org_id INTEGER NOT NULL DEFAULT 0 REFERENCES orgs(id)`, a user
//!   trial's): the migration fails once the table has rows and the referenced table has no row
//!   of that key. `ROWS_REFUSE_CHANGE` says so, with a query that finds the rows it refuses on the
//!   database before the migration: none where the table is empty or the referenced row is
//!   there, and the migration then runs.
//! - A CHECK that refuses a number default whatever the row holds (`seats > 0` given 0) is
//!   `INVALID_DEFAULT`, on a new table and on a column a migration adds, as the string case is;
//!   each engine's CHECK refuses that value. One that reads another column too is not decided:
//!   a new column under it is a `ROWS_REFUSE_CHANGE` warning whose query finds the rows.
//!
//! A server that cannot be reached is skipped with a loud line, unless CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{generate, generated};
use serde_json::{json, Value};
use servers::{Scratch, Server};

fn spec(db: &str, tables: Value) -> Value {
    json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": tables })
}

fn id() -> Value {
    json!({ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true })
}

/// previousSpec's `orgs (id)` and `plans (id, plan)`, and the spec's with `column` added to
/// `plans` and `rules` (its foreign keys, its CHECKs).
fn change(db: &str, column: Value, rules: Value) -> Value {
    // (Not AUTO_INCREMENT: MySQL numbers a row inserted with id 0 anew.)
    let orgs = json!({ "name": "orgs", "primaryKey": ["id"], "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false } ] });
    let plan = json!({ "name": "plan", "type": "VARCHAR", "length": 10, "nullable": true });
    let before = json!({ "name": "plans", "columns": [id(), plan] });
    let mut now = before.clone();
    now["columns"].as_array_mut().unwrap().push(column);
    now.as_object_mut()
        .unwrap()
        .extend(rules.as_object().unwrap().clone());
    let mut s = spec(db, json!([orgs, now]));
    s["previousSpec"] = spec(db, json!([orgs, before]));
    s
}

/// `org_id INTEGER NOT NULL DEFAULT 0` with a foreign key to `orgs(id)`.
fn org_key(db: &str) -> Value {
    change(
        db,
        json!({ "name": "org_id", "type": "INTEGER", "nullable": false, "default": 0 }),
        json!({ "foreignKeys": [{ "columns": ["org_id"], "referencedTable": "orgs", "referencedColumns": ["id"] }] }),
    )
}

/// The `ROWS_REFUSE_CHANGE` warnings of a generation, as (column, constraint, query).
fn refusals(change: &Value) -> Vec<(String, String, String)> {
    (change["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE")
        .map(|w| {
            let s = w["suggestion"].as_str().unwrap();
            let query = &s[s.find("SELECT ").unwrap_or_else(|| panic!("{w}"))..];
            let query = query.split("; or ").next().unwrap();
            (
                w["column"].as_str().unwrap_or_default().to_string(),
                w["constraint"].as_str().unwrap_or_default().to_string(),
                query.to_string(),
            )
        })
        .collect()
}

/// The query of the one `ROWS_REFUSE_CHANGE` warning of `migration`, which must be said of
/// `column` and `constraint` (`case`: what the assertions name).
fn one_refusal(migration: &Value, (column, constraint): (&str, &str), case: &str) -> String {
    let said = refusals(migration);
    assert_eq!(said.len(), 1, "{case}: {said:?}");
    let (c, k, query) = &said[0];
    assert_eq!((c.as_str(), k.as_str()), (column, constraint), "{case}");
    query.clone()
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

    /// A fresh one for `db` made by the up migration of `change`'s previousSpec, with `rows`
    /// inserted (`None`: the server cannot be reached).
    fn with_previous(db: &str, what: &str, change: &Value, rows: &str) -> Option<Db> {
        let d = Db::fresh(db, what)?;
        d.exec(
            generate(&change["previousSpec"])["upMigration"]
                .as_str()
                .unwrap(),
        );
        d.exec(rows);
        Some(d)
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

    fn exec(&self, sql: &str) {
        self.run(sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
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

/// The user trial's change: said with a query that finds the rows the new key refuses. On a
/// table with rows and no `orgs` row 0 it finds them and the migration fails (on MariaDB with
/// nothing of it done: the column and its key are one `ALTER TABLE`); with that row, or on an
/// empty table, it finds none and the migration runs.
#[test]
fn a_new_column_with_a_default_under_a_new_foreign_key_is_said_with_a_query() {
    for db in DATABASES {
        let change = generate(&org_key(db));
        let said = refusals(&change);
        assert_eq!(said.len(), 1, "{db}: {said:?}");
        let (column, constraint, query) = &said[0];
        assert_eq!(
            (column.as_str(), constraint.as_str()),
            ("org_id", "fk_plans_org_id"),
            "{db}"
        );
        let before = generate(&org_key(db)["previousSpec"])["upMigration"]
            .as_str()
            .unwrap()
            .to_string();
        let up = change["upMigration"].as_str().unwrap();
        // Rows, and no orgs row 0: found, and the migration fails.
        let Some(d) = Db::fresh(db, "added_fk") else {
            continue;
        };
        d.exec(&before);
        d.exec("INSERT INTO orgs (id) VALUES (1); INSERT INTO plans (id, plan) VALUES (1, 'a'), (2, 'b');");
        assert_eq!(d.rows(query), 2, "{db}: {query}");
        let refused = d.run(up).unwrap_err();
        assert!(
            refused.to_lowercase().contains("foreign"),
            "{db}: {refused}"
        );
        // Nothing of it stays done (PostgreSQL's transaction, SQLite's rebuild, MariaDB's one
        // ALTER TABLE): the column is not there.
        assert!(d.run("SELECT org_id FROM plans").is_err(), "{db}");
        // The referenced row there: none found, and the migration runs.
        d.exec("INSERT INTO orgs (id) VALUES (0);");
        assert_eq!(d.rows(query), 0, "{db}: {query}");
        d.exec(up);
        assert_eq!(d.rows("SELECT * FROM plans WHERE org_id = 0"), 2, "{db}");
        drop(d);
        // An empty table: none found, and the migration runs.
        let d = Db::fresh(db, "added_fk").unwrap();
        d.exec(&before);
        d.exec("INSERT INTO orgs (id) VALUES (1);");
        assert_eq!(d.rows(query), 0, "{db}: {query}");
        d.exec(up);
    }
}

/// A key of two columns, one the table had and one added with a constant: the query reads the
/// row's own value for the one and the constant for the other, and rows whose old column is NULL
/// are not checked.
#[test]
fn a_key_over_an_added_column_and_an_old_one_reads_both() {
    for db in DATABASES {
        let orgs = json!({ "name": "orgs", "primaryKey": ["region", "code"], "columns": [
            { "name": "region", "type": "INTEGER", "nullable": false },
            { "name": "code", "type": "INTEGER", "nullable": false } ] });
        let before = json!({ "name": "plans", "columns": [id(),
            { "name": "region", "type": "INTEGER", "nullable": true }] });
        let mut now = before.clone();
        now["columns"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "code", "type": "INTEGER", "nullable": false, "default": 7 }));
        now["foreignKeys"] = json!([{ "columns": ["region", "code"], "referencedTable": "orgs", "referencedColumns": ["region", "code"] }]);
        let mut s = spec(db, json!([orgs, now]));
        s["previousSpec"] = spec(db, json!([orgs, before]));
        let change = generate(&s);
        let said = refusals(&change);
        assert_eq!(said.len(), 1, "{db}: {said:?}");
        let query = &said[0].2;
        let Some(d) = Db::fresh(db, "added_fk2") else {
            continue;
        };
        d.exec(
            generate(&s["previousSpec"])["upMigration"]
                .as_str()
                .unwrap(),
        );
        d.exec("INSERT INTO orgs (region, code) VALUES (1, 7), (2, 8); INSERT INTO plans (id, region) VALUES (1, 1), (2, 2), (3, NULL);");
        // Row 2 only: (2, 7) is no orgs key; row 3's NULL is not checked.
        assert_eq!(d.rows(query), 1, "{db}: {query}");
        let up = change["upMigration"].as_str().unwrap();
        assert!(d.run(up).is_err(), "{db}");
        d.exec("UPDATE plans SET region = 1 WHERE id = 2;");
        assert_eq!(d.rows(query), 0, "{db}: {query}");
        d.exec(up);
    }
}

/// CHECKs over a number column and defaults they refuse whatever the row holds: validation
/// says `INVALID_DEFAULT`, and each engine's CHECK refuses a row with that value.
const REFUSED: [(&str, &str); 8] = [
    ("seats > 0", "0"),
    ("seats BETWEEN 1 AND 10", "11"),
    ("seats >= 1 AND seats <= 10", "0"),
    ("seats = 1 OR seats = 2", "3"),
    ("seats <> 0", "0"),
    ("seats IN (1, 2)", "0"),
    ("NOT (seats < 1)", "-1"),
    ("(seats > 0 OR seats IS NULL) AND plan <> 'x'", "0"),
];

/// CHECKs that a default lets in, or that are not decided by it (another column read in the
/// same term), with a row that leaves the column out and that the engine takes.
const TAKEN: [(&str, &str, &str); 4] = [
    ("seats >= 0", "0", "a"),
    ("seats BETWEEN 0 AND 10 OR seats = 20", "20", "a"),
    ("seats > 0 OR plan = 'free'", "0", "free"),
    ("seats > plan_limit", "0", "a"),
];

/// `t (id, plan, plan_limit, {column} NOT NULL [DEFAULT default])` with `check` (named
/// `chk_t_{column}`): `column` is `seats` (INTEGER) or `status` (VARCHAR(10)), `default` its
/// JSON text.
fn one_check_table(db: &str, column: &str, check: &str, default: Option<&str>) -> Value {
    let mut c = match column {
        "seats" => json!({ "name": "seats", "type": "INTEGER", "nullable": false }),
        _ => json!({ "name": column, "type": "VARCHAR", "length": 10, "nullable": false }),
    };
    if let Some(d) = default {
        c["default"] = serde_json::from_str(d).unwrap();
    }
    spec(
        db,
        json!([{ "name": "t", "columns": [id(),
            { "name": "plan", "type": "VARCHAR", "length": 10, "nullable": true },
            { "name": "plan_limit", "type": "INTEGER", "nullable": true },
            c],
          "checkConstraints": [{ "name": format!("chk_t_{column}"), "expression": check }] }]),
    )
}

/// The errors of a generation, as (code, column).
fn errors(v: &Value) -> Vec<(String, String)> {
    (v["validation"]["errors"].as_array().unwrap().iter())
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_string(),
                e["column"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// On each database: each of `refused` (a CHECK over `column` of [`one_check_table`], a default
/// as JSON text) is `INVALID_DEFAULT`, and the engine's CHECK refuses a row holding that value;
/// each of `taken` (a CHECK, a default, a plan) is valid, and the engine takes a row with that
/// plan that leaves the column out.
fn defaults_on_engines(column: &str, refused: &[(&str, &str)], taken: &[(&str, &str, &str)]) {
    for db in DATABASES {
        defaults_on_engine(db, column, refused, taken);
    }
}

/// [`defaults_on_engines`] on the database `db` alone.
fn defaults_on_engine(
    db: &str,
    column: &str,
    refused: &[(&str, &str)],
    taken: &[(&str, &str, &str)],
) {
    // The default as SQL.
    let sql = |d: &str| match serde_json::from_str::<Value>(d).unwrap() {
        Value::String(s) => format!("'{s}'"),
        n => n.to_string(),
    };
    for (check, default) in refused {
        let v = generated(&one_check_table(db, column, check, Some(default)));
        assert_eq!(
            errors(&v),
            [("INVALID_DEFAULT".to_string(), column.to_string())],
            "{db} {check} {default}"
        );
        let Some(d) = Db::fresh(db, &format!("default_{column}")) else {
            continue;
        };
        d.exec(
            generate(&one_check_table(db, column, check, None))["upMigration"]
                .as_str()
                .unwrap(),
        );
        let refused = d
            .run(&format!(
                "INSERT INTO t (plan, {column}) VALUES ('a', {});",
                sql(default)
            ))
            .unwrap_err();
        assert!(
            refused.contains(&format!("chk_t_{column}")),
            "{db} {check} {default}: {refused}"
        );
    }
    for (check, default, plan) in taken {
        let v = generate(&one_check_table(db, column, check, Some(default)));
        let Some(d) = Db::fresh(db, &format!("default_{column}")) else {
            continue;
        };
        d.exec(v["upMigration"].as_str().unwrap());
        d.exec(&format!("INSERT INTO t (plan) VALUES ('{plan}');"));
        assert_eq!(
            d.rows(&format!(
                "SELECT * FROM t WHERE {column} = {}",
                sql(default)
            )),
            1,
            "{db} {check}"
        );
    }
}

#[test]
fn a_number_default_a_check_refuses_is_invalid_and_the_engines_refuse_it() {
    defaults_on_engines("seats", &REFUSED, &TAKEN);
}

/// A string default gets the number's `AND`/`OR`/`NOT` reading: a CHECK false for it whatever
/// the row holds is `INVALID_DEFAULT`, and each engine's CHECK refuses a row with that string;
/// one it passes, or that another column decides, is taken, and the engine takes the row.
#[test]
fn a_string_default_a_check_refuses_with_or_or_not_is_invalid_and_the_engines_refuse_it() {
    defaults_on_engines(
        "status",
        &[
            ("status IN ('a', 'b') OR status = 'c'", "\"x\""),
            ("NOT (status = 'x')", "\"x\""),
            ("(status = 'a' OR status IS NULL) AND plan <> 'y'", "\"x\""),
            ("status <> 'x' OR NOT (status IS NOT NULL)", "\"x\""),
            ("status IN ('done', 'todo')", "\"in_prog\""),
        ],
        &[
            ("status IN ('a', 'b') OR status = 'x'", "\"x\"", "a"),
            ("NOT (status = 'y')", "\"x\"", "a"),
            ("status = 'a' OR plan = 'free'", "\"x\"", "free"),
        ],
    );
}

/// From previousSpec, a new column whose default a new CHECK refuses whatever the row holds is
/// the same error; under a CHECK that reads another column too, the rows it refuses with the
/// default are found by the warning's query, and the migration fails on them and runs without.
#[test]
fn a_new_column_under_a_new_check_is_refused_or_said_with_a_query() {
    for db in DATABASES {
        let seats = json!({ "name": "seats", "type": "INTEGER", "nullable": false, "default": 0 });
        let check = |e: &str| json!({ "checkConstraints": [{ "name": "chk_plans_seats", "expression": e }] });
        let v = generated(&change(db, seats.clone(), check("seats > 0")));
        assert_eq!(
            errors(&v),
            [("INVALID_DEFAULT".to_string(), "seats".to_string())],
            "{db}"
        );
        let s = change(db, seats.clone(), check("seats > 0 OR plan = 'free'"));
        let migration = generate(&s);
        let query = &one_refusal(&migration, ("seats", "chk_plans_seats"), db);
        let rows = "INSERT INTO plans (id, plan) VALUES (1, 'free'), (2, 'pro'), (3, NULL);";
        let Some(d) = Db::with_previous(db, "added_check", &s, rows) else {
            continue;
        };
        // Row 2 ('pro' with 0 seats); row 3's NULL makes the CHECK unknown, which passes.
        assert_eq!(d.rows(query), 1, "{db}: {query}");
        let up = migration["upMigration"].as_str().unwrap();
        let refused = d.run(up).unwrap_err();
        assert!(refused.contains("chk_plans_seats"), "{db}: {refused}");
        d.exec("UPDATE plans SET plan = 'free' WHERE id = 2;");
        assert_eq!(d.rows(query), 0, "{db}: {query}");
        d.exec(up);
        assert_eq!(d.rows("SELECT * FROM plans WHERE seats = 0"), 3, "{db}");
        // A CHECK the default passes whatever the row holds: nothing said.
        let quiet = generate(&change(db, seats.clone(), check("seats >= 0")));
        assert_eq!(refusals(&quiet), [], "{db}");
        // Nor one that reads the new column alone (the same for every row: the default against
        // the CHECK).
        let alone = generate(&change(db, seats.clone(), check("abs(seats) >= 0")));
        assert_eq!(refusals(&alone), [], "{db}");
    }
}

/// From previousSpec, a nullable column added without a default holds NULL in every row there:
/// under a new CHECK that refuses NULL whatever the row holds (`x IS NOT NULL`), every row
/// refuses the migration; said, with a query that finds them (every row), and the engines fail
/// on a table with rows and run on an empty one. Under a CHECK that reads another column too,
/// the query finds the rows refused; one that NULL passes whatever the row holds says nothing.
#[test]
fn a_new_nullable_column_under_a_check_refusing_null_is_said_with_a_query() {
    for db in DATABASES {
        let x = json!({ "name": "x", "type": "INTEGER", "nullable": true });
        let check =
            |e: &str| json!({ "checkConstraints": [{ "name": "chk_plans_x", "expression": e }] });
        for (expression, with_rows) in [
            ("x IS NOT NULL", 3),
            ("x IS NOT NULL AND x > 0", 3),
            ("NOT (x IS NULL)", 3),
            ("x IS NOT NULL OR plan = 'free'", 2),
        ] {
            let s = change(db, x.clone(), check(expression));
            let migration = generate(&s);
            let case = format!("{db} {expression}");
            let query = &one_refusal(&migration, ("x", "chk_plans_x"), &case);
            let rows = "INSERT INTO plans (id, plan) VALUES (1, 'free'), (2, 'pro'), (3, 'team');";
            let Some(d) = Db::with_previous(db, "added_null", &s, rows) else {
                continue;
            };
            assert_eq!(d.rows(query), with_rows, "{db} {expression}: {query}");
            let up = migration["upMigration"].as_str().unwrap();
            let refused = d.run(up).unwrap_err();
            assert!(
                refused.contains("chk_plans_x"),
                "{db} {expression}: {refused}"
            );
            // Without the rows it finds: none found, and the migration runs.
            d.exec(if with_rows == 3 {
                "DELETE FROM plans;"
            } else {
                "DELETE FROM plans WHERE plan <> 'free';"
            });
            assert_eq!(d.rows(query), 0, "{db} {expression}: {query}");
            d.exec(up);
            assert_eq!(
                d.rows("SELECT * FROM plans WHERE x IS NULL"),
                3 - with_rows,
                "{db} {expression}"
            );
        }
        // NULL passes these whatever the row holds: nothing said, and the rows take it.
        for expression in ["x > 0", "x > 0 OR plan = 'free'", "x IS NULL OR x > 0"] {
            let s = change(db, x.clone(), check(expression));
            let migration = generate(&s);
            assert_eq!(refusals(&migration), [], "{db} {expression}");
            let rows = "INSERT INTO plans (id, plan) VALUES (1, 'free'), (2, 'pro');";
            let Some(d) = Db::with_previous(db, "added_null", &s, rows) else {
                continue;
            };
            d.exec(migration["upMigration"].as_str().unwrap());
        }
    }
}

/// Each database's length functions over a string: SQLite's `length`, PostgreSQL's `length`,
/// `char_length`, `character_length`, `octet_length`, MySQL's `length` (written `CHAR_LENGTH`),
/// `char_length`, `character_length`, `octet_length`.
fn length_functions(db: &str) -> &'static [&'static str] {
    match db {
        "sqlite" => &["length"],
        _ => &["length", "char_length", "character_length", "octet_length"],
    }
}

/// A string default whose length a CHECK refuses whatever the row holds (`length(label) > 5`
/// given 'abc', a `label VARCHAR(10)`: a scratch database of its own) is `INVALID_DEFAULT` with each database's length functions, and each engine's
/// CHECK refuses a row holding it; a default long enough, or a CHECK another column decides
/// for it, is valid, and the engine takes a row that leaves the column out. MySQL counts
/// characters with `char_length` and `length` ('été' is 3 long), bytes with `octet_length` (5,
/// not settled here: a non-ASCII string).
#[test]
fn a_string_default_whose_length_a_check_refuses_is_invalid_and_the_engines_refuse_it() {
    for db in DATABASES {
        for f in length_functions(db) {
            let checks = [
                format!("{f}(label) > 5"),
                format!("5 < {f}(label)"),
                format!("{f}(label) BETWEEN 1 AND 2"),
                format!("{f}(label) IN (4, 5)"),
                format!("NOT ({f}(label) <= 5)"),
                format!("{f}(label) >= 6 OR label = 'x'"),
                format!("label <> 'x' AND {f}(label) <> 3"),
            ];
            let refused: Vec<(&str, &str)> =
                checks.iter().map(|c| (c.as_str(), "\"abc\"")).collect();
            let long = format!("{f}(label) > 5");
            let other = format!("{f}(label) > 5 OR plan = 'free'");
            let taken = [
                (long.as_str(), "\"abcdefg\"", "a"),
                (other.as_str(), "\"abc\"", "free"),
            ];
            defaults_on_engine(db, "label", &refused, &taken);
        }
    }
    let chars = ["char_length(label) > 3", "length(label) > 3"];
    defaults_on_engine(
        "mysql",
        "label",
        &chars.map(|c| (c, "\"été\"")),
        &[("octet_length(label) > 4", "\"été\"", "a")],
    );
}

/// From previousSpec, a NOT NULL `name VARCHAR(20) DEFAULT 'abc'` added under a new CHECK
/// `length(name) > 5` is `INVALID_DEFAULT` (every row there would get 'abc'): the migration
/// written for it fails on a table with rows on each engine. With 'abcdefg' nothing is said and
/// the migration runs.
#[test]
fn a_new_column_whose_default_a_length_check_refuses_is_invalid_and_fails_on_rows() {
    for db in DATABASES {
        let name = |d: &str| json!({ "name": "name", "type": "VARCHAR", "length": 20, "nullable": false, "default": d });
        let check = json!({ "checkConstraints": [{ "name": "chk_plans_name", "expression": "length(name) > 5" }] });
        let v = generated(&change(db, name("abc"), check.clone()));
        assert_eq!(
            errors(&v),
            [("INVALID_DEFAULT".to_string(), "name".to_string())],
            "{db}"
        );
        let message = v["validation"]["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("the default 'abc' is refused by the table's CHECK 'chk_plans_name' (length(name) > 5)"),
            "{db}: {message}"
        );
        let long = change(db, name("abcdefg"), check.clone());
        let quiet = generate(&long);
        assert_eq!(refusals(&quiet), [], "{db}");
        let up = quiet["upMigration"].as_str().unwrap();
        let rows = "INSERT INTO plans (id, plan) VALUES (1, 'free'), (2, 'pro');";
        // The same migration with 'abc' fails on the rows.
        let Some(d) = Db::with_previous(db, "added_length", &long, rows) else {
            continue;
        };
        let short = up.replace("'abcdefg'", "'abc'");
        assert_ne!(short, up, "{db}");
        let refused = d.run(&short).unwrap_err();
        assert!(refused.contains("chk_plans_name"), "{db}: {refused}");
        d.exec(up);
        assert_eq!(
            d.rows("SELECT * FROM plans WHERE name = 'abcdefg'"),
            2,
            "{db}"
        );
    }
}
