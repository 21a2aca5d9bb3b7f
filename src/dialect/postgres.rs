//! PostgreSQL 12+: `SERIAL`/`BIGSERIAL`, foreign keys added with `ALTER TABLE` once every table
//! exists, `USING gin|gist|hash` indexes (with the btree_gin/btree_gist extensions for scalar
//! columns), partial indexes.

use super::{Dialect, GeneratedName};
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use crate::word_table::WordTable;
use sqlparser::dialect::{Dialect as ParserDialect, PostgreSqlDialect};

/// The PostgreSQL dialect.
pub struct Postgres;

/// sqlparser's PostgreSQL dialect, but for one setting: a function argument is not first tried
/// as `expression : value` / `expression VALUE value` (PostgreSQL 16's `json_object('k': v)`;
/// PostgreSQL 15 has no such form). sqlparser parses each argument in full for that form, then
/// again when it is not: twice per level of nested calls, so that `lower(lower(…(x)…))` eight
/// deep cost 1.5 ms and a spec of such CHECKs took minutes (measured: 2.3× per level, against
/// none in the other dialects). Argument names remain identifiers (`f(a => 1)`). Everything else
/// is forwarded: every method `PostgreSqlDialect` overrides (sqlparser 0.59), and the type it
/// answers to, so sqlparser's checks of "is this PostgreSQL" still hold.
#[derive(Debug)]
pub struct PostgresParser(pub PostgreSqlDialect);

impl ParserDialect for PostgresParser {
    fn dialect(&self) -> std::any::TypeId {
        self.0.dialect()
    }
    fn supports_named_fn_args_with_expr_name(&self) -> bool {
        false
    }
    // A number, a string or a plain name read without sqlparser's failing attempt at a data
    // type first (same trees): see `prefix_shortcut`.
    fn parse_prefix(
        &self,
        parser: &mut sqlparser::parser::Parser,
    ) -> Option<Result<sqlparser::ast::Expr, sqlparser::parser::ParserError>> {
        super::prefix_shortcut::prefix(parser)
    }
    fn parse_data_type(
        &self,
        _parser: &mut sqlparser::parser::Parser,
    ) -> Option<Result<sqlparser::ast::DataType, sqlparser::parser::ParserError>> {
        super::prefix_shortcut::data_type_probe()
    }
    // PostgreSQL's `f(a := 1)`, an argument named as with `=>` (sqlparser's PostgreSQL dialect
    // reads `a := 1` as an assignment, and `a` as a column). Anywhere else `:=` is refused.
    fn supports_named_fn_args_with_assignment_operator(&self) -> bool {
        true
    }
    fn identifier_quote_style(&self, identifier: &str) -> Option<char> {
        self.0.identifier_quote_style(identifier)
    }
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        self.0.is_delimited_identifier_start(ch)
    }
    fn is_identifier_start(&self, ch: char) -> bool {
        self.0.is_identifier_start(ch)
    }
    fn is_identifier_part(&self, ch: char) -> bool {
        self.0.is_identifier_part(ch)
    }
    fn supports_unicode_string_literal(&self) -> bool {
        self.0.supports_unicode_string_literal()
    }
    fn is_custom_operator_part(&self, ch: char) -> bool {
        self.0.is_custom_operator_part(ch)
    }
    fn get_next_precedence(
        &self,
        parser: &sqlparser::parser::Parser,
    ) -> Option<Result<u8, sqlparser::parser::ParserError>> {
        self.0.get_next_precedence(parser)
    }
    fn supports_filter_during_aggregation(&self) -> bool {
        self.0.supports_filter_during_aggregation()
    }
    fn supports_group_by_expr(&self) -> bool {
        self.0.supports_group_by_expr()
    }
    fn prec_value(&self, prec: sqlparser::dialect::Precedence) -> u8 {
        self.0.prec_value(prec)
    }
    fn allow_extract_custom(&self) -> bool {
        self.0.allow_extract_custom()
    }
    fn allow_extract_single_quotes(&self) -> bool {
        self.0.allow_extract_single_quotes()
    }
    fn supports_create_index_with_clause(&self) -> bool {
        self.0.supports_create_index_with_clause()
    }
    fn supports_explain_with_utility_options(&self) -> bool {
        self.0.supports_explain_with_utility_options()
    }
    fn supports_listen_notify(&self) -> bool {
        self.0.supports_listen_notify()
    }
    fn supports_factorial_operator(&self) -> bool {
        self.0.supports_factorial_operator()
    }
    fn supports_comment_on(&self) -> bool {
        self.0.supports_comment_on()
    }
    fn supports_load_extension(&self) -> bool {
        self.0.supports_load_extension()
    }
    fn supports_named_fn_args_with_colon_operator(&self) -> bool {
        self.0.supports_named_fn_args_with_colon_operator()
    }
    fn supports_empty_projections(&self) -> bool {
        self.0.supports_empty_projections()
    }
    fn supports_nested_comments(&self) -> bool {
        self.0.supports_nested_comments()
    }
    fn supports_string_escape_constant(&self) -> bool {
        self.0.supports_string_escape_constant()
    }
    fn supports_numeric_literal_underscores(&self) -> bool {
        self.0.supports_numeric_literal_underscores()
    }
    fn supports_array_typedef_with_brackets(&self) -> bool {
        self.0.supports_array_typedef_with_brackets()
    }
    fn supports_geometric_types(&self) -> bool {
        self.0.supports_geometric_types()
    }
    fn supports_set_names(&self) -> bool {
        self.0.supports_set_names()
    }
    fn supports_alter_column_type_using(&self) -> bool {
        self.0.supports_alter_column_type_using()
    }
    fn supports_notnull_operator(&self) -> bool {
        self.0.supports_notnull_operator()
    }
    fn supports_interval_options(&self) -> bool {
        self.0.supports_interval_options()
    }
}

