//! What the spec leaves out of a table without `allowDataLoss`: the columns kept, with the
//! foreign keys, UNIQUE and CHECK constraints and indexes on them, held to what the dialect
//! and the rest of the change ask of the table.

use super::words;
use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use std::borrow::Cow;

/// What holds a foreign key that this migration leaves as it is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Holder {
    /// A table previousSpec has and the spec leaves out.
    KeptTable,
    /// A table marked `existing: true`.
    Marked,
    /// Columns of a table of the spec that it leaves out (kept without `allowDataLoss`).
    KeptColumns,
}

/// The foreign keys of `previous` (as previousSpec has it) on a column that `table`, the same
/// table in the spec, leaves out (neither listed nor renamed), which the migration keeps
/// without `allowDataLoss`: they stay as they are, never dropped and added again (what they
/// reference is held to that, as a kept table's are), unless the spec gives a key of its own
/// their name.
pub(super) fn kept_foreign_keys<'p>(previous: &'p Table, table: &Table) -> Vec<&'p ForeignKey> {
    let left_out = |c: &String| {
        table.column(c).is_none() && !table.renamed_columns.iter().any(|(old, _)| old == c)
    };
    previous
        .foreign_keys
        .iter()
        .filter(|fk| fk.columns.iter().any(left_out))
        .filter(|fk| !spec_names(table, &fk.name(&previous.name)))
        .collect()
}

/// `table` with what `previous` (the same table, the columns the spec renames renamed) has on
/// the columns the spec leaves out, which the migration keeps without `allowDataLoss`: those
/// columns, and the UNIQUE and CHECK constraints and indexes that name one of them, unless the
/// spec gives their name to one of its own (their foreign keys are [`kept_foreign_keys`]). The
/// spec says nothing about them, so the migration leaves them as they are, as SQLite's does
/// (its rebuild keeps them); it dropped them, so that the same spec left PostgreSQL's and
/// MySQL's columns without their foreign keys and CHECKs.
pub(super) fn with_kept<'t>(
    d: &dyn Dialect,
    previous: &Table,
    table: &'t Table,
    allow_data_loss: bool,
) -> Cow<'t, Table> {
    if allow_data_loss {
        return Cow::Borrowed(table);
    }
    let Some(part) = kept_part(d, previous, table) else {
        return Cow::Borrowed(table);
    };
    let mut out = table.clone();
    out.columns.extend(part.columns);
    out.unique_constraints.extend(part.unique_constraints);
    out.check_constraints.extend(part.check_constraints);
    out.indexes.extend(part.indexes);
    Cow::Owned(out)
}

/// What [`with_kept`] adds to `table` from `previous` (which may have the columns the spec
/// renames under their old names: those are not kept), as a table of `table`'s name, or `None`
/// when the spec leaves out no column. An object keeps its name unless the spec gives it to one
/// of its own on the table (of any kind: they share a namespace on PostgreSQL); those are
/// [`replaced_on_kept`].
pub(super) fn kept_part(d: &dyn Dialect, previous: &Table, table: &Table) -> Option<Table> {
    let (columns, on) = on_kept_columns(d, previous, table)?;
    let kept = |name: &str| !spec_names(table, name);
    // A column's own UNIQUE, named by the database, goes as a named one does.
    let column = |c: &Column| {
        let mut c = c.clone();
        if own_unique_name(d, previous, &table.name, &c.name).is_some_and(|n| !kept(&n)) {
            c.unique = false;
        }
        c
    };
    Some(Table {
        name: table.name.clone(),
        columns: columns.into_iter().map(column).collect(),
        unique_constraints: on
            .uniques
            .into_iter()
            .filter(|u| kept(&u.name))
            .cloned()
            .collect(),
        check_constraints: on
            .checks
            .into_iter()
            .filter(|c| kept(&c.name))
            .cloned()
            .collect(),
        indexes: on
            .indexes
            .into_iter()
            .filter(|i| kept(&i.name))
            .cloned()
            .collect(),
        ..Table::default()
    })
}

