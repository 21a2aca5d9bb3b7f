//! A column the up migration drops (`allowDataLoss`) and the down migration adds back: what
//! its rows get then, and what of the table's rules that refuses.

use super::one_value::{one_value_for_every_row, unique_alone, uniques_over_kept};
use super::words;
use crate::dialect::{column_list, Dialect};
use crate::report::{Code, Issue};
use crate::spec::*;
use std::borrow::Cow;

/// `DOWN_DATA_LOSS` for `column` of `previous`, which the up migration drops, when the down
/// migration adds it back at the end of the table (PostgreSQL adds a column nowhere else) and
/// it was not there: a column after it that the table keeps stays before it. MySQL puts it
/// back where it was (`AFTER`, `FIRST`). `name` is the table's name in the down migration
/// (previousSpec's).
pub(super) fn back_at_the_end(
    d: &dyn Dialect,
    (name, previous): (&str, &Table),
    table: &Table,
    column: &Column,
) -> Option<Issue> {
    if d.database_type() != DatabaseType::Postgresql {
        return None;
    }
    let at = previous
        .columns
        .iter()
        .position(|c| c.name == column.name)?;
    previous.columns[at + 1..]
        .iter()
        .any(|c| table.column(&c.name).is_some())
        .then_some(())?;
    let place = match at {
        0 => "first".to_string(),
        _ => format!("after '{}'", previous.columns[at - 1].name),
    };
    Some(
        Issue::warning(
            Code::DownDataLoss,
            format!("the down migration adds the column '{}' back at the end of '{name}' (PostgreSQL adds a column nowhere else), not {place} where it was: SELECT * and an INSERT without a column list then see the columns of '{name}' in another order", column.name),
        )
        .column(&column.name)
        .suggest("name the columns in SELECT and INSERT statements; to get the old order back after the down migration, rebuild the table by hand (CREATE TABLE … AS SELECT the columns in their order, then swap the tables)"),
    )
}

