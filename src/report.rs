//! The validation report: error and warning codes, and the issues that carry them.

use serde::Serialize;

/// Every code the generator can report. The README documents each one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    // Errors (INVALID_COLUMN_NAME, INVALID_FOREIGN_KEY and TYPE_NARROWING are warnings in some
    // cases: the README's table says which).
    InvalidSpec,
    InvalidTableName,
    InvalidColumnName,
    InvalidConstraintName,
    ReservedKeyword,
    DuplicateTable,
    DuplicateColumn,
    DuplicateName,
    MissingPrimaryKey,
    NullablePrimaryKey,
    UnknownColumn,
    InvalidForeignKey,
    TypeMismatch,
    InvalidDefault,
    InvalidCheckExpression,
    InvalidAutoIncrement,
    IdentifierTooLong,
    UnsupportedFeature,
    LimitExceeded,
    NotNullWithoutDefault,
    TypeNarrowing,
    DbNotFound,
    DbUnreadable,
    DbLocked,
    InternalError,
    GeneratedSqlRejected,
    // Warnings (FOREIGN_KEY_TYPE_MISMATCH, DATA_LOSS and DEPENDENT_OBJECTS are errors in some
    // cases).
    UnknownField,
    RedundantIndex,
    ForeignKeyTypeMismatch,
    CircularForeignKey,
    ForeignKeyActionLimited,
    LossyTypeMapping,
    IndexTypeIgnored,
    /// A table's `primaryKeyName` on MySQL, which names every primary key `PRIMARY`.
    PrimaryKeyNameIgnored,
    ExtensionRequired,
    DataLoss,
    DownDataLoss,
    ColumnNotInSpec,
    IndexNotInSpec,
    /// A foreign key or CHECK of the database, on columns the spec has, is not in the spec:
    /// the table's rebuild drops it.
    ConstraintNotInSpec,
    DependentObjects,
    NoChanges,
    /// A table's columns are those the database (or previousSpec) has, in another order: the
    /// migration does not reorder columns, so nothing is written for it.
    ColumnOrderNotMigrated,
    /// On a copy of the database's rows as they are now, a table's change in the up migration
    /// fails (one warning per such table).
    RowsRefuseChange,
    /// With `existingDbPath`, the up migration changes tables that hold rows, and it could not
    /// be tried on a copy of them (the file is larger than the trial copies, or locked).
    RowsNotTried,
    /// A column becomes NOT NULL with a default, and rows hold NULL there: the up migration
    /// writes the default into them, and the down migration cannot put the NULLs back.
    NullsFilled,
    /// A table of the database the spec leaves out has the columns of a created table.
    TableNotInSpec,
    /// An expression calls a function that is not built into the database (a user's own or an
    /// extension's, or a misspelling, or another database's); on SQLite, one it uses a function
    /// or operator that SQLite added after 3.35, which an older SQLite lacks.
    UnknownFunction,
    /// An expression's `COLLATE` names a collation only some servers of the database have (on
    /// PostgreSQL an ICU or operating-system collation, or the user's own; on SQLite one the
    /// application registers): the migration fails where the server lacks it.
    UnknownCollation,
}

