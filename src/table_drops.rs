//! `dropTablesNotInSpec`: the tables of an existing SQLite database that the spec leaves out
//! are dropped, and the down migration creates them again from their stored text.
//!
//! Without the option such tables are kept (a spec may describe part of a database). With it,
//! a table goes only with `allowDataLoss` (its rows go with it), only when nothing that stays
//! needs it (a foreign key of a table that stays, a view, a trigger on another table, a virtual
//! table's text), and never a virtual table, which a spec cannot describe, nor a table whose
//! name, or a column's name, no spec can give, which no spec could keep. The drops run in one `SAVEPOINT` with
//! foreign keys deferred, children before parents (the tables of a foreign-key cycle go
//! together), before every other change of the migration: a table rebuilt then no longer has
//! the dropped tables' foreign keys and rows to answer for, and the names of their indexes are
//! free for the spec's. Only when a table that stays loses, in this migration, its foreign key
//! to a dropped table do the drops come last, after that table's rebuild.

use crate::dialect::{Dialect, Sqlite};
use crate::diff::SpecTables;
use crate::introspect::{is_virtual_text, mentions, ExistingSchema, ExistingTable};
use crate::report::{Code, Issue, Report};
use crate::spec::Table;
use crate::steps::AlterStep;
use std::collections::{HashMap, HashSet};

/// Why no spec could keep the table `old`, which `dropTablesNotInSpec` therefore leaves alone: a
/// name, or a column's name, a spec cannot give, no primary key, or a virtual table. `None` for
/// a table a spec could describe.
pub fn no_spec_could_keep(old: &ExistingTable) -> Option<String> {
    const NAMES: &str = "(lowercase snake_case, not a reserved word), so no spec could keep it";
    if !crate::validate::spec_can_name(&Sqlite, &old.table.name) {
        return Some(format!("its name is not one a spec can give {NAMES}"));
    }
    if let Some(column) = crate::validate::column_no_spec_can_name(&Sqlite, &old.table) {
        return Some(format!(
            "its column '{}' has a name a spec cannot give {NAMES}",
            crate::report::clip(column)
        ));
    }
    if old.table.primary_key.is_empty() && !old.is_virtual() {
        return Some(format!(
            "{}, so no spec could keep it as it is",
            crate::pull::KEYLESS
        ));
    }
    old.is_virtual()
        .then(|| "it is a virtual table, which a spec cannot describe".to_string())
}

