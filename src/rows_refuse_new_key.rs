//! A UNIQUE (or primary key) that a migration from `previousSpec` adds over columns the table
//! had and columns it adds at once (a user trial's `tags` getting `kind VARCHAR(20) NOT NULL
//! DEFAULT 'topic'` and `UNIQUE (kind, name)`): every row already there gets the same value in
//! each added column, so the rule is exactly as strict, on those rows, as one over the old
//! columns alone, and rows repeating values there refuse the migration (PostgreSQL's
//! "could not create unique index", MariaDB's 1062, SQLite's "UNIQUE constraint failed").
//! An added column that holds NULL in those rows (nullable, no default) keeps them apart: the
//! three engines take NULLs in a UNIQUE as distinct (PostgreSQL unless `NULLS NOT DISTINCT`,
//! which the spec does not write). One numbered by the migration (auto-increment) keeps them
//! apart too. One whose default is computed then (`CURRENT_TIMESTAMP`, an expression) may give
//! the rows one value or each its own: that cannot be known before the migration runs.
//! (A rule over added columns only is `spec_change::one_value`'s.)

use crate::dialect::Dialect;
use crate::spec::{Column, DefaultValue, Table};

/// What the columns a migration adds to a UNIQUE hold in the rows the table already has, as
/// [`new_columns_in_key`] reads them.
#[derive(Debug, PartialEq)]
pub enum NewInKey {
    /// Each holds one constant in every row (its default, as the dialect writes it): the rule
    /// refuses the rows that repeat values in the old columns.
    Same(Vec<(String, String)>),
    /// Some hold values the migration computes (the default's text), the others one constant:
    /// whether the rows that repeat values in the old columns are refused cannot be known.
    Unknown(Vec<(String, String)>),
}

/// What the columns of `key` that `before` (previousSpec's table, its columns named as the
/// spec names them) lacks hold in the rows already there, `table` being the spec's table.
/// `None` where `key` has no such column, has only such columns, or one of them keeps the rows
/// apart (NULL, or numbered by the migration).
pub fn new_columns_in_key(
    d: &dyn Dialect,
    before: &Table,
    table: &Table,
    key: &[String],
) -> Option<NewInKey> {
    let added: Vec<&Column> = (key.iter())
        .filter(|c| before.column(c).is_none())
        .filter_map(|c| table.column(c))
        .collect();
    if added.is_empty() || added.len() == key.len() {
        return None;
    }
    let mut same = Vec::new();
    let mut unknown = false;
    for c in &added {
        if c.auto_increment {
            return None;
        }
        let held = match &c.default {
            None | Some(DefaultValue::Null) => return None,
            Some(DefaultValue::Now(_) | DefaultValue::Expression(_)) => {
                unknown = true;
                d.default_value(c, true)?
            }
            Some(_) => d.default_value(c, true)?,
        };
        same.push((c.name.clone(), held));
    }
    Some(if unknown {
        NewInKey::Unknown(same)
    } else {
        NewInKey::Same(same)
    })
}

impl NewInKey {
    /// What the warning says of the added columns, before it says which rows refuse the rule:
    /// "the new column 'kind' holds the same value in every existing row ('topic'), so".
    pub fn said(&self) -> String {
        let (NewInKey::Same(held) | NewInKey::Unknown(held)) = self;
        let listed: Vec<String> = (held.iter())
            .map(|(c, v)| format!("'{c}' gets {v}"))
            .collect();
        let (column, holds) = match held.len() {
            1 => ("column", "holds"),
            _ => ("columns", "hold"),
        };
        let names: Vec<String> = held.iter().map(|(c, _)| format!("'{c}'")).collect();
        match self {
            NewInKey::Same(_) => format!(
                "the new {column} {} {holds} the same value in every existing row ({}), so",
                names.join(", "),
                listed.join(", ")
            ),
            NewInKey::Unknown(_) => format!(
                "the new {column} {} {holds} in the existing rows what the migration computes then ({}), which cannot be known before it runs: where that is one value for rows that repeat the old columns' values,",
                names.join(", "),
                listed.join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{ColumnType, DatabaseType};

    /// The table `tags` (`id`, `name VARCHAR(50)`), with `added` too where given.
    fn table(added: Option<Column>) -> Table {
        let mut id = Column::new("id", ColumnType::Integer, false);
        id.auto_increment = false;
        let mut name = Column::new("name", ColumnType::Varchar, true);
        name.length = Some(50);
        let mut columns = vec![id, name];
        columns.extend(added);
        Table {
            name: "tags".into(),
            columns,
            primary_key: vec!["id".into()],
            ..Default::default()
        }
    }

    /// The column `kind` of type `ty`, nullable as said, with `default`.
    fn kind(ty: ColumnType, nullable: bool, default: Option<DefaultValue>) -> Option<Column> {
        let mut c = Column::new("kind", ty, nullable);
        c.length = (ty == ColumnType::Varchar).then_some(20);
        c.default = default;
        Some(c)
    }

    /// A constant default is the same in every row; NULL and a number keep them apart; a
    /// computed default cannot be known; a key over added columns only is not this one's.
    #[test]
    fn what_the_added_columns_of_a_key_hold_is_read() {
        let before = table(None);
        let key = |c: &[&str]| c.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        for db in [
            DatabaseType::Postgresql,
            DatabaseType::Mysql,
            DatabaseType::Sqlite,
        ] {
            let d = crate::dialect::for_database(db);
            let read = |column: &Option<Column>, k: &[&str]| {
                new_columns_in_key(d, &before, &table(column.clone()), &key(k))
            };
            let kind = &kind(
                ColumnType::Varchar,
                false,
                Some(DefaultValue::Str("topic".into())),
            );
            assert_eq!(
                read(kind, &["kind", "name"]),
                Some(NewInKey::Same(vec![("kind".into(), "'topic'".into())])),
                "{db:?}"
            );
            assert_eq!(
                read(kind, &["kind", "name"]).map(|n| n.said()),
                Some("the new column 'kind' holds the same value in every existing row ('kind' gets 'topic'), so".to_string())
            );
            assert_eq!(read(kind, &["kind"]), None);
            assert_eq!(read(kind, &["name"]), None);
            let null = &self::kind(ColumnType::Varchar, true, None);
            assert_eq!(read(null, &["kind", "name"]), None, "{db:?}");
            let now = &self::kind(
                ColumnType::Timestamp,
                false,
                Some(DefaultValue::Now(crate::spec::NowKind::Timestamp)),
            );
            assert!(
                matches!(read(now, &["kind", "name"]), Some(NewInKey::Unknown(_))),
                "{db:?}"
            );
        }
    }
}
