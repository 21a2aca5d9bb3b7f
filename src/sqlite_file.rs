//! The rows of `sqlite_master`, read straight from the B-tree pages of a connection's main
//! database file, without SQLite loading the schema.
//!
//! Why: the first statement that touches the schema makes SQLite parse every CREATE text of
//! `sqlite_master` into its internal structures (about 64 M instructions for a 1,000-table
//! file), and that load was most of the cost of introspecting a file. Introspection parses the
//! CREATE texts itself and needs only the rows, which the pages hold as they are.
//!
//! How, and why it is safe:
//! - The pages are read through the connection's own `sqlite3_file` (`SQLITE_FCNTL_FILE_POINTER`,
//!   then its `xRead`), never by opening the file again: on POSIX, closing any descriptor of a
//!   file drops every fcntl lock the process holds on it, other SQLite connections' included.
//! - They are read inside a read transaction begun without loading the schema: `BEGIN`, then
//!   `PRAGMA schema_version` (a header cookie; that pragma does not need the schema). While the
//!   transaction is open SQLite holds its SHARED lock, so no writer can change the file. The
//!   transaction is always ended, leaving the connection in autocommit mode.
//! - In WAL mode the newest pages may be in the -wal file, so a WAL database is read only when
//!   the caller says the main file holds every page (opened `immutable=1`, no -wal file). The
//!   cookie SQLite read must also equal the one in the file's header.
//! - Anything unexpected (an encoding other than UTF-8, a page out of range or seen twice, a
//!   cell or record that does not parse, a column of the wrong type) gives `None`: the caller
//!   falls back to SQLite's own queries, which report corruption properly. Every page is read
//!   at most once, so the work and the memory are bounded by the file's size.

use std::collections::HashSet;
use std::marker::PhantomData;
use std::os::raw::{c_int, c_void};

use rusqlite::{ffi, Connection};

/// One row of `sqlite_master`, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct MasterRow {
    /// `type`: table, index, view or trigger.
    pub kind: String,
    /// `name`: the object's name.
    pub name: String,
    /// `tbl_name`: the table an index or trigger belongs to (the object's own name otherwise).
    pub tbl_name: String,
    /// `rootpage`: the root page of a table's or index's B-tree; 0 for views and triggers.
    pub rootpage: i64,
    /// `sql`: the CREATE text; `None` for the automatic indexes of UNIQUE and PRIMARY KEY.
    pub sql: Option<String>,
}

/// Reads every row of `sqlite_master`, in rowid order, from the pages of the connection's main
/// database file, without SQLite loading the schema.
///
/// `Ok(None)` when this fast path does not apply (the connection is inside a transaction, the
/// text encoding is not UTF-8, the file is in WAL mode and `wal_allowed` is false) or the file
/// looks inconsistent in any way; the caller then runs the normal queries. `wal_allowed` may be
/// true only when the file was opened `immutable=1` with no -wal file, so the main file holds
/// every page. `Err` only for an error of the statements run, such as `SQLITE_BUSY` while a
/// writer holds the lock. The connection is left in autocommit mode on every path.
pub fn read_master(
    conn: &Connection,
    wal_allowed: bool,
) -> rusqlite::Result<Option<Vec<MasterRow>>> {
    if !conn.is_autocommit() {
        return Ok(None);
    }
    conn.execute_batch("BEGIN")?;
    let read = read_in_transaction(conn, wal_allowed);
    let end = conn.execute_batch("ROLLBACK");
    let rows = read?;
    end?;
    Ok(rows)
}

/// Takes the SHARED lock (through a pragma that needs no schema), then reads the pages.
fn read_in_transaction(
    conn: &Connection,
    wal_allowed: bool,
) -> rusqlite::Result<Option<Vec<MasterRow>>> {
    let cookie: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    Ok(MainFile::of(conn).and_then(|file| read_rows(&file, cookie, wal_allowed)))
}

/// Where the pages come from: the connection's main file, or bytes in memory in the tests.
trait Pages {
    /// The size in bytes; `None` when it cannot be learnt.
    fn size(&self) -> Option<u64>;
    /// Fills `buf` from byte `offset`; `None` on any error, a short read included.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> Option<()>;
}

/// The signature of `sqlite3_io_methods.xRead`.
type ReadFn = unsafe extern "C" fn(*mut ffi::sqlite3_file, *mut c_void, c_int, i64) -> c_int;
/// The signature of `sqlite3_io_methods.xFileSize`.
type SizeFn = unsafe extern "C" fn(*mut ffi::sqlite3_file, *mut i64) -> c_int;

/// The connection's open main database file, borrowed for as long as the connection is.
struct MainFile<'c> {
    file: *mut ffi::sqlite3_file,
    read: ReadFn,
    size: SizeFn,
    _conn: PhantomData<&'c Connection>,
}

