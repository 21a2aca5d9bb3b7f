//! Text made a JSON document and back. A user trial's `{"theme":"dark","theme":"light",  "b":1}`
//! in a PostgreSQL TEXT column made JSONB came back from the down migration as
//! `{"b": 1, "theme": "light"}` (a key given twice lost, the keys reordered, the whitespace
//! JSONB's), told only that the up migration "can lose values that do not convert". The down
//! migration's `DOWN_DATA_LOSS` now says what JSONB does to the text, for TEXT, VARCHAR and JSON
//! made JSONB, and its query finds the rows whose text would not come back; JSONB made TEXT and
//! back is exact (JSONB reads its own text as the same value), and TEXT made JSON keeps the text,
//! so neither says it. On MySQL the warning is MySQL's alone: MariaDB's JSON is LONGTEXT with a
//! JSON_VALID check, and keeps the text both ways, which is run here. Run on the PostgreSQL 15
//! and MariaDB 10.11 servers (tests/common/servers.rs; skipped loudly where one cannot be
//! reached, unless CI=true).

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{col, generate};
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// The trial's value, as an SQL string literal.
const DOUBLED_KEY: &str = r#"'{"theme":"dark","theme":"light",  "b":1}'"#;

/// A value whose text JSONB keeps as it is.
const PLAIN: &str = r#"'{"a": 1}'"#;

/// `s (id, settings)` for `db`, `settings` NOT NULL of type `ty` (a VARCHAR of 200).
fn spec(db: &str, ty: &str) -> Value {
    let extra = match ty {
        "VARCHAR" => json!({ "nullable": false, "length": 200 }),
        _ => json!({ "nullable": false }),
    };
    json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": [
        { "name": "s", "primaryKey": ["id"], "columns": [
            col("id", "INTEGER", json!({ "nullable": false })), col("settings", ty, extra) ] }] })
}

/// The migration of `settings` from `from` to `to` on `db` (allowDataLoss).
fn change(db: &str, from: &str, to: &str) -> Value {
    let mut next = spec(db, to);
    next["previousSpec"] = spec(db, from);
    next["allowDataLoss"] = json!(true);
    generate(&next)
}

