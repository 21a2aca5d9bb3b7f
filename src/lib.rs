//! migration-generator's core: a JSON schema specification in, migration SQL for SQLite,
//! PostgreSQL or MySQL out, with the down migration, TypeScript types and a validation report.
//!
//! The core is pure Rust (no Node types outside `binding`), so `cargo test` runs without Node.
//! [`generate_parts`] is what the Node binding uses: JSON in, the result in pieces out (its
//! large texts as they are); [`generate_json`] and [`generate_str`] give it whole. None panics.

pub mod allocator;
pub mod base_schema;
pub mod builtin_functions;
pub mod catalog_text;
pub mod char_padding;
pub mod check_choices;
pub mod check_implies;
pub mod check_length;
pub mod collation_names;
pub mod column_order;
pub mod commit_order;
pub mod condition;
pub mod conversion;
pub mod create_table_text;
pub mod damaged_file;
pub mod defaults;
pub mod dialect;
pub mod diff;
pub mod down;
/// Forms sqlparser reads that the database refuses (used by [`expr`]).
pub(crate) mod engine_syntax;
pub mod expr;
pub(crate) mod field_aliases;
pub mod fk_cycles;
pub mod flush;
pub mod format;
pub(crate) mod index_renames;
pub mod integer_default_range;
pub mod introspect;
pub mod introspect_transfer;
pub mod json_split;
pub mod limits;
pub mod lock_wait;
pub(crate) mod mariadb_json_text;
pub mod mysql_check_strings;
pub mod mysql_collation_checks;
pub mod mysql_default_value;
pub mod mysql_json_paths;
pub mod mysql_key_text;
pub mod mysql_keys_left;
pub mod mysql_rows_guard;
pub mod output;
pub mod parallel;
pub mod parse;
mod pg_bytea_input;
pub mod pg_default_type;
mod pg_expr_type;
pub mod pg_fill_back;
pub mod pg_not_immutable;
pub mod plan;
pub mod pull;
pub mod pull_names;
pub mod pull_renamed;
pub mod quick_tokens;
pub mod rebuild_guard;
pub mod rebuild_number_check;
pub mod rebuild_rechecks;
pub mod report;
pub mod rows_offender;
pub mod rows_refuse_hints;
pub mod rows_refuse_new_key;
pub mod rows_trial;
pub mod server_effects;
pub mod spec;
pub mod spec_change;
pub mod spec_serde;
pub mod split_copy;
pub mod sqlite_atomic;
pub mod sqlite_file;
pub mod sqlite_memory;
pub mod sqlite_previous;
pub mod sqlite_probe;
pub mod sqlite_renames;
pub mod steps;
pub mod stored_statement;
pub mod table_drops;
#[cfg(test)]
mod test_rng;
pub mod text_given_back;
pub mod typescript;
pub mod validate;
pub mod verify;
pub mod word_table;
pub mod worker_pool;

mod binding;

/// Rust's allocations (not SQLite's, nor Node's) go to mimalloc: generating is allocation-heavy
/// (strings, sqlparser's tokens and syntax trees), and with the system allocator `malloc`/`free`
/// were about a fifth of the instructions; measured, PostgreSQL and MySQL generation got ~20%
/// faster. mimalloc 2 without transparent huge pages: it keeps freed memory for reuse, which
/// raised the peak memory of a 10,000-table generation; of the variants measured (mimalloc 3
/// with and without huge pages, 2 with), this one kept the least (bench/RESULTS.md).
/// Left out under `cargo fuzz` (cfg `fuzzing`) so AddressSanitizer sees every allocation.
#[cfg(not(fuzzing))]
#[global_allocator]
static ALLOCATOR: allocator::Mimalloc = allocator::Mimalloc;

/// Specs of at least this many tables hand freed memory back between phases
/// ([`release_freed_memory`]).
const LARGE_SPEC_TABLES: usize = 2_000;

/// Hands the memory freed so far back to the system. mimalloc keeps freed pages for reuse, and
/// the phases of a large generation free more than the next one takes (the spec's JSON text
/// after parsing, validation's name maps, the model before the scripts are joined): without
/// this, a 10,000-table generation's peak held all of them at once (measured from Node: peak
/// RSS 178 -> 164 MB). It walks the heap, so it is only worth it for large specs.
fn release_freed_memory() {
    #[cfg(not(fuzzing))]
    // SAFETY: mi_collect only returns unused pages of mimalloc's own heaps to the system.
    unsafe {
        libmimalloc_sys::mi_collect(true)
    }
}

use output::{
    Generated, GeneratedMigration, Metadata, Operation, OutsideTransaction, Parts, TableOperation,
    Validation,
};
use report::{Code, Issue, Report};
use spec::{Column, MigrationSpec, SelfCheck, Table};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Generates from a JSON text; the result as JSON. Never panics, whatever the input.
pub fn generate_json(spec_json: &str) -> String {
    generate_str(spec_json).to_json()
}

/// Generates from a JSON text, in the pieces the Node binding hands to JavaScript. The text is
/// freed as soon as it is parsed, before the migration is built (the binding's copy of a
/// 10,000-table spec is 10 MB). Never panics.
pub fn generate_parts(spec_json: String) -> Parts {
    guarded(move || {
        let mut report = Report::default();
        let Some(spec) = parse::read_spec_str(&spec_json, &mut report) else {
            return failed_unread(&spec_json, report);
        };
        drop(spec_json);
        if spec.spec.tables.len() >= LARGE_SPEC_TABLES {
            release_freed_memory();
        }
        generate_parsed(spec, report)
    })
    .into_parts()
}

/// Generates from a JSON text. Never panics: a bug comes back as `INTERNAL_ERROR`.
pub fn generate_str(spec_json: &str) -> GeneratedMigration {
    guarded(|| {
        let mut report = Report::default();
        match parse::read_spec_str(spec_json, &mut report) {
            Some(spec) => generate_parsed(spec, report),
            None => failed_unread(spec_json, report),
        }
    })
    .into()
}

/// Generates from a parsed spec. Never panics.
pub fn generate(spec: &MigrationSpec) -> GeneratedMigration {
    guarded(|| {
        let past_limits = limits::lists_past_limits(spec);
        if !past_limits.is_empty() {
            let mut report = Report::default();
            for issue in past_limits {
                report.push(issue);
            }
            return failed(Some(spec), report);
        }
        generate_with(spec.clone(), Report::default())
    })
    .into()
}

/// The result for a spec the parser read: the migration, or the parser's errors with what
/// validation finds beside them.
fn generate_parsed(read: parse::ReadSpec, mut report: Report) -> Generated {
    // A list no table can have (a primary key of 2,000,000 names) is refused before any check
    // of its entries, each of which would be said.
    let past_limits = limits::lists_past_limits(&read.spec);
    if !past_limits.is_empty() {
        for issue in past_limits {
            report.push(issue);
        }
        return failed(Some(&read.spec), report);
    }
    if report.is_valid() {
        return generate_with(read.spec, report);
    }
    let report = checks_beside_parse_errors(&read, report);
    failed(Some(&read.spec), report)
}

