//! What `generateMigration` returns (serialised to the TypeScript `GeneratedMigration`).

use crate::format::FileFrame;
use crate::limits::MAX_ISSUES_LISTED;
use crate::report::{Code, Issue, Report, Severity};
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
    /// The table exists, the spec leaves it out, and `dropTablesNotInSpec` drops it.
    Drop,
}

/// One table's operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableOperation {
    /// The table.
    pub table: String,
    /// Its operation.
    pub operation: Operation,
    /// The table's name before this migration, when it renames it (`renamedFrom`, with
    /// `previousSpec`): its old type file is stale.
    #[serde(rename = "renamedFrom", skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
}

/// The migration's metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// `YYYYMMDDHHMMSS_description.sql` (`NNN_description.sql` when numbered); empty when the
    /// result is invalid.
    pub filename: String,
    /// The spec's description.
    pub description: String,
    /// `sqlite`, `postgresql` or `mysql`.
    pub database_type: String,
    /// `CREATE`, `ALTER` or `MIXED` over the tables that change (`CREATE` when none does).
    pub operation_type: &'static str,
    /// Tables created, altered or dropped: every table of `operations` but the skipped ones.
    pub tables_affected: Vec<String>,
    /// ISO-8601 instant.
    pub generated_at: String,
    /// Every spec table's operation, in spec order, then each table `dropTablesNotInSpec` drops.
    pub operations: Vec<TableOperation>,
    /// Which of the scripts must run outside a transaction.
    pub outside_transaction: OutsideTransaction,
}

/// Which scripts must run outside a transaction: a SQLite script that turns foreign keys off
/// (`PRAGMA foreign_keys = OFF`, which SQLite ignores inside a transaction: a rebuild of a table
/// other tables reference, a down migration that drops a cycle of foreign keys). Inside one, its
/// guard stops it before anything changed. Knex: `exports.config = { transaction: false }`.
/// PostgreSQL and MySQL scripts never must.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutsideTransaction {
    /// The up migration must.
    pub up: bool,
    /// The down migration must.
    pub down: bool,
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
    /// The report as returned: at most [`MAX_ISSUES_LISTED`] errors and as many warnings, in
    /// their order, each list's rest counted in one more issue of its kind ([`listed`]).
    fn from(r: Report) -> Self {
        Validation {
            valid: r.is_valid(),
            errors: listed(r.errors, Severity::Error),
            warnings: listed(r.warnings, Severity::Warning),
        }
    }
}

/// The first [`MAX_ISSUES_LISTED`] of `issues`, and when there are more, one `LIMIT_EXCEEDED`
/// issue of `severity` saying how many more there are and which codes they carry: a spec that
/// repeats one mistake a million times gets a report of a known size, not one issue per
/// repetition (2,000,000 of them were more text than a JavaScript string holds, a user trial).
fn listed(mut issues: Vec<Issue>, severity: Severity) -> Vec<Issue> {
    if issues.len() <= MAX_ISSUES_LISTED {
        return issues;
    }
    let rest = issues.split_off(MAX_ISSUES_LISTED);
    let mut codes: Vec<&'static str> = Vec::new();
    for issue in &rest {
        let code = issue.code.as_str();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let kind = match severity {
        Severity::Error => "errors",
        Severity::Warning => "warnings",
    };
    let message = format!(
        "{} more {kind} are not listed ({}): a report lists the first {MAX_ISSUES_LISTED} {kind}",
        rest.len(),
        codes.join(", ")
    );
    let summary = match severity {
        Severity::Error => Issue::error(Code::LimitExceeded, message),
        Severity::Warning => Issue::warning(Code::LimitExceeded, message),
    };
    issues.push(summary.suggest("fix the issues listed (one mistake repeated is often behind many of them), then generate again to see the rest"));
    issues
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
            unserialisable(
                r#""upMigration":"","downMigration":"","fileContent":"","#,
                &e,
            )
        })
    }
}

/// The JSON of a failed result whose serialisation failed with `error` (never seen: every field
/// serialises): empty metadata, `texts` (the text fields, each followed by a comma, or nothing),
/// and an `INTERNAL_ERROR`.
fn unserialisable(texts: &str, error: &str) -> String {
    format!(
        r#"{{"metadata":{{"filename":"","description":"","databaseType":"","operationType":"CREATE","tablesAffected":[],"generatedAt":"","operations":[],"outsideTransaction":{{"up":false,"down":false}}}},{texts}"validation":{{"valid":false,"errors":[{{"type":"error","code":"INTERNAL_ERROR","message":"the result could not be serialised: {}"}}],"warnings":[]}}}}"#,
        error.replace(['"', '\\'], "'")
    )
}

/// The result as the generator builds it: the migration file kept as its frame, not as a third
/// copy of the scripts. [`GeneratedMigration`] (the Rust API) joins it; the Node binding hands
/// the pieces over as they are ([`Generated::into_parts`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    /// Metadata.
    pub metadata: Metadata,
    /// The up migration.
    pub up_migration: String,
    /// The down migration.
    pub down_migration: String,
    /// The migration file around the two scripts (empty when nothing was generated).
    pub file: FileFrame,
    /// All tables' types, when `generateTypes` is true.
    pub type_definitions: Option<String>,
    /// Each table's types, when `generateTypes` is true.
    pub table_types: Option<Vec<TableTypes>>,
    /// The validation report.
    pub validation: Validation,
}

