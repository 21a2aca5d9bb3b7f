//! Reads an existing SQLite database without changing it: the file is opened read-only (never
//! created), and a WAL database whose `-wal`/`-shm` files are absent is opened immutable so that
//! none are created. Tables, columns, keys, indexes, foreign keys and CHECK constraints are read
//! with a few queries over the PRAGMA table-valued functions, and the stored `CREATE` text is
//! parsed with sqlparser for what the PRAGMAs do not say (CHECKs, constraint names).

use crate::report::{Code, Issue};
use crate::spec::*;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

/// How long to wait for a writer's lock before `DB_LOCKED`.
const BUSY_TIMEOUT: Duration = Duration::from_millis(1000);

/// An index as it exists, with the SQL that recreates it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExistingIndex {
    /// The index, in the spec's model.
    pub index: Index,
    /// Its `CREATE INDEX` text.
    pub sql: String,
}

/// A table as it exists.
#[derive(Clone, Debug, PartialEq)]
pub struct ExistingTable {
    /// The table in the spec's model (what a pull writes).
    pub table: Table,
    /// Its `CREATE TABLE` text, as stored.
    pub sql: String,
    /// Each column's declared type, in column order.
    pub declared_types: Vec<String>,
    /// Each column's default as SQLite stores it, in column order.
    pub raw_defaults: Vec<Option<String>>,
    /// Each column's `NOT NULL` as declared, in column order.
    pub raw_not_null: Vec<bool>,
    /// Column sets of UNIQUE constraints written in `CREATE TABLE` (column or table level).
    pub unique_sets: Vec<Vec<String>>,
    /// Explicit indexes (`CREATE INDEX`).
    pub indexes: Vec<ExistingIndex>,
    /// Triggers on the table: name and SQL.
    pub triggers: Vec<(String, String)>,
    /// Views whose SQL names the table.
    pub views: Vec<String>,
    /// Features a table rebuild would not keep (generated columns, WITHOUT ROWID, …).
    pub rebuild_blockers: Vec<String>,
}

/// The whole database.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ExistingSchema {
    /// Tables, in creation order.
    pub tables: Vec<ExistingTable>,
    /// Every stored schema statement in creation order (to rebuild the schema in memory).
    pub schema_sql: Vec<String>,
}

impl ExistingSchema {
    /// The table of that name (SQLite names are case-insensitive).
    pub fn table(&self, name: &str) -> Option<&ExistingTable> {
        self.tables
            .iter()
            .find(|t| t.table.name.eq_ignore_ascii_case(name))
    }

    /// Tables whose foreign keys reference `name`.
    pub fn referencing(&self, name: &str) -> impl Iterator<Item = &ExistingTable> {
        let name = name.to_string();
        self.tables.iter().filter(move |t| {
            t.table
                .foreign_keys
                .iter()
                .any(|fk| fk.referenced_table.eq_ignore_ascii_case(&name))
        })
    }
}

/// The error for a database that cannot be read.
fn db_error(code: Code, path: &str, message: String, suggestion: &str) -> Issue {
    Issue::error(code, format!("{message} ({})", crate::report::clip(path))).suggest(suggestion)
}

