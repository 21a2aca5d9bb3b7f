//! The specification model: what a user asks for, after parsing (see `parse`).
//!
//! Field names follow the TypeScript contract (`MigrationSpec`, `TableDefinition`, …);
//! the types here are the checked, owned form the rest of the core works on.

use serde::Serialize;

/// The target database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseType {
    /// SQLite 3.35+.
    Sqlite,
    /// PostgreSQL 12+.
    Postgresql,
    /// MySQL 8.0 (and MariaDB).
    Mysql,
}

impl DatabaseType {
    /// The name used in the spec and the file header.
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseType::Sqlite => "sqlite",
            DatabaseType::Postgresql => "postgresql",
            DatabaseType::Mysql => "mysql",
        }
    }

    /// Every database type.
    pub const ALL: [DatabaseType; 3] = [
        DatabaseType::Sqlite,
        DatabaseType::Postgresql,
        DatabaseType::Mysql,
    ];

    /// Parses the spec's spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in the spec.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the spec's spelling (exact match).
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// A column type of the spec; each dialect maps it (see `dialect`).
    ColumnType {
        /// Unbounded text.
        Text = "TEXT",
        /// 32-bit (SQLite: 64-bit) integer.
        Integer = "INTEGER",
        /// Floating point.
        Real = "REAL",
        /// Binary data.
        Blob = "BLOB",
        /// Exact numeric.
        Numeric = "NUMERIC",
        /// Bounded text.
        Varchar = "VARCHAR",
        /// 32-bit integer.
        Int = "INT",
        /// 64-bit integer.
        Bigint = "BIGINT",
        /// Exact decimal.
        Decimal = "DECIMAL",
        /// True or false.
        Boolean = "BOOLEAN",
        /// Date and time without zone.
        Timestamp = "TIMESTAMP",
        /// Calendar date.
        Date = "DATE",
        /// UUID.
        Uuid = "UUID",
        /// Binary JSON.
        Jsonb = "JSONB",
        /// Fixed-length text.
        Char = "CHAR",
        /// Small integer.
        Tinyint = "TINYINT",
        /// Date and time without zone.
        Datetime = "DATETIME",
        /// JSON.
        Json = "JSON",
    }
}

impl ColumnType {
    /// Integer types (the ones that may auto-increment).
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            ColumnType::Integer | ColumnType::Int | ColumnType::Bigint | ColumnType::Tinyint
        )
    }

    /// Types whose values are numbers.
    pub fn is_numeric(self) -> bool {
        self.is_integer()
            || matches!(
                self,
                ColumnType::Real | ColumnType::Numeric | ColumnType::Decimal
            )
    }

    /// Character types.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            ColumnType::Text | ColumnType::Varchar | ColumnType::Char
        )
    }

    /// JSON types.
    pub fn is_json(self) -> bool {
        matches!(self, ColumnType::Json | ColumnType::Jsonb)
    }

    /// Types that take a `length`.
    pub fn takes_length(self) -> bool {
        matches!(self, ColumnType::Varchar | ColumnType::Char)
    }

    /// Types that take `precision` and `scale`.
    pub fn takes_precision(self) -> bool {
        matches!(self, ColumnType::Decimal | ColumnType::Numeric)
    }

    /// Types whose `precision` is the digits of a second they keep (0 to 6, no `scale`):
    /// PostgreSQL's `TIMESTAMP(p)`, MySQL's `DATETIME(p)`.
    pub fn takes_fractional_seconds(self) -> bool {
        matches!(self, ColumnType::Timestamp | ColumnType::Datetime)
    }
}

string_enum! {
    /// A foreign-key action.
    FkAction {
        /// Follow the parent.
        Cascade = "CASCADE",
        /// Set the child's columns to NULL.
        SetNull = "SET NULL",
        /// Refuse at once.
        Restrict = "RESTRICT",
        /// Refuse (at the end of the statement).
        NoAction = "NO ACTION",
    }
}

