//! The statements of a table rebuild ([`rebuild_sql`]): the old table renamed away, the new one
//! created and filled, its indexes and triggers made again, with the guards that make a rebuild
//! fail rather than lose rows or leave references broken (foreign keys, repeated UNIQUE values).

use super::order::SpecTables;
use super::rowid::declares_autoincrement;
use super::Described;
use crate::dialect::{
    quote_doubling, sqlite_quoted_identifier as quoted_identifier, Dialect, Sqlite,
};
use crate::introspect::ExistingSchema;
use crate::rebuild_guard::Expected;
use crate::spec::*;
use crate::steps::AlterStep;
use sqlparser::dialect::SQLiteDialect;

/// What a rebuild copies and recreates.
pub(super) struct Rebuild {
    pub(super) table: String,
    pub(super) create_sql: String,
    pub(super) insert_columns: Vec<String>,
    pub(super) select_exprs: Vec<String>,
    /// Indexes and triggers recreated after the copy, and their names.
    pub(super) after: Vec<String>,
    pub(super) after_names: Vec<String>,
    pub(super) fk_off: bool,
    /// A column of the old table that becomes the new table's rowid (`INTEGER PRIMARY KEY`)
    /// without being one before: every value must then be an integer, or the copy fails with
    /// "datatype mismatch", which no ON CONFLICT clause turns into a rollback.
    pub(super) becomes_rowid: Option<String>,
    /// The UNIQUE indexes over plain columns created after the copy: checked for duplicates
    /// before the old table is dropped, since a failing CREATE INDEX cannot roll back.
    pub(super) unique_indexes: Vec<Index>,
    /// Other tables of the database whose foreign keys reference this one: a key whose values
    /// the copy converts (a CAST allowed with allowDataLoss) can leave their rows without a
    /// parent, checked with the new table's own foreign keys.
    pub(super) children: Vec<String>,
    /// The table as the rebuild was generated against, checked when it runs (see [`Expected`]):
    /// for the down migration's rebuild back, the table the up migration left, which its callers
    /// set.
    pub(super) expected: Option<Expected>,
    /// Whether the old or the new table names its own columns through the table's name
    /// ([`names_itself`]): the rebuild then renames the old table away with `legacy_alter_table`
    /// off, and the new one away and back once the old is dropped (see [`rebuild_sql`]).
    pub(super) renames_along: bool,
    /// Whether the table the rebuild replaces declares AUTOINCREMENT: `sqlite_sequence` then
    /// exists, and may hold its counter, which the rebuild carries to the new table even when
    /// that one has no AUTOINCREMENT (see [`rebuild_sql`]).
    pub(super) old_autoincrement: bool,
    /// The old table's columns the copy casts into a number, with the affinity: checked
    /// before the copy for text that is no clean number ([`crate::rebuild_number_check`]).
    pub(super) numbers_checked: Vec<(String, &'static str)>,
}

/// Whether a table's text or one of its indexes' (`statements`) names a column through the
/// table's name (`CHECK ("users"."age" >= 0)`, `WHERE "tasks"."done" = 0`, as Drizzle Kit
/// writes them). SQLite refuses to rename such a table with `legacy_alter_table` on ("error in
/// table _mg_old_users after rename: no such column: users.age"): it leaves the text as it is,
/// and then checks it. Trigger texts are not read: SQLite checks none with it on.
pub(super) fn names_itself<'a>(table: &str, statements: impl IntoIterator<Item = &'a str>) -> bool {
    use sqlparser::tokenizer::{Token, Tokenizer};
    statements.into_iter().any(|sql| {
        let Ok(tokens) = Tokenizer::new(&SQLiteDialect {}, sql).tokenize() else {
            return false;
        };
        let mut significant = tokens
            .iter()
            .filter(|t| !matches!(t, Token::Whitespace(_)))
            .peekable();
        while let Some(t) = significant.next() {
            if let Token::Word(w) = t {
                if w.value.eq_ignore_ascii_case(table)
                    && significant.peek() == Some(&&Token::Period)
                {
                    return true;
                }
            }
        }
        false
    })
}

