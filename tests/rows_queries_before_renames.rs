//! The queries the warnings give to find the rows that refuse a migration run on the database
//! as it is before the migration, and find those rows, where the migration converts the
//! column the rule reads and renames the table and the column in the same migration:
//!
//! - from an existing SQLite file, the rows trial's "find them all" query reads a key as the
//!   rebuild's copy converts it (TEXT '1' and '01' made INTEGER repeat only as 1), and a CHECK
//!   over the converted value (REAL 0.4 made INTEGER is 0), under the file's names;
//! - the query of the `TYPE_NARROWING` of a key that becomes the rowid names the file's table
//!   and column, not the names the renames (run first) give them;
//! - from previousSpec, the queries of a UNIQUE kept through a conversion, a CHECK kept through
//!   one and a UNIQUE over a column whose NULLs the migration fills, run on PostgreSQL 15,
//!   MariaDB 10.11 (scratch databases `mg_rt_*`, dropped afterwards) and SQLite, each holding
//!   previousSpec's schema and rows.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::generate;
use serde_json::{json, Value};
use servers::Server;
use std::path::Path;

/// The change of the file at `path` to `tables` (data loss allowed).
fn change_of(path: &Path, tables: Value) -> Value {
    generate(&json!({
        "description": "change", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
        "now": "2026-02-09T12:00:00Z", "allowDataLoss": true, "tables": tables
    }))
}