string_enum! {
    /// An index method (PostgreSQL; the others warn or refuse).
    IndexType {
        /// B-tree (every dialect's default).
        Btree = "btree",
        /// Hash.
        Hash = "hash",
        /// Generalised inverted index.
        Gin = "gin",
        /// Generalised search tree.
        Gist = "gist",
    }
}

string_enum! {
    /// How the migration file is named.
    FileFormat {
        /// `YYYYMMDDHHMMSS_description.sql`.
        Timestamp = "timestamp",
        /// `NNN_description.sql`.
        Numbered = "numbered",
    }
}

string_enum! {
    /// How much of the generated SQL is checked before it is returned (`selfCheck`).
    SelfCheck {
        /// The default: every statement. SQLite runs up, then down (which must restore the
        /// starting schema), on an in-memory database; PostgreSQL and MySQL statements are
        /// parsed by sqlparser.
        Full = "full",
        /// Opt-in, for speed: a migration that only creates tables has every expression the
        /// spec wrote asked of the engine where one runs in-process (SQLite), in the kind of
        /// statement it goes into (the parser already read it, for every dialect), instead of
        /// every statement being checked; a migration that changes an existing database is
        /// still checked in full.
        Expressions = "expressions",
    }
}

/// A column default.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// `default: null`: no value (the column is NULL when omitted).
    Null,
    /// A string literal, quoted and escaped for the dialect.
    Str(String),
    /// A number, as written in the JSON.
    Number(String),
    /// A boolean.
    Bool(bool),
    /// `CURRENT_TIMESTAMP`, `CURRENT_DATE` or `CURRENT_TIME`, in each dialect's idiom.
    Now(NowKind),
    /// `{ expression }`: a raw SQL expression, validated by the dialect's parser.
    Expression(String),
}

string_enum! {
    /// Which current-time keyword a default names.
    NowKind {
        /// Date and time.
        Timestamp = "CURRENT_TIMESTAMP",
        /// Date.
        Date = "CURRENT_DATE",
        /// Time of day.
        Time = "CURRENT_TIME",
    }
}

/// The most digits of a second a TIMESTAMP's `precision` asks for: microseconds, PostgreSQL's
/// and MySQL's limit.
pub const MAX_FRACTIONAL_SECONDS: u32 = 6;

/// A column of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Spec type.
    pub ty: ColumnType,
    /// VARCHAR/CHAR length.
    pub length: Option<u32>,
    /// DECIMAL/NUMERIC precision; for TIMESTAMP/DATETIME, the digits of a second kept (0 to
    /// [`MAX_FRACTIONAL_SECONDS`]; none: the database's default, PostgreSQL's 6 and MySQL's 0).
    pub precision: Option<u32>,
    /// DECIMAL/NUMERIC scale.
    pub scale: Option<u32>,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// The default, if any.
    pub default: Option<DefaultValue>,
    /// A single-column UNIQUE constraint.
    pub unique: bool,
    /// An auto-increment key.
    pub auto_increment: bool,
    /// Free text for comments and JSDoc.
    pub description: Option<String>,
    /// Added by the generator (`created_at`/`updated_at`): omitted from insert types;
    /// `updated_at` also follows updates where the dialect can (MySQL `ON UPDATE`).
    pub auto_timestamp: bool,
}

impl Column {
    /// A plain column (for tests and generated columns).
    pub fn new(name: &str, ty: ColumnType, nullable: bool) -> Self {
        Column {
            name: name.to_string(),
            ty,
            length: None,
            precision: None,
            scale: None,
            nullable,
            default: None,
            unique: false,
            auto_increment: false,
            description: None,
            auto_timestamp: false,
        }
    }
}

/// A foreign key.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKey {
    /// Local columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub referenced_table: String,
    /// Referenced columns.
    pub referenced_columns: Vec<String>,
    /// ON DELETE action.
    pub on_delete: Option<FkAction>,
    /// ON UPDATE action.
    pub on_update: Option<FkAction>,
    /// The constraint name the spec gives it (`foreignKeys[].name`); PostgreSQL and MySQL name
    /// their constraints, SQLite's inline foreign keys go unnamed.
    pub name: Option<String>,
}