/// The index statements among a rebuild's `after` (indexes and triggers).
pub(super) fn index_statements(after: &[String]) -> impl Iterator<Item = &str> {
    after.iter().map(String::as_str).filter(|s| {
        let upper = s.trim_start().get(..20).unwrap_or(s).to_ascii_uppercase();
        upper.starts_with("CREATE INDEX") || upper.starts_with("CREATE UNIQUE INDEX")
    })
}

/// The table a rebuild renames back into place as its last rename (the statement
/// `ALTER TABLE _mg_old_{table} RENAME TO {table};` of a rebuild that [`Rebuild::renames_along`]),
/// for the self-check, which makes the same round trip in the schema the down must give back.
pub(crate) fn renamed_back_into_place(statement: &str) -> Option<&str> {
    let (old, table) = statement
        .trim()
        .strip_prefix("ALTER TABLE _mg_old_")?
        .strip_suffix(';')?
        .split_once(" RENAME TO ")?;
    (old == table).then_some(table)
}

/// The other tables of the database whose foreign keys reference `table` (and that the
/// migration does not drop first).
pub(super) fn children_of(
    table: &str,
    schema: &ExistingSchema,
    all_spec: &SpecTables,
) -> Vec<String> {
    all_spec
        .referencing(schema, table)
        .filter(|t| !t.table.name.eq_ignore_ascii_case(table))
        .map(|t| t.table.name.clone())
        .collect()
}

/// What in the database already has the name a rebuild of `table` renames it to
/// (`_mg_old_{table}`, in any case): "a table" or "an index", or `None`.
pub(super) fn rebuild_name_taken(table: &str, schema: &ExistingSchema) -> Option<&'static str> {
    let old = format!("_mg_old_{table}");
    if schema.table(&old).is_some() {
        return Some("a table");
    }
    schema
        .index_owners(&old)
        .next()
        .is_some()
        .then_some("an index")
}