/// PostgreSQL's reserved key words (the "reserved" column of the manual's key-word appendix).
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// The system columns every PostgreSQL table has: a column of the same name is refused ("column
/// name … conflicts with a system column name", checked on PostgreSQL 15; `oid` stopped being
/// one in PostgreSQL 12).
const SYSTEM_COLUMNS: &[&str] = &["tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"];

/// Column types that btree_gin and btree_gist both index (as the types they are written as:
/// `smallint`, `integer`, `bigint`, `double precision`, `numeric`, `text`, `varchar`, `bpchar`,
/// `date`, `timestamp`, `uuid`, `boolean`, `bytea`). Checked by creating a gin and a gist index
/// on each on PostgreSQL 15 and PGlite (PostgreSQL 18): `index_pg_gin_gist_scalar.json`. JSON
/// and JSONB have no btree operator class in either extension (JSONB has gin's own).
fn scalar_gin_gist_type(ty: ColumnType) -> bool {
    use ColumnType::*;
    matches!(
        ty,
        Integer
            | Int
            | Bigint
            | Tinyint
            | Real
            | Numeric
            | Decimal
            | Text
            | Varchar
            | Char
            | Date
            | Timestamp
            | Datetime
            | Uuid
            | Boolean
            | Blob
    )
}

/// The extension a gin or gist index over these columns needs, if any.
fn extension_for(table: &Table, index: &Index) -> Option<&'static str> {
    let all_jsonb = index
        .columns
        .iter()
        .all(|c| table.column(c).is_some_and(|c| c.ty == ColumnType::Jsonb));
    match index.method {
        Some(IndexType::Gin) if !all_jsonb => Some("btree_gin"),
        Some(IndexType::Gist) => Some("btree_gist"),
        _ => None,
    }
}

/// What a column's values are to PostgreSQL, for a change of type: the spec types it writes
/// alike (INTEGER, INT, TINYINT and BIGINT are integers; TIMESTAMP and DATETIME one type) are
/// converted alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Decimal,
    Boolean,
    Text,
    Timestamp,
    Date,
    Uuid,
    Json,
    Jsonb,
    Blob,
}

impl Kind {
    /// The kind of a spec type.
    fn of(ty: ColumnType) -> Kind {
        use ColumnType::*;
        match ty {
            Integer | Int | Tinyint | Bigint => Kind::Integer,
            Real => Kind::Real,
            Numeric | Decimal => Kind::Decimal,
            Boolean => Kind::Boolean,
            Text | Varchar | Char => Kind::Text,
            Timestamp | Datetime => Kind::Timestamp,
            Date => Kind::Date,
            Uuid => Kind::Uuid,
            Json => Kind::Json,
            Jsonb => Kind::Jsonb,
            Blob => Kind::Blob,
        }
    }

    /// A number.
    fn number(self) -> bool {
        matches!(self, Kind::Integer | Kind::Real | Kind::Decimal)
    }
}

/// How `ALTER COLUMN … TYPE` converts a column's values to its new type on PostgreSQL (see
/// [`retype`]). The engine refuses a value the conversion cannot take (text that is no number,
/// bytes that are not UTF-8, a number out of the new type's range); it rounds a number to the
/// new type and drops a TIMESTAMP's time of day for a DATE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retype {
    /// No `USING`: the assignment cast, to a character type, which refuses a value too long
    /// where an explicit cast would cut it (a number, date, UUID or JSON written as text).
    Assign,
    /// `USING column::type`: between numbers, from text (parsed as the new type; CHAR without
    /// its padding, `column::TEXT::type`), JSONB to a number or a boolean (refused unless the
    /// value is one), JSON and JSONB, TIMESTAMP and DATE.
    Cast,
    /// `USING column::JSONB::type`: JSON to a number or a boolean, which JSON has no cast to.
    ThroughJsonb,
    /// `USING column::INTEGER`: a boolean to a number, 1 or 0 (NULL stays NULL), which the
    /// assignment cast then makes the new type.
    BooleanToNumber,
    /// `USING column <> 0`: a number to a boolean, true unless 0.
    NonZero,
    /// `USING to_json(column)` (`to_jsonb` to JSONB): a number or a boolean to its JSON
    /// value (a number stays a JSON number; a REAL's NaN and ±Infinity become JSON strings).
    ToJson,
    /// `USING convert_from(column, 'UTF8')`: BLOB to text, its bytes read as UTF-8 (bytes that
    /// are not, or a zero byte, refuse the migration). `column::text` would write the bytes'
    /// hex instead (`\x6869` for `hi`).
    FromUtf8,
    /// `USING convert_to(column, 'UTF8')`: text to BLOB, its UTF-8 bytes. `column::BYTEA`
    /// would read backslashes as escapes instead (`\x6869` becoming `hi`).
    ToUtf8,
    /// No conversion gives the values a meaning in the new type (a number or a boolean to a
    /// date, a UUID to a number, BLOB to anything but text, …): refused before anything is
    /// written (see [`Dialect::retype_refused`]).
    Refused,
}

