//! A seeded random test of "pull" (`spec_from_database_json`) on SQLite databases written the
//! way other tools write their DDL (Prisma, Knex, Drizzle, hand-written schemas), not by this
//! generator: `INTEGER PRIMARY KEY AUTOINCREMENT`, `id integer not null primary key`, text and
//! composite keys, `"quoted"`, backquoted and `[bracketed]` names, `varchar(255)`, `numeric`,
//! `boolean`, `datetime`, defaults such as `CURRENT_TIMESTAMP`, `(datetime('now'))`, `'x'`, `0`,
//! `-1.5`, inline and table-level foreign keys (named or not, with actions), UNIQUE columns and
//! constraints, CHECKs, plain, unique and partial indexes, in mixed keyword case with extra
//! whitespace and comments. Each table gets a few random rows (foreign keys on; rows the
//! database refuses are left out).
//!
//! Oracles, per seed:
//! 1. pull answers `{ok: true}` (it refuses only files it cannot read);
//! 2. generating the pulled spec against the same file is valid, SKIP for every table, with no
//!    statement in the up migration (the fixpoint);
//! 3. the file is byte-identical after pull and generation, and nothing appears beside it;
//! 4. the pulled spec generated on an empty database runs, and every table there has the same
//!    columns (name, affinity, NOT NULL, default, key order), unique column sets, named indexes
//!    (columns, unique, partial) and foreign keys as the original — but for what README
//!    documents (types normalised, see `affinity_allowed`; a non-rowid key column without NOT NULL
//!    pulled as NOT NULL);
//! 5. a small change to the pulled spec (a new nullable column, a new index) generated against
//!    the file runs on a copy, keeps every row, and generating it again is SKIP everywhere;
//! 6. pull's `leftOut` names exactly the indexes, triggers and views the database made from the
//!    spec lacks, and exactly the original's WITHOUT ROWID and STRICT tables and generated
//!    columns (as SQLite's PRAGMAs report them, not as the text reads).
//!
//! `PULL_RANDOM_SEEDS=from..to` runs other seeds; `PULL_RANDOM_KEEP_GOING=1` runs every seed and
//! lists the failures.

use migration_generator::generate_str;
use migration_generator::output::{GeneratedMigration, Operation};
use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const DEFAULT_SEEDS: std::ops::Range<u64> = 0..100;

/// Percent chance of each rarer form (COLLATE, DESC, DEFERRABLE, WITHOUT ROWID, views, …).
const EXTRA: u32 = 5;

mod common;
use common::seeded::{run_seeds, Rng};

// ---------------------------------------------------------------------------------------------
// Writing DDL as other tools do

/// A keyword in upper, lower or mixed case.
fn kw(rng: &mut Rng, s: &str) -> String {
    match rng.below(6) {
        0..=2 => s.to_uppercase(),
        3 | 4 => s.to_lowercase(),
        _ => s
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect(),
    }
}

/// A name, plain or quoted in one of SQLite's four ways.
fn q(rng: &mut Rng, name: &str) -> String {
    match rng.below(5) {
        0 | 1 => name.to_string(),
        2 => format!("\"{name}\""),
        3 => format!("`{name}`"),
        _ => format!("[{name}]"),
    }
}

