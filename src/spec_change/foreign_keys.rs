//! The foreign keys of a table that go, come, or change (or are renamed) from previousSpec
//! to the spec.

use super::indexes::{
    constraint_names, indexes_made_for_keys, serving_index_list, serving_indexes,
};
use super::moved::Moved;
use crate::dialect::Dialect;
use crate::spec::*;

/// Foreign keys of `to` that differ from `from`'s, as (drops of `from`'s, additions of `to`'s).
/// A key on or to a column whose type changes counts as changed. `keys` are the indexes and
/// UNIQUE constraints the change renames in place (this way), which a key keeps;
/// `columns_renamed` the columns it renames (name in `from`, name in `to`), which the keys and
/// indexes that serve a key follow.
pub(super) fn foreign_key_changes(
    d: &dyn Dialect,
    (from, to): (&Table, &Table),
    moved: &Moved,
    referenced_now: &dyn Fn(&str) -> String,
    keys: &crate::index_renames::KeyRenames,
    columns_renamed: &[(String, String)],
) -> ForeignKeyChanges {
    // A key that other changes move, named as the spec names it: `to` up, `from` down (the
    // other side names the tables as previousSpec does, which `Moved` does not know).
    let moved_under = |old: &ForeignKey, new: &ForeignKey| {
        moved.touches(&to.name, new) || moved.touches(&from.name, old)
    };
    // A key of `from` naming the table it references as `to` names it: a table renamed by
    // this migration (its own table too) carries the keys that reference it along.
    let followed = |fk: &ForeignKey| -> ForeignKey {
        ForeignKey {
            referenced_table: referenced_now(&fk.referenced_table),
            ..fk.clone()
        }
    };
    // Its indexes and UNIQUE constraints renamed in place under their new names: on MySQL a
    // key served by one keeps it (MariaDB 10.11: RENAME INDEX leaves the key on it). And its
    // columns renamed, in its primary key, UNIQUEs and indexes: a key served by one of them
    // that names no renamed column itself keeps it through `RENAME COLUMN` (MariaDB 10.11;
    // MySQL 8.0 and MariaDB refuse only a copying rename of a column a key names, error 1846).
    // It was dropped and added again around the rename of the other column of a primary key
    // `(org_id, user_id)` that serves the key on `org_id` (a user trial). Its own keys keep
    // their columns' old names: one on a renamed column (and its default name) changes.
    let from_now = Table {
        foreign_keys: from.foreign_keys.iter().map(followed).collect(),
        ..super::renames::with_renamed(d, &keys.apply(from), &from.name, columns_renamed)
            .into_owned()
    };
    // Where the database keeps an index for each key, the indexes that serve it count as part
    // of it: one of them dropped while the key is there is refused, and the index the
    // database made for a key without one stays behind when the key goes. Keys on the same
    // leading columns share such an index (named after the first): they go and come together.
    let text_with = |t: &Table, fk: &ForeignKey, serving: bool| {
        let mut text = d.add_foreign_key(t, &fk.with_default_actions_left_out());
        if d.foreign_keys_need_an_index() {
            if serving {
                text.push_str(&serving_indexes(d, t, &fk.columns));
            }
            for other in t.foreign_keys.iter().filter(|o| !std::ptr::eq(*o, fk)) {
                let (a, b) = (&fk.columns, &other.columns);
                if a.starts_with(b) || b.starts_with(a) {
                    text.push_str(" [key ");
                    text.push_str(&other.name(&t.name));
                    text.push(']');
                }
            }
        }
        text
    };
    let text = |t: &Table, fk: &ForeignKey| text_with(t, fk, true);
    // A key the database made an index for that an index or key added now serves is the same
    // key: InnoDB drops the index it made once the new one is added (MySQL 9.7 and MariaDB
    // 10.11, which also drop one several keys share). Dropping the key around the new index
    // instead left the table without it when the index failed (duplicate rows): MySQL commits
    // each statement (the MySQL user trial). Not when the new index takes the name of the one
    // made for the key, which is then dropped with the key first.
    let made = indexes_made_for_keys(d, from);
    let made_names: Vec<&String> = made.iter().map(|(_, name)| name).collect();
    let name_taken = |name: &&String| {
        to.indexes.iter().any(|i| &i.name == *name)
            || to.unique_constraints.iter().any(|u| &u.name == *name)
    };
    let served_now = |old: &ForeignKey, new: &ForeignKey| {
        d.foreign_keys_need_an_index()
            && serving_indexes(d, from, &old.columns).is_empty()
            && !serving_indexes(d, to, &new.columns).is_empty()
            && text_with(from, old, false) == text_with(to, new, false)
            && !made_names.iter().any(name_taken)
    };
    // A key that a key or index the migration leaves as it is serves before and after is the
    // same key, whatever other indexes on its columns come or go: InnoDB lets one of them be
    // dropped while that one serves the key (MariaDB 10.11; error 1553, "needed in a foreign
    // key constraint", only when none does, as MySQL 8.0 documents it), and a new one takes
    // over no index made for the key (there is none). Dropping the key around a new
    // UNIQUE instead left the table without it when duplicates refused the UNIQUE: MySQL
    // commits each statement (a user trial on MariaDB 10.11, a UNIQUE on (tenant_id, name)
    // beside a primary key (tenant_id, id)).
    // (`old` is of `from_now`, whose keys `text_with` tells apart by where they are.)
    let still_served = |old: &ForeignKey, new: &ForeignKey| {
        d.foreign_keys_need_an_index()
            && text_with(&from_now, old, false) == text_with(to, new, false)
            && serving_index_list(d, &from_now, &old.columns)
                .iter()
                .any(|e| serving_index_list(d, to, &new.columns).contains(e))
    };
    let renamed = renamed_foreign_keys(d, from, to, &followed, &moved_under);
    let mut drops = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    for (old, old_now) in from.foreign_keys.iter().zip(&from_now.foreign_keys) {
        let name = old.name(&from.name);
        let same = to
            .foreign_keys
            .iter()
            .find(|fk| fk.name(&to.name) == name)
            .is_some_and(|fk| {
                (text(to, fk) == text(&from_now, old_now)
                    || served_now(old, fk)
                    || still_served(old_now, fk))
                    && !moved_under(old, fk)
            });
        if !same && !renamed.iter().any(|(was, _)| *was == name) {
            drops.push(d.drop_known_foreign_key(&d.identifier(&from.name), &d.identifier(&name)));
            dropped.push(name);
        }
    }
    let mut adds = Vec::new();
    let mut added: Vec<String> = Vec::new();
    for new in &to.foreign_keys {
        let name = new.name(&to.name);
        let same = (from.foreign_keys.iter().zip(&from_now.foreign_keys))
            .find(|(fk, _)| fk.name(&from.name) == name)
            .is_some_and(|(fk, fk_now)| {
                (text(&from_now, fk_now) == text(to, new)
                    || served_now(fk, new)
                    || still_served(fk_now, new))
                    && !moved_under(fk, new)
            });
        if !same && !renamed.iter().any(|(_, is)| *is == name) {
            adds.push(d.add_foreign_key(to, new));
            added.push(name);
        }
    }
    // The index made for a key that goes and comes under another name (MySQL: a renamed
    // table's `fk_{table}_{columns}`) is renamed for the new key, which takes it, between the
    // two (the table has its new name by then), rather than dropped and built again.
    let (names_before, names_after) = (constraint_names(d, from), constraint_names(d, to));
    let made_renamed = crate::index_renames::made_for_keys(
        d,
        &crate::index_renames::KeysOf {
            table: from,
            made: &made,
            keys: &dropped,
            names: &names_before,
        },
        &crate::index_renames::KeysOf {
            table: to,
            made: &indexes_made_for_keys(d, to),
            keys: &added,
            names: &names_after,
        },
    );
    let index_renames =
        (made_renamed.iter()).filter_map(|(old, new)| d.rename_index(&to.name, old, new));
    adds.splice(0..0, index_renames.collect::<Vec<_>>());
    // The indexes made for the keys that go, once no key needs them (keys sharing one go
    // together, see `text`), but those renamed for a new key.
    let index_drops: Vec<String> = made
        .iter()
        .filter(|(_, name)| dropped.contains(name))
        .filter(|(_, name)| !made_renamed.iter().any(|(old, _)| old == name))
        .map(|(_, name)| d.drop_index(&from.name, name))
        .collect();
    // Once no key needs them.
    drops.extend(index_drops);
    let renames = (renamed.iter())
        .filter_map(|(was, is)| d.rename_foreign_key(&to.name, was, is))
        .collect();
    ForeignKeyChanges {
        drops,
        adds,
        renames,
    }
}

