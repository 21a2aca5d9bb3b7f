//! `introspectDatabase`'s compact transfer to JavaScript: [`IntrospectionJson`] as one string
//! holding each distinct text once and a list of numbers saying where each text is and how the
//! objects are built from them ([`Compact`]). `lib/introspect-transfer.js` decodes it into the
//! same objects as `JSON.parse` of the serde_json text gives.
//!
//! Why: for the bench's 1,000-table database the JSON is 1.45 MB, every key repeated in every
//! object. Measured in one Node 20 process (median of 40 calls after warm-up, 2-core machine):
//! serde_json 0.93 ms, making the JS string 0.6 ms, `JSON.parse` 4.5 ms, ~6.4 ms in all. This
//! form is 71 K characters (4,029 distinct texts: names, types and defaults repeat across
//! tables) and 65 K numbers: [`IntrospectionJson::to_compact`] 0.45 ms, the crossing ~0.1 ms,
//! the decoding 0.14 ms, ~0.74 ms in all. Numbering the texts costs ~0.2 ms here and saves more
//! in JavaScript than that (one `slice` per distinct text; measured against sending every text).
//! The `timing` test below times the Rust side: `MG_XFER_DB=path cargo test --release --lib
//! introspect_transfer -- --ignored --nocapture`.
//!
//! The numbers (`layout`), in order:
//!
//! - `S`, the number of distinct texts, then each text's end in `text` in UTF-16 code units (the
//!   units of JavaScript's `String.prototype.slice`): text `i` is `text.slice(end[i-1], end[i])`,
//!   with `end[-1] = 0`. Below, a text is given by its number `i` (0-based).
//! - `existingTables`: a count, then that many texts.
//! - `tableSchemas`: a count, then for each table: its name; the columns (a count, then for each
//!   column: name, type, [`column_flags`], and the default's text when it has one); the indexes
//!   (a count, then for each: name, [`index_flags`], the predicate's text when it has one, a
//!   list of column names, and a list of expressions when it has any); the foreign keys (a count, then for each: a list of columns, the
//!   referenced table, a list of referenced columns, `onDelete`, `onUpdate`); the checks (a
//!   count, then name and expression for each); the triggers and the views (each a list); the
//!   UNIQUE constraints (a count, then a list of columns for each).
//!   A list is a count followed by that many texts.

use crate::introspect::{IntrospectionJson, TableSchemaJson};
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;

/// A column's flags in the layout.
pub mod column_flags {
    /// `notNull` is true.
    pub const NOT_NULL: u32 = 1;
    /// `primaryKey` is true.
    pub const PRIMARY_KEY: u32 = 2;
    /// `defaultValue` is a text (the text follows); otherwise it is `null`.
    pub const HAS_DEFAULT: u32 = 4;
}

/// An index's flags in the layout.
pub mod index_flags {
    /// `unique` is true.
    pub const UNIQUE: u32 = 1;
    /// The index is partial: `where` is a text (the text follows); otherwise `where` is absent.
    pub const HAS_WHERE: u32 = 2;
    /// Some keys are expressions: `expressions` is a list (it follows the columns); otherwise
    /// `expressions` is absent.
    pub const HAS_EXPRESSIONS: u32 = 4;
}

/// An introspection in the compact form described in the module's documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compact {
    /// Every distinct text once, one after another, in order of first use.
    pub text: String,
    /// The texts' ends and the objects' structure (see the module's documentation).
    pub layout: Vec<u32>,
}

/// Builds a [`Compact`]: numbers each distinct text on first use.
struct Encoder<'a> {
    /// Each text's number.
    numbers: HashMap<&'a str, u32>,
    /// The texts so far.
    text: String,
    /// End of each text, in UTF-16 code units.
    ends: Vec<u32>,
    /// Length of `text` so far, in UTF-16 code units.
    units: usize,
    /// The structure after the texts' ends.
    body: Vec<u32>,
    /// Added to every text number written to `body`: [`LATER`] in the encoder of a later part
    /// of the tables, whose numbers are renumbered when the parts are joined.
    mark: u32,
}

