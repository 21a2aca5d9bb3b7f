//! For a migration made against a database (`previousSpec`, `existingDbPath`), the warnings
//! about expressions, defaults and foreign keys kept only where the migration writes them
//! ([`keep_written_expression_warnings`]).

use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use foldhash::HashMap;

/// What a migration made against a database (`previousSpec`, `existingDbPath`) writes for one
/// table of the spec, for [`keep_written_expression_warnings`].
pub(crate) enum TableSql {
    /// The table is created: each of its expressions and foreign keys is in the migration.
    Created,
    /// The table is changed by these up statements (a SQLite rebuild's among them).
    Changed(Vec<String>),
}

/// Whether `w` is a warning about an expression or a default of the spec that a migration made
/// against a database gives only where it writes it ([`keep_written_expression_warnings`]):
/// `UNKNOWN_FUNCTION`
/// ([`warn_unknown_functions`](super::expressions::warn_unknown_functions)), and
/// `INVALID_DEFAULT`'s warning, a string default that is one call
/// ([`crate::defaults::string_default_as_call`]; the other
/// `INVALID_DEFAULT`s are errors); and MySQL's `FOREIGN_KEY_ACTION_LIMITED` about a foreign key
/// or a cycle of them, which is news only for a migration that writes one of its foreign keys
/// (the same warning on every later migration said nothing new).
pub(crate) fn said_where_written(w: &Issue) -> bool {
    matches!(
        w.code,
        Code::UnknownFunction
            | Code::UnknownCollation
            | Code::InvalidDefault
            | Code::ForeignKeyActionLimited
    )
}

/// Keeps, of the warnings [`said_where_written`] names that validation gave for `tables`,
/// those whose expression or default the migration writes, for a migration made against a
/// database: each says what happens when the migration runs or of the rows it gives a default,
/// which is true only of what is in its SQL. `written`: what the migration writes for each
/// table it creates or changes; the warnings of any other table go (the migration leaves it as
/// it is). A changed table keeps a warning when one of its statements holds the expression as
/// the dialect writes it: a CHECK as `CHECK (…)`, a partial index's predicate as `WHERE …`, an
/// expression default as `(…)`, a string default as its literal (also what a rebuild fills
/// NULLs with), a foreign key as `FOREIGN KEY (…) REFERENCES …` with its actions; a warning
/// about a cycle of foreign keys through several tables
/// ([`Dialect::foreign_key_cycle_warnings`]) is kept when the migration writes one of them. A
/// plain CREATE writes every expression and foreign key: it is not called then.
pub(crate) fn keep_written_expression_warnings(
    d: &dyn Dialect,
    report: &mut Report,
    tables: &[Table],
    written: &HashMap<&str, TableSql>,
) {
    if !report.warnings.iter().any(said_where_written) {
        return;
    }
    let by_name: HashMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    // Found again only when there is a warning about a cycle.
    let found_cycles: std::cell::OnceCell<Vec<crate::dialect::CycleWarning>> =
        std::cell::OnceCell::new();
    let cycles = || found_cycles.get_or_init(|| d.foreign_key_cycle_warnings(tables));
    // Whether the migration writes any of these (table, text) pairs; none found, the warning
    // is kept, as it was.
    let any_written = |places: &[(&str, Vec<String>)]| {
        places.iter().all(|(_, texts)| texts.is_empty())
            || places.iter().any(|(name, texts)| match written.get(name) {
                None => false,
                Some(TableSql::Created) => true,
                Some(TableSql::Changed(statements)) => statements
                    .iter()
                    .any(|s| texts.iter().any(|text| s.contains(text.as_str()))),
            })
    };
    report.warnings.retain(|w| {
        if !said_where_written(w) {
            return true;
        }
        let Some(name) = w.table.as_deref() else {
            return true;
        };
        if w.code == Code::ForeignKeyActionLimited && w.constraint.is_none() {
            // A cycle of tables: kept when the migration writes one of its foreign keys.
            let Some((_, fks)) =
                (cycles().iter()).find(|(c, _)| c.table == w.table && c.message == w.message)
            else {
                return true;
            };
            let places: Vec<(&str, Vec<String>)> = fks
                .iter()
                .map(|&(t, k)| {
                    let t = &tables[t];
                    (
                        t.name.as_str(),
                        vec![foreign_key_as_written(d, t, &t.foreign_keys[k])],
                    )
                })
                .collect();
            return any_written(&places);
        }
        let texts = match (by_name.get(name), w.code) {
            (None, _) => Vec::new(),
            (Some(t), Code::ForeignKeyActionLimited) => (t.foreign_keys.iter())
                .filter(|fk| w.constraint.as_deref() == Some(fk.name(&t.name).as_str()))
                .map(|fk| foreign_key_as_written(d, t, fk))
                .collect(),
            (Some(t), _) => expression_as_written(d, t, w),
        };
        match written.get(name) {
            None => false,
            Some(_) => any_written(&[(name, texts)]),
        }
    });
}