/// The tables of `schema` that the spec (`tables`) leaves out and that can be dropped, children
/// before parents. What stops a drop is reported as an error (`DATA_LOSS` without
/// `allow_data_loss`, `DEPENDENT_OBJECTS` for what still needs the table); a virtual table and a
/// table no spec can name, or a column of which no spec can name, are kept with a `TABLE_NOT_IN_SPEC` warning, and each table dropped
/// has its `DATA_LOSS` warning. With `previous_spec` (the database is `previousSpec`'s, made in
/// memory), the drops are said as on PostgreSQL and MySQL, each with the name of the table
/// the migration creates with its columns, if any (by lowercased old name: most likely it
/// renamed, see [`crate::spec_change::renamed_hint`]); `marked`: the lowercased names of its
/// tables marked `existing: true`, which the down migration creates again as it describes them.
pub fn tables_to_drop<'a>(
    schema: &'a ExistingSchema,
    tables: &[Table],
    spec_tables: &SpecTables,
    allow_data_loss: bool,
    (previous_spec, marked): (Option<&HashMap<String, String>>, &HashSet<String>),
    report: &mut Report,
) -> Vec<&'a ExistingTable> {
    // How a suggestion points at the table's description: a file's tables are described by
    // specFromDatabase; previousSpec's are in it.
    let described_by = match previous_spec {
        None => " (specFromDatabase describes it)",
        Some(_) => "",
    };
    let look_alike = |name: &str| {
        previous_spec
            .and_then(|l| l.get(&name.to_ascii_lowercase()))
            .map(|new| crate::spec_change::renamed_hint(name, new, allow_data_loss))
            .unwrap_or_default()
    };
    let mut dropped: Vec<&ExistingTable> = Vec::new();
    // Tables the spec leaves out that are kept all the same.
    let mut kept: Vec<&ExistingTable> = Vec::new();
    for old in schema.tables() {
        if spec_tables.has(&old.table.name) {
            continue;
        }
        // Kept all the same: what no spec could keep.
        let Some(why) = no_spec_could_keep(old) else {
            dropped.push(old);
            continue;
        };
        report.push(
            Issue::warning(
                Code::TableNotInSpec,
                format!(
                    "the table '{}' is not in the spec and is kept: {why}, and dropTablesNotInSpec leaves it alone",
                    crate::report::clip(&old.table.name)
                ),
            )
            .table(&old.table.name)
            .suggest(format!(
                "if it should go, drop it yourself (DROP TABLE {})",
                Sqlite.identifier(&old.table.name)
            )),
        );
        kept.push(old);
    }
    if dropped.is_empty() {
        return dropped;
    }
    let gone = lowercase_names(&dropped);
    let is_gone = |name: &str| gone.contains(&name.to_ascii_lowercase());
    let before = report.errors.len();

    // Foreign keys of the tables that stay, as they are after the migration: the spec's, or,
    // for a table marked existing (not changed, and perhaps described only in part) and one
    // the spec cannot name, the database's.
    let staying = tables
        .iter()
        .map(|t| match schema.table(&t.name) {
            Some(e) if t.existing => (&t.name, &e.table.foreign_keys, true),
            _ => (&t.name, &t.foreign_keys, false),
        })
        .chain(
            kept.iter()
                .map(|e| (&e.table.name, &e.table.foreign_keys, true)),
        );
    for (name, foreign_keys, as_in_database) in staying {
        for fk in foreign_keys.iter().filter(|f| is_gone(&f.referenced_table)) {
            let fix = if as_in_database {
                format!("this migration does not change '{name}' (marked existing, or named as no spec can): add '{}' to the spec to keep it, or take the foreign key out of '{name}' in an earlier migration", fk.referenced_table)
            } else {
                format!(
                    "add '{}' to the spec to keep it{described_by}, or take the foreign key out of '{name}'",
                    fk.referenced_table
                )
            };
            report.push(
                Issue::error(
                    Code::DependentObjects,
                    format!(
                        "the foreign key ({}) of '{name}' references '{}', which is not in the spec and would be dropped (dropTablesNotInSpec)",
                        fk.columns.join(", "),
                        fk.referenced_table
                    ),
                )
                .table(name)
                .suggest(fix),
            );
        }
    }
    // Views, triggers on tables that stay and virtual tables (an FTS5 table whose content is
    // another table's, `content='articles'`) fail ("no such table") once a table they name is
    // gone; a dropped table's own triggers go with it. A name is looked for anywhere in their
    // text, in quotes or not: SQLite takes a quoted string for a name in places, and a refusal
    // too many is safer than a view broken.
    for s in &schema.schema {
        let what = match s.kind.as_str() {
            "view" => "view",
            "trigger" if !is_gone(&s.table) => "trigger",
            "table" if s.name.eq_ignore_ascii_case(&s.table) && is_virtual_text(&s.sql) => {
                "virtual table"
            }
            _ => continue,
        };
        let text = s.sql.to_ascii_lowercase();
        for t in dropped
            .iter()
            .filter(|t| mentions(&text, &t.table.name.to_ascii_lowercase()))
        {
            let what = format!("{what} '{}'", crate::report::clip(&s.name));
            report.push(
                Issue::error(
                    Code::DependentObjects,
                    format!(
                        "the table '{}' is not in the spec and would be dropped (dropTablesNotInSpec), but the {what} names it and would fail once it is gone",
                        t.table.name
                    ),
                )
                .table(&t.table.name)
                .suggest(format!("add '{}' to the spec to keep it, or drop or rewrite the {what} first (by hand, in an earlier migration)", t.table.name)),
            );
        }
    }
    let blocked = report.errors.len() > before;
    // The tables that stay and lose, in this migration, a foreign key to each dropped table
    // (the database's table has it; the spec's, checked above, does not).
    let mut losing: HashMap<String, Vec<&str>> = HashMap::new();
    for t in tables.iter().filter(|t| !t.existing) {
        if let Some(e) = schema.table(&t.name) {
            let mut parents: Vec<String> = e
                .table
                .foreign_keys
                .iter()
                .map(|f| f.referenced_table.to_ascii_lowercase())
                .filter(|p| gone.contains(p))
                .collect();
            parents.sort_unstable();
            parents.dedup();
            for p in parents {
                losing.entry(p).or_default().push(&t.name);
            }
        }
    }
    for t in &dropped {
        let name = &t.table.name;
        if blocked && allow_data_loss {
            // Not dropped after all: what stops it is said above.
            continue;
        }
        if allow_data_loss {
            // Tables that stay and lose their foreign key to it in this migration get it back
            // in the down migration, whose rebuild refuses rows that reference rows gone.
            let children: Vec<String> = losing
                .get(&name.to_ascii_lowercase())
                .map_or_else(Vec::new, |c| c.iter().map(|c| format!("'{c}'")).collect());
            let down = if children.is_empty() {
                String::new()
            } else {
                format!(
                    ", and gives {} back its foreign key to it, a rebuild that fails while rows there still reference rows of '{name}': set those references to NULL first (after such a failure the down migration can be run again)",
                    children.join(", ")
                )
            };
            // An AUTOINCREMENT table's counter goes with its sqlite_sequence row (see `step`),
            // and the table made again counts from 1. Said so against a database file; from
            // previousSpec, in the words every dialect uses (`counter_restarts`).
            let counter = if t.table.columns.iter().any(|c| c.auto_increment) {
                ", its AUTOINCREMENT counter starting again from 1 (its sqlite_sequence row goes with the drop, and the down migration does not put its value back): new rows can take the ids of the rows lost"
            } else {
                ""
            };
            report.push(match previous_spec {
                Some(_) => {
                    let partial = if marked.contains(&name.to_ascii_lowercase()) {
                        crate::spec_change::MARKED_EXISTING_DROPPED
                    } else {
                        ""
                    };
                    crate::spec_change::left_out_issue(
                        name,
                        crate::spec_change::LeftOut::Dropped,
                        &format!(
                            "{partial}{}{down}{}",
                            crate::spec_change::counter_restarts(&t.table),
                            look_alike(name)
                        ),
                    )
                }
                None => Issue::warning(
                    Code::DataLoss,
                    format!(
                        "the table '{name}' is not in the spec and is dropped with its rows, indexes and triggers (dropTablesNotInSpec, allowDataLoss); the down migration creates it again, empty{counter}{down}"
                    ),
                )
                .table(name)
                .suggest(format!("add '{name}' to the spec to keep it{described_by}")),
            });
        } else {
            report.push(match previous_spec {
                Some(_) => crate::spec_change::left_out_issue(
                    name,
                    crate::spec_change::LeftOut::Refused,
                    &look_alike(name),
                ),
                None => Issue::error(
                    Code::DataLoss,
                    format!(
                        "the table '{name}' is not in the spec, and dropping it (dropTablesNotInSpec) would lose its rows; allowDataLoss is not set"
                    ),
                )
                .table(name)
                .suggest(format!("set allowDataLoss: true to drop it with its rows, or add '{name}' to the spec to keep it{described_by}")),
            });
        }
    }
    if report.errors.len() > before {
        return Vec::new();
    }
    // Children before parents: the reverse of an order that creates parents first (the tables
    // of a cycle in any order, which the deferred foreign keys allow).
    let order = crate::plan::creation_order(&dropped.iter().map(|t| &t.table).collect::<Vec<_>>());
    order.order.iter().rev().map(|&i| dropped[i]).collect()
}

