//! Indexes a migration from `previousSpec` renames in place (PostgreSQL's `ALTER INDEX … RENAME
//! TO`, MySQL's `ALTER TABLE … RENAME INDEX`, see [`Dialect::rename_index`]) instead of dropping
//! and building them again: an index that keeps its definition under a new name (the index of
//! a renamed table named after it, `idx_users_email` to `idx_members_email`), and on MySQL the
//! index InnoDB made for a foreign key that is dropped and added again under a new name
//! (`fk_posts_user_id` to `fk_articles_user_id`). The down migration renames them back, which
//! gives the database's catalog back as it was (the same objects, on PostgreSQL the same OIDs).
//! SQLite has no such statement: its indexes are dropped and created again as before. A named
//! UNIQUE constraint that keeps its columns under a new name (`uq_users_email` to
//! `uq_members_email`) is renamed in place the same way, by the same pairing ([`renamed`]; see
//! [`Dialect::rename_unique_constraint`]). A foreign key that references one of them, or on
//! MySQL is served by one, is then left as it is ([`KeyRenames`], decided once for both ways in
//! `spec_change::Moved::of`): PostgreSQL keeps it on the index by OID, InnoDB on the index it
//! renames in place.

use crate::dialect::Dialect;
use crate::spec::{Index, Table, UniqueConstraint};
use std::collections::HashSet;

/// What [`renamed`] pairs: an index or a UNIQUE constraint, by its name.
pub(crate) trait Named {
    /// Its name.
    fn name(&self) -> &str;
}

impl Named for Index {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for UniqueConstraint {
    fn name(&self) -> &str {
        &self.name
    }
}

/// The indexes (or UNIQUE constraints) of `gone` (those of a table that its change drops) that
/// come back among `coming` (those it creates) as they were under another name, as (old, new). `alike(old,
/// new)` says whether `old`, given `new`'s name, is `new` (columns and their order,
/// uniqueness, WHERE, method: all the spec says of an index). Only where the pairing is
/// unambiguous: the one index that goes with that definition and the one that comes with it;
/// two alike either way are dropped and created as before. `free(old, new)` says whether the
/// names allow it: the new one not a name the table had, the old one not a name it gets (a
/// rename runs where the index would have been created, see `spec_change::core_statements`).
pub(crate) fn renamed<'a, T: Named>(
    gone: &[&'a T],
    coming: &[&'a T],
    alike: &dyn Fn(&T, &T) -> bool,
    free: &dyn Fn(&str, &str) -> bool,
) -> Vec<(&'a T, &'a T)> {
    let mut out = Vec::new();
    for &old in gone {
        let mut matches = coming.iter().filter(|new| alike(old, new));
        let (Some(&new), None) = (matches.next(), matches.next()) else {
            continue;
        };
        let others = gone.iter().filter(|o| alike(o, new)).count();
        if others == 1 && old.name() != new.name() && free(old.name(), new.name()) {
            out.push((old, new));
        }
    }
    out
}

/// What a table's change renames in place ([`renamed`]'s pairs, by name, as (old, new)): its
/// indexes and its named UNIQUE constraints. Decided once for the up migration (`Moved::of`),
/// so that what the statements rename is what the foreign keys are left in place for: a key
/// that references one of them, or (MySQL) is served by one, keeps it under the new name.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct KeyRenames {
    /// The indexes renamed.
    pub(crate) indexes: Vec<(String, String)>,
    /// The UNIQUE constraints renamed.
    pub(crate) uniques: Vec<(String, String)>,
}

impl KeyRenames {
    /// The renames the other way (the down migration's).
    pub(crate) fn reversed(&self) -> KeyRenames {
        let back = |pairs: &[(String, String)]| -> Vec<(String, String)> {
            pairs.iter().map(|(a, b)| (b.clone(), a.clone())).collect()
        };
        KeyRenames {
            indexes: back(&self.indexes),
            uniques: back(&self.uniques),
        }
    }

