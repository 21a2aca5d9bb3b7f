//! What SQLite does, checked by running it (the bundled SQLite, and the PostgreSQL 15 and
//! MariaDB 10.11 servers where the point concerns them), against what the generator says:
//!
//! - A key that becomes the rowid (`INTEGER PRIMARY KEY`) from REAL or TEXT: the rebuild's key
//!   check refuses the migration while a key is no whole number (nothing is cut, as a CAST cuts
//!   10.5 to 10 elsewhere), and two texts of one number ('1' and '01') repeat the key. Each is
//!   said with the query that finds those rows.
//! - A CHECK calling SQLite's date and time functions on the clock (`date('now')`): SQLite
//!   creates the table, then refuses every row ("non-deterministic use of date() in a CHECK
//!   constraint"); validation refuses it, and takes what SQLite takes (CURRENT_DATE).
//!   PostgreSQL takes `now()` in a CHECK and reads it as each row is written; MariaDB refuses it
//!   when the table is created (error 1901), as MySQL 8.0 does (error 3814, its manual).
//! - A partial index's WHERE: SQLite takes `date('now')` there, then refuses every row
//!   ("non-deterministic use of date() in an index"), and refuses CURRENT_DATE and its other
//!   non-deterministic functions (`random()`) when the index is created; PostgreSQL 15 refuses
//!   `now()` and CURRENT_DATE there ("functions in index predicate must be marked IMMUTABLE").
//!   Validation refuses each.
//! - A rowid key made TEXT: the down migration makes it the rowid again, which refuses a key
//!   written since that is no whole number ('abc'), and repeats texts of one number ('1' and
//!   '01'). Said, with the query that finds those rows.

#[path = "common/servers.rs"]
mod servers;

use migration_generator::generate_str;
use migration_generator::output::GeneratedMigration;
use migration_generator::report::Issue;
use rusqlite::Connection;
use serde_json::{json, Value};
use servers::Server;

/// A spec of one table `items`: key `id` of type `key`, and a TEXT column.
fn items(key: &str) -> Value {
    json!({"description": "k", "databaseType": "sqlite", "now": "2026-02-09T12:00:00Z", "tables": [
        {"name": "items", "timestamps": false, "primaryKey": ["id"], "columns": [
            {"name": "id", "type": key, "nullable": false},
            {"name": "n", "type": "TEXT", "nullable": true}]}]})
}

/// `next` from `previous`, with allowDataLoss as given.
fn change(previous: &Value, next: &Value, allow_data_loss: bool) -> GeneratedMigration {
    let mut s = next.clone();
    s["previousSpec"] = previous.clone();
    s["allowDataLoss"] = json!(allow_data_loss);
    generate_str(&s.to_string())
}

/// The issues of `code` among `list`.
fn of<'a>(list: &'a [Issue], code: &str) -> Vec<&'a Issue> {
    list.iter().filter(|i| i.code.as_str() == code).collect()
}

/// The query a suggestion ends with (after "with: ").
fn query(issue: &Issue) -> String {
    let s = issue.suggestion.as_deref().unwrap();
    s[s.rfind("with: ").unwrap() + "with: ".len()..].to_string()
}

fn count(conn: &Connection, query: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM ({query})"), [], |r| r.get(0))
        .unwrap()
}

/// previousSpec's database in memory, holding `rows` (the VALUES of `items (id, n)`).
fn database_of(previous: &Value, rows: &str) -> Connection {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(&generate_str(&previous.to_string()).up_migration)
        .unwrap();
    conn.execute_batch(&format!("INSERT INTO items (id, n) VALUES {rows};"))
        .unwrap();
    conn
}