/// The warnings of `code` in `change`.
fn warnings<'a>(change: &'a Value, code: &str) -> Vec<&'a Value> {
    (change["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == code)
        .collect()
}

/// The query after `after` in the suggestion of `warning`, up to its closing parenthesis when
/// it is given in parentheses (`(find them all with: …)`).
fn query_in(warning: &Value, after: &str) -> String {
    let s = warning["suggestion"].as_str().unwrap();
    let at = s.find(after).unwrap_or_else(|| panic!("{warning}")) + after.len();
    let rest = &s[at..];
    match after.starts_with('(') {
        true => rest[..rest.find("); ").unwrap()].to_string(),
        false => rest.to_string(),
    }
}

/// The rows of `query` on `conn`, each value as text, joined by `|`.
fn rows(conn: &rusqlite::Connection, query: &str) -> Vec<String> {
    let mut statement = conn
        .prepare(query)
        .unwrap_or_else(|e| panic!("{e}: {query}"));
    let n = statement.column_count();
    let mut found = statement.query([]).unwrap();
    let mut out = Vec::new();
    while let Some(r) = found.next().unwrap() {
        let values: Vec<String> = (0..n)
            .map(|i| match r.get::<_, rusqlite::types::Value>(i).unwrap() {
                rusqlite::types::Value::Null => "NULL".to_string(),
                rusqlite::types::Value::Integer(v) => v.to_string(),
                rusqlite::types::Value::Real(v) => v.to_string(),
                rusqlite::types::Value::Text(v) => v,
                rusqlite::types::Value::Blob(_) => "blob".to_string(),
            })
            .collect();
        out.push(values.join("|"));
    }
    out
}

const FIND_ALL: &str = "(find them all with: ";

/// `u (id, code TEXT UNIQUE)` holding '1' and '01', and `t (code TEXT PRIMARY KEY)` holding
/// '1' and '01', each made INTEGER (`t`'s key becomes the rowid), named `names` in the spec
/// (table, column); the rows trial's query finds the two rows of one number on the file, and
/// the migration fails on them as the warning says.
fn converted_keys_are_found(name: &str, renamed: bool) {
    let renamed_from = |table: Value, old_table: &str, old_column: &str, column: usize| {
        let mut t = table;
        if renamed {
            t["renamedFrom"] = json!(old_table);
            t["columns"][column]["renamedFrom"] = json!(old_column);
        }
        t
    };
    let (u, k, t, c) = match renamed {
        true => ("units", "sku", "things", "id"),
        false => ("u", "code", "t", "code"),
    };
    let sql = "CREATE TABLE u (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
               INSERT INTO u VALUES (1, '1'), (2, '01'), (3, '2');
               CREATE TABLE t (code TEXT PRIMARY KEY, name TEXT);
               INSERT INTO t VALUES ('1', 'a'), ('01', 'b'), ('2', 'c');";
    for table in ["u", "t"] {
        let path = sqlite_files::database("mg-rows-before", &format!("{name}-{table}"), sql);
        let tables = match table {
            "u" => {
                json!([renamed_from(json!({"name": u, "timestamps": false, "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": k, "type": "INTEGER", "nullable": true, "unique": true}]}), "u", "code", 1),
                {"name": "t", "timestamps": false, "primaryKey": ["code"], "columns": [
                {"name": "code", "type": "TEXT", "nullable": false},
                {"name": "name", "type": "TEXT", "nullable": true}]}])
            }
            _ => json!([{"name": "u", "timestamps": false, "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "code", "type": "TEXT", "nullable": true, "unique": true}]},
                renamed_from(json!({"name": t, "timestamps": false, "primaryKey": [c], "columns": [
                {"name": c, "type": "INTEGER", "nullable": false},
                {"name": "name", "type": "TEXT", "nullable": true}]}), "t", "code", 0)]),
        };
        let change = change_of(&path, tables);
        let refused = warnings(&change, "ROWS_REFUSE_CHANGE");
        assert_eq!(refused.len(), 1, "{name} {table}: {refused:?}");
        let query = query_in(refused[0], FIND_ALL);
        let conn = sqlite_files::open(&path);
        // One number, 1, held by two rows.
        assert_eq!(rows(&conn, &query), ["1|2"], "{name} {table}: {query}");
        if table == "t" {
            // The rowid key's query names the file's table and column too, and runs there:
            // every key is a whole number's text (see `a_rowid_key_s_query_names_…`).
            let narrowing = warnings(&change, "TYPE_NARROWING");
            assert_eq!(narrowing.len(), 1, "{name}: {narrowing:?}");
            let query = query_in(narrowing[0], "found with: ");
            assert_eq!(rows(&conn, &query), Vec::<String>::new(), "{name}: {query}");
        }
        let up = change["upMigration"].as_str().unwrap();
        let failed = conn.execute_batch(up).unwrap_err().to_string();
        let (table_now, column_now) = if table == "u" { (u, k) } else { (t, c) };
        assert!(
            failed.contains(&format!(
                "UNIQUE constraint failed: {table_now}.{column_now}"
            )),
            "{name} {table}: {failed}"
        );
    }
}

/// A UNIQUE over TEXT made INTEGER, and the rowid key made so: the trial's query groups by the
/// value the copy writes (a reviewer's query grouped by the text and found nothing).
#[test]
fn the_trial_s_query_finds_the_keys_a_conversion_makes_one() {
    converted_keys_are_found("plain", false);
}

/// The same with the table and the column renamed in the same migration: the trial's query and
/// the rowid key's `TYPE_NARROWING` query name them as the file does before the migration (a
/// reviewer's queries named `things` and `id`: "no such table").
#[test]
fn the_queries_name_the_file_s_table_and_column_before_their_renames() {
    converted_keys_are_found("renamed", true);
}

