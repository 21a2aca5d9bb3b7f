//! What the fuzz targets share: the oracle ([`check`]) and a structure-aware spec builder
//! ([`build_spec`]) that turns fuzzer bytes into a spec that is valid far more often than
//! random bytes ever are, while still reaching every field with hostile text.

use arbitrary::{Result, Unstructured};
use migration_generator::output::{GeneratedMigration, Operation};
use migration_generator::report::Code;
use rusqlite::Connection;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// A table that exists before the migration runs; its name can never pass validation (it has a
/// hyphen), so no spec can create or drop it legitimately.
const CANARY: &str = "canary-table";

/// Generates from `text` and asserts the generator's promises:
/// - no `INTERNAL_ERROR` (a panic inside the core aborts anyway: libFuzzer's panic hook);
/// - no `GENERATED_SQL_REJECTED` (validation must catch what the database would refuse);
/// - an invalid result carries no SQL;
/// - a valid result's file has exactly one UP and one DOWN marker line;
/// - SQLite: up runs on an in-memory database that already holds a canary table, creates
///   exactly the spec's tables, down leaves only the canary (with its row), and the whole file
///   (up then down) runs too;
/// - PostgreSQL and MySQL: every statement parses with sqlparser;
/// - a spec that names its `now` gives the same result with `selfCheck: 'expressions'` as with
///   the default full check.
pub fn check(text: &str) {
    let r = migration_generator::generate_str(text);
    same_with_expression_check(text);
    if let Some(e) = r
        .validation
        .errors
        .iter()
        .find(|e| e.code == Code::InternalError)
    {
        panic!("INTERNAL_ERROR: {}", e.message);
    }
    // The self-check refused the generator's own SQL: validation let something through.
    if let Some(e) = r
        .validation
        .errors
        .iter()
        .find(|e| e.code == Code::GeneratedSqlRejected)
    {
        panic!("GENERATED_SQL_REJECTED: {}\nspec: {text}", e.message);
    }
    if !r.validation.valid {
        assert!(r.up_migration.is_empty() && r.down_migration.is_empty());
        return;
    }
    for marker in ["-- UP MIGRATION", "-- DOWN MIGRATION"] {
        let n = r.file_content.lines().filter(|l| *l == marker).count();
        assert_eq!(n, 1, "{marker} appears {n} times:\n{}", r.file_content);
    }
    match r.metadata.database_type.as_str() {
        "sqlite" => check_sqlite(&r),
        "postgresql" => parse_all(&sqlparser::dialect::PostgreSqlDialect {}, &r),
        "mysql" => parse_all(&sqlparser::dialect::MySqlDialect {}, &r),
        other => panic!("unexpected databaseType {other:?} in a valid result"),
    }
}

/// For a JSON object with a `now` and no `selfCheck`: the result with
/// `selfCheck: 'expressions'` is the default's, byte for byte.
fn same_with_expression_check(text: &str) {
    let Ok(Value::Object(spec)) = serde_json::from_str::<Value>(text) else {
        return;
    };
    if !spec.contains_key("now") || spec.contains_key("selfCheck") {
        return;
    }
    // Inserted as text, first: the rest of the text (duplicate keys, their order) stays as it is.
    let Some(brace) = text.find('{') else {
        return;
    };
    let with_expressions = format!(
        "{}{{\"selfCheck\":\"expressions\",{}",
        &text[..brace],
        &text[brace + 1..]
    );
    let expressions = migration_generator::generate_json(&with_expressions);
    let full = migration_generator::generate_json(text);
    assert_eq!(full, expressions, "the full and the expression check differ\nspec: {text}");
}

fn parse_all(d: &dyn sqlparser::dialect::Dialect, r: &GeneratedMigration) {
    for sql in [&r.up_migration, &r.down_migration] {
        if let Err(e) = sqlparser::parser::Parser::parse_sql(d, sql) {
            panic!("sqlparser rejects generated SQL: {e}\n{sql}");
        }
    }
}

/// Tables (not indexes) in the database, the canary included.
pub fn sqlite_tables(conn: &Connection) -> BTreeSet<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap();
    let names = stmt.query_map([], |row| row.get::<_, String>(0)).unwrap();
    names.map(|n| n.unwrap()).collect()
}

/// Every object in the database: (type, name).
pub fn sqlite_objects(conn: &Connection) -> BTreeSet<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT type, name FROM sqlite_master")
        .unwrap();
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

