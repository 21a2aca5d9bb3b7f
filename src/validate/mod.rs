//! Validation of a parsed spec before any SQL is written: names, keys, types, defaults,
//! expressions, foreign keys, name clashes, plus each dialect's own rules. Linear in the size
//! of the spec (hash lookups, no pairwise scans over tables).
//!
//! By concern: `names` checks the names of tables, columns, indexes and constraints and
//! suggests renames (`free_renames` keeps a suggested name clear of the names taken); `schema_names` the names across the schema (duplicates, shared
//! namespaces, the names the database gives its own objects); `table` each table's own checks,
//! through `columns`, `defaults`, `default_warnings`, `expressions`, `indexes` and
//! `foreign_keys`, with what `lookups` finds in the rest of the spec and the database;
//! `written` keeps, for a migration made against a database, the warnings about what it writes.

use crate::dialect::Dialect;
use crate::introspect::ExistingTable;
use crate::limits;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
// foldhash instead of std's SipHash: hashing the names was ~4% of a PostgreSQL generation's
// instructions. Seeded at random per process as std's maps are, so iteration order is no more
// predictable than before and a spec cannot be made to collide the maps.
use foldhash::HashMap;
use lookups::{near_names, previous_names, Lookups};
use names::{constructor_columns, renames_clear_of_other_tables};
use schema_names::schema_names;
use table::validate_table;

mod columns;
mod default_warnings;
mod defaults;
mod expressions;
mod foreign_keys;
mod free_renames;
mod indexes;
mod lookups;
mod names;
mod schema_names;
mod table;
#[cfg(test)]
mod test_support;
mod written;

pub(crate) use columns::article;
pub use names::{
    column_no_spec_can_name, is_plain_identifier, is_snake_identifier, keeps_database_object_name,
    name_checks, spec_can_name, spec_rename, to_snake_case,
};
pub(crate) use written::{keep_written_expression_warnings, said_where_written, TableSql};

