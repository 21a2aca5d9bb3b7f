//! The catalog SQLite's PRAGMAs report (`table_xinfo`, `index_list` with `index_xinfo`,
//! `foreign_key_list`), computed from the stored `CREATE TABLE` and `CREATE INDEX` texts the way
//! SQLite computes it, without SQLite loading the schema.
//!
//! Loading a schema makes SQLite parse every stored statement into its own structures, and each
//! PRAGMA then prepares a statement per table: for a 1,000-table file that is nearly all of an
//! introspection's time. The forms read here are the ones generators and people write (plain and
//! quoted names, declared types, `NOT NULL`, `DEFAULT`, `PRIMARY KEY`, `UNIQUE`, `CHECK`,
//! `REFERENCES` / `FOREIGN KEY`, plain `CREATE INDEX`, partial indexes). Anything else — `COLLATE`,
//! `ON CONFLICT`, generated columns, `WITHOUT ROWID`, `STRICT`, virtual tables, expression
//! indexes, a quote in a declared type, a name that does not resolve — gives `None`, and the
//! caller asks SQLite instead. A test holds the result to SQLite's own PRAGMAs.

use crate::create_table_text::{is_word, next_token, CheckText, TableText, Tok};
use std::borrow::Cow;

/// One column, as `PRAGMA table_xinfo` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRow<'a> {
    /// The table's position among the user tables.
    pub table: usize,
    /// The column's name.
    pub name: Cow<'a, str>,
    /// The declared type (`""` when there is none).
    pub declared: Cow<'a, str>,
    /// `NOT NULL` was declared.
    pub not_null: bool,
    /// The default's text, as SQLite keeps it.
    pub default: Option<Cow<'a, str>>,
    /// Position in the primary key (1-based), 0 when not in it.
    pub pk: i64,
    /// A hidden or generated column.
    pub hidden: bool,
}

/// Where an index comes from (`PRAGMA index_list.origin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `CREATE INDEX` (`c`).
    Create,
    /// A `UNIQUE` constraint (`u`).
    Unique,
    /// A `PRIMARY KEY` constraint (`pk`).
    PrimaryKey,
}

impl Origin {
    /// The origin of PRAGMA index_list's text (`c`, `u`, `pk`).
    pub fn parse(text: &str) -> Option<Origin> {
        match text {
            "c" => Some(Origin::Create),
            "u" => Some(Origin::Unique),
            "pk" => Some(Origin::PrimaryKey),
            _ => None,
        }
    }
}

/// One key column of an index, as `index_list` joined with `index_xinfo` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow<'a> {
    /// The table's position among the user tables.
    pub table: usize,
    /// The index's name.
    pub index: Cow<'a, str>,
    /// A unique index.
    pub unique: bool,
    /// Where it comes from.
    pub origin: Origin,
    /// The table column (`None` for an expression or the rowid).
    pub column: Option<Cow<'a, str>>,
    /// The column's position in the table (negative for an expression or the rowid).
    pub cid: i64,
}

/// One column of a foreign key, as `PRAGMA foreign_key_list` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKeyRow<'a> {
    /// The table's position among the user tables.
    pub table: usize,
    /// The key's id (SQLite numbers a table's keys from the last declared).
    pub id: i64,
    /// The referenced table.
    pub target: Cow<'a, str>,
    /// The referencing column.
    pub from: Cow<'a, str>,
    /// The referenced column (`None`: the referenced table's primary key).
    pub to: Option<Cow<'a, str>>,
    /// `ON UPDATE` action.
    pub on_update: &'static str,
    /// `ON DELETE` action.
    pub on_delete: &'static str,
}

/// A database's catalog, in the PRAGMA queries' order: tables in creation order; columns by
/// position; a table's indexes from its constraints in text order, then its `CREATE INDEX`
/// statements in creation order; foreign keys by id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalog<'a> {
    /// Every user table's columns.
    pub columns: Vec<ColumnRow<'a>>,
    /// Every user table's index key columns.
    pub indexes: Vec<IndexRow<'a>>,
    /// Every user table's foreign-key columns.
    pub foreign_keys: Vec<ForeignKeyRow<'a>>,
    /// Every user table's CHECKs and constraint names ([`crate::create_table_text::scan`]), when
    /// read with the rest (empty otherwise).
    pub texts: Vec<TableText>,
}

/// A `sqlite_master` row.
#[derive(Debug, Clone, Copy)]
pub struct MasterEntry<'a> {
    /// `table`, `index`, `view` or `trigger`.
    pub kind: &'a str,
    /// The object's name.
    pub name: &'a str,
    /// The table it belongs to.
    pub tbl_name: &'a str,
    /// Its stored SQL (`None` for the indexes of constraints).
    pub sql: Option<&'a str>,
}

/// Databases of at least this many tables have their texts read on two threads.
const PARALLEL_TABLES: usize = 64;

/// A name compared and hashed without regard to ASCII case, as SQLite compares names.
#[derive(Debug, Clone, Copy)]
struct AnyCase<'a>(&'a str);

impl PartialEq for AnyCase<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for AnyCase<'_> {}

