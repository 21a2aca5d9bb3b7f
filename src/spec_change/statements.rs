//! The statements that take a table's columns, UNIQUE and CHECK constraints and indexes from
//! previousSpec's definition to the spec's, and those that drop tables.

use super::generated_names::unique_column;
use super::indexes::index_changes;
use super::renames::with_renamed;
use super::{canonical, words};
use crate::dialect::{Dialect, GeneratedName};
use crate::spec::*;
use crate::steps::AlterStep;
use std::borrow::Cow;

/// The statements that take `original`'s columns, UNIQUE and CHECK constraints and indexes to
/// `to`'s (foreign keys aside), once the table has `to`'s name. The columns in `kept` are in
/// the database but in neither table's list that counts: never dropped, never added. What the
/// database named after the table and its columns has `original`'s names until `generated`
/// renames it (see [`generated_renames`](super::generated_names::generated_renames)), after the drops and the columns' renames. `retyped`
/// says whether a column (as `to` names it) changes type; `keys` are the indexes and UNIQUE
/// constraints renamed in place (last). `down` says they are the down migration's, which gives
/// the rows a value of a NOT NULL column without a default that it adds back where the
/// database has none to give ([`crate::pg_fill_back`]).
pub(super) fn core_statements(
    d: &dyn Dialect,
    (original, to, down): (&Table, &Table, bool),
    kept: &[&str],
    retyped: &dyn Fn(&str) -> bool,
    renames: &[(String, String)],
    generated: &[(GeneratedName, String, String)],
    keys: &crate::index_renames::KeyRenames,
) -> Vec<String> {
    let name = &to.name;
    let mut out = Vec::new();
    // What is dropped is named as the database has it (`original`); the rest is compared with
    // the renamed columns' new names, which they have once renamed (after the drops).
    let renamed = with_renamed(d, original, &to.name, renames);
    let from = &*renamed;
    let old_name = |column: &str| -> String {
        renames
            .iter()
            .find(|(_, new)| new == column)
            .map_or(column, |(old, _)| old.as_str())
            .to_string()
    };
    let over_retyped = |text: &str| words(text).any(|w| retyped(&w.to_ascii_lowercase()));
    // A CHECK written otherwise (`n>0`, `(n > 0)`) is the same rule: the database keeps its
    // own spelling of it either way (it was dropped and added again, every row checked anew:
    // the PostgreSQL user trial).
    let same_check = |a: &CheckConstraint, b: &CheckConstraint| {
        a.name == b.name
            && (a.expression == b.expression
                || canonical(d, &a.expression) == canonical(d, &b.expression))
            && !over_retyped(&a.expression)
    };
    let (gone, coming) = index_changes(d, from, to, retyped);
    // What is renamed in place (`key_renames`, decided once for both ways, see `Moved`) is
    // renamed last: after what the change drops and renames, whose names it may take.
    let renamed_away = |i: &Index| keys.renames(false, &i.name, true);
    let renamed_to = |i: &Index| keys.renames(false, &i.name, false);
    // What goes or changes is dropped first: its name is then free, and nothing it covers is
    // in the way of a column's change.
    for old in gone.iter().filter(|i| !renamed_away(i)) {
        out.push(d.drop_known_index(name, &old.name));
    }
    for old in &from.unique_constraints {
        let renamed = keys.renames(true, &old.name, true);
        if !to.unique_constraints.iter().any(|u| u == old) && !renamed {
            out.push(d.drop_constraint(name, &old.name, true));
        }
    }
    for old in &from.check_constraints {
        if !to.check_constraints.iter().any(|c| same_check(c, old)) {
            out.push(d.drop_constraint(name, &old.name, false));
        }
    }
    for old in &from.columns {
        let unique_goes = unique_column(from, old)
            && to
                .column(&old.name)
                .is_some_and(|new| !unique_column(to, new));
        if unique_goes {
            let unique = d.column_unique_name(&original.name, &old_name(&old.name));
            out.push(d.drop_constraint(name, &unique, true));
        }
    }
    // A key that changes goes and comes in one statement, once the columns of the new one are
    // there as it needs them (NOT NULL, of a type a key takes): MySQL, which commits each
    // statement, then never leaves the table without a key (rows that refuse the new key leave
    // the old one), and rebuilds it once. The columns that leave the key change, or are dropped,
    // after it (PostgreSQL refuses `DROP NOT NULL` on a key's column, MySQL a nullable or TEXT
    // one, and MySQL takes a dropped column out of the key, keeping the rest). Where numbering
    // needs a key (MySQL), numbering that goes goes first; a new auto-increment key comes with
    // its column (`ADD COLUMN id SERIAL PRIMARY KEY`), once the old key has gone.
    let rekeyed = from.primary_key != to.primary_key;
    let leaves_key = |c: &str| {
        rekeyed && from.primary_key.iter().any(|k| k == c) && !to.primary_key.iter().any(|k| k == c)
    };
    let came_with_its_column = match &to.primary_key[..] {
        [k] => {
            rekeyed && from.column(k).is_none() && to.column(k).is_some_and(|c| c.auto_increment)
        }
        _ => false,
    };
    let mut unnumbered = Cow::Borrowed(from);
    if rekeyed && d.numbering_needs_a_key() {
        for old in &from.columns {
            if old.auto_increment && !to.column(&old.name).is_some_and(|c| c.auto_increment) {
                let plain = Column {
                    auto_increment: false,
                    ..old.clone()
                };
                out.extend(d.alter_column(from, old, from, &plain).unwrap_or_default());
                if let Some(c) = unnumbered
                    .to_mut()
                    .columns
                    .iter_mut()
                    .find(|c| c.name == old.name)
                {
                    c.auto_increment = false;
                }
            }
        }
    }
    let key_goes_first = came_with_its_column && !from.primary_key.is_empty();
    if key_goes_first {
        out.push(d.alter_primary_key(name, Some(original), None));
    }
    let from = &*unnumbered;
    for (old, new) in renames {
        let (Some(before), Some(column)) = (from.column(new), to.column(new)) else {
            continue;
        };
        out.extend(d.rename_column(from, old, before));
        let listed = |t: &Table| {
            d.generated_names(t)
                .iter()
                .any(|(what, _)| *what == GeneratedName::Unique(new.clone()))
        };
        if unique_column(from, before) && unique_column(to, column) && !listed(to) {
            let (was, is) = (
                d.column_unique_name(&original.name, old),
                d.column_unique_name(name, new),
            );
            if was != is {
                out.extend(d.rename_unique(to, new, &was, &is));
            }
        }
    }
    let dropped = |c: &Column| to.column(&c.name).is_none() && !kept.contains(&c.name.as_str());
    for old in from.columns.iter().filter(|c| !leaves_key(&c.name)) {
        if dropped(old) {
            out.push(d.drop_column(name, &old.name));
        }
    }
    // After the drops, which free names, before anything is made under a name these free.
    for (what, old, new) in generated {
        out.push(d.rename_generated(name, what, old, new));
    }
    // Numbering that comes where it needs a key (MySQL) comes once the new key is there.
    let mut numbered_after_key: Vec<(Column, &Column)> = Vec::new();
    let mut after_key: Vec<String> = Vec::new();
    for new in &to.columns {
        match from.column(&new.name) {
            None if !kept.contains(&new.name.as_str()) => {
                // A new key of that column alone comes with the others' change, below (but for
                // an auto-increment one, which MySQL numbers only as a key).
                let alone_in_new_key = rekeyed && to.primary_key == [new.name.as_str()];
                let key_clauses = new.auto_increment || !alone_in_new_key;
                match down.then(|| crate::pg_fill_back::add_column(d, to, new, key_clauses)) {
                    Some(Some(filled)) => out.extend(filled),
                    _ => out.push(d.add_column(to, new, key_clauses)),
                }
            }
            None => {}
            Some(old) => {
                let out = if leaves_key(&new.name) {
                    &mut after_key
                } else {
                    &mut out
                };
                let plain;
                let new = if rekeyed
                    && d.numbering_needs_a_key()
                    && new.auto_increment
                    && !old.auto_increment
                {
                    plain = Column {
                        auto_increment: false,
                        ..new.clone()
                    };
                    numbered_after_key.push((plain.clone(), new));
                    &plain
                } else {
                    new
                };
                // Rows holding NULL in a column that becomes NOT NULL get its default first, as
                // a fresh insert would: after any change of type or default (the value is the
                // new type's), before NOT NULL.
                let fill = old.nullable && !new.nullable && !new.auto_increment;
                match (fill, d.default_value(new, to.is_key_column(&new.name))) {
                    (true, Some(value)) => {
                        let mut relaxed = new.clone();
                        relaxed.nullable = true;
                        out.extend(d.alter_column(from, old, to, &relaxed).unwrap_or_default());
                        let column = d.identifier(&new.name);
                        // A column that follows updates (MySQL's `ON UPDATE`) keeps its value.
                        // (One there before this change: one added after this UPDATE is not
                        // there yet.)
                        let following: String = to
                            .columns
                            .iter()
                            .filter(|c| !d.column_suffix(c).is_empty())
                            .filter(|c| from.column(&c.name).is_some())
                            .map(|c| {
                                let c = d.identifier(&c.name);
                                format!(", {c} = {c}")
                            })
                            .collect();
                        out.push(format!(
                            "UPDATE {} SET {column} = {value}{following} WHERE {column} IS NULL;",
                            d.identifier(name)
                        ));
                        out.extend(d.alter_column(to, &relaxed, to, new).unwrap_or_default());
                    }
                    _ => out.extend(d.alter_column(from, old, to, new).unwrap_or_default()),
                }
                if unique_column(to, new) && !unique_column(from, old) {
                    let constraint = d.column_unique_name(name, &new.name);
                    out.push(d.add_table_line(
                        name,
                        &d.unique_line(to, &constraint, std::slice::from_ref(&new.name)),
                    ));
                }
            }
        }
    }
    if rekeyed {
        let goes = (!from.primary_key.is_empty() && !key_goes_first).then_some(original);
        let comes = (!to.primary_key.is_empty() && !came_with_its_column).then_some(to);
        if goes.is_some() || comes.is_some() {
            out.push(d.alter_primary_key(name, goes, comes));
        }
    }
    out.extend(after_key);
    for old in from.columns.iter().filter(|c| leaves_key(&c.name)) {
        if dropped(old) {
            out.push(d.drop_column(name, &old.name));
        }
    }
    for (plain, new) in &numbered_after_key {
        out.extend(d.alter_column(to, plain, to, new).unwrap_or_default());
    }
    for new in &to.unique_constraints {
        let renamed = keys.renames(true, &new.name, false);
        if !from.unique_constraints.iter().any(|u| u == new) && !renamed {
            out.push(d.add_table_line(name, &d.unique_line(to, &new.name, &new.columns)));
        }
    }
    for new in &to.check_constraints {
        if !from.check_constraints.iter().any(|c| same_check(c, new)) {
            out.push(d.add_table_line(name, &d.check_line(&new.name, &new.expression)));
        }
    }
    for new in coming.iter().filter(|i| !renamed_to(i)) {
        // Plain CREATE INDEX: a name an object outside previousSpec has fails the migration
        // (see `steps::Creating::Absent`).
        let if_not_exists = crate::diff::Described::PreviousSpec.index_if_not_exists();
        out.push(d.create_index_text(to, new, if_not_exists));
    }
    // (On MySQL a statement of its own after the table's merged `ALTER TABLE`: see
    // `MySql::rename_index`.)
    out.extend((keys.indexes.iter()).filter_map(|(old, new)| d.rename_index(name, old, new)));
    out.extend(
        (keys.uniques.iter()).filter_map(|(old, new)| d.rename_unique_constraint(name, old, new)),
    );
    out
}

