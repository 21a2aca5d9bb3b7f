//! SQLite 3.35+: the five storage classes, inline `REFERENCES`, `INTEGER PRIMARY KEY` for
//! auto-increment, `datetime('now')` for the current time.

use super::{Dialect, ExprPlace};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::word_table::WordTable;
use sqlparser::dialect::{Dialect as ParserDialect, SQLiteDialect};

/// The SQLite dialect.
pub struct Sqlite;

/// `name` as a double-quoted identifier (inner quotes doubled), for the probe statements that
/// ask SQLite about a user's expression over columns of any name.
pub fn quoted_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Keywords SQLite refuses as bare table or column names, or as a column's name in a key, an
/// index or a CHECK (`cast` and `raise`: `CREATE TABLE t (cast INTEGER)` works, `PRIMARY KEY
/// (cast, id)` and `CHECK (cast > 0)` are syntax errors; checked against the bundled engine in the
/// tests), plus the current-time keywords, which would read as values in expressions.
const RESERVED: &[&str] = &[
    "add",
    "all",
    "alter",
    "and",
    "as",
    "autoincrement",
    "between",
    "case",
    "cast",
    "check",
    "collate",
    "commit",
    "constraint",
    "create",
    "current_date",
    "current_time",
    "current_timestamp",
    "default",
    "deferrable",
    "delete",
    "distinct",
    "drop",
    "else",
    "escape",
    "except",
    "exists",
    "foreign",
    "from",
    "group",
    "having",
    "if",
    "in",
    "index",
    "insert",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "limit",
    "not",
    "nothing",
    "notnull",
    "null",
    "on",
    "or",
    "order",
    "primary",
    "raise",
    "references",
    "returning",
    "select",
    "set",
    "table",
    "then",
    "to",
    "transaction",
    "union",
    "unique",
    "update",
    "using",
    "values",
    "when",
    "where",
];

impl Dialect for Sqlite {
    fn database_type(&self) -> DatabaseType {
        DatabaseType::Sqlite
    }

