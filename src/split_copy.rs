//! A table split in one migration: columns that leave a table (dropped with `allowDataLoss`, or
//! kept without it) come back, of the same names and types, in a table the migration creates,
//! most often with a foreign key to the table they leave. The `DATA_LOSS` or
//! `COLUMN_NOT_IN_SPEC` warning of each such column names that table and gives the
//! `INSERT INTO new (…) SELECT … FROM old` statement, in the dialect's SQL, that moves the values
//! (a user trial was only told the values are lost). The generator writes no such data step of
//! its own: the statement is for the user to put in the up migration, after the new table's
//! `CREATE TABLE` and before the columns are dropped.

use crate::dialect::Dialect;
use crate::report::{Code, Report};
use crate::spec::{Column, Table};

/// The words of a `DATA_LOSS` warning of a dropped column ([`crate::rows_trial`]'s).
const DROPPED: &str = crate::rows_trial::DROPPED_WITH_EVERY_VALUE;

/// A column that leaves a table, as a warning of the report says: `dropped` (`DATA_LOSS`,
/// with `allowDataLoss`) or kept (`COLUMN_NOT_IN_SPEC`).
#[derive(Debug, Clone, PartialEq)]
struct Leaving {
    /// The table it leaves, as the warning names it.
    table: String,
    /// The column, as the warning names it.
    column: String,
    /// Whether the migration drops it (otherwise it keeps it).
    dropped: bool,
}

/// The columns the report's warnings say leave their tables, in the report's order.
fn leaving(report: &Report) -> Vec<Leaving> {
    (report.warnings.iter())
        .filter_map(|w| {
            let dropped = match w.code {
                Code::DataLoss if w.message.contains(DROPPED) => true,
                Code::ColumnNotInSpec => false,
                _ => return None,
            };
            Some(Leaving {
                table: w.table.clone()?,
                column: w.column.clone()?,
                dropped,
            })
        })
        .collect()
}

/// The column of `table` named `name` (in any case).
fn column_of<'a>(table: &'a Table, name: &str) -> Option<&'a Column> {
    (table.columns.iter()).find(|c| c.name.eq_ignore_ascii_case(name))
}

/// Whether `table` has a foreign key to the table `from`.
fn references(table: &Table, from: &str) -> bool {
    (table.foreign_keys.iter()).any(|f| f.referenced_table.eq_ignore_ascii_case(from))
}

/// The statement that copies the columns `moved` of `from` into `to`, each row of `from` a row
/// of `to`, with the first foreign key of `to` to `from` filled from the columns it references
/// (when they are not among those that leave: `gone`); and whether it has that key.
pub fn copy_statement(
    d: &dyn Dialect,
    from: &str,
    to: &Table,
    moved: &[&str],
    gone: &[&str],
) -> (String, bool) {
    let leaves = |c: &String| gone.iter().any(|g| g.eq_ignore_ascii_case(c));
    let key = (to.foreign_keys.iter()).find(|f| {
        f.referenced_table.eq_ignore_ascii_case(from)
            && f.columns.len() == f.referenced_columns.len()
            && !f.referenced_columns.iter().any(leaves)
            && !f
                .columns
                .iter()
                .any(|c| moved.iter().any(|m| m.eq_ignore_ascii_case(c)))
    });
    let (mut into, mut select): (Vec<String>, Vec<String>) = match key {
        Some(f) => (f.columns.clone(), f.referenced_columns.clone()),
        None => (Vec::new(), Vec::new()),
    };
    into.extend(moved.iter().map(|m| m.to_string()));
    select.extend(moved.iter().map(|m| m.to_string()));
    let list = |names: &[String]| {
        (names.iter().map(|n| d.identifier(n).into_owned()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let statement = format!(
        "INSERT INTO {} ({}) SELECT {} FROM {};",
        d.identifier(&to.name),
        list(&into),
        list(&select),
        d.identifier(from)
    );
    (statement, key.is_some())
}

/// The columns of `to` that the copy gives no value and that refuse a row without one (NOT
/// NULL, no default, not numbered, not a timestamp the database fills).
fn needing_a_value<'a>(to: &'a Table, statement_columns: &[&str]) -> Vec<&'a str> {
    (to.columns.iter())
        .filter(|c| {
            !c.nullable
                && c.default.is_none()
                && !c.auto_increment
                && !c.auto_timestamp
                && !statement_columns
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(&c.name))
        })
        .map(|c| c.name.as_str())
        .collect()
}

