//! `previousSpec` on SQLite: the database the previous spec describes, made in memory and read
//! as `existingDbPath` reads a file. The change is then planned as for a database file (ALTER
//! where SQLite can, a rebuild where it cannot, renames first), and the migration is the one
//! `existingDbPath` would give on a database that previous spec created: one path, one set of
//! rules, whichever way the starting schema is given.
//!
//! What a file has and a spec cannot say (rows to count, views, triggers) is not there: the
//! warnings that count rows say what may happen instead of how many rows it happens to.

use crate::introspect::{self, ExistingSchema};
use crate::report::Report;
use crate::spec::{MigrationSpec, SelfCheck, Table};

/// The schema the SQLite database holds by `previous` (the spec it was last migrated to), with
/// the tables of `tables` (the spec's, effective) that are marked `existing: true` and that
/// `previous` lacks: those are in the database as the spec describes them, as with `previousSpec`
/// on PostgreSQL and MySQL. `None` when `previous` cannot be created; its errors are filed, each
/// with "previousSpec: " before it.
pub fn schema(
    previous: &MigrationSpec,
    tables: &[Table],
    report: &mut Report,
) -> Option<ExistingSchema> {
    let mut made = previous.clone();
    made.previous = None;
    made.existing_db_path = None;
    made.generate_types = false;
    made.self_check = SelfCheck::Expressions;
    made.allow_data_loss = false;
    made.drop_tables_not_in_spec = false;
    // Every table it has is in the database, whether an earlier migration made it or not.
    for t in &mut made.tables {
        t.existing = false;
    }
    let has = |name: &str| {
        made.tables
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(name))
    };
    let marked: Vec<Table> = tables
        .iter()
        .filter(|t| t.existing && !has(&t.name))
        .map(|t| Table {
            existing: false,
            renamed_from: None,
            renamed_columns: Vec::new(),
            ..t.clone()
        })
        .collect();
    made.tables.extend(marked);
    // A key of theirs to a table the spec creates is the spec's error, said by its validation.
    let names: Vec<String> = made.tables.iter().map(|t| t.name.clone()).collect();
    for t in &mut made.tables {
        t.foreign_keys.retain(|fk| {
            names
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&fk.referenced_table))
        });
    }
    let created = crate::generate(&made);
    if !created.validation.valid {
        for mut issue in created.validation.errors {
            issue.message = format!("previousSpec: {}", issue.message);
            report.push(issue);
        }
        return None;
    }
    let read = crate::sqlite_memory::open_in_memory().and_then(|conn| {
        conn.execute_batch(&created.up_migration)?;
        introspect::read_schema(&conn)
    });
    match read {
        Ok(schema) => Some(schema),
        Err(e) => {
            report.push(crate::internal_error(&format!(
                "the database previousSpec describes could not be made in memory: {e}"
            )));
            None
        }
    }
}