/// `FOREIGN KEY (…) REFERENCES …` with its actions: how a statement that adds `fk` to `t`
/// writes it ([`Dialect::add_foreign_key`]).
pub(super) fn foreign_key_as_written(d: &dyn Dialect, t: &Table, fk: &ForeignKey) -> String {
    let statement = d.add_foreign_key(t, fk);
    let from = statement.find("FOREIGN KEY").unwrap_or(0);
    statement[from..].trim_end_matches(';').to_string()
}

/// The text(s) a statement that writes the expression a warning `w` names (a CHECK or index by
/// its constraint, a default by its column) holds, as [`Dialect`] writes them
/// (`check_line`, `create_index_text`, `default_value`).
pub(super) fn expression_as_written(d: &dyn Dialect, t: &Table, w: &Issue) -> Vec<String> {
    let mut texts = Vec::new();
    if let Some(column) = w.column.as_deref() {
        match t.column(column).and_then(|c| c.default.as_ref()) {
            Some(DefaultValue::Expression(e)) => texts.push(format!("({})", d.expression(e))),
            Some(DefaultValue::Str(s)) => texts.push(d.string_literal(s)),
            _ => {}
        }
    }
    if let Some(name) = w.constraint.as_deref() {
        texts.extend(
            (t.check_constraints.iter())
                .filter(|c| c.name == name)
                .map(|c| format!("CHECK ({})", d.expression(&c.expression))),
        );
        texts.extend(
            (t.indexes.iter())
                .filter(|i| i.name == name)
                .filter_map(|i| i.predicate.as_ref())
                .map(|p| format!(" WHERE {}", d.expression(p))),
        );
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UNKNOWN_FUNCTION warnings of a result, as (table, constraint or column).
    fn unknown_function_places(r: &crate::output::GeneratedMigration) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = (r.validation.warnings.iter())
            .filter(|w| w.code == Code::UnknownFunction)
            .map(|w| {
                let place = w.constraint.clone().or_else(|| w.column.clone());
                (
                    w.table.clone().unwrap_or_default(),
                    place.unwrap_or_default(),
                )
            })
            .collect();
        found.sort();
        found
    }

    /// `kept` is left as it is, with a default, a CHECK and a partial index over concat()
    /// (SQLite 3.44); `rebuilt` keeps its CHECK over concat(), and a column changed from
    /// INTEGER to TEXT rebuilds it; `checked` gets a CHECK over concat(); `indexed` gets a
    /// column (ADD COLUMN, no rebuild) and a partial index over concat(), and keeps its older
    /// one. The tables before (`after` false) or after the change.
    fn sqlite_scope_tables(after: bool) -> serde_json::Value {
        let n_type = if after { "TEXT" } else { "INTEGER" };
        let mut checked = serde_json::json!({"name": "checked", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "s", "type": "TEXT", "nullable": true}]});
        let mut indexed = serde_json::json!({"name": "indexed", "primaryKey": ["id"], "columns": [
            {"name": "id", "type": "INTEGER", "nullable": false},
            {"name": "s", "type": "TEXT", "nullable": true}],
            "indexes": [{"name": "ix_indexed_old", "columns": ["s"], "where": "concat(s, 'q') <> 'r'"}]});
        if after {
            checked["checkConstraints"] =
                serde_json::json!([{"name": "chk_checked", "expression": "concat(s, '') <> 'y'"}]);
            indexed["columns"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"name": "t", "type": "TEXT", "nullable": true}));
            indexed["indexes"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!(
                    {"name": "ix_indexed_new", "columns": ["t"], "where": "concat(t, '') <> ''"}
                ));
        }
        serde_json::json!([
            {"name": "kept", "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "s", "type": "TEXT", "nullable": true, "default": {"expression": "concat('a', 'b')"}}],
             "checkConstraints": [{"name": "chk_kept", "expression": "concat(s, '') <> 'x'"}],
             "indexes": [{"name": "ix_kept", "columns": ["s"], "where": "concat(s, 'y') <> 'z'"}]},
            {"name": "rebuilt", "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "n", "type": n_type, "nullable": true},
                {"name": "s", "type": "TEXT", "nullable": true}],
             "checkConstraints": [{"name": "chk_rebuilt", "expression": "concat(s, '') <> 'x'"}]},
            checked,
            indexed,
        ])
    }

    /// A migration made against a database (previousSpec, or the SQLite file itself) warns
    /// about an expression SQLite 3.35 lacks only where it writes it: not for a table it leaves
    /// as it is (the warning said "the migration fails" of SQL the migration does not have), nor
    /// for an index of a table it changes without a rebuild; for a table it rebuilds, a CHECK
    /// it adds and an index it creates, yes. A plain CREATE still warns about each. The bundled
    /// SQLite runs each migration on the database the previous spec made.
    #[test]
    fn sqlite_expression_warnings_only_for_what_the_migration_writes() {
        let spec = |tables: serde_json::Value| serde_json::json!({"description": "d", "databaseType": "sqlite", "timestamps": false, "tables": tables});
        let place = |t: &str, p: &str| (t.to_string(), p.to_string());
        let written = vec![
            place("checked", "chk_checked"),
            place("indexed", "ix_indexed_new"),
            place("rebuilt", "chk_rebuilt"),
        ];
        let before = crate::generate_str(&spec(sqlite_scope_tables(false)).to_string());
        assert!(before.validation.valid, "{:?}", before.validation.errors);

        let mut from_previous = spec(sqlite_scope_tables(true));
        from_previous["previousSpec"] = spec(sqlite_scope_tables(false));
        let r = crate::generate_str(&from_previous.to_string());
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(unknown_function_places(&r), written);
        // What it leaves out, it does not write.
        assert!(
            !r.up_migration.contains("concat('a', 'b')"),
            "{}",
            r.up_migration
        );
        assert!(!r.up_migration.contains("ix_kept"), "{}", r.up_migration);
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&before.up_migration).unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute_batch(&r.down_migration).unwrap();

        let dir = std::env::temp_dir().join(format!("mg-scope-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("app.db");
        let _ = std::fs::remove_file(&path);
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch(&before.up_migration)
            .unwrap();
        let mut from_file = spec(sqlite_scope_tables(true));
        from_file["existingDbPath"] = path.to_string_lossy().into();
        let r = crate::generate_str(&from_file.to_string());
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        assert_eq!(unknown_function_places(&r), written);
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch(&r.up_migration)
            .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();

        let created = crate::generate_str(&spec(sqlite_scope_tables(true)).to_string());
        assert!(created.validation.valid, "{:?}", created.validation.errors);
        assert_eq!(
            unknown_function_places(&created),
            [
                place("checked", "chk_checked"),
                place("indexed", "ix_indexed_new"),
                place("indexed", "ix_indexed_old"),
                place("kept", "chk_kept"),
                place("kept", "ix_kept"),
                place("kept", "s"),
                place("rebuilt", "chk_rebuilt"),
            ]
        );
    }

    /// MySQL's FOREIGN_KEY_ACTION_LIMITED warnings, as (table, foreign key or the cycle's
    /// tables), sorted.
    fn limited_actions(r: &crate::output::GeneratedMigration) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = (r.validation.warnings.iter())
            .filter(|w| w.code == Code::ForeignKeyActionLimited)
            .map(|w| {
                let what = w.constraint.clone().unwrap_or_else(|| {
                    let delete = w.message.contains("cascade ON DELETE round a cycle");
                    format!("{} cycle", if delete { "delete" } else { "update" })
                });
                (w.table.clone().unwrap_or_default(), what)
            })
            .collect();
        found.sort();
        found
    }

    /// A MySQL spec of a tree (`nodes`, ON DELETE and ON UPDATE CASCADE to itself), two tables
    /// that cascade ON DELETE into each other (`a`, `b`), and `items`; `edit` changes its JSON.
    fn cascading_tables(edit: impl Fn(&mut serde_json::Value)) -> serde_json::Value {
        let int =
            |name: &str| serde_json::json!({"name": name, "type": "INTEGER", "nullable": true});
        let id = serde_json::json!({"name": "id", "type": "INTEGER", "nullable": false});
        let fk = |column: &str, to: &str| serde_json::json!({"columns": [column], "referencedTable": to, "referencedColumns": ["id"], "onDelete": "CASCADE"});
        let mut tree = fk("parent_id", "nodes");
        tree["onUpdate"] = "CASCADE".into();
        let mut spec = serde_json::json!({"description": "d", "databaseType": "mysql", "timestamps": false, "tables": [
            {"name": "nodes", "primaryKey": ["id"], "columns": [id, int("parent_id")], "foreignKeys": [tree]},
            {"name": "a", "primaryKey": ["id"], "columns": [id, int("b_id")], "foreignKeys": [fk("b_id", "b")]},
            {"name": "b", "primaryKey": ["id"], "columns": [id, int("a_id")], "foreignKeys": [fk("a_id", "a")]},
            {"name": "items", "primaryKey": ["id"], "columns": [id]},
        ]});
        edit(&mut spec);
        spec
    }

    /// From previousSpec, MySQL's FOREIGN_KEY_ACTION_LIMITED is said only when the migration
    /// writes the foreign key (creates its table, adds it, changes it) or, for a cycle of
    /// tables, one of the cycle's: not on every later migration of the schema (a user got the
    /// same warning on each). A plain CREATE says each.
    #[test]
    fn mysql_limited_foreign_key_actions_are_said_only_when_the_migration_writes_them() {
        let said = |previous: serde_json::Value, now: serde_json::Value| {
            let mut spec = now;
            spec["previousSpec"] = previous;
            let r = crate::generate_str(&spec.to_string());
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            limited_actions(&r)
        };
        let pair = |t: &str, what: &str| (t.to_string(), what.to_string());
        let all = vec![
            pair("a", "delete cycle"),
            pair("nodes", "fk_nodes_parent_id"),
            pair("nodes", "fk_nodes_parent_id"),
        ];
        let created = crate::generate_str(&cascading_tables(|_| {}).to_string());
        assert_eq!(limited_actions(&created), all);
        // A column added to another table, and one added to the tree and to a table of the
        // cycle: none of the foreign keys is written.
        let unrelated = cascading_tables(|s| {
            s["tables"][3]["columns"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"name": "n", "type": "INTEGER", "nullable": true}));
            for t in [0, 1] {
                s["tables"][t]["columns"].as_array_mut().unwrap().push(
                    serde_json::json!({"name": "note", "type": "VARCHAR", "length": 20, "nullable": true}),
                );
            }
        });
        assert!(said(cascading_tables(|_| {}), unrelated).is_empty());
        // The tree's key given its actions, one key of the cycle made CASCADE: said.
        let plain = cascading_tables(|s| {
            let tree = &mut s["tables"][0]["foreignKeys"][0];
            tree.as_object_mut().unwrap().remove("onUpdate");
            tree.as_object_mut().unwrap().remove("onDelete");
            s["tables"][2]["foreignKeys"][0]["onDelete"] = "RESTRICT".into();
        });
        assert_eq!(said(plain.clone(), cascading_tables(|_| {})), all);
        // Only the cycle's key changed: only the cycle said.
        let restricted = cascading_tables(|s| {
            s["tables"][2]["foreignKeys"][0]["onDelete"] = "RESTRICT".into();
        });
        assert_eq!(
            said(restricted, cascading_tables(|_| {})),
            [pair("a", "delete cycle")]
        );
        // A table of the cycle created: the cycle is the migration's.
        let without_b = cascading_tables(|s| {
            s["tables"].as_array_mut().unwrap().remove(2);
            s["tables"][1]["foreignKeys"] = serde_json::json!([]);
        });
        assert_eq!(
            said(without_b, cascading_tables(|_| {})),
            [pair("a", "delete cycle")]
        );
    }

    /// From previousSpec on PostgreSQL and MySQL, a function the database lacks is warned
    /// about only in what the migration writes: a CHECK it adds, not the CHECK, default or
    /// index WHERE of a table it leaves as it is, nor the CHECK of a table it adds a column to.
    /// On the servers: `__test__/unknown-functions.test.mjs`.
    #[test]
    fn server_expression_warnings_only_for_what_the_migration_writes() {
        for (db, lacking) in [("postgresql", "len(s)"), ("mysql", "len(s)")] {
            let tables = |after: bool| {
                let mut kept = serde_json::json!({"name": "kept", "primaryKey": ["id"], "columns": [
                    {"name": "id", "type": "INTEGER", "nullable": false},
                    {"name": "s", "type": "VARCHAR", "length": 40, "nullable": true},
                    {"name": "code", "type": "VARCHAR", "length": 40, "nullable": true, "default": {"expression": "make_code()"}}],
                    "checkConstraints": [{"name": "chk_kept", "expression": format!("{lacking} > 0")}]});
                if db == "postgresql" {
                    kept["indexes"] = serde_json::json!([{"name": "ix_kept", "columns": ["s"], "where": format!("{lacking} > 3")}]);
                }
                let mut touched = serde_json::json!({"name": "touched", "primaryKey": ["id"], "columns": [
                    {"name": "id", "type": "INTEGER", "nullable": false},
                    {"name": "s", "type": "VARCHAR", "length": 40, "nullable": true}]});
                let mut widened = serde_json::json!({"name": "widened", "primaryKey": ["id"], "columns": [
                    {"name": "id", "type": "INTEGER", "nullable": false},
                    {"name": "s", "type": "VARCHAR", "length": 40, "nullable": true}],
                    "checkConstraints": [{"name": "chk_widened", "expression": format!("{lacking} > 2")}]});
                if after {
                    // `length(` is written `CHAR_LENGTH(` on MySQL: the CHECK is still found as written.
                    touched["checkConstraints"] = serde_json::json!([{"name": "chk_touched", "expression": format!("length(s) > 0 AND {lacking} > 1")}]);
                    widened["columns"].as_array_mut().unwrap().push(
                        serde_json::json!({"name": "m", "type": "INTEGER", "nullable": true}),
                    );
                }
                serde_json::json!({"description": "d", "databaseType": db, "timestamps": false, "tables": [kept, touched, widened]})
            };
            let mut spec = tables(true);
            spec["previousSpec"] = tables(false);
            let r = crate::generate_str(&spec.to_string());
            assert!(r.validation.valid, "{db}: {:?}", r.validation.errors);
            assert_eq!(
                unknown_function_places(&r),
                [("touched".to_string(), "chk_touched".to_string())],
                "{db}"
            );
            assert!(
                !r.up_migration.contains("make_code"),
                "{db}: {}",
                r.up_migration
            );
            let created = crate::generate_str(&tables(true).to_string());
            let expected = if db == "postgresql" { 5 } else { 4 };
            assert_eq!(unknown_function_places(&created).len(), expected, "{db}");
        }
    }

    /// The (table, column) of each INVALID_DEFAULT warning of a result.
    fn string_call_default_places(r: &crate::output::GeneratedMigration) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = (r.validation.warnings.iter())
            .filter(|w| w.code == Code::InvalidDefault)
            .map(|w| {
                (
                    w.table.clone().unwrap_or_default(),
                    w.column.clone().unwrap_or_default(),
                )
            })
            .collect();
        found.sort();
        found
    }

    /// The tables of [`string_call_defaults_warned_only_where_the_migration_writes_them`]
    /// before (`after` false) or after the change, each with a text column `s` whose string
    /// default is the call `call` (or, in `changed` before, plain text): `kept` is left as it
    /// is, `touched` gets a column without a default, `added` gets `s`, `changed` has its
    /// default changed to the call, `created` is new.
    fn string_call_default_tables(call: &str, after: bool) -> serde_json::Value {
        let id = serde_json::json!({"name": "id", "type": "INTEGER", "nullable": false});
        let s = |default: &str| serde_json::json!({"name": "s", "type": "TEXT", "nullable": true, "default": default});
        let m = serde_json::json!({"name": "m", "type": "INTEGER", "nullable": true});
        let table = |name: &str, columns: Vec<serde_json::Value>| serde_json::json!({"name": name, "primaryKey": ["id"], "columns": columns});
        let mut tables = vec![
            table("kept", vec![id.clone(), s(call)]),
            table(
                "touched",
                if after {
                    vec![id.clone(), s(call), m]
                } else {
                    vec![id.clone(), s(call)]
                },
            ),
            table(
                "added",
                if after {
                    vec![id.clone(), s(call)]
                } else {
                    vec![id.clone()]
                },
            ),
            table(
                "changed",
                vec![id.clone(), s(if after { call } else { "x" })],
            ),
        ];
        if after {
            tables.push(table("created", vec![id, s(call)]));
        }
        serde_json::Value::Array(tables)
    }

    /// A string default that is one call (INVALID_DEFAULT's warning) is warned about, in a
    /// migration made against a database (previousSpec, or the SQLite file), only where the
    /// migration writes the default: a table it creates, a column it adds, a default it changes;
    /// not a table it leaves as it is, nor one it adds another column to (before, each
    /// migration repeated it for every such column). A CREATE without previousSpec warns about
    /// each. The bundled SQLite runs the SQLite migrations, and the rows get the text.
    #[test]
    fn string_call_defaults_warned_only_where_the_migration_writes_them() {
        let place = |t: &str| (t.to_string(), "s".to_string());
        let written = vec![place("added"), place("changed"), place("created")];
        for (db, call) in [
            ("sqlite", "datetime('now')"),
            ("postgresql", "gen_random_uuid()"),
            ("mysql", "uuid()"),
        ] {
            let spec = |after: bool| serde_json::json!({"description": "d", "databaseType": db, "timestamps": false, "tables": string_call_default_tables(call, after)});
            let mut from_previous = spec(true);
            from_previous["previousSpec"] = spec(false);
            let r = crate::generate_str(&from_previous.to_string());
            assert!(r.validation.valid, "{db}: {:?}", r.validation.errors);
            assert_eq!(string_call_default_places(&r), written, "{db}");
            let created = crate::generate_str(&spec(true).to_string());
            assert!(
                created.validation.valid,
                "{db}: {:?}",
                created.validation.errors
            );
            assert_eq!(
                string_call_default_places(&created),
                [
                    place("added"),
                    place("changed"),
                    place("created"),
                    place("kept"),
                    place("touched")
                ],
                "{db}"
            );
            if db != "sqlite" {
                continue;
            }
            let before = crate::generate_str(&spec(false).to_string());
            let dir = std::env::temp_dir().join(format!("mg-string-call-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("app.db");
            let _ = std::fs::remove_file(&path);
            let file = crate::sqlite_memory::open(&path).unwrap();
            file.execute_batch(&before.up_migration).unwrap();
            let mut from_file = spec(true);
            from_file["existingDbPath"] = path.to_string_lossy().into();
            let r_file = crate::generate_str(&from_file.to_string());
            assert!(r_file.validation.valid, "{:?}", r_file.validation.errors);
            assert_eq!(string_call_default_places(&r_file), written);
            file.execute_batch(&r_file.up_migration).unwrap();
            for t in ["kept", "touched", "added", "changed", "created"] {
                file.execute(&format!("INSERT INTO \"{t}\" (id) VALUES (1)"), [])
                    .unwrap();
                let got: String = file
                    .query_row(&format!("SELECT s FROM \"{t}\""), [], |r| r.get(0))
                    .unwrap();
                assert_eq!(got, call, "{t}");
            }
            drop(file);
            std::fs::remove_dir_all(&dir).unwrap();
            let db = crate::sqlite_memory::open_in_memory().unwrap();
            db.execute_batch(&before.up_migration).unwrap();
            db.execute_batch(&r.up_migration).unwrap();
            db.execute_batch(&r.down_migration).unwrap();
        }
    }
}