/// Opens the database read-only without creating any file, or says why it cannot.
pub fn open_read_only(path: &str) -> Result<Connection, Issue> {
    let p = Path::new(path);
    let meta = std::fs::metadata(p).map_err(|_| {
        db_error(
            Code::DbNotFound,
            path,
            "no database file at existingDbPath".into(),
            "check the path; introspection never creates a database",
        )
    })?;
    if !meta.is_file() {
        return Err(db_error(
            Code::DbUnreadable,
            path,
            "existingDbPath is not a file".into(),
            "point existingDbPath at a SQLite database file",
        ));
    }
    let mut header = [0u8; 100];
    let read = std::fs::File::open(p).and_then(|mut f| std::io::Read::read(&mut f, &mut header));
    let readable = matches!(read, Ok(n) if n >= 100) && header.starts_with(b"SQLite format 3\0");
    if !readable && meta.len() > 0 {
        return Err(db_error(
            Code::DbUnreadable,
            path,
            "the file is not a SQLite database".into(),
            "point existingDbPath at a SQLite database file",
        ));
    }
    let wal_mode = readable && header[18] == 2 && header[19] == 2;
    let side = |suffix: &str| Path::new(&format!("{path}{suffix}")).exists();
    // A WAL database needs its -shm file to be read normally, and SQLite would create it;
    // when neither -wal nor -shm exists every committed page is in the main file, so the file
    // is opened immutable (no locks, no side files). Otherwise the existing ones are used.
    let immutable = meta.len() == 0 || (wal_mode && !side("-wal") && !side("-shm"));
    let mut uri = String::from("file:");
    for b in std::fs::canonicalize(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .to_string_lossy()
        .bytes()
    {
        match b {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(b as char),
        }
    }
    uri.push_str(if immutable {
        "?mode=ro&immutable=1"
    } else {
        "?mode=ro"
    });
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = crate::sqlite_memory::open_with_flags(&uri, flags).map_err(|e| {
        db_error(
            Code::DbUnreadable,
            path,
            format!("the database cannot be opened: {e}"),
            "check the file's permissions",
        )
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| db_error(Code::DbUnreadable, path, e.to_string(), ""))?;
    Ok(conn)
}

fn classify(e: rusqlite::Error, path: &str) -> Issue {
    let busy = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked));
    if busy {
        db_error(
            Code::DbLocked,
            path,
            "the database is locked by a writer".into(),
            "retry when the writing process has committed, or use WAL mode",
        )
    } else {
        db_error(
            Code::DbUnreadable,
            path,
            format!("the database cannot be read: {e}"),
            "check that the file is an intact SQLite database",
        )
    }
}

/// Reads the schema of the database at `path`.
pub fn introspect(path: &str) -> Result<ExistingSchema, Issue> {
    let conn = open_read_only(path)?;
    read_schema_from(&conn, Some(path)).map_err(|e| classify(e, path))
}

/// Databases of at least this many tables have their index lists read on a second connection,
/// beside the columns and foreign keys on the first (each list costs SQLite a statement prepared
/// per table or index).
const SECOND_CONNECTION_TABLES: usize = 64;

/// One row of the index query: table, index, unique, origin, column (`None` for an
/// expression), column number.
type IndexRow = (String, String, bool, String, Option<String>, i64);

/// One row of the foreign-key query: table, id, referenced table, column, referenced column,
/// ON UPDATE, ON DELETE.
type ForeignKeyRow = (String, i64, String, String, Option<String>, String, String);

/// Every user table's indexes with their key columns, in one pass over the index lists.
fn index_rows(conn: &Connection) -> rusqlite::Result<Vec<IndexRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT m.name, l.name, l.\"unique\", l.origin, x.name, x.cid FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) x WHERE {USER_TABLES} AND x.key = 1 ORDER BY m.rowid, l.seq DESC, x.seqno"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get::<_, i64>(2)? != 0,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    rows.collect()
}

/// Every user table's foreign keys, column by column, grouped by id.
fn foreign_key_rows(conn: &Connection) -> rusqlite::Result<Vec<ForeignKeyRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE {USER_TABLES} ORDER BY m.rowid, f.id, f.seq"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })?;
    rows.collect()
}

const USER_TABLES: &str = "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

/// Reads every user table (see the module documentation).
pub fn read_schema(conn: &Connection) -> rusqlite::Result<ExistingSchema> {
    read_schema_from(conn, None)
}