impl<'c> MainFile<'c> {
    /// The main database's `sqlite3_file`, or `None` when it has no open file (an in-memory
    /// database) or no read or size method.
    fn of(conn: &'c Connection) -> Option<Self> {
        let mut file: *mut ffi::sqlite3_file = std::ptr::null_mut();
        // SAFETY: `handle()` is the connection's live `sqlite3*`, used on this thread only
        // (`Connection` is not `Sync`); "main" is NUL-terminated; SQLITE_FCNTL_FILE_POINTER
        // writes one `sqlite3_file*` through the pointer-sized slot passed.
        let rc = unsafe {
            ffi::sqlite3_file_control(
                conn.handle(),
                c"main".as_ptr(),
                ffi::SQLITE_FCNTL_FILE_POINTER,
                (&mut file as *mut *mut ffi::sqlite3_file).cast(),
            )
        };
        if rc != ffi::SQLITE_OK || file.is_null() {
            return None;
        }
        // SAFETY: `file` is non-null and points at the pager's file object, which lives as
        // long as the connection; `pMethods` is null when the file is not open.
        let methods = unsafe { (*file).pMethods };
        if methods.is_null() {
            return None;
        }
        // SAFETY: `methods` is non-null and points at the VFS's static method table.
        let (read, size) = unsafe { ((*methods).xRead?, (*methods).xFileSize?) };
        Some(MainFile {
            file,
            read,
            size,
            _conn: PhantomData,
        })
    }
}

impl Pages for MainFile<'_> {
    fn size(&self) -> Option<u64> {
        let mut size: i64 = 0;
        // SAFETY: `file` is the connection's open main file (see `of`), borrowed with the
        // connection; `size` is a valid out-pointer.
        let rc = unsafe { (self.size)(self.file, &mut size) };
        if rc != ffi::SQLITE_OK {
            return None;
        }
        u64::try_from(size).ok()
    }

    fn read_at(&self, buf: &mut [u8], offset: u64) -> Option<()> {
        let amount = c_int::try_from(buf.len()).ok()?;
        let offset = i64::try_from(offset).ok()?;
        // SAFETY: as in `size`; `buf` is valid for writes of `amount` bytes. A short read
        // (SQLITE_IOERR_SHORT_READ, the rest zero-filled) is not SQLITE_OK, so it is `None`.
        let rc = unsafe { (self.read)(self.file, buf.as_mut_ptr().cast(), amount, offset) };
        (rc == ffi::SQLITE_OK).then_some(())
    }
}

/// The rows of `sqlite_master` from `pages`, if the header agrees with `cookie` (the schema
/// version SQLite read) and everything on the way is consistent.
fn read_rows(pages: &impl Pages, cookie: i64, wal_allowed: bool) -> Option<Vec<MasterRow>> {
    let file_size = pages.size()?;
    if file_size == 0 {
        // An empty file is an empty database to SQLite.
        return (cookie == 0).then(Vec::new);
    }
    let mut header = [0u8; 100];
    pages.read_at(&mut header, 0)?;
    let layout = Layout::from_header(&header, file_size, cookie, wal_allowed)?;
    let encoding_unset = layout.encoding_unset;
    let mut walker = Walker::new(pages, layout);
    walker.walk(1, 0)?;
    // SQLite records the encoding with the first CREATE; before that there are no rows.
    (!encoding_unset || walker.rows.is_empty()).then_some(walker.rows)
}

/// What the database header says about the pages.
struct Layout {
    page_size: usize,
    /// Page size less the reserved bytes at the end of every page.
    usable: usize,
    /// Pages in the database: the header's count when valid, else the file's.
    page_count: u32,
    /// The text encoding is 0: a database that never had a schema.
    encoding_unset: bool,
}

impl Layout {
    /// The layout, if the header is one this reader handles.
    fn from_header(h: &[u8; 100], file_size: u64, cookie: i64, wal_allowed: bool) -> Option<Self> {
        if &h[..16] != b"SQLite format 3\0" {
            return None;
        }
        let page_size = match be16(h, 16)? {
            1 => 65536,
            n => usize::from(n),
        };
        if !page_size.is_power_of_two() || page_size < 512 {
            return None;
        }
        let wal = match (h[18], h[19]) {
            (1, 1) => false,
            (1 | 2, 1 | 2) => true,
            _ => return None,
        };
        if wal && !wal_allowed {
            return None;
        }
        // The schema format number: SQLite reads 1 to 4 (0 before the first CREATE) and
        // refuses any other ("unsupported file format"), which SQLite's own reading then says
        // (a hostile-input trial: format 99 was read here, and a migration written for it).
        if be32(h, 44)? > 4 {
            return None;
        }
        let usable = page_size - usize::from(h[20]);
        let encoding = be32(h, 56)?;
        // PRAGMA schema_version reports the cookie as a signed 32-bit integer.
        let same_cookie = i64::from(be32(h, 40)? as i32) == cookie;
        if usable < 480 || encoding > 1 || !same_cookie {
            return None;
        }
        let mut pages = file_size / page_size as u64;
        let in_header = u64::from(be32(h, 28)?);
        // The header's count is valid when set by a version that also set the change
        // counter's copy at 92; a file shorter than that count was cut.
        if in_header != 0 && h[24..28] == h[92..96] {
            if in_header > pages {
                return None;
            }
            pages = in_header;
        }
        let page_count = u32::try_from(pages).unwrap_or(u32::MAX);
        (page_count > 0).then_some(Layout {
            page_size,
            usable,
            page_count,
            encoding_unset: encoding == 0,
        })
    }
}

/// Page type of a table B-tree's interior page.
const INTERIOR: u8 = 0x05;
/// Page type of a table B-tree's leaf page.
const LEAF: u8 = 0x0D;
/// Deepest B-tree accepted (SQLite itself stops at 20 levels).
const MAX_DEPTH: u32 = 64;
/// The lock-byte page holds this byte offset; SQLite stores nothing on it.
const PENDING_BYTE: u64 = 0x4000_0000;

