//! MySQL 8.0 (MariaDB accepts the same): `AUTO_INCREMENT`, InnoDB with utf8mb4, foreign keys as
//! table-level constraints added with `ALTER TABLE`, and only syntax MySQL 8.0 accepts (no
//! `IF [NOT] EXISTS` on indexes or on `ALTER TABLE` clauses).

use super::mysql_parser::MySqlParser;
use super::{default_name_it_cannot_hold, rename_column_statement, Dialect};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::word_table::WordTable;
use sqlparser::dialect::{Dialect as ParserDialect, MySqlDialect};

/// The MySQL dialect.
pub struct MySql;

/// `text`, a user's expression, with each call of `length(` written `CHAR_LENGTH(`. SQLite's
/// and PostgreSQL's `length` count characters, MySQL's and MariaDB's bytes (`length('é')` is 2
/// there), and no name counts characters on all three (SQLite has no `char_length`): written so,
/// `CHECK (length(name) >= 2)` refuses `'é'` on MySQL as on the others. Token by token, with
/// sqlparser's MySQL tokenizer: a string literal, a quoted identifier, a word `length` that no
/// parenthesis follows (a column so named) and a qualified `db.length(` (someone's own function)
/// are left as written. Text that does not tokenize is returned as written (validation refuses
/// it before anything is rendered).
pub(crate) fn char_length_calls(text: &str) -> std::borrow::Cow<'_, str> {
    use sqlparser::tokenizer::{Location, Token, Tokenizer};
    use std::borrow::Cow;
    const WORD: &str = "length";
    if !(text.as_bytes().windows(WORD.len())).any(|w| w.eq_ignore_ascii_case(WORD.as_bytes())) {
        return Cow::Borrowed(text);
    }
    let Ok(tokens) = Tokenizer::new(&MySqlDialect {}, text).tokenize_with_location() else {
        return Cow::Borrowed(text);
    };
    let significant = |t: &Token| !matches!(t, Token::Whitespace(_));
    let mut calls: Vec<Location> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Token::Word(w) = &t.token else { continue };
        if w.quote_style.is_some() || !w.value.eq_ignore_ascii_case(WORD) {
            continue;
        }
        let next = tokens[i + 1..]
            .iter()
            .map(|t| &t.token)
            .find(|t| significant(t));
        let before = tokens[..i]
            .iter()
            .rev()
            .map(|t| &t.token)
            .find(|t| significant(t));
        if next == Some(&Token::LParen) && before != Some(&Token::Period) {
            calls.push(t.span.start);
        }
    }
    if calls.is_empty() {
        return Cow::Borrowed(text);
    }
    // A location is a line and a column of characters, both from 1, as the tokenizer counts them
    // (a new line at each '\n').
    let (mut line, mut column) = (1u64, 1u64);
    let mut out = String::with_capacity(text.len() + 5 * calls.len());
    let mut pending = calls.iter().peekable();
    let mut copied = 0;
    for (at, c) in text.char_indices() {
        if pending
            .peek()
            .is_some_and(|l| l.line == line && l.column == column)
        {
            pending.next();
            // The tokenizer's location always starts the word; should it not, nothing is
            // rewritten rather than something else.
            if !text[at..]
                .get(..WORD.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(WORD))
            {
                return Cow::Borrowed(text);
            }
            out.push_str(&text[copied..at]);
            out.push_str("CHAR_LENGTH");
            copied = at + WORD.len();
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    if pending.next().is_some() {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The built-in functions whose name, as a bare table name followed by a column list, MySQL and
/// MariaDB read as a call when the session has `IGNORE_SPACE` (mysql2 sets it by default): the
/// MySQL manual's list of functions `IGNORE_SPACE` affects, and every name of the servers' help
/// tables that MySQL 9.7 or MariaDB 10.11 refused as `CREATE TABLE name (id INT)` under
/// `IGNORE_SPACE` and took without it (both measured). Sorted, for `binary_search`.
const IGNORE_SPACE_FUNCTIONS: &[&str] = &[
    "adddate",
    "bit_and",
    "bit_or",
    "bit_xor",
    "cast",
    "count",
    "cume_dist",
    "curdate",
    "curtime",
    "date_add",
    "date_sub",
    "dense_rank",
    "extract",
    "first_value",
    "group_concat",
    "json_arrayagg",
    "json_objectagg",
    "lag",
    "lead",
    "max",
    "median",
    "mid",
    "min",
    "now",
    "nth_value",
    "ntile",
    "percent_rank",
    "position",
    "rank",
    "session_user",
    "std",
    "stddev",
    "stddev_pop",
    "stddev_samp",
    "subdate",
    "substr",
    "substring",
    "sum",
    "sysdate",
    "system_user",
    "trim",
    "var_pop",
    "var_samp",
    "variance",
];

/// MySQL 8.0's reserved words (the manual's "(R)" list), plus those MariaDB 10.11 reserves (every
/// word of its information_schema.KEYWORDS that it refuses as a bare table or column name), and
/// those later MySQL releases reserve: `qualify` and `tablesample` (8.4 LTS), `external` and
/// `library` (9.x; MySQL 9.7's information_schema.KEYWORDS has no other reserved word).
const RESERVED: &[&str] = &[
    "accessible",
    "add",
    "all",
    "alter",
    "analyze",
    "and",
    "as",
    "asc",
    "asensitive",
    "before",
    "between",
    "bigint",
    "binary",
    "blob",
    "both",
    "by",
    "call",
    "cascade",
    "case",
    "change",
    "char",
    "character",
    "check",
    "collate",
    "column",
    "condition",
    "constraint",
    "continue",
    "convert",
    "create",
    "cross",
    "cube",
    "cume_dist",
    "current_date",
    "current_role",
    "current_time",
    "current_timestamp",
    "current_user",
    "cursor",
    "database",
    "databases",
    "day_hour",
    "day_microsecond",
    "day_minute",
    "day_second",
    "dec",
    "decimal",
    "declare",
    "default",
    "delayed",
    "delete",
    "delete_domain_id",
    "dense_rank",
    "desc",
    "describe",
    "deterministic",
    "distinct",
    "distinctrow",
    "div",
    "do_domain_ids",
    "double",
    "drop",
    "dual",
    "each",
    "else",
    "elseif",
    "empty",
    "enclosed",
    "escaped",
    "except",
    "exists",
    "exit",
    "explain",
    "external",
    "false",
    "fetch",
    "first_value",
    "float",
    "float4",
    "float8",
    "for",
    "force",
    "foreign",
    "from",
    "fulltext",
    "function",
    "generated",
    "get",
    "grant",
    "group",
    "grouping",
    "groups",
    "having",
    "high_priority",
    "hour_microsecond",
    "hour_minute",
    "hour_second",
    "if",
    "ignore",
    "ignore_domain_ids",
    "in",
    "index",
    "infile",
    "inner",
    "inout",
    "insensitive",
    "insert",
    "int",
    "int1",
    "int2",
    "int3",
    "int4",
    "int8",
    "integer",
    "intersect",
    "interval",
    "into",
    "io_after_gtids",
    "io_before_gtids",
    "is",
    "iterate",
    "join",
    "json_table",
    "key",
    "keys",
    "kill",
    "lag",
    "last_value",
    "lateral",
    "lead",
    "leading",
    "leave",
    "left",
    "library",
    "like",
    "limit",
    "linear",
    "lines",
    "load",
    "localtime",
    "localtimestamp",
    "lock",
    "long",
    "longblob",
    "longtext",
    "loop",
    "low_priority",
    "master_bind",
    "master_demote_to_replica",
    "master_demote_to_slave",
    "master_ssl_verify_server_cert",
    "match",
    "maxvalue",
    "mediumblob",
    "mediumint",
    "mediumtext",
    "middleint",
    "minute_microsecond",
    "minute_second",
    "mod",
    "modifies",
    "natural",
    "no_write_to_binlog",
    "not",
    "nth_value",
    "ntile",
    "null",
    "numeric",
    "of",
    "offset",
    "on",
    "optimize",
    "optimizer_costs",
    "option",
    "optionally",
    "or",
    "order",
    "out",
    "outer",
    "outfile",
    "over",
    "page_checksum",
    "parse_vcol_expr",
    "partition",
    "percent_rank",
    "portion",
    "precision",
    "primary",
    "procedure",
    "purge",
    "qualify",
    "range",
    "rank",
    "read",
    "read_write",
    "reads",
    "real",
    "recursive",
    "ref_system_id",
    "references",
    "regexp",
    "release",
    "rename",
    "repeat",
    "replace",
    "require",
    "resignal",
    "restrict",
    "return",
    "returning",
    "revoke",
    "right",
    "rlike",
    "row",
    "row_number",
    "rows",
    "schema",
    "schemas",
    "second_microsecond",
    "select",
    "sensitive",
    "separator",
    "set",
    "show",
    "signal",
    "smallint",
    "spatial",
    "specific",
    "sql",
    "sql_big_result",
    "sql_calc_found_rows",
    "sql_small_result",
    "sqlexception",
    "sqlstate",
    "sqlwarning",
    "ssl",
    "starting",
    "stats_auto_recalc",
    "stats_persistent",
    "stats_sample_pages",
    "stored",
    "straight_join",
    "system",
    "table",
    "tablesample",
    "terminated",
    "then",
    "tinyblob",
    "tinyint",
    "tinytext",
    "to",
    "trailing",
    "trigger",
    "true",
    "undo",
    "union",
    "unique",
    "unlock",
    "unsigned",
    "update",
    "usage",
    "use",
    "using",
    "utc_date",
    "utc_time",
    "utc_timestamp",
    "values",
    "varbinary",
    "varchar",
    "varcharacter",
    "varying",
    "virtual",
    "when",
    "where",
    "while",
    "window",
    "with",
    "write",
    "xor",
    "year_month",
    "zerofill",
];

/// The session's `sql_mode` the migration runs in (`MySql::session_guard`), over lines within
/// 120 characters (no `;` ends one before the last, so a runner splitting at `;` and a newline
/// keeps the statement whole).
const SESSION_SQL_MODE: &str = "SET SESSION sql_mode = CONCAT_WS(',',
  NULLIF(TRIM(BOTH ',' FROM REPLACE(REPLACE(REPLACE(CONCAT(',', @@SESSION.sql_mode, ','),
    ',NO_ZERO_IN_DATE,', ','), ',NO_ZERO_DATE,', ','), ',TRADITIONAL,', ',')), ''),
  IF(FIND_IN_SET('STRICT_TRANS_TABLES', @@SESSION.sql_mode) > 0
    OR FIND_IN_SET('STRICT_ALL_TABLES', @@SESSION.sql_mode) > 0, NULL, 'STRICT_TRANS_TABLES'));";

/// How [`MySql::string_literal`] starts a text's hex literal (its digits and `'` follow).
const HEX_INTRODUCER: &str = "_utf8mb4 X'";

/// The UTF-8 bytes of `text` as upper-case hex digits.
fn hex_digits(text: &str) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Types MySQL stores off-row and cannot put in a key without a prefix length.
fn is_lob(ty: ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Text | ColumnType::Blob | ColumnType::Json | ColumnType::Jsonb
    )
}

/// The most bytes an InnoDB key holds (DYNAMIC rows, the default of MySQL 8.0 and MariaDB 10.11).
/// MySQL refuses a longer key (error 1071); MariaDB silently makes a long UNIQUE key a hash and
/// shortens a plain index to a prefix, so neither gives the key the spec asks for.
const MAX_KEY_BYTES: u32 = 3072;

/// The most secondary indexes an InnoDB table can have.
const MAX_SECONDARY_KEYS: usize = 64;

/// Bytes a key column takes at most: utf8mb4 is 4 bytes a character, a TEXT key column is
/// VARCHAR(255), DECIMAL packs 9 digits in 4 bytes. LOB columns are refused in keys elsewhere.
fn key_bytes(column: &Column) -> u32 {
    use ColumnType::*;
    let decimal_part =
        |digits: u32| (digits / 9) * 4 + [0, 1, 1, 2, 2, 3, 3, 4, 4, 4][(digits % 9) as usize];
    match column.ty {
        Varchar => 4 * column.length.unwrap_or(255),
        Char => 4 * column.length.unwrap_or(1),
        Text => 4 * 255,
        Uuid => 4 * 36,
        Integer | Int => 4,
        Bigint | Real => 8,
        Tinyint | Boolean => 1,
        Date => 3,
        // 5, and a byte for each two digits of a second (rounded up).
        Timestamp | Datetime => 5 + column.precision.unwrap_or(0).div_ceil(2),
        Numeric | Decimal => {
            let (p, s) = (column.precision.unwrap_or(10), column.scale.unwrap_or(0));
            decimal_part(p.saturating_sub(s)) + decimal_part(s)
        }
        Blob | Json | Jsonb => 0,
    }
}

/// The most bytes a MySQL row may declare (the server's limit, whatever the engine).
const MAX_ROW_BYTES: u32 = 65_535;

/// The bytes a column counts toward [`MAX_ROW_BYTES`]: its longest value in utf8mb4 with its
/// length bytes; a LONGTEXT, LONGBLOB or JSON column only its 4 length bytes and a pointer (its
/// value is stored apart). `in_key`: the column is a key column (a TEXT one is then VARCHAR(255)).
fn row_bytes(column: &Column, in_key: bool) -> u32 {
    use ColumnType::*;
    let varchar = |chars: u32| {
        let bytes = 4 * chars;
        bytes + if bytes > 255 { 2 } else { 1 }
    };
    match column.ty {
        Varchar => varchar(column.length.unwrap_or(255)),
        Text if in_key => varchar(255),
        Text | Blob | Json | Jsonb => 12,
        _ => key_bytes(column),
    }
}

/// The most bytes InnoDB lets a row take in its page (16 KB pages): a CREATE TABLE whose row can
/// reach it is refused, "Row size too large (> 8126)", with `innodb_strict_mode` on (the default).
const MAX_INNODB_ROW_BYTES: u32 = 8126;

/// The bytes InnoDB counts for the row of `table` in its page, as MariaDB (`mariadb`) or MySQL
/// reckon them, measured on MariaDB 10.11 and MySQL 9.7 (the most columns of each type a CREATE
/// TABLE took): 5 header bytes, a bit a nullable column, the transaction id and roll pointer (13),
/// each fixed-size column's bytes, and each variable-length one's length byte and the bytes it may
/// keep in the row — MariaDB: its longest value in utf8mb4 up to 255 bytes (`VARCHAR(63)`: 252),
/// 20 for a longer one or a LOB, which it stores apart; MySQL: up to 40 for every one of them. So
/// 40 `VARCHAR(63)` columns are refused by MariaDB and 200 `LONGTEXT` columns by MySQL, which the
/// 65,535-byte row limit lets through.
fn innodb_row_bytes(table: &Table, mariadb: bool) -> u32 {
    use ColumnType::*;
    let nullable = table.columns.iter().filter(|c| c.nullable).count() as u32;
    let mut bytes = 5 + nullable.div_ceil(8) + 13;
    if table.primary_key.is_empty() {
        bytes += 6; // the row id InnoDB adds
    }
    for c in &table.columns {
        let longest = match c.ty {
            Varchar => Some(4 * c.length.unwrap_or(255)),
            Char => Some(4 * c.length.unwrap_or(1)),
            Uuid => Some(4 * 36),
            Text if table.is_key_column(&c.name) => Some(4 * 255),
            Text | Blob | Json | Jsonb => None,
            _ => {
                bytes = bytes.saturating_add(key_bytes(c));
                continue;
            }
        };
        let kept = match (longest, mariadb) {
            (Some(n), true) if n <= 255 => n,
            (_, true) => 20,
            (Some(n), false) => n.min(40),
            (None, false) => 40,
        };
        bytes = bytes.saturating_add(kept + 1);
    }
    bytes
}

/// The most bytes of a default expression's text: MySQL 9.7 refuses a column whose default
/// expression, as its data dictionary keeps it, is longer ("Failed to update columns dictionary
/// object"); MariaDB 10.11 refuses one of 65,534 ("Expression in the DEFAULT clause is too
/// big"), and less with the rest of the table ([`MARIADB_DEFINITION_BYTES`]).
const MAX_DEFAULT_EXPRESSION_BYTES: usize = 65_535;

/// What MariaDB 10.11 keeps of a table's definition in its `.frm` file, which holds 65,535 bytes:
/// the text of every default expression, beside at least [`MARIADB_DEFINITION_OVERHEAD`] bytes
/// and [`MARIADB_DEFINITION_COLUMN_BYTES`] and the name's a column (a CREATE TABLE over it is
/// refused, "Table definition is too large"). Measured there: one TEXT column `b` took a default
/// expression of 65,203 bytes, `id INT` and `body` one of 65,177, 100 INT columns c0 to c99 1,890
/// bytes less than 10; two defaults of 30,002 and 35,151 bytes together. The overhead and column
/// bytes are a little under what those show, so that nothing MariaDB takes is refused.
const MARIADB_DEFINITION_BYTES: usize = 65_535;
/// See [`MARIADB_DEFINITION_BYTES`].
const MARIADB_DEFINITION_OVERHEAD: usize = 310;
/// See [`MARIADB_DEFINITION_BYTES`].
const MARIADB_DEFINITION_COLUMN_BYTES: usize = 15;

/// The bytes of `text`, a string default written as an expression (`('…')` or
/// `(CONVERT(X'…' USING utf8mb4))`, `hex`), as MySQL 9.7's data dictionary keeps them:
/// `_utf8mb4\'…\'` with a quote as `\\\'` (4 bytes) and each byte of a character past ASCII
/// written as two (é 4 bytes, € 6, 😀 8), or `convert(0x… using utf8mb4)`. Measured there: the
/// longest such defaults taken were 65,523 ASCII characters, 16,380 é or quotes, 10,920 €,
/// 8,190 😀, and 32,755 bytes in hex; one more of each was refused.
fn mysql_dictionary_bytes(text: &str, hex: bool) -> usize {
    if hex {
        return "convert(0x using utf8mb4)".len() + 2 * text.len();
    }
    let characters: usize = text
        .chars()
        .map(|ch| match ch {
            '\'' => 4,
            ch if ch.is_ascii() => 1,
            ch => 2 * ch.len_utf8(),
        })
        .sum();
    r"_utf8mb4\'\'".len() + characters
}

/// What a DATE or DATETIME column added NOT NULL without a default gets in every row on MySQL
/// ([`Dialect::value_for_rows_without_default`]): said whenever the down migration writes it,
/// as MySQL's default `sql_mode` refuses it everywhere else.
pub const ZERO_DATE: &str = "the zero date ('0000-00-00'), which MySQL's default sql_mode (NO_ZERO_DATE) refuses to write elsewhere but the migration's session, without NO_ZERO_DATE, writes";

impl Dialect for MySql {
    /// MySQL 8.0's limit on a key's parts (MariaDB allows 32).
    fn max_key_columns(&self) -> Option<usize> {
        Some(16)
    }

    fn database_type(&self) -> DatabaseType {
        DatabaseType::Mysql
    }

    /// sqlparser's MySQL dialect with the expression prefix shortcut ([`MySqlParser`]).
    fn parser(&self) -> &'static (dyn ParserDialect + Sync) {
        &MySqlParser(MySqlDialect {})
    }

    /// `length(` is written `CHAR_LENGTH(` ([`char_length_calls`]): MySQL's LENGTH counts bytes.
    fn expression<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        char_length_calls(text)
    }

    fn text_comparison(&self, _ty: ColumnType) -> super::TextComparison {
        use super::TextComparison;
        // utf8mb4_general_ci (MariaDB) and utf8mb4_0900_ai_ci (MySQL 8).
        TextComparison::Loose
    }

    fn max_identifier_bytes(&self) -> usize {
        64
    }

    fn reserved_words(&self) -> &'static WordTable {
        static RESERVED_WORDS: WordTable = WordTable::new(RESERVED);
        &RESERVED_WORDS
    }

    fn column_type(&self, column: &Column, in_key: bool) -> String {
        use ColumnType::*;
        let decimal = || {
            format!(
                "DECIMAL({},{})",
                column.precision.unwrap_or(10),
                column.scale.unwrap_or(0)
            )
        };
        match column.ty {
            Text if in_key => "VARCHAR(255)".into(),
            // The LONG forms: MySQL's TEXT and BLOB hold 65,535 bytes (refusing longer values
            // in strict mode), where the same spec's column holds any length on SQLite and
            // PostgreSQL; LONGTEXT and LONGBLOB are stored the same way (apart from the row).
            Text => "LONGTEXT".into(),
            Integer | Int => "INT".into(),
            Bigint => "BIGINT".into(),
            Tinyint => "TINYINT".into(),
            Real => "DOUBLE".into(),
            Blob => "LONGBLOB".into(),
            Numeric | Decimal => decimal(),
            Varchar => format!("VARCHAR({})", column.length.unwrap_or(255)),
            Char => format!("CHAR({})", column.length.unwrap_or(1)),
            Boolean => "TINYINT(1)".into(),
            Timestamp | Datetime => match column.precision {
                Some(p) if p > 0 => format!("DATETIME({p})"),
                _ => "DATETIME".into(),
            },
            Date => "DATE".into(),
            Uuid => "CHAR(36)".into(),
            Jsonb | Json => "JSON".into(),
        }
    }

    /// `'…'` with quotes doubled; a text holding a backslash is written as its UTF-8 bytes in hex
    /// with a character-set introducer, `_utf8mb4 X'…'`, which means the same text whatever the
    /// session's `sql_mode` (with `NO_BACKSLASH_ESCAPES` a backslash in `'…'` is a backslash,
    /// without it an escape: no quoted form reads the same both ways).
    fn string_literal(&self, text: &str) -> String {
        if text.contains('\\') {
            return [HEX_INTRODUCER, &hex_digits(text), "'"].concat();
        }
        super::quote_doubling(text)
    }

    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }

    /// TEXT, BLOB and JSON columns take a default only as an expression: the literal in
    /// parentheses. A hex literal ([`MySql::string_literal`]) is written there as
    /// `CONVERT(X'…' USING utf8mb4)`: MariaDB 10.11 stores `(_utf8mb4 X'…')` as the text
    /// `_utf8mb4'…'` without escaping it, so a backslash is lost and a quote breaks the table.
    fn literal_default(&self, column: &Column, in_key: bool, literal: String) -> String {
        if is_lob(column.ty) && !(in_key && column.ty == ColumnType::Text) {
            match literal.strip_prefix(HEX_INTRODUCER) {
                Some(hex) => format!("(CONVERT(X'{hex} USING utf8mb4))"),
                None => format!("({literal})"),
            }
        } else {
            literal
        }
    }

    fn max_text_chars(&self, column: &Column, in_key: bool) -> Option<u32> {
        match column.ty {
            ColumnType::Text if in_key => Some(255),
            ColumnType::Varchar => Some(column.length.unwrap_or(255)),
            ColumnType::Char => Some(column.length.unwrap_or(1)),
            _ => None,
        }
    }

    fn now_default(&self, column: &Column, kind: NowKind) -> String {
        match (column.ty, kind) {
            // MySQL refuses a column whose default's precision is not the column's
            // (`DATETIME(3) DEFAULT CURRENT_TIMESTAMP`: "Invalid default value"); MariaDB writes
            // CURRENT_TIMESTAMP(3) for it.
            (ColumnType::Timestamp | ColumnType::Datetime, NowKind::Timestamp) => {
                match column.precision {
                    Some(p) if p > 0 => format!("CURRENT_TIMESTAMP({p})"),
                    _ => "CURRENT_TIMESTAMP".into(),
                }
            }
            _ => format!("({})", kind.as_str()),
        }
    }

    fn column_suffix(&self, column: &Column) -> &'static str {
        if column.auto_timestamp && column.name == "updated_at" {
            " ON UPDATE CURRENT_TIMESTAMP"
        } else {
            ""
        }
    }

    /// The type's empty value, as MySQL 8/9 and MariaDB write it (tried on MySQL 9.7 and MariaDB
    /// 10.11). A DATE or DATETIME gets the zero date, which strict mode with `NO_ZERO_DATE`
    /// (MySQL's default `sql_mode`, not MariaDB's) refuses, but the migration's session drops
    /// that flag (see `session_guard`), so it is written on both.
    fn value_for_rows_without_default(
        &self,
        column: &Column,
    ) -> Result<&'static str, &'static str> {
        use ColumnType::*;
        match column.ty {
            Text | Varchar | Char | Uuid => Ok("the type's empty value ('')"),
            Blob => Ok("the type's empty value (no bytes)"),
            Integer | Int | Bigint | Tinyint | Real | Numeric | Decimal | Boolean => {
                Ok("the type's empty value (0)")
            }
            Json | Jsonb => Ok("the type's empty value (JSON null; MariaDB: '')"),
            Date | Timestamp | Datetime => Ok(ZERO_DATE),
        }
    }

    fn literal_for_rows_without_default(&self, column: &Column) -> Option<&'static str> {
        use ColumnType::*;
        match column.ty {
            Text | Varchar | Char | Uuid => Some("''"),
            Integer | Int | Bigint | Tinyint | Real | Numeric | Decimal | Boolean => Some("0"),
            Blob | Json | Jsonb | Date | Timestamp | Datetime => None,
        }
    }

    fn auto_increment_definition(&self, column: &Column) -> String {
        format!(
            "{} NOT NULL AUTO_INCREMENT PRIMARY KEY",
            self.column_type(column, true)
        )
    }

    fn table_options(&self) -> &'static str {
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
    }

    /// MySQL reads a built-in function's name followed at once by `(` as a call, so a table
    /// named `count` or `extract` must be written `count (id)`.
    fn table_column_list_gap(&self) -> &'static str {
        " "
    }

    /// Under `IGNORE_SPACE` (which mysql2, the usual Node driver, asks for on every connection),
    /// a built-in function's name before `(` is a call even with a space between: such a table
    /// name is quoted there.
    fn table_before_column_list<'a>(&self, table: &'a str) -> std::borrow::Cow<'a, str> {
        if IGNORE_SPACE_FUNCTIONS.binary_search(&table).is_ok() {
            std::borrow::Cow::Owned(self.quote_identifier(table))
        } else {
            self.identifier(table)
        }
    }

    /// MySQL has no `CREATE INDEX IF NOT EXISTS`: always the plain statement.
    fn create_index_text(&self, table: &Table, index: &Index, _if_not_exists: bool) -> String {
        let unique = if index.unique { "UNIQUE " } else { "" };
        format!(
            "CREATE {unique}INDEX {} ON {} ({});",
            self.identifier(&index.name),
            self.table_before_column_list(&table.name),
            self.key_columns(table, &index.columns)
        )
    }

    fn drop_index(&self, table: &str, index: &str) -> String {
        format!(
            "DROP INDEX {} ON {};",
            self.identifier(index),
            self.identifier(table)
        )
    }

    fn quote_identifier(&self, name: &str) -> String {
        ["`", &name.replace('`', "``"), "`"].concat()
    }

    /// MySQL's rules for quoted identifiers (Schema Object Names): no name ends with a space,
    /// and only characters of the Basic Multilingual Plane (no emoji).
    fn name_it_cannot_hold(&self, name: &str) -> Option<&'static str> {
        if let Some(why) = default_name_it_cannot_hold(name) {
            Some(why)
        } else if name.ends_with(' ') {
            Some("ends with a space, which MySQL refuses in a name")
        } else if name.chars().any(|c| u32::from(c) > 0xFFFF) {
            Some("has a character beyond the Basic Multilingual Plane (an emoji), which MySQL refuses in a name")
        } else {
            None
        }
    }

    /// MySQL's limit of 64 is in characters.
    fn held_name_length(&self, name: &str) -> usize {
        name.chars().count()
    }

    fn drop_foreign_key(&self, table: &str, name: &str) -> String {
        format!("ALTER TABLE {table} DROP FOREIGN KEY {name};")
    }

    fn drop_known_foreign_key(&self, table: &str, name: &str) -> String {
        self.drop_foreign_key(table, name)
    }

    fn drop_known_index(&self, table: &str, index: &str) -> String {
        self.drop_index(table, index)
    }

    fn database_wide_names(&self, table: &Table) -> Vec<String> {
        table
            .foreign_keys
            .iter()
            .map(|fk| fk.name(&table.name))
            .chain(table.check_constraints.iter().map(|c| c.name.clone()))
            .collect()
    }

    fn foreign_keys_need_an_index(&self) -> bool {
        true
    }

    /// Strict mode for the migration, whatever the session had: without it MySQL and MariaDB
    /// turn a NULL into `''` or 0 where a column becomes NOT NULL, cut a value a narrower type
    /// refuses, and store `0000-00-00`, each with a warning only, where the generator's
    /// warnings say the migration fails (a MySQL 9.7 user trial, `sql_mode` without
    /// `STRICT_TRANS_TABLES`, as some hosts set it). A session already strict keeps its mode;
    /// one that is not gets `STRICT_TRANS_TABLES`. Either way `NO_ZERO_DATE` and
    /// `NO_ZERO_IN_DATE` go for the migration: strict mode turns them into errors on every row
    /// a copying ALTER reads, so that a zero date stored earlier (by a session without them)
    /// made a change of any other column of its table fail, on MySQL 9.7's default `sql_mode`
    /// too (a user trial). They only govern values written: what the migration itself writes
    /// that can then be a zero date is said (the type's empty value of a DATE or TIMESTAMP
    /// column the down migration adds back NOT NULL, `DOWN_DATA_LOSS`; text or a number
    /// converted to a date, `TYPE_NARROWING`). `TRADITIONAL`, which the session lists beside
    /// the flags it stands for and which sets them again, goes too (its other flags stay
    /// listed). The session's mode comes back after, from a variable of its own: the
    /// statement that makes a column AUTO_INCREMENT saves the mode it changes in
    /// `@mg_sql_mode`, which, shared, left the session in the migration's mode.
    fn session_guard(&self) -> (Vec<String>, Vec<String>) {
        (
            vec![
                "SET @mg_session_sql_mode = @@SESSION.sql_mode;".to_string(),
                SESSION_SQL_MODE.to_string(),
            ],
            vec!["SET SESSION sql_mode = @mg_session_sql_mode;".to_string()],
        )
    }

    /// Placed where `CREATE TABLE` would have it (`AFTER` the column before it in the table, or
    /// `FIRST`), so that the table reads as a freshly created one.
    fn add_column(&self, table: &Table, column: &Column, key_clauses: bool) -> String {
        let place = match table.columns.iter().position(|c| c.name == column.name) {
            Some(i) if i > 0 => format!(" AFTER {}", self.identifier(&table.columns[i - 1].name)),
            _ => " FIRST".to_string(),
        };
        format!(
            "ALTER TABLE {} ADD COLUMN {}{place};",
            self.identifier(&table.name),
            self.column_definition_with(table, column, key_clauses)
        )
    }

    /// `MODIFY COLUMN` with the whole new definition (type, `NOT NULL`, default, `ON UPDATE`),
    /// without its keys, which stay; the column keeps its place.
    fn alter_column(
        &self,
        before: &Table,
        old: &Column,
        after: &Table,
        new: &Column,
    ) -> Option<Vec<String>> {
        let was = self.column_definition_with(before, old, false);
        let is = self.column_definition_with(after, new, false);
        (was != is).then(|| {
            let modify = format!(
                "ALTER TABLE {} MODIFY COLUMN {is};",
                self.identifier(&after.name)
            );
            if !new.auto_increment || old.auto_increment {
                return vec![modify];
            }
            // A column made AUTO_INCREMENT gives a row holding 0 a new number (breaking the
            // foreign keys to it) unless the session's sql_mode has NO_AUTO_VALUE_ON_ZERO, as
            // mysqldump sets it: for this statement only.
            // (`table_change_statements` reads these to put them around the run it joins the
            // statement to.)
            use super::mysql_merge::{KEEP_SQL_MODE, NO_AUTO_VALUE_ON_ZERO, RESTORE_SQL_MODE};
            vec![
                KEEP_SQL_MODE.to_string(),
                NO_AUTO_VALUE_ON_ZERO.to_string(),
                modify,
                RESTORE_SQL_MODE.to_string(),
            ]
        })
    }

    fn table_change_statements(&self, table: &str, statements: Vec<String>) -> Vec<String> {
        // A fill of NULLs after the table's other changes, then one statement per run.
        let statements = super::mysql_fill_order::fills_last(self, table, statements);
        super::mysql_merge::merge_alters(self, table, statements)
    }

    fn fold_foreign_key_drops(&self, drops: &[String], first: &str) -> Option<String> {
        super::mysql_merge::fold_key_drops(drops, first)
    }

    fn foreign_key_adds_into(&self, statements: &[String]) -> Option<usize> {
        super::mysql_fill_order::key_adds_into(statements)
    }

    fn fold_foreign_key_adds(&self, adds: &[String], last: &str) -> Option<String> {
        super::mysql_merge::fold_key_adds(adds, last)
    }

    fn join_foreign_key_statements(&self, statements: Vec<String>) -> Vec<String> {
        super::mysql_merge::join_key_statements(statements)
    }

    /// MySQL and MariaDB name every primary key `PRIMARY`: a `primaryKeyName` is not written
    /// (validation says so, `PRIMARY_KEY_NAME_IGNORED`).
    fn keeps_primary_key_names(&self) -> bool {
        false
    }

    /// `AUTO_INCREMENT` needs the column to be a key (ERROR 1075).
    fn numbering_needs_a_key(&self) -> bool {
        true
    }

    /// A UNIQUE constraint is an index: `DROP INDEX`; a CHECK, `DROP CONSTRAINT` (MySQL 8.0.19
    /// and later, MariaDB).
    fn drop_constraint(&self, table: &str, name: &str, unique: bool) -> String {
        format!(
            "ALTER TABLE {} DROP {} {};",
            self.identifier(table),
            if unique { "INDEX" } else { "CONSTRAINT" },
            self.identifier(name)
        )
    }

    /// A JSON column is `CHANGE`d with its whole definition: MariaDB's JSON is LONGTEXT with a
    /// `json_valid` CHECK named after the column, which `RENAME COLUMN` leaves under the old
    /// name, and a definition makes again under the new one.
    fn rename_column(&self, table: &Table, old: &str, column: &Column) -> Vec<String> {
        if !column.ty.is_json() {
            return vec![rename_column_statement(
                self,
                &table.name,
                old,
                &column.name,
            )];
        }
        vec![format!(
            "ALTER TABLE {} CHANGE COLUMN {} {};",
            self.identifier(&table.name),
            self.identifier(old),
            self.column_definition_with(table, column, false)
        )]
    }

    /// `ALTER TABLE t RENAME INDEX old TO new;`, which MySQL takes from 5.7 and MariaDB from
    /// 10.5.2: within what the dialect writes for (the README's MySQL 8.0 syntax; a migration
    /// from `previousSpec` already renames columns with `RENAME COLUMN`, MySQL 8.0 and MariaDB
    /// 10.5; tested on MariaDB 10.11). The index is kept as it is, not built again, and a
    /// foreign key it serves keeps it throughout. sqlparser does not read it: the self-check
    /// reads it word by word (see `verify`), so it is a statement of its own, never a clause of
    /// a merged `ALTER TABLE` (see `mysql_merge`).
    fn rename_index(&self, table: &str, old: &str, new: &str) -> Option<String> {
        Some(format!(
            "ALTER TABLE {} RENAME INDEX {} TO {};",
            self.identifier(table),
            self.identifier(old),
            self.identifier(new)
        ))
    }

    /// A UNIQUE constraint is an index: renamed as one ([`Dialect::rename_index`]).
    fn rename_unique_constraint(&self, table: &str, old: &str, new: &str) -> Option<String> {
        self.rename_index(table, old, new)
    }

    /// A column's UNIQUE is an index: renamed as one ([`Dialect::rename_index`]), and a foreign
    /// key to the column (a kept table's) keeps it throughout.
    fn rename_unique(&self, table: &Table, _column: &str, old: &str, new: &str) -> Vec<String> {
        self.rename_index(&table.name, old, new)
            .into_iter()
            .collect()
    }

    /// The unique index of a column declared `UNIQUE` takes the column's name.
    fn column_unique_name(&self, _table: &str, column: &str) -> String {
        column.to_string()
    }

    /// Cascades InnoDB limits through a cycle of tables ([`super::mysql_cascades`]).
    fn foreign_key_cycle_warnings(&self, tables: &[Table]) -> Vec<super::CycleWarning> {
        super::mysql_cascades::cycle_warnings(tables)
    }

    fn validate_table(
        &self,
        table: &Table,
        check_columns: &[Option<Vec<String>>],
        report: &mut Report,
    ) {
        super::mysql_cascades::same_table_warnings(table, report);
        let auto = table.auto_increment_column().map(|c| c.name.as_str());
        if table.name == "value" {
            report.push(
                Issue::error(Code::ReservedKeyword, "'value' cannot be a table name in MariaDB (it is refused there, though it works as a column name)")
                    .table(&table.name)
                    .suggest("rename the table, for example to 'values_table' or 'app_values'"),
            );
        }
        self.validate_key_lengths(table, report);
        if let (Some(name), false) = (&table.primary_key_name, table.existing) {
            report.push(
                Issue::warning(
                    Code::PrimaryKeyNameIgnored,
                    format!("MySQL and MariaDB name every primary key PRIMARY: the name '{}' is not written, and a change of the key drops it as PRIMARY", crate::report::clip(name)),
                )
                .table(&table.name)
                .constraint(name)
                .suggest("drop primaryKeyName for MySQL to silence this"),
            );
        }
        let nullable = table.columns.iter().filter(|c| c.nullable).count() as u32;
        // In u64: 1,000 columns of the longest VARCHARs pass 2^32 (and the message quotes it).
        let row: u64 = table
            .columns
            .iter()
            .map(|c| row_bytes(c, c.ty == ColumnType::Text && table.is_key_column(&c.name)))
            .map(u64::from)
            .sum::<u64>()
            + u64::from(nullable.div_ceil(8));
        let innodb = [(true, "MariaDB"), (false, "MySQL")]
            .map(|(mariadb, server)| (innodb_row_bytes(table, mariadb), server));
        if row <= u64::from(MAX_ROW_BYTES) {
            if let Some((bytes, server)) =
                innodb.into_iter().find(|(b, _)| *b >= MAX_INNODB_ROW_BYTES)
            {
                report.push(
                    Issue::error(
                        Code::UnsupportedFeature,
                        format!("the table's row can take {bytes} bytes of an InnoDB page as {server} counts them, and InnoDB keeps a row under {MAX_INNODB_ROW_BYTES}: {server} would refuse the CREATE TABLE (\"Row size too large (> {MAX_INNODB_ROW_BYTES})\")"),
                    )
                    .table(&table.name)
                    .suggest("split the table (a second table with the same key), or use fewer columns; MariaDB keeps VARCHAR/CHAR of 64 characters or more and TEXT apart from the row, MySQL up to 40 bytes of each in it"),
                );
            }
        }
        if row > u64::from(MAX_ROW_BYTES) {
            report.push(
                Issue::error(
                    Code::UnsupportedFeature,
                    format!("the table's columns need up to {row} bytes a row in utf8mb4 (4 bytes a character); MySQL rows hold at most {MAX_ROW_BYTES}"),
                )
                .table(&table.name)
                .suggest("make the longest VARCHAR columns TEXT (stored apart from the row), or shorten them"),
            );
        }
        for index in &table.indexes {
            if index.predicate.is_some() {
                report.push(
                    Issue::error(
                        Code::UnsupportedFeature,
                        "MySQL has no partial indexes (CREATE INDEX … WHERE)",
                    )
                    .table(&table.name)
                    .constraint(&index.name)
                    // The spec has no generated columns (a user trial was told to index one).
                    .suggest(if index.unique {
                        "drop 'where' for MySQL: a UNIQUE index there lets NULLs repeat, as one WHERE col IS NOT NULL does elsewhere; another condition has no MySQL form"
                    } else {
                        "drop 'where' for MySQL (the index then covers every row)"
                    }),
                );
            }
            match index.method {
                Some(m @ (IndexType::Gin | IndexType::Gist)) => report.push(
                    Issue::error(Code::UnsupportedFeature, format!("MySQL has no {} indexes", m.as_str()))
                        .table(&table.name)
                        .constraint(&index.name)
                        .suggest("drop the type for MySQL (InnoDB indexes are B-trees), or use a FULLTEXT index by hand"),
                ),
                Some(IndexType::Hash) => report.push(
                    Issue::warning(Code::IndexTypeIgnored, "InnoDB has no hash indexes; a B-tree index is created instead")
                        .table(&table.name)
                        .constraint(&index.name)
                        .suggest("drop type: 'hash' for MySQL to silence this"),
                ),
                _ => {}
            }
        }
        for column in &table.columns {
            // Only TEXT and LOB columns care whether they are in a key (a scan of every key).
            let in_key = (column.ty == ColumnType::Text || is_lob(column.ty))
                && table.is_key_column(&column.name);
            let issue = |code, message: &str, suggestion: &str| {
                Issue::warning(code, message)
                    .table(&table.name)
                    .column(&column.name)
                    .suggest(suggestion.to_string())
            };
            if in_key && column.ty == ColumnType::Text {
                report.push(issue(
                    Code::LossyTypeMapping,
                    "MySQL cannot index a TEXT column without a prefix length, which the spec has no field for, so this key column is VARCHAR(255): a longer value is refused (Data too long)",
                    "give the column the type VARCHAR with the length its values need (at most 768 characters in a key of its own: 3,072 bytes of utf8mb4)",
                ));
                if let Some(DefaultValue::Str(text)) = &column.default {
                    if text.chars().count() > 255 {
                        report.push(
                            Issue::error(Code::InvalidDefault, format!("the default is {} characters, and this key column is VARCHAR(255) in MySQL", text.chars().count()))
                                .table(&table.name)
                                .column(&column.name)
                                .suggest("shorten the default, or declare the column VARCHAR with a length that holds it"),
                        );
                    }
                }
            } else if in_key && is_lob(column.ty) {
                report.push(
                    Issue::error(Code::UnsupportedFeature, format!("MySQL cannot put {} {} column in a key or index", crate::validate::article(column.ty.as_str()), column.ty.as_str()))
                        .table(&table.name)
                        .column(&column.name)
                        .suggest("leave it out of the key or index for MySQL, or keep what the index needs in a VARCHAR/CHAR column of its own"),
                );
            }
            if matches!(column.ty, ColumnType::Decimal | ColumnType::Numeric)
                && column.precision.is_none()
            {
                // Named as the spec writes it (NUMERIC), then what MySQL makes of it.
                report.push(issue(
                    Code::LossyTypeMapping,
                    &format!("{} without precision is DECIMAL(10,0) in MySQL: fractions are rounded away", column.ty.as_str()),
                    "give precision and scale, for example precision: 12, scale: 2",
                ));
            }
            if let Some(wide) = super::wide_decimal_warning(table, column, self, false) {
                report.push(wide);
            }
            if column.ty == ColumnType::Varchar && column.length.is_none() {
                report.push(issue(
                    Code::LossyTypeMapping,
                    "VARCHAR needs a length in MySQL; VARCHAR(255) is used, and longer values are refused",
                    "give the column a length",
                ));
            }
            if column.ty == ColumnType::Char && column.length.is_none() {
                report.push(issue(
                    Code::LossyTypeMapping,
                    "CHAR without a length is CHAR(1) in MySQL",
                    "give the column a length",
                ));
            }
            if column.ty == ColumnType::Varchar && column.length.is_some_and(|n| n > 16_383) {
                report.push(
                    Issue::error(
                        Code::TypeMismatch,
                        "MySQL VARCHAR holds at most 16383 utf8mb4 characters",
                    )
                    .table(&table.name)
                    .column(&column.name)
                    .suggest("use TEXT for longer values"),
                );
            }
            if column.ty == ColumnType::Char && column.length.is_some_and(|n| n > 255) {
                report.push(
                    Issue::error(
                        Code::TypeMismatch,
                        "MySQL CHAR holds at most 255 characters",
                    )
                    .table(&table.name)
                    .column(&column.name)
                    .suggest("use VARCHAR for longer values"),
                );
            }
            if column.precision.is_some_and(|p| p > 65) {
                report.push(
                    Issue::error(Code::TypeMismatch, "MySQL DECIMAL precision is at most 65")
                        .table(&table.name)
                        .column(&column.name)
                        .suggest("lower the precision to 65 or less"),
                );
            }
            // MySQL 8.0: "Too big scale specified" past 30 (MariaDB 10.11 past 38).
            if column.scale.is_some_and(|s| s > 30) {
                report.push(
                    Issue::error(
                        Code::TypeMismatch,
                        format!(
                            "MySQL DECIMAL scale is at most 30, not {}",
                            column.scale.unwrap_or(0)
                        ),
                    )
                    .table(&table.name)
                    .column(&column.name)
                    .suggest("lower the scale to 30 or less"),
                );
            }
        }
        self.validate_default_sizes(table, report);
        self.validate_checks_against_fk_actions(table, check_columns, report);
        if let Some(auto) = auto {
            for (check, used) in table.check_constraints.iter().zip(check_columns) {
                if used
                    .as_ref()
                    .is_some_and(|cols| cols.iter().any(|c| c == auto))
                {
                    report.push(
                        Issue::error(Code::UnsupportedFeature, "MySQL CHECK constraints cannot refer to an AUTO_INCREMENT column")
                            .table(&table.name)
                            .constraint(&check.name)
                            .suggest("drop the check for MySQL, or use a column that is not auto-incremented"),
                    );
                }
            }
        }
    }

    fn check_statements(
        &self,
        base: &[String],
        up: &[Vec<String>],
        down: &[Vec<String>],
    ) -> Result<(), crate::verify::CheckFailure> {
        let _ = base;
        crate::verify::parse_mysql(up, down)
    }
}

