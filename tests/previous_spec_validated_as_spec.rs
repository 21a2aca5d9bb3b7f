//! `previousSpec` is validated exactly as the same spec is when it is the spec, on every
//! dialect: what `check old.json` accepts is accepted as `--previous old.json`, and what it
//! refuses is refused with the same errors, "previousSpec: " before each, but for the rules of
//! new names on PostgreSQL and MySQL, where previousSpec's names are any the database holds
//! (Prisma's `"User"` with `"tenantId"`, see tests/previous_spec_prisma_names.rs). A user trial found
//! SQLite's previousSpec refusing tables marked `existing: true` whose names a migration could
//! not create (Prisma's `"User"`, a `tenantId` column, a table named `order`): the database made
//! from that spec in memory had created them as new tables, under the rules of new names.

use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use serde_json::{json, Value};

const DIALECTS: [&str; 3] = ["sqlite", "postgresql", "mysql"];

fn id() -> Value {
    json!({ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true })
}

fn column(name: &str, ty: &str) -> Value {
    json!({ "name": name, "type": ty, "nullable": true })
}

fn spec(db: &str, tables: Value) -> Value {
    json!({ "description": "d", "databaseType": db, "timestamps": false,
        "now": "2026-12-07T12:00:00Z", "tables": tables })
}

/// A table marked existing, with the names a database made by another tool has.
fn existing(name: &str, columns: &[&str]) -> Value {
    let mut all = vec![json!({ "name": "id", "type": "INTEGER", "nullable": false })];
    all.extend(columns.iter().map(|c| column(c, "INTEGER")));
    json!({ "name": name, "existing": true, "columns": all, "primaryKey": ["id"] })
}

/// A new table `notes` whose `user_id` references `table`'s id, deleting as `on_delete` says.
fn notes(table: &str, on_delete: &str) -> Value {
    json!({ "name": "notes", "columns": [id(), column("user_id", "INTEGER")],
        "foreignKeys": [{ "columns": ["user_id"], "referencedTable": table,
            "referencedColumns": ["id"], "onDelete": on_delete }] })
}

/// Specs `check` accepts on every dialect.
fn valid_tables() -> Vec<(&'static str, Value)> {
    vec![
        (
            "Prisma's User, referenced",
            json!([existing("User", &[]), notes("User", "CASCADE")]),
        ),
        (
            "a reserved table name and a camelCase column, marked existing",
            json!([existing("order", &["tenantId"]), notes("order", "SET NULL")]),
        ),
        (
            "reserved and camelCase column names of an existing table, with its odd index",
            json!([
                { "name": "Account", "existing": true, "primaryKey": ["id"],
                  "columns": [{ "name": "id", "type": "INTEGER", "nullable": false },
                      column("select", "TEXT"), column("createdAt", "TIMESTAMP")],
                  "indexes": [{ "name": "Account_createdAt_idx", "columns": ["createdAt"] }] },
                notes("Account", "NO ACTION")
            ]),
        ),
        (
            "an existing table whose names hold a quote and a space",
            json!([
                { "name": "Us\"er", "existing": true, "primaryKey": ["id"],
                  "columns": [{ "name": "id", "type": "INT", "nullable": false },
                      column("first name", "TEXT"), column("e\"mail", "TEXT")],
                  "uniqueConstraints": [{ "name": "Us\"er e\"mail", "columns": ["e\"mail"] }],
                  "indexes": [{ "name": "by first name", "columns": ["first name"] }] },
                notes("Us\"er", "SET NULL")
            ]),
        ),
        (
            "new tables with checks, defaults, unique and indexes",
            json!([{ "name": "things", "columns": [id(),
                    { "name": "code", "type": "VARCHAR", "length": 20, "nullable": false, "unique": true },
                    { "name": "qty", "type": "INTEGER", "nullable": false, "default": 0 },
                    { "name": "price", "type": "DECIMAL", "precision": 10, "scale": 2, "nullable": true }],
                "checkConstraints": [{ "name": "chk_things_qty", "expression": "qty >= 0" }],
                "indexes": [{ "name": "idx_things_qty", "columns": ["qty"] }] }]),
        ),
    ]
}