/// A new CHECK over a REAL made INTEGER, its table and column renamed: the trial's query reads
/// the value the copy writes (0.4 becomes 0, which `amount > 0` refuses) under the file's
/// names.
#[test]
fn the_trial_s_check_query_reads_the_converted_value_under_the_file_s_names() {
    let path = sqlite_files::database(
        "mg-rows-before",
        "check",
        "CREATE TABLE w (id INTEGER PRIMARY KEY, amount REAL);
         INSERT INTO w VALUES (1, 0.4), (2, 2.0), (3, NULL);",
    );
    let change = change_of(
        &path,
        json!([{"name": "wares", "renamedFrom": "w", "timestamps": false, "primaryKey": ["id"],
            "columns": [{"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "price", "renamedFrom": "amount", "type": "INTEGER", "nullable": true}],
            "checkConstraints": [{"name": "chk_wares_price", "expression": "price > 0"}]}]),
    );
    let refused = warnings(&change, "ROWS_REFUSE_CHANGE");
    assert_eq!(refused.len(), 1, "{refused:?}");
    let query = query_in(refused[0], FIND_ALL);
    let conn = sqlite_files::open(&path);
    assert_eq!(rows(&conn, &query), ["1|0.4"], "{query}");
    let failed = conn
        .execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap_err()
        .to_string();
    assert!(failed.contains("CHECK constraint failed"), "{failed}");
}

/// The rowid key made of a TEXT key, the table and the column renamed in the same migration:
/// the `TYPE_NARROWING` query names the file's table and column, runs there and finds the key
/// that is no whole number ('abc'), which the migration then fails on (the rebuild's key
/// check); from previousSpec, the kept key's query (`rows_refuse_hints`) does so too, and finds
/// '1' and '01'.
#[test]
fn a_rowid_key_s_query_names_the_table_and_column_before_their_renames() {
    let things = json!({"name": "things", "renamedFrom": "t", "timestamps": false, "primaryKey": ["id"],
        "columns": [{"name": "id", "renamedFrom": "code", "type": "INTEGER", "nullable": false},
            {"name": "name", "type": "TEXT", "nullable": true}]});
    let sql = "CREATE TABLE t (code TEXT PRIMARY KEY, name TEXT);
               INSERT INTO t VALUES ('1', 'a'), ('abc', 'b'), ('2', 'c');";
    let path = sqlite_files::database("mg-rows-before", "rowid-abc", sql);
    let change = change_of(&path, json!([things.clone()]));
    let narrowing = warnings(&change, "TYPE_NARROWING");
    assert_eq!(narrowing.len(), 1, "{narrowing:?}");
    let query = query_in(narrowing[0], "found with: ");
    let conn = sqlite_files::open(&path);
    assert_eq!(rows(&conn, &query), ["abc|b"], "{query}");
    let failed = (conn.execute_batch(change["upMigration"].as_str().unwrap()))
        .unwrap_err()
        .to_string();
    assert!(
        failed.contains("values_that_are_null_or_not_integers_in_the_new_integer_key"),
        "{failed}"
    );
    // From previousSpec: the same change, on a file that holds '1' and '01'.
    let previous = json!({"description": "a", "databaseType": "sqlite", "timestamps": false, "tables": [
        {"name": "t", "timestamps": false, "primaryKey": ["code"], "columns": [
            {"name": "code", "type": "TEXT", "nullable": false},
            {"name": "name", "type": "TEXT", "nullable": true}]}]});
    let change = generate(
        &json!({"description": "b", "databaseType": "sqlite", "timestamps": false,
        "allowDataLoss": true, "tables": [things], "previousSpec": previous}),
    );
    let narrowing = warnings(&change, "TYPE_NARROWING");
    assert_eq!(narrowing.len(), 1, "{narrowing:?}");
    let kept = warnings(&change, "ROWS_REFUSE_CHANGE");
    assert_eq!(kept.len(), 1, "{kept:?}");
    let sql = "CREATE TABLE t (code TEXT PRIMARY KEY NOT NULL, name TEXT);
               INSERT INTO t VALUES ('1', 'a'), ('01', 'b'), ('2', 'c');";
    let path = sqlite_files::database("mg-rows-before", "rowid-previous", sql);
    let conn = sqlite_files::open(&path);
    let query = query_in(narrowing[0], "found with: ");
    assert_eq!(rows(&conn, &query), Vec::<String>::new(), "{query}");
    let query = query_in(kept[0], "with: ");
    assert_eq!(rows(&conn, &query), ["1|2"], "{query}");
    let failed = (conn.execute_batch(change["upMigration"].as_str().unwrap()))
        .unwrap_err()
        .to_string();
    assert!(
        failed.contains("UNIQUE constraint failed: things.id"),
        "{failed}"
    );
}

/// previousSpec's `items0 (id, code VARCHAR(10) UNIQUE, amount REAL CHECK (amount > 0), note
/// VARCHAR(10))` on `db`.
fn items_before(db: &str) -> Value {
    json!({"description": "a", "databaseType": db, "timestamps": false, "tables": [
        {"name": "items0", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "code", "type": "VARCHAR", "length": 10, "nullable": true, "unique": true},
            {"name": "amount", "type": "REAL", "nullable": true},
            {"name": "note", "type": "VARCHAR", "length": 10, "nullable": true}],
         "checkConstraints": [{"name": "chk_items_amount", "expression": "amount > 0"}]}]})
}

