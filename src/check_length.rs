//! The length a CHECK's length function gives for a string a column holds, where the database
//! settles it without anything the spec does not say (its encoding, a collation, padding):
//! what [`crate::check_implies::judge`] compares with a number (`length(name) > 5` given the
//! default 'abc' is false on the three engines, and each refuses the row).
//!
//! - SQLite's `length` counts characters in a column of TEXT affinity (`VARCHAR`, `TEXT`,
//!   `CHAR`, which SQLite does not pad; on a table read from a SQLite file, the type it
//!   declares), a string without a NUL (SQLite stops at one). Its `octet_length` counts bytes
//!   in the database's encoding (UTF-16 is twice): not settled.
//! - PostgreSQL's `length`, `char_length` and `character_length` count characters, and its
//!   `octet_length` bytes, in the database's encoding: settled for an ASCII string only (one
//!   byte and one character in every server encoding), in `VARCHAR` and `TEXT` (`CHAR(n)` is
//!   padded: `octet_length` counts the spaces, `length` does not).
//! - MySQL's `char_length` and `character_length` count characters, as its `length` does as a
//!   spec writes it (rendered `CHAR_LENGTH`, see [`crate::dialect::mysql`]); its `octet_length`
//!   counts bytes in the column's character set: settled for an ASCII string only. In `VARCHAR`
//!   and `TEXT`, which keep the spaces at the end (a `CHAR` gives them back without).
//!
//! A call named with a schema (`db.length(x)`), or with anything but the plain column as its
//! one argument (`length(trim(x))`, `length(x::text)`), is not read.

use crate::check_choices::{column_name, unnested};
use crate::spec::{Column, ColumnType, DatabaseType, Table};
use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments};

/// What a length function counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counts {
    Characters,
    Bytes,
}

/// A call of one of the database's length functions on a column that holds a string as written
/// (see the module's comment): what it gives for a string the column holds, where settled.
#[derive(Clone, Copy, Debug)]
pub struct Length {
    database: DatabaseType,
    counts: Counts,
    /// The most characters the column keeps (PostgreSQL and MySQL cut the spaces beyond it off
    /// a `VARCHAR`'s value without an error).
    most: Option<u32>,
}

impl Length {
    /// The call `e` where it is one of `database`'s length functions on `column` of `table`,
    /// which holds a string as written.
    pub fn of(
        database: DatabaseType,
        (table, column): (&Table, &Column),
        e: &Expr,
    ) -> Option<Length> {
        let counts = length_call(database, e, &column.name)?;
        held_as_written(database, table, column).then_some(Length {
            database,
            counts,
            most: column.length.filter(|_| database != DatabaseType::Sqlite),
        })
    }

    /// What the call gives for a row whose column holds `value`, where the database settles it.
    pub fn measure(&self, value: &str) -> Option<usize> {
        let characters = value.chars().count();
        if value.contains('\0') || self.most.is_some_and(|n| characters > n as usize) {
            return None;
        }
        match (self.database, self.counts) {
            (DatabaseType::Sqlite, Counts::Characters)
            | (DatabaseType::Mysql, Counts::Characters) => Some(characters),
            (DatabaseType::Sqlite, Counts::Bytes) => None,
            (DatabaseType::Postgresql, _) | (DatabaseType::Mysql, Counts::Bytes) => {
                value.is_ascii().then_some(value.len())
            }
        }
    }
}

/// What the call `e` counts where it is one of `database`'s length functions, by a name of one
/// part, on the plain column `name` (ASCII case aside) and nothing else.
fn length_call(database: DatabaseType, e: &Expr, name: &str) -> Option<Counts> {
    let Expr::Function(f) = unnested(e) else {
        return None;
    };
    let [part] = &f.name.0[..] else {
        return None;
    };
    let function = part.as_ident()?;
    if function.quote_style.is_some() {
        return None;
    }
    let counts = match (database, function.value.to_ascii_lowercase().as_str()) {
        (DatabaseType::Sqlite, "length") => Counts::Characters,
        (DatabaseType::Postgresql | DatabaseType::Mysql, "char_length" | "character_length") => {
            Counts::Characters
        }
        (DatabaseType::Postgresql | DatabaseType::Mysql, "length") => Counts::Characters,
        (DatabaseType::Postgresql | DatabaseType::Mysql, "octet_length") => Counts::Bytes,
        _ => return None,
    };
    let plain = f.filter.is_none()
        && f.over.is_none()
        && f.within_group.is_empty()
        && f.null_treatment.is_none()
        && matches!(f.parameters, FunctionArguments::None);
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    let [FunctionArg::Unnamed(FunctionArgExpr::Expr(argument))] = &list.args[..] else {
        return None;
    };
    let is_column = matches!(unnested(argument), Expr::Identifier(_))
        && column_name(argument).is_some_and(|c| c.eq_ignore_ascii_case(name));
    (plain && list.duplicate_treatment.is_none() && list.clauses.is_empty() && is_column)
        .then_some(counts)
}

