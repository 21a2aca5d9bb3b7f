//! What the warnings of a change to an existing SQLite database (existingDbPath) say about the
//! rows it holds, checked against what the generated migration does to those rows on the
//! bundled SQLite: the counts at the edges of the integer range, every table's narrowing in
//! one report, the values a dropped column takes with it.

#[path = "common/sqlite_files.rs"]
mod sqlite_files;
use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use migration_generator::report::Issue;
use serde_json::{json, Value};
use sqlite_files::open;
use std::path::{Path, PathBuf};

/// A database file made of `sql`, in a directory of its own.
fn database(name: &str, sql: &str) -> PathBuf {
    sqlite_files::database("mg-rows-warn", name, sql)
}

fn generate(path: &Path, tables: Value, allow_data_loss: bool) -> GeneratedMigration {
    generate_str(
        &json!({
            "description": "change", "databaseType": "sqlite", "existingDbPath": path.to_str().unwrap(),
            "now": "2026-02-09T12:00:00Z", "allowDataLoss": allow_data_loss, "tables": tables
        })
        .to_string(),
    )
}

/// The issues of `code` among `list`.
fn of<'a>(list: &'a [Issue], code: &str) -> Vec<&'a Issue> {
    list.iter().filter(|i| i.code.as_str() == code).collect()
}

