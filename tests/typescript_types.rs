//! The TypeScript types generated for tables of an existing SQLite database: which keys SQLite
//! fills on insert depends on the type the table declares, not on the spec type's spelling.

#[path = "common/sqlite_files.rs"]
mod sqlite_files;
use migration_generator::{generate_str, spec_from_database_json};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A new database file holding `sql`.
fn database(name: &str, sql: &str) -> PathBuf {
    sqlite_files::database("mg-types", name, sql)
}

/// The pulled spec of the file (`specFromDatabase`) with a nullable `note` column added to
/// `table`, generated against the file (`existingDbPath`) with types: the `{Name}Insert` interface's lines.
fn insert_interface_after_adding_a_column(path: &Path, table: &str, name: &str) -> Vec<String> {
    let pulled: Value =
        serde_json::from_str(&spec_from_database_json(path.to_str().unwrap(), None)).unwrap();
    assert_eq!(pulled["ok"], true, "{pulled}");
    let mut spec = pulled["spec"].clone();
    for t in spec["tables"].as_array_mut().unwrap() {
        if t["name"] == table {
            t["columns"]
                .as_array_mut()
                .unwrap()
                .push(json!({ "name": "note", "type": "TEXT", "nullable": true }));
        }
    }
    spec["description"] = json!("add_note");
    spec["existingDbPath"] = json!(path.to_str().unwrap());
    spec["generateTypes"] = json!(true);
    spec["now"] = json!("2026-02-09T12:00:00Z");
    let r = generate_str(&spec.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    assert!(
        r.up_migration.contains("ADD COLUMN note"),
        "{}",
        r.up_migration
    );
    let types = r.type_definitions.expect("types");
    let start = types
        .find(&format!("export interface {name}Insert {{"))
        .unwrap_or_else(|| panic!("no {name}Insert in\n{types}"));
    types[start..]
        .lines()
        .skip(1)
        .take_while(|l| *l != "}")
        .map(|l| l.trim().to_string())
        .collect()
}

/// Repro: `INT PRIMARY KEY` is not a rowid alias (SQLite stores the NULL an insert without it
/// gives), so the insert type must ask for the key; it had `id?: number` because the spec type
/// `INT` is written `INTEGER` in a new SQLite table.
#[test]
fn an_existing_int_primary_key_is_required_on_insert() {
    let path = database(
        "int-pk",
        "CREATE TABLE tags (id INT PRIMARY KEY, name TEXT NOT NULL);
         INSERT INTO tags (name) VALUES ('x');",
    );
    // SQLite itself: the key was not filled.
    let id: Option<i64> = migration_generator::sqlite_memory::open(&path)
        .unwrap()
        .query_row("SELECT id FROM tags", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, None);
    let fields = insert_interface_after_adding_a_column(&path, "tags", "Tag");
    assert_eq!(
        fields,
        ["id: number;", "name: string;", "note?: string | null;"]
    );
}

/// Other declared types that are not exactly `INTEGER` are not the rowid either; `integer` in
/// any case is, and stays optional.
#[test]
fn only_a_key_declared_integer_is_filled_by_sqlite() {
    for (declared, id_field) in [
        ("BIGINT", "id: number;"),
        ("UNSIGNED BIG INT", "id: number;"),
        ("INT8", "id: number;"),
        ("integer", "id?: number;"),
        ("Integer", "id?: number;"),
    ] {
        let path = database(
            &format!("pk-{}", declared.replace(' ', "_")),
            &format!("CREATE TABLE tags (id {declared} NOT NULL PRIMARY KEY, name TEXT NOT NULL)"),
        );
        let fields = insert_interface_after_adding_a_column(&path, "tags", "Tag");
        // A key that is the rowid comes back from a pull as autoIncrement and is left out.
        let expected: Vec<&str> = if id_field.starts_with("id?") {
            vec!["name: string;", "note?: string | null;"]
        } else {
            vec![id_field, "name: string;", "note?: string | null;"]
        };
        assert_eq!(fields, expected, "{declared}");
    }
}

/// A table the spec writes anew (CREATE) keeps the spec's spelling: `INT` becomes `INTEGER
/// PRIMARY KEY`, the rowid, which SQLite fills.
#[test]
fn a_created_int_primary_key_is_the_rowid() {
    let r = generate_str(
        &json!({
            "description": "tags", "databaseType": "sqlite", "generateTypes": true, "timestamps": false,
            "tables": [{ "name": "tags", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INT", "nullable": false },
                { "name": "name", "type": "TEXT", "nullable": false }
            ]}]
        })
        .to_string(),
    );
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    assert!(
        r.up_migration.contains("id INTEGER PRIMARY KEY"),
        "{}",
        r.up_migration
    );
    assert!(
        r.type_definitions.unwrap().contains("  id?: number;\n"),
        "the rowid is optional on insert"
    );
}