/// The database's table of a name, as SQLite matches names (case-insensitively): foreign-key
/// targets the spec does not list, and what the database already has of a spec's table.
pub type ExistingTables<'a> = &'a (dyn Fn(&str) -> Option<&'a ExistingTable> + Sync);

/// Validates the spec (its tables already made effective by `plan::effective_table`).
/// `engine_checks` also asks the database engine itself about each user expression
/// (`Dialect::engine_check`); that costs a DDL statement per expression, so the generator
/// only does it to explain a failed self-check.
pub fn validate(
    spec: &MigrationSpec,
    tables: &[Table],
    d: &dyn Dialect,
    existing: ExistingTables,
    engine_checks: bool,
    report: &mut Report,
) {
    validate_names_as(spec, tables, d, existing, engine_checks, false, report);
}

/// Validates `previous`, a spec's `previousSpec` (its tables effective, in `tables`), as
/// [`validate`] does, but its names as names the database already has: each table, column,
/// index and constraint name is taken when the database can hold it
/// ([`Dialect::name_it_cannot_hold`], within the length limit), capitals and reserved words
/// included, as for a table marked `existing: true`. previousSpec says what the database has,
/// not what the migration creates: a user trial's database made by Prisma (`"User"` with
/// `"tenantId"`) was refused as previousSpec, so it could never be altered, not even renamed
/// to names the spec can have. Every statement writes such a name quoted.
pub fn validate_previous(
    previous: &MigrationSpec,
    tables: &[Table],
    d: &dyn Dialect,
    report: &mut Report,
) {
    validate_names_as(previous, tables, d, &|_| None, false, true, report);
}

/// [`validate`], with the names of every table taken as names the database holds where
/// `held` ([`validate_previous`]).
fn validate_names_as(
    spec: &MigrationSpec,
    tables: &[Table],
    d: &dyn Dialect,
    existing: ExistingTables,
    engine_checks: bool,
    held: bool,
    report: &mut Report,
) {
    if crate::format::slug(&spec.description).is_empty() {
        report.push(
            Issue::error(
                Code::InvalidSpec,
                "the description has no letter or digit to name the migration file with",
            )
            .suggest("describe the change, for example 'create_users_table'"),
        );
    }
    if spec.description.len() > limits::MAX_TEXT_BYTES {
        report.push(Issue::error(
            Code::LimitExceeded,
            format!(
                "the description is longer than {} bytes",
                limits::MAX_TEXT_BYTES
            ),
        ));
    }
    if let Some(now) = &spec.now {
        if crate::format::parse_now(now).is_none() {
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!(
                        "now '{}' is not an ISO-8601 instant of the years 0000 to 9999 (UTC)",
                        crate::report::clip(now)
                    ),
                )
                .suggest("use a form such as '2026-02-09T12:00:00Z'"),
            );
        }
    }

    let expression_bytes: usize = tables.iter().map(expression_bytes).sum();
    if expression_bytes > limits::MAX_EXPRESSION_BYTES_TOTAL {
        report.push(
            Issue::error(
                Code::LimitExceeded,
                format!(
                    "the spec's CHECK expressions, default expressions and index predicates hold {expression_bytes} bytes together; the limit is {}",
                    limits::MAX_EXPRESSION_BYTES_TOTAL
                ),
            )
            .suggest("split the tables into several migrations"),
        );
        return;
    }

    let by_name: HashMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    // Each table's own checks (on two threads for large specs) and the checks of names across
    // tables (one pass, in table order) run side by side for large specs; their reports are
    // then filed per table in the order one pass would have made them.
    let near = near_names(d, tables, &by_name, existing);
    let look = Lookups {
        by_name: &by_name,
        near: &near,
        existing,
        previous: previous_names(spec, tables),
        database: if spec.previous.is_some() {
            "previousSpec"
        } else {
            "the database (existingDbPath)"
        },
        held,
        previous_spec: spec.previous.as_deref(),
    };
    let own = || table_reports(tables, d, &look, engine_checks);
    let (own_reports, names) = if tables.len() >= PARALLEL_TABLES && crate::parallel::may_share() {
        let (own, names) = std::thread::scope(|scope| {
            let names = scope.spawn(|| schema_names(d, tables, existing, held, look.previous_spec));
            (own(), names.join())
        });
        (
            own,
            names.unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    } else {
        (
            own(),
            schema_names(d, tables, existing, held, look.previous_spec),
        )
    };
    for ((own, dialect_own), names) in own_reports.into_iter().zip(names) {
        report.append(names.before);
        if names.duplicate {
            continue;
        }
        report.append(own);
        report.append(names.after);
        report.append(dialect_own);
    }
    for (issue, _) in d.foreign_key_cycle_warnings(tables) {
        report.push(issue);
    }
    renames_clear_of_other_tables(tables, d, report);
    if spec.generate_types {
        constructor_columns(spec, tables, existing, report);
    }
    free_renames::renames_clear_of_other_names(tables, d, report);
}

/// The bytes of a table's CHECK expressions, default expressions and index predicates.
fn expression_bytes(t: &Table) -> usize {
    let checks: usize = t.check_constraints.iter().map(|c| c.expression.len()).sum();
    let predicates: usize = t
        .indexes
        .iter()
        .filter_map(|i| i.predicate.as_ref())
        .map(String::len)
        .sum();
    let defaults: usize = t
        .columns
        .iter()
        .filter_map(|c| match &c.default {
            Some(DefaultValue::Expression(e)) => Some(e.len()),
            _ => None,
        })
        .sum();
    checks + predicates + defaults
}

/// Specs of at least this many tables are validated on two threads.
const PARALLEL_TABLES: usize = 64;