impl std::hash::Hash for AnyCase<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // FNV-1a over the lower-cased bytes, handed to the map's hasher once.
        let folded = self.0.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
        });
        state.write_u64(folded);
    }
}

/// The user tables' positions by name, found without regard to ASCII case (no lower-cased copy
/// of each name).
#[derive(Debug, Clone, Default)]
pub struct TableNames<'a>(foldhash::HashMap<AnyCase<'a>, usize>);

impl<'a> TableNames<'a> {
    /// The user tables among `entries` ([`is_user_table`]), numbered in order.
    pub fn of(entries: &[MasterEntry<'a>]) -> Self {
        TableNames(
            entries
                .iter()
                .filter(|e| is_user_table(e))
                .enumerate()
                .map(|(i, e)| (AnyCase(e.name), i))
                .collect(),
        )
    }

    /// The position of the table named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.0.get(&AnyCase(name)).copied()
    }

    /// How many tables there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether `name` is reserved for SQLite's own objects (`LIKE 'sqlite\_%'`).
pub fn is_internal(name: &str) -> bool {
    name.len() >= 7 && name.as_bytes()[..7].eq_ignore_ascii_case(b"sqlite_")
}

/// Whether `entry` is a user table, as the introspection counts them.
pub fn is_user_table(entry: &MasterEntry) -> bool {
    entry.kind == "table" && entry.sql.is_some() && !is_internal(entry.name)
}

/// The catalog of the database whose `sqlite_master` rows (in rowid order) are `entries`, or
/// `None` when a text is outside the forms read here (see the module documentation).
pub fn catalog<'a>(entries: &[MasterEntry<'a>]) -> Option<Catalog<'a>> {
    let each = each_table(entries, |_, table, _| table)?;
    let total = |len: fn(&Catalog) -> usize| each.iter().map(len).sum::<usize>();
    let mut out = Catalog {
        columns: Vec::with_capacity(total(|c| c.columns.len())),
        indexes: Vec::with_capacity(total(|c| c.indexes.len())),
        foreign_keys: Vec::with_capacity(total(|c| c.foreign_keys.len())),
        texts: Vec::with_capacity(each.len()),
    };
    for mut table in each {
        out.columns.append(&mut table.columns);
        out.indexes.append(&mut table.indexes);
        out.foreign_keys.append(&mut table.foreign_keys);
        out.texts.append(&mut table.texts);
    }
    Some(out)
}

/// [`catalog`] table by table: `finish` of each user table's position, catalog and `CREATE INDEX`
/// statements (name and text, in creation order), computed on two threads for large databases
/// (so that what the caller makes of each table is made there too), in table order.
pub fn each_table<'a, T: Send>(
    entries: &[MasterEntry<'a>],
    finish: impl Fn(usize, Catalog<'a>, &[(&'a str, &'a str)]) -> T + Sync,
) -> Option<Vec<T>> {
    if entries
        .iter()
        .any(|e| e.kind == "table" && e.sql.is_none() && !is_internal(e.name))
    {
        return None;
    }
    let mut tables: Vec<TableEntries> = entries
        .iter()
        .filter(|e| is_user_table(e))
        .enumerate()
        .map(|(table, e)| TableEntries {
            table,
            sql: e.sql.unwrap_or_default(),
            constraint_indexes: Vec::new(),
            created_indexes: Vec::new(),
        })
        .collect();
    let names = TableNames::of(entries);
    // A table's indexes usually come one after another: the last table found is tried first.
    let mut last: Option<(&str, usize)> = None;
    for e in entries.iter().filter(|e| e.kind == "index") {
        let t = match last {
            Some((name, t)) if name == e.tbl_name => t,
            _ => names.position(e.tbl_name)?,
        };
        last = Some((e.tbl_name, t));
        match e.sql {
            None => tables[t].constraint_indexes.push(e.name),
            Some(sql) => tables[t].created_indexes.push((e.name, sql)),
        }
    }
    crate::parallel::map_in_order(&tables, PARALLEL_TABLES, |t| {
        table_catalog(t).map(|c| finish(t.table, c, &t.created_indexes))
    })
    .into_iter()
    .collect()
}

/// A user table's `CREATE TABLE` text and its indexes' rows, in creation order.
struct TableEntries<'a> {
    /// The table's position among the user tables.
    table: usize,
    sql: &'a str,
    /// The names of the indexes SQLite made for the table's constraints.
    constraint_indexes: Vec<&'a str>,
    /// `CREATE INDEX` statements: name and text.
    created_indexes: Vec<(&'a str, &'a str)>,
}