/// What the down migration does to the rows when it adds back `column` of `previous`, which the
/// up migration drops (`allowDataLoss`) for `table`, beyond leaving its values out: an
/// auto-increment key is numbered anew (the foreign keys added back to it then match other
/// rows, or fail); a column of the old key gets one value in every row, which that key refuses
/// unless the new key (a part of the old one) tells the rows apart; a column with a UNIQUE of
/// its own gets one value in every row (its default, MySQL's empty value or PostgreSQL's filler,
/// [`crate::pg_fill_back`]), which the UNIQUE refuses.
pub(super) fn column_back(
    d: &dyn Dialect,
    previous: &Table,
    table: &Table,
    column: &Column,
) -> Option<Issue> {
    let filler = crate::pg_fill_back::literal(d, previous, column);
    let value: Result<Cow<str>, &str> = match (&column.default, &filler) {
        (Some(_), _) => Ok("its default".into()),
        (None, Some(fill)) => Ok(fill.as_str().into()),
        (None, None) => d.value_for_rows_without_default(column).map(Cow::from),
    };
    // The value every row gets: PostgreSQL's filler, or what a migration's ADD COLUMN gives.
    let one_value = || {
        filler
            .clone()
            .or_else(|| one_value_for_every_row(d, previous, column))
    };
    let (message, suggestion) = if column.auto_increment {
        (
            format!("the down migration adds '{}' back numbered anew (1, 2, … in the order the database reads the rows), not with the values it had: a foreign key to it that the down migration adds back matches each row to whichever row got its old number, or fails where no row got it (a number past the rows' count, after deleted rows)", column.name),
            format!("keep '{}' (listed without autoIncrement) while other tables' rows refer to its values: no down migration can give them back", column.name),
        )
    } else if previous.primary_key.contains(&column.name) {
        let key = column_list(&previous.primary_key);
        let apart = table
            .primary_key
            .iter()
            .all(|k| previous.primary_key.contains(k));
        let effect = match value {
            Err(why) => format!("with rows in the table it fails ({why})"),
            Ok(value) if apart => format!("every row gets {value} there, which the key ({key}) takes, as the rest of it tells the rows apart"),
            Ok(value) => format!("every row gets {value} there, so that with two rows or more the key ({key}) fails"),
        };
        (
            format!("the down migration adds '{}' back to the primary key ({key}) without its values: {effect}", column.name),
            format!("keep '{}' (outside the key) if the down migration may have to run on rows", column.name),
        )
    } else if let Some(value) = one_value().filter(|_| unique_alone(previous, &column.name)) {
        (
            format!("the down migration adds '{}' back with {value} in every row, which its UNIQUE refuses once the table has two rows: the down migration then fails", column.name),
            "back up the table before running the up migration, and restore the column's values from it before running the down one".to_string(),
        )
    } else if let Some((value, refusing)) = one_value()
        .map(|value| (value, refused_back(d, previous, table, column)))
        .filter(|(_, refusing)| refusing.iter().any(|r| !matches!(r, Refusing::Check(..))))
    {
        // (A MySQL trial: `orders.customer_id` dropped came back as 0, and its foreign key
        // failed; `line1` of UNIQUE (customer_id, line1) came back as '', and the UNIQUE failed.
        // A later one: `memberships.org_id`, under both a foreign key and UNIQUE (user_id,
        // org_id), was said of the foreign key only, though the UNIQUE failed first.)
        (
            format!("the down migration adds '{}' back with {value} in every row, and {}: the down migration then fails{}", column.name, said_each(&refusing), left_by(d, &refusing)),
            "back up the table before running the up migration, and restore the column's values from it before running the down one".to_string(),
        )
    } else if let Some((value, check)) =
        one_value().and_then(|value| check_refusing(d, previous, column).map(|r| (value, r)))
    {
        // (A user trial: `seats > 0` put back over MySQL's 0 failed the down migration on
        // MariaDB, said nothing of. The CHECK goes in the column's ALTER TABLE, which fails
        // whole: MariaDB 10.11, ERROR 4025, left no column.)
        let mysql = match d.database_type() {
            DatabaseType::Mysql => concat!(
                ", leaving ",
                mysql_down_stopped!(),
                ": the column is not added, as one ALTER TABLE adds it with the CHECK"
            ),
            _ => "",
        };
        let refusing = format!(
            "{} {}",
            check.shown,
            if check.surely {
                "refuses"
            } else {
                "may refuse"
            }
        );
        (
            format!("the down migration adds '{}' back with {value} in every row, which {refusing}: the down migration then fails{mysql}", column.name),
            "back up the table before running the up migration, and restore the column's values from it before running the down one".to_string(),
        )
    } else if matches!(&value, Ok(v) if v == crate::dialect::MYSQL_ZERO_DATE) && !column.nullable {
        // Not the empty value the other types get, said by nobody: one MySQL's own sessions
        // refuse to write (a user trial).
        (
            format!("the down migration adds '{}' back NOT NULL without a default: every row gets {}", column.name, crate::dialect::MYSQL_ZERO_DATE),
            format!("empty the table before running the down migration, or add '{}' back by hand with a default", column.name),
        )
    } else {
        return None;
    };
    Some(
        Issue::warning(Code::DownDataLoss, message)
            .column(&column.name)
            .suggest(suggestion),
    )
}

/// What the PostgreSQL down migration leaves when a statement of it fails: nothing, in the
/// runner's transaction (see README, "PostgreSQL: one transaction, the runner's").
const PG_DOWN_ROLLED_BACK: &str = ", which rolls back every statement of the down migration in the transaction it runs in (PostgreSQL's DDL is transactional: nothing of it is left)";