/// Each table's own checks, one pair of reports per table in table order: [`validate_table`]'s
/// and the dialect's (`Dialect::validate_table`). On two threads for specs of 64 tables or more:
/// the tables are independent, and the caller files the reports where one thread would have
/// made them, so the result is the same.
fn table_reports(
    tables: &[Table],
    d: &dyn Dialect,
    look: &Lookups<'_, '_>,
    engine_checks: bool,
) -> Vec<(Report, Report)> {
    // The engine probe stays on one thread.
    let min = if engine_checks {
        usize::MAX
    } else {
        PARALLEL_TABLES
    };
    crate::parallel::map_in_order(tables, min, |t| {
        let mut own = Report::default();
        let check_columns = validate_table(t, d, look, engine_checks, &mut own);
        let mut dialect_own = Report::default();
        d.validate_table(t, &check_columns, &mut dialect_own);
        (own, dialect_own)
    })
}

#[cfg(test)]
mod tests {
    /// A large spec with issues of every kind of name and table check, spread over its tables,
    /// gets the same report (same issues, same order) whether the checks across tables run beside
    /// the per-table ones or after them on one thread.
    #[test]
    fn large_specs_report_alike_on_one_thread_and_two() {
        let table = |i: usize| {
            let name = match i % 50 {
                7 => "t3".to_string(),      // a duplicate of an earlier table
                11 => "select".to_string(), // reserved
                13 => "Bad Name".to_string(),
                _ => format!("t{i}"),
            };
            let index = if i % 40 == 5 {
                "idx_shared".to_string()
            } else {
                format!("idx_{i}")
            };
            let check_col = if i % 30 == 9 || i % 50 == 11 {
                "missing"
            } else {
                "a"
            };
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"a","type":"INT","nullable":true}}],"primaryKey":["id"],
                "indexes":[{{"name":"{index}","columns":["a"],"unique":false}}],
                "uniqueConstraints":[{{"name":"uq_{i}","columns":["a"]}}],
                "checkConstraints":[{{"name":"ck_{i}","expression":"{check_col} > 0"}},{{"name":"ck_{i}","expression":"a < 9"}}],
                "foreignKeys":[{{"columns":["a"],"referencedTable":"t{}","referencedColumns":["id"]}}]}}"#,
                i.saturating_sub(1)
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            let tables: Vec<String> = (0..300).map(table).collect();
            let text = format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{}]}}"#,
                tables.join(",")
            );
            let two = crate::generate_str(&text).validation;
            let one =
                crate::parallel::on_this_thread_only(|| crate::generate_str(&text).validation);
            assert!(
                two.errors.len() > 30 && !two.valid,
                "{db}: {}",
                two.errors.len()
            );
            let codes = |v: &crate::output::Validation| {
                v.errors
                    .iter()
                    .chain(&v.warnings)
                    .map(|e| {
                        format!(
                            "{} {:?} {:?} {}",
                            e.code.as_str(),
                            e.table,
                            e.constraint,
                            e.message
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(codes(&two), codes(&one), "{db}");
            // Within a table: its name's issues, then its own, then its constraints' names.
            let select: Vec<&str> = two
                .errors
                .iter()
                .filter(|e| e.table.as_deref() == Some("select"))
                .map(|e| e.code.as_str())
                .filter(|c| ["RESERVED_KEYWORD", "UNKNOWN_COLUMN", "DUPLICATE_NAME"].contains(c))
                .collect();
            assert_eq!(
                select[..3],
                ["RESERVED_KEYWORD", "UNKNOWN_COLUMN", "DUPLICATE_NAME"],
                "{db}: {select:?}"
            );
            for code in [
                "DUPLICATE_TABLE",
                "RESERVED_KEYWORD",
                "INVALID_TABLE_NAME",
                "UNKNOWN_COLUMN",
                "DUPLICATE_NAME",
            ] {
                assert!(
                    two.errors.iter().any(|e| e.code.as_str() == code),
                    "{db}: no {code}"
                );
            }
        }
    }
}
