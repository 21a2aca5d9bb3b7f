//! A MySQL column made NOT NULL with a default, its NULLs filled (`UPDATE … WHERE c IS NULL`),
//! run on MariaDB 10.11 with rows (src/dialect/mysql_fill_order.rs): the table's other changes
//! (its type, a CHECK dropped and added again, a new UNIQUE) go in the statement before the
//! fill, only `NOT NULL` after it. MySQL commits each statement: rows that refuse the change
//! then stop it with the NULLs where they were, and the down migration runs from any point.
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
use servers::{Scratch, Server};

/// `items` (`id`, `code`, `qty`) with a CHECK on `code`: as previousSpec has it (`code` and
/// `qty` nullable INTEGERs), or as the spec has it (`code` a BIGINT NOT NULL DEFAULT 7 and
/// UNIQUE, `qty` a BIGINT).
fn spec(changed: bool) -> Value {
    let (ty, code, unique) = if changed {
        (
            "BIGINT",
            json!({ "nullable": false, "default": 7 }),
            json!([{ "name": "uq_items_code", "columns": ["code"] }]),
        )
    } else {
        ("INTEGER", json!({}), json!([]))
    };
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false,
        "tables": [{ "name": "items", "primaryKey": ["id"], "columns": [
            col("id", "INTEGER", json!({ "nullable": false })),
            col("code", ty, code),
            col("qty", ty, json!({})) ],
        "uniqueConstraints": unique,
        "checkConstraints": [{ "name": "chk_items_code", "expression": "code >= 0" }] }] })
}

/// The migration from [`spec`]`(false)` to [`spec`]`(true)`: (up, down).
fn migration() -> (String, String) {
    let mut next = spec(true);
    next["previousSpec"] = spec(false);
    let out = generate(&next);
    let text = |way: &str| out[way].as_str().unwrap().to_string();
    (text("upMigration"), text("downMigration"))
}

/// A scratch database with `items` as previousSpec has it, holding `rows`.
fn prepared(what: &str, rows: &str) -> Option<Scratch> {
    let db = Server::MariaDb.scratch(what)?;
    db.exec(generate(&spec(false))["upMigration"].as_str().unwrap());
    db.exec(&format!("INSERT INTO items (id, code) VALUES {rows};"));
    Some(db)
}

/// The table's columns, indexes and CHECKs.
fn schema(db: &Scratch) -> String {
    let mut out = db.exec(
        "SELECT column_name, column_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'items' ORDER BY ordinal_position",
    );
    out.push_str(&db.exec(
        "SELECT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'items' ORDER BY index_name",
    ));
    out.push_str(&db.exec(
        "SELECT constraint_name, check_clause FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() ORDER BY constraint_name",
    ));
    out
}