/// A fresh in-memory database with foreign keys on and the canary table holding one row.
pub fn database_with_canary() -> Connection {
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; CREATE TABLE \"{CANARY}\" (x TEXT); INSERT INTO \"{CANARY}\" VALUES ('alive');"
    ))
    .unwrap();
    conn
}

fn canary_alone(conn: &Connection, what: &str, r: &GeneratedMigration) {
    let objects = sqlite_objects(conn);
    let expected: BTreeSet<(String, String)> = [("table".to_string(), CANARY.to_string())].into();
    assert_eq!(objects, expected, "after {what}:\n{}", r.file_content);
    let n: i64 = conn
        .query_row(&format!("SELECT count(*) FROM \"{CANARY}\""), [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(n, 1, "the canary lost its row after {what}");
}

fn check_sqlite(r: &GeneratedMigration) {
    let conn = database_with_canary();
    if let Err(e) = conn.execute_batch(&r.up_migration) {
        panic!("SQLite rejects the up migration: {e}\n{}", r.up_migration);
    }
    let mut expected: BTreeSet<String> = r
        .metadata
        .operations
        .iter()
        .filter(|o| o.operation == Operation::Create)
        .map(|o| o.table.clone())
        .collect();
    expected.insert(CANARY.to_string());
    assert_eq!(
        sqlite_tables(&conn),
        expected,
        "the up migration did not create exactly the spec's tables:\n{}",
        r.up_migration
    );
    if let Err(e) = conn.execute_batch(&r.down_migration) {
        panic!(
            "SQLite rejects the down migration: {e}\n{}",
            r.down_migration
        );
    }
    canary_alone(&conn, "down", r);

    let conn = database_with_canary();
    if let Err(e) = conn.execute_batch(&r.file_content) {
        panic!("SQLite rejects the whole file: {e}\n{}", r.file_content);
    }
    canary_alone(&conn, "the whole file (up then down)", r);
}

/// Text that tries to break out of wherever it lands.
pub const HOSTILE: &[&str] = &[
    "plain",
    "O'Brien",
    "it''s",
    "back\\slash",
    "\\'; DROP TABLE t0; --",
    "'); DROP TABLE t0; --",
    "a;b",
    "-- c",
    "/* c",
    "*/",
    "# c",
    "line\nDROP TABLE t0;",
    "cr\rDROP TABLE t0;",
    "ls\u{2028}DROP TABLE t0;",
    "ps\u{2029}x",
    "nel\u{85}x",
    "nul\u{0}x",
    "full\u{FF1B}width",
    "right\u{2019}quote",
    "\"dq\"",
    "`bt`",
    "$$dollar$$",
    "\n-- DOWN MIGRATION\nDROP TABLE t0;",
    "ünïcödé 日本",
    "",
    " ",
    "\t",
];

/// Names: mostly valid, some reserved, some invalid.
const NAMES: &[&str] = &[
    "t0",
    "t1",
    "t2",
    "t3",
    "id",
    "a",
    "b",
    "c",
    "name",
    "email",
    "created_at",
    "updated_at",
    "_x",
    "order",
    "user",
    "key",
    "select",
    "sqlite_x",
    "A",
    "a b",
    "a;b",
    "a\"b",
    "1a",
    "",
    "t\u{FF1B}",
];

fn pick<'a>(u: &mut Unstructured, pool: &[&'a str]) -> Result<&'a str> {
    Ok(pool[u.choose_index(pool.len())?])
}

fn text(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0..=6 => pick(u, HOSTILE)?.to_string(),
        7 => pick(u, HOSTILE)?.repeat(u.int_in_range(2..=300)?),
        _ => u.arbitrary::<String>()?,
    })
}

fn name(u: &mut Unstructured, valid: &[String]) -> Result<String> {
    Ok(match u.int_in_range(0..=19u8)? {
        0..=15 if !valid.is_empty() => valid[u.choose_index(valid.len())?].clone(),
        0..=16 => pick(u, NAMES)?.to_string(),
        17 => format!("n{}", "x".repeat(u.int_in_range(50..=140)?)),
        _ => u.arbitrary::<String>()?,
    })
}

