//! Every fixture of `__test__/fixtures/` on the bundled SQLite: generate (fixed `now`), apply the
//! up migration to an empty database, read the schema back (PRAGMA table_xinfo, index_list,
//! index_xinfo, foreign_key_list, sqlite_master) and compare it with the spec, exercise every
//! constraint with data, apply the down migration (back to empty), apply up again.
//!
//! The JavaScript twin of this file (PostgreSQL and MySQL) is `__test__/engines/runner.mjs`; the
//! fixture format is described in `__test__/fixtures/README.md`.

mod common;

use migration_generator::generate_str;
use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const NOW: &str = "2026-02-09T12:00:00Z";
const INTEGER_TYPES: [&str; 4] = ["INTEGER", "INT", "BIGINT", "TINYINT"];

// ---------------------------------------------------------------------------------------------
// Fixtures and what the spec means.

struct Fixture {
    name: String,
    dialects: Vec<String>,
    expect_errors: Map<String, Value>,
    expect_warnings: Map<String, Value>,
    spec: Value,
    data: Value,
}

fn load_fixtures() -> Vec<Fixture> {
    common::json_files_in("__test__/fixtures")
        .into_iter()
        .map(|p| {
            let raw: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let strings = |v: &Value| -> Vec<String> {
                v.as_array()
                    .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default()
            };
            Fixture {
                name: p.file_stem().unwrap().to_string_lossy().into_owned(),
                dialects: strings(&raw["dialects"]),
                expect_errors: raw["expectErrors"].as_object().cloned().unwrap_or_default(),
                expect_warnings: raw["expectWarnings"]
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                spec: raw["spec"].clone(),
                data: raw.get("data").cloned().unwrap_or(json!({})),
            }
        })
        .collect()
}

#[derive(Clone, Debug)]
struct Col {
    name: String,
    ty: String,
    nullable: bool,
    default: Option<Value>,
    unique: bool,
    auto: bool,
    length: Option<u64>,
}

#[derive(Clone, Debug)]
struct Fk {
    columns: Vec<String>,
    table: String,
    referenced: Vec<String>,
    on_delete: Option<String>,
    on_update: Option<String>,
}

#[derive(Clone, Debug)]
struct Idx {
    name: String,
    columns: Vec<String>,
    unique: bool,
    predicate: Option<String>,
}

#[derive(Clone, Debug)]
struct Tbl {
    name: String,
    columns: Vec<Col>,
    pk: Vec<String>,
    fks: Vec<Fk>,
    uniques: Vec<(String, Vec<String>)>,
    checks: Vec<(String, String)>,
    indexes: Vec<Idx>,
}