/// (typeof, value as text) of each key, in order.
fn keys(conn: &Connection) -> Vec<(String, String)> {
    conn.prepare("SELECT typeof(id), CAST(id AS TEXT) FROM items ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// A REAL key made INTEGER becomes the rowid: the rebuild refuses a key with a fraction (its key
/// check), it cuts nothing. The warning says so (not "CAST cuts every fraction off"), with the
/// query that finds the rows; on the bundled SQLite the migration fails while 10.5 is there,
/// and then makes 11.0 the integer 11. Without allowDataLoss, the error says the same.
#[test]
fn a_real_key_made_the_rowid_says_the_key_check_refuses_a_fraction() {
    let (previous, next) = (items("REAL"), items("INTEGER"));
    let refused = change(&previous, &next, false);
    let error = of(&refused.validation.errors, "TYPE_NARROWING");
    assert_eq!(error.len(), 1, "{:?}", refused.validation.errors);
    let r = change(&previous, &next, true);
    let said = of(&r.validation.warnings, "TYPE_NARROWING");
    assert_eq!(said.len(), 1, "{:?}", r.validation.warnings);
    for issue in [error[0], said[0]] {
        assert!(!issue.message.contains("cuts"), "{}", issue.message);
        assert!(
            issue.message.contains("makes it the rowid")
                && issue
                    .message
                    .contains("a key with a fraction (10.5) or text refuses the migration at the rebuild's key check"),
            "{}",
            issue.message
        );
    }
    let q = query(said[0]);
    assert_eq!(query(error[0]), q);
    let conn = database_of(&previous, "(10.5, 'a'), (11.0, 'b'), (12, 'c')");
    assert_eq!(count(&conn, &q), 1, "{q}");
    let e = conn.execute_batch(&r.up_migration).unwrap_err().to_string();
    assert!(
        e.contains("values_that_are_null_or_not_integers_in_the_new_integer_key"),
        "{e}"
    );
    conn.execute_batch("DELETE FROM items WHERE id = 10.5;")
        .unwrap();
    assert_eq!(count(&conn, &q), 0, "{q}");
    conn.execute_batch(&r.up_migration).unwrap();
    assert_eq!(
        keys(&conn),
        [
            ("integer".into(), "11".into()),
            ("integer".into(), "12".into())
        ]
    );
}

/// The same from a database file: the narrowing says the key check, not a cut.
#[test]
fn a_real_key_of_a_file_made_the_rowid_says_the_key_check() {
    let dir = std::env::temp_dir().join(format!("mg-rowid-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    migration_generator::sqlite_memory::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE items (id REAL PRIMARY KEY NOT NULL, n TEXT);
             INSERT INTO items VALUES (10.5, 'a'), (11, 'b');",
        )
        .unwrap();
    let mut spec = items("INTEGER");
    spec["existingDbPath"] = json!(path.to_str().unwrap());
    spec["allowDataLoss"] = json!(true);
    let r = generate_str(&spec.to_string());
    let said = of(&r.validation.warnings, "TYPE_NARROWING");
    assert_eq!(said.len(), 1, "{:?}", r.validation.warnings);
    assert!(!said[0].message.contains("cuts"), "{}", said[0].message);
    assert!(
        said[0].message.contains("rebuild's key check"),
        "{}",
        said[0].message
    );
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    assert_eq!(count(&conn, &query(said[0])), 1);
    let e = conn.execute_batch(&r.up_migration).unwrap_err().to_string();
    assert!(
        e.contains("values_that_are_null_or_not_integers_in_the_new_integer_key"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A TEXT key made INTEGER becomes the rowid: text that is a whole number becomes it, so '1'
/// and '01' repeat the key and the copy fails (UNIQUE constraint failed: items.id, rolled
/// back). Said (it was not), with the query that finds them; other text ('abc') refuses the
/// migration at the key check, which the narrowing's query finds.
#[test]
fn a_text_key_made_the_rowid_says_texts_of_one_number_repeat() {
    let (previous, next) = (items("TEXT"), items("INTEGER"));
    let r = change(&previous, &next, true);
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    let repeats: Vec<&Issue> = of(&r.validation.warnings, "ROWS_REFUSE_CHANGE")
        .into_iter()
        .filter(|i| i.message.contains("the primary key (id)"))
        .collect();
    assert_eq!(repeats.len(), 1, "{:?}", r.validation.warnings);
    assert!(
        repeats[0].message.contains("the rowid")
            && repeats[0].message.contains("'1', '01' and ' 1 ' become 1"),
        "{}",
        repeats[0].message
    );
    let narrowing = of(&r.validation.warnings, "TYPE_NARROWING");
    assert_eq!(narrowing.len(), 1, "{:?}", r.validation.warnings);
    assert!(
        narrowing[0].message.contains(
            "any other text ('2.5', '1e3', 'abc', '') refuses it at the rebuild's key check"
        ),
        "{}",
        narrowing[0].message
    );
    let (q, not_whole) = (query(repeats[0]), query(narrowing[0]));
    let conn = database_of(
        &previous,
        "('1', 'a'), ('01', 'b'), ('2', 'c'), ('abc', 'd')",
    );
    assert_eq!(count(&conn, &not_whole), 1, "{not_whole}");
    let e = conn.execute_batch(&r.up_migration).unwrap_err().to_string();
    assert!(
        e.contains("values_that_are_null_or_not_integers_in_the_new_integer_key"),
        "{e}"
    );
    conn.execute_batch("DELETE FROM items WHERE id = 'abc';")
        .unwrap();
    assert_eq!(count(&conn, &q), 1, "{q}");
    let e = conn.execute_batch(&r.up_migration).unwrap_err().to_string();
    assert!(e.contains("UNIQUE constraint failed: items.id"), "{e}");
    conn.execute_batch("DELETE FROM items WHERE id = '01';")
        .unwrap();
    assert_eq!(count(&conn, &q), 0, "{q}");
    conn.execute_batch("INSERT INTO items VALUES (' 42 ', 'e'), ('7.0', 'f');")
        .unwrap();
    conn.execute_batch(&r.up_migration).unwrap();
    assert_eq!(
        keys(&conn),
        [
            ("integer".into(), "1".into()),
            ("integer".into(), "2".into()),
            ("integer".into(), "7".into()),
            ("integer".into(), "42".into())
        ]
    );
}

/// CHECK expressions over `d TEXT` and `n INTEGER`, each with whether SQLite refuses the rows
/// written under it (checked below by running it).
const CLOCK_CHECKS: &[(&str, bool)] = &[
    ("d <= date('now')", true),
    ("d <= date('NOW', '-1 day')", true),
    ("d <= datetime()", true),
    ("d <= time('now')", true),
    ("julianday(d) < julianday('now')", true),
    ("n < strftime('%s')", true),
    ("strftime('%Y', d) <= strftime('%Y', 'now')", true),
    ("d <= datetime(d, 'localtime')", true),
    ("d <= datetime(d, 'UTC')", true),
    ("d IS NULL OR d <= (date(('now')))", true),
    ("d <= CURRENT_DATE", false),
    ("d <= CURRENT_TIMESTAMP", false),
    ("d <= date(CURRENT_TIMESTAMP, '-1 day')", false),
    ("julianday(d) < julianday(CURRENT_TIMESTAMP)", false),
    ("n <> random()", false),
    ("d <= date(d, '+1 day')", false),
    ("strftime('%Y', d) >= '1999'", false),
    ("d <> 'now'", false),
];

/// The spec of a table with the CHECK `expression`, on `database`, over `d` of type `ty`.
fn checked(database: &str, ty: &str, expression: &str) -> Value {
    json!({"description": "c", "databaseType": database, "now": "2026-02-09T12:00:00Z", "tables": [
        {"name": "t", "timestamps": false, "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "d", "type": ty, "nullable": true},
            {"name": "n", "type": "INTEGER", "nullable": true}],
         "checkConstraints": [{"name": "chk_t", "expression": expression}]}]})
}

/// Validation refuses, on SQLite, exactly the CHECKs whose rows the bundled SQLite refuses
/// (it creates each table): a date and time function reading the clock. The rewrite it
/// suggests for `date('now')`, CURRENT_DATE, is one SQLite takes.
#[test]
fn sqlite_checks_reading_the_clock_are_refused_as_the_bundled_sqlite_refuses_their_rows() {
    for &(expression, refuses) in CLOCK_CHECKS {
        let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, d TEXT, n INTEGER, CHECK ({expression}));"
        ))
        .unwrap();
        let written = conn.execute_batch("INSERT INTO t (d, n) VALUES ('2000-01-01', 1);");
        let sqlite_refused = written
            .as_ref()
            .is_err_and(|e| e.to_string().contains("non-deterministic use of"));
        assert_eq!(sqlite_refused, refuses, "{expression}: {written:?}");
        let r = generate_str(&checked("sqlite", "TEXT", expression).to_string());
        let errors = of(&r.validation.errors, "INVALID_CHECK_EXPRESSION");
        assert_eq!(
            errors.len(),
            usize::from(refuses),
            "{expression}: {:?}",
            r.validation.errors
        );
        if refuses {
            assert!(
                errors[0]
                    .message
                    .contains("SQLite creates the table, then refuses every row written to it"),
                "{}",
                errors[0].message
            );
        } else {
            assert!(
                r.validation.valid,
                "{expression}: {:?}",
                r.validation.errors
            );
            migration_generator::sqlite_memory::open_in_memory()
                .unwrap()
                .execute_batch(&r.up_migration)
                .unwrap();
        }
    }
    let r = generate_str(&checked("sqlite", "TEXT", "d <= date('now')").to_string());
    let suggestion = r.validation.errors[0].suggestion.as_deref().unwrap();
    assert!(suggestion.starts_with("write CURRENT_DATE"), "{suggestion}");
    assert!(CLOCK_CHECKS.contains(&("d <= CURRENT_DATE", false)));
}

/// PostgreSQL 15 takes `now()` in a CHECK and reads it as each row is written: validation takes
/// it, and the table refuses a later row. MariaDB 10.11 refuses it when the table is created
/// (error 1901), as validation does for MySQL.
#[test]
fn servers_take_or_refuse_now_in_a_check_as_validation_says() {
    let expression = "d <= now()";
    let pg = generate_str(&checked("postgresql", "TIMESTAMP", expression).to_string());
    assert!(pg.validation.valid, "{:?}", pg.validation.errors);
    if let Some(db) = Server::Postgres.scratch("clock_check") {
        db.exec(&pg.up_migration);
        db.exec("INSERT INTO t (d, n) VALUES (TIMESTAMP '2000-01-01', 1);");
        let e = db
            .run("INSERT INTO t (d, n) VALUES (TIMESTAMP '2999-01-01', 2);")
            .unwrap_err();
        assert!(e.contains("chk_t"), "{e}");
    }
    let my = generate_str(&checked("mysql", "DATETIME", expression).to_string());
    let errors = of(&my.validation.errors, "INVALID_CHECK_EXPRESSION");
    assert_eq!(errors.len(), 1, "{:?}", my.validation.errors);
    if let Some(db) = Server::MariaDb.scratch("clock_check") {
        let e = db
            .run("CREATE TABLE t (id INT PRIMARY KEY, d DATETIME, CONSTRAINT chk_t CHECK (d <= now()));")
            .unwrap_err();
        assert!(e.contains("1901"), "{e}");
    }
}

/// Partial-index WHEREs over `d TEXT` and `n INTEGER`, each with whether SQLite refuses it:
/// when the index is created (its non-deterministic functions, CURRENT_DATE among them) or
/// when a row is written (its date and time functions reading the clock). Checked below.
const CLOCK_INDEXES: &[(&str, bool)] = &[
    ("d <= date('now')", true),
    ("d <= datetime()", true),
    ("n < strftime('%s')", true),
    ("julianday(d) < julianday('now', '-1 day')", true),
    ("d <= datetime(d, 'localtime')", true),
    ("date('subsec') IS NULL", true),
    ("d <= CURRENT_DATE", true),
    ("d <= CURRENT_TIME", true),
    ("d <= CURRENT_TIMESTAMP", true),
    ("d <= date(CURRENT_TIMESTAMP, '-1 day')", true),
    ("n <> random()", true),
    ("randomblob(2) IS NOT NULL", true),
    ("changes() >= 0", true),
    ("total_changes() >= 0", true),
    ("last_insert_rowid() >= 0", true),
    ("sqlite_version() > '3'", true),
    ("sqlite_source_id() IS NOT NULL", true),
    ("sqlite_compileoption_used('THREADSAFE') >= 0", true),
    ("sqlite_compileoption_get(0) IS NOT NULL", true),
    ("d <= date(d, '+1 day')", false),
    ("strftime('%Y', d) >= '1999'", false),
    ("d >= '2026-01-01'", false),
    ("abs(n) > 0", false),
];

/// The spec of a table over `d` of type `ty` with an index on `d` WHERE `predicate`.
fn partially_indexed(database: &str, ty: &str, predicate: &str) -> Value {
    json!({"description": "c", "databaseType": database, "now": "2026-02-09T12:00:00Z", "tables": [
        {"name": "t", "timestamps": false, "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true},
            {"name": "d", "type": ty, "nullable": true},
            {"name": "n", "type": "INTEGER", "nullable": true}],
         "indexes": [{"name": "idx_t_d", "columns": ["d"], "where": predicate}]}]})
}

/// Whether the bundled SQLite refuses the partial index WHERE `predicate`, when the index is
/// created or when a row is written, with its error.
fn sqlite_refuses_index(predicate: &str) -> Result<(), String> {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, d TEXT, n INTEGER);")
        .unwrap();
    conn.execute_batch(&format!(
        "CREATE INDEX idx_t_d ON t (d) WHERE {predicate};
         INSERT INTO t (d, n) VALUES ('2000-01-01', 1);"
    ))
    .map_err(|e| e.to_string())
}

