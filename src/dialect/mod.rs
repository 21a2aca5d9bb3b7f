//! SQL rendering, one dialect per file behind one trait.
//!
//! The trait's default methods write standard SQL; each dialect overrides only what differs
//! (types, literals, auto-increment, where foreign keys go, index syntax, dialect-only rules).
//! Adding a dialect means adding one file that implements [`Dialect`] and one arm in [`for_database`].

mod mysql;
mod mysql_cascades;
mod mysql_fill_order;
mod mysql_merge;
mod mysql_parser;
mod postgres;
mod prefix_shortcut;
mod sqlite;

pub use crate::word_table::WordTable;
use mysql::MySql;
pub use mysql::ZERO_DATE as MYSQL_ZERO_DATE;
pub(crate) use mysql_merge::identifier_ending as mysql_identifier_ending;
pub use postgres::{
    guarded_foreign_key as postgres_guarded_foreign_key, object_name as postgres_object_name,
    Postgres,
};
pub use sqlite::{quoted_identifier as sqlite_quoted_identifier, Sqlite};

use crate::report::Report;
use crate::spec::*;
use sqlparser::dialect::Dialect as ParserDialect;

/// A warning about a cycle of foreign keys through several tables
/// ([`Dialect::foreign_key_cycle_warnings`]), with the foreign keys that make it, each as (index
/// of its table in the spec's tables, index in that table's `foreign_keys`): a migration that
/// writes none of them leaves the cycle as it was.
pub type CycleWarning = (crate::report::Issue, Vec<(usize, usize)>);

/// The dialect for a database type.
pub fn for_database(db: DatabaseType) -> &'static dyn Dialect {
    match db {
        DatabaseType::Sqlite => &Sqlite,
        DatabaseType::Postgresql => &Postgres,
        DatabaseType::Mysql => &MySql,
    }
}

/// Text that lands in a `--` comment: every line terminator and control character becomes a
/// space, so the comment cannot end early and let the rest run as SQL; so do the bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what
/// follows them on the line, so that a reviewer of the file reads it as it runs (a
/// hostile-input trial put U+202E in a description's header line).
pub fn comment_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.trim().to_string()
}

/// Where a user's expression goes, for [`Dialect::engine_check`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExprPlace {
    /// A table-level CHECK constraint.
    Check,
    /// A partial index's WHERE.
    IndexPredicate,
    /// A column's `{ expression }` default.
    Default,
}

/// The significant digits a JavaScript number (an IEEE double) always keeps: 15.
pub const NUMBER_DIGITS: u32 = 15;

/// The `LOSSY_TYPE_MAPPING` warning for a NUMERIC/DECIMAL column of PostgreSQL or MySQL that
/// holds more significant digits than a JavaScript number keeps: a precision above 15, or no
/// precision where `unbounded` (PostgreSQL's NUMERIC holds any number of digits; MySQL's is
/// `DECIMAL(10,0)`). The message names the column's type as `dialect` renders it. The generated
/// type is `number`; pg and mysql2 return such values as text by default, and `pgTypes` /
/// `mysql2Options` refuse a value with more digits (a RangeError) rather than round it, so the
/// column can hold values the application cannot read as its type says.
pub(crate) fn wide_decimal_warning(
    table: &Table,
    column: &Column,
    dialect: &dyn Dialect,
    unbounded: bool,
) -> Option<crate::report::Issue> {
    let wide = matches!(column.ty, ColumnType::Decimal | ColumnType::Numeric)
        && column.precision.map_or(unbounded, |p| p > NUMBER_DIGITS);
    wide.then(|| {
        let sql_type = dialect.column_type(column, false);
        let digits = column
            .precision
            .map_or_else(|| "any number of".to_string(), |p| p.to_string());
        crate::report::Issue::warning(
            crate::report::Code::LossyTypeMapping,
            format!(
                "{sql_type} holds {digits} significant digits, a JavaScript number {NUMBER_DIGITS}: the generated type is number, but a value with more digits cannot be read as one (pg and mysql2 return it as text; with pgTypes / mysql2Options reading it fails with a RangeError instead of rounding it)"
            ),
        )
        .table(&table.name)
        .column(&column.name)
        .suggest(format!(
            "give the column a precision of {NUMBER_DIGITS} or less, or select it as text (amount::text, CAST(amount AS CHAR)) where it holds more digits"
        ))
    })
}

/// What every dialect refuses in a name the database already has
/// ([`Dialect::name_it_cannot_hold`]): an empty name, a control character.
pub fn default_name_it_cannot_hold(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if name.chars().any(char::is_control) {
        Some("has a control character (a line break, a tab, NUL)")
    } else {
        None
    }
}

/// `text` as a standard SQL string literal: in single quotes, each quote doubled.
pub fn quote_doubling(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// `ALTER TABLE old RENAME TO new;`: a table, or on PostgreSQL any relation (a sequence).
pub(crate) fn rename_relation<D: Dialect + ?Sized>(d: &D, old: &str, new: &str) -> String {
    format!(
        "ALTER TABLE {} RENAME TO {};",
        d.identifier(old),
        d.identifier(new)
    )
}

/// `ALTER TABLE table RENAME CONSTRAINT old TO new;` (PostgreSQL): the constraint stays as it
/// is, its rows unchecked.
pub(crate) fn rename_constraint<D: Dialect + ?Sized>(
    d: &D,
    table: &str,
    old: &str,
    new: &str,
) -> String {
    [
        "ALTER TABLE ",
        &d.identifier(table),
        " RENAME CONSTRAINT ",
        &d.identifier(old),
        " TO ",
        &d.identifier(new),
        ";",
    ]
    .concat()
}

/// An object a database names for itself after its table (and a column): see
/// [`Dialect::generated_names`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GeneratedName {
    /// The primary key's constraint (PostgreSQL's `{table}_pkey`).
    PrimaryKey,
    /// The UNIQUE constraint of the column declared `unique` (PostgreSQL's
    /// `{table}_{column}_key`).
    Unique(String),
    /// The sequence that numbers the auto-increment column (PostgreSQL's
    /// `{table}_{column}_seq`).
    Sequence(String),
}

/// `ALTER TABLE table RENAME COLUMN old TO new;`.
pub(crate) fn rename_column_statement<D: Dialect + ?Sized>(
    d: &D,
    table: &str,
    old: &str,
    new: &str,
) -> String {
    format!(
        "ALTER TABLE {} RENAME COLUMN {} TO {};",
        d.identifier(table),
        d.identifier(old),
        d.identifier(new)
    )
}

/// Writes `a, b, c`.
pub fn column_list(columns: &[String]) -> String {
    columns.join(", ")
}