/// The spec: `items0` renamed `items`, `code` renamed `sku` and made INTEGER (its UNIQUE kept:
/// '1' and '01' become one), `amount` renamed `price` and made INTEGER (its CHECK kept: 0.4
/// becomes 0), `note` renamed `label`, made NOT NULL with the default 'x' and UNIQUE (its NULLs
/// filled with 'x', which repeat one another and 'x').
fn items_after(db: &str) -> Value {
    json!({"description": "b", "databaseType": db, "timestamps": false, "allowDataLoss": true,
        "tables": [{"name": "items", "renamedFrom": "items0", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "sku", "renamedFrom": "code", "type": "INTEGER", "nullable": true, "unique": true},
            {"name": "price", "renamedFrom": "amount", "type": "INTEGER", "nullable": true},
            {"name": "label", "renamedFrom": "note", "type": "VARCHAR", "length": 10, "nullable": false, "default": "x", "unique": true}],
         "checkConstraints": [{"name": "chk_items_amount", "expression": "price > 0"}]}],
        "previousSpec": items_before(db)})
}

/// Rows for previousSpec's `items0`: row 2's code is row 1's number, row 3's amount becomes 0,
/// row 3's NULL note becomes row 4's 'x'.
const ITEMS_ROWS: &str = "INSERT INTO items0 (code, amount, note) VALUES ('1', 1.0, 'a'), ('01', 2.0, 'b'), ('3', 0.4, NULL), ('4', 3.0, 'x');";

/// Rows 2 and 3 mended away.
const MENDED: &str = "DELETE FROM items0 WHERE code = '01' OR note IS NULL;";

/// The `ROWS_REFUSE_CHANGE` queries of the change of `items0` on `db`, in the order said: the
/// UNIQUE kept through `sku`'s conversion, the new UNIQUE over `label` (NULLs filled), the CHECK
/// kept through `price`'s conversion.
fn items_queries(db: &str) -> (Value, Vec<String>) {
    let change = generate(&items_after(db));
    let said = warnings(&change, "ROWS_REFUSE_CHANGE");
    let queries: Vec<String> = said.iter().map(|w| query_in(w, "with: ")).collect();
    let messages: Vec<&str> = said
        .iter()
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert_eq!(queries.len(), 3, "{db}: {messages:#?}");
    assert!(
        messages[0].starts_with("keeping UNIQUE (sku) on 'items' through the type change of 'sku'"),
        "{db}: {messages:#?}"
    );
    assert!(
        messages[1].starts_with("adding UNIQUE (label) to 'items'"),
        "{db}: {messages:#?}"
    );
    assert!(
        messages[2].starts_with("keeping the CHECK 'chk_items_amount'"),
        "{db}: {messages:#?}"
    );
    (change, queries)
}

