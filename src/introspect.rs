//! Reads an existing SQLite database without changing it: the file is opened read-only (never
//! created), and a WAL database whose `-wal`/`-shm` files are absent is opened immutable so that
//! none are created. `sqlite_master`'s rows are read from the file's pages when they can be
//! ([`crate::sqlite_file`]: no schema load), else queried. Tables, columns, keys, indexes and
//! foreign keys are what SQLite's PRAGMAs report: computed from the stored `CREATE` texts when
//! they are all in the forms [`crate::catalog_text`] reads, else read with a few queries over the
//! PRAGMA table-valued functions; CHECKs and constraint names, which the PRAGMAs do not say, come
//! from the stored `CREATE TABLE` text ([`crate::create_table_text`]).

// An `Issue` is the report's own item (about 130 bytes); these functions fail at most once per
// call, with the issue the report then carries, so boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

use crate::catalog_text::{
    is_internal, is_user_table, Catalog, ColumnRow, ForeignKeyRow, IndexRow, MasterEntry, Origin,
    TableNames,
};
use crate::lock_wait;
use crate::report::{Code, Issue};
use crate::spec::*;
use crate::sqlite_file::MasterRow;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

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
    /// Whether each of `table.foreign_keys` is `DEFERRABLE INITIALLY DEFERRED` (checked at
    /// COMMIT), which a spec cannot say and a rebuild keeps; empty when the text does not say
    /// (then a DEFERRABLE in the text blocks a rebuild).
    pub deferred_foreign_keys: Vec<bool>,
}

impl ExistingTable {
    /// Whether its text has a COLLATE clause, so that its text columns may compare otherwise
    /// than byte for byte (`COLLATE NOCASE` takes 'Active' for 'active').
    pub fn has_collate(&self) -> bool {
        self.rebuild_blockers
            .iter()
            .any(|b| b == "a COLLATE clause")
    }

    /// Whether it is a virtual table (`CREATE VIRTUAL TABLE … USING fts5(…)`), which a spec
    /// cannot describe: its module makes its columns and its storage.
    pub fn is_virtual(&self) -> bool {
        is_virtual_text(&self.sql)
    }
}

/// Whether a stored table text creates a virtual table (`CREATE VIRTUAL TABLE … USING …`).
pub fn is_virtual_text(sql: &str) -> bool {
    sql.trim_start()
        .get(..14)
        .is_some_and(|s| s.eq_ignore_ascii_case("CREATE VIRTUAL"))
}

/// The whole database. Built by introspection only; its lookups by name are hash lookups, made
/// on first use (a spec of n tables against a database of n tables looks up each table, its
/// referencing tables and its index names: a scan per lookup made that quadratic, and cubic
/// with the per-table scans inside).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ExistingSchema {
    /// Tables, in creation order.
    tables: Vec<ExistingTable>,
    /// Every stored schema statement in creation order (to rebuild the schema in memory).
    pub schema: Vec<SchemaStatement>,
    /// Every view's name, in creation order.
    pub views: Vec<String>,
    /// The tables virtual tables store their data in (left out of `tables` and `schema`).
    pub shadow_tables: Vec<String>,
    /// Whether the database has `sqlite_sequence` (SQLite makes it with the first AUTOINCREMENT
    /// table and never drops it), where the counters of AUTOINCREMENT keys are kept.
    pub has_sequence_table: bool,
    /// Whether the schema is a spec's (`previousSpec`, made in memory), not a file's: whether
    /// the database itself has `sqlite_sequence` is then not known (`has_sequence_table` says
    /// only whether the spec has an AUTOINCREMENT table; the database may have it without one
    /// left, or, under a spec pulled from it that says `autoIncrement` for its rowid keys, not
    /// have it), so a statement that names it must make it first.
    pub sequence_table_unknown: bool,
    /// The name indexes, built on first use (the tables do not change after introspection).
    lookup: OnceLock<Lookup>,
}

/// One statement of the stored schema (a row of `sqlite_master` with SQL).
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaStatement {
    /// `table`, `index`, `view` or `trigger`.
    pub kind: String,
    /// The object's name.
    pub name: String,
    /// The table it belongs to (a table's or view's own name).
    pub table: String,
    /// The statement, ending with `;`.
    pub sql: String,
}

/// Positions in [`ExistingSchema`]'s tables, by ASCII-lowercased name.
#[derive(Clone, Debug, PartialEq, Default)]
struct Lookup {
    /// A table by its name.
    table: HashMap<String, usize>,
    /// The tables whose foreign keys reference a table, once each, in creation order.
    referencing: HashMap<String, Vec<usize>>,
    /// The tables that have an index of a name, in creation order.
    index_owners: HashMap<String, Vec<usize>>,
}

impl Lookup {
    fn of(tables: &[ExistingTable]) -> Lookup {
        let mut lookup = Lookup::default();
        for (i, t) in tables.iter().enumerate() {
            lookup
                .table
                .entry(t.table.name.to_ascii_lowercase())
                .or_insert(i);
            for fk in &t.table.foreign_keys {
                let list = lookup
                    .referencing
                    .entry(fk.referenced_table.to_ascii_lowercase())
                    .or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            for ix in &t.indexes {
                let list = lookup
                    .index_owners
                    .entry(ix.index.name.to_ascii_lowercase())
                    .or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        lookup
    }
}

impl ExistingSchema {
    /// Tables, in creation order.
    pub fn tables(&self) -> &[ExistingTable] {
        &self.tables
    }

    fn lookup(&self) -> &Lookup {
        self.lookup.get_or_init(|| Lookup::of(&self.tables))
    }

    fn at<'a>(
        &'a self,
        positions: Option<&'a Vec<usize>>,
    ) -> impl Iterator<Item = &'a ExistingTable> {
        positions.into_iter().flatten().map(|&i| &self.tables[i])
    }

    /// The table of that name (SQLite names are case-insensitive).
    pub fn table(&self, name: &str) -> Option<&ExistingTable> {
        let i = *self.lookup().table.get(&name.to_ascii_lowercase())?;
        Some(&self.tables[i])
    }

    /// Tables whose foreign keys reference `name`, in creation order.
    pub fn referencing(&self, name: &str) -> impl Iterator<Item = &ExistingTable> {
        self.at(self.lookup().referencing.get(&name.to_ascii_lowercase()))
    }

    /// Tables that have an index named `name`, in creation order.
    pub fn index_owners(&self, name: &str) -> impl Iterator<Item = &ExistingTable> {
        self.at(self.lookup().index_owners.get(&name.to_ascii_lowercase()))
    }

    /// Gives each foreign key without a name the one `name_of(table, position, key)` returns, if
    /// any (SQLite keeps no name for a foreign key; `position` is the key's in its table's).
    pub fn name_foreign_keys(
        &mut self,
        name_of: impl Fn(&str, usize, &ForeignKey) -> Option<String>,
    ) {
        for t in &mut self.tables {
            for (i, fk) in t.table.foreign_keys.iter_mut().enumerate() {
                if fk.name.is_none() {
                    fk.name = name_of(&t.table.name, i, fk);
                }
            }
        }
    }

    /// This schema with its objects that `part` has too read from `part` instead: `part` is
    /// some of this schema's objects (every view and trigger among them), rebuilt elsewhere and
    /// changed there by renames of `tables_renamed` (old name, new name), which keep each
    /// object in its place in creation order.
    pub fn with_part_replaced(
        &self,
        part: ExistingSchema,
        tables_renamed: &[(String, String)],
    ) -> ExistingSchema {
        // The new names by old name in lowercase, looked up once an object (a search of the
        // renames for each was quadratic in them). The first rename of a name, as a search
        // finds it.
        let mut renamed: HashMap<String, &str> = HashMap::new();
        for (old, new) in tables_renamed {
            renamed.entry(old.to_ascii_lowercase()).or_insert(new);
        }
        let now_named = |kind: &str, name: &str| -> String {
            let lower = name.to_ascii_lowercase();
            match renamed.get(&lower) {
                Some(new) if kind == "table" => new.to_ascii_lowercase(),
                _ => lower,
            }
        };
        let mut tables: HashMap<String, ExistingTable> = part
            .tables
            .into_iter()
            .map(|t| (t.table.name.to_ascii_lowercase(), t))
            .collect();
        let mut statements: HashMap<(String, String), SchemaStatement> = part
            .schema
            .into_iter()
            .map(|s| ((s.kind.clone(), s.name.to_ascii_lowercase()), s))
            .collect();
        ExistingSchema {
            tables: self
                .tables
                .iter()
                .map(|t| {
                    tables
                        .remove(&now_named("table", &t.table.name))
                        .unwrap_or_else(|| t.clone())
                })
                .collect(),
            schema: self
                .schema
                .iter()
                .map(|s| {
                    statements
                        .remove(&(s.kind.clone(), now_named(&s.kind, &s.name)))
                        .unwrap_or_else(|| s.clone())
                })
                .collect(),
            views: self.views.clone(),
            shadow_tables: self.shadow_tables.clone(),
            has_sequence_table: self.has_sequence_table,
            sequence_table_unknown: self.sequence_table_unknown,
            lookup: OnceLock::new(),
        }
    }
}

/// How an expression index is named among a table's rebuild blockers (then its name, quoted):
/// pull lists it as left out, and a rebuild recreates it when its text names no column whose
/// values the rebuild changes.
pub const EXPRESSION_INDEX: &str = "the expression index ";

/// The rebuild blocker of the expression index `name`.
pub fn expression_index_blocker(name: &str) -> String {
    format!("{EXPRESSION_INDEX}'{name}'")
}

/// The error for a database that cannot be read.
fn db_error(code: Code, path: &str, message: String, suggestion: &str) -> Issue {
    Issue::error(code, format!("{message} ({})", crate::report::clip(path))).suggest(suggestion)
}

/// What SQLite says when it loads the schema of the database at `path` (read-only), if it
/// refuses it (`malformed database schema (…)`); `None` when it loads, or when the file cannot
/// be opened at all (introspection has said so already).
pub fn schema_load_error(path: &str) -> Option<String> {
    let conn = open_read_only(path).ok()?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .err()
    .map(|e| e.to_string())
}

/// Opens the database read-only without creating any file, or says why it cannot. Its reads
/// wait up to [`crate::lock_wait::LOCK_WAIT`] for a writer's lock.
pub fn open_read_only(path: &str) -> Result<Connection, Issue> {
    open_read_only_saying_immutable(path, crate::lock_wait::LOCK_WAIT).map(|(conn, _)| conn)
}

/// The `file:` URI SQLite opens `path` by: the bytes of the path as they are, those a URI
/// gives a meaning to (`?`, `#`, `%`), control characters and every byte past ASCII written
/// `%XX` (a path with `ü` or `日本` in it was opened as the Latin-1 characters of its UTF-8
/// bytes, a file that does not exist: a user trial's `DB_UNREADABLE`).
fn file_uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    let mut uri = String::from("file:");
    for b in bytes {
        match b {
            b'?' | b'#' | b'%' | ..=0x1f | 0x7f.. => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(b as char),
        }
    }
    uri
}

/// `DB_UNREADABLE` for a database file this process may not read, or whose folder it may not
/// enter (said as it is, where it was "not a SQLite database" or "no database file").
fn permission_denied(path: &str) -> Issue {
    db_error(
        Code::DbUnreadable,
        path,
        "permission denied: this process may not read the file, or enter a folder on its path".into(),
        "give the user running the generator read access to the file (and search access to its folders)",
    )
}