/// The `DOWN_DATA_LOSS` warnings of `g` that speak of a JSON document's text: (message,
/// suggestion).
fn json_text_warnings(g: &Value) -> Vec<(String, String)> {
    (g["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "DOWN_DATA_LOSS")
        .filter(|w| {
            w["message"]
                .as_str()
                .unwrap()
                .contains("not the text it was")
        })
        .map(|w| {
            (
                w["message"].as_str().unwrap().to_string(),
                w["suggestion"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `s` made as `from` on `db`, with the rows 1 (the trial's value) and 2 ([`PLAIN`]).
fn table(db: &Scratch, from: &str) {
    let created = generate(&spec(db.server.database_type(), from));
    db.exec(created["upMigration"].as_str().unwrap());
    db.exec(&format!(
        "INSERT INTO s (id, settings) VALUES (1, {DOUBLED_KEY}), (2, {PLAIN});"
    ));
}

/// The text of `settings` in each row, by id.
fn texts(db: &Scratch) -> Vec<String> {
    let out = db.exec("SELECT settings FROM s ORDER BY id;");
    out.lines().map(str::to_owned).collect()
}

#[test]
fn postgres_text_or_json_made_jsonb_says_the_down_migration_gives_back_jsonb_s_text() {
    for from in ["TEXT", "VARCHAR", "JSON"] {
        let g = change("postgresql", from, "JSONB");
        let said = json_text_warnings(&g);
        assert_eq!(said.len(), 1, "{from}: {:#}", g["validation"]);
        let (m, suggestion) = &said[0];
        assert!(
            m.starts_with("the down migration changes 'settings' back from JSONB to "),
            "{m}"
        );
        assert!(
            m.contains("with JSONB's text of each value, not the text it was: of a key given twice only the last value is kept, the keys come in JSONB's order (shorter first), the whitespace is JSONB's"),
            "{m}"
        );
        assert!(
            m.ends_with(r#"'{"theme":"dark","theme":"light",  "b":1}' comes back as '{"b": 1, "theme": "light"}'"#),
            "{m}"
        );
        let Some(db) = Server::Postgres.scratch(&format!("json_back_{}", from.to_lowercase()))
        else {
            return;
        };
        table(&db, from);
        // The query finds the row whose text would not come back, and only that one.
        let query = &suggestion[suggestion.find("SELECT ").expect(suggestion)..];
        let query = query.split(" (the query").next().unwrap();
        assert_eq!(
            db.exec(&format!(
                "{} ORDER BY id;",
                query.replace("SELECT *", "SELECT id")
            ))
            .trim(),
            "1",
            "{from}: {query}"
        );
        db.exec(g["upMigration"].as_str().unwrap());
        db.exec(g["downMigration"].as_str().unwrap());
        // What the warning says, from the server: the trial's row changed, the other kept.
        assert_eq!(
            texts(&db),
            [r#"{"b": 1, "theme": "light"}"#, r#"{"a": 1}"#],
            "{from}"
        );
    }
}

#[test]
fn postgres_jsonb_made_text_and_text_made_json_say_nothing_of_the_text_and_keep_it() {
    // JSONB made TEXT and back: the text is JSONB's own, read back as the same value.
    let g = change("postgresql", "JSONB", "TEXT");
    assert!(json_text_warnings(&g).is_empty(), "{:#}", g["validation"]);
    // TEXT made JSON: JSON keeps the text as written.
    let json = change("postgresql", "TEXT", "JSON");
    assert!(
        json_text_warnings(&json).is_empty(),
        "{:#}",
        json["validation"]
    );
    let Some(db) = Server::Postgres.scratch("json_back_jsonb") else {
        return;
    };
    table(&db, "JSONB");
    let before = texts(&db);
    assert_eq!(before[0], r#"{"b": 1, "theme": "light"}"#);
    db.exec(g["upMigration"].as_str().unwrap());
    db.exec(g["downMigration"].as_str().unwrap());
    assert_eq!(texts(&db), before);
    // Values whose JSONB text differs from what was written: the same text after the round.
    db.exec(
        r#"INSERT INTO s VALUES (3, '{"b": 1.50, "a": [1e3, "x\u00e9\n", null], "aa": {"z": 1e-7}}'), (4, '[1E+2, -0, 0.0, "a\\b\"c"]');"#,
    );
    let before = texts(&db);
    db.exec(g["upMigration"].as_str().unwrap());
    db.exec(g["downMigration"].as_str().unwrap());
    assert_eq!(texts(&db), before);

    let Some(db) = Server::Postgres.scratch("json_back_json") else {
        return;
    };
    table(&db, "TEXT");
    db.exec(json["upMigration"].as_str().unwrap());
    db.exec(json["downMigration"].as_str().unwrap());
    assert_eq!(
        texts(&db),
        [r#"{"theme":"dark","theme":"light",  "b":1}"#, r#"{"a": 1}"#]
    );
}

#[test]
fn mysql_text_made_json_says_mysql_normalises_and_mariadb_keeps_the_text() {
    for from in ["TEXT", "VARCHAR"] {
        let g = change("mysql", from, "JSON");
        let said = json_text_warnings(&g);
        assert_eq!(said.len(), 1, "{from}: {:#}", g["validation"]);
        let (m, suggestion) = &said[0];
        assert!(
            m.contains("with the text the server gives of each value: on MySQL, which stores JSON as a binary document, not the text it was"),
            "{m}"
        );
        assert!(
            m.ends_with(
                "on MariaDB, whose JSON is LONGTEXT with a JSON_VALID check, the text as it was"
            ),
            "{m}"
        );
        assert!(
            suggestion.starts_with("nothing to do on MariaDB"),
            "{suggestion}"
        );
        let Some(db) = Server::MariaDb.scratch(&format!("json_back_{}", from.to_lowercase()))
        else {
            return;
        };
        table(&db, from);
        db.exec(g["upMigration"].as_str().unwrap());
        db.exec(g["downMigration"].as_str().unwrap());
        // What the warning says of MariaDB: the text as it was.
        assert_eq!(
            texts(&db),
            [r#"{"theme":"dark","theme":"light",  "b":1}"#, r#"{"a": 1}"#],
            "{from}"
        );
    }
    // JSON made text on MySQL: nothing of the text (MySQL gives its text, which it reads back
    // as the same document; MariaDB keeps the text).
    let g = change("mysql", "JSON", "TEXT");
    assert!(json_text_warnings(&g).is_empty(), "{:#}", g["validation"]);
}