/// What [`foreign_key_changes`] writes for one table: the keys dropped (first), added (last),
/// and renamed in place (right after the table's own rename).
pub(super) struct ForeignKeyChanges {
    pub(super) drops: Vec<String>,
    pub(super) adds: Vec<String>,
    pub(super) renames: Vec<String>,
}

/// The foreign keys of `from` that `to` has under another name only, otherwise the same (the
/// default name `fk_{table}_{columns}` of a renamed table), as (name in `from`, name in `to`),
/// where the dialect renames a foreign key in place ([`Dialect::rename_foreign_key`]): a key
/// dropped and added again is checked against every row anew. Not a key that other changes
/// move ([`Moved::touches`]), nor one whose new name `from` gives to anything of its own or
/// whose old name `to` does (renamed first, it would take or free a name too early).
fn renamed_foreign_keys(
    d: &dyn Dialect,
    from: &Table,
    to: &Table,
    followed: &dyn Fn(&ForeignKey) -> ForeignKey,
    moved_under: &dyn Fn(&ForeignKey, &ForeignKey) -> bool,
) -> Vec<(String, String)> {
    if d.rename_foreign_key(&to.name, "a", "b").is_none() {
        return Vec::new();
    }
    let (from_names, to_names) = (constraint_names(d, from), constraint_names(d, to));
    let mut renamed: Vec<(String, String)> = Vec::new();
    for old in &from.foreign_keys {
        let was = old.name(&from.name);
        if to_names.contains(&was) {
            continue;
        }
        let as_named = |fk: &ForeignKey, name: &str| {
            let named = ForeignKey {
                name: Some(name.to_string()),
                ..fk.clone()
            };
            d.add_foreign_key(to, &named.with_default_actions_left_out())
        };
        let found = to.foreign_keys.iter().find(|new| {
            let is = new.name(&to.name);
            !from_names.contains(&is)
                && !renamed.iter().any(|(_, taken)| *taken == is)
                && !moved_under(old, new)
                && as_named(&followed(old), &is) == as_named(new, &is)
        });
        if let Some(new) = found {
            renamed.push((was, new.name(&to.name)));
        }
    }
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_change::test_support::*;

    /// The tables of the foreign-key rename tests: `orders` (or `purchases`, renamed from it)
    /// with a key to `customers` and one to itself, and `order_lines` with a key to it.
    fn orders_and_lines(renamed: bool) -> String {
        let (name, extra) = if renamed {
            ("purchases", r#","renamedFrom":"orders""#)
        } else {
            ("orders", "")
        };
        let tables = [
            r#"{"name":"customers","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#.to_string(),
            format!(
                r#"{{"name":"{name}"{extra},"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"customer_id","type":"INTEGER","nullable":false}},{{"name":"parent_id","type":"INTEGER","nullable":true}},{{"name":"total","type":"INTEGER","nullable":false}}],"primaryKey":["id"],"foreignKeys":[{{"columns":["customer_id"],"referencedTable":"customers","referencedColumns":["id"],"onDelete":"CASCADE"}},{{"columns":["parent_id"],"referencedTable":"{name}","referencedColumns":["id"]}}],"indexes":[{{"name":"idx_orders_total","columns":["total"]}}]}}"#
            ),
            format!(
                r#"{{"name":"order_lines","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"order_id","type":"INTEGER","nullable":false}}],"primaryKey":["id"],"foreignKeys":[{{"columns":["order_id"],"referencedTable":"{name}","referencedColumns":["id"]}}]}}"#
            ),
        ];
        tables.join(",")
    }

    /// `NO ACTION` written out is the key with no action written: every engine's default, so
    /// nothing changes (the key was dropped and added again); `RESTRICT` is a change.
    #[test]
    fn no_action_written_out_is_no_change() {
        let b = |actions: &str| {
            format!(
                r#"{{"name":"b","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"a_id","type":"INTEGER","nullable":true}}],"primaryKey":["id"],"foreignKeys":[{{"columns":["a_id"],"referencedTable":"a","referencedColumns":["id"]{actions}}}]}}"#
            )
        };
        let a = r#"{"name":"a","columns":[{"name":"id","type":"INTEGER","nullable":false}],"primaryKey":["id"]}"#.to_string();
        let written = r#","onDelete":"NO ACTION","onUpdate":"NO ACTION""#;
        for db in ["postgresql", "mysql", "sqlite"] {
            for (before, now) in [
                ("", written),
                (written, ""),
                (r#","onUpdate":"NO ACTION""#, r#","onDelete":"NO ACTION""#),
            ] {
                let spec = postgres_change(&[a.clone(), b(now)], &[a.clone(), b(before)])
                    .replace("postgresql", db);
                let result = crate::generate_str(&spec);
                assert!(result.validation.valid, "{db}");
                assert_eq!(result.up_migration, "", "{db}: {before} -> {now}");
            }
            let spec = postgres_change(
                &[a.clone(), b(r#","onDelete":"RESTRICT""#)],
                &[a.clone(), b("")],
            )
            .replace("postgresql", db);
            assert!(
                crate::generate_str(&spec).up_migration.contains("RESTRICT"),
                "{db}"
            );
        }
    }

    #[test]
    fn a_foreign_key_the_changed_key_served_on_mysql_goes_and_comes_around_it() {
        let table = |key: &[&str]| -> Table {
            let mut a = column("a", ColumnType::Integer);
            a.nullable = false;
            let mut b = column("b", ColumnType::Integer);
            b.nullable = false;
            Table {
                name: "links".into(),
                columns: vec![a, b],
                primary_key: key.iter().map(|k| k.to_string()).collect(),
                foreign_keys: vec![ForeignKey {
                    columns: vec!["a".into()],
                    referenced_table: "parents".into(),
                    referenced_columns: vec!["id".into()],
                    on_delete: None,
                    on_update: None,
                    name: None,
                }],
                ..Default::default()
            }
        };
        // The key (a, b) served the foreign key on a (MySQL made no index for it); (b, a) does
        // not, and MySQL refuses to drop the key under it: it goes first, and is added after
        // (with an index of its own).
        let (c, report) = change(
            DatabaseType::Mysql,
            &table(&["a", "b"]),
            &table(&["b", "a"]),
            false,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(
            c.drop_foreign_keys.up,
            ["ALTER TABLE links DROP FOREIGN KEY fk_links_a;"]
        );
        assert_eq!(
            c.core.up,
            ["ALTER TABLE links DROP PRIMARY KEY, ADD PRIMARY KEY (b, a);"]
        );
        assert_eq!(c.add_foreign_keys.up.len(), 1);
    }

    #[test]
    fn a_renamed_table_keeps_its_foreign_keys_and_those_to_it_on_postgresql() {
        let spec = spec_change_of(
            "postgresql",
            &orders_and_lines(true),
            &orders_and_lines(false),
            "",
        );
        let result = crate::generate_str(&spec);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        // Nothing is dropped and made again: the keys of the table follow it, renamed to the
        // names a fresh CREATE gives them; the key of order_lines follows it as it is.
        for (half, sql) in [
            ("up", &result.up_migration),
            ("down", &result.down_migration),
        ] {
            for never in ["DROP CONSTRAINT", "ADD CONSTRAINT", "FOREIGN KEY", "INDEX"] {
                assert!(!sql.contains(never), "{half}: {never} in\n{sql}");
            }
        }
        assert!(
            result.up_migration.contains(
                "ALTER TABLE orders RENAME TO purchases;\nALTER TABLE purchases RENAME CONSTRAINT fk_orders_customer_id TO fk_purchases_customer_id;\nALTER TABLE purchases RENAME CONSTRAINT fk_orders_parent_id TO fk_purchases_parent_id;"
            ),
            "{}",
            result.up_migration
        );
        assert!(
            result.down_migration.contains(
                "ALTER TABLE purchases RENAME TO orders;\nALTER TABLE orders RENAME CONSTRAINT fk_purchases_customer_id TO fk_orders_customer_id;\nALTER TABLE orders RENAME CONSTRAINT fk_purchases_parent_id TO fk_orders_parent_id;"
            ),
            "{}",
            result.down_migration
        );
        use crate::output::Operation;
        let operations: Vec<(&str, Operation)> = result
            .metadata
            .operations
            .iter()
            .map(|o| (o.table.as_str(), o.operation))
            .collect();
        assert_eq!(
            operations,
            [
                ("customers", Operation::Skip),
                ("purchases", Operation::Alter),
                ("order_lines", Operation::Skip)
            ]
        );
    }

    #[test]
    fn a_renamed_table_keeps_the_foreign_keys_to_it_on_mysql() {
        let spec = spec_change_of(
            "mysql",
            &orders_and_lines(true),
            &orders_and_lines(false),
            "",
        );
        let result = crate::generate_str(&spec);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        // RENAME TABLE carries the key of order_lines (and the index made for it) along; the
        // table's own keys, named after it, are made again under the new name (MySQL has no
        // RENAME of a foreign key).
        for (half, sql) in [
            ("up", &result.up_migration),
            ("down", &result.down_migration),
        ] {
            assert!(!sql.contains("fk_order_lines_order_id"), "{half}:\n{sql}");
        }
        // (In one statement with the drop of the index made for it.)
        let dropped = result.up_migration.split(';').any(|s| {
            s.trim_start().starts_with("ALTER TABLE orders")
                && s.contains("DROP FOREIGN KEY fk_orders_customer_id")
        });
        assert!(dropped, "{}", result.up_migration);
    }

    #[test]
    fn a_foreign_key_to_a_renamed_table_whose_key_changes_goes_and_comes_around_it_both_ways() {
        let countries = |name: &str, extra: &str, keyed_by_code: bool| {
            let (id, key) = if keyed_by_code {
                ("", "code")
            } else {
                (
                    r#"{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},"#,
                    "id",
                )
            };
            format!(
                r#"{{"name":"{name}"{extra},"columns":[{id}{{"name":"code","type":"CHAR","length":2,"nullable":false,"unique":true}}],"primaryKey":["{key}"]}}"#
            )
        };
        let cities = |to: &str| {
            format!(
                r#"{{"name":"cities","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"country","type":"CHAR","length":2,"nullable":true}}],"primaryKey":["id"],"foreignKeys":[{{"columns":["country"],"referencedTable":"{to}","referencedColumns":["code"]}}]}}"#
            )
        };
        let spec = spec_change_of(
            "postgresql",
            &[
                countries("nations", r#","renamedFrom":"countries""#, true),
                cities("nations"),
            ]
            .join(","),
            &[countries("countries", "", false), cities("countries")].join(","),
            r#","allowDataLoss":true"#,
        );
        let result = crate::generate_str(&spec);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        // The key it references changes (made again): the foreign key goes first and comes
        // last, in the down migration too.
        for sql in [&result.up_migration, &result.down_migration] {
            let (drop, add) = (
                sql.find("ALTER TABLE cities DROP CONSTRAINT fk_cities_country;"),
                sql.find("ADD CONSTRAINT fk_cities_country"),
            );
            assert!(drop.is_some() && add > drop, "{sql}");
        }
    }
}