/// Validation refuses, on SQLite, exactly the partial-index WHEREs the bundled SQLite refuses
/// (it took `date('now')` there, then refused every row: "non-deterministic use of date() in an
/// index"; CURRENT_DATE, which a CHECK takes, it refuses at CREATE INDEX), each with a rewrite;
/// what it takes, the generated migration creates, and rows are written.
#[test]
fn sqlite_partial_indexes_reading_the_clock_are_refused_as_the_bundled_sqlite_refuses_them() {
    for &(predicate, refuses) in CLOCK_INDEXES {
        let sqlite = sqlite_refuses_index(predicate);
        assert_eq!(
            sqlite
                .as_ref()
                .is_err_and(|e| e.contains("non-deterministic")),
            refuses,
            "{predicate}: {sqlite:?}"
        );
        let r = generate_str(&partially_indexed("sqlite", "TEXT", predicate).to_string());
        let errors = of(&r.validation.errors, "INVALID_CHECK_EXPRESSION");
        assert_eq!(
            errors.len(),
            usize::from(refuses),
            "{predicate}: {:?}",
            r.validation.errors
        );
        if refuses {
            let (message, suggestion) = (&errors[0].message, errors[0].suggestion.as_deref());
            assert!(
                message.starts_with("the partial-index WHERE expression of 'idx_t_d' is refused")
                    && message.contains("partial index's WHERE")
                    && suggestion.is_some_and(|s| s.starts_with("write ")),
                "{message} / {suggestion:?}"
            );
        } else {
            assert!(r.validation.valid, "{predicate}: {:?}", r.validation.errors);
            let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
            conn.execute_batch(&r.up_migration).unwrap();
            conn.execute_batch("INSERT INTO t (d, n) VALUES ('2000-01-01', 1);")
                .unwrap();
        }
    }
    let said = |predicate: &str| {
        let r = generate_str(&partially_indexed("sqlite", "TEXT", predicate).to_string());
        r.validation.errors[0].clone()
    };
    let now = said("d <= date('now')");
    assert!(
        now.message
            .contains("SQLite creates the index, then refuses every row written to the table"),
        "{}",
        now.message
    );
    assert!(
        now.suggestion
            .as_deref()
            .unwrap()
            .starts_with("write a fixed date or time"),
        "{:?}",
        now.suggestion
    );
    let today = said("d <= CURRENT_DATE");
    assert!(
        today.message.contains("it reads CURRENT_DATE")
            && today.message.contains("when the index is created"),
        "{}",
        today.message
    );
    let local = said("d <= datetime(d, 'localtime')");
    assert!(
        local.suggestion.as_deref().unwrap().contains("in UTC"),
        "{:?}",
        local.suggestion
    );
}

