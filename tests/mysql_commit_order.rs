//! The order of a MySQL migration's table changes, run on MariaDB 10.11 with rows
//! (src/commit_order.rs): MySQL commits each DDL statement, so a migration the rows refuse
//! half-way keeps what ran before. The tables whose change only may refuse run first, then
//! those whose change may refuse and loses values (one `ALTER TABLE` is atomic: its refusal
//! leaves its table as it was), then the others, and those whose change loses values (rounded,
//! NULLs filled, a column dropped) last: a refusal leaves those values where they were.
//!
//! Each test runs in a scratch database of its own (`mg_rt_*`, tests/common/servers.rs),
//! dropped afterwards; a server that cannot be reached is skipped with a loud line, unless
//! CI=true.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::Server;

fn id() -> Value {
    col("id", "INTEGER", json!({ "nullable": false }))
}

fn table(name: &str, columns: Vec<Value>, extra: Value) -> Value {
    let mut columns = columns;
    columns.insert(0, id());
    let mut t = json!({ "name": name, "primaryKey": ["id"], "columns": columns });
    t.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    t
}

fn spec(tables: Vec<Value>) -> Value {
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "allowDataLoss": true, "tables": tables })
}

fn dec(scale: u32) -> Value {
    json!({ "precision": 10, "scale": scale })
}

/// previousSpec, in the spec's order: a table whose change rounds (`rounds`), one that drops
/// a column (`drops`), one whose NULLs get the new default (`fills`), one whose change both
/// rounds and narrows BIGINT to INT (`mixed`), one that gets a UNIQUE (`keyed`), one that gets a
/// column (`grows`).
fn before() -> Value {
    spec(vec![
        table("rounds", vec![col("amount", "DECIMAL", dec(2))], json!({})),
        table(
            "drops",
            vec![col("note", "VARCHAR", json!({ "length": 20 }))],
            json!({}),
        ),
        table("fills", vec![col("qty", "INTEGER", json!({}))], json!({})),
        table(
            "mixed",
            vec![
                col("amount", "DECIMAL", dec(2)),
                col("ref", "BIGINT", json!({})),
                col("note", "VARCHAR", json!({ "length": 20 })),
            ],
            json!({}),
        ),
        table("keyed", vec![col("code", "INTEGER", json!({}))], json!({})),
        table("grows", vec![], json!({})),
    ])
}

/// The spec: each table changed as [`before`] says.
fn after() -> Value {
    let mut s = spec(vec![
        table("rounds", vec![col("amount", "DECIMAL", dec(1))], json!({})),
        table("drops", vec![], json!({})),
        table(
            "fills",
            vec![col(
                "qty",
                "INTEGER",
                json!({ "nullable": false, "default": 0 }),
            )],
            json!({}),
        ),
        table(
            "mixed",
            vec![
                col("amount", "DECIMAL", dec(1)),
                col("ref", "INTEGER", json!({})),
            ],
            json!({}),
        ),
        table(
            "keyed",
            vec![col("code", "INTEGER", json!({}))],
            json!({ "uniqueConstraints": [{ "name": "uq_keyed_code", "columns": ["code"] }] }),
        ),
        table("grows", vec![col("extra", "INTEGER", json!({}))], json!({})),
    ]);
    s["previousSpec"] = before();
    s
}

/// The rows: values that the changes round, drop and fill.
const ROWS: &str = "INSERT INTO rounds (id, amount) VALUES (1, 1.04);
INSERT INTO drops (id, note) VALUES (1, 'kept');
INSERT INTO fills (id, qty) VALUES (1, NULL);
INSERT INTO mixed (id, amount, ref, note) VALUES (1, 2.04, 7, 'kept');
INSERT INTO keyed (id, code) VALUES (1, 1), (2, 2);
INSERT INTO grows (id) VALUES (1);";

/// Creates `before` on `db` and runs `rows` there; gives back the up migration of `after` (from
/// `before`), not yet run.
fn prepared(db: &servers::Scratch, (before, after): (&Value, &Value), rows: &str) -> String {
    db.exec(generate(before)["upMigration"].as_str().unwrap());
    db.exec(rows);
    generate(after)["upMigration"].as_str().unwrap().to_string()
}

/// What the rows of the tables are, and their columns, as one text to compare.
fn state(db: &servers::Scratch) -> String {
    let mut out = db.exec(
        "SELECT table_name, column_name, column_type, is_nullable FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position",
    );
    out.push_str(&db.exec(
        "SELECT table_name, index_name FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY table_name, index_name",
    ));
    for t in ["rounds", "drops", "fills", "mixed", "keyed", "grows"] {
        out.push_str(&db.exec(&format!("SELECT '{t}', t.* FROM {t} t ORDER BY id")));
    }
    out
}