    fn parser(&self) -> &'static (dyn ParserDialect + Sync) {
        &SQLiteDialect {}
    }

    fn text_comparison(&self, _ty: ColumnType) -> super::TextComparison {
        use super::TextComparison;
        // Text columns are TEXT with the BINARY collation.
        TextComparison::Exact
    }

    fn max_identifier_bytes(&self) -> usize {
        crate::limits::MAX_IDENTIFIER_BYTES
    }

    fn reserved_words(&self) -> &'static WordTable {
        static RESERVED_WORDS: WordTable = WordTable::new(RESERVED);
        &RESERVED_WORDS
    }

    fn column_type(&self, column: &Column, _in_key: bool) -> String {
        use ColumnType::*;
        match column.ty {
            Integer | Int | Bigint | Tinyint | Boolean => "INTEGER",
            Real => "REAL",
            Blob => "BLOB",
            Numeric | Decimal => "NUMERIC",
            Text | Varchar | Char | Timestamp | Datetime | Date | Uuid | Json | Jsonb => "TEXT",
        }
        .to_string()
    }

    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }

    fn now_default(&self, _column: &Column, kind: NowKind) -> String {
        match kind {
            NowKind::Timestamp => "(datetime('now'))",
            NowKind::Date => "(date('now'))",
            NowKind::Time => "(time('now'))",
        }
        .to_string()
    }

    /// `INTEGER PRIMARY KEY AUTOINCREMENT`: the rowid, and with AUTOINCREMENT never a key
    /// given before (without it, a new row takes the largest key + 1, so the key of a deleted
    /// last row came back), as PostgreSQL's sequences and MySQL's AUTO_INCREMENT, and as
    /// Prisma, Drizzle and Knex write it.
    fn auto_increment_definition(&self, _column: &Column) -> String {
        "INTEGER PRIMARY KEY AUTOINCREMENT".to_string()
    }

    fn inline_foreign_keys(&self) -> bool {
        true
    }

    fn validate_table(&self, table: &Table, _: &[Option<Vec<String>>], report: &mut Report) {
        if table.name.starts_with("sqlite_") {
            report.push(
                Issue::error(
                    Code::InvalidTableName,
                    format!(
                        "'{}' starts with 'sqlite_', which SQLite reserves for itself",
                        table.name
                    ),
                )
                .table(&table.name)
                .suggest("choose a name that does not start with 'sqlite_'"),
            );
        }
        for index in &table.indexes {
            if index.name.starts_with("sqlite_") {
                report.push(
                    Issue::error(
                        Code::InvalidConstraintName,
                        format!(
                            "the index name '{}' starts with 'sqlite_', which SQLite reserves for itself",
                            index.name
                        ),
                    )
                    .table(&table.name)
                    .constraint(&index.name)
                    .suggest(format!("name it idx_{}_…", table.name)),
                );
            }
            match index.method {
                Some(m @ (IndexType::Gin | IndexType::Gist)) => report.push(
                    Issue::error(
                        Code::UnsupportedFeature,
                        format!("SQLite has no {} indexes", m.as_str()),
                    )
                    .table(&table.name)
                    .constraint(&index.name)
                    .suggest("drop the type (SQLite indexes are B-trees), or target PostgreSQL"),
                ),
                Some(IndexType::Hash) => report.push(
                    Issue::warning(
                        Code::IndexTypeIgnored,
                        "SQLite has no hash indexes; a B-tree index is created instead",
                    )
                    .table(&table.name)
                    .constraint(&index.name)
                    .suggest("drop type: 'hash' for SQLite to silence this"),
                ),
                _ => {}
            }
        }
        for column in &table.columns {
            if matches!(column.ty, ColumnType::Decimal | ColumnType::Numeric)
                && column.precision.is_some_and(|p| p > 15)
            {
                report.push(
                    Issue::warning(
                        Code::LossyTypeMapping,
                        "SQLite stores NUMERIC values as 64-bit integers or floats: more than 15 significant digits are rounded",
                    )
                    .table(&table.name)
                    .column(&column.name)
                    .suggest("store exact decimals as TEXT, or as INTEGER in the smallest unit (cents)"),
                );
            }
        }
    }

    /// Runs the DDL the expression will be part of on a private in-memory database, inside a
    /// savepoint that is rolled back: the same CREATE the self-check runs, nothing evaluated.
    fn engine_check(
        &self,
        place: ExprPlace,
        expression: &str,
        columns: &[&str],
    ) -> Result<(), String> {
        // Each name once (SQLite matches them in any case): a column listed twice is
        // DUPLICATE_COLUMN, and the probe table must not fail on it instead of the expression.
        let mut seen = std::collections::HashSet::with_capacity(columns.len());
        let mut cols: Vec<String> = columns
            .iter()
            .filter(|c| seen.insert(c.to_ascii_lowercase()))
            .map(|c| quoted_identifier(c))
            .collect();
        if cols.is_empty() {
            cols.push("_mg_probe_column".into());
        }
        let statements = match place {
            ExprPlace::Check => vec![format!(
                "CREATE TEMP TABLE _mg_probe ({}, CONSTRAINT _mg_probe_check CHECK ({expression}))",
                cols.join(", ")
            )],
            ExprPlace::IndexPredicate => vec![
                format!("CREATE TEMP TABLE _mg_probe ({})", cols.join(", ")),
                format!(
                    "CREATE INDEX _mg_probe_index ON _mg_probe ({}) WHERE {expression}",
                    cols[0]
                ),
            ],
            ExprPlace::Default => vec![format!(
                "CREATE TEMP TABLE _mg_probe (_mg_probe_column DEFAULT ({expression}))"
            )],
        };
        // Without a probe database there is no answer: accepted here. The expression check
        // (`sqlite_probe`) refuses to pass when there is none; the full check runs the statements.
        crate::sqlite_memory::with_probe(|conn| {
            if conn.execute_batch("SAVEPOINT _mg_probe;").is_err() {
                return Ok(());
            }
            // The message, without the probe statement it was found in (its offset counts
            // into that statement, not into the expression).
            let message = |e: rusqlite::Error| match e {
                rusqlite::Error::SqlInputError { msg, .. } => msg,
                e => e.to_string(),
            };
            let mut result = statements
                .iter()
                .try_for_each(|s| conn.execute(s, []).map(|_| ()))
                .map_err(message);
            // SQLite looks a default's functions up only when a row takes it: `DEFAULT (now())`
            // is created, and every INSERT then fails. Compiled (never run) as a SELECT, an
            // unknown function is refused here.
            if result.is_ok() && place == ExprPlace::Default {
                result = conn
                    .prepare(&format!("SELECT ({expression})"))
                    .map(|_| ())
                    .map_err(message);
            }
            let _ = conn.execute_batch("ROLLBACK TO _mg_probe; RELEASE _mg_probe;");
            result
        })
        .unwrap_or(Ok(()))
    }

    fn check_statements(
        &self,
        base: &[String],
        up: &[Vec<String>],
        down: &[Vec<String>],
    ) -> Result<(), crate::verify::CheckFailure> {
        crate::verify::execute_blocks_on_sqlite(base, up, down)
    }

    fn check_expressions(&self, tables: &[&Table]) -> Result<(), crate::verify::CheckFailure> {
        crate::sqlite_probe::check_expressions(tables)
    }

    fn check_default_calls(&self, tables: &[&Table]) -> Result<(), crate::verify::CheckFailure> {
        crate::sqlite_probe::check_default_calls(tables)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the fuzzer: an index named `sqlite_x` passed validation and SQLite refused it
    /// ("object name reserved for internal use"), reported as GENERATED_SQL_REJECTED.
    #[test]
    fn index_names_starting_with_sqlite_are_refused() {
        let mut table = Table {
            name: "t".into(),
            columns: vec![Column::new("a", ColumnType::Integer, false)],
            primary_key: vec!["a".into()],
            ..Default::default()
        };
        table.indexes.push(Index {
            name: "sqlite_x".into(),
            columns: vec!["a".into()],
            unique: false,
            method: None,
            predicate: None,
        });
        let mut report = Report::default();
        Sqlite.validate_table(
            &table,
            &crate::dialect::check_columns(&Sqlite, &table),
            &mut report,
        );
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].code, Code::InvalidConstraintName);
        assert_eq!(report.errors[0].constraint.as_deref(), Some("sqlite_x"));
        // Constraint names are not schema objects: SQLite accepts them.
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INT, CONSTRAINT sqlite_u UNIQUE (a), CONSTRAINT sqlite_c CHECK (a > 0));")
            .unwrap();
        assert!(conn
            .execute_batch("CREATE INDEX sqlite_x ON t(a);")
            .is_err());
    }

    /// Found by the fuzzer: sqlparser reads `<@` and `:=` in SQLite expressions; SQLite does
    /// not, and only the self-check noticed (GENERATED_SQL_REJECTED, no table or constraint).
    #[test]
    fn engine_check_asks_sqlite() {
        let cols = ["age", "status"];
        for (place, bad) in [
            (ExprPlace::Check, "age <@ 150"),
            (ExprPlace::Check, "age := 0"),
            (ExprPlace::Check, "nosuch(age) > 0"),
            (ExprPlace::Check, "max(age) > 0"),
            (ExprPlace::IndexPredicate, "random() > 0"),
            (ExprPlace::IndexPredicate, "age <@ 1"),
            (ExprPlace::Default, "age"),
            (ExprPlace::Default, "1 := 2"),
            // Created, but a row taking it fails: compiled as a SELECT too.
            (ExprPlace::Default, "now()"),
            (ExprPlace::Default, "upper(nosuch())"),
        ] {
            assert!(
                Sqlite.engine_check(place, bad, &cols).is_err(),
                "{place:?} {bad}"
            );
        }
        for (place, good) in [
            (
                ExprPlace::Check,
                "age >= 0 AND status IN ('a', 'it''s; -- no')",
            ),
            (ExprPlace::IndexPredicate, "status IS NOT NULL"),
            (ExprPlace::Default, "lower('X')"),
            (ExprPlace::Default, "datetime('now')"),
        ] {
            assert_eq!(
                Sqlite.engine_check(place, good, &cols),
                Ok(()),
                "{place:?} {good}"
            );
        }
        // Rolled back: the same probe twice, and nothing left behind.
        assert_eq!(
            Sqlite.engine_check(ExprPlace::Check, "age > 0", &cols),
            Ok(())
        );
        assert!(Sqlite
            .engine_check(ExprPlace::Check, "age > 0", &["we\"ird"])
            .is_err());
    }

    /// Every listed word really is refused by the bundled SQLite (the current-time keywords aside),
    /// and every other SQLite keyword is accepted wherever the generator writes a name: a table,
    /// a column, in a key, a UNIQUE, a foreign key, a CHECK, an index and its WHERE, and an index's
    /// or a constraint's name.
    #[test]
    fn reserved_list_matches_the_bundled_engine() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        let count = unsafe { rusqlite::ffi::sqlite3_keyword_count() };
        let mut mismatches = Vec::new();
        for i in 0..count {
            let mut ptr: *const std::os::raw::c_char = std::ptr::null();
            let mut len: std::os::raw::c_int = 0;
            unsafe { rusqlite::ffi::sqlite3_keyword_name(i, &mut ptr, &mut len) };
            let bytes = unsafe { std::slice::from_raw_parts(ptr as *const u8, len as usize) };
            let word = std::str::from_utf8(bytes).unwrap().to_ascii_lowercase();
            // Tables and indexes share one namespace: the word names a table, then an index.
            let works = conn
                .execute_batch(&format!(
                    "CREATE TABLE {word} ({word} INTEGER, x INTEGER, y TEXT, PRIMARY KEY ({word}, x), \
                     UNIQUE (x, {word}), CONSTRAINT {word} CHECK ({word} > 0 AND y <> ''), \
                     FOREIGN KEY ({word}, x) REFERENCES {word}({word}, x)); \
                     CREATE TABLE t_probe ({word} TEXT UNIQUE, z INTEGER, CHECK ({word} <> '')); \
                     CREATE INDEX i_probe ON {word}({word}) WHERE {word} IS NOT NULL; \
                     DROP TABLE {word}; CREATE INDEX {word} ON t_probe({word}, z); DROP TABLE t_probe;"
                ))
                .is_ok();
            // Whatever failed half-way is not left for the next word.
            let _ = conn.execute_batch(&format!(
                "DROP TABLE IF EXISTS \"{word}\"; DROP TABLE IF EXISTS t_probe;"
            ));
            let listed = Sqlite.is_reserved(&word);
            if word.starts_with("current_") {
                assert!(listed, "{word}");
                continue;
            }
            if listed == works {
                mismatches.push(format!("{word} (works as identifier: {works})"));
            }
        }
        assert!(
            mismatches.is_empty(),
            "reserved list out of step with SQLite: {mismatches:?}"
        );
    }
}