/// Errors (and warnings) of the dialect's validation ([`Dialect::validate_table`]) that the
/// table `kept` as the migration leaves it (the spec's `table` with what it keeps on the columns
/// the spec leaves out: [`with_kept`]) has and neither the spec's table nor `previous` (with the
/// spec's renames) has: a kept CHECK on a
/// column that becomes MySQL's AUTO_INCREMENT or that a new foreign key's action changes
/// (error 3823), a kept index past MySQL's 3072 bytes once a column widens, a TEXT column in a
/// kept UNIQUE written as VARCHAR(255). The database refuses the first ones part-way through
/// the migration, where the same objects in the spec are refused before any SQL is written.
pub(super) fn kept_refused(
    d: &dyn Dialect,
    (previous, table): (&Table, &Table),
    kept: &Table,
    report: &mut Report,
) {
    let said = |t: &Table| {
        let mut report = Report::default();
        d.validate_table(t, &crate::dialect::check_columns(d, t), &mut report);
        report
    };
    // What previousSpec's table had already (a warning about a kept column this migration
    // leaves as it is) is nothing new.
    let (own, before, with_kept) = (said(table), said(previous), said(kept));
    let new = |issue: &&Issue, of: [&[Issue]; 2]| {
        !of.iter()
            .flat_map(|o| o.iter())
            .any(|o| o.code == issue.code && o.message == issue.message)
    };
    let errors = (with_kept.errors.iter()).filter(|i| new(i, [&own.errors, &before.errors]));
    let warnings =
        (with_kept.warnings.iter()).filter(|i| new(i, [&own.warnings, &before.warnings]));
    for issue in errors.chain(warnings) {
        let mut issue = issue.clone();
        issue.message.push_str(" (on the table as this migration leaves it, with the columns previousSpec has and this spec leaves out, which are kept with their UNIQUE, CHECK and index constraints)");
        if issue.severity == crate::report::Severity::Error {
            issue.suggestion = Some("list the columns the spec leaves out again, without the kept object this is about (the migration then drops it), or drop those columns with allowDataLoss".to_string());
        }
        report.push(issue.table(&table.name));
    }
}

/// The name the database gives the UNIQUE of `previous`'s column `column` declared `unique`
/// (PostgreSQL's `{table}_{column}_key` on the table's name `table` — the spec's, which a
/// rename gives it —, MySQL's the column's), where the column has one of its own (not its
/// table's one-column primary key, nor on PostgreSQL merged into a UNIQUE constraint on it
/// alone); `None` on SQLite, whose name for it (`sqlite_autoindex_…`) no spec can give.
pub(super) fn own_unique_name(
    d: &dyn Dialect,
    previous: &Table,
    table: &str,
    column: &str,
) -> Option<String> {
    if d.database_type() == DatabaseType::Sqlite {
        return None;
    }
    let created = super::as_created(d, previous);
    let c = created.column(column)?;
    super::generated_names::unique_column(&created, c).then(|| d.column_unique_name(table, column))
}

/// Whether `table` (of the spec) gives `name` to a UNIQUE, CHECK, index or foreign key of its own.
pub(super) fn spec_names(table: &Table, name: &str) -> bool {
    spec_object_named(table, name).is_some()
}

/// What `table` (of the spec) gives `name` to, of its UNIQUE and CHECK constraints, indexes and
/// foreign keys ("a UNIQUE constraint", …).
fn spec_object_named(table: &Table, name: &str) -> Option<&'static str> {
    if table.unique_constraints.iter().any(|u| u.name == name) {
        Some("a UNIQUE constraint")
    } else if table.check_constraints.iter().any(|c| c.name == name) {
        Some("a CHECK")
    } else if table.indexes.iter().any(|i| i.name == name) {
        Some("an index")
    } else if (table.foreign_keys.iter()).any(|f| f.name(&table.name) == name) {
        Some("a foreign key")
    } else {
        None
    }
}

/// The UNIQUE and CHECK constraints and indexes of `previous` that name a column of it.
pub(super) struct OnColumns<'p> {
    /// The UNIQUE constraints.
    pub(super) uniques: Vec<&'p UniqueConstraint>,
    /// The CHECK constraints.
    pub(super) checks: Vec<&'p CheckConstraint>,
    /// The indexes (by their columns or their WHERE).
    pub(super) indexes: Vec<&'p Index>,
}

