//! Property tests: random specs that are valid by construction, for each dialect.
//!
//! The strategy draws "choices" (proptest shrinks those) and `build` turns them into a spec that
//! respects every documented rule: snake_case names that no dialect reserves, keys only over
//! indexable types, foreign keys whose columns copy the referenced column's type, CHECKs from a
//! small typed grammar, defaults that fit their column. Properties:
//! - the generator accepts the spec;
//! - SQLite: up runs on a real database holding a canary table and creates exactly the spec's
//!   tables; down leaves only the canary; the whole file (up then down) runs;
//! - PostgreSQL and MySQL: sqlparser parses up and down, which create and drop exactly the
//!   spec's tables;
//! - determinism: the same spec and `now` give the same bytes.

mod common;

use migration_generator::generate_str;
use migration_generator::output::Operation;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use sqlparser::ast::Statement;
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};
use sqlparser::parser::Parser;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

const NOW: &str = "2026-02-09T12:00:00Z";

/// Every spec type, by the spelling the spec uses.
fn types() -> Vec<&'static str> {
    migration_generator::spec::ColumnType::ALL
        .iter()
        .map(|t| t.as_str())
        .collect()
}

/// Types a primary key may have in the strategy.
const KEY_TYPES: [&str; 8] = [
    "INTEGER", "BIGINT", "INT", "TINYINT", "TEXT", "VARCHAR", "UUID", "CHAR",
];

/// Table-name stems: not reserved anywhere.
const STEMS: [&str; 6] = ["users", "orders", "items", "accounts", "tags", "events"];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Db {
    Sqlite,
    Postgres,
    Mysql,
}

impl Db {
    fn name(self) -> &'static str {
        match self {
            Db::Sqlite => "sqlite",
            Db::Postgres => "postgresql",
            Db::Mysql => "mysql",
        }
    }
}

#[derive(Clone, Debug)]
struct ColChoice {
    ty: usize,
    nullable: bool,
    default: u8,
    text: String,
    number: i64,
    unique: bool,
    description: Option<String>,
    length: u32,
    precision: Option<(u32, u32)>,
}

#[derive(Clone, Debug)]
struct FkChoice {
    target: usize,
    nullable: bool,
    on_delete: Option<usize>,
    on_update: Option<usize>,
}

#[derive(Clone, Debug)]
struct AtomChoice {
    column: usize,
    kind: u8,
    number: i64,
    text: String,
}

#[derive(Clone, Debug)]
struct CheckChoice {
    atoms: Vec<AtomChoice>,
    or: bool,
    not: bool,
}

#[derive(Clone, Debug)]
struct IndexChoice {
    columns: (usize, Option<usize>),
    unique: bool,
    method: u8,
    partial: Option<AtomChoice>,
}

#[derive(Clone, Debug)]
struct TableChoice {
    stem: usize,
    key_type: usize,
    key_length: u32,
    auto: bool,
    composite: bool,
    columns: Vec<ColChoice>,
    fks: Vec<FkChoice>,
    checks: Vec<CheckChoice>,
    uniques: Vec<(usize, Option<usize>)>,
    indexes: Vec<IndexChoice>,
    description: Option<String>,
    timestamps: Option<bool>,
}

/// Text for string defaults and CHECK literals: quotes, backslashes, semicolons, comment
/// openers and non-ASCII, but no control characters (those are refused, see the hostile tests).
fn safe_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 '\"\\\\;%_*/#`$éü日\u{2019}\u{FF1B}-]{0,12}"
}

fn col_choice() -> impl Strategy<Value = ColChoice> {
    (
        0..migration_generator::spec::ColumnType::ALL.len(),
        any::<bool>(),
        0..4u8,
        safe_text(),
        any::<i64>(),
        prop::bool::weighted(0.15),
        prop::option::weighted(0.3, any::<String>()),
        1..=255u32,
        prop::option::of((1..=30u32, 0..=30u32)),
    )
        .prop_map(
            |(ty, nullable, default, text, number, unique, description, length, precision)| {
                ColChoice {
                    ty,
                    nullable,
                    default,
                    text,
                    number,
                    unique,
                    description,
                    length,
                    precision,
                }
            },
        )
}