/// What a line of `CREATE TABLE` is, as [`Dialect::create_table_edited`] hands it to its edit.
#[derive(Clone, Copy, Debug)]
pub enum TableLine<'t> {
    /// A column's line (with its foreign key, where the dialect writes it inline).
    Column(&'t Column),
    /// A table-level foreign key.
    ForeignKey(&'t ForeignKey),
    /// Any other table-level constraint.
    Constraint,
}

/// How a database compares a text column's value with a string (see
/// [`Dialect::text_comparison`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextComparison {
    /// Byte for byte, and the value reads back as stored: a CHECK's strings are all a row holds.
    Exact,
    /// Trailing spaces aside, and the value reads back padded (PostgreSQL's `CHAR(n)`).
    PaddedExact,
    /// Without case or accents (MySQL's and MariaDB's default collations; MariaDB's also
    /// ignores trailing spaces): `'DRAFT'` passes `IN ('draft')`.
    Loose,
}

/// An edit of each line of `CREATE TABLE` (see [`Dialect::create_table_edited`]).
pub type LineEdit<'e> = &'e dyn Fn(TableLine, String) -> String;

/// One database's SQL. See the module documentation.
pub trait Dialect: Sync {
    /// Which database this renders for.
    fn database_type(&self) -> DatabaseType;

    /// sqlparser's dialect, for checking expressions and generated statements.
    fn parser(&self) -> &'static (dyn ParserDialect + Sync);

    /// Longest identifier the database keeps intact, in bytes.
    fn max_identifier_bytes(&self) -> usize;