/// One table's catalog.
fn table_catalog<'a>(entries: &TableEntries<'a>) -> Option<Catalog<'a>> {
    let (mut table, text) = parse_table(entries.sql)?;
    let mut out = Catalog {
        texts: vec![text],
        ..Catalog::default()
    };
    let t = entries.table;
    out.columns.reserve_exact(table.columns.len());
    out.foreign_keys
        .reserve_exact(table.foreign_keys.iter().map(|fk| fk.from.len()).sum());
    let keys = table.constraint_indexes();
    if keys.len() != entries.constraint_indexes.len() {
        return None;
    }
    for (key, index) in keys.iter().zip(&entries.constraint_indexes) {
        let origin = if key.primary {
            Origin::PrimaryKey
        } else {
            Origin::Unique
        };
        out.push_index(t, index, true, origin, &table, &key.columns);
    }
    for (index, sql) in &entries.created_indexes {
        let (unique, columns) = parse_index(sql, &table)?;
        out.push_index(t, index, unique, Origin::Create, &table, &columns);
    }
    for (id, fk) in table.foreign_keys.iter().rev().enumerate() {
        for (j, &from) in fk.from.iter().enumerate() {
            out.foreign_keys.push(ForeignKeyRow {
                table: t,
                id: id as i64,
                target: fk.target.clone(),
                from: table.columns[from].name.clone(),
                to: fk.to.as_ref().map(|to| to[j].clone()),
                on_update: fk.on_update,
                on_delete: fk.on_delete,
            });
        }
    }
    let pk: Vec<i64> = (0..table.columns.len())
        .map(|cid| table.pk_position(cid))
        .collect();
    for (c, pk) in std::mem::take(&mut table.columns).into_iter().zip(pk) {
        out.columns.push(ColumnRow {
            table: t,
            name: c.name,
            declared: c.declared,
            not_null: c.not_null,
            default: c.default,
            pk,
            hidden: false,
        });
    }
    Some(out)
}

impl<'a> Catalog<'a> {
    /// The catalog with every text owned.
    pub fn into_owned(self) -> Catalog<'static> {
        let own = |c: Cow<str>| Cow::Owned(c.into_owned());
        Catalog {
            columns: self
                .columns
                .into_iter()
                .map(|r| ColumnRow {
                    name: own(r.name),
                    declared: own(r.declared),
                    default: r.default.map(own),
                    ..r
                })
                .collect(),
            indexes: self
                .indexes
                .into_iter()
                .map(|r| IndexRow {
                    index: own(r.index),
                    column: r.column.map(own),
                    ..r
                })
                .collect(),
            foreign_keys: self
                .foreign_keys
                .into_iter()
                .map(|r| ForeignKeyRow {
                    target: own(r.target),
                    from: own(r.from),
                    to: r.to.map(own),
                    ..r
                })
                .collect(),
            texts: self.texts,
        }
    }

    fn push_index(
        &mut self,
        table: usize,
        index: &'a str,
        unique: bool,
        origin: Origin,
        parsed: &ParsedTable<'a>,
        columns: &[usize],
    ) {
        for &cid in columns {
            self.indexes.push(IndexRow {
                table,
                index: Cow::Borrowed(index),
                unique,
                origin,
                column: Some(parsed.columns[cid].name.clone()),
                cid: cid as i64,
            });
        }
    }
}

/// A column as declared.
#[derive(Debug, Clone, PartialEq)]
struct Column<'a> {
    name: Cow<'a, str>,
    declared: Cow<'a, str>,
    not_null: bool,
    default: Option<Cow<'a, str>>,
}

/// A `PRIMARY KEY` or `UNIQUE` constraint, with its columns' positions.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    primary: bool,
    columns: Vec<usize>,
}

/// A foreign key as declared.
#[derive(Debug, Clone, PartialEq)]
struct ForeignKey<'a> {
    from: Vec<usize>,
    target: Cow<'a, str>,
    to: Option<Vec<Cow<'a, str>>>,
    on_update: &'static str,
    on_delete: &'static str,
}

/// A `CREATE TABLE` text, read.
#[derive(Debug, Clone, PartialEq, Default)]
struct ParsedTable<'a> {
    columns: Vec<Column<'a>>,
    /// PRIMARY KEY and UNIQUE constraints in text order.
    keys: Vec<Key>,
    foreign_keys: Vec<ForeignKey<'a>>,
    /// CHECKs and constraint names as [`crate::create_table_text::scan`] finds them (column
    /// CHECKs here while the text is read; the table's are added after them at the end).
    text: TableText,
    /// The column that is the rowid (`INTEGER PRIMARY KEY`).
    rowid_column: Option<usize>,
}

impl ParsedTable<'_> {
    fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }

    fn primary_key(&self) -> Option<&Key> {
        self.keys.iter().find(|k| k.primary)
    }

    /// `PRAGMA table_xinfo.pk` of column `cid`.
    fn pk_position(&self, cid: usize) -> i64 {
        self.primary_key()
            .and_then(|k| k.columns.iter().position(|&c| c == cid))
            .map_or(0, |p| p as i64 + 1)
    }

    /// The indexes SQLite makes for the constraints, in the order it makes them: one per
    /// PRIMARY KEY (unless it is the rowid) or UNIQUE constraint, a constraint with the same
    /// columns in the same order as an earlier one adding none (a PRIMARY KEY marks it).
    fn constraint_indexes(&self) -> Vec<Key> {
        let mut out: Vec<Key> = Vec::new();
        for key in &self.keys {
            if key.primary && self.rowid_column.is_some() {
                continue;
            }
            match out.iter_mut().find(|k| k.columns == key.columns) {
                Some(k) => k.primary |= key.primary,
                None => out.push(key.clone()),
            }
        }
        out
    }
}

