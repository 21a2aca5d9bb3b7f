//! Turns untrusted JSON into a `MigrationSpec`, reporting every shape problem as `INVALID_SPEC`
//! (never panicking, never stopping at the first problem), and unknown fields as warnings.

use crate::field_aliases;
use crate::limits;
use crate::report::{Code, Issue, Report, Severity};
use crate::spec::*;
use serde_json::{Map, Value};

/// A spec as far as the parser could read it.
pub struct ReadSpec {
    /// The spec, without the parts the report says could not be read.
    pub spec: MigrationSpec,
    /// Whether an entry of `tables` could not be read at all (not an object, no name, too many
    /// columns): a foreign key to a table that is not in `spec` may then name that one.
    pub unread_tables: bool,
    /// The tables of `spec` with a parser error that left part of them out (a column of an
    /// unknown type) or read it otherwise than written (a length given as a string, read as
    /// none): checked as they are, they would be found wanting for what the parser did.
    pub partial_tables: Vec<String>,
    /// The tables of `partial_tables` with an error outside the columns it names (a primary
    /// key, foreign key, index or CHECK left out, a column without a name): only their names
    /// can be checked. A table whose errors all lie in named columns is not among them: its
    /// [`unsure_columns`](Self::unsure_columns) say what it lacks.
    pub read_in_part: Vec<String>,
    /// The columns with a parser error, each as far as it was read (a type or nullability it
    /// could not read as a stand-in), in the order of the spec.
    pub unsure_columns: Vec<UnsureColumn>,
    /// The tables with no primary key whose column says `"primaryKey": true`: that error is
    /// the table's MISSING_PRIMARY_KEY, said once.
    pub keyed_on_a_column: Vec<String>,
    /// Whether `previousSpec` was given but could not be read (its errors are in the report):
    /// `spec.previous` is then `None` although the spec names a database.
    pub previous_unread: bool,
}

/// A column the parser found an error in (a type it does not know, `nullable` missing, a length
/// given as a string): its name is sure, what else it read may not be what was meant.
#[derive(Clone, Debug)]
pub struct UnsureColumn {
    /// The index of its table in the spec's `tables` as read.
    pub table: usize,
    /// Its place among the table's columns that have a name (the spec's order).
    pub position: usize,
    /// Whether the table as read has it (at `position`): its type and nullability were read.
    pub kept: bool,
    /// The column as read; a type or nullability the parser could not read is INTEGER and
    /// NOT NULL here, to be replaced before it is checked.
    pub column: Column,
}

/// Parses a JSON text. `None` when nothing usable could be read; the report says why.
pub fn parse_spec_str(text: &str, report: &mut Report) -> Option<MigrationSpec> {
    read_spec_str(text, report).map(|read| read.spec)
}

/// [`parse_spec_str`], saying also whether a table could not be read at all.
pub fn read_spec_str(text: &str, report: &mut Report) -> Option<ReadSpec> {
    if text.len() > limits::MAX_SPEC_BYTES {
        report.push(
            Issue::error(
                Code::LimitExceeded,
                format!(
                    "the spec is {} bytes; the limit is {} bytes",
                    text.len(),
                    limits::MAX_SPEC_BYTES
                ),
            )
            .suggest("split the schema into several migrations"),
        );
        return None;
    }
    if let Some(spec) = crate::spec_serde::parse_well_formed(text) {
        return Some(ReadSpec {
            spec,
            unread_tables: false,
            partial_tables: Vec::new(),
            read_in_part: Vec::new(),
            unsure_columns: Vec::new(),
            keyed_on_a_column: Vec::new(),
            previous_unread: false,
        });
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value) => read_spec(&value, report),
        // serde_json's words for a `\uD800`–`\uDFFF` escape without its other half, which is
        // how JSON.stringify writes a JavaScript string holding half of a surrogate pair.
        Err(e) if e.to_string().contains("hex escape") => {
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!("a string in the spec holds half of a UTF-16 surrogate pair (a lone \\uD800–\\uDFFF), which is not text ({e} of the spec's JSON)"),
                )
                .suggest("remove the broken character, or replace it: String.prototype.toWellFormed() turns it into U+FFFD"),
            );
            None
        }
        Err(e) if too_deep_words(&e).is_some() => {
            report.push(too_deep(&e));
            None
        }
        Err(e) => {
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!("the spec is not valid JSON: {e}"),
                )
                .suggest("pass a MigrationSpec object (see the README for its shape)"),
            );
            None
        }
    }
}

/// Objects and arrays within one another that serde_json reads (its recursion limit, 128, counts
/// the outermost object too).
const MAX_NESTING: usize = 127;

/// INVALID_SPEC for a spec nested deeper than serde_json reads: said as the nesting it is, not
/// as "not valid JSON" (an API caller passed an object, whose JSON text is well formed).
fn too_deep(e: &serde_json::Error) -> Issue {
    Issue::error(
        Code::InvalidSpec,
        format!("the spec is {}", too_deep_words(e).unwrap_or_default()),
    )
    .suggest("a spec nests a few levels (tables, columns, their fields): pass one whose values are not nested that deep")
}

/// The words after "… is " for JSON text serde_json refused for its nesting (its recursion
/// limit), not its form: "nested more than 127 levels deep (…, past line L column C of its JSON
/// text)"; `None` for any other error. The spec and a JSON default say it alike.
pub(crate) fn too_deep_words(e: &serde_json::Error) -> Option<String> {
    e.to_string().starts_with("recursion limit exceeded").then(|| {
        format!(
            "nested more than {MAX_NESTING} levels deep (objects and arrays within one another, past line {} column {} of its JSON text)",
            e.line(),
            e.column()
        )
    })
}

/// What the metadata of a spec that could not be read still keeps from it.
#[derive(Debug, Default, PartialEq)]
pub struct Header {
    /// `description`, when it is a string.
    pub description: Option<String>,
    /// `now`, when it is a string.
    pub now: Option<String>,
}

/// The [`Header`] of a spec's JSON text, as far as it can be read (nothing from a text over the
/// size limit, or one that is not a JSON object).
pub fn header_of(text: &str) -> Header {
    #[derive(serde::Deserialize)]
    struct Loose {
        description: Option<Value>,
        now: Option<Value>,
    }
    if text.len() > limits::MAX_SPEC_BYTES {
        return Header::default();
    }
    let text_of = |v: Option<Value>| match v {
        Some(Value::String(s)) => Some(s),
        _ => None,
    };
    match serde_json::from_str::<Loose>(text) {
        Ok(loose) => Header {
            description: text_of(loose.description),
            now: text_of(loose.now),
        },
        Err(_) => Header::default(),
    }
}

/// Parses an already decoded JSON value.
pub fn parse_spec(value: &Value, report: &mut Report) -> Option<MigrationSpec> {
    read_spec(value, report).map(|read| read.spec)
}

/// [`parse_spec`], saying also whether a table could not be read at all.
fn read_spec(value: &Value, report: &mut Report) -> Option<ReadSpec> {
    let Some(obj) = value.as_object() else {
        report.push(
            Issue::error(
                Code::InvalidSpec,
                format!("the spec must be an object, not {}", kind(value)),
            )
            .suggest("pass { description, databaseType, tables: [...] }"),
        );
        return None;
    };
    let mut r = Reader {
        report,
        table: None,
        column: None,
        partial_tables: Vec::new(),
        read_in_part: Vec::new(),
        column_errors: false,
        unsure_columns: Vec::new(),
        primary_key: Vec::new(),
        renamed_columns: Vec::new(),
        keyed_on_a_column: Vec::new(),
        misplaced: Vec::new(),
    };
    r.unknown_fields(
        obj,
        Where::Spec,
        &[
            "$schema",
            "description",
            "databaseType",
            "tables",
            "existingDbPath",
            "fileFormat",
            "generateTypes",
            "now",
            "timestamps",
            "allowDataLoss",
            "dropTablesNotInSpec",
            "selfCheck",
            "previousSpec",
            // What a pull left out of the spec and what it renamed (`introspect --json`): a
            // record for the reader, not read.
            "leftOut",
            "renamed",
        ],
    );
    let description = r.required_string(obj, "description", Where::Spec);
    let database_type = r.required_enum(
        obj,
        "databaseType",
        Where::Spec,
        DatabaseType::parse,
        "'sqlite', 'postgresql' or 'mysql'",
    );
    let file_format = r
        .optional_enum(
            obj,
            "fileFormat",
            Where::Spec,
            FileFormat::parse,
            "'timestamp' or 'numbered'",
        )
        .unwrap_or(FileFormat::Timestamp);
    let existing_db_path = r.optional_string(obj, "existingDbPath", Where::Spec);
    let now = r.optional_string(obj, "now", Where::Spec);
    let generate_types = r
        .optional_bool(obj, "generateTypes", Where::Spec)
        .unwrap_or(false);
    let timestamps = r
        .optional_bool(obj, "timestamps", Where::Spec)
        .unwrap_or(true);
    let allow_data_loss = r
        .optional_bool(obj, "allowDataLoss", Where::Spec)
        .unwrap_or(false);
    let drop_tables_not_in_spec = r
        .optional_bool(obj, "dropTablesNotInSpec", Where::Spec)
        .unwrap_or(false);
    let self_check = r
        .optional_enum(
            obj,
            "selfCheck",
            Where::Spec,
            SelfCheck::parse,
            "'full' or 'expressions'",
        )
        .unwrap_or(SelfCheck::Full);
    let (previous, previous_unread) = match obj.get("previousSpec") {
        None | Some(Value::Null) => (None, false),
        Some(value) => {
            let read = read_previous(value, r.report);
            let unread = read.is_none();
            (read, unread)
        }
    };

    let mut tables = Vec::new();
    let mut unread_tables = false;
    let mut read_unsure = Vec::new();
    match obj.get("tables") {
        Some(Value::Array(items)) => {
            if items.len() > limits::MAX_TABLES {
                r.report.push(Issue::error(
                    Code::LimitExceeded,
                    format!(
                        "the spec lists {} tables; the limit is {}",
                        items.len(),
                        limits::MAX_TABLES
                    ),
                ));
                return None;
            }
            tables.reserve(items.len());
            let mut unsure_columns = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match r.table(item, i) {
                    Some(t) => {
                        for (position, kept, column) in r.unsure_columns.drain(..) {
                            unsure_columns.push(UnsureColumn {
                                table: tables.len(),
                                position,
                                kept,
                                column,
                            });
                        }
                        tables.push(t);
                    }
                    None => unread_tables = true,
                }
            }
            read_unsure = unsure_columns;
        }
        Some(other) => r.report.push(
            Issue::error(
                Code::InvalidSpec,
                format!("spec.tables must be an array, not {}", kind(other)),
            )
            .suggest("list the tables as an array of TableDefinition objects"),
        ),
        None => r.report.push(
            Issue::error(Code::InvalidSpec, "spec.tables is missing")
                .suggest("add tables: [...] (an array of TableDefinition objects)"),
        ),
    }

    Some(ReadSpec {
        spec: MigrationSpec {
            description: description?,
            database_type: database_type?,
            tables,
            existing_db_path,
            file_format,
            generate_types,
            now,
            timestamps,
            allow_data_loss,
            drop_tables_not_in_spec,
            self_check,
            previous,
        },
        unread_tables,
        partial_tables: r.partial_tables,
        read_in_part: r.read_in_part,
        unsure_columns: read_unsure,
        keyed_on_a_column: r.keyed_on_a_column,
        previous_unread,
    })
}

