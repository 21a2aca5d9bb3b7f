//! "Pull": a `MigrationSpec` (as JSON) describing an existing database as it is. Generating
//! from it against the same database gives SKIP for every table.

use crate::dialect::Dialect;
use crate::introspect::ExistingSchema;
use crate::spec::*;
use serde_json::{json, Map, Value};
use std::borrow::Cow;

fn default_json(d: &DefaultValue) -> Value {
    match d {
        DefaultValue::Null => Value::Null,
        DefaultValue::Str(s) => json!(s),
        // A number JavaScript would round (the spec is read with JSON.parse) is pulled as the
        // expression that is that number, which writes the same default and compares as it.
        DefaultValue::Number(n) if exact_in_javascript(n) => {
            serde_json::from_str::<serde_json::Number>(n)
                .map(Value::Number)
                .unwrap_or_else(|_| json!({ "expression": n }))
        }
        DefaultValue::Number(n) => json!({ "expression": n }),
        DefaultValue::Bool(b) => json!(b),
        DefaultValue::Now(k) => json!(k.as_str()),
        DefaultValue::Expression(e) => json!({ "expression": e }),
    }
}

/// Whether the number `n` (as SQL writes it) comes through JavaScript's `JSON.parse` exactly: an
/// integer within ±(2^53 − 1), or a decimal of at most 15 significant digits (every such
/// decimal survives a round trip through a double).
fn exact_in_javascript(n: &str) -> bool {
    let t = n.trim_start_matches(['-', '+']);
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<u64>().is_ok_and(|v| v < 1 << 53);
    }
    let mantissa = t.split(['e', 'E']).next().unwrap_or_default();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len() <= 15
}

/// A default the spec's own form of it cannot give the column is pulled in the nearest form
/// validation takes and that gives new rows the same value: a string (`boolean DEFAULT 'false'`,
/// text that is not JSON on a `json` column, any string on a column declared without a type)
/// as the expression that is that string literal; `true`/`false` on a column that is not
/// BOOLEAN (Drizzle's `integer DEFAULT false`) as the number SQLite stores, 1 or 0; the current
/// time on a column of another type (`integer DEFAULT (CURRENT_TIMESTAMP)`) as the expression.
/// The diff compares each with the database's default as the same default.
fn default_validation_takes<'a>(
    c: &Column,
    ty: ColumnType,
    d: &'a DefaultValue,
    dialect: &dyn Dialect,
) -> Cow<'a, DefaultValue> {
    // Only SQLite stores any value in any column: for PostgreSQL and MySQL these forms give SQL
    // the engine refuses (`BOOLEAN DEFAULT ('C:\new')`, `integer DEFAULT (CURRENT_TIMESTAMP)`)
    // or a value read otherwise (MySQL's backslash escapes), so there the default is pulled as
    // it is, and validation says what is wrong with it.
    if dialect.database_type() != DatabaseType::Sqlite {
        return Cow::Borrowed(d);
    }
    let mut pulled = Column { ty, ..c.clone() };
    if crate::defaults::default_fits(&pulled, dialect) {
        return Cow::Borrowed(d);
    }
    let candidates = match d {
        DefaultValue::Str(s) => vec![DefaultValue::Expression(format!(
            "'{}'",
            s.replace('\'', "''")
        ))],
        DefaultValue::Bool(b) => vec![
            DefaultValue::Number(if *b { "1" } else { "0" }.into()),
            DefaultValue::Expression(if *b { "TRUE" } else { "FALSE" }.into()),
        ],
        DefaultValue::Now(k) => vec![DefaultValue::Expression(k.as_str().into())],
        _ => Vec::new(),
    };
    for candidate in candidates {
        pulled.default = Some(candidate);
        if crate::defaults::default_fits(&pulled, dialect) {
            return Cow::Owned(pulled.default.take().unwrap_or(DefaultValue::Null));
        }
    }
    Cow::Borrowed(d)
}

fn column_json(c: &Column, dialect: &dyn Dialect) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(c.name));
    // `date DEFAULT CURRENT_TIMESTAMP` (as Knex writes `date().defaultTo(knex.fn.now())`) or
    // `date DEFAULT '2020-01-01 00:00:00'`: a spec's DATE column cannot default to a time of
    // day, a DATETIME one can, and both are TEXT in SQLite, so the column still compares as it
    // is.
    let time_of_day = match &c.default {
        Some(DefaultValue::Now(NowKind::Timestamp)) => true,
        Some(DefaultValue::Str(s)) => matches!(s.as_bytes().get(10), Some(b' ' | b'T')),
        _ => false,
    };
    let ty = if c.ty == ColumnType::Date && time_of_day {
        ColumnType::Datetime
    } else {
        c.ty
    };
    o.insert("type".into(), json!(ty.as_str()));
    o.insert("nullable".into(), json!(c.nullable));
    if let Some(d) = &c.default {
        o.insert(
            "default".into(),
            default_json(&default_validation_takes(c, ty, d, dialect)),
        );
    }
    if c.unique {
        o.insert("unique".into(), json!(true));
    }
    if c.auto_increment {
        o.insert("autoIncrement".into(), json!(true));
    }
    for (k, v) in [
        ("length", c.length),
        ("precision", c.precision),
        ("scale", c.scale),
    ] {
        if let Some(v) = v {
            o.insert(k.into(), json!(v));
        }
    }
    Value::Object(o)
}

