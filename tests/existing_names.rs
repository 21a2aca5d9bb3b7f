//! Names other tools give a SQLite database (Prisma's `User`, `createdAt`; Knex's
//! `knex_migrations_lock.index`; Sequelize's `SequelizeMeta`) are not names a spec can create.
//! Against a database that already has the name, validation still refuses it (same code, same
//! severity), but its suggestion must not be "rename it to 'user'": SQLite matches `user` to
//! `User`, so the renamed column would be added and the old one dropped. It says to leave the
//! table out of the spec instead. A spec that brings such a name new keeps the "rename it"
//! suggestion. Index and constraint names with capitals that the table already has (TypeORM's
//! `UQ_…` and `IDX_…`, Prisma's `User_email_key`) are taken: the migration keeps them.

mod common;

use migration_generator::spec::DatabaseType;
use migration_generator::{generate_json, introspect, pull, spec_from_database_json};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A SQLite file in a fresh directory, made with `ddl`.
fn database(name: &str, ddl: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mg-existing-names-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    migration_generator::sqlite_memory::open(&path)
        .unwrap()
        .execute_batch(ddl)
        .unwrap();
    path
}

/// The spec pulled from the file with every table, those whose names a spec cannot give too
/// (which a pull leaves out), to be generated against that same file.
fn pulled(path: &Path) -> Value {
    let path = path.to_str().unwrap();
    let schema = introspect::introspect(path).unwrap();
    let mut spec = pull::spec_json_every_table(&schema, DatabaseType::Sqlite, path);
    spec["existingDbPath"] = json!(path);
    spec
}

fn errors(spec: &Value) -> Vec<Value> {
    let result: Value = serde_json::from_str(&generate_json(&spec.to_string())).unwrap();
    assert_eq!(result["validation"]["valid"], false, "{result:#}");
    result["validation"]["errors"].as_array().unwrap().clone()
}

/// The error of `code` about `name` (the table, column or constraint the issue names).
fn error_about<'a>(errors: &'a [Value], code: &str, name: &str) -> &'a Value {
    errors
        .iter()
        .find(|e| {
            e["code"] == code
                && [&e["constraint"], &e["column"], &e["table"]]
                    .into_iter()
                    .find(|v| !v.is_null())
                    .is_some_and(|v| v == name)
        })
        .unwrap_or_else(|| panic!("no {code} about '{name}' in {errors:#?}"))
}

fn suggestion(e: &Value) -> &str {
    e["suggestion"].as_str().unwrap_or_default()
}

const LEAVE_TABLE: &str = "the database already has this table under this name: leave it out of the spec (tables the spec does not list are never touched, not even by dropTablesNotInSpec when a spec cannot name them, and foreign keys may still reference them), or rename it: give the table a name the spec can have, with \"renamedFrom\" set to this one (the migration then renames it, with its rows)";

/// The suggestion for a column, index or constraint name the database already has.
fn says_leave_table_out(e: &Value, what: &str) {
    let s = suggestion(e);
    assert_eq!(e["type"], "error", "{e:#}");
    assert!(
        s.starts_with(&format!(
            "the database already has this {what} under this name: leave the table out of the spec"
        )),
        "{e:#}"
    );
    assert!(!s.starts_with("rename it"), "{e:#}");
}

#[test]
fn a_prisma_database_pulled_and_generated_against_itself_says_leave_the_table_out() {
    let path = database("prisma", common::PRISMA);
    let spec = pulled(&path);
    let errors = errors(&spec);

    for table in ["User", "Post"] {
        let e = error_about(&errors, "INVALID_TABLE_NAME", table);
        assert_eq!(suggestion(e), LEAVE_TABLE, "{e:#}");
    }
    says_leave_table_out(
        error_about(&errors, "INVALID_COLUMN_NAME", "createdAt"),
        "column",
    );
    assert!(
        suggestion(error_about(&errors, "INVALID_COLUMN_NAME", "createdAt")).contains(
            "renamed in the spec without renamedFrom, it would be dropped and a new column added"
        )
    );
    says_leave_table_out(
        error_about(&errors, "INVALID_COLUMN_NAME", "authorId"),
        "column",
    );
    // The index name the table already has is taken as it is.
    assert!(
        !errors.iter().any(|e| e["constraint"] == "User_email_key"),
        "{errors:#?}"
    );
    // No error about these names still suggests renaming.
    for e in &errors {
        assert!(!suggestion(e).starts_with("rename it"), "{e:#}");
    }
    // The pull itself leaves both tables out, saying why.
    let pulled: Value =
        serde_json::from_str(&spec_from_database_json(path.to_str().unwrap(), None)).unwrap();
    assert_eq!(pulled["spec"]["tables"], json!([]), "{pulled}");
    let whole: Vec<&Value> = pulled["leftOut"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["table"].is_null())
        .collect();
    assert_eq!(
        whole,
        [
            &json!({ "table": null, "what": "the table 'User' (its name is not lowercase snake_case, which a spec's table names are)" }),
            &json!({ "table": null, "what": "the table 'Post' (its name is not lowercase snake_case, which a spec's table names are)" }),
        ]
    );
}