/// A spec the parser refused in part is validated as far as it can be, so that one report says
/// what a round of fixes needs, not only the parser's errors.
///
/// A column with a parser error (a type it does not know, `nullable` missing) is checked with
/// stand-ins for what it may be, twice ([`StandIn`]): what validation says alike of both is
/// said, what depends on the stand-in is not (a foreign key's type mismatch, a default the
/// type does not take), nor anything about the column itself but its name. A table with a
/// parser error elsewhere (its primary key, a foreign key, index or CHECK left out, a column
/// without a name) has only its names checked: the rest of its checks would see what the
/// parser left out as missing. The other tables are validated without their foreign keys to
/// such a table, or to a table that is not in the spec when some entry of `tables` could not
/// be read at all (it may be that one).
fn checks_beside_parse_errors(read: &parse::ReadSpec, mut report: Report) -> Report {
    let spec = &read.spec;
    let whole = |name: &str| {
        !read
            .read_in_part
            .iter()
            .any(|p| p.eq_ignore_ascii_case(name))
    };
    let in_spec = |name: &str| {
        spec.tables
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(name))
    };
    let fk_kept = |fk: &spec::ForeignKey| {
        whole(&fk.referenced_table) && (in_spec(&fk.referenced_table) || !read.unread_tables)
    };
    let partial: Vec<Table> = with_stand_ins(read, StandIn::Integer)
        .into_iter()
        .filter(|t| !whole(&t.name))
        .collect();
    let d = dialect::for_database(spec.database_type);
    validate::name_checks(&partial, spec.timestamps, d, &mut report);
    let about_partial = |issue: &Issue| {
        issue
            .table
            .as_deref()
            .is_some_and(|name| partial.iter().any(|p| p.name == name))
    };
    // A table keyed on a column ("primaryKey": true) has that error already.
    let said_already = |issue: &Issue| {
        issue.code == Code::MissingPrimaryKey
            && issue
                .table
                .as_deref()
                .is_some_and(|name| read.keyed_on_a_column.iter().any(|k| k == name))
    };
    // What is said of a column with a parser error, other than of its name, would be said of
    // the stand-in.
    let about_unsure = |issue: &Issue| {
        let of_its_name = matches!(
            issue.code,
            Code::InvalidColumnName
                | Code::ReservedKeyword
                | Code::IdentifierTooLong
                | Code::DuplicateColumn
        );
        !of_its_name
            && read.unsure_columns.iter().any(|u| {
                issue.column.as_deref() == Some(u.column.name.as_str())
                    && spec
                        .tables
                        .get(u.table)
                        .is_some_and(|t| issue.table.as_deref() == Some(t.name.as_str()))
            })
    };
    let checked_with = |stand_in: StandIn| -> Vec<Issue> {
        // The tables with parser errors elsewhere stay in the list, in their place (their names
        // count in the checks across tables); what validation says of them is dropped.
        let tables: Vec<Table> = with_stand_ins(read, stand_in)
            .into_iter()
            .map(|mut t| {
                if whole(&t.name) {
                    t.foreign_keys.retain(|fk| fk_kept(fk));
                }
                t
            })
            .collect();
        let mut checked = Report::default();
        if let Some(issue) = drops_without_database(spec).filter(|_| !read.previous_unread) {
            checked.push(issue);
        }
        if let Some((tables, existing, _)) = effective_tables(spec, tables, &mut checked) {
            validate_tables(spec, &tables, existing.as_ref(), &mut checked);
        }
        checked
            .errors
            .into_iter()
            .chain(checked.warnings)
            .filter(|issue| !about_partial(issue) && !said_already(issue) && !about_unsure(issue))
            .collect()
    };
    let mut said = checked_with(StandIn::Integer);
    if !read.unsure_columns.is_empty() {
        let mut other = checked_with(StandIn::Text);
        // A missing primary key's suggestion names a column, which may be chosen by what a
        // stand-in is (NOT NULL, UNIQUE): the error is the same, the first stand-in's is said.
        let alike = |o: &Issue, issue: &Issue| {
            o == issue
                || (issue.code == Code::MissingPrimaryKey
                    && o.code == issue.code
                    && o.table == issue.table
                    && o.message == issue.message)
        };
        said.retain(|issue| match other.iter().position(|o| alike(o, issue)) {
            Some(at) => {
                other.remove(at);
                true
            }
            None => false,
        });
    }
    for issue in said {
        report.push(issue);
    }
    report
}

/// What a column with a parser error is checked as: two columns as unlike as can be, so that
/// whatever validation says because of what the column is comes out of one of them only.
#[derive(Clone, Copy)]
enum StandIn {
    /// INTEGER, NOT NULL, UNIQUE.
    Integer,
    /// TEXT, nullable, not UNIQUE.
    Text,
}

/// The spec's tables as read, each column with a parser error in its place as `stand_in`
/// (its type, nullability and UNIQUE; the rest as read).
fn with_stand_ins(read: &parse::ReadSpec, stand_in: StandIn) -> Vec<Table> {
    let mut tables = read.spec.tables.clone();
    for u in &read.unsure_columns {
        let Some(t) = tables.get_mut(u.table) else {
            continue;
        };
        let mut column = u.column.clone();
        (column.ty, column.nullable, column.unique) = match stand_in {
            StandIn::Integer => (spec::ColumnType::Integer, false, true),
            StandIn::Text => (spec::ColumnType::Text, true, false),
        };
        if u.kept && u.position < t.columns.len() {
            t.columns[u.position] = column;
        } else {
            let at = u.position.min(t.columns.len());
            t.columns.insert(at, column);
        }
    }
    tables
}

/// The result for a spec the parser could not read (no valid `databaseType`, say): its errors,
/// with the description and `now` in the metadata when the JSON gives them as strings.
fn failed_unread(spec_json: &str, report: Report) -> Generated {
    let mut generated = failed(None, report);
    let header = parse::header_of(spec_json);
    generated.metadata.description = header.description.unwrap_or_default();
    if let Some(at) = header.now.as_deref().and_then(format::parse_now) {
        generated.metadata.generated_at = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    }
    generated
}

/// `introspectDatabase`: the schema of a SQLite file as JSON (`{"ok":true,"schema":…}` or
/// `{"ok":false,"error":…}`). Never panics, never writes to the file.
pub fn introspect_json(path: &str) -> String {
    #[derive(serde::Serialize)]
    struct Ok<'a, 'b> {
        ok: bool,
        schema: &'a introspect::IntrospectionJson<'b>,
    }
    let answer = |json: &introspect::IntrospectionJson| {
        serde_json::to_string(&Ok {
            ok: true,
            schema: json,
        })
        .ok()
    };
    let result = catch_unwind(|| match introspect::introspection(path, answer) {
        Ok(json) => json,
        Err(issue) => Some(serde_json::json!({ "ok": false, "error": issue }).to_string()),
    });
    result.ok().flatten().unwrap_or_else(|| {
        serde_json::json!({ "ok": false, "error": internal_error("introspection failed") })
            .to_string()
    })
}

/// `introspectDatabase`'s compact answer: the schema in the form of
/// [`introspect_transfer::Compact`], or the same `{"ok":false,"error":…}` JSON as
/// [`introspect_json`] gives. Never panics, never writes to the file.
pub fn introspect_compact(path: &str) -> Result<introspect_transfer::Compact, String> {
    let compact = |json: &introspect::IntrospectionJson| json.to_compact();
    let result = catch_unwind(|| match introspect::introspection(path, compact) {
        Ok(compact) => Ok(compact),
        Err(issue) => Err(serde_json::json!({ "ok": false, "error": issue }).to_string()),
    });
    result.unwrap_or_else(|_| {
        Err(
            serde_json::json!({ "ok": false, "error": internal_error("introspection failed") })
                .to_string(),
        )
    })
}