impl Code {
    /// Every code, in documentation order.
    pub const ALL: &'static [Code] = &[
        Code::InvalidSpec,
        Code::InvalidTableName,
        Code::InvalidColumnName,
        Code::InvalidConstraintName,
        Code::ReservedKeyword,
        Code::DuplicateTable,
        Code::DuplicateColumn,
        Code::DuplicateName,
        Code::MissingPrimaryKey,
        Code::NullablePrimaryKey,
        Code::UnknownColumn,
        Code::InvalidForeignKey,
        Code::TypeMismatch,
        Code::InvalidDefault,
        Code::InvalidCheckExpression,
        Code::InvalidAutoIncrement,
        Code::IdentifierTooLong,
        Code::UnsupportedFeature,
        Code::LimitExceeded,
        Code::NotNullWithoutDefault,
        Code::TypeNarrowing,
        Code::DbNotFound,
        Code::DbUnreadable,
        Code::DbLocked,
        Code::InternalError,
        Code::GeneratedSqlRejected,
        Code::UnknownField,
        Code::RedundantIndex,
        Code::ForeignKeyTypeMismatch,
        Code::CircularForeignKey,
        Code::ForeignKeyActionLimited,
        Code::LossyTypeMapping,
        Code::IndexTypeIgnored,
        Code::PrimaryKeyNameIgnored,
        Code::ExtensionRequired,
        Code::DataLoss,
        Code::DownDataLoss,
        Code::ColumnNotInSpec,
        Code::IndexNotInSpec,
        Code::ConstraintNotInSpec,
        Code::DependentObjects,
        Code::NoChanges,
        Code::ColumnOrderNotMigrated,
        Code::RowsRefuseChange,
        Code::RowsNotTried,
        Code::NullsFilled,
        Code::TableNotInSpec,
        Code::UnknownFunction,
        Code::UnknownCollation,
    ];

    /// The code as it appears in the report (`SCREAMING_SNAKE_CASE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidSpec => "INVALID_SPEC",
            Code::InvalidTableName => "INVALID_TABLE_NAME",
            Code::InvalidColumnName => "INVALID_COLUMN_NAME",
            Code::InvalidConstraintName => "INVALID_CONSTRAINT_NAME",
            Code::ReservedKeyword => "RESERVED_KEYWORD",
            Code::DuplicateTable => "DUPLICATE_TABLE",
            Code::DuplicateColumn => "DUPLICATE_COLUMN",
            Code::DuplicateName => "DUPLICATE_NAME",
            Code::MissingPrimaryKey => "MISSING_PRIMARY_KEY",
            Code::NullablePrimaryKey => "NULLABLE_PRIMARY_KEY",
            Code::UnknownColumn => "UNKNOWN_COLUMN",
            Code::InvalidForeignKey => "INVALID_FOREIGN_KEY",
            Code::TypeMismatch => "TYPE_MISMATCH",
            Code::InvalidDefault => "INVALID_DEFAULT",
            Code::InvalidCheckExpression => "INVALID_CHECK_EXPRESSION",
            Code::InvalidAutoIncrement => "INVALID_AUTO_INCREMENT",
            Code::IdentifierTooLong => "IDENTIFIER_TOO_LONG",
            Code::UnsupportedFeature => "UNSUPPORTED_FEATURE",
            Code::LimitExceeded => "LIMIT_EXCEEDED",
            Code::NotNullWithoutDefault => "NOT_NULL_WITHOUT_DEFAULT",
            Code::TypeNarrowing => "TYPE_NARROWING",
            Code::DbNotFound => "DB_NOT_FOUND",
            Code::DbUnreadable => "DB_UNREADABLE",
            Code::DbLocked => "DB_LOCKED",
            Code::InternalError => "INTERNAL_ERROR",
            Code::GeneratedSqlRejected => "GENERATED_SQL_REJECTED",
            Code::UnknownField => "UNKNOWN_FIELD",
            Code::RedundantIndex => "REDUNDANT_INDEX",
            Code::ForeignKeyTypeMismatch => "FOREIGN_KEY_TYPE_MISMATCH",
            Code::CircularForeignKey => "CIRCULAR_FOREIGN_KEY",
            Code::ForeignKeyActionLimited => "FOREIGN_KEY_ACTION_LIMITED",
            Code::LossyTypeMapping => "LOSSY_TYPE_MAPPING",
            Code::IndexTypeIgnored => "INDEX_TYPE_IGNORED",
            Code::PrimaryKeyNameIgnored => "PRIMARY_KEY_NAME_IGNORED",
            Code::ExtensionRequired => "EXTENSION_REQUIRED",
            Code::DataLoss => "DATA_LOSS",
            Code::DownDataLoss => "DOWN_DATA_LOSS",
            Code::ColumnNotInSpec => "COLUMN_NOT_IN_SPEC",
            Code::IndexNotInSpec => "INDEX_NOT_IN_SPEC",
            Code::ConstraintNotInSpec => "CONSTRAINT_NOT_IN_SPEC",
            Code::DependentObjects => "DEPENDENT_OBJECTS",
            Code::NoChanges => "NO_CHANGES",
            Code::ColumnOrderNotMigrated => "COLUMN_ORDER_NOT_MIGRATED",
            Code::RowsRefuseChange => "ROWS_REFUSE_CHANGE",
            Code::RowsNotTried => "ROWS_NOT_TRIED",
            Code::NullsFilled => "NULLS_FILLED",
            Code::TableNotInSpec => "TABLE_NOT_IN_SPEC",
            Code::UnknownFunction => "UNKNOWN_FUNCTION",
            Code::UnknownCollation => "UNKNOWN_COLLATION",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Whether an issue stops generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Generation is refused; the SQL is empty.
    Error,
    /// Generation goes on; the user should read it.
    Warning,
}