/// The standard type names SQLite keeps as a type code and reports in capitals.
const STANDARD_TYPES: [&str; 6] = ["ANY", "BLOB", "INT", "INTEGER", "REAL", "TEXT"];

/// The words that start a column constraint (they end a declared type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnWord {
    Constraint,
    Primary,
    Not,
    Null,
    Unique,
    Check,
    Default,
    Collate,
    References,
    Generated,
    As,
    /// `DEFERRABLE` (the deferral clause of the foreign key before it).
    Deferrable,
}

/// The column-constraint word `word` is, if any (ASCII case-insensitive).
fn constraint_word(word: &str) -> Option<ColumnWord> {
    let b = word.as_bytes();
    let first = b.first()?.to_ascii_uppercase();
    if !(2..=10).contains(&b.len()) || !b"CPNUDRGA".contains(&first) {
        return None;
    }
    let mut upper = [0u8; 10];
    for (u, c) in upper.iter_mut().zip(b) {
        *u = c.to_ascii_uppercase();
    }
    Some(match &upper[..b.len()] {
        b"CONSTRAINT" => ColumnWord::Constraint,
        b"PRIMARY" => ColumnWord::Primary,
        b"NOT" => ColumnWord::Not,
        b"NULL" => ColumnWord::Null,
        b"UNIQUE" => ColumnWord::Unique,
        b"CHECK" => ColumnWord::Check,
        b"DEFAULT" => ColumnWord::Default,
        b"COLLATE" => ColumnWord::Collate,
        b"REFERENCES" => ColumnWord::References,
        b"GENERATED" => ColumnWord::Generated,
        b"AS" => ColumnWord::As,
        b"DEFERRABLE" => ColumnWord::Deferrable,
        _ => return None,
    })
}

/// Words that start a table constraint.
const TABLE_CONSTRAINT_WORDS: [&str; 5] = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

/// A reader over one statement's tokens, taking them from the text one at a time (none is
/// kept: a statement is read once, front to back).
struct Reader<'a> {
    sql: &'a str,
    /// Where the token after `next` starts (or the blanks before it).
    pos: usize,
    /// The next token, already split off.
    next: Option<Tok>,
}

impl<'a> Reader<'a> {
    fn new(sql: &'a str) -> Self {
        let mut pos = 0;
        let next = next_token(sql.as_bytes(), &mut pos);
        Reader { sql, pos, next }
    }

    fn peek(&self) -> Option<Tok> {
        self.next
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.next?;
        self.next = next_token(self.sql.as_bytes(), &mut self.pos);
        Some(t)
    }

    /// Whether the next token is the word `w`.
    fn at_word(&self, w: &str) -> bool {
        self.peek().is_some_and(|t| is_word(self.sql, t, w))
    }

    fn at_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.at_word(w))
    }

    /// Takes the word `w` if it is next.
    fn eat(&mut self, w: &str) -> bool {
        let here = self.at_word(w);
        if here {
            self.next();
        }
        here
    }

    /// Takes the word `w`, or fails.
    fn expect(&mut self, w: &str) -> Option<()> {
        self.eat(w).then_some(())
    }

    fn at_open(&self) -> bool {
        matches!(self.peek(), Some(Tok::Open(_)))
    }

    fn at_close(&self) -> bool {
        matches!(self.peek(), Some(Tok::Close(_)))
    }

    fn at_comma(&self) -> bool {
        self.peek() == Some(Tok::Comma)
    }

    /// A name: a word, a quoted name or a string, unquoted.
    fn name(&mut self) -> Option<Cow<'a, str>> {
        let sql = self.sql;
        let (quote, inner) = match self.next()? {
            Tok::Word(a, b) => return Some(Cow::Borrowed(&sql[a..b])),
            Tok::Str(a, b) | Tok::Quoted(a, b) if b >= a + 2 => {
                (&sql[a..a + 1], &sql[a + 1..b - 1])
            }
            _ => return None,
        };
        let doubled = match quote {
            "\"" => "\"\"",
            "`" => "``",
            "'" => "''",
            _ => return Some(Cow::Borrowed(inner)), // `[…]` has no escape
        };
        Some(if inner.contains(doubled) {
            Cow::Owned(inner.replace(doubled, quote))
        } else {
            Cow::Borrowed(inner)
        })
    }

    /// Skips a parenthesised group; returns the positions of its parentheses.
    fn group(&mut self) -> Option<(usize, usize)> {
        let Some(Tok::Open(open)) = self.peek() else {
            return None;
        };
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Tok::Open(_) => depth += 1,
                Tok::Close(close) => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((open, close));
                    }
                }
                Tok::Bad => return None,
                _ => {}
            }
        }
    }

    /// Whether the rest of the text is well formed (no unterminated string or name).
    fn rest_is_whole(&mut self) -> bool {
        while let Some(t) = self.next() {
            if t == Tok::Bad {
                return false;
            }
        }
        true
    }

    /// Fails on `ON CONFLICT` (a conflict clause can reorder SQLite's index list).
    fn no_conflict_clause(&self) -> Option<()> {
        (!self.at_word("ON")).then_some(())
    }

    /// `( name [ASC|DESC], … )`: the names, for a key or an index; each name's token goes to
    /// `tokens` when given.
    fn sorted_names(&mut self, mut tokens: Option<&mut Vec<Tok>>) -> Option<Vec<Cow<'a, str>>> {
        if !matches!(self.next()?, Tok::Open(_)) {
            return None;
        }
        let mut names = Vec::new();
        loop {
            if let (Some(tokens), Some(t)) = (tokens.as_deref_mut(), self.peek()) {
                tokens.push(t);
            }
            names.push(self.name()?);
            let _ = self.eat("ASC") || self.eat("DESC");
            match self.next()? {
                Tok::Comma => continue,
                Tok::Close(_) => return Some(names),
                _ => return None,
            }
        }
    }

    /// `( name, … )`
    fn names(&mut self) -> Option<Vec<Cow<'a, str>>> {
        if !matches!(self.next()?, Tok::Open(_)) {
            return None;
        }
        let mut names = Vec::new();
        loop {
            names.push(self.name()?);
            match self.next()? {
                Tok::Comma => continue,
                Tok::Close(_) => return Some(names),
                _ => return None,
            }
        }
    }
}