/// [`read_schema`], reading the index lists of large databases on a second read-only connection
/// to the file at `path`, when there is one and it opens (else on `conn`, after the rest).
fn read_schema_from(conn: &Connection, path: Option<&str>) -> rusqlite::Result<ExistingSchema> {
    let mut schema = ExistingSchema::default();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut others: Vec<(String, String, String, String)> = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (kind, name, tbl, sql): (String, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            schema.schema_sql.push(format!("{sql};"));
            if kind == "table" {
                by_name.insert(name.to_ascii_lowercase(), schema.tables.len());
                let mut blockers = Vec::new();
                let upper = sql.to_ascii_uppercase();
                for (needle, what) in [
                    ("WITHOUT ROWID", "WITHOUT ROWID"),
                    ("STRICT", "STRICT"),
                    ("AUTOINCREMENT", "AUTOINCREMENT"),
                    ("COLLATE", "a COLLATE clause"),
                    ("GENERATED", "a generated column"),
                    ("VIRTUAL", "a virtual table"),
                ] {
                    if upper.contains(needle) {
                        blockers.push(what.to_string());
                    }
                }
                if upper.starts_with("CREATE VIRTUAL") {
                    blockers.push("a virtual table".into());
                }
                schema.tables.push(ExistingTable {
                    table: Table {
                        name: name.clone(),
                        timestamps: Some(false),
                        ..Default::default()
                    },
                    sql,
                    declared_types: Vec::new(),
                    raw_defaults: Vec::new(),
                    raw_not_null: Vec::new(),
                    unique_sets: Vec::new(),
                    indexes: Vec::new(),
                    triggers: Vec::new(),
                    views: Vec::new(),
                    rebuild_blockers: blockers,
                });
            } else {
                others.push((kind, name, tbl, sql));
            }
        }
    }
    // Virtual tables have no columns to read through the PRAGMAs that matter here.
    let real = |name: &str| by_name.get(&name.to_ascii_lowercase()).copied();

    // Large databases: the index lists (the longest of the three reads, with the second
    // connection's own schema load about as long as the other two) on a second connection.
    let beside = schema.tables.len() >= SECOND_CONNECTION_TABLES && crate::parallel::may_share();
    let second = path.filter(|_| beside);
    let (indexes, pk, foreign_key_rows) = std::thread::scope(|scope| {
        let indexes = second
            .map(|path| scope.spawn(move || open_read_only(path).ok().map(|c| index_rows(&c))));
        let pk = read_columns(conn, &mut schema, &real);
        let foreign_keys = foreign_key_rows(conn);
        let indexes = indexes.and_then(|h| h.join().ok().flatten());
        (indexes, pk, foreign_keys)
    });
    let (pk, foreign_key_rows) = (pk?, foreign_key_rows?);
    // The second connection's list, or this one's when there was none or it failed.
    let index_rows = match indexes {
        Some(Ok(rows)) => rows,
        _ => index_rows(conn)?,
    };
    for (ti, mut cols) in pk {
        cols.sort();
        let t = &mut schema.tables[ti];
        t.table.primary_key = cols.into_iter().map(|(_, n)| n).collect();
        if t.table.primary_key.len() == 1 {
            let key = t.table.primary_key[0].clone();
            if let Some(i) = t.table.columns.iter().position(|c| c.name == key) {
                if t.declared_types[i].eq_ignore_ascii_case("INTEGER") {
                    t.table.columns[i].auto_increment = true;
                }
            }
        }
    }

    // Indexes with their key columns, in one pass over the index lists (each PRAGMA call is a
    // statement SQLite prepares per table; the lists were read twice before).
    let index_sql: HashMap<String, String> = others
        .iter()
        .filter(|o| o.0 == "index")
        .map(|o| (o.1.clone(), o.3.clone()))
        .collect();
    {
        // The index being read: table, name, unique, origin, columns.
        let mut current: Option<(usize, String, bool, String, Vec<String>)> = None;
        let finish =
            |schema: &mut ExistingSchema,
             index: Option<(usize, String, bool, String, Vec<String>)>| {
                let Some((ti, iname, unique, origin, columns)) = index else {
                    return;
                };
                let t = &mut schema.tables[ti];
                match origin.as_str() {
                    "u" => t.unique_sets.push(columns),
                    "c" => {
                        let sql = index_sql.get(&iname).cloned().unwrap_or_default();
                        let predicate = crate::create_table_text::index_predicate(&sql);
                        t.indexes.push(ExistingIndex {
                            index: Index {
                                name: iname,
                                columns,
                                unique,
                                method: None,
                                predicate,
                            },
                            sql,
                        });
                    }
                    _ => {}
                }
            };
        for (tname, iname, unique, origin, col, cid) in index_rows {
            let Some(ti) = real(&tname) else { continue };
            if current
                .as_ref()
                .is_none_or(|(cti, cname, ..)| *cti != ti || *cname != iname)
            {
                finish(&mut schema, current.take());
                current = Some((ti, iname.clone(), unique, origin, Vec::new()));
            }
            let columns = &mut current.as_mut().expect("set above").4;
            match col {
                Some(c) if cid >= 0 => columns.push(c),
                _ => {
                    columns.push(String::new());
                    schema.tables[ti]
                        .rebuild_blockers
                        .push(format!("the expression index '{iname}'"));
                }
            }
        }
        finish(&mut schema, current.take());
    }

    // Foreign keys, grouped by id.
    {
        let mut current: Option<(usize, i64)> = None;
        for (tname, id, target, from, to, on_update, on_delete) in foreign_key_rows {
            let Some(ti) = real(&tname) else { continue };
            let t = &mut schema.tables[ti].table;
            if current != Some((ti, id)) {
                current = Some((ti, id));
                t.foreign_keys.push(ForeignKey {
                    columns: Vec::new(),
                    referenced_table: target,
                    referenced_columns: Vec::new(),
                    on_delete: fk_action(&on_delete),
                    on_update: fk_action(&on_update),
                });
            }
            let fk = t.foreign_keys.last_mut().expect("pushed above");
            fk.columns.push(from);
            fk.referenced_columns.push(to.unwrap_or_default());
        }
    }
    // `REFERENCES parent` without columns means the parent's primary key.
    let pks: HashMap<String, Vec<String>> = schema
        .tables
        .iter()
        .map(|t| {
            (
                t.table.name.to_ascii_lowercase(),
                t.table.primary_key.clone(),
            )
        })
        .collect();
    for t in &mut schema.tables {
        for fk in &mut t.table.foreign_keys {
            if fk.referenced_columns.iter().any(|c| c.is_empty()) {
                if let Some(key) = pks.get(&fk.referenced_table.to_ascii_lowercase()) {
                    fk.referenced_columns = key.clone();
                }
            }
        }
    }

    for t in &mut schema.tables {
        read_create_table_text(t);
    }
    for (kind, name, tbl, sql) in &others {
        match kind.as_str() {
            "trigger" => {
                if let Some(ti) = real(tbl) {
                    schema.tables[ti]
                        .triggers
                        .push((name.clone(), format!("{sql};")));
                }
            }
            "view" => {
                let lower = sql.to_ascii_lowercase();
                for t in &mut schema.tables {
                    if mentions(&lower, &t.table.name.to_ascii_lowercase()) {
                        t.views.push(name.clone());
                    }
                }
            }
            _ => {}
        }
    }
    Ok(schema)
}