/// How PostgreSQL's `ALTER COLUMN … TYPE` converts a column of spec type `old` to `new`.
pub(crate) fn retype(old: ColumnType, new: ColumnType) -> Retype {
    use Kind::*;
    match (Kind::of(old), Kind::of(new)) {
        (Blob, Text) => Retype::FromUtf8,
        (_, Text) => Retype::Assign,
        (Text, Blob) => Retype::ToUtf8,
        (Text, _) => Retype::Cast,
        (a, b) if a == b => Retype::Cast,
        (a, b) if a.number() && b.number() => Retype::Cast,
        (Boolean, b) if b.number() => Retype::BooleanToNumber,
        (a, Boolean) if a.number() => Retype::NonZero,
        (a, Json | Jsonb) if a.number() || a == Boolean => Retype::ToJson,
        (Json, b) if b.number() || b == Boolean => Retype::ThroughJsonb,
        (Jsonb, b) if b.number() || b == Boolean => Retype::Cast,
        (Json, Jsonb) | (Jsonb, Json) | (Timestamp, Date) | (Date, Timestamp) => Retype::Cast,
        _ => Retype::Refused,
    }
}

impl Postgres {
    /// Two UNIQUE columns of `table` whose constraints PostgreSQL would name alike once it cuts
    /// `{table}_{column}_key` to 63 bytes: it numbers the second (`…_key1`), which a later
    /// migration from `previousSpec` cannot tell apart from the first, and refuses to change
    /// (`DUPLICATE_NAME` warning).
    fn warn_of_shortened_unique_names(&self, table: &Table, report: &mut Report) {
        let mut seen: Vec<(String, String)> = Vec::new();
        // The UNIQUE columns PostgreSQL names for itself ([`Dialect::generated_names`]).
        for (what, name) in self.generated_names(table) {
            let GeneratedName::Unique(column) = what else {
                continue;
            };
            match seen.iter().find(|(n, _)| *n == name) {
                Some((_, first)) => report.push(
                    Issue::warning(
                        Code::DuplicateName,
                        format!("the UNIQUE constraints of the columns '{first}' and '{column}' would both be named '{name}' (PostgreSQL cuts names to 63 bytes): PostgreSQL numbers the second ('…_key1', cut again to fit), and a later migration from previousSpec that adds, drops or renames either UNIQUE is refused, as it cannot know which is which"),
                    )
                    .table(&table.name)
                    .column(&column)
                    .suggest("declare these UNIQUEs as uniqueConstraints entries with names of their own instead of \"unique\": true"),
                ),
                None => seen.push((name, column)),
            }
        }
    }
}

/// A type as written, as PostgreSQL stores it, for [`Dialect::same_stored_type`]: upper case,
/// `DECIMAL` spelled `NUMERIC`, a precision without a scale given its scale of 0.
fn stored_type(written: &str) -> String {
    let t = written.trim().to_ascii_uppercase();
    let t = match t.strip_prefix("DECIMAL") {
        Some(rest) => ["NUMERIC", rest].concat(),
        None => t,
    };
    match t.strip_prefix("NUMERIC(").and_then(|r| r.strip_suffix(')')) {
        Some(p) if !p.contains(',') => format!("NUMERIC({},0)", p.trim()),
        _ => t,
    }
}

impl Dialect for Postgres {
    /// `INDEX_MAX_KEYS`: every key is an index (primary key and UNIQUEs too).
    fn max_key_columns(&self) -> Option<usize> {
        Some(32)
    }

    /// Added only where the table has no constraint of the key's name (in `pg_constraint`,
    /// the table resolved through the `search_path` as the `ALTER TABLE` resolves it), so that a
    /// second run of a CREATE migration, whose tables `CREATE TABLE IF NOT EXISTS` skips, does not
    /// fail with "constraint … already exists". A `DO` block (PostgreSQL has no `ADD CONSTRAINT
    /// IF NOT EXISTS`), which runs inside the runner's transaction like any statement. A key
    /// of that name that is there already is taken as this one, whatever it says, as the
    /// table of that name is.
    ///
    /// A key naming a `$` (a table marked `existing` may have any name) is added plainly, its
    /// second run failing: inside the block's `$$ … $$` quoting, a `$$` of the name would end
    /// the block and run what follows it as a statement of its own.
    fn add_foreign_key_if_absent(&self, table: &Table, fk: &ForeignKey) -> String {
        let statement = self.add_foreign_key(table, fk);
        if statement.contains('$') {
            return statement;
        }
        [
            GUARD_START,
            "SELECT 1 FROM pg_constraint\n  WHERE conrelid = ",
            &self.string_literal(&self.identifier(&table.name)),
            "::regclass\n  AND conname = ",
            &self.string_literal(&fk.name(&table.name)),
            GUARD_THEN,
            &statement,
            GUARD_END,
        ]
        .concat()
    }

    /// `'…'` with quotes doubled; a text holding a backslash is written `E'…'` with the
    /// backslashes doubled too, which means the same text whatever the session's
    /// `standard_conforming_strings` (with it off, a backslash in `'…'` escapes the quote after
    /// it, and `'a\''` would run on past the literal's end).
    fn string_literal(&self, text: &str) -> String {
        if !text.contains('\\') {
            return super::quote_doubling(text);
        }
        let mut out = String::with_capacity(text.len() + 4);
        out.push_str("E'");
        for c in text.chars() {
            if matches!(c, '\'' | '\\') {
                out.push(c);
            }
            out.push(c);
        }
        out.push('\'');
        out
    }

    fn database_type(&self) -> DatabaseType {
        DatabaseType::Postgresql
    }

