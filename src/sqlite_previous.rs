//! `previousSpec` on SQLite: the database the previous spec describes, made in memory and read
//! as `existingDbPath` reads a file. The change is then planned as for a database file (ALTER
//! where SQLite can, a rebuild where it cannot, renames first), and the migration is the one
//! `existingDbPath` would give on a database that previous spec created: one path, one set of
//! rules, whichever way the starting schema is given.
//!
//! What a file has and a spec cannot say (rows to count, views, triggers) is not there: the
//! warnings that count rows say what may happen instead of how many rows it happens to, and
//! what rows may refuse of the rules a table gets is said as on PostgreSQL and MySQL, from
//! previousSpec's tables (`rows_refuse_hints`, through `spec_change::PreviousTables`).

use crate::diff::same_endpoints;
use crate::introspect::{self, ExistingSchema};
use crate::report::{Code, Issue, Report};
use crate::spec::{MigrationSpec, SelfCheck, Table};
use std::collections::{HashMap, HashSet};

/// The schema the SQLite database holds by `previous` (the spec it was last migrated to), with
/// the tables of `tables` (the spec's, effective) that are marked `existing: true` and that
/// `previous` lacks: those are in the database as the spec describes them, as with `previousSpec`
/// on PostgreSQL and MySQL. `None` when `previous` cannot be created; its errors are filed, each
/// with "previousSpec: " before it.
///
/// `previous` is validated as it is, exactly as it was when it was the spec (`check` of it): a
/// table it marks existing takes any name the database holds (Prisma's `"User"`, a `tenantId`
/// column, a table named `order`). Those tables, and the spec's marked ones, are then made as
/// they are described ([`marked_tables_sql`]), beside what `previous`'s own migration creates; a
/// user trial's `"User"` had been made as a new table, under the rules of new names, and
/// refused.
pub fn schema(
    previous: &MigrationSpec,
    tables: &[Table],
    report: &mut Report,
) -> Option<ExistingSchema> {
    let Statements { made, marked, up } = statements(previous, tables, report)?;
    let lower = |name: &str| name.to_ascii_lowercase();
    let marked_sql = marked_tables_sql(&marked);
    let mut schema = match in_parts(&marked_sql, &up) {
        Some(schema) => schema,
        None => in_one_database(&marked_sql, &up, report)?,
    };
    // Whether the database has sqlite_sequence is the file's history, which no spec says (see
    // table_drops::step).
    schema.sequence_table_unknown = true;
    // SQLite keeps no name for a foreign key: the warnings about one name it as previousSpec
    // does (`fk_items_owner`, or the generator's name for its table there), as on PostgreSQL and
    // MySQL, not by the generator's name for the key it read (`fk_items_owner_id`; after a
    // rename, the new table's). The first table of a name, as a search finds it.
    let mut by_name: HashMap<String, &Table> = HashMap::new();
    for t in (made.tables.iter()).chain(&marked) {
        by_name.entry(lower(&t.name)).or_insert(t);
    }
    schema.name_foreign_keys(|table, _, fk| {
        let spec = by_name.get(&lower(table))?;
        let named = spec.foreign_keys.iter().find(|s| same_endpoints(s, fk))?;
        Some(named.name(&spec.name))
    });
    Some(schema)
}

/// What makes the database `previous` describes (see [`schema`]).
struct Statements {
    /// `previous` as it was when it was the spec.
    made: MigrationSpec,
    /// The tables the database has that its migration does not create (effective, no longer
    /// marked existing).
    marked: Vec<Table>,
    /// The migration that created `made`'s other tables.
    up: String,
}

/// [`Statements`] of the database `previous` describes, with the tables of `tables` marked
/// existing that it lacks; `None` when `previous` is not valid (its errors filed).
fn statements(
    previous: &MigrationSpec,
    tables: &[Table],
    report: &mut Report,
) -> Option<Statements> {
    let mut made = previous.clone();
    made.previous = None;
    made.existing_db_path = None;
    made.generate_types = false;
    made.self_check = SelfCheck::Expressions;
    made.allow_data_loss = false;
    made.drop_tables_not_in_spec = false;
    let created = crate::generate(&made);
    if !created.validation.valid {
        for mut issue in created.validation.errors {
            issue.message = format!("previousSpec: {}", issue.message);
            report.push(issue);
        }
        return None;
    }
    // Every table it has is in the database, whether an earlier migration made it or not.
    // (Names looked up in a set, lowercased: a search of the tables for each was quadratic.)
    let lower = |name: &str| name.to_ascii_lowercase();
    let has: HashSet<String> = made.tables.iter().map(|p| lower(&p.name)).collect();
    let mut marked: Vec<Table> = (made.tables.iter())
        .filter(|t| t.existing)
        .map(|t| crate::plan::into_effective(t.clone(), made.timestamps))
        .chain(
            tables
                .iter()
                // One that says it is renamed is refused for that (the database would not have
                // it).
                .filter(|t| {
                    t.existing && t.renamed_from.is_none() && !has.contains(&lower(&t.name))
                })
                .cloned(),
        )
        .map(|t| Table {
            existing: false,
            renamed_from: None,
            renamed_columns: Vec::new(),
            ..t
        })
        .collect();
    // Their keys to a table the spec creates are the spec's error, said by its validation.
    let names: HashSet<String> = has
        .iter()
        .cloned()
        .chain(marked.iter().map(|t| lower(&t.name)))
        .collect();
    for t in &mut marked {
        t.foreign_keys
            .retain(|fk| names.contains(&lower(&fk.referenced_table)));
    }
    Some(Statements {
        up: created.up_migration,
        made,
        marked,
    })
}

/// Tables (each with its indexes) made in one in-memory database by [`in_parts`]: few enough
/// that each CREATE's re-read of the schema stays short (SQLite parses the whole schema again
/// for each, so one database of N tables costs N² — 8,000 tables took 100 s), many enough that
/// opening the databases costs little beside them.
const TABLES_PER_DATABASE: usize = 32;

/// The schema that the tables of `marked_sql` (see [`marked_tables_sql`]), then the migration
/// `up` (which creates tables: a table and its indexes a block, blocks separated by a blank
/// line) make in one database, made in databases of [`TABLES_PER_DATABASE`] tables each, in
/// order, and read together ([`introspect::schema_of_parts`]): SQLite needs no referenced table
/// to exist when a table is created. `None` when any part fails or the parts may not give what
/// one database gives: [`in_one_database`] then makes it (and says why it fails, if it does).
fn in_parts(marked_sql: &[(&str, String)], up: &str) -> Option<ExistingSchema> {
    let units: Vec<&str> = (marked_sql.iter())
        .map(|(_, sql)| sql.as_str())
        .chain(up.split("\n\n").filter(|block| !block.trim().is_empty()))
        .collect();
    let chunks: Vec<&[&str]> = units.chunks(TABLES_PER_DATABASE).collect();
    let parts = crate::parallel::map_in_order(&chunks, 4, |chunk| {
        let conn = crate::sqlite_memory::open_in_memory().ok()?;
        for unit in chunk.iter() {
            conn.execute_batch(unit).ok()?;
        }
        introspect::master_rows_in_memory(&conn).ok()
    });
    introspect::schema_of_parts(parts.into_iter().collect::<Option<Vec<_>>>()?)
}