/// The spec of `previousSpec`, read as a spec of its own; its errors, and its warnings of a
/// field it does not know, are filed with "previousSpec: " before their message. `None` when
/// it has errors, which then make the whole spec invalid.
fn read_previous(value: &Value, report: &mut Report) -> Option<Box<MigrationSpec>> {
    let mut own = Report::default();
    let read = read_spec(value, &mut own);
    let spec = read.filter(|r| !r.unread_tables && r.partial_tables.is_empty());
    if own.errors.is_empty() && spec.is_none() {
        own.push(Issue::error(
            Code::InvalidSpec,
            "a table of it could not be read whole",
        ));
    }
    let valid = own.errors.is_empty();
    for mut issue in own.errors {
        issue.message = format!("previousSpec: {}", issue.message);
        if issue.suggestion.is_none() {
            issue.suggestion = Some(
                "previousSpec is the spec the database was last migrated to, as it was then (the earlier version of this spec file)".to_string(),
            );
        }
        report.push(issue);
    }
    // A field it does not know (a misspelt "indexs") leaves out what the database holds: the
    // change would be made from less than that. Its other warnings were said when it was the
    // spec.
    for mut issue in own.warnings {
        if issue.code == Code::UnknownField {
            issue.message = format!("previousSpec: {}", issue.message);
            report.push(issue);
        }
    }
    let mut spec = spec.filter(|_| valid)?.spec;
    // Its own previousSpec is history this migration does not need.
    spec.previous = None;
    Some(Box::new(spec))
}

/// The JSON kind of a value, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where in the spec a value is, for messages; written out only when there is something to say.
#[derive(Clone, Copy)]
enum Where<'a> {
    Spec,
    TableAt(usize),
    Table(&'a str),
    ColumnAt(&'a str, usize),
    Column(&'a str),
    Entry(&'a str, &'static str, usize),
}

impl std::fmt::Display for Where<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let clip = crate::report::clip;
        match self {
            Where::Spec => write!(f, "spec"),
            Where::TableAt(i) => write!(f, "tables[{i}]"),
            Where::Table(t) => write!(f, "table '{}'", clip(t)),
            Where::ColumnAt(t, i) => write!(f, "table '{}'.columns[{i}]", clip(t)),
            Where::Column(c) => write!(f, "column '{}'", clip(c)),
            Where::Entry(t, list, i) => write!(f, "table '{}'.{list}[{i}]", clip(t)),
        }
    }
}

/// How many unknown fields of one object get a warning each (the rest get one together).
const UNKNOWN_FIELDS_SAID: usize = 10;

struct Reader<'r> {
    report: &'r mut Report,
    table: Option<String>,
    column: Option<String>,
    /// The tables with an error that left part of them out or read it otherwise than written
    /// (see [`ReadSpec::partial_tables`]).
    partial_tables: Vec<String>,
    /// The tables with an error outside a named column (see [`ReadSpec::read_in_part`]).
    read_in_part: Vec<String>,
    /// Whether the column being read has an error.
    column_errors: bool,
    /// The columns of the table being read that have an error: their place among its named
    /// columns, whether the table keeps them, and each as read (see [`UnsureColumn`]).
    unsure_columns: Vec<(usize, bool, Column)>,
    /// The primary key of the table being read, for a column that says it is in it.
    primary_key: Vec<String>,
    /// The `renamedFrom` of the columns of the table being read, as (old, new).
    renamed_columns: Vec<(String, String)>,
    /// The tables with a column that says it is the primary key while the table lists none
    /// (see [`ReadSpec::keyed_on_a_column`]).
    keyed_on_a_column: Vec<String>,
    /// The table's fields written on the columns of the table being read.
    misplaced: Vec<Misplaced>,
}

/// A table's field written on a column (`"references": …`, `"index": true`).
struct Misplaced {
    column: String,
    key: String,
    value: Value,
    suggestion: String,
}