/// The columns of `previous` that `table` leaves out (neither listed nor renamed), and the
/// UNIQUE and CHECK constraints and indexes that name one of them, or `None` when it leaves
/// none out. A CHECK or a WHERE names a column where its parsed text does (not in a string
/// literal).
pub(super) fn on_kept_columns<'p>(
    d: &dyn Dialect,
    previous: &'p Table,
    table: &Table,
) -> Option<(Vec<&'p Column>, OnColumns<'p>)> {
    let kept: Vec<&Column> = previous
        .columns
        .iter()
        .filter(|c| {
            table.column(&c.name).is_none()
                && !table.renamed_columns.iter().any(|(old, _)| *old == c.name)
        })
        .collect();
    if kept.is_empty() {
        return None;
    }
    let is_kept = |name: &str| kept.iter().any(|c| c.name.eq_ignore_ascii_case(name));
    let names_kept = |columns: &[String], text: Option<&str>| {
        columns.iter().any(|c| is_kept(c))
            || text.is_some_and(|t| match crate::expr::check_expression(d.parser(), t) {
                Ok(names) => names.iter().any(|n| is_kept(n)),
                Err(_) => words(t).any(is_kept),
            })
    };
    let on = OnColumns {
        uniques: (previous.unique_constraints.iter())
            .filter(|u| names_kept(&u.columns, None))
            .collect(),
        checks: (previous.check_constraints.iter())
            .filter(|c| names_kept(&[], Some(&c.expression)))
            .collect(),
        indexes: (previous.indexes.iter())
            .filter(|i| names_kept(&i.columns, i.predicate.as_deref()))
            .collect(),
    };
    Some((kept, on))
}

/// Warnings for what a column `table` leaves out would keep (kept without `allowDataLoss`) but
/// loses because the spec gives its name to an object of its own on the table: a UNIQUE, CHECK,
/// index or foreign key on the kept column, which the spec cannot list, so that the migration
/// drops it (it used to, with no word).
pub(super) fn replaced_on_kept(d: &dyn Dialect, previous: &Table, table: &Table) -> Vec<Issue> {
    let Some((columns, on)) = on_kept_columns(d, previous, table) else {
        return Vec::new();
    };
    // The kept column an object names (the first, for several).
    let kept_of = |names: &[String], text: Option<&str>| {
        let parsed: Vec<String> = text
            .map(|t| {
                crate::expr::check_expression(d.parser(), t)
                    .unwrap_or_else(|_| words(t).map(str::to_string).collect())
            })
            .unwrap_or_default();
        columns
            .iter()
            .find(|c| (names.iter().chain(&parsed)).any(|n| n.eq_ignore_ascii_case(&c.name)))
            .map_or_else(String::new, |c| c.name.clone())
    };
    let previous_keys = previous.foreign_keys.iter().filter(|fk| {
        fk.columns
            .iter()
            .any(|c| columns.iter().any(|k| k.name == *c))
    });
    // A kept column's own UNIQUE (under the name the database gave it) as a named one.
    let own_uniques = columns.iter().filter_map(|c| {
        let name = own_unique_name(d, previous, &table.name, &c.name)?;
        Some(("UNIQUE constraint", name, c.name.clone(), true))
    });
    let replaced = (on.uniques.iter())
        .map(|u| {
            (
                "UNIQUE constraint",
                u.name.clone(),
                kept_of(&u.columns, None),
                true,
            )
        })
        .chain(own_uniques)
        .chain(on.checks.iter().map(|c| {
            let column = kept_of(&[], Some(&c.expression));
            ("CHECK", c.name.clone(), column, true)
        }))
        .chain(on.indexes.iter().map(|i| {
            let column = kept_of(&i.columns, i.predicate.as_deref());
            ("index", i.name.clone(), column, false)
        }))
        .chain(previous_keys.map(|fk| {
            let column = kept_of(&fk.columns, None);
            ("foreign key", fk.name(&previous.name), column, true)
        }))
        .filter_map(|(kind, name, column, constraint)| {
            let taker = spec_object_named(table, &name)?;
            Some((kind, name, column, constraint, taker))
        });
    replaced
        .map(|(kind, name, column, constraint, taker)| {
            let code = if constraint {
                Code::ConstraintNotInSpec
            } else {
                Code::IndexNotInSpec
            };
            Issue::warning(
                code,
                format!("the {kind} '{name}' on '{column}', a column previousSpec has and this spec leaves out (it is kept), is dropped: the spec gives its name to {taker} of its own"),
            )
            .table(&table.name)
            .column(&column)
            .constraint(&name)
            .suggest(format!("give the spec's object another name to keep the {kind}, or list '{column}' in the spec with it (or set allowDataLoss: true to drop the column)"))
        })
        .collect()
}