/// An expression of table `t` as SQLite stores it, quoted as `dialect` reads it: a quoted name
/// of one of the table's columns (`"status"`, `` `status` ``, `[status]`) as the dialect writes
/// that column (MySQL reads `"status"` as a string, PostgreSQL refuses backquotes), and a
/// double-quoted word that names no column as the string SQLite takes it for (its
/// double-quoted-string rule). Unchanged for SQLite.
fn requoted(expression: &str, t: &Table, dialect: &dyn Dialect) -> String {
    use crate::create_table_text::{lex, name, Tok};
    if dialect.database_type() == DatabaseType::Sqlite {
        return expression.to_string();
    }
    let mut out = String::with_capacity(expression.len() + 8);
    let mut at = 0;
    for tok in lex(expression) {
        let Tok::Quoted(a, b) = tok else {
            continue;
        };
        let Some(quoted) = name(expression, tok) else {
            continue;
        };
        let replacement = match t
            .columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(&quoted))
        {
            Some(c) => dialect.identifier(&c.name).into_owned(),
            None if expression.as_bytes()[a] == b'"' => crate::dialect::quote_doubling(&quoted),
            None => continue,
        };
        out.push_str(&expression[at..a]);
        out.push_str(&replacement);
        at = b;
    }
    out.push_str(&expression[at..]);
    out
}

fn table_json(t: &Table, dialect: &dyn Dialect) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(t.name));
    o.insert(
        "columns".into(),
        Value::Array(t.columns.iter().map(|c| column_json(c, dialect)).collect()),
    );
    if !t.primary_key.is_empty() {
        o.insert("primaryKey".into(), json!(t.primary_key));
    }
    if !t.foreign_keys.is_empty() {
        let fks: Vec<Value> = t
            .foreign_keys
            .iter()
            .map(|f| {
                let mut fk = Map::new();
                fk.insert("columns".into(), json!(f.columns));
                fk.insert("referencedTable".into(), json!(f.referenced_table));
                fk.insert("referencedColumns".into(), json!(f.referenced_columns));
                if let Some(a) = f.on_delete {
                    fk.insert("onDelete".into(), json!(a.as_str()));
                }
                if let Some(a) = f.on_update {
                    fk.insert("onUpdate".into(), json!(a.as_str()));
                }
                Value::Object(fk)
            })
            .collect();
        o.insert("foreignKeys".into(), Value::Array(fks));
    }
    if !t.unique_constraints.is_empty() {
        o.insert(
            "uniqueConstraints".into(),
            Value::Array(
                t.unique_constraints
                    .iter()
                    .map(|u| json!({ "name": u.name, "columns": u.columns }))
                    .collect(),
            ),
        );
    }
    if !t.check_constraints.is_empty() {
        o.insert(
            "checkConstraints".into(),
            Value::Array(
                t.check_constraints
                    .iter()
                    .map(|c| json!({ "name": c.name, "expression": requoted(&c.expression, t, dialect) }))
                    .collect(),
            ),
        );
    }
    if !t.indexes.is_empty() {
        let ixs: Vec<Value> = t
            .indexes
            .iter()
            .map(|i| {
                let mut ix = json!({ "name": i.name, "columns": i.columns, "unique": i.unique });
                if let Some(p) = &i.predicate {
                    ix["where"] = json!(requoted(p, t, dialect));
                }
                ix
            })
            .collect();
        o.insert("indexes".into(), Value::Array(ixs));
    }
    Value::Object(o)
}

/// The spec of a database: every table with its columns, keys, constraints and indexes, and
/// `timestamps: false` (the database's own timestamp columns are listed as columns).
pub fn spec_json(schema: &ExistingSchema, database_type: DatabaseType, path: &str) -> Value {
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let description = format!("pull_{}", crate::format::slug(&stem));
    let dialect = crate::dialect::for_database(database_type);
    // A virtual table is left out (`left_out` names it): a spec cannot describe one.
    let tables: Vec<Value> = schema
        .tables()
        .iter()
        .filter(|t| !t.is_virtual())
        .map(|t| {
            let mut table = t.table.clone();
            // Indexes standing for UNIQUE columns written by an earlier ALTER are column flags.
            table.indexes.clear();
            for ix in &t.indexes {
                let marks_unique = ix.index.unique
                    && ix.index.predicate.is_none()
                    && ix.index.columns.len() == 1
                    && ix.index.name
                        == crate::diff::unique_index_name(&table.name, &ix.index.columns[0]);
                if marks_unique {
                    if let Some(c) = table
                        .columns
                        .iter_mut()
                        .find(|c| c.name == ix.index.columns[0])
                    {
                        c.unique = true;
                    }
                } else if !ix.index.columns.iter().any(String::is_empty) {
                    // An expression index has no form in the spec: left out (and left alone by
                    // a migration generated against the database, see `diff`).
                    table.indexes.push(ix.index.clone());
                }
            }
            table_json(&table, dialect)
        })
        .collect();
    json!({ "description": description, "databaseType": database_type.as_str(), "timestamps": false, "tables": tables })
}