/// What in `previous` refuses `column` (which the up migration drops) added back to the rows of
/// `table` with one value for every row, as the down migration puts it back, in the order the
/// down migration adds them: each UNIQUE (constraint or unique index) over it and columns
/// `table` keeps, which do not keep the rows apart
/// ([`keeps_apart`](super::one_value::keeps_apart)), as rows that repeat values there then
/// repeat in the whole; then each foreign key over it (no row of the referenced table has that
/// value, as a rule); between them a CHECK that refuses or may refuse it ([`check_refusing`]).
/// (A UNIQUE on the column alone, or on dropped columns only, is said elsewhere.)
fn refused_back(d: &dyn Dialect, previous: &Table, table: &Table, col: &Column) -> Vec<Refusing> {
    let column = col.name.as_str();
    let sets = (previous.unique_constraints.iter().map(|u| &u.columns)).chain(
        (previous.indexes.iter())
            .filter(|i| i.unique && i.predicate.is_none())
            .map(|i| &i.columns),
    );
    // The rows the table held before the up migration count as much as those written since:
    // two of them that differed only in the dropped column repeat now (a user trial's
    // (1,'A'), (1,'B') failed the down migration at once, told of rows written since).
    let uniques = uniques_over_kept(sets, column, table).map(|(columns, kept)| {
        Refusing::Unique(format!(
            "the UNIQUE on ({}) back, which any two rows that repeat values in ({}) make fail, rows the table held before the up migration as well as rows written since",
            column_list(columns),
            column_list(&kept)
        ))
    });
    let foreign_keys = (previous.foreign_keys.iter())
        .filter(|fk| fk.columns.iter().any(|c| c == column))
        .map(|fk| {
            Refusing::ForeignKey(format!(
                "its foreign key to '{}' back, which refuses it unless that table has a row of that value",
                fk.referenced_table
            ))
        });
    let check = check_refusing(d, previous, col).map(Refusing::Check);
    uniques.chain(check).chain(foreign_keys).collect()
}

/// Each of `refusing` as the warning names it, joined with ", and ".
fn said_each(refusing: &[Refusing]) -> String {
    let said: Vec<String> = (refusing.iter())
        .map(|r| match r {
            Refusing::ForeignKey(s) | Refusing::Unique(s) => s.clone(),
            Refusing::Check(c) => format!(
                "{} back, which {} it",
                c.shown,
                if c.surely { "refuses" } else { "may refuse" }
            ),
        })
        .collect();
    said.join(", and ")
}

/// What a down migration that fails on one of `refusing` (a foreign key or UNIQUE among them)
/// leaves, for the warning to say after "fails". PostgreSQL: nothing, in the runner's
/// transaction. MySQL: the statements before the failing one; a UNIQUE or CHECK goes in the
/// ALTER TABLE that adds the column, which fails whole (MariaDB 10.11: 1062, 4025) and leaves
/// no column, a foreign key in a statement of its own after it, which leaves the column added.
fn left_by(d: &dyn Dialect, refusing: &[Refusing]) -> &'static str {
    let unique = refusing.iter().any(|r| matches!(r, Refusing::Unique(_)));
    let check = refusing.iter().find_map(|r| match r {
        Refusing::Check(c) => Some(c.surely),
        _ => None,
    });
    match d.database_type() {
        DatabaseType::Mysql => match (unique, check) {
            (true, Some(true)) => concat!(
                ", leaving ",
                mysql_down_stopped!(),
                ": the column is not added, as one ALTER TABLE adds it with the UNIQUE and the CHECK"
            ),
            (true, _) => concat!(
                ", leaving ",
                mysql_down_stopped!(),
                ": the column is not added, as one ALTER TABLE adds it with the UNIQUE"
            ),
            (false, Some(true)) => concat!(
                ", leaving ",
                mysql_down_stopped!(),
                ": the column is not added, as one ALTER TABLE adds it with the CHECK"
            ),
            (false, Some(false)) => concat!(
                ", leaving ",
                mysql_down_stopped!(),
                ": the column is not added when the CHECK refuses (one ALTER TABLE adds it with the CHECK), and stays added when only the foreign key does (a statement of its own, after the column's)"
            ),
            (false, None) => ", leaving the column added, as MySQL commits each statement",
        },
        DatabaseType::Postgresql => PG_DOWN_ROLLED_BACK,
        _ => "",
    }
}