/// Whether `dropped` can go before the migration's other changes: no table that stays has a
/// foreign key to one of them (a table whose rebuild takes such a key out must be rebuilt
/// first, or dropping the parent would delete or refuse its rows).
pub fn can_go_first(schema: &ExistingSchema, dropped: &[&ExistingTable]) -> bool {
    let gone = lowercase_names(dropped);
    dropped.iter().all(|t| {
        schema
            .referencing(&t.table.name)
            .all(|child| gone.contains(&child.table.name.to_ascii_lowercase()))
    })
}

/// The statements that drop `dropped` (children before parents) and, as their undoing, the
/// statements that create them again: each table's stored `CREATE TABLE`, indexes and triggers,
/// in the order the database stores them, so that `sqlite_master` gets its texts back as they
/// were.
///
/// The drops run in one `SAVEPOINT` (nested in a runner's transaction, if there is one) with
/// `defer_foreign_keys` on: dropping a table with foreign keys enforced deletes its rows first,
/// and between the drops of a foreign-key cycle the rows of the table still there reference
/// rows already gone. At the `RELEASE` nothing references a dropped table any more (what stays
/// was checked not to). A table made after the migration was generated could still reference
/// one (a `RESTRICT` key would fail the `DROP` half-way, leaving the `SAVEPOINT` open; any other
/// would be left pointing at a table that is gone): an `INSERT OR ROLLBACK` guard counts the
/// foreign keys of the tables that stay into the dropped ones first, and rolls everything back
/// unless there are none. Each table's `sqlite_sequence` counter goes with it
/// ([`counter_deletion`], after [`sequence_table_made`] where the schema is a spec's).
pub fn step(schema: &ExistingSchema, dropped: &[&ExistingTable]) -> AlterStep {
    let d = Sqlite;
    let mut up = Vec::with_capacity(dropped.len() + 7);
    up.push("SAVEPOINT _mg_drop_tables;".to_string());
    let mut names: Vec<String> = dropped
        .iter()
        .map(|t| crate::dialect::quote_doubling(&t.table.name.to_ascii_lowercase()))
        .collect();
    names.sort();
    let names = names.join(", ");
    // Broken over lines between tokens, within 120 characters (README), one statement each.
    up.push("CREATE TEMP TABLE _mg_drop_check (foreign_keys_into_dropped_tables INTEGER\n  CHECK (foreign_keys_into_dropped_tables = 0));".to_string());
    up.push(format!(
        "INSERT OR ROLLBACK INTO _mg_drop_check SELECT count(*)\n  FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f\n  WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'\n  AND lower(m.name) NOT IN ({names}) AND lower(f.\"table\") IN ({names});"
    ));
    up.push("DROP TABLE _mg_drop_check;".to_string());
    up.push("PRAGMA defer_foreign_keys = ON;".to_string());
    if schema.sequence_table_unknown {
        up.extend(sequence_table_made());
    }
    for t in dropped {
        up.push(format!("DROP TABLE {};", d.identifier(&t.table.name)));
        if schema.has_sequence_table || schema.sequence_table_unknown {
            up.push(counter_deletion(&t.table.name));
        }
    }
    // Off again before the RELEASE, which inside a runner's transaction does not end it: the
    // runner's next statements are checked as usual (nothing is left to check by then).
    up.push("PRAGMA defer_foreign_keys = OFF;".to_string());
    up.push("RELEASE _mg_drop_tables;".to_string());
    let gone = lowercase_names(dropped);
    let mut down = vec!["SAVEPOINT _mg_restore_tables;".to_string()];
    down.extend(
        schema
            .schema
            .iter()
            .filter(|s| matches!(s.kind.as_str(), "table" | "index" | "trigger"))
            .filter(|s| gone.contains(&s.table.to_ascii_lowercase()))
            .map(|s| if_not_exists(&s.sql)),
    );
    down.push("RELEASE _mg_restore_tables;".to_string());
    AlterStep::new(up, down)
}