impl MySql {
    /// String defaults MySQL and MariaDB keep as expressions (those of TEXT and JSON columns),
    /// past what either keeps: INVALID_DEFAULT on a column whose default MySQL 9.7 refuses
    /// ([`mysql_dictionary_bytes`]), or on the column whose default takes the table past what
    /// MariaDB 10.11's table definition holds ([`MARIADB_DEFINITION_BYTES`]).
    fn validate_default_sizes(&self, table: &Table, report: &mut Report) {
        let mut definition = MARIADB_DEFINITION_OVERHEAD
            + (table.columns.iter())
                .map(|c| MARIADB_DEFINITION_COLUMN_BYTES + c.name.len())
                .sum::<usize>();
        for column in &table.columns {
            let Some(DefaultValue::Str(text)) = &column.default else {
                continue;
            };
            let in_key = column.ty == ColumnType::Text && table.is_key_column(&column.name);
            let Some(rendered) = self.default_value(column, in_key) else {
                continue;
            };
            // Without its parentheses, as MariaDB keeps it.
            let Some(expression) = rendered.strip_prefix('(').and_then(|r| r.strip_suffix(')'))
            else {
                continue;
            };
            let mysql = mysql_dictionary_bytes(text, expression.starts_with("CONVERT(X'"));
            let before = definition;
            definition += expression.len();
            let refused = if mysql > MAX_DEFAULT_EXPRESSION_BYTES {
                format!("MySQL keeps it in {mysql} bytes (its quotes escaped, each byte past ASCII written as two), and refuses a default expression of more than {MAX_DEFAULT_EXPRESSION_BYTES} (\"Failed to update columns dictionary object\")")
            } else if definition > MARIADB_DEFINITION_BYTES && before <= MARIADB_DEFINITION_BYTES {
                format!("with the table's other columns and defaults it takes at least {definition} bytes of MariaDB's table definition, which holds {MARIADB_DEFINITION_BYTES} (\"Table definition is too large\")")
            } else {
                continue;
            };
            // A default refused for what it holds already has its INVALID_DEFAULT.
            if !crate::defaults::default_fits(column, self) {
                continue;
            }
            report.push(
                Issue::error(
                    Code::InvalidDefault,
                    format!(
                        "the default is written as an expression of {} bytes, as MySQL takes a default on {} {} column; {refused}",
                        expression.len(),
                        crate::validate::article(column.ty.as_str()),
                        column.ty.as_str()
                    ),
                )
                .table(&table.name)
                .column(&column.name)
                .suggest("shorten the default (text that long is better inserted by the application), or split the table's long defaults over more tables"),
            );
        }
    }