    /// Why the database cannot hold `name`, quoted, as the name of an object it already has
    /// (a table marked `existing: true`, its columns, indexes and constraints, which the
    /// migration only names), or `None` when it can. Its length is checked apart
    /// ([`Dialect::held_name_length`]). A control character (a line break, NUL) is refused
    /// everywhere: no engine holds NUL, and a line break would end the migration's `--` comment
    /// lines that name the table.
    fn name_it_cannot_hold(&self, name: &str) -> Option<&'static str> {
        default_name_it_cannot_hold(name)
    }

    /// The length of a name the database already has, as the database counts it against
    /// [`Dialect::max_identifier_bytes`]: its bytes (PostgreSQL's 63, SQLite's); MySQL counts
    /// characters.
    fn held_name_length(&self, name: &str) -> usize {
        name.len()
    }

    /// The words that cannot be used as bare identifiers (lowercase, sorted, each once).
    fn reserved_words(&self) -> &'static WordTable;

    /// Whether a (lowercase) word cannot be used as a bare identifier.
    fn is_reserved(&self, word: &str) -> bool {
        self.reserved_words().contains(word)
    }

    /// `name` as written in SQL: as it is when it is a name the generator writes bare
    /// (lowercase snake_case and not reserved, as every name a valid spec gives), else quoted
    /// with [`Dialect::quote_identifier`]. For names read from an existing database, which may
    /// be anything (`"User"`, `"sqlite-data"`, text with `;` in it) and must never be pasted
    /// into a statement as they are.
    fn identifier<'a>(&self, name: &'a str) -> std::borrow::Cow<'a, str> {
        if crate::validate::is_snake_identifier(name) && !self.is_reserved(name) {
            std::borrow::Cow::Borrowed(name)
        } else {
            std::borrow::Cow::Owned(self.quote_identifier(name))
        }
    }

    /// `name` as a quoted identifier: in double quotes, inner ones doubled (the SQL standard's
    /// form, which SQLite and PostgreSQL read).
    fn quote_identifier(&self, name: &str) -> String {
        ["\"", &name.replace('"', "\"\""), "\""].concat()
    }

    /// The SQL type of a column. `in_key`: the column is in a key or index of its table.
    fn column_type(&self, column: &Column, in_key: bool) -> String;

    /// Whether two types as written (by [`Dialect::column_type`], or as the database declared
    /// them) are one type of the database, so that changing one into the other changes
    /// nothing: the same text here. PostgreSQL's DECIMAL is its NUMERIC (a user trial's
    /// `DECIMAL(10,2)` made `NUMERIC(10,2)` was written as an `ALTER COLUMN … TYPE`, which
    /// takes an exclusive lock and is refused under a view).
    fn same_stored_type(&self, a: &str, b: &str) -> bool {
        a == b
    }

    /// How the database compares a column of type `ty` (as the spec creates it) with a string
    /// literal, as in a CHECK's `IN ('a', 'b')`.
    fn text_comparison(&self, ty: ColumnType) -> TextComparison;

    /// The most characters a text column's value can have in this dialect, where the database
    /// refuses longer ones (`VARCHAR(n)`, `CHAR(n)`, MySQL's `VARCHAR(255)` for a TEXT column in
    /// a key): `None` where nothing limits it (SQLite, TEXT, PostgreSQL's VARCHAR without a
    /// length). `in_key`: the column is in a key or index of its table.
    fn max_text_chars(&self, _column: &Column, _in_key: bool) -> Option<u32> {
        None
    }

    /// Dialect-only validation of a table (index methods, partial indexes, key types, …).
    /// `check_columns`: the columns each of the table's CHECKs refers to, in order (`None` for
    /// one that does not parse), as validation found them ([`check_columns`]).
    fn validate_table(
        &self,
        table: &Table,
        check_columns: &[Option<Vec<String>>],
        report: &mut Report,
    );

    /// Dialect-only warnings about cycles of foreign keys through several of `tables` (MySQL:
    /// cascades InnoDB limits), in the order of their first tables. The default has none.
    fn foreign_key_cycle_warnings(&self, _tables: &[Table]) -> Vec<CycleWarning> {
        Vec::new()
    }

    /// Asks the database engine itself, where one runs in-process, whether it takes an
    /// expression (already accepted by [`crate::expr::check_expression`]) in `place`, on a table
    /// with `columns`: `Err` with the engine's message when it does not. sqlparser reads the
    /// union of many dialects' syntax (`<@`, `:=`, …), so a parsed expression can still be one
    /// the engine refuses. Nothing is evaluated. The default accepts.
    fn engine_check(
        &self,
        _place: ExprPlace,
        _expression: &str,
        _columns: &[&str],
    ) -> Result<(), String> {
        Ok(())
    }

    /// A user's expression (a CHECK, an expression default) as the dialect writes it: as the
    /// spec has it, except where a function of the same name means something else here (MySQL
    /// writes `length(` as `CHAR_LENGTH(`). Comparisons between specs stay on the spec's text.
    fn expression<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        std::borrow::Cow::Borrowed(text)
    }

    /// A string literal, quoted and escaped.
    fn string_literal(&self, text: &str) -> String {
        quote_doubling(text)
    }

    /// A boolean literal.
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "TRUE"
        } else {
            "FALSE"
        }
    }

    /// The current-time default in the dialect's idiom.
    fn now_default(&self, column: &Column, kind: NowKind) -> String;

    /// A literal default as the column's type needs it written (MySQL wraps TEXT/BLOB/JSON literals).
    fn literal_default(&self, _column: &Column, _in_key: bool, literal: String) -> String {
        literal
    }

    /// The `DEFAULT` value of a column, if it has one.
    fn default_value(&self, column: &Column, in_key: bool) -> Option<String> {
        Some(match column.default.as_ref()? {
            DefaultValue::Null => return None,
            DefaultValue::Str(s) => self.literal_default(column, in_key, self.string_literal(s)),
            DefaultValue::Number(n) if column.ty == ColumnType::Boolean => {
                self.bool_literal(n != "0").to_string()
            }
            DefaultValue::Number(n) => n.clone(),
            DefaultValue::Bool(b) => self.bool_literal(*b).to_string(),
            DefaultValue::Now(kind) => self.now_default(column, *kind),
            DefaultValue::Expression(e) => format!("({})", self.expression(e)),
        })
    }

    /// What a NOT NULL `column` added without a default gives a table's existing rows: `Ok`
    /// with the value the database writes into each (described for a message), or `Err` with
    /// why adding it to rows fails. PostgreSQL has nothing to write (and SQLite refuses such an
    /// ADD COLUMN whatever the rows); MySQL writes the type's empty value.
    fn value_for_rows_without_default(
        &self,
        _column: &Column,
    ) -> Result<&'static str, &'static str> {
        Err("each would hold NULL")
    }

    /// The value [`Dialect::value_for_rows_without_default`] writes into each row, as a SQL
    /// literal, where it is one (`''`, `0`): what a CHECK on the column is asked of. `None`
    /// where the database writes nothing, or a value no literal of the spec's CHECKs names (the
    /// zero date, JSON null, no bytes).
    fn literal_for_rows_without_default(&self, _column: &Column) -> Option<&'static str> {
        None
    }

    /// The definition of an auto-increment primary-key column, after its name.
    fn auto_increment_definition(&self, column: &Column) -> String;

    /// Extra column clauses after the default (MySQL `ON UPDATE CURRENT_TIMESTAMP`).
    fn column_suffix(&self, _column: &Column) -> &'static str {
        ""
    }

    /// Whether foreign keys are written inside `CREATE TABLE` (SQLite) rather than added
    /// afterwards with `ALTER TABLE … ADD CONSTRAINT`.
    fn inline_foreign_keys(&self) -> bool {
        false
    }

    /// What follows the closing parenthesis of `CREATE TABLE`.
    fn table_options(&self) -> &'static str {
        ""
    }

    /// The most columns one key (index, primary key or UNIQUE) may have, where the database
    /// has a limit below what a spec can hold.
    fn max_key_columns(&self) -> Option<usize> {
        None
    }

    /// What goes between a table's name and a parenthesised column list after it (`t(cols)`):
    /// nothing, except where a name followed at once by `(` can read as a function call.
    fn table_column_list_gap(&self) -> &'static str {
        ""
    }

    /// A table's name where a parenthesised column list follows it (`CREATE TABLE t (`,
    /// `CREATE INDEX … ON t (`, `REFERENCES t (`): as [`Dialect::identifier`] writes it, except
    /// where a bare name there can read as a function call whatever the gap (MySQL's
    /// `IGNORE_SPACE`).
    fn table_before_column_list<'a>(&self, table: &'a str) -> std::borrow::Cow<'a, str> {
        self.identifier(table)
    }

    /// `REFERENCES t(cols) ON DELETE … ON UPDATE …`.
    fn references(&self, fk: &ForeignKey) -> String {
        // The referenced table may be one of an existing database, named anyhow.
        let columns: Vec<String> = fk
            .referenced_columns
            .iter()
            .map(|c| self.identifier(c).into_owned())
            .collect();
        let mut s = [
            "REFERENCES ",
            &self.table_before_column_list(&fk.referenced_table),
            self.table_column_list_gap(),
            "(",
            &column_list(&columns),
            ")",
        ]
        .concat();
        if let Some(a) = fk.on_delete {
            s.push_str(" ON DELETE ");
            s.push_str(a.as_str());
        }
        if let Some(a) = fk.on_update {
            s.push_str(" ON UPDATE ");
            s.push_str(a.as_str());
        }
        s
    }

    /// The single-column foreign key written on this column's line, when foreign keys are inline.
    fn inline_reference<'t>(&self, table: &'t Table, column: &Column) -> Option<&'t ForeignKey> {
        if !self.inline_foreign_keys() {
            return None;
        }
        table
            .foreign_keys
            .iter()
            .find(|fk| fk.columns.len() == 1 && fk.columns[0] == column.name)
    }

    /// One column's line in `CREATE TABLE` (without comma or comment).
    fn column_definition(&self, table: &Table, column: &Column) -> String {
        self.column_definition_with(table, column, true)
    }

    /// [`Dialect::column_definition`]; without its `PRIMARY KEY`, `UNIQUE` and `REFERENCES`
    /// when `key_clauses` is false (a column redefined in place, as MySQL's `MODIFY COLUMN`
    /// does, whose keys stay as they are).
    fn column_definition_with(&self, table: &Table, column: &Column, key_clauses: bool) -> String {
        let in_key = || table.is_key_column(&column.name);
        self.column_definition_keyed(table, column, key_clauses, &in_key)
    }

    /// [`Dialect::column_definition_with`], told by `in_key` whether the column is in a key
    /// (asked only where the line depends on it), as `CREATE TABLE` tells it from the table's
    /// [`Table::key_columns`] gathered once.
    fn column_definition_keyed(
        &self,
        table: &Table,
        column: &Column,
        key_clauses: bool,
        in_key: &dyn Fn() -> bool,
    ) -> String {
        let mut s = String::with_capacity(48);
        s.push_str(&column.name);
        s.push(' ');
        if column.auto_increment {
            let definition = self.auto_increment_definition(column);
            if !key_clauses {
                // Redefined in place (MySQL's `MODIFY COLUMN … AUTO_INCREMENT`): the key stays.
                s.push_str(
                    definition
                        .strip_suffix(" PRIMARY KEY")
                        .unwrap_or(&definition),
                );
                return s;
            }
            match self.named_key_clause(table) {
                Some(named) => s.push_str(&definition.replacen(
                    " PRIMARY KEY",
                    &[" ", &named, "PRIMARY KEY"].concat(),
                    1,
                )),
                None => s.push_str(&definition),
            }
            // A key that is also a foreign key (`user_id INTEGER PRIMARY KEY REFERENCES users`)
            // keeps it: the table-level lines leave it to this line.
            if let Some(fk) = self.inline_reference(table, column) {
                s.push(' ');
                s.push_str(&self.references(fk));
            }
            return s;
        }
        let in_key = in_key();
        match table.declared_type(column) {
            Some(declared) => s.push_str(declared),
            None => s.push_str(&self.column_type(column, in_key)),
        }
        let single_pk = table.primary_key.len() == 1 && table.primary_key[0] == column.name;
        if single_pk && key_clauses {
            s.push(' ');
            s.push_str(&self.named_key_clause(table).unwrap_or_default());
            s.push_str("PRIMARY KEY");
        }
        if !column.nullable {
            s.push_str(" NOT NULL");
        }
        if column.unique && !single_pk && key_clauses {
            s.push_str(" UNIQUE");
        }
        if let Some(d) = self.default_value(column, in_key) {
            s.push_str(" DEFAULT ");
            s.push_str(&d);
        }
        s.push_str(self.column_suffix(column));
        if let Some(fk) = self.inline_reference(table, column).filter(|_| key_clauses) {
            s.push(' ');
            s.push_str(&self.references(fk));
        }
        s
    }

    /// The table-level lines of `CREATE TABLE`: composite primary key, UNIQUE and CHECK
    /// constraints, and (inline dialects) the foreign keys not written on a column, each with
    /// what it is.
    fn table_constraints<'t>(&self, table: &'t Table) -> Vec<(TableLine<'t>, String)> {
        let mut lines = Vec::new();
        if table.primary_key.len() > 1 {
            lines.push((
                TableLine::Constraint,
                [
                    &self.named_key_clause(table).unwrap_or_default(),
                    "PRIMARY KEY (",
                    &column_list(&table.primary_key),
                    ")",
                ]
                .concat(),
            ));
        }
        for u in &table.unique_constraints {
            lines.push((
                TableLine::Constraint,
                self.unique_line(table, &u.name, &u.columns),
            ));
        }
        for c in &table.check_constraints {
            lines.push((
                TableLine::Constraint,
                self.check_line(&c.name, &c.expression),
            ));
        }
        if self.inline_foreign_keys() {
            for fk in &table.foreign_keys {
                let on_column = table
                    .column(&fk.columns[0])
                    .and_then(|c| self.inline_reference(table, c));
                if !on_column.is_some_and(|inline| std::ptr::eq(inline, fk)) {
                    lines.push((
                        TableLine::ForeignKey(fk),
                        [
                            "FOREIGN KEY (",
                            &column_list(&fk.columns),
                            ") ",
                            &self.references(fk),
                        ]
                        .concat(),
                    ));
                }
            }
        }
        lines
    }

    /// `CONSTRAINT name UNIQUE (columns)`, a line of `CREATE TABLE` (or of `ALTER TABLE … ADD`).
    fn unique_line(&self, table: &Table, name: &str, columns: &[String]) -> String {
        [
            "CONSTRAINT ",
            &self.identifier(name),
            " UNIQUE (",
            &self.key_columns(table, columns),
            ")",
        ]
        .concat()
    }

    /// `CONSTRAINT name CHECK (expression)`, a line of `CREATE TABLE` (or of `ALTER TABLE … ADD`),
    /// the spec's `expression` written as [`Dialect::expression`] writes it.
    fn check_line(&self, name: &str, expression: &str) -> String {
        [
            "CONSTRAINT ",
            &self.identifier(name),
            " CHECK (",
            &self.expression(expression),
            ")",
        ]
        .concat()
    }

    /// The column list of a key or index (MySQL adds prefix lengths where it must).
    fn key_columns(&self, _table: &Table, columns: &[String]) -> String {
        column_list(columns)
    }

    /// `CREATE TABLE`, with the table's description as a comment line above it and each
    /// column's description at the end of its line.
    fn create_table(&self, table: &Table) -> String {
        self.create_table_edited(table, None)
    }

    /// [`Dialect::create_table`], each line passed through `edit` first, with what it is (a
    /// SQLite rebuild adds the `AUTOINCREMENT` the table had to its key, and the deferral its
    /// foreign keys had, this way).
    fn create_table_edited(&self, table: &Table, edit: Option<LineEdit<'_>>) -> String {
        self.create_table_text(table, edit, true)
    }

    /// [`Dialect::create_table_edited`], with `IF NOT EXISTS` or without it (a migration from
    /// `previousSpec`: see [`crate::steps::Creating`]).
    fn create_table_text(
        &self,
        table: &Table,
        edit: Option<LineEdit<'_>>,
        if_not_exists: bool,
    ) -> String {
        let edited = |what: TableLine, line: String| match edit {
            Some(edit) => edit(what, line),
            None => line,
        };
        let keys = table.key_columns();
        let mut entries: Vec<(String, Option<String>)> = table
            .columns
            .iter()
            .map(|c| {
                let line = self.column_definition_keyed(table, c, true, &|| keys.contains(&c.name));
                (
                    edited(TableLine::Column(c), line),
                    c.description
                        .as_deref()
                        .map(crate::format::description_comment)
                        .filter(|d| !d.is_empty()),
                )
            })
            .collect();
        entries.extend(
            self.table_constraints(table)
                .into_iter()
                .map(|(what, line)| (edited(what, line), None)),
        );
        let mut s = String::with_capacity(64 + entries.len() * 48);
        if let Some(d) = table
            .description
            .as_deref()
            .map(crate::format::description_comment)
            .filter(|d| !d.is_empty())
        {
            s.push_str("-- ");
            // The one comment line that starts with the spec's text: one that reads as the
            // file's marker ('Down migration log') would split the file there, in a runner and
            // in the CLI's `up`/`down`; the table's name before it makes it an ordinary line.
            if crate::format::has_marker_line(&format!("-- {d}")) {
                s.push_str(&table.name);
                s.push_str(": ");
            }
            s.push_str(&d);
            s.push('\n');
        }
        s.push_str(if if_not_exists {
            "CREATE TABLE IF NOT EXISTS "
        } else {
            "CREATE TABLE "
        });
        s.push_str(&self.table_before_column_list(&table.name));
        s.push_str(" (\n");
        let last = entries.len().saturating_sub(1);
        for (i, (line, comment)) in entries.iter().enumerate() {
            s.push_str("  ");
            s.push_str(line);
            if i != last {
                s.push(',');
            }
            if let Some(c) = comment {
                s.push_str(" -- ");
                s.push_str(c);
            }
            s.push('\n');
        }
        s.push(')');
        s.push_str(self.table_options());
        s.push(';');
        s
    }

    /// `DROP TABLE`.
    fn drop_table(&self, table: &str) -> String {
        ["DROP TABLE IF EXISTS ", table, ";"].concat()
    }

    /// `CREATE INDEX IF NOT EXISTS` (where the dialect has it).
    fn create_index(&self, table: &Table, index: &Index) -> String {
        self.create_index_text(table, index, true)
    }

    /// [`Dialect::create_index`], with `IF NOT EXISTS` or without it (a migration from
    /// `previousSpec`, which cannot know the names of objects outside it: a name one of them
    /// has makes the migration fail, where `IF NOT EXISTS` skipped the index and the down
    /// migration then dropped that object's index).
    fn create_index_text(&self, table: &Table, index: &Index, if_not_exists: bool) -> String {
        let unique = if index.unique { "UNIQUE " } else { "" };
        let method = match index.method {
            Some(m)
                if m != IndexType::Btree && self.database_type() == DatabaseType::Postgresql =>
            {
                [" USING ", m.as_str(), " "].concat()
            }
            _ => String::new(),
        };
        let (where_, predicate) = match &index.predicate {
            Some(p) => (" WHERE ", p.as_str()),
            None => ("", ""),
        };
        [
            "CREATE ",
            unique,
            if if_not_exists {
                "INDEX IF NOT EXISTS "
            } else {
                "INDEX "
            },
            &self.identifier(&index.name),
            " ON ",
            // A table marked existing may have any name (its index made in memory from
            // previousSpec, `sqlite_previous`).
            &self.table_before_column_list(&table.name),
            &method,
            "(",
            &self.key_columns(table, &index.columns),
            ")",
            where_,
            predicate,
            ";",
        ]
        .concat()
    }

    /// `DROP INDEX`.
    fn drop_index(&self, _table: &str, index: &str) -> String {
        ["DROP INDEX IF EXISTS ", &self.identifier(index), ";"].concat()
    }

    /// Drops an index the database is known to have (a change from `previousSpec`), without
    /// `IF EXISTS`: an index of another name there fails the migration, where it would stay in
    /// force (a unique one refusing rows) beside the new one, as a foreign key did (see
    /// [`Dialect::drop_known_foreign_key`]). SQLite keeps `IF EXISTS`: its migration from
    /// previousSpec is not one transaction, and a failure there would leave it part-way.
    fn drop_known_index(&self, table: &str, index: &str) -> String {
        if self.database_type() == DatabaseType::Sqlite {
            return self.drop_index(table, index);
        }
        ["DROP INDEX ", &self.identifier(index), ";"].concat()
    }

    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY` (dialects without inline foreign keys).
    /// Its names quoted where they are not plain snake_case ([`Dialect::identifier`]): the
    /// down migration of a change from `previousSpec` adds back a key previousSpec has, under
    /// the names the database holds (Prisma's `"Post_authorId_fkey"` on `"Post"("authorId")`,
    /// which bare PostgreSQL folded to lowercase).
    fn add_foreign_key(&self, table: &Table, fk: &ForeignKey) -> String {
        let columns: Vec<String> = (fk.columns.iter())
            .map(|c| self.identifier(c).into_owned())
            .collect();
        [
            "ALTER TABLE ",
            &self.identifier(&table.name),
            "\n  ADD CONSTRAINT ",
            &self.identifier(&fk.name(&table.name)),
            "\n  FOREIGN KEY (",
            &column_list(&columns),
            ") ",
            &self.references(fk),
            ";",
        ]
        .concat()
    }

    /// The foreign key of a CREATE migration ([`crate::steps::Creating::IfNotExists`]), which a
    /// second run of the migration must skip as it skips the `CREATE TABLE IF NOT EXISTS` of its
    /// table. The default is [`Dialect::add_foreign_key`]: MySQL 8.0 has no conditional form
    /// (MariaDB's `ADD CONSTRAINT IF NOT EXISTS` is refused there), so a second run fails there.
    fn add_foreign_key_if_absent(&self, table: &Table, fk: &ForeignKey) -> String {
        self.add_foreign_key(table, fk)
    }

    /// Drops a foreign key the database is known to have (a change from `previousSpec`): a key
    /// of another name there (as PostgreSQL, Prisma or Drizzle name them) fails the migration,
    /// where `IF EXISTS` would pass over it and leave the old key in force beside the new one (a
    /// user trial: ON DELETE RESTRICT still refused the delete after the change to SET NULL).
    fn drop_known_foreign_key(&self, table: &str, name: &str) -> String {
        ["ALTER TABLE ", table, " DROP CONSTRAINT ", name, ";"].concat()
    }

    /// Drops a foreign key added by [`Dialect::add_foreign_key`], if it is there (the down
    /// migration of a CREATE, whose tables may have been there before).
    fn drop_foreign_key(&self, table: &str, name: &str) -> String {
        [
            "ALTER TABLE IF EXISTS ",
            table,
            " DROP CONSTRAINT IF EXISTS ",
            name,
            ";",
        ]
        .concat()
    }

    /// `ALTER TABLE … ADD COLUMN` for `column` of `table` (a change from `previousSpec`); without
    /// its `PRIMARY KEY` (and `UNIQUE`, `REFERENCES`) when `key_clauses` is false (a key made in
    /// a statement of its own).
    fn add_column(&self, table: &Table, column: &Column, key_clauses: bool) -> String {
        [
            "ALTER TABLE ",
            &self.identifier(&table.name),
            " ADD COLUMN ",
            &self.column_definition_with(table, column, key_clauses),
            ";",
        ]
        .concat()
    }

    /// `ALTER TABLE … DROP COLUMN`.
    fn drop_column(&self, table: &str, column: &str) -> String {
        [
            "ALTER TABLE ",
            &self.identifier(table),
            " DROP COLUMN ",
            &self.identifier(column),
            ";",
        ]
        .concat()
    }

    /// The statements that change `old` (a column of `before`) into `new` (of `after`) in place:
    /// its type, `NOT NULL` and default (PostgreSQL's `ALTER COLUMN`; MySQL redefines it).
    /// `None` when nothing the database stores changes.
    fn alter_column(
        &self,
        before: &Table,
        old: &Column,
        after: &Table,
        new: &Column,
    ) -> Option<Vec<String>> {
        let (old_key, new_key) = (
            before.is_key_column(&old.name),
            after.is_key_column(&new.name),
        );
        let old_type = before
            .declared_type(old)
            .map_or_else(|| self.column_type(old, old_key), str::to_string);
        let new_type = after
            .declared_type(new)
            .map_or_else(|| self.column_type(new, new_key), str::to_string);
        let (old_default, new_default) = (
            self.default_value(old, old_key),
            self.default_value(new, new_key),
        );
        let retyped = !self.same_stored_type(&old_type, &new_type);
        let redefaulted = old_default != new_default || retyped;
        let alter = |what: &str| {
            [
                "ALTER TABLE ",
                &self.identifier(&after.name),
                " ALTER COLUMN ",
                &self.identifier(&new.name),
                " ",
                what,
                ";",
            ]
            .concat()
        };
        let mut out = Vec::new();
        // Numbering that goes goes first, with its default; numbering that comes comes last,
        // in the new type.
        if old.auto_increment && !new.auto_increment {
            out.extend(self.drop_numbering(&after.name, &new.name));
        }
        // A default the new type cannot take would stop the type change: it goes first. (Kept
        // type, a new default replaces the old one: `SET DEFAULT` alone.)
        if redefaulted && old_default.is_some() && (retyped || new_default.is_none()) {
            out.push(alter("DROP DEFAULT"));
        }
        if retyped {
            out.push(alter(&self.retype_clause(&new.name, old, new, &new_type)));
            if old.auto_increment && new.auto_increment {
                out.extend(self.retype_sequence(&after.name, &new.name, &new_type));
            }
        }
        if old.nullable != new.nullable {
            out.push(alter(if new.nullable {
                "DROP NOT NULL"
            } else {
                "SET NOT NULL"
            }));
        }
        if let (true, Some(d)) = (redefaulted, &new_default) {
            out.push(alter(&["SET DEFAULT ", d].concat()));
        }
        if new.auto_increment && !old.auto_increment {
            out.extend(self.add_numbering(&after.name, &new.name, &new_type));
        }
        (!out.is_empty()).then_some(out)
    }

    /// The `TYPE …` clause of `ALTER COLUMN` that changes the column `old` (named `column` by
    /// then) into `new`, written `new_type`: plain here, the assignment cast; PostgreSQL adds a
    /// `USING` that converts the values (see `postgres::retype`).
    fn retype_clause(&self, _column: &str, _old: &Column, _new: &Column, new_type: &str) -> String {
        ["TYPE ", new_type].concat()
    }

    /// Whether the database changes the column `old` into `new` (its type, its numbering) under
    /// a foreign key of another table that references it, keeping that key as it is (PostgreSQL
    /// makes the key again itself, between types it compares). None here: MySQL refuses to
    /// redefine a column a foreign key references.
    fn carries_foreign_keys_through(&self, _old: &Column, _new: &Column) -> bool {
        false
    }

    /// What else changes when the auto-increment column `column` of `table` takes the integer
    /// type `new_type` (PostgreSQL's `ALTER SEQUENCE … AS`, so that its numbers go as far as
    /// the column's, as `BIGSERIAL` makes them). Nothing here.
    fn retype_sequence(&self, _table: &str, _column: &str, _new_type: &str) -> Option<String> {
        None
    }

    /// The statements that number the existing column `column` of `table` (of the integer type
    /// `ty`) as an auto-increment key of a fresh `CREATE TABLE` is numbered, from after its
    /// largest value (PostgreSQL: its `SERIAL` sequence and default). Nothing here (MySQL's
    /// `AUTO_INCREMENT` is part of the column's definition).
    fn add_numbering(&self, _table: &str, _column: &str, _ty: &str) -> Vec<String> {
        Vec::new()
    }

    /// The statements that take away the numbering [`Dialect::add_numbering`] gives, leaving
    /// the column's values. Nothing here.
    fn drop_numbering(&self, _table: &str, _column: &str) -> Vec<String> {
        Vec::new()
    }

    /// Whether a type change of a column from `old` to `new` (or back, which the down migration
    /// writes) is refused: no conversion of the values gives them a meaning in the other type
    /// (PostgreSQL: see `postgres::retype`). A migration from `previousSpec` files it as
    /// `UNSUPPORTED_FEATURE` before writing anything. None here.
    fn retype_refused(&self, _old: ColumnType, _new: ColumnType) -> bool {
        false
    }

    /// `ALTER TABLE … ADD` a table-level line of `CREATE TABLE` (`CONSTRAINT … UNIQUE (…)`,
    /// `CONSTRAINT … CHECK (…)`).
    fn add_table_line(&self, table: &str, line: &str) -> String {
        ["ALTER TABLE ", &self.identifier(table), " ADD ", line, ";"].concat()
    }

    /// The name the database gives the primary key of a table named `table` (PostgreSQL's
    /// `{table}_pkey`, cut to fit); `None` where the key has no name of its own (MySQL's is
    /// `PRIMARY` in every table).
    fn primary_key_name(&self, _table: &str) -> Option<String> {
        None
    }

    /// Whether the database keeps the name a primary key's constraint is given (`CONSTRAINT
    /// name PRIMARY KEY`): PostgreSQL and SQLite do; MySQL names every primary key `PRIMARY`.
    fn keeps_primary_key_names(&self) -> bool {
        true
    }

    /// The name of `table`'s primary key as `CREATE TABLE` makes it: the spec's
    /// `primaryKeyName`, else the database's own ([`Dialect::primary_key_name`]); `None` where
    /// the key has no name of its own to name it by (MySQL; SQLite without `primaryKeyName`).
    fn key_constraint_name(&self, table: &Table) -> Option<String> {
        if !self.keeps_primary_key_names() {
            return None;
        }
        (table.primary_key_name.clone()).or_else(|| self.primary_key_name(&table.name))
    }

    /// `CONSTRAINT name ` (with its space) before `PRIMARY KEY` where the spec names the key
    /// (`primaryKeyName`) and the database keeps the name; `None` otherwise (the database
    /// names it, or MySQL, whose key is `PRIMARY`).
    fn named_key_clause(&self, table: &Table) -> Option<String> {
        let name = table.primary_key_name.as_deref()?;
        self.keeps_primary_key_names()
            .then(|| ["CONSTRAINT ", &self.identifier(name), " "].concat())
    }

    /// One `ALTER TABLE` on `table` (by its name at that point) that drops the primary key of
    /// `dropped` (the table as the database has it: its `primaryKeyName`, else the name the
    /// database gave it after the table as it was called then, see
    /// [`Dialect::key_constraint_name`]), and makes `added`'s key, under the name a fresh
    /// `CREATE TABLE` of it gives it; either or both: both at once leave no moment without a
    /// key, where each statement commits (MySQL), and rebuild the table once.
    fn alter_primary_key(
        &self,
        table: &str,
        dropped: Option<&Table>,
        added: Option<&Table>,
    ) -> String {
        let mut out = ["ALTER TABLE ", &self.identifier(table), " "].concat();
        if let Some(was) = dropped {
            match self.key_constraint_name(was) {
                Some(name) => {
                    out.push_str("DROP CONSTRAINT ");
                    out.push_str(&self.identifier(&name));
                }
                None => out.push_str("DROP PRIMARY KEY"),
            }
        }
        if let Some(comes) = added {
            if dropped.is_some() {
                out.push_str(", ");
            }
            out.push_str("ADD ");
            if let Some(name) = self.key_constraint_name(comes) {
                out.push_str("CONSTRAINT ");
                out.push_str(&self.identifier(&name));
                out.push(' ');
            }
            out.push_str("PRIMARY KEY (");
            out.push_str(&column_list(&comes.primary_key));
            out.push(')');
        }
        out.push(';');
        out
    }

    /// Whether an auto-increment column must be a key (MySQL's `AUTO_INCREMENT`): a migration
    /// that changes the primary key takes such numbering away before the old key goes, and
    /// gives it after the new key comes.
    fn numbering_needs_a_key(&self) -> bool {
        false
    }

    /// Drops the UNIQUE (`unique`) or CHECK constraint `name`.
    fn drop_constraint(&self, table: &str, name: &str, _unique: bool) -> String {
        [
            "ALTER TABLE ",
            &self.identifier(table),
            " DROP CONSTRAINT ",
            &self.identifier(name),
            ";",
        ]
        .concat()
    }

    /// Renames the foreign key `old` of `table` (by its name at that point) to `new` in place,
    /// where the database can (PostgreSQL's `RENAME CONSTRAINT`), which keeps the key without
    /// checking the rows again; `None` where a key is renamed only by dropping it and adding it
    /// again (MySQL), which the caller then does.
    fn rename_foreign_key(&self, _table: &str, _old: &str, _new: &str) -> Option<String> {
        None
    }

    /// Renames the index `old` of `table` (by its name at that point) to `new` in place: the
    /// index stays as it is, not built again, and rows are not read (a change from
    /// `previousSpec` that keeps an index's definition under another name). `None` where the
    /// database has no such statement (SQLite), and the caller drops the index and creates it
    /// again.
    fn rename_index(&self, _table: &str, _old: &str, _new: &str) -> Option<String> {
        None
    }

    /// Renames the named UNIQUE constraint `old` of `table` (by its name at that point) to `new`
    /// in place, its index with it: rows are not read again (a change from `previousSpec` that
    /// keeps a UNIQUE constraint's columns under another name). `None` where the database has
    /// no such statement (SQLite), and the caller drops it and adds it again.
    fn rename_unique_constraint(&self, _table: &str, _old: &str, _new: &str) -> Option<String> {
        None
    }

    /// Renames `table` to `name` (what the database named after it for itself is renamed with
    /// [`Dialect::generated_names`]). `table` is as the spec has it before any other change of
    /// the migration (not as the database merged its keys).
    fn rename_table(&self, table: &Table, name: &str) -> Vec<String> {
        vec![rename_relation(self, &table.name, name)]
    }

    /// Renames the column `old` of `table` to `column.name` (`RENAME COLUMN`, which PostgreSQL
    /// 9.x, MySQL 8.0 and MariaDB 10.5 take); also what the database named after the column
    /// for itself, where a fresh `CREATE TABLE` of the new name would name it otherwise (see the
    /// dialects; what [`Dialect::generated_names`] lists is renamed with those). `table` and
    /// `column` are as they are before any other change of the migration, but for the new name.
    fn rename_column(&self, table: &Table, old: &str, column: &Column) -> Vec<String> {
        vec![rename_column_statement(
            self,
            &table.name,
            old,
            &column.name,
        )]
    }

    /// Renames the UNIQUE constraint `old` of the renamed `column` of `table` to `new`, the
    /// name a fresh `CREATE TABLE` gives it (see [`Dialect::column_unique_name`]); not called
    /// for one [`Dialect::generated_names`] lists, which is renamed with those.
    fn rename_unique(&self, table: &Table, _column: &str, old: &str, new: &str) -> Vec<String> {
        vec![[
            "ALTER TABLE ",
            &self.identifier(&table.name),
            " RENAME CONSTRAINT ",
            &self.identifier(old),
            " TO ",
            &self.identifier(new),
            ";",
        ]
        .concat()]
    }

    /// The objects the database names for itself after `table` (and one of its columns) in a
    /// namespace of the whole schema, with those names (PostgreSQL: see the dialect): a
    /// migration that renames the table or the column renames each straight from its name to
    /// the one a fresh `CREATE TABLE` gives it ([`Dialect::rename_generated`]), never through a
    /// name made of the new table's name and the old column's, which another object may have.
    /// None elsewhere (MySQL names a column's unique index after the column, in its table).
    fn generated_names(&self, _table: &Table) -> Vec<(GeneratedName, String)> {
        Vec::new()
    }

    /// Renames the object `what` of [`Dialect::generated_names`] of the table `table` (by its
    /// name at that point) from `old` to `new`: a constraint with `RENAME CONSTRAINT`, a
    /// sequence with `ALTER TABLE … RENAME TO` (which PostgreSQL takes for a sequence, and
    /// sqlparser reads, unlike `ALTER SEQUENCE`).
    fn rename_generated(&self, table: &str, what: &GeneratedName, old: &str, new: &str) -> String {
        match what {
            GeneratedName::Sequence(_) => rename_relation(self, old, new),
            GeneratedName::PrimaryKey | GeneratedName::Unique(_) => {
                rename_constraint(self, table, old, new)
            }
        }
    }

    /// The name the database gives the UNIQUE constraint of a column declared `UNIQUE` in
    /// `CREATE TABLE` (PostgreSQL's `{table}_{column}_key`, cut to fit as PostgreSQL cuts it).
    fn column_unique_name(&self, table: &str, column: &str) -> String {
        postgres_object_name(table, Some(column), "key")
    }

    /// Whether a UNIQUE constraint on the primary key's columns, in their order, becomes the
    /// primary key itself, under the constraint's name (PostgreSQL), rather than an index of
    /// its own.
    fn unique_on_the_key_is_the_key(&self) -> bool {
        false
    }

    /// The names of `table`'s objects that share one namespace across the tables of a
    /// database (PostgreSQL: indexes and UNIQUE constraints, which are relations; MySQL:
    /// foreign keys and CHECK constraints): another table cannot take them while it exists.
    fn database_wide_names(&self, _table: &Table) -> Vec<String> {
        Vec::new()
    }

    /// Whether a foreign key needs an index on its columns, which the database creates, named
    /// after the key, when none is there (MySQL): such a key goes and comes back whenever an
    /// index that serves it changes.
    fn foreign_keys_need_an_index(&self) -> bool {
        false
    }

    /// One table's change (`statements`, in order, on the table named `table` by then) as it
    /// is sent to the database. MySQL, which commits each statement, takes each run of them as
    /// one `ALTER TABLE`, which fails whole (see `mysql_merge`); the others' migrations are
    /// one transaction, and keep them as they are.
    fn table_change_statements(&self, _table: &str, statements: Vec<String>) -> Vec<String> {
        statements
    }

    /// `first`, the first statement of a table's change, with `drops` (statements that drop
    /// foreign keys of the same table, run before it) as clauses of its own, so that a refusal
    /// of `first` by the rows leaves the keys in place; `None` where the dialect has no need
    /// (its migration is one transaction) or the statements are not of that shape. MySQL,
    /// which commits each statement, folds them (see `mysql_merge::fold_key_drops`).
    fn fold_foreign_key_drops(&self, _drops: &[String], _first: &str) -> Option<String> {
        None
    }

    /// `last`, the last statement of a table's change, with `adds` (statements that add foreign
    /// keys to the same table, run after it) as clauses of its own, so that rows refusing a key
    /// (one over a column the change adds with a default) leave nothing of the change done;
    /// `None` where the dialect has no need (its migration is one transaction) or the statements
    /// are not of that shape. MySQL, which commits each statement, folds them (see
    /// `mysql_merge::fold_key_adds`).
    fn fold_foreign_key_adds(&self, _adds: &[String], _last: &str) -> Option<String> {
        None
    }

    /// Which statement of a table's change (`statements`) the foreign keys it adds go in first
    /// ([`Dialect::fold_foreign_key_adds`]), the last being tried after it: the last, but on
    /// MySQL the one before a fill of NULLs that ends the change, so that the fill is checked
    /// by the keys too (see `mysql_fill_order::key_adds_into`).
    fn foreign_key_adds_into(&self, statements: &[String]) -> Option<usize> {
        statements.len().checked_sub(1)
    }

    /// One table's foreign key statements of one way of a migration from `previousSpec` (keys
    /// added, or keys dropped and the indexes made for them), joined where the dialect needs it
    /// so that rows refusing one leave none of the others done; as they are where it has no
    /// need (its migration is one transaction). MySQL, which commits each statement, writes
    /// each run of them on one table as one `ALTER TABLE` (see `mysql_merge::join_key_statements`).
    fn join_foreign_key_statements(&self, statements: Vec<String>) -> Vec<String> {
        statements
    }

    /// Statements that must run before the others (PostgreSQL extensions).
    fn prerequisites(&self, _tables: &[&Table]) -> Vec<String> {
        Vec::new()
    }

    /// For a migration that changes tables with rows (from `previousSpec`): the statements that
    /// set the session as the migration's warnings assume, first, and those that set it back,
    /// last (MySQL: strict mode). Empty where the engine has no such setting.
    fn session_guard(&self) -> (Vec<String>, Vec<String>) {
        (Vec::new(), Vec::new())
    }

    /// Checks generated statements; `Err((statement index, message))` on the first failure.
    /// The default parses each with the dialect's parser. `base` is the existing schema the
    /// migration starts from (introspection; SQLite only).
    fn check_statements(
        &self,
        base: &[String],
        up: &[Vec<String>],
        down: &[Vec<String>],
    ) -> Result<(), crate::verify::CheckFailure> {
        let _ = base;
        crate::verify::parse_all(self.parser(), up, down)
    }

    /// The check of a migration that only creates `tables` (`selfCheck: 'expressions'`): asks the
    /// engine, where one runs in-process, about each expression the spec wrote (CHECKs,
    /// expression defaults, partial-index predicates) in the kind of statement it goes into,
    /// nothing evaluated. Validation has parsed each one with the dialect's parser, which is
    /// all there is for the other dialects: the default asks nothing more.
    fn check_expressions(&self, tables: &[&Table]) -> Result<(), crate::verify::CheckFailure> {
        let _ = tables;
        Ok(())
    }

    /// What the full check, which runs the statements but writes no row, cannot see: a default
    /// whose expression the engine resolves only when a row takes it (SQLite looks a default's
    /// functions up then). The default asks nothing: the other engines resolve a default when
    /// the table is created.
    fn check_default_calls(&self, tables: &[&Table]) -> Result<(), crate::verify::CheckFailure> {
        let _ = tables;
        Ok(())
    }
}