    fn parser(&self) -> &'static (dyn ParserDialect + Sync) {
        &PostgresParser(PostgreSqlDialect {})
    }

    fn text_comparison(&self, ty: ColumnType) -> super::TextComparison {
        use super::TextComparison;
        match ty {
            ColumnType::Char => TextComparison::PaddedExact,
            _ => TextComparison::Exact,
        }
    }

    fn max_identifier_bytes(&self) -> usize {
        63
    }

    fn reserved_words(&self) -> &'static WordTable {
        static RESERVED_WORDS: WordTable = WordTable::new(RESERVED);
        &RESERVED_WORDS
    }

    /// DECIMAL is NUMERIC (`numeric` in the catalog), and `NUMERIC(p)` is `NUMERIC(p,0)`:
    /// `DECIMAL(10,2)` and `NUMERIC(10,2)` are one type (tried on PostgreSQL 15).
    fn same_stored_type(&self, a: &str, b: &str) -> bool {
        a == b || stored_type(a) == stored_type(b)
    }

    fn column_type(&self, column: &Column, _in_key: bool) -> String {
        use ColumnType::*;
        let precision = |name: &str| match (column.precision, column.scale) {
            (Some(p), Some(s)) => format!("{name}({p},{s})"),
            (Some(p), None) => format!("{name}({p})"),
            _ => name.to_string(),
        };
        match column.ty {
            Text => "TEXT".into(),
            Integer | Int => "INTEGER".into(),
            Bigint => "BIGINT".into(),
            Tinyint => "SMALLINT".into(),
            // 8-byte floating point, as SQLite's REAL, MySQL's DOUBLE and the TypeScript `number`:
            // PostgreSQL's REAL is 4 bytes and rounds 123456.789 to 123456.79.
            Real => "DOUBLE PRECISION".into(),
            Blob => "BYTEA".into(),
            Numeric => precision("NUMERIC"),
            Decimal => precision("DECIMAL"),
            Varchar => column
                .length
                .map_or_else(|| "VARCHAR".into(), |n| format!("VARCHAR({n})")),
            Char => format!("CHAR({})", column.length.unwrap_or(1)),
            Boolean => "BOOLEAN".into(),
            Timestamp | Datetime => column
                .precision
                .map_or_else(|| "TIMESTAMP".into(), |p| format!("TIMESTAMP({p})")),
            Date => "DATE".into(),
            Uuid => "UUID".into(),
            Jsonb => "JSONB".into(),
            Json => "JSON".into(),
        }
    }

    /// With the `USING` that [`retype`] says.
    fn retype_clause(&self, column: &str, old: &Column, new: &Column, new_type: &str) -> String {
        let c = self.identifier(column);
        let using = match retype(old.ty, new.ty) {
            Retype::Assign => return ["TYPE ", new_type].concat(),
            // Refused before anything is written; the plain cast otherwise, which PostgreSQL
            // refuses itself.
            // CHAR's padding goes first (`::TEXT`): UUID does not read it.
            Retype::Cast | Retype::Refused if old.ty == ColumnType::Char => {
                format!("{c}::TEXT::{new_type}")
            }
            Retype::Cast | Retype::Refused => format!("{c}::{new_type}"),
            Retype::ThroughJsonb => format!("{c}::JSONB::{new_type}"),
            Retype::BooleanToNumber => format!("{c}::INTEGER"),
            Retype::NonZero => format!("{c} <> 0"),
            Retype::ToJson if new.ty == ColumnType::Json => format!("to_json({c})"),
            Retype::ToJson => format!("to_jsonb({c})"),
            Retype::FromUtf8 => format!("convert_from({c}, 'UTF8')"),
            Retype::ToUtf8 => format!("convert_to({c}, 'UTF8')"),
        };
        ["TYPE ", new_type, " USING ", &using].concat()
    }

    /// `ALTER SEQUENCE {table}_{column}_seq AS …`: a sequence's limits that were its old type's
    /// become the new type's (`SERIAL` to `BIGSERIAL`); one whose value is beyond them refuses
    /// a narrowing (the down migration of a widening).
    fn retype_sequence(&self, table: &str, column: &str, new_type: &str) -> Option<String> {
        Some(
            [
                "ALTER SEQUENCE ",
                &self.identifier(&object_name(table, Some(column), "seq")),
                " AS ",
                new_type,
                ";",
            ]
            .concat(),
        )
    }

    /// `CREATE SEQUENCE {table}_{column}_seq AS … OWNED BY …` and the column's default
    /// `nextval`, as `SERIAL` makes them, then the sequence set to the largest value when that
    /// is 1 or more (a fresh sequence gives 1 first).
    fn add_numbering(&self, table: &str, column: &str, ty: &str) -> Vec<String> {
        let sequence = object_name(table, Some(column), "seq");
        let sequence = self.identifier(&sequence);
        let (t, c) = (self.identifier(table), self.identifier(column));
        let name = self.string_literal(&sequence);
        vec![
            format!("CREATE SEQUENCE {sequence} AS {ty} OWNED BY {t}.{c};"),
            format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT nextval({name}::regclass);"),
            format!("SELECT setval({name}, max({c})) FROM {t} HAVING max({c}) >= 1;"),
        ]
    }

    /// The default first (it depends on the sequence), then the sequence.
    fn drop_numbering(&self, table: &str, column: &str) -> Vec<String> {
        let sequence = object_name(table, Some(column), "seq");
        let sequence = self.identifier(&sequence);
        vec![
            format!(
                "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;",
                self.identifier(table),
                self.identifier(column)
            ),
            format!("DROP SEQUENCE {sequence};"),
        ]
    }

    /// An integer to another integer, VARCHAR or TEXT to VARCHAR or TEXT, DECIMAL or NUMERIC
    /// to DECIMAL or NUMERIC (a foreign key's column of the old type still compares with the
    /// new one), a length or precision alone, or the numbering alone.
    fn carries_foreign_keys_through(&self, old: &Column, new: &Column) -> bool {
        use ColumnType::*;
        let integer = |t: ColumnType| matches!(t, Tinyint | Int | Integer | Bigint);
        let text = |t: ColumnType| matches!(t, Varchar | Text);
        let decimal = |t: ColumnType| matches!(t, Numeric | Decimal);
        old.ty == new.ty
            || (integer(old.ty) && integer(new.ty))
            || (text(old.ty) && text(new.ty))
            || (decimal(old.ty) && decimal(new.ty))
    }

    /// Either way (the down migration converts back).
    fn retype_refused(&self, old: ColumnType, new: ColumnType) -> bool {
        retype(old, new) == Retype::Refused || retype(new, old) == Retype::Refused
    }

    fn max_text_chars(&self, column: &Column, _in_key: bool) -> Option<u32> {
        match column.ty {
            ColumnType::Varchar => column.length,
            ColumnType::Char => Some(column.length.unwrap_or(1)),
            _ => None,
        }
    }

    /// Also the table's own name, its primary key's `{table}_pkey` and its SERIAL sequences'
    /// `{table}_{column}_seq`: relations too.
    fn database_wide_names(&self, table: &Table) -> Vec<String> {
        let single_key =
            |c: &Column| table.primary_key.len() == 1 && table.primary_key[0] == c.name;
        let mut own = vec![table.name.clone()];
        if !table.primary_key.is_empty() {
            own.extend(self.key_constraint_name(table));
        }
        own.extend(
            table
                .columns
                .iter()
                .filter(|c| c.auto_increment)
                .map(|c| object_name(&table.name, Some(&c.name), "seq")),
        );
        own.into_iter()
            .chain(table.indexes.iter().map(|i| i.name.clone()))
            .chain(table.unique_constraints.iter().map(|u| u.name.clone()))
            .chain(
                table
                    .columns
                    .iter()
                    .filter(|c| c.unique && !single_key(c))
                    .map(|c| self.column_unique_name(&table.name, &c.name)),
            )
            .collect()
    }

    /// `ALTER INDEX old RENAME TO new;` (index names are the schema's, as relations: the table
    /// is not named).
    fn rename_index(&self, _table: &str, old: &str, new: &str) -> Option<String> {
        Some(format!(
            "ALTER INDEX {} RENAME TO {};",
            self.identifier(old),
            self.identifier(new)
        ))
    }

    /// `ALTER TABLE … RENAME CONSTRAINT`, which renames the constraint's index too (PostgreSQL
    /// 15: `pg_constraint` and `pg_class` both have the new name, the same OIDs).
    fn rename_unique_constraint(&self, table: &str, old: &str, new: &str) -> Option<String> {
        Some(super::rename_constraint(self, table, old, new))
    }

    /// `ALTER TABLE … RENAME CONSTRAINT`: the key stays as it is, rows unchecked.
    fn rename_foreign_key(&self, table: &str, old: &str, new: &str) -> Option<String> {
        Some(super::rename_constraint(self, table, old, new))
    }

    fn primary_key_name(&self, table: &str) -> Option<String> {
        Some(object_name(table, None, "pkey"))
    }

    /// The primary key's name: the spec's `primaryKeyName` (which PostgreSQL keeps even beside
    /// a UNIQUE constraint on the key's columns), else `{table}_pkey` (unless a UNIQUE
    /// constraint on its columns named it); the UNIQUE columns' `{table}_{column}_key` (unless
    /// a UNIQUE constraint on that column alone named it) and the SERIAL sequences'
    /// `{table}_{column}_seq`. A migration that renames the table renames the key only where
    /// these names differ: a `primaryKeyName` both specs give stays.
    fn generated_names(&self, table: &Table) -> Vec<(GeneratedName, String)> {
        let mut out = Vec::new();
        let key_named = table.primary_key_name.is_none()
            && (table.unique_constraints.iter()).any(|u| u.columns == table.primary_key);
        if !table.primary_key.is_empty() && !key_named {
            out.push((
                GeneratedName::PrimaryKey,
                self.key_constraint_name(table).unwrap_or_default(),
            ));
        }
        let single_key =
            |c: &Column| table.primary_key.len() == 1 && table.primary_key[0] == c.name;
        // A column's UNIQUE is merged into a UNIQUE constraint on that column alone, which
        // names it.
        let named = |c: &Column| {
            table
                .unique_constraints
                .iter()
                .any(|u| u.columns.len() == 1 && u.columns[0] == c.name)
        };
        for c in &table.columns {
            if c.unique && !single_key(c) && !named(c) {
                out.push((
                    GeneratedName::Unique(c.name.clone()),
                    self.column_unique_name(&table.name, &c.name),
                ));
            }
            if c.auto_increment {
                out.push((
                    GeneratedName::Sequence(c.name.clone()),
                    object_name(&table.name, Some(&c.name), "seq"),
                ));
            }
        }
        out
    }

    fn unique_on_the_key_is_the_key(&self) -> bool {
        true
    }

    fn now_default(&self, _column: &Column, kind: NowKind) -> String {
        kind.as_str().to_string()
    }

    fn auto_increment_definition(&self, column: &Column) -> String {
        match column.ty {
            ColumnType::Bigint => "BIGSERIAL PRIMARY KEY",
            ColumnType::Tinyint => "SMALLSERIAL PRIMARY KEY",
            _ => "SERIAL PRIMARY KEY",
        }
        .to_string()
    }

    fn prerequisites(&self, tables: &[&Table]) -> Vec<String> {
        let mut needed: Vec<&str> = Vec::new();
        for table in tables {
            for index in &table.indexes {
                if let Some(ext) = extension_for(table, index) {
                    if !needed.contains(&ext) {
                        needed.push(ext);
                    }
                }
            }
        }
        needed.sort_unstable();
        needed
            .into_iter()
            .map(|e| format!("CREATE EXTENSION IF NOT EXISTS {e};"))
            .collect()
    }

    fn validate_table(&self, table: &Table, _: &[Option<Vec<String>>], report: &mut Report) {
        self.warn_of_shortened_unique_names(table, report);
        for index in &table.indexes {
            let types: Vec<ColumnType> = index
                .columns
                .iter()
                .filter_map(|c| table.column(c))
                .map(|c| c.ty)
                .collect();
            let refuse = |report: &mut Report, message: String, suggestion: &str| {
                report.push(
                    Issue::error(Code::UnsupportedFeature, message)
                        .table(&table.name)
                        .constraint(&index.name)
                        .suggest(suggestion),
                )
            };
            match index.method {
                Some(IndexType::Hash) if index.unique => refuse(
                    report,
                    "PostgreSQL hash indexes cannot be UNIQUE".into(),
                    "use a btree index for uniqueness",
                ),
                Some(IndexType::Hash) if index.columns.len() > 1 => refuse(
                    report,
                    "PostgreSQL hash indexes cover one column".into(),
                    "use a btree index for several columns",
                ),
                Some(m @ (IndexType::Gin | IndexType::Gist)) => {
                    if index.unique {
                        refuse(
                            report,
                            format!("PostgreSQL {} indexes cannot be UNIQUE", m.as_str()),
                            "use a btree index for uniqueness",
                        );
                    } else if let Some(ty) = types.iter().find(|t| {
                        !(scalar_gin_gist_type(**t)
                            || (m == IndexType::Gin && **t == ColumnType::Jsonb))
                    }) {
                        refuse(
                            report,
                            format!(
                                "PostgreSQL has no {} operator class for {} columns",
                                m.as_str(),
                                ty.as_str()
                            ),
                            if m == IndexType::Gin {
                                "gin indexes JSONB columns (and scalar columns through btree_gin)"
                            } else {
                                "gist indexes scalar columns through btree_gist (not JSON or JSONB); use a btree index"
                            },
                        );
                    } else if let Some(ext) = extension_for(table, index) {
                        report.push(
                            Issue::warning(
                                Code::ExtensionRequired,
                                format!("a {} index on these columns needs the {ext} extension; the migration creates it if it is missing", m.as_str()),
                            )
                            .table(&table.name)
                            .constraint(&index.name)
                            .suggest(format!("make sure the migration's role may run CREATE EXTENSION {ext} (it is a trusted extension)")),
                        );
                    }
                }
                _ => {}
            }
        }
        for column in &table.columns {
            if SYSTEM_COLUMNS.contains(&column.name.as_str()) {
                report.push(
                    Issue::error(
                        Code::ReservedKeyword,
                        format!(
                            "'{}' is the name of a PostgreSQL system column, which every table has",
                            column.name
                        ),
                    )
                    .table(&table.name)
                    .column(&column.name)
                    .suggest(format!(
                        "rename the column, for example to '{}_value'",
                        column.name
                    )),
                );
            }
            if column.ty == ColumnType::Json && table.is_key_column(&column.name) {
                report.push(
                    Issue::error(Code::UnsupportedFeature, "PostgreSQL cannot index or compare JSON columns (json has no equality operator)")
                        .table(&table.name)
                        .column(&column.name)
                        .suggest("use JSONB for a JSON column that is in a key or index"),
                );
            }
            if let Some(issue) = super::wide_decimal_warning(table, column, self, true) {
                report.push(issue);
            }
            if column.ty == ColumnType::Char && column.length.is_none() {
                report.push(
                    Issue::warning(
                        Code::LossyTypeMapping,
                        "CHAR without a length is CHAR(1) in PostgreSQL",
                    )
                    .table(&table.name)
                    .column(&column.name)
                    .suggest("give the column a length, or use VARCHAR/TEXT"),
                );
            }
        }
    }
}

