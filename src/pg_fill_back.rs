//! The value a PostgreSQL down migration gives every row of a NOT NULL column without a default
//! that it adds back (one the up migration dropped, `allowDataLoss`), and the statements that
//! add it so. PostgreSQL has no value of its own to give the rows (`ADD COLUMN title
//! VARCHAR(100) NOT NULL` fails on a table with rows: "contains null values", a user trial),
//! where SQLite's down rebuild fills `''` or `0` and MySQL the type's empty value. The column is
//! added with this filler as its default, which a second statement drops (PostgreSQL 15 and
//! PGlite refuse `ADD COLUMN … DEFAULT …, ALTER COLUMN … DROP DEFAULT` in one statement: the
//! column does not exist yet for the second clause), so that the rows hold the filler and the
//! column ends as previousSpec has it, NOT NULL without a default.
//!
//! The filler is the type's empty value where it has one, as the other dialects fill it (`''`,
//! `0`, `false`, no bytes); the Unix epoch for a DATE or TIMESTAMP (PostgreSQL has no zero
//! date), the nil UUID, and JSON `null` (MySQL's empty JSON value). A text column that a CHECK
//! keeps to a list of strings gets the first of them that fits its length, which that CHECK
//! takes, as on SQLite; a CHECK that refuses the filler otherwise is said (`DOWN_DATA_LOSS`,
//! `spec_change::check_refusing`).

use crate::dialect::Dialect;
use crate::spec::{Column, ColumnType, DatabaseType, DefaultValue, Table};

/// The nil UUID, a UUID column's filler.
pub const NIL_UUID: &str = "00000000-0000-0000-0000-000000000000";

/// The value the down migration gives every row of `column` of `table` (previousSpec's table,
/// named as the down migration names it) when it adds it back: on PostgreSQL, for a NOT NULL
/// column without a default that is not numbered; `None` otherwise (the column's own default,
/// NULL or numbering fills the rows, or the dialect fills them itself).
pub fn filler(d: &dyn Dialect, table: &Table, column: &Column) -> Option<DefaultValue> {
    if d.database_type() != DatabaseType::Postgresql
        || column.nullable
        || column.default.is_some()
        || column.auto_increment
    {
        return None;
    }
    use ColumnType::*;
    let text = matches!(column.ty, Text | Varchar | Char);
    if text {
        let choices = crate::check_choices::of_checks(d.parser(), &table.check_constraints);
        let first = crate::check_choices::for_column(&choices, &column.name).and_then(|allowed| {
            allowed
                .iter()
                .find(|s| crate::check_choices::fits(s, column.length))
        });
        if let Some(first) = first {
            return Some(DefaultValue::Str(first.clone()));
        }
    }
    let string = |s: &str| DefaultValue::Str(s.to_string());
    Some(match column.ty {
        Text | Varchar | Char | Blob => string(""),
        Integer | Int | Bigint | Tinyint | Real | Numeric | Decimal => {
            DefaultValue::Number("0".to_string())
        }
        Boolean => DefaultValue::Bool(false),
        Date => string("1970-01-01"),
        Timestamp | Datetime => string("1970-01-01 00:00:00"),
        Uuid => string(NIL_UUID),
        Json | Jsonb => string("null"),
    })
}

/// [`filler`] as the SQL literal the down migration writes (`''`, `0`, `FALSE`,
/// `'1970-01-01'`): what a message names and a CHECK is asked of.
pub fn literal(d: &dyn Dialect, table: &Table, column: &Column) -> Option<String> {
    let filled = with_filler(d, table, column)?;
    d.default_value(&filled, table.is_key_column(&column.name))
}

/// `column` with [`filler`] as its default, where it has one.
fn with_filler(d: &dyn Dialect, table: &Table, column: &Column) -> Option<Column> {
    let fill = filler(d, table, column)?;
    Some(Column {
        default: Some(fill),
        ..column.clone()
    })
}

