//! The checks of a foreign key: the table and columns it references (a key of that table, in
//! MySQL's order), its actions (SET NULL on a NOT NULL column, MariaDB's ON UPDATE CASCADE),
//! and the types of its columns against those it references.

use super::{
    lookups::{Lookups, Near},
    table::check_columns,
};
use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;

/// Whether PostgreSQL can implement a foreign key from a column of type `local` to one of
/// type `remote`: it needs an equality operator of the referenced key's index that takes the
/// referencing type, directly or through an implicit cast. Integers of any size compare with
/// each other, dates with timestamps, text of any kind with text; a number casts implicitly
/// only up the ladder smallint, integer, bigint, numeric, double precision (so integer ->
/// numeric works, double precision -> numeric does not); nothing else mixes (uuid and text,
/// boolean and integer, …). Measured on PostgreSQL 15.
pub(super) fn postgres_fk_types_compatible(local: ColumnType, remote: ColumnType) -> bool {
    use ColumnType::*;
    let rank = |t: ColumnType| match t {
        Tinyint => Some(0),
        Integer | Int => Some(1),
        Bigint => Some(2),
        Numeric | Decimal => Some(3),
        Real => Some(4),
        _ => None,
    };
    let text = |t: ColumnType| t.is_text() && t != Uuid;
    let time = |t: ColumnType| matches!(t, Date | Timestamp | Datetime);
    match (rank(local), rank(remote)) {
        (Some(a), Some(b)) => a <= b || (local.is_integer() && remote.is_integer()),
        _ => local == remote || text(local) && text(remote) || time(local) && time(remote),
    }
}

/// The column lists `target` keeps unique, which a foreign key may reference: its primary key,
/// UNIQUE columns, unique constraints and unique indexes without a WHERE.
pub(super) fn keys_of(target: &Table) -> impl Iterator<Item = &[String]> {
    let unique_columns = target
        .columns
        .iter()
        .filter(|c| c.unique)
        .map(|c| std::slice::from_ref(&c.name));
    std::iter::once(target.primary_key.as_slice())
        .filter(|k| !k.is_empty())
        .chain(unique_columns)
        .chain(
            target
                .unique_constraints
                .iter()
                .map(|u| u.columns.as_slice()),
        )
        .chain(
            target
                .indexes
                .iter()
                .filter(|i| i.unique && i.predicate.is_none())
                .map(|i| i.columns.as_slice()),
        )
}

/// What a foreign key of `arity` columns can reference in `target`: its keys of that many
/// columns (a user trial was offered every column, and the next error said the one it chose
/// was not a key).
pub(super) fn key_suggestion(target: &Table, arity: usize) -> String {
    let mut keys: Vec<String> = Vec::new();
    for key in keys_of(target).filter(|k| k.len() == arity) {
        let text = if arity == 1 {
            key[0].clone()
        } else {
            format!("({})", key.join(", "))
        };
        if !keys.contains(&text) {
            keys.push(text);
        }
    }
    if keys.is_empty() {
        format!(
            "'{}' has no primary or unique key of {arity} column{}: reference a key, or add one",
            target.name,
            if arity == 1 { "" } else { "s" }
        )
    } else {
        format!("reference a key of '{}': {}", target.name, keys.join("; "))
    }
}