    /// `table` with the indexes and UNIQUE constraints renamed under their new names.
    pub(crate) fn apply(&self, table: &Table) -> Table {
        let new = |pairs: &[(String, String)], name: &str| {
            (pairs.iter())
                .find(|(old, _)| old == name)
                .map(|(_, new)| new.clone())
        };
        let mut out = table.clone();
        for i in &mut out.indexes {
            if let Some(n) = new(&self.indexes, &i.name) {
                i.name = n;
            }
        }
        for u in &mut out.unique_constraints {
            if let Some(n) = new(&self.uniques, &u.name) {
                u.name = n;
            }
        }
        out
    }

    /// Whether the index (or UNIQUE constraint, `unique`) `name` is renamed away (`old`) or to.
    pub(crate) fn renames(&self, unique: bool, name: &str, old: bool) -> bool {
        let pairs = if unique { &self.uniques } else { &self.indexes };
        (pairs.iter()).any(|(a, b)| if old { a == name } else { b == name })
    }
}

/// `index` under the name `name` (to compare it with another index without their names).
pub(crate) fn named(index: &Index, name: &str) -> Index {
    Index {
        name: name.to_string(),
        ..index.clone()
    }
}

/// One side of a table's change for [`made_for_keys`]: the table (before or after), the indexes
/// InnoDB made for its foreign keys (as (columns, name), see
/// `spec_change::indexes_made_for_keys`), the names of its keys the change drops (before) or
/// adds (after), and every name the table gives its constraints and indexes.
pub(crate) struct KeysOf<'a> {
    /// The table.
    pub(crate) table: &'a Table,
    /// The indexes made for its keys.
    pub(crate) made: &'a [(Vec<String>, String)],
    /// The keys that go (before) or come (after).
    pub(crate) keys: &'a [String],
    /// Its constraints' and indexes' names.
    pub(crate) names: &'a HashSet<String>,
}

impl KeysOf<'_> {
    /// Whether one key of the table is on `columns` or shares its leading columns with them
    /// (keys that share an index go and come together).
    fn one_key_on(&self, columns: &[String]) -> bool {
        (self.table.foreign_keys.iter())
            .filter(|fk| fk.columns.starts_with(columns) || columns.starts_with(&fk.columns))
            .count()
            == 1
    }
}

