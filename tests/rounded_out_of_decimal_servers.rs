//! A double (`REAL`) or text (`VARCHAR`) made a DECIMAL(4,2) from previousSpec, on PostgreSQL 15
//! and MariaDB 10.11 (scratch databases `mg_rt_*`, dropped afterwards): the conversion rounds
//! the value's decimal text to 2 decimals, so that 99.995, in the range before the rounding, is
//! 100.00 after it, which both servers refuse (numeric field overflow; 1264 Out of range). The
//! `TYPE_NARROWING` says so, and its query, run before the migration, finds exactly the rows the
//! up migration refuses (for text, also the text that is no number), which then runs once they
//! are gone.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{generate, items_with_code};
use serde_json::{json, Value};
use servers::{Scratch, Server};

/// The spec of `items` (`id`, and `code` as `code`).
fn spec(server: Server, code: Value) -> Value {
    items_with_code(server.database_type(), code)
}

/// The migration from `from` to DECIMAL(4,2) (allowDataLoss).
fn change(server: Server, from: &Value) -> Value {
    let mut v = spec(
        server,
        json!({ "type": "DECIMAL", "precision": 4, "scale": 2 }),
    );
    v["previousSpec"] = spec(server, from.clone());
    v["allowDataLoss"] = json!(true);
    generate(&v)
}

/// The one `TYPE_NARROWING`: (message, suggestion).
fn narrowing(v: &Value) -> (String, String) {
    let said: Vec<&Value> = (v["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "TYPE_NARROWING")
        .collect();
    assert_eq!(said.len(), 1, "{v}");
    (
        said[0]["message"].as_str().unwrap().to_string(),
        said[0]["suggestion"].as_str().unwrap().to_string(),
    )
}

/// The ids the query (the end of a suggestion, from its `SELECT`) gives, in order.
fn ids(db: &Scratch, suggestion: &str) -> Vec<i64> {
    let at = suggestion.find("SELECT *").expect(suggestion);
    let query = suggestion[at..].replacen("SELECT *", "SELECT id", 1);
    let out = db.exec(&format!("{query} ORDER BY id;"));
    out.lines().map(|l| l.trim().parse().unwrap()).collect()
}

/// Each row's `code` as text, by id.
fn texts(db: &Scratch) -> Vec<(i64, String)> {
    let (cast, split) = match db.server {
        Server::Postgres => ("code::text", '|'),
        Server::MariaDb => ("CAST(code AS CHAR)", '\t'),
    };
    let out = db.exec(&format!(
        "SELECT id, {cast} FROM items WHERE code IS NOT NULL ORDER BY id;"
    ));
    (out.lines())
        .map(|l| {
            let (id, text) = l.split_once(split).unwrap();
            (id.parse().unwrap(), text.to_string())
        })
        .collect()
}

/// `from` made DECIMAL(4,2) on `server` with `rows` (SQL tuples): the warning's message ends
/// with `said` (before MySQL's words on what a refusal leaves), its query finds `refused`, the
/// up migration fails on them (`error`) and, once they are deleted, runs and leaves `kept`.
fn rounded_out(
    server: Server,
    from: Value,
    rows: &str,
    (said, refused): (&str, &[i64]),
    kept: &[(i64, &str)],
) {
    // (One database for each type: the tests run at once.)
    let what = format!(
        "round_out_{}",
        from["type"].as_str().unwrap().to_lowercase()
    );
    let Some(db) = server.scratch(&what) else {
        return;
    };
    let v = change(server, &from);
    let (message, suggestion) = narrowing(&v);
    assert!(message.contains(said), "{message}");
    db.exec(
        generate(&spec(server, from))["upMigration"]
            .as_str()
            .unwrap(),
    );
    db.exec(&format!("INSERT INTO items (id, code) VALUES {rows};"));
    assert_eq!(ids(&db, &suggestion), refused, "{suggestion}");
    let up = v["upMigration"].as_str().unwrap();
    let error = db.run(up).unwrap_err();
    assert!(
        [
            "numeric field overflow",
            "invalid input syntax for type numeric",
            "Out of range value for column 'code'",
            "Truncated incorrect DECIMAL value",
        ]
        .iter()
        .any(|e| error.contains(e)),
        "{error}"
    );
    let listed: Vec<String> = refused.iter().map(i64::to_string).collect();
    db.exec(&format!(
        "DELETE FROM items WHERE id IN ({});",
        listed.join(", ")
    ));
    db.exec(up);
    let kept: Vec<(i64, String)> = kept.iter().map(|(i, t)| (*i, t.to_string())).collect();
    assert_eq!(texts(&db), kept);
}

/// The words of the rounding out of DECIMAL(4,2).
const ROUNDED_OUT: &str = "refuses the migration, as does one that the rounding takes out of it (99.995 becomes 100.00, and −99.995 −100.00)";

/// The rows of a double: 99.995 and −99.996 round out of the range, 100.5 is out of it.
const DOUBLES: &str =
    "(1, 99.994), (2, 99.995), (3, -99.996), (4, 1.5), (5, NULL), (6, 100.5), (7, -99.994)";

/// Each one rounded to 2 decimals.
const DOUBLES_KEPT: [(i64, &str); 3] = [(1, "99.99"), (4, "1.50"), (7, "-99.99")];

#[test]
fn postgres_double_rounded_out_of_a_decimal_is_said_and_found() {
    let from = json!({ "type": "REAL" });
    let said = (ROUNDED_OUT, &[2, 3, 6][..]);
    rounded_out(Server::Postgres, from, DOUBLES, said, &DOUBLES_KEPT);
}

#[test]
fn mariadb_double_rounded_out_of_a_decimal_is_said_and_found() {
    let from = json!({ "type": "REAL" });
    let said = (ROUNDED_OUT, &[2, 3, 6][..]);
    rounded_out(Server::MariaDb, from, DOUBLES, said, &DOUBLES_KEPT);
}

/// The rows of a text: ' 99.995' and '-99.996 ' round out of the range, '100' is out of it,
/// 'abc' is no number; '1e1' is 10.
const TEXTS: &str = "(1, '99.994'), (2, ' 99.995'), (3, '-99.996 '), (4, '1.5'), (5, NULL), (6, 'abc'), (7, '1e1'), (8, '100')";

#[test]
fn postgres_text_rounded_out_of_a_decimal_is_said_and_found() {
    let from = json!({ "type": "VARCHAR", "length": 10 });
    // PostgreSQL's NUMERIC takes 'NaN'.
    let rows = format!("{TEXTS}, (9, ' nan')");
    let kept = [(1, "99.99"), (4, "1.50"), (7, "10.00"), (9, "NaN")];
    let said = (ROUNDED_OUT, &[2, 3, 6, 8][..]);
    rounded_out(Server::Postgres, from, &rows, said, &kept);
}

#[test]
fn mariadb_text_rounded_out_of_a_decimal_is_said_and_found() {
    let from = json!({ "type": "VARCHAR", "length": 10 });
    let rows = format!("{TEXTS}, (9, 'NaN')");
    let kept = [(1, "99.99"), (4, "1.50"), (7, "10.00")];
    let said = (ROUNDED_OUT, &[2, 3, 6, 8, 9][..]);
    rounded_out(Server::MariaDb, from, &rows, said, &kept);
}