/// `items`' rows as `id:code`, in id order.
fn rows(db: &Scratch) -> String {
    db.exec("SELECT concat(id, ':', ifnull(code, 'NULL')) FROM items ORDER BY id")
        .lines()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the up migration's last statement, the one that makes `code` NOT NULL, begins.
fn last_statement(up: &str) -> usize {
    up.rfind("ALTER TABLE items").unwrap()
}

/// The fill runs after the statement that changes the type, the CHECK and the UNIQUE, and only
/// NOT NULL after it; on the server the NULL gets the default, and the down migration gives
/// the table back as it was (the filled value stays: `NULLS_FILLED`).
#[test]
fn the_fill_follows_the_table_s_other_changes_and_only_not_null_follows_it_on_mariadb() {
    let (up, down) = migration();
    let fill = up
        .find("UPDATE items SET code = 7 WHERE code IS NULL;")
        .unwrap();
    assert!(
        up.find("ADD CONSTRAINT uq_items_code").unwrap() < fill,
        "{up}"
    );
    assert!(
        up.find("ADD CONSTRAINT chk_items_code").unwrap() < fill,
        "{up}"
    );
    assert!(up.find("MODIFY COLUMN qty BIGINT").unwrap() < fill, "{up}");
    assert!(
        up[last_statement(&up)..]
            .starts_with("ALTER TABLE items MODIFY COLUMN code BIGINT NOT NULL DEFAULT 7;\n"),
        "{up}"
    );
    let Some(db) = prepared("not_null_fill_ok", "(1, 1), (2, NULL), (3, 5)") else {
        return;
    };
    let before = schema(&db);
    db.exec(&up);
    assert_eq!(rows(&db), "1:1 2:7 3:5");
    assert_eq!(
        schema(&db),
        "id\tint(11)\tNO\tNULL\ncode\tbigint(20)\tNO\t7\nqty\tbigint(20)\tYES\tNULL\n\
         PRIMARY\nuq_items_code\nchk_items_code\t`code` >= 0\n"
    );
    db.exec(&down);
    assert_eq!(schema(&db), before);
    assert_eq!(rows(&db), "1:1 2:7 3:5");
}

/// Two NULLs that the one default would make repeat under the new UNIQUE (`NULLS_FILLED` says
/// it): the fill fails whole, the NULLs are still there, the CHECK too (it went and came back
/// in the statement before), and the down migration runs and gives the table back as it was.
/// (The fill used to run first: the statement after it failed, the NULLs were 7 and the CHECK
/// gone, and the down migration failed at the UNIQUE never made, ERROR 1091.)
#[test]
fn nulls_that_would_repeat_under_the_new_unique_stay_null_and_the_down_migration_runs() {
    let (up, down) = migration();
    let Some(db) = prepared("not_null_fill_repeats", "(1, 1), (2, NULL), (3, NULL)") else {
        return;
    };
    let before = schema(&db);
    let error = db.run(&up).unwrap_err();
    assert!(error.contains("Duplicate entry '7'"), "{error}");
    assert_eq!(rows(&db), "1:1 2:NULL 3:NULL");
    assert!(schema(&db).contains("chk_items_code\t`code` >= 0\n"));
    db.exec(&down);
    assert_eq!(schema(&db), before);
    assert_eq!(rows(&db), "1:1 2:NULL 3:NULL");
}

/// A NULL written between the fill and NOT NULL (an application still running) fails only the
/// last statement, which holds nothing but NOT NULL: the table has every other change, and the
/// down migration runs from there; so do the fill and the last statement again, once that row
/// holds a value.
#[test]
fn a_null_written_after_the_fill_fails_only_not_null_on_mariadb() {
    let (up, down) = migration();
    let Some(db) = prepared("not_null_fill_between", "(1, 1), (2, NULL)") else {
        return;
    };
    let before = schema(&db);
    let (head, last) = up.split_at(last_statement(&up));
    // One session, as a runner's: the statements of the up migration up to the last, a row
    // written, then the rest.
    let error = db
        .run(&format!(
            "{head}\nINSERT INTO items (id, code) VALUES (4, NULL);\n{last}"
        ))
        .unwrap_err();
    assert!(
        error.contains("Data truncated for column 'code'"),
        "{error}"
    );
    assert_eq!(rows(&db), "1:1 2:7 4:NULL");
    let part = schema(&db);
    assert!(
        part.contains("code\tbigint(20)\tYES\t7\n") && part.contains("uq_items_code\n"),
        "{part}"
    );
    db.exec(&down);
    assert_eq!(schema(&db), before);
    // Up again, with the late row given a value: the whole up migration runs.
    db.exec("UPDATE items SET code = 4 WHERE id = 4;");
    db.exec(&up);
    assert_eq!(rows(&db), "1:1 2:7 4:4");
}

/// `parents` and `items`, whose `parent_id` is nullable (previousSpec), or NOT NULL DEFAULT 7
/// with a foreign key to `parents` (the spec).
fn keyed_spec(changed: bool) -> Value {
    let parent_id = if changed {
        col(
            "parent_id",
            "INTEGER",
            json!({ "nullable": false, "default": 7 }),
        )
    } else {
        col("parent_id", "INTEGER", json!({}))
    };
    let keys = if changed {
        json!([{ "columns": ["parent_id"], "referencedTable": "parents", "referencedColumns": ["id"] }])
    } else {
        json!([])
    };
    let id = || col("id", "INTEGER", json!({ "nullable": false }));
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [
        { "name": "parents", "primaryKey": ["id"], "columns": [id()] },
        { "name": "items", "primaryKey": ["id"], "columns": [id(), parent_id],
          "foreignKeys": keys }] })
}

/// A foreign key the change adds over the filled column goes in the statement before the fill,
/// which it checks: a default no parent holds fails the fill, whole, with the NULL still
/// there, and the down migration runs. (In the last statement it failed after the fill.)
#[test]
fn a_foreign_key_over_the_filled_column_checks_the_fill_on_mariadb() {
    let mut next = keyed_spec(true);
    next["previousSpec"] = keyed_spec(false);
    let out = generate(&next);
    let (up, down) = (
        out["upMigration"].as_str().unwrap(),
        out["downMigration"].as_str().unwrap(),
    );
    let fill = up.find("UPDATE items SET parent_id = 7").unwrap();
    assert!(up.find("FOREIGN KEY (parent_id)").unwrap() < fill, "{up}");
    let Some(db) = Server::MariaDb.scratch("not_null_fill_key") else {
        return;
    };
    db.exec(
        generate(&keyed_spec(false))["upMigration"]
            .as_str()
            .unwrap(),
    );
    db.exec("INSERT INTO parents (id) VALUES (1); INSERT INTO items (id, parent_id) VALUES (1, 1), (2, NULL);");
    let before = schema_of(&db, "items");
    let error = db.run(up).unwrap_err();
    assert!(error.contains("a foreign key constraint fails"), "{error}");
    assert_eq!(
        db.exec("SELECT concat(id, ':', ifnull(parent_id, 'NULL')) FROM items ORDER BY id"),
        "1:1\n2:NULL\n"
    );
    db.exec(down);
    assert_eq!(schema_of(&db, "items"), before);
    // With the parent there, the up migration runs.
    db.exec("INSERT INTO parents (id) VALUES (7);");
    db.exec(up);
    assert_eq!(
        db.exec("SELECT concat(id, ':', parent_id) FROM items ORDER BY id"),
        "1:1\n2:7\n"
    );
}

/// `table`'s columns, indexes and foreign keys.
fn schema_of(db: &Scratch, table: &str) -> String {
    let mut out = db.exec(&format!(
        "SELECT column_name, column_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '{table}' ORDER BY ordinal_position"
    ));
    out.push_str(&db.exec(&format!(
        "SELECT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '{table}' ORDER BY index_name"
    )));
    out.push_str(&db.exec(&format!(
        "SELECT constraint_name FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() AND table_name = '{table}' ORDER BY constraint_name"
    )));
    out
}