/// The statements of a table rebuild. The old table is renamed away first (with
/// `legacy_alter_table` on, so nothing that references it is rewritten), the new table is
/// created under the final name (so its stored text is exactly the one written), the rows are
/// copied, the old table dropped, indexes and triggers recreated. A table whose text names its
/// columns through its name ([`Rebuild::renames_along`]) is renamed away with
/// `legacy_alter_table` off instead (SQLite rewrites that name in its text, and points what
/// references the table at the renamed one), and the new table is renamed to the old one's name
/// and back at the end, which points all that at it again.
///
/// Nothing is lost when a statement fails, even under a runner that carries on after an error
/// (the `sqlite3` shell reading a file does): everything up to the drop of the old table runs
/// in one transaction (a SAVEPOINT, which also nests inside a caller's transaction), and each
/// check before the drop is an `INSERT OR ROLLBACK`, which on failure rolls the whole
/// transaction back — the rename included, so the `DROP TABLE` of the renamed table that
/// follows finds nothing to drop. The checks: the copy itself (a row that breaks a NOT NULL,
/// CHECK or UNIQUE of the new table), the number of rows copied, and, when other tables
/// reference this one, that foreign keys are off (`PRAGMA foreign_keys = OFF` does nothing
/// inside a transaction, and dropping the old table with them on would cascade into the
/// children); that the table is still the one the migration was generated from ([`Expected`]);
/// after the drop, the new table's foreign keys. An AUTOINCREMENT table keeps its
/// `sqlite_sequence` counter (dropping the old table deletes it).
pub(super) fn rebuild_sql(r: &Rebuild) -> Vec<String> {
    let old = format!("_mg_old_{}", r.table);
    let mut s = Vec::new();
    if r.fk_off {
        s.push("PRAGMA foreign_keys = OFF;".to_string());
        s.push(crate::down::FOREIGN_KEYS_OFF_GUARD[0].to_string());
        s.push("INSERT INTO _mg_guard SELECT foreign_keys FROM pragma_foreign_keys;".to_string());
        s.push("DROP TABLE _mg_guard;".to_string());
        s.push("BEGIN;".to_string());
    } else {
        s.push("SAVEPOINT _mg_rebuild;".to_string());
    }
    // With foreign keys on, a copied row whose parent is missing would fail the copy outright
    // (no ON CONFLICT applies to foreign keys); deferred, the check after the copy rolls back.
    s.push("PRAGMA defer_foreign_keys = ON;".to_string());
    let new_autoincrement = declares_autoincrement(&r.create_sql);
    if r.old_autoincrement && !new_autoincrement {
        // The counter kept below names `sqlite_sequence`, which a database the old table's
        // text was only a spec's reading of (previousSpec: one pulled from a file says
        // autoIncrement for a rowid key) may lack ("no such table"); made first, inside the
        // transaction, where it is missing (the only way a key loses AUTOINCREMENT: against a
        // file such a change is refused).
        s.extend(crate::table_drops::sequence_table_made());
    }
    // A table whose text names its columns through its name cannot be renamed with it on; with
    // it off, SQLite renames along what references the table (other tables' foreign keys,
    // views, triggers), which the renames after the drop bring back.
    s.push(if r.renames_along {
        "PRAGMA legacy_alter_table = OFF;".to_string()
    } else {
        "PRAGMA legacy_alter_table = ON;".to_string()
    });
    s.push(format!("ALTER TABLE {} RENAME TO {old};", r.table));
    // Right after the rename, before anything reads the columns: a column dropped or renamed
    // since would fail the copy with an error of its own ("no such column"), which rolls
    // nothing back and left a runner that stops there in the transaction, the table renamed.
    if let Some(expected) = &r.expected {
        s.push("CREATE TEMP TABLE _mg_state_check (table_changed_since_this_migration_was_generated INTEGER\n  CHECK (table_changed_since_this_migration_was_generated = 0));".to_string());
        s.push(format!(
            "INSERT OR ROLLBACK INTO _mg_state_check SELECT\n  {};",
            expected.mismatch(&r.table, &old, r.renames_along)
        ));
        s.push("DROP TABLE _mg_state_check;".to_string());
    }
    s.push(r.create_sql.clone());
    if let Some(key) = r.becomes_rowid.as_deref().map(quoted_identifier) {
        // A NULL key too: the rowid would give the row a new key of its own, silently (and
        // the down migration would not take it back).
        s.push("CREATE TEMP TABLE _mg_key_check (values_that_are_null_or_not_integers_in_the_new_integer_key INTEGER\n  CHECK (values_that_are_null_or_not_integers_in_the_new_integer_key = 0));".to_string());
        s.push(format!(
            "INSERT OR ROLLBACK INTO _mg_key_check SELECT count(*) FROM {old}\n  WHERE {key} IS NULL OR NOT ({key} = CAST({key} AS INTEGER));"
        ));
        s.push("DROP TABLE _mg_key_check;".to_string());
    }
    // The key made the rowid has its own check above, which the TYPE_NARROWING warning
    // describes (it takes '7.0', which the rowid holds as 7 exactly).
    let numbers_checked: Vec<(String, &str)> = r
        .numbers_checked
        .iter()
        .filter(|(c, _)| {
            r.becomes_rowid
                .as_deref()
                .is_none_or(|k| !k.eq_ignore_ascii_case(c))
        })
        .cloned()
        .collect();
    s.extend(crate::rebuild_number_check::statements(
        &old,
        &numbers_checked,
    ));
    if !r.insert_columns.is_empty() {
        s.push(format!(
            "INSERT OR ROLLBACK INTO {} ({})\n  SELECT {} FROM {old};",
            r.table,
            r.insert_columns.join(", "),
            r.select_exprs.join(", ")
        ));
    }
    let mut check =
        "CREATE TEMP TABLE _mg_copy_check (rows_not_copied INTEGER CHECK (rows_not_copied = 0)"
            .to_string();
    let mut values = format!(
        "(SELECT count(*) FROM {old}) - (SELECT count(*) FROM {})",
        r.table
    );
    for (column, count) in duplicate_guards(&r.table, &r.unique_indexes) {
        check.push_str(",\n  ");
        check.push_str(&column);
        values.push_str(",\n  ");
        values.push_str(&count);
    }
    if r.fk_off {
        check.push_str(",\n  foreign_keys_on INTEGER CHECK (foreign_keys_on = 0)");
        values.push_str(",\n  (SELECT foreign_keys FROM pragma_foreign_keys)");
    }
    s.push(check + ");");
    s.push(format!(
        "INSERT OR ROLLBACK INTO _mg_copy_check SELECT\n  {values};"
    ));
    s.push("DROP TABLE _mg_copy_check;".to_string());
    if new_autoincrement {
        // Both read the renamed table, so that after a rollback (the rename undone) they fail
        // instead of running on their own under a runner that carries on. The old table's
        // counter replaces the one the copy made; an old table without one (a key that becomes
        // the rowid) leaves the copy's, its largest key.
        s.push(counter_made_way(&r.table, &old));
        // One row, the largest: a counter kept for a table without AUTOINCREMENT (below) can
        // have been left under the old name by an earlier rebuild, beside the one renamed now,
        // and SQLite reads the first of two rows of one name (a key deleted earlier given again).
        s.push(format!(
            "INSERT INTO sqlite_sequence (name, seq)\n  SELECT {}, seq FROM (SELECT max(seq) AS seq FROM sqlite_sequence WHERE name = {})\n  WHERE seq IS NOT NULL AND (SELECT count(*) FROM {old}) >= 0;",
            quote_doubling(&r.table),
            quote_doubling(&old)
        ));
        if !r.old_autoincrement {
            // An old table without AUTOINCREMENT may hold a counter kept for it (below, the
            // down migration of a key that lost AUTOINCREMENT): dropping it would leave the row.
            s.push(format!(
                "DELETE FROM sqlite_sequence WHERE name = {} AND (SELECT count(*) FROM {old}) >= 0;",
                quote_doubling(&old)
            ));
        }
    } else if r.old_autoincrement {
        // The key loses AUTOINCREMENT (or leaves the primary key): its counter would go with
        // the old table, and the down migration, which puts AUTOINCREMENT back, would count
        // from the largest key then, giving again the keys of rows deleted from the end. The
        // counter stays under the table's name instead, where SQLite reads no row of a table
        // without AUTOINCREMENT, and the down migration's rebuild carries it back (above).
        s.push(counter_made_way(&r.table, &old));
        s.push(format!(
            "UPDATE sqlite_sequence SET name = {} WHERE name = {}\n  AND (SELECT count(*) FROM {old}) >= 0;",
            quote_doubling(&r.table),
            quote_doubling(&old)
        ));
    }
    s.push(format!("DROP TABLE {old};"));
    s.extend(r.after.iter().cloned());
    if r.renames_along {
        // What the first rename pointed at the old table's name (foreign keys, views,
        // triggers) now names nothing: the new table takes that name, and renamed back, takes
        // them along to its own (SQLite writes the names it rewrites in double quotes). Its
        // text, indexes and triggers make the round trip too, unchanged but for those quotes.
        // After a rollback, the same two renames of the table as it was change nothing else.
        s.push(format!("ALTER TABLE {} RENAME TO {old};", r.table));
        s.push(format!("ALTER TABLE {old} RENAME TO {};", r.table));
    }
    s.push("PRAGMA legacy_alter_table = OFF;".to_string());
    // After the drop, still inside the transaction: the new table's foreign keys hold, and
    // every index and trigger was recreated (one that failed, such as a UNIQUE index over
    // duplicate values, rolls the whole rebuild back, the dropped table included).
    let guard = foreign_key_guard(&r.table);
    s.push(format!("CREATE TEMP TABLE _mg_fk_check (\n  {guard} INTEGER\n    CHECK ({guard} = 0),\n  indexes_or_triggers_not_recreated INTEGER CHECK (indexes_or_triggers_not_recreated = 0));"));
    let names: Vec<String> = r.after_names.iter().map(|n| quote_doubling(n)).collect();
    let recreated = if names.is_empty() {
        "0".to_string()
    } else {
        format!(
            "{} - (SELECT count(*) FROM sqlite_master WHERE type IN ('index', 'trigger')\n    AND name IN ({}))",
            names.len(),
            names.join(", ")
        )
    };
    let mut violations = format!(
        "(SELECT count(*) FROM pragma_foreign_key_check({}))",
        quote_doubling(&r.table)
    );
    for child in &r.children {
        violations.push_str(&format!(
            "\n  + (SELECT count(*) FROM pragma_foreign_key_check({}) WHERE lower(parent) = lower({}))",
            quote_doubling(child),
            quote_doubling(&r.table)
        ));
    }
    s.push(format!(
        "INSERT OR ROLLBACK INTO _mg_fk_check SELECT\n  {violations},\n  {recreated};"
    ));
    s.push("DROP TABLE _mg_fk_check;".to_string());
    if r.fk_off {
        s.push("COMMIT;".to_string());
        s.push("PRAGMA foreign_keys = ON;".to_string());
    } else {
        s.push("RELEASE _mg_rebuild;".to_string());
    }
    s
}