/// On MySQL, the indexes InnoDB made for foreign keys of a table that go (`before`) and that it
/// would make again under another name for the keys that come (`after`): the same columns, one
/// key on them before and after, as (old name, new name). The index is renamed between the
/// key's drop and its addition, and the new key takes it as a fresh `ADD CONSTRAINT` would have
/// made it (MariaDB 10.11: `SHOW CREATE TABLE` is the fresh one's), where it was dropped and
/// built again. Not where the new name is a name the table had or the old one a name it gets.
pub(crate) fn made_for_keys(
    d: &dyn Dialect,
    before: &KeysOf,
    after: &KeysOf,
) -> Vec<(String, String)> {
    if !d.foreign_keys_need_an_index() {
        return Vec::new();
    }
    (before.made.iter())
        .filter(|(_, old)| before.keys.contains(old))
        .filter_map(|(columns, old)| {
            let (_, new) = after.made.iter().find(|(c, _)| c == columns)?;
            (new != old
                && after.keys.contains(new)
                && before.one_key_on(columns)
                && after.one_key_on(columns)
                && !before.names.contains(new)
                && !after.names.contains(old))
            .then(|| (old.clone(), new.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(name: &str, columns: &[&str]) -> Index {
        Index {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            unique: false,
            method: None,
            predicate: None,
        }
    }

    fn pairs(gone: &[&Index], coming: &[&Index]) -> Vec<(String, String)> {
        let alike = |a: &Index, b: &Index| named(a, &b.name) == *b;
        renamed(gone, coming, &alike, &|_, _| true)
            .into_iter()
            .map(|(a, b)| (a.name.clone(), b.name.clone()))
            .collect()
    }

    #[test]
    fn an_index_is_renamed_only_where_one_goes_and_one_comes_with_its_definition() {
        let (a, b, c) = (index("a", &["x"]), index("b", &["x"]), index("c", &["x"]));
        assert_eq!(pairs(&[&a], &[&b]), [("a".into(), "b".into())]);
        // Another definition: columns, their order, uniqueness, WHERE.
        for other in [
            index("b", &["y"]),
            index("b", &["x", "y"]),
            Index {
                unique: true,
                ..b.clone()
            },
            Index {
                predicate: Some("x > 0".into()),
                ..b.clone()
            },
        ] {
            assert!(pairs(&[&a], &[&other]).is_empty());
        }
        // Two alike that go, or two that come: which is which is not known.
        assert!(pairs(&[&a, &c], &[&b]).is_empty());
        assert!(pairs(&[&a], &[&b, &c]).is_empty());
        // Two pairs of two definitions.
        let (c, d) = (index("c", &["y"]), index("d", &["y"]));
        assert_eq!(
            pairs(&[&a, &c], &[&d, &b]),
            [("a".into(), "b".into()), ("c".into(), "d".into())]
        );
    }

    /// The up and down migrations of a spec of `tables` from a `previousSpec` of `previous`.
    fn migration(db: &str, tables: &str, previous: &str) -> (String, String) {
        let spec = format!(
            r#"{{"description":"b","databaseType":"{db}","tables":[{tables}],"previousSpec":{{"description":"a","databaseType":"{db}","tables":[{previous}]}}}}"#
        );
        let r = crate::generate_str(&spec);
        assert!(r.validation.errors.is_empty(), "{:?}", r.validation.errors);
        (r.up_migration, r.down_migration)
    }

    fn users(name: &str, renamed_from: &str, indexes: &str) -> String {
        format!(
            r#"{{"name":"{name}"{renamed_from},"primaryKey":["id"],"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"email","type":"VARCHAR","length":100,"nullable":false}},{{"name":"n","type":"INTEGER","nullable":true}}],"indexes":[{indexes}]}}"#
        )
    }

    #[test]
    fn an_index_kept_under_a_new_name_is_renamed_both_ways_on_postgresql_and_mysql() {
        let before = users(
            "users",
            "",
            r#"{"name":"idx_users_email","columns":["email"]}"#,
        );
        let after = users(
            "members",
            r#","renamedFrom":"users""#,
            r#"{"name":"idx_members_email","columns":["email"]}"#,
        );
        let (up, down) = migration("postgresql", &after, &before);
        assert!(
            up.contains("ALTER TABLE users RENAME TO members;\n"),
            "{up}"
        );
        assert!(
            up.contains("ALTER INDEX idx_users_email RENAME TO idx_members_email;"),
            "{up}"
        );
        assert!(
            down.contains("ALTER INDEX idx_members_email RENAME TO idx_users_email;"),
            "{down}"
        );
        for sql in [&up, &down] {
            assert!(
                !sql.contains("DROP INDEX") && !sql.contains("CREATE INDEX"),
                "{sql}"
            );
        }
        let (up, down) = migration("mysql", &after, &before);
        assert!(
            up.contains("ALTER TABLE members RENAME INDEX idx_users_email TO idx_members_email;"),
            "{up}"
        );
        assert!(
            down.contains("ALTER TABLE users RENAME INDEX idx_members_email TO idx_users_email;"),
            "{down}"
        );
        for sql in [&up, &down] {
            assert!(
                !sql.contains("DROP INDEX") && !sql.contains("ADD INDEX"),
                "{sql}"
            );
        }
        // On a table that keeps its name too; a unique partial one.
        let partial = |name: &str| {
            format!(r#"{{"name":"{name}","columns":["email","n"],"unique":true,"where":"n > 0"}}"#)
        };
        let (up, down) = migration(
            "postgresql",
            &users("users", "", &partial("ux_b")),
            &users("users", "", &partial("ux_a")),
        );
        assert_eq!(
            (up.trim(), down.trim()),
            (
                "ALTER INDEX ux_a RENAME TO ux_b;",
                "ALTER INDEX ux_b RENAME TO ux_a;"
            )
        );
    }

    #[test]
    fn an_index_is_dropped_and_created_where_its_definition_or_the_pairing_changes() {
        let email = |name: &str| format!(r#"{{"name":"{name}","columns":["email"]}}"#);
        for db in ["postgresql", "mysql"] {
            // Another definition (unique now).
            let (up, _) = migration(
                db,
                &users(
                    "users",
                    "",
                    r#"{"name":"b","columns":["email"],"unique":true}"#,
                ),
                &users("users", "", &email("a")),
            );
            assert!(!up.contains("RENAME"), "{up}");
            assert!(up.contains("DROP INDEX a"), "{up}");
            // Two alike go, one comes.
            let (up, _) = migration(
                db,
                &users("users", "", &email("c")),
                &users("users", "", &format!("{},{}", email("a"), email("b"))),
            );
            assert!(!up.contains("RENAME"), "{up}");
        }
        // SQLite keeps dropping and creating it.
        let (up, _) = migration(
            "sqlite",
            &users("users", "", &email("b")),
            &users("users", "", &email("a")),
        );
        assert!(!up.contains("RENAME"), "{up}");
        assert!(up.contains("DROP INDEX IF EXISTS a;"), "{up}");
    }

    #[test]
    fn mysql_renames_the_index_it_made_for_a_foreign_key_renamed_with_its_table() {
        let posts = |name: &str, extra: &str, to: &str| {
            format!(
                r#"{{"name":"{name}"{extra},"primaryKey":["id"],"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"user_id","type":"INTEGER","nullable":false}}],"foreignKeys":[{{"columns":["user_id"],"referencedTable":"{to}","referencedColumns":["id"]}}]}}"#
            )
        };
        let before = [users("users", "", ""), posts("posts", "", "users")].join(",");
        let after = [
            users("users", "", ""),
            posts("articles", r#","renamedFrom":"posts""#, "users"),
        ]
        .join(",");
        let (up, down) = migration("mysql", &after, &before);
        let at = |sql: &str, part: &str| sql.find(part).unwrap_or_else(|| panic!("{part}: {sql}"));
        let (drop, rename, add) = (
            // (In the table's rename: a refusal before it leaves the key.)
            at(
                &up,
                "ALTER TABLE posts\n  DROP FOREIGN KEY fk_posts_user_id,\n  RENAME TO articles;",
            ),
            at(
                &up,
                "ALTER TABLE articles RENAME INDEX fk_posts_user_id TO fk_articles_user_id;",
            ),
            at(&up, "ADD CONSTRAINT fk_articles_user_id"),
        );
        assert!(drop < rename && rename < add, "{up}");
        let (drop, rename, add) = (
            at(
                &down,
                "ALTER TABLE articles\n  DROP FOREIGN KEY fk_articles_user_id,\n  RENAME TO posts;",
            ),
            at(
                &down,
                "ALTER TABLE posts RENAME INDEX fk_articles_user_id TO fk_posts_user_id;",
            ),
            at(&down, "ADD CONSTRAINT fk_posts_user_id"),
        );
        assert!(drop < rename && rename < add, "{down}");
        for sql in [&up, &down] {
            assert!(!sql.contains("DROP INDEX"), "{sql}");
        }
        // PostgreSQL renames the key itself and makes no index for it.
        let (up, _) = migration("postgresql", &after, &before);
        assert!(!up.contains("INDEX"), "{up}");
    }

    fn members(name: &str, renamed_from: &str, uniques: &str) -> String {
        format!(
            r#"{{"name":"{name}"{renamed_from},"primaryKey":["id"],"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"email","type":"VARCHAR","length":100,"nullable":false}},{{"name":"n","type":"INTEGER","nullable":true}}],"uniqueConstraints":[{uniques}]}}"#
        )
    }

    #[test]
    fn a_unique_constraint_kept_under_a_new_name_is_renamed_both_ways_on_postgresql_and_mysql() {
        let uq =
            |name: &str, columns: &str| format!(r#"{{"name":"{name}","columns":[{columns}]}}"#);
        let before = members("users", "", &uq("uq_users_email", r#""email""#));
        let after = members(
            "members",
            r#","renamedFrom":"users""#,
            &uq("uq_members_email", r#""email""#),
        );
        let (up, down) = migration("postgresql", &after, &before);
        assert!(
            up.contains(
                "ALTER TABLE members RENAME CONSTRAINT uq_users_email TO uq_members_email;"
            ),
            "{up}"
        );
        assert!(
            down.contains(
                "ALTER TABLE users RENAME CONSTRAINT uq_members_email TO uq_users_email;"
            ),
            "{down}"
        );
        let (up, down) = migration("mysql", &after, &before);
        assert!(
            up.contains("ALTER TABLE members RENAME INDEX uq_users_email TO uq_members_email;"),
            "{up}"
        );
        assert!(
            down.contains("ALTER TABLE users RENAME INDEX uq_members_email TO uq_users_email;"),
            "{down}"
        );
        for db in ["postgresql", "mysql"] {
            let (up, down) = migration(db, &after, &before);
            for sql in [&up, &down] {
                assert!(
                    !sql.contains("DROP CONSTRAINT")
                        && !sql.contains("DROP INDEX")
                        && !sql.contains("UNIQUE"),
                    "{sql}"
                );
            }
            // Other columns, or two alike that go: dropped and added.
            let (up, _) = migration(
                db,
                &members("users", "", &uq("uq_b", r#""email","n""#)),
                &members("users", "", &uq("uq_a", r#""email""#)),
            );
            assert!(!up.contains("RENAME"), "{up}");
        }
        // (PostgreSQL's CREATE TABLE keeps one of two alike: MySQL only.)
        {
            let (up, _) = migration(
                "mysql",
                &members("users", "", &uq("uq_c", r#""email""#)),
                &members(
                    "users",
                    "",
                    &[uq("uq_a", r#""email""#), uq("uq_b", r#""email""#)].join(","),
                ),
            );
            assert!(!up.contains("RENAME"), "{up}");
        }
        // SQLite has no such statement.
        let (up, _) = migration("sqlite", &after, &before);
        assert!(!up.contains("RENAME CONSTRAINT"), "{up}");
    }

    /// A foreign key to a UNIQUE constraint or a unique index renamed in place, and on MySQL
    /// one served by an index renamed in place, is left as it is: PostgreSQL keeps it on the
    /// index (by OID), InnoDB on the renamed index (dropped and added, it was checked against
    /// every row anew).
    #[test]
    fn a_foreign_key_to_or_served_by_a_key_renamed_in_place_is_left_as_it_is() {
        let tables = |uq: &str, ux: &str| {
            format!(
                r#"{{"name":"users","primaryKey":["id"],"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"email","type":"VARCHAR","length":100,"nullable":false}},{{"name":"code","type":"INTEGER","nullable":false}}],"uniqueConstraints":[{{"name":"{uq}","columns":["email"]}}],"indexes":[{{"name":"{ux}","columns":["code"],"unique":true}}]}},
                {{"name":"posts","primaryKey":["id"],"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"email","type":"VARCHAR","length":100,"nullable":true}},{{"name":"code","type":"INTEGER","nullable":true}},{{"name":"user_id","type":"INTEGER","nullable":true}}],"uniqueConstraints":[{{"name":"{uq}_p","columns":["user_id"]}}],"foreignKeys":[{{"name":"fk_email","columns":["email"],"referencedTable":"users","referencedColumns":["email"]}},{{"name":"fk_code","columns":["code"],"referencedTable":"users","referencedColumns":["code"]}},{{"name":"fk_user","columns":["user_id"],"referencedTable":"users","referencedColumns":["id"]}}]}}"#
            )
        };
        let (before, after) = (tables("uq_a", "ux_a"), tables("uq_b", "ux_b"));
        for db in ["postgresql", "mysql"] {
            let (up, down) = migration(db, &after, &before);
            for sql in [&up, &down] {
                assert!(!sql.contains("FOREIGN KEY"), "{db}: {sql}");
                assert!(sql.contains("uq_a_p TO uq_b_p") || sql.contains("uq_b_p TO uq_a_p"));
            }
            // (PostgreSQL: ALTER INDEX ux_a RENAME TO ux_b; MySQL: RENAME INDEX ux_a TO ux_b.)
            let renames = |sql: &str, a: &str, b: &str| {
                sql.contains(&format!(" {a} TO {b};"))
                    || sql.contains(&format!(" {a} RENAME TO {b};"))
            };
            assert!(
                renames(&up, "uq_a", "uq_b") && renames(&up, "ux_a", "ux_b"),
                "{up}"
            );
            assert!(
                renames(&down, "uq_b", "uq_a") && renames(&down, "ux_b", "ux_a"),
                "{down}"
            );
        }
    }
}