/// [`open_read_only`], its reads waiting up to `wait` for a writer's lock, also saying whether
/// the file was opened immutable (a WAL database without `-wal` and `-shm` files: every
/// committed page is in the main file).
fn open_read_only_saying_immutable(
    path: &str,
    wait: Duration,
) -> Result<(Connection, bool), Issue> {
    // No file's name holds a NUL: said as such, not as a file missing (a path cut short by a
    // caller's bug, or text from elsewhere, is then plain).
    if path.contains('\0') {
        return Err(db_error(
            Code::DbNotFound,
            path,
            "the path holds a NUL character (\\0), which no file's name can".into(),
            "check where the path comes from: it may be cut short, or padded with NULs",
        ));
    }
    // Everything below looks at the file the path resolves to: through a symbolic link, the
    // -wal and -shm files SQLite uses are the ones beside the real file, not beside the link
    // (looking beside the link missed a -wal and read an old schema).
    let real = std::fs::canonicalize(path);
    let p = real.as_deref().unwrap_or(Path::new(path));
    let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
        // A file in a folder this process may not enter is there, not missing.
        std::io::ErrorKind::PermissionDenied => permission_denied(path),
        _ => db_error(
            Code::DbNotFound,
            path,
            "no database file at this path".into(),
            "check the path; introspection never creates a database",
        ),
    })?;
    if !meta.is_file() {
        return Err(db_error(
            Code::DbUnreadable,
            path,
            "the path is not a file".into(),
            "give the path of a SQLite database file",
        ));
    }
    let mut header = [0u8; 100];
    let read = std::fs::File::open(p).and_then(|mut f| std::io::Read::read(&mut f, &mut header));
    if matches!(&read, Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied) {
        return Err(permission_denied(path));
    }
    let readable = matches!(read, Ok(n) if n >= 100) && header.starts_with(b"SQLite format 3\0");
    if !readable && meta.len() > 0 {
        return Err(db_error(
            Code::DbUnreadable,
            path,
            "the file is not a SQLite database".into(),
            "give the path of a SQLite database file",
        ));
    }
    let wal_mode = readable && header[18] == 2 && header[19] == 2;
    let beside = |suffix: &str| {
        let mut name = p.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    let side = |suffix: &str| beside(suffix).exists();
    // A -wal file shorter than its 32-byte header holds no page (an empty one is left behind
    // by persistent-WAL setups): the main file has every committed page, as with none.
    let wal_pages = std::fs::metadata(beside("-wal")).is_ok_and(|m| m.len() >= 32);
    // A WAL database needs its -shm file to be read normally, and SQLite would create it;
    // when neither -wal nor -shm exists every committed page is in the main file, so the file
    // is opened immutable (no locks, no side files). Otherwise the existing ones are used.
    let immutable = meta.len() == 0 || (wal_mode && !wal_pages && !side("-shm"));
    // A -wal file without its -shm (a copy taken while a writer had the file open, or after a
    // crash that lost the -shm): SQLite can read the newest pages only by rebuilding the
    // -shm beside the file, which would be writing there.
    if wal_mode && wal_pages && !side("-shm") {
        return Err(db_error(
            Code::DbUnreadable,
            path,
            "the database has a -wal file but no -shm file, and reading it would mean SQLite creating the -shm beside it".into(),
            "if a program is opening the database at this moment (SQLite creates the -wal just before the -shm), try again; otherwise open it once with your application or the sqlite3 shell (which recovers it), or copy it with the -shm file too, then introspect again",
        ));
    }
    let mut uri = file_uri(p);
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
    conn.busy_timeout(wait)
        .map_err(|e| db_error(Code::DbUnreadable, path, e.to_string(), ""))?;
    Ok((conn, immutable))
}

/// The error for SQLite's `e`, met reading the database at `path`: `DB_LOCKED` for a writer's
/// lock, `DB_UNREADABLE` otherwise (a hot journal, a damaged file, anything else).
fn classify(e: rusqlite::Error, path: &str) -> Issue {
    let busy = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked));
    let hot_journal = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK);
    if hot_journal {
        db_error(
            Code::DbUnreadable,
            path,
            "the database has a hot journal left by a write that did not finish, and rolling it back would write to the file, which introspection never does".into(),
            "open the database once with a client that may write (any query rolls the journal back), then retry",
        )
    } else if busy {
        crate::lock_wait::met_lock();
        db_error(
            Code::DbLocked,
            path,
            "the database is locked by a writer".into(),
            "retry when the writing process has committed, or use WAL mode",
        )
    } else if let Some(damaged) = crate::damaged_file::issue(path, &e) {
        damaged
    } else {
        db_error(
            Code::DbUnreadable,
            path,
            format!("the database cannot be read: {e}"),
            "check that the file is an intact SQLite database",
        )
    }
}

/// Reads the schema of the database at `path`, waiting for a writer's lock as long as
/// [`crate::lock_wait::busy_timeout`] says.
pub fn introspect(path: &str) -> Result<ExistingSchema, Issue> {
    let (conn, immutable) = open_read_only_saying_immutable(path, lock_wait::busy_timeout())?;
    read_schema_from(&conn, Some(path), immutable).map_err(|e| classify(e, path))
}

/// Databases of at least this many tables have their index lists read on a second connection,
/// beside the columns and foreign keys on the first (each list costs SQLite a statement prepared
/// per table or index).
const SECOND_CONNECTION_TABLES: usize = 64;

/// The rows of `query` over the user tables' PRAGMA functions (`USER_TABLES` is put where it
/// says `{USER_TABLES}`; the first column is the table's name), each made by `make` from the
/// table's position and the row (`None`: left out).
fn pragma_rows<R>(
    conn: &Connection,
    table: &TableIndex<'_>,
    query: &str,
    make: impl Fn(usize, &rusqlite::Row) -> rusqlite::Result<Option<R>>,
) -> rusqlite::Result<Vec<R>> {
    let mut stmt = conn.prepare(&query.replace("{USER_TABLES}", USER_TABLES))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let Some(t) = table(&r.get::<_, String>(0)?) {
            out.extend(make(t, r)?);
        }
    }
    Ok(out)
}

/// Every user table's indexes with their key columns, in one pass over the index lists.
fn index_rows(
    conn: &Connection,
    table: &TableIndex<'_>,
) -> rusqlite::Result<Vec<IndexRow<'static>>> {
    let query = "SELECT m.name, l.name, l.\"unique\", l.origin, x.name, x.cid FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_xinfo(l.name) x WHERE {USER_TABLES} AND x.key = 1 ORDER BY m.rowid, l.seq DESC, x.seqno";
    pragma_rows(conn, table, query, |t, r| {
        let Some(origin) = Origin::parse(&r.get::<_, String>(3)?) else {
            return Ok(None);
        };
        Ok(Some(IndexRow {
            table: t,
            index: r.get::<_, String>(1)?.into(),
            unique: r.get::<_, i64>(2)? != 0,
            origin,
            column: r.get::<_, Option<String>>(4)?.map(Cow::Owned),
            cid: r.get(5)?,
        }))
    })
}

/// Every user table's foreign keys, column by column, grouped by id.
fn foreign_key_rows(
    conn: &Connection,
    table: &TableIndex<'_>,
) -> rusqlite::Result<Vec<ForeignKeyRow<'static>>> {
    let query = "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE {USER_TABLES} ORDER BY m.rowid, f.id, f.seq";
    pragma_rows(conn, table, query, |t, r| {
        Ok(Some(ForeignKeyRow {
            table: t,
            id: r.get(1)?,
            target: r.get::<_, String>(2)?.into(),
            from: r.get::<_, String>(3)?.into(),
            to: r.get::<_, Option<String>>(4)?.map(Cow::Owned),
            on_update: action_name(&r.get::<_, String>(5)?),
            on_delete: action_name(&r.get::<_, String>(6)?),
        }))
    })
}

/// PRAGMA foreign_key_list's action text, as a static name.
fn action_name(text: &str) -> &'static str {
    ["SET NULL", "SET DEFAULT", "CASCADE", "RESTRICT"]
        .into_iter()
        .find(|a| *a == text)
        .unwrap_or("NO ACTION")
}

/// Every user table's columns (PRAGMA table_xinfo).
fn column_rows(
    conn: &Connection,
    table: &TableIndex<'_>,
) -> rusqlite::Result<Vec<ColumnRow<'static>>> {
    let query = "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p WHERE {USER_TABLES} ORDER BY m.rowid, p.cid";
    pragma_rows(conn, table, query, |t, r| {
        Ok(Some(ColumnRow {
            table: t,
            name: r.get::<_, String>(1)?.into(),
            declared: r.get::<_, Option<String>>(2)?.unwrap_or_default().into(),
            not_null: r.get::<_, i64>(3)? != 0,
            default: r.get::<_, Option<String>>(4)?.map(Cow::Owned),
            pk: r.get(5)?,
            hidden: r.get::<_, i64>(6)? != 0,
        }))
    })
}

/// The user tables of `sqlite_master m` whose PRAGMAs are read (`{USER_TABLES}` in a query).
/// A virtual table of a module this build of SQLite does not have (sqlite-vec's `vec0`,
/// SpatiaLite's) is not among them: its PRAGMAs fail ("no such module: vec0"), and a spec
/// leaves every virtual table out anyway. A module is known when `pragma_module_list` has it
/// after `USING`.
const USER_TABLES: &str = "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND NOT (m.sql LIKE 'CREATE VIRTUAL%' AND NOT EXISTS (SELECT 1 FROM pragma_module_list k WHERE m.sql LIKE '% USING ' || k.name || '(%' OR m.sql LIKE '% USING ' || k.name || ' %' OR m.sql LIKE '% USING ' || k.name))";

/// A user table's position from its name (SQLite names are case-insensitive).
type TableIndex<'a> = dyn Fn(&str) -> Option<usize> + Sync + 'a;

/// The catalog as SQLite's PRAGMAs report it (which makes SQLite load the schema), reading the
/// index lists of large databases on a second read-only connection to the file at `path`, when
/// there is one and it opens (else on `conn`, after the rest).
fn catalog_via_pragmas(
    conn: &Connection,
    path: Option<&str>,
    table: &TableIndex<'_>,
    tables: usize,
) -> rusqlite::Result<Catalog<'static>> {
    let beside = tables >= SECOND_CONNECTION_TABLES && crate::parallel::may_share();
    let second = path.filter(|_| beside);
    // Read here: the second connection's thread has its own (waiting) thread-local state.
    let wait = lock_wait::busy_timeout();
    let (indexes, columns, foreign_keys) = std::thread::scope(|scope| {
        let indexes = second.map(|path| {
            scope.spawn(move || {
                open_read_only_saying_immutable(path, wait)
                    .ok()
                    .map(|(c, _)| index_rows(&c, table))
            })
        });
        let columns = column_rows(conn, table);
        let foreign_keys = foreign_key_rows(conn, table);
        let indexes = indexes.and_then(|h| h.join().ok().flatten());
        (indexes, columns, foreign_keys)
    });
    // The second connection's list, or this one's when there was none or it failed.
    let indexes = match indexes {
        Some(Ok(rows)) => rows,
        _ => index_rows(conn, table)?,
    };
    Ok(Catalog {
        columns: columns?,
        indexes,
        foreign_keys: foreign_keys?,
        texts: Vec::new(),
    })
}

