//! The rows trial of a SQLite database file (`existingDbPath`) whose change adds a foreign key
//! over a column the rebuild converts (`CAST(pid AS INTEGER)`), or converts the key a foreign
//! key references: the `ROWS_REFUSE_CHANGE` query that finds every reference the change breaks
//! reads the values as the rebuild's copy writes them, and compares them as SQLite's foreign
//! keys do, so that on the file as it is it lists exactly the rows the rebuilt table's foreign
//! key check refuses: not a text the CAST makes a key that exists ('2abc' becomes 2), and not
//! a REAL whose text is no key (1.0 made TEXT is '1.0', not '1').

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::generate;
use serde_json::{json, Value};
use std::path::Path;

/// The change of the file at `path` to `tables` (data loss allowed: the conversions change
/// values).
fn change_of(path: &Path, tables: Value) -> Value {
    generate(&json!({
        "description": "change", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
        "now": "2026-02-09T12:00:00Z", "allowDataLoss": true, "timestamps": false, "tables": tables
    }))
}

/// The query of the one `ROWS_REFUSE_CHANGE` warning of `change` (`find them all with: …`).
fn the_query(change: &Value) -> String {
    let refused: Vec<&Value> = (change["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "ROWS_REFUSE_CHANGE")
        .collect();
    assert_eq!(refused.len(), 1, "{change}");
    let s = refused[0]["suggestion"].as_str().unwrap();
    const FIND_ALL: &str = "(find them all with: ";
    let at = s.find(FIND_ALL).unwrap_or_else(|| panic!("{s}")) + FIND_ALL.len();
    let rest = &s[at..];
    rest[..rest.find("); ").unwrap()].to_string()
}

/// The first column (the key) of each row of `query` on the file at `path`.
fn keys(path: &Path, query: &str) -> Vec<i64> {
    let conn = sqlite_files::open(path);
    let mut statement = conn
        .prepare(query)
        .unwrap_or_else(|e| panic!("{e}: {query}"));
    let found = statement.query_map([], |r| r.get::<_, i64>(0)).unwrap();
    found.map(Result::unwrap).collect()
}

/// The keys of the rows of `table` that break a foreign key once the up migration of `change`
/// has run on a copy of the file at `path` with its foreign-key check taken out (the rebuild
/// left as it would be, the references read by SQLite itself).
fn broken_after(path: &Path, change: &Value, table: &str) -> Vec<i64> {
    let up = change["upMigration"].as_str().unwrap();
    let guard = up.find("CREATE TEMP TABLE _mg_fk_check").expect(up);
    // (Beside the file, in its test's own directory.)
    let copy = path.with_file_name("after.db");
    std::fs::copy(path, &copy).unwrap();
    // (Foreign keys off: the rebuild's transaction commits with the references it breaks.)
    let conn = migration_generator::sqlite_memory::open(&copy).unwrap();
    // (A rebuild in a SAVEPOINT, or, where it turns foreign keys off itself, in BEGIN.)
    let end = match up.contains("SAVEPOINT _mg_rebuild;") {
        true => "RELEASE _mg_rebuild;",
        false => "COMMIT;",
    };
    conn.execute_batch(&format!("PRAGMA foreign_keys = OFF; {}{end}", &up[..guard]))
        .unwrap_or_else(|e| panic!("{e}: {up}"));
    let mut statement = conn
        .prepare(&format!(
            "SELECT DISTINCT t.id FROM pragma_foreign_key_check('{table}') AS f JOIN \"{table}\" AS t ON t.rowid = f.rowid ORDER BY 1"
        ))
        .unwrap();
    let found = statement.query_map([], |r| r.get::<_, i64>(0)).unwrap();
    found.map(Result::unwrap).collect()
}

/// The spec's parent `p` (its key `id` of type `key`) and child `c` whose `pid` of type `value`
/// references it.
fn parent_and_child(key: &str, value: &str) -> Value {
    json!([
        { "name": "p", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": key, "nullable": false }] },
        { "name": "c", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "pid", "type": value, "nullable": true }],
          "foreignKeys": [{ "columns": ["pid"], "referencedTable": "p", "referencedColumns": ["id"] }] }
    ])
}

/// A TEXT column made INTEGER with a foreign key to an INTEGER key: '+02' becomes 2, which
/// `p` has, so only '9' (and '00', which becomes 0) refuse it; the raw text '+02' references
/// nothing, and was listed. (Text that is no clean number, such as '2abc', which CAST made 2,
/// now refuses the rebuild before its foreign-key check: `rebuild_number_check`.)
#[test]
fn a_text_made_integer_is_found_by_the_integer_it_becomes() {
    let path = sqlite_files::database(
        "mg-fk-conv",
        "text_to_integer",
        "CREATE TABLE p (id INTEGER PRIMARY KEY);
         INSERT INTO p VALUES (1), (2);
         CREATE TABLE c (id INTEGER PRIMARY KEY, pid TEXT);
         INSERT INTO c VALUES (1, '1'), (2, '+02'), (3, '9'), (4, NULL), (5, '00'), (6, ' 2 ');",
    );
    let change = change_of(&path, parent_and_child("INTEGER", "INTEGER"));
    let query = the_query(&change);
    assert_eq!(broken_after(&path, &change, "c"), [3, 5]);
    assert_eq!(keys(&path, &query), [3, 5], "{query}");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// A REAL column made TEXT with a foreign key to a TEXT key: 1.0 becomes '1.0', which `p` lacks
/// (it has '1'), and refuses the key as 2.5 does; compared as numbers, 1.0 was 1 and was not
/// listed.
#[test]
fn a_real_made_text_is_found_by_the_text_it_becomes() {
    let path = sqlite_files::database(
        "mg-fk-conv",
        "real_to_text",
        "CREATE TABLE p (id TEXT PRIMARY KEY);
         INSERT INTO p VALUES ('1'), ('2.5'), ('x');
         CREATE TABLE c (id INTEGER PRIMARY KEY, pid REAL);
         INSERT INTO c VALUES (1, 1.0), (2, 2.5), (3, 3.5), (4, NULL);",
    );
    let change = change_of(&path, parent_and_child("TEXT", "TEXT"));
    let query = the_query(&change);
    assert_eq!(broken_after(&path, &change, "c"), [1, 3]);
    assert_eq!(keys(&path, &query), [1, 3], "{query}");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// The referenced key converted (`p.code` TEXT made INTEGER, `c` referencing it kept): ' +2 '
/// becomes 2, which `c`'s 2 then references; 7 references nothing. (Once '2abc', which CAST
/// made 2: such text now refuses the rebuild first, `rebuild_number_check`.)
#[test]
fn a_converted_referenced_key_is_read_as_it_becomes() {
    let path = sqlite_files::database(
        "mg-fk-conv",
        "referenced_key",
        "PRAGMA foreign_keys = OFF;
         CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE);
         INSERT INTO p VALUES (1, '1'), (2, ' +2 ');
         CREATE TABLE c (id INTEGER PRIMARY KEY, pcode INTEGER REFERENCES p (code));
         INSERT INTO c VALUES (1, 1), (2, 2), (3, 7), (4, NULL);",
    );
    let change = change_of(
        &path,
        json!([
            { "name": "p", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false },
                { "name": "code", "type": "INTEGER", "nullable": true, "unique": true }] },
            { "name": "c", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false },
                { "name": "pcode", "type": "INTEGER", "nullable": true }],
              "foreignKeys": [{ "columns": ["pcode"], "referencedTable": "p", "referencedColumns": ["code"] }] }
        ]),
    );
    let query = the_query(&change);
    assert_eq!(broken_after(&path, &change, "c"), [3]);
    assert_eq!(keys(&path, &query), [3], "{query}");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}