/// Every user table's columns (PRAGMA table_xinfo), filed into `schema`; returns each table's
/// primary-key columns with their positions in the key.
fn read_columns(
    conn: &Connection,
    schema: &mut ExistingSchema,
    real: &dyn Fn(&str) -> Option<usize>,
) -> rusqlite::Result<HashMap<usize, Vec<(i64, String)>>> {
    let mut pk: HashMap<usize, Vec<(i64, String)>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
            "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p WHERE {USER_TABLES} ORDER BY m.rowid, p.cid"
        ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let tname: String = r.get(0)?;
        let Some(ti) = real(&tname) else { continue };
        let name: String = r.get(1)?;
        let declared: String = r.get::<_, Option<String>>(2)?.unwrap_or_default();
        let not_null: bool = r.get::<_, i64>(3)? != 0;
        let default: Option<String> = r.get(4)?;
        let pk_pos: i64 = r.get(5)?;
        let hidden: i64 = r.get(6)?;
        let t = &mut schema.tables[ti];
        if hidden != 0 {
            t.rebuild_blockers
                .push(format!("the generated or hidden column '{name}'"));
            continue;
        }
        let (ty, length, precision, scale) = column_type_from_declared(&declared);
        let mut c = Column::new(&name, ty, !not_null && pk_pos == 0);
        c.length = length;
        c.precision = precision;
        c.scale = scale;
        c.default = default.as_deref().map(default_from_sql);
        if c.default == Some(DefaultValue::Null) {
            c.default = None;
        }
        if pk_pos > 0 {
            pk.entry(ti).or_default().push((pk_pos, name.clone()));
        }
        t.declared_types.push(declared);
        t.raw_defaults.push(default);
        t.raw_not_null.push(not_null);
        t.table.columns.push(c);
    }
    Ok(pk)
}