/// Dropping `tables` (their foreign keys first, so that they may reference each other), and
/// creating them again with their indexes and foreign keys as the undoing.
pub fn drop_tables(d: &dyn Dialect, tables: &[&Table]) -> AlterStep {
    let mut up = Vec::new();
    let mut down = Vec::new();
    for t in tables {
        for fk in &t.foreign_keys {
            up.push(
                d.drop_known_foreign_key(&d.identifier(&t.name), &d.identifier(&fk.name(&t.name))),
            );
        }
    }
    for t in tables {
        up.push(d.drop_table(&d.identifier(&t.name)));
        down.push(d.create_table(t));
        down.extend(t.indexes.iter().map(|i| d.create_index(t, i)));
    }
    for t in tables {
        down.extend(t.foreign_keys.iter().map(|fk| d.add_foreign_key(t, fk)));
    }
    AlterStep::new(up, down)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;
    use crate::spec_change::test_support::*;

    #[test]
    fn a_default_changed_alone_is_set_and_one_that_goes_or_meets_a_new_type_is_dropped_first() {
        let table = |default: &str, ty: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"n","type":"{ty}","nullable":true{default}}}],"primaryKey":["id"]}}"#
            )
        };
        let up = |from: String, to: String| {
            let result = crate::generate_str(&postgres_change(&[to], &[from]));
            assert!(result.validation.valid, "{:?}", result.validation.errors);
            result.up_migration.trim_end().to_string()
        };
        assert_eq!(
            up(
                table(r#","default":1"#, "INTEGER"),
                table(r#","default":2"#, "INTEGER")
            ),
            "ALTER TABLE t ALTER COLUMN n SET DEFAULT 2;"
        );
        assert_eq!(
            up(table(r#","default":1"#, "INTEGER"), table("", "INTEGER")),
            "ALTER TABLE t ALTER COLUMN n DROP DEFAULT;"
        );
        assert_eq!(
            up(table(r#","default":1"#, "INTEGER"), table(r#","default":1"#, "BIGINT")),
            "ALTER TABLE t ALTER COLUMN n DROP DEFAULT;\nALTER TABLE t ALTER COLUMN n TYPE BIGINT USING n::BIGINT;\nALTER TABLE t ALTER COLUMN n SET DEFAULT 1;"
        );
    }

    /// A CHECK written otherwise is no change: nothing is dropped and added again.
    #[test]
    fn a_check_written_otherwise_is_no_change() {
        let t = |e: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"n","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"checkConstraints":[{{"name":"chk_t_n","expression":"{e}"}}]}}"#
            )
        };
        written_otherwise_is_no_change(
            &t,
            &["postgresql", "mysql", "sqlite"],
            &[
                ("n > 0", "n>0"),
                ("n > 0", "(n > 0)"),
                ("n BETWEEN 1 AND 9", "n between 1 and 9"),
            ],
        );
    }

    #[test]
    fn a_changed_primary_key_is_dropped_and_made_again_around_its_columns_changes() {
        let mut next = users();
        next.primary_key = vec!["email".into()];
        next.columns[0].auto_increment = false;
        next.columns[1].nullable = false;
        // MySQL: AUTO_INCREMENT needs a key, so the numbering goes before the old key and comes
        // back (the down migration) after it; the key goes and comes in one statement, once the
        // new key's column is NOT NULL, and a column that leaves it changes after; all in one
        // ALTER TABLE, which fails whole (MySQL commits each statement), the numbering's
        // sql_mode settings around it.
        let (c, report) = change(DatabaseType::Mysql, &users(), &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE users\n  MODIFY COLUMN id INT NOT NULL,\n  MODIFY COLUMN email VARCHAR(100) NOT NULL,\n  DROP PRIMARY KEY, ADD PRIMARY KEY (email);"]
        );
        assert_eq!(
            c.core.down,
            [
                "SET @mg_sql_mode = @@SESSION.sql_mode;",
                "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO');",
                "ALTER TABLE users\n  DROP PRIMARY KEY, ADD PRIMARY KEY (id),\n  MODIFY COLUMN email VARCHAR(100),\n  MODIFY COLUMN id INT NOT NULL AUTO_INCREMENT;",
                "SET SESSION sql_mode = @mg_sql_mode;",
            ]
        );
        let said: Vec<(Code, Option<&str>)> = report
            .warnings
            .iter()
            .map(|w| (w.code, w.column.as_deref()))
            .collect();
        assert_eq!(
            said,
            [
                (Code::DownDataLoss, None),
                (Code::NotNullWithoutDefault, Some("id")),
                // Its AUTO_INCREMENT counter goes: the down migration counts from the largest id.
                (Code::DownDataLoss, Some("id")),
                (Code::NotNullWithoutDefault, Some("email")),
                // The new key: rows that repeat an email refuse it.
                (Code::RowsRefuseChange, Some("email")),
            ]
        );
        assert!(report.warnings[0]
            .message
            .starts_with("the down migration makes (id) the primary key of 'users' again"));
        assert_eq!(
            report.warnings[4].message,
            "adding the primary key (email) to 'users': existing rows that repeat values there make this migration fail (MySQL commits each statement: those before it stay done)"
        );
        assert!(report.warnings[1].message.starts_with("the column 'id'"));
        // PostgreSQL: the key by its name, in one statement; the numbering of the column that
        // leaves it after.
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            [
                "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
                "ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pkey PRIMARY KEY (email);",
                "ALTER TABLE users ALTER COLUMN id DROP DEFAULT;",
                "DROP SEQUENCE users_id_seq;",
            ]
        );
        assert_eq!(
            c.core.down,
            [
                "CREATE SEQUENCE users_id_seq AS INTEGER OWNED BY users.id;",
                "ALTER TABLE users ALTER COLUMN id SET DEFAULT nextval('users_id_seq'::regclass);",
                "SELECT setval('users_id_seq', max(id)) FROM users HAVING max(id) >= 1;",
                "ALTER TABLE users DROP CONSTRAINT users_pkey, ADD CONSTRAINT users_pkey PRIMARY KEY (id);",
                "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
            ]
        );
    }

    #[test]
    fn a_dropped_auto_increment_key_comes_back_with_its_key_in_the_down_migration() {
        let mut next = users();
        next.name = "people".into();
        next.renamed_from = Some("users".into());
        next.columns.remove(0);
        next.columns[0].nullable = false;
        next.primary_key = vec!["email".into()];
        let (c, report) = change(DatabaseType::Postgresql, &users(), &next, true);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        // The old key by the name it has (the table's old one); the new one under the new.
        assert_eq!(
            c.core.up,
            [
                "ALTER TABLE users RENAME TO people;",
                "ALTER TABLE people ALTER COLUMN email SET NOT NULL;",
                "ALTER TABLE people DROP CONSTRAINT users_pkey, ADD CONSTRAINT people_pkey PRIMARY KEY (email);",
                "ALTER TABLE people DROP COLUMN id;",
            ]
        );
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE people RENAME TO users;",
                "ALTER TABLE users DROP CONSTRAINT people_pkey;",
                "ALTER TABLE users ADD COLUMN id SERIAL PRIMARY KEY;",
                "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
            ]
        );
        let (c, _) = change(DatabaseType::Mysql, &users(), &next, true);
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE people RENAME TO users;",
                "ALTER TABLE users\n  DROP PRIMARY KEY,\n  ADD COLUMN id INT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST,\n  MODIFY COLUMN email VARCHAR(100);",
            ]
        );
    }

    #[test]
    fn a_new_auto_increment_column_comes_with_the_key_it_is() {
        let mut previous = Table {
            name: "seats".into(),
            columns: vec![
                column("room", ColumnType::Integer),
                column("num", ColumnType::Integer),
            ],
            primary_key: vec!["room".into(), "num".into()],
            ..Default::default()
        };
        previous.columns.iter_mut().for_each(|c| c.nullable = false);
        let mut next = previous.clone();
        let mut id = column("id", ColumnType::Integer);
        id.nullable = false;
        id.auto_increment = true;
        next.columns.insert(0, id);
        next.primary_key = vec!["id".into()];
        let (c, report) = change(DatabaseType::Postgresql, &previous, &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            [
                "ALTER TABLE seats DROP CONSTRAINT seats_pkey;",
                "ALTER TABLE seats ADD COLUMN id SERIAL PRIMARY KEY;",
            ]
        );
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE seats DROP CONSTRAINT seats_pkey, ADD CONSTRAINT seats_pkey PRIMARY KEY (room, num);",
                "ALTER TABLE seats DROP COLUMN id;",
            ]
        );
        let (c, report) = change(DatabaseType::Mysql, &previous, &next, false);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.core.up,
            ["ALTER TABLE seats\n  DROP PRIMARY KEY,\n  ADD COLUMN id INT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;"]
        );
        assert_eq!(
            c.core.down,
            [
                "ALTER TABLE seats\n  MODIFY COLUMN id INT NOT NULL,\n  DROP PRIMARY KEY, ADD PRIMARY KEY (room, num);",
                "ALTER TABLE seats DROP COLUMN id;",
            ]
        );
    }
}