/// Reads a `CREATE TABLE` text (see the module documentation for what gives `None`), with what
/// [`crate::create_table_text::scan`] finds in it.
fn parse_table(sql: &str) -> Option<(ParsedTable<'_>, TableText)> {
    let mut r = Reader::new(sql);
    r.expect("CREATE")?;
    r.expect("TABLE")?;
    if r.eat("IF") {
        r.expect("NOT")?;
        r.expect("EXISTS")?;
    }
    r.name()?;
    if !r.at_open() {
        return None;
    }
    r.next();
    let mut table = ParsedTable::default();
    // Table constraints name columns; they are resolved once every column is known.
    let mut pending: Vec<(bool, Vec<Cow<str>>)> = Vec::new();
    let mut pending_fks: Vec<(Vec<Cow<str>>, ForeignKey)> = Vec::new();
    let mut column_pk_desc = false;
    let mut table_pk = false;
    // The table constraints' CHECKs and names (the scan lists their CHECKs last).
    let mut table_text = TableText::default();
    loop {
        if r.at_any(&TABLE_CONSTRAINT_WORDS) {
            loop {
                table_constraint(&mut r, &mut pending, &mut pending_fks, &mut table_text)?;
                if r.at_close() {
                    break;
                }
                if r.at_comma() {
                    r.next();
                }
            }
            table_pk = pending.iter().any(|(primary, _)| *primary);
        } else {
            column_def(&mut r, &mut table, &mut column_pk_desc)?;
        }
        match r.next()? {
            Tok::Comma => continue,
            Tok::Close(_) => break,
            _ => return None,
        }
    }
    if r.peek().is_some() {
        return None; // WITHOUT ROWID, STRICT
    }
    for (primary, names) in pending {
        let columns = names
            .iter()
            .map(|n| table.column(n))
            .collect::<Option<Vec<usize>>>()?;
        table.keys.push(Key { primary, columns });
    }
    for (names, mut fk) in pending_fks {
        fk.from = names
            .iter()
            .map(|n| table.column(n))
            .collect::<Option<Vec<usize>>>()?;
        table.foreign_keys.push(fk);
    }
    let keys = &table.keys;
    let primaries = keys.iter().filter(|k| k.primary).count();
    if primaries > 1 || keys.iter().any(|k| has_duplicates(&k.columns)) {
        return None;
    }
    if let Some(pk) = table.primary_key() {
        let desc_on_column = column_pk_desc && !table_pk;
        if let [c] = pk.columns[..] {
            if table.columns[c].declared == "INTEGER" && !desc_on_column {
                table.rowid_column = Some(c);
            }
        }
    }
    if table
        .foreign_keys
        .iter()
        .any(|fk| fk.to.as_ref().is_some_and(|to| to.len() != fk.from.len()))
    {
        return None;
    }
    let mut text = std::mem::take(&mut table.text);
    text.checks.append(&mut table_text.checks);
    text.named_uniques.append(&mut table_text.named_uniques);
    text.primary_key_name = text.primary_key_name.or(table_text.primary_key_name);
    Some((table, text))
}

fn has_duplicates(columns: &[usize]) -> bool {
    columns
        .iter()
        .enumerate()
        .any(|(i, c)| columns[..i].contains(c))
}