impl ForeignKey {
    /// The key with `NO ACTION` written as no action at all: every engine's default, the same
    /// key in its catalog (a migration from previousSpec dropped and added a key again, checking
    /// every row, for an `onUpdate: "NO ACTION"` written out).
    pub fn with_default_actions_left_out(&self) -> std::borrow::Cow<'_, ForeignKey> {
        let no_action = |a: &Option<FkAction>| *a == Some(FkAction::NoAction);
        if !no_action(&self.on_delete) && !no_action(&self.on_update) {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut fk = self.clone();
        for a in [&mut fk.on_delete, &mut fk.on_update] {
            if *a == Some(FkAction::NoAction) {
                *a = None;
            }
        }
        std::borrow::Cow::Owned(fk)
    }

    /// The constraint's name: the spec's, or the one the generator makes, `fk_{table}_{columns}`.
    pub fn name(&self, table: &str) -> String {
        if let Some(name) = &self.name {
            return name.clone();
        }
        let mut name = String::with_capacity(
            4 + table.len() + self.columns.iter().map(|c| c.len() + 1).sum::<usize>(),
        );
        name.push_str("fk_");
        name.push_str(table);
        name.push('_');
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                name.push('_');
            }
            name.push_str(c);
        }
        name
    }
}

/// A named UNIQUE constraint over one or more columns.
#[derive(Clone, Debug, PartialEq)]
pub struct UniqueConstraint {
    /// Constraint name.
    pub name: String,
    /// Columns.
    pub columns: Vec<String>,
}

/// A named CHECK constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckConstraint {
    /// Constraint name.
    pub name: String,
    /// SQL boolean expression.
    pub expression: String,
}

/// An index.
#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    /// Index name.
    pub name: String,
    /// Columns.
    pub columns: Vec<String>,
    /// UNIQUE index.
    pub unique: bool,
    /// Index method.
    pub method: Option<IndexType>,
    /// Partial-index predicate.
    pub predicate: Option<String>,
}

/// A table of the spec.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    /// Table name.
    pub name: String,
    /// Free text for comments and JSDoc.
    pub description: Option<String>,
    /// Columns, in order.
    pub columns: Vec<Column>,
    /// Primary-key columns (empty: none given).
    pub primary_key: Vec<String>,
    /// The primary key's constraint name as the database has it or is to have it
    /// (`primaryKeyName`: Drizzle Kit's `{table}_{columns}_pk`); none: the database's own
    /// (PostgreSQL's `{table}_pkey`, SQLite's none). MySQL's key is always `PRIMARY`.
    pub primary_key_name: Option<String>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// Named UNIQUE constraints.
    pub unique_constraints: Vec<UniqueConstraint>,
    /// Named CHECK constraints.
    pub check_constraints: Vec<CheckConstraint>,
    /// Indexes.
    pub indexes: Vec<Index>,
    /// Per-table override of `MigrationSpec.timestamps`.
    pub timestamps: Option<bool>,
    /// The table is already in the database as described (`existing: true`): the migration
    /// neither creates nor drops it; it is there for the foreign keys that reference it, which
    /// a PostgreSQL or MySQL migration can only check against the spec.
    pub existing: bool,
    /// The types an existing SQLite table declares its columns with, by position in `columns`,
    /// which a table rebuild writes instead of the spec types' usual spellings: a column the
    /// rebuild copies unchanged keeps its declared type and with it its affinity (a `DATETIME`
    /// column written as `TEXT` would turn the integers it holds into text). Never set from a
    /// spec; SQLite only. Here rather than on each column: a large spec holds some 130,000
    /// columns, and every 8 bytes on a column is a megabyte of peak memory.
    pub declared_types: Option<Box<Vec<Option<String>>>>,
    /// The columns' `renamedFrom`, as (name before, name now): a migration from `previousSpec`
    /// or of a SQLite database (`existingDbPath`) renames them (`RENAME COLUMN`); nothing when
    /// the table is created, or the previous spec or database already has the new name. Here
    /// rather than on each column (see `declared_types`).
    pub renamed_columns: Vec<(String, String)>,
    /// The table's name before, in `previousSpec` or the database, when this migration renames
    /// it (`renamedFrom`); nothing when they already have the new name.
    pub renamed_from: Option<String>,
}