/// Whether `column` of `table` holds a string default as written, for a length to count: a
/// column SQLite gives TEXT affinity (which keeps a string a string), a PostgreSQL or MySQL
/// `VARCHAR` or `TEXT` (no padding).
fn held_as_written(database: DatabaseType, table: &Table, column: &Column) -> bool {
    if database == DatabaseType::Sqlite {
        if table.declared_types.is_some() {
            return table
                .declared_type(column)
                .is_some_and(|t| crate::diff::affinity(t) == "TEXT");
        }
        return matches!(
            column.ty,
            ColumnType::Varchar | ColumnType::Text | ColumnType::Char
        );
    }
    matches!(column.ty, ColumnType::Varchar | ColumnType::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            name: "t".into(),
            columns: vec![
                Column::new("name", ColumnType::Varchar, true),
                Column::new("code", ColumnType::Char, true),
                Column::new("qty", ColumnType::Integer, true),
                Column {
                    length: Some(4),
                    ..Column::new("short", ColumnType::Varchar, true)
                },
            ],
            ..Table::default()
        }
    }

    fn measure(db: DatabaseType, call: &str, column: &str, value: &str) -> Option<usize> {
        let t = table();
        let parser = crate::dialect::for_database(db).parser();
        let e = sqlparser::parser::Parser::new(parser)
            .try_with_sql(call)
            .unwrap()
            .parse_expr()
            .unwrap();
        Length::of(db, (&t, t.column(column).unwrap()), &e)?.measure(value)
    }

    #[test]
    fn each_database_counts_characters_with_its_own_names() {
        use DatabaseType::*;
        assert_eq!(measure(Sqlite, "length(name)", "name", "abc"), Some(3));
        assert_eq!(measure(Sqlite, "LENGTH ( Name )", "name", "été"), Some(3));
        assert_eq!(measure(Sqlite, "char_length(name)", "name", "abc"), None);
        assert_eq!(measure(Sqlite, "octet_length(name)", "name", "abc"), None);
        for f in ["length", "char_length", "character_length", "octet_length"] {
            let call = format!("{f}(name)");
            assert_eq!(measure(Postgresql, &call, "name", "ab c "), Some(5), "{f}");
            assert_eq!(measure(Postgresql, &call, "name", "été"), None, "{f}");
            assert_eq!(measure(Mysql, &call, "name", "ab c "), Some(5), "{f}");
        }
        assert_eq!(measure(Mysql, "char_length(name)", "name", "été"), Some(3));
        assert_eq!(measure(Mysql, "length(name)", "name", "été"), Some(3));
        assert_eq!(measure(Mysql, "octet_length(name)", "name", "été"), None);
    }

    #[test]
    fn anything_else_is_not_measured() {
        use DatabaseType::*;
        for db in [Sqlite, Postgresql, Mysql] {
            for call in [
                "length(trim(name))",
                "length(qty)",
                "length(name, 1)",
                "s.length(name)",
                "upper(name)",
                "length(code)",
            ] {
                assert_eq!(measure(db, call, "name", "abc"), None, "{db:?} {call}");
            }
            assert_eq!(measure(db, "length(name)", "name", "a\0b"), None);
        }
        // CHAR is padded on PostgreSQL and MySQL, not on SQLite.
        assert_eq!(measure(Sqlite, "length(code)", "code", "abc"), Some(3));
        // Longer than a VARCHAR(4): PostgreSQL and MySQL cut spaces beyond it off.
        assert_eq!(measure(Sqlite, "length(short)", "short", "abcd  "), Some(6));
        assert_eq!(
            measure(Postgresql, "length(short)", "short", "abcd"),
            Some(4)
        );
        assert_eq!(
            measure(Postgresql, "length(short)", "short", "abcd  "),
            None
        );
        assert_eq!(measure(Mysql, "length(short)", "short", "abcd  "), None);
        assert_eq!(measure(Postgresql, "length(code)", "code", "abc"), None);
        assert_eq!(measure(Mysql, "char_length(code)", "code", "abc"), None);
    }
}
