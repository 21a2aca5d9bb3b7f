//! The checks of a table's indexes and keys as a whole: an index that adds nothing to a key or
//! another index (`REDUNDANT_INDEX`), and keys over more columns than the database holds.

use crate::dialect::Dialect;
use crate::report::{Code, Issue, Report};
use crate::spec::*;
use foldhash::{HashMap, HashMapExt};

/// `REDUNDANT_INDEX` for each plain b-tree index of `t` whose columns a key, a UNIQUE column, a
/// unique constraint or an earlier index already covers (unique ones count first, so that of a
/// unique and a plain index on the same columns the plain one is the redundant one).
pub(super) fn warn_redundant_indexes(t: &Table, report: &mut Report) {
    let at = |i: Issue| i.table(&t.name);
    // The columns each key or plain b-tree index covers, and what covers them first: unique
    // ones before plain ones, so that of a unique and a plain index on the same columns the
    // plain one is the redundant one, whatever their order in the spec.
    let mut index_keys: HashMap<&[String], (&str, Option<&str>)> =
        HashMap::with_capacity(1 + t.indexes.len() + t.unique_constraints.len());
    if !t.primary_key.is_empty() {
        index_keys.insert(&t.primary_key, ("the primary key", None));
    }
    for c in t.columns.iter().filter(|c| c.unique) {
        index_keys
            .entry(std::slice::from_ref(&c.name))
            .or_insert(("the UNIQUE column", Some(&c.name)));
    }
    for u in &t.unique_constraints {
        index_keys
            .entry(&u.columns)
            .or_insert(("the unique constraint", Some(&u.name)));
    }
    let plain_btree =
        |ix: &&Index| ix.predicate.is_none() && matches!(ix.method, None | Some(IndexType::Btree));
    let unique_first = t
        .indexes
        .iter()
        .filter(plain_btree)
        .filter(|ix| ix.unique)
        .chain(t.indexes.iter().filter(plain_btree).filter(|ix| !ix.unique));
    for ix in unique_first {
        let kind = if ix.unique {
            "the unique index"
        } else {
            "the index"
        };
        match index_keys.get(ix.columns.as_slice()) {
            Some(&(other, other_name)) => {
                let other = match other_name {
                    Some(n) => format!("{other} '{n}'"),
                    None => other.to_string(),
                };
                let does = if ix.unique {
                    "already keeps them unique and indexes them"
                } else {
                    "already indexes them"
                };
                report.push(
                    at(Issue::warning(
                        Code::RedundantIndex,
                        format!("{kind} '{}' covers the same columns as {other}, which {does}", ix.name),
                    ))
                    .constraint(&ix.name)
                    .suggest(format!("drop the index '{}' ({other} stays), unless you need it for a different purpose", ix.name)),
                );
            }
            None => {
                index_keys.insert(&ix.columns, (kind, Some(&ix.name)));
            }
        }
    }
}

