//! The words of a user trial's type changes, each tried on the engine it speaks of: text made a
//! number, whose text the down migration does not give back (PostgreSQL 15, MariaDB 10.11: a
//! `DOWN_DATA_LOSS` whose query finds exactly the rows that lose theirs, and fails on none);
//! a DECIMAL made one of fewer decimals, whose rounding takes a value in range out of it
//! (9999999.995 made DECIMAL(9,2) is 10000000.00, which refuses the migration: the warning
//! says so, and its query finds those rows); PostgreSQL's CHAR made longer, read padded to the
//! new length from the up migration on; SQLite's file whose DECIMAL is made VARCHAR, told one
//! thing once.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::{generate, items_with_code};
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// The spec of `items` (`id`, and `code` as `code`).
fn spec(server: Server, code: Value) -> Value {
    items_with_code(server.database_type(), code)
}

/// The migration from `from` to `to` (allowDataLoss).
fn change(server: Server, from: &Value, to: &Value) -> Value {
    let mut v = spec(server, to.clone());
    v["previousSpec"] = spec(server, from.clone());
    v["allowDataLoss"] = json!(true);
    generate(&v)
}

/// The warnings of `code`: (message, suggestion).
fn warnings(v: &Value, code: &str) -> Vec<(String, String)> {
    (v["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == code)
        .map(|w| {
            (
                w["message"].as_str().unwrap().to_string(),
                w["suggestion"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The query a suggestion ends with (from its `SELECT`).
fn query(suggestion: &str) -> String {
    let at = suggestion.find("SELECT ").expect(suggestion);
    suggestion[at..].to_string()
}

/// The ids the query gives, in order.
fn ids(db: &Scratch, query: &str) -> Vec<i64> {
    let out = db.exec(&format!(
        "{} ORDER BY id;",
        query.replace("SELECT *", "SELECT id")
    ));
    out.lines().map(|l| l.trim().parse().unwrap()).collect()
}

/// Each row's `code` as text, by id.
fn texts(db: &Scratch) -> Vec<(i64, String)> {
    let cast = match db.server {
        Server::Postgres => "code::text",
        Server::MariaDb => "CAST(code AS CHAR)",
    };
    let out = db.exec(&format!(
        "SELECT id, {cast} FROM items WHERE code IS NOT NULL ORDER BY id;"
    ));
    (out.lines())
        .map(|l| {
            let (id, text) = l
                .split_once(if db.server == Server::Postgres {
                    '|'
                } else {
                    '\t'
                })
                .unwrap();
            (id.parse().unwrap(), text.to_string())
        })
        .collect()
}

/// Text made `to`: the `DOWN_DATA_LOSS` says the text is not given back, and its query, run
/// before the up migration, finds the rows (of `rows`, SQL literals) whose text the up then
/// the down migration change, fails on none of `refused` (text the up migration refuses, which
/// it finds too), and on no other row.
fn text_made_number(server: Server, to: Value, rows: &[&str], refused: &[&str], back: &str) {
    let Some(db) = server.scratch("words_text") else {
        return;
    };
    let from = json!({ "type": "VARCHAR", "length": 10 });
    let v = change(server, &from, &to);
    let down = warnings(&v, "DOWN_DATA_LOSS");
    let said: Vec<&(String, String)> = down
        .iter()
        .filter(|(m, _)| m.contains("with the text of each number"))
        .collect();
    assert_eq!(said.len(), 1, "{server:?} {to}: {down:?}");
    let (message, suggestion) = said[0];
    assert!(
        message.contains("not the text it was") && message.contains(back),
        "{message}"
    );
    let query = query(suggestion);
    db.exec(
        generate(&spec(server, from.clone()))["upMigration"]
            .as_str()
            .unwrap(),
    );
    let values: Vec<String> = (rows.iter().chain(refused).enumerate())
        .map(|(i, r)| format!("({}, {r})", i + 1))
        .collect();
    db.exec(&format!(
        "INSERT INTO items (id, code) VALUES {}, ({}, NULL);",
        values.join(", "),
        values.len() + 1
    ));
    // Fails on no value, and finds the refused ones too.
    let found = ids(&db, &query);
    let refused_ids: Vec<i64> = (rows.len() + 1..=rows.len() + refused.len())
        .map(|i| i as i64)
        .collect();
    assert!(
        refused_ids.iter().all(|i| found.contains(i)),
        "{query}: {found:?}"
    );
    db.exec(&format!("DELETE FROM items WHERE id > {};", rows.len()));
    let found = ids(&db, &query);
    let before = texts(&db);
    db.exec(v["upMigration"].as_str().unwrap());
    db.exec(v["downMigration"].as_str().unwrap());
    let after = texts(&db);
    let changed: Vec<i64> = (before.iter().zip(&after))
        .filter(|(b, a)| b != a)
        .map(|(b, _)| b.0)
        .collect();
    assert_eq!(
        found, changed,
        "{server:?} {to}: {query}\n{before:?}\n{after:?}"
    );
    assert!(!changed.is_empty());
}

#[test]
fn postgres_text_made_a_number_says_the_text_is_not_given_back_and_finds_the_rows() {
    let server = Server::Postgres;
    text_made_number(
        server,
        json!({ "type": "INTEGER" }),
        &["'007'", "' 5 '", "'+5'", "'12'", "'-0'", "'0'", "'-12'"],
        &["'1e3'", "'1.10'", "'abc'"],
        "'007' comes back as '7'",
    );
    text_made_number(
        server,
        json!({ "type": "DECIMAL", "precision": 12, "scale": 2 }),
        &[
            "'007'", "' 5 '", "'1e3'", "'1.10'", "'1.1'", "'-0.00'", "'0.00'", "'-3.25'", "'NaN'",
            "'nan'",
        ],
        &["'abc'", "'1e30'"],
        "'1e3' as '1000.00'",
    );
    text_made_number(
        server,
        json!({ "type": "DECIMAL" }),
        &[
            "'007'", "' 5 '", "'1e3'", "'1.10'", "'-0'", "'-0.0'", "'0.0'", "'-3.25'", "'NaN'",
        ],
        &["'abc'"],
        "'1e3' as '1000'",
    );
}

#[test]
fn mariadb_text_made_a_number_says_the_text_is_not_given_back_and_finds_the_rows() {
    let server = Server::MariaDb;
    text_made_number(
        server,
        json!({ "type": "INTEGER" }),
        &[
            "'007'", "' 5 '", "'5 '", "'+5'", "'12'", "'-0'", "'0'", "'-12'",
        ],
        &["'1e3'", "'1.10'", "'abc'"],
        "'007' comes back as '7'",
    );
    text_made_number(
        server,
        json!({ "type": "DECIMAL", "precision": 12, "scale": 2 }),
        &[
            "'007'", "' 5 '", "'1e3'", "'1.10'", "'1.1'", "'-0.00'", "'0.00'", "'-3.25'",
        ],
        &["'abc'"],
        "'1e3' as '1000.00'",
    );
}

/// DECIMAL(10,3) made DECIMAL(9,2): the warning says that 9999999.995 rounds out of the range,
/// and its query finds the rows that refuse the up migration, which fails on them and on
/// nothing else.
fn rounded_out_of_range(server: Server) {
    let Some(db) = server.scratch("words_round") else {
        return;
    };
    let from = json!({ "type": "DECIMAL", "precision": 10, "scale": 3 });
    let to = json!({ "type": "DECIMAL", "precision": 9, "scale": 2 });
    let v = change(server, &from, &to);
    let said = warnings(&v, "TYPE_NARROWING");
    assert_eq!(said.len(), 1, "{said:?}");
    let (message, suggestion) = &said[0];
    let said_of_rounding = "a value out of DECIMAL(9,2)'s range refuses the migration, as does one that the rounding takes out of it (9999999.995 becomes 10000000.00, and −9999999.995 −10000000.00)";
    // MySQL commits each statement: its refusal's words go on to say what a refusal leaves.
    let said = match server {
        Server::Postgres => said_of_rounding.to_string(),
        Server::MariaDb => format!("{said_of_rounding} (MySQL commits each statement: the statements before the refused one stay done, leaving the database part-migrated, which the down migration does not undo, as it is written for the whole up migration; the refused statement itself changes nothing: make the values fit, then run the up migration's first statements, which set the session (SET SESSION sql_mode …), and its statements from the refused one on)"),
    };
    assert!(message.ends_with(&said), "{message}");
    let query = query(suggestion);
    db.exec(
        generate(&spec(server, from))["upMigration"]
            .as_str()
            .unwrap(),
    );
    db.exec("INSERT INTO items (id, code) VALUES (1, 9999999.994), (2, 9999999.995), (3, -9999999.995), (4, 1.5), (5, NULL), (6, -9999999.994);");
    assert_eq!(ids(&db, &query), [2, 3], "{query}");
    let up = v["upMigration"].as_str().unwrap();
    let refused = db.run(up).unwrap_err();
    assert!(
        refused.contains(match server {
            Server::Postgres => "numeric field overflow",
            Server::MariaDb => "Out of range value for column 'code'",
        }),
        "{refused}"
    );
    db.exec("DELETE FROM items WHERE id IN (2, 3);");
    db.exec(up);
    assert_eq!(
        texts(&db),
        [
            (1, "9999999.99".into()),
            (4, "1.50".into()),
            (6, "-9999999.99".into())
        ]
    );
}

#[test]
fn postgres_decimal_rounded_out_of_its_range_is_said_and_found() {
    rounded_out_of_range(Server::Postgres);
}

#[test]
fn mariadb_decimal_rounded_out_of_its_range_is_said_and_found() {
    rounded_out_of_range(Server::MariaDb);
}

/// PostgreSQL's CHAR(2) made CHAR(6): the up migration's warning says what PostgreSQL then
/// reads ('US' as 'US    ', as the server does); the down migration's says what it refuses.
/// MySQL, which reads a CHAR without its spaces, says nothing of the up migration.
#[test]
fn a_longer_char_says_the_padding_it_is_read_with() {
    let from = json!({ "type": "CHAR", "length": 2 });
    let to = json!({ "type": "CHAR", "length": 6 });
    let v = change(Server::Postgres, &from, &to);
    let up = warnings(&v, "TYPE_NARROWING");
    assert_eq!(up.len(), 1, "{up:?}");
    assert_eq!(up[0].0, "changing 'code' from CHAR(2) to CHAR(6) keeps every value and refuses none, but PostgreSQL reads each one padded with spaces to 6 characters, not 2 ('US' is read as 'US    ', where it was read as 'US'; compared without them)");
    let down = warnings(&v, "DOWN_DATA_LOSS");
    assert_eq!(down.len(), 1, "{down:?}");
    assert!(!down[0].0.contains("'US "), "{down:?}");
    assert!(warnings(&change(Server::MariaDb, &from, &to), "TYPE_NARROWING").is_empty());
    let Some(db) = Server::Postgres.scratch("words_char") else {
        return;
    };
    db.exec(
        generate(&spec(Server::Postgres, from))["upMigration"]
            .as_str()
            .unwrap(),
    );
    db.exec("INSERT INTO items (id, code) VALUES (1, 'US');");
    db.exec(v["upMigration"].as_str().unwrap());
    assert_eq!(
        db.exec("SELECT concat('[', code, ']'), code = 'US' FROM items;")
            .trim(),
        "[US    ]|t"
    );
}

/// A SQLite file's DECIMAL column made VARCHAR: one TYPE_NARROWING warning, which says what the
/// rebuild's CAST makes of the values, as the bundled SQLite does.
#[test]
fn sqlite_file_decimal_made_text_is_said_once() {
    let path = sqlite_files::database(
        "words",
        "decimal",
        "CREATE TABLE items (id INTEGER PRIMARY KEY, code DECIMAL(10,2));
         INSERT INTO items (code) VALUES (1.5), (10), (0.1 + 0.2), (NULL);",
    );
    let mut v = spec(Server::Postgres, json!({ "type": "VARCHAR", "length": 20 }));
    v["databaseType"] = json!("sqlite");
    v["existingDbPath"] = json!(path.to_str().unwrap());
    v["allowDataLoss"] = json!(true);
    let v = generate(&v);
    let said = warnings(&v, "TYPE_NARROWING");
    assert_eq!(said.len(), 1, "{said:?}");
    let message = &said[0].0;
    assert!(message.starts_with("changing 'code' from NUMERIC to TEXT refuses no value, but makes each value the text of its number"), "{message}");
    assert!(
        !message.contains("can lose values that do not convert"),
        "{message}"
    );
    assert!(!message.contains("BOOLEAN"), "{message}");
    // The rows the rebuild changes: 0.1 + 0.2 only (its text keeps 15 significant digits).
    assert!(
        message.contains(": 1 row holds a value that the conversion changes"),
        "{message}"
    );
    let conn = sqlite_files::open(&path);
    conn.execute_batch(v["upMigration"].as_str().unwrap())
        .unwrap();
    let got: Vec<String> = conn
        .prepare("SELECT code FROM items WHERE code IS NOT NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got, ["1.5", "10", "0.3"]);
}