impl Table {
    /// The type `column` (one of `columns`) is declared with in an existing SQLite table, when
    /// a rebuild keeps it (see `declared_types`).
    pub fn declared_type(&self, column: &Column) -> Option<&str> {
        let declared = self.declared_types.as_ref()?;
        let i = self.columns.iter().position(|c| std::ptr::eq(c, column))?;
        declared.get(i)?.as_deref()
    }

    /// The column of that name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether the column is part of the primary key.
    pub fn in_primary_key(&self, name: &str) -> bool {
        self.primary_key.iter().any(|c| c == name)
    }

    /// Whether the column is part of a key or index of this table (primary key, UNIQUE,
    /// index, or the local side of a foreign key).
    pub fn is_key_column(&self, name: &str) -> bool {
        let has = |cols: &[String]| cols.iter().any(|c| c == name);
        has(&self.primary_key)
            || self.column(name).is_some_and(|c| c.unique)
            || self.unique_constraints.iter().any(|u| has(&u.columns))
            || self.indexes.iter().any(|i| has(&i.columns))
            || self.foreign_keys.iter().any(|f| has(&f.columns))
    }

    /// The names of the columns [`Table::is_key_column`] says are in a key, gathered once, for
    /// a renderer that asks of every column: each question then reads this list, not every key.
    pub fn key_columns(&self) -> KeyColumns<'_> {
        let mut names: Vec<&str> = std::iter::once(&self.primary_key)
            .chain(self.unique_constraints.iter().map(|u| &u.columns))
            .chain(self.indexes.iter().map(|i| &i.columns))
            .chain(self.foreign_keys.iter().map(|f| &f.columns))
            .flatten()
            .map(String::as_str)
            .collect();
        // The first column of a name says whether it is UNIQUE, as `is_key_column` reads it.
        names.extend(
            (self.columns.iter())
                .filter(|c| c.unique && self.column(&c.name).is_some_and(|first| first.unique))
                .map(|c| c.name.as_str()),
        );
        KeyColumns(names)
    }

    /// Whether the primary key is one auto-increment column.
    pub fn auto_increment_column(&self) -> Option<&Column> {
        self.columns.iter().find(|c| c.auto_increment)
    }

    /// The first foreign key that has the column `name` among its columns (ASCII case aside):
    /// a key column that takes its values from the parent.
    pub fn foreign_key_of(&self, name: &str) -> Option<&ForeignKey> {
        self.foreign_keys
            .iter()
            .find(|fk| fk.columns.iter().any(|c| c.eq_ignore_ascii_case(name)))
    }
}

/// The names of a table's key columns ([`Table::key_columns`]); a name may be there twice.
#[derive(Clone, Debug)]
pub struct KeyColumns<'t>(Vec<&'t str>);

impl KeyColumns<'_> {
    /// Whether the column `name` is in a key: [`Table::is_key_column`] of the table.
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(&name)
    }
}

/// The whole specification.
#[derive(Clone, Debug, PartialEq)]
pub struct MigrationSpec {
    /// What the migration does; becomes the file name.
    pub description: String,
    /// Target database.
    pub database_type: DatabaseType,
    /// Tables to create or change.
    pub tables: Vec<Table>,
    /// SQLite file to compare against.
    pub existing_db_path: Option<String>,
    /// File naming.
    pub file_format: FileFormat,
    /// Whether to emit TypeScript types.
    pub generate_types: bool,
    /// The instant used for the file name and header (ISO-8601).
    pub now: Option<String>,
    /// Whether created tables get `created_at`/`updated_at`.
    pub timestamps: bool,
    /// Whether the migration may drop columns or narrow types.
    pub allow_data_loss: bool,
    /// Whether the tables of the database at `existing_db_path` that the spec leaves out are
    /// dropped (with `allow_data_loss`); otherwise they are kept, as a spec may describe part
    /// of a database.
    pub drop_tables_not_in_spec: bool,
    /// How much of the generated SQL is checked before it is returned.
    pub self_check: SelfCheck,
    /// The spec the database was last migrated to (`previousSpec`): the tables it lists that
    /// this spec changes are altered (PostgreSQL and MySQL), the others created or kept.
    pub previous: Option<Box<MigrationSpec>>,
}