#[test]
fn knex_typeorm_and_sequelize_names_the_database_has_say_leave_the_table_out() {
    let path = database(
        "tools",
        r#"
        CREATE TABLE `knex_migrations_lock` (`index` integer not null primary key autoincrement, `is_locked` integer);
        CREATE TABLE "user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar NOT NULL, "name" varchar NOT NULL,
            CONSTRAINT "UQ_e12875dfb3b1d92d7d7c5377e22" UNIQUE ("email", "name"));
        CREATE INDEX "IDX_065d4d8f3b5adb4a08841eae3c" ON "user" ("name");
        CREATE TABLE `SequelizeMeta` (`name` VARCHAR(255) NOT NULL UNIQUE PRIMARY KEY);
        CREATE TABLE `Users` (`id` INTEGER PRIMARY KEY AUTOINCREMENT, `firstName` VARCHAR(255), `createdAt` DATETIME NOT NULL, `updatedAt` DATETIME NOT NULL);
        "#,
    );
    let spec = pulled(&path);
    let errors = errors(&spec);

    // Knex: a reserved word as a column of a table whose own name is fine.
    let index = error_about(&errors, "RESERVED_KEYWORD", "index");
    assert_eq!(index["table"], "knex_migrations_lock");
    says_leave_table_out(index, "column");
    // TypeORM: a table whose name is fine, with constraint and index names in capitals that
    // the table already has: taken, no error about the table at all.
    assert!(!errors.iter().any(|e| e["table"] == "user"), "{errors:#?}");
    // Sequelize.
    for table in ["SequelizeMeta", "Users"] {
        let e = error_about(&errors, "INVALID_TABLE_NAME", table);
        assert_eq!(suggestion(e), LEAVE_TABLE, "{e:#}");
    }
    for column in ["firstName", "createdAt", "updatedAt"] {
        says_leave_table_out(
            error_about(&errors, "INVALID_COLUMN_NAME", column),
            "column",
        );
    }
    for e in &errors {
        assert!(!suggestion(e).starts_with("rename it"), "{e:#}");
    }
}

fn hand_written(existing: Option<&PathBuf>) -> Value {
    let mut spec = json!({
        "description": "add users",
        "databaseType": "sqlite",
        "timestamps": false,
        "tables": [{
            "name": "User",
            "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
                { "name": "createdAt", "type": "DATETIME", "nullable": false },
                { "name": "index", "type": "INTEGER", "nullable": true }
            ],
            "primaryKey": ["id"],
            "indexes": [{ "name": "User_createdAt_idx", "columns": ["createdAt"] }]
        }]
    });
    if let Some(path) = existing {
        spec["existingDbPath"] = json!(path.to_str().unwrap());
    }
    spec
}

fn says_rename(errors: &[Value]) {
    assert_eq!(
        suggestion(error_about(errors, "INVALID_TABLE_NAME", "User")),
        "rename it to 'user'"
    );
    assert_eq!(
        suggestion(error_about(errors, "INVALID_COLUMN_NAME", "createdAt")),
        "rename it to 'created_at'"
    );
    assert_eq!(
        suggestion(error_about(errors, "RESERVED_KEYWORD", "index")),
        "rename it, for example to 'index_value'"
    );
    assert_eq!(
        suggestion(error_about(
            errors,
            "INVALID_CONSTRAINT_NAME",
            "User_createdAt_idx"
        )),
        "rename it to 'user_created_at_idx'"
    );
}

#[test]
fn a_new_table_written_by_hand_still_gets_the_rename_suggestion() {
    // Against a database without the table.
    let path = database(
        "hand-written",
        "CREATE TABLE other_table (id INTEGER PRIMARY KEY)",
    );
    says_rename(&errors(&hand_written(Some(&path))));
    // With no database at all.
    says_rename(&errors(&hand_written(None)));
}