/// One finding, with the object it concerns and how to fix it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// `error` or `warning`.
    #[serde(rename = "type")]
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The table concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// The column concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The constraint or index concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Issue {
    /// A new error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message.into())
    }

    /// A new warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message.into())
    }

    fn new(severity: Severity, code: Code, message: String) -> Self {
        Issue {
            severity,
            code,
            message,
            table: None,
            column: None,
            constraint: None,
            suggestion: None,
        }
    }

    /// Names the table concerned.
    pub fn table(mut self, table: &str) -> Self {
        self.table = Some(clip(table));
        self
    }

    /// Names the column concerned.
    pub fn column(mut self, column: &str) -> Self {
        self.column = Some(clip(column));
        self
    }

    /// Names the constraint or index concerned.
    pub fn constraint(mut self, constraint: &str) -> Self {
        self.constraint = Some(clip(constraint));
        self
    }

    /// Says how to fix it.
    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }
}

/// User text echoed in a report is cut to a readable length (a 10 MB name stays out of the report).
pub fn clip(text: &str) -> String {
    const MAX: usize = 200;
    if text.len() <= MAX {
        return text.to_string();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Names in quotes (each [`clip`]ped), joined by commas and a final "and": `'a', 'b' and 'c'`;
/// past `named` names, the rest counted: `'a', 'b' and 3 more`.
pub fn name_list(names: &[&str], named: usize) -> String {
    let mut quoted: Vec<String> = names
        .iter()
        .take(named)
        .map(|n| format!("'{}'", clip(n)))
        .collect();
    if names.len() > named {
        quoted.push(format!("{} more", names.len() - named));
    }
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// The validation report returned with every result.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Problems that stop generation.
    pub errors: Vec<Issue>,
    /// Problems that do not.
    pub warnings: Vec<Issue>,
}

impl Report {
    /// Files an issue under errors or warnings by its severity.
    pub fn push(&mut self, issue: Issue) {
        match issue.severity {
            Severity::Error => self.errors.push(issue),
            Severity::Warning => self.warnings.push(issue),
        }
    }

    /// Files another report's issues after these, in their order.
    pub fn append(&mut self, other: Report) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    /// True when there is no error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_screaming_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{s}");
        }
    }

    #[test]
    fn every_code_is_documented_in_the_readme() {
        let readme = include_str!("../README.md");
        for code in Code::ALL {
            assert!(
                readme.contains(&format!("| `{}` |", code.as_str())),
                "README.md does not document {}",
                code.as_str()
            );
        }
    }

    #[test]
    fn issues_serialize_with_type_and_optional_fields() {
        let issue = Issue::error(Code::DuplicateColumn, "twice")
            .table("users")
            .column("id")
            .suggest("rename");
        let json = serde_json::to_value(&issue).unwrap();
        assert_eq!(json["type"], "error");
        assert_eq!(json["code"], "DUPLICATE_COLUMN");
        assert_eq!(json["table"], "users");
        assert!(json.get("constraint").is_none());
    }

    #[test]
    fn clip_keeps_char_boundaries() {
        let long = "é".repeat(300);
        let clipped = clip(&long);
        assert!(clipped.len() < 210);
        assert!(clipped.ends_with('…'));
    }
}