/// (typeof, value as text) of `column` in each row of `table`, by rowid.
fn values(path: &Path, table: &str, column: &str) -> Vec<(String, String)> {
    open(path)
        .prepare(&format!(
            "SELECT typeof({column}), CAST({column} AS TEXT) FROM {table} ORDER BY rowid"
        ))
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn id() -> Value {
    json!({"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true})
}

/// REAL into INTEGER: CAST holds 2^63 at 9223372036854775807, a value the migration changes
/// though it comes back as the same REAL: counted. The words are a REAL's, not text's.
#[test]
fn a_real_at_the_edge_of_the_integer_range_is_counted_as_changed() {
    let path = database(
        "real_edge",
        "CREATE TABLE u (id INTEGER PRIMARY KEY AUTOINCREMENT, x REAL);
         INSERT INTO u (x) VALUES (9223372036854775808.0), (1.0), (-9223372036854775808.0), (NULL);",
    );
    let tables = json!([{"name": "u", "timestamps": false, "columns": [id(),
        {"name": "x", "type": "INTEGER", "nullable": true}]}]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let said = of(&result.validation.warnings, "TYPE_NARROWING");
    assert_eq!(said.len(), 1, "{said:?}");
    let message = &said[0].message;
    assert!(
        message.contains(": 1 row holds a value that the conversion changes"),
        "{message}"
    );
    assert!(!message.contains("'true'"), "{message}");
    assert!(
        message.contains("9223372036854775808.0 becomes 9223372036854775807"),
        "{message}"
    );
    open(&path).execute_batch(&result.up_migration).unwrap();
    assert_eq!(
        values(&path, "u", "x"),
        [
            ("integer".into(), "9223372036854775807".into()),
            ("integer".into(), "1".into()),
            ("integer".into(), "-9223372036854775808".into()),
            ("null".into(), String::new()),
        ]
    );
}

/// INTEGER into REAL: −2^63 is a REAL exactly, but SQLite's INTEGER affinity does not take
/// that REAL back (it leaves the ends of the range as REAL): the down migration leaves it a
/// REAL in the INTEGER column. Counted as the integers past 2^53 are.
#[test]
fn the_smallest_integer_is_counted_as_not_coming_back_from_real() {
    let sql = "CREATE TABLE b (id INTEGER PRIMARY KEY, n INTEGER);
               INSERT INTO b (n) VALUES (-9223372036854775808), (5), (NULL);";
    let tables = json!([{"name": "b", "timestamps": false, "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false},
        {"name": "n", "type": "REAL", "nullable": true}], "primaryKey": ["id"]}]);
    let path = database("int_edge", sql);
    let refused = generate(&path, tables.clone(), false);
    let errors = of(&refused.validation.errors, "TYPE_NARROWING");
    assert_eq!(errors.len(), 1, "{:?}", refused.validation.errors);
    assert!(
        errors[0]
            .message
            .contains(": 1 row holds the integer -9223372036854775808, which a REAL holds exactly but which the down migration leaves a REAL"),
        "{}",
        errors[0].message
    );
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let said = of(&result.validation.warnings, "TYPE_NARROWING");
    assert_eq!(said.len(), 1, "{:?}", result.validation.warnings);
    assert!(
        said[0]
            .message
            .contains("1 row holds the integer -9223372036854775808"),
        "{}",
        said[0].message
    );
    // What it says is what up and down do.
    open(&path).execute_batch(&result.up_migration).unwrap();
    open(&path).execute_batch(&result.down_migration).unwrap();
    assert_eq!(
        values(&path, "b", "n"),
        [
            ("real".into(), "-9.22337203685478e+18".into()),
            ("integer".into(), "5".into()),
            ("null".into(), String::new()),
        ]
    );
}

/// Two tables, each narrowed in a way that stops the migration without allowDataLoss: one
/// report names both.
#[test]
fn every_table_s_narrowing_error_is_reported_at_once() {
    let path = database(
        "two_narrowings",
        "CREATE TABLE a (id INTEGER PRIMARY KEY, code TEXT);
         CREATE TABLE b (id INTEGER PRIMARY KEY, n INTEGER);
         INSERT INTO a (code) VALUES ('x');
         INSERT INTO b (n) VALUES (9007199254740993);",
    );
    let table = |name: &str, column: &str, ty: &str| {
        json!({"name": name, "timestamps": false, "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": column, "type": ty, "nullable": true}]})
    };
    let tables = json!([table("a", "code", "INTEGER"), table("b", "n", "REAL")]);
    let result = generate(&path, tables.clone(), false);
    let said: Vec<Option<&str>> = of(&result.validation.errors, "TYPE_NARROWING")
        .iter()
        .map(|e| e.table.as_deref())
        .collect();
    assert_eq!(
        said,
        [Some("a"), Some("b")],
        "{:?}",
        result.validation.errors
    );
    // With allowDataLoss, both are warnings. 'x' is no number: the trial says the migration
    // refuses it, and it does, rolled back whole (CAST made it 0 before).
    let result = generate(&path, tables.clone(), true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert_eq!(of(&result.validation.warnings, "TYPE_NARROWING").len(), 2);
    let refused = of(&result.validation.warnings, "ROWS_REFUSE_CHANGE");
    assert_eq!(refused.len(), 1, "{:?}", result.validation.warnings);
    assert!(
        refused[0].message.contains(
            "the first row holding text that is not a number is (id) = (1), whose 'code' is 'x'"
        ),
        "{}",
        refused[0].message
    );
    let e = open(&path)
        .execute_batch(&result.up_migration)
        .unwrap_err()
        .to_string();
    assert!(e.contains("text_that_is_not_a_number = 0"), "{e}");
    assert_eq!(values(&path, "a", "code"), [("text".into(), "x".into())]);
    assert_eq!(
        values(&path, "b", "n"),
        [("integer".into(), "9007199254740993".into())]
    );
    // With a number there, the migration runs, doing what the warnings say.
    open(&path)
        .execute_batch("UPDATE a SET code = ' 7 ';")
        .unwrap();
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    assert!(of(&result.validation.warnings, "ROWS_REFUSE_CHANGE").is_empty());
    open(&path).execute_batch(&result.up_migration).unwrap();
    assert_eq!(values(&path, "a", "code"), [("integer".into(), "7".into())]);
    assert_eq!(
        values(&path, "b", "n"),
        [("real".into(), "9.00719925474099e+15".into())]
    );
}

/// A column dropped with allowDataLoss: the warning says how many rows hold a value there.
#[test]
fn a_dropped_column_says_how_many_rows_hold_a_value_in_it() {
    let path = database(
        "dropped_column",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT);
         INSERT INTO t (a, b, c) VALUES ('1', 'x', NULL), ('2', NULL, NULL), ('3', 'y', NULL);",
    );
    let tables = json!([{"name": "t", "timestamps": false, "primaryKey": ["id"], "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false},
        {"name": "a", "type": "TEXT", "nullable": true}]}]);
    let result = generate(&path, tables, true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let message = |column: &str| {
        of(&result.validation.warnings, "DATA_LOSS")
            .iter()
            .find(|w| w.column.as_deref() == Some(column))
            .unwrap_or_else(|| panic!("{column}: {:?}", result.validation.warnings))
            .message
            .clone()
    };
    assert!(
        message("b").ends_with("; 2 rows hold a value there now"),
        "{}",
        message("b")
    );
    assert!(
        message("c").ends_with("; no row holds a value there now"),
        "{}",
        message("c")
    );
    let conn = open(&path);
    let held: i64 = conn
        .query_row("SELECT count(*) FROM t WHERE b IS NOT NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(held, 2);
    conn.execute_batch(&result.up_migration).unwrap();
    let columns: i64 = conn
        .query_row("SELECT count(*) FROM pragma_table_info('t')", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(columns, 2);
}

/// Whether the up migration of `result` runs on a copy of `path` after `sql`; SQLite's error
/// when it does not. The file itself is left as it is.
fn runs_on_a_copy(
    path: &Path,
    name: &str,
    sql: &str,
    result: &GeneratedMigration,
) -> Result<(), String> {
    let copy = path.with_file_name(format!("{name}.db"));
    std::fs::copy(path, &copy).unwrap();
    let conn = open(&copy);
    conn.execute_batch(sql).unwrap();
    conn.execute_batch(&result.up_migration)
        .map_err(|e| e.to_string())
}

/// A column made NOT NULL without a default, on a file whose table holds no NULL there: the
/// migration runs here, but not on another copy whose rows hold NULL; said.
#[test]
fn not_null_without_default_is_said_when_this_file_holds_no_null() {
    let tables = json!([{"name": "t", "timestamps": false, "primaryKey": ["id"], "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false},
        {"name": "x", "type": "TEXT", "nullable": false}]}]);
    for (name, rows, said) in [
        (
            "nn_empty",
            "",
            Some("; this database's table has no rows now, so the migration runs on it"),
        ),
        (
            "nn_full",
            "INSERT INTO t (x) VALUES ('a');",
            Some("; no row of this database holds NULL there now, so the migration runs on it"),
        ),
        // This file's NULL: the trial's ROWS_REFUSE_CHANGE says it, alone.
        ("nn_null", "INSERT INTO t (x) VALUES (NULL);", None),
    ] {
        let path = database(
            name,
            &format!("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT); {rows}"),
        );
        let result = generate(&path, tables.clone(), false);
        assert!(
            result.validation.valid,
            "{name}: {:?}",
            result.validation.errors
        );
        let warned = of(&result.validation.warnings, "NOT_NULL_WITHOUT_DEFAULT");
        let refused = of(&result.validation.warnings, "ROWS_REFUSE_CHANGE");
        match said {
            Some(said) => {
                assert_eq!(warned.len(), 1, "{name}: {:?}", result.validation.warnings);
                assert!(
                    warned[0].message.starts_with("the column 'x' becomes NOT NULL without a default: on a database where a row holds NULL there (another copy the migration file is run on), the table's rebuild fails (rolled back)")
                        && warned[0].message.ends_with(said),
                    "{name}: {}",
                    warned[0].message
                );
                assert_eq!(warned[0].table.as_deref(), Some("t"));
                assert!(refused.is_empty(), "{name}: {refused:?}");
                // As said: another copy holding NULL refuses it.
                let err =
                    runs_on_a_copy(&path, "other", "INSERT INTO t (x) VALUES (NULL);", &result)
                        .unwrap_err();
                assert!(
                    err.contains("NOT NULL constraint failed: t.x"),
                    "{name}: {err}"
                );
                open(&path).execute_batch(&result.up_migration).unwrap();
            }
            None => {
                assert!(warned.is_empty(), "{name}: {warned:?}");
                assert_eq!(refused.len(), 1, "{name}: {:?}", result.validation.warnings);
                assert!(open(&path).execute_batch(&result.up_migration).is_err());
            }
        }
    }
}

/// A column added with a default and a foreign key: every row already there gets the default,
/// which the foreign key refuses unless the referenced table has that key. On a file whose
/// table has no rows the migration runs, and on another copy with rows it fails: said.
#[test]
fn a_new_referencing_column_with_a_default_is_said_when_this_file_has_no_rows_it_refuses() {
    let tables = json!([
        {"name": "tags", "timestamps": false, "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "name", "type": "TEXT", "nullable": true}]},
        {"name": "posts", "timestamps": false, "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "title", "type": "TEXT", "nullable": true},
            {"name": "tag_id", "type": "INTEGER", "nullable": false, "default": 0}],
         "foreignKeys": [{"columns": ["tag_id"], "referencedTable": "tags", "referencedColumns": ["id"]}]}]);
    let schema = "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
                  CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);";
    for (name, rows, said) in [
        ("fk_empty", "INSERT INTO tags (id, name) VALUES (1, 'a');", Some("; this database's table has no rows now, so the migration runs on it")),
        ("fk_row", "INSERT INTO tags (id, name) VALUES (0, 'none'); INSERT INTO posts (title) VALUES ('p');", Some("; this database has that row, so the migration runs on it")),
        // This file's rows refuse it: the trial's ROWS_REFUSE_CHANGE says it, alone.
        ("fk_refused", "INSERT INTO posts (title) VALUES ('p');", None),
    ] {
        let path = database(name, &format!("{schema} {rows}"));
        let result = generate(&path, tables.clone(), false);
        assert!(result.validation.valid, "{name}: {:?}", result.validation.errors);
        let warned: Vec<&Issue> = of(&result.validation.warnings, "ROWS_REFUSE_CHANGE");
        assert_eq!(warned.len(), 1, "{name}: {:?}", result.validation.warnings);
        match said {
            Some(said) => {
                assert_eq!(warned[0].column.as_deref(), Some("tag_id"), "{name}");
                assert!(
                    warned[0].message.starts_with("the new column 'tag_id' gets 0 in every row already there, which its foreign key to 'tags' refuses unless 'tags' has a row whose 'id' is 0: on a database where 'posts' has rows and 'tags' has no such row, the migration fails (rolled back)")
                        && warned[0].message.ends_with(said),
                    "{name}: {}",
                    warned[0].message
                );
                // As said: another copy, with a post and no tag 0, refuses it.
                let err = runs_on_a_copy(&path, "other", "DELETE FROM tags WHERE id = 0; INSERT INTO posts (title) VALUES ('q');", &result).unwrap_err();
                assert!(err.contains("FOREIGN KEY") || err.contains("foreign_key"), "{name}: {err}");
                open(&path).execute_batch(&result.up_migration).unwrap();
            }
            None => {
                assert_eq!(warned[0].column, None, "{name}: {:?}", warned[0]);
                assert!(warned[0].message.starts_with("on a copy of the database's rows"), "{name}: {}", warned[0].message);
                assert!(open(&path).execute_batch(&result.up_migration).is_err());
            }
        }
    }
}

/// The column names of `table`, in their order.
fn column_order(path: &Path, table: &str) -> Vec<String> {
    open(path)
        .prepare(&format!(
            "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A table split in two: the migration creates `profiles` with columns of the same names and
/// types as columns it drops from `users` (allowDataLoss). The DATA_LOSS warning gives the
/// statement that keeps the values (src/split_copy.rs; tests/table_split_copy.rs runs it in the
/// up migration on every dialect), and the way in three migrations works too: create the table,
/// copy, then drop.
#[test]
fn a_split_table_s_data_loss_says_to_copy_the_values_first() {
    let path = database(
        "split",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, bio TEXT, avatar BLOB);
         INSERT INTO users (name, bio, avatar) VALUES ('a', 'hello', X'01'), ('b', NULL, NULL);",
    );
    let users = json!({"name": "users", "timestamps": false, "primaryKey": ["id"], "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false},
        {"name": "name", "type": "TEXT", "nullable": true}]});
    let profiles = json!({"name": "profiles", "timestamps": false, "primaryKey": ["user_id"], "columns": [
        {"name": "user_id", "type": "INTEGER", "nullable": false},
        {"name": "bio", "type": "TEXT", "nullable": true},
        {"name": "avatar", "type": "BLOB", "nullable": true}]});
    let result = generate(&path, json!([users, profiles]), true);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    let suggestion = |column: &str| {
        of(&result.validation.warnings, "DATA_LOSS")
            .iter()
            .find(|w| w.column.as_deref() == Some(column))
            .unwrap_or_else(|| panic!("{column}: {:?}", result.validation.warnings))
            .suggestion
            .clone()
            .unwrap_or_default()
    };
    for column in ["bio", "avatar"] {
        assert!(
            suggestion(column).starts_with("'profiles', which this migration creates, has columns of the same names and types (bio, avatar): if the values move there, keep them with this statement (paste it right after the CREATE TABLE of 'profiles', on the line after `CREATE TABLE IF NOT EXISTS profiles (…);`, before `ALTER TABLE users DROP COLUMN bio;`, where the up migration starts the change of 'users' that drops them: it creates 'profiles' first): INSERT INTO profiles (bio, avatar) SELECT bio, avatar FROM users; (add to it the column of 'profiles' that ties each row to its row of 'users', and a value for each NOT NULL column without a default: user_id) Otherwise back up"),
            "{column}: {}",
            suggestion(column)
        );
    }
    // As it says: the table first, the copy (with the key tying the rows), then the drop.
    let first = generate(
        &path,
        json!([{"name": "users", "timestamps": false, "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "name", "type": "TEXT", "nullable": true},
            {"name": "bio", "type": "TEXT", "nullable": true},
            {"name": "avatar", "type": "BLOB", "nullable": true}]}, profiles]),
        false,
    );
    assert!(first.validation.valid, "{:?}", first.validation.errors);
    open(&path).execute_batch(&first.up_migration).unwrap();
    open(&path)
        .execute_batch(
            "INSERT INTO profiles (user_id, bio, avatar) SELECT id, bio, avatar FROM users;",
        )
        .unwrap();
    let last = generate(&path, json!([users, profiles]), true);
    assert!(last.validation.valid, "{:?}", last.validation.errors);
    open(&path).execute_batch(&last.up_migration).unwrap();
    let kept: Vec<(i64, Option<String>)> = open(&path)
        .prepare("SELECT user_id, bio FROM profiles ORDER BY user_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kept, [(1, Some("hello".into())), (2, None)]);
    assert_eq!(column_order(&path, "users"), ["id", "name"]);
}

/// The `tasks` table of the refusal tests, with `extra` merged into it (its keys, CHECKs,
/// indexes).
fn tasks(extra: Value) -> Value {
    let mut t = json!({"name": "tasks", "timestamps": false, "columns": [
        id(),
        {"name": "tenant_id", "type": "INTEGER", "nullable": false},
        {"name": "name", "type": "TEXT", "nullable": false},
        {"name": "n", "type": "INTEGER", "nullable": true}
    ]});
    if let Value::Object(m) = extra {
        for (k, v) in m {
            t[k] = v;
        }
    }
    t
}

fn tenants() -> Value {
    json!({"name": "tenants", "timestamps": false, "columns": [
        id(), {"name": "name", "type": "TEXT", "nullable": false}
    ]})
}

/// The message and suggestion of the one `ROWS_REFUSE_CHANGE` warning of `r`.
fn refusal(r: &GeneratedMigration) -> (String, String) {
    let found = of(&r.validation.warnings, "ROWS_REFUSE_CHANGE");
    assert_eq!(found.len(), 1, "{:?}", r.validation.warnings);
    (
        found[0].message.clone(),
        found[0].suggestion.clone().unwrap_or_default(),
    )
}

/// The rows the query of a suggestion (after "find them all with: ") finds in the file, each
/// as its values' text joined by '|'.
fn found_by_suggestion(path: &Path, suggestion: &str) -> Vec<String> {
    let query = suggestion
        .split("find them all with: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no query: {suggestion}"));
    let query = &query[..query.find(");").unwrap_or_else(|| panic!("{suggestion}"))];
    let conn = open(path);
    let mut statement = conn.prepare(query).unwrap();
    let n = statement.column_count();
    let rows = statement
        .query_map([], |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                        rusqlite::types::Value::Integer(v) => v.to_string(),
                        rusqlite::types::Value::Text(t) => t,
                        other => format!("{other:?}"),
                    })
                })
                .collect::<rusqlite::Result<Vec<String>>>()
                .map(|v| v.join("|"))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows
}