/// Specs `check` refuses, on some dialect at least.
fn invalid_tables() -> Vec<(&'static str, Value)> {
    vec![
        (
            "a new table named User",
            json!([{ "name": "User", "columns": [id()] }]),
        ),
        (
            "a new table named order",
            json!([{ "name": "order", "columns": [id()] }]),
        ),
        (
            "a new camelCase column",
            json!([{ "name": "t", "columns": [id(), column("tenantId", "INTEGER")] }]),
        ),
        (
            "a foreign key to a column the table lacks",
            json!([{ "name": "a", "columns": [id()] },
                { "name": "b", "columns": [id(), column("a_id", "INTEGER")],
                  "foreignKeys": [{ "columns": ["a_id"], "referencedTable": "a", "referencedColumns": ["nope"] }] }]),
        ),
        (
            "an existing table referencing a new one",
            json!([{ "name": "a", "columns": [id()] },
                { "name": "B", "existing": true, "primaryKey": ["id"],
                  "columns": [{ "name": "id", "type": "INTEGER", "nullable": false }, column("aId", "INTEGER")],
                  "foreignKeys": [{ "columns": ["aId"], "referencedTable": "a", "referencedColumns": ["id"] }] }]),
        ),
        (
            "a DECIMAL whose scale is larger than its precision",
            json!([{ "name": "t", "columns": [id(),
                { "name": "d", "type": "DECIMAL", "precision": 5, "scale": 6, "nullable": true }] }]),
        ),
        (
            "a CHECK of a column the table lacks",
            json!([{ "name": "t", "columns": [id()],
                "checkConstraints": [{ "name": "chk_t_x", "expression": "x > 0" }] }]),
        ),
        (
            "a CHECK calling a function no database has",
            json!([{ "name": "t", "columns": [id(), column("x", "INTEGER")],
                "checkConstraints": [{ "name": "chk_t_x", "expression": "no_such_fn(x) > 0" }] }]),
        ),
        (
            "a partial index (MySQL has none)",
            json!([{ "name": "t", "columns": [id(), column("x", "INTEGER")],
                "indexes": [{ "name": "idx_t_x", "columns": ["x"], "where": "x > 0" }] }]),
        ),
        (
            "a default its column cannot hold",
            json!([{ "name": "t", "columns": [id(),
                { "name": "n", "type": "INTEGER", "nullable": true, "default": "abc" }] }]),
        ),
        (
            "a foreign key between types MySQL refuses",
            json!([{ "name": "a", "columns": [id()] },
                { "name": "b", "columns": [id(), column("a_id", "BIGINT")],
                  "foreignKeys": [{ "columns": ["a_id"], "referencedTable": "a", "referencedColumns": ["id"] }] }]),
        ),
        (
            "an index of a column the table lacks",
            json!([{ "name": "t", "columns": [id()],
                "indexes": [{ "name": "idx_t_x", "columns": ["x"] }] }]),
        ),
        (
            "a table name past 64 characters",
            json!([{ "name": "t".repeat(70), "columns": [id()] }]),
        ),
        (
            "a default expression of another type (PostgreSQL refuses it)",
            json!([{ "name": "t", "columns": [id(),
                { "name": "n", "type": "INTEGER", "nullable": true, "default": { "expression": "now()" } }] }]),
        ),
        (
            "a CHECK that is no condition (PostgreSQL refuses it)",
            json!([{ "name": "t", "columns": [id(), column("x", "INTEGER")],
                "checkConstraints": [{ "name": "chk_t_x", "expression": "x + 1" }] }]),
        ),
        (
            "two columns of one name",
            json!([{ "name": "t", "columns": [id(), column("x", "INTEGER"), column("x", "TEXT")] }]),
        ),
    ]
}

fn with_previous(current: &Value, previous: &Value) -> GeneratedMigration {
    let mut s = current.clone();
    s["previousSpec"] = previous.clone();
    generate_str(&s.to_string())
}