/// `specFromDatabase` / `pullDatabase`: a `MigrationSpec` describing the database as it is, and
/// what it leaves out and what it renames, as JSON (`{"ok":true,"spec":…,"leftOut":[…],
/// "renamed":[…]}` or `{"ok":false,"error":…}`).
pub fn spec_from_database_json(path: &str, database_type: Option<&str>) -> String {
    let result = catch_unwind(|| {
        let db = match database_type.map(spec::DatabaseType::parse) {
            None => spec::DatabaseType::Sqlite,
            Some(Some(db)) => db,
            Some(None) => {
                let issue = Issue::error(
                    Code::InvalidSpec,
                    "databaseType must be 'sqlite', 'postgresql' or 'mysql'",
                );
                return serde_json::json!({ "ok": false, "error": issue });
            }
        };
        match introspect::introspect(path) {
            Ok(schema) => match pull::wide_integers(path, &schema, db) {
                Ok(wide) => {
                    let spec = pull::spec_json(&schema, db, path, &wide);
                    let renamed = pull_renamed::renamed(&schema, db, &spec);
                    serde_json::json!({
                        "ok": true,
                        "spec": spec,
                        "leftOut": pull::left_out(&schema, db, &wide),
                        "renamed": renamed,
                    })
                }
                Err(issue) => serde_json::json!({ "ok": false, "error": issue }),
            },
            Err(issue) => serde_json::json!({ "ok": false, "error": issue }),
        }
    });
    let value = result.unwrap_or_else(
        |_| serde_json::json!({ "ok": false, "error": internal_error("introspection panicked") }),
    );
    value.to_string()
}

/// Panics inside the generator's guard and returns what a caller would get (tests of the
/// `INTERNAL_ERROR` path; not part of the public API).
#[doc(hidden)]
pub fn panic_for_tests() -> String {
    GeneratedMigration::from(guarded(|| {
        panic!("deliberate panic (test of the INTERNAL_ERROR path)")
    }))
    .to_json()
}

/// Runs `f`, turning a panic into an `INTERNAL_ERROR` result.
fn guarded(f: impl FnOnce() -> Generated) -> Generated {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let mut report = Report::default();
        report.push(internal_error(&what));
        failed(None, report)
    })
}

/// The `INTERNAL_ERROR` issue for a bug.
pub fn internal_error(what: &str) -> Issue {
    Issue::error(
        Code::InternalError,
        format!("internal error in migration-generator: {what}"),
    )
    .suggest("this is a bug: please report it with the spec that caused it")
}

/// A result with no SQL, carrying the report.
fn failed(spec: Option<&MigrationSpec>, report: Report) -> Generated {
    Generated {
        metadata: Metadata {
            filename: String::new(),
            description: spec.map(|s| s.description.clone()).unwrap_or_default(),
            database_type: spec
                .map(|s| s.database_type.as_str().to_string())
                .unwrap_or_default(),
            operation_type: "CREATE",
            tables_affected: Vec::new(),
            generated_at: spec
                .and_then(|s| s.now.as_deref())
                .and_then(format::parse_now)
                .unwrap_or_else(chrono::Utc::now)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            operations: Vec::new(),
            outside_transaction: OutsideTransaction::default(),
        },
        up_migration: String::new(),
        down_migration: String::new(),
        file: format::FileFrame::default(),
        type_definitions: None,
        table_types: None,
        validation: Validation::from(report),
    }
}

/// The up migration's blocks: the created tables (`ordered`, in creation order) and the changed
/// ones (with their steps), in `diff::migration_order` when each created table is one block
/// (SQLite's, the only dialect that changes an existing database); otherwise the created tables
/// first.
///
/// An index name that moves between tables ([`diff::MovedIndexName`]) puts the table that frees
/// it first; one the order cannot honour is filed as `DUPLICATE_NAME`. A table split in two
/// (`splits`, see [`diff::migration_order`]) creates its new table before the change that drops
/// the columns it takes, where it can.
fn ordered_up_blocks<'a>(
    d: &dyn dialect::Dialect,
    ordered: &[&'a Table],
    changed: Vec<(&'a Table, &'a introspect::ExistingTable, steps::Block<'a>)>,
    moved: &[diff::MovedIndexName],
    creating: steps::Creating,
    splits: &[(&str, &str)],
    report: &mut Report,
) -> Vec<steps::Block<'a>> {
    let create_blocks = steps::create_steps(d, ordered, creating);
    if changed.is_empty() {
        // No table of the database changes: none frees a name.
        for m in moved {
            report.push(m.clash());
        }
        return create_blocks;
    }
    let pairs: Vec<(&Table, &introspect::ExistingTable)> =
        changed.iter().map(|(t, e, _)| (*t, *e)).collect();
    let mut creates: Vec<Option<steps::Block>> = create_blocks.into_iter().map(Some).collect();
    let mut alters: Vec<Option<steps::Block>> =
        changed.into_iter().map(|(_, _, b)| Some(b)).collect();
    let (order, not_honoured) = if creates.len() == ordered.len() {
        diff::migration_order(ordered, &pairs, moved, splits)
    } else {
        // The created tables first: a name one of them takes is not freed before it (not
        // among the tables ordered, it is not honoured).
        let none: Vec<&Table> = Vec::new();
        let mut slots: Vec<diff::Slot> = (0..creates.len()).map(diff::Slot::Create).collect();
        let (after, not_honoured) = diff::migration_order(&none, &pairs, moved, splits);
        slots.extend(after);
        (slots, not_honoured)
    };
    for m in &not_honoured {
        report.push(m.clash());
    }
    order
        .into_iter()
        .filter_map(|slot| match slot {
            diff::Slot::Create(i) => creates[i].take(),
            diff::Slot::Alter(i) => alters[i].take(),
        })
        .collect()
}

/// How the SQLite database a spec changes is described: by its file, or by `previousSpec`.
fn described(spec: &MigrationSpec) -> diff::Described {
    match spec.existing_db_path {
        Some(_) => diff::Described::File,
        None => diff::Described::PreviousSpec,
    }
}

/// The warning of `dropTablesNotInSpec` with no database to drop tables of (neither
/// `existingDbPath` nor `previousSpec`): nothing to drop, the migration creates the spec's
/// tables. A warning, not an error: a team that keeps the flag in its spec for good makes its
/// first migration from it too (a user trial was refused its first CREATE). Not said beside a
/// `previousSpec` that was given but could not be read (its own errors say why), where it would
/// say that none was given.
fn drops_without_database(spec: &MigrationSpec) -> Option<Issue> {
    (spec.drop_tables_not_in_spec && spec.existing_db_path.is_none() && spec.previous.is_none())
        .then(|| Issue::warning(Code::TableNotInSpec, "dropTablesNotInSpec drops the tables of a database that the spec leaves out, but no database is given (existingDbPath, or previousSpec): nothing is dropped, and the migration creates the spec's tables")
            .suggest("nothing to do for a first migration; to drop the tables a database has and the spec leaves out, set existingDbPath to the SQLite file to compare against (previousSpec to the spec a PostgreSQL or MySQL database was last migrated to)"))
}

/// The effective tables, the database's schema as the change starts from it (after its
/// renames), and those renames.
type EffectiveTables = (
    Vec<Table>,
    Option<introspect::ExistingSchema>,
    Option<sqlite_renames::Renames>,
);