/// The statements that make `sqlite_sequence` where the database does not have it yet, and
/// change nothing where it does: an AUTOINCREMENT table created (SQLite makes `sqlite_sequence`
/// with the first) and dropped (with its counter, which it never had). For a schema whose
/// `sqlite_sequence` is not known (`previousSpec`): a database where an AUTOINCREMENT table
/// lost AUTOINCREMENT and none is left has it, with that table's counter, though the spec has
/// no AUTOINCREMENT table, and one a spec pulled from it describes (`autoIncrement` for its
/// rowid keys) may not have it though the spec has: `DELETE FROM sqlite_sequence` fails there
/// ("no such table"). Where it was missing it stays, empty, as after any AUTOINCREMENT table.
/// Also before a rebuild that keeps the counter of a key losing AUTOINCREMENT
/// (`diff::rebuild::rebuild_sql`), which only a migration from previousSpec writes.
pub fn sequence_table_made() -> [String; 2] {
    [
        "CREATE TABLE _mg_makes_sqlite_sequence (id INTEGER PRIMARY KEY AUTOINCREMENT);"
            .to_string(),
        "DROP TABLE _mg_makes_sqlite_sequence;".to_string(),
    ]
}

/// The statement that deletes the `sqlite_sequence` counter of the table `name`, dropped just
/// before. SQLite deletes an AUTOINCREMENT table's counter itself on `DROP TABLE`; a table
/// without AUTOINCREMENT can hold one too (a rebuild that took AUTOINCREMENT off keeps it under
/// the table's name for the down migration, see `diff::rebuild::rebuild_sql`), which `DROP TABLE`
/// leaves, and a table created later under that name would count its keys from it. Written only for
/// a database that has `sqlite_sequence`, which SQLite never drops, so the statement always finds
/// it there, or after [`sequence_table_made`] where that is not known; the down migration,
/// which creates the table again empty, gives no counter back.
fn counter_deletion(name: &str) -> String {
    format!(
        "DELETE FROM sqlite_sequence WHERE name = {};",
        crate::dialect::quote_doubling(name)
    )
}