/// Each error as "CODE table column: message", `prefix` taken off the message (an error
/// without it is kept whole, so that it shows in a comparison).
fn errors(r: &GeneratedMigration, prefix: &str) -> Vec<String> {
    (r.validation.errors.iter())
        .map(|e| {
            format!(
                "{:?} {:?} {:?}: {}",
                e.code,
                e.table,
                e.column,
                e.message.strip_prefix(prefix).unwrap_or(&e.message)
            )
        })
        .collect()
}

/// Each spec, on each dialect, is refused as `previousSpec` with exactly the errors it gets as
/// the spec (beside a spec that is valid, and leaves previousSpec's tables as they are), and a
/// valid one is valid as its own previousSpec too, with nothing to change.
#[test]
fn a_spec_is_validated_as_previous_spec_exactly_as_it_is_as_the_spec() {
    let probe = json!([{ "name": "mg_probe", "columns": [id()] }]);
    let mut invalid_somewhere = 0;
    for db in DIALECTS {
        for (what, tables) in valid_tables().into_iter().chain(invalid_tables()) {
            let s = spec(db, tables);
            let alone = generate_str(&s.to_string());
            let as_previous = with_previous(&spec(db, probe.clone()), &s);
            // On PostgreSQL and MySQL, previousSpec's names are the database's: the rules of
            // new names (snake_case, no reserved word) are not theirs, any name the database
            // holds is (tests/previous_spec_prisma_names.rs).
            let of_new_names = |e: &String| {
                db != "sqlite"
                    && [
                        "InvalidTableName ",
                        "InvalidColumnName ",
                        "InvalidConstraintName ",
                        "ReservedKeyword ",
                    ]
                    .iter()
                    .any(|code| e.starts_with(code))
            };
            // A name previousSpec has is measured as the database measures it (MySQL counts
            // characters), a new one, snake_case ASCII, in bytes: the same number here.
            let refused: Vec<String> = (errors(&alone, "").into_iter())
                .filter(|e| !of_new_names(e))
                .map(|e| match db {
                    "mysql" => e.replace(" bytes; mysql keeps", " characters; mysql keeps"),
                    _ => e,
                })
                .collect();
            assert_eq!(
                errors(&as_previous, "previousSpec: "),
                refused,
                "{db}, {what}: as previousSpec (left) and as the spec (right)"
            );
            if db != "sqlite" && what.starts_with("a new ") {
                assert!(
                    refused.is_empty() && !alone.validation.valid,
                    "{db}, {what}"
                );
            }
            if alone.validation.valid {
                let itself = with_previous(&s, &s);
                assert!(
                    itself.validation.valid,
                    "{db}, {what}: {:?}",
                    itself.validation.errors
                );
                assert_eq!(itself.metadata.operation_type, "ALTER", "{db}, {what}");
                assert!(
                    (itself.validation.warnings.iter()).any(|w| w.code.as_str() == "NO_CHANGES"),
                    "{db}, {what}: {:?}",
                    itself.validation.warnings
                );
            } else {
                invalid_somewhere += 1;
            }
        }
    }
    // Every spec of the invalid list is refused on some dialect; the valid ones nowhere.
    assert!(
        invalid_somewhere >= invalid_tables().len(),
        "{invalid_somewhere}"
    );
    for db in DIALECTS {
        for (what, tables) in valid_tables() {
            let r = generate_str(&spec(db, tables).to_string());
            assert!(
                r.validation.valid,
                "{db}, {what}: {:?}",
                r.validation.errors
            );
        }
    }
}