/// Marks a text number in the body of a later part (counts and flags never reach it).
const LATER: u32 = 1 << 31;

/// Schemas of at least this many tables are encoded in two parts on two threads.
const PARALLEL_TABLES: usize = 64;

impl<'a> Encoder<'a> {
    fn new(capacity: usize, mark: u32) -> Self {
        Encoder {
            numbers: HashMap::with_capacity(capacity),
            text: String::new(),
            ends: Vec::new(),
            units: 0,
            body: Vec::new(),
            mark,
        }
    }

    /// The number of `s`, adding it to the texts when it is new.
    fn number(&mut self, s: &'a str) -> u32 {
        let next = self.ends.len() as u32;
        let number = *self.numbers.entry(s).or_insert(next);
        if number == next {
            self.text.push_str(s);
            self.units += utf16_len(s);
            self.ends.push(self.units as u32);
        }
        number
    }

    /// Appends the number of `s`, adding it to the texts when it is new.
    fn text(&mut self, s: &'a str) {
        let number = self.number(s);
        self.body.push(number | self.mark);
    }

    /// Appends `later`, the encoding of the tables after this encoder's: its texts that are new
    /// here numbered after this encoder's, in its order of first use, and its marked numbers
    /// renumbered, so that the whole is what one encoder of every table would have written.
    fn append(&mut self, later: Encoder<'a>) {
        let mut in_order = vec![""; later.ends.len()];
        for (&s, &n) in &later.numbers {
            in_order[n as usize] = s;
        }
        let renumber: Vec<u32> = in_order.into_iter().map(|s| self.number(s)).collect();
        self.body.extend(later.body.iter().map(|&n| {
            if n & LATER != 0 {
                renumber[(n & !LATER) as usize]
            } else {
                n
            }
        }));
    }

    /// Appends table `t`.
    fn table(&mut self, t: &'a TableSchemaJson) {
        self.text(&t.table_name);
        self.count(t.columns.len());
        for c in &t.columns {
            self.text(&c.name);
            self.text(&c.ty);
            self.body.push(
                flag(c.not_null, column_flags::NOT_NULL)
                    | flag(c.primary_key, column_flags::PRIMARY_KEY)
                    | flag(c.default_value.is_some(), column_flags::HAS_DEFAULT),
            );
            if let Some(d) = &c.default_value {
                self.text(d);
            }
        }
        self.count(t.indexes.len());
        for i in &t.indexes {
            self.text(&i.name);
            self.body.push(
                flag(i.unique, index_flags::UNIQUE)
                    | flag(i.predicate.is_some(), index_flags::HAS_WHERE)
                    | flag(!i.expressions.is_empty(), index_flags::HAS_EXPRESSIONS),
            );
            if let Some(p) = &i.predicate {
                self.text(p);
            }
            self.list(&i.columns);
            if !i.expressions.is_empty() {
                self.count(i.expressions.len());
                for e in &i.expressions {
                    self.text(e);
                }
            }
        }
        self.count(t.foreign_keys.len());
        for f in &t.foreign_keys {
            self.list(&f.columns);
            self.text(&f.referenced_table);
            self.list(&f.referenced_columns);
            self.text(f.on_delete);
            self.text(f.on_update);
        }
        self.count(t.checks.len());
        for c in &t.checks {
            self.text(&c.name);
            self.text(&c.expression);
        }
        self.list(&t.triggers);
        self.list(&t.views);
        self.count(t.unique_constraints.len());
        for u in &t.unique_constraints {
            self.list(&u.columns);
        }
    }

    /// Appends a count.
    fn count(&mut self, n: usize) {
        self.body.push(n as u32);
    }

    /// Appends a list: its length, then its texts.
    fn list(&mut self, items: &'a [Cow<'_, str>]) {
        self.count(items.len());
        for s in items {
            self.text(s);
        }
    }
}