/// Something in the database that a pulled spec has no form for. Generating from the spec
/// against that database leaves it as it is; a database made from the spec does not have it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LeftOut {
    /// The table it belongs to; `None` for a view (which may name several tables) and for a
    /// virtual table (left out of the spec whole).
    pub table: Option<String>,
    /// What it is, as a phrase: "the trigger 'audit'", "a COLLATE clause".
    pub what: String,
}

/// What the spec `spec_json` makes of `schema` leaves out: per table, in table order, the
/// features its text shows that a spec cannot say (generated columns, COLLATE, STRICT, …),
/// expression indexes and triggers; then every virtual table (left out whole) and every view.
pub fn left_out(schema: &ExistingSchema) -> Vec<LeftOut> {
    let mut out: Vec<LeftOut> = Vec::new();
    let mut virtual_tables = Vec::new();
    for t in schema.tables() {
        if t.is_virtual() {
            // Not in the spec at all: listed with the views.
            virtual_tables.push(LeftOut {
                table: None,
                what: format!("the virtual table '{}'", t.table.name),
            });
            continue;
        }
        // The rebuild's needles are looked for in the text as a whole, cautiously (a string
        // `'on conflict'` counts there); here only the clause itself counts.
        let runs = |words: &[&str], after_columns| {
            crate::create_table_text::word_runs(&t.sql, words, after_columns)
        };
        let has = |words: &[&str], after_columns| runs(words, after_columns) > 0;
        // Only `DEFERRABLE INITIALLY DEFERRED` defers the check; every other form is the
        // spec's immediate one.
        let deferred = runs(&["DEFERRABLE", "INITIALLY", "DEFERRED"], false)
            > runs(&["NOT", "DEFERRABLE", "INITIALLY", "DEFERRED"], false);
        let mut seen: Vec<&str> = Vec::new();
        for blocker in &t.rebuild_blockers {
            let what = match blocker.as_str() {
                // Every generated column is listed by name (it is a hidden column).
                "a generated column" => continue,
                "a virtual table" => continue,
                "WITHOUT ROWID" if !has(&["WITHOUT", "ROWID"], true) => continue,
                "WITHOUT ROWID" => "WITHOUT ROWID (the spec's table has a rowid)",
                "STRICT" if !has(&["STRICT"], true) => continue,
                "STRICT" => "STRICT (the spec's table takes any value in any column)",
                "AUTOINCREMENT" if !has(&["AUTOINCREMENT"], false) => continue,
                "AUTOINCREMENT" => {
                    "AUTOINCREMENT (the spec's key is the rowid, which may give a deleted last row's id again)"
                }
                "a COLLATE clause" if !has(&["COLLATE"], false) => continue,
                "an ON CONFLICT clause" if !has(&["ON", "CONFLICT"], false) => continue,
                // Listed below, whether or not a rebuild could keep it.
                "a DEFERRABLE foreign key" => continue,
                "an ON DELETE/UPDATE SET DEFAULT action" if !has(&["SET", "DEFAULT"], false) => {
                    continue
                }
                other => other,
            };
            if !seen.contains(&what) {
                seen.push(what);
            }
        }
        if deferred {
            seen.push(
                "a DEFERRABLE INITIALLY DEFERRED foreign key (checked at COMMIT; the spec's are checked at each statement)",
            );
        }
        let table = Some(t.table.name.clone());
        out.extend(seen.into_iter().map(|what| LeftOut {
            table: table.clone(),
            what: what.to_string(),
        }));
        // An index over columns whose text says COLLATE (`ON wp_postmeta(meta_key COLLATE
        // NOCASE)`): the spec's index has the columns only, so a database made from it compares
        // (and, for a UNIQUE index, refuses duplicates) byte for byte. An expression index is
        // listed whole above.
        out.extend(
            t.indexes
                .iter()
                .filter(|ix| {
                    !ix.index.columns.iter().any(String::is_empty)
                        && crate::create_table_text::word_runs(&ix.sql, &["COLLATE"], false) > 0
                })
                .map(|ix| LeftOut {
                    table: table.clone(),
                    what: format!("a COLLATE clause in the index '{}'", ix.index.name),
                }),
        );
        out.extend(t.triggers.iter().map(|(name, _)| LeftOut {
            table: table.clone(),
            what: format!("the trigger '{name}'"),
        }));
    }
    out.extend(virtual_tables);
    out.extend(schema.views.iter().map(|v| LeftOut {
        table: None,
        what: format!("the view '{v}'"),
    }));
    out
}