#[test]
fn only_the_names_the_database_has_get_the_new_suggestion() {
    let path = database("mixed", common::PRISMA);
    let mut spec = pulled(&path);
    let tables = spec["tables"].as_array_mut().unwrap();
    let user = tables.iter_mut().find(|t| t["name"] == "User").unwrap();
    // A column and an index the database does not have yet: renaming them is fine.
    user["columns"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "lastLogin", "type": "DATETIME", "nullable": true }));
    user["indexes"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "User_lastLogin_idx", "columns": ["lastLogin"] }));
    // A table the database does not have.
    tables.push(json!({
        "name": "Comment",
        "columns": [{ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
                    { "name": "postId", "type": "INTEGER", "nullable": false }],
        "primaryKey": ["id"]
    }));
    let errors = errors(&spec);
    assert_eq!(
        suggestion(error_about(&errors, "INVALID_TABLE_NAME", "User")),
        LEAVE_TABLE
    );
    says_leave_table_out(
        error_about(&errors, "INVALID_COLUMN_NAME", "createdAt"),
        "column",
    );
    assert_eq!(
        suggestion(error_about(&errors, "INVALID_COLUMN_NAME", "lastLogin")),
        "rename it to 'last_login'"
    );
    assert_eq!(
        suggestion(error_about(
            &errors,
            "INVALID_CONSTRAINT_NAME",
            "User_lastLogin_idx"
        )),
        "rename it to 'user_last_login_idx'"
    );
    assert_eq!(
        suggestion(error_about(&errors, "INVALID_TABLE_NAME", "Comment")),
        "rename it to 'comment'"
    );
    assert_eq!(
        suggestion(error_about(&errors, "INVALID_COLUMN_NAME", "postId")),
        "rename it to 'post_id'"
    );
}

#[test]
fn a_table_the_database_has_without_a_primary_key_is_suggested_to_be_left_out() {
    // Chrome's History `keyword_search_terms`, Android's `android_metadata`, Anki's `graves`:
    // the suggestion was "add primaryKey: ['id']", for a table with no `id` column.
    let path = database(
        "no_pk",
        "CREATE TABLE keyword_search_terms (keyword_id INTEGER NOT NULL, url_id INTEGER NOT NULL, \
         term LONGVARCHAR NOT NULL); CREATE TABLE meta (k TEXT, v TEXT);",
    );
    let spec = pulled(&path);
    let errs = errors(&spec);
    for table in ["keyword_search_terms", "meta"] {
        let e = error_about(&errs, "MISSING_PRIMARY_KEY", table);
        let s = e["suggestion"].as_str().unwrap();
        assert!(s.contains("leave it out of the spec"), "{e}");
        assert!(!s.contains("'id'"), "{e}");
    }
    // Leaving them out is a valid spec with nothing to do.
    let mut without = spec.clone();
    without["tables"] = json!([]);
    let result: Value = serde_json::from_str(&generate_json(&without.to_string())).unwrap();
    assert_eq!(result["validation"]["valid"], true, "{result:#}");
    // A new table without a key, with no `id` column, is not told to name one.
    let fresh = json!({"description": "x", "databaseType": "sqlite", "tables": [
        {"name": "pairs", "columns": [{"name": "a", "type": "INTEGER", "nullable": false}]}]});
    let errs = errors(&fresh);
    let e = error_about(&errs, "MISSING_PRIMARY_KEY", "pairs");
    assert!(!e["suggestion"].as_str().unwrap().contains("'id'"), "{e}");
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

/// A new table with a foreign key to Prisma's `"User"("id")`, listed `existing: true`: the
/// generator neither creates nor alters it, so its names (and its columns') need not be snake_case
/// (a user trial leaving Prisma Migrate was told to rename it). `user_table` is how the spec
/// lists it.
fn memberships_spec(database_type: &str, user_table: Value) -> Value {
    json!({
        "description": "add memberships", "databaseType": database_type, "now": "2026-02-09T12:00:00Z",
        "generateTypes": true,
        "tables": [
            user_table,
            { "name": "memberships", "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
                { "name": "user_id", "type": "INTEGER", "nullable": false },
                { "name": "tenant_id", "type": "INTEGER", "nullable": true }
            ], "foreignKeys": [
                { "columns": ["user_id"], "referencedTable": "User", "referencedColumns": ["id"], "onDelete": "CASCADE" }
            ] }
        ]
    })
}