/// A `ROWS_REFUSE_CHANGE` of a SQLite file says WHICH rows refuse the change, not the guard
/// statement that failed: the first values that repeat under a new UNIQUE (a constraint, a
/// column's flag), the first reference to no row under a new foreign key, the key of the first
/// row a new CHECK refuses. The values are quoted as SQL writes them, a long or
/// control-character-bearing text cut and escaped; the query that finds them all is given when
/// it runs on the file as it is, and finds them there.
#[test]
fn a_refused_change_names_the_first_row_that_refuses_it() {
    let setup = "PRAGMA foreign_keys = ON;
        CREATE TABLE tenants (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
        CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id INTEGER NOT NULL, name TEXT NOT NULL, n INTEGER);
        INSERT INTO tenants (name) VALUES ('x');
        INSERT INTO tasks (tenant_id, name, n) VALUES (1, 'a', 1), (1, 'b', 2), (1, 'a', -5), (7, 'c', 3);";
    let path = database("offender", setup);

    // A new UNIQUE constraint (an index added without a rebuild).
    let unique = json!({"uniqueConstraints": [{"name": "uq_tasks_tenant_name", "columns": ["tenant_id", "name"]}]});
    let r = generate(&path, json!([tenants(), tasks(unique)]), false);
    let (message, suggestion) = refusal(&r);
    assert!(
        message.contains("values repeat under the UNIQUE index 'uq_tasks_tenant_name': first (tenant_id, name) = (1, 'a'), in 2 rows"),
        "{message}"
    );
    assert!(!message.contains("INSERT OR ROLLBACK"), "{message}");
    assert_eq!(found_by_suggestion(&path, &suggestion), ["1|a|2"]);

    // A new foreign key (a rebuild): the orphan's key and value.
    let fk = json!({"foreignKeys": [{"columns": ["tenant_id"], "referencedTable": "tenants", "referencedColumns": ["id"]}]});
    let r = generate(&path, json!([tenants(), tasks(fk)]), false);
    let (message, suggestion) = refusal(&r);
    assert!(
        message.contains("first, the row (id) = (4) of 'tasks' has (tenant_id) = (7), which no row of 'tenants' has"),
        "{message}"
    );
    assert_eq!(found_by_suggestion(&path, &suggestion), ["4|7|c|3"]);

    // A new CHECK (a rebuild): the key of the first row it refuses.
    let check = json!({"checkConstraints": [{"name": "ck_tasks_n", "expression": "n > 0"}]});
    let r = generate(&path, json!([tenants(), tasks(check)]), false);
    let (message, suggestion) = refusal(&r);
    assert!(
        message.contains("the first row the new 'tasks' refuses is (id) = (3)"),
        "{message}"
    );
    assert!(message.contains("ck_tasks_n"), "{message}");
    assert_eq!(found_by_suggestion(&path, &suggestion), ["3|1|a|-5"]);

    // A UNIQUE column over a text with a quote, a newline, an escape and 100 characters, in a
    // rebuild (with the CHECK, which these rows pass): shown quoted, escaped and cut.
    let long = format!("it''s\n\u{1b}[31m{}", "z".repeat(100));
    let path = database(
        "offender-text",
        &format!(
            "CREATE TABLE tasks (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id INTEGER NOT NULL, name TEXT NOT NULL, n INTEGER);
             INSERT INTO tasks (tenant_id, name, n) VALUES (1, '{long}', 1), (2, '{long}', 2), (3, 'other', 3);"
        ),
    );
    let mut t = tasks(json!({"checkConstraints": [{"name": "ck_tasks_n", "expression": "n > 0"}]}));
    t["columns"][2]["unique"] = json!(true);
    let r = generate(&path, json!([t]), false);
    let (message, suggestion) = refusal(&r);
    let shown = format!(
        "the first row the new 'tasks' refuses is (id) = (2), whose (name) = ('it''s\\u{{a}}\\u{{1b}}[31m{}…') repeats",
        "z".repeat(30)
    );
    assert!(message.contains(&shown), "{shown}\n{message}");
    assert!(
        !message.contains('\n') && !message.contains('\u{1b}'),
        "{message}"
    );
    let value = format!("it's\n\u{1b}[31m{}|2", "z".repeat(100));
    assert_eq!(found_by_suggestion(&path, &suggestion), [value]);
}