    /// MySQL 8.0 refuses a CHECK over a column that a foreign key changes through a referential
    /// action: ON UPDATE CASCADE, ON UPDATE SET NULL, ON DELETE SET NULL (error 3823,
    /// ER_CHECK_CONSTRAINT_CLAUSE_USING_FK_REFER_ACTION_COLUMN). ON DELETE CASCADE deletes the
    /// row and writes no column: MySQL takes it (9.7.4, by hand). MariaDB accepts them all, so
    /// the engine tests cannot catch it: it is refused here.
    /// `used`: the columns of each of the table's checks, in order.
    fn validate_checks_against_fk_actions(
        &self,
        table: &Table,
        used: &[Option<Vec<String>>],
        report: &mut Report,
    ) {
        let writes = |fk: &&ForeignKey| {
            matches!(fk.on_update, Some(FkAction::Cascade | FkAction::SetNull))
                || fk.on_delete == Some(FkAction::SetNull)
        };
        for (check, used) in table.check_constraints.iter().zip(used) {
            let Some(used) = used else {
                continue;
            };
            for fk in table.foreign_keys.iter().filter(writes) {
                if let Some(column) = fk
                    .columns
                    .iter()
                    .find(|c| used.iter().any(|u| u.eq_ignore_ascii_case(c)))
                {
                    report.push(
                        Issue::error(
                            Code::UnsupportedFeature,
                            format!(
                                "MySQL refuses a CHECK on '{column}', which the foreign key {} changes through its ON DELETE/ON UPDATE action (error 3823)",
                                fk.name(&table.name)
                            ),
                        )
                        .table(&table.name)
                        .column(column)
                        .constraint(&check.name)
                        .suggest("for MySQL, drop the check or give the foreign key RESTRICT / NO ACTION"),
                    );
                }
            }
        }
    }

