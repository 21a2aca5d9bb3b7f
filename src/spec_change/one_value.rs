//! A column that gets one value in every row (added with a default, or added back by the
//! down migration), and the keys and UNIQUEs that one value repeats in.

use crate::dialect::{column_list, Dialect};
use crate::report::{Code, Issue};
use crate::spec::*;

/// The first of `sets` (column lists of UNIQUEs) over `column` whose other columns `table`
/// keeps (named as `table` names them, in any case) but does not keep apart ([`keeps_apart`]),
/// with those columns: filled with one value, `column` then repeats wherever they do.
pub fn unique_over_kept<'a>(
    sets: impl Iterator<Item = &'a Vec<String>>,
    column: &str,
    table: &Table,
) -> Option<(&'a [String], Vec<String>)> {
    uniques_over_kept(sets, column, table).next()
}

/// Every one of `sets` that [`unique_over_kept`] would take, in their order, each with the
/// columns `table` keeps of it.
pub fn uniques_over_kept<'a, 't>(
    sets: impl Iterator<Item = &'a Vec<String>> + 't,
    column: &'t str,
    table: &'t Table,
) -> impl Iterator<Item = (&'a [String], Vec<String>)> + 't
where
    'a: 't,
{
    sets.filter(move |set| set.iter().any(|c| c.eq_ignore_ascii_case(column)))
        .map(move |set| {
            let kept: Vec<String> = (set.iter())
                .filter_map(|c| {
                    table
                        .columns
                        .iter()
                        .find(|s| s.name.eq_ignore_ascii_case(c))
                })
                .map(|s| s.name.clone())
                .collect();
            (set.as_slice(), kept)
        })
        .filter(move |(_, kept)| !kept.is_empty() && !keeps_apart(table, kept))
}

/// Whether `table` keeps its rows apart on `columns`: its primary key, a UNIQUE, a unique
/// index without a WHERE, or a unique column on some of them (then they are apart on all).
pub fn keeps_apart(table: &Table, columns: &[String]) -> bool {
    let within = |key: &[String]| !key.is_empty() && key.iter().all(|c| columns.contains(c));
    within(&table.primary_key)
        || table.unique_constraints.iter().any(|u| within(&u.columns))
        || (table.indexes.iter()).any(|i| i.unique && i.predicate.is_none() && within(&i.columns))
        || (table.columns.iter()).any(|c| c.unique && columns.contains(&c.name))
}

/// The one value a column added to a table's rows gives every row, when it is one value: a
/// constant default (as the dialect writes it), or, with no default, NOT NULL, the type's
/// empty value MySQL gives (PostgreSQL and SQLite add no such column to rows: that is
/// `NOT_NULL_WITHOUT_DEFAULT`), or an `{ expression }` default that is one literal (`'x'`).
/// Not for another expression, which may give each row its own (`gen_random_uuid()`), nor
/// NULL, which a UNIQUE takes in every row, nor an auto-increment column's numbers.
pub fn one_value_for_every_row(d: &dyn Dialect, table: &Table, column: &Column) -> Option<String> {
    if column.auto_increment {
        // Numbered, row by row.
        return None;
    }
    match &column.default {
        Some(DefaultValue::Expression(e)) if crate::expr::is_one_literal(d.parser(), e) => {
            Some(e.clone())
        }
        Some(DefaultValue::Null | DefaultValue::Expression(_)) => None,
        Some(DefaultValue::Now(_)) => Some("the current time".to_string()),
        Some(_) => d.default_value(column, table.is_key_column(&column.name)),
        // MySQL fills a NOT NULL column added without a default; the others refuse rows.
        None if !column.nullable => d
            .value_for_rows_without_default(column)
            .ok()
            .map(String::from),
        None => None,
    }
}

/// `ROWS_REFUSE_CHANGE` for a column a migration from previousSpec adds to `table` that gets
/// one value in every row ([`one_value_for_every_row`]) under a UNIQUE or primary key of its
/// own: the migration fails once the table has two rows (previousSpec cannot say how many it
/// has). The key case is the primary key alone.
pub fn added_with_one_value(d: &dyn Dialect, table: &Table, column: &Column) -> Option<Issue> {
    let key = table.primary_key == [column.name.as_str()];
    if !key && !unique_alone(table, &column.name) {
        return None;
    }
    let value = one_value_for_every_row(d, table, column)?;
    Some(
        Issue::warning(
            Code::RowsRefuseChange,
            format!(
                "the new column '{}' gets {value} in every row, which its {} refuses once the table has two rows: the migration then fails",
                column.name,
                if key { "primary key" } else { "UNIQUE" }
            ),
        )
        .table(&table.name)
        .column(&column.name)
        .suggest("add it without the UNIQUE (or outside the key), give each row its own value, then add the UNIQUE (or make it the key) in a later migration; on an empty table the migration works as it is"),
    )
}

/// The column lists of two columns or more that `table` holds to distinct values, each with
/// what holds it: its primary key, its UNIQUE constraints and its unique indexes that are not
/// partial.
fn unique_sets(table: &Table) -> impl Iterator<Item = (&[String], &'static str)> {
    let key = (table.primary_key.as_slice(), "primary key");
    let constraints = table
        .unique_constraints
        .iter()
        .map(|u| (u.columns.as_slice(), "UNIQUE"));
    let indexes = table
        .indexes
        .iter()
        .filter(|i| i.unique && i.predicate.is_none())
        .map(|i| (i.columns.as_slice(), "UNIQUE"));
    std::iter::once(key)
        .chain(constraints)
        .chain(indexes)
        .filter(|(columns, _)| columns.len() > 1)
}

/// The [`unique_sets`] of `table` whose columns are all `chosen` (new, or dropped) and each
/// give every row one value ([`one_value_for_every_row`]), with those values.
fn of_one_value_each<'t>(
    d: &'t dyn Dialect,
    table: &'t Table,
    chosen: impl Fn(&str) -> bool + 't,
) -> impl Iterator<Item = (&'t [String], &'static str, Vec<(&'t str, String)>)> + 't {
    unique_sets(table)
        .filter(move |(columns, _)| columns.iter().all(|c| chosen(c)))
        .filter_map(move |(columns, what)| {
            let values = columns
                .iter()
                .map(|name| {
                    let column = table.column(name)?;
                    Some((name.as_str(), one_value_for_every_row(d, table, column)?))
                })
                .collect::<Option<Vec<_>>>()?;
            Some((columns, what, values))
        })
}

/// "'a' gets 'x', 'b' gets 0" for [`of_one_value_each`]'s values.
fn each_gets(values: &[(&str, String)]) -> String {
    let said: Vec<String> = values
        .iter()
        .map(|(name, value)| format!("'{name}' gets {value}"))
        .collect();
    said.join(", ")
}

/// `ROWS_REFUSE_CHANGE` for each UNIQUE or primary key of two columns or more of `table` that a
/// migration from previousSpec makes of new columns only (`is_new`), each with one value for
/// every row: the rows all get the same values there, which it refuses once the table has
/// two rows (a key of one column is [`added_with_one_value`]'s).
pub fn added_together_with_one_value(
    d: &dyn Dialect,
    table: &Table,
    is_new: impl Fn(&str) -> bool,
) -> Vec<Issue> {
    of_one_value_each(d, table, is_new)
        .map(|(columns, what, values)| {
            Issue::warning(
                    Code::RowsRefuseChange,
                    format!(
                        "the new columns ({}) get the same values in every row ({}), which their {what} refuses once the table has two rows: the migration then fails",
                        column_list(columns),
                        each_gets(&values)
                    ),
                )
                .table(&table.name)
                .column(&columns[0])
                .suggest(format!("add them without the {what}, give each row its own values, then add the {what} in a later migration; on an empty table the migration works as it is"))
        })
        .collect()
}

/// `DOWN_DATA_LOSS` for each UNIQUE of two columns or more of `previous` whose columns a
/// migration from previousSpec all drops (`allowDataLoss`; `is_dropped`), each of which the
/// down migration adds back with one value for every row, which the UNIQUE refuses once the
/// table has two rows. (A primary key's columns are [`column_back`](super::column_back::column_back)'s, one by one.)
pub fn dropped_together_with_one_value(
    d: &dyn Dialect,
    previous: &Table,
    is_dropped: impl Fn(&str) -> bool,
) -> Vec<Issue> {
    of_one_value_each(d, previous, is_dropped)
        .filter(|(_, what, _)| *what != "primary key")
        .map(|(_, _, values)| down_refuses_together(&previous.name, &values))
        .collect()
}

/// The `DOWN_DATA_LOSS` warning of a UNIQUE over dropped columns that the down migration adds
/// back to `table`, each with one value for every row (`values`: each column's name and that
/// value), which the UNIQUE refuses once the table has two rows.
pub fn down_refuses_together(table: &str, values: &[(&str, String)]) -> Issue {
    let columns: Vec<String> = values.iter().map(|(c, _)| c.to_string()).collect();
    Issue::warning(
        Code::DownDataLoss,
        format!(
            "the down migration adds ({}) back with the same values in every row ({}), which their UNIQUE refuses once the table has two rows: the down migration then fails",
            column_list(&columns),
            each_gets(values)
        ),
    )
    .table(table)
    .column(&columns[0])
    .suggest("back up the table before running the up migration, and restore the columns' values from it before running the down one")
}

/// Whether `table` has a UNIQUE on `column` alone: the column's own, a UNIQUE constraint or a
/// unique index that is not partial.
pub fn unique_alone(table: &Table, column: &str) -> bool {
    let alone = |columns: &[String]| matches!(columns, [only] if only == column);
    table.columns.iter().any(|c| c.unique && c.name == column)
        || table.unique_constraints.iter().any(|u| alone(&u.columns))
        || table
            .indexes
            .iter()
            .any(|i| i.unique && i.predicate.is_none() && alone(&i.columns))
}

#[cfg(test)]
mod tests {

    use crate::report::Code;
    use crate::spec_change::test_support::*;

    /// A UNIQUE or key of several columns that all come with one value for every row refuses
    /// the migration once there are two rows; all going, it refuses the down migration that
    /// adds them back. One column that tells the rows apart (an old one, NULL) makes it work.
    #[test]
    fn a_unique_of_several_columns_that_come_or_go_with_one_value_each_is_said() {
        let pair = |a: &str, b: &str| {
            format!(
                r#",{{"name":"a","type":"VARCHAR","length":9,"nullable":false{a}}},{{"name":"b","type":"INTEGER","nullable":true{b}}}"#
            )
        };
        let unique = r#","uniqueConstraints":[{"name":"uq_t_ab","columns":["a","b"]}]"#;
        let index = r#","indexes":[{"name":"ix_t_ab","columns":["a","b"],"unique":true}]"#;
        let added = |db: &str, columns: &str, extra: &str| {
            let spec = postgres_change(&[table(columns, extra)], &[table("", "")])
                .replace("postgresql", db);
            warnings_of(&spec, Code::RowsRefuseChange)
        };
        let dropped = |db: &str, columns: &str, extra: &str| {
            let spec = postgres_change(&[table("", "")], &[table(columns, extra)])
                .replace("postgresql", db)
                .replace(r#""tables""#, r#""allowDataLoss":true,"tables""#);
            down_loss_but_column_order(&spec)
        };
        let both = pair(r#","default":"x""#, r#","default":{"expression":"(7)"}"#);
        for db in ["sqlite", "postgresql", "mysql"] {
            for extra in [unique, index] {
                assert_eq!(
                    added(db, &both, extra),
                    ["the new columns (a, b) get the same values in every row ('a' gets 'x', 'b' gets (7)), which their UNIQUE refuses once the table has two rows: the migration then fails"],
                    "{db} {extra}"
                );
                // (SQLite's previousSpec is read back from the schema it makes, which keeps
                // `DEFAULT (7)` as 7.)
                let seven = if db == "sqlite" { "7" } else { "(7)" };
                assert_eq!(
                    dropped(db, &both, extra),
                    [format!("the down migration adds (a, b) back with the same values in every row ('a' gets 'x', 'b' gets {seven}), which their UNIQUE refuses once the table has two rows: the down migration then fails")],
                    "{db} {extra}"
                );
                // NULL in 'b' (no default), or a call that may give each row its own value.
                let random = match db {
                    "mysql" => "floor(rand() * 9)",
                    "postgresql" => "floor(random() * 9)",
                    _ => "random() % 9",
                };
                let apart = [
                    pair(r#","default":"x""#, ""),
                    pair(
                        r#","default":"x""#,
                        &format!(r#","default":{{"expression":"{random}"}}"#),
                    ),
                ];
                for columns in &apart {
                    assert_eq!(
                        added(db, columns, extra),
                        Vec::<String>::new(),
                        "{db} {columns}"
                    );
                    assert_eq!(
                        dropped(db, columns, extra),
                        Vec::<String>::new(),
                        "{db} {columns}"
                    );
                }
            }
            // With the old column 'id', the rows stay apart.
            let with_id = r#","uniqueConstraints":[{"name":"uq_t_ab","columns":["id","a","b"]}]"#;
            assert_eq!(added(db, &both, with_id), Vec::<String>::new(), "{db}");
            assert_eq!(dropped(db, &both, with_id), Vec::<String>::new(), "{db}");
        }
        // A key of new columns only (the old key 'id' leaves it).
        let keyed = |db: &str| {
            let spec = postgres_change(
                &[format!(
                    r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{}],"primaryKey":["a","b"]}}"#,
                    pair(r#","default":"x""#, r#","default":7"#).replace(r#""nullable":true"#, r#""nullable":false"#)
                )],
                &[table("", "")],
            )
            .replace("postgresql", db);
            warnings_of(&spec, Code::RowsRefuseChange)
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            assert_eq!(
                keyed(db),
                ["the new columns (a, b) get the same values in every row ('a' gets 'x', 'b' gets 7), which their primary key refuses once the table has two rows: the migration then fails"],
                "{db}"
            );
        }
    }

    /// An `{ expression }` default that is one literal gives every row that value, as a string
    /// default does; a call may give each row its own.
    #[test]
    fn an_expression_default_of_one_literal_is_one_value_for_every_row() {
        let code = |default: &str| {
            format!(
                r#",{{"name":"code","type":"VARCHAR","length":9,"nullable":false,"unique":true,"default":{{"expression":"{default}"}}}}"#
            )
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            let added = |default: &str| {
                let spec = postgres_change(&[table(&code(default), "")], &[table("", "")])
                    .replace("postgresql", db);
                warnings_of(&spec, Code::RowsRefuseChange)
            };
            let dropped = |default: &str| {
                let spec = postgres_change(&[table("", "")], &[table(&code(default), "")])
                    .replace("postgresql", db)
                    .replace(r#""tables""#, r#""allowDataLoss":true,"tables""#);
                down_loss_but_column_order(&spec)
            };
            assert_eq!(added("'x'"), ["the new column 'code' gets 'x' in every row, which its UNIQUE refuses once the table has two rows: the migration then fails"], "{db}");
            // (SQLite's down migration is a rebuild, said in its own words.)
            let back = if db == "sqlite" {
                "the down migration brings 'code' back as ('x') in every row, which its UNIQUE refuses once the table has two rows: the down migration then fails (and rolls that table back)"
            } else {
                "the down migration adds 'code' back with ('x') in every row, which its UNIQUE refuses once the table has two rows: the down migration then fails"
            };
            assert_eq!(dropped("('x')"), [back], "{db}");
            let call = "lower(hex(randomblob(4)))";
            let call = if db == "sqlite" {
                call
            } else {
                "md5(random()::text)"
            };
            // (MySQL's uuid() is 36 characters, which the VARCHAR(9) refuses at each insert.)
            let call = if db == "mysql" {
                "(left(uuid(), 8))"
            } else {
                call
            };
            assert_eq!(added(call), Vec::<String>::new(), "{db}");
            assert_eq!(dropped(call), Vec::<String>::new(), "{db}");
        }
    }

    /// A column added with one value for every row under a UNIQUE or key of its own: the rows
    /// refuse the migration once there are two (previousSpec cannot say how many there are).
    #[test]
    fn a_unique_column_added_with_one_value_for_every_row_is_said() {
        let said = |db: &str, code: &str, extra: &str| {
            let spec =
                postgres_change(&[table(code, extra)], &[table("", "")]).replace("postgresql", db);
            warnings_of(&spec, Code::RowsRefuseChange)
        };
        let code = |extra: &str| {
            format!(r#",{{"name":"code","type":"VARCHAR","length":9,"nullable":true{extra}}}"#)
        };
        for db in ["sqlite", "postgresql", "mysql"] {
            assert_eq!(
                said(db, &code(r#","unique":true,"default":"x""#), ""),
                ["the new column 'code' gets 'x' in every row, which its UNIQUE refuses once the table has two rows: the migration then fails"],
                "{db}"
            );
            // NULL in every row, or a UNIQUE shared with the key, tells the rows apart.
            assert_eq!(
                said(db, &code(r#","unique":true"#), ""),
                Vec::<String>::new(),
                "{db}"
            );
            let pair = r#","uniqueConstraints":[{"name":"uq_t_pair","columns":["id","code"]}]"#;
            assert_eq!(
                said(db, &code(r#","default":"x""#), pair),
                Vec::<String>::new(),
                "{db}"
            );
        }
        // A new key column: on SQLite an INTEGER one is the rowid, which numbers the rows (a
        // review found it warned of); another, NOT NULL without a default, has no value for
        // them on any dialect but MySQL, which gives the type's empty value.
        let keyed = |column: &str| {
            format!(
                r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"k","nullable":false{column}}}],"primaryKey":["k"]}}"#
            )
        };
        let issues = |db: &str, column: &str| -> Vec<(Code, Option<String>)> {
            let spec =
                postgres_change(&[keyed(column)], &[table("", "")]).replace("postgresql", db);
            let result = crate::generate_str(&spec);
            result
                .validation
                .errors
                .iter()
                .chain(&result.validation.warnings)
                // (SQLite's id leaving the key loses the rowid's numbering, which is said too.)
                .filter(|i| matches!(i.code, Code::RowsRefuseChange | Code::NotNullWithoutDefault))
                .filter(|i| i.column.as_deref() == Some("k"))
                .map(|i| (i.code, i.column.clone()))
                .collect()
        };
        let k = Some("k".to_string());
        let integer = r#","type":"INTEGER""#;
        let five = r#","type":"INTEGER","default":5"#;
        let text = r#","type":"VARCHAR","length":9"#;
        assert_eq!(issues("sqlite", five), []);
        assert_eq!(issues("sqlite", integer), []);
        for db in ["sqlite", "postgresql"] {
            assert_eq!(
                issues(db, text),
                [(Code::NotNullWithoutDefault, k.clone())],
                "{db}"
            );
        }
        assert_eq!(issues("mysql", five), [(Code::RowsRefuseChange, k.clone())]);
        assert_eq!(issues("postgresql", five), [(Code::RowsRefuseChange, k)]);
    }
}