/// Each query of a UNIQUE kept through a conversion, a CHECK kept through one and a UNIQUE over
/// NULLs the migration fills, the table and columns renamed in the same migration, runs on
/// PostgreSQL and MariaDB holding previousSpec's schema and rows and finds one row each (one
/// group of repeats, one refused row); the migration fails on them, and once they are mended
/// the queries find none and the migration runs.
#[test]
fn kept_and_filled_rule_queries_run_before_the_renames_on_the_servers() {
    for server in [Server::Postgres, Server::MariaDb] {
        let Some(db) = server.scratch("rows_before_renames") else {
            continue;
        };
        let (change, queries) = items_queries(server.database_type());
        db.exec(
            generate(&items_before(server.database_type()))["upMigration"]
                .as_str()
                .unwrap(),
        );
        db.exec(ITEMS_ROWS);
        for query in &queries {
            assert_eq!(db.rows(query), 1, "{server:?}: {query}");
        }
        let up = change["upMigration"].as_str().unwrap();
        if server == Server::Postgres {
            let refused = db.run(&format!("BEGIN;\n{up}\nCOMMIT;")).unwrap_err();
            assert!(refused.contains("ERROR"), "{refused}");
        }
        db.exec(MENDED);
        for query in &queries {
            assert_eq!(db.rows(query), 0, "{server:?}: {query}");
        }
        db.exec(up);
        assert_eq!(db.rows("SELECT * FROM items"), 2, "{server:?}");
    }
}

/// The same change from previousSpec on SQLite: its queries run on a database file holding
/// previousSpec's schema and rows, and find the same rows.
#[test]
fn kept_and_filled_rule_queries_run_before_the_renames_on_sqlite() {
    let (change, queries) = items_queries("sqlite");
    let up = change["upMigration"].as_str().unwrap();
    let seeded = |name: &str, rows_sql: &str| {
        let before = generate(&items_before("sqlite"));
        let sql = format!("{}\n{rows_sql}", before["upMigration"].as_str().unwrap());
        sqlite_files::open(&sqlite_files::database("mg-rows-before", name, &sql))
    };
    let conn = seeded("items", ITEMS_ROWS);
    for query in &queries {
        assert_eq!(rows(&conn, query).len(), 1, "{query}");
    }
    assert!(conn.execute_batch(up).is_err());
    let conn = seeded("items-mended", &format!("{ITEMS_ROWS}\n{MENDED}"));
    for query in &queries {
        assert_eq!(rows(&conn, query).len(), 0, "{query}");
    }
    conn.execute_batch(up).unwrap();
    assert_eq!(rows(&conn, "SELECT * FROM items").len(), 2);
}

/// A unique index over TEXT made INTEGER in a rebuild, the table and the column renamed: the
/// index's guard counts the rows as copied ('1' and '01' become 1), and the trial's query reads
/// its key as the copy writes it, under the file's names.
#[test]
fn the_trial_s_unique_index_query_reads_the_key_as_copied_under_the_file_s_names() {
    let path = sqlite_files::database(
        "mg-rows-before",
        "index",
        "CREATE TABLE x (id INTEGER PRIMARY KEY, code TEXT);
         CREATE UNIQUE INDEX ux_xs_k ON x (code);
         INSERT INTO x VALUES (1, '1'), (2, '01'), (3, '2');",
    );
    let change = change_of(
        &path,
        json!([{"name": "xs", "renamedFrom": "x", "timestamps": false, "primaryKey": ["id"],
            "columns": [{"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "k", "renamedFrom": "code", "type": "INTEGER", "nullable": true}],
            "indexes": [{"name": "ux_xs_k", "columns": ["k"], "unique": true}]}]),
    );
    let refused = warnings(&change, "ROWS_REFUSE_CHANGE");
    assert_eq!(refused.len(), 1, "{refused:?}");
    let query = query_in(refused[0], FIND_ALL);
    let conn = sqlite_files::open(&path);
    assert_eq!(rows(&conn, &query), ["1|2"], "{query}");
    let failed = conn
        .execute_batch(change["upMigration"].as_str().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        failed.contains("duplicates_for_unique_index_ux_xs_k"),
        "{failed}"
    );
}