/// The in-order traversal of `sqlite_master`'s B-tree and the rows it found.
struct Walker<'p, P: Pages> {
    pages: &'p P,
    layout: Layout,
    /// The lock-byte page's number, never a valid page to visit.
    lock_page: u64,
    /// Every page read so far: a page met twice means a cycle.
    seen: HashSet<u32>,
    /// Page buffers to reuse.
    spare: Vec<Vec<u8>>,
    /// The current cell's payload, local part and overflow.
    payload: Vec<u8>,
    last_rowid: Option<i64>,
    rows: Vec<MasterRow>,
}

impl<'p, P: Pages> Walker<'p, P> {
    fn new(pages: &'p P, layout: Layout) -> Self {
        Walker {
            pages,
            lock_page: PENDING_BYTE / layout.page_size as u64 + 1,
            layout,
            seen: HashSet::new(),
            spare: Vec::new(),
            payload: Vec::new(),
            last_rowid: None,
            rows: Vec::new(),
        }
    }

    /// Reads page `pgno` (numbered from 1) into a buffer, if it exists and was not read before.
    fn load(&mut self, pgno: u32) -> Option<Vec<u8>> {
        let in_range = pgno != 0 && pgno <= self.layout.page_count;
        if !in_range || u64::from(pgno) == self.lock_page || !self.seen.insert(pgno) {
            return None;
        }
        let size = self.layout.page_size;
        let mut buf = self.spare.pop().unwrap_or_else(|| vec![0; size]);
        self.pages
            .read_at(&mut buf, u64::from(pgno - 1) * size as u64)?;
        Some(buf)
    }

    /// Visits the subtree rooted at page `pgno`, `depth` levels below page 1.
    fn walk(&mut self, pgno: u32, depth: u32) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let page = self.load(pgno)?;
        let usable = &page[..self.layout.usable];
        // Page 1's B-tree header follows the 100-byte database header.
        let start = if pgno == 1 { 100 } else { 0 };
        let done = match *usable.get(start)? {
            LEAF => self.leaf(usable, start),
            INTERIOR => self.interior(usable, start, depth),
            _ => None,
        };
        self.spare.push(page);
        done
    }

    /// Each cell's left child in cell order, then the right-most child.
    fn interior(&mut self, page: &[u8], start: usize, depth: u32) -> Option<()> {
        let cells = CellArray::of(page, start, 12)?;
        for i in 0..cells.count {
            let cell = cells.offset(page, i)?;
            let child = be32(page, cell)?;
            // The key (a rowid) must parse, though the order is checked on the leaves.
            varint(page.get(cell + 4..)?)?;
            self.walk(child, depth + 1)?;
        }
        self.walk(be32(page, start + 8)?, depth + 1)
    }

    /// Every cell's row, in cell order.
    fn leaf(&mut self, page: &[u8], start: usize) -> Option<()> {
        let cells = CellArray::of(page, start, 8)?;
        for i in 0..cells.count {
            let row = self.leaf_cell(page, cells.offset(page, i)?)?;
            self.rows.push(row);
        }
        Some(())
    }

    /// The row of the leaf cell at `cell`: payload size, rowid, local payload, and the first
    /// overflow page when the payload does not fit.
    fn leaf_cell(&mut self, page: &[u8], cell: usize) -> Option<MasterRow> {
        let (size, a) = varint(page.get(cell..)?)?;
        let (rowid, b) = varint(page.get(cell + a..)?)?;
        let rowid = rowid as i64;
        if self.last_rowid.is_some_and(|last| rowid <= last) {
            return None;
        }
        self.last_rowid = Some(rowid);
        // No payload can be larger than the pages holding it.
        if size > u64::from(self.layout.page_count) * self.layout.usable as u64 {
            return None;
        }
        let local = local_size(size, self.layout.usable);
        let body = cell + a + b;
        self.payload.clear();
        self.payload
            .extend_from_slice(page.get(body..body + local)?);
        if (local as u64) < size {
            self.overflow(be32(page, body + local)?, size - local as u64)?;
        }
        parse_record(&self.payload)
    }

    /// Appends `remaining` bytes from the overflow chain starting at page `pgno`.
    fn overflow(&mut self, mut pgno: u32, mut remaining: u64) -> Option<()> {
        let room = (self.layout.usable - 4) as u64;
        while remaining > 0 {
            let page = self.load(pgno)?;
            let take = remaining.min(room) as usize;
            self.payload.extend_from_slice(&page[4..4 + take]);
            remaining -= take as u64;
            pgno = be32(&page, 0)?;
            self.spare.push(page);
        }
        Some(())
    }
}

/// A B-tree page's cell pointer array.
struct CellArray {
    /// Where the array starts.
    at: usize,
    count: usize,
}

impl CellArray {
    /// The array of the page whose B-tree header (`header_len` bytes) starts at `start`; it
    /// must fit in the usable area (`page`).
    fn of(page: &[u8], start: usize, header_len: usize) -> Option<Self> {
        let count = usize::from(be16(page, start + 3)?);
        let at = start + header_len;
        (at + 2 * count <= page.len()).then_some(CellArray { at, count })
    }

    /// The offset of cell `i`, which must lie after the array (the usable area's end is
    /// checked by every read of the cell).
    fn offset(&self, page: &[u8], i: usize) -> Option<usize> {
        let offset = usize::from(be16(page, self.at + 2 * i)?);
        (offset >= self.at + 2 * self.count).then_some(offset)
    }
}