    /// Refuses keys longer than [`MAX_KEY_BYTES`]: the primary key, UNIQUE columns and
    /// constraints, indexes, and the local columns of foreign keys (InnoDB indexes those).
    fn validate_key_lengths(&self, table: &Table, report: &mut Report) {
        /// The name a key goes by in an issue.
        enum KeyName<'a> {
            /// None of its own (the primary key, a UNIQUE column).
            Unnamed,
            /// A unique constraint or index.
            Named(&'a str),
            /// A foreign key, named as the generator names it (made only for an issue).
            ForeignKey(&'a crate::spec::ForeignKey),
        }
        // Borrowed, not copied: this runs for every MySQL table, and copying each key's columns
        // and names into a list was most of MySQL's own validation.
        let mut keys: Vec<(&[String], KeyName, &str)> = Vec::new();
        if !table.primary_key.is_empty() {
            keys.push((&table.primary_key, KeyName::Unnamed, "the primary key"));
        }
        for c in table.columns.iter().filter(|c| c.unique) {
            keys.push((
                std::slice::from_ref(&c.name),
                KeyName::Unnamed,
                "the UNIQUE column",
            ));
        }
        for u in &table.unique_constraints {
            keys.push((&u.columns, KeyName::Named(&u.name), "the unique constraint"));
        }
        for i in &table.indexes {
            keys.push((&i.columns, KeyName::Named(&i.name), "the index"));
        }
        for fk in &table.foreign_keys {
            keys.push((
                &fk.columns,
                KeyName::ForeignKey(fk),
                "the foreign key (InnoDB indexes its columns)",
            ));
        }
        // InnoDB's limit of 64 secondary indexes on a table. A foreign key makes an index
        // only when no other key starts with its columns.
        let secondary = keys
            .iter()
            .filter(|(columns, name, _)| match name {
                KeyName::ForeignKey(_) => !keys.iter().any(|(other, other_name, _)| {
                    !matches!(other_name, KeyName::ForeignKey(_))
                        && other.len() >= columns.len()
                        && other[..columns.len()] == **columns
                }),
                _ => !std::ptr::eq(*columns, table.primary_key.as_slice()),
            })
            .count();
        if secondary > MAX_SECONDARY_KEYS {
            report.push(
                Issue::error(
                    Code::UnsupportedFeature,
                    format!("the table needs {secondary} secondary indexes (its indexes, UNIQUEs and the indexes InnoDB makes for foreign keys); MySQL allows at most {MAX_SECONDARY_KEYS}"),
                )
                .table(&table.name)
                .suggest("drop indexes that others already cover, or split the table"),
            );
        }
        for (columns, name, what) in keys {
            let bytes: u32 = columns
                .iter()
                .filter_map(|c| table.column(c))
                .map(key_bytes)
                .fold(0, u32::saturating_add);
            if bytes <= MAX_KEY_BYTES {
                continue;
            }
            let mut issue = Issue::error(
                Code::UnsupportedFeature,
                format!(
                    "{what} over ({}) needs {bytes} bytes in utf8mb4 (4 bytes a character); MySQL keys hold at most {MAX_KEY_BYTES}",
                    columns.join(", ")
                ),
            )
            .table(&table.name)
            .suggest("shorten the key columns (a VARCHAR key column of its own holds at most 768 characters), or key fewer columns");
            issue = match name {
                KeyName::Named(n) => issue.constraint(n),
                KeyName::ForeignKey(fk) => issue.constraint(&fk.name(&table.name)),
                KeyName::Unnamed if columns.len() == 1 => issue.column(&columns[0]),
                KeyName::Unnamed => issue,
            };
            report.push(issue);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: Vec<Column>, key: &[&str]) -> Table {
        Table {
            name: "t".into(),
            columns,
            primary_key: key.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    fn varchar(name: &str, length: u32) -> Column {
        let mut c = Column::new(name, ColumnType::Varchar, false);
        c.length = Some(length);
        c
    }

    /// A plain index `idx_b` on column `b`.
    fn index_on_b() -> Index {
        Index {
            name: "idx_b".into(),
            columns: vec!["b".into()],
            unique: false,
            method: None,
            predicate: None,
        }
    }

    fn errors(t: &Table) -> Vec<Code> {
        let mut report = Report::default();
        MySql.validate_table(t, &crate::dialect::check_columns(&MySql, t), &mut report);
        report.errors.iter().map(|e| e.code).collect()
    }

    /// String defaults of TEXT and JSON columns (beside an INT key `id`), each the longest that
    /// MySQL 9.7 and MariaDB 10.11 took and a little over what either takes, which is
    /// INVALID_DEFAULT: MySQL's dictionary binds for characters past ASCII and quotes,
    /// MariaDB's table definition for ASCII, hex (a backslash) and two long defaults together.
    /// `__test__/engines-mariadb.test.mjs` runs the same on the servers.
    #[test]
    fn string_defaults_past_what_mysql_keeps_are_refused() {
        let with = |defaults: &[(ColumnType, String)]| {
            let mut columns = vec![Column::new("id", ColumnType::Int, false)];
            for (i, (ty, text)) in defaults.iter().enumerate() {
                let mut c = Column::new(&format!("c{i}"), *ty, true);
                c.default = Some(DefaultValue::Str(text.clone()));
                columns.push(c);
            }
            errors(&table(columns, &["id"]))
        };
        fn text(s: &'static str) -> impl Fn(usize) -> Vec<(ColumnType, String)> {
            move |n| vec![(ColumnType::Text, s.repeat(n))]
        }
        let hex = |n: usize| vec![(ColumnType::Text, format!("\\{}", "x".repeat(n - 1)))];
        let json = |n: usize| vec![(ColumnType::Json, format!("\"{}\"", "x".repeat(n - 2)))];
        let two = |n: usize| {
            vec![
                (ColumnType::Text, "x".repeat(30_000)),
                (ColumnType::Text, "y".repeat(n)),
            ]
        };
        type Make<'a> = &'a dyn Fn(usize) -> Vec<(ColumnType, String)>;
        let cases: [(Make, usize, usize); 8] = [
            (&text("x"), 65_179, 65_190),
            (&text("é"), 16_380, 16_381),
            (&text("'"), 16_380, 16_381),
            (&text("€"), 10_920, 10_921),
            (&text("😀"), 8_190, 8_191),
            (&hex, 32_577, 32_583),
            (&json, 65_149, 65_190),
            (&two, 35_149, 35_171),
        ];
        for (make, taken, refused) in cases {
            assert_eq!(with(&make(taken)), vec![], "{taken}");
            assert_eq!(
                with(&make(refused)),
                vec![Code::InvalidDefault],
                "{refused}"
            );
        }
        // A key column's TEXT is VARCHAR(255), whose default is no expression.
        let mut keyed = Column::new("k", ColumnType::Text, false);
        keyed.default = Some(DefaultValue::Str("k".into()));
        assert_eq!(errors(&table(vec![keyed], &["k"])), vec![]);
    }

    /// The most columns of a type a CREATE TABLE took, beside an INT key (MariaDB 10.11 and
    /// MySQL 9.7; `__test__/innodb-row-size.test.mjs` measures them on the server each run):
    /// 32 nullable VARCHAR(63) (MariaDB), 197 nullable TEXT (MySQL), 997 nullable BIGINT (both).
    #[test]
    fn innodb_row_size_is_refused_where_a_server_refuses_it() {
        let with = |make: &dyn Fn(String) -> Column, n: usize| {
            let mut columns = vec![Column::new("id", ColumnType::Int, false)];
            columns.extend((0..n).map(|i| make(format!("c{i}"))));
            errors(&table(columns, &["id"]))
        };
        let nullable = |mut c: Column| {
            c.nullable = true;
            c
        };
        let shapes: [(&dyn Fn(String) -> Column, usize); 3] = [
            (&|n| nullable(varchar(&n, 63)), 32),
            (&|n| Column::new(&n, ColumnType::Text, true), 197),
            (&|n| Column::new(&n, ColumnType::Bigint, true), 997),
        ];
        for (make, most) in shapes {
            assert_eq!(with(make, most), vec![], "{most}");
            assert_eq!(
                with(make, most + 1),
                vec![Code::UnsupportedFeature],
                "{most}"
            );
        }
    }

    #[test]
    fn words_later_mysql_releases_reserve_are_refused() {
        // MySQL 9.7 refused each as a bare table and column name (MySQL 8.4 reserves the first two).
        for w in ["qualify", "tablesample", "external", "library"] {
            assert!(MySql.is_reserved(w), "{w}");
        }
        // Keywords, not reserved: MariaDB 10.11 and MySQL 9.7 took each as a bare table and
        // column name (a user trial tried all 868 keywords of both servers).
        for w in ["general", "slow"] {
            assert!(!MySql.is_reserved(w), "{w}");
        }
    }

    #[test]
    fn ignore_space_function_lists_are_sorted_and_not_reserved() {
        assert!(IGNORE_SPACE_FUNCTIONS.windows(2).all(|w| w[0] < w[1]));
        // A reserved word is refused as a name already; these are names a spec may give.
        for w in ["count", "position", "sum", "max", "now"] {
            assert!(!MySql.is_reserved(w), "{w}");
        }
    }

    #[test]
    fn a_table_named_after_a_built_in_function_is_quoted_before_its_column_lists() {
        let mut count = table(
            vec![
                Column::new("id", ColumnType::Int, false),
                Column::new("b", ColumnType::Int, false),
            ],
            &["id"],
        );
        count.name = "count".into();
        let create = MySql.create_table(&count);
        assert!(
            create.contains("CREATE TABLE IF NOT EXISTS `count` ("),
            "{create}"
        );
        assert_eq!(
            MySql.create_index(&count, &index_on_b()),
            "CREATE INDEX idx_b ON `count` (b);"
        );
        let fk = ForeignKey {
            columns: vec!["count_id".into()],
            referenced_table: "count".into(),
            referenced_columns: vec!["id".into()],
            on_delete: None,
            on_update: None,
            name: None,
        };
        assert_eq!(MySql.references(&fk), "REFERENCES `count` (id)");
        // Other names stay bare, and the same table on another dialect too.
        count.name = "counts".into();
        assert!(MySql
            .create_table(&count)
            .contains("CREATE TABLE IF NOT EXISTS counts ("));
        count.name = "count".into();
        assert!(crate::dialect::Postgres
            .create_table(&count)
            .contains("CREATE TABLE IF NOT EXISTS count ("));
    }

    #[test]
    fn self_referencing_on_update_cascade_is_flagged() {
        let mut t = table(
            vec![
                Column::new("id", ColumnType::Int, false),
                Column::new("parent_id", ColumnType::Int, true),
            ],
            &["id"],
        );
        // ON DELETE SET NULL, which InnoDB carries out on its own table (one level): the ON
        // DELETE CASCADE beside it has a warning of its own (the test below).
        let fk = |on_update| ForeignKey {
            columns: vec!["parent_id".into()],
            referenced_table: "t".into(),
            referenced_columns: vec!["id".into()],
            on_delete: Some(FkAction::SetNull),
            on_update,
            name: None,
        };
        let warnings = |t: &Table| {
            let mut report = Report::default();
            MySql.validate_table(t, &crate::dialect::check_columns(&MySql, t), &mut report);
            report.warnings.iter().map(|w| w.code).collect::<Vec<_>>()
        };
        t.foreign_keys = vec![fk(Some(FkAction::Cascade))];
        assert!(warnings(&t).contains(&Code::ForeignKeyActionLimited));
        t.foreign_keys = vec![fk(Some(FkAction::SetNull))];
        assert!(warnings(&t).contains(&Code::ForeignKeyActionLimited));
        t.foreign_keys = vec![fk(None)];
        assert!(!warnings(&t).contains(&Code::ForeignKeyActionLimited));
    }

    /// InnoDB's cascade stops 15 rows deep (__test__/engines-mariadb.test.mjs deletes chains of
    /// 15 and 16 rows): a self-referencing ON DELETE CASCADE is flagged; one to another table,
    /// or another action, is not.
    #[test]
    fn self_referencing_on_delete_cascade_is_flagged() {
        let mut t = table(
            vec![
                Column::new("id", ColumnType::Int, false),
                Column::new("parent_id", ColumnType::Int, true),
            ],
            &["id"],
        );
        let fk = |referenced: &str, on_delete| ForeignKey {
            columns: vec!["parent_id".into()],
            referenced_table: referenced.into(),
            referenced_columns: vec!["id".into()],
            on_delete,
            on_update: None,
            name: None,
        };
        let limited = |t: &Table| {
            let mut report = Report::default();
            MySql.validate_table(t, &crate::dialect::check_columns(&MySql, t), &mut report);
            (report.warnings.into_iter())
                .filter(|w| w.code == Code::ForeignKeyActionLimited)
                .collect::<Vec<_>>()
        };
        t.foreign_keys = vec![fk("t", Some(FkAction::Cascade))];
        let found = limited(&t);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("ON DELETE CASCADE 15 rows deep"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("more than 14 generations"),
            "{}",
            found[0].message
        );
        for other in [
            fk("t", Some(FkAction::SetNull)),
            fk("t", Some(FkAction::Restrict)),
            fk("t", None),
            fk("parents", Some(FkAction::Cascade)),
        ] {
            t.foreign_keys = vec![other];
            assert!(limited(&t).is_empty(), "{:?}", t.foreign_keys);
        }
    }

    /// Words MariaDB 10.11 refuses as bare table and column names (checked on the server by
    /// __test__/engines-mariadb.test.mjs for every keyword it lists).
    #[test]
    fn mariadb_reserved_words_are_refused() {
        for w in [
            "current_role",
            "page_checksum",
            "portion",
            "stats_persistent",
            "ref_system_id",
        ] {
            assert!(MySql.is_reserved(w), "{w}");
        }
        let mut t = table(vec![Column::new("id", ColumnType::Int, false)], &["id"]);
        t.name = "value".into();
        assert_eq!(errors(&t), vec![Code::ReservedKeyword]);
        assert!(
            !MySql.is_reserved("value"),
            "'value' stays usable as a column name"
        );
    }

    /// 3072 bytes: VARCHAR(768) fits on its own, VARCHAR(767) with an INT fits (3068 + 4), one
    /// byte more does not — the limits MariaDB 10.11 shows (a longer UNIQUE key becomes a hash).
    #[test]
    fn keys_longer_than_3072_bytes_are_refused() {
        let mut t = table(vec![varchar("a", 768)], &["a"]);
        assert!(errors(&t).is_empty());
        t.columns[0].length = Some(769);
        assert_eq!(errors(&t), vec![Code::UnsupportedFeature]);

        let mut t = table(
            vec![
                Column::new("id", ColumnType::Int, false),
                varchar("a", 767),
                Column::new("b", ColumnType::Int, false),
            ],
            &["id"],
        );
        t.unique_constraints.push(UniqueConstraint {
            name: "u".into(),
            columns: vec!["a".into(), "b".into()],
        });
        assert!(errors(&t).is_empty());
        t.columns[2].ty = ColumnType::Bigint;
        assert_eq!(errors(&t), vec![Code::UnsupportedFeature]);

        let mut t = table(
            vec![
                Column::new("id", ColumnType::Int, false),
                varchar("b", 1000),
            ],
            &["id"],
        );
        t.indexes.push(index_on_b());
        assert_eq!(errors(&t), vec![Code::UnsupportedFeature]);

        let text = |n: &str| Column::new(n, ColumnType::Text, false);
        let mut t = table(
            vec![
                Column::new("id", ColumnType::Int, false),
                text("c"),
                text("d"),
                text("e"),
                text("f"),
            ],
            &["id"],
        );
        t.unique_constraints.push(UniqueConstraint {
            name: "u".into(),
            columns: vec!["c".into(), "d".into(), "e".into()],
        });
        assert!(
            !errors(&t).contains(&Code::UnsupportedFeature),
            "3 x VARCHAR(255) = 3060 bytes fits"
        );
        t.unique_constraints[0].columns.push("f".into());
        assert!(errors(&t).contains(&Code::UnsupportedFeature));
    }

    /// Each over-long key is named in its issue as a user would look for it: a unique
    /// constraint or index by its name, a foreign key by the name the generator gives it, a
    /// primary key or UNIQUE column of one column by that column.
    #[test]
    fn over_long_keys_are_named_in_their_issues() {
        let mut t = table(vec![varchar("a", 800), varchar("b", 800)], &["a"]);
        t.columns[1].unique = true;
        t.unique_constraints.push(UniqueConstraint {
            name: "u_ab".into(),
            columns: vec!["a".into(), "b".into()],
        });
        t.indexes.push(index_on_b());
        t.foreign_keys.push(ForeignKey {
            columns: vec!["b".into()],
            referenced_table: "other".into(),
            referenced_columns: vec!["k".into()],
            on_delete: None,
            on_update: None,
            name: None,
        });
        let mut report = Report::default();
        MySql.validate_table(&t, &crate::dialect::check_columns(&MySql, &t), &mut report);
        let named: Vec<(Option<&str>, Option<&str>, bool)> = report
            .errors
            .iter()
            .map(|e| {
                (
                    e.column.as_deref(),
                    e.constraint.as_deref(),
                    e.message.contains("3200 bytes") || e.message.contains("6400 bytes"),
                )
            })
            .collect();
        assert_eq!(
            named,
            vec![
                (Some("a"), None, true),
                (Some("b"), None, true),
                (None, Some("u_ab"), true),
                (None, Some("idx_b"), true),
                (None, Some("fk_t_b"), true),
            ]
        );
    }

    /// ON UPDATE CASCADE / SET NULL and ON DELETE SET NULL write the foreign-key column;
    /// RESTRICT and NO ACTION do not, nor does ON DELETE CASCADE, which deletes the row (MySQL
    /// 9.7.4 takes it; a user trial found it refused here), so a CHECK on the column is fine
    /// with them.
    #[test]
    fn checks_on_columns_written_by_foreign_key_actions_are_refused() {
        let mut t = table(
            vec![
                Column::new("id", ColumnType::Int, false),
                Column::new("parent_id", ColumnType::Int, true),
            ],
            &["id"],
        );
        t.check_constraints.push(CheckConstraint {
            name: "chk".into(),
            expression: "PARENT_ID <> id".into(),
        });
        let fk = |on_delete, on_update| ForeignKey {
            columns: vec!["parent_id".into()],
            referenced_table: "t".into(),
            referenced_columns: vec!["id".into()],
            on_delete,
            on_update,
            name: None,
        };
        for (d, u) in [
            (Some(FkAction::SetNull), None),
            (None, Some(FkAction::Cascade)),
            (Some(FkAction::Restrict), Some(FkAction::SetNull)),
            (Some(FkAction::Cascade), Some(FkAction::Cascade)),
        ] {
            t.foreign_keys = vec![fk(d, u)];
            assert_eq!(errors(&t), vec![Code::UnsupportedFeature], "{d:?} {u:?}");
        }
        for (d, u) in [
            (None, None),
            (Some(FkAction::Restrict), Some(FkAction::NoAction)),
            (Some(FkAction::Cascade), None),
            (Some(FkAction::Cascade), Some(FkAction::Restrict)),
        ] {
            t.foreign_keys = vec![fk(d, u)];
            assert!(errors(&t).is_empty(), "{d:?} {u:?}");
        }
    }

    /// A string default with a backslash is hex, never a quoted literal, whose meaning
    /// `NO_BACKSLASH_ESCAPES` decides: a literal on VARCHAR/CHAR (and TEXT in a key, which is
    /// VARCHAR(255)), `CONVERT` in the expression TEXT, BLOB and JSON need (MariaDB loses the
    /// backslash of an introduced hex literal there). Without a backslash, the quoted literal.
    #[test]
    fn string_defaults_with_a_backslash_are_hex() {
        let text = "back\\slash 'q' %_";
        let hex = "6261636B5C736C6173682027712720255F";
        let with_default = |ty: ColumnType, default: &str| {
            let mut c = Column::new("c", ty, false);
            c.default = Some(DefaultValue::Str(default.into()));
            c
        };
        for (ty, in_key, expected) in [
            (ColumnType::Varchar, false, format!("_utf8mb4 X'{hex}'")),
            (ColumnType::Char, false, format!("_utf8mb4 X'{hex}'")),
            (ColumnType::Text, true, format!("_utf8mb4 X'{hex}'")),
            (
                ColumnType::Text,
                false,
                format!("(CONVERT(X'{hex}' USING utf8mb4))"),
            ),
            (
                ColumnType::Blob,
                false,
                format!("(CONVERT(X'{hex}' USING utf8mb4))"),
            ),
        ] {
            let c = with_default(ty, text);
            assert_eq!(MySql.default_value(&c, in_key).unwrap(), expected, "{ty:?}");
        }
        let json = with_default(ColumnType::Json, r#"{"k":"x\\y"}"#);
        assert_eq!(
            MySql.default_value(&json, false).unwrap(),
            "(CONVERT(X'7B226B223A22785C5C79227D' USING utf8mb4))"
        );
        let plain = with_default(ColumnType::Text, "it's 100%");
        assert_eq!(
            MySql.default_value(&plain, false).unwrap(),
            "('it''s 100%')"
        );
        let non_ascii = with_default(ColumnType::Varchar, "é\\");
        assert_eq!(
            MySql.default_value(&non_ascii, false).unwrap(),
            "_utf8mb4 X'C3A95C'"
        );
    }

    /// The generated statements pass the MySQL 8.0 syntax guard (sqlparser's MySQL dialect and
    /// the MariaDB-only forms).
    #[test]
    fn hex_string_defaults_pass_the_mysql_syntax_guard() {
        let spec = serde_json::json!({
            "description": "t", "databaseType": "mysql", "timestamps": false,
            "tables": [{ "name": "t", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INT", "nullable": false },
                { "name": "v", "type": "VARCHAR", "length": 40, "nullable": false, "default": "a\\b 'q'" },
                { "name": "x", "type": "TEXT", "nullable": false, "default": "a\\b 'q'" },
                { "name": "j", "type": "JSON", "nullable": false, "default": "{\"k\":\"x\\\\y\"}" }
            ] }]
        });
        let r = crate::generate_str(&spec.to_string());
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert!(
            r.up_migration
                .contains("v VARCHAR(40) NOT NULL DEFAULT _utf8mb4 X'615C6220277127'"),
            "{}",
            r.up_migration
        );
        assert!(
            r.up_migration
                .contains("x LONGTEXT NOT NULL DEFAULT (CONVERT(X'615C6220277127' USING utf8mb4))"),
            "{}",
            r.up_migration
        );
        assert!(!r.up_migration.contains('\\'), "{}", r.up_migration);
        let statements = vec![vec![r.up_migration.clone()]];
        crate::verify::parse_mysql(&statements, &[]).unwrap();
    }

    /// DATETIME(p) takes 5 bytes and one for each two digits of a second (MySQL's storage
    /// requirements), and its CURRENT_TIMESTAMP default is written at the column's precision:
    /// MySQL 9.7 refused `DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP` ("Invalid default value
    /// for 'a'") and took `DEFAULT CURRENT_TIMESTAMP(3)`; a precision of 0 is plain DATETIME.
    #[test]
    fn datetime_precision_in_type_default_and_key_bytes() {
        let mut c = Column::new("at", ColumnType::Timestamp, false);
        c.default = Some(DefaultValue::Now(NowKind::Timestamp));
        let expected = [
            (None, "DATETIME", "CURRENT_TIMESTAMP", 5),
            (Some(0), "DATETIME", "CURRENT_TIMESTAMP", 5),
            (Some(1), "DATETIME(1)", "CURRENT_TIMESTAMP(1)", 6),
            (Some(3), "DATETIME(3)", "CURRENT_TIMESTAMP(3)", 7),
            (Some(6), "DATETIME(6)", "CURRENT_TIMESTAMP(6)", 8),
        ];
        for (p, ty, default, bytes) in expected {
            c.precision = p;
            assert_eq!(MySql.column_type(&c, false), ty);
            assert_eq!(MySql.now_default(&c, NowKind::Timestamp), default);
            assert_eq!(key_bytes(&c), bytes, "{p:?}");
        }
    }

    #[test]
    fn decimal_key_bytes_follow_the_packing() {
        let mut c = Column::new("d", ColumnType::Decimal, false);
        (c.precision, c.scale) = (Some(30), Some(10));
        assert_eq!(key_bytes(&c), 9 + 5);
        (c.precision, c.scale) = (None, None);
        assert_eq!(key_bytes(&c), 5);
    }

    /// `length(` is a call of CHAR_LENGTH on MySQL (bytes would be LENGTH there); strings, quoted
    /// names, a column named `length` and a qualified call keep their text, and the result
    /// parses as MySQL.
    #[test]
    fn length_calls_are_written_char_length() {
        let cases = [
            (
                "length(display_name) >= 2",
                "CHAR_LENGTH(display_name) >= 2",
            ),
            ("LENGTH (a) <= 5", "CHAR_LENGTH (a) <= 5"),
            (
                "length(length) + Length(a) > 0",
                "CHAR_LENGTH(length) + CHAR_LENGTH(a) > 0",
            ),
            (
                "name <> 'ééé' AND length(name) > 1",
                "name <> 'ééé' AND CHAR_LENGTH(name) > 1",
            ),
            (
                "length(trim(s)) BETWEEN 1 AND length('ab')",
                "CHAR_LENGTH(trim(s)) BETWEEN 1 AND CHAR_LENGTH('ab')",
            ),
        ];
        for (spec, mysql) in cases {
            assert_eq!(char_length_calls(spec), mysql, "{spec}");
            crate::expr::check_expression(&MySqlDialect {}, mysql).unwrap();
        }
        // Validation refuses a line break in an expression; the rewrite counts lines as the
        // tokenizer does all the same.
        assert_eq!(
            char_length_calls("'é\né' <> a\n AND length(a) > 1"),
            "'é\né' <> a\n AND CHAR_LENGTH(a) > 1"
        );
        for kept in [
            "length > 0",
            "length IS NULL OR length >= 0",
            "name <> 'length(x)'",
            "`length`(a) > 0",
            "app.length(a) > 0",
            "char_length(a) > 0 AND octet_length(a) < 10 AND x_length(a) = 1",
            "lengths(a) = 1",
        ] {
            assert!(
                matches!(char_length_calls(kept), std::borrow::Cow::Borrowed(_)),
                "{kept}"
            );
        }
    }

    /// Every place a MySQL migration writes a spec's expression: a CHECK line and an expression
    /// default.
    #[test]
    fn checks_and_expression_defaults_count_characters() {
        let mut c = Column::new("code", ColumnType::Varchar, false);
        c.length = Some(10);
        c.default = Some(DefaultValue::Expression("repeat('x', length('ab'))".into()));
        let mut t = table(vec![Column::new("id", ColumnType::Int, false), c], &["id"]);
        t.check_constraints.push(CheckConstraint {
            name: "chk_t_code".into(),
            expression: "length(code) >= 2".into(),
        });
        let sql = MySql.create_table(&t);
        assert!(
            sql.contains("CONSTRAINT chk_t_code CHECK (CHAR_LENGTH(code) >= 2)"),
            "{sql}"
        );
        assert!(
            sql.contains("DEFAULT (repeat('x', CHAR_LENGTH('ab')))"),
            "{sql}"
        );
        let sqlite = crate::dialect::Sqlite.create_table(&t);
        assert!(sqlite.contains("CHECK (length(code) >= 2)"), "{sqlite}");
    }
}