/// A row, borrowed as the catalog reader takes it.
fn entry(row: &MasterRow) -> MasterEntry<'_> {
    MasterEntry {
        kind: &row.kind,
        name: &row.name,
        tbl_name: &row.tbl_name,
        sql: row.sql.as_deref(),
    }
}

/// Every row of `sqlite_master` in rowid order: read from the file's pages when they can be
/// (no schema load, see [`crate::sqlite_file`]), else with a query. `immutable`: the connection
/// was opened immutable, so a WAL database's main file holds every page.
/// A stored text with more after its statement is refused (see [`crate::stored_statement`]).
fn master_rows(conn: &Connection, immutable: bool) -> rusqlite::Result<Vec<MasterRow>> {
    let rows = match crate::sqlite_file::read_master(conn, immutable)? {
        Some(rows) => rows,
        None => master_rows_by_query(conn)?,
    };
    for row in &rows {
        let sql = row.sql.as_deref().unwrap_or_default();
        if let Some(tail) = crate::stored_statement::beyond_first_statement(sql) {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(format!(
                    "the text sqlite_master stores for the {} '{}' has more after its statement ({}), which SQLite never writes there (the file was edited through PRAGMA writable_schema); it is not read, so that the rest is never run",
                    row.kind,
                    crate::report::clip(&row.name),
                    crate::report::clip(tail)
                )),
            ));
        }
    }
    Ok(rows)
}