/// PostgreSQL 15 refuses now() and CURRENT_DATE in a partial index's WHERE at CREATE INDEX
/// ("functions in index predicate must be marked IMMUTABLE"), as validation does; a fixed date
/// it takes.
#[test]
fn postgres_refuses_the_clock_in_a_partial_index_as_validation_does() {
    for (predicate, refuses) in [
        ("d <= now()", true),
        ("d <= CURRENT_DATE", true),
        ("d <= CURRENT_TIMESTAMP", true),
        ("d >= DATE '2026-01-01'", false),
    ] {
        let r = generate_str(&partially_indexed("postgresql", "TIMESTAMP", predicate).to_string());
        let errors = of(&r.validation.errors, "INVALID_CHECK_EXPRESSION");
        assert_eq!(
            errors.len(),
            usize::from(refuses),
            "{predicate}: {:?}",
            r.validation.errors
        );
        if let Some(db) = Server::Postgres.scratch("clock_index") {
            db.exec("CREATE TABLE t (id INT PRIMARY KEY, d TIMESTAMP, n INT);");
            let made = db.run(&format!("CREATE INDEX idx_t_d ON t (d) WHERE {predicate};"));
            assert_eq!(made.is_err(), refuses, "{predicate}: {made:?}");
            if let Err(e) = made {
                assert!(e.contains("IMMUTABLE"), "{e}");
            } else {
                assert!(r.validation.valid, "{:?}", r.validation.errors);
            }
        }
    }
}