/// Runs `sql` on `conn`, which must take it.
fn exec(conn: &rusqlite::Connection, sql: &str) {
    conn.execute_batch(sql)
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

fn numbers(conn: &rusqlite::Connection, sql: &str) -> Vec<Option<i64>> {
    let mut statement = conn.prepare(sql).unwrap();
    let rows = statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows
}

/// The user trial's pair on SQLite: `notes.user_id` references Prisma's `"User"` (marked
/// existing), and its ON DELETE goes from CASCADE to SET NULL; then the same with a table named
/// `order` and a `tenantId` column. From previousSpec (the API and `check --previous`'s path),
/// the change is valid, as from the database file that previousSpec's migration was run on
/// (`existingDbPath`) and as on PostgreSQL and MySQL. Its up migration, a rebuild of `notes`
/// on SQLite, run on that file with rows: the rows stay, no foreign key is broken, and deleting
/// a referenced row now sets the note's key NULL; the down migration gives CASCADE back.
#[test]
fn an_existing_table_with_a_name_no_migration_creates_is_taken_from_previous_spec_on_sqlite() {
    let cases = [
        (
            "User",
            vec![],
            r#"CREATE TABLE "User" (id INTEGER NOT NULL PRIMARY KEY);"#,
        ),
        (
            "order",
            vec!["tenantId"],
            r#"CREATE TABLE "order" (id INTEGER NOT NULL PRIMARY KEY, "tenantId" INTEGER);"#,
        ),
    ];
    let dir = std::env::temp_dir().join(format!("mg_I_previous_names_{}", std::process::id()));
    for (table, columns, made_by_another_tool) in cases {
        let pair = |db: &str| {
            let old = spec(
                db,
                json!([existing(table, &columns), notes(table, "CASCADE")]),
            );
            let new = spec(
                db,
                json!([existing(table, &columns), notes(table, "SET NULL")]),
            );
            (old, new)
        };
        for db in DIALECTS {
            let (old, new) = pair(db);
            let r = with_previous(&new, &old);
            assert!(
                r.validation.valid,
                "{db}, {table}: {:?}",
                r.validation.errors
            );
        }
        let (old, new) = pair("sqlite");
        let from_previous = with_previous(&new, &old);
        assert_eq!(
            from_previous.metadata.operations.len(),
            2,
            "{:?}",
            from_previous.metadata.operations
        );
        let quoted = format!("\"{table}\"");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.db");
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        exec(&conn, made_by_another_tool);
        exec(&conn, &generate_str(&old.to_string()).up_migration);
        exec(
            &conn,
            &format!("INSERT INTO {quoted} (id) VALUES (1), (2), (3); INSERT INTO notes (user_id) VALUES (1), (2), (3), (NULL);"),
        );
        // From the file, the same change is valid and rebuilds `notes` too.
        let mut on_file = new.clone();
        on_file["existingDbPath"] = json!(path.to_str().unwrap());
        let from_file = generate_str(&on_file.to_string());
        assert!(
            from_file.validation.valid,
            "{table}: {:?}",
            from_file.validation.errors
        );
        for r in [&from_previous, &from_file] {
            assert!(
                r.up_migration.contains("CREATE TABLE")
                    && r.up_migration.contains("ON DELETE SET NULL"),
                "{}",
                r.up_migration
            );
        }
        exec(&conn, "PRAGMA foreign_keys = ON;");
        exec(&conn, &from_previous.up_migration);
        assert_eq!(
            numbers(&conn, "SELECT user_id FROM notes ORDER BY id"),
            [Some(1), Some(2), Some(3), None],
            "{table}"
        );
        assert!(numbers(&conn, "SELECT 1 FROM pragma_foreign_key_check").is_empty());
        exec(&conn, &format!("DELETE FROM {quoted} WHERE id = 1;"));
        assert_eq!(
            numbers(&conn, "SELECT user_id FROM notes ORDER BY id"),
            [None, Some(2), Some(3), None],
            "{table}: SET NULL"
        );
        assert!(
            conn.execute_batch("INSERT INTO notes (user_id) VALUES (99);")
                .is_err(),
            "{table}: a key to no row is refused"
        );
        exec(&conn, &from_previous.down_migration);
        exec(&conn, &format!("DELETE FROM {quoted} WHERE id = 2;"));
        assert_eq!(
            numbers(&conn, "SELECT user_id FROM notes ORDER BY id"),
            [None, Some(3), None],
            "{table}: CASCADE again"
        );
        assert!(numbers(&conn, "SELECT 1 FROM pragma_foreign_key_check").is_empty());
        drop(conn);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