/// A column definition: name, declared type, constraints.
fn column_def<'a>(
    r: &mut Reader<'a>,
    table: &mut ParsedTable<'a>,
    pk_desc: &mut bool,
) -> Option<()> {
    // The name's token: `create_table_text::scan` names a named UNIQUE's column after it.
    let name_token = r.peek()?;
    let name = r.name()?;
    let declared = declared_type(r)?;
    let cid = table.columns.len();
    // The name of `CONSTRAINT name`, for the constraint right after it.
    let mut constraint_name: Option<String> = None;
    let mut column = Column {
        name,
        declared,
        not_null: false,
        default: None,
    };
    while !(r.at_comma() || r.at_close()) {
        let Some(Tok::Word(a, b)) = r.next() else {
            return None;
        };
        let word = constraint_word(&r.sql[a..b])?;
        let named = constraint_name.take();
        match word {
            ColumnWord::Constraint => {
                constraint_name = r
                    .peek()
                    .and_then(|t| crate::create_table_text::name(r.sql, t));
                r.name()?;
            }
            ColumnWord::Primary => {
                r.expect("KEY")?;
                if named.is_some() {
                    table.text.primary_key_name = named;
                }
                *pk_desc = r.eat("DESC");
                let _ = r.eat("ASC");
                r.no_conflict_clause()?;
                let _ = r.eat("AUTOINCREMENT");
                table.keys.push(Key {
                    primary: true,
                    columns: vec![cid],
                });
            }
            ColumnWord::Not if r.eat("NULL") => {
                column.not_null = true;
                r.no_conflict_clause()?;
            }
            ColumnWord::Not if r.eat("DEFERRABLE") => deferrable_rest(r),
            ColumnWord::Deferrable => deferrable_rest(r),
            ColumnWord::Null => r.no_conflict_clause()?,
            ColumnWord::Unique => {
                r.no_conflict_clause()?;
                table.keys.push(Key {
                    primary: false,
                    columns: vec![cid],
                });
                if let Some(n) = named {
                    table.text.named_uniques.push((
                        n,
                        crate::create_table_text::name(r.sql, name_token)
                            .into_iter()
                            .collect(),
                    ));
                }
            }
            ColumnWord::Check => {
                let (open, close) = r.group()?;
                table.text.checks.push(CheckText {
                    name: named,
                    expression: r.sql[open + 1..close].trim().to_string(),
                });
            }
            ColumnWord::Default => column.default = Some(default_text(r)?),
            ColumnWord::References => {
                let mut fk = references(r)?;
                fk.from = vec![cid];
                table.foreign_keys.push(fk);
            }
            _ => return None,
        }
    }
    table.columns.push(column);
    Some(())
}

/// The declared type's text as SQLite reports it, or `None` for a form not read here.
fn declared_type<'a>(r: &mut Reader<'a>) -> Option<Cow<'a, str>> {
    let mut span: Option<(usize, usize)> = None;
    // A type is words SQLite takes as names; a column constraint's first word is not one
    // (DEFERRABLE included: it starts a foreign key's deferral clause).
    while let Some(Tok::Word(a, b)) = r.peek() {
        if constraint_word(&r.sql[a..b]).is_some() {
            break;
        }
        span = Some((span.map_or(a, |s| s.0), b));
        r.next();
    }
    if r.at_open() {
        let (start, _) = span?;
        r.next();
        loop {
            match r.next()? {
                Tok::Num(..) | Tok::Comma => {}
                Tok::Other(p) if matches!(r.sql.as_bytes()[p], b'+' | b'-') => {}
                Tok::Close(p) => {
                    span = Some((start, p + 1));
                    break;
                }
                _ => return None,
            }
        }
    }
    let Some((a, b)) = span else {
        return Some(Cow::Borrowed(""));
    };
    let sql = r.sql;
    let text = &sql[a..b];
    let lower_tail =
        text.len() >= 16 && text.as_bytes()[text.len() - 6..].eq_ignore_ascii_case(b"always");
    if lower_tail || text.contains(['"', '\'', '`', '[']) {
        return None;
    }
    Some(
        match STANDARD_TYPES.iter().find(|s| s.eq_ignore_ascii_case(text)) {
            Some(s) => Cow::Borrowed(*s),
            None => Cow::Borrowed(text),
        },
    )
}

/// The text SQLite keeps for a `DEFAULT`: inside parentheses, trimmed; a sign with its literal;
/// else the one token.
fn default_text<'a>(r: &mut Reader<'a>) -> Option<Cow<'a, str>> {
    let sql = r.sql;
    match r.peek()? {
        Tok::Open(_) => {
            let (open, close) = r.group()?;
            Some(Cow::Borrowed(
                sql[open + 1..close].trim_matches(is_sqlite_space),
            ))
        }
        Tok::Other(p) if matches!(sql.as_bytes()[p], b'+' | b'-') => {
            r.next();
            let end = match r.next()? {
                Tok::Num(_, b) | Tok::Str(_, b) | Tok::Blob(_, b) => b,
                Tok::Word(_, b) => b,
                _ => return None,
            };
            Some(Cow::Borrowed(&sql[p..end]))
        }
        Tok::Num(a, b) | Tok::Str(a, b) | Tok::Blob(a, b) | Tok::Word(a, b) | Tok::Quoted(a, b) => {
            r.next();
            Some(Cow::Borrowed(&sql[a..b]))
        }
        _ => None,
    }
}