/// Where `table`'s `ALTER TABLE` is in `up`.
fn at(up: &str, table: &str) -> usize {
    up.find(&format!("ALTER TABLE {table}"))
        .unwrap_or_else(|| panic!("no ALTER TABLE {table} in {up}"))
}

/// The order of the changes: refusing only (`keyed`), refusing and rounding (`mixed`), neither
/// (`grows`), then the ones that lose values (`rounds`, `drops`, `fills`, in the spec's order),
/// whatever the spec's order; and the `TYPE_NARROWING` of the narrowed column says what a
/// refusal leaves on MySQL.
#[test]
fn the_changes_that_may_refuse_run_first_and_those_that_lose_values_last() {
    let out = generate(&after());
    let up = out["upMigration"].as_str().unwrap();
    let order = ["keyed", "mixed", "grows", "rounds", "drops", "fills"].map(|t| at(up, t));
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{up}");
    let narrowing = (out["validation"]["warnings"].as_array().unwrap().iter())
        .find(|w| w["code"] == "TYPE_NARROWING" && w["column"] == "ref")
        .unwrap();
    assert_eq!(
        narrowing["message"],
        "changing 'ref' from BIGINT to INT keeps every value that fits, and a value out of INT's range refuses the migration (MySQL commits each statement: the statements before the refused one stay done, leaving the database part-migrated, which the down migration does not undo, as it is written for the whole up migration; the refused statement itself changes nothing: make the values fit, then run the up migration's first statements, which set the session (SET SESSION sql_mode …), and its statements from the refused one on)"
    );
    // The rounding alone refuses nothing: no such words.
    let rounding = (out["validation"]["warnings"].as_array().unwrap().iter())
        .find(|w| w["code"] == "TYPE_NARROWING" && w["table"] == "rounds")
        .unwrap();
    assert!(
        !rounding["message"]
            .as_str()
            .unwrap()
            .contains("MySQL commits"),
        "{rounding}"
    );
}

/// A value of `mixed` out of INT's range refuses its `ALTER TABLE` (rounding, drop and
/// narrowing in one statement), which comes after `keyed`'s change: the migration looks for
/// that value before its first change and stops there (src/mysql_rows_guard.rs), every table
/// as it was (`keyed`, which ran before it, used to keep its UNIQUE, the database part-migrated);
/// mended, the migration runs whole.
#[test]
fn a_refusal_leaves_the_tables_that_lose_values_untouched_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("commit_order") else {
        return;
    };
    let out = generate(&after());
    let up = out["upMigration"].as_str().unwrap();
    db.exec(generate(&before())["upMigration"].as_str().unwrap());
    db.exec(ROWS);
    db.exec("INSERT INTO mixed (id, amount, ref, note) VALUES (2, 3.06, 3000000000, 'x')");
    let was = state(&db);
    let error = db.run(up).unwrap_err();
    assert!(
        error.contains("ERROR 1231")
            && error.contains("the migration stopped before any change: rows refuse the change of 'ref' of 'mixed'"),
        "{error}"
    );
    // No table changed: `keyed` has no UNIQUE yet.
    assert_eq!(state(&db), was);
    // Mended (the value made to fit), the migration runs whole.
    db.exec("UPDATE mixed SET ref = 3 WHERE id = 2");
    db.exec(up);
    assert!(state(&db).contains("keyed\tuq_keyed_code\n"));
    assert_eq!(
        db.exec("SELECT amount, ref FROM mixed ORDER BY id"),
        "2.0\t7\n3.1\t3\n"
    );
    assert_eq!(db.exec("SELECT amount FROM rounds"), "1.0\n");
    assert_eq!(db.exec("SELECT qty FROM fills"), "0\n");
}

/// Rows repeating `keyed.code` refuse its UNIQUE, which runs first: no other table changes.
#[test]
fn a_refusal_of_the_first_change_leaves_every_table_as_it_was_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("commit_first") else {
        return;
    };
    let up = generate(&after())["upMigration"]
        .as_str()
        .unwrap()
        .to_string();
    db.exec(generate(&before())["upMigration"].as_str().unwrap());
    db.exec(ROWS);
    db.exec("INSERT INTO keyed (id, code) VALUES (3, 1)");
    let was = state(&db);
    let error = db.run(&up).unwrap_err();
    assert!(error.contains("Duplicate entry '1'"), "{error}");
    assert_eq!(state(&db), was);
}