/// Every row of `sqlite_master` in rowid order, queried (SQLite loads the schema).
fn master_rows_by_query(conn: &Connection) -> rusqlite::Result<Vec<MasterRow>> {
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY rowid")?;
    let rows = stmt.query_map([], |r| {
        Ok(MasterRow {
            kind: r.get(0)?,
            name: r.get(1)?,
            tbl_name: r.get(2)?,
            rootpage: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
            sql: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// Reads every user table (see the module documentation).
pub fn read_schema(conn: &Connection) -> rusqlite::Result<ExistingSchema> {
    read_schema_from(conn, None, false)
}

/// Every row of `sqlite_master` of the in-memory database `conn`, in rowid order: one part of a
/// schema made in several databases, for [`schema_of_parts`].
pub fn master_rows_in_memory(conn: &Connection) -> rusqlite::Result<Vec<MasterRow>> {
    master_rows(conn, false)
}

/// What [`read_schema`] reads from one database that ran, in order, the statements that made
/// `parts` (each the `sqlite_master` rows of a database that ran some of them, in that order):
/// the rows one after the other, `sqlite_sequence` made once (by the first AUTOINCREMENT table,
/// where one database has it too). `None` where the parts may not be that database's: an object
/// other than a table or index (a view or trigger may read another part's tables), a name two
/// objects have (in one database the second `CREATE … IF NOT EXISTS` would have made nothing),
/// or a text outside the forms [`crate::catalog_text`] reads (the PRAGMAs need the database).
pub fn schema_of_parts(parts: Vec<Vec<MasterRow>>) -> Option<ExistingSchema> {
    let mut rows: Vec<MasterRow> = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    let mut sequence = false;
    for row in parts.into_iter().flatten() {
        if row.kind == "table" && row.name.eq_ignore_ascii_case("sqlite_sequence") {
            if std::mem::replace(&mut sequence, true) {
                continue;
            }
        } else if row.kind != "table" && row.kind != "index" {
            return None;
        }
        rows.push(row);
    }
    let mut names = std::collections::HashSet::with_capacity(rows.len());
    if !rows
        .iter()
        .all(|r| names.insert(r.name.to_ascii_lowercase()))
    {
        return None;
    }
    let (entries, shadow_tables) = without_shadow_tables(rows.iter().map(entry).collect());
    let catalog = crate::catalog_text::catalog(&entries)?;
    let mut schema = schema_from(&entries, catalog);
    schema.shadow_tables = shadow_tables;
    Some(schema)
}

/// [`read_schema`]; `path` is the file `conn` reads, for a second connection; `immutable` as
/// for [`master_rows`].
fn read_schema_from(
    conn: &Connection,
    path: Option<&str>,
    immutable: bool,
) -> rusqlite::Result<ExistingSchema> {
    let master = master_rows(conn, immutable)?;
    let (entries, shadow_tables) = without_shadow_tables(master.iter().map(entry).collect());
    let catalog = match crate::catalog_text::catalog(&entries) {
        Some(catalog) => catalog,
        None => pragma_catalog(conn, path, &entries)?,
    };
    let mut schema = schema_from(&entries, catalog);
    schema.shadow_tables = shadow_tables;
    Ok(schema)
}

/// The catalog of the tables among `entries`, through SQLite's PRAGMAs.
fn pragma_catalog(
    conn: &Connection,
    path: Option<&str>,
    entries: &[MasterEntry],
) -> rusqlite::Result<Catalog<'static>> {
    let names = TableNames::of(entries);
    let tables = names.len();
    let table = move |name: &str| names.position(name);
    catalog_via_pragmas(conn, path, &table, tables)
}

/// `answer` of the schema of the database at `path` as `introspectDatabase` returns it (which
/// borrows the stored texts, read once): made straight from the stored texts when they are all
/// in the forms [`crate::catalog_text`] reads, else from the schema read through SQLite's
/// PRAGMAs (the same result either way; a test holds them equal).
pub fn introspection<R>(
    path: &str,
    answer: impl FnOnce(&IntrospectionJson) -> R,
) -> Result<R, Issue> {
    let (conn, immutable) = open_read_only_saying_immutable(path, lock_wait::busy_timeout())?;
    let read = || -> rusqlite::Result<R> {
        let master = master_rows(&conn, immutable)?;
        let (entries, _) = without_shadow_tables(master.iter().map(entry).collect());
        if let Some(json) = IntrospectionJson::from_texts(&entries) {
            return Ok(answer(&json));
        }
        let catalog = pragma_catalog(&conn, Some(path), &entries)?;
        let schema = schema_from(&entries, catalog);
        Ok(answer(&IntrospectionJson::from_schema(&schema)))
    };
    read().map_err(|e| classify(e, path))
}

/// The tables that store a virtual table's data (FTS3/4/5, R*Tree: `docs_data`, `geo_node`, …)
/// and their indexes, left out: SQLite makes them with the virtual table (so rebuilding the
/// schema for the self-check must not create them again), and they are not the user's tables.
/// Only the names the virtual table's module gives its tables count (`docs_data` beside an FTS5
/// table `docs`, not `docs_stat`, which FTS5 never makes: that one is the user's table, which a
/// down migration must not take for a table this migration creates). Also returns the names
/// left out.
fn without_shadow_tables(entries: Vec<MasterEntry>) -> (Vec<MasterEntry>, Vec<String>) {
    let virtuals: Vec<(&str, &[&str])> = entries
        .iter()
        .filter(|e| e.kind == "table")
        .filter_map(|e| {
            let sql = e.sql?;
            is_virtual_text(sql).then(|| (e.name, shadow_suffixes(sql)))
        })
        .collect();
    if virtuals.is_empty() {
        return (entries, Vec::new());
    }
    let shadow = |name: &str| {
        virtuals.iter().any(|(v, suffixes)| {
            name.len() > v.len() + 1
                && name.as_bytes()[..v.len()].eq_ignore_ascii_case(v.as_bytes())
                && name.as_bytes()[v.len()] == b'_'
                && suffixes
                    .iter()
                    .any(|s| name.as_bytes()[v.len() + 1..].eq_ignore_ascii_case(s.as_bytes()))
        })
    };
    let shadow_names = entries
        .iter()
        .filter(|e| e.kind == "table" && shadow(e.name))
        .map(|e| e.name.to_string())
        .collect();
    let kept = entries
        .into_iter()
        .filter(|e| !shadow(e.tbl_name) && !shadow(e.name))
        .collect();
    (kept, shadow_names)
}

/// The suffixes of the tables a virtual table's module stores its data in (SQLite's
/// `xShadowName` of each module it ships); for a module it does not ship, every one of them.
fn shadow_suffixes(sql: &str) -> &'static [&'static str] {
    const FTS3: &[&str] = &["content", "docsize", "segdir", "segments", "stat"];
    const FTS5: &[&str] = &["config", "content", "data", "docsize", "idx"];
    const RTREE: &[&str] = &["node", "parent", "rowid"];
    const ANY: &[&str] = &[
        "config", "content", "data", "docsize", "idx", "node", "parent", "rowid", "segdir",
        "segments", "stat",
    ];
    let mut words = sql
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty());
    let module = words
        .by_ref()
        .find(|w| w.eq_ignore_ascii_case("USING"))
        .and_then(|_| words.next())
        .unwrap_or("")
        .to_ascii_lowercase();
    match module.as_str() {
        "fts3" | "fts4" => FTS3,
        "fts5" => FTS5,
        "rtree" | "rtree_i32" | "geopoly" => RTREE,
        _ => ANY,
    }
}

/// The schema from `sqlite_master`'s rows and the catalog.
fn schema_from(entries: &[MasterEntry], catalog: Catalog) -> ExistingSchema {
    let mut schema = ExistingSchema::default();
    let mut others: Vec<&MasterEntry> = Vec::new();
    for e in entries {
        if e.kind == "table" && e.name.eq_ignore_ascii_case("sqlite_sequence") {
            schema.has_sequence_table = true;
        }
        let Some(sql) = e.sql.filter(|_| !is_internal(e.name)) else {
            continue;
        };
        schema.schema.push(SchemaStatement {
            kind: e.kind.to_string(),
            name: e.name.to_string(),
            table: e.tbl_name.to_string(),
            sql: as_statement(sql),
        });
        if e.kind == "table" {
            schema.tables.push(new_table(e.name, sql));
        } else {
            others.push(e);
        }
    }
    let names = TableNames::of(entries);
    let real = |name: &str| names.position(name);

    let pk = add_columns(&mut schema, catalog.columns);
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

    // Indexes with their key columns.
    let index_sql: HashMap<&str, &str> = others
        .iter()
        .filter(|o| o.kind == "index")
        .filter_map(|o| Some((o.name, o.sql?)))
        .collect();
    {
        // The index being read: table, name, unique, origin, columns.
        let mut current: Option<(usize, String, bool, Origin, Vec<String>)> = None;
        let finish =
            |schema: &mut ExistingSchema,
             index: Option<(usize, String, bool, Origin, Vec<String>)>| {
                let Some((ti, iname, unique, origin, columns)) = index else {
                    return;
                };
                let t = &mut schema.tables[ti];
                match origin {
                    Origin::Unique => t.unique_sets.push(columns),
                    Origin::Create => {
                        let sql = index_sql.get(iname.as_str()).copied().unwrap_or_default();
                        let predicate = crate::create_table_text::index_predicate(sql);
                        t.indexes.push(ExistingIndex {
                            index: Index {
                                name: iname,
                                columns,
                                unique,
                                method: None,
                                predicate,
                            },
                            sql: sql.to_string(),
                        });
                    }
                    // A key SQLite keeps in an index of its own is not the rowid, even when
                    // it is one INTEGER column: `x INTEGER PRIMARY KEY DESC` (SQLite's
                    // documented quirk) stores NULLs and any value as written. Read as the
                    // rowid, a rebuild would turn NULL keys into numbers.
                    Origin::PrimaryKey => {
                        if let [key] = t.table.primary_key.as_slice() {
                            let key = key.clone();
                            if let Some(c) = t.table.columns.iter_mut().find(|c| c.name == key) {
                                // A WITHOUT ROWID table has no rowid at all (its own
                                // blocker says so).
                                if c.auto_increment {
                                    c.auto_increment = false;
                                    if !t.rebuild_blockers.iter().any(|b| b == "WITHOUT ROWID") {
                                        t.rebuild_blockers.push(format!(
                                            "the INTEGER PRIMARY KEY DESC column '{key}' (which SQLite does not make the rowid)"
                                        ));
                                    }
                                }
                            }
                        }
                    }
                }
            };
        for row in catalog.indexes {
            let ti = row.table;
            if current
                .as_ref()
                .is_none_or(|(cti, cname, ..)| *cti != ti || *cname != row.index)
            {
                finish(&mut schema, current.take());
                current = Some((
                    ti,
                    row.index.to_string(),
                    row.unique,
                    row.origin,
                    Vec::new(),
                ));
            }
            let columns = &mut current.as_mut().expect("set above").4;
            match row.column {
                Some(c) if row.cid >= 0 => columns.push(c.into_owned()),
                _ => {
                    columns.push(String::new());
                    schema.tables[ti]
                        .rebuild_blockers
                        .push(expression_index_blocker(&row.index));
                }
            }
        }
        finish(&mut schema, current.take());
    }

    // Foreign keys, grouped by id.
    {
        let mut current: Option<(usize, i64)> = None;
        for row in catalog.foreign_keys {
            let ti = row.table;
            let t = &mut schema.tables[ti].table;
            if current != Some((ti, row.id)) {
                current = Some((ti, row.id));
                t.foreign_keys.push(ForeignKey {
                    columns: Vec::new(),
                    referenced_table: row.target.into_owned(),
                    referenced_columns: Vec::new(),
                    on_delete: fk_action(row.on_delete),
                    on_update: fk_action(row.on_update),
                    name: None,
                });
            }
            let fk = t.foreign_keys.last_mut().expect("pushed above");
            fk.columns.push(row.from.into_owned());
            fk.referenced_columns
                .push(row.to.map(Cow::into_owned).unwrap_or_default());
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
        read_deferrals(t);
    }
    let mut texts = catalog.texts.into_iter();
    for t in &mut schema.tables {
        let text = texts
            .next()
            .unwrap_or_else(|| crate::create_table_text::scan(&t.sql));
        read_create_table_text(t, text);
    }
    for e in &others {
        let sql = e.sql.unwrap_or_default();
        match e.kind {
            "trigger" => {
                if let Some(ti) = real(e.tbl_name) {
                    schema.tables[ti]
                        .triggers
                        .push((e.name.to_string(), as_statement(sql)));
                }
            }
            "view" => {
                schema.views.push(e.name.to_string());
                let lower = sql.to_ascii_lowercase();
                for t in &mut schema.tables {
                    if mentions(&lower, &t.table.name.to_ascii_lowercase()) {
                        t.views.push(e.name.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    schema
}

/// A table as `sqlite_master` shows it, before its columns are read: with the features a
/// rebuild would not keep that its text shows.
fn new_table(name: &str, sql: &str) -> ExistingTable {
    let mut blockers = Vec::new();
    // Upper case, each run of blanks and comments one space (a word in a comment is no clause:
    // a user trial's commented table could not be rebuilt), so that a two-word needle matches
    // however the text spaces it. Needles are whole words (STRICT is also the end of RESTRICT,
    // GENERATED the start of a column `generated_at`); one found as a whole name or inside a
    // string only makes this cautious.
    let upper = crate::create_table_text::one_line(sql).to_ascii_uppercase();
    for (needle, what) in [
        ("WITHOUT ROWID", "WITHOUT ROWID"),
        ("STRICT", "STRICT"),
        ("AUTOINCREMENT", "AUTOINCREMENT"),
        ("COLLATE", "a COLLATE clause"),
        ("GENERATED", "a generated column"),
        // `… AS (…) VIRTUAL` in a table (a virtual table is said below; a user trial was told
        // of "a virtual table" for such a column).
        ("VIRTUAL", "a generated column"),
        // Clauses the spec has no form for, which a rebuild written from it would drop.
        ("ON CONFLICT", "an ON CONFLICT clause"),
        ("DEFERRABLE", "a DEFERRABLE foreign key"),
        ("SET DEFAULT", "an ON DELETE/UPDATE SET DEFAULT action"),
    ] {
        let virtual_table = needle == "VIRTUAL" && upper.starts_with("CREATE VIRTUAL");
        if mentions(&upper, needle) && !virtual_table && !blockers.iter().any(|b| b == what) {
            blockers.push(what.to_string());
        }
    }
    if upper.starts_with("CREATE VIRTUAL") {
        blockers.push("a virtual table".into());
    }
    ExistingTable {
        table: Table {
            name: name.to_string(),
            timestamps: Some(false),
            ..Default::default()
        },
        sql: sql.to_string(),
        declared_types: Vec::new(),
        raw_defaults: Vec::new(),
        raw_not_null: Vec::new(),
        unique_sets: Vec::new(),
        indexes: Vec::new(),
        triggers: Vec::new(),
        views: Vec::new(),
        rebuild_blockers: blockers,
        deferred_foreign_keys: Vec::new(),
    }
}

/// Files every column into `schema`; returns each table's primary-key columns with their
/// positions in the key.
fn add_columns(
    schema: &mut ExistingSchema,
    rows: Vec<ColumnRow>,
) -> HashMap<usize, Vec<(i64, String)>> {
    let mut pk: HashMap<usize, Vec<(i64, String)>> = HashMap::new();
    for row in rows {
        let ti = row.table;
        let t = &mut schema.tables[ti];
        if row.hidden {
            t.rebuild_blockers
                .push(format!("the generated or hidden column '{}'", row.name));
            continue;
        }
        let (ty, length, precision, scale) = column_type_from_declared(&row.declared);
        let mut c = Column::new(&row.name, ty, !row.not_null && row.pk == 0);
        c.length = length;
        c.precision = precision;
        c.scale = scale;
        c.default = row.default.as_deref().map(default_from_sql);
        if c.default == Some(DefaultValue::Null) {
            c.default = None;
        }
        // `boolean DEFAULT '0'` (as Knex writes `defaultTo(false)`): the column's NUMERIC
        // affinity stores the text '0' as the integer 0, so it is the default 0, which a spec
        // can say (a string default on a BOOLEAN column cannot be).
        if c.ty == ColumnType::Boolean {
            if let Some(DefaultValue::Str(s)) = &c.default {
                if s == "0" || s == "1" {
                    c.default = Some(DefaultValue::Number(s.clone()));
                }
            }
        }
        if row.pk > 0 {
            pk.entry(ti)
                .or_default()
                .push((row.pk, row.name.to_string()));
        }
        t.declared_types.push(row.declared.into_owned());
        t.raw_defaults.push(row.default.map(Cow::into_owned));
        t.raw_not_null.push(row.not_null);
        t.table.columns.push(c);
    }
    pk
}

/// Which foreign keys of `t` are `DEFERRABLE INITIALLY DEFERRED`, from its text. SQLite numbers
/// a table's keys from the last declared (`PRAGMA foreign_key_list`), and they are listed in
/// that order, so the text's list is read backwards. When the text gives as many keys as SQLite
/// reports, a rebuild can keep each key's deferral and the cautious `DEFERRABLE` blocker goes.
fn read_deferrals(t: &mut ExistingTable) {
    let blocker = "a DEFERRABLE foreign key";
    if !t.rebuild_blockers.iter().any(|b| b == blocker) {
        return;
    }
    let Some(mut deferred) = crate::create_table_text::foreign_key_deferrals(&t.sql) else {
        return;
    };
    if deferred.len() != t.table.foreign_keys.len() {
        return;
    }
    deferred.reverse();
    t.deferred_foreign_keys = deferred;
    t.rebuild_blockers.retain(|b| b != blocker);
}

/// A stored schema text as a statement: `;` appended, where it ends the statement. SQLite keeps
/// a comment that ends an index's or view's text (`… WHERE x > 0 -- live rows`): after a `--`
/// comment the `;` goes on a line of its own, and a `/*` comment SQLite let run to the end of
/// the text is closed first.
pub fn as_statement(sql: &str) -> String {
    if !sql.contains("--") && !sql.contains("/*") {
        return format!("{sql};");
    }
    match open_comment_at_end(sql) {
        Some(Comment::Line) => format!("{sql}\n;"),
        Some(Comment::Block) => format!("{sql} */;"),
        None => format!("{sql};"),
    }
}

/// A comment still open at the end of a text.
#[derive(Debug, PartialEq)]
enum Comment {
    /// `--` (to the end of its line).
    Line,
    /// `/*` without its `*/`.
    Block,
}

/// The comment open at the end of `sql`, read as SQLite reads it: quotes (`'…'`, `"…"`,
/// `` `…` ``, `[…]`) hide comment marks, and a comment hides quotes.
fn open_comment_at_end(sql: &str) -> Option<Comment> {
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                // A doubled quote is the quote itself: the scan just reopens there.
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            b'[' => {
                while i < b.len() && b[i] != b']' {
                    i += 1;
                }
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                if i >= b.len() {
                    return Some(Comment::Line);
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                if i + 1 >= b.len() {
                    return Some(Comment::Block);
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
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
    match text {
        "CASCADE" => Some(FkAction::Cascade),
        "SET NULL" => Some(FkAction::SetNull),
        "RESTRICT" => Some(FkAction::Restrict),
        // NO ACTION is the default: the spec leaves it out. SET DEFAULT has no spec form.
        _ => None,
    }
}

/// CHECK constraints and constraint names from the stored `CREATE TABLE` text.
fn read_create_table_text(t: &mut ExistingTable, text: crate::create_table_text::TableText) {
    for (n, check) in text.checks.into_iter().enumerate() {
        let name = check
            .name
            .unwrap_or_else(|| format!("chk_{}_{}", t.table.name, n + 1));
        t.table.check_constraints.push(CheckConstraint {
            name,
            expression: line_comment_ended(&check.expression),
        });
    }
    assign_uniques(t, &text.named_uniques);
    if !t.table.primary_key.is_empty() {
        t.table.primary_key_name = text.primary_key_name;
    }
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
        // SMALLINT holds up to 32767, which the spec's TINYINT would not on MySQL (-128..127):
        // pulled as INT, which holds it on every database.
        "INT" | "MEDIUMINT" | "SMALLINT" | "INT2" => Int,
        // 64-bit however it is spelt: `INT8`, SQLite's own example `UNSIGNED BIG INT`, MySQL's
        // `BIGINT UNSIGNED` (an INTEGER on PostgreSQL would refuse values beyond 2^31).
        "BIGINT" | "INT8" => Bigint,
        _ if base.contains("BIG") && base.contains("INT") => Bigint,
        "TINYINT" => Tinyint,
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
        // `CHAR(0)` (Home Assistant's recorder declares its retired columns so): SQLite takes
        // text of any length there, and no spec length is 0.
        // Longer than any spec length (SQLite keeps any length anyway): TEXT, which a pulled
        // spec can hold (a review: `VARCHAR(20000000)` was pulled as an invalid length).
        Varchar | Char if first == Some(0) || first > Some(crate::limits::MAX_LENGTH) => {
            (Text, None, None, None)
        }
        Varchar | Char => (ty, first, None, None),
        // Past the spec's precision (1,000): without one, as SQLite keeps any number there.
        Numeric | Decimal if first > Some(1000) || second > Some(1000) => (ty, None, None, None),
        Numeric | Decimal => (ty, None, first, second),
        // `DATETIME(3)`: the digits of a second; past what a spec's precision can say
        // (`datetime(9)`), 6, the most any database keeps (none would be whole seconds on
        // MySQL: a user trial).
        Timestamp | Datetime if second.is_none() => {
            (ty, None, first.map(|p| p.min(MAX_FRACTIONAL_SECONDS)), None)
        }
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
    // `DEFAULT "dq"` / `DEFAULT ""` (as schemas ported from MySQL write an empty default): a
    // default reads no column, so SQLite takes the double-quoted word for a string (its
    // double-quoted-string rule) and new rows get 'dq'. Pulled as an expression `"dq"`,
    // validation refused it as reading a column.
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        let inner = &t[1..t.len() - 1];
        if !inner.replace("\"\"", "").contains('"') {
            return DefaultValue::Str(inner.replace("\"\"", "\""));
        }
    }
    if let Some(inner) = strip_outer_parens(t) {
        return match inner.replace(' ', "").to_ascii_lowercase().as_str() {
            "datetime('now')" | "current_timestamp" => DefaultValue::Now(NowKind::Timestamp),
            "date('now')" | "current_date" => DefaultValue::Now(NowKind::Date),
            "time('now')" | "current_time" => DefaultValue::Now(NowKind::Time),
            _ => DefaultValue::Expression(line_comment_ended(inner)),
        };
    }
    match t.replace(' ', "").to_ascii_lowercase().as_str() {
        "datetime('now')" => DefaultValue::Now(NowKind::Timestamp),
        "date('now')" => DefaultValue::Now(NowKind::Date),
        "time('now')" => DefaultValue::Now(NowKind::Time),
        _ => DefaultValue::Expression(line_comment_ended(t)),
    }
}

/// `text` with a line break after a `--` comment that runs to its end. SQLite gives a column's
/// default (`DEFAULT ('a' -- note` then a line break and `)`) and the CHECK text read from the
/// `CREATE TABLE` without that line break, and written back as `DEFAULT (…)` or `CHECK (…)` in a
/// rebuild, the comment hid the `)` and the rest of its line: the migration was refused by its
/// own check.
fn line_comment_ended(text: &str) -> String {
    if text.contains("--") && open_comment_at_end(text) == Some(Comment::Line) {
        format!("{text}\n")
    } else {
        text.to_string()
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
pub struct IntrospectionJson<'a> {
    /// Table names, in creation order.
    pub existing_tables: Vec<Cow<'a, str>>,
    /// Each table's schema.
    pub table_schemas: Vec<TableSchemaJson<'a>>,
}

/// One table's schema, in the specification's `ExistingTableSchema` shape (plus checks).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSchemaJson<'a> {
    pub(crate) table_name: Cow<'a, str>,
    pub(crate) columns: Vec<ColumnJson<'a>>,
    pub(crate) indexes: Vec<IndexJson<'a>>,
    pub(crate) foreign_keys: Vec<ForeignKeyJson<'a>>,
    pub(crate) checks: Vec<CheckJson>,
    pub(crate) triggers: Vec<Cow<'a, str>>,
    pub(crate) views: Vec<Cow<'a, str>>,
    /// The UNIQUE constraints its `CREATE TABLE` writes (a column's `UNIQUE`, a table's
    /// `UNIQUE (a, b)`), which SQLite keeps in indexes of its own (`pragma_index_list` origin
    /// `u`) that `indexes` does not list; in SQLite's order.
    pub(crate) unique_constraints: Vec<UniqueJson<'a>>,
}

/// A UNIQUE constraint of a table's `CREATE TABLE`: its columns, in key order.
#[derive(Serialize)]
pub(crate) struct UniqueJson<'a> {
    pub(crate) columns: Vec<Cow<'a, str>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ColumnJson<'a> {
    pub(crate) name: Cow<'a, str>,
    #[serde(rename = "type")]
    pub(crate) ty: Cow<'a, str>,
    pub(crate) not_null: bool,
    pub(crate) default_value: Option<Cow<'a, str>>,
    pub(crate) primary_key: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IndexJson<'a> {
    pub(crate) name: Cow<'a, str>,
    pub(crate) columns: Vec<Cow<'a, str>>,
    pub(crate) unique: bool,
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    pub(crate) predicate: Option<String>,
    /// The text of each key that is an expression (`lower(name)`), in key order; `columns`
    /// holds only the keys that are columns. Absent when every key is a column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) expressions: Vec<String>,
}

/// An index as read from the catalog: what is reported of it, its `CREATE INDEX` text, and its
/// keys (`None`: an expression, in key order), before [`split_index_keys`].
type ReadIndex<'a, 's> = (IndexJson<'a>, &'s str, Vec<Option<Cow<'a, str>>>);

/// Splits an index's keys (`None`: an expression, in key order) into its `columns` and its
/// `expressions` (their text from its `CREATE INDEX` text `sql`).
fn split_index_keys<'a>(
    keys: impl IntoIterator<Item = Option<Cow<'a, str>>>,
    sql: &str,
) -> (Vec<Cow<'a, str>>, Vec<String>) {
    let mut columns = Vec::new();
    let mut expressions = Vec::new();
    let mut texts: Option<Vec<String>> = None;
    for (n, key) in keys.into_iter().enumerate() {
        match key {
            Some(c) => columns.push(c),
            None => {
                let texts = texts.get_or_insert_with(|| crate::create_table_text::index_keys(sql));
                expressions.push(texts.get(n).cloned().unwrap_or_default());
            }
        }
    }
    (columns, expressions)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ForeignKeyJson<'a> {
    pub(crate) columns: Vec<Cow<'a, str>>,
    pub(crate) referenced_table: Cow<'a, str>,
    pub(crate) referenced_columns: Vec<Cow<'a, str>>,
    pub(crate) on_delete: &'static str,
    pub(crate) on_update: &'static str,
}

#[derive(Serialize)]
pub(crate) struct CheckJson {
    pub(crate) name: String,
    pub(crate) expression: String,
}

/// `texts`, borrowed.
fn borrowed(texts: &[String]) -> Vec<Cow<'_, str>> {
    texts.iter().map(|t| Cow::Borrowed(t.as_str())).collect()
}

/// One table's part of `introspectDatabase`'s answer: all but what needs the other tables.
struct TablePart<'a> {
    schema: TableSchemaJson<'a>,
    /// The table's primary key, in key order.
    key: Vec<Cow<'a, str>>,
}

impl<'a> TablePart<'a> {
    /// The part of table `name` from its catalog (rows of this table only, with its text) and
    /// its `CREATE INDEX` statements (name and text).
    fn of(name: &'a str, catalog: Catalog<'a>, created: &[(&str, &str)]) -> Self {
        let mut key: Vec<(i64, Cow<'a, str>)> = catalog
            .columns
            .iter()
            .filter(|r| r.pk > 0 && !r.hidden)
            .map(|r| (r.pk, r.name.clone()))
            .collect();
        key.sort();
        let key: Vec<Cow<'a, str>> = key.into_iter().map(|(_, n)| n).collect();
        // A key kept in an index of its own is not the rowid (`INTEGER PRIMARY KEY DESC`).
        let key_has_index = catalog
            .indexes
            .iter()
            .any(|r| r.origin == Origin::PrimaryKey);
        let columns = catalog
            .columns
            .into_iter()
            .filter(|r| !r.hidden)
            .map(|r| {
                // An INTEGER PRIMARY KEY is the rowid: never NULL.
                let rowid = key.len() == 1
                    && !key_has_index
                    && key[0] == r.name
                    && r.declared.eq_ignore_ascii_case("INTEGER");
                ColumnJson {
                    name: r.name,
                    ty: r.declared,
                    not_null: r.not_null || rowid,
                    default_value: r.default,
                    primary_key: r.pk > 0,
                }
            })
            .collect();
        // Each index with its text and its keys (`None`: an expression).
        let mut read: Vec<ReadIndex<'a, '_>> = Vec::with_capacity(created.len());
        let mut unique_constraints: Vec<UniqueJson> = Vec::new();
        let mut unique_index: Option<Cow<str>> = None;
        for row in catalog
            .indexes
            .iter()
            .filter(|r| r.origin == Origin::Unique)
        {
            if unique_index.as_ref() != Some(&row.index) {
                unique_index = Some(row.index.clone());
                unique_constraints.push(UniqueJson {
                    columns: Vec::new(),
                });
            }
            // As the schema has it (`schema_from`): an empty name for a key that is not a column.
            let column = match &row.column {
                Some(c) if row.cid >= 0 => c.clone(),
                _ => Cow::Borrowed(""),
            };
            (unique_constraints.last_mut().expect("pushed above"))
                .columns
                .push(column);
        }
        for row in catalog
            .indexes
            .into_iter()
            .filter(|r| r.origin == Origin::Create)
        {
            if read.last().is_none_or(|(i, ..)| i.name != row.index) {
                let sql = created
                    .iter()
                    .find(|(n, _)| *n == row.index)
                    .map_or("", |(_, sql)| sql);
                read.push((
                    IndexJson {
                        name: row.index.clone(),
                        columns: Vec::new(),
                        unique: row.unique,
                        predicate: crate::create_table_text::index_predicate(sql),
                        expressions: Vec::new(),
                    },
                    sql,
                    Vec::new(),
                ));
            }
            let key = match row.column {
                Some(c) if row.cid >= 0 => Some(c),
                _ => None,
            };
            read.last_mut().expect("pushed above").2.push(key);
        }
        let indexes: Vec<IndexJson> = read
            .into_iter()
            .map(|(mut index, sql, keys)| {
                (index.columns, index.expressions) = split_index_keys(keys, sql);
                index
            })
            .collect();
        // As `from_schema` shows them: SET DEFAULT has no form in the spec.
        let action = |a: &'static str| match a {
            "CASCADE" | "SET NULL" | "RESTRICT" => a,
            _ => "NO ACTION",
        };
        let mut foreign_keys: Vec<ForeignKeyJson> = Vec::new();
        let mut current: Option<i64> = None;
        for row in catalog.foreign_keys {
            if current != Some(row.id) {
                current = Some(row.id);
                foreign_keys.push(ForeignKeyJson {
                    columns: Vec::new(),
                    referenced_table: row.target,
                    referenced_columns: Vec::new(),
                    on_delete: action(row.on_delete),
                    on_update: action(row.on_update),
                });
            }
            let fk = foreign_keys.last_mut().expect("pushed above");
            fk.columns.push(row.from);
            fk.referenced_columns
                .push(row.to.unwrap_or(Cow::Borrowed("")));
        }
        let checks = catalog
            .texts
            .into_iter()
            .flat_map(|text| text.checks)
            .enumerate()
            .map(|(n, c)| CheckJson {
                name: c.name.unwrap_or_else(|| format!("chk_{name}_{}", n + 1)),
                expression: c.expression,
            })
            .collect();
        TablePart {
            schema: TableSchemaJson {
                table_name: Cow::Borrowed(name),
                columns,
                indexes,
                foreign_keys,
                checks,
                triggers: Vec::new(),
                views: Vec::new(),
                unique_constraints,
            },
            key,
        }
    }
}

impl<'a> IntrospectionJson<'a> {
    /// [`IntrospectionJson::from_schema`] of the schema the `sqlite_master` rows `entries` and
    /// their catalog describe, made straight from them (none of the spec model that a diff or
    /// a pull needs is built). The catalog must carry its tables' texts (see [`Catalog::texts`]).
    pub fn from_catalog(entries: &[MasterEntry<'a>], catalog: Catalog<'a>) -> Self {
        let tables: Vec<&str> = entries
            .iter()
            .filter(|e| is_user_table(e))
            .map(|e| e.name)
            .collect();
        let mut each: Vec<Catalog> = vec![Catalog::default(); tables.len()];
        for row in catalog.columns {
            each[row.table].columns.push(row);
        }
        for row in catalog.indexes {
            each[row.table].indexes.push(row);
        }
        for row in catalog.foreign_keys {
            each[row.table].foreign_keys.push(row);
        }
        for (table, text) in each.iter_mut().zip(catalog.texts) {
            table.texts.push(text);
        }
        let names = TableNames::of(entries);
        let mut created: Vec<Vec<(&str, &str)>> = vec![Vec::new(); tables.len()];
        for e in entries.iter().filter(|e| e.kind == "index") {
            if let (Some(t), Some(sql)) = (names.position(e.tbl_name), e.sql) {
                created[t].push((e.name, sql));
            }
        }
        let parts = each
            .into_iter()
            .enumerate()
            .map(|(t, c)| TablePart::of(tables[t], c, &created[t]))
            .collect();
        Self::from_parts(entries, parts)
    }

    /// [`IntrospectionJson::from_catalog`] of the catalog read from the stored texts
    /// ([`crate::catalog_text`]), each table's part made on the thread that read it; `None` when
    /// the texts are not all in the forms read there.
    pub fn from_texts(entries: &[MasterEntry<'a>]) -> Option<Self> {
        let tables: Vec<&str> = entries
            .iter()
            .filter(|e| is_user_table(e))
            .map(|e| e.name)
            .collect();
        let parts = crate::catalog_text::each_table(entries, |t, catalog, created| {
            TablePart::of(tables[t], catalog, created)
        })?;
        Some(Self::from_parts(entries, parts))
    }

    /// The answer from each table's part: implicit foreign-key columns, triggers and views
    /// filled in from the other tables.
    fn from_parts(entries: &[MasterEntry<'a>], parts: Vec<TablePart<'a>>) -> Self {
        let names = TableNames::of(entries);
        let keys: Vec<&[Cow<'a, str>]> = parts.iter().map(|p| &p.key[..]).collect();
        let mut implicit: Vec<(usize, usize, Vec<Cow<'a, str>>)> = Vec::new();
        for (t, part) in parts.iter().enumerate() {
            for (f, fk) in part.schema.foreign_keys.iter().enumerate() {
                if fk.referenced_columns.iter().any(|c| c.is_empty()) {
                    // `REFERENCES parent` without columns: the parent's primary key.
                    if let Some(p) = names.position(&fk.referenced_table) {
                        implicit.push((t, f, keys[p].to_vec()));
                    }
                }
            }
        }
        let mut table_schemas: Vec<TableSchemaJson> = parts.into_iter().map(|p| p.schema).collect();
        for (t, f, key) in implicit {
            table_schemas[t].foreign_keys[f].referenced_columns = key;
        }
        for e in entries
            .iter()
            .filter(|e| e.sql.is_some() && !is_internal(e.name))
        {
            match e.kind {
                "trigger" => {
                    if let Some(t) = names.position(e.tbl_name) {
                        table_schemas[t].triggers.push(Cow::Borrowed(e.name));
                    }
                }
                "view" => {
                    let lower = e.sql.unwrap_or_default().to_ascii_lowercase();
                    for t in &mut table_schemas {
                        if mentions(&lower, &t.table_name.to_ascii_lowercase()) {
                            t.views.push(Cow::Borrowed(e.name));
                        }
                    }
                }
                _ => {}
            }
        }
        IntrospectionJson {
            existing_tables: table_schemas.iter().map(|t| t.table_name.clone()).collect(),
            table_schemas,
        }
    }

    /// The JSON view of a schema. Defaults are shown as SQLite stores them.
    pub fn from_schema(schema: &'a ExistingSchema) -> Self {
        let table_schemas = schema
            .tables
            .iter()
            .map(|t| TableSchemaJson {
                table_name: Cow::Borrowed(&t.table.name),
                columns: t
                    .table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| ColumnJson {
                        name: Cow::Borrowed(&c.name),
                        ty: t
                            .declared_types
                            .get(i)
                            .map_or(Cow::Borrowed(""), |d| Cow::Borrowed(d)),
                        // NULL is refused by NOT NULL, and by an INTEGER PRIMARY KEY (the rowid).
                        not_null: t.raw_not_null.get(i).copied().unwrap_or(false)
                            || c.auto_increment,
                        default_value: t
                            .raw_defaults
                            .get(i)
                            .and_then(|d| d.as_deref())
                            .map(Cow::Borrowed),
                        primary_key: t.table.in_primary_key(&c.name),
                    })
                    .collect(),
                indexes: t
                    .indexes
                    .iter()
                    .map(|i| {
                        // The spec model keeps an expression key as an empty column name.
                        let keys = i
                            .index
                            .columns
                            .iter()
                            .map(|c| (!c.is_empty()).then_some(Cow::Borrowed(c.as_str())));
                        let (columns, expressions) = split_index_keys(keys, &i.sql);
                        IndexJson {
                            name: Cow::Borrowed(&i.index.name),
                            columns,
                            unique: i.index.unique,
                            predicate: i.index.predicate.clone(),
                            expressions,
                        }
                    })
                    .collect(),
                foreign_keys: t
                    .table
                    .foreign_keys
                    .iter()
                    .map(|f| ForeignKeyJson {
                        columns: borrowed(&f.columns),
                        referenced_table: Cow::Borrowed(&f.referenced_table),
                        referenced_columns: borrowed(&f.referenced_columns),
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
                triggers: t
                    .triggers
                    .iter()
                    .map(|(n, _)| Cow::Borrowed(n.as_str()))
                    .collect(),
                views: borrowed(&t.views),
                unique_constraints: (t.unique_sets.iter())
                    .map(|columns| UniqueJson {
                        columns: borrowed(columns),
                    })
                    .collect(),
            })
            .collect();
        IntrospectionJson {
            existing_tables: schema
                .tables
                .iter()
                .map(|t| Cow::Borrowed(t.table.name.as_str()))
                .collect(),
            table_schemas,
        }
    }
}

/// The catalog of the database `conn` reads, from its stored texts ([`crate::catalog_text`]:
/// `None` when they are outside the forms read there) and from SQLite's PRAGMAs, for the tests
/// and the fuzzer to compare (not part of the API). Panics when the answers made from the text
/// catalog disagree with each other or with the one made from the schema, or when its CHECKs and
/// names differ from what `create_table_text::scan` finds.
#[doc(hidden)]
pub fn catalogs_both_ways(conn: &Connection) -> (Option<Catalog<'static>>, Catalog<'static>) {
    let master = master_rows_by_query(conn).expect("sqlite_master is readable");
    let (entries, _) = without_shadow_tables(master.iter().map(entry).collect());
    let mut fast = crate::catalog_text::catalog(&entries);
    if let Some(fast) = &mut fast {
        // introspectDatabase's answer made straight from the catalog is the one made from the
        // schema, table by table or all at once.
        let direct =
            serde_json::to_string(&IntrospectionJson::from_catalog(&entries, fast.clone()));
        let schema = schema_from(&entries, fast.clone());
        let via_schema = serde_json::to_string(&IntrospectionJson::from_schema(&schema));
        let per_table = IntrospectionJson::from_texts(&entries).expect("read as above");
        assert_eq!(
            serde_json::to_string(&per_table).unwrap(),
            via_schema.as_deref().unwrap()
        );
        assert_eq!(direct.unwrap(), via_schema.unwrap());
        // The CHECKs and names read with the catalog are what a scan of each text finds.
        let scans: Vec<_> = entries
            .iter()
            .filter(|e| is_user_table(e))
            .map(|e| crate::create_table_text::scan(e.sql.unwrap_or_default()))
            .collect();
        assert_eq!(std::mem::take(&mut fast.texts), scans);
    }
    let names = TableNames::of(&entries);
    let tables = names.len();
    let table = move |name: &str| names.position(name);
    let slow = catalog_via_pragmas(conn, None, &table, tables).expect("the PRAGMAs are readable");
    (fast.map(Catalog::into_owned), slow)
}

#[cfg(test)]
mod statement_tests {
    use super::as_statement;

    #[test]
    fn a_stored_text_ending_in_a_comment_still_ends_its_statement() {
        assert_eq!(
            as_statement("CREATE INDEX i ON t(x)"),
            "CREATE INDEX i ON t(x);"
        );
        assert_eq!(
            as_statement("CREATE INDEX i ON t(x) WHERE x > 0 -- live"),
            "CREATE INDEX i ON t(x) WHERE x > 0 -- live\n;"
        );
        assert_eq!(
            as_statement("CREATE INDEX i ON t(x) /* open"),
            "CREATE INDEX i ON t(x) /* open */;"
        );
        // Comment marks inside quotes, and closed comments, are not open at the end.
        assert_eq!(
            as_statement("CREATE VIEW v AS SELECT '--' AS a, \"/*\" FROM t /* c */"),
            "CREATE VIEW v AS SELECT '--' AS a, \"/*\" FROM t /* c */;"
        );
        assert_eq!(
            as_statement("CREATE INDEX i ON t(x) -- c\nWHERE x > 0"),
            "CREATE INDEX i ON t(x) -- c\nWHERE x > 0;"
        );
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
            let conn = crate::sqlite_memory::open(&path).unwrap();
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

    /// A database whose path has characters past ASCII, or ones a URI gives a meaning to, in
    /// its folder and file names is read (a path with `ü` was opened as another file).
    #[test]
    fn a_path_with_any_characters_is_read() {
        assert_eq!(
            file_uri(Path::new("/tmp/ü #?%1/日本.db")),
            "file:/tmp/%C3%BC %23%3F%251/%E6%97%A5%E6%9C%AC.db"
        );
        let dir = std::env::temp_dir().join(format!("mg-dïr #%? {}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["ü.db", "日本.db", "a%20b.db"] {
            let path = dir.join(name);
            let _ = std::fs::remove_file(&path);
            crate::sqlite_memory::open(&path)
                .unwrap()
                .execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)")
                .unwrap();
            let schema =
                introspect(path.to_str().unwrap()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(schema.tables.len(), 1, "{name}");
            assert_eq!(schema.tables[0].table.columns.len(), 2, "{name}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The catalog of an in-memory database built by `script`: read from the stored texts
    /// (`None` when they are outside the forms read there) and from SQLite's PRAGMAs.
    fn catalogs(script: &str) -> (Option<Catalog<'static>>, Catalog<'static>) {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(script)
            .unwrap_or_else(|e| panic!("{e}\n{script}"));
        catalogs_both_ways(&conn)
    }

    /// Texts in the forms the catalog reader takes: it must give exactly what the PRAGMAs give.
    #[test]
    fn stored_texts_read_as_the_pragmas_report_them() {
        let cases = [
            // Quoting of every kind, declared types as written, standard types in capitals.
            "CREATE TABLE \"we\"\"ird\" (\"i d\" integer PRIMARY KEY, [b r] Varchar ( 20 ), `c``x` text(5) NOT NULL, 'd' DOUBLE   PRECISION, e, f int, g UNSIGNED BIG INT, h decimal(10, -2), i Any, j blob DEFAULT x'0F', k REAL DEFAULT 1.5e-3)",
            // Defaults in every form SQLite keeps.
            "CREATE TABLE d (a DEFAULT 1, b DEFAULT -1, c DEFAULT +1, d DEFAULT ( 1 + 2 ) , e DEFAULT 'x''y', f DEFAULT CURRENT_TIMESTAMP, g DEFAULT abc, i DEFAULT NULL, j DEFAULT - 5, k DEFAULT TRUE, l DEFAULT \"dq\", m DEFAULT -0x10, n DEFAULT (datetime('now')), o DEFAULT (/* c */ lower('A') ), p DEFAULT [br], q DEFAULT .5, r DEFAULT 1_000)",
            // Keys: column and table level, composite, dedup of equal constraints, UNIQUE on the rowid.
            "CREATE TABLE k1 (id INTEGER PRIMARY KEY UNIQUE, a TEXT UNIQUE, b TEXT, UNIQUE (a), UNIQUE (b, a), UNIQUE (a, b), CONSTRAINT u2 UNIQUE (b, a))",
            "CREATE TABLE k2 (a TEXT, b INT, PRIMARY KEY (b, a), UNIQUE (b, a) UNIQUE (a))",
            "CREATE TABLE k3 (a TEXT UNIQUE PRIMARY KEY, b TEXT)",
            "CREATE TABLE k4 (id INTEGER PRIMARY KEY DESC, x)",
            "CREATE TABLE k5 (id INTEGER, x, PRIMARY KEY (id DESC))",
            "CREATE TABLE k6 (id INT PRIMARY KEY, x)",
            "CREATE TABLE k7 (id integer primary key autoincrement, x)",
            "CREATE TABLE k8 (id INTEGER NOT NULL, PRIMARY KEY (id AUTOINCREMENT))",
            "CREATE TABLE k9 (a, b, c, PRIMARY KEY (c, a))",
            // Foreign keys: column and table level, implicit columns, actions, ids counted from the last.
            "CREATE TABLE p (id INTEGER PRIMARY KEY, a, b, UNIQUE (a, b))",
            "CREATE TABLE f (id INTEGER PRIMARY KEY, p1 REFERENCES p ON DELETE CASCADE, p2 INT CONSTRAINT fk REFERENCES p(id) ON UPDATE SET NULL ON DELETE SET DEFAULT MATCH FULL NOT DEFERRABLE INITIALLY IMMEDIATE NOT NULL, a, b, FOREIGN KEY (A, b) REFERENCES \"P\" (a, b) ON INSERT CASCADE ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED, CONSTRAINT x FOREIGN KEY (b) REFERENCES p ON UPDATE NO ACTION)",
            // Checks, comments and spacing anywhere.
            "CREATE TABLE c ( -- comment, with (parens\n a INT CHECK (a > 0) /* CHECK ( */ NOT NULL, b TEXT CONSTRAINT nn NOT NULL CHECK (b <> ')'), CHECK (a < 10), CONSTRAINT ck CHECK (length(b) > 0) )",
            // Indexes: plain, unique, partial, mixed case, on the rowid column, names as strings.
            "CREATE TABLE i (id INTEGER PRIMARY KEY, Name TEXT, n INT);
             CREATE INDEX ix_name ON i (NAME DESC, n);
             CREATE UNIQUE INDEX IF NOT EXISTS \"ux n\" ON \"i\" ('n') WHERE n > 0;
             CREATE INDEX ix_id ON i (id);
             CREATE INDEX [ix b] ON i(n ASC, Name)",
            // Views and triggers do not disturb the tables' order.
            "CREATE TABLE a (x); CREATE VIEW v AS SELECT x FROM a; CREATE TABLE b (y REFERENCES a(x)); CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END; CREATE INDEX ib ON b (y)",
            // Names that are keywords where SQLite lets them be, and non-ASCII names.
            "CREATE TABLE \"table\" (key TEXT, action INT, \"order\" INT, é TEXT DEFAULT 'ü', 名前 TEXT UNIQUE)",
            "CREATE TABLE IF NOT EXISTS later (x)",
            // DEFERRABLE ends a type (found by the fuzzer: it had been read as part of it).
            "CREATE TABLE q (id INTEGER PRIMARY KEY, a REFERENCERICT DEFERRABLE INITIALLY DEFERRED, b INT NOT DEFERRABLE, c KEY DEFERRABLE)",
        ];
        for sql in cases {
            let (fast, slow) = catalogs(sql);
            let fast = fast.unwrap_or_else(|| panic!("not read from the texts: {sql}"));
            assert_eq!(fast, slow, "{sql}");
        }
        let (fast, slow) = catalogs(&cases.join(";\n"));
        assert_eq!(fast, Some(slow), "all together");
    }

    /// An index on expressions: `columns` holds only its column keys, `expressions` the text of
    /// the others (an expression key had been shown as the column `""`), the same from the text
    /// catalog, the PRAGMAs and the schema.
    #[test]
    fn expression_keys_are_not_columns() {
        let script = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INT);
             CREATE INDEX i_lower ON t (lower(name));
             CREATE UNIQUE INDEX i_mixed ON t (n DESC, (n + 1) ASC, substr(name, 1, 2) COLLATE NOCASE) WHERE n > 0;
             CREATE INDEX i_plain ON t (name, n)";
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(script).unwrap();
        catalogs_both_ways(&conn);
        let schema = read_schema(&conn).unwrap();
        let json = serde_json::to_value(IntrospectionJson::from_schema(&schema)).unwrap();
        assert_eq!(
            json["tableSchemas"][0]["indexes"],
            serde_json::json!([
                { "name": "i_lower", "columns": [], "unique": false, "expressions": ["lower(name)"] },
                { "name": "i_mixed", "columns": ["n"], "unique": true, "where": "n > 0",
                  "expressions": ["(n + 1)", "substr(name, 1, 2) COLLATE NOCASE"] },
                { "name": "i_plain", "columns": ["name", "n"], "unique": false },
            ])
        );
    }

    /// A table's UNIQUE constraints, inline and table-level, are listed in `uniqueConstraints`
    /// (they were nowhere in introspectDatabase's answer, though a pull reads them); an
    /// explicit unique index stays in `indexes` alone. The same from the text catalog, the
    /// PRAGMAs and the schema, and through the compact transfer.
    #[test]
    fn unique_constraints_are_listed() {
        let script = "CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT UNIQUE, a INT, b INT, c INT, UNIQUE (a, b));
             CREATE UNIQUE INDEX i_c ON t (c);
             CREATE TABLE plain (id INTEGER PRIMARY KEY, x TEXT)";
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(script).unwrap();
        catalogs_both_ways(&conn);
        let schema = read_schema(&conn).unwrap();
        let json = serde_json::to_value(IntrospectionJson::from_schema(&schema)).unwrap();
        let mut unique: Vec<serde_json::Value> = json["tableSchemas"][0]["uniqueConstraints"]
            .as_array()
            .unwrap()
            .clone();
        unique.sort_by_key(|u| u.to_string());
        assert_eq!(
            unique,
            [
                serde_json::json!({ "columns": ["a", "b"] }),
                serde_json::json!({ "columns": ["email"] }),
            ]
        );
        assert_eq!(
            json["tableSchemas"][0]["indexes"],
            serde_json::json!([{ "name": "i_c", "columns": ["c"], "unique": true }])
        );
        assert_eq!(
            json["tableSchemas"][1]["uniqueConstraints"],
            serde_json::json!([])
        );
    }

    /// Forms the catalog reader leaves to SQLite; the schema read is SQLite's either way.
    #[test]
    fn other_forms_are_left_to_sqlite() {
        for sql in [
            "CREATE TABLE t (a TEXT COLLATE NOCASE)",
            "CREATE TABLE t (a TEXT UNIQUE ON CONFLICT REPLACE, b UNIQUE)",
            "CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID",
            "CREATE TABLE t (a INT) STRICT",
            "CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a + 1))",
            "CREATE TABLE t (a INT, b AS (a * 2) STORED)",
            "CREATE TABLE t (a \"my type\")",
            "CREATE TABLE t (a INT); CREATE INDEX e ON t (a + 1)",
            "CREATE TABLE t (a TEXT); CREATE INDEX e ON t (a COLLATE NOCASE)",
            "CREATE TABLE t (a INT NOT NULL ON CONFLICT IGNORE)",
            "CREATE TABLE t (a INT, b INT, UNIQUE (a, a))",
        ] {
            let (fast, slow) = catalogs(sql);
            assert_eq!(fast, None, "{sql}: {slow:?}");
        }
        // A schema that is read from its texts reads the same as through SQLite's PRAGMAs:
        // `CREATE TABLE … AS SELECT` stores a plain CREATE TABLE that the reader does take.
        let (fast, slow) = catalogs("CREATE TABLE s AS SELECT 1 AS x, 'a' AS y");
        assert_eq!(fast.unwrap_or_else(|| slow.clone()), slow);
    }

    /// Every fixture spec's SQLite migration, as the generator writes it, is read from its
    /// texts, exactly as SQLite's PRAGMAs report it.
    #[test]
    fn generated_schemas_read_as_the_pragmas_report_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("__test__/fixtures");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let fixture: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let mut spec = fixture["spec"].clone();
            spec["databaseType"] = "sqlite".into();
            if let Some(o) = spec.as_object_mut() {
                o.remove("existingDbPath");
            }
            let r = crate::generate_str(&spec.to_string());
            if !r.validation.valid {
                continue;
            }
            let (fast, slow) = catalogs(&r.up_migration);
            let name = path.display();
            let fast = fast.unwrap_or_else(|| panic!("{name}: not read from the texts"));
            assert_eq!(fast, slow, "{name}");
            read += 1;
        }
        assert!(
            read >= 30,
            "only {read} fixtures generated a valid migration"
        );
    }

    /// Random tables made of the pieces the reader takes, in random orders, spacing and
    /// quoting: whatever SQLite accepts and the reader takes reads as the PRAGMAs report it.
    #[test]
    fn random_tables_read_as_the_pragmas_report_them() {
        let mut rng = crate::test_rng::Rng(0x9e37_79b9_7f4a_7c15);
        let types = [
            "",
            "INTEGER",
            "integer",
            "Int",
            "TEXT",
            "text",
            "REAL",
            "BLOB",
            "any",
            "NUMERIC",
            "VARCHAR(255)",
            "varchar ( 10 )",
            "DECIMAL(10,2)",
            "decimal( 8 , +2 )",
            "BOOLEAN",
            "DATETIME",
            "UNSIGNED BIG INT",
            "DOUBLE PRECISION",
            "CHARACTER VARYING(3)",
            "KEY",
        ];
        let defaults = [
            "0",
            "-1",
            "+ 2",
            "1.5",
            "'a'",
            "'it''s'",
            "NULL",
            "TRUE",
            "CURRENT_DATE",
            "(datetime('now'))",
            "( 'x' || 'y' )",
            "x'00'",
            "-1e5",
            "abc",
            "\"q\"",
        ];
        let actions = [
            "CASCADE",
            "SET NULL",
            "SET DEFAULT",
            "RESTRICT",
            "NO ACTION",
        ];
        let space = [" ", "  ", "\n\t", " /* c */ ", " -- x\n"];
        let quote = |rng: &mut crate::test_rng::Rng, name: &str| match rng.below(5) {
            0 => format!("\"{name}\""),
            1 => format!("[{name}]"),
            2 => format!("`{name}`"),
            3 => name.to_ascii_uppercase(),
            _ => name.to_string(),
        };
        let mut taken = 0;
        let mut tried = 0;
        let (mut named_uniques, mut named_checks) = (0, 0);
        for db in 0..60 {
            // Statements, which may hold line breaks.
            let mut script: Vec<String> = Vec::new();
            let mut names: Vec<(String, usize)> = Vec::new();
            for t in 0..8 {
                let table = format!("t{db}_{t}");
                let ncols = 1 + rng.below(7);
                let mut items: Vec<String> = Vec::new();
                let mut has_pk = false;
                for c in 0..ncols {
                    let mut item = format!(
                        "{}{}{}",
                        quote(&mut rng, &format!("c{c}")),
                        rng.pick(&space),
                        rng.pick(&types)
                    );
                    for _ in 0..rng.below(4) {
                        let s = rng.pick(&space);
                        match rng.below(11) {
                            0 if !has_pk => {
                                has_pk = true;
                                item += &format!(
                                    "{s}PRIMARY KEY{}",
                                    rng.pick(&["", " ASC", " DESC", " AUTOINCREMENT"])
                                );
                            }
                            1 => item += &format!("{s}NOT NULL"),
                            2 => item += &format!("{s}UNIQUE"),
                            3 => item += &format!("{s}DEFAULT {}", rng.pick(&defaults)),
                            4 => item += &format!("{s}CHECK (c{c} IS NOT NULL)"),
                            5 if !names.is_empty() => {
                                let (p, pc) = &names[rng.below(names.len())];
                                let cols = if rng.below(2) == 0 {
                                    String::new()
                                } else {
                                    format!("(c{})", rng.below(*pc))
                                };
                                item += &format!(
                                    "{s}REFERENCES {p}{cols} ON DELETE {}",
                                    rng.pick(&actions)
                                );
                            }
                            6 => item += &format!("{s}CONSTRAINT n{c} NULL"),
                            7 => {
                                let n = quote(&mut rng, &format!("u{c}"));
                                item += &format!("{s}CONSTRAINT {n} UNIQUE")
                            }
                            8 => item += &format!("{s}CONSTRAINT 'k{c}' CHECK ( c{c} <> 'x' )"),
                            _ => {}
                        }
                    }
                    items.push(item);
                }
                for _ in 0..rng.below(4) {
                    let a = rng.below(ncols);
                    let b = rng.below(ncols);
                    match rng.below(6) {
                        4 if a != b => {
                            let n = quote(&mut rng, &format!("tu{a}"));
                            items.push(format!("CONSTRAINT {n} UNIQUE (c{a}, [C{b}] DESC)"))
                        }
                        5 => items.push(format!(
                            "CONSTRAINT ck{a} CHECK (c{a} IS NOT NULL) CHECK (1)"
                        )),
                        0 if !has_pk => {
                            has_pk = true;
                            items.push(format!("PRIMARY KEY (c{a})"));
                        }
                        1 if a != b => items.push(format!("UNIQUE (c{a}, C{b})")),
                        2 if !names.is_empty() => {
                            let (p, pc) = &names[rng.below(names.len())];
                            items.push(format!(
                                "FOREIGN KEY (c{a}) REFERENCES {p} (c{}) ON UPDATE {}",
                                rng.below(*pc),
                                rng.pick(&actions)
                            ));
                        }
                        _ => items.push(format!("CHECK (c{a} <> 'x)')")),
                    }
                }
                script.push(format!("CREATE TABLE {table} ({})", items.join(",")));
                for i in 0..rng.below(3) {
                    let unique = if rng.below(2) == 0 { "UNIQUE " } else { "" };
                    let a = rng.below(ncols);
                    script.push(format!(
                        "CREATE {unique}INDEX ix_{table}_{i} ON {table} (C{a}{})",
                        rng.pick(&["", " DESC", ", c0"])
                    ));
                }
                names.push((table, ncols));
            }
            let conn = crate::sqlite_memory::open_in_memory().unwrap();
            // Statements SQLite refuses (e.g. AUTOINCREMENT on a column that is not the
            // rowid) are left out one by one.
            let accepted: Vec<&String> = script
                .iter()
                .filter(|stmt| conn.execute_batch(stmt).is_ok())
                .collect();
            for stmt in accepted.iter().filter(|l| l.starts_with("CREATE TABLE")) {
                let text = crate::create_table_text::scan(stmt);
                named_uniques += text.named_uniques.len();
                named_checks += text.checks.iter().filter(|c| c.name.is_some()).count();
            }
            let accepted = accepted
                .iter()
                .map(|stmt| format!("{stmt};\n"))
                .collect::<String>();
            let (fast, slow) = catalogs(&accepted);
            tried += 1;
            if let Some(fast) = fast {
                assert_eq!(fast, slow, "{accepted}");
                taken += 1;
            }
        }
        assert!(
            taken == tried,
            "only {taken} of {tried} random databases were read from their texts"
        );
        // Named constraints (whose names the catalog reader reads as the scan does) were made.
        assert!(
            named_uniques > 100 && named_checks > 40,
            "{named_uniques} {named_checks}"
        );
    }

    /// Damaged copies of a database (bytes changed in its first pages, where `sqlite_master`
    /// and its texts are) are read, refused as unreadable, or fall back to SQLite's own reading;
    /// nothing on the way panics (which `introspect_json` would turn into INTERNAL_ERROR) and the
    /// answer and the pull agree on whether the file could be read.
    #[test]
    fn damaged_databases_never_panic() {
        let dir = std::env::temp_dir().join(format!("mg-damaged-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let original = dir.join("original.db");
        {
            let conn = crate::sqlite_memory::open(&original).unwrap();
            conn.execute_batch(
                "PRAGMA page_size = 512;
                 CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n DECIMAL(10, 2) DEFAULT 0 CHECK (n >= 0));
                 CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INT REFERENCES p ON DELETE CASCADE, note \"my text\", é TEXT DEFAULT 'ü', CONSTRAINT u UNIQUE (p_id, note));
                 CREATE INDEX ix ON c (p_id DESC) WHERE p_id > 0;
                 CREATE VIEW v AS SELECT * FROM c;
                 CREATE TRIGGER t AFTER INSERT ON p BEGIN SELECT 1; END;",
            )
            .unwrap();
        }
        let bytes = std::fs::read(&original).unwrap();
        let mut rng = crate::test_rng::Rng(0x9e37_79b9_7f4a_7c15);
        let mut rand = |n: usize| rng.below(n);
        let (mut read, mut refused) = (0, 0);
        for i in 0..1000 {
            let mut damaged = bytes.clone();
            for _ in 0..1 + rand(6) {
                // Past the 100-byte header (a damaged header is refused before any reading).
                let at = 100 + rand(damaged.len().min(2048) - 100);
                damaged[at] = rand(256) as u8;
            }
            let path = dir.join(format!("damaged-{i}.db"));
            std::fs::write(&path, &damaged).unwrap();
            let path = path.to_str().unwrap();
            let answer = crate::introspect_json(path);
            assert!(!answer.contains("INTERNAL_ERROR"), "{answer}");
            let pulled = crate::spec_from_database_json(path, None);
            assert!(!pulled.contains("INTERNAL_ERROR"), "{pulled}");
            if answer.starts_with("{\"ok\":true") {
                read += 1;
            } else {
                refused += 1;
            }
        }
        std::fs::remove_dir_all(&dir).ok();
        assert!(read > 0 && refused > 0, "read {read}, refused {refused}");
    }

    /// A path with a NUL names no file: said as such.
    #[test]
    fn a_path_with_a_nul_is_said_to_be_one() {
        let e = introspect("/tmp/app\0.db").unwrap_err();
        assert_eq!(e.code, Code::DbNotFound);
        assert!(
            e.message
                .starts_with("the path holds a NUL character (\\0), which no file's name can"),
            "{}",
            e.message
        );
    }

    /// A database left with a hot rollback journal (a writer stopped mid-transaction) is not
    /// read from its pages as if the journal were not there: SQLite, which needs to roll the
    /// journal back and cannot on a read-only connection, refuses it, and neither file changes.
    #[test]
    fn a_hot_journal_is_refused_and_left_alone() {
        let dir = std::env::temp_dir().join(format!("mg-hot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (live, copy) = (dir.join("live.db"), dir.join("copy.db"));
        let writer = crate::sqlite_memory::open(&live).unwrap();
        writer
            .execute_batch(
                "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1;
                 CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                 INSERT INTO t SELECT i, hex(randomblob(100)) FROM n;
                 BEGIN; CREATE TABLE u (c); UPDATE t SET b = b || 'x';",
            )
            .unwrap();
        // The files as a crash in the middle of that transaction would leave them.
        let journal = std::fs::read(format!("{}-journal", live.display())).unwrap();
        std::fs::copy(&live, &copy).unwrap();
        let copy_journal = format!("{}-journal", copy.display());
        std::fs::write(&copy_journal, &journal).unwrap();
        writer.execute_batch("ROLLBACK").unwrap();
        let before = (std::fs::read(&copy).unwrap(), journal);
        let answer = crate::introspect_json(copy.to_str().unwrap());
        let after = (
            std::fs::read(&copy).unwrap(),
            std::fs::read(&copy_journal).unwrap(),
        );
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            answer.contains("DB_UNREADABLE") && answer.contains("hot journal"),
            "{answer}"
        );
        assert!(
            before == after,
            "introspection changed the database or its journal"
        );
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
        for big in ["UNSIGNED BIG INT", "bigint unsigned", "INT8", "BIG INT"] {
            assert_eq!(
                column_type_from_declared(big).0,
                ColumnType::Bigint,
                "{big}"
            );
        }
        for small in ["SMALLINT", "smallint", "INT2"] {
            assert_eq!(
                column_type_from_declared(small).0,
                ColumnType::Int,
                "{small}"
            );
        }
        assert_eq!(column_type_from_declared("TINYINT").0, ColumnType::Tinyint);
        assert_eq!(
            column_type_from_declared("VARCHAR(20000000)"),
            (ColumnType::Text, None, None, None)
        );
        assert_eq!(
            column_type_from_declared("DECIMAL(2000, 2)"),
            (ColumnType::Decimal, None, None, None)
        );
        assert_eq!(
            column_type_from_declared("CHAR(0)"),
            (ColumnType::Text, None, None, None)
        );
        assert_eq!(
            column_type_from_declared("varchar(0)"),
            (ColumnType::Text, None, None, None)
        );
        assert_eq!(column_type_from_declared("").0, ColumnType::Blob);
        // A timestamp's digits of a second, where a spec can say them (0 to 6).
        assert_eq!(
            column_type_from_declared("datetime(3)"),
            (ColumnType::Datetime, None, Some(3), None)
        );
        assert_eq!(
            column_type_from_declared("TIMESTAMP(9)"),
            (ColumnType::Timestamp, None, Some(6), None)
        );
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
        // SQLite's double-quoted-string rule: `DEFAULT "dq"` gives new rows 'dq'.
        assert_eq!(default_from_sql("\"dq\""), DefaultValue::Str("dq".into()));
        assert_eq!(default_from_sql("\"\""), DefaultValue::Str(String::new()));
        assert_eq!(
            default_from_sql("\"say \"\"hi\"\"\""),
            DefaultValue::Str("say \"hi\"".into())
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