/// Whitespace between tokens: mostly one space, sometimes more, a newline or a comment.
fn sp(rng: &mut Rng) -> String {
    match rng.below(14) {
        0 => "  ".into(),
        1 => "\n    ".into(),
        2 => "\t".into(),
        3 => " /* note */ ".into(),
        4 => " -- note\n  ".into(),
        _ => " ".into(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Int,
    Text,
    Real,
    Num,
    Bool,
    Time,
    Blob,
}

fn type_for(rng: &mut Rng, kind: Kind) -> String {
    let t = match kind {
        Kind::Int => rng.pick(&[
            "INTEGER",
            "integer",
            "int",
            "INT",
            "bigint",
            "BIGINT",
            "smallint",
            "tinyint(1)",
            "unsigned big int",
            "int8",
            "mediumint",
        ]),
        Kind::Text => rng.pick(&[
            "TEXT",
            "text",
            "varchar(255)",
            "VARCHAR(191)",
            "varchar",
            "nvarchar(100)",
            "clob",
            "character varying(20)",
            "json",
            "uuid",
            "char(36)",
            "",
        ]),
        Kind::Real => rng.pick(&["REAL", "real", "double precision", "float", "DOUBLE"]),
        Kind::Num => rng.pick(&[
            "numeric",
            "NUMERIC",
            "decimal(10,2)",
            "DECIMAL(65,30)",
            "decimal(8, 2)",
        ]),
        Kind::Bool => rng.pick(&["boolean", "BOOLEAN", "bool"]),
        Kind::Time => rng.pick(&["datetime", "DATETIME", "timestamp", "TIMESTAMP", "date"]),
        Kind::Blob => rng.pick(&["BLOB", "blob"]),
    };
    t.to_string()
}

fn default_for(rng: &mut Rng, kind: Kind) -> Option<String> {
    if !rng.chance(40) {
        return None;
    }
    Some(
        match kind {
            Kind::Int => rng.pick(&[
                "0",
                "1",
                "-1",
                "(0)",
                "42",
                "NULL",
                "'0'",
                "+1",
                "0x10",
                "(unixepoch())",
                "(strftime('%s', 'now'))",
                // Drizzle Kit's boolean and timestamp modes of `integer`.
                "false",
                "true",
                "(CURRENT_TIMESTAMP)",
            ]),
            Kind::Text => rng.pick(&[
                "'x'",
                "''",
                "'it''s'",
                "'draft'",
                "NULL",
                "(lower(hex(randomblob(16))))",
                "'a,b'",
                "'(x)'",
            ]),
            Kind::Real => rng.pick(&["-1.5", "0", "0.0", "(1.25)", "3.5", "1e3", "-0.0"]),
            Kind::Num => rng.pick(&["0", "-1.5", "10.25", "'1.50'"]),
            Kind::Bool => rng.pick(&["0", "1", "true", "FALSE", "(1)", "'0'", "'1'", "'false'"]),
            Kind::Time => rng.pick(&[
                "CURRENT_TIMESTAMP",
                "(datetime('now'))",
                "(CURRENT_TIMESTAMP)",
                "'2020-01-01 00:00:00'",
            ]),
            Kind::Blob => rng.pick(&["NULL", "x'00ff'"]),
        }
        .to_string(),
    )
}

#[derive(Clone, Debug)]
struct Col {
    name: String,
    kind: Kind,
    ty: String,
    not_null: bool,
    default: Option<String>,
    unique: bool,
    check: bool,
    /// Inline `REFERENCES`: (table, column, actions text).
    reference: Option<(String, String, String)>,
}

#[derive(Clone, Debug)]
enum KeyForm {
    /// `id INTEGER PRIMARY KEY AUTOINCREMENT`
    Auto,
    /// `id integer not null primary key` / `id INTEGER PRIMARY KEY`
    Rowid(bool),
    /// `id TEXT NOT NULL PRIMARY KEY`, or a table-level `PRIMARY KEY (id)`
    Text(bool),
    /// `a INTEGER NOT NULL, b TEXT NOT NULL, …, PRIMARY KEY (a, b)`
    Composite,
}

#[derive(Clone, Debug)]
struct Table {
    name: String,
    key: KeyForm,
    cols: Vec<Col>,
    /// Table-level foreign keys: (name, columns, table, referenced, actions).
    fks: Vec<TableFk>,
    uniques: Vec<(Option<String>, Vec<String>)>,
    checks: Vec<(Option<String>, String)>,
}

impl Table {
    fn key_cols(&self) -> Vec<String> {
        match self.key {
            KeyForm::Composite => vec!["ka".into(), "kb".into()],
            _ => vec!["id".into()],
        }
    }
    fn key_kinds(&self) -> Vec<Kind> {
        match self.key {
            KeyForm::Composite => vec![Kind::Int, Kind::Text],
            KeyForm::Text(_) => vec![Kind::Text],
            _ => vec![Kind::Int],
        }
    }
}

const WORDS: [&str; 12] = [
    "title",
    "amount",
    "status",
    "note",
    "score",
    "created_at",
    "flag",
    "price",
    "label",
    "body",
    "weight",
    "kind",
];
const TABLE_WORDS: [&str; 8] = [
    "users", "posts", "orders", "items", "tags", "accounts", "events", "notes",
];

fn random_tables(rng: &mut Rng) -> Vec<Table> {
    let n = 1 + rng.below(4);
    let mut tables: Vec<Table> = Vec::new();
    for ti in 0..n {
        let name = format!("{}_{ti}", rng.pick(&TABLE_WORDS));
        let key = match rng.below(7) {
            0 | 1 => KeyForm::Auto,
            2 | 3 => KeyForm::Rowid(rng.chance(50)),
            4 | 5 => KeyForm::Text(rng.chance(50)),
            _ => KeyForm::Composite,
        };
        let mut t = Table {
            name,
            key,
            cols: Vec::new(),
            fks: Vec::new(),
            uniques: Vec::new(),
            checks: Vec::new(),
        };
        let ncols = 1 + rng.below(5);
        for ci in 0..ncols {
            let kind = rng.pick(&[
                Kind::Int,
                Kind::Text,
                Kind::Real,
                Kind::Num,
                Kind::Bool,
                Kind::Time,
                Kind::Blob,
                Kind::Text,
                Kind::Int,
            ]);
            let ty = type_for(rng, kind);
            let default = default_for(rng, kind);
            let not_null =
                rng.chance(35) && default.as_deref().is_some_and(|d| d != "NULL") || rng.chance(10);
            t.cols.push(Col {
                name: format!("{}_{ci}", rng.pick(&WORDS)),
                kind,
                ty,
                not_null,
                default,
                unique: kind != Kind::Blob && rng.chance(12),
                check: matches!(kind, Kind::Int | Kind::Text | Kind::Bool) && rng.chance(20),
                reference: None,
            });
        }
        // Foreign keys: to an earlier table's key (or to this table's own, a self-reference).
        let fk_count = rng.below(3);
        for fi in 0..fk_count {
            let self_ref = rng.chance(20) || tables.is_empty();
            let (pname, pkey, pkinds) = if self_ref {
                (t.name.clone(), t.key_cols(), t.key_kinds())
            } else {
                let p = &tables[rng.below(tables.len())];
                (p.name.clone(), p.key_cols(), p.key_kinds())
            };
            let actions = {
                let mut a = String::new();
                if rng.chance(50) {
                    a.push_str(&format!(
                        " ON DELETE {}",
                        rng.pick(&["CASCADE", "RESTRICT", "NO ACTION", "SET NULL"])
                    ));
                }
                if rng.chance(25) {
                    a.push_str(&format!(
                        " ON UPDATE {}",
                        rng.pick(&["CASCADE", "RESTRICT", "NO ACTION", "SET NULL"])
                    ));
                }
                a
            };
            let mut cols = Vec::new();
            for (k, kind) in pkey.iter().zip(&pkinds) {
                let cname = format!("{}_{}_{fi}", pname.split('_').next().unwrap(), k);
                let ty = match kind {
                    Kind::Int => rng.pick(&["INTEGER", "integer", "INT"]).to_string(),
                    _ => rng.pick(&["TEXT", "text", "varchar(36)"]).to_string(),
                };
                t.cols.push(Col {
                    name: cname.clone(),
                    kind: *kind,
                    ty,
                    not_null: !self_ref && rng.chance(30),
                    default: None,
                    unique: false,
                    check: false,
                    reference: None,
                });
                cols.push(cname);
            }
            if cols.len() == 1 && rng.chance(50) {
                let c = t.cols.last_mut().unwrap();
                c.reference = Some((pname, pkey[0].clone(), actions));
            } else {
                let name = rng.chance(50).then(|| format!("fk_{}_{fi}", t.name));
                t.fks.push((name, cols, pname, pkey, actions));
            }
        }
        // Table-level UNIQUE over two columns.
        let plain: Vec<String> = t
            .cols
            .iter()
            .filter(|c| c.kind != Kind::Blob)
            .map(|c| c.name.clone())
            .collect();
        if plain.len() >= 2 && rng.chance(25) {
            let a = plain[rng.below(plain.len())].clone();
            let b = plain[rng.below(plain.len())].clone();
            if a != b {
                let name = rng.chance(50).then(|| format!("uq_{}_pair", t.name));
                t.uniques.push((name, vec![a, b]));
            }
        }
        // A table-level CHECK.
        if let Some(c) = t.cols.iter().find(|c| c.kind == Kind::Int) {
            if rng.chance(30) {
                let name = rng.chance(50).then(|| format!("chk_{}", t.name));
                let expr = format!("{} >= -100 OR {} IS NULL", c.name, c.name);
                t.checks.push((name, expr));
            }
        }
        tables.push(t);
    }
    tables
}

fn col_sql(rng: &mut Rng, c: &Col) -> String {
    let mut s = format!("{}{}{}", q(rng, &c.name), sp(rng), kw(rng, &c.ty));
    if c.not_null {
        s.push_str(&format!("{}{}", sp(rng), kw(rng, "NOT NULL")));
    }
    if c.kind == Kind::Text && rng.chance(EXTRA) {
        s.push_str(&format!(" {}", kw(rng, "COLLATE NOCASE")));
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" {} {}", kw(rng, "DEFAULT"), d));
    }
    if c.unique {
        s.push_str(&format!(" {}", kw(rng, "UNIQUE")));
    }
    if c.check {
        let n = q(rng, &c.name);
        let expr = match c.kind {
            Kind::Int => format!("{n} >= 0"),
            Kind::Bool => format!("{n} IN (0, 1)"),
            _ => format!("length({n}) <= 40"),
        };
        s.push_str(&format!(" {} ({expr})", kw(rng, "CHECK")));
    }
    if let Some((t, col, actions)) = &c.reference {
        let col = if rng.chance(EXTRA * 3) {
            String::new()
        } else {
            format!("({})", q(rng, col))
        };
        let deferrable = if rng.chance(EXTRA) {
            format!(" {}", kw(rng, "DEFERRABLE INITIALLY DEFERRED"))
        } else {
            String::new()
        };
        s.push_str(&format!(
            " {} {}{col}{}{deferrable}",
            kw(rng, "REFERENCES"),
            q(rng, t),
            kw(rng, actions)
        ));
    }
    s
}