/// The statements that add `column` back to `table` in the down migration (`key_clauses` as
/// [`Dialect::add_column`] takes it): with [`filler`] as its default, then without it, where it
/// has one; `None` where the plain `ADD COLUMN` fills the rows.
pub fn add_column(
    d: &dyn Dialect,
    table: &Table,
    column: &Column,
    key_clauses: bool,
) -> Option<Vec<String>> {
    let filled = with_filler(d, table, column)?;
    Some(vec![
        d.add_column(table, &filled, key_clauses),
        format!(
            "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;",
            d.identifier(&table.name),
            d.identifier(&column.name)
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::for_database;
    use crate::spec::CheckConstraint;

    fn table(column: Column, checks: &[&str]) -> Table {
        Table {
            name: "tasks".to_string(),
            columns: vec![column],
            check_constraints: (checks.iter().enumerate())
                .map(|(i, e)| CheckConstraint {
                    name: format!("chk_{i}"),
                    expression: e.to_string(),
                })
                .collect(),
            ..Table::default()
        }
    }

    fn said(db: DatabaseType, column: Column, checks: &[&str]) -> Option<String> {
        let t = table(column.clone(), checks);
        literal(for_database(db), &t, &column)
    }

    #[test]
    fn each_postgres_type_gets_a_value_of_its_own() {
        let pg = DatabaseType::Postgresql;
        use ColumnType::*;
        for (ty, expected) in [
            (Varchar, "''"),
            (Text, "''"),
            (Char, "''"),
            (Blob, "''"),
            (Integer, "0"),
            (Bigint, "0"),
            (Decimal, "0"),
            (Real, "0"),
            (Boolean, "FALSE"),
            (Date, "'1970-01-01'"),
            (Timestamp, "'1970-01-01 00:00:00'"),
            (Datetime, "'1970-01-01 00:00:00'"),
            (Uuid, "'00000000-0000-0000-0000-000000000000'"),
            (Json, "'null'"),
            (Jsonb, "'null'"),
        ] {
            let got = said(pg, Column::new("c", ty, false), &[]);
            assert_eq!(got.as_deref(), Some(expected), "{ty:?}");
        }
    }

    #[test]
    fn a_check_that_keeps_text_to_strings_gives_the_first_that_fits() {
        let pg = DatabaseType::Postgresql;
        let status = Column::new("status", ColumnType::Text, false);
        assert_eq!(
            said(pg, status.clone(), &["status IN ('active', 'banned')"]).as_deref(),
            Some("'active'")
        );
        let short = Column {
            length: Some(3),
            ..Column::new("status", ColumnType::Varchar, false)
        };
        assert_eq!(
            said(pg, short, &["status IN ('active', 'new')"]).as_deref(),
            Some("'new'")
        );
        // Not text: the type's filler, which the CHECK is asked of elsewhere.
        let n = Column::new("n", ColumnType::Integer, false);
        assert_eq!(said(pg, n, &["n IN ('1', '2')"]).as_deref(), Some("0"));
    }

    #[test]
    fn only_postgres_not_null_columns_without_a_default_are_filled() {
        let c = Column::new("c", ColumnType::Varchar, false);
        assert_eq!(said(DatabaseType::Mysql, c.clone(), &[]), None);
        assert_eq!(said(DatabaseType::Sqlite, c.clone(), &[]), None);
        let pg = DatabaseType::Postgresql;
        let nullable = Column::new("c", ColumnType::Varchar, true);
        assert_eq!(said(pg, nullable, &[]), None);
        let defaulted = Column {
            default: Some(DefaultValue::Str("x".into())),
            ..c.clone()
        };
        assert_eq!(said(pg, defaulted, &[]), None);
        let numbered = Column {
            auto_increment: true,
            ..Column::new("id", ColumnType::Integer, false)
        };
        assert_eq!(said(pg, numbered, &[]), None);
    }

    #[test]
    fn the_column_is_added_with_the_filler_then_without_it() {
        let d = for_database(DatabaseType::Postgresql);
        let title = Column {
            length: Some(100),
            ..Column::new("title", ColumnType::Varchar, false)
        };
        let t = table(title.clone(), &[]);
        assert_eq!(
            add_column(d, &t, &title, true).unwrap(),
            [
                "ALTER TABLE tasks ADD COLUMN title VARCHAR(100) NOT NULL DEFAULT '';",
                "ALTER TABLE tasks ALTER COLUMN title DROP DEFAULT;"
            ]
        );
    }
}