/// SQLite's `isspace` (space, tab, newline, vertical tab, form feed, carriage return).
fn is_sqlite_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// After `REFERENCES`: the referenced table, its columns, the actions.
fn references<'a>(r: &mut Reader<'a>) -> Option<ForeignKey<'a>> {
    let target = r.name()?;
    let to = if r.at_open() { Some(r.names()?) } else { None };
    let mut fk = ForeignKey {
        from: Vec::new(),
        target,
        to,
        on_update: "NO ACTION",
        on_delete: "NO ACTION",
    };
    loop {
        if r.eat("ON") {
            let which = if r.eat("DELETE") {
                Some(true)
            } else if r.eat("UPDATE") {
                Some(false)
            } else {
                r.expect("INSERT")?;
                None
            };
            let action = fk_action(r)?;
            match which {
                Some(true) => fk.on_delete = action,
                Some(false) => fk.on_update = action,
                None => {}
            }
        } else if r.eat("MATCH") {
            r.name()?;
        } else {
            return Some(fk);
        }
    }
}

fn fk_action(r: &mut Reader) -> Option<&'static str> {
    if r.eat("SET") {
        if r.eat("NULL") {
            Some("SET NULL")
        } else {
            r.expect("DEFAULT").map(|_| "SET DEFAULT")
        }
    } else if r.eat("CASCADE") {
        Some("CASCADE")
    } else if r.eat("RESTRICT") {
        Some("RESTRICT")
    } else {
        r.expect("NO")?;
        r.expect("ACTION").map(|_| "NO ACTION")
    }
}

/// The rest of `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`.
fn deferrable_rest(r: &mut Reader) {
    if r.eat("INITIALLY") {
        let _ = r.eat("DEFERRED") || r.eat("IMMEDIATE");
    }
}

/// One table constraint; its columns are resolved by the caller.
fn table_constraint<'a>(
    r: &mut Reader<'a>,
    keys: &mut Vec<(bool, Vec<Cow<'a, str>>)>,
    fks: &mut Vec<(Vec<Cow<'a, str>>, ForeignKey<'a>)>,
    text: &mut TableText,
) -> Option<()> {
    // The name, as `create_table_text::scan` reads it (a string gives none).
    let mut named = None;
    if r.eat("CONSTRAINT") {
        named = r
            .peek()
            .and_then(|t| crate::create_table_text::name(r.sql, t));
        r.name()?;
    }
    if r.eat("PRIMARY") {
        r.expect("KEY")?;
        if named.is_some() {
            text.primary_key_name = named;
        }
        let names = primary_key_names(r)?;
        r.no_conflict_clause()?;
        keys.push((true, names));
    } else if r.eat("UNIQUE") {
        let mut tokens = Vec::new();
        let names = r.sorted_names(Some(&mut tokens))?;
        if let Some(n) = named {
            // The first token of each comma-separated part, as the scan takes it.
            let columns = tokens
                .into_iter()
                .filter_map(|t| crate::create_table_text::name(r.sql, t))
                .collect();
            text.named_uniques.push((n, columns));
        }
        r.no_conflict_clause()?;
        keys.push((false, names));
    } else if r.eat("CHECK") {
        let (open, close) = r.group()?;
        text.checks.push(CheckText {
            name: named,
            expression: r.sql[open + 1..close].trim().to_string(),
        });
        r.no_conflict_clause()?;
    } else if r.eat("FOREIGN") {
        r.expect("KEY")?;
        let from = r.names()?;
        r.expect("REFERENCES")?;
        let fk = references(r)?;
        if r.eat("NOT") {
            r.expect("DEFERRABLE")?;
            deferrable_rest(r);
        } else if r.eat("DEFERRABLE") {
            deferrable_rest(r);
        }
        fks.push((from, fk));
    } else {
        return None;
    }
    Some(())
}

/// `( name [ASC|DESC], … [AUTOINCREMENT] )` of a table's PRIMARY KEY.
fn primary_key_names<'a>(r: &mut Reader<'a>) -> Option<Vec<Cow<'a, str>>> {
    if !matches!(r.next()?, Tok::Open(_)) {
        return None;
    }
    let mut names = Vec::new();
    loop {
        names.push(r.name()?);
        let _ = r.eat("ASC") || r.eat("DESC");
        let _ = r.eat("AUTOINCREMENT");
        match r.next()? {
            Tok::Comma => continue,
            Tok::Close(_) => return Some(names),
            _ => return None,
        }
    }
}