/// `UNSUPPORTED_FEATURE` for the primary key, each unique constraint and each index of `t`
/// over more columns than a key of `d` holds ([`Dialect::max_key_columns`]).
pub(super) fn check_key_column_counts(t: &Table, d: &dyn Dialect, report: &mut Report) {
    let at = |i: Issue| i.table(&t.name);
    if let Some(most) = d.max_key_columns() {
        let keys = std::iter::once((t.primary_key.as_slice(), "the primary key", None))
            .chain(
                t.unique_constraints
                    .iter()
                    .map(|u| (u.columns.as_slice(), "the unique constraint", Some(&u.name))),
            )
            .chain(
                t.indexes
                    .iter()
                    .map(|i| (i.columns.as_slice(), "the index", Some(&i.name))),
            );
        for (columns, what, name) in keys.filter(|(c, ..)| c.len() > most) {
            let mut issue = at(Issue::error(
                Code::UnsupportedFeature,
                format!(
                    "{what} has {} columns; {} keys hold at most {most}",
                    columns.len(),
                    d.database_type().as_str()
                ),
            ))
            .suggest("key fewer columns");
            if let Some(n) = name {
                issue = issue.constraint(n);
            }
            report.push(issue);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::codes_only;

    /// Of a unique and a plain index on the same columns, the plain one is redundant, in either
    /// order (a user trial was told to drop the unique one, and with it the uniqueness); a
    /// unique index is redundant beside a key that already keeps its columns unique.
    #[test]
    fn the_redundant_index_is_the_one_that_adds_nothing() {
        let redundant = |db: &str, indexes: &str, unique_column: bool| {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{{"name":"t","columns":[
                {{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},
                {{"name":"a","type":"VARCHAR","length":40,"nullable":true,"unique":{unique_column}}}],
                "indexes":[{indexes}]}}]}}"#
            ));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            r.validation
                .warnings
                .iter()
                .filter(|w| w.code.as_str() == "REDUNDANT_INDEX")
                .map(|w| (w.constraint.clone().unwrap(), w.message.clone()))
                .collect::<Vec<_>>()
        };
        let plain = r#"{"name":"i1","columns":["a"],"unique":false}"#;
        let unique = r#"{"name":"u1","columns":["a"],"unique":true}"#;
        for db in ["sqlite", "postgresql", "mysql"] {
            for order in [format!("{plain},{unique}"), format!("{unique},{plain}")] {
                let found = redundant(db, &order, false);
                assert_eq!(found.len(), 1, "{db} {found:?}");
                assert_eq!(found[0].0, "i1", "{db} {found:?}");
                assert_eq!(
                    found[0].1,
                    "the index 'i1' covers the same columns as the unique index 'u1', which already indexes them"
                );
            }
            let found = redundant(db, unique, true);
            assert_eq!(found.len(), 1, "{db} {found:?}");
            assert_eq!(
                found[0].1,
                "the unique index 'u1' covers the same columns as the UNIQUE column 'a', which already keeps them unique and indexes them"
            );
            assert!(redundant(db, plain, false).is_empty());
        }
    }

    /// A PostgreSQL user trial: an index on `lower(email)` or `email DESC` was told the table
    /// has no column of that name.
    #[test]
    fn index_expressions_and_sort_orders_are_named_as_such() {
        let table = |column: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{{"name":"email","type":"TEXT","nullable":false}}],"indexes":[{{"name":"idx_t_email","columns":["{column}"]}}]}}"#
            )
        };
        for (column, suggestion) in [
            ("lower(email)", "store it lowercased"),
            ("email DESC", "list the column alone, 'email'"),
            ("email asc", "list the column alone, 'email'"),
        ] {
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"postgresql","timestamps":false,"tables":[{}]}}"#,
                table(column)
            ));
            let e = &r.validation.errors[0];
            assert_eq!(e.code.as_str(), "UNKNOWN_COLUMN");
            assert!(
                e.message.contains("which is not a column name"),
                "{}",
                e.message
            );
            assert!(
                e.suggestion
                    .as_deref()
                    .unwrap_or_default()
                    .contains(suggestion),
                "{:?}",
                e.suggestion
            );
        }
        assert_eq!(
            codes_only("postgresql", &table("emial")),
            vec!["UNKNOWN_COLUMN"]
        );
    }

    /// PostgreSQL: "cannot use more than 32 columns in an index"; MySQL 8.0 allows 16 key parts
    /// (MariaDB 32) and 64 secondary indexes on an InnoDB table.
    #[test]
    fn index_limits_of_each_database() {
        let wide = |n: usize| {
            let cols: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"name":"c{i}","type":"INT","nullable":true}}"#))
                .collect();
            let names: Vec<String> = (0..n).map(|i| format!(r#""c{i}""#)).collect();
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{}],"indexes":[{{"name":"idx_t_wide","columns":[{}],"unique":false}}]}}"#,
                cols.join(","),
                names.join(",")
            )
        };
        assert_eq!(
            codes_only("postgresql", &wide(33)),
            vec!["UNSUPPORTED_FEATURE"]
        );
        assert!(codes_only("postgresql", &wide(32)).is_empty());
        assert_eq!(codes_only("mysql", &wide(17)), vec!["UNSUPPORTED_FEATURE"]);
        assert!(codes_only("mysql", &wide(16)).is_empty());
        let many = |n: usize| {
            let cols: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"name":"c{i}","type":"INT","nullable":true}}"#))
                .collect();
            let idx: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"name":"idx_t_c{i}","columns":["c{i}"],"unique":false}}"#))
                .collect();
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{}],"indexes":[{}]}}"#,
                cols.join(","),
                idx.join(",")
            )
        };
        assert_eq!(codes_only("mysql", &many(65)), vec!["UNSUPPORTED_FEATURE"]);
        assert!(codes_only("mysql", &many(64)).is_empty());
        assert!(codes_only("postgresql", &many(65)).is_empty());
    }
}