fn prisma_user(database_type: &str) -> Value {
    let id = if database_type == "sqlite" {
        json!({ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true })
    } else {
        json!({ "name": "id", "type": "INTEGER", "nullable": false })
    };
    json!({ "name": "User", "existing": true, "columns": [
        id,
        { "name": "tenantId", "type": "INTEGER", "nullable": true },
        { "name": "createdAt", "type": "TIMESTAMP", "nullable": false }
    ], "primaryKey": ["id"] })
}

/// Whether `sql` has `REFERENCES {table} ({column})` (PostgreSQL writes no space before `(`).
fn references(sql: &str, table: &str, column: &str) -> bool {
    [" ", ""]
        .iter()
        .any(|space| sql.contains(&format!("REFERENCES {table}{space}({column})")))
}

fn generated(spec: &Value) -> Value {
    serde_json::from_str(&generate_json(&spec.to_string())).unwrap()
}

#[test]
fn a_table_marked_existing_keeps_its_prisma_names_on_every_dialect() {
    for db in ["sqlite", "postgresql", "mysql"] {
        let r = generated(&memberships_spec(db, prisma_user(db)));
        assert_eq!(
            r["validation"]["valid"], true,
            "{db}: {:#}",
            r["validation"]
        );
        let warnings: Vec<(&Value, &Value)> =
            (r["validation"]["warnings"].as_array().unwrap().iter())
                .map(|w| (&w["code"], &w["table"]))
                .collect();
        assert_eq!(
            warnings,
            [(&json!("DOWN_DATA_LOSS"), &json!("memberships"))],
            "{db}"
        );
        let up = r["upMigration"].as_str().unwrap();
        let quoted = if db == "mysql" { "`User`" } else { "\"User\"" };
        assert!(references(up, quoted, "id"), "{db}: {up}");
        assert!(!up.contains("CREATE TABLE \"User\"") && !up.contains("CREATE TABLE `User`"));
        let down = r["downMigration"].as_str().unwrap();
        assert!(
            !down.contains("User"),
            "{db}: the down migration names only memberships: {down}"
        );
        // No types for the table marked existing (an earlier migration's stay): nothing of
        // `User` or `tenantId` reaches the TypeScript.
        let types = r["typeDefinitions"].as_str().unwrap_or_default();
        assert!(types.contains("Membership"), "{db}: {types}");
        assert!(
            !types.contains("tenantId") && !types.contains("User"),
            "{db}: {types}"
        );
    }
}

#[test]
fn a_table_marked_existing_still_needs_a_name_the_database_can_hold() {
    let user = |db: &str, name: &str, column: &str| {
        let mut t = prisma_user(db);
        t["name"] = json!(name);
        t["columns"][1]["name"] = json!(column);
        let mut spec = memberships_spec(db, t);
        spec["tables"][1]["foreignKeys"][0]["referencedTable"] = json!(name);
        spec
    };
    let refused = |spec: &Value, code: &str, about: &str| {
        let errors = errors(spec);
        error_about(&errors, code, about);
    };
    // Longer than PostgreSQL's 63 bytes (it would cut the name: no table has it).
    let long = "U".repeat(64);
    refused(
        &user("postgresql", &long, "id2"),
        "IDENTIFIER_TOO_LONG",
        &long,
    );
    // MySQL counts characters: 64 two-byte letters are held, 65 are not.
    let ok = generated(&user("mysql", &"é".repeat(64), "tenantId"));
    assert_eq!(ok["validation"]["valid"], true, "{:#}", ok["validation"]);
    let long = "é".repeat(65);
    refused(&user("mysql", &long, "x"), "IDENTIFIER_TOO_LONG", &long);
    refused(&user("mysql", "User ", "x"), "INVALID_TABLE_NAME", "User ");
    refused(
        &user("mysql", "User", "tenant😀"),
        "INVALID_COLUMN_NAME",
        "tenant😀",
    );
    for db in ["sqlite", "postgresql", "mysql"] {
        refused(&user(db, "Us\ner", "x"), "INVALID_TABLE_NAME", "Us\ner");
        refused(&user(db, "", "x"), "INVALID_TABLE_NAME", "");
    }
}