/// An expression from a small grammar over `columns`, or (rarely) raw text.
fn expr(u: &mut Unstructured, columns: &[String], depth: u8) -> Result<String> {
    let leaf = depth == 0 || u.ratio(1, 3)?;
    if leaf {
        return Ok(match u.int_in_range(0..=5u8)? {
            0 | 1 if !columns.is_empty() => columns[u.choose_index(columns.len())?].clone(),
            0..=2 => u.int_in_range(-1000..=1000i64)?.to_string(),
            3 => quote(&text(u)?),
            4 => pick(u, &["NULL", "TRUE", "FALSE", "1.5", "0"])?.to_string(),
            _ => text(u)?,
        });
    }
    let a = expr(u, columns, depth - 1)?;
    let b = expr(u, columns, depth - 1)?;
    Ok(match u.int_in_range(0..=9u8)? {
        0 => format!("{a} {} {b}", pick(u, &["=", "<>", "<", "<=", ">", ">="])?),
        1 => format!("{a} AND {b}"),
        2 => format!("({a} OR {b})"),
        3 => format!("NOT ({a})"),
        4 => format!("{a} IS NULL"),
        5 => format!("{a} IN ({b}, {})", quote(&text(u)?)),
        6 => format!("{}({a})", pick(u, &["lower", "upper", "length", "abs"])?),
        7 => format!("{a} + {b}"),
        8 => format!("{a} || {b}"),
        _ => format!("{a} {} {b}", text(u)?),
    })
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn default_value(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => Value::Null,
        1 => json!(u.arbitrary::<bool>()?),
        2 => json!(u.int_in_range(-200..=200i64)?),
        3 => json!(u.arbitrary::<i64>()?),
        4 => json!(u.arbitrary::<f64>()?),
        5 => json!(pick(
            u,
            &[
                "CURRENT_TIMESTAMP",
                "CURRENT_DATE",
                "CURRENT_TIME",
                "2026-01-31",
                "2026-01-31 12:00:00",
                "123e4567-e89b-12d3-a456-426614174000",
                "{}",
                "[1,2]",
                "42",
                "1.5"
            ]
        )?),
        6 => json!({ "expression": expr(u, &[], 2)? }),
        7 => json!({ "expression": text(u)? }),
        _ => json!(text(u)?),
    })
}