fn atom_choice() -> impl Strategy<Value = AtomChoice> {
    (any::<usize>(), 0..4u8, -1000..1000i64, safe_text()).prop_map(
        |(column, kind, number, text)| AtomChoice {
            column,
            kind,
            number,
            text,
        },
    )
}

fn table_choice() -> impl Strategy<Value = TableChoice> {
    let fk = (
        any::<usize>(),
        any::<bool>(),
        prop::option::of(0..4usize),
        prop::option::of(0..4usize),
    )
        .prop_map(|(target, nullable, on_delete, on_update)| FkChoice {
            target,
            nullable,
            on_delete,
            on_update,
        });
    let check = (
        prop::collection::vec(atom_choice(), 1..=3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(atoms, or, not)| CheckChoice { atoms, or, not });
    let pair = (any::<usize>(), prop::option::weighted(0.3, any::<usize>()));
    let index = (
        pair.clone(),
        any::<bool>(),
        0..5u8,
        prop::option::weighted(0.3, atom_choice()),
    )
        .prop_map(|(columns, unique, method, partial)| IndexChoice {
            columns,
            unique,
            method,
            partial,
        });
    (
        (0..STEMS.len(), 0..KEY_TYPES.len(), 1..=64u32, any::<bool>()),
        prop::bool::weighted(0.2),
        prop::collection::vec(col_choice(), 0..6),
        prop::collection::vec(fk, 0..3),
        prop::collection::vec(check, 0..3),
        prop::collection::vec(pair, 0..2),
        prop::collection::vec(index, 0..3),
        prop::option::weighted(0.3, any::<String>()),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(
                (stem, key_type, key_length, auto),
                composite,
                columns,
                fks,
                checks,
                uniques,
                indexes,
                description,
                timestamps,
            )| TableChoice {
                stem,
                key_type,
                key_length,
                auto,
                composite,
                columns,
                fks,
                checks,
                uniques,
                indexes,
                description,
                timestamps,
            },
        )
}

/// A column as the builder tracks it.
#[derive(Clone)]
struct Col {
    name: String,
    ty: &'static str,
    length: Option<u32>,
    nullable: bool,
    auto: bool,
    json: Map<String, Value>,
}

fn is_integer(ty: &str) -> bool {
    matches!(ty, "INTEGER" | "INT" | "BIGINT" | "TINYINT")
}

fn is_numeric(ty: &str) -> bool {
    is_integer(ty) || matches!(ty, "REAL" | "NUMERIC" | "DECIMAL")
}

fn is_text(ty: &str) -> bool {
    matches!(ty, "TEXT" | "VARCHAR" | "CHAR")
}

/// Whether the dialect can put a column of this type in a key or index.
fn indexable(db: Db, ty: &str) -> bool {
    match db {
        Db::Sqlite => true,
        Db::Postgres => ty != "JSON",
        Db::Mysql => !matches!(ty, "BLOB" | "JSON" | "JSONB"),
    }
}

/// A SQL string literal as the dialect reads it (MySQL also escapes with backslashes), in a
/// form whose meaning no session setting changes, as the generator asks of expressions: on
/// PostgreSQL a text with a backslash is written `E'…'` with the backslashes doubled.
fn sql_string(db: Db, s: &str) -> String {
    let s = s.replace('\'', "''");
    match db {
        // A backslash in a MySQL string means one thing by default and another under
        // NO_BACKSLASH_ESCAPES (the generator refuses it): CHAR(92) outside the strings.
        Db::Mysql if s.contains('\\') => format!(
            "CONCAT('{}')",
            s.split('\\').collect::<Vec<_>>().join("', CHAR(92), '")
        ),
        Db::Mysql => format!("'{s}'"),
        Db::Postgres if s.contains('\\') => format!("E'{}'", s.replace('\\', "\\\\")),
        _ => format!("'{s}'"),
    }
}

/// A default that fits the column, or none.
fn default_for(
    db: Db,
    c: &ColChoice,
    ty: &str,
    length: Option<u32>,
    nullable: bool,
) -> Option<Value> {
    let fit = |s: &str| -> String {
        match length {
            Some(n) => s.chars().take(n as usize).collect(),
            None => s.to_string(),
        }
    };
    match c.default {
        0 => None,
        1 => nullable.then_some(Value::Null),
        2 => Some(match ty {
            "TEXT" | "VARCHAR" | "CHAR" => json!(fit(&c.text)),
            "TINYINT" => json!(c.number.rem_euclid(256) - 128),
            "INTEGER" | "INT" => json!(c.number.rem_euclid(1 << 31) - (1 << 30)),
            // Within what a JavaScript number keeps exactly; beyond, a number default is
            // refused (the spec's numbers are read as JavaScript's), and the expression is used.
            "BIGINT" if c.number.unsigned_abs() < (1 << 53) => json!(c.number),
            "BIGINT" => json!({ "expression": c.number.to_string() }),
            "REAL" => json!(c.number as f64 / 8.0),
            "NUMERIC" | "DECIMAL" => json!(0),
            "BOOLEAN" => json!(c.number % 2 == 0),
            "TIMESTAMP" | "DATETIME" => json!("2026-01-31 12:34:56"),
            "DATE" => json!("2026-01-31"),
            "UUID" => json!("123e4567-e89b-12d3-a456-426614174000"),
            "JSON" | "JSONB" => json!(if c.number % 2 == 0 {
                "{\"a\": [1, \"x'y\"]}"
            } else {
                "[]"
            }),
            _ => return None,
        }),
        _ => match ty {
            "TEXT" => Some(json!({ "expression": format!("lower({})", sql_string(db, &c.text)) })),
            "TIMESTAMP" | "DATETIME" => Some(json!("CURRENT_TIMESTAMP")),
            "DATE" => Some(json!("CURRENT_DATE")),
            t if is_integer(t) => Some(json!({ "expression": "1 + 2" })),
            "BOOLEAN" => Some(json!(c.number.rem_euclid(2))),
            _ => None,
        },
    }
}

/// One boolean condition over `cols` from a typed grammar; `None` when no column fits.
fn atom(db: Db, a: &AtomChoice, cols: &[Col]) -> Option<String> {
    let usable: Vec<&Col> = cols.iter().filter(|c| !c.auto).collect();
    if usable.is_empty() {
        return None;
    }
    let c = usable[a.column % usable.len()];
    let n = &c.name;
    Some(if is_numeric(c.ty) && c.ty != "TINYINT" {
        match a.kind {
            0 => format!("{n} >= {}", a.number),
            1 => format!("{n} <> {}", a.number),
            2 => format!("{n} BETWEEN {} AND {}", a.number, a.number + 10),
            _ => format!("{n} IS NOT NULL"),
        }
    } else if is_text(c.ty) {
        match a.kind {
            // At least the length of the column's string default: a default the CHECK refuses
            // whatever the row holds is INVALID_DEFAULT.
            0 => {
                let default = c.json.get("default").and_then(Value::as_str);
                let longest = default.map_or(0, |d| d.chars().count() as i64);
                let bound = (a.number.rem_euclid(500) + 1).max(longest);
                format!("length({n}) <= {bound}")
            }
            // With the column's string default among them: a default the CHECK refuses is
            // INVALID_DEFAULT (every insert that leaves the column out would fail).
            1 => match c.json.get("default").and_then(Value::as_str) {
                Some(d) if d != a.text && d != "x" => format!(
                    "{n} IN ({}, 'x', {})",
                    sql_string(db, &a.text),
                    sql_string(db, d)
                ),
                _ => format!("{n} IN ({}, 'x')", sql_string(db, &a.text)),
            },
            2 => format!("{n} <> {}", sql_string(db, &a.text)),
            _ => format!("{n} LIKE 'a%'"),
        }
    } else if a.kind.is_multiple_of(2) {
        format!("{n} IS NOT NULL")
    } else {
        format!("{n} IS NULL OR {n} IS NOT NULL")
    })
}

/// Turns choices into a spec that is valid for `db` by construction.
fn build(db: Db, description: &str, timestamps: Option<bool>, choices: &[TableChoice]) -> Value {
    let names: Vec<String> = choices
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}_{i}", STEMS[t.stem]))
        .collect();
    // First pass: each table's own columns and primary key.
    let mut tables: Vec<(Vec<Col>, Vec<String>)> = Vec::new();
    for t in choices {
        let key_ty = KEY_TYPES[t.key_type];
        let auto = t.auto && is_integer(key_ty) && !t.composite;
        let mut id = Map::new();
        id.insert("name".into(), json!("id"));
        id.insert("type".into(), json!(key_ty));
        id.insert("nullable".into(), json!(false));
        let key_length = match key_ty {
            "VARCHAR" => Some(t.key_length + 36),
            "CHAR" => Some(t.key_length),
            _ => None,
        };
        if let Some(n) = key_length {
            id.insert("length".into(), json!(n));
        }
        if auto {
            id.insert("autoIncrement".into(), json!(true));
        }
        let mut cols = vec![Col {
            name: "id".into(),
            ty: key_ty,
            length: key_length,
            nullable: false,
            auto,
            json: id,
        }];
        for (j, c) in t.columns.iter().enumerate() {
            let ty = types()[c.ty];
            let name = format!("c{j}_{}", ty.to_ascii_lowercase());
            let nullable = c.nullable;
            let length = match ty {
                "VARCHAR" => Some(c.length),
                "CHAR" => Some(c.length.min(255)),
                _ => None,
            };
            let mut m = Map::new();
            m.insert("name".into(), json!(name));
            m.insert("type".into(), json!(ty));
            m.insert("nullable".into(), json!(nullable));
            if let Some(n) = length {
                m.insert("length".into(), json!(n));
            }
            if matches!(ty, "DECIMAL" | "NUMERIC") {
                if let Some((p, s)) = c.precision {
                    m.insert("precision".into(), json!(p));
                    m.insert("scale".into(), json!(s.min(p)));
                }
            }
            if let Some(d) = default_for(db, c, ty, length, nullable) {
                m.insert("default".into(), d);
            }
            if c.unique && indexable(db, ty) {
                m.insert("unique".into(), json!(true));
            }
            if let Some(d) = &c.description {
                m.insert("description".into(), json!(d));
            }
            cols.push(Col {
                name,
                ty,
                length,
                nullable,
                auto: false,
                json: m,
            });
        }
        let mut pk = vec!["id".to_string()];
        if t.composite {
            // The second key column: the first non-nullable indexable column, or a new one.
            let second = cols[1..]
                .iter()
                .find(|c| !c.nullable && indexable(db, c.ty) && c.ty != "REAL")
                .map(|c| c.name.clone());
            let second = second.unwrap_or_else(|| {
                let mut m = Map::new();
                m.insert("name".into(), json!("k2"));
                m.insert("type".into(), json!("INTEGER"));
                m.insert("nullable".into(), json!(false));
                cols.push(Col {
                    name: "k2".into(),
                    ty: "INTEGER",
                    length: None,
                    nullable: false,
                    auto: false,
                    json: m,
                });
                "k2".into()
            });
            pk.push(second);
        }
        tables.push((cols, pk));
    }
    // Second pass: foreign keys, each with local columns copying the referenced columns' types.
    let n = choices.len();
    let mut fks: Vec<Vec<Value>> = vec![Vec::new(); n];
    for (i, t) in choices.iter().enumerate() {
        for (k, f) in t.fks.iter().enumerate() {
            let target = f.target % n;
            let (target_cols, target_pk) = tables[target].clone();
            let mut local = Vec::new();
            for (m, key) in target_pk.iter().enumerate() {
                let rc = target_cols.iter().find(|c| &c.name == key).unwrap();
                let name = format!("ref{k}_{m}_{}", names[target]);
                let mut j = Map::new();
                j.insert("name".into(), json!(name));
                j.insert("type".into(), json!(rc.ty));
                j.insert("nullable".into(), json!(f.nullable));
                for key in ["length", "precision", "scale"] {
                    if let Some(v) = rc.json.get(key) {
                        j.insert(key.into(), v.clone());
                    }
                }
                tables[i].0.push(Col {
                    name: name.clone(),
                    ty: rc.ty,
                    length: rc.length,
                    nullable: f.nullable,
                    auto: false,
                    json: j,
                });
                local.push(name);
            }
            let actions = ["CASCADE", "SET NULL", "RESTRICT", "NO ACTION"];
            let action = |a: Option<usize>| {
                a.map(|a| actions[a])
                    .filter(|a| *a != "SET NULL" || f.nullable)
            };
            let mut fk = Map::new();
            fk.insert("columns".into(), json!(local));
            fk.insert("referencedTable".into(), json!(names[target]));
            fk.insert("referencedColumns".into(), json!(target_pk));
            if let Some(a) = action(f.on_delete) {
                fk.insert("onDelete".into(), json!(a));
            }
            if let Some(a) = action(f.on_update) {
                fk.insert("onUpdate".into(), json!(a));
            }
            fks[i].push(Value::Object(fk));
        }
    }
    // Third pass: constraints and indexes over the complete column lists.
    let mut out = Vec::new();
    for (i, t) in choices.iter().enumerate() {
        let (cols, pk) = &tables[i];
        let tname = &names[i];
        let keyable: Vec<&Col> = cols
            .iter()
            .filter(|c| indexable(db, c.ty) && !c.auto)
            .collect();
        let pick_pair = |(a, b): (usize, Option<usize>)| -> Option<Vec<String>> {
            if keyable.is_empty() {
                return None;
            }
            let first = keyable[a % keyable.len()].name.clone();
            let mut v = vec![first.clone()];
            if let Some(b) = b {
                let second = keyable[b % keyable.len()].name.clone();
                if second != first {
                    v.push(second);
                }
            }
            Some(v)
        };
        let mut table = Map::new();
        table.insert("name".into(), json!(tname));
        table.insert(
            "columns".into(),
            Value::Array(cols.iter().map(|c| Value::Object(c.json.clone())).collect()),
        );
        table.insert("primaryKey".into(), json!(pk));
        if !fks[i].is_empty() {
            table.insert("foreignKeys".into(), Value::Array(fks[i].clone()));
        }
        // MySQL 8.0 refuses a CHECK on a column that a foreign key writes through ON UPDATE
        // CASCADE / SET NULL or ON DELETE SET NULL (error 3823), and so does the generator:
        // MySQL checks leave those columns out.
        let written: Vec<&str> = if db == Db::Mysql {
            fks[i]
                .iter()
                .filter(|fk| {
                    matches!(fk["onUpdate"].as_str(), Some("CASCADE" | "SET NULL"))
                        || fk["onDelete"].as_str() == Some("SET NULL")
                })
                .flat_map(|fk| fk["columns"].as_array().unwrap().iter())
                .filter_map(Value::as_str)
                .collect()
        } else {
            Vec::new()
        };
        let check_cols: Vec<Col> = cols
            .iter()
            .filter(|c| !written.contains(&c.name.as_str()))
            .cloned()
            .collect();
        let checks: Vec<Value> = t
            .checks
            .iter()
            .enumerate()
            .filter_map(|(k, c)| {
                let atoms: Vec<String> = c
                    .atoms
                    .iter()
                    .filter_map(|a| atom(db, a, &check_cols))
                    .collect();
                if atoms.is_empty() {
                    return None;
                }
                let joined = atoms
                    .iter()
                    .map(|a| format!("({a})"))
                    .collect::<Vec<_>>()
                    .join(if c.or { " OR " } else { " AND " });
                let expression = if c.not {
                    format!("NOT ({joined})")
                } else {
                    joined
                };
                Some(json!({ "name": format!("chk_{tname}_{k}"), "expression": expression }))
            })
            .collect();
        if !checks.is_empty() {
            // A default under a CHECK over its column that may refuse it whatever the row holds
            // is INVALID_DEFAULT (every insert that leaves the column out would fail): a number
            // (`NOT (n IS NOT NULL)`, `n >= 5` given 0), or a string under a negated CHECK
            // (`NOT (s IN ('a', 'x', 'd'))` given 'd') or `s <> 'd'` given 'd'. Such a column
            // has none.
            let refusing = |name: &str, default: &Value| {
                checks.iter().any(|c| {
                    let e = c["expression"].as_str().unwrap();
                    let names = e
                        .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                        .any(|w| w == name);
                    let string = default.as_str().is_some_and(|d| {
                        e.starts_with("NOT (") || e.contains(&format!("<> {}", sql_string(db, d)))
                    });
                    names && (default.is_number() || string)
                })
            };
            if let Some(Value::Array(columns)) = table.get_mut("columns") {
                for c in columns.iter_mut() {
                    let name = c["name"].as_str().unwrap().to_string();
                    if c.get("default").is_some_and(|d| refusing(&name, d)) {
                        c.as_object_mut().unwrap().remove("default");
                    }
                }
            }
            table.insert("checkConstraints".into(), Value::Array(checks));
        }
        let uniques: Vec<Value> = t
            .uniques
            .iter()
            .enumerate()
            .filter_map(|(k, p)| {
                pick_pair(*p)
                    .map(|cols| json!({ "name": format!("uq_{tname}_{k}"), "columns": cols }))
            })
            .collect();
        if !uniques.is_empty() {
            table.insert("uniqueConstraints".into(), Value::Array(uniques));
        }
        let mut indexes = Vec::new();
        for (k, ix) in t.indexes.iter().enumerate() {
            let Some(columns) = pick_pair(ix.columns) else {
                continue;
            };
            let types: Vec<&str> = columns
                .iter()
                .map(|n| cols.iter().find(|c| &c.name == n).unwrap().ty)
                .collect();
            let mut unique = ix.unique;
            let method = match (db, ix.method) {
                (_, 0) => None,
                (_, 1) => Some("btree"),
                (Db::Postgres, 2) if columns.len() == 1 => {
                    unique = false;
                    Some("hash")
                }
                (Db::Postgres, 3 | 4) => {
                    let gin = ix.method == 3;
                    let scalar = |t: &str| {
                        is_numeric(t)
                            || matches!(t, "TEXT" | "VARCHAR" | "DATE" | "TIMESTAMP" | "DATETIME")
                            || (gin && t == "JSONB")
                    };
                    if types.iter().all(|t| scalar(t)) {
                        unique = false;
                        Some(if gin { "gin" } else { "gist" })
                    } else {
                        None
                    }
                }
                (Db::Postgres, _) => None,
                (_, _) => Some("hash"),
            };
            let mut m = Map::new();
            m.insert("name".into(), json!(format!("idx_{tname}_{k}")));
            m.insert("columns".into(), json!(columns));
            m.insert("unique".into(), json!(unique));
            if let Some(method) = method {
                m.insert("type".into(), json!(method));
            }
            if db != Db::Mysql {
                if let Some(p) = ix.partial.as_ref().and_then(|a| atom(db, a, cols)) {
                    m.insert("where".into(), json!(p));
                }
            }
            indexes.push(Value::Object(m));
        }
        if !indexes.is_empty() {
            table.insert("indexes".into(), Value::Array(indexes));
        }
        if let Some(d) = &t.description {
            table.insert("description".into(), json!(d));
        }
        if let Some(ts) = t.timestamps {
            table.insert("timestamps".into(), json!(ts));
        }
        out.push(Value::Object(table));
    }
    let mut spec = Map::new();
    spec.insert("description".into(), json!(format!("prop {description}")));
    spec.insert("databaseType".into(), json!(db.name()));
    spec.insert("now".into(), json!(NOW));
    spec.insert("generateTypes".into(), json!(true));
    if let Some(ts) = timestamps {
        spec.insert("timestamps".into(), json!(ts));
    }
    spec.insert("tables".into(), Value::Array(out));
    Value::Object(spec)
}