/// The checks of the foreign key `fk` of `t`: `INVALID_FOREIGN_KEY` for its columns, the table
/// and columns it references (with near names, see [`Lookups`]), a key of that table, MySQL's
/// order of the key, and its actions; `FOREIGN_KEY_TYPE_MISMATCH` for its columns' types.
pub(super) fn check_foreign_key(
    t: &Table,
    fk: &ForeignKey,
    d: &dyn Dialect,
    look: &Lookups<'_, '_>,
    report: &mut Report,
) {
    let Lookups {
        by_name,
        near,
        existing,
        database,
        ..
    } = *look;
    let name = fk.name(&t.name);
    let at = |i: Issue| i.table(&t.name).constraint(&name);
    let label = label(fk);
    check_columns(t, &fk.columns, &name, &label, report);
    // A table of the database that the spec also lists (spelled in another case, as SQLite
    // matches names) is the spec's table: the foreign key references it as the migration leaves
    // it, not as the database has it now.
    let target = by_name
        .get(fk.referenced_table.as_str())
        .copied()
        .or_else(|| {
            existing(&fk.referenced_table).map(|e| {
                let e = &e.table;
                by_name
                    .get(e.name.to_ascii_lowercase().as_str())
                    .copied()
                    .unwrap_or(e)
            })
        });
    let Some(target) = target else {
        let referenced = crate::report::clip(&fk.referenced_table);
        // A table of the spec whose name is near (renamed from 'user' to 'users' as
        // RESERVED_KEYWORD suggests, with this foreign key left on the old name).
        // A table of the spec renamed from that name (renamedFrom): the foreign key still
        // names the old one.
        let renamed = by_name
            .values()
            .find(|r| r.renamed_from.as_deref() == Some(fk.referenced_table.as_str()));
        let near = match (renamed, near.get(fk.referenced_table.as_str())) {
            (Some(r), _) => format!(
                "the spec renames '{referenced}' to '{}' (renamedFrom): reference '{}'. Otherwise ",
                r.name, r.name
            ),
            // A foreign key naming what the report tells a table to be renamed to (a table
            // 'user' told to become 'users', its foreign keys already on 'users') is right once
            // that is done: the rename is the one error.
            (None, Some(Near::Renamed)) => return,
            (None, Some(Near::Name(n))) => format!("did you mean '{n}'? Otherwise "),
            (None, None) => String::new(),
        };
        let issue = if d.database_type() == DatabaseType::Sqlite {
            Issue::error(
                Code::InvalidForeignKey,
                format!("{label} references the table '{referenced}', which is neither in the spec nor in {database}"),
            )
            .suggest(format!("{near}add that table to the spec, with \"existing\": true when an earlier migration made it (the migration then neither creates nor drops it), give the database that has it as existingDbPath (or the spec that made it as previousSpec), or fix the referenced table's name"))
        } else {
            // No PostgreSQL or MySQL database is read: the spec is all the generator knows.
            Issue::error(
                Code::InvalidForeignKey,
                format!("{label} references the table '{referenced}', which is not in the spec; a {} migration is generated from the spec alone (no database is read), so the referenced table must be in it", if d.database_type() == DatabaseType::Mysql { "MySQL" } else { "PostgreSQL" }),
            )
            .suggest(format!("{near}add that table to the spec, with \"existing\": true when an earlier migration made it (the migration then neither creates nor drops it), or fix the referenced table's name"))
        };
        report.push(at(issue));
        return;
    };
    // A table already in the database has its foreign keys already: none can reference a table
    // this migration creates (nothing would add it; a table marked existing is not altered).
    if t.existing
        && by_name.get(fk.referenced_table.as_str()).is_some_and(|r| {
            !r.existing && existing(&r.name).is_none() && !look.previous.contains(r.name.as_str())
        })
    {
        report.push(
            at(Issue::error(
                Code::InvalidForeignKey,
                format!(
                    "'{}' is marked existing, so its foreign keys are in the database already, but this one references '{}', which this migration creates ({label})",
                    t.name, fk.referenced_table
                ),
            ))
            .suggest("remove the foreign key from the existing table's description, or reference the new table from a new table; to add the foreign key to the existing table, list it without existing: true and give previousSpec (the spec the database was last migrated to)"),
        );
        return;
    }
    if fk.columns.len() != fk.referenced_columns.len() {
        report.push(
            at(Issue::error(
                Code::InvalidForeignKey,
                format!(
                    "{label} has {} columns but references {}",
                    fk.columns.len(),
                    fk.referenced_columns.len()
                ),
            ))
            .suggest("list as many referenced columns as local columns"),
        );
        return;
    }
    for rc in &fk.referenced_columns {
        if target.column(rc).is_none() {
            report.push(
                at(Issue::error(
                    Code::InvalidForeignKey,
                    format!(
                        "the referenced table '{}' has no column '{}' ({label})",
                        target.name,
                        crate::report::clip(rc)
                    ),
                ))
                .suggest(key_suggestion(target, fk.referenced_columns.len())),
            );
            return;
        }
    }
    let same = |cols: &[String]| {
        let mut a: Vec<&String> = cols.iter().collect();
        let mut b: Vec<&String> = fk.referenced_columns.iter().collect();
        a.sort();
        b.sort();
        a == b
    };
    // A key of the target naming a column it does not have is the target's own error (a
    // misspelt primaryKey): which key the foreign key meant to reference is then unknown, and
    // saying it references no key would send the user after a foreign key that is right.
    // A spec table without a primary key is MISSING_PRIMARY_KEY already (a column-level
    // "primaryKey": true, a misspelt field): its key is likely the one referenced. (A table only
    // the database has may lack one, and then the foreign key needs a unique key there.)
    let keyless_in_spec = target.primary_key.is_empty()
        && by_name
            .get(target.name.as_str())
            .is_some_and(|t| std::ptr::eq(*t, target));
    let keys_known =
        !keyless_in_spec && keys_of(target).all(|k| k.iter().all(|c| target.column(c).is_some()));
    if !keys_of(target).any(same) && keys_known {
        report.push(
            at(Issue::error(
                Code::InvalidForeignKey,
                format!(
                    "{label} references ({}) of '{}', which is not its primary key or a unique key",
                    fk.referenced_columns.join(", "),
                    target.name
                ),
            ))
            .suggest(format!(
                "{}, or make the referenced columns unique",
                key_suggestion(target, fk.referenced_columns.len())
            )),
        );
    } else if d.database_type() == DatabaseType::Mysql && fk.referenced_columns.len() > 1 {
        // InnoDB needs the referenced columns, in the foreign key's order, to lead an index of
        // the parent ("Foreign key constraint is incorrectly formed", errno 150); PostgreSQL
        // and SQLite take them in any order.
        let leads = |cols: &[String]| cols.starts_with(&fk.referenced_columns);
        let ordered = leads(&target.primary_key)
            || target.unique_constraints.iter().any(|u| leads(&u.columns))
            || target
                .indexes
                .iter()
                .any(|i| i.predicate.is_none() && leads(&i.columns));
        if !ordered {
            let key_order = if same(&target.primary_key) {
                target.primary_key.join(", ")
            } else {
                target
                    .unique_constraints
                    .iter()
                    .map(|u| &u.columns)
                    .chain(target.indexes.iter().map(|i| &i.columns))
                    .find(|cols| same(cols))
                    .map(|cols| cols.join(", "))
                    .unwrap_or_default()
            };
            report.push(
                at(Issue::error(
                    Code::InvalidForeignKey,
                    format!(
                        "MySQL needs the referenced columns ({}) in the order of a key of '{}', which has them as ({key_order}) ({label})",
                        fk.referenced_columns.join(", "),
                        target.name
                    ),
                ))
                .suggest("list the referenced columns, and the local columns with them, in the order of the key"),
            );
        }
    }
    if [fk.on_delete, fk.on_update].contains(&Some(FkAction::SetNull)) {
        // A database that already has this very key on NOT NULL columns (SQLite and PostgreSQL
        // take it; the delete or update then fails on the NOT NULL) is described, not refused:
        // a spec pulled from it must be usable against it.
        let already = existing(&t.name).map(|e| &e.table).filter(|e| {
            e.foreign_keys
                .iter()
                .any(|old| crate::diff::same_foreign_key(old, fk))
        });
        for c in fk.columns.iter().filter_map(|c| t.column(c)) {
            if c.nullable {
                continue;
            }
            let already_there = already.is_some_and(|e| {
                e.columns
                    .iter()
                    .any(|old| old.name.eq_ignore_ascii_case(&c.name) && !old.nullable)
            });
            let message = format!(
                "SET NULL cannot set the NOT NULL column '{}' to null ({label})",
                c.name
            );
            let issue = if already_there {
                Issue::warning(
                    Code::InvalidForeignKey,
                    format!("{message}: deleting or updating a referenced row fails instead (the database already has this foreign key)"),
                )
            } else {
                Issue::error(Code::InvalidForeignKey, message)
            };
            report.push(
                at(issue)
                    .column(&c.name)
                    .suggest("make the column nullable, or use CASCADE or RESTRICT"),
            );
        }
    }
    // MariaDB (InnoDB) refuses ON UPDATE CASCADE from a NOT NULL column to a nullable one
    // ("Foreign key constraint is incorrectly formed", errno 150) unless ON DELETE is CASCADE
    // or NO ACTION: checked on MariaDB 10.11, with no action, RESTRICT or SET NULL on delete
    // refused, CASCADE and NO ACTION taken (SET NULL on a NOT NULL column is refused above).
    if d.database_type() == DatabaseType::Mysql
        && fk.on_update == Some(FkAction::Cascade)
        && !matches!(fk.on_delete, Some(FkAction::Cascade | FkAction::NoAction))
    {
        for (local, remote) in fk.columns.iter().zip(&fk.referenced_columns) {
            let (Some(lc), Some(rc)) = (t.column(local), target.column(remote)) else {
                continue;
            };
            let remote_nullable = rc.nullable
                && !rc.auto_increment
                && !target.primary_key.iter().any(|k| k == remote);
            if !lc.nullable && remote_nullable {
                report.push(
                    at(Issue::error(
                        Code::InvalidForeignKey,
                        format!(
                            "MariaDB refuses ON UPDATE CASCADE from the NOT NULL column '{}' to the nullable '{}.{}' (errno 150, \"Foreign key constraint is incorrectly formed\") unless ON DELETE is CASCADE or NO ACTION ({label})",
                            lc.name, target.name, rc.name
                        ),
                    ))
                    .column(&lc.name)
                    .suggest("make the column nullable, make the referenced column NOT NULL, or give the foreign key ON DELETE CASCADE or NO ACTION"),
                );
            }
        }
    }
    for (local, remote) in fk.columns.iter().zip(&fk.referenced_columns) {
        let (Some(lc), Some(rc)) = (t.column(local), target.column(remote)) else {
            continue;
        };
        let (lt, rt) = (d.column_type(lc, true), d.column_type(rc, true));
        // MySQL's BOOLEAN is TINYINT(1): the (1) is a display width, not another type.
        let base = |t: &str| {
            t.strip_suffix("(1)")
                .filter(|b| *b == "TINYINT")
                .map_or(t.len(), str::len)
        };
        if d.same_stored_type(&lt, &rt) || lt[..base(&lt)] == rt[..base(&rt)] {
            continue;
        }
        // InnoDB compares two non-binary string columns by character set and collation only
        // (`cmp_cols_are_equal`; MySQL: "the length of string types need not be the same"):
        // CHAR(2) → VARCHAR(20), or TEXT (VARCHAR(255) in a key) → VARCHAR(20), is taken.
        let mysql_string = |t: ColumnType| t.is_text() || t == ColumnType::Uuid;
        let fatal = match d.database_type() {
            DatabaseType::Mysql => !(mysql_string(lc.ty) && mysql_string(rc.ty)),
            DatabaseType::Postgresql => !postgres_fk_types_compatible(lc.ty, rc.ty),
            DatabaseType::Sqlite => false,
        };
        let mut message = format!(
            "'{}' is {lt} but the referenced '{}.{}' is {rt}",
            local, target.name, remote
        );
        // MariaDB 10.11 creates a key from a DATETIME to a DATETIME(3), then refuses every row:
        // InnoDB compares the stored values, whose bytes differ by precision (a user trial and a
        // review saw only the key created; the fixture fk_timestamp_precisions_differ).
        if fatal
            && d.database_type() == DatabaseType::Mysql
            && lc.ty.takes_fractional_seconds()
            && rc.ty.takes_fractional_seconds()
        {
            message.push_str(
                ": MySQL may create the key, but no row matches a parent across precisions (MariaDB refuses '09:00:00' under a parent's '09:00:00.000')",
            );
        }
        let issue = if fatal {
            Issue::error(Code::ForeignKeyTypeMismatch, message)
        } else {
            Issue::warning(Code::ForeignKeyTypeMismatch, message)
        };
        report.push(
            at(issue)
                .column(local)
                .suggest("give the column the same type as the column it references"),
        );
    }
}