/// A column named `rowid` hides the row's rowid: the offending row is read under another name
/// of it (`_rowid_`), not taken for the row whose `rowid` column holds that number (a reviewer:
/// the valid row (id) = (1) was named for the orphan (id) = (2)). A table whose name holds a
/// newline, an escape and a bidi control is named with them escaped.
#[test]
fn a_column_named_rowid_does_not_hide_the_offending_row() {
    let setup = "CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE tasks (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, name TEXT NOT NULL, n INTEGER, \"rowid\" INTEGER);
        INSERT INTO tenants VALUES (1, 'x');
        INSERT INTO tasks VALUES (1, 1, 'a', 1, 2), (2, 7, 'b', 2, 1);";
    let path = database("offender-rowid", setup);
    let mut tasks = tasks(
        json!({"foreignKeys": [{"columns": ["tenant_id"], "referencedTable": "tenants", "referencedColumns": ["id"]}]}),
    );
    tasks["columns"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "rowid", "type": "INTEGER", "nullable": true}));
    let r = generate(&path, json!([tenants(), tasks]), false);
    let (message, _) = refusal(&r);
    assert!(
        message.contains("first, the row (id) = (2) of 'tasks' has (tenant_id) = (7), which no row of 'tenants' has"),
        "{message}"
    );
}