/// Builds a spec from fuzzer bytes.
pub fn build_spec(u: &mut Unstructured) -> Result<Value> {
    let db = *u.choose(&["sqlite", "sqlite", "sqlite", "postgresql", "mysql"])?;
    let table_count = u.int_in_range(0..=4usize)?;
    let table_names: Vec<String> = (0..table_count).map(|i| format!("t{i}")).collect();
    let mut tables = Vec::new();
    // Each table's (name, column names, primary key), for foreign keys.
    let mut shapes: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for i in 0..table_count {
        let tname = if u.ratio(1, 12)? {
            name(u, &[])?
        } else {
            table_names[i].clone()
        };
        let col_count = u.int_in_range(1..=6usize)?;
        let mut col_names: Vec<String> = Vec::new();
        let mut columns = Vec::new();
        for j in 0..col_count {
            let cname = if j == 0 {
                "id".to_string()
            } else if u.ratio(1, 10)? {
                name(u, &[])?
            } else {
                pick(u, &["a", "b", "c", "name", "email", "ref_id", "created_at"])?.to_string()
            };
            let mut c = Map::new();
            c.insert("name".into(), json!(cname));
            let ty = if u.ratio(1, 30)? {
                text(u)?
            } else {
                {
                    let all = migration_generator::spec::ColumnType::ALL;
                    all[u.choose_index(all.len())?].as_str().to_string()
                }
            };
            c.insert("type".into(), json!(ty));
            c.insert("nullable".into(), json!(j != 0 && u.arbitrary::<bool>()?));
            if u.ratio(1, 3)? {
                c.insert("default".into(), default_value(u)?);
            }
            if u.ratio(1, 6)? {
                c.insert("unique".into(), json!(true));
            }
            if j == 0 && u.ratio(1, 3)? {
                c.insert("autoIncrement".into(), json!(true));
            }
            if u.ratio(1, 4)? {
                c.insert("description".into(), json!(text(u)?));
            }
            if u.ratio(1, 5)? {
                c.insert("length".into(), json!(u.int_in_range(0..=300u32)?));
            }
            if u.ratio(1, 6)? {
                c.insert("precision".into(), json!(u.int_in_range(0..=70u32)?));
                c.insert("scale".into(), json!(u.int_in_range(0..=20u32)?));
            }
            col_names.push(cname);
            columns.push(Value::Object(c));
        }
        let pk = if u.ratio(1, 10)? {
            Vec::new()
        } else if col_count > 1 && u.ratio(1, 6)? {
            vec![col_names[0].clone(), col_names[1].clone()]
        } else {
            vec![col_names[0].clone()]
        };
        let mut t = Map::new();
        t.insert("name".into(), json!(tname));
        t.insert("columns".into(), Value::Array(columns));
        if !pk.is_empty() {
            t.insert("primaryKey".into(), json!(pk));
        }
        if u.ratio(1, 3)? {
            t.insert("description".into(), json!(text(u)?));
        }
        if u.ratio(1, 3)? {
            t.insert("timestamps".into(), json!(u.arbitrary::<bool>()?));
        }
        let mut checks = Vec::new();
        for k in 0..u.int_in_range(0..=2usize)? {
            checks.push(json!({ "name": format!("chk_{tname}_{k}"), "expression": expr(u, &col_names, 3)? }));
        }
        if !checks.is_empty() {
            t.insert("checkConstraints".into(), Value::Array(checks));
        }
        let mut uniques = Vec::new();
        for k in 0..u.int_in_range(0..=1usize)? {
            let c = col_names[u.choose_index(col_names.len())?].clone();
            uniques.push(json!({ "name": format!("uq_{tname}_{k}"), "columns": [c] }));
        }
        if !uniques.is_empty() {
            t.insert("uniqueConstraints".into(), Value::Array(uniques));
        }
        let mut indexes = Vec::new();
        for k in 0..u.int_in_range(0..=2usize)? {
            let c = col_names[u.choose_index(col_names.len())?].clone();
            let mut ix = Map::new();
            let iname = if u.ratio(1, 10)? {
                name(u, &[])?
            } else {
                format!("idx_{tname}_{k}")
            };
            ix.insert("name".into(), json!(iname));
            ix.insert("columns".into(), json!([c]));
            ix.insert("unique".into(), json!(u.arbitrary::<bool>()?));
            if u.ratio(1, 4)? {
                ix.insert(
                    "type".into(),
                    json!(pick(u, &["btree", "hash", "gin", "gist"])?),
                );
            }
            if u.ratio(1, 3)? {
                ix.insert("where".into(), json!(expr(u, &col_names, 2)?));
            }
            indexes.push(Value::Object(ix));
        }
        if !indexes.is_empty() {
            t.insert("indexes".into(), Value::Array(indexes));
        }
        shapes.push((tname, col_names, pk));
        tables.push(t);
    }
    // Foreign keys, now that every table's shape is known (cycles and self-references allowed).
    for i in 0..tables.len() {
        let mut fks = Vec::new();
        for _ in 0..u.int_in_range(0..=2usize)? {
            let (target, _, target_pk) = &shapes[u.choose_index(shapes.len())?];
            if target_pk.is_empty() {
                continue;
            }
            let local: Vec<String> = target_pk
                .iter()
                .map(|_| {
                    let cols = &shapes[i].1;
                    cols[u.choose_index(cols.len()).unwrap_or(0)].clone()
                })
                .collect();
            let mut fk = Map::new();
            fk.insert("columns".into(), json!(local));
            fk.insert("referencedTable".into(), json!(target));
            fk.insert("referencedColumns".into(), json!(target_pk));
            for key in ["onDelete", "onUpdate"] {
                if u.ratio(1, 3)? {
                    fk.insert(
                        key.into(),
                        json!(pick(u, &["CASCADE", "SET NULL", "RESTRICT", "NO ACTION"])?),
                    );
                }
            }
            fks.push(Value::Object(fk));
        }
        if !fks.is_empty() {
            tables[i].insert("foreignKeys".into(), Value::Array(fks));
        }
    }
    let mut spec = Map::new();
    spec.insert(
        "description".into(),
        json!(if u.ratio(1, 3)? {
            format!("fuzz {}", text(u)?)
        } else {
            "fuzz".to_string()
        }),
    );
    spec.insert("databaseType".into(), json!(db));
    spec.insert("now".into(), json!("2026-02-09T12:00:00Z"));
    spec.insert("generateTypes".into(), json!(u.arbitrary::<bool>()?));
    if u.ratio(1, 2)? {
        spec.insert("timestamps".into(), json!(u.arbitrary::<bool>()?));
    }
    spec.insert(
        "tables".into(),
        Value::Array(tables.into_iter().map(Value::Object).collect()),
    );
    Ok(Value::Object(spec))
}