/// What CHECK of `previous` refuses `column` (which the up migration drops) added back by the
/// down migration with one value in every row ([`one_value_for_every_row`]), as the SQLite
/// rebuild's warning says it (`diff::dropped_columns::refusing_filler`): "its CHECK 'c' (…)
/// refuses" where [`crate::check_implies::refuses_value`] settles that it does (`seats > 0` over
/// MySQL's 0, `status IN ('active', 'banned')` over its ''), "may refuse" where it cannot
/// (`length(handle) >= 2`, the zero date). `None` where every CHECK that names the column
/// takes the value.
fn check_refusing(d: &dyn Dialect, previous: &Table, column: &Column) -> Option<CheckRefusing> {
    // The value as SQL: the default, PostgreSQL's filler, or MySQL's empty value of the type.
    let literal = match &column.default {
        None => crate::pg_fill_back::literal(d, previous, column)
            .or_else(|| d.literal_for_rows_without_default(column).map(String::from)),
        Some(_) => one_value_for_every_row(d, previous, column),
    };
    let mut may = None;
    for check in &previous.check_constraints {
        if !words(&check.expression).any(|w| w.eq_ignore_ascii_case(&column.name)) {
            continue;
        }
        let shown = || {
            format!(
                "its CHECK '{}' ({})",
                check.name,
                crate::report::clip(&d.expression(&check.expression))
            )
        };
        let verdict = literal.as_deref().and_then(|value| {
            crate::check_implies::refuses_value(
                d.parser(),
                d.database_type(),
                previous,
                &check.expression,
                column,
                crate::check_implies::Held::Sql(value),
            )
        });
        match verdict {
            Some(true) => {
                return Some(CheckRefusing {
                    shown: shown(),
                    surely: true,
                })
            }
            Some(false) => {}
            None => {
                may = may.or_else(|| {
                    Some(CheckRefusing {
                        shown: shown(),
                        surely: false,
                    })
                })
            }
        }
    }
    may
}

/// One thing [`refused_back`] found refusing a column added back, and says it as.
enum Refusing {
    /// A foreign key over the column: MySQL adds it in a statement of its own.
    ForeignKey(String),
    /// A UNIQUE over it and kept columns: MySQL adds it in the column's ALTER TABLE.
    Unique(String),
    /// A CHECK that reads it: MySQL adds it in the column's ALTER TABLE.
    Check(CheckRefusing),
}

/// A CHECK [`check_refusing`] found refusing a column added back with one value in every row.
struct CheckRefusing {
    /// "its CHECK 'name' (expression)".
    shown: String,
    /// Whether it refuses that value for certain ("refuses"), or may ("may refuse").
    surely: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::for_database;
    use crate::spec_change::test_support::*;