/// The spec's tables made effective (`plan::into_effective`), each adapted to the database's
/// table of its name when the spec names a database (read here, and its renames made), with
/// the warnings that brings. `None` when the spec cannot go further (a database it cannot
/// read, options that contradict each other); the report says why.
fn effective_tables(
    spec: &MigrationSpec,
    spec_tables: Vec<Table>,
    report: &mut Report,
) -> Option<EffectiveTables> {
    if spec.existing_db_path.is_some() && spec.database_type != spec::DatabaseType::Sqlite {
        report.push(
            Issue::error(Code::UnsupportedFeature, "existingDbPath reads SQLite database files; a live PostgreSQL or MySQL database is not read")
                .suggest("remove existingDbPath, or set databaseType to 'sqlite'; to change the tables of a PostgreSQL or MySQL database, give previousSpec (the spec it was last migrated to)"),
        );
        return None;
    }
    if let Some(previous) = &spec.previous {
        let refusal = if spec.existing_db_path.is_some() {
            Some(Issue::error(Code::InvalidSpec, "previousSpec and existingDbPath both say what the database holds; give one of them")
                .suggest("for a SQLite database, give existingDbPath (the file is read as it is); for PostgreSQL and MySQL, previousSpec"))
        } else if previous.database_type != spec.database_type {
            Some(
                Issue::error(
                    Code::InvalidSpec,
                    format!(
                        "previousSpec is for {}, this spec for {}",
                        previous.database_type.as_str(),
                        spec.database_type.as_str()
                    ),
                )
                .suggest("give the earlier version of this spec, for the same database"),
            )
        } else {
            None
        };
        if let Some(issue) = refusal {
            report.push(issue);
            return None;
        }
    }
    let mut tables: Vec<Table> = spec_tables
        .into_iter()
        .map(|t| plan::into_effective(t, spec.timestamps))
        .collect();
    let existing = match (&spec.existing_db_path, &spec.previous) {
        (Some(path), _) => match introspect::introspect(path) {
            Ok(schema) => Some(schema),
            Err(issue) => {
                report.push(issue);
                return None;
            }
        },
        // A SQLite database is changed as its file would be, made from previousSpec.
        (None, Some(previous)) if spec.database_type == spec::DatabaseType::Sqlite => {
            sqlite_previous::lengths_not_enforced(previous, &tables, report);
            Some(sqlite_previous::schema(previous, &tables, report)?)
        }
        _ => None,
    };
    // Renamed first: the rest of the change is planned against the database as the renames
    // leave it.
    let (existing, renames) = match existing {
        Some(schema) => {
            let errors = report.errors.len();
            let (after, renames) = sqlite_renames::apply(schema, &tables, described(spec), report);
            // A rename refused: what else the spec has against the database would be compared
            // with names the migration does not have (an index of a table not renamed after all).
            if report.errors.len() > errors {
                return None;
            }
            (Some(after), renames)
        }
        None => (None, None),
    };
    let existing_table = |name: &str| existing.as_ref().and_then(|s| s.table(name));
    let described = described(spec);
    for t in &mut tables {
        if let Some(e) = existing_table(&t.name) {
            diff::adapt_to_existing(t, e, described);
        }
    }
    Some((tables, existing, renames))
}

/// The most expressions (CHECKs, defaults, partial-index WHEREs) a SQLite spec with errors has
/// tried in the engine beside its other errors (see [`validate_tables`]).
const ENGINE_PASS_EXPRESSIONS: usize = 2_000;

/// Validates the effective `tables` into `report`. On SQLite, a spec with errors has its
/// expressions asked of the engine too (one DDL statement each, which a valid spec's self-check
/// makes unnecessary), so that an unknown function is said in the same report as the rest.
/// Warnings about a table marked existing are about what this migration does not create (an
/// index the database already has, a type mapping made long ago): left out.
fn validate_tables(
    spec: &MigrationSpec,
    tables: &[Table],
    existing: Option<&introspect::ExistingSchema>,
    report: &mut Report,
) {
    let d = dialect::for_database(spec.database_type);
    let lookup = |name: &str| existing.and_then(|s| s.table(name));
    let mut found = Report::default();
    validate::validate(spec, tables, d, &lookup, false, &mut found);
    // The engine pass costs a DDL statement an expression (about 50 µs): above a few thousand
    // it would make a large invalid spec seconds slower, and its expressions' SQLite errors
    // then come with the self-check once the others are fixed.
    let expressions = || {
        tables
            .iter()
            .map(|t| {
                t.check_constraints.len()
                    + t.indexes.iter().filter(|i| i.predicate.is_some()).count()
                    + t.columns.iter().filter(|c| c.default.is_some()).count()
            })
            .sum::<usize>()
    };
    if spec.database_type == spec::DatabaseType::Sqlite
        && !found.is_valid()
        && expressions() <= ENGINE_PASS_EXPRESSIONS
    {
        found = Report::default();
        validate::validate(spec, tables, d, &lookup, true, &mut found);
    }
    report.append(found);
    if tables.iter().any(|t| t.existing) {
        report.warnings.retain(|w| {
            w.table
                .as_deref()
                .is_none_or(|name| !tables.iter().any(|t| t.existing && t.name == name))
        });
    }
}

/// For a migration made against a database: keeps the expression and default warnings
/// ([`validate::said_where_written`]) of the tables it creates (`to_create`), and of those it
/// changes (`changed` on SQLite, `spec_changes` from previousSpec on PostgreSQL and MySQL) where
/// their statements write the expression, default or foreign key
/// ([`validate::keep_written_expression_warnings`]). Renders the changed tables' statements only
/// when there is such a warning.
fn keep_written_expression_warnings(
    d: &dyn dialect::Dialect,
    tables: &[Table],
    to_create: &[&Table],
    changed: &[(&Table, &introspect::ExistingTable, steps::Block)],
    spec_changes: &[(&Table, spec_change::TableChange)],
    report: &mut Report,
) {
    if !report.warnings.iter().any(validate::said_where_written) {
        return;
    }
    use validate::TableSql;
    let mut written: foldhash::HashMap<&str, TableSql> = foldhash::HashMap::default();
    for t in to_create {
        written.insert(&t.name, TableSql::Created);
    }
    for (t, _, block) in changed {
        let statements = block.iter().map(|s| steps::render_step(d, s)).collect();
        written.insert(&t.name, TableSql::Changed(statements));
    }
    for (t, change) in spec_changes {
        let steps = [
            &change.drop_foreign_keys,
            &change.core,
            &change.add_foreign_keys,
        ];
        let statements = steps.iter().flat_map(|s| s.up.iter().cloned()).collect();
        written.insert(&t.name, TableSql::Changed(statements));
    }
    validate::keep_written_expression_warnings(d, report, tables, &written);
}

