//! A table split in one migration: columns that leave a table (dropped with `allowDataLoss`, or
//! kept without it) come back, of the same names and types, in a table the migration creates,
//! most often with a foreign key to the table they leave. The `DATA_LOSS` or
//! `COLUMN_NOT_IN_SPEC` warning of each such column names that table and gives the
//! `INSERT INTO new (…) SELECT … FROM old` statement, in the dialect's SQL, that moves the values
//! (a user trial was only told the values are lost). The generator writes no such data step of
//! its own: the statement is for the user to put in the up migration, after the new table's
//! `CREATE TABLE` and before the columns are dropped. The migration creates such a table before
//! the change that drops the columns where it can ([`SplitCopy`], read by the order of each
//! dialect), and the warning then names that place in the up migration as written
//! ([`name_the_places`]): the statement it follows and the one it goes before.

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

/// A column that leaves a table (`from`) for a table the migration creates (`to`), as the
/// warning of the column says: where its values can go, and whether the migration drops it.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitCopy {
    /// The table the column leaves, as the spec names it.
    pub from: String,
    /// The column.
    pub column: String,
    /// The created table that takes it.
    pub to: String,
    /// Whether the migration drops it (`DATA_LOSS`; otherwise it keeps it, `COLUMN_NOT_IN_SPEC`).
    pub dropped: bool,
    /// The columns of `from` the same statement copies into `to` (this one among them).
    moved: Vec<String>,
    /// Where the suggestion says the statement goes before the up migration is written.
    place: String,
}

