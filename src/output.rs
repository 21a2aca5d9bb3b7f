//! What `generateMigration` returns (serialised to the TypeScript `GeneratedMigration`).

use crate::report::{Issue, Report};
use crate::typescript::TableTypes;
use serde::Serialize;

/// What happens to one spec table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Operation {
    /// The table is created.
    Create,
    /// The table exists and is changed.
    Alter,
    /// The table exists as the spec describes it.
    Skip,
}

/// One table's operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableOperation {
    /// The table.
    pub table: String,
    /// Its operation.
    pub operation: Operation,
}

/// The migration's metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// `YYYYMMDDHHMMSS_description.sql`.
    pub filename: String,
    /// The spec's description.
    pub description: String,
    /// `sqlite`, `postgresql` or `mysql`.
    pub database_type: String,
    /// `CREATE`, `ALTER` or `MIXED` over the tables that change.
    pub operation_type: &'static str,
    /// Tables created or altered.
    pub tables_affected: Vec<String>,
    /// ISO-8601 instant.
    pub generated_at: String,
    /// Every spec table's operation, in spec order.
    pub operations: Vec<TableOperation>,
}

/// The validation report as returned.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Validation {
    /// No errors.
    pub valid: bool,
    /// Errors.
    pub errors: Vec<Issue>,
    /// Warnings.
    pub warnings: Vec<Issue>,
}

impl From<Report> for Validation {
    fn from(r: Report) -> Self {
        Validation {
            valid: r.is_valid(),
            errors: r.errors,
            warnings: r.warnings,
        }
    }
}

/// The whole result.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedMigration {
    /// Metadata.
    pub metadata: Metadata,
    /// The up migration, runnable as one script.
    pub up_migration: String,
    /// The down migration, undoing the up migration.
    pub down_migration: String,
    /// The whole migration file.
    pub file_content: String,
    /// All tables' types, when `generateTypes` is true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_definitions: Option<String>,
    /// Each table's types on its own, when `generateTypes` is true (for one file per table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_types: Option<Vec<TableTypes>>,
    /// The validation report.
    pub validation: Validation,
}

impl GeneratedMigration {
    /// The result as JSON (never fails: every field serialises). The buffer is sized for the
    /// result up front: grown by doubling, a 20 MB result reallocated through 32 MB and 64 MB
    /// buffers, old and new alive at once — the highest point of generation's memory use.
    pub fn to_json(&self) -> String {
        let texts = self.up_migration.len()
            + self.down_migration.len()
            + self.file_content.len()
            + self.type_definitions.as_ref().map_or(0, String::len)
            + self.table_types.as_ref().map_or(0, |t| {
                t.iter()
                    .map(|t| t.table.len() + t.interface_name.len() + t.source.len() + 64)
                    .sum()
            });
        // Escapes (`\n`, `\"`) lengthen the texts a little; the report and metadata are small.
        let mut buffer = Vec::with_capacity(texts + texts / 8 + 64 * 1024);
        let written = serde_json::to_writer(&mut buffer, self)
            .map_err(|e| e.to_string())
            .and_then(|()| String::from_utf8(buffer).map_err(|e| e.to_string()));
        written.unwrap_or_else(|e| {
            format!(
                r#"{{"metadata":{{"filename":"","description":"","databaseType":"","operationType":"CREATE","tablesAffected":[],"generatedAt":"","operations":[]}},"upMigration":"","downMigration":"","fileContent":"","validation":{{"valid":false,"errors":[{{"type":"error","code":"INTERNAL_ERROR","message":"the result could not be serialised: {}"}}],"warnings":[]}}}}"#,
                e.replace(['"', '\\'], "'")
            )
        })
    }
}