fn generate_with(mut owned: MigrationSpec, mut report: Report) -> Generated {
    // The spec's own tables are not needed again once made effective: moved, not copied.
    let spec_tables = std::mem::take(&mut owned.tables);
    let spec = &owned;
    let d = dialect::for_database(spec.database_type);
    if let Some(issue) = drops_without_database(spec) {
        report.push(issue);
    }
    let Some((tables, existing, renames)) = effective_tables(spec, spec_tables, &mut report) else {
        return failed(Some(spec), report);
    };
    let existing_table = |name: &str| existing.as_ref().and_then(|s| s.table(name));
    validate_tables(spec, &tables, existing.as_ref(), &mut report);
    // Tables of the database that the spec leaves out: dropped only when asked to, and first
    // when nothing that stays references them (their index names are then free for the spec).
    // What the drops say is filed after what the changes of the other tables say.
    let mut spec_tables: Option<diff::SpecTables> = None;
    let mut moved_index_names: Vec<diff::MovedIndexName> = Vec::new();
    let mut drops: Vec<&introspect::ExistingTable> = Vec::new();
    let mut drops_report = Report::default();
    let mut drops_first = false;
    // previousSpec's tables the spec leaves out, each with the table created with its columns.
    let mut look_alikes: Option<std::collections::HashMap<String, String>> = None;
    if let Some(schema) = &existing {
        let mut index = diff::SpecTables::of(&tables);
        if described(spec) == diff::Described::PreviousSpec {
            let created: Vec<&Table> = tables
                .iter()
                .filter(|t| !t.existing && schema.table(&t.name).is_none())
                .collect();
            look_alikes = Some(diff::look_alikes(&created, schema, &index));
        }
        if spec.drop_tables_not_in_spec {
            let marked: std::collections::HashSet<String> = spec
                .previous
                .iter()
                .flat_map(|p| p.tables.iter().filter(|t| t.existing))
                .map(|t| t.name.to_ascii_lowercase())
                .collect();
            drops = table_drops::tables_to_drop(
                schema,
                &tables,
                &index,
                spec.allow_data_loss,
                (look_alikes.as_ref(), &marked),
                &mut drops_report,
            );
            drops_first = table_drops::can_go_first(schema, &drops);
            if drops_first {
                index = index.dropping_first(drops.iter().map(|t| t.table.name.as_str()));
            }
        }
        moved_index_names =
            diff::index_name_clashes(&tables, schema, &index, described(spec), &mut report);
        moved_index_names.extend(diff::table_name_clashes(
            &tables,
            schema,
            &index,
            described(spec),
            &mut report,
        ));
        spec_tables = Some(index);
    }
    if !report.is_valid() {
        return failed(Some(spec), report);
    }
    let large = tables.len() >= LARGE_SPEC_TABLES;
    if large {
        release_freed_memory();
    }

    if let Some(p) = &spec.previous {
        spec_change::described_beyond_marked(p, &tables, &mut report);
    }
    // What happens to each table.
    let mut operations = Vec::with_capacity(tables.len());
    let mut to_create: Vec<&Table> = Vec::new();
    let mut changed: Vec<(&Table, &introspect::ExistingTable, steps::Block)> = Vec::new();
    let mut narrowed: Vec<rows_trial::Narrowing> = Vec::new();
    let mut to_real: Vec<(String, String)> = Vec::new();
    // On SQLite, previousSpec is the database `existing` holds, made from it.
    let previous = match existing {
        Some(_) => None,
        None => spec_change::PreviousTables::of(spec, &tables, d, &mut report),
    };
    let mut spec_changes: Vec<(&Table, spec_change::TableChange)> = Vec::new();
    // On SQLite, previousSpec's tables too, made when a table changes: what rows may refuse of
    // the rules a table gets is said from them, as on PostgreSQL and MySQL (the database made
    // from previousSpec in memory has no rows to try).
    let mut previous_for_rows: Option<Option<spec_change::PreviousTables>> = None;
    for t in &tables {
        if t.existing {
            // Already in the database, as the spec says: nothing to create, alter or drop.
            if existing.is_some() && existing_table(&t.name).is_none() {
                report.push(
                    Issue::error(
                        Code::InvalidSpec,
                        format!("the table '{}' is marked existing, but the database (existingDbPath) has no table of that name", t.name),
                    )
                    .table(&t.name)
                    .suggest("remove \"existing\": true to create it, or fix its name"),
                );
            }
            operations.push(TableOperation {
                table: t.name.clone(),
                operation: Operation::Skip,
                renamed_from: None,
            });
            continue;
        }
        if previous.as_ref().is_some_and(|p| !p.compares(&t.name)) {
            // Its renamedFrom is refused, or previousSpec is invalid (the errors say why):
            // nothing is made.
            continue;
        }
        if let Some((p, before)) = previous
            .as_ref()
            .and_then(|p| p.table(&t.name).map(|b| (p, b)))
        {
            let change =
                spec_change::compare(d, before, t, &p.moved, spec.allow_data_loss, &mut report);
            let operation = if change.is_empty() {
                Operation::Skip
            } else {
                spec_changes.push((t, change));
                Operation::Alter
            };
            operations.push(TableOperation {
                table: t.name.clone(),
                operation,
                renamed_from: (before.name != t.name).then(|| before.name.clone()),
            });
            continue;
        }
        match (existing.as_ref(), existing_table(&t.name)) {
            (Some(schema), Some(e)) => {
                let errors = report.errors.len();
                let change = diff::diff_table(
                    t,
                    e,
                    schema,
                    renames.as_ref(),
                    spec_tables.get_or_insert_with(|| diff::SpecTables::of(&tables)),
                    spec.allow_data_loss,
                    described(spec),
                    &mut report,
                );
                if spec.previous.is_some()
                    && !change.steps.is_empty()
                    && report.errors.len() == errors
                {
                    let previous = previous_for_rows.get_or_insert_with(|| {
                        spec_change::PreviousTables::of(spec, &tables, d, &mut Report::default())
                    });
                    for issue in (previous.iter()).flat_map(|p| p.rows_refuse_warnings(d, t)) {
                        report.push(issue);
                    }
                }
                let renamed = renames.as_ref().filter(|r| r.touches(&t.name));
                operations.push(TableOperation {
                    table: t.name.clone(),
                    operation: match renamed {
                        Some(_) => Operation::Alter,
                        None => change.operation,
                    },
                    renamed_from: renamed
                        .and_then(|r| r.renamed_from(&t.name))
                        .map(str::to_string),
                });
                // A key that becomes the rowid is not cut but refused where it is no whole
                // number (the rebuild's key check): its warning says so, with its query.
                let becomes_rowid = |column: &str| {
                    diff::rowid_column(t).is_some_and(|k| k.eq_ignore_ascii_case(column))
                        && !diff::is_existing_rowid(e, column)
                };
                let casts = change.casts.iter().filter(|(c, _, _)| !becomes_rowid(c));
                narrowed.extend(casts.map(|(column, from, to)| rows_trial::Narrowing {
                    table: t.name.clone(),
                    column: column.clone(),
                    from: from.to_string(),
                    to: to.to_string(),
                }));
                to_real.extend(change.to_real.iter().map(|c| (t.name.clone(), c.clone())));
                if !change.steps.is_empty() {
                    changed.push((t, e, diff::steps_of(change)));
                }
            }
            _ => {
                operations.push(TableOperation {
                    table: t.name.clone(),
                    operation: Operation::Create,
                    renamed_from: None,
                });
                to_create.push(t);
            }
        }
    }
    drop(previous_for_rows);
    // A table split in two: the values of the columns that leave it can be copied first.
    let split_copies = if existing.is_some() {
        let same_type = |table: &str, column: &str, new: &Column| {
            existing_table(table).is_some_and(|e| {
                (e.table.columns.iter().zip(&e.declared_types))
                    .find(|(c, _)| c.name.eq_ignore_ascii_case(column))
                    .is_some_and(|(_, declared)| {
                        diff::affinity(declared)
                            == diff::affinity(&dialect::Dialect::column_type(
                                &dialect::Sqlite,
                                new,
                                false,
                            ))
                    })
            })
        };
        split_copy::add_copy_hints(d, &to_create, same_type, &mut report)
    } else if let Some(p) = &previous {
        let same_type = |table: &str, column: &str, new: &Column| {
            (p.table(table).and_then(|t| t.column(column)))
                .is_some_and(|old| d.column_type(old, false) == d.column_type(new, false))
        };
        split_copy::add_copy_hints(d, &to_create, same_type, &mut report)
    } else {
        Vec::new()
    };
    let previous_drops = match &previous {
        Some(p) => p.left_out(spec, &tables, d, &mut report),
        None => Vec::new(),
    };
    operations.extend(previous_drops.iter().map(|t| TableOperation {
        table: t.name.clone(),
        operation: Operation::Drop,
        renamed_from: None,
    }));
    report.append(drops_report);
    operations.extend(drops.iter().map(|t| TableOperation {
        table: t.table.name.clone(),
        operation: Operation::Drop,
        renamed_from: None,
    }));
    if let (Some(schema), Some(look_alikes)) = (existing.as_ref(), look_alikes.as_ref()) {
        // previousSpec's: as on PostgreSQL and MySQL (dropped ones are said by their drop).
        if !spec.drop_tables_not_in_spec {
            let spec_tables = spec_tables.get_or_insert_with(|| diff::SpecTables::of(&tables));
            for issue in diff::kept_from_previous_spec(schema, spec_tables, look_alikes) {
                report.push(issue);
            }
        }
    } else if let (Some(schema), false) = (existing.as_ref(), to_create.is_empty()) {
        let spec_tables = spec_tables.get_or_insert_with(|| diff::SpecTables::of(&tables));
        for hint in diff::renamed_table_hints(
            &to_create,
            schema,
            spec_tables,
            spec.drop_tables_not_in_spec,
        ) {
            report.push(hint);
        }
    }
    if !report.is_valid() {
        // Every table's narrowing in one report: the integers a REAL would round are counted
        // on the rows now (one read-only scan per column), not only once the other errors are
        // fixed.
        if let Some(path) = &spec.existing_db_path {
            let _rows_budget = sqlite_memory::RowsBudget::start();
            rows_trial::count_inexact_reals(
                path,
                renames.as_ref(),
                &to_real,
                spec.allow_data_loss,
                &mut report,
            );
        }
        return failed(Some(spec), report);
    }
    // Against a database, a warning about an expression is kept only where the migration
    // writes it (a plain CREATE writes them all).
    if spec.previous.is_some() || existing.is_some() {
        keep_written_expression_warnings(
            d,
            &tables,
            &to_create,
            &changed,
            &spec_changes,
            &mut report,
        );
    }
    // A table whose columns come in another order: not migrated (but by a SQLite rebuild, which
    // writes the spec's order), and said, whatever else changes.
    let order_warnings = column_order::warnings(
        &tables,
        spec.database_type,
        |name| match (&existing, &spec.previous) {
            (Some(schema), _) => Some(
                schema
                    .table(name)?
                    .table
                    .columns
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect(),
            ),
            (None, Some(previous)) => {
                let t = previous.tables.iter().find(|t| t.name == name)?;
                Some(t.columns.iter().map(|c| c.name.as_str()).collect())
            }
            _ => None,
        },
        |name| {
            changed.iter().any(|(t, _, block)| {
                t.name == name
                    && diff::rebuilds(block.iter().flat_map(|step| match step {
                        steps::Step::Alter(a) => a.up.iter().map(String::as_str).collect(),
                        _ => Vec::new(),
                    }))
            })
        },
    );
    let order_said = !order_warnings.is_empty();
    report.warnings.extend(order_warnings);
    // On SQLite from previousSpec, a down migration's rebuild writes previousSpec's column
    // order, which the table may not have (a column added with ADD COLUMN is last): said.
    if spec.database_type == spec::DatabaseType::Sqlite && spec.existing_db_path.is_none() {
        for (t, e, block) in &changed {
            let alters = || {
                block.iter().filter_map(|s| match s {
                    steps::Step::Alter(a) => Some(a),
                    _ => None,
                })
            };
            let (up, down) = (
                diff::rebuilds(alters().flat_map(|a| a.up.iter().map(String::as_str))),
                diff::rebuilds(alters().flat_map(|a| a.down.iter().map(String::as_str))),
            );
            if let Some(issue) = down
                .then(|| column_order::rebuilt_in_previous_order(&t.name, &e.table, up))
                .flatten()
            {
                report.push(issue);
            }
        }
    }
    // Nothing to change (NO_CHANGES): no migration worth writing, which the types do not name.
    let no_changes = to_create.is_empty()
        && changed.is_empty()
        && drops.is_empty()
        && spec_changes.is_empty()
        && previous_drops.is_empty()
        && renames.is_none();
    if no_changes {
        // Tables of the database the spec leaves out, kept (a spec may describe part of a
        // database): a table taken out of the spec is not dropped, so the database does not
        // "match" it.
        let left_out: Vec<&str> = match (&existing, spec.drop_tables_not_in_spec) {
            (Some(schema), false) if described(spec) == diff::Described::File => {
                let spec_tables = spec_tables.get_or_insert_with(|| diff::SpecTables::of(&tables));
                // Not the tables no spec could keep (a virtual table, a name a spec cannot give),
                // which dropTablesNotInSpec leaves alone too.
                schema
                    .tables()
                    .iter()
                    .filter(|t| {
                        !spec_tables.has(&t.table.name)
                            && table_drops::no_spec_could_keep(t).is_none()
                    })
                    .map(|t| t.table.name.as_str())
                    .collect()
            }
            _ => Vec::new(),
        };
        let kept_warnings = (report.warnings.iter())
            .any(|w| matches!(w.code, Code::ColumnNotInSpec | Code::TableNotInSpec));
        let but_order = if !order_said {
            ""
        } else {
            " but for column order"
        };
        let message = if !tables.is_empty() && !left_out.is_empty() {
            format!(
                "nothing to do: every table of the spec already matches the database{but_order}{}; the database also has {} the spec leaves out, kept as {} ({}; dropTablesNotInSpec with allowDataLoss drops {})",
                if kept_warnings { ", except for what the other warnings say is kept as it is" } else { "" },
                if left_out.len() == 1 { "a table" } else { "tables" },
                if left_out.len() == 1 { "it is" } else { "they are" },
                report::name_list(&left_out, 5),
                if left_out.len() == 1 { "it" } else { "them" },
            )
        } else if tables.is_empty() {
            "nothing to do: the spec lists no tables".to_string()
        } else if spec.previous.is_some() {
            format!(
                "nothing to do: every table of the spec is as previousSpec has it{but_order}, or marked existing: true{}",
                if kept_warnings { ", except for what the other warnings say is kept as it is" } else { "" }
            )
        } else if existing.is_none() {
            // Every table is `existing: true`, and no database was read to compare them with: a
            // change to one (a column added to it) was said to be "already" there.
            "nothing to create: every table of the spec is marked existing: true, and such a table is never compared with anything (no database is read): a change to one of them is not in any migration".to_string()
        } else if !kept_warnings {
            // Other warnings (a redundant index of the spec's, …) say nothing of the database.
            format!("nothing to do: every table already matches the spec{but_order}")
        } else {
            // A kept column the spec lacks, timestamps not added, …: not a match, but nothing
            // this tool changes.
            format!("nothing to do: every table already matches the spec{but_order}, except for what the other warnings say is kept as it is")
        };
        report.push(
            Issue::warning(Code::NoChanges, message)
                .suggest("the migration is empty; there is no need to write it"),
        );
    }

    let order = plan::creation_order(&to_create);
    // Cycles over every table of the spec; when every table is created, the creation order
    // has found them already.
    let cycles = if to_create.len() == tables.len() {
        order.cycles.clone()
    } else {
        plan::foreign_key_cycles(&tables.iter().collect::<Vec<_>>())
    };
    for warning in fk_cycles::warnings(&tables, cycles, existing.as_ref(), d.inline_foreign_keys())
    {
        report.push(warning);
    }
    let ordered: Vec<&Table> = order.order.iter().map(|&i| to_create[i]).collect();
    let changes_tables = !changed.is_empty() || !drops.is_empty();
    // Each changed table's statements, so that a change the rows refuse (below) can name its
    // table.
    let change_texts: Vec<(String, String)> = if spec.existing_db_path.is_some() {
        changed
            .iter()
            .map(|(t, _, block)| {
                let text = block
                    .iter()
                    .filter_map(|step| match step {
                        steps::Step::Alter(a) => Some(a.up.join("\n")),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                (t.name.clone(), text)
            })
            .collect()
    } else {
        Vec::new()
    };
    // What each SQLite rebuild checks again of the rules its table had (its foreign keys, those
    // referencing it, a CHECK whose value changes with the time): said below.
    let rechecked: Vec<rebuild_rechecks::Rechecked> = changed
        .iter()
        .filter_map(|(t, e, block)| {
            let up: Vec<&str> = block
                .iter()
                .filter_map(|step| match step {
                    steps::Step::Alter(a) => Some(a.up.iter().map(String::as_str)),
                    _ => None,
                })
                .flatten()
                .collect();
            // A table of the spec keeps a foreign key to `t` when it lists one; one the spec
            // leaves out keeps its keys.
            let child_keeps = |child: &str| {
                tables
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(child))
                    .is_none_or(|c| {
                        c.existing
                            || (c.foreign_keys.iter())
                                .any(|fk| fk.referenced_table.eq_ignore_ascii_case(&t.name))
                    })
            };
            rebuild_rechecks::Rechecked::of(t, e, &up, renames.as_ref(), &child_keeps)
        })
        .collect();
    let from_previous = !spec_changes.is_empty() || !previous_drops.is_empty();
    // A table split in two: the created table goes before the drop of the columns it takes,
    // where it can.
    let splits: Vec<(&str, &str)> = (split_copies.iter())
        .filter(|c| c.dropped)
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    let (mut up_blocks, previous_down) = if from_previous {
        let (up, down) = spec_change::blocks(
            d,
            &ordered,
            &spec_changes,
            &previous_drops,
            &splits,
            &mut report,
        );
        // Names that cannot be moved in any order between the changed tables.
        if !report.is_valid() {
            return failed(Some(spec), report);
        }
        (up, Some(down))
    } else {
        // A migration from previousSpec creates what that spec does not have: a table that is
        // there all the same makes it fail ([`steps::Creating::Absent`]).
        let creating = if spec.previous.is_some() {
            steps::Creating::Absent
        } else {
            steps::Creating::IfNotExists
        };
        let blocks = ordered_up_blocks(
            d,
            &ordered,
            changed,
            &moved_index_names,
            creating,
            &splits,
            &mut report,
        );
        if !report.is_valid() {
            return failed(Some(spec), report);
        }
        (blocks, None)
    };
    if let (Some(schema), false) = (existing.as_ref(), drops.is_empty()) {
        let block = vec![steps::Step::Alter(table_drops::step(schema, &drops))];
        if drops_first {
            up_blocks.insert(0, block);
        } else {
            // Last: a table that stays loses its foreign key to a dropped one in a rebuild
            // above (dropped before, its rows would go by ON DELETE CASCADE, or be refused).
            up_blocks.push(block);
        }
    }
    if let Some(r) = &renames {
        // First of all; undone last.
        let step = steps::AlterStep::new(r.up.clone(), r.down.clone());
        up_blocks.insert(0, vec![steps::Step::Alter(step)]);
    }
    // MySQL migrations only create tables (existingDbPath is SQLite's), and MySQL commits each
    // statement: their down migration must work after any part of the up migration.
    let mut down_blocks = if let Some(down) = previous_down {
        down
    } else if spec.database_type == spec::DatabaseType::Mysql && existing.is_none() {
        down::mysql_drop_created_tables(&ordered, &mut report)
    } else {
        down::down_steps(&up_blocks, &mut report)
    };
    if d.inline_foreign_keys() {
        down::sqlite_drops_with_foreign_keys_on(&mut down_blocks, &to_create, &order.cycles);
    }
    let up_sql = steps::render(d, &up_blocks);
    let down_sql = steps::render(d, &down_blocks);
    // A change of an existing SQLite database is one transaction, up and down, all its parts
    // (renames, rebuilds, drops) in it; the trial of the rows below runs the parts each as its
    // own transaction, to say every table whose change the rows refuse.
    let (up_sql, down_sql, up_parts) =
        if spec.database_type == spec::DatabaseType::Sqlite && existing.is_some() {
            let parts = spec.existing_db_path.as_ref().map(|_| up_sql.clone());
            (
                sqlite_atomic::one_transaction(up_sql),
                sqlite_atomic::one_transaction(down_sql),
                parts,
            )
        } else {
            (up_sql, down_sql, None)
        };
    // MySQL commits each statement: a foreign key dropped by a statement of its own stays
    // dropped when rows refuse a later one, and any change before the refused statement stays
    // made (the migration run again from its start fails there).
    // Where the rows can be looked for first, the migration stops before any change instead
    // (`mysql_rows_guard`): after the session's `SET`s, before the first change.
    let (mut up_sql, mut down_sql) = (up_sql, down_sql);
    if from_previous && spec.database_type == spec::DatabaseType::Mysql {
        let changed_tables: Vec<&Table> = spec_changes.iter().map(|(t, _)| *t).collect();
        let retyped = (previous.as_ref())
            .map(|p| spec_change::mysql_retype_refusals(d, p, &changed_tables))
            .unwrap_or_default();
        let left = mysql_keys_left::checked(&up_sql, &down_sql, &report, &retyped);
        for issue in left.issues {
            report.push(issue);
        }
        for (sql, guard) in [
            (&mut up_sql, left.up_guard),
            (&mut down_sql, left.down_guard),
        ] {
            if !guard.is_empty() {
                let after_session = sql
                    .first()
                    .is_some_and(|b| b.iter().all(|s| s.starts_with("SET ")));
                sql.insert(usize::from(after_session), guard);
            }
        }
    }
    // Text from an existing database (a trigger's body, a name, a stored CREATE) can span
    // lines; one that reads as the file's own marker would make a runner that splits the file
    // there run half a statement. Only such text can: the spec's own text never breaks lines.
    if existing.is_some() {
        if let Some(statement) = up_sql
            .iter()
            .chain(&down_sql)
            .flatten()
            .find(|s| format::has_marker_line(s))
        {
            report.push(
                Issue::error(
                    Code::UnsupportedFeature,
                    format!(
                        "a statement holds text from the database with a line that reads as the migration file's '-- UP MIGRATION' or '-- DOWN MIGRATION' marker: {}",
                        report::clip(statement)
                    ),
                )
                .suggest("rename the object or rewrite the trigger in the database so that no line of it starts with that marker"),
            );
            return failed(Some(spec), report);
        }
    }
    // A table split in two: its warnings name the place of the statement that keeps the values.
    split_copy::name_the_places(d, &split_copies, &up_sql, &mut report);
    // Large specs: what is no longer needed goes before the next copies are made.
    drop((up_blocks, down_blocks));

    // The schema the migration runs on: before its renames.
    let base: Vec<String> = renames
        .as_ref()
        .map(|r| &r.before)
        .or(existing.as_ref())
        .map_or_else(Vec::new, |s| base_schema::statements(s, &up_sql, &down_sql));
    // Every statement is checked (issue 2), unless the spec opts into the expression check
    // for a migration that only creates tables; a migration that changes an existing database
    // is always checked in full (the down migration must give that database back).
    let checked = if spec.self_check == SelfCheck::Full || existing.is_some() || from_previous {
        d.check_statements(&base, &up_sql, &down_sql)
            .and_then(|()| d.check_default_calls(&ordered))
    } else {
        d.check_expressions(&ordered)
    };
    if let Err(f) = checked {
        // Introspection reads the stored texts from the file's pages, without SQLite loading the
        // schema: when they cannot be rebuilt, SQLite itself may refuse the file's schema.
        // Said as the other damaged files are (`damaged_file`): the file, SQLite's words, and
        // the commands that check and recover it.
        let malformed = spec
            .existing_db_path
            .as_deref()
            .filter(|_| f.phase == verify::EXISTING_SCHEMA)
            .and_then(|path| Some((path, introspect::schema_load_error(path)?)));
        if let Some((path, why)) = malformed {
            report.push(damaged_file::schema_refused(path, &why));
            return failed(Some(spec), report);
        }
        // A table whose text names its own columns through its name (`CHECK (users.age > 0)`,
        // as Drizzle Kit writes them) is renamed away for a rebuild with `legacy_alter_table`
        // off, which renames along what references it, then back (`diff::rebuild::rebuild_sql`): a
        // view or trigger that does not survive the renames (one naming a table that is not there)
        // stops it. (With it on, SQLite refuses the rename itself: "after rename".)
        if let Some(table) = f
            .statement
            .strip_prefix("ALTER TABLE ")
            .and_then(|s| s.split_once(" RENAME TO _mg_old_"))
            .map(|(table, _)| table)
            .filter(|_| {
                [
                    "after rename: no such column",
                    "error in view",
                    "error in trigger",
                ]
                .iter()
                .any(|m| f.message.contains(m))
            })
        {
            report.push(
                Issue::error(
                    Code::UnsupportedFeature,
                    format!(
                        "the table {table} must be rebuilt for this change, and SQLite cannot rename it away for that: its text names one of its columns through the table's name, so the rename rewrites what references the table, and SQLite refuses it ({})",
                        f.message
                    ),
                )
                .suggest("fix or drop the view or trigger the message names (recreate it after), or write the database's CHECK (or other expression) with the column alone (age, not users.age), by hand in a migration of your own; then generate again"),
            );
            return failed(Some(spec), report);
        }
        // Most likely one of the user's expressions, which the engine refuses though its
        // grammar accepts it (an unknown function, a non-deterministic one in a CHECK): ask the
        // engine about each expression, and report those instead when it names any.
        let mut engine = Report::default();
        let lookup = |name: &str| existing_table(name);
        validate::validate(spec, &tables, d, &lookup, true, &mut engine);
        if !engine.is_valid() {
            report.errors.extend(engine.errors);
            return failed(Some(spec), report);
        }
        report.push(
            Issue::error(
                Code::GeneratedSqlRejected,
                format!("{} rejected the generated {} migration: {} (statement: {})", d.database_type().as_str(), f.phase, f.message, f.statement),
            )
            .suggest("if the statement holds one of your expressions, check it; otherwise this is a bug: please report it with the spec"),
        );
        return failed(Some(spec), report);
    }
    // A change the rows refuse is said now, not only when the migration runs.
    // The work on the rows (which evaluates the spec's expressions on each) has one time
    // budget, up to the rebuild's rechecks (`sqlite_memory::RowsBudget`).
    let rows_budget = sqlite_memory::RowsBudget::start();
    if let (Some(path), true) = (&spec.existing_db_path, changes_tables) {
        let on_file = renames.as_ref();
        rows_trial::count_filled_nulls(path, on_file, &mut report);
        rows_trial::count_narrowed_values(path, on_file, &narrowed, &mut report);
        if rows_trial::count_inexact_reals(
            path,
            on_file,
            &to_real,
            spec.allow_data_loss,
            &mut report,
        ) {
            return failed(Some(spec), report);
        }
        rows_trial::count_dropped_rows(path, &drops, &mut report);
        rows_trial::count_dropped_values(path, on_file, &mut report);
        rows_trial::count_nulls_elsewhere(path, on_file, &mut report);
        for issue in rows_trial::refusal_warnings(
            path,
            up_parts.as_deref().unwrap_or(&up_sql),
            &change_texts,
            on_file,
        ) {
            // (A damaged file, said once: a count may have met it first.)
            if !(issue.code == Code::DbUnreadable && damaged_file::said(&report)) {
                report.push(issue);
            }
        }
        rows_trial::count_rows_referencing(path, on_file, &mut report);
    }
    // Rows that already break what a rebuild checks again: counted on the file (where the trial
    // did not say that table's change fails), or, from previousSpec, the query that finds them.
    match &spec.existing_db_path {
        Some(path) => rebuild_rechecks::file_warnings(d, path, &rechecked, &mut report),
        None => rebuild_rechecks::previous_spec_warnings(d, &rechecked, &mut report),
    }
    drop(rows_budget);
    // A damaged file met on the rows (`DB_UNREADABLE`): no migration is written for it.
    if damaged_file::said(&report) {
        return failed(Some(spec), report);
    }

    let now = spec
        .now
        .as_deref()
        .and_then(format::parse_now)
        .unwrap_or_else(chrono::Utc::now);
    let tables_affected: Vec<String> = operations
        .iter()
        .filter(|o| o.operation != Operation::Skip)
        .map(|o| o.table.clone())
        .collect();
    let operation_type = operation_type(
        &operations,
        spec.previous.is_some() || spec.existing_db_path.is_some(),
    );
    let info = format::FileInfo {
        description: &spec.description,
        database: spec.database_type.as_str(),
        tables: &tables_affected,
        now,
        operation: operation_type,
        format: spec.file_format,
    };
    let filename = info.filename();
    let (type_definitions, table_types) = if spec.generate_types {
        // A table marked existing is not changed: the types an earlier migration wrote for it
        // stay (its description here may be only the key others reference).
        // The place of each table the database already has under its name (a renamed one is
        // named anew), whose interface name an earlier migration's types gave it.
        // (The first place of each name, looked up: a search for each table was quadratic.)
        fn first_places<'a>(
            names: impl Iterator<Item = &'a str>,
        ) -> std::collections::HashMap<&'a str, usize> {
            let mut at = std::collections::HashMap::new();
            for (i, name) in names.enumerate() {
                at.entry(name).or_insert(i);
            }
            at
        }
        let in_previous = first_places(
            (spec.previous.iter()).flat_map(|p| p.tables.iter().map(|t| t.name.as_str())),
        );
        let in_existing = first_places(
            (existing.iter()).flat_map(|e| e.tables().iter().map(|e| e.table.name.as_str())),
        );
        let already = |t: &Table| -> Option<usize> {
            if t.renamed_from.is_some() {
                return None;
            }
            let name = t.name.as_str();
            (in_previous.get(name).or_else(|| in_existing.get(name))).copied()
        };
        let types = typescript::generate(
            d,
            &tables.iter().filter(|t| !t.existing).collect::<Vec<_>>(),
            &already,
            &filename,
            existing.as_ref(),
        );
        (
            Some(typescript::combine(&types, &filename, no_changes)),
            Some(types),
        )
    } else {
        (None, None)
    };
    // The tables are not needed again: freed before the scripts are joined, the highest point
    // of generation's memory use (the statements and their joined copy alive at once).
    drop((ordered, to_create));
    drop(tables);
    if large {
        release_freed_memory();
    }
    let outside_transaction = OutsideTransaction {
        up: down::turns_foreign_keys_off(&up_sql),
        down: down::turns_foreign_keys_off(&down_sql),
    };
    let up_migration = steps::script(&up_sql);
    let down_migration = steps::script(&down_sql);
    drop((up_sql, down_sql));
    let file = info.file_frame(up_migration.is_empty(), down_migration.is_empty());
    let generated_at = info.generated_at();
    Generated {
        metadata: Metadata {
            filename,
            description: spec.description.clone(),
            database_type: spec.database_type.as_str().to_string(),
            operation_type,
            tables_affected: tables_affected.clone(),
            generated_at,
            operations,
            outside_transaction,
        },
        up_migration,
        down_migration,
        file,
        type_definitions,
        table_types,
        validation: Validation::from(report),
    }
}

/// `CREATE` or `ALTER` when every changed table has that operation (a dropped table counts as
/// altering the database), else `MIXED`. A migration that changes no table (`NO_CHANGES`) says
/// `ALTER` when it is one of a database it knows (`from_database`: previousSpec or
/// existingDbPath), which it leaves as it is, and `CREATE` otherwise.
fn operation_type(operations: &[TableOperation], from_database: bool) -> &'static str {
    let creates = operations.iter().any(|o| o.operation == Operation::Create);
    let alters = operations
        .iter()
        .any(|o| matches!(o.operation, Operation::Alter | Operation::Drop));
    match (creates, alters) {
        (true, true) => "MIXED",
        (false, true) => "ALTER",
        (false, false) if from_database => "ALTER",
        _ => "CREATE",
    }
}