/// How a CREATE migration's foreign key begins ([`Dialect::add_foreign_key_if_absent`]): a `DO`
/// block whose `IF NOT EXISTS` asks `pg_constraint` for a constraint of the key's name on its
/// table (the table and the name on lines of their own, each line within 120 characters with
/// short names), ...
const GUARD_START: &str = "DO $$ BEGIN IF NOT EXISTS (";
/// ... then the `ALTER TABLE … ADD CONSTRAINT` itself on the next line, as a migration from
/// previousSpec writes it, ...
const GUARD_THEN: &str = ") THEN\n";
/// ... and the end, on the statement's last line (no `;` ends a line inside the block, so a
/// runner that splits a script at `;` and a newline keeps the block whole).
const GUARD_END: &str = " END IF; END $$;";

/// The two statements a foreign key added only where it is missing holds (see
/// [`Dialect::add_foreign_key_if_absent`]): the query of its condition and the `ALTER TABLE`,
/// for the parser's check, which has no `DO`; `None` for any other statement.
/// A block whose body holds a `$` is none (its `$$` could end the quoting early): the parser
/// then reads it whole, and refuses it.
pub fn guarded_foreign_key(statement: &str) -> Option<(&str, &str)> {
    let inner = statement
        .strip_prefix(GUARD_START)?
        .strip_suffix(GUARD_END)?;
    if inner.contains('$') {
        return None;
    }
    inner.split_once(GUARD_THEN)
}