    /// A column with a UNIQUE of its own, dropped: the down migration adds it back with one
    /// value in every row, which that UNIQUE refuses once there are two rows (as on SQLite).
    #[test]
    fn a_dropped_unique_column_that_comes_back_with_one_value_for_every_row_is_said() {
        let said = |db: &str, code: &str, extra: &str| {
            let spec = postgres_change(&[table("", "")], &[table(code, extra)])
                .replace("postgresql", db)
                .replace(r#""tables""#, r#""allowDataLoss":true,"tables""#);
            down_loss_but_column_order(&spec)
        };
        let refused = |value: &str| {
            vec![format!("the down migration adds 'code' back with {value} in every row, which its UNIQUE refuses once the table has two rows: the down migration then fails")]
        };
        let column = |extra: &str| {
            format!(r#",{{"name":"code","type":"VARCHAR","length":9,"nullable":false{extra}}}"#)
        };
        for db in ["postgresql", "mysql"] {
            assert_eq!(
                said(db, &column(r#","unique":true,"default":"x""#), ""),
                refused("'x'"),
                "{db}"
            );
            let constraint = r#","uniqueConstraints":[{"name":"uq_t_code","columns":["code"]}]"#;
            assert_eq!(
                said(db, &column(r#","default":"it's""#), constraint),
                refused("'it''s'"),
                "{db}"
            );
            let index = r#","indexes":[{"name":"ix_t_code","columns":["code"],"unique":true}]"#;
            assert_eq!(
                said(
                    db,
                    &column(r#","default":7"#).replace(r#""VARCHAR","length":9"#, r#""INTEGER""#),
                    index
                ),
                refused("7"),
                "{db}"
            );
            // NULL in every row, a UNIQUE with another column, a value of each row's own.
            let nullable =
                column(r#","unique":true"#).replace(r#""nullable":false"#, r#""nullable":true"#);
            assert_eq!(said(db, &nullable, ""), Vec::<String>::new(), "{db}");
            let pair = r#","uniqueConstraints":[{"name":"uq_t_pair","columns":["id","code"]}]"#;
            assert_eq!(
                said(db, &column(r#","default":"x""#), pair),
                Vec::<String>::new(),
                "{db}"
            );
        }
        let uuid = r#",{"name":"code","type":"UUID","nullable":false,"unique":true,"default":{"expression":"gen_random_uuid()"}}"#;
        assert_eq!(said("postgresql", uuid, ""), Vec::<String>::new());
        // MySQL gives a NOT NULL column without a default the type's empty value; PostgreSQL's
        // down migration adds it with a filler of its type as the default, dropped after.
        assert_eq!(
            said("mysql", &column(r#","unique":true"#), ""),
            refused("the type's empty value ('')")
        );
        let retyped = |ty: &str| column(r#","unique":true"#).replace(r#""VARCHAR","length":9"#, ty);
        assert_eq!(
            said("mysql", &retyped(r#""BOOLEAN""#), ""),
            refused("the type's empty value (0)")
        );
        // A DATE gets the zero date, which the migration's session (without NO_ZERO_DATE, so
        // that rows holding one can be copied) writes on MySQL too: said, UNIQUE or not, as
        // MySQL's own default sql_mode refuses it.
        let date = |extra: &str| column(extra).replace(r#""VARCHAR","length":9"#, r#""DATE""#);
        assert_eq!(
            said("mysql", &date(r#","unique":true"#), ""),
            refused(crate::dialect::MYSQL_ZERO_DATE)
        );
        assert_eq!(said("mysql", &date(""), ""), ["the down migration adds 'code' back NOT NULL without a default: every row gets the zero date ('0000-00-00'), which MySQL's default sql_mode (NO_ZERO_DATE) refuses to write elsewhere but the migration's session, without NO_ZERO_DATE, writes"]);
        assert_eq!(
            said("postgresql", &column(r#","unique":true"#), ""),
            refused("''")
        );
        assert_eq!(
            said("postgresql", &retyped(r#""BOOLEAN""#), ""),
            refused("FALSE")
        );
        // Not UNIQUE: every row takes the filler, nothing to say.
        assert_eq!(said("postgresql", &column(""), ""), Vec::<String>::new());
        assert_eq!(said("postgresql", &date(""), ""), Vec::<String>::new());
    }

    /// A dropped column put back with one value in every row under a foreign key, or under a
    /// UNIQUE with columns that stay, is a DOWN_DATA_LOSS warning (found by the MySQL user
    /// trial); NULL in every row, or columns that stay kept apart by the new table, are not.
    #[test]
    fn a_dropped_column_put_back_under_a_rule_its_one_value_breaks_is_said() {
        let down_loss = |db: &str, now: &[String], before: &[String]| -> Vec<String> {
            let spec = postgres_change(now, before)
                .replace("postgresql", db)
                .replacen(r#""tables""#, r#""allowDataLoss":true,"tables""#, 1);
            let r = crate::generate_str(&spec);
            assert!(r.validation.valid, "{db}: {:?}", r.validation.errors);
            (r.validation.warnings.iter())
                .filter(|w| w.code == Code::DownDataLoss && w.column.is_some())
                .filter(|w| !about_column_order(&w.message))
                .map(|w| w.message.clone())
                .collect()
        };
        let id = r#"{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true}"#;
        let customers = format!(r#"{{"name":"customers","columns":[{id}]}}"#);
        let orders = |extra: &str, fk: bool| {
            let fk = if fk {
                r#","foreignKeys":[{"columns":["customer_id"],"referencedTable":"customers","referencedColumns":["id"]}]"#
            } else {
                ""
            };
            format!(r#"{{"name":"orders","columns":[{id}{extra}]{fk}}}"#)
        };
        let customer_id = |attrs: &str| {
            format!(r#",{{"name":"customer_id","type":"INTEGER","nullable":false{attrs}}}"#)
        };
        // A NOT NULL foreign key column: MySQL's 0, or a default, in every row.
        for (db, attrs, value) in [
            ("mysql", "", "the type's empty value (0)"),
            ("postgresql", r#","default":7"#, "7"),
            ("mysql", r#","default":7"#, "7"),
        ] {
            let said = down_loss(
                db,
                &[customers.clone(), orders("", false)],
                &[customers.clone(), orders(&customer_id(attrs), true)],
            );
            assert_eq!(
                said,
                [format!("the down migration adds 'customer_id' back with {value} in every row, and its foreign key to 'customers' back, which refuses it unless that table has a row of that value: the down migration then fails{}", if db == "mysql" { ", leaving the column added, as MySQL commits each statement" } else { PG_DOWN_ROLLED_BACK })],
                "{db}"
            );
        }
        // Nullable, no default: NULL, which the foreign key takes.
        let nullable = r#",{"name":"customer_id","type":"INTEGER","nullable":true}"#;
        for db in ["mysql", "postgresql"] {
            let said = down_loss(
                db,
                &[customers.clone(), orders("", false)],
                &[customers.clone(), orders(nullable, true)],
            );
            assert!(said.is_empty(), "{db}: {said:?}");
        }
        // UNIQUE (customer_id, line1), line1 dropped.
        let addresses = |line1: bool, more: &str| {
            let line = if line1 {
                r#",{"name":"line1","type":"VARCHAR","length":100,"nullable":false,"default":"x"}"#
            } else {
                ""
            };
            let unique = if line1 {
                r#","uniqueConstraints":[{"name":"uq_addr","columns":["customer_id","line1"]}]"#
            } else {
                ""
            };
            format!(
                r#"{{"name":"addresses","columns":[{id},{{"name":"customer_id","type":"INTEGER","nullable":false{more}}}{line}]{unique}}}"#
            )
        };
        for db in ["mysql", "postgresql"] {
            let said = down_loss(db, &[addresses(false, "")], &[addresses(true, "")]);
            assert_eq!(said.len(), 1, "{db}: {said:?}");
            assert!(
                said[0].starts_with("the down migration adds 'line1' back with 'x' in every row, and the UNIQUE on (customer_id, line1) back, which any two rows that repeat values in (customer_id) make fail, rows the table held before the up migration as well as rows written since: the down migration then fails"),
                "{db}: {said:?}"
            );
            // MySQL adds the UNIQUE in the column's ALTER TABLE, which fails whole (a user trial
            // was told the column was left added).
            assert_eq!(
                said[0].ends_with(
                    ": the column is not added, as one ALTER TABLE adds it with the UNIQUE"
                ),
                db == "mysql",
                "{db}: {said:?}"
            );
            assert!(
                !said[0].contains("leaving the column added"),
                "{db}: {said:?}"
            );
            // customer_id unique in the new table: the rows stay apart.
            let said = down_loss(
                db,
                &[addresses(false, r#","unique":true"#)],
                &[addresses(true, "")],
            );
            assert!(said.is_empty(), "{db}: {said:?}");
        }
    }

    /// A user trial's `memberships.org_id` (NOT NULL, without a default) dropped, which was in
    /// both a foreign key to `orgs` and `UNIQUE (user_id, org_id)`: the down migration's UNIQUE
    /// failed first (PostgreSQL: `(1, 0) is duplicated`; MariaDB: 1062 `'1-0'`), and the warning
    /// named only the foreign key, and on MySQL said the column stayed added, where the ALTER
    /// TABLE that adds it with the UNIQUE fails whole. Every UNIQUE (constraint or unique index)
    /// the one value makes repeat is named, then the foreign key, with what each dialect leaves.
    #[test]
    fn a_dropped_column_under_a_foreign_key_and_a_composite_unique_names_both() {
        let memberships = |org_id: bool, extra: &str| {
            let (column, fk, unique) = if org_id {
                (
                    r#",{"name":"org_id","type":"BIGINT","nullable":false}"#,
                    r#",{"columns":["org_id"],"referencedTable":"orgs","referencedColumns":["id"]}"#,
                    format!(
                        r#","uniqueConstraints":[{{"name":"uq_m_user_org","columns":["user_id","org_id"]}}]{extra}"#
                    ),
                )
            } else {
                ("", "", String::new())
            };
            format!(
                r#"{{"name":"memberships","columns":[{{"name":"id","type":"BIGINT","nullable":false,"autoIncrement":true}},{{"name":"user_id","type":"BIGINT","nullable":false}}{column}],"foreignKeys":[{{"columns":["user_id"],"referencedTable":"users","referencedColumns":["id"]}}{fk}]{unique}}}"#
            )
        };
        let id = r#"{"name":"id","type":"BIGINT","nullable":false,"autoIncrement":true}"#;
        let orgs = format!(r#"{{"name":"orgs","columns":[{id}]}}"#);
        let users = format!(r#"{{"name":"users","columns":[{id}]}}"#);
        let said = |db: &str, extra: &str| {
            let spec = postgres_change(
                &[orgs.clone(), users.clone(), memberships(false, "")],
                &[orgs.clone(), users.clone(), memberships(true, extra)],
            )
            .replace("postgresql", db)
            .replacen(r#""tables""#, r#""allowDataLoss":true,"tables""#, 1);
            down_loss_but_column_order(&spec)
        };
        let unique = "the UNIQUE on (user_id, org_id) back, which any two rows that repeat values in (user_id) make fail, rows the table held before the up migration as well as rows written since";
        let fk = "its foreign key to 'orgs' back, which refuses it unless that table has a row of that value";
        for (db, value, left) in [
            ("mysql", "the type's empty value (0)", concat!(", leaving ", mysql_down_stopped!(), ": the column is not added, as one ALTER TABLE adds it with the UNIQUE")),
            ("postgresql", "0", ", which rolls back every statement of the down migration in the transaction it runs in (PostgreSQL's DDL is transactional: nothing of it is left)"),
        ] {
            assert_eq!(
                said(db, ""),
                [format!("the down migration adds 'org_id' back with {value} in every row, and {unique}, and {fk}: the down migration then fails{left}")],
                "{db}"
            );
            // A unique index over the same columns as well: both named, in the table's order.
            let index = r#","indexes":[{"name":"ix_m_org_user","columns":["org_id","user_id"],"unique":true}]"#;
            let both = said(db, index);
            assert_eq!(both.len(), 1, "{db}: {both:?}");
            assert!(
                both[0].contains(&format!("and {unique}, and the UNIQUE on (org_id, user_id) back, which any two rows that repeat values in (user_id) make fail, rows the table held before the up migration as well as rows written since, and {fk}")),
                "{db}: {both:?}"
            );
        }
    }

    /// A new surrogate key beside a UNIQUE on the old key's columns: the down migration's old
    /// key cannot meet repeated values there, so nothing is said of it (the MySQL trial's noise);
    /// without the UNIQUE it is.
    #[test]
    fn an_old_key_kept_apart_by_a_unique_is_not_said_to_fail_the_down_migration() {
        let items = |surrogate: bool, unique: bool| {
            let (id, key) = if surrogate {
                (
                    r#"{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},"#,
                    "",
                )
            } else {
                ("", r#","primaryKey":["order_id","line_no"]"#)
            };
            let unique = if unique {
                r#","uniqueConstraints":[{"name":"uq_items","columns":["order_id","line_no"]}]"#
            } else {
                ""
            };
            format!(
                r#"{{"name":"items","columns":[{id}{{"name":"order_id","type":"INTEGER","nullable":false}},{{"name":"line_no","type":"INTEGER","nullable":false}}]{key}{unique}}}"#
            )
        };
        for db in ["mysql", "postgresql", "sqlite"] {
            for (unique, said) in [(true, false), (false, true)] {
                let spec = postgres_change(&[items(true, unique)], &[items(false, false)])
                    .replace("postgresql", db);
                let r = crate::generate_str(&spec);
                assert!(r.validation.valid, "{db}: {:?}", r.validation.errors);
                let key_said = (r.validation.warnings.iter()).any(|w| {
                    w.message
                        .starts_with("the down migration makes (order_id, line_no) the primary key")
                });
                assert_eq!(key_said, said, "{db}, unique {unique}");
            }
        }
    }

    #[test]
    fn a_column_the_postgresql_down_migration_adds_back_at_the_end_is_said_when_it_was_not_last() {
        let columns = |names: &[&str]| -> String {
            names
                .iter()
                .map(|n| format!(r#",{{"name":"{n}","type":"INTEGER","nullable":true}}"#))
                .collect::<Vec<_>>()
                .concat()
        };
        let plain = r#","timestamps":false"#;
        let before = table(&columns(&["a", "b", "c"]), plain);
        let moved = |db: &str, kept: &[&str]| -> Vec<String> {
            warnings_of(
                &spec_change_of(
                    db,
                    &table(&columns(kept), plain),
                    &before,
                    r#","allowDataLoss":true"#,
                ),
                Code::DownDataLoss,
            )
            .into_iter()
            .filter(|m| m.contains("at the end"))
            .collect()
        };
        // 'a' comes back after 'c'; 'c', last, comes back where it was.
        assert_eq!(
            moved("postgresql", &["b", "c"]),
            ["the down migration adds the column 'a' back at the end of 't' (PostgreSQL adds a column nowhere else), not after 'id' where it was: SELECT * and an INSERT without a column list then see the columns of 't' in another order"]
        );
        assert_eq!(moved("postgresql", &["a", "b"]), Vec::<String>::new());
        // 'b' and 'c' come back in their order, after every column that stays.
        assert!(moved("postgresql", &["a"]).is_empty());
        // Both 'a' and 'b' come back after 'c'.
        assert_eq!(moved("postgresql", &["c"]).len(), 2);
        // MySQL puts it back where it was (AFTER / FIRST).
        assert!(moved("mysql", &["b", "c"]).is_empty());
        // The automatic timestamp columns come after the spec's: the last of those is not last.
        let stamped = warnings_of(
            &spec_change_of(
                "postgresql",
                &table(&columns(&["a", "b"]), ""),
                &table(&columns(&["a", "b", "c"]), ""),
                r#","allowDataLoss":true"#,
            ),
            Code::DownDataLoss,
        );
        assert!(
            stamped.iter().any(|m| m.contains("'c' back at the end")),
            "{stamped:?}"
        );
    }

    /// A NOT NULL column the up migration drops, without a default, comes back filled on every
    /// dialect, so [`column_back`] has no "with rows in the table it fails" to say of it: MySQL
    /// writes the type's empty value ([`Dialect::value_for_rows_without_default`] is `Ok`),
    /// PostgreSQL's down migration fills the column ([`crate::pg_fill_back`]), and SQLite's
    /// previousSpec is planned as a database file (`diff`), not here.
    #[test]
    fn a_not_null_column_dropped_without_a_default_comes_back_filled_on_every_dialect() {
        let failing = "NOT NULL without a default: with rows in the table it fails";
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            let d = for_database(db);
            for &ty in ColumnType::ALL {
                let mut gone = column("gone", ty);
                gone.nullable = false;
                gone.length = matches!(ty, ColumnType::Varchar | ColumnType::Char).then_some(10);
                let mut previous = users();
                previous.columns.push(gone.clone());
                let filled = crate::pg_fill_back::literal(d, &previous, &gone).is_some()
                    || d.value_for_rows_without_default(&gone).is_ok();
                assert!(filled, "{db:?} {ty:?}");
                let (_, report) = change(db, &previous, &users(), true);
                let said: Vec<&str> = (report.warnings.iter())
                    .filter(|w| w.code == Code::DownDataLoss)
                    .map(|w| w.message.as_str())
                    .collect();
                assert!(
                    said.iter().all(|m| !m.contains(failing)),
                    "{db:?} {ty:?} {said:?}"
                );
            }
        }
        let gone = r#",{"name":"gone","type":"TEXT","nullable":false}"#;
        let sqlite = spec_change_of("sqlite", &table("", ""), &table(gone, ""), "").replacen(
            r#""tables""#,
            r#""allowDataLoss":true,"tables""#,
            1,
        );
        let result = crate::generate_str(&sqlite);
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        assert!(
            result.down_migration.contains("gone"),
            "{}",
            result.down_migration
        );
        assert!(
            (result.validation.warnings.iter()).all(|w| !w.message.contains(failing)),
            "{:?}",
            result.validation.warnings
        );
    }
}