/// The schema that the tables of `marked_sql`, then the migration `up`, make in one in-memory
/// database. `None` when they cannot be made; why is filed: a marked table SQLite refuses as
/// described, with what to do, anything else as an internal error.
fn in_one_database(
    marked_sql: &[(&str, String)],
    up: &str,
    report: &mut Report,
) -> Option<ExistingSchema> {
    let conn = match crate::sqlite_memory::open_in_memory() {
        Ok(conn) => conn,
        Err(e) => {
            report.push(crate::internal_error(&format!(
                "the database previousSpec describes could not be made in memory: {e}"
            )));
            return None;
        }
    };
    for (table, sql) in marked_sql {
        if let Err(e) = conn.execute_batch(sql) {
            report.push(
                Issue::error(
                    Code::InvalidSpec,
                    format!("previousSpec: the table '{table}' is marked existing, and SQLite refuses it as described, so the database previousSpec describes cannot be made to compare with: {e}"),
                )
                .table(table)
                .suggest("describe the table as the database has it (its columns, CHECKs, defaults and indexes), or leave out of its description what SQLite refuses"),
            );
            return None;
        }
    }
    let read = conn
        .execute_batch(up)
        .and_then(|()| introspect::read_schema(&conn));
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

/// The `CREATE TABLE` and `CREATE INDEX` statements of each table of `marked` (effective, no
/// longer marked), by table name: the tables a migration does not create, which the database
/// has as they are described, under whatever names it holds (quoted where they are not plain
/// snake_case).
fn marked_tables_sql(marked: &[Table]) -> Vec<(&str, String)> {
    let d = crate::dialect::for_database(crate::spec::DatabaseType::Sqlite);
    (marked.iter())
        .map(|t| {
            let quoted = with_column_names_quoted(t);
            let statements: Vec<String> = std::iter::once(d.create_table(&quoted))
                .chain(quoted.indexes.iter().map(|i| d.create_index(&quoted, i)))
                .collect();
            (t.name.as_str(), statements.join("\n"))
        })
        .collect()
}

/// `t` with each of its column names, where they are listed (its columns, primary key, UNIQUE
/// constraints, indexes and foreign keys), written as SQLite reads it: quoted where it is not
/// plain snake_case or is a reserved word (`"select"`, `"tenantId"`), which SQLite reads back as
/// the name. The renderer writes a column name as it is, every name of a table a valid spec
/// creates being plain; a table marked existing may have any name the database holds. (The
/// columns a foreign key references are quoted by the renderer, and so are table, index and
/// constraint names.)
fn with_column_names_quoted(t: &Table) -> Table {
    let d = crate::dialect::for_database(crate::spec::DatabaseType::Sqlite);
    let quoted = |names: &mut Vec<String>| {
        for n in names.iter_mut() {
            *n = d.identifier(n).into_owned();
        }
    };
    let mut t = t.clone();
    for c in &mut t.columns {
        c.name = d.identifier(&c.name).into_owned();
    }
    quoted(&mut t.primary_key);
    for u in &mut t.unique_constraints {
        quoted(&mut u.columns);
    }
    for i in &mut t.indexes {
        quoted(&mut i.columns);
    }
    for fk in &mut t.foreign_keys {
        quoted(&mut fk.columns);
    }
    t
}

/// `LOSSY_TYPE_MAPPING` for each text column of `tables` (the spec's, effective) whose length
/// is shorter than `previous` gives it ([`crate::diff::length_not_enforced`]): SQLite declares
/// both TEXT, so the database made from `previous` shows no length, and the change would be
/// `NO_CHANGES` without a word.
pub fn lengths_not_enforced(previous: &MigrationSpec, tables: &[Table], report: &mut Report) {
    for t in tables.iter().filter(|t| !t.existing) {
        let before = t.renamed_from.as_deref().unwrap_or(&t.name);
        let Some(p) = (previous.tables.iter()).find(|p| p.name.eq_ignore_ascii_case(before)) else {
            continue;
        };
        for c in &t.columns {
            let old_name = (t.renamed_columns.iter())
                .find(|(_, new)| new == &c.name)
                .map_or(c.name.as_str(), |(old, _)| old.as_str());
            let Some(old) = p.column(old_name) else {
                continue;
            };
            if let Some(issue) = crate::diff::length_not_enforced(&t.name, old, old.length, c) {
                report.push(issue);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::generate_str;
    use crate::output::GeneratedMigration;
    use rusqlite::Connection;
    use serde_json::{json, Value};

    fn id() -> Value {
        json!({ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true })
    }

    fn spec(tables: Value) -> Value {
        json!({ "description": "d", "databaseType": "sqlite", "now": "2026-12-04T12:00:00Z", "tables": tables })
    }

    fn change(previous: &Value, next: &Value) -> GeneratedMigration {
        let mut s = next.clone();
        s["previousSpec"] = previous.clone();
        generate_str(&s.to_string())
    }

    /// Each table's operation, as "name Operation".
    fn operations(r: &GeneratedMigration) -> Vec<String> {
        r.metadata
            .operations
            .iter()
            .map(|o| format!("{} {:?}", o.table, o.operation))
            .collect()
    }

    /// Each error's code and message.
    fn errors(r: &GeneratedMigration) -> Vec<(&str, &str)> {
        r.validation
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.message.as_str()))
            .collect()
    }

    fn created(spec: &Value) -> Connection {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        let made = generate_str(&spec.to_string());
        assert!(made.validation.valid, "{:?}", made.validation.errors);
        conn.execute_batch(&made.up_migration).unwrap();
        conn
    }

    /// Each table's columns (sorted: SQLite's ADD COLUMN appends), indexes, foreign keys and
    /// whether it has AUTOINCREMENT, as SQLite reports them.
    fn shape(conn: &Connection) -> Vec<String> {
        let strings = |sql: &str| -> Vec<String> {
            let mut stmt = conn.prepare(sql).unwrap();
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows
        };
        let mut out = Vec::new();
        for t in strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
            let mut columns = strings(&format!("SELECT name || ' ' || type || ' ' || \"notnull\" || ' ' || ifnull(dflt_value, '-') || ' ' || pk FROM pragma_table_info('{t}')"));
            columns.sort();
            let mut indexes = strings(&format!("SELECT (CASE origin WHEN 'c' THEN name ELSE origin END) || ' ' || \"unique\" || ' ' || (SELECT group_concat(name) FROM pragma_index_info(l.name)) FROM pragma_index_list('{t}') AS l"));
            indexes.sort();
            let fks = strings(&format!("SELECT \"table\" || ' ' || \"from\" || ' ' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('{t}')"));
            let sql = strings(&format!("SELECT sql FROM sqlite_master WHERE name = '{t}'"));
            let auto = sql[0].contains("AUTOINCREMENT");
            out.push(format!("{t}: {columns:?} {indexes:?} {fks:?} autoincrement={auto}"));
        }
        out
    }

    fn ids(conn: &Connection, sql: &str) -> Vec<i64> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows
    }

    /// The database previousSpec describes, made in parts of `TABLES_PER_DATABASE` tables, is
    /// the one database made whole: the same tables (the marked ones, previousSpec's and the
    /// spec's, first), columns, keys, foreign keys across parts, indexes (partial, UNIQUE),
    /// CHECKs, stored texts, order and `sqlite_sequence` (first made by a table of a later
    /// part).
    #[test]
    fn the_database_made_in_parts_is_the_one_made_whole() {
        let per = super::TABLES_PER_DATABASE;
        let n = 3 * per + 5;
        let table = |i: usize| {
            let key = if i % 7 == 5 && i > per {
                id()
            } else {
                json!({ "name": "id", "type": "INTEGER", "nullable": false })
            };
            let mut t = json!({ "name": format!("t{i}"), "primaryKey": ["id"], "columns": [ key,
                { "name": "code", "type": "VARCHAR", "length": 20, "nullable": true, "unique": i.is_multiple_of(4) },
                { "name": "price", "type": "DECIMAL", "precision": 10, "scale": 2, "nullable": false, "default": 0 },
                { "name": "ref_a", "type": "INTEGER", "nullable": true },
                { "name": "ref_b", "type": "INTEGER", "nullable": true } ],
              "checkConstraints": [{ "name": format!("chk_t{i}_price"), "expression": "price >= 0" }],
              "foreignKeys": [
                { "columns": ["ref_a"], "referencedTable": format!("t{}", (i + per + 3) % n), "referencedColumns": ["id"], "onDelete": "CASCADE" },
                { "columns": ["ref_b"], "referencedTable": if i.is_multiple_of(2) { "User" } else { "t0" }, "referencedColumns": ["id"] } ],
              "indexes": [{ "name": format!("ix_t{i}_ref_a"), "columns": ["ref_a"] }] });
            if i.is_multiple_of(5) {
                t["uniqueConstraints"] = json!([{ "name": format!("uq_t{i}_code_price"), "columns": ["code", "price"] }]);
            }
            if i.is_multiple_of(6) {
                t["indexes"].as_array_mut().unwrap().push(json!({ "name": format!("ux_t{i}_code"), "columns": ["code"], "unique": true, "where": "price > 0" }));
            }
            t
        };
        let user = json!({ "name": "User", "existing": true, "primaryKey": ["id"], "columns": [
            { "name": "id", "type": "INTEGER", "nullable": false },
            { "name": "tenantId", "type": "TEXT", "nullable": true } ],
          "indexes": [{ "name": "ix_user_tenant", "columns": ["tenantId"] }] });
        let legacy = json!({ "name": "legacy", "existing": true, "columns": [ id(),
            { "name": "note", "type": "TEXT", "nullable": true, "unique": true } ] });
        let previous = spec(Value::Array(
            std::iter::once(user).chain((0..n).map(table)).collect(),
        ));
        let mut next = previous.clone();
        next["tables"].as_array_mut().unwrap().push(legacy);
        next["previousSpec"] = previous;
        let mut report = crate::report::Report::default();
        let spec = crate::parse::parse_spec(&next, &mut report).unwrap();
        let tables: Vec<crate::spec::Table> = (spec.tables.iter())
            .map(|t| crate::plan::into_effective(t.clone(), spec.timestamps))
            .collect();
        let made = super::statements(spec.previous.as_ref().unwrap(), &tables, &mut report)
            .expect("previousSpec is valid");
        assert!(report.is_valid(), "{:?}", report.errors);
        let sql = super::marked_tables_sql(&made.marked);
        assert_eq!(
            sql.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
            ["User", "legacy"]
        );
        let parts = super::in_parts(&sql, &made.up).expect("made in parts");
        let whole = super::in_one_database(&sql, &made.up, &mut report).expect("made whole");
        assert!(report.is_valid(), "{:?}", report.errors);
        assert_eq!(parts.tables().len(), n + 2);
        assert!(parts.has_sequence_table);
        assert_eq!(parts, whole);
        // And the change from it (the spec's marked table aside, previousSpec itself): nothing
        // to do, each table skipped.
        let r = generate_str(&next.to_string());
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(
            (r.up_migration.as_str(), r.down_migration.as_str()),
            ("", "")
        );
        assert_eq!(operations(&r).len(), n + 2);
        assert!(
            operations(&r).iter().all(|o| o.ends_with(" Skip")),
            "{:?}",
            operations(&r)
        );
    }

    /// What the parts may not make as one database does is made whole: a name two parts give (an
    /// index `IF NOT EXISTS`, which one database makes once), a view (which may read another
    /// part's table), a statement that fails.
    #[test]
    fn what_parts_may_not_make_as_one_database_does_is_made_whole() {
        let per = super::TABLES_PER_DATABASE;
        let tables = |last: &str| {
            let mut blocks: Vec<String> = (0..per)
                .map(|i| format!("CREATE TABLE t{i} (x INTEGER);\nCREATE INDEX IF NOT EXISTS ix_{i} ON t{i}(x);"))
                .collect();
            blocks.push(last.to_string());
            blocks.join("\n\n")
        };
        let fine = tables("CREATE TABLE last (x INTEGER);");
        assert!(super::in_parts(&[], &fine).is_some());
        for last in [
            "CREATE TABLE last (x INTEGER);\nCREATE INDEX IF NOT EXISTS ix_0 ON last(x);",
            "CREATE VIEW last AS SELECT x FROM t0;",
            "CREATE TABLE t0 (x INTEGER);",
            "CREATE TABLE last (x INTEGER",
        ] {
            assert!(super::in_parts(&[], &tables(last)).is_none(), "{last}");
        }
        // The one database: the index made once, and the view reads t0.
        let mut report = crate::report::Report::default();
        let whole = super::in_one_database(
            &[],
            &tables("CREATE TABLE last (x INTEGER);\nCREATE INDEX IF NOT EXISTS ix_0 ON last(x);"),
            &mut report,
        )
        .unwrap();
        assert_eq!(whole.schema.iter().filter(|s| s.name == "ix_0").count(), 1);
        assert!(super::in_one_database(
            &[],
            &tables("CREATE VIEW last AS SELECT x FROM t0;"),
            &mut report
        )
        .is_some());
        assert!(report.is_valid(), "{:?}", report.errors);
    }

    /// A change with rows, on the bundled SQLite: up gives what a fresh CREATE of the new spec
    /// gives (autoIncrement turned on, timestamps turned on, a column renamed and one added),
    /// down gives the previous schema back, and the rows stay.
    #[test]
    fn a_change_runs_up_to_the_new_spec_and_down_to_the_previous_one() {
        let previous = spec(json!([
            { "name": "things", "timestamps": false, "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false },
                { "name": "label", "type": "TEXT", "nullable": true } ] },
            { "name": "parts", "timestamps": false, "columns": [ id(),
                { "name": "thing_id", "type": "INTEGER", "nullable": true } ],
              "foreignKeys": [{ "columns": ["thing_id"], "referencedTable": "things", "referencedColumns": ["id"] }] }
        ]));
        let mut next = previous.clone();
        next["tables"][0]["columns"][0]["autoIncrement"] = json!(true);
        next["tables"][0]["columns"][1] =
            json!({ "name": "title", "type": "TEXT", "nullable": true, "renamedFrom": "label" });
        next["tables"][1]["timestamps"] = json!(true);
        next["tables"][1]["columns"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "note", "type": "TEXT", "nullable": true }));
        let r = change(&previous, &next);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let ops = operations(&r);
        assert_eq!(ops, ["things Alter", "parts Alter"]);
        let mut fresh_spec = next.clone();
        fresh_spec["tables"][0]["columns"][1]
            .as_object_mut()
            .unwrap()
            .remove("renamedFrom");
        let wanted = shape(&created(&fresh_spec));
        let conn = created(&previous);
        let before = shape(&conn);
        conn.execute_batch("INSERT INTO things (id, label) VALUES (1, 'a'), (7, 'b'); INSERT INTO parts (thing_id) VALUES (7), (NULL);").unwrap();
        conn.execute_batch(&r.up_migration).unwrap();
        assert_eq!(shape(&conn), wanted);
        assert_eq!(ids(&conn, "SELECT id FROM things ORDER BY id"), [1, 7]);
        // AUTOINCREMENT now: a deleted last key is not given again.
        conn.execute_batch("INSERT INTO things (title) VALUES ('c'); DELETE FROM things WHERE id = 8; INSERT INTO things (title) VALUES ('d');").unwrap();
        assert_eq!(ids(&conn, "SELECT id FROM things ORDER BY id"), [1, 7, 9]);
        conn.execute_batch("DELETE FROM things WHERE id = 9;")
            .unwrap();
        conn.execute_batch(&r.down_migration).unwrap();
        assert_eq!(shape(&conn), before);
        assert_eq!(ids(&conn, "SELECT count(*) FROM parts"), [2]);
        assert_eq!(ids(&conn, "SELECT id FROM things WHERE label = 'b'"), [7]);
    }

    /// `autoIncrement` turned off, or the AUTOINCREMENT key leaving the primary key (to another
    /// column, or into a composite key), rebuilds the table without AUTOINCREMENT. Dropping the
    /// old table would take its `sqlite_sequence` counter with it, and the down migration, which
    /// puts AUTOINCREMENT back, would count from the largest key, giving again the key of a row
    /// deleted from the end before the up migration (a migration from previousSpec cannot read
    /// the counter; PostgreSQL and MySQL warn of it). The rebuild keeps the counter under the
    /// table's name instead, and the down migration's rebuild carries it back: on the bundled
    /// SQLite, rows 1..5 with 5 deleted give 6 after up and down, as before them, and no row is
    /// left in `sqlite_sequence` under the rebuild's temporary name. Nothing is said. Turned on,
    /// nothing is lost either.
    #[test]
    fn autoincrement_key_changed_keeps_the_counter_through_the_down_migration() {
        let previous = spec(
            json!([{ "name": "users", "timestamps": false, "columns": [ id(),
            { "name": "code", "type": "VARCHAR", "length": 20, "nullable": false },
            { "name": "age", "type": "INTEGER", "nullable": true } ] }]),
        );
        let changes: [(&str, Value); 3] = [
            ("loses autoIncrement", json!(["id"])),
            ("the key moves to another column", json!(["code"])),
            ("the key becomes composite", json!(["id", "code"])),
        ];
        for (what, key) in changes {
            let mut next = previous.clone();
            next["tables"][0]["columns"][0]["autoIncrement"] = json!(false);
            next["tables"][0]["primaryKey"] = key;
            let r = change(&previous, &next);
            assert!(r.validation.valid, "{what}: {:?}", r.validation.errors);
            assert!(
                !r.validation
                    .warnings
                    .iter()
                    .any(|w| w.message.contains("sqlite_sequence") || w.message.contains("counter")),
                "{what}: {:?}",
                r.validation.warnings
            );
            let conn = created(&previous);
            conn.execute_batch(
                "INSERT INTO users (code, age) VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4), ('e', 5); DELETE FROM users WHERE id = 5;",
            )
            .unwrap();
            conn.execute_batch(&r.up_migration).unwrap();
            conn.execute_batch(&r.down_migration).unwrap();
            assert_eq!(
                ids(
                    &conn,
                    "SELECT seq FROM sqlite_sequence WHERE name = 'users'"
                ),
                [5],
                "{what}"
            );
            assert_eq!(
                ids(
                    &conn,
                    "SELECT count(*) FROM sqlite_sequence WHERE name <> 'users'"
                ),
                [0],
                "{what}"
            );
            conn.execute_batch("INSERT INTO users (code, age) VALUES ('g', 9);")
                .unwrap();
            assert_eq!(
                ids(&conn, "SELECT id FROM users WHERE age = 9"),
                [6],
                "{what}"
            );
            // Turned back on: the rebuild counts from the copied keys, and nothing is said.
            let back = change(&next, &previous);
            assert!(
                back.validation.valid,
                "{what}: {:?}",
                back.validation.errors
            );
            assert!(
                !back
                    .validation
                    .warnings
                    .iter()
                    .any(|w| w.message.contains("counter")),
                "{what}: {:?}",
                back.validation.warnings
            );
        }
    }

    /// A counter kept for a table without AUTOINCREMENT can outlive it under the rebuild's
    /// temporary name (a later rebuild that keeps AUTOINCREMENT off renames it along; dropping a
    /// table without AUTOINCREMENT leaves its row). A table of that name made again with
    /// AUTOINCREMENT and rebuilt then finds two rows under the temporary name: it takes the
    /// largest, one row (it had copied both, and SQLite read the first, the old smaller one,
    /// giving again the key of a row deleted from the end; a review found it). Keys may start
    /// higher than the table's own would: never one given before.
    #[test]
    fn a_counter_left_behind_never_gives_a_key_again() {
        let users = |autoincrement: bool, check: Option<&str>| {
            let mut t = json!({ "name": "users", "timestamps": false, "columns": [ id(),
                { "name": "code", "type": "VARCHAR", "length": 20, "nullable": false },
                { "name": "age", "type": "INTEGER", "nullable": true } ] });
            t["columns"][0]["autoIncrement"] = json!(autoincrement);
            t["primaryKey"] = json!(["id"]);
            if let Some(e) = check {
                t["checkConstraints"] = json!([{ "name": "chk_users_age", "expression": e }]);
            }
            t
        };
        let other = json!({ "name": "other", "timestamps": false, "primaryKey": ["id"],
            "columns": [{ "name": "id", "type": "INTEGER", "nullable": false }] });
        let s0 = spec(json!([users(true, None), other]));
        let s1 = spec(json!([users(false, None), other]));
        let s1b = spec(json!([users(false, Some("age >= 0")), other]));
        let mut s2 = spec(json!([other]));
        s2["dropTablesNotInSpec"] = json!(true);
        s2["allowDataLoss"] = json!(true);
        let s3 = spec(json!([users(true, None), other]));
        let s4 = spec(json!([users(true, Some("age >= 1")), other]));
        let conn = created(&s0);
        conn.execute_batch("INSERT INTO users (code, age) VALUES ('a', 1), ('b', 2), ('c', 3);")
            .unwrap();
        let steps = [(&s0, &s1), (&s1, &s1b), (&s1b, &s2), (&s2, &s3)];
        for (before, after) in steps {
            let r = change(before, after);
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            conn.execute_batch(&r.up_migration).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO users (code, age) VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4), ('e', 5), ('f', 6), ('g', 7), ('h', 8); DELETE FROM users WHERE id >= 8;",
        )
        .unwrap();
        let last = change(&s3, &s4);
        assert!(last.validation.valid, "{:?}", last.validation.errors);
        conn.execute_batch(&last.up_migration).unwrap();
        assert_eq!(
            ids(
                &conn,
                "SELECT count(*) FROM sqlite_sequence WHERE name = 'users'"
            ),
            [1]
        );
        conn.execute_batch("INSERT INTO users (code, age) VALUES ('new', 9);")
            .unwrap();
        let given = ids(&conn, "SELECT id FROM users WHERE code = 'new'");
        assert!(given[0] > 8, "key {} given again", given[0]);
    }

    /// A key moved off a rowid column that is dropped: the table keeps the rows' keys as its
    /// rowids, and the down migration gives them back to the column (it had given every row the
    /// same filler, which the key refused).
    #[test]
    fn a_dropped_rowid_key_comes_back_with_its_values() {
        let previous = spec(
            json!([{ "name": "countries", "timestamps": false, "columns": [ id(),
            { "name": "code", "type": "TEXT", "nullable": false, "unique": true } ] }]),
        );
        let next = spec(
            json!([{ "name": "countries", "timestamps": false, "primaryKey": ["code"], "columns": [
            { "name": "code", "type": "TEXT", "nullable": false } ] }]),
        );
        let mut next = next;
        next["allowDataLoss"] = json!(true);
        let r = change(&previous, &next);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let codes: Vec<&str> = r
            .validation
            .warnings
            .iter()
            .map(|w| w.code.as_str())
            .collect();
        assert_eq!(codes, ["DOWN_DATA_LOSS", "DATA_LOSS", "DOWN_DATA_LOSS"]);
        assert!(r.validation.warnings[0]
            .message
            .starts_with("the down migration makes (id) the primary key of 'countries' again"));
        assert!(r.validation.warnings[2]
            .message
            .starts_with("the down migration gives 'id' back from the rowids the table keeps"));
        let conn = created(&previous);
        conn.execute_batch("INSERT INTO countries (code) VALUES ('x'), ('fr'), ('de'); DELETE FROM countries WHERE code = 'x';").unwrap();
        conn.execute_batch(&r.up_migration).unwrap();
        conn.execute_batch(&r.down_migration).unwrap();
        assert_eq!(ids(&conn, "SELECT id FROM countries ORDER BY code"), [3, 2]);
    }

    #[test]
    fn what_previous_spec_says_wrong_is_refused_with_its_prefix() {
        let previous = spec(json!([{ "name": "users", "columns": [ id() ] }]));
        // A renamedFrom naming nothing previousSpec has.
        let next =
            spec(json!([{ "name": "people", "renamedFrom": "nobody", "columns": [ id() ] }]));
        let r = change(&previous, &next);
        assert_eq!(errors(&r), [("INVALID_SPEC", "the table 'people' has renamedFrom 'nobody', but previousSpec has neither 'nobody' nor 'people'")]);
        let next = spec(json!([{ "name": "users", "columns": [ id(),
            { "name": "mail", "type": "TEXT", "nullable": true, "renamedFrom": "email" } ] }]));
        let r = change(&previous, &next);
        assert_eq!(r.validation.errors.len(), 1);
        assert_eq!(r.validation.errors[0].message, "the column 'mail' has renamedFrom 'email', but previousSpec's table 'users' has neither 'email' nor 'mail'");
        // An invalid previousSpec.
        let broken = spec(json!([{ "name": "users", "columns": [ id() ],
            "foreignKeys": [{ "columns": ["id"], "referencedTable": "ghosts", "referencedColumns": ["id"] }] }]));
        let r = change(&broken, &previous);
        assert!(!r.validation.valid);
        assert!(
            r.validation
                .errors
                .iter()
                .all(|e| e.message.starts_with("previousSpec: ")),
            "{:?}",
            r.validation.errors
        );
    }

    /// A foreign key previousSpec names and the spec takes out is named as previousSpec names it
    /// (SQLite keeps no name for it), as on PostgreSQL and MySQL: not the generator's name for
    /// it (a user trial saw 'fk_items_owner_id'). The migration is the one of the same key
    /// unnamed, and runs.
    #[test]
    fn a_foreign_key_is_named_as_previous_spec_names_it() {
        let users = json!({ "name": "users", "columns": [ id() ] });
        let items = |fks: Value| json!({ "name": "items", "columns": [ id(), { "name": "owner_id", "type": "INTEGER", "nullable": true } ], "foreignKeys": fks });
        let fk = |name: Option<&str>| {
            let mut fk = json!({ "columns": ["owner_id"], "referencedTable": "users", "referencedColumns": ["id"] });
            if let Some(name) = name {
                fk["name"] = json!(name);
            }
            fk
        };
        let next = spec(json!([users, items(json!([]))]));
        // The table renamed too: the key keeps previousSpec's name through the rename.
        let mut things = items(json!([]));
        things["name"] = json!("things");
        things["renamedFrom"] = json!("items");
        let renamed = spec(json!([users, things]));
        let named = spec(json!([users, items(json!([fk(Some("fk_items_owner"))]))]));
        let unnamed = spec(json!([users, items(json!([fk(None)]))]));
        for db in ["sqlite", "postgresql", "mysql"] {
            let on = |s: &Value| {
                let mut s = s.clone();
                s["databaseType"] = json!(db);
                s
            };
            // PostgreSQL's and MySQL's down migration renames the table back before it adds
            // the key: the warning says it of the table under that name.
            let renamed_of = if db == "sqlite" {
                "'things'"
            } else {
                "'items' (which 'things' is named again by then)"
            };
            // An unnamed key of a renamed table: the name previousSpec's generator gave it, which
            // the PostgreSQL and MySQL down migration adds it back under (ADD CONSTRAINT
            // fk_items_owner_id), not the one of the new table's name ('fk_things_owner_id').
            let cases = [
                (&named, &next, "fk_items_owner", "'items'"),
                (&named, &renamed, "fk_items_owner", renamed_of),
                (&unnamed, &renamed, "fk_items_owner_id", renamed_of),
            ];
            for (previous, next, name, of) in cases {
                let r = change(&on(previous), &on(next));
                assert!(r.validation.valid, "{db}: {:?}", r.validation.errors);
                // MySQL's down migration adds the key after the rename back (a change): it
                // looks for the rows refusing it before its first change (mysql_rows_guard).
                // (The rebuild's column order is said, and tested, on its own.)
                let (guards, others): (Vec<_>, Vec<_>) = (r.validation.warnings.iter())
                    .filter(|w| w.code.as_str() == "DOWN_DATA_LOSS")
                    .filter(|w| !crate::column_order::about_rebuild_order(&w.message))
                    .partition(|w| w.message.starts_with("the down migration first looks for"));
                let guarded = db == "mysql" && std::ptr::eq(next, &renamed);
                assert_eq!(guards.len(), usize::from(guarded), "{db} {of}: {guards:?}");
                assert!(
                    (guards.iter()).all(|w| w.message.contains(&format!("'{name}' of 'items'"))),
                    "{db} {of}: {guards:?}"
                );
                let keys: Vec<_> = (others.into_iter())
                    .map(|w| {
                        (
                            w.constraint.as_deref(),
                            w.message
                                .contains(&format!("the foreign key '{name}' of {of} back")),
                        )
                    })
                    .collect();
                assert_eq!(keys, [(Some(name), true)], "{db} {of}");
            }
        }
        let r = change(&named, &next);
        let plain = change(&unnamed, &next);
        assert_eq!(r.up_migration, plain.up_migration);
        assert_eq!(r.down_migration, plain.down_migration);
        let conn = created(&named);
        conn.execute_batch(
            "INSERT INTO users (id) VALUES (1); INSERT INTO items (id, owner_id) VALUES (1, 1);",
        )
        .unwrap();
        conn.execute_batch(&r.up_migration).unwrap();
        conn.execute_batch("INSERT INTO items (id, owner_id) VALUES (2, 9);")
            .unwrap();
        conn.execute_batch(&r.down_migration).unwrap_err();
        conn.execute_batch("DELETE FROM items WHERE id = 2;")
            .unwrap();
        conn.execute_batch(&r.down_migration).unwrap();
    }

    /// What previousSpec has and the spec leaves out is said as on PostgreSQL and MySQL: a
    /// table kept or dropped, named as previousSpec's, with the rename to give; an index, a
    /// foreign key and a CHECK taken out are the change asked for, not warned of as a file's.
    #[test]
    fn what_the_spec_leaves_out_is_said_as_previous_specs() {
        let previous = spec(json!([
            { "name": "users", "columns": [ id(), { "name": "nick", "type": "TEXT", "nullable": true } ],
              "indexes": [{ "name": "idx_users_nick", "columns": ["nick"] }],
              "checkConstraints": [{ "name": "chk_nick", "expression": "nick <> ''" }] },
            { "name": "posts", "columns": [ id(), { "name": "user_id", "type": "INTEGER", "nullable": true } ],
              "foreignKeys": [{ "columns": ["user_id"], "referencedTable": "users", "referencedColumns": ["id"] }] },
            { "name": "logs", "columns": [ id() ] }
        ]));
        let next = spec(json!([
            { "name": "users", "columns": [ id(), { "name": "nick", "type": "TEXT", "nullable": true } ] },
            { "name": "posts", "columns": [ id(), { "name": "user_id", "type": "INTEGER", "nullable": true } ] },
            { "name": "events", "columns": [ id() ] }
        ]));
        let said = |r: &GeneratedMigration| -> Vec<(String, String)> {
            r.validation
                .errors
                .iter()
                .chain(&r.validation.warnings)
                .map(|i| (i.code.as_str().to_string(), i.message.clone()))
                .collect()
        };
        let r = change(&previous, &next);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(
            operations(&r),
            ["users Alter", "posts Alter", "events Create"]
        );
        let rebuild_order = |table: &str, column: &str| {
            format!("the down migration rebuilds '{table}' with its columns in previousSpec's order, which the table may not have: previousSpec lists '{column}' before 'created_at', but if an earlier migration added '{column}' with ADD COLUMN, which puts a column last, the table has it last (previousSpec cannot tell), and the up migration's rebuild moves it to where the spec lists it and the down migration's to where previousSpec lists it, not back to the end: SELECT * and an INSERT without a column list then see the columns of '{table}' in another order (the rows keep their values)")
        };
        let hint = "; the new table 'events' has the same columns: if it is 'logs' renamed, give the table 'events' \"renamedFrom\": \"logs\" (the migration then renames it, with its rows); as it is, this migration creates it empty and";
        // The CHECK and the foreign key the spec takes out come back with the down migration.
        assert_eq!(
            said(&r),
            [
                ("DOWN_DATA_LOSS".to_string(), "the down migration adds the CHECK 'chk_nick' (nick <> '') of 'users' back: a row written since that it refuses (nick = '') makes it fail".to_string()),
                ("DOWN_DATA_LOSS".to_string(), "the down migration adds the foreign key 'fk_posts_user_id' of 'posts' back: a row written since whose (user_id) matches no row of 'users' makes it fail".to_string()),
                ("TABLE_NOT_IN_SPEC".to_string(), format!("the table 'logs' is in previousSpec but not in the spec; it is kept{hint} the rows stay in the old one")),
                // Their rebuilds write previousSpec's order, where a column ADD COLUMN may have
                // put last is listed before the automatic timestamps.
                ("DOWN_DATA_LOSS".to_string(), rebuild_order("users", "nick")),
                ("DOWN_DATA_LOSS".to_string(), rebuild_order("posts", "user_id")),
                ("DOWN_DATA_LOSS".to_string(), "the down migration drops the table 'events' and every row in it".to_string()),
            ]
        );
        let mut dropping = next.clone();
        dropping["dropTablesNotInSpec"] = json!(true);
        let r = change(&previous, &dropping);
        assert_eq!(said(&r)[0], ("DATA_LOSS".to_string(), format!("the table 'logs' is in previousSpec but not in the spec, and dropping it (dropTablesNotInSpec) would lose its rows; allowDataLoss is not set{hint} the rows stay in the old one")));
        dropping["allowDataLoss"] = json!(true);
        let r = change(&previous, &dropping);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(said(&r)[2], ("DATA_LOSS".to_string(), format!("the table 'logs' is in previousSpec but not in the spec, and is dropped with its rows (dropTablesNotInSpec, allowDataLoss); the down migration creates it again, empty, its auto-increment counter starting again from 1 (the counter goes with the table, and neither the down migration nor a later migration that creates the table again puts its value back): new rows can take the ids of the rows lost{hint} the rows are lost")));
        assert!(
            r.up_migration.contains("DROP TABLE logs;"),
            "{}",
            r.up_migration
        );
    }

    /// A table created under the name of an index the same migration drops: the index goes
    /// first (as on PostgreSQL and MySQL), and the down migration makes it again after the
    /// table has gone. A review found it refused (DUPLICATE_NAME).
    #[test]
    fn a_table_takes_the_name_of_an_index_the_migration_drops() {
        let users = |indexes: Value| {
            json!({ "name": "users", "timestamps": false, "columns": [ id(),
            { "name": "nick", "type": "TEXT", "nullable": true } ], "indexes": indexes })
        };
        let previous = spec(json!([users(
            json!([{ "name": "idx_nick", "columns": ["nick"] }])
        )]));
        let next = spec(
            json!([users(json!([])), { "name": "idx_nick", "timestamps": false, "columns": [ id() ] }]),
        );
        let r = change(&previous, &next);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(operations(&r), ["users Alter", "idx_nick Create"]);
        let conn = created(&previous);
        let before = shape(&conn);
        conn.execute_batch(&r.up_migration).unwrap();
        assert_eq!(shape(&conn), shape(&created(&next)));
        conn.execute_batch(&r.down_migration).unwrap();
        assert_eq!(shape(&conn), before);
        // Kept by the spec, the index still holds the name.
        let kept = spec(
            json!([users(json!([{ "name": "idx_nick", "columns": ["nick"] }])),
            { "name": "idx_nick", "timestamps": false, "columns": [ id() ] }]),
        );
        let r = change(&previous, &kept);
        let codes: Vec<&str> = errors(&r).iter().map(|(code, _)| *code).collect();
        assert_eq!(codes, ["DUPLICATE_NAME"], "{:?}", r.validation.errors);
        // The index kept by a table the spec marks existing (not changed) keeps the name.
        let existing = spec(
            json!([{ "name": "users", "existing": true, "columns": [ id() ] },
            { "name": "idx_nick", "timestamps": false, "columns": [ id() ] }]),
        );
        let r = change(&previous, &existing);
        assert_eq!(errors(&r), [("DUPLICATE_NAME", "previousSpec already has an index named 'idx_nick'; a table of that name cannot be created beside it")]);
    }

    /// A table of previousSpec named as a rebuild's copy of another (`_mg_old_users`) is named
    /// as previousSpec's, with what to do about it.
    #[test]
    fn a_table_named_as_a_rebuilds_copy_is_said_to_be_previous_specs() {
        let users = |nullable: bool| {
            json!({ "name": "users", "columns": [ id(),
            { "name": "a", "type": "TEXT", "nullable": nullable, "default": "x" } ] })
        };
        let copy = json!({ "name": "_mg_old_users", "columns": [ id() ] });
        let r = change(
            &spec(json!([users(true), copy])),
            &spec(json!([users(false), copy])),
        );
        let said: Vec<(&str, &str, Option<&str>)> = r
            .validation
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.message.as_str(), e.suggestion.as_deref()))
            .collect();
        assert_eq!(said, [("DUPLICATE_NAME", "the change needs a table rebuild, which renames the table to '_mg_old_users' for the copy, but previousSpec has a table of that name", Some("rename that table (renamedFrom) in a migration before this one, or make this change by hand"))]);
    }

    /// A table marked existing that previousSpec lacks is in the database as the spec says, as
    /// on PostgreSQL and MySQL: a new table's foreign key may reference it.
    #[test]
    fn a_table_marked_existing_is_taken_as_the_spec_describes_it() {
        let previous = spec(json!([{ "name": "users", "columns": [ id() ] }]));
        let next = spec(json!([
            { "name": "users", "columns": [ id() ] },
            { "name": "accounts", "existing": true, "columns": [ id() ] },
            { "name": "logins", "columns": [ id(), { "name": "account_id", "type": "INTEGER", "nullable": true } ],
              "foreignKeys": [{ "columns": ["account_id"], "referencedTable": "accounts", "referencedColumns": ["id"] }] }
        ]));
        let r = change(&previous, &next);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let ops = operations(&r);
        assert_eq!(ops, ["users Skip", "accounts Skip", "logins Create"]);
    }

    /// A chain: a UNIQUE added, then the column made nullable, each from the one before, run
    /// up and back down on rows. The UNIQUE is the table's own (a rebuild), as a CREATE of that
    /// spec has it, which the next migration's rebuild checks the table against (an index, as
    /// against a file, made that check refuse every database the first one ran on).
    #[test]
    fn a_chain_of_migrations_runs_up_and_back_down() {
        let col = |name: &str, extra: Value| {
            let mut c = json!({ "name": name, "type": "TEXT", "nullable": false });
            c.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            c
        };
        let v1 = spec(
            json!([{ "name": "t", "timestamps": false, "columns": [ id(), col("a", json!({})), col("b", json!({})) ] }]),
        );
        let v2 = spec(
            json!([{ "name": "t", "timestamps": false, "columns": [ id(), col("a", json!({ "unique": true })), col("b", json!({})) ],
            "uniqueConstraints": [{ "name": "uq_t_b", "columns": ["b"] }] }]),
        );
        let v3 = spec(
            json!([{ "name": "u", "renamedFrom": "t", "timestamps": false, "columns": [ id(), col("a", json!({ "unique": true, "nullable": true })), col("b", json!({})) ] }]),
        );
        let steps = [change(&v1, &v2), change(&v2, &v3)];
        for r in &steps {
            assert!(r.validation.valid, "{:?}", r.validation.errors);
        }
        let conn = created(&v1);
        let before = shape(&conn);
        conn.execute_batch("INSERT INTO t (a, b) VALUES ('x', 'p'), ('y', 'q');")
            .unwrap();
        for r in &steps {
            conn.execute_batch(&r.up_migration).unwrap();
        }
        assert_eq!(
            shape(&conn),
            shape(&created(&{
                let mut fresh = v3.clone();
                fresh["tables"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("renamedFrom");
                fresh
            }))
        );
        for r in steps.iter().rev() {
            conn.execute_batch(&r.down_migration).unwrap();
        }
        assert_eq!(shape(&conn), before);
        assert_eq!(ids(&conn, "SELECT count(*) FROM t"), [2]);
    }

    /// A key moved off an auto-increment id to an INTEGER column, which becomes the rowid: the
    /// down migration numbers the ids anew (the rowids are the new key's values now), and says
    /// so; it had given the rows the new key's values as ids.
    #[test]
    fn a_key_moved_to_an_integer_column_gives_the_ids_back_numbered_anew() {
        let previous = spec(
            json!([{ "name": "t", "timestamps": false, "columns": [ id(),
            { "name": "num", "type": "INTEGER", "nullable": false } ] }]),
        );
        let mut next = spec(
            json!([{ "name": "t", "timestamps": false, "primaryKey": ["num"], "columns": [
            { "name": "num", "type": "INTEGER", "nullable": false } ] }]),
        );
        next["allowDataLoss"] = json!(true);
        let r = change(&previous, &next);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert!(
            r.validation.warnings.iter().any(|w| w
                .message
                .starts_with("the down migration adds 'id' back numbered anew")),
            "{:?}",
            r.validation.warnings
        );
        let conn = created(&previous);
        conn.execute_batch("INSERT INTO t (num) VALUES (100), (200), (300);")
            .unwrap();
        conn.execute_batch(&r.up_migration).unwrap();
        conn.execute_batch(&r.down_migration).unwrap();
        assert_eq!(ids(&conn, "SELECT id FROM t ORDER BY num"), [1, 2, 3]);
    }

    /// What a file's change does too, found with previousSpec: the old key left out without
    /// allowDataLoss is refused (it crashed the self-check with two primary keys); a foreign key
    /// the same migration drops does not hold the column it referenced; timestamps turned on
    /// over a created_at of the table's own make it the automatic one.
    #[test]
    fn keys_foreign_keys_and_timestamps_change_as_the_spec_says() {
        let previous = spec(
            json!([{ "name": "j", "timestamps": false, "columns": [ id(),
            { "name": "a", "type": "TEXT", "nullable": false } ] }]),
        );
        let next = spec(
            json!([{ "name": "j", "timestamps": false, "primaryKey": ["a"], "columns": [
            { "name": "a", "type": "TEXT", "nullable": false } ] }]),
        );
        let r = change(&previous, &next);
        let codes: Vec<&str> = r
            .validation
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(codes, ["UNSUPPORTED_FEATURE"]);
        assert!(r.validation.errors[0]
            .message
            .starts_with("the primary key moves off 'id'"));

        let previous = spec(json!([
            { "name": "t", "timestamps": false, "columns": [ id(), { "name": "code", "type": "TEXT", "nullable": false, "unique": true } ] },
            { "name": "ch", "timestamps": false, "columns": [ id(), { "name": "t_id", "type": "INTEGER", "nullable": true } ],
              "foreignKeys": [{ "columns": ["t_id"], "referencedTable": "t", "referencedColumns": ["id"] }] }
        ]));
        let mut next = spec(json!([
            { "name": "t", "timestamps": false, "primaryKey": ["code"], "columns": [ { "name": "code", "type": "TEXT", "nullable": false } ] },
            { "name": "ch", "timestamps": false, "columns": [ id(), { "name": "t_id", "type": "INTEGER", "nullable": true } ] }
        ]));
        next["allowDataLoss"] = json!(true);
        let r = change(&previous, &next);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let conn = created(&previous);
        conn.execute_batch("INSERT INTO t (code) VALUES ('a'); INSERT INTO ch (t_id) VALUES (1);")
            .unwrap();
        conn.execute_batch(&r.up_migration).unwrap();
        conn.execute_batch(&r.down_migration).unwrap();
        assert_eq!(ids(&conn, "SELECT t_id FROM ch"), [1]);

        let previous = spec(
            json!([{ "name": "t", "timestamps": false, "columns": [ id(),
            { "name": "created_at", "type": "TIMESTAMP", "nullable": true } ] }]),
        );
        let next = spec(json!([{ "name": "t", "timestamps": true, "columns": [ id() ] }]));
        let r = change(&previous, &next);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let conn = created(&previous);
        conn.execute_batch("INSERT INTO t (created_at) VALUES (NULL);")
            .unwrap();
        conn.execute_batch(&r.up_migration).unwrap();
        assert_eq!(shape(&conn), shape(&created(&next)));
        assert_eq!(
            ids(&conn, "SELECT count(*) FROM t WHERE created_at IS NOT NULL"),
            [1]
        );
    }

    /// A rule an existing table gets (a CHECK, a foreign key, of two columns too, a UNIQUE
    /// column, constraint, index or partial index) is one `ROWS_REFUSE_CHANGE` warning worded
    /// as on PostgreSQL and MySQL (the database made in memory has no rows, which the trial of a
    /// file's tries), whose query, run on a database file previousSpec's migration made and rows
    /// were written to, finds what the migration then fails on, and nothing once they are
    /// mended, when the migration runs.
    #[test]
    fn a_rule_an_existing_table_gets_is_said_with_a_query_that_finds_the_rows_it_refuses() {
        let column = |name: &str, ty: &str| json!({ "name": name, "type": ty, "nullable": true });
        let tables = |rules: Value| {
            let mut projects = json!({ "name": "projects", "timestamps": false, "columns": [ id(),
                column("tenant_id", "INTEGER"), column("tcode", "INTEGER"),
                { "name": "name", "type": "VARCHAR", "length": 50, "nullable": true },
                { "name": "budget", "type": "DECIMAL", "precision": 12, "scale": 2, "nullable": true } ] });
            for (k, v) in rules.as_object().unwrap() {
                match k.as_str() {
                    "unique" => projects["columns"][3]["unique"] = json!(true),
                    _ => projects[k] = v.clone(),
                }
            }
            json!([
                { "name": "tenants", "timestamps": false, "columns": [ id(),
                    { "name": "code", "type": "INTEGER", "nullable": false } ],
                  "uniqueConstraints": [{ "name": "uq_tenants_id_code", "columns": ["id", "code"] }] },
                projects
            ])
        };
        let on = |db: &str, t: Value| {
            let mut s = spec(t);
            s["databaseType"] = json!(db);
            s
        };
        // The rows: tenants (1, 10), (2, 20); projects (id, tenant_id, tcode, name, budget).
        let rows = "INSERT INTO tenants (id, code) VALUES (1, 10), (2, 20);
            INSERT INTO projects (id, tenant_id, tcode, name, budget) VALUES
              (1, 1, 10, 'a', 5), (2, 2, 20, 'b', -1), (3, 9, 10, 'a', 0), (4, NULL, NULL, NULL, NULL),
              (5, 1, 20, 'c', NULL), (6, 1, 10, 'a', 1);";
        // Each rule, what its query finds (as text, a row a line) and what mends the rows.
        let cases = [
            (
                json!({ "checkConstraints": [{ "name": "chk_projects_budget", "expression": "budget >= 0" }] }),
                "2|2|20|b|-1",
                "UPDATE projects SET budget = 0 WHERE budget < 0",
            ),
            (
                json!({ "foreignKeys": [{ "columns": ["tenant_id"], "referencedTable": "tenants", "referencedColumns": ["id"] }] }),
                "3|9|10|a|0",
                "UPDATE projects SET tenant_id = NULL WHERE id = 3",
            ),
            (
                json!({ "foreignKeys": [{ "columns": ["tenant_id", "tcode"], "referencedTable": "tenants", "referencedColumns": ["id", "code"] }] }),
                "3|9|10|a|0\n5|1|20|c|",
                "UPDATE projects SET tcode = NULL WHERE id IN (3, 5)",
            ),
            (
                json!({ "unique": true }),
                "a|3",
                "UPDATE projects SET name = 'a' || id WHERE name = 'a'",
            ),
            (
                json!({ "uniqueConstraints": [{ "name": "uq_projects_tenant_name", "columns": ["tenant_id", "name"] }] }),
                "1|a|2",
                "UPDATE projects SET name = 'd' WHERE id = 6",
            ),
            (
                json!({ "indexes": [{ "name": "ux_projects_tcode", "columns": ["tcode"], "unique": true }] }),
                "10|3\n20|2",
                "UPDATE projects SET tcode = NULL WHERE id <> 1",
            ),
            (
                json!({ "indexes": [{ "name": "ux_projects_name_funded", "columns": ["name"], "unique": true, "where": "budget > 0" }] }),
                "a|2",
                "UPDATE projects SET budget = 0 WHERE id = 6",
            ),
        ];
        let dir = std::env::temp_dir().join(format!("mg_G_previous_rows_{}", std::process::id()));
        for (rules, found, mend) in cases {
            let said = |db: &str| -> Vec<(String, String)> {
                let r = change(&on(db, tables(json!({}))), &on(db, tables(rules.clone())));
                assert!(
                    r.validation.valid,
                    "{db} {rules}: {:?}",
                    r.validation.errors
                );
                (r.validation.warnings.iter())
                    .filter(|w| w.code == crate::report::Code::RowsRefuseChange)
                    .map(|w| (w.message.clone(), w.suggestion.clone().unwrap_or_default()))
                    .collect()
            };
            // (How the migration fails is said by database: a SQLite migration is rolled back
            // whole.)
            let sqlite: Vec<(String, String)> = (said("sqlite").into_iter())
                .map(|(m, s)| (m.replace("(SQLite rolls the whole migration back: none of its changes stays done)", "(rolled back)"), s))
                .collect();
            assert_eq!(sqlite.len(), 1, "{rules}: {sqlite:?}");
            assert_eq!(sqlite, said("postgresql"), "{rules}");
            // (MySQL has no partial index.)
            if !rules.to_string().contains("\"where\"") {
                let mysql = (said("mysql").into_iter())
                    .map(|(m, s)| {
                        (
                            m.replace(
                                "(MySQL commits each statement: those before it stay done)",
                                "(rolled back)",
                            ),
                            s,
                        )
                    })
                    .collect::<Vec<_>>();
                assert_eq!(sqlite, mysql, "{rules}");
            }
            let (_, suggestion) = &sqlite[0];
            let query = &suggestion[suggestion.find("SELECT ").unwrap()..];
            let up = change(&spec(tables(json!({}))), &spec(tables(rules.clone()))).up_migration;
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let conn = crate::sqlite_memory::open(dir.join("app.db")).unwrap();
            conn.execute_batch(&generate_str(&spec(tables(json!({}))).to_string()).up_migration)
                .unwrap();
            conn.execute_batch(rows).unwrap();
            let rows_found = |conn: &Connection| -> String {
                let mut statement = conn.prepare(query).unwrap();
                let n = statement.column_count();
                let lines: Vec<String> = (statement.query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                                rusqlite::types::Value::Null => String::new(),
                                rusqlite::types::Value::Integer(i) => i.to_string(),
                                rusqlite::types::Value::Real(f) => f.to_string(),
                                rusqlite::types::Value::Text(t) => t,
                                rusqlite::types::Value::Blob(_) => "blob".into(),
                            })
                        })
                        .collect::<Result<Vec<String>, _>>()
                        .map(|v| v.join("|"))
                }))
                .unwrap()
                .map(Result::unwrap)
                .collect();
                lines.join("\n")
            };
            assert_eq!(rows_found(&conn), found, "{rules}: {query}");
            assert!(conn.execute_batch(&up).is_err(), "{rules}");
            let _ = conn.execute_batch("ROLLBACK;");
            conn.execute_batch(mend).unwrap();
            assert_eq!(rows_found(&conn), "", "{rules}: {query}");
            conn.execute_batch(&up).unwrap();
            drop(conn);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