/// PostgreSQL's longest name in bytes (`NAMEDATALEN - 1`).
const POSTGRES_MAX_NAME_BYTES: usize = 63;

/// The name PostgreSQL gives an object it makes itself, `{name1}_{name2}_{label}` (or
/// `{name1}_{label}`), shortened to 63 bytes as its `makeObjectName` does: the label is kept
/// whole, and `name1` and `name2` lose one byte at a time, the longer one first (`name2` when they
/// are as long), until the whole fits; each is then cut back to a character boundary.
/// `ChooseRelationName` adds a number to this name only when a relation of that name already
/// exists at the time, so this is the name it takes in a schema without one.
pub fn object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let available = POSTGRES_MAX_NAME_BYTES.saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
    while n1 + n2 > available {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    // pg_mbcliplen: never half a character.
    let clip = |s: &str, mut n: usize| {
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        n
    };
    let mut name = String::with_capacity(POSTGRES_MAX_NAME_BYTES);
    name.push_str(&name1[..clip(name1, n1)]);
    if let Some(name2) = name2 {
        name.push('_');
        name.push_str(&name2[..clip(name2, n2)]);
    }
    name.push('_');
    name.push_str(label);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_unique_columns_whose_constraint_names_shorten_alike_are_warned_of() {
        let column = |name: &str| {
            format!(r#"{{"name":"{name}","type":"INTEGER","nullable":true,"unique":true}}"#)
        };
        let spec = |a: &str, b: &str| {
            format!(
                r#"{{"description":"t","databaseType":"postgresql","tables":[{{"name":"{t}","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{},{}],"primaryKey":["id"]}}]}}"#,
                column(a),
                column(b),
                t = "t".repeat(30)
            )
        };
        let warned = |a: &str, b: &str| -> Vec<String> {
            let result = crate::generate_str(&spec(a, b));
            assert!(result.validation.valid, "{:?}", result.validation.errors);
            result
                .validation
                .warnings
                .iter()
                .filter(|w| w.code == Code::DuplicateName)
                .map(|w| w.message.clone())
                .collect()
        };
        let (a, b) = (
            format!("{}a", "c".repeat(40)),
            format!("{}b", "c".repeat(40)),
        );
        let said = warned(&a, &b);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0].starts_with(&format!(
                "the UNIQUE constraints of the columns '{a}' and '{b}' would both be named '"
            )),
            "{said:?}"
        );
        // Names that stay apart once cut: nothing to say.
        assert!(warned("short_a", "short_b").is_empty());
        // The second's UNIQUE also a named uniqueConstraints entry: it gets that one only.
        let named = spec(&a, &b).replace(
            r#""primaryKey":["id"]"#,
            &format!(
                r#""primaryKey":["id"],"uniqueConstraints":[{{"name":"uq_b","columns":["{b}"]}}]"#
            ),
        );
        let result = crate::generate_str(&named);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            !result
                .validation
                .warnings
                .iter()
                .any(|w| w.code == Code::DuplicateName),
            "{:?}",
            result.validation.warnings
        );
    }

    #[test]
    fn system_column_names_are_refused() {
        let mut t = Table {
            name: "t".into(),
            columns: vec![Column::new("id", ColumnType::Int, false)],
            primary_key: vec!["id".into()],
            ..Default::default()
        };
        for name in SYSTEM_COLUMNS {
            t.columns.truncate(1);
            t.columns.push(Column::new(name, ColumnType::Int, true));
            let mut report = Report::default();
            Postgres.validate_table(
                &t,
                &crate::dialect::check_columns(&Postgres, &t),
                &mut report,
            );
            assert_eq!(report.errors.len(), 1, "{name}");
            assert_eq!(report.errors[0].code, Code::ReservedKeyword);
        }
        t.columns.truncate(1);
        t.columns.push(Column::new("oid", ColumnType::Int, true));
        let mut report = Report::default();
        Postgres.validate_table(
            &t,
            &crate::dialect::check_columns(&Postgres, &t),
            &mut report,
        );
        assert!(
            report.errors.is_empty(),
            "oid is an ordinary name since PostgreSQL 12"
        );
    }

    /// The spec's REAL holds what SQLite's REAL, MySQL's DOUBLE and a JavaScript number hold; the
    /// engine tests write 123456.789 to it and read it back on every dialect.
    #[test]
    fn real_is_double_precision() {
        let c = Column::new("r", ColumnType::Real, true);
        assert_eq!(Postgres.column_type(&c, false), "DOUBLE PRECISION");
    }

    /// A TIMESTAMP's precision is its digits of a second: `TIMESTAMP(3)`, `TIMESTAMP(0)`; none
    /// is PostgreSQL's default (microseconds). A change of precision alone is a cast.
    #[test]
    fn timestamp_precision_is_written_and_cast() {
        let mut c = Column::new("at", ColumnType::Datetime, true);
        assert_eq!(Postgres.column_type(&c, false), "TIMESTAMP");
        for p in [0, 3, 6] {
            c.precision = Some(p);
            assert_eq!(Postgres.column_type(&c, false), format!("TIMESTAMP({p})"));
        }
        assert_eq!(
            retype(ColumnType::Timestamp, ColumnType::Datetime),
            Retype::Cast
        );
    }

    /// The type changes refused on PostgreSQL, both ways (the down migration converts back):
    /// numbers and BOOLEAN to a date, a time, a UUID or BLOB; dates and times to a UUID, JSON or
    /// BLOB; a UUID to JSON or BLOB; JSON to BLOB. Every other pair has a conversion, and what
    /// each gives on rows is run on PGlite and PostgreSQL by `__test__/type-change-pg.test.mjs`.
    #[test]
    fn type_changes_without_a_meaning_are_refused_both_ways() {
        use ColumnType::*;
        let numbers_and_boolean: &[ColumnType] = &[
            Integer, Int, Tinyint, Bigint, Real, Numeric, Decimal, Boolean,
        ];
        let times: &[ColumnType] = &[Timestamp, Datetime, Date];
        let groups: [(&[ColumnType], &[ColumnType]); 4] = [
            (
                numbers_and_boolean,
                &[Timestamp, Datetime, Date, Uuid, Blob],
            ),
            (times, &[Uuid, Json, Jsonb, Blob]),
            (&[Uuid], &[Json, Jsonb, Blob]),
            (&[Json, Jsonb], &[Blob]),
        ];
        let mut expected = std::collections::HashSet::new();
        for (from, to) in groups {
            for (&a, &b) in from.iter().flat_map(|a| to.iter().map(move |b| (a, b))) {
                expected.insert((a, b));
                expected.insert((b, a));
            }
        }
        assert_eq!(expected.len(), 114);
        for &a in ColumnType::ALL {
            for &b in ColumnType::ALL.iter().filter(|&&b| b != a) {
                let refused = expected.contains(&(a, b));
                assert_eq!(Postgres.retype_refused(a, b), refused, "{a:?} to {b:?}");
                assert_eq!(retype(a, b) == Retype::Refused, refused, "{a:?} to {b:?}");
            }
        }
    }

    /// The `USING` of each conversion, as `ALTER COLUMN` writes it.
    #[test]
    fn type_changes_convert_with_the_using_their_kinds_need() {
        use ColumnType::*;
        let clause = |a: ColumnType, b: ColumnType| {
            let (old, new) = (Column::new("c", a, true), Column::new("c", b, true));
            Postgres.retype_clause("c", &old, &new, &Postgres.column_type(&new, false))
        };
        for (a, b, expected) in [
            (Boolean, Tinyint, "TYPE SMALLINT USING c::INTEGER"),
            (Boolean, Real, "TYPE DOUBLE PRECISION USING c::INTEGER"),
            (Bigint, Boolean, "TYPE BOOLEAN USING c <> 0"),
            (Decimal, Boolean, "TYPE BOOLEAN USING c <> 0"),
            (Integer, Json, "TYPE JSON USING to_json(c)"),
            (Boolean, Jsonb, "TYPE JSONB USING to_jsonb(c)"),
            (Json, Bigint, "TYPE BIGINT USING c::JSONB::BIGINT"),
            (Json, Boolean, "TYPE BOOLEAN USING c::JSONB::BOOLEAN"),
            (
                Jsonb,
                Real,
                "TYPE DOUBLE PRECISION USING c::DOUBLE PRECISION",
            ),
            (Blob, Text, "TYPE TEXT USING convert_from(c, 'UTF8')"),
            (Blob, Char, "TYPE CHAR(1) USING convert_from(c, 'UTF8')"),
            (Varchar, Blob, "TYPE BYTEA USING convert_to(c, 'UTF8')"),
            (Uuid, Varchar, "TYPE VARCHAR"),
            (Jsonb, Text, "TYPE TEXT"),
            (Text, Uuid, "TYPE UUID USING c::UUID"),
            (Char, Uuid, "TYPE UUID USING c::TEXT::UUID"),
            (Real, Integer, "TYPE INTEGER USING c::INTEGER"),
            (Timestamp, Date, "TYPE DATE USING c::DATE"),
            (Json, Jsonb, "TYPE JSONB USING c::JSONB"),
        ] {
            assert_eq!(clause(a, b), expected, "{a:?} to {b:?}");
        }
    }

    /// The codes validation gives a one-column index of `method` on a column of `ty`.
    fn index_codes(ty: ColumnType, method: IndexType) -> (Vec<Code>, Vec<Code>) {
        let mut column = Column::new("c", ty, true);
        // Without the warnings of their own (CHAR(1), NUMERIC of any number of digits).
        if ty == ColumnType::Char {
            column.length = Some(3);
        }
        if matches!(ty, ColumnType::Numeric | ColumnType::Decimal) {
            column.precision = Some(10);
        }
        let t = Table {
            name: "t".into(),
            columns: vec![Column::new("id", ColumnType::Int, false), column],
            primary_key: vec!["id".into()],
            indexes: vec![Index {
                name: "idx_t_c".into(),
                columns: vec!["c".into()],
                unique: false,
                method: Some(method),
                predicate: None,
            }],
            ..Default::default()
        };
        let mut report = Report::default();
        Postgres.validate_table(
            &t,
            &crate::dialect::check_columns(&Postgres, &t),
            &mut report,
        );
        let codes = |issues: &[Issue]| issues.iter().map(|i| i.code).collect::<Vec<_>>();
        (codes(&report.errors), codes(&report.warnings))
    }

    /// gin and gist take every type btree_gin and btree_gist index (with the extension's
    /// warning), JSONB takes gin without one, and what neither extension indexes is refused.
    /// The engine tests create each accepted pair (`index_pg_gin_gist_scalar.json`).
    #[test]
    fn gin_and_gist_take_the_types_their_operator_classes_cover() {
        for ty in ColumnType::ALL.iter().copied() {
            for method in [IndexType::Gin, IndexType::Gist] {
                let (errors, warnings) = index_codes(ty, method);
                match (ty, method) {
                    (ColumnType::Json, _) | (ColumnType::Jsonb, IndexType::Gist) => {
                        assert!(!errors.is_empty(), "{ty:?} {method:?} is refused")
                    }
                    (ColumnType::Jsonb, IndexType::Gin) => {
                        assert_eq!((errors, warnings), (vec![], vec![]), "jsonb_ops")
                    }
                    _ => assert_eq!(
                        (errors, warnings),
                        (vec![], vec![Code::ExtensionRequired]),
                        "{ty:?} {method:?}"
                    ),
                }
            }
        }
    }
}
