//! MySQL's JSON made the spec's TEXT. A user trial was told the change "can lose values that do
//! not convert" (an error without `allowDataLoss`), and asked why: a TEXT holds at most 65,535
//! bytes, which a JSON value can pass. But the spec's TEXT is MySQL's LONGTEXT (README's type
//! table), up to 4 GB: the change keeps every value, and is now a widening, with a
//! `TYPE_NARROWING` warning that says what does change (text from then on, no JSON check on
//! MariaDB, compared by the table's collation, read as text by mysql2) and why nothing is lost.
//! Here, on MariaDB 10.11 (tests/common/servers.rs, skipped loudly where it cannot be reached,
//! unless CI=true), a JSON value of 70,004 bytes, which `LENGTH(doc) > 65535` finds, goes through
//! the generated migration whole, and a TEXT of 65,535 bytes would refuse it (1406, strict mode).
//! A JSON column made a VARCHAR, or the TEXT in a key (VARCHAR(255)), is refused where a value is
//! longer: its warning gives the query that finds those rows, which is run too.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate, generated};
use serde_json::{json, Value};
use servers::Server;

/// `t (id, doc)`, `doc` of type `ty` (`length` for a VARCHAR).
fn spec(ty: &str, length: Option<u32>) -> Value {
    let doc = match length {
        Some(n) => col("doc", ty, json!({ "length": n })),
        None => col("doc", ty, json!({})),
    };
    json!({ "description": "s", "databaseType": "mysql", "timestamps": false, "tables": [
        { "name": "t", "primaryKey": ["id"], "columns": [
            col("id", "INTEGER", json!({ "nullable": false })), doc ] }] })
}

/// `spec(to)` with `spec(JSON)` as its previousSpec.
fn from_json(to: Value, allow_data_loss: bool) -> Value {
    let mut next = to;
    next["previousSpec"] = spec("JSON", None);
    next["allowDataLoss"] = json!(allow_data_loss);
    next
}

/// The `TYPE_NARROWING` issues of `g` (errors and warnings).
fn narrowing(g: &Value) -> Vec<&Value> {
    let v = &g["validation"];
    (v["errors"].as_array().unwrap().iter())
        .chain(v["warnings"].as_array().unwrap())
        .filter(|w| w["code"] == "TYPE_NARROWING")
        .collect()
}

/// A JSON array holding one string of 70,000 `x`: 70,004 bytes of text.
const LONG: &str = "CONCAT('[\"', REPEAT('x', 70000), '\"]')";

#[test]
fn json_made_text_keeps_a_value_longer_than_a_text_holds() {
    let g = generate(&from_json(spec("TEXT", None), false));
    let said = narrowing(&g);
    assert_eq!(said.len(), 1, "{said:?}");
    let w = said[0];
    assert_eq!(w["type"], "warning");
    let m = w["message"].as_str().unwrap();
    assert!(
        m.starts_with("changing 'doc' from JSON to LONGTEXT keeps every value and refuses none, but the values are text from then on: text that is no JSON is taken (MariaDB's JSON_VALID check goes)"),
        "{m}"
    );
    assert!(m.contains("the spec's TEXT is LONGTEXT on MySQL, up to 4 GB, which holds any JSON value; a TEXT, at most 65,535 bytes, would refuse a longer one"), "{m}");
    assert!(!m.contains("can lose values"), "{m}");
    let up = g["upMigration"].as_str().unwrap();
    assert!(up.contains("MODIFY COLUMN doc LONGTEXT"), "{up}");

    let Some(db) = Server::MariaDb.scratch("json_text") else {
        return;
    };
    db.exec(
        generate(&spec("JSON", None))["upMigration"]
            .as_str()
            .unwrap(),
    );
    db.exec(&format!(
        "INSERT INTO t VALUES (1, {LONG}), (2, '{{\"a\": 1}}');"
    ));
    assert_eq!(
        db.exec("SELECT id FROM t WHERE LENGTH(doc) > 65535;")
            .trim(),
        "1"
    );
    // A TEXT (65,535 bytes) refuses it in strict mode: what LONGTEXT is for.
    db.exec("CREATE TABLE t_text AS SELECT * FROM t;");
    let e = (db
        .run("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'; ALTER TABLE t_text MODIFY doc TEXT;"))
    .expect_err("a TEXT refuses 70,004 bytes");
    assert!(e.contains("1406"), "{e}");
    db.exec(up);
    assert_eq!(
        db.exec("SELECT id, LENGTH(doc) FROM t ORDER BY id;").trim(),
        "1\t70004\n2\t8"
    );
    assert_eq!(
        db.exec(&format!(
            "SELECT count(*) FROM t WHERE id = 1 AND doc = {LONG};"
        ))
        .trim(),
        "1"
    );
    // The down migration makes it JSON again, every value being JSON still.
    db.exec(g["downMigration"].as_str().unwrap());
    assert_eq!(
        db.exec("SELECT id, LENGTH(doc) FROM t ORDER BY id;").trim(),
        "1\t70004\n2\t8"
    );
}

#[test]
fn json_made_short_text_gives_the_query_of_the_rows_it_refuses() {
    // Without allowDataLoss: an error that says what refuses.
    let refused = generated(&from_json(spec("VARCHAR", Some(100)), false));
    let said = narrowing(&refused);
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0]["type"], "error");
    let m = said[0]["message"].as_str().unwrap();
    assert!(
        m.starts_with("changing 'doc' from JSON to VARCHAR(100) refuses the migration if a value's JSON text is longer than VARCHAR(100)'s 100 characters"),
        "{m}"
    );
    let g = generate(&from_json(spec("VARCHAR", Some(100)), true));
    let said = narrowing(&g);
    let s = said[0]["suggestion"].as_str().unwrap();
    let (_, after) = s
        .split_once("find those rows with: ")
        .unwrap_or_else(|| panic!("{s}"));
    let query = after.split_once(", and shorten").unwrap().0;
    assert_eq!(query, "SELECT * FROM t WHERE CHAR_LENGTH(doc) > 100");

    let Some(db) = Server::MariaDb.scratch("json_varchar") else {
        return;
    };
    db.exec(
        generate(&spec("JSON", None))["upMigration"]
            .as_str()
            .unwrap(),
    );
    db.exec(&format!(
        "INSERT INTO t VALUES (1, {LONG}), (2, '{{\"a\": 1}}');"
    ));
    let ids = db.exec(&format!("SELECT id FROM ({query}) AS x ORDER BY id;"));
    assert_eq!(ids.trim(), "1");
    let up = g["upMigration"].as_str().unwrap();
    let e = db
        .run(up)
        .expect_err("the long value refuses the migration");
    assert!(e.contains("1406"), "{e}");
    db.exec("DELETE FROM t WHERE id = 1;");
    db.run(up)
        .unwrap_or_else(|e| panic!("the up migration fails once the rows fit: {e}"));
    assert_eq!(db.exec("SELECT doc FROM t;").trim(), "{\"a\": 1}");
}