/// Whether `text` contains `word` as a whole word.
pub fn mentions(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

fn fk_action(text: &str) -> Option<FkAction> {
    match text.to_ascii_uppercase().as_str() {
        "CASCADE" => Some(FkAction::Cascade),
        "SET NULL" => Some(FkAction::SetNull),
        "RESTRICT" => Some(FkAction::Restrict),
        // NO ACTION is the default: the spec leaves it out. SET DEFAULT has no spec form.
        _ => None,
    }
}

/// CHECK constraints and constraint names from the stored `CREATE TABLE` text.
fn read_create_table_text(t: &mut ExistingTable) {
    let text = crate::create_table_text::scan(&t.sql);
    for (n, check) in text.checks.into_iter().enumerate() {
        let name = check
            .name
            .unwrap_or_else(|| format!("chk_{}_{}", t.table.name, n + 1));
        t.table.check_constraints.push(CheckConstraint {
            name,
            expression: check.expression,
        });
    }
    assign_uniques(t, &text.named_uniques);
}

/// Turns the UNIQUE column sets into column `unique` flags and named constraints.
fn assign_uniques(t: &mut ExistingTable, named: &[(String, Vec<String>)]) {
    for set in t.unique_sets.clone() {
        if let Some((name, _)) = named.iter().find(|(_, cols)| *cols == set) {
            t.table.unique_constraints.push(UniqueConstraint {
                name: name.clone(),
                columns: set,
            });
        } else if set.len() == 1 {
            if let Some(c) = t.table.columns.iter_mut().find(|c| c.name == set[0]) {
                c.unique = true;
            }
        } else {
            let name = format!("uq_{}_{}", t.table.name, set.join("_"));
            t.table
                .unique_constraints
                .push(UniqueConstraint { name, columns: set });
        }
    }
}

/// The spec type for a declared SQLite type: known names exactly, else SQLite's affinity rules.
pub fn column_type_from_declared(
    declared: &str,
) -> (ColumnType, Option<u32>, Option<u32>, Option<u32>) {
    let upper = declared.trim().to_ascii_uppercase();
    let (base, params) = match upper.find('(') {
        Some(i) => (
            upper[..i].trim().to_string(),
            upper[i + 1..].trim_end_matches(')').to_string(),
        ),
        None => (upper.clone(), String::new()),
    };
    let nums: Vec<u32> = params
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    let first = nums.first().copied();
    let second = nums.get(1).copied();
    use ColumnType::*;
    let ty = match base.as_str() {
        "TEXT" | "CLOB" => Text,
        "INTEGER" => Integer,
        "INT" | "MEDIUMINT" => Int,
        "BIGINT" => Bigint,
        "TINYINT" | "SMALLINT" | "INT2" => Tinyint,
        "REAL" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT" => Real,
        "BLOB" | "" => Blob,
        "NUMERIC" => Numeric,
        "DECIMAL" => Decimal,
        "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR" | "VARYING CHARACTER" | "NATIVE CHARACTER" => {
            Varchar
        }
        "CHAR" | "CHARACTER" | "NCHAR" => Char,
        "BOOLEAN" | "BOOL" => Boolean,
        "TIMESTAMP" => Timestamp,
        "DATETIME" => Datetime,
        "DATE" => Date,
        "UUID" => Uuid,
        "JSON" => Json,
        "JSONB" => Jsonb,
        _ if base.contains("INT") => Integer,
        _ if base.contains("CHAR") || base.contains("CLOB") || base.contains("TEXT") => Text,
        _ if base.contains("BLOB") => Blob,
        _ if base.contains("REAL") || base.contains("FLOA") || base.contains("DOUB") => Real,
        _ => Numeric,
    };
    match ty {
        Varchar | Char => (ty, first, None, None),
        Numeric | Decimal => (ty, None, first, second),
        _ => (ty, None, None, None),
    }
}

/// A stored default (`PRAGMA table_xinfo.dflt_value`) in the spec's model.
pub fn default_from_sql(text: &str) -> DefaultValue {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    match upper.as_str() {
        "NULL" => return DefaultValue::Null,
        "TRUE" => return DefaultValue::Bool(true),
        "FALSE" => return DefaultValue::Bool(false),
        _ => {}
    }
    if let Some(k) = NowKind::parse(&upper) {
        return DefaultValue::Now(k);
    }
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !unsigned.is_empty()
        && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && unsigned.parse::<f64>().is_ok()
    {
        return DefaultValue::Number(t.strip_prefix('+').unwrap_or(t).to_string());
    }
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        let inner = &t[1..t.len() - 1];
        if !inner.replace("''", "").contains('\'') {
            return DefaultValue::Str(inner.replace("''", "'"));
        }
    }
    if let Some(inner) = strip_outer_parens(t) {
        return match inner.replace(' ', "").to_ascii_lowercase().as_str() {
            "datetime('now')" | "current_timestamp" => DefaultValue::Now(NowKind::Timestamp),
            "date('now')" | "current_date" => DefaultValue::Now(NowKind::Date),
            "time('now')" | "current_time" => DefaultValue::Now(NowKind::Time),
            _ => DefaultValue::Expression(inner.to_string()),
        };
    }
    match t.replace(' ', "").to_ascii_lowercase().as_str() {
        "datetime('now')" => DefaultValue::Now(NowKind::Timestamp),
        "date('now')" => DefaultValue::Now(NowKind::Date),
        "time('now')" => DefaultValue::Now(NowKind::Time),
        _ => DefaultValue::Expression(t.to_string()),
    }
}