impl Tbl {
    fn col(&self, name: &str) -> &Col {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| {
                panic!(
                    "fixture names the column {}.{name}, which the spec does not have",
                    self.name
                )
            })
    }

    /// Unique keys the engine enforces on every row: (kind, name, columns).
    fn unique_keys(&self) -> Vec<(&'static str, String, Vec<String>)> {
        let mut keys = Vec::new();
        if !self.pk.is_empty() {
            keys.push(("pk", String::new(), self.pk.clone()));
        }
        for c in &self.columns {
            if c.unique && !(self.pk.len() == 1 && self.pk[0] == c.name) {
                keys.push(("column", String::new(), vec![c.name.clone()]));
            }
        }
        for (n, cols) in &self.uniques {
            keys.push(("constraint", n.clone(), cols.clone()));
        }
        for i in &self.indexes {
            if i.unique && i.predicate.is_none() {
                keys.push(("index", i.name.clone(), i.columns.clone()));
            }
        }
        keys
    }
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// The tables once the documented defaults apply (timestamps appended, an autoIncrement column
/// as the primary key when none is given).
fn effective_tables(spec: &Value) -> Vec<Tbl> {
    let spec_timestamps = spec["timestamps"].as_bool().unwrap_or(true);
    spec["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let mut columns: Vec<Col> = t["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| Col {
                    name: c["name"].as_str().unwrap().into(),
                    ty: c["type"].as_str().unwrap().into(),
                    nullable: c["nullable"].as_bool().unwrap(),
                    default: c.get("default").cloned(),
                    unique: c["unique"].as_bool().unwrap_or(false),
                    auto: c["autoIncrement"].as_bool().unwrap_or(false),
                    length: c["length"].as_u64(),
                })
                .collect();
            let mut pk = strs(&t["primaryKey"]);
            if pk.is_empty() {
                if let Some(a) = columns.iter().find(|c| c.auto) {
                    pk = vec![a.name.clone()];
                }
            }
            if t["timestamps"].as_bool().unwrap_or(spec_timestamps) {
                for name in ["created_at", "updated_at"] {
                    if !columns.iter().any(|c| c.name == name) {
                        columns.push(Col {
                            name: name.into(),
                            ty: "TIMESTAMP".into(),
                            nullable: false,
                            default: Some(json!("CURRENT_TIMESTAMP")),
                            unique: false,
                            auto: false,
                            length: None,
                        });
                    }
                }
            }
            let list = |key: &str| t[key].as_array().cloned().unwrap_or_default();
            Tbl {
                name: t["name"].as_str().unwrap().into(),
                columns,
                pk,
                fks: list("foreignKeys")
                    .iter()
                    .map(|f| Fk {
                        columns: strs(&f["columns"]),
                        table: f["referencedTable"].as_str().unwrap().into(),
                        referenced: strs(&f["referencedColumns"]),
                        on_delete: f["onDelete"].as_str().map(String::from),
                        on_update: f["onUpdate"].as_str().map(String::from),
                    })
                    .collect(),
                uniques: list("uniqueConstraints")
                    .iter()
                    .map(|u| (u["name"].as_str().unwrap().into(), strs(&u["columns"])))
                    .collect(),
                checks: list("checkConstraints")
                    .iter()
                    .map(|c| {
                        (
                            c["name"].as_str().unwrap().into(),
                            c["expression"].as_str().unwrap().into(),
                        )
                    })
                    .collect(),
                indexes: list("indexes")
                    .iter()
                    .map(|i| Idx {
                        name: i["name"].as_str().unwrap().into(),
                        columns: strs(&i["columns"]),
                        unique: i["unique"].as_bool().unwrap_or(false),
                        predicate: i["where"].as_str().map(String::from),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The declared type the SQLite mapping promises (one of the five storage classes).
fn sqlite_type(c: &Col) -> &'static str {
    match c.ty.as_str() {
        "INTEGER" | "INT" | "BIGINT" | "TINYINT" | "BOOLEAN" => "INTEGER",
        "REAL" => "REAL",
        "BLOB" => "BLOB",
        "NUMERIC" | "DECIMAL" => "NUMERIC",
        _ => "TEXT",
    }
}

/// A single-column INTEGER primary key is SQLite's rowid: NULL there means "assign a key".
fn is_rowid(t: &Tbl, c: &Col) -> bool {
    t.pk.len() == 1 && t.pk[0] == c.name && sqlite_type(c) == "INTEGER"
}

fn is_json(c: &Col) -> bool {
    c.ty == "JSON" || c.ty == "JSONB"
}

fn is_number(c: &Col) -> bool {
    INTEGER_TYPES.contains(&c.ty.as_str())
        || ["REAL", "NUMERIC", "DECIMAL"].contains(&c.ty.as_str())
}

// ---------------------------------------------------------------------------------------------
// Defaults as comparable tokens.

const NOW_KEYWORDS: [&str; 3] = ["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"];

fn literal_token(c: &Col, value: &str) -> String {
    if is_json(c) {
        let v: Value = serde_json::from_str(value).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        format!("json:{v}")
    } else if is_number(c) {
        format!("num:{}", value.trim().parse::<f64>().unwrap())
    } else {
        format!("str:{value}")
    }
}

/// The token the spec's default must come back as.
fn expected_default(c: &Col) -> Option<String> {
    let d = c.default.as_ref()?;
    Some(match d {
        Value::Null => return None,
        Value::Bool(b) => format!("bool:{b}"),
        Value::Number(n) if c.ty == "BOOLEAN" => format!("bool:{}", n.as_f64() != Some(0.0)),
        Value::Number(n) => format!("num:{}", n.as_f64().unwrap()),
        Value::String(s) if NOW_KEYWORDS.contains(&s.as_str()) => format!("now:{s}"),
        Value::String(s) => literal_token(c, s),
        Value::Object(o) => format!("expr:{}", o["expression"].as_str().unwrap()),
        Value::Array(_) => panic!("array default"),
    })
}

/// PRAGMA table_xinfo's dflt_value (the default's text, outer parentheses removed) as a token.
fn observed_default(c: &Col, text: Option<String>) -> Option<String> {
    let text = text?;
    if text == "NULL" {
        return None;
    }
    let now = match text.as_str() {
        "datetime('now')" | "CURRENT_TIMESTAMP" => Some("CURRENT_TIMESTAMP"),
        "date('now')" | "CURRENT_DATE" => Some("CURRENT_DATE"),
        "time('now')" | "CURRENT_TIME" => Some("CURRENT_TIME"),
        _ => None,
    };
    if let Some(k) = now {
        return Some(format!("now:{k}"));
    }
    if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
        return Some(literal_token(
            c,
            &text[1..text.len() - 1].replace("''", "'"),
        ));
    }
    if let Ok(n) = text.parse::<f64>() {
        return Some(if c.ty == "BOOLEAN" {
            format!("bool:{}", n != 0.0)
        } else {
            format!("num:{n}")
        });
    }
    Some(format!("expr:{text}"))
}

// ---------------------------------------------------------------------------------------------
// The catalog.

/// A foreign key as PRAGMA foreign_key_list gives it: (table, from, to, on delete, on update).
type FkRow = (String, Vec<String>, Vec<String>, String, String);

#[derive(Debug, PartialEq)]
struct TableModel {
    columns: Vec<String>,
    primary_key: Vec<String>,
    foreign_keys: Vec<String>,
    uniques: Vec<String>,
    checks: Vec<String>,
    indexes: Vec<String>,
}

/// `CONSTRAINT name KIND (...)` clauses of a CREATE TABLE text: (name, text inside the parentheses).
fn named_clauses(sql: &str, kind: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let marker = "CONSTRAINT ";
    let mut rest = sql;
    while let Some(at) = rest.find(marker) {
        rest = &rest[at + marker.len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let after = rest[name.len()..].trim_start();
        let Some(body) = after.strip_prefix(kind) else {
            continue;
        };
        let body = body.trim_start();
        if !body.starts_with('(') {
            continue;
        }
        // Balanced parentheses, skipping string literals.
        let (mut depth, mut in_str, mut end) = (0, false, 0);
        for (i, ch) in body.char_indices() {
            match ch {
                '\'' => in_str = !in_str,
                '(' if !in_str => depth += 1,
                ')' if !in_str => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((name, body[1..end].to_string()));
    }
    out
}

fn read_schema(conn: &Connection, spec_tables: &[Tbl]) -> BTreeMap<String, TableModel> {
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name")
        .unwrap();
    let tables: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = BTreeMap::new();
    for (name, sql) in tables {
        let spec = spec_tables.iter().find(|t| t.name == name);
        let mut columns = Vec::new();
        let mut pk: Vec<(i64, String)> = Vec::new();
        let mut stmt = conn
            .prepare(&format!("PRAGMA table_xinfo(\"{name}\")"))
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (cname, ty, notnull, dflt, pkpos) = row.unwrap();
            let default = match spec.and_then(|t| t.columns.iter().find(|c| c.name == cname)) {
                Some(c) => observed_default(c, dflt),
                None => dflt,
            };
            columns.push(format!(
                "{cname} {ty}{}{}",
                if notnull == 1 { " NOT NULL" } else { "" },
                default.map(|d| format!(" DEFAULT {d}")).unwrap_or_default()
            ));
            if pkpos > 0 {
                pk.push((pkpos, cname));
            }
        }
        pk.sort();
        let mut fks: BTreeMap<i64, FkRow> = BTreeMap::new();
        let mut stmt = conn
            .prepare(&format!("PRAGMA foreign_key_list(\"{name}\")"))
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (id, table, from, to, upd, del) = row.unwrap();
            let e = fks
                .entry(id)
                .or_insert_with(|| (table, vec![], vec![], del, upd));
            e.1.push(from);
            e.2.push(to.unwrap_or_default());
        }
        let mut foreign_keys: Vec<String> = fks
            .values()
            .map(|(t, from, to, del, upd)| {
                format!(
                    "({}) REFERENCES {t}({}) ON DELETE {del} ON UPDATE {upd}",
                    from.join(", "),
                    to.join(", ")
                )
            })
            .collect();
        foreign_keys.sort();

        let named_uniques = named_clauses(&sql, "UNIQUE");
        let mut uniques = Vec::new();
        let mut indexes = Vec::new();
        let mut stmt = conn
            .prepare(&format!("PRAGMA index_list(\"{name}\")"))
            .unwrap();
        let list: Vec<(String, i64, String, i64)> = stmt
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (iname, unique, origin, partial) in list {
            let mut stmt = conn
                .prepare(&format!("PRAGMA index_xinfo(\"{iname}\")"))
                .unwrap();
            let cols: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, i64>(5)?, r.get::<_, Option<String>>(2)?))
                })
                .unwrap()
                .map(Result::unwrap)
                .filter(|(key, _)| *key == 1)
                .map(|(_, c)| c.unwrap_or_else(|| "<expression>".into()))
                .collect();
            let cols = cols.join(", ");
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    let label = named_uniques
                        .iter()
                        .find(|(_, body)| {
                            body.split(',')
                                .map(str::trim)
                                .collect::<Vec<_>>()
                                .join(", ")
                                == cols
                        })
                        .map(|(n, _)| n.clone())
                        .unwrap_or_else(|| "-".into());
                    uniques.push(format!("{label} ({cols})"));
                }
                _ => {
                    let isql: String = conn
                        .query_row(
                            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                            [&iname],
                            |r| r.get(0),
                        )
                        .unwrap();
                    let predicate = if partial == 1 {
                        let at = isql.rfind(" WHERE ").expect("a partial index has WHERE");
                        format!(" WHERE {}", isql[at + 7..].trim_end_matches(';').trim())
                    } else {
                        String::new()
                    };
                    indexes.push(format!(
                        "{iname} {}({cols}){predicate}",
                        if unique == 1 { "UNIQUE " } else { "" }
                    ));
                }
            }
        }
        uniques.sort();
        indexes.sort();
        let mut checks: Vec<String> = named_clauses(&sql, "CHECK")
            .into_iter()
            .map(|(n, body)| format!("{n} {body}"))
            .collect();
        checks.sort();
        out.insert(
            name,
            TableModel {
                columns,
                primary_key: pk.into_iter().map(|(_, c)| c).collect(),
                foreign_keys,
                uniques,
                checks,
                indexes,
            },
        );
    }
    out
}