/// Adds to the warning of each column that leaves a table (`DATA_LOSS` of a dropped column,
/// `COLUMN_NOT_IN_SPEC` of a kept one) that a table the migration creates (`created`) has a
/// column of its name and type, with the statement that copies the values there. `same_type`
/// says whether the column `column` of the table `table` (as the warning names them) has the
/// type of the created table's column: the caller's notion of a type (the dialect's type as
/// written from previousSpec, SQLite's affinity for a database file). Of the created tables
/// that have it, one with a foreign key to the table is chosen, then the one that takes the
/// most of its columns.
pub fn add_copy_hints(
    d: &dyn Dialect,
    created: &[&Table],
    same_type: impl Fn(&str, &str, &Column) -> bool,
    report: &mut Report,
) {
    if created.is_empty() {
        return;
    }
    let leaving = leaving(report);
    // Which created table takes it: (leaving, the table's position in `created`).
    let takes = |l: &Leaving, t: &Table| {
        column_of(t, &l.column)
            .is_some_and(|c| !c.auto_timestamp && same_type(&l.table, &l.column, c))
    };
    let chosen: Vec<(&Leaving, usize)> = (leaving.iter())
        .filter_map(|l| {
            let of_table = |t: &Table| {
                (leaving.iter())
                    .filter(|o| o.table == l.table && takes(o, t))
                    .count()
            };
            let best = (created.iter().enumerate())
                .filter(|(_, t)| takes(l, t))
                .max_by_key(|(i, t)| (references(t, &l.table), of_table(t), usize::MAX - i))?;
            Some((l, best.0))
        })
        .collect();
    for (l, at) in &chosen {
        let to = created[*at];
        let moved: Vec<&str> = (chosen.iter())
            .filter(|(o, i)| o.table == l.table && i == at)
            .map(|(o, _)| o.column.as_str())
            .collect();
        let gone: Vec<&str> = (leaving.iter())
            .filter(|o| o.table == l.table)
            .map(|o| o.column.as_str())
            .collect();
        let hint = hint(d, &l.table, to, &moved, &gone, l.dropped);
        let Some(w) = report.warnings.iter_mut().find(|w| {
            matches!(w.code, Code::DataLoss | Code::ColumnNotInSpec)
                && w.table.as_deref() == Some(l.table.as_str())
                && w.column.as_deref() == Some(l.column.as_str())
        }) else {
            continue;
        };
        w.suggestion = Some(match w.suggestion.take() {
            Some(s) => format!("{hint} Otherwise {s}"),
            None => hint,
        });
    }
}