/// One `ALTER TABLE` of several clauses (a column rounded, one narrowed, one dropped, one
/// added, a UNIQUE added) that a row refuses changes nothing of its table on MariaDB 10.11:
/// what the order above rests on.
#[test]
fn a_refused_alter_table_of_several_clauses_changes_nothing_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("commit_atomic") else {
        return;
    };
    db.exec("CREATE TABLE t (id INT PRIMARY KEY, amount DECIMAL(10,2), ref BIGINT, note VARCHAR(20), code INT);
INSERT INTO t VALUES (1, 1.04, 7, 'kept', 1), (2, 2.06, 3000000000, 'x', 2);");
    let was = db.exec("SHOW CREATE TABLE t") + &db.exec("SELECT * FROM t ORDER BY id");
    let error = db
        .run("SET SESSION sql_mode = 'STRICT_ALL_TABLES';
ALTER TABLE t MODIFY COLUMN amount DECIMAL(10,1), DROP COLUMN note, ADD COLUMN extra INT, ADD CONSTRAINT uq_t_code UNIQUE (code), MODIFY COLUMN ref INT;")
        .unwrap_err();
    assert!(
        error.contains("Out of range value for column 'ref'"),
        "{error}"
    );
    let is = db.exec("SHOW CREATE TABLE t") + &db.exec("SELECT * FROM t ORDER BY id");
    assert_eq!(is, was);
}

/// The up migration's statements that set the session (before the first `ALTER TABLE`), and
/// those from the one that starts with `start` on.
fn from_statement<'a>(up: &'a str, start: &str) -> (&'a str, &'a str) {
    let first = up.find("ALTER TABLE").unwrap();
    (&up[..first], &up[up.find(start).unwrap()..])
}

/// previousSpec with a table the spec leaves out (`gone`, dropped with dropTablesNotInSpec)
/// and one that gets a CHECK (`checked`); the spec, with `gone` first in previousSpec's order.
fn dropping() -> (Value, Value) {
    let before = spec(vec![
        table(
            "gone",
            vec![col("note", "VARCHAR", json!({ "length": 20 }))],
            json!({}),
        ),
        table("checked", vec![col("qty", "INTEGER", json!({}))], json!({})),
    ]);
    let mut after = spec(vec![table(
        "checked",
        vec![col("qty", "INTEGER", json!({}))],
        json!({ "checkConstraints": [{ "name": "chk_checked_qty", "expression": "qty > 0" }] }),
    )]);
    after["dropTablesNotInSpec"] = json!(true);
    after["previousSpec"] = before.clone();
    (before, after)
}

/// A row breaking the new CHECK refuses `checked`'s change: the table the migration drops runs
/// after it (it loses its values), so the refusal leaves `gone` there with its rows, and the
/// mended migration run from the refused statement on drops it.
#[test]
fn a_refusal_leaves_a_dropped_table_with_its_rows_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("commit_drop") else {
        return;
    };
    let (before, after) = dropping();
    let up = prepared(
        &db,
        (&before, &after),
        "INSERT INTO gone (id, note) VALUES (1, 'kept');
INSERT INTO checked (id, qty) VALUES (1, -1);",
    );
    let error = db.run(&up).unwrap_err();
    assert!(error.contains("chk_checked_qty"), "{error}");
    assert_eq!(db.exec("SELECT id, note FROM gone"), "1\tkept\n");
    db.exec("UPDATE checked SET qty = 1");
    let (settings, rest) = from_statement(&up, "ALTER TABLE checked");
    db.exec(&format!("{settings}\n{rest}"));
    assert_eq!(
        db.exec("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'gone'"),
        "0\n"
    );
}

/// previousSpec with `parent`, `child` (whose `parent_id` gets a foreign key to `parent`),
/// `rounds` (whose DECIMAL(10,2) is made (10,1)) and `gone` (which the spec leaves out), and the
/// spec.
fn keyed_later() -> (Value, Value) {
    let child = |extra: Value| table("child", vec![col("parent_id", "INTEGER", json!({}))], extra);
    let before = spec(vec![
        table("parent", vec![], json!({})),
        child(json!({})),
        table("rounds", vec![col("amount", "DECIMAL", dec(2))], json!({})),
        table(
            "gone",
            vec![col("note", "VARCHAR", json!({ "length": 20 }))],
            json!({}),
        ),
    ]);
    let mut after = spec(vec![
        table("parent", vec![], json!({})),
        child(json!({ "foreignKeys": [{
            "name": "fk_child_parent",
            "columns": ["parent_id"],
            "referencedTable": "parent",
            "referencedColumns": ["id"]
        }] })),
        table("rounds", vec![col("amount", "DECIMAL", dec(1))], json!({})),
    ]);
    after["dropTablesNotInSpec"] = json!(true);
    after["previousSpec"] = before.clone();
    (before, after)
}