/// The statement of a rebuild of `table` (the old table renamed `old`) that deletes the
/// `sqlite_sequence` row of `table` when the old table has one, which then takes its place (see
/// [`rebuild_sql`]). It reads the renamed table, so that after a rollback (the rename undone) it
/// fails instead of running on its own under a runner that carries on.
fn counter_made_way(table: &str, old: &str) -> String {
    format!(
        "DELETE FROM sqlite_sequence WHERE name = {}\n  AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = {})\n  AND (SELECT count(*) FROM {old}) >= 0;",
        quote_doubling(table),
        quote_doubling(old)
    )
}

/// The column of a rebuild's foreign-key guard, named after the rebuilt `table`
/// (`foreign_key_violations_after_rebuild_of_<table>`), so that SQLite's "CHECK constraint
/// failed" says which table's rebuild left references broken (in it, or in the tables that
/// reference it), as its message names nothing else; quoted when the name is not plain.
fn foreign_key_guard(table: &str) -> String {
    let name = format!("foreign_key_violations_after_rebuild_of_{table}");
    if crate::validate::is_plain_identifier(table) {
        name
    } else {
        quoted_identifier(&name)
    }
}

/// For each UNIQUE index of `table`, the column of a guard's temporary table, named after the
/// index (`duplicates_for_unique_index_<name> INTEGER CHECK (… = 0)`, so that SQLite's "CHECK
/// constraint failed" says which index the values repeat for), and the count that fills it.
fn duplicate_guards(table: &str, indexes: &[Index]) -> Vec<(String, String)> {
    indexes
        .iter()
        .map(|ix| {
            let name = format!("duplicates_for_unique_index_{}", ix.name);
            let column = if crate::validate::is_plain_identifier(&ix.name) {
                name
            } else {
                quoted_identifier(&name)
            };
            (
                format!("{column} INTEGER CHECK ({column} = 0)"),
                duplicate_groups(table, &ix.columns, ix.predicate.as_deref()),
            )
        })
        .collect()
}