/// `bit` when `on`, else 0.
fn flag(on: bool, bit: u32) -> u32 {
    if on {
        bit
    } else {
        0
    }
}

/// The length of `s` in UTF-16 code units.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

impl IntrospectionJson<'_> {
    /// This introspection in the compact form (see [`crate::introspect_transfer`]).
    pub fn to_compact(&self) -> Compact {
        self.encode(self.table_schemas.len() >= PARALLEL_TABLES)
    }

    /// [`IntrospectionJson::to_compact`], in two parts on two threads when `split` (the same
    /// result either way).
    fn encode(&self, split: bool) -> Compact {
        let tables = &self.table_schemas;
        // Sized for the distinct texts of a schema with ~4 per table (1,000 tables of the
        // bench: 4,029), so that the map seldom grows.
        let capacity = 1024.max(tables.len() * 8);
        let first = |upto: usize| {
            let mut e = Encoder::new(capacity, 0);
            e.list(&self.existing_tables);
            e.count(tables.len());
            for t in &tables[..upto] {
                e.table(t);
            }
            e
        };
        let e = if split {
            // The second half of the tables on a second thread, joined after the first.
            let half = tables.len() / 2;
            let (mut e, later) = crate::parallel::join(
                || first(half),
                || {
                    let mut later = Encoder::new(capacity, LATER);
                    for t in &tables[half..] {
                        later.table(t);
                    }
                    later
                },
            );
            e.append(later);
            e
        } else {
            first(tables.len())
        };
        let mut layout = Vec::with_capacity(1 + e.ends.len() + e.body.len());
        layout.push(e.ends.len() as u32);
        layout.extend_from_slice(&e.ends);
        layout.extend_from_slice(&e.body);
        Compact {
            text: e.text,
            layout,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::introspect::{introspect, introspection};
    use serde_json::{json, Map, Value};
    use std::time::{Duration, Instant};

    /// Reads a [`Compact`] back like `lib/introspect-transfer.js` does.
    struct Reader<'a> {
        numbers: std::slice::Iter<'a, u32>,
        texts: Vec<String>,
    }

    impl Reader<'_> {
        fn number(&mut self) -> u32 {
            *self.numbers.next().expect("the layout ends early")
        }
        fn text(&mut self) -> Value {
            let i = self.number() as usize;
            Value::String(self.texts[i].clone())
        }
        fn list(&mut self) -> Value {
            let n = self.number();
            Value::Array((0..n).map(|_| self.text()).collect())
        }
    }

    /// The value serde_json gives for the introspection `c` encodes.
    fn decode(c: &Compact) -> Value {
        let units: Vec<u16> = c.text.encode_utf16().collect();
        let count = c.layout[0] as usize;
        let mut start = 0;
        let texts = c.layout[1..=count]
            .iter()
            .map(|&end| {
                let text = String::from_utf16(&units[start..end as usize]).unwrap();
                start = end as usize;
                text
            })
            .collect();
        assert_eq!(start, units.len(), "text after the last end");
        let mut r = Reader {
            numbers: c.layout[count + 1..].iter(),
            texts,
        };
        let existing_tables = r.list();
        let table_schemas: Vec<Value> = (0..r.number())
            .map(|_| {
                let table_name = r.text();
                let columns: Vec<Value> = (0..r.number())
                    .map(|_| {
                        let (name, ty, f) = (r.text(), r.text(), r.number());
                        let default = if f & column_flags::HAS_DEFAULT != 0 {
                            r.text()
                        } else {
                            Value::Null
                        };
                        json!({ "name": name, "type": ty, "notNull": f & column_flags::NOT_NULL != 0,
                                "defaultValue": default, "primaryKey": f & column_flags::PRIMARY_KEY != 0 })
                    })
                    .collect();
                let indexes: Vec<Value> = (0..r.number())
                    .map(|_| {
                        let (name, f) = (r.text(), r.number());
                        let predicate = (f & index_flags::HAS_WHERE != 0).then(|| r.text());
                        let mut index = Map::new();
                        index.insert("name".into(), name);
                        index.insert("columns".into(), r.list());
                        index.insert("unique".into(), (f & index_flags::UNIQUE != 0).into());
                        if let Some(p) = predicate {
                            index.insert("where".into(), p);
                        }
                        if f & index_flags::HAS_EXPRESSIONS != 0 {
                            index.insert("expressions".into(), r.list());
                        }
                        Value::Object(index)
                    })
                    .collect();
                let foreign_keys: Vec<Value> = (0..r.number())
                    .map(|_| {
                        let (columns, table, referenced) = (r.list(), r.text(), r.list());
                        json!({ "columns": columns, "referencedTable": table, "referencedColumns": referenced,
                                "onDelete": r.text(), "onUpdate": r.text() })
                    })
                    .collect();
                let checks: Vec<Value> = (0..r.number())
                    .map(|_| json!({ "name": r.text(), "expression": r.text() }))
                    .collect();
                let (triggers, views) = (r.list(), r.list());
                let unique_constraints: Vec<Value> = (0..r.number())
                    .map(|_| json!({ "columns": r.list() }))
                    .collect();
                json!({ "tableName": table_name, "columns": columns, "indexes": indexes,
                        "foreignKeys": foreign_keys, "checks": checks, "triggers": triggers, "views": views,
                        "uniqueConstraints": unique_constraints })
            })
            .collect();
        assert_eq!(r.numbers.next(), None, "numbers left over");
        json!({ "existingTables": existing_tables, "tableSchemas": table_schemas })
    }

    /// A database made by `sql` in a fresh file; its path.
    fn database(name: &str, sql: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("mg-transfer-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        let _ = std::fs::remove_file(&path);
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        path
    }

    /// Encodes the database made by `sql`, checks that it decodes to serde_json's value, and
    /// returns the encoding.
    fn round_trip(name: &str, sql: &str) -> Compact {
        let path = database(name, sql);
        let path_text = path.to_str().unwrap();
        let (compact, value) = introspection(path_text, |view| {
            (view.to_compact(), serde_json::to_value(view).unwrap())
        })
        .unwrap();
        let schema = introspect(path_text).unwrap();
        std::fs::remove_dir_all(path.parent().unwrap()).ok();
        assert_eq!(decode(&compact), value);
        // The answer made through SQLite's PRAGMAs encodes the same.
        assert_eq!(
            IntrospectionJson::from_schema(&schema).to_compact(),
            compact
        );
        compact
    }

    /// Two parts encoded on two threads and joined give exactly what one encoder gives: texts
    /// shared by the parts, texts new in the second part, names outside the BMP.
    #[test]
    fn two_parts_encode_as_one() {
        let mut sql = String::from("BEGIN;");
        for i in 0..(PARALLEL_TABLES * 3) {
            let shared = i % 7;
            sql.push_str(&format!(
                "CREATE TABLE \"t{i} 😀\" (id INTEGER PRIMARY KEY, c{shared} TEXT DEFAULT 'd{}', only_{i} INT REFERENCES \"t0 😀\", CHECK (c{shared} <> 'x'));
                 CREATE INDEX ix{i} ON \"t{i} 😀\" (c{shared}) WHERE only_{i} > {shared};",
                i % 3
            ));
        }
        sql.push_str("COMMIT;");
        let path = database("two-parts", &sql);
        let (one, two) = introspection(path.to_str().unwrap(), |view| {
            (view.encode(false), view.encode(true))
        })
        .unwrap();
        std::fs::remove_dir_all(path.parent().unwrap()).ok();
        assert_eq!(two, one);
        assert!(
            one.layout[0] > 400,
            "texts both shared and new: {}",
            one.layout[0]
        );
    }

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("\u{2028}"), 1);
        assert_eq!(utf16_len("a😀b"), 4);
    }

    #[test]
    fn an_empty_database_is_three_zeros() {
        let c = round_trip("empty", "PRAGMA user_version = 1;");
        assert_eq!(c.text, "");
        assert_eq!(c.layout, [0, 0, 0]);
    }

    /// Names with quotes, brackets, spaces, non-BMP characters and line separators; defaults
    /// of each kind; partial, unique and expression indexes; composite and implicit foreign
    /// keys; checks, triggers and views.
    #[test]
    fn awkward_schemas_decode_to_what_serde_json_gives() {
        let c = round_trip(
            "awkward",
            r#"
            CREATE TABLE "we""ird `tab` [x]" ("id 😀" INTEGER PRIMARY KEY, "na'me" TEXT NOT NULL DEFAULT 'O''Brien',
                "sep{LS}" TEXT DEFAULT 'line
            break', n REAL DEFAULT -1.5, z INT DEFAULT NULL, e TEXT DEFAULT (lower('X')),
                t TEXT DEFAULT CURRENT_TIMESTAMP, "é" BLOB, CHECK (n > -2), CONSTRAINT "chk 🙂" CHECK ("na'me" <> ''));
            CREATE TABLE parent (a INT, b TEXT, PRIMARY KEY (a, b));
            CREATE TABLE child (id INTEGER PRIMARY KEY, pa INT, pb TEXT, w INT REFERENCES "we""ird `tab` [x]",
                FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE CASCADE ON UPDATE SET NULL);
            CREATE UNIQUE INDEX "ux 😀" ON child (pa, pb) WHERE pa > 0 AND pb <> 'it''s';
            CREATE INDEX ix_expr ON child (lower(pb));
            CREATE INDEX ix_plain ON child (w);
            CREATE TRIGGER "trg ""q""" AFTER INSERT ON child BEGIN SELECT 1; END;
            CREATE VIEW "v 😀" AS SELECT * FROM child;
            "#
            .replace("{LS}", "\u{2028}")
            .as_str(),
        );
        assert!(c.text.contains("sep\u{2028}"));
        // Each distinct text once: "id 😀" and "child" are used several times.
        assert_eq!(c.text.matches("child").count(), 1, "{}", c.text);
        assert_eq!(c.text.matches("NO ACTION").count(), 1, "{}", c.text);
    }

    /// A file that cannot be read gives the same error answer as the JSON path.
    #[test]
    fn errors_are_the_json_answer() {
        let dir = std::env::temp_dir().join(format!("mg-transfer-{}-errors", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.db");
        let not_sqlite = dir.join("text.db");
        std::fs::write(&not_sqlite, "not a database, just text ".repeat(100)).unwrap();
        for (path, code) in [(&missing, "DB_NOT_FOUND"), (&not_sqlite, "DB_UNREADABLE")] {
            let path = path.to_str().unwrap();
            let answer = crate::introspect_compact(path).unwrap_err();
            assert_eq!(answer, crate::introspect_json(path));
            assert!(answer.contains(code), "{answer}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The median and the fastest of `runs` calls of `f`, in milliseconds.
    fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> String {
        for _ in 0..5 {
            std::hint::black_box(f());
        }
        let mut t: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect();
        t.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        format!(
            "median {:.3} ms, fastest {:.3} ms",
            ms(t[runs / 2]),
            ms(t[0])
        )
    }

    /// Times the read and both encodings of the database at `MG_XFER_DB` (see the module's
    /// documentation).
    #[test]
    #[ignore]
    fn timing() {
        let Ok(path) = std::env::var("MG_XFER_DB") else {
            eprintln!("MG_XFER_DB is not set");
            return;
        };
        introspection(&path, |view| {
            let compact = view.to_compact();
            assert_eq!(decode(&compact), serde_json::to_value(view).unwrap());
            eprintln!(
                "serde_json:  {}",
                time(100, || serde_json::to_string(view).unwrap())
            );
            eprintln!("to_compact:  {}", time(100, || view.to_compact()));
        })
        .unwrap();
        eprintln!(
            "read:        {}",
            time(100, || introspection(&path, |_| ()).unwrap())
        );
    }
}