/// What the warning of a column of `from` that `to` takes with the others of `moved` says.
fn hint(
    d: &dyn Dialect,
    from: &str,
    to: &Table,
    moved: &[&str],
    gone: &[&str],
    dropped: bool,
) -> String {
    let (statement, keyed) = copy_statement(d, from, to, moved, gone);
    let one = moved.len() == 1;
    let names =
        crate::dialect::column_list(&moved.iter().map(|m| m.to_string()).collect::<Vec<_>>());
    let mut given: Vec<&str> = moved.to_vec();
    if let Some(f) =
        (to.foreign_keys.iter()).find(|f| keyed && f.referenced_table.eq_ignore_ascii_case(from))
    {
        given.extend(f.columns.iter().map(String::as_str));
    }
    let missing = needing_a_value(to, &given);
    let missing: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
    let list = crate::dialect::column_list(&missing);
    let tie = match (keyed, missing.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(" (give it a value for {list} too: NOT NULL without a default)"),
        (false, true) => format!(" (add to it the column of '{}' that ties each row to its row of '{from}')", to.name),
        (false, false) => format!(" (add to it the column of '{}' that ties each row to its row of '{from}', and a value for each NOT NULL column without a default: {list})", to.name),
    };
    let which = format!(
        "'{}', which this migration creates{}, has {} of the same {} and {} ({names})",
        to.name,
        if keyed {
            format!(" with a foreign key to '{from}'")
        } else {
            String::new()
        },
        if one { "a column" } else { "columns" },
        if one { "name" } else { "names" },
        if one { "type" } else { "types" },
    );
    let it = if one { "it" } else { "them" };
    // Where the statement goes: from previousSpec, the up migration drops the columns before it
    // creates tables; from a database file, after.
    let place = format!(
        "run after the CREATE TABLE of '{}' (and its foreign keys) and before the statements that drop {it} from '{from}', where the up migration writes those first, move them after it",
        to.name
    );
    if dropped {
        format!("{which}: if the values move there, keep them with this statement ({place}): {statement}{tie}")
    } else {
        format!(
            "{which}: if the values move there, set allowDataLoss: true (this migration keeps {it} in '{from}'; with it, {} dropped) and add this statement to the up migration ({place}): {statement}{tie}",
            if one { "it is" } else { "they are" }
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// `orders (id, total[, street, zip])` and the `tables` given, for `db`.
    fn spec(db: &str, with_columns: bool, tables: Value) -> Value {
        let mut columns = vec![
            json!({"name": "id", "type": "INTEGER", "nullable": false}),
            json!({"name": "total", "type": "INTEGER", "nullable": true}),
        ];
        if with_columns {
            columns.push(json!({"name": "street", "type": "TEXT", "nullable": true}));
            columns.push(json!({"name": "zip", "type": "INTEGER", "nullable": true}));
        }
        let mut all = vec![json!({"name": "orders", "primaryKey": ["id"], "columns": columns})];
        all.extend(tables.as_array().unwrap().iter().cloned());
        json!({"description": "s", "databaseType": db, "timestamps": false, "tables": all})
    }

    /// The suggestion of the `DATA_LOSS` warning on `column` of `orders`.
    fn suggestion(db: &str, tables: Value, column: &str) -> String {
        let mut next = spec(db, false, tables);
        next["previousSpec"] = spec(db, true, json!([]));
        next["allowDataLoss"] = json!(true);
        let result = crate::generate_str(&next.to_string());
        assert!(result.validation.valid, "{:?}", result.validation.errors);
        (result.validation.warnings.iter())
            .find(|w| {
                w.code == crate::report::Code::DataLoss && w.column.as_deref() == Some(column)
            })
            .and_then(|w| w.suggestion.clone())
            .unwrap_or_default()
    }

    /// The table with a foreign key to `orders` is chosen over one without that has the columns
    /// too (spec names are never reserved words: the statement is alike on every dialect).
    #[test]
    fn the_table_with_a_key_to_the_source_is_chosen_on_every_dialect() {
        let column = |name: &str, ty: &str, nullable: bool| json!({"name": name, "type": ty, "nullable": nullable});
        let tables = json!([
            {"name": "archive", "primaryKey": ["id"], "columns": [
                column("id", "INTEGER", false), column("street", "TEXT", true), column("zip", "INTEGER", true)]},
            {"name": "order_addresses", "primaryKey": ["id"], "columns": [
                column("id", "INTEGER", false), column("order_id", "INTEGER", false),
                column("street", "TEXT", true), column("zip", "INTEGER", true), column("kind", "TEXT", false)],
             "foreignKeys": [{"columns": ["order_id"], "referencedTable": "orders", "referencedColumns": ["id"]}]}
        ]);
        for (db, statement) in [
            ("postgresql", "INSERT INTO order_addresses (order_id, street, zip) SELECT id, street, zip FROM orders;"),
            ("mysql", "INSERT INTO order_addresses (order_id, street, zip) SELECT id, street, zip FROM orders;"),
            ("sqlite", "INSERT INTO order_addresses (order_id, street, zip) SELECT id, street, zip FROM orders;"),
        ] {
            for c in ["street", "zip"] {
                let s = suggestion(db, tables.clone(), c);
                assert!(s.starts_with("'order_addresses', which this migration creates with a foreign key to 'orders', has columns of the same names and types (street, zip)"), "{db}: {s}");
                assert!(s.contains(&format!("{statement} (give it a value for id, kind too: NOT NULL without a default) Otherwise back up")), "{db}: {s}");
            }
        }
        // Without the key, the other table, and the column that ties the rows is asked for.
        let s = suggestion("postgresql", json!([tables[0]]), "street");
        assert!(s.starts_with("'archive', which this migration creates, has columns of the same names and types (street, zip)"), "{s}");
        assert!(s.contains(r#"INSERT INTO archive (street, zip) SELECT street, zip FROM orders; (add to it the column of 'archive' that ties each row to its row of 'orders', and a value for each NOT NULL column without a default: id)"#), "{s}");
    }
}