/// A foreign key as the spec writes it, for what is said of it: `the foreign key 'name'` when
/// the spec names it, else `the foreign key (author_id) → authors(id)`, its columns and what
/// they reference (as the warnings about a database's foreign keys name them). The name the
/// generator gives an unnamed one (`fk_{table}_{columns}`) is nowhere in the spec, and two keys
/// on the same columns share it.
pub(super) fn label(fk: &ForeignKey) -> String {
    let clip = crate::report::clip;
    match &fk.name {
        Some(name) => format!("the foreign key '{}'", clip(name)),
        None => format!(
            "the foreign key ({}) → {}({})",
            clip(&fk.columns.join(", ")),
            clip(&fk.referenced_table),
            clip(&fk.referenced_columns.join(", "))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::{codes_only, error_codes};

    /// A table marked existing: its types are not written again (its description may be only
    /// the referenced key, and would overwrite an earlier migration's types), warnings about it
    /// are left out (nothing of it is created), and it cannot reference a table this migration
    /// creates (found in a user trial: such a key was dropped without a word).
    #[test]
    fn a_table_marked_existing_is_not_typed_warned_about_or_given_new_keys() {
        let generate = |users_extra: &str| {
            crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"mysql","generateTypes":true,"timestamps":false,"tables":[
                {{"name":"users","existing":true,"columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                  {{"name":"handle","type":"TEXT","nullable":false,"unique":true}}{users_extra}]}},
                {{"name":"teams","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"owner_id","type":"INT","nullable":false}}],
                  "foreignKeys":[{{"columns":["owner_id"],"referencedTable":"users","referencedColumns":["id"]}}]}}]}}"#
            ))
        };
        let r = generate("");
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let types = r.type_definitions.clone().unwrap();
        assert!(types.contains("export interface Team {"), "{types}");
        assert!(!types.contains("interface User"), "{types}");
        // A TEXT key column is VARCHAR(255) on MySQL: said for a table the migration creates,
        // not for one already there.
        assert!(
            r.validation
                .warnings
                .iter()
                .all(|w| w.table.as_deref() != Some("users")),
            "{:?}",
            r.validation.warnings
        );
        let r = generate(
            r#",{"name":"team_id","type":"INT","nullable":true}],"foreignKeys":[{"columns":["team_id"],"referencedTable":"teams","referencedColumns":["id"]}"#,
        );
        let e = &r.validation.errors[0];
        assert_eq!(e.code.as_str(), "INVALID_FOREIGN_KEY");
        assert!(e.message.starts_with("'users' is marked existing, so its foreign keys are in the database already, but this one references 'teams'"), "{}", e.message);
    }

    /// MariaDB 10.11 refused `FOREIGN KEY (x, y) REFERENCES parent(b, a)` against `UNIQUE (a, b)`
    /// (errno 150); PostgreSQL 15 and SQLite accepted it.
    #[test]
    fn mysql_needs_referenced_columns_in_key_order() {
        let tables = |refs: &str| {
            format!(
                r#"{{"name":"parent","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"a","type":"INT","nullable":false}},{{"name":"b","type":"INT","nullable":false}}],"primaryKey":["id"],
                "uniqueConstraints":[{{"name":"uq_parent_ab","columns":["a","b"]}}]}},
                {{"name":"child","columns":[{{"name":"id","type":"INT","nullable":false}},{{"name":"x","type":"INT","nullable":true}},{{"name":"y","type":"INT","nullable":true}}],"primaryKey":["id"],
                "foreignKeys":[{{"columns":["x","y"],"referencedTable":"parent","referencedColumns":{refs}}}]}}"#
            )
        };
        let fk = (
            "INVALID_FOREIGN_KEY".to_string(),
            Some("fk_child_x_y".to_string()),
        );
        assert_eq!(error_codes("mysql", &tables(r#"["b","a"]"#)), vec![fk]);
        assert!(error_codes("mysql", &tables(r#"["a","b"]"#)).is_empty());
        assert!(error_codes("postgresql", &tables(r#"["b","a"]"#)).is_empty());
        assert!(error_codes("sqlite", &tables(r#"["b","a"]"#)).is_empty());
    }

    /// MySQL takes a foreign key between string columns of any lengths and kinds (InnoDB compares
    /// them by collation: checked on MariaDB 10.11, `fk_string_lengths_differ`), a warning; it
    /// refuses integers of different sizes, an error.
    #[test]
    fn mysql_takes_string_keys_of_other_lengths_and_refuses_other_integer_sizes() {
        let spec = |local: &str, remote: &str| {
            format!(
                r#"{{"name":"p","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"k","type":"{remote}","length":20,"nullable":false,"unique":true}}]}},{{"name":"c","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"pk","type":"{local}","nullable":true}}],"foreignKeys":[{{"columns":["pk"],"referencedTable":"p","referencedColumns":["k"]}}]}}"#
            )
        };
        for (local, remote) in [
            ("TEXT", "VARCHAR"),
            ("UUID", "VARCHAR"),
            ("CHAR", "VARCHAR"),
            ("VARCHAR", "CHAR"),
        ] {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"mysql","timestamps":false,"tables":[{}]}}"#,
                spec(local, remote)
            ))
            .validation;
            assert!(r.valid, "{local} -> {remote}: {:?}", r.errors);
            assert!(
                r.warnings
                    .iter()
                    .any(|w| w.code == Code::ForeignKeyTypeMismatch),
                "{local} -> {remote}: {:?}",
                r.warnings
            );
        }
        let ints = r#"{"name":"p","columns":[{"name":"id","type":"BIGINT","nullable":false,"autoIncrement":true}]},{"name":"c","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"p_id","type":"INT","nullable":true}],"foreignKeys":[{"columns":["p_id"],"referencedTable":"p","referencedColumns":["id"]}]}"#;
        assert_eq!(codes_only("mysql", ints), vec!["FOREIGN_KEY_TYPE_MISMATCH"]);
    }

    /// PostgreSQL 15: "foreign key constraint … cannot be implemented … incompatible types" for
    /// the first list; the second list was accepted there.
    #[test]
    fn postgresql_refuses_foreign_keys_between_incompatible_types() {
        let spec = |local: &str, remote: &str| {
            format!(
                r#"{{"name":"p","columns":[{{"name":"k","type":"{remote}","nullable":false}}],"primaryKey":["k"]}},{{"name":"c","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"pk","type":"{local}","nullable":true}}],"foreignKeys":[{{"columns":["pk"],"referencedTable":"p","referencedColumns":["k"]}}]}}"#
            )
        };
        for (local, remote) in [
            ("UUID", "TEXT"),
            ("REAL", "DECIMAL"),
            ("DECIMAL", "INT"),
            ("BOOLEAN", "INT"),
            ("JSONB", "TEXT"),
        ] {
            assert_eq!(
                codes_only("postgresql", &spec(local, remote)),
                vec!["FOREIGN_KEY_TYPE_MISMATCH"],
                "{local} -> {remote}"
            );
        }
        for (local, remote) in [
            ("INT", "BIGINT"),
            ("BIGINT", "INT"),
            ("VARCHAR", "TEXT"),
            ("DATE", "TIMESTAMP"),
            ("TIMESTAMP", "DATE"),
            ("INT", "DECIMAL"),
            ("INT", "REAL"),
            ("BIGINT", "NUMERIC"),
            ("NUMERIC", "REAL"),
            ("NUMERIC", "DECIMAL"),
        ] {
            assert!(
                codes_only("postgresql", &spec(local, remote)).is_empty(),
                "{local} -> {remote}"
            );
        }
    }

    /// One stored type spelled two ways is no mismatch (a review: a key from NUMERIC(10) to
    /// DECIMAL(10,0) on PostgreSQL, both `numeric(10,0)` in its catalog, was warned of); other
    /// precisions or scales still are.
    #[test]
    fn keys_between_spellings_of_one_stored_type_are_no_mismatch() {
        let spec = |local: &str, remote: &str| {
            format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{{"name":"p","columns":[{{"name":"k",{remote},"nullable":false}}],"primaryKey":["k"]}},{{"name":"c","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"pk",{local},"nullable":true}}],"foreignKeys":[{{"columns":["pk"],"referencedTable":"p","referencedColumns":["k"]}}]}}]}}"#
            )
        };
        let mismatches = |local: &str, remote: &str| {
            crate::generate_str(&spec(local, remote))
                .validation
                .warnings
                .iter()
                .filter(|w| w.code == Code::ForeignKeyTypeMismatch)
                .count()
        };
        let numeric10 = r#""type":"NUMERIC","precision":10"#;
        let decimal10_0 = r#""type":"DECIMAL","precision":10,"scale":0"#;
        assert_eq!(mismatches(numeric10, decimal10_0), 0);
        assert_eq!(mismatches(decimal10_0, numeric10), 0);
        let decimal10_2 = r#""type":"DECIMAL","precision":10,"scale":2"#;
        assert_eq!(mismatches(numeric10, decimal10_2), 1);
    }

    /// MariaDB took a foreign key from TINYINT to the TINYINT(1) of a BOOLEAN key.
    #[test]
    fn mysql_tinyint_references_boolean() {
        let spec = r#"{"name":"p","columns":[{"name":"k","type":"BOOLEAN","nullable":false}],"primaryKey":["k"]},{"name":"c","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true},{"name":"pk","type":"TINYINT","nullable":true}],"foreignKeys":[{"columns":["pk"],"referencedTable":"p","referencedColumns":["k"]}]}"#;
        assert!(codes_only("mysql", spec).is_empty());
    }

    /// INVALID_FOREIGN_KEY names a foreign key the spec gives no name by what the spec writes
    /// of it, its columns and the table and columns it references, as the warnings about a
    /// database's foreign keys do: its generated name (`fk_p_a_id`) is nowhere in the spec, and
    /// two keys on the same columns share it. A named one is named by its name. The constraint
    /// field keeps the name the database has for it, as the other codes' do.
    #[test]
    fn an_unnamed_foreign_key_is_named_as_the_spec_writes_it() {
        let tables = r#"{"name":"a","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"k","type":"INTEGER","nullable":false}],"primaryKey":["id"]},
            {"name":"p","columns":[{"name":"id","type":"INTEGER","nullable":false},{"name":"a_id","type":"INTEGER","nullable":false},{"name":"b_id","type":"INTEGER","nullable":false}],"primaryKey":["id"],
             "foreignKeys":[{"columns":["a_id"],"referencedTable":"a","referencedColumns":["k"]},
                            {"columns":["b_id"],"referencedTable":"b","referencedColumns":["id"]},
                            {"columns":["b_id"],"referencedTable":"a","referencedColumns":["id"],"onDelete":"SET NULL"},
                            {"name":"fk_custom","columns":["a_id","b_id"],"referencedTable":"a","referencedColumns":["id"]}]}"#;
        for db in ["sqlite", "postgresql", "mysql"] {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
            ));
            let said: Vec<(&str, Option<&str>)> = r
                .validation
                .errors
                .iter()
                .filter(|e| e.code == Code::InvalidForeignKey)
                .map(|e| (e.message.as_str(), e.constraint.as_deref()))
                .collect();
            let named = [
                ("the foreign key (a_id) → a(k) ", "fk_p_a_id"),
                ("the foreign key (b_id) → b(id) ", "fk_p_b_id"),
                ("(the foreign key (b_id) → a(id))", "fk_p_b_id"),
                ("the foreign key 'fk_custom' ", "fk_custom"),
            ];
            assert_eq!(said.len(), named.len(), "{db}: {said:?}");
            for ((message, constraint), (label, name)) in said.iter().zip(named) {
                assert!(message.contains(label), "{db}: {message}");
                assert_eq!(*constraint, Some(name), "{db}: {message}");
                assert!(!message.contains("fk_p_"), "{db}: {message}");
            }
        }
    }
}