/// Reads a `CREATE [UNIQUE] INDEX` text on `table`: whether it is unique, and its columns'
/// positions. Expressions, `COLLATE` and names that are not the table's columns give `None`.
fn parse_index(sql: &str, table: &ParsedTable) -> Option<(bool, Vec<usize>)> {
    let mut r = Reader::new(sql);
    r.expect("CREATE")?;
    let unique = r.eat("UNIQUE");
    r.expect("INDEX")?;
    if r.eat("IF") {
        r.expect("NOT")?;
        r.expect("EXISTS")?;
    }
    r.name()?;
    r.expect("ON")?;
    r.name()?;
    let names = r.sorted_names(None)?;
    if r.peek().is_some() && !r.at_word("WHERE") || !r.rest_is_whole() {
        return None;
    }
    let columns = names
        .iter()
        .map(|n| table.column(n))
        .collect::<Option<Vec<usize>>>()?;
    Some((unique, columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts SQLite would not have stored (unterminated strings and names, unbalanced
    /// parentheses, truncated statements) are not read, and never panic.
    #[test]
    fn broken_texts_are_not_read() {
        for sql in [
            "",
            "CREATE TABLE",
            "CREATE TABLE t (",
            "CREATE TABLE t (a DEFAULT 'x)",
            "CREATE TABLE t (a CHECK (b = 'x))",
            "CREATE TABLE t (a CHECK ((b)",
            "CREATE TABLE t (a) 'junk",
            "CREATE TABLE t (\"a)",
            "CREATE TABLE t ([a)",
            "CREATE TABLE t (a x'0",
            "CREATE TABLE t (a REFERENCES)",
            "CREATE TABLE t (a, PRIMARY KEY)",
        ] {
            assert_eq!(parse_table(sql), None, "{sql}");
        }
        let (table, _) = parse_table("CREATE TABLE t (a, b)").unwrap();
        for sql in [
            "CREATE INDEX i ON t (a) WHERE b = 'x",
            "CREATE INDEX i ON t (a",
            "CREATE INDEX i ON t (c)",
            "CREATE INDEX i ON t (a) junk",
        ] {
            assert_eq!(parse_index(sql, &table), None, "{sql}");
        }
        assert_eq!(
            parse_index(
                "CREATE UNIQUE INDEX i ON t (B, a DESC) WHERE b = 'x'",
                &table
            ),
            Some((true, vec![1, 0]))
        );
    }

    /// Damaged texts (bytes changed, cut short, spliced, non-ASCII inserted) never panic, and
    /// whatever is read from one is read the same way twice.
    #[test]
    fn damaged_texts_never_panic() {
        let seeds = [
            "CREATE TABLE \"t x\" (id INTEGER PRIMARY KEY, a VARCHAR(10) NOT NULL DEFAULT 'x''y' CHECK (a <> ''), b REFERENCES p(id) ON DELETE CASCADE, [c] DECIMAL(10, 2) UNIQUE, CONSTRAINT u UNIQUE (a, c), FOREIGN KEY (b, a) REFERENCES q (x, y))",
            "CREATE TABLE t (a INT /* c */ DEFAULT (1 + 2), b TEXT -- d\n COLLATE NOCASE, `e` BLOB DEFAULT x'00', PRIMARY KEY (a DESC, b)) WITHOUT ROWID",
            "CREATE UNIQUE INDEX \"i\" ON t (a DESC, [c]) WHERE a > 0 AND b = 'é'",
        ];
        let mut rng = crate::test_rng::Rng(0x2545_f491_4f6c_dd1d);
        let mut rand = |n: usize| rng.below(n);
        let pieces = [
            "(",
            ")",
            ",",
            "'",
            "\"",
            "`",
            "[",
            "]",
            "--",
            "/*",
            "é",
            "😀",
            " ",
            "x'",
            "CHECK",
            "DEFAULT",
            "REFERENCES",
        ];
        let (table, _) = parse_table("CREATE TABLE t (a, b, c)").unwrap();
        for _ in 0..20_000 {
            let mut text = seeds[rand(seeds.len())].to_string();
            for _ in 0..1 + rand(4) {
                let mut at = rand(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match rand(3) {
                    0 => text.insert_str(at, pieces[rand(pieces.len())]),
                    1 => text.truncate(at),
                    _ => {
                        let mut end = (at + rand(8)).min(text.len());
                        while !text.is_char_boundary(end) {
                            end -= 1;
                        }
                        text.replace_range(at..end, "");
                    }
                }
            }
            assert_eq!(parse_table(&text), parse_table(&text), "{text}");
            assert_eq!(
                parse_index(&text, &table),
                parse_index(&text, &table),
                "{text}"
            );
        }
    }

    /// Tables are found by name as SQLite finds them: ASCII letters in any case, other
    /// characters exactly.
    #[test]
    fn table_names_are_found_in_any_ascii_case() {
        let entry = |kind, name| MasterEntry {
            kind,
            name,
            tbl_name: name,
            sql: Some("CREATE …"),
        };
        let entries = [
            entry("table", "Users"),
            entry("index", "ix"),
            entry("table", "Éte"),
            entry("table", "sqlite_sequence"),
            entry("table", "orders"),
        ];
        let names = TableNames::of(&entries);
        assert_eq!(names.len(), 3);
        assert_eq!(names.position("USERS"), Some(0));
        assert_eq!(names.position("users"), Some(0));
        assert_eq!(names.position("Éte"), Some(1));
        assert_eq!(names.position("éte"), None);
        assert_eq!(names.position("ORDERS"), Some(2));
        assert_eq!(names.position("ix"), None);
        assert_eq!(names.position("sqlite_sequence"), None);
    }
}