/// The `DOWN_DATA_LOSS` warning about the rowid `id` that the down migration makes again: one,
/// on column `id`, and no other about `id` (the text of a number staying text there is untrue
/// of the rowid, which refuses it).
fn rowid_given_back(r: &GeneratedMigration) -> Issue {
    let about_id: Vec<&Issue> = of(&r.validation.warnings, "DOWN_DATA_LOSS")
        .into_iter()
        .filter(|i| i.column.as_deref() == Some("id"))
        .collect();
    assert_eq!(about_id.len(), 1, "{:?}", r.validation.warnings);
    let said = about_id[0];
    assert!(
        said.message.contains(
            "the down migration makes 'id' of 'items' the rowid (INTEGER PRIMARY KEY) again"
        ) && said
            .message
            .contains("two texts of one number ('1' and '01') make it fail")
            && said.message.contains("'abc'"),
        "{}",
        said.message
    );
    said.clone()
}

/// On `conn`, after the up migration of `r` over keys 1 and 2: the down migration fails while a
/// key written since is 'abc' (the key check) or is '01' beside '1' (UNIQUE), which the
/// warning's query finds; once they are gone it runs, and the keys are the integers again.
fn down_fails_on_text_keys_as_said(conn: &Connection, r: &GeneratedMigration, said: &Issue) {
    conn.execute_batch(&r.up_migration).unwrap();
    conn.execute_batch("INSERT INTO items (id, n) VALUES ('abc', 'c'), ('01', 'd'), (' 7 ', 'e');")
        .unwrap();
    let q = query(said);
    assert_eq!(count(conn, &q), 3, "{q}");
    let e = conn
        .execute_batch(&r.down_migration)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("values_that_are_null_or_not_integers_in_the_new_integer_key"),
        "{e}"
    );
    conn.execute_batch("DELETE FROM items WHERE id = 'abc';")
        .unwrap();
    assert_eq!(count(conn, &q), 2, "{q}");
    let e = conn
        .execute_batch(&r.down_migration)
        .unwrap_err()
        .to_string();
    assert!(e.contains("UNIQUE constraint failed: items.id"), "{e}");
    conn.execute_batch("DELETE FROM items WHERE id = '01';")
        .unwrap();
    assert_eq!(count(conn, &q), 0, "{q}");
    conn.execute_batch(&r.down_migration).unwrap();
    assert_eq!(
        keys(conn),
        [
            ("integer".into(), "1".into()),
            ("integer".into(), "2".into()),
            ("integer".into(), "7".into())
        ]
    );
}