/// `sql` with each PostgreSQL foreign key's `DO` block (a CREATE migration's, which sqlparser
/// does not read) written as the two statements it holds, as the self-check reads it.
fn unguarded(sql: &str) -> String {
    const END: &str = " END $$;";
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find("DO $$ BEGIN") {
        out.push_str(&rest[..at]);
        let end = at + rest[at..].find(END).expect("the block's end") + END.len();
        let (condition, statement) =
            migration_generator::dialect::postgres_guarded_foreign_key(&rest[at..end])
                .expect("a foreign key's guard");
        out.push_str(condition);
        out.push_str(";\n");
        out.push_str(statement);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Tables named by CREATE TABLE / DROP TABLE statements.
fn parsed_tables(
    dialect: &dyn sqlparser::dialect::Dialect,
    sql: &str,
) -> (usize, BTreeSet<String>, BTreeSet<String>) {
    let sql = &unguarded(sql);
    let statements = Parser::parse_sql(dialect, sql)
        .unwrap_or_else(|e| panic!("sqlparser rejects the generated SQL: {e}\n{sql}"));
    let mut created = BTreeSet::new();
    let mut dropped = BTreeSet::new();
    for s in &statements {
        match s {
            Statement::CreateTable(c) => {
                created.insert(c.name.to_string());
            }
            Statement::Drop { names, .. } => {
                for n in names {
                    dropped.insert(n.to_string());
                }
            }
            _ => {}
        }
    }
    (statements.len(), created, dropped)
}

fn check_spec(db: Db, spec: &Value) -> Result<(), TestCaseError> {
    let text = spec.to_string();
    let r = generate_str(&text);
    prop_assert!(
        r.validation.valid,
        "the generator rejects a spec the strategy built as valid: {:?}\n{}",
        r.validation.errors,
        text
    );
    assert_eq!(
        migration_generator::generate_json(&text),
        migration_generator::generate_json(&text),
        "same spec and now, different output"
    );
    let mut expressions = spec.clone();
    expressions["selfCheck"] = json!("expressions");
    assert_eq!(
        migration_generator::generate_json(&expressions.to_string()),
        migration_generator::generate_json(&text),
        "the expression check gives another result than the default full one"
    );
    let expected = common::created_tables(&r);
    assert_eq!(expected.len(), spec["tables"].as_array().unwrap().len());
    match db {
        Db::Sqlite => {
            common::run_sqlite(&r);
            regenerate_is_all_skip(spec, &r.up_migration);
        }
        Db::Postgres | Db::Mysql => {
            let dialect: &dyn sqlparser::dialect::Dialect = if db == Db::Postgres {
                &PostgreSqlDialect {}
            } else {
                &MySqlDialect {}
            };
            let (_, created, dropped) = parsed_tables(dialect, &r.up_migration);
            assert_eq!(created, expected, "{}", r.up_migration);
            assert!(dropped.is_empty(), "the up migration drops {dropped:?}");
            let (_, created, dropped) = parsed_tables(dialect, &r.down_migration);
            assert!(created.is_empty(), "{}", r.down_migration);
            assert_eq!(dropped, expected, "{}", r.down_migration);
        }
    }
    Ok(())
}

/// Runs `up` into a SQLite file, then generates the same spec against it: every table is SKIP
/// and the migration is empty.
fn regenerate_is_all_skip(spec: &Value, up: &str) {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "migration-generator-property-{}-{}.db",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_file(&path);
    {
        let conn = migration_generator::sqlite_memory::open(&path).unwrap();
        conn.execute_batch(up).unwrap();
    }
    let mut again = spec.clone();
    again["existingDbPath"] = json!(path.to_str().unwrap());
    let r = generate_str(&again.to_string());
    std::fs::remove_file(&path).unwrap();
    assert!(
        r.validation.valid,
        "re-generation against the migrated database fails: {:?}\n{}",
        r.validation.errors, spec
    );
    let not_skipped: Vec<_> = r
        .metadata
        .operations
        .iter()
        .filter(|o| o.operation != Operation::Skip)
        .collect();
    assert!(
        not_skipped.is_empty(),
        "re-generation against the migrated database changes {not_skipped:?}:\n{}\n{}",
        r.up_migration,
        spec
    );
    assert_eq!(
        r.metadata.operations.len(),
        spec["tables"].as_array().unwrap().len()
    );
    assert!(r.up_migration.is_empty(), "{}", r.up_migration);
}

fn spec_strategy(db: Db) -> impl Strategy<Value = Value> {
    (
        any::<String>(),
        prop::option::of(any::<bool>()),
        prop::collection::vec(table_choice(), 1..=4),
    )
        .prop_map(move |(description, timestamps, tables)| {
            build(db, &description, timestamps, &tables)
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn sqlite_specs_run_up_and_down(spec in spec_strategy(Db::Sqlite)) {
        check_spec(Db::Sqlite, &spec)?;
    }

    #[test]
    fn postgresql_specs_parse(spec in spec_strategy(Db::Postgres)) {
        check_spec(Db::Postgres, &spec)?;
    }

    #[test]
    fn mysql_specs_parse(spec in spec_strategy(Db::Mysql)) {
        check_spec(Db::Mysql, &spec)?;
    }
}

/// Found by this test: two tables whose foreign keys form a cycle, one of them also referencing
/// itself with ON DELETE CASCADE. With foreign keys on, DROP TABLE is an implicit DELETE, and
/// SQLite compiles the cascade into the child table, whose other foreign key names a table of the
/// cycle the down migration already dropped: "no such table". (More generally: ON DELETE CASCADE
/// from a table on a cycle or created before one, when a spec-order table is forced first; SET NULL, SET DEFAULT, RESTRICT and NO ACTION do not fail.) Dropping
/// `users_1` first works here (checked on SQLite 3.40), so the spec is valid; when no order works,
/// the down migration needs foreign keys off. Fixed: the SQLite down migration of a cycle runs with
/// foreign keys off (`down::without_foreign_keys`); kept as a regression test.
#[test]
fn sqlite_cycle_with_self_cascade_drops_in_a_working_order() {
    let spec = json!({
        "description": "cycle", "databaseType": "sqlite", "now": NOW, "timestamps": false,
        "tables": [
            { "name": "users_1", "primaryKey": ["id"],
              "columns": [
                  { "name": "id", "type": "INTEGER", "nullable": false },
                  { "name": "ref_2", "type": "INTEGER", "nullable": true },
                  { "name": "ref_self", "type": "INTEGER", "nullable": true } ],
              "foreignKeys": [
                  { "columns": ["ref_2"], "referencedTable": "users_2", "referencedColumns": ["id"] },
                  { "columns": ["ref_self"], "referencedTable": "users_1", "referencedColumns": ["id"], "onDelete": "CASCADE" } ] },
            { "name": "users_2", "primaryKey": ["id"],
              "columns": [
                  { "name": "id", "type": "INTEGER", "nullable": false },
                  { "name": "ref_1", "type": "INTEGER", "nullable": true } ],
              "foreignKeys": [
                  { "columns": ["ref_1"], "referencedTable": "users_1", "referencedColumns": ["id"] } ] }
        ]
    });
    let r = generate_str(&spec.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    common::run_sqlite(&r);
}

/// Found by this test: SQLite keeps one index for a UNIQUE constraint that repeats the primary
/// key, so introspection sees no separate unique set and the diff plans
/// `CREATE UNIQUE INDEX uq_t_id` (ALTER) against a database the same spec just created. The
/// primary key already guarantees the uniqueness. Fixed: the diff counts the primary key as that
/// constraint; kept as a regression test.
#[test]
fn unique_constraint_on_the_primary_key_is_skip() {
    let spec = json!({
        "description": "uq", "databaseType": "sqlite", "now": NOW,
        "tables": [{ "name": "t", "primaryKey": ["id"],
            "columns": [{ "name": "id", "type": "TEXT", "nullable": false }],
            "uniqueConstraints": [{ "name": "uq_t_id", "columns": ["id"] }] }]
    });
    let r = generate_str(&spec.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    regenerate_is_all_skip(&spec, &r.up_migration);
}

/// Found by this test: a REAL default of 1e16 is written `DEFAULT 1e+16`; introspection
/// (`default_from_sql` in src/introspect.rs, which this suite may not edit) only reads digits and
/// dots as a number, takes `1e+16` for an expression, and the diff plans a table rebuild against a
/// database the same spec just created. Fixed: numbers with exponents are numbers, and number
/// defaults compare by value; kept as a regression test.
#[test]
fn exponent_number_default_is_skip() {
    let spec = json!({
        "description": "exp", "databaseType": "sqlite", "now": NOW,
        "tables": [{ "name": "t", "primaryKey": ["id"],
            "columns": [{ "name": "id", "type": "INTEGER", "nullable": false },
                        { "name": "r", "type": "REAL", "nullable": false, "default": 1e16 }] }]
    });
    let r = generate_str(&spec.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    regenerate_is_all_skip(&spec, &r.up_migration);
}

/// Found by this test: the CHECK `id <> '\'''''` (the text `\''`) re-generates as a table
/// rebuild against a database the same spec just created, while `id <> '\'''` and `id <> ''''''`
/// are SKIP: the expression comparison (`normalize_expr` in src/diff/column_changes.rs, or how
/// introspection re-prints the CHECK) does not round-trip it. Fixed: introspection keeps a CHECK's
/// source text; kept as a regression test.
#[test]
fn check_with_backslash_and_quotes_is_skip() {
    let spec = json!({
        "description": "chk", "databaseType": "sqlite", "now": NOW, "timestamps": false,
        "tables": [{ "name": "t", "primaryKey": ["id"],
            "columns": [{ "name": "id", "type": "TEXT", "nullable": false }],
            "checkConstraints": [{ "name": "chk_t", "expression": "id <> '\\'''''" }] }]
    });
    let r = generate_str(&spec.to_string());
    assert!(r.validation.valid, "{:?}", r.validation.errors);
    regenerate_is_all_skip(&spec, &r.up_migration);
}