fn table_sql(rng: &mut Rng, t: &Table) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut tail: Vec<String> = Vec::new();
    match &t.key {
        KeyForm::Auto => parts.push(format!(
            "{} {}",
            q(rng, "id"),
            kw(rng, "INTEGER PRIMARY KEY AUTOINCREMENT")
        )),
        KeyForm::Rowid(true) => parts.push(format!(
            "{} {}",
            q(rng, "id"),
            kw(rng, "integer not null primary key")
        )),
        KeyForm::Rowid(false) => parts.push(format!(
            "{} {}",
            q(rng, "id"),
            kw(rng, "INTEGER PRIMARY KEY")
        )),
        KeyForm::Text(inline) => {
            let ty = rng.pick(&["TEXT", "varchar(36)", "text"]);
            if *inline {
                parts.push(format!(
                    "{} {} {}",
                    q(rng, "id"),
                    kw(rng, ty),
                    kw(rng, "NOT NULL PRIMARY KEY")
                ));
            } else {
                parts.push(format!(
                    "{} {} {}",
                    q(rng, "id"),
                    kw(rng, ty),
                    kw(rng, "NOT NULL")
                ));
                tail.push(format!("{} ({})", kw(rng, "PRIMARY KEY"), q(rng, "id")));
            }
        }
        KeyForm::Composite => {
            parts.push(format!("{} {}", q(rng, "ka"), kw(rng, "INTEGER NOT NULL")));
            parts.push(format!("{} {}", q(rng, "kb"), kw(rng, "TEXT NOT NULL")));
            let named = if rng.chance(40) {
                format!(
                    "{} {} ",
                    kw(rng, "CONSTRAINT"),
                    q(rng, &format!("pk_{}", t.name))
                )
            } else {
                String::new()
            };
            tail.push(format!(
                "{named}{} ({}, {})",
                kw(rng, "PRIMARY KEY"),
                q(rng, "ka"),
                q(rng, "kb")
            ));
        }
    }
    for c in &t.cols {
        parts.push(col_sql(rng, c));
    }
    for (name, cols) in &t.uniques {
        let named = name
            .as_ref()
            .map(|n| format!("{} {} ", kw(rng, "CONSTRAINT"), q(rng, n)))
            .unwrap_or_default();
        let cols: Vec<String> = cols.iter().map(|c| q(rng, c)).collect();
        tail.push(format!(
            "{named}{} ({})",
            kw(rng, "UNIQUE"),
            cols.join(", ")
        ));
    }
    for (name, expr) in &t.checks {
        let named = name
            .as_ref()
            .map(|n| format!("{} {} ", kw(rng, "CONSTRAINT"), q(rng, n)))
            .unwrap_or_default();
        tail.push(format!("{named}{} ({expr})", kw(rng, "CHECK")));
    }
    for (name, cols, pt, pcols, actions) in &t.fks {
        let named = name
            .as_ref()
            .map(|n| format!("{} {} ", kw(rng, "CONSTRAINT"), q(rng, n)))
            .unwrap_or_default();
        let cols: Vec<String> = cols.iter().map(|c| q(rng, c)).collect();
        let pcols: Vec<String> = pcols.iter().map(|c| q(rng, c)).collect();
        tail.push(format!(
            "{named}{} ({}){}{} {}({}){}",
            kw(rng, "FOREIGN KEY"),
            cols.join(", "),
            sp(rng),
            kw(rng, "REFERENCES"),
            q(rng, pt),
            pcols.join(", "),
            kw(rng, actions)
        ));
    }
    parts.extend(tail);
    let sep: Vec<String> = (0..parts.len()).map(|_| format!(",{}", sp(rng))).collect();
    let mut body = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            body.push_str(&sep[i]);
        }
        body.push_str(p);
    }
    let ine = if rng.chance(30) {
        format!("{} ", kw(rng, "IF NOT EXISTS"))
    } else {
        String::new()
    };
    let without_rowid =
        matches!(t.key, KeyForm::Text(_) | KeyForm::Composite) && rng.chance(EXTRA * 2);
    let suffix = if without_rowid {
        format!(" {}", kw(rng, "WITHOUT ROWID"))
    } else {
        String::new()
    };
    let mut out = format!(
        "{}{}{ine}{}{}({}\n){suffix};\n",
        kw(rng, "CREATE TABLE"),
        sp(rng),
        q(rng, &t.name),
        sp(rng),
        body
    );
    if rng.chance(EXTRA * 2) {
        out.push_str(&format!(
            "CREATE VIEW v_{0} AS SELECT * FROM {0};\n",
            t.name
        ));
    }
    if rng.chance(EXTRA * 2) {
        out.push_str(&format!(
            "CREATE TRIGGER tr_{0} AFTER UPDATE ON {0} BEGIN SELECT 1; END;\n",
            t.name
        ));
    }
    out
}

fn index_sql(rng: &mut Rng, t: &Table, n: &mut usize) -> Vec<String> {
    let mut out = Vec::new();
    let cols: Vec<&Col> = t.cols.iter().filter(|c| c.kind != Kind::Blob).collect();
    if cols.is_empty() {
        return out;
    }
    for _ in 0..rng.below(3) {
        *n += 1;
        let unique = rng.chance(30);
        let a = cols[rng.below(cols.len())];
        let mut list = vec![q(rng, &a.name)];
        if rng.chance(30) {
            let b = cols[rng.below(cols.len())];
            if b.name != a.name {
                list.push(q(rng, &b.name));
            }
        }
        for c in list.iter_mut() {
            if rng.chance(EXTRA) {
                c.push_str(&format!(" {}", kw(rng, "DESC")));
            } else if rng.chance(EXTRA) {
                c.push_str(&format!(" {}", kw(rng, "ASC")));
            } else if rng.chance(EXTRA) {
                c.push_str(&format!(" {}", kw(rng, "COLLATE NOCASE")));
            }
        }
        let where_ = if rng.chance(30) {
            let c = q(rng, &a.name);
            format!(
                " {} {}",
                kw(rng, "WHERE"),
                rng.pick(&[
                    format!("{c} IS NOT NULL"),
                    format!("{c} IS NOT NULL AND {c} <> ''"),
                ])
            )
        } else {
            String::new()
        };
        let name = format!("{}_{}_{n}", if unique { "ux" } else { "ix" }, t.name);
        out.push(format!(
            "{}{}{}{} {}{} {} {}({}){where_};\n",
            kw(rng, "CREATE"),
            if unique {
                format!(" {}", kw(rng, "UNIQUE"))
            } else {
                String::new()
            },
            sp(rng),
            kw(rng, "INDEX"),
            if rng.chance(30) {
                format!("{} ", kw(rng, "IF NOT EXISTS"))
            } else {
                String::new()
            },
            q(rng, &name),
            kw(rng, "ON"),
            q(rng, &t.name),
            list.join(", ")
        ));
    }
    out
}

/// A table-level foreign key: (name, columns, table, referenced, actions).
type TableFk = (Option<String>, Vec<String>, String, Vec<String>, String);

fn value_for(rng: &mut Rng, kind: Kind, i: usize, unique: bool) -> Sql {
    match kind {
        Kind::Int => Sql::Integer(if unique {
            i as i64 * 7 + 1
        } else {
            rng.below(50) as i64
        }),
        Kind::Text => Sql::Text(if unique {
            format!("u{i}")
        } else {
            rng.pick(&["a", "b", "hello", "x y", "it's"]).to_string()
        }),
        Kind::Real => Sql::Real(if unique {
            i as f64 + 0.5
        } else {
            rng.below(10) as f64 / 4.0
        }),
        Kind::Num => Sql::Real(if unique {
            i as f64 * 2.25
        } else {
            rng.below(10) as f64 * 1.5
        }),
        Kind::Bool => Sql::Integer(if unique {
            i as i64 % 2
        } else {
            rng.below(2) as i64
        }),
        Kind::Time => Sql::Text(format!(
            "2024-01-{:02} 10:00:00",
            1 + if unique { i } else { rng.below(28) }
        )),
        Kind::Blob => Sql::Blob(vec![rng.below(256) as u8, 1]),
    }
}