/// Adds to the warning of each column that leaves a table (`DATA_LOSS` of a dropped column,
/// `COLUMN_NOT_IN_SPEC` of a kept one) that a table the migration creates (`created`) has a
/// column of its name and type, with the statement that copies the values there. `same_type`
/// says whether the column `column` of the table `table` (as the warning names them) has the
/// type of the created table's column: the caller's notion of a type (the dialect's type as
/// written from previousSpec, SQLite's affinity for a database file). Of the created tables
/// that have it, one with a foreign key to the table is chosen, then the one that takes the
/// most of its columns. Returns each such column, for the order of the migration and
/// [`name_the_places`].
pub fn add_copy_hints(
    d: &dyn Dialect,
    created: &[&Table],
    same_type: impl Fn(&str, &str, &Column) -> bool,
    report: &mut Report,
) -> Vec<SplitCopy> {
    let mut copies = Vec::new();
    if created.is_empty() {
        return copies;
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
        let place = generic_place(&to.name, &l.table, moved.len() == 1, l.dropped);
        let hint = hint(d, &l.table, to, &moved, &gone, l.dropped, &place);
        copies.push(SplitCopy {
            from: l.table.clone(),
            column: l.column.clone(),
            to: to.name.clone(),
            dropped: l.dropped,
            moved: moved.iter().map(|m| m.to_string()).collect(),
            place,
        });
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
    copies
}

/// Where the statement goes, said before the up migration is written (and kept where it is not
/// written, or where the place cannot be read off it): after the new table, before the drops.
/// Of a kept column (`dropped` false), the migration that drops it is another one, made with
/// `allowDataLoss`: its own warning names the place.
fn generic_place(to: &str, from: &str, one: bool, dropped: bool) -> String {
    let it = if one { "it" } else { "them" };
    if dropped {
        format!("run after the CREATE TABLE of '{to}' and before the statement that drops {it} from '{from}'")
    } else {
        format!("after the CREATE TABLE of '{to}' and before the statement that drops {it} from '{from}', as that migration's DATA_LOSS warning says")
    }
}

/// Writes into each warning of `copies` that drops its column the place of its statement in
/// the up migration `up` (rendered blocks, as written): right after the last statement of the
/// block that creates the new table (its `CREATE TABLE` and indexes), and before the first
/// statement of the block that drops one of the columns (a `DROP COLUMN`, or SQLite's rebuild,
/// which renames the table away), both quoted. Where the migration drops them before it creates
/// the table (its changes need that order), the suggestion says so, quoting the drop and the
/// `CREATE TABLE`, and to create the table in a migration of its own first; where the
/// statements cannot be found, it keeps the words it had before the migration was written.
pub fn name_the_places(
    d: &dyn Dialect,
    copies: &[SplitCopy],
    up: &[Vec<String>],
    report: &mut Report,
) {
    for copy in copies.iter().filter(|c| c.dropped) {
        let exact = exact_place(d, copy, up);
        let Some(w) = report.warnings.iter_mut().find(|w| {
            w.code == Code::DataLoss
                && w.table.as_deref() == Some(copy.from.as_str())
                && w.column.as_deref() == Some(copy.column.as_str())
        }) else {
            continue;
        };
        let (Some(exact), Some(s)) = (exact, w.suggestion.as_mut()) else {
            continue;
        };
        *s = s.replacen(&copy.place, &exact, 1);
    }
}

/// The place of [`name_the_places`], or the words that say the drops come first (`None` where
/// the statements are not found).
fn exact_place(d: &dyn Dialect, copy: &SplitCopy, up: &[Vec<String>]) -> Option<String> {
    let to = d.identifier(&copy.to);
    let from = d.identifier(&copy.from);
    let created = |s: &str| {
        let Some(rest) = s.strip_prefix("CREATE TABLE ") else {
            return false;
        };
        let rest = rest.strip_prefix("IF NOT EXISTS ").unwrap_or(rest);
        rest.strip_prefix(to.as_ref())
            .is_some_and(|after| after.starts_with([' ', '(', '\n']))
    };
    let create = up.iter().position(|b| b.iter().any(|s| created(s)))?;
    fn altered<'s>(s: &'s str, from: &str) -> Option<&'s str> {
        s.strip_prefix("ALTER TABLE ")
            .and_then(|rest| rest.strip_prefix(from))
            .filter(|after| after.starts_with([' ', '\n']))
    }
    // (A change's text may hold several statements, one to a line or more: SQLite's rebuild,
    // which renames the table away first, PostgreSQL's drops of an index and a column.)
    let drops_one = |s: &str| {
        let Some(after) = altered(s.trim_start(), &from) else {
            return false;
        };
        let words: String = after.split_whitespace().collect::<Vec<_>>().join(" ");
        words.starts_with("RENAME TO ")
            || copy.moved.iter().any(|c| {
                let column = d.identifier(c);
                words.split("DROP COLUMN ").skip(1).any(|rest| {
                    rest.strip_prefix(column.as_ref())
                        .is_some_and(|after| after.is_empty() || after.starts_with([',', ';', ' ']))
                })
            })
    };
    let (dropped, drop) = (up.iter().enumerate()).find_map(|(i, b)| {
        let mut statements = b.iter().flat_map(|s| s.split_inclusive(";\n"));
        Some((i, statements.find(|s| drops_one(s))?))
    })?;
    let them = if copy.moved.len() == 1 { "it" } else { "them" };
    let last = quoted_statement(up[create].last()?.split_inclusive(";\n").last()?);
    let first = quoted_statement(up[dropped].first()?);
    let indexes = if up[create].len() > 1 {
        " and its indexes"
    } else {
        ""
    };
    if create < dropped {
        Some(format!(
            "paste it right after the CREATE TABLE of '{}'{indexes}, on the line after {last}, before {first}, where the up migration starts the change of '{}' that drops {them}: it creates '{}' first",
            copy.to, copy.from, copy.to
        ))
    } else {
        let create = up[create].iter().find(|s| created(s))?;
        let rebuilt = match drop.contains(" RENAME TO ") {
            true => format!(", the rebuild of '{}'", copy.from),
            false => String::new(),
        };
        Some(format!(
            "the up migration drops {them} ({}{rebuilt}) before it creates '{}' ({}), as its other changes need here (a name that goes from one table to the other, a key that changes, or on MySQL a change rows may refuse, which would leave the table created): create '{}' in a migration of its own first, then run the statement, then this migration",
            quoted_statement(drop),
            copy.to,
            quoted_statement(create),
            copy.to
        ))
    }
}

/// A statement as the suggestion quotes it: the first of the text (SQLite's rebuild is several),
/// on one line (runs of whitespace made one space), a `CREATE TABLE`'s columns left out, in
/// backquotes, [`crate::report::clip`]ped.
fn quoted_statement(text: &str) -> String {
    let first = text.find(';').map_or(text, |end| &text[..=end]);
    let mut one_line = first.split_whitespace().collect::<Vec<_>>().join(" ");
    if let (true, Some(open)) = (one_line.starts_with("CREATE TABLE "), one_line.find(" (")) {
        one_line = format!("{} (…);", &one_line[..open]);
    }
    format!("`{}`", crate::report::clip(&one_line))
}