impl MigrationSpec {
    /// An empty spec (for tests and pulls).
    pub fn new(description: &str, database_type: DatabaseType) -> Self {
        MigrationSpec {
            description: description.to_string(),
            database_type,
            tables: Vec::new(),
            existing_db_path: None,
            file_format: FileFormat::Timestamp,
            generate_types: false,
            now: None,
            timestamps: true,
            allow_data_loss: false,
            drop_tables_not_in_spec: false,
            self_check: SelfCheck::Full,
            previous: None,
        }
    }
}

#[cfg(test)]
mod size_tests {
    /// Every column of a spec is held in memory at once, and a 10,000-table spec has some
    /// 130,000 of them: each 8 bytes on a column is a megabyte on the peak memory that issue 6
    /// bounds (bench/RESULTS.md, eleventh session).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_column_stays_small() {
        assert!(
            std::mem::size_of::<super::Column>() <= 112,
            "{}",
            std::mem::size_of::<super::Column>()
        );
    }
}

#[cfg(test)]
mod key_column_tests {
    /// `key_columns` answers as `is_key_column` does for every column of tables with keys of
    /// every kind, and for a name twice, whose first column alone says whether it is UNIQUE.
    #[test]
    fn key_columns_answer_as_is_key_column() {
        let text = r#"{"description": "keys", "databaseType": "mysql", "tables": [
          {"name": "parent", "columns": [{"name": "id", "type": "INTEGER", "nullable": false}]},
          {"name": "t", "primaryKey": ["a"], "columns": [
            {"name": "a", "type": "INTEGER", "nullable": false}, {"name": "b", "type": "TEXT", "nullable": false, "unique": true},
            {"name": "c", "type": "TEXT", "nullable": false}, {"name": "d", "type": "TEXT", "nullable": false},
            {"name": "e", "type": "INTEGER", "nullable": false}, {"name": "f", "type": "TEXT", "nullable": false},
            {"name": "g", "type": "TEXT", "nullable": false}, {"name": "g", "type": "TEXT", "nullable": false, "unique": true},
            {"name": "h", "type": "TEXT", "nullable": false, "unique": true}, {"name": "h", "type": "TEXT", "nullable": false}],
           "uniqueConstraints": [{"name": "uq", "columns": ["c", "a"]}],
           "indexes": [{"name": "ix", "columns": ["d"]}],
           "foreignKeys": [{"columns": ["e"], "referencedTable": "parent",
                            "referencedColumns": ["id"]}]}]}"#;
        let mut report = crate::report::Report::default();
        let spec = crate::parse::parse_spec_str(text, &mut report).expect("the spec parses");
        let t = spec.tables.iter().find(|t| t.name == "t").expect("table t");
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(t.columns.len(), 10);
        let keys = t.key_columns();
        let said: Vec<(&str, bool)> = (t.columns.iter())
            .map(|c| (c.name.as_str(), keys.contains(&c.name)))
            .collect();
        let expected: Vec<(&str, bool)> = (t.columns.iter())
            .map(|c| (c.name.as_str(), t.is_key_column(&c.name)))
            .collect();
        assert_eq!(said, expected);
        let in_key: Vec<&str> = (said.iter()).filter(|(_, k)| *k).map(|(n, _)| *n).collect();
        assert_eq!(in_key, ["a", "b", "c", "d", "e", "h", "h"]);
        assert!(!keys.contains("nosuch"));
    }
}