/// How much of a table leaf cell's payload of `size` bytes is stored on the page itself.
fn local_size(size: u64, usable: usize) -> usize {
    let u = usable as u64;
    let max_local = u - 35;
    if size <= max_local {
        return size as usize;
    }
    let min_local = (u - 12) * 32 / 255 - 23;
    let k = min_local + (size - min_local) % (u - 4);
    (if k <= max_local { k } else { min_local }) as usize
}

/// The five columns of a `sqlite_master` record, if the record parses and each column has
/// the expected type.
fn parse_record(record: &[u8]) -> Option<MasterRow> {
    let (header_size, mut at) = varint(record)?;
    let header = record.get(..usize::try_from(header_size).ok()?)?;
    let mut types = [0u64; 5];
    for t in &mut types {
        let (serial_type, n) = varint(header.get(at..)?)?;
        *t = serial_type;
        at += n;
    }
    let mut body = Body {
        record,
        at: header.len(),
    };
    let [kind, name, tbl_name, rootpage, sql] = types;
    let kind = text(kind, body.take(kind)?)?;
    let name = text(name, body.take(name)?)?;
    let tbl_name = text(tbl_name, body.take(tbl_name)?)?;
    let rootpage = match (rootpage, body.take(rootpage)?) {
        (0, _) if kind == "view" || kind == "trigger" => 0,
        (t, bytes) => integer(t, bytes)?,
    };
    let sql = match (sql, body.take(sql)?) {
        (0, _) => None,
        (t, bytes) => Some(text(t, bytes)?),
    };
    Some(MasterRow {
        kind,
        name,
        tbl_name,
        rootpage,
        sql,
    })
}

/// The body of a record, taken one column after the other.
struct Body<'r> {
    record: &'r [u8],
    at: usize,
}

impl<'r> Body<'r> {
    /// The bytes of the next column, of serial type `serial_type`.
    fn take(&mut self, serial_type: u64) -> Option<&'r [u8]> {
        let end = self.at.checked_add(body_len(serial_type)?)?;
        let bytes = self.record.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }
}

/// The body length of a serial type; `None` for the reserved types 10 and 11.
fn body_len(serial_type: u64) -> Option<usize> {
    match serial_type {
        0 | 8 | 9 => Some(0),
        1..=4 => Some(serial_type as usize),
        5 => Some(6),
        6 | 7 => Some(8),
        10 | 11 => None,
        n => usize::try_from((n - 12) / 2).ok(),
    }
}

/// A text column's value: an odd serial type of at least 13, valid UTF-8.
fn text(serial_type: u64, bytes: &[u8]) -> Option<String> {
    let is_text = serial_type >= 13 && serial_type % 2 == 1;
    is_text.then(|| std::str::from_utf8(bytes).ok().map(str::to_owned))?
}

/// An integer column's value: serial types 1 to 6 (big-endian, two's complement), 8 and 9.
fn integer(serial_type: u64, bytes: &[u8]) -> Option<i64> {
    match serial_type {
        1..=6 => {
            let negative = bytes.first()? & 0x80 != 0;
            let init: i64 = if negative { -1 } else { 0 };
            Some(bytes.iter().fold(init, |v, &b| (v << 8) | i64::from(b)))
        }
        8 => Some(0),
        9 => Some(1),
        _ => None,
    }
}

/// A varint at the start of `bytes` and its length: 1 to 9 bytes, big-endian, 7 bits from
/// each of the first eight and 8 from a ninth.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().take(9).enumerate() {
        if i == 8 {
            return Some(((value << 8) | u64::from(b), 9));
        }
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// The big-endian u16 at `at`.
fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