impl From<Generated> for GeneratedMigration {
    fn from(g: Generated) -> Self {
        GeneratedMigration {
            file_content: g.file.around(&g.up_migration, &g.down_migration),
            metadata: g.metadata,
            up_migration: g.up_migration,
            down_migration: g.down_migration,
            type_definitions: g.type_definitions,
            table_types: g.table_types,
            validation: g.validation,
        }
    }
}

/// The result in the pieces the Node binding hands to JavaScript: the large texts as strings of
/// their own (no JSON escaping, no second parse), everything else as one JSON text. JavaScript
/// builds `GeneratedMigration` from them, `fileContent` as
/// `fileHead + upMigration + fileMiddle + downMigration + fileTail`.
#[derive(Clone, Debug, PartialEq)]
pub struct Parts {
    /// `{"metadata":…,"tableTypes":…,"validation":…}` (`tableTypes` only with types).
    pub json: String,
    /// The up migration.
    pub up_migration: String,
    /// The down migration.
    pub down_migration: String,
    /// [`FileFrame::head`].
    pub file_head: String,
    /// [`FileFrame::middle`].
    pub file_middle: String,
    /// [`FileFrame::tail`].
    pub file_tail: String,
    /// All tables' types, when `generateTypes` is true.
    pub type_definitions: Option<String>,
}

impl Generated {
    /// The pieces for the Node binding (see [`Parts`]).
    pub fn into_parts(self) -> Parts {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Rest<'a> {
            metadata: &'a Metadata,
            #[serde(skip_serializing_if = "Option::is_none")]
            table_types: Option<&'a Vec<TableTypes>>,
            validation: &'a Validation,
        }
        let json = serde_json::to_string(&Rest {
            metadata: &self.metadata,
            table_types: self.table_types.as_ref(),
            validation: &self.validation,
        });
        let json = match json {
            Ok(json) => json,
            // Never seen (every field serialises); the texts are not handed out without a report.
            Err(e) => {
                return Parts {
                    json: unserialisable("", &e.to_string()),
                    up_migration: String::new(),
                    down_migration: String::new(),
                    file_head: String::new(),
                    file_middle: String::new(),
                    file_tail: String::new(),
                    type_definitions: None,
                }
            }
        };
        let FileFrame { head, middle, tail } = self.file;
        Parts {
            json,
            up_migration: self.up_migration,
            down_migration: self.down_migration,
            file_head: head,
            file_middle: middle,
            file_tail: tail,
            type_definitions: self.type_definitions,
        }
    }
}

#[cfg(test)]
mod tests {
    /// Both fallbacks are JSON of the result's shape, whatever the error says.
    #[test]
    fn the_unserialisable_fallbacks_are_json() {
        for texts in [
            "",
            r#""upMigration":"","downMigration":"","fileContent":"","#,
        ] {
            let text = super::unserialisable(texts, "a \"quoted\" \\ error");
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["validation"]["errors"][0]["code"], "INTERNAL_ERROR");
            assert_eq!(v["metadata"]["operationType"], "CREATE");
            assert_eq!(v.get("upMigration").is_some(), !texts.is_empty());
        }
    }

    fn spec(tables: &str) -> String {
        format!(
            r#"{{"description":"parts","databaseType":"postgresql","now":"2026-01-02T03:04:05Z","generateTypes":true,"tables":{tables}}}"#
        )
    }

    /// The pieces the binding hands over make exactly the result the Rust API returns: the
    /// file is head + up + middle + down + tail, the JSON holds the rest and none of the texts.
    #[test]
    fn parts_join_to_the_whole_result() {
        let text = spec(
            r#"[{"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}]}]"#,
        );
        let whole = crate::generate_str(&text);
        let parts = crate::generate_parts(text);
        assert!(whole.validation.valid);
        let file = [
            &parts.file_head,
            &parts.up_migration,
            &parts.file_middle,
            &parts.down_migration,
            &parts.file_tail,
        ]
        .map(|s| s.as_str())
        .concat();
        assert_eq!(file, whole.file_content);
        assert_eq!(parts.up_migration, whole.up_migration);
        assert_eq!(parts.down_migration, whole.down_migration);
        assert_eq!(parts.type_definitions, whole.type_definitions);
        let rest: serde_json::Value = serde_json::from_str(&parts.json).unwrap();
        let all: serde_json::Value = serde_json::from_str(&whole.to_json()).unwrap();
        for key in ["metadata", "tableTypes", "validation"] {
            assert_eq!(rest[key], all[key], "{key}");
        }
        let keys: Vec<&String> = rest.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["metadata", "tableTypes", "validation"]);
    }

    /// A refused spec: valid false, every text empty, the file too.
    #[test]
    fn a_refused_spec_has_no_texts() {
        let parts = crate::generate_parts(spec(r#"[{"name":"1bad","columns":[]}]"#));
        let rest: serde_json::Value = serde_json::from_str(&parts.json).unwrap();
        assert_eq!(rest["validation"]["valid"], false);
        assert!(rest.get("tableTypes").is_none());
        for text in [
            &parts.up_migration,
            &parts.down_migration,
            &parts.file_head,
            &parts.file_middle,
            &parts.file_tail,
        ] {
            assert!(text.is_empty());
        }
        assert_eq!(parts.type_definitions, None);
    }
}