#[cfg(test)]
mod tests {

    use crate::report::Code;
    use crate::spec_change::test_support::*;

    /// Columns the spec leaves out are kept with what is on them (as SQLite's rebuild keeps
    /// them): no statement drops their foreign key, UNIQUE, CHECK or index, unless the spec
    /// gives one's name to its own, which replaces it. With allowDataLoss they go with it.
    #[test]
    fn what_is_on_a_column_the_spec_leaves_out_is_kept_with_it() {
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#;
        let on_kept = r#",{"name":"owner_id","type":"INTEGER","nullable":true},{"name":"n","type":"INTEGER","nullable":true}"#;
        let rules = r#","foreignKeys":[{"columns":["owner_id"],"referencedTable":"users","referencedColumns":["id"]}],"checkConstraints":[{"name":"ck_t_n","expression":"n > 0"}],"uniqueConstraints":[{"name":"uq_t_n","columns":["n"]}],"indexes":[{"name":"ix_t_n","columns":["n"]}INDEXES]"#;
        for db in ["sqlite", "postgresql", "mysql"] {
            // (An index whose WHERE names the column, where there are partial indexes.)
            let partial = r#",{"name":"ix_t_p","columns":["id"],"where":"n > 1"}"#;
            let rules = rules.replace("INDEXES", if db == "mysql" { "" } else { partial });
            let previous = [users.to_string(), table(on_kept, &rules)];
            let run = |tables: &[String], loss: bool| {
                let mut spec = postgres_change(tables, &previous).replace("postgresql", db);
                if loss {
                    spec = spec.replace(r#""tables""#, r#""allowDataLoss":true,"tables""#);
                }
                let result = crate::generate_str(&spec);
                assert!(
                    result.validation.valid,
                    "{db} {:?}",
                    result.validation.errors
                );
                result
            };
            let kept = run(&[users.to_string(), table("", "")], false);
            assert_eq!(kept.up_migration.trim(), "", "{db}");
            assert_eq!(kept.down_migration.trim(), "", "{db}");
            // The spec's own index of that name replaces the kept one.
            let own = r#","indexes":[{"name":"ix_t_n","columns":["id"]}]"#;
            let replaced = run(&[users.to_string(), table("", own)], false);
            assert!(
                replaced.up_migration.contains("ix_t_n"),
                "{db} {}",
                replaced.up_migration
            );
            assert!(
                !replaced.up_migration.contains("ck_t_n"),
                "{db} {}",
                replaced.up_migration
            );
            // The kept index it replaces, on the kept column 'n', is said to go.
            let said: Vec<(Code, Option<&str>, Option<&str>)> = (replaced.validation.warnings)
                .iter()
                .filter(|w| w.code == Code::IndexNotInSpec)
                .map(|w| (w.code, w.column.as_deref(), w.constraint.as_deref()))
                .collect();
            assert_eq!(
                said,
                [(Code::IndexNotInSpec, Some("n"), Some("ix_t_n"))],
                "{db}"
            );
            let dropped = run(&[users.to_string(), table("", "")], true);
            for gone in ["owner_id", "n"] {
                assert!(
                    dropped.up_migration.contains(gone),
                    "{db} {}",
                    dropped.up_migration
                );
            }
        }
    }

    /// From a user trial of MySQL chains: what a kept column keeps is held to what MySQL asks of
    /// a table, as the spec's own objects are, before any SQL is written (each of these failed
    /// part-way through the up migration, on MariaDB 10.11 and MySQL 9.7, or narrowed a column
    /// without a word).
    #[test]
    fn what_a_kept_column_keeps_is_held_to_what_mysql_asks_of_a_table() {
        let run = |tables: &[String], previous: &[String]| {
            crate::generate_str(&postgres_change(tables, previous).replace("postgresql", "mysql"))
        };
        let errors = |r: &crate::GeneratedMigration| -> Vec<(Code, String)> {
            r.validation
                .errors
                .iter()
                .map(|e| (e.code, e.message.clone()))
                .collect()
        };
        let said_kept = |e: &(Code, String), what: &str| {
            e.0 == Code::UnsupportedFeature
                && e.1.contains(what)
                && e.1
                    .contains("with the columns previousSpec has and this spec leaves out")
        };
        let w = r#",{"name":"w","type":"INTEGER","nullable":true}"#;
        // A kept CHECK on the key that becomes AUTO_INCREMENT.
        let previous = table(
            w,
            r#","checkConstraints":[{"name":"chk_t_idw","expression":"id > w"}]"#,
        );
        let numbered = r#"{"name":"t","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}],"primaryKey":["id"]}"#.to_string();
        let found = errors(&run(
            std::slice::from_ref(&numbered),
            std::slice::from_ref(&previous),
        ));
        assert!(
            found.len() == 1 && said_kept(&found[0], "AUTO_INCREMENT"),
            "{found:?}"
        );
        // The kept columns dropped: nothing is kept.
        let allowed = crate::generate_str(
            &postgres_change(std::slice::from_ref(&numbered), &[previous])
                .replace("postgresql", "mysql")
                .replacen(r#""tables""#, r#""allowDataLoss":true,"tables""#, 1),
        );
        assert!(allowed.validation.valid, "{:?}", allowed.validation.errors);
        // A kept CHECK on a column a new foreign key's ON DELETE SET NULL changes (3823).
        let parent = r#"{"name":"p","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#.to_string();
        let p_id = r#",{"name":"p_id","type":"INTEGER","nullable":true}"#;
        let child = table(
            &format!("{p_id}{w}"),
            r#","checkConstraints":[{"name":"chk_t_pw","expression":"p_id > w"}]"#,
        );
        let with_key = table(
            p_id,
            r#","foreignKeys":[{"columns":["p_id"],"referencedTable":"p","referencedColumns":["id"],"onDelete":"SET NULL"}]"#,
        );
        let found = errors(&run(
            &[parent.clone(), with_key],
            &[parent.clone(), child.clone()],
        ));
        assert!(
            found.len() == 1 && said_kept(&found[0], "3823"),
            "{found:?}"
        );
        let cascade = table(
            p_id,
            r#","foreignKeys":[{"columns":["p_id"],"referencedTable":"p","referencedColumns":["id"],"onDelete":"CASCADE"}]"#,
        );
        let fine = run(&[parent.clone(), cascade], &[parent, child]);
        assert!(fine.validation.valid, "{:?}", fine.validation.errors);
        // A kept index past 3072 bytes once a column of it widens.
        let index = r#","indexes":[{"name":"ix_t_ws","columns":["w","s"]}]"#;
        let s =
            |n: u32| format!(r#",{{"name":"s","type":"VARCHAR","length":{n},"nullable":true}}"#);
        let found = errors(&run(
            &[table(&s(1000), "")],
            &[table(&format!("{}{w}", s(700)), index)],
        ));
        assert!(
            found.len() == 1 && said_kept(&found[0], "3072"),
            "{found:?}"
        );
        let fits = run(
            &[table(&s(760), "")],
            &[table(&format!("{}{w}", s(700)), index)],
        );
        assert!(fits.validation.valid, "{:?}", fits.validation.errors);
        // A TEXT column in a kept UNIQUE is VARCHAR(255): narrowing, as with the spec's own.
        let unique = r#","uniqueConstraints":[{"name":"uq_t_ws","columns":["w","s"]}]"#;
        let text = r#",{"name":"s","type":"TEXT","nullable":true}"#;
        let narrowed = run(
            &[table(text, "")],
            &[table(&format!("{}{w}", s(300)), unique)],
        );
        let codes: Vec<Code> = narrowed.validation.errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [Code::TypeNarrowing],
            "{:?}",
            narrowed.validation.errors
        );
        let lossy = narrowed
            .validation
            .warnings
            .iter()
            .find(|w| w.code == Code::LossyTypeMapping)
            .expect("LOSSY_TYPE_MAPPING");
        assert!(
            lossy.message.contains("with the columns previousSpec has"),
            "{lossy:?}"
        );
        // A kept TEXT column in a kept UNIQUE, as previousSpec had them: nothing new to say.
        let same = run(&[table("", "")], &[table(&format!("{text}{w}"), unique)]);
        assert!(same.validation.valid, "{:?}", same.validation.errors);
        assert!(
            !same
                .validation
                .warnings
                .iter()
                .any(|w| w.code == Code::LossyTypeMapping),
            "{:?}",
            same.validation.warnings
        );
    }

    /// From a review of the kept columns: a kept CHECK naming a column the spec renames (MySQL
    /// refuses the rename), a kept composite key over a column whose type changes, a kept
    /// object's name taken by another table, and a literal in a CHECK read as a kept column.
    #[test]
    fn what_a_kept_column_keeps_is_held_to_the_rest_of_the_change() {
        let errors = |spec: &str| -> Vec<(Code, Option<String>)> {
            crate::generate_str(spec)
                .validation
                .errors
                .iter()
                .map(|e| (e.code, e.constraint.clone()))
                .collect()
        };
        let change = |db: &str, tables: &[String], previous: &[String]| {
            postgres_change(tables, previous).replace("postgresql", db)
        };
        // MySQL refuses to rename a column a CHECK uses.
        let check =
            r#","checkConstraints":[{"name":"ck_t_n","expression":"n > 0 OR title <> ''"}]"#;
        let previous = [table(
            r#",{"name":"n","type":"INTEGER","nullable":true},{"name":"title","type":"VARCHAR","length":9,"nullable":true}"#,
            check,
        )];
        let renamed = [table(
            r#",{"name":"headline","renamedFrom":"title","type":"VARCHAR","length":9,"nullable":true}"#,
            "",
        )];
        assert_eq!(
            errors(&change("mysql", &renamed, &previous)),
            [(Code::UnsupportedFeature, Some("ck_t_n".to_string()))]
        );
        assert_eq!(errors(&change("postgresql", &renamed, &previous)), []);
        // A kept composite foreign key over a column whose type changes.
        let parent = r#"{"name":"p","columns":[{"name":"a","type":"INTEGER","nullable":false},{"name":"b","type":"INTEGER","nullable":false}],"primaryKey":["a","b"]}"#.to_string();
        let fk = r#","foreignKeys":[{"columns":["pa","pb"],"referencedTable":"p","referencedColumns":["a","b"]}]"#;
        let child = table(
            r#",{"name":"pa","type":"INTEGER","nullable":true},{"name":"pb","type":"INTEGER","nullable":true}"#,
            fk,
        );
        let retyped = table(r#",{"name":"pb","type":"TEXT","nullable":true}"#, "");
        for db in ["postgresql", "mysql"] {
            let found = errors(&change(
                db,
                &[parent.clone(), retyped.clone()],
                &[parent.clone(), child.clone()],
            ));
            assert!(
                found.contains(&(Code::DependentObjects, Some("fk_t_pa_pb".to_string()))),
                "{db} {found:?}"
            );
        }
        // The same key with 'pb' renamed as it changes type: named as the spec names it.
        let renamed = table(
            r#",{"name":"qb","renamedFrom":"pb","type":"TEXT","nullable":true}"#,
            "",
        );
        let result = crate::generate_str(&change(
            "postgresql",
            &[parent.clone(), renamed],
            &[parent.clone(), child.clone()],
        ));
        let error = (result.validation.errors.iter())
            .find(|e| e.code == Code::DependentObjects)
            .expect("DEPENDENT_OBJECTS");
        assert_eq!(error.column.as_deref(), Some("qb"));
        let suggestion = error.suggestion.as_deref().unwrap_or_default();
        assert!(suggestion.contains("list (pa, qb)"), "{suggestion}");
        // A kept UNIQUE's name taken by another table (PostgreSQL names it for the database).
        let unique = r#","uniqueConstraints":[{"name":"uq_shared","columns":["n"]}]"#;
        let with_n = table(r#",{"name":"n","type":"INTEGER","nullable":true}"#, unique);
        let other = r#"{"name":"o","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"m","type":"INTEGER","nullable":true}],"primaryKey":["id"],"uniqueConstraints":[{"name":"uq_shared","columns":["m"]}]}"#.to_string();
        assert_eq!(
            errors(&change("postgresql", &[table("", ""), other], &[with_n])),
            [(Code::DuplicateName, Some("uq_shared".to_string()))]
        );
        // 'n' as a string literal names no column: the CHECK the spec takes out goes.
        let literal = r#","checkConstraints":[{"name":"ck_t_s","expression":"s <> 'n'"}]"#;
        let columns = r#",{"name":"n","type":"INTEGER","nullable":true},{"name":"s","type":"VARCHAR","length":9,"nullable":true}"#;
        let result = crate::generate_str(&change(
            "postgresql",
            &[table(
                r#",{"name":"s","type":"VARCHAR","length":9,"nullable":true}"#,
                "",
            )],
            &[table(columns, literal)],
        ));
        assert!(
            result.up_migration.contains("DROP CONSTRAINT ck_t_s"),
            "{}",
            result.up_migration
        );
    }

    /// A kept foreign key's warnings name its table and columns as the spec does: a table
    /// renamed (renamedFrom) by its new name.
    #[test]
    fn a_kept_foreign_key_is_named_as_the_spec_names_its_table() {
        let users = |ty: &str| {
            format!(
                r#"{{"name":"users","columns":[{{"name":"id","type":"{ty}","nullable":false}}],"primaryKey":["id"]}}"#
            )
        };
        let child = table(
            r#",{"name":"owner_id","type":"INTEGER","nullable":true}"#,
            r#","foreignKeys":[{"columns":["owner_id"],"referencedTable":"users","referencedColumns":["id"]}]"#,
        );
        let renamed = table("", "").replace(r#""name":"t""#, r#""name":"t2","renamedFrom":"t""#);
        let spec = postgres_change(&[users("BIGINT"), renamed], &[users("INTEGER"), child]);
        let result = crate::generate_str(&spec);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        let warning = (result.validation.warnings.iter())
            .find(|w| w.code == Code::ForeignKeyTypeMismatch)
            .expect("FOREIGN_KEY_TYPE_MISMATCH");
        assert_eq!(warning.table.as_deref(), Some("t2"), "{}", warning.message);
        assert!(warning.message.contains("of 't2'"), "{}", warning.message);
    }

    /// A UNIQUE, CHECK or foreign key on a kept column whose name the spec gives to one of its
    /// own is dropped, and said to be.
    #[test]
    fn a_kept_object_whose_name_the_spec_takes_is_said_to_go() {
        let users = r#"{"name":"users","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#.to_string();
        let previous = table(
            r#",{"name":"n","type":"INTEGER","nullable":true},{"name":"owner_id","type":"INTEGER","nullable":true}"#,
            r#","checkConstraints":[{"name":"ck_t","expression":"n > 0"}],"uniqueConstraints":[{"name":"uq_t","columns":["n"]}],"foreignKeys":[{"name":"fk_t","columns":["owner_id"],"referencedTable":"users","referencedColumns":["id"]}]"#,
        );
        let spec_table = table(
            r#",{"name":"m","type":"INTEGER","nullable":true}"#,
            r#","checkConstraints":[{"name":"uq_t","expression":"m > 0"}],"uniqueConstraints":[{"name":"ck_t","columns":["m"]}],"indexes":[{"name":"fk_t","columns":["m"]}]"#,
        );
        for db in ["postgresql", "mysql"] {
            let spec = postgres_change(
                &[users.clone(), spec_table.clone()],
                &[users.clone(), previous.clone()],
            )
            .replace("postgresql", db);
            let result = crate::generate_str(&spec);
            assert!(
                result.validation.valid,
                "{db} {:?}",
                result.validation.errors
            );
            let mut said: Vec<(Code, Option<&str>, Option<&str>)> = (result.validation.warnings)
                .iter()
                .filter(|w| w.code == Code::ConstraintNotInSpec)
                .map(|w| (w.code, w.column.as_deref(), w.constraint.as_deref()))
                .collect();
            said.sort_by_key(|s| s.2);
            assert_eq!(
                said,
                [
                    (Code::ConstraintNotInSpec, Some("n"), Some("ck_t")),
                    (Code::ConstraintNotInSpec, Some("owner_id"), Some("fk_t")),
                    (Code::ConstraintNotInSpec, Some("n"), Some("uq_t")),
                ],
                "{db}"
            );
            for gone in ["ck_t", "uq_t", "fk_t"] {
                assert!(
                    result.up_migration.matches(gone).count() >= 2,
                    "{db} {gone}: {}",
                    result.up_migration
                );
            }
        }
    }
}