/// A nullable column added without a default under a new CHECK that refuses NULL whatever the
/// row holds (`x IS NOT NULL`): every row already there gets NULL, which the CHECK refuses. On
/// a file whose table has no rows the migration runs, and on another copy with rows it fails:
/// said, with the query that finds them. This file's rows: the trial's warning says it, alone.
#[test]
fn a_new_nullable_column_under_a_check_refusing_null_is_said_when_this_file_has_no_rows() {
    let tables = json!([{"name": "t", "timestamps": false, "primaryKey": ["id"], "columns": [
        {"name": "id", "type": "INTEGER", "nullable": false},
        {"name": "name", "type": "TEXT", "nullable": true},
        {"name": "x", "type": "INTEGER", "nullable": true}],
        "checkConstraints": [{"name": "chk_t_x", "expression": "x IS NOT NULL AND x > 0"}]}]);
    for (name, rows, said) in [
        (
            "mg_G_null_empty",
            "",
            Some("; this database's table has no rows now, so the migration runs on it"),
        ),
        ("mg_G_null_rows", "INSERT INTO t (name) VALUES ('a');", None),
    ] {
        let path = database(
            name,
            &format!("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); {rows}"),
        );
        let result = generate(&path, tables.clone(), false);
        assert!(
            result.validation.valid,
            "{name}: {:?}",
            result.validation.errors
        );
        let warned = of(&result.validation.warnings, "ROWS_REFUSE_CHANGE");
        assert_eq!(warned.len(), 1, "{name}: {:?}", result.validation.warnings);
        match said {
            Some(said) => {
                let w = warned[0];
                assert_eq!(
                    (w.column.as_deref(), w.constraint.as_deref()),
                    (Some("x"), Some("chk_t_x")),
                    "{name}"
                );
                assert!(
                    w.message.starts_with("adding the CHECK 'chk_t_x' (x IS NOT NULL AND x > 0) to 't' with its new column 'x': every row already there gets NULL in it, which the CHECK refuses, so on a database where 't' has rows this migration fails")
                        && w.message.ends_with(said),
                    "{name}: {}",
                    w.message
                );
                // As said: another copy with rows refuses it; the query finds them there.
                let suggestion = w.suggestion.clone().unwrap_or_default();
                let query = &suggestion[suggestion.find("SELECT ").unwrap()..];
                let query = query.split("; or ").next().unwrap();
                assert_eq!(query, "SELECT * FROM t", "{name}");
                let copy = path.with_file_name("mg_G_other.db");
                std::fs::copy(&path, &copy).unwrap();
                let conn = open(&copy);
                conn.execute_batch("INSERT INTO t (name) VALUES ('b'), ('c');")
                    .unwrap();
                let found: i64 = conn
                    .query_row(&format!("SELECT count(*) FROM ({query})"), [], |r| r.get(0))
                    .unwrap();
                assert_eq!(found, 2, "{name}");
                let err = conn.execute_batch(&result.up_migration).unwrap_err();
                assert!(
                    err.to_string().contains("chk_t_x") || err.to_string().contains("CHECK"),
                    "{name}: {err}"
                );
                open(&path).execute_batch(&result.up_migration).unwrap();
            }
            None => {
                assert_eq!(warned[0].column, None, "{name}: {:?}", warned[0]);
                assert!(open(&path).execute_batch(&result.up_migration).is_err());
            }
        }
    }
}