impl Reader<'_> {
    fn issue(&mut self, issue: Issue) {
        if let (Some(t), Severity::Error) = (&self.table, issue.severity) {
            if self.partial_tables.last() != Some(t) {
                self.partial_tables.push(t.clone());
            }
            if self.column.is_some() {
                self.column_errors = true;
            } else if self.read_in_part.last() != Some(t) {
                self.read_in_part.push(t.clone());
            }
        }
        self.issue_keeping_the_table_whole(issue);
    }

    /// Files an error that leaves its table as written (a field in the wrong place, read as
    /// nothing at all).
    fn issue_keeping_the_table_whole(&mut self, mut issue: Issue) {
        if let Some(t) = &self.table {
            issue = issue.table(t);
        }
        if let Some(c) = &self.column {
            issue = issue.column(c);
        }
        self.report.push(issue);
    }

    /// An error for each required field read from its alias (`tableName` for `name`): the
    /// object is read as meant, so that its other problems come in the same report, and the
    /// error says the exact JSON to write.
    fn say_read_instead(&mut self, read: Vec<field_aliases::ReadInstead>, what: Where<'_>) {
        for r in read {
            self.issue_keeping_the_table_whole(
                Issue::error(
                    Code::InvalidSpec,
                    format!(
                        "{what}.{} is missing; its '{}' is read in its place, but the spec must say '{}'",
                        r.field,
                        crate::report::clip(&r.alias),
                        r.field
                    ),
                )
                .suggest(r.suggestion),
            );
        }
    }

    fn invalid(&mut self, message: String, suggestion: &str) {
        self.issue(Issue::error(Code::InvalidSpec, message).suggest(suggestion));
    }

    /// One `UNKNOWN_FIELD` warning for each of the first [`UNKNOWN_FIELDS_SAID`] fields of
    /// `obj` that are not `known`, then one for the rest (a spec of millions of stray keys
    /// made millions of warnings: seconds of work and a result too large to hand back).
    fn unknown_fields(&mut self, obj: &Map<String, Value>, what: Where<'_>, known: &[&str]) {
        let mut unknown = obj.keys().filter(|k| !known.contains(&k.as_str()));
        for key in unknown.by_ref().take(UNKNOWN_FIELDS_SAID) {
            let near = known
                .iter()
                .find(|k| k.eq_ignore_ascii_case(key) || edit_distance(k, key) <= 2);
            let on_table = match what {
                Where::Column(column) => self.table_level_field(key, column, obj),
                _ => None,
            };
            // A key, foreign key, index or CHECK written on the column: an error, since read as
            // nothing at all it would leave the table without it and the spec valid (a user
            // trial's foreign key and index went missing that way).
            let value = &obj[key.as_str()];
            let column_in_key = match what {
                Where::Column(column) => self.primary_key.iter().any(|k| k == column),
                _ => false,
            };
            if on_table.is_some() && is_primary_key_field(key) {
                if column_in_key {
                    // Said twice, the same: the field adds nothing.
                    self.issue(
                        Issue::warning(
                            Code::UnknownField,
                            format!(
                                "{what} has '{}', which a column does not take; the table's primaryKey already lists the column, so nothing is lost",
                                crate::report::clip(key)
                            ),
                        )
                        .suggest("remove the field from the column"),
                    );
                    continue;
                }
                if let Some(t) = self.table.clone() {
                    if self.primary_key.is_empty() && !self.keyed_on_a_column.contains(&t) {
                        self.keyed_on_a_column.push(t);
                    }
                }
            }
            let says_no = matches!(value, Value::Null | Value::Bool(false))
                || value
                    .as_str()
                    .is_some_and(|v| v.eq_ignore_ascii_case("false"))
                || value.as_f64() == Some(0.0);
            if let (Some(suggestion), false, Where::Column(column)) = (&on_table, says_no, what) {
                // Said once the table is read: it may declare the same itself.
                self.misplaced.push(Misplaced {
                    column: column.to_string(),
                    key: key.clone(),
                    value: value.clone(),
                    suggestion: suggestion.clone(),
                });
                continue;
            }
            // A list field given one name (`"column": "user_id"`): the fix written out, since
            // renaming the field alone gives "must be an array" next.
            let listed = |k: &str, v: &Value| match v {
                Value::String(one)
                    if matches!(k, "columns" | "referencedColumns" | "primaryKey") =>
                {
                    Some(format!(
                        "did you mean \"{k}\": [{}]?",
                        Value::String(crate::report::clip(one))
                    ))
                }
                _ => None,
            };
            let object = match what {
                Where::Table(_) => Some(field_aliases::Object::Table),
                Where::Column(_) => Some(field_aliases::Object::Column),
                Where::Entry(_, "foreignKeys", _) => Some(field_aliases::Object::ForeignKey),
                _ => None,
            };
            let alias = object.and_then(|o| field_aliases::alias_suggestion(o, key, obj));
            let suggestion = match (on_table, alias, near) {
                (Some(s), _, _) => s,
                (None, Some(s), _) => s,
                (None, None, Some(k)) => {
                    listed(k, &obj[key.as_str()]).unwrap_or_else(|| format!("did you mean '{k}'?"))
                }
                (None, None, None) => format!("known fields: {}", known.join(", ")),
            };
            self.issue(
                Issue::warning(
                    Code::UnknownField,
                    format!(
                        "{what} has an unknown field '{}'; it is ignored",
                        crate::report::clip(key)
                    ),
                )
                .suggest(suggestion),
            );
        }
        if let Some(first) = unknown.next() {
            let more = unknown.count();
            let (fields, others) = match more {
                0 => ("field", String::new()),
                n => ("fields", format!(" and {n} others")),
            };
            self.issue(
                Issue::warning(
                    Code::UnknownField,
                    format!(
                        "{what} has {} more unknown {fields} ('{}'{others}), ignored",
                        more + 1,
                        crate::report::clip(first),
                    ),
                )
                .suggest(format!("known fields: {}", known.join(", "))),
            );
        }
    }

    /// What the table's fields written on its columns come to, now that the table is read: a
    /// warning where the table declares the same itself (a foreign key or index on that one
    /// column, a CHECK of that text), since nothing is lost; otherwise an error, since read as
    /// nothing at all it would leave the table without it and the spec valid (a user trial's
    /// foreign key and index went missing that way).
    fn say_misplaced(
        &mut self,
        foreign_keys: &[ForeignKey],
        indexes: &[Index],
        unique_constraints: &[UniqueConstraint],
        checks: &[CheckConstraint],
    ) {
        let column_in =
            |columns: &[String], column: &str| columns.len() == 1 && columns[0] == column;
        for m in std::mem::take(&mut self.misplaced) {
            let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(&m.key));
            let declared = if is(FOREIGN_KEY_FIELDS) {
                foreign_keys
                    .iter()
                    .any(|fk| column_in(&fk.columns, &m.column))
            } else if is(INDEX_FIELDS) {
                indexes.iter().any(|i| column_in(&i.columns, &m.column))
                    || unique_constraints
                        .iter()
                        .any(|u| column_in(&u.columns, &m.column))
            } else {
                m.value
                    .as_str()
                    .is_some_and(|e| checks.iter().any(|c| c.expression.trim() == e.trim()))
            };
            let key = crate::report::clip(&m.key);
            let what = Where::Column(&m.column);
            let issue = if declared {
                Issue::warning(
                    Code::UnknownField,
                    format!("{what} has '{key}', which a column does not take; the table declares the same itself, so nothing is lost"),
                )
                .suggest("remove the field from the column")
            } else {
                Issue::error(
                    Code::InvalidSpec,
                    format!("{what} has '{key}', which a column does not take: it would be ignored, and the table would be made without it"),
                )
                .suggest(m.suggestion)
            };
            self.issue_keeping_the_table_whole(issue.column(&m.column));
        }
    }

    /// Where a field a column does not have belongs when it is the table's (a column-level
    /// `primaryKey: true` got only the list of known fields in a user trial).
    fn table_level_field(
        &self,
        key: &str,
        column: &str,
        column_object: &Map<String, Value>,
    ) -> Option<String> {
        let value = &column_object[key];
        let table = self.table.as_deref().map_or(String::new(), |t| {
            format!(" of table '{}'", crate::report::clip(t))
        });
        let column = crate::report::clip(column);
        let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(key));
        if is_primary_key_field(key) {
            let named = self
                .table
                .as_deref()
                .map_or(String::new(), |t| format!(" '{}'", crate::report::clip(t)));
            // The JSON last, the prose before it, so that it can be pasted as written (an LLM
            // loop pasted the prose after it too).
            Some(format!("the primary key is the table's: remove {} from the column, and give the table{named} (with the key's other columns, if any): \"primaryKey\": [{}]", Value::String(crate::report::clip(key)), Value::String(column.clone())))
        } else if is(FOREIGN_KEY_FIELDS) {
            let (referenced_table, referenced_column) = referenced_of(value);
            let json = |v: Option<String>, placeholder: &str| {
                v.map_or(placeholder.to_string(), |v| Value::String(v).to_string())
            };
            // The actions it gives, in the reference or beside it on the column: left out of
            // the suggestion, pasted as given, the key would be made without them.
            let mut actions = String::new();
            let mut left_out = Vec::new();
            for (field, spellings) in [
                ("onDelete", ["onDelete", "on_delete", "ondelete"]),
                ("onUpdate", ["onUpdate", "on_update", "onupdate"]),
            ] {
                let given = spellings.iter().find_map(|k| {
                    value
                        .get(k)
                        .or_else(|| column_object.get(*k))
                        .and_then(Value::as_str)
                });
                // As the spec spells it (`cascade`, `set_null` pasted as given were refused:
                // INVALID_SPEC, a user trial), or left out, and said so, when it is none.
                if let Some(action) = given {
                    match spelt_action(action) {
                        Some(a) => actions.push_str(&format!(", \"{field}\": \"{}\"", a.as_str())),
                        None => left_out.push(format!(
                            "{field} {} is left out: it is not one of 'CASCADE', 'SET NULL', 'RESTRICT' or 'NO ACTION'",
                            Value::String(crate::report::clip(action))
                        )),
                    }
                }
            }
            let left_out = if left_out.is_empty() {
                String::new()
            } else {
                format!(" ({})", left_out.join("; "))
            };
            // The JSON last, the prose before it (what is left out of it too).
            Some(format!(
                "foreign keys are the table's: remove {} from the column, and add to foreignKeys{table}{left_out}: {{ \"columns\": [\"{column}\"], \"referencedTable\": {}, \"referencedColumns\": [{}]{actions} }}",
                Value::String(crate::report::clip(key)),
                json(referenced_table, "…"),
                json(referenced_column, "…")
            ))
        } else if is(INDEX_FIELDS) {
            let name = self.table.as_deref().map_or(String::new(), |t| {
                Value::String(format!("idx_{}_{}", crate::report::clip(t), column)).to_string()
            });
            Some(format!("indexes are the table's: remove {} from the column, and add to indexes{table}: {{ \"name\": {name}, \"columns\": [\"{column}\"] }}", Value::String(crate::report::clip(key))))
        } else if is(&["check", "checks", "checkConstraint", "checkConstraints"]) {
            Some(format!("CHECK constraints are the table's: add {{ name, expression }} to checkConstraints{table}"))
        } else {
            None
        }
    }

    fn required_string(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        what: Where<'_>,
    ) -> Option<String> {
        match obj.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.invalid(
                    format!("{what}.{key} must be a string, not {}", kind(other)),
                    "give it as a string",
                );
                None
            }
            None => {
                self.invalid(format!("{what}.{key} is missing"), "add it (a string)");
                None
            }
        }
    }

    fn optional_string(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        what: Where<'_>,
    ) -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.invalid(
                    format!("{what}.{key} must be a string, not {}", kind(other)),
                    "give it as a string or leave it out",
                );
                None
            }
        }
    }

    fn optional_bool(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        what: Where<'_>,
    ) -> Option<bool> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.invalid(
                    format!("{what}.{key} must be true or false, not {}", kind(other)),
                    "give it as a boolean or leave it out",
                );
                None
            }
        }
    }

    fn required_bool(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        what: Where<'_>,
    ) -> Option<bool> {
        match obj.get(key) {
            None => {
                self.invalid(format!("{what}.{key} is missing"), "add it (true or false)");
                None
            }
            // Not "left out": a required field that is null (NaN and undefined become null in
            // JSON.stringify) would otherwise drop what it belongs to without a word.
            Some(Value::Null) => {
                self.invalid(
                    format!("{what}.{key} must be true or false, not null"),
                    "give it as true or false",
                );
                None
            }
            // Required: "leave it out", optional_bool's suggestion, would be an error too.
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                let string_of_a_boolean = matches!(other, Value::String(t) if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false"));
                self.invalid(
                    format!("{what}.{key} must be true or false, not {}", kind(other)),
                    if string_of_a_boolean {
                        "write true or false without quotes"
                    } else {
                        "give it as true or false"
                    },
                );
                None
            }
        }
    }

    fn optional_u32(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        what: Where<'_>,
        max: u32,
    ) -> Option<u32> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) if v <= max as u64 => Some(v as u32),
                _ => {
                    self.invalid(
                        format!("{what}.{key} must be a whole number from 0 to {max}, not {n}"),
                        "fix the number",
                    );
                    None
                }
            },
            Some(other) => {
                self.invalid(
                    format!("{what}.{key} must be a number, not {}", kind(other)),
                    "give it as a number",
                );
                None
            }
        }
    }

    fn required_enum<T>(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        what: Where<'_>,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        match obj.get(key) {
            None => {
                self.invalid(
                    format!("{what}.{key} is missing"),
                    &format!("add it: {allowed}"),
                );
                None
            }
            Some(Value::Null) => {
                self.invalid(
                    format!("{what}.{key} must be one of {allowed}, not null"),
                    &format!("give one of {allowed}"),
                );
                None
            }
            Some(_) => self.optional_enum(obj, key, what, parse, allowed),
        }
    }

    fn optional_enum<T>(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        what: Where<'_>,
        parse: fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => {
                let parsed = parse(s);
                if parsed.is_none() {
                    let choices: Vec<&str> = allowed.split('\'').skip(1).step_by(2).collect();
                    let suggestion = match did_you_mean(s, &choices) {
                        Some(c) => format!("did you mean '{c}'? (one of {allowed})"),
                        None => format!("use one of {allowed}"),
                    };
                    self.invalid(
                        format!(
                            "{what}.{key} is '{}', which is not one of {allowed}",
                            crate::report::clip(s)
                        ),
                        &suggestion,
                    );
                }
                parsed
            }
            Some(other) => {
                self.invalid(
                    format!("{what}.{key} must be a string, not {}", kind(other)),
                    &format!("use one of {allowed}"),
                );
                None
            }
        }
    }

    fn string_list(
        &mut self,
        obj: &Map<String, Value>,
        key: &str,
        what: Where<'_>,
        required: bool,
    ) -> Option<Vec<String>> {
        match obj.get(key) {
            None | Some(Value::Null) if !required => None,
            None | Some(Value::Null) => {
                self.invalid(
                    format!("{what}.{key} is missing"),
                    "add it (an array of column names)",
                );
                None
            }
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        other => {
                            self.invalid(
                                format!("{what}.{key} must hold strings, not {}", kind(other)),
                                "list column names as strings",
                            );
                            return None;
                        }
                    }
                }
                if out.is_empty() {
                    self.invalid(format!("{what}.{key} is empty"), "list at least one column");
                    return None;
                }
                Some(out)
            }
            Some(other) => {
                self.invalid(
                    format!(
                        "{what}.{key} must be an array of strings, not {}",
                        kind(other)
                    ),
                    "list column names in an array",
                );
                None
            }
        }
    }

    fn objects<'v>(
        &mut self,
        obj: &'v Map<String, Value>,
        key: &str,
        what: Where<'_>,
    ) -> Vec<(usize, &'v Map<String, Value>)> {
        match obj.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item.as_object() {
                        Some(o) => out.push((i, o)),
                        None => self.invalid(
                            format!("{what}.{key}[{i}] must be an object, not {}", kind(item)),
                            "give each entry as an object",
                        ),
                    }
                }
                out
            }
            Some(other) => {
                self.invalid(
                    format!("{what}.{key} must be an array, not {}", kind(other)),
                    "give it as an array",
                );
                Vec::new()
            }
        }
    }

    fn table(&mut self, value: &Value, index: usize) -> Option<Table> {
        self.renamed_columns.clear();
        self.table = None;
        self.column = None;
        self.misplaced.clear();
        self.unsure_columns.clear();
        let Some(obj) = value.as_object() else {
            self.invalid(
                format!(
                    "spec.tables[{index}] must be an object, not {}",
                    kind(value)
                ),
                "give each table as a TableDefinition object",
            );
            return None;
        };
        let (obj, read_instead) =
            field_aliases::read_aliases(obj, field_aliases::Object::Table, &["name", "columns"]);
        let obj = obj.as_ref();
        let name = self.required_string(obj, "name", Where::TableAt(index))?;
        self.table = Some(name.clone());
        let table_name = name.clone();
        let what = Where::Table(&table_name);
        self.say_read_instead(read_instead, Where::TableAt(index));
        self.unknown_fields(
            obj,
            what,
            &[
                "name",
                "description",
                "columns",
                "primaryKey",
                "primaryKeyName",
                "foreignKeys",
                "uniqueConstraints",
                "checkConstraints",
                "indexes",
                "timestamps",
                "existing",
                "renamedFrom",
            ],
        );
        let description = self.optional_string(obj, "description", what);
        let timestamps = self.optional_bool(obj, "timestamps", what);
        let existing = self.optional_bool(obj, "existing", what).unwrap_or(false);
        let renamed_from = self.optional_string(obj, "renamedFrom", what);
        let primary_key = self
            .string_list(obj, "primaryKey", what, false)
            .unwrap_or_default();
        self.primary_key.clone_from(&primary_key);
        let primary_key_name = self.optional_string(obj, "primaryKeyName", what);

        let mut columns = Vec::new();
        match obj.get("columns") {
            Some(Value::Array(items)) => {
                if items.len() > limits::MAX_COLUMNS_PER_TABLE {
                    self.issue(Issue::error(
                        Code::LimitExceeded,
                        format!(
                            "the table has {} columns; the limit is {}",
                            items.len(),
                            limits::MAX_COLUMNS_PER_TABLE
                        ),
                    ).suggest("split the table in two, joined by its key: this generator's limit is below SQLite's 2,000 columns and PostgreSQL's 1,600 (MySQL's InnoDB takes 1,017)"));
                    return None;
                }
                // The columns read with a name so far, whether kept or not.
                let mut named = 0;
                for (i, item) in items.iter().enumerate() {
                    if let Some((c, kept)) = self.column(item, i, &table_name) {
                        if self.column_errors {
                            self.unsure_columns.push((named, kept, c.clone()));
                        }
                        if kept {
                            columns.push(c);
                        }
                        named += 1;
                    }
                    self.column = None;
                    self.column_errors = false;
                }
                if items.is_empty() {
                    self.invalid(format!("{what} has no columns"), "list at least one column");
                }
            }
            Some(other) => self.invalid(
                format!("{what}.columns must be an array, not {}", kind(other)),
                "list the columns in an array",
            ),
            None => self.invalid(format!("{what}.columns is missing"), "add columns: [...]"),
        }

        let mut foreign_keys = Vec::new();
        for (i, fk) in self.objects(obj, "foreignKeys", what) {
            let w = Where::Entry(&table_name, "foreignKeys", i);
            let said_before = (self.report.errors.len(), self.report.warnings.len());
            let (fk, read_instead) = field_aliases::read_aliases(
                fk,
                field_aliases::Object::ForeignKey,
                &["columns", "referencedTable", "referencedColumns"],
            );
            let fk = fk.as_ref();
            self.say_read_instead(read_instead, w);
            self.unknown_fields(
                fk,
                w,
                &[
                    "columns",
                    "referencedTable",
                    "referencedColumns",
                    "onDelete",
                    "onUpdate",
                    "name",
                ],
            );
            let actions = "'CASCADE', 'SET NULL', 'RESTRICT' or 'NO ACTION'";
            let columns = self.string_list(fk, "columns", w, true);
            let referenced_table = self.required_string(fk, "referencedTable", w);
            let referenced_columns = self.string_list(fk, "referencedColumns", w, true);
            let on_delete = self.optional_enum(fk, "onDelete", w, FkAction::parse, actions);
            let on_update = self.optional_enum(fk, "onUpdate", w, FkAction::parse, actions);
            let name = self.optional_string(fk, "name", w);
            // What is said of the key names it, as validation's issues about a key do (the
            // generated name when it has none).
            let constraint = name
                .clone()
                .or_else(|| (columns.as_ref()).map(|c| format!("fk_{table_name}_{}", c.join("_"))));
            if let Some(constraint) = constraint {
                let (errors, warnings) = said_before;
                let report = &mut self.report;
                for issue in (report.errors.iter_mut().skip(errors))
                    .chain(report.warnings.iter_mut().skip(warnings))
                {
                    issue.constraint.get_or_insert_with(|| constraint.clone());
                }
            }
            if let (Some(columns), Some(referenced_table), Some(referenced_columns)) =
                (columns, referenced_table, referenced_columns)
            {
                foreign_keys.push(ForeignKey {
                    columns,
                    referenced_table,
                    referenced_columns,
                    on_delete,
                    on_update,
                    name,
                });
            }
        }

        let mut unique_constraints = Vec::new();
        for (i, u) in self.objects(obj, "uniqueConstraints", what) {
            let w = Where::Entry(&table_name, "uniqueConstraints", i);
            self.unknown_fields(u, w, &["name", "columns"]);
            let name = self.required_string(u, "name", w);
            let columns = self.string_list(u, "columns", w, true);
            if let (Some(name), Some(columns)) = (name, columns) {
                unique_constraints.push(UniqueConstraint { name, columns });
            }
        }

        let mut check_constraints = Vec::new();
        for (i, c) in self.objects(obj, "checkConstraints", what) {
            let w = Where::Entry(&table_name, "checkConstraints", i);
            self.unknown_fields(c, w, &["name", "expression"]);
            let name = self.required_string(c, "name", w);
            let expression = self.required_string(c, "expression", w);
            if let (Some(name), Some(expression)) = (name, expression) {
                check_constraints.push(CheckConstraint { name, expression });
            }
        }

        let mut indexes = Vec::new();
        for (i, ix) in self.objects(obj, "indexes", what) {
            let w = Where::Entry(&table_name, "indexes", i);
            self.unknown_fields(ix, w, &["name", "columns", "unique", "type", "where"]);
            let name = self.required_string(ix, "name", w);
            let columns = self.string_list(ix, "columns", w, true);
            let unique = self.optional_bool(ix, "unique", w).unwrap_or(false);
            let method = self.optional_enum(
                ix,
                "type",
                w,
                IndexType::parse,
                "'btree', 'hash', 'gin' or 'gist'",
            );
            let predicate = self.optional_string(ix, "where", w);
            if let (Some(name), Some(columns)) = (name, columns) {
                indexes.push(Index {
                    name,
                    columns,
                    unique,
                    method,
                    predicate,
                });
            }
        }

        self.say_misplaced(
            &foreign_keys,
            &indexes,
            &unique_constraints,
            &check_constraints,
        );
        Some(Table {
            name,
            description,
            columns,
            primary_key,
            primary_key_name,
            foreign_keys,
            unique_constraints,
            check_constraints,
            indexes,
            timestamps,
            existing,
            declared_types: None,
            renamed_columns: std::mem::take(&mut self.renamed_columns),
            renamed_from,
        })
    }

    /// A column as read, and whether the table keeps it (its type and nullability were read);
    /// `None` for one without a name. `column_errors` says whether it had an error.
    fn column(&mut self, value: &Value, index: usize, table_name: &str) -> Option<(Column, bool)> {
        let Some(obj) = value.as_object() else {
            self.invalid(
                format!(
                    "{} must be an object, not {}",
                    Where::ColumnAt(table_name, index),
                    kind(value)
                ),
                "give each column as a ColumnDefinition object",
            );
            return None;
        };
        let (obj, read_instead) = field_aliases::read_aliases(
            obj,
            field_aliases::Object::Column,
            &["name", "type", "nullable"],
        );
        let obj = obj.as_ref();
        let name = self.required_string(obj, "name", Where::ColumnAt(table_name, index))?;
        self.column = Some(name.clone());
        let column_name = name.clone();
        let what = Where::Column(&column_name);
        self.say_read_instead(read_instead, Where::ColumnAt(table_name, index));
        self.unknown_fields(
            obj,
            what,
            &[
                "name",
                "type",
                "nullable",
                "default",
                "unique",
                "autoIncrement",
                "description",
                "renamedFrom",
                "length",
                "precision",
                "scale",
            ],
        );
        let ty = match obj.get("type") {
            Some(Value::String(s)) => match ColumnType::parse(s) {
                Some(t) => Some(t),
                None => {
                    let upper = s.to_ascii_uppercase();
                    let names: Vec<&str> = ColumnType::ALL.iter().map(|t| t.as_str()).collect();
                    let suggestion = match ColumnType::parse(&upper) {
                        Some(t) => format!("did you mean '{}'?", t.as_str()),
                        // An autoIncrement column is NOT NULL: said at once where the
                        // column is not (nullable, or not said), which pasted as it stood was
                        // the next report's error (NULLABLE_PRIMARY_KEY, a user trial).
                        None if upper == "SERIAL" || upper == "BIGSERIAL" => format!(
                            "write \"type\": \"{}\", \"autoIncrement\": true{}",
                            if upper == "SERIAL" {
                                "INTEGER"
                            } else {
                                "BIGINT"
                            },
                            if obj.get("nullable") == Some(&Value::Bool(false)) {
                                ""
                            } else {
                                ", \"nullable\": false"
                            }
                        ),
                        None if type_with_parameters(&upper).is_some() => {
                            type_with_parameters(&upper).unwrap_or_default()
                        }
                        None if is_zoned_timestamp(&upper) => "the spec has no type with a time zone: TIMESTAMP is without one (PostgreSQL's TIMESTAMP, MySQL's DATETIME); store UTC in a TIMESTAMP, or the zone in a column of its own".to_string(),
                        None if upper.trim_end().ends_with("[]") => "the spec has no array types: use JSON or JSONB for a list".to_string(),
                        None if other_type(&upper).is_some() => other_type(&upper).unwrap_or_default(),
                        None if did_you_mean(&upper, &names).is_some() => format!(
                            "did you mean '{}'?",
                            did_you_mean(&upper, &names).unwrap_or_default()
                        ),
                        None => format!(
                            "use one of {}",
                            ColumnType::ALL
                                .iter()
                                .map(|t| t.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.issue(
                        Issue::error(
                            Code::TypeMismatch,
                            format!("'{}' is not a column type", crate::report::clip(s)),
                        )
                        .suggest(suggestion),
                    );
                    None
                }
            },
            Some(other) => {
                self.invalid(
                    format!("{what}.type must be a string, not {}", kind(other)),
                    "give the type as a string such as 'TEXT'",
                );
                None
            }
            None => {
                self.invalid(
                    format!("{what}.type is missing"),
                    "add type (for example 'TEXT' or 'INTEGER')",
                );
                None
            }
        };
        let nullable = self.required_bool(obj, "nullable", what);
        let unique = self.optional_bool(obj, "unique", what).unwrap_or(false);
        let auto_increment = self
            .optional_bool(obj, "autoIncrement", what)
            .unwrap_or(false);
        let description = self.optional_string(obj, "description", what);
        if let Some(old) = self.optional_string(obj, "renamedFrom", what) {
            self.renamed_columns.push((old, name.clone()));
        }
        let length = self.optional_u32(obj, "length", what, limits::MAX_LENGTH);
        let precision = self.optional_u32(obj, "precision", what, 1000);
        let scale = match obj.get("scale").and_then(Value::as_i64).filter(|&s| s < 0) {
            // PostgreSQL 15's rounding before the point, which no other database here has.
            Some(negative) => {
                self.invalid(
                    format!("{what}.scale is {negative}: a negative scale (rounding to tens, hundreds, …) is PostgreSQL 15's alone; MySQL, MariaDB and PostgreSQL before 15 refuse it, and a spec is for every database"),
                    "give scale 0 (whole numbers) and round the values before they are written, or add a CHECK that keeps the multiples you want",
                );
                None
            }
            None => self.optional_u32(obj, "scale", what, 1000),
        };
        let default = match obj.get("default") {
            None => None,
            Some(v) => self.default_value(v, what),
        };
        let kept = ty.is_some() && nullable.is_some();
        Some((
            Column {
                name,
                ty: ty.unwrap_or(ColumnType::Integer),
                length,
                precision,
                scale,
                nullable: nullable.unwrap_or(false),
                default,
                unique,
                auto_increment,
                description,
                auto_timestamp: false,
            },
            kept,
        ))
    }

    fn default_value(&mut self, v: &Value, what: Where<'_>) -> Option<DefaultValue> {
        Some(match v {
            Value::Null => DefaultValue::Null,
            Value::Bool(b) => DefaultValue::Bool(*b),
            Value::Number(n) => DefaultValue::Number(n.to_string()),
            Value::String(s) => match NowKind::parse(s) {
                Some(kind) => DefaultValue::Now(kind),
                None => DefaultValue::Str(s.clone()),
            },
            Value::Object(o) => match (o.get("expression"), o.len()) {
                (Some(Value::String(e)), 1) => DefaultValue::Expression(e.clone()),
                _ => {
                    // An object without `expression` is most likely a JSON value meant as
                    // the default (`default: {}`); one with it, a mistyped expression.
                    let suggestion = if o.contains_key("expression") {
                        "write a raw SQL default as { \"expression\": \"...\" }, with nothing else in the object"
                    } else {
                        "for a JSON default, give the JSON text as a string (\"{}\", JSON.stringify(value)); for a raw SQL default, { \"expression\": \"...\" }"
                    };
                    self.issue(
                        Issue::error(Code::InvalidDefault, format!("{what}.default must be a string, number, boolean, null or {{ expression: string }}"))
                            .suggest(suggestion),
                    );
                    return None;
                }
            },
            Value::Array(_) => {
                self.issue(
                    Issue::error(Code::InvalidDefault, format!("{what}.default must be a string, number, boolean, null or {{ expression: string }}, not an array"))
                        .suggest("for a JSON default, give the JSON text as a string"),
                );
                return None;
            }
        })
    }
}

/// Levenshtein distance, for "did you mean" on short field names.
/// Edits (a letter added, removed, changed, or two neighbours swapped) from `a` to `b`: `JOSN`
/// is one from `JSON`. Words over 40 bytes are never near.
fn edit_distance(a: &str, b: &str) -> usize {
    if a.len() > 40 || b.len() > 40 {
        return usize::MAX;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: edits from a[..i] to b[..j] (optimal string alignment).
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j - 1] + cost)
                .min(rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// A column's fields that say it is in a foreign key.
const FOREIGN_KEY_FIELDS: &[&str] = &[
    "references",
    "foreignKey",
    "foreignKeys",
    "foreign_key",
    "referencedTable",
    "fk",
];

/// A column's fields that say it is indexed.
const INDEX_FIELDS: &[&str] = &["index", "indexed", "indexes"];

/// Whether a column's field says the column is the primary key (`primaryKey: true`).
fn is_primary_key_field(key: &str) -> bool {
    ["primaryKey", "primary_key", "primary", "pk", "isPrimaryKey"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(key))
}

/// The table and column a column-level foreign key names, as far as it says them:
/// `{ "table": "countries", "column": "code" }` (or `model`/`referencedTable`,
/// `field`/`columns`/`referencedColumn(s)`), `"countries(code)"` or `"countries.code"`.
fn referenced_of(value: &Value) -> (Option<String>, Option<String>) {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => Some(crate::report::clip(s)),
        Some(Value::Array(items)) if items.len() == 1 => items[0].as_str().map(crate::report::clip),
        _ => None,
    };
    match value {
        Value::Object(o) => {
            let first = |keys: &[&str]| keys.iter().find_map(|k| text(o.get(*k)));
            (
                first(&["table", "referencedTable", "model", "references"]),
                first(&[
                    "column",
                    "columns",
                    "field",
                    "referencedColumn",
                    "referencedColumns",
                    "key",
                ]),
            )
        }
        Value::String(s) => {
            let s = s.trim();
            let (t, c) = match s.split_once('(') {
                Some((t, rest)) => (t, rest.strip_suffix(')').unwrap_or(rest)),
                None => s.split_once('.').unwrap_or((s, "")),
            };
            let word = |w: &str| (!w.trim().is_empty()).then(|| crate::report::clip(w.trim()));
            (word(t), word(c))
        }
        _ => (None, None),
    }
}

/// Words near a type's name by their letters that name something else.
const NOT_NEAR_A_TYPE: &[&str] = &[
    "DATA", "NAME", "PATH", "LIST", "LINE", "TEST", "BYTE", "BYTES",
];

/// The choice `given` most likely meant: the same word in another case or with `_`/`-` for a
/// space, a usual other name (`postgres`, `mariadb`, `sqlite3`, `string`, `bool`, `float`), or
/// the one choice that is its plural or singular (`s` or `es` added or an `s` taken off, at any
/// length), or the one choice one edit away (words of four or five letters) or two (longer
/// words).
pub(crate) fn did_you_mean<'c>(given: &str, choices: &[&'c str]) -> Option<&'c str> {
    let norm = |s: &str| s.to_ascii_uppercase().replace(['_', '-'], " ");
    let g = norm(given.trim());
    if let Some(c) = choices.iter().find(|c| norm(c) == g) {
        return Some(c);
    }
    let alias = match g.as_ref() {
        "POSTGRES" | "PG" | "PSQL" | "POSTGRE" | "PGSQL" => "POSTGRESQL",
        "MARIADB" | "MARIA" => "MYSQL",
        "SQLITE3" | "SQL LITE" => "SQLITE",
        "STRING" | "STR" | "CHARACTER VARYING" => "TEXT",
        "BOOL" => "BOOLEAN",
        "BYTEA" | "VARBINARY" | "BINARY" | "LONGBLOB" | "MEDIUMBLOB" | "TINYBLOB" => "BLOB",
        "LONGTEXT" | "MEDIUMTEXT" | "TINYTEXT" | "CLOB" | "CITEXT" => "TEXT",
        "FLOAT" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" | "FLOAT4" => "REAL",
        "INT4" | "SMALLINT" | "MEDIUMINT" | "SERIAL" => "INTEGER",
        "INT8" | "BIGSERIAL" => "BIGINT",
        "TIMESTAMPTZ" => "TIMESTAMP",
        "TXT" => "TEXT",
        "NUMBER" | "MONEY" | "DEC" => "DECIMAL",
        _ => "",
    };
    if let Some(c) = choices
        .iter()
        .find(|c| !alias.is_empty() && norm(c) == alias)
    {
        return Some(c);
    }
    // One and many of the same thing, at any length (`org` for `orgs`, `tags` for `tag`): a
    // table's name, most often.
    let plural = |c: &&&str| {
        let c = norm(c);
        !g.is_empty()
            && (c == format!("{g}S")
                || c == format!("{g}ES")
                || g.strip_suffix('S')
                    .is_some_and(|one| !one.is_empty() && c == one))
    };
    let mut plurals = choices.iter().filter(plural);
    if let (Some(c), None) = (plurals.next(), plurals.next()) {
        return Some(c);
    }
    // Words a type is often confused with, near a type only by their letters (DATA, NAME and
    // PATH are within two letters of DATE; a user trial followed "did you mean 'DATE'?").
    if g.len() < 4 || NOT_NEAR_A_TYPE.contains(&g.as_ref()) {
        return None;
    }
    // Short words within two letters of each other are many: one letter, for them.
    let most = if g.len() <= 5 { 1 } else { 2 };
    let mut near = choices
        .iter()
        .filter(|c| c.len().abs_diff(g.len()) <= most && edit_distance(&norm(c), &g) <= most);
    match (near.next(), near.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// A foreign key action as the spec spells it, from any case and `_` or `-` for a space
/// (`cascade`, `set_null`, `No Action`); `None` for none of them.
fn spelt_action(given: &str) -> Option<FkAction> {
    let words: Vec<String> = given
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    FkAction::parse(&words.join(" "))
}

/// For a type written with its parameters (`VARCHAR(36)`, `DECIMAL(10, 2)`), the spec's way of
/// writing it.
fn type_with_parameters(upper: &str) -> Option<String> {
    let (name, rest) = upper.trim().split_once('(')?;
    let args = rest.trim_end().strip_suffix(')')?;
    let ty = ColumnType::parse(name.trim())?;
    let numbers: Vec<&str> = args.split(',').map(str::trim).collect();
    if numbers
        .iter()
        .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let name = ty.as_str();
    // The numbers as given, or, out of the range every database takes, a value in it: pasted
    // as it stood, `"precision": 9` for TIMESTAMP(9) gave the next error (a user trial).
    let number = |n: &str| n.parse::<u64>().ok();
    Some(match numbers.as_slice() {
        [n] if ty.takes_length() => match number(n) {
            Some(0) => format!(
                "a length of 0 holds nothing; give the most characters a value has, for example 255: write \"type\": \"{name}\", \"length\": 255"
            ),
            _ => format!("write \"type\": \"{name}\", \"length\": {n}"),
        },
        [p] if ty.takes_precision() => match number(p) {
            Some(0) => format!(
                "the precision (the digits in all) is at least 1: write \"type\": \"{name}\", \"precision\": 1"
            ),
            _ => format!("write \"type\": \"{name}\", \"precision\": {p}"),
        },
        [p, s] if ty.takes_precision() => match (number(p), number(s)) {
            (Some(pn), Some(sn)) if sn > pn || pn == 0 => {
                let precision = pn.max(sn).max(1);
                format!(
                    "the scale (the digits after the point) is at most the precision (the digits in all), and {p} digits in all keep no {s} after the point: write \"type\": \"{name}\", \"precision\": {precision}, \"scale\": {s}"
                )
            }
            _ => format!("write \"type\": \"{name}\", \"precision\": {p}, \"scale\": {s}"),
        },
        ["1"] if ty == ColumnType::Tinyint => {
            "for a number, \"TINYINT\"; for a flag (MySQL's TINYINT(1)): write \"type\": \"BOOLEAN\"".to_string()
        }
        [p] if ty.takes_fractional_seconds() => match number(p) {
            Some(n) if n <= 6 => format!(
                "the precision is the digits of a second kept, 0 to 6: write \"type\": \"{name}\", \"precision\": {p}"
            ),
            _ => format!(
                "the precision is the digits of a second kept, 0 to 6 (the spec keeps no more than microseconds): write \"type\": \"{name}\", \"precision\": 6"
            ),
        },
        [_] if ty.is_integer() => format!(
            "the number in {name}(n) is a display width, which the spec does not take: write \"type\": \"{name}\""
        ),
        _ => format!("the spec takes no parameters for {name}: write \"type\": \"{name}\""),
    })
}

/// What to write for a type of a database's that the spec has no counterpart of and whose name
/// is near another's (`INET` is one edit from `INT`), or that carries a word the spec has no
/// field for (`BIGINT UNSIGNED`): a port of WordPress's and Mastodon's schemas met them.
fn other_type(upper: &str) -> Option<String> {
    let words: Vec<&str> = upper.split_whitespace().collect();
    Some(match words.as_slice() {
        ["INET" | "INET4" | "INET6" | "CIDR" | "MACADDR" | "MACADDR8"] => {
            "the spec has no network address type: use VARCHAR (length 45 holds any IP address as text) or TEXT".to_string()
        }
        ["ENUM" | "SET"] => {
            "the spec has no ENUM type: use TEXT (or VARCHAR) with a CHECK constraint such as \"status IN ('draft', 'published')\", which the generated types turn into a union of those strings".to_string()
        }
        ["ARRAY" | "LIST" | "OBJECT" | "MAP" | "HSTORE"] => {
            "the spec has no array or object types: use JSON (or JSONB on PostgreSQL)".to_string()
        }
        ["TIME" | "TIMETZ"] | ["TIME", "WITH" | "WITHOUT", "TIME", "ZONE"] => {
            "the spec has no TIME type: use VARCHAR of length 8 ('HH:MM:SS') or TEXT".to_string()
        }
        [base, rest @ ..] if rest.contains(&"UNSIGNED") => {
            // The signed type that holds the unsigned one's values (`INT(11) UNSIGNED`, up to
            // 2^32 − 1: BIGINT), as the spec spells it.
            let base = base.split('(').next().unwrap_or(base);
            let signed = match base {
                "TINYINT" | "SMALLINT" | "MEDIUMINT" => "INT",
                "INT" | "INTEGER" | "BIGINT" => "BIGINT",
                "DECIMAL" | "NUMERIC" | "DEC" => "DECIMAL",
                "FLOAT" | "DOUBLE" | "REAL" => "REAL",
                _ => return None,
            };
            format!("the spec has no UNSIGNED, and {signed} holds the values (a BIGINT UNSIGNED beyond 2^63 − 1 excepted; on MySQL, a foreign key from it to an existing UNSIGNED column is refused): write \"type\": \"{signed}\"")
        }
        _ => return None,
    })
}

/// Whether `upper` names a timestamp with a time zone (`TIMESTAMPTZ`, `TIMESTAMP WITH TIME
/// ZONE`), which the spec does not have: "did you mean 'TIMESTAMP'" would change what it means.
fn is_zoned_timestamp(upper: &str) -> bool {
    let words: Vec<&str> = upper.split_whitespace().collect();
    matches!(
        words.as_slice(),
        ["TIMESTAMPTZ"] | ["TIMESTAMP", "WITH", "TIME", "ZONE"]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> (Option<MigrationSpec>, Report) {
        let mut report = Report::default();
        let spec = parse_spec_str(json, &mut report);
        (spec, report)
    }

    #[test]
    fn parses_a_minimal_spec() {
        let (spec, report) = parse(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false,"default":null}],"primaryKey":["id"]}]}"#,
        );
        assert!(report.is_valid(), "{report:?}");
        let spec = spec.unwrap();
        assert_eq!(spec.tables[0].columns[0].default, Some(DefaultValue::Null));
        assert!(spec.timestamps);
    }

    /// A mistyped type or database names what it most likely meant, and a type written with its
    /// parameters says how the spec writes them.
    #[test]
    fn a_near_miss_gets_a_did_you_mean() {
        let suggestion = |db: &str, ty: &str| {
            let (_, report) = parse(&format!(
                r#"{{"description":"d","databaseType":"{db}","tables":[{{"name":"t","columns":[{{"name":"c","type":"{ty}","nullable":true}}]}}]}}"#
            ));
            report.errors[0].suggestion.clone().unwrap_or_default()
        };
        for (ty, want) in [
            ("INTEGR", "did you mean 'INTEGER'?"),
            ("varchr", "did you mean 'VARCHAR'?"),
            ("string", "did you mean 'TEXT'?"),
            ("bool", "did you mean 'BOOLEAN'?"),
            ("VARCHAR(36)", r#"write "type": "VARCHAR", "length": 36"#),
            (
                "decimal(10, 2)",
                r#"write "type": "DECIMAL", "precision": 10, "scale": 2"#,
            ),
            (
                // The column is nullable: what an autoIncrement column needs is said too.
                "serial",
                r#"write "type": "INTEGER", "autoIncrement": true, "nullable": false"#,
            ),
            // A user trial: TIMESTAMPTZ and TEXT[] were told TIMESTAMP and TEXT, which mean
            // something else. DATETIME(3) is the spec's precision 3.
            (
                "DATETIME(3)",
                r#"the precision is the digits of a second kept, 0 to 6: write "type": "DATETIME", "precision": 3"#,
            ),
            (
                "TIMESTAMP(9)",
                r#"the precision is the digits of a second kept, 0 to 6 (the spec keeps no more than microseconds): write "type": "TIMESTAMP", "precision": 6"#,
            ),
            (
                "VARCHAR(0)",
                r#"a length of 0 holds nothing; give the most characters a value has, for example 255: write "type": "VARCHAR", "length": 255"#,
            ),
            (
                "DECIMAL(5,7)",
                r#"the scale (the digits after the point) is at most the precision (the digits in all), and 5 digits in all keep no 7 after the point: write "type": "DECIMAL", "precision": 7, "scale": 7"#,
            ),
            (
                "int(11)",
                r#"the number in INT(n) is a display width, which the spec does not take: write "type": "INT""#,
            ),
            (
                "TINYINT(1)",
                r#"for a number, "TINYINT"; for a flag (MySQL's TINYINT(1)): write "type": "BOOLEAN""#,
            ),
            ("UUID(4)", r#"the spec takes no parameters for UUID: write "type": "UUID""#),
            ("timestamptz", "the spec has no type with a time zone: TIMESTAMP is without one (PostgreSQL's TIMESTAMP, MySQL's DATETIME); store UTC in a TIMESTAMP, or the zone in a column of its own"),
            ("timestamp with time zone", "the spec has no type with a time zone: TIMESTAMP is without one (PostgreSQL's TIMESTAMP, MySQL's DATETIME); store UTC in a TIMESTAMP, or the zone in a column of its own"),
            ("TEXT[]", "the spec has no array types: use JSON or JSONB for a list"),
            // A port of WordPress's and Mastodon's schemas: INET was told INT.
            ("INET", "the spec has no network address type: use VARCHAR (length 45 holds any IP address as text) or TEXT"),
            ("time", "the spec has no TIME type: use VARCHAR of length 8 ('HH:MM:SS') or TEXT"),
            ("BIGINT UNSIGNED", r#"the spec has no UNSIGNED, and BIGINT holds the values (a BIGINT UNSIGNED beyond 2^63 − 1 excepted; on MySQL, a foreign key from it to an existing UNSIGNED column is refused): write "type": "BIGINT""#),
            ("int(11) unsigned", r#"the spec has no UNSIGNED, and BIGINT holds the values (a BIGINT UNSIGNED beyond 2^63 − 1 excepted; on MySQL, a foreign key from it to an existing UNSIGNED column is refused): write "type": "BIGINT""#),
            ("DECIMAL(10,2) UNSIGNED", r#"the spec has no UNSIGNED, and DECIMAL holds the values (a BIGINT UNSIGNED beyond 2^63 − 1 excepted; on MySQL, a foreign key from it to an existing UNSIGNED column is refused): write "type": "DECIMAL""#),
            ("TINYINT UNSIGNED", r#"the spec has no UNSIGNED, and INT holds the values (a BIGINT UNSIGNED beyond 2^63 − 1 excepted; on MySQL, a foreign key from it to an existing UNSIGNED column is refused): write "type": "INT""#),
            ("INET6", "the spec has no network address type: use VARCHAR (length 45 holds any IP address as text) or TEXT"),
            ("BYTEA", "did you mean 'BLOB'?"),
            ("LONGTEXT", "did you mean 'TEXT'?"),
        ] {
            assert_eq!(suggestion("sqlite", ty), want, "{ty}");
        }
        assert!(suggestion("sqlite", "XYZ").starts_with("use one of TEXT, INTEGER"));
        for (db, want) in [
            ("postgres", "postgresql"),
            ("mariadb", "mysql"),
            ("sqlite3", "sqlite"),
            ("mysq", "mysql"),
        ] {
            assert!(
                suggestion(db, "TEXT").starts_with(&format!("did you mean '{want}'?")),
                "{db}: {}",
                suggestion(db, "TEXT")
            );
        }
        assert!(suggestion("oracle", "TEXT").starts_with("use one of"));
    }

    #[test]
    fn non_objects_and_bad_json_are_invalid_spec() {
        for text in ["null", "42", "[]", "\"x\"", "{", ""] {
            let (spec, report) = parse(text);
            assert!(spec.is_none(), "{text}");
            assert_eq!(report.errors[0].code, Code::InvalidSpec, "{text}");
        }
    }

    /// JSON.stringify writes half of a surrogate pair as a `\uD800`–`\uDFFF` escape, which is
    /// not text: said as such, not as JSON the caller never wrote.
    #[test]
    fn half_a_surrogate_pair_is_named() {
        for text in [
            r#"{"description":"a\ud800b","databaseType":"sqlite","tables":[]}"#,
            r#"{"description":"a\udc00","databaseType":"sqlite","tables":[]}"#,
            r#"{"description":"\ud800","databaseType":"sqlite","tables":[]}"#,
        ] {
            let (spec, report) = parse(text);
            assert!(spec.is_none(), "{text}");
            let e = &report.errors[0];
            assert_eq!(e.code, Code::InvalidSpec);
            assert!(
                e.message
                    .starts_with("a string in the spec holds half of a UTF-16 surrogate pair"),
                "{}",
                e.message
            );
        }
        // A whole pair is text.
        let (spec, report) =
            parse(r#"{"description":"a\ud83d\ude00","databaseType":"sqlite","tables":[]}"#);
        assert!(spec.is_some() && report.is_valid(), "{report:?}");
    }

    #[test]
    fn a_spec_that_cannot_be_read_keeps_its_description_and_now_as_strings_only() {
        let header = header_of(
            r#"{"description":"keep_me","databaseType":"oracle","now":"2026-01-02T03:04:05Z","tables":[{"x":[1,{}]}]}"#,
        );
        assert_eq!(
            header,
            Header {
                description: Some("keep_me".into()),
                now: Some("2026-01-02T03:04:05Z".into()),
            }
        );
        assert_eq!(
            header_of(r#"{"description":7,"now":null}"#),
            Header::default()
        );
        assert_eq!(header_of("[1]"), Header::default());
        assert_eq!(header_of("{not json"), Header::default());
        let huge = format!(
            r#"{{"description":"d","pad":"{}"}}"#,
            "x".repeat(limits::MAX_SPEC_BYTES)
        );
        assert_eq!(header_of(&huge), Header::default());
    }

    #[test]
    fn wrong_field_types_name_table_and_column() {
        let (_, report) = parse(
            r#"{"description":"d","databaseType":"oracle","tables":[{"name":"t","columns":[{"name":"c","type":"TXT","nullable":"no"}]}]}"#,
        );
        let codes: Vec<_> = report.errors.iter().map(|e| e.code).collect();
        assert!(codes.contains(&Code::InvalidSpec));
        assert!(codes.contains(&Code::TypeMismatch));
        let tm = report
            .errors
            .iter()
            .find(|e| e.code == Code::TypeMismatch)
            .unwrap();
        assert_eq!(tm.table.as_deref(), Some("t"));
        assert_eq!(tm.column.as_deref(), Some("c"));
    }

    #[test]
    fn a_required_field_that_is_null_is_refused_not_left_out() {
        // nullable: null (what JSON.stringify makes of NaN) dropped the column without a word.
        let (spec, report) = parse(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"e","type":"TEXT","nullable":null}]}]}"#,
        );
        assert!(spec.is_none() || !report.is_valid());
        let e = &report.errors[0];
        assert_eq!(e.code, Code::InvalidSpec);
        assert!(
            e.message
                .contains("nullable must be true or false, not null"),
            "{}",
            e.message
        );
        assert_eq!(e.column.as_deref(), Some("e"));
        let (_, report) = parse(r#"{"description":"d","databaseType":null,"tables":[]}"#);
        assert!(
            report.errors[0]
                .message
                .contains("databaseType must be one of")
                && report.errors[0].message.ends_with("not null"),
            "{report:?}"
        );
    }

    /// Two neighbouring letters swapped are one edit (`JOSN`, `DTAE`), as one letter wrong is;
    /// a word with no alias is never matched to an empty choice (a table named "").
    #[test]
    fn swapped_letters_are_near() {
        let types: Vec<&str> = ColumnType::ALL.iter().map(|t| t.as_str()).collect();
        for (given, meant) in [
            ("JOSN", "JSON"),
            ("DTAE", "DATE"),
            ("TETX", "TEXT"),
            ("UIUD", "UUID"),
            ("CAHR", "CHAR"),
        ] {
            assert_eq!(did_you_mean(given, &types), Some(meant), "{given}");
        }
        for given in ["DATA", "NAME", "PATH"] {
            assert_eq!(did_you_mean(given, &types), None, "{given}");
        }
        assert_eq!(edit_distance("ABCD", "BADC"), 2);
        assert_eq!(did_you_mean("zzz_unknown", &["", "b"]), None);
    }

    /// A user trial's foreign keys to `org` and `tag` got no "did you mean" (words under four
    /// letters got none), while `user` got 'users'.
    #[test]
    fn one_and_many_are_near_at_any_length() {
        let tables = ["orgs", "tags", "users", "boxes", "news", "Items"];
        for (given, meant) in [
            ("org", "orgs"),
            ("tag", "tags"),
            ("TAG", "tags"),
            ("user", "users"),
            ("box", "boxes"),
            ("item", "Items"),
            ("new", "news"),
        ] {
            assert_eq!(did_you_mean(given, &tables), Some(meant), "{given}");
        }
        assert_eq!(did_you_mean("orgss", &["orgs"]), Some("orgs"));
        // Only one match is offered.
        assert_eq!(did_you_mean("bus", &["bu", "buses"]), None);
        assert_eq!(did_you_mean("s", &["", "ss"]), Some("ss"));
        assert_eq!(did_you_mean("ox", &["oxen"]), None);
    }

    #[test]
    fn lowercase_type_gets_a_did_you_mean() {
        let (_, report) = parse(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[{"name":"c","type":"varchar","nullable":true}]}]}"#,
        );
        assert_eq!(
            report.errors[0].suggestion.as_deref(),
            Some("did you mean 'VARCHAR'?")
        );
    }

    #[test]
    fn unknown_fields_beyond_the_tenth_are_said_together() {
        let keys: Vec<String> = (0..100_000).map(|i| format!(r#""k{i}":0"#)).collect();
        let (_, report) = parse(&format!(
            r#"{{"description":"d","databaseType":"sqlite","tables":[],{}}}"#,
            keys.join(",")
        ));
        assert_eq!(report.warnings.len(), UNKNOWN_FIELDS_SAID + 1);
        assert!(report.warnings.iter().all(|w| w.code == Code::UnknownField));
        let last = &report.warnings[UNKNOWN_FIELDS_SAID].message;
        assert!(
            last.starts_with("spec has 99990 more unknown fields ('k")
                && last.ends_with("' and 99989 others), ignored"),
            "{last}"
        );
        let (_, report) = parse(
            r#"{"description":"d","databaseType":"sqlite","tables":[],"a":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"j":0,"k":0}"#,
        );
        assert_eq!(
            report.warnings.last().unwrap().message,
            "spec has 1 more unknown field ('k'), ignored"
        );
    }

    #[test]
    fn unknown_fields_warn_with_near_miss() {
        let (_, report) = parse(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[{"name":"c","type":"TEXT","nullable":true,"nulable":true}]}]}"#,
        );
        let w = &report.warnings[0];
        assert_eq!(w.code, Code::UnknownField);
        assert_eq!(w.suggestion.as_deref(), Some("did you mean 'nullable'?"));
    }

    /// A user trial wrote `primaryKey: true` on a column and was told only the known fields.
    #[test]
    fn table_fields_on_a_column_point_to_the_table() {
        let said = |field: &str, value: &str| {
            let (spec, report) = parse(&format!(
                r#"{{"description":"d","databaseType":"sqlite","tables":[{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"{field}":{value}}}],"primaryKey":["id"]}}]}}"#
            ));
            assert!(spec.is_some());
            let issue = report
                .errors
                .first()
                .or(report.warnings.first())
                .unwrap()
                .clone();
            (issue, report)
        };
        // A key, foreign key, index or CHECK on a column is an error: ignored, it would leave
        // the table without it, and the spec valid.
        let error = |field: &str, value: &str| {
            let (e, report) = said(field, value);
            assert_eq!(e.code, Code::InvalidSpec);
            assert_eq!(e.severity, Severity::Error);
            assert_eq!(
                e.message,
                format!("column 'id' has '{field}', which a column does not take: it would be ignored, and the table would be made without it")
            );
            assert!(report.warnings.is_empty(), "{report:?}");
            e.suggestion.unwrap_or_default()
        };
        // The table's primaryKey already lists the column: nothing is lost, a warning.
        for field in ["primaryKey", "primary_key"] {
            let (w, _) = said(field, "true");
            assert_eq!(
                (w.code, w.severity),
                (Code::UnknownField, Severity::Warning)
            );
            assert!(
                w.message.contains("already lists the column"),
                "{}",
                w.message
            );
        }
        // The JSON last, the prose before it.
        assert_eq!(
            error("references", "true"),
            "foreign keys are the table's: remove \"references\" from the column, and add to foreignKeys of table 't': { \"columns\": [\"id\"], \"referencedTable\": …, \"referencedColumns\": […] }"
        );
        // What the column's foreign key names is carried into the suggestion.
        let with_names = "foreign keys are the table's: remove \"references\" from the column, and add to foreignKeys of table 't': { \"columns\": [\"id\"], \"referencedTable\": \"countries\", \"referencedColumns\": [\"code\"] }";
        for value in [
            r#"{"table":"countries","column":"code"}"#,
            r#"{"referencedTable":"countries","referencedColumns":["code"]}"#,
            r#""countries(code)""#,
            r#""countries.code""#,
        ] {
            assert_eq!(error("references", value), with_names, "{value}");
        }
        assert_eq!(
            error("index", "true"),
            "indexes are the table's: remove \"index\" from the column, and add to indexes of table 't': { \"name\": \"idx_t_id\", \"columns\": [\"id\"] }"
        );
        assert_eq!(
            error("check", "\"id > 0\""),
            "CHECK constraints are the table's: add { name, expression } to checkConstraints of table 't'"
        );
        // Said false, such a field asks for nothing: a warning.
        let (w, _) = said("index", "false");
        assert_eq!(w.code, Code::UnknownField);
        assert_eq!(w.severity, Severity::Warning);
        // Other unknown fields keep their near miss.
        let (w, _) = said("uniq", "true");
        assert_eq!(w.code, Code::UnknownField);
        assert_eq!(w.suggestion.as_deref(), Some("did you mean 'unique'?"));
    }

    #[test]
    fn current_time_strings_and_expressions_are_recognised() {
        let (spec, _) = parse(
            r#"{"description":"d","databaseType":"sqlite","tables":[{"name":"t","columns":[
                {"name":"a","type":"TIMESTAMP","nullable":false,"default":"CURRENT_TIMESTAMP"},
                {"name":"b","type":"TEXT","nullable":false,"default":{"expression":"lower('X')"}},
                {"name":"c","type":"TEXT","nullable":false,"default":"current_timestamp"}]}]}"#,
        );
        let cols = &spec.unwrap().tables[0].columns;
        assert_eq!(cols[0].default, Some(DefaultValue::Now(NowKind::Timestamp)));
        assert_eq!(
            cols[1].default,
            Some(DefaultValue::Expression("lower('X')".into()))
        );
        assert_eq!(
            cols[2].default,
            Some(DefaultValue::Str("current_timestamp".into()))
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let (spec, report) = parse(&deep);
        assert!(spec.is_none());
        assert_eq!(report.errors[0].code, Code::InvalidSpec);
        assert!(
            report.errors[0]
                .message
                .starts_with("the spec is nested more than 127 levels deep"),
            "{}",
            report.errors[0].message
        );
    }

    /// A spec of well-formed JSON nested 128 levels (the spec itself, then 127 objects) is said
    /// to be too deep, not "not valid JSON"; 127 levels are read (an unknown field's warning).
    #[test]
    fn nesting_past_the_limit_is_named_as_such() {
        let nested = |levels: usize| {
            let inner = format!("{}{}", "{\"x\":".repeat(levels - 2), "{}");
            format!(
                r#"{{"description":"d","databaseType":"sqlite","tables":[],"extra":{inner}{}}}"#,
                "}".repeat(levels - 2)
            )
        };
        let (spec, report) = parse(&nested(MAX_NESTING));
        assert!(spec.is_some(), "{report:?}");
        let (spec, report) = parse(&nested(MAX_NESTING + 1));
        assert!(spec.is_none());
        assert_eq!(report.errors.len(), 1, "{report:?}");
        assert_eq!(report.errors[0].code, Code::InvalidSpec);
        assert!(
            report.errors[0]
                .message
                .starts_with("the spec is nested more than 127 levels deep"),
            "{}",
            report.errors[0].message
        );
    }
}