/// The rowid key made TEXT from previousSpec: the down migration makes it the rowid again,
/// which refuses 'abc' and repeats '1' and '01'. Said (it was not: the warning said text stays
/// text), with a query that finds them; checked on the bundled SQLite.
#[test]
fn a_rowid_key_made_text_says_the_down_migration_refuses_text_keys() {
    let (previous, next) = (items("INTEGER"), items("TEXT"));
    let r = change(&previous, &next, false);
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    let said = rowid_given_back(&r);
    let conn = database_of(&previous, "(1, 'a'), (2, 'b')");
    down_fails_on_text_keys_as_said(&conn, &r, &said);
}

/// The same from a database file whose rowid key the spec makes TEXT.
#[test]
fn a_rowid_key_of_a_file_made_text_says_the_down_migration_refuses_text_keys() {
    let dir = std::env::temp_dir().join(format!("mg-rowid-down-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    migration_generator::sqlite_memory::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE items (id INTEGER PRIMARY KEY NOT NULL, n TEXT);
             INSERT INTO items VALUES (1, 'a'), (2, 'b');",
        )
        .unwrap();
    let mut spec = items("TEXT");
    spec["existingDbPath"] = json!(path.to_str().unwrap());
    let r = generate_str(&spec.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    let said = rowid_given_back(&r);
    let conn = migration_generator::sqlite_memory::open(&path).unwrap();
    down_fails_on_text_keys_as_said(&conn, &r, &said);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}