/// The schema the spec asks for, on SQLite.
fn expected_schema(tables: &[Tbl]) -> BTreeMap<String, TableModel> {
    let mut out = BTreeMap::new();
    for t in tables {
        let single_pk = if t.pk.len() == 1 {
            Some(&t.pk[0])
        } else {
            None
        };
        let columns = t
            .columns
            .iter()
            .map(|c| {
                // An autoIncrement column is `INTEGER PRIMARY KEY`, SQLite's rowid, which is
                // never NULL whatever the catalog's notnull flag says (see is_rowid).
                let not_null = !c.nullable && !c.auto;
                format!(
                    "{} {}{}{}",
                    c.name,
                    sqlite_type(c),
                    if not_null { " NOT NULL" } else { "" },
                    expected_default(c)
                        .map(|d| format!(" DEFAULT {d}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let mut foreign_keys: Vec<String> = t
            .fks
            .iter()
            .map(|f| {
                format!(
                    "({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {}",
                    f.columns.join(", "),
                    f.table,
                    f.referenced.join(", "),
                    f.on_delete.as_deref().unwrap_or("NO ACTION"),
                    f.on_update.as_deref().unwrap_or("NO ACTION")
                )
            })
            .collect();
        foreign_keys.sort();
        let mut uniques: Vec<String> = t
            .columns
            .iter()
            .filter(|c| c.unique && Some(&c.name) != single_pk)
            .map(|c| format!("- ({})", c.name))
            .chain(
                t.uniques
                    .iter()
                    .map(|(n, cols)| format!("{n} ({})", cols.join(", "))),
            )
            .collect();
        uniques.sort();
        let mut checks: Vec<String> = t.checks.iter().map(|(n, e)| format!("{n} {e}")).collect();
        checks.sort();
        let mut indexes: Vec<String> = t
            .indexes
            .iter()
            .map(|i| {
                format!(
                    "{} {}({}){}",
                    i.name,
                    if i.unique { "UNIQUE " } else { "" },
                    i.columns.join(", "),
                    i.predicate
                        .as_ref()
                        .map(|p| format!(" WHERE {p}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        indexes.sort();
        out.insert(
            t.name.clone(),
            TableModel {
                columns,
                primary_key: t.pk.clone(),
                foreign_keys,
                uniques,
                checks,
                indexes,
            },
        );
    }
    out
}

/// What the down migration left: schema objects, and AUTOINCREMENT counters (`sqlite_sequence`
/// itself stays: SQLite never lets it be dropped, but dropping a table deletes its row).
fn leftovers(conn: &Connection) -> Vec<String> {
    let mut left: Vec<String> = conn
        .prepare("SELECT type || ' ' || name FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    left.extend(common::counters_of_missing_tables(conn));
    left
}

// ---------------------------------------------------------------------------------------------
// Values.

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn to_sql(c: &Col, v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        _ if is_json(c) => Sql::Text(v.to_string()),
        Value::String(s) if c.ty == "BLOB" => Sql::Blob(hex_decode(s)),
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap()),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// A value in a form both sides compare in.
#[derive(Debug, PartialEq)]
enum Norm {
    Null,
    Num(f64),
    Bool(bool),
    Str(String),
    Json(Value),
}

fn from_engine(c: &Col, v: &Sql) -> Norm {
    match v {
        Sql::Null => Norm::Null,
        Sql::Integer(i) if c.ty == "BOOLEAN" => Norm::Bool(*i != 0),
        Sql::Integer(i) => Norm::Num(*i as f64),
        Sql::Real(f) => Norm::Num(*f),
        Sql::Blob(b) => Norm::Str(b.iter().map(|x| format!("{x:02x}")).collect()),
        Sql::Text(s) if is_json(c) => Norm::Json(serde_json::from_str(s).unwrap()),
        Sql::Text(s) if is_number(c) => Norm::Num(s.parse().unwrap_or(f64::NAN)),
        Sql::Text(s) if c.ty == "CHAR" => Norm::Str(s.trim_end().to_string()),
        Sql::Text(s) if c.ty == "UUID" => Norm::Str(s.to_lowercase()),
        Sql::Text(s) => Norm::Str(s.clone()),
    }
}

fn from_fixture(c: &Col, v: &Value) -> Norm {
    match v {
        Value::Null => Norm::Null,
        _ if is_json(c) => Norm::Json(v.clone()),
        Value::String(s) if c.ty == "BLOB" => Norm::Str(s.to_lowercase()),
        other => from_engine(c, &to_sql(c, other)),
    }
}

// ---------------------------------------------------------------------------------------------
// Running statements.

type Row = BTreeMap<String, Sql>;

struct Stmt {
    sql: String,
    params: Vec<Sql>,
}

fn where_clause(t: &Tbl, w: &Map<String, Value>, params: &mut Vec<Sql>) -> String {
    let parts: Vec<String> = w
        .iter()
        .map(|(k, v)| {
            if v.is_null() {
                format!("\"{k}\" IS NULL")
            } else {
                params.push(to_sql(t.col(k), v));
                format!("\"{k}\" = ?{}", params.len())
            }
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", parts.join(" AND "))
    }
}

fn insert(t: &Tbl, row: &Map<String, Value>) -> Stmt {
    if row.is_empty() {
        return Stmt {
            sql: format!("INSERT INTO \"{}\" DEFAULT VALUES", t.name),
            params: vec![],
        };
    }
    let keys: Vec<&String> = row.keys().collect();
    Stmt {
        sql: format!(
            "INSERT INTO \"{}\" ({}) VALUES ({})",
            t.name,
            keys.iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", "),
            (1..=keys.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        params: keys.iter().map(|k| to_sql(t.col(k), &row[*k])).collect(),
    }
}

fn select(t: &Tbl, w: &Map<String, Value>) -> Stmt {
    let mut params = vec![];
    let wc = where_clause(t, w, &mut params);
    Stmt {
        sql: format!("SELECT * FROM \"{}\"{wc}", t.name),
        params,
    }
}

fn update(t: &Tbl, set: &Map<String, Value>, w: &Map<String, Value>) -> Stmt {
    let mut params = vec![];
    let sets: Vec<String> = set
        .iter()
        .map(|(k, v)| {
            params.push(to_sql(t.col(k), v));
            format!("\"{k}\" = ?{}", params.len())
        })
        .collect();
    let wc = where_clause(t, w, &mut params);
    Stmt {
        sql: format!("UPDATE \"{}\" SET {}{wc}", t.name, sets.join(", ")),
        params,
    }
}

fn delete(t: &Tbl, w: &Map<String, Value>) -> Stmt {
    let mut params = vec![];
    let wc = where_clause(t, w, &mut params);
    Stmt {
        sql: format!("DELETE FROM \"{}\"{wc}", t.name),
        params,
    }
}

fn execute(conn: &Connection, s: &Stmt) -> rusqlite::Result<usize> {
    conn.execute(&s.sql, params_from_iter(s.params.iter()))
}

fn query(conn: &Connection, s: &Stmt) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare(&s.sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let rows = stmt.query_map(params_from_iter(s.params.iter()), |r| {
        let mut row = Row::new();
        for (i, n) in names.iter().enumerate() {
            row.insert(n.clone(), r.get::<_, Sql>(i)?);
        }
        Ok(row)
    })?;
    rows.collect()
}

/// (kind, culprit) of a constraint error.
fn classify(e: &rusqlite::Error) -> Option<(&'static str, Option<String>)> {
    let rusqlite::Error::SqliteFailure(err, msg) = e else {
        return None;
    };
    let msg = msg.clone().unwrap_or_default();
    let after = |prefix: &str| msg.strip_prefix(prefix).map(|s| s.trim().to_string());
    let strip_table = |s: String| {
        s.split(", ")
            .map(|p| p.split_once('.').map_or(p, |(_, c)| c).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(match err.extended_code {
        1299 => (
            "not_null",
            after("NOT NULL constraint failed:").map(strip_table),
        ),
        2067 | 1555 => (
            "unique",
            after("UNIQUE constraint failed:").map(strip_table),
        ),
        275 => ("check", after("CHECK constraint failed:")),
        // 787 for a child row without a parent; a RESTRICT action reports plain SQLITE_CONSTRAINT.
        _ if msg == "FOREIGN KEY constraint failed" => ("foreign_key", None),
        _ => return None,
    })
}

fn show(v: &impl std::fmt::Debug) -> String {
    format!("{v:?}")
}

struct Run<'a> {
    conn: &'a Connection,
    tables: Vec<Tbl>,
    data: &'a Value,
}

impl Run<'_> {
    fn table(&self, name: &str) -> &Tbl {
        self.tables
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| {
                panic!("fixture data names the table {name}, which the spec does not have")
            })
    }

    fn obj(v: &Value) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        v.as_object().unwrap_or_else(|| EMPTY.get_or_init(Map::new))
    }

    fn accepts(&self, s: &Stmt, what: &str) -> Result<usize, String> {
        execute(self.conn, s)
            .map_err(|e| format!("SQLite refused {what}: {e} ({} {})", s.sql, show(&s.params)))
    }

    /// `culprit`: what the engine must name (None: SQLite names nothing for this kind).
    fn rejects(
        &self,
        s: &Stmt,
        kind: &str,
        culprit: Option<String>,
        what: &str,
    ) -> Result<(), String> {
        match execute(self.conn, s) {
            Ok(_) => Err(format!(
                "SQLite accepted {what}, which must be rejected ({kind}): {} {}",
                s.sql,
                show(&s.params)
            )),
            Err(e) => {
                let got = classify(&e);
                if got.as_ref().map(|g| g.0) != Some(kind) {
                    return Err(format!(
                        "{what}: rejected for the wrong reason (want {kind}): {e}"
                    ));
                }
                if culprit.is_some() && got.unwrap().1 != culprit {
                    return Err(format!(
                        "{what}: rejected by the wrong constraint (want {culprit:?}): {e}"
                    ));
                }
                Ok(())
            }
        }
    }

    /// What SQLite names as the culprit of a rejection.
    fn culprit(&self, kind: &str, t: &Tbl, constraint: Option<&str>) -> Option<String> {
        match kind {
            "not_null" | "check" => constraint.map(String::from),
            "unique" => {
                let name = constraint?;
                let cols = t
                    .unique_keys()
                    .into_iter()
                    .find(|k| k.1 == name)
                    .map(|k| k.2)
                    .or_else(|| {
                        t.indexes
                            .iter()
                            .find(|i| i.name == name && i.unique)
                            .map(|i| i.columns.clone())
                    })
                    .unwrap_or_else(|| {
                        panic!("fixture: '{name}' is not a unique key of {}", t.name)
                    });
                Some(cols.join(", "))
            }
            _ => None,
        }
    }

    fn applies(entry: &Value) -> bool {
        entry
            .get("only")
            .and_then(Value::as_array)
            .is_none_or(|a| a.iter().any(|d| d == "sqlite"))
    }

    fn fresh(&self, table: &str) -> Map<String, Value> {
        Self::obj(&self.data["fresh"][table]).clone()
    }

    fn check_default(&self, t: &Tbl, c: &Col, got: &Sql) -> Result<(), String> {
        let at = format!("{}.{}", t.name, c.name);
        let d = c.default.as_ref().unwrap();
        let want = match d {
            Value::String(s) if NOW_KEYWORDS.contains(&s.as_str()) => {
                let text = match got {
                    Sql::Text(s) => s.clone(),
                    other => return Err(format!("{at} defaults to {s}; got {other:?}")),
                };
                let b = text.as_bytes();
                let digits = |r: std::ops::Range<usize>| {
                    r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
                };
                let ok = match s.as_str() {
                    "CURRENT_DATE" => text.len() == 10 && digits(0..4) && b[4] == b'-',
                    "CURRENT_TIME" => text.len() == 8 && digits(0..2) && b[2] == b':',
                    _ => {
                        text.len() >= 19
                            && digits(0..4)
                            && b[4] == b'-'
                            && b[10] == b' '
                            && b[13] == b':'
                    }
                };
                return if ok {
                    Ok(())
                } else {
                    Err(format!("{at} defaults to {s}; got {text:?}"))
                };
            }
            Value::Object(_) => {
                let v = self.data["defaults"][&t.name].get(&c.name).ok_or_else(|| {
                    format!("{at} has an expression default: the fixture gives the value it must produce in data.defaults")
                })?;
                from_fixture(c, v)
            }
            Value::String(s) if is_json(c) => Norm::Json(serde_json::from_str(s).unwrap()),
            other => from_fixture(c, other),
        };
        let have = from_engine(c, got);
        if have == want {
            Ok(())
        } else {
            Err(format!(
                "{at} gets its default: want {want:?}, got {have:?}"
            ))
        }
    }

    fn exercise(&self) -> Result<(), String> {
        let d = self.data;
        // 1. The rows the other steps build on.
        for r in d["rows"].as_array().cloned().unwrap_or_default() {
            if let Some(name) = r["insert"].as_str() {
                let t = self.table(name);
                self.accepts(
                    &insert(t, Self::obj(&r["values"])),
                    &format!("the row {} in {name}", r["values"]),
                )?;
            } else {
                let name = r["update"].as_str().unwrap();
                let t = self.table(name);
                let n = self.accepts(
                    &update(t, Self::obj(&r["set"]), Self::obj(&r["where"])),
                    &format!("the update of {name} {}", r["where"]),
                )?;
                if n == 0 {
                    return Err(format!(
                        "the update of {name} {} changed no row",
                        r["where"]
                    ));
                }
            }
        }

        // 2. Defaults and auto-increment: the fresh row without those columns gets them.
        for t in &self.tables {
            let filled: Vec<&Col> = t
                .columns
                .iter()
                .filter(|c| c.auto || c.default.as_ref().is_some_and(|v| !v.is_null()))
                .collect();
            if filled.is_empty() {
                continue;
            }
            let mut probe = self.fresh(&t.name);
            for c in &filled {
                probe.remove(&c.name);
            }
            let s = insert(t, &probe);
            let returning = Stmt {
                sql: format!("{} RETURNING *", s.sql),
                params: s.params,
            };
            let rows = query(self.conn, &returning).map_err(|e| {
                format!(
                    "SQLite refused the row {probe:?} in {} without its defaulted columns: {e}",
                    t.name
                )
            })?;
            let row = &rows[0];
            for c in &filled {
                let got = &row[&c.name];
                if c.auto {
                    if !matches!(got, Sql::Integer(i) if *i > 0) {
                        return Err(format!("{}.{} is generated: got {got:?}", t.name, c.name));
                    }
                } else {
                    self.check_default(t, c, got)?;
                }
            }
            let mut key = Map::new();
            for k in &t.pk {
                key.insert(k.clone(), sql_to_json(&row[k]));
            }
            let n = self.accepts(
                &delete(t, &key),
                &format!("removing the default probe row of {}", t.name),
            )?;
            if n != 1 {
                return Err(format!(
                    "the default probe row of {} is removed ({n} rows)",
                    t.name
                ));
            }
            // The probe row had the largest key; inserted again, it gets a new one, as from
            // a PostgreSQL sequence or MySQL's AUTO_INCREMENT (a plain INTEGER PRIMARY KEY
            // gave the deleted key again).
            if let Some(c) = filled.iter().find(|c| c.auto) {
                let again = query(self.conn, &returning)
                    .map_err(|e| format!("the probe row of {} inserted again: {e}", t.name))?;
                let (Sql::Integer(first), Sql::Integer(next)) = (&row[&c.name], &again[0][&c.name])
                else {
                    return Err(format!(
                        "{}.{} is generated: got {:?}",
                        t.name, c.name, again[0]
                    ));
                };
                if next <= first {
                    return Err(format!(
                        "{}.{} gave the deleted key {first} again ({next})",
                        t.name, c.name
                    ));
                }
                let mut key = Map::new();
                for k in &t.pk {
                    key.insert(k.clone(), sql_to_json(&again[0][k]));
                }
                self.accepts(&delete(t, &key), "removing the probe row inserted again")?;
            }
        }

        // 3. Derived violations: each changes one thing in the table's fresh row.
        for t in &self.tables {
            let fresh = self.fresh(&t.name);
            for c in &t.columns {
                if c.nullable || c.auto {
                    continue;
                }
                let mut row = fresh.clone();
                row.insert(c.name.clone(), Value::Null);
                if is_rowid(t, c) {
                    // SQLite's rowid: NULL assigns the next key instead of failing.
                    let s = insert(t, &row);
                    let returning = Stmt {
                        sql: format!("{} RETURNING \"{}\"", s.sql, c.name),
                        params: s.params,
                    };
                    let got = query(self.conn, &returning).map_err(|e| {
                        format!(
                            "NULL in the rowid {}.{} assigns a key; SQLite said {e}",
                            t.name, c.name
                        )
                    })?;
                    let id = got[0][&c.name].clone();
                    if !matches!(id, Sql::Integer(_)) {
                        return Err(format!(
                            "NULL in the rowid {}.{} gave {id:?}",
                            t.name, c.name
                        ));
                    }
                    let mut key = Map::new();
                    key.insert(c.name.clone(), sql_to_json(&id));
                    self.accepts(&delete(t, &key), "removing the rowid probe row")?;
                    continue;
                }
                self.rejects(
                    &insert(t, &row),
                    "not_null",
                    Some(c.name.clone()),
                    &format!("NULL in the NOT NULL column {}.{}", t.name, c.name),
                )?;
            }
            for (_, _, cols) in t.unique_keys() {
                let all = query(self.conn, &select(t, &Map::new())).unwrap();
                let existing = all.iter().find(|r| cols.iter().all(|k| !matches!(r[k], Sql::Null))).ok_or_else(|| {
                    format!("fixture: data.rows puts no row with ({}) set into {}, so its unique key cannot be tested", cols.join(", "), t.name)
                })?;
                let mut row = fresh.clone();
                for k in &cols {
                    row.insert(k.clone(), sql_to_json(&existing[k]));
                }
                let s = insert(t, &row);
                // Values read back are bound as read (a BLOB stays a BLOB).
                let s = Stmt {
                    params: row
                        .keys()
                        .map(|k| {
                            if cols.contains(k) {
                                existing[k].clone()
                            } else {
                                to_sql(t.col(k), &row[k])
                            }
                        })
                        .collect(),
                    ..s
                };
                self.rejects(
                    &s,
                    "unique",
                    Some(cols.join(", ")),
                    &format!(
                        "a second row with the same ({}) in {}",
                        cols.join(", "),
                        t.name
                    ),
                )?;
            }
            for fk in &t.fks {
                let mut row = fresh.clone();
                let mut parent_where = Map::new();
                for (k, rk) in fk.columns.iter().zip(&fk.referenced) {
                    let v = d["missing"][&t.name]
                        .get(k)
                        .cloned()
                        .unwrap_or_else(|| missing_value(t.col(k)));
                    parent_where.insert(rk.clone(), v.clone());
                    row.insert(k.clone(), v);
                }
                let parent = self.table(&fk.table);
                let n = query(self.conn, &select(parent, &parent_where))
                    .unwrap()
                    .len();
                if n != 0 {
                    return Err(format!("fixture: {parent_where:?} exists in {}; give data.missing.{} values with no parent", parent.name, t.name));
                }
                self.rejects(
                    &insert(t, &row),
                    "foreign_key",
                    None,
                    &format!(
                        "a row of {} whose ({}) has no parent in {}",
                        t.name,
                        fk.columns.join(", "),
                        parent.name
                    ),
                )?;
            }
        }

        // 4. Explicit violations (CHECK constraints, partial unique indexes).
        let violations = d["violations"].as_array().cloned().unwrap_or_default();
        for t in &self.tables {
            for (check, _) in &t.checks {
                if !violations.iter().any(|v| {
                    v["table"] == t.name.as_str()
                        && v["rejects"] == "check"
                        && v["constraint"] == check.as_str()
                        && Self::applies(v)
                }) {
                    return Err(format!(
                        "fixture: no violation exercises the CHECK {check} of {}",
                        t.name
                    ));
                }
            }
        }
        for v in violations.iter().filter(|v| Self::applies(v)) {
            let t = self.table(v["table"].as_str().unwrap());
            let mut row = self.fresh(&t.name);
            for (k, x) in Self::obj(&v["set"]) {
                row.insert(k.clone(), x.clone());
            }
            let kind = v["rejects"].as_str().unwrap();
            let culprit = self.culprit(kind, t, v["constraint"].as_str());
            let why = v["why"].as_str().unwrap_or("the row");
            self.rejects(
                &insert(t, &row),
                kind,
                culprit,
                &format!("{why} {} in {}", v["set"], t.name),
            )?;
        }

        // 5. The fresh rows themselves are accepted.
        for (name, row) in Self::obj(&d["fresh"]) {
            let t = self.table(name);
            self.accepts(
                &insert(t, Self::obj(row)),
                &format!("the fresh row {row} in {name}"),
            )?;
        }

        // 6. Deletes and updates: what the foreign-key actions do.
        for a in d["actions"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|a| Self::applies(a))
        {
            let name = a["delete"].as_str().or(a["update"].as_str()).unwrap();
            let t = self.table(name);
            let s = if a.get("delete").is_some() {
                delete(t, Self::obj(&a["where"]))
            } else {
                update(t, Self::obj(&a["set"]), Self::obj(&a["where"]))
            };
            let what = format!(
                "{} {} {name} {}{}",
                a["why"].as_str().unwrap_or(""),
                if a.get("delete").is_some() {
                    "deleting"
                } else {
                    "updating"
                },
                a["where"],
                a.get("set").map(|s| format!(" to {s}")).unwrap_or_default()
            );
            if let Some(kind) = a["rejects"].as_str() {
                let culprit = self.culprit(kind, t, a["constraint"].as_str());
                self.rejects(&s, kind, culprit, &what)?;
                continue;
            }
            let n = self.accepts(&s, &what)?;
            if n == 0 {
                return Err(format!("{what}: no row matched"));
            }
            for e in a["expect"].as_array().cloned().unwrap_or_default() {
                let et = self.table(e["table"].as_str().unwrap());
                let rows = query(self.conn, &select(et, Self::obj(&e["where"]))).unwrap();
                if let Some(count) = e["count"].as_u64() {
                    if rows.len() as u64 != count {
                        return Err(format!(
                            "after {what}: {} {} has {} row(s), not {count}",
                            et.name,
                            e["where"],
                            rows.len()
                        ));
                    }
                }
                if let Some(values) = e["values"].as_object() {
                    if rows.len() != 1 {
                        return Err(format!(
                            "after {what}: {} rows of {} match {}",
                            rows.len(),
                            et.name,
                            e["where"]
                        ));
                    }
                    for (k, v) in values {
                        let c = et.col(k);
                        let (have, want) = (from_engine(c, &rows[0][k]), from_fixture(c, v));
                        if have != want {
                            return Err(format!(
                                "after {what}: {}.{k} of {} is {have:?}, not {want:?}",
                                et.name, e["where"]
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

fn sql_to_json(v: &Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => json!(i),
        Sql::Real(f) => json!(f),
        Sql::Text(s) => json!(s),
        Sql::Blob(b) => json!(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

/// A value that exists in no parent row, for a column of this type.
fn missing_value(c: &Col) -> Value {
    match c.ty.as_str() {
        "TINYINT" => json!(119),
        t if INTEGER_TYPES.contains(&t) => json!(987654321),
        "REAL" | "NUMERIC" | "DECIMAL" => json!(98765),
        "UUID" => json!("ffffffff-ffff-4fff-bfff-ffffffffffff"),
        "DATE" => json!("1901-01-01"),
        "TIMESTAMP" | "DATETIME" => json!("1901-01-01 00:00:00"),
        _ => json!(&"zz-missing"[..c.length.map_or(10, |n| n.min(10) as usize)]),
    }
}

// ---------------------------------------------------------------------------------------------
// The sequence.

fn spec_json(f: &Fixture, dialect: &str) -> String {
    let mut spec = f.spec.clone();
    let o = spec.as_object_mut().unwrap();
    o.insert("databaseType".into(), json!(dialect));
    o.insert("now".into(), json!(NOW));
    o.insert("generateTypes".into(), json!(true));
    spec.to_string()
}

fn run_fixture(f: &Fixture) -> Result<(), String> {
    let r = generate_str(&spec_json(f, "sqlite"));
    if !r.validation.valid {
        return Err(format!("generation failed: {:?}", r.validation.errors));
    }
    let warnings: Vec<&str> = r
        .validation
        .warnings
        .iter()
        .map(|w| w.code.as_str())
        .collect();
    for code in f
        .expect_warnings
        .get("sqlite")
        .map(strs)
        .unwrap_or_default()
    {
        if !warnings.contains(&code.as_str()) {
            return Err(format!("expected the warning {code}; got {warnings:?}"));
        }
    }
    let conn = migration_generator::sqlite_memory::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    let script = |what: &str, sql: &str| {
        conn.execute_batch(sql)
            .map_err(|e| format!("SQLite refused the {what}: {e}\n--- script ---\n{sql}"))
    };
    let tables = effective_tables(&f.spec);
    let expected = expected_schema(&tables);
    script("up migration", &r.up_migration)?;
    let got = read_schema(&conn, &tables);
    if got != expected {
        return Err(format!("the catalog after the up migration does not match the spec\n  got:      {got:#?}\n  expected: {expected:#?}"));
    }
    Run {
        conn: &conn,
        tables: tables.clone(),
        data: &f.data,
    }
    .exercise()?;
    script("down migration", &r.down_migration)?;
    let left = leftovers(&conn);
    if !left.is_empty() {
        return Err(format!("the down migration leaves {left:?}"));
    }
    script("up migration after the down migration", &r.up_migration)?;
    let again = read_schema(&conn, &tables);
    if again != expected {
        return Err(format!(
            "the catalog after up → down → up does not match the spec: {again:#?}"
        ));
    }
    script("second down migration", &r.down_migration)?;
    let left = leftovers(&conn);
    if !left.is_empty() {
        return Err(format!("the second down migration leaves {left:?}"));
    }
    Ok(())
}

#[test]
fn every_sqlite_fixture_runs_up_down_up_on_the_bundled_engine() {
    let fixtures = load_fixtures();
    let mut ran = 0;
    let mut failures = Vec::new();
    for f in fixtures
        .iter()
        .filter(|f| f.dialects.iter().any(|d| d == "sqlite"))
    {
        ran += 1;
        if let Err(e) = run_fixture(f) {
            failures.push(format!("--- {}: {e}", f.name));
        }
    }
    assert!(ran > 0, "no SQLite fixture found in __test__/fixtures");
    assert!(
        failures.is_empty(),
        "{} of {ran} SQLite fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_rejected_for_sqlite_report_their_codes() {
    for f in load_fixtures() {
        let Some(codes) = f.expect_errors.get("sqlite") else {
            continue;
        };
        let r = generate_str(&spec_json(&f, "sqlite"));
        assert!(
            !r.validation.valid,
            "{}: SQLite generation must fail",
            f.name
        );
        assert!(
            r.up_migration.is_empty(),
            "{}: no SQL for a rejected spec",
            f.name
        );
        let got: Vec<&str> = r
            .validation
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        for code in strs(codes) {
            assert!(
                got.contains(&code.as_str()),
                "{}: expected {code}, got {got:?}",
                f.name
            );
        }
    }
}