/// A stored `CREATE TABLE`, `CREATE [UNIQUE] INDEX` or `CREATE TRIGGER` text with `IF NOT
/// EXISTS`, so that a down migration stopped after the tables came back (a later rebuild
/// refusing rows) can be run again. SQLite writes these prefixes itself and stores the text
/// from the name on, so the stored text stays as it was; any other text is left as it is.
fn if_not_exists(sql: &str) -> String {
    [
        "CREATE TABLE ",
        "CREATE INDEX ",
        "CREATE UNIQUE INDEX ",
        "CREATE TRIGGER ",
    ]
    .iter()
    .find_map(|prefix| {
        sql.strip_prefix(prefix)
            .map(|rest| format!("{prefix}IF NOT EXISTS {rest}"))
    })
    .unwrap_or_else(|| sql.to_string())
}

/// The lowercased names of `tables`.
fn lowercase_names(tables: &[&ExistingTable]) -> HashSet<String> {
    tables
        .iter()
        .map(|t| t.table.name.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_texts_get_if_not_exists_after_the_prefix_sqlite_writes() {
        assert_eq!(
            if_not_exists("CREATE TABLE a (id INTEGER);"),
            "CREATE TABLE IF NOT EXISTS a (id INTEGER);"
        );
        assert_eq!(
            if_not_exists("CREATE UNIQUE INDEX u ON a(id);"),
            "CREATE UNIQUE INDEX IF NOT EXISTS u ON a(id);"
        );
        assert_eq!(
            if_not_exists("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;"),
            "CREATE TRIGGER IF NOT EXISTS t AFTER INSERT ON a BEGIN SELECT 1; END;"
        );
        // A text SQLite did not write this way is left alone.
        assert_eq!(if_not_exists("create table a (x);"), "create table a (x);");
    }
}