/// The big-endian u32 at `at`.
fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::OpenFlags;
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    /// A directory of its own per test, removed at the end.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir =
                std::env::temp_dir().join(format!("mg-sqlite-file-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }

        fn path(&self, file: &str) -> PathBuf {
            self.0.join(file)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Pages from bytes in memory, for the corruption tests that need no connection.
    struct Bytes<'a>(&'a [u8]);

    impl Pages for Bytes<'_> {
        fn size(&self) -> Option<u64> {
            Some(self.0.len() as u64)
        }

        fn read_at(&self, buf: &mut [u8], offset: u64) -> Option<()> {
            let start = usize::try_from(offset).ok()?;
            buf.copy_from_slice(self.0.get(start..start + buf.len())?);
            Some(())
        }
    }

    /// A database at `path`: `setup` (pragmas) outside a transaction, `sql` inside one.
    fn build(path: &Path, setup: &str, sql: &str) {
        let conn = crate::sqlite_memory::open(path).unwrap();
        conn.execute_batch(setup).unwrap();
        conn.execute_batch(&format!("BEGIN; {sql} COMMIT;"))
            .unwrap();
    }

    /// A read-only connection, opened as `read_master`'s caller does (through
    /// `sqlite_memory`, which gives SQLite mimalloc when it configures SQLite first).
    fn open_ro(path: &str) -> Connection {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        crate::sqlite_memory::open_with_flags(path, flags).unwrap()
    }

    /// `sqlite_master` as SQLite reads it (which loads the schema).
    fn sqlite_rows(conn: &Connection) -> Vec<MasterRow> {
        let mut stmt = conn
            .prepare("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY rowid")
            .unwrap();
        let rows = stmt.query_map([], |r| {
            Ok(MasterRow {
                kind: r.get(0)?,
                name: r.get(1)?,
                tbl_name: r.get(2)?,
                rootpage: r.get(3)?,
                sql: r.get(4)?,
            })
        });
        rows.unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    /// `read_master` on a fresh read-only connection equals SQLite's rows on another one; the
    /// rows are returned.
    fn assert_same(path: &Path) -> Vec<MasterRow> {
        let path = path.to_str().unwrap();
        let conn = open_ro(path);
        let ours = read_master(&conn, false)
            .unwrap()
            .expect("the fast path applies");
        assert!(conn.is_autocommit());
        assert_eq!(ours, sqlite_rows(&open_ro(path)));
        ours
    }

    /// A schema with one object of every kind: tables (one WITHOUT ROWID, one with automatic
    /// indexes), indexes, a view, a trigger.
    const FEW: &str = "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT UNIQUE, x REAL);
        CREATE TABLE b (k TEXT PRIMARY KEY, a_id INT REFERENCES a(id)) WITHOUT ROWID;
        CREATE TABLE c (p INT, q INT, PRIMARY KEY (p, q), UNIQUE (q, p));
        CREATE INDEX a_x ON a (x) WHERE x > 0;
        CREATE VIEW v AS SELECT a.name, b.k FROM a JOIN b ON b.a_id = a.id;
        CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1 WHERE id = new.id; END;";

    /// `FEW`, a 600-column table and a table with a 70 KB CHECK: texts longer than any page.
    fn long_texts() -> String {
        let columns: Vec<String> = (0..600).map(|i| format!("column_{i} INTEGER")).collect();
        let values: Vec<String> = (0..7100).map(|i| format!("'v{i:05}'")).collect();
        let check = values.join(", ");
        assert!(check.len() > 70_000);
        format!(
            "{FEW} CREATE TABLE wide ({}); CREATE TABLE checked (a TEXT CHECK (a IN ({check})));",
            columns.join(", ")
        )
    }

    /// The byte at `at` of page `pgno` of a file's bytes.
    fn page_byte(bytes: &[u8], page_size: usize, pgno: usize, at: usize) -> u8 {
        bytes[(pgno - 1) * page_size + at]
    }

    #[test]
    fn empty_databases_have_no_rows() {
        let dir = Scratch::new("empty");
        let zero = dir.path("zero.db");
        drop(crate::sqlite_memory::open(&zero).unwrap());
        assert_eq!(std::fs::metadata(&zero).unwrap().len(), 0);
        assert_eq!(assert_same(&zero), vec![]);

        let one_page = dir.path("one-page.db");
        build(&one_page, "PRAGMA user_version = 7;", "");
        assert!(std::fs::metadata(&one_page).unwrap().len() > 0);
        assert_eq!(assert_same(&one_page), vec![]);
    }

    #[test]
    fn a_few_tables_read_as_sqlite_reads_them() {
        let dir = Scratch::new("few");
        let path = dir.path("few.db");
        build(&path, "", FEW);
        let rows = assert_same(&path);
        assert_eq!(rows.len(), 9, "{rows:?}");
        assert!(rows.iter().any(|r| r.sql.is_none() && r.kind == "index"));
        assert!(rows.iter().any(|r| r.kind == "view" && r.rootpage == 0));
        assert!(rows
            .iter()
            .any(|r| r.kind == "trigger" && r.tbl_name == "a"));
    }

    /// 2,000 tables with indexes, and views and triggers, on 1 KB pages: a three-level B-tree.
    #[test]
    fn a_multi_level_btree_reads_as_sqlite_reads_it() {
        let dir = Scratch::new("deep");
        let path = dir.path("deep.db");
        let mut sql = String::new();
        for i in 0..2000 {
            sql.push_str(&format!(
                "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, n INT DEFAULT 0);
                 CREATE INDEX t{i}_n ON t{i} (n, code);"
            ));
            if i % 10 == 0 {
                sql.push_str(&format!(
                    "CREATE VIEW v{i} AS SELECT code FROM t{i} WHERE n > 1;
                     CREATE TRIGGER g{i} AFTER DELETE ON t{i} BEGIN SELECT 1; END;"
                ));
            }
        }
        build(&path, "PRAGMA page_size = 1024;", &sql);
        let rows = assert_same(&path);
        assert_eq!(rows.len(), 2000 * 3 + 200 * 2);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(page_byte(&bytes, 1024, 1, 100), INTERIOR);
        let first_cell = usize::from(be16(&bytes, 112).unwrap());
        let child = be32(&bytes, first_cell).unwrap() as usize;
        assert_eq!(page_byte(&bytes, 1024, child, 0), INTERIOR, "three levels");
    }

    #[test]
    fn texts_longer_than_a_page_read_as_sqlite_reads_them() {
        let dir = Scratch::new("long");
        let path = dir.path("long.db");
        build(&path, "", &long_texts());
        let rows = assert_same(&path);
        let checked = rows.iter().find(|r| r.name == "checked").unwrap();
        assert!(checked.sql.as_ref().unwrap().len() > 70_000);
    }

    #[test]
    fn page_sizes_512_and_65536_read_as_sqlite_reads_them() {
        let dir = Scratch::new("sizes");
        for size in [512, 65536] {
            let path = dir.path(&format!("p{size}.db"));
            build(&path, &format!("PRAGMA page_size = {size};"), &long_texts());
            let bytes = std::fs::read(&path).unwrap();
            let stored = if size == 65536 { 1 } else { size };
            assert_eq!(usize::from(be16(&bytes, 16).unwrap()), stored);
            assert_eq!(assert_same(&path).len(), 11);
        }
    }

    #[test]
    fn reserved_bytes_per_page_read_as_sqlite_reads_them() {
        let dir = Scratch::new("reserved");
        let path = dir.path("reserved.db");
        {
            let conn = crate::sqlite_memory::open(&path).unwrap();
            conn.execute_batch("PRAGMA page_size = 1024;").unwrap();
            let mut reserve: c_int = 40;
            // SAFETY: the live handle; RESERVE_BYTES reads and writes one int.
            let rc = unsafe {
                ffi::sqlite3_file_control(
                    conn.handle(),
                    c"main".as_ptr(),
                    ffi::SQLITE_FCNTL_RESERVE_BYTES,
                    (&mut reserve as *mut c_int).cast(),
                )
            };
            assert_eq!(rc, ffi::SQLITE_OK);
            conn.execute_batch(&format!("BEGIN; {} COMMIT;", long_texts()))
                .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes[20], 40, "reserved bytes per page");
        assert_eq!(assert_same(&path).len(), 11);
    }

    #[test]
    fn dropped_tables_leave_free_pages_and_read_as_sqlite_reads_them() {
        let dir = Scratch::new("freelist");
        let path = dir.path("freelist.db");
        let mut sql = String::new();
        for i in 0..300 {
            sql.push_str(&format!(
                "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, body TEXT UNIQUE);"
            ));
        }
        build(&path, "PRAGMA page_size = 1024;", &sql);
        let conn = crate::sqlite_memory::open(&path).unwrap();
        let drops: String = (0..300)
            .filter(|i| i % 3 != 0)
            .map(|i| format!("DROP TABLE t{i};"))
            .collect();
        conn.execute_batch(&format!("BEGIN; {drops} COMMIT;"))
            .unwrap();
        drop(conn);
        let bytes = std::fs::read(&path).unwrap();
        assert!(be32(&bytes, 36).unwrap() > 0, "free pages");
        assert_eq!(assert_same(&path).len(), 200);
    }

    #[test]
    fn utf16_databases_are_not_read() {
        let dir = Scratch::new("utf16");
        let path = dir.path("utf16.db");
        build(&path, "PRAGMA encoding = 'UTF-16le';", FEW);
        let conn = open_ro(path.to_str().unwrap());
        assert_eq!(read_master(&conn, false).unwrap(), None);
        assert!(conn.is_autocommit());
    }

    /// A corrupted CREATE text makes SQLite's schema load fail; read_master still reads it,
    /// so it did not load the schema; and the connection is left in autocommit mode, where
    /// the next statement loads the schema and reports the corruption.
    #[test]
    fn the_schema_is_not_loaded() {
        let dir = Scratch::new("no-load");
        let path = dir.path("broken.db");
        build(&path, "", "CREATE TABLE x (a INT); CREATE TABLE y (b INT);");
        {
            let conn = crate::sqlite_memory::open(&path).unwrap();
            conn.execute_batch(
                "PRAGMA writable_schema = ON;
                 UPDATE sqlite_master SET sql = 'CREATE TABLE broken (' WHERE name = 'x';",
            )
            .unwrap();
        }
        let conn = open_ro(path.to_str().unwrap());
        let rows = read_master(&conn, false)
            .unwrap()
            .expect("read without the schema");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].sql.as_deref(), Some("CREATE TABLE broken ("));
        assert!(conn.is_autocommit());
        let err = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_err();
        assert!(
            err.to_string().contains("malformed database schema"),
            "{err}"
        );
    }

    /// The memory SQLite holds for a connection's schema, in bytes.
    fn schema_memory(conn: &Connection) -> c_int {
        let (mut current, mut high) = (0, 0);
        // SAFETY: the live handle and two valid out-pointers.
        let rc = unsafe {
            ffi::sqlite3_db_status(
                conn.handle(),
                ffi::SQLITE_DBSTATUS_SCHEMA_USED,
                &mut current,
                &mut high,
                0,
            )
        };
        assert_eq!(rc, ffi::SQLITE_OK);
        current
    }

    /// The same from SQLite's own accounting: the schema memory stays as on a fresh connection
    /// through `read_master`, and grows by the schema's size once a query loads it.
    #[test]
    fn the_schema_memory_stays_empty() {
        let dir = Scratch::new("schema-memory");
        let path = dir.path("many.db");
        let sql: String = (0..200)
            .map(|i| format!("CREATE TABLE t{i} (a INT, b TEXT); CREATE INDEX i{i} ON t{i} (b);"))
            .collect();
        build(&path, "", &sql);
        let conn = open_ro(path.to_str().unwrap());
        let fresh = schema_memory(&conn);
        assert_eq!(read_master(&conn, false).unwrap().unwrap().len(), 400);
        let after_read = schema_memory(&conn);
        sqlite_rows(&conn);
        let loaded = schema_memory(&conn);
        eprintln!("schema memory: fresh {fresh}, after read_master {after_read}, loaded {loaded}");
        assert_eq!(after_read, fresh);
        assert!(loaded > fresh + 50_000, "{loaded}");
    }

    #[test]
    fn a_connection_inside_a_transaction_is_left_alone() {
        let dir = Scratch::new("in-transaction");
        let path = dir.path("few.db");
        build(&path, "", FEW);
        let conn = open_ro(path.to_str().unwrap());
        conn.execute_batch("BEGIN").unwrap();
        assert_eq!(read_master(&conn, false).unwrap(), None);
        assert!(!conn.is_autocommit());
    }

    #[test]
    fn an_in_memory_database_is_not_read() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(FEW).unwrap();
        assert_eq!(read_master(&conn, false).unwrap(), None);
        assert!(conn.is_autocommit());
    }

    #[test]
    fn wal_mode_is_read_only_when_allowed() {
        let dir = Scratch::new("wal");
        let path = dir.path("wal.db");
        let writer = crate::sqlite_memory::open(&path).unwrap();
        writer
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .unwrap();
        writer
            .execute_batch(&format!("BEGIN; {FEW} COMMIT;"))
            .unwrap();
        let text = path.to_str().unwrap();
        let conn = open_ro(text);
        assert_eq!(read_master(&conn, false).unwrap(), None);
        assert!(conn.is_autocommit());
        assert_eq!(sqlite_rows(&conn).len(), 9);
        drop(conn);
        drop(writer);
        assert!(!Path::new(&format!("{text}-wal")).exists(), "checkpointed");
        let uri = format!("file:{text}?mode=ro&immutable=1");
        let rows = read_master(&open_ro(&uri), true).unwrap().unwrap();
        assert_eq!(rows, sqlite_rows(&open_ro(&uri)));
        assert_eq!(rows.len(), 9);
        assert_eq!(read_master(&open_ro(&uri), false).unwrap(), None);
    }

    #[test]
    fn a_writers_lock_is_an_error() {
        let dir = Scratch::new("lock");
        let path = dir.path("locked.db");
        build(&path, "", FEW);
        let writer = crate::sqlite_memory::open(&path).unwrap();
        writer.execute_batch("BEGIN EXCLUSIVE").unwrap();
        let conn = open_ro(path.to_str().unwrap());
        conn.busy_timeout(Duration::from_millis(50)).unwrap();
        let err = read_master(&conn, false).unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy)
        );
        assert!(conn.is_autocommit());
        writer.execute_batch("COMMIT").unwrap();
        assert_eq!(read_master(&conn, false).unwrap().unwrap().len(), 9);
    }

    /// A database over many 512-byte pages: a two-level B-tree and overflow chains.
    fn fuzz_base(dir: &Scratch) -> Vec<u8> {
        let path = dir.path("base.db");
        let mut sql = String::from(FEW);
        for i in 0..120 {
            sql.push_str(&format!(
                "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, code TEXT UNIQUE, note TEXT DEFAULT '{}');
                 CREATE INDEX t{i}_code ON t{i} (code, note);",
                "n".repeat(i * 7)
            ));
        }
        build(&path, "PRAGMA page_size = 512;", &sql);
        assert_same(&path);
        std::fs::read(&path).unwrap()
    }

    /// The schema cookie of a file's header, as PRAGMA schema_version reports it.
    fn cookie_of(bytes: &[u8]) -> i64 {
        i64::from(be32(bytes, 40).unwrap() as i32)
    }

    /// xorshift64*: deterministic, seeded, no crate.
    struct Prng(u64);

    impl Prng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// A copy of `base` damaged one of several ways: random bytes anywhere, random bytes in
    /// one page's first 16 bytes (B-tree headers, cell pointers, overflow links), a 4-byte
    /// page number, or the file cut short.
    fn damage(base: &[u8], rng: &mut Prng) -> Vec<u8> {
        let mut bytes = base.to_vec();
        let pages = bytes.len() / 512;
        match rng.below(4) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(bytes.len());
                    bytes[at] = rng.next() as u8;
                }
            }
            1 => {
                let page = rng.below(pages) * 512 + if rng.below(4) == 0 { 100 } else { 0 };
                for _ in 0..1 + rng.below(3) {
                    let at = page + rng.below(16);
                    bytes[at] = rng.next() as u8;
                }
            }
            2 => {
                let at = rng.below(bytes.len() - 4);
                let pgno = [0, 1, rng.below(pages + 2) as u32, rng.next() as u32][rng.below(4)];
                bytes[at..at + 4].copy_from_slice(&pgno.to_be_bytes());
            }
            _ => bytes.truncate(rng.below(bytes.len())),
        }
        bytes
    }

    #[test]
    fn damaged_bytes_never_panic() {
        let dir = Scratch::new("fuzz-memory");
        let base = fuzz_base(&dir);
        let cookie = cookie_of(&base);
        let clean = read_rows(&Bytes(&base), cookie, false).unwrap();
        let mut rng = Prng(0x5EED_0001);
        let (mut some, mut none) = (0, 0);
        for _ in 0..5000 {
            let bytes = damage(&base, &mut rng);
            let started = Instant::now();
            match read_rows(&Bytes(&bytes), cookie, rng.below(2) == 0) {
                Some(rows) => {
                    some += 1;
                    assert!(rows.len() <= clean.len() * 2);
                }
                None => none += 1,
            }
            assert!(started.elapsed() < Duration::from_secs(1));
        }
        eprintln!("damaged bytes: {some} read, {none} refused");
        assert!(some > 0 && none > 0);
    }

    #[test]
    fn damaged_files_never_panic() {
        let dir = Scratch::new("fuzz-files");
        let base = fuzz_base(&dir);
        let path = dir.path("damaged.db");
        let text = path.to_str().unwrap();
        let mut rng = Prng(0x5EED_0002);
        let (mut some, mut none, mut errors) = (0, 0, 0);
        for _ in 0..300 {
            std::fs::write(&path, damage(&base, &mut rng)).unwrap();
            let conn = open_ro(text);
            let started = Instant::now();
            match read_master(&conn, false) {
                Ok(Some(_)) => some += 1,
                Ok(None) => none += 1,
                Err(_) => errors += 1,
            }
            assert!(started.elapsed() < Duration::from_secs(2));
            assert!(conn.is_autocommit());
        }
        eprintln!("damaged files: {some} read, {none} refused, {errors} errors");
        assert!(none > 0);
    }

    #[test]
    fn truncated_files_are_refused() {
        let dir = Scratch::new("truncated");
        let base = fuzz_base(&dir);
        let path = dir.path("short.db");
        let text = path.to_str().unwrap();
        for len in (100..base.len())
            .step_by(base.len() / 40)
            .chain([base.len() - 1])
        {
            std::fs::write(&path, &base[..len]).unwrap();
            let conn = open_ro(text);
            // Shorter than the header's page count.
            assert!(!matches!(read_master(&conn, false), Ok(Some(_))), "{len}");
            assert!(conn.is_autocommit());
        }
    }

    #[test]
    fn cycles_and_broken_chains_are_refused() {
        let dir = Scratch::new("cycles");
        let base = fuzz_base(&dir);
        let cookie = cookie_of(&base);
        assert_eq!(base[100], INTERIOR);
        let mut to_page_one = base.clone();
        to_page_one[108..112].copy_from_slice(&1u32.to_be_bytes());
        assert_eq!(read_rows(&Bytes(&to_page_one), cookie, false), None);

        // One CREATE text over three pages and more: root page 2, then overflow 3, 4, ...
        let path = dir.path("chain.db");
        let long = format!("CREATE TABLE long (a TEXT DEFAULT '{}')", "x".repeat(2000));
        let long = format!("{long};");
        build(&path, "PRAGMA page_size = 512;", &long);
        let chain = std::fs::read(&path).unwrap();
        let cookie = cookie_of(&chain);
        assert!(read_rows(&Bytes(&chain), cookie, false).is_some());
        assert_eq!(be32(&chain, 2 * 512).unwrap(), 4, "page 3 links to page 4");
        for next in [3u32, 0, 2, 99] {
            let mut broken = chain.clone();
            broken[2 * 512..2 * 512 + 4].copy_from_slice(&next.to_be_bytes());
            assert_eq!(read_rows(&Bytes(&broken), cookie, false), None, "{next}");
        }
    }

    #[test]
    fn varints_decode_as_the_file_format_says() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x81, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0xFF; 9]), Some((u64::MAX, 9)));
        assert_eq!(varint(&[0x81]), None);
        assert_eq!(varint(&[]), None);
        assert_eq!(integer(1, &[0xFF]), Some(-1));
        assert_eq!(integer(5, &[0, 0, 0, 1, 0, 0]), Some(65536));
        assert_eq!(integer(7, &[0; 8]), None);
        assert_eq!(text(12, b""), None);
        assert_eq!(text(13, b""), Some(String::new()));
        assert_eq!(text(15, &[0xFF]), None);
    }

    /// Not a test: read_master against SQLite's own query (which loads the schema) on a
    /// 1,000-table database with 2 indexes per table. Run with
    /// `cargo test --release --lib sqlite_file -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing_against_the_schema_load() {
        // SQLite's allocator as the caller has it: configured before the first connection.
        drop(crate::sqlite_memory::open_in_memory());
        let dir = Scratch::new("timing");
        let path = dir.path("thousand.db");
        let mut sql = String::new();
        for i in 0..1000usize {
            sql.push_str(&format!(
                "CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, \
                 amount NUMERIC(10, 2) DEFAULT 0, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, \
                 parent INTEGER REFERENCES t{} (id) ON DELETE CASCADE, CHECK (amount >= 0));
                 CREATE INDEX t{i}_name ON t{i} (name);
                 CREATE UNIQUE INDEX t{i}_email ON t{i} (email, parent);",
                i.saturating_sub(1)
            ));
        }
        build(&path, "", &sql);
        let text = path.to_str().unwrap();
        let time = |f: &dyn Fn() -> usize| {
            let mut runs: Vec<Duration> = (0..41)
                .map(|_| {
                    let started = Instant::now();
                    assert_eq!(f(), 3000);
                    started.elapsed()
                })
                .collect();
            runs.sort();
            (runs[0], runs[runs.len() / 2])
        };
        let report = |what: &str, (min, median): (Duration, Duration)| {
            eprintln!("{what}: min {min:?}, median {median:?}");
        };
        eprintln!(
            "1,000 tables, 3,000 rows, a {} KB file, 41 runs each:",
            std::fs::metadata(&path).unwrap().len() / 1024
        );
        report(
            "open + read_master",
            time(&|| read_master(&open_ro(text), false).unwrap().unwrap().len()),
        );
        report(
            "open + SELECT ... FROM sqlite_master ORDER BY rowid",
            time(&|| sqlite_rows(&open_ro(text)).len()),
        );
        report(
            "open + PRAGMA schema_version",
            time(&|| {
                let conn = open_ro(text);
                conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
                    .unwrap();
                3000
            }),
        );
        let conn = open_ro(text);
        report(
            "read_master on an open connection",
            time(&|| read_master(&conn, false).unwrap().unwrap().len()),
        );
        let bytes = std::fs::read(&path).unwrap();
        let cookie = cookie_of(&bytes);
        report(
            "the page walk alone, on the file's bytes in memory",
            time(&|| read_rows(&Bytes(&bytes), cookie, false).unwrap().len()),
        );
    }
}