/// A row of `child` whose `parent_id` no `parent` has refuses the new foreign key, which runs
/// before the rounding of `rounds` and the drop of `gone`: the refusal leaves both as they
/// were.
#[test]
fn a_refused_foreign_key_leaves_rounded_values_and_dropped_tables_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("commit_fk") else {
        return;
    };
    let (before, after) = keyed_later();
    let up = prepared(
        &db,
        (&before, &after),
        "INSERT INTO parent (id) VALUES (1);
INSERT INTO child (id, parent_id) VALUES (1, 99);
INSERT INTO rounds (id, amount) VALUES (1, 1.04);
INSERT INTO gone (id, note) VALUES (1, 'kept');",
    );
    let error = db.run(&up).unwrap_err();
    assert!(error.contains("fk_child_parent"), "{error}\n{up}");
    assert_eq!(db.exec("SELECT amount FROM rounds"), "1.04\n", "{up}");
    assert_eq!(db.exec("SELECT id, note FROM gone"), "1\tkept\n");
    // Mended, the migration runs from the refused statement on.
    db.exec("UPDATE child SET parent_id = 1");
    let (settings, rest) = from_statement(&up, "ALTER TABLE child");
    db.exec(&format!("{settings}\n{rest}"));
    assert_eq!(db.exec("SELECT amount FROM rounds"), "1.0\n");
}

/// previousSpec with `users`, `posts` (whose `user_id` references `users`) and `tags`; the spec
/// renames `posts` to `articles` (its foreign key renamed with it: dropped and added again) and
/// gives `tags` a UNIQUE over `name`.
fn renamed_with_key() -> (Value, Value) {
    let posts = |name: &str, extra: Value| {
        let mut t = table(
            name,
            vec![col("user_id", "INTEGER", json!({}))],
            json!({ "foreignKeys": [{
                "columns": ["user_id"],
                "referencedTable": "users",
                "referencedColumns": ["id"]
            }] }),
        );
        t.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        t
    };
    let tags = |extra: Value| {
        table(
            "tags",
            vec![col("name", "VARCHAR", json!({ "length": 50 }))],
            extra,
        )
    };
    let before = spec(vec![
        table("users", vec![], json!({})),
        posts("posts", json!({})),
        tags(json!({})),
    ]);
    let mut after = spec(vec![
        table("users", vec![], json!({})),
        posts("articles", json!({ "renamedFrom": "posts" })),
        tags(json!({ "uniqueConstraints": [{ "name": "uq_tags_name", "columns": ["name"] }] })),
    ]);
    after["previousSpec"] = before.clone();
    (before, after)
}

/// The foreign keys of the database's tables (table, key, referenced table), one a line.
fn foreign_keys(db: &servers::Scratch) -> String {
    db.exec("SELECT table_name, constraint_name, referenced_table_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() ORDER BY table_name, constraint_name")
}

/// Two tags named 'bug' refuse the new UNIQUE of `tags`, which runs before the rename of
/// `posts`: its foreign key is dropped in the rename's statement, not in one of its own before
/// the refusal, so `posts` keeps it and its rows; mended, the migration run from the refused
/// statement on renames it, with its key, and the down migration renames it back.
#[test]
fn a_refusal_leaves_a_renamed_table_its_foreign_key_on_mariadb() {
    let Some(db) = Server::MariaDb.scratch("commit_rename_fk") else {
        return;
    };
    let (before, after) = renamed_with_key();
    let up = prepared(
        &db,
        (&before, &after),
        "INSERT INTO users (id) VALUES (1);
INSERT INTO posts (id, user_id) VALUES (1, 1);
INSERT INTO tags (id, name) VALUES (1, 'bug'), (2, 'bug');",
    );
    let keys = foreign_keys(&db);
    assert_eq!(keys, "posts\tfk_posts_user_id\tusers\n");
    let error = db.run(&up).unwrap_err();
    assert!(error.contains("Duplicate entry 'bug'"), "{error}\n{up}");
    assert_eq!(foreign_keys(&db), keys, "{up}");
    assert_eq!(db.exec("SELECT id, user_id FROM posts"), "1\t1\n");
    // Mended, the migration runs from the refused statement on.
    db.exec("UPDATE tags SET name = 'bugs' WHERE id = 2");
    let (settings, rest) = from_statement(&up, "ALTER TABLE tags");
    db.exec(&format!("{settings}\n{rest}"));
    assert_eq!(foreign_keys(&db), "articles\tfk_articles_user_id\tusers\n");
    assert_eq!(db.exec("SELECT id, user_id FROM articles"), "1\t1\n");
    // The down migration gives `posts` its key back.
    db.exec(generate(&after)["downMigration"].as_str().unwrap());
    assert_eq!(foreign_keys(&db), keys);
}