/// A query counting the groups of rows of `table` that a UNIQUE index over `columns` (partial
/// over `predicate`) would refuse: equal values (by the columns' own collations, as the index
/// compares them), NULLs apart.
fn duplicate_groups(table: &str, columns: &[String], predicate: Option<&str>) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| quoted_identifier(c)).collect();
    let mut filter: Vec<String> = quoted.iter().map(|c| format!("{c} IS NOT NULL")).collect();
    filter.extend(predicate.iter().map(|p| format!("({p})")));
    format!(
        "(SELECT count(*) FROM (SELECT 1 FROM {table}\n    WHERE {} GROUP BY {} HAVING count(*) > 1))",
        filter.join(" AND "),
        quoted.join(", ")
    )
}

/// The UNIQUE indexes a table changed without a rebuild gets, after its other changes: one
/// guard first counts the rows each index would refuse and, if any, rolls the table's change
/// back (`INSERT OR ROLLBACK`, as the rebuild's checks do) instead of letting the index fail
/// after the columns were added. The table's change is one SAVEPOINT (which nests in a caller's
/// transaction), so that a refusal leaves the table as it was and no transaction open, the
/// guard's own temporary table included. `IF NOT EXISTS` as `described` says
/// ([`Described::index_if_not_exists`]).
pub(super) fn guard_unique_indexes(
    table: &Table,
    unique: Vec<Index>,
    described: Described,
    steps: &mut Vec<AlterStep>,
) {
    let d: &dyn Dialect = &Sqlite;
    if unique.is_empty() {
        return;
    }
    let (columns, counts): (Vec<String>, Vec<String>) =
        duplicate_guards(&table.name, &unique).into_iter().unzip();
    let mut guard = vec![
        format!(
            "CREATE TEMP TABLE _mg_unique_check (\n  {});",
            columns.join(",\n  ")
        ),
        format!(
            "INSERT OR ROLLBACK INTO _mg_unique_check SELECT\n  {};",
            counts.join(",\n  ")
        ),
        "DROP TABLE _mg_unique_check;".to_string(),
    ];
    for ix in &unique {
        let mut up = std::mem::take(&mut guard);
        up.push(d.create_index_text(table, ix, described.index_if_not_exists()));
        steps.push(AlterStep::new(
            up,
            vec![d.drop_index(&table.name, &ix.name)],
        ));
    }
    steps[0].up.insert(0, "SAVEPOINT _mg_alter;".to_string());
    if let Some(last) = steps.last_mut() {
        last.up.push("RELEASE _mg_alter;".to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A UNIQUE index over one column.
    fn index(name: &str, column: &str) -> Index {
        Index {
            name: name.into(),
            columns: vec![column.into()],
            unique: true,
            method: None,
            predicate: None,
        }
    }

    /// The guard's column names the index, quoted when the name is not plain, and SQLite's
    /// refusal says which index the values repeat for.
    #[test]
    fn duplicate_guards_name_the_index_in_sqlites_refusal() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('x', 'y'), ('x', 'z');",
        )
        .unwrap();
        for (name, column, refused) in [
            ("UQ_t_b", "b", None),
            (
                "uq t \"a\"",
                "a",
                Some("CHECK constraint failed: duplicates_for_unique_index_uq t \"a\""),
            ),
            (
                "uq_t_a",
                "a",
                Some("CHECK constraint failed: duplicates_for_unique_index_uq_t_a = 0"),
            ),
        ] {
            let (columns, counts): (Vec<String>, Vec<String>) =
                duplicate_guards("t", &[index(name, column)])
                    .into_iter()
                    .unzip();
            let sql = format!(
                "CREATE TEMP TABLE g ({}); INSERT OR ROLLBACK INTO g SELECT {}; DROP TABLE g;",
                columns.join(", "),
                counts.join(", ")
            );
            match (conn.execute_batch(&sql), refused) {
                (Ok(()), None) => {}
                (Err(e), Some(message)) => {
                    assert_eq!(e.to_string(), message);
                    let _ = conn.execute_batch("DROP TABLE IF EXISTS g;");
                }
                (got, _) => panic!("{name}: {got:?}"),
            }
        }
    }

    /// The rebuild's foreign-key guard is named after the table, quoted when the name is not
    /// plain, and SQLite's refusal says which table's rebuild left references broken.
    #[test]
    fn the_foreign_key_guard_names_the_table_in_sqlites_refusal() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        for (table, refused) in [
            (
                "players",
                "CHECK constraint failed: foreign_key_violations_after_rebuild_of_players = 0",
            ),
            (
                "team players",
                "CHECK constraint failed: foreign_key_violations_after_rebuild_of_team players",
            ),
        ] {
            let guard = foreign_key_guard(table);
            let sql = format!("CREATE TEMP TABLE g ({guard} INTEGER\n    CHECK ({guard} = 0)); INSERT OR ROLLBACK INTO g SELECT 1;");
            let e = conn.execute_batch(&sql).unwrap_err();
            assert_eq!(e.to_string(), refused);
            conn.execute_batch("DROP TABLE g;").unwrap();
        }
    }

    /// With two UNIQUE indexes, SQLite's refusal names the one whose values repeat.
    #[test]
    fn the_guard_of_two_unique_indexes_names_the_one_refused() {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('x', 'y'), ('w', 'y');",
        )
        .unwrap();
        let (columns, counts): (Vec<String>, Vec<String>) =
            duplicate_guards("t", &[index("uq_t_a", "a"), index("uq_t_b", "b")])
                .into_iter()
                .unzip();
        let e = conn
            .execute_batch(&format!(
                "CREATE TEMP TABLE g ({}); INSERT OR ROLLBACK INTO g SELECT {};",
                columns.join(", "),
                counts.join(", ")
            ))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "CHECK constraint failed: duplicates_for_unique_index_uq_t_b = 0"
        );
    }
}