/// `inner` when `text` is `(inner)` with the outer parentheses matching each other.
fn strip_outer_parens(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 0i32;
    let mut in_string = false;
    for c in inner.chars() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    (depth == 0).then_some(inner.trim())
}

/// The introspection as returned to JavaScript (`introspectDatabase`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectionJson {
    /// Table names, in creation order.
    pub existing_tables: Vec<String>,
    /// Each table's schema.
    pub table_schemas: Vec<TableSchemaJson>,
}

/// One table's schema, in the specification's `ExistingTableSchema` shape (plus checks).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSchemaJson {
    table_name: String,
    columns: Vec<ColumnJson>,
    indexes: Vec<IndexJson>,
    foreign_keys: Vec<ForeignKeyJson>,
    checks: Vec<CheckJson>,
    triggers: Vec<String>,
    views: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ColumnJson {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    not_null: bool,
    default_value: Option<String>,
    primary_key: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IndexJson {
    name: String,
    columns: Vec<String>,
    unique: bool,
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    predicate: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ForeignKeyJson {
    columns: Vec<String>,
    referenced_table: String,
    referenced_columns: Vec<String>,
    on_delete: &'static str,
    on_update: &'static str,
}

#[derive(Serialize)]
struct CheckJson {
    name: String,
    expression: String,
}

impl IntrospectionJson {
    /// The JSON view of a schema. Defaults are shown as SQLite stores them.
    pub fn from_schema(schema: &ExistingSchema) -> Self {
        let table_schemas = schema
            .tables
            .iter()
            .map(|t| TableSchemaJson {
                table_name: t.table.name.clone(),
                columns: t
                    .table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| ColumnJson {
                        name: c.name.clone(),
                        ty: t.declared_types.get(i).cloned().unwrap_or_default(),
                        // NULL is refused by NOT NULL, and by an INTEGER PRIMARY KEY (the rowid).
                        not_null: t.raw_not_null.get(i).copied().unwrap_or(false)
                            || c.auto_increment,
                        default_value: t.raw_defaults.get(i).cloned().flatten(),
                        primary_key: t.table.in_primary_key(&c.name),
                    })
                    .collect(),
                indexes: t
                    .indexes
                    .iter()
                    .map(|i| IndexJson {
                        name: i.index.name.clone(),
                        columns: i.index.columns.clone(),
                        unique: i.index.unique,
                        predicate: i.index.predicate.clone(),
                    })
                    .collect(),
                foreign_keys: t
                    .table
                    .foreign_keys
                    .iter()
                    .map(|f| ForeignKeyJson {
                        columns: f.columns.clone(),
                        referenced_table: f.referenced_table.clone(),
                        referenced_columns: f.referenced_columns.clone(),
                        on_delete: f.on_delete.map_or("NO ACTION", |a| a.as_str()),
                        on_update: f.on_update.map_or("NO ACTION", |a| a.as_str()),
                    })
                    .collect(),
                checks: t
                    .table
                    .check_constraints
                    .iter()
                    .map(|c| CheckJson {
                        name: c.name.clone(),
                        expression: c.expression.clone(),
                    })
                    .collect(),
                triggers: t.triggers.iter().map(|(n, _)| n.clone()).collect(),
                views: t.views.clone(),
            })
            .collect();
        IntrospectionJson {
            existing_tables: schema.tables.iter().map(|t| t.table.name.clone()).collect(),
            table_schemas,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database large enough for the second connection reads the same through `introspect`
    /// (index lists on the second connection) as through `read_schema` (everything on one):
    /// indexes (unique, partial, on an expression), UNIQUE constraints, composite and implicit
    /// foreign keys, checks.
    #[test]
    fn a_second_connection_reads_the_same_schema() {
        let dir = std::env::temp_dir().join(format!("mg-second-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("many.db");
        let _ = std::fs::remove_file(&path);
        {
            let conn = Connection::open(&path).unwrap();
            let mut sql = String::from("BEGIN;");
            for i in 0..(SECOND_CONNECTION_TABLES + 20) {
                let parent = i.saturating_sub(1);
                sql.push_str(&format!(
                    "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, a TEXT NOT NULL UNIQUE, b INT DEFAULT 3, p INT REFERENCES t{parent}, q INT, r INT, CHECK (b >= 0), FOREIGN KEY (q, r) REFERENCES t{parent}(id, b) ON DELETE CASCADE);
                     CREATE INDEX ix{i}_b ON t{i} (b, a);
                     CREATE UNIQUE INDEX ux{i}_q ON t{i} (q) WHERE q > 0;
                     CREATE INDEX ex{i} ON t{i} (lower(a));"
                ));
            }
            sql.push_str("COMMIT;");
            conn.execute_batch(&sql).unwrap();
        }
        let path_text = path.to_str().unwrap();
        let beside = introspect(path_text).unwrap();
        let one = read_schema(&open_read_only(path_text).unwrap()).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(beside.tables.len(), SECOND_CONNECTION_TABLES + 20);
        let t = &beside.tables[5];
        assert_eq!(t.indexes.len(), 3, "{:?}", t.indexes);
        assert_eq!(t.table.foreign_keys.len(), 2);
        assert!(!t.unique_sets.is_empty());
        assert_eq!(beside, one);
    }

    #[test]
    fn declared_types_map_to_spec_types() {
        assert_eq!(
            column_type_from_declared("VARCHAR(255)"),
            (ColumnType::Varchar, Some(255), None, None)
        );
        assert_eq!(
            column_type_from_declared("decimal(10, 2)"),
            (ColumnType::Decimal, None, Some(10), Some(2))
        );
        assert_eq!(
            column_type_from_declared("UNSIGNED BIG INT").0,
            ColumnType::Integer
        );
        assert_eq!(column_type_from_declared("").0, ColumnType::Blob);
        // SQLite's rule 1: a type containing "INT" has INTEGER affinity, "FLOATING POINT" too.
        assert_eq!(
            column_type_from_declared("FLOATING POINT").0,
            ColumnType::Integer
        );
        assert_eq!(
            column_type_from_declared("DOUBLE PRECISION").0,
            ColumnType::Real
        );
        assert_eq!(column_type_from_declared("whatever").0, ColumnType::Numeric);
    }

    #[test]
    fn stored_defaults_map_to_spec_defaults() {
        assert_eq!(
            default_from_sql("'O''Brien'"),
            DefaultValue::Str("O'Brien".into())
        );
        assert_eq!(
            default_from_sql("-1.5"),
            DefaultValue::Number("-1.5".into())
        );
        assert_eq!(
            default_from_sql("CURRENT_TIMESTAMP"),
            DefaultValue::Now(NowKind::Timestamp)
        );
        assert_eq!(
            default_from_sql("(datetime('now'))"),
            DefaultValue::Now(NowKind::Timestamp)
        );
        assert_eq!(
            default_from_sql("datetime('now')"),
            DefaultValue::Now(NowKind::Timestamp)
        );
        assert_eq!(default_from_sql("NULL"), DefaultValue::Null);
        assert_eq!(
            default_from_sql("(lower('X'))"),
            DefaultValue::Expression("lower('X')".into())
        );
        assert_eq!(
            default_from_sql("'a' || 'b'"),
            DefaultValue::Expression("'a' || 'b'".into())
        );
    }

    #[test]
    fn whole_word_mentions() {
        assert!(mentions("select * from users u", "users"));
        assert!(!mentions("select * from users_archive", "users"));
    }
}