#[test]
fn quotes_in_the_name_of_a_table_marked_existing_are_escaped() {
    for (db, name, written) in [
        (
            "postgresql",
            "Us\"er; DROP TABLE x; --",
            ("\"Us\"\"er; DROP TABLE x; --\"", "\"te\"\"nant\""),
        ),
        (
            "sqlite",
            "Us\"er; DROP TABLE x; --",
            ("\"Us\"\"er; DROP TABLE x; --\"", "\"te\"\"nant\""),
        ),
        (
            "mysql",
            "Us`er; DROP TABLE x; --",
            ("`Us``er; DROP TABLE x; --`", "`te\"nant`"),
        ),
    ] {
        let mut t = prisma_user(db);
        t["name"] = json!(name);
        let column = "te\"nant";
        t["columns"][1]["name"] = json!(column);
        t["uniqueConstraints"] = json!([{ "name": "User_tenant_key", "columns": [column] }]);
        let mut spec = memberships_spec(db, t);
        spec["tables"][1]["foreignKeys"][0]["referencedTable"] = json!(name);
        spec["tables"][1]["foreignKeys"][0]["referencedColumns"] = json!([column]);
        let r = generated(&spec);
        assert_eq!(
            r["validation"]["valid"], true,
            "{db}: {:#}",
            r["validation"]
        );
        let up = r["upMigration"].as_str().unwrap();
        let (table, column) = written;
        assert!(references(up, table, column), "{db}: {up}");
    }
}

/// SQLite, against a Prisma file (`existingDbPath`): `memberships` is added with its foreign key
/// to `"User"`, listed existing; up and down run on a copy of the file.
#[test]
fn a_new_table_references_prismas_user_in_the_sqlite_file() {
    let path = database("prisma-existing", common::PRISMA);
    let user = json!({ "name": "User", "existing": true, "columns": [
        { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
        { "name": "email", "type": "TEXT", "nullable": false },
        { "name": "createdAt", "type": "DATETIME", "nullable": false, "default": "CURRENT_TIMESTAMP" }
    ], "primaryKey": ["id"], "indexes": [{ "name": "User_email_key", "columns": ["email"], "unique": true }] });
    for listed in [true, false] {
        let mut spec = memberships_spec("sqlite", user.clone());
        if !listed {
            spec["tables"].as_array_mut().unwrap().remove(0);
        }
        spec["existingDbPath"] = json!(path.to_str().unwrap());
        let r = generated(&spec);
        assert_eq!(
            r["validation"]["valid"], true,
            "listed {listed}: {:#}",
            r["validation"]
        );
        let up = r["upMigration"].as_str().unwrap();
        assert!(references(up, "\"User\"", "id"), "{up}");
        // Run on a database made as the file was (the file itself is only read).
        let run = database(&format!("prisma-run-{listed}"), common::PRISMA);
        let conn = migration_generator::sqlite_memory::open(&run).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        conn.execute_batch(up)
            .unwrap_or_else(|e| panic!("{e}\n{up}"));
        conn.execute_batch(
            "INSERT INTO \"User\" (email) VALUES ('a@x'); INSERT INTO memberships (user_id) VALUES (1);",
        )
        .unwrap();
        assert!(conn
            .execute_batch("INSERT INTO memberships (user_id) VALUES (99)")
            .is_err());
        conn.execute_batch(r["downMigration"].as_str().unwrap())
            .unwrap();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(tables, ["Post", "User"]);
    }
}

/// PostgreSQL: a CREATE migration adds a foreign key in a `DO $$ … $$` block (a second run is
/// a no-op), but one naming a `$` is added plainly: a `$$` in the name of a table marked existing
/// (a reviewer's `x$$; DROP TABLE victims; DO $$`) would end the block's quoting and run the rest
/// as statements of their own. Every block left holds no `$` inside it.
#[test]
fn a_dollar_in_a_referenced_name_is_never_inside_a_do_block() {
    for name in ["x$$; DROP TABLE victims; DO $$", "Us$er", "$mg$"] {
        let mut t = prisma_user("postgresql");
        t["name"] = json!(name);
        let mut spec = memberships_spec("postgresql", t);
        spec["tables"][1]["foreignKeys"][0]["referencedTable"] = json!(name);
        let r = generated(&spec);
        assert_eq!(
            r["validation"]["valid"], true,
            "{name}: {:#}",
            r["validation"]
        );
        let up = r["upMigration"].as_str().unwrap();
        let quoted = format!("\"{name}\"");
        let statement = up
            .split(";\n")
            .find(|s| s.contains(&quoted))
            .unwrap_or_else(|| panic!("{name}: {up}"));
        assert!(
            statement.contains("ALTER TABLE memberships")
                && statement.contains("ADD CONSTRAINT fk_memberships_user_id")
                && !statement.contains("DO $$ BEGIN"),
            "{name}: {statement}"
        );
        for block in up.split("DO $$ BEGIN").skip(1) {
            let body = block.split(" END $$;").next().unwrap();
            assert!(!body.contains('$'), "{name}: {body}");
        }
    }
}