fn fill(rng: &mut Rng, conn: &Connection, tables: &[Table]) {
    for t in tables {
        let rows = rng.below(5);
        for i in 0..rows {
            let mut names = Vec::new();
            let mut values: Vec<Sql> = Vec::new();
            match t.key {
                KeyForm::Auto | KeyForm::Rowid(_) => {
                    if rng.chance(50) {
                        names.push("id".to_string());
                        values.push(Sql::Integer(i as i64 + 1));
                    }
                }
                KeyForm::Text(_) => {
                    names.push("id".into());
                    values.push(Sql::Text(format!("k{i}")));
                }
                KeyForm::Composite => {
                    names.push("ka".into());
                    values.push(Sql::Integer(i as i64 % 2));
                    names.push("kb".into());
                    values.push(Sql::Text(format!("b{i}")));
                }
            }
            // Foreign-key columns take a parent's key (of a row that exists).
            let mut fk_values: BTreeMap<String, Sql> = BTreeMap::new();
            let mut groups: Vec<(Vec<String>, String, Vec<String>)> = t
                .fks
                .iter()
                .map(|f| (f.1.clone(), f.2.clone(), f.3.clone()))
                .collect();
            for c in &t.cols {
                if let Some((pt, pc, _)) = &c.reference {
                    groups.push((vec![c.name.clone()], pt.clone(), vec![pc.clone()]));
                }
            }
            for (cols, pt, pcols) in groups {
                let nullable = cols
                    .iter()
                    .all(|c| !t.cols.iter().find(|x| &x.name == c).unwrap().not_null);
                let sel = format!(
                    "SELECT {} FROM \"{pt}\" ORDER BY random() LIMIT 1",
                    pcols
                        .iter()
                        .map(|c| format!("\"{c}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let parent: Option<Vec<Sql>> = conn
                    .query_row(&sel, [], |r| {
                        (0..pcols.len()).map(|k| r.get::<_, Sql>(k)).collect()
                    })
                    .ok();
                match parent {
                    Some(p) if !(nullable && rng.chance(30)) => {
                        for (c, v) in cols.iter().zip(p) {
                            fk_values.insert(c.clone(), v);
                        }
                    }
                    _ => {
                        for c in &cols {
                            fk_values.insert(c.clone(), Sql::Null);
                        }
                    }
                }
            }
            for c in &t.cols {
                if let Some(v) = fk_values.get(&c.name) {
                    names.push(c.name.clone());
                    values.push(v.clone());
                    continue;
                }
                if c.default.is_some() && rng.chance(30) {
                    continue;
                }
                let v = if !c.not_null && rng.chance(25) {
                    Sql::Null
                } else {
                    value_for(rng, c.kind, i, c.unique)
                };
                names.push(c.name.clone());
                values.push(v);
            }
            let sql = format!(
                "INSERT INTO \"{}\" ({}) VALUES ({})",
                t.name,
                names
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                (1..=values.len())
                    .map(|k| format!("?{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = conn.execute(&sql, rusqlite::params_from_iter(values));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a database back

/// SQLite's affinity of a declared type (section 3.1 of "Datatypes In SQLite").
fn affinity(ty: &str) -> &'static str {
    let t = ty.to_uppercase();
    if t.contains("INT") {
        "INTEGER"
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        "TEXT"
    } else if t.contains("BLOB") || t.is_empty() {
        "BLOB"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "REAL"
    } else {
        "NUMERIC"
    }
}

/// Type differences README's "Type mapping" documents: BOOLEAN is INTEGER, TIMESTAMP/DATETIME/
/// DATE are TEXT in a generated SQLite table (so a `boolean` or `datetime` column of another
/// tool, NUMERIC affinity, comes back INTEGER or TEXT).
fn affinity_allowed(original_type: &str, original: &str, fresh: &str) -> bool {
    if original == fresh {
        return true;
    }
    let t = original_type.to_uppercase();
    original == "NUMERIC"
        && ((t.starts_with("BOOL") && fresh == "INTEGER")
            || ((t == "JSON" || t == "UUID") && fresh == "TEXT")
            || ((t.starts_with("DATE") || t.starts_with("TIMESTAMP")) && fresh == "TEXT"))
}

/// A default's value: the current time as one marker (`unixepoch()` too: evaluated twice, it
/// gave two values once, a second apart), anything else evaluated by SQLite.
fn default_value(conn: &Connection, d: Option<String>) -> String {
    let Some(d) = d else { return "none".into() };
    let l = d.to_lowercase();
    if l.contains("current_timestamp") || l.contains("now") || l.contains("unixepoch") {
        return "now".into();
    }
    if l.contains("random") {
        return format!("random {}", l.replace(' ', ""));
    }
    match conn.query_row(&format!("SELECT {d}"), [], |r| r.get::<_, Sql>(0)) {
        Ok(Sql::Null) => "none".into(),
        Ok(Sql::Integer(i)) => format!("{}", i as f64),
        Ok(Sql::Real(f)) => format!("{f}"),
        Ok(Sql::Text(s)) => match s.parse::<f64>() {
            Ok(f) => format!("{f}"),
            Err(_) => format!("'{s}'"),
        },
        Ok(Sql::Blob(b)) => format!("{b:?}"),
        Err(e) => format!("unreadable {d}: {e}"),
    }
}

#[derive(Debug, PartialEq)]
struct Shape {
    columns: Vec<String>,
    uniques: BTreeSet<Vec<String>>,
    indexes: BTreeSet<String>,
    fks: BTreeSet<String>,
}

fn shape(conn: &Connection, table: &str, types: &mut Vec<String>) -> Shape {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')"
        ))
        .unwrap();
    let raw: Vec<(String, String, i64, Option<String>, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    types.clear();
    let columns = raw
        .into_iter()
        .map(|(name, ty, notnull, dflt, pk)| {
            types.push(ty.clone());
            // A key column is NOT NULL either way (the rowid cannot be NULL; README: a non-rowid
            // key column without NOT NULL is pulled as `nullable: false`).
            let notnull = notnull == 1 || pk > 0;
            format!(
                "{name} {} notnull={notnull} default={} pk={pk}",
                affinity(&ty),
                default_value(conn, dflt)
            )
        })
        .collect();
    let mut uniques = BTreeSet::new();
    let mut indexes = BTreeSet::new();
    let list: Vec<(String, i64, String, i64)> = conn
        .prepare(&format!(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')"
        ))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, unique, origin, partial) in list {
        let cols: Vec<String> = conn
            .prepare(&format!(
                "SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"
            ))
            .unwrap()
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .map(|c| c.unwrap().unwrap_or_default())
            .collect();
        if unique == 1 && partial == 0 {
            let mut sorted = cols.clone();
            sorted.sort();
            uniques.insert(sorted);
        }
        // A unique index named like a UNIQUE column's (`uq_{table}_{column}`) is pulled as the
        // column's flag (README "ALTER"), so it may come back as a UNIQUE constraint.
        let marks_column = unique == 1
            && partial == 0
            && cols.len() == 1
            && name == format!("uq_{table}_{}", cols[0]);
        if origin == "c" && !marks_column {
            indexes.insert(format!("{name} {cols:?} unique={unique} partial={partial}"));
        }
    }
    let mut fks = BTreeMap::<i64, (String, Vec<String>, Vec<String>, String, String)>::new();
    let rows: Vec<(i64, String, String, Option<String>, String, String)> = conn
        .prepare(&format!(
            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{table}') ORDER BY id, seq"
        ))
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, t, from, to, upd, del) in rows {
        // `REFERENCES t` without columns references t's primary key.
        let to = to.or_else(|| {
            let seq = fks.get(&id).map_or(0, |e| e.1.len());
            conn.query_row(
                &format!(
                    "SELECT name FROM pragma_table_info('{t}') WHERE pk = {}",
                    seq + 1
                ),
                [],
                |r| r.get(0),
            )
            .ok()
        });
        let e = fks
            .entry(id)
            .or_insert_with(|| (t.to_lowercase(), vec![], vec![], upd, del));
        e.1.push(from);
        e.2.push(to.unwrap_or_default());
    }
    let fks = fks
        .into_values()
        .map(|(t, f, to, u, d)| format!("{f:?} -> {t}{to:?} on update {u} on delete {d}"))
        .collect();
    Shape {
        columns,
        uniques,
        indexes,
        fks,
    }
}

fn tables_of(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn rows_of(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<Sql>> {
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn
        .prepare(&format!("SELECT {list} FROM \"{table}\""))
        .unwrap();
    let mut rows: Vec<Vec<Sql>> = stmt
        .query_map([], |r| {
            (0..columns.len()).map(|k| r.get::<_, Sql>(k)).collect()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    rows
}

fn column_names(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn statements_left(sql: &str) -> String {
    sql.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn beside(path: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn against(spec: &Value, path: &Path) -> GeneratedMigration {
    let mut spec = spec.clone();
    spec["existingDbPath"] = json!(path.to_str().unwrap());
    spec["now"] = json!("2026-02-09T12:00:00Z");
    generate_str(&spec.to_string())
}

fn all_skip(result: &GeneratedMigration) -> Result<(), String> {
    if !result.validation.valid {
        return Err(format!("not valid: {:?}", result.validation.errors));
    }
    for op in &result.metadata.operations {
        if op.operation != Operation::Skip {
            return Err(format!(
                "{} is {:?}, not SKIP:\n{}",
                op.table, op.operation, result.up_migration
            ));
        }
    }
    let left = statements_left(&result.up_migration);
    if !left.is_empty() {
        return Err(format!("the up migration is not empty:\n{left}"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// One seed

fn run_seed(seed: u64) -> Result<String, String> {
    let mut rng = Rng::new(seed);
    let tables = random_tables(&mut rng);
    let mut ddl = String::new();
    if rng.chance(30) {
        ddl.push_str("-- schema written by hand\n");
    }
    let mut n = 0;
    for t in &tables {
        ddl.push_str(&table_sql(&mut rng, t));
    }
    for t in &tables {
        for ix in index_sql(&mut rng, t, &mut n) {
            ddl.push_str(&ix);
        }
    }
    let dir = std::env::temp_dir().join(format!("mg-pull-random-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    let outcome = (|| {
        {
            let conn = migration_generator::sqlite_memory::open(&path).unwrap();
            conn.execute_batch("PRAGMA foreign_keys = ON")
                .map_err(|e| e.to_string())?;
            conn.execute_batch(&ddl)
                .map_err(|e| format!("the random DDL is refused ({e}):\n{ddl}"))?;
            fill(&mut rng, &conn, &tables);
        }
        let ctx = |e: String| format!("{e}\n-- DDL:\n{ddl}");
        let before = std::fs::read(&path).unwrap();
        let files = beside(&path);

        // 1. pull
        let pulled: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
            path.to_str().unwrap(),
            None,
        ))
        .unwrap();
        if pulled["ok"] != true {
            return Err(ctx(format!("pull refused: {pulled}")));
        }
        let spec = pulled["spec"].clone();
        let ctx = |e: String| format!("{e}\n-- DDL:\n{ddl}\n-- pulled:\n{spec:#}");

        // 2. the fixpoint
        let result = against(&spec, &path);
        all_skip(&result).map_err(ctx)?;

        // 3. never written
        if std::fs::read(&path).unwrap() != before || beside(&path) != files {
            return Err(ctx(
                "the file changed or something appeared beside it".into()
            ));
        }

        // 4. the pulled spec on an empty database
        let mut fresh_spec = spec.clone();
        fresh_spec["now"] = json!("2026-02-09T12:00:00Z");
        let fresh = generate_str(&fresh_spec.to_string());
        // A NOT NULL column with SET NULL is described against the database that has it (a
        // warning) and refused for a new one, as a spec written by hand is.
        let set_null_on_not_null = |i: &migration_generator::report::Issue| {
            i.code == migration_generator::report::Code::InvalidForeignKey
                && i.message
                    .starts_with("SET NULL cannot set the NOT NULL column")
        };
        let refused_as_expected = !fresh.validation.valid
            && fresh.validation.errors.iter().all(set_null_on_not_null)
            && result
                .validation
                .warnings
                .iter()
                .filter(|w| set_null_on_not_null(w))
                .count()
                == fresh.validation.errors.len();
        if !fresh.validation.valid && !refused_as_expected {
            return Err(ctx(format!(
                "fresh: not valid: {:?}",
                fresh.validation.errors
            )));
        }
        let original = migration_generator::sqlite_memory::open_with_flags(
            path.to_str().unwrap(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap();
        let names = tables_of(&original);
        if fresh.validation.valid {
            let mem = migration_generator::sqlite_memory::open_in_memory().unwrap();
            mem.execute_batch("PRAGMA foreign_keys = ON").unwrap();
            mem.execute_batch(&fresh.up_migration)
                .map_err(|e| ctx(format!("fresh up fails: {e}\n{}", fresh.up_migration)))?;
            if tables_of(&mem) != names {
                return Err(ctx(format!(
                    "fresh tables {:?} vs {:?}",
                    tables_of(&mem),
                    names
                )));
            }
            for t in &names {
                let (mut ot, mut ft) = (Vec::new(), Vec::new());
                let mut a = shape(&original, t, &mut ot);
                let b = shape(&mem, t, &mut ft);
                // Documented type normalisation: compare the affinity where README allows it.
                for (i, (oc, fc)) in a.columns.iter_mut().zip(&b.columns).enumerate() {
                    if oc != fc {
                        let oa = affinity(&ot[i]);
                        let fa = affinity(&ft[i]);
                        if affinity_allowed(&ot[i], oa, fa) && oc.replacen(oa, fa, 1) == *fc {
                            *oc = fc.clone();
                        }
                    }
                }
                if a != b {
                    let mut what = Vec::new();
                    for (x, y) in a.columns.iter().zip(&b.columns) {
                        if x != y {
                            what.push(format!("column {x} | {y}"));
                        }
                    }
                    if a.uniques != b.uniques {
                        what.push(format!("uniques {:?} | {:?}", a.uniques, b.uniques));
                    }
                    if a.indexes != b.indexes {
                        what.push(format!("indexes {:?} | {:?}", a.indexes, b.indexes));
                    }
                    if a.fks != b.fks {
                        what.push(format!("fks {:?} | {:?}", a.fks, b.fks));
                    }
                    return Err(ctx(format!(
                        "table differs on an empty database: {}\noriginal {a:#?}\nfresh {b:#?}\n{}",
                        what.join("; "),
                        fresh.up_migration
                    )));
                }
            }
        }

        // 6. what the spec leaves out, against what the database made from it lacks
        if fresh.validation.valid {
            left_out_matches(&original, &fresh.up_migration, &pulled["leftOut"]).map_err(ctx)?;
        }

        // 5. a small change against the file, run on a copy
        let mut changed = spec.clone();
        let tables_json = changed["tables"].as_array_mut().unwrap();
        let k = rng.below(tables_json.len());
        let target = tables_json[k]["name"].as_str().unwrap().to_string();
        let mut what = "nothing";
        if rng.chance(60) {
            tables_json[k]["columns"]
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "extra_col", "type": rng.pick(&["TEXT", "INTEGER", "REAL"]), "nullable": true}));
            what = "column";
        }
        if rng.chance(60) {
            let col = tables_json[k]["columns"][0]["name"].clone();
            let ixs = tables_json[k]
                .as_object_mut()
                .unwrap()
                .entry("indexes")
                .or_insert(json!([]));
            ixs.as_array_mut().unwrap().push(
                json!({"name": format!("ix_extra_{target}"), "columns": [col], "unique": false}),
            );
            what = "index";
        }
        let result = against(&changed, &path);
        if !result.validation.valid {
            return Err(ctx(format!(
                "change ({what} on {target}): not valid: {:?}",
                result.validation.errors
            )));
        }
        let copy = dir.join("copy.db");
        std::fs::copy(&path, &copy).unwrap();
        let conn = migration_generator::sqlite_memory::open(&copy).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        let before_rows: Vec<(String, Vec<String>, Vec<Vec<Sql>>)> = names
            .iter()
            .map(|t| {
                let cols = column_names(&conn, t);
                let rows = rows_of(&conn, t, &cols);
                (t.clone(), cols, rows)
            })
            .collect();
        conn.execute_batch(&result.up_migration).map_err(|e| {
            ctx(format!(
                "change ({what} on {target}) fails: {e}\n{}",
                result.up_migration
            ))
        })?;
        for (t, cols, rows) in &before_rows {
            if &rows_of(&conn, t, cols) != rows {
                return Err(ctx(format!(
                    "change ({what} on {target}) changed the rows of {t}"
                )));
            }
        }
        drop(conn);
        all_skip(&against(&changed, &copy))
            .map_err(|e| ctx(format!("after the change ({what} on {target}): {e}")))?;
        Ok("held".to_string())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

/// Oracle 6: `left_out` (pull's list) against the database `original` and the one its spec's
/// `up` migration makes.
fn left_out_matches(original: &Connection, up: &str, left_out: &Value) -> Result<(), String> {
    let fresh = migration_generator::sqlite_memory::open_in_memory().unwrap();
    fresh.execute_batch(up).map_err(|e| e.to_string())?;
    let objects = |conn: &Connection| -> BTreeSet<(String, String)> {
        let mut st = conn
            .prepare("SELECT type, name FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('index', 'trigger', 'view')")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let fresh_objects = objects(&fresh);
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for (kind, name) in objects(original).difference(&fresh_objects) {
        let kind = if kind == "index" {
            "expression index"
        } else {
            kind.as_str()
        };
        expected.insert(format!("the {kind} '{name}'"));
    }
    let mut table_list = original
        .prepare("SELECT name, wr, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")
        .unwrap();
    let tables: Vec<(String, bool, bool)> = table_list
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (table, without_rowid, strict) in &tables {
        if *without_rowid {
            expected.insert(format!(
                "{table}: WITHOUT ROWID (the spec's table has a rowid)"
            ));
        }
        if *strict {
            expected.insert(format!(
                "{table}: STRICT (the spec's table takes any value in any column)"
            ));
        }
        let mut xinfo = original
            .prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden <> 0")
            .unwrap();
        for name in xinfo.query_map([table], |r| r.get::<_, String>(0)).unwrap() {
            expected.insert(format!(
                "{table}: the generated or hidden column '{}'",
                name.unwrap()
            ));
        }
    }
    let mut got: BTreeSet<String> = BTreeSet::new();
    for l in left_out.as_array().ok_or("leftOut is not a list")? {
        let what = l["what"].as_str().ok_or("leftOut without `what`")?;
        let table = l["table"].as_str();
        let by_object = ["the expression index '", "the trigger '", "the view '"]
            .iter()
            .any(|p| what.starts_with(p));
        let by_pragma = what.starts_with("WITHOUT ROWID")
            || what.starts_with("STRICT")
            || what.starts_with("the generated or hidden column");
        if by_object {
            got.insert(what.to_string());
        } else if by_pragma {
            got.insert(format!("{}: {what}", table.unwrap_or("?")));
        }
    }
    if got != expected {
        return Err(format!(
            "leftOut {left_out}\n  has {:?} that the database does not show\n  lacks {:?}",
            got.difference(&expected).collect::<Vec<_>>(),
            expected.difference(&got).collect::<Vec<_>>()
        ));
    }
    Ok(())
}

#[test]
fn pulled_specs_of_databases_other_tools_wrote_hold_every_oracle() {
    run_seeds("PULL_RANDOM", DEFAULT_SEEDS, run_seed);
}

// ---------------------------------------------------------------------------------------------
// Regressions found by the random test

/// A new SQLite file `app.db` made by `sql`, in a folder of its own named after `name`; the
/// folder and the file's path.
fn database_from(name: &str, sql: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("mg-pull-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    migration_generator::sqlite_memory::open(&path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
    (dir, path)
}

/// The fixpoint and the empty-database generation of the spec pulled from `sql`.
fn assert_pull_fixpoint(name: &str, sql: &str) -> Value {
    let (dir, path) = database_from(&format!("regression-{name}"), sql);
    let pulled: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        None,
    ))
    .unwrap();
    assert_eq!(pulled["ok"], true, "{pulled}");
    let spec = pulled["spec"].clone();
    all_skip(&against(&spec, &path)).unwrap();
    let fresh = generate_str(&spec.to_string());
    assert!(fresh.validation.valid, "{:?}", fresh.validation.errors);
    migration_generator::sqlite_memory::open_in_memory()
        .unwrap()
        .execute_batch(&fresh.up_migration)
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    spec
}

#[test]
fn a_boolean_defaulting_to_the_text_0_as_knex_writes_it_is_pulled_as_a_valid_skip() {
    let spec = assert_pull_fixpoint(
        "knex_boolean",
        "CREATE TABLE `users` (`id` integer not null primary key autoincrement, \
         `active` boolean default '1', `admin` boolean not null default '0');",
    );
    assert_eq!(
        spec["tables"][0]["columns"][1]["default"],
        json!(1),
        "{spec}"
    );
    assert_eq!(
        spec["tables"][0]["columns"][2]["default"],
        json!(0),
        "{spec}"
    );
}

#[test]
fn a_date_defaulting_to_a_time_of_day_is_pulled_as_a_valid_skip() {
    let spec = assert_pull_fixpoint(
        "date_now",
        "CREATE TABLE `events` (`id` integer not null primary key autoincrement, \
         `day` date not null default CURRENT_TIMESTAMP, \
         `since` date default '2020-01-01 00:00:00', `opened` date default '2020-01-01');",
    );
    assert_eq!(
        spec["tables"][0]["columns"][1]["type"], "DATETIME",
        "{spec}"
    );
    assert_eq!(
        spec["tables"][0]["columns"][2]["type"], "DATETIME",
        "{spec}"
    );
    assert_eq!(spec["tables"][0]["columns"][3]["type"], "DATE", "{spec}");
}

#[test]
fn string_defaults_a_spec_string_cannot_give_are_pulled_as_the_same_literal_expression() {
    let ddl = "CREATE TABLE things (id integer primary key, flag boolean default 'false', \
               doc json default 'none', ref uuid default 'n/a', anything default 'it''s', \
               note text default 'it''s');";
    let spec = assert_pull_fixpoint("string_as_expression", ddl);
    let columns = &spec["tables"][0]["columns"];
    assert_eq!(
        columns[1]["default"],
        json!({ "expression": "'false'" }),
        "{spec}"
    );
    assert_eq!(
        columns[2]["default"],
        json!({ "expression": "'none'" }),
        "{spec}"
    );
    assert_eq!(
        columns[3]["default"],
        json!({ "expression": "'n/a'" }),
        "{spec}"
    );
    assert_eq!(
        columns[4]["default"],
        json!({ "expression": "'it''s'" }),
        "{spec}"
    );
    // A string the column takes stays a string.
    assert_eq!(columns[5]["default"], json!("it's"), "{spec}");
    // The fresh database gives a row the same values as the original.
    let fresh = generate_str(&spec.to_string());
    let row = |conn: &Connection| -> Vec<Sql> {
        conn.execute_batch("INSERT INTO things DEFAULT VALUES")
            .unwrap();
        conn.query_row(
            "SELECT flag, doc, ref, anything, note FROM things",
            [],
            |r| (0..5).map(|i| r.get::<_, Sql>(i)).collect(),
        )
        .unwrap()
    };
    let original = migration_generator::sqlite_memory::open_in_memory().unwrap();
    original.execute_batch(ddl).unwrap();
    let made = migration_generator::sqlite_memory::open_in_memory().unwrap();
    made.execute_batch(&fresh.up_migration).unwrap();
    assert_eq!(row(&made), row(&original));
    assert_eq!(row(&original)[0], Sql::Text("false".into()));
}

#[test]
fn a_not_null_column_with_set_null_is_a_warning_against_the_database_that_has_it() {
    let (dir, path) = database_from(
        "set-null",
        "CREATE TABLE parents (id integer primary key);
             CREATE TABLE children (id integer primary key,
               parent_id integer not null references parents(id) on delete set null,
               other_id integer references parents(id) on update set null);",
    );
    let pulled: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        None,
    ))
    .unwrap();
    let spec = pulled["spec"].clone();
    let result = against(&spec, &path);
    all_skip(&result).unwrap();
    let warnings: Vec<_> = result
        .validation
        .warnings
        .iter()
        .filter(|w| w.code == migration_generator::report::Code::InvalidForeignKey)
        .collect();
    assert_eq!(warnings.len(), 1, "{:?}", result.validation);
    let warning = warnings[0];
    assert_eq!(warning.column.as_deref(), Some("parent_id"));
    // A new database is refused the same key, as a spec written by hand is.
    let fresh = generate_str(&spec.to_string());
    assert!(!fresh.validation.valid);
    assert_eq!(fresh.validation.errors.len(), 1, "{:?}", fresh.validation);
    assert_eq!(
        fresh.validation.errors[0].column.as_deref(),
        Some("parent_id")
    );
    // Making a column NOT NULL under a SET NULL key the database has is refused.
    let mut tightened = spec.clone();
    let children = tightened["tables"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["name"] == "children")
        .unwrap();
    children["columns"][2]["nullable"] = json!(false);
    children["columns"][2]["default"] = json!(0);
    let result = against(&tightened, &path);
    assert!(!result.validation.valid, "{:?}", result.validation);
    assert_eq!(result.validation.errors.len(), 1, "{:?}", result.validation);
    assert_eq!(
        result.validation.errors[0].column.as_deref(),
        Some("other_id")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_string_default_matches_the_same_string_in_parentheses() {
    let (dir, path) = database_from(
        "paren",
        "CREATE TABLE notes (id integer primary key, body text default (('it''s')));",
    );
    let spec = json!({
        "description": "notes", "databaseType": "sqlite", "timestamps": false,
        "tables": [{ "name": "notes", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "body", "type": "TEXT", "nullable": true, "default": "it's" }
        ]}]
    });
    all_skip(&against(&spec, &path)).unwrap();
    // Another string is a change.
    let mut other = spec.clone();
    other["tables"][0]["columns"][1]["default"] = json!("its");
    let result = against(&other, &path);
    assert_eq!(result.metadata.operations[0].operation, Operation::Alter);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn drizzle_boolean_and_time_defaults_on_integer_columns_are_pulled_as_a_valid_skip() {
    // Drizzle Kit's `integer({ mode: 'boolean' }).default(false)` and
    // `integer({ mode: 'timestamp' }).default(sql`(CURRENT_TIMESTAMP)`)`.
    let ddl = "CREATE TABLE `users` (`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, \
               `is_admin` integer DEFAULT false NOT NULL, `active` integer DEFAULT true, \
               `created_at` integer DEFAULT (CURRENT_TIMESTAMP) NOT NULL, \
               `day` integer DEFAULT CURRENT_DATE);";
    let spec = assert_pull_fixpoint("drizzle_defaults", ddl);
    let columns = &spec["tables"][0]["columns"];
    assert_eq!(columns[1]["default"], json!(0), "{spec}");
    assert_eq!(columns[2]["default"], json!(1), "{spec}");
    assert_eq!(
        columns[3]["default"],
        json!({ "expression": "CURRENT_TIMESTAMP" }),
        "{spec}"
    );
    assert_eq!(
        columns[4]["default"],
        json!({ "expression": "CURRENT_DATE" }),
        "{spec}"
    );
    // New rows get values of the same types as in the original.
    let fresh = generate_str(&spec.to_string());
    let row = |conn: &Connection| -> Vec<(Sql, String)> {
        conn.execute_batch("INSERT INTO users DEFAULT VALUES")
            .unwrap();
        conn.query_row(
            "SELECT is_admin, typeof(is_admin), active, typeof(active), created_at, \
             typeof(created_at), day, typeof(day) FROM users",
            [],
            |r| {
                (0..4)
                    .map(|i| Ok((r.get::<_, Sql>(2 * i)?, r.get::<_, String>(2 * i + 1)?)))
                    .collect()
            },
        )
        .unwrap()
    };
    let original = migration_generator::sqlite_memory::open_in_memory().unwrap();
    original.execute_batch(ddl).unwrap();
    let made = migration_generator::sqlite_memory::open_in_memory().unwrap();
    made.execute_batch(&fresh.up_migration).unwrap();
    let (a, b) = (row(&original), row(&made));
    assert_eq!(a[..2], b[..2]);
    assert_eq!(a[0].0, Sql::Integer(0));
    assert_eq!((&a[2].1, &a[3].1), (&b[2].1, &b[3].1));
}

#[test]
fn an_expression_default_of_the_current_time_matches_the_database_s_current_time() {
    let (dir, path) = database_from(
        "now-expr",
        "CREATE TABLE events (id integer primary key, \
             at integer DEFAULT (CURRENT_TIMESTAMP) NOT NULL, n integer DEFAULT (-1));",
    );
    let spec = json!({
        "description": "events", "databaseType": "sqlite", "timestamps": false,
        "tables": [{ "name": "events", "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "at", "type": "INTEGER", "nullable": false,
              "default": { "expression": "CURRENT_TIMESTAMP" } },
            { "name": "n", "type": "INTEGER", "nullable": true, "default": { "expression": "-1" } }
        ]}]
    });
    all_skip(&against(&spec, &path)).unwrap();
    // Another time is a change.
    let mut other = spec.clone();
    other["tables"][0]["columns"][1]["default"] = json!({ "expression": "CURRENT_DATE" });
    let result = against(&other, &path);
    assert_eq!(result.metadata.operations[0].operation, Operation::Alter);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn string_defaults_pulled_for_postgresql_or_mysql_stay_strings_that_validation_refuses() {
    // PostgreSQL refuses `BOOLEAN DEFAULT ('C:\new')`, `JSON DEFAULT ('a\b')`, `DATE DEFAULT
    // ('abc')` and fails every insert under `VARCHAR(3) DEFAULT ('abcdef')`; MariaDB refuses
    // `TINYINT(1) DEFAULT ('C:\new')` (errno 1067) and reads `'a\b'` as a backspace. Pulled as
    // literal expressions they passed validation and generated SQL the engine refuses.
    let (dir, path) = database_from(
        "other-dialects",
        "CREATE TABLE things (id integer primary key, flag boolean default 'C:\\new', \
             doc json default 'a\\b', ref uuid default 'n/a', d date default 'abc', \
             v varchar(3) default 'abcdef', i integer default false, \
             t integer default (CURRENT_TIMESTAMP));",
    );
    for db in ["postgresql", "mysql"] {
        let pulled: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
            path.to_str().unwrap(),
            Some(db),
        ))
        .unwrap();
        assert_eq!(pulled["ok"], true, "{pulled}");
        let spec = pulled["spec"].clone();
        for c in spec["tables"][0]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .skip(1)
        {
            // Except `integer default false`: SQLite stores 0, the number PostgreSQL's and
            // MySQL's integer columns take (Drizzle's boolean mode), so it is pulled as 0.
            if c["name"] == "i" {
                assert_eq!(c["default"], json!(0), "{db}: {c}");
                continue;
            }
            assert!(
                c["default"].is_string() || c["default"].is_boolean(),
                "{db}: {c}"
            );
        }
        let fresh = generate_str(&spec.to_string());
        assert!(!fresh.validation.valid, "{db}: {}", fresh.up_migration);
        let mut refused: Vec<&str> = fresh
            .validation
            .errors
            .iter()
            .filter(|e| e.code == migration_generator::report::Code::InvalidDefault)
            .filter_map(|e| e.column.as_deref())
            .collect();
        refused.sort();
        assert_eq!(refused, ["d", "doc", "flag", "ref", "t", "v"], "{db}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `leftOut` lists what the spec has no form for, each once, by table then the views; the
/// same words in a string, a quoted name, a comment or a default form (`NOT DEFERRABLE
/// INITIALLY DEFERRED`, `DEFERRABLE INITIALLY IMMEDIATE`) are not listed.
#[test]
fn left_out_lists_what_a_spec_has_no_form_for_and_nothing_else() {
    let (dir, path) = database_from(
        "left-out",
        "CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT COLLATE NOCASE NOT NULL,
             total INT GENERATED ALWAYS AS (id * 2) VIRTUAL, CHECK (length(email) > 3));
         CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INT REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED,
             name TEXT UNIQUE ON CONFLICT REPLACE, q INT REFERENCES p ON DELETE SET DEFAULT) STRICT;
         CREATE INDEX c_lower ON c (lower(name), (p_id + 1));
         CREATE INDEX c_part ON c (p_id) WHERE p_id > 0;
         CREATE TRIGGER t AFTER INSERT ON c BEGIN SELECT 1; END;
         CREATE VIEW v AS SELECT * FROM c;
         CREATE VIEW constant AS SELECT 1 AS one;
         CREATE VIRTUAL TABLE docs USING fts5(body);
         CREATE TABLE w (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
         -- the words, but not the clauses
         CREATE TABLE looks (id INTEGER PRIMARY KEY, \"strict\" TEXT DEFAULT 'on conflict collate',
             \"generated\" INT /* DEFERRABLE INITIALLY DEFERRED AUTOINCREMENT */,
             a INT REFERENCES looks NOT DEFERRABLE INITIALLY DEFERRED,
             b INT REFERENCES looks DEFERRABLE INITIALLY IMMEDIATE,
             CHECK (\"strict\" <> 'WITHOUT ROWID SET DEFAULT'));",
    );
    let pulled: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        None,
    ))
    .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(pulled["ok"], true, "{pulled}");
    let got: Vec<(Option<&str>, &str)> = pulled["leftOut"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["table"].as_str(), l["what"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("p"), "a COLLATE clause"),
            (Some("p"), "the generated or hidden column 'total'"),
            (Some("c"), "STRICT (the spec's table takes any value in any column)"),
            (Some("c"), "an ON CONFLICT clause"),
            (Some("c"), "an ON DELETE/UPDATE SET DEFAULT action"),
            (Some("c"), "the expression index 'c_lower'"),
            (Some("c"), "a DEFERRABLE INITIALLY DEFERRED foreign key (checked at COMMIT; the spec's are checked at each statement)"),
            (Some("c"), "the key 'id' without AUTOINCREMENT (it gives a deleted last row's key again; the spec's autoIncrement key never does)"),
            (Some("c"), "the trigger 't'"),
            (Some("w"), "WITHOUT ROWID (the spec's table has a rowid)"),
            (Some("w"), "the column 'v' has no declared type, so it holds any value (text, numbers, blobs); the spec's column is a BLOB, whose type in TypeScript is a byte array"),
            (Some("looks"), "the key 'id' without AUTOINCREMENT (it gives a deleted last row's key again; the spec's autoIncrement key never does)"),
            (None, "the virtual table 'docs'"),
            (None, "the view 'v'"),
            (None, "the view 'constant'"),
        ]
    );
    // The virtual table is not in the spec (nor its shadow tables).
    let names: Vec<&str> = pulled["spec"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["p", "c", "w", "looks"]);
}

/// A number JavaScript's JSON.parse would round (beyond ±(2^53 − 1), or more than 15 significant
/// digits) is pulled as the expression that is that number, so the spec a program reads and
/// writes back keeps it exactly, and generating it against the database is still SKIP.
#[test]
fn numbers_javascript_would_round_are_pulled_as_expressions() {
    let spec = assert_pull_fixpoint(
        "big-numbers",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 9007199254740993,
             m INTEGER DEFAULT -9007199254740993, d NUMERIC DEFAULT 12345678901234567890,
             e REAL DEFAULT 3.14159265358979323846, s INTEGER DEFAULT 9007199254740991,
             r REAL DEFAULT 0.1, x REAL DEFAULT 1.5e300)",
    );
    let defaults: Vec<Value> = spec["tables"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|c| c["default"].clone())
        .collect();
    assert_eq!(
        defaults,
        vec![
            json!({"expression": "9007199254740993"}),
            json!({"expression": "-9007199254740993"}),
            json!({"expression": "12345678901234567890"}),
            json!({"expression": "3.14159265358979323846"}),
            json!(9007199254740991u64),
            json!(0.1),
            json!(1.5e300),
        ]
    );
}

/// Pulled for PostgreSQL or MySQL, an expression's quoted column names are written as that
/// database reads them (MySQL reads "status" as a string, so the CHECK refused every row;
/// PostgreSQL refuses backquotes), and a double-quoted word naming no column becomes the string
/// SQLite takes it for.
#[test]
fn expressions_pulled_for_another_dialect_quote_names_its_way() {
    let (dir, path) = database_from(
        "requote",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, \"status\" TEXT, [kind] TEXT, \"order\" INT,
             CHECK (\"status\" IN ('active', 'archived')), CHECK (`kind` <> \"x\"), CHECK (\"Order\" > 0));
         CREATE INDEX ix ON t (kind) WHERE \"status\" = 'active';",
    );
    // A pull for SQLite leaves the table out (a spec cannot name its column "order"); pulled
    // with every table, as a spec that lists it anyway would have it. For MySQL and PostgreSQL
    // the column is pulled as `order_value` (see pull_names), and the CHECK names it so.
    let left_out: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        None,
    ))
    .unwrap();
    assert_eq!(left_out["spec"]["tables"], json!([]), "{left_out}");
    let schema = migration_generator::introspect::introspect(path.to_str().unwrap()).unwrap();
    let pulled = |db: &str| -> Value {
        migration_generator::pull::spec_json_every_table(
            &schema,
            migration_generator::spec::DatabaseType::parse(db).unwrap(),
            path.to_str().unwrap(),
        )
    };
    let checks = |spec: &Value| -> Vec<String> {
        spec["tables"][0]["checkConstraints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["expression"].as_str().unwrap().to_string())
            .collect()
    };
    let sqlite = pulled("sqlite");
    let mysql = pulled("mysql");
    let postgres = pulled("postgresql");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        checks(&sqlite),
        [
            "\"status\" IN ('active', 'archived')",
            "`kind` <> \"x\"",
            "\"Order\" > 0"
        ]
    );
    assert_eq!(
        checks(&mysql),
        [
            "status IN ('active', 'archived')",
            "kind <> 'x'",
            "order_value > 0"
        ]
    );
    assert_eq!(
        checks(&postgres),
        [
            "status IN ('active', 'archived')",
            "kind <> 'x'",
            "order_value > 0"
        ]
    );
    assert_eq!(
        postgres["tables"][0]["indexes"][0]["where"],
        json!("status = 'active'")
    );
    // Both generate (MySQL has no partial index: the pull leaves it out there).
    assert_eq!(
        mysql["tables"][0]["indexes"].as_array().map_or(0, Vec::len),
        0,
        "{mysql}"
    );
    for (spec, db) in [(mysql, "mysql"), (postgres, "postgresql")] {
        let r = generate_str(&spec.to_string());
        let errors: Vec<&str> = r
            .validation
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        // "order" is reserved for both: pulled as `order_value`, so the spec is valid (this
        // named it as it is, and validation refused it as RESERVED_KEYWORD).
        assert!(errors.is_empty(), "{db}: {:?}", r.validation.errors);
    }
}

#[test]
fn char_0_small_and_big_integer_spellings_are_pulled_as_types_that_hold_their_values() {
    // Home Assistant's recorder declares its retired columns `CHAR(0)` (pulled with length 0,
    // which validation refuses: "length must be at least 1"), SMALLINT was pulled as TINYINT
    // (MySQL's TINYINT refuses 32767) and `UNSIGNED BIG INT` / `BIGINT UNSIGNED` as INTEGER
    // (PostgreSQL's INTEGER refuses 2^31).
    let ddl = "CREATE TABLE states (state_id INTEGER NOT NULL, entity_id CHAR(0), \
               old VARCHAR(0) DEFAULT 'x', origin_idx SMALLINT, views UNSIGNED BIG INT, \
               post_id BIGINT UNSIGNED NOT NULL DEFAULT 0, n INT8, PRIMARY KEY (state_id));";
    let spec = assert_pull_fixpoint("char0_ints", ddl);
    let types: Vec<(&str, &Value)> = spec["tables"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["type"].as_str().unwrap(), &c["length"]))
        .collect();
    assert_eq!(
        types,
        [
            ("INTEGER", &Value::Null),
            ("TEXT", &Value::Null),
            ("TEXT", &Value::Null),
            ("INT", &Value::Null),
            ("BIGINT", &Value::Null),
            ("BIGINT", &Value::Null),
            ("BIGINT", &Value::Null)
        ],
        "{spec}"
    );
    let (dir, path) = database_from("char0_ints_dialects", ddl);
    for db in ["postgresql", "mysql"] {
        let pulled: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
            path.to_str().unwrap(),
            Some(db),
        ))
        .unwrap();
        let fresh = generate_str(&pulled["spec"].to_string());
        assert!(
            fresh.validation.valid,
            "{db}: {:?}",
            fresh.validation.errors
        );
        let up = &fresh.up_migration;
        assert!(up.contains("origin_idx INT"), "{db}: {up}");
        assert!(up.contains("views BIGINT"), "{db}: {up}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_collate_clause_in_an_index_is_listed_as_left_out() {
    // WordPress-like `CREATE INDEX … (meta_key COLLATE NOCASE)`: the pulled index has the column
    // only, so a database made from the spec compares byte for byte; leftOut did not say so.
    let (dir, path) = database_from(
        "index_collate",
        "CREATE TABLE wp_postmeta (meta_id INTEGER PRIMARY KEY AUTOINCREMENT, meta_key VARCHAR(255), \
         note TEXT, plain TEXT); \
         CREATE INDEX wp_postmeta_meta_key ON wp_postmeta(meta_key COLLATE NOCASE); \
         CREATE UNIQUE INDEX wp_postmeta_note ON wp_postmeta(note COLLATE nocase DESC); \
         CREATE INDEX wp_postmeta_plain ON wp_postmeta(plain) WHERE plain <> 'collate nocase desc';",
    );
    let pulled: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
        path.to_str().unwrap(),
        None,
    ))
    .unwrap();
    let whats: Vec<&str> = pulled["leftOut"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["what"].as_str().unwrap())
        .collect();
    assert_eq!(
        whats,
        [
            "a COLLATE clause in the index 'wp_postmeta_meta_key'",
            "a COLLATE clause in the index 'wp_postmeta_note'",
            "the descending (DESC) order of a column in the index 'wp_postmeta_note' (the spec's index columns are ascending)"
        ],
        "{pulled}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_double_quoted_default_is_pulled_as_the_string_sqlite_gives_new_rows() {
    // `DEFAULT ""` (common in schemas ported from MySQL) and `DEFAULT "dq"`: SQLite stores the
    // string; pulled as the expression `"dq"`, validation refused it ("refers to 'dq'; a
    // default cannot read columns").
    let ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT DEFAULT \"dq\", \
               y VARCHAR(10) NOT NULL DEFAULT \"\");";
    let spec = assert_pull_fixpoint("dq_default", ddl);
    let columns = &spec["tables"][0]["columns"];
    assert_eq!(columns[1]["default"], json!("dq"), "{spec}");
    assert_eq!(columns[2]["default"], json!(""), "{spec}");
    // New rows get the same values as in the original.
    let fresh = generate_str(&spec.to_string());
    let made = migration_generator::sqlite_memory::open_in_memory().unwrap();
    made.execute_batch(&fresh.up_migration).unwrap();
    made.execute_batch("INSERT INTO t (id) VALUES (1)").unwrap();
    let row: (String, String) = made
        .query_row("SELECT x, y FROM t", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(row, ("dq".to_string(), String::new()));
}