/// The columns each of `table`'s CHECKs refers to, in order; `None` for one that does not parse
/// (validation reports it). Validation finds these while checking the expressions and hands
/// them to [`Dialect::validate_table`]; this is the same for callers that validate a table alone.
pub fn check_columns(d: &dyn Dialect, table: &Table) -> Vec<Option<Vec<String>>> {
    table
        .check_constraints
        .iter()
        .map(|c| crate::expr::check_expression(d.parser(), &c.expression).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_lists_are_sorted_lowercase_without_repeats_and_found() {
        for db in [
            DatabaseType::Sqlite,
            DatabaseType::Postgresql,
            DatabaseType::Mysql,
        ] {
            let d = for_database(db);
            let words = d.reserved_words().words();
            let mut sorted = words.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, words, "{db:?}");
            assert!(words.iter().all(|w| *w == w.to_lowercase()), "{db:?}");
            assert!(words.iter().all(|w| d.is_reserved(w)), "{db:?}");
            assert!(!d.is_reserved("users"), "{db:?}");
        }
    }

    #[test]
    fn comments_cannot_be_escaped() {
        let c = comment_text("a\nDROP TABLE x;\r\u{2028}b\u{85}\u{0}c\u{202E}d\u{2066}e");
        assert!(!c.contains(['\n', '\r', '\u{2028}', '\u{85}', '\u{0}', '\u{202E}', '\u{2066}']));
    }

    #[test]
    fn string_literals_double_quotes() {
        assert_eq!(Postgres.string_literal("O'Brien"), "'O''Brien'");
        assert_eq!(Sqlite.string_literal("a\\b"), "'a\\b'");
        assert_eq!(MySql.string_literal("it's"), "'it''s'");
        // Meaning the same with NO_BACKSLASH_ESCAPES on or off.
        assert_eq!(MySql.string_literal("a\\b'c"), "_utf8mb4 X'615C622763'");
        // Meaning the same with standard_conforming_strings on or off.
        assert_eq!(Postgres.string_literal("a\\'b"), "E'a\\\\''b'");
    }
}