/// What the warning of a column of `from` that `to` takes with the others of `moved` says.
fn hint(
    d: &dyn Dialect,
    from: &str,
    to: &Table,
    moved: &[&str],
    gone: &[&str],
    dropped: bool,
    place: &str,
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
    if dropped {
        format!("{which}: if the values move there, keep them with this statement ({place}): {statement}{tie}")
    } else {
        format!(
            "{which}: if the values move there, set allowDataLoss: true (this migration keeps {it} in '{from}'; with it, {} dropped) and add this statement to the up migration it writes then ({place}): {statement}{tie}",
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
        data_loss_suggestion(&result, column)
    }

    /// The suggestion of `result`'s `DATA_LOSS` warning on `column` (empty when there is none).
    fn data_loss_suggestion(result: &crate::GeneratedMigration, column: &str) -> String {
        (result.validation.warnings.iter())
            .find(|w| {
                w.code == crate::report::Code::DataLoss && w.column.as_deref() == Some(column)
            })
            .and_then(|w| w.suggestion.clone())
            .unwrap_or_default()
    }

    /// An index name that `orders` frees with the columns and the new table takes (on
    /// PostgreSQL and SQLite, where index names are the database's): the new table cannot be
    /// created before the drop, and the suggestion says to move the drop, naming both
    /// statements; on MySQL, whose index names are the table's, it is created first.
    #[test]
    fn a_name_the_new_table_takes_from_the_drop_keeps_it_after() {
        let index = json!([{"name": "idx_street", "columns": ["street"]}]);
        for (db, first) in [("postgresql", false), ("sqlite", false), ("mysql", true)] {
            let mut previous = spec(db, true, json!([]));
            previous["tables"][0]["indexes"] = index.clone();
            let mut next = spec(
                db,
                false,
                json!([{"name": "addresses", "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "street", "type": "TEXT", "nullable": true}],
                "indexes": index.clone()}]),
            );
            next["previousSpec"] = previous;
            next["allowDataLoss"] = json!(true);
            let result = crate::generate_str(&next.to_string());
            assert!(
                result.validation.valid,
                "{db}: {:?}",
                result.validation.errors
            );
            let up = &result.up_migration;
            let created = up.find("CREATE TABLE addresses").unwrap();
            // (SQLite rebuilds the table, which has an index on the column.)
            let drop = match db {
                "sqlite" => "ALTER TABLE orders RENAME TO _mg_old_orders;",
                _ => "ALTER TABLE orders DROP COLUMN street;",
            };
            let rebuilt = match db {
                "sqlite" => ", the rebuild of 'orders'",
                _ => "",
            };
            let dropped = (up.find(drop).or_else(|| up.find("DROP COLUMN street")))
                .unwrap_or_else(|| panic!("{db}: {up}"));
            assert_eq!(created < dropped, first, "{db}: {up}");
            let s = data_loss_suggestion(&result, "street");
            let said = if first {
                "keep them with this statement (paste it right after the CREATE TABLE of 'addresses' and its indexes, on the line after `CREATE INDEX idx_street ON addresses (street);`, before `ALTER TABLE orders DROP INDEX idx_street, DROP COLUMN street, DROP COLUMN zip;`, where the up migration starts the change of 'orders' that drops it: it creates 'addresses' first): INSERT INTO addresses (street) SELECT street FROM orders;".to_string()
            } else {
                format!("keep them with this statement (the up migration drops it (`{drop}`{rebuilt}) before it creates 'addresses' (`CREATE TABLE addresses (…);`), as its other changes need here (a name that goes from one table to the other, a key that changes, or on MySQL a change rows may refuse, which would leave the table created): create 'addresses' in a migration of its own first, then run the statement, then this migration): INSERT INTO addresses (street) SELECT street FROM orders;")
            };
            assert!(s.contains(&said), "{db}: {s}\n{up}");
        }
    }

    /// The new table's foreign key references a key that the change of `orders` adds (`code`,
    /// UNIQUE): on SQLite, whose `CREATE TABLE` holds the key, the table is created after that
    /// change (a table referencing a non-key refuses every write), and the suggestion says so;
    /// on PostgreSQL and MySQL the key is added once every table has changed, and the table is
    /// created before the drop.
    #[test]
    fn a_key_the_change_adds_keeps_the_new_table_after_it_on_sqlite() {
        for (db, first) in [("postgresql", true), ("mysql", true), ("sqlite", false)] {
            let mut next = spec(
                db,
                false,
                json!([{"name": "addresses", "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "order_code", "type": "INTEGER", "nullable": true},
                {"name": "street", "type": "TEXT", "nullable": true}],
                "foreignKeys": [{"columns": ["order_code"], "referencedTable": "orders", "referencedColumns": ["code"]}]}]),
            );
            next["tables"][0]["columns"]
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "code", "type": "INTEGER", "nullable": true, "unique": true}));
            next["previousSpec"] = spec(db, true, json!([]));
            next["allowDataLoss"] = json!(true);
            let result = crate::generate_str(&next.to_string());
            assert!(
                result.validation.valid,
                "{db}: {:?}",
                result.validation.errors
            );
            let up = &result.up_migration;
            let at = |text: &str| {
                up.find(text)
                    .unwrap_or_else(|| panic!("{db}: {text}\n{up}"))
            };
            let created = at("CREATE TABLE addresses");
            // (SQLite adds a UNIQUE column by a rebuild.)
            let drop = match db {
                "sqlite" => "ALTER TABLE orders RENAME TO _mg_old_orders;",
                _ => "DROP COLUMN street",
            };
            assert_eq!(created < at(drop), first, "{db}: {up}");
            if first {
                // The key goes after the change that adds what it references.
                assert!(
                    at("FOREIGN KEY (order_code)") > at("ADD COLUMN code"),
                    "{db}: {up}"
                );
            }
            let s = data_loss_suggestion(&result, "street");
            let said = if first {
                "keep them with this statement (paste it right after the CREATE TABLE of 'addresses', on the line after `CREATE TABLE addresses (…);`, before `"
            } else {
                "keep them with this statement (the up migration drops it (`ALTER TABLE orders RENAME TO _mg_old_orders;`, the rebuild of 'orders') before it creates 'addresses' (`CREATE TABLE addresses (…);`), as its other changes need here"
            };
            assert!(s.contains(said), "{db}: {s}\n{up}");
            assert!(
                s.contains(
                    "INSERT INTO addresses (order_code, street) SELECT code, street FROM orders;"
                ),
                "{db}: {s}"
            );
        }
    }

    /// The change of `orders` that drops the columns also adds a CHECK, which rows may refuse:
    /// MySQL commits each statement, so the new table created before it would stay when the rows
    /// refuse it, and the migration, run again once they are mended, fail at its `CREATE
    /// TABLE`. There it is created after, as before; PostgreSQL (one transaction) creates it
    /// first.
    #[test]
    fn a_change_rows_may_refuse_keeps_the_new_table_after_it_on_mysql() {
        for (db, first) in [("postgresql", true), ("mysql", false)] {
            let mut next = spec(
                db,
                false,
                json!([{"name": "addresses", "primaryKey": ["id"], "columns": [
                {"name": "id", "type": "INTEGER", "nullable": false},
                {"name": "order_id", "type": "INTEGER", "nullable": false},
                {"name": "street", "type": "TEXT", "nullable": true}],
                "foreignKeys": [{"columns": ["order_id"], "referencedTable": "orders", "referencedColumns": ["id"]}]}]),
            );
            next["tables"][0]["checkConstraints"] =
                json!([{"name": "chk_total", "expression": "total >= 0"}]);
            next["previousSpec"] = spec(db, true, json!([]));
            next["allowDataLoss"] = json!(true);
            let result = crate::generate_str(&next.to_string());
            assert!(
                result.validation.valid,
                "{db}: {:?}",
                result.validation.errors
            );
            let up = &result.up_migration;
            let at = |text: &str| {
                up.find(text)
                    .unwrap_or_else(|| panic!("{db}: {text}\n{up}"))
            };
            assert_eq!(
                at("CREATE TABLE addresses") < at("DROP COLUMN street"),
                first,
                "{db}: {up}"
            );
            let s = data_loss_suggestion(&result, "street");
            let said = if first {
                "keep them with this statement (paste it right after the CREATE TABLE of 'addresses', on the line after `CREATE TABLE addresses (…);`, before `"
            } else {
                "keep them with this statement (the up migration drops it (`ALTER TABLE orders DROP COLUMN street, DROP COLUMN zip, ADD CONSTRAINT chk_total CHECK (total >= 0);`) before it creates 'addresses'"
            };
            assert!(s.contains(said), "{db}: {s}\n{up}");
        }
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
